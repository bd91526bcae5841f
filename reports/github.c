/* GitHub Actions workflow commands: one `::error|warning|notice` line per
 * finding, which the runner turns into an annotation on the file and
 * line of a pull request.  Escaping follows the runner's rules: in the
 * message % CR LF become %25 %0D %0A; in properties also : and , become
 * %3A and %2C. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "reports/baseline.h"
#include "reports/escape.h"
#include "reports/report.h"

static void put_escaped(FILE *out, const char *s, bool property)
{
	char *c = report_utf8_clean(s);
	for (const char *p = c; *p; p++) {
		switch (*p) {
		case '%':
			fputs("%25", out);
			break;
		case '\r':
			fputs("%0D", out);
			break;
		case '\n':
			fputs("%0A", out);
			break;
		case ':':
			fputs(property ? "%3A" : ":", out);
			break;
		case ',':
			fputs(property ? "%2C" : ",", out);
			break;
		default:
			fputc(*p, out);
		}
	}
	free(c);
}

static const char *command(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "notice";
}

static void annotate(FILE *out, const struct page *p, const struct finding *f)
{
	fprintf(out, "::%s ", command(f->severity));
	/* the path as the user named it: relative to the checkout; a
	 * crawled page or standard input has no file to annotate */
	const char *file = p->url ? NULL : p->display ? p->display : report_page_id(p);
	if (file && strcmp(file, "-")) {
		while (file[0] == '.' && file[1] == '/')
			file += 2;
		fputs("file=", out);
		put_escaped(out, file, true);
		if (f->line) {
			fprintf(out, ",line=%u", f->line);
			if (f->col)
				fprintf(out, ",col=%u", f->col);
		}
		fputc(',', out);
	}
	fputs("title=", out);
	put_escaped(out, f->rule, true);
	fputs("::", out);
	struct buf m = BUF_INIT;
	if (p->url)
		buf_printf(&m, "%s: ", p->url);
	else if (file && !strcmp(file, "-"))
		buf_printf(&m, "stdin:%u:%u: ", f->line, f->col);
	buf_puts(&m, f->message ? f->message : "");
	if (f->match && *f->match)
		buf_printf(&m, "\nFound: \"%s\"", f->match);
	if (f->context && *f->context)
		buf_printf(&m, " in: %s", f->context);
	if (f->suggestion)
		buf_printf(&m, "\nSuggestion: %s", f->suggestion);
	put_escaped(out, buf_str(&m), false);
	buf_release(&m);
	fputc('\n', out);
}

int report_github_write(FILE *out, const struct audit *a, const struct report_opts *o,
			struct ma_error *err)
{
	(void)o;
	(void)err;
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		if (!p)
			continue;
		for (size_t w = 0; w < p->nwarnings; w++) {
			fputs("::warning title=msgaudit::", out);
			struct buf m = BUF_INIT;
			buf_printf(&m, "%s: %s", report_page_id(p), p->warnings[w]);
			put_escaped(out, buf_str(&m), false);
			buf_release(&m);
			fputc('\n', out);
		}
		for (size_t j = 0; j < p->nfindings; j++)
			annotate(out, p, &p->findings[j]);
	}
	struct buf s = BUF_INIT;
	buf_printf(&s, "%zu page%s audited, %zu finding%s (%zu error%s, %zu warning%s, %zu info)",
		   a->audited, a->audited == 1 ? "" : "s", a->findings, a->findings == 1 ? "" : "s",
		   a->by_severity[SEV_ERROR], a->by_severity[SEV_ERROR] == 1 ? "" : "s",
		   a->by_severity[SEV_WARNING], a->by_severity[SEV_WARNING] == 1 ? "" : "s",
		   a->by_severity[SEV_INFO]);
	if (a->score >= 0)
		buf_printf(&s, ", site score %d/100", a->score);
	if (a->baseline_suppressed)
		buf_printf(&s, ", %zu known finding%s suppressed by the baseline",
			   a->baseline_suppressed, a->baseline_suppressed == 1 ? "" : "s");
	fputs("::notice title=msgaudit::", out);
	put_escaped(out, buf_str(&s), false);
	fputc('\n', out);
	buf_release(&s);
	return MA_OK;
}
