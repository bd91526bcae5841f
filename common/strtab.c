#include "common/strtab.h"

#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "common/xalloc.h"

static size_t slot(const char **keys, size_t cap, const char *key)
{
	size_t mask = cap - 1, i = (size_t)hash_str(key) & mask;
	while (keys[i] && strcmp(keys[i], key))
		i = (i + 1) & mask;
	return i;
}

const char *strtab_find(const struct strtab *t, const char *key, uint32_t **val)
{
	if (!t->cap)
		return NULL;
	size_t i = slot(t->keys, t->cap, key);
	if (t->keys[i] && val)
		*val = &t->vals[i];
	return t->keys[i];
}

uint32_t *strtab_add(struct strtab *t, const char *key)
{
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		const char **keys = xcalloc(cap, sizeof *keys);
		uint32_t *vals = xcalloc(cap, sizeof *vals);
		for (size_t i = 0; i < t->cap; i++)
			if (t->keys[i]) {
				size_t j = slot(keys, cap, t->keys[i]);
				keys[j] = t->keys[i];
				vals[j] = t->vals[i];
			}
		free(t->keys);
		free(t->vals);
		t->keys = keys;
		t->vals = vals;
		t->cap = cap;
	}
	size_t i = slot(t->keys, t->cap, key);
	t->keys[i] = key;
	t->vals[i] = 0;
	t->n++;
	return &t->vals[i];
}

void strtab_release(struct strtab *t)
{
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof *t);
}
