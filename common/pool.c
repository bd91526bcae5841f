#include "common/pool.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/xalloc.h"

static volatile sig_atomic_t cancelled;

void pool_cancel(void)
{
	cancelled = 1;
}

int pool_cancelled(void)
{
	return cancelled;
}

struct pool {
	size_t n;
	size_t next;
	size_t finished_upto;	/* items [0, finished_upto) reported to done */
	size_t inflight;
	bool *finished;
	pool_fn fn;
	void *arg;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

struct worker {
	struct pool *pool;
	int id;
};

static void *work(void *v)
{
	struct worker *w = v;
	struct pool *p = w->pool;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		size_t i = p->next;
		if (i >= p->n || cancelled) {
			pthread_cond_broadcast(&p->cv);
			pthread_mutex_unlock(&p->mu);
			break;
		}
		p->next++;
		p->inflight++;
		pthread_mutex_unlock(&p->mu);
		p->fn(i, p->arg, w->id);
		pthread_mutex_lock(&p->mu);
		p->finished[i] = true;
		p->inflight--;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

unsigned pool_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

void pool_run(size_t n, unsigned jobs, pool_fn fn, pool_done_fn done, void *arg)
{
	if (!jobs)
		jobs = pool_default_jobs();
	if (jobs > n)
		jobs = n ? (unsigned)n : 1;
	struct pool p = {.n = n, .fn = fn, .arg = arg};
	p.finished = xcalloc(n ? n : 1, sizeof *p.finished);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	pthread_t *th = xcalloc(jobs, sizeof *th);
	struct worker *ws = xcalloc(jobs, sizeof *ws);
	unsigned started = 0;
	for (unsigned j = 1; j < jobs; j++) {
		ws[j].pool = &p;
		ws[j].id = (int)j;
		if (pthread_create(&th[j], NULL, work, &ws[j]) == 0)
			started = j;
		else
			break;
	}
	/* The calling thread is worker 0, but reports in order as it goes:
	 * it takes work only while nothing finished is waiting to be reported. */
	ws[0].pool = &p;
	ws[0].id = 0;
	pthread_mutex_lock(&p.mu);
	for (;;) {
		while (p.finished_upto < n && p.finished[p.finished_upto]) {
			size_t i = p.finished_upto++;
			if (done) {
				pthread_mutex_unlock(&p.mu);
				done(i, arg);
				pthread_mutex_lock(&p.mu);
			}
		}
		if (p.finished_upto >= n)
			break;
		if (p.next < n && !cancelled) {
			size_t i = p.next++;
			p.inflight++;
			pthread_mutex_unlock(&p.mu);
			fn(i, arg, 0);
			pthread_mutex_lock(&p.mu);
			p.finished[i] = true;
			p.inflight--;
			continue;
		}
		if (p.inflight == 0)
			break;	/* cancelled, or everything handed out has finished */
		pthread_cond_wait(&p.cv, &p.mu);
	}
	pthread_mutex_unlock(&p.mu);
	for (unsigned j = 1; j <= started; j++)
		pthread_join(th[j], NULL);
	/* items finished after a cancel, in order, up to the first gap */
	while (p.finished_upto < n && p.finished[p.finished_upto]) {
		size_t i = p.finished_upto++;
		if (done)
			done(i, arg);
	}
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	free(p.finished);
	free(th);
	free(ws);
}
