/* Finding identity: fingerprints that survive line edits and reordering,
 * and baselines (a previous JSON report) that suppress known findings so
 * that CI reports and fails only on new ones. */
#ifndef MSGAUDIT_BASELINE_H
#define MSGAUDIT_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/model.h"

/* The identity of a page in reports and baselines: its URL for crawled
 * pages, else its path relative to the audited folder, else its display
 * name ("-" for stdin). */
const char *report_page_id(const struct page *p);

/* The fingerprint of a finding: a 64-bit FNV-1a hash of the rule id, the
 * page id, and the match and its context normalised (ASCII lowercased,
 * punctuation, white space and the ellipsis of a cut context dropped).
 * Line and column are left out on purpose, so a finding keeps its
 * fingerprint when lines above it are added or removed.  Any argument may
 * be NULL (hashed as ""). */
uint64_t report_fingerprint(const char *rule, const char *page_id, const char *match,
			    const char *context);
/* Same, for a finding of page p. */
uint64_t report_finding_fingerprint(const struct page *p, const struct finding *f);
/* The occurrence number (0-based) of finding j among the findings of p
 * with the same fingerprint before it: two identical phrases in the same
 * sentence stay two findings. */
size_t report_finding_occurrence(const struct page *p, size_t j);

struct baseline;

/* Read a JSON report written by `msgaudit -f json` as a baseline.  Returns
 * MA_OK and a new baseline in *out, or MA_ERR_IO / MA_ERR_PARSE with a
 * message naming the file. */
int report_baseline_load(struct baseline **out, const char *path, struct ma_error *err);
/* Build a baseline from in-memory pages (tests, diff). */
struct baseline *report_baseline_from_pages(struct page *const *pages, size_t npages);
/* How many findings the baseline holds. */
size_t report_baseline_size(const struct baseline *b);
/* Take one occurrence of fingerprint fp out of the baseline; true when it
 * was there.  Each baseline finding suppresses at most one new finding. */
bool report_baseline_take(struct baseline *b, uint64_t fp);
/* Remove from the pages every finding the baseline knows (each baseline
 * entry used once).  Returns how many were removed. */
size_t report_baseline_apply(struct baseline *b, struct page **pages, size_t npages);
void report_baseline_free(struct baseline *b);

#endif
