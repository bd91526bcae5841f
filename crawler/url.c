/* URL parsing, resolution and normalisation; the contract is in url.h. */
#include "crawler/url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "common/buf.h"
#include "common/xalloc.h"

static bool is_unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bytes a browser would percent-encode before sending (WHATWG URL: the
 * C0 control, fragment and path percent-encode sets, roughly). */
static bool needs_escape(unsigned char c)
{
	return c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) != NULL;
}

/* Strip surrounding whitespace, drop tabs and newlines and the fragment,
 * turn '\' into '/', percent-encode what may not appear and escape a '%'
 * that starts no escape.  Returns a new string. */
static char *preclean(const char *href)
{
	struct buf b = BUF_INIT;
	const unsigned char *s = (const unsigned char *)href;
	size_t n = strlen(href);
	while (n && s[n - 1] <= 0x20)
		n--;
	while (n && *s <= 0x20)
		s++, n--;
	for (size_t i = 0; i < n && s[i] != '#'; i++) {
		unsigned char c = s[i];
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '\\')
			buf_putc(&b, '/');
		else if (c == '%' && (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0))
			buf_puts(&b, "%25");
		else if (needs_escape(c))
			buf_printf(&b, "%%%02X", c);
		else
			buf_putc(&b, (char)c);
	}
	size_t len;
	char *out = buf_detach(&b, &len);
	return out ? out : xstrdup("");
}

/* The scheme of an absolute reference, lower-cased into out; false when
 * the reference is relative. */
static bool scheme_of(const char *s, char *out, size_t outsz)
{
	if (!isalpha((unsigned char)s[0]))
		return false;
	size_t i = 1;
	while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	if (s[i] != ':' || i >= outsz)
		return false;
	for (size_t j = 0; j < i; j++)
		out[j] = (char)tolower((unsigned char)s[j]);
	out[i] = '\0';
	return true;
}

/* Upper-case percent-encoding hex and decode unreserved characters
 * (RFC 3986 6.2.2.1, 6.2.2.2). */
static void put_normalized_part(struct buf *b, const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '%' && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			int v = hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]);
			if (is_unreserved((unsigned char)v))
				buf_putc(b, (char)v);
			else
				buf_printf(b, "%%%02X", v);
			i += 2;
		} else {
			buf_putc(b, s[i]);
		}
	}
}

static const char *curl_url_message(CURLUcode uc)
{
#if LIBCURL_VERSION_NUM >= 0x075000
	return curl_url_strerror(uc);
#else
	(void)uc;
	return "malformed URL";
#endif
}

enum crawl_url_rc crawl_url_resolve(const char *base, const char *href, char **out,
				    struct ma_error *err)
{
	enum crawl_url_rc rc = CRAWL_URL_BAD;
	char *clean = preclean(href ? href : "");
	CURLU *h = NULL;
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL;
	char sch[32];
	*out = NULL;

	if (!*clean && !base) {
		ma_error_set(err, MA_ERR_PARSE, "empty URL");
		goto out;
	}
	if (scheme_of(clean, sch, sizeof sch) && strcmp(sch, "http") && strcmp(sch, "https")) {
		rc = CRAWL_URL_SCHEME;
		ma_error_set(err, MA_ERR_PARSE, "%s: not an http(s) URL", clean);
		goto out;
	}
	if (!*clean) {
		rc = CRAWL_URL_EMPTY;
		ma_error_set(err, MA_ERR_PARSE, "a link to the page itself");
		goto out;
	}
	h = curl_url();
	if (!h)
		abort();
	CURLUcode uc;
	if (base && (uc = curl_url_set(h, CURLUPART_URL, base, 0)) != CURLUE_OK) {
		ma_error_set(err, MA_ERR_PARSE, "%s: bad base URL: %s", base, curl_url_message(uc));
		goto out;
	}
	if (!base && !scheme_of(clean, sch, sizeof sch)) {
		ma_error_set(err, MA_ERR_PARSE, "%s: not an absolute URL", clean);
		goto out;
	}
	if ((uc = curl_url_set(h, CURLUPART_URL, clean, 0)) != CURLUE_OK) {
		ma_error_set(err, MA_ERR_PARSE, "%s: %s", clean, curl_url_message(uc));
		goto out;
	}
	if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		ma_error_set(err, MA_ERR_PARSE, "%s: no host", clean);
		goto out;
	}
	if (strcasecmp(scheme, "http") && strcasecmp(scheme, "https")) {
		rc = CRAWL_URL_SCHEME;
		ma_error_set(err, MA_ERR_PARSE, "%s: not an http(s) URL", clean);
		goto out;
	}
	if (curl_url_get(h, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT) != CURLUE_OK)
		port = NULL;
	if (curl_url_get(h, CURLUPART_PATH, &path, 0) != CURLUE_OK)
		path = NULL;
	if (curl_url_get(h, CURLUPART_QUERY, &query, 0) != CURLUE_OK)
		query = NULL;

	struct buf b = BUF_INIT;
	for (const char *p = scheme; *p; p++)
		buf_putc(&b, (char)tolower((unsigned char)*p));
	buf_puts(&b, "://");
	for (const char *p = host; *p; p++)
		buf_putc(&b, (char)tolower((unsigned char)*p));
	if (port)
		buf_printf(&b, ":%s", port);
	if (!path || !*path)
		buf_putc(&b, '/');
	else
		put_normalized_part(&b, path);
	if (query && *query) {
		buf_putc(&b, '?');
		put_normalized_part(&b, query);
	}
	size_t len;
	*out = buf_detach(&b, &len);
	rc = CRAWL_URL_OK;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(h);
	free(clean);
	return rc;
}

