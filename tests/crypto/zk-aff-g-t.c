/*
 * zk-aff-g-t.c -- tests for Pi^aff-g (crypto/src/zk/zk_aff_g.c).
 *
 * - Completeness at level 112 (CRT and plain encryption of B_y, y of
 *   either sign as presigning's y = -beta, both discriminators) and once
 *   at level 128, with proof sizes and prove/verify times as diagnostics.
 * - Signed challenges (correction C6): sids giving e < 0 and e > 0 with
 *   witnesses of both signs; all verify.
 * - Soundness by mutation: every proof field (bit flip, zero, +1/-1,
 *   negation, the modulus, value + modulus, value + q, the range
 *   boundaries, oversize) and every statement value; spec 6.3 C2
 *   (commitment mutation), C3 (proof against the prover's own R), C4
 *   (replay under another sid, prover or discriminator hat <-> non-hat),
 *   6.1 A2 (out-of-range x and y, the half-range boundaries of z1 and
 *   z2), 6.5 E2 (ciphertexts outside Z*_{N^2}) and E4 (X of another
 *   weight).
 * - The honest prover refuses witnesses out of range.
 * - The verifier's CRT path (stmt->sk_j): every verification above runs
 *   with and without it and the verdicts must agree; proofs that break
 *   the N_j equation mod p^2 alone or q^2 alone, in its plaintext or its
 *   randomness part, are rejected both ways; the times of both.
 * - Wire form: byte-identical round trip, every truncation, trailing data,
 *   oversize and non-canonical fields, and a random bit-flip loop whose
 *   results never verify.
 *
 * Keys come from tests/vectors/safe-primes-{1024,1536}.txt (under
 * $top_srcdir).  Without the 1024-bit file the level-112 primes are
 * generated; without the 1536-bit file the level-128 part is skipped.
 * DUET_TEST_SLOW=1 widens the bit-flip loop and repeats the mutation
 * suite at level 128.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>

#include "basic.h"
#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "bn/prime.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_aff_g.h"

#define PRIMES_MAX   20
#define PRIMES_USED  10

struct keys {
    const struct duet_level *lv;
    int loaded;
    struct duet_paillier_sk skj;    /* N_j: the verifier's, owner of C */
    struct duet_paillier_sk ski;    /* N_i: the prover's */
    struct duet_paillier_sk sk2;    /* a third Paillier key */
    struct duet_rp_secret rpv;      /* the verifier's ring-Pedersen R */
    struct duet_rp_secret rpp;      /* the prover's own R */
};

/* One statement with its witness and context. */
struct inst {
    mpz_t k, rho_c, c;          /* C = enc_{N_j}(k; rho_c) */
    mpz_t x, y, rho, rho_y, d, yc;
    struct duet_point px;
    uint8_t sid[32];
    struct duet_zk_ctx ctx;
    struct duet_zk_aff_g_stmt stmt;
    struct duet_zk_aff_g_wit wit;
};

typedef struct duet_zk_aff_g_proof proof_t;

static int slow;
static mpz_t q;

/*
 * The Paillier keys of the loaded levels, so that verify_both can find
 * the secret key of a statement's N_j; and its counters.
 */
static const struct duet_paillier_sk *known_sk[6];
static size_t known_n;
static unsigned long sk_j_runs, sk_j_disagree;


static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}


/* Read up to PRIMES_MAX primes of the given size; returns the count. */
static size_t
read_primes(unsigned bits, mpz_t *p)
{
    char path[4096], line[2048];
    const char *top = getenv("top_srcdir");
    FILE *f;
    size_t len, n = 0;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
        top != NULL ? top : ".", bits);
    if ((f = fopen(path, "r")) == NULL) {
        return 0;
    }
    while (n < PRIMES_MAX && fgets(line, sizeof(line), f) != NULL) {
        len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || line[0] == '#') {
            continue;
        }
        if (mpz_set_str(p[n], line, 16) != 0
            || mpz_sizeinbase(p[n], 2) != bits)
        {
            bail("%s: bad line", path);
        }
        n++;
    }
    fclose(f);
    return n;
}


/*
 * Build the keys of one level from the fixture, or (level 112 only)
 * from freshly generated safe primes.  Returns: 1 if loaded.
 */
static int
keys_load(struct keys *k, int level_id)
{
    mpz_t p[PRIMES_MAX];
    size_t i, n;
    int r;

    memset(k, 0, sizeof(*k));
    k->lv = duet_level_get(level_id);
    duet_paillier_sk_init(&k->skj);
    duet_paillier_sk_init(&k->ski);
    duet_paillier_sk_init(&k->sk2);
    duet_rp_secret_init(&k->rpv);
    duet_rp_secret_init(&k->rpp);
    for (i = 0; i < PRIMES_MAX; i++) {
        mpz_init(p[i]);
    }
    n = read_primes(k->lv->prime_bits, p);
    if (n < PRIMES_USED && level_id == DUET_LEVEL_112) {
        diag("no %u-bit fixture: generating safe primes",
            k->lv->prime_bits);
        for (n = 0; n < PRIMES_USED; n++) {
            if (duet_prime_safe_generate(p[n], k->lv->prime_bits, NULL)
                != 0)
            {
                bail("safe prime generation failed");
            }
        }
    }
    if (n >= PRIMES_USED) {
        r = duet_paillier_sk_from_primes(&k->skj, p[0], p[1], k->lv, NULL);
        r |= duet_paillier_sk_from_primes(&k->ski, p[2], p[3], k->lv, NULL);
        r |= duet_paillier_sk_from_primes(&k->sk2, p[4], p[5], k->lv, NULL);
        r |= duet_rp_secret_from_primes(&k->rpv, p[6], p[7], k->lv, NULL);
        r |= duet_rp_secret_from_primes(&k->rpp, p[8], p[9], k->lv, NULL);
        if (r != 0) {
            bail("level %d keys refused", level_id);
        }
        k->loaded = 1;
        if (known_n + 3 <= sizeof(known_sk) / sizeof(known_sk[0])) {
            known_sk[known_n++] = &k->skj;
            known_sk[known_n++] = &k->ski;
            known_sk[known_n++] = &k->sk2;
        }
    }
    for (i = 0; i < PRIMES_MAX; i++) {
        mpz_clear(p[i]);
    }
    return k->loaded;
}


static void
keys_clear(struct keys *k)
{
    duet_paillier_sk_clear(&k->skj);
    duet_paillier_sk_clear(&k->ski);
    duet_paillier_sk_clear(&k->sk2);
    duet_rp_secret_clear(&k->rpv);
    duet_rp_secret_clear(&k->rpp);
}


/*
 * Every verification in this file but the timed ones: verify as given
 * (sk_j NULL), then again with sk_j, the secret key of the statement's
 * N_j when the test holds it, and count a disagreement.  The verdict is
 * the first's.
 */
static int
verify_both(const struct duet_zk_ctx *ctx,
    const struct duet_zk_aff_g_stmt *stmt, const proof_t *pf)
{
    struct duet_zk_aff_g_stmt st;
    size_t i;
    int r, r2;

    r = duet_zk_aff_g_verify(ctx, stmt, pf);
    if (stmt == NULL || stmt->pk_j == NULL || stmt->sk_j != NULL) {
        return r;
    }
    for (i = 0; i < known_n && &known_sk[i]->pk != stmt->pk_j; i++) {
        continue;
    }
    if (i == known_n) {
        return r;
    }
    st = *stmt;
    st.sk_j = known_sk[i];
    r2 = duet_zk_aff_g_verify(ctx, &st, pf);
    sk_j_runs++;
    if (r2 != r) {
        sk_j_disagree++;
        diag("verify: %s without sk_j, %s with it", duet_errname(r),
            duet_errname(r2));
    }
    return r;
}


/* v mod N, as the signed plaintext Paillier sees (a large v wraps). */
static void
signed_mod(mpz_t out, const mpz_t v, const struct duet_paillier_pk *pk)
{
    mpz_mod(out, v, pk->n);
    if (mpz_cmp(out, pk->half) > 0) {
        mpz_sub(out, out, pk->n);
    }
}


/*
 * Set the witness to (x, y) and recompute D = (x (.) C) (+)
 * enc_{N_j}(y; rho), Y = enc_{N_i}(y; rho_y) and X = x G (out-of-range
 * values wrap, as a cheater's would).
 */
