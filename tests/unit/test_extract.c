/* Extraction: scopes, skipping, entities, lines, templates, Markdown,
 * hostile input, and real pages from the corpus. */
#include "tests/unit/testutil.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "crawler/extract.h"
#include "crawler/markdown.h"
#include "crawler/source.h"
#include "crawler/template.h"

static struct extract_opts opts;

static int setup(void **state)
{
	(void)state;
	extract_opts_init(&opts);
	crawl_markdown_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	extract_opts_release(&opts);
	return 0;
}

static struct page *html(const char *s)
{
	struct page *p = page_new();
	struct ma_error err;
	assert_int_equal(crawl_extract_html(p, s, strlen(s), NULL, &opts, &err), MA_OK);
	return p;
}

static struct page *md(const char *s)
{
	struct page *p = page_new();
	struct ma_error err;
	assert_int_equal(crawl_extract_markdown(p, s, strlen(s), false, &opts, &err), MA_OK);
	return p;
}

static void test_scopes(void **state)
{
	(void)state;
	struct page *p = html("<html><head><title>Acme | Invoices</title>"
			      "<meta name=\"description\" content=\"Send invoices fast\"></head>"
			      "<body><main><h1>Get paid</h1><p>Para <b>one</b> here.</p>"
			      "<ul><li>Item A</li></ul><table><tr><td>Cell</td></tr></table>"
			      "<blockquote>Quoted words</blockquote>"
			      "<div><a href=\"/x\">Start free</a></div>"
			      "<img src=a.png alt=\"Dashboard screenshot\"><button>Buy now</button>"
			      "</main></body></html>");
	struct {
		const char *text;
		enum scope scope;
	} want[] = {
		{"Acme | Invoices", SCOPE_TITLE}, {"Send invoices fast", SCOPE_META},
		{"Get paid", SCOPE_H1}, {"Para one here.", SCOPE_P}, {"Item A", SCOPE_LI},
		{"Cell", SCOPE_TD}, {"Quoted words", SCOPE_QUOTE}, {"Start free", SCOPE_CTA},
		{"Dashboard screenshot", SCOPE_ALT}, {"Buy now", SCOPE_CTA},
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		long b = find_block(p, want[i].text);
		assert_true(b >= 0);
		char *t = block_text(p, (size_t)b);
		assert_string_equal(t, want[i].text);
		free(t);
		assert_int_equal(p->blocks[b].scope, want[i].scope);
	}
	assert_true(p->blocks[find_block(p, "Quoted")].quoted);
	assert_string_equal(p->title, "Acme | Invoices");
	assert_string_equal(p->description, "Send invoices fast");
	assert_int_equal(p->nlinks, 1);
	page_free(p);
}

static void test_skips(void **state)
{
	(void)state;
	struct page *p = html("<body><header><nav><a href=/a>Seamless nav</a></nav>Site banner</header>"
			      "<main><header><h1>Hero stays</h1></header>"
			      "<script>var seamless = 1;</script><style>.x{}</style>"
			      "<p>Body <code>seamless()</code> text</p><pre>seamless code</pre>"
			      "<div class=\"cookie-banner\">We use cookies</div>"
			      "<aside>Side</aside><noscript>Enable JS</noscript>"
			      "<svg><text>Chart</text></svg><template><p>Template copy</p></template>"
			      "</main><footer>Footer copy</footer></body>");
	assert_true(find_block(p, "Hero stays") >= 0);
	assert_true(find_block(p, "Body text") >= 0);
	const char *gone[] = {"Seamless nav", "Site banner", "var seamless", "seamless()", "seamless code",
			      "cookies", "Side", "Enable JS", "Chart", "Footer copy", "Template copy"};
	for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
		assert_int_equal(find_block(p, gone[i]), -1);
	/* links in skipped navigation are still collected for the crawler */
	assert_int_equal(p->nlinks, 1);
	page_free(p);
}

