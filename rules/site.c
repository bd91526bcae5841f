#include "rules/site.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/keytab.h"
#include "common/xalloc.h"
#include "rules/analysis.h"
#include "rules/consistency.h"
#include "rules/match.h"
#include "rules/score.h"

/* ---- slots of 64-bit keys (common/keytab.h) ----------------------------- */

struct slot {
	uint64_t key;		/* 0: empty */
	size_t pages;
	size_t last_page;	/* 1 + index of the last page counted */
	size_t findings;
	size_t first;		/* index into the caller's item array */
	const char *rule;
};

/* ---- the blocks of a run, counted as pages come --------------------------- */

struct bslot {
	uint64_t key;		/* block hash mixed with the site's; 0: empty */
	uint32_t pages;
	uint32_t text;		/* 1 + offset into the arena, 0 until a second page */
	uint8_t scope;
};

struct site_blocks {
	pthread_mutex_t lock;
	struct keytab slots;	/* of struct bslot */
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
	sb->slots = (struct keytab)KEYTAB_INIT(struct bslot);
	pthread_mutex_init(&sb->lock, NULL);
	buf_init(&sb->arena);
	return sb;
}

void site_blocks_free(struct site_blocks *sb)
{
	if (!sb)
		return;
	pthread_mutex_destroy(&sb->lock);
	keytab_release(&sb->slots);
	buf_release(&sb->arena);
	free(sb);
}

