/* Open-addressing tables keyed by a nonzero 64-bit hash: an array of
 * caller-defined slots whose first member is `uint64_t key` (0: empty),
 * grown at half full.  Used for site blocks and findings (rules/site.c)
 * and the crawl frontier's trap counters. */
#ifndef MSGAUDIT_KEYTAB_H
#define MSGAUDIT_KEYTAB_H

#include <stddef.h>
#include <stdint.h>

struct keytab {
	void *v;	/* cap slots of elem bytes */
	size_t cap, n, elem;
};

#define KEYTAB_INIT(type) {NULL, 0, 0, sizeof(type)}

/* The slot of key (nonzero), added zeroed (but for its key) when absent. */
void *keytab_get(struct keytab *t, uint64_t key);
/* The slot of key, or NULL. */
void *keytab_find(const struct keytab *t, uint64_t key);
void keytab_release(struct keytab *t);

/* qsort/bsearch order of 64-bit keys (or of records that start with one). */
int keytab_cmp(const void *a, const void *b);

#endif
