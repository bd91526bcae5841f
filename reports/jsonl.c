/* JSON Lines: one page object per line, exactly as it appears in the
 * "pages" array of the JSON report (so the one contract, doc/json.md,
 * describes both), for tools that process pages one at a time.  The CLI
 * streams the lines as pages finish (report_jsonl_page); written after
 * the run, the file holds the same lines. */
#include <jansson.h>
#include <stdlib.h>

#include "reports/report.h"

int report_jsonl_page(FILE *out, const struct page *p, struct ma_error *err)
{
	json_t *pg = report_json_page(p);
	int rc = json_dumpf(pg, out, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(pg);
	if (rc != 0 || fputc('\n', out) == EOF || fflush(out) != 0)
		return ma_error_set(err, MA_ERR_IO, "cannot write the JSON Lines report");
	return MA_OK;
}

int report_jsonl_write(FILE *out, const struct audit *a, const struct report_opts *o,
		       struct ma_error *err)
{
	(void)o;
	for (size_t i = 0; i < a->npages; i++)
		if (a->pages[i] && report_jsonl_page(out, a->pages[i], err))
			return MA_ERR_IO;
	return MA_OK;
}