static void
inst_set_xy(struct inst *in, struct keys *k, const mpz_t x, const mpz_t y)
{
    struct duet_scalar xs;
    mpz_t m, t;

    mpz_inits(m, t, NULL);
    mpz_set(in->x, x);
    mpz_set(in->y, y);
    signed_mod(m, y, &k->skj.pk);
    if (duet_paillier_mul_var(&k->skj.pk, t, in->c, x) != 0
        || duet_paillier_enc(&k->skj.pk, in->d, m, in->rho) != 0
        || duet_paillier_add_var(&k->skj.pk, in->d, in->d, t) != 0)
    {
        bail("D");
    }
    signed_mod(m, y, &k->ski.pk);
    if (duet_paillier_enc_crt(&k->ski, in->yc, m, in->rho_y) != 0) {
        bail("Y");
    }
    if (duet_scalar_from_bn(&xs, x) != 0
        || duet_point_mul_gen(&in->px, &xs) != 0)
    {
        bail("X");
    }
    mpz_clears(m, t, NULL);
}


/*
 * A fresh statement at k's level for (x, y) (random in +-2^ell and
 * +-2^ell' where NULL), C = enc_{N_j}(k) for a random k in +-2^ell, in a
 * context with a random sid, prover 1 and discriminator 0.
 */
static void
inst_init(struct inst *in, struct keys *k, const mpz_t x, const mpz_t y)
{
    memset(in, 0, sizeof(*in));
    mpz_inits(in->k, in->rho_c, in->c, in->x, in->y, in->rho, in->rho_y,
        in->d, in->yc, NULL);
    if (duet_bn_random_pm_pow2(in->k, k->lv->ell) != 0
        || duet_bn_random_unit(in->rho, k->skj.pk.n) != 0
        || duet_bn_random_unit(in->rho_y, k->ski.pk.n) != 0
        || duet_random_bytes(in->sid, sizeof(in->sid)) != 0
        || duet_paillier_enc_crt_rand(&k->skj, in->c, in->rho_c, in->k) != 0
        || duet_bn_random_pm_pow2(in->x, k->lv->ell) != 0
        || duet_bn_random_pm_pow2(in->y, k->lv->ell_prime) != 0)
    {
        bail("random");
    }
    if (x != NULL) {
        mpz_set(in->x, x);
    }
    if (y != NULL) {
        mpz_set(in->y, y);
    }
    inst_set_xy(in, k, in->x, in->y);

    in->ctx.level = k->lv;
    in->ctx.sid = in->sid;
    in->ctx.sid_len = sizeof(in->sid);
    in->ctx.prover = 1;
    in->ctx.discriminator = DUET_ZK_AFF_G_GAMMA;
    in->stmt.pk_j = &k->skj.pk;
    in->stmt.pk_i = &k->ski.pk;
    in->stmt.rp = &k->rpv.pub;
    in->stmt.c = in->c;
    in->stmt.d = in->d;
    in->stmt.y = in->yc;
    in->stmt.x = &in->px;
    in->wit.sk_i = &k->ski;
    in->wit.x = in->x;
    in->wit.y = in->y;
    in->wit.rho = in->rho;
    in->wit.rho_y = in->rho_y;
}


static void
inst_clear(struct inst *in)
{
    mpz_clears(in->k, in->rho_c, in->c, in->x, in->y, in->rho, in->rho_y,
        in->d, in->yc, NULL);
}


static void
proof_copy(proof_t *dst, const proof_t *src)
{
    mpz_set(dst->a, src->a);
    dst->b_x = src->b_x;
    mpz_set(dst->b_y, src->b_y);
    mpz_set(dst->e, src->e);
    mpz_set(dst->s, src->s);
    mpz_set(dst->f, src->f);
    mpz_set(dst->t, src->t);
    mpz_set(dst->z1, src->z1);
    mpz_set(dst->z2, src->z2);
    mpz_set(dst->z3, src->z3);
    mpz_set(dst->z4, src->z4);
    mpz_set(dst->w, src->w);
    mpz_set(dst->w_y, src->w_y);
}


static void
prove_or_bail(struct inst *in, proof_t *pf)
{
    int r = duet_zk_aff_g_prove(&in->ctx, pf, &in->stmt, &in->wit);

    if (r != 0) {
        bail("prove failed: %s", duet_errname(r));
    }
}


/* Encode into a fresh growable writer (the caller frees it). */
static void
encode_or_bail(struct duet_buf_writer *w, const proof_t *pf)
{
    duet_buf_writer_init_alloc(w, DUET_BUF_MAX);
    if (duet_zk_aff_g_encode(w, pf) != 0) {
        bail("encode failed");
    }
}


/* Parse exactly len bytes; returns the parse or end error, or 0. */
static int
parse_all(const uint8_t *p, size_t len, const struct duet_zk_ctx *ctx,
    proof_t *pf)
{
    struct duet_buf_reader rd;
    int r;

    duet_buf_reader_init(&rd, p, len);
    if ((r = duet_zk_aff_g_parse(&rd, ctx, pf)) != 0) {
        return r;
    }
    return duet_buf_reader_end(&rd);
}


static void
test_completeness(struct keys *k, int timed)
{
    struct inst in;
    struct duet_buf_writer w, w2;
    proof_t pf, back;
    double t0, t1, t2;
    mpz_t y;
    int r;

    mpz_init(y);
    duet_zk_aff_g_proof_init(&pf);
    duet_zk_aff_g_proof_init(&back);
    inst_init(&in, k, NULL, NULL);

    t0 = now();
    r = duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit);
    t1 = now();
    is_int(0, r, "level %d: prove (CRT for B_y)", k->lv->id);
    r = duet_zk_aff_g_verify(&in.ctx, &in.stmt, &pf);
    t2 = now();
    is_int(0, r, "level %d: the proof verifies", k->lv->id);

    encode_or_bail(&w, &pf);
    r = parse_all(duet_buf_writer_ptr(&w), duet_buf_writer_len(&w),
        &in.ctx, &back);
    is_int(0, r, "level %d: parse of the encoding", k->lv->id);
    encode_or_bail(&w2, &back);
    ok(duet_buf_writer_len(&w2) == duet_buf_writer_len(&w)
        && memcmp(duet_buf_writer_ptr(&w2), duet_buf_writer_ptr(&w),
            duet_buf_writer_len(&w)) == 0,
        "level %d: encode/parse/encode is byte-identical", k->lv->id);
    duet_buf_writer_free(&w2);
    is_int(0, verify_both(&in.ctx, &in.stmt, &back),
        "level %d: the parsed proof verifies", k->lv->id);
    if (timed) {
        diag("level %d: proof %zu bytes, prove %.1f ms, verify %.1f ms",
            k->lv->id, duet_buf_writer_len(&w), (t1 - t0) * 1e3,
            (t2 - t1) * 1e3);
    }
    duet_buf_writer_free(&w);

    /* Without the secret key: plain encryption, same statement. */
    in.wit.sk_i = NULL;
    is_int(0, duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: prove without the secret key", k->lv->id);
    is_int(0, verify_both(&in.ctx, &in.stmt, &pf),
        "level %d: ... verifies", k->lv->id);
    in.wit.sk_i = &k->ski;

    /* y = -beta of either sign, as presigning passes it. */
    mpz_neg(y, in.y);
    inst_set_xy(&in, k, in.x, y);
    prove_or_bail(&in, &pf);
    is_int(0, verify_both(&in.ctx, &in.stmt, &pf),
        "level %d: y of the other sign verifies", k->lv->id);

    /* The hat slot (discriminator 1) and another prover index. */
    in.ctx.discriminator = DUET_ZK_AFF_G_HAT;
    in.ctx.prover = 0;
    prove_or_bail(&in, &pf);
    is_int(0, verify_both(&in.ctx, &in.stmt, &pf),
        "level %d: hat = true, prover 0 verifies", k->lv->id);

    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
    duet_zk_aff_g_proof_clear(&back);
    mpz_clear(y);
}


/*
 * Correction C6: vary the sid until the challenge has been negative and
 * positive with x and y of each sign (together); all four proofs verify.
 */
