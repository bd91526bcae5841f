#include "rules/site.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "rules/analysis.h"
#include "rules/score.h"

/* ---- a small hash map from 64-bit keys to slots ------------------------ */

struct slot {
	uint64_t key;		/* 0: empty */
	size_t pages;
	size_t last_page;	/* 1 + index of the last page counted */
	size_t findings;
	size_t first;		/* index into the caller's item array */
	const char *text;
	const char *rule;
	enum scope scope;
};

struct map {
	struct slot *v;
	size_t cap, n;
};

static struct slot *map_get(struct map *m, uint64_t key)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct map bigger = {xcalloc(m->cap ? m->cap * 2 : 1024, sizeof(struct slot)),
				     m->cap ? m->cap * 2 : 1024, 0};
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].key) {
				size_t j = m->v[i].key & (bigger.cap - 1);
				while (bigger.v[j].key)
					j = (j + 1) & (bigger.cap - 1);
				bigger.v[j] = m->v[i];
				bigger.n++;
			}
		free(m->v);
		*m = bigger;
	}
	size_t j = key & (m->cap - 1);
	while (m->v[j].key && m->v[j].key != key)
		j = (j + 1) & (m->cap - 1);
	if (!m->v[j].key) {
		memset(&m->v[j], 0, sizeof m->v[j]);
		m->v[j].key = key;
		m->n++;
	}
	return &m->v[j];
}

static const struct slot *map_find(const struct map *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	size_t j = key & (m->cap - 1);
	while (m->v[j].key) {
		if (m->v[j].key == key)
			return &m->v[j];
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

/* ---- boilerplate -------------------------------------------------------- */

static int boiler_cmp(const void *a, const void *b)
{
	const struct site_block *x = a, *y = b;
	if (x->pages != y->pages)
		return x->pages > y->pages ? -1 : 1;
	return strcmp(x->text, y->text);
}

static size_t boiler_threshold(size_t pages)
{
	size_t share = (size_t)ceil(SITE_BOILER_SHARE * (double)pages);
	return share > SITE_BOILER_MIN_PAGES ? share : SITE_BOILER_MIN_PAGES;
}

static void find_boilerplate(struct site_summary *s, struct page **pv, size_t n, struct map *m)
{
	for (size_t i = 0; i < n; i++) {
		const struct analysis *a = analysis_of(pv[i]);
		for (size_t b = 0; a && b < a->nblocks; b++) {
			struct slot *sl = map_get(m, a->blocks[b].hash);
			if (sl->last_page == i + 1)
				continue;
			sl->last_page = i + 1;
			if (!sl->pages++) {
				sl->text = a->blocks[b].text;
				sl->scope = a->blocks[b].scope;
			}
		}
	}
	size_t min = boiler_threshold(s->pages);
	/* findings inside boilerplate blocks, counted once per block and rule */
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pv[i];
		const struct analysis *a = analysis_of(p);
		for (size_t f = 0; a && f < a->nfinding_block && f < p->nfindings; f++) {
			if (!a->finding_block[f])
				continue;
			struct slot *sl = (struct slot *)map_find(m, a->finding_block[f]);
			if (!sl || sl->pages < min)
				continue;
			s->boiler_findings++;
			sl->findings++;
			if (!sl->rule)
				sl->rule = p->findings[f].rule;
		}
	}
	size_t cap = 0;
	for (size_t j = 0; j < m->cap; j++) {
		const struct slot *sl = &m->v[j];
		if (!sl->key || sl->pages < min)
			continue;
		s->boiler = xgrow(s->boiler, &cap, s->nboiler + 1, sizeof *s->boiler);
		struct site_block *sb = &s->boiler[s->nboiler++];
		sb->text = xstrdup(sl->text);
		sb->scope = sl->scope;
		sb->pages = sl->pages;
		sb->findings = sl->findings;
		sb->rule = sl->rule;
	}
	if (s->nboiler > 1)
		qsort(s->boiler, s->nboiler, sizeof *s->boiler, boiler_cmp);
}

/* ---- top phrases --------------------------------------------------------- */

static int phrase_cmp(const void *a, const void *b)
{
	const struct site_phrase *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->phrase, y->phrase);
}

