/* SARIF 2.1.0 (OASIS), the format code-scanning services read: one run,
 * the tool driver listing every rule of the rule set (so a result's
 * ruleIndex points into it), one result per finding with a physical
 * location (a file with line and column for local audits, the page URL
 * for crawls) and partialFingerprints that do not depend on line
 * numbers, so a finding stays the same alert when lines move.
 * tests/reports-sarif.sh validates the output against the schema. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "reports/baseline.h"
#include "reports/escape.h"
#include "reports/report.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* Strings from pages and file names may hold any bytes; SARIF is JSON,
 * so invalid UTF-8 becomes U+FFFD. */
static json_t *jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");
	if (!j) {
		char *c = report_utf8_clean(s);
		j = json_string(c);
		free(c);
	}
	return j;
}

static json_t *text_obj(const char *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "text", jstr(s));
	return o;
}

static const char *level(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : s == SEV_INFO ? "note" : "none";
}

/* RFC 3986 percent-encoding of a path: unreserved characters and '/'
 * stay, everything else (spaces, '#', '?', '%', non-ASCII) is encoded. */
static char *uri_encode_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *out = xmalloc(n * 3 + 1), *q = out;
	for (const unsigned char *u = (const unsigned char *)path; *u; u++) {
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') || (*u >= '0' && *u <= '9') ||
		    strchr("-._~/", *u)) {
			*q++ = (char)*u;
		} else {
			*q++ = '%';
			*q++ = hex[*u >> 4];
			*q++ = hex[*u & 15];
		}
	}
	*q = '\0';
	return out;
}

/* The artifact URI: the page URL for crawls; for files the path as the
 * user named it (relative to the working directory, which is what
 * code-scanning services resolve against the repository root), or a
 * file: URI when it is absolute. */
static json_t *artifact_uri(const struct page *p)
{
	if (p->url)
		return jstr(p->url);
	const char *f = p->display ? p->display : p->path ? p->path : "-";
	while (f[0] == '.' && f[1] == '/')
		f += 2;
	char *enc = uri_encode_path(f);
	json_t *j;
	if (f[0] == '/') {
		char *abs = xasprintf("file://%s", enc);
		j = json_string(abs);
		free(abs);
	} else {
		j = json_string(enc);
	}
	free(enc);
	return j;
}

static json_t *rule_json(const struct rule *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", jstr(r->id));
	json_object_set_new(o, "shortDescription", text_obj(r->message));
	/* the pack's description says what family of problem this is;
	 * the message says why this phrase hurts */
	char *full = NULL;
	if (r->description && *r->description)
		full = xasprintf("%s. %s", r->description, r->message);
	json_object_set_new(o, "fullDescription", text_obj(full ? full : r->message));
	free(full);
	json_t *help = json_object();
	char *ht, *hm;
	if (r->suggestion) {
		ht = xasprintf("%s\n\nSuggestion: %s", r->message, r->suggestion);
		hm = xasprintf("%s\n\n**Suggestion:** %s", r->message, r->suggestion);
	} else {
		ht = xstrdup(r->message);
		hm = xstrdup(r->message);
	}
	json_object_set_new(help, "text", jstr(ht));
	json_object_set_new(help, "markdown", jstr(hm));
	free(ht);
	free(hm);
	json_object_set_new(o, "help", help);
	json_t *cfg = json_object();
	json_object_set_new(cfg, "level", json_string(level(r->severity)));
	json_object_set_new(cfg, "enabled", json_boolean(r->enabled));
	json_object_set_new(o, "defaultConfiguration", cfg);
	json_t *props = json_object();
	json_t *tags = json_array();
	if (r->category)
		json_array_append_new(tags, jstr(r->category));
	json_object_set_new(props, "tags", tags);
	if (r->pack)
		json_object_set_new(props, "pack", jstr(r->pack));
	json_object_set_new(o, "properties", props);
	return o;
}

/* The rule index of a finding in the driver's rules, or -1. */
static long rule_index(const struct ruleset *rs, const struct finding *f)
{
	if (!rs || !f->rule)
		return -1;
	if (f->rule_index < rs->n && !strcmp(rs->rules[f->rule_index].id, f->rule))
		return (long)f->rule_index;
	const struct rule *r = rule_set_find(rs, f->rule);
	return r ? (long)(r - rs->rules) : -1;
}

/* fp and occ: the fingerprint of finding j and how many findings before
 * it on the page share it (identical phrases in one sentence). */
