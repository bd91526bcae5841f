/* One run of the tool: options -> rules, sources -> pages -> audit. */
#ifndef MSGAUDIT_AUDIT_H
#define MSGAUDIT_AUDIT_H

#include "common/error.h"
#include "crawler/extract.h"
#include "crawler/source.h"
#include "reports/report.h"
#include "rules/match.h"
#include "rules/pagetype.h"
#include "rules/ruleset.h"
#include "src/options.h"

struct crawl_run;

struct audit_run {
	struct options *opt;
	struct ruleset rs;
	struct extract_opts xo;
	struct pagetype_rules *ptr;
	struct source_list src;
	struct buf stdin_buf;
	struct page **pages;
	size_t npages;			/* pages done: files, then crawled pages */
	struct crawl_run *crawl;	/* URL targets (src/crawl_run.c) */
	struct matcher **matchers;	/* one per worker */
	unsigned jobs;
	struct audit audit;
	/* called on the main thread for each page in report order, as soon
	 * as it and every page before it are done (streamed reports) */
	void (*on_page)(void *arg, struct page *p);
	void *on_page_arg;
};

/* The folder of default packs: $MSGAUDIT_PACKS_DIR, the source tree when
 * run from the build tree, else the installed pkgdatadir. */
const char *audit_packs_dir(void);
/* Read config, load and prepare rules, collect sources.  Errors are
 * MA_ERR_USAGE (exit 2). */
int audit_prepare(struct audit_run *r, struct options *o, struct ma_error *err);
/* Audit every source; stops early (pages done kept) when cancelled. */
void audit_execute(struct audit_run *r);
/* Analyse one extracted page in place (classify, rules, score) and drop
 * what is no longer needed. */
void audit_page(struct audit_run *r, struct page *p, int worker);
/* Hand a finished page to r->on_page, if any (in report order). */
void audit_page_done(struct audit_run *r, struct page *p);
void audit_release(struct audit_run *r);

#endif
