/* The libcurl multi event loop; the contract is in fetch.h. */
#include "crawler/fetch.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "common/xalloc.h"

struct xfer {
	CURL *easy;
	void *ud;
	char *url;
	struct buf body;
	size_t bytes;
	size_t max_body;
	bool too_big;
	bool truncate;		/* at max_body: keep what came and succeed */
	bool truncated;
	char *content_type;
	char *retry_after;
	struct buf robots_tag;
	char errbuf[CURL_ERROR_SIZE];
	struct xfer *next;	/* in the free list */
};

struct crawl_fetcher {
	CURLM *multi;
	struct crawl_fetch_opts o;
	char *user_agent;
	size_t active;
	struct xfer *free_list;
	struct xfer *running;	/* started, not finished */
	struct curl_slist *headers;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (x->max_body && x->bytes + n > x->max_body) {
		if (x->truncate) {
			size_t keep = x->max_body - x->bytes;
			buf_append(&x->body, data, keep);
			x->bytes += keep;
			x->truncated = true;
		} else {
			x->too_big = true;
		}
		return 0;	/* aborts the transfer: CURLE_WRITE_ERROR */
	}
	buf_append(&x->body, data, n);
	x->bytes += n;
	return n;
}

static char *header_value(const char *line, size_t n, const char *name)
{
	size_t nl = strlen(name);
	if (n <= nl || strncasecmp(line, name, nl) || line[nl] != ':')
		return NULL;
	const char *v = line + nl + 1, *end = line + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && isspace((unsigned char)end[-1]))
		end--;
	return xstrndup(v, (size_t)(end - v));
}

/* Headers of the last response only: a new status line starts afresh
 * (curl sends the headers of every redirect hop and 1xx response). */
static size_t on_header(char *line, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	char *v;
	if (n >= 5 && !strncmp(line, "HTTP/", 5)) {
		free(x->content_type);
		free(x->retry_after);
		x->content_type = x->retry_after = NULL;
		buf_reset(&x->robots_tag);
	} else if ((v = header_value(line, n, "content-type"))) {
		free(x->content_type);
		x->content_type = v;
	} else if ((v = header_value(line, n, "retry-after"))) {
		free(x->retry_after);
		x->retry_after = v;
	} else if ((v = header_value(line, n, "x-robots-tag"))) {
		if (x->robots_tag.len)
			buf_puts(&x->robots_tag, ", ");
		buf_puts(&x->robots_tag, v);
		free(v);
	}
	return n;
}

struct crawl_fetcher *crawl_fetcher_new(const struct crawl_fetch_opts *o)
{
	struct crawl_fetcher *f = xcalloc(1, sizeof *f);
	f->o = *o;
	f->user_agent = xstrdup(o->user_agent ? o->user_agent : "msgaudit");
	f->o.user_agent = f->user_agent;
	f->multi = curl_multi_init();
	if (!f->multi)
		abort();
	curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, 16L);
	f->headers = curl_slist_append(NULL, "Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.5");
	return f;
}

static void xfer_reset(struct xfer *x)
{
	free(x->url);
	buf_release(&x->body);
	free(x->content_type);
	free(x->retry_after);
	buf_release(&x->robots_tag);
	CURL *easy = x->easy;
	memset(x, 0, sizeof *x);
	x->easy = easy;
}

static void xfer_free(struct xfer *x)
{
	xfer_reset(x);
	curl_easy_cleanup(x->easy);
	free(x);
}

void crawl_fetcher_free(struct crawl_fetcher *f)
{
	if (!f)
		return;
	while (f->running) {
		struct xfer *x = f->running;
		f->running = x->next;
		curl_multi_remove_handle(f->multi, x->easy);
		xfer_free(x);
	}
	while (f->free_list) {
		struct xfer *x = f->free_list;
		f->free_list = x->next;
		xfer_free(x);
	}
	curl_multi_cleanup(f->multi);
	curl_slist_free_all(f->headers);
	free(f->user_agent);
	free(f);
}

static void set_protocols(CURL *e)
{
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}

void crawl_fetch_start(struct crawl_fetcher *f, const char *url, long max_redirs, size_t max_body,
		       bool truncate, void *ud)
{
	struct xfer *x = f->free_list;
	if (x) {
		f->free_list = x->next;
		curl_easy_reset(x->easy);
	} else {
		x = xcalloc(1, sizeof *x);
		x->easy = curl_easy_init();
		if (!x->easy)
			abort();
	}
	x->next = NULL;
	x->ud = ud;
	x->url = xstrdup(url);
	x->max_body = max_body ? max_body : f->o.max_body;
	x->truncate = truncate;
	CURL *e = x->easy;
	curl_easy_setopt(e, CURLOPT_URL, x->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_USERAGENT, f->user_agent);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 f->o.connect_timeout_ms > 0 ? f->o.connect_timeout_ms : 10000L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, f->o.timeout_ms > 0 ? f->o.timeout_ms : 30000L);
	if (f->o.low_speed_secs > 0) {
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, f->o.low_speed_bytes > 0 ? f->o.low_speed_bytes : 1L);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->o.low_speed_secs);
	}
	if (x->max_body && !truncate)
		curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_body);
	set_protocols(e);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, max_redirs > 0 ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, max_redirs);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, f->headers);
	curl_multi_add_handle(f->multi, e);
	x->next = f->running;
	f->running = x;
	f->active++;
}

