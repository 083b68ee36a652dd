/*
 * zk-enc-elg-t.c -- tests for Pi^enc-elg (crypto/src/zk/zk_enc_elg.c).
 *
 * - Completeness at level 112 (CRT and plain encryption) and once at
 *   level 128, with proof sizes and prove/verify times as diagnostics.
 * - Signed challenges (correction C6): sids giving e < 0 and e > 0 are
 *   found and both proofs verify.
 * - Soundness by mutation: every proof field (bit flip, zero, +1/-1,
 *   negation, the modulus, value + modulus, value + q, the range
 *   boundaries) and every statement value; the attacks of spec 6.3 C2
 *   (commitment mutation), C3 (proof against the prover's own R), C4
 *   (replay under another sid, prover or discriminator num 0 <-> 1), 6.1
 *   A2 (out-of-range plaintexts, the half-range boundary) and 6.5 E2
 *   (ciphertexts outside Z*_{N^2}).
 * - The honest prover refuses witnesses out of range.
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
#include "zk/zk_enc_elg.h"

#define PRIMES_MAX   20
#define PRIMES_USED  8

struct keys {
    const struct duet_level *lv;
    int loaded;
    struct duet_paillier_sk sk;     /* the prover's Paillier key N_0 */
    struct duet_paillier_sk sk2;    /* another Paillier key */
    struct duet_rp_secret rpv;      /* the verifier's ring-Pedersen R */
    struct duet_rp_secret rpp;      /* the prover's own R */
};

/* One statement with its witness and context. */
struct inst {
    mpz_t x, rho, c;
    struct duet_scalar a, b;
    struct duet_point pa, pb, px;
    uint8_t sid[32];
    struct duet_zk_ctx ctx;
    struct duet_zk_enc_elg_stmt stmt;
    struct duet_zk_enc_elg_wit wit;
};

typedef struct duet_zk_enc_elg_proof proof_t;

static int slow;
static mpz_t q;


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
    duet_paillier_sk_init(&k->sk);
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
        r = duet_paillier_sk_from_primes(&k->sk, p[0], p[1], k->lv, NULL);
        r |= duet_paillier_sk_from_primes(&k->sk2, p[2], p[3], k->lv, NULL);
        r |= duet_rp_secret_from_primes(&k->rpv, p[4], p[5], k->lv, NULL);
        r |= duet_rp_secret_from_primes(&k->rpp, p[6], p[7], k->lv, NULL);
        if (r != 0) {
            bail("level %d keys refused", level_id);
        }
        k->loaded = 1;
    }
    for (i = 0; i < PRIMES_MAX; i++) {
        mpz_clear(p[i]);
    }
    return k->loaded;
}


static void
keys_clear(struct keys *k)
{
    duet_paillier_sk_clear(&k->sk);
    duet_paillier_sk_clear(&k->sk2);
    duet_rp_secret_clear(&k->rpv);
    duet_rp_secret_clear(&k->rpp);
}


/* X = b A + x G, with x in Z_q by its sign. */
static void
inst_points(struct inst *in)
{
    struct duet_scalar xs;
    struct duet_point t;

    if (duet_point_mul_gen(&in->pa, &in->a) != 0
        || duet_point_mul_gen(&in->pb, &in->b) != 0
        || duet_scalar_from_bn(&xs, in->x) != 0
        || duet_point_mul_gen(&t, &xs) != 0)
    {
        bail("point arithmetic");
    }
    duet_point_mul(&in->px, &in->b, &in->pa);
    duet_point_add(&in->px, &in->px, &t);
}


/*
 * Set the plaintext to x and recompute C = enc(x mod N_0; rho) (an
 * out-of-range x wraps, as a cheater's would) and X = b A + x G.
 */
static void
inst_set_x(struct inst *in, struct keys *k, const mpz_t x)
{
    mpz_t m;

    mpz_init(m);
    mpz_set(in->x, x);
    mpz_mod(m, x, k->sk.pk.n);
    if (mpz_cmp(m, k->sk.pk.half) > 0) {
        mpz_sub(m, m, k->sk.pk.n);
    }
    if (duet_paillier_enc_crt(&k->sk, in->c, m, in->rho) != 0) {
        bail("encryption");
    }
    inst_points(in);
    mpz_clear(m);
}


/*
 * A fresh statement at k's level for plaintext x (random in +-2^ell if
 * NULL), under the prover's key and the verifier's R, in a context with a
 * random sid, prover 1 and discriminator 0.
 */
static void
inst_init(struct inst *in, struct keys *k, const mpz_t x)
{
    memset(in, 0, sizeof(*in));
    mpz_inits(in->x, in->rho, in->c, NULL);
    if (duet_bn_random_unit(in->rho, k->sk.pk.n) != 0
        || duet_scalar_random(&in->a) != 0 || duet_scalar_random(&in->b) != 0
        || duet_random_bytes(in->sid, sizeof(in->sid)) != 0)
    {
        bail("random");
    }
    if (x != NULL) {
        inst_set_x(in, k, x);
    } else {
        if (duet_bn_random_pm_pow2(in->x, k->lv->ell) != 0) {
            bail("random");
        }
        inst_set_x(in, k, in->x);
    }

    in->ctx.level = k->lv;
    in->ctx.sid = in->sid;
    in->ctx.sid_len = sizeof(in->sid);
    in->ctx.prover = 1;
    in->ctx.discriminator = DUET_ZK_ENC_ELG_K;
    in->stmt.pk = &k->sk.pk;
    in->stmt.rp = &k->rpv.pub;
    in->stmt.c = in->c;
    in->stmt.a = &in->pa;
    in->stmt.b = &in->pb;
    in->stmt.x = &in->px;
    in->wit.sk = &k->sk;
    in->wit.x = in->x;
    in->wit.rho = in->rho;
    in->wit.b = &in->b;
}


