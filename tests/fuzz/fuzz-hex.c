/*
 * fuzz-hex.c -- libFuzzer harness for codec/hex.c.
 *
 * The input is used twice: as text to decode, and as bytes to encode.
 * Checked: a decode that succeeds re-encodes to the input up to letter
 * case; one that fails leaves zeros and length 0; a decode into one byte
 * too few fails; encode then decode gives the input back.  Buffers are
 * allocated at their exact size so that ASan sees any overrun.
 */

#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/hex.c"
#include "util/mem.h"

#include "fuzz.h"

/* Larger inputs teach the fuzzer nothing new. */
#define FUZZ_HEX_MAX_INPUT  4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *) data;
    size_t n = size / 2, len = 1, i;
    uint8_t *out, *back;
    char *enc;
    int r;

    if (size > FUZZ_HEX_MAX_INPUT) {
        return 0;
    }

    /* Decode. */
    out = fuzz_alloc(n);
    r = duet_hex_decode(out, n, &len, text, size);
    enc = fuzz_alloc(2 * n + 1);
    if (r == 0) {
        fuzz_assert(size % 2 == 0 && len == n);
        fuzz_assert(duet_hex_encode(enc, 2 * n + 1, out, len) == 0);
        for (i = 0; i < size; i++) {
            fuzz_assert(enc[i] == tolower((unsigned char) text[i]));
        }
    } else {
        fuzz_assert(r == DUET_ERR_BAD_ENCODING && len == 0);
        fuzz_assert(duet_ct_is_zero(out, n));
    }
    if (n > 0) {
        r = duet_hex_decode(out, n - 1, &len, text, size);
        fuzz_assert(r == DUET_ERR_BUFFER_TOO_SMALL
            || r == DUET_ERR_BAD_ENCODING);
    }
    free(enc);
    free(out);

    /* Encode, then decode. */
    enc = fuzz_alloc(DUET_HEX_ENCODED_SIZE(size));
    fuzz_assert(duet_hex_encode(enc, DUET_HEX_ENCODED_SIZE(size), data, size)
        == 0);
    fuzz_assert(strlen(enc) == 2 * size);
    back = fuzz_alloc(size);
    fuzz_assert(duet_hex_decode(back, size, &len, enc, 2 * size) == 0);
    fuzz_assert(len == size && (size == 0 || memcmp(back, data, size) == 0));
    free(back);
    free(enc);

    return 0;
}
