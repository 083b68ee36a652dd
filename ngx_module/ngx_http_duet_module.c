
/*
 * ngx_http_duet_module: duet's edge checks in front of the duetd FastCGI
 * pool.  In the access phase it admits a request by one of the methods
 * its location allows (an ES256 session JWT from a Bearer header or a
 * cookie, verified with the algorithm pinned; an API key or an operator
 * token, by shape only: duetd holds their hashes), refuses cross-origin
 * unsafe requests authenticated by cookie, and exports what it learned as
 * variables for fastcgi_param.  $duet_session_id and $duet_session_node
 * name the MPC session of a round's URI, for routing to the duetd host
 * that holds the session.
 *
 * The directive reference is docs/nginx-module.md.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include <openssl/evp.h>

#include "duet_jwt.h"


#define NGX_HTTP_DUET_JWT            0x01
#define NGX_HTTP_DUET_API_KEY        0x02
#define NGX_HTTP_DUET_OPERATOR       0x04

#define NGX_HTTP_DUET_SAFE_METHODS                                           \
    (NGX_HTTP_GET|NGX_HTTP_HEAD|NGX_HTTP_OPTIONS|NGX_HTTP_TRACE)

/* the shapes duetd issues (fcgi_app/auth.h): a prefix and 32 bytes */
#define NGX_HTTP_DUET_API_KEY_PREFIX "duet_live_"
#define NGX_HTTP_DUET_OPERATOR_PREFIX "duet_op_"
#define NGX_HTTP_DUET_SECRET_CHARS   43

#define NGX_HTTP_DUET_KEY_ID_BYTES   8
#define NGX_HTTP_DUET_TAG_MAX        16
#define NGX_HTTP_DUET_SID_CHARS      22
#define NGX_HTTP_DUET_CLAIM_MAX      1024
#define NGX_HTTP_DUET_KEY_FILE_MAX   65536
#define NGX_HTTP_DUET_ECHO_MAX       64


typedef struct {
    ngx_uint_t                auth;
    duet_jwt_keys_t          *keys;
    ngx_str_t                 cookie;
    ngx_str_t                 issuer;
    ngx_str_t                 audience;
    time_t                    leeway;
    ngx_str_t                 api_key_header;
    ngx_flag_t                csrf;
    ngx_array_t              *csrf_origins;
    ngx_uint_t                status;
} ngx_http_duet_loc_conf_t;


typedef struct {
    ngx_str_t                 method;
    ngx_str_t                 user;
    ngx_str_t                 jti;
    ngx_str_t                 api_key_id;
    ngx_str_t                 error;
    duet_jwt_claims_t        *claims;
} ngx_http_duet_ctx_t;


static ngx_int_t ngx_http_duet_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_duet_authenticate(ngx_http_request_t *r,
    ngx_http_duet_loc_conf_t *dlcf, ngx_http_duet_ctx_t *ctx);
static ngx_int_t ngx_http_duet_jwt(ngx_http_request_t *r,
    ngx_http_duet_loc_conf_t *dlcf, ngx_http_duet_ctx_t *ctx,
    ngx_str_t *token);
static ngx_int_t ngx_http_duet_api_key(ngx_http_request_t *r,
    ngx_http_duet_ctx_t *ctx, ngx_str_t *key);
static ngx_int_t ngx_http_duet_key_id(ngx_http_request_t *r, ngx_str_t *key,
    ngx_str_t *id);
static ngx_int_t ngx_http_duet_csrf(ngx_http_request_t *r,
    ngx_http_duet_loc_conf_t *dlcf, ngx_http_duet_ctx_t *ctx);
static ngx_uint_t ngx_http_duet_own_origin(ngx_http_request_t *r,
    ngx_str_t *origin);
static ngx_int_t ngx_http_duet_refuse(ngx_http_request_t *r,
    ngx_http_duet_ctx_t *ctx, const char *reason, ngx_str_t *echo);
static ngx_int_t ngx_http_duet_unauthorized(ngx_http_request_t *r,
    ngx_http_duet_loc_conf_t *dlcf, ngx_http_duet_ctx_t *ctx,
    const char *reason);
static ngx_int_t ngx_http_duet_forbidden(ngx_http_request_t *r,
    ngx_http_duet_ctx_t *ctx, const char *reason, ngx_str_t *echo);
static ngx_table_elt_t *ngx_http_duet_find_header(ngx_http_request_t *r,
    ngx_str_t *name, ngx_uint_t *count);
static ngx_uint_t ngx_http_duet_secret_shape(ngx_str_t *s,
    const char *prefix, size_t prefix_len);
static ngx_int_t ngx_http_duet_session(ngx_str_t *uri, ngx_str_t *id,
    ngx_str_t *tag);
static ngx_http_duet_ctx_t *ngx_http_duet_get_ctx(ngx_http_request_t *r,
    ngx_uint_t create);
static void ngx_http_duet_cleanup(void *data);
static void ngx_http_duet_forget(ngx_http_duet_ctx_t *ctx);

