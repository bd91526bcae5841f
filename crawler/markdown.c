#include "crawler/markdown.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "common/xalloc.h"
#include "crawler/template.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* cmark-gfm 0.29 keeps the inline parser's table of special characters in
 * globals: cmark_parser_finish sets the extensions' characters (autolink,
 * strikethrough) at its start and clears them at its end, so a page parsed
 * while another thread finishes loses its autolinks midway, and the same
 * page gives different copy from run to run.  The inline parse is done
 * one thread at a time. */
static pthread_mutex_t inline_lock = PTHREAD_MUTEX_INITIALIZER;

static void register_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

void crawl_markdown_init(void)
{
	pthread_once(&once, register_extensions);
}

struct md {
	struct extractor *ex;
	struct textacc acc;
	enum scope scope;
	bool quoted;
	uint32_t line;
};

static void flush(struct md *m)
{
	extractor_flush(m->ex, &m->acc, m->scope, m->quoted);
}

static void inline_html(struct md *m, const char *lit)
{
	if (!lit)
		return;
	if (!strncmp(lit, "<!--", 4)) {
		const char *end = strstr(lit, "-->");
		size_t n = end ? (size_t)(end - lit) - 4 : strlen(lit) - 4;
		if (n > 9 && strstr(lit, "msgaudit-")) {
			flush(m);
			extractor_comment(m->ex, lit + 4, n);
		}
		return;
	}
	if (!strncasecmp(lit, "<br", 3))
		textacc_space(&m->acc);
}

static void collect(struct md *m, cmark_node *parent);

static void image_alt(struct md *m, cmark_node *img)
{
	struct md alt = *m;
	textacc_init(&alt.acc);
	alt.scope = SCOPE_ALT;
	collect(&alt, img);
	flush(&alt);
	textacc_release(&alt.acc);
	m->line = alt.line;
}

/* Gather the inline text under parent into m->acc. */
static void collect(struct md *m, cmark_node *parent)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT: {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				textacc_add(&m->acc, lit, strlen(lit), m->line);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			m->line++;
			textacc_space(&m->acc);
			break;
		case CMARK_NODE_CODE:
			textacc_space(&m->acc);	/* code is not copy */
			break;
		case CMARK_NODE_HTML_INLINE:
			inline_html(m, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_IMAGE:
			image_alt(m, n);
			break;
		default:
			collect(m, n);
			break;
		}
	}
}

static void leaf(struct md *m, cmark_node *n, enum scope scope)
{
	m->line = (uint32_t)cmark_node_get_start_line(n);
	enum scope saved = m->scope;
	m->scope = scope;
	collect(m, n);
	flush(m);
	m->scope = saved;
}

static void walk(struct md *m, cmark_node *node)
{
	for (cmark_node *n = cmark_node_first_child(node); n; n = cmark_node_next(n)) {
		cmark_node_type t = cmark_node_get_type(n);
		const char *ts = cmark_node_get_type_string(n);
		if (t == CMARK_NODE_PARAGRAPH) {
			leaf(m, n, m->scope);
		} else if (t == CMARK_NODE_HEADING) {
			leaf(m, n, (enum scope)(SCOPE_H1 + cmark_node_get_heading_level(n) - 1));
		} else if (t == CMARK_NODE_HTML_BLOCK) {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				extractor_html(m->ex, lit, strlen(lit),
					       (uint32_t)cmark_node_get_start_line(n), m->scope,
					       "UTF-8");
		} else if (t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_THEMATIC_BREAK) {
			continue;
		} else if (t == CMARK_NODE_BLOCK_QUOTE) {
			enum scope s = m->scope;
			bool q = m->quoted;
			m->scope = SCOPE_QUOTE;
			m->quoted = true;
			walk(m, n);
			m->scope = s;
			m->quoted = q;
		} else if (t == CMARK_NODE_ITEM) {
			enum scope s = m->scope;
			if (!m->quoted)
				m->scope = SCOPE_LI;
			walk(m, n);
			m->scope = s;
		} else if (ts && !strcmp(ts, "table_cell")) {
			leaf(m, n, SCOPE_TD);
		} else {
			walk(m, n);
		}
	}
}

/* kramdown attribute lists "{: .class}" and "{:toc}" are not copy */
static void blank_kramdown(char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (s[i] != '{' || s[i + 1] != ':')
			continue;
		size_t j = i;
		while (j < len && s[j] != '}' && s[j] != '\n')
			j++;
		if (j < len && s[j] == '}') {
			memset(s + i, ' ', j - i + 1);
			i = j;
		}
	}
}

int crawl_extract_markdown(struct page *p, const char *body, size_t len, bool mdx,
			   const struct extract_opts *o, struct ma_error *err)
{
	crawl_markdown_init();
	if (crawl_looks_binary(body, len))
		return ma_error_set(err, MA_ERR_PARSE, "binary content, not Markdown");
	struct front_matter front;
	size_t fm = crawl_front_matter(body, len, &front);

	struct md m = {0};
	m.ex = extractor_new(p, o);
	textacc_init(&m.acc);
	m.scope = SCOPE_P;
	extractor_front_matter(m.ex, &front);
	crawl_front_matter_release(&front);

	char *copy = xmalloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	for (size_t i = 0; i < fm; i++)
		if (copy[i] != '\n')
			copy[i] = ' ';
	struct tmpl_strings ts = {0};
	if (o->template_strings)
		crawl_template_strip(copy + fm, len - fm, mdx, &ts);
	blank_kramdown(copy, len);

	cmark_parser *parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE);
	static const char *const exts[] = {"table", "strikethrough", "autolink"};
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	cmark_parser_feed(parser, copy, len);
	pthread_mutex_lock(&inline_lock);
	cmark_node *doc = cmark_parser_finish(parser);
	pthread_mutex_unlock(&inline_lock);
	if (doc) {
		walk(&m, doc);
		cmark_node_free(doc);
	}
	cmark_parser_free(parser);

	/* lines of lifted strings count from the end of the front matter */
	uint32_t shift = 0;
	for (size_t k = 0; k < fm; k++)
		shift += copy[k] == '\n';
	extractor_template_strings(m.ex, &ts, shift);
	crawl_tmpl_strings_release(&ts);
	free(copy);
	textacc_release(&m.acc);
	extractor_free(m.ex);
	return MA_OK;
}
