/* msgaudit diff: compare two JSON reports.  See src/diff.h. */
#include "src/diff.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "reports/baseline.h"
#include "reports/escape.h"

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static long jint(json_t *o, const char *key, long dflt)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? (long)json_integer_value(v) : dflt;
}

static const char *page_id(json_t *pg)
{
	const char *id = jstr(pg, "url");
	if (!id)
		id = jstr(pg, "path");
	return id ? id : "-";
}

static int load(json_t **out, const char *path, struct ma_error *err)
{
	json_error_t je;
	*out = json_load_file(path, 0, &je);
	if (!*out)
		return je.line <= 0 ? ma_error_set(err, MA_ERR_IO, "%s: cannot read: %s", path, je.text)
				    : ma_error_set(err, MA_ERR_PARSE, "%s:%d: bad JSON report: %s", path,
						   je.line, je.text);
	if (!json_is_array(json_object_get(*out, "pages")))
		return ma_error_set(err, MA_ERR_PARSE,
				    "%s: not a msgaudit JSON report (no \"pages\" array)", path);
	return MA_OK;
}

static struct diff_finding finding(const char *page, json_t *f)
{
	struct diff_finding df = {page,
				  jstr(f, "rule") ? jstr(f, "rule") : "?",
				  jstr(f, "severity") ? jstr(f, "severity") : "warning",
				  jstr(f, "message") ? jstr(f, "message") : "",
				  jstr(f, "match"),
				  jstr(f, "context"),
				  jint(f, "line", 0),
				  jint(f, "column", 0)};
	return df;
}

static uint64_t fingerprint(const char *page, json_t *f)
{
	return report_fingerprint(jstr(f, "rule"), page, jstr(f, "match"), jstr(f, "context"));
}

static json_t *find_page(json_t *pages, const char *id)
{
	size_t i;
	json_t *pg;
	json_array_foreach(pages, i, pg) {
		if (!strcmp(page_id(pg), id))
			return pg;
	}
	return NULL;
}

static size_t count_findings(json_t *pages)
{
	size_t i, n = 0;
	json_t *pg;
	json_array_foreach(pages, i, pg) {
		n += json_array_size(json_object_get(pg, "findings"));
	}
	return n;
}

struct lists {
	size_t fixed_cap, added_cap, pages_cap;
};

static void add_fixed(struct diff *d, struct lists *l, struct diff_finding f)
{
	d->fixed = xgrow(d->fixed, &l->fixed_cap, d->nfixed + 1, sizeof *d->fixed);
	d->fixed[d->nfixed++] = f;
}

static void add_added(struct diff *d, struct lists *l, struct diff_finding f)
{
	d->added = xgrow(d->added, &l->added_cap, d->nadded + 1, sizeof *d->added);
	d->added[d->nadded++] = f;
}

/* Match the findings of one page in both reports; each old finding
 * pairs with at most one new finding of the same fingerprint. */
static void compare_page(struct diff *d, struct lists *l, struct diff_page *dp, json_t *op, json_t *np)
{
	json_t *of = op ? json_object_get(op, "findings") : NULL;
	json_t *nf = np ? json_object_get(np, "findings") : NULL;
	size_t no = json_array_size(of), nn = json_array_size(nf);
	bool *used = xcalloc(no + 1, sizeof *used);
	uint64_t *ofp = xcalloc(no + 1, sizeof *ofp);
	for (size_t i = 0; i < no; i++)
		ofp[i] = fingerprint(dp->page, json_array_get(of, i));
	for (size_t j = 0; j < nn; j++) {
		json_t *f = json_array_get(nf, j);
		uint64_t fp = fingerprint(dp->page, f);
		size_t i = 0;
		while (i < no && (used[i] || ofp[i] != fp))
			i++;
		if (i < no) {
			used[i] = true;
		} else {
			add_added(d, l, finding(dp->page, f));
			dp->added++;
		}
	}
	for (size_t i = 0; i < no; i++)
		if (!used[i]) {
			add_fixed(d, l, finding(dp->page, json_array_get(of, i)));
			dp->fixed++;
		}
	free(used);
	free(ofp);
}

static long score_of(json_t *pg)
{
	return pg ? jint(pg, "score", -1) : -1;
}