static void top_phrases(struct site_summary *s, struct page **pv, size_t n)
{
	struct map m = {0};
	struct site_phrase *all = NULL;
	size_t nall = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pv[i];
		for (size_t f = 0; f < p->nfindings; f++) {
			const struct finding *fd = &p->findings[f];
			if (fd->scope == SCOPE_PAGE || !fd->match || !*fd->match)
				continue;
			char *low = xstrdup(fd->match);
			for (char *c = low; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			uint64_t key = analysis_hash(low, strlen(low)) ^ analysis_hash(fd->rule, strlen(fd->rule));
			struct slot *sl = map_get(&m, key ? key : 1);
			if (!sl->pages && !sl->findings) {
				all = xgrow(all, &cap, nall + 1, sizeof *all);
				all[nall].phrase = low;
				all[nall].rule = fd->rule;
				all[nall].count = 0;
				all[nall].pages = 0;
				sl->first = nall++;
			} else {
				free(low);
			}
			sl->findings++;
			all[sl->first].count++;
			if (sl->last_page != i + 1) {
				sl->last_page = i + 1;
				sl->pages++;
				all[sl->first].pages++;
			}
		}
	}
	if (nall > 1)
		qsort(all, nall, sizeof *all, phrase_cmp);
	s->nphrases = nall < SITE_TOP ? nall : SITE_TOP;
	for (size_t i = s->nphrases; i < nall; i++)
		free(all[i].phrase);
	s->phrases = all;
	free(m.v);
}

/* ---- worst pages and teaching examples ----------------------------------- */

static int ref_asc(const void *a, const void *b)
{
	const struct site_page_ref *x = a, *y = b;
	return x->score - y->score;
}

static int ref_desc(const void *a, const void *b)
{
	return ref_asc(b, a);
}

static void rank_pages(struct site_summary *s, struct page **pv, size_t n)
{
	struct site_page_ref *key = xcalloc(n ? n : 1, sizeof *key), *teach = xcalloc(n ? n : 1, sizeof *teach);
	size_t nkey = 0, nteach = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pv[i];
		/* worst among the pages that count most (home, product, ...) */
		if (score_type_weight(p->type) >= 1) {
			key[nkey].page = p;
			key[nkey++].score = p->score;
		}
		const struct analysis *a = analysis_of(p);
		if (a && p->metrics.problem && p->metrics.impact) {
			int ev = a->category[CAT_EVIDENCE] >= 0 ? a->category[CAT_EVIDENCE] : 0;
			teach[nteach].page = p;
			teach[nteach++].score = p->score + ev / 4;
		}
	}
	qsort(key, nkey, sizeof *key, ref_asc);
	qsort(teach, nteach, sizeof *teach, ref_desc);
	s->nworst = nkey < SITE_TOP ? nkey : SITE_TOP;
	memcpy(s->worst, key, s->nworst * sizeof *key);
	s->nbest = nteach < SITE_TOP ? nteach : SITE_TOP;
	for (size_t i = 0; i < s->nbest; i++) {
		s->best[i].page = teach[i].page;
		s->best[i].score = teach[i].page->score;
	}
	free(key);
	free(teach);
}

/* ---- consistency of the value proposition ------------------------------- */

static bool stopword(const char *w, size_t n)
{
	static const char *const stop[] = {
		"with", "your", "that", "this", "from", "have", "more", "about", "into", "their",
		"what", "when", "will", "which", "than", "them", "they", "then", "there", "these",
		"also", "just", "over", "only", "most", "some", "such", "each", "every", "other",
		"make", "makes", "like", "across", "where", "while", "ours", "yours", "page", "home",
		"welcome", "learn", "read", "here", NULL,
	};
	for (int i = 0; stop[i]; i++)
		if (strlen(stop[i]) == n && !strncmp(w, stop[i], n))
			return true;
	return false;
}