static void
test_signed_challenge(struct keys *k)
{
    struct inst in;
    proof_t pf;
    mpz_t e, x, y;
    int seen[4] = { 0, 0, 0, 0 }, nseen = 0, bad = 0, i, which;

    mpz_inits(e, x, y, NULL);
    duet_zk_aff_g_proof_init(&pf);
    inst_init(&in, k, NULL, NULL);
    /* x and y of the same sign, so that both flip together below. */
    if ((mpz_sgn(in.x) < 0) != (mpz_sgn(in.y) < 0)) {
        mpz_neg(y, in.y);
        inst_set_xy(&in, k, in.x, y);
    }
    for (i = 0; i < 64 && nseen < 4; i++) {
        in.sid[0] = (uint8_t) i;
        if ((i & 1) != (mpz_sgn(in.x) < 0)) {
            mpz_neg(x, in.x);
            mpz_neg(y, in.y);
            inst_set_xy(&in, k, x, y);
        }
        prove_or_bail(&in, &pf);
        if (duet_zk_aff_g_test_challenge(&in.ctx, &in.stmt, &pf, e) != 0) {
            bail("challenge");
        }
        which = (mpz_sgn(e) < 0) * 2 + (mpz_sgn(in.x) < 0);
        if (mpz_sgn(e) == 0 || seen[which]) {
            continue;
        }
        seen[which] = 1;
        nseen++;
        if (verify_both(&in.ctx, &in.stmt, &pf) != 0) {
            bad++;
            diag("e %s 0, x %s 0: the proof does not verify",
                mpz_sgn(e) < 0 ? "<" : ">", mpz_sgn(in.x) < 0 ? "<" : ">=");
        }
    }
    ok(nseen == 4, "level %d: challenges e < 0 and e > 0 met with x, y < 0 "
        "and x, y >= 0 (%d sids)", k->lv->id, i);
    is_int(0, bad, "level %d: C6 the proofs with e < 0 and e > 0 verify",
        k->lv->id);

    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
    mpz_clears(e, x, y, NULL);
}


/* Mutations of an integer field. */
enum mut {
    MUT_PLUS1, MUT_MINUS1, MUT_ZERO, MUT_NEG, MUT_FLIP, MUT_SET_MOD,
    MUT_ADD_MOD, MUT_ADD_Q, MUT_HI, MUT_LO, MUT_HUGE, MUT_END
};

static const char *const mut_name[MUT_END] = {
    "+1", "-1", "zero", "negated", "one bit flipped", "= its modulus",
    "+ its modulus (same residue)", "+ q", "= +(bound/2 + 1)",
    "= -(bound/2 + 1)", "2^rp_y_max_bits (oversize)"
};

enum modulus { MOD_NONE, MOD_NHAT, MOD_NJ2, MOD_NI2, MOD_NJ, MOD_NI };

struct zfield {
    const char *name;
    size_t off;             /* offsetof in the proof */
    enum modulus modulus;
    unsigned bound_bits;    /* verifier's +-2^k range, 0 if none */
};


static __mpz_struct *
zfield_ptr(proof_t *pf, const struct zfield *f)
{
    return (__mpz_struct *) (void *) ((char *) pf + f->off);
}


/* Apply m to v; returns 0 if the mutation does not apply to the field. */
static int
mutate(mpz_t v, enum mut m, const mpz_t mod, unsigned bound_bits,
    const struct duet_level *lv)
{
    uint8_t rb[2];
    size_t bits;

    switch (m) {
    case MUT_PLUS1:
        mpz_add_ui(v, v, 1);
        break;
    case MUT_MINUS1:
        mpz_sub_ui(v, v, 1);
        break;
    case MUT_ZERO:
        mpz_set_ui(v, 0);
        break;
    case MUT_NEG:
        mpz_neg(v, v);
        break;
    case MUT_FLIP:
        bits = mpz_sizeinbase(v, 2);
        if (duet_random_bytes(rb, sizeof(rb)) != 0) {
            bail("random");
        }
        mpz_combit(v, (mp_bitcnt_t) (((size_t) rb[0] << 8 | rb[1]) % bits));
        break;
    case MUT_SET_MOD:
        if (mod == NULL) {
            return 0;
        }
        mpz_set(v, mod);
        break;
    case MUT_ADD_MOD:
        if (mod == NULL) {
            return 0;
        }
        mpz_add(v, v, mod);
        break;
    case MUT_ADD_Q:
        mpz_add(v, v, q);
        break;
    case MUT_HI:
    case MUT_LO:
        if (bound_bits == 0) {
            return 0;
        }
        mpz_set_ui(v, 0);
        mpz_setbit(v, bound_bits - 1);
        mpz_add_ui(v, v, 1);
        if (m == MUT_LO) {
            mpz_neg(v, v);
        }
        break;
    case MUT_HUGE:
        if (bound_bits != 0 || mod != NULL) {
            return 0;
        }
        mpz_set_ui(v, 0);
        mpz_setbit(v, lv->rp_y_max_bits);
        break;
    default:
        return 0;
    }
    return 1;
}


static mpz_srcptr
modulus_of(struct keys *k, enum modulus m)
{
    switch (m) {
    case MOD_NHAT: return k->rpv.pub.n;
    case MOD_NJ2: return k->skj.pk.nn;
    case MOD_NI2: return k->ski.pk.nn;
    case MOD_NJ: return k->skj.pk.n;
    case MOD_NI: return k->ski.pk.n;
    default: return NULL;
    }
}


/*
 * Spec 6.3 C2 and 6.1 A2: every field of the proof, mutated in turn, is
 * rejected.
 */
static void
test_proof_mutations(struct keys *k)
{
    const struct zfield fields[] = {
        { "A", offsetof(proof_t, a), MOD_NJ2, 0 },
        { "B_y", offsetof(proof_t, b_y), MOD_NI2, 0 },
        { "E", offsetof(proof_t, e), MOD_NHAT, 0 },
        { "S", offsetof(proof_t, s), MOD_NHAT, 0 },
        { "F", offsetof(proof_t, f), MOD_NHAT, 0 },
        { "T", offsetof(proof_t, t), MOD_NHAT, 0 },
        { "z1", offsetof(proof_t, z1), MOD_NONE,
          k->lv->ell + k->lv->epsilon },
        { "z2", offsetof(proof_t, z2), MOD_NONE,
          k->lv->ell_prime + k->lv->epsilon },
        { "z3", offsetof(proof_t, z3), MOD_NONE, 0 },
        { "z4", offsetof(proof_t, z4), MOD_NONE, 0 },
        { "w", offsetof(proof_t, w), MOD_NJ, 0 },
        { "w_y", offsetof(proof_t, w_y), MOD_NI, 0 },
    };
    struct inst in;
    struct duet_point g;
    struct duet_scalar one;
    proof_t pf, bad;
    size_t i;
    int m, v;

    duet_zk_aff_g_proof_init(&pf);
    duet_zk_aff_g_proof_init(&bad);
    inst_init(&in, k, NULL, NULL);
    prove_or_bail(&in, &pf);
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0) {
        bail("G");
    }

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        for (m = 0; m < MUT_END; m++) {
            proof_copy(&bad, &pf);
            if (!mutate(zfield_ptr(&bad, &fields[i]), (enum mut) m,
                    modulus_of(k, fields[i].modulus), fields[i].bound_bits,
                    k->lv))
            {
                continue;
            }
            is_int(DUET_ERR_PROOF_INVALID,
                verify_both(&in.ctx, &in.stmt, &bad),
                "level %d: %s %s rejected", k->lv->id, fields[i].name,
                mut_name[m]);
        }
    }

    /* The commitment point B_x. */
    for (v = 0; v < 3; v++) {
        proof_copy(&bad, &pf);
        if (v == 0) {
            duet_point_add(&bad.b_x, &bad.b_x, &g);
        } else if (v == 1) {
            duet_point_negate(&bad.b_x, &bad.b_x);
        } else {
            duet_point_set_infinity(&bad.b_x);
        }
        is_int(DUET_ERR_PROOF_INVALID,
            verify_both(&in.ctx, &in.stmt, &bad),
            "level %d: B_x %s rejected", k->lv->id,
            v == 0 ? "+ G" : v == 1 ? "negated" : "= infinity");
    }

    /*
     * Shifts that keep one equation true: z2 + N_j keeps the N_j
     * Paillier equation, z1 + q the curve equation; another check must
     * catch each.
     */
    proof_copy(&bad, &pf);
    mpz_add(bad.z2, bad.z2, k->skj.pk.n);
    is_int(DUET_ERR_PROOF_INVALID,
        verify_both(&in.ctx, &in.stmt, &bad),
        "level %d: z2 + N_j (same N_j residue) rejected", k->lv->id);
    proof_copy(&bad, &pf);
    mpz_add(bad.z2, bad.z2, k->ski.pk.n);
    is_int(DUET_ERR_PROOF_INVALID,
        verify_both(&in.ctx, &in.stmt, &bad),
        "level %d: z2 + N_i (same N_i residue) rejected", k->lv->id);

    /* Spec 6.6 F4: 4-Mbit z3, z4 are refused before any exponentiation. */
    for (v = 0; v < 2; v++) {
        double t0;
        int r;

        proof_copy(&bad, &pf);
        mpz_set_ui(v == 0 ? bad.z3 : bad.z4, 0);
        mpz_setbit(v == 0 ? bad.z3 : bad.z4, (mp_bitcnt_t) 1 << 22);
        t0 = now();
        r = verify_both(&in.ctx, &in.stmt, &bad);
        t0 = now() - t0;
        ok(r == DUET_ERR_PROOF_INVALID && t0 < 0.5, "level %d: F4 a "
            "4-Mbit %s rejected at once (%.3f ms)", k->lv->id,
            v == 0 ? "z3" : "z4", t0 * 1e3);
    }

    is_int(0, verify_both(&in.ctx, &in.stmt, &pf),
        "level %d: the original proof still verifies", k->lv->id);

    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
    duet_zk_aff_g_proof_clear(&bad);
}