static void
inst_clear(struct inst *in)
{
    mpz_clears(in->x, in->rho, in->c, NULL);
    duet_scalar_clear(&in->a);
    duet_scalar_clear(&in->b);
}


static void
proof_copy(proof_t *dst, const proof_t *src)
{
    mpz_set(dst->s, src->s);
    mpz_set(dst->t, src->t);
    mpz_set(dst->d, src->d);
    dst->y = src->y;
    dst->z = src->z;
    mpz_set(dst->z1, src->z1);
    mpz_set(dst->z2, src->z2);
    mpz_set(dst->z3, src->z3);
    dst->w = src->w;
}


static void
prove_or_bail(struct inst *in, proof_t *pf)
{
    int r = duet_zk_enc_elg_prove(&in->ctx, pf, &in->stmt, &in->wit);

    if (r != 0) {
        bail("prove failed: %s", duet_errname(r));
    }
}


/* Encode into a fresh growable writer (the caller frees it). */
static void
encode_or_bail(struct duet_buf_writer *w, const proof_t *pf)
{
    duet_buf_writer_init_alloc(w, DUET_BUF_MAX);
    if (duet_zk_enc_elg_encode(w, pf) != 0) {
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
    if ((r = duet_zk_enc_elg_parse(&rd, ctx, pf)) != 0) {
        return r;
    }
    return duet_buf_reader_end(&rd);
}


static void
test_completeness(struct keys *k, int timed)
{
    struct inst in;
    struct duet_buf_writer w;
    proof_t pf, back;
    double t0, t1, t2;
    int r;

    duet_zk_enc_elg_proof_init(&pf);
    duet_zk_enc_elg_proof_init(&back);
    inst_init(&in, k, NULL);

    t0 = now();
    r = duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit);
    t1 = now();
    is_int(0, r, "level %d: prove (CRT)", k->lv->id);
    r = duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf);
    t2 = now();
    is_int(0, r, "level %d: the proof verifies", k->lv->id);

    encode_or_bail(&w, &pf);
    r = parse_all(duet_buf_writer_ptr(&w), duet_buf_writer_len(&w),
        &in.ctx, &back);
    is_int(0, r, "level %d: parse of the encoding", k->lv->id);
    {
        struct duet_buf_writer w2;

        encode_or_bail(&w2, &back);
        ok(duet_buf_writer_len(&w2) == duet_buf_writer_len(&w)
            && memcmp(duet_buf_writer_ptr(&w2), duet_buf_writer_ptr(&w),
                duet_buf_writer_len(&w)) == 0,
            "level %d: encode/parse/encode is byte-identical", k->lv->id);
        duet_buf_writer_free(&w2);
    }
    is_int(0, duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &back),
        "level %d: the parsed proof verifies", k->lv->id);
    if (timed) {
        diag("level %d: proof %zu bytes, prove %.1f ms, verify %.1f ms",
            k->lv->id, duet_buf_writer_len(&w), (t1 - t0) * 1e3,
            (t2 - t1) * 1e3);
    }
    duet_buf_writer_free(&w);

    /* Without the secret key: plain encryption, same statement. */
    in.wit.sk = NULL;
    is_int(0, duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: prove without the secret key", k->lv->id);
    is_int(0, duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
        "level %d: ... verifies", k->lv->id);

    /* Discriminator 1 (num = 1) and another prover index also work. */
    in.wit.sk = &k->sk;
    in.ctx.discriminator = DUET_ZK_ENC_ELG_GAMMA;
    in.ctx.prover = 0;
    prove_or_bail(&in, &pf);
    is_int(0, duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
        "level %d: num = 1, prover 0 verifies", k->lv->id);

    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
    duet_zk_enc_elg_proof_clear(&back);
}


/*
 * Correction C6: vary the sid until the challenge has been negative and
 * positive with a witness of each sign; all four proofs verify.
 */
static void
test_signed_challenge(struct keys *k)
{
    struct inst in;
    proof_t pf;
    mpz_t e, x;
    int seen[4] = { 0, 0, 0, 0 }, nseen = 0, bad = 0, i, which;

    mpz_inits(e, x, NULL);
    duet_zk_enc_elg_proof_init(&pf);
    inst_init(&in, k, NULL);
    for (i = 0; i < 64 && nseen < 4; i++) {
        in.sid[0] = (uint8_t) i;
        /* Alternate the witness's sign. */
        if ((i & 1) != (mpz_sgn(in.x) < 0)) {
            mpz_neg(x, in.x);
            inst_set_x(&in, k, x);
        }
        prove_or_bail(&in, &pf);
        if (duet_zk_enc_elg_test_challenge(&in.ctx, &in.stmt, &pf, e) != 0) {
            bail("challenge");
        }
        which = (mpz_sgn(e) < 0) * 2 + (mpz_sgn(in.x) < 0);
        if (mpz_sgn(e) == 0 || seen[which]) {
            continue;
        }
        seen[which] = 1;
        nseen++;
        if (duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf) != 0) {
            bad++;
            diag("e %s 0, x %s 0: the proof does not verify",
                mpz_sgn(e) < 0 ? "<" : ">", mpz_sgn(in.x) < 0 ? "<" : ">=");
        }
    }
    ok(nseen == 4, "level %d: challenges e < 0 and e > 0 met with x < 0 "
        "and x >= 0 (%d sids)", k->lv->id, i);
    is_int(0, bad, "level %d: C6 the proofs with e < 0 and e > 0 verify",
        k->lv->id);

    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
    mpz_clears(e, x, NULL);
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

