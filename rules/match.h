/* Running a rule set over one page: flag rules through the prefilter,
 * then require and limit rules; fills page->findings and page->metrics. */
#ifndef MSGAUDIT_MATCH_H
#define MSGAUDIT_MATCH_H

#include "common/model.h"
#include "rules/ruleset.h"

/* Per-thread scratch (PCRE2 match data, candidate lists). */
struct matcher;

struct matcher *matcher_new(const struct ruleset *rs);
void matcher_free(struct matcher *m);

/* Audit p with the enabled rules of rs.  p->type must be set.  Needs
 * p->text and p->blocks; uses p->src (when set) to find columns. */
void rule_run_page(const struct ruleset *rs, struct matcher *m, struct page *p);

/* Flag-rule matching alone over a text buffer treated as one page of
 * newline-separated blocks (for the engine benchmark).  Returns the
 * number of matches. */
size_t rule_run_text(const struct ruleset *rs, struct matcher *m, const char *text, size_t len);

/* The value of a metric by name (words, buzzwords, buzzword_density, and
 * the analysis metrics when computed).  false when unknown or absent. */
bool rule_metric_value(const struct page *p, const char *name, double *out);
/* Is name a metric some version of the analysis computes? */
bool rule_metric_known(const char *name);

/* Does limit rule r apply to p (enabled, its page types, its min_words)
 * and does v, the value of its metric there, break its limit? */
bool rule_limit_exceeded(const struct rule *r, const struct page *p, double v);

/* The sentence holding [ms, me) within the block [bs, be) of t: its
 * start (after spaces) and end (after its full stop), as findings
 * quote it. */
void rule_sentence_bounds(const char *t, size_t bs, size_t be, size_t ms, size_t me, size_t *s,
			  size_t *e);
/* That sentence as a finding's context, clipped to about 80 characters
 * each side of the match with "…" when it is long.  Caller frees. */
char *rule_context(const char *t, size_t bs, size_t be, size_t ms, size_t me);

/* Count words the way every metric does: runs of letters and digits
 * (apostrophes and hyphens inside a word keep it one word). */
size_t rule_count_words(const char *s, size_t len);

#endif
