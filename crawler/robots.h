/* robots.txt: parsing and matching per RFC 9309 (Robots Exclusion
 * Protocol).
 *
 * What follows the RFC, by section:
 *   2.1   groups start at one or more consecutive user-agent lines; every
 *         group whose user-agent matches our product token is merged, and
 *         only when none does are the "*" groups used (merged likewise).
 *   2.2.1 product tokens are matched case-insensitively; the value of a
 *         user-agent line, like our own user-agent, is cut at the first
 *         '/' or whitespace, so "MsgAudit/1.0" names "msgaudit".
 *   2.2.2 allow/disallow: the longest matching pattern wins, counted in
 *         octets of the pattern as written; an allow wins a tie; an empty
 *         pattern is no rule; paths are compared percent-encoded, with %xx
 *         hex case normalised, percent-encoded unreserved characters
 *         decoded and non-ASCII octets percent-encoded, in the pattern and
 *         in the path alike.
 *   2.2.3 "*" matches any run of octets and "$" at the end anchors the
 *         pattern at the end of the path.
 *   2.2.4 other records (sitemap, crawl-delay, anything unknown) do not
 *         end a group; sitemap lines are global, whatever group they
 *         stand in.
 *   2.3.1 "/robots.txt" itself is always allowed; a 4xx ("unavailable")
 *         allows everything and a 5xx or network error ("unreachable")
 *         disallows everything: see the _new_ constructors.
 *   2.5   only the first 500 KiB are parsed.
 *   2.2, 2.4 (robustness) a UTF-8 BOM, CR, LF and CRLF line ends,
 *         comments, blank lines, surrounding whitespace, lines without a
 *         colon and bytes that are not UTF-8 are tolerated; a few common
 *         misspellings ("useragent", "dissallow") are accepted.
 *
 * Crawl-delay is not part of RFC 9309; it is taken from the selected
 * groups (the first valid value).
 *
 * Matching costs at most O(path length x pattern length) per rule: no
 * backtracking, so hostile patterns cannot blow it up. */
#ifndef MSGAUDIT_CRAWLER_ROBOTS_H
#define MSGAUDIT_CRAWLER_ROBOTS_H

#include <stdbool.h>
#include <stddef.h>

/* The robots.txt parse limit, RFC 9309 section 2.5. */
#define CRAWL_ROBOTS_MAX_BYTES (500u * 1024u)

struct robots;

/* Parse body (len bytes, need not be NUL-terminated, any bytes) as
 * robots.txt; only the first CRAWL_ROBOTS_MAX_BYTES are read.  product is
 * our user-agent (e.g. "msgaudit" or "msgaudit/0.1"): its product token,
 * the part before the first '/' or whitespace, is matched
 * case-insensitively against user-agent lines; NULL selects the "*" groups
 * only.  Never fails: garbage gives an empty (allow-all) set.  The caller
 * owns the result (crawl_robots_free). */
struct robots *crawl_robots_parse(const char *body, size_t len, const char *product);

/* robots.txt answered 4xx: everything is allowed (RFC 9309 2.3.1.3). */
struct robots *crawl_robots_new_allow_all(void);

/* robots.txt answered 5xx or could not be fetched: everything is
 * disallowed (RFC 9309 2.3.1.4). */
struct robots *crawl_robots_new_disallow_all(void);

/* Free r; NULL is fine. */
void crawl_robots_free(struct robots *r);

/* path is the percent-encoded path plus query ("/a/b?x=1"), as it goes on
 * the request line; NULL or "" count as "/".  Returns true if our product
 * may fetch it. */
bool crawl_robots_allowed(const struct robots *r, const char *path);

/* Crawl-delay in seconds from the selected group(s), or -1 when none was
 * given (or the value was not a finite number >= 0). */
double crawl_robots_crawl_delay(const struct robots *r);

/* Sitemap URLs named anywhere in the file, in file order (duplicates are
 * kept: the frontier's seen-set drops them).  The strings are owned by r. */
size_t crawl_robots_sitemap_count(const struct robots *r);
const char *crawl_robots_sitemap(const struct robots *r, size_t i);

#endif
