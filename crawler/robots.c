/* robots.txt per RFC 9309; the contract and the sections it follows are in
 * robots.h. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem */
#endif
#include "crawler/robots.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

enum robots_mode { MODE_RULES, MODE_ALLOW_ALL, MODE_DISALLOW_ALL };

struct rule {
	char *pat;	/* normalised, '*' runs collapsed, without the final '$' */
	size_t len;
	size_t prio;	/* octets of the pattern as written */
	bool allow;
	bool anchored;	/* the pattern ended in '$' */
};

struct robots {
	enum robots_mode mode;
	struct rule *rules;
	size_t nrules, caprules;
	double delay;
	char **sitemaps;
	size_t nsitemaps, capsitemaps;
};

/* One group while parsing: does it name us, or "*"? */
struct group {
	bool ours;
	bool star;
	double delay;
};

/* A rule while parsing, before we know which groups are selected. */
struct prule {
	size_t group;
	struct rule rule;
};

struct parser {
	const char *product;	/* our product token, not NUL-terminated */
	size_t product_len;
	struct group *groups;
	size_t ngroups, capgroups;
	struct prule *rules;
	size_t nrules, caprules;
	bool in_agents;		/* the last group record was a user-agent line */
	struct robots *r;
};

enum key {
	KEY_UNKNOWN,
	KEY_USER_AGENT,
	KEY_ALLOW,
	KEY_DISALLOW,
	KEY_SITEMAP,
	KEY_CRAWL_DELAY,
};

static struct robots *robots_alloc(enum robots_mode mode)
{
	struct robots *r = xcalloc(1, sizeof *r);
	r->mode = mode;
	r->delay = -1;
	return r;
}

struct robots *crawl_robots_new_allow_all(void)
{
	return robots_alloc(MODE_ALLOW_ALL);
}

struct robots *crawl_robots_new_disallow_all(void)
{
	return robots_alloc(MODE_DISALLOW_ALL);
}

void crawl_robots_free(struct robots *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrules; i++)
		free(r->rules[i].pat);
	free(r->rules);
	for (size_t i = 0; i < r->nsitemaps; i++)
		free(r->sitemaps[i]);
	free(r->sitemaps);
	free(r);
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

static int lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (unsigned char)lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

static bool ieq(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	return true;
}

/* Bring a pattern or a path to one canonical percent-encoded form
 * (RFC 9309 2.2.2): %xx of an unreserved character is decoded, other %xx
 * get upper-case hex, and octets outside printable ASCII are encoded. */
static void normalise(const char *s, size_t n, struct buf *out)
{
	static const char hex[] = "0123456789ABCDEF";

	buf_reset(out);
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n &&
		    hexval((unsigned char)s[i + 1]) >= 0 && hexval((unsigned char)s[i + 2]) >= 0) {
			unsigned char v = (unsigned char)(hexval((unsigned char)s[i + 1]) * 16 +
							  hexval((unsigned char)s[i + 2]));
			if (is_unreserved(v)) {
				buf_putc(out, (char)v);
			} else {
				buf_putc(out, '%');
				buf_putc(out, hex[v >> 4]);
				buf_putc(out, hex[v & 15]);
			}
			i += 2;
		} else if (c <= 0x20 || c >= 0x7f) {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		} else {
			buf_putc(out, (char)c);
		}
	}
}

/* Does pat (with '*' wildcards, anchored at the end when anchored) match
 * a prefix of path (the whole path when anchored)?  Each literal segment
 * between stars is placed at its leftmost possible position, which is
 * optimal for this pattern language, so there is no backtracking: the
 * cost is one substring search per segment. */
static bool pattern_match(const char *pat, size_t plen, bool anchored,
			  const char *path, size_t n)
{
	const char *star = memchr(pat, '*', plen);
	if (!star) {
		if (anchored)
			return n == plen && memcmp(path, pat, plen) == 0;
		return n >= plen && memcmp(path, pat, plen) == 0;
	}

	size_t first = (size_t)(star - pat);
	if (n < first || memcmp(path, pat, first) != 0)
		return false;
	size_t pos = first;
	size_t end = n;
	size_t mid_end = plen;	/* the middle segments end here in pat */

	if (anchored) {
		const char *last_star = pat + plen;
		while (*--last_star != '*')
			;
		size_t last_len = plen - (size_t)(last_star - pat) - 1;
		if (last_len > n - pos ||
		    memcmp(path + n - last_len, last_star + 1, last_len) != 0)
			return false;
		end = n - last_len;
		mid_end = (size_t)(last_star - pat);
	}

	size_t i = first + 1;
	while (i < mid_end) {
		const char *next = memchr(pat + i, '*', mid_end - i);
		size_t seg_end = next ? (size_t)(next - pat) : mid_end;
		size_t seg_len = seg_end - i;
		if (seg_len > 0) {
			const char *hit = memmem(path + pos, end - pos, pat + i, seg_len);
			if (!hit)
				return false;
			pos = (size_t)(hit - path) + seg_len;
		}
		i = seg_end + 1;
	}
	return true;
}