/*
 * One mutation of a statement ciphertext; returns its name and sets *want
 * to the code verify must return (a value outside Z*_{N^2} is a malformed
 * statement).
 */
static const char *
mutate_ct(mpz_t c, int i, const mpz_t orig, const struct duet_paillier_sk *sk,
    int *want)
{
    *want = i == 0 || i == 1 || i == 7 ? DUET_ERR_PROOF_INVALID
        : DUET_ERR_INVALID_ARGUMENT;
    mpz_set(c, orig);
    switch (i) {
    case 0:
        mpz_add_ui(c, c, 1);
        return "+ 1";
    case 1:
        mpz_add_ui(c, sk->pk.n, 1);
        mpz_mul(c, c, orig);
        mpz_mod(c, c, sk->pk.nn);
        return "(+) enc(1) (a valid ciphertext of another plaintext)";
    case 2:
        mpz_set_ui(c, 0);
        return "= 0";
    case 3:
        mpz_set(c, sk->pk.nn);
        return "= N^2";
    case 4:
        mpz_add(c, c, sk->pk.nn);
        return "+ N^2 (same residue)";
    case 5:
        mpz_set(c, sk->p);
        return "= p (a multiple of p, spec 6.5 E2)";
    case 6:
        mpz_neg(c, c);
        return "negated";
    default:
        mpz_set_ui(c, 1);
        return "= 1";
    }
}


/*
 * Every statement value mutated, and the context: spec 6.3 C4, 6.5 E2,
 * E4.
 */
static void
test_statement_mutations(struct keys *k)
{
    struct inst in;
    struct duet_zk_aff_g_stmt st;
    struct duet_zk_ctx cx;
    struct duet_point g, pm;
    struct duet_scalar one;
    proof_t pf;
    const char *what;
    mpz_t c;
    uint8_t sid2[32];
    int r, i, j, v, want;

    mpz_init(c);
    duet_zk_aff_g_proof_init(&pf);
    inst_init(&in, k, NULL, NULL);
    prove_or_bail(&in, &pf);
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0) {
        bail("G");
    }

    /* C, D (mod N_j^2) and Y (mod N_i^2). */
    for (j = 0; j < 3; j++) {
        const char *name = j == 0 ? "C" : j == 1 ? "D" : "Y";

        for (i = 0; i < 8; i++) {
            st = in.stmt;
            if (j == 0) {
                what = mutate_ct(c, i, in.c, &k->skj, &want);
                st.c = c;
            } else if (j == 1) {
                what = mutate_ct(c, i, in.d, &k->skj, &want);
                st.d = c;
            } else {
                what = mutate_ct(c, i, in.yc, &k->ski, &want);
                st.y = c;
            }
            is_int(want, verify_both(&in.ctx, &st, &pf),
                "level %d: statement %s %s rejected", k->lv->id, name, what);
        }
    }

    /* X: + G, negated, infinity, doubled (E4: a wrong Lagrange weight). */
    for (v = 0; v < 4; v++) {
        st = in.stmt;
        if (v == 0) {
            duet_point_add(&pm, &in.px, &g);
        } else if (v == 1) {
            duet_point_negate(&pm, &in.px);
        } else if (v == 2) {
            duet_point_set_infinity(&pm);
        } else {
            duet_point_add(&pm, &in.px, &in.px);
        }
        st.x = &pm;
        is_int(DUET_ERR_PROOF_INVALID, verify_both(&in.ctx, &st, &pf),
            "level %d: statement X %s rejected", k->lv->id,
            v == 0 ? "+ G" : v == 1 ? "negated" : v == 2 ? "= infinity"
            : "doubled (E4: W_j with a wrong weight)");
    }

    /* The moduli: replaced, swapped. */
    st = in.stmt;
    st.pk_j = &k->sk2.pk;
    r = verify_both(&in.ctx, &st, &pf);
    ok(r == DUET_ERR_PROOF_INVALID || r == DUET_ERR_INVALID_ARGUMENT,
        "level %d: statement N_j replaced rejected (%s)", k->lv->id,
        duet_errname(r));
    st = in.stmt;
    st.pk_i = &k->sk2.pk;
    r = verify_both(&in.ctx, &st, &pf);
    ok(r == DUET_ERR_PROOF_INVALID || r == DUET_ERR_INVALID_ARGUMENT,
        "level %d: statement N_i replaced rejected (%s)", k->lv->id,
        duet_errname(r));
    st = in.stmt;
    st.pk_j = &k->ski.pk;
    st.pk_i = &k->skj.pk;
    r = verify_both(&in.ctx, &st, &pf);
    ok(r == DUET_ERR_PROOF_INVALID || r == DUET_ERR_INVALID_ARGUMENT,
        "level %d: statement N_j and N_i swapped rejected (%s)", k->lv->id,
        duet_errname(r));

    /* Other verifier ring-Pedersen parameters. */
    st = in.stmt;
    st.rp = &k->rpp.pub;
    is_int(DUET_ERR_PROOF_INVALID, verify_both(&in.ctx, &st, &pf),
        "level %d: verified under other ring-Pedersen parameters: "
        "rejected", k->lv->id);

    /* Spec 6.3 C4: replay under another sid, prover, discriminator. */
    cx = in.ctx;
    memcpy(sid2, in.sid, sizeof(sid2));
    sid2[31] ^= 1;
    cx.sid = sid2;
    is_int(DUET_ERR_PROOF_INVALID, verify_both(&cx, &in.stmt, &pf),
        "level %d: C4 replay under another sid rejected", k->lv->id);
    cx = in.ctx;
    cx.sid_len = 31;
    is_int(DUET_ERR_PROOF_INVALID, verify_both(&cx, &in.stmt, &pf),
        "level %d: C4 replay under a truncated sid rejected", k->lv->id);
    cx = in.ctx;
    cx.prover = 0;
    is_int(DUET_ERR_PROOF_INVALID, verify_both(&cx, &in.stmt, &pf),
        "level %d: C4 replay as another prover rejected", k->lv->id);
    cx = in.ctx;
    cx.discriminator = DUET_ZK_AFF_G_HAT;
    is_int(DUET_ERR_PROOF_INVALID, verify_both(&cx, &in.stmt, &pf),
        "level %d: C4 replay of non-hat as hat rejected", k->lv->id);
    {
        proof_t pf1;

        duet_zk_aff_g_proof_init(&pf1);
        in.ctx.discriminator = DUET_ZK_AFF_G_HAT;
        prove_or_bail(&in, &pf1);
        in.ctx.discriminator = DUET_ZK_AFF_G_GAMMA;
        is_int(DUET_ERR_PROOF_INVALID,
            verify_both(&in.ctx, &in.stmt, &pf1),
            "level %d: C4 replay of hat as non-hat rejected", k->lv->id);
        duet_zk_aff_g_proof_clear(&pf1);
    }
    cx = in.ctx;
    cx.level = duet_level_get(k->lv->id == DUET_LEVEL_112
        ? DUET_LEVEL_128 : DUET_LEVEL_112);
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_both(&cx, &in.stmt,
        &pf), "level %d: a context of another level is refused", k->lv->id);

    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
    mpz_clear(c);
}


