/* `msgaudit diff OLD.json NEW.json`: what changed between two JSON
 * reports (pages better or worse, findings fixed and new), as text,
 * JSON, Markdown or HTML.  Findings are matched by fingerprint (rule,
 * page, normalised match and context; reports/baseline.h), so moved
 * lines are not changes. */
#ifndef MSGAUDIT_DIFF_H
#define MSGAUDIT_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "common/error.h"

struct diff_finding {
	const char *page;
	const char *rule, *severity, *message, *match, *context;
	long line, column;
};

enum diff_page_status { DIFF_SAME, DIFF_BETTER, DIFF_WORSE, DIFF_ADDED, DIFF_REMOVED };

struct diff_page {
	const char *page;	/* url or path */
	const char *title;
	enum diff_page_status status;
	long old_score, new_score;	/* -1: absent */
	size_t fixed, added;		/* findings */
};

struct diff {
	void *old_json, *new_json;	/* the parsed reports (jansson), owning the strings */
	long old_score, new_score;	/* site scores, -1 when absent */
	size_t old_pages, new_pages, old_findings, new_findings;
	struct diff_page *pages;
	size_t npages;
	struct diff_finding *fixed, *added;
	size_t nfixed, nadded;
};

/* Read two JSON reports and compare them.  Errors (unreadable file, not
 * a msgaudit JSON report) are MA_ERR_IO or MA_ERR_PARSE naming the file. */
int diff_compute(struct diff *d, const char *old_path, const char *new_path, struct ma_error *err);
/* Write the comparison as "text", "json", "md" or "html"; MA_ERR_USAGE
 * for another format. */
int diff_write(FILE *out, const struct diff *d, const char *format, struct ma_error *err);
void diff_release(struct diff *d);

/* The subcommand: argv[0] is "diff".  Returns the exit status: 0 no new
 * findings, 1 new findings, 2 usage or unreadable report, 4 the output
 * could not be written. */
int diff_main(int argc, char **argv);

#endif
