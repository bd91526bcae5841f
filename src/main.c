/* The front door: parses argv, prints, exits.  Everything else lives in
 * libmsgaudit.a. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "common/pool.h"
#include "reports/report.h"
#include "src/audit.h"
#include "reports/baseline.h"
#include "src/diff.h"

/* The exit status is part of the interface (DESIGN.md). */
enum exit_code {
	EXIT_CLEAN = 0,		/* nothing at or above the fail level */
	EXIT_FINDINGS = 1,	/* findings at or above it, or score below --min-score */
	EXIT_USAGE = 2,		/* usage, config or rule-file error */
	EXIT_NOTHING = 3,	/* nothing could be audited */
	EXIT_REPORT = 4,	/* a report could not be written */
};

static void on_signal(int sig)
{
	(void)sig;
	pool_cancel();
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void list_rules(const struct ruleset *rs, bool verbose)
{
	static const char *const kinds[] = {"flag", "require", "limit"};
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		printf("%-40s %-7s %-8s %-12s %s%s\n", r->id, kinds[r->kind], severity_name(r->severity),
		       r->category, r->enabled ? "" : "(disabled) ", r->message);
		if (verbose) {
			printf("    defined at %s:%u\n", r->file, r->line);
			if (r->pattern_src)
				printf("    pattern: %s\n", r->pattern_src);
			if (r->kind != RULE_LIMIT) {
				printf("    prefilter%s: ", r->prefix_mode ? " (prefix)" : "");
				if (r->always)
					printf("none (runs on every block)");
				for (size_t j = 0; j < r->nliterals; j++)
					printf("%s\"%s\"", j ? " " : "", r->literals[j]);
				printf("\n");
				if (r->ngates) {
					printf("    and one of:");
					for (size_t j = 0; j < r->ngates; j++)
						printf(" \"%s\"", r->gates[j]);
					printf("\n");
				}
				if (r->nscan) {
					printf("    or, scanning the block:");
					for (size_t j = 0; j < r->nscan; j++)
						printf(" \"%s\"", r->scan_literals[j]);
					printf("\n");
				}
			}
		}
	}
	size_t enabled = 0;
	for (size_t i = 0; i < rs->n; i++)
		enabled += rs->rules[i].enabled;
	printf("%zu rules, %zu enabled, from %zu pack%s\n", rs->n, enabled, rs->nfiles,
	       rs->nfiles == 1 ? "" : "s");
}

/* One report to write: the main one (stdout or -o) or a --report. */
struct output {
	const char *format;
	const char *path;	/* NULL or "-": stdout */
	bool color;
	FILE *stream;		/* open while JSON Lines are streamed into it */
};

struct outputs {
	struct output *v;
	size_t n;
	struct baseline *baseline;	/* applied page by page while streaming */
	size_t suppressed;
	bool streaming;
	bool failed;
};

/* Resolve every report's format; false (with a message) when a file
 * name does not tell it. */
static bool outputs_init(struct outputs *out, const struct options *o, const struct report_opts *ro)
{
	memset(out, 0, sizeof *out);
	out->v = calloc(o->nreports + 1, sizeof *out->v);
	if (!out->v)
		abort();
	const char *fmt = o->format ? o->format : (o->output ? report_format_for_path(o->output) : NULL);
	if (!fmt)
		fmt = "text";
	if (!(o->quiet && !o->output && !strcmp(fmt, "text"))) {
		struct output *m = &out->v[out->n++];
		m->format = fmt;
		m->path = o->output;
		m->color = ro->color && !(o->output && strcmp(o->output, "-"));
	}
	bool ok = true;
	for (size_t i = 0; i < o->nreports; i++) {
		const char *f = o->reports[i].format ? o->reports[i].format
						     : report_format_for_path(o->reports[i].path);
		if (!f) {
			fprintf(stderr, "msgaudit: %s: cannot tell the report format from the name; "
					"use --report FORMAT:FILE (%s)\n",
				o->reports[i].path, report_formats());
			ok = false;
			continue;
		}
		out->v[out->n].format = f;
		out->v[out->n].path = o->reports[i].path;
		out->n++;
	}
	return ok;
}

/* JSON Lines reports are written as pages finish, so a long run shows
 * progress and an interrupted one keeps every page done. */
static void outputs_open_streams(struct outputs *out)
{
	for (size_t i = 0; i < out->n; i++) {
		struct output *w = &out->v[i];
		if (strcmp(w->format, "jsonl"))
			continue;
		w->stream = !w->path || !strcmp(w->path, "-") ? stdout : fopen(w->path, "w");
		if (!w->stream) {
			fprintf(stderr, "msgaudit: %s: cannot write report: %s\n", w->path, strerror(errno));
			out->failed = true;
			w->format = NULL;	/* nothing more to do for it */
			continue;
		}
		out->streaming = true;
	}
}

static void stream_page(void *arg, struct page *p)
{
	struct outputs *out = arg;
	struct ma_error err;
	if (out->baseline)
		out->suppressed += report_baseline_apply(out->baseline, &p, 1);
	for (size_t i = 0; i < out->n; i++) {
		struct output *w = &out->v[i];
		if (w->stream && report_jsonl_page(w->stream, p, &err)) {
			fprintf(stderr, "msgaudit: %s: %s\n", w->path ? w->path : "stdout", err.msg);
			out->failed = true;
			if (w->stream != stdout)
				fclose(w->stream);
			w->stream = NULL;
			w->format = NULL;
		}
	}
}

