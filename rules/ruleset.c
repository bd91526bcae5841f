#include "rules/ruleset.h"

#include <dirent.h>
#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "rules/analysis.h"
#include "rules/literal.h"
#include "rules/match.h"
#include "rules/pattern.h"
#include "rules/prefilter.h"
#include "rules/site.h"

/* ---- patterns --------------------------------------------------------- */

/* JIT-compile p; without JIT (an unsupported CPU) the interpreter does
 * the work. */
static void pattern_jit(struct rule_pattern *p)
{
	p->jit = pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE) == 0;
}

/* anchored: the match must start at the start offset (prefix mode);
 * jit: compile to machine code now (pattern_jit can do it later) */
static struct rule_pattern *compile(const char *src, bool caseless, bool anchored, bool jit,
				    char *errbuf, size_t errlen, size_t *erroff)
{
	int ec;
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	if (caseless)
		opts |= PCRE2_CASELESS;
	if (anchored)
		opts |= PCRE2_ANCHORED;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, opts, &ec, &off,
					 NULL);
	if (!code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		snprintf(errbuf, errlen, "%s", (const char *)msg);
		*erroff = off;
		return NULL;
	}
	struct rule_pattern *p = xcalloc(1, sizeof *p);
	p->code = code;
	p->src = xstrdup(src);
	if (jit)
		pattern_jit(p);
	return p;
}

struct rule_pattern *rule_pattern_compile(const char *src, bool caseless, char *errbuf,
					  size_t errlen, size_t *erroff)
{
	return compile(src, caseless, false, true, errbuf, errlen, erroff);
}

void rule_pattern_free(struct rule_pattern *p)
{
	if (!p)
		return;
	pcre2_code_free(p->code);
	free(p->src);
	for (size_t i = 0; i < p->nneed; i++)
		free(p->need[i]);
	free(p->need);
	free(p);
}

/* ---- loading ---------------------------------------------------------- */

struct strv {
	char **v;
	unsigned *lines;
	size_t n, cap, lcap;
};

static void strv_add(struct strv *s, const char *v, unsigned line)
{
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->lines = xgrow(s->lines, &s->lcap, s->n + 1, sizeof *s->lines);
	s->v[s->n] = xstrdup(v);
	s->lines[s->n] = line;
	s->n++;
}

static void strv_release(struct strv *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	free(s->lines);
	memset(s, 0, sizeof *s);
}

/* What a section said, before validation. */
struct draft {
	char *id;
	unsigned line;
	struct strv patterns, exceptions;
	char *kind, *severity, *scopes, *page_types, *not_page_types, *category, *caseopt;
	char *metric, *min, *max, *min_words, *weight;
	unsigned weight_line;
	unsigned kind_line, severity_line, scopes_line, types_line, notypes_line, metric_line;
	unsigned case_line, min_line, max_line, mw_line;
	struct buf message, suggestion;
};

struct loader {
	struct ruleset *rs;
	const char *file;
	unsigned line;		/* current line, counted by the reader */
	struct draft *drafts;
	size_t ndrafts, drafts_cap;
	char *pack_name, *pack_desc;
	struct strv pack_exceptions;
	struct ma_error *err;
	bool failed;
	/* reader state */
	const char *text;
	size_t pos, len;
	FILE *fp;
};

static char *reader(char *str, int num, void *stream)
{
	struct loader *l = stream;
	int i = 0;
	if (l->fp) {
		int c = 0;
		while (i < num - 1 && (c = fgetc(l->fp)) != EOF) {
			str[i++] = (char)c;
			if (c == '\n')
				break;
		}
		if (i == 0)
			return NULL;
		if (c == '\n' || c == EOF)
			l->line++;
	} else {
		if (l->pos >= l->len)
			return NULL;
		while (i < num - 1 && l->pos < l->len) {
			char c = l->text[l->pos++];
			str[i++] = c;
			if (c == '\n')
				break;
		}
		if (str[i - 1] == '\n' || l->pos >= l->len)
			l->line++;
	}
	str[i] = '\0';
	return str;
}

