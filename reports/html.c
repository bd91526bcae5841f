/* The HTML report: one self-contained file (no external assets: it works
 * offline and as an e-mail attachment), readable with JavaScript off (the
 * small inline script only adds filters), with a print stylesheet.
 *
 * Order: the site scorecard (score gauge, pages, findings by severity,
 * scores by page type, findings by category, top phrases, worst and best
 * pages), a side-by-side table when several targets were audited, then
 * every page worst first with each finding in its sentence.
 *
 * Every byte that comes from a page, a file name, a URL or a rule goes
 * through report_html_puts (valid UTF-8, & < > " ' escaped); links are
 * only ever http(s) URLs or percent-encoded paths, never javascript:.
 * tests/reports-html.sh feeds it hostile text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "reports/baseline.h"
#include "reports/escape.h"
#include "reports/report.h"

/* The analysis (problem and impact sentences, category scores) and the
 * site level are read from rules/. */
#include "rules/analysis.h"
#include "rules/consistency.h"
#include "rules/score.h"
#include "rules/site.h"

#define TOP_N 10

static void h(FILE *out, const char *s)
{
	report_html_puts(out, s);
}

static const char *page_site(const struct page *p)
{
	return p->site ? p->site : "-";
}

/* Lighthouse's bands: 90 and up good, 50 and up needs work, else poor. */
static const char *band(int score)
{
	return score >= 90 ? "good" : score >= 50 ? "fair" : "poor";
}

static const char *band_color(int score)
{
	return score >= 90 ? "#0a7d3b" : score >= 50 ? "#b35c00" : "#c62828";
}

/* ------------------------------------------------------------------ */
/* links */

static bool is_http(const char *u)
{
	return u && (!strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8));
}

/* Percent-encode a path for an href: a relative path stays relative to
 * the report (right when the report is written where msgaudit ran). */
static void put_path_href(FILE *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	if (path[0] == '/')
		fputs("file://", out);
	for (const unsigned char *u = (const unsigned char *)path; *u; u++) {
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') || (*u >= '0' && *u <= '9') ||
		    strchr("-._~/", *u))
			fputc(*u, out);
		else
			fprintf(out, "%%%c%c", hex[*u >> 4], hex[*u & 15]);
	}
}

/* <a> to the live page or the source file; text is the page name. */
static void page_link(FILE *out, const struct page *p, unsigned line)
{
	if (p->url && is_http(p->url)) {
		fputs("<a class=\"src\" href=\"", out);
		h(out, p->url);
		fputs("\" rel=\"noopener noreferrer\">", out);
		h(out, p->url);
		fputs("</a>", out);
	} else if (!p->url && p->display && strcmp(p->display, "-")) {
		fputs("<a class=\"src\" href=\"", out);
		put_path_href(out, p->display);
		fputs("\">", out);
		h(out, p->display);
		if (line)
			fprintf(out, ":%u", line);
		fputs("</a>", out);
	} else {
		fputs("<span class=\"src\">", out);
		h(out, page_label(p));
		fputs("</span>", out);
	}
}

/* ------------------------------------------------------------------ */
/* site aggregates, computed from the pages (nothing is made up) */

struct phrase {
	char *text;	/* lowercased match */
	const char *rule;
	size_t count, pages;
	const struct page *last;
};

struct stats {
	const struct page **pages;	/* audited, worst first */
	size_t n;
	struct phrase *phrases;
	size_t nphrases, phrases_cap;
	size_t words;
	size_t errors, warnings, infos;
};

static char *lower_ascii(const char *s)
{
	char *c = report_utf8_clean(s);
	for (char *p = c; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return c;
}

static void add_phrase(struct stats *st, const struct page *p, const struct finding *f)
{
	if (!f->match || !*f->match || f->scope == SCOPE_PAGE || !f->wording)
		return;
	char *t = lower_ascii(f->match);
	for (size_t i = 0; i < st->nphrases; i++) {
		struct phrase *ph = &st->phrases[i];
		if (!strcmp(ph->text, t) && !strcmp(ph->rule, f->rule)) {
			ph->count++;
			if (ph->last != p)
				ph->pages++, ph->last = p;
			free(t);
			return;
		}
	}
	st->phrases = xgrow(st->phrases, &st->phrases_cap, st->nphrases + 1, sizeof *st->phrases);
	st->phrases[st->nphrases++] = (struct phrase){t, f->rule, 1, 1, p};
}

static int cmp_worst(const void *x, const void *y)
{
	const struct page *a = *(const struct page *const *)x, *b = *(const struct page *const *)y;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	if (a->nfindings != b->nfindings)
		return a->nfindings > b->nfindings ? -1 : 1;
	return strcmp(report_page_id(a), report_page_id(b));
}

static int cmp_phrase(const void *x, const void *y)
{
	const struct phrase *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->pages != b->pages)
		return a->pages > b->pages ? -1 : 1;
	return strcmp(a->text, b->text);
}

