/* Unit tests for reports/ (issue 5): escaping of hostile text, finding
 * fingerprints and baselines, format lookup, and each writer on an
 * in-memory audit. */
#include "testutil.h"

#include <stdio.h>

#include <libxml/parser.h>

#include "common/xalloc.h"
#include "reports/baseline.h"
#include "reports/escape.h"
#include "reports/report.h"
#include "rules/ruleset.h"

static const char rules_text[] =
	"[pack]\nname = t\ndescription = Test pack\n"
	"[t.seamless]\npattern = \\bseamless\\b\nmessage = Seamless says nothing.\n"
	"suggestion = Name the step.\nseverity = warning\ncategory = buzzword\n"
	"[t.best]\npattern = \\bbest\\b\nmessage = Best is a grade.\nseverity = error\ncategory = superlative\n";

struct fixture {
	struct ruleset rs;
	struct page *pages[2];
	struct audit a;
	char *targets[1];
};

static void add(struct page *p, const char *rule, enum severity sev, const char *match,
		const char *context, unsigned line)
{
	struct finding *f = page_add_finding(p);
	f->rule = rule;
	f->severity = sev;
	f->message = "Seamless says nothing.";
	f->suggestion = "Name the step.";
	f->match = xstrdup(match);
	f->context = xstrdup(context);
	f->scope = SCOPE_P;
	f->line = line;
	f->col = 3;
	f->rule_index = 0;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	struct ma_error err;
	rule_set_init(&fx->rs);
	assert_int_equal(rule_set_load_string(&fx->rs, "t.rules", rules_text, &err), MA_OK);
	struct page *p = page_new();
	p->path = xstrdup("index.html");
	p->display = xstrdup("site/index.html");
	p->site = "site";
	/* hostile: markup, quotes, invalid UTF-8, control characters */
	p->title = xstrdup("</title><script>alert(1)</script>\xff\xfe \"q\" 'a'");
	p->metrics.words = 300;
	p->score = 40;
	add(p, "t.seamless", SEV_WARNING, "seamless",
	    "A seamless </style><script>x()</script> \xc0\xaf \x01 100% a,b::c\r\nz", 7);
	add(p, "t.best", SEV_ERROR, "best", "The best \"tool\" <img src=x onerror=y>", 9);
	p->findings[1].rule_index = 0;	/* wrong on purpose: found by id */
	add(p, "t.gone", SEV_INFO, "gone", "a rule not in the set", 11);
	fx->pages[0] = p;
	struct page *q = page_new();
	q->url = xstrdup("https://example.com/a?b=1&c=<2>");
	q->display = xstrdup(q->url);
	q->site = "site";
	q->status = 200;
	q->score = 100;
	q->metrics.words = 120;
	fx->pages[1] = q;
	fx->targets[0] = (char *)"site";
	fx->a.targets = fx->targets;
	fx->a.ntargets = 1;
	fx->a.pages = fx->pages;
	fx->a.npages = 2;
	fx->a.rules = &fx->rs;
	fx->a.fail_on = SEV_ERROR;
	fx->a.version = "test";
	report_summarize(&fx->a);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	report_release(&fx->a);
	page_free(fx->pages[0]);
	page_free(fx->pages[1]);
	rule_set_release(&fx->rs);
	free(fx);
	return 0;
}

/* Run a writer into memory. */
static char *render(report_fn fn, const struct audit *a)
{
	char *doc = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);
	struct report_opts o = {0};
	struct ma_error err;
	assert_int_equal(fn(mem, a, &o, &err), MA_OK);
	fclose(mem);
	return doc;
}

