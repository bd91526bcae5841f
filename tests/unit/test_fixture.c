/* Unit tests for the scenario HTTP server (tests/fixture/), fetching with
 * libcurl: status sequences, delays, throttling, stalls, gzip, templates,
 * wildcards, the directory root, the request log, and that every scenario
 * in tests/crawl/scenarios loads. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* strcasestr */
#endif
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "common/buf.h"
#include "common/error.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"
#include "tests/fixture/fixture.h"

#ifndef MSGAUDIT_ABS_SRCDIR
#define MSGAUDIT_ABS_SRCDIR "."
#endif
#define SCENARIOS MSGAUDIT_ABS_SRCDIR "/tests/crawl/scenarios"

struct fetch {
	CURLcode rc;
	long status;
	struct buf body;
	struct buf headers;
	double seconds;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	buf_append(ud, p, size * n);
	return size * n;
}

enum { F_GZIP = 1, F_HEAD = 2, F_RAW_PATH = 4 };

/* Fetch url; timeout_ms 0 means 10 s.  No redirects are followed. */
static void fetch(const char *url, int flags, long timeout_ms, struct fetch *out)
{
	memset(out, 0, sizeof *out);
	CURL *c = curl_easy_init();
	assert_non_null(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "msgaudit/0.1 (test)");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms ? timeout_ms : 10000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (flags & F_GZIP)
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	if (flags & F_HEAD)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (flags & F_RAW_PATH)
		curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	double t0 = now_s();
	out->rc = curl_easy_perform(c);
	out->seconds = now_s() - t0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_easy_cleanup(c);
}

static void fetch_release(struct fetch *f)
{
	buf_release(&f->body);
	buf_release(&f->headers);
}

/* Fetch base + path and check the status; the caller releases out. */
static void get(struct fixture *fx, const char *path, int flags, long want, struct fetch *out)
{
	char *url = fixture_url(fx, path);
	fetch(url, flags, 0, out);
	free(url);
	assert_int_equal(out->rc, CURLE_OK);
	assert_int_equal(out->status, want);
}

static bool has_header(const struct fetch *f, const char *line)
{
	return strcasestr(buf_str(&f->headers), line) != NULL;
}

static struct fixture *start_text(const char *text)
{
	struct ma_error err = { 0 };
	struct fixture *fx = fixture_start_text(text, SCENARIOS, &err);
	if (!fx)
		fail_msg("fixture_start_text: %s", err.msg);
	return fx;
}

static struct fixture *start_file(const char *name)
{
	struct ma_error err = { 0 };
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", SCENARIOS, name);
	struct fixture *fx = fixture_start(path, &err);
	if (!fx)
		fail_msg("fixture_start %s: %s", name, err.msg);
	return fx;
}

static void test_status_sequence(void **state)
{
	(void)state;
	struct fixture *fx = start_text(
		"== /page.html\n"
		"status: 500, 503, 200   # then 200 for ever\n"
		"header: Retry-After: 1\n"
		"body: <p>ok</p>\n");
	static const long want[] = { 500, 503, 200, 200 };
	for (size_t i = 0; i < 4; i++) {
		struct fetch f;
		get(fx, "/page.html", 0, want[i], &f);
		assert_true(has_header(&f, "Retry-After: 1\r\n"));
		if (want[i] == 200)
			assert_string_equal(buf_str(&f.body), "<p>ok</p>");
		fetch_release(&f);
	}
	struct fetch f;
	get(fx, "/other", 0, 404, &f);
	fetch_release(&f);
	assert_int_equal(fixture_count(fx, "/page.html"), 4);
	assert_int_equal(fixture_request(fx, 1)->status, 503);
	fixture_stop(fx);
}

struct multi_result {
	double done_at;
	long status;
};

