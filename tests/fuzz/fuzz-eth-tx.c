/*
 * fuzz-eth-tx.c -- libFuzzer harness for the unsigned-transaction parser
 * behind duet_eth_tx_sighash and duet_eth_tx_encode_signed
 * (chain/eth_tx.c).
 *
 * The input is taken as an unsigned transaction.  The harness aborts
 * unless:
 *
 *   - sighash accepts it or refuses it with a code duet_eth.h documents,
 *     and on refusal its outputs are cleared (hash zero, type -1, chain
 *     id 0);
 *   - an accepted transaction's hash is Keccak-256 of the input, its type
 *     is 0, 1 or 2 and its chain id is not 0;
 *   - encode_signed gives the same verdict; when it accepts, the size
 *     query asks for exactly what it then writes, at most the input's
 *     size plus DUET_ETH_TX_SIGNATURE_OVERHEAD; the output is canonical
 *     RLP of the same type, its list begins with the input's items
 *     (legacy: all but chainId, 0, 0) and ends with exactly three
 *     integers: v (recid + 35 + 2 * chainId) or yParity, then r, s.
 *
 * r comes from the input's hash (top byte cleared, so it is below n and,
 * for most inputs, not zero), s is 1, and the recovery id is the hash's
 * low bit.  The units under test are included so that a clang build
 * instruments them; the replay build links the rest of
 * crypto/libduet-test.a.  The input is copied to a block of exactly its
 * size, so that ASan sees an overread in the replay build too.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/buf.c"
#include "chain/rlp.c"
#include "chain/keccak.c"
#include "chain/eth_tx.c"
#include "chain/eth_sig.c"

#include "fuzz.h"

/* Longer inputs are refused by size alone. */
#define FUZZ_ETH_TX_MAX_INPUT  (DUET_ETH_TX_MAX_SIZE + 16)


static int
fuzz_documented(int r)
{
    return r == DUET_ERR_TRUNCATED || r == DUET_ERR_TRAILING_DATA
        || r == DUET_ERR_NON_CANONICAL || r == DUET_ERR_BAD_ENCODING
        || r == DUET_ERR_LIMIT_EXCEEDED || r == DUET_ERR_UNSUPPORTED;
}


/* The payload of the one list in p[0..len). */
static void
fuzz_list(const uint8_t *p, size_t len, const uint8_t **pay, size_t *n)
{
    struct duet_rlp_reader rd, list;

    duet_rlp_reader_init(&rd, p, len);
    fuzz_assert(duet_rlp_get_list(&rd, &list) == 0);
    fuzz_assert(duet_rlp_reader_end(&rd) == 0);
    *pay = list.buf.p;
    *n = list.buf.len;
}


/* Where the last k items of a list payload start. */
static size_t
fuzz_last_items(const uint8_t *pay, size_t n, size_t k)
{
    struct duet_rlp_reader rd;
    size_t starts[64], count = 0, len;
    const uint8_t *p;
    int kind;

    duet_rlp_reader_init(&rd, pay, n);
    while (duet_rlp_reader_remaining(&rd) > 0) {
        fuzz_assert(count < 64);
        starts[count++] = n - duet_rlp_reader_remaining(&rd);
        fuzz_assert(duet_rlp_peek_kind(&rd, &kind) == 0);
        if (kind == DUET_RLP_LIST) {
            struct duet_rlp_reader sub;

            fuzz_assert(duet_rlp_get_list(&rd, &sub) == 0);
        } else {
            fuzz_assert(duet_rlp_get_bytes(&rd, &p, &len, SIZE_MAX) == 0);
        }
    }
    fuzz_assert(count >= k);

    return starts[count - k];
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *in, *out, hash[32], want[32], sig_r[32], sig_s[32], zero[32];
    const uint8_t *ip, *op, *p;
    size_t ilen, olen, out_len, need, keep, tail, n;
    struct duet_rlp_reader rd;
    uint64_t chain_id, u;
    int r, r2, type, recid, typed;

    if (size > FUZZ_ETH_TX_MAX_INPUT) {
        return 0;
    }
    in = fuzz_alloc(size);
    if (size > 0) {
        memcpy(in, data, size);
    }
    memset(zero, 0, sizeof(zero));

    r = duet_eth_tx_sighash(hash, &type, &chain_id, in, size);
    if (r != 0) {
        fuzz_assert(fuzz_documented(r));
        fuzz_assert(memcmp(hash, zero, 32) == 0 && type == -1
            && chain_id == 0);
    } else {
        duet_keccak256(want, in, size);
        fuzz_assert(memcmp(hash, want, 32) == 0);
        fuzz_assert(type >= 0 && type <= 2 && chain_id != 0);
    }

    if (r == 0) {
        memcpy(sig_r, hash, sizeof(sig_r));
    } else {
        memset(sig_r, 0x11, sizeof(sig_r));
    }
    sig_r[0] &= 0x7f;
    sig_r[31] |= 1;
    memset(sig_s, 0, sizeof(sig_s));
    sig_s[31] = 1;
    recid = hash[31] & 1;

    out_len = 0;
    r2 = duet_eth_tx_encode_signed(NULL, &out_len, in, size, sig_r, sig_s,
        recid);
    if (r != 0) {
        fuzz_assert(r2 == r && out_len == 0);
        free(in);
        return 0;
    }
    fuzz_assert(r2 == DUET_ERR_BUFFER_TOO_SMALL);
    need = out_len;
    fuzz_assert(need <= size + DUET_ETH_TX_SIGNATURE_OVERHEAD);
    out = fuzz_alloc(need);
    out_len = need;
    r2 = duet_eth_tx_encode_signed(out, &out_len, in, size, sig_r, sig_s,
        recid);
    fuzz_assert(r2 == 0 && out_len == need);

    /* Same type, canonical, the input's items first. */
    typed = type != DUET_ETH_TX_LEGACY;
    fuzz_assert(!typed || out[0] == in[0]);
    fuzz_assert(duet_rlp_check(out + typed, need - typed) == 0);
    fuzz_list(in + typed, size - typed, &ip, &ilen);
    fuzz_list(out + typed, need - typed, &op, &olen);
    keep = typed ? ilen : fuzz_last_items(ip, ilen, 3);
    tail = fuzz_last_items(op, olen, 3);
    fuzz_assert(tail == keep && memcmp(op, ip, keep) == 0);

    /* Then v or yParity, r, s. */
    duet_rlp_reader_init(&rd, op + tail, olen - tail);
    fuzz_assert(duet_rlp_get_u64(&rd, &u) == 0);
    fuzz_assert(u == (typed ? (uint64_t) recid
        : (uint64_t) recid + 35 + 2 * chain_id));
    fuzz_assert(duet_rlp_get_uint(&rd, &p, &n, 32) == 0);
    fuzz_assert(n <= 32 && memcmp(p, sig_r + 32 - n, n) == 0);
    fuzz_assert(duet_rlp_get_uint(&rd, &p, &n, 32) == 0);
    fuzz_assert(n == 1 && p[0] == 1);
    fuzz_assert(duet_rlp_reader_end(&rd) == 0);

    free(out);
    free(in);

    return 0;
}
