/*
 * eth_tx_json.c -- an unsigned transaction from its JSON description
 * (duet_eth_tx_from_json in duet_eth.h, which has the table of fields).
 *
 * The fields are written in the order of the type's RLP list, each read
 * from the JSON object by name; the finished serialization then goes
 * through the same strict parse as any other unsigned transaction
 * (duet_eth_tx_sighash), so this file cannot produce what eth_tx.c would
 * refuse.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "duet.h"
#include "duet_eth.h"
#include "chain/eth_json.h"
#include "chain/eth_text.h"
#include "chain/rlp.h"
#include "codec/buf.h"
#include "util/check.h"
#include "util/mem.h"

/* Bytes in an access list's storage key. */
#define DUET_ETH_STORAGE_KEY_BYTES  32

/* Whether a field must, may or must not be there (or be null). */
#define DUET_ETH_FIELD_REQUIRED   0
#define DUET_ETH_FIELD_OPTIONAL   1
#define DUET_ETH_FIELD_FORBIDDEN  2

static const char *const duet_eth_tx_keys[] = {
    "type", "chainId", "nonce", "to", "value", "data", "gasLimit",
    "gasPrice", "maxFeePerGas", "maxPriorityFeePerGas", "accessList",
};

static const char *const duet_eth_access_keys[] = {
    "address", "storageKeys",
};


/*
 * Look a field up and check its presence against want.
 *
 * Returns: 0 or DUET_ERR_INVALID_ARGUMENT.
 * Out:     v: the value, NULL if absent or null.
 */
static int
duet_eth_tx_field(struct json_object **v, struct json_object *tx,
    const char *key, int want)
{
    *v = duet_eth_json_get(tx, key);
    if (*v == NULL && want == DUET_ETH_FIELD_REQUIRED) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    if (*v != NULL && want == DUET_ETH_FIELD_FORBIDDEN) {
        *v = NULL;
        return DUET_ERR_INVALID_ARGUMENT;
    }

    return 0;
}


/* Append a required 64-bit field; value (may be NULL) receives it. */
static int
duet_eth_tx_put_u64(struct duet_buf_writer *w, struct json_object *tx,
    const char *key, uint64_t *value)
{
    struct json_object *v;
    uint64_t u = 0;
    int r;

    if ((r = duet_eth_tx_field(&v, tx, key, DUET_ETH_FIELD_REQUIRED)) != 0) {
        return r;
    }
    if ((r = duet_eth_json_u64(&u, v)) != 0) {
        return r;
    }
    if (value != NULL) {
        *value = u;
    }

    return duet_rlp_put_u64(w, u);
}


/* Append a 256-bit field (an absent optional one is 0). */
static int
duet_eth_tx_put_uint256(struct duet_buf_writer *w, struct json_object *tx,
    const char *key, int want)
{
    struct json_object *v;
    uint8_t mag[DUET_ETH_WORD_BYTES];
    int negative, r;

    memset(mag, 0, sizeof(mag));
    if ((r = duet_eth_tx_field(&v, tx, key, want)) != 0) {
        return r;
    }
    if (v != NULL) {
        if ((r = duet_eth_json_number(mag, &negative, v)) != 0) {
            return r;
        }
        if (negative) {
            return DUET_ERR_LIMIT_EXCEEDED;
        }
    }

    return duet_rlp_put_uint(w, mag, sizeof(mag));
}


/* Append an address read from v (a string). */
static int
duet_eth_tx_put_address(struct duet_buf_writer *w, struct json_object *v)
{
    uint8_t addr[DUET_ETH_ADDRESS_BYTES];
    const char *s;
    size_t len;
    int r;

    if ((r = duet_eth_json_string(&s, &len, v)) != 0) {
        return r;
    }
    if ((r = duet_eth_address_from_text(addr, s, len)) != 0) {
        return r;
    }

    return duet_rlp_put_bytes(w, addr, sizeof(addr));
}


/* `to`: present always; null for a contract creation. */
static int
duet_eth_tx_put_to(struct duet_buf_writer *w, struct json_object *tx)
{
    struct json_object *v = NULL;

    if (!json_object_object_get_ex(tx, "to", &v)) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    if (v == NULL) {
        return duet_rlp_put_bytes(w, NULL, 0);
    }

    return duet_eth_tx_put_address(w, v);
}


/* `data`: a byte string, empty when absent. */
static int
duet_eth_tx_put_data(struct duet_buf_writer *w, struct json_object *tx)
{
    struct json_object *v;
    uint8_t *buf = NULL;
    const char *s;
    size_t len, n = 0, got;
    int r = DUET_ERR_INTERNAL;

    v = duet_eth_json_get(tx, "data");
    if (v != NULL) {
        if ((r = duet_eth_json_string(&s, &len, v)) != 0) {
            goto out;
        }
        if ((r = duet_eth_hex_len(&n, s, len)) != 0) {
            goto out;
        }
        if (n > DUET_ETH_TX_MAX_SIZE) {
            r = DUET_ERR_LIMIT_EXCEEDED;
            goto out;
        }
        if (n > 0 && (buf = duet_alloc(n)) == NULL) {
            r = DUET_ERR_NO_MEMORY;
            goto out;
        }
        if ((r = duet_eth_hex_parse(buf, n, &got, s, len)) != 0) {
            goto out;
        }
    }
    r = duet_rlp_put_bytes(w, buf, n);

out:
    duet_free_wipe(buf, n);
    return r;
}