/* RFC 3629 validity, written independently of reports/escape.c. */
static bool valid_utf8(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		int n = *u < 0x80 ? 1 : (*u >> 5) == 6 ? 2 : (*u >> 4) == 14 ? 3 : (*u >> 3) == 30 ? 4 : 0;
		if (!n || (n == 2 && *u < 0xc2))
			return false;
		unsigned long cp = n == 1 ? *u : n == 2 ? (*u & 0x1fu) : n == 3 ? (*u & 0x0fu) : (*u & 0x07u);
		for (int i = 1; i < n; i++) {
			if ((u[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (u[i] & 0x3fu);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		u += n;
	}
	return true;
}

static void test_utf8_clean(void **state)
{
	(void)state;
	char *c = report_utf8_clean("ok \xc3\xa9 \xff \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82 a\x01\x7f\tb\r\n");
	assert_true(valid_utf8(c));
	assert_string_equal(c, "ok \xc3\xa9 \xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd "
			       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd a  \tb\r\n");
	free(c);
	c = report_utf8_clean(NULL);
	assert_string_equal(c, "");
	free(c);
}

static void test_html_escape(void **state)
{
	(void)state;
	char *doc = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&doc, &len);
	report_html_puts(mem, "<script>\"a\" & 'b'</script>\xff");
	fclose(mem);
	assert_string_equal(doc, "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;\xef\xbf\xbd");
	free(doc);
}

static void test_fingerprint(void **state)
{
	(void)state;
	uint64_t a = report_fingerprint("r", "p.html", "Seamless", "A seamless, fast sync.");
	/* case, punctuation, white space, ellipsis and curly quotes do not count */
	assert_true(a == report_fingerprint("r", "p.html", "seamless", "… a  SEAMLESS fast sync"));
	assert_true(a == report_fingerprint("r", "p.html", "seamless", "\xe2\x80\x9c" "A seamless, fast sync.\xe2\x80\x9d"));
	/* rule, page and words do */
	assert_true(a != report_fingerprint("q", "p.html", "Seamless", "A seamless, fast sync."));
	assert_true(a != report_fingerprint("r", "x.html", "Seamless", "A seamless, fast sync."));
	assert_true(a != report_fingerprint("r", "p.html", "Seamless", "A seamless, slow sync."));
	/* and fields do not run into each other */
	assert_true(report_fingerprint("r", "p", "ab", "c") != report_fingerprint("r", "p", "a", "bc"));
}

static void test_baseline_multiset(void **state)
{
	struct fixture *fx = *state;
	struct page *p = fx->pages[0];
	struct baseline *b = report_baseline_from_pages(fx->pages, 1);
	assert_int_equal(report_baseline_size(b), 3);
	/* the same finding twice: the baseline knows it once */
	add(p, "t.seamless", SEV_WARNING, "seamless",
	    "A seamless </style><script>x()</script> \xc0\xaf \x01 100% a,b::c\r\nz", 70);
	assert_int_equal(p->nfindings, 4);
	/* lines moved: still known */
	for (size_t i = 0; i < p->nfindings; i++)
		p->findings[i].line += 5;
	assert_int_equal(report_baseline_apply(b, fx->pages, 2), 3);
	assert_int_equal(p->nfindings, 1);
	assert_int_equal(p->findings[0].line, 75);
	report_baseline_free(b);
}

static void test_occurrence(void **state)
{
	struct fixture *fx = *state;
	struct page *p = fx->pages[0];
	add(p, "t.seamless", SEV_WARNING, "seamless",
	    "A seamless </style><script>x()</script> \xc0\xaf \x01 100% a,b::c\r\nz", 12);
	assert_int_equal(report_finding_occurrence(p, 0), 0);
	assert_int_equal(report_finding_occurrence(p, 1), 0);
	assert_int_equal(report_finding_occurrence(p, 3), 1);
}

static void test_format_lookup(void **state)
{
	(void)state;
	static const char *const names[] = {"text", "json", "jsonl", "html", "md", "csv", "sarif", "junit", "github"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		assert_non_null(report_find(names[i]));
		assert_non_null(strstr(report_formats(), names[i]));
	}
	assert_null(report_find("pdf"));
	assert_string_equal(report_format_for_path("out/r.sarif"), "sarif");
	assert_string_equal(report_format_for_path("r.sarif.json"), "sarif");
	assert_string_equal(report_format_for_path("r.json"), "json");
	assert_string_equal(report_format_for_path("junit.xml"), "junit");
	assert_string_equal(report_format_for_path("R.HTM"), "htm");
	assert_string_equal(report_format_for_path("pr.md"), "md");
	assert_string_equal(report_format_for_path("f.csv"), "csv");
	assert_string_equal(report_format_for_path("p.jsonl"), "jsonl");
	assert_null(report_format_for_path("noext"));
	assert_null(report_format_for_path("x.pdf"));
}

static void test_html_hostile(void **state)
{
	struct fixture *fx = *state;
	char *doc = render(report_html_write, &fx->a);
	assert_true(valid_utf8(doc));
	/* one script element: ours */
	const char *s = strstr(doc, "<script");
	assert_non_null(s);
	assert_null(strstr(s + 1, "<script"));
	assert_null(strstr(doc, "<img"));
	assert_null(strstr(doc, "onerror=y>"));
	assert_null(strstr(doc, "</style><script>"));
	assert_non_null(strstr(doc, "A <mark>seamless</mark> &lt;/style&gt;&lt;script&gt;x()&lt;/script&gt;"));
	assert_non_null(strstr(doc, "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\xef\xbf\xbd\xef\xbf\xbd &quot;q&quot; &#39;a&#39;"));
	/* the crawled page links to its URL, escaped */
	assert_non_null(strstr(doc, "href=\"https://example.com/a?b=1&amp;c=&lt;2&gt;\" rel=\"noopener noreferrer\""));
	free(doc);
}

static void test_markdown(void **state)
{
	struct fixture *fx = *state;
	char *doc = render(report_markdown_write, &fx->a);
	assert_true(valid_utf8(doc));
	assert_null(strstr(doc, "<script>"));
	assert_null(strstr(doc, "<img"));
	assert_non_null(strstr(doc, "| Findings | 3 (1 error, 1 warning, 1 info) |"));
	/* errors come first */
	assert_true(strstr(doc, "`t.best`") < strstr(doc, "`t.seamless`"));
	free(doc);
}

static void test_markdown_cap(void **state)
{
	struct fixture *fx = *state;
	char ctx[400];
	memset(ctx, 'x', sizeof ctx - 1);
	ctx[sizeof ctx - 1] = '\0';
	for (unsigned i = 0; i < 2000; i++)
		add(fx->pages[0], "t.seamless", SEV_WARNING, "x", ctx, 100 + i);
	report_summarize(&fx->a);
	char *doc = render(report_markdown_write, &fx->a);
	assert_true(strlen(doc) < 65536);
	assert_non_null(strstr(doc, "more findings not shown here: see the full report."));
	free(doc);
}

static void test_csv(void **state)
{
	struct fixture *fx = *state;
	char *doc = render(report_csv_write, &fx->a);
	assert_true(valid_utf8(doc));
	assert_non_null(strstr(doc, ",\"The best \"\"tool\"\" <img src=x onerror=y>\","));
	/* the CR LF inside the context stays inside its quoted field */
	assert_non_null(strstr(doc, "a,b::c\r\nz\","));
	size_t rows = 0;
	for (const char *p = doc; (p = strstr(p, ",p,")); p++)
		rows++;
	assert_int_equal(rows, 3);
	free(doc);
}

static void test_github(void **state)
{
	struct fixture *fx = *state;
	free(fx->pages[0]->display);
	fx->pages[0]->display = xstrdup("./a,b:c%d.html");
	char *doc = render(report_github_write, &fx->a);
	assert_non_null(strstr(doc, "::warning file=a%2Cb%3Ac%25d.html,line=7,col=3,title=t.seamless::Seamless says nothing."));
	assert_non_null(strstr(doc, " 100%25 a,b::c%0D%0Az%0ASuggestion: Name the step.\n"));
	assert_non_null(strstr(doc, "::error file=a%2Cb%3Ac%25d.html,line=9,col=3,title=t.best::"));
	assert_non_null(strstr(doc, "::notice file=a%2Cb%3Ac%25d.html,line=11,col=3,title=t.gone::"));
	/* one line per command */
	size_t lines = 0;
	for (const char *p = doc; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 4);
	free(doc);
}

static void test_sarif(void **state)
{
	struct fixture *fx = *state;
	char *doc = render(report_sarif_write, &fx->a);
	assert_true(valid_utf8(doc));
	assert_non_null(strstr(doc, "\"version\": \"2.1.0\""));
	/* t.best's rule_index was wrong: found by id (index 1) */
	const char *best = strstr(doc, "\"ruleId\": \"t.best\"");
	assert_non_null(best);
	assert_non_null(strstr(best, "\"ruleIndex\": 1"));
	assert_true(strstr(best, "\"ruleIndex\": 1") < strstr(best, "\"ruleId\": \"t.gone\""));
	/* a rule not in the set: no ruleIndex */
	const char *gone = strstr(doc, "\"ruleId\": \"t.gone\"");
	assert_non_null(gone);
	const char *next = strstr(gone, "\"level\"");
	assert_non_null(next);
	assert_null(memmem(gone, (size_t)(next - gone), "ruleIndex", 9));
	assert_non_null(strstr(doc, "\"uri\": \"site/index.html\""));
	free(doc);
}

/* A crawled page: located by its URL, never as a file. */
static void test_crawled_page(void **state)
{
	struct fixture *fx = *state;
	add(fx->pages[1], "t.best", SEV_WARNING, "best", "The best ledger.", 40);
	report_summarize(&fx->a);
	char *doc = render(report_sarif_write, &fx->a);
	const char *r = strstr(doc, "\"uri\": \"https://example.com/a?b=1&c=<2>\"");
	assert_non_null(r);
	assert_non_null(strstr(r, "\"startLine\": 40"));
	free(doc);
	doc = render(report_github_write, &fx->a);
	assert_non_null(strstr(doc, "::warning title=t.best::https://example.com/a?b=1&c=<2>: Seamless says nothing."));
	free(doc);
	doc = render(report_junit_write, &fx->a);
	assert_non_null(strstr(doc, "<testcase name=\"https://example.com/a?b=1&amp;c=&lt;2&gt;\" classname=\"site\""));
	free(doc);
	doc = render(report_csv_write, &fx->a);
	assert_non_null(strstr(doc, "site,https://example.com/a?b=1&c=<2>,https://example.com/a?b=1&c=<2>,,40,3,t.best,warning,superlative,"));
	free(doc);
	doc = render(report_html_write, &fx->a);
	assert_non_null(strstr(doc, "<a class=\"src\" href=\"https://example.com/a?b=1&amp;c=&lt;2&gt;\""));
	free(doc);
}

static void test_junit(void **state)
{
	struct fixture *fx = *state;
	char *doc = render(report_junit_write, &fx->a);
	assert_true(valid_utf8(doc));
	assert_non_null(strstr(doc, "<testsuite name=\"site\""));
	assert_non_null(strstr(doc, "tests=\"2\" failures=\"1\" errors=\"0\""));
	assert_non_null(strstr(doc, "message=\"1 finding at or above error (page score 40)\""));
	assert_null(strstr(doc, "\x01"));
	assert_null(strstr(doc, "<img"));
	free(doc);
}

static char *random_text(unsigned *seed)
{
	static const char *const bits[] = {"<script>", "</style>", "\"", "'", "&", "%", "\r\n", ",", ":",
					   "::", "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x80\xa6", "=",
					   "<!--", "]]>", "\x01", "`", "|", "*", "[x](javascript:y)", "seamless"};
	size_t n = (size_t)(rand_r(seed) % 12);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (rand_r(seed) % 3)
			buf_puts(&b, bits[(size_t)rand_r(seed) % (sizeof bits / sizeof *bits)]);
		else
			buf_putc(&b, (char)(1 + rand_r(seed) % 255));
	}
	return buf_detach(&b, NULL);
}

/* Random hostile text in every field, every writer: HTML, Markdown,
 * SARIF and CSV stay valid UTF-8, JUnit stays well-formed XML, the HTML
 * keeps its one script. */
static void test_random_text(void **state)
{
	struct fixture *fx = *state;
	unsigned seed = 12345;
	for (int round = 0; round < 150; round++) {
		struct page *p = fx->pages[0];
		free(p->title);
		p->title = random_text(&seed);
		free(p->display);
		p->display = random_text(&seed);
		for (size_t j = 0; j < p->nfindings; j++) {
			free(p->findings[j].match);
			free(p->findings[j].context);
			p->findings[j].match = random_text(&seed);
			p->findings[j].context = random_text(&seed);
		}
		report_fn text_fns[] = {report_html_write, report_markdown_write, report_sarif_write,
					report_csv_write, report_github_write};
		for (size_t k = 0; k < sizeof text_fns / sizeof *text_fns; k++) {
			char *doc = render(text_fns[k], &fx->a);
			assert_true(valid_utf8(doc));
			if (k == 0) {
				const char *sc = strstr(doc, "<script");
				assert_non_null(sc);
				assert_null(strstr(sc + 1, "<script"));
			}
			free(doc);
		}
		char *xml = render(report_junit_write, &fx->a);
		xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "junit.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		assert_non_null(d);
		xmlFreeDoc(d);
		free(xml);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_clean),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_format_lookup),
		cmocka_unit_test_setup_teardown(test_baseline_multiset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_occurrence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_markdown_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_github, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif, setup, teardown),
		cmocka_unit_test_setup_teardown(test_junit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crawled_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_text, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
