/*
 * base64url.c -- constant-time, unpadded base64url (RFC 4648 section 5)
 * for duet_util.h.
 *
 * As in hex.c, characters are mapped with arithmetic masks, never with a
 * lookup table indexed by data, and validity is decided once, at the end.
 * The decoder is strict so that every byte string has exactly one accepted
 * encoding: no padding, no whitespace, no '+' or '/', no length of 1 mod 4,
 * and the unused low bits of the last character must be zero.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "duet_util.h"
#include "util/check.h"
#include "util/checkmem.h"
#include "util/ct.h"


/* Returns: the base64url character for v, 0 <= v < 64. */
static char
duet_b64_char(uint32_t v)
{
    return (char) ((duet_ct_range_mask_u32(v, 0, 25) & ('A' + v))
        | (duet_ct_range_mask_u32(v, 26, 51) & ('a' + v - 26))
        | (duet_ct_range_mask_u32(v, 52, 61) & ('0' + v - 52))
        | (duet_ct_eq_mask_u32(v, 62) & '-')
        | (duet_ct_eq_mask_u32(v, 63) & '_'));
}


/*
 * Returns: the 6-bit value of base64url character c, or 0 when c is not
 *          one; then *bad gains set bits.
 */
static uint32_t
duet_b64_value(uint32_t c, uint32_t *bad)
{
    uint32_t upper = duet_ct_range_mask_u32(c, 'A', 'Z');
    uint32_t lower = duet_ct_range_mask_u32(c, 'a', 'z');
    uint32_t digit = duet_ct_range_mask_u32(c, '0', '9');
    uint32_t dash = duet_ct_eq_mask_u32(c, '-');
    uint32_t uscore = duet_ct_eq_mask_u32(c, '_');

    *bad |= ~(upper | lower | digit | dash | uscore);

    return (upper & (c - 'A')) | (lower & (c - 'a' + 26))
        | (digit & (c - '0' + 52)) | (dash & 62) | (uscore & 63);
}


int
duet_base64url_encode(char *out, size_t out_size, const uint8_t *in,
    size_t n)
{
    size_t i, o = 0, rem = n % 3;
    uint32_t v;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(out != NULL);
    ARG_CHECK(in != NULL || n == 0);

    /* out_size < DUET_BASE64URL_ENCODED_SIZE(n), without overflow. */
    if (n / 3 > (SIZE_MAX - 4) / 4
        || out_size < (n / 3) * 4 + (rem != 0 ? rem + 1 : 0) + 1)
    {
        r = DUET_ERR_BUFFER_TOO_SMALL;
        goto out;
    }

    for (i = 0; n - i >= 3; i += 3) {
        v = ((uint32_t) in[i] << 16) | ((uint32_t) in[i + 1] << 8) | in[i + 2];
        out[o++] = duet_b64_char(v >> 18);
        out[o++] = duet_b64_char((v >> 12) & 0x3f);
        out[o++] = duet_b64_char((v >> 6) & 0x3f);
        out[o++] = duet_b64_char(v & 0x3f);
    }
    if (rem == 1) {
        v = (uint32_t) in[i] << 16;
        out[o++] = duet_b64_char(v >> 18);
        out[o++] = duet_b64_char((v >> 12) & 0x3f);
    } else if (rem == 2) {
        v = ((uint32_t) in[i] << 16) | ((uint32_t) in[i + 1] << 8);
        out[o++] = duet_b64_char(v >> 18);
        out[o++] = duet_b64_char((v >> 12) & 0x3f);
        out[o++] = duet_b64_char((v >> 6) & 0x3f);
    }
    out[o] = '\0';
    r = 0;

out:
    if (r != 0 && out_size > 0) {
        out[0] = '\0';
    }
    return r;
}


int
duet_base64url_decode(uint8_t *out, size_t out_size, size_t *out_len,
    const char *in, size_t in_len)
{
    const unsigned char *s = (const unsigned char *) in;
    size_t i, o = 0, n, rem = in_len % 4;
    uint32_t v, bad = 0, stray = 0;
    int r = DUET_ERR_INTERNAL;

    ARG_CHECK(out_len != NULL);
    ARG_CHECK(out != NULL || out_size == 0);
    ARG_CHECK(in != NULL || in_len == 0);

    *out_len = 0;

    /* A single trailing character carries only 6 of a byte's 8 bits. */
    if (rem == 1) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    n = (in_len / 4) * 3 + (rem != 0 ? rem - 1 : 0);
    if (n > out_size) {
        r = DUET_ERR_BUFFER_TOO_SMALL;
        goto out;
    }

    for (i = 0; in_len - i >= 4; i += 4) {
        v = duet_b64_value(s[i], &bad) << 18;
        v |= duet_b64_value(s[i + 1], &bad) << 12;
        v |= duet_b64_value(s[i + 2], &bad) << 6;
        v |= duet_b64_value(s[i + 3], &bad);
        out[o++] = (uint8_t) (v >> 16);
        out[o++] = (uint8_t) (v >> 8);
        out[o++] = (uint8_t) v;
    }
    if (rem == 2) {
        /* 12 bits: one byte and 4 bits that must be zero. */
        v = duet_b64_value(s[i], &bad) << 6;
        v |= duet_b64_value(s[i + 1], &bad);
        out[o++] = (uint8_t) (v >> 4);
        stray = v & 0x0f;
    } else if (rem == 3) {
        /* 18 bits: two bytes and 2 bits that must be zero. */
        v = duet_b64_value(s[i], &bad) << 12;
        v |= duet_b64_value(s[i + 1], &bad) << 6;
        v |= duet_b64_value(s[i + 2], &bad);
        out[o++] = (uint8_t) (v >> 10);
        out[o++] = (uint8_t) (v >> 2);
        stray = v & 0x03;
    }

    /* The verdict is returned to the caller, so it is public. */
    duet_declassify(&bad, sizeof(bad));
    duet_declassify(&stray, sizeof(stray));
    if (bad != 0) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    if (stray != 0) {
        r = DUET_ERR_NON_CANONICAL;
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