static void test_delay_does_not_block_others(void **state)
{
	(void)state;
	struct fixture *fx = start_text(
		"== /late.html\ndelay: 1.0\nbody: late\n"
		"== /fast.html\nbody: fast\n"
		"== /seq.html\ndelay: 0.3, 0\nbody: seq\n");

	/* the delay is measured */
	struct fetch f;
	get(fx, "/seq.html", 0, 200, &f);
	assert_true(f.seconds >= 0.29);
	fetch_release(&f);
	get(fx, "/seq.html", 0, 200, &f);	/* second request: no delay */
	assert_true(f.seconds < 0.25);
	fetch_release(&f);

	/* a late response on one connection does not hold up another */
	CURLM *m = curl_multi_init();
	CURL *late = curl_easy_init(), *fast = curl_easy_init();
	struct buf b1 = BUF_INIT, b2 = BUF_INIT;
	char *u1 = fixture_url(fx, "/late.html"), *u2 = fixture_url(fx, "/fast.html");
	curl_easy_setopt(late, CURLOPT_URL, u1);
	curl_easy_setopt(late, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(late, CURLOPT_WRITEDATA, &b1);
	curl_easy_setopt(fast, CURLOPT_URL, u2);
	curl_easy_setopt(fast, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(fast, CURLOPT_WRITEDATA, &b2);
	curl_multi_add_handle(m, late);
	double t0 = now_s();
	int running = 1;
	bool fast_added = false;
	double late_done = 0, fast_done = 0;
	while (running || !fast_added) {
		if (!fast_added && now_s() - t0 > 0.1) {
			curl_multi_add_handle(m, fast);	/* after the late one is waiting */
			fast_added = true;
		}
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left)))
			if (msg->msg == CURLMSG_DONE) {
				assert_int_equal(msg->data.result, CURLE_OK);
				if (msg->easy_handle == late)
					late_done = now_s() - t0;
				else
					fast_done = now_s() - t0;
			}
		curl_multi_poll(m, NULL, 0, 20, NULL);
		assert_true(now_s() - t0 < 10);
	}
	assert_true(late_done >= 0.99);
	assert_true(fast_done > 0 && fast_done < 0.9);	/* well before the late one */
	assert_string_equal(buf_str(&b1), "late");
	assert_string_equal(buf_str(&b2), "fast");
	curl_multi_remove_handle(m, late);
	curl_multi_remove_handle(m, fast);
	curl_easy_cleanup(late);
	curl_easy_cleanup(fast);
	curl_multi_cleanup(m);
	free(u1);
	free(u2);
	buf_release(&b1);
	buf_release(&b2);
	fixture_stop(fx);
}

static void test_rate_and_stall(void **state)
{
	(void)state;
	struct fixture *fx = start_text(
		"== /slow.html\nrate: 2000\nbody-size: 1000\n"
		"== /stall.html\nstall-after: 100\nbody-size: 5000\n"
		"== /chunked.html\nchunked: yes\nbody-size: 3000\n");

	struct fetch f;
	get(fx, "/slow.html", 0, 200, &f);
	assert_int_equal(f.body.len, 1000);
	assert_true(f.seconds >= 0.45);	/* 1000 bytes at 2000 B/s */
	assert_true(f.seconds < 3);
	fetch_release(&f);

	char *url = fixture_url(fx, "/stall.html");
	fetch(url, 0, 700, &f);
	free(url);
	assert_int_equal(f.rc, CURLE_OPERATION_TIMEDOUT);
	assert_int_equal(f.status, 200);
	assert_int_equal(f.body.len, 100);
	assert_true(has_header(&f, "Content-Length: 5000"));
	fetch_release(&f);

	get(fx, "/chunked.html", 0, 200, &f);
	assert_int_equal(f.body.len, 3000);
	assert_false(has_header(&f, "Content-Length"));
	assert_true(has_header(&f, "Transfer-Encoding: chunked"));
	fetch_release(&f);

	/* a stalled response still running does not hold up the stop */
	CURLM *m = curl_multi_init();
	CURL *e = curl_easy_init();
	struct buf sink = BUF_INIT;
	url = fixture_url(fx, "/stall.html");
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &sink);
	curl_multi_add_handle(m, e);
	int running = 1;
	double t0 = now_s();
	while (sink.len < 100 && now_s() - t0 < 5) {
		curl_multi_perform(m, &running);
		curl_multi_poll(m, NULL, 0, 20, NULL);
	}
	assert_int_equal(sink.len, 100);
	t0 = now_s();
	fixture_stop(fx);
	assert_true(now_s() - t0 < 2);
	curl_multi_remove_handle(m, e);
	curl_easy_cleanup(e);
	curl_multi_cleanup(m);
	buf_release(&sink);
	free(url);
}

