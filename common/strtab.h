/* A string table: open addressing, FNV-1a, linear probing, a power-of-two
 * size at most half full, a 32-bit value per key.  Keys are not copied:
 * each must live as long as the table (the crawl frontier's node URLs,
 * the interned copies of common/intern.c). */
#ifndef MSGAUDIT_STRTAB_H
#define MSGAUDIT_STRTAB_H

#include <stddef.h>
#include <stdint.h>

struct strtab {
	const char **keys;	/* cap slots; NULL: empty */
	uint32_t *vals;
	size_t cap, n;
};

/* The stored key equal to key, or NULL; *val (when val is not NULL) its
 * value slot. */
const char *strtab_find(const struct strtab *t, const char *key, uint32_t **val);
/* Add key, which is not in t yet, with the value 0; its value slot. */
uint32_t *strtab_add(struct strtab *t, const char *key);
/* Free the table, not the keys. */
void strtab_release(struct strtab *t);

#endif
