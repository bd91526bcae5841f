#include "common/keytab.h"

#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

static uint64_t *key_at(const struct keytab *t, void *v, size_t i)
{
	return (uint64_t *)((char *)v + i * t->elem);
}

static size_t probe(const struct keytab *t, void *v, size_t cap, uint64_t key)
{
	size_t j = (size_t)key & (cap - 1);
	while (*key_at(t, v, j) && *key_at(t, v, j) != key)
		j = (j + 1) & (cap - 1);
	return j;
}

void *keytab_get(struct keytab *t, uint64_t key)
{
	if ((t->n + 1) * 2 > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		void *v = xcalloc(cap, t->elem);
		for (size_t i = 0; i < t->cap; i++) {
			uint64_t k = *key_at(t, t->v, i);
			if (k)
				memcpy(key_at(t, v, probe(t, v, cap, k)), key_at(t, t->v, i), t->elem);
		}
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	uint64_t *slot = key_at(t, t->v, probe(t, t->v, t->cap, key));
	if (!*slot) {
		*slot = key;
		t->n++;
	}
	return slot;
}

void *keytab_find(const struct keytab *t, uint64_t key)
{
	if (!t->cap)
		return NULL;
	uint64_t *slot = key_at(t, t->v, probe(t, t->v, t->cap, key));
	return *slot ? slot : NULL;
}

int keytab_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

void keytab_release(struct keytab *t)
{
	free(t->v);
	t->v = NULL;
	t->cap = t->n = 0;
}
