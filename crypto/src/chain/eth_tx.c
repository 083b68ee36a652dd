/*
 * eth_tx.c -- the signing hash of an unsigned Ethereum transaction and its
 * signed serialization (duet_eth.h).
 *
 * Both start with one strict parse.  Since the reader accepts only the
 * canonical encoding of each value (rlp.h), an accepted transaction is the
 * one serialization of its fields, so the input bytes themselves are what
 * is hashed, and the signed form copies the accepted items verbatim.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "duet.h"
#include "duet_eth.h"
#include "chain/keccak.h"
#include "chain/rlp.h"
#include "codec/buf.h"
#include "util/check.h"

/* A 256-bit integer: at most 32 bytes of magnitude. */
#define DUET_ETH_UINT256_BYTES  32
#define DUET_ETH_STORAGE_KEY_BYTES  32

/* What one parse found out. */
struct duet_eth_tx_info {
    int type;               /* DUET_ETH_TX_* */
    uint64_t chain_id;
    const uint8_t *items;   /* the list's payload */
    size_t keep;            /* leading bytes of items the signed form keeps */
};

/*
 * secp256k1's group order n (SEC 2, section 2.4.1) and floor(n / 2), for
 * the range checks on r and s.  (Kept here rather than taken from curve/,
 * so that the transaction code needs no bignum or libsecp256k1 layer.)
 */
static const uint8_t duet_eth_n[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b,
    0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
};
static const uint8_t duet_eth_half_n[32] = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d,
    0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
};


/* A gas price, fee cap or value. */
static int
duet_eth_get_uint256(struct duet_rlp_reader *rd)
{
    const uint8_t *p;
    size_t n;

    return duet_rlp_get_uint(rd, &p, &n, DUET_ETH_UINT256_BYTES);
}


/* An integer that must be 0 (a legacy unsigned transaction's r and s). */
static int
duet_eth_get_zero(struct duet_rlp_reader *rd)
{
    const uint8_t *p;
    size_t n;
    int r;

    if ((r = duet_rlp_get_uint(rd, &p, &n, DUET_ETH_UINT256_BYTES)) != 0) {
        return r;
    }

    return n == 0 ? 0 : DUET_ERR_BAD_ENCODING;
}


/* A string of exactly want bytes (or none, if empty_ok). */
static int
duet_eth_get_fixed(struct duet_rlp_reader *rd, size_t want, int empty_ok)
{
    const uint8_t *p;
    size_t n;
    int r;

    if ((r = duet_rlp_get_bytes(rd, &p, &n, DUET_RLP_MAX_SIZE)) != 0) {
        return r;
    }
    if (n == want || (empty_ok && n == 0)) {
        return 0;
    }

    return DUET_ERR_BAD_ENCODING;
}


/* The calldata. */
static int
duet_eth_get_data(struct duet_rlp_reader *rd)
{
    const uint8_t *p;
    size_t n;

    return duet_rlp_get_bytes(rd, &p, &n, DUET_ETH_TX_MAX_SIZE);
}


/* [[address, [storageKey, ...]], ...] (EIP-2930). */
static int
duet_eth_get_access_list(struct duet_rlp_reader *rd)
{
    struct duet_rlp_reader list, entry, keys;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_rlp_get_list(rd, &list)) != 0) {
        goto out;
    }
    while (duet_rlp_reader_remaining(&list) > 0) {
        if ((r = duet_rlp_get_list(&list, &entry)) != 0) {
            goto out;
        }
        r = duet_eth_get_fixed(&entry, DUET_ETH_ADDRESS_BYTES, 0);
        if (r != 0) {
            goto out;
        }
        if ((r = duet_rlp_get_list(&entry, &keys)) != 0) {
            goto out;
        }
        while (duet_rlp_reader_remaining(&keys) > 0) {
            r = duet_eth_get_fixed(&keys, DUET_ETH_STORAGE_KEY_BYTES, 0);
            if (r != 0) {
                goto out;
            }
        }
        if ((r = duet_rlp_reader_end(&keys)) != 0) {
            goto out;
        }
        if ((r = duet_rlp_reader_end(&entry)) != 0) {
            goto out;
        }
    }
    if ((r = duet_rlp_reader_end(&list)) != 0) {
        goto out;
    }
    r = 0;

out:
    return r;
}


/* A typed transaction's chain id: 1 .. 2^64 - 1. */
static int
duet_eth_get_chain_id(struct duet_rlp_reader *rd, uint64_t *chain_id)
{
    int r;

    if ((r = duet_rlp_get_u64(rd, chain_id)) != 0) {
        return r;
    }

    return *chain_id == 0 ? DUET_ERR_UNSUPPORTED : 0;
}


/*
 * nonce, gasPrice, gasLimit, to, value, data, chainId, 0, 0 (EIP-155).
 * info->keep stops before chainId.
 */