static void ngx_http_duet_set_value(ngx_http_variable_value_t *v,
    u_char *data, size_t len);
static ngx_int_t ngx_http_duet_ctx_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_duet_key_id_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_duet_session_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_duet_claim_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);

static char *ngx_http_duet_auth(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_duet_key_file(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static ngx_int_t ngx_http_duet_read_file(ngx_conf_t *cf, ngx_str_t *name,
    ngx_str_t *cmd, ngx_str_t *data);
static char *ngx_http_duet_csrf_origin(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_duet_status(ngx_conf_t *cf, void *post, void *data);
static void ngx_http_duet_free_keys(void *data);
static ngx_int_t ngx_http_duet_add_variables(ngx_conf_t *cf);
static void *ngx_http_duet_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_duet_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static ngx_int_t ngx_http_duet_init(ngx_conf_t *cf);


static ngx_conf_post_handler_pt  ngx_http_duet_status_p =
    ngx_http_duet_status;


static ngx_command_t  ngx_http_duet_commands[] = {

    { ngx_string("duet_auth"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_HTTP_LMT_CONF
                        |NGX_CONF_1MORE,
      ngx_http_duet_auth,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("duet_jwt_key_file"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_duet_key_file,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("duet_jwt_cookie"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_duet_loc_conf_t, cookie),
      NULL },

    { ngx_string("duet_jwt_issuer"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_duet_loc_conf_t, issuer),
      NULL },

    { ngx_string("duet_jwt_audience"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_duet_loc_conf_t, audience),
      NULL },

    { ngx_string("duet_jwt_leeway"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_duet_loc_conf_t, leeway),
      NULL },

    { ngx_string("duet_api_key_header"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_duet_loc_conf_t, api_key_header),
      NULL },

    { ngx_string("duet_csrf"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_duet_loc_conf_t, csrf),
      NULL },

    { ngx_string("duet_csrf_origin"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_duet_csrf_origin,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("duet_auth_status"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_num_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_duet_loc_conf_t, status),
      &ngx_http_duet_status_p },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_duet_module_ctx = {
    ngx_http_duet_add_variables,           /* preconfiguration */
    ngx_http_duet_init,                    /* postconfiguration */

    NULL,                                  /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_duet_create_loc_conf,         /* create location configuration */
    ngx_http_duet_merge_loc_conf           /* merge location configuration */
};


ngx_module_t  ngx_http_duet_module = {
    NGX_MODULE_V1,
    &ngx_http_duet_module_ctx,             /* module context */
    ngx_http_duet_commands,                /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static ngx_http_variable_t  ngx_http_duet_vars[] = {

    { ngx_string("duet_auth_method"), NULL, ngx_http_duet_ctx_variable,
      offsetof(ngx_http_duet_ctx_t, method), NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("duet_user"), NULL, ngx_http_duet_ctx_variable,
      offsetof(ngx_http_duet_ctx_t, user), NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("duet_jti"), NULL, ngx_http_duet_ctx_variable,
      offsetof(ngx_http_duet_ctx_t, jti), NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("duet_api_key_id"), NULL, ngx_http_duet_key_id_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("duet_auth_error"), NULL, ngx_http_duet_ctx_variable,
      offsetof(ngx_http_duet_ctx_t, error), NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("duet_session_id"), NULL, ngx_http_duet_session_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("duet_session_node"), NULL, ngx_http_duet_session_variable,
      1, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("duet_jwt_claim_"), NULL, ngx_http_duet_claim_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE|NGX_HTTP_VAR_PREFIX, 0 },

      ngx_http_null_variable
};


static ngx_str_t  ngx_http_duet_jwt_method = ngx_string("jwt");
static ngx_str_t  ngx_http_duet_api_key_method = ngx_string("api_key");
static ngx_str_t  ngx_http_duet_operator_method = ngx_string("operator");
static ngx_str_t  ngx_http_duet_origin = ngx_string("Origin");
static ngx_str_t  ngx_http_duet_fetch_site = ngx_string("Sec-Fetch-Site");


static ngx_int_t
ngx_http_duet_handler(ngx_http_request_t *r)
{
    ngx_http_duet_ctx_t       *ctx;
    ngx_http_duet_loc_conf_t  *dlcf;

    dlcf = ngx_http_get_module_loc_conf(r, ngx_http_duet_module);

    if (dlcf->auth == 0) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_duet_get_ctx(r, 1);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* after an internal redirect the new location decides anew */

    ngx_http_duet_forget(ctx);
    ngx_str_null(&ctx->error);

    return ngx_http_duet_authenticate(r, dlcf, ctx);
}


static ngx_int_t
ngx_http_duet_authenticate(ngx_http_request_t *r,
    ngx_http_duet_loc_conf_t *dlcf, ngx_http_duet_ctx_t *ctx)
{
    u_char           *p, *last;
    ngx_int_t         rc;
    ngx_str_t         token, cookie;
    ngx_uint_t        nkeys;
    ngx_table_elt_t  *key, *auth;

    key = ngx_http_duet_find_header(r, &dlcf->api_key_header, &nkeys);
    auth = r->headers_in.authorization;

    if (key && auth) {
        return ngx_http_duet_unauthorized(r, dlcf, ctx, "more than one credential");
    }

    if (key) {
        if (!(dlcf->auth & NGX_HTTP_DUET_API_KEY)) {
            return ngx_http_duet_unauthorized(r, dlcf, ctx, "API keys are not accepted here");
        }

        if (nkeys > 1) {
            return ngx_http_duet_unauthorized(r, dlcf, ctx, "more than one API key");
        }

        if (!ngx_http_duet_secret_shape(&key->value,
                                        NGX_HTTP_DUET_API_KEY_PREFIX,
                                    sizeof(NGX_HTTP_DUET_API_KEY_PREFIX) - 1))
        {
            return ngx_http_duet_unauthorized(r, dlcf, ctx, "malformed API key");
        }

        return ngx_http_duet_api_key(r, ctx, &key->value);
    }

    if (auth) {
        p = auth->value.data;
        last = p + auth->value.len;

        if (auth->value.len < sizeof("Bearer ") - 1
            || ngx_strncasecmp(p, (u_char *) "Bearer ", sizeof("Bearer ") - 1)
               != 0)
        {
            return ngx_http_duet_unauthorized(r, dlcf, ctx, "unsupported authorization scheme");
        }

        for (p += sizeof("Bearer ") - 1; p < last && *p == ' '; p++) {
            /* void */
        }

        token.data = p;
        token.len = last - p;

        if (token.len >= sizeof(NGX_HTTP_DUET_OPERATOR_PREFIX) - 1
            && ngx_strncmp(token.data, NGX_HTTP_DUET_OPERATOR_PREFIX,
                           sizeof(NGX_HTTP_DUET_OPERATOR_PREFIX) - 1) == 0)
        {
            if (!(dlcf->auth & NGX_HTTP_DUET_OPERATOR)) {
                return ngx_http_duet_unauthorized(r, dlcf, ctx, "operator tokens are not accepted here");
            }

            if (!ngx_http_duet_secret_shape(&token,
                                          NGX_HTTP_DUET_OPERATOR_PREFIX,
                                   sizeof(NGX_HTTP_DUET_OPERATOR_PREFIX) - 1))
            {
                return ngx_http_duet_unauthorized(r, dlcf, ctx, "malformed operator token");
            }

            ctx->method = ngx_http_duet_operator_method;
            return NGX_OK;
        }

        if (!(dlcf->auth & NGX_HTTP_DUET_JWT)) {
            return ngx_http_duet_unauthorized(r, dlcf, ctx, "session tokens are not accepted here");
        }

        /* a Bearer header is never ambient: no CSRF check is needed */

        return ngx_http_duet_jwt(r, dlcf, ctx, &token);
    }

    if ((dlcf->auth & NGX_HTTP_DUET_JWT) && dlcf->cookie.len) {

#if (nginx_version >= 1023000)
        if (ngx_http_parse_multi_header_lines(r, r->headers_in.cookie,
                                              &dlcf->cookie, &cookie)
            != NULL)
#else
        if (ngx_http_parse_multi_header_lines(&r->headers_in.cookies,
                                              &dlcf->cookie, &cookie)
            != NGX_DECLINED)
#endif
        {
            rc = ngx_http_duet_jwt(r, dlcf, ctx, &cookie);

            if (rc != NGX_OK
                || !dlcf->csrf
                || (r->method & NGX_HTTP_DUET_SAFE_METHODS))
            {
                return rc;
            }

            return ngx_http_duet_csrf(r, dlcf, ctx);
        }
    }

    return ngx_http_duet_unauthorized(r, dlcf, ctx, NULL);
}


static ngx_int_t
ngx_http_duet_jwt(ngx_http_request_t *r, ngx_http_duet_loc_conf_t *dlcf,
    ngx_http_duet_ctx_t *ctx, ngx_str_t *token)
{
    u_char             *buf;
    long                n;
    const char         *reason;
    duet_jwt_check_t    chk;
    duet_jwt_claims_t  *claims;

    chk.now = ngx_time();
    chk.leeway = dlcf->leeway;
    chk.issuer = dlcf->issuer.len ? (const char *) dlcf->issuer.data : NULL;
    chk.audience = dlcf->audience.len ? (const char *) dlcf->audience.data
                                      : NULL;

    if (duet_jwt_verify(dlcf->keys, &chk, (const char *) token->data,
                        token->len, &claims, &reason)
        != 0)
    {
        return ngx_http_duet_unauthorized(r, dlcf, ctx, reason);
    }

    /* the request pool's cleanup frees the claims */

    ctx->claims = claims;

    buf = ngx_pnalloc(r->pool, 2 * NGX_HTTP_DUET_CLAIM_MAX);
    if (buf == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    n = duet_jwt_claim(claims, "sub", 3, (char *) buf,
                       NGX_HTTP_DUET_CLAIM_MAX);
    if (n <= 0) {
        return ngx_http_duet_unauthorized(r, dlcf, ctx, "malformed token claims");
    }

    ctx->user.data = buf;
    ctx->user.len = n;

    buf += NGX_HTTP_DUET_CLAIM_MAX;

    n = duet_jwt_claim(claims, "jti", 3, (char *) buf,
                       NGX_HTTP_DUET_CLAIM_MAX);
    if (n > 0) {
        ctx->jti.data = buf;
        ctx->jti.len = n;
    }

    ctx->method = ngx_http_duet_jwt_method;

    return NGX_OK;
}


static ngx_int_t
ngx_http_duet_api_key(ngx_http_request_t *r, ngx_http_duet_ctx_t *ctx,
    ngx_str_t *key)
{
    if (ngx_http_duet_key_id(r, key, &ctx->api_key_id) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx->method = ngx_http_duet_api_key_method;

    return NGX_OK;
}


/*
 * The key id is the start of the key's SHA-256, which is what duetd's
 * store keeps: a name for logs and rate limits that gives nothing away.
 */

static ngx_int_t
ngx_http_duet_key_id(ngx_http_request_t *r, ngx_str_t *key, ngx_str_t *id)
{
    u_char        *p;
    unsigned int   len;
    u_char         md[EVP_MAX_MD_SIZE];

    if (EVP_Digest(key->data, key->len, md, &len, EVP_sha256(), NULL) != 1) {
        ngx_log_error(NGX_LOG_ALERT, r->connection->log, 0,
                      "duet: SHA-256 failed");
        return NGX_ERROR;
    }

    p = ngx_pnalloc(r->pool, 2 * NGX_HTTP_DUET_KEY_ID_BYTES);
    if (p == NULL) {
        return NGX_ERROR;
    }

    id->data = p;
    id->len = ngx_hex_dump(p, md, NGX_HTTP_DUET_KEY_ID_BYTES) - p;

    return NGX_OK;
}


/*
 * An unsafe request authenticated by the ambient cookie must come from an
 * allowed origin: the Origin header, or failing that Sec-Fetch-Site.
 */

static ngx_int_t
ngx_http_duet_csrf(ngx_http_request_t *r, ngx_http_duet_loc_conf_t *dlcf,
    ngx_http_duet_ctx_t *ctx)
{
    ngx_str_t        *allowed;
    ngx_uint_t        i, n;
    ngx_table_elt_t  *origin, *site;

    origin = ngx_http_duet_find_header(r, &ngx_http_duet_origin, &n);

    if (origin) {
        if (n > 1) {
            return ngx_http_duet_forbidden(r, ctx, "cross-origin request refused (several Origin headers)", NULL);
        }

        if (dlcf->csrf_origins) {
            allowed = dlcf->csrf_origins->elts;

            for (i = 0; i < dlcf->csrf_origins->nelts; i++) {
                if (allowed[i].len == origin->value.len
                    && ngx_strncasecmp(allowed[i].data, origin->value.data,
                                       allowed[i].len) == 0)
                {
                    return NGX_OK;
                }
            }

        } else if (ngx_http_duet_own_origin(r, &origin->value)) {
            return NGX_OK;
        }

        return ngx_http_duet_forbidden(r, ctx, "cross-origin request refused (Origin ", &origin->value);
    }

    site = ngx_http_duet_find_header(r, &ngx_http_duet_fetch_site, &n);

    if (site == NULL) {
        return ngx_http_duet_forbidden(r, ctx, "request without Origin or Sec-Fetch-Site refused", NULL);
    }

    if (n == 1
        && site->value.len == sizeof("same-origin") - 1
        && ngx_strncasecmp(site->value.data, (u_char *) "same-origin",
                           sizeof("same-origin") - 1) == 0)
    {
        return NGX_OK;
    }

    return ngx_http_duet_forbidden(r, ctx, "cross-site request refused (Sec-Fetch-Site ", &site->value);
}


/* Is origin this request's own, scheme "://" Host as the client sent it? */

static ngx_uint_t
ngx_http_duet_own_origin(ngx_http_request_t *r, ngx_str_t *origin)
{
    size_t      slen;
    ngx_str_t  *host;
    const char *scheme;

    if (r->headers_in.host == NULL) {
        return 0;
    }

    scheme = "http://";

#if (NGX_HTTP_SSL)
    if (r->connection->ssl) {
        scheme = "https://";
    }
#endif

    slen = ngx_strlen(scheme);
    host = &r->headers_in.host->value;

    return origin->len == slen + host->len
           && ngx_strncasecmp(origin->data, (u_char *) scheme, slen) == 0
           && ngx_strncasecmp(origin->data + slen, host->data, host->len)
              == 0;
}


/*
 * Record why a request is refused, for $duet_auth_error and the log.
 * reason is static text; echo, when given, is a client's header value
 * appended in brackets, its bytes outside printable ASCII and the quote
 * and backslash replaced: error pages put $duet_auth_error into JSON.
 */

static ngx_int_t
ngx_http_duet_refuse(ngx_http_request_t *r, ngx_http_duet_ctx_t *ctx,
    const char *reason, ngx_str_t *echo)
{
    u_char  *p, c;
    size_t   len, i, n;

    /* a refused token's claims must not reach $duet_jwt_claim_ either */

    ngx_http_duet_forget(ctx);

    len = ngx_strlen(reason);
    n = echo ? ngx_min(echo->len, NGX_HTTP_DUET_ECHO_MAX) : 0;

    p = ngx_pnalloc(r->pool, len + n + sizeof(")") - 1);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ctx->error.data = p;
    p = ngx_cpymem(p, reason, len);

    if (echo) {
        for (i = 0; i < n; i++) {
            c = echo->data[i];
            *p++ = (c < 0x20 || c > 0x7e || c == '"' || c == '\\') ? '?' : c;
        }

        *p++ = ')';
    }

    ctx->error.len = p - ctx->error.data;

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "duet: access refused: %V", &ctx->error);

    return NGX_OK;
}


/*
 * An authentication failure: the configured status with an RFC 6750
 * challenge, bare when no credential came at all (reason NULL).
 */

static ngx_int_t
ngx_http_duet_unauthorized(ngx_http_request_t *r,
    ngx_http_duet_loc_conf_t *dlcf, ngx_http_duet_ctx_t *ctx,
    const char *reason)
{
    size_t            len;
    ngx_table_elt_t  *h;

    if (ngx_http_duet_refuse(r, ctx, reason ? reason
                                            : "authentication required",
                             NULL)
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    h = ngx_list_push(&r->headers_out.headers);
    if (h == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    h->hash = 1;
#if (nginx_version >= 1023000)
    h->next = NULL;
#endif
    ngx_str_set(&h->key, "WWW-Authenticate");

    if (reason == NULL) {
        ngx_str_set(&h->value, "Bearer realm=\"duet\"");

    } else {
        len = sizeof("Bearer realm=\"duet\", error=\"invalid_token\", "
                     "error_description=\"\"") - 1;

        h->value.data = ngx_pnalloc(r->pool, len + ctx->error.len);
        if (h->value.data == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        h->value.len = ngx_sprintf(h->value.data,
                                   "Bearer realm=\"duet\", "
                                   "error=\"invalid_token\", "
                                   "error_description=\"%V\"", &ctx->error)
                       - h->value.data;
    }

    r->headers_out.www_authenticate = h;

    return dlcf->status;
}


static ngx_int_t
ngx_http_duet_forbidden(ngx_http_request_t *r, ngx_http_duet_ctx_t *ctx,
    const char *reason, ngx_str_t *echo)
{
    if (ngx_http_duet_refuse(r, ctx, reason, echo) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return NGX_HTTP_FORBIDDEN;
}


static ngx_table_elt_t *
ngx_http_duet_find_header(ngx_http_request_t *r, ngx_str_t *name,
    ngx_uint_t *count)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h, *found;

    found = NULL;
    *count = 0;

    part = &r->headers_in.headers.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (h[i].key.len == name->len
            && ngx_strncasecmp(h[i].key.data, name->data, name->len) == 0)
        {
            if (found == NULL) {
                found = &h[i];
            }

            (*count)++;
        }
    }

    return found;
}


/*
 * prefix and 43 base64url characters (32 bytes).  No early exit inside
 * the secret: the time must not tell which character was wrong.
 */

static ngx_uint_t
ngx_http_duet_secret_shape(ngx_str_t *s, const char *prefix,
    size_t prefix_len)
{
    u_char      c;
    ngx_uint_t  i, bad;

    if (s->len != prefix_len + NGX_HTTP_DUET_SECRET_CHARS
        || ngx_strncmp(s->data, prefix, prefix_len) != 0)
    {
        return 0;
    }

    bad = 0;

    for (i = prefix_len; i < s->len; i++) {
        c = s->data[i];
        bad |= !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                 || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    return !bad;
}


/*
 * The session id of /api/v1/.../sessions/{id}[/...]: "<tag>.<22 base64url
 * characters>", the tag [a-z0-9]{1,16} being the node_tag of the duetd
 * host that created the session.
 */

static ngx_int_t
ngx_http_duet_session(ngx_str_t *uri, ngx_str_t *id, ngx_str_t *tag)
{
    u_char  *p, *last, *seg, *dot;

    if (uri->len < sizeof("/api/v1/") - 1
        || ngx_strncmp(uri->data, "/api/v1/", sizeof("/api/v1/") - 1) != 0)
    {
        return NGX_DECLINED;
    }

    last = uri->data + uri->len;
    seg = NULL;

    /* the segment after the first segment "sessions" */

    for (p = uri->data + sizeof("/api/v1/") - 1; p < last; /* void */) {
        dot = ngx_strlchr(p, last, '/');
        if (dot == NULL) {
            return NGX_DECLINED;
        }

        if (dot - p == sizeof("sessions") - 1
            && ngx_strncmp(p, "sessions", sizeof("sessions") - 1) == 0)
        {
            seg = dot + 1;
            break;
        }

        p = dot + 1;
    }

    if (seg == NULL) {
        return NGX_DECLINED;
    }

    dot = NULL;

    for (p = seg; p < last && *p != '/'; p++) {
        if (*p == '.' && dot == NULL) {
            dot = p;
        }
    }

    if (dot == NULL
        || dot == seg
        || dot - seg > NGX_HTTP_DUET_TAG_MAX
        || p - dot - 1 != NGX_HTTP_DUET_SID_CHARS)
    {
        return NGX_DECLINED;
    }

    for (p = seg; p < dot; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) {
            return NGX_DECLINED;
        }
    }

    for (p = dot + 1; p < dot + 1 + NGX_HTTP_DUET_SID_CHARS; p++) {
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
              || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
        {
            return NGX_DECLINED;
        }
    }

    id->data = seg;
    id->len = dot + 1 + NGX_HTTP_DUET_SID_CHARS - seg;
    tag->data = seg;
    tag->len = dot - seg;

    return NGX_OK;
}


/*
 * The module's context survives internal redirects (error_page, named
 * locations), which clear r->ctx, because the request pool's cleanup
 * holds it: the way ngx_http_realip_module keeps its own.
 */

static ngx_http_duet_ctx_t *
ngx_http_duet_get_ctx(ngx_http_request_t *r, ngx_uint_t create)
{
    ngx_pool_cleanup_t   *cln;
    ngx_http_duet_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_duet_module);

    if (ctx) {
        return ctx;
    }

    for (cln = r->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_duet_cleanup) {
            ctx = cln->data;
            ngx_http_set_ctx(r, ctx, ngx_http_duet_module);
            return ctx;
        }
    }

    if (!create) {
        return NULL;
    }

    cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_duet_ctx_t));
    if (cln == NULL) {
        return NULL;
    }

    ctx = cln->data;
    ngx_memzero(ctx, sizeof(ngx_http_duet_ctx_t));

    cln->handler = ngx_http_duet_cleanup;

    ngx_http_set_ctx(r, ctx, ngx_http_duet_module);

    return ctx;
}


static void
ngx_http_duet_cleanup(void *data)
{
    ngx_http_duet_forget(data);
}


/* Drop what a credential established: the identity and the claims */

static void
ngx_http_duet_forget(ngx_http_duet_ctx_t *ctx)
{
    ngx_str_null(&ctx->method);
    ngx_str_null(&ctx->user);
    ngx_str_null(&ctx->jti);
    ngx_str_null(&ctx->api_key_id);

    if (ctx->claims) {
        duet_jwt_claims_free(ctx->claims);
        ctx->claims = NULL;
    }
}


static void
ngx_http_duet_set_value(ngx_http_variable_value_t *v, u_char *data,
    size_t len)
{
    v->len = len;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;
    v->data = data;
}


static ngx_int_t
ngx_http_duet_ctx_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t            *s;
    ngx_http_duet_ctx_t  *ctx;

    ctx = ngx_http_duet_get_ctx(r, 0);

    if (ctx == NULL) {
        v->not_found = 1;
        return NGX_OK;
    }

    s = (ngx_str_t *) ((char *) ctx + data);

    if (s->len == 0) {
        v->not_found = 1;
        return NGX_OK;
    }

    ngx_http_duet_set_value(v, s->data, s->len);

    return NGX_OK;
}


/*
 * limit_req (preaccess) reads $duet_api_key_id before the access phase
 * has looked at the key: then it is derived from the header itself, for
 * a key of the right shape.  That is all the access phase checks too.
 */

static ngx_int_t
ngx_http_duet_key_id_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t                  id;
    ngx_uint_t                 n;
    ngx_table_elt_t           *key;
    ngx_http_duet_ctx_t       *ctx;
    ngx_http_duet_loc_conf_t  *dlcf;

    ctx = ngx_http_duet_get_ctx(r, 0);

    if (ctx && ctx->api_key_id.len) {
        id = ctx->api_key_id;

    } else {
        dlcf = ngx_http_get_module_loc_conf(r, ngx_http_duet_module);
        key = ngx_http_duet_find_header(r, &dlcf->api_key_header, &n);

        if (key == NULL
            || n != 1
            || !ngx_http_duet_secret_shape(&key->value,
                                           NGX_HTTP_DUET_API_KEY_PREFIX,
                                    sizeof(NGX_HTTP_DUET_API_KEY_PREFIX) - 1))
        {
            v->not_found = 1;
            return NGX_OK;
        }

        if (ngx_http_duet_key_id(r, &key->value, &id) != NGX_OK) {
            return NGX_ERROR;
        }
    }

    ngx_http_duet_set_value(v, id.data, id.len);

    return NGX_OK;
}


static ngx_int_t
ngx_http_duet_session_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t  id, tag;

    if (ngx_http_duet_session(&r->uri, &id, &tag) != NGX_OK) {
        v->not_found = 1;
        return NGX_OK;
    }

    if (data) {
        id = tag;
    }

    ngx_http_duet_set_value(v, id.data, id.len);

    return NGX_OK;
}


static ngx_int_t
ngx_http_duet_claim_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t *name = (ngx_str_t *) data;

    long                  n;
    u_char               *buf;
    size_t                prefix;
    ngx_http_duet_ctx_t  *ctx;

    prefix = sizeof("duet_jwt_claim_") - 1;
    ctx = ngx_http_duet_get_ctx(r, 0);

    if (ctx == NULL || ctx->claims == NULL || name->len <= prefix) {
        v->not_found = 1;
        return NGX_OK;
    }

    buf = ngx_pnalloc(r->pool, NGX_HTTP_DUET_CLAIM_MAX);
    if (buf == NULL) {
        return NGX_ERROR;
    }

    n = duet_jwt_claim(ctx->claims, (const char *) name->data + prefix,
                       name->len - prefix, (char *) buf,
                       NGX_HTTP_DUET_CLAIM_MAX);
    if (n <= 0) {
        v->not_found = 1;
        return NGX_OK;
    }

    ngx_http_duet_set_value(v, buf, n);

    return NGX_OK;
}


static char *
ngx_http_duet_auth(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_duet_loc_conf_t *dlcf = conf;

    ngx_str_t   *value;
    ngx_uint_t   i, m;

    if (dlcf->auth != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        if (cf->args->nelts != 2) {
            return "takes \"off\" alone";
        }

        dlcf->auth = 0;
        return NGX_CONF_OK;
    }

    dlcf->auth = 0;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strcmp(value[i].data, "jwt") == 0) {
            m = NGX_HTTP_DUET_JWT;

        } else if (ngx_strcmp(value[i].data, "api_key") == 0) {
            m = NGX_HTTP_DUET_API_KEY;

        } else if (ngx_strcmp(value[i].data, "operator") == 0) {
            m = NGX_HTTP_DUET_OPERATOR;

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid value \"%V\" in \"%V\" directive, "
                               "it must be \"off\" or one or more of "
                               "\"jwt\", \"api_key\", \"operator\"",
                               &value[i], &cmd->name);
            return NGX_CONF_ERROR;
        }

        if (dlcf->auth & m) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"%V\" repeated in \"%V\" directive",
                               &value[i], &cmd->name);
            return NGX_CONF_ERROR;
        }

        dlcf->auth |= m;
    }

    return NGX_CONF_OK;
}


