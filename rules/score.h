/* Scores, 0 to 100.  The formulas are documented in doc/scoring.md. */
#ifndef MSGAUDIT_SCORE_H
#define MSGAUDIT_SCORE_H

#include "common/model.h"

/* Below this many words, density is computed as if the page had this
 * many: two buzzwords in a 40-word hero are not a density of 50. */
#define SCORE_MIN_WORDS 200

/* Clarity from buzzword density: 100 / (1 + (d / 20)^2) where d is
 * buzzwords per 1,000 words (with the minimum length above). */
int score_clarity(const struct metrics *m);
/* Set p->score from what the page carries. */
void score_page(struct page *p);

#endif