int diff_compute(struct diff *d, const char *old_path, const char *new_path, struct ma_error *err)
{
	memset(d, 0, sizeof *d);
	json_t *o = NULL, *n = NULL;
	int rc = load(&o, old_path, err);
	if (!rc)
		rc = load(&n, new_path, err);
	d->old_json = o;
	d->new_json = n;
	if (rc)
		return rc;
	json_t *op = json_object_get(o, "pages"), *np = json_object_get(n, "pages");
	d->old_score = jint(json_object_get(o, "summary"), "score", -1);
	d->new_score = jint(json_object_get(n, "summary"), "score", -1);
	d->old_pages = json_array_size(op);
	d->new_pages = json_array_size(np);
	d->old_findings = count_findings(op);
	d->new_findings = count_findings(np);
	struct lists l = {0, 0, 0};
	size_t i;
	json_t *pg;
	/* pages of the new report in its order, then pages that are gone */
	json_array_foreach(np, i, pg) {
		d->pages = xgrow(d->pages, &l.pages_cap, d->npages + 1, sizeof *d->pages);
		struct diff_page *dp = &d->pages[d->npages++];
		memset(dp, 0, sizeof *dp);
		dp->page = page_id(pg);
		dp->title = jstr(pg, "title");
		json_t *old = find_page(op, dp->page);
		dp->old_score = score_of(old);
		dp->new_score = score_of(pg);
		compare_page(d, &l, dp, old, pg);
		dp->status = !old ? DIFF_ADDED
			     : dp->new_score > dp->old_score ? DIFF_BETTER
			     : dp->new_score < dp->old_score ? DIFF_WORSE
							     : DIFF_SAME;
	}
	json_array_foreach(op, i, pg) {
		if (find_page(np, page_id(pg)))
			continue;
		d->pages = xgrow(d->pages, &l.pages_cap, d->npages + 1, sizeof *d->pages);
		struct diff_page *dp = &d->pages[d->npages++];
		memset(dp, 0, sizeof *dp);
		dp->page = page_id(pg);
		dp->title = jstr(pg, "title");
		dp->old_score = score_of(pg);
		dp->new_score = -1;
		dp->status = DIFF_REMOVED;
		compare_page(d, &l, dp, pg, NULL);
	}
	return MA_OK;
}

void diff_release(struct diff *d)
{
	free(d->pages);
	free(d->fixed);
	free(d->added);
	json_decref(d->old_json);
	json_decref(d->new_json);
	memset(d, 0, sizeof *d);
}

/* ------------------------------------------------------------------ */

static const char *status_name(enum diff_page_status s)
{
	static const char *const names[] = {"same", "better", "worse", "added", "removed"};
	return names[s];
}

static size_t count_status(const struct diff *d, enum diff_page_status s)
{
	size_t n = 0;
	for (size_t i = 0; i < d->npages; i++)
		n += d->pages[i].status == s;
	return n;
}

static void score_change(struct buf *b, long o, long n)
{
	if (o < 0 && n < 0)
		buf_puts(b, "-");
	else if (o < 0)
		buf_printf(b, "%ld (new)", n);
	else if (n < 0)
		buf_printf(b, "%ld (gone)", o);
	else if (n == o)
		buf_printf(b, "%ld (=)", n);
	else
		buf_printf(b, "%ld -> %ld (%+ld)", o, n, n - o);
}

static void summary_line(struct buf *b, const struct diff *d)
{
	buf_puts(b, "site score ");
	score_change(b, d->old_score, d->new_score);
	buf_printf(b, "; pages %zu -> %zu; findings %zu -> %zu: %zu fixed, %zu new", d->old_pages,
		   d->new_pages, d->old_findings, d->new_findings, d->nfixed, d->nadded);
}

static void text_findings(FILE *out, const char *title, const struct diff_finding *v, size_t n)
{
	if (!n)
		return;
	fprintf(out, "\n%s (%zu):\n", title, n);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "  %s:%ld:%ld: %s: %s [%s]\n", v[i].page, v[i].line, v[i].column, v[i].severity,
			v[i].message, v[i].rule);
		if (v[i].context && *v[i].context)
			fprintf(out, "      | %s\n", v[i].context);
	}
}

