/*
 * zk_mod.c -- Pi^mod, the Paillier-Blum modulus proof; see zk_mod.h.
 *
 * The prover's arithmetic, per prime x in {p, q} (x = 3 mod 4, so
 * x' = (x - 1) / 2 is odd and QR_x has odd order x'):
 *
 *   d_x = 2 (8^-1 mod x')      even, and 4 d_x = 1 + k x' with k odd.
 *                              For any u in Z*_x, c = u^d_x is a square
 *                              (d_x even) and c^4 = u u^(k x') =
 *                              Legendre(u, x) u.  So c is the principal
 *                              fourth root of u when u is a square mod x,
 *                              and c^4 tells whether it is.
 *   e_x = N^-1 mod (x - 1)     taken odd: 1 + 2 ((v - 1) 2^-1 mod x') with
 *                              v = N^-1 mod x' (odd modulus: constant-time
 *                              inversion).
 *
 * With omega_x = w^d_x and c_x = y^d_x, x_i = CRT(c_x omega_x^b) is the
 * principal fourth root of (-1)^a w^b y once (a, b) make that a square mod
 * p and mod q, and z_i = CRT(y^e_x).  Four half-size secret
 * exponentiations per entry, about a quarter of the cost of the
 * full-size formula y^((phi + 4) / 8), applied twice, of spec 2.4.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "bn/bn.h"
#include "bn/prime.h"
#include "codec/buf.h"
#include "transcript/transcript.h"
#include "util/checkmem.h"
#include "zk/zk.h"
#include "zk/zk_mod.h"

#define ZK_MOD_TAG          "duet.zk.mod"
#define ZK_MOD_VERSION      1

#define ZK_MOD_FIELD_N      (DUET_ZK_FIELD_PROOF + 0)
#define ZK_MOD_FIELD_W      (DUET_ZK_FIELD_PROOF + 1)

/* Draws of w before giving up: each succeeds with probability 1/2. */
#define ZK_MOD_W_TRIES      256

/* Per-prime data of the prover (all SECRET). */
struct mod_prime {
    mpz_srcptr x;               /* the prime */
    mpz_t d;                    /* fourth-root exponent, see above */
    mpz_t e;                    /* N^-1 mod (x - 1), odd */
    mpz_t omega;                /* w^d mod x */
    mpz_t u;                    /* scratch: y mod x */
};


void
duet_zk_mod_proof_init(struct duet_zk_mod_proof *proof)
{
    size_t i;

    mpz_init(proof->w);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_init(proof->x[i]);
        mpz_init(proof->z[i]);
    }
    memset(proof->a, 0, sizeof(proof->a));
    memset(proof->b, 0, sizeof(proof->b));
    proof->m = 0;
}


void
duet_zk_mod_proof_clear(struct duet_zk_mod_proof *proof)
{
    size_t i;

    mpz_clear(proof->w);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_clear(proof->x[i]);
        mpz_clear(proof->z[i]);
    }
    memset(proof->a, 0, sizeof(proof->a));
    memset(proof->b, 0, sizeof(proof->b));
    proof->m = 0;
}


static void
mod_proof_reset(struct duet_zk_mod_proof *proof)
{
    size_t i;

    mpz_set_ui(proof->w, 0);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_set_ui(proof->x[i], 0);
        mpz_set_ui(proof->z[i], 0);
    }
    memset(proof->a, 0, sizeof(proof->a));
    memset(proof->b, 0, sizeof(proof->b));
    proof->m = 0;
}


/*
 * Start the transcript over (ctx, N, w) and draw the m challenges, in order,
 * from the one stream.  The prover and the verifier both come here.
 */
static int
mod_challenges(const struct duet_zk_ctx *ctx, const mpz_t n, const mpz_t w,
    mpz_t *y, size_t m)
{
    struct duet_transcript t;
    size_t i;
    int r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if ((r = duet_zk_transcript_start(&t, ZK_MOD_TAG, ZK_MOD_VERSION,
            ctx)) != 0)
    {
        goto out;
    }
    (void) duet_transcript_absorb_bn(&t, ZK_MOD_FIELD_N, n);
    (void) duet_transcript_absorb_bn(&t, ZK_MOD_FIELD_W, w);
    for (i = 0; i < m; i++) {
        if ((r = duet_transcript_challenge_unit(&t, y[i], n)) != 0) {
            goto out;
        }
    }
    r = 0;

out:
    duet_transcript_clear(&t);
    return r;
}