/*
 * Each file adds its keys to this level's set; a level with no
 * duet_jwt_key_file of its own inherits the set of the level above.
 */

static char *
ngx_http_duet_key_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_duet_loc_conf_t *dlcf = conf;

    ngx_str_t            *value, name, data;
    ngx_pool_cleanup_t   *cln;
    char                  err[DUET_JWT_ERRLEN];

    value = cf->args->elts;
    name = value[1];

    if (ngx_conf_full_name(cf->cycle, &name, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    if (dlcf->keys == NULL) {
        cln = ngx_pool_cleanup_add(cf->pool, 0);
        if (cln == NULL) {
            return NGX_CONF_ERROR;
        }

        dlcf->keys = duet_jwt_keys_new();
        if (dlcf->keys == NULL) {
            return NGX_CONF_ERROR;
        }

        cln->handler = ngx_http_duet_free_keys;
        cln->data = dlcf->keys;
    }

    if (ngx_http_duet_read_file(cf, &name, &cmd->name, &data) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    if (duet_jwt_keys_add(dlcf->keys, data.data, data.len, err, sizeof(err))
        != 0)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" directive: \"%s\": %s",
                           &cmd->name, name.data, err);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_duet_read_file(ngx_conf_t *cf, ngx_str_t *name, ngx_str_t *cmd,
    ngx_str_t *data)
{
    off_t            size;
    ssize_t          n;
    ngx_int_t        rc;
    ngx_file_t       file;
    ngx_file_info_t  fi;

    rc = NGX_ERROR;

    ngx_memzero(&file, sizeof(ngx_file_t));
    file.name = *name;
    file.log = cf->log;

    file.fd = ngx_open_file(name->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (file.fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "\"%V\" directive: cannot open \"%s\"",
                           cmd, name->data);
        return NGX_ERROR;
    }

    if (ngx_fd_info(file.fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "\"%V\" directive: " ngx_fd_info_n " \"%s\" failed",
                           cmd, name->data);
        goto done;
    }

    size = ngx_file_size(&fi);

    if (size <= 0 || size > NGX_HTTP_DUET_KEY_FILE_MAX) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"%V\" directive: \"%s\" is empty or larger "
                           "than %d bytes", cmd, name->data,
                           NGX_HTTP_DUET_KEY_FILE_MAX);
        goto done;
    }

    data->data = ngx_pnalloc(cf->temp_pool, size);
    if (data->data == NULL) {
        goto done;
    }

    n = ngx_read_file(&file, data->data, size, 0);

    if (n != size) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "\"%V\" directive: cannot read \"%s\"",
                           cmd, name->data);
        goto done;
    }

    data->len = size;
    rc = NGX_OK;

