#include "rules/consistency.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <math.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/xalloc.h"
#include "rules/analysis.h"
#include "rules/match.h"
#include "rules/site.h"

/* ---- figures ------------------------------------------------------------- */

enum { N_UPTIME = 17, N_TRIAL = 18 };

static const char *const noun_name[] = {
	"customers", "clients", "users", "companies", "organizations", "businesses",
	"teams", "brands", "countries", "languages", "integrations", "employees",
	"partners", "offices", "developers", "contributors", "downloads", "uptime",
	"day trial",
};

static const struct {
	const char *word;
	unsigned noun;
} count_words[] = {
	{"customers", 0},     {"clients", 1},	      {"users", 2},	     {"companies", 3},
	{"organizations", 4}, {"organisations", 4},  {"businesses", 5},    {"teams", 6},
	{"brands", 7},	      {"countries", 8},       {"languages", 9},     {"integrations", 10},
	{"connectors", 10},   {"employees", 11},      {"partners", 12},     {"offices", 13},
	{"developers", 14},   {"contributors", 15},   {"downloads", 16},
};

/* Words that may stand between a number and what it counts. */
static const char *const adjectives[] = {
	"happy", "active", "paying", "satisfied", "global", "loyal", "enterprise",
	"monthly", "open", "source", "registered", "leading", "trusted", "daily", NULL,
};

/* A number after one of these is not a figure about the company: a
 * plan limit ("up to 10 users"), a rank, a price or a list name. */
static const char *const not_after[] = {
	"fortune ", "up to ", "per ", "first ", "top ", "every ", "last ", "only ", "under ",
	"from ", "to ", "$", "\xE2\x82\xAC", "\xC2\xA3", "#", "no. ", NULL,
};

/* A count after one of these belongs to someone else: the reader's
 * ("your 30 customers"), another company's ("a distributor with 2,000
 * customers"). */
static const char *const others_after[] = {
	"your ", "their ", "the same ", "with ", "of ", "his ", "her ", "its ", "had ", NULL,
};

/* A count is the company's own when its sentence says so: someone uses,
 * trusts or joins it, or "we" / "our" speak. */
static const char *const own_cues[] = {
	"trust", "trusted", "use", "uses", "used", "using", "love", "loved", "chose", "chosen", "rely",
	"relied", "join", "joined", "serve", "serves", "serving", "served", "power", "powers",
	"powering", "help", "helps", "helped", "helping", "run", "runs", "choose", "we", "our",
	"we're", "we\xE2\x80\x99re", "over", "more", NULL,
};

const char *consistency_noun(unsigned noun)
{
	return noun < sizeof noun_name / sizeof *noun_name ? noun_name[noun] : "?";
}

/* Pages where the company states its own counts (pricing pages state
 * plan limits: only their trial length and uptime are taken). */
static bool key_type(enum page_type t)
{
	return t == PT_HOME || (site_key_page_type(t) && t != PT_PRICING);
}

static bool figure_scope(enum scope s)
{
	return s == SCOPE_TITLE || s == SCOPE_META || (s >= SCOPE_H1 && s <= SCOPE_H6) ||
	       s == SCOPE_P || s == SCOPE_LI || s == SCOPE_TEXT || s == SCOPE_CTA;
}

/* Does the word at t[i..end) equal w (caseless), ending at a word
 * boundary?  Returns its length, or 0. */
static size_t word_at(const char *t, size_t i, size_t end, const char *w)
{
	size_t n = strlen(w);
	if (i + n > end || strncasecmp(t + i, w, n))
		return 0;
	if (i + n < end && isalnum((unsigned char)t[i + n]))
		return 0;
	return n;
}

static bool preceded_by(const char *const *list, const char *t, size_t bs, size_t i)
{
	for (int k = 0; list[k]; k++) {
		size_t n = strlen(list[k]);
		if (i - bs >= n && !strncasecmp(t + i - n, list[k], n) &&
		    (i - bs == n || !isalnum((unsigned char)t[i - n - 1]) || !isalpha((unsigned char)*list[k])))
			return true;
	}
	return false;
}

