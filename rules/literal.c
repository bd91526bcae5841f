#include "rules/literal.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/hash.h"
#include "common/xalloc.h"

/* A finite set of strings; `none` means "nothing could be proved". */
struct lset {
	char **v;
	size_t n, cap;
	bool none;
	/* an open-addressing index over v (slot = 1 + position), so that
	 * adding to sets of thousands of strings stays linear */
	uint32_t *slots;
	size_t nslots;
};

static void lset_reindex(struct lset *s)
{
	free(s->slots);
	s->nslots = 64;
	while (s->nslots < 2 * s->cap)
		s->nslots *= 2;
	s->slots = xcalloc(s->nslots, sizeof *s->slots);
	for (size_t i = 0; i < s->n; i++) {
		size_t k = hash_str(s->v[i]) & (s->nslots - 1);
		while (s->slots[k])
			k = (k + 1) & (s->nslots - 1);
		s->slots[k] = (uint32_t)i + 1;
	}
}

/* Sets below this size are searched in order, without an index: most
 * sets are a character or a word, and an index would cost more. */
#define LSET_LINEAR 16

static void lset_add(struct lset *s, const char *str, size_t len)
{
	if (!s->slots && s->n < LSET_LINEAR) {
		for (size_t i = 0; i < s->n; i++)
			if (!strncmp(s->v[i], str, len) && s->v[i][len] == '\0')
				return;
		s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
		s->v[s->n++] = xstrndup(str, len);
		return;
	}
	if (!s->slots || 2 * (s->n + 1) > s->nslots) {
		s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
		lset_reindex(s);
	}
	size_t k = hash_bytes(str, len, HASH_SEED) & (s->nslots - 1);
	for (; s->slots[k]; k = (k + 1) & (s->nslots - 1)) {
		const char *e = s->v[s->slots[k] - 1];
		if (!strncmp(e, str, len) && e[len] == '\0')
			return;
	}
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n] = xstrndup(str, len);
	s->slots[k] = (uint32_t)++s->n;
}

static void lset_free(struct lset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->slots);
	memset(s, 0, sizeof *s);
}

static struct lset lset_none(void)
{
	struct lset s = {0};
	s.none = true;
	return s;
}

static struct lset lset_copy(const struct lset *s)
{
	struct lset c = {0};
	c.none = s->none;
	for (size_t i = 0; i < s->n; i++)
		lset_add(&c, s->v[i], strlen(s->v[i]));
	return c;
}

/* {""}: what a zero-width item matches. */
static struct lset lset_empty_string(void)
{
	struct lset s = {0};
	lset_add(&s, "", 0);
	return s;
}

/* a x b; none when it would hold more than LITERAL_MAX_SET strings. */
static struct lset lset_product(const struct lset *a, const struct lset *b)
{
	if (a->none || b->none || a->n * b->n > LITERAL_MAX_SET)
		return lset_none();
	struct lset p = {0};
	struct buf t = BUF_INIT;
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++) {
			buf_reset(&t);
			buf_puts(&t, a->v[i]);
			buf_puts(&t, b->v[j]);
			lset_add(&p, buf_str(&t), t.len);
		}
	buf_release(&t);
	return p;
}

/* s = s x b in place when b is one string (a literal character, the
 * usual atom) and the product stays within LITERAL_MAX_SET: no new set,
 * no copy of every string per character.  false: use lset_product. */
static bool lset_append_one(struct lset *s, const struct lset *b)
{
	if (s->none || b->none || b->n != 1 || s->n > LITERAL_MAX_SET)
		return false;
	size_t wl = strlen(b->v[0]);
	for (size_t i = 0; i < s->n; i++) {
		size_t l = strlen(s->v[i]);
		s->v[i] = xrealloc(s->v[i], l + wl + 1);
		memcpy(s->v[i] + l, b->v[0], wl + 1);
	}
	/* the strings changed: the index is rebuilt when next needed */
	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
	return true;
}

/* A union may grow larger than a product: the automaton takes thousands
 * of literals at no cost per byte. */
#define LITERAL_MAX_UNION 4096