static void test_gzip(void **state)
{
	(void)state;
	struct fixture *fx = start_text(
		"== /gz.html\ngzip: yes\nbody: <p>seamless gzip</p>\n"
		"== /always.html\ngzip: always\nbody: <p>always</p>\n"
		"== /sitemap.xml.gz\ngzip: body\nbody:\n"
		"<urlset><url><loc>{base}/orphan.html</loc></url></urlset>\n");
	struct fetch f;

	get(fx, "/gz.html", F_GZIP, 200, &f);	/* curl inflates it */
	assert_true(has_header(&f, "Content-Encoding: gzip"));
	assert_true(has_header(&f, "Vary: Accept-Encoding"));
	assert_string_equal(buf_str(&f.body), "<p>seamless gzip</p>");
	fetch_release(&f);

	get(fx, "/gz.html", 0, 200, &f);	/* not accepted: plain */
	assert_false(has_header(&f, "Content-Encoding"));
	assert_string_equal(buf_str(&f.body), "<p>seamless gzip</p>");
	fetch_release(&f);
	const struct fixture_request *rq = fixture_request(fx, 0);
	assert_string_equal(rq->accept_encoding, "gzip");
	assert_string_equal(fixture_request(fx, 1)->accept_encoding, "");

	get(fx, "/always.html", 0, 200, &f);	/* raw gzip bytes arrive */
	assert_true(has_header(&f, "Content-Encoding: gzip"));
	assert_true(f.body.len > 2);
	assert_int_equal((unsigned char)f.body.data[0], 0x1f);
	assert_int_equal((unsigned char)f.body.data[1], 0x8b);
	fetch_release(&f);

	/* a .gz file: gzip bytes without Content-Encoding, which the
	 * sitemap parser inflates itself */
	get(fx, "/sitemap.xml.gz", F_GZIP, 200, &f);
	assert_false(has_header(&f, "Content-Encoding"));
	assert_true(has_header(&f, "Content-Type: application/gzip"));
	assert_int_equal((unsigned char)f.body.data[0], 0x1f);
	struct sitemap sm;
	struct ma_error err = { 0 };
	assert_int_equal(crawl_sitemap_parse(f.body.data, f.body.len, 0, &sm, &err), 0);
	assert_int_equal(sm.nurls, 1);
	char *want = fixture_url(fx, "/orphan.html");
	assert_string_equal(sm.urls[0], want);
	free(want);
	crawl_sitemap_release(&sm);
	fetch_release(&f);
	fixture_stop(fx);
}

static void test_templates_and_wildcards(void **state)
{
	(void)state;
	struct fixture *fx = start_text(
		"== /calendar/*\n"
		"template: yes\n"
		"body: <a href=\"{next}\">next</a> n={n} q={query} p={path} {unknown} {base}\n"
		"== /calendar/special\n"
		"body: exact beats prefix\n"
		"== /calendar/deeper/*\n"
		"body: longest prefix wins\n"
		"== /static\n"
		"body: {path} stays, {base} expands, {\"json\": 1}\n"
		"== /hop/*\n"
		"status: 302\n"
		"header: Location: {base}{next}\n");
	char *base = fixture_url(fx, "");
	struct fetch f;
	char want[512];

	get(fx, "/calendar/2024/12/?x=1", 0, 200, &f);
	snprintf(want, sizeof want,
		 "<a href=\"/calendar/2025/01/\">next</a> n=1 q=x=1 p=/calendar/2024/12/ {unknown} %s",
		 base);
	assert_string_equal(buf_str(&f.body), want);
	fetch_release(&f);

	get(fx, "/calendar/2024/05/", 0, 200, &f);
	assert_non_null(strstr(buf_str(&f.body), "\"/calendar/2024/06/\""));
	assert_non_null(strstr(buf_str(&f.body), "n=2 "));
	fetch_release(&f);

	get(fx, "/calendar/page-9.html", 0, 200, &f);	/* not a month: +1 */
	assert_non_null(strstr(buf_str(&f.body), "\"/calendar/page-10.html\""));
	fetch_release(&f);

	get(fx, "/calendar/", 0, 200, &f);	/* no number: "1" appended */
	assert_non_null(strstr(buf_str(&f.body), "\"/calendar/1/\""));
	fetch_release(&f);

	get(fx, "/calendar/special", 0, 200, &f);
	assert_string_equal(buf_str(&f.body), "exact beats prefix");
	fetch_release(&f);
	get(fx, "/calendar/deeper/x", 0, 200, &f);
	assert_string_equal(buf_str(&f.body), "longest prefix wins");
	fetch_release(&f);

	get(fx, "/static", 0, 200, &f);
	snprintf(want, sizeof want, "{path} stays, %s expands, {\"json\": 1}", base);
	assert_string_equal(buf_str(&f.body), want);
	fetch_release(&f);

	get(fx, "/hop/7", 0, 302, &f);
	snprintf(want, sizeof want, "Location: %s/hop/8\r\n", base);
	assert_true(has_header(&f, want));
	fetch_release(&f);

	get(fx, "/cal", 0, 404, &f);	/* not under /calendar/ */
	fetch_release(&f);
	assert_int_equal(fixture_count(fx, "/calendar/*"), 6);
	free(base);
	fixture_stop(fx);
}

