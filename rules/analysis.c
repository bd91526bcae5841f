#include "rules/analysis.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/intern.h"
#include "common/xalloc.h"
#include "crawler/suppress.h"
#include "rules/consistency.h"
#include "rules/literal.h"
#include "rules/pattern.h"
#include "rules/prefilter.h"
#include "rules/readability.h"
#include "rules/sentences.h"
#include "rules/site.h"

static const char *const cue_categories[CUE_COUNT] = {
	"cue.problem", "cue.impact", "cue.evidence", "cue.superlative",
};

enum cue_kind analysis_cue_kind(const struct rule *r)
{
	const char *c = r->category;
	if (!c || strncmp(c, "cue.", 4))
		return CUE_NONE;
	for (int k = 0; k < CUE_COUNT; k++) {
		size_t n = strlen(cue_categories[k]);
		if (!strncmp(c, cue_categories[k], n) && (c[n] == '\0' || c[n] == '.'))
			return (enum cue_kind)k;
	}
	return CUE_NONE;
}

const char *analysis_category_name(enum score_category c)
{
	static const char *const names[CAT_COUNT] = {
		"clarity", "teaching", "evidence", "customer_focus", "readability",
	};
	return c < CAT_COUNT ? names[c] : "?";
}

static void analysis_free(void *arg);

const struct analysis *analysis_of(const struct page *p)
{
	return p->ext_free == analysis_free ? (const struct analysis *)p->ext : NULL;
}

static void analysis_free(void *arg)
{
	struct analysis *a = arg;
	if (!a)
		return;
	for (size_t i = 0; i < ANALYSIS_KEEP; i++) {
		if (a->problems)
			free(a->problems[i].text);
		if (a->impacts)
			free(a->impacts[i].text);
	}
	free(a->problems);
	free(a->impacts);
	free(a->finding_block);
	free(a->finding_boiler);
	free(a->dropped_block);
	free(a->quote);
	free(a->lead);
	consistency_facts_free(a->facts, a->nfacts);
	free(a->site_off);
	free(a);
}

void analysis_keep_facts(struct page *p, const struct claim_fact *v, size_t n)
{
	struct analysis *a = (struct analysis *)analysis_of(p);
	if (!a || !n)
		return;
	a->facts = xmalloc(n * sizeof *a->facts);
	memcpy(a->facts, v, n * sizeof *v);
	a->nfacts = n;
}

const struct claim_fact *analysis_facts(const struct page *p, size_t *n)
{
	const struct analysis *a = analysis_of(p);
	*n = a ? a->nfacts : 0;
	return a ? a->facts : NULL;
}

void analysis_site_rule_off(struct page *p, uint32_t ri)
{
	struct analysis *a = (struct analysis *)analysis_of(p);
	if (!a)
		return;
	a->site_off = xrealloc(a->site_off, (a->nsite_off + 1) * sizeof *a->site_off);
	a->site_off[a->nsite_off++] = ri;
}

bool analysis_site_rule_is_off(const struct page *p, uint32_t ri)
{
	const struct analysis *a = analysis_of(p);
	for (size_t i = 0; a && i < a->nsite_off; i++)
		if (a->site_off[i] == ri)
			return true;
	return false;
}

void analysis_insert_finding(struct page *p, const struct finding *f)
{
	struct analysis *a = (struct analysis *)analysis_of(p);
	size_t at = p->nfindings;
	while (at > 0 && (p->findings[at - 1].line > f->line ||
			  (p->findings[at - 1].line == f->line && p->findings[at - 1].col > f->col)))
		at--;
	page_add_finding(p);
	memmove(&p->findings[at + 1], &p->findings[at], (p->nfindings - 1 - at) * sizeof *f);
	p->findings[at] = *f;
	if (a && at < a->nfinding_block) {
		size_t nb = a->nfinding_block;
		a->finding_block = xrealloc(a->finding_block, (nb + 1) * sizeof *a->finding_block);
		memmove(&a->finding_block[at + 1], &a->finding_block[at], (nb - at) * sizeof *a->finding_block);
		a->finding_block[at] = 0;
		if (a->finding_boiler) {
			a->finding_boiler = xrealloc(a->finding_boiler, (nb + 1) * sizeof *a->finding_boiler);
			memmove(&a->finding_boiler[at + 1], &a->finding_boiler[at],
				(nb - at) * sizeof *a->finding_boiler);
			a->finding_boiler[at] = false;
		}
		a->nfinding_block = nb + 1;
	}
}

uint64_t analysis_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	bool space = false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n') {
			space = true;
			continue;
		}
		if (space) {
			h = (h ^ ' ') * 1099511628211ULL;
			space = false;
		}
		h = (h ^ (unsigned char)tolower(c)) * 1099511628211ULL;
	}
	return h ? h : 1;
}

