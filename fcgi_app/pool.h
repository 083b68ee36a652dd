/*
 * pool.h -- the supervisor: forks cfg->workers workers on the listening
 * socket, replaces any that die (with back-off against crash loops),
 * re-reads the config file and replaces all of them on SIGHUP, and drains
 * on SIGTERM or SIGINT.
 */

#ifndef DUETD_POOL_H
#define DUETD_POOL_H

#include <time.h>

#include "options.h"

struct duetd_table;

/*
 * Supervise until SIGTERM/SIGINT.  The pool keeps its own copy of *cfg,
 * replaced on SIGHUP by duetd_options_reload.  Returns the exit code: 0
 * when every worker drained within cfg->drain_seconds, 1 when some had to
 * be killed or the pool could not start.
 */
int duetd_pool_run(int listen_fd, const struct duetd_config *cfg,
    const struct timespec *started, struct duetd_table *table);

#endif /* DUETD_POOL_H */
