#include "reports/report.h"

#include "rules/score.h"
#include "rules/site.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	report_fn fn;
	const char *ext;	/* NULL: never inferred from a file name */
	bool alias;		/* not listed in messages */
} formats[] = {
	{"text", report_text_write, ".txt", false},
	{"json", report_json_write, ".json", false},
	{"jsonl", report_jsonl_write, ".jsonl", false},
	{"html", report_html_write, ".html", false},
	{"md", report_markdown_write, ".md", false},
	{"csv", report_csv_write, ".csv", false},
	{"sarif", report_sarif_write, ".sarif", false},
	{"junit", report_junit_write, ".xml", false},
	{"github", report_github_write, NULL, false},
	/* aliases: found by name and extension, not listed */
	{"markdown", report_markdown_write, ".markdown", true},
	{"ndjson", report_jsonl_write, ".ndjson", true},
	{"htm", report_html_write, ".htm", true},
};

report_fn report_find(const char *format)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (!strcasecmp(formats[i].name, format))
			return formats[i].fn;
	return NULL;
}

const char *report_formats(void)
{
	static char names[256];
	if (!names[0])
		for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
			if (formats[i].alias)
				continue;
			if (i)
				strcat(names, " ");
			strcat(names, formats[i].name);
		}
	return names;
}

const char *report_format_for_path(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot)
		return NULL;
	size_t len = strlen(path);
	if (len > 11 && !strcasecmp(path + len - 11, ".sarif.json"))
		return "sarif";
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (formats[i].ext && !strcasecmp(formats[i].ext, dot))
			return formats[i].name;
	return NULL;
}

void report_summarize(struct audit *a)
{
	a->audited = a->findings = 0;
	memset(a->by_severity, 0, sizeof a->by_severity);
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		if (!p || p->failed)
			continue;
		a->audited++;
		a->findings += p->nfindings;
		for (size_t j = 0; j < p->nfindings; j++)
			if (p->findings[j].severity <= SEV_ERROR)
				a->by_severity[p->findings[j].severity]++;
	}
	/* weighted by page type (doc/scoring.md) */
	a->score = score_site(a->pages, a->npages);
	/* once for every report written */
	site_report_free(a->sites);
	a->sites = site_analyze(a->pages, a->npages);
}

void report_release(struct audit *a)
{
	site_report_free(a->sites);
	a->sites = NULL;
}

int report_write(const char *format, const char *path, const struct audit *a,
		 const struct report_opts *o, struct ma_error *err)
{
	report_fn fn = report_find(format);
	if (!fn)
		return ma_error_set(err, MA_ERR_USAGE, "unknown report format '%s' (%s)", format,
				    report_formats());
	bool to_stdout = !path || !strcmp(path, "-");
	FILE *out = to_stdout ? stdout : fopen(path, "w");
	if (!out)
		return ma_error_set(err, MA_ERR_IO, "%s: cannot write report: %s", path, strerror(errno));
	int rc = fn(out, a, o, err);
	if (fflush(out) != 0 || ferror(out)) {
		if (rc == MA_OK)
			rc = ma_error_set(err, MA_ERR_IO, "%s: cannot write report: %s",
					  to_stdout ? "stdout" : path, strerror(errno));
	}
	if (!to_stdout && fclose(out) != 0 && rc == MA_OK)
		rc = ma_error_set(err, MA_ERR_IO, "%s: cannot write report: %s", path, strerror(errno));
	return rc;
}
