/*
 * transcript.c -- Fiat-Shamir transcripts: the encoding, the stream and the
 * challenge samplers specified in transcript.h.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "hash/hash.h"
#include "transcript/transcript.h"
#include "util/check.h"

#define DUET_FS_DOMAIN          "duet.fs.v1"
#define DUET_FS_DOMAIN_LEN      (sizeof(DUET_FS_DOMAIN) - 1)
#define DUET_FS_STREAM          "duet.fs.stream.v1"
#define DUET_FS_STREAM_LEN      (sizeof(DUET_FS_STREAM) - 1)

/* Values of t->state; 0 (a zeroed struct) is "not started". */
#define DUET_TRANSCRIPT_ABSORBING  0x46534162u
#define DUET_TRANSCRIPT_SQUEEZING  0x46535371u

/* u16 id || u8 type || u32 len */
#define DUET_FIELD_HEADER_BYTES    7


static void
duet_store_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t) (v >> 8);
    p[1] = (uint8_t) v;
}


static void
duet_store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t) (v >> 24);
    p[1] = (uint8_t) (v >> 16);
    p[2] = (uint8_t) (v >> 8);
    p[3] = (uint8_t) v;
}


static void
duet_store_be64(uint8_t *p, uint64_t v)
{
    duet_store_be32(p, (uint32_t) (v >> 32));
    duet_store_be32(p + 4, (uint32_t) v);
}


/* Record the first error and return the sticky one. */
static int
duet_transcript_fail(struct duet_transcript *t, int r)
{
    if (t->err == 0) {
        t->err = r;
    }
    return t->err;
}


int
duet_transcript_init(struct duet_transcript *t, const char *tag,
    uint32_t version, const uint8_t *sid, size_t sid_len, uint16_t prover,
    uint32_t discriminator)
{
    uint8_t hdr[4 + DUET_FS_DOMAIN_LEN + 4 + DUET_TRANSCRIPT_TAG_MAX + 4
        + 4 + DUET_TRANSCRIPT_SID_MAX + 2 + 4];
    size_t tag_len = 0, off = 0;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(t != NULL);

    memset(t, 0, sizeof(*t));
    if (tag == NULL || sid == NULL) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    while (tag_len <= DUET_TRANSCRIPT_TAG_MAX && tag[tag_len] != '\0') {
        tag_len++;
    }
    if (tag_len == 0 || tag_len > DUET_TRANSCRIPT_TAG_MAX
        || sid_len < DUET_TRANSCRIPT_SID_MIN
        || sid_len > DUET_TRANSCRIPT_SID_MAX)
    {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }

    duet_store_be32(hdr + off, (uint32_t) DUET_FS_DOMAIN_LEN);
    off += 4;
    memcpy(hdr + off, DUET_FS_DOMAIN, DUET_FS_DOMAIN_LEN);
    off += DUET_FS_DOMAIN_LEN;
    duet_store_be32(hdr + off, (uint32_t) tag_len);
    off += 4;
    memcpy(hdr + off, tag, tag_len);
    off += tag_len;
    duet_store_be32(hdr + off, version);
    off += 4;
    duet_store_be32(hdr + off, (uint32_t) sid_len);
    off += 4;
    memcpy(hdr + off, sid, sid_len);
    off += sid_len;
    duet_store_be16(hdr + off, prover);
    off += 2;
    duet_store_be32(hdr + off, discriminator);
    off += 4;

    if ((r = duet_sha256_init(&t->h)) != 0
        || (r = duet_sha256_update(&t->h, hdr, off)) != 0)
    {
        goto out;
    }
    t->state = DUET_TRANSCRIPT_ABSORBING;
    r = 0;

out:
    if (r != 0) {
        duet_transcript_clear(t);
    }
    duet_memclear(hdr, sizeof(hdr));
    return r;
}


void
duet_transcript_clear(struct duet_transcript *t)
{
    if (t == NULL) {
        return;
    }
    duet_sha256_clear(&t->h);
    duet_memclear(t, sizeof(*t));
}


