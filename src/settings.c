#include "src/settings.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "common/xalloc.h"

char *config_find(const char *start)
{
	char buf[PATH_MAX];
	if (!realpath(start, buf)) {
		if (!getcwd(buf, sizeof buf))
			return NULL;
	}
	struct stat st;
	if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(buf, '/');
		if (slash)
			*(slash == buf ? slash + 1 : slash) = '\0';
	}
	for (;;) {
		char *cand = xasprintf("%s%s.msgaudit.ini", buf, strcmp(buf, "/") ? "/" : "");
		if (access(cand, R_OK) == 0)
			return cand;
		free(cand);
		if (!strcmp(buf, "/"))
			return NULL;
		char *slash = strrchr(buf, '/');
		if (!slash)
			return NULL;
		*(slash == buf ? slash + 1 : slash) = '\0';
	}
}

struct cfg {
	struct options *o;	/* values read go here (a scratch struct) */
	const char *dir;
	char msg[512];
};

static bool boolean(const char *v, bool *out)
{
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off") ||
		 !strcmp(v, "0"))
		*out = false;
	else
		return false;
	return true;
}

static void add_words(struct strlist *l, const char *v)
{
	char *copy = xstrdup(v), *save = NULL;
	for (char *w = strtok_r(copy, " ,\t", &save); w; w = strtok_r(NULL, " ,\t", &save))
		strlist_add(l, w);
	free(copy);
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct cfg *c = user;
	struct options *o = c->o;
	if (!strcmp(section, "msgaudit")) {
		if (!strcmp(name, "format")) {
			free(o->format);
			o->format = xstrdup(value);
			o->format_set = true;
		} else if (!strcmp(name, "output")) {
			free(o->output);
			o->output = xstrdup(value);
			o->output_set = true;
		} else if (!strcmp(name, "fail_on") || !strcmp(name, "fail-on")) {
			int s = severity_from_name(value);
			if (s < 0) {
				snprintf(c->msg, sizeof c->msg, "fail_on takes error, warning, info or none");
				return 0;
			}
			o->fail_on = (enum severity)s;
			o->fail_on_set = true;
		} else if (!strcmp(name, "min_score") || !strcmp(name, "min-score")) {
			char *end;
			long v = strtol(value, &end, 10);
			if (end == value || *end || v < 0 || v > 100) {
				snprintf(c->msg, sizeof c->msg, "min_score takes a number from 0 to 100");
				return 0;
			}
			o->min_score = (int)v;
			o->min_score_set = true;
		} else if (!strcmp(name, "baseline")) {
			free(o->baseline);
			o->baseline = value[0] == '/' ? xstrdup(value) : xasprintf("%s/%s", c->dir, value);
		} else if (!strcmp(name, "jobs")) {
			char *end;
			long v = strtol(value, &end, 10);
			if (end == value || *end || v < 1 || v > 256) {
				snprintf(c->msg, sizeof c->msg, "jobs takes a number from 1 to 256");
				return 0;
			}
			o->jobs = (unsigned)v;
			o->jobs_set = true;
		} else if (!strcmp(name, "rules")) {
			char *copy = xstrdup(value), *save = NULL;
			for (char *w = strtok_r(copy, " ,\t", &save); w; w = strtok_r(NULL, " ,\t", &save)) {
				char *p = w[0] == '/' ? xstrdup(w) : xasprintf("%s/%s", c->dir, w);
				strlist_add(&o->rules, p);
				free(p);
			}
			free(copy);
		} else if (!strcmp(name, "default_rules")) {
			bool b;
			if (!boolean(value, &b)) {
				snprintf(c->msg, sizeof c->msg, "default_rules takes true or false");
				return 0;
			}
			o->no_default_rules = !b;
			o->ndr_set = true;
		} else if (!strcmp(name, "enable") || !strcmp(name, "disable")) {
			struct strlist ids = {0};
			add_words(&ids, value);
			for (size_t i = 0; i < ids.n; i++) {
				char *t = xasprintf("%c%s", name[0] == 'e' ? '+' : '-', ids.v[i]);
				strlist_add(&o->toggles, t);
				free(t);
			}
			strlist_release(&ids);
		} else if (!strcmp(name, "exclude")) {
			add_words(&o->excludes, value);
		} else {
			snprintf(c->msg, sizeof c->msg, "unknown key '%s' in [msgaudit]", name);
			return 0;
		}
	} else if (!strcmp(section, "extract")) {
		if (!strcmp(name, "skip"))
			add_words(&o->skip, value);
		else if (!strcmp(name, "keep"))
			add_words(&o->keep, value);
		else {
			snprintf(c->msg, sizeof c->msg, "unknown key '%s' in [extract]", name);
			return 0;
		}
	} else if (!strcmp(section, "page_types")) {
		char *pt = xasprintf("%s=%s", name, value);
		strlist_add(&o->page_types, pt);
		free(pt);
	} else if (!strcmp(section, "analysis")) {
		if (!strcmp(name, "company")) {
			free(o->company);
			o->company = xstrdup(value);
		} else {
			snprintf(c->msg, sizeof c->msg, "unknown key '%s' in [analysis]", name);
			return 0;
		}
	} else if (!strcmp(section, "crawl") || !strcmp(section, "report")) {
		/* read by later stages; accepted here so older builds do not fail */
	} else {
		snprintf(c->msg, sizeof c->msg, "unknown section [%s]", section);
		return 0;
	}
	return 1;
}