static int
duet_eth_parse_legacy(struct duet_rlp_reader *tx,
    struct duet_eth_tx_info *info)
{
    uint64_t u;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_rlp_get_u64(tx, &u)) != 0
        || (r = duet_eth_get_uint256(tx)) != 0
        || (r = duet_rlp_get_u64(tx, &u)) != 0
        || (r = duet_eth_get_fixed(tx, DUET_ETH_ADDRESS_BYTES, 1)) != 0
        || (r = duet_eth_get_uint256(tx)) != 0
        || (r = duet_eth_get_data(tx)) != 0)
    {
        goto out;
    }

    /* Six items: signed as is, it would be valid on every chain. */
    if (duet_rlp_reader_remaining(tx) == 0) {
        r = DUET_ERR_UNSUPPORTED;
        goto out;
    }
    info->keep = tx->buf.len - duet_rlp_reader_remaining(tx);

    if ((r = duet_eth_get_chain_id(tx, &info->chain_id)) != 0) {
        goto out;
    }
    if (info->chain_id > DUET_ETH_LEGACY_CHAIN_ID_MAX) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }
    if ((r = duet_eth_get_zero(tx)) != 0
        || (r = duet_eth_get_zero(tx)) != 0)
    {
        goto out;
    }
    r = 0;

out:
    return r;
}


/*
 * chainId, nonce, then gasPrice (EIP-2930) or maxPriorityFeePerGas,
 * maxFeePerGas (EIP-1559), then gasLimit, to, value, data, accessList.
 */
static int
duet_eth_parse_typed(struct duet_rlp_reader *tx,
    struct duet_eth_tx_info *info)
{
    uint64_t u;
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_eth_get_chain_id(tx, &info->chain_id)) != 0
        || (r = duet_rlp_get_u64(tx, &u)) != 0
        || (r = duet_eth_get_uint256(tx)) != 0)
    {
        goto out;
    }
    if (info->type == DUET_ETH_TX_EIP1559
        && (r = duet_eth_get_uint256(tx)) != 0)
    {
        goto out;
    }
    if ((r = duet_rlp_get_u64(tx, &u)) != 0
        || (r = duet_eth_get_fixed(tx, DUET_ETH_ADDRESS_BYTES, 1)) != 0
        || (r = duet_eth_get_uint256(tx)) != 0
        || (r = duet_eth_get_data(tx)) != 0
        || (r = duet_eth_get_access_list(tx)) != 0)
    {
        goto out;
    }
    info->keep = tx->buf.len;
    r = 0;

out:
    return r;
}


/*
 * Validate an unsigned transaction (the rules are in duet_eth.h, at
 * duet_eth_tx_sighash).
 *
 * Returns: 0 or an error of duet_eth_tx_sighash().
 */
static int
duet_eth_tx_parse(struct duet_eth_tx_info *info, const uint8_t *tx,
    size_t len)
{
    struct duet_rlp_reader rd, list;
    const uint8_t *body = tx;
    size_t body_len = len;
    int r = DUET_ERR_INTERNAL;

    memset(info, 0, sizeof(*info));
    info->type = -1;

    if (len == 0) {
        r = DUET_ERR_TRUNCATED;
        goto out;
    }
    if (len > DUET_ETH_TX_MAX_SIZE) {
        r = DUET_ERR_LIMIT_EXCEEDED;
        goto out;
    }

    /* EIP-2718: a list is a legacy transaction, a byte below 0x80 a type. */
    if (tx[0] >= 0xc0) {
        info->type = DUET_ETH_TX_LEGACY;
    } else if (tx[0] == DUET_ETH_TX_EIP2930 || tx[0] == DUET_ETH_TX_EIP1559) {
        info->type = tx[0];
        body = tx + 1;
        body_len = len - 1;
    } else if (tx[0] >= 0x80) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    } else {
        r = DUET_ERR_UNSUPPORTED;
        goto out;
    }

    duet_rlp_reader_init(&rd, body, body_len);
    if ((r = duet_rlp_get_list(&rd, &list)) != 0) {
        goto out;
    }
    if ((r = duet_rlp_reader_end(&rd)) != 0) {
        goto out;
    }
    info->items = list.buf.p;

    r = info->type == DUET_ETH_TX_LEGACY ? duet_eth_parse_legacy(&list, info)
        : duet_eth_parse_typed(&list, info);
    if (r != 0) {
        goto out;
    }
    if ((r = duet_rlp_reader_end(&list)) != 0) {
        goto out;
    }
    r = 0;

out:
    if (r != 0) {
        memset(info, 0, sizeof(*info));
        info->type = -1;
    }
    return r;
}