int
duet_transcript_error(const struct duet_transcript *t)
{
    VERIFY_CHECK(t != NULL);

    if (t->state != DUET_TRANSCRIPT_ABSORBING
        && t->state != DUET_TRANSCRIPT_SQUEEZING)
    {
        return DUET_ERR_BAD_STATE;
    }
    return t->err;
}


/*
 * Returns: 0 if t accepts another field, else the error to return: a
 * transcript never started says DUET_ERR_BAD_STATE (and stays unstarted),
 * a failed one its sticky error, a squeezing one DUET_ERR_BAD_STATE (made
 * sticky).
 */
static int
duet_transcript_absorbing(struct duet_transcript *t)
{
    VERIFY_CHECK(t != NULL);

    if (t->state != DUET_TRANSCRIPT_ABSORBING
        && t->state != DUET_TRANSCRIPT_SQUEEZING)
    {
        return DUET_ERR_BAD_STATE;
    }
    if (t->err != 0) {
        return t->err;
    }
    if (t->state != DUET_TRANSCRIPT_ABSORBING) {
        return duet_transcript_fail(t, DUET_ERR_BAD_STATE);
    }
    return 0;
}


/*
 * Absorb one field whose payload is pre[0..pre_len) || p[0..len) (pre is
 * the sign byte of an SBN).
 */
static int
duet_transcript_field(struct duet_transcript *t, uint16_t id, uint8_t type,
    const uint8_t *pre, size_t pre_len, const uint8_t *p, size_t len)
{
    uint8_t hdr[DUET_FIELD_HEADER_BYTES];
    int r;

    VERIFY_CHECK(p != NULL || len == 0);

    if ((r = duet_transcript_absorbing(t)) != 0) {
        return r;
    }
    if (id == DUET_TRANSCRIPT_FIELD_END) {
        return duet_transcript_fail(t, DUET_ERR_INVALID_ARGUMENT);
    }
    if (len > UINT32_MAX - pre_len) {
        return duet_transcript_fail(t, DUET_ERR_LIMIT_EXCEEDED);
    }

    duet_store_be16(hdr, id);
    hdr[2] = type;
    duet_store_be32(hdr + 3, (uint32_t) (pre_len + len));
    if ((r = duet_sha256_update(&t->h, hdr, sizeof(hdr))) != 0
        || (r = duet_sha256_update(&t->h, pre, pre_len)) != 0
        || (r = duet_sha256_update(&t->h, p, len)) != 0)
    {
        return duet_transcript_fail(t, r);
    }
    t->nfields++;
    return 0;
}


int
duet_transcript_absorb_bytes(struct duet_transcript *t, uint16_t id,
    const uint8_t *p, size_t len)
{
    return duet_transcript_field(t, id, DUET_TRANSCRIPT_T_BYTES, NULL, 0,
        p, len);
}


int
duet_transcript_absorb_u64(struct duet_transcript *t, uint16_t id,
    uint64_t v)
{
    uint8_t b[8];

    duet_store_be64(b, v);
    return duet_transcript_field(t, id, DUET_TRANSCRIPT_T_U64, NULL, 0, b,
        sizeof(b));
}


/* Absorb |x| (minimal magnitude) as type, after the optional sign byte. */
static int
duet_transcript_field_mag(struct duet_transcript *t, uint16_t id,
    uint8_t type, const uint8_t *pre, size_t pre_len, const mpz_t x)
{
    uint8_t buf[DUET_TRANSCRIPT_BN_MAX_BYTES];
    mpz_t mag;
    size_t len;
    int r;

    if ((r = duet_transcript_absorbing(t)) != 0) {
        return r;
    }
    len = duet_bn_bytes(x);
    if (len > sizeof(buf)) {
        return duet_transcript_fail(t, DUET_ERR_LIMIT_EXCEEDED);
    }
    /* |x| as a read-only alias: no copy of the limbs. */
    mpz_roinit_n(mag, mpz_limbs_read(x), (mp_size_t) mpz_size(x));
    if ((r = duet_bn_export_fixed(buf, len, mag)) != 0) {
        r = duet_transcript_fail(t, DUET_ERR_INTERNAL);
    } else {
        r = duet_transcript_field(t, id, type, pre, pre_len, buf, len);
    }
    duet_memclear(buf, len);
    return r;
}


