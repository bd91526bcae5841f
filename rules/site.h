/* Site-level analysis over the audited pages (after page_compact): copy
 * blocks repeated on many pages (boilerplate), the value proposition of
 * the home page and which key pages echo it, the worst and best pages,
 * and the phrases flagged most often.  See doc/scoring.md. */
#ifndef MSGAUDIT_SITE_H
#define MSGAUDIT_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/model.h"

/* A block is boilerplate when it appears on at least this many pages and
 * on at least SITE_BOILER_SHARE of the pages of its site. */
#define SITE_BOILER_MIN_PAGES 3
#define SITE_BOILER_SHARE 0.1
#define SITE_TOP 10
/* Longer blocks are not kept for the boilerplate check. */
#define SITE_BLOCK_MAX 240
/* A key page echoes the value proposition when it repeats at least this
 * share of its key words in its own title, description, h1 and lead. */
#define SITE_ECHO_MIN 0.2
/* Two headlines are one claim in other words when they share at least
 * three key words and this share of the key words of both, or two and
 * SITE_VARIANT_CLOSE; and no subject word (a name, a number) is on one
 * side only. */
#define SITE_VARIANT_JACCARD 0.5
#define SITE_VARIANT_CLOSE 0.8
/* A claim is reported when it has at least this many phrasings. */
#define SITE_VARIANTS_MIN 3
/* Headlines and descriptions compared pairwise, at most (the first key
 * pages in report order): a shop of 10,000 product pages stays fast. */
#define SITE_VARIANTS_MAX_CLAIMS 600

struct site_block {
	char *text;		/* first occurrence */
	enum scope scope;
	size_t pages;		/* pages it appears on */
	size_t findings;	/* findings inside it, over all pages */
	const char *rule;	/* the most frequent rule among them, or NULL */
};

struct site_phrase {
	char *phrase;		/* lowercased match */
	const char *rule;
	size_t count;		/* findings */
	size_t pages;
};

struct site_page_ref {
	const struct page *page;
	int score;
};

struct site_echo {
	const struct page *page;
	double overlap;		/* share of the value proposition's key words */
};

struct site_audience {
	const struct page *page;	/* a key page */
	const char *page_audience;	/* whom its main claim speaks to */
	const char *home_audience;	/* whom the home page speaks to */
};

/* One claim phrased several ways: the phrasings and their pages. */
struct site_variants {
	char **text;
	const struct page **page;
	size_t n;
};

struct figure_conflict;

struct site_summary {
	char *site;		/* the target */
	size_t pages;
	int score;		/* weighted by page type (rules/score.h) */
	struct site_block *boiler;
	size_t nboiler;
	size_t boiler_findings;	/* page findings that sit in boilerplate */
	struct site_phrase *phrases;	/* top flagged phrases, most first */
	size_t nphrases;
	struct site_page_ref worst[SITE_TOP], best[SITE_TOP];
	size_t nworst, nbest;
	/* consistency */
	const struct page *home;
	char *value_prop;	/* home title, meta description and h1 */
	struct site_echo *echo;	/* key pages (product, solution, about, pricing) */
	size_t necho;
	size_t echoing;		/* how many key pages echo it */
	struct figure_conflict *conflicts;	/* figures that differ (rules/consistency.h) */
	size_t nconflicts;
	struct site_audience *audience;	/* key pages speaking to another audience */
	size_t naudience;
	struct site_variants *variants;	/* the same claim phrased many ways */
	size_t nvariants;
	/* customer focus over the site */
	size_t we, you;
};

struct site_report {
	struct site_summary *v;
	size_t n;
};

/* The key pages the site consistency reads besides home: product,
 * solution, about and pricing. */
bool site_key_page_type(enum page_type t);

/* Short copy blocks counted as pages are audited: for each site, on how
 * many pages each block appears.  One per run, shared by the worker
 * threads (it locks); each distinct block costs a few bytes, and its text
 * is kept only once it is seen on a second page, so memory does not grow
 * with the pages of a site that are all different. */
struct site_blocks;
struct site_blocks *site_blocks_new(void);
void site_blocks_free(struct site_blocks *sb);
/* Count the short blocks of p (text and blocks present) once each. */
void site_blocks_count(struct site_blocks *sb, const struct page *p);

/* Analyse pages grouped by page->site.  Pages without analysis count for
 * ranking only. */
struct site_report *site_analyze(struct page *const *pages, size_t n);
void site_report_free(struct site_report *r);

/* After all pages are audited: mark, in each page's analysis, the findings
 * that sit in boilerplate of their site, so that reports can show them
 * once (analysis_finding_in_boilerplate). */
void site_mark_boilerplate(struct page *const *pages, size_t n);

/* Then drop, from every page but the first that has it, a finding that
 * sits in a boilerplate block (same block, rule and phrase): the block
 * is one template, reported once on its first page (marked boilerplate)
 * and at site level with the number of pages it appears on.  Each
 * page's analysis counts what was dropped (dropped_boiler). */
void site_drop_repeated_boilerplate(struct page *const *pages, size_t n);

/* Add the findings of the site consistency rules (limit rules on the
 * metrics site_conflicting_figures and site_audience_mismatch, see
 * rules/consistency.h) to the pages of each site.  After the pages are
 * audited; findings go in line order. */
struct ruleset;
void site_add_consistency_findings(const struct ruleset *rs, struct page *const *pages, size_t n);

#endif
