/* The page/finding model: the plain structs through which sources
 * (crawler/), analysis (rules/) and sinks (reports/) meet.  Nothing here
 * depends on a third-party library. */
#ifndef MSGAUDIT_MODEL_H
#define MSGAUDIT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

/* Where on a page a piece of copy sits.  The names (scope_name) appear in
 * rule files and reports. */
enum scope {
	SCOPE_TITLE,
	SCOPE_META,	/* meta description */
	SCOPE_H1,
	SCOPE_H2,
	SCOPE_H3,
	SCOPE_H4,
	SCOPE_H5,
	SCOPE_H6,
	SCOPE_P,
	SCOPE_LI,
	SCOPE_TD,
	SCOPE_QUOTE,	/* blockquote, q */
	SCOPE_CTA,	/* link and button text standing on its own */
	SCOPE_ALT,	/* img alt */
	SCOPE_TEXT,	/* loose text in a div, span, section ... */
	SCOPE_PAGE,	/* not a block: page-level findings (require, limit) */
	SCOPE_COUNT
};

const char *scope_name(enum scope s);
/* Returns -1 when the name is unknown.  Accepts h1..h6 and "heading". */
int scope_from_name(const char *name);

enum severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2, SEV_NONE = 3 };
const char *severity_name(enum severity s);
int severity_from_name(const char *name); /* -1 if unknown; "none" -> SEV_NONE */

enum page_type {
	PT_OTHER,
	PT_HOME,
	PT_PRODUCT,
	PT_SOLUTION,
	PT_PRICING,
	PT_ABOUT,
	PT_CASE_STUDY,
	PT_BLOG,
	PT_DOCS,
	PT_LEGAL,
	PT_FORM,
	PT_CAREERS,
	PT_ERROR,
	PT_COUNT
};
const char *page_type_name(enum page_type t);
int page_type_from_name(const char *name); /* -1 if unknown */

/* One piece of copy a visitor reads: a heading, a paragraph, a list item.
 * Its text lives in page->text at [off, off + len), whitespace-collapsed,
 * entity-decoded, valid UTF-8. */
struct block {
	enum scope scope;
	size_t off;
	size_t len;
	uint32_t line;		/* 1-based source line of the block's start */
	uint32_t col;		/* 1-based source column, 0 when unknown */
	bool quoted;		/* inside blockquote/q: other people's words */
};

/* Text offset -> source line: entry i says that text from off onwards
 * (until the next entry) came from source line `line`. */
struct line_mark {
	size_t off;
	uint32_t line;
};

/* A region of page->text where a rule (or every rule, rule == NULL) is
 * disabled by an inline comment. */
struct suppression {
	char *rule;
	size_t start;
	size_t end;
};

struct finding {
	const char *rule;	/* rule id; owned by the rule set */
	enum severity severity;
	bool wording;		/* a buzzword, superlative or vague phrase (the
				 * top-phrase tables count these) */
	const char *message;	/* owned by the rule set */
	const char *suggestion;	/* owned by the rule set, may be NULL */
	char *match;		/* the matched text */
	char *context;		/* the sentence, or about 80 characters around */
	enum scope scope;
	uint32_t line;
	uint32_t col;
	size_t off;		/* offset in page->text; for sorting and context */
	uint32_t rule_index;	/* index in the rule set */
};

/* Metrics that a page may carry; has_* says which were computed, so a
 * report never prints a value that was not measured. */
struct metrics {
	size_t words;
	size_t buzzwords;
	double buzzword_density;	/* per 1,000 words */
	bool has_analysis;		/* the fields below are set */
	bool problem;
	bool impact;
	size_t evidence;
	size_t we;
	size_t you;
	double reading_grade;
};

/* Links found on a page, for the crawler's frontier. */
struct link {
	char *href;	/* as written, entities decoded */
	uint32_t line;
	bool nofollow;
};

struct page {
	/* identity */
	char *url;		/* NULL for local files */
	char *path;		/* relative to the audited folder; NULL for URLs */
	char *display;		/* what messages name: the path, or "-"; NULL for URLs */
	const char *site;	/* the target this page belongs to (interned: common/intern.h) */
	int status;		/* HTTP status; 0 for local files */
	bool is_markdown;

	/* extracted copy */
	char *title;
	char *description;
	struct buf text;
	struct block *blocks;
	size_t nblocks, blocks_cap;
	struct line_mark *lines;
	size_t nlines, lines_cap;
	struct suppression *supp;
	size_t nsupp, supp_cap;
	struct link *links;
	size_t nlinks, links_cap;
	char *canonical;
	char *base_href;
	bool meta_noindex;
	bool meta_nofollow;

	/* the source, kept only for locating columns; freed after analysis */
	const char *src;
	size_t src_len;

	/* analysis */
	enum page_type type;
	const char *type_reason;	/* interned (common/intern.h) */
	struct finding *findings;
	size_t nfindings, findings_cap;
	struct metrics metrics;
	int score;		/* 0..100 */

	/* problems met while reading the page (not findings) */
	char **warnings;
	size_t nwarnings, warnings_cap;
	bool failed;		/* could not be audited at all */

	/* crawl details (issue 3); zero for local files */
	char *final_url;	/* NULL when it is url (not redirected) */
	char **redirects;
	size_t nredirects;
	size_t bytes;
	double fetch_ms;
	int depth;
	char *content_type;

	/* free-form extension point for later analyses */
	void *ext;
	void (*ext_free)(void *);
};

struct page *page_new(void);
/* What messages name p by: the path as the user gave it, else its URL,
 * else its path within the target; "-" for none. */
const char *page_label(const struct page *p);
void page_free(struct page *p);
/* Drop what is only needed while analysing (source, text, blocks, links)
 * and keep the results. */
void page_compact(struct page *p);

/* Append a block; the text is copied into page->text, after a '\n'
 * separator.  Returns the block. */
struct block *page_add_block(struct page *p, enum scope scope, const char *text,
			     size_t len, uint32_t line, bool quoted);
void page_add_warning(struct page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct finding *page_add_finding(struct page *p);
void page_add_link(struct page *p, const char *href, uint32_t line, bool nofollow);
void page_add_suppression(struct page *p, const char *rule, size_t start, size_t end);
/* Record that text from offset off onwards came from source line line. */
void page_mark_line(struct page *p, size_t off, uint32_t line);
/* The source line of text offset off, from page->lines. */
uint32_t page_line_at(const struct page *p, size_t off);
/* The block holding text offset off, or NULL. */
const struct block *page_block_at(const struct page *p, size_t off);
/* Sort findings by line, column, rule. */
void page_sort_findings(struct page *p);

#endif