struct zfield {
    const char *name;
    size_t off;             /* offsetof in the proof */
    int modulus;            /* 0 none, 1 N^, 2 N_0^2, 3 N_0 */
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


/*
 * Spec 6.3 C2 and 6.1 A2: every field of the proof, mutated in turn, is
 * rejected.
 */
static void
test_proof_mutations(struct keys *k)
{
    const struct zfield fields[] = {
        { "S", offsetof(proof_t, s), 1, 0 },
        { "T", offsetof(proof_t, t), 1, 0 },
        { "D", offsetof(proof_t, d), 2, 0 },
        { "z1", offsetof(proof_t, z1), 0, k->lv->ell + k->lv->epsilon },
        { "z2", offsetof(proof_t, z2), 3, 0 },
        { "z3", offsetof(proof_t, z3), 0, 0 },
    };
    struct inst in;
    struct duet_point g;
    struct duet_scalar one;
    proof_t pf, bad;
    const __mpz_struct *mod;
    size_t i;
    int m, r, j;

    duet_zk_enc_elg_proof_init(&pf);
    duet_zk_enc_elg_proof_init(&bad);
    inst_init(&in, k, NULL);
    prove_or_bail(&in, &pf);
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0) {
        bail("G");
    }

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        mod = fields[i].modulus == 1 ? k->rpv.pub.n
            : fields[i].modulus == 2 ? k->sk.pk.nn
            : fields[i].modulus == 3 ? k->sk.pk.n : NULL;
        for (m = 0; m < MUT_END; m++) {
            proof_copy(&bad, &pf);
            if (!mutate(zfield_ptr(&bad, &fields[i]), (enum mut) m, mod,
                    fields[i].bound_bits, k->lv))
            {
                continue;
            }
            r = duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad);
            is_int(DUET_ERR_PROOF_INVALID, r, "level %d: %s %s rejected",
                k->lv->id, fields[i].name, mut_name[m]);
        }
    }

    /* The commitment points and the scalar. */
    for (j = 0; j < 2; j++) {
        struct duet_point *p;
        const char *name = j == 0 ? "Y" : "Z";

        proof_copy(&bad, &pf);
        p = j == 0 ? &bad.y : &bad.z;
        duet_point_add(p, p, &g);
        is_int(DUET_ERR_PROOF_INVALID,
            duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad),
            "level %d: %s + G rejected", k->lv->id, name);
        proof_copy(&bad, &pf);
        p = j == 0 ? &bad.y : &bad.z;
        duet_point_negate(p, p);
        is_int(DUET_ERR_PROOF_INVALID,
            duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad),
            "level %d: -%s rejected", k->lv->id, name);
        proof_copy(&bad, &pf);
        p = j == 0 ? &bad.y : &bad.z;
        duet_point_set_infinity(p);
        is_int(DUET_ERR_PROOF_INVALID,
            duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad),
            "level %d: %s = infinity rejected", k->lv->id, name);
    }
    proof_copy(&bad, &pf);
    duet_scalar_add(&bad.w, &bad.w, &one);
    is_int(DUET_ERR_PROOF_INVALID,
        duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad),
        "level %d: w + 1 rejected", k->lv->id);
    proof_copy(&bad, &pf);
    duet_scalar_clear(&bad.w);
    is_int(DUET_ERR_PROOF_INVALID,
        duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad),
        "level %d: w = 0 rejected", k->lv->id);
    proof_copy(&bad, &pf);
    duet_scalar_negate(&bad.w, &bad.w);
    is_int(DUET_ERR_PROOF_INVALID,
        duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad),
        "level %d: -w rejected", k->lv->id);

    /*
     * Consistent shifts that keep some equations true: z1 + N_0 keeps
     * the Paillier equation, Y + G with w unchanged fails; the verifier
     * must catch each through another check.
     */
    proof_copy(&bad, &pf);
    mpz_add(bad.z1, bad.z1, k->sk.pk.n);
    is_int(DUET_ERR_PROOF_INVALID,
        duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad),
        "level %d: z1 + N_0 (same Paillier residue) rejected", k->lv->id);

    /* Spec 6.6 F4: a 4-Mbit z3 is refused before any exponentiation. */
    proof_copy(&bad, &pf);
    mpz_set_ui(bad.z3, 0);
    mpz_setbit(bad.z3, (mp_bitcnt_t) 1 << 22);
    {
        double t0 = now();

        r = duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &bad);
        t0 = now() - t0;
        ok(r == DUET_ERR_PROOF_INVALID && t0 < 0.5, "level %d: F4 a "
            "4-Mbit z3 rejected at once (%.3f ms)", k->lv->id, t0 * 1e3);
    }

    /* The untouched proof still verifies (the copies were independent). */
    is_int(0, duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
        "level %d: the original proof still verifies", k->lv->id);

    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
    duet_zk_enc_elg_proof_clear(&bad);
}


/*
 * Every statement value mutated, and the context: spec 6.3 C3, C4, 6.5 E2.
 */