static void lset_union_into(struct lset *a, const struct lset *b, size_t max)
{
	if (b->none) {
		lset_free(a);
		a->none = true;
		return;
	}
	for (size_t i = 0; i < b->n && !a->none; i++)
		lset_add(a, b->v[i], strlen(b->v[i]));
	if (a->n > max) {
		lset_free(a);
		a->none = true;
	}
}

bool literal_common_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"a", "all", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has",
		"have", "in", "is", "it", "its", "more", "most", "new", "no", "not", "of", "on",
		"one", "only", "or", "our", "than", "that", "the", "this", "to", "us", "we",
		"will", "with", "you", "your", "other", "like", "time", "first", "any", "every",
		NULL,
	};
	if (!n || n > 5)	/* the longest above */
		return false;
	for (int i = 0; words[i]; i++)
		if ((words[i][0] | 0x20) == (w[0] | 0x20) && strnlen(words[i], 6) == n &&
		    !strncasecmp(words[i], w, n))
			return true;
	return false;
}

/* Words so common that a literal made of one hits nearly every block. */
static bool common_word(const char *s)
{
	while (*s == ' ' || *s == '-')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '-'))
		n--;
	return literal_common_word(s, n);
}

/* How selective a set is: the length of its weakest string, where a
 * common word counts as one character.  0 for none or an empty string. */
static size_t lset_strength(const struct lset *s)
{
	if (s->none || !s->n)
		return 0;
	size_t m = SIZE_MAX;
	for (size_t i = 0; i < s->n; i++) {
		size_t l = common_word(s->v[i]) ? 1 : strlen(s->v[i]);
		if (l < m)
			m = l;
	}
	return m;
}

/* Is b a better requirement than a?  Stronger first, then fewer strings. */
static bool better(const struct lset *b, const struct lset *a)
{
	size_t sa = lset_strength(a), sb = lset_strength(b);
	if (sb != sa)
		return sb > sa;
	return sb && b->n < a->n;
}

/* Keep the better of *best and *cand (cand is consumed). */
static void take_best(struct lset *best, struct lset *cand)
{
	if (better(cand, best)) {
		lset_free(best);
		*best = *cand;
	} else {
		lset_free(cand);
	}
}

/* What the parser knows about a piece of pattern. */
struct info {
	struct lset exact;	/* the piece matches exactly one of these (or none) */
	struct lset req;	/* any match contains one of these */
	struct lset pre;	/* any match starts with one of these */
};

static void info_free(struct info *i)
{
	lset_free(&i->exact);
	lset_free(&i->req);
	lset_free(&i->pre);
}

static struct info info_unknown(void)
{
	struct info i = {lset_none(), lset_none(), lset_none()};
	return i;
}

static struct info info_exact(struct lset exact)
{
	struct info i;
	i.exact = exact;
	i.req = lset_copy(&exact);
	i.pre = lset_copy(&exact);
	return i;
}

struct parser {
	const char *p;
	bool fail;	/* a construct we do not understand */
};

static struct info parse_alt(struct parser *ps);

/* A UTF-8 character outside ASCII that has no case: general punctuation
 * (U+2000-U+206F), such as non-breaking hyphens and curly quotes. */
static size_t caseless_utf8(const unsigned char *p)
{
	if (p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81) && (p[2] & 0xC0) == 0x80)
		return 3;
	return 0;
}

static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* A character class: a small set of characters, or unknown. */
static struct info parse_class(struct parser *ps)
{
	const unsigned char *p = (const unsigned char *)ps->p + 1;
	bool neg = false, unknown = false;
	if (*p == '^')
		neg = true, p++;
	struct lset set = {0};
	bool first = true;
	while (*p && (*p != ']' || first)) {
		first = false;
		if (*p == '\\' && p[1]) {
			if (isalnum(p[1]))
				unknown = true;	/* \s, \w, \d, \x...: many characters */
			else
				lset_add(&set, (const char *)p + 1, 1);
			p += 2;
		} else if (*p == '[' && p[1] == ':') {
			const char *e = strstr((const char *)p + 2, ":]");
			p = e ? (const unsigned char *)e + 2 : p + 1;
			unknown = true;
		} else if (p[1] == '-' && p[2] && p[2] != ']') {
			unknown = true;	/* a range */
			p += 3;
		} else if (*p >= 0x80) {
			size_t l = caseless_utf8(p);
			if (l)
				lset_add(&set, (const char *)p, l);
			else
				unknown = true;
			p += utf8_len(*p);
		} else {
			char c = (char)tolower(*p);
			lset_add(&set, &c, 1);
			p++;
		}
	}
	ps->p = *p ? (const char *)p + 1 : (const char *)p;
	if (neg || unknown || set.n == 0 || set.n > 6) {
		lset_free(&set);
		return info_unknown();
	}
	return info_exact(set);
}

