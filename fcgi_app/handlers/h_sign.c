/*
 * h_sign.c -- Signer+Server signing as party 1 (docs/api-flows.md):
 *
 *   POST /api/v1/sign/sessions                  {transaction}
 *   POST /api/v1/sign-message/sessions          {message: {kind, data}}
 *   POST /api/v1/sign/sessions/{sid}/rounds     {messages}, four calls
 *   POST /api/v1/sign/sessions/{sid}/complete
 *
 * duetd decides what is signed (it builds the unsigned transaction or
 * hashes the message itself), runs the guardrail hook before it takes
 * part, and presigns with signers {0, 1}.  Call 3 finishes presigning,
 * consumes the presignature and answers with the partial signature; the
 * state written back holds only the sign session.  Every reply is kept
 * with the digest of its request, so a repeated call gets the same bytes.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_eth.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "../api_json.h"
#include "../chain.h"
#include "../eth_rpc.h"
#include "../guardrails.h"
#include "../kms.h"
#include "../log.h"
#include "../policy.h"
#include "../proto_state.h"
#include "../server_share.h"
#include "../u256.h"
#include "handlers.h"

#define DUETD_SIGN_PATH  "signer+server"

/* What a creation request asks to sign, once decoded. */
struct duetd_sign_req {
    int                          kind;          /* DUET_SIGN_ETH_*        */
    const char                  *kind_name;     /* for the response       */
    const char                  *request_type;  /* for the audit          */
    uint8_t                     *msg;           /* malloc'd               */
    size_t                       msg_len;
    uint8_t                      hash[32];
    int                          tx_type;
    uint64_t                     chain_id;
    uint8_t                     *data;          /* calldata, malloc'd     */
    size_t                       data_len;
    struct json_object          *norm;          /* the transaction as
                                                   libduet reads it       */
    struct duetd_guard_request   guard;
};


static void
duetd_sign_req_clear(struct duetd_sign_req *q)
{
    if (q->msg != NULL) {
        duet_memclear(q->msg, q->msg_len);
        free(q->msg);
    }
    free(q->data);
    json_object_put(q->norm);
    memset(q, 0, sizeof(*q));
}


/*
 * The calling signer must be active.  Returns 0 with *sg, or 403 (the
 * caller then wipes the session, if it holds one) or a store error.
 */
static int
duetd_sign_signer_active(struct duetd_request *r, const struct duetd_app *app,
    struct duetd_signer *sg)
{
    int  rc;

    if (r->caller.kind != DUETD_CALLER_SIGNER) {
        return duetd_request_fail(r, 401, "invalid API key");
    }
    rc = duetd_store_signer_get(app->store, r->caller.signer_id, sg);
    if (rc != DUETD_STORE_OK) {
        return duetd_h_store_error(r, rc == DUETD_STORE_NOT_FOUND
                                      ? DUETD_STORE_ERROR : rc);
    }
    if (strcmp(sg->status, DUETD_SIGNER_ACTIVE) != 0) {
        return duetd_request_fail(r, 403, "signer is %s", sg->status);
    }
    return 0;
}


/* Transactions. */

/* Copy member key of from (if there) into to, sharing the value. */
static int
duetd_sign_copy(struct json_object *to, struct json_object *from,
    const char *key)
{
    struct json_object  *v;

    if (!json_object_object_get_ex(from, key, &v) || v == NULL) {
        return 0;
    }
    return json_object_object_add(to, key, json_object_get(v)) != 0 ? -1 : 0;
}


/* Set key of q->norm to the decimal text v (filled from the node). */
static int
duetd_sign_set(struct duetd_request *r, struct duetd_sign_req *q,
    const char *key, const char *v)
{
    if (duetd_json_add(q->norm, key, json_object_new_string(v))) {
        return duetd_request_fail(r, 500, "out of memory");
    }
    return 0;
}


/* The transaction's network: by name, by chain id, or both agreeing. */
static int
duetd_sign_network(struct duetd_request *r, const struct duetd_app *app,
    struct json_object *name, struct json_object *chain,
    const struct duetd_network **nw)
{
    const struct duetd_network  *by_name = NULL;
    struct duetd_u256            id;
    char                         dec[80];
    uint64_t                     v;

    *nw = NULL;
    if (name != NULL) {
        by_name = duetd_config_network(app->cfg, json_object_get_string(name));
        if (by_name == NULL) {
            return duetd_request_fail(r, 400, "transaction.network is not a"
                                      " configured network");
        }
        *nw = by_name;
    }
    if (chain != NULL) {
        if (duetd_quantity_decimal(dec, sizeof(dec), chain) != 0
            || duetd_u256_parse(&id, dec) != 0 || !duetd_u256_to_u64(&id, &v)
            || v == 0)
        {
            return duetd_request_fail(r, 400, "transaction.chainId is out of"
                                      " range");
        }
        if (by_name != NULL && by_name->chain_id != v) {
            return duetd_request_fail(r, 400, "transaction.chainId is not"
                                      " the chain of transaction.network");
        }
        if (by_name == NULL
            && (*nw = duetd_config_network_by_chain(app->cfg, v)) == NULL)
        {
            return duetd_request_fail(r, 400, "transaction.chainId %llu is"
                                      " not the chain of a configured"
                                      " network", (unsigned long long) v);
        }
    }
    if (*nw == NULL) {
        return duetd_request_fail(r, 400, "transaction.chainId or"
                                  " transaction.network is required");
    }
    return 0;
}


/* A node's refusal is the caller's problem (400); its absence is ours. */
static int
duetd_sign_rpc_fail(struct duetd_request *r, int rc,
    const struct duetd_rpc_error *err)
{
    if (rc == DUETD_RPC_REFUSED) {
        return duetd_request_fail(r, 400, "the node refused the"
                                  " transaction: %s", err->message);
    }
    return duetd_request_fail(r, 502, "Ethereum node unavailable: %s",
                              err->message);
}


/*
 * Fill what the caller left out from the network's node: gas (the
 * estimate plus 20 %), fees, and the pending nonce count (the nonce
 * itself is reserved by the guardrails).
 */
