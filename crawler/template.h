/* Template sources (Jinja, Liquid, Handlebars, MDX) as found in website
 * content repos.  Tags are not copy, but human-readable string arguments
 * (`{{ vf_hero(title_text='Ubuntu Pro') }}`) are. */
#ifndef MSGAUDIT_TEMPLATE_H
#define MSGAUDIT_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/model.h"

/* A piece of copy lifted out of a template tag or block. */
struct tmpl_string {
	char *text;		/* may hold HTML markup */
	uint32_t line;
	enum scope scope;	/* from the argument's name: title_text -> h2 */
};

struct tmpl_strings {
	struct tmpl_string *v;
	size_t n, cap;
};

/* Blank template syntax in buf in place: every byte of a tag becomes a
 * space, newlines stay, so lines and columns of the rest do not move.
 * Readable strings inside tags and the contents of title/description
 * blocks are copied to out first.  mdx also blanks JSX expressions and
 * import/export lines.  Front matter is handled by the caller. */
void crawl_template_strip(char *buf, size_t len, bool mdx, struct tmpl_strings *out);
void crawl_tmpl_strings_release(struct tmpl_strings *s);

/* What front matter says that a visitor reads. */
struct front_matter {
	char *title;		/* title */
	char *description;	/* description */
	char *lead;		/* lead, subtitle, tagline or intro: shown under the title */
	uint32_t title_line, desc_line, lead_line;
};

/* YAML front matter at the start of buf ("---" ... "---"): returns the
 * length of the front matter (0 when there is none) and fills fm (NULL
 * fields when absent). */
size_t crawl_front_matter(const char *buf, size_t len, struct front_matter *fm);
void crawl_front_matter_release(struct front_matter *fm);

/* Does this string read as prose a visitor would see (not an identifier,
 * a class list, a path or a URL)? */
bool crawl_text_is_prose(const char *s, size_t len);

#endif
