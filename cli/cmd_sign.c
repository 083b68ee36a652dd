/*
 * cmd_sign.c -- Signer+Server signing with share 0: `duet send`, `deploy`,
 * `sign-message` and `sign-typed-data`.  duetd checks the signer's policy
 * first; a refusal (403) is shown with its reasons (the short ones, as
 * an API key gets them).
 */

#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet_util.h"
#include "cmd.h"

#define DUET_BYTECODE_MAX    (1024 * 1024)
#define DUET_TYPED_MAX       (256 * 1024)


static int
duet_decimal_ok(const char *s)
{
    size_t  i;

    if (s[0] == '\0' || strlen(s) > 20) {
        return 0;
    }
    for (i = 0; s[i] != '\0'; i++) {
        if (!isdigit((unsigned char) s[i])) {
            return 0;
        }
    }
    return 1;
}


/*
 * After a 403: a guardrail refusal carries its reasons (exit 4); else the
 * 403 was about the credentials or the signer's state.
 */
static int
duet_refusal(struct duet_ctx *ctx, struct duet_client *c, const char *what)
{
    struct json_object  *arr;
    const char          *v = duet_client_violations(c), *nl;
    char                 reasons[DUET_CMD_ERR_SIZE] = "";
    size_t               off = 0;
    int                  k;

    if (v[0] == '\0') {
        return duet_ctx_client_fail(ctx, c, DUET_CLIENT_ERR_HTTP, what);
    }
    arr = json_object_new_array();
    for (; *v != '\0'; v = *nl != '\0' ? nl + 1 : nl) {
        nl = v + strcspn(v, "\n");
        if (arr != NULL) {
            json_object_array_add(arr, json_object_new_string_len(v,
                                      (int) (nl - v)));
        }
        k = snprintf(reasons + off, sizeof(reasons) - off, "\n  - %.*s",
                     (int) (nl - v), v);
        if (k > 0 && (size_t) k < sizeof(reasons) - off) {
            off += (size_t) k;
        }
    }
    duet_out_json(ctx, "violations", arr);
    return duet_fail(ctx, DUET_EXIT_POLICY, "refused by the signer's policy:%s",
                     reasons);
}


static void
duet_out_signature(struct duet_ctx *ctx, const struct duet_client_signature *s)
{
    char  hex[2 * 65 + 1];

    if (duet_hex_encode(hex, sizeof(hex), s->sig, 65) == 0) {
        /* r || s || v as wallets print it (v, not the recovery id). */
        hex[128] = '\0';
        duet_out(ctx, "signature", "0x%s%02x", hex,
                 (unsigned) (s->v & 0xff));
    }
    if (duet_hex_encode(hex, sizeof(hex), s->hash, 32) == 0) {
        duet_out(ctx, "hash", "0x%s", hex);
    }
}


/* A transaction: to (NULL: creation), value, data; options for the rest. */
static int
duet_sign_tx(struct duet_ctx *ctx, const char *to, const char *wei,
    const char *data)
{
    struct duet_client_signature  sig;
    struct duet_client_share      share;
    struct duet_client           *c = NULL;
    struct json_object           *tx = NULL;
    const char                   *net, *chain, *gas, *nonce;
    int                           rc, r, broadcast;

    memset(&sig, 0, sizeof(sig));
    memset(&share, 0, sizeof(share));
    net = duet_opt(ctx, "network");
    chain = duet_opt(ctx, "chain-id");
    gas = duet_opt(ctx, "gas-limit");
    nonce = duet_opt(ctx, "nonce");
    broadcast = duet_opt(ctx, "no-broadcast") == NULL;
    if ((chain != NULL && !duet_decimal_ok(chain))
        || (gas != NULL && !duet_decimal_ok(gas))
        || (nonce != NULL && !duet_decimal_ok(nonce)))
    {
        return duet_fail(ctx, DUET_EXIT_USAGE, "--chain-id, --gas-limit and"
                         " --nonce are decimal numbers");
    }
    if (data != NULL && (strncmp(data, "0x", 2) != 0 || strlen(data) % 2))
    {
        return duet_fail(ctx, DUET_EXIT_USAGE, "data is 0x and an even"
                         " number of hex digits");
    }
    if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK) {
        return rc;
    }
    if (net == NULL && chain == NULL) {
        net = ctx->profile.network[0] ? ctx->profile.network : NULL;
        if (net == NULL) {
            return duet_fail(ctx, DUET_EXIT_USAGE, "which network? --network"
                             " NAME or --chain-id N (or init --network)");
        }
    }
    tx = json_object_new_object();
    if (to != NULL) {
        json_object_object_add(tx, "to", json_object_new_string(to));
    }
    json_object_object_add(tx, "value", json_object_new_string(wei));
    if (data != NULL) {
        json_object_object_add(tx, "data", json_object_new_string(data));
    }
    if (chain != NULL) {
        json_object_object_add(tx, "chainId", json_object_new_string(chain));
    } else {
        json_object_object_add(tx, "network", json_object_new_string(net));
    }
    if (gas != NULL) {
        json_object_object_add(tx, "gasLimit", json_object_new_string(gas));
    }
    if (nonce != NULL) {
        json_object_object_add(tx, "nonce", json_object_new_string(nonce));
    }
    if ((rc = duet_ctx_client(ctx, NULL, NULL, DUET_AUTH_KEY, &c))
        != DUET_EXIT_OK
        || (rc = duet_ctx_share(ctx, &share)) != DUET_EXIT_OK)
    {
        goto out;
    }
    duet_client_set_broadcast(c, broadcast);
    r = duet_client_sign_tx(c, &share,
                            json_object_to_json_string_ext(tx,
                                JSON_C_TO_STRING_PLAIN
                                | JSON_C_TO_STRING_NOSLASHESCAPE), &sig);
    if (r != 0) {
        rc = r == DUET_CLIENT_ERR_HTTP && duet_client_last_status(c) == 403
             ? duet_refusal(ctx, c, "signing")
             : duet_ctx_client_fail(ctx, c, r, "signing");
        goto out;
    }
    duet_out(ctx, "txHash", "%s", sig.tx_hash);
    duet_out(ctx, "broadcast", "%s", broadcast ? "yes" : "no");
    if (!broadcast || ctx->json) {
        duet_out(ctx, "rawTransaction", "%s",
                 sig.raw_tx != NULL ? sig.raw_tx : "");
    }
    rc = DUET_EXIT_OK;