/* ---- compiled cues ----------------------------------------------------- */

/* Cue rules are found like flag rules, through an Aho-Corasick prefilter
 * over their required literals, but each rule's regex then runs on the
 * one sentence holding the literal, not on the whole block: a cue is a
 * property of a sentence, and "^" in a cue pattern means its start. */
/* The compiled cues of a rule set: built by rule_set_prepare with its
 * prefilter, shared by every thread's matcher (the literal analysis and
 * the automaton cost most of startup). */
struct cue_set {
	struct ruleset cr;	/* shallow copies of the cue rules, own literals */
	uint32_t *map;		/* cr index -> rs index */
	uint8_t *kind;		/* per cr rule: enum cue_kind */
	bool *strong;		/* per cr rule: strong_cue() */
	uint32_t *always;	/* cr rules with no literal: tried on every sentence */
	size_t nalways;
	struct prefilter *pf;
};

struct analysis_cues {
	const struct ruleset *rs;
	const struct cue_set *set;	/* rs->cue_set, taken at each page */
	size_t *last;		/* per cr rule: 1 + last sentence tried */
	size_t nlast;
	pcre2_match_data *md;
	struct cue_hit *hits;
	size_t nhits, cap;
	struct cue_hit *pairs;	/* (rule, sentence) to try: rule = cr index, start = sentence */
	size_t npairs, pairs_cap;
	/* scan state */
	const struct sentences *ss;
	const struct page *page;
	size_t cursor;		/* sentence of the last literal hit */
};

/* The required literals of a cue rule, as the prefilter of flag rules
 * finds them (rules/literal.h); prefix or contains, each match holds one. */
static void cue_literals(struct rule *r)
{
	struct rule tmp;
	memset(&tmp, 0, sizeof tmp);
	/* one pattern: its lines are never split into scan_literals */
	rule_literals_extract(&r->pattern_src, 1, &tmp);
	r->literals = tmp.literals;
	r->nliterals = tmp.nliterals;
	r->always = tmp.always || !tmp.nliterals;
	tmp.literals = NULL;
	tmp.nliterals = 0;
	rule_literals_free(&tmp);	/* cues have no anchored tries to gate */
}

static bool strong_cue(const struct rule *r);

void analysis_cue_set_free(struct cue_set *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->cr.n; i++) {
		for (size_t j = 0; j < c->cr.rules[i].nliterals; j++)
			free(c->cr.rules[i].literals[j]);
		free(c->cr.rules[i].literals);
	}
	free(c->cr.rules);
	free(c->map);
	free(c->kind);
	free(c->strong);
	free(c->always);
	prefilter_free(c->pf);
	free(c);
}

struct cue_set *analysis_cue_set_build(const struct ruleset *rs)
{
	struct cue_set *c = xcalloc(1, sizeof *c);
	size_t cap = 0;
	c->map = xcalloc(rs->n ? rs->n : 1, sizeof *c->map);
	c->always = xcalloc(rs->n ? rs->n : 1, sizeof *c->always);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (!r->enabled || r->kind != RULE_FLAG || !r->re || !r->pattern_src ||
		    analysis_cue_kind(r) == CUE_NONE)
			continue;
		c->cr.rules = xgrow(c->cr.rules, &cap, c->cr.n + 1, sizeof *c->cr.rules);
		struct rule *copy = &c->cr.rules[c->cr.n];
		*copy = *r;
		cue_literals(copy);
		if (copy->always)
			c->always[c->nalways++] = (uint32_t)c->cr.n;
		c->map[c->cr.n++] = (uint32_t)i;
	}
	c->kind = xcalloc(c->cr.n ? c->cr.n : 1, sizeof *c->kind);
	c->strong = xcalloc(c->cr.n ? c->cr.n : 1, sizeof *c->strong);
	for (size_t i = 0; i < c->cr.n; i++) {
		c->kind[i] = (uint8_t)analysis_cue_kind(&c->cr.rules[i]);
		c->strong[i] = strong_cue(&c->cr.rules[i]);
	}
	c->pf = prefilter_build(&c->cr);
	return c;
}

struct analysis_cues *analysis_cues_new(const struct ruleset *rs)
{
	struct analysis_cues *c = xcalloc(1, sizeof *c);
	c->rs = rs;
	c->md = pcre2_match_data_create(1, NULL);	/* start and end only */
	if (!c->md)
		abort();
	return c;
}

void analysis_cues_free(struct analysis_cues *c)
{
	if (!c)
		return;
	free(c->last);
	pcre2_match_data_free(c->md);
	free(c->hits);
	free(c->pairs);
	free(c);
}

/* Run cue rule ci of c on sentence si, adding its matches to c->hits.
 * Returns whether it matched. */