static void test_configurable_skip(void **state)
{
	(void)state;
	struct extract_opts o;
	extract_opts_init(&o);
	extract_opts_add_keep(&o, "footer");
	extract_opts_add_skip(&o, ".promo");
	extract_opts_add_skip(&o, "#legal");
	const char *s = "<main><p>Keep me</p><div class=\"big promo-box\">Promo</div>"
			"<p id=\"legal-note\">Legal</p></main><footer>Footer copy</footer>";
	struct page *p = page_new();
	struct ma_error err;
	assert_int_equal(crawl_extract_html(p, s, strlen(s), NULL, &o, &err), MA_OK);
	assert_true(find_block(p, "Keep me") >= 0);
	assert_true(find_block(p, "Footer copy") >= 0);
	assert_int_equal(find_block(p, "Promo"), -1);
	assert_int_equal(find_block(p, "Legal"), -1);
	page_free(p);
	extract_opts_release(&o);
}

static void test_entities_and_space(void **state)
{
	(void)state;
	struct page *p = html("<p>Fast&nbsp;&amp;\n   simple &#8212; &quot;really&quot;</p>");
	assert_int_equal(p->nblocks, 1);
	char *t = block_text(p, 0);
	assert_string_equal(t, "Fast & simple \xE2\x80\x94 \"really\"");
	free(t);
	page_free(p);
}

static void test_lines(void **state)
{
	(void)state;
	struct page *p = html("<html>\n<body>\n<main>\n<p>first\nsecond line\nthird</p>\n"
			      "<h2>\n  Heading\n</h2>\n</main>\n</body>\n</html>\n");
	long b = find_block(p, "first");
	assert_true(b >= 0);
	assert_int_equal(p->blocks[b].line, 4);
	size_t off = p->blocks[b].off;
	const char *t = p->text.data;
	assert_int_equal(page_line_at(p, off + (size_t)(strstr(t + off, "second") - (t + off))), 5);
	assert_int_equal(page_line_at(p, off + (size_t)(strstr(t + off, "third") - (t + off))), 6);
	b = find_block(p, "Heading");
	assert_int_equal(p->blocks[b].line, 8);
	page_free(p);
}

static void test_charset(void **state)
{
	(void)state;
	/* Latin-1 bytes with a declared charset, and without one */
	struct page *p = html("<meta charset=\"iso-8859-1\"><p>Caf\xe9 cr\xe8me</p>");
	assert_true(find_block(p, "Caf\xC3\xA9 cr\xC3\xA8me") >= 0);
	page_free(p);
	p = html("<p>Caf\xe9 undeclared</p>");
	assert_true(find_block(p, "Caf\xC3\xA9 undeclared") >= 0);
	page_free(p);
	p = html("<p>Caf\xC3\xA9 utf8</p>");
	assert_true(find_block(p, "Caf\xC3\xA9 utf8") >= 0);
	page_free(p);
}

static void test_hostile(void **state)
{
	(void)state;
	/* deep nesting keeps its text */
	size_t depth = 10000;
	char *s = xmalloc(depth * 11 + 64);
	size_t n = 0;
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(s + n, "<div>");
	n += (size_t)sprintf(s + n, "<p>deep seamless text</p>");
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(s + n, "</div>");
	struct page *p = html(s);
	assert_true(find_block(p, "deep seamless text") >= 0);
	page_free(p);
	free(s);
	/* a huge text node is not cut */
	size_t big = 12 * 1024 * 1024;
	s = xmalloc(big + 32);
	memcpy(s, "<p>", 3);
	for (size_t i = 0; i < big; i++)
		s[3 + i] = (char)(i % 6 == 5 ? ' ' : 'a');
	memcpy(s + 3 + big - 8, " ENDMARK", 8);
	memcpy(s + 3 + big, "</p>", 5);
	p = html(s);
	assert_true(p->text.len >= big - 16);
	assert_non_null(strstr(p->text.data + p->text.len - 20, "ENDMARK"));
	page_free(p);
	free(s);
	/* binary input is refused, not parsed */
	const char bin[] = "\x7f" "ELF\0\0\0\x01\x02";
	p = page_new();
	struct ma_error err;
	assert_int_equal(crawl_extract_html(p, bin, sizeof bin - 1, NULL, &opts, &err), MA_ERR_PARSE);
	page_free(p);
	/* invalid UTF-8 in Markdown becomes U+FFFD, never invalid output */
	p = md("Bad \xff\xfe bytes \xc3 here\n");
	assert_true(find_block(p, "Bad \xEF\xBF\xBD\xEF\xBF\xBD bytes \xEF\xBF\xBD here") >= 0);
	page_free(p);
	/* unclosed everything */
	p = html("<p>open <b>bold <i>both <a href='x'>link");
	assert_true(find_block(p, "open bold both link") >= 0);
	page_free(p);
}