static void write_text(FILE *out, const struct diff *d)
{
	struct buf b = BUF_INIT;
	summary_line(&b, d);
	fprintf(out, "%s\n", buf_str(&b));
	buf_release(&b);
	static const enum diff_page_status order[] = {DIFF_WORSE, DIFF_BETTER, DIFF_ADDED, DIFF_REMOVED};
	static const char *const heads[] = {"pages worse", "pages better", "pages added", "pages removed"};
	for (size_t k = 0; k < 4; k++) {
		size_t n = count_status(d, order[k]);
		if (!n)
			continue;
		fprintf(out, "\n%s (%zu):\n", heads[k], n);
		for (size_t i = 0; i < d->npages; i++) {
			const struct diff_page *p = &d->pages[i];
			if (p->status != order[k])
				continue;
			struct buf s = BUF_INIT;
			score_change(&s, p->old_score, p->new_score);
			fprintf(out, "  %s  score %s, %zu fixed, %zu new\n", p->page, buf_str(&s), p->fixed,
				p->added);
			buf_release(&s);
		}
	}
	text_findings(out, "new findings", d->added, d->nadded);
	text_findings(out, "fixed findings", d->fixed, d->nfixed);
}

static json_t *jnum_or_null(long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *jsafe(const char *s)
{
	if (!s)
		return json_null();
	char *c = report_utf8_clean(s);
	json_t *j = json_string(c);
	free(c);
	return j;
}

static json_t *findings_json(const struct diff_finding *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "page", jsafe(v[i].page));
		json_object_set_new(o, "rule", jsafe(v[i].rule));
		json_object_set_new(o, "severity", jsafe(v[i].severity));
		json_object_set_new(o, "message", jsafe(v[i].message));
		json_object_set_new(o, "match", jsafe(v[i].match));
		json_object_set_new(o, "context", jsafe(v[i].context));
		json_object_set_new(o, "line", json_integer(v[i].line));
		json_object_set_new(o, "column", json_integer(v[i].column));
		json_array_append_new(a, o);
	}
	return a;
}

static int write_json(FILE *out, const struct diff *d)
{
	json_t *root = json_object();
	json_t *sum = json_object();
	json_object_set_new(sum, "old_score", jnum_or_null(d->old_score));
	json_object_set_new(sum, "new_score", jnum_or_null(d->new_score));
	json_object_set_new(sum, "old_pages", json_integer((json_int_t)d->old_pages));
	json_object_set_new(sum, "new_pages", json_integer((json_int_t)d->new_pages));
	json_object_set_new(sum, "old_findings", json_integer((json_int_t)d->old_findings));
	json_object_set_new(sum, "new_findings", json_integer((json_int_t)d->new_findings));
	json_object_set_new(sum, "fixed", json_integer((json_int_t)d->nfixed));
	json_object_set_new(sum, "new", json_integer((json_int_t)d->nadded));
	for (int s = DIFF_BETTER; s <= DIFF_REMOVED; s++) {
		char key[32];
		snprintf(key, sizeof key, "pages_%s", status_name((enum diff_page_status)s));
		json_object_set_new(sum, key, json_integer((json_int_t)count_status(d, (enum diff_page_status)s)));
	}
	json_object_set_new(root, "summary", sum);
	json_t *pages = json_array();
	for (size_t i = 0; i < d->npages; i++) {
		const struct diff_page *p = &d->pages[i];
		json_t *o = json_object();
		json_object_set_new(o, "page", jsafe(p->page));
		json_object_set_new(o, "title", jsafe(p->title));
		json_object_set_new(o, "status", json_string(status_name(p->status)));
		json_object_set_new(o, "old_score", jnum_or_null(p->old_score));
		json_object_set_new(o, "new_score", jnum_or_null(p->new_score));
		json_object_set_new(o, "fixed", json_integer((json_int_t)p->fixed));
		json_object_set_new(o, "new", json_integer((json_int_t)p->added));
		json_array_append_new(pages, o);
	}
	json_object_set_new(root, "pages", pages);
	json_object_set_new(root, "new", findings_json(d->added, d->nadded));
	json_object_set_new(root, "fixed", findings_json(d->fixed, d->nfixed));
	int rc = json_dumpf(root, out, JSON_INDENT(2));
	fputc('\n', out);
	json_decref(root);
	return rc;
}