/* dst = first + second (the command line comes second so it wins). */
static void merge(struct strlist *cli, struct strlist *file)
{
	struct strlist out = {0};
	for (size_t i = 0; i < file->n; i++)
		strlist_add(&out, file->v[i]);
	for (size_t i = 0; i < cli->n; i++)
		strlist_add(&out, cli->v[i]);
	strlist_release(cli);
	*cli = out;
}

int config_load(struct options *o, const char *path, struct ma_error *err)
{
	struct options f;
	options_init(&f);
	char *dirbuf = xstrdup(path);
	struct cfg c = {.o = &f, .dir = dirname(dirbuf)};
	FILE *fp = fopen(path, "r");
	if (!fp) {
		int e = errno;
		free(dirbuf);
		options_release(&f);
		return ma_error_set(err, MA_ERR_USAGE, "%s: cannot read config: %s", path, strerror(e));
	}
	int line = ini_parse_file(fp, handler, &c);
	fclose(fp);
	free(dirbuf);
	if (line != 0) {
		int rc = ma_error_set(err, MA_ERR_USAGE, "%s:%d: %s", path, line,
				      c.msg[0] ? c.msg : "cannot parse this line");
		options_release(&f);
		return rc;
	}
	if (f.format_set && !o->format_set) {
		o->format = f.format, f.format = NULL;
	}
	if (f.output_set && !o->output_set) {
		o->output = f.output, f.output = NULL;
	}
	if (f.fail_on_set && !o->fail_on_set)
		o->fail_on = f.fail_on;
	if (f.min_score_set && !o->min_score_set)
		o->min_score = f.min_score;
	if (f.jobs_set && !o->jobs_set)
		o->jobs = f.jobs;
	if (f.company && !o->company) {
		o->company = f.company;
		f.company = NULL;
	}
	if (f.baseline && !o->baseline) {
		o->baseline = f.baseline;
		f.baseline = NULL;
	}
	if (f.ndr_set && !o->ndr_set)
		o->no_default_rules = f.no_default_rules;
	merge(&o->rules, &f.rules);
	merge(&o->toggles, &f.toggles);
	merge(&o->excludes, &f.excludes);
	merge(&o->skip, &f.skip);
	merge(&o->keep, &f.keep);
	merge(&o->page_types, &f.page_types);
	free(o->config_used);
	o->config_used = xstrdup(path);
	options_release(&f);
	return MA_OK;
}
