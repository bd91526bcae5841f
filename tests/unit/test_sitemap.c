/* Unit tests for crawler/sitemap.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <zlib.h>

#include "common/buf.h"
#include "common/error.h"
#include "crawler/sitemap.h"

static int parse(const char *txt, struct sitemap *s, struct ma_error *err)
{
	return crawl_sitemap_parse(txt, strlen(txt), 0, s, err);
}

/* gzip src into out (a real gzip member, as a server would send it). */
static void gzip_into(const void *src, size_t len, struct buf *out)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
	size_t bound = deflateBound(&zs, (uLong)len) + 64;
	buf_grow(out, bound);
	zs.next_in = (Bytef *)(uintptr_t)src;
	zs.avail_in = (uInt)len;
	zs.next_out = (Bytef *)out->data + out->len;
	zs.avail_out = (uInt)bound;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	out->len += bound - zs.avail_out;
	deflateEnd(&zs);
}

static void test_urlset(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	const char *xml =
		"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
		"  <url><loc>https://example.com/</loc><lastmod>2024-01-01</lastmod></url>\n"
		"  <url>\n    <loc>\n      https://example.com/product?a=1&amp;b=2\n    </loc>\n  </url>\n"
		"  <url><loc><![CDATA[https://example.com/cdata]]></loc></url>\n"
		"  <url><loc>ftp://example.com/not-http</loc></url>\n"
		"  <url><loc></loc></url>\n"
		"  <url><loc/></url>\n"
		"  <url><priority>0.5</priority></url>\n"
		"  <loc>https://example.com/loc-outside-url</loc>\n"
		"</urlset>\n";
	assert_int_equal(parse(xml, &s, &err), 0);
	assert_false(s.is_index);
	assert_int_equal(s.nurls, 3);
	assert_string_equal(s.urls[0], "https://example.com/");
	assert_string_equal(s.urls[1], "https://example.com/product?a=1&b=2");
	assert_string_equal(s.urls[2], "https://example.com/cdata");
	assert_int_equal(s.skipped, 3);	/* ftp, empty, <loc/> */
	crawl_sitemap_release(&s);
	assert_null(s.urls);
	assert_int_equal(s.nurls, 0);
	crawl_sitemap_release(NULL);
}

static void test_index(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	const char *xml =
		"<?xml version=\"1.0\"?>"
		"<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		"<sitemap><loc>https://example.com/s1.xml</loc></sitemap>"
		"<sitemap><loc>https://example.com/s2.xml.gz</loc>"
		"<lastmod>2024-05-01</lastmod></sitemap>"
		"</sitemapindex>";
	assert_int_equal(parse(xml, &s, &err), 0);
	assert_true(s.is_index);
	assert_int_equal(s.nurls, 2);
	assert_string_equal(s.urls[1], "https://example.com/s2.xml.gz");
	crawl_sitemap_release(&s);

	/* a namespace prefix does not hide the elements */
	xml = "<sm:urlset xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
	      "<sm:url><sm:loc>http://example.com/p</sm:loc></sm:url></sm:urlset>";
	assert_int_equal(parse(xml, &s, &err), 0);
	assert_int_equal(s.nurls, 1);
	assert_string_equal(s.urls[0], "http://example.com/p");
	crawl_sitemap_release(&s);
}

static void test_feeds(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	assert_int_equal(parse("<rss version=\"2.0\"><channel><link>http://example.com/</link>"
			       "<item><link>http://example.com/post-1</link></item>"
			       "<item><link>http://example.com/post-2</link></item>"
			       "</channel></rss>", &s, &err), 0);
	assert_int_equal(s.nurls, 2);
	assert_string_equal(s.urls[0], "http://example.com/post-1");
	crawl_sitemap_release(&s);

	assert_int_equal(parse("<feed xmlns=\"http://www.w3.org/2005/Atom\">"
			       "<link href=\"http://example.com/\"/>"
			       "<entry><link rel=\"alternate\" href=\"http://example.com/a\"/>"
			       "<link rel=\"edit\" href=\"http://example.com/edit\"/></entry>"
			       "<entry><link href=\"http://example.com/b\"/></entry>"
			       "</feed>", &s, &err), 0);
	assert_int_equal(s.nurls, 2);
	assert_string_equal(s.urls[0], "http://example.com/a");
	assert_string_equal(s.urls[1], "http://example.com/b");
	crawl_sitemap_release(&s);
}

