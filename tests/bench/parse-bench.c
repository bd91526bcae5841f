/* The floor under a crawl's rate: libxml2's HTML parser alone, driven as
 * msgaudit drives it (the push parser, SAX, the same options) but with no
 * callback set, so nothing is built or extracted, on every .html file
 * under a folder, on one core.  Every page msgaudit audits goes through
 * this parse, so its rate on the machine's cores bounds the audited pages
 * per second before anything is fetched, extracted or matched.
 * Usage: parse-bench DIR */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "common/buf.h"

struct pages {
	struct buf *v;
	size_t n, cap;
};

static void collect(const char *dir, struct pages *ps)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *path = malloc(n);
		snprintf(path, n, "%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			collect(path, ps);
		} else if (n > 6 && !strcmp(path + strlen(path) - 5, ".html")) {
			if (ps->n == ps->cap) {
				ps->cap = ps->cap ? 2 * ps->cap : 64;
				ps->v = realloc(ps->v, ps->cap * sizeof *ps->v);
			}
			struct buf b = BUF_INIT;
			if (buf_read_file(&b, path) == 0)
				ps->v[ps->n++] = b;
		}
		free(path);
	}
	closedir(d);
}

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: parse-bench DIR\n");
		return 2;
	}
	struct pages ps = {0};
	collect(argv[1], &ps);
	if (!ps.n) {
		fprintf(stderr, "parse-bench: no .html under %s\n", argv[1]);
		return 2;
	}
	size_t bytes = 0;
	for (size_t i = 0; i < ps.n; i++)
		bytes += ps.v[i].len;
	double best = 1e9;
	for (int r = 0; r < 5; r++) {
		double t0 = cpu_now();
		for (size_t i = 0; i < ps.n; i++) {
			htmlSAXHandler sax;
			memset(&sax, 0, sizeof sax);
			htmlParserCtxtPtr ctxt =
				htmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL, XML_CHAR_ENCODING_NONE);
			if (!ctxt)
				return 1;
			htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
							 HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
							 HTML_PARSE_NOBLANKS | XML_PARSE_HUGE);
			xmlSwitchToEncoding(ctxt, xmlFindCharEncodingHandler("UTF-8"));
			htmlParseChunk(ctxt, ps.v[i].data, (int)ps.v[i].len, 1);
			htmlFreeParserCtxt(ctxt);
		}
		double t = cpu_now() - t0;
		if (t < best)
			best = t;
	}
	printf("libxml2 HTML parse alone (SAX, no callbacks): %zu pages (%.1f KB each on average), %.3f ms a page, "
	       "%.0f pages/s on one core (best of 5)\n",
	       ps.n, (double)bytes / 1024.0 / (double)ps.n, best * 1000.0 / (double)ps.n,
	       (double)ps.n / best);
	for (size_t i = 0; i < ps.n; i++)
		buf_release(&ps.v[i]);
	free(ps.v);
	return 0;
}