/*
 * Spec 6.3 C2 and 4.3, directly: the challenge changes with each
 * commitment value, each statement value, each context field and the
 * verifier's R.  (Mutation tests alone cannot see a value missing from
 * the hash when the mutation also breaks an equation.)
 */
static void
test_binding(struct keys *k)
{
    struct inst in;
    struct duet_zk_aff_g_stmt st;
    struct duet_zk_ctx cx;
    struct duet_point g;
    struct duet_scalar one;
    proof_t pf, bad;
    mpz_t e0, e1, c;
    uint8_t sid2[32];
    int i;

    mpz_inits(e0, e1, c, NULL);
    duet_zk_aff_g_proof_init(&pf);
    duet_zk_aff_g_proof_init(&bad);
    inst_init(&in, k, NULL, NULL);
    prove_or_bail(&in, &pf);
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0
        || duet_zk_aff_g_test_challenge(&in.ctx, &in.stmt, &pf, e0) != 0)
    {
        bail("challenge");
    }

    for (i = 0; i < 19; i++) {
        const char *what;

        proof_copy(&bad, &pf);
        st = in.stmt;
        cx = in.ctx;
        switch (i) {
        case 0: mpz_add_ui(bad.a, bad.a, 1); what = "A"; break;
        case 1: duet_point_add(&bad.b_x, &bad.b_x, &g); what = "B_x"; break;
        case 2: mpz_add_ui(bad.b_y, bad.b_y, 1); what = "B_y"; break;
        case 3: mpz_add_ui(bad.e, bad.e, 1); what = "E"; break;
        case 4: mpz_add_ui(bad.s, bad.s, 1); what = "S"; break;
        case 5: mpz_add_ui(bad.f, bad.f, 1); what = "F"; break;
        case 6: mpz_add_ui(bad.t, bad.t, 1); what = "T"; break;
        case 7:
            mpz_add_ui(c, in.c, 1);
            st.c = c;
            what = "statement C";
            break;
        case 8:
            mpz_add_ui(c, in.d, 1);
            st.d = c;
            what = "statement D";
            break;
        case 9:
            mpz_add_ui(c, in.yc, 1);
            st.y = c;
            what = "statement Y";
            break;
        case 10: st.x = &g; what = "statement X"; break;
        case 11: st.pk_j = &k->sk2.pk; what = "statement N_j"; break;
        case 12: st.pk_i = &k->sk2.pk; what = "statement N_i"; break;
        case 13:
            st.pk_j = &k->ski.pk;
            st.pk_i = &k->skj.pk;
            what = "the order of N_j, N_i";
            break;
        case 14: st.rp = &k->rpp.pub; what = "the verifier's R"; break;
        case 15:
            memcpy(sid2, in.sid, sizeof(sid2));
            sid2[0] ^= 0x80;
            cx.sid = sid2;
            what = "sid";
            break;
        case 16: cx.prover = 2; what = "prover index"; break;
        case 17:
            cx.discriminator = DUET_ZK_AFF_G_HAT;
            what = "discriminator";
            break;
        default:
            cx.level = duet_level_get(k->lv->id == DUET_LEVEL_112
                ? DUET_LEVEL_128 : DUET_LEVEL_112);
            what = "level";
            break;
        }
        if (duet_zk_aff_g_test_challenge(&cx, &st, &bad, e1) != 0) {
            bail("challenge");
        }
        ok(mpz_cmp(e0, e1) != 0, "level %d: the challenge depends on %s",
            k->lv->id, what);
    }
    proof_copy(&bad, &pf);
    mpz_add_ui(bad.z1, bad.z1, 1);
    mpz_add_ui(bad.z4, bad.z4, 1);
    mpz_add_ui(bad.w, bad.w, 1);
    if (duet_zk_aff_g_test_challenge(&in.ctx, &in.stmt, &bad, e1) != 0) {
        bail("challenge");
    }
    ok(mpz_cmp(e0, e1) == 0, "level %d: (the challenge does not depend "
        "on the response)", k->lv->id);

    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
    duet_zk_aff_g_proof_clear(&bad);
    mpz_clears(e0, e1, c, NULL);
}


/*
 * Soundness against false statements: the honest algorithm run on a
 * witness that does not satisfy one relation makes a proof in which only
 * the matching equation fails, so each equation is tested on its own.
 */
static void
test_false_statements(struct keys *k)
{
    struct inst in;
    struct duet_point g, bad_pt;
    struct duet_scalar one;
    proof_t pf;
    mpz_t v, m;
    int i;

    mpz_inits(v, m, NULL);
    duet_zk_aff_g_proof_init(&pf);
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0) {
        bail("G");
    }
    for (i = 0; i < 5; i++) {
        const char *what;

        inst_init(&in, k, NULL, NULL);
        switch (i) {
        case 0:
            /* X = (x + 1) G: z1 G = B_x + e X fails. */
            duet_point_add(&bad_pt, &in.px, &g);
            in.stmt.x = &bad_pt;
            what = "X = (x + 1) G";
            break;
        case 1:
            /* D = (x (.) C) (+) enc(y + 1; rho): the N_j equation fails. */
            mpz_add_ui(v, in.y, 1);
            if (duet_paillier_mul_var(&k->skj.pk, m, in.c, in.x) != 0
                || duet_paillier_enc(&k->skj.pk, in.d, v, in.rho) != 0
                || duet_paillier_add_var(&k->skj.pk, in.d, in.d, m) != 0)
            {
                bail("D");
            }
            what = "D with y + 1";
            break;
        case 2:
            /* Y = enc(y + 1; rho_y): the N_i equation fails. */
            mpz_add_ui(v, in.y, 1);
            if (duet_paillier_enc_crt(&k->ski, in.yc, v, in.rho_y) != 0) {
                bail("Y");
            }
            what = "Y = enc(y + 1; rho_y)";
            break;
        case 3:
            if (duet_bn_random_unit(v, k->skj.pk.n) != 0) {
                bail("random");
            }
            in.wit.rho = v;
            what = "a wrong rho";
            break;
        default:
            if (duet_bn_random_unit(v, k->ski.pk.n) != 0) {
                bail("random");
            }
            in.wit.rho_y = v;
            what = "a wrong rho_y";
            break;
        }
        prove_or_bail(&in, &pf);
        is_int(DUET_ERR_PROOF_INVALID,
            verify_both(&in.ctx, &in.stmt, &pf),
            "level %d: false statement (%s), honest algorithm: rejected",
            k->lv->id, what);
        inst_clear(&in);
    }
    duet_zk_aff_g_proof_clear(&pf);
    mpz_clears(v, m, NULL);
}


/* Spec 6.3 C3: a proof made against the prover's own R. */
static void
test_own_rp(struct keys *k)
{
    struct inst in;
    struct duet_zk_aff_g_stmt st;
    proof_t pf;

    duet_zk_aff_g_proof_init(&pf);
    inst_init(&in, k, NULL, NULL);
    st = in.stmt;
    st.rp = &k->rpp.pub;
    if (duet_zk_aff_g_prove(&in.ctx, &pf, &st, &in.wit) != 0) {
        bail("prove");
    }
    is_int(0, verify_both(&in.ctx, &st, &pf),
        "level %d: (a proof under the prover's own R is well formed)",
        k->lv->id);
    is_int(DUET_ERR_PROOF_INVALID, verify_both(&in.ctx, &in.stmt,
        &pf), "level %d: C3 proof against the prover's own R rejected by "
        "the verifier using its R", k->lv->id);
    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
}


/* v = sign * (2^(bits-1) + extra). */
static void
edge(mpz_t v, unsigned bits, unsigned long extra, int sign)
{
    mpz_set_ui(v, 0);
    mpz_setbit(v, bits - 1);
    mpz_add_ui(v, v, extra);
    if (sign < 0) {
        mpz_neg(v, v);
    }
}