/* Gather the pages of site (NULL: all) into st. */
static void stats_init(struct stats *st, const struct audit *a, const char *site)
{
	memset(st, 0, sizeof *st);
	st->pages = xcalloc(a->npages + 1, sizeof *st->pages);
	for (size_t i = 0; i < a->npages; i++) {
		const struct page *p = a->pages[i];
		if (!p || p->failed || (site && strcmp(page_site(p), site)))
			continue;
		st->pages[st->n++] = p;
		st->words += p->metrics.words;
		for (size_t j = 0; j < p->nfindings; j++) {
			const struct finding *f = &p->findings[j];
			st->errors += f->severity == SEV_ERROR;
			st->warnings += f->severity == SEV_WARNING;
			st->infos += f->severity == SEV_INFO;
			add_phrase(st, p, f);
		}
	}
	qsort(st->pages, st->n, sizeof *st->pages, cmp_worst);
	if (st->nphrases)
		qsort(st->phrases, st->nphrases, sizeof *st->phrases, cmp_phrase);
}

static void stats_release(struct stats *st)
{
	for (size_t i = 0; i < st->nphrases; i++)
		free(st->phrases[i].text);
	free(st->phrases);
	free(st->pages);
}

/* The score of the pages in st, computed the way the site score is
 * (report_summarize), so that one target alone scores the same here as
 * in its own report. */
static int stats_score(const struct stats *st)
{
	return score_site((struct page *const *)st->pages, st->n);
}

static size_t stats_findings(const struct stats *st)
{
	return st->errors + st->warnings + st->infos;
}

/* ------------------------------------------------------------------ */
/* pieces */

static const char css[] =
	":root{--fg:#1d2330;--muted:#5b6475;--line:#dfe3ea;--bg:#f6f7f9;--card:#fff;"
	"--err:#c62828;--warn:#b35c00;--info:#1e63b8;--good:#0a7d3b;--mark:#fff0a8}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
	"color:var(--fg);background:var(--bg)}\n"
	"header.top{background:#1d2330;color:#fff;padding:20px 32px}\n"
	"header.top h1{margin:0;font-size:22px;font-weight:650}\n"
	"header.top p{margin:4px 0 0;color:#c9cfdb;font-size:13px;overflow-wrap:anywhere}\n"
	"header.top nav{margin-top:10px;display:flex;gap:18px;font-size:14px}\n"
	"header.top nav a{color:#fff;text-decoration:none;border-bottom:2px solid #5a6bd8}\n"
	"main{max-width:1180px;margin:0 auto;padding:24px 32px 48px}\n"
	"h2{font-size:18px;margin:32px 0 12px}\n"
	"h3{font-size:15px;margin:0 0 8px}\n"
	".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(250px,1fr));gap:16px}\n"
	".card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px}\n"
	".hero{display:flex;gap:24px;align-items:center;flex-wrap:wrap}\n"
	".hero .gauge text{font-weight:700}\n"
	".kpis{display:flex;gap:28px;flex-wrap:wrap}\n"
	".kpi b{display:block;font-size:26px;line-height:1.1}\n"
	".kpi span{color:var(--muted);font-size:13px}\n"
	".bar{display:flex;align-items:center;gap:8px;margin:6px 0;font-size:13px}\n"
	".bar .label{width:120px;flex:none;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}\n"
	".bar svg{flex:1;height:14px}\n"
	".bar .val{width:48px;text-align:right;font-variant-numeric:tabular-nums}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px}\n"
	"th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}\n"
	"th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}\n"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	"td a,td span{overflow-wrap:anywhere}\n"
	".badge{display:inline-block;min-width:34px;padding:1px 7px;border-radius:999px;color:#fff;"
	"font-weight:700;text-align:center;font-size:13px}\n"
	".badge.good{background:var(--good)}.badge.fair{background:var(--warn)}.badge.poor{background:var(--err)}\n"
	".sev{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;font-weight:650;"
	"text-transform:uppercase;letter-spacing:.03em;border:1px solid}\n"
	".sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}\n"
	"article.page{background:var(--card);border:1px solid var(--line);border-radius:10px;"
	"padding:16px 18px;margin:14px 0}\n"
	"article.page header{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}\n"
	"article.page header h3{margin:0;font-size:16px;overflow-wrap:anywhere}\n"
	".meta{color:var(--muted);font-size:13px;margin:4px 0 8px;overflow-wrap:anywhere}\n"
	".teach{display:flex;gap:8px;flex-wrap:wrap;margin:6px 0 10px;font-size:13px}\n"
	".teach span{border:1px solid var(--line);border-radius:6px;padding:1px 8px;background:var(--bg)}\n"
	".teach .yes{border-color:#9bd3b0}.teach .no{border-color:#f0b4b4}\n"
	".found{margin:4px 0;font-size:14px}.found b{font-weight:650}\n"
	".cat{display:flex;flex-direction:column;align-items:center;gap:2px;font-size:13px;"
	"color:var(--muted)}\n"
	"ol.findings{list-style:none;margin:0;padding:0}\n"
	"ol.findings li{border-top:1px solid var(--line);padding:10px 0}\n"
	"ol.findings .msg{margin:4px 0}\n"
	"blockquote{margin:6px 0;padding:6px 12px;border-left:3px solid var(--line);background:var(--bg);"
	"overflow-wrap:anywhere}\n"
	"mark{background:var(--mark);padding:0 2px;border-radius:2px}\n"
	".sugg{margin:4px 0;color:#24513a}\n"
	".sugg b{font-weight:650}\n"
	"code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted)}\n"
	".loc{font-size:12px;color:var(--muted);overflow-wrap:anywhere}\n"
	"a{color:#1e63b8}\n"
	"#filters{display:flex;gap:14px;align-items:center;flex-wrap:wrap;background:var(--card);"
	"border:1px solid var(--line);border-radius:10px;padding:10px 14px;position:sticky;top:0;z-index:1}\n"
	"#filters input[type=search]{flex:1;min-width:200px;padding:6px 8px;border:1px solid var(--line);"
	"border-radius:6px;font:inherit}\n"
	".hidden{display:none!important}\n"
	".clean{columns:3 260px;font-size:13px;padding-left:18px}\n"
	".note{color:var(--muted);font-size:13px}\n"
	"footer{color:var(--muted);font-size:12px;text-align:center;padding:24px}\n"
	"@media (max-width:600px){main{padding:16px 12px 32px}header.top{padding:16px}"
	".card,article.page{padding:12px}.bar .label{width:90px}}\n"
	"@media print{body{background:#fff;font-size:11pt}header.top{background:#fff;color:#000;"
	"border-bottom:2px solid #000;padding:0 0 8px}header.top p{color:#333}header.top nav{display:none}main{padding:0;max-width:none}"
	"#filters{display:none}.card,article.page{border-color:#bbb;break-inside:avoid}"
	"article.page{break-inside:auto}ol.findings li{break-inside:avoid}"
	"a{color:inherit;text-decoration:none}mark{background:#ffe66d;-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}.badge,.bar svg{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"h2{break-after:avoid}}\n";

