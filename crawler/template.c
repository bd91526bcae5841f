#include "crawler/template.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"
#include "common/xalloc.h"

static void blank(char *buf, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (buf[i] != '\n')
			buf[i] = ' ';
}

static uint32_t line_of(const char *buf, size_t off, size_t *cache_off, uint32_t *cache_line)
{
	/* offsets only grow while scanning, so count from the last answer */
	for (size_t i = *cache_off; i < off; i++)
		if (buf[i] == '\n')
			(*cache_line)++;
	*cache_off = off;
	return *cache_line;
}

static bool is_prose_word(const char *w, size_t n)
{
	size_t letters = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c == '_' || c == '/' || c == '=' || c == '{' || c == '}' || c == '|')
			return false;
		if (c == '-' && i + 1 < n && w[i + 1] == '-')
			return false;	/* BEM modifiers: p-button--positive */
		if (isalpha(c) || c >= 0x80)
			letters++;
	}
	if (letters == 0)
		return n > 0 && (isdigit((unsigned char)w[0]) || w[0] == '$');
	/* a hyphenated lowercase token with a known CSS prefix is a class */
	if (n > 2 && w[1] == '-' && (w[0] == 'p' || w[0] == 'u' || w[0] == 'l'))
		return false;
	if (!strncmp(w, "is-", 3) || !strncmp(w, "has-", 4) || !strncmp(w, "col-", 4) ||
	    !strncmp(w, "js-", 3))
		return false;
	return true;
}

bool crawl_text_is_prose(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len < 3)
		return false;
	if (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8) || s[0] == '/' ||
	    s[0] == '#' || !strncmp(s, "./", 2) || !strncmp(s, "mailto:", 7))
		return false;
	/* markup counts as copy when it carries text */
	if (memchr(s, '<', len) && memchr(s, '>', len)) {
		size_t text = 0;
		bool in_tag = false;
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '<')
				in_tag = true;
			else if (s[i] == '>')
				in_tag = false;
			else if (!in_tag && isalpha((unsigned char)s[i]))
				text++;
		}
		return text >= 3;
	}
	size_t words = 0, prose = 0;
	for (size_t i = 0; i < len;) {
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		size_t start = i;
		while (i < len && !isspace((unsigned char)s[i]))
			i++;
		if (i > start) {
			words++;
			if (is_prose_word(s + start, i - start))
				prose++;
		}
	}
	return prose >= 2 && prose * 4 >= words * 3;
}

/* Scope for a string from the name of the argument or key before it. */
static enum scope scope_for_key(const char *key, size_t n, bool *skip)
{
	char k[64];
	if (n >= sizeof k)
		n = sizeof k - 1;
	for (size_t i = 0; i < n; i++)
		k[i] = (char)tolower((unsigned char)key[i]);
	k[n] = '\0';
	*skip = false;
	static const char *const non_copy[] = {
		"url", "href", "src", "class", "id", "image", "img", "icon", "type",
		"layout", "style", "width", "height", "path", "link", "file", "lang",
		"slug", "key", "name", "variant", "theme", "color", "target", "rel",
		"template", "format", "date", "tag", "category", "event", "action", NULL,
	};
	for (int i = 0; non_copy[i]; i++) {
		size_t l = strlen(non_copy[i]);
		if (n >= l && !strcmp(k + n - l, non_copy[i]) &&
		    strcmp(k + (n > 4 ? n - 4 : 0), "text")) {
			/* "link_text" and "image_alt" stay copy, "link_url" goes */
			*skip = true;
			return SCOPE_TEXT;
		}
	}
	if (strstr(k, "alt"))
		return SCOPE_ALT;
	if (strstr(k, "title") || strstr(k, "heading") || strstr(k, "header"))
		return SCOPE_H2;
	if (strstr(k, "cta") || strstr(k, "button") || strstr(k, "label") || strstr(k, "link"))
		return SCOPE_CTA;
	if (strstr(k, "quote"))
		return SCOPE_QUOTE;
	return SCOPE_P;
}

/* The identifier or quoted key just before `pos` followed by '=' or ':'. */
static enum scope key_before(const char *buf, size_t tag_start, size_t pos, bool *skip)
{
	size_t i = pos;
	while (i > tag_start && isspace((unsigned char)buf[i - 1]))
		i--;
	*skip = false;
	if (i == tag_start || (buf[i - 1] != '=' && buf[i - 1] != ':'))
		return SCOPE_P;	/* a positional argument */
	i--;
	while (i > tag_start && isspace((unsigned char)buf[i - 1]))
		i--;
	if (i > tag_start && (buf[i - 1] == '"' || buf[i - 1] == '\''))
		i--;
	size_t end = i;
	while (i > tag_start && (isalnum((unsigned char)buf[i - 1]) || buf[i - 1] == '_' ||
				 buf[i - 1] == '-'))
		i--;
	return scope_for_key(buf + i, end - i, skip);
}

