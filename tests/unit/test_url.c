/* Unit tests for crawler/url.c (RFC 3986 resolution and normalisation,
 * crawl scope), crawler/frontier.c (seen-set, trap guards) and the small
 * header parsers of crawler/fetch.c and crawler/crawl.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crawler/crawl.h"
#include "crawler/fetch.h"
#include "crawler/frontier.h"
#include "crawler/url.h"

static void expect_url(const char *base, const char *href, const char *want)
{
	char *out = NULL;
	enum crawl_url_rc rc = crawl_url_resolve(base, href, &out, NULL);
	if (rc != CRAWL_URL_OK || strcmp(out, want))
		fail_msg("resolve(%s, %s): rc %d, got %s, want %s", base ? base : "NULL", href, rc,
			 out ? out : "NULL", want);
	free(out);
}

static void expect_rc(const char *base, const char *href, enum crawl_url_rc want)
{
	char *out = NULL;
	enum crawl_url_rc rc = crawl_url_resolve(base, href, &out, NULL);
	if (rc != want)
		fail_msg("resolve(%s, %s): rc %d (%s), want %d", base ? base : "NULL", href, rc,
			 out ? out : "NULL", want);
	assert_null(out);
}

static void test_normalize(void **state)
{
	(void)state;
	/* RFC 3986 6.2.2: case, dot segments, default port, empty path */
	expect_url(NULL, "HTTP://Example.COM:80/a/./b/../c", "http://example.com/a/c");
	expect_url(NULL, "https://example.com:443", "https://example.com/");
	expect_url(NULL, "http://example.com:8080", "http://example.com:8080/");
	/* percent-encoding: hex upper-cased, unreserved decoded */
	expect_url(NULL, "http://example.com/%7euser/%2fx%3f/%41", "http://example.com/~user/%2Fx%3F/A");
	/* fragment and empty query dropped, query kept */
	expect_url(NULL, "http://example.com/p?#top", "http://example.com/p");
	expect_url(NULL, "http://example.com/p?b=2&a=1#x", "http://example.com/p?b=2&a=1");
	/* what may not appear is encoded; surrounding whitespace trimmed */
	expect_url(NULL, "  http://example.com/a b/\xc3\xa9\t\n ", "http://example.com/a%20b/%C3%A9");
	expect_url(NULL, "http://example.com/100%", "http://example.com/100%25");
	/* user information is dropped */
	expect_url(NULL, "http://user:pw@example.com/x", "http://example.com/x");
}

static void test_resolve(void **state)
{
	(void)state;
	const char *b = "http://a.com/b/c/d;p?q";
	/* RFC 3986 5.4.1 normal examples */
	expect_url(b, "g", "http://a.com/b/c/g");
	expect_url(b, "./g", "http://a.com/b/c/g");
	expect_url(b, "g/", "http://a.com/b/c/g/");
	expect_url(b, "/g", "http://a.com/g");
	expect_url(b, "//g", "http://g/");
	expect_url(b, "?y", "http://a.com/b/c/d;p?y");
	expect_url(b, "g?y", "http://a.com/b/c/g?y");
	expect_url(b, "g#s", "http://a.com/b/c/g");
	expect_url(b, "..", "http://a.com/b/");
	expect_url(b, "../g", "http://a.com/b/g");
	expect_url(b, "../../g", "http://a.com/g");
	/* 5.4.2 abnormal: too many .. */
	expect_url(b, "../../../g", "http://a.com/g");
	expect_url(b, "https://other.org/x", "https://other.org/x");
	/* the page itself */
	expect_rc(b, "#frag", CRAWL_URL_EMPTY);
	expect_rc(b, "", CRAWL_URL_EMPTY);
	/* browsers read a backslash as a slash */
	expect_url(b, "\\g\\h", "http://a.com/g/h");
}

static void test_schemes(void **state)
{
	(void)state;
	const char *b = "https://a.com/";
	expect_rc(b, "mailto:me@a.com", CRAWL_URL_SCHEME);
	expect_rc(b, "javascript:void(0)", CRAWL_URL_SCHEME);
	expect_rc(b, "JavaScript:alert(1)", CRAWL_URL_SCHEME);
	expect_rc(b, "file:///etc/passwd", CRAWL_URL_SCHEME);
	expect_rc(b, "ftp://a.com/x", CRAWL_URL_SCHEME);
	expect_rc(b, "tel:+15555550100", CRAWL_URL_SCHEME);
	expect_rc(b, "data:text/html,hi", CRAWL_URL_SCHEME);
	expect_rc(NULL, "/relative/without/base", CRAWL_URL_BAD);
	expect_rc(NULL, "http://", CRAWL_URL_BAD);
	expect_rc(NULL, "http://[::1/x", CRAWL_URL_BAD);
}

