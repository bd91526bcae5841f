/* HTTP fetching: one libcurl multi handle, one event loop, many transfers.
 * This module only moves bytes; what to fetch and when (pacing, robots,
 * scope) is decided by crawler/crawl.c.
 *
 * Every transfer: http and https only, for the request and any redirect
 * (CURLOPT_PROTOCOLS_STR / REDIR_PROTOCOLS_STR); compressed bodies
 * accepted; no cookies kept; HTTP/2 multiplexing over TLS when the server
 * offers it and HTTP/1.1 keep-alive otherwise (the multi handle keeps the
 * connection cache); connect, total and low-speed timeouts; a body cap
 * that aborts the transfer mid-way. */
#ifndef MSGAUDIT_CRAWLER_FETCH_H
#define MSGAUDIT_CRAWLER_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"

struct crawl_fetch_opts {
	const char *user_agent;
	long connect_timeout_ms;	/* 0: 10 s */
	long timeout_ms;		/* whole transfer; 0: 30 s */
	long low_speed_bytes;		/* abort below this many bytes/s ... */
	long low_speed_secs;		/* ... for this long; 0: off */
	size_t max_body;		/* 0: no cap */
};

enum crawl_fetch_err {
	CRAWL_FETCH_OK = 0,	/* an HTTP response arrived (any status) */
	CRAWL_FETCH_DNS,	/* the host name could not be resolved */
	CRAWL_FETCH_CONNECT,	/* refused, unreachable */
	CRAWL_FETCH_TLS,	/* TLS handshake or certificate */
	CRAWL_FETCH_TIMEOUT,	/* connect, total or low-speed timeout */
	CRAWL_FETCH_TOO_BIG,	/* body over max_body: aborted */
	CRAWL_FETCH_NETWORK,	/* reset, empty reply, other transport errors */
	CRAWL_FETCH_OTHER,	/* anything else (bad URL, protocol refused) */
};

/* A finished transfer.  Owned by the fetcher; valid during the done
 * callback only, except body, whose bytes the callback may take with
 * buf_detach. */
struct crawl_response {
	void *ud;			/* as given to crawl_fetch_start */
	const char *url;		/* as requested */
	const char *effective_url;	/* after redirects curl followed */
	enum crawl_fetch_err err;
	const char *errmsg;		/* human message when err != OK */
	int status;			/* HTTP status, 0 when none */
	const char *content_type;	/* NULL when absent */
	const char *location;		/* Location of a 3xx, resolved; NULL otherwise */
	const char *retry_after;	/* raw header value or NULL */
	const char *x_robots_tag;	/* all X-Robots-Tag values, ", "-joined, or NULL */
	struct buf body;
	size_t bytes;			/* body bytes received (decoded) */
	bool truncated;			/* cut at the cap (see crawl_fetch_start) */
	double ms;			/* total time */
};

typedef void (*crawl_fetch_done_fn)(struct crawl_response *r, void *arg);

struct crawl_fetcher;

/* The options are copied. */
struct crawl_fetcher *crawl_fetcher_new(const struct crawl_fetch_opts *o);
/* Abort every transfer still running (no callbacks) and free.  NULL is
 * fine. */
void crawl_fetcher_free(struct crawl_fetcher *f);

/* Start fetching url.  max_redirs: redirects curl follows itself (0 for
 * none: the caller sees each 3xx and its Location).  max_body: the body
 * cap for this transfer (0: the fetcher's).  truncate: at the cap, keep
 * the first max_body bytes and end the transfer as a success with
 * truncated set (robots.txt: RFC 9309 2.5, only the first 500 KiB count)
 * instead of failing with CRAWL_FETCH_TOO_BIG. */
void crawl_fetch_start(struct crawl_fetcher *f, const char *url, long max_redirs, size_t max_body,
		       bool truncate, void *ud);

/* Drive the transfers: wait at most timeout_ms for network activity (or
 * crawl_fetcher_wakeup), then call done for every transfer that finished.
 * Returns the number finished. */
int crawl_fetcher_run(struct crawl_fetcher *f, int timeout_ms, crawl_fetch_done_fn done, void *arg);

/* Transfers started and not yet finished. */
size_t crawl_fetcher_active(const struct crawl_fetcher *f);

/* Make a crawl_fetcher_run waiting on another thread return early.
 * Thread-safe. */
void crawl_fetcher_wakeup(struct crawl_fetcher *f);

/* Parse a Retry-After value (delta-seconds or an HTTP-date, RFC 9110
 * 10.2.3) into seconds from now (0 for a date in the past); -1 when it is
 * neither. */
double crawl_retry_after_secs(const char *value);

/* The charset parameter of a Content-Type value, newly allocated, or
 * NULL. */
char *crawl_content_type_charset(const char *content_type);
/* Is the media type text/html or application/xhtml+xml? */
bool crawl_content_type_is_html(const char *content_type);

#endif
