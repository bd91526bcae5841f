/* Crawling URL targets from the command line; see crawl_run.h. */
#include "config.h"

#include "src/crawl_run.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/pool.h"
#include "common/xalloc.h"
#include "crawler/crawl.h"
#include "src/audit.h"

#define PROJECT_URL "https://github.com/msgaudit/msgaudit"

struct crawl_run {
	regex_t *include, *exclude;
	size_t ninclude, nexclude;
	char *user_agent;
	bool progress_shown;
	bool tty;
	bool quiet;
};

static int compile(const struct strlist *l, regex_t **out, size_t *n, const char *opt,
		   struct ma_error *err)
{
	*out = xcalloc(l->n ? l->n : 1, sizeof **out);
	for (size_t i = 0; i < l->n; i++) {
		int rc = regcomp(&(*out)[i], l->v[i], REG_EXTENDED | REG_NOSUB);
		if (rc) {
			char msg[256];
			regerror(rc, &(*out)[i], msg, sizeof msg);
			return ma_error_set(err, MA_ERR_USAGE, "%s '%s': %s", opt, l->v[i], msg);
		}
		(*n)++;
	}
	return MA_OK;
}

int crawl_run_prepare(struct audit_run *r, struct ma_error *err)
{
	struct crawl_run *c = xcalloc(1, sizeof *c);
	r->crawl = c;
	int rc = compile(&r->opt->include_urls, &c->include, &c->ninclude, "--include-url", err);
	if (!rc)
		rc = compile(&r->opt->exclude_urls, &c->exclude, &c->nexclude, "--exclude-url", err);
	c->user_agent = r->opt->user_agent ? xstrdup(r->opt->user_agent)
					   : xstrdup("msgaudit/" PACKAGE_VERSION " (+" PROJECT_URL ")");
	c->quiet = r->opt->quiet;
	c->tty = isatty(STDERR_FILENO) && !c->quiet;
	return rc;
}

void crawl_run_free(struct crawl_run *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ninclude; i++)
		regfree(&c->include[i]);
	for (size_t i = 0; i < c->nexclude; i++)
		regfree(&c->exclude[i]);
	free(c->include);
	free(c->exclude);
	free(c->user_agent);
	free(c);
}

struct ctx {
	struct audit_run *r;
	struct crawl_run *c;
	const char *target;
};

static void audit_cb(struct page *p, int worker, void *arg)
{
	struct ctx *x = arg;
	audit_page(x->r, p, worker);
}

static void clear_progress(struct crawl_run *c)
{
	if (c->progress_shown) {
		fputs("\r\033[K", stderr);
		c->progress_shown = false;
	}
}

static void progress_cb(const struct crawl_progress *pr, void *arg)
{
	struct ctx *x = arg;
	if (!x->c->tty)
		return;
	fprintf(stderr, "\r\033[Kcrawling %s: %zu done, %zu queued, %.1f pages/s, %zu errors",
		pr->host ? pr->host : x->target, pr->done, pr->queued, pr->rate, pr->errors);
	x->c->progress_shown = true;
}

static void warn_cb(const char *msg, void *arg)
{
	struct ctx *x = arg;
	if (x->c->quiet)
		return;
	clear_progress(x->c);
	fprintf(stderr, "msgaudit: %s\n", msg);
}

static void crawl_one(struct audit_run *r, const char *target)
{
	struct options *o = r->opt;
	struct crawl_run *c = r->crawl;
	struct ctx x = {r, c, target};
	struct crawl_opts co;
	crawl_opts_init(&co);
	co.user_agent = c->user_agent;
	co.max_pages = (size_t)o->max_pages;
	co.max_depth = (int)o->max_depth;
	co.delay = o->delay;
	co.concurrency = o->concurrency;
	co.include_subdomains = o->include_subdomains;
	co.ignore_robots = o->ignore_robots;
	co.include_noindex = o->include_noindex;
	co.no_sitemaps = o->no_sitemaps;
	co.timeout_ms = (long)(o->timeout * 1000);
	if (co.connect_timeout_ms > co.timeout_ms)
		co.connect_timeout_ms = co.timeout_ms;
	co.max_body = (size_t)o->max_body;
	co.max_redirects = (int)o->max_redirects;
	co.max_retries = (int)o->retries;
	co.include = c->include;
	co.ninclude = c->ninclude;
	co.exclude = c->exclude;
	co.nexclude = c->nexclude;
	co.xo = &r->xo;
	co.jobs = r->jobs;
	co.audit = audit_cb;
	co.progress = progress_cb;
	co.warn = warn_cb;
	co.cancelled = pool_cancelled;
	co.arg = &x;
	if (getenv("MSGAUDIT_CRAWL_BACKOFF"))	/* tests: fast retries */
		co.backoff = atof(getenv("MSGAUDIT_CRAWL_BACKOFF"));

	struct crawl_result res;
	struct ma_error err;
	ma_error_clear(&err);
	if (crawl_site(target, &co, &res, &err)) {
		clear_progress(c);
		fprintf(stderr, "msgaudit: %s\n", err.msg);
		return;
	}
	clear_progress(c);
	if (res.reason)
		fprintf(stderr, "msgaudit: %s: nothing could be fetched: %s\n", target, res.reason);
	r->pages = xrealloc(r->pages, (r->npages + res.npages + 1) * sizeof *r->pages);
	for (size_t i = 0; i < res.npages; i++)
		r->pages[r->npages++] = res.pages[i];
	res.npages = 0;
	crawl_result_release(&res);
}

void crawl_run_execute(struct audit_run *r)
{
	for (size_t i = 0; i < r->opt->targets.n && !pool_cancelled(); i++) {
		const char *t = r->opt->targets.v[i];
		if (!strncmp(t, "http://", 7) || !strncmp(t, "https://", 8))
			crawl_one(r, t);
	}
}
