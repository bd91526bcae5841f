#include "rules/match.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/keytab.h"
#include "common/xalloc.h"
#include "crawler/suppress.h"
#include "rules/analysis.h"
#include "rules/consistency.h"
#include "rules/pattern.h"
#include "rules/prefilter.h"
#include "rules/score.h"

struct cand {
	uint32_t rule;
	uint32_t block;
};

/* A place where a prefix-mode rule may match: an anchored try at start. */
struct pcand {
	uint32_t rule;
	uint32_t block;
	size_t start;
};

struct matcher {
	const struct ruleset *rs;
	struct pcand *pcands;
	size_t npcands, pcands_cap;
	pcre2_match_data *md;
	uint32_t *last_block;	/* per rule: 1 + last block queued */
	size_t *last_end;	/* per rule: end of its last anchored match (prefix mode) */
	size_t nrules;
	struct cand *cands;
	size_t ncands, cands_cap;
	uint32_t *gate_block;	/* per rule: 1 + last block with its gate (rule->gates) */
	size_t block_pcands;	/* where the current block's anchored candidates begin */
	/* scan state */
	const struct page *page;
	size_t cur_block;
	/* exception ranges for the current (rule, block) */
	size_t *exc;
	size_t nexc, exc_cap;
	/* (block << 32 | exception) where a literal of the exception occurs,
	 * sorted after the scan: elsewhere it cannot match */
	uint64_t *exc_marks;
	size_t nexc_marks, exc_marks_cap;
	/* the analysis cue rules, compiled for this thread */
	struct analysis_cues *cues;
	/* for sort_by_rule: a count per rule, and room for the sorted copy */
	size_t *rule_pos;
	unsigned char *scratch;
	size_t scratch_cap;
};

struct matcher *matcher_new(const struct ruleset *rs)
{
	struct matcher *m = xcalloc(1, sizeof *m);
	m->rs = rs;
	/* one pair: only where a match starts and ends is read, and a
	 * bigger vector is reset on every call (a third of the cost of a
	 * failing anchored try) */
	m->md = pcre2_match_data_create(1, NULL);
	if (!m->md)
		abort();
	m->nrules = rs->n;
	m->last_block = xcalloc(rs->n ? rs->n : 1, sizeof *m->last_block);
	m->cues = analysis_cues_new(rs);
	m->last_end = xcalloc(rs->n ? rs->n : 1, sizeof *m->last_end);
	m->gate_block = xcalloc(rs->n ? rs->n : 1, sizeof *m->gate_block);
	m->rule_pos = xcalloc(rs->n + 1, sizeof *m->rule_pos);
	return m;
}

void matcher_free(struct matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	free(m->last_block);
	free(m->last_end);
	free(m->cands);
	free(m->gate_block);
	free(m->pcands);
	free(m->exc);
	free(m->exc_marks);
	free(m->rule_pos);
	free(m->scratch);
	analysis_cues_free(m->cues);
	free(m);
}

size_t rule_count_words(const char *s, size_t len)
{
	size_t words = 0;
	bool in = false;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = u[i];
		bool w = isalnum(c) || c >= 0x80 ||
			 (in && (c == '\'' || c == '-') && i + 1 < len && isalnum(u[i + 1]));
		/* curly quotes and dashes (E2 80 xx) end a word */
		if (c == 0xE2 && i + 2 < len && u[i + 1] == 0x80)
			w = false;
		if (w && !in)
			words++;
		in = w;
		if (c == 0xE2 && i + 2 < len && u[i + 1] == 0x80) {
			i += 2;
			in = false;
		}
	}
	return words;
}

/* ---- candidates ------------------------------------------------------- */

/* The current block is scanned: drop its anchored candidates whose rule
 * has gates none of which occurred in it or scans it whole, and put the
 * rest in order of
 * start (then rule), so each rule reports its leftmost matches as an
 * unanchored scan would.  The lists are short: insertion sort. */