/* The filter script: shows the filter bar (hidden without JS) and hides
 * findings by severity or text.  No external code, no eval. */
static const char js[] =
	"(function(){\n"
	"var bar=document.getElementById('filters');if(!bar)return;bar.classList.remove('hidden');\n"
	"var q=document.getElementById('q'),boxes=bar.querySelectorAll('input[type=checkbox]');\n"
	"var pages=document.querySelectorAll('article.page'),count=document.getElementById('shown');\n"
	"function apply(){var on={};for(var i=0;i<boxes.length;i++)on[boxes[i].value]=boxes[i].checked;\n"
	"var t=q.value.toLowerCase(),shown=0;\n"
	"for(var p=0;p<pages.length;p++){var page=pages[p],any=false,"
	"pt=page.getAttribute('data-search').toLowerCase().indexOf(t)>=0;\n"
	"var items=page.querySelectorAll('li.finding');\n"
	"for(var j=0;j<items.length;j++){var li=items[j],"
	"ok=on[li.getAttribute('data-severity')]&&(!t||pt||li.textContent.toLowerCase().indexOf(t)>=0);\n"
	"li.classList.toggle('hidden',!ok);if(ok){any=true;shown++;}}\n"
	"page.classList.toggle('hidden',!any);}\n"
	"count.textContent=shown+' shown';}\n"
	"q.addEventListener('input',apply);\n"
	"for(var i=0;i<boxes.length;i++)boxes[i].addEventListener('change',apply);apply();})();\n";

static void gauge(FILE *out, int score, int size, const char *label)
{
	double r = 52, len = 2 * M_PI * r;
	fprintf(out,
		"<svg class=\"gauge\" viewBox=\"0 0 120 120\" width=\"%d\" height=\"%d\" role=\"img\" "
		"aria-label=\"",
		size, size);
	h(out, label);
	if (score >= 0)
		fprintf(out, ": %d out of 100\">", score);
	else
		fputs(": no score\">", out);
	fputs("<circle cx=\"60\" cy=\"60\" r=\"52\" fill=\"none\" stroke=\"#e3e6ec\" stroke-width=\"10\"/>",
	      out);
	if (score >= 0) {
		fprintf(out,
			"<circle cx=\"60\" cy=\"60\" r=\"52\" fill=\"none\" stroke=\"%s\" stroke-width=\"10\" "
			"stroke-linecap=\"round\" stroke-dasharray=\"%.1f %.1f\" transform=\"rotate(-90 60 60)\"/>"
			"<text x=\"60\" y=\"71\" text-anchor=\"middle\" font-size=\"34\" fill=\"%s\">%d</text>",
			band_color(score), len * score / 100.0, len, band_color(score), score);
	} else {
		fputs("<text x=\"60\" y=\"70\" text-anchor=\"middle\" font-size=\"28\" fill=\"#5b6475\">–</text>",
		      out);
	}
	fputs("</svg>", out);
}

/* One labelled horizontal bar, value of max, as inline SVG. */
static void hbar(FILE *out, const char *label, double value, double max, const char *color,
		 const char *text)
{
	double w = max > 0 ? 100.0 * value / max : 0;
	if (w > 100)
		w = 100;
	fputs("<div class=\"bar\"><span class=\"label\" title=\"", out);
	h(out, label);
	fputs("\">", out);
	h(out, label);
	fprintf(out,
		"</span><svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
		"<rect width=\"100\" height=\"10\" rx=\"2\" fill=\"#e9ecf1\"/>"
		"<rect width=\"%.2f\" height=\"10\" rx=\"2\" fill=\"%s\"/></svg><span class=\"val\">",
		w, color);
	h(out, text);
	fputs("</span></div>\n", out);
}

static void kpi(FILE *out, const char *value, const char *label)
{
	fputs("<div class=\"kpi\"><b>", out);
	h(out, value);
	fputs("</b><span>", out);
	h(out, label);
	fputs("</span></div>", out);
}

