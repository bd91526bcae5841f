/* Command-line and config options. */
#ifndef MSGAUDIT_OPTIONS_H
#define MSGAUDIT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"
#include "common/model.h"

struct strlist {
	char **v;
	size_t n, cap;
};

void strlist_add(struct strlist *l, const char *s);
void strlist_release(struct strlist *l);

struct report_req {
	char *format;
	char *path;	/* NULL or "-" for stdout */
};

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	struct strlist targets;
	char *format;			/* main report format */
	char *output;			/* main report file */
	struct report_req *reports;	/* --report FMT:FILE */
	size_t nreports, reports_cap;
	enum severity fail_on;
	bool fail_on_set;
	int min_score;			/* -1: none */
	struct strlist rules;		/* extra packs */
	bool no_default_rules;
	struct strlist toggles;		/* "+ID" enable, "-ID" disable, in order */
	bool list_rules;
	unsigned jobs;
	struct strlist excludes;
	char *config;			/* --config */
	char *baseline;			/* --baseline: an earlier JSON report */
	char *company;			/* --company: counted as "we" (customer focus) */
	bool repeat_boilerplate;	/* keep boilerplate findings on every page */
	bool no_config;
	enum color_mode color;
	bool quiet, verbose;
	bool help, version;
	struct strlist skip, keep;	/* extraction */
	struct strlist page_types;	/* "type=glob ..." */
	/* which scalar options came from the command line */
	bool format_set, output_set, jobs_set, min_score_set, color_set, ndr_set;
	char *config_used;		/* the config file that was read */
	/* crawling URL targets (issue 3); -1 / 0 / NULL: the default */
	long max_pages;			/* --max-pages, default 500 */
	long max_depth;			/* --max-depth, default none (-1) */
	double delay;			/* --delay seconds, default 1 */
	unsigned concurrency;		/* --concurrency per host, default 1 */
	struct strlist include_urls;	/* --include-url REGEX */
	struct strlist exclude_urls;	/* --exclude-url REGEX */
	bool include_subdomains, ignore_robots, include_noindex, no_sitemaps;
	char *user_agent;		/* --user-agent */
	double timeout;			/* --timeout seconds per request, default 30 */
	long max_body;			/* --max-body bytes, default 5 MB */
	long max_redirects;		/* --max-redirects, default 10 */
	long retries;			/* --retries, default 3 */
};

void options_init(struct options *o);
void options_release(struct options *o);
/* Parse argv.  Returns MA_OK, or MA_ERR_USAGE with a message. */
int options_parse(struct options *o, int argc, char **argv, struct ma_error *err);
/* The --help text. */
const char *options_usage(void);

#endif