/* The witness ranges: the honest prover refuses, boundaries included. */
static void
test_witness_range(struct keys *k)
{
    struct inst in;
    proof_t pf;
    mpz_t v, zero;
    int sign, which;

    mpz_inits(v, zero, NULL);
    duet_zk_aff_g_proof_init(&pf);
    for (which = 0; which < 2; which++) {
        const char *name = which == 0 ? "x" : "y";
        unsigned bits = which == 0 ? k->lv->ell : k->lv->ell_prime;

        for (sign = 1; sign >= -1; sign -= 2) {
            edge(v, bits, 0, sign);
            inst_init(&in, k, which == 0 ? v : NULL, which == 1 ? v : NULL);
            is_int(0, duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
                "level %d: %s = %s2^(%s-1) is proved", k->lv->id, name,
                sign < 0 ? "-" : "", which == 0 ? "ell" : "ell'");
            is_int(0, verify_both(&in.ctx, &in.stmt, &pf),
                "level %d: ... and verifies", k->lv->id);
            inst_clear(&in);

            edge(v, bits, 1, sign);
            inst_init(&in, k, which == 0 ? v : NULL, which == 1 ? v : NULL);
            is_int(DUET_ERR_INVALID_ARGUMENT,
                duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
                "level %d: %s = %s(2^(%s-1) + 1): the prover refuses",
                k->lv->id, name, sign < 0 ? "-" : "",
                which == 0 ? "ell" : "ell'");
            ok(mpz_sgn(pf.z1) == 0 && mpz_sgn(pf.a) == 0,
                "level %d: ... and leaves the proof zeroed", k->lv->id);
            inst_clear(&in);
        }
    }

    inst_init(&in, k, NULL, NULL);
    in.wit.rho = k->skj.p;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: rho = p_j (not a unit): the prover refuses", k->lv->id);
    in.wit.rho = zero;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: rho = 0: the prover refuses", k->lv->id);
    in.wit.rho = in.rho;
    in.wit.rho_y = k->ski.q;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: rho_y = q_i (not a unit): the prover refuses", k->lv->id);
    in.wit.rho_y = k->ski.pk.n;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: rho_y = N_i: the prover refuses", k->lv->id);
    in.wit.rho_y = in.rho_y;
    in.wit.sk_i = &k->skj;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: a secret key of another modulus is refused", k->lv->id);
    inst_clear(&in);

    duet_zk_aff_g_proof_clear(&pf);
    mpz_clears(v, zero, NULL);
}


/*
 * Spec 6.1 A2.3 for z1 and z2: exactly on the boundary verifies, one past
 * it does not (test hook: with x = y = 0, z1 = alpha and z2 = beta).  A2.4
 * and A2.2: a cheating prover's y = 2^(ell'+eps) and x = floor(N_j/4).
 */
static void
test_boundaries(struct keys *k)
{
    struct inst in;
    proof_t pf;
    mpz_t zero, v;
    int sign, which, past;

    mpz_inits(zero, v, NULL);
    duet_zk_aff_g_proof_init(&pf);
    inst_init(&in, k, zero, zero);
    for (which = 0; which < 2; which++) {
        const char *name = which == 0 ? "z1" : "z2";
        unsigned bits = which == 0 ? k->lv->ell + k->lv->epsilon
            : k->lv->ell_prime + k->lv->epsilon;

        for (sign = 1; sign >= -1; sign -= 2) {
            for (past = 0; past < 2; past++) {
                edge(v, bits, (unsigned long) past, sign);
                duet_zk_aff_g_test_next(which == 0 ? v : NULL,
                    which == 1 ? v : NULL, 0);
                prove_or_bail(&in, &pf);
                ok(mpz_cmp(which == 0 ? pf.z1 : pf.z2, v) == 0,
                    "level %d: x = y = 0 and the hook put %s at %s%s",
                    k->lv->id, name, sign < 0 ? "-" : "+",
                    past ? "(bound/2 + 1)" : "bound/2");
                is_int(past ? DUET_ERR_PROOF_INVALID : 0,
                    verify_both(&in.ctx, &in.stmt, &pf),
                    "level %d: A2.3 %s = %s%s %s", k->lv->id, name,
                    sign < 0 ? "-" : "+",
                    past ? "(2^(k-1) + 1)" : "2^(k-1)",
                    past ? "rejected" : "(inclusive boundary) accepted");
            }
        }
    }
    inst_clear(&in);

    /* A2.4: y = 2^(ell'+eps), a beta too large for the slack. */
    mpz_set_ui(v, 0);
    mpz_setbit(v, k->lv->ell_prime + k->lv->epsilon);
    inst_init(&in, k, NULL, v);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: y = 2^(ell'+eps): the honest prover refuses", k->lv->id);
    duet_zk_aff_g_test_next(NULL, NULL, 1);
    if (duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit) != 0) {
        bail("unchecked prove");
    }
    is_int(DUET_ERR_PROOF_INVALID, verify_both(&in.ctx, &in.stmt,
        &pf), "level %d: A2.4 D^ with y = 2^(ell'+eps) rejected (z2)",
        k->lv->id);
    inst_clear(&in);

    /* A2.2: x = floor(N_j / 4). */
    mpz_fdiv_q_2exp(v, k->skj.pk.n, 2);
    inst_init(&in, k, v, NULL);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: x = floor(N_j/4): the honest prover refuses", k->lv->id);
    duet_zk_aff_g_test_next(NULL, NULL, 1);
    if (duet_zk_aff_g_prove(&in.ctx, &pf, &in.stmt, &in.wit) != 0) {
        bail("unchecked prove");
    }
    is_int(DUET_ERR_PROOF_INVALID, verify_both(&in.ctx, &in.stmt,
        &pf), "level %d: A2.2 x = floor(N_j/4) rejected (z1)", k->lv->id);
    inst_clear(&in);

    duet_zk_aff_g_proof_clear(&pf);
    mpz_clears(zero, v, NULL);
}


/* The wire layout, for crafting encodings field by field. */
enum wkind { W_BN, W_SBN, W_PT };

static const enum wkind wire[] = {
    W_BN, W_PT, W_BN, W_BN, W_BN, W_BN, W_BN, W_SBN, W_SBN, W_SBN, W_SBN,
    W_BN, W_BN
};
static const char *const wire_name[] = {
    "A", "B_x", "B_y", "E", "S", "F", "T", "z1", "z2", "z3", "z4", "w",
    "w_y"
};
#define NWIRE (sizeof(wire) / sizeof(wire[0]))


static size_t
field_max(const struct duet_level *lv, size_t i)
{
    switch (i) {
    case 0: case 2: return (2 * lv->modulus_max_bits + 7) / 8;
    case 7: return (lv->ell + lv->epsilon + 7) / 8;
    case 8: return (lv->ell_prime + lv->epsilon + 7) / 8;
    case 9: case 10: return (lv->rp_y_max_bits + 7) / 8;
    default: return (lv->modulus_max_bits + 7) / 8;
    }
}


/* Split a valid encoding into its NWIRE fields. */
static void
split(const uint8_t *p, size_t len, size_t off[NWIRE + 1])
{
    size_t i, o = 0, n;

    for (i = 0; i < NWIRE; i++) {
        off[i] = o;
        switch (wire[i]) {
        case W_SBN:
            o++;
            /* FALLTHROUGH */
        case W_BN:
            if (o + 4 > len) {
                bail("split");
            }
            n = (size_t) p[o] << 24 | (size_t) p[o + 1] << 16
                | (size_t) p[o + 2] << 8 | p[o + 3];
            o += 4 + n;
            break;
        case W_PT:
            o += DUET_POINT_BYTES;
            break;
        }
    }
    off[NWIRE] = o;
    if (o != len) {
        bail("split: %zu != %zu", o, len);
    }
}


/* The encoding with field i replaced by rep[0..rlen); parse it. */
static int
parse_replaced(const uint8_t *p, const size_t off[NWIRE + 1], size_t i,
    const uint8_t *rep, size_t rlen, const struct duet_zk_ctx *ctx,
    proof_t *pf)
{
    struct duet_buf_writer w;
    int r;

    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    (void) duet_buf_put_bytes(&w, p, off[i]);
    (void) duet_buf_put_bytes(&w, rep, rlen);
    (void) duet_buf_put_bytes(&w, p + off[i + 1], off[NWIRE] - off[i + 1]);
    if (duet_buf_writer_error(&w) != 0) {
        bail("writer");
    }
    r = parse_all(duet_buf_writer_ptr(&w), duet_buf_writer_len(&w), ctx,
        pf);
    duet_buf_writer_free(&w);
    return r;
}


static void
put_len(uint8_t *p, size_t n)
{
    p[0] = (uint8_t) (n >> 24);
    p[1] = (uint8_t) (n >> 16);
    p[2] = (uint8_t) (n >> 8);
    p[3] = (uint8_t) n;
}