static void
test_statement_mutations(struct keys *k)
{
    struct inst in;
    struct duet_zk_enc_elg_stmt st;
    struct duet_zk_ctx cx;
    struct duet_point g, pm;
    struct duet_scalar one;
    struct duet_paillier_pk pk2;
    proof_t pf;
    mpz_t c;
    uint8_t sid2[32];
    int r, j;

    mpz_init(c);
    duet_zk_enc_elg_proof_init(&pf);
    inst_init(&in, k, NULL);
    prove_or_bail(&in, &pf);
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0) {
        bail("G");
    }

    /* C: each mutation rejected (statement errors or proof errors). */
    {
        static const char *const what[] = {
            "C + 1", "C (+) enc(1) (a valid ciphertext of x + 1)",
            "C = 0", "C = N_0^2", "C + N_0^2 (same residue)",
            "C = p (a multiple of p, spec 6.5 E2)", "-C", "C = 1"
        };
        /* Outside Z*_{N_0^2}: a malformed statement, refused as such. */
        static const int want[] = {
            DUET_ERR_PROOF_INVALID, DUET_ERR_PROOF_INVALID,
            DUET_ERR_INVALID_ARGUMENT, DUET_ERR_INVALID_ARGUMENT,
            DUET_ERR_INVALID_ARGUMENT, DUET_ERR_INVALID_ARGUMENT,
            DUET_ERR_INVALID_ARGUMENT, DUET_ERR_PROOF_INVALID
        };
        size_t i;

        for (i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
            mpz_set(c, in.c);
            switch (i) {
            case 0: mpz_add_ui(c, c, 1); break;
            case 1:
                mpz_add_ui(c, k->sk.pk.n, 1);
                mpz_mul(c, c, in.c);
                mpz_mod(c, c, k->sk.pk.nn);
                break;
            case 2: mpz_set_ui(c, 0); break;
            case 3: mpz_set(c, k->sk.pk.nn); break;
            case 4: mpz_add(c, c, k->sk.pk.nn); break;
            case 5: mpz_set(c, k->sk.p); break;
            case 6: mpz_neg(c, c); break;
            default: mpz_set_ui(c, 1); break;
            }
            st = in.stmt;
            st.c = c;
            is_int(want[i], duet_zk_enc_elg_verify(&in.ctx, &st, &pf),
                "level %d: statement %s rejected", k->lv->id, what[i]);
        }
    }

    /* A, B, X: + G, negated, infinity. */
    for (j = 0; j < 3; j++) {
        const char *name = j == 0 ? "A" : j == 1 ? "B" : "X";
        const struct duet_point *orig = j == 0 ? &in.pa
            : j == 1 ? &in.pb : &in.px;
        int v;

        for (v = 0; v < 3; v++) {
            st = in.stmt;
            if (v == 0) {
                duet_point_add(&pm, orig, &g);
            } else if (v == 1) {
                duet_point_negate(&pm, orig);
            } else {
                duet_point_set_infinity(&pm);
            }
            if (j == 0) {
                st.a = &pm;
            } else if (j == 1) {
                st.b = &pm;
            } else {
                st.x = &pm;
            }
            /* The El-Gamal key A = infinity is a malformed statement. */
            is_int(j == 0 && v == 2 ? DUET_ERR_INVALID_ARGUMENT
                : DUET_ERR_PROOF_INVALID,
                duet_zk_enc_elg_verify(&in.ctx, &st, &pf),
                "level %d: statement %s %s rejected", k->lv->id, name,
                v == 0 ? "+ G" : v == 1 ? "negated" : "= infinity");
        }
    }
    /* X and B swapped. */
    st = in.stmt;
    st.b = &in.px;
    st.x = &in.pb;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_enc_elg_verify(&in.ctx, &st, &pf),
        "level %d: statement B and X swapped rejected", k->lv->id);

    /* N_0 replaced by another party's modulus. */
    st = in.stmt;
    st.pk = &k->sk2.pk;
    r = duet_zk_enc_elg_verify(&in.ctx, &st, &pf);
    ok(r == DUET_ERR_PROOF_INVALID || r == DUET_ERR_INVALID_ARGUMENT,
        "level %d: statement N_0 replaced rejected (%s)", k->lv->id,
        duet_errname(r));
    /* A public key of the same N, set up afresh, is the same statement. */
    duet_paillier_pk_init(&pk2);
    if (duet_paillier_pk_set_var(&pk2, k->sk.pk.n, k->lv, NULL) != 0) {
        bail("pk_set");
    }
    st = in.stmt;
    st.pk = &pk2;
    is_int(0, duet_zk_enc_elg_verify(&in.ctx, &st, &pf),
        "level %d: the verifier's own copy of N_0 accepts", k->lv->id);
    duet_paillier_pk_clear(&pk2);

    /* Other verifier ring-Pedersen parameters. */
    st = in.stmt;
    st.rp = &k->rpp.pub;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_enc_elg_verify(&in.ctx, &st, &pf),
        "level %d: verified under other ring-Pedersen parameters: "
        "rejected", k->lv->id);

    /* Spec 6.3 C4: replay under another sid, prover, discriminator. */
    cx = in.ctx;
    memcpy(sid2, in.sid, sizeof(sid2));
    sid2[31] ^= 1;
    cx.sid = sid2;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_enc_elg_verify(&cx, &in.stmt, &pf),
        "level %d: C4 replay under another sid rejected", k->lv->id);
    cx = in.ctx;
    cx.sid_len = 31;
    r = duet_zk_enc_elg_verify(&cx, &in.stmt, &pf);
    is_int(DUET_ERR_PROOF_INVALID, r,
        "level %d: C4 replay under a truncated sid rejected", k->lv->id);
    cx = in.ctx;
    cx.prover = 0;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_enc_elg_verify(&cx, &in.stmt, &pf),
        "level %d: C4 replay as another prover rejected", k->lv->id);
    cx = in.ctx;
    cx.discriminator = DUET_ZK_ENC_ELG_GAMMA;
    is_int(DUET_ERR_PROOF_INVALID, duet_zk_enc_elg_verify(&cx, &in.stmt, &pf),
        "level %d: C4 replay of num 0 as num 1 rejected", k->lv->id);
    {
        /* ... and num 1 as num 0. */
        proof_t pf1;

        duet_zk_enc_elg_proof_init(&pf1);
        in.ctx.discriminator = DUET_ZK_ENC_ELG_GAMMA;
        prove_or_bail(&in, &pf1);
        in.ctx.discriminator = DUET_ZK_ENC_ELG_K;
        is_int(DUET_ERR_PROOF_INVALID,
            duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf1),
            "level %d: C4 replay of num 1 as num 0 rejected", k->lv->id);
        duet_zk_enc_elg_proof_clear(&pf1);
    }
    cx = in.ctx;
    cx.level = duet_level_get(k->lv->id == DUET_LEVEL_112
        ? DUET_LEVEL_128 : DUET_LEVEL_112);
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_enc_elg_verify(&cx, &in.stmt, &pf),
        "level %d: a context of another level is refused", k->lv->id);

    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
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
    struct duet_zk_enc_elg_stmt st;
    struct duet_zk_ctx cx;
    struct duet_point g;
    struct duet_scalar one;
    struct duet_paillier_pk pk2;
    proof_t pf, bad;
    mpz_t e0, e1, c;
    uint8_t sid2[32];
    int i;

    mpz_inits(e0, e1, c, NULL);
    duet_zk_enc_elg_proof_init(&pf);
    duet_zk_enc_elg_proof_init(&bad);
    inst_init(&in, k, NULL);
    prove_or_bail(&in, &pf);
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0
        || duet_zk_enc_elg_test_challenge(&in.ctx, &in.stmt, &pf, e0) != 0)
    {
        bail("challenge");
    }
    duet_paillier_pk_init(&pk2);

    for (i = 0; i < 15; i++) {
        const char *what;

        proof_copy(&bad, &pf);
        st = in.stmt;
        cx = in.ctx;
        switch (i) {
        case 0: mpz_add_ui(bad.s, bad.s, 1); what = "S"; break;
        case 1: mpz_add_ui(bad.t, bad.t, 1); what = "T"; break;
        case 2: mpz_add_ui(bad.d, bad.d, 1); what = "D"; break;
        case 3: duet_point_add(&bad.y, &bad.y, &g); what = "Y"; break;
        case 4: duet_point_add(&bad.z, &bad.z, &g); what = "Z"; break;
        case 5:
            mpz_add_ui(c, in.c, 1);
            st.c = c;
            what = "statement C";
            break;
        case 6:
            /* Another modulus (the key's other fields are not hashed). */
            if (duet_paillier_pk_set_var(&pk2, k->sk2.pk.n, k->lv, NULL)
                != 0)
            {
                bail("pk");
            }
            st.pk = &pk2;
            what = "statement N_0";
            break;
        case 7: st.a = &g; what = "statement A"; break;
        case 8: st.b = &g; what = "statement B"; break;
        case 9: st.x = &g; what = "statement X"; break;
        case 10: st.rp = &k->rpp.pub; what = "the verifier's R"; break;
        case 11:
            memcpy(sid2, in.sid, sizeof(sid2));
            sid2[0] ^= 0x80;
            cx.sid = sid2;
            what = "sid";
            break;
        case 12: cx.prover = 2; what = "prover index"; break;
        case 13:
            cx.discriminator = DUET_ZK_ENC_ELG_GAMMA;
            what = "discriminator";
            break;
        default:
            what = "level";
            cx.level = duet_level_get(k->lv->id == DUET_LEVEL_112
                ? DUET_LEVEL_128 : DUET_LEVEL_112);
            break;
        }
        if (duet_zk_enc_elg_test_challenge(&cx, &st, &bad, e1) != 0) {
            bail("challenge");
        }
        ok(mpz_cmp(e0, e1) != 0, "level %d: the challenge depends on %s",
            k->lv->id, what);
    }
    /* The responses are not hashed: the challenge ignores them. */
    proof_copy(&bad, &pf);
    mpz_add_ui(bad.z1, bad.z1, 1);
    mpz_add_ui(bad.z2, bad.z2, 1);
    mpz_add_ui(bad.z3, bad.z3, 1);
    if (duet_zk_enc_elg_test_challenge(&in.ctx, &in.stmt, &bad, e1) != 0) {
        bail("challenge");
    }
    ok(mpz_cmp(e0, e1) == 0, "level %d: (the challenge does not depend "
        "on the response)", k->lv->id);

    duet_paillier_pk_clear(&pk2);
    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
    duet_zk_enc_elg_proof_clear(&bad);
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
    mpz_t v;
    int i;

    mpz_init(v);
    duet_zk_enc_elg_proof_init(&pf);
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0) {
        bail("G");
    }
    for (i = 0; i < 4; i++) {
        const char *what;

        inst_init(&in, k, NULL);
        switch (i) {
        case 0:
            /* X = b A + (x + 1) G: w A + z1 G = Y + e X fails. */
            duet_point_add(&bad_pt, &in.px, &g);
            in.stmt.x = &bad_pt;
            what = "X = b A + (x + 1) G";
            break;
        case 1:
            /* B = (b + 1) G, X unchanged: w G = Z + e B fails. */
            duet_point_add(&bad_pt, &in.pb, &g);
            in.stmt.b = &bad_pt;
            what = "B = (b + 1) G";
            break;
        case 2:
            /* C encrypts x + 1: the Paillier equation fails. */
            mpz_add_ui(v, in.x, 1);
            if (duet_paillier_enc_crt(&k->sk, in.c, v, in.rho) != 0) {
                bail("enc");
            }
            what = "C = enc(x + 1; rho)";
            break;
        default:
            /* Another rho: the Paillier equation fails. */
            if (duet_bn_random_unit(v, k->sk.pk.n) != 0) {
                bail("random");
            }
            in.wit.rho = v;
            what = "a wrong rho";
            break;
        }
        prove_or_bail(&in, &pf);
        is_int(DUET_ERR_PROOF_INVALID,
            duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
            "level %d: false statement (%s), honest algorithm: rejected",
            k->lv->id, what);
        inst_clear(&in);
    }
    duet_zk_enc_elg_proof_clear(&pf);
    mpz_clear(v);
}