static int
duetd_sign_fill(struct duetd_request *r, const struct duetd_app *app,
    const struct duetd_signer *sg, struct duetd_sign_req *q, int type)
{
    struct duetd_rpc_error  err;
    struct duetd_rpc_call   call;
    struct duetd_rpc       *rpc;
    struct json_object     *v;
    char                    to[DUET_ETH_ADDRESS_TEXT_SIZE];
    char                    value[DUETD_U256_DEC_SIZE];
    char                    a[DUETD_QTY_SIZE], b[DUETD_QTY_SIZE];
    uint64_t                n;
    int                     rc, status;
    int                     need_nonce, need_gas, need_fees;

    need_nonce = !json_object_object_get_ex(q->norm, "nonce", &v);
    need_gas = !json_object_object_get_ex(q->norm, "gasLimit", &v);
    need_fees = type == DUET_ETH_TX_EIP1559
                ? !json_object_object_get_ex(q->norm, "maxFeePerGas", &v)
                  || !json_object_object_get_ex(q->norm,
                                                "maxPriorityFeePerGas", &v)
                : !json_object_object_get_ex(q->norm, "gasPrice", &v);
    if (!need_nonce && !need_gas && !need_fees) {
        return 0;
    }
    rc = duetd_chain_rpc(app->chain, q->guard.network, &rpc, &err);
    if (rc != DUETD_RPC_OK) {
        return duetd_sign_rpc_fail(r, rc, &err);
    }

    if (need_nonce) {
        rc = duetd_rpc_nonce(rpc, sg->eth_address, &n, &err);
        if (rc != DUETD_RPC_OK) {
            return duetd_sign_rpc_fail(r, rc, &err);
        }
        q->guard.want_nonce = 1;
        q->guard.pending = n;
    }
    if (need_gas) {
        memset(&call, 0, sizeof(call));
        call.from = sg->eth_address;
        if (q->guard.has_to) {
            if (duet_eth_address_checksum(to, q->guard.to) != 0) {
                return duetd_request_fail(r, 500, "internal error");
            }
            call.to = to;
        }
        duetd_u256_to_dec(value, &q->guard.value);
        call.value = value;
        call.data = q->data;
        call.data_len = q->data_len;
        rc = duetd_rpc_estimate_gas(rpc, &call, &n, &err);
        if (rc != DUETD_RPC_OK) {
            return duetd_sign_rpc_fail(r, rc, &err);
        }
        n += (n + 4) / 5;
        snprintf(a, sizeof(a), "%llu", (unsigned long long) n);
        if ((status = duetd_sign_set(r, q, "gasLimit", a)) != 0) {
            return status;
        }
    }
    if (need_fees && type == DUET_ETH_TX_EIP1559) {
        rc = duetd_rpc_fees_1559(rpc, a, b, &err);
        if (rc != DUETD_RPC_OK) {
            return duetd_sign_rpc_fail(r, rc, &err);
        }
        if ((!json_object_object_get_ex(q->norm, "maxFeePerGas", &v)
             && (status = duetd_sign_set(r, q, "maxFeePerGas", a)) != 0)
            || (!json_object_object_get_ex(q->norm, "maxPriorityFeePerGas",
                                           &v)
                && (status = duetd_sign_set(r, q, "maxPriorityFeePerGas", b))
                   != 0))
        {
            return status;
        }
    } else if (need_fees) {
        rc = duetd_rpc_gas_price(rpc, a, &err);
        if (rc != DUETD_RPC_OK) {
            return duetd_sign_rpc_fail(r, rc, &err);
        }
        if ((status = duetd_sign_set(r, q, "gasPrice", a)) != 0) {
            return status;
        }
    }
    return 0;
}


/*
 * Encode q->norm with nonce: the unsigned transaction and its sighash.
 * Returns 0, 400 (libduet refused the transaction) or 500.
 */
static int
duetd_sign_encode(struct duetd_request *r, struct duetd_sign_req *q,
    uint64_t nonce, int set_nonce)
{
    const char  *text;
    uint8_t     *out;
    size_t       out_len;
    char         n[24];
    int          rc;

    if (set_nonce) {
        snprintf(n, sizeof(n), "%llu", (unsigned long long) nonce);
        if (duetd_json_add(q->norm, "nonce", json_object_new_string(n))) {
            return duetd_request_fail(r, 500, "out of memory");
        }
    }
    if ((text = json_object_to_json_string_ext(q->norm,
                                               JSON_C_TO_STRING_PLAIN))
        == NULL || (out = malloc(DUET_ETH_TX_MAX_SIZE)) == NULL)
    {
        return duetd_request_fail(r, 500, "out of memory");
    }
    out_len = DUET_ETH_TX_MAX_SIZE;
    rc = duet_eth_tx_from_json(out, &out_len, text, strlen(text));
    if (rc != 0) {
        free(out);
        return duetd_request_fail(r, rc == DUET_ERR_NO_MEMORY ? 500 : 400,
                                  "transaction: %s", duet_strerror(rc));
    }
    if (duet_eth_tx_sighash(q->hash, &q->tx_type, &q->chain_id, out,
                            out_len) != 0)
    {
        free(out);
        return duetd_request_fail(r, 500, "internal error");
    }
    free(q->msg);
    q->msg = out;
    q->msg_len = out_len;
    return 0;
}


static int
duetd_sign_build_tx(struct duetd_request *r, const struct duetd_app *app,
    const struct duetd_signer *sg, struct json_object *tx,
    struct duetd_sign_req *q)
{
    struct duetd_json_field  f[] = {
        { "type", DUETD_JT_INTEGER, 0, 0, NULL },
        { "to", DUETD_JT_STRING, 0, 42, NULL },
        { "value", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "data", DUETD_JT_STRING, 0, 2 * DUET_ETH_TX_MAX_SIZE, NULL },
        { "chainId", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "network", DUETD_JT_STRING, 0, DUETD_NETWORK_SIZE - 1, NULL },
        { "gasLimit", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "gasPrice", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "maxFeePerGas", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "maxPriorityFeePerGas", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "nonce", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "accessList", DUETD_JT_ARRAY, 0, 0, NULL },
    };
    enum { F_TYPE, F_TO, F_VALUE, F_DATA, F_CHAIN, F_NETWORK, F_GAS,
           F_PRICE, F_MAXFEE, F_PRIO, F_NONCE, F_ACCESS, F_N };
    const struct duetd_network  *nw;
    const char                  *s;
    char                         chain[24], value[80];
    size_t                       n;
    int64_t                      type;
    int                          status;

    if ((status = duetd_json_fields(tx, "transaction.", f, F_N,
                                    r->err_message, sizeof(r->err_message)))
        != 0
        || (status = duetd_json_check_numbers(tx, "transaction",
                                              r->err_message,
                                              sizeof(r->err_message))) != 0
        || (status = duetd_sign_network(r, app, f[F_NETWORK].value,
                                        f[F_CHAIN].value, &nw)) != 0)
    {
        return status;
    }

    /* The type: given, or what the fee fields imply (spec/api.md). */
    if (f[F_TYPE].value != NULL) {
        type = json_object_get_int64(f[F_TYPE].value);
        if (type < 0 || type > 2) {
            return duetd_request_fail(r, 400, "transaction.type must be 0, 1"
                                      " or 2");
        }
    } else if (f[F_MAXFEE].value != NULL || f[F_PRIO].value != NULL) {
        type = DUET_ETH_TX_EIP1559;
    } else if (f[F_PRICE].value != NULL) {
        type = f[F_ACCESS].value != NULL ? DUET_ETH_TX_EIP2930
                                         : DUET_ETH_TX_LEGACY;
    } else if (f[F_ACCESS].value != NULL) {
        type = DUET_ETH_TX_EIP2930;
    } else {
        type = DUET_ETH_TX_EIP1559;
    }
    if (type == DUET_ETH_TX_EIP1559 && f[F_PRICE].value != NULL) {
        return duetd_request_fail(r, 400, "transaction.gasPrice is not a"
                                  " field of an EIP-1559 transaction");
    }
    if (type != DUET_ETH_TX_EIP1559
        && (f[F_MAXFEE].value != NULL || f[F_PRIO].value != NULL))
    {
        return duetd_request_fail(r, 400, "transaction.maxFeePerGas and"
                                  " maxPriorityFeePerGas belong to EIP-1559"
                                  " transactions (type 2)");
    }

