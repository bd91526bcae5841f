#include "rules/prefilter.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "rules/literal.h"
#include "rules/pattern.h"
#include "rules/ruleset.h"

/* Literals enter the automaton cut to PREFILTER_CUT bytes: thousands of
 * long literals ("address all of your ...") share short pieces, so the
 * automaton stays small enough for the cache.  A prefix-mode literal keeps
 * its first bytes, so a hit still says where a match would start; a
 * contains-mode literal keeps its rarest piece ("open source journey" is
 * entered as "ource journey", not "open source "), since any piece of a
 * required literal is required too.  The regex that follows checks the
 * rest. */
#define OUT_BIT 0x8000u

enum prefilter_layout prefilter_force_layout = PREFILTER_AUTO;

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
	uint32_t first_out;	/* states from this number on have outputs */
	uint32_t shift;		/* next16 rows are 1 << shift entries apart */
	/* OUT_BIT when the states with outputs are numbered from OUT_BIT on
	 * (and the others below it): one test of the OR of all walks' states
	 * says whether any has hits; 0 otherwise */
	uint32_t out_bit;
	uint32_t *next;		/* nstates * nclasses */
	uint16_t *next16;	/* the same, when every state fits in 16 bits: half the cache */
	/* next16 is allocated with a copy of cls in the CLS_BEFORE bytes just
	 * before it: one base register reaches both */
	unsigned char *next16_block;
	uint32_t *out_start;	/* per state: first entry in outs, or UINT32_MAX */
	/* OUT_WIDTH entries per output: rule index, length from the literal's
	 * start to the window's end, and the literal to check (an index into
	 * lits, or NO_CHECK when the window is the whole literal); runs
	 * ended by UINT32_MAX */
	uint32_t *outs;
	size_t nouts;
	/* literals longer than their window: a hit of the window counts only
	 * where the whole literal is ("journey to t" stands for "journey to
	 * the cloud"), so most false hits end here instead of in a regex */
	struct lit {
		uint32_t off, len;	/* in litbuf */
	} *lits;
	size_t nlits, lits_cap;
	char *litbuf;
	size_t litbuf_len, litbuf_cap;
};

#define OUT_WIDTH 3
#define CLS_BEFORE 256	/* the walk's assembly reads the classes at -256 */
#define NO_CHECK UINT32_MAX

