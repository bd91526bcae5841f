#include "rules/sentences.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"

/* Words whose full stop is not the end of a sentence.  Compared without
 * case, without the final '.', and with inner dots kept ("e.g", "u.s"). */
static const char *const abbreviations[] = {
	"e.g", "i.e", "al", "cf", "vs", "viz", "approx", "ca", "incl",
	"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "rev", "gen", "gov",
	"inc", "ltd", "corp", "co", "llc", "plc", "gmbh", "bros", "dept", "univ",
	"no", "nos", "vol", "fig", "figs", "p", "pp", "ch", "sec", "art", "ed", "eds",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m", "ph.d", "b.sc", "m.sc",
	"est", "min", "max", "avg", "ref", "tel", "ext",
	NULL,
};

static bool is_abbreviation(const char *t, size_t start, size_t dot)
{
	/* the token before the dot: letters and inner dots */
	size_t s = dot;
	while (s > start && (isalpha((unsigned char)t[s - 1]) || t[s - 1] == '.'))
		s--;
	size_t n = dot - s;
	if (n == 0)
		return false;
	/* a single capital letter is an initial: "J. Smith", "Franklin D. Roosevelt" */
	if (n == 1 && isupper((unsigned char)t[s]))
		return true;
	/* dotted capitals ("U.S", "A.I") */
	if (n >= 3 && memchr(t + s, '.', n)) {
		bool dotted = true;
		for (size_t i = s; i < dot; i++)
			if (!(((i - s) % 2 == 0) ? isalpha((unsigned char)t[i]) : t[i] == '.'))
				dotted = false;
		if (dotted)
			return true;
	}
	for (int i = 0; abbreviations[i]; i++)
		if (strlen(abbreviations[i]) == n && !strncasecmp(t + s, abbreviations[i], n))
			return true;
	return false;
}

/* Closing quotes and brackets that may follow the terminator. */
static size_t skip_closers(const char *t, size_t i, size_t len)
{
	for (;;) {
		if (i < len && (t[i] == '"' || t[i] == '\'' || t[i] == ')' || t[i] == ']')) {
			i++;
		} else if (i + 2 < len && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
			   ((unsigned char)t[i + 2] == 0x9D || (unsigned char)t[i + 2] == 0x99)) {
			i += 3;	/* ” ’ */
		} else {
			return i;
		}
	}
}

/* Does a sentence end right after the terminator at [i, after)?  after is
 * the index past the terminator and any closers. */
static bool ends_here(const char *t, size_t start, size_t len, size_t i, size_t after)
{
	if (after >= len)
		return true;
	if (t[after] != ' ')
		return false;
	size_t n = after + 1;
	if (n >= len)
		return true;
	unsigned char c = (unsigned char)t[n];
	/* "e.g. the", "3 p.m. today": a lowercase word continues */
	if (islower(c))
		return false;
	/* "Canonical Ltd. The company" stays one sentence: wrongly joining
	 * two sentences costs less than cutting "U.S. Army" in two */
	return !(t[i] == '.' && is_abbreviation(t, start, i));
}

static void push(struct sentences *out, const char *text, size_t s, size_t e, size_t base, uint32_t blk)
{
	while (s < e && (text[s] == ' ' || text[s] == '\t'))
		s++;
	while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t'))
		e--;
	if (e == s)
		return;
	/* a piece without a letter or digit ("--", "|") is no sentence */
	bool any = false;
	for (size_t i = s; i < e && !any; i++)
		any = isalnum((unsigned char)text[i]) || (unsigned char)text[i] >= 0x80;
	if (!any)
		return;
	out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
	struct sentence *st = &out->v[out->n++];
	st->off = base + s;
	st->len = e - s;
	st->block = blk;
}

void sentences_split(const char *text, size_t len, size_t base, uint32_t blk, struct sentences *out)
{
	size_t s = 0;
	for (size_t i = 0; i < len; i++) {
		size_t tlen = 0;
		unsigned char c = (unsigned char)text[i];
		if (c == '.' || c == '!' || c == '?')
			tlen = 1;
		else if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x80 &&
			 (unsigned char)text[i + 2] == 0xA6)
			tlen = 3;	/* … */
		if (!tlen)
			continue;
		/* runs like "?!" or "..." end together */
		size_t j = i + tlen;
		while (j < len && (text[j] == '.' || text[j] == '!' || text[j] == '?'))
			j++;
		size_t after = skip_closers(text, j, len);
		if (ends_here(text, s, len, i, after)) {
			push(out, text, s, after, base, blk);
			s = after;
		}
		i = after > i ? after - 1 : i;
	}
	push(out, text, s, len, base, blk);
}

void sentences_of_page(const struct page *p, struct sentences *out)
{
	for (size_t b = 0; b < p->nblocks; b++) {
		const struct block *bl = &p->blocks[b];
		if (bl->scope == SCOPE_ALT)
			continue;
		sentences_split(p->text.data + bl->off, bl->len, bl->off, (uint32_t)b, out);
	}
}

void sentences_release(struct sentences *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

size_t sentences_find(const struct sentences *s, size_t off)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid].off + s->v[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n && s->v[lo].off <= off)
		return lo;
	return (size_t)-1;
}
