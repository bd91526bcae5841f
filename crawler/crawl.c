/* The crawl driver; the contract is in crawl.h. */
#include "crawler/crawl.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/buf.h"
#include "common/hash.h"
#include "common/intern.h"
#include "common/xalloc.h"
#include "crawler/fetch.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"

#define MAX_SITEMAPS 100	/* sitemap files fetched per site */
#define GLOBAL_INFLIGHT 256

void crawl_opts_init(struct crawl_opts *o)
{
	memset(o, 0, sizeof *o);
	o->robots_agent = "msgaudit";
	o->max_pages = 500;
	o->max_depth = -1;
	o->delay = 1.0;
	o->concurrency = 1;
	o->timeout_ms = 30000;
	o->connect_timeout_ms = 10000;
	o->low_speed_secs = 20;
	o->max_body = 5u * 1024u * 1024u;
	o->max_redirects = 10;
	o->max_retries = 3;
	o->backoff = 1.0;
	o->max_crawl_delay = 30;
	o->max_retry_after = 120;
}

enum job_kind { J_PAGE, J_ROBOTS, J_SITEMAP };

struct host;

/* One thing to fetch: a page (through its redirect hops), a robots.txt or
 * a sitemap. */
struct job {
	enum job_kind kind;
	struct host *host;	/* whose queue and pacing it uses */
	uint32_t node;		/* the page's node (J_PAGE) */
	uint32_t cur;		/* the node of the URL requested now (a hop) */
	char *url;		/* J_ROBOTS, J_SITEMAP */
	char **chain;		/* URLs that redirected, in order */
	size_t nchain;
	int attempts;		/* retries so far */
	bool counted;		/* counted against max_pages */
	bool robots_exempt;	/* a sitemap named by robots.txt itself */
	double ms;		/* fetch time of the hops so far */
};

enum robots_state { RB_NONE, RB_FETCHING, RB_READY };

struct host {
	char *origin;
	char *name;
	enum robots_state rstate;
	struct robots *robots;
	int robots_attempts;
	double delay;
	double next_start;
	double paused_until;
	unsigned inflight;
	struct job **q;		/* ring buffer */
	size_t qhead, qn, qcap;
};

/* A page handed to a worker, and what comes back. */
struct work {
	struct page *page;
	uint32_t node;
	struct buf body;
	char *charset;
	char *xrobots;
	/* results */
	char **links;
	uint32_t *lines;
	size_t nlinks, links_cap;
	char *canonical;	/* resolved, when it names another page */
	uint64_t hash;		/* of the extracted copy, 0 when empty */
	bool self_canonical;
	bool links_taken;	/* the fetcher has fed the links to the frontier */
	struct work *next;
	struct work *next_linked;	/* on crawler.linked */
};

struct crawler {
	const struct crawl_opts *o;
	const char *start;
	struct crawl_scope scope;
	struct crawl_frontier *fr;
	struct crawl_fetcher *fx;
	struct host **hosts;
	size_t nhosts, hosts_cap;
	size_t inflight;
	size_t pages_started;
	size_t pages_requested;	/* the same, duplicates never given back */
	bool budget_spent;
	size_t sitemaps;
	bool sitemaps_seeded;
	size_t done, errors;
	size_t trap_drops, long_drops;
	double t0, last_progress;
	const char *last_host;
	struct crawl_result *res;
	size_t pages_cap;
	char *first_error;
	/* worker pool */
	pthread_t *threads;
	unsigned nthreads;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct work *todo, *todo_tail, *finished;
	/* pages whose links are known while their audit still runs: the
	 * fetcher takes the links at once, so the crawl does not wait for a
	 * page's audit to learn where to go next */
	struct work *linked;
	size_t pending;
	bool stopping;
	/* page_key of the pages parsed: a duplicate of a page fetched under
	 * another URL does not count against max_pages */
	uint64_t *hashes;
	size_t nhashes, hashes_cap;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void warn(struct crawler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct crawler *c, const char *fmt, ...)
{
	if (!c->o->warn)
		return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->o->warn(msg, c->o->arg);
}

static bool cancelled(const struct crawler *c)
{
	return c->o->cancelled && c->o->cancelled();
}

/* ------------------------------------------------------------------ */
/* hosts and their queues */

static struct host *host_for(struct crawler *c, const char *url)
{
	char *origin = crawl_url_origin(url);
	if (!origin)
		return NULL;
	for (size_t i = 0; i < c->nhosts; i++)
		if (!strcmp(c->hosts[i]->origin, origin)) {
			free(origin);
			return c->hosts[i];
		}
	struct host *h = xcalloc(1, sizeof *h);
	h->origin = origin;
	h->name = crawl_url_host(url);
	h->delay = c->o->delay;
	if (c->o->ignore_robots) {
		h->rstate = RB_READY;
		h->robots = crawl_robots_new_allow_all();
	}
	c->hosts = xgrow(c->hosts, &c->hosts_cap, c->nhosts + 1, sizeof *c->hosts);
	c->hosts[c->nhosts++] = h;
	return h;
}

static void q_grow(struct host *h)
{
	if (h->qn < h->qcap)
		return;
	size_t ncap = h->qcap ? h->qcap * 2 : 16;
	struct job **nq = xcalloc(ncap, sizeof *nq);
	for (size_t i = 0; i < h->qn; i++)
		nq[i] = h->q[(h->qhead + i) % h->qcap];
	free(h->q);
	h->q = nq;
	h->qcap = ncap;
	h->qhead = 0;
}

static void q_push(struct host *h, struct job *j, bool front)
{
	q_grow(h);
	j->host = h;
	if (front) {
		h->qhead = (h->qhead + h->qcap - 1) % h->qcap;
		h->q[h->qhead] = j;
	} else {
		h->q[(h->qhead + h->qn) % h->qcap] = j;
	}
	h->qn++;
}

static struct job *q_pop(struct host *h)
{
	struct job *j = h->q[h->qhead];
	h->qhead = (h->qhead + 1) % h->qcap;
	h->qn--;
	return j;
}

static void job_free(struct job *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->nchain; i++)
		free(j->chain[i]);
	free(j->chain);
	free(j->url);
	free(j);
}

static void host_free(struct host *h)
{
	while (h->qn)
		job_free(q_pop(h));
	free(h->q);
	crawl_robots_free(h->robots);
	free(h->origin);
	free(h->name);
	free(h);
}

