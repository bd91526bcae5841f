/* Markdown pages through cmark-gfm, with source positions so findings
 * carry the file's own line numbers.  YAML front matter gives the title
 * and description; Liquid/Jinja tags and MDX syntax are blanked first
 * (crawler/template.c) and raw HTML goes through the HTML extractor. */
#ifndef MSGAUDIT_MARKDOWN_H
#define MSGAUDIT_MARKDOWN_H

#include <stdbool.h>

#include "common/error.h"
#include "common/model.h"
#include "crawler/extract.h"

/* Register cmark-gfm's extensions; call once before threads start. */
void crawl_markdown_init(void);
int crawl_extract_markdown(struct page *p, const char *body, size_t len, bool mdx,
			   const struct extract_opts *o, struct ma_error *err);

#endif
