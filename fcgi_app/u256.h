/*
 * u256.h -- unsigned 256-bit integers for the amounts of Ethereum
 * (wei values, token amounts, gas prices) and the sums the guardrails
 * keep of them.  Public values only: nothing here is constant-time.
 */

#ifndef DUETD_U256_H
#define DUETD_U256_H

#include <stddef.h>
#include <stdint.h>

#define DUETD_U256_DEC_SIZE  79     /* 78 digits of 2^256 - 1, and NUL    */

struct duetd_u256 {
    uint64_t  w[4];                 /* little-endian 64-bit limbs         */
};

/*
 * Parse a quantity: decimal digits ("0", "1000"; no sign, no spaces,
 * leading zeros allowed) or "0x" and 1..64 hex digits.
 * Returns: 0, or -1 (malformed, empty, or >= 2^256).
 */
int duetd_u256_parse(struct duetd_u256 *out, const char *s);

/* From a big-endian byte string of at most 32 bytes. Returns 0 or -1. */
int duetd_u256_from_be(struct duetd_u256 *out, const uint8_t *p, size_t n);

void duetd_u256_from_u64(struct duetd_u256 *out, uint64_t v);

#define DUETD_U256_HEX_SIZE  67     /* "0x", 64 hex digits, NUL           */

/* An Ethereum quantity: "0x" and lower-case hex, no leading zeros
 * ("0x0" for zero). */
void duetd_u256_to_hex(char out[DUETD_U256_HEX_SIZE],
    const struct duetd_u256 *a);

/* Decimal text, no leading zeros ("0" for zero). */
void duetd_u256_to_dec(char out[DUETD_U256_DEC_SIZE],
    const struct duetd_u256 *a);

/* -1, 0, 1 as a <, =, > b. */
int duetd_u256_cmp(const struct duetd_u256 *a, const struct duetd_u256 *b);

int duetd_u256_is_zero(const struct duetd_u256 *a);

/* out = a + b; returns -1 on overflow (out is then 2^256 - 1). */
int duetd_u256_add(struct duetd_u256 *out, const struct duetd_u256 *a,
    const struct duetd_u256 *b);

/* out = a - b; returns -1 when b > a (out is then 0). */
int duetd_u256_sub(struct duetd_u256 *out, const struct duetd_u256 *a,
    const struct duetd_u256 *b);

/* out = a * m; returns -1 on overflow (out is then 2^256 - 1). */
int duetd_u256_mul_u64(struct duetd_u256 *out, const struct duetd_u256 *a,
    uint64_t m);

/*
 * out = a * m mod 2^256; returns the bits above, (a * m) >> 256, so that
 * products of up to 320 bits can be compared exactly.
 */
uint64_t duetd_u256_mul_u64_wide(struct duetd_u256 *out,
    const struct duetd_u256 *a, uint64_t m);

/* out = a / d (d != 0); returns the remainder. */
uint64_t duetd_u256_div_u64(struct duetd_u256 *out,
    const struct duetd_u256 *a, uint64_t d);

/* The nearest double (for USD values, which are estimates anyway). */
double duetd_u256_to_double(const struct duetd_u256 *a);

/* Fits in 64 bits: 1 with *v, else 0. */
int duetd_u256_to_u64(const struct duetd_u256 *a, uint64_t *v);

#endif /* DUETD_U256_H */
