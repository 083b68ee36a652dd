/*
 * zk_prm.c -- Pi^prm, the ring-Pedersen parameter proof; see zk_prm.h.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "bn/bn.h"
#include "codec/buf.h"
#include "paillier/paillier.h"
#include "transcript/transcript.h"
#include "util/check.h"
#include "util/checkmem.h"
#include "util/mem.h"
#include "zk/zk.h"
#include "zk/zk_prm.h"

#define ZK_PRM_TAG          "duet.zk.prm"
#define ZK_PRM_VERSION      1

#define ZK_PRM_FIELD_N      (DUET_ZK_FIELD_PROOF + 0)
#define ZK_PRM_FIELD_S      (DUET_ZK_FIELD_PROOF + 1)
#define ZK_PRM_FIELD_T      (DUET_ZK_FIELD_PROOF + 2)
#define ZK_PRM_FIELD_A      (DUET_ZK_FIELD_PROOF + 3)

/* alpha is drawn this many bits longer than phi^ before its reduction. */
#define ZK_PRM_ALPHA_SLACK  128

/*
 * The verifier's fixed-base exponentiation of t: digits of this many bits
 * (6 minimises table products plus bucket products for 2048- and
 * 3072-bit exponents).
 */
#define ZK_PRM_WINDOW       6
#define ZK_PRM_BUCKETS      ((1u << ZK_PRM_WINDOW) - 1)

/*
 * tab[j] = t^(2^(w j)) mod N^ for j < len (public).  With it t^z, for any
 * z of at most w len bits, costs one product per non-zero digit of z plus
 * two per bucket (Brickell, Gordon, McCurley and Wilson's method), instead
 * of a squaring per bit: the m exponentiations of a verification share t.
 */
struct prm_fixed {
    mpz_t *tab;
    size_t len;
    mpz_t bucket[ZK_PRM_BUCKETS];
};


void
duet_zk_prm_proof_init(struct duet_zk_prm_proof *proof)
{
    size_t i;

    for (i = 0; i < DUET_ZK_PRM_M_MAX; i++) {
        mpz_init(proof->a[i]);
        mpz_init(proof->z[i]);
    }
    proof->m = 0;
}


void
duet_zk_prm_proof_clear(struct duet_zk_prm_proof *proof)
{
    size_t i;

    for (i = 0; i < DUET_ZK_PRM_M_MAX; i++) {
        mpz_clear(proof->a[i]);
        mpz_clear(proof->z[i]);
    }
    proof->m = 0;
}


static void
prm_proof_reset(struct duet_zk_prm_proof *proof)
{
    size_t i;

    for (i = 0; i < DUET_ZK_PRM_M_MAX; i++) {
        mpz_set_ui(proof->a[i], 0);
        mpz_set_ui(proof->z[i], 0);
    }
    proof->m = 0;
}


/*
 * The m challenge bits over (ctx, N^, s, t, A_1 .. A_m), into
 * bits[0 .. m / 8).  The prover and the verifier both come here.
 */
static int
prm_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_prm_stmt *stmt,
    const struct duet_zk_prm_proof *proof, unsigned m, uint8_t *bits)
{
    struct duet_transcript t;
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    memset(&t, 0, sizeof(t));
    if ((r = duet_zk_transcript_start(&t, ZK_PRM_TAG, ZK_PRM_VERSION,
            ctx)) != 0)
    {
        goto out;
    }
    (void) duet_transcript_absorb_bn(&t, ZK_PRM_FIELD_N, stmt->n);
    (void) duet_transcript_absorb_bn(&t, ZK_PRM_FIELD_S, stmt->s);
    (void) duet_transcript_absorb_bn(&t, ZK_PRM_FIELD_T, stmt->t);
    for (i = 0; i < m; i++) {
        (void) duet_transcript_absorb_bn(&t, ZK_PRM_FIELD_A, proof->a[i]);
    }
    r = duet_transcript_challenge_bits(&t, bits, m);

out:
    duet_transcript_clear(&t);
    return r;
}