static bool try_sentence(struct analysis_cues *c, uint32_t ci, size_t si)
{
	const struct sentence *st = &c->ss->v[si];
	const char *t = c->page->text.data + st->off;
	const struct rule_pattern *re = c->set->cr.rules[ci].re;
	size_t start = 0;
	bool any = false;
	while (start < st->len) {
		int rc = rule_pattern_exec(re, t, st->len, start, c->md);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
		if (ov[1] > ov[0]) {
			c->hits = xgrow(c->hits, &c->cap, c->nhits + 1, sizeof *c->hits);
			c->hits[c->nhits].rule = c->set->map[ci];
			c->hits[c->nhits].start = st->off + ov[0];
			c->hits[c->nhits].end = st->off + ov[1];
			c->hits[c->nhits].kind = c->set->kind[ci];
			c->nhits++;
			any = true;
			/* a rule counts once per sentence: only superlatives need
			 * every place (each is a finding) */
			if (c->set->kind[ci] != CUE_SUPERLATIVE)
				break;
		}
		start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	return any;
}

static bool scanned_scope(enum scope s)
{
	return s != SCOPE_CTA && s != SCOPE_ALT && s != SCOPE_TITLE;
}

static void add_pair(struct analysis_cues *c, uint32_t ci, size_t si)
{
	if (c->last[ci] == si + 1)
		return;
	c->last[ci] = si + 1;
	if (!scanned_scope(c->page->blocks[c->ss->v[si].block].scope))
		return;
	c->pairs = xgrow(c->pairs, &c->pairs_cap, c->npairs + 1, sizeof *c->pairs);
	c->pairs[c->npairs].rule = ci;
	c->pairs[c->npairs].start = si;
	c->npairs++;
}

static void on_literal(void *arg, uint32_t ci, size_t end, uint32_t litlen)
{
	struct analysis_cues *c = arg;
	(void)litlen;
	const struct sentences *ss = c->ss;
	size_t pos = end - 1;
	/* hits come in text order: move the cursor forward */
	while (c->cursor < ss->n && ss->v[c->cursor].off + ss->v[c->cursor].len <= pos)
		c->cursor++;
	if (c->cursor < ss->n && ss->v[c->cursor].off <= pos)
		add_pair(c, ci, c->cursor);
}

/* A strong cue can make a statement on its own; weak cues (|weight| < 2
 * in problem and impact) only add to sentences that already hold a
 * strong cue of their kind, which keeps the scan cheap: most sentences
 * name "you" or "teams" and nothing else. */
static bool strong_cue(const struct rule *r)
{
	enum cue_kind k = analysis_cue_kind(r);
	return k == CUE_EVIDENCE || k == CUE_SUPERLATIVE || r->weight >= 2 || r->weight <= -2;
}

/* A strong cue rule without a literal ("\\d+ ?%"): one scan per block,
 * which JIT start-up optimisations make cheap, instead of one call per
 * sentence.  "^" and "$" then mean the block's start and end. */
static void scan_blocks(struct analysis_cues *c, uint32_t ci, uint8_t *strong)
{
	const struct page *p = c->page;
	const struct rule *r = &c->set->cr.rules[ci];
	size_t end = c->ss->v[c->ss->n - 1].off + c->ss->v[c->ss->n - 1].len;
	for (size_t b = 0; b < p->nblocks && p->blocks[b].off < end; b++) {
		const struct block *bl = &p->blocks[b];
		if (!scanned_scope(bl->scope))
			continue;
		const char *t = p->text.data + bl->off;
		size_t start = 0;
		while (start < bl->len) {
			int rc = rule_pattern_exec(r->re, t, bl->len, start, c->md);
			if (rc < 0)
				break;
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
			size_t si = sentences_find(c->ss, bl->off + ov[0]);
			if (ov[1] > ov[0] && si != (size_t)-1) {
				c->hits = xgrow(c->hits, &c->cap, c->nhits + 1, sizeof *c->hits);
				c->hits[c->nhits].rule = c->set->map[ci];
				c->hits[c->nhits].start = bl->off + ov[0];
				c->hits[c->nhits].end = bl->off + ov[1];
				c->hits[c->nhits].kind = c->set->kind[ci];
				c->nhits++;
				if (r->weight > 0)
					strong[si] |= (uint8_t)(1u << c->set->kind[ci]);
			}
			start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
	}
}

/* All cue matches in the sentences of p, into c->hits. */
static void find_cues(struct analysis_cues *c, const struct page *p, const struct sentences *ss)
{
	c->nhits = 0;
	c->npairs = 0;
	c->ss = ss;
	c->page = p;
	c->cursor = 0;
	/* the cues of the rules as last prepared (rule_set_prepare) */
	c->set = c->rs->cue_set;
	size_t need = c->set && c->set->cr.n ? c->set->cr.n : 1;
	if (need > c->nlast) {
		free(c->last);
		c->last = xcalloc(need, sizeof *c->last);
		c->nlast = need;
	}
	if (!c->set || !ss->n || !c->set->cr.n)
		return;
	memset(c->last, 0, c->set->cr.n * sizeof *c->last);
	size_t end = ss->v[ss->n - 1].off + ss->v[ss->n - 1].len;
	prefilter_scan(c->set->pf, p->text.data, end, on_literal, c);
	uint8_t *strong = xcalloc(ss->n, 1);
	for (size_t k = 0; k < c->set->nalways; k++) {
		if (c->set->strong[c->set->always[k]])
			scan_blocks(c, c->set->always[k], strong);
		else
			for (size_t si = 0; si < ss->n; si++)
				add_pair(c, c->set->always[k], si);
	}
	for (size_t i = 0; i < c->npairs; i++) {
		const struct rule *r = &c->set->cr.rules[c->pairs[i].rule];
		uint32_t ci = c->pairs[i].rule;
		if (c->set->strong[ci] && try_sentence(c, ci, c->pairs[i].start) && r->weight > 0)
			strong[c->pairs[i].start] |= (uint8_t)(1u << c->set->kind[ci]);
	}
	for (size_t i = 0; i < c->npairs; i++) {
		uint32_t ci = c->pairs[i].rule;
		if (!c->set->strong[ci] && (strong[c->pairs[i].start] & (1u << c->set->kind[ci])))
			try_sentence(c, c->pairs[i].rule, c->pairs[i].start);
	}
	free(strong);
}

/* ---- cue weights per sentence ------------------------------------------ */

struct weighed {
	size_t sent;
	uint32_t rule;
	enum cue_kind kind;
};

static int weighed_cmp(const void *a, const void *b)
{
	const struct weighed *x = a, *y = b;
	if (x->sent != y->sent)
		return x->sent < y->sent ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return 0;
}

/* Sum, per sentence and cue kind, the weights of the distinct cue rules
 * that match in it: a rule counts once however often it matches. */
static double *weigh(const struct ruleset *rs, const struct sentences *ss, const struct cue_hit *hits,
		     size_t nhits)
{
	double *w = xcalloc(ss->n ? ss->n * CUE_COUNT : 1, sizeof *w);
	struct weighed *v = xcalloc(nhits ? nhits : 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < nhits; i++) {
		size_t s = sentences_find(ss, hits[i].start);
		enum cue_kind k = (enum cue_kind)hits[i].kind;
		if (s == (size_t)-1 || k == CUE_NONE)
			continue;
		v[n].sent = s;
		v[n].rule = hits[i].rule;
		v[n].kind = k;
		n++;
	}
	qsort(v, n, sizeof *v, weighed_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i && v[i].sent == v[i - 1].sent && v[i].rule == v[i - 1].rule)
			continue;
		w[v[i].sent * CUE_COUNT + v[i].kind] += rs->rules[v[i].rule].weight;
	}
	free(v);
	return w;
}

static void keep_sentence(struct quoted_sentence **parr, size_t *n, const struct page *p,
			  const struct sentence *s, double strength, bool quote)
{
	/* most pages keep none: the room is made on the first */
	if (!*parr)
		*parr = xcalloc(ANALYSIS_KEEP, sizeof **parr);
	struct quoted_sentence *arr = *parr;
	size_t slot = *n;
	if (slot >= ANALYSIS_KEEP) {
		/* keep the strongest: replace the weakest if this one beats it */
		size_t weakest = 0;
		for (size_t i = 1; i < ANALYSIS_KEEP; i++)
			if (arr[i].strength < arr[weakest].strength)
				weakest = i;
		(*n)++;
		if (arr[weakest].strength >= strength)
			return;
		free(arr[weakest].text);
		slot = weakest;
	} else {
		(*n)++;
	}
	arr[slot].text = xstrndup(p->text.data + s->off, s->len);
	arr[slot].line = page_line_at(p, s->off);
	arr[slot].strength = strength;
	arr[slot].quote = quote;
}

/* ---- findings: unsupported superlatives -------------------------------- */

static bool has_evidence(const double *w, const struct sentences *ss, size_t s)
{
	for (size_t i = s; i < ss->n && i <= s + 1; i++)
		if (w[i * CUE_COUNT + CUE_EVIDENCE] >= ANALYSIS_EVIDENCE_MIN ||
		    w[i * CUE_COUNT + CUE_IMPACT] >= ANALYSIS_IMPACT_MIN)
			return true;
	return false;
}

/* Is [s, e) already covered by a finding of a superlative rule? */
static bool already_flagged(const struct ruleset *rs, const struct page *p, size_t s, size_t e)
{
	for (size_t i = 0; i < p->nfindings; i++) {
		const struct finding *f = &p->findings[i];
		size_t fe = f->off + (f->match ? strlen(f->match) : 0);
		if (f->scope == SCOPE_PAGE || f->off >= e || fe <= s)
			continue;
		const struct rule *r = &rs->rules[f->rule_index];
		if (r->counts_buzzword)
			return true;
	}
	return false;
}

static void flag_superlative(struct page *p, const struct ruleset *rs, uint32_t ri,
			     const struct sentence *st, size_t ms, size_t me)
{
	const struct rule *r = &rs->rules[ri];
	struct finding *f = page_add_finding(p);
	f->rule = r->id;
	f->rule_index = ri;
	f->severity = r->severity;
	f->message = r->message;
	f->suggestion = r->suggestion;
	f->wording = true;	/* an unsupported superlative is an offending phrase */
	f->match = xstrndup(p->text.data + ms, me - ms);
	f->context = xstrndup(p->text.data + st->off, st->len);
	f->scope = p->blocks[st->block].scope;
	f->off = ms;
	f->line = page_line_at(p, ms);
}

static void check_superlatives(const struct ruleset *rs, struct page *p, struct analysis *a,
			       const struct sentences *ss, const double *w,
			       const struct cue_hit *hits, size_t nhits)
{
	size_t nf = p->nfindings;	/* only the rule engine's findings */
	for (size_t i = 0; i < nhits; i++) {
		const struct rule *r = &rs->rules[hits[i].rule];
		if (hits[i].kind != CUE_SUPERLATIVE)
			continue;
		size_t s = sentences_find(ss, hits[i].start);
		if (s == (size_t)-1 || a->quote[ss->v[s].block])
			continue;
		a->superlatives++;
		if (has_evidence(w, ss, s))
			continue;
		a->unsupported++;
		if (!r->enabled || !(r->page_types & (1u << p->type)))
			continue;
		size_t saved = p->nfindings;
		p->nfindings = nf;
		bool dup = already_flagged(rs, p, hits[i].start, hits[i].end);
		p->nfindings = saved;
		if (dup || (p->nsupp && supp_is_suppressed(p, r->id, hits[i].start)))
			continue;
		flag_superlative(p, rs, hits[i].rule, &ss->v[s], hits[i].start, hits[i].end);
	}
}

/* ---- customer focus ---------------------------------------------------- */

static bool title_sep(const char *t, size_t i, size_t *seplen)
{
	static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
					   " \xC2\xB7 ", ": ", " :: ", NULL};
	for (int k = 0; seps[k]; k++) {
		size_t n = strlen(seps[k]);
		if (!strncmp(t + i, seps[k], n)) {
			*seplen = n;
			return true;
		}
	}
	return false;
}

