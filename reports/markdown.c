/* Markdown for pull-request comments: a summary table, the worst pages,
 * then the top findings (errors first), cut to fit a comment (GitHub
 * takes 65,536 characters) with a line saying how many were left out.
 * Page text is escaped so that it renders as text: no links, no HTML, no
 * table breaks. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "reports/baseline.h"
#include "reports/escape.h"
#include "reports/report.h"
#include "rules/consistency.h"
#include "rules/site.h"

/* Past this size the findings list stops. */
#define MD_CAP 60000
#define MD_WORST_PAGES 10

/* Page text as inline Markdown text: line breaks become spaces,
 * characters with a meaning in CommonMark/GFM are backslash-escaped, and
 * & < > become entities so no HTML or autolink survives. */
static void md_text(struct buf *b, const char *s)
{
	char *c = report_utf8_clean(s);
	for (const char *p = c; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			buf_putc(b, ' ');
		else if (*p == '&')
			buf_puts(b, "&amp;");
		else if (*p == '<')
			buf_puts(b, "&lt;");
		else if (*p == '>')
			buf_puts(b, "&gt;");
		else if (strchr("\\`*_{}[]()#+-.!|~:@", *p)) {
			buf_putc(b, '\\');
			buf_putc(b, *p);
		} else
			buf_putc(b, *p);
	}
	free(c);
}

/* The context with the match in bold. */
static void md_context(struct buf *b, const struct finding *f)
{
	const char *ctx = f->context ? f->context : "";
	const char *m = f->match && *f->match ? strstr(ctx, f->match) : NULL;
	if (!m) {
		md_text(b, ctx);
		return;
	}
	char *before = xstrndup(ctx, (size_t)(m - ctx));
	md_text(b, before);
	free(before);
	buf_puts(b, "**");
	md_text(b, f->match);
	buf_puts(b, "**");
	md_text(b, m + strlen(f->match));
}

static int cmp_score(const void *x, const void *y)
{
	const struct page *a = *(const struct page *const *)x, *b = *(const struct page *const *)y;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->nfindings > b->nfindings ? -1 : a->nfindings < b->nfindings;
}

static const char *sev_icon(enum severity s)
{
	return s == SEV_ERROR ? "🔴 error" : s == SEV_WARNING ? "🟠 warning" : "🔵 info";
}

static void summary(struct buf *b, const struct audit *a)
{
	buf_puts(b, "## msgaudit report");
	if (a->score >= 0)
		buf_printf(b, ": site score %d/100", a->score);
	buf_puts(b, "\n\n");
	if (a->incomplete)
		buf_puts(b, "> **Incomplete:** the audit was interrupted; these are the pages done.\n\n");
	buf_puts(b, "| | |\n| --- | --- |\n");
	buf_puts(b, "| Targets | ");
	for (size_t i = 0; i < a->ntargets; i++) {
		if (i)
			buf_puts(b, ", ");
		md_text(b, a->targets[i]);
	}
	buf_puts(b, " |\n");
	buf_printf(b, "| Pages audited | %zu |\n", a->audited);
	buf_printf(b, "| Findings | %zu (%zu error%s, %zu warning%s, %zu info) |\n", a->findings,
		   a->by_severity[SEV_ERROR], a->by_severity[SEV_ERROR] == 1 ? "" : "s",
		   a->by_severity[SEV_WARNING], a->by_severity[SEV_WARNING] == 1 ? "" : "s",
		   a->by_severity[SEV_INFO]);
	if (a->score >= 0)
		buf_printf(b, "| Site score | %d/100 |\n", a->score);
	if (a->baseline_suppressed)
		buf_printf(b, "| Known (baseline) | %zu finding%s not shown |\n", a->baseline_suppressed,
			   a->baseline_suppressed == 1 ? "" : "s");
	buf_putc(b, '\n');
}

static void worst_pages(struct buf *b, const struct audit *a)
{
	const struct page **v = xcalloc(a->npages + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < a->npages; i++)
		if (a->pages[i] && !a->pages[i]->failed && a->pages[i]->nfindings)
			v[n++] = a->pages[i];
	qsort(v, n, sizeof *v, cmp_score);
	if (n) {
		buf_printf(b, "### Pages with findings (worst first%s)\n\n",
			   n > MD_WORST_PAGES ? ", top 10" : "");
		buf_puts(b, "| Page | Type | Score | Findings |\n| --- | --- | ---: | ---: |\n");
		for (size_t i = 0; i < n && i < MD_WORST_PAGES; i++) {
			buf_puts(b, "| ");
			md_text(b, report_page_id(v[i]));
			buf_printf(b, " | %s | %d | %zu |\n", page_type_name(v[i]->type), v[i]->score,
				   v[i]->nfindings);
		}
		buf_putc(b, '\n');
	}
	free(v);
}