static void test_placeholders_and_hosts(void **state)
{
	(void)state;
	struct fixture *fx = start_text(
		"== /\n"
		"header: Link: <{other}/x>; rel=\"alternate\"\n"
		"header: X-Port: {port}\n"
		"body: {base}|{other}|{dead}|{host}\n"
		"== /x\n"
		"body: x\n");
	char want[512];
	struct fetch f;

	assert_true(fixture_port(fx) > 0);
	snprintf(want, sizeof want, "http://127.0.0.1:%u", fixture_port(fx));
	assert_string_equal(fixture_base(fx), want);
	snprintf(want, sizeof want, "http://localhost:%u", fixture_port(fx));
	assert_string_equal(fixture_other_base(fx), want);
	assert_string_not_equal(fixture_dead_base(fx), fixture_base(fx));

	get(fx, "/", 0, 200, &f);
	snprintf(want, sizeof want, "%s|%s|%s|127.0.0.1:%u", fixture_base(fx),
		 fixture_other_base(fx), fixture_dead_base(fx), fixture_port(fx));
	assert_string_equal(buf_str(&f.body), want);
	snprintf(want, sizeof want, "X-Port: %u\r\n", fixture_port(fx));
	assert_true(has_header(&f, want));
	fetch_release(&f);

	/* the other host name reaches the same server; the log tells */
	snprintf(want, sizeof want, "%s/x", fixture_other_base(fx));
	fetch(want, 0, 0, &f);
	assert_int_equal(f.rc, CURLE_OK);
	assert_int_equal(f.status, 200);
	fetch_release(&f);
	snprintf(want, sizeof want, "localhost:%u", fixture_port(fx));
	assert_string_equal(fixture_request(fx, 1)->host, want);
	snprintf(want, sizeof want, "127.0.0.1:%u", fixture_port(fx));
	assert_string_equal(fixture_request(fx, 0)->host, want);

	/* nothing listens on the dead port */
	snprintf(want, sizeof want, "%s/", fixture_dead_base(fx));
	fetch(want, 0, 2000, &f);
	assert_int_equal(f.rc, CURLE_COULDNT_CONNECT);
	fetch_release(&f);
	fixture_stop(fx);
}

