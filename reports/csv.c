/* CSV, one row per finding, for spreadsheets: RFC 4180 (CRLF line
 * ends, a header row, fields with a comma, quote or line break quoted and
 * quotes doubled).  Page text is hostile input and spreadsheets evaluate
 * cells that start with = + - @, so such a text field gets a leading
 * apostrophe (the OWASP advice against formula injection). */
#include <stdlib.h>
#include <string.h>

#include "reports/baseline.h"
#include "reports/escape.h"
#include "reports/report.h"

static void field(FILE *out, const char *s, bool text)
{
	char *c = report_utf8_clean(s);
	bool formula = text && strchr("=+-@\t", c[0]) && c[0];
	bool quote = formula || strpbrk(c, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (const char *p = c; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	if (quote)
		fputc('"', out);
	free(c);
}

static void num(FILE *out, long n)
{
	fprintf(out, "%ld", n);
}

static const char *const header[] = {
	"site", "page", "url", "path", "line", "column", "rule", "severity", "category", "message",
	"match", "context", "suggestion", "scope", "page_type", "page_score",
};

int report_csv_write(FILE *out, const struct audit *a, const struct report_opts *o,
		     struct ma_error *err)
{
	(void)o;
	(void)err;
	for (size_t i = 0; i < sizeof header / sizeof *header; i++)
		fprintf(out, "%s%s", i ? "," : "", header[i]);
	fputs("\r\n", out);
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		for (size_t j = 0; p && j < p->nfindings; j++) {
			const struct finding *f = &p->findings[j];
			const struct rule *r = a->rules ? rule_set_find(a->rules, f->rule) : NULL;
			field(out, p->site, true);
			fputc(',', out);
			field(out, report_page_id(p), true);
			fputc(',', out);
			field(out, p->url, true);
			fputc(',', out);
			field(out, p->url ? NULL : p->path, true);
			fputc(',', out);
			num(out, f->line);
			fputc(',', out);
			num(out, f->col);
			fputc(',', out);
			field(out, f->rule, true);
			fputc(',', out);
			field(out, severity_name(f->severity), false);
			fputc(',', out);
			field(out, r ? r->category : NULL, true);
			fputc(',', out);
			field(out, f->message, true);
			fputc(',', out);
			field(out, f->match, true);
			fputc(',', out);
			field(out, f->context, true);
			fputc(',', out);
			field(out, f->suggestion, true);
			fputc(',', out);
			field(out, scope_name(f->scope), false);
			fputc(',', out);
			field(out, page_type_name(p->type), false);
			fputc(',', out);
			num(out, p->score);
			fputs("\r\n", out);
		}
	}
	return MA_OK;
}
