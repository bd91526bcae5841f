#include "rules/score.h"

#include <math.h>
#include <stdbool.h>

#include "rules/analysis.h"

int score_clarity(const struct metrics *m)
{
	double words = (double)(m->words > SCORE_MIN_WORDS ? m->words : SCORE_MIN_WORDS);
	double d = (double)m->buzzwords * 1000.0 / words;
	double s = 100.0 / (1.0 + (d / 20.0) * (d / 20.0));
	return (int)lround(s);
}

/* Category weights in the overall score (Lighthouse-style). */
static const double category_weight[CAT_COUNT] = {
	[CAT_CLARITY] = 30,
	[CAT_TEACHING] = 25,
	[CAT_EVIDENCE] = 20,
	[CAT_FOCUS] = 15,
	[CAT_READABILITY] = 10,
};

#define T(x) (1u << (x))
/* Which page types each category applies to. */
static const uint32_t category_types[CAT_COUNT] = {
	[CAT_CLARITY] = ~0u,
	[CAT_TEACHING] = T(PT_HOME) | T(PT_PRODUCT) | T(PT_SOLUTION) | T(PT_ABOUT),
	[CAT_EVIDENCE] = T(PT_HOME) | T(PT_PRODUCT) | T(PT_SOLUTION) | T(PT_ABOUT) |
			 T(PT_CASE_STUDY) | T(PT_PRICING) | T(PT_OTHER),
	[CAT_FOCUS] = T(PT_HOME) | T(PT_PRODUCT) | T(PT_SOLUTION) | T(PT_ABOUT) | T(PT_PRICING) |
		      T(PT_FORM) | T(PT_OTHER),
	[CAT_READABILITY] = ~(T(PT_LEGAL) | T(PT_ERROR)),
};

static double clamp100(double v)
{
	return v < 0 ? 0 : v > 100 ? 100 : v;
}

static int score_teaching(const struct metrics *m)
{
	return (m->problem ? 60 : 0) + (m->impact ? 40 : 0);
}

static int score_evidence(const struct metrics *m, const struct analysis *a)
{
	double expected = (double)m->words / 250.0;
	expected = expected < 1 ? 1 : expected > 4 ? 4 : expected;
	double s = 100.0 * fmin(1.0, (double)m->evidence / expected);
	s -= 15.0 * (double)a->unsupported;
	return (int)lround(clamp100(s));
}

static int score_focus(const struct analysis *a)
{
	double we = (double)(a->we + a->company_mentions), you = (double)a->you;
	return (int)lround(clamp100(100.0 * (you / (we + you)) / 0.5));
}

static int score_readability(const struct analysis *a)
{
	double s = 100.0 - (a->reading_grade - 9.0) * 12.5;
	if (a->reading_grade < 9.0)
		s = 100;
	if (a->long_sentences > 2)
		s -= fmin(25.0, 5.0 * (double)(a->long_sentences - 2));
	return (int)lround(clamp100(s));
}

void score_page(struct page *p)
{
	struct analysis *a = (struct analysis *)analysis_of(p);
	int clarity = score_clarity(&p->metrics);
	if (!a) {
		p->score = clarity;
		return;
	}
	const struct metrics *m = &p->metrics;
	uint32_t t = 1u << p->type;
	a->category[CAT_CLARITY] = clarity;
	bool long_enough = m->words >= SCORE_CATEGORY_MIN_WORDS;
	a->category[CAT_TEACHING] =
		(category_types[CAT_TEACHING] & t) && long_enough ? score_teaching(m) : -1;
	a->category[CAT_EVIDENCE] =
		(category_types[CAT_EVIDENCE] & t) && long_enough ? score_evidence(m, a) : -1;
	a->category[CAT_FOCUS] = (category_types[CAT_FOCUS] & t) &&
					 a->we + a->company_mentions + a->you >= ANALYSIS_FOCUS_MIN
				 ? score_focus(a)
				 : -1;
	a->category[CAT_READABILITY] =
		(category_types[CAT_READABILITY] & t) && a->has_readability ? score_readability(a) : -1;
	double sum = 0, wsum = 0;
	for (int c = 0; c < CAT_COUNT; c++) {
		if (a->category[c] < 0)
			continue;
		sum += category_weight[c] * a->category[c];
		wsum += category_weight[c];
	}
	p->score = (int)lround(sum / wsum);
}

double score_type_weight(enum page_type t)
{
	static const double w[PT_COUNT] = {
		[PT_OTHER] = 1,     [PT_HOME] = 5,	 [PT_PRODUCT] = 3, [PT_SOLUTION] = 3,
		[PT_PRICING] = 2,   [PT_ABOUT] = 2,	 [PT_CASE_STUDY] = 1.5, [PT_BLOG] = 0.5,
		[PT_DOCS] = 0.5,    [PT_LEGAL] = 0.25, [PT_FORM] = 0.25, [PT_CAREERS] = 0.5,
		[PT_ERROR] = 0,
	};
	return t < PT_COUNT ? w[t] : 1;
}

int score_site(struct page *const *pages, size_t n)
{
	double sum = 0, wsum = 0, plain = 0;
	size_t counted = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pages[i];
		if (!p || p->failed)
			continue;
		double w = score_type_weight(p->type);
		sum += w * p->score;
		wsum += w;
		plain += p->score;
		counted++;
	}
	if (!counted)
		return -1;
	/* only error pages: fall back to the plain mean */
	return (int)lround(wsum > 0 ? sum / wsum : plain / (double)counted);
}