    /* What the guardrails see: to, value, calldata, checked here. */
    q->guard.network = nw;
    if (f[F_TO].value != NULL) {
        s = json_object_get_string(f[F_TO].value);
        if (duet_eth_address_parse(q->guard.to, s, strlen(s)) != 0) {
            return duetd_request_fail(r, 400, "transaction.to is not an"
                                      " address (0x and 40 hex digits)");
        }
        q->guard.has_to = 1;
    }
    if (f[F_VALUE].value == NULL) {
        memcpy(value, "0", 2);
    } else if (duetd_quantity_decimal(value, sizeof(value), f[F_VALUE].value)
               != 0)
    {
        return duetd_request_fail(r, 400, "transaction.value is out of"
                                  " range");
    }
    if (duetd_u256_parse(&q->guard.value, value) != 0) {
        return duetd_request_fail(r, 400, "transaction.value is out of"
                                  " range");
    }
    if (f[F_DATA].value != NULL) {
        s = json_object_get_string(f[F_DATA].value);
        n = strlen(s);
        if (n < 2 || s[0] != '0' || s[1] != 'x' || n % 2 != 0) {
            return duetd_request_fail(r, 400, "transaction.data is not 0x and"
                                      " an even number of hex digits");
        }
        if ((q->data = malloc(n / 2 + 1)) == NULL) {
            return duetd_request_fail(r, 500, "out of memory");
        }
        if (duet_hex_decode(q->data, n / 2 + 1, &q->data_len, s + 2, n - 2)
            != 0)
        {
            return duetd_request_fail(r, 400, "transaction.data is not 0x and"
                                      " an even number of hex digits");
        }
    }
    if (!q->guard.has_to && q->data_len == 0) {
        return duetd_request_fail(r, 400, "transaction.to is missing and"
                                  " there is no transaction.data: a"
                                  " contract creation needs its code");
    }
    q->guard.data = q->data;
    q->guard.data_len = q->data_len;

    /*
     * The normalized object libduet reads: the caller's fields (their
     * numbers are exact, checked above), the type, the chain, and "to"
     * written out (null: a contract creation).
     */
    snprintf(chain, sizeof(chain), "%llu", (unsigned long long) nw->chain_id);
    if ((q->norm = json_object_new_object()) == NULL
        || duetd_json_add(q->norm, "type", json_object_new_int((int) type))
        || duetd_json_add(q->norm, "chainId", json_object_new_string(chain))
        || duetd_sign_copy(q->norm, tx, "nonce")
        || duetd_sign_copy(q->norm, tx, "gasLimit")
        || json_object_object_add(q->norm, "to",
                                  f[F_TO].value != NULL
                                  ? json_object_get(f[F_TO].value) : NULL)
        || duetd_sign_copy(q->norm, tx, "value")
        || duetd_sign_copy(q->norm, tx, "data")
        || duetd_sign_copy(q->norm, tx, "accessList")
        || (type == DUET_ETH_TX_EIP1559
            ? duetd_sign_copy(q->norm, tx, "maxFeePerGas")
              || duetd_sign_copy(q->norm, tx, "maxPriorityFeePerGas")
            : duetd_sign_copy(q->norm, tx, "gasPrice")))
    {
        return duetd_request_fail(r, 500, "out of memory");
    }
    if ((status = duetd_sign_fill(r, app, sg, q, (int) type)) != 0) {
        return status;
    }

    /* Refuse what cannot be encoded now, before anything is reserved. */
    if ((status = duetd_sign_encode(r, q, q->guard.pending,
                                    q->guard.want_nonce)) != 0)
    {
        return status;
    }
    q->kind = DUET_SIGN_ETH_TX;
    q->kind_name = "transaction";
    q->request_type = "sign_tx";
    return 0;
}


/* Messages. */

/* A raw digest is signed only under "allowRawDigest": true. */
static int
duetd_sign_raw_allowed(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_policy  *p = NULL;
    char                 *json = NULL;
    int                   rc, allowed = 0;

    rc = duetd_store_policy_get(app->store, r->caller.signer_id, &json);
    if (rc != DUETD_STORE_OK && rc != DUETD_STORE_NOT_FOUND) {
        return duetd_h_store_error(r, rc);
    }
    if (rc == DUETD_STORE_OK) {
        if (duetd_policy_parse(&p, json, strlen(json), r->err_message,
                               sizeof(r->err_message)) != 0)
        {
            free(json);
            return duetd_request_fail(r, 500, "the stored policy is"
                                      " unreadable");
        }
        allowed = duetd_policy_allow_raw_digest(p);
        duetd_policy_free(p);
        free(json);
    }
    if (!allowed) {
        return duetd_request_fail(r, 403, "raw digests are refused: the"
                                  " signer's policy does not set"
                                  " allowRawDigest");
    }
    return 0;
}


static int
duetd_sign_build_message(struct duetd_request *r,
    const struct duetd_app *app, struct json_object *m,
    struct duetd_sign_req *q)
{
    struct duetd_json_field  f[] = {
        { "kind", DUETD_JT_STRING, 1, 32, NULL },
        { "data", DUETD_JT_ANY, 1, 0, NULL },
    };
    const char              *kind, *s;
    size_t                   n;
    int                      status, rc;

    if ((status = duetd_json_fields(m, "message.", f, 2, r->err_message,
                                    sizeof(r->err_message))) != 0)
    {
        return status;
    }
    kind = json_object_get_string(f[0].value);

