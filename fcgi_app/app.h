/*
 * app.h -- the environment a worker hands to every handler: the immutable
 * configuration, the per-worker handles opened after fork, and the pool's
 * start time.
 */

#ifndef DUETD_APP_H
#define DUETD_APP_H

#include <time.h>

#include "options.h"

struct duetd_store;

struct duetd_app {
    const struct duetd_config  *cfg;
    struct duetd_store         *store;     /* this worker's own connection */
    struct timespec             started;   /* supervisor start, MONOTONIC  */
};

#endif /* DUETD_APP_H */
