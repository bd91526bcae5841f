/* The one string hash of the internal tables: FNV-1a, 64 bits.  (Not the
 * baseline fingerprints of reports/baseline.c, which are stored in files
 * and keep their own definition.) */
#ifndef MSGAUDIT_HASH_H
#define MSGAUDIT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_SEED 1469598103934665603ULL

/* The hash of p[0, n) continued from h (HASH_SEED to start). */
static inline uint64_t hash_bytes(const void *p, size_t n, uint64_t h)
{
	const unsigned char *u = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ u[i]) * 1099511628211ULL;
	return h;
}

/* The hash of the NUL-terminated s. */
static inline uint64_t hash_str(const char *s)
{
	uint64_t h = HASH_SEED;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		h = (h ^ *u) * 1099511628211ULL;
	return h;
}

#endif