static size_t queued(const struct crawler *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nhosts; i++)
		n += c->hosts[i]->qn;
	return n;
}

/* ------------------------------------------------------------------ */
/* what to crawl */

static bool url_filtered(const struct crawler *c, const char *url)
{
	for (size_t i = 0; i < c->o->nexclude; i++)
		if (!regexec(&c->o->exclude[i], url, 0, NULL, 0))
			return true;
	if (!c->o->ninclude)
		return false;
	for (size_t i = 0; i < c->o->ninclude; i++)
		if (!regexec(&c->o->include[i], url, 0, NULL, 0))
			return false;
	return true;
}

static void enqueue_page(struct crawler *c, uint32_t id, bool front)
{
	struct crawl_node *nd = crawl_frontier_node(c->fr, id);
	struct host *h = host_for(c, nd->url);
	if (!h)
		return;
	struct job *j = xcalloc(1, sizeof *j);
	j->kind = J_PAGE;
	j->node = j->cur = id;
	nd->state = NODE_QUEUED;
	q_push(h, j, front);
}

/* A URL found on a page or in a sitemap.  Returns the node, or -1 when it
 * is out of scope, filtered or refused by a trap guard. */
static int64_t discover(struct crawler *c, const char *url, int depth, bool from_sitemap,
			uint32_t parent)
{
	if (!crawl_scope_contains(&c->scope, url) || url_filtered(c, url))
		return -1;
	uint32_t id;
	enum crawl_add_rc rc = crawl_frontier_add_from(c->fr, url, depth, parent, &id);
	if (rc == CRAWL_ADD_TOO_LONG) {
		c->long_drops++;
		return -1;
	}
	if (rc == CRAWL_ADD_REPEATS || rc == CRAWL_ADD_VARIANTS) {
		c->trap_drops++;
		return -1;
	}
	struct crawl_node *nd = crawl_frontier_node(c->fr, id);
	if (from_sitemap)
		nd->in_sitemap = true;
	if (rc == CRAWL_ADD_NEW && (c->o->max_depth < 0 || depth <= c->o->max_depth) &&
	    !c->budget_spent)
		enqueue_page(c, id, false);
	return id;
}

static void enqueue_sitemap(struct crawler *c, const char *url, bool exempt)
{
	if (c->sitemaps >= MAX_SITEMAPS)
		return;
	char *norm = crawl_url_normalize(url, NULL);
	if (!norm)
		return;
	/* a sitemap's seen-set entry keeps it from being fetched twice */
	char *key = xasprintf("sitemap %s", norm);
	uint32_t id;
	if (crawl_frontier_add(c->fr, key, 0, &id) != CRAWL_ADD_NEW) {
		free(key);
		free(norm);
		return;
	}
	crawl_frontier_node(c->fr, id)->state = NODE_SKIPPED;
	free(key);
	struct host *h = host_for(c, norm);
	if (!h) {
		free(norm);
		return;
	}
	struct job *j = xcalloc(1, sizeof *j);
	j->kind = J_SITEMAP;
	j->url = norm;
	j->robots_exempt = exempt;
	c->sitemaps++;
	q_push(h, j, false);
}

/* ------------------------------------------------------------------ */
/* results */

static void add_page(struct crawler *c, struct page *p, uint32_t node)
{
	struct crawl_result *r = c->res;
	r->pages = xgrow(r->pages, &c->pages_cap, r->npages + 1, sizeof *r->pages);
	crawl_frontier_node(c->fr, node)->page = (int32_t)r->npages;
	r->pages[r->npages++] = p;
	c->done++;
	if (p->failed)
		c->errors++;
}

static struct page *new_page(struct crawler *c, struct job *j, const struct crawl_response *resp)
{
	struct crawl_node *nd = crawl_frontier_node(c->fr, j->node);
	struct page *p = page_new();
	p->url = xstrdup(nd->url);
	p->site = str_intern(c->start);
	p->depth = nd->depth;
	p->final_url = xstrdup(crawl_frontier_node(c->fr, j->cur)->url);
	if (j->nchain) {
		p->redirects = xcalloc(j->nchain, sizeof *p->redirects);
		for (size_t i = 0; i < j->nchain; i++)
			p->redirects[i] = xstrdup(j->chain[i]);
		p->nredirects = j->nchain;
	}
	if (resp) {
		p->status = resp->status;
		p->bytes = resp->bytes;
		p->content_type = xstrdup_or_null(resp->content_type);
		p->fetch_ms = j->ms + resp->ms;
	}
	return p;
}

/* A page that will not be audited: record why. */
static void page_not_audited(struct crawler *c, struct job *j, const struct crawl_response *resp,
			     const char *why)
{
	struct page *p = new_page(c, j, resp);
	p->failed = true;
	page_add_warning(p, "%s", why);
	struct crawl_node *nd = crawl_frontier_node(c->fr, j->node);
	if (!nd->error)
		nd->error = xstrdup(why);
	add_page(c, p, j->node);
}

/* ------------------------------------------------------------------ */
/* the worker pool */

void crawl_x_robots_tag(const char *value, const char *agent, bool *noindex, bool *nofollow)
{
	if (!value)
		return;
	bool applies = true;
	char *copy = xstrdup(value), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (isspace((unsigned char)*tok))
			tok++;
		char *colon = strchr(tok, ':');
		if (colon) {
			/* "agent: directives" starts a part for one agent, unless it
			 * is a directive with a value (unavailable_after: date) */
			size_t n = (size_t)(colon - tok);
			bool is_directive = !strncasecmp(tok, "unavailable_after", n) ||
					    !strncasecmp(tok, "max-", 4);
			if (!is_directive) {
				applies = agent && n == strlen(agent) && !strncasecmp(tok, agent, n);
				tok = colon + 1;
				while (isspace((unsigned char)*tok))
					tok++;
			}
		}
		if (!applies)
			continue;
		size_t n = strlen(tok);
		while (n && isspace((unsigned char)tok[n - 1]))
			tok[--n] = '\0';
		if (!strcasecmp(tok, "noindex") || !strcasecmp(tok, "none"))
			*noindex = true;
		if (!strcasecmp(tok, "nofollow") || !strcasecmp(tok, "none"))
			*nofollow = true;
	}
	free(copy);
}