static void
test_wire(struct keys *k)
{
    struct inst in;
    struct duet_buf_writer w, w2;
    proof_t pf, back;
    const uint8_t *p;
    uint8_t *buf, rep[2048];
    size_t len, off[NWIRE + 1], i, cut, fails, flips, parsed, accepted;
    size_t iters, mx, o;

    duet_zk_aff_g_proof_init(&pf);
    duet_zk_aff_g_proof_init(&back);
    inst_init(&in, k, NULL, NULL);
    prove_or_bail(&in, &pf);
    encode_or_bail(&w, &pf);
    p = duet_buf_writer_ptr(&w);
    len = duet_buf_writer_len(&w);
    split(p, len, off);

    for (cut = 0, fails = 0; cut < len; cut++) {
        fails += parse_all(p, cut, &in.ctx, &back) != DUET_ERR_TRUNCATED;
    }
    is_int(0, (long long) fails, "level %d: all %zu truncations refused "
        "as truncated", k->lv->id, len);
    ok(mpz_sgn(back.a) == 0 && mpz_sgn(back.z1) == 0,
        "level %d: a failed parse leaves the proof zeroed", k->lv->id);

    buf = bmalloc(len + 1);
    memcpy(buf, p, len);
    buf[len] = 0;
    is_int(DUET_ERR_TRAILING_DATA, parse_all(buf, len + 1, &in.ctx, &back),
        "level %d: one trailing byte refused", k->lv->id);
    free(buf);

    for (i = 0; i < NWIRE; i++) {
        mx = field_max(k->lv, i);
        o = 0;
        switch (wire[i]) {
        case W_SBN:
            rep[0] = 0;
            o = 1;
            /* FALLTHROUGH */
        case W_BN:
            put_len(rep + o, mx + 1);
            memset(rep + o + 4, 0x01, mx + 1);
            is_int(DUET_ERR_LIMIT_EXCEEDED,
                parse_replaced(p, off, i, rep, o + 4 + mx + 1, &in.ctx,
                    &back),
                "level %d: %s of %zu bytes (max + 1) refused", k->lv->id,
                wire_name[i], mx + 1);
            put_len(rep + o, mx);
            is_int(0, parse_replaced(p, off, i, rep, o + 4 + mx, &in.ctx,
                    &back), "level %d: %s of %zu bytes (max) parses",
                k->lv->id, wire_name[i], mx);
            is_int(DUET_ERR_PROOF_INVALID,
                verify_both(&in.ctx, &in.stmt, &back),
                "level %d: ... and is rejected by verify", k->lv->id);
            memcpy(rep + o, "\0\0\0\2\0\1", 6);
            is_int(DUET_ERR_NON_CANONICAL,
                parse_replaced(p, off, i, rep, o + 6, &in.ctx, &back),
                "level %d: %s with a leading zero byte refused", k->lv->id,
                wire_name[i]);
            if (wire[i] == W_SBN) {
                memcpy(rep, "\1\0\0\0\0", 5);
                is_int(DUET_ERR_NON_CANONICAL,
                    parse_replaced(p, off, i, rep, 5, &in.ctx, &back),
                    "level %d: %s negative zero refused", k->lv->id,
                    wire_name[i]);
                memcpy(rep, "\2\0\0\0\1\1", 6);
                is_int(DUET_ERR_NON_CANONICAL,
                    parse_replaced(p, off, i, rep, 6, &in.ctx, &back),
                    "level %d: %s sign byte 2 refused", k->lv->id,
                    wire_name[i]);
            }
            break;
        case W_PT:
            memcpy(rep, p + off[i], DUET_POINT_BYTES);
            rep[0] = 0x04;
            is_int(DUET_ERR_BAD_ENCODING,
                parse_replaced(p, off, i, rep, DUET_POINT_BYTES, &in.ctx,
                    &back), "level %d: %s with prefix 0x04 refused",
                k->lv->id, wire_name[i]);
            memset(rep, 0xff, DUET_POINT_BYTES);
            rep[0] = 0x02;
            is_int(DUET_ERR_NON_CANONICAL,
                parse_replaced(p, off, i, rep, DUET_POINT_BYTES, &in.ctx,
                    &back), "level %d: %s with x >= p refused", k->lv->id,
                wire_name[i]);
            memset(rep, 0, DUET_POINT_BYTES);
            is_int(DUET_ERR_INFINITY,
                parse_replaced(p, off, i, rep, DUET_POINT_BYTES, &in.ctx,
                    &back), "level %d: %s = infinity refused", k->lv->id,
                wire_name[i]);
            break;
        }
    }

    proof_copy(&back, &pf);
    mpz_neg(back.w_y, back.w_y);
    duet_buf_writer_init_alloc(&w2, DUET_BUF_MAX);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_aff_g_encode(&w2, &back),
        "level %d: encode refuses a negative w_y", k->lv->id);
    duet_buf_writer_free(&w2);
    proof_copy(&back, &pf);
    duet_point_set_infinity(&back.b_x);
    duet_buf_writer_init_alloc(&w2, DUET_BUF_MAX);
    is_int(DUET_ERR_INFINITY, duet_zk_aff_g_encode(&w2, &back),
        "level %d: encode refuses B_x = infinity", k->lv->id);
    duet_buf_writer_free(&w2);

    /* Random bit flips: never crash, never verify. */
    iters = slow ? 400 : 40;
    buf = bmalloc(len);
    parsed = accepted = 0;
    for (flips = 0; flips < iters; flips++) {
        uint8_t rb[4];
        unsigned nflip, f;

        memcpy(buf, p, len);
        if (duet_random_bytes(rb, 1) != 0) {
            bail("random");
        }
        nflip = 1 + rb[0] % 3;
        for (f = 0; f < nflip; f++) {
            size_t bit;

            if (duet_random_bytes(rb, sizeof(rb)) != 0) {
                bail("random");
            }
            bit = ((size_t) rb[0] << 24 | (size_t) rb[1] << 16
                | (size_t) rb[2] << 8 | rb[3]) % (len * 8);
            buf[bit / 8] ^= (uint8_t) (1u << (bit % 8));
        }
        if (memcmp(buf, p, len) == 0) {
            continue;
        }
        if (parse_all(buf, len, &in.ctx, &back) != 0) {
            continue;
        }
        parsed++;
        accepted += verify_both(&in.ctx, &in.stmt, &back) == 0;
    }
    free(buf);
    is_int(0, (long long) accepted, "level %d: %zu random bit-flipped "
        "encodings: none verifies (%zu parsed)", k->lv->id, iters, parsed);
    ok(parsed > 0, "level %d: the flips reach verify", k->lv->id);

    duet_buf_writer_free(&w);
    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
    duet_zk_aff_g_proof_clear(&back);
}


/* A level-128 proof parsed under a level-112 context: oversize fields. */
static void
test_cross_level(struct keys *k128, struct keys *k112)
{
    struct inst in;
    struct duet_buf_writer w;
    proof_t pf;

    duet_zk_aff_g_proof_init(&pf);
    inst_init(&in, k128, NULL, NULL);
    prove_or_bail(&in, &pf);
    encode_or_bail(&w, &pf);
    in.ctx.level = k112->lv;
    is_int(DUET_ERR_LIMIT_EXCEEDED, parse_all(duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &in.ctx, &pf),
        "a level-128 proof parsed at level 112: oversize field refused");
    duet_buf_writer_free(&w);
    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
}


/* Misuse: missing values are refused, not dereferenced. */
static void
test_misuse(struct keys *k)
{
    struct inst in;
    struct duet_zk_aff_g_stmt st;
    struct duet_zk_ctx cx;
    proof_t pf;
    mpz_t e;

    mpz_init(e);
    duet_zk_aff_g_proof_init(&pf);
    inst_init(&in, k, NULL, NULL);
    prove_or_bail(&in, &pf);
    st = in.stmt;
    st.d = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_both(&in.ctx, &st,
        &pf), "level %d: verify without D refused", k->lv->id);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_aff_g_test_challenge(&in.ctx,
        &st, &pf, e), "level %d: challenge without D refused", k->lv->id);
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_both(&in.ctx,
        &in.stmt, NULL), "level %d: verify without a proof refused",
        k->lv->id);
    cx = in.ctx;
    cx.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_both(&cx, &in.stmt,
        &pf), "level %d: a context without level refused", k->lv->id);
    cx = in.ctx;
    cx.sid_len = 8;
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_both(&cx, &in.stmt,
        &pf), "level %d: an 8-byte sid refused", k->lv->id);
    in.wit.rho_y = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_aff_g_prove(&in.ctx, &pf,
        &in.stmt, &in.wit), "level %d: prove without rho_y refused",
        k->lv->id);
    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
    mpz_clear(e);
}


