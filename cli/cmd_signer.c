/*
 * cmd_signer.c -- the signer on the server and on this machine: `duet
 * status`, `info`, `balance`, `policy get|set`, `pause`, `resume` and
 * `rotate-key`.  Reading takes the profile's API key; changing the policy
 * or the signer's state takes the operator token.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "duet_util.h"
#include "cmd.h"

#define DUET_POLICY_MAX  (256 * 1024)


/* A request to /api/v1/signers/ID and suffix; *resp the answer. */
static int
duet_signer_call(struct duet_ctx *ctx, int auth, const char *method,
    const char *suffix, const char *body, struct json_object **resp)
{
    struct duet_client  *c = NULL;
    char                 path[256];
    int                  rc;

    *resp = NULL;
    if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK
        || (rc = duet_ctx_client(ctx, NULL, NULL, auth, &c)) != DUET_EXIT_OK)
    {
        return rc;
    }
    snprintf(path, sizeof(path), "/api/v1/signers/%s%s",
             ctx->profile.signer_id, suffix);
    rc = duet_ctx_call(ctx, c, method, path, body, resp);
    duet_client_free(c);
    return rc;
}


static void
duet_out_field(struct duet_ctx *ctx, struct json_object *o, const char *key)
{
    struct json_object  *v;

    if (json_object_object_get_ex(o, key, &v) && v != NULL) {
        duet_out(ctx, key, "%s", json_object_get_string(v));
    }
}


int
duet_cmd_status(struct duet_ctx *ctx)
{
    static const char  *keys[] = { "id", "name", "status", "ethAddress",
                                   "network", "type", "createdAt",
                                   "updatedAt", NULL };
    struct json_object *resp, *addr;
    size_t              i;
    int                 rc;

    if ((rc = duet_signer_call(ctx, DUET_AUTH_KEY, "GET",
                               "", NULL, &resp))
        != DUET_EXIT_OK)
    {
        return rc;
    }
    for (i = 0; keys[i] != NULL; i++) {
        duet_out_field(ctx, resp, keys[i]);
    }
    if (json_object_object_get_ex(resp, "ethAddress", &addr)
        && strcasecmp(json_object_get_string(addr), ctx->profile.address)
           != 0)
    {
        rc = duet_fail(ctx, DUET_EXIT_CORRUPT, "the server's address for"
                       " this signer is not the profile's %s",
                       ctx->profile.address);
    }
    json_object_put(resp);
    return rc;
}


static void
duet_out_file(struct duet_ctx *ctx, const char *key, const char *path)
{
    struct stat  st;

    if (stat(path, &st) != 0) {
        duet_out(ctx, key, "%s (%s)", path, strerror(errno));
    } else {
        duet_out(ctx, key, "%s (mode %04o)", path,
                 (unsigned) (st.st_mode & 07777));
    }
}


int
duet_cmd_info(struct duet_ctx *ctx)
{
    struct duet_profile  *p = &ctx->profile;
    char                (*names)[65] = NULL;
    char                  def[65] = "";
    struct json_object   *arr;
    size_t                n = 0, i;
    int                   rc;

    if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK) {
        return rc;
    }
    duet_out(ctx, "home", "%s", ctx->home.dir);
    duet_out(ctx, "profile", "%s", p->name);
    duet_out(ctx, "server", "%s", p->server);
    if (p->ca_file[0]) {
        duet_out(ctx, "caFile", "%s", p->ca_file);
    }
    duet_out(ctx, "signerId", "%s", p->signer_id);
    duet_out(ctx, "address", "%s", p->address);
    duet_out(ctx, "level", "%d", p->level);
    if (p->network[0]) {
        duet_out(ctx, "network", "%s", p->network);
    }
    duet_out_file(ctx, "shareFile", p->share_file);
    duet_out_file(ctx, "apiKeyFile", p->api_key_file);
    if (duet_profile_list(&ctx->home, &names, &n, def, sizeof(def)) == 0) {
        arr = json_object_new_array();
        for (i = 0; i < n; i++) {
            json_object_array_add(arr, json_object_new_string(names[i]));
        }
        duet_out_json(ctx, "profiles", arr);
        duet_out(ctx, "defaultProfile", "%s", def);
        free(names);
    }
    return DUET_EXIT_OK;
}


/* Decimal wei from a 0x quantity, and as ETH with its 18 decimals. */
static int
duet_wei_format(const char *hex, char *dec, size_t size)
{
    uint32_t  limb[9];
    size_t    n = 0, i, len;
    int       d, k;
    char      tmp[96];
    uint64_t  carry;

    if (strncmp(hex, "0x", 2) != 0 || (len = strlen(hex + 2)) == 0
        || len > 64)
    {
        return -1;
    }
    memset(limb, 0, sizeof(limb));
    /* Big number in base 2^32, then repeated division by 10. */
    for (i = 0; i < len; i++) {
        if ((d = duet_hex_char_value(hex[2 + i])) < 0) {
            return -1;
        }
        carry = (uint64_t) d;
        for (k = 0; k < 9; k++) {
            carry += (uint64_t) limb[k] << 4;
            limb[k] = (uint32_t) carry;
            carry >>= 32;
        }
    }
    do {
        carry = 0;
        for (k = 8; k >= 0; k--) {
            carry = (carry << 32) | limb[k];
            limb[k] = (uint32_t) (carry / 10);
            carry %= 10;
        }
        tmp[n++] = (char) ('0' + carry);
        for (k = 0; k < 9 && limb[k] == 0; k++) {
        }
    } while (k < 9 && n < sizeof(tmp) - 1);
    if (n + 1 > size) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        dec[i] = tmp[n - 1 - i];
    }
    dec[n] = '\0';
    return 0;
}


