#include "rules/prefilter.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "rules/literal.h"
#include "rules/ruleset.h"

/* Literals enter the automaton cut to PREFILTER_CUT bytes: thousands of
 * long literals ("address all of your ...") share short pieces, so the
 * automaton stays small enough for the cache.  A prefix-mode literal keeps
 * its first bytes, so a hit still says where a match would start; a
 * contains-mode literal keeps its rarest piece ("open source journey" is
 * entered as "ource journey", not "open source "), since any piece of a
 * required literal is required too.  The regex that follows checks the
 * rest. */
#ifndef PREFILTER_CUT
#define PREFILTER_CUT 12
#endif

/* A dense DFA over a compressed alphabet: every byte that occurs in some
 * literal (ASCII, lowercased) gets a class of its own, all other bytes
 * share class 0.  States are 32-bit; the transition table has
 * nstates * nclasses entries. */
struct prefilter {
	uint8_t cls[256];
	uint32_t nclasses;
	uint32_t nstates;
	uint32_t *next;		/* nstates * nclasses */
	uint16_t *next16;	/* the same, when every state fits in 16 bits: half the cache */
	uint32_t *out_start;	/* per state: first entry in outs, or UINT32_MAX */
	uint32_t *outs;		/* (rule index, literal length) pairs, runs ended by UINT32_MAX */
	size_t nouts;
};

struct trie {
	uint32_t *child;	/* nstates * nclasses, 0 = none (state 0 is the root) */
	uint32_t n, cap;
	uint32_t **rules;	/* per state: (rule, length) pairs of literals ending here */
	uint32_t *nrules;	/* pairs, so twice the entries */
};

static uint32_t trie_new_state(struct trie *t, uint32_t ncls)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->child = xrealloc(t->child, (size_t)t->cap * ncls * sizeof *t->child);
		t->rules = xrealloc(t->rules, t->cap * sizeof *t->rules);
		t->nrules = xrealloc(t->nrules, t->cap * sizeof *t->nrules);
	}
	uint32_t s = t->n++;
	memset(t->child + (size_t)s * ncls, 0, ncls * sizeof *t->child);
	t->rules[s] = NULL;
	t->nrules[s] = 0;
	return s;
}

static void trie_add_rule(struct trie *t, uint32_t s, uint32_t rule, uint32_t len)
{
	for (uint32_t i = 0; i < t->nrules[s]; i++)
		if (t->rules[s][2 * i] == rule && t->rules[s][2 * i + 1] == len)
			return;
	t->rules[s] = xrealloc(t->rules[s], 2 * (t->nrules[s] + 1) * sizeof **t->rules);
	t->rules[s][2 * t->nrules[s]] = rule;
	t->rules[s][2 * t->nrules[s] + 1] = len;
	t->nrules[s]++;
}

/* Letters of uncommon words (four letters or more) in lit[from, from + n). */
static size_t rarity(const char *lit, size_t from, size_t n)
{
	size_t score = 0, len = strlen(lit);
	for (size_t i = 0; i < len;) {
		while (i < len && !isalnum((unsigned char)lit[i]))
			i++;
		size_t w = i;
		while (i < len && isalnum((unsigned char)lit[i]))
			i++;
		if (i - w < 4 || literal_common_word(lit + w, i - w))
			continue;
		size_t a = w > from ? w : from, b = i < from + n ? i : from + n;
		if (b > a)
			score += b - a;
	}
	return score;
}

/* Where the rarest PREFILTER_CUT bytes of a literal start: at a word
 * start or at the tail. */
static size_t rarest_window(const char *lit)
{
	size_t len = strlen(lit);
	if (len <= PREFILTER_CUT)
		return 0;
	size_t best = 0, best_score = rarity(lit, 0, PREFILTER_CUT);
	for (size_t i = 1; i + PREFILTER_CUT <= len; i++) {
		if (i + PREFILTER_CUT != len && (lit[i - 1] != ' ' || lit[i] == ' '))
			continue;
		size_t sc = rarity(lit, i, PREFILTER_CUT);
		if (sc > best_score) {
			best = i;
			best_score = sc;
		}
	}
	return best;
}

