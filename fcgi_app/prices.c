/*
 * prices.c -- see prices.h.
 *
 * The static table is the config's (its strings are interned for the life
 * of the process).  The endpoint's answer is fetched on first use and
 * again once price_cache_seconds have passed; while it is fresh no request
 * is made.  A failed fetch fails closed: no stale price is served, every
 * key the table lacks is DUETD_PRICE_UNAVAILABLE, and the next attempt
 * waits DUETD_PRICE_RETRY_SECONDS (or the cache period, if shorter), so
 * a dead endpoint costs one timeout per period, not one per request.  The
 * failure is logged when it starts and the recovery when it ends, not on
 * every call.
 *
 * The answer is one JSON object (duet_eth_json_check's strict rules) of at
 * most DUETD_PRICE_REPLY_MAX bytes and DUETD_PRICE_ENTRIES_MAX members.
 * A member whose name is not a price key (a symbol, or CHAINID:0x and 40
 * hex digits) is ignored; a member with a price key and anything but a
 * finite number >= 0, or {"usd": number, "decimals": 0..77}, spoils the
 * whole answer (a source that says nonsense about one price is not
 * trusted about the others), and so do two names for the same key.
 *
 * The URL may carry an API key: it is never logged and is wiped at close.
 */

#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "duet_eth.h"
#include "duet_util.h"
#include "log.h"
#include "http_body.h"
#include "prices.h"

#define DUETD_PRICE_REPLY_MAX      (1u << 20)
#define DUETD_PRICE_ENTRIES_MAX    4096
#define DUETD_PRICE_RETRY_SECONDS  5
#define DUETD_PRICE_DECIMALS       18       /* a bare number               */
#define DUETD_PRICE_DECIMALS_MAX   77       /* 10^77 < 2^256               */
#define DUETD_PRICE_SYMBOL_MAX     16
#define DUETD_PRICE_KEY_MAX        (20 + 1 + 2 + 40 + 1)

struct duetd_price_entry {
    char      key[DUETD_PRICE_KEY_MAX];
    double    usd;
    unsigned  decimals;
};

struct duetd_prices {
    struct duetd_price         fixed[DUETD_PRICES_MAX];
    size_t                     nfixed;

    char                      *url;         /* NULL: no endpoint          */
    CURL                      *curl;
    unsigned                   cache_seconds;
    unsigned                   timeout;

    struct duetd_price_entry  *cache;       /* sorted by key              */
    size_t                     ncache;
    int                        fresh;       /* cache is a good answer     */
    long                       fetched_at;
    int                        failing;
    long                       retry_at;
};

/*
 * Normalise a price key into out (DUETD_PRICE_KEY_MAX): a symbol of
 * [A-Za-z0-9] as it is, or CHAINID:0xADDRESS with the address in lower
 * case.  Returns 0, or -1 if s is not a price key.
 */
static int
duetd_price_key(const char *s, char out[DUETD_PRICE_KEY_MAX])
{
    const char  *colon = strchr(s, ':');
    size_t       i, n = strlen(s), c;

    if (colon == NULL) {
        if (n == 0 || n > DUETD_PRICE_SYMBOL_MAX) {
            return -1;
        }
        for (i = 0; i < n; i++) {
            if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')
                  || (s[i] >= '0' && s[i] <= '9')))
            {
                return -1;
            }
        }
        memcpy(out, s, n + 1);
        return 0;
    }
    c = (size_t) (colon - s);
    if (c == 0 || c > 19 || (s[0] == '0') || n != c + 1 + 2 + 40
        || colon[1] != '0' || (colon[2] != 'x' && colon[2] != 'X'))
    {
        return -1;
    }
    for (i = 0; i < c; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
    }
    for (i = c + 3; i < n; i++) {
        if (!isxdigit((unsigned char) s[i])) {
            return -1;
        }
    }
    for (i = 0; i < n; i++) {
        out[i] = (char) tolower((unsigned char) s[i]);
    }
    out[n] = '\0';
    return 0;
}


static int
duetd_price_cmp(const void *a, const void *b)
{
    return strcmp(((const struct duetd_price_entry *) a)->key,
                  ((const struct duetd_price_entry *) b)->key);
}


/* A JSON number: finite, >= 0. */
static int
duetd_price_number(struct json_object *o, double *usd)
{
    double  d;

    if (o == NULL || (!json_object_is_type(o, json_type_double)
                      && !json_object_is_type(o, json_type_int)))
    {
        return -1;
    }
    d = json_object_get_double(o);
    if (!isfinite(d) || d < 0) {
        return -1;
    }
    *usd = d;
    return 0;
}