static void badge(FILE *out, int score)
{
	fprintf(out, "<span class=\"badge %s\" title=\"score\">%d</span>", band(score), score);
}

static void severity_bars(FILE *out, const struct stats *st)
{
	size_t max = st->errors > st->warnings ? st->errors : st->warnings;
	if (st->infos > max)
		max = st->infos;
	char t[32];
	snprintf(t, sizeof t, "%zu", st->errors);
	hbar(out, "errors", (double)st->errors, (double)max, "#c62828", t);
	snprintf(t, sizeof t, "%zu", st->warnings);
	hbar(out, "warnings", (double)st->warnings, (double)max, "#b35c00", t);
	snprintf(t, sizeof t, "%zu", st->infos);
	hbar(out, "info", (double)st->infos, (double)max, "#1e63b8", t);
}

static void type_bars(FILE *out, const struct stats *st)
{
	double sum[PT_COUNT] = {0};
	size_t n[PT_COUNT] = {0};
	for (size_t i = 0; i < st->n; i++) {
		sum[st->pages[i]->type] += st->pages[i]->score;
		n[st->pages[i]->type]++;
	}
	for (int t = 0; t < PT_COUNT; t++) {
		if (!n[t])
			continue;
		int avg = (int)lround(sum[t] / (double)n[t]);
		char label[64], text[32];
		snprintf(label, sizeof label, "%s (%zu)", page_type_name((enum page_type)t), n[t]);
		snprintf(text, sizeof text, "%d", avg);
		hbar(out, label, avg, 100, band_color(avg), text);
	}
}

static void category_bars(FILE *out, const struct audit *a, const struct stats *st)
{
	const char *names[32];
	size_t counts[32], nc = 0, max = 0;
	for (size_t i = 0; i < st->n; i++) {
		const struct page *p = st->pages[i];
		for (size_t j = 0; j < p->nfindings; j++) {
			const struct rule *r = a->rules ? rule_set_find(a->rules, p->findings[j].rule) : NULL;
			const char *c = r && r->category ? r->category : "other";
			size_t k = 0;
			while (k < nc && strcmp(names[k], c))
				k++;
			if (k == nc) {
				if (nc == 32)
					continue;
				names[nc] = c;
				counts[nc++] = 0;
			}
			counts[k]++;
		}
	}
	for (size_t k = 0; k < nc; k++)
		if (counts[k] > max)
			max = counts[k];
	for (size_t k = 0; k < nc; k++) {
		char t[32];
		snprintf(t, sizeof t, "%zu", counts[k]);
		hbar(out, names[k], (double)counts[k], (double)max, "#5a6bd8", t);
	}
}

static void phrases_table(FILE *out, const struct stats *st)
{
	fputs("<table><thead><tr><th>Phrase</th><th>Rule</th><th class=\"num\">Times</th>"
	      "<th class=\"num\">Pages</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < st->nphrases && i < TOP_N; i++) {
		fputs("<tr><td>“", out);
		h(out, st->phrases[i].text);
		fputs("”</td><td><code>", out);
		h(out, st->phrases[i].rule);
		fprintf(out, "</code></td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
			st->phrases[i].count, st->phrases[i].pages);
	}
	fputs("</tbody></table>\n", out);
}

/* The index of page p in report order, for the #p-N anchors. */
static size_t page_index(const struct audit *a, const struct page *p)
{
	for (size_t i = 0; i < a->npages; i++)
		if (a->pages[i] == p)
			return i;
	return 0;
}

static void page_title_text(FILE *out, const struct page *p)
{
	h(out, p->title && *p->title ? p->title : page_label(p));
}

static void pages_table(FILE *out, const struct audit *a, const struct page *const *v, size_t n)
{
	fputs("<table><thead><tr><th class=\"num\">Score</th><th>Page</th><th>Type</th>"
	      "<th class=\"num\">Findings</th></tr></thead><tbody>\n",
	      out);
	for (size_t i = 0; i < n; i++) {
		fputs("<tr><td class=\"num\">", out);
		badge(out, v[i]->score);
		fprintf(out, "</td><td><a href=\"#p-%zu\">", page_index(a, v[i]));
		page_title_text(out, v[i]);
		fputs("</a><br><span class=\"loc\">", out);
		h(out, page_label(v[i]));
		fprintf(out, "</span></td><td>%s</td><td class=\"num\">%zu</td></tr>\n",
			page_type_name(v[i]->type), v[i]->nfindings);
	}
	fputs("</tbody></table>\n", out);
}

static const char *category_label(int c)
{
	static const char *const labels[CAT_COUNT] = {"Clarity", "Teaching", "Evidence",
						      "Customer focus", "Readability"};
	return c >= 0 && c < CAT_COUNT ? labels[c] : analysis_category_name((enum score_category)c);
}

/* Lighthouse-style gauges, one per score category, averaged over the
 * pages where the category applies; nothing when no analysis ran. */