static void test_request_log(void **state)
{
	(void)state;
	struct fixture *fx = start_text("== /a\nbody: a\n== /b?x=1\nbody: only with x=1\n");
	struct fetch f;

	get(fx, "/a?utm=1", 0, 200, &f);
	fetch_release(&f);
	get(fx, "/a", F_HEAD, 200, &f);
	assert_int_equal(f.body.len, 0);
	fetch_release(&f);
	get(fx, "/b?x=1", 0, 200, &f);
	assert_string_equal(buf_str(&f.body), "only with x=1");
	fetch_release(&f);
	get(fx, "/b?x=2", 0, 404, &f);	/* a route with a query matches it whole */
	fetch_release(&f);
	get(fx, "/with%20space?q=a%2Fb", 0, 404, &f);
	fetch_release(&f);

	assert_true(fixture_wait_requests(fx, 5, 1000));
	assert_false(fixture_wait_requests(fx, 6, 50));
	assert_int_equal(fixture_nrequests(fx), 5);
	const struct fixture_request *rq = fixture_request(fx, 0);
	assert_string_equal(rq->method, "GET");
	assert_string_equal(rq->path, "/a?utm=1");
	assert_string_equal(rq->user_agent, "msgaudit/0.1 (test)");
	assert_string_equal(rq->referer, "");
	assert_int_equal(rq->status, 200);
	assert_true(rq->ms >= 0);
	assert_string_equal(fixture_request(fx, 1)->method, "HEAD");
	assert_true(fixture_request(fx, 1)->ms >= rq->ms);
	assert_string_equal(fixture_request(fx, 4)->path, "/with%20space?q=a%2Fb");
	assert_int_equal(fixture_request(fx, 4)->status, 404);
	assert_null(fixture_request(fx, 5));

	assert_int_equal(fixture_count(fx, "/a"), 2);
	assert_int_equal(fixture_count(fx, "/a?utm=1"), 1);
	assert_int_equal(fixture_count(fx, "/b"), 2);
	assert_int_equal(fixture_count(fx, "/b?x=2"), 1);
	assert_int_equal(fixture_count(fx, "/*"), 5);
	assert_int_equal(fixture_count(fx, "/nope"), 0);
	fixture_stop(fx);
}

static void test_content_types(void **state)
{
	(void)state;
	struct fixture *fx = start_text(
		"== /none\nheader: Content-Type:\nbody: x\n"
		"== /latin1\ntype: text/html; charset=ISO-8859-1\nbody-file: files/latin1.html\n"
		"== /doc.pdf\nbody-file: files/sample.pdf\n"
		"== /dir/\nbody: d\n"
		"== /data.bin\nbody: b\n");
	struct fetch f;
	get(fx, "/none", 0, 200, &f);
	assert_false(has_header(&f, "Content-Type"));
	fetch_release(&f);
	get(fx, "/latin1", 0, 200, &f);
	assert_true(has_header(&f, "Content-Type: text/html; charset=ISO-8859-1\r\n"));
	assert_non_null(strstr(buf_str(&f.body), "Caf\xe9"));	/* bytes as in the file */
	fetch_release(&f);
	get(fx, "/doc.pdf", 0, 200, &f);
	assert_true(has_header(&f, "Content-Type: application/pdf"));
	assert_int_equal(memcmp(f.body.data, "%PDF-", 5), 0);
	fetch_release(&f);
	get(fx, "/dir/", 0, 200, &f);
	assert_true(has_header(&f, "Content-Type: text/html; charset=utf-8"));
	fetch_release(&f);
	get(fx, "/data.bin", 0, 200, &f);
	assert_true(has_header(&f, "Content-Type: application/octet-stream"));
	fetch_release(&f);
	fixture_stop(fx);
}

static void test_body_size_and_robots(void **state)
{
	(void)state;
	struct fixture *fx = start_text("== /big.html\nbody-size: 100000\n"
					"== /tiny.html\nbody-size: 10\nbody: {filler}this is longer than ten\n");
	struct fetch f;
	get(fx, "/big.html", 0, 200, &f);
	assert_int_equal(f.body.len, 100000);
	assert_non_null(strstr(buf_str(&f.body), "seamless"));
	assert_non_null(strstr(buf_str(&f.body), "</html>"));
	fetch_release(&f);
	get(fx, "/tiny.html", 0, 200, &f);
	assert_string_equal(buf_str(&f.body), "this is longer than ten");
	fetch_release(&f);
	fixture_stop(fx);

	/* the huge robots.txt scenario puts a rule past the 500 KiB cut */
	fx = start_file("robots-huge.site");
	get(fx, "/robots.txt", 0, 200, &f);
	assert_int_equal(f.body.len, 600000);
	assert_true(has_header(&f, "Content-Type: text/plain"));
	struct robots *r = crawl_robots_parse(f.body.data, f.body.len, "msgaudit");
	assert_false(crawl_robots_allowed(r, "/before-cut.html"));
	assert_true(crawl_robots_allowed(r, "/after-cut.html"));
	assert_non_null(strstr(buf_str(&f.body), "Disallow: /after-cut.html"));
	crawl_robots_free(r);
	fetch_release(&f);
	fixture_stop(fx);
}