/* One access-list entry: {"address": ..., "storageKeys": [...]}. */
static int
duet_eth_tx_put_access_entry(struct duet_buf_writer *w,
    struct json_object *entry)
{
    struct json_object *v, *keys;
    uint8_t key[DUET_ETH_STORAGE_KEY_BYTES];
    const char *s;
    size_t mark, keys_mark, i, count, len, n;
    int r = DUET_ERR_INTERNAL;

    if (json_object_get_type(entry) != json_type_object) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    r = duet_eth_json_only_keys(entry, duet_eth_access_keys,
        sizeof(duet_eth_access_keys) / sizeof(duet_eth_access_keys[0]));
    if (r != 0) {
        goto out;
    }
    if ((v = duet_eth_json_get(entry, "address")) == NULL
        || (keys = duet_eth_json_get(entry, "storageKeys")) == NULL
        || json_object_get_type(keys) != json_type_array)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }

    if ((r = duet_rlp_list_begin(w, &mark)) != 0) {
        goto out;
    }
    if ((r = duet_eth_tx_put_address(w, v)) != 0) {
        goto out;
    }
    if ((r = duet_rlp_list_begin(w, &keys_mark)) != 0) {
        goto out;
    }
    count = json_object_array_length(keys);
    for (i = 0; i < count; i++) {
        v = json_object_array_get_idx(keys, i);
        if ((r = duet_eth_json_string(&s, &len, v)) != 0) {
            goto out;
        }
        if ((r = duet_eth_hex_len(&n, s, len)) != 0) {
            goto out;
        }
        if (n != sizeof(key)) {
            r = DUET_ERR_INVALID_ARGUMENT;
            goto out;
        }
        if ((r = duet_eth_hex_parse(key, sizeof(key), &n, s, len)) != 0) {
            goto out;
        }
        if ((r = duet_rlp_put_bytes(w, key, sizeof(key))) != 0) {
            goto out;
        }
    }
    if ((r = duet_rlp_list_end(w, keys_mark)) != 0) {
        goto out;
    }
    if ((r = duet_rlp_list_end(w, mark)) != 0) {
        goto out;
    }
    r = 0;

out:
    return r;
}


/* `accessList`: an array of entries, empty when absent. */
static int
duet_eth_tx_put_access_list(struct duet_buf_writer *w,
    struct json_object *tx, int want)
{
    struct json_object *list;
    size_t mark, i, count = 0;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_eth_tx_field(&list, tx, "accessList", want)) != 0) {
        goto out;
    }
    if (want == DUET_ETH_FIELD_FORBIDDEN) {
        r = 0;
        goto out;
    }
    if (list != NULL) {
        if (json_object_get_type(list) != json_type_array) {
            r = DUET_ERR_INVALID_ARGUMENT;
            goto out;
        }
        count = json_object_array_length(list);
    }
    if ((r = duet_rlp_list_begin(w, &mark)) != 0) {
        goto out;
    }
    for (i = 0; i < count; i++) {
        r = duet_eth_tx_put_access_entry(w,
            json_object_array_get_idx(list, i));
        if (r != 0) {
            goto out;
        }
    }
    if ((r = duet_rlp_list_end(w, mark)) != 0) {
        goto out;
    }
    r = 0;

out:
    return r;
}


/*
 * The transaction type: 0, 1 or 2.
 *
 * Returns: 0, DUET_ERR_UNSUPPORTED (3 to 0x7f, EIP-2718 types this library
 *          does not sign), DUET_ERR_INVALID_ARGUMENT (anything else), or a
 *          number-reading error.
 */
static int
duet_eth_tx_type(int *type, struct json_object *tx)
{
    struct json_object *v;
    uint64_t t;
    int r;

    *type = -1;
    if ((r = duet_eth_tx_field(&v, tx, "type", DUET_ETH_FIELD_REQUIRED))
        != 0)
    {
        return r;
    }
    r = duet_eth_json_u64(&t, v);
    if (r == DUET_ERR_LIMIT_EXCEEDED || (r == 0 && t > 0x7f)) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    if (r != 0) {
        return r;
    }
    if (t > DUET_ETH_TX_EIP1559) {
        return DUET_ERR_UNSUPPORTED;
    }
    *type = (int) t;

    return 0;
}


