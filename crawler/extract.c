#include "crawler/extract.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>

#include "common/xalloc.h"

/* ---- options ---------------------------------------------------------- */

static const char *const default_skip[] = {
	"nav", "footer", "aside", "dialog",
	".cookie", ".consent", ".gdpr", ".sr-only", ".visually-hidden", ".skip-link",
	"#cookie", "#consent", NULL,
};

static void strv_push(char ***v, size_t *n, size_t *cap, const char *s)
{
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void extract_opts_init(struct extract_opts *o)
{
	memset(o, 0, sizeof *o);
	o->template_strings = true;
	for (int i = 0; default_skip[i]; i++)
		extract_opts_add_skip(o, default_skip[i]);
}

void extract_opts_release(struct extract_opts *o)
{
	for (size_t i = 0; i < o->nskip; i++)
		free(o->skip[i]);
	for (size_t i = 0; i < o->nkeep; i++)
		free(o->keep[i]);
	free(o->skip);
	free(o->keep);
	memset(o, 0, sizeof *o);
}

void extract_opts_add_skip(struct extract_opts *o, const char *what)
{
	strv_push(&o->skip, &o->nskip, &o->skip_cap, what);
}

void extract_opts_add_keep(struct extract_opts *o, const char *what)
{
	if (!strcasecmp(what, "header"))
		o->keep_site_header = true;
	strv_push(&o->keep, &o->nkeep, &o->keep_cap, what);
}

/* ---- text accumulator ------------------------------------------------- */

void textacc_init(struct textacc *a)
{
	memset(a, 0, sizeof *a);
	buf_init(&a->b);
}

void textacc_release(struct textacc *a)
{
	buf_release(&a->b);
	free(a->marks);
	memset(a, 0, sizeof *a);
}

void textacc_space(struct textacc *a)
{
	a->space = true;
}

/* Length of a whitespace character at s (ASCII or Unicode spaces such as
 * U+00A0 from &nbsp;), or 0. */
static size_t space_len(const unsigned char *s, size_t n)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
		return 1;
	if (n >= 2 && s[0] == 0xC2 && (s[1] == 0xA0 || s[1] == 0x85))
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xA8 || s[2] == 0xA9 || s[2] == 0xAF))
		return 3;
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		return 3;	/* a stray BOM */
	return 0;
}

/* Length of a valid UTF-8 sequence at s, or 0 when it is invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned min;
	unsigned cp;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static void add_mark(struct textacc *a, uint32_t line)
{
	if (a->nmarks && a->marks[a->nmarks - 1].off == a->b.len) {
		a->marks[a->nmarks - 1].line = line;
		return;
	}
	a->marks = xgrow(a->marks, &a->marks_cap, a->nmarks + 1, sizeof *a->marks);
	a->marks[a->nmarks].off = a->b.len;
	a->marks[a->nmarks].line = line;
	a->nmarks++;
}

void textacc_add(struct textacc *a, const char *s, size_t len, uint32_t line)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		size_t sl = space_len(u + i, len - i);
		if (sl) {
			if (u[i] == '\n')
				line++;
			a->space = true;
			i += sl;
			continue;
		}
		if (u[i] < 0x20 || u[i] == 0x7F) {	/* control characters are not copy */
			i++;
			continue;
		}
		if (a->b.len == 0) {
			a->start_line = line;
			a->last_line = line;
			a->space = false;
		} else {
			if (a->space)
				buf_putc(&a->b, ' ');
			a->space = false;
			if (line != a->last_line) {
				add_mark(a, line);
				a->last_line = line;
			}
		}
		size_t cl = utf8_len(u + i, len - i);
		if (cl) {
			/* copy a run of plain ASCII at once */
			if (cl == 1) {
				size_t j = i + 1;
				while (j < len && u[j] > 0x20 && u[j] < 0x7F)
					j++;
				buf_append(&a->b, s + i, j - i);
				i = j;
				continue;
			}
			buf_append(&a->b, s + i, cl);
			i += cl;
		} else {
			buf_append(&a->b, "\xEF\xBF\xBD", 3);
			i++;
		}
	}
}

/* ---- the SAX extractor ------------------------------------------------ */