static void work_add_link(struct work *w, char *url, uint32_t line)
{
	size_t cap = w->links_cap;
	w->links = xgrow(w->links, &cap, w->nlinks + 1, sizeof *w->links);
	if (cap != w->links_cap) {
		w->lines = xrealloc(w->lines, cap * sizeof *w->lines);
		w->links_cap = cap;
	}
	w->links[w->nlinks] = url;
	w->lines[w->nlinks++] = line;
}

/* FNV-1a over the extracted copy, never 0; 0 for a page without copy. */
static uint64_t copy_hash(const struct buf *b)
{
	if (!b->len)
		return 0;
	uint64_t h = hash_bytes(b->data, b->len, HASH_SEED);
	return h ? h : 1;
}

/* Is b[0..n) valid UTF-8 (RFC 3629: no overlongs, no surrogates), and
 * does it hold any byte above 0x7f? */
static bool valid_utf8(const unsigned char *b, size_t n, bool *non_ascii)
{
	*non_ascii = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = b[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		*non_ascii = true;
		size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
		if (!len || c > 0xf4 || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((b[i + k] & 0xc0) != 0x80)
				return false;
		if ((c == 0xe0 && b[i + 1] < 0xa0) || (c == 0xed && b[i + 1] > 0x9f) ||
		    (c == 0xf0 && b[i + 1] < 0x90) || (c == 0xf4 && b[i + 1] > 0x8f))
			return false;
		i += len;
	}
	return true;
}

static bool single_byte_label(const char *cs)
{
	return !strncasecmp(cs, "iso-8859-", 9) || !strncasecmp(cs, "iso8859-", 8) ||
	       !strncasecmp(cs, "windows-125", 11) || !strcasecmp(cs, "latin1") ||
	       !strcasecmp(cs, "us-ascii") || !strcasecmp(cs, "ascii");
}

/* The charset to parse a body with, given the Content-Type label (may be
 * NULL: then the document's own meta decides, and NULL is returned).  The
 * label wins, as in browsers, with the corrections browsers make or that
 * undo common server mistakes:
 *  - "iso-8859-1", "latin1" and "us-ascii" mean windows-1252 (WHATWG
 *    Encoding Standard: these labels name windows-1252), so curly quotes
 *    and dashes in the 0x80-0x9f range survive;
 *  - a body that is valid UTF-8 with non-ASCII bytes is UTF-8 whatever
 *    single-byte label it came with (such a byte sequence is almost never
 *    real Latin text);
 *  - a body labelled UTF-8 that is not valid UTF-8 is windows-1252.
 * Returns a new string or NULL. */
static char *body_charset(const char *label, const char *body, size_t len)
{
	if (!label)
		return NULL;
	bool non_ascii;
	bool utf8 = valid_utf8((const unsigned char *)body, len, &non_ascii);
	bool label_utf8 = !strcasecmp(label, "utf-8") || !strcasecmp(label, "utf8");
	if (label_utf8)
		return xstrdup(utf8 ? "UTF-8" : "windows-1252");
	if (single_byte_label(label)) {
		if (utf8 && non_ascii)
			return xstrdup("UTF-8");
		if (!strcasecmp(label, "iso-8859-1") || !strcasecmp(label, "iso8859-1") ||
		    !strcasecmp(label, "latin1") || !strcasecmp(label, "us-ascii") ||
		    !strcasecmp(label, "ascii"))
			return xstrdup("windows-1252");
	}
	return xstrdup(label);
}

static void process(struct crawler *c, struct work *w, int worker)
{
	const struct crawl_opts *o = c->o;
	struct page *p = w->page;
	struct ma_error err;
	ma_error_clear(&err);
	const char *body = w->body.data ? w->body.data : "";
	char *charset = body_charset(w->charset, body, w->body.len);
	int rc = crawl_extract_html(p, body, w->body.len, charset, o->xo, &err);
	free(charset);
	if (rc) {
		p->failed = true;
		page_add_warning(p, "not audited: %s", err.msg);
		page_compact(p);
		return;
	}
	w->hash = copy_hash(&p->text);
	bool noindex = p->meta_noindex, nofollow = p->meta_nofollow;
	crawl_x_robots_tag(w->xrobots, o->robots_agent, &noindex, &nofollow);

	char *base = NULL;
	if (p->base_href)
		crawl_url_resolve(p->final_url, p->base_href, &base, NULL);
	const char *b = base ? base : p->final_url;
	for (size_t i = 0; !nofollow && i < p->nlinks; i++) {
		if (p->links[i].nofollow)
			continue;
		char *u = NULL;
		if (crawl_url_resolve(b, p->links[i].href, &u, NULL) == CRAWL_URL_OK)
			work_add_link(w, u, p->links[i].line);
	}
	bool dup = false;
	if (p->canonical) {
		char *u = NULL;
		if (crawl_url_resolve(b, p->canonical, &u, NULL) == CRAWL_URL_OK && strcmp(u, p->final_url) &&
		    strcmp(u, p->url) && crawl_scope_contains(&c->scope, u)) {
			dup = true;
			w->canonical = u;
		} else {
			w->self_canonical = u && (!strcmp(u, p->final_url) || !strcmp(u, p->url));
			free(u);
		}
	}
	free(base);
	/* the links and the canonical are final: the fetcher may take them
	 * while the page is audited (it reads nothing else of w) */
	pthread_mutex_lock(&c->mu);
	w->next_linked = c->linked;
	c->linked = w;
	pthread_mutex_unlock(&c->mu);
	crawl_fetcher_wakeup(c->fx);
	if (dup) {
		p->failed = true;
		page_add_warning(p, "duplicate of %s (rel=canonical): audited there", w->canonical);
	} else if (noindex && !o->include_noindex) {
		p->failed = true;
		page_add_warning(p, "noindex: not audited (--include-noindex audits it)");
	}
	if (!p->failed && o->audit)
		o->audit(p, worker, o->arg);
	else
		page_compact(p);
	/* most pages were not redirected: no second copy of the URL */
	if (p->final_url && p->url && !strcmp(p->final_url, p->url)) {
		free(p->final_url);
		p->final_url = NULL;
	}
}

struct worker_arg {
	struct crawler *c;
	int id;
};

static void *worker_main(void *arg)
{
	struct worker_arg *wa = arg;
	struct crawler *c = wa->c;
	for (;;) {
		pthread_mutex_lock(&c->mu);
		while (!c->todo && !c->stopping)
			pthread_cond_wait(&c->cv, &c->mu);
		struct work *w = c->todo;
		if (!w) {
			pthread_mutex_unlock(&c->mu);
			break;
		}
		c->todo = w->next;
		if (!c->todo)
			c->todo_tail = NULL;
		pthread_mutex_unlock(&c->mu);

		process(c, w, wa->id);
		buf_release(&w->body);

		pthread_mutex_lock(&c->mu);
		w->next = c->finished;
		c->finished = w;
		pthread_mutex_unlock(&c->mu);
		crawl_fetcher_wakeup(c->fx);
	}
	free(wa);
	return NULL;
}

static void submit(struct crawler *c, struct work *w)
{
	pthread_mutex_lock(&c->mu);
	w->next = NULL;
	if (c->todo_tail)
		c->todo_tail->next = w;
	else
		c->todo = w;
	c->todo_tail = w;
	c->pending++;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static void work_free(struct work *w)
{
	for (size_t i = 0; i < w->nlinks; i++)
		free(w->links[i]);
	free(w->links);
	free(w->lines);
	free(w->canonical);
	free(w->charset);
	free(w->xrobots);
	buf_release(&w->body);
	free(w);
}

static char *loose_url(const char *url);

/* What makes two fetched pages one (see mark_duplicates): the same copy
 * under the same loose URL.  Never 0. */
static uint64_t page_key(uint64_t copy_hash, const char *url)
{
	char *loose = loose_url(url);
	uint64_t h = hash_bytes(loose, strlen(loose), copy_hash);
	free(loose);
	return h ? h : 1;
}

/* Has a page with this key been parsed before?  Remembers it. */
static bool seen_hash(struct crawler *c, uint64_t h)
{
	if ((c->nhashes + 1) * 2 > c->hashes_cap) {
		size_t ncap = c->hashes_cap ? c->hashes_cap * 2 : 1024;
		uint64_t *nt = xcalloc(ncap, sizeof *nt);
		for (size_t i = 0; i < c->hashes_cap; i++)
			if (c->hashes[i]) {
				size_t j = (size_t)c->hashes[i] & (ncap - 1);
				while (nt[j])
					j = (j + 1) & (ncap - 1);
				nt[j] = c->hashes[i];
			}
		free(c->hashes);
		c->hashes = nt;
		c->hashes_cap = ncap;
	}
	size_t j = (size_t)h & (c->hashes_cap - 1);
	while (c->hashes[j]) {
		if (c->hashes[j] == h)
			return true;
		j = (j + 1) & (c->hashes_cap - 1);
	}
	c->hashes[j] = h;
	c->nhashes++;
	return false;
}

/* Feed w's links (and canonical) to the frontier, once. */
static void take_links(struct crawler *c, struct work *w)
{
	if (w->links_taken)
		return;
	w->links_taken = true;
	int depth = crawl_frontier_node(c->fr, w->node)->depth + 1;
	for (size_t i = 0; i < w->nlinks; i++) {
		int64_t id = discover(c, w->links[i], depth, false, w->node);
		if (id >= 0 && (uint32_t)id != w->node)
			crawl_frontier_link(c->fr, w->node, (uint32_t)id, w->lines[i]);
	}
	if (w->canonical)
		discover(c, w->canonical, crawl_frontier_node(c->fr, w->node)->depth, false, w->node);
}

/* Take the pages the workers finished, in a stable order (the order they
 * were submitted in is not kept: pages are sorted at the end), and feed
 * their links to the frontier. */
static void collect(struct crawler *c)
{
	/* both lists in one go: a page on `finished` was put on `linked`
	 * first, so its links are taken (in this round or an earlier one)
	 * before the page is freed */
	pthread_mutex_lock(&c->mu);
	struct work *list = c->finished, *linked = c->linked;
	c->finished = NULL;
	c->linked = NULL;
	pthread_mutex_unlock(&c->mu);
	/* reverse: oldest first */
	struct work *rev = NULL;
	while (linked) {
		struct work *n = linked->next_linked;
		linked->next_linked = rev;
		rev = linked;
		linked = n;
	}
	for (struct work *w = rev; w; w = w->next_linked)
		take_links(c, w);
	rev = NULL;
	while (list) {
		struct work *n = list->next;
		list->next = rev;
		rev = list;
		list = n;
	}
	while (rev) {
		struct work *w = rev;
		rev = w->next;
		take_links(c, w);	/* a page that failed before its links were known */
		crawl_frontier_node(c->fr, w->node)->content_hash = w->hash;
		crawl_frontier_node(c->fr, w->node)->self_canonical = w->self_canonical;
		if (w->hash && seen_hash(c, page_key(w->hash, crawl_frontier_node(c->fr, w->node)->url)) &&
		    c->pages_started)
			c->pages_started--;
		add_page(c, w->page, w->node);
		pthread_mutex_lock(&c->mu);
		c->pending--;
		pthread_mutex_unlock(&c->mu);
		work_free(w);
	}
}

/* ------------------------------------------------------------------ */
/* responses */

static bool transient(const struct crawl_response *r)
{
	if (r->err == CRAWL_FETCH_CONNECT || r->err == CRAWL_FETCH_TIMEOUT ||
	    r->err == CRAWL_FETCH_NETWORK)
		return true;
	if (r->err != CRAWL_FETCH_OK)
		return false;
	switch (r->status) {
	case 408:
	case 429:
	case 500:
	case 502:
	case 503:
	case 504:
		return true;
	default:
		return false;
	}
}

/* How often a failed request may be tried again: max_retries, but only
 * once after a timeout (a server that was too slow once is likely to be
 * too slow again, and each try costs a whole timeout). */
static int retry_limit(const struct crawler *c, const struct crawl_response *r)
{
	if (r->err == CRAWL_FETCH_TIMEOUT && c->o->max_retries > 1)
		return 1;
	return c->o->max_retries;
}

/* Pause the host before the retry: Retry-After when given (capped),
 * else exponential backoff with jitter. */
static void pause_for_retry(struct crawler *c, struct host *h, int attempt,
			    const struct crawl_response *r)
{
	double pause = c->o->backoff * pow(2, attempt - 1) * (0.5 + (double)rand() / RAND_MAX);
	double ra = crawl_retry_after_secs(r->retry_after);
	if (ra > 0) {
		if (ra > c->o->max_retry_after) {
			warn(c, "%s: Retry-After %.0f s capped at %.0f s", h->origin, ra,
			     c->o->max_retry_after);
			ra = c->o->max_retry_after;
		}
		pause = ra;
	}
	double until = now_s() + pause;
	if (until > h->paused_until)
		h->paused_until = until;
}

static void set_first_error(struct crawler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_first_error(struct crawler *c, const char *fmt, ...)
{
	if (c->first_error)
		return;
	va_list ap;
	va_start(ap, fmt);
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	size_t n;
	c->first_error = buf_detach(&b, &n);
}

static void on_robots(struct crawler *c, struct job *j, struct crawl_response *r)
{
	struct host *h = j->host;
	if (transient(r) && h->robots_attempts < retry_limit(c, r)) {
		h->robots_attempts++;
		pause_for_retry(c, h, h->robots_attempts, r);
		h->rstate = RB_NONE;
		return;
	}
	if (r->err != CRAWL_FETCH_OK) {
		h->robots = crawl_robots_new_disallow_all();
		set_first_error(c, "%s/robots.txt: %s (RFC 9309: an unreachable robots.txt disallows everything)",
				h->origin, r->errmsg);
	} else if (r->status >= 200 && r->status < 300) {
		h->robots = crawl_robots_parse(r->body.data ? r->body.data : "", r->body.len,
					       c->o->robots_agent);
	} else if (r->status >= 400 && r->status < 500) {
		h->robots = crawl_robots_new_allow_all();
	} else if (r->status >= 500) {
		h->robots = crawl_robots_new_disallow_all();
		set_first_error(c, "%s/robots.txt: HTTP %d (RFC 9309: a server error disallows everything)",
				h->origin, r->status);
	} else {
		h->robots = crawl_robots_new_allow_all();
	}
	h->rstate = RB_READY;
	double cd = crawl_robots_crawl_delay(h->robots);
	if (cd > 0) {
		if (cd > c->o->max_crawl_delay) {
			warn(c, "%s: Crawl-delay %g s capped at %g s", h->origin, cd, c->o->max_crawl_delay);
			cd = c->o->max_crawl_delay;
		}
		if (cd > h->delay)
			h->delay = cd;
	}
	if (!c->sitemaps_seeded && !c->o->no_sitemaps && crawl_scope_contains(&c->scope, h->origin)) {
		c->sitemaps_seeded = true;
		for (size_t i = 0; i < crawl_robots_sitemap_count(h->robots); i++)
			enqueue_sitemap(c, crawl_robots_sitemap(h->robots, i), true);
		char *sm = xasprintf("%s/sitemap.xml", h->origin);
		enqueue_sitemap(c, sm, false);
		free(sm);
	}
}

static void on_sitemap(struct crawler *c, struct job *j, struct crawl_response *r)
{
	if (r->err != CRAWL_FETCH_OK || r->status < 200 || r->status >= 300)
		return;
	struct sitemap sm;
	struct ma_error err;
	if (crawl_sitemap_parse(r->body.data ? r->body.data : "", r->body.len, 0, &sm, &err))
		warn(c, "%s: %s", j->url, err.msg);
	for (size_t i = 0; i < sm.nurls; i++) {
		if (sm.is_index) {
			enqueue_sitemap(c, sm.urls[i], false);
			continue;
		}
		char *u = crawl_url_normalize(sm.urls[i], NULL);
		if (u)
			discover(c, u, 1, true, UINT32_MAX);
		free(u);
	}
	crawl_sitemap_release(&sm);
}

static void finish_page_error(struct crawler *c, struct job *j, struct crawl_response *r,
			      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void finish_page_error(struct crawler *c, struct job *j, struct crawl_response *r,
			      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	page_not_audited(c, j, r, buf_str(&b));
	buf_release(&b);
}

/* A 3xx: follow the Location as the next hop of the same page. */
static void on_redirect(struct crawler *c, struct job *j, struct crawl_response *r)
{
	struct crawl_node *cur = crawl_frontier_node(c->fr, j->cur);
	if (!r->location) {
		finish_page_error(c, j, r, "HTTP %d redirect without a Location", r->status);
		return;
	}
	char *target = NULL;
	enum crawl_url_rc rc = crawl_url_resolve(cur->url, r->location, &target, NULL);
	if (rc == CRAWL_URL_SCHEME) {
		finish_page_error(c, j, r, "redirect to a non-http(s) URL, not followed: %s", r->location);
		goto out;
	}
	if (rc != CRAWL_URL_OK) {
		finish_page_error(c, j, r, "redirect to a malformed URL: %s", r->location);
		goto out;
	}
	if ((int)j->nchain >= c->o->max_redirects) {
		finish_page_error(c, j, r, "more than %d redirects, not followed further", c->o->max_redirects);
		goto out;
	}
	bool loop = !strcmp(target, cur->url);
	for (size_t i = 0; i < j->nchain && !loop; i++)
		loop = !strcmp(j->chain[i], target);
	if (loop) {
		finish_page_error(c, j, r, "redirect loop at %s", target);
		goto out;
	}
	if (!crawl_scope_contains(&c->scope, target)) {
		finish_page_error(c, j, r, "redirect leaves the crawl scope, not followed: %s", target);
		goto out;
	}
	uint32_t id;
	enum crawl_add_rc arc = crawl_frontier_add_from(c->fr, target, crawl_frontier_node(c->fr, j->node)->depth,
							j->cur, &id);
	cur = crawl_frontier_node(c->fr, j->cur);	/* adding may move the nodes */
	if (arc != CRAWL_ADD_NEW && arc != CRAWL_ADD_SEEN) {
		finish_page_error(c, j, r, "redirect to %s refused: %s", target, crawl_add_rc_message(arc));
		goto out;
	}
	struct crawl_node *tn = crawl_frontier_node(c->fr, id);
	if (arc == CRAWL_ADD_SEEN && tn->state != NODE_NEW) {
		/* another link reaches that page: it is audited there */
		struct crawl_node *nd = crawl_frontier_node(c->fr, j->node);
		nd->state = NODE_DONE;
		nd->status = r->status;
		job_free(j);
		goto out;
	}
	tn->hop = true;
	tn->state = NODE_QUEUED;
	j->chain = xrealloc(j->chain, (j->nchain + 1) * sizeof *j->chain);
	j->chain[j->nchain++] = xstrdup(cur->url);
	cur->state = NODE_DONE;
	cur->status = r->status;
	j->cur = id;
	j->ms += r->ms;
	struct host *h = host_for(c, target);
	q_push(h, j, true);
	free(target);
	return;
out:
	free(target);
}

static void on_page(struct crawler *c, struct job *j, struct crawl_response *r)
{
	struct crawl_node *cur = crawl_frontier_node(c->fr, j->cur);
	struct crawl_node *nd = crawl_frontier_node(c->fr, j->node);
	cur->status = nd->status = r->status;
	cur->state = nd->state = NODE_DONE;
	if (r->err != CRAWL_FETCH_OK) {
		set_first_error(c, "%s: %s", cur->url, r->errmsg);
		finish_page_error(c, j, r, "fetch failed: %s", r->errmsg);
		job_free(j);
		return;
	}
	if (r->status >= 300 && r->status < 400) {
		on_redirect(c, j, r);
		return;
	}
	if (r->status >= 400 || r->status < 200) {
		set_first_error(c, "%s: HTTP %d", cur->url, r->status);
		finish_page_error(c, j, r, "HTTP %d", r->status);
		job_free(j);
		return;
	}
	bool html = r->content_type ? crawl_content_type_is_html(r->content_type)
				    : !crawl_looks_binary(r->body.data ? r->body.data : "", r->body.len);
	if (!html) {
		finish_page_error(c, j, r, "not audited: content type %s",
				  r->content_type ? r->content_type : "unknown");
		job_free(j);
		return;
	}
	struct work *w = xcalloc(1, sizeof *w);
	w->page = new_page(c, j, r);
	w->node = j->node;
	w->body = r->body;
	memset(&r->body, 0, sizeof r->body);
	w->charset = crawl_content_type_charset(r->content_type);
	w->xrobots = xstrdup_or_null(r->x_robots_tag);
	submit(c, w);
	job_free(j);
}

static void on_done(struct crawl_response *r, void *arg)
{
	struct crawler *c = arg;
	struct job *j = r->ud;
	struct host *h = j->host;
	h->inflight--;
	c->inflight--;
	c->res->fetched += r->err == CRAWL_FETCH_OK;
	c->last_host = h->name;
	if (j->kind == J_ROBOTS) {
		on_robots(c, j, r);
		job_free(j);
		return;
	}
	if (transient(r) && j->attempts < retry_limit(c, r) && !cancelled(c)) {
		j->attempts++;
		pause_for_retry(c, h, j->attempts, r);
		q_push(h, j, true);
		return;
	}
	if (j->kind == J_SITEMAP) {
		on_sitemap(c, j, r);
		job_free(j);
		return;
	}
	on_page(c, j, r);
}

/* ------------------------------------------------------------------ */
/* the loop */

static void start(struct crawler *c, struct host *h, struct job *j, const char *url, double now)
{
	h->inflight++;
	c->inflight++;
	c->res->requests++;
	h->next_start = now + h->delay;
	/* robots.txt: the first 500 KiB count, whatever follows; sitemaps:
	 * the protocol's 50 MB; pages: --max-body */
	if (j->kind == J_ROBOTS)
		crawl_fetch_start(c->fx, url, 5, CRAWL_ROBOTS_MAX_BYTES, true, j);
	else
		crawl_fetch_start(c->fx, url, 0, j->kind == J_SITEMAP ? CRAWL_SITEMAP_MAX_BYTES : 0,
				  false, j);
}

static size_t pending(struct crawler *c)
{
	pthread_mutex_lock(&c->mu);
	size_t n = c->pending;
	pthread_mutex_unlock(&c->mu);
	return n;
}

/* Start what may start now; returns seconds until something else may. */
static double schedule(struct crawler *c)
{
	double now = now_s(), wait = 1.0;
	unsigned per_host = c->o->concurrency ? c->o->concurrency : 1;
	size_t npending = pending(c);
	/* bodies waiting for a worker are held in memory: let the workers
	 * catch up before fetching more */
	size_t max_pending = 4 * (size_t)c->nthreads + 8;
	for (size_t i = 0; i < c->nhosts; i++) {
		struct host *h = c->hosts[i];
		if (!h->qn)
			continue;
		double ready = h->next_start > h->paused_until ? h->next_start : h->paused_until;
		if (now < ready) {
			if (ready - now < wait)
				wait = ready - now;
			continue;
		}
		if (h->rstate == RB_NONE) {
			if (h->inflight)
				continue;
			struct job *j = xcalloc(1, sizeof *j);
			j->kind = J_ROBOTS;
			j->host = h;
			j->url = xasprintf("%s/robots.txt", h->origin);
			h->rstate = RB_FETCHING;
			start(c, h, j, j->url, now);
			continue;
		}
		if (h->rstate == RB_FETCHING)
			continue;
		while (h->qn && h->inflight < per_host && c->inflight < GLOBAL_INFLIGHT &&
		       npending + c->inflight < max_pending && now >= h->next_start &&
		       now >= h->paused_until) {
			struct job *j = q_pop(h);
			if (j->kind == J_SITEMAP) {
				char *path = crawl_url_request_path(j->url);
				bool ok = j->robots_exempt || crawl_robots_allowed(h->robots, path);
				free(path);
				if (ok)
					start(c, h, j, j->url, now);
				else
					job_free(j);
				continue;
			}
			struct crawl_node *cur = crawl_frontier_node(c->fr, j->cur);
			/* duplicates give their budget back, but the site never
			 * gets more than twice max_pages page requests */
			bool hard = c->o->max_pages && c->pages_requested >= 2 * c->o->max_pages;
			if (!j->counted && c->o->max_pages && (c->pages_started >= c->o->max_pages || hard)) {
				if (!hard && (c->inflight || npending)) {
					/* pages being parsed may turn out to be
					 * duplicates and give their budget back */
					q_push(h, j, true);
					break;
				}
				c->budget_spent = true;
				crawl_frontier_node(c->fr, j->node)->state = NODE_NEW;
				job_free(j);
				continue;
			}
			char *path = crawl_url_request_path(cur->url);
			bool ok = crawl_robots_allowed(h->robots, path);
			free(path);
			if (!ok) {
				cur->disallowed = true;
				cur->state = NODE_SKIPPED;
				if (j->nchain)
					page_not_audited(c, j, NULL, "redirect to a URL robots.txt disallows");
				else
					crawl_frontier_node(c->fr, j->node)->state = NODE_SKIPPED;
				job_free(j);
				continue;
			}
			if (!j->counted) {
				j->counted = true;
				c->pages_started++;
				c->pages_requested++;
			}
			cur->state = NODE_ACTIVE;
			start(c, h, j, cur->url, now);
		}
		if (h->qn && h->inflight < per_host) {
			double ready2 = h->next_start > h->paused_until ? h->next_start : h->paused_until;
			if (ready2 - now < wait)
				wait = ready2 - now;
		}
	}
	return wait < 0 ? 0 : wait;
}

static void progress(struct crawler *c, bool force)
{
	if (!c->o->progress)
		return;
	double now = now_s();
	if (!force && now - c->last_progress < 0.2)
		return;
	c->last_progress = now;
	struct crawl_progress pr;
	pr.done = c->done;
	pr.queued = queued(c);
	pr.errors = c->errors;
	pr.rate = now > c->t0 ? (double)c->done / (now - c->t0) : 0;
	pr.host = c->last_host;
	c->o->progress(&pr, c->o->arg);
}

static void run(struct crawler *c)
{
	for (;;) {
		if (cancelled(c)) {
			c->res->cancelled = true;
			break;
		}
		double wait = schedule(c);
		collect(c);
		bool busy = c->inflight || pending(c);
		if (!busy && !queued(c))
			break;
		int ms = (int)(wait * 1000.0) + 1;
		if (ms > 200)
			ms = 200;	/* notice cancellation soon */
		crawl_fetcher_run(c->fx, ms, on_done, c);
		collect(c);
		progress(c, false);
	}
	/* finish the pages the workers hold; in-flight transfers are dropped */
	while (pending(c)) {
		crawl_fetcher_run(c->fx, 50, on_done, c);
		collect(c);
	}
	progress(c, true);
}

/* ------------------------------------------------------------------ */
/* after the crawl: findings of the crawl's own */

static struct finding *crawl_finding(struct page *p, const char *rule, enum severity sev,
				     const char *message, const char *suggestion)
{
	struct finding *f = page_add_finding(p);
	f->rule = rule;
	f->severity = sev;
	f->message = message;
	f->suggestion = suggestion;
	f->scope = SCOPE_CTA;
	f->rule_index = UINT32_MAX;
	return f;
}

static void link_findings(struct crawler *c)
{
	struct crawl_result *r = c->res;
	size_t n = crawl_frontier_count(c->fr);
	for (size_t i = 0; i < n; i++) {
		struct crawl_node *nd = crawl_frontier_node(c->fr, (uint32_t)i);
		if (nd->state != NODE_DONE || nd->hop)
			continue;
		bool broken = nd->status >= 400 || (nd->status == 0 && nd->error);
		for (uint32_t k = 0; broken && k < nd->nrefs; k++) {
			struct crawl_node *from = crawl_frontier_node(c->fr, nd->refs[k].from);
			if (from->page < 0 || r->pages[from->page]->failed)
				continue;
			struct page *p = r->pages[from->page];
			struct finding *f = crawl_finding(p, "link.broken", SEV_WARNING,
							  "broken link: the target answers with an error or cannot be fetched",
							  "fix the link or remove it");
			f->match = xstrdup(nd->url);
			f->context = nd->status >= 400 ? xasprintf("HTTP %d", nd->status)
						       : xstrdup(nd->error);
			f->line = nd->refs[k].line;
		}
		/* a crawl cut short (--max-pages, Ctrl-C) has not seen every
		 * page that might link to it: no claim then */
		if (nd->in_sitemap && !nd->linked && nd->page >= 0 && i != 0 &&
		    !r->pages[nd->page]->failed && !c->budget_spent && !cancelled(c)) {
			struct page *p = r->pages[nd->page];
			struct finding *f = crawl_finding(p, "sitemap.orphan", SEV_INFO,
							  "orphan page: listed in the sitemap, but no crawled page links to it",
							  "link to it from a related page, or drop it from the sitemap");
			f->match = xstrdup(nd->url);
			f->context = xstrdup("sitemap");
			f->scope = SCOPE_PAGE;
		}
	}
	for (size_t i = 0; i < r->npages; i++)
		page_sort_findings(r->pages[i]);
}

/* Pages with the same copy under several URLs ("/docs/" and
 * "/docs/index.html"): the one whose rel=canonical names itself, else the
 * shortest URL, then the first in byte order, is the page; the others are reported as its duplicates, their findings
 * dropped.  Decided after the crawl, so the choice does not depend on
 * the order pages arrived in. */
struct dup_key {
	uint64_t hash;
	char *loose;		/* the URL with the differences that make no page */
	const char *url;
	size_t page;
	uint32_t node;
	bool self_canonical;
};

/* What remains of a URL when case, the query, a trailing slash and a
 * directory index name are left out: two URLs with the same copy and the
 * same loose form are one page; the same copy under really different
 * paths is two pages (a site may well say the same thing twice). */
static char *loose_url(const char *url)
{
	size_t n = strcspn(url, "?");
	char *s = xstrndup(url, n);
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	static const char *const index_names[] = {"index.html", "index.htm", "index.php",
						  "index.shtml", "default.aspx", "default.asp"};
	char *slash = strrchr(s, '/');
	for (size_t i = 0; slash && i < sizeof index_names / sizeof *index_names; i++)
		if (!strcmp(slash + 1, index_names[i]))
			slash[1] = '\0';
	n = strlen(s);
	while (n && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

static bool same_page(const struct dup_key *x, const struct dup_key *y)
{
	return x->hash == y->hash && !strcmp(x->loose, y->loose);
}

static int cmp_dup(const void *a, const void *b)
{
	const struct dup_key *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	int lc = strcmp(x->loose, y->loose);
	if (lc)
		return lc;
	if (x->self_canonical != y->self_canonical)
		return x->self_canonical ? -1 : 1;
	size_t lx = strlen(x->url), ly = strlen(y->url);
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x->url, y->url);
}

static void drop_findings(struct page *p)
{
	for (size_t i = 0; i < p->nfindings; i++) {
		free(p->findings[i].match);
		free(p->findings[i].context);
	}
	p->nfindings = 0;
}

static void mark_duplicates(struct crawler *c)
{
	struct crawl_result *r = c->res;
	size_t n = crawl_frontier_count(c->fr), nk = 0;
	struct dup_key *k = xcalloc(r->npages + 1, sizeof *k);
	for (size_t i = 0; i < n; i++) {
		struct crawl_node *nd = crawl_frontier_node(c->fr, (uint32_t)i);
		if (nd->page >= 0 && nd->content_hash && !r->pages[nd->page]->failed) {
			k[nk].hash = nd->content_hash;
			k[nk].url = nd->url;
			k[nk].loose = loose_url(nd->url);
			k[nk].page = (size_t)nd->page;
			k[nk].node = (uint32_t)i;
			k[nk].self_canonical = nd->self_canonical;
			nk++;
		}
	}
	qsort(k, nk, sizeof *k, cmp_dup);
	for (size_t i = 0; i < nk;) {
		/* a page linked under any of its URLs is linked */
		size_t e = i;
		bool linked = false;
		while (e < nk && same_page(&k[e], &k[i]))
			linked |= crawl_frontier_node(c->fr, k[e++].node)->linked;
		for (size_t m = i; m < e; m++)
			crawl_frontier_node(c->fr, k[m].node)->linked |= linked;
		i = e;
	}
	for (size_t i = 1; i < nk; i++) {
		size_t keep = i - 1;
		while (i < nk && same_page(&k[i], &k[keep])) {
			struct page *p = r->pages[k[i].page];
			p->failed = true;
			drop_findings(p);
			page_add_warning(p, "duplicate of %s (same copy): audited there", k[keep].url);
			i++;
		}
	}
	for (size_t i = 0; i < nk; i++)
		free(k[i].loose);
	free(k);
}

static int cmp_page(const void *a, const void *b)
{
	const struct page *pa = *(struct page *const *)a, *pb = *(struct page *const *)b;
	return strcmp(pa->url, pb->url);
}

int crawl_site(const char *start_url, const struct crawl_opts *o, struct crawl_result *out,
	       struct ma_error *err)
{
	memset(out, 0, sizeof *out);
	struct ma_error uerr;
	char *start = crawl_url_normalize(start_url, &uerr);
	if (!start)
		return ma_error_set(err, MA_ERR_USAGE, "%s: %s", start_url, uerr.msg);
	struct crawler c;
	memset(&c, 0, sizeof c);
	c.o = o;
	c.start = start_url;
	c.res = out;
	crawl_scope_init(&c.scope, start, o->include_subdomains);
	c.fr = crawl_frontier_new(&o->limits);
	struct crawl_fetch_opts fo = {0};
	fo.user_agent = o->user_agent;
	fo.timeout_ms = o->timeout_ms;
	fo.connect_timeout_ms = o->connect_timeout_ms;
	fo.low_speed_secs = o->low_speed_secs;
	fo.low_speed_bytes = 1;
	fo.max_body = o->max_body;
	c.fx = crawl_fetcher_new(&fo);
	c.t0 = now_s();
	pthread_mutex_init(&c.mu, NULL);
	pthread_cond_init(&c.cv, NULL);
	c.nthreads = o->jobs ? o->jobs : 1;
	c.threads = xcalloc(c.nthreads, sizeof *c.threads);
	for (unsigned i = 0; i < c.nthreads; i++) {
		struct worker_arg *wa = xmalloc(sizeof *wa);
		wa->c = &c;
		wa->id = (int)i;
		pthread_create(&c.threads[i], NULL, worker_main, wa);
	}
	if (o->ignore_robots)
		warn(&c, "%s: robots.txt ignored (--ignore-robots)", start);

	uint32_t id;
	crawl_frontier_add(c.fr, start, 0, &id);
	enqueue_page(&c, id, false);
	run(&c);

	pthread_mutex_lock(&c.mu);
	c.stopping = true;
	pthread_cond_broadcast(&c.cv);
	pthread_mutex_unlock(&c.mu);
	for (unsigned i = 0; i < c.nthreads; i++)
		pthread_join(c.threads[i], NULL);
	collect(&c);

	if (c.trap_drops)
		warn(&c, "%s: %zu URLs not followed: crawler trap guards (repeating path segments, "
			 "too many variants of one path)", start, c.trap_drops);
	if (c.long_drops)
		warn(&c, "%s: %zu URLs not followed: longer than the URL length limit", start, c.long_drops);
	if (c.budget_spent)
		warn(&c, "%s: stopped at --max-pages %zu (orphan pages not reported)", start,
		     o->max_pages);
	mark_duplicates(&c);
	link_findings(&c);
	if (out->npages)	/* qsort(NULL, 0, ...) is undefined */
		qsort(out->pages, out->npages, sizeof *out->pages, cmp_page);
	out->errors = c.errors;
	size_t ok = 0;
	for (size_t i = 0; i < out->npages; i++)
		ok += !out->pages[i]->failed;
	if (!ok) {
		struct crawl_node *first = crawl_frontier_node(c.fr, 0);
		if (c.first_error)
			out->reason = xstrdup(c.first_error);
		else if (first->disallowed)
			out->reason = xasprintf("%s: robots.txt disallows it (--ignore-robots overrides)", start);
		else if (out->npages && out->pages[0]->nwarnings)
			out->reason = xasprintf("%s: %s", start, out->pages[0]->warnings[0]);
		else
			out->reason = xasprintf("%s: no page could be fetched", start);
	}

	for (size_t i = 0; i < c.nhosts; i++)
		host_free(c.hosts[i]);
	free(c.hosts);
	free(c.threads);
	crawl_fetcher_free(c.fx);
	crawl_frontier_free(c.fr);
	crawl_scope_release(&c.scope);
	pthread_mutex_destroy(&c.mu);
	pthread_cond_destroy(&c.cv);
	free(c.first_error);
	free(c.hashes);
	free(start);
	return MA_OK;
}

void crawl_result_release(struct crawl_result *r)
{
	for (size_t i = 0; r->pages && i < r->npages; i++)
		page_free(r->pages[i]);
	free(r->pages);
	free(r->reason);
	memset(r, 0, sizeof *r);
}
