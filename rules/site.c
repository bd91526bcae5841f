#include "rules/site.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
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
	const char *rule;
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

/* ---- the blocks of a run, counted as pages come --------------------------- */

struct bslot {
	uint64_t key;		/* block hash mixed with the site's; 0: empty */
	uint32_t pages;
	uint32_t text;		/* 1 + offset into the arena, 0 until a second page */
	uint8_t scope;
};

struct site_blocks {
	pthread_mutex_t lock;
	struct bslot *v;
	size_t cap, n;
	struct buf arena;
};

static uint64_t site_key(const char *site)
{
	return analysis_hash(site ? site : "", site ? strlen(site) : 0) * 0x9E3779B97F4A7C15ull;
}

static uint64_t block_key(uint64_t block_hash, uint64_t site)
{
	uint64_t k = block_hash ^ site;
	return k ? k : 1;
}

struct site_blocks *site_blocks_new(void)
{
	struct site_blocks *sb = xcalloc(1, sizeof *sb);
	pthread_mutex_init(&sb->lock, NULL);
	buf_init(&sb->arena);
	return sb;
}

void site_blocks_free(struct site_blocks *sb)
{
	if (!sb)
		return;
	pthread_mutex_destroy(&sb->lock);
	free(sb->v);
	buf_release(&sb->arena);
	free(sb);
}

static struct bslot *bslot_get(struct site_blocks *sb, uint64_t key)
{
	if ((sb->n + 1) * 2 > sb->cap) {
		size_t cap = sb->cap ? sb->cap * 2 : 1024;
		struct bslot *v = xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < sb->cap; i++)
			if (sb->v[i].key) {
				size_t j = sb->v[i].key & (cap - 1);
				while (v[j].key)
					j = (j + 1) & (cap - 1);
				v[j] = sb->v[i];
			}
		free(sb->v);
		sb->v = v;
		sb->cap = cap;
	}
	size_t j = key & (sb->cap - 1);
	while (sb->v[j].key && sb->v[j].key != key)
		j = (j + 1) & (sb->cap - 1);
	if (!sb->v[j].key) {
		sb->v[j].key = key;
		sb->n++;
	}
	return &sb->v[j];
}

static const struct bslot *bslot_find(const struct site_blocks *sb, uint64_t key)
{
	if (!sb->cap)
		return NULL;
	for (size_t j = key & (sb->cap - 1); sb->v[j].key; j = (j + 1) & (sb->cap - 1))
		if (sb->v[j].key == key)
			return &sb->v[j];
	return NULL;
}

/* Boilerplate is short: nav remnants, banners, CTAs, footers. */
static bool countable(const struct block *bl)
{
	return bl->scope != SCOPE_ALT && bl->scope != SCOPE_TITLE && bl->len >= 12 &&
	       bl->len <= SITE_BLOCK_MAX;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

void site_blocks_count(struct site_blocks *sb, const struct page *p)
{
	uint64_t site = site_key(p->site);
	/* (key, block index) pairs, sorted by key: each block once per page */
	uint64_t *keys = xcalloc(2 * (p->nblocks ? p->nblocks : 1), sizeof *keys);
	size_t n = 0;
	for (size_t b = 0; b < p->nblocks; b++)
		if (countable(&p->blocks[b])) {
			const struct block *bl = &p->blocks[b];
			keys[2 * n] = block_key(analysis_hash(p->text.data + bl->off, bl->len), site);
			keys[2 * n + 1] = b;
			n++;
		}
	qsort(keys, n, 2 * sizeof *keys, u64_cmp);
	pthread_mutex_lock(&sb->lock);
	for (size_t i = 0; i < n; i++) {
		if (i && keys[2 * i] == keys[2 * i - 2])
			continue;
		const struct block *bl = &p->blocks[keys[2 * i + 1]];
		struct bslot *sl = bslot_get(sb, keys[2 * i]);
		if (!sl->pages++) {
			sl->scope = (uint8_t)bl->scope;
		} else if (!sl->text) {
			sl->text = (uint32_t)sb->arena.len + 1;
			buf_append(&sb->arena, p->text.data + bl->off, bl->len);
			buf_putc(&sb->arena, '\0');
		}
	}
	pthread_mutex_unlock(&sb->lock);
	free(keys);
}

static struct site_blocks *blocks_of(struct page *const *pv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct analysis *a = analysis_of(pv[i]);
		if (a && a->site_blocks)
			return a->site_blocks;
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
	struct site_blocks *sb = blocks_of(pv, n);
	if (!sb)
		return;
	uint64_t site = site_key(s->site);
	size_t min = boiler_threshold(s->pages);
	pthread_mutex_lock(&sb->lock);
	/* findings inside boilerplate blocks, counted once per block and rule */
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pv[i];
		const struct analysis *a = analysis_of(p);
		for (size_t f = 0; a && f < a->nfinding_block && f < p->nfindings; f++) {
			if (!a->finding_block[f])
				continue;
			uint64_t key = block_key(a->finding_block[f], site);
			const struct bslot *b = bslot_find(sb, key);
			if (!b || b->pages < min)
				continue;
			s->boiler_findings++;
			struct slot *sl = map_get(m, key);
			sl->findings++;
			if (!sl->rule)
				sl->rule = p->findings[f].rule;
		}
		/* and the repeats dropped from later pages */
		for (size_t d = 0; a && d < a->dropped_boiler; d++) {
			uint64_t key = block_key(a->dropped_block[d], site);
			s->boiler_findings++;
			map_get(m, key)->findings++;
		}
	}
	size_t cap = 0;
	for (size_t j = 0; j < sb->cap; j++) {
		const struct bslot *b = &sb->v[j];
		if (!b->key || b->pages < min || !b->text)
			continue;
		/* a block of this site? its key unmixed must be its text's hash */
		const char *text = sb->arena.data + b->text - 1;
		if (block_key(analysis_hash(text, strlen(text)), site) != b->key)
			continue;
		const struct slot *sl = map_find(m, b->key);
		s->boiler = xgrow(s->boiler, &cap, s->nboiler + 1, sizeof *s->boiler);
		struct site_block *sbk = &s->boiler[s->nboiler++];
		sbk->text = xstrdup(text);
		sbk->scope = b->scope;
		sbk->pages = b->pages;
		sbk->findings = sl ? sl->findings : 0;
		sbk->rule = sl ? sl->rule : NULL;
	}
	pthread_mutex_unlock(&sb->lock);
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

/* Call fn once per site (pages grouped by page->site, in order of first
 * appearance), skipping missing and failed pages. */
static void for_each_site(struct page *const *pages, size_t n,
			  void (*fn)(const char *site, struct page **pv, size_t n, void *arg), void *arg)
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
		fn(site, group, ng, arg);
	}
	free(group);
	free(done);
}