int
duet_transcript_absorb_bn(struct duet_transcript *t, uint16_t id,
    const mpz_t x)
{
    int r;

    if ((r = duet_transcript_absorbing(t)) != 0) {
        return r;
    }
    if (mpz_sgn(x) < 0) {
        return duet_transcript_fail(t, DUET_ERR_INVALID_ARGUMENT);
    }
    return duet_transcript_field_mag(t, id, DUET_TRANSCRIPT_T_BN, NULL, 0,
        x);
}


int
duet_transcript_absorb_bn_bytes(struct duet_transcript *t, uint16_t id,
    const uint8_t *mag, size_t len)
{
    int r;

    VERIFY_CHECK(mag != NULL || len == 0);

    if ((r = duet_transcript_absorbing(t)) != 0) {
        return r;
    }
    /* Canonical form: the count of leading zeros is not part of it. */
    while (len > 0 && mag[0] == 0) {
        mag++;
        len--;
    }
    if (len > DUET_TRANSCRIPT_BN_MAX_BYTES) {
        return duet_transcript_fail(t, DUET_ERR_LIMIT_EXCEEDED);
    }
    return duet_transcript_field(t, id, DUET_TRANSCRIPT_T_BN, NULL, 0, mag,
        len);
}


int
duet_transcript_absorb_sbn(struct duet_transcript *t, uint16_t id,
    const mpz_t x)
{
    uint8_t sign = mpz_sgn(x) < 0 ? 1 : 0;

    return duet_transcript_field_mag(t, id, DUET_TRANSCRIPT_T_SBN, &sign, 1,
        x);
}


int
duet_transcript_absorb_scalar(struct duet_transcript *t, uint16_t id,
    const struct duet_scalar *s)
{
    VERIFY_CHECK(s != NULL);

    return duet_transcript_field(t, id, DUET_TRANSCRIPT_T_SCALAR, NULL, 0,
        s->b, DUET_SCALAR_BYTES);
}


int
duet_transcript_absorb_point(struct duet_transcript *t, uint16_t id,
    const struct duet_point *p)
{
    uint8_t enc[DUET_POINT_BYTES];
    int r;

    VERIFY_CHECK(p != NULL);

    if ((r = duet_transcript_absorbing(t)) != 0) {
        return r;
    }
    if ((r = duet_point_encode(enc, p, DUET_POINT_ALLOW_INFINITY)) != 0) {
        return duet_transcript_fail(t, r);
    }
    return duet_transcript_field(t, id, DUET_TRANSCRIPT_T_POINT, NULL, 0,
        enc, sizeof(enc));
}


/* End absorption: append the end marker and compute the seed.  Idempotent. */
static int
duet_transcript_squeeze(struct duet_transcript *t)
{
    uint8_t end[DUET_FIELD_HEADER_BYTES + 8];
    int r;

    if ((r = duet_transcript_error(t)) != 0) {
        return r;
    }
    if (t->state == DUET_TRANSCRIPT_SQUEEZING) {
        return 0;
    }

    duet_store_be16(end, DUET_TRANSCRIPT_FIELD_END);
    end[2] = DUET_TRANSCRIPT_T_END;
    duet_store_be32(end + 3, 8);
    duet_store_be64(end + DUET_FIELD_HEADER_BYTES, t->nfields);
    if ((r = duet_sha256_update(&t->h, end, sizeof(end))) != 0
        || (r = duet_sha256_final(&t->h, t->seed)) != 0)
    {
        duet_sha256_clear(&t->h);
        return duet_transcript_fail(t, r);
    }
    t->state = DUET_TRANSCRIPT_SQUEEZING;
    t->counter = 0;
    t->used = sizeof(t->block);
    return 0;
}


