/* Terminal text: grouped by page, `file:line:col: severity: message
 * [rule]` (the shape compilers use, so editors and terminals can jump to
 * it), the matched phrase in its sentence, the suggestion, and a summary
 * line.  Colour only when asked (the CLI asks on a TTY). */
#include <string.h>

#include "reports/report.h"
#include "rules/analysis.h"
#include "rules/consistency.h"
#include "rules/site.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_YELLOW "\033[33m"
#define C_BLUE "\033[34m"
#define C_UNDER "\033[4m"

static const char *sev_color(enum severity s)
{
	return s == SEV_ERROR ? C_RED : s == SEV_WARNING ? C_YELLOW : C_BLUE;
}

static const char *c(const struct report_opts *o, const char *code)
{
	return o->color ? code : "";
}

/* The context with the match marked: bold on a terminal, else as is. */
static void print_context(FILE *out, const struct finding *f, const struct report_opts *o)
{
	const char *ctx = f->context ? f->context : "";
	const char *m = f->match && *f->match ? strstr(ctx, f->match) : NULL;
	fputs("    | ", out);
	if (!m || !o->color) {
		fputs(ctx, out);
	} else {
		fwrite(ctx, 1, (size_t)(m - ctx), out);
		fprintf(out, "%s%s%s%s", C_BOLD, C_UNDER, f->match, C_RESET);
		fputs(m + strlen(f->match), out);
	}
	fputc('\n', out);
}

/* What the analysis measured, on one line under the page header. */
static void print_analysis(FILE *out, const struct page *p, const struct report_opts *o)
{
	const struct metrics *m = &p->metrics;
	if (!m->has_analysis)
		return;
	const struct analysis *a = analysis_of(p);
	fprintf(out, "    %sproblem %s, impact %s, %zu evidence, we %zu / you %zu", c(o, C_DIM),
		m->problem ? "stated" : "missing", m->impact ? "stated" : "missing", m->evidence, m->we,
		m->you);
	if (a && a->has_readability)
		fprintf(out, ", reading grade %.1f", m->reading_grade);
	fprintf(out, "%s\n", c(o, C_RESET));
}

/* The site level, when it found something to act on: contradictions,
 * one claim phrased many ways, copy repeated on many pages. */
static void print_site(FILE *out, const struct audit *a, const struct report_opts *o)
{
	const struct site_report *r = a->sites;
	for (size_t i = 0; r && i < r->n; i++) {
		const struct site_summary *s = &r->v[i];
		if (!s->nconflicts && !s->naudience && !s->nvariants && !s->nboiler)
			continue;
		fprintf(out, "%ssite %s%s", c(o, C_BOLD), s->site, c(o, C_RESET));
		if (s->home && s->necho)
			fprintf(out, "  %zu of %zu key pages echo the home page's value proposition", s->echoing,
				s->necho);
		fputc('\n', out);
		for (size_t k = 0; k < s->naudience; k++)
			fprintf(out, "    audience: %s speaks to %s; the home page to %s\n", page_label(s->audience[k].page),
				s->audience[k].page_audience, s->audience[k].home_audience);
		for (size_t k = 0; k < s->nconflicts; k++) {
			const struct figure_conflict *fc = &s->conflicts[k];
			fprintf(out, "    figures differ (%s):", consistency_noun(fc->noun));
			for (size_t v = 0; v < fc->nvalues; v++)
				fprintf(out, "%s \"%s\" on %s%s", v ? ";" : "", fc->values[v].fact->f.match,
					page_label(fc->values[v].pages[0]),
					fc->values[v].npages > 1 ? " and others" : "");
			fputc('\n', out);
		}
		for (size_t k = 0; k < s->nvariants; k++) {
			fprintf(out, "    one claim, %zu phrasings:", s->variants[k].n);
			for (size_t q = 0; q < s->variants[k].n; q++)
				fprintf(out, "%s \"%s\" (%s)", q ? ";" : "", s->variants[k].text[q],
					page_label(s->variants[k].page[q]));
			fputc('\n', out);
		}
		for (size_t k = 0; k < s->nboiler && k < 5; k++)
			fprintf(out, "    on %zu pages (reported once): \"%.80s%s\"\n", s->boiler[k].pages,
				s->boiler[k].text, strlen(s->boiler[k].text) > 80 ? "..." : "");
		if (s->nboiler > 5)
			fprintf(out, "    ... and %zu more blocks repeated across pages\n", s->nboiler - 5);
		fputc('\n', out);
	}
}

int report_text_write(FILE *out, const struct audit *a, const struct report_opts *o,
		      struct ma_error *err)
{
	(void)err;
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		if (!p)
			continue;
		for (size_t w = 0; w < p->nwarnings; w++)
			fprintf(out, "%s: %swarning%s: %s\n", page_label(p), c(o, C_YELLOW), c(o, C_RESET),
				p->warnings[w]);
		if (p->failed || (!p->nfindings && !o->verbose))
			continue;
		fprintf(out, "%s%s%s  %s, score %d, %zu words, %zu finding%s\n", c(o, C_BOLD), page_label(p),
			c(o, C_RESET), page_type_name(p->type), p->score, p->metrics.words, p->nfindings,
			p->nfindings == 1 ? "" : "s");
		print_analysis(out, p, o);
		for (size_t j = 0; j < p->nfindings; j++) {
			const struct finding *f = &p->findings[j];
			fprintf(out, "%s:%u:%u: %s%s%s: %s %s[%s]%s\n", page_label(p), f->line, f->col,
				c(o, sev_color(f->severity)), severity_name(f->severity), c(o, C_RESET),
				f->message, c(o, C_DIM), f->rule, c(o, C_RESET));
			if (f->context && *f->context)
				print_context(out, f, o);
			if (f->suggestion)
				fprintf(out, "    %s= suggestion:%s %s\n", c(o, C_DIM), c(o, C_RESET),
					f->suggestion);
		}
		fputc('\n', out);
	}
	print_site(out, a, o);
	fprintf(out, "%s%zu page%s audited, %zu finding%s (%zu error%s, %zu warning%s, %zu info)",
		a->incomplete ? "incomplete: " : "", a->audited, a->audited == 1 ? "" : "s",
		a->findings, a->findings == 1 ? "" : "s", a->by_severity[SEV_ERROR],
		a->by_severity[SEV_ERROR] == 1 ? "" : "s", a->by_severity[SEV_WARNING],
		a->by_severity[SEV_WARNING] == 1 ? "" : "s", a->by_severity[SEV_INFO]);
	if (a->score >= 0)
		fprintf(out, ", site score %d/100", a->score);
	if (a->baseline_suppressed)
		fprintf(out, ", %zu known finding%s suppressed by the baseline", a->baseline_suppressed,
			a->baseline_suppressed == 1 ? "" : "s");
	fputc('\n', out);
	return MA_OK;
}