static const char *company_override;

void analysis_set_company(const char *name)
{
	company_override = name && *name ? name : NULL;
}

/* The company name: the last segment of a title like "Livepatch | Canonical"
 * when it looks like a name (one or two capitalised words, not a section
 * name such as "Blog" or "Security"). */
static char *company_from_title(const char *title)
{
	static const char *const generic[] = {
		"home", "blog", "docs", "documentation", "news", "security", "pricing", "products",
		"product", "solutions", "about", "careers", "contact", "support", "services",
		"resources", "guide", "guides", "features", "overview", "download", "downloads",
		"partners", "events", "community", "tutorials", "kb", "knowledge base", "help",
		"faq", "legal", "privacy", "terms", "press", "jobs", "engage", "case study",
		"case studies", "webinar", "whitepaper", "ubuntu pro", NULL,
	};
	if (!title)
		return NULL;
	size_t len = strlen(title), start = SIZE_MAX, seplen = 0;
	for (size_t i = 0; i < len; i++)
		if (title_sep(title, i, &seplen))
			start = i + seplen;
	if (start == SIZE_MAX || start >= len)
		return NULL;
	const char *seg = title + start;
	size_t n = len - start;
	while (n && seg[n - 1] == ' ')
		n--;
	if (!n || n > 40 || !isupper((unsigned char)seg[0]))
		return NULL;
	int words = 1;
	for (size_t i = 0; i < n; i++)
		if (seg[i] == ' ') {
			words++;
			if (i + 1 < n && !isupper((unsigned char)seg[i + 1]) && !isdigit((unsigned char)seg[i + 1]))
				return NULL;
		}
	if (words > 2)
		return NULL;
	for (int k = 0; generic[k]; k++)
		if (strlen(generic[k]) == n && !strncasecmp(seg, generic[k], n))
			return NULL;
	return xstrndup(seg, n);
}