struct prefilter *prefilter_build(const struct ruleset *rs)
{
	struct prefilter *pf = xcalloc(1, sizeof *pf);
	/* alphabet */
	bool used[256] = {false};
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (!r->enabled || r->always)
			continue;
		for (size_t j = 0; j < r->nliterals; j++)
			for (const unsigned char *p = (const unsigned char *)r->literals[j]; *p; p++)
				used[*p] = true;
	}
	pf->nclasses = 1;
	for (int b = 0; b < 256; b++)
		if (used[b])
			pf->cls[b] = (uint8_t)pf->nclasses++;
	/* fold ASCII upper case onto lower case */
	for (int b = 'A'; b <= 'Z'; b++)
		pf->cls[b] = pf->cls[b + 32];
	uint32_t ncls = pf->nclasses;

	struct trie t = {0};
	trie_new_state(&t, ncls);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (!r->enabled || r->always || r->kind == RULE_LIMIT)
			continue;
		for (size_t j = 0; j < r->nliterals; j++) {
			uint32_t s = 0;
			size_t from = r->prefix_mode ? 0 : rarest_window(r->literals[j]);
			size_t cut = strlen(r->literals[j]) - from;
			if (cut > PREFILTER_CUT)
				cut = PREFILTER_CUT;
			const unsigned char *lit = (const unsigned char *)r->literals[j] + from;
			for (const unsigned char *p = lit; p < lit + cut; p++) {
				uint32_t c = pf->cls[*p];
				uint32_t nx = t.child[(size_t)s * ncls + c];
				if (!nx) {
					nx = trie_new_state(&t, ncls);
					t.child[(size_t)s * ncls + c] = nx;
				}
				s = nx;
			}
			trie_add_rule(&t, s, (uint32_t)i, (uint32_t)(from + cut));
		}
	}

	/* breadth-first: failure links, full transitions, merged outputs */
	uint32_t n = t.n;
	uint32_t *fail = xcalloc(n, sizeof *fail);
	uint32_t *queue = xmalloc(n * sizeof *queue);
	pf->nstates = n;
	pf->next = xmalloc((size_t)n * ncls * sizeof *pf->next);
	memcpy(pf->next, t.child, (size_t)n * ncls * sizeof *pf->next);
	size_t qh = 0, qt = 0;
	for (uint32_t c = 0; c < ncls; c++) {
		uint32_t s = pf->next[c];
		if (s) {
			fail[s] = 0;
			queue[qt++] = s;
		}
	}
	while (qh < qt) {
		uint32_t s = queue[qh++];
		/* outputs of the failure state are outputs of s too */
		for (uint32_t i = 0; i < t.nrules[fail[s]]; i++)
			trie_add_rule(&t, s, t.rules[fail[s]][2 * i], t.rules[fail[s]][2 * i + 1]);
		for (uint32_t c = 0; c < ncls; c++) {
			uint32_t *slot = &pf->next[(size_t)s * ncls + c];
			if (*slot) {
				fail[*slot] = pf->next[(size_t)fail[s] * ncls + c];
				queue[qt++] = *slot;
			} else {
				*slot = pf->next[(size_t)fail[s] * ncls + c];
			}
		}
	}
	/* class 0 never continues a literal */
	pf->out_start = xmalloc(n * sizeof *pf->out_start);
	size_t total = 0;
	for (uint32_t s = 0; s < n; s++)
		total += t.nrules[s] ? 2 * t.nrules[s] + 1 : 0;
	pf->outs = xmalloc((total ? total : 1) * sizeof *pf->outs);
	size_t k = 0;
	for (uint32_t s = 0; s < n; s++) {
		if (!t.nrules[s]) {
			pf->out_start[s] = UINT32_MAX;
			continue;
		}
		pf->out_start[s] = (uint32_t)k;
		for (uint32_t i = 0; i < 2 * t.nrules[s]; i++)
			pf->outs[k++] = t.rules[s][i];
		pf->outs[k++] = UINT32_MAX;
	}
	pf->nouts = k;
	if (n <= UINT16_MAX) {
		pf->next16 = xmalloc((size_t)n * ncls * sizeof *pf->next16);
		for (size_t i = 0; i < (size_t)n * ncls; i++)
			pf->next16[i] = (uint16_t)pf->next[i];
		free(pf->next);
		pf->next = NULL;
	}
	for (uint32_t s = 0; s < n; s++)
		free(t.rules[s]);
	free(t.rules);
	free(t.nrules);
	free(t.child);
	free(fail);
	free(queue);
	return pf;
}