char *crawl_url_normalize(const char *url, struct ma_error *err)
{
	char *out = NULL;
	crawl_url_resolve(NULL, url, &out, err);
	return out;
}

/* Offsets into a normalised URL: authority [a, p), path from p. */
static bool split(const char *url, size_t *a, size_t *p)
{
	const char *s = strstr(url, "://");
	if (!s)
		return false;
	*a = (size_t)(s + 3 - url);
	const char *slash = strchr(s + 3, '/');
	*p = slash ? (size_t)(slash - url) : strlen(url);
	return true;
}

char *crawl_url_origin(const char *url)
{
	size_t a, p;
	return split(url, &a, &p) ? xstrndup(url, p) : NULL;
}

char *crawl_url_host(const char *url)
{
	size_t a, p;
	if (!split(url, &a, &p))
		return NULL;
	size_t end = a;
	if (url[a] == '[') {
		while (end < p && url[end] != ']')
			end++;
		if (end < p)
			end++;
	} else {
		while (end < p && url[end] != ':')
			end++;
	}
	return xstrndup(url + a, end - a);
}

char *crawl_url_request_path(const char *url)
{
	size_t a, p;
	if (!split(url, &a, &p))
		return NULL;
	return url[p] ? xstrdup(url + p) : xstrdup("/");
}

/* The port part of the authority, "" when none. */
static char *port_of(const char *url)
{
	size_t a, p;
	if (!split(url, &a, &p))
		return xstrdup("");
	const char *auth_end = url + p;
	const char *s = url + a;
	if (*s == '[') {
		s = memchr(s, ']', (size_t)(auth_end - s));
		if (!s)
			return xstrdup("");
	}
	const char *colon = memchr(s, ':', (size_t)(auth_end - s));
	return colon ? xstrndup(colon + 1, (size_t)(auth_end - colon - 1)) : xstrdup("");
}

static const char *strip_www(const char *host)
{
	return !strncmp(host, "www.", 4) && host[4] ? host + 4 : host;
}

int crawl_scope_init(struct crawl_scope *s, const char *start, bool subdomains)
{
	memset(s, 0, sizeof *s);
	char *host = crawl_url_host(start);
	char *path = crawl_url_request_path(start);
	if (!host || !path) {
		free(host);
		free(path);
		return CRAWL_URL_BAD;
	}
	s->host = xstrdup(strip_www(host));
	s->port = port_of(start);
	char *q = strchr(path, '?');
	if (q)
		*q = '\0';
	char *slash = strrchr(path, '/');
	s->prefix = slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup("/");
	s->subdomains = subdomains;
	free(host);
	free(path);
	return 0;
}

void crawl_scope_release(struct crawl_scope *s)
{
	free(s->host);
	free(s->port);
	free(s->prefix);
	memset(s, 0, sizeof *s);
}

bool crawl_scope_contains(const struct crawl_scope *s, const char *url)
{
	bool ok = false;
	char *host = crawl_url_host(url);
	char *port = port_of(url);
	char *path = crawl_url_request_path(url);
	if (!host || !path)
		goto out;
	const char *h = strip_www(host);
	if (strcmp(h, s->host)) {
		size_t hl = strlen(host), sl = strlen(s->host);
		if (!s->subdomains || hl <= sl + 1 || host[hl - sl - 1] != '.' ||
		    strcmp(host + hl - sl, s->host))
			goto out;
	}
	if (strcmp(port, s->port))
		goto out;
	ok = !strncmp(path, s->prefix, strlen(s->prefix));
out:
	free(host);
	free(port);
	free(path);
	return ok;
}