enum kind {
	K_INLINE,	/* span, em, strong ...: no boundary */
	K_CONTAINER,	/* div, section ...: a boundary, scope unchanged */
	K_BLOCK,	/* p, h1, li ...: a block of its own */
	K_BREAK,	/* br, hr: a space */
	K_NEVER,	/* script, style, code ...: never copy */
};

struct elem_info {
	const char *name;
	enum kind kind;
	int scope;
};

static const struct elem_info elems[] = {
	{"a", K_INLINE, SCOPE_CTA},
	{"address", K_CONTAINER, -1},
	{"article", K_CONTAINER, -1},
	{"blockquote", K_BLOCK, SCOPE_QUOTE},
	{"body", K_CONTAINER, -1},
	{"br", K_BREAK, -1},
	{"button", K_BLOCK, SCOPE_CTA},
	{"canvas", K_NEVER, -1},
	{"caption", K_BLOCK, SCOPE_P},
	{"code", K_NEVER, -1},
	{"dd", K_BLOCK, SCOPE_P},
	{"details", K_CONTAINER, -1},
	{"div", K_CONTAINER, -1},
	{"dl", K_CONTAINER, -1},
	{"dt", K_BLOCK, SCOPE_P},
	{"embed", K_NEVER, -1},
	{"fieldset", K_CONTAINER, -1},
	{"figcaption", K_BLOCK, SCOPE_P},
	{"figure", K_CONTAINER, -1},
	{"form", K_CONTAINER, -1},
	{"h1", K_BLOCK, SCOPE_H1},
	{"h2", K_BLOCK, SCOPE_H2},
	{"h3", K_BLOCK, SCOPE_H3},
	{"h4", K_BLOCK, SCOPE_H4},
	{"h5", K_BLOCK, SCOPE_H5},
	{"h6", K_BLOCK, SCOPE_H6},
	{"head", K_CONTAINER, -1},
	{"header", K_CONTAINER, -1},
	{"hr", K_BREAK, -1},
	{"html", K_CONTAINER, -1},
	{"iframe", K_NEVER, -1},
	{"kbd", K_NEVER, -1},
	{"label", K_BLOCK, SCOPE_TEXT},
	{"legend", K_BLOCK, SCOPE_TEXT},
	{"li", K_BLOCK, SCOPE_LI},
	{"main", K_CONTAINER, -1},
	{"map", K_NEVER, -1},
	{"math", K_NEVER, -1},
	{"noscript", K_NEVER, -1},
	{"object", K_NEVER, -1},
	{"ol", K_CONTAINER, -1},
	{"option", K_NEVER, -1},
	{"p", K_BLOCK, SCOPE_P},
	{"picture", K_CONTAINER, -1},
	{"pre", K_NEVER, -1},
	{"samp", K_NEVER, -1},
	{"script", K_NEVER, -1},
	{"section", K_CONTAINER, -1},
	{"select", K_NEVER, -1},
	{"style", K_NEVER, -1},
	{"summary", K_BLOCK, SCOPE_P},
	{"svg", K_NEVER, -1},
	{"table", K_CONTAINER, -1},
	{"td", K_BLOCK, SCOPE_TD},
	{"template", K_NEVER, -1},
	{"textarea", K_NEVER, -1},
	{"th", K_BLOCK, SCOPE_TD},
	{"title", K_BLOCK, SCOPE_TITLE},
	{"tr", K_CONTAINER, -1},
	{"ul", K_CONTAINER, -1},
	{"var", K_NEVER, -1},
	{"video", K_NEVER, -1},
	{"audio", K_NEVER, -1},
};

static int elem_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct elem_info *)e)->name);
}

static const struct elem_info *elem_lookup(const char *name)
{
	return bsearch(name, elems, sizeof elems / sizeof *elems, sizeof *elems, elem_cmp);
}

struct frame {
	const xmlChar *name;	/* from the parser's dictionary */
	enum scope saved_scope;
	bool saved_quoted;
	bool skip;		/* this element started a skip */
	bool block;		/* this element started a block */
	bool container;
	bool main;		/* main, article, section */
};

