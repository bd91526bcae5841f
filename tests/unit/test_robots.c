/* Unit tests for crawler/robots.c (RFC 9309). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "common/buf.h"
#include "crawler/robots.h"

static struct robots *parse(const char *txt, const char *product)
{
	return crawl_robots_parse(txt, strlen(txt), product);
}

#define ALLOWED(r, p) assert_true(crawl_robots_allowed((r), (p)))
#define BLOCKED(r, p) assert_false(crawl_robots_allowed((r), (p)))

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_group_selection(void **state)
{
	(void)state;
	const char *txt =
		"User-agent: *\n"
		"Disallow: /\n"
		"\n"
		"User-agent: MsgAudit\n"
		"Disallow: /private\n"
		"\n"
		"User-agent: otherbot\n"
		"Disallow: /other\n";
	struct robots *r = parse(txt, "msgaudit");
	ALLOWED(r, "/");
	ALLOWED(r, "/about");
	ALLOWED(r, "/other");
	BLOCKED(r, "/private");
	BLOCKED(r, "/private/x?y=1");
	crawl_robots_free(r);

	/* the product token is the part of our user-agent before '/' */
	r = parse(txt, "MSGAUDIT/0.1 (+https://example.org/bot)");
	ALLOWED(r, "/about");
	BLOCKED(r, "/private");
	crawl_robots_free(r);

	/* an agent nobody names gets the "*" group */
	r = parse(txt, "somebot/1.0");
	BLOCKED(r, "/");
	BLOCKED(r, "/about");
	crawl_robots_free(r);

	/* no product at all: "*" only */
	r = parse(txt, NULL);
	BLOCKED(r, "/about");
	crawl_robots_free(r);

	/* a user-agent line with a version names the same token */
	r = parse("User-agent: msgaudit/2.0\nDisallow: /v\n", "msgaudit");
	BLOCKED(r, "/v");
	crawl_robots_free(r);

	/* a prefix of our token is not our token */
	r = parse("User-agent: msg\nDisallow: /\n", "msgaudit");
	ALLOWED(r, "/x");
	crawl_robots_free(r);
}

static void test_group_merging(void **state)
{
	(void)state;
	const char *txt =
		"User-agent: a-bot\n"
		"User-agent: msgaudit\n"	/* consecutive: shares a-bot's group */
		"Disallow: /shared\n"
		"User-agent: b-bot\n"
		"Disallow: /b-only\n"
		"User-agent: msgaudit\n"	/* a second group for us: merged */
		"Disallow: /second\n"
		"Sitemap: https://example.com/s.xml\n"	/* does not end the group */
		"Disallow: /third\n"
		"User-agent: *\n"
		"Disallow: /star\n";
	struct robots *r = parse(txt, "msgaudit");
	BLOCKED(r, "/shared");
	BLOCKED(r, "/second");
	BLOCKED(r, "/third");
	ALLOWED(r, "/b-only");
	ALLOWED(r, "/star");
	crawl_robots_free(r);

	r = parse(txt, "a-bot");
	BLOCKED(r, "/shared");
	ALLOWED(r, "/second");
	crawl_robots_free(r);

	/* several "*" groups merge too */
	r = parse("User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", "msgaudit");
	BLOCKED(r, "/a");
	BLOCKED(r, "/b");
	ALLOWED(r, "/c");
	crawl_robots_free(r);

	/* rules before any user-agent line belong to no group */
	r = parse("Disallow: /orphan\nUser-agent: *\nDisallow: /x\n", "msgaudit");
	ALLOWED(r, "/orphan");
	BLOCKED(r, "/x");
	crawl_robots_free(r);
}

static void test_longest_match(void **state)
{
	(void)state;
	struct robots *r = parse(
		"User-agent: *\n"
		"Disallow: /\n"
		"Allow: /p\n"
		"Disallow: /folder/\n"
		"Allow: /folder/page\n"
		"Allow: /shop/\n"
		"Disallow: /shop/cart\n", "msgaudit");
	ALLOWED(r, "/page");
	BLOCKED(r, "/x");
	BLOCKED(r, "/folder/");
	BLOCKED(r, "/folder/other");
	ALLOWED(r, "/folder/page");
	ALLOWED(r, "/folder/page2");
	ALLOWED(r, "/shop/shoes");
	BLOCKED(r, "/shop/cart");
	BLOCKED(r, "/shop/cart?id=1");
	crawl_robots_free(r);

	/* length counts the pattern as written, wildcards included */
	r = parse("User-agent: *\nAllow: /a*\nDisallow: /ab\n", "msgaudit");
	ALLOWED(r, "/abc");	/* "/a*" and "/ab" are both 3 octets: allow wins */
	crawl_robots_free(r);
	r = parse("User-agent: *\nAllow: /a\nDisallow: /*bc\n", "msgaudit");
	BLOCKED(r, "/abc");	/* 4 octets beat 2 */
	crawl_robots_free(r);
}