static struct draft *draft_for(struct loader *l, const char *section)
{
	for (size_t i = l->ndrafts; i > 0; i--)
		if (!strcmp(l->drafts[i - 1].id, section))
			return &l->drafts[i - 1];
	l->drafts = xgrow(l->drafts, &l->drafts_cap, l->ndrafts + 1, sizeof *l->drafts);
	struct draft *d = &l->drafts[l->ndrafts++];
	memset(d, 0, sizeof *d);
	d->id = xstrdup(section);
	d->line = l->line > 0 ? l->line - 1 : 1;
	return d;
}

static int fail(struct loader *l, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct loader *l, unsigned line, const char *fmt, ...)
{
	if (l->failed)
		return 0;
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ma_error_set(l->err, MA_ERR_USAGE, "%s:%u: %s", l->file, line, msg);
	l->failed = true;
	return 0;
}

static void set_once(char **dst, unsigned *dline, const char *v, unsigned line)
{
	free(*dst);
	*dst = xstrdup(v);
	*dline = line;
}

static void append_text(struct buf *b, const char *v)
{
	if (b->len)
		buf_putc(b, ' ');
	buf_puts(b, v);
}

static bool valid_id(const char *id)
{
	if (!*id)
		return false;
	for (const char *p = id; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '.' &&
		    *p != '_' && *p != '-')
			return false;
	return true;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct loader *l = user;
	unsigned line = l->line;
	if (l->failed)
		return 0;
	if (!*section)
		return fail(l, line, "key '%s' outside any [section]", name);
	if (!strcmp(section, "pack")) {
		if (!strcmp(name, "name"))
			free(l->pack_name), l->pack_name = xstrdup(value);
		else if (!strcmp(name, "description"))
			free(l->pack_desc), l->pack_desc = xstrdup(value);
		else if (!strcmp(name, "exception"))
			strv_add(&l->pack_exceptions, value, line);
		else
			return fail(l, line, "unknown key '%s' in [pack]", name);
		return 1;
	}
	if (!valid_id(section))
		return fail(l, line, "bad rule id '%s': use lowercase letters, digits, '.', '_' and '-'",
			    section);
	struct draft *d = draft_for(l, section);
	if (!strcmp(name, "pattern"))
		strv_add(&d->patterns, value, line);
	else if (!strcmp(name, "exception"))
		strv_add(&d->exceptions, value, line);
	else if (!strcmp(name, "message"))
		append_text(&d->message, value);
	else if (!strcmp(name, "suggestion"))
		append_text(&d->suggestion, value);
	else if (!strcmp(name, "kind"))
		set_once(&d->kind, &d->kind_line, value, line);
	else if (!strcmp(name, "severity") || !strcmp(name, "level"))
		set_once(&d->severity, &d->severity_line, value, line);
	else if (!strcmp(name, "scopes") || !strcmp(name, "scope"))
		set_once(&d->scopes, &d->scopes_line, value, line);
	else if (!strcmp(name, "page_types") || !strcmp(name, "types"))
		set_once(&d->page_types, &d->types_line, value, line);
	else if (!strcmp(name, "not_page_types"))
		set_once(&d->not_page_types, &d->notypes_line, value, line);
	else if (!strcmp(name, "category"))
		set_once(&d->category, &d->kind_line, value, line);
	else if (!strcmp(name, "case"))
		set_once(&d->caseopt, &d->case_line, value, line);
	else if (!strcmp(name, "metric"))
		set_once(&d->metric, &d->metric_line, value, line);
	else if (!strcmp(name, "min"))
		set_once(&d->min, &d->min_line, value, line);
	else if (!strcmp(name, "max"))
		set_once(&d->max, &d->max_line, value, line);
	else if (!strcmp(name, "min_words"))
		set_once(&d->min_words, &d->mw_line, value, line);
	else if (!strcmp(name, "weight"))
		set_once(&d->weight, &d->weight_line, value, line);
	else
		return fail(l, line, "unknown key '%s' in rule [%s]", name, section);
	return 1;
}

