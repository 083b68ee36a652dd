/*
 * hex.c -- constant-time hex encoding (duet_util.h).
 *
 * Secrets cross text boundaries in hex (key-share exports, test vectors),
 * so neither direction may branch on, or index memory by, a data value:
 * digits are mapped with arithmetic masks (util/ct.h), and a decoder only
 * learns whether the whole input was valid, at the end.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "duet_util.h"
#include "util/check.h"
#include "util/checkmem.h"
#include "util/ct.h"


/* Returns: the lower-case hex digit for v, 0 <= v < 16. */
static char
duet_hex_digit(uint32_t v)
{
    /* Digits 10..15 move from after '9' to 'a': 'a' - '0' - 10 = 39. */
    return (char) ('0' + v + (duet_ct_range_mask_u32(v, 10, 15) & 39));
}


/*
 * Returns: the value of hex digit c (either case), or 0 when c is not one;
 *          then *bad gains set bits.
 */
static uint32_t
duet_hex_value(uint32_t c, uint32_t *bad)
{
    uint32_t digit = duet_ct_range_mask_u32(c, '0', '9');
    uint32_t lower = duet_ct_range_mask_u32(c, 'a', 'f');
    uint32_t upper = duet_ct_range_mask_u32(c, 'A', 'F');

    *bad |= ~(digit | lower | upper);

    return (digit & (c - '0')) | (lower & (c - 'a' + 10))
        | (upper & (c - 'A' + 10));
}


int
duet_hex_char_value(int c)
{
    uint32_t bad = 0, v;

    if (c < 0 || c > 0x7f) {
        return -1;
    }
    v = duet_hex_value((uint32_t) c, &bad);
    return bad != 0 ? -1 : (int) v;
}


int
duet_hex_encode(char *out, size_t out_size, const uint8_t *in, size_t n)
{
    size_t i;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(out != NULL);
    ARG_CHECK(in != NULL || n == 0);

    /* out_size < 2n + 1, without overflow. */
    if (n > (SIZE_MAX - 1) / 2 || out_size < 2 * n + 1) {
        r = DUET_ERR_BUFFER_TOO_SMALL;
        goto out;
    }

    for (i = 0; i < n; i++) {
        out[2 * i] = duet_hex_digit((uint32_t) in[i] >> 4);
        out[2 * i + 1] = duet_hex_digit((uint32_t) in[i] & 0x0f);
    }
    out[2 * n] = '\0';
    r = 0;

out:
    if (r != 0 && out_size > 0) {
        out[0] = '\0';
    }
    return r;
}


int
duet_hex_decode(uint8_t *out, size_t out_size, size_t *out_len,
    const char *in, size_t in_len)
{
    size_t i, n;
    uint32_t hi, lo, bad = 0;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(out_len != NULL);
    ARG_CHECK(out != NULL || out_size == 0);
    ARG_CHECK(in != NULL || in_len == 0);

    *out_len = 0;

    /* Lengths are public; only the characters are secret. */
    if (in_len % 2 != 0) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    n = in_len / 2;
    if (n > out_size) {
        r = DUET_ERR_BUFFER_TOO_SMALL;
        goto out;
    }

    for (i = 0; i < n; i++) {
        hi = duet_hex_value((unsigned char) in[2 * i], &bad);
        lo = duet_hex_value((unsigned char) in[2 * i + 1], &bad);
        out[i] = (uint8_t) ((hi << 4) | lo);
    }

    /* Whether the input is valid is the answer we return: it is public. */
    duet_declassify(&bad, sizeof(bad));
    if (bad != 0) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    *out_len = n;
    r = 0;

out:
    if (r != 0) {
        duet_memclear(out, out_size);
    }
    return r;
}