static void test_allow_wins_tie(void **state)
{
	(void)state;
	struct robots *r = parse("User-agent: *\nDisallow: /page\nAllow: /page\n", "msgaudit");
	ALLOWED(r, "/page");
	crawl_robots_free(r);
	r = parse("User-agent: *\nAllow: /page\nDisallow: /page\n", "msgaudit");
	ALLOWED(r, "/page");
	crawl_robots_free(r);
	r = parse("User-agent: *\nAllow: /$\nDisallow: /\n", "msgaudit");
	ALLOWED(r, "/");
	BLOCKED(r, "/page.htm");
	crawl_robots_free(r);
}

static void test_wildcards(void **state)
{
	(void)state;
	struct robots *r = parse("User-agent: *\nDisallow: /fish*.php\n", "msgaudit");
	BLOCKED(r, "/fish.php");
	BLOCKED(r, "/fishheads/catfish.php?parameters");
	ALLOWED(r, "/Fish.PHP");
	ALLOWED(r, "/fish.ph");
	crawl_robots_free(r);

	r = parse("User-agent: *\nDisallow: /*.php\n", "msgaudit");
	BLOCKED(r, "/index.php");
	BLOCKED(r, "/filename.php");
	BLOCKED(r, "/folder/filename.php?parameters");
	BLOCKED(r, "/folder/any.php.file.html");
	BLOCKED(r, "/filename.php/");
	ALLOWED(r, "/");
	ALLOWED(r, "/windows.PHP");
	crawl_robots_free(r);

	r = parse("User-agent: *\nDisallow: /a**b***c\nDisallow: *q=\n", "msgaudit");
	BLOCKED(r, "/axxbyyc");
	BLOCKED(r, "/abc");
	ALLOWED(r, "/acb");
	BLOCKED(r, "/search?q=seamless");
	crawl_robots_free(r);
}

static void test_end_anchor(void **state)
{
	(void)state;
	struct robots *r = parse("User-agent: *\nDisallow: /*.php$\n", "msgaudit");
	BLOCKED(r, "/filename.php");
	BLOCKED(r, "/folder/filename.php");
	ALLOWED(r, "/filename.php?parameters");
	ALLOWED(r, "/filename.php/");
	ALLOWED(r, "/filename.php5");
	ALLOWED(r, "/windows.PHP");
	crawl_robots_free(r);

	r = parse("User-agent: *\nDisallow: /exact$\nDisallow: /a*b*c$\n", "msgaudit");
	BLOCKED(r, "/exact");
	ALLOWED(r, "/exact/");
	ALLOWED(r, "/exactly");
	BLOCKED(r, "/abc");
	BLOCKED(r, "/a1b2c");
	BLOCKED(r, "/abcbc");
	ALLOWED(r, "/a1b2c3");
	crawl_robots_free(r);

	/* '$' inside a pattern is a literal */
	r = parse("User-agent: *\nDisallow: /a$b\n", "msgaudit");
	BLOCKED(r, "/a$b");
	ALLOWED(r, "/a");
	crawl_robots_free(r);
}

static void test_percent_encoding(void **state)
{
	(void)state;
	/* RFC 9309 2.2.2's table */
	struct robots *r = parse(
		"User-agent: *\n"
		"Disallow: /foo/bar?baz=quz\n"
		"Disallow: /foo/bar/\xE3\x83\x84\n"
		"Disallow: /foo/bar/%62%61%7A\n"
		"Disallow: /hex/%3c\n", "msgaudit");
	BLOCKED(r, "/foo/bar?baz=quz");
	BLOCKED(r, "/foo/bar/%E3%83%84");
	BLOCKED(r, "/foo/bar/%e3%83%84");
	BLOCKED(r, "/foo/bar/\xE3\x83\x84");	/* a raw path is encoded too */
	BLOCKED(r, "/foo/bar/baz");
	BLOCKED(r, "/foo/bar/%62az");
	BLOCKED(r, "/hex/%3C");
	BLOCKED(r, "/hex/%3c");
	crawl_robots_free(r);

	r = parse("User-agent: *\nDisallow: /a%2Fb\n", "msgaudit");
	BLOCKED(r, "/a%2fb");
	ALLOWED(r, "/a/b");	/* %2F is reserved: not the same as '/' */
	crawl_robots_free(r);
}

static void test_empty_disallow(void **state)
{
	(void)state;
	struct robots *r = parse("User-agent: *\nDisallow:\n", "msgaudit");
	ALLOWED(r, "/");
	ALLOWED(r, "/anything");
	crawl_robots_free(r);

	/* our empty group shadows a "*" group that disallows everything */
	r = parse("User-agent: *\nDisallow: /\n\nUser-agent: msgaudit\nDisallow:\n", "msgaudit");
	ALLOWED(r, "/anything");
	crawl_robots_free(r);
}