/* Parse a list of names separated by spaces or commas into a bit set. */
static bool parse_names(struct loader *l, const char *list, unsigned line, int (*lookup)(const char *),
			const char *what, uint32_t *bits)
{
	*bits = 0;
	char *copy = xstrdup(list), *save = NULL;
	bool ok = true;
	for (char *w = strtok_r(copy, " ,\t", &save); w; w = strtok_r(NULL, " ,\t", &save)) {
		if (!strcmp(w, "all") || !strcmp(w, "*")) {
			*bits = UINT32_MAX;
			continue;
		}
		if (!strcmp(w, "heading") || !strcmp(w, "headings")) {
			for (int s = SCOPE_H1; s <= SCOPE_H6; s++)
				*bits |= 1u << s;
			continue;
		}
		int v = lookup(w);
		if (v < 0) {
			fail(l, line, "unknown %s '%s'", what, w);
			ok = false;
			break;
		}
		*bits |= 1u << v;
	}
	free(copy);
	return ok;
}

static bool parse_number(struct loader *l, const char *s, unsigned line, const char *key, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end) {
		fail(l, line, "%s must be a number, not '%s'", key, s);
		return false;
	}
	*out = v;
	return true;
}

static struct rule_pattern *compile_list(struct loader *l, const struct strv *v, bool caseless,
					 const char *id, char **joined)
{
	struct buf all = BUF_INIT;
	for (size_t i = 0; i < v->n; i++) {
		char msg[256];
		size_t off = 0;
		/* each alternative alone, for an error that names its line */
		struct rule_pattern *one = compile(v->v[i], caseless, false, false, msg, sizeof msg, &off);
		if (!one) {
			fail(l, v->lines[i], "bad pattern in [%s] at offset %zu: %s", id, off, msg);
			buf_release(&all);
			return NULL;
		}
		rule_pattern_free(one);
		if (all.len)
			buf_putc(&all, '|');
		buf_printf(&all, "(?:%s)", v->v[i]);
	}
	char msg[256];
	size_t off;
	struct rule_pattern *p = compile(buf_str(&all), caseless, false, false, msg, sizeof msg, &off);
	if (!p)
		fail(l, v->lines[0], "bad pattern in [%s]: %s", id, msg);
	if (joined)
		*joined = buf_detach(&all, NULL);
	buf_release(&all);
	return p;
}

#define EXCEPTION_MIN_LITERAL 5
#define EXCEPTION_MAX_LITERALS 32

/* The index in rs->excs of exception pattern src (always caseless),
 * compiled and added the first time; false with the PCRE2 message when
 * it does not compile. */
static bool exception_of(struct ruleset *rs, const char *src, uint32_t *id, char *msg, size_t msglen,
			 size_t *off)
{
	for (size_t i = 0; i < rs->nexcs; i++)
		if (!strcmp(rs->excs[i]->src, src)) {
			*id = (uint32_t)i;
			return true;
		}
	struct rule_pattern *p = rule_pattern_compile(src, true, msg, msglen, off);
	if (!p)
		return false;
	/* what every match contains; short literals ("not the") would be
	 * marked on most blocks, so those exceptions are scanned everywhere */
	struct rule lit = {0};
	char *one = (char *)src;
	rule_literals_extract(&one, 1, &lit);
	bool weak = lit.always || !lit.nliterals || lit.nliterals > EXCEPTION_MAX_LITERALS;
	for (size_t i = 0; i < lit.nliterals && !weak; i++)
		weak = strlen(lit.literals[i]) < EXCEPTION_MIN_LITERAL;
	if (!weak) {
		p->need = lit.literals;
		p->nneed = lit.nliterals;
		lit.literals = NULL;
		lit.nliterals = 0;
	}
	rule_literals_free(&lit);
	rs->excs = xrealloc(rs->excs, (rs->nexcs + 1) * sizeof *rs->excs);
	*id = (uint32_t)rs->nexcs;
	rs->excs[rs->nexcs++] = p;
	return true;
}

