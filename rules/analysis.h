/* Judging the messaging of one page beyond single words: problem and
 * impact statements, evidence, unsupported superlatives, customer focus
 * and readability.  Cues come from rule packs (rules with category
 * cue.problem, cue.impact, cue.evidence, cue.superlative; see
 * rules/packs/teaching.rules); how they combine is in doc/scoring.md.
 *
 * The results live in page->ext (struct analysis) so that they survive
 * page_compact; the booleans and counts are also copied to page->metrics
 * for the reports and for limit rules. */
#ifndef MSGAUDIT_ANALYSIS_H
#define MSGAUDIT_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/model.h"
#include "rules/ruleset.h"

/* A sentence is a problem statement when the weights of the distinct
 * cue.problem rules it matches add up to at least this; likewise impact
 * and evidence. */
#define ANALYSIS_PROBLEM_MIN 3.0
#define ANALYSIS_IMPACT_MIN 2.0
#define ANALYSIS_EVIDENCE_MIN 1.0
/* How many problem / impact sentences a page keeps to quote. */
#define ANALYSIS_KEEP 5
/* In posts and docs, cues are looked for in this many first sentences. */
#define ANALYSIS_LONGFORM_SENTENCES 60
/* Readability is measured over at most this many prose sentences, the
 * first ones of the page. */
#define ANALYSIS_READ_SAMPLE 150
/* we_share is only measured with at least this many pronouns. */
#define ANALYSIS_FOCUS_MIN 8

enum cue_kind { CUE_NONE = -1, CUE_PROBLEM, CUE_IMPACT, CUE_EVIDENCE, CUE_SUPERLATIVE, CUE_COUNT };

/* The cue kind of a rule, from its category; CUE_NONE for other rules. */
enum cue_kind analysis_cue_kind(const struct rule *r);

/* One match of a cue rule in page->text. */
struct cue_hit {
	uint32_t rule;
	size_t start, end;
	int kind;		/* enum cue_kind of the rule */
};

/* The cue rules of a rule set compiled into one PCRE2 pattern per cue
 * kind, one capture group per rule, so that a block is scanned once per
 * kind rather than once per rule.  Leftmost-first: where two rules of the
 * same kind match at the same place, the one defined first wins.  Build
 * one per thread (the match data is scratch); rules enabled or disabled
 * later are not seen. */
struct analysis_cues;
struct analysis_cues *analysis_cues_new(const struct ruleset *rs);
/* The compiled cue rules of rs, shared by its matchers (rule_set_prepare
 * builds them, rule_set_release frees them). */
struct cue_set *analysis_cue_set_build(const struct ruleset *rs);
void analysis_cue_set_free(struct cue_set *c);
void analysis_cues_free(struct analysis_cues *c);

/* A sentence quoted as positive evidence in the report. */
struct quoted_sentence {
	char *text;
	uint32_t line;
	double strength;	/* sum of the cue weights */
	bool quote;		/* inside a quotation: a customer's words */
};

/* Score categories (doc/scoring.md). */
enum score_category {
	CAT_CLARITY,
	CAT_TEACHING,
	CAT_EVIDENCE,
	CAT_FOCUS,
	CAT_READABILITY,
	CAT_COUNT
};
const char *analysis_category_name(enum score_category c);

struct site_blocks;
struct claim_fact;

struct analysis {
	/* ANALYSIS_KEEP each, or NULL when none was found */
	struct quoted_sentence *problems, *impacts;
	size_t nproblems, nimpacts;	/* all found (only ANALYSIS_KEEP kept) */
	size_t sentences;
	size_t evidence_sentences;
	size_t quotes;			/* quoted blocks (count as evidence) */
	size_t superlatives, unsupported;
	/* customer focus */
	const char *company;		/* from the title, or NULL (interned) */
	size_t we, you, company_mentions;
	/* readability */
	bool has_readability;		/* enough prose to measure */
	double reading_ease, reading_grade;
	size_t prose_sentences, long_sentences, passive;
	double sentence_words;		/* mean words per prose sentence */
	bool hero_passive;
	/* scores per category, -1 when not applicable */
	int category[CAT_COUNT];
	/* site level: where the page's short copy blocks were counted (see
	 * rules/site.h), and the block hash of each finding */
	struct site_blocks *site_blocks;
	uint64_t *finding_block;	/* parallel to page->findings; 0: page-level */
	size_t nfinding_block;
	bool *finding_boiler;		/* parallel: inside site boilerplate (site_mark_boilerplate) */
	size_t dropped_boiler;		/* repeats of boilerplate findings dropped (rules/site.h) */
	uint64_t *dropped_block;	/* the block hash of each, for the site counts */
	char *lead;			/* h1 and first paragraph, for consistency (home and
					 * key pages only; NULL on others) */
	uint32_t lead_line;		/* where the lead starts */
	uint32_t lead_h1;		/* length of the h1 at its start (0: none) */
	struct claim_fact *facts;	/* figures about the company (rules/consistency.h) */
	size_t nfacts;
	uint32_t *site_off;		/* site-level rules an inline comment switches off here */
	size_t nsite_off;
	bool *quote;			/* per block, while analysing: other people's words */
};

/* Use name (borrowed; NULL: guess from each page's title) as the
 * company whose mentions count with we/our/us.  Call before auditing. */
void analysis_set_company(const char *name);

/* The analysis of p, or NULL when none ran. */
const struct analysis *analysis_of(const struct page *p);

/* Analyse p (text and blocks present, p->type set, flag findings already
 * added): segment sentences, find and weigh the cues, add
 * evidence.unsupported-superlative findings, fill p->metrics
 * (has_analysis and the rest) and p->ext.  c may be NULL (no cues). */
void analysis_run(const struct ruleset *rs, struct analysis_cues *c, struct page *p);

/* After the findings are final and before page_compact: count the
 * page's short copy blocks in sb (shared by all pages of a run; may be
 * NULL) and remember which block each finding sits in, for site level. */
void analysis_site_blocks(struct site_blocks *sb, struct page *p);

/* Keep the figures of p (consistency_scan_facts, located): copies v. */
void analysis_keep_facts(struct page *p, const struct claim_fact *v, size_t n);
/* The figures kept for p; NULL and 0 when none. */
const struct claim_fact *analysis_facts(const struct page *p, size_t *n);
/* Site-level rule ri (a limit rule on a site_* metric) is switched off
 * on p by an inline comment; is it? */
void analysis_site_rule_off(struct page *p, uint32_t ri);
bool analysis_site_rule_is_off(const struct page *p, uint32_t ri);

/* Insert a copy of f (strings are taken over) into p's findings in line
 * order, keeping the site-level arrays parallel.  For site-level rules
 * that add findings after the pages are audited. */
void analysis_insert_finding(struct page *p, const struct finding *f);

/* Is finding i of p inside a copy block that site_mark_boilerplate
 * (rules/site.h) found on many pages? */
bool analysis_finding_in_boilerplate(const struct page *p, size_t i);

/* Metric values the analysis adds (problem, impact, problem_without_impact,
 * we_share, reading_ease, sentence_words, long_sentences, passive_share,
 * hero_passive, unsupported_superlatives, evidence).  false when the
 * metric is not one of these or was not measured. */
bool analysis_metric(const struct page *p, const char *name, double *out);

/* A context line for a page-level finding on metric name (quotes the
 * problem sentence for problem_without_impact), or NULL.  Caller frees. */
char *analysis_limit_context(const struct page *p, const char *name);

/* 64-bit FNV-1a of text lowercased (ASCII) with spaces collapsed. */
uint64_t analysis_hash(const char *s, size_t len);

#endif