/* Returns: challenge bit i of bits. */
static unsigned
prm_bit(const uint8_t *bits, unsigned i)
{
    return (bits[i / 8] >> (i % 8)) & 1u;
}


#ifdef DUET_TEST_HOOKS
int
duet_zk_prm_test_challenge(const struct duet_zk_ctx *ctx,
    const struct duet_zk_prm_stmt *stmt,
    const struct duet_zk_prm_proof *proof, uint8_t *bits)
{
    if (ctx->level == NULL || ctx->level->m > DUET_ZK_PRM_M_MAX) {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    return prm_challenge(ctx, stmt, proof, ctx->level->m, bits);
}
#endif


/*
 * Mark the limbs of x, computed from secrets, as public: x is part of the
 * proof.  Only a marker for the constant-time test (util/checkmem.h).
 */
static void
prm_declassify_bn(const mpz_t x)
{
    duet_declassify(x, sizeof(*x));
    duet_declassify(mpz_limbs_read(x), mpz_size(x) * sizeof(mp_limb_t));
}


/*
 * Per-prime data of the prover (all SECRET): the prime x, x - 1, and
 * t mod x.
 */
struct prm_prime {
    mpz_srcptr x;
    mpz_t x1;
    mpz_t tx;
    mpz_t u, v;                 /* scratch */
};


/* r_x = t^(e mod (x - 1)) mod x, for a SECRET e >= 0. */
static int
prm_pow_half(mpz_t rx, struct prm_prime *pp, const mpz_t e, unsigned ebits)
{
    int r = DUET_ERR_INTERNAL;

    if ((r = duet_bn_mod_sec(pp->u, e, pp->x1)) != 0) {
        goto out;
    }
    r = duet_bn_powm_sec(rx, pp->tx, pp->u, ebits, pp->x);

out:
    return r;
}


int
duet_zk_prm_prove(const struct duet_zk_ctx *ctx,
    struct duet_zk_prm_proof *proof, const struct duet_zk_prm_stmt *stmt,
    const struct duet_zk_prm_wit *wit)
{
    const struct duet_level *lv = ctx->level;
    struct prm_prime pp, pq;
    mpz_t alpha[DUET_ZK_PRM_M_MAX];
    mpz_t phi, q_inv_p, rp, rq, t;
    uint8_t bits[DUET_ZK_PRM_M_MAX / 8];
    unsigned ebits, abits, i;
    int good;
    int r = DUET_ERR_INTERNAL;

    pp.x = wit->p;
    pq.x = wit->q;
    mpz_inits(pp.x1, pp.tx, pp.u, pp.v, pq.x1, pq.tx, pq.u, pq.v, phi,
        q_inv_p, rp, rq, t, NULL);
    for (i = 0; i < DUET_ZK_PRM_M_MAX; i++) {
        mpz_init(alpha[i]);
    }
    memset(bits, 0, sizeof(bits));
    prm_proof_reset(proof);
    r = DUET_ERR_INVALID_ARGUMENT;
    if (lv == NULL || lv->m > DUET_ZK_PRM_M_MAX) {
        goto out;
    }
    /* The witness's shape; only the verdict leaks. */
    mpz_mul(t, wit->p, wit->q);
    good = mpz_cmp_ui(wit->p, 1) > 0 && mpz_cmp_ui(wit->q, 1) > 0
        && mpz_odd_p(wit->p) && mpz_odd_p(wit->q)
        && mpz_sgn(wit->lambda) >= 0 && mpz_cmp(t, stmt->n) == 0;
    duet_declassify(&good, sizeof(good));
    if (!good || !duet_bn_is_unit_var(stmt->t, stmt->n)) {
        goto out;
    }
    ebits = (unsigned) mpz_sizeinbase(wit->p, 2);
    if (mpz_sizeinbase(wit->q, 2) > ebits) {
        ebits = (unsigned) mpz_sizeinbase(wit->q, 2);
    }
    /* The factors' lengths: public for a key of the level's size. */
    duet_declassify(&ebits, sizeof(ebits));
    mpz_sub_ui(pp.x1, wit->p, 1);
    mpz_sub_ui(pq.x1, wit->q, 1);
    mpz_mul(phi, pp.x1, pq.x1);
    if ((r = duet_bn_mod_sec(pp.tx, stmt->t, wit->p)) != 0
        || (r = duet_bn_mod_sec(pq.tx, stmt->t, wit->q)) != 0
        || (r = duet_bn_invert_sec(q_inv_p, wit->q, wit->p)) != 0)
    {
        goto out;
    }

    /* s = t^lambda, checked mod p and mod q. */
    if ((r = prm_pow_half(rp, &pp, wit->lambda, ebits)) != 0
        || (r = prm_pow_half(rq, &pq, wit->lambda, ebits)) != 0
        || (r = duet_bn_mod_sec(pp.v, stmt->s, wit->p)) != 0
        || (r = duet_bn_mod_sec(pq.v, stmt->s, wit->q)) != 0)
    {
        goto out;
    }
    good = mpz_cmp(rp, pp.v) == 0 && mpz_cmp(rq, pq.v) == 0;
    duet_declassify(&good, sizeof(good));
    if (!good) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }

    /* alpha_i uniform in Z_phi up to 2^-128, and A_i = t^alpha_i. */
    abits = (unsigned) mpz_sizeinbase(stmt->n, 2) + ZK_PRM_ALPHA_SLACK;
    for (i = 0; i < lv->m; i++) {
        if ((r = duet_bn_random_bits(alpha[i], abits)) != 0
            || (r = duet_bn_mod_sec(alpha[i], alpha[i], phi)) != 0
            || (r = prm_pow_half(rp, &pp, alpha[i], ebits)) != 0
            || (r = prm_pow_half(rq, &pq, alpha[i], ebits)) != 0
            || (r = duet_bn_crt_sec(proof->a[i], rp, rq, wit->p, wit->q,
                q_inv_p)) != 0)
        {
            goto out;
        }
        prm_declassify_bn(proof->a[i]);
    }
    if ((r = prm_challenge(ctx, stmt, proof, lv->m, bits)) != 0) {
        goto out;
    }
    /* z_i = alpha_i + e_i lambda mod phi; e_i is public. */
    for (i = 0; i < lv->m; i++) {
        mpz_set(proof->z[i], alpha[i]);
        if (prm_bit(bits, i)) {
            mpz_add(proof->z[i], proof->z[i], wit->lambda);
        }
        if ((r = duet_bn_mod_sec(proof->z[i], proof->z[i], phi)) != 0) {
            goto out;
        }
        prm_declassify_bn(proof->z[i]);
    }
    proof->m = lv->m;
    r = 0;

out:
    if (r != 0) {
        prm_proof_reset(proof);
    }
    mpz_clears(pp.x1, pp.tx, pp.u, pp.v, pq.x1, pq.tx, pq.u, pq.v, phi,
        q_inv_p, rp, rq, t, NULL);
    for (i = 0; i < DUET_ZK_PRM_M_MAX; i++) {
        mpz_clear(alpha[i]);
    }
    return r;
}


