/*
 * router.c -- see router.h.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "api_json.h"
#include "auth.h"
#include "duet_util.h"
#include "handlers/handlers.h"
#include "log.h"
#include "router.h"
#include "store.h"
#include "uuid.h"

#define OP    DUETD_ROUTE_OPERATOR
#define KEY   DUETD_ROUTE_APIKEY
#define BODY  DUETD_ROUTE_BODY

static const struct duetd_route  duetd_routes[] = {
    { "GET", "/health", duetd_h_health, 0, 0 },
    { "GET", "/metrics", duetd_h_metrics, 0, 0 },

    { "POST", "/api/v1/signers", duetd_h_signer_create, OP | BODY,
      DUETD_BODY_MAX },
    { "GET", "/api/v1/signers", duetd_h_signer_list, OP | KEY, 0 },
    { "GET", "/api/v1/signers/{id}", duetd_h_signer_get, OP | KEY, 0 },
    { "PATCH", "/api/v1/signers/{id}", duetd_h_signer_update, OP | BODY,
      DUETD_BODY_MAX },
    { "DELETE", "/api/v1/signers/{id}", duetd_h_signer_revoke, OP,
      DUETD_BODY_MAX_EMPTY },
    { "POST", "/api/v1/signers/{id}/pause", duetd_h_signer_pause, OP,
      DUETD_BODY_MAX_EMPTY },
    { "POST", "/api/v1/signers/{id}/resume", duetd_h_signer_resume, OP,
      DUETD_BODY_MAX_EMPTY },
    { "POST", "/api/v1/signers/{id}/regenerate-key",
      duetd_h_signer_regenerate_key, OP, DUETD_BODY_MAX_EMPTY },

    { "GET", "/api/v1/signers/{id}/policy", duetd_h_policy_get, OP | KEY,
      0 },
    { "PUT", "/api/v1/signers/{id}/policy", duetd_h_policy_put, OP | BODY,
      DUETD_BODY_MAX },
    { "POST", "/api/v1/signers/{id}/policy/backtest",
      duetd_h_policy_backtest, OP | KEY | BODY, DUETD_BODY_MAX },

    { "GET", "/api/v1/audit-log", duetd_h_audit_list, OP | KEY, 0 },
    { "GET", "/api/v1/audit-log/export", duetd_h_audit_export, OP | KEY, 0 },
    { "GET", "/api/v1/networks", duetd_h_networks, OP | KEY, 0 },

    { "POST", "/api/v1/dkg/sessions/{sid}/rounds", duetd_h_dkg_round,
      OP | BODY, DUETD_BODY_MAX_DKG },

    { "POST", "/api/v1/sign/sessions", duetd_h_sign_create_tx, KEY | BODY,
      DUETD_BODY_MAX },
    { "POST", "/api/v1/sign-message/sessions", duetd_h_sign_create_message,
      KEY | BODY, DUETD_BODY_MAX },
    { "POST", "/api/v1/sign/sessions/{sid}/rounds", duetd_h_sign_round,
      KEY | BODY, DUETD_BODY_MAX },
    { "POST", "/api/v1/sign/sessions/{sid}/complete", duetd_h_sign_complete,
      KEY | BODY, DUETD_BODY_MAX },
};

#undef OP
#undef KEY
#undef BODY

#define DUETD_NROUTES  (sizeof(duetd_routes) / sizeof(duetd_routes[0]))


/* A session id: "<tag>.<22 base64url>"; the table judges the rest. */
static int
duetd_router_sid_ok(const char *s, size_t n)
{
    size_t  i;

    if (n == 0 || n >= DUETD_SID_TEXT_MAX) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')
              || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'
              || s[i] == '.'))
        {
            return 0;
        }
    }
    return 1;
}


/*
 * Match path against a pattern, segment by segment; a "{id}" or "{sid}"
 * segment takes one path segment of its shape, copied into r.  A path that
 * fits the pattern but for the shape of such a segment sets *bad to the
 * parameter's name ("id", "sid") for the 404's message.
 * Returns: 1 on a match, 0 otherwise (r's parameters may be clobbered).
 */
static int
duetd_router_match(const char *pattern, const char *path,
    struct duetd_request *r, const char **bad)
{
    const char  *pe, *se, *misfit = NULL;
    size_t       pn, sn;

