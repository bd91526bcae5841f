/* Site consistency (issue 4): does every page tell the same story?
 *
 * Two checks turn into findings on the pages concerned, after all pages
 * of a site are audited (the rules are `limit` rules on the metrics
 * site_conflicting_figures and site_audience_mismatch, so users disable
 * or re-grade them like any other):
 *
 * - Conflicting figures: the figures a company states about itself
 *   ("10,000+ customers", "a 30-day free trial", "99.9% uptime", "in 40
 *   countries") collected from the key pages; a page whose figure for
 *   the same thing differs from the home page's (or, without one there,
 *   from the about page's) gets a finding at that figure.
 * - Audience mismatch: the main claim of a key page (title, description,
 *   h1 and first paragraph) speaks to one audience (small businesses,
 *   developers) while the home page's value proposition speaks to the
 *   opposite one (enterprises, people who do not code).
 *
 * doc/scoring.md describes both and what they cannot judge. */
#ifndef MSGAUDIT_CONSISTENCY_H
#define MSGAUDIT_CONSISTENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "common/model.h"
#include "rules/ruleset.h"

/* A figure a page states about the company.  f holds where it is (match,
 * context, scope, line, col, off) but no rule: it becomes a finding only
 * when another page contradicts it. */
struct claim_fact {
	struct finding f;
	double value;		/* normalised: "10k" and "10,000+" are 10000 */
	unsigned noun;		/* consistency_noun(noun) */
};

/* What a figure counts ("customers", "countries", "day trial", ...). */
const char *consistency_noun(unsigned noun);

/* The figures of p (text and blocks present, p->type set), for key page
 * types only; at most max.  A figure at text offset off is left out when
 * skip(p, off, arg) says so (inline comments switching the rules on
 * site_conflicting_figures off there); skip may be NULL. */
size_t consistency_scan_facts(const struct page *p, struct claim_fact *out, size_t max,
			      bool (*skip)(const struct page *p, size_t off, const void *arg),
			      const void *arg);
void consistency_facts_free(struct claim_fact *v, size_t n);

/* Audience segments a text names, as bits: small businesses, large
 * organisations, developers, people who do not code. */
enum audience {
	AUD_SMALL = 1,
	AUD_LARGE = 2,
	AUD_DEVELOPERS = 4,
	AUD_NO_CODE = 8,
};
unsigned consistency_audience(const char *text);
/* The audience named in bits, in words ("small businesses"). */
const char *consistency_audience_name(unsigned bit);
/* The bit of the audience that contradicts page (named by a page and not
 * by home, opposite to one home names), or 0. */
unsigned consistency_audience_conflict(unsigned home, unsigned page);

/* A figure that differs across the site: what it counts, and each value
 * with the pages that state it (the reference value first). */
struct figure_stated {
	const struct page *page;
	const struct claim_fact *fact;
};
struct figure_value {
	const struct claim_fact *fact;	/* the first statement of it */
	double value;
	const struct page **pages;
	size_t npages;
	struct figure_stated *stated;	/* every statement of it, in page order */
	size_t nstated;
};
struct figure_conflict {
	unsigned noun;
	struct figure_value *values;
	size_t nvalues;
};

/* The conflicting figures among the pages pv[0..n) of one site, the
 * reference value first: the home page's, else an about page's; a
 * figure neither states conflicts with nothing. */
size_t consistency_figure_conflicts(struct page **pv, size_t n, const struct page *home,
				    struct figure_conflict **out);
void consistency_figure_conflicts_free(struct figure_conflict *v, size_t n);

#endif