/* x = the value mod N^2 with residues xp mod p^2, xq mod q^2. */
static void
crt_nn(mpz_t x, const mpz_t xp, const mpz_t xq,
    const struct duet_paillier_sk *sk)
{
    mpz_t t, inv;

    mpz_inits(t, inv, NULL);
    if (mpz_invert(inv, sk->qq, sk->pp) == 0) {
        bail("q^-2 mod p^2");
    }
    mpz_sub(t, xp, xq);
    mpz_mul(t, t, inv);
    mpz_mod(t, t, sk->pp);
    mpz_mul(t, t, sk->qq);
    mpz_add(x, t, xq);
    mpz_mod(x, x, sk->pk.nn);
    mpz_clears(t, inv, NULL);
}


/* Median of n samples (sorts them). */
static double
median(double *v, int n)
{
    int i, j;
    double t;

    for (i = 1; i < n; i++) {
        for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
            t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    }
    return v[n / 2];
}


/*
 * The verifier's CRT path (stmt->sk_j): the secret key of another
 * modulus is refused; proofs that break the N_j equation in one of its
 * parts only (the plaintext, the randomness, mod p^2 alone, mod q^2
 * alone; a w changed mod q alone) are rejected with and without sk_j;
 * and the times of both.
 */
static void
test_sk_j(struct keys *k)
{
    const struct duet_paillier_sk *skj = &k->skj;
    struct duet_zk_aff_g_stmt st;
    struct inst in;
    proof_t pf, bad;
    double tw[5], tn[5], t0;
    mpz_t u, ap, aq;
    int i, r, r2;

    mpz_inits(u, ap, aq, NULL);
    duet_zk_aff_g_proof_init(&pf);
    duet_zk_aff_g_proof_init(&bad);
    inst_init(&in, k, NULL, NULL);
    prove_or_bail(&in, &pf);
    st = in.stmt;
    st.sk_j = skj;
    is_int(0, duet_zk_aff_g_verify(&in.ctx, &st, &pf),
        "level %d: sk_j: the proof verifies", k->lv->id);
    st.sk_j = &k->ski;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_aff_g_verify(&in.ctx, &st,
        &pf), "level %d: sk_j of another modulus refused", k->lv->id);
    st.sk_j = skj;

    for (i = 0; i < 6; i++) {
        const char *what;

        proof_copy(&bad, &pf);
        switch (i) {
        case 0:
            /* A (+) enc(1; 1): the plaintext part only. */
            mpz_add_ui(u, skj->pk.n, 1);
            mpz_mul(bad.a, bad.a, u);
            mpz_mod(bad.a, bad.a, skj->pk.nn);
            what = "A (+) enc(1; 1)";
            break;
        case 1:
            /* A u^N: the randomness part only. */
            if (duet_bn_random_unit(u, skj->pk.n) != 0) {
                bail("random");
            }
            mpz_powm(u, u, skj->pk.n, skj->pk.nn);
            mpz_mul(bad.a, bad.a, u);
            mpz_mod(bad.a, bad.a, skj->pk.nn);
            what = "A u^N";
            break;
        case 2:
        case 3:
            /* A times 1 + p (1 + q) mod p^2 only (mod q^2 only). */
            mpz_mod(ap, pf.a, skj->pp);
            mpz_mod(aq, pf.a, skj->qq);
            mpz_add_ui(u, i == 2 ? skj->p : skj->q, 1);
            if (i == 2) {
                mpz_mul(ap, ap, u);
                mpz_mod(ap, ap, skj->pp);
            } else {
                mpz_mul(aq, aq, u);
                mpz_mod(aq, aq, skj->qq);
            }
            crt_nn(bad.a, ap, aq, skj);
            what = i == 2 ? "A changed mod p^2 alone (plaintext)"
                : "A changed mod q^2 alone (plaintext)";
            break;
        case 4:
            /* A times an N-th power mod p^2 only: randomness mod p. */
            if (duet_bn_random_unit(u, skj->pk.n) != 0) {
                bail("random");
            }
            mpz_powm(u, u, skj->pk.n, skj->pp);
            mpz_mod(ap, pf.a, skj->pp);
            mpz_mul(ap, ap, u);
            mpz_mod(ap, ap, skj->pp);
            mpz_mod(aq, pf.a, skj->qq);
            crt_nn(bad.a, ap, aq, skj);
            what = "A changed mod p^2 alone (randomness)";
            break;
        default:
            /* w + p (p < w + p < N): the same w mod p, another mod q. */
            mpz_add(bad.w, bad.w, skj->p);
            if (mpz_cmp(bad.w, skj->pk.n) >= 0) {
                mpz_sub(bad.w, bad.w, skj->pk.n);
            }
            what = "w changed mod q alone";
            break;
        }
        r = duet_zk_aff_g_verify(&in.ctx, &in.stmt, &bad);
        r2 = duet_zk_aff_g_verify(&in.ctx, &st, &bad);
        ok(r == DUET_ERR_PROOF_INVALID && r2 == DUET_ERR_PROOF_INVALID,
            "level %d: %s rejected without and with sk_j (%s, %s)",
            k->lv->id, what, duet_errname(r), duet_errname(r2));
    }

    /* Times: the comb table of R is built by the first verify above. */
    for (i = 0; i < 5; i++) {
        t0 = now();
        r = duet_zk_aff_g_verify(&in.ctx, &in.stmt, &pf);
        tn[i] = now() - t0;
        t0 = now();
        r2 = duet_zk_aff_g_verify(&in.ctx, &st, &pf);
        tw[i] = now() - t0;
        if (r != 0 || r2 != 0) {
            bail("verify");
        }
    }
    diag("level %d: verify %.1f ms without sk_j, %.1f ms with it (median "
        "of 5)", k->lv->id, median(tn, 5) * 1e3, median(tw, 5) * 1e3);

    inst_clear(&in);
    duet_zk_aff_g_proof_clear(&pf);
    duet_zk_aff_g_proof_clear(&bad);
    mpz_clears(u, ap, aq, NULL);
}


static void
suite(struct keys *k)
{
    test_completeness(k, 1);
    test_sk_j(k);
    test_signed_challenge(k);
    test_proof_mutations(k);
    test_statement_mutations(k);
    test_binding(k);
    test_false_statements(k);
    test_own_rp(k);
    test_witness_range(k);
    test_boundaries(k);
    test_wire(k);
    test_misuse(k);
}


int
main(int argc, char **argv)
{
    struct keys k112, k128;
    double t0;

    tap_init(argc, argv);
    plan_lazy();
    duet_rand_test_seed(tap_seed());
    if (duet_init() != 0) {
        bail("duet_init");
    }
    slow = getenv("DUET_TEST_SLOW") != NULL;
    mpz_init(q);
    duet_curve_order(q);

    t0 = now();
    if (!keys_load(&k112, DUET_LEVEL_112)) {
        bail("no level-112 keys");
    }
    suite(&k112);
    diag("level 112 suite: %.1f s", now() - t0);

    t0 = now();
    if (keys_load(&k128, DUET_LEVEL_128)) {
        test_completeness(&k128, 1);
        test_sk_j(&k128);
        test_signed_challenge(&k128);
        test_own_rp(&k128);
        test_cross_level(&k128, &k112);
        if (slow) {
            test_proof_mutations(&k128);
            test_statement_mutations(&k128);
            test_witness_range(&k128);
            test_boundaries(&k128);
            test_wire(&k128);
        }
        diag("level 128: %.1f s", now() - t0);
    } else {
        skip_block(1, "no 1536-bit safe-prime fixture: level 128 skipped");
    }

    is_int(0, (long long) sk_j_disagree, "verify with sk_j agreed with "
        "verify without it on all %lu proofs and statements checked both "
        "ways", sk_j_runs);
    ok(sk_j_runs > 100, "(%lu checked both ways)", sk_j_runs);

    keys_clear(&k112);
    keys_clear(&k128);
    mpz_clear(q);
    return 0;
}