static void test_templates(void **state)
{
	(void)state;
	struct page *p = html(
		"{% extends \"base.html\" %}\n"
		"{% block title %}Ubuntu Pro{% endblock %}\n"
		"{% block meta_description %}\n  Security for open source.\n{% endblock %}\n"
		"{% block content %}\n"
		"{{ vf_hero(title_text='The most comprehensive subscription',\n"
		"   subtitle_text='Patch <br /> everything fast', layout='25/75',\n"
		"   class='p-section--shallow u-no-padding') }}\n"
		"<p>Plain {{ site.baseurl }} paragraph</p>\n"
		"{% if slot == 'description' %}<p>Slot copy</p>{% endif %}\n"
		"{# a comment with words inside #}\n"
		"{% endblock %}\n");
	assert_string_equal(p->title, "Ubuntu Pro");
	assert_string_equal(p->description, "Security for open source.");
	long b = find_block(p, "The most comprehensive subscription");
	assert_true(b >= 0);
	assert_int_equal(p->blocks[b].scope, SCOPE_H2);
	assert_int_equal(p->blocks[b].line, 7);
	assert_true(find_block(p, "Patch everything fast") >= 0);
	assert_true(find_block(p, "Plain paragraph") >= 0);
	assert_true(find_block(p, "Slot copy") >= 0);
	assert_int_equal(find_block(p, "25/75"), -1);
	assert_int_equal(find_block(p, "p-section"), -1);
	assert_int_equal(find_block(p, "description"), -1);
	assert_int_equal(find_block(p, "comment with words"), -1);
	page_free(p);
	assert_true(crawl_text_is_prose("Talk to an expert", 17));
	assert_false(crawl_text_is_prose("p-button--positive u-no-margin", 30));
	assert_false(crawl_text_is_prose("/pro/subscribe", 14));
	assert_false(crawl_text_is_prose("https://example.com/a b", 23));
}

static void test_markdown(void **state)
{
	(void)state;
	struct page *p = md("---\n"
			    "title: \"Why we built it\"\n"
			    "description: >\n"
			    "  A folded\n"
			    "  description\n"
			    "layout: post\n"
			    "---\n"
			    "\n"
			    "# Heading one\n"
			    "\n"
			    "A paragraph that\n"
			    "wraps onto a seamless line.\n"
			    "\n"
			    "- item *one*\n"
			    "- item two\n"
			    "\n"
			    "> a quote\n"
			    "\n"
			    "```\n"
			    "seamless code\n"
			    "```\n"
			    "\n"
			    "| a | b |\n"
			    "|---|---|\n"
			    "| cell x | y |\n"
			    "\n"
			    "<div class=\"note\"><p>Raw html para</p></div>\n"
			    "\n"
			    "![Alt words](x.png) and `inline code` {: .class}\n");
	assert_string_equal(p->title, "Why we built it");
	assert_string_equal(p->description, "A folded description");
	long b = find_block(p, "Heading one");
	assert_int_equal(p->blocks[b].scope, SCOPE_H1);
	assert_int_equal(p->blocks[b].line, 9);
	b = find_block(p, "A paragraph that wraps");
	assert_int_equal(p->blocks[b].line, 11);
	const char *t = p->text.data;
	size_t off = (size_t)(strstr(t, "seamless line") - t);
	assert_int_equal(page_line_at(p, off), 12);
	assert_int_equal(p->blocks[find_block(p, "item one")].scope, SCOPE_LI);
	assert_true(p->blocks[find_block(p, "a quote")].quoted);
	assert_int_equal(find_block(p, "seamless code"), -1);
	assert_int_equal(p->blocks[find_block(p, "cell x")].scope, SCOPE_TD);
	b = find_block(p, "Raw html para");
	assert_int_equal(p->blocks[b].scope, SCOPE_P);
	assert_int_equal(p->blocks[b].line, 27);
	assert_int_equal(p->blocks[find_block(p, "Alt words")].scope, SCOPE_ALT);
	assert_int_equal(find_block(p, "inline code"), -1);
	assert_int_equal(find_block(p, ".class"), -1);
	page_free(p);
}

