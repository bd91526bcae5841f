/* Local sources: files, directory trees and stdin. */
#ifndef MSGAUDIT_SOURCE_H
#define MSGAUDIT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"
#include "common/model.h"
#include "crawler/extract.h"

enum source_kind { SRC_HTML, SRC_MARKDOWN, SRC_MDX, SRC_STDIN };

struct source_item {
	char *file;	/* path to open (as given, joined) */
	char *rel;	/* path relative to the target folder */
	char *target;	/* the target it came from */
	enum source_kind kind;
};

struct source_list {
	struct source_item *v;
	size_t n, cap;
};

/* The kind for a file name, or -1 when it is not a page we audit. */
int crawl_source_kind(const char *name);
/* Add the pages of one target (a file or a folder; "-" for stdin).
 * Folders are walked in sorted order, hidden entries skipped, excludes
 * (globs relative to the folder) applied.  A missing or unreadable
 * target is an MA_ERR_USAGE error naming it. */
int crawl_source_collect(const char *target, char *const *excludes, size_t nexcludes,
			 struct source_list *out, struct ma_error *err);
void crawl_source_list_release(struct source_list *l);

/* Read and extract one item into a new page (never NULL).  Problems are
 * page warnings; page->failed when nothing could be read.  The page keeps
 * the source bytes in *src_out (caller frees) for column lookup.  stdin
 * content is passed in stdin_buf. */
struct page *crawl_source_read(const struct source_item *it, const struct extract_opts *o,
			       const struct buf *stdin_buf, char **src_out);

#endif
