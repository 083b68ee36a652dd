/*
 * app.h -- the environment a worker hands to every handler: the immutable
 * configuration, the shared session table, and the per-worker handles
 * opened after fork.
 */

#ifndef DUETD_APP_H
#define DUETD_APP_H

#include <time.h>

#include "options.h"

struct duetd_chain;
struct duetd_kms;
struct duetd_store;
struct duetd_table;

struct duetd_app {
    const struct duetd_config  *cfg;
    struct duetd_table         *table;     /* shared, inherited from the
                                              supervisor                  */
    struct duetd_store         *store;     /* this worker's connection    */
    struct duetd_kms           *kms;       /* this worker's handle        */
    struct duetd_chain         *chain;     /* RPC and prices, this worker */
    struct timespec             started;   /* supervisor start, MONOTONIC */
};

#endif /* DUETD_APP_H */