    if (strcmp(kind, "personal_sign") == 0) {
        if (json_object_get_type(f[1].value) != json_type_string) {
            return duetd_request_fail(r, 400, "message.data must be a string"
                                      " for personal_sign");
        }
        s = json_object_get_string(f[1].value);
        n = (size_t) json_object_get_string_len(f[1].value);
        if ((q->msg = malloc(n + 1)) == NULL) {
            return duetd_request_fail(r, 500, "out of memory");
        }
        /* "0x" and an even number (>= 2) of hex digits: bytes; else text. */
        if (n >= 4 && n % 2 == 0 && s[0] == '0' && s[1] == 'x'
            && duet_hex_decode(q->msg, n + 1, &q->msg_len, s + 2, n - 2) == 0)
        {
            /* bytes */
        } else {
            memcpy(q->msg, s, n);
            q->msg_len = n;
        }
        if (duet_eth_personal_hash(q->hash, q->msg, q->msg_len) != 0) {
            return duetd_request_fail(r, 500, "internal error");
        }
        q->kind = DUET_SIGN_ETH_PERSONAL;
        q->kind_name = "personal_sign";

    } else if (strcmp(kind, "typed_data") == 0) {
        if (json_object_get_type(f[1].value) != json_type_object) {
            return duetd_request_fail(r, 400, "message.data must be an"
                                      " object for typed_data");
        }
        if ((status = duetd_json_check_numbers(f[1].value, "message.data",
                                               r->err_message,
                                               sizeof(r->err_message))) != 0)
        {
            return status;
        }
        s = json_object_to_json_string_ext(f[1].value, JSON_C_TO_STRING_PLAIN
                                           | JSON_C_TO_STRING_NOSLASHESCAPE);
        if (s == NULL || (q->msg = malloc(strlen(s) + 1)) == NULL) {
            return duetd_request_fail(r, 500, "out of memory");
        }
        q->msg_len = strlen(s);
        memcpy(q->msg, s, q->msg_len);
        rc = duet_eth_typed_data_hash(q->hash, (const char *) q->msg,
                                      q->msg_len);
        if (rc != 0) {
            return duetd_request_fail(r, rc == DUET_ERR_NO_MEMORY ? 500 : 400,
                                      "message.data: %s", duet_strerror(rc));
        }
        q->kind = DUET_SIGN_ETH_TYPED;
        q->kind_name = "typed_data";

    } else if (strcmp(kind, "raw_digest") == 0) {
        /* spec/api.md: only under a policy with allowRawDigest. */
        if ((status = duetd_sign_raw_allowed(r, app)) != 0) {
            return status;
        }
        if (json_object_get_type(f[1].value) != json_type_string
            || json_object_get_string_len(f[1].value) != 66
            || strncmp(s = json_object_get_string(f[1].value), "0x", 2) != 0)
        {
            return duetd_request_fail(r, 400, "message.data must be 0x and 64"
                                      " hex digits for raw_digest");
        }
        if ((q->msg = malloc(32)) == NULL) {
            return duetd_request_fail(r, 500, "out of memory");
        }
        if (duet_hex_decode(q->msg, 32, &q->msg_len, s + 2, 64) != 0) {
            return duetd_request_fail(r, 400, "message.data must be 0x and 64"
                                      " hex digits for raw_digest");
        }
        memcpy(q->hash, q->msg, 32);
        q->kind = DUET_SIGN_RAW_DIGEST;
        q->kind_name = "raw_digest";
    } else {
        return duetd_request_fail(r, 400, "message.kind must be personal_sign,"
                                  " typed_data or raw_digest");
    }
    q->request_type = "sign_message";
    q->guard.is_message = 1;
    q->guard.message_kind = q->kind_name;
    return 0;
}


/* Creation, common to both routes. */

/*
 * 403 with the violations: the short reasons for an API key, the
 * detailed ones for a session (spec/api.md section 4).
 */
static int
duetd_sign_blocked(struct duetd_request *r, const struct duetd_sign_req *q,
    const struct duetd_guard_result *g)
{
    const struct duetd_policy_verdict  *v = &g->verdict;
    struct json_object                 *extra = NULL, *arr = NULL, *o;
    size_t                              i;

    duetd_log_info("signer %s: %s blocked by %s", q->guard.signer_id,
                   q->kind_name, v->nviolations > 0 ? v->v[0].type
                                                    : "policy");
    duetd_request_fail(r, 403, "%s", v->message != NULL ? v->message
                                     : "Transaction blocked by policy");
    if ((extra = json_object_new_object()) == NULL
        || duetd_json_add(extra, "violations",
                          arr = json_object_new_array()))
    {
        json_object_put(extra);
        return 403;
    }
    for (i = 0; i < v->nviolations && i < DUETD_POLICY_VIOLATIONS_MAX; i++) {
        if ((o = json_object_new_object()) == NULL
            || json_object_array_add(arr, o) != 0
            || duetd_json_add(o, "type",
                              json_object_new_string(v->v[i].type))
            || duetd_json_add(o, "reason",
                              json_object_new_string(q->guard.detailed
                                                     ? v->v[i].detail
                                                     : v->v[i].reason)))
        {
            break;
        }
    }
    json_object_put(r->err_extra);
    r->err_extra = extra;
    return 403;
}


static int
duetd_sign_start(struct duetd_request *r, const struct duetd_app *app,
    struct duetd_sign_req *q)
{
    static const int            signers[2] = { DUET_PARTY_SIGNER,
                                               DUET_PARTY_SERVER };
    struct duetd_guard_result   g;
    struct duetd_session_meta   meta;
    struct duetd_sign_state     st;
    struct duet_session        *ps = NULL;
    struct json_object         *resp = NULL, *msgs, *pc;
    const uint8_t              *ks, *aux;
    uint8_t                    *share = NULL, *eng = NULL, *blob = NULL;
    size_t                      share_len = 0, ks_len, aux_len, eng_len = 0;
    size_t                      blen = 0;
    char                        sid[DUETD_SID_TEXT_MAX];
    char                        esid[DUET_SID_MAX + 1];
    char                        name[DUETD_SERVER_SHARE_NAME_MAX];
    const char                 *why = "the session could not start";
    int                         status, rc, opened = 0, approved = 0;

    /*
     * Invariant 7: the guardrails run before any protocol message.  The
     * decision, its audit row and the reservation of the value (and of
     * the nonce) are one store transaction.
     */
    q->guard.signer_id = r->caller.signer_id;
    q->guard.request_type = q->request_type;
    q->guard.path = DUETD_SIGN_PATH;
    q->guard.caller_ip = duetd_request_param(r, "REMOTE_ADDR");
    q->guard.detailed = r->caller.kind != DUETD_CALLER_SIGNER;
    if (duetd_guardrails_decide(app, &q->guard,
                                duetd_now_ms()
                                + (int64_t) app->cfg->session_ttl * 1000,
                                &g) != 0)
    {
        return duetd_request_fail(r, 500, "the guardrails could not be"
                                  " evaluated: nothing was signed");
    }
    if (!g.allowed) {
        return duetd_sign_blocked(r, q, &g);
    }
    approved = 1;
    if (q->guard.want_nonce
        && (status = duetd_sign_encode(r, q, g.nonce, 1)) != 0)
    {
        goto out;
    }

    if (duetd_server_share_name(name, r->caller.signer_id) != 0) {
        status = duetd_request_fail(r, 500, "internal error");
        goto out;
    }
    rc = duetd_kms_load(app->kms, name, &share, &share_len);
    if (rc != DUETD_KMS_OK) {
        duetd_log_error("signer %s: cannot load share 1: %s",
                        r->caller.signer_id, duetd_kms_strerror(rc));
        why = "the key share could not be loaded";
        if (rc == DUETD_KMS_UNAVAILABLE) {
            r->err_retry_after = DUETD_RETRY_KMS;
            status = duetd_request_fail(r, 503, "KMS unavailable");
            goto out;
        }
        status = duetd_request_fail(r, 500, "cannot load the key share");
        goto out;
    }
    if (duetd_server_share_decode(share, share_len, &ks, &ks_len, &aux,
                                  &aux_len) != 0)
    {
        duetd_log_error("signer %s: malformed share container",
                        r->caller.signer_id);
        why = "the key share could not be loaded";
        status = duetd_request_fail(r, 500, "cannot load the key share");
        goto out;
    }