static void category_gauges(FILE *out, const struct stats *st)
{
	double sum[CAT_COUNT] = {0};
	size_t n[CAT_COUNT] = {0}, any = 0;
	for (size_t i = 0; i < st->n; i++) {
		const struct analysis *an = analysis_of(st->pages[i]);
		for (int c = 0; an && c < CAT_COUNT; c++)
			if (an->category[c] >= 0) {
				sum[c] += an->category[c];
				n[c]++;
				any++;
			}
	}
	if (!any)
		return;
	fputs("<div class=\"card cats\" style=\"margin-top:16px\"><h3>Score by category</h3>"
	      "<div class=\"kpis\">",
	      out);
	for (int c = 0; c < CAT_COUNT; c++) {
		if (!n[c])
			continue;
		fputs("<div class=\"cat\">", out);
		gauge(out, (int)lround(sum[c] / (double)n[c]), 84, category_label(c));
		fputs("<span>", out);
		h(out, category_label(c));
		fputs("</span></div>", out);
	}
	fputs("</div></div>\n", out);
}

/* What the home page says first: its title and meta description, as
 * found (the value proposition a visitor meets). */
static void value_prop(FILE *out, const struct audit *a, const struct stats *st)
{
	size_t shown = 0;
	for (size_t i = 0; i < st->n; i++) {
		const struct page *p = st->pages[i];
		if (p->type != PT_HOME || (!p->title && !p->description))
			continue;
		if (!shown++)
			fputs("<h2>What the home page says</h2><div class=\"grid\">", out);
		fputs("<div class=\"card\"><h3>", out);
		h(out, p->title ? p->title : page_label(p));
		fputs("</h3>", out);
		if (p->description && *p->description) {
			fputs("<p>", out);
			h(out, p->description);
			fputs("</p>", out);
		}
		fprintf(out, "<p class=\"note\">Score %d · %zu finding%s · <a href=\"#p-%zu\">", p->score,
			p->nfindings, p->nfindings == 1 ? "" : "s", page_index(a, p));
		h(out, page_label(p));
		fputs("</a></p></div>", out);
		if (shown == 6)
			break;
	}
	if (shown)
		fputs("</div>\n", out);
}

static void scorecard(FILE *out, const struct audit *a, const struct stats *st)
{
	fputs("<section id=\"scorecard\" aria-labelledby=\"sc-h\"><h2 id=\"sc-h\">Scorecard</h2>\n", out);
	fputs("<div class=\"card hero\">", out);
	gauge(out, a->score, 132, "Site score");
	fputs("<div><div class=\"kpis\">", out);
	char v[64];
	snprintf(v, sizeof v, "%zu", a->audited);
	kpi(out, v, a->audited == 1 ? "page audited" : "pages audited");
	snprintf(v, sizeof v, "%zu", a->findings);
	kpi(out, v, a->findings == 1 ? "finding" : "findings");
	snprintf(v, sizeof v, "%zu", st->words);
	kpi(out, v, "words of copy");
	if (a->baseline_suppressed) {
		snprintf(v, sizeof v, "%zu", a->baseline_suppressed);
		kpi(out, v, "known (baseline), not shown");
	}
	fputs("</div><p class=\"note\">Scores run from 0 to 100: 90 and up good, "
	      "50–89 needs work, below 50 poor.",
	      out);
	if (a->incomplete)
		fputs(" <b>Incomplete:</b> the audit was interrupted; these are the pages done.", out);
	fputs("</p></div></div>\n", out);

	category_gauges(out, st);
	fputs("<div class=\"grid\" style=\"margin-top:16px\">", out);
	fputs("<div class=\"card\"><h3>Findings by severity</h3>", out);
	severity_bars(out, st);
	fputs("</div><div class=\"card\"><h3>Score by page type</h3>", out);
	type_bars(out, st);
	fputs("</div><div class=\"card\"><h3>Findings by category</h3>", out);
	if (stats_findings(st))
		category_bars(out, a, st);
	else
		fputs("<p class=\"note\">No findings.</p>", out);
	fputs("</div></div>\n", out);

	value_prop(out, a, st);
	if (st->nphrases) {
		fputs("<h2>Top offending phrases</h2><div class=\"card\">", out);
		phrases_table(out, st);
		fputs("</div>\n", out);
	}
	size_t nworst = 0;
	while (nworst < st->n && nworst < TOP_N && st->pages[nworst]->nfindings)
		nworst++;
	if (nworst) {
		fputs("<h2>Worst pages</h2><div class=\"card\">", out);
		pages_table(out, a, st->pages, nworst);
		fputs("</div>\n", out);
	}
	/* best pages: highest score, the most words first among equals, so
	 * the ones worth copying from are real pages and not stubs */
	const struct page **best = xcalloc(st->n + 1, sizeof *best);
	size_t nbest = 0;
	for (size_t i = st->n; i-- > 0 && nbest < 5;)
		if (st->pages[i]->score >= 90 && st->pages[i]->metrics.words >= 100)
			best[nbest++] = st->pages[i];
	if (nbest) {
		fputs("<h2>Best pages to copy from</h2><div class=\"card\">", out);
		pages_table(out, a, best, nbest);
		fputs("</div>\n", out);
	}
	free(best);
	fputs("</section>\n", out);
}

static void page_ref_html(FILE *out, const struct audit *a, const struct page *p)
{
	fprintf(out, "<a href=\"#p-%zu\">", page_index(a, p));
	h(out, page_label(p));
	fputs("</a>", out);
}

/* Does the site summary hold anything to show beyond the scorecard? */
static bool site_has_news(const struct site_summary *s)
{
	return s->home || s->nboiler || s->nconflicts || s->naudience || s->nvariants;
}

/* The site level (rules/site.h): does every page tell the same story,
 * and which copy repeats on every page. */
