#include "rules/pagetype.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/glob.h"
#include "common/xalloc.h"
#include <stdio.h>

struct user_rule {
	enum page_type type;
	char *glob;
};

struct pagetype_rules {
	struct user_rule *v;
	size_t n, cap;
};

struct pagetype_rules *pagetype_rules_new(void)
{
	return xcalloc(1, sizeof(struct pagetype_rules));
}

void pagetype_rules_free(struct pagetype_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].glob);
	free(r->v);
	free(r);
}

int pagetype_rules_add(struct pagetype_rules *r, const char *type, const char *globs,
		       struct ma_error *err)
{
	int t = page_type_from_name(type);
	if (t < 0)
		return ma_error_set(err, MA_ERR_USAGE,
				    "unknown page type '%s' (home, product, solution, pricing, about, "
				    "case-study, blog, docs, legal, form, careers, error, other)",
				    type);
	char *copy = xstrdup(globs), *save = NULL;
	for (char *g = strtok_r(copy, " ,\t", &save); g; g = strtok_r(NULL, " ,\t", &save)) {
		r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof *r->v);
		r->v[r->n].type = (enum page_type)t;
		r->v[r->n].glob = xstrdup(g);
		r->n++;
	}
	free(copy);
	return MA_OK;
}

/* Path segments that name a type, tried in this order; a segment matches
 * when it starts with the word (so "pricing.html" and "case-studies"). */
static const struct {
	enum page_type type;
	const char *words;
} defaults[] = {
	{PT_ERROR, "404 500 403 error errors not-found"},
	{PT_LEGAL, "legal privacy terms policies policy cookie-policy cookies licence license "
		   "code-of-conduct disclaimer accessibility gdpr trademark imprint"},
	{PT_FORM, "contact thank-you thank thanks signup sign-up sign-in login register "
		  "subscribe form forms request-demo demo-request confirmation unsubscribe"},
	{PT_CAREERS, "careers career jobs job join hiring vacancies"},
	{PT_PRICING, "pricing prices plans plan"},
	{PT_CASE_STUDY, "case-study case-studies case_study casestudies customers customer "
			"success-stories success-story stories testimonials"},
	{PT_BLOG, "blog blogs news posts _posts post press newsroom changelog releases "
		  "release-notes articles events webinars"},
	{PT_DOCS, "docs _docs doc documentation knowledge-base _kbarticles _kbarticlespages kb "
		  "tutorials tutorial guides guide help faq faqs manual reference api tips"},
	{PT_ABOUT, "about about-us company team leadership mission our-story who-we-are history"},
	{PT_SOLUTION, "solutions solution industries industry use-cases usecases for"},
	{PT_PRODUCT, "product products features feature platform pro offerings services service"},
};

static bool seg_starts(const char *seg, size_t n, const char *word)
{
	size_t w = strlen(word);
	if (n < w || strncasecmp(seg, word, w))
		return false;
	/* the word must end the segment or be followed by a separator */
	return n == w || seg[w] == '-' || seg[w] == '_' || seg[w] == '.';
}

/* The path that classification looks at: URL path or file path. */
static const char *page_path(const struct page *p)
{
	if (p->url) {
		const char *s = strstr(p->url, "://");
		s = s ? strchr(s + 3, '/') : NULL;
		return s ? s : "/";
	}
	return p->path ? p->path : "";
}

static bool is_home(const char *path)
{
	static const char *const roots[] = {
		"content/pages/", "src/routes/", "templates/", "content/", "_pages/", "pages/", "",
	};
	static const char *const names[] = {
		"", "index.html", "index.htm", "index.md", "index.markdown", "_index.md",
		"home.html", "home.md", "base_index.html",
	};
	while (*path == '/')
		path++;
	for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
		size_t n = strlen(roots[i]);
		if (strncmp(path, roots[i], n))
			continue;
		for (size_t j = 0; j < sizeof names / sizeof *names; j++)
			if (!strcasecmp(path + n, names[j]))
				return true;
	}
	return false;
}

static bool user_glob_matches(const char *glob, const char *path)
{
	if (glob_match(glob, path))
		return true;
	if (*path == '/')
		return false;
	char *slashed = xasprintf("/%s", path);
	bool ok = glob_match(glob, slashed);
	free(slashed);
	return ok;
}

void pagetype_classify(const struct pagetype_rules *r, struct page *p)
{
	const char *path = page_path(p);
	free(p->type_reason);
	p->type_reason = NULL;
	for (size_t i = 0; r && i < r->n; i++) {
		if (user_glob_matches(r->v[i].glob, path)) {
			p->type = r->v[i].type;
			p->type_reason = xasprintf("path matches configured pattern %s", r->v[i].glob);
			return;
		}
	}
	if (is_home(path)) {
		p->type = PT_HOME;
		p->type_reason = xstrdup("path is the site's top-level index");
		return;
	}
	for (size_t d = 0; d < sizeof defaults / sizeof *defaults; d++) {
		for (const char *s = path; *s;) {
			while (*s == '/')
				s++;
			const char *e = s;
			while (*e && *e != '/')
				e++;
			size_t n = (size_t)(e - s);
			char words[512];
			snprintf(words, sizeof words, "%s", defaults[d].words);
			char *save = NULL;
			for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
				if (n && seg_starts(s, n, w)) {
					p->type = defaults[d].type;
					p->type_reason = xasprintf("path segment '%.*s' names a %s page",
								   (int)n, s,
								   page_type_name(defaults[d].type));
					return;
				}
			}
			s = e;
		}
	}
	/* a dated path is a post */
	for (const char *s = path; *s; s++) {
		if ((s == path || s[-1] == '/' || s[-1] == '-' || s[-1] == '_') && isdigit((unsigned char)s[0]) &&
		    isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
		    isdigit((unsigned char)s[3]) && (s[4] == '/' || s[4] == '-') &&
		    isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6])) {
			p->type = PT_BLOG;
			p->type_reason = xstrdup("path carries a date");
			return;
		}
	}
	p->type = PT_OTHER;
	p->type_reason = xstrdup("no path pattern matched");
}