/* Read a quantifier if one follows.  Sets *min and *max (-1 = unbounded);
 * returns false when there is none. */
static bool quantifier(struct parser *ps, int *min, int *max)
{
	const char *p = ps->p;
	*min = *max = 1;
	if (*p == '?') {
		*min = 0, *max = 1, p++;
	} else if (*p == '*') {
		*min = 0, *max = -1, p++;
	} else if (*p == '+') {
		*min = 1, *max = -1, p++;
	} else if (*p == '{' && isdigit((unsigned char)p[1])) {
		const char *q = p + 1;
		*min = atoi(q);
		while (isdigit((unsigned char)*q))
			q++;
		*max = *min;
		if (*q == ',') {
			q++;
			*max = isdigit((unsigned char)*q) ? atoi(q) : -1;
			while (isdigit((unsigned char)*q))
				q++;
		}
		if (*q != '}')
			return false;	/* a literal '{' */
		p = q + 1;
	} else {
		return false;
	}
	if (*p == '?' || *p == '+')
		p++;	/* lazy or possessive */
	ps->p = p;
	return true;
}

static struct info apply_quantifier(struct info a, int min, int max)
{
	struct info r;
	if (min == 0 && max == 1 && !a.exact.none) {
		/* x? matches x or nothing */
		struct lset e = lset_copy(&a.exact);
		lset_add(&e, "", 0);
		info_free(&a);
		return info_exact(e);
	}
	if (min == max && min >= 1 && min <= 3 && !a.exact.none) {
		struct lset p = lset_copy(&a.exact);
		for (int k = 1; k < min; k++) {
			struct lset q = lset_product(&p, &a.exact);
			lset_free(&p);
			p = q;
		}
		info_free(&a);
		return info_exact(p);
	}
	r.exact = lset_none();
	if (min >= 1) {
		r.req = a.req;
		r.pre = a.pre;
		a.req = lset_none();
		a.pre = lset_none();
	} else {
		r.req = lset_none();
		r.pre = lset_none();
	}
	info_free(&a);
	return r;
}