static void test_gzip(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	const char *xml =
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
		"<url><loc>https://example.com/zipped</loc></url></urlset>";
	struct buf gz = BUF_INIT;
	gzip_into(xml, strlen(xml), &gz);
	assert_int_equal((unsigned char)gz.data[0], 0x1f);

	assert_int_equal(crawl_sitemap_parse(gz.data, gz.len, 0, &s, &err), 0);
	assert_int_equal(s.nurls, 1);
	assert_string_equal(s.urls[0], "https://example.com/zipped");
	crawl_sitemap_release(&s);

	/* a gzip'd plain-text sitemap, in two concatenated members */
	buf_reset(&gz);
	gzip_into("http://example.com/one\n", 23, &gz);
	gzip_into("http://example.com/two\n", 23, &gz);
	assert_int_equal(crawl_sitemap_parse(gz.data, gz.len, 0, &s, &err), 0);
	assert_int_equal(s.nurls, 2);
	assert_string_equal(s.urls[1], "http://example.com/two");
	crawl_sitemap_release(&s);

	/* truncated gzip is an error, not a hang or a crash */
	buf_reset(&gz);
	gzip_into(xml, strlen(xml), &gz);
	assert_int_equal(crawl_sitemap_parse(gz.data, gz.len / 2, 0, &s, &err), MA_ERR_PARSE);
	assert_non_null(strstr(err.msg, "gzip"));
	crawl_sitemap_release(&s);

	/* corrupt gzip */
	gz.data[12] ^= 0x55;
	gz.data[13] ^= 0x55;
	gz.data[14] ^= 0x55;
	assert_int_equal(crawl_sitemap_parse(gz.data, gz.len, 0, &s, &err), MA_ERR_PARSE);
	crawl_sitemap_release(&s);
	buf_release(&gz);
}

static void test_gzip_bomb_capped(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	size_t n = 8u * 1024 * 1024;
	char *zeros = calloc(1, n);
	assert_non_null(zeros);
	struct buf gz = BUF_INIT;
	gzip_into(zeros, n, &gz);
	free(zeros);
	assert_true(gz.len < 64 * 1024);	/* a small body that inflates a lot */

	assert_int_equal(crawl_sitemap_parse(gz.data, gz.len, 1024 * 1024, &s, &err), MA_ERR_PARSE);
	assert_non_null(strstr(err.msg, "exceeds"));
	crawl_sitemap_release(&s);

	/* a plain body over the cap is refused the same way */
	const char *txt = "http://example.com/a\nhttp://example.com/b\n";
	assert_int_equal(crawl_sitemap_parse(txt, strlen(txt), 10, &s, &err), MA_ERR_PARSE);
	crawl_sitemap_release(&s);
	buf_release(&gz);
}

static void test_plain_text(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	const char *txt =
		"http://example.com/one\r\n"
		"   https://example.com/two   \n"
		"\n"
		"not a url\n"
		"mailto:sales@example.com\n"
		"HTTPS://EXAMPLE.COM/three";
	assert_int_equal(parse(txt, &s, &err), 0);
	assert_false(s.is_index);
	assert_int_equal(s.nurls, 3);
	assert_string_equal(s.urls[0], "http://example.com/one");
	assert_string_equal(s.urls[1], "https://example.com/two");
	assert_string_equal(s.urls[2], "HTTPS://EXAMPLE.COM/three");
	assert_int_equal(s.skipped, 2);
	crawl_sitemap_release(&s);

	/* empty input: no URLs, no error */
	assert_int_equal(crawl_sitemap_parse("", 0, 0, &s, &err), 0);
	assert_int_equal(s.nurls, 0);
	crawl_sitemap_release(&s);
}

static void test_broken_xml(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	const char *xml =
		"<urlset>\n"
		"<url><loc>https://example.com/good</loc></url>\n"
		"<url><loc>https://example.com/bad</url>\n"
		"</urlset>\n";
	assert_int_equal(parse(xml, &s, &err), MA_ERR_PARSE);
	assert_int_equal(err.code, MA_ERR_PARSE);
	assert_non_null(strstr(err.msg, "malformed XML at line 3"));
	/* the reader parses ahead in chunks, so in a small file the error
	 * comes before the good URL is seen; the broken one never counts */
	for (size_t i = 0; i < s.nurls; i++)
		assert_string_equal(s.urls[i], "https://example.com/good");
	crawl_sitemap_release(&s);

	/* in a big file, the URLs well before the damage are kept */
	struct buf big = BUF_INIT;
	buf_puts(&big, "<urlset>\n");
	for (int i = 0; i < 2000; i++)
		buf_printf(&big, "<url><loc>https://example.com/p%d</loc></url>\n", i);
	buf_puts(&big, "<url><loc>https://example.com/bad</url>\n</urlset>\n");
	assert_int_equal(crawl_sitemap_parse(big.data, big.len, 0, &s, &err), MA_ERR_PARSE);
	assert_non_null(strstr(err.msg, "line 2002"));
	assert_true(s.nurls > 1000 && s.nurls <= 2000);
	assert_string_equal(s.urls[0], "https://example.com/p0");
	crawl_sitemap_release(&s);
	buf_release(&big);

	/* an HTML page served as a sitemap */
	assert_int_equal(parse("<html><body><a href=\"/x\">x</a></body></html>", &s, &err),
			 MA_ERR_PARSE);
	assert_non_null(strstr(err.msg, "not a sitemap"));
	crawl_sitemap_release(&s);

	assert_int_equal(parse("<?xml version=\"1.0\"?>", &s, &err), MA_ERR_PARSE);
	crawl_sitemap_release(&s);
	assert_int_equal(parse("<", &s, &err), MA_ERR_PARSE);
	crawl_sitemap_release(&s);
	/* NULL err is fine */
	assert_int_equal(parse("<urlset><url>", &s, NULL), MA_ERR_PARSE);
	crawl_sitemap_release(&s);
}

