/*
 * fuzz-base64url.c -- libFuzzer harness for codec/base64url.c.
 *
 * The input is used twice: as text to decode, and as bytes to encode.
 * Checked: a decode that succeeds re-encodes to exactly the input (the
 * decoder accepts one encoding per byte string); one that fails leaves
 * zeros and length 0; a decode into one byte too few fails; encode then
 * decode gives the input back.  Buffers are allocated at their exact size
 * so that ASan sees any overrun.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/base64url.c"
#include "util/mem.h"

#include "fuzz.h"

/* Larger inputs teach the fuzzer nothing new. */
#define FUZZ_B64_MAX_INPUT  4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *) data;
    size_t rem = size % 4, n, esz, len = 1;
    uint8_t *out, *back;
    char *enc;
    int r;

    if (size > FUZZ_B64_MAX_INPUT) {
        return 0;
    }

    /* Decode, into exactly the room the length calls for. */
    n = (size / 4) * 3 + (rem > 1 ? rem - 1 : 0);
    out = fuzz_alloc(n);
    r = duet_base64url_decode(out, n, &len, text, size);
    if (r == 0) {
        fuzz_assert(rem != 1 && len == n);
        esz = DUET_BASE64URL_ENCODED_SIZE(len);
        fuzz_assert(esz == size + 1);
        enc = fuzz_alloc(esz);
        fuzz_assert(duet_base64url_encode(enc, esz, out, len) == 0);
        fuzz_assert(memcmp(enc, text, size) == 0 && enc[size] == '\0');
        free(enc);
    } else {
        fuzz_assert(r == DUET_ERR_BAD_ENCODING
            || (r == DUET_ERR_NON_CANONICAL && rem > 1));
        fuzz_assert(len == 0 && duet_ct_is_zero(out, n));
    }
    if (n > 0) {
        r = duet_base64url_decode(out, n - 1, &len, text, size);
        fuzz_assert(r == DUET_ERR_BUFFER_TOO_SMALL
            || r == DUET_ERR_BAD_ENCODING || r == DUET_ERR_NON_CANONICAL);
    }
    free(out);

    /* Encode, then decode. */
    esz = DUET_BASE64URL_ENCODED_SIZE(size);
    enc = fuzz_alloc(esz);
    fuzz_assert(duet_base64url_encode(enc, esz, data, size) == 0);
    fuzz_assert(strlen(enc) + 1 == esz);
    back = fuzz_alloc(size);
    fuzz_assert(duet_base64url_decode(back, size, &len, enc, esz - 1) == 0);
    fuzz_assert(len == size && (size == 0 || memcmp(back, data, size) == 0));
    free(back);
    free(enc);

    return 0;
}