static void close_block(struct matcher *m)
{
	const struct rule *rules = m->rs->rules;
	uint32_t b = (uint32_t)m->cur_block;
	size_t k = m->block_pcands;
	for (size_t i = m->block_pcands; i < m->npcands; i++) {
		struct pcand c = m->pcands[i];
		if (rules[c.rule].ngates && m->gate_block[c.rule] != b + 1)
			continue;
		/* a block the rule scans whole (scan_literals) needs no tries */
		if (rules[c.rule].nscan && m->last_block[c.rule] == b + 1)
			continue;
		size_t j = k++;
		while (j > m->block_pcands &&
		       (m->pcands[j - 1].start > c.start ||
			(m->pcands[j - 1].start == c.start && m->pcands[j - 1].rule > c.rule))) {
			m->pcands[j] = m->pcands[j - 1];
			j--;
		}
		m->pcands[j] = c;
	}
	m->npcands = k;
	m->block_pcands = k;
}

static void on_hit(void *arg, uint32_t rule, size_t end, uint32_t len)
{
	struct matcher *m = arg;
	const struct page *p = m->page;
	size_t pos = end - 1;
	while (m->cur_block + 1 < p->nblocks && p->blocks[m->cur_block + 1].off <= pos) {
		close_block(m);
		m->cur_block++;
	}
	uint32_t b = (uint32_t)m->cur_block;
	if (rule & PREFILTER_GATE) {
		m->gate_block[rule & ~PREFILTER_GATE] = b + 1;
		return;
	}
	bool scan = rule & PREFILTER_SCAN;	/* the block is scanned whole, below */
	rule &= ~PREFILTER_SCAN;
	if (rule & PREFILTER_EXC) {
		uint64_t k = (uint64_t)b << 32 | (rule & ~PREFILTER_EXC);
		if (!m->nexc_marks || m->exc_marks[m->nexc_marks - 1] != k) {
			m->exc_marks = xgrow(m->exc_marks, &m->exc_marks_cap, m->nexc_marks + 1,
					     sizeof *m->exc_marks);
			m->exc_marks[m->nexc_marks++] = k;
		}
		return;
	}
	if (!scan && m->rs->rules[rule].prefix_mode) {
		if (end < len)	/* the literal would start before the text */
			return;
		m->pcands = xgrow(m->pcands, &m->pcands_cap, m->npcands + 1, sizeof *m->pcands);
		m->pcands[m->npcands].rule = rule;
		m->pcands[m->npcands].block = b;
		m->pcands[m->npcands].start = end - len;
		m->npcands++;
		return;
	}
	if (m->last_block[rule] == b + 1)
		return;
	m->last_block[rule] = b + 1;
	m->cands = xgrow(m->cands, &m->cands_cap, m->ncands + 1, sizeof *m->cands);
	m->cands[m->ncands].rule = rule;
	m->cands[m->ncands].block = b;
	m->ncands++;
}

/* Put the n candidates at v (each `size` bytes, starting with its rule
 * index) in rule order, keeping their order within a rule (block, then
 * start): a counting sort.  Each rule's regex then runs on all its places
 * in a row, with its compiled code in cache, instead of two hundred
 * programs taking turns.  The order of the findings does not change:
 * they are sorted by place at the end. */
static void sort_by_rule(struct matcher *m, void *v, size_t n, size_t size)
{
	if (n < 2)
		return;
	unsigned char *a = v;
	size_t *pos = m->rule_pos;
	memset(pos, 0, (m->nrules + 1) * sizeof *pos);
	for (size_t i = 0; i < n; i++) {
		uint32_t r;
		memcpy(&r, a + i * size, sizeof r);
		pos[r + 1]++;
	}
	for (size_t r = 0; r < m->nrules; r++)
		pos[r + 1] += pos[r];
	m->scratch = xgrow(m->scratch, &m->scratch_cap, n * size, 1);
	for (size_t i = 0; i < n; i++) {
		uint32_t r;
		memcpy(&r, a + i * size, sizeof r);
		memcpy(m->scratch + pos[r]++ * size, a + i * size, size);
	}
	memcpy(a, m->scratch, n * size);
}