static struct group *current_group(struct parser *p)
{
	return p->ngroups ? &p->groups[p->ngroups - 1] : NULL;
}

static void on_user_agent(struct parser *p, const char *v, size_t vlen)
{
	if (!p->in_agents || !p->ngroups) {
		p->groups = xgrow(p->groups, &p->capgroups, p->ngroups + 1, sizeof *p->groups);
		p->groups[p->ngroups++] = (struct group){ .delay = -1 };
		p->in_agents = true;
	}
	struct group *g = current_group(p);

	size_t tok = 0;
	while (tok < vlen && v[tok] != '/' && !is_space((unsigned char)v[tok]))
		tok++;
	if (tok == 1 && v[0] == '*')
		g->star = true;
	else if (p->product_len && tok == p->product_len) {
		bool same = true;
		for (size_t i = 0; i < tok && same; i++)
			same = lower((unsigned char)v[i]) == lower((unsigned char)p->product[i]);
		if (same)
			g->ours = true;
	}
}

static void on_rule(struct parser *p, bool allow, const char *v, size_t vlen,
		    struct buf *scratch)
{
	p->in_agents = false;
	if (!p->ngroups || vlen == 0)
		return;	/* a rule outside any group, or "Disallow:" (no rule) */

	/* RFC 9309 wants patterns to start with '/'; "Disallow: private"
	 * almost always means "/private", so read it that way. */
	buf_reset(scratch);
	if (v[0] != '/' && v[0] != '*') {
		struct buf tmp = BUF_INIT;
		buf_putc(&tmp, '/');
		buf_append(&tmp, v, vlen);
		normalise(tmp.data, tmp.len, scratch);
		buf_release(&tmp);
	} else {
		normalise(v, vlen, scratch);
	}

	struct rule rule = { .prio = vlen, .allow = allow };
	size_t n = scratch->len;
	if (n && scratch->data[n - 1] == '$') {
		rule.anchored = true;
		n--;
	}
	char *pat = xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (scratch->data[i] == '*' && k && pat[k - 1] == '*')
			continue;
		pat[k++] = scratch->data[i];
	}
	if (!rule.anchored)
		while (k && pat[k - 1] == '*')
			k--;	/* a trailing '*' adds nothing to a prefix match */
	pat[k] = '\0';
	rule.pat = pat;
	rule.len = k;

	p->rules = xgrow(p->rules, &p->caprules, p->nrules + 1, sizeof *p->rules);
	p->rules[p->nrules++] = (struct prule){ .group = p->ngroups - 1, .rule = rule };
}

/* A non-negative decimal number, without strtod's locale dependence;
 * -1 when v does not start with one. */
static double parse_delay(const char *v, size_t vlen)
{
	double d = 0, scale = 1;
	size_t i = 0;
	bool digits = false;

	while (i < vlen && v[i] >= '0' && v[i] <= '9') {
		d = d * 10 + (v[i++] - '0');
		digits = true;
	}
	if (i < vlen && v[i] == '.') {
		i++;
		while (i < vlen && v[i] >= '0' && v[i] <= '9') {
			scale /= 10;
			d += (v[i++] - '0') * scale;
			digits = true;
		}
	}
	if (!digits || d > 1e9)
		return -1;
	return d;
}

static void on_crawl_delay(struct parser *p, const char *v, size_t vlen)
{
	p->in_agents = false;
	struct group *g = current_group(p);
	if (g && g->delay < 0)
		g->delay = parse_delay(v, vlen);
}

static void on_sitemap(struct parser *p, const char *v, size_t vlen)
{
	struct robots *r = p->r;
	if (vlen == 0)
		return;
	r->sitemaps = xgrow(r->sitemaps, &r->capsitemaps, r->nsitemaps + 1, sizeof *r->sitemaps);
	r->sitemaps[r->nsitemaps++] = xstrndup(v, vlen);
}