/* Boilerplate is short: nav remnants, banners, CTAs, footers. */
static bool countable(const struct block *bl)
{
	return bl->scope != SCOPE_ALT && bl->scope != SCOPE_TITLE && bl->len >= 12 &&
	       bl->len <= SITE_BLOCK_MAX;
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
	qsort(keys, n, 2 * sizeof *keys, keytab_cmp);
	pthread_mutex_lock(&sb->lock);
	for (size_t i = 0; i < n; i++) {
		if (i && keys[2 * i] == keys[2 * i - 2])
			continue;
		const struct block *bl = &p->blocks[keys[2 * i + 1]];
		struct bslot *sl = keytab_get(&sb->slots, keys[2 * i]);
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

static void find_boilerplate(struct site_summary *s, struct page **pv, size_t n, struct keytab *m)
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
			const struct bslot *b = keytab_find(&sb->slots, key);
			if (!b || b->pages < min)
				continue;
			s->boiler_findings++;
			struct slot *sl = keytab_get(m, key);
			sl->findings++;
			if (!sl->rule)
				sl->rule = p->findings[f].rule;
		}
		/* and the repeats dropped from later pages */
		for (size_t d = 0; a && d < a->dropped_boiler; d++) {
			uint64_t key = block_key(a->dropped_block[d], site);
			s->boiler_findings++;
			((struct slot *)keytab_get(m, key))->findings++;
		}
	}
	size_t cap = 0;
	const struct bslot *slots = sb->slots.v;
	for (size_t j = 0; j < sb->slots.cap; j++) {
		const struct bslot *b = &slots[j];
		if (!b->key || b->pages < min || !b->text)
			continue;
		/* a block of this site? its key unmixed must be its text's hash */
		const char *text = sb->arena.data + b->text - 1;
		if (block_key(analysis_hash(text, strlen(text)), site) != b->key)
			continue;
		const struct slot *sl = keytab_find(m, b->key);
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
	struct keytab m = KEYTAB_INIT(struct slot);
	struct site_phrase *all = NULL;
	size_t nall = 0, cap = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pv[i];
		for (size_t f = 0; f < p->nfindings; f++) {
			const struct finding *fd = &p->findings[f];
			if (fd->scope == SCOPE_PAGE || !fd->match || !*fd->match || !fd->wording)
				continue;
			char *low = xstrdup(fd->match);
			for (char *c = low; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			uint64_t key = analysis_hash(low, strlen(low)) ^ analysis_hash(fd->rule, strlen(fd->rule));
			struct slot *sl = keytab_get(&m, key ? key : 1);
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
	keytab_release(&m);
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

static size_t claim_words(const char *t, uint64_t *out, bool *subject, size_t max);

/* Key words of a text, as claim_words finds them (stems, stop words and
 * URLs left out), for the echo of the value proposition. */
static size_t key_words(const char *t, uint64_t *out, size_t max)
{
	return claim_words(t, out, NULL, max);
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

static char *headline(const struct page *p);

static void consistency(struct site_summary *s, struct page **pv, size_t n)
{
	s->home = find_home(pv, n);
	if (!s->home)
		return;
	/* the title, the meta description and the h1: what the home page
	 * says first (its first paragraph would drown the claim) */
	char *h1 = headline(s->home);
	const struct analysis *ha = analysis_of(s->home);
	bool has_h1 = h1 && ha && ha->lead_h1;
	s->value_prop = xasprintf("%s%s%s%s%s", s->home->title ? s->home->title : "",
				  s->home->description ? " \xE2\x80\x94 " : "",
				  s->home->description ? s->home->description : "",
				  has_h1 ? " \xE2\x80\x94 " : "", has_h1 ? h1 : "");
	free(h1);
	uint64_t vp[64], pk[256];
	size_t nvp = key_words(s->value_prop, vp, 64);
	if (!nvp)
		return;
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		const struct page *p = pv[i];
		if (p == s->home || !site_key_page_type(p->type))
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

bool site_key_page_type(enum page_type t)
{
	return t == PT_PRODUCT || t == PT_SOLUTION || t == PT_ABOUT || t == PT_PRICING;
}

static bool is_key_page(const struct page *p)
{
	return site_key_page_type(p->type);
}

static unsigned claim_audience(const struct page *p)
{
	char *claim = page_claim(p);
	unsigned bits = consistency_audience(claim);
	free(claim);
	return bits;
}

/* Key pages whose main claim speaks to the audience opposite to the
 * home page's. */
static size_t audience_mismatches(struct page **pv, size_t n, const struct page *home,
				  struct site_audience **out)
{
	*out = NULL;
	if (!home)
		return 0;
	unsigned h = claim_audience(home);
	if (!h)
		return 0;
	size_t nout = 0;
	for (size_t i = 0; i < n; i++) {
		if (pv[i] == home || !is_key_page(pv[i]))
			continue;
		unsigned bit = consistency_audience_conflict(h, claim_audience(pv[i]));
		if (!bit)
			continue;
		*out = xrealloc(*out, (nout + 1) * sizeof **out);
		(*out)[nout].page = pv[i];
		(*out)[nout].page_audience = consistency_audience_name(bit);
		unsigned hb = 1;
		while (hb && (!(h & hb) || !consistency_audience_conflict(hb, bit)))
			hb <<= 1;
		(*out)[nout].home_audience = consistency_audience_name(hb);
		nout++;
	}
	return nout;
}

/* Key words with a crude stem ("secure" and "security" meet), for
 * telling one claim in other words from another claim; subject[k] (when
 * subject is not NULL) says word k names a subject (a capitalised word after the first: "Azure",
 * "CMMC"). */
static size_t claim_words(const char *t, uint64_t *out, bool *subject, size_t max)
{
	size_t n = 0;
	char w[64];
	bool first = true;
	for (size_t i = 0; t && t[i] && n < max;) {
		while (t[i] && !isalnum((unsigned char)t[i]))
			i++;
		/* a URL or path (template residue) is no wording */
		size_t chunk = strcspn(t + i, " \t\n");
		if (memchr(t + i, '/', chunk)) {
			i += chunk;
			continue;
		}
		size_t len = 0;
		bool upper = t[i] && isupper((unsigned char)t[i]);
		while (t[i] && isalnum((unsigned char)t[i])) {
			if (len < sizeof w - 1)
				w[len++] = (char)tolower((unsigned char)t[i]);
			i++;
		}
		bool subj = upper && !first;
		if (len)
			first = false;
		if ((len < 4 && !subj) || !len || stopword(w, len))
			continue;
		static const char *const suffix[] = {"ations", "ation", "ities", "ity", "ing", "ed", "es", "s", "e", "ly", NULL};
		for (int k = 0; suffix[k]; k++) {
			size_t sl = strlen(suffix[k]);
			if (len >= sl + 4 && !memcmp(w + len - sl, suffix[k], sl)) {
				len -= sl;
				break;
			}
		}
		uint64_t h = analysis_hash(w, len);
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = out[k] == h;
		if (!dup) {
			if (subject)
				subject[n] = subj;
			out[n++] = h;
		}
	}
	return n;
}

/* The headline of a page: its h1, else its title without the site
 * name after a separator ("Ubuntu Pro | Ubuntu" is "Ubuntu Pro"). */
static char *headline(const struct page *p)
{
	const struct analysis *a = analysis_of(p);
	if (a && a->lead && a->lead_h1)
		return xstrndup(a->lead, a->lead_h1);
	if (!p->title)
		return NULL;
	static const char *const sep[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " \xC2\xB7 ", NULL};
	size_t len = strlen(p->title);
	for (int k = 0; sep[k]; k++) {
		const char *x = strstr(p->title, sep[k]);
		if (x && (size_t)(x - p->title) < len)
			len = (size_t)(x - p->title);
	}
	return len ? xstrndup(p->title, len) : NULL;
}

/* How many words of a are in b; *other set when a subject word of a
 * is not. */
static size_t shared_words(const uint64_t *a, const bool *subj, size_t na, const uint64_t *b, size_t nb,
			   bool *other)
{
	size_t common = 0;
	for (size_t i = 0; i < na; i++) {
		bool found = false;
		for (size_t k = 0; k < nb && !found; k++)
			found = a[i] == b[k];
		if (found)
			common++;
		else if (subj[i])
			*other = true;
	}
	return common;
}

static size_t uf_find(size_t *parent, size_t x)
{
	while (parent[x] != x)
		x = parent[x] = parent[parent[x]];
	return x;
}

/* The same claim phrased many ways: headlines and descriptions of the
 * home and key pages that share most of their key words without being
 * the same text, grouped; groups of SITE_VARIANTS_MIN phrasings or more. */
static void claim_variants(struct site_summary *s, struct page **pv, size_t n)
{
	struct claim {
		char *text;
		const struct page *page;
		uint64_t w[24];
		bool subject[24];
		size_t nw;
	} *c = NULL;
	size_t nc = 0, cap = 0;
	for (size_t i = 0; i < n && nc < SITE_VARIANTS_MAX_CLAIMS; i++) {
		if (pv[i]->type != PT_HOME && !is_key_page(pv[i]))
			continue;
		char *texts[2] = {headline(pv[i]), pv[i]->description ? xstrdup(pv[i]->description) : NULL};
		for (int k = 0; k < 2; k++) {
			if (!texts[k])
				continue;
			bool dup = false;
			for (size_t j = 0; j < nc && !dup; j++)
				dup = !strcasecmp(c[j].text, texts[k]);
			uint64_t w[24];
			bool subj[24];
			size_t nw = claim_words(texts[k], w, subj, 24);
			if (dup || nw < 2 || nw > 20) {
				free(texts[k]);
				continue;
			}
			c = xgrow(c, &cap, nc + 1, sizeof *c);
			c[nc].text = texts[k];
			c[nc].page = pv[i];
			memcpy(c[nc].w, w, sizeof w);
			memcpy(c[nc].subject, subj, sizeof subj);
			c[nc].nw = nw;
			nc++;
		}
	}
	size_t *parent = xcalloc(nc ? nc : 1, sizeof *parent);
	for (size_t i = 0; i < nc; i++)
		parent[i] = i;
	for (size_t i = 0; i < nc; i++)
		for (size_t j = i + 1; j < nc; j++) {
			bool other = false;
			size_t common = shared_words(c[i].w, c[i].subject, c[i].nw, c[j].w, c[j].nw, &other);
			shared_words(c[j].w, c[j].subject, c[j].nw, c[i].w, c[i].nw, &other);
			/* a subject word on one side only: another subject, in
			 * the same template ("Ubuntu on Azure", "... on AWS") */
			if (other)
				continue;
			size_t uni = c[i].nw + c[j].nw - common;
			double share = (double)common / (double)uni;
			if ((common >= 3 && share >= SITE_VARIANT_JACCARD) || (common >= 2 && share >= SITE_VARIANT_CLOSE))
				parent[uf_find(parent, i)] = uf_find(parent, j);
		}
	for (size_t i = 0; i < nc; i++) {
		size_t root = uf_find(parent, i), size = 0;
		bool first = true;
		for (size_t j = 0; j < nc; j++)
			if (uf_find(parent, j) == root) {
				size++;
				first = first && j >= i;
			}
		if (!first || size < SITE_VARIANTS_MIN)
			continue;
		struct site_variants *v = xcalloc(1, sizeof *v);
		for (size_t j = i; j < nc; j++)
			if (uf_find(parent, j) == root) {
				v->text = xrealloc(v->text, (v->n + 1) * sizeof *v->text);
				v->page = xrealloc(v->page, (v->n + 1) * sizeof *v->page);
				v->text[v->n] = c[j].text;
				v->page[v->n] = c[j].page;
				c[j].text = NULL;
				v->n++;
			}
		s->variants = xrealloc(s->variants, (s->nvariants + 1) * sizeof *s->variants);
		s->variants[s->nvariants++] = *v;
		free(v);
	}
	for (size_t i = 0; i < nc; i++)
		free(c[i].text);
	free(c);
	free(parent);
}

/* ---- site findings ------------------------------------------------------- */

static void for_each_site(struct page *const *pages, size_t n,
			  void (*fn)(const char *site, struct page **pv, size_t n, void *arg), void *arg);

static void add_site_finding(struct page *p, const struct ruleset *rs, const struct rule *r,
			     const struct finding *where, char *match, char *context)
{
	struct finding f = where ? *where : (struct finding){0};
	f.rule = r->id;
	f.rule_index = (uint32_t)(r - rs->rules);
	f.severity = r->severity;
	f.message = r->message;
	f.suggestion = r->suggestion;
	f.match = match;
	f.context = context;
	if (!where) {
		const struct analysis *a = analysis_of(p);
		f.scope = SCOPE_PAGE;
		f.line = a && a->lead_line ? a->lead_line : 1;
		f.col = 1;
	}
	analysis_insert_finding(p, &f);
}

/* The enabled limit rules on metric that apply to p and whose limit
 * value exceeds. */
static void each_rule(const struct ruleset *rs, const char *metric, const struct page *p, double value,
		      void (*fn)(const struct ruleset *rs, const struct rule *r, struct page *p, void *arg),
		      void *arg)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		if (r->kind == RULE_LIMIT && !strcmp(r->metric, metric) && rule_limit_exceeded(r, p, value) &&
		    !analysis_site_rule_is_off(p, (uint32_t)i))
			fn(rs, r, (struct page *)p, arg);
	}
}

struct figure_arg {
	const struct figure_value *ref;		/* what the rest of the site says */
	const struct claim_fact *fact;		/* the differing figure */
};

static void figure_finding(const struct ruleset *rs, const struct rule *r, struct page *p, void *arg)
{
	const struct figure_arg *fa = arg;
	const struct claim_fact *f = fa->fact;
	char *ctx = xasprintf("%s (elsewhere on the site: \xE2\x80\x9C%s\xE2\x80\x9D on %s%s)",
			      f->f.context ? f->f.context : "", fa->ref->fact->f.match,
			      page_label(fa->ref->pages[0]), fa->ref->npages > 1 ? " and other pages" : "");
	add_site_finding(p, rs, r, &f->f, xstrdup(f->f.match), ctx);
}

static void audience_finding(const struct ruleset *rs, const struct rule *r, struct page *p, void *arg)
{
	const struct site_audience *m = arg;
	add_site_finding(p, rs, r, NULL, xstrdup(""),
			 xasprintf("this page speaks to %s; the home page to %s", m->page_audience,
				   m->home_audience));
}

static void consistency_findings(const char *site, struct page **pv, size_t n, void *arg)
{
	(void)site;
	const struct ruleset *rs = arg;
	const struct page *home = find_home(pv, n);
	struct figure_conflict *fc;
	size_t nfc = consistency_figure_conflicts(pv, n, home, &fc);
	for (size_t i = 0; i < nfc; i++)
		for (size_t v = 1; v < fc[i].nvalues; v++)
			for (size_t k = 0; k < fc[i].values[v].nstated; k++) {
				const struct figure_stated *st = &fc[i].values[v].stated[k];
				struct figure_arg fa = {&fc[i].values[0], st->fact};
				each_rule(rs, "site_conflicting_figures", (struct page *)st->page, 1, figure_finding,
					  &fa);
			}
	consistency_figure_conflicts_free(fc, nfc);
	struct site_audience *am;
	size_t nam = audience_mismatches(pv, n, home, &am);
	for (size_t i = 0; i < nam; i++)
		each_rule(rs, "site_audience_mismatch", am[i].page, 1, audience_finding, &am[i]);
	free(am);
}

void site_add_consistency_findings(const struct ruleset *rs, struct page *const *pages, size_t n)
{
	for_each_site(pages, n, consistency_findings, (void *)rs);
}

/* ---- the report ------------------------------------------------------------ */

static void summarize(struct site_summary *s, struct page **pv, size_t n)
{
	struct keytab m = KEYTAB_INIT(struct slot);
	s->pages = n;
	s->score = score_site(pv, n);
	for (size_t i = 0; i < n; i++) {
		s->we += pv[i]->metrics.we;
		s->you += pv[i]->metrics.you;
	}
	find_boilerplate(s, pv, n, &m);
	keytab_release(&m);
	top_phrases(s, pv, n);
	rank_pages(s, pv, n);
	consistency(s, pv, n);
	s->nconflicts = consistency_figure_conflicts(pv, n, s->home, &s->conflicts);
	s->naudience = audience_mismatches(pv, n, s->home, &s->audience);
	claim_variants(s, pv, n);
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
				a->finding_block[f] ? keytab_find(&sb->slots, block_key(a->finding_block[f], site)) : NULL;
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
	struct keytab seen_map = KEYTAB_INIT(struct slot), *seen = &seen_map;
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
			if (f < nf && keys[f] && keytab_find(seen, keys[f])) {
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
				keytab_get(seen, keys[f]);
		free(keys);
	}
	keytab_release(&seen_map);
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
		consistency_figure_conflicts_free(s->conflicts, s->nconflicts);
		free(s->audience);
		for (size_t j = 0; j < s->nvariants; j++) {
			for (size_t k = 0; k < s->variants[j].n; k++)
				free(s->variants[j].text[k]);
			free(s->variants[j].text);
			free(s->variants[j].page);
		}
		free(s->variants);
	}
	free(r->v);
	free(r);
}
