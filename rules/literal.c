#include "rules/literal.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"

/* A set of strings; `none` means "no requirement could be proved". */
struct lset {
	char **v;
	size_t n, cap;
	bool none;
};

static void lset_add(struct lset *s, const char *str, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && !memcmp(s->v[i], str, len))
			return;
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n++] = xstrndup(str, len);
}

static void lset_free(struct lset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

static size_t lset_minlen(const struct lset *s)
{
	size_t m = SIZE_MAX;
	for (size_t i = 0; i < s->n; i++) {
		size_t l = strlen(s->v[i]);
		if (l < m)
			m = l;
	}
	return s->n ? m : 0;
}

/* Words so common that a literal made of one hits nearly every block. */
static bool common_word(const char *s)
{
	static const char *const words[] = {
		"a", "all", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has",
		"have", "in", "is", "it", "its", "more", "most", "new", "no", "not", "of", "on",
		"one", "only", "or", "our", "than", "that", "the", "this", "to", "us", "we",
		"will", "with", "you", "your", "other", "like", "time", "first", "any", "every",
		NULL,
	};
	while (*s == ' ' || *s == '-')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '-'))
		n--;
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && !strncmp(words[i], s, n))
			return true;
	return false;
}

/* How selective a set is: the length of its weakest string, where a
 * common word counts as one character. */
static size_t lset_strength(const struct lset *s)
{
	size_t m = SIZE_MAX;
	for (size_t i = 0; i < s->n; i++) {
		size_t l = common_word(s->v[i]) ? 1 : strlen(s->v[i]);
		if (l < m)
			m = l;
	}
	return s->n ? m : 0;
}

/* Is b a better requirement than a?  Longer shortest string first, then
 * fewer strings. */
static bool better(const struct lset *b, const struct lset *a)
{
	if (a->none || !a->n)
		return !b->none && b->n;
	if (b->none || !b->n)
		return false;
	size_t ma = lset_strength(a), mb = lset_strength(b);
	if (mb != ma)
		return mb > ma;
	return b->n < a->n;
}

struct parser {
	const char *p;
	bool fail;	/* a construct we do not understand */
};

static struct lset parse_alt(struct parser *ps);

/* Skip a character class starting at '['. */
static void skip_class(struct parser *ps)
{
	const char *p = ps->p + 1;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (*p == '\\' && p[1])
			p += 2;
		else if (*p == '[' && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");
			p = e ? e + 2 : p + 1;
		} else
			p++;
	}
	ps->p = *p ? p + 1 : p;
}

/* Read a quantifier if one follows: returns the minimum count (1 when
 * there is none); *present says whether there was one. */
static int quantifier(struct parser *ps, bool *present)
{
	const char *p = ps->p;
	int min = 1;
	*present = false;
	if (*p == '?' || *p == '*') {
		min = 0;
		p++;
		*present = true;
	} else if (*p == '+') {
		p++;
		*present = true;
	} else if (*p == '{' && isdigit((unsigned char)p[1])) {
		const char *q = p + 1;
		min = atoi(q);
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == ',') {
			q++;
			while (isdigit((unsigned char)*q))
				q++;
		}
		if (*q != '}')
			return 1;	/* a literal '{' */
		p = q + 1;
		*present = true;
	}
	if (*present && (*p == '?' || *p == '+'))
		p++;	/* lazy or possessive */
	ps->p = p;
	return min;
}

static void push_run(struct lset *best, struct buf *run)
{
	if (run->len) {
		struct lset s = {0};
		lset_add(&s, run->data, run->len);
		if (better(&s, best)) {
			lset_free(best);
			*best = s;
		} else {
			lset_free(&s);
		}
	}
	buf_reset(run);
}

static void take_set(struct lset *best, struct lset *s)
{
	if (better(s, best)) {
		lset_free(best);
		*best = *s;
	} else {
		lset_free(s);
	}
}

/* Skip a group body up to its ')', for lookarounds. */
static void skip_group(struct parser *ps)
{
	struct lset s = parse_alt(ps);
	lset_free(&s);
	if (*ps->p == ')')
		ps->p++;
}