static enum key classify(const char *k, size_t klen)
{
	if (ieq(k, klen, "user-agent") || ieq(k, klen, "useragent") ||
	    ieq(k, klen, "user agent"))
		return KEY_USER_AGENT;
	if (ieq(k, klen, "allow"))
		return KEY_ALLOW;
	if (ieq(k, klen, "disallow") || ieq(k, klen, "dissallow") ||
	    ieq(k, klen, "dissalow") || ieq(k, klen, "disalow") ||
	    ieq(k, klen, "diasllow") || ieq(k, klen, "disallaw"))
		return KEY_DISALLOW;
	if (ieq(k, klen, "sitemap") || ieq(k, klen, "site-map"))
		return KEY_SITEMAP;
	if (ieq(k, klen, "crawl-delay") || ieq(k, klen, "crawldelay"))
		return KEY_CRAWL_DELAY;
	return KEY_UNKNOWN;
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_space((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

static void parse_line(struct parser *p, const char *line, size_t n, struct buf *scratch)
{
	const char *hash = memchr(line, '#', n);
	if (hash)
		n = (size_t)(hash - line);
	const char *colon = memchr(line, ':', n);
	if (!colon)
		return;

	const char *k = line, *v = colon + 1;
	size_t klen = (size_t)(colon - line), vlen = n - klen - 1;
	trim(&k, &klen);
	trim(&v, &vlen);

	switch (classify(k, klen)) {
	case KEY_USER_AGENT:
		on_user_agent(p, v, vlen);
		break;
	case KEY_ALLOW:
		on_rule(p, true, v, vlen, scratch);
		break;
	case KEY_DISALLOW:
		on_rule(p, false, v, vlen, scratch);
		break;
	case KEY_CRAWL_DELAY:
		on_crawl_delay(p, v, vlen);
		break;
	case KEY_SITEMAP:
		on_sitemap(p, v, vlen);
		break;
	case KEY_UNKNOWN:
		break;
	}
}

/* Keep the rules and the crawl-delay of the groups that name us, or of
 * the "*" groups when none does (RFC 9309 2.2.1). */
static void select_groups(struct parser *p)
{
	struct robots *r = p->r;
	bool any_ours = false;

	for (size_t i = 0; i < p->ngroups; i++)
		any_ours |= p->groups[i].ours;

	for (size_t i = 0; i < p->ngroups; i++) {
		const struct group *g = &p->groups[i];
		bool selected = any_ours ? g->ours : g->star;
		if (selected && r->delay < 0 && g->delay >= 0)
			r->delay = g->delay;
	}
	for (size_t i = 0; i < p->nrules; i++) {
		const struct group *g = &p->groups[p->rules[i].group];
		bool selected = any_ours ? g->ours : g->star;
		if (!selected) {
			free(p->rules[i].rule.pat);
			continue;
		}
		r->rules = xgrow(r->rules, &r->caprules, r->nrules + 1, sizeof *r->rules);
		r->rules[r->nrules++] = p->rules[i].rule;
	}
}

struct robots *crawl_robots_parse(const char *body, size_t len, const char *product)
{
	struct robots *r = robots_alloc(MODE_RULES);
	struct parser p = { .r = r };
	struct buf scratch = BUF_INIT;

	if (product) {
		size_t n = 0;
		while (product[n] && product[n] != '/' && !is_space((unsigned char)product[n]))
			n++;
		p.product = product;
		p.product_len = n;
	}
	if (!body)
		len = 0;

	bool cut = len > CRAWL_ROBOTS_MAX_BYTES;
	if (cut)
		len = CRAWL_ROBOTS_MAX_BYTES;
	size_t i = 0;
	if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
		i = 3;

	while (i < len) {
		size_t start = i;
		while (i < len && body[i] != '\n' && body[i] != '\r')
			i++;
		if (i == len && cut)
			break;	/* a line cut by the size limit is not a line */
		parse_line(&p, body + start, i - start, &scratch);
		if (i < len && body[i] == '\r')
			i++;
		if (i < len && body[i] == '\n')
			i++;
	}

	select_groups(&p);
	free(p.groups);
	free(p.rules);
	buf_release(&scratch);
	return r;
}

/* The path part of a normalised request target is "/robots.txt". */
static bool is_robots_txt(const char *path, size_t n)
{
	static const char name[] = "/robots.txt";
	size_t k = sizeof name - 1;
	return n >= k && memcmp(path, name, k) == 0 && (n == k || path[k] == '?');
}

bool crawl_robots_allowed(const struct robots *r, const char *path)
{
	if (!r || r->mode == MODE_ALLOW_ALL)
		return true;
	if (!path || !*path)
		path = "/";

	struct buf norm = BUF_INIT;
	normalise(path, strlen(path), &norm);
	bool allowed = true;

	if (is_robots_txt(norm.data, norm.len))
		goto out;
	if (r->mode == MODE_DISALLOW_ALL) {
		allowed = false;
		goto out;
	}

	bool found = false;
	size_t best = 0;
	for (size_t i = 0; i < r->nrules; i++) {
		const struct rule *ru = &r->rules[i];
		if (found && (ru->prio < best ||
			      (ru->prio == best && (allowed || !ru->allow))))
			continue;	/* cannot beat what we have */
		if (!pattern_match(ru->pat, ru->len, ru->anchored, norm.data, norm.len))
			continue;
		found = true;
		best = ru->prio;
		allowed = ru->allow;
	}
out:
	buf_release(&norm);
	return allowed;
}

double crawl_robots_crawl_delay(const struct robots *r)
{
	return r ? r->delay : -1;
}

size_t crawl_robots_sitemap_count(const struct robots *r)
{
	return r ? r->nsitemaps : 0;
}

const char *crawl_robots_sitemap(const struct robots *r, size_t i)
{
	return r && i < r->nsitemaps ? r->sitemaps[i] : NULL;
}
