/* Allocation that cannot fail: out of memory is the one fatal error
 * (STYLE.md), so callers never check these for NULL. */
#ifndef MSGAUDIT_XALLOC_H
#define MSGAUDIT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow an array of *cap elements of elem bytes so that it holds need.
 * The test inline: most calls, one per element appended in hot loops,
 * find room. */
void *xgrow_slow(void *p, size_t *cap, size_t need, size_t elem);
static inline void *xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
	return need <= *cap ? p : xgrow_slow(p, cap, need, elem);
}
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xstrdup, but NULL stays NULL. */
char *xstrdup_or_null(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
