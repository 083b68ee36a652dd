/*
 * keccak.c -- Keccak-f[1600] and the Keccak-256 sponge (original padding),
 * written from the FIPS 202 description of the permutation (sections 3.2
 * and 3.3) and the Keccak team's definition of the padding.  See keccak.h.
 *
 * Lanes are 64-bit words; lane (x, y) is st[x + 5 * y], and byte i of the
 * state is byte i % 8 (little-endian) of lane i / 8.  Bytes go in and come
 * out through explicit shifts, so the code is independent of the host's
 * byte order.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "chain/keccak.h"
#include "util/check.h"
#include "util/mem.h"

#define DUET_KECCAK_ROUNDS  24

/*
 * Round constants of the iota step: RC[i] has bit 2^j - 1 set to
 * rc(j + 7i) for j = 0..6, rc being the LFSR x^8 + x^6 + x^5 + x^4 + 1 of
 * FIPS 202 Algorithm 5.
 */
static const uint64_t duet_keccak_rc[DUET_KECCAK_ROUNDS] = {
    0x0000000000000001ULL, 0x0000000000008082ULL,
    0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL,
    0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL,
    0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL,
    0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL,
    0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL,
    0x0000000080000001ULL, 0x8000000080008008ULL,
};

/*
 * Rotation of lane x + 5y in the rho step: starting from (1, 0) and
 * stepping (x, y) -> (y, 2x + 3y mod 5), the t-th lane visited rotates by
 * (t + 1)(t + 2) / 2 mod 64 (FIPS 202 Algorithm 2); lane (0, 0) stays.
 */
static const unsigned duet_keccak_rho[25] = {
     0,  1, 62, 28, 27,
    36, 44,  6, 55, 20,
     3, 10, 43, 25, 39,
    41, 45, 15, 21,  8,
    18,  2, 61, 56, 14,
};


static uint64_t
duet_keccak_rotl(uint64_t v, unsigned n)
{
    /* The mask keeps n = 0 from shifting by 64, which C leaves undefined. */
    return (v << n) | (v >> ((64 - n) & 63));
}


static uint64_t
duet_keccak_load64_le(const uint8_t *p)
{
    uint64_t v = 0;
    unsigned i;

    for (i = 8; i > 0; i--) {
        v = (v << 8) | p[i - 1];
    }

    return v;
}


/* Keccak-f[1600]: 24 rounds of theta, rho, pi, chi, iota on st. */
static void
duet_keccak_f1600(uint64_t st[25])
{
    uint64_t b[25], c[5], d[5];
    unsigned round, x, y;

    for (round = 0; round < DUET_KECCAK_ROUNDS; round++) {
        /* theta: add the parities of two neighbouring columns. */
        for (x = 0; x < 5; x++) {
            c[x] = st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20];
        }
        for (x = 0; x < 5; x++) {
            d[x] = c[(x + 4) % 5] ^ duet_keccak_rotl(c[(x + 1) % 5], 1);
        }
        for (y = 0; y < 25; y += 5) {
            for (x = 0; x < 5; x++) {
                st[y + x] ^= d[x];
            }
        }

        /* rho and pi: lane (x, y) rotates and moves to (y, 2x + 3y). */
        for (y = 0; y < 5; y++) {
            for (x = 0; x < 5; x++) {
                b[y + 5 * ((2 * x + 3 * y) % 5)] =
                    duet_keccak_rotl(st[x + 5 * y], duet_keccak_rho[x + 5 * y]);
            }
        }

        /* chi: the only non-linear step, row by row. */
        for (y = 0; y < 25; y += 5) {
            for (x = 0; x < 5; x++) {
                st[y + x] = b[y + x]
                    ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
            }
        }

        /* iota */
        st[0] ^= duet_keccak_rc[round];
    }

    /* The temporaries are mixed from the input, which may be secret. */
    duet_memclear(b, sizeof(b));
    duet_memclear(c, sizeof(c));
    duet_memclear(d, sizeof(d));
}


/* XOR one byte into state byte i (i < DUET_KECCAK256_RATE). */
static void
duet_keccak_xor_byte(uint64_t st[25], size_t i, uint8_t v)
{
    st[i / 8] ^= (uint64_t) v << (8 * (i % 8));
}


void
duet_keccak256_init(struct duet_keccak256 *ctx)
{
    VERIFY_CHECK(ctx != NULL);

    memset(ctx->st, 0, sizeof(ctx->st));
    ctx->pos = 0;
}


void
duet_keccak256_update(struct duet_keccak256 *ctx, const uint8_t *in,
    size_t n)
{
    size_t i;

    VERIFY_CHECK(ctx != NULL);
    VERIFY_CHECK(in != NULL || n == 0);
    VERIFY_CHECK(ctx->pos < DUET_KECCAK256_RATE);

    /* Top up a partial block byte by byte. */
    while (n > 0 && ctx->pos != 0) {
        duet_keccak_xor_byte(ctx->st, ctx->pos++, *in++);
        n--;
        if (ctx->pos == DUET_KECCAK256_RATE) {
            duet_keccak_f1600(ctx->st);
            ctx->pos = 0;
        }
    }

    /* Whole blocks a lane at a time. */
    while (n >= DUET_KECCAK256_RATE) {
        for (i = 0; i < DUET_KECCAK256_RATE / 8; i++) {
            ctx->st[i] ^= duet_keccak_load64_le(in + 8 * i);
        }
        duet_keccak_f1600(ctx->st);
        in += DUET_KECCAK256_RATE;
        n -= DUET_KECCAK256_RATE;
    }

    /* The tail starts a new partial block. */
    while (n > 0) {
        duet_keccak_xor_byte(ctx->st, ctx->pos++, *in++);
        n--;
    }
}


void
duet_keccak256_final(struct duet_keccak256 *ctx,
    uint8_t out[DUET_KECCAK256_SIZE])
{
    size_t i;

    VERIFY_CHECK(ctx != NULL && out != NULL);
    VERIFY_CHECK(ctx->pos < DUET_KECCAK256_RATE);

    /*
     * Keccak's own padding: the bit 1 right after the message (0x01 here;
     * SHA3 would put 0x06, its two domain bits then the 1), then zeros, then
     * a final 1 in the last bit of the block.  When only one byte of the
     * block is left both land in it, as 0x81.
     */
    duet_keccak_xor_byte(ctx->st, ctx->pos, 0x01);
    duet_keccak_xor_byte(ctx->st, DUET_KECCAK256_RATE - 1, 0x80);
    duet_keccak_f1600(ctx->st);

    /* 32 bytes fit in the first block of output: one squeeze. */
    for (i = 0; i < DUET_KECCAK256_SIZE; i++) {
        out[i] = (uint8_t) (ctx->st[i / 8] >> (8 * (i % 8)));
    }

    duet_memclear(ctx, sizeof(*ctx));
}


void
duet_keccak256(uint8_t out[DUET_KECCAK256_SIZE], const uint8_t *in,
    size_t n)
{
    struct duet_keccak256 ctx;

    duet_keccak256_init(&ctx);
    duet_keccak256_update(&ctx, in, n);
    duet_keccak256_final(&ctx, out);
}