    for ( ;; ) {
        if (*pattern != '/' || *path != '/') {
            if (*pattern != '\0' || *path != '\0') {
                return 0;
            }
            if (misfit != NULL) {
                *bad = misfit;
                return 0;
            }
            return 1;
        }
        pattern++;
        path++;
        pe = strchr(pattern, '/');
        pn = pe ? (size_t) (pe - pattern) : strlen(pattern);
        se = strchr(path, '/');
        sn = se ? (size_t) (se - path) : strlen(path);

        if (pn == 4 && memcmp(pattern, "{id}", 4) == 0 && sn > 0) {
            if (!duetd_uuid_ok(path, sn)) {
                misfit = "id";
            } else {
                memcpy(r->id, path, sn);
                r->id[sn] = '\0';
            }
        } else if (pn == 5 && memcmp(pattern, "{sid}", 5) == 0 && sn > 0) {
            if (!duetd_router_sid_ok(path, sn)) {
                misfit = "sid";
            } else {
                memcpy(r->sid, path, sn);
                r->sid[sn] = '\0';
            }
        } else if (pn != sn || memcmp(pattern, path, pn) != 0) {
            return 0;
        }
        pattern += pn;
        path += sn;
    }
}


static int
duetd_router_apikey(struct duetd_request *r, const struct duetd_app *app,
    const char *key)
{
    uint8_t  h[32], stored[32];
    char     id[DUETD_UUID_SIZE];
    size_t   n;
    int      rc, status;

    n = strlen(key);
    if (!duetd_auth_apikey_shape(key, n)) {
        return duetd_request_fail(r, 401, "invalid API key");
    }
    if (duetd_sha256(h, key, n) != 0) {
        return 500;
    }
    rc = duetd_store_apikey_lookup(app->store, h, id, stored);
    if (rc == DUETD_STORE_OK && duet_ct_memeq(h, stored, sizeof(h))
        && strlen(id) < sizeof(r->caller.signer_id))
    {
        r->caller.kind = DUETD_CALLER_SIGNER;
        memcpy(r->caller.signer_id, id, strlen(id) + 1);
        status = 0;
    } else if (rc == DUETD_STORE_OK || rc == DUETD_STORE_NOT_FOUND) {
        status = duetd_request_fail(r, 401, "invalid API key");
    } else {
        status = duetd_request_fail(r, 503, "store unavailable");
    }
    duet_memclear(h, sizeof(h));
    duet_memclear(stored, sizeof(stored));
    return status;
}


/* Establish r->caller for a route with auth flags.  Returns 0 or 401. */
static int
duetd_router_auth(struct duetd_request *r, const struct duetd_app *app,
    unsigned flags)
{
    const char  *authz, *key, *tok;
    size_t       n;

    r->caller.kind = DUETD_CALLER_NONE;
    if ((flags & (DUETD_ROUTE_OPERATOR | DUETD_ROUTE_APIKEY)) == 0) {
        return 0;
    }
    authz = duetd_request_param(r, "HTTP_AUTHORIZATION");
    key = duetd_request_param(r, "HTTP_X_API_KEY");

    if ((flags & DUETD_ROUTE_OPERATOR) && authz != NULL) {
        if (duetd_auth_bearer(authz, &tok, &n) == 0
            && duetd_auth_operator_ok(app->cfg, tok, n))
        {
            r->caller.kind = DUETD_CALLER_OPERATOR;
            return 0;
        }
        if (!(flags & DUETD_ROUTE_APIKEY) || key == NULL) {
            return duetd_request_fail(r, 401, "invalid operator token");
        }
    }
    if ((flags & DUETD_ROUTE_APIKEY) && key != NULL) {
        return duetd_router_apikey(r, app, key);
    }
    if (flags & DUETD_ROUTE_APIKEY) {
        return duetd_request_fail(r, 401,
                                  (flags & DUETD_ROUTE_OPERATOR)
                                  ? "missing credentials: an x-api-key"
                                    " header or the operator token"
                                  : authz != NULL
                                  ? "this route needs a signer's API key"
                                    " (x-api-key header), not the operator"
                                    " token"
                                  : "missing API key (x-api-key header)");
    }
    return duetd_request_fail(r, 401, key != NULL
                              ? "this route needs the operator token"
                              : "missing operator token"
                                " (Authorization: Bearer)");
}