    memset(&meta, 0, sizeof(meta));
    meta.kind = DUETD_SESSION_SIGN;
    duetd_h_signer_owner(meta.owner, r->caller.signer_id);
    if ((status = duetd_h_session_open(r, app, &meta, sid)) != 0) {
        why = "no session slot was free";
        goto out;
    }
    opened = 1;

    if (duetd_h_engine_sid(esid, sizeof(esid), sid, "presign") != 0) {
        status = duetd_request_fail(r, 500, "internal error");
        goto out;
    }
    rc = duet_presign_start(&ps, (const uint8_t *) esid, strlen(esid), ks,
                            ks_len, aux, aux_len, signers, NULL);
    duetd_kms_free(share, share_len);
    share = NULL;
    if (rc != 0) {
        duetd_log_error("signer %s: cannot start presigning: %s",
                        r->caller.signer_id, duet_strerror(rc));
        status = duetd_request_fail(r, 500, "cannot start signing");
        goto out;
    }

    memset(&st, 0, sizeof(st));
    snprintf(st.signer_id, sizeof(st.signer_id), "%s", r->caller.signer_id);
    snprintf(st.request_id, sizeof(st.request_id), "%s", g.request_id);
    st.phase = DUETD_SIGN_PRESIGN;
    st.kind = q->kind;
    st.tx_type = q->kind == DUET_SIGN_ETH_TX ? q->tx_type : 0;
    st.chain_id = q->chain_id;
    memcpy(st.hash, q->hash, sizeof(st.hash));
    st.msg = q->msg;
    st.msg_len = q->msg_len;
    if (duetd_h_serialize(ps, &eng, &eng_len) != 0) {
        status = duetd_request_fail(r, 500, "cannot save the session");
        goto out;
    }
    st.engine = eng;
    st.engine_len = eng_len;
    if (duetd_sign_state_encode(&st, &blob, &blen) != 0) {
        status = duetd_request_fail(r, 500, "cannot save the session");
        goto out;
    }

    msgs = pc = NULL;
    if ((resp = json_object_new_object()) == NULL
        || duetd_json_add(resp, "sessionId", json_object_new_string(sid))
        || duetd_json_add(resp, "requestId",
                          json_object_new_string(g.request_id))
        || duetd_json_add(resp, "messages", msgs = json_object_new_array())
        || duetd_h_add_outgoing(msgs, ps) != 0
        || duetd_json_add(resp, "roundsRemaining",
                          json_object_new_int(DUETD_SIGN_CALLS))
        || duetd_json_add(resp, "messageHash",
                          duetd_json_hex(q->hash, sizeof(q->hash)))
        || duetd_json_add(resp, "kind", json_object_new_string(q->kind_name))
        || (q->kind == DUET_SIGN_ETH_TX
            && duetd_json_add(resp, "unsignedTransaction",
                              duetd_json_hex(q->msg, q->msg_len)))
        || duetd_json_add(resp, "partyConfig", pc = json_object_new_object())
        || duetd_json_add(pc, "serverPartyIndex", json_object_new_int(1))
        || duetd_json_add(pc, "clientPartyIndex", json_object_new_int(0)))
    {
        status = duetd_request_fail(r, 500, "out of memory");
        goto out;
    }

    rc = duetd_table_release(app->table, sid, &meta, blob, blen);
    opened = 0;
    if (rc != DUETD_TABLE_OK) {
        status = duetd_h_table_error(r, rc);
        goto out;
    }
    approved = 0;
    duetd_log_info("signer %s: %s session %s started (request %s)",
                   r->caller.signer_id, q->kind_name, sid, g.request_id);
    status = duetd_h_send(r, 201, resp);
    resp = NULL;

out:
    if (opened) {
        (void) duetd_table_finish(app->table, sid);
    }
    if (approved) {
        /* Approved but never started: give the reservation back. */
        (void) duetd_guardrails_settle(app, r->caller.signer_id,
                                       g.request_id, q->request_type, 0,
                                       why);
    }
    duetd_kms_free(share, share_len);
    duet_session_destroy(ps);
    duetd_pstate_free(eng, eng_len);
    duetd_pstate_free(blob, blen);
    duetd_json_put_wiped(resp);
    return status;
}


/* The body is {transaction} (tx) or {message}: what to sign. */
static int
duetd_sign_create(struct duetd_request *r, const struct duetd_app *app,
    int tx)
{
    struct duetd_json_field  f[] = {
        { tx ? "transaction" : "message", DUETD_JT_OBJECT, 1, 0, NULL },
    };
    struct duetd_sign_req    q;
    struct duetd_signer      sg;
    struct json_object      *root = NULL;
    int                      status;

    memset(&q, 0, sizeof(q));
    if ((status = duetd_h_read_json(r, &root)) != 0
        || (status = duetd_json_fields(root, "", f, 1, r->err_message,
                                       sizeof(r->err_message))) != 0
        || (status = duetd_sign_signer_active(r, app, &sg)) != 0
        || (status = tx ? duetd_sign_build_tx(r, app, &sg, f[0].value, &q)
                        : duetd_sign_build_message(r, app, f[0].value, &q))
           != 0)
    {
        goto out;
    }
    status = duetd_sign_start(r, app, &q);

out:
    duetd_sign_req_clear(&q);
    json_object_put(root);
    return status;
}


int
duetd_h_sign_create_tx(struct duetd_request *r, const struct duetd_app *app)
{
    return duetd_sign_create(r, app, 1);
}


int
duetd_h_sign_create_message(struct duetd_request *r,
    const struct duetd_app *app)
{
    return duetd_sign_create(r, app, 0);
}


/* Rounds. */

/*
 * Claim the signing session r->sid for the calling signer.  Returns 0
 * with the state decoded (views of *buf), or a status; *claimed and
 * *finish tell the caller how to let go of the session.
 */
static int
duetd_sign_claim(struct duetd_request *r, const struct duetd_app *app,
    struct duetd_session_meta *meta, struct duetd_sign_state *st,
    uint8_t **buf, size_t *size, int *claimed, int *finish)
{
    struct duetd_signer  sg;
    char                 owner[DUETD_OWNER_MAX];
    size_t               len;
    int                  status;

    *claimed = 0;
    *finish = 0;
    if ((status = duetd_h_acquire(r, app, meta, buf, size, &len)) != 0) {
        return status;
    }
    *claimed = 1;
    if (meta->kind != DUETD_SESSION_SIGN
        || duetd_pstate_kind(*buf, len) != DUETD_PSTATE_SIGN
        || duetd_sign_state_decode(st, *buf, len) != 0)
    {
        return duetd_request_fail(r, 404, "no signing session %s", r->sid);
    }
    duetd_h_signer_owner(owner, r->caller.signer_id);
    if (r->caller.kind != DUETD_CALLER_SIGNER
        || strcmp(meta->owner, owner) != 0
        || strcmp(st->signer_id, r->caller.signer_id) != 0)
    {
        return duetd_request_fail(r, 403, "another signer's session");
    }
    if ((status = duetd_sign_signer_active(r, app, &sg)) != 0) {
        /* Paused or revoked mid-session: the session goes. */
        *finish = status == 403;
        return status;
    }
    return 0;
}