static void test_mdx(void **state)
{
	(void)state;
	const char *s = "import Hero from '../hero'\n\n# Title {props.x}\n\n<Hero title=\"x\" />\n\n"
			"Some copy here.\n";
	struct page *p = page_new();
	struct ma_error err;
	assert_int_equal(crawl_extract_markdown(p, s, strlen(s), true, &opts, &err), MA_OK);
	assert_int_equal(find_block(p, "import"), -1);
	assert_int_equal(find_block(p, "props"), -1);
	assert_true(find_block(p, "Some copy here.") >= 0);
	assert_int_equal(p->blocks[find_block(p, "Some copy")].line, 7);
	page_free(p);
}

/* Real pages: known copy is found, at the right line. */
static void test_corpus_pages(void **state)
{
	(void)state;
	const char *c = corpus_dir();
	if (!c)
		skip();
	char *path = xasprintf("%s/sites/ubuntu/templates/pro/index.html", c);
	if (access(path, R_OK)) {
		free(path);
		skip();
	}
	struct source_item it = {path, (char *)"templates/pro/index.html", path, SRC_HTML};
	struct buf none = BUF_INIT;
	char *src = NULL;
	struct page *p = crawl_source_read(&it, &opts, &none, &src);
	assert_false(p->failed);
	assert_string_equal(p->title, "Ubuntu Pro");
	long b = find_block(p, "The most comprehensive subscription for open source security");
	assert_true(b >= 0);
	assert_int_equal(p->blocks[b].line, 30);
	assert_true(find_block(p, "30-day trial for enterprises.") >= 0);
	assert_true(find_block(p, "Talk to an expert") >= 0);
	assert_true(find_block(p, "With Ubuntu Pro, you get access to:") >= 0);
	page_free(p);
	free(src);
	free(path);

	path = xasprintf("%s/sites/cloudgov/_pages/pricing.md", c);
	if (!access(path, R_OK)) {
		struct source_item it2 = {path, (char *)"_pages/pricing.md", path, SRC_MARKDOWN};
		p = crawl_source_read(&it2, &opts, &none, &src);
		assert_false(p->failed);
		assert_non_null(p->title);
		assert_true(p->nblocks > 5);
		page_free(p);
		free(src);
	}
	free(path);
}

/* Markdown pages extracted on several threads at once give the copy one
 * thread gives: cmark-gfm keeps the autolink extension's special
 * characters in globals, which one thread's parse clears while another's
 * runs (crawler/markdown.c).  An autolink that swallows a backslash turns
 * "\\<your-project-id>" into a tag, so the words differ when it is lost. */
#define RACE_LINES 40
#define RACE_ROUNDS 150

struct race {
	const char *doc;
	const char *want;
	int mismatches;
};

static void *race_worker(void *arg)
{
	struct race *r = arg;
	for (int i = 0; i < RACE_ROUNDS; i++) {
		struct page *p = page_new();
		struct ma_error err;
		if (crawl_extract_markdown(p, r->doc, strlen(r->doc), false, &opts, &err) != MA_OK ||
		    !p->text.data || strcmp(p->text.data, r->want))
			r->mismatches++;
		page_free(p);
	}
	return NULL;
}

static void test_markdown_threads(void **state)
{
	(void)state;
	struct buf doc = BUF_INIT;
	for (int i = 0; i < RACE_LINES; i++)
		buf_puts(&doc, "Go to https://console.example.com/images/\\<your-project-id> and "
			       "www.example.org/path, then ~~old~~ new text.\n\n");
	struct page *ref = md(buf_str(&doc));
	assert_non_null(ref->text.data);
	struct race r[2] = {{buf_str(&doc), ref->text.data, 0}, {buf_str(&doc), ref->text.data, 0}};
	pthread_t t[2];
	for (int k = 0; k < 2; k++)
		assert_int_equal(pthread_create(&t[k], NULL, race_worker, &r[k]), 0);
	for (int k = 0; k < 2; k++)
		pthread_join(t[k], NULL);
	assert_int_equal(r[0].mismatches + r[1].mismatches, 0);
	page_free(ref);
	buf_release(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_skips),
		cmocka_unit_test(test_configurable_skip),
		cmocka_unit_test(test_entities_and_space),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_charset),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_mdx),
		cmocka_unit_test(test_markdown_threads),
		cmocka_unit_test(test_corpus_pages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
