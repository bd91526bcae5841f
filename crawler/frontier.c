/* The seen-set and trap guards; the contract is in frontier.h. */
#include "crawler/frontier.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/hash.h"
#include "common/keytab.h"
#include "common/strtab.h"
#include "common/xalloc.h"

/* Counters keyed by a 64-bit hash of a string: the trap guards count
 * per path and per shape and never need the string back, so no copy of
 * every URL is kept for them.  (Two paths whose hashes collide would
 * share a counter; at 64 bits that does not happen on any real site.) */
struct count {
	uint64_t key;	/* the string's hash (a hash of 0 is stored as 1) */
	uint32_t n;
};

static uint32_t *counts_get(struct keytab *t, const char *key, bool insert)
{
	uint64_t h = hash_str(key);
	h = h ? h : 1;
	struct count *c = insert ? keytab_get(t, h) : keytab_find(t, h);
	return c ? &c->n : NULL;
}

struct crawl_frontier {
	struct crawl_frontier_limits lim;
	struct crawl_node *nodes;
	size_t n, cap;
	struct strtab seen;	/* url (the node's) -> node id */
	struct keytab queries;	/* of struct count: url without query -> its query variants */
	struct keytab shapes;	/* of struct count: url with digit runs folded -> variants */
};

struct crawl_frontier *crawl_frontier_new(const struct crawl_frontier_limits *lim)
{
	struct crawl_frontier *f = xcalloc(1, sizeof *f);
	if (lim)
		f->lim = *lim;
	f->queries = (struct keytab)KEYTAB_INIT(struct count);
	f->shapes = (struct keytab)KEYTAB_INIT(struct count);
	if (!f->lim.max_url_len)
		f->lim.max_url_len = 2048;
	if (!f->lim.max_segment_repeats)
		f->lim.max_segment_repeats = 3;
	if (!f->lim.max_segments)
		f->lim.max_segments = 32;
	if (!f->lim.max_query_variants)
		f->lim.max_query_variants = 50;
	if (!f->lim.max_shape_variants)
		f->lim.max_shape_variants = 5000;
	if (!f->lim.max_shape_chain)
		f->lim.max_shape_chain = 30;
	return f;
}

void crawl_frontier_free(struct crawl_frontier *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->nodes[i].url);
		free(f->nodes[i].error);
		free(f->nodes[i].refs);
	}
	free(f->nodes);
	strtab_release(&f->seen);
	keytab_release(&f->queries);
	keytab_release(&f->shapes);
	free(f);
}

/* Does a path segment occur too often, or are there too many? */
static bool repeats(const struct crawl_frontier *f, const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? strchr(p + 3, '/') : NULL;
	if (!p)
		return false;
	size_t qlen = strcspn(p, "?");
	const char *seg[64];
	size_t len[64], n = 0;
	for (size_t i = 0; i < qlen;) {
		while (i < qlen && p[i] == '/')
			i++;
		size_t s = i;
		while (i < qlen && p[i] != '/')
			i++;
		if (i == s)
			continue;
		if (n == 64 || n >= f->lim.max_segments)
			return true;
		seg[n] = p + s;
		len[n] = i - s;
		unsigned same = 1;
		for (size_t j = 0; j < n; j++)
			if (len[j] == len[n] && !memcmp(seg[j], seg[n], len[n]))
				same++;
		if (same > f->lim.max_segment_repeats)
			return true;
		n++;
	}
	return false;
}

/* The shape of a URL: scheme, host and path with every run of digits
 * folded to '#', the query left out ("http://x/cal/2024/05/?w" gives
 * "http://x/cal/#/#/").  Sets *numbered when the path has a digit. */
static void shape_of(const char *url, struct buf *shape, bool *numbered)
{
	bool digits = false;
	const char *path = strstr(url, "://");
	path = path ? strchr(path + 3, '/') : url;
	*numbered = false;
	for (const char *s = url; *s && *s != '?'; s++) {
		if (isdigit((unsigned char)*s)) {
			if (!digits)
				buf_putc(shape, '#');
			digits = true;
			if (path && s > path)
				*numbered = true;
		} else {
			buf_putc(shape, *s);
			digits = false;
		}
	}
}

/* How long a chain of pages of one numbered shape, each found on the one
 * before ("/cal/2024/05/" links "/cal/2024/06/", which links ...), the
 * URL would extend: parent's chain + 1 when the shapes match, else 0.
 * Endless calendars and "next" links are such chains; a real site's
 * numbered pages (posts, products, releases) hang off list pages. */
static unsigned shape_chain(struct crawl_frontier *f, const char *url, uint32_t parent)
{
	if (parent >= f->n)
		return 0;
	struct buf a = BUF_INIT, b = BUF_INIT;
	bool na, nb;
	shape_of(url, &a, &na);
	shape_of(f->nodes[parent].url, &b, &nb);
	unsigned chain = na && !strcmp(buf_str(&a), buf_str(&b)) ? f->nodes[parent].shape_chain + 1u : 0;
	buf_release(&a);
	buf_release(&b);
	return chain;
}