struct extractor {
	struct page *p;
	const struct extract_opts *o;
	struct supp_state supp;
	struct textacc acc;
	enum scope scope;
	bool quoted;
	int skip;
	int main_depth;
	struct frame *frames;
	size_t nframes, frames_cap;
	htmlParserCtxtPtr ctxt;
	uint32_t line0;
	bool seen_title;
};

struct extractor *extractor_new(struct page *p, const struct extract_opts *o)
{
	struct extractor *ex = xcalloc(1, sizeof *ex);
	ex->p = p;
	ex->o = o;
	supp_state_init(&ex->supp);
	textacc_init(&ex->acc);
	return ex;
}

void extractor_flush(struct extractor *ex, struct textacc *a, enum scope scope, bool quoted)
{
	if (a->b.len == 0) {
		a->space = false;
		a->nmarks = 0;
		return;
	}
	struct page *p = ex->p;
	struct block *b = page_add_block(p, scope, a->b.data, a->b.len, a->start_line, quoted);
	size_t off = b->off;
	for (size_t i = 0; i < a->nmarks; i++)
		page_mark_line(p, off + a->marks[i].off, a->marks[i].line);
	if (scope == SCOPE_TITLE && !p->title)
		p->title = xstrndup(a->b.data, a->b.len);
	if (scope == SCOPE_META && !p->description)
		p->description = xstrndup(a->b.data, a->b.len);
	supp_block_added(&ex->supp, p, b);
	buf_reset(&a->b);
	a->nmarks = 0;
	a->space = false;
}

void extractor_comment(struct extractor *ex, const char *text, size_t len)
{
	const char *t = text;
	while (len && isspace((unsigned char)*t))
		t++, len--;
	if (len < 9 || strncmp(t, "msgaudit-", 9))
		return;
	extractor_flush(ex, &ex->acc, ex->scope, ex->quoted);
	supp_comment(&ex->supp, ex->p, t, len);
}

void extractor_free(struct extractor *ex)
{
	if (!ex)
		return;
	supp_finish(&ex->supp, ex->p);
	textacc_release(&ex->acc);
	free(ex->frames);
	free(ex);
}

static uint32_t cur_line(const struct extractor *ex)
{
	int l = ex->ctxt && ex->ctxt->input ? ex->ctxt->input->line : 1;
	return ex->line0 + (uint32_t)(l > 0 ? l - 1 : 0);
}

static const char *attr(const xmlChar **atts, const char *name)
{
	if (!atts)
		return NULL;
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcasecmp((const char *)atts[i], name))
			return atts[i + 1] ? (const char *)atts[i + 1] : "";
	return NULL;
}

static bool contains_ci(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

static bool configured_skip(const struct extractor *ex, const char *name, const xmlChar **atts)
{
	const struct extract_opts *o = ex->o;
	for (size_t i = 0; i < o->nkeep; i++)
		if (!strcasecmp(o->keep[i], name))
			return false;
	const char *cls = attr(atts, "class");
	const char *id = attr(atts, "id");
	for (size_t i = 0; i < o->nskip; i++) {
		const char *s = o->skip[i];
		if (s[0] == '.') {
			if (cls && contains_ci(cls, s + 1))
				return true;
		} else if (s[0] == '#') {
			if (id && contains_ci(id, s + 1))
				return true;
		} else if (!strcasecmp(s, name)) {
			return true;
		}
	}
	const char *role = attr(atts, "role");
	if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "contentinfo"))) {
		for (size_t i = 0; i < o->nkeep; i++)
			if (!strcasecmp(o->keep[i], role[0] == 'n' ? "nav" : "footer"))
				return false;
		return true;
	}
	if (attr(atts, "hidden"))
		return true;
	const char *aria = attr(atts, "aria-hidden");
	if (aria && !strcasecmp(aria, "true"))
		return true;
	return false;
}

static void add_alt(struct extractor *ex, const char *alt, uint32_t line)
{
	struct textacc a;
	textacc_init(&a);
	textacc_add(&a, alt, strlen(alt), line);
	extractor_flush(ex, &a, SCOPE_ALT, ex->quoted);
	textacc_release(&a);
}