/* Key words of a text: lowercased words of 4 letters or more that are
 * not stop words, as hashes. */
static size_t key_words(const char *t, uint64_t *out, size_t max)
{
	size_t n = 0;
	char w[64];
	for (size_t i = 0; t && t[i] && n < max;) {
		while (t[i] && !isalnum((unsigned char)t[i]))
			i++;
		size_t len = 0;
		while (t[i] && (isalnum((unsigned char)t[i]) || t[i] == '-')) {
			if (len < sizeof w - 1)
				w[len++] = (char)tolower((unsigned char)t[i]);
			i++;
		}
		/* a crude stem: "teams" and "team" meet */
		if (len > 4 && w[len - 1] == 's' && w[len - 2] != 's')
			len--;
		if (len < 4 || stopword(w, len))
			continue;
		uint64_t h = analysis_hash(w, len);
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = out[k] == h;
		if (!dup)
			out[n++] = h;
	}
	return n;
}

static char *page_claim(const struct page *p)
{
	const struct analysis *a = analysis_of(p);
	return xasprintf("%s %s %s", p->title ? p->title : "", p->description ? p->description : "",
			 a && a->lead ? a->lead : "");
}

static const struct page *find_home(struct page **pv, size_t n)
{
	const struct page *home = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pv[i];
		const char *id = p->url ? p->url : p->path ? p->path : "";
		const char *hid = home ? (home->url ? home->url : home->path ? home->path : "") : NULL;
		if (p->type == PT_HOME && (!home || strlen(id) < strlen(hid)))
			home = p;
	}
	return home;
}

static void consistency(struct site_summary *s, struct page **pv, size_t n)
{
	s->home = find_home(pv, n);
	if (!s->home)
		return;
	const struct analysis *ha = analysis_of(s->home);
	s->value_prop = xasprintf("%s%s%s%s%s", s->home->title ? s->home->title : "",
				  s->home->description ? " \xE2\x80\x94 " : "",
				  s->home->description ? s->home->description : "",
				  ha && ha->lead ? " \xE2\x80\x94 " : "", ha && ha->lead ? ha->lead : "");
	uint64_t vp[64], pk[256];
	size_t nvp = key_words(s->value_prop, vp, 64);
	if (!nvp)
		return;
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pv[i];
		if (p == s->home || !(p->type == PT_PRODUCT || p->type == PT_SOLUTION ||
				      p->type == PT_ABOUT || p->type == PT_PRICING))
			continue;
		char *claim = page_claim(p);
		size_t npk = key_words(claim, pk, 256);
		free(claim);
		size_t common = 0;
		for (size_t a = 0; a < nvp; a++)
			for (size_t b = 0; b < npk; b++)
				if (vp[a] == pk[b]) {
					common++;
					break;
				}
		s->echo = xgrow(s->echo, &cap, s->necho + 1, sizeof *s->echo);
		s->echo[s->necho].page = p;
		s->echo[s->necho].overlap = (double)common / (double)nvp;
		if (s->echo[s->necho].overlap >= SITE_ECHO_MIN)
			s->echoing++;
		s->necho++;
	}
}

/* ---- the report ------------------------------------------------------------ */

static void summarize(struct site_summary *s, struct page **pv, size_t n)
{
	struct map m = {0};
	s->pages = n;
	s->score = score_site(pv, n);
	for (size_t i = 0; i < n; i++) {
		s->we += pv[i]->metrics.we;
		s->you += pv[i]->metrics.you;
	}
	find_boilerplate(s, pv, n, &m);
	free(m.v);
	top_phrases(s, pv, n);
	rank_pages(s, pv, n);
	consistency(s, pv, n);
}