/* Contradictions and rewordings across the site (rules/site.h). */
static void site_level(struct buf *b, const struct audit *a)
{
	const struct site_report *r = a->sites;
	bool head = false;
	for (size_t i = 0; r && i < r->n; i++) {
		const struct site_summary *s = &r->v[i];
		if (!s->nconflicts && !s->naudience && !s->nvariants)
			continue;
		if (!head) {
			buf_puts(b, "### Site level: one story?\n\n");
			head = true;
		}
		for (size_t k = 0; k < s->naudience; k++) {
			buf_puts(b, "- ");
			md_text(b, report_page_id(s->audience[k].page));
			buf_printf(b, " speaks to %s; the home page to %s\n", s->audience[k].page_audience,
				   s->audience[k].home_audience);
		}
		for (size_t k = 0; k < s->nconflicts; k++) {
			const struct figure_conflict *fc = &s->conflicts[k];
			buf_printf(b, "- Figures differ (%s):", consistency_noun(fc->noun));
			for (size_t v = 0; v < fc->nvalues; v++) {
				buf_puts(b, v ? "; “" : " “");
				md_text(b, fc->values[v].fact->f.match);
				buf_puts(b, "” on ");
				md_text(b, report_page_id(fc->values[v].pages[0]));
			}
			buf_putc(b, '\n');
		}
		for (size_t k = 0; k < s->nvariants; k++) {
			buf_printf(b, "- One claim, %zu phrasings:", s->variants[k].n);
			for (size_t q = 0; q < s->variants[k].n; q++) {
				buf_puts(b, q ? "; “" : " “");
				md_text(b, s->variants[k].text[q]);
				buf_puts(b, "”");
			}
			buf_putc(b, '\n');
		}
	}
	if (head)
		buf_putc(b, '\n');
}

static void finding_item(struct buf *b, const struct page *p, const struct finding *f)
{
	buf_printf(b, "- %s `%s` ", sev_icon(f->severity), f->rule);
	buf_puts(b, "**");
	md_text(b, page_label(p));
	if (f->line)
		buf_printf(b, "\\:%u", f->line);
	buf_puts(b, "**: ");
	md_text(b, f->message);
	buf_puts(b, "\n");
	if (f->context && *f->context) {
		buf_puts(b, "  > ");
		md_context(b, f);
		buf_puts(b, "\n");
	}
	if (f->suggestion) {
		buf_puts(b, "\n  *Suggestion:* ");
		md_text(b, f->suggestion);
		buf_puts(b, "\n");
	}
}

static void top_findings(struct buf *b, const struct audit *a)
{
	if (!a->findings) {
		buf_puts(b, "No findings. 🎉\n");
		return;
	}
	buf_puts(b, "### Findings\n\n");
	size_t shown = 0;
	bool full = false;
	for (int sev = SEV_ERROR; sev >= SEV_INFO && !full; sev--)
		for (size_t i = 0; i < a->npages && !full; i++) {
			const struct page *p = a->pages[i];
			for (size_t j = 0; p && j < p->nfindings && !full; j++) {
				if ((int)p->findings[j].severity != sev)
					continue;
				size_t before = b->len;
				finding_item(b, p, &p->findings[j]);
				if (b->len > MD_CAP) {
					b->len = before;
					b->data[before] = '\0';
					full = true;
				} else {
					shown++;
				}
			}
		}
	if (shown < a->findings)
		buf_printf(b, "\n…and %zu more finding%s not shown here: see the full report.\n",
			   a->findings - shown, a->findings - shown == 1 ? "" : "s");
}

int report_markdown_write(FILE *out, const struct audit *a, const struct report_opts *o,
			  struct ma_error *err)
{
	(void)o;
	(void)err;
	struct buf b = BUF_INIT;
	summary(&b, a);
	worst_pages(&b, a);
	site_level(&b, a);
	top_findings(&b, a);
	fputs(buf_str(&b), out);
	buf_release(&b);
	return MA_OK;
}