static int
duetd_sign_reply(struct duetd_request *r, const uint8_t *const *msgs,
    const size_t *lens, size_t n, uint32_t calls)
{
    struct json_object  *resp = NULL, *arr = NULL;
    size_t               i;

    if ((resp = json_object_new_object()) == NULL
        || duetd_json_add(resp, "messages", arr = json_object_new_array())
        || duetd_json_add(resp, "roundsRemaining",
                          json_object_new_int((int) (DUETD_SIGN_CALLS
                                                     - calls)))
        || duetd_json_add(resp, "complete",
                          json_object_new_boolean(calls == DUETD_SIGN_CALLS)))
    {
        duetd_json_put_wiped(resp);
        return duetd_request_fail(r, 500, "out of memory");
    }
    for (i = 0; i < n; i++) {
        if (duetd_json_array_add_b64(arr, msgs[i], lens[i]) != 0) {
            duetd_json_put_wiped(resp);
            return duetd_request_fail(r, 500, "out of memory");
        }
    }
    return duetd_h_send(r, 200, resp);
}


/*
 * Check the messages of a call: before the claim (proto 0) everything
 * but the protocol, which the session's phase decides (presign or sign).
 */
static int
duetd_sign_check_msgs(struct duetd_request *r, const struct duetd_msgs *m,
    int proto)
{
    struct duet_msg_info  info;
    char                  esid[DUET_SID_MAX + 1];
    unsigned              seen[2][2];
    size_t                i;
    int                   p2p, sign, status;

    memset(seen, 0, sizeof(seen));
    if (duetd_h_engine_sid(esid, sizeof(esid), r->sid, "presign") != 0) {
        return duetd_request_fail(r, 404, "session not found");
    }
    for (i = 0; i < m->count; i++) {
        if ((status = duetd_h_msg_peek(r, m, i, &info)) != 0) {
            return status;
        }
        if ((proto == 0 && info.proto != DUET_PROTO_PRESIGN
             && info.proto != DUET_PROTO_SIGN)
            || (proto != 0 && info.proto != proto))
        {
            return duetd_request_fail(r, 400, "messages[%zu] is a %s message;"
                                      " this round takes %s", i,
                                      duetd_h_proto_name(info.proto),
                                      proto != 0 ? duetd_h_proto_name(proto)
                                                 : "presign or sign");
        }
        if ((status = duetd_h_msg_route(r, i, &info, esid,
                                        DUETD_H_PARTY(DUET_PARTY_SIGNER),
                                        "the signer (0)")) != 0)
        {
            return status;
        }
        p2p = info.recipient != DUET_BROADCAST;
        sign = info.proto == DUET_PROTO_SIGN;
        if (seen[sign][p2p]++) {
            return duetd_request_fail(r, 400, "messages[%zu] repeats a %s"
                                      " message", i,
                                      p2p ? "point-to-point" : "broadcast");
        }
    }
    return 0;
}


/*
 * Presigning is done: consume the presignature into the sign session.
 * On success *sg holds the sign session and the presign session is gone.
 */
static int
duetd_sign_take(struct duetd_request *r, struct duet_session **ps,
    const struct duetd_sign_state *st, struct duet_session **sg)
{
    struct duet_presig  *token = NULL;
    uint8_t             *pre = NULL;
    size_t               pre_len = 0;
    int                  rc, status = 0;

    *sg = NULL;
    if (duetd_h_result(*ps, &pre, &pre_len) != 0) {
        status = duetd_request_fail(r, 500, "internal error");
        goto out;
    }
    /* The presign session holds the presignature too: it goes now. */
    duet_session_destroy(*ps);
    *ps = NULL;
    rc = duet_presig_take(&token, pre, pre_len);
    if (rc != 0) {
        duetd_log_error("session %s: presignature unusable: %s", r->sid,
                        duet_strerror(rc));
        status = duetd_request_fail(r, 500, "internal error");
        goto out;
    }
    rc = duet_sign_start(sg, token, st->kind, st->msg, st->msg_len, NULL);
    token = NULL;                          /* consumed whatever the outcome */
    if (rc != 0) {
        duetd_log_error("session %s: cannot sign: %s", r->sid,
                        duet_strerror(rc));
        status = duetd_request_fail(r, 500, "signing failed: start a new"
                                    " session");
    }

out:
    duetd_pstate_free(pre, pre_len);
    return status;
}


static const char *
duetd_sign_request_type(int kind)
{
    return kind == DUET_SIGN_ETH_TX ? "sign_tx" : "sign_message";
}


/*
 * Let go of a claimed session; one that ends before duetd's partial
 * signature left gives its reservation (and nonce) back.
 */
static void
duetd_sign_let_go(struct duetd_request *r, const struct duetd_app *app,
    const struct duetd_sign_state *st, int claimed, int finish)
{
    if (!claimed) {
        return;
    }
    if (finish && st->phase == DUETD_SIGN_PRESIGN
        && st->request_id[0] != '\0')
    {
        (void) duetd_guardrails_settle(app, st->signer_id, st->request_id,
                                       duetd_sign_request_type(st->kind), 0,
                                       r->err_message[0] != '\0'
                                       ? r->err_message : "session ended");
    }
    duetd_h_let_go(r, app, finish);
}