struct trie {
	uint32_t *child;	/* nstates * nclasses, 0 = none (state 0 is the root) */
	uint32_t n, cap;
	uint32_t **rules;	/* per state: outputs (OUT_WIDTH entries each) ending here */
	uint32_t *nrules;	/* outputs */
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

static void trie_add_rule(struct trie *t, uint32_t s, const uint32_t *out)
{
	for (uint32_t i = 0; i < t->nrules[s]; i++)
		if (!memcmp(t->rules[s] + OUT_WIDTH * i, out, OUT_WIDTH * sizeof *out))
			return;
	t->rules[s] = xrealloc(t->rules[s], OUT_WIDTH * (t->nrules[s] + 1) * sizeof **t->rules);
	memcpy(t->rules[s] + OUT_WIDTH * t->nrules[s], out, OUT_WIDTH * sizeof *out);
	t->nrules[s]++;
}

/* Keep literal for the check of a hit; returns its index in pf->lits. */
static uint32_t add_check(struct prefilter *pf, const char *literal, size_t len)
{
	pf->litbuf = xgrow(pf->litbuf, &pf->litbuf_cap, pf->litbuf_len + len, 1);
	memcpy(pf->litbuf + pf->litbuf_len, literal, len);
	pf->lits = xgrow(pf->lits, &pf->lits_cap, pf->nlits + 1, sizeof *pf->lits);
	pf->lits[pf->nlits] = (struct lit){(uint32_t)pf->litbuf_len, (uint32_t)len};
	pf->litbuf_len += len;
	return (uint32_t)pf->nlits++;
}

/* Words of four letters or more so frequent in web copy that a window of
 * the automaton should rather sit elsewhere: a literal entered by
 * "r experience" hits at every "user experience", one entered by
 * "outstanding " only where the claim may be.  Sorted. */
static const char *const frequent_words[] = {
	"about", "access", "across", "after", "agency", "also", "application", "applications",
	"available", "based", "been", "before", "best", "better", "both", "build", "business",
	"change", "changes", "cloud", "code", "community", "company", "content", "control",
	"could", "create", "customer", "customers", "data", "deploy", "design", "developer",
	"developers", "development", "different", "digital", "documentation", "does", "each",
	"enterprise", "environment", "even", "every", "example", "experience", "features",
	"find", "first", "from", "full", "future", "good", "government", "great", "growth",
	"have", "help", "here", "high", "including", "industry", "information",
	"infrastructure", "into", "just", "keep", "know", "learn", "like", "long", "make",
	"management", "many", "market", "modern", "more", "most", "need", "needs", "network",
	"office", "only", "open", "organization", "organizations", "other", "over", "part",
	"people", "performance", "platform", "power", "private", "process", "product",
	"production", "products", "project", "projects", "provide", "provides", "public",
	"quality", "read", "release", "research", "resources", "results", "same", "security",
	"server", "service", "services", "software", "solution", "solutions", "some", "source",
	"start", "storage", "success", "such", "support", "system", "systems", "take", "team",
	"teams", "technology", "than", "that", "their", "them", "then", "there", "these",
	"they", "this", "time", "today", "tools", "training", "update", "updates", "used",
	"user", "users", "using", "value", "version", "want", "well", "were", "what", "when",
	"which", "while", "will", "with", "work", "world", "would", "year", "years", "your",
};

static int word_cmp(const void *key, const void *elem)
{
	const char *k = key, *w = *(const char *const *)elem;
	size_t n = strlen(w);
	int c = strncmp(k, w, n);
	if (c)
		return c;
	return isalnum((unsigned char)k[n]) ? 1 : 0;
}

/* Is the word at w (ended by a character other than a letter or digit)
 * one of frequent_words or of the commonest short words? */
static bool frequent_word(const char *w, size_t n)
{
	return literal_common_word(w, n) ||
	       bsearch(w, frequent_words, sizeof frequent_words / sizeof *frequent_words,
		       sizeof *frequent_words, word_cmp);
}

/* Letters of uncommon words (four letters or more) in lit[from, from + n),
 * plus a bonus for each place where the window joins two words: a pair of
 * words ("tion journey") is much rarer than the long word alone
 * ("modernizatio"), which may be common in the copy at hand. */
static size_t rarity(const char *lit, size_t from, size_t n)
{
	size_t score = 0, len = strlen(lit);
	for (size_t i = from + 1; i + 1 < from + n && i + 1 < len; i++)
		if (lit[i] == ' ' && isalnum((unsigned char)lit[i - 1]) && isalnum((unsigned char)lit[i + 1]))
			score += 8;
	for (size_t i = 0; i < len;) {
		while (i < len && !isalnum((unsigned char)lit[i]))
			i++;
		size_t w = i;
		while (i < len && isalnum((unsigned char)lit[i]))
			i++;
		if (i - w < 4 || frequent_word(lit + w, i - w))
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

/* Enter a literal for output `out`: its rarest window of PREFILTER_CUT
 * bytes.  The output's length runs from the literal's start, so a hit
 * still says where the literal would start: a prefix-mode rule is tried
 * there ("infrastructure revolution" is found by "revolution", not by
 * every "infrastructu..."). */
static void trie_add_literal(struct trie *t, struct prefilter *pf, const char *literal,
			     uint32_t out)
{
	uint32_t ncls = pf->nclasses, s = 0;
	size_t from = rarest_window(literal), len = strlen(literal);
	size_t cut = len - from;
	if (cut > PREFILTER_CUT)
		cut = PREFILTER_CUT;
	const unsigned char *lit = (const unsigned char *)literal + from;
	for (const unsigned char *p = lit; p < lit + cut; p++) {
		uint32_t c = pf->cls[*p];
		uint32_t nx = t->child[(size_t)s * ncls + c];
		if (!nx) {
			nx = trie_new_state(t, ncls);
			t->child[(size_t)s * ncls + c] = nx;
		}
		s = nx;
	}
	uint32_t o[OUT_WIDTH] = {out, (uint32_t)(from + cut),
				 from + cut < len || from ? add_check(pf, literal, len) : NO_CHECK};
	trie_add_rule(t, s, o);
}

/* A rule's literals of one kind, and what their hits come as. */
struct litset {
	char *const *v;
	size_t n;
	uint32_t flag;	/* 0, PREFILTER_GATE or PREFILTER_SCAN */
};

/* The literal sets of rule r that the automaton holds (none when the
 * rule is off, runs everywhere, or is a limit rule); returns how many. */
static size_t rule_litsets(const struct rule *r, struct litset out[3])
{
	if (!r->enabled || r->always || r->kind == RULE_LIMIT)
		return 0;
	out[0] = (struct litset){r->literals, r->nliterals, 0};
	out[1] = (struct litset){r->gates, r->ngates, PREFILTER_GATE};
	out[2] = (struct litset){r->scan_literals, r->nscan, PREFILTER_SCAN};
	return 3;
}

struct prefilter *prefilter_build(const struct ruleset *rs)
{
	struct prefilter *pf = xcalloc(1, sizeof *pf);
	/* alphabet */
	bool used[256] = {false};
	for (size_t i = 0; i < rs->n; i++) {
		struct litset ls[3];
		size_t nls = rule_litsets(&rs->rules[i], ls);
		for (size_t k = 0; k < nls; k++)
			for (size_t j = 0; j < ls[k].n; j++)
				for (const unsigned char *p = (const unsigned char *)ls[k].v[j]; *p; p++)
					used[*p] = true;
	}
	for (size_t i = 0; i < rs->nexcs; i++)
		for (size_t j = 0; j < rs->excs[i]->nneed; j++)
			for (const unsigned char *p = (const unsigned char *)rs->excs[i]->need[j]; *p; p++)
				used[*p] = true;
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
		struct litset ls[3];
		size_t nls = rule_litsets(&rs->rules[i], ls);
		for (size_t k = 0; k < nls; k++)
			for (size_t j = 0; j < ls[k].n; j++)
				trie_add_literal(&t, pf, ls[k].v[j], (uint32_t)i | ls[k].flag);
	}
	for (size_t i = 0; i < rs->nexcs; i++)
		for (size_t j = 0; j < rs->excs[i]->nneed; j++)
			trie_add_literal(&t, pf, rs->excs[i]->need[j], (uint32_t)i | PREFILTER_EXC);

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
			trie_add_rule(&t, s, t.rules[fail[s]] + OUT_WIDTH * i);
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
	/* Renumber the states so that those with outputs come last: the scan
	 * then knows from the state number alone whether to look for hits,
	 * without a second load per byte.  The root (no outputs) stays 0. */
	uint32_t *perm = xmalloc(n * sizeof *perm);
	uint32_t q = 0;
	for (uint32_t s = 0; s < n; s++)
		if (!t.nrules[s])
			perm[s] = q++;
	pf->first_out = q;
	for (uint32_t s = 0, o = q; s < n; s++)
		if (t.nrules[s])
			perm[s] = o++;
	uint32_t **rules_by = xmalloc(n * sizeof *rules_by), *nrules_by = xmalloc(n * sizeof *nrules_by);
	for (uint32_t s = 0; s < n; s++) {
		rules_by[perm[s]] = t.rules[s];
		nrules_by[perm[s]] = t.nrules[s];
	}
	free(t.rules);
	free(t.nrules);
	t.rules = rules_by;
	t.nrules = nrules_by;
	/* the number space of the states: with OUT_BIT, a gap between the
	 * states without outputs and those with (their rows are never
	 * written, so never resident) */
	size_t space = n;
	if (q <= OUT_BIT && n - q < OUT_BIT && prefilter_force_layout == PREFILTER_AUTO) {
		for (uint32_t s = 0; s < n; s++)
			if (perm[s] >= q)
				perm[s] = perm[s] - q + OUT_BIT;
		pf->out_bit = OUT_BIT;
		pf->first_out = OUT_BIT;
		space = OUT_BIT + (n - q);
	}
	if (space <= UINT16_MAX && prefilter_force_layout != PREFILTER_WIDE32) {
		/* 16-bit states, renumbered as they are copied; rows a power of
		 * two apart: a shift, not a multiply, in the chain of dependent
		 * steps */
		while ((1u << pf->shift) < ncls)
			pf->shift++;
		pf->next16_block = xcalloc(CLS_BEFORE + (space << pf->shift) * sizeof *pf->next16, 1);
		memcpy(pf->next16_block, pf->cls, sizeof pf->cls);
		pf->next16 = (uint16_t *)(void *)(pf->next16_block + CLS_BEFORE);
		for (size_t s = 0; s < n; s++)
			for (uint32_t c = 0; c < ncls; c++)
				pf->next16[((size_t)perm[s] << pf->shift) + c] =
					(uint16_t)perm[pf->next[s * ncls + c]];
		free(pf->next);
		pf->next = NULL;
	} else {
		/* the 32-bit table is dense: no gap */
		if (pf->out_bit) {
			for (uint32_t s = 0; s < n; s++)
				if (perm[s] >= OUT_BIT)
					perm[s] = perm[s] - OUT_BIT + q;
			pf->out_bit = 0;
			pf->first_out = q;
			space = n;
		}
		uint32_t *renum = xmalloc((size_t)n * ncls * sizeof *renum);
		for (size_t s = 0; s < n; s++)
			for (uint32_t c = 0; c < ncls; c++)
				renum[(size_t)perm[s] * ncls + c] = perm[pf->next[s * ncls + c]];
		free(pf->next);
		pf->next = renum;
	}
	free(perm);
	pf->out_start = xmalloc(space * sizeof *pf->out_start);
	for (size_t s = 0; s < space; s++)
		pf->out_start[s] = UINT32_MAX;
	size_t total = 0;
	for (uint32_t s = 0; s < n; s++)
		total += t.nrules[s] ? OUT_WIDTH * t.nrules[s] + 1 : 0;
	pf->outs = xmalloc((total ? total : 1) * sizeof *pf->outs);
	size_t k = 0;
	for (uint32_t s = 0; s < n; s++) {
		if (!t.nrules[s])
			continue;
		/* t is in dense numbering; out_start in the state numbers */
		pf->out_start[pf->out_bit && s >= q ? s - q + OUT_BIT : s] = (uint32_t)k;
		for (uint32_t i = 0; i < OUT_WIDTH * t.nrules[s]; i++)
			pf->outs[k++] = t.rules[s][i];
		pf->outs[k++] = UINT32_MAX;
	}
	pf->nouts = k;
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
	free(pf->next16_block);
	free(pf->out_start);
	free(pf->outs);
	free(pf->lits);
	free(pf->litbuf);
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

/* Eight parts of the text run through the automaton in the same loop:
 * each step of one walk waits on the load of its previous state (the
 * table lives in L2), so interleaving independent walks multiplies the
 * bytes per cycle.  Walk k starts at k * d; from the second on, its first
 * PREFILTER_CUT - 1 bytes only warm its state up (the walk before covers
 * them), so a literal across the border is seen once.  Hits of walks
 * after the first are held back and delivered after those before, so
 * calls still come in order of end. */
#define WALKS 8

struct held {
	struct pending *v;
	size_t n, cap;
};

/* One scan of a text: where each walk starts (st) and from where it
 * reports (lo); a sequential scan is walk 0 alone, from 0. */
struct scan {
	const struct prefilter *pf;
	const unsigned char *u;
	size_t len;
	const size_t *st, *lo;
	struct held *held;
	prefilter_hit_fn hit;
	void *arg;
};

/* Is the literal of output r at the text's end - r[1]?  The automaton
 * saw only its window. */
static inline __attribute__((always_inline)) bool whole_literal(const struct scan *c, size_t end, const uint32_t *r)
{
	if (r[2] == NO_CHECK)
		return true;
	const struct lit *l = &c->pf->lits[r[2]];
	if (end < r[1] || end - r[1] + l->len > c->len)
		return false;
	const unsigned char *t = c->u + (end - r[1]), *w = (const unsigned char *)c->pf->litbuf + l->off;
	for (uint32_t i = 0; i < l->len; i++) {
		unsigned char ch = t[i];
		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		if (ch != w[i])
			return false;
	}
	return true;
}

static inline __attribute__((always_inline)) void deliver(const struct scan *c, uint32_t state, size_t end, int k)
{
	uint32_t o = c->pf->out_start[state];
	if (o == UINT32_MAX || end <= c->lo[k])
		return;
	for (const uint32_t *r = c->pf->outs + o; *r != UINT32_MAX; r += OUT_WIDTH) {
		if (!whole_literal(c, end, r))
			continue;
		if (!k) {
			c->hit(c->arg, r[0], end, r[1]);
			continue;
		}
		struct held *h = &c->held[k];
		h->v = xgrow(h->v, &h->cap, h->n + 1, sizeof *h->v);
		h->v[h->n++] = (struct pending){r[0], r[1], end};
	}
}

/* The hits of all walks at step i, out of the hot loop (the states come
 * one by one: an array would be packed on every step). */
static __attribute__((noinline)) void deliver_walks(const struct scan *c, size_t i, uint32_t s0,
						    uint32_t s1, uint32_t s2, uint32_t s3, uint32_t s4,
						    uint32_t s5, uint32_t s6, uint32_t s7)
{
	const uint32_t s[WALKS] = {s0, s1, s2, s3, s4, s5, s6, s7};
	for (int k = 0; k < WALKS; k++)
		if (s[k] & OUT_BIT)	/* the others have no outputs: no load */
			deliver(c, s[k], c->st[k] + i + 1, k);
}

/* The usual case, specialised: rows 64 entries apart and outputs from
 * OUT_BIT on, as constants; the walks' states in registers, their bytes
 * at multiples of one stride from one pointer; one OR and one test per
 * step for all walks.  Runs n steps and leaves the states in s. */
static void walk_fixed(const struct scan *c, size_t d, size_t n, uint32_t *s)
{
	const uint16_t *next = c->pf->next16;
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_ADDRESS__)
	/* The same loop in assembly.  GCC spills the walks' offsets and
	 * states to the stack (about eleven instructions a byte instead of
	 * seven); here all fourteen values stay in registers: the eight
	 * states; q and q4 = q + 4 * d, with d and d3 = 3 * d as index
	 * registers, reach the eight walks' bytes by x86 addressing; and the
	 * class table sits just before the transitions (CLS_BEFORE), so one
	 * base register serves both.  It runs until a step with an output,
	 * which is delivered in C, and goes on.  AddressSanitizer builds
	 * (which keep registers for themselves and cannot see into assembly
	 * anyway) run the C loop below. */
	uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, t;
	const unsigned char *q = c->u, *q4 = c->u + 4 * d, *end = c->u + n;
	const size_t d3 = 3 * d;
#define WALK_STEP(addr, st)                                                                        \
	"movzbl " addr ", %k[t]\n\t"                                                               \
	"movzbl -256(%[base],%[t]), %k[t]\n\t"                                                     \
	"shll $6, %k[" st "]\n\t"                                                                  \
	"addl %k[t], %k[" st "]\n\t"                                                               \
	"movzwl (%[base],%[" st "],2), %k[" st "]\n\t"
	while (q < end) {
		__asm__ volatile("1:\n\t"
				 WALK_STEP("(%[q])", "s0")
				 WALK_STEP("(%[q],%[d])", "s1")
				 WALK_STEP("(%[q],%[d],2)", "s2")
				 WALK_STEP("(%[q],%[d3])", "s3")
				 WALK_STEP("(%[q4])", "s4")
				 WALK_STEP("(%[q4],%[d])", "s5")
				 WALK_STEP("(%[q4],%[d],2)", "s6")
				 WALK_STEP("(%[q4],%[d3])", "s7")
				 "movl %k[s0], %k[t]\n\t"
				 "orl %k[s1], %k[t]\n\t"
				 "orl %k[s2], %k[t]\n\t"
				 "orl %k[s3], %k[t]\n\t"
				 "orl %k[s4], %k[t]\n\t"
				 "orl %k[s5], %k[t]\n\t"
				 "orl %k[s6], %k[t]\n\t"
				 "orl %k[s7], %k[t]\n\t"
				 "testl $0x8000, %k[t]\n\t"
				 "jnz 2f\n\t"
				 "addq $1, %[q]\n\t"
				 "addq $1, %[q4]\n\t"
				 "cmpq %[end], %[q]\n\t"
				 "jb 1b\n"
				 "2:"
				 : [s0] "+r"(s0), [s1] "+r"(s1), [s2] "+r"(s2), [s3] "+r"(s3),
				   [s4] "+r"(s4), [s5] "+r"(s5), [s6] "+r"(s6), [s7] "+r"(s7),
				   [q] "+r"(q), [q4] "+r"(q4), [t] "=&r"(t)
				 : [d] "r"(d), [d3] "r"(d3), [base] "r"(next), [end] "m"(end)
				 : "cc", "memory");
		if (q < end) {	/* stopped at a step with an output */
			deliver_walks(c, (size_t)(q - c->u), (uint32_t)s0, (uint32_t)s1, (uint32_t)s2,
				      (uint32_t)s3, (uint32_t)s4, (uint32_t)s5, (uint32_t)s6, (uint32_t)s7);
			q++;
			q4++;
		}
	}
#undef WALK_STEP
	s[0] = (uint32_t)s0, s[1] = (uint32_t)s1, s[2] = (uint32_t)s2, s[3] = (uint32_t)s3;
	s[4] = (uint32_t)s4, s[5] = (uint32_t)s5, s[6] = (uint32_t)s6, s[7] = (uint32_t)s7;
#else
	const uint8_t *cls = c->pf->cls;
	uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *q = c->u + i;
		s0 = next[((size_t)s0 << 6) + cls[q[0]]];
		s1 = next[((size_t)s1 << 6) + cls[q[d]]];
		s2 = next[((size_t)s2 << 6) + cls[q[2 * d]]];
		s3 = next[((size_t)s3 << 6) + cls[q[3 * d]]];
		s4 = next[((size_t)s4 << 6) + cls[q[4 * d]]];
		s5 = next[((size_t)s5 << 6) + cls[q[5 * d]]];
		s6 = next[((size_t)s6 << 6) + cls[q[6 * d]]];
		s7 = next[((size_t)s7 << 6) + cls[q[7 * d]]];
		if (__builtin_expect(!((s0 | s1 | s2 | s3 | s4 | s5 | s6 | s7) & OUT_BIT), 1))
			continue;
		deliver_walks(c, i, s0, s1, s2, s3, s4, s5, s6, s7);
	}
	s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3, s[4] = s4, s[5] = s5, s[6] = s6, s[7] = s7;
#endif
}

static void scan16(const struct prefilter *pf, const unsigned char *u, size_t len,
		   prefilter_hit_fn hit, void *arg)
{
	const uint8_t *cls = pf->cls;
	const uint16_t *next = pf->next16;
	uint32_t sh = pf->shift, q = pf->first_out;
	const size_t warm = PREFILTER_CUT - 1, d = (len - warm) / WALKS;
	/* every walk runs n steps together; the last one then its rest */
	size_t lo[WALKS], st[WALKS], en[WALKS], n = d + warm;
	uint32_t s[WALKS];
	struct held held[WALKS];
	memset(held, 0, sizeof held);
	for (int k = 0; k < WALKS; k++) {
		st[k] = (size_t)k * d;
		lo[k] = k ? st[k] + warm : 0;
		en[k] = k + 1 < WALKS ? (size_t)(k + 1) * d + warm : len;
		s[k] = 0;
	}
	const struct scan c = {pf, u, len, st, lo, held, hit, arg};
	size_t i = 0;
	if (pf->out_bit == OUT_BIT && sh == 6 && WALKS == 8) {
		walk_fixed(&c, d, n, s);
		i = n;
	}
	for (; i < n; i++) {
		unsigned any = 0;
#pragma GCC unroll 16
		for (int k = 0; k < WALKS; k++) {
			s[k] = next[(s[k] << sh) + cls[u[st[k] + i]]];
			any |= s[k] >= q;
		}
		if (!any)
			continue;
		for (int k = 0; k < WALKS; k++)
			deliver(&c, s[k], st[k] + i + 1, k);
	}
	for (int k = 0; k < WALKS; k++) {
		for (size_t j = st[k] + i; j < en[k]; j++) {
			s[k] = next[(s[k] << sh) + cls[u[j]]];
			deliver(&c, s[k], j + 1, k);
		}
		if (k)
			for (size_t h = 0; h < held[k].n; h++)
				hit(arg, held[k].v[h].rule, held[k].v[h].end, held[k].v[h].len);
		free(held[k].v);
	}
}

void prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
		    prefilter_hit_fn hit, void *arg)
{
	const unsigned char *u = (const unsigned char *)text;
	const uint8_t *cls = pf->cls;
	uint32_t ncls = pf->nclasses;
	uint32_t s = 0;
	if (pf->next16 && len >= 2 * WALKS * PREFILTER_CUT) {
		scan16(pf, u, len, hit, arg);
		return;
	}
	const size_t zero = 0;
	const struct scan c = {pf, u, len, &zero, &zero, NULL, hit, arg};
	for (size_t i = 0; i < len; i++) {
		if (pf->next16)
			s = pf->next16[(s << pf->shift) + cls[u[i]]];
		else
			s = pf->next[(size_t)s * ncls + cls[u[i]]];
		deliver(&c, s, i + 1, 0);
	}
}