static void test_robots_txt_always_allowed(void **state)
{
	(void)state;
	struct robots *r = parse("User-agent: *\nDisallow: /\n", "msgaudit");
	ALLOWED(r, "/robots.txt");
	BLOCKED(r, "/robots.txt.bak");
	BLOCKED(r, "/");
	BLOCKED(r, NULL);	/* NULL is "/" */
	crawl_robots_free(r);

	r = crawl_robots_new_disallow_all();
	ALLOWED(r, "/robots.txt");
	BLOCKED(r, "/index.html");
	assert_int_equal(crawl_robots_sitemap_count(r), 0);
	assert_true(crawl_robots_crawl_delay(r) < 0);
	crawl_robots_free(r);

	r = crawl_robots_new_allow_all();
	ALLOWED(r, "/");
	ALLOWED(r, "/private");
	crawl_robots_free(r);
	crawl_robots_free(NULL);
}

static void test_hostile_pattern_is_fast(void **state)
{
	(void)state;
	struct buf txt = BUF_INIT;
	buf_puts(&txt, "User-agent: *\nDisallow: /");
	for (int i = 0; i < 40; i++)
		buf_puts(&txt, "*a");
	buf_puts(&txt, "*b\n");
	/* many such rules multiply the cost */
	for (int i = 0; i < 200; i++) {
		buf_puts(&txt, "Disallow: /*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*c");
		buf_printf(&txt, "%d$\n", i);
	}
	struct robots *r = crawl_robots_parse(txt.data, txt.len, "msgaudit");

	size_t n = 200000;
	char *path = malloc(n + 2);
	assert_non_null(path);
	path[0] = '/';
	memset(path + 1, 'a', n);
	path[n + 1] = '\0';

	double t0 = now_s();
	bool no_b = crawl_robots_allowed(r, path);
	path[n] = 'b';	/* "/aaa...ab" */
	bool with_b = crawl_robots_allowed(r, path);
	double elapsed = now_s() - t0;

	assert_true(no_b);	/* no 'b': no rule matches */
	assert_false(with_b);
	/* backtracking would take astronomically long; linear work is ms */
	assert_true(elapsed < 2.0);

	free(path);
	crawl_robots_free(r);
	buf_release(&txt);
}

static void test_size_cut(void **state)
{
	(void)state;
	struct buf txt = BUF_INIT;
	buf_puts(&txt, "User-agent: *\nDisallow: /before\n");
	while (txt.len < CRAWL_ROBOTS_MAX_BYTES - 100)
		buf_puts(&txt, "# filler comment line to push the rest past the limit\n");
	while (txt.len < CRAWL_ROBOTS_MAX_BYTES - 30)
		buf_putc(&txt, '\n');
	/* a rule that straddles the limit is cut: it is not parsed */
	buf_puts(&txt, "Disallow: /straddle-");
	while (txt.len < CRAWL_ROBOTS_MAX_BYTES + 10)
		buf_putc(&txt, 'x');
	buf_puts(&txt, "\nDisallow: /after\nSitemap: https://example.com/late.xml\n");
	assert_true(txt.len > CRAWL_ROBOTS_MAX_BYTES);

	struct robots *r = crawl_robots_parse(txt.data, txt.len, "msgaudit");
	BLOCKED(r, "/before");
	ALLOWED(r, "/after");
	ALLOWED(r, "/straddle-");
	assert_int_equal(crawl_robots_sitemap_count(r), 0);
	crawl_robots_free(r);

	/* the same rules inside the limit do count */
	r = parse("User-agent: *\nDisallow: /before\nDisallow: /after\n", "msgaudit");
	BLOCKED(r, "/after");
	crawl_robots_free(r);
	buf_release(&txt);
}

static void test_sitemaps(void **state)
{
	(void)state;
	struct robots *r = parse(
		"Sitemap: https://example.com/before-groups.xml\n"
		"User-agent: otherbot\n"
		"Disallow: /\n"
		"sitemap:https://example.com/in-other-group.xml   # comment\n"
		"User-agent: *\n"
		"SITEMAP:   https://example.com/sitemap.xml.gz\n"
		"Sitemap:\n", "msgaudit");
	assert_int_equal(crawl_robots_sitemap_count(r), 3);
	assert_string_equal(crawl_robots_sitemap(r, 0), "https://example.com/before-groups.xml");
	assert_string_equal(crawl_robots_sitemap(r, 1), "https://example.com/in-other-group.xml");
	assert_string_equal(crawl_robots_sitemap(r, 2), "https://example.com/sitemap.xml.gz");
	assert_null(crawl_robots_sitemap(r, 3));
	/* the sitemap line did not split otherbot's group from our view */
	ALLOWED(r, "/x");
	crawl_robots_free(r);
}