int
duetd_h_sign_round(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_msgs          m;
    struct duetd_session_meta  meta;
    struct duetd_sign_state    st;
    struct duet_session       *ps = NULL, *sg = NULL, *cur = NULL;
    struct duet_blame          blame;
    const uint8_t             *out[DUETD_PSTATE_MSGS_MAX];
    size_t                     out_len[DUETD_PSTATE_MSGS_MAX], nout = 0, i;
    uint8_t                    digest[32];
    uint8_t                   *buf = NULL, *eng = NULL, *reply = NULL;
    uint8_t                   *blob = NULL;
    size_t                     size = 0, eng_len = 0, reply_len = 0;
    size_t                     blen = 0, sig_len;
    int                        status, rc, claimed = 0, finish = 0, fatal;
    int                        proto;

    memset(&m, 0, sizeof(m));
    memset(&st, 0, sizeof(st));
    if ((status = duetd_h_read_messages(r, &m)) != 0
        || duetd_pstate_request_digest(digest, m.msg, m.len, m.count) != 0)
    {
        status = status != 0 ? status : duetd_request_fail(r, 500,
                                                           "internal error");
        goto out;
    }
    if ((status = duetd_sign_check_msgs(r, &m, 0)) != 0
        || (status = duetd_sign_claim(r, app, &meta, &st, &buf, &size,
                                      &claimed, &finish)) != 0)
    {
        goto out;
    }

    /* The same request again: the same reply, nothing recomputed. */
    if (st.have_reply && duet_ct_memeq(digest, st.req_digest, 32)) {
        if (duetd_msglist_decode(st.reply, st.reply_len, out, out_len, &nout)
            != 0)
        {
            finish = 1;
            status = duetd_request_fail(r, 500, "corrupt session state");
            goto out;
        }
        status = duetd_sign_reply(r, out, out_len, nout, st.calls);
        goto out;
    }
    if (st.phase == DUETD_SIGN_DONE) {
        status = duetd_request_fail(r, 400, "signing is complete: call"
                                    " complete");
        goto out;
    }

    proto = st.phase == DUETD_SIGN_PRESIGN ? DUET_PROTO_PRESIGN
                                           : DUET_PROTO_SIGN;
    if ((status = duetd_sign_check_msgs(r, &m, proto)) != 0) {
        goto out;
    }
    if (duet_session_parse(&cur, st.engine, st.engine_len) != 0
        || duet_session_proto(cur) != proto)
    {
        if (cur != NULL) {
            duet_session_destroy(cur);
        }
        duetd_log_error("session %s: unreadable signing state", r->sid);
        finish = 1;
        status = duetd_request_fail(r, 500, "corrupt session state");
        goto out;
    }
    if (proto == DUET_PROTO_PRESIGN) {
        ps = cur;
    } else {
        sg = cur;
    }

    rc = duet_session_step(cur, m.msg, m.len, m.count, &blame);
    if (rc != 0) {
        status = duetd_h_judge(r, proto, rc, &blame, &fatal);
        finish = fatal;
        goto out;
    }

    if (ps != NULL && duet_session_status(ps) == DUET_SESSION_DONE) {
        /*
         * Call 3: the presignature becomes the partial signature.  The
         * value is spent before the partial signature can leave: with it
         * the caller holds a signature.
         */
        if (duetd_guardrails_settle(app, st.signer_id, st.request_id,
                                    duetd_sign_request_type(st.kind), 1,
                                    NULL) != 0)
        {
            finish = 1;
            status = duetd_request_fail(r, 500, "cannot record the"
                                        " spending: nothing was signed");
            goto out;
        }
        if ((status = duetd_sign_take(r, &ps, &st, &sg)) != 0) {
            finish = 1;
            st.phase = DUETD_SIGN_SIGNING;       /* spent: keep it counted */
            goto out;
        }
        st.phase = DUETD_SIGN_SIGNING;
        cur = sg;
    } else if (sg != NULL && duet_session_status(sg) == DUET_SESSION_DONE) {
        /* Call 4: the signature; no session state survives it. */
        sig_len = sizeof(st.sig);
        if (duet_session_result(sg, st.sig, &sig_len) != 0
            || sig_len != DUET_SIGNATURE_BYTES)
        {
            finish = 1;
            status = duetd_request_fail(r, 500, "internal error");
            goto out;
        }
        st.phase = DUETD_SIGN_DONE;
        cur = NULL;
    }

    /*
     * The reply is copied out before the session is serialized (which
     * ends the life of its outgoing pointers), and sent from the copy.
     */
    nout = 0;
    if (cur != NULL) {
        nout = duet_session_outgoing_count(cur);
        if (nout > DUETD_PSTATE_MSGS_MAX) {
            finish = 1;
            status = duetd_request_fail(r, 500, "internal error");
            goto out;
        }
        for (i = 0; i < nout; i++) {
            if (duet_session_outgoing(cur, i, &out[i], &out_len[i], NULL)
                != 0)
            {
                finish = 1;
                status = duetd_request_fail(r, 500, "internal error");
                goto out;
            }
        }
    }
    if (duetd_msglist_encode(out, out_len, nout, &reply, &reply_len) != 0
        || duetd_msglist_decode(reply, reply_len, out, out_len, &nout) != 0)
    {
        status = duetd_request_fail(r, 500, "internal error");
        goto out;
    }
    if (cur != NULL && duetd_h_serialize(cur, &eng, &eng_len) != 0) {
        status = duetd_request_fail(r, 500, "cannot save the session");
        goto out;
    }
    if (st.calls < DUETD_SIGN_CALLS) {
        st.calls++;
    }
    st.engine = eng;
    st.engine_len = eng_len;
    st.have_reply = 1;
    memcpy(st.req_digest, digest, sizeof(digest));
    st.reply = reply;
    st.reply_len = reply_len;
    if (duetd_sign_state_encode(&st, &blob, &blen) != 0) {
        status = duetd_request_fail(r, 500, "cannot save the session");
        goto out;
    }

    /* Durable (in the table) before any of it leaves. */
    meta.round = st.calls;
    rc = duetd_table_release(app->table, r->sid, &meta, blob, blen);
    claimed = 0;
    if (rc != DUETD_TABLE_OK) {
        status = duetd_h_table_error(r, rc);
        goto out;
    }
    status = duetd_sign_reply(r, out, out_len, nout, st.calls);

out:
    duetd_sign_let_go(r, app, &st, claimed, finish);
    duetd_msgs_free(&m);
    duet_session_destroy(ps);
    duet_session_destroy(sg);
    duetd_pstate_free(eng, eng_len);
    duetd_pstate_free(reply, reply_len);
    duetd_pstate_free(blob, blen);
    duetd_h_state_free(buf, size);
    return status;
}


/* Completion. */

static int
duetd_sign_signature(struct json_object *o, const uint8_t sig[65],
    uint64_t v)
{
    struct json_object  *s = NULL;

    return duetd_json_add(o, "signature", s = json_object_new_object())
           || duetd_json_add(s, "r", duetd_json_hex(sig, 32))
           || duetd_json_add(s, "s", duetd_json_hex(sig + 32, 32))
           || duetd_json_add(s, "v", json_object_new_uint64(v))
           ? -1 : 0;
}


/* The audit row of a broadcast, sent ("broadcast") or not ("failed"). */
static void
duetd_sign_audit_broadcast(const struct duetd_app *app,
    const struct duetd_sign_state *st, const char *status,
    const uint8_t txhash[32], const char *detail)
{
    struct duetd_audit  a;

    memset(&a, 0, sizeof(a));
    snprintf(a.signer_id, sizeof(a.signer_id), "%s", st->signer_id);
    snprintf(a.request_id, sizeof(a.request_id), "%s", st->request_id);
    snprintf(a.path, sizeof(a.path), "%s", DUETD_SIGN_PATH);
    snprintf(a.request_type, sizeof(a.request_type), "sign_tx");
    snprintf(a.status, sizeof(a.status), "%s", status);
    snprintf(a.value_wei, sizeof(a.value_wei), "0");
    a.chain_id = (int64_t) st->chain_id;
    a.tx_hash[0] = '0';
    a.tx_hash[1] = 'x';
    if (duet_hex_encode(a.tx_hash + 2, sizeof(a.tx_hash) - 2, txhash, 32)
        != 0)
    {
        a.tx_hash[0] = '\0';
    }
    a.detail_json = detail;
    if (duetd_store_audit_append(app->store, &a) != DUETD_STORE_OK) {
        duetd_log_error("request %s: cannot write its %s audit row",
                        st->request_id, status);
    }
}