/* Count a new URL against its path's shape and its path's query variants.
 * A path is counted against its shape once, whether it first comes with a
 * query or without, so a trap whose pages only link to query variants
 * ("/cal/2031/05/?view=week") is held by the shape limit too. */
static enum crawl_add_rc variants(struct crawl_frontier *f, const char *url)
{
	const char *q = strchr(url, '?');
	char *path = xstrndup(url, q ? (size_t)(q - url) : strlen(url));
	uint32_t *c = counts_get(&f->queries, path, false);
	enum crawl_add_rc rc = CRAWL_ADD_NEW;
	if (!c) {
		struct buf shape = BUF_INIT;
		bool numbered;
		shape_of(path, &shape, &numbered);
		if (numbered) {
			uint32_t *sc = counts_get(&f->shapes, buf_str(&shape), true);
			if (*sc >= f->lim.max_shape_variants)
				rc = CRAWL_ADD_VARIANTS;
			else
				(*sc)++;
		}
		buf_release(&shape);
		if (rc == CRAWL_ADD_NEW)
			c = counts_get(&f->queries, path, true);
	}
	if (rc == CRAWL_ADD_NEW && q) {
		if (*c >= f->lim.max_query_variants)
			rc = CRAWL_ADD_VARIANTS;
		else
			(*c)++;
	}
	free(path);
	return rc;
}

enum crawl_add_rc crawl_frontier_add(struct crawl_frontier *f, const char *url, int depth,
				     uint32_t *id)
{
	return crawl_frontier_add_from(f, url, depth, UINT32_MAX, id);
}

enum crawl_add_rc crawl_frontier_add_from(struct crawl_frontier *f, const char *url, int depth,
					  uint32_t parent, uint32_t *id)
{
	uint32_t *v;
	if (strtab_find(&f->seen, url, &v)) {
		if (id)
			*id = *v;
		return CRAWL_ADD_SEEN;
	}
	if (strlen(url) > f->lim.max_url_len)
		return CRAWL_ADD_TOO_LONG;
	if (repeats(f, url))
		return CRAWL_ADD_REPEATS;
	unsigned chain = shape_chain(f, url, parent);
	if (chain > f->lim.max_shape_chain)
		return CRAWL_ADD_VARIANTS;
	enum crawl_add_rc rc = variants(f, url);
	if (rc != CRAWL_ADD_NEW)
		return rc;
	f->nodes = xgrow(f->nodes, &f->cap, f->n + 1, sizeof *f->nodes);
	struct crawl_node *nd = &f->nodes[f->n];
	memset(nd, 0, sizeof *nd);
	nd->url = xstrdup(url);
	nd->depth = depth;
	nd->page = -1;
	nd->shape_chain = chain > UINT16_MAX ? UINT16_MAX : (uint16_t)chain;
	*strtab_add(&f->seen, nd->url) = (uint32_t)f->n;	/* the key is the node's URL */
	if (id)
		*id = (uint32_t)f->n;
	f->n++;
	return CRAWL_ADD_NEW;
}

int64_t crawl_frontier_find(const struct crawl_frontier *f, const char *url)
{
	uint32_t *v;
	return strtab_find(&f->seen, url, &v) ? (int64_t)*v : -1;
}

struct crawl_node *crawl_frontier_node(struct crawl_frontier *f, uint32_t id)
{
	return id < f->n ? &f->nodes[id] : NULL;
}

size_t crawl_frontier_count(const struct crawl_frontier *f)
{
	return f->n;
}

void crawl_frontier_link(struct crawl_frontier *f, uint32_t from, uint32_t to, uint32_t line)
{
	struct crawl_node *nd = crawl_frontier_node(f, to);
	if (!nd)
		return;
	nd->linked = true;
	/* the referrers matter only for a target that turns out broken: a
	 * fetched target that answered well, or one never to be fetched,
	 * needs none (most links of a site point at pages already done) */
	if ((nd->state == NODE_DONE && nd->status > 0 && nd->status < 400 && !nd->error) ||
	    nd->state == NODE_SKIPPED) {
		free(nd->refs);
		nd->refs = NULL;
		nd->nrefs = nd->refs_cap = 0;
		return;
	}
	for (uint32_t i = nd->nrefs; i > 0 && i + 8 > nd->nrefs; i--)
		if (nd->refs[i - 1].from == from)
			return;
	size_t cap = nd->refs_cap;
	nd->refs = xgrow(nd->refs, &cap, (size_t)nd->nrefs + 1, sizeof *nd->refs);
	nd->refs_cap = (uint32_t)cap;
	nd->refs[nd->nrefs].from = from;
	nd->refs[nd->nrefs].line = line;
	nd->nrefs++;
}

const char *crawl_add_rc_message(enum crawl_add_rc rc)
{
	switch (rc) {
	case CRAWL_ADD_NEW:
		return "new";
	case CRAWL_ADD_SEEN:
		return "already seen";
	case CRAWL_ADD_TOO_LONG:
		return "URL longer than the length limit";
	case CRAWL_ADD_REPEATS:
		return "repeating or too many path segments (crawler trap guard)";
	case CRAWL_ADD_VARIANTS:
		return "too many variants of one path (crawler trap guard)";
	}
	return "?";
}
