/* Rule loading, errors, matching, the prefilter, require and limit. */
#include "tests/unit/testutil.h"

#include <stdio.h>

#include "common/xalloc.h"
#include "crawler/extract.h"
#include "rules/literal.h"
#include "rules/match.h"
#include "rules/pattern.h"
#include "rules/prefilter.h"
#include "rules/ruleset.h"

static struct page *page_of(const char *html)
{
	struct extract_opts o;
	extract_opts_init(&o);
	struct page *p = page_new();
	struct ma_error err;
	assert_int_equal(crawl_extract_html(p, html, strlen(html), NULL, &o, &err), MA_OK);
	extract_opts_release(&o);
	p->src = NULL;
	p->type = PT_PRODUCT;
	return p;
}

static void load_ok(struct ruleset *rs, const char *text)
{
	struct ma_error err;
	ma_error_clear(&err);
	int rc = rule_set_load_string(rs, "t.rules", text, &err);
	if (rc)
		fail_msg("unexpected error: %s", err.msg);
	rule_set_prepare(rs);
}

static void expect_error(const char *text, const char *msg)
{
	struct ruleset rs;
	rule_set_init(&rs);
	struct ma_error err;
	ma_error_clear(&err);
	assert_int_equal(rule_set_load_string(&rs, "bad.rules", text, &err), MA_ERR_USAGE);
	if (!strstr(err.msg, msg))
		fail_msg("error '%s' does not contain '%s'", err.msg, msg);
	rule_set_release(&rs);
}

static void test_load_errors(void **state)
{
	(void)state;
	expect_error("[a]\nmessage = m\npattern = ok\n\n[b]\nmessage = m\npattern = (unclosed\n",
		     "bad.rules:7: bad pattern in [b] at offset 9: missing closing parenthesis");
	expect_error("[a]\npattern = x\n", "bad.rules:1: rule [a] has no message");
	expect_error("[a]\nmessage = m\n", "has no pattern");
	expect_error("[a]\nmessage = m\npattern = x\nseverity = fatal\n", "bad.rules:4: unknown severity 'fatal'");
	expect_error("[a]\nmessage = m\npattern = x\nscopes = p footer\n", "bad.rules:4: unknown scope 'footer'");
	expect_error("[a]\nmessage = m\npattern = x\npage_types = landing\n", "unknown page type 'landing'");
	expect_error("[a]\nmessage = m\npattern = x\ncolour = red\n", "bad.rules:4: unknown key 'colour'");
	expect_error("[Bad Id]\nmessage = m\npattern = x\n", "bad rule id 'Bad Id'");
	expect_error("[a]\nmessage = m\npattern = x\n[a2]\nkind = limit\nmessage = m\nmetric = nonsense\nmax = 3\n",
		     "bad.rules:7: unknown metric 'nonsense'");
	expect_error("[a]\nkind = limit\nmessage = m\nmetric = words\n", "needs min or max");
	expect_error("[a]\nkind = limit\nmessage = m\nmetric = words\nmax = lots\n", "max must be a number");
	expect_error("this is not ini\n", "bad.rules:1: cannot parse this line");
	expect_error("[a]\nmessage = m\npattern = x\nexception = [z-a]\n", "bad exception pattern");

	struct ruleset rs;
	rule_set_init(&rs);
	load_ok(&rs, "[a]\nmessage = m\npattern = x\n");
	struct ma_error err;
	assert_int_equal(rule_set_load_string(&rs, "two.rules", "\n\n[a]\nmessage = m\npattern = y\n", &err),
			 MA_ERR_USAGE);
	assert_non_null(strstr(err.msg, "two.rules:3: duplicate rule id 'a' (first defined at t.rules:1)"));
	assert_int_equal(rule_set_enable(&rs, "nope", false, &err), MA_ERR_USAGE);
	assert_int_equal(rule_set_load_file(&rs, "/nonexistent/x.rules", &err), MA_ERR_USAGE);
	assert_non_null(strstr(err.msg, "/nonexistent/x.rules: cannot read rule file"));
	rule_set_release(&rs);
}