/* Spec 6.3 C3: a proof made against the prover's own R. */
static void
test_own_rp(struct keys *k)
{
    struct inst in;
    struct duet_zk_enc_elg_stmt st;
    proof_t pf;

    duet_zk_enc_elg_proof_init(&pf);
    inst_init(&in, k, NULL);
    st = in.stmt;
    st.rp = &k->rpp.pub;
    if (duet_zk_enc_elg_prove(&in.ctx, &pf, &st, &in.wit) != 0) {
        bail("prove");
    }
    is_int(0, duet_zk_enc_elg_verify(&in.ctx, &st, &pf),
        "level %d: (a proof under the prover's own R is well formed)",
        k->lv->id);
    is_int(DUET_ERR_PROOF_INVALID,
        duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
        "level %d: C3 proof against the prover's own R rejected by the "
        "verifier using its R", k->lv->id);
    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
}


/* The witness ranges: the honest prover refuses, boundaries included. */
static void
test_witness_range(struct keys *k)
{
    struct inst in;
    proof_t pf;
    mpz_t x;
    int r, sign;

    mpz_init(x);
    duet_zk_enc_elg_proof_init(&pf);
    for (sign = 1; sign >= -1; sign -= 2) {
        /* x = +-2^(ell-1): inside (the half range includes its ends). */
        mpz_set_ui(x, 0);
        mpz_setbit(x, k->lv->ell - 1);
        if (sign < 0) {
            mpz_neg(x, x);
        }
        inst_init(&in, k, x);
        r = duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit);
        is_int(0, r, "level %d: x = %s2^(ell-1) is proved", k->lv->id,
            sign < 0 ? "-" : "");
        is_int(0, duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
            "level %d: ... and verifies", k->lv->id);
        inst_clear(&in);

        /* x = +-(2^(ell-1) + 1): the honest prover refuses. */
        mpz_set_ui(x, 0);
        mpz_setbit(x, k->lv->ell - 1);
        mpz_add_ui(x, x, 1);
        if (sign < 0) {
            mpz_neg(x, x);
        }
        inst_init(&in, k, x);
        r = duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit);
        is_int(DUET_ERR_INVALID_ARGUMENT, r,
            "level %d: x = %s(2^(ell-1) + 1): the prover refuses",
            k->lv->id, sign < 0 ? "-" : "");
        ok(mpz_sgn(pf.z1) == 0 && mpz_sgn(pf.s) == 0,
            "level %d: ... and leaves the proof zeroed", k->lv->id);
        inst_clear(&in);
    }

    inst_init(&in, k, NULL);
    mpz_set(x, k->sk.p);
    in.wit.rho = x;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: rho = p (not a unit): the prover refuses", k->lv->id);
    in.wit.rho = in.rho;
    in.wit.sk = &k->sk2;
    is_int(DUET_ERR_INVALID_ARGUMENT,
        duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit),
        "level %d: a secret key of another modulus is refused", k->lv->id);
    inst_clear(&in);

    duet_zk_enc_elg_proof_clear(&pf);
    mpz_clear(x);
}


