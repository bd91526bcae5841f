/* The crawl driver: from one start URL to the audited pages of its site.
 *
 * One thread runs the libcurl multi loop (crawler/fetch.c) and owns the
 * frontier (crawler/frontier.c) and the per-origin state: robots.txt
 * (crawler/robots.c, fetched before any other request to the origin),
 * pacing (one request in flight and `delay` seconds between request
 * starts per origin by default; Crawl-delay raises the delay, capped),
 * pauses (Retry-After, retry backoff).  Worker threads parse each HTML
 * page once (crawl_extract_html: copy blocks and links), resolve its links
 * and hand the page to the caller's audit callback; the loop thread then
 * feeds the links back into the frontier.
 *
 * Redirects are followed one hop at a time by the loop itself, so every
 * hop is paced, checked against robots.txt, the scope and the http/https
 * allow-list, and recorded in the page's redirect chain. */
#ifndef MSGAUDIT_CRAWLER_CRAWL_H
#define MSGAUDIT_CRAWLER_CRAWL_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"
#include "common/model.h"
#include "crawler/extract.h"
#include "crawler/frontier.h"

struct crawl_progress {
	size_t done;		/* pages finished */
	size_t queued;		/* waiting */
	size_t errors;		/* fetch errors and HTTP errors */
	double rate;		/* pages per second so far */
	const char *host;	/* the host last fetched from */
};

struct crawl_opts {
	const char *user_agent;		/* the User-Agent header */
	const char *robots_agent;	/* product token for robots.txt and
					 * X-Robots-Tag ("msgaudit") */
	size_t max_pages;		/* pages fetched per site; 0: no limit */
	int max_depth;			/* link depth from the start; < 0: none */
	double delay;			/* seconds between request starts per origin */
	unsigned concurrency;		/* requests in flight per origin; 0: 1 */
	bool include_subdomains;
	bool ignore_robots;
	bool include_noindex;		/* audit noindex pages too */
	bool no_sitemaps;
	long timeout_ms, connect_timeout_ms;
	long low_speed_secs;		/* abort below 1 byte/s for this long; 0: off */
	size_t max_body;		/* bytes; 0: no cap */
	int max_redirects;		/* per page */
	int max_retries;		/* per request, for transient failures */
	double backoff;			/* first retry backoff in seconds (doubles) */
	double max_crawl_delay;		/* cap on robots.txt Crawl-delay */
	double max_retry_after;		/* cap on Retry-After pauses */
	const regex_t *include;		/* links must match one (if any) */
	size_t ninclude;
	const regex_t *exclude;		/* links must match none */
	size_t nexclude;
	struct crawl_frontier_limits limits;
	const struct extract_opts *xo;
	unsigned jobs;			/* worker threads; 0: 1 */
	/* Called on a worker thread (worker in [0, jobs)) for every page to
	 * be audited; it must leave the page compacted (audit_page does). */
	void (*audit)(struct page *p, int worker, void *arg);
	/* Called on the loop thread, at most a few times a second; may be
	 * NULL. */
	void (*progress)(const struct crawl_progress *pr, void *arg);
	/* Site-level notes for the user (robots ignored, Crawl-delay capped,
	 * URLs dropped by trap guards); may be NULL. */
	void (*warn)(const char *msg, void *arg);
	int (*cancelled)(void);		/* stop when it returns non-zero; may be NULL */
	void *arg;
};

/* Fill o with the documented defaults (max_pages 500, delay 1 s, one
 * request per origin, 5 MB bodies, 10 redirects, 3 retries, 30 s
 * timeout, Crawl-delay capped at 30 s, Retry-After at 120 s). */
void crawl_opts_init(struct crawl_opts *o);

struct crawl_result {
	struct page **pages;	/* URL order; the caller takes them */
	size_t npages;
	size_t fetched;		/* responses received (any status) */
	size_t requests;	/* requests sent, robots.txt and sitemaps included */
	size_t errors;
	bool cancelled;
	char *reason;		/* when no page could be fetched: why */
};

/* Crawl the site of start (an http(s) URL) and audit its pages.  Returns
 * MA_OK (even when nothing could be fetched: see out->reason) or
 * MA_ERR_USAGE for a start URL that is not an http(s) URL.  out is
 * overwritten; release it with crawl_result_release. */
int crawl_site(const char *start, const struct crawl_opts *o, struct crawl_result *out,
	       struct ma_error *err);
/* Free what the caller has not taken (set pages to NULL to keep them). */
void crawl_result_release(struct crawl_result *r);

/* Parse an X-Robots-Tag value for agent (RFC-less, as search engines read
 * it: "noindex, nofollow", "none", or "agent: directives"). */
void crawl_x_robots_tag(const char *value, const char *agent, bool *noindex, bool *nofollow);

#endif