static void test_literals(void **state)
{
	(void)state;
	struct {
		const char *pattern, *want;
	} cases[] = {
		/* a literal that starts with another is redundant in a prefix set */
		{"\\bseamless(?:ly)?\\b", "prefix:seamless"},
		{"\\b(?:seamless|frictionless)\\b", "prefix:frictionless|seamless"},
		{"\\boptimi[sz](?:e|es|ing)\\b",
		 "prefix:optimise|optimising|optimize|optimizing"},
		{"best[- ]in[- ]class", "prefix:best in class|best in-class|best-in class|best-in-class"},
		{"(?<!Presidential )\\binnovation\\b(?! Fund)", "prefix:innovation"},
		{"\\bpeace\\s+of\\s+mind\\b", "prefix:peace"},
		{"x?abc", "prefix:abc|xabc"},
		{"\\w+-driven", "contains:-driven"},
		/* one that contains another is redundant in a contains set */
		{"\\w+ (?:platforms|platform|the platform)", "contains: platform"},
		{"(?:a|b)c", "contains:ac|bc"},
		{"\\d+%", ""},
		{"(foo)\\1", ""},
		{"(?i)Next[- ]gen", "prefix:next gen|next-gen"},
		{"(?:world|best)?-class", "prefix:-class|best-class|world-class"},
		{"it[\xE2\x80\x99']s easy", "prefix:it's easy|it\xE2\x80\x99s easy"},
		{"\\b(?:the|our) (?:\\w+ )?journey to", "contains:journey to"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char got[1024];
		rule_literals_of(cases[i].pattern, got, sizeof got);
		if (strcmp(got, cases[i].want))
			fail_msg("%s: got '%s', want '%s'", cases[i].pattern, got, cases[i].want);
	}
	/* lines without a strong prefix ("your ...") beside lines with one:
	 * the first are tried anchored, the others scan their blocks */
	char line1[] = "\\b(?:cloud|data) journeys?\\b",
	     line2[] = "\\b(?:your|the) (?:\\w+ )?journey (?:to|into) the cloud\\b";
	char *const lines[] = {line1, line2};
	struct rule r;
	memset(&r, 0, sizeof r);
	rule_literals_extract(lines, 2, &r);
	assert_true(r.prefix_mode);
	assert_int_equal(r.nliterals, 2);	/* "cloud journey", "data journey" */
	assert_int_equal(r.nscan, 2);		/* "journey to the cloud", "journey into the cloud" */
	for (size_t i = 0; i < r.nscan; i++)
		assert_non_null(strstr(r.scan_literals[i], " the cloud"));
	for (size_t i = 0; i < r.nliterals; i++)
		free(r.literals[i]);
	for (size_t i = 0; i < r.nscan; i++)
		free(r.scan_literals[i]);
	free(r.literals);
	free(r.scan_literals);
	rule_literals_free_gates(&r);
}

static size_t count_rule(const struct page *p, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nfindings; i++)
		n += !strcmp(p->findings[i].rule, id);
	return n;
}

static const char pack[] =
	"[pack]\nname = test\nexception = \\bPresidential Innovation Fellows?\\b\n"
	"[buzz.innovative]\nmessage = m\nsuggestion = s\npattern = \\binnovat(?:ive|ion)\\b\n"
	"[buzz.seamless]\nmessage = m\npattern = \\bseamless(?:ly)?\\b\nexception = seamless roaming\n"
	"[buzz.seamless-integration]\nmessage = m\npattern = \\bseamless integration\\b\nseverity = error\n"
	"[buzz.leading]\nmessage = m\npattern = \\bleading\\b(?! to\\b)\n"
	"[buzz.naive]\nmessage = m\npattern = \\bnaïve\\b\n"
	"[buzz.always]\nmessage = m\npattern = \\b\\w{40,}\\b\ncategory = other\n"
	"[buzz.heading-only]\nmessage = m\npattern = \\bworld[- ]class\\b\nscopes = h1 h2\n"
	"[buzz.pricing-only]\nmessage = m\npattern = \\bcheap\\b\npage_types = pricing\n"
	"[buzz.case]\nmessage = m\npattern = \\bAI\\b\ncase = sensitive\n";

