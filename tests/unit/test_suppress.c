/* Inline suppression comments in HTML, Markdown and MDX. */
#include "tests/unit/testutil.h"

#include "crawler/extract.h"
#include "crawler/markdown.h"
#include "rules/match.h"
#include "rules/ruleset.h"

static const char pack[] =
	"[b.seamless]\nmessage = m\npattern = \\bseamless\\b\n"
	"[b.robust]\nmessage = m\npattern = \\brobust\\b\n";

static size_t run(const char *src, int kind, const char *rule)
{
	struct extract_opts o;
	extract_opts_init(&o);
	struct page *p = page_new();
	struct ma_error err;
	if (kind == 0)
		assert_int_equal(crawl_extract_html(p, src, strlen(src), NULL, &o, &err), MA_OK);
	else
		assert_int_equal(crawl_extract_markdown(p, src, strlen(src), kind == 2, &o, &err), MA_OK);
	struct ruleset rs;
	rule_set_init(&rs);
	assert_int_equal(rule_set_load_string(&rs, "t", pack, &err), MA_OK);
	rule_set_prepare(&rs);
	struct matcher *m = matcher_new(&rs);
	rule_run_page(&rs, m, p);
	size_t n = 0;
	for (size_t i = 0; i < p->nfindings; i++)
		n += !rule || !strcmp(p->findings[i].rule, rule);
	matcher_free(m);
	rule_set_release(&rs);
	page_free(p);
	extract_opts_release(&o);
	return n;
}

static void test_html_regions(void **state)
{
	(void)state;
	const char *s = "<p>seamless robust</p>"
			"<!-- msgaudit-disable -->"
			"<p>seamless robust</p>"
			"<!-- msgaudit-enable -->"
			"<p>seamless robust</p>"
			"<!-- msgaudit-disable b.robust -->"
			"<p>seamless robust</p>"
			"<!-- msgaudit-enable b.robust -->"
			"<p>seamless robust</p>";
	assert_int_equal(run(s, 0, "b.seamless"), 4);
	assert_int_equal(run(s, 0, "b.robust"), 3);
}

static void test_html_next(void **state)
{
	(void)state;
	const char *s = "<!-- msgaudit-disable-next -->\n<h1>seamless</h1>\n<p>seamless</p>"
			"<!-- msgaudit-disable-next b.robust, b.seamless --><p>seamless robust</p>"
			"<p>robust</p><!-- msgaudit-disable b.* --><p>seamless robust</p>";
	assert_int_equal(run(s, 0, "b.seamless"), 1);
	assert_int_equal(run(s, 0, "b.robust"), 1);
	/* an ordinary comment does nothing */
	assert_int_equal(run("<!-- seamless --><p>seamless</p>", 0, NULL), 1);
}

static void test_markdown(void **state)
{
	(void)state;
	const char *s = "seamless one\n\n<!-- msgaudit-disable-next -->\n\nseamless two\n\nseamless three\n\n"
			"<!-- msgaudit-disable b.seamless -->\n\nseamless four robust\n\n"
			"<!-- msgaudit-enable -->\n\nseamless five\n";
	assert_int_equal(run(s, 1, "b.seamless"), 3);
	assert_int_equal(run(s, 1, "b.robust"), 1);
	/* an inline comment inside a paragraph */
	assert_int_equal(run("Intro. <!-- msgaudit-disable --> seamless after\n", 1, NULL), 0);
}

static void test_mdx(void **state)
{
	(void)state;
	const char *s = "seamless one\n\n{/* msgaudit-disable-next */}\n\nseamless two\n\nseamless three\n";
	assert_int_equal(run(s, 2, "b.seamless"), 2);
}

int main(void)
{
	crawl_markdown_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html_regions),
		cmocka_unit_test(test_html_next),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_mdx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