static void site_section(FILE *out, const struct audit *a, const struct site_report *r)
{
	size_t shown = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct site_summary *s = &r->v[i];
		if (!site_has_news(s))
			continue;
		if (!shown++)
			fputs("<section id=\"site\" aria-labelledby=\"site-h\"><h2 id=\"site-h\">Site level: "
			      "one story?</h2>\n",
			      out);
		if (r->n > 1) {
			fputs("<h3>", out);
			h(out, s->site);
			fputs("</h3>\n", out);
		}
		fputs("<div class=\"grid\">", out);
		if (s->home) {
			fputs("<div class=\"card\"><h3>Value proposition</h3><p>", out);
			h(out, s->value_prop);
			fprintf(out, "</p><p class=\"note\">From ");
			page_ref_html(out, a, s->home);
			fprintf(out, ". %zu of %zu key page%s (product, solution, about, pricing) echo it.</p>",
				s->echoing, s->necho, s->necho == 1 ? "" : "s");
			size_t ign = 0;
			for (size_t k = 0; k < s->necho; k++)
				if (s->echo[k].overlap < SITE_ECHO_MIN) {
					fputs(ign++ ? ", " : "<p>Ignore it: ", out);
					page_ref_html(out, a, s->echo[k].page);
				}
			if (ign)
				fputs("</p>", out);
			fputs("</div>", out);
		}
		if (s->naudience || s->nconflicts) {
			fputs("<div class=\"card\"><h3>Contradictions</h3><ul>", out);
			for (size_t k = 0; k < s->naudience; k++) {
				fputs("<li>", out);
				page_ref_html(out, a, s->audience[k].page);
				fputs(" speaks to ", out);
				h(out, s->audience[k].page_audience);
				fputs("; the home page to ", out);
				h(out, s->audience[k].home_audience);
				fputs(".</li>", out);
			}
			for (size_t k = 0; k < s->nconflicts; k++) {
				const struct figure_conflict *c = &s->conflicts[k];
				fputs("<li>", out);
				h(out, consistency_noun(c->noun));
				fputs(": ", out);
				for (size_t v = 0; v < c->nvalues; v++) {
					fputs(v ? "; " : "", out);
					fputs("“", out);
					h(out, c->values[v].fact->f.match);
					fputs("” on ", out);
					for (size_t q = 0; q < c->values[v].npages && q < 3; q++) {
						fputs(q ? ", " : "", out);
						page_ref_html(out, a, c->values[v].pages[q]);
					}
					if (c->values[v].npages > 3)
						fprintf(out, " and %zu more", c->values[v].npages - 3);
					if (!v)
						fputs(" (the reference)", out);
				}
				fputs("</li>", out);
			}
			fputs("</ul></div>", out);
		}
		for (size_t k = 0; k < s->nvariants; k++) {
			fprintf(out, "<div class=\"card\"><h3>One claim, %zu phrasings</h3><ul>", s->variants[k].n);
			for (size_t q = 0; q < s->variants[k].n; q++) {
				fputs("<li>“", out);
				h(out, s->variants[k].text[q]);
				fputs("” (", out);
				page_ref_html(out, a, s->variants[k].page[q]);
				fputs(")</li>", out);
			}
			fputs("</ul><p class=\"note\">Pick the strongest wording and use it everywhere: "
			      "repetition builds recall, rewording dilutes it.</p></div>",
			      out);
		}
		fputs("</div>\n", out);
		if (s->nboiler) {
			fputs("<h3>Copy on many pages (reported once)</h3><div class=\"card\"><table><thead><tr>"
			      "<th>Block</th><th>Scope</th><th class=\"num\">Pages</th><th class=\"num\">Findings</th>"
			      "</tr></thead><tbody>\n",
			      out);
			for (size_t k = 0; k < s->nboiler && k < TOP_N; k++) {
				fputs("<tr><td>", out);
				h(out, s->boiler[k].text);
				fprintf(out, "</td><td>%s</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
					scope_name(s->boiler[k].scope), s->boiler[k].pages, s->boiler[k].findings);
			}
			fputs("</tbody></table></div>\n", out);
		}
	}
	if (shown)
		fputs("</section>\n", out);
}

/* Phrases (match + rule) that every target uses: claims that do not set
 * anyone apart. */
static void shared_claims(FILE *out, struct stats *sts, size_t n)
{
	size_t shown = 0;
	for (size_t i = 0; i < sts[0].nphrases; i++) {
		const struct phrase *ph = &sts[0].phrases[i];
		bool all = true;
		for (size_t s = 1; s < n && all; s++) {
			bool found = false;
			for (size_t k = 0; k < sts[s].nphrases && !found; k++)
				found = !strcmp(sts[s].phrases[k].text, ph->text);
			all = found;
		}
		if (!all)
			continue;
		if (!shown++)
			fputs("<h3 style=\"margin-top:16px\">Claims every site makes</h3><p>", out);
		else
			fputs(", ", out);
		fputs("“", out);
		h(out, ph->text);
		fputs("”", out);
	}
	if (shown)
		fputs("</p><p class=\"note\">Phrases found on every audited site: they cannot set any "
		      "of them apart.</p>\n",
		      out);
}

