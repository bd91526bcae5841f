/* The CLI side of crawling URL targets: options -> crawl_opts, the
 * progress line and the messages on stderr. */
#ifndef MSGAUDIT_CRAWL_RUN_H
#define MSGAUDIT_CRAWL_RUN_H

#include "common/error.h"

struct audit_run;
struct crawl_run;

/* Check the crawl options of r->opt (regular expressions); returns
 * MA_ERR_USAGE with a message for a bad one.  Sets r->crawl. */
int crawl_run_prepare(struct audit_run *r, struct ma_error *err);
/* Crawl every URL target in order and append its pages (URL order within
 * a site) to r->pages. */
void crawl_run_execute(struct audit_run *r);
void crawl_run_free(struct crawl_run *c);

#endif