/* A bare number, or exactly {"usd": number, "decimals": integer}. */
static int
duetd_price_value(struct json_object *v, double *usd, unsigned *decimals)
{
    struct json_object  *u, *d;
    int64_t              n;

    if (duetd_price_number(v, usd) == 0) {
        *decimals = DUETD_PRICE_DECIMALS;
        return 0;
    }
    if (v == NULL || !json_object_is_type(v, json_type_object)
        || json_object_object_length(v) != 2
        || !json_object_object_get_ex(v, "usd", &u)
        || !json_object_object_get_ex(v, "decimals", &d)
        || duetd_price_number(u, usd) != 0
        || !json_object_is_type(d, json_type_int))
    {
        return -1;
    }
    n = json_object_get_int64(d);
    if (n < 0 || n > DUETD_PRICE_DECIMALS_MAX) {
        return -1;
    }
    *decimals = (unsigned) n;
    return 0;
}


/*
 * Parse an endpoint answer into a sorted table.  Returns 0 with *out and
 * *n, or -1 with why (static text) set.
 */
static int
duetd_price_parse(const char *body, size_t len,
    struct duetd_price_entry **out, size_t *n, const char **why)
{
    struct json_tokener       *tok = NULL;
    struct json_object        *o = NULL;
    struct json_object_iter    it;
    struct duetd_price_entry  *t = NULL;
    size_t                     count = 0, i, cap;
    int                        r = -1;

    *out = NULL;
    *n = 0;
    *why = "the answer is not one JSON object";
    if (len == 0 || len > DUETD_PRICE_REPLY_MAX || len > INT_MAX
        || duet_eth_json_check(body, len) != 0)
    {
        goto out;
    }
    tok = json_tokener_new_ex(DUET_ETH_JSON_MAX_DEPTH + 1);
    if (tok == NULL) {
        *why = "out of memory";
        goto out;
    }
    o = json_tokener_parse_ex(tok, body, (int) len);
    if (o == NULL || !json_object_is_type(o, json_type_object)) {
        goto out;
    }
    cap = (size_t) json_object_object_length(o);
    if (cap > DUETD_PRICE_ENTRIES_MAX) {
        *why = "the answer has too many prices";
        goto out;
    }
    t = calloc(cap > 0 ? cap : 1, sizeof(*t));
    if (t == NULL) {
        *why = "out of memory";
        goto out;
    }
    json_object_object_foreachC(o, it) {
        if (duetd_price_key(it.key, t[count].key) != 0) {
            continue;
        }
        if (duetd_price_value(it.val, &t[count].usd, &t[count].decimals)
            != 0)
        {
            *why = "a price is not a number >= 0 or {\"usd\", \"decimals\"}";
            goto out;
        }
        count++;
    }
    qsort(t, count, sizeof(*t), duetd_price_cmp);
    for (i = 1; i < count; i++) {
        if (strcmp(t[i - 1].key, t[i].key) == 0) {
            *why = "two names for one price key";
            goto out;
        }
    }
    *out = t;
    *n = count;
    t = NULL;
    r = 0;
out:
    free(t);
    json_object_put(o);
    if (tok != NULL) {
        json_tokener_free(tok);
    }
    return r;
}


/* GET the endpoint.  Returns 0 with a new cache, or -1 with why. */
static int
duetd_price_fetch(struct duetd_prices *p, const char **why)
{
    struct duetd_price_entry  *t = NULL;
    struct duetd_http_body     resp;
    CURLcode                   crc;
    long                       status = 0;
    size_t                     n = 0;
    int                        r = -1;

    memset(&resp, 0, sizeof(resp));
    resp.max = DUETD_PRICE_REPLY_MAX;
    *why = "cannot set up the request";
    if (curl_easy_setopt(p->curl, CURLOPT_WRITEDATA, &resp) != CURLE_OK) {
        goto out;
    }
    crc = curl_easy_perform(p->curl);
    if (resp.over) {
        *why = "the answer is larger than 1 MiB";
        goto out;
    }
    if (crc != CURLE_OK) {
        *why = crc == CURLE_OPERATION_TIMEDOUT ? "no answer in time"
                                               : curl_easy_strerror(crc);
        goto out;
    }
    if (curl_easy_getinfo(p->curl, CURLINFO_RESPONSE_CODE, &status)
        != CURLE_OK || status != 200)
    {
        *why = "the HTTP status is not 200";
        goto out;
    }
    if (duetd_price_parse(resp.p, resp.len, &t, &n, why) != 0) {
        goto out;
    }
    free(p->cache);
    p->cache = t;
    p->ncache = n;
    r = 0;
out:
    duetd_http_body_wipe(&resp);
    return r;
}


