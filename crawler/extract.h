/* Copy extraction: the text a visitor reads, as blocks with their scope
 * and source line.  HTML goes through libxml2's HTML parser (SAX, so one
 * pass and no tree; nothing is ever fetched); Markdown through cmark-gfm
 * (crawler/markdown.c) which uses the same accumulator and extractor for
 * its raw HTML. */
#ifndef MSGAUDIT_EXTRACT_H
#define MSGAUDIT_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/model.h"
#include "crawler/suppress.h"
#include "crawler/template.h"

/* What to leave out besides script, style, code, pre and friends (which
 * are never copy).  Entries are element names ("nav"), ".class" or "#id"
 * (an element is skipped when one of its class tokens, or its id,
 * contains the given text, case-insensitively). */
struct extract_opts {
	char **skip;
	size_t nskip, skip_cap;
	char **keep;		/* element names taken back out of skip */
	size_t nkeep, keep_cap;
	bool keep_site_header;	/* keep a <header> outside main/article/section */
	bool template_strings;	/* lift copy out of {{ }} / {% %} (default on) */
};

void extract_opts_init(struct extract_opts *o);	/* the defaults */
void extract_opts_release(struct extract_opts *o);
void extract_opts_add_skip(struct extract_opts *o, const char *what);
void extract_opts_add_keep(struct extract_opts *o, const char *what);

/* Collapses whitespace, decodes nothing, replaces invalid UTF-8 with
 * U+FFFD, and remembers where source lines change. */
struct textacc {
	struct buf b;
	struct line_mark *marks;	/* offsets relative to b */
	size_t nmarks, marks_cap;
	uint32_t start_line;
	uint32_t last_line;
	bool space;
};

void textacc_init(struct textacc *a);
void textacc_release(struct textacc *a);
/* Append text that starts on source line `line`. */
void textacc_add(struct textacc *a, const char *s, size_t len, uint32_t line);
void textacc_space(struct textacc *a);

struct extractor;

struct extractor *extractor_new(struct page *p, const struct extract_opts *o);
/* Parse an HTML document or fragment into p.  first_line is the source
 * line of html[0]; loose is the scope for text outside any block element;
 * charset (may be NULL) overrides the document's own declaration. */
/* The libxml2 HTML parser options every page is parsed with (besides
 * HTML_PARSE_IGNORE_ENC when the charset is known). */
int extract_parse_options(void);
void extractor_html(struct extractor *ex, const char *html, size_t len, uint32_t first_line,
		    enum scope loose, const char *charset);
/* Turn the accumulated text into a block (nothing when it is blank). */
void extractor_flush(struct extractor *ex, struct textacc *a, enum scope scope, bool quoted);
/* Add copy lifted out of template tags; line_shift is added to their lines. */
void extractor_template_strings(struct extractor *ex, const struct tmpl_strings *ts,
				uint32_t line_shift);
/* Add the copy of front matter (title, description, lead). */
void extractor_front_matter(struct extractor *ex, const struct front_matter *fm);
void extractor_comment(struct extractor *ex, const char *text, size_t len);
/* Finish the page (close suppression regions) and free. */
void extractor_free(struct extractor *ex);

/* Extract a whole HTML page (template syntax and front matter handled).
 * body need not be NUL-terminated.  charset may be NULL. */
int crawl_extract_html(struct page *p, const char *body, size_t len, const char *charset,
		       const struct extract_opts *o, struct ma_error *err);

/* Does the buffer look like binary data rather than text? */
bool crawl_looks_binary(const char *buf, size_t len);

#endif
