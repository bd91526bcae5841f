#include "rules/pagetype.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/glob.h"
#include "common/intern.h"
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

/* ---- content cues (issue 4): used when the path says nothing ---------- */

/* Does heading-like text t (len bytes) start with one of the words? */
static const char *starts_with_any(const char *t, size_t len, const char *const *words)
{
	for (int i = 0; words[i]; i++) {
		size_t n = strlen(words[i]);
		if (len >= n && !strncasecmp(t, words[i], n) &&
		    (len == n || !isalnum((unsigned char)t[n])))
			return words[i];
	}
	return NULL;
}

/* A date such as "March 5, 2024", "5 March 2024" or "2024-03-05". */
static bool has_date(const char *t, size_t len)
{
	static const char *const months[] = {"january", "february", "march", "april", "may", "june",
					     "july", "august", "september", "october", "november",
					     "december", "jan ", "feb ", "mar ", "apr ", "jun ", "jul ",
					     "aug ", "sep ", "sept ", "oct ", "nov ", "dec ", NULL};
	for (size_t i = 0; i + 10 <= len; i++) {
		const char *s = t + i;
		if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
		    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-' &&
		    isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6]) && s[7] == '-' &&
		    isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9]))
			return true;
	}
	for (int m = 0; months[m]; m++) {
		size_t n = strlen(months[m]);
		for (size_t i = 0; i + n < len; i++) {
			if (strncasecmp(t + i, months[m], n) || (i && isalpha((unsigned char)t[i - 1])))
				continue;
			/* a year after the month, within a few characters */
			for (size_t j = i + n; j + 4 <= len && j < i + n + 8; j++)
				if ((t[j] == '1' || t[j] == '2') && isdigit((unsigned char)t[j + 1]) &&
				    isdigit((unsigned char)t[j + 2]) && isdigit((unsigned char)t[j + 3]))
					return true;
		}
	}
	return false;
}

static bool set_type(struct page *p, enum page_type t, char *reason)
{
	p->type = t;
	p->type_reason = str_intern_take(reason);
	return true;
}

/* Classify from the copy: the title and main headings (legal, error,
 * form, careers, pricing, docs wording), a byline or date near the top (a
 * post), or sales calls to action on a long page (a product page). */
static bool classify_by_content(struct page *p)
{
	static const char *const legal[] = {
		"privacy policy", "privacy notice", "privacy statement", "terms of service",
		"terms of use", "terms and conditions", "terms & conditions", "website terms",
		"cookie policy", "cookies policy", "legal notice", "disclaimer", "licence agreement",
		"license agreement", "end user license", "acceptable use policy", "code of conduct", NULL,
	};
	static const char *const error[] = {"page not found", "404", "not found", "500",
					    "internal server error", "access denied", "forbidden",
					    "something went wrong", "oops", NULL};
	static const char *const form[] = {"thank you", "thanks for", "contact us", "get in touch",
					   "sign up", "sign in", "log in", "register", "subscribe",
					   "request a demo", "book a demo", "your submission", NULL};
	static const char *const careers[] = {"careers", "open roles", "open positions", "join our team",
					      "join us", "work at", "we're hiring", "jobs at", NULL};
	static const char *const pricing[] = {"pricing", "plans and pricing", "plans & pricing",
					      "compare plans", "choose your plan", NULL};
	static const char *const docs[] = {"documentation", "getting started", "installation",
					   "install ", "how to ", "tutorial", "quickstart",
					   "quick start", "reference", "troubleshooting", "faq",
					   "frequently asked questions", "api ", NULL};
	static const char *const sales[] = {"contact sales", "talk to sales", "talk to an expert",
					    "talk to our", "talk to us", "request a demo", "book a demo",
					    "get a demo", "get started", "start free", "start your free",
					    "try it free", "try for free", "free trial", "buy now",
					    "get a quote", "contact us", "get in touch", NULL};
	const char *hit;
	size_t heads = 0, ctas = 0, words = 0;
	const char *sales_cta = NULL;
	if (p->title) {
		size_t n = strlen(p->title);
		if ((hit = starts_with_any(p->title, n, legal)))
			return set_type(p, PT_LEGAL, xasprintf("content: the title starts with '%s'", hit));
		if ((hit = starts_with_any(p->title, n, error)))
			return set_type(p, PT_ERROR, xasprintf("content: the title starts with '%s'", hit));
	}
	for (size_t i = 0; i < p->nblocks; i++) {
		const struct block *b = &p->blocks[i];
		const char *t = p->text.data + b->off;
		words += b->len / 6;
		if (b->scope == SCOPE_CTA && !sales_cta && (hit = starts_with_any(t, b->len, sales)))
			sales_cta = hit, ctas++;
		/* the first two h1/h2 headings carry the page's own name */
		if ((b->scope != SCOPE_H1 && b->scope != SCOPE_H2) || heads >= 2)
			continue;
		heads++;
		if ((hit = starts_with_any(t, b->len, legal)))
			return set_type(p, PT_LEGAL, xasprintf("content: a heading starts with '%s'", hit));
		if ((hit = starts_with_any(t, b->len, error)))
			return set_type(p, PT_ERROR, xasprintf("content: a heading starts with '%s'", hit));
		if ((hit = starts_with_any(t, b->len, form)))
			return set_type(p, PT_FORM, xasprintf("content: a heading starts with '%s'", hit));
		if ((hit = starts_with_any(t, b->len, careers)))
			return set_type(p, PT_CAREERS, xasprintf("content: a heading starts with '%s'", hit));
		if ((hit = starts_with_any(t, b->len, pricing)))
			return set_type(p, PT_PRICING, xasprintf("content: a heading starts with '%s'", hit));
		if ((hit = starts_with_any(t, b->len, docs)))
			return set_type(p, PT_DOCS, xasprintf("content: a heading starts with '%s'", hit));
	}
	/* a byline or a date in the first blocks: a post */
	for (size_t i = 0; i < p->nblocks && i < 6; i++) {
		const struct block *b = &p->blocks[i];
		const char *t = p->text.data + b->off;
		/* a block that is little more than a date or a byline */
		if (b->len < 60 && ((b->len <= 32 && has_date(t, b->len)) ||
				    (b->len > 3 && !strncasecmp(t, "by ", 3)) ||
				    !strncasecmp(t, "posted ", 7) || !strncasecmp(t, "published ", 10)))
			return set_type(p, PT_BLOG, xasprintf("content: byline or date near the top ('%.*s')",
							      (int)(b->len > 40 ? 40 : b->len), t));
	}
	if (sales_cta && words >= 150)
		return set_type(p, PT_PRODUCT,
				xasprintf("content: a sales call to action ('%s') on a long page", sales_cta));
	return false;
}

void pagetype_classify(const struct pagetype_rules *r, struct page *p)
{
	const char *path = page_path(p);
	p->type_reason = NULL;
	for (size_t i = 0; r && i < r->n; i++) {
		if (user_glob_matches(r->v[i].glob, path)) {
			p->type = r->v[i].type;
			p->type_reason = str_intern_take(xasprintf("path matches configured pattern %s", r->v[i].glob));
			return;
		}
	}
	if (is_home(path)) {
		p->type = PT_HOME;
		p->type_reason = str_intern("path is the site's top-level index");
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
					p->type_reason = str_intern_take(xasprintf("path segment '%.*s' names a %s page",
								   (int)n, s,
								   page_type_name(defaults[d].type)));
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
			p->type_reason = str_intern("path carries a date");
			return;
		}
	}
	if (classify_by_content(p))
		return;
	p->type = PT_OTHER;
	p->type_reason = str_intern("no path pattern or content cue matched");
}