/* One item of a sequence: a character, class, group or assertion. */
static struct info parse_atom(struct parser *ps, bool *zero_width)
{
	const unsigned char *p = (const unsigned char *)ps->p;
	*zero_width = false;
	if (*p == '(') {
		ps->p++;
		bool look = false;
		if (*ps->p == '?') {
			const char *q = ps->p + 1;
			if (*q == '=' || *q == '!') {
				look = true;
				ps->p = q + 1;
			} else if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
				look = true;
				ps->p = q + 2;
			} else if (*q == ':' || *q == '>' || *q == '|') {
				ps->p = q + 1;
			} else if (*q == '<' || *q == 'P' || *q == '\'') {
				const char *e = strpbrk(q, ">'");
				if (!e) {
					ps->fail = true;
					return info_unknown();
				}
				ps->p = e + 1;
			} else if (*q == '#') {
				const char *e = strchr(q, ')');
				ps->p = e ? e + 1 : q + strlen(q);
				*zero_width = true;
				return info_exact(lset_empty_string());
			} else {
				/* inline options: (?i) or (?i:...) */
				while (*q && (isalpha((unsigned char)*q) || *q == '-' || *q == '^'))
					q++;
				if (*q == ')') {
					ps->p = q + 1;
					*zero_width = true;
					return info_exact(lset_empty_string());
				}
				if (*q != ':') {
					ps->fail = true;
					return info_unknown();
				}
				ps->p = q + 1;
			}
		}
		struct info g = parse_alt(ps);
		if (*ps->p != ')') {
			info_free(&g);
			ps->fail = true;
			return info_unknown();
		}
		ps->p++;
		if (look) {
			/* lookarounds consume nothing */
			info_free(&g);
			*zero_width = true;
			return info_exact(lset_empty_string());
		}
		return g;
	}
	if (*p == '[')
		return parse_class(ps);
	if (*p == '\\') {
		unsigned char e = p[1];
		if (!e) {
			ps->fail = true;
			return info_unknown();
		}
		ps->p += 2;
		if (strchr("bBAzZGK", e)) {
			*zero_width = true;
			return info_exact(lset_empty_string());
		}
		if (e == 'Q' || e == 'E' || e == 'g' || e == 'k' || isdigit(e)) {
			ps->fail = true;
			return info_unknown();
		}
		if (e == 'p' || e == 'P' || e == 'x' || e == 'o' || e == 'N') {
			if (*ps->p == '{') {
				const char *q = strchr(ps->p, '}');
				ps->p = q ? q + 1 : ps->p + strlen(ps->p);
			} else if (e == 'x') {
				while (isxdigit((unsigned char)*ps->p))
					ps->p++;
			} else if (e != 'N') {
				ps->p++;
			}
			return info_unknown();
		}
		if (isalnum(e))
			return info_unknown();	/* \s \w \d \n \t ... */
		struct lset s = {0};
		lset_add(&s, (const char *)&e, 1);
		return info_exact(s);
	}
	if (*p == '^' || *p == '$') {
		ps->p++;
		*zero_width = true;
		return info_exact(lset_empty_string());
	}
	if (*p == '.') {
		ps->p++;
		return info_unknown();
	}
	if (*p >= 0x80) {
		size_t l = caseless_utf8(p);
		ps->p += utf8_len(*p);
		if (!l)
			return info_unknown();	/* a letter with case: the prefilter folds ASCII only */
		struct lset s = {0};
		lset_add(&s, (const char *)p, l);
		return info_exact(s);
	}
	ps->p++;
	char c = (char)tolower(*p);
	struct lset s = {0};
	lset_add(&s, &c, 1);
	return info_exact(s);
}

static struct info parse_seq(struct parser *ps)
{
	struct info seq;
	seq.exact = lset_empty_string();	/* the product of the run so far */
	seq.req = lset_none();
	struct lset run = lset_empty_string();	/* exact product since the last unknown item */
	struct lset pre = lset_empty_string();	/* product of the leading exact items */
	bool pre_open = true;			/* still extending the prefix */
	bool have_pre = false;
	struct lset pre_final = lset_none();

	while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->fail) {
		if (*ps->p == '*' || *ps->p == '+' || *ps->p == '?' ||
		    (*ps->p == '{' && isdigit((unsigned char)ps->p[1]))) {
			/* a quantifier with nothing to apply to: not understood */
			ps->fail = true;
			break;
		}
		bool zw;
		struct info a = parse_atom(ps, &zw);
		int min, max;
		if (!zw && quantifier(ps, &min, &max))
			a = apply_quantifier(a, min, max);
		if (!a.exact.none) {
			if (!lset_append_one(&seq.exact, &a.exact)) {
				struct lset e2 = lset_product(&seq.exact, &a.exact);
				lset_free(&seq.exact);
				seq.exact = e2;
			}
			bool appended = lset_append_one(&run, &a.exact);
			struct lset r2 = appended ? (struct lset){0} : lset_product(&run, &a.exact);
			if (appended) {
				/* run grew in place */
			} else if (r2.none) {
				/* too many combinations: the run so far is a candidate */
				take_best(&seq.req, &run);
				run = lset_copy(&a.exact);
				lset_free(&r2);
			} else {
				lset_free(&run);
				run = r2;
			}
			if (pre_open && lset_append_one(&pre, &a.exact)) {
				/* pre grew in place */
			} else if (pre_open) {
				struct lset p2 = lset_product(&pre, &a.exact);
				if (p2.none) {
					pre_open = false;
					pre_final = pre;
					have_pre = true;
					pre = lset_empty_string();
				} else {
					lset_free(&pre);
					pre = p2;
				}
			}
		} else {
			take_best(&seq.req, &run);
			run = lset_empty_string();
			struct lset r = lset_copy(&a.req);
			take_best(&seq.req, &r);
			lset_free(&seq.exact);
			seq.exact = lset_none();
			if (pre_open) {
				pre_open = false;
				/* an unknown item first: its own prefix, else what came before */
				if (pre.n == 1 && pre.v[0][0] == '\0') {
					pre_final = lset_copy(&a.pre);
				} else {
					pre_final = pre;
					pre = lset_empty_string();
				}
				have_pre = true;
			}
		}
		info_free(&a);
	}
	take_best(&seq.req, &run);
	if (!have_pre) {
		pre_final = pre;
		pre = lset_empty_string();
	}
	lset_free(&pre);
	/* a prefix set holding "" proves nothing */
	for (size_t i = 0; i < pre_final.n; i++)
		if (!pre_final.v[i][0]) {
			lset_free(&pre_final);
			pre_final = lset_none();
			break;
		}
	seq.pre = pre_final;
	if (!seq.exact.none) {
		struct lset e = lset_copy(&seq.exact);
		take_best(&seq.req, &e);
	}
	return seq;
}

