/* Inline suppression comments, in HTML and Markdown alike:
 *   <!-- msgaudit-disable [RULE[,RULE...]] -->   from here on
 *   <!-- msgaudit-enable [RULE...] -->           ends a disable
 *   <!-- msgaudit-disable-next [RULE...] -->     the next block only
 * No rule named means every rule.  A rule name may end in '*' to cover a
 * family ("buzzword.*").  Regions end up in page->supp. */
#ifndef MSGAUDIT_SUPPRESS_H
#define MSGAUDIT_SUPPRESS_H

#include <stdbool.h>

#include "common/model.h"

struct supp_open {
	char *rule;	/* NULL: all rules */
	size_t start;
};

struct supp_state {
	struct supp_open *open;
	size_t nopen, open_cap;
	char **next;		/* rules for the next block; "" entry = all */
	size_t nnext, next_cap;
};

void supp_state_init(struct supp_state *s);
/* Handle one comment's text; returns true when it was a directive. */
bool supp_comment(struct supp_state *s, struct page *p, const char *text, size_t len);
/* Tell the state a block was added (consumes a pending disable-next). */
void supp_block_added(struct supp_state *s, struct page *p, const struct block *b);
/* Close regions still open at the end of the page; frees the state. */
void supp_finish(struct supp_state *s, struct page *p);
/* Is rule `id` suppressed at text offset off? */
bool supp_is_suppressed(const struct page *p, const char *id, size_t off);

#endif