static void test_matching(void **state)
{
	(void)state;
	struct ruleset rs;
	rule_set_init(&rs);
	load_ok(&rs, pack);
	assert_true(rule_set_find(&rs, "buzz.always")->always);
	assert_false(rule_set_find(&rs, "buzz.seamless")->always);
	struct matcher *m = matcher_new(&rs);
	struct page *p = page_of(
		"<main><h1>World-class and INNOVATIVE</h1>"
		"<p>Our seamless integration is seamless. Seamlessly done.</p>"
		"<p>The Presidential Innovation Fellows program, leading to innovation.</p>"
		"<p>Enjoy seamless roaming. A naïve NAÏVE approach. Industry leading tools.</p>"
		"<p>world-class in a paragraph; cheap; ai and AI</p>"
		"<blockquote>Quoted seamless praise</blockquote>"
		"<p>Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</p></main>");
	rule_run_page(&rs, m, p);
	/* overlapping matches of different rules are all reported */
	assert_int_equal(count_rule(p, "buzz.seamless"), 3);
	assert_int_equal(count_rule(p, "buzz.seamless-integration"), 1);
	/* proper-noun exception from the pack, plain usage by lookahead */
	assert_int_equal(count_rule(p, "buzz.innovative"), 2);
	assert_int_equal(count_rule(p, "buzz.leading"), 1);
	/* Unicode caseless */
	assert_int_equal(count_rule(p, "buzz.naive"), 2);
	/* scopes, page types, case, quotes */
	assert_int_equal(count_rule(p, "buzz.heading-only"), 1);
	assert_int_equal(count_rule(p, "buzz.pricing-only"), 0);
	assert_int_equal(count_rule(p, "buzz.case"), 1);
	assert_int_equal(count_rule(p, "buzz.always"), 1);
	for (size_t i = 0; i < p->nfindings; i++) {
		assert_null(strstr(p->findings[i].context, "Quoted"));
		assert_non_null(p->findings[i].context);
		assert_non_null(strstr(p->findings[i].context, p->findings[i].match));
	}
	const struct finding *f = NULL;
	for (size_t i = 0; i < p->nfindings; i++)
		if (!strcmp(p->findings[i].rule, "buzz.seamless-integration"))
			f = &p->findings[i];
	assert_string_equal(f->match, "seamless integration");
	assert_string_equal(f->context, "Our seamless integration is seamless.");
	assert_int_equal(f->severity, SEV_ERROR);
	assert_int_equal(f->scope, SCOPE_P);
	/* metrics: buzzwords count buzzword-category findings only */
	assert_int_equal(p->metrics.buzzwords, p->nfindings - 1);
	assert_true(p->metrics.words > 30);
	page_free(p);

	/* disabling a family */
	struct ma_error err;
	assert_int_equal(rule_set_enable(&rs, "buzz.seamless*", false, &err), MA_OK);
	rule_set_prepare(&rs);
	p = page_of("<p>seamless seamless integration</p>");
	rule_run_page(&rs, m, p);
	assert_int_equal(p->nfindings, 0);
	page_free(p);
	matcher_free(m);
	rule_set_release(&rs);
}

/* The scan splits long texts into parts walked side by side: a literal
 * is found once wherever it lies, across a border or not, and at the
 * very start and end. */
static void test_scan_borders(void **state)
{
	(void)state;
	struct ruleset rs;
	rule_set_init(&rs);
	load_ok(&rs, pack);
	struct matcher *m = matcher_new(&rs);
	const size_t lens[] = {40, 191, 192, 200, 333, 1000};
	for (size_t li = 0; li < sizeof lens / sizeof *lens; li++) {
		size_t len = lens[li];
		char *t = xmalloc(len);
		for (size_t pos = 0; pos + 8 <= len; pos++) {
			memset(t, ' ', len);
			memcpy(t + pos, "Seamless", 8);
			if (rule_run_text(&rs, m, t, len) != 1)
				fail_msg("length %zu, \"Seamless\" at %zu: not found once", len, pos);
		}
		free(t);
	}
	matcher_free(m);
	rule_set_release(&rs);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	struct ruleset rs;
	rule_set_init(&rs);
	load_ok(&rs, pack);
	struct matcher *m = matcher_new(&rs);
	/* raw bytes straight into the engine, bypassing extraction */
	const char text[] = "bad \xff\xfe seamless \xc3 innovative\nnext \xe2\x82 line seamless";
	assert_int_equal(rule_run_text(&rs, m, text, sizeof text - 1), 3);
	matcher_free(m);
	rule_set_release(&rs);
}

