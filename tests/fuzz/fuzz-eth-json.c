/*
 * fuzz-eth-json.c -- libFuzzer harness for duet_eth_tx_from_json
 * (chain/eth_tx_json.c): the JSON a caller of the HTTP API controls,
 * turned into the transaction that will be signed.
 *
 * The input is taken as the JSON text.  The harness aborts unless:
 *
 *   - the result is 0 or a code duet_eth.h documents for the function,
 *     and on failure *out_len is 0 (or, for BUFFER_TOO_SMALL, the size
 *     needed);
 *   - the size query asks for exactly what is then written;
 *   - what is written passes duet_eth_tx_sighash, with the type the JSON
 *     asked for;
 *   - the same text gives the same bytes twice.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/buf.c"
#include "codec/hex.c"
#include "chain/rlp.c"
#include "chain/keccak.c"
#include "chain/eth_text.c"
#include "chain/eth_json.c"
#include "chain/eth_tx.c"
#include "chain/eth_sig.c"
#include "chain/eth_tx_json.c"

#include "fuzz.h"

#define FUZZ_ETH_JSON_MAX_INPUT  65536


static int
fuzz_documented(int r)
{
    return r == DUET_ERR_BAD_ENCODING || r == DUET_ERR_TRUNCATED
        || r == DUET_ERR_TRAILING_DATA || r == DUET_ERR_INVALID_ARGUMENT
        || r == DUET_ERR_LIMIT_EXCEEDED || r == DUET_ERR_UNSUPPORTED
        || r == DUET_ERR_NO_MEMORY;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *out, *again, hash[32];
    size_t out_len, need;
    uint64_t chain_id;
    char *in;
    int r, type;

    if (size > FUZZ_ETH_JSON_MAX_INPUT) {
        return 0;
    }
    in = fuzz_alloc(size);
    if (size > 0) {
        memcpy(in, data, size);
    }

    out_len = 0;
    r = duet_eth_tx_from_json(NULL, &out_len, in, size);
    if (r != DUET_ERR_BUFFER_TOO_SMALL) {
        fuzz_assert(r != 0 && fuzz_documented(r) && out_len == 0);
        free(in);
        return 0;
    }
    need = out_len;
    fuzz_assert(need > 0 && need <= DUET_ETH_TX_MAX_SIZE);

    out = fuzz_alloc(need);
    again = fuzz_alloc(need);
    out_len = need;
    fuzz_assert(duet_eth_tx_from_json(out, &out_len, in, size) == 0);
    fuzz_assert(out_len == need);
    out_len = need;
    fuzz_assert(duet_eth_tx_from_json(again, &out_len, in, size) == 0);
    fuzz_assert(out_len == need && memcmp(out, again, need) == 0);

    fuzz_assert(duet_eth_tx_sighash(hash, &type, &chain_id, out, need) == 0);
    fuzz_assert(type == (out[0] >= 0xc0 ? DUET_ETH_TX_LEGACY : out[0]));
    fuzz_assert(chain_id != 0);

    free(again);
    free(out);
    free(in);

    return 0;
}
