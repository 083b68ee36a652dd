/*
 * proto-sigdump.c -- signatures made by the protocols, for checking by an
 * independent implementation (tests/vectors/recover.t runs this, then
 * ethers' verifyMessage / verifyTypedData / Transaction.from on the
 * output).  Not a TAP test itself: it prints one JSON object per line,
 *   {"kind":"personal","address":"0x..","message":"..","signature":"0x.."}
 *   {"kind":"typed","address":"0x..","data":{..},"signature":"0x.."}
 *   {"kind":"tx","address":"0x..","raw":"0x.."}
 * for each signer pair, and exits non-zero if any protocol run failed.
 * Keygen runs the protocol; aux is dealt (duet_share_test_deal_aux) to
 * keep it fast: the aux protocol is covered by proto-aux-t and e2e.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_eth.h"
#include "duet_keyshare.h"
#include "duet_sign.h"
#include "basic.h"
#include "proto-driver.h"
#include "util/rand.h"

static const char typed_json[] =
    "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},"
    "{\"name\":\"version\",\"type\":\"string\"},"
    "{\"name\":\"chainId\",\"type\":\"uint256\"},"
    "{\"name\":\"verifyingContract\",\"type\":\"address\"}],"
    "\"Person\":[{\"name\":\"name\",\"type\":\"string\"},"
    "{\"name\":\"wallet\",\"type\":\"address\"}],"
    "\"Mail\":[{\"name\":\"from\",\"type\":\"Person\"},"
    "{\"name\":\"to\",\"type\":\"Person\"},"
    "{\"name\":\"contents\",\"type\":\"string\"}]},"
    "\"primaryType\":\"Mail\","
    "\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1\",\"chainId\":1,"
    "\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC\"},"
    "\"message\":{\"from\":{\"name\":\"Cow\","
    "\"wallet\":\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\"},"
    "\"to\":{\"name\":\"Bob\","
    "\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB\"},"
    "\"contents\":\"Hello, Bob!\"}}";

static const char tx_json[] =
    "{\"type\":2,\"chainId\":1337,\"nonce\":7,"
    "\"to\":\"0x3535353535353535353535353535353535353535\","
    "\"value\":\"1000000000000000000\",\"data\":\"0xdeadbeef\","
    "\"gasLimit\":21000,\"maxFeePerGas\":\"0x3b9aca00\","
    "\"maxPriorityFeePerGas\":1000000000,\"accessList\":[]}";


static void
hex(const uint8_t *p, size_t n)
{
    size_t i;

    fputs("0x", stdout);
    for (i = 0; i < n; i++) {
        printf("%02x", p[i]);
    }
}


static int
presign(uint8_t *const share[3], const size_t share_len[3],
    uint8_t *const aux[3], const size_t aux_len[3], int a, int b,
    uint8_t *pre[2], size_t pre_len[2])
{
    return tp_presign("sigdump", share, share_len, aux, aux_len, a, b,
        NULL, pre, pre_len);
}


int
main(void)
{
    static const int pairs[3][2] = { { 0, 1 }, { 0, 2 }, { 2, 1 } };
    uint8_t *share[3], *aux[3], *pre[2], sig[65], addr[20], tx[1024];
    uint8_t raw[2048];
    size_t share_len[3], aux_len[3], pre_len[2], tx_len = sizeof(tx);
    size_t raw_len;
    struct duet_keyshare_info ki;
    char address[DUET_ETH_ADDRESS_TEXT_SIZE];
    const char *msg = "duet says hello to ethers";
    int k, fail = 0;

    if (duet_init() != 0) {
        return 2;
    }
    duet_rand_test_seed(0x51d);
    if (tp_keygen(DUET_LEVEL_112, "sigdump", share, share_len) != 0
        || tp_aux_dealt(DUET_LEVEL_112, 0, aux, aux_len) != 0
        || duet_keyshare_inspect(&ki, share[0], share_len[0]) != 0
        || duet_eth_address(addr, ki.pubkey) != 0
        || duet_eth_address_checksum(address, addr) != 0
        || duet_eth_tx_from_json(tx, &tx_len, tx_json, strlen(tx_json)) != 0)
    {
        fprintf(stderr, "proto-sigdump: set-up failed\n");
        return 1;
    }
    for (k = 0; k < 3; k++) {
        int a = pairs[k][0], b = pairs[k][1];

        /* EIP-191. */
        if (presign(share, share_len, aux, aux_len, a, b, pre, pre_len) != 0
            || tp_sign_kind(pre, pre_len, DUET_SIGN_ETH_PERSONAL,
                (const uint8_t *) msg, strlen(msg), NULL, sig) != 0)
        {
            fail = 1;
            continue;
        }
        tp_free_blobs(pre, 2);
        sig[64] = (uint8_t) (27 + sig[64]);
        printf("{\"kind\":\"personal\",\"signers\":[%d,%d],"
            "\"address\":\"%s\",\"message\":\"%s\",\"signature\":\"", a, b,
            address, msg);
        hex(sig, 65);
        printf("\"}\n");

        /* EIP-712. */
        if (presign(share, share_len, aux, aux_len, a, b, pre, pre_len) != 0
            || tp_sign_kind(pre, pre_len, DUET_SIGN_ETH_TYPED,
                (const uint8_t *) typed_json, strlen(typed_json), NULL, sig)
               != 0)
        {
            fail = 1;
            continue;
        }
        tp_free_blobs(pre, 2);
        sig[64] = (uint8_t) (27 + sig[64]);
        printf("{\"kind\":\"typed\",\"signers\":[%d,%d],\"address\":\"%s\","
            "\"data\":%s,\"signature\":\"", a, b, address, typed_json);
        hex(sig, 65);
        printf("\"}\n");

        /* EIP-1559 transaction. */
        raw_len = sizeof(raw);
        if (presign(share, share_len, aux, aux_len, a, b, pre, pre_len) != 0
            || tp_sign_kind(pre, pre_len, DUET_SIGN_ETH_TX, tx, tx_len, NULL,
                sig) != 0
            || duet_eth_tx_encode_signed(raw, &raw_len, tx, tx_len, sig,
                sig + 32, sig[64]) != 0)
        {
            fail = 1;
            continue;
        }
        tp_free_blobs(pre, 2);
        printf("{\"kind\":\"tx\",\"signers\":[%d,%d],\"address\":\"%s\","
            "\"raw\":\"", a, b, address);
        hex(raw, raw_len);
        printf("\"}\n");
    }
    tp_free_blobs(share, 3);
    tp_free_blobs(aux, 3);
    return fail;
}