static struct info parse_alt(struct parser *ps)
{
	struct info all = {{0}, {0}, {0}};
	bool firstb = true;
	for (;;) {
		struct info s = parse_seq(ps);
		if (firstb) {
			all = s;
			firstb = false;
		} else {
			lset_union_into(&all.exact, &s.exact, LITERAL_MAX_SET);
			lset_union_into(&all.req, &s.req, LITERAL_MAX_UNION);
			lset_union_into(&all.pre, &s.pre, LITERAL_MAX_UNION);
			info_free(&s);
		}
		if (ps->fail || *ps->p != '|')
			break;
		ps->p++;
	}
	return all;
}

static struct info analyse(const char *pattern)
{
	struct parser ps = {pattern, false};
	struct info i = parse_alt(&ps);
	if (ps.fail || *ps.p) {
		info_free(&i);
		return info_unknown();
	}
	return i;
}

/* Shorter than this, a literal would hit nearly every block. */
#define MIN_STRENGTH 2
/* Prefix mode is worth it from this strength on. */
#define MIN_PREFIX_STRENGTH 3
/* A required literal this strong, and stronger than the prefixes, gates
 * the anchored tries (see rule->gates). */
#define GATE_STRENGTH 5

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Shorter first, then in byte order: a deterministic order. */
static int len_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t lx = strlen(x), ly = strlen(y);
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x, y);
}

void rule_literals_of(const char *pattern, char *out, size_t outlen)
{
	struct rule r;
	memset(&r, 0, sizeof r);
	char *const pats[] = {(char *)pattern};
	rule_literals_extract(pats, 1, &r);
	struct buf b = BUF_INIT;
	if (!r.always) {
		qsort(r.literals, r.nliterals, sizeof *r.literals, str_cmp);
		buf_puts(&b, r.prefix_mode ? "prefix:" : "contains:");
		for (size_t i = 0; i < r.nliterals; i++) {
			if (i)
				buf_putc(&b, '|');
			buf_puts(&b, r.literals[i]);
		}
		if (r.nscan) {
			qsort(r.scan_literals, r.nscan, sizeof *r.scan_literals, str_cmp);
			buf_puts(&b, " scan:");
			for (size_t i = 0; i < r.nscan; i++) {
				if (i)
					buf_putc(&b, '|');
				buf_puts(&b, r.scan_literals[i]);
			}
		}
	}
	snprintf(out, outlen, "%s", buf_str(&b));
	buf_release(&b);
	rule_literals_free(&r);
}

