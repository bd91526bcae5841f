/* Sitemap parsing; the contract is in sitemap.h.  XML goes through
 * libxml2's streaming reader so that a 50 MB sitemap never becomes a DOM. */
#include "crawler/sitemap.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <zlib.h>

#include "common/buf.h"
#include "common/xalloc.h"

/* Longer entries are dropped (the protocol allows 2,048 characters; some
 * sites go beyond, nobody sane goes this far). */
#define MAX_URL_LEN 8192

enum kind { KIND_URLSET, KIND_INDEX, KIND_RSS, KIND_ATOM };

static void add_url(struct sitemap *s, size_t *cap, const char *u, size_t n)
{
	while (n && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n')) {
		u++;
		n--;
	}
	while (n && (u[n - 1] == ' ' || u[n - 1] == '\t' || u[n - 1] == '\r' || u[n - 1] == '\n'))
		n--;

	bool ok = n > 0 && n <= MAX_URL_LEN &&
		  ((n > 7 && strncasecmp(u, "http://", 7) == 0) ||
		   (n > 8 && strncasecmp(u, "https://", 8) == 0));
	for (size_t i = 0; ok && i < n; i++)
		if ((unsigned char)u[i] < 0x20 || u[i] == 0x7f)
			ok = false;
	if (!ok || s->nurls >= CRAWL_SITEMAP_MAX_URLS) {
		s->skipped++;
		return;
	}
	s->urls = xgrow(s->urls, cap, s->nurls + 1, sizeof *s->urls);
	s->urls[s->nurls++] = xstrndup(u, n);
}

static bool is_gzip(const char *body, size_t len)
{
	return len >= 2 && (unsigned char)body[0] == 0x1f && (unsigned char)body[1] == 0x8b;
}

/* Inflate one or more concatenated gzip members into out, refusing more
 * than max bytes of output. */
static int gunzip(const char *body, size_t len, size_t max, struct buf *out,
		  struct ma_error *err)
{
	z_stream zs;
	int rc = 0;
	size_t in_left = len;

	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return ma_error_set(err, MA_ERR_PARSE, "sitemap: cannot start gzip decoder");
	zs.next_in = (Bytef *)(uintptr_t)body;

	for (;;) {
		if (zs.avail_in == 0 && in_left > 0) {
			zs.avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
			in_left -= zs.avail_in;
		}
		/* room for one byte past max, to notice going over it */
		size_t room = max + 1 - out->len;
		if (room > 65536)
			room = 65536;
		buf_grow(out, room);
		zs.next_out = (Bytef *)out->data + out->len;
		zs.avail_out = (uInt)room;

		int z = inflate(&zs, Z_NO_FLUSH);
		out->len += room - zs.avail_out;
		out->data[out->len] = '\0';

		if (out->len > max) {
			rc = ma_error_set(err, MA_ERR_PARSE,
					  "sitemap: inflated size exceeds the limit of %zu bytes", max);
			break;
		}
		if (z == Z_STREAM_END) {
			if (zs.avail_in == 0 && in_left > 0) {
				zs.avail_in = in_left > UINT_MAX ? UINT_MAX : (uInt)in_left;
				in_left -= zs.avail_in;
			}
			if (!is_gzip((const char *)zs.next_in, zs.avail_in))
				break;	/* done; trailing bytes that are not gzip are ignored */
			inflateReset(&zs);
			continue;
		}
		if (z == Z_BUF_ERROR && zs.avail_in == 0 && in_left == 0) {
			rc = ma_error_set(err, MA_ERR_PARSE, "sitemap: truncated gzip data");
			break;
		}
		if (z != Z_OK && z != Z_BUF_ERROR) {
			rc = ma_error_set(err, MA_ERR_PARSE, "sitemap: bad gzip data: %s",
					  zs.msg ? zs.msg : "inflate failed");
			break;
		}
	}
	inflateEnd(&zs);
	return rc;
}