int
duet_eth_tx_sighash(uint8_t hash[DUET_ETH_HASH_BYTES], int *type,
    uint64_t *chain_id, const uint8_t *unsigned_tx, size_t len)
{
    struct duet_eth_tx_info info;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(hash != NULL);
    ARG_CHECK(unsigned_tx != NULL || len == 0);

    memset(hash, 0, DUET_ETH_HASH_BYTES);
    if ((r = duet_eth_tx_parse(&info, unsigned_tx, len)) != 0) {
        goto out;
    }
    duet_keccak256(hash, unsigned_tx, len);
    r = 0;

out:
    if (type != NULL) {
        *type = info.type;
    }
    if (chain_id != NULL) {
        *chain_id = info.chain_id;
    }
    return r;
}


/* Returns: the size of the RLP integer with big-endian magnitude mag[n]. */
static size_t
duet_eth_rlp_uint_size(const uint8_t *mag, size_t n)
{
    while (n > 0 && mag[0] == 0) {
        mag++;
        n--;
    }
    VERIFY_CHECK(n <= 55);

    return n == 0 || (n == 1 && mag[0] < 0x80) ? 1 : 1 + n;
}


/* Returns: the size of the header of a list with an n-byte payload. */
static size_t
duet_eth_rlp_list_header_size(size_t n)
{
    size_t h = 1;

    if (n <= 55) {
        return 1;
    }
    while (n != 0) {
        h++;
        n >>= 8;
    }

    return h;
}


int
duet_eth_tx_encode_signed(uint8_t *out, size_t *out_len,
    const uint8_t *unsigned_tx, size_t len, const uint8_t sig_r[32],
    const uint8_t sig_s[32], int recid)
{
    struct duet_eth_tx_info info;
    struct duet_buf_writer w;
    uint8_t vbe[8];
    uint64_t v;
    size_t room, payload, need, mark, i;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(out_len != NULL);
    ARG_CHECK(out != NULL || *out_len == 0);
    ARG_CHECK(unsigned_tx != NULL || len == 0);
    ARG_CHECK(sig_r != NULL);
    ARG_CHECK(sig_s != NULL);
    ARG_CHECK(recid >= 0 && recid <= 3);

    room = *out_len;
    *out_len = 0;

    if ((r = duet_eth_tx_parse(&info, unsigned_tx, len)) != 0) {
        goto out;
    }

    /* 1 <= r < n and 1 <= s <= n/2 (EIP-2). */
    for (i = 0; i < 32 && sig_r[i] == 0; i++) {
        continue;
    }
    if (i == 32 || memcmp(sig_r, duet_eth_n, 32) >= 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    for (i = 0; i < 32 && sig_s[i] == 0; i++) {
        continue;
    }
    if (i == 32 || memcmp(sig_s, duet_eth_n, 32) >= 0) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (memcmp(sig_s, duet_eth_half_n, 32) > 0) {
        r = DUET_ERR_NON_CANONICAL;
        goto out;
    }

    r = duet_eth_v(&v, info.type == DUET_ETH_TX_LEGACY ? DUET_ETH_V_EIP155
        : DUET_ETH_V_TYPED, recid, info.chain_id);
    if (r != 0) {
        goto out;
    }
    for (i = 0; i < sizeof(vbe); i++) {
        vbe[sizeof(vbe) - 1 - i] = (uint8_t) (v >> (8 * i));
    }

    payload = info.keep + duet_eth_rlp_uint_size(vbe, sizeof(vbe))
        + duet_eth_rlp_uint_size(sig_r, 32)
        + duet_eth_rlp_uint_size(sig_s, 32);
    need = (info.type == DUET_ETH_TX_LEGACY ? 0 : 1)
        + duet_eth_rlp_list_header_size(payload) + payload;
    VERIFY_CHECK(need <= len + DUET_ETH_TX_SIGNATURE_OVERHEAD);
    if (need > room) {
        *out_len = need;
        r = DUET_ERR_BUFFER_TOO_SMALL;
        goto out;
    }

    duet_buf_writer_init(&w, out, need);
    if (info.type != DUET_ETH_TX_LEGACY) {
        (void) duet_buf_put_u8(&w, (uint8_t) info.type);
    }
    (void) duet_rlp_list_begin(&w, &mark);
    (void) duet_buf_put_bytes(&w, info.items, info.keep);
    (void) duet_rlp_put_u64(&w, v);
    (void) duet_rlp_put_uint(&w, sig_r, 32);
    (void) duet_rlp_put_uint(&w, sig_s, 32);
    (void) duet_rlp_list_end(&w, mark);
    /* The writer's errors are sticky; the size was worked out above. */
    if (duet_buf_writer_error(&w) != 0 || duet_buf_writer_len(&w) != need) {
        r = DUET_ERR_INTERNAL;
        goto out;
    }
    *out_len = need;
    r = 0;

out:
    return r;
}