/*
 * Send the signed transaction to its network.  A failure is answered
 * with the signed transaction in the error (the caller may broadcast it
 * itself), recorded in a "failed" audit row, and gives the nonce back.
 */
static int
duetd_sign_broadcast(struct duetd_request *r, const struct duetd_app *app,
    const struct duetd_sign_state *st, const uint8_t *raw, size_t raw_len,
    const uint8_t txhash[32], struct json_object *resp)
{
    const struct duetd_network  *nw;
    struct duetd_rpc_error       err;
    struct duetd_rpc            *rpc;
    struct json_object          *detail = NULL;
    uint8_t                      got[32];
    int                          rc, status;

    memset(&err, 0, sizeof(err));
    nw = duetd_config_network_by_chain(app->cfg, st->chain_id);
    if (nw == NULL) {
        snprintf(err.message, sizeof(err.message), "chain %llu is no longer"
                 " a configured network",
                 (unsigned long long) st->chain_id);
        rc = DUETD_RPC_UNREACHABLE;
    } else if ((rc = duetd_chain_rpc(app->chain, nw, &rpc, &err))
               == DUETD_RPC_OK)
    {
        rc = duetd_rpc_send_raw(rpc, raw, raw_len, got, &err);
    }
    if (rc == DUETD_RPC_OK) {
        if (!duet_ct_memeq(got, txhash, 32)) {
            duetd_log_warn("request %s: the node named another hash for"
                           " the transaction", st->request_id);
        }
        duetd_sign_audit_broadcast(app, st, "broadcast", txhash, NULL);
        duetd_log_info("request %s: broadcast", st->request_id);
        return 0;
    }

    status = duetd_sign_rpc_fail(r, rc, &err);
    duetd_log_warn("request %s: broadcast failed: %s", st->request_id,
                   err.message);
    (void) duetd_store_nonce_release(app->store, st->request_id);
    if ((detail = json_object_new_object()) != NULL
        && !duetd_json_add(detail, "reason",
                           json_object_new_string(r->err_message)))
    {
        json_object_object_foreach(resp, key, val) {
            if (duetd_json_add(detail, key, json_object_get(val))) {
                break;
            }
        }
        duetd_sign_audit_broadcast(app, st, "failed", txhash,
            json_object_to_json_string_ext(detail, JSON_C_TO_STRING_PLAIN));
    }
    json_object_put(detail);
    /* The signed transaction goes with the error. */
    json_object_put(r->err_extra);
    r->err_extra = json_object_get(resp);
    return status;
}


/*
 * The optional body of /complete: {"broadcast": false} for a caller that
 * sends the transaction itself (a private relay, say).  Returns 0 or 400.
 */
static int
duetd_sign_complete_body(struct duetd_request *r, int *broadcast)
{
    struct duetd_json_field  f[] = {
        { "broadcast", DUETD_JT_BOOL, 0, 0, NULL },
    };
    struct json_object      *root = NULL;
    int                      status;

    *broadcast = 1;
    if (r->content_length == 0) {
        return 0;
    }
    if ((status = duetd_h_read_json(r, &root)) == 0
        && (status = duetd_json_fields(root, "", f, 1, r->err_message,
                                       sizeof(r->err_message))) == 0
        && f[0].value != NULL)
    {
        *broadcast = json_object_get_boolean(f[0].value);
    }
    json_object_put(root);
    return status;
}


int
duetd_h_sign_complete(struct duetd_request *r, const struct duetd_app *app)
{
    struct duetd_session_meta  meta;
    struct duetd_sign_state    st;
    struct json_object        *resp = NULL;
    uint8_t                   *buf = NULL, *raw = NULL, txhash[32];
    size_t                     size = 0, raw_len = 0;
    uint64_t                   v;
    int                        status, rc, claimed = 0, finish = 0, recid;
    int                        broadcast = 1;

    memset(&st, 0, sizeof(st));
    if ((status = duetd_sign_complete_body(r, &broadcast)) != 0
        || (status = duetd_sign_claim(r, app, &meta, &st, &buf, &size,
                                      &claimed, &finish)) != 0)
    {
        goto out;
    }
    if (st.phase != DUETD_SIGN_DONE) {
        status = duetd_request_fail(r, 400, "signing is not complete: %u"
                                    " rounds remain",
                                    (unsigned) (DUETD_SIGN_CALLS - st.calls));
        goto out;
    }
    recid = st.sig[64];
    /* From here the session ends whatever happens: the answer is final. */
    finish = 1;

    if ((resp = json_object_new_object()) == NULL) {
        status = duetd_request_fail(r, 500, "out of memory");
        goto out;
    }
    if (st.kind == DUET_SIGN_ETH_TX) {
        raw_len = st.msg_len + DUET_ETH_TX_SIGNATURE_OVERHEAD;
        if ((raw = malloc(raw_len)) == NULL) {
            status = duetd_request_fail(r, 500, "out of memory");
            goto out;
        }
        rc = duet_eth_tx_encode_signed(raw, &raw_len, st.msg, st.msg_len,
                                       st.sig, st.sig + 32, recid);
        if (rc == 0) {
            rc = duet_eth_v(&v, st.tx_type == DUET_ETH_TX_LEGACY
                                ? DUET_ETH_V_EIP155 : DUET_ETH_V_TYPED,
                            recid, st.chain_id);
        }
        if (rc == 0) {
            rc = duet_eth_keccak256(txhash, raw, raw_len);
        }
        if (rc != 0) {
            duetd_log_error("session %s: signature not encodable: %s",
                            r->sid, duet_strerror(rc));
            status = duetd_request_fail(r, 500, "the signature cannot be"
                                        " used: start a new session");
            goto out;
        }
        if (duetd_json_add(resp, "txHash", duetd_json_hex(txhash, 32))
            || duetd_sign_signature(resp, st.sig, v)
            || duetd_json_add(resp, "rawTransaction",
                              duetd_json_hex(raw, raw_len)))
        {
            status = duetd_request_fail(r, 500, "out of memory");
            goto out;
        }
        if (broadcast
            && (status = duetd_sign_broadcast(r, app, &st, raw, raw_len,
                                              txhash, resp)) != 0)
        {
            goto out;
        }
    } else {
        if (duet_eth_v(&v, DUET_ETH_V_MESSAGE, recid, 0) != 0
            || duetd_sign_signature(resp, st.sig, v))
        {
            status = duetd_request_fail(r, 500, "internal error");
            goto out;
        }
    }

    rc = duetd_table_finish(app->table, r->sid);
    claimed = 0;
    if (rc != DUETD_TABLE_OK) {
        /* Expired while we worked: the signature is still the answer. */
        duetd_log_warn("session %s ended before completion", r->sid);
    }
    status = duetd_h_send(r, 200, resp);
    resp = NULL;

out:
    duetd_sign_let_go(r, app, &st, claimed, finish);
    free(raw);
    duetd_json_put_wiped(resp);
    duetd_h_state_free(buf, size);
    return status;
}