static void handle_meta(struct extractor *ex, const xmlChar **atts, uint32_t line)
{
	const char *name = attr(atts, "name");
	const char *content = attr(atts, "content");
	if (!content)
		return;
	if (name && !strcasecmp(name, "description") && !ex->p->description) {
		struct textacc a;
		textacc_init(&a);
		textacc_add(&a, content, strlen(content), line);
		extractor_flush(ex, &a, SCOPE_META, false);
		textacc_release(&a);
	} else if (name && (!strcasecmp(name, "robots") || !strcasecmp(name, "msgaudit"))) {
		if (contains_ci(content, "noindex") || contains_ci(content, "none"))
			ex->p->meta_noindex = true;
		if (contains_ci(content, "nofollow") || contains_ci(content, "none"))
			ex->p->meta_nofollow = true;
	}
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	struct extractor *ex = ctx;
	const char *name = (const char *)xname;
	uint32_t line = cur_line(ex);
	const struct elem_info *info = elem_lookup(name);

	/* links, canonical and base are read even in skipped regions: the
	 * crawler needs the navigation that the audit leaves out */
	if (!strcmp(name, "a") || !strcmp(name, "area")) {
		const char *href = attr(atts, "href");
		if (href) {
			const char *rel = attr(atts, "rel");
			page_add_link(ex->p, href, line, rel && contains_ci(rel, "nofollow"));
		}
	} else if (!strcmp(name, "link")) {
		const char *rel = attr(atts, "rel"), *href = attr(atts, "href");
		if (rel && href && !strcasecmp(rel, "canonical") && !ex->p->canonical)
			ex->p->canonical = xstrdup(href);
	} else if (!strcmp(name, "base")) {
		const char *href = attr(atts, "href");
		if (href && !ex->p->base_href)
			ex->p->base_href = xstrdup(href);
	} else if (!strcmp(name, "meta")) {
		if (!ex->skip)
			handle_meta(ex, atts, line);
	}

	ex->frames = xgrow(ex->frames, &ex->frames_cap, ex->nframes + 1, sizeof *ex->frames);
	struct frame *f = &ex->frames[ex->nframes++];
	memset(f, 0, sizeof *f);
	f->name = xname;
	if (ex->skip) {
		f->skip = true;
		ex->skip++;
		return;
	}
	bool site_header = !strcmp(name, "header") && ex->main_depth == 0 &&
			   !ex->o->keep_site_header;
	if ((info && info->kind == K_NEVER) || site_header || configured_skip(ex, name, atts)) {
		f->skip = true;
		ex->skip++;
		textacc_space(&ex->acc);
		return;
	}
	if (!strcmp(name, "main") || !strcmp(name, "article") || !strcmp(name, "section")) {
		f->main = true;
		ex->main_depth++;
	}
	if (!strcmp(name, "img") || (!strcmp(name, "input") && attr(atts, "alt"))) {
		const char *alt = attr(atts, "alt");
		if (alt && *alt)
			add_alt(ex, alt, line);
		textacc_space(&ex->acc);
		return;
	}
	if (!strcmp(name, "input")) {
		const char *type = attr(atts, "type"), *value = attr(atts, "value");
		if (type && value && (!strcasecmp(type, "submit") || !strcasecmp(type, "button"))) {
			struct textacc a;
			textacc_init(&a);
			textacc_add(&a, value, strlen(value), line);
			extractor_flush(ex, &a, SCOPE_CTA, false);
			textacc_release(&a);
		}
		return;
	}
	if (!info)
		return;
	enum kind kind = info->kind;
	if (!strcmp(name, "a")) {
		/* a link standing on its own (not inside a sentence) is a call
		 * to action; one inside a paragraph is part of the sentence */
		const char *cls = attr(atts, "class");
		bool buttonish = cls && (contains_ci(cls, "button") || contains_ci(cls, "btn") ||
					 contains_ci(cls, "cta"));
		if (ex->scope == SCOPE_TEXT || buttonish)
			kind = K_BLOCK;
	}
	if (!strcmp(name, "title") && ex->seen_title)
		kind = K_INLINE;
	switch (kind) {
	case K_BREAK:
		textacc_space(&ex->acc);
		break;
	case K_CONTAINER:
		extractor_flush(ex, &ex->acc, ex->scope, ex->quoted);
		f->container = true;
		break;
	case K_BLOCK:
		extractor_flush(ex, &ex->acc, ex->scope, ex->quoted);
		f->block = true;
		f->saved_scope = ex->scope;
		f->saved_quoted = ex->quoted;
		ex->scope = (enum scope)info->scope;
		if (!strcmp(name, "a") || !strcmp(name, "button"))
			ex->scope = SCOPE_CTA;
		if (info->scope == SCOPE_QUOTE)
			ex->quoted = true;
		if (info->scope == SCOPE_TITLE)
			ex->seen_title = true;
		/* label/legend only name a field; keep a block's own scope */
		if (info->scope == SCOPE_TEXT && f->saved_scope != SCOPE_TEXT)
			ex->scope = f->saved_scope;
		break;
	default:
		break;
	}
}