static int write_reports(struct outputs *out, const struct audit *a, const struct report_opts *ro)
{
	struct ma_error err;
	int status = out->failed ? EXIT_REPORT : EXIT_CLEAN;
	for (size_t i = 0; i < out->n; i++) {
		struct output *w = &out->v[i];
		if (w->stream) {
			if (w->stream != stdout && fclose(w->stream) != 0) {
				fprintf(stderr, "msgaudit: %s: cannot write report: %s\n", w->path,
					strerror(errno));
				status = EXIT_REPORT;
			}
			w->stream = NULL;
			continue;
		}
		if (!w->format)
			continue;
		struct report_opts wro = *ro;
		wro.color = w->color;
		if (report_write(w->format, w->path, a, &wro, &err)) {
			fprintf(stderr, "msgaudit: %s\n", err.msg);
			status = EXIT_REPORT;
		}
	}
	free(out->v);
	out->v = NULL;
	return status;
}

static int validate_formats(const struct options *o)
{
	if (o->format && !report_find(o->format)) {
		fprintf(stderr, "msgaudit: unknown format '%s' (%s)\n", o->format, report_formats());
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < o->nreports; i++)
		if (o->reports[i].format && !report_find(o->reports[i].format)) {
			fprintf(stderr, "msgaudit: unknown report format '%s' (%s)\n",
				o->reports[i].format, report_formats());
			return EXIT_USAGE;
		}
	return EXIT_CLEAN;
}

static int exit_status(const struct options *o, const struct audit *a)
{
	if (a->audited == 0)
		return EXIT_NOTHING;
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		for (size_t j = 0; p && j < p->nfindings; j++)
			if (o->fail_on != SEV_NONE && p->findings[j].severity >= o->fail_on)
				return EXIT_FINDINGS;
	}
	if (o->min_score >= 0 && a->score >= 0 && a->score < o->min_score)
		return EXIT_FINDINGS;
	return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
	struct options o;
	struct ma_error err;
	ma_error_clear(&err);
	options_init(&o);
	int status = EXIT_CLEAN;
	struct baseline *baseline = NULL;
	xmlInitParser();
	if (argc > 1 && !strcmp(argv[1], "diff")) {
		status = diff_main(argc - 1, argv + 1);
		options_release(&o);
		xmlCleanupParser();
		return status;
	}
	if (options_parse(&o, argc, argv, &err)) {
		fprintf(stderr, "msgaudit: %s\n", err.msg);
		options_release(&o);
		return EXIT_USAGE;
	}
	if (o.help) {
		fputs(options_usage(), stdout);
		options_release(&o);
		return EXIT_CLEAN;
	}
	if (o.version) {
		printf("msgaudit %s\n", PACKAGE_VERSION);
		options_release(&o);
		return EXIT_CLEAN;
	}
	struct audit_run run;
	if (audit_prepare(&run, &o, &err)) {
		fprintf(stderr, "msgaudit: %s\n", err.msg);
		audit_release(&run);
		options_release(&o);
		return EXIT_USAGE;
	}
	if (o.list_rules) {
		list_rules(&run.rs, o.verbose);
		goto out;
	}
	if ((status = validate_formats(&o)))
		goto out;
	if (o.baseline && report_baseline_load(&baseline, o.baseline, &err)) {
		fprintf(stderr, "msgaudit: %s\n", err.msg);
		status = EXIT_USAGE;
		goto out;
	}
	struct report_opts ro = {0};
	ro.verbose = o.verbose;
	ro.color = o.color == COLOR_ALWAYS || (o.color == COLOR_AUTO && isatty(STDOUT_FILENO) &&
					       !getenv("NO_COLOR"));
	struct outputs outs;
	bool outs_ok = outputs_init(&outs, &o, &ro);
	outs.baseline = baseline;
	outputs_open_streams(&outs);
	if (outs.streaming) {
		run.on_page = stream_page;
		run.on_page_arg = &outs;
	}
	install_signals();
	audit_execute(&run);
	if (baseline) {
		/* only new findings are reported and count for the exit status;
		 * a stream has met the baseline page by page, but the site-level
		 * findings came after (a finding met once is taken out of the
		 * baseline, so none is counted twice) */
		run.audit.baseline_suppressed =
			(outs.streaming ? outs.suppressed : 0) +
			report_baseline_apply(baseline, run.audit.pages, run.audit.npages);
		report_summarize(&run.audit);
	}
	if (run.audit.incomplete && !o.quiet)
		fprintf(stderr, "msgaudit: interrupted: reporting the %zu pages done\n", run.audit.audited);
	int rs = write_reports(&outs, &run.audit, &ro);
	if (!outs_ok)
		rs = EXIT_REPORT;
	status = exit_status(&o, &run.audit);
	if (status == EXIT_NOTHING)
		fprintf(stderr, "msgaudit: nothing could be audited\n");
	if (rs)
		status = rs;
out:
	report_baseline_free(baseline);
	audit_release(&run);
	options_release(&o);
	xmlCleanupParser();
	return status;
}
