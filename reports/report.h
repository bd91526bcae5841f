/* Reports: one file per output format; each turns a finished (or
 * interrupted) audit into bytes.  Reports never call the crawler. */
#ifndef MSGAUDIT_REPORT_H
#define MSGAUDIT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "common/error.h"
#include "common/model.h"
#include "rules/ruleset.h"

struct site_report;

/* The results of one run, as the reports see them. */
struct audit {
	char **targets;
	size_t ntargets;
	struct page **pages;	/* in report order; NULL entries are skipped */
	size_t npages;
	const struct ruleset *rules;
	enum severity fail_on;
	bool incomplete;	/* interrupted: the pages here are the ones done */
	size_t baseline_suppressed;
	/* summary, filled by report_summarize */
	size_t audited;		/* pages audited (not failed) */
	size_t findings;
	size_t by_severity[3];
	int score;		/* site score; -1 when no page was audited */
	/* the site level (rules/site.h), one summary per target; the
	 * writers read it, report_release frees it */
	struct site_report *sites;
	const char *version;
	double seconds;
};

struct report_opts {
	bool color;
	bool verbose;
	const char *cwd;	/* unused for now */
};

/* Fill the summary fields of a (again after the pages changed, as after
 * a baseline). */
void report_summarize(struct audit *a);
/* Free what report_summarize made. */
void report_release(struct audit *a);

typedef int (*report_fn)(FILE *out, const struct audit *a, const struct report_opts *o,
			 struct ma_error *err);

/* Look up a format by name ("text", "json", ...); NULL when unknown. */
report_fn report_find(const char *format);
/* The format names, space-separated, for messages. */
const char *report_formats(void);
/* A format guessed from a file name's extension, or NULL. */
const char *report_format_for_path(const char *path);
/* Write the audit in format to path ("-" or NULL: stdout).  Returns
 * MA_ERR_IO with a message naming the file when it cannot be written. */
int report_write(const char *format, const char *path, const struct audit *a,
		 const struct report_opts *o, struct ma_error *err);

int report_text_write(FILE *out, const struct audit *a, const struct report_opts *o,
		      struct ma_error *err);
int report_json_write(FILE *out, const struct audit *a, const struct report_opts *o,
		      struct ma_error *err);
/* More formats (issue 5); doc/report-formats.md describes each. */
/* One page as the JSON report's "pages" array holds it (caller decrefs). */
struct json_t;
struct json_t *report_json_page(const struct page *p);
/* One JSON Lines line for a page, flushed at once: the CLI streams pages
 * this way as they finish. */
int report_jsonl_page(FILE *out, const struct page *p, struct ma_error *err);
int report_jsonl_write(FILE *out, const struct audit *a, const struct report_opts *o,
		       struct ma_error *err);
int report_html_write(FILE *out, const struct audit *a, const struct report_opts *o,
		      struct ma_error *err);
int report_markdown_write(FILE *out, const struct audit *a, const struct report_opts *o,
			  struct ma_error *err);
int report_csv_write(FILE *out, const struct audit *a, const struct report_opts *o,
		     struct ma_error *err);
int report_sarif_write(FILE *out, const struct audit *a, const struct report_opts *o,
		       struct ma_error *err);
int report_junit_write(FILE *out, const struct audit *a, const struct report_opts *o,
		       struct ma_error *err);
int report_github_write(FILE *out, const struct audit *a, const struct report_opts *o,
			struct ma_error *err);

#endif
