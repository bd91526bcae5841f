/* Scores, 0 to 100.  The formulas are documented in doc/scoring.md. */
#ifndef MSGAUDIT_SCORE_H
#define MSGAUDIT_SCORE_H

#include "common/model.h"

/* Below this many words, density is computed as if the page had this
 * many: two buzzwords in a 40-word hero are not a density of 50. */
#define SCORE_MIN_WORDS 200
/* Teaching and evidence are only scored on pages with at least this many
 * words: a 30-word banner is not expected to teach or prove anything. */
#define SCORE_CATEGORY_MIN_WORDS 120

/* Clarity from buzzword density: 100 / (1 + (d / 20)^2) where d is
 * buzzwords per 1,000 words (with the minimum length above). */
int score_clarity(const struct metrics *m);
/* Set p->score from what the page carries: the weighted mean of the
 * category scores that apply to its type (clarity alone when the page
 * carries no analysis).  The category scores are kept in the page's
 * analysis (rules/analysis.h) for the reports. */
void score_page(struct page *p);
/* How much a page of type t counts in the site score. */
double score_type_weight(enum page_type t);
/* The site score: the mean of the page scores weighted by
 * score_type_weight, skipping failed pages; -1 when none counts. */
int score_site(struct page *const *pages, size_t n);

#endif
