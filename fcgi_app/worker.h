/*
 * worker.h -- one prefork worker: accepts FastCGI requests on the shared
 * listening socket and routes them until told to stop or recycled.
 */

#ifndef DUETD_WORKER_H
#define DUETD_WORKER_H

#include <time.h>

#include "options.h"

struct duetd_table;

/* A worker's process name (/proc/PID/comm, at most 15 characters). */
#define DUETD_WORKER_NAME  "duetd-worker"

/*
 * Run a worker in a freshly forked child.  Opens the worker's own handles
 * (store) after the fork, then serves.  SIGTERM lets the request in flight
 * finish and then exits 0; so does reaching cfg->max_requests.
 * Never returns.
 */
void duetd_worker_run(int listen_fd, const struct duetd_config *cfg,
    const struct timespec *started, struct duetd_table *table) __attribute__((noreturn));

#endif /* DUETD_WORKER_H */