static int scope_lookup(const char *n)
{
	return scope_from_name(n);
}

static bool finish_draft(struct loader *l, struct draft *d)
{
	struct ruleset *rs = l->rs;
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->rules[i].id, d->id))
			return fail(l, d->line, "duplicate rule id '%s' (first defined at %s:%u)", d->id,
				    rs->rules[i].file, rs->rules[i].line);
	struct rule r;
	memset(&r, 0, sizeof r);
	r.kind = RULE_FLAG;
	if (d->kind) {
		if (!strcmp(d->kind, "flag"))
			r.kind = RULE_FLAG;
		else if (!strcmp(d->kind, "require"))
			r.kind = RULE_REQUIRE;
		else if (!strcmp(d->kind, "limit"))
			r.kind = RULE_LIMIT;
		else
			return fail(l, d->kind_line, "unknown kind '%s' (flag, require or limit)", d->kind);
	}
	r.severity = SEV_WARNING;
	if (d->severity) {
		int s = severity_from_name(d->severity);
		if (s < 0 || s == SEV_NONE)
			return fail(l, d->severity_line, "unknown severity '%s' (error, warning or info)",
				    d->severity);
		r.severity = (enum severity)s;
	}
	if (!d->message.len)
		return fail(l, d->line, "rule [%s] has no message", d->id);
	r.caseless = true;
	if (d->caseopt) {
		if (!strcmp(d->caseopt, "sensitive"))
			r.caseless = false;
		else if (strcmp(d->caseopt, "insensitive"))
			return fail(l, d->case_line, "case must be 'sensitive' or 'insensitive'");
	}
	r.scopes = ((1u << SCOPE_COUNT) - 1) & ~(1u << SCOPE_QUOTE) & ~(1u << SCOPE_PAGE);
	if (d->scopes && !parse_names(l, d->scopes, d->scopes_line, scope_lookup, "scope", &r.scopes))
		return false;
	r.page_types = UINT32_MAX;
	if (d->page_types &&
	    !parse_names(l, d->page_types, d->types_line, page_type_from_name, "page type", &r.page_types))
		return false;
	if (d->not_page_types) {
		uint32_t not;
		if (!parse_names(l, d->not_page_types, d->notypes_line, page_type_from_name, "page type",
				 &not))
			return false;
		r.page_types &= ~not;
	}
	if (r.kind == RULE_LIMIT) {
		if (!d->metric)
			return fail(l, d->line, "limit rule [%s] needs a metric", d->id);
		if (!rule_metric_known(d->metric))
			return fail(l, d->metric_line, "unknown metric '%s'", d->metric);
		if (!d->min && !d->max)
			return fail(l, d->line, "limit rule [%s] needs min or max", d->id);
		if (d->min && !parse_number(l, d->min, d->min_line, "min", &r.min))
			return false;
		if (d->max && !parse_number(l, d->max, d->max_line, "max", &r.max))
			return false;
		r.has_min = d->min != NULL;
		r.has_max = d->max != NULL;
	} else if (!d->patterns.n) {
		return fail(l, d->line, "rule [%s] has no pattern", d->id);
	}
	if (d->min_words) {
		double mw;
		if (!parse_number(l, d->min_words, d->mw_line, "min_words", &mw))
			return false;
		r.min_words = mw > 0 ? (size_t)mw : 0;
	}
	r.weight = 1;
	if (d->weight && !parse_number(l, d->weight, d->weight_line, "weight", &r.weight))
		return false;
	if (d->patterns.n) {
		r.re = compile_list(l, &d->patterns, r.caseless, d->id, &r.pattern_src);
		if (!r.re)
			return false;
	}
	struct strv *exc[2] = {&d->exceptions, &l->pack_exceptions};
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < exc[k]->n; i++) {
			char msg[256];
			size_t off;
			uint32_t id;
			if (!exception_of(l->rs, exc[k]->v[i], &id, msg, sizeof msg, &off)) {
				rule_pattern_free(r.re);
				free(r.pattern_src);
				free(r.exceptions);
				free(r.exc_ids);
				return fail(l, exc[k]->lines[i], "bad exception pattern at offset %zu: %s",
					    off, msg);
			}
			r.exceptions = xrealloc(r.exceptions, (r.nexceptions + 1) * sizeof *r.exceptions);
			r.exc_ids = xrealloc(r.exc_ids, (r.nexceptions + 1) * sizeof *r.exc_ids);
			r.exceptions[r.nexceptions] = l->rs->excs[id];
			r.exc_ids[r.nexceptions++] = id;
		}
	}
	r.id = xstrdup(d->id);
	r.message = buf_detach(&d->message, NULL);
	r.suggestion = d->suggestion.len ? buf_detach(&d->suggestion, NULL) : NULL;
	r.category = xstrdup(d->category ? d->category : (r.kind == RULE_FLAG ? "buzzword" : r.kind == RULE_REQUIRE ? "content" : "metric"));
	r.counts_buzzword = r.kind == RULE_FLAG &&
			    (!strcmp(r.category, "buzzword") || !strcmp(r.category, "superlative") ||
			     !strcmp(r.category, "vague"));
	r.pack = xstrdup(l->pack_name ? l->pack_name : "");
	r.description = xstrdup_or_null(l->pack_desc);
	r.file = xstrdup(l->file);
	r.line = d->line;
	r.metric = xstrdup_or_null(d->metric);
	r.enabled = true;
	/* cues are scanned by the analysis (rules/analysis.c), not the prefilter */
	if (r.kind != RULE_LIMIT && strncmp(r.category, "cue.", 4))
		rule_literals_extract(d->patterns.v, d->patterns.n, &r);
	if (r.kind != RULE_FLAG) {
		r.prefix_mode = false;	/* its literals still say what a match contains */
		rule_literals_free_gates(&r);
	}
	if (r.prefix_mode) {
		char msg[256];
		size_t off;
		r.anchored = compile(r.pattern_src, r.caseless, true, true, msg, sizeof msg, &off);
		if (!r.anchored)
			r.prefix_mode = false;
	}
	/* a prefix-mode rule is only ever tried anchored, unless some of its
	 * lines are not (scan_literals): its unanchored form stays
	 * interpreted, which saves the machine code's memory */
	if (r.re && (!r.prefix_mode || r.nscan))
		pattern_jit(r.re);
	rs->rules = xgrow(rs->rules, &rs->cap, rs->n + 1, sizeof *rs->rules);
	rs->rules[rs->n++] = r;
	return true;
}