#ifdef DUET_TEST_HOOKS
int
duet_zk_mod_test_challenges(const struct duet_zk_ctx *ctx,
    const struct duet_zk_mod_stmt *stmt, const mpz_t w, mpz_t *y, size_t m)
{
    return mod_challenges(ctx, stmt->n, w, y, m);
}
#endif


/*
 * Mark the limbs of x, computed from secrets, as public: x is part of the
 * proof.  Only a marker for the constant-time test (util/checkmem.h).
 */
static void
mod_declassify_bn(const mpz_t x)
{
    duet_declassify(x, sizeof(*x));
    duet_declassify(mpz_limbs_read(x), mpz_size(x) * sizeof(mp_limb_t));
}


/*
 * Returns: 1 if a = b, for 0 <= a, b of at most n limbs, comparing all n
 * limbs whatever the values (the limb counts of a and b are the mpz_t
 * hazard of bn.h; nothing finer leaks).
 */
static int
mod_ct_equal(const mpz_t a, const mpz_t b, size_t n)
{
    const mp_limb_t *ap = mpz_limbs_read(a), *bp = mpz_limbs_read(b);
    size_t an = mpz_size(a), bn = mpz_size(b), i;
    mp_limb_t diff = 0, x, y;

    for (i = 0; i < n; i++) {
        x = i < an ? ap[i] : 0;
        y = i < bn ? bp[i] : 0;
        diff |= x ^ y;
    }
    /* diff != 0 sets the top bit of diff | -diff. */
    return (int) (((diff | ((mp_limb_t) 0 - diff)) >> (GMP_NUMB_BITS - 1))
        ^ 1);
}


/*
 * The exponents d_x and e_x of one prime (see the top of the file).
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT if gcd(N, x') != 1 (then
 * gcd(N, phi(N)) != 1), DUET_ERR_NO_MEMORY.
 */
static int
mod_prime_setup(struct mod_prime *mp, const mpz_t n)
{
    mpz_t x1, h;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(x1, h, NULL);
    /* x' = (x - 1) / 2 (odd, > 1), h = (x' + 1) / 2 = 2^-1 mod x'. */
    mpz_fdiv_q_2exp(x1, mp->x, 1);
    mpz_add_ui(h, x1, 1);
    mpz_fdiv_q_2exp(h, h, 1);
    /* d = 2 h^3 mod x'. */
    if ((r = duet_bn_mulmod_sec(mp->d, h, h, x1)) != 0
        || (r = duet_bn_mulmod_sec(mp->d, mp->d, h, x1)) != 0)
    {
        goto out;
    }
    mpz_mul_2exp(mp->d, mp->d, 1);
    /* e = 1 + 2 ((v - 1 + x') h mod x'), v = N^-1 mod x' (v >= 1). */
    if ((r = duet_bn_invert_sec(mp->e, n, x1)) != 0) {
        goto out;
    }
    mpz_add(mp->e, mp->e, x1);
    mpz_sub_ui(mp->e, mp->e, 1);
    if ((r = duet_bn_mulmod_sec(mp->e, mp->e, h, x1)) != 0) {
        goto out;
    }
    mpz_mul_2exp(mp->e, mp->e, 1);
    mpz_add_ui(mp->e, mp->e, 1);
    r = 0;

out:
    mpz_clears(x1, h, NULL);
    return r;
}


/* Check the witness against N (p, q are SECRET; only the verdict leaks). */
static int
mod_check_witness(const mpz_t n, const mpz_t p, const mpz_t q)
{
    mpz_t t;
    int good;

    mpz_init(t);
    mpz_mul(t, p, q);
    good = mpz_cmp_ui(p, 3) > 0 && mpz_cmp_ui(q, 3) > 0
        && mpz_fdiv_ui(p, 4) == 3 && mpz_fdiv_ui(q, 4) == 3
        && mpz_cmp(p, q) != 0 && mpz_cmp(t, n) == 0;
    mpz_clear(t);
    duet_declassify(&good, sizeof(good));

    return good ? 0 : DUET_ERR_INVALID_ARGUMENT;
}