static void comparison(FILE *out, const struct audit *a)
{
	size_t n = a->ntargets;
	struct stats *sts = xcalloc(n, sizeof *sts);
	for (size_t i = 0; i < n; i++)
		stats_init(&sts[i], a, a->targets[i]);
	fputs("<section id=\"compare\"><h2>Side by side</h2><div class=\"card\" style=\"overflow-x:auto\">"
	      "<table><thead><tr><th></th>",
	      out);
	for (size_t i = 0; i < n; i++) {
		fputs("<th>", out);
		h(out, a->targets[i]);
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>\n<tr><td>Score</td>", out);
	for (size_t i = 0; i < n; i++) {
		fputs("<td>", out);
		gauge(out, stats_score(&sts[i]), 64, a->targets[i]);
		fputs("</td>", out);
	}
	fputs("</tr>\n<tr><td>Pages audited</td>", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "<td class=\"num\">%zu</td>", sts[i].n);
	fputs("</tr>\n<tr><td>Findings</td>", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "<td class=\"num\">%zu</td>", stats_findings(&sts[i]));
	fputs("</tr>\n<tr><td>Errors / warnings / info</td>", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "<td class=\"num\">%zu / %zu / %zu</td>", sts[i].errors, sts[i].warnings,
			sts[i].infos);
	fputs("</tr>\n<tr><td>Findings per 1,000 words</td>", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "<td class=\"num\">%.1f</td>",
			sts[i].words ? 1000.0 * (double)stats_findings(&sts[i]) / (double)sts[i].words : 0.0);
	fputs("</tr>\n<tr><td>Top phrase</td>", out);
	for (size_t i = 0; i < n; i++) {
		fputs("<td>", out);
		if (sts[i].nphrases) {
			fputs("“", out);
			h(out, sts[i].phrases[0].text);
			fprintf(out, "” ×%zu", sts[i].phrases[0].count);
		}
		fputs("</td>", out);
	}
	fputs("</tr>\n</tbody></table>", out);
	if (n > 1)
		shared_claims(out, sts, n);
	fputs("</div></section>\n", out);
	for (size_t i = 0; i < n; i++)
		stats_release(&sts[i]);
	free(sts);
}

/* The context sentence with the match in <mark>. */
static void context_html(FILE *out, const struct finding *f)
{
	const char *ctx = f->context ? f->context : "";
	const char *m = f->match && *f->match ? strstr(ctx, f->match) : NULL;
	if (!m) {
		h(out, ctx);
		return;
	}
	report_html_putn(out, ctx, (size_t)(m - ctx));
	fputs("<mark>", out);
	h(out, f->match);
	fputs("</mark>", out);
	h(out, m + strlen(f->match));
}

static void quoted(FILE *out, const char *label, const struct quoted_sentence *v, size_t n)
{
	if (n > ANALYSIS_KEEP)
		n = ANALYSIS_KEEP;
	for (size_t i = 0; i < n && i < 2; i++) {
		if (!v[i].text)
			continue;
		fputs("<p class=\"found\"><b>", out);
		h(out, label);
		fputs(":</b> “", out);
		h(out, v[i].text);
		fputs("”", out);
		if (v[i].line)
			fprintf(out, " <span class=\"loc\">line %u</span>", v[i].line);
		fputs("</p>\n", out);
	}
}

/* The problem and impact sentences the analysis found, quoted. */
static void teaching_quotes(FILE *out, const struct page *p)
{
	const struct analysis *an = analysis_of(p);
	if (!an)
		return;
	quoted(out, "Problem", an->problems, an->nproblems);
	quoted(out, "Impact", an->impacts, an->nimpacts);
}

static void teaching(FILE *out, const struct metrics *m)
{
	if (!m->has_analysis)
		return;
	fprintf(out, "<div class=\"teach\"><span class=\"%s\">%s</span><span class=\"%s\">%s</span>",
		m->problem ? "yes" : "no",
		m->problem ? "✓ states the buyer's problem" : "✗ no problem statement",
		m->impact ? "yes" : "no", m->impact ? "✓ says what it costs them" : "✗ no cost or impact");
	fprintf(out, "<span>%zu evidence</span><span>we %zu / you %zu</span>", m->evidence, m->we, m->you);
	if (m->reading_grade > 0)
		fprintf(out, "<span>reading grade %.1f</span>", m->reading_grade);
	fputs("</div>\n", out);
}

static void finding_html(FILE *out, const struct page *p, const struct finding *f)
{
	const char *sev = severity_name(f->severity);
	fprintf(out, "<li class=\"finding\" data-severity=\"%s\"><span class=\"sev %s\">%s</span> <code>", sev,
		sev, sev);
	h(out, f->rule);
	fputs("</code> <span class=\"loc\">", out);
	if (p->url) {
		if (f->line)
			fprintf(out, "line %u", f->line);
	} else if (p->display && strcmp(p->display, "-")) {
		fputs("<a href=\"", out);
		put_path_href(out, p->display);
		fputs("\">", out);
		h(out, p->display);
		fprintf(out, ":%u:%u</a>", f->line, f->col);
	} else {
		fprintf(out, "line %u", f->line);
	}
	fputs("</span>\n<p class=\"msg\">", out);
	h(out, f->message);
	fputs("</p>\n", out);
	if (f->context && *f->context) {
		fputs("<blockquote>", out);
		context_html(out, f);
		fputs("</blockquote>\n", out);
	}
	if (f->suggestion) {
		fputs("<p class=\"sugg\"><b>Suggestion:</b> ", out);
		h(out, f->suggestion);
		fputs("</p>\n", out);
	}
	fputs("</li>\n", out);
}

static void page_html(FILE *out, const struct audit *a, const struct page *p)
{
	fprintf(out, "<article class=\"page\" id=\"p-%zu\" data-search=\"", page_index(a, p));
	h(out, report_page_id(p));
	fputs(" ", out);
	h(out, p->title);
	fputs("\"><header>", out);
	badge(out, p->score);
	fputs("<h3>", out);
	page_title_text(out, p);
	fputs("</h3></header>\n<p class=\"meta\">", out);
	fprintf(out, "%s · %zu words · %zu finding%s · ", page_type_name(p->type), p->metrics.words,
		p->nfindings, p->nfindings == 1 ? "" : "s");
	page_link(out, p, 0);
	fputs("</p>\n", out);
	teaching(out, &p->metrics);
	teaching_quotes(out, p);
	for (size_t w = 0; w < p->nwarnings; w++) {
		fputs("<p class=\"note\">⚠ ", out);
		h(out, p->warnings[w]);
		fputs("</p>\n", out);
	}
	fputs("<ol class=\"findings\">\n", out);
	for (size_t j = 0; j < p->nfindings; j++)
		finding_html(out, p, &p->findings[j]);
	fputs("</ol></article>\n", out);
}

static void pages_section(FILE *out, const struct audit *a, const struct stats *st)
{
	fputs("<section id=\"pages\"><h2>Pages, worst first</h2>\n", out);
	fputs("<div id=\"filters\" class=\"hidden\" role=\"search\">"
	      "<label><input type=\"checkbox\" value=\"error\" checked> errors</label>"
	      "<label><input type=\"checkbox\" value=\"warning\" checked> warnings</label>"
	      "<label><input type=\"checkbox\" value=\"info\" checked> info</label>"
	      "<input type=\"search\" id=\"q\" placeholder=\"Filter by page, rule or text\" "
	      "aria-label=\"Filter findings\"><span id=\"shown\" class=\"note\"></span></div>\n",
	      out);
	size_t clean = 0;
	for (size_t i = 0; i < st->n; i++) {
		if (st->pages[i]->nfindings)
			page_html(out, a, st->pages[i]);
		else
			clean++;
	}
	if (clean) {
		fprintf(out, "<h2>Pages with no findings (%zu)</h2><div class=\"card\"><ul class=\"clean\">\n",
			clean);
		for (size_t i = 0; i < st->n; i++) {
			const struct page *p = st->pages[i];
			if (p->nfindings)
				continue;
			fprintf(out, "<li id=\"p-%zu\">", page_index(a, p));
			badge(out, p->score);
			fputs(" ", out);
			page_link(out, p, 0);
			fputs("</li>\n", out);
		}
		fputs("</ul></div>\n", out);
	}
	size_t failed = 0;
	for (size_t i = 0; i < a->npages; i++)
		failed += a->pages[i] && a->pages[i]->failed;
	if (failed) {
		fprintf(out, "<h2>Pages that could not be audited (%zu)</h2><div class=\"card\"><ul>\n", failed);
		for (size_t i = 0; i < a->npages; i++) {
			const struct page *p = a->pages[i];
			if (!p || !p->failed)
				continue;
			fputs("<li>", out);
			page_link(out, p, 0);
			for (size_t w = 0; w < p->nwarnings; w++) {
				fputs(": ", out);
				h(out, p->warnings[w]);
			}
			fputs("</li>\n", out);
		}
		fputs("</ul></div>\n", out);
	}
	fputs("</section>\n", out);
}

int report_html_write(FILE *out, const struct audit *a, const struct report_opts *o,
		      struct ma_error *err)
{
	(void)o;
	(void)err;
	struct stats st;
	stats_init(&st, a, NULL);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
	      out);
	fprintf(out, "<meta name=\"generator\" content=\"msgaudit %s\">\n<title>msgaudit report: ",
		a->version ? a->version : "");
	for (size_t i = 0; i < a->ntargets; i++) {
		if (i)
			fputs(", ", out);
		h(out, a->targets[i]);
	}
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	fputs("<header class=\"top\"><h1>Messaging audit</h1><p>", out);
	for (size_t i = 0; i < a->ntargets; i++) {
		if (i)
			fputs(" · ", out);
		h(out, a->targets[i]);
	}
	fputs("</p><nav><a href=\"#scorecard\">Scorecard</a>", out);
	const struct site_report *sr = a->sites;
	for (size_t i = 0; sr && i < sr->n; i++)
		if (site_has_news(&sr->v[i])) {
			fputs("<a href=\"#site\">Site level</a>", out);
			break;
		}
	if (a->ntargets > 1)
		fputs("<a href=\"#compare\">Side by side</a>", out);
	fputs("<a href=\"#pages\">Pages</a></nav></header>\n<main>\n", out);
	scorecard(out, a, &st);
	site_section(out, a, sr);
	if (a->ntargets > 1)
		comparison(out, a);
	pages_section(out, a, &st);
	fputs("</main>\n<footer>Written by msgaudit ", out);
	h(out, a->version);
	fputs(". Self-contained: no external resources.</footer>\n<script>\n", out);
	fputs(js, out);
	fputs("</script>\n</body>\n</html>\n", out);
	stats_release(&st);
	return MA_OK;
}