static void draft_release(struct draft *d)
{
	free(d->id);
	strv_release(&d->patterns);
	strv_release(&d->exceptions);
	free(d->kind);
	free(d->severity);
	free(d->scopes);
	free(d->page_types);
	free(d->not_page_types);
	free(d->category);
	free(d->caseopt);
	free(d->metric);
	free(d->min);
	free(d->max);
	free(d->min_words);
	free(d->weight);
	buf_release(&d->message);
	buf_release(&d->suggestion);
}

static int load(struct loader *l)
{
	int rc = ini_parse_stream(reader, l, handler, l);
	if (rc > 0 && !l->failed)
		fail(l, (unsigned)rc, "cannot parse this line (expected [section], key = value or a comment)");
	if (rc < 0 && !l->failed)
		fail(l, 0, "out of memory reading the file");
	for (size_t i = 0; i < l->ndrafts && !l->failed; i++)
		finish_draft(l, &l->drafts[i]);
	for (size_t i = 0; i < l->ndrafts; i++)
		draft_release(&l->drafts[i]);
	free(l->drafts);
	free(l->pack_name);
	free(l->pack_desc);
	strv_release(&l->pack_exceptions);
	if (!l->failed) {
		struct ruleset *rs = l->rs;
		rs->files = xgrow(rs->files, &rs->files_cap, rs->nfiles + 1, sizeof *rs->files);
		rs->files[rs->nfiles++] = xstrdup(l->file);
	}
	return l->failed ? MA_ERR_USAGE : MA_OK;
}