struct site_report *site_analyze(struct page *const *pages, size_t n)
{
	struct site_report *r = xcalloc(1, sizeof *r);
	struct page **group = xcalloc(n ? n : 1, sizeof *group);
	bool *done = xcalloc(n ? n : 1, sizeof *done);
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		if (done[i] || !pages[i] || pages[i]->failed)
			continue;
		const char *site = pages[i]->site ? pages[i]->site : "";
		size_t ng = 0;
		for (size_t j = i; j < n; j++) {
			const struct page *p = pages[j];
			if (done[j] || !p || p->failed || strcmp(p->site ? p->site : "", site))
				continue;
			done[j] = true;
			group[ng++] = pages[j];
		}
		r->v = xgrow(r->v, &cap, r->n + 1, sizeof *r->v);
		struct site_summary *s = &r->v[r->n++];
		memset(s, 0, sizeof *s);
		s->site = xstrdup(site);
		summarize(s, group, ng);
	}
	free(group);
	free(done);
	return r;
}

static void mark_group(struct page **pv, size_t n)
{
	struct map m = {0};
	for (size_t i = 0; i < n; i++) {
		const struct analysis *a = analysis_of(pv[i]);
		for (size_t b = 0; a && b < a->nblocks; b++) {
			struct slot *sl = map_get(&m, a->blocks[b].hash);
			if (sl->last_page != i + 1) {
				sl->last_page = i + 1;
				sl->pages++;
			}
		}
	}
	size_t min = boiler_threshold(n);
	for (size_t i = 0; i < n; i++) {
		struct analysis *a = (struct analysis *)analysis_of(pv[i]);
		if (!a || !a->nfinding_block)
			continue;
		free(a->finding_boiler);
		a->finding_boiler = xcalloc(a->nfinding_block, sizeof *a->finding_boiler);
		for (size_t f = 0; f < a->nfinding_block; f++) {
			const struct slot *sl = a->finding_block[f] ? map_find(&m, a->finding_block[f]) : NULL;
			a->finding_boiler[f] = sl && sl->pages >= min;
		}
	}
	free(m.v);
}

void site_mark_boilerplate(struct page *const *pages, size_t n)
{
	struct page **group = xcalloc(n ? n : 1, sizeof *group);
	bool *done = xcalloc(n ? n : 1, sizeof *done);
	for (size_t i = 0; i < n; i++) {
		if (done[i] || !pages[i] || pages[i]->failed)
			continue;
		const char *site = pages[i]->site ? pages[i]->site : "";
		size_t ng = 0;
		for (size_t j = i; j < n; j++) {
			const struct page *p = pages[j];
			if (done[j] || !p || p->failed || strcmp(p->site ? p->site : "", site))
				continue;
			done[j] = true;
			group[ng++] = pages[j];
		}
		mark_group(group, ng);
	}
	free(group);
	free(done);
}

void site_report_free(struct site_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		struct site_summary *s = &r->v[i];
		free(s->site);
		for (size_t j = 0; j < s->nboiler; j++)
			free(s->boiler[j].text);
		free(s->boiler);
		for (size_t j = 0; j < s->nphrases; j++)
			free(s->phrases[j].phrase);
		free(s->phrases);
		free(s->value_prop);
		free(s->echo);
	}
	free(r->v);
	free(r);
}

bool site_finding_is_boilerplate(const struct site_report *r, const struct page *p, size_t i)
{
	const struct analysis *a = analysis_of(p);
	if (!r || !a || i >= a->nfinding_block || !a->finding_block[i])
		return false;
	for (size_t k = 0; k < r->n; k++)
		for (size_t j = 0; j < r->v[k].nboiler; j++)
			if (analysis_hash(r->v[k].boiler[j].text, strlen(r->v[k].boiler[j].text)) ==
			    a->finding_block[i])
				return true;
	return false;
}
