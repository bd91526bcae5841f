/* JSON Lines: one page object per line, exactly as it appears in the
 * "pages" array of the JSON report (so the one contract, doc/json.md,
 * describes both), for tools that process pages one at a time. */
#include <jansson.h>
#include <stdlib.h>

#include "reports/report.h"

int report_jsonl_write(FILE *out, const struct audit *a, const struct report_opts *o,
		       struct ma_error *err)
{
	char *doc = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);
	if (!mem)
		return ma_error_set(err, MA_ERR_IO, "cannot write the JSON Lines report: out of memory");
	int rc = report_json_write(mem, a, o, err);
	fclose(mem);
	if (rc) {
		free(doc);
		return rc;
	}
	json_error_t je;
	json_t *root = json_loadb(doc, len, JSON_ALLOW_NUL, &je);
	free(doc);
	if (!root)
		return ma_error_set(err, MA_ERR_IO, "cannot write the JSON Lines report: %s", je.text);
	size_t i;
	json_t *pg;
	json_array_foreach(json_object_get(root, "pages"), i, pg) {
		if (json_dumpf(pg, out, JSON_COMPACT) != 0) {
			rc = ma_error_set(err, MA_ERR_IO, "cannot write the JSON Lines report");
			break;
		}
		fputc('\n', out);
	}
	json_decref(root);
	return rc;
}