int
duetd_prices_open(const struct duetd_config *cfg, struct duetd_prices **out)
{
    struct duetd_prices  *p;
    CURL                 *c;
    int                   r = -1;

    *out = NULL;
    p = calloc(1, sizeof(*p));
    if (p == NULL) {
        duetd_log_error("out of memory");
        return -1;
    }
    p->nfixed = cfg->nprices <= DUETD_PRICES_MAX ? cfg->nprices
                                                 : DUETD_PRICES_MAX;
    memcpy(p->fixed, cfg->prices, p->nfixed * sizeof(p->fixed[0]));
    p->cache_seconds = cfg->price_cache_seconds > 0
                       ? cfg->price_cache_seconds : DUETD_DEFAULT_PRICE_CACHE;
    p->timeout = cfg->rpc_timeout > 0 ? cfg->rpc_timeout
                                      : DUETD_DEFAULT_RPC_TIMEOUT;
    if (cfg->price_url == NULL || cfg->price_url[0] == '\0') {
        *out = p;
        return 0;
    }

    p->url = strdup(cfg->price_url);
    if (p->url == NULL) {
        duetd_log_error("out of memory");
        goto out;
    }
    c = p->curl = curl_easy_init();
    if (c == NULL
        || curl_easy_setopt(c, CURLOPT_URL, p->url) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https")
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_TIMEOUT, (long) p->timeout)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long) p->timeout)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_USERAGENT, "duetd/" PACKAGE_VERSION)
           != CURLE_OK
        || curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, duetd_http_body_write)
           != CURLE_OK)
    {
        duetd_log_error("price source: cannot set up libcurl");
        goto out;
    }
    *out = p;
    p = NULL;
    r = 0;
out:
    duetd_prices_close(p);
    return r;
}


void
duetd_prices_close(struct duetd_prices *p)
{
    if (p == NULL) {
        return;
    }
    if (p->curl != NULL) {
        curl_easy_cleanup(p->curl);
    }
    if (p->url != NULL) {
        duet_memclear(p->url, strlen(p->url));
        free(p->url);
    }
    free(p->cache);
    duet_memclear(p, sizeof(*p));
    free(p);
}


/* Make the endpoint's table fresh if it may be.  Returns 0 or -1. */
static int
duetd_price_refresh(struct duetd_prices *p, long now)
{
    const char  *why;
    unsigned     retry;

    if (p->fresh && now - p->fetched_at < (long) p->cache_seconds
        && now >= p->fetched_at)
    {
        return 0;
    }
    p->fresh = 0;
    if (p->failing && now < p->retry_at) {
        return -1;
    }
    if (duetd_price_fetch(p, &why) != 0) {
        if (!p->failing) {
            duetd_log_error("price source: %s; USD prices not in the static "
                            "table are unavailable until it answers", why);
        }
        retry = p->cache_seconds < DUETD_PRICE_RETRY_SECONDS
                ? p->cache_seconds : DUETD_PRICE_RETRY_SECONDS;
        p->failing = 1;
        p->retry_at = now + (long) retry;
        return -1;
    }
    if (p->failing) {
        duetd_log_info("price source: answering again (%zu prices)",
                       p->ncache);
    }
    p->failing = 0;
    p->fresh = 1;
    p->fetched_at = now;
    return 0;
}


int
duetd_prices_get(struct duetd_prices *p, const char *key, long now,
    double *usd, unsigned *decimals)
{
    struct duetd_price_entry   want, *hit;
    size_t                     i;

    *usd = 0;
    *decimals = 0;
    if (key == NULL || duetd_price_key(key, want.key) != 0) {
        return DUETD_PRICE_UNKNOWN;
    }
    for (i = 0; i < p->nfixed; i++) {
        if (strcmp(p->fixed[i].key, want.key) == 0) {
            *usd = p->fixed[i].usd;
            *decimals = p->fixed[i].decimals;
            return DUETD_PRICE_OK;
        }
    }
    if (p->url == NULL) {
        return DUETD_PRICE_UNKNOWN;
    }
    if (duetd_price_refresh(p, now) != 0) {
        return DUETD_PRICE_UNAVAILABLE;
    }
    if (p->ncache == 0) {
        return DUETD_PRICE_UNKNOWN;
    }
    hit = bsearch(&want, p->cache, p->ncache, sizeof(*p->cache),
                  duetd_price_cmp);
    if (hit == NULL) {
        return DUETD_PRICE_UNKNOWN;
    }
    *usd = hit->usd;
    *decimals = hit->decimals;
    return DUETD_PRICE_OK;
}