static void free_strings(char ***v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

void rule_literals_free_gates(struct rule *r)
{
	free_strings(&r->gates, &r->ngates);
}

void rule_literals_free(struct rule *r)
{
	free_strings(&r->literals, &r->nliterals);
	free_strings(&r->gates, &r->ngates);
	free_strings(&r->scan_literals, &r->nscan);
}

/* Drop the strings of v[0, *n) that another one makes redundant: in a
 * prefix set, those that start with another ("seamlessly" after
 * "seamless": the hit of the shorter gives the same start); in a
 * contains set, those that contain another.  Fewer, shorter literals
 * mean a smaller automaton and fewer hits: "end to end open source "
 * would otherwise enter by its rarest window, "open source ", and hit
 * wherever open source is mentioned. */
static void prune_redundant(char **v, size_t *n, bool prefix)
{
	if (*n < 2)
		return;
	if (prefix) {
		/* sorted, a string that starts with a kept one comes right after
		 * it or after others that start with it too */
		qsort(v, *n, sizeof *v, str_cmp);
		size_t k = 0;
		for (size_t i = 0; i < *n; i++) {
			if (k && !strncmp(v[i], v[k - 1], strlen(v[k - 1]))) {
				free(v[i]);
				continue;
			}
			v[k++] = v[i];
		}
		*n = k;
		return;
	}
	qsort(v, *n, sizeof *v, len_cmp);
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = strstr(v[i], v[j]) != NULL;
		if (dup)
			free(v[i]);
		else
			v[k++] = v[i];
	}
	*n = k;
}

/* *into = *into | *b; b is consumed.  A set never added to ({0}) takes
 * b as it is, "none" included. */
static void union_take(struct lset *into, struct lset *b)
{
	if (!into->none && !into->n && !into->v) {
		*into = *b;
		return;
	}
	lset_union_into(into, b, LITERAL_MAX_UNION);
	lset_free(b);
}

/* When the lines together have no strong prefix set but some lines do
 * ("cloud journey"), and each other line has a required literal ("journey
 * to"): the first go to *pre, the others' literals to *scan. */
static bool split_lines(const struct info *in, size_t n, struct lset *pre, struct lset *scan)
{
	size_t np = 0;
	for (size_t i = 0; i < n; i++) {
		if (lset_strength(&in[i].pre) >= MIN_PREFIX_STRENGTH)
			np++;
		else if (lset_strength(&in[i].req) < MIN_STRENGTH)
			return false;
	}
	if (!np || np == n)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool p = lset_strength(&in[i].pre) >= MIN_PREFIX_STRENGTH;
		struct lset c = lset_copy(p ? &in[i].pre : &in[i].req);
		union_take(p ? pre : scan, &c);
	}
	return lset_strength(pre) >= MIN_PREFIX_STRENGTH && lset_strength(scan) >= MIN_STRENGTH;
}

void rule_literals_extract(char *const *patterns, size_t n, struct rule *r)
{
	struct lset req = {0}, pre = {0}, split_pre = {0}, split_scan = {0};
	struct info *in = xcalloc(n ? n : 1, sizeof *in);
	for (size_t i = 0; i < n; i++) {
		in[i] = analyse(patterns[i]);
		struct lset q = lset_copy(&in[i].req), p = lset_copy(&in[i].pre);
		union_take(&req, &q);
		union_take(&pre, &p);
	}
	r->always = false;
	r->prefix_mode = false;
	r->scan_literals = NULL;
	r->nscan = 0;
	struct lset *use = NULL;
	if (lset_strength(&pre) >= MIN_PREFIX_STRENGTH) {
		use = &pre;
		r->prefix_mode = true;
	} else if (split_lines(in, n, &split_pre, &split_scan)) {
		use = &split_pre;
		r->prefix_mode = true;
		r->scan_literals = split_scan.v;
		r->nscan = split_scan.n;
		split_scan.v = NULL;
		split_scan.n = 0;
		prune_redundant(r->scan_literals, &r->nscan, false);
	} else if (lset_strength(&req) >= MIN_STRENGTH) {
		use = &req;
	}
	for (size_t i = 0; i < n; i++)
		info_free(&in[i]);
	free(in);
	lset_free(&split_scan);
	r->gates = NULL;
	r->ngates = 0;
	if (use == &pre && lset_strength(&req) >= GATE_STRENGTH && lset_strength(&req) > lset_strength(&pre)) {
		r->gates = req.v;
		r->ngates = req.n;
		req.v = NULL;
		req.n = 0;
	}
	if (!use) {
		r->always = true;
		r->literals = NULL;
		r->nliterals = 0;
	} else {
		r->literals = use->v;
		r->nliterals = use->n;
		use->v = NULL;
		use->n = 0;
		prune_redundant(r->literals, &r->nliterals, r->prefix_mode);
	}
	prune_redundant(r->gates, &r->ngates, false);
	lset_free(&req);
	lset_free(&pre);
	lset_free(&split_pre);
}
