/* The JSON report: the stable contract of DESIGN.md and doc/json.md.
 * Field names never change; fields may be added. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "reports/report.h"
#include "rules/analysis.h"
#include "rules/consistency.h"
#include "rules/site.h"

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

static json_t *sentences_json(const struct quoted_sentence *v, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < ANALYSIS_KEEP; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "text", safe_string(v[i].text));
		json_object_set_new(o, "line", json_integer(v[i].line));
		json_object_set_new(o, "strength", json_real(v[i].strength));
		json_object_set_new(o, "quote", json_boolean(v[i].quote));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *round1(double v)
{
	return json_real((double)lround(v * 10) / 10);
}

/* Issue 4: per-page analysis details beside the fixed fields. */
static void analysis_json(json_t *o, const struct page *p)
{
	const struct analysis *a = analysis_of(p);
	if (!a)
		return;
	json_t *cat = json_object();
	for (int c = 0; c < CAT_COUNT; c++)
		json_object_set_new(cat, analysis_category_name((enum score_category)c),
				    a->category[c] >= 0 ? json_integer(a->category[c]) : json_null());
	json_object_set_new(o, "categories", cat);
	json_object_set_new(o, "problem_sentences", sentences_json(a->problems, a->nproblems));
	json_object_set_new(o, "impact_sentences", sentences_json(a->impacts, a->nimpacts));
	json_t *d = json_object();
	json_object_set_new(d, "sentences", json_integer((json_int_t)a->sentences));
	json_object_set_new(d, "problem_count", json_integer((json_int_t)a->nproblems));
	json_object_set_new(d, "impact_count", json_integer((json_int_t)a->nimpacts));
	json_object_set_new(d, "evidence_sentences", json_integer((json_int_t)a->evidence_sentences));
	json_object_set_new(d, "quotes", json_integer((json_int_t)a->quotes));
	json_object_set_new(d, "superlatives", json_integer((json_int_t)a->superlatives));
	json_object_set_new(d, "unsupported_superlatives", json_integer((json_int_t)a->unsupported));
	json_object_set_new(d, "company", str_or_null(a->company));
	json_object_set_new(d, "company_mentions", json_integer((json_int_t)a->company_mentions));
	if (a->has_readability) {
		json_object_set_new(d, "reading_ease", round1(a->reading_ease));
		json_object_set_new(d, "sentence_words", round1(a->sentence_words));
		json_object_set_new(d, "long_sentences", json_integer((json_int_t)a->long_sentences));
		json_object_set_new(d, "passive_sentences", json_integer((json_int_t)a->passive));
	}
	json_object_set_new(d, "hero_passive", json_boolean(a->hero_passive));
	json_object_set_new(o, "analysis", d);
}

json_t *report_json_page(const struct page *p)
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
	analysis_json(o, p);
	json_t *fs = json_array();
	for (size_t i = 0; i < p->nfindings; i++) {
		json_t *f = finding_json(&p->findings[i]);
		/* issue 4: the same copy block on many pages of the site */
		if (analysis_finding_in_boilerplate(p, i))
			json_object_set_new(f, "boilerplate", json_true());
		json_array_append_new(fs, f);
	}
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
		json_object_set_new(o, "final_url", safe_string(p->final_url ? p->final_url : p->url));
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

static json_t *page_ref(const struct page *p)
{
	return safe_string(p->url ? p->url : p->path ? p->path : p->display);
}