static void collect_candidates(const struct ruleset *rs, struct matcher *m, const struct page *p)
{
	m->ncands = 0;
	m->npcands = 0;
	m->nexc_marks = 0;
	m->block_pcands = 0;
	m->page = p;
	m->cur_block = 0;
	memset(m->last_block, 0, m->nrules * sizeof *m->last_block);
	memset(m->gate_block, 0, m->nrules * sizeof *m->gate_block);
	if (!p->nblocks)
		return;
	if (rs->pf) {
		prefilter_scan(rs->pf, p->text.data, p->text.len, on_hit, m);
		close_block(m);
		sort_by_rule(m, m->pcands, m->npcands, sizeof *m->pcands);
		sort_by_rule(m, m->cands, m->ncands, sizeof *m->cands);
		if (m->nexc_marks > 1)
			qsort(m->exc_marks, m->nexc_marks, sizeof *m->exc_marks, keytab_cmp);
	}
	for (size_t r = 0; r < rs->n; r++) {
		if (!rs->rules[r].enabled || !rs->rules[r].always || rs->rules[r].kind == RULE_LIMIT)
			continue;
		for (size_t b = 0; b < p->nblocks; b++) {
			m->cands = xgrow(m->cands, &m->cands_cap, m->ncands + 1, sizeof *m->cands);
			m->cands[m->ncands].rule = (uint32_t)r;
			m->cands[m->ncands].block = (uint32_t)b;
			m->ncands++;
		}
	}
}

/* ---- context and columns ---------------------------------------------- */

static bool sentence_end(const char *t, size_t i, size_t end)
{
	char c = t[i];
	if (c != '.' && c != '!' && c != '?')
		return false;
	if (i + 1 >= end)
		return true;
	if (t[i + 1] != ' ')
		return false;
	/* "e.g. the" and "Mr. Smith": a lowercase word after it continues */
	return i + 2 < end && !islower((unsigned char)t[i + 2]);
}

static size_t utf8_back(const char *t, size_t i, size_t lo)
{
	while (i > lo && ((unsigned char)t[i] & 0xC0) == 0x80)
		i--;
	return i;
}

void rule_sentence_bounds(const char *t, size_t bs, size_t be, size_t ms, size_t me, size_t *ps,
			  size_t *pe)
{
	size_t s = ms;
	while (s > bs && !sentence_end(t, s - 1, be))
		s--;
	while (s < ms && t[s] == ' ')
		s++;
	size_t e = me;
	while (e < be && !sentence_end(t, e, be))
		e++;
	if (e < be)
		e++;
	*ps = s;
	*pe = e;
}

char *rule_context(const char *t, size_t bs, size_t be, size_t ms, size_t me)
{
	size_t s, e;
	rule_sentence_bounds(t, bs, be, ms, me, &s, &e);
	const size_t side = 80;
	bool lclip = false, rclip = false;
	if (ms - s > side) {
		s = utf8_back(t, ms - side, s);
		while (s < ms && t[s] != ' ')
			s++;
		lclip = true;
	}
	if (e - me > side) {
		e = utf8_back(t, me + side, me);
		while (e > me && t[e] != ' ')
			e--;
		rclip = true;
	}
	struct buf b = BUF_INIT;
	if (lclip)
		buf_puts(&b, "\xE2\x80\xA6");
	buf_append(&b, t + s, e - s);
	if (rclip)
		buf_puts(&b, "\xE2\x80\xA6");
	return buf_detach(&b, NULL);
}

struct lines {
	size_t *start;	/* start offset of line i+1 */
	size_t n;
};

static void lines_build(struct lines *l, const char *src, size_t len)
{
	size_t cap = 0;
	l->start = NULL;
	l->n = 0;
	l->start = xgrow(l->start, &cap, 1, sizeof *l->start);
	l->start[l->n++] = 0;
	for (const char *p = src, *end = src + len; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
		l->start = xgrow(l->start, &cap, l->n + 1, sizeof *l->start);
		l->start[l->n++] = (size_t)(p - src) + 1;
	}
}

