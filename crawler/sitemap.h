/* Sitemaps (sitemaps.org protocol 0.9): the URLs a site lists for
 * crawlers.  Accepted forms: an XML <urlset>, an XML <sitemapindex> (its
 * URLs are child sitemaps), a syndication feed (RSS 2.0 <item><link>,
 * Atom <entry><link href>), and a plain-text sitemap (one URL per line);
 * any of them gzip-compressed. */
#ifndef MSGAUDIT_CRAWLER_SITEMAP_H
#define MSGAUDIT_CRAWLER_SITEMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"

/* The protocol's limits: 50,000 URLs and 50 MB (uncompressed) a file. */
#define CRAWL_SITEMAP_MAX_URLS 50000
#define CRAWL_SITEMAP_MAX_BYTES (50u * 1024u * 1024u)

struct sitemap {
	char **urls;	/* absolute http(s) URLs, in document order */
	size_t nurls;
	bool is_index;	/* urls are child sitemaps (a <sitemapindex>) */
	size_t skipped;	/* entries dropped: not http(s), empty, too long,
			 * or past CRAWL_SITEMAP_MAX_URLS */
};

/* Parse a sitemap of len bytes.  A body starting with the gzip magic
 * (1f 8b) is inflated first, at most max_bytes of output (0 means
 * CRAWL_SITEMAP_MAX_BYTES); a plain body longer than max_bytes is refused
 * the same way.  XML is read with libxml2 without network access and
 * without expanding entities (entity references contribute no text), so
 * XXE and entity bombs stay inert.  Only the first CRAWL_SITEMAP_MAX_URLS
 * URLs are kept.  URLs are whitespace-trimmed but otherwise kept as
 * written (the caller resolves and normalises them).
 *
 * out is overwritten (its previous contents are not freed).  Returns 0, or
 * MA_ERR_PARSE with a message in err (which may be NULL): broken gzip,
 * over the size cap, malformed XML, or an XML root that is not a sitemap.
 * On error out still holds the URLs read before the problem; release it
 * with crawl_sitemap_release either way. */
int crawl_sitemap_parse(const char *body, size_t len, size_t max_bytes,
			struct sitemap *out, struct ma_error *err);

/* Free the URLs and zero s; s may be NULL. */
void crawl_sitemap_release(struct sitemap *s);

#endif
