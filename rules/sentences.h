/* Sentence segmentation of a page's copy blocks.  Every block ends a
 * sentence (headings, list items and CTAs rarely carry a full stop);
 * inside a block a sentence ends at '.', '!', '?' or an ellipsis that is
 * followed by a space and a word that does not start in lowercase, unless
 * the full stop ends a known abbreviation ("e.g.", "U.S.", "Inc.") or an
 * initial ("J. Smith").  Decimal numbers ("3.5", "v2.0") never split
 * because no space follows the point. */
#ifndef MSGAUDIT_SENTENCES_H
#define MSGAUDIT_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

#include "common/model.h"

struct sentence {
	size_t off;	/* in page->text */
	size_t len;
	uint32_t block;	/* index in page->blocks */
};

struct sentences {
	struct sentence *v;
	size_t n, cap;
};

/* Split [0, len) of text into sentences, appending them to out with
 * offsets relative to base (added to each offset) and block index blk.
 * Leading and trailing spaces are trimmed; empty pieces are dropped. */
void sentences_split(const char *text, size_t len, size_t base, uint32_t blk,
		     struct sentences *out);

/* Split every block of p (image alt text excluded) into out, in order. */
void sentences_of_page(const struct page *p, struct sentences *out);

void sentences_release(struct sentences *s);

/* Index of the sentence holding offset off, or (size_t)-1. */
size_t sentences_find(const struct sentences *s, size_t off);

#endif
