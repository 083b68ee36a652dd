/*
 * u256.c -- see u256.h.
 */

#include "config.h"

#include <string.h>

#include "duet_util.h"
#include "u256.h"

/* 10^19, the largest power of ten in 64 bits: 19 decimal digits a limb. */
#define DUETD_U256_TEN19  10000000000000000000ULL

/* hi:lo = a * b, portably (no 128-bit type in ISO C or on i686). */
static void
duetd_u256_mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t  a0 = a & 0xffffffffu, a1 = a >> 32;
    uint64_t  b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t  p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t  mid;

    mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}


/* out = out * m + add mod 2^256; returns the limb carried out. */
static uint64_t
duetd_u256_muladd_u64(struct duetd_u256 *out, uint64_t m, uint64_t add)
{
    uint64_t  carry = add, hi, lo;
    int       i;

    for (i = 0; i < 4; i++) {
        duetd_u256_mul64(out->w[i], m, &hi, &lo);
        lo += carry;
        /* hi <= 2^64 - 2, so the carry into it never wraps. */
        hi += lo < carry;
        out->w[i] = lo;
        carry = hi;
    }
    return carry;
}


int
duetd_u256_parse(struct duetd_u256 *out, const char *s)
{
    struct duetd_u256  v;
    size_t             i, n;
    int                d;

    memset(&v, 0, sizeof(v));
    memset(out, 0, sizeof(*out));
    if (s == NULL || s[0] == '\0') {
        return -1;
    }
    if (s[0] == '0' && s[1] == 'x') {
        s += 2;
        n = strlen(s);
        if (n == 0 || n > 64) {
            return -1;
        }
        for (i = 0; i < n; i++) {
            if ((d = duet_hex_char_value((unsigned char) s[i])) < 0) {
                return -1;
            }
            /* At most 64 digits: the shift never loses a bit. */
            v.w[3] = (v.w[3] << 4) | (v.w[2] >> 60);
            v.w[2] = (v.w[2] << 4) | (v.w[1] >> 60);
            v.w[1] = (v.w[1] << 4) | (v.w[0] >> 60);
            v.w[0] = (v.w[0] << 4) | (uint64_t) d;
        }
        *out = v;
        return 0;
    }
    for (i = 0; s[i] != '\0'; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        if (duetd_u256_muladd_u64(&v, 10, (uint64_t) (s[i] - '0')) != 0) {
            return -1;
        }
    }
    *out = v;
    return 0;
}


int
duetd_u256_from_be(struct duetd_u256 *out, const uint8_t *p, size_t n)
{
    size_t  i, k;

    memset(out, 0, sizeof(*out));
    if (n > 32) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        k = n - 1 - i;                  /* byte k from the right */
        out->w[k / 8] |= (uint64_t) p[i] << (8 * (k % 8));
    }
    return 0;
}


void
duetd_u256_from_u64(struct duetd_u256 *out, uint64_t v)
{
    memset(out, 0, sizeof(*out));
    out->w[0] = v;
}


void
duetd_u256_to_dec(char out[DUETD_U256_DEC_SIZE], const struct duetd_u256 *a)
{
    struct duetd_u256  q = *a;
    char               tmp[DUETD_U256_DEC_SIZE];
    size_t             k = DUETD_U256_DEC_SIZE - 1;
    uint64_t           r;
    int                j;

    /* Digits from the right, 19 at a time (the last group unpadded). */
    tmp[k] = '\0';
    do {
        r = duetd_u256_div_u64(&q, &q, DUETD_U256_TEN19);
        for (j = 0; j < 19; j++) {
            tmp[--k] = (char) ('0' + r % 10);
            r /= 10;
            if (r == 0 && duetd_u256_is_zero(&q)) {
                break;
            }
        }
    } while (!duetd_u256_is_zero(&q));
    memcpy(out, tmp + k, DUETD_U256_DEC_SIZE - k);
}


int
duetd_u256_cmp(const struct duetd_u256 *a, const struct duetd_u256 *b)
{
    int  i;

    for (i = 3; i >= 0; i--) {
        if (a->w[i] != b->w[i]) {
            return a->w[i] < b->w[i] ? -1 : 1;
        }
    }
    return 0;
}


int
duetd_u256_is_zero(const struct duetd_u256 *a)
{
    return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0;
}