static void test_parts(void **state)
{
	(void)state;
	char *s;
	assert_string_equal(s = crawl_url_origin("http://a.com:8080/x?y"), "http://a.com:8080");
	free(s);
	assert_string_equal(s = crawl_url_host("http://a.com:8080/x?y"), "a.com");
	free(s);
	assert_string_equal(s = crawl_url_host("http://[::1]:8080/x"), "[::1]");
	free(s);
	assert_string_equal(s = crawl_url_request_path("http://a.com:8080/x?y=1"), "/x?y=1");
	free(s);
	assert_string_equal(s = crawl_url_request_path("http://a.com"), "/");
	free(s);
	assert_null(crawl_url_origin("no scheme"));
}

static void test_scope(void **state)
{
	(void)state;
	struct crawl_scope sc;
	assert_int_equal(crawl_scope_init(&sc, "http://www.example.com/", false), 0);
	assert_true(crawl_scope_contains(&sc, "http://example.com/a"));
	assert_true(crawl_scope_contains(&sc, "https://www.example.com/b?c"));
	assert_false(crawl_scope_contains(&sc, "http://blog.example.com/"));
	assert_false(crawl_scope_contains(&sc, "http://example.com:8080/"));
	assert_false(crawl_scope_contains(&sc, "http://notexample.com/"));
	assert_false(crawl_scope_contains(&sc, "http://example.com.evil.org/"));
	crawl_scope_release(&sc);

	assert_int_equal(crawl_scope_init(&sc, "http://example.com/", true), 0);
	assert_true(crawl_scope_contains(&sc, "http://blog.example.com/"));
	assert_true(crawl_scope_contains(&sc, "http://a.b.example.com/"));
	assert_false(crawl_scope_contains(&sc, "http://badexample.com/"));
	crawl_scope_release(&sc);

	/* a start URL with a folder limits the crawl to it */
	assert_int_equal(crawl_scope_init(&sc, "http://example.com/docs/intro.html", false), 0);
	assert_string_equal(sc.prefix, "/docs/");
	assert_true(crawl_scope_contains(&sc, "http://example.com/docs/x/y"));
	assert_false(crawl_scope_contains(&sc, "http://example.com/blog/"));
	assert_false(crawl_scope_contains(&sc, "http://example.com/docs"));
	crawl_scope_release(&sc);
}

static void test_frontier(void **state)
{
	(void)state;
	struct crawl_frontier_limits lim = {0};
	lim.max_url_len = 60;
	lim.max_query_variants = 3;
	lim.max_shape_variants = 5;
	struct crawl_frontier *f = crawl_frontier_new(&lim);
	uint32_t a, b;
	assert_int_equal(crawl_frontier_add(f, "http://x.com/", 0, &a), CRAWL_ADD_NEW);
	assert_int_equal(crawl_frontier_add(f, "http://x.com/", 3, &b), CRAWL_ADD_SEEN);
	assert_int_equal(a, b);
	assert_int_equal(crawl_frontier_node(f, a)->depth, 0);
	assert_int_equal(crawl_frontier_find(f, "http://x.com/"), (int64_t)a);
	assert_int_equal(crawl_frontier_find(f, "http://x.com/nope"), -1);
	/* repeating segments: a calendar or relative-link loop */
	assert_int_equal(crawl_frontier_add(f, "http://x.com/a/b/a/b/a/", 1, NULL), CRAWL_ADD_NEW);
	assert_int_equal(crawl_frontier_add(f, "http://x.com/a/b/a/b/a/b/a/", 1, NULL), CRAWL_ADD_REPEATS);
	/* query variants of one path */
	assert_int_equal(crawl_frontier_add(f, "http://x.com/e?p=1", 1, NULL), CRAWL_ADD_NEW);
	assert_int_equal(crawl_frontier_add(f, "http://x.com/e?p=2", 1, NULL), CRAWL_ADD_NEW);
	assert_int_equal(crawl_frontier_add(f, "http://x.com/e?p=3", 1, NULL), CRAWL_ADD_NEW);
	assert_int_equal(crawl_frontier_add(f, "http://x.com/e?p=4", 1, NULL), CRAWL_ADD_VARIANTS);
	assert_int_equal(crawl_frontier_add(f, "http://x.com/e?p=1", 1, NULL), CRAWL_ADD_SEEN);
	/* paths of one shape, digits aside: an endless calendar */
	char u[64];
	for (int i = 1; i <= 5; i++) {
		snprintf(u, sizeof u, "http://x.com/cal/2024/%02d/", i);
		assert_int_equal(crawl_frontier_add(f, u, i, NULL), CRAWL_ADD_NEW);
	}
	assert_int_equal(crawl_frontier_add(f, "http://x.com/cal/2024/06/", 6, NULL), CRAWL_ADD_VARIANTS);
	/* ... also when the new path only comes with a query */
	assert_int_equal(crawl_frontier_add(f, "http://x.com/cal/2024/07/?view=week", 6, NULL),
			 CRAWL_ADD_VARIANTS);
	assert_int_equal(crawl_frontier_add(f, "http://x.com/cal/2024/03/?view=week", 6, NULL),
			 CRAWL_ADD_NEW);
	/* length cap */
	assert_int_equal(crawl_frontier_add(f, "http://x.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
					    1, NULL), CRAWL_ADD_TOO_LONG);
	/* links */
	uint32_t c;
	assert_int_equal(crawl_frontier_add(f, "http://x.com/c", 1, &c), CRAWL_ADD_NEW);
	crawl_frontier_link(f, a, c, 10);
	crawl_frontier_link(f, a, c, 11);
	assert_int_equal(crawl_frontier_node(f, c)->nrefs, 1);
	assert_int_equal(crawl_frontier_node(f, c)->refs[0].line, 10);
	assert_true(crawl_frontier_node(f, c)->linked);
	crawl_frontier_free(f);
}