static void parse_text(const char *data, size_t len, struct sitemap *s, size_t *cap)
{
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		while (i < len && data[i] != '\n' && data[i] != '\r')
			i++;
		size_t n = i - start;
		const char *line = data + start;
		while (n && (*line == ' ' || *line == '\t')) {
			line++;
			n--;
		}
		if (n)
			add_url(s, cap, line, n);
		while (i < len && (data[i] == '\n' || data[i] == '\r'))
			i++;
	}
}

/* The first error libxml2 reports, kept for the message. */
struct xml_err {
	char msg[512];
	int line;
	bool set;
};

static void on_xml_error(void *arg, const char *msg, xmlParserSeverities severity,
			 xmlTextReaderLocatorPtr loc)
{
	struct xml_err *e = arg;
	if (e->set || severity == XML_PARSER_SEVERITY_WARNING ||
	    severity == XML_PARSER_SEVERITY_VALIDITY_WARNING)
		return;
	snprintf(e->msg, sizeof e->msg, "%s", msg ? msg : "unknown error");
	size_t n = strlen(e->msg);
	while (n && (e->msg[n - 1] == '\n' || e->msg[n - 1] == ' ' || e->msg[n - 1] == '.'))
		e->msg[--n] = '\0';
	if (e->msg[0] >= 'A' && e->msg[0] <= 'Z' && !(e->msg[1] >= 'A' && e->msg[1] <= 'Z'))
		e->msg[0] = (char)(e->msg[0] - 'A' + 'a');
	e->line = loc ? xmlTextReaderLocatorLineNumber(loc) : 0;
	e->set = true;
}

static bool name_is(const xmlChar *name, const char *want)
{
	return name && strcmp((const char *)name, want) == 0;
}

/* Is the element `name` at depth d, under parents[], where a URL sits for
 * this kind of document? */
static bool is_url_element(enum kind kind, int d, const xmlChar *name,
			   char parents[][16])
{
	switch (kind) {
	case KIND_URLSET:
		return d == 2 && name_is(name, "loc") && strcmp(parents[1], "url") == 0;
	case KIND_INDEX:
		return d == 2 && name_is(name, "loc") && strcmp(parents[1], "sitemap") == 0;
	case KIND_RSS:
		return d == 3 && name_is(name, "link") && strcmp(parents[2], "item") == 0;
	case KIND_ATOM:
		return false;	/* Atom links are attributes: see atom_link */
	}
	return false;
}

static void atom_link(xmlTextReaderPtr rd, struct sitemap *s, size_t *cap)
{
	xmlChar *rel = xmlTextReaderGetAttribute(rd, BAD_CAST "rel");
	if (!rel || name_is(rel, "alternate")) {
		xmlChar *href = xmlTextReaderGetAttribute(rd, BAD_CAST "href");
		if (href)
			add_url(s, cap, (const char *)href, strlen((const char *)href));
		else
			s->skipped++;
		xmlFree(href);
	}
	xmlFree(rel);
}

static int root_kind(const xmlChar *name, enum kind *kind, struct ma_error *err)
{
	if (name_is(name, "urlset"))
		*kind = KIND_URLSET;
	else if (name_is(name, "sitemapindex"))
		*kind = KIND_INDEX;
	else if (name_is(name, "rss"))
		*kind = KIND_RSS;
	else if (name_is(name, "feed"))
		*kind = KIND_ATOM;
	else
		return ma_error_set(err, MA_ERR_PARSE,
				    "sitemap: not a sitemap: the root element is <%.64s>, "
				    "not <urlset> or <sitemapindex>",
				    name ? (const char *)name : "?");
	return 0;
}

static int parse_xml(const char *data, size_t len, struct sitemap *s, size_t *cap,
		     struct ma_error *err)
{
	/* NONET: no network; no NOENT and no DTDLOAD: entities stay
	 * references and external ones are never fetched. */
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			 XML_PARSE_NOCDATA;
	struct xml_err xe = { .set = false };
	struct buf text = BUF_INIT;
	char parents[8][16] = { { 0 } };
	bool have_root = false, collecting = false;
	enum kind kind = KIND_URLSET;
	int collect_depth = 0, rc = 0, r;