static enum crawl_fetch_err classify(CURLcode c, bool too_big)
{
	if (too_big || c == CURLE_FILESIZE_EXCEEDED)
		return CRAWL_FETCH_TOO_BIG;
	switch (c) {
	case CURLE_OK:
		return CRAWL_FETCH_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return CRAWL_FETCH_DNS;
	case CURLE_COULDNT_CONNECT:
		return CRAWL_FETCH_CONNECT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
		return CRAWL_FETCH_TLS;
	case CURLE_OPERATION_TIMEDOUT:
		return CRAWL_FETCH_TIMEOUT;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_BAD_CONTENT_ENCODING:
		return CRAWL_FETCH_NETWORK;
	default:
		return CRAWL_FETCH_OTHER;
	}
}

static void finish(struct crawl_fetcher *f, CURL *e, CURLcode code, crawl_fetch_done_fn done, void *arg)
{
	struct xfer *x = NULL;
	curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&x);
	curl_multi_remove_handle(f->multi, e);
	for (struct xfer **pp = &f->running; *pp; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	f->active--;
	struct crawl_response r;
	memset(&r, 0, sizeof r);
	long status = 0;
	char *eff = NULL, *loc = NULL;
	double secs = 0;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &loc);
	curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &secs);
	r.ud = x->ud;
	r.url = x->url;
	r.effective_url = eff ? eff : x->url;
	r.err = x->truncated ? CRAWL_FETCH_OK : classify(code, x->too_big);
	r.truncated = x->truncated;
	if (r.err == CRAWL_FETCH_TOO_BIG)
		r.errmsg = "body larger than the size limit: aborted";
	else if (r.err != CRAWL_FETCH_OK)
		r.errmsg = x->errbuf[0] ? x->errbuf : curl_easy_strerror(code);
	r.status = (int)status;
	r.content_type = x->content_type;
	r.location = status >= 300 && status < 400 ? loc : NULL;
	r.retry_after = x->retry_after;
	r.x_robots_tag = x->robots_tag.len ? buf_str(&x->robots_tag) : NULL;
	r.body = x->body;
	memset(&x->body, 0, sizeof x->body);
	r.bytes = x->bytes;
	r.ms = secs * 1000.0;
	done(&r, arg);
	buf_release(&r.body);
	xfer_reset(x);
	x->next = f->free_list;
	f->free_list = x;
}

int crawl_fetcher_run(struct crawl_fetcher *f, int timeout_ms, crawl_fetch_done_fn done, void *arg)
{
	int running = 0, nfds = 0, finished = 0;
	curl_multi_perform(f->multi, &running);
	if (timeout_ms > 0)
		curl_multi_poll(f->multi, NULL, 0, timeout_ms, &nfds);
	curl_multi_perform(f->multi, &running);
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(f->multi, &left))) {
		if (m->msg != CURLMSG_DONE)
			continue;
		finish(f, m->easy_handle, m->data.result, done, arg);
		finished++;
	}
	return finished;
}

size_t crawl_fetcher_active(const struct crawl_fetcher *f)
{
	return f->active;
}

void crawl_fetcher_wakeup(struct crawl_fetcher *f)
{
	curl_multi_wakeup(f->multi);
}

double crawl_retry_after_secs(const char *value)
{
	if (!value)
		return -1;
	while (isspace((unsigned char)*value))
		value++;
	if (isdigit((unsigned char)*value)) {
		char *end;
		double v = strtod(value, &end);
		while (isspace((unsigned char)*end))
			end++;
		return *end ? -1 : v;
	}
	time_t t = curl_getdate(value, NULL);
	if (t == (time_t)-1)
		return -1;
	double d = difftime(t, time(NULL));
	return d > 0 ? d : 0;
}

char *crawl_content_type_charset(const char *ct)
{
	if (!ct)
		return NULL;
	const char *p = strcasestr(ct, "charset=");
	if (!p)
		return NULL;
	p += 8;
	while (*p == ' ' || *p == '"' || *p == '\'')
		p++;
	size_t n = 0;
	while (p[n] && p[n] != ';' && p[n] != '"' && p[n] != '\'' && !isspace((unsigned char)p[n]))
		n++;
	return n ? xstrndup(p, n) : NULL;
}

bool crawl_content_type_is_html(const char *ct)
{
	if (!ct)
		return false;
	while (isspace((unsigned char)*ct))
		ct++;
	size_t n = strcspn(ct, "; \t");
	return (n == 9 && !strncasecmp(ct, "text/html", 9)) ||
	       (n == 21 && !strncasecmp(ct, "application/xhtml+xml", 21));
}