static uint32_t chars_between(const char *s, size_t from, size_t to)
{
	uint32_t n = 0;
	for (size_t i = from; i < to; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Occurrences of needle (first n bytes, any case) in t[from, to). */
static size_t count_occurrences(const char *t, size_t from, size_t to, const char *needle, size_t n)
{
	size_t k = 0;
	for (size_t i = from; i + n <= to; i++)
		if (!strncasecmp(t + i, needle, n))
			k++, i += n - 1;
	return k;
}

/* Find the match near its block's line in the source to get its column
 * (and the exact line when the block spans several).  When the phrase
 * occurs more than once on the line, the occurrence with the same rank
 * in the copy is taken. */
static void locate(const struct page *p, const struct lines *l, struct finding *f)
{
	f->col = 1;
	if (!p->src || !f->match || !*f->match || f->line == 0 || f->line > l->n)
		return;
	size_t want = strlen(f->match);
	if (want > 24)
		want = 24;
	/* stop at the first space: the source may wrap the phrase */
	const char *sp = memchr(f->match, ' ', want);
	if (sp && sp > f->match + 2)
		want = (size_t)(sp - f->match);
	/* the rank of this occurrence since the text of its source line began */
	size_t seg = f->off;
	for (size_t i = p->nlines; i > 0; i--)
		if (p->lines[i - 1].off <= f->off) {
			seg = p->lines[i - 1].off;
			break;
		}
	size_t rank = count_occurrences(p->text.data, seg, f->off, f->match, want);
	size_t from = l->start[f->line - 1];
	size_t last = f->line + 3 < l->n ? l->start[f->line + 3] : p->src_len;
	for (size_t i = from; i + want <= last; i++) {
		if (strncasecmp(p->src + i, f->match, want))
			continue;
		if (rank) {
			rank--;
			i += want - 1;
			continue;
		}
		size_t ln = f->line - 1;
		while (ln + 1 < l->n && l->start[ln + 1] <= i)
			ln++;
		f->line = (uint32_t)ln + 1;
		f->col = chars_between(p->src, l->start[ln], i) + 1;
		return;
	}
}

/* ---- matching --------------------------------------------------------- */

/* The ranges of r's exceptions in block bi, text t[0, len). */
static void exceptions_for(struct matcher *m, const struct rule *r, size_t bi, const char *t, size_t len)
{
	m->nexc = 0;
	for (size_t k = 0; k < r->nexceptions; k++) {
		if (r->exceptions[k]->nneed && m->rs->pf) {
			uint64_t key = (uint64_t)bi << 32 | r->exc_ids[k];
			if (!m->nexc_marks ||
			    !bsearch(&key, m->exc_marks, m->nexc_marks, sizeof key, keytab_cmp))
				continue;	/* none of its literals in this block */
		}
		size_t start = 0;
		while (start <= len && rule_pattern_exec(r->exceptions[k], t, len, start, m->md) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
			m->exc = xgrow(m->exc, &m->exc_cap, m->nexc + 2, sizeof *m->exc);
			m->exc[m->nexc++] = ov[0];
			m->exc[m->nexc++] = ov[1];
			start = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
	}
}

static bool excepted(const struct matcher *m, size_t s, size_t e)
{
	for (size_t i = 0; i < m->nexc; i += 2)
		if (m->exc[i] < e && s < m->exc[i + 1])
			return true;
	return false;
}

static bool rule_applies(const struct rule *r, const struct page *p)
{
	return r->enabled && (r->page_types & (1u << p->type));
}

static bool scope_ok(const struct rule *r, const struct block *b)
{
	if (!(r->scopes & (1u << b->scope)))
		return false;
	return !b->quoted || (r->scopes & (1u << SCOPE_QUOTE));
}

static void add_flag(struct page *p, const struct ruleset *rs, uint32_t ri, const struct block *b,
		     size_t ms, size_t me)
{
	const struct rule *r = &rs->rules[ri];
	const char *t = p->text.data;
	struct finding *f = page_add_finding(p);
	f->rule = r->id;
	f->rule_index = ri;
	f->severity = r->severity;
	f->message = r->message;
	f->suggestion = r->suggestion;
	f->wording = r->counts_buzzword;
	f->match = xstrndup(t + ms, me - ms);
	f->context = rule_context(t, b->off, b->off + b->len, ms, me);
	f->scope = b->scope;
	f->off = ms;
	f->line = page_line_at(p, ms);
}

enum mode { FIRST, ADD, COUNT };

/* Figures kept per page for the site consistency check (a key page
 * states a handful: customers, countries, trial days, uptime). */
#define RULE_MAX_FACTS 8

/* Is the match [s, e) of rule r in block text t a finding: not cancelled
 * by an exception nor suppressed?  *exc_done caches the exception scan. */
static bool accept(struct matcher *m, const struct page *p, const struct rule *r,
		   const struct block *b, size_t s, size_t e, bool *exc_done)
{
	if (r->nexceptions) {
		if (!*exc_done) {
			exceptions_for(m, r, (size_t)(b - p->blocks), p->text.data + b->off, b->len);
			*exc_done = true;
		}
		if (excepted(m, s, e))
			return false;
	}
	return !(p->nsupp && supp_is_suppressed(p, r->id, b->off + s));
}

/* Try the prefix-mode rules at the places the prefilter found: one
 * anchored attempt each, skipping places inside the rule's previous
 * match.  filter says whether rule and block apply to the page. */
static size_t match_prefix(const struct ruleset *rs, struct matcher *m, struct page *p, enum mode mode,
			   bool (*filter)(const struct rule *, const struct page *, const struct block *))
{
	size_t found = 0;
	uint32_t exc_rule = UINT32_MAX, exc_block = UINT32_MAX;
	bool exc_done = false;
	/* candidates are in rule order (sort_by_rule), then in block order,
	 * and by start within a block (close_block) */
	for (size_t i = 0; i < m->npcands; i++) {
		const struct pcand *c = &m->pcands[i];
		const struct rule *r = &rs->rules[c->rule];
		const struct block *b = &p->blocks[c->block];
		/* last_block tags last_end with the block it belongs to */
		if (m->last_block[c->rule] != c->block + 1) {
			m->last_block[c->rule] = c->block + 1;
			m->last_end[c->rule] = 0;
		}
		if (exc_rule != c->rule || exc_block != c->block) {
			exc_rule = c->rule;
			exc_block = c->block;
			exc_done = false;
		}
		size_t rel = c->start - b->off;
		if (c->start < b->off || rel < m->last_end[c->rule] || (filter && !filter(r, p, b)))
			continue;
		const char *t = p->text.data + b->off;
		if (rule_pattern_exec(r->anchored, t, b->len, rel, m->md) < 0)
			continue;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		size_t s = ov[0], e = ov[1];
		if (e == s)
			continue;
		m->last_end[c->rule] = e;
		if (!accept(m, p, r, b, s, e, &exc_done))
			continue;
		found++;
		if (mode == ADD)
			add_flag(p, rs, c->rule, b, b->off + s, b->off + e);
	}
	return found;
}

/* Run rule ri over block b: stop at the first match, add findings, or
 * count matches.  Returns the number of matches. */
static size_t match_block(const struct ruleset *rs, struct matcher *m, struct page *p, uint32_t ri,
			  const struct block *b, enum mode mode)
{
	const struct rule *r = &rs->rules[ri];
	const char *t = p->text.data + b->off;
	size_t len = b->len, start = 0, found = 0;
	bool exc_done = false;
	while (start <= len) {
		int rc = rule_pattern_exec(r->re, t, len, start, m->md);
		if (rc < 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		size_t s = ov[0], e = ov[1];
		start = e > s ? e : s + 1;
		if (e == s)
			continue;
		/* accept() may reuse the match data; s and e are copied */
		if (!accept(m, p, r, b, s, e, &exc_done))
			continue;
		found++;
		if (mode == ADD)
			add_flag(p, rs, ri, b, b->off + s, b->off + e);
		else if (mode == FIRST)
			break;
	}
	return found;
}

static void page_finding(struct page *p, const struct ruleset *rs, uint32_t ri, char *context)
{
	const struct rule *r = &rs->rules[ri];
	struct finding *f = page_add_finding(p);
	f->rule = r->id;
	f->rule_index = ri;
	f->severity = r->severity;
	f->message = r->message;
	f->suggestion = r->suggestion;
	f->match = xstrdup("");
	f->context = context;
	f->scope = SCOPE_PAGE;
	f->line = p->nblocks ? p->blocks[0].line : 1;
	f->col = 1;
	f->off = 0;
}

static void run_require(const struct ruleset *rs, struct matcher *m, struct page *p, uint32_t ri)
{
	const struct rule *r = &rs->rules[ri];
	if (r->min_words && p->metrics.words < r->min_words)
		return;
	if (p->nsupp && supp_is_suppressed(p, r->id, 0))
		return;
	for (size_t i = 0; i < m->ncands; i++) {
		if (m->cands[i].rule != ri)
			continue;
		const struct block *b = &p->blocks[m->cands[i].block];
		if (scope_ok(r, b) && match_block(rs, m, p, ri, b, FIRST))
			return;
	}
	page_finding(p, rs, ri, xstrdup(p->title ? p->title : ""));
}

bool rule_metric_value(const struct page *p, const char *name, double *out)
{
	const struct metrics *mt = &p->metrics;
	if (!strcmp(name, "words"))
		*out = (double)mt->words;
	else if (!strcmp(name, "buzzwords"))
		*out = (double)mt->buzzwords;
	else if (!strcmp(name, "buzzword_density"))
		*out = mt->buzzword_density;
	else if (!mt->has_analysis)
		return false;
	else if (analysis_metric(p, name, out))
		return true;
	else if (!strcmp(name, "evidence"))
		*out = (double)mt->evidence;
	else if (!strcmp(name, "we"))
		*out = (double)mt->we;
	else if (!strcmp(name, "you"))
		*out = (double)mt->you;
	else
		return false;	/* we_share, reading_grade ...: analysis_metric said no */
	return true;
}

bool rule_metric_known(const char *name)
{
	static const char *const known[] = {
		"words", "buzzwords", "buzzword_density", "evidence", "we", "you", "we_share",
		"reading_grade", "reading_ease", "sentence_words", "long_sentences", "passive_share",
		"problem", "impact", "problem_without_impact", "unsupported_superlatives",
		"hero_passive", "site_conflicting_figures", "site_audience_mismatch", NULL,
	};
	for (int i = 0; known[i]; i++)
		if (!strcmp(known[i], name))
			return true;
	return false;
}

bool rule_limit_exceeded(const struct rule *r, const struct page *p, double v)
{
	return r->kind == RULE_LIMIT && rule_applies(r, p) &&
	       !(r->min_words && p->metrics.words < r->min_words) &&
	       ((r->has_max && v > r->max) || (r->has_min && v < r->min));
}

static void run_limit(const struct ruleset *rs, struct page *p, uint32_t ri)
{
	const struct rule *r = &rs->rules[ri];
	double v;
	if (!rule_metric_value(p, r->metric, &v) || !rule_limit_exceeded(r, p, v))
		return;
	if (p->nsupp && supp_is_suppressed(p, r->id, 0))
		return;
	char *why = analysis_limit_context(p, r->metric);
	if (!why && r->has_max && v > r->max)
		why = xasprintf("%s is %.1f, above the limit of %g", r->metric, v, r->max);
	else if (!why)
		why = xasprintf("%s is %.1f, below the minimum of %g", r->metric, v, r->min);
	page_finding(p, rs, ri, why);
}

/* Is every enabled limit rule on metric switched off at text offset off
 * by the page's inline comments?  False when there is none. */
static bool site_rules_suppressed(const struct ruleset *rs, const struct page *p, const char *metric,
				  size_t off)
{
	bool any = false;
	for (size_t i = 0; i < rs->n && p->nsupp; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->kind != RULE_LIMIT || !r->enabled || strcmp(r->metric, metric))
			continue;
		if (!supp_is_suppressed(p, r->id, off))
			return false;
		any = true;
	}
	return any;
}

static bool figure_suppressed(const struct page *p, size_t off, const void *arg)
{
	return site_rules_suppressed(arg, p, "site_conflicting_figures", off);
}

/* Site-level rules (metrics site_*) are judged after every page is
 * audited, when the pages' inline comments are gone: note now which of
 * them a comment switches off for the whole page, as run_limit would. */
static void note_site_suppressions(const struct ruleset *rs, struct page *p)
{
	for (uint32_t ri = 0; ri < rs->n && p->nsupp; ri++) {
		const struct rule *r = &rs->rules[ri];
		if (r->kind == RULE_LIMIT && r->enabled && !strncmp(r->metric, "site_", 5) &&
		    supp_is_suppressed(p, r->id, 0))
			analysis_site_rule_off(p, ri);
	}
}

static bool flag_applies(const struct rule *r, const struct page *p, const struct block *b)
{
	return r->kind == RULE_FLAG && rule_applies(r, p) && scope_ok(r, b);
}

void rule_run_page(const struct ruleset *rs, struct matcher *m, struct page *p)
{
	p->metrics.words = rule_count_words(p->text.data ? p->text.data : "", p->text.len);
	collect_candidates(rs, m, p);
	for (size_t i = 0; i < m->ncands; i++) {
		uint32_t ri = m->cands[i].rule;
		const struct rule *r = &rs->rules[ri];
		if (r->kind != RULE_FLAG || !rule_applies(r, p) || analysis_cue_kind(r) != CUE_NONE)
			continue;
		const struct block *b = &p->blocks[m->cands[i].block];
		if (scope_ok(r, b))
			match_block(rs, m, p, ri, b, ADD);
	}
	match_prefix(rs, m, p, ADD, flag_applies);
	size_t buzz = 0;
	for (size_t i = 0; i < p->nfindings; i++)
		if (rs->rules[p->findings[i].rule_index].counts_buzzword)
			buzz++;
	p->metrics.buzzwords = buzz;
	p->metrics.buzzword_density =
		p->metrics.words ? (double)buzz * 1000.0 / (double)p->metrics.words : 0;
	analysis_run(rs, m->cues, p);
	struct claim_fact facts[RULE_MAX_FACTS];
	size_t nfacts = 0;
	if (rs->wants_figures)
		nfacts = consistency_scan_facts(p, facts, RULE_MAX_FACTS, figure_suppressed, rs);
	note_site_suppressions(rs, p);
	for (uint32_t ri = 0; ri < rs->n; ri++)
		if (rs->rules[ri].kind == RULE_REQUIRE && rule_applies(&rs->rules[ri], p))
			run_require(rs, m, p, ri);
	for (uint32_t ri = 0; ri < rs->n; ri++)
		if (rs->rules[ri].kind == RULE_LIMIT && rule_applies(&rs->rules[ri], p))
			run_limit(rs, p, ri);
	if (p->src) {
		struct lines l;
		lines_build(&l, p->src, p->src_len);
		for (size_t i = 0; i < p->nfindings; i++)
			if (p->findings[i].scope != SCOPE_PAGE)
				locate(p, &l, &p->findings[i]);
		for (size_t i = 0; i < nfacts; i++)
			locate(p, &l, &facts[i].f);
		free(l.start);
	}
	analysis_keep_facts(p, facts, nfacts);
	page_sort_findings(p);
	analysis_site_blocks(rs->site_blocks, p);
}

/* The blocks of text[0, len) that start in [from, len) and end within
 * about `want` bytes, as a page of their own (p->text points into text;
 * block offsets are from `from`).  Returns where the next chunk starts. */
static size_t chunk_page(struct page *p, const char *text, size_t len, size_t from, size_t want)
{
	p->nblocks = 0;
	size_t s = from;
	while (s < len && (s == from || s - from < want)) {
		const char *nl = memchr(text + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - text) : len;
		p->blocks = xgrow(p->blocks, &p->blocks_cap, p->nblocks + 1, sizeof *p->blocks);
		struct block *b = &p->blocks[p->nblocks++];
		memset(b, 0, sizeof *b);
		b->scope = SCOPE_P;
		b->off = s - from;
		b->len = e - s;
		b->line = 1;
		s = e + 1;
	}
	p->text.data = (char *)text + from;
	p->text.len = (s < len ? s : len) - from;
	return s;
}

size_t rule_run_text(const struct ruleset *rs, struct matcher *m, const char *text, size_t len)
{
	/* In chunks of newline-separated blocks, the size of a long page: each
	 * chunk's text stays in cache from the scan to the last regex. */
	const size_t chunk = 64 * 1024;
	struct page *p = page_new();
	size_t n = 0;
	for (size_t from = 0; from < len;) {
		from = chunk_page(p, text, len, from, chunk);
		collect_candidates(rs, m, p);
		for (size_t i = 0; i < m->ncands; i++) {
			uint32_t ri = m->cands[i].rule;
			if (rs->rules[ri].kind != RULE_FLAG || !rs->rules[ri].enabled)
				continue;
			n += match_block(rs, m, p, ri, &p->blocks[m->cands[i].block], COUNT);
		}
		n += match_prefix(rs, m, p, COUNT, NULL);
	}
	p->text.data = NULL;
	p->text.len = 0;
	page_free(p);
	return n;
}
