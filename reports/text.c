/* Terminal text: grouped by page, `file:line:col: severity: message
 * [rule]` (the shape compilers use, so editors and terminals can jump to
 * it), the matched phrase in its sentence, the suggestion, and a summary
 * line.  Colour only when asked (the CLI asks on a TTY). */
#include <string.h>

#include "reports/report.h"
#include "rules/analysis.h"

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

static const char *where(const struct page *p)
{
	return p->display ? p->display : p->url ? p->url : p->path ? p->path : "-";
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
			fprintf(out, "%s: %swarning%s: %s\n", where(p), c(o, C_YELLOW), c(o, C_RESET),
				p->warnings[w]);
		if (p->failed || (!p->nfindings && !o->verbose))
			continue;
		fprintf(out, "%s%s%s  %s, score %d, %zu words, %zu finding%s\n", c(o, C_BOLD), where(p),
			c(o, C_RESET), page_type_name(p->type), p->score, p->metrics.words, p->nfindings,
			p->nfindings == 1 ? "" : "s");
		print_analysis(out, p, o);
		for (size_t j = 0; j < p->nfindings; j++) {
			const struct finding *f = &p->findings[j];
			fprintf(out, "%s:%u:%u: %s%s%s: %s %s[%s]%s\n", where(p), f->line, f->col,
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