/* The expectations written at the top of robots-agents.site hold for our
 * own robots.txt parser. */
static void test_robots_agents_scenario(void **state)
{
	(void)state;
	static const char *fetched[] = {
		"/", "/about.html", "/blog/", "/blog/launch.html", "/private/press-kit.html",
		"/star-only.html", "/shop/", "/docs/manual.pdf.html",
	};
	static const char *blocked[] = {
		"/private/", "/private/roadmap.html", "/search?q=seamless", "/shop/cart",
		"/docs/manual.pdf", "/drafts/next.html", "/tmp/x.html",
	};
	struct fixture *fx = start_file("robots-agents.site");
	struct fetch f;
	get(fx, "/robots.txt", 0, 200, &f);
	struct robots *r = crawl_robots_parse(f.body.data, f.body.len, "msgaudit/0.1");
	for (size_t i = 0; i < sizeof fetched / sizeof *fetched; i++)
		if (!crawl_robots_allowed(r, fetched[i]))
			fail_msg("%s should be allowed", fetched[i]);
	for (size_t i = 0; i < sizeof blocked / sizeof *blocked; i++)
		if (crawl_robots_allowed(r, blocked[i]))
			fail_msg("%s should be disallowed", blocked[i]);
	assert_int_equal(crawl_robots_sitemap_count(r), 1);
	char *sm = fixture_url(fx, "/sitemap.xml");
	assert_string_equal(crawl_robots_sitemap(r, 0), sm);
	free(sm);
	assert_true(crawl_robots_crawl_delay(r) == 0);
	crawl_robots_free(r);
	fetch_release(&f);

	/* and every listed page exists, so a crawler that fetches it gets 200 */
	for (size_t i = 0; i < sizeof fetched / sizeof *fetched; i++) {
		get(fx, fetched[i], 0, 200, &f);
		fetch_release(&f);
	}
	fixture_stop(fx);
}

static void ensure_corpus_env(void)
{
	if (!getenv("CORPUS"))
		setenv("CORPUS", MSGAUDIT_ABS_SRCDIR "/../shared/corpus", 1);
}

static void test_directory_root(void **state)
{
	(void)state;
	ensure_corpus_env();
	char dir[1024];
	struct stat st;
	snprintf(dir, sizeof dir, "%s/crawlsite/index.html", getenv("CORPUS"));
	if (stat(dir, &st) != 0)
		skip();	/* no corpus beside this checkout */

	struct fixture *fx = start_file("crawlsite.site");
	struct fetch f;
	char want[256];

	get(fx, "/", 0, 200, &f);
	assert_true(has_header(&f, "Content-Type: text/html"));
	assert_non_null(strstr(buf_str(&f.body), "cloud.gov"));
	fetch_release(&f);

	get(fx, "/docs", 0, 301, &f);	/* a directory without its slash */
	snprintf(want, sizeof want, "Location: %s/docs/\r\n", fixture_base(fx));
	assert_true(has_header(&f, want));
	fetch_release(&f);
	get(fx, "/docs/", 0, 200, &f);
	fetch_release(&f);

	get(fx, "/robots.txt", 0, 200, &f);
	assert_true(has_header(&f, "Content-Type: text/plain"));
	snprintf(want, sizeof want, "Sitemap: %s/sitemap.xml", fixture_base(fx));
	assert_non_null(strstr(buf_str(&f.body), want));
	fetch_release(&f);

	get(fx, "/sitemap.xml", 0, 200, &f);
	struct sitemap sm;
	struct ma_error err = { 0 };
	assert_int_equal(crawl_sitemap_parse(f.body.data, f.body.len, 0, &sm, &err), 0);
	assert_int_equal(sm.nurls, 300);
	assert_int_equal(strncmp(sm.urls[0], fixture_base(fx), strlen(fixture_base(fx))), 0);
	crawl_sitemap_release(&sm);
	fetch_release(&f);

	get(fx, "/no/such/page.html", 0, 404, &f);
	fetch_release(&f);
	get(fx, "/../../../../etc/passwd", F_RAW_PATH, 404, &f);
	fetch_release(&f);
	fixture_stop(fx);
}