/*
 * Spec 6.1 A2.3: z1 exactly on the boundary +-2^(ell+eps-1) verifies, one
 * past it does not; A2.2: a cheating prover's plaintext floor(N_0/4).
 * Needs the test hook that fixes alpha (with x = 0, z1 = alpha).
 */
static void
test_boundaries(struct keys *k)
{
    struct inst in;
    proof_t pf;
    mpz_t x, alpha;
    int sign, r;

    mpz_inits(x, alpha, NULL);
    duet_zk_enc_elg_proof_init(&pf);
    inst_init(&in, k, x);     /* x = 0 */
    for (sign = 1; sign >= -1; sign -= 2) {
        mpz_set_ui(alpha, 0);
        mpz_setbit(alpha, k->lv->ell + k->lv->epsilon - 1);
        if (sign < 0) {
            mpz_neg(alpha, alpha);
        }
        duet_zk_enc_elg_test_next(alpha, 0);
        prove_or_bail(&in, &pf);
        ok(mpz_cmp(pf.z1, alpha) == 0, "level %d: x = 0 and the hook put "
            "z1 at %s2^(ell+eps-1)", k->lv->id, sign < 0 ? "-" : "+");
        is_int(0, duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
            "level %d: A2.3 z1 = %s2^(ell+eps-1) (inclusive boundary) "
            "accepted", k->lv->id, sign < 0 ? "-" : "+");

        mpz_add_ui(alpha, alpha, 1);
        if (sign < 0) {
            mpz_sub_ui(alpha, alpha, 2);
        }
        duet_zk_enc_elg_test_next(alpha, 0);
        prove_or_bail(&in, &pf);
        ok(mpz_cmp(pf.z1, alpha) == 0, "level %d: the hook put z1 one "
            "past the boundary", k->lv->id);
        is_int(DUET_ERR_PROOF_INVALID,
            duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
            "level %d: A2.3 z1 = %s(2^(ell+eps-1) + 1) rejected",
            k->lv->id, sign < 0 ? "-" : "+");
    }
    inst_clear(&in);

    /* A2.2: K encrypting floor(N_0 / 4), the honest algorithm run on it. */
    mpz_fdiv_q_2exp(x, k->sk.pk.n, 2);
    inst_init(&in, k, x);
    r = duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit);
    is_int(DUET_ERR_INVALID_ARGUMENT, r,
        "level %d: x = floor(N_0/4): the honest prover refuses", k->lv->id);
    duet_zk_enc_elg_test_next(NULL, 1);
    r = duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit);
    is_int(0, r, "level %d: (the unchecked prover makes the proof)",
        k->lv->id);
    is_int(DUET_ERR_PROOF_INVALID,
        duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
        "level %d: A2.2 x = floor(N_0/4) rejected (z1 out of range)",
        k->lv->id);
    inst_clear(&in);

    /* x = 2^(ell+eps): too big for the slack too. */
    mpz_set_ui(x, 0);
    mpz_setbit(x, k->lv->ell + k->lv->epsilon);
    inst_init(&in, k, x);
    duet_zk_enc_elg_test_next(NULL, 1);
    if (duet_zk_enc_elg_prove(&in.ctx, &pf, &in.stmt, &in.wit) != 0) {
        bail("unchecked prove");
    }
    is_int(DUET_ERR_PROOF_INVALID,
        duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &pf),
        "level %d: x = 2^(ell+eps) rejected", k->lv->id);
    inst_clear(&in);

    duet_zk_enc_elg_proof_clear(&pf);
    mpz_clears(x, alpha, NULL);
}