/* 1: we/our/us (any case but "US", the country), 2: you/your, 0: other */
static int pronoun(const char *w, size_t n)
{
	char a[10];
	if (n < 2 || n > 10)
		return 0;
	/* every pronoun counted starts with w, u, o or y: most words stop here */
	char c0 = (char)(w[0] | 0x20);
	if (c0 != 'w' && c0 != 'u' && c0 != 'o' && c0 != 'y')
		return 0;
	for (size_t i = 0; i < n; i++)
		a[i] = (char)tolower((unsigned char)w[i]);
	switch (n) {
	case 2:
		if (!memcmp(a, "we", 2))
			return 1;
		if (!memcmp(a, "us", 2))
			return w[1] == 'S' ? 0 : 1;
		return 0;
	case 3:
		return !memcmp(a, "our", 3) ? 1 : !memcmp(a, "you", 3) ? 2 : 0;
	case 4:
		return !memcmp(a, "ours", 4) ? 1 : !memcmp(a, "your", 4) ? 2 : 0;
	case 5:
		return !memcmp(a, "yours", 5) ? 2 : 0;
	case 8:
		return !memcmp(a, "yourself", 8) ? 2 : 0;
	case 9:
		return !memcmp(a, "ourselves", 9) ? 1 : 0;
	case 10:
		return !memcmp(a, "yourselves", 10) ? 2 : 0;
	default:
		return 0;
	}
}

