/*
 * fuzz-eip712.c -- libFuzzer harness for duet_eth_typed_data_hash
 * (chain/eip712.c), and through it the strict JSON check of
 * chain/eth_json.c and the text forms of chain/eth_text.c.
 *
 * The input is taken as the JSON text.  The harness aborts unless:
 *
 *   - the result is 0 or a code duet_eth.h documents for the function,
 *     and on failure the hash is zero;
 *   - the same text hashes the same way twice;
 *   - an accepted text with whitespace added after it gives the same
 *     hash, and with "x" added after it is TRAILING_DATA;
 *   - every proper prefix of an accepted text is refused (checked for
 *     short texts only, to keep executions fast).
 *
 * json-c is linked, not included: it is not under test, only the use
 * made of it.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/hex.c"
#include "chain/keccak.c"
#include "chain/eth_text.c"
#include "chain/eth_json.c"
#include "chain/eip712.c"

#include "fuzz.h"

/* Larger inputs teach the fuzzer nothing new. */
#define FUZZ_EIP712_MAX_INPUT  65536
/* Inputs up to this size also have every prefix checked. */
#define FUZZ_EIP712_PREFIXES   512


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
    uint8_t hash[32], again[32], zero[32];
    char *in, *ext;
    size_t k;
    int r;

    if (size > FUZZ_EIP712_MAX_INPUT) {
        return 0;
    }
    in = fuzz_alloc(size);
    if (size > 0) {
        memcpy(in, data, size);
    }
    memset(zero, 0, sizeof(zero));

    r = duet_eth_typed_data_hash(hash, in, size);
    fuzz_assert(r == 0 || fuzz_documented(r));
    if (r != 0) {
        fuzz_assert(memcmp(hash, zero, 32) == 0);
    }
    fuzz_assert(duet_eth_typed_data_hash(again, in, size) == r);
    fuzz_assert(memcmp(hash, again, 32) == 0);

    if (r == 0) {
        ext = fuzz_alloc(size + 1);
        memcpy(ext, in, size);
        ext[size] = '\n';
        fuzz_assert(duet_eth_typed_data_hash(again, ext, size + 1) == 0);
        fuzz_assert(memcmp(hash, again, 32) == 0);
        ext[size] = 'x';
        fuzz_assert(duet_eth_typed_data_hash(again, ext, size + 1)
            == DUET_ERR_TRAILING_DATA);
        free(ext);
        if (size <= FUZZ_EIP712_PREFIXES) {
            for (k = 0; k < size; k++) {
                fuzz_assert(duet_eth_typed_data_hash(again, in, k) != 0);
            }
        }
    }
    free(in);

    return 0;
}