static void pop_frame(struct extractor *ex)
{
	struct frame *f = &ex->frames[--ex->nframes];
	if (f->skip) {
		ex->skip--;
		return;
	}
	if (f->main)
		ex->main_depth--;
	if (f->block) {
		extractor_flush(ex, &ex->acc, ex->scope, ex->quoted);
		ex->scope = f->saved_scope;
		ex->quoted = f->saved_quoted;
	} else if (f->container) {
		extractor_flush(ex, &ex->acc, ex->scope, ex->quoted);
	}
}

static void on_end(void *ctx, const xmlChar *name)
{
	struct extractor *ex = ctx;
	/* pop up to and including the matching element; ignore a stray end */
	size_t i = ex->nframes;
	while (i > 0 && strcmp((const char *)ex->frames[i - 1].name, (const char *)name))
		i--;
	if (i == 0)
		return;
	while (ex->nframes >= i)
		pop_frame(ex);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct extractor *ex = ctx;
	if (ex->skip || len <= 0)
		return;
	uint32_t end_line = cur_line(ex);
	uint32_t nl = 0;
	for (int i = 0; i < len; i++)
		nl += ch[i] == '\n';
	uint32_t start = end_line >= nl ? end_line - nl : 1;
	if (start < ex->line0)
		start = ex->line0;
	textacc_add(&ex->acc, (const char *)ch, (size_t)len, start);
}

static void on_comment(void *ctx, const xmlChar *value)
{
	struct extractor *ex = ctx;
	extractor_comment(ex, (const char *)value, strlen((const char *)value));
}

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

bool crawl_looks_binary(const char *buf, size_t len)
{
	size_t n = len < 8192 ? len : 8192;
	return memchr(buf, '\0', n) != NULL;
}

/* A charset for a document that declares none: UTF-8 when the bytes are
 * valid UTF-8, else windows-1252, which is what browsers assume. */
static const char *sniff_charset(const char *html, size_t len)
{
	size_t head = len < 4096 ? len : 4096;
	for (size_t i = 0; i + 7 <= head; i++)
		if ((html[i] | 0x20) == 'c' && !strncasecmp(html + i, "charset", 7))
			return NULL;	/* declared: the parser honours it */
	const unsigned char *u = (const unsigned char *)html;
	for (size_t i = 0; i < len;) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t l = utf8_len(u + i, len - i);
		if (!l)
			return "windows-1252";
		i += l;
	}
	return "UTF-8";
}

int extract_parse_options(void)
{
	return HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	       HTML_PARSE_NOBLANKS | XML_PARSE_HUGE;
}

void extractor_html(struct extractor *ex, const char *html, size_t len, uint32_t first_line,
		    enum scope loose, const char *charset)
{
	htmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.comment = on_comment;
	sax.warning = silent;
	sax.error = silent;
	sax.fatalError = silent;

	ex->scope = loose;
	ex->quoted = loose == SCOPE_QUOTE;
	ex->skip = 0;
	ex->main_depth = loose == SCOPE_TEXT ? 0 : 1;
	ex->nframes = 0;
	ex->line0 = first_line;

	htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, ex, NULL, 0, NULL,
							  XML_CHAR_ENCODING_NONE);
	if (!ctxt)
		return;
	int opts = extract_parse_options();
	const char *cs = charset ? charset : sniff_charset(html, len);
	if (charset)
		opts |= HTML_PARSE_IGNORE_ENC;
	htmlCtxtUseOptions(ctxt, opts);
	if (cs) {
		xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(cs);
		if (!h && strcasecmp(cs, "UTF-8"))
			h = xmlFindCharEncodingHandler("ISO-8859-1");
		if (h)
			xmlSwitchToEncoding(ctxt, h);
	}
	ex->ctxt = ctxt;
	/* feed in slices so a huge document never needs one huge int length;
	 * the last slice says it is the last, so the parser does not look
	 * ahead for the end of every tag (most pages are one slice) */
	const size_t slice = 1 << 20;
	for (size_t off = 0; off < len; off += slice) {
		size_t n = len - off < slice ? len - off : slice;
		htmlParseChunk(ctxt, html + off, (int)n, off + n >= len);
	}
	if (!len)
		htmlParseChunk(ctxt, NULL, 0, 1);
	while (ex->nframes)
		pop_frame(ex);
	extractor_flush(ex, &ex->acc, ex->scope, ex->quoted);
	ex->ctxt = NULL;
	if (ctxt->myDoc)
		xmlFreeDoc(ctxt->myDoc);
	htmlFreeParserCtxt(ctxt);
}

/* Template strings: plain text goes straight in, markup is parsed as a
 * fragment whose loose text takes the string's scope. */
void extractor_template_strings(struct extractor *ex, const struct tmpl_strings *ts,
				uint32_t line_shift)
{
	for (size_t i = 0; i < ts->n; i++) {
		const struct tmpl_string *s = &ts->v[i];
		size_t n = strlen(s->text);
		uint32_t line = s->line + line_shift;
		if (strpbrk(s->text, "<&")) {
			extractor_html(ex, s->text, n, line, s->scope, "UTF-8");
		} else {
			textacc_add(&ex->acc, s->text, n, line);
			extractor_flush(ex, &ex->acc, s->scope, s->scope == SCOPE_QUOTE);
		}
	}
}

static bool has_template_syntax(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '{' && (s[i + 1] == '{' || s[i + 1] == '%'))
			return true;
	return false;
}

void extractor_front_matter(struct extractor *ex, const struct front_matter *fm)
{
	const struct {
		const char *text;
		uint32_t line;
		enum scope scope;
	} parts[] = {
		{fm->title, fm->title_line, SCOPE_TITLE},
		{fm->description, fm->desc_line, SCOPE_META},
		{fm->lead, fm->lead_line, SCOPE_P},
	};
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		if (!parts[i].text)
			continue;
		textacc_add(&ex->acc, parts[i].text, strlen(parts[i].text), parts[i].line);
		extractor_flush(ex, &ex->acc, parts[i].scope, false);
	}
}

int crawl_extract_html(struct page *p, const char *body, size_t len, const char *charset,
		       const struct extract_opts *o, struct ma_error *err)
{
	if (crawl_looks_binary(body, len))
		return ma_error_set(err, MA_ERR_PARSE, "binary content, not HTML");
	struct front_matter front;
	size_t fm = crawl_front_matter(body, len, &front);
	struct extractor *ex = extractor_new(p, o);
	extractor_front_matter(ex, &front);
	crawl_front_matter_release(&front);

	/* front matter lines become blank so line numbers stay those of the file */
	char *copy = NULL;
	const char *html = body;
	struct tmpl_strings ts = {0};
	if (fm || (o->template_strings && has_template_syntax(body, len))) {
		copy = xmalloc(len + 1);
		memcpy(copy, body, len);
		copy[len] = '\0';
		for (size_t i = 0; i < fm; i++)
			if (copy[i] != '\n')
				copy[i] = ' ';
		if (o->template_strings)
			crawl_template_strip(copy, len, false, &ts);
		html = copy;
	}
	extractor_html(ex, html, len, 1, SCOPE_TEXT, charset);
	extractor_template_strings(ex, &ts, 0);
	crawl_tmpl_strings_release(&ts);
	free(copy);
	extractor_free(ex);
	return MA_OK;
}
