/*
 * eth_sig.c -- what is signed for a personal message (EIP-191) and the v
 * that goes with a signature (duet_eth.h).
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "duet.h"
#include "duet_eth.h"
#include "chain/keccak.h"
#include "util/check.h"

/* EIP-191 version 0x45: 0x19, "Ethereum Signed Message:", newline. */
static const char duet_eth_personal_prefix[] =
    "\031Ethereum Signed Message:\n";

/* Decimal digits of the largest size_t, 2^64 - 1. */
#define DUET_ETH_SIZE_DIGITS  20


int
duet_eth_personal_hash(uint8_t hash[DUET_ETH_HASH_BYTES],
    const uint8_t *msg, size_t len)
{
    struct duet_keccak256 k;
    char digits[DUET_ETH_SIZE_DIGITS];
    size_t n = 0, v = len;

    ARG_CHECK(hash != NULL);
    ARG_CHECK(msg != NULL || len == 0);

    /* The length in decimal, written from the right; "0" for none. */
    do {
        n++;
        digits[sizeof(digits) - n] = (char) ('0' + v % 10);
        v /= 10;
    } while (v != 0);

    duet_keccak256_init(&k);
    duet_keccak256_update(&k, (const uint8_t *) duet_eth_personal_prefix,
        sizeof(duet_eth_personal_prefix) - 1);
    duet_keccak256_update(&k,
        (const uint8_t *) digits + sizeof(digits) - n, n);
    duet_keccak256_update(&k, msg, len);
    duet_keccak256_final(&k, hash);

    return 0;
}


int
duet_eth_v(uint64_t *v, int kind, int recid, uint64_t chain_id)
{
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(v != NULL);
    ARG_CHECK(kind == DUET_ETH_V_MESSAGE || kind == DUET_ETH_V_EIP155
        || kind == DUET_ETH_V_TYPED);
    ARG_CHECK(recid >= 0 && recid <= 3);

    *v = 0;
    switch (kind) {
    case DUET_ETH_V_MESSAGE:
        /* 29 and 30 for recid 2 and 3: see duet_eth.h. */
        *v = 27 + (uint64_t) recid;
        r = 0;
        break;

    case DUET_ETH_V_EIP155:
        if (recid > 1) {
            r = DUET_ERR_UNSUPPORTED;
            goto out;
        }
        if (chain_id == 0) {
            r = DUET_ERR_UNSUPPORTED;
            goto out;
        }
        if (chain_id > DUET_ETH_LEGACY_CHAIN_ID_MAX) {
            r = DUET_ERR_LIMIT_EXCEEDED;
            goto out;
        }
        *v = (uint64_t) recid + 35 + 2 * chain_id;
        r = 0;
        break;

    default:
        if (recid > 1) {
            r = DUET_ERR_UNSUPPORTED;
            goto out;
        }
        *v = (uint64_t) recid;
        r = 0;
        break;
    }

out:
    return r;
}