/* Markdown-safe inline text (as in reports/markdown.c). */
static void md(FILE *out, const char *s)
{
	char *c = report_utf8_clean(s);
	for (const char *p = c; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			fputc(' ', out);
		else if (*p == '&')
			fputs("&amp;", out);
		else if (*p == '<')
			fputs("&lt;", out);
		else if (*p == '>')
			fputs("&gt;", out);
		else if (strchr("\\`*_{}[]()#+-.!|~:@", *p))
			fprintf(out, "\\%c", *p);
		else
			fputc(*p, out);
	}
	free(c);
}

static void md_findings(FILE *out, const char *title, const struct diff_finding *v, size_t n)
{
	if (!n)
		return;
	fprintf(out, "\n### %s (%zu)\n\n", title, n);
	for (size_t i = 0; i < n && i < 200; i++) {
		fprintf(out, "- **%s** `%s` ", v[i].severity, v[i].rule);
		md(out, v[i].page);
		fprintf(out, "\\:%ld: ", v[i].line);
		md(out, v[i].message);
		if (v[i].match && *v[i].match) {
			fputs(" (“", out);
			md(out, v[i].match);
			fputs("”)", out);
		}
		fputc('\n', out);
	}
	if (n > 200)
		fprintf(out, "- …and %zu more\n", n - 200);
}

static void write_md(FILE *out, const struct diff *d)
{
	struct buf b = BUF_INIT;
	summary_line(&b, d);
	fputs("## msgaudit: what changed\n\n", out);
	md(out, buf_str(&b));
	buf_release(&b);
	fputs("\n\n| Page | Status | Score | Fixed | New |\n| --- | --- | --- | ---: | ---: |\n", out);
	for (size_t i = 0; i < d->npages; i++) {
		const struct diff_page *p = &d->pages[i];
		if (p->status == DIFF_SAME && !p->fixed && !p->added)
			continue;
		struct buf s = BUF_INIT;
		score_change(&s, p->old_score, p->new_score);
		fputs("| ", out);
		md(out, p->page);
		fprintf(out, " | %s | ", status_name(p->status));
		md(out, buf_str(&s));
		fprintf(out, " | %zu | %zu |\n", p->fixed, p->added);
		buf_release(&s);
	}
	md_findings(out, "New findings", d->added, d->nadded);
	md_findings(out, "Fixed findings", d->fixed, d->nfixed);
}

static void h(FILE *out, const char *s)
{
	report_html_puts(out, s);
}

static void html_findings(FILE *out, const char *title, const char *cls, const struct diff_finding *v,
			  size_t n)
{
	fprintf(out, "<h2>%s (%zu)</h2>\n", title, n);
	if (!n)
		return;
	fprintf(out, "<ul class=\"%s\">\n", cls);
	for (size_t i = 0; i < n; i++) {
		fputs("<li><b>", out);
		h(out, v[i].severity);
		fputs("</b> <code>", out);
		h(out, v[i].rule);
		fputs("</code> ", out);
		h(out, v[i].page);
		fprintf(out, ":%ld<br>", v[i].line);
		h(out, v[i].message);
		if (v[i].context && *v[i].context) {
			fputs("<blockquote>", out);
			h(out, v[i].context);
			fputs("</blockquote>", out);
		}
		fputs("</li>\n", out);
	}
	fputs("</ul>\n", out);
}