out:
    json_object_put(tx);
    duet_client_signature_clear(&sig);
    duet_share_free(&share);
    duet_client_free(c);
    return rc;
}


int
duet_cmd_send(struct duet_ctx *ctx)
{
    char  wei[96];

    if (duet_parse_amount(ctx->argv[1], wei, sizeof(wei)) != 0) {
        return duet_fail(ctx, DUET_EXIT_USAGE, "AMOUNT is in ETH (\"0.5\","
                         " at most 18 decimals) or in wei (\"123wei\")");
    }
    return duet_sign_tx(ctx, ctx->argv[0], wei, duet_opt(ctx, "data"));
}


int
duet_cmd_deploy(struct duet_ctx *ctx)
{
    const char  *arg = ctx->argv[0];
    char        *text = NULL, *p, *e;
    int          rc;

    if (arg[0] != '@') {
        return duet_sign_tx(ctx, NULL, "0", arg);
    }
    if ((rc = duet_ctx_read_text(ctx, arg + 1, DUET_BYTECODE_MAX, &text))
        != DUET_EXIT_OK)
    {
        return rc;
    }
    for (p = text; isspace((unsigned char) *p); p++) {
        /* leading space */
    }
    for (e = p + strlen(p); e > p && isspace((unsigned char) e[-1]); e--) {
        *(e - 1) = '\0';
    }
    rc = duet_sign_tx(ctx, NULL, "0", p);
    free(text);
    return rc;
}


static int
duet_sign_msg(struct duet_ctx *ctx, const char *kind, const char *data)
{
    struct duet_client_signature  sig;
    struct duet_client_share      share;
    struct duet_client           *c = NULL;
    int                           rc, r;

    memset(&sig, 0, sizeof(sig));
    memset(&share, 0, sizeof(share));
    if ((rc = duet_ctx_profile(ctx)) != DUET_EXIT_OK
        || (rc = duet_ctx_client(ctx, NULL, NULL, DUET_AUTH_KEY, &c))
           != DUET_EXIT_OK
        || (rc = duet_ctx_share(ctx, &share)) != DUET_EXIT_OK)
    {
        goto out;
    }
    r = duet_client_sign_message(c, &share, kind, data, &sig);
    if (r != 0) {
        rc = r == DUET_CLIENT_ERR_HTTP && duet_client_last_status(c) == 403
             ? duet_refusal(ctx, c, "signing")
             : duet_ctx_client_fail(ctx, c, r, "signing");
        goto out;
    }
    duet_out(ctx, "address", "%s", ctx->profile.address);
    duet_out_signature(ctx, &sig);
    rc = DUET_EXIT_OK;

out:
    duet_client_signature_clear(&sig);
    duet_share_free(&share);
    duet_client_free(c);
    return rc;
}


int
duet_cmd_sign_message(struct duet_ctx *ctx)
{
    return duet_sign_msg(ctx, "personal_sign", ctx->argv[0]);
}


int
duet_cmd_sign_typed_data(struct duet_ctx *ctx)
{
    char  *text = NULL;
    int    rc;

    if ((rc = duet_ctx_read_text(ctx, ctx->argv[0], DUET_TYPED_MAX, &text))
        != DUET_EXIT_OK)
    {
        return rc;
    }
    rc = duet_sign_msg(ctx, "typed_data", text);
    free(text);
    return rc;
}
