#include "rules/score.h"

#include <math.h>

int score_clarity(const struct metrics *m)
{
	double words = (double)(m->words > SCORE_MIN_WORDS ? m->words : SCORE_MIN_WORDS);
	double d = (double)m->buzzwords * 1000.0 / words;
	double s = 100.0 / (1.0 + (d / 20.0) * (d / 20.0));
	return (int)lround(s);
}

void score_page(struct page *p)
{
	p->score = score_clarity(&p->metrics);
}