int
duetd_u256_add(struct duetd_u256 *out, const struct duetd_u256 *a,
    const struct duetd_u256 *b)
{
    struct duetd_u256  r;
    uint64_t           carry = 0, s;
    int                i;

    for (i = 0; i < 4; i++) {
        s = a->w[i] + carry;
        carry = s < carry;
        r.w[i] = s + b->w[i];
        carry += r.w[i] < s;
    }
    if (carry != 0) {
        memset(out->w, 0xff, sizeof(out->w));
        return -1;
    }
    *out = r;
    return 0;
}


int
duetd_u256_sub(struct duetd_u256 *out, const struct duetd_u256 *a,
    const struct duetd_u256 *b)
{
    struct duetd_u256  r;
    uint64_t           borrow = 0, d;
    int                i;

    if (duetd_u256_cmp(a, b) < 0) {
        memset(out, 0, sizeof(*out));
        return -1;
    }
    for (i = 0; i < 4; i++) {
        d = a->w[i] - b->w[i];
        r.w[i] = d - borrow;
        borrow = (a->w[i] < b->w[i]) | (d < borrow);
    }
    *out = r;
    return 0;
}


int
duetd_u256_mul_u64(struct duetd_u256 *out, const struct duetd_u256 *a,
    uint64_t m)
{
    struct duetd_u256  r = *a;

    if (duetd_u256_muladd_u64(&r, m, 0) != 0) {
        memset(out->w, 0xff, sizeof(out->w));
        return -1;
    }
    *out = r;
    return 0;
}


uint64_t
duetd_u256_mul_u64_wide(struct duetd_u256 *out, const struct duetd_u256 *a,
    uint64_t m)
{
    struct duetd_u256  r = *a;
    uint64_t           hi;

    hi = duetd_u256_muladd_u64(&r, m, 0);
    *out = r;
    return hi;
}


uint64_t
duetd_u256_div_u64(struct duetd_u256 *out, const struct duetd_u256 *a,
    uint64_t d)
{
    struct duetd_u256  q;
    uint64_t           rem = 0, top;
    int                i, b;

    /* Shift and subtract, a bit at a time: only decimal output uses it. */
    memset(&q, 0, sizeof(q));
    for (i = 3; i >= 0; i--) {
        for (b = 63; b >= 0; b--) {
            top = rem >> 63;
            rem = (rem << 1) | ((a->w[i] >> b) & 1);
            /* With the bit shifted out, rem was >= 2^64 > d. */
            if (top != 0 || rem >= d) {
                rem -= d;
                q.w[i] |= (uint64_t) 1 << b;
            }
        }
    }
    *out = q;
    return rem;
}


double
duetd_u256_to_double(const struct duetd_u256 *a)
{
    uint64_t  top, sticky;
    double    d;
    int       i, k, sh;

    for (i = 3; i > 0 && a->w[i] == 0; i--) {
        continue;
    }
    if (i == 0) {
        return (double) a->w[0];
    }
    /*
     * The 64 bits from the highest set bit down, with every lower bit
     * folded into the last one: converting that rounds exactly as the
     * whole number would (53 of the 64 bits are kept, and the folded
     * bit lies below the rounding bit, where only "non-zero" matters).
     */
    sh = __builtin_clzll(a->w[i]);
    top = sh == 0 ? a->w[i] : (a->w[i] << sh) | (a->w[i - 1] >> (64 - sh));
    sticky = sh == 0 ? a->w[i - 1] : a->w[i - 1] << sh;
    for (k = i - 1; k > 0; k--) {
        sticky |= a->w[k - 1];
    }
    if (sticky != 0) {
        top |= 1;
    }
    /* Scaling by powers of two is exact (and needs no libm). */
    d = (double) top / (double) (1ULL << sh);
    for (k = 0; k < i; k++) {
        d *= 18446744073709551616.0;
    }
    return d;
}


int
duetd_u256_to_u64(const struct duetd_u256 *a, uint64_t *v)
{
    if ((a->w[1] | a->w[2] | a->w[3]) != 0) {
        return 0;
    }
    *v = a->w[0];
    return 1;
}


void
duetd_u256_to_hex(char out[DUETD_U256_HEX_SIZE], const struct duetd_u256 *a)
{
    static const char  digits[] = "0123456789abcdef";
    size_t             n = 2;
    int                i, started = 0;
    unsigned           d;

    out[0] = '0';
    out[1] = 'x';
    for (i = 63; i >= 0; i--) {
        d = (unsigned) (a->w[i / 16] >> (4 * (i % 16))) & 0xf;
        if (d != 0 || started || i == 0) {
            out[n++] = digits[d];
            started = 1;
        }
    }
    out[n] = '\0';
}
