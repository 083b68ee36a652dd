/*
 * h_health.c -- GET /health: liveness and readiness for load balancers and
 * sysadmins.  200 when the store answers writable and the KMS answers,
 * 503 otherwise; the body says which part failed, how full the prime pool
 * is and how many sessions are in flight.
 */

#include "config.h"

#include <time.h>

#include <json-c/json.h>

#include "../api_json.h"
#include "../kms.h"
#include "../prime_pool.h"
#include "../session_table.h"
#include "../store.h"
#include "handlers.h"


int
duetd_h_health(struct duetd_request *r, const struct duetd_app *app)
{
    struct json_object        *o = NULL, *pool = NULL, *sess = NULL;
    struct duetd_table_stats   ts;
    struct timespec            now;
    unsigned                   primes = 0;
    int                        store_ok, kms_ok, pool_ok, status;

    clock_gettime(CLOCK_MONOTONIC, &now);
    store_ok = duetd_store_ping(app->store) == 0;
    kms_ok = duetd_kms_health(app->kms) == DUETD_KMS_OK;
    pool_ok = store_ok
              && duetd_prime_pool_size(app->store, app->cfg->level, &primes)
                 == 0;
    duetd_table_stats(app->table, &ts);
    status = store_ok && kms_ok ? 200 : 503;

    if ((o = json_object_new_object()) == NULL
        || duetd_json_add(o, "status",
                          json_object_new_string(status == 200 ? "ok"
                                                 : "degraded"))
        || duetd_json_add(o, "version",
                          json_object_new_string(PACKAGE_VERSION))
        || duetd_json_add(o, "uptime",
                          json_object_new_int64((int64_t) (now.tv_sec
                                                - app->started.tv_sec)))
        || duetd_json_add(o, "store",
                          json_object_new_string(store_ok ? "ok"
                                                 : "unavailable"))
        || duetd_json_add(o, "kms",
                          json_object_new_string(kms_ok ? "ok"
                                                 : "unavailable"))
        || duetd_json_add(o, "primePool", pool = json_object_new_object())
        || (pool_ok
            ? duetd_json_add(pool, "size", json_object_new_int64(primes))
            : json_object_object_add(pool, "size", NULL))
        || duetd_json_add(pool, "target",
                          json_object_new_int64(app->cfg->prime_target))
        || duetd_json_add(o, "sessions", sess = json_object_new_object())
        || duetd_json_add(sess, "live", json_object_new_int64(ts.live))
        || duetd_json_add(sess, "capacity",
                          json_object_new_int64(ts.capacity)))
    {
        json_object_put(o);
        return 500;
    }
    return duetd_h_send(r, status, o);
}
