/* Fingerprints and baselines.  A baseline is a multiset of fingerprints
 * (open addressing, counts), read from a previous JSON report. */
#include "reports/baseline.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

const char *report_page_id(const struct page *p)
{
	return p->url ? p->url : p->path ? p->path : p->display ? p->display : "-";
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * FNV_PRIME;
}

static uint64_t fnv_raw(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = fnv_byte(h, (unsigned char)*s);
	return fnv_byte(h, 0);
}

/* Hash only what a reader would call the same words: ASCII letters and
 * digits (lowercased) and non-ASCII bytes, but not the "…" (U+2026) that
 * marks a cut context, nor typographic quotes and dashes, so that a
 * reflowed or requoted sentence keeps its fingerprint. */
static uint64_t fnv_normalised(uint64_t h, const char *s)
{
	const unsigned char *u = (const unsigned char *)(s ? s : "");
	while (*u) {
		if (u[0] == 0xe2 && u[1] == 0x80 && u[2] &&
		    ((u[2] >= 0x90 && u[2] <= 0x9f) || u[2] == 0xa6)) {
			u += 3;	/* dashes, curly quotes, ellipsis */
			continue;
		}
		if (u[0] == 0xc2 && u[1] == 0xa0) {
			u += 2;	/* no-break space */
			continue;
		}
		if (*u >= 0x80)
			h = fnv_byte(h, *u);
		else if (*u >= 'A' && *u <= 'Z')
			h = fnv_byte(h, (unsigned char)(*u - 'A' + 'a'));
		else if ((*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9'))
			h = fnv_byte(h, *u);
		u++;
	}
	return fnv_byte(h, 0);
}

uint64_t report_fingerprint(const char *rule, const char *page_id, const char *match,
			    const char *context)
{
	uint64_t h = FNV_OFFSET;
	h = fnv_raw(h, rule);
	h = fnv_raw(h, page_id);
	h = fnv_normalised(h, match);
	h = fnv_normalised(h, context);
	return h;
}

uint64_t report_finding_fingerprint(const struct page *p, const struct finding *f)
{
	return report_fingerprint(f->rule, report_page_id(p), f->match, f->context);
}

size_t report_finding_occurrence(const struct page *p, size_t j)
{
	uint64_t fp = report_finding_fingerprint(p, &p->findings[j]);
	size_t n = 0;
	for (size_t i = 0; i < j; i++)
		if (!strcmp(p->findings[i].rule, p->findings[j].rule) &&
		    report_finding_fingerprint(p, &p->findings[i]) == fp)
			n++;
	return n;
}

struct slot {
	uint64_t fp;
	size_t count;	/* how many times the baseline holds fp; 0: empty */
	size_t left;	/* how many of those are not yet taken */
};

struct baseline {
	struct slot *slots;
	size_t cap;	/* a power of two */
	size_t used;
	size_t total;
};

static struct baseline *baseline_new(void)
{
	struct baseline *b = xcalloc(1, sizeof *b);
	b->cap = 64;
	b->slots = xcalloc(b->cap, sizeof *b->slots);
	return b;
}

static struct slot *find_slot(struct slot *slots, size_t cap, uint64_t fp)
{
	size_t i = (size_t)(fp ^ (fp >> 29)) & (cap - 1);
	while (slots[i].count && slots[i].fp != fp)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void baseline_add(struct baseline *b, uint64_t fp)
{
	if ((b->used + 1) * 2 > b->cap) {
		size_t ncap = b->cap * 2;
		struct slot *ns = xcalloc(ncap, sizeof *ns);
		for (size_t i = 0; i < b->cap; i++)
			if (b->slots[i].count)
				*find_slot(ns, ncap, b->slots[i].fp) = b->slots[i];
		free(b->slots);
		b->slots = ns;
		b->cap = ncap;
	}
	struct slot *s = find_slot(b->slots, b->cap, fp);
	if (!s->count) {
		s->fp = fp;
		b->used++;
	}
	s->count++;
	s->left++;
	b->total++;
}

size_t report_baseline_size(const struct baseline *b)
{
	return b ? b->total : 0;
}

bool report_baseline_take(struct baseline *b, uint64_t fp)
{
	struct slot *s = find_slot(b->slots, b->cap, fp);
	if (!s->count || !s->left)
		return false;
	s->left--;
	return true;
}

struct baseline *report_baseline_from_pages(struct page *const *pages, size_t npages)
{
	struct baseline *b = baseline_new();
	for (size_t i = 0; i < npages; i++) {
		const struct page *p = pages[i];
		for (size_t j = 0; p && j < p->nfindings; j++)
			baseline_add(b, report_finding_fingerprint(p, &p->findings[j]));
	}
	return b;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int report_baseline_load(struct baseline **out, const char *path, struct ma_error *err)
{
	json_error_t je;
	*out = NULL;
	json_t *root = json_load_file(path, JSON_ALLOW_NUL, &je);
	if (!root) {
		if (je.line <= 0 && je.position <= 0)
			return ma_error_set(err, MA_ERR_IO, "%s: cannot read baseline: %s", path,
					    je.text);
		return ma_error_set(err, MA_ERR_PARSE, "%s:%d: bad baseline: %s", path, je.line,
				    je.text);
	}
	json_t *pages = json_object_get(root, "pages");
	if (!json_is_array(pages)) {
		json_decref(root);
		return ma_error_set(err, MA_ERR_PARSE,
				    "%s: bad baseline: not a msgaudit JSON report (no \"pages\" array)",
				    path);
	}
	struct baseline *b = baseline_new();
	size_t i;
	json_t *pg;
	json_array_foreach(pages, i, pg) {
		const char *id = jstr(pg, "url");
		if (!id)
			id = jstr(pg, "path");
		json_t *fs = json_object_get(pg, "findings");
		size_t j;
		json_t *f;
		json_array_foreach(fs, j, f) {
			const char *rule = jstr(f, "rule");
			if (rule)
				baseline_add(b, report_fingerprint(rule, id ? id : "-", jstr(f, "match"),
								   jstr(f, "context")));
		}
	}
	json_decref(root);
	*out = b;
	return MA_OK;
}

size_t report_baseline_apply(struct baseline *b, struct page **pages, size_t npages)
{
	size_t removed = 0;
	for (size_t i = 0; b && i < npages; i++) {
		struct page *p = pages[i];
		if (!p)
			continue;
		size_t keep = 0;
		for (size_t j = 0; j < p->nfindings; j++) {
			struct finding *f = &p->findings[j];
			if (report_baseline_take(b, report_finding_fingerprint(p, f))) {
				free(f->match);
				free(f->context);
				removed++;
			} else {
				p->findings[keep++] = *f;
			}
		}
		p->nfindings = keep;
	}
	return removed;
}

void report_baseline_free(struct baseline *b)
{
	if (!b)
		return;
	free(b->slots);
	free(b);
}