/* The fields of a transaction of the given type, in its list's order. */
static int
duet_eth_tx_put_fields(struct duet_buf_writer *w, struct json_object *tx,
    int type)
{
    uint64_t chain_id = 0;
    int legacy = type == DUET_ETH_TX_LEGACY;
    int fee = type == DUET_ETH_TX_EIP1559 ? DUET_ETH_FIELD_REQUIRED
        : DUET_ETH_FIELD_FORBIDDEN;
    int price = type == DUET_ETH_TX_EIP1559 ? DUET_ETH_FIELD_FORBIDDEN
        : DUET_ETH_FIELD_REQUIRED;
    int access = legacy ? DUET_ETH_FIELD_FORBIDDEN : DUET_ETH_FIELD_OPTIONAL;
    struct json_object *v;
    size_t mark;
    int r = DUET_ERR_INTERNAL;

    if (!legacy && (r = duet_buf_put_u8(w, (uint8_t) type)) != 0) {
        goto out;
    }
    if ((r = duet_rlp_list_begin(w, &mark)) != 0) {
        goto out;
    }
    if (!legacy
        && (r = duet_eth_tx_put_u64(w, tx, "chainId", &chain_id)) != 0)
    {
        goto out;
    }
    if ((r = duet_eth_tx_put_u64(w, tx, "nonce", NULL)) != 0) {
        goto out;
    }
    /* Absent forbidden fields write nothing: check them apart. */
    if (fee == DUET_ETH_FIELD_REQUIRED) {
        if ((r = duet_eth_tx_put_uint256(w, tx, "maxPriorityFeePerGas",
                fee)) != 0
            || (r = duet_eth_tx_put_uint256(w, tx, "maxFeePerGas", fee))
                != 0)
        {
            goto out;
        }
    } else if ((r = duet_eth_tx_field(&v, tx, "maxPriorityFeePerGas", fee))
            != 0
        || (r = duet_eth_tx_field(&v, tx, "maxFeePerGas", fee)) != 0)
    {
        goto out;
    }
    if (price == DUET_ETH_FIELD_REQUIRED) {
        if ((r = duet_eth_tx_put_uint256(w, tx, "gasPrice", price)) != 0) {
            goto out;
        }
    } else if ((r = duet_eth_tx_field(&v, tx, "gasPrice", price)) != 0) {
        goto out;
    }
    if ((r = duet_eth_tx_put_u64(w, tx, "gasLimit", NULL)) != 0
        || (r = duet_eth_tx_put_to(w, tx)) != 0
        || (r = duet_eth_tx_put_uint256(w, tx, "value",
            DUET_ETH_FIELD_OPTIONAL)) != 0
        || (r = duet_eth_tx_put_data(w, tx)) != 0
        || (r = duet_eth_tx_put_access_list(w, tx, access)) != 0)
    {
        goto out;
    }
    if (legacy) {
        /* EIP-155: chainId, 0, 0 where v, r, s will go. */
        if ((r = duet_eth_tx_put_u64(w, tx, "chainId", &chain_id)) != 0
            || (r = duet_rlp_put_bytes(w, NULL, 0)) != 0
            || (r = duet_rlp_put_bytes(w, NULL, 0)) != 0)
        {
            goto out;
        }
    }
    if (chain_id == 0) {
        r = DUET_ERR_UNSUPPORTED;
        goto out;
    }
    if ((r = duet_rlp_list_end(w, mark)) != 0) {
        goto out;
    }
    r = 0;

out:
    return r;
}


int
duet_eth_tx_from_json(uint8_t *out, size_t *out_len, const char *json,
    size_t len)
{
    struct json_object *tx = NULL;
    struct duet_buf_writer w;
    uint8_t hash[DUET_ETH_HASH_BYTES];
    size_t room, n;
    int type, r = DUET_ERR_INTERNAL;

    ARG_CHECK(out_len != NULL);
    ARG_CHECK(out != NULL || *out_len == 0);
    ARG_CHECK(json != NULL);

    room = *out_len;
    *out_len = 0;
    duet_buf_writer_init_alloc(&w, DUET_ETH_TX_MAX_SIZE);

    if ((r = duet_eth_json_parse(&tx, json, len)) != 0) {
        goto out;
    }
    r = duet_eth_json_only_keys(tx, duet_eth_tx_keys,
        sizeof(duet_eth_tx_keys) / sizeof(duet_eth_tx_keys[0]));
    if (r != 0) {
        goto out;
    }
    if ((r = duet_eth_tx_type(&type, tx)) != 0) {
        goto out;
    }
    if ((r = duet_eth_tx_put_fields(&w, tx, type)) != 0) {
        goto out;
    }
    if ((r = duet_buf_writer_error(&w)) != 0) {
        goto out;
    }

    /* What the parser refuses is never handed out. */
    n = duet_buf_writer_len(&w);
    r = duet_eth_tx_sighash(hash, NULL, NULL, duet_buf_writer_ptr(&w), n);
    if (r != 0) {
        goto out;
    }
    if (n > room) {
        *out_len = n;
        r = DUET_ERR_BUFFER_TOO_SMALL;
        goto out;
    }
    memcpy(out, duet_buf_writer_ptr(&w), n);
    *out_len = n;
    r = 0;

out:
    duet_buf_writer_free(&w);
    json_object_put(tx);
    return r;
}