int
duet_zk_mod_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_mod_proof *proof, const struct duet_zk_mod_stmt *stmt,
    const struct duet_zk_mod_wit *wit)
{
    const struct duet_level *lv = ctx->level;
    struct mod_prime mp, mq;
    mpz_t y[DUET_ZK_MOD_M_MAX];
    mpz_t q_inv_p, cp, cq, c4;
    unsigned ebits, i, tries;
    size_t plimbs;
    int w_nonres, y_nonres, a, b;
    int r = DUET_ERR_INTERNAL;

    mp.x = wit->p;
    mq.x = wit->q;
    mpz_inits(mp.d, mp.e, mp.omega, mp.u, mq.d, mq.e, mq.omega, mq.u,
        q_inv_p, cp, cq, c4, NULL);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_init(y[i]);
    }
    mod_proof_reset(proof);
    if (lv == NULL || lv->m > DUET_ZK_MOD_M_MAX) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if ((r = mod_check_witness(stmt->n, wit->p, wit->q)) != 0) {
        goto out;
    }
    /* The exponents' public bound: the longer factor's length. */
    ebits = (unsigned) mpz_sizeinbase(wit->p, 2);
    if (mpz_sizeinbase(wit->q, 2) > ebits) {
        ebits = (unsigned) mpz_sizeinbase(wit->q, 2);
    }
    plimbs = mpz_size(wit->p);
    /* The factors' lengths: public for a key of the level's size. */
    duet_declassify(&ebits, sizeof(ebits));
    duet_declassify(&plimbs, sizeof(plimbs));
    if ((r = mod_prime_setup(&mp, stmt->n)) != 0
        || (r = mod_prime_setup(&mq, stmt->n)) != 0
        || (r = duet_bn_invert_sec(q_inv_p, wit->q, wit->p)) != 0)
    {
        goto out;
    }

    /* w: public, so its Jacobi symbol is computed in variable time. */
    r = DUET_ERR_RANDOM;
    for (tries = 0; tries < ZK_MOD_W_TRIES; tries++) {
        if ((r = duet_bn_random_unit(proof->w, stmt->n)) != 0) {
            goto out;
        }
        if (mpz_jacobi(proof->w, stmt->n) == -1) {
            break;
        }
        r = DUET_ERR_RANDOM;
    }
    if (r != 0) {
        goto out;
    }
    /* omega_x = w^d_x mod x; whether w is a non-residue mod p. */
    if ((r = duet_bn_mod_sec(mp.u, proof->w, mp.x)) != 0
        || (r = duet_bn_powm_sec(mp.omega, mp.u, mp.d, ebits, mp.x)) != 0
        || (r = duet_bn_mod_sec(mq.u, proof->w, mq.x)) != 0
        || (r = duet_bn_powm_sec(mq.omega, mq.u, mq.d, ebits, mq.x)) != 0
        || (r = duet_bn_mulmod_sec(c4, mp.omega, mp.omega, mp.x)) != 0
        || (r = duet_bn_mulmod_sec(c4, c4, c4, mp.x)) != 0)
    {
        goto out;
    }
    w_nonres = !mod_ct_equal(c4, mp.u, plimbs);

    if ((r = mod_challenges(ctx, stmt->n, proof->w, y, lv->m)) != 0) {
        goto out;
    }
    for (i = 0; i < lv->m; i++) {
        /* c_p = y^d_p mod p, and c_p^4 = Legendre(y, p) y. */
        if ((r = duet_bn_mod_sec(mp.u, y[i], mp.x)) != 0
            || (r = duet_bn_powm_sec(cp, mp.u, mp.d, ebits, mp.x)) != 0
            || (r = duet_bn_mulmod_sec(c4, cp, cp, mp.x)) != 0
            || (r = duet_bn_mulmod_sec(c4, c4, c4, mp.x)) != 0)
        {
            goto out;
        }
        y_nonres = !mod_ct_equal(c4, mp.u, plimbs);
        /*
         * b makes Jacobi((-1)^a w^b y, N) = 1 (public); a then makes it a
         * square mod p, hence mod q.  Both are published in the proof.
         */
        b = mpz_jacobi(y[i], stmt->n) == -1;
        a = y_nonres ^ (b & w_nonres);
        duet_declassify(&a, sizeof(a));
        if ((r = duet_bn_mod_sec(mq.u, y[i], mq.x)) != 0
            || (r = duet_bn_powm_sec(cq, mq.u, mq.d, ebits, mq.x)) != 0)
        {
            goto out;
        }
        if (b
            && ((r = duet_bn_mulmod_sec(cp, cp, mp.omega, mp.x)) != 0
                || (r = duet_bn_mulmod_sec(cq, cq, mq.omega, mq.x)) != 0))
        {
            goto out;
        }
        if ((r = duet_bn_crt_sec(proof->x[i], cp, cq, mp.x, mq.x,
                                 q_inv_p)) != 0)
        {
            goto out;
        }
        /* z = y^(N^-1 mod phi). */
        if ((r = duet_bn_powm_sec(cp, mp.u, mp.e, ebits, mp.x)) != 0
            || (r = duet_bn_powm_sec(cq, mq.u, mq.e, ebits, mq.x)) != 0
            || (r = duet_bn_crt_sec(proof->z[i], cp, cq, mp.x, mq.x,
                                    q_inv_p)) != 0)
        {
            goto out;
        }
        mod_declassify_bn(proof->x[i]);
        mod_declassify_bn(proof->z[i]);
        proof->a[i] = (uint8_t) a;
        proof->b[i] = (uint8_t) b;
        /*
         * x^4 = (-1)^a w^b y (public values, two squarings): fails only if
         * p or q is not prime, which the witness check does not test.
         */
        mpz_powm_ui(c4, proof->x[i], 4, stmt->n);
        mpz_set(cp, y[i]);
        if (b) {
            mpz_mul(cp, cp, proof->w);
        }
        if (a) {
            mpz_neg(cp, cp);
        }
        mpz_mod(cp, cp, stmt->n);
        if (mpz_cmp(c4, cp) != 0) {
            r = DUET_ERR_INVALID_ARGUMENT;
            goto out;
        }
    }
    proof->m = lv->m;
    r = 0;