/* Does the sentence [s, e) hold one of the own_cues as a word? */
static bool own_figure(const char *t, size_t s, size_t e)
{
	for (size_t i = s; i < e; i++) {
		if (!isalpha((unsigned char)t[i]) || (i > s && isalnum((unsigned char)t[i - 1])))
			continue;
		for (int k = 0; own_cues[k]; k++)
			if (word_at(t, i, e, own_cues[k]))
				return true;
	}
	return false;
}

/* Parse a figure starting at t[i] (a digit): the number, a multiplier, a
 * plus and a percent sign.  Returns the end, or i when it is not one. */
static size_t parse_number(const char *t, size_t i, size_t end, double *value, bool *percent)
{
	char num[32];
	size_t nn = 0, j = i;
	while (j < end && nn < sizeof num - 1) {
		if (isdigit((unsigned char)t[j]))
			num[nn++] = t[j++];
		else if (t[j] == ',' && j + 1 < end && isdigit((unsigned char)t[j + 1]))
			j++;
		else if (t[j] == '.' && j + 1 < end && isdigit((unsigned char)t[j + 1]))
			num[nn++] = t[j++];
		else
			break;
	}
	num[nn] = 0;
	double v = strtod(num, NULL);
	if (j < end && t[j] == '+')
		j++;
	size_t k = j < end && t[j] == ' ' ? j + 1 : j;
	static const struct {
		const char *w;
		double mul;
	} mult[] = {{"k", 1e3},	       {"thousand", 1e3}, {"m", 1e6}, {"million", 1e6},
		    {"billion", 1e9}, {NULL, 0}};
	for (int m = 0; mult[m].w; m++) {
		size_t n = word_at(t, k, end, mult[m].w);
		if (!n && strlen(mult[m].w) == 1 && k < end && tolower((unsigned char)t[k]) == mult[m].w[0] &&
		    k + 1 < end && t[k + 1] == '+')
			n = 1;
		if (n && (strlen(mult[m].w) > 1 || k == j)) {
			v *= mult[m].mul;
			j = k + n;
			break;
		}
	}
	if (j < end && t[j] == '+')
		j++;
	*percent = j < end && t[j] == '%';
	if (*percent)
		j++;
	*value = v;
	return j;
}

/* What the figure ending at t[j] counts: the noun and the end of the
 * phrase, or false. */
static bool figure_noun(const char *t, size_t j, size_t end, bool percent, unsigned *noun, size_t *stop)
{
	if (j >= end || (t[j] != ' ' && t[j] != '-'))
		return false;
	j++;
	size_t n;
	if (percent) {
		if ((n = word_at(t, j, end, "uptime")) || (n = word_at(t, j, end, "availability")) ||
		    (n = word_at(t, j, end, "SLA"))) {
			*noun = N_UPTIME;
			*stop = j + n;
			return true;
		}
		return false;
	}
	if ((n = word_at(t, j, end, "day")) || (n = word_at(t, j, end, "days"))) {
		j += n;
		if (j < end && (t[j] == ' ' || t[j] == '-'))
			j++;
		if ((n = word_at(t, j, end, "free")) && j + n < end)
			j += n + 1;
		if ((n = word_at(t, j, end, "trial"))) {
			*noun = N_TRIAL;
			*stop = j + n;
			return true;
		}
		return false;
	}
	for (int adj = 0; adj <= 2; adj++) {
		for (size_t w = 0; w < sizeof count_words / sizeof *count_words; w++)
			if ((n = word_at(t, j, end, count_words[w].word))) {
				*noun = count_words[w].noun;
				*stop = j + n;
				return true;
			}
		bool skipped = false;
		for (int a = 0; adjectives[a] && !skipped; a++)
			if ((n = word_at(t, j, end, adjectives[a])) && j + n < end &&
			    (t[j + n] == ' ' || t[j + n] == '-')) {
				j += n + 1;
				skipped = true;
			}
		if (!skipped)
			return false;
	}
	return false;
}

/* A rate ("10 users per seat", "5 teams/month") is not a figure. */
static bool followed_by_rate(const char *t, size_t j, size_t end)
{
	if (j < end && t[j] == '/')
		return true;
	return j + 1 < end && t[j] == ' ' &&
	       (word_at(t, j + 1, end, "per") || word_at(t, j + 1, end, "each") ||
		word_at(t, j + 1, end, "a"));
}