static void test_scenario_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "== /a\nstatus: 99\n", "<scenario>:2: bad status list" },
		{ "== /a\nfrobnicate: yes\n", "<scenario>:2: unknown key 'frobnicate'" },
		{ "status: 200\n", "<scenario>:1: 'status' belongs under a route" },
		{ "body: x\n", "<scenario>:1: 'body' belongs under a route" },
		{ "== /a*b\n", "<scenario>:1: '*' is only allowed at the end" },
		{ "== a\n", "<scenario>:1: a route must start with '/'" },
		{ "== /a\n== /a\n", "<scenario>:2: route declared twice (first at line 1)" },
		{ "== /a\nbody-file: no-such-file\n", "<scenario>:2: cannot read body-file" },
		{ "== /a\ngzip: maybe\n", "<scenario>:2: gzip: expected" },
		{ "== /a\nthis line has no colon\n", "<scenario>:2: expected 'key: value'" },
		{ "root: /no/such/dir\n", "<scenario>:1: root: /no/such/dir is not a directory" },
		{ "== /a\nroot: /tmp\n", "<scenario>:2: 'root' goes before the first route" },
		{ "root: ${MSGAUDIT_SURELY_UNSET_VAR}/x\n", "MSGAUDIT_SURELY_UNSET_VAR is not set" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct ma_error err = { 0 };
		struct fixture *fx = fixture_new_text(bad[i].text, SCENARIOS, &err);
		if (fx)
			fail_msg("accepted: %s", bad[i].text);
		if (!strstr(err.msg, bad[i].msg))
			fail_msg("for %s: got \"%s\", want \"%s\"", bad[i].text, err.msg, bad[i].msg);
	}
	struct ma_error err = { 0 };
	assert_null(fixture_new("/no/such/scenario.site", &err));
	assert_int_equal(err.code, MA_ERR_IO);
}

static void test_all_scenarios_load(void **state)
{
	(void)state;
	ensure_corpus_env();
	DIR *d = opendir(SCENARIOS);
	assert_non_null(d);
	struct dirent *de;
	size_t n = 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".site") != 0)
			continue;
		char path[1024];
		struct ma_error err = { 0 };
		snprintf(path, sizeof path, "%s/%s", SCENARIOS, de->d_name);
		if (!strcmp(de->d_name, "crawlsite.site")) {
			struct stat st;
			char root[1024];
			snprintf(root, sizeof root, "%s/crawlsite", getenv("CORPUS"));
			if (stat(root, &st) != 0)
				continue;
		}
		struct fixture *fx = fixture_start(path, &err);
		if (!fx)
			fail_msg("%s", err.msg);
		/* every scenario's home page answers */
		struct fetch f;
		char *url = fixture_url(fx, "/");
		fetch(url, F_GZIP, 0, &f);
		free(url);
		assert_int_equal(f.rc, CURLE_OK);
		if (f.status != 200)
			fail_msg("%s: / answered %ld", de->d_name, f.status);
		fetch_release(&f);
		fixture_stop(fx);
		n++;
	}
	closedir(d);
	assert_true(n >= 20);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_sequence),
		cmocka_unit_test(test_delay_does_not_block_others),
		cmocka_unit_test(test_rate_and_stall),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_templates_and_wildcards),
		cmocka_unit_test(test_placeholders_and_hosts),
		cmocka_unit_test(test_request_log),
		cmocka_unit_test(test_content_types),
		cmocka_unit_test(test_body_size_and_robots),
		cmocka_unit_test(test_robots_agents_scenario),
		cmocka_unit_test(test_directory_root),
		cmocka_unit_test(test_scenario_errors),
		cmocka_unit_test(test_all_scenarios_load),
	};
	int rc = cmocka_run_group_tests_name("fixture", tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
