/* The floor under a crawl's rate: libxml2's HTML parser alone, driven as
 * msgaudit drives it (the push parser, SAX, the same options) but with no
 * callback set, so nothing is built or extracted, on every HTML page an
 * audit of a folder reads, on one core.  Every page msgaudit audits goes through
 * this parse, so its rate on the machine's cores bounds the audited pages
 * per second before anything is fetched, extracted or matched.
 * Usage: parse-bench DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "crawler/extract.h"
#include "crawler/source.h"

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
	/* the HTML pages an audit of DIR reads, as it finds them */
	struct source_list src = {0};
	struct ma_error err;
	if (crawl_source_collect(argv[1], NULL, 0, &src, &err)) {
		fprintf(stderr, "parse-bench: %s\n", err.msg);
		return 2;
	}
	struct {
		struct buf *v;
		size_t n;
	} ps = {xcalloc(src.n ? src.n : 1, sizeof *ps.v), 0};
	for (size_t i = 0; i < src.n; i++)
		if (src.v[i].kind == SRC_HTML && buf_read_file(&ps.v[ps.n], src.v[i].file) == 0)
			ps.n++;
	crawl_source_list_release(&src);
	if (!ps.n) {
		fprintf(stderr, "parse-bench: no HTML page under %s\n", argv[1]);
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
			htmlCtxtUseOptions(ctxt, extract_parse_options());
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
