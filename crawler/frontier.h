/* The crawl frontier's memory: one seen-set of normalised URLs (every URL
 * met, fetched or not, is a node with a stable id), who links to whom, and
 * the trap guards that keep a crawl from spiralling.  The queues of URLs
 * waiting for their host live in crawler/crawl.c. */
#ifndef MSGAUDIT_CRAWLER_FRONTIER_H
#define MSGAUDIT_CRAWLER_FRONTIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A link to a node: from which node, on which source line. */
struct crawl_ref {
	uint32_t from;
	uint32_t line;
};

enum crawl_node_state {
	NODE_NEW,	/* known, not fetched (queued, or out of budget) */
	NODE_QUEUED,
	NODE_ACTIVE,	/* being fetched */
	NODE_DONE,	/* fetched: see status / error */
	NODE_SKIPPED,	/* never to be fetched (robots, scope) */
};

struct crawl_node {
	char *url;		/* normalised */
	int depth;
	int status;		/* final HTTP status; 0 when none */
	enum crawl_node_state state;
	bool in_sitemap;	/* listed in a sitemap */
	bool linked;		/* some fetched page links to it */
	bool hop;		/* reached as a redirect hop of another node */
	bool disallowed;	/* robots.txt said no */
	char *error;		/* why fetching failed, or NULL */
	int32_t page;		/* index of its page in the crawl result, -1 */
	uint64_t content_hash;	/* of the extracted copy; 0: none */
	bool self_canonical;	/* its rel=canonical names itself */
	uint16_t shape_chain;	/* see crawl_frontier_limits.max_shape_chain */
	struct crawl_ref *refs;	/* in-scope pages linking here */
	uint32_t nrefs, refs_cap;
};

/* Why crawl_frontier_add refused a URL. */
enum crawl_add_rc {
	CRAWL_ADD_NEW = 0,	/* a new node */
	CRAWL_ADD_SEEN,		/* already known: *id is the node */
	CRAWL_ADD_TOO_LONG,	/* longer than max_url_len */
	CRAWL_ADD_REPEATS,	/* a path segment repeats too often, or too many */
	CRAWL_ADD_VARIANTS,	/* too many query variants of one path, or too
				 * many paths of one shape (digits aside) */
};

struct crawl_frontier_limits {
	size_t max_url_len;		/* 0: 2048 */
	unsigned max_segment_repeats;	/* a segment may occur this often; 0: 3 */
	unsigned max_segments;		/* 0: 32 */
	unsigned max_query_variants;	/* per scheme+host+path; 0: 50 */
	unsigned max_shape_variants;	/* per path with digit runs folded; 0: 5000 */
	unsigned max_shape_chain;	/* pages of one numbered shape, each found
					 * on the one before; 0: 30 */
};

struct crawl_frontier;

struct crawl_frontier *crawl_frontier_new(const struct crawl_frontier_limits *lim);
void crawl_frontier_free(struct crawl_frontier *f);

/* Add a normalised URL (copied) at depth, unless known or a trap.  On
 * NEW and SEEN, *id (may be NULL) is its node. */
enum crawl_add_rc crawl_frontier_add(struct crawl_frontier *f, const char *url, int depth,
				     uint32_t *id);
/* The same for a URL found on the page of node parent (UINT32_MAX: none),
 * which the shape-chain guard needs. */
enum crawl_add_rc crawl_frontier_add_from(struct crawl_frontier *f, const char *url, int depth,
					  uint32_t parent, uint32_t *id);
/* The node of url, or -1. */
int64_t crawl_frontier_find(const struct crawl_frontier *f, const char *url);
/* Node id; the pointer is valid until the next add. */
struct crawl_node *crawl_frontier_node(struct crawl_frontier *f, uint32_t id);
size_t crawl_frontier_count(const struct crawl_frontier *f);
/* Record that node from links to node to (once per pair in a row). */
void crawl_frontier_link(struct crawl_frontier *f, uint32_t from, uint32_t to, uint32_t line);
/* A message for a refusal ("repeating path segments"). */
const char *crawl_add_rc_message(enum crawl_add_rc rc);

#endif