static void add_string(struct tmpl_strings *out, const char *s, size_t n, uint32_t line,
		       enum scope scope)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			if (s[i] == 'n') {
				buf_putc(&b, '\n');
				continue;
			}
		}
		buf_putc(&b, s[i]);
	}
	out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n].text = buf_detach(&b, NULL);
	out->v[out->n].line = line;
	out->v[out->n].scope = scope;
	out->n++;
}

/* The first word of a tag body, e.g. "block" in "{%- block title %}". */
static size_t tag_word(const char *buf, size_t from, size_t to, char *word, size_t wsize)
{
	size_t i = from;
	while (i < to && (isspace((unsigned char)buf[i]) || buf[i] == '-' || buf[i] == '~' ||
			  buf[i] == '#' || buf[i] == '/'))
		i++;
	size_t n = 0;
	while (i < to && (isalnum((unsigned char)buf[i]) || buf[i] == '_') && n + 1 < wsize)
		word[n++] = buf[i++];
	word[n] = '\0';
	return i;
}

/* End of a tag opened at `start` (pointing at '{'), honouring quotes. */
static size_t tag_end(const char *buf, size_t len, size_t start, char close)
{
	char quote = 0;
	for (size_t i = start + 2; i + 1 < len; i++) {
		char c = buf[i];
		if (quote) {
			if (c == '\\')
				i++;
			else if (c == quote)
				quote = 0;
			else if (c == '\n' && quote != '`' && i > start + 20000)
				quote = 0;	/* runaway string: give up on it */
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == close && buf[i + 1] == '}') {
			return i + 2;
		}
	}
	return len;
}

static void lift_strings(const char *buf, size_t start, size_t end, uint32_t line0,
			 struct tmpl_strings *out)
{
	uint32_t line = line0;
	for (size_t i = start; i < end; i++) {
		char c = buf[i];
		if (c == '\n')
			line++;
		if (c != '\'' && c != '"')
			continue;
		size_t j = i + 1;
		uint32_t sline = line;
		while (j < end && buf[j] != c) {
			if (buf[j] == '\\')
				j++;
			else if (buf[j] == '\n')
				line++;
			j++;
		}
		if (j >= end)
			break;
		bool skip;
		enum scope scope = key_before(buf, start, i, &skip);
		if (!skip && crawl_text_is_prose(buf + i + 1, j - i - 1))
			add_string(out, buf + i + 1, j - i - 1, sline, scope);
		i = j;
	}
}

/* Jinja blocks whose body is page metadata rather than body copy. */
static int meta_block_scope(const char *buf, size_t from, size_t to)
{
	char word[32], name[64];
	size_t i = tag_word(buf, from, to, word, sizeof word);
	if (strcmp(word, "block"))
		return -1;
	tag_word(buf, i, to, name, sizeof name);
	if (!strcmp(name, "title") || !strcmp(name, "page_title"))
		return SCOPE_TITLE;
	if (!strcmp(name, "meta_description") || !strcmp(name, "description"))
		return SCOPE_META;
	return -1;
}

static void strip_mdx(char *buf, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t eol = i;
		while (eol < len && buf[eol] != '\n')
			eol++;
		if ((len - i > 7 && !strncmp(buf + i, "import ", 7)) ||
		    (len - i > 7 && !strncmp(buf + i, "export ", 7)))
			blank(buf, i, eol);
		i = eol + 1;
	}
	for (i = 0; i + 1 < len; i++) {
		if (buf[i] != '{' || buf[i + 1] == '{' || buf[i + 1] == '%')
			continue;
		/* an MDX comment holding a directive becomes an HTML comment of the
		 * same length, so suppression works the same way */
		if (i + 4 < len && !strncmp(buf + i, "{/* ", 4)) {
			char *e = strstr(buf + i, " */}");
			if (e && (size_t)(e - buf) < len) {
				memcpy(buf + i, "<!--", 4);
				memcpy(e, " -->", 4);
				i = (size_t)(e - buf) + 3;
				continue;
			}
		}
		int depth = 0;
		size_t j = i;
		for (; j < len; j++) {
			if (buf[j] == '{')
				depth++;
			else if (buf[j] == '}' && --depth == 0)
				break;
		}
		if (j < len && j - i < 4096) {
			blank(buf, i, j + 1);
			i = j;
		}
	}
}

