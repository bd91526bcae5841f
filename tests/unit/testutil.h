/* Shared helpers for the cmocka unit tests. */
#ifndef MSGAUDIT_TESTUTIL_H
#define MSGAUDIT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/model.h"

/* The text of block i as a fresh string. */
static inline char *block_text(const struct page *p, size_t i)
{
	char *s = malloc(p->blocks[i].len + 1);
	memcpy(s, p->text.data + p->blocks[i].off, p->blocks[i].len);
	s[p->blocks[i].len] = '\0';
	return s;
}

/* Index of the first block whose text contains needle, or -1. */
static inline long find_block(const struct page *p, const char *needle)
{
	for (size_t i = 0; i < p->nblocks; i++) {
		char *t = block_text(p, i);
		int hit = strstr(t, needle) != NULL;
		free(t);
		if (hit)
			return (long)i;
	}
	return -1;
}

/* The corpus folder, or NULL when absent (the tests using it skip). */
static inline const char *corpus_dir(void)
{
	const char *c = getenv("CORPUS");
	return c && *c && access(c, R_OK | X_OK) == 0 ? c : NULL;
}

#endif