/* The prefilter must never change results: the default packs (and the
 * test pack) through the prefilter, prefix mode and all, find exactly
 * what every rule run on every block finds, on real pages. */
static size_t compare_with_brute_force(const char *packs_dir, const char *pack_text, const char *html)
{
	struct ruleset fast, slow;
	struct ma_error err;
	rule_set_init(&fast);
	rule_set_init(&slow);
	if (packs_dir) {
		assert_int_equal(rule_set_load_dir(&fast, packs_dir, &err), MA_OK);
		assert_int_equal(rule_set_load_dir(&slow, packs_dir, &err), MA_OK);
	} else {
		load_ok(&fast, pack_text);
		load_ok(&slow, pack_text);
	}
	rule_set_prepare(&fast);
	for (size_t i = 0; i < slow.n; i++) {
		slow.rules[i].always = true;
		slow.rules[i].prefix_mode = false;
	}
	/* and every exception scanned on every block */
	for (size_t i = 0; i < slow.nexcs; i++) {
		for (size_t j = 0; j < slow.excs[i]->nneed; j++)
			free(slow.excs[i]->need[j]);
		free(slow.excs[i]->need);
		slow.excs[i]->need = NULL;
		slow.excs[i]->nneed = 0;
	}
	rule_set_prepare(&slow);
	struct matcher *mf = matcher_new(&fast), *ms = matcher_new(&slow);
	struct page *p1 = page_of(html), *p2 = page_of(html);
	rule_run_page(&fast, mf, p1);
	rule_run_page(&slow, ms, p2);
	assert_int_equal(p1->nfindings, p2->nfindings);
	for (size_t i = 0; i < p1->nfindings; i++) {
		assert_string_equal(p1->findings[i].rule, p2->findings[i].rule);
		assert_int_equal(p1->findings[i].off, p2->findings[i].off);
		assert_string_equal(p1->findings[i].match, p2->findings[i].match);
	}
	size_t n = p1->nfindings;
	page_free(p1);
	page_free(p2);
	matcher_free(mf);
	matcher_free(ms);
	rule_set_release(&fast);
	rule_set_release(&slow);
	return n;
}

static void test_prefilter_equivalence(void **state)
{
	(void)state;
	compare_with_brute_force(NULL, pack,
				 "<p>Seamless innovation, leading the industry. World-class naïve cheap AI.</p>");
	/* a rule tried anchored in some blocks and scanned whole in others */
	size_t n = compare_with_brute_force(NULL,
				 "[buzz.journey]\nmessage = m\n"
				 "pattern = \\b(?:cloud|data) journeys?\\b\n"
				 "pattern = \\b(?:your|the) (?:\\w+ )?journey (?:to|into) the cloud\\b\n",
				 "<p>Your cloud journey starts here. A data journey.</p>"
				 "<p>Start your long journey to the cloud, a cloud journey, the journey into the "
				 "cloud.</p><p>The journey to the cloud.</p><p>Data journeys and the cloud.</p>");
	assert_int_equal(n, 7);
	const char *c = corpus_dir();
	const char *top = getenv("top_srcdir");
	if (!c || !top)
		skip();
	char *packs = xasprintf("%s/rules/packs", top);
	const char *pages[] = {
		"sites/canonical/templates/index.html",
		"sites/ubuntu/templates/pro/index.html",
		"sites/ubuntu/templates/index.html",
		"sites/18f/content/pages/home.html",
		"sites/cloudgov/_pages/pricing.md",
		"sites/canonical/templates/solutions/index.html",
	};
	size_t done = 0;
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		char *path = xasprintf("%s/%s", c, pages[i]);
		struct buf b = BUF_INIT;
		if (buf_read_file(&b, path) == 0) {
			/* each automaton layout (big rule sets get the ones the
			 * default packs do not) finds the same */
			for (int layout = PREFILTER_AUTO; layout <= PREFILTER_WIDE32; layout++) {
				prefilter_force_layout = (enum prefilter_layout)layout;
				compare_with_brute_force(packs, NULL, b.data);
			}
			prefilter_force_layout = PREFILTER_AUTO;
			done++;
		}
		buf_release(&b);
		free(path);
	}
	assert_true(done >= 3);
	free(packs);
}