static void count_focus(const struct page *p, struct analysis *a)
{
	size_t cn = a->company ? strlen(a->company) : 0;
	for (size_t b = 0; b < p->nblocks; b++) {
		const struct block *bl = &p->blocks[b];
		/* a customer's "we" is the customer; alt text is not read */
		if (a->quote[b] || bl->scope == SCOPE_ALT || bl->scope == SCOPE_TITLE ||
		    bl->scope == SCOPE_META)
			continue;
		const char *t = p->text.data + bl->off;
		size_t len = bl->len;
		for (size_t i = 0; i < len;) {
			while (i < len && !isalpha((unsigned char)t[i]))
				i++;
			size_t st = i;
			while (i < len && (isalpha((unsigned char)t[i]) || (unsigned char)t[i] >= 0x80))
				i++;
			size_t n = i - st;
			if (!n)
				continue;
			/* "we're", "you've": the word stops at the apostrophe */
			int k = pronoun(t + st, n);
			if (k == 1)
				a->we++;
			else if (k == 2)
				a->you++;
			else if (cn && n <= cn && t[st] == a->company[0] && st + cn <= len &&
				 !strncmp(t + st, a->company, cn) &&
				 (st + cn >= len || !isalnum((unsigned char)t[st + cn])))
				a->company_mentions++;
		}
	}
}

/* ---- readability ------------------------------------------------------- */

static bool is_prose(enum scope s)
{
	return s == SCOPE_P || s == SCOPE_LI || s == SCOPE_TD || s == SCOPE_TEXT ||
	       s == SCOPE_QUOTE;
}

static void measure_readability(const struct page *p, const struct sentences *ss, struct analysis *a)
{
	struct readability r;
	memset(&r, 0, sizeof r);
	/* a sample is enough for a mean: long manuals stop at the cap */
	for (size_t i = 0; i < ss->n && r.sentences < ANALYSIS_READ_SAMPLE; i++) {
		const struct block *bl = &p->blocks[ss->v[i].block];
		if (is_prose(bl->scope) || a->quote[ss->v[i].block])
			read_add_sentence(&r, p->text.data + ss->v[i].off, ss->v[i].len);
	}
	a->prose_sentences = r.sentences;
	a->long_sentences = r.long_sentences;
	a->passive = r.passive;
	a->has_readability = r.sentences >= 3 && r.words >= 50;
	if (a->has_readability) {
		a->reading_ease = read_ease(&r);
		a->reading_grade = read_grade(&r);
		a->sentence_words = (double)r.words / (double)r.sentences;
	}
}

/* The hero: the h1 and the first paragraph after it (or the first
 * paragraph of the page). */
/* The hero: is it passive, and where does it start; its text (the lead)
 * only when keep_lead (the site consistency reads the home and key pages
 * only: rules/site.h). */