static void ini_setup(void)
{
	/* patterns may hold ';' and be long: no inline comments, no line cap */
	ini_allow_inline_comments = false;
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = 1 << 16;
}

int rule_set_load_string(struct ruleset *rs, const char *name, const char *text,
			 struct ma_error *err)
{
	ini_setup();
	struct loader l = {.rs = rs, .file = name, .err = err, .text = text, .len = strlen(text)};
	return load(&l);
}

int rule_set_load_file(struct ruleset *rs, const char *path, struct ma_error *err)
{
	ini_setup();
	FILE *fp = fopen(path, "r");
	if (!fp)
		return ma_error_set(err, MA_ERR_USAGE, "%s: cannot read rule file: %s", path,
				    strerror(errno));
	struct loader l = {.rs = rs, .file = path, .err = err, .fp = fp};
	int rc = load(&l);
	fclose(fp);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rule_set_load_dir(struct ruleset *rs, const char *dir, struct ma_error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return ma_error_set(err, MA_ERR_USAGE, "%s: cannot open rule folder: %s", dir,
				    strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 6 && !strcmp(e->d_name + len - 6, ".rules") && e->d_name[0] != '.') {
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", dir, e->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	int rc = MA_OK;
	for (size_t i = 0; i < n; i++) {
		if (rc == MA_OK)
			rc = rule_set_load_file(rs, names[i], err);
		free(names[i]);
	}
	free(names);
	if (rc == MA_OK && n == 0)
		rc = ma_error_set(err, MA_ERR_USAGE, "%s: no *.rules files in the rule folder", dir);
	return rc;
}

/* ---- the set ---------------------------------------------------------- */

void rule_set_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof *rs);
}

void rule_set_release(struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->rules[i];
		free(r->id);
		free(r->message);
		free(r->suggestion);
		free(r->category);
		free(r->description);
		free(r->pack);
		free(r->file);
		free(r->pattern_src);
		free(r->metric);
		rule_pattern_free(r->re);
		rule_pattern_free(r->anchored);
		free(r->exceptions);
		free(r->exc_ids);
		rule_literals_free(r);
	}
	free(rs->rules);
	for (size_t i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	free(rs->files);
	prefilter_free(rs->pf);
	for (size_t i = 0; i < rs->nexcs; i++)
		rule_pattern_free(rs->excs[i]);
	free(rs->excs);
	site_blocks_free(rs->site_blocks);
	analysis_cue_set_free(rs->cue_set);
	memset(rs, 0, sizeof *rs);
}

int rule_set_enable(struct ruleset *rs, const char *id, bool on, struct ma_error *err)
{
	size_t n = strlen(id);
	bool prefix = n && id[n - 1] == '*';
	size_t hits = 0;
	for (size_t i = 0; i < rs->n; i++) {
		struct rule *r = &rs->rules[i];
		if (prefix ? !strncmp(r->id, id, n - 1) : !strcmp(r->id, id)) {
			r->enabled = on;
			hits++;
		}
	}
	if (!hits)
		return ma_error_set(err, MA_ERR_USAGE, "no rule matches '%s' (see --list-rules)", id);
	return MA_OK;
}

const struct rule *rule_set_find(const struct ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(rs->rules[i].id, id))
			return &rs->rules[i];
	return NULL;
}

void rule_set_prepare(struct ruleset *rs)
{
	/* matchers pick the new cues up at their next page */
	analysis_cue_set_free(rs->cue_set);
	rs->cue_set = analysis_cue_set_build(rs);
	rs->wants_figures = false;
	for (size_t i = 0; i < rs->n; i++)
		if (rs->rules[i].enabled && rs->rules[i].kind == RULE_LIMIT &&
		    !strcmp(rs->rules[i].metric, "site_conflicting_figures"))
			rs->wants_figures = true;
	prefilter_free(rs->pf);
	rs->pf = prefilter_build(rs);
	if (!rs->site_blocks)
		rs->site_blocks = site_blocks_new();
}
