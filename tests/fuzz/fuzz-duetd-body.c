/*
 * fuzz-duetd-body.c -- libFuzzer harness for the strict decoding of
 * duetd's request bodies (fcgi_app/api_json.c), through the schemas of
 * the routes that read a body.
 *
 * Byte 0 of an input picks the route (mod 6), the rest is the body:
 *
 *   0  POST /v1/signers             {name, type, description, network}
 *   1  PATCH /v1/signers/{id}       {name, description}
 *   2  POST /v1/sign/transaction    {transaction: {...}}, then the
 *                                   normalization duetd does before
 *                                   duet_eth_tx_from_json
 *   3  POST /v1/sign/message        {message: {kind, data}}
 *   4  POST .../rounds              {messages: [base64url, ...]}
 *                                   (duetd_msgs_parse, its own scanner)
 *   5  a Content-Type header value  (duetd_json_content_type_ok)
 *
 * The field tables and the steps of 2 and 3 mirror
 * fcgi_app/handlers/h_signers.c and h_sign.c (which need the store and
 * cannot be compiled here); a network name is "configured" when it is
 * "mainnet" (chain 1).  Checked:
 *
 *   - every status is 0, 400 or 500, a 400 carries a message of
 *     printable ASCII (see check_message for the one exception), and a
 *     parse that fails leaves no tree;
 *   - an accepted body whose numbers pass duetd_json_check_numbers
 *     serializes to text that parses again to the same text;
 *   - a transaction libduet accepts leaves duetd nothing to refuse
 *     afterwards: its "to" parses as an address, its "data" as hex and
 *     its "value" as a quantity, and it hashes;
 *   - duetd_msgs_parse accepts only what a strict JSON reader reads as
 *     {"messages": [...]} of the same strings, each canonical unpadded
 *     base64url of a non-empty message, at most DUETD_MESSAGES_MAX.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_json.c"

#include "duet_sign.h"
#include "fuzz.h"
#include "store.h"

#define FUZZ_BODY_MAX_INPUT  65536


/*
 * A status and its message: a 400 names the problem in printable ASCII
 * (member names the client wrote are echoed through duetd_json_echo).
 */
static void
check_message(int status, const char *err)
{
    size_t i, n;

    fuzz_assert(status == 0 || status == 400 || status == 500);
    if (status != 400) {
        return;
    }
    n = strnlen(err, DUETD_ERR_SIZE);
    fuzz_assert(n > 0 && n < DUETD_ERR_SIZE);
    for (i = 0; i < n; i++) {
        fuzz_assert(err[i] >= 0x20 && err[i] < 0x7f);
    }
}


static void
check_status(int status, const char *err)
{
    check_message(status, err);
}