static struct lset parse_seq(struct parser *ps)
{
	struct lset best = {0};
	struct buf run = BUF_INIT;
	while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->fail) {
		char c = *ps->p;
		int lit = -1;	/* a literal byte, or -1 for "some character" */
		bool zero_width = false;
		if (c == '(') {
			ps->p++;
			bool look = false, skip_whole = false;
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
						break;
					}
					ps->p = e + 1;
				} else if (*q == '#') {
					const char *e = strchr(q, ')');
					ps->p = e ? e + 1 : q + strlen(q);
					continue;
				} else {
					/* inline options like (?i) or (?i:...) */
					while (*q && (isalpha((unsigned char)*q) || *q == '-' || *q == '^'))
						q++;
					if (*q == ')') {
						ps->p = q + 1;
						continue;
					}
					if (*q != ':') {
						ps->fail = true;
						break;
					}
					ps->p = q + 1;
				}
			}
			if (look) {
				skip_group(ps);
				push_run(&best, &run);
				bool q;
				quantifier(ps, &q);
				continue;
			}
			struct lset g = parse_alt(ps);
			if (*ps->p != ')') {
				lset_free(&g);
				ps->fail = true;
				break;
			}
			ps->p++;
			push_run(&best, &run);
			bool q;
			int min = quantifier(ps, &q);
			if (min == 0 || skip_whole || g.none)
				lset_free(&g);
			else
				take_set(&best, &g);
			continue;
		}
		if (c == '[') {
			skip_class(ps);
		} else if (c == '\\') {
			char e = ps->p[1];
			if (!e) {
				ps->fail = true;
				break;
			}
			ps->p += 2;
			if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G' ||
			    e == 'K') {
				zero_width = true;
			} else if (e == 'Q' || e == 'E' || e == 'g' || e == 'k' || isdigit((unsigned char)e)) {
				ps->fail = true;
				break;
			} else if (e == 'p' || e == 'P' || e == 'x' || e == 'o' || e == 'N') {
				if (*ps->p == '{') {
					const char *q = strchr(ps->p, '}');
					ps->p = q ? q + 1 : ps->p + strlen(ps->p);
				} else if (e == 'x') {
					while (isxdigit((unsigned char)*ps->p))
						ps->p++;
				} else if (e != 'N') {
					ps->p++;
				}
			} else if (!isalnum((unsigned char)e)) {
				lit = (unsigned char)e;
			}
			/* \s \w \d \n \t ...: some character */
		} else if (c == '^' || c == '$') {
			ps->p++;
			zero_width = true;
		} else if (c == '.') {
			ps->p++;
		} else if (c == '*' || c == '+' || c == '?' || c == '{') {
			/* a quantifier here applies to something already counted */
			bool q;
			quantifier(ps, &q);
			if (!q)
				ps->p++;
			push_run(&best, &run);
			continue;
		} else {
			lit = (unsigned char)c;
			ps->p++;
		}
		if (zero_width)
			continue;
		bool q;
		int min = quantifier(ps, &q);
		if (lit < 0 || lit >= 0x80 || min == 0) {
			push_run(&best, &run);
			continue;
		}
		buf_putc(&run, (char)tolower(lit));
		if (q)	/* x+ or x{2,}: x is required but what follows may not touch it */
			push_run(&best, &run);
	}
	push_run(&best, &run);
	buf_release(&run);
	if (!best.n)
		best.none = true;
	return best;
}

static struct lset parse_alt(struct parser *ps)
{
	struct lset all = {0};
	for (;;) {
		struct lset s = parse_seq(ps);
		if (s.none || ps->fail)
			all.none = true;
		for (size_t i = 0; i < s.n; i++)
			lset_add(&all, s.v[i], strlen(s.v[i]));
		lset_free(&s);
		if (*ps->p != '|')
			break;
		ps->p++;
	}
	if (all.none) {
		lset_free(&all);
		all.none = true;
	}
	return all;
}

static struct lset literals(const char *pattern)
{
	struct parser ps = {pattern, false};
	struct lset s = parse_alt(&ps);
	if (ps.fail || *ps.p) {
		lset_free(&s);
		s.none = true;
	}
	return s;
}

void rule_literals_of(const char *pattern, char *out, size_t outlen)
{
	struct lset s = literals(pattern);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s.n; i++) {
		if (i)
			buf_putc(&b, '|');
		buf_puts(&b, s.v[i]);
	}
	snprintf(out, outlen, "%s", buf_str(&b));
	buf_release(&b);
	lset_free(&s);
}

/* Shorter than this, a literal would hit nearly every block. */
#define MIN_LITERAL 2

void rule_literals_extract(char *const *patterns, size_t n, struct rule *r)
{
	struct lset all = {0};
	for (size_t i = 0; i < n && !all.none; i++) {
		struct lset s = literals(patterns[i]);
		if (s.none || lset_minlen(&s) < MIN_LITERAL)
			all.none = true;
		for (size_t j = 0; j < s.n; j++)
			lset_add(&all, s.v[j], strlen(s.v[j]));
		lset_free(&s);
	}
	if (all.none || !all.n) {
		lset_free(&all);
		r->always = true;
		return;
	}
	r->literals = all.v;
	r->nliterals = all.n;
	r->always = false;
}