size_t consistency_scan_facts(const struct page *p, struct claim_fact *out, size_t max,
			      bool (*skip)(const struct page *p, size_t off, const void *arg),
			      const void *arg)
{
	bool counts = key_type(p->type);
	if (!p->text.data || !max || (!counts && p->type != PT_PRICING))
		return 0;
	size_t n = 0;
	const char *t = p->text.data;
	for (size_t b = 0; b < p->nblocks && n < max; b++) {
		const struct block *bl = &p->blocks[b];
		if (bl->quoted || !figure_scope(bl->scope))
			continue;
		size_t bs = bl->off, be = bl->off + bl->len;
		for (size_t i = bs; i < be && n < max; i++) {
			if (!isdigit((unsigned char)t[i]) ||
			    (i > bs && (isalnum((unsigned char)t[i - 1]) || t[i - 1] == '.' || t[i - 1] == ',')))
				continue;
			double v;
			bool pct;
			size_t j = parse_number(t, i, be, &v, &pct), stop;
			unsigned noun;
			if (j == i || !figure_noun(t, j, be, pct, &noun, &stop) ||
			    (!counts && noun != N_TRIAL && noun != N_UPTIME) ||
			    (noun != N_UPTIME && v < 2) || preceded_by(not_after, t, bs, i) ||
			    followed_by_rate(t, stop, be) ||
			    (skip && skip(p, i, arg))) {
				i = j > i ? j - 1 : i;
				continue;
			}
			if (noun != N_UPTIME && noun != N_TRIAL) {
				size_t ss, se;
				rule_sentence_bounds(t, bs, be, i, stop, &ss, &se);
				bool plus = memchr(t + i, '+', stop - i) != NULL;
				if (preceded_by(others_after, t, bs, i) ||
				    !(plus || bl->scope == SCOPE_TITLE || bl->scope == SCOPE_META ||
				      own_figure(t, ss, se))) {
					i = stop - 1;
					continue;
				}
			}
			struct claim_fact *c = &out[n++];
			memset(c, 0, sizeof *c);
			c->value = v;
			c->noun = noun;
			c->f.match = xstrndup(t + i, stop - i);
			c->f.context = rule_context(t, bs, be, i, stop);
			c->f.scope = bl->scope;
			c->f.off = i;
			c->f.line = page_line_at(p, i);
			c->f.col = 1;
			i = stop - 1;
		}
	}
	return n;
}

void consistency_facts_free(struct claim_fact *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].f.match);
		free(v[i].f.context);
	}
	free(v);
}

/* ---- audiences ------------------------------------------------------------ */

static const struct {
	unsigned bit;
	const char *name;
	const char *pattern;
} audiences[] = {
	{AUD_SMALL, "small businesses",
	 "\\b(?:small(?: and (?:mid|medium)(?:[- ]?sized)?)?[- ]businesses|small (?:business|companies|teams)|"
	 "smbs?|smes?|start-?ups|freelancers|solopreneurs|sole traders)\\b"},
	{AUD_LARGE, "large enterprises",
	 "\\b(?:for (?:the )?enterprises?\\b(?![- ](?:grade|class|ready))|large (?:organi[sz]ations|companies|"
	 "enterprises|businesses)|global (?:corporations|enterprises))"},
	{AUD_DEVELOPERS, "developers",
	 "\\bfor (?:software |web )?(?:developers|engineers|programmers|devops(?: teams)?|dev teams)\\b"},
	{AUD_NO_CODE, "people who do not code",
	 "\\b(?:no[- ]code|without (?:writing )?(?:a line of |any )?code|non-?technical|no coding|"
	 "no (?:developers?|engineers?) (?:needed|required))\\b"},
};
#define NAUD (sizeof audiences / sizeof *audiences)

static pcre2_code *aud_re[NAUD];
static pthread_once_t aud_once = PTHREAD_ONCE_INIT;

static void aud_compile(void)
{
	for (size_t i = 0; i < NAUD; i++) {
		int ec;
		PCRE2_SIZE eo;
		aud_re[i] = pcre2_compile((PCRE2_SPTR)audiences[i].pattern, PCRE2_ZERO_TERMINATED,
					  PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo,
					  NULL);
	}
}