out:
    if (r != 0) {
        mod_proof_reset(proof);
    }
    mpz_clears(mp.d, mp.e, mp.omega, mp.u, mq.d, mq.e, mq.omega, mq.u,
        q_inv_p, cp, cq, c4, NULL);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_clear(y[i]);
    }
    return r;
}


/* The checks on N (spec 2.4, 6.1 A3, C7), cheapest first. */
static int
mod_check_n(const struct duet_level *lv, const mpz_t n)
{
    enum duet_prime_check why = DUET_PRIME_CHECK_OK;
    int r;

    r = duet_prime_check_modulus_var(n, lv->modulus_min_bits,
        lv->modulus_max_bits, &why);
    if (r == DUET_ERR_PROTOCOL) {
        r = DUET_ERR_PROOF_INVALID;
    }
    return r;
}


int
duet_zk_mod_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_mod_stmt *stmt,
    const struct duet_zk_mod_proof *proof)
{
    const struct duet_level *lv = ctx->level;
    const mpz_srcptr n = stmt->n;
    mpz_t y[DUET_ZK_MOD_M_MAX];
    mpz_t lhs, rhs;
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(lhs, rhs, NULL);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_init(y[i]);
    }
    if (lv == NULL || lv->m > DUET_ZK_MOD_M_MAX) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    r = DUET_ERR_PROOF_INVALID;
    if (proof->m != lv->m) {
        goto out;
    }
    if ((r = mod_check_n(lv, n)) != 0) {
        goto out;
    }
    r = DUET_ERR_PROOF_INVALID;
    /* N is odd now: the Jacobi symbol is defined. */
    if (!duet_bn_is_unit_var(proof->w, n) || mpz_jacobi(proof->w, n) != -1) {
        goto out;
    }
    for (i = 0; i < lv->m; i++) {
        if (proof->a[i] > 1 || proof->b[i] > 1
            || !duet_bn_is_unit_var(proof->x[i], n)
            || !duet_bn_is_unit_var(proof->z[i], n))
        {
            goto out;
        }
    }

    r = mod_challenges(ctx, n, proof->w, y, lv->m);
    if (r == DUET_ERR_LIMIT_EXCEEDED) {
        /* Too many non-units drawn: only a malicious N does that. */
        r = DUET_ERR_PROOF_INVALID;
    }
    if (r != 0) {
        goto out;
    }
    r = DUET_ERR_PROOF_INVALID;
    /* x_i^4 = (-1)^a_i w^b_i y_i: two squarings each. */
    for (i = 0; i < lv->m; i++) {
        mpz_mul(lhs, proof->x[i], proof->x[i]);
        mpz_mod(lhs, lhs, n);
        mpz_mul(lhs, lhs, lhs);
        mpz_mod(lhs, lhs, n);
        mpz_set(rhs, y[i]);
        if (proof->b[i]) {
            mpz_mul(rhs, rhs, proof->w);
            mpz_mod(rhs, rhs, n);
        }
        if (proof->a[i]) {
            mpz_sub(rhs, n, rhs);
        }
        if (mpz_cmp(lhs, rhs) != 0) {
            goto out;
        }
    }
    /* z_i^N = y_i: the expensive part, last. */
    for (i = 0; i < lv->m; i++) {
        if ((r = duet_bn_powm_var(lhs, proof->z[i], n, n)) != 0) {
            goto out;
        }
        r = DUET_ERR_PROOF_INVALID;
        if (mpz_cmp(lhs, y[i]) != 0) {
            goto out;
        }
    }
    r = 0;