done:

    if (ngx_close_file(file.fd) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_ALERT, cf, ngx_errno,
                           ngx_close_file_n " \"%s\" failed", name->data);
    }

    return rc;
}


/* scheme://host[:port], lowercase, nothing after: what browsers send */

static char *
ngx_http_duet_csrf_origin(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_duet_loc_conf_t *dlcf = conf;

    u_char      *p, *last, *host;
    ngx_str_t   *value, *o;
    ngx_uint_t   i, port;

    if (dlcf->csrf_origins != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    dlcf->csrf_origins = ngx_array_create(cf->pool, cf->args->nelts - 1,
                                          sizeof(ngx_str_t));
    if (dlcf->csrf_origins == NULL) {
        return NGX_CONF_ERROR;
    }

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {
        p = value[i].data;
        last = p + value[i].len;

        if (value[i].len > sizeof("https://") - 1
            && ngx_strncmp(p, "https://", sizeof("https://") - 1) == 0)
        {
            p += sizeof("https://") - 1;

        } else if (value[i].len > sizeof("http://") - 1
                   && ngx_strncmp(p, "http://", sizeof("http://") - 1) == 0)
        {
            p += sizeof("http://") - 1;

        } else {
            goto invalid;
        }

        host = p;

        if (*p == '[') {
            for (p++; p < last && *p != ']'; p++) {
                if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')
                      || *p == ':' || *p == '.'))
                {
                    goto invalid;
                }
            }

            if (p == last || p == host + 1) {
                goto invalid;
            }

            p++;

        } else {
            for ( /* void */ ; p < last; p++) {
                if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
                      || *p == '-' || *p == '.'))
                {
                    break;
                }
            }

            if (p == host) {
                goto invalid;
            }
        }

        if (p < last) {
            if (*p++ != ':' || p == last || last - p > 5) {
                goto invalid;
            }

            port = 0;

            for ( /* void */ ; p < last; p++) {
                if (*p < '0' || *p > '9') {
                    goto invalid;
                }

                port = port * 10 + (*p - '0');
            }

            if (port == 0 || port > 65535) {
                goto invalid;
            }
        }

        o = ngx_array_push(dlcf->csrf_origins);
        if (o == NULL) {
            return NGX_CONF_ERROR;
        }

        *o = value[i];
    }

    return NGX_CONF_OK;