	if (len > INT_MAX)
		return ma_error_set(err, MA_ERR_PARSE, "sitemap: too large for the XML reader");
	xmlTextReaderPtr rd = xmlReaderForMemory(data, (int)len, NULL, NULL, opts);
	if (!rd)
		return ma_error_set(err, MA_ERR_PARSE, "sitemap: cannot start the XML reader");
	xmlTextReaderSetErrorHandler(rd, on_xml_error, &xe);

	while ((r = xmlTextReaderRead(rd)) == 1) {
		int type = xmlTextReaderNodeType(rd);
		int d = xmlTextReaderDepth(rd);

		if (type == XML_READER_TYPE_ELEMENT) {
			const xmlChar *name = xmlTextReaderConstLocalName(rd);
			if (!have_root) {
				have_root = true;
				rc = root_kind(name, &kind, err);
				if (rc)
					goto out;
				s->is_index = kind == KIND_INDEX;
			}
			if (d >= 0 && d < 8)
				snprintf(parents[d], sizeof parents[d], "%s",
					 name ? (const char *)name : "");
			if (collecting)
				continue;
			if (kind == KIND_ATOM && d == 2 && name_is(name, "link") &&
			    strcmp(parents[1], "entry") == 0) {
				atom_link(rd, s, cap);
			} else if (is_url_element(kind, d, name, parents)) {
				if (xmlTextReaderIsEmptyElement(rd)) {
					s->skipped++;
				} else {
					collecting = true;
					collect_depth = d;
					buf_reset(&text);
				}
			}
		} else if (collecting && (type == XML_READER_TYPE_TEXT ||
					  type == XML_READER_TYPE_CDATA ||
					  type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
					  type == XML_READER_TYPE_WHITESPACE)) {
			const xmlChar *v = xmlTextReaderConstValue(rd);
			if (v)
				buf_puts(&text, (const char *)v);
		} else if (collecting && type == XML_READER_TYPE_END_ELEMENT &&
			   d == collect_depth) {
			add_url(s, cap, buf_str(&text), text.len);
			collecting = false;
		}
		/* entity references (type 5) are skipped: their text is
		 * never expanded */
	}
	if (r < 0) {
		if (xe.set)
			rc = ma_error_set(err, MA_ERR_PARSE, "sitemap: malformed XML at line %d: %s",
					  xe.line, xe.msg);
		else
			rc = ma_error_set(err, MA_ERR_PARSE, "sitemap: malformed XML");
	} else if (!have_root) {
		rc = ma_error_set(err, MA_ERR_PARSE, "sitemap: no root element");
	}
out:
	xmlFreeTextReader(rd);
	buf_release(&text);
	return rc;
}

static bool looks_like_xml(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '<';
}

int crawl_sitemap_parse(const char *body, size_t len, size_t max_bytes,
			struct sitemap *out, struct ma_error *err)
{
	struct buf inflated = BUF_INIT;
	size_t cap = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (!max_bytes)
		max_bytes = CRAWL_SITEMAP_MAX_BYTES;
	if (!body)
		len = 0;

	if (is_gzip(body, len)) {
		rc = gunzip(body, len, max_bytes, &inflated, err);
		if (rc)
			goto out;
		body = inflated.data ? inflated.data : "";
		len = inflated.len;
	} else if (len > max_bytes) {
		rc = ma_error_set(err, MA_ERR_PARSE,
				  "sitemap: %zu bytes exceed the limit of %zu bytes", len, max_bytes);
		goto out;
	}

	if (looks_like_xml(body, len))
		rc = parse_xml(body, len, out, &cap, err);
	else
		parse_text(body, len, out, &cap);
out:
	buf_release(&inflated);
	return rc;
}

void crawl_sitemap_release(struct sitemap *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nurls; i++)
		free(s->urls[i]);
	free(s->urls);
	memset(s, 0, sizeof *s);
}
