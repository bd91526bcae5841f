/* The rule engine alone: extract the copy of every page under a folder,
 * repeat it to a target size, and time the default packs over it on one
 * core, after one untimed pass over the copy, the fastest of three runs.  Writes the extracted copy
 * to a file so peers can be run on the same text.  Usage: engine-bench PACKS_DIR PAGES_DIR MB COPY_OUT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"
#include "crawler/markdown.h"
#include "crawler/source.h"
#include "rules/match.h"
#include "rules/ruleset.h"

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: engine-bench PACKS_DIR PAGES_DIR MB COPY_OUT\n");
		return 2;
	}
	struct ma_error err;
	struct ruleset rs;
	rule_set_init(&rs);
	if (rule_set_load_dir(&rs, argv[1], &err)) {
		fprintf(stderr, "engine-bench: %s\n", err.msg);
		return 2;
	}
	rule_set_prepare(&rs);
	crawl_markdown_init();
	struct source_list src = {0};
	if (crawl_source_collect(argv[2], NULL, 0, &src, &err)) {
		fprintf(stderr, "engine-bench: %s\n", err.msg);
		return 2;
	}
	struct extract_opts xo;
	extract_opts_init(&xo);
	struct buf copy = BUF_INIT, none = BUF_INIT;
	for (size_t i = 0; i < src.n; i++) {
		char *s = NULL;
		struct page *p = crawl_source_read(&src.v[i], &xo, &none, &s);
		buf_append(&copy, p->text.data ? p->text.data : "", p->text.len);
		buf_putc(&copy, '\n');
		page_free(p);
		free(s);
	}
	FILE *f = fopen(argv[4], "w");
	if (f) {
		fwrite(copy.data, 1, copy.len, f);
		fclose(f);
	}
	size_t target = (size_t)atol(argv[3]) * 1024 * 1024;
	struct buf big = BUF_INIT;
	while (big.len < target)
		buf_append(&big, copy.data, copy.len);
	struct matcher *m = matcher_new(&rs);
	/* one pass over the copy first, as a long audit's threads have made
	 * by their second page: the matcher's buffers grown, the machine code
	 * of the patterns paged in; the timed run is the steady state */
	size_t warm = rule_run_text(&rs, m, copy.data, copy.len);
	/* the fastest of three timed runs: a shared machine only ever slows
	 * a run down; every run must find the same */
	double dt = 0, dc = 0;
	size_t hits = 0;
	for (int run = 0; run < 3; run++) {
		double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
		size_t h = rule_run_text(&rs, m, big.data, big.len);
		double w = now(CLOCK_MONOTONIC) - t0, c = now(CLOCK_THREAD_CPUTIME_ID) - c0;
		if (run && h != hits) {
			fprintf(stderr, "engine-bench: run %d found %zu matches, run 1 %zu\n", run + 1, h, hits);
			return 1;
		}
		hits = h;
		if (!run || c < dc)
			dt = w, dc = c;
	}
	double mb = (double)big.len / 1048576.0;
	/* CPU time is what one core spends; wall time suffers when the
	 * machine is shared, so both are printed */
	if (!warm && hits)
		fprintf(stderr, "engine-bench: the warm-up pass found nothing\n");
	printf("engine: %zu rules, %.1f MB of copy (corpus copy %.2f MB repeated), %zu matches, "
	       "%.3f s wall, %.3f s CPU, %.0f MB/s on one core (%.0f MB/s by wall clock)\n",
	       rs.n, mb, (double)copy.len / 1048576.0, hits, dt, dc, mb / dc, mb / dt);
	matcher_free(m);
	buf_release(&big);
	buf_release(&copy);
	extract_opts_release(&xo);
	crawl_source_list_release(&src);
	rule_set_release(&rs);
	return 0;
}
