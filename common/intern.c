#include "common/intern.h"

#include <pthread.h>
#include <stdlib.h>

#include "common/strtab.h"
#include "common/xalloc.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct strtab table;	/* the keys are the shared copies */

/* Find s, or insert it (owned: a copy the table keeps, or NULL to copy). */
static const char *intern(const char *s, char *owned)
{
	if (!s)
		return NULL;
	pthread_mutex_lock(&lock);
	const char *r = strtab_find(&table, s, NULL);
	if (!r) {
		r = owned ? owned : xstrdup(s);
		owned = NULL;
		strtab_add(&table, r);
	}
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
	for (size_t i = 0; i < table.cap; i++)
		free((char *)table.keys[i]);
	strtab_release(&table);
	pthread_mutex_unlock(&lock);
}