out:
    mpz_clears(lhs, rhs, NULL);
    for (i = 0; i < DUET_ZK_MOD_M_MAX; i++) {
        mpz_clear(y[i]);
    }
    return r;
}


int
duet_zk_mod_encode(struct duet_buf_writer *w,
    const struct duet_zk_mod_proof *proof)
{
    unsigned i;
    int r = DUET_ERR_INVALID_ARGUMENT;

    if (proof->m > DUET_ZK_MOD_M_MAX) {
        goto out;
    }
    for (i = 0; i < proof->m; i++) {
        if (proof->a[i] > 1 || proof->b[i] > 1) {
            goto out;
        }
    }
    if ((r = duet_buf_put_u16(w, (uint16_t) proof->m)) != 0
        || (r = duet_bn_put(w, proof->w)) != 0)
    {
        goto out;
    }
    for (i = 0; i < proof->m; i++) {
        if ((r = duet_bn_put(w, proof->x[i])) != 0
            || (r = duet_bn_put(w, proof->z[i])) != 0
            || (r = duet_buf_put_u8(w, proof->a[i])) != 0
            || (r = duet_buf_put_u8(w, proof->b[i])) != 0)
        {
            goto out;
        }
    }
    r = 0;

out:
    return r;
}


int
duet_zk_mod_parse(struct duet_buf_reader *rd, const struct duet_zk_ctx *ctx,
    struct duet_zk_mod_proof *proof)
{
    const struct duet_level *lv = ctx->level;
    size_t max;
    uint16_t m;
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    mod_proof_reset(proof);
    if (lv == NULL || lv->m > DUET_ZK_MOD_M_MAX) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    max = (lv->modulus_max_bits + 7) / 8;
    if ((r = duet_buf_get_u16(rd, &m)) != 0) {
        goto out;
    }
    if (m != lv->m) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    if ((r = duet_bn_get(rd, proof->w, max)) != 0) {
        goto out;
    }
    for (i = 0; i < m; i++) {
        if ((r = duet_bn_get(rd, proof->x[i], max)) != 0
            || (r = duet_bn_get(rd, proof->z[i], max)) != 0
            || (r = duet_buf_get_u8(rd, &proof->a[i])) != 0
            || (r = duet_buf_get_u8(rd, &proof->b[i])) != 0)
        {
            goto out;
        }
        if (proof->a[i] > 1 || proof->b[i] > 1) {
            r = DUET_ERR_NON_CANONICAL;
            goto out;
        }
    }
    proof->m = m;
    r = 0;

out:
    if (r != 0) {
        mod_proof_reset(proof);
    }
    return r;
}