int
duet_cmd_balance(struct duet_ctx *ctx)
{
    struct json_object  *resp = NULL, *result;
    const char          *rpc = duet_opt(ctx, "rpc");
    char                 params[96], wei[96], eth[120];
    size_t               n;
    int                  rc;

    if (rpc == NULL && (rpc = getenv("DUET_RPC_URL")) == NULL) {
        return duet_fail(ctx, DUET_EXIT_USAGE, "balance needs --rpc URL (or"
                         " DUET_RPC_URL): duetd does not publish its nodes'"
                         " URLs");
    }
    if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK) {
        return rc;
    }
    snprintf(params, sizeof(params), "[\"%s\",\"latest\"]",
             ctx->profile.address);
    if ((rc = duet_rpc_call(ctx, rpc, "eth_getBalance", params, &resp,
                            &result)) != DUET_EXIT_OK)
    {
        return rc;
    }
    if (duet_wei_format(json_object_get_string(result), wei, sizeof(wei))
        != 0)
    {
        json_object_put(resp);
        return duet_fail(ctx, DUET_EXIT_FAILURE, "eth_getBalance: not a"
                         " quantity");
    }
    json_object_put(resp);
    n = strlen(wei);
    if (n <= 18) {
        snprintf(eth, sizeof(eth), "0.%.*s%s", (int) (18 - n),
                 "000000000000000000", wei);
    } else {
        snprintf(eth, sizeof(eth), "%.*s.%s", (int) (n - 18), wei,
                 wei + n - 18);
    }
    duet_out(ctx, "address", "%s", ctx->profile.address);
    duet_out(ctx, "wei", "%s", wei);
    duet_out(ctx, "eth", "%s", eth);
    return DUET_EXIT_OK;
}


int
duet_cmd_policy_get(struct duet_ctx *ctx)
{
    struct json_object  *resp;
    int                  rc;

    if ((rc = duet_signer_call(ctx, DUET_AUTH_KEY, "GET",
                               "/policy", NULL, &resp))
        != DUET_EXIT_OK)
    {
        return rc;
    }
    if (ctx->json) {
        json_object_object_add(ctx->out, "policy", resp);
        return DUET_EXIT_OK;
    }
    printf("%s\n", json_object_to_json_string_ext(resp,
               JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(resp);
    return DUET_EXIT_OK;
}


int
duet_cmd_policy_set(struct duet_ctx *ctx)
{
    struct json_object  *doc, *resp;
    char                *text = NULL;
    int                  rc;

    if ((rc = duet_ctx_read_text(ctx, ctx->argv[0], DUET_POLICY_MAX, &text))
        != DUET_EXIT_OK)
    {
        return rc;
    }
    if ((doc = json_tokener_parse(text)) == NULL
        || !json_object_is_type(doc, json_type_object))
    {
        json_object_put(doc);
        free(text);
        return duet_fail(ctx, DUET_EXIT_USAGE, "%s is not a JSON object",
                         ctx->argv[0]);
    }
    json_object_put(doc);
    rc = duet_signer_call(ctx, DUET_AUTH_OPERATOR, "PUT",
                          "/policy", text, &resp);
    free(text);
    if (rc != DUET_EXIT_OK) {
        return rc;
    }
    duet_out(ctx, "policy", "%s", "updated");
    duet_out_field(ctx, resp, "version");
    json_object_put(resp);
    return DUET_EXIT_OK;
}


static int
duet_signer_state(struct duet_ctx *ctx, const char *suffix)
{
    struct json_object  *resp;
    int                  rc;

    if ((rc = duet_signer_call(ctx, DUET_AUTH_OPERATOR, "POST", suffix, NULL,
                               &resp)) != DUET_EXIT_OK)
    {
        return rc;
    }
    duet_out(ctx, "signerId", "%s", ctx->profile.signer_id);
    duet_out_field(ctx, resp, "status");
    json_object_put(resp);
    return DUET_EXIT_OK;
}


int
duet_cmd_pause(struct duet_ctx *ctx)
{
    return duet_signer_state(ctx, "/pause");
}


int
duet_cmd_resume(struct duet_ctx *ctx)
{
    return duet_signer_state(ctx, "/resume");
}


/*
 * The new key replaces the file in one rename: a crash leaves the old
 * key (dead on the server) or the new one, never half of either.
 */
int
duet_cmd_rotate_key(struct duet_ctx *ctx)
{
    struct json_object  *resp, *key;
    const char          *k;
    char                 line[128];
    size_t               n;
    int                  rc;

    if ((rc = duet_signer_call(ctx, DUET_AUTH_OPERATOR, "POST",
                               "/regenerate-key", NULL,
                               &resp)) != DUET_EXIT_OK)
    {
        return rc;
    }
    if (!json_object_object_get_ex(resp, "apiKey", &key)
        || (k = json_object_get_string(key)) == NULL
        || (n = strlen(k)) == 0 || n + 2 > sizeof(line))
    {
        json_object_put(resp);
        return duet_fail(ctx, DUET_EXIT_FAILURE, "the answer holds no API"
                         " key: the old key is dead, ask again");
    }
    memcpy(line, k, n);
    line[n] = '\n';
    if (duet_write_atomic(ctx->profile.api_key_file, line, n + 1, 0600, 0)
        != 0)
    {
        rc = duet_fail(ctx, DUET_EXIT_FAILURE, "%s: %s: the new key is"
                       " lost, rotate again", ctx->profile.api_key_file,
                       strerror(errno));
    } else {
        duet_out(ctx, "apiKeyFile", "%s", ctx->profile.api_key_file);
        duet_out(ctx, "rotated", "%s", "yes");
    }
    duet_memclear(line, sizeof(line));
    /* The key sits in the parsed answer too. */
    duet_memclear((char *) k, n);
    json_object_put(resp);
    return rc;
}
