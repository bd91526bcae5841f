#include "common/model.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"

static const char *const scope_names[SCOPE_COUNT] = {
	"title", "meta", "h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td",
	"quote", "cta", "alt", "text", "page",
};

const char *scope_name(enum scope s)
{
	return (unsigned)s < SCOPE_COUNT ? scope_names[s] : "?";
}

int scope_from_name(const char *name)
{
	for (int i = 0; i < SCOPE_COUNT; i++)
		if (!strcasecmp(name, scope_names[i]))
			return i;
	if (!strcasecmp(name, "blockquote") || !strcasecmp(name, "q"))
		return SCOPE_QUOTE;
	if (!strcasecmp(name, "description"))
		return SCOPE_META;
	if (!strcasecmp(name, "th"))
		return SCOPE_TD;
	return -1;
}

static const char *const severity_names[] = {"info", "warning", "error", "none"};

const char *severity_name(enum severity s)
{
	return (unsigned)s <= SEV_NONE ? severity_names[s] : "?";
}

int severity_from_name(const char *name)
{
	for (int i = 0; i <= SEV_NONE; i++)
		if (!strcasecmp(name, severity_names[i]))
			return i;
	if (!strcasecmp(name, "warn"))
		return SEV_WARNING;
	return -1;
}

static const char *const page_type_names[PT_COUNT] = {
	"other", "home", "product", "solution", "pricing", "about", "case-study",
	"blog", "docs", "legal", "form", "careers", "error",
};

const char *page_type_name(enum page_type t)
{
	return (unsigned)t < PT_COUNT ? page_type_names[t] : "other";
}

int page_type_from_name(const char *name)
{
	for (int i = 0; i < PT_COUNT; i++)
		if (!strcasecmp(name, page_type_names[i]))
			return i;
	return -1;
}

struct page *page_new(void)
{
	struct page *p = xcalloc(1, sizeof *p);
	buf_init(&p->text);
	return p;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

const char *page_label(const struct page *p)
{
	return p->display ? p->display : p->url ? p->url : p->path ? p->path : "-";
}

void page_compact(struct page *p)
{
	buf_release(&p->text);
	free(p->blocks);
	p->blocks = NULL;
	p->nblocks = p->blocks_cap = 0;
	free(p->lines);
	p->lines = NULL;
	p->nlines = p->lines_cap = 0;
	for (size_t i = 0; i < p->nsupp; i++)
		free(p->supp[i].rule);
	free(p->supp);
	p->supp = NULL;
	p->nsupp = p->supp_cap = 0;
	for (size_t i = 0; i < p->nlinks; i++)
		free(p->links[i].href);
	free(p->links);
	p->links = NULL;
	p->nlinks = p->links_cap = 0;
	p->src = NULL;
	p->src_len = 0;
	/* the findings are (nearly) final: give back the growth room, which
	 * is most of the array on a page with one or two */
	if (p->findings_cap > p->nfindings) {
		if (p->nfindings) {
			p->findings = xrealloc(p->findings, p->nfindings * sizeof *p->findings);
		} else {
			free(p->findings);
			p->findings = NULL;
		}
		p->findings_cap = p->nfindings;
	}
}

void page_free(struct page *p)
{
	if (!p)
		return;
	page_compact(p);
	free(p->url);
	free(p->path);
	free(p->display);
	free(p->title);
	free(p->description);
	free(p->canonical);
	free(p->base_href);
	for (size_t i = 0; i < p->nfindings; i++) {
		free(p->findings[i].match);
		free(p->findings[i].context);
	}
	free(p->findings);
	free_strv(p->warnings, p->nwarnings);
	free(p->final_url);
	free_strv(p->redirects, p->nredirects);
	free(p->content_type);
	if (p->ext && p->ext_free)
		p->ext_free(p->ext);
	free(p);
}

struct block *page_add_block(struct page *p, enum scope scope, const char *text,
			     size_t len, uint32_t line, bool quoted)
{
	if (p->text.len)
		buf_putc(&p->text, '\n');
	p->blocks = xgrow(p->blocks, &p->blocks_cap, p->nblocks + 1, sizeof *p->blocks);
	struct block *b = &p->blocks[p->nblocks++];
	memset(b, 0, sizeof *b);
	b->scope = scope;
	b->off = p->text.len;
	b->len = len;
	b->line = line;
	b->quoted = quoted;
	buf_append(&p->text, text, len);
	page_mark_line(p, b->off, line);
	return b;
}

void page_mark_line(struct page *p, size_t off, uint32_t line)
{
	if (p->nlines && p->lines[p->nlines - 1].line == line)
		return;
	if (p->nlines && p->lines[p->nlines - 1].off == off) {
		p->lines[p->nlines - 1].line = line;
		return;
	}
	p->lines = xgrow(p->lines, &p->lines_cap, p->nlines + 1, sizeof *p->lines);
	p->lines[p->nlines].off = off;
	p->lines[p->nlines].line = line;
	p->nlines++;
}

void page_add_warning(struct page *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p->warnings = xgrow(p->warnings, &p->warnings_cap, p->nwarnings + 1, sizeof *p->warnings);
	p->warnings[p->nwarnings++] = buf_detach(&b, NULL);
}

struct finding *page_add_finding(struct page *p)
{
	p->findings = xgrow(p->findings, &p->findings_cap, p->nfindings + 1, sizeof *p->findings);
	struct finding *f = &p->findings[p->nfindings++];
	memset(f, 0, sizeof *f);
	return f;
}

void page_add_link(struct page *p, const char *href, uint32_t line, bool nofollow)
{
	p->links = xgrow(p->links, &p->links_cap, p->nlinks + 1, sizeof *p->links);
	struct link *l = &p->links[p->nlinks++];
	l->href = xstrdup(href);
	l->line = line;
	l->nofollow = nofollow;
}

void page_add_suppression(struct page *p, const char *rule, size_t start, size_t end)
{
	p->supp = xgrow(p->supp, &p->supp_cap, p->nsupp + 1, sizeof *p->supp);
	struct suppression *s = &p->supp[p->nsupp++];
	s->rule = xstrdup_or_null(rule);
	s->start = start;
	s->end = end;
}

uint32_t page_line_at(const struct page *p, size_t off)
{
	size_t lo = 0, hi = p->nlines;
	if (!hi)
		return 1;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (p->lines[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return p->lines[lo].line;
}

const struct block *page_block_at(const struct page *p, size_t off)
{
	size_t lo = 0, hi = p->nblocks;
	if (!hi)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (p->blocks[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	const struct block *b = &p->blocks[lo];
	return off >= b->off && off <= b->off + b->len ? b : NULL;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

void page_sort_findings(struct page *p)
{
	if (p->nfindings > 1)
		qsort(p->findings, p->nfindings, sizeof *p->findings, finding_cmp);
}
