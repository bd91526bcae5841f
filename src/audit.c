#include "config.h"

#include "src/audit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/pool.h"
#include "common/intern.h"
#include "common/xalloc.h"
#include "crawler/markdown.h"
#include "rules/analysis.h"
#include "rules/score.h"
#include "rules/site.h"
#include "src/crawl_run.h"
#include "src/settings.h"

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *audit_packs_dir(void)
{
	static char dir[PATH_MAX + 32];
	const char *env = getenv("MSGAUDIT_PACKS_DIR");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* libtool-free build tree: the binary sits in the top build dir
		 * (tests run from tests/unit, one level down) */
		char real_build[PATH_MAX];
		if (realpath(MSGAUDIT_ABS_BUILDDIR, real_build) &&
		    (!strcmp(exe, real_build) || !strncmp(exe, real_build, strlen(real_build)))) {
			snprintf(dir, sizeof dir, "%s/rules/packs", MSGAUDIT_ABS_SRCDIR);
			if (is_dir(dir))
				return dir;
		}
		snprintf(dir, sizeof dir, "%s/rules/packs", exe);
		if (is_dir(dir))
			return dir;
	}
	return MSGAUDIT_PKGDATADIR "/packs";
}

static int load_rules(struct audit_run *r, struct ma_error *err)
{
	struct options *o = r->opt;
	int rc = MA_OK;
	if (!o->no_default_rules)
		rc = rule_set_load_dir(&r->rs, audit_packs_dir(), err);
	for (size_t i = 0; i < o->rules.n && rc == MA_OK; i++)
		rc = rule_set_load_file(&r->rs, o->rules.v[i], err);
	for (size_t i = 0; i < o->toggles.n && rc == MA_OK; i++)
		rc = rule_set_enable(&r->rs, o->toggles.v[i] + 1, o->toggles.v[i][0] == '+', err);
	if (rc == MA_OK)
		rule_set_prepare(&r->rs);
	return rc;
}

static int setup_extraction(struct audit_run *r, struct ma_error *err)
{
	struct options *o = r->opt;
	extract_opts_init(&r->xo);
	for (size_t i = 0; i < o->skip.n; i++)
		extract_opts_add_skip(&r->xo, o->skip.v[i]);
	for (size_t i = 0; i < o->keep.n; i++)
		extract_opts_add_keep(&r->xo, o->keep.v[i]);
	r->ptr = pagetype_rules_new();
	for (size_t i = 0; i < o->page_types.n; i++) {
		char *eq = strchr(o->page_types.v[i], '=');
		char *type = xstrndup(o->page_types.v[i], (size_t)(eq - o->page_types.v[i]));
		int rc = pagetype_rules_add(r->ptr, type, eq + 1, err);
		free(type);
		if (rc)
			return rc;
	}
	return MA_OK;
}

static bool is_url(const char *t)
{
	return !strncmp(t, "http://", 7) || !strncmp(t, "https://", 8);
}

int audit_prepare(struct audit_run *r, struct options *o, struct ma_error *err)
{
	memset(r, 0, sizeof *r);
	r->opt = o;
	rule_set_init(&r->rs);
	buf_init(&r->stdin_buf);
	crawl_markdown_init();
	if (!o->no_config) {
		char *cfg = o->config ? xstrdup(o->config)
				      : config_find(o->targets.n && !is_url(o->targets.v[0]) &&
							    strcmp(o->targets.v[0], "-")
						    ? o->targets.v[0]
						    : ".");
		int rc = cfg ? config_load(o, cfg, err) : MA_OK;
		free(cfg);
		if (rc)
			return rc;
	}
	analysis_set_company(o->company);
	int rc = load_rules(r, err);
	if (!rc)
		rc = setup_extraction(r, err);
	if (rc || o->list_rules)
		return rc;
	if (!o->targets.n)
		return ma_error_set(err, MA_ERR_USAGE, "no target given (see --help)");
	for (size_t i = 0; i < o->targets.n && !rc; i++) {
		const char *t = o->targets.v[i];
		if (!is_url(t))
			rc = crawl_source_collect(t, o->excludes.v, o->excludes.n, &r->src, err);
	}
	if (!rc)
		rc = crawl_run_prepare(r, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < r->src.n; i++)
		if (r->src.v[i].kind == SRC_STDIN && !r->stdin_buf.len) {
			char tmp[65536];
			size_t n;
			while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0)
				buf_append(&r->stdin_buf, tmp, n);
		}
	r->jobs = o->jobs ? o->jobs : pool_default_jobs();
	r->matchers = xcalloc(r->jobs, sizeof *r->matchers);
	for (unsigned j = 0; j < r->jobs; j++)
		r->matchers[j] = matcher_new(&r->rs);
	r->pages = xcalloc(r->src.n ? r->src.n : 1, sizeof *r->pages);
	r->audit.targets = o->targets.v;
	r->audit.ntargets = o->targets.n;
	r->audit.rules = &r->rs;
	r->audit.fail_on = o->fail_on;
	r->audit.version = PACKAGE_VERSION;
	return MA_OK;
}

void audit_page(struct audit_run *r, struct page *p, int worker)
{
	if (!p->failed) {
		if (!p->title) {
			for (size_t i = 0; i < p->nblocks; i++)
				if (p->blocks[i].scope == SCOPE_H1) {
					p->title = xstrndup(p->text.data + p->blocks[i].off, p->blocks[i].len);
					break;
				}
		}
		pagetype_classify(r->ptr, p);
		rule_run_page(&r->rs, r->matchers[worker], p);
		score_page(p);
	}
	page_compact(p);
}

static void work(size_t i, void *arg, int worker)
{
	struct audit_run *r = arg;
	char *src = NULL;
	struct page *p = crawl_source_read(&r->src.v[i], &r->xo, &r->stdin_buf, &src);
	audit_page(r, p, worker);
	free(src);
	r->pages[i] = p;
}

void audit_page_done(struct audit_run *r, struct page *p)
{
	if (r->on_page && p)
		r->on_page(r->on_page_arg, p);
}

static void done(size_t i, void *arg)
{
	struct audit_run *r = arg;
	audit_page_done(r, r->pages[i]);
}

void audit_execute(struct audit_run *r)
{
	pool_run(r->src.n, r->jobs, work, done, r);
	r->npages = r->src.n;
	crawl_run_execute(r);
	r->audit.pages = r->pages;
	r->audit.npages = r->npages;
	r->audit.incomplete = pool_cancelled() != 0;
	/* issue 4: findings in site boilerplate are shown once (rules/site.h) */
	site_mark_boilerplate(r->pages, r->npages);
	if (!r->opt->repeat_boilerplate)
		site_drop_repeated_boilerplate(r->pages, r->npages);
	site_add_consistency_findings(&r->rs, r->pages, r->npages);
	report_summarize(&r->audit);
}

void audit_release(struct audit_run *r)
{
	report_release(&r->audit);	/* before the pages it points into */
	for (size_t i = 0; r->pages && i < r->npages; i++)
		page_free(r->pages[i]);
	free(r->pages);
	crawl_run_free(r->crawl);
	for (unsigned j = 0; r->matchers && j < r->jobs; j++)
		matcher_free(r->matchers[j]);
	free(r->matchers);
	crawl_source_list_release(&r->src);
	buf_release(&r->stdin_buf);
	rule_set_release(&r->rs);
	str_intern_release();	/* after the pages that point into it */
	extract_opts_release(&r->xo);
	pagetype_rules_free(r->ptr);
}