invalid:

    ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                       "invalid origin \"%V\" in \"%V\" directive, it must "
                       "be scheme://host[:port] in lowercase, with no path",
                       &value[i], &cmd->name);

    return NGX_CONF_ERROR;
}


static char *
ngx_http_duet_status(ngx_conf_t *cf, void *post, void *data)
{
    ngx_uint_t  *np = data;

    if (*np < 400 || *np > 599) {
        return "must be between 400 and 599";
    }

    return NGX_CONF_OK;
}


static void
ngx_http_duet_free_keys(void *data)
{
    duet_jwt_keys_free(data);
}


static ngx_int_t
ngx_http_duet_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_duet_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


static void *
ngx_http_duet_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_duet_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_duet_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->keys = NULL;
     *     conf->cookie = { 0, NULL };
     *     conf->issuer = { 0, NULL };
     *     conf->audience = { 0, NULL };
     *     conf->api_key_header = { 0, NULL };
     */

    conf->auth = NGX_CONF_UNSET_UINT;
    conf->leeway = NGX_CONF_UNSET;
    conf->csrf = NGX_CONF_UNSET;
    conf->csrf_origins = NGX_CONF_UNSET_PTR;
    conf->status = NGX_CONF_UNSET_UINT;

    return conf;
}


static char *
ngx_http_duet_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_duet_loc_conf_t *prev = parent;
    ngx_http_duet_loc_conf_t *conf = child;

    ngx_conf_merge_uint_value(conf->auth, prev->auth, 0);

    if (conf->keys == NULL) {
        conf->keys = prev->keys;
    }

    ngx_conf_merge_str_value(conf->cookie, prev->cookie,
                             "__Host-duet_session");
    ngx_conf_merge_str_value(conf->issuer, prev->issuer, "");
    ngx_conf_merge_str_value(conf->audience, prev->audience, "");
    ngx_conf_merge_sec_value(conf->leeway, prev->leeway, 0);
    ngx_conf_merge_str_value(conf->api_key_header, prev->api_key_header,
                             "x-api-key");
    ngx_conf_merge_value(conf->csrf, prev->csrf, 1);
    ngx_conf_merge_ptr_value(conf->csrf_origins, prev->csrf_origins, NULL);
    ngx_conf_merge_uint_value(conf->status, prev->status,
                              NGX_HTTP_UNAUTHORIZED);

    if (conf->cookie.len == sizeof("off") - 1
        && ngx_strncmp(conf->cookie.data, "off", sizeof("off") - 1) == 0)
    {
        ngx_str_null(&conf->cookie);
    }

    if ((conf->auth & NGX_HTTP_DUET_JWT)
        && (conf->keys == NULL || duet_jwt_keys_count(conf->keys) == 0))
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "\"duet_auth jwt\" requires \"duet_jwt_key_file\"");
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_duet_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_duet_handler;

    return NGX_OK;
}