/* A route without a body accepts none, or an empty JSON object. */
static int
duetd_router_empty_body(struct duetd_request *r)
{
    struct json_object  *root = NULL;
    char                *body = NULL;
    size_t               len = 0;
    int                  status;

    if (r->content_length == 0) {
        return 0;
    }
    if ((status = duetd_request_body(r, &body, &len)) != 0) {
        return status;
    }
    status = duetd_json_parse(&root, body, len, r->err_message,
                              sizeof(r->err_message));
    if (status == 0 && json_object_object_length(root) != 0) {
        status = duetd_request_fail(r, 400, "this route takes no request"
                                    " fields");
    }
    json_object_put(root);
    duetd_request_body_free(body, len);
    return status;
}


static void
duetd_router_error(struct duetd_request *r, int status, const char *headers,
    const char *message)
{
    if (duetd_respond_error_ext(r, status, headers, message, r->err_extra)
        != 0)
    {
        duetd_log_warn("could not send %d to nginx", status);
    }
}


/* Answer with the error a handler or check recorded. */
static void
duetd_router_fail(struct duetd_request *r, int status)
{
    char  headers[48];

    headers[0] = '\0';
    if (r->err_retry_after != 0) {
        snprintf(headers, sizeof(headers), "Retry-After: %u\r\n",
                 r->err_retry_after);
    }
    if (status < 400 || status > 599) {
        duetd_log_error("%s %s: bad status %d", r->method, r->path, status);
        status = 500;
        r->err_message[0] = '\0';
    }
    duetd_router_error(r, status, headers[0] ? headers : NULL,
                       r->err_message[0] ? r->err_message
                                         : duetd_http_reason(status));
}


void
duetd_router_dispatch(struct duetd_request *r, const struct duetd_app *app)
{
    const struct duetd_route  *route;
    const char                *ct, *bad;
    char                       allow[128], message[DUETD_PATH_MAX + 64];
    size_t                     i, n;
    int                        status;

    allow[0] = '\0';
    n = 0;
    route = NULL;
    bad = NULL;
    for (i = 0; i < DUETD_NROUTES; i++) {
        r->id[0] = '\0';
        r->sid[0] = '\0';
        if (!duetd_router_match(duetd_routes[i].path, r->path, r, &bad)) {
            continue;
        }
        if (strcmp(duetd_routes[i].method, r->method) == 0) {
            route = &duetd_routes[i];
            break;
        }
        n += (size_t) snprintf(allow + n, sizeof(allow) - n, "%s%s",
                               n ? ", " : "", duetd_routes[i].method);
        if (n >= sizeof(allow)) {
            n = sizeof(allow) - 1;
        }
    }

    if (route == NULL && allow[0] != '\0') {
        char headers[sizeof(allow) + 16];

        snprintf(headers, sizeof(headers), "Allow: %s\r\n", allow);
        snprintf(message, sizeof(message), "method %s is not allowed on %s",
                 r->method, r->path);
        duetd_router_error(r, 405, headers, message);
        goto done;
    }
    if (route == NULL && bad != NULL) {
        duetd_router_error(r, 404, NULL, strcmp(bad, "id") == 0
                           ? "malformed signer id: signer ids are"
                             " lower-case UUIDs"
                           : "malformed session id: session ids are"
                             " <node tag>.<22 base64url characters>");
        goto done;
    }
    if (route == NULL) {
        snprintf(message, sizeof(message), "no route for %s %s", r->method,
                 r->path);
        duetd_router_error(r, 404, NULL, message);
        goto done;
    }

    if ((status = duetd_router_auth(r, app, route->flags)) != 0) {
        duetd_router_fail(r, status);
        goto done;
    }
    if (r->content_length > 0) {
        ct = duetd_request_param(r, "CONTENT_TYPE");
        if (!duetd_json_content_type_ok(ct)) {
            duetd_request_fail(r, 415, "request bodies must be"
                               " application/json");
            duetd_router_fail(r, 415);
            goto done;
        }
    }
    if (r->content_length > route->max_body) {
        duetd_request_fail(r, 413,
                           "request body of %zu bytes is over the %zu-byte"
                           " limit of %s", r->content_length,
                           route->max_body, route->path);
        duetd_router_fail(r, 413);
        goto done;
    }
    r->max_body = route->max_body;
    if (!(route->flags & DUETD_ROUTE_BODY)
        && (status = duetd_router_empty_body(r)) != 0)
    {
        duetd_router_fail(r, status);
        goto done;
    }

    status = route->handler(r, app);
    if (status != 0 && !r->responded) {
        duetd_router_fail(r, status);
    } else if (!r->responded) {
        duetd_log_error("handler for %s %s wrote no response", r->method,
                        r->path);
        r->err_message[0] = '\0';
        duetd_router_fail(r, 500);
    }

done:
    duetd_request_done(r);
}