static void test_require_and_limit(void **state)
{
	(void)state;
	struct ruleset rs;
	rule_set_init(&rs);
	load_ok(&rs, "[b]\nmessage = m\npattern = \\bsynergy\\b\n"
		     "[need.price]\nkind = require\nmessage = say the price\npattern = \\$\\d+\npattern = \\bfree\\b\n"
		     "page_types = pricing\nscopes = p li td\n"
		     "[lim.density]\nkind = limit\nmessage = too dense\nmetric = buzzword_density\nmax = 100\n"
		     "[lim.words]\nkind = limit\nmessage = too short\nmetric = words\nmin = 20\n");
	struct matcher *m = matcher_new(&rs);
	struct page *p = page_of("<h1>Plans with $10 in the heading</h1><p>Synergy synergy.</p>");
	p->type = PT_PRICING;
	rule_run_page(&rs, m, p);
	assert_int_equal(count_rule(p, "need.price"), 1);	/* $10 is in h1, not in scope */
	assert_int_equal(count_rule(p, "lim.density"), 1);
	assert_int_equal(count_rule(p, "lim.words"), 1);
	page_free(p);
	p = page_of("<p>Only $10 a month, synergy-free, for twenty words or more of plain useful copy that "
		    "explains exactly what you get and what it costs you.</p>");
	p->type = PT_PRICING;
	rule_run_page(&rs, m, p);
	assert_int_equal(count_rule(p, "need.price"), 0);
	assert_int_equal(count_rule(p, "lim.words"), 0);
	page_free(p);
	matcher_free(m);
	rule_set_release(&rs);
}

static void test_default_packs(void **state)
{
	(void)state;
	const char *dir = getenv("top_srcdir");
	if (!dir)
		skip();
	char *packs = xasprintf("%s/rules/packs", dir);
	struct ruleset rs;
	rule_set_init(&rs);
	struct ma_error err;
	if (rule_set_load_dir(&rs, packs, &err))
		fail_msg("%s", err.msg);
	rule_set_prepare(&rs);
	size_t flags = 0, always = 0;
	for (size_t i = 0; i < rs.n; i++) {
		if (rs.rules[i].kind == RULE_FLAG && rs.rules[i].counts_buzzword) {
			flags++;
			assert_non_null(rs.rules[i].suggestion);
			always += rs.rules[i].always;
		}
	}
	assert_true(flags >= 150);
	/* every default flag rule can use the prefilter */
	assert_int_equal(always, 0);
	struct matcher *m = matcher_new(&rs);
	struct page *p = page_of("<p>Our best-in-class, innovative platform delivers seamless integration and "
				 "unmatched performance, giving you peace of mind.</p>"
				 "<p>The Presidential Innovation Fellows use an optimized kernel with hardware "
				 "acceleration and high availability, leading to fewer outages.</p>");
	rule_run_page(&rs, m, p);
	const char *want[] = {"best-in-class", "innovative", "seamless", "unmatched", "peace of mind"};
	for (size_t w = 0; w < sizeof want / sizeof *want; w++) {
		bool hit = false;
		for (size_t i = 0; i < p->nfindings; i++)
			hit |= strstr(p->findings[i].match, want[w]) != NULL ||
			       strcasestr(p->findings[i].context, want[w]) != NULL;
		if (!hit)
			fail_msg("'%s' not flagged", want[w]);
	}
	const char *never[] = {"Innovation Fellows", "optimized kernel", "acceleration", "availability",
			       "leading to"};
	for (size_t i = 0; i < p->nfindings; i++)
		for (size_t w = 0; w < sizeof never / sizeof *never; w++)
			if (strcasestr(never[w], p->findings[i].match))
				fail_msg("'%s' wrongly flagged by %s", p->findings[i].match, p->findings[i].rule);
	page_free(p);
	matcher_free(m);
	rule_set_release(&rs);
	free(packs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_scan_borders),
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_prefilter_equivalence),
		cmocka_unit_test(test_require_and_limit),
		cmocka_unit_test(test_default_packs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