static void analyze_site(const char *site, struct page **pv, size_t n, void *arg)
{
	struct site_report *r = arg;
	r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
	struct site_summary *s = &r->v[r->n++];
	memset(s, 0, sizeof *s);
	s->site = xstrdup(site);
	summarize(s, pv, n);
}

struct site_report *site_analyze(struct page *const *pages, size_t n)
{
	struct site_report *r = xcalloc(1, sizeof *r);
	for_each_site(pages, n, analyze_site, r);
	return r;
}

static void mark_group(const char *site_name, struct page **pv, size_t n, void *arg)
{
	(void)arg;
	struct site_blocks *sb = blocks_of(pv, n);
	if (!sb)
		return;
	uint64_t site = site_key(site_name);
	size_t min = boiler_threshold(n);
	pthread_mutex_lock(&sb->lock);
	for (size_t i = 0; i < n; i++) {
		struct analysis *a = (struct analysis *)analysis_of(pv[i]);
		if (!a || !a->nfinding_block)
			continue;
		free(a->finding_boiler);
		a->finding_boiler = xcalloc(a->nfinding_block, sizeof *a->finding_boiler);
		for (size_t f = 0; f < a->nfinding_block; f++) {
			const struct bslot *b =
				a->finding_block[f] ? bslot_find(sb, block_key(a->finding_block[f], site)) : NULL;
			a->finding_boiler[f] = b && b->pages >= min;
		}
	}
	pthread_mutex_unlock(&sb->lock);
}

void site_mark_boilerplate(struct page *const *pages, size_t n)
{
	for_each_site(pages, n, mark_group, NULL);
}

/* Keep finding f of p only if no earlier page had the same finding in the
 * same boilerplate block: the block is one template, fixed once. */
static void drop_repeats(const char *site, struct page **pv, size_t n, void *arg)
{
	(void)site;
	(void)arg;
	struct map seen_map = {0}, *seen = &seen_map;
	for (size_t i = 0; i < n; i++) {
		struct page *p = pv[i];
		struct analysis *a = (struct analysis *)analysis_of(p);
		if (!a || !a->finding_boiler)
			continue;
		size_t nf = p->nfindings < a->nfinding_block ? p->nfindings : a->nfinding_block;
		uint64_t *keys = xcalloc(nf ? nf : 1, sizeof *keys);
		for (size_t f = 0; f < nf; f++)
			if (a->finding_boiler[f]) {
				const struct finding *fd = &p->findings[f];
				uint64_t k = a->finding_block[f] * 31 + analysis_hash(fd->rule, strlen(fd->rule));
				k ^= analysis_hash(fd->match ? fd->match : "", fd->match ? strlen(fd->match) : 0) * 7;
				keys[f] = k ? k : 1;
			}
		size_t k = 0;
		for (size_t f = 0; f < p->nfindings; f++) {
			if (f < nf && keys[f] && map_find(seen, keys[f])) {
				free(p->findings[f].match);
				free(p->findings[f].context);
				a->dropped_block = xrealloc(a->dropped_block,
							    (a->dropped_boiler + 1) * sizeof *a->dropped_block);
				a->dropped_block[a->dropped_boiler++] = a->finding_block[f];
				continue;
			}
			if (k != f) {
				p->findings[k] = p->findings[f];
				if (f < nf) {
					a->finding_block[k] = a->finding_block[f];
					a->finding_boiler[k] = a->finding_boiler[f];
				}
			}
			k++;
		}
		if (a->nfinding_block > k)
			a->nfinding_block = k;
		p->nfindings = k;
		for (size_t f = 0; f < nf; f++)
			if (keys[f])
				map_get(seen, keys[f]);
		free(keys);
	}
	free(seen_map.v);
}

void site_drop_repeated_boilerplate(struct page *const *pages, size_t n)
{
	for_each_site(pages, n, drop_repeats, NULL);
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