static void test_crawl_delay(void **state)
{
	(void)state;
	const char *txt =
		"User-agent: *\n"
		"Crawl-delay: 5\n"
		"Disallow: /tmp\n"
		"User-agent: msgaudit\n"
		"Crawl-delay: 0.5\n"
		"Disallow: /ours\n";
	struct robots *r = parse(txt, "msgaudit");
	assert_true(crawl_robots_crawl_delay(r) > 0.49 && crawl_robots_crawl_delay(r) < 0.51);
	/* crawl-delay between user-agent and rules still ended the agent list */
	BLOCKED(r, "/ours");
	crawl_robots_free(r);

	r = parse(txt, "otherbot");
	assert_true(crawl_robots_crawl_delay(r) > 4.99 && crawl_robots_crawl_delay(r) < 5.01);
	crawl_robots_free(r);

	r = parse("User-agent: *\nDisallow: /\n", "msgaudit");
	assert_true(crawl_robots_crawl_delay(r) < 0);
	crawl_robots_free(r);

	r = parse("User-agent: *\nCrawl-delay: soon\n", "msgaudit");
	assert_true(crawl_robots_crawl_delay(r) < 0);
	crawl_robots_free(r);

	/* a delay in a group we do not use does not apply */
	r = parse("User-agent: otherbot\nCrawl-delay: 30\n", "msgaudit");
	assert_true(crawl_robots_crawl_delay(r) < 0);
	crawl_robots_free(r);
}

static void test_syntax_tolerance(void **state)
{
	(void)state;
	/* BOM, CRLF, bare CR, comments, odd spacing and case, lines
	 * without a colon, unknown keys, a misspelling */
	static const char txt[] =
		"\xEF\xBB\xBF# comment first\r\n"
		"   USER-AGENT :   *   # trailing comment\r\n"
		"this line has no colon\r\n"
		"Unknown-Key: whatever\r"
		"DISALLOW:/crlf\r\n"
		"\t disallow \t: /tabs \t\n"
		"Dissallow: /typo\n"
		"Disallow: nolead\n"
		"Allow /no-colon-means-ignored\n"
		"Disallow: /last-no-newline";
	struct robots *r = parse(txt, "msgaudit");
	BLOCKED(r, "/crlf");
	BLOCKED(r, "/tabs");
	BLOCKED(r, "/typo");
	BLOCKED(r, "/nolead");
	BLOCKED(r, "/last-no-newline");
	ALLOWED(r, "/no-colon-means-ignored");
	ALLOWED(r, "/");
	crawl_robots_free(r);

	/* an empty file and a NULL body allow everything */
	r = crawl_robots_parse("", 0, "msgaudit");
	ALLOWED(r, "/");
	crawl_robots_free(r);
	r = crawl_robots_parse(NULL, 0, "msgaudit");
	ALLOWED(r, "/");
	crawl_robots_free(r);
}

static void test_garbage_bytes(void **state)
{
	(void)state;
	struct buf txt = BUF_INIT;
	uint32_t x = 2463534242u;	/* xorshift32: the same bytes every run */
	for (int i = 0; i < 300000; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf_putc(&txt, (char)(x & 0xff));
	}
	/* NUL bytes inside are part of the input, not its end */
	buf_append(&txt, "\0\n", 2);
	buf_puts(&txt, "\nUser-agent: *\nDisallow: /after-garbage\n");
	struct robots *r = crawl_robots_parse(txt.data, txt.len, "msgaudit");
	BLOCKED(r, "/after-garbage");
	ALLOWED(r, "/elsewhere");
	crawl_robots_free(r);

	/* garbage in paths too */
	r = parse("User-agent: *\nDisallow: /\xff\xfe\n", "msgaudit");
	BLOCKED(r, "/%FF%FE");
	BLOCKED(r, "/\xff\xfe/x");
	ALLOWED(r, "/%FF");
	crawl_robots_free(r);
	buf_release(&txt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_group_selection),
		cmocka_unit_test(test_group_merging),
		cmocka_unit_test(test_longest_match),
		cmocka_unit_test(test_allow_wins_tie),
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_end_anchor),
		cmocka_unit_test(test_percent_encoding),
		cmocka_unit_test(test_empty_disallow),
		cmocka_unit_test(test_robots_txt_always_allowed),
		cmocka_unit_test(test_hostile_pattern_is_fast),
		cmocka_unit_test(test_size_cut),
		cmocka_unit_test(test_sitemaps),
		cmocka_unit_test(test_crawl_delay),
		cmocka_unit_test(test_syntax_tolerance),
		cmocka_unit_test(test_garbage_bytes),
	};
	return cmocka_run_group_tests_name("robots", tests, NULL, NULL);
}