/* Issue 4: the site level (rules/site.h), one entry per target. */
static json_t *sites_json(const struct audit *a)
{
	json_t *arr = json_array();
	const struct site_report *r = a->sites;
	for (size_t i = 0; r && i < r->n; i++) {
		const struct site_summary *s = &r->v[i];
		json_t *o = json_object();
		json_object_set_new(o, "target", safe_string(s->site));
		json_object_set_new(o, "pages", json_integer((json_int_t)s->pages));
		json_object_set_new(o, "score", s->score >= 0 ? json_integer(s->score) : json_null());
		json_t *vp = json_object();
		json_object_set_new(vp, "home", s->home ? page_ref(s->home) : json_null());
		json_object_set_new(vp, "text", str_or_null(s->value_prop));
		json_object_set_new(vp, "key_pages", json_integer((json_int_t)s->necho));
		json_object_set_new(vp, "echoing", json_integer((json_int_t)s->echoing));
		json_t *ig = json_array();
		for (size_t j = 0; j < s->necho; j++)
			if (s->echo[j].overlap < SITE_ECHO_MIN) {
				json_t *e = json_object();
				json_object_set_new(e, "page", page_ref(s->echo[j].page));
				json_object_set_new(e, "overlap", round1(s->echo[j].overlap * 100));
				json_array_append_new(ig, e);
			}
		json_object_set_new(vp, "ignoring", ig);
		json_t *ct = json_array();
		for (size_t j = 0; j < s->naudience; j++) {
			json_t *e = json_object();
			json_object_set_new(e, "page", page_ref(s->audience[j].page));
			json_object_set_new(e, "page_audience", json_string(s->audience[j].page_audience));
			json_object_set_new(e, "home_audience", json_string(s->audience[j].home_audience));
			json_array_append_new(ct, e);
		}
		json_object_set_new(vp, "contradicting", ct);
		json_t *vr = json_array();
		for (size_t j = 0; j < s->nvariants; j++) {
			json_t *group = json_array();
			for (size_t k = 0; k < s->variants[j].n; k++) {
				json_t *e = json_object();
				json_object_set_new(e, "text", safe_string(s->variants[j].text[k]));
				json_object_set_new(e, "page", page_ref(s->variants[j].page[k]));
				json_array_append_new(group, e);
			}
			json_array_append_new(vr, group);
		}
		json_object_set_new(vp, "claim_variants", vr);
		json_t *fc = json_array();
		for (size_t j = 0; j < s->nconflicts; j++) {
			const struct figure_conflict *c = &s->conflicts[j];
			json_t *e = json_object(), *vals = json_array();
			json_object_set_new(e, "claim", json_string(consistency_noun(c->noun)));
			for (size_t k = 0; k < c->nvalues; k++) {
				json_t *v = json_object(), *pg = json_array();
				json_object_set_new(v, "text", safe_string(c->values[k].fact->f.match));
				json_object_set_new(v, "value", json_real(c->values[k].value));
				for (size_t q = 0; q < c->values[k].npages; q++)
					json_array_append_new(pg, page_ref(c->values[k].pages[q]));
				json_object_set_new(v, "pages", pg);
				json_array_append_new(vals, v);
			}
			json_object_set_new(e, "values", vals);
			json_array_append_new(fc, e);
		}
		json_object_set_new(vp, "conflicting_figures", fc);
		json_object_set_new(o, "value_proposition", vp);
		json_t *bl = json_array();
		for (size_t j = 0; j < s->nboiler; j++) {
			json_t *b = json_object();
			json_object_set_new(b, "text", safe_string(s->boiler[j].text));
			json_object_set_new(b, "scope", json_string(scope_name(s->boiler[j].scope)));
			json_object_set_new(b, "pages", json_integer((json_int_t)s->boiler[j].pages));
			json_object_set_new(b, "findings", json_integer((json_int_t)s->boiler[j].findings));
			json_object_set_new(b, "rule", str_or_null(s->boiler[j].rule));
			json_array_append_new(bl, b);
		}
		json_object_set_new(o, "boilerplate", bl);
		json_object_set_new(o, "boilerplate_findings", json_integer((json_int_t)s->boiler_findings));
		json_t *ph = json_array();
		for (size_t j = 0; j < s->nphrases; j++) {
			json_t *x = json_object();
			json_object_set_new(x, "phrase", safe_string(s->phrases[j].phrase));
			json_object_set_new(x, "rule", json_string(s->phrases[j].rule));
			json_object_set_new(x, "count", json_integer((json_int_t)s->phrases[j].count));
			json_object_set_new(x, "pages", json_integer((json_int_t)s->phrases[j].pages));
			json_array_append_new(ph, x);
		}
		json_object_set_new(o, "top_phrases", ph);
		json_t *worst = json_array(), *best = json_array();
		for (size_t j = 0; j < s->nworst; j++) {
			json_t *x = json_object();
			json_object_set_new(x, "page", page_ref(s->worst[j].page));
			json_object_set_new(x, "score", json_integer(s->worst[j].score));
			json_array_append_new(worst, x);
		}
		for (size_t j = 0; j < s->nbest; j++) {
			json_t *x = json_object();
			json_object_set_new(x, "page", page_ref(s->best[j].page));
			json_object_set_new(x, "score", json_integer(s->best[j].score));
			json_array_append_new(best, x);
		}
		json_object_set_new(o, "worst_pages", worst);
		json_object_set_new(o, "teaching_examples", best);
		json_object_set_new(o, "we", json_integer((json_int_t)s->we));
		json_object_set_new(o, "you", json_integer((json_int_t)s->you));
		json_array_append_new(arr, o);
	}
	return arr;
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
	json_object_set_new(root, "sites", sites_json(a));
	/* the pages are written one at a time, as jansson would lay them out
	 * in the array, so that a large site never holds its whole report
	 * as one tree */
	json_object_set_new(root, "pages", json_array());
	char *head = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	json_decref(root);
	char *hole = head ? strstr(head, "\"pages\": []") : NULL;
	if (!hole) {
		free(head);
		return ma_error_set(err, MA_ERR_IO, "cannot write the JSON report");
	}
	hole += strlen("\"pages\": [");
	fwrite(head, 1, (size_t)(hole - head), out);
	bool any = false;
	for (size_t i = 0; i < a->npages; i++) {
		if (!a->pages[i])
			continue;
		json_t *pg = report_json_page(a->pages[i]);
		char *s = json_dumps(pg, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
		json_decref(pg);
		if (!s) {
			free(head);
			return ma_error_set(err, MA_ERR_IO, "cannot write the JSON report");
		}
		fputs(any ? ",\n    " : "\n    ", out);
		for (const char *l = s, *nl; *l; l = nl + 1) {
			nl = strchr(l, '\n');
			if (!nl) {
				fputs(l, out);
				break;
			}
			fwrite(l, 1, (size_t)(nl - l) + 1, out);
			fputs("    ", out);
		}
		free(s);
		any = true;
	}
	if (any)
		fputs("\n  ", out);
	fputs(hole, out);
	free(head);
	fputc('\n', out);
	if (ferror(out))
		return ma_error_set(err, MA_ERR_IO, "cannot write the JSON report");
	return MA_OK;
}