unsigned consistency_audience(const char *text)
{
	if (!text || !*text)
		return 0;
	pthread_once(&aud_once, aud_compile);
	unsigned bits = 0;
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	for (size_t i = 0; i < NAUD && md; i++)
		if (aud_re[i] && pcre2_match(aud_re[i], (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) >= 0)
			bits |= audiences[i].bit;
	pcre2_match_data_free(md);
	return bits;
}

const char *consistency_audience_name(unsigned bit)
{
	for (size_t i = 0; i < NAUD; i++)
		if (audiences[i].bit == bit)
			return audiences[i].name;
	return "?";
}

unsigned consistency_audience_conflict(unsigned home, unsigned page)
{
	static const unsigned opposite[][2] = {{AUD_SMALL, AUD_LARGE}, {AUD_DEVELOPERS, AUD_NO_CODE}};
	for (size_t i = 0; i < 2; i++)
		for (int s = 0; s < 2; s++) {
			unsigned mine = opposite[i][s], theirs = opposite[i][!s];
			if ((page & mine) && !(page & theirs) && (home & theirs) && !(home & mine))
				return mine;
		}
	return 0;
}

/* ---- conflicts ------------------------------------------------------------ */

static bool same_value(double a, double b)
{
	return fabs(a - b) <= 0.005 * fmax(fabs(a), fabs(b));
}

static void add_page(struct figure_value *fv, const struct page *p)
{
	for (size_t i = 0; i < fv->npages; i++)
		if (fv->pages[i] == p)
			return;
	fv->pages = xrealloc(fv->pages, (fv->npages + 1) * sizeof *fv->pages);
	fv->pages[fv->npages++] = p;
}

size_t consistency_figure_conflicts(struct page **pv, size_t n, const struct page *home,
				    struct figure_conflict **out)
{
	*out = NULL;
	size_t nout = 0;
	size_t nnouns = sizeof noun_name / sizeof *noun_name;
	for (unsigned noun = 0; noun < nnouns; noun++) {
		struct figure_value *vals = NULL;
		size_t nvals = 0;
		for (size_t i = 0; i < n; i++) {
			size_t nf;
			const struct claim_fact *fv = analysis_facts(pv[i], &nf);
			for (size_t k = 0; k < nf; k++) {
				if (fv[k].noun != noun)
					continue;
				size_t v = 0;
				while (v < nvals && !same_value(vals[v].value, fv[k].value))
					v++;
				if (v == nvals) {
					vals = xrealloc(vals, (nvals + 1) * sizeof *vals);
					memset(&vals[nvals], 0, sizeof *vals);
					vals[nvals].fact = &fv[k];
					vals[nvals].value = fv[k].value;
					nvals++;
				}
				add_page(&vals[v], pv[i]);
				vals[v].stated = xrealloc(vals[v].stated, (vals[v].nstated + 1) *
									  sizeof *vals[v].stated);
				vals[v].stated[vals[v].nstated++] = (struct figure_stated){pv[i], &fv[k]};
			}
		}
		/* the reference: the home page's figure, else the about page's
		 * (the company speaking about itself); product pages of a
		 * many-product site state each product's own figures, so
		 * without such a reference nothing conflicts */
		size_t ref = nvals;
		for (int pass = 0; pass < 2 && ref == nvals; pass++)
			for (size_t v = 0; v < nvals && ref == nvals; v++)
				for (size_t k = 0; k < vals[v].npages && ref == nvals; k++)
					if (pass == 0 ? vals[v].pages[k] == home : vals[v].pages[k]->type == PT_ABOUT)
						ref = v;
		if (ref == nvals || nvals < 2) {
			for (size_t v = 0; v < nvals; v++) {
				free(vals[v].pages);
				free(vals[v].stated);
			}
			free(vals);
			continue;
		}
		struct figure_value tmp = vals[0];
		vals[0] = vals[ref];
		vals[ref] = tmp;
		*out = xrealloc(*out, (nout + 1) * sizeof **out);
		(*out)[nout].noun = noun;
		(*out)[nout].values = vals;
		(*out)[nout].nvalues = nvals;
		nout++;
	}
	return nout;
}

void consistency_figure_conflicts_free(struct figure_conflict *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < v[i].nvalues; k++) {
			free(v[i].values[k].pages);
			free(v[i].values[k].stated);
		}
		free(v[i].values);
	}
	free(v);
}