static void test_shape_chain(void **state)
{
	(void)state;
	struct crawl_frontier_limits lim = {0};
	lim.max_shape_chain = 3;
	struct crawl_frontier *f = crawl_frontier_new(&lim);
	uint32_t home, prev, id;
	char u[64];
	assert_int_equal(crawl_frontier_add(f, "http://x.com/", 0, &home), CRAWL_ADD_NEW);
	/* an endless "next month" chain stops after three links */
	assert_int_equal(crawl_frontier_add_from(f, "http://x.com/cal/2024/01/", 1, home, &prev), CRAWL_ADD_NEW);
	for (int m = 2; m <= 4; m++) {
		snprintf(u, sizeof u, "http://x.com/cal/2024/%02d/", m);
		assert_int_equal(crawl_frontier_add_from(f, u, m, prev, &prev), CRAWL_ADD_NEW);
	}
	assert_int_equal(crawl_frontier_add_from(f, "http://x.com/cal/2024/05/", 5, prev, NULL), CRAWL_ADD_VARIANTS);
	assert_int_equal(crawl_frontier_add_from(f, "http://x.com/cal/2024/05/?view=week", 5, prev, NULL),
			 CRAWL_ADD_VARIANTS);
	/* numbered pages linked from a list page are no chain, however many */
	for (int p = 1; p <= 50; p++) {
		snprintf(u, sizeof u, "http://x.com/release/%d/", p);
		assert_int_equal(crawl_frontier_add_from(f, u, 1, home, &id), CRAWL_ADD_NEW);
	}
	crawl_frontier_free(f);
}

static void test_headers(void **state)
{
	(void)state;
	char *cs = crawl_content_type_charset("text/html; charset=\"ISO-8859-1\"");
	assert_string_equal(cs, "ISO-8859-1");
	free(cs);
	assert_null(crawl_content_type_charset("text/html"));
	assert_true(crawl_content_type_is_html("text/html"));
	assert_true(crawl_content_type_is_html("TEXT/HTML; charset=utf-8"));
	assert_true(crawl_content_type_is_html("application/xhtml+xml"));
	assert_false(crawl_content_type_is_html("text/plain"));
	assert_false(crawl_content_type_is_html("text/htmlx"));
	assert_false(crawl_content_type_is_html(NULL));

	assert_true(crawl_retry_after_secs("120") == 120);
	assert_true(crawl_retry_after_secs(" 3 ") == 3);
	assert_true(crawl_retry_after_secs("Wed, 21 Oct 2015 07:28:00 GMT") == 0);
	assert_true(crawl_retry_after_secs("Fri, 31 Dec 2100 23:59:59 GMT") > 1e9);
	assert_true(crawl_retry_after_secs("soon") < 0);
	assert_true(crawl_retry_after_secs(NULL) < 0);

	bool ni = false, nf = false;
	crawl_x_robots_tag("noindex", "msgaudit", &ni, &nf);
	assert_true(ni);
	assert_false(nf);
	ni = nf = false;
	crawl_x_robots_tag("otherbot: noindex, nofollow", "msgaudit", &ni, &nf);
	assert_false(ni);
	assert_false(nf);
	crawl_x_robots_tag("msgaudit: nofollow", "msgaudit", &ni, &nf);
	assert_false(ni);
	assert_true(nf);
	ni = nf = false;
	crawl_x_robots_tag("unavailable_after: 25 Jun 2010 15:00:00 PST, NONE", "msgaudit", &ni, &nf);
	assert_true(ni);
	assert_true(nf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_schemes),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_frontier),
		cmocka_unit_test(test_shape_chain),
		cmocka_unit_test(test_headers),
	};
	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