/* The wire layout, for crafting encodings field by field. */
enum wkind { W_BN, W_SBN, W_PT, W_SC };

static const enum wkind wire[] = {
    W_BN, W_BN, W_BN, W_PT, W_PT, W_SBN, W_BN, W_SBN, W_SC
};
static const char *const wire_name[] = {
    "S", "T", "D", "Y", "Z", "z1", "z2", "z3", "w"
};
#define NWIRE (sizeof(wire) / sizeof(wire[0]))


static size_t
field_max(const struct duet_level *lv, size_t i)
{
    switch (i) {
    case 0: case 1: case 6: return (lv->modulus_max_bits + 7) / 8;
    case 2: return (2 * lv->modulus_max_bits + 7) / 8;
    case 5: return (lv->ell + lv->epsilon + 7) / 8;
    case 7: return (lv->rp_y_max_bits + 7) / 8;
    default: return 0;
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
        case W_SC:
            o += DUET_SCALAR_BYTES;
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
test_wire(struct keys *k)
{
    struct inst in;
    struct duet_buf_writer w;
    proof_t pf, back;
    const uint8_t *p;
    uint8_t *buf, rep[2048];
    size_t len, off[NWIRE + 1], i, cut, fails, flips, parsed, accepted;
    size_t iters;
    int r;

    duet_zk_enc_elg_proof_init(&pf);
    duet_zk_enc_elg_proof_init(&back);
    inst_init(&in, k, NULL);
    prove_or_bail(&in, &pf);
    encode_or_bail(&w, &pf);
    p = duet_buf_writer_ptr(&w);
    len = duet_buf_writer_len(&w);
    split(p, len, off);

    /* Truncation at every byte boundary. */
    for (cut = 0, fails = 0; cut < len; cut++) {
        r = parse_all(p, cut, &in.ctx, &back);
        fails += r != DUET_ERR_TRUNCATED;
    }
    is_int(0, (long long) fails, "level %d: all %zu truncations refused "
        "as truncated", k->lv->id, len);
    ok(mpz_sgn(back.d) == 0 && mpz_sgn(back.z1) == 0,
        "level %d: a failed parse leaves the proof zeroed", k->lv->id);

    /* Trailing data: parse reads the proof, the reader's end refuses. */
    buf = bmalloc(len + 1);
    memcpy(buf, p, len);
    buf[len] = 0;
    is_int(DUET_ERR_TRAILING_DATA, parse_all(buf, len + 1, &in.ctx, &back),
        "level %d: one trailing byte refused", k->lv->id);
    free(buf);

    /* Oversize, non-canonical and malformed fields. */
    for (i = 0; i < NWIRE; i++) {
        size_t mx = field_max(k->lv, i), o = 0;

        switch (wire[i]) {
        case W_SBN:
            rep[0] = 0;
            o = 1;
            /* FALLTHROUGH */
        case W_BN:
            /* max + 1 bytes of magnitude. */
            rep[o] = (uint8_t) ((mx + 1) >> 24);
            rep[o + 1] = (uint8_t) ((mx + 1) >> 16);
            rep[o + 2] = (uint8_t) ((mx + 1) >> 8);
            rep[o + 3] = (uint8_t) (mx + 1);
            memset(rep + o + 4, 0x01, mx + 1);
            is_int(DUET_ERR_LIMIT_EXCEEDED,
                parse_replaced(p, off, i, rep, o + 4 + mx + 1, &in.ctx,
                    &back),
                "level %d: %s of %zu bytes (max + 1) refused", k->lv->id,
                wire_name[i], mx + 1);
            /* Exactly max bytes passes the parser. */
            rep[o] = (uint8_t) (mx >> 24);
            rep[o + 1] = (uint8_t) (mx >> 16);
            rep[o + 2] = (uint8_t) (mx >> 8);
            rep[o + 3] = (uint8_t) mx;
            is_int(0, parse_replaced(p, off, i, rep, o + 4 + mx, &in.ctx,
                    &back), "level %d: %s of %zu bytes (max) parses",
                k->lv->id, wire_name[i], mx);
            is_int(DUET_ERR_PROOF_INVALID,
                duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &back),
                "level %d: ... and is rejected by verify", k->lv->id);
            /* A leading zero byte. */
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
            rep[32] = 1;
            is_int(DUET_ERR_BAD_ENCODING,
                parse_replaced(p, off, i, rep, DUET_POINT_BYTES, &in.ctx,
                    &back), "level %d: %s 0x00 prefix with a non-zero "
                "tail refused", k->lv->id, wire_name[i]);
            break;
        case W_SC:
            memset(rep, 0xff, DUET_SCALAR_BYTES);
            is_int(DUET_ERR_NON_CANONICAL,
                parse_replaced(p, off, i, rep, DUET_SCALAR_BYTES, &in.ctx,
                    &back), "level %d: w >= q refused", k->lv->id);
            break;
        }
    }

    /* A negative unsigned field cannot be encoded. */
    {
        struct duet_buf_writer w2;

        proof_copy(&back, &pf);
        mpz_neg(back.s, back.s);
        duet_buf_writer_init_alloc(&w2, DUET_BUF_MAX);
        is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_enc_elg_encode(&w2, &back),
            "level %d: encode refuses a negative S", k->lv->id);
        duet_buf_writer_free(&w2);
        proof_copy(&back, &pf);
        duet_point_set_infinity(&back.z);
        duet_buf_writer_init_alloc(&w2, DUET_BUF_MAX);
        is_int(DUET_ERR_INFINITY, duet_zk_enc_elg_encode(&w2, &back),
            "level %d: encode refuses Z = infinity", k->lv->id);
        duet_buf_writer_free(&w2);
    }

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
        accepted += duet_zk_enc_elg_verify(&in.ctx, &in.stmt, &back) == 0;
    }
    free(buf);
    is_int(0, (long long) accepted, "level %d: %zu random bit-flipped "
        "encodings: none verifies (%zu parsed)", k->lv->id, iters, parsed);
    ok(parsed > 0, "level %d: the flips reach verify", k->lv->id);

    duet_buf_writer_free(&w);
    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
    duet_zk_enc_elg_proof_clear(&back);
}