int
duet_transcript_digest(struct duet_transcript *t,
    uint8_t out[DUET_SHA256_BYTES])
{
    int r;

    VERIFY_CHECK(t != NULL && out != NULL);

    if ((r = duet_transcript_squeeze(t)) != 0) {
        duet_memclear(out, DUET_SHA256_BYTES);
        return r;
    }
    memcpy(out, t->seed, DUET_SHA256_BYTES);
    return 0;
}


/* block_k = SHA-256(u32 17 || "duet.fs.stream.v1" || u64 k || seed). */
static int
duet_transcript_refill(struct duet_transcript *t)
{
    uint8_t msg[4 + DUET_FS_STREAM_LEN + 8 + DUET_SHA256_BYTES];
    int r;

    duet_store_be32(msg, (uint32_t) DUET_FS_STREAM_LEN);
    memcpy(msg + 4, DUET_FS_STREAM, DUET_FS_STREAM_LEN);
    duet_store_be64(msg + 4 + DUET_FS_STREAM_LEN, t->counter);
    memcpy(msg + 4 + DUET_FS_STREAM_LEN + 8, t->seed, DUET_SHA256_BYTES);
    if ((r = duet_sha256(t->block, msg, sizeof(msg))) != 0) {
        return duet_transcript_fail(t, r);
    }
    t->counter++;
    t->used = 0;
    return 0;
}


int
duet_transcript_challenge_bytes(struct duet_transcript *t, uint8_t *out,
    size_t n)
{
    size_t off = 0, take;
    int r;

    VERIFY_CHECK(t != NULL);
    VERIFY_CHECK(out != NULL || n == 0);

    if ((r = duet_transcript_squeeze(t)) != 0) {
        goto out;
    }
    while (off < n) {
        if (t->used == sizeof(t->block)
            && (r = duet_transcript_refill(t)) != 0)
        {
            goto out;
        }
        take = sizeof(t->block) - t->used;
        if (take > n - off) {
            take = n - off;
        }
        memcpy(out + off, t->block + t->used, take);
        t->used += take;
        off += take;
    }
    r = 0;

out:
    if (r != 0 && n > 0) {
        duet_memclear(out, n);
    }
    return r;
}


/*
 * x uniform in [0, bound) (unit != 0: in Z*_bound) by rejection over
 * bitlen(bound)-bit draws.
 */
static int
duet_transcript_sample(struct duet_transcript *t, mpz_t x, const mpz_t bound,
    int unit)
{
    uint8_t buf[DUET_TRANSCRIPT_BN_MAX_BYTES];
    size_t nbits, nbytes = 0;
    unsigned tries;
    int r = DUET_ERR_INTERNAL, good;

    VERIFY_CHECK(t != NULL);

    mpz_set_ui(x, 0);
    if ((r = duet_transcript_squeeze(t)) != 0) {
        goto out;
    }
    if (mpz_sgn(bound) <= 0 || (unit && mpz_cmp_ui(bound, 1) <= 0)) {
        r = duet_transcript_fail(t, DUET_ERR_INVALID_ARGUMENT);
        goto out;
    }
    nbits = mpz_sizeinbase(bound, 2);
    nbytes = (nbits + 7) / 8;
    if (nbytes > sizeof(buf)) {
        nbytes = 0;
        r = duet_transcript_fail(t, DUET_ERR_LIMIT_EXCEEDED);
        goto out;
    }

    for (tries = 0; tries < DUET_TRANSCRIPT_MAX_TRIES; tries++) {
        if ((r = duet_transcript_challenge_bytes(t, buf, nbytes)) != 0) {
            goto out;
        }
        buf[0] &= (uint8_t) (0xffu >> (8 * nbytes - nbits));
        duet_bn_import(x, buf, nbytes);
        good = unit ? duet_bn_is_unit_var(x, bound) : mpz_cmp(x, bound) < 0;
        if (good) {
            r = 0;
            goto out;
        }
    }
    r = duet_transcript_fail(t, DUET_ERR_LIMIT_EXCEEDED);

out:
    if (r != 0) {
        mpz_set_ui(x, 0);
    }
    duet_memclear(buf, nbytes);
    return r;
}


