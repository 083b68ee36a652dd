/*
 * eth_addr.c -- the Ethereum address of a public key (duet_eth.h).  The
 * text forms of addresses are in eth_text.c, which needs no curve code.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <secp256k1.h>

#include "duet.h"
#include "duet_eth.h"
#include "chain/keccak.h"
#include "curve/curve.h"
#include "util/check.h"

/* 0x04, x, y (SEC1 uncompressed). */
#define DUET_ETH_UNCOMPRESSED_BYTES  65


int
duet_eth_address(uint8_t addr[DUET_ETH_ADDRESS_BYTES],
    const uint8_t pubkey[DUET_ETH_PUBKEY_BYTES])
{
    struct duet_point p;
    secp256k1_pubkey pk;
    uint8_t xy[DUET_ETH_UNCOMPRESSED_BYTES], h[DUET_KECCAK256_SIZE];
    size_t n = sizeof(xy);
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(addr != NULL);
    ARG_CHECK(pubkey != NULL);

    memset(addr, 0, DUET_ETH_ADDRESS_BYTES);

    /* Refuses infinity (no DUET_POINT_ALLOW_INFINITY). */
    if ((r = duet_point_parse(&p, pubkey, DUET_ETH_PUBKEY_BYTES, 0)) != 0) {
        goto out;
    }
    if ((r = duet_point_to_pubkey(&pk, &p)) != 0) {
        goto out;
    }
    if (!secp256k1_ec_pubkey_serialize(secp256k1_context_static, xy, &n,
        &pk, SECP256K1_EC_UNCOMPRESSED) || n != sizeof(xy))
    {
        r = DUET_ERR_INTERNAL;
        goto out;
    }

    /* The address is the hash of x || y, without the 0x04 prefix. */
    duet_keccak256(h, xy + 1, sizeof(xy) - 1);
    memcpy(addr, h + sizeof(h) - DUET_ETH_ADDRESS_BYTES,
        DUET_ETH_ADDRESS_BYTES);
    r = 0;

out:
    return r;
}
