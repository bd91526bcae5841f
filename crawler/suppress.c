#include "crawler/suppress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

void supp_state_init(struct supp_state *s)
{
	memset(s, 0, sizeof *s);
}

static bool rule_covers(const char *pattern, const char *id)
{
	if (!pattern)
		return true;
	size_t n = strlen(pattern);
	if (n && pattern[n - 1] == '*')
		return !strncmp(pattern, id, n - 1);
	return !strcmp(pattern, id);
}

/* Split the rule list after a directive into words; calls fn per word
 * (or once with NULL when there are none). */
static void each_rule(const char *s, const char *end, void (*fn)(void *, const char *), void *arg)
{
	bool any = false;
	while (s < end) {
		while (s < end && (isspace((unsigned char)*s) || *s == ','))
			s++;
		const char *w = s;
		while (s < end && !isspace((unsigned char)*s) && *s != ',')
			s++;
		if (s > w) {
			char *r = xstrndup(w, (size_t)(s - w));
			fn(arg, r);
			free(r);
			any = true;
		}
	}
	if (!any)
		fn(arg, NULL);
}

struct ctx {
	struct supp_state *s;
	struct page *p;
};

static void open_rule(void *arg, const char *rule)
{
	struct ctx *c = arg;
	struct supp_state *s = c->s;
	s->open = xgrow(s->open, &s->open_cap, s->nopen + 1, sizeof *s->open);
	s->open[s->nopen].rule = xstrdup_or_null(rule);
	s->open[s->nopen].start = c->p->text.len;
	s->nopen++;
}

static void close_rule(void *arg, const char *rule)
{
	struct ctx *c = arg;
	struct supp_state *s = c->s;
	for (size_t i = 0; i < s->nopen;) {
		struct supp_open *o = &s->open[i];
		bool match = !rule || (o->rule && !strcmp(o->rule, rule));
		if (match) {
			page_add_suppression(c->p, o->rule, o->start, c->p->text.len);
			free(o->rule);
			s->open[i] = s->open[--s->nopen];
		} else {
			i++;
		}
	}
}

static void next_rule(void *arg, const char *rule)
{
	struct ctx *c = arg;
	struct supp_state *s = c->s;
	s->next = xgrow(s->next, &s->next_cap, s->nnext + 1, sizeof *s->next);
	s->next[s->nnext++] = xstrdup(rule ? rule : "");
}

bool supp_comment(struct supp_state *s, struct page *p, const char *text, size_t len)
{
	const char *t = text, *end = text + len;
	while (t < end && isspace((unsigned char)*t))
		t++;
	while (end > t && isspace((unsigned char)end[-1]))
		end--;
	static const char pre[] = "msgaudit-";
	if ((size_t)(end - t) < sizeof pre - 1 || strncmp(t, pre, sizeof pre - 1))
		return false;
	t += sizeof pre - 1;
	struct ctx c = {s, p};
	static const struct {
		const char *word;
		void (*fn)(void *, const char *);
	} directives[] = {
		{"disable-next-line", next_rule},
		{"disable-next", next_rule},
		{"disable", open_rule},
		{"enable", close_rule},
	};
	for (size_t i = 0; i < sizeof directives / sizeof *directives; i++) {
		size_t n = strlen(directives[i].word);
		if ((size_t)(end - t) >= n && !strncmp(t, directives[i].word, n) &&
		    (t + n == end || isspace((unsigned char)t[n]))) {
			each_rule(t + n, end, directives[i].fn, &c);
			return true;
		}
	}
	return false;
}

void supp_block_added(struct supp_state *s, struct page *p, const struct block *b)
{
	for (size_t i = 0; i < s->nnext; i++) {
		page_add_suppression(p, s->next[i][0] ? s->next[i] : NULL, b->off, b->off + b->len);
		free(s->next[i]);
	}
	s->nnext = 0;
}

void supp_finish(struct supp_state *s, struct page *p)
{
	struct ctx c = {s, p};
	close_rule(&c, NULL);
	for (size_t i = 0; i < s->nnext; i++)
		free(s->next[i]);
	free(s->next);
	free(s->open);
	supp_state_init(s);
}

bool supp_is_suppressed(const struct page *p, const char *id, size_t off)
{
	for (size_t i = 0; i < p->nsupp; i++) {
		const struct suppression *r = &p->supp[i];
		if (off >= r->start && off <= r->end && rule_covers(r->rule, id))
			return true;
	}
	return false;
}