void prefilter_free(struct prefilter *pf)
{
	if (!pf)
		return;
	free(pf->next);
	free(pf->next16);
	free(pf->out_start);
	free(pf->outs);
	free(pf);
}

size_t prefilter_states(const struct prefilter *pf)
{
	return pf ? pf->nstates : 0;
}

struct pending {
	uint32_t rule, len;
	size_t end;
};

/* Two halves of the text run through the automaton in the same loop:
 * each step of one walk waits on the memory load of its previous state,
 * so interleaving two independent walks nearly doubles the bytes per
 * cycle.  The second walk starts PREFILTER_CUT - 1 bytes early so that a
 * literal across the middle is seen, and reports only what ends past the
 * middle; its hits are held back and delivered after the first half's,
 * so calls still come in order of end. */
static void scan16(const struct prefilter *pf, const unsigned char *u, size_t len,
		   prefilter_hit_fn hit, void *arg)
{
	const uint8_t *cls = pf->cls;
	const uint32_t *out_start = pf->out_start;
	const uint16_t *next = pf->next16;
	uint32_t ncls = pf->nclasses;
	size_t mid = len / 2;
	size_t b = mid - (PREFILTER_CUT - 1);
	size_t n2 = len - b;
	size_t n1 = mid;
	struct pending *held = NULL;
	size_t nheld = 0, held_cap = 0;
	uint32_t s1 = 0, s2 = 0;
	size_t i;
	for (i = 0; i < n1 && i < n2; i++) {
		s1 = next[s1 * ncls + cls[u[i]]];
		s2 = next[s2 * ncls + cls[u[b + i]]];
		uint32_t o1 = out_start[s1], o2 = out_start[s2];
		if (o1 != UINT32_MAX)
			for (const uint32_t *r = pf->outs + o1; *r != UINT32_MAX; r += 2)
				hit(arg, r[0], i + 1, r[1]);
		if (o2 != UINT32_MAX && b + i + 1 > mid)
			for (const uint32_t *r = pf->outs + o2; *r != UINT32_MAX; r += 2) {
				held = xgrow(held, &held_cap, nheld + 1, sizeof *held);
				held[nheld++] = (struct pending){r[0], r[1], b + i + 1};
			}
	}
	for (size_t j = i; j < n1; j++) {
		s1 = next[s1 * ncls + cls[u[j]]];
		uint32_t o = out_start[s1];
		if (o != UINT32_MAX)
			for (const uint32_t *r = pf->outs + o; *r != UINT32_MAX; r += 2)
				hit(arg, r[0], j + 1, r[1]);
	}
	for (size_t k = 0; k < nheld; k++)
		hit(arg, held[k].rule, held[k].end, held[k].len);
	for (size_t j = i; j < n2; j++) {
		s2 = next[s2 * ncls + cls[u[b + j]]];
		uint32_t o = out_start[s2];
		if (o != UINT32_MAX && b + j + 1 > mid)
			for (const uint32_t *r = pf->outs + o; *r != UINT32_MAX; r += 2)
				hit(arg, r[0], b + j + 1, r[1]);
	}
	free(held);
}

void prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
		    prefilter_hit_fn hit, void *arg)
{
	const unsigned char *u = (const unsigned char *)text;
	const uint8_t *cls = pf->cls;
	const uint32_t *out_start = pf->out_start;
	uint32_t ncls = pf->nclasses;
	uint32_t s = 0;
	if (pf->next16 && len >= 4 * PREFILTER_CUT) {
		scan16(pf, u, len, hit, arg);
		return;
	}
	if (pf->next16) {
		const uint16_t *next = pf->next16;
		for (size_t i = 0; i < len; i++) {
			s = next[s * ncls + cls[u[i]]];
			uint32_t o = out_start[s];
			if (o != UINT32_MAX)
				for (const uint32_t *r = pf->outs + o; *r != UINT32_MAX; r += 2)
					hit(arg, r[0], i + 1, r[1]);
		}
		return;
	}
	const uint32_t *next = pf->next;
	for (size_t i = 0; i < len; i++) {
		s = next[(size_t)s * ncls + cls[u[i]]];
		uint32_t o = out_start[s];
		if (o != UINT32_MAX)
			for (const uint32_t *r = pf->outs + o; *r != UINT32_MAX; r += 2)
				hit(arg, r[0], i + 1, r[1]);
	}
}