static void write_html(FILE *out, const struct diff *d)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'\">\n"
	      "<title>msgaudit: what changed</title>\n<style>\n"
	      "body{font:15px/1.5 system-ui,sans-serif;color:#1d2330;max-width:1100px;margin:0 auto;"
	      "padding:24px}\n"
	      "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;"
	      "border-bottom:1px solid #dfe3ea}td.num{text-align:right}\n"
	      ".better{color:#0a7d3b}.worse{color:#c62828}.added,.removed{color:#5b6475}\n"
	      "blockquote{margin:4px 0;padding:4px 10px;background:#f6f7f9;border-left:3px solid #dfe3ea}\n"
	      "ul.new li{border-left:3px solid #c62828;padding-left:8px;margin:6px 0;list-style:none}\n"
	      "ul.fixed li{border-left:3px solid #0a7d3b;padding-left:8px;margin:6px 0;list-style:none}\n"
	      "code{color:#5b6475}\n</style></head><body>\n<h1>What changed</h1>\n<p>",
	      out);
	struct buf b = BUF_INIT;
	summary_line(&b, d);
	h(out, buf_str(&b));
	buf_release(&b);
	fputs("</p>\n<table><thead><tr><th>Page</th><th>Status</th><th>Score</th><th>Fixed</th>"
	      "<th>New</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < d->npages; i++) {
		const struct diff_page *p = &d->pages[i];
		if (p->status == DIFF_SAME && !p->fixed && !p->added)
			continue;
		struct buf s = BUF_INIT;
		score_change(&s, p->old_score, p->new_score);
		fputs("<tr><td>", out);
		h(out, p->page);
		fprintf(out, "</td><td class=\"%s\">%s</td><td>", status_name(p->status),
			status_name(p->status));
		h(out, buf_str(&s));
		fprintf(out, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n", p->fixed,
			p->added);
		buf_release(&s);
	}
	fputs("</tbody></table>\n", out);
	html_findings(out, "New findings", "new", d->added, d->nadded);
	html_findings(out, "Fixed findings", "fixed", d->fixed, d->nfixed);
	fputs("</body></html>\n", out);
}

int diff_write(FILE *out, const struct diff *d, const char *format, struct ma_error *err)
{
	if (!strcmp(format, "text"))
		write_text(out, d);
	else if (!strcmp(format, "json")) {
		if (write_json(out, d))
			return ma_error_set(err, MA_ERR_IO, "cannot write the JSON diff");
	} else if (!strcmp(format, "md") || !strcmp(format, "markdown"))
		write_md(out, d);
	else if (!strcmp(format, "html"))
		write_html(out, d);
	else
		return ma_error_set(err, MA_ERR_USAGE,
				    "diff: unknown format '%s' (text json md html)", format);
	return MA_OK;
}

static const char diff_usage[] =
	"usage: msgaudit diff [-f FORMAT] [-o FILE] OLD.json NEW.json\n"
	"\n"
	"Compare two JSON reports (msgaudit -f json): site and page scores,\n"
	"findings fixed and new.  Findings are matched by rule, page, phrase and\n"
	"sentence, not by line, so moved copy is not a change.\n"
	"\n"
	"  -f, --format FORMAT     text (default), json, md, html\n"
	"  -o, --output FILE       write to FILE instead of stdout\n"
	"  -h, --help              show this help and exit\n"
	"\n"
	"Exit status: 0 no new findings, 1 new findings, 2 usage error or a\n"
	"report that cannot be read, 4 the output could not be written.\n";

int diff_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text", *output = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs(diff_usage, stdout);
			return 0;
		case ':':
			fprintf(stderr, "msgaudit: diff: option '%s' needs an argument\n", argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "msgaudit: diff: unknown option '%s' (see msgaudit diff --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (argc - optind != 2) {
		fputs(diff_usage, stderr);
		return 2;
	}
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "md") &&
	    strcmp(format, "markdown") && strcmp(format, "html")) {
		fprintf(stderr, "msgaudit: diff: unknown format '%s' (text json md html)\n", format);
		return 2;
	}
	struct diff d;
	struct ma_error err;
	ma_error_clear(&err);
	if (diff_compute(&d, argv[optind], argv[optind + 1], &err)) {
		fprintf(stderr, "msgaudit: %s\n", err.msg);
		diff_release(&d);
		return 2;
	}
	FILE *out = output && strcmp(output, "-") ? fopen(output, "w") : stdout;
	int status = d.nadded ? 1 : 0;
	if (!out) {
		fprintf(stderr, "msgaudit: %s: cannot write: %s\n", output, strerror(errno));
		status = 4;
	} else {
		int rc = diff_write(out, &d, format, &err);
		if (fflush(out) || ferror(out) || rc) {
			fprintf(stderr, "msgaudit: %s: cannot write the diff\n", output ? output : "stdout");
			status = 4;
		}
		if (out != stdout)
			fclose(out);
	}
	diff_release(&d);
	return status;
}