/* duetd_json_parse, with its contract and the round trip checked. */
static int
parse_body(struct json_object **root, const char *body, size_t len,
    char *err)
{
    struct json_object *again = NULL;
    const char *text;
    char *copy, err2[DUETD_ERR_SIZE];
    size_t n;
    int status;

    err[0] = '\0';
    status = duetd_json_parse(root, body, len, err, DUETD_ERR_SIZE);
    check_status(status, err);
    if (status != 0) {
        fuzz_assert(*root == NULL);
        return status;
    }
    fuzz_assert(*root != NULL
        && json_object_get_type(*root) == json_type_object);

    err2[0] = '\0';
    status = duetd_json_check_numbers(*root, "", err2, sizeof(err2));
    check_message(status, err2);
    fuzz_assert(status == 0 || status == 400);
    if (status != 0) {
        return 0;
    }
    text = json_object_to_json_string_ext(*root,
        JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    fuzz_assert(text != NULL);
    n = strlen(text);
    copy = fuzz_alloc(n);
    memcpy(copy, text, n);
    fuzz_assert(duetd_json_parse(&again, copy, n, err2, sizeof(err2)) == 0);
    text = json_object_to_json_string_ext(again,
        JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
    fuzz_assert(text != NULL && strlen(text) == n
        && memcmp(text, copy, n) == 0);
    json_object_put(again);
    free(copy);

    return 0;
}


static int
fields(struct json_object *obj, const char *prefix,
    struct duetd_json_field *f, size_t n)
{
    char err[DUETD_ERR_SIZE];
    size_t i;
    int status;

    err[0] = '\0';
    status = duetd_json_fields(obj, prefix, f, n, err, sizeof(err));
    check_status(status, err);
    fuzz_assert(status == 0 || status == 400);
    if (status != 0) {
        return status;
    }
    for (i = 0; i < n; i++) {
        fuzz_assert(!f[i].required || f[i].value != NULL);
        if (f[i].value != NULL && f[i].type == DUETD_JT_STRING) {
            fuzz_assert(json_object_get_type(f[i].value)
                == json_type_string);
            fuzz_assert(f[i].max == 0 || (size_t)
                json_object_get_string_len(f[i].value) <= f[i].max);
        }
    }
    return 0;
}


static void
route_signer_create(struct json_object *root)
{
    struct duetd_json_field f[] = {
        { "name", DUETD_JT_STRING, 1, DUETD_NAME_SIZE - 1, NULL },
        { "type", DUETD_JT_STRING, 0, DUETD_TYPE_SIZE - 1, NULL },
        { "description", DUETD_JT_STRING, 0, DUETD_DESC_SIZE - 1, NULL },
        { "network", DUETD_JT_STRING, 0, DUETD_NETWORK_SIZE - 1, NULL },
    };

    if (fields(root, "", f, 4) == 0) {
        fuzz_assert(json_object_get_string_len(f[0].value) > 0);
    }
}


static void
route_signer_update(struct json_object *root)
{
    struct duetd_json_field f[] = {
        { "name", DUETD_JT_STRING, 0, DUETD_NAME_SIZE - 1, NULL },
        { "description", DUETD_JT_STRING, 0, DUETD_DESC_SIZE - 1, NULL },
    };

    (void) fields(root, "", f, 2);
}


/* Copy member key of from (if there) into to, as h_sign.c does. */
static int
copy_member(struct json_object *to, struct json_object *from,
    const char *key)
{
    struct json_object *v;

    if (!json_object_object_get_ex(from, key, &v) || v == NULL) {
        return 0;
    }
    return json_object_object_add(to, key, json_object_get(v)) != 0 ? -1 : 0;
}


static void
build_tx(struct json_object *tx)
{
    struct duetd_json_field f[] = {
        { "type", DUETD_JT_INTEGER, 0, 0, NULL },
        { "to", DUETD_JT_STRING, 0, 42, NULL },
        { "value", DUETD_JT_QUANTITY, 0, 0, NULL },
        { "data", DUETD_JT_STRING, 0, 0, NULL },
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
    struct json_object *norm = NULL;
    const char *text, *s;
    uint8_t *out = NULL, *data, addr[20], hash[32];
    char chain[24], given[80], value[80], err[DUETD_ERR_SIZE];
    size_t out_len, n, data_len;
    uint64_t chain_id;
    int64_t type;
    int rc, tx_type;

    if (fields(tx, "transaction.", f, F_N) != 0) {
        return;
    }
    err[0] = '\0';
    rc = duetd_json_check_numbers(tx, "transaction", err, sizeof(err));
    check_message(rc, err);
    if (rc != 0) {
        return;
    }

    if (f[F_TYPE].value != NULL) {
        type = json_object_get_int64(f[F_TYPE].value);
        if (type < 0 || type > 2) {
            return;
        }
    } else if (f[F_MAXFEE].value != NULL || f[F_PRIO].value != NULL) {
        type = DUET_ETH_TX_EIP1559;
    } else if (f[F_PRICE].value != NULL) {
        type = f[F_ACCESS].value != NULL ? DUET_ETH_TX_EIP2930
                                         : DUET_ETH_TX_LEGACY;
    } else {
        type = DUET_ETH_TX_EIP1559;
    }
    if (f[F_NONCE].value == NULL || f[F_GAS].value == NULL) {
        return;
    }
    if (type == DUET_ETH_TX_EIP1559) {
        if (f[F_MAXFEE].value == NULL || f[F_PRIO].value == NULL) {
            return;
        }
    } else if (f[F_PRICE].value == NULL) {
        return;
    }

    chain[0] = '\0';
    if (f[F_NETWORK].value != NULL) {
        if (strcmp(json_object_get_string(f[F_NETWORK].value), "mainnet")
            != 0)
        {
            return;
        }
        memcpy(chain, "1", 2);
    } else if (f[F_CHAIN].value == NULL) {
        return;
    }

    norm = json_object_new_object();
    fuzz_assert(norm != NULL);
    fuzz_assert(duetd_json_add(norm, "type", json_object_new_int((int) type))
        == 0);
    fuzz_assert((chain[0] != '\0'
                 ? duetd_json_add(norm, "chainId",
                       json_object_new_string(chain))
                 : copy_member(norm, tx, "chainId")) == 0);
    fuzz_assert(copy_member(norm, tx, "nonce") == 0);
    fuzz_assert(copy_member(norm, tx, "gasLimit") == 0);
    fuzz_assert(json_object_object_add(norm, "to", f[F_TO].value != NULL
        ? json_object_get(f[F_TO].value) : NULL) == 0);
    fuzz_assert(copy_member(norm, tx, "value") == 0);
    fuzz_assert(copy_member(norm, tx, "data") == 0);
    fuzz_assert(copy_member(norm, tx, "accessList") == 0);
    if (type == DUET_ETH_TX_EIP1559) {
        fuzz_assert(copy_member(norm, tx, "maxFeePerGas") == 0);
        fuzz_assert(copy_member(norm, tx, "maxPriorityFeePerGas") == 0);
    } else {
        fuzz_assert(copy_member(norm, tx, "gasPrice") == 0);
    }
    text = json_object_to_json_string_ext(norm, JSON_C_TO_STRING_PLAIN);
    fuzz_assert(text != NULL);

    if (f[F_NETWORK].value != NULL && f[F_CHAIN].value != NULL
        && (duetd_quantity_decimal(given, sizeof(given), f[F_CHAIN].value)
            != 0 || strcmp(given, chain) != 0))
    {
        goto out;
    }

    out = fuzz_alloc(DUET_ETH_TX_MAX_SIZE);
    out_len = DUET_ETH_TX_MAX_SIZE;
    rc = duet_eth_tx_from_json(out, &out_len, text, strlen(text));
    if (rc != 0) {
        fuzz_assert(rc == DUET_ERR_BAD_ENCODING || rc == DUET_ERR_TRUNCATED
            || rc == DUET_ERR_TRAILING_DATA || rc == DUET_ERR_INVALID_ARGUMENT
            || rc == DUET_ERR_LIMIT_EXCEEDED || rc == DUET_ERR_UNSUPPORTED
            || rc == DUET_ERR_NO_MEMORY);
        goto out;
    }

    /* Accepted: what h_sign.c then does must not fail (it would be 500). */
    fuzz_assert(duet_eth_tx_sighash(hash, &tx_type, &chain_id, out, out_len)
        == 0);
    fuzz_assert(tx_type == type && chain_id != 0);
    if (f[F_TO].value != NULL) {
        s = json_object_get_string(f[F_TO].value);
        fuzz_assert(duet_eth_address_parse(addr, s, strlen(s)) == 0);
    }
    if (f[F_VALUE].value != NULL) {
        fuzz_assert(duetd_quantity_decimal(value, sizeof(value),
            f[F_VALUE].value) == 0);
    }
    if (f[F_DATA].value != NULL) {
        s = json_object_get_string(f[F_DATA].value);
        n = strlen(s);
        if (n >= 2) {
            data = fuzz_alloc(n / 2 + 1);
            fuzz_assert(duet_hex_decode(data, n / 2 + 1, &data_len, s + 2,
                n - 2) == 0);
            free(data);
        }
    }

out:
    free(out);
    json_object_put(norm);
}


static void
route_sign_tx(struct json_object *root)
{
    struct duetd_json_field f[] = {
        { "transaction", DUETD_JT_OBJECT, 1, 0, NULL },
    };

    if (fields(root, "", f, 1) == 0) {
        build_tx(f[0].value);
    }
}


static void
route_sign_message(struct json_object *root)
{
    struct duetd_json_field top[] = {
        { "message", DUETD_JT_OBJECT, 1, 0, NULL },
    };
    struct duetd_json_field f[] = {
        { "kind", DUETD_JT_STRING, 1, 32, NULL },
        { "data", DUETD_JT_ANY, 1, 0, NULL },
    };
    const char *kind, *s;
    uint8_t *msg, hash[32];
    char err[DUETD_ERR_SIZE];
    size_t n, msg_len;
    int rc;

    if (fields(root, "", top, 1) != 0
        || fields(top[0].value, "message.", f, 2) != 0)
    {
        return;
    }
    kind = json_object_get_string(f[0].value);

    if (strcmp(kind, "personal_sign") == 0) {
        if (json_object_get_type(f[1].value) != json_type_string) {
            return;
        }
        s = json_object_get_string(f[1].value);
        n = (size_t) json_object_get_string_len(f[1].value);
        msg = fuzz_alloc(n + 1);
        if (!(n >= 4 && n % 2 == 0 && s[0] == '0' && s[1] == 'x'
              && duet_hex_decode(msg, n + 1, &msg_len, s + 2, n - 2) == 0))
        {
            memcpy(msg, s, n);
            msg_len = n;
        }
        fuzz_assert(duet_eth_personal_hash(hash, msg, msg_len) == 0);
        free(msg);

    } else if (strcmp(kind, "typed_data") == 0) {
        if (json_object_get_type(f[1].value) != json_type_object) {
            return;
        }
        err[0] = '\0';
        rc = duetd_json_check_numbers(f[1].value, "message.data", err,
            sizeof(err));
        check_message(rc, err);
        if (rc != 0) {
            return;
        }
        s = json_object_to_json_string_ext(f[1].value, JSON_C_TO_STRING_PLAIN
            | JSON_C_TO_STRING_NOSLASHESCAPE);
        fuzz_assert(s != NULL);
        rc = duet_eth_typed_data_hash(hash, s, strlen(s));
        fuzz_assert(rc <= 0
            && strcmp(duet_errname(rc), "DUET_ERR_UNKNOWN") != 0);
    }
}


/* What a strict reader makes of an accepted round body must agree. */
static void
msgs_agree(const struct duetd_msgs *m, const char *body, size_t len)
{
    struct json_tokener *tok;
    struct json_object *o, *arr, *v;
    char *enc;
    size_t i, size, end;

    tok = json_tokener_new_ex(DUET_ETH_JSON_MAX_DEPTH + 1);
    fuzz_assert(tok != NULL);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
    o = json_tokener_parse_ex(tok, body, (int) len);
    fuzz_assert(o != NULL
        && json_tokener_get_error(tok) == json_tokener_success);
    for (end = json_tokener_get_parse_end(tok); end < len; end++) {
        fuzz_assert(strchr(" \t\r\n", body[end]) != NULL && body[end] != 0);
    }
    fuzz_assert(json_object_get_type(o) == json_type_object
        && json_object_object_length(o) == 1
        && json_object_object_get_ex(o, "messages", &arr)
        && json_object_get_type(arr) == json_type_array
        && json_object_array_length(arr) == m->count);
    fuzz_assert(duet_eth_json_check(body, len) == 0);

    for (i = 0; i < m->count; i++) {
        fuzz_assert(m->len[i] > 0 && m->msg[i] >= m->buf
            && m->msg[i] + m->len[i] <= m->buf + m->buf_size);
        v = json_object_array_get_idx(arr, i);
        fuzz_assert(json_object_get_type(v) == json_type_string);
        size = DUET_BASE64URL_ENCODED_SIZE(m->len[i]);
        enc = fuzz_alloc(size);
        fuzz_assert(duet_base64url_encode(enc, size, m->msg[i], m->len[i])
            == 0);
        fuzz_assert((size_t) json_object_get_string_len(v) == size - 1
            && memcmp(json_object_get_string(v), enc, size - 1) == 0);
        free(enc);
    }
    json_object_put(o);
    json_tokener_free(tok);
}


static void
route_rounds(const char *body, size_t len)
{
    struct duetd_msgs m;
    char err[DUETD_ERR_SIZE];
    int status;

    err[0] = '\0';
    status = duetd_msgs_parse(&m, body, len, err, sizeof(err));
    check_status(status, err);
    if (status != 0) {
        fuzz_assert(m.buf == NULL && m.count == 0);
        return;
    }
    fuzz_assert(m.count >= 1 && m.count <= DUETD_MESSAGES_MAX);
    msgs_agree(&m, body, len);
    duetd_msgs_free(&m);
    fuzz_assert(m.buf == NULL && m.count == 0);
}


static void
route_content_type(const uint8_t *data, size_t size)
{
    char *ct;
    size_t i;

    ct = fuzz_alloc(size + 1);
    memcpy(ct, data, size);
    ct[size] = '\0';
    if (duetd_json_content_type_ok(ct)) {
        fuzz_assert(strncasecmp(ct, "application/json", 16) == 0);
        for (i = 0; ct[i] != '\0'; i++) {
            fuzz_assert(ct[i] >= 0x20 || ct[i] == '\t');
        }
    }
    free(ct);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct json_object *root = NULL;
    char err[DUETD_ERR_SIZE];
    char *body;
    size_t n;
    int route;

    if (size < 1 || size > FUZZ_BODY_MAX_INPUT) {
        return 0;
    }
    route = data[0] % 6;
    n = size - 1;
    if (route == 5) {
        route_content_type(data + 1, n);
        return 0;
    }
    /* The body exactly as large as it is: ASan sees any overread. */
    body = fuzz_alloc(n);
    memcpy(body, data + 1, n);

    if (route == 4) {
        route_rounds(body, n);
    } else if (parse_body(&root, body, n, err) == 0) {
        switch (route) {
        case 0:
            route_signer_create(root);
            break;
        case 1:
            route_signer_update(root);
            break;
        case 2:
            route_sign_tx(root);
            break;
        default:
            route_sign_message(root);
            break;
        }
        json_object_put(root);
    }
    free(body);
    return 0;
}