static void
prm_fixed_clear(struct prm_fixed *fb)
{
    size_t i;

    if (fb->tab != NULL) {
        for (i = 0; i < fb->len; i++) {
            mpz_clear(fb->tab[i]);
        }
        duet_free_wipe(fb->tab, fb->len * sizeof(*fb->tab));
        fb->tab = NULL;
    }
    for (i = 0; i < ZK_PRM_BUCKETS; i++) {
        mpz_clear(fb->bucket[i]);
    }
    fb->len = 0;
}


/* Build the table of base mod n for exponents of up to bits bits. */
static int
prm_fixed_init(struct prm_fixed *fb, const mpz_t base, const mpz_t n,
    size_t bits)
{
    size_t i, k;
    int r = DUET_ERR_INTERNAL;

    for (i = 0; i < ZK_PRM_BUCKETS; i++) {
        mpz_init(fb->bucket[i]);
    }
    fb->len = (bits + ZK_PRM_WINDOW - 1) / ZK_PRM_WINDOW;
    if (fb->len == 0) {
        fb->len = 1;
    }
    if ((fb->tab = duet_alloc(fb->len * sizeof(*fb->tab))) == NULL) {
        fb->len = 0;
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    for (i = 0; i < fb->len; i++) {
        mpz_init(fb->tab[i]);
    }
    mpz_mod(fb->tab[0], base, n);
    for (i = 1; i < fb->len; i++) {
        mpz_set(fb->tab[i], fb->tab[i - 1]);
        for (k = 0; k < ZK_PRM_WINDOW; k++) {
            mpz_mul(fb->tab[i], fb->tab[i], fb->tab[i]);
            mpz_mod(fb->tab[i], fb->tab[i], n);
        }
    }
    r = 0;

out:
    return r;
}


/*
 * r = base^e mod n for a PUBLIC 0 <= e < 2^(w len): bucket d collects the
 * table entries whose digit is d, then r = prod_d bucket_d^d by running
 * products from the top digit down.
 */
static void
prm_fixed_pow_var(mpz_t r, struct prm_fixed *fb, const mpz_t e,
    const mpz_t n)
{
    uint8_t used[ZK_PRM_BUCKETS];
    mpz_t acc;
    size_t j, k;
    unsigned d, run_set = 0, acc_set = 0;

    VERIFY_CHECK(mpz_sgn(e) >= 0);
    VERIFY_CHECK(mpz_sizeinbase(e, 2) <= fb->len * ZK_PRM_WINDOW);

    mpz_init(acc);
    memset(used, 0, sizeof(used));
    for (j = 0; j < fb->len; j++) {
        d = 0;
        for (k = 0; k < ZK_PRM_WINDOW; k++) {
            d |= (unsigned) mpz_tstbit(e, j * ZK_PRM_WINDOW + k) << k;
        }
        if (d == 0) {
            continue;
        }
        if (used[d - 1]) {
            mpz_mul(fb->bucket[d - 1], fb->bucket[d - 1], fb->tab[j]);
            mpz_mod(fb->bucket[d - 1], fb->bucket[d - 1], n);
        } else {
            mpz_set(fb->bucket[d - 1], fb->tab[j]);
            used[d - 1] = 1;
        }
    }
    /* r collects the running product, acc the result. */
    for (d = ZK_PRM_BUCKETS; d >= 1; d--) {
        if (used[d - 1]) {
            if (run_set) {
                mpz_mul(r, r, fb->bucket[d - 1]);
                mpz_mod(r, r, n);
            } else {
                mpz_set(r, fb->bucket[d - 1]);
                run_set = 1;
            }
        }
        if (run_set) {
            if (acc_set) {
                mpz_mul(acc, acc, r);
                mpz_mod(acc, acc, n);
            } else {
                mpz_set(acc, r);
                acc_set = 1;
            }
        }
    }
    if (acc_set) {
        mpz_swap(r, acc);
    } else {
        mpz_set_ui(r, 1);
        mpz_mod(r, r, n);
    }
    mpz_clear(acc);
}


/* Returns: 1 if x is 1 or n - 1, else 0. */
static int
prm_is_trivial(const mpz_t x, const mpz_t n)
{
    mpz_t m1;
    int trivial;

    mpz_init(m1);
    mpz_sub_ui(m1, n, 1);
    trivial = mpz_cmp_ui(x, 1) == 0 || mpz_cmp(x, m1) == 0;
    mpz_clear(m1);

    return trivial;
}


int
duet_zk_prm_verify(const struct duet_zk_ctx *ctx,
    const struct duet_zk_prm_stmt *stmt,
    const struct duet_zk_prm_proof *proof)
{
    const struct duet_level *lv = ctx->level;
    const mpz_srcptr n = stmt->n;
    enum duet_paillier_reject why = DUET_PAILLIER_OK;
    struct prm_fixed fb;
    uint8_t bits[DUET_ZK_PRM_M_MAX / 8];
    mpz_t lhs, rhs;
    unsigned i;
    int have_fb = 0;
    int r = DUET_ERR_INTERNAL;

    mpz_inits(lhs, rhs, NULL);
    if (lv == NULL || lv->m > DUET_ZK_PRM_M_MAX) {
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    r = DUET_ERR_PROOF_INVALID;
    if (proof->m != lv->m) {
        goto out;
    }
    /* Size window (C7), odd, no small factor: before any other work. */
    r = duet_paillier_check_modulus_var(n, lv, &why);
    if (r == DUET_ERR_PROTOCOL) {
        r = DUET_ERR_PROOF_INVALID;
    }
    if (r != 0) {
        goto out;
    }
    r = DUET_ERR_PROOF_INVALID;
    if (!duet_bn_is_unit_var(stmt->s, n) || !duet_bn_is_unit_var(stmt->t, n)
        || prm_is_trivial(stmt->s, n) || prm_is_trivial(stmt->t, n)
        || mpz_cmp(stmt->s, stmt->t) == 0)
    {
        goto out;
    }
    for (i = 0; i < lv->m; i++) {
        if (!duet_bn_is_unit_var(proof->a[i], n)
            || mpz_sgn(proof->z[i]) < 0 || mpz_cmp(proof->z[i], n) >= 0)
        {
            goto out;
        }
    }
    if ((r = prm_challenge(ctx, stmt, proof, lv->m, bits)) != 0) {
        goto out;
    }
    /* Every 0 <= z_i < N^: the table covers all of them. */
    if ((r = prm_fixed_init(&fb, stmt->t, n, mpz_sizeinbase(n, 2))) != 0) {
        prm_fixed_clear(&fb);
        goto out;
    }
    have_fb = 1;
    for (i = 0; i < lv->m; i++) {
        prm_fixed_pow_var(lhs, &fb, proof->z[i], n);
        if (prm_bit(bits, i)) {
            mpz_mul(rhs, proof->a[i], stmt->s);
            mpz_mod(rhs, rhs, n);
        } else {
            mpz_set(rhs, proof->a[i]);
        }
        r = DUET_ERR_PROOF_INVALID;
        if (mpz_cmp(lhs, rhs) != 0) {
            goto out;
        }
    }
    r = 0;

out:
    if (have_fb) {
        prm_fixed_clear(&fb);
    }
    mpz_clears(lhs, rhs, NULL);
    return r;
}


int
duet_zk_prm_encode(struct duet_buf_writer *w,
    const struct duet_zk_prm_proof *proof)
{
    unsigned i;
    int r = DUET_ERR_INVALID_ARGUMENT;

    if (proof->m > DUET_ZK_PRM_M_MAX) {
        goto out;
    }
    if ((r = duet_buf_put_u16(w, (uint16_t) proof->m)) != 0) {
        goto out;
    }
    for (i = 0; i < proof->m; i++) {
        if ((r = duet_bn_put(w, proof->a[i])) != 0
            || (r = duet_bn_put(w, proof->z[i])) != 0)
        {
            goto out;
        }
    }
    r = 0;

out:
    return r;
}


int
duet_zk_prm_parse(struct duet_buf_reader *rd, const struct duet_zk_ctx *ctx,
    struct duet_zk_prm_proof *proof)
{
    const struct duet_level *lv = ctx->level;
    size_t max;
    uint16_t m;
    unsigned i;
    int r = DUET_ERR_INTERNAL;

    prm_proof_reset(proof);
    if (lv == NULL || lv->m > DUET_ZK_PRM_M_MAX) {
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
    for (i = 0; i < m; i++) {
        if ((r = duet_bn_get(rd, proof->a[i], max)) != 0
            || (r = duet_bn_get(rd, proof->z[i], max)) != 0)
        {
            goto out;
        }
    }
    proof->m = m;
    r = 0;

out:
    if (r != 0) {
        prm_proof_reset(proof);
    }
    return r;
}