/* A level-128 proof parsed under a level-112 context: oversize fields. */
static void
test_cross_level(struct keys *k128, struct keys *k112)
{
    struct inst in;
    struct duet_buf_writer w;
    proof_t pf;
    int r;

    duet_zk_enc_elg_proof_init(&pf);
    inst_init(&in, k128, NULL);
    prove_or_bail(&in, &pf);
    encode_or_bail(&w, &pf);
    in.ctx.level = k112->lv;
    r = parse_all(duet_buf_writer_ptr(&w), duet_buf_writer_len(&w),
        &in.ctx, &pf);
    is_int(DUET_ERR_LIMIT_EXCEEDED, r,
        "a level-128 proof parsed at level 112: oversize field refused");
    duet_buf_writer_free(&w);
    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
}


/* Misuse: missing values are refused, not dereferenced. */
static void
test_misuse(struct keys *k)
{
    struct inst in;
    struct duet_zk_enc_elg_stmt st;
    struct duet_zk_ctx cx;
    proof_t pf;
    mpz_t e;

    mpz_init(e);
    duet_zk_enc_elg_proof_init(&pf);
    inst_init(&in, k, NULL);
    prove_or_bail(&in, &pf);
    st = in.stmt;
    st.x = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_enc_elg_verify(&in.ctx, &st,
        &pf), "level %d: verify without X refused", k->lv->id);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_enc_elg_test_challenge(&in.ctx,
        &st, &pf, e), "level %d: challenge without X refused", k->lv->id);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_enc_elg_verify(&in.ctx,
        &in.stmt, NULL), "level %d: verify without a proof refused",
        k->lv->id);
    cx = in.ctx;
    cx.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_enc_elg_verify(&cx, &in.stmt,
        &pf), "level %d: a context without level refused", k->lv->id);
    cx = in.ctx;
    cx.sid_len = 8;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_enc_elg_verify(&cx, &in.stmt,
        &pf), "level %d: an 8-byte sid refused", k->lv->id);
    in.wit.b = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_enc_elg_prove(&in.ctx, &pf,
        &in.stmt, &in.wit), "level %d: prove without b refused", k->lv->id);
    inst_clear(&in);
    duet_zk_enc_elg_proof_clear(&pf);
    mpz_clear(e);
}


static void
suite(struct keys *k)
{
    test_completeness(k, 1);
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

    keys_clear(&k112);
    keys_clear(&k128);
    mpz_clear(q);
    return 0;
}