static json_t *result_json(const struct audit *a, const struct page *p, size_t j, uint64_t fp,
			   size_t occ)
{
	const struct finding *f = &p->findings[j];
	json_t *o = json_object();
	json_object_set_new(o, "ruleId", jstr(f->rule));
	long ri = rule_index(a->rules, f);
	if (ri >= 0)
		json_object_set_new(o, "ruleIndex", json_integer(ri));
	json_object_set_new(o, "level", json_string(level(f->severity)));
	json_t *msg = json_object();
	char *t;
	if (f->match && *f->match)
		t = xasprintf("%s (found: \"%s\")", f->message ? f->message : "", f->match);
	else
		t = xstrdup(f->message ? f->message : "");
	json_object_set_new(msg, "text", jstr(t));
	free(t);
	json_object_set_new(o, "message", msg);

	json_t *phys = json_object();
	json_t *art = json_object();
	json_object_set_new(art, "uri", artifact_uri(p));
	json_object_set_new(phys, "artifactLocation", art);
	if (f->line >= 1) {
		json_t *region = json_object();
		json_object_set_new(region, "startLine", json_integer(f->line));
		if (f->col >= 1)
			json_object_set_new(region, "startColumn", json_integer(f->col));
		json_object_set_new(phys, "region", region);
		/* the sentence around the match is context, not the region's
		 * own text, so it goes in contextRegion (SARIF 3.29.5) */
		if (f->context && *f->context) {
			json_t *ctx = json_object();
			json_object_set_new(ctx, "startLine", json_integer(f->line));
			json_object_set_new(ctx, "snippet", text_obj(f->context));
			json_object_set_new(phys, "contextRegion", ctx);
		}
	}
	json_t *loc = json_object();
	json_object_set_new(loc, "physicalLocation", phys);
	json_t *locs = json_array();
	json_array_append_new(locs, loc);
	json_object_set_new(o, "locations", locs);

	char fpbuf[40];
	snprintf(fpbuf, sizeof fpbuf, "%016" PRIx64 ":%zu", fp, occ);
	json_t *fps = json_object();
	json_object_set_new(fps, "msgauditFinding/v1", json_string(fpbuf));
	json_object_set_new(o, "partialFingerprints", fps);

	json_t *props = json_object();
	json_object_set_new(props, "match", jstr(f->match));
	if (f->suggestion)
		json_object_set_new(props, "suggestion", jstr(f->suggestion));
	json_object_set_new(props, "scope", json_string(scope_name(f->scope)));
	json_object_set_new(props, "page", jstr(report_page_id(p)));
	json_object_set_new(props, "pageType", json_string(page_type_name(p->type)));
	json_object_set_new(props, "pageScore", json_integer(p->score));
	json_object_set_new(o, "properties", props);
	return o;
}

int report_sarif_write(FILE *out, const struct audit *a, const struct report_opts *o,
		       struct ma_error *err)
{
	(void)o;
	json_t *root = json_object();
	json_object_set_new(root, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(root, "version", json_string("2.1.0"));
	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("msgaudit"));
	json_object_set_new(driver, "version", jstr(a->version ? a->version : "0"));
	json_t *rules = json_array();
	for (size_t i = 0; a->rules && i < a->rules->n; i++)
		json_array_append_new(rules, rule_json(&a->rules->rules[i]));
	json_object_set_new(driver, "rules", rules);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);
	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);

	json_t *inv = json_object();
	json_object_set_new(inv, "executionSuccessful", json_boolean(!a->incomplete));
	json_t *notes = json_array();
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		for (size_t w = 0; p && w < p->nwarnings; w++) {
			json_t *n = json_object();
			json_object_set_new(n, "level", json_string(p->failed ? "error" : "warning"));
			char *t = xasprintf("%s: %s", report_page_id(p), p->warnings[w]);
			json_object_set_new(n, "message", text_obj(t));
			free(t);
			json_array_append_new(notes, n);
		}
	}
	json_object_set_new(inv, "toolExecutionNotifications", notes);
	json_t *invs = json_array();
	json_array_append_new(invs, inv);
	json_object_set_new(run, "invocations", invs);

	json_t *results = json_array();
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		if (!p || !p->nfindings)
			continue;
		/* fingerprints once per page; occurrences by comparing them */
		uint64_t *fps = xcalloc(p->nfindings, sizeof *fps);
		for (size_t j = 0; j < p->nfindings; j++) {
			fps[j] = report_finding_fingerprint(p, &p->findings[j]);
			size_t occ = 0;
			for (size_t k = 0; k < j; k++)
				occ += fps[k] == fps[j];
			json_array_append_new(results, result_json(a, p, j, fps[j], occ));
		}
		free(fps);
	}
	json_object_set_new(run, "results", results);
	json_t *props = json_object();
	json_object_set_new(props, "pagesAudited", json_integer((json_int_t)a->audited));
	if (a->score >= 0)
		json_object_set_new(props, "siteScore", json_integer(a->score));
	json_object_set_new(props, "baselineSuppressed",
			    json_integer((json_int_t)a->baseline_suppressed));
	json_object_set_new(run, "properties", props);
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_object_set_new(root, "runs", runs);
	int rc = json_dumpf(root, out, JSON_INDENT(2));
	json_decref(root);
	if (rc != 0)
		return ma_error_set(err, MA_ERR_IO, "cannot write the SARIF report");
	fputc('\n', out);
	return MA_OK;
}
