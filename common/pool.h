/* Run fn(i, arg) for i in [0, n) on up to `jobs` threads.  Work is taken
 * in index order; results go into caller-owned slots, so the output order
 * is deterministic whatever the scheduling.  `done` (may be NULL) is
 * called on the calling thread, in index order, as soon as items 0..i are
 * all finished: a report can stream pages while later ones still run. */
#ifndef MSGAUDIT_POOL_H
#define MSGAUDIT_POOL_H

#include <stddef.h>

typedef void (*pool_fn)(size_t i, void *arg, int worker);
typedef void (*pool_done_fn)(size_t i, void *arg);

void pool_run(size_t n, unsigned jobs, pool_fn fn, pool_done_fn done, void *arg);
/* The number of online cores, at least 1. */
unsigned pool_default_jobs(void);
/* Ask running pool_run calls to stop handing out new work. */
void pool_cancel(void);
int pool_cancelled(void);

#endif