static void test_xxe_not_expanded(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	char path[] = "/tmp/msgaudit-xxe-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("SECRET", f);
	fclose(f);

	char xml[1024];
	snprintf(xml, sizeof xml,
		 "<?xml version=\"1.0\"?>\n"
		 "<!DOCTYPE urlset [\n"
		 "  <!ENTITY xxe SYSTEM \"file://%s\">\n"
		 "  <!ENTITY internal \"https://evil.example/\">\n"
		 "]>\n"
		 "<urlset><url><loc>https://example.com/&xxe;</loc></url>"
		 "<url><loc>&internal;x</loc></url></urlset>\n", path);
	int rc = parse(xml, &s, &err);
	unlink(path);
	assert_int_equal(rc, 0);
	for (size_t i = 0; i < s.nurls; i++) {
		assert_null(strstr(s.urls[i], "SECRET"));
		assert_null(strstr(s.urls[i], "evil"));
	}
	assert_int_equal(s.nurls, 1);
	assert_string_equal(s.urls[0], "https://example.com/");
	assert_int_equal(s.skipped, 1);	/* "x" alone is no URL */
	crawl_sitemap_release(&s);
}

static void test_entity_bomb(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	const char *xml =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE urlset [\n"
		" <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		" <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		" <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
		" <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
		" <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
		" <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
		" <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
		" <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
		" <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
		"]>\n"
		"<urlset><url><loc>http://example.com/&i;</loc></url></urlset>\n";
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = parse(xml, &s, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(elapsed < 2.0);
	/* either refused, or parsed without the 4.8 GB expansion */
	if (rc == 0) {
		assert_int_equal(s.nurls, 1);
		assert_string_equal(s.urls[0], "http://example.com/");
	} else {
		assert_int_equal(rc, MA_ERR_PARSE);
	}
	crawl_sitemap_release(&s);
}

static void test_url_cap(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	struct buf xml = BUF_INIT;
	size_t total = CRAWL_SITEMAP_MAX_URLS + 123;
	buf_puts(&xml, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t i = 0; i < total; i++)
		buf_printf(&xml, "<url><loc>https://example.com/p/%zu</loc></url>\n", i);
	buf_puts(&xml, "</urlset>\n");
	assert_int_equal(crawl_sitemap_parse(xml.data, xml.len, 0, &s, &err), 0);
	assert_int_equal(s.nurls, CRAWL_SITEMAP_MAX_URLS);
	assert_int_equal(s.skipped, 123);
	assert_string_equal(s.urls[CRAWL_SITEMAP_MAX_URLS - 1], "https://example.com/p/49999");
	crawl_sitemap_release(&s);
	buf_release(&xml);
}

static void test_garbage(void **state)
{
	(void)state;
	struct sitemap s;
	struct ma_error err = { 0 };
	struct buf g = BUF_INIT;
	uint32_t x = 88172645u;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf_putc(&g, (char)(x & 0xff));
	}
	/* as text: nothing that looks like a URL */
	g.data[0] = 'z';
	assert_int_equal(crawl_sitemap_parse(g.data, g.len, 0, &s, &err), 0);
	assert_int_equal(s.nurls, 0);
	crawl_sitemap_release(&s);
	/* as XML: an error */
	g.data[0] = '<';
	assert_int_equal(crawl_sitemap_parse(g.data, g.len, 0, &s, &err), MA_ERR_PARSE);
	crawl_sitemap_release(&s);
	/* gzip magic followed by garbage */
	g.data[0] = 0x1f;
	g.data[1] = (char)0x8b;
	assert_int_equal(crawl_sitemap_parse(g.data, g.len, 0, &s, &err), MA_ERR_PARSE);
	crawl_sitemap_release(&s);
	buf_release(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_urlset),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_feeds),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_bomb_capped),
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_broken_xml),
		cmocka_unit_test(test_xxe_not_expanded),
		cmocka_unit_test(test_entity_bomb),
		cmocka_unit_test(test_url_cap),
		cmocka_unit_test(test_garbage),
	};
	return cmocka_run_group_tests_name("sitemap", tests, NULL, NULL);
}
