#include "crawler/source.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/glob.h"
#include "common/intern.h"
#include "common/xalloc.h"
#include "crawler/markdown.h"

int crawl_source_kind(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return -1;
	if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".xhtml") ||
	    !strcasecmp(dot, ".shtml") || !strcasecmp(dot, ".jinja") || !strcasecmp(dot, ".j2") ||
	    !strcasecmp(dot, ".liquid") || !strcasecmp(dot, ".hbs") || !strcasecmp(dot, ".njk"))
		return SRC_HTML;
	if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown") || !strcasecmp(dot, ".mdown") ||
	    !strcasecmp(dot, ".mkd"))
		return SRC_MARKDOWN;
	if (!strcasecmp(dot, ".mdx"))
		return SRC_MDX;
	return -1;
}

static void add_item(struct source_list *l, const char *file, const char *rel, const char *target,
		     enum source_kind kind)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	struct source_item *it = &l->v[l->n++];
	it->file = xstrdup(file);
	it->rel = xstrdup(rel);
	it->target = xstrdup(target);
	it->kind = kind;
}

static bool excluded(char *const *ex, size_t n, const char *rel, bool is_dir)
{
	for (size_t i = 0; i < n; i++)
		if (glob_match_path(ex[i], rel, is_dir))
			return true;
	return false;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(const char *dir, const char *rel, const char *target, char *const *ex, size_t nex,
		struct source_list *out, struct ma_error *err, int depth)
{
	if (depth > 64)
		return MA_OK;	/* a link loop or an absurd tree */
	DIR *d = opendir(dir);
	if (!d)
		return ma_error_set(err, MA_ERR_USAGE, "%s: cannot open folder: %s", dir, strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;	/* hidden entries, "." and ".." */
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	int rc = MA_OK;
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *r = *rel ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		struct stat st;
		if (rc == MA_OK && stat(path, &st) == 0) {
			bool is_dir = S_ISDIR(st.st_mode);
			if (!excluded(ex, nex, r, is_dir)) {
				if (is_dir) {
					if (strcmp(names[i], "node_modules"))
						rc = walk(path, r, target, ex, nex, out, err, depth + 1);
				} else if (S_ISREG(st.st_mode)) {
					int k = crawl_source_kind(names[i]);
					if (k >= 0)
						add_item(out, path, r, target, (enum source_kind)k);
				}
			}
		}
		free(path);
		free(r);
		free(names[i]);
	}
	free(names);
	return rc;
}

int crawl_source_collect(const char *target, char *const *excludes, size_t nexcludes,
			 struct source_list *out, struct ma_error *err)
{
	if (!strcmp(target, "-")) {
		add_item(out, "-", "-", "-", SRC_STDIN);
		return MA_OK;
	}
	struct stat st;
	if (stat(target, &st) != 0)
		return ma_error_set(err, MA_ERR_USAGE, "%s: %s", target, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		size_t len = strlen(target);
		char *dir = xstrdup(target);
		while (len > 1 && dir[len - 1] == '/')
			dir[--len] = '\0';
		size_t before = out->n;
		int rc = walk(dir, "", target, excludes, nexcludes, out, err, 0);
		free(dir);
		if (rc == MA_OK && out->n == before)
			rc = ma_error_set(err, MA_ERR_USAGE,
					  "%s: no pages to audit (looked for .html, .htm, .md, .markdown, .mdx)",
					  target);
		return rc;
	}
	if (access(target, R_OK) != 0)
		return ma_error_set(err, MA_ERR_USAGE, "%s: %s", target, strerror(errno));
	int k = crawl_source_kind(target);
	const char *base = strrchr(target, '/');
	add_item(out, target, base ? base + 1 : target, target, k < 0 ? SRC_HTML : (enum source_kind)k);
	return MA_OK;
}

void crawl_source_list_release(struct source_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].file);
		free(l->v[i].rel);
		free(l->v[i].target);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

struct page *crawl_source_read(const struct source_item *it, const struct extract_opts *o,
			       const struct buf *stdin_buf, char **src_out)
{
	struct page *p = page_new();
	p->path = xstrdup(it->rel);
	p->display = xstrdup(it->file);
	p->site = str_intern(it->target);
	p->is_markdown = it->kind == SRC_MARKDOWN || it->kind == SRC_MDX;
	*src_out = NULL;
	struct buf b = BUF_INIT;
	if (it->kind == SRC_STDIN) {
		buf_append(&b, stdin_buf->data ? stdin_buf->data : "", stdin_buf->len);
	} else {
		int e = buf_read_file(&b, it->file);
		if (e) {
			page_add_warning(p, "cannot read: %s", strerror(e));
			p->failed = true;
			buf_release(&b);
			return p;
		}
	}
	p->bytes = b.len;
	struct ma_error err;
	ma_error_clear(&err);
	int rc;
	if (p->is_markdown)
		rc = crawl_extract_markdown(p, buf_str(&b), b.len, it->kind == SRC_MDX, o, &err);
	else
		rc = crawl_extract_html(p, buf_str(&b), b.len, NULL, o, &err);
	if (rc != MA_OK) {
		page_add_warning(p, "not audited: %s", err.msg);
		p->failed = true;
	} else if (b.len == 0) {
		page_add_warning(p, "empty file");
	} else if (p->nblocks == 0) {
		page_add_warning(p, "no readable copy found");
	}
	*src_out = buf_detach(&b, NULL);
	p->src = *src_out;
	p->src_len = p->bytes;
	return p;
}