void crawl_template_strip(char *buf, size_t len, bool mdx, struct tmpl_strings *out)
{
	size_t cache_off = 0;
	uint32_t cache_line = 1;
	size_t meta_from = 0;
	int meta_scope = -1;
	uint32_t meta_line = 0;
	bool in_comment = false;	/* Liquid {% comment %} */

	if (mdx)
		strip_mdx(buf, len);
	for (size_t i = 0; i + 1 < len; i++) {
		if (buf[i] != '{')
			continue;
		char k = buf[i + 1];
		if (k != '{' && k != '%' && k != '#')
			continue;
		if (k == '#' && mdx)
			continue;
		char close = k == '{' ? '}' : k;
		size_t end = tag_end(buf, len, i, close);
		uint32_t line = line_of(buf, i, &cache_off, &cache_line);
		if (k == '%') {
			char word[32];
			tag_word(buf, i + 2, end, word, sizeof word);
			int ms = meta_block_scope(buf, i + 2, end);
			if (!strcmp(word, "comment"))
				in_comment = true;
			if (!strcmp(word, "endcomment")) {
				in_comment = false;
			} else if (ms >= 0) {
				meta_scope = ms;
				meta_from = end;
				meta_line = line;
			} else if (!strcmp(word, "endblock") && meta_scope >= 0) {
				size_t n = i - meta_from;
				if (n > 0) {
					add_string(out, buf + meta_from, n, meta_line, (enum scope)meta_scope);
					blank(buf, meta_from, i);
				}
				meta_scope = -1;
			} else if (!in_comment) {
				lift_strings(buf, i + 2, end - 2, line, out);
			}
		} else if (k == '{' && !in_comment && meta_scope < 0) {
			lift_strings(buf, i + 2, end - 2, line, out);
		}
		blank(buf, i, end);
		i = end - 1;
		if (in_comment) {
			/* blank everything up to {% endcomment %} */
			char *e = NULL;
			for (size_t j = end; j + 1 < len; j++)
				if (buf[j] == '{' && buf[j + 1] == '%') {
					char w[32];
					tag_word(buf, j + 2, len, w, sizeof w);
					if (!strcmp(w, "endcomment")) {
						e = buf + j;
						break;
					}
				}
			size_t stop = e ? (size_t)(e - buf) : len;
			blank(buf, end, stop);
			i = stop - 1;
		}
	}
}

void crawl_tmpl_strings_release(struct tmpl_strings *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].text);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static char *yaml_scalar(const char *v, size_t n)
{
	while (n && isspace((unsigned char)*v))
		v++, n--;
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0])
		v++, n -= 2;
	return n ? xstrndup(v, n) : NULL;
}

void crawl_front_matter_release(struct front_matter *fm)
{
	free(fm->title);
	free(fm->description);
	free(fm->lead);
	memset(fm, 0, sizeof *fm);
}

/* The field a front matter key fills, or NULL. */
static char **fm_field(struct front_matter *fm, const char *l, size_t n, size_t *klen,
		       uint32_t **line)
{
	static const struct {
		const char *key;
		int field;
	} keys[] = {
		{"title:", 0}, {"description:", 1}, {"lead:", 2}, {"subtitle:", 2},
		{"tagline:", 2}, {"intro:", 2},
	};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		size_t k = strlen(keys[i].key);
		if (n >= k && !strncmp(l, keys[i].key, k)) {
			*klen = k;
			switch (keys[i].field) {
			case 0:
				*line = &fm->title_line;
				return &fm->title;
			case 1:
				*line = &fm->desc_line;
				return &fm->description;
			default:
				*line = &fm->lead_line;
				return &fm->lead;
			}
		}
	}
	return NULL;
}

size_t crawl_front_matter(const char *buf, size_t len, struct front_matter *fm)
{
	memset(fm, 0, sizeof *fm);
	size_t i = 0;
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		i = 3;
	if (len - i < 4 || strncmp(buf + i, "---", 3) || (buf[i + 3] != '\n' && buf[i + 3] != '\r'))
		return 0;
	uint32_t line = 1;
	i += 3;
	while (i < len && buf[i] != '\n')
		i++;
	char **folding = NULL;
	struct buf fold = BUF_INIT;
	while (i < len) {
		i++;	/* past '\n' */
		line++;
		size_t eol = i;
		while (eol < len && buf[eol] != '\n')
			eol++;
		const char *l = buf + i;
		size_t n = eol - i;
		if (n && l[n - 1] == '\r')
			n--;
		if ((n == 3 && (!strncmp(l, "---", 3) || !strncmp(l, "...", 3)))) {
			if (folding && fold.len)
				*folding = buf_detach(&fold, NULL);
			buf_release(&fold);
			return eol < len ? eol + 1 : len;
		}
		if (folding && n && isspace((unsigned char)l[0])) {
			if (fold.len)
				buf_putc(&fold, ' ');
			char *v = yaml_scalar(l, n);
			if (v)
				buf_puts(&fold, v);
			free(v);
			i = eol;
			continue;
		}
		if (folding && fold.len)
			*folding = buf_detach(&fold, NULL);
		buf_reset(&fold);
		folding = NULL;
		size_t klen = 0;
		uint32_t *dline = NULL;
		char **dst = fm_field(fm, l, n, &klen, &dline);
		if (dst && !*dst) {
			*dline = line;
			char *v = yaml_scalar(l + klen, n - klen);
			if (v && (!strcmp(v, ">") || !strcmp(v, "|") || !strcmp(v, ">-") || !strcmp(v, "|-"))) {
				free(v);
				folding = dst;
				(*dline)++;
			} else {
				*dst = v;
			}
		}
		i = eol;
	}
	/* no closing fence: not front matter after all */
	buf_release(&fold);
	crawl_front_matter_release(fm);
	return 0;
}
