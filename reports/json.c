/* The JSON report: the stable contract of DESIGN.md and doc/json.md.
 * Field names never change; fields may be added. */
#include <jansson.h>
#include <string.h>

#include "reports/report.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* jansson refuses invalid UTF-8; extraction guarantees valid text, but a
 * path or URL from the file system may not be. */
static json_t *safe_string(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	return j ? j : json_stringn_nocheck(s, strlen(s));
}

static json_t *metrics_json(const struct metrics *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "words", json_integer((json_int_t)m->words));
	json_object_set_new(o, "buzzwords", json_integer((json_int_t)m->buzzwords));
	json_object_set_new(o, "buzzword_density", json_real((double)(long)(m->buzzword_density * 10 + 0.5) / 10));
	if (m->has_analysis) {
		json_object_set_new(o, "problem", json_boolean(m->problem));
		json_object_set_new(o, "impact", json_boolean(m->impact));
		json_object_set_new(o, "evidence", json_integer((json_int_t)m->evidence));
		json_object_set_new(o, "we", json_integer((json_int_t)m->we));
		json_object_set_new(o, "you", json_integer((json_int_t)m->you));
		json_object_set_new(o, "reading_grade", json_real((double)(long)(m->reading_grade * 10 + 0.5) / 10));
	}
	return o;
}

static json_t *finding_json(const struct finding *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "rule", json_string(f->rule));
	json_object_set_new(o, "severity", json_string(severity_name(f->severity)));
	json_object_set_new(o, "message", safe_string(f->message));
	json_object_set_new(o, "suggestion", str_or_null(f->suggestion));
	json_object_set_new(o, "match", safe_string(f->match ? f->match : ""));
	json_object_set_new(o, "context", safe_string(f->context ? f->context : ""));
	json_object_set_new(o, "scope", json_string(scope_name(f->scope)));
	json_object_set_new(o, "line", json_integer(f->line));
	json_object_set_new(o, "column", json_integer(f->col));
	return o;
}

static json_t *page_json(const struct page *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "url", safe_string(p->url));
	json_object_set_new(o, "path", safe_string(p->url ? NULL : p->path));
	json_object_set_new(o, "status", p->url ? json_integer(p->status) : json_null());
	json_object_set_new(o, "page_type", json_string(page_type_name(p->type)));
	json_object_set_new(o, "page_type_reason", str_or_null(p->type_reason));
	json_object_set_new(o, "title", safe_string(p->title));
	json_object_set_new(o, "words", json_integer((json_int_t)p->metrics.words));
	json_object_set_new(o, "score", p->failed ? json_null() : json_integer(p->score));
	json_object_set_new(o, "metrics", metrics_json(&p->metrics));
	json_t *fs = json_array();
	for (size_t i = 0; i < p->nfindings; i++)
		json_array_append_new(fs, finding_json(&p->findings[i]));
	json_object_set_new(o, "findings", fs);
	if (p->nwarnings) {
		json_t *ws = json_array();
		for (size_t i = 0; i < p->nwarnings; i++)
			json_array_append_new(ws, safe_string(p->warnings[i]));
		json_object_set_new(o, "warnings", ws);
	}
	if (p->failed)
		json_object_set_new(o, "audited", json_false());
	if (p->url) {
		json_object_set_new(o, "final_url", safe_string(p->final_url));
		json_t *rd = json_array();
		for (size_t i = 0; i < p->nredirects; i++)
			json_array_append_new(rd, safe_string(p->redirects[i]));
		json_object_set_new(o, "redirects", rd);
		json_object_set_new(o, "bytes", json_integer((json_int_t)p->bytes));
		json_object_set_new(o, "fetch_ms", json_real(p->fetch_ms));
		json_object_set_new(o, "depth", json_integer(p->depth));
		json_object_set_new(o, "content_type", str_or_null(p->content_type));
	}
	return o;
}

int report_json_write(FILE *out, const struct audit *a, const struct report_opts *o,
		      struct ma_error *err)
{
	(void)o;
	json_t *root = json_object();
	json_t *tool = json_object();
	json_object_set_new(tool, "name", json_string("msgaudit"));
	json_object_set_new(tool, "version", json_string(a->version ? a->version : "0"));
	json_object_set_new(root, "tool", tool);
	json_t *targets = json_array();
	for (size_t i = 0; i < a->ntargets; i++)
		json_array_append_new(targets, safe_string(a->targets[i]));
	json_object_set_new(root, "targets", targets);
	json_t *sum = json_object();
	json_object_set_new(sum, "pages", json_integer((json_int_t)a->audited));
	json_object_set_new(sum, "findings", json_integer((json_int_t)a->findings));
	json_object_set_new(sum, "score", a->score >= 0 ? json_integer(a->score) : json_null());
	json_object_set_new(sum, "errors", json_integer((json_int_t)a->by_severity[SEV_ERROR]));
	json_object_set_new(sum, "warnings", json_integer((json_int_t)a->by_severity[SEV_WARNING]));
	json_object_set_new(sum, "info", json_integer((json_int_t)a->by_severity[SEV_INFO]));
	json_object_set_new(sum, "incomplete", json_boolean(a->incomplete));
	json_object_set_new(sum, "baseline_suppressed", json_integer((json_int_t)a->baseline_suppressed));
	json_object_set_new(root, "summary", sum);
	json_t *pages = json_array();
	for (size_t i = 0; i < a->npages; i++)
		if (a->pages[i])
			json_array_append_new(pages, page_json(a->pages[i]));
	json_object_set_new(root, "pages", pages);
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (rc != 0)
		return ma_error_set(err, MA_ERR_IO, "cannot write the JSON report");
	fputc('\n', out);
	return MA_OK;
}