static void read_hero(const struct page *p, struct analysis *a, bool keep_lead)
{
	struct buf lead = BUF_INIT;
	bool seen_h1 = false, seen_p = false;
	for (size_t b = 0; b < p->nblocks && !(seen_h1 && seen_p); b++) {
		const struct block *bl = &p->blocks[b];
		const char *t = p->text.data + bl->off;
		if (a->quote[b])
			continue;
		if (bl->scope == SCOPE_H1 && !seen_h1) {
			seen_h1 = true;
		} else if (bl->scope == SCOPE_P && !seen_p) {
			seen_p = true;
		} else {
			continue;
		}
		if (read_is_passive(t, bl->len))
			a->hero_passive = true;
		if (!(seen_h1 && seen_p))	/* the first of the two */
			a->lead_line = bl->line;
		if (!keep_lead)
			continue;
		if (lead.len)
			buf_putc(&lead, ' ');
		buf_append(&lead, t, bl->len > 400 ? 400 : bl->len);
		if (bl->scope == SCOPE_H1)
			a->lead_h1 = (uint32_t)lead.len;
	}
	a->lead = lead.len ? buf_detach(&lead, NULL) : NULL;
	buf_release(&lead);
}

/* ---- quotes -------------------------------------------------------------- */

static bool starts_with_dash(const char *t, size_t len)
{
	while (len && *t == ' ')
		t++, len--;
	return (len && (*t == '-' || *t == '~')) ||
	       (len >= 3 && (unsigned char)t[0] == 0xE2 && (unsigned char)t[1] == 0x80 &&
		((unsigned char)t[2] == 0x93 || (unsigned char)t[2] == 0x94));
}

/* A paragraph in quotation marks with an attribution ("... ” — Jane Doe,
 * CIO" or a next block that starts with a dash) is a customer's words,
 * like a blockquote. */
static bool attributed_quote(const struct page *p, size_t b)
{
	const struct block *bl = &p->blocks[b];
	const unsigned char *t = (const unsigned char *)p->text.data + bl->off;
	size_t len = bl->len;
	if (len < 20)
		return false;
	bool open = t[0] == '"' || (t[0] == 0xE2 && t[1] == 0x80 && t[2] == 0x9C);
	if (!open)
		return false;
	/* the closing mark, and what follows it */
	for (size_t i = len; i-- > 1;) {
		bool close = t[i] == '"' || (i >= 2 && t[i - 2] == 0xE2 && t[i - 1] == 0x80 && t[i] == 0x9D);
		if (!close)
			continue;
		if (starts_with_dash((const char *)t + i + 1, len - i - 1))
			return true;
		if (i + 3 >= len)	/* the block ends with the quote: look at the next */
			return b + 1 < p->nblocks &&
			       starts_with_dash(p->text.data + p->blocks[b + 1].off, p->blocks[b + 1].len);
		return false;
	}
	return false;
}

static void mark_quotes(const struct page *p, struct analysis *a)
{
	a->quote = xcalloc(p->nblocks ? p->nblocks : 1, sizeof *a->quote);
	for (size_t b = 0; b < p->nblocks; b++)
		a->quote[b] = p->blocks[b].quoted || (p->text.data && attributed_quote(p, b));
}

/* ---- the run ----------------------------------------------------------- */

static bool counts_for_teaching(enum scope s)
{
	return s != SCOPE_CTA && s != SCOPE_ALT && s != SCOPE_TITLE;
}

void analysis_run(const struct ruleset *rs, struct analysis_cues *cues, struct page *p)
{
	if (p->ext && p->ext_free)
		p->ext_free(p->ext);
	struct analysis *a = xcalloc(1, sizeof *a);
	p->ext = a;
	p->ext_free = analysis_free;
	for (int c = 0; c < CAT_COUNT; c++)
		a->category[c] = -1;
	mark_quotes(p, a);

	struct sentences ss = {0};
	const struct cue_hit *hits = NULL;
	size_t nhits = 0;
	if (p->text.data) {
		sentences_of_page(p, &ss);
		if (cues) {
			/* posts and docs state what they are about early: their
			 * cues are looked for in the first sentences only */
			struct sentences head = ss;
			if ((p->type == PT_BLOG || p->type == PT_DOCS) && head.n > ANALYSIS_LONGFORM_SENTENCES)
				head.n = ANALYSIS_LONGFORM_SENTENCES;
			find_cues(cues, p, &head);
			hits = cues->hits;
			nhits = cues->nhits;
		}
	}
	a->sentences = ss.n;
	double *w = weigh(rs, &ss, hits, nhits);
	for (size_t i = 0; i < ss.n; i++) {
		const struct block *bl = &p->blocks[ss.v[i].block];
		if (!counts_for_teaching(bl->scope))
			continue;
		double pw = w[i * CUE_COUNT + CUE_PROBLEM], iw = w[i * CUE_COUNT + CUE_IMPACT];
		if (pw >= ANALYSIS_PROBLEM_MIN)
			keep_sentence(&a->problems, &a->nproblems, p, &ss.v[i], pw, a->quote[ss.v[i].block]);
		if (iw >= ANALYSIS_IMPACT_MIN)
			keep_sentence(&a->impacts, &a->nimpacts, p, &ss.v[i], iw, a->quote[ss.v[i].block]);
		if (!a->quote[ss.v[i].block] && w[i * CUE_COUNT + CUE_EVIDENCE] >= ANALYSIS_EVIDENCE_MIN)
			a->evidence_sentences++;
	}
	for (size_t b = 0; b < p->nblocks; b++)
		if (a->quote[b] && p->blocks[b].scope != SCOPE_ALT)
			a->quotes++;
	check_superlatives(rs, p, a, &ss, w, hits, nhits);
	a->company = company_override ? str_intern(company_override) : str_intern_take(company_from_title(p->title));
	if (p->text.data)
		count_focus(p, a);
	measure_readability(p, &ss, a);
	if (p->text.data)
		read_hero(p, a, p->type == PT_HOME || site_key_page_type(p->type));
	free(w);
	sentences_release(&ss);
	free(a->quote);
	a->quote = NULL;

	struct metrics *m = &p->metrics;
	m->has_analysis = true;
	m->problem = a->nproblems > 0;
	m->impact = a->nimpacts > 0;
	m->evidence = a->evidence_sentences + a->quotes;
	m->we = a->we + a->company_mentions;
	m->you = a->you;
	m->reading_grade = a->has_readability ? a->reading_grade : 0;
}

