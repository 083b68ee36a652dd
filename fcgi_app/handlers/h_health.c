/*
 * h_health.c -- GET /health: liveness and readiness for load balancers and
 * sysadmins.  200 when the store answers writable and the KMS key is sound,
 * 503 otherwise; the body says which part failed.
 */

#include "config.h"

#include <time.h>

#include <json-c/json.h>

#include "../kms_file.h"
#include "../store.h"
#include "handlers.h"


int
duetd_h_health(struct duetd_request *r, const struct duetd_app *app)
{
    struct json_object  *o;
    struct timespec      now;
    int                  store_ok, kms_ok, status, rc;

    clock_gettime(CLOCK_MONOTONIC, &now);
    store_ok = duetd_store_ping(app->store) == 0;
    kms_ok = duetd_kms_file_check(app->cfg->data_dir) == 0;
    status = store_ok && kms_ok ? 200 : 503;

    o = json_object_new_object();
    if (o == NULL) {
        return 500;
    }
    json_object_object_add(o, "status",
        json_object_new_string(status == 200 ? "ok" : "degraded"));
    json_object_object_add(o, "version",
        json_object_new_string(PACKAGE_VERSION));
    json_object_object_add(o, "uptime",
        json_object_new_int64((int64_t) (now.tv_sec - app->started.tv_sec)));
    json_object_object_add(o, "store",
        json_object_new_string(store_ok ? "ok" : "unavailable"));
    json_object_object_add(o, "kms",
        json_object_new_string(kms_ok ? "ok" : "unavailable"));

    rc = duetd_respond_json(r, status, NULL, o);
    json_object_put(o);
    return rc == 0 ? 0 : 500;
}