int
duet_transcript_challenge_below(struct duet_transcript *t, mpz_t x,
    const mpz_t bound)
{
    VERIFY_CHECK(x != bound);

    return duet_transcript_sample(t, x, bound, 0);
}


int
duet_transcript_challenge_unit(struct duet_transcript *t, mpz_t y,
    const mpz_t n)
{
    VERIFY_CHECK(y != n);

    return duet_transcript_sample(t, y, n, 1);
}


int
duet_transcript_challenge_pm(struct duet_transcript *t, mpz_t x,
    const mpz_t X)
{
    mpz_t half, size;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(x != X);

    mpz_inits(half, size, NULL);
    if (mpz_sgn(X) <= 0) {
        mpz_set_ui(x, 0);
        if ((r = duet_transcript_error(t)) == 0) {
            r = duet_transcript_fail(t, DUET_ERR_INVALID_ARGUMENT);
        }
        goto out;
    }
    /* 2*floor(X/2) + 1 values, centred on zero. */
    mpz_fdiv_q_2exp(half, X, 1);
    mpz_mul_2exp(size, half, 1);
    mpz_add_ui(size, size, 1);
    if ((r = duet_transcript_sample(t, x, size, 0)) != 0) {
        goto out;
    }
    mpz_sub(x, x, half);
    r = 0;

out:
    mpz_clears(half, size, NULL);
    return r;
}


int
duet_transcript_challenge_pm_pow2(struct duet_transcript *t, mpz_t x,
    unsigned k)
{
    mpz_t X;
    int r;

    if (k == 0) {
        mpz_set_ui(x, 0);
        if ((r = duet_transcript_error(t)) != 0) {
            return r;
        }
        return duet_transcript_fail(t, DUET_ERR_INVALID_ARGUMENT);
    }
    mpz_init(X);
    mpz_setbit(X, k);
    r = duet_transcript_challenge_pm(t, x, X);
    mpz_clear(X);
    return r;
}


int
duet_transcript_challenge_pm_q(struct duet_transcript *t, mpz_t x)
{
    mpz_t q;
    int r;

    mpz_init(q);
    duet_curve_order(q);
    r = duet_transcript_challenge_pm(t, x, q);
    mpz_clear(q);
    return r;
}


int
duet_transcript_challenge_scalar(struct duet_transcript *t,
    struct duet_scalar *s)
{
    uint8_t buf[DUET_SCALAR_BYTES];
    unsigned tries;
    int r = DUET_ERR_INTERNAL;

    VERIFY_CHECK(t != NULL && s != NULL);

    for (tries = 0; tries < DUET_TRANSCRIPT_MAX_TRIES; tries++) {
        if ((r = duet_transcript_challenge_bytes(t, buf, sizeof(buf))) != 0) {
            goto out;
        }
        if (duet_scalar_from_bytes(s, buf) == 0) {
            r = 0;
            goto out;
        }
    }
    r = duet_transcript_fail(t, DUET_ERR_LIMIT_EXCEEDED);

out:
    if (r != 0) {
        duet_scalar_clear(s);
    }
    duet_memclear(buf, sizeof(buf));
    return r;
}


int
duet_transcript_challenge_bits(struct duet_transcript *t, uint8_t *out,
    size_t nbits)
{
    size_t nbytes = nbits / 8 + (nbits % 8 != 0);
    int r;

    VERIFY_CHECK(t != NULL);
    VERIFY_CHECK(out != NULL || nbits == 0);

    if ((r = duet_transcript_challenge_bytes(t, out, nbytes)) != 0) {
        return r;
    }
    if (nbits % 8 != 0) {
        out[nbytes - 1] &= (uint8_t) ((1u << (nbits % 8)) - 1);
    }
    return 0;
}