void analysis_site_blocks(struct site_blocks *sb, struct page *p)
{
	struct analysis *a = (struct analysis *)analysis_of(p);
	if (!a || !p->text.data)
		return;
	if (sb) {
		site_blocks_count(sb, p);
		a->site_blocks = sb;
	}
	free(a->finding_block);
	a->finding_block = xcalloc(p->nfindings ? p->nfindings : 1, sizeof *a->finding_block);
	a->nfinding_block = p->nfindings;
	for (size_t i = 0; i < p->nfindings; i++) {
		const struct finding *f = &p->findings[i];
		const struct block *bl = f->scope == SCOPE_PAGE ? NULL : page_block_at(p, f->off);
		a->finding_block[i] = bl ? analysis_hash(p->text.data + bl->off, bl->len) : 0;
	}
}

bool analysis_finding_in_boilerplate(const struct page *p, size_t i)
{
	const struct analysis *a = analysis_of(p);
	return a && a->finding_boiler && i < a->nfinding_block && a->finding_boiler[i];
}

bool analysis_metric(const struct page *p, const char *name, double *out)
{
	const struct analysis *a = analysis_of(p);
	if (!a)
		return false;
	if (!strcmp(name, "problem"))
		*out = a->nproblems > 0;
	else if (!strcmp(name, "impact"))
		*out = a->nimpacts > 0;
	else if (!strcmp(name, "problem_without_impact"))
		*out = a->nproblems > 0 && a->nimpacts == 0;
	else if (!strcmp(name, "evidence"))
		*out = (double)(a->evidence_sentences + a->quotes);
	else if (!strcmp(name, "unsupported_superlatives"))
		*out = (double)a->unsupported;
	else if (!strcmp(name, "we_share")) {
		size_t we = a->we + a->company_mentions;
		if (we + a->you < ANALYSIS_FOCUS_MIN)
			return false;
		*out = (double)we / (double)(we + a->you);
	} else if (!strcmp(name, "hero_passive"))
		*out = a->hero_passive;
	else if (!a->has_readability)
		return false;
	else if (!strcmp(name, "reading_grade"))
		*out = a->reading_grade;
	else if (!strcmp(name, "reading_ease"))
		*out = a->reading_ease;
	else if (!strcmp(name, "sentence_words"))
		*out = a->sentence_words;
	else if (!strcmp(name, "long_sentences"))
		*out = (double)a->long_sentences;
	else if (!strcmp(name, "passive_share"))
		*out = a->prose_sentences ? (double)a->passive / (double)a->prose_sentences : 0;
	else
		return false;
	return true;
}

char *analysis_limit_context(const struct page *p, const char *name)
{
	const struct analysis *a = analysis_of(p);
	if (!a)
		return NULL;
	if (!strcmp(name, "problem"))
		return xasprintf("none of the page's %zu sentences names a pain, risk or cost of the buyer",
				 a->sentences);
	if (!strcmp(name, "problem_without_impact") && a->nproblems) {
		const struct quoted_sentence *best = &a->problems[0];
		for (size_t i = 1; i < ANALYSIS_KEEP && i < a->nproblems; i++)
			if (a->problems[i].strength > best->strength)
				best = &a->problems[i];
		return xasprintf("problem stated (line %u): \"%s\"; nothing says what it costs", best->line,
				 best->text);
	}
	if (!strcmp(name, "we_share"))
		return xasprintf("we/our/us%s%s: %zu, you/your: %zu", a->company ? " and " : "",
				 a->company ? a->company : "", a->we + a->company_mentions, a->you);
	return NULL;
}
