/* URLs for the crawler: parsing, resolution and normalisation with
 * libcurl's URL API (RFC 3986), and the crawl scope.
 *
 * The normal form (RFC 3986 section 6.2.2, plus what crawlers agree on):
 * scheme and host lower-case, the default port dropped, dot segments
 * removed (5.2.4), percent-encoding hex upper-case and percent-encoded
 * unreserved characters decoded (6.2.2.1, 6.2.2.2), bytes that may not
 * appear in a URL (space, controls, non-ASCII, "<>\^`{|}) percent-encoded,
 * an empty path made "/", an empty query and the fragment dropped, user
 * information dropped.  Two links to the same page normalise to the same
 * string, which is what the crawl's seen-set compares. */
#ifndef MSGAUDIT_CRAWLER_URL_H
#define MSGAUDIT_CRAWLER_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"

enum crawl_url_rc {
	CRAWL_URL_OK = 0,
	CRAWL_URL_EMPTY,	/* "" or a fragment only: the page itself */
	CRAWL_URL_SCHEME,	/* another scheme (mailto:, file:, javascript:) */
	CRAWL_URL_BAD,		/* malformed */
};

/* Resolve href (as written in a page, entities decoded) against base (an
 * absolute URL; NULL when href must be absolute) and normalise it.  On
 * CRAWL_URL_OK *out is the new URL (caller frees); otherwise *out is NULL
 * and err (may be NULL) says why.  Only http and https give OK. */
enum crawl_url_rc crawl_url_resolve(const char *base, const char *href, char **out,
				    struct ma_error *err);

/* crawl_url_resolve(NULL, url, ...), returning the URL or NULL. */
char *crawl_url_normalize(const char *url, struct ma_error *err);

/* Parts of a normalised URL (as made above); each returns a new string or
 * NULL when url is not an absolute http(s) URL. */
/* "http://host[:port]": where robots.txt and politeness apply. */
char *crawl_url_origin(const char *url);
/* The host name, lower-case. */
char *crawl_url_host(const char *url);
/* Path plus query, as on the request line ("/a/b?x=1"). */
char *crawl_url_request_path(const char *url);

/* Which URLs belong to the site crawled from one start URL. */
struct crawl_scope {
	char *host;		/* start host without a leading "www." */
	char *port;		/* "" for the default port */
	char *prefix;		/* path prefix ("/" when none) */
	bool subdomains;	/* any *.host too */
};

/* Derive the scope from a normalised start URL: same host ("www." or not),
 * same port, and the start URL's folder as a path prefix ("/docs/intro"
 * gives "/docs/").  Returns 0 or CRAWL_URL_BAD. */
int crawl_scope_init(struct crawl_scope *s, const char *start, bool subdomains);
void crawl_scope_release(struct crawl_scope *s);
/* Is the normalised URL inside the scope?  The scheme may differ (an
 * http site that moves to https stays the same site). */
bool crawl_scope_contains(const struct crawl_scope *s, const char *url);

#endif
