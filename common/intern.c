#include "common/intern.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "common/xalloc.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **slots;	/* open addressing; NULL: empty */
static size_t cap, n;

static size_t slot_of(char **v, size_t c, const char *s)
{
	size_t i = (size_t)hash_str(s) & (c - 1);
	while (v[i] && strcmp(v[i], s))
		i = (i + 1) & (c - 1);
	return i;
}

/* Find s, or insert it (owned: a copy the table keeps, or NULL to copy). */
static const char *intern(const char *s, char *owned)
{
	if (!s)
		return NULL;
	pthread_mutex_lock(&lock);
	if ((n + 1) * 2 > cap) {
		size_t nc = cap ? cap * 2 : 256;
		char **nv = xcalloc(nc, sizeof *nv);
		for (size_t i = 0; i < cap; i++)
			if (slots[i])
				nv[slot_of(nv, nc, slots[i])] = slots[i];
		free(slots);
		slots = nv;
		cap = nc;
	}
	size_t i = slot_of(slots, cap, s);
	if (!slots[i]) {
		slots[i] = owned ? owned : xstrdup(s);
		owned = NULL;
		n++;
	}
	const char *r = slots[i];
	pthread_mutex_unlock(&lock);
	free(owned);
	return r;
}

const char *str_intern(const char *s)
{
	return intern(s, NULL);
}

const char *str_intern_take(char *s)
{
	return intern(s, s);
}

void str_intern_release(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < cap; i++)
		free(slots[i]);
	free(slots);
	slots = NULL;
	cap = n = 0;
	pthread_mutex_unlock(&lock);
}
