/*
 * zk-prm-t.c -- tests for Pi^prm (crypto/src/zk/zk_prm.c, spec section 2.5):
 * completeness at both levels, the wire form, every field of the proof and
 * of the statement mutated, binding to the context (spec 6.3 C4),
 * correction C1 (all m challenge bits independent and uniform), and the
 * ring-Pedersen attacks of spec 6.2 (B1 c-guess, s not in <t>, small-order
 * and degenerate parameters, B2 roles swapped) and C7.
 *
 * Keys come from tests/vectors/safe-primes-{1024,1536}.txt (via
 * $top_srcdir).  Without the 1024-bit file, 1024-bit safe primes are
 * generated at test time; without the 1536-bit file, level 128 is skipped.
 * Most tests run at level 112; DUET_TEST_SLOW=1 adds the level-128
 * mutations and a longer mutation loop.
 */

#include "config.h"

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
#include "paillier/ring_pedersen.h"
#include "util/mem.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_prm.h"

#define FIXTURE_MAX  32

struct fixture {
    unsigned bits;
    size_t count;
    mpz_t p[FIXTURE_MAX];
};

/*
 * Ring-Pedersen parameters with their trapdoor, built by the test itself
 * so that degenerate ones can be made too: s = t^lambda mod N^.
 */
struct rp {
    mpz_t n, s, t, lambda, p, q;
};

static struct fixture fix1024 = { 1024, 0, { { { 0, 0, NULL } } } };
static struct fixture fix1536 = { 1536, 0, { { { 0, 0, NULL } } } };
static int slow;

static const uint8_t sid_a[32] = "duet zk-prm-t session identifier";
static const uint8_t sid_b[32] = "duet zk-prm-t session identifiEr";
static const uint8_t rho_a[32] = "duet zk-prm-t joint random rho a";


static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}


static uint32_t
rand_u32(void)
{
    uint8_t b[4];

    if (duet_random_bytes(b, sizeof(b)) != 0) {
        bail("duet_random_bytes");
    }
    return (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16
        | (uint32_t) b[2] << 8 | b[3];
}


/* Load a fixture; returns 0, or -1 if the file is missing. */
static int
read_fixture(struct fixture *fx)
{
    char path[4096], line[2048];
    const char *top = getenv("top_srcdir");
    FILE *f;
    size_t len;

    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
        top != NULL ? top : ".", fx->bits);
    if ((f = fopen(path, "r")) == NULL) {
        return -1;
    }
    while (fgets(line, sizeof(line), f) != NULL && fx->count < FIXTURE_MAX) {
        len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || line[0] == '#') {
            continue;
        }
        if (mpz_init_set_str(fx->p[fx->count], line, 16) != 0) {
            bail("%s: bad line", path);
        }
        fx->count++;
    }
    fclose(f);
    return 0;
}


/* Fill fx with count fresh safe primes (when the fixture file is absent). */
static void
generate_fixture(struct fixture *fx, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        mpz_init(fx->p[i]);
        if (duet_prime_safe_generate(fx->p[i], fx->bits, NULL) != 0) {
            bail("duet_prime_safe_generate");
        }
    }
    fx->count = count;
}


/*
 * A random prime of exactly bits bits, = 3 mod 4 (test data: variable
 * time is fine).  A gcd with the odd primes below 4096 sieves candidates.
 */
static void
test_prime(mpz_t p, unsigned bits)
{
    mpz_t prim, g;

    mpz_inits(prim, g, NULL);
    mpz_primorial_ui(prim, 4096);
    mpz_fdiv_q_2exp(prim, prim, 1);
    do {
        if (duet_bn_random_bits(p, bits) != 0) {
            bail("random");
        }
        mpz_setbit(p, bits - 1);
        mpz_sub_ui(p, p, mpz_fdiv_ui(p, 4));
        mpz_add_ui(p, p, 3);
        for (;;) {
            mpz_gcd(g, p, prim);
            if (mpz_cmp_ui(g, 1) == 0 && mpz_probab_prime_p(p, 30)) {
                break;
            }
            mpz_add_ui(p, p, 4);
        }
    } while (mpz_sizeinbase(p, 2) != bits);
    mpz_clears(prim, g, NULL);
}


/*
 * Well-formed parameters from two primes: t = r^2, s = t^lambda with
 * lambda < phi / 4 (test side, plain GMP).
 */
static void
rp_init(struct rp *k, const mpz_t p, const mpz_t q)
{
    mpz_t phi, r;

    mpz_inits(k->n, k->s, k->t, k->lambda, phi, r, NULL);
    mpz_init_set(k->p, p);
    mpz_init_set(k->q, q);
    mpz_mul(k->n, p, q);
    mpz_sub_ui(phi, p, 1);
    mpz_sub_ui(r, q, 1);
    mpz_mul(phi, phi, r);
    mpz_fdiv_q_2exp(phi, phi, 2);
    if (duet_bn_random_unit(r, k->n) != 0
        || duet_bn_random_below(k->lambda, phi) != 0)
    {
        bail("random");
    }
    mpz_powm_ui(k->t, r, 2, k->n);
    mpz_powm(k->s, k->t, k->lambda, k->n);
    mpz_clears(phi, r, NULL);
}


static void
rp_clear(struct rp *k)
{
    mpz_clears(k->n, k->s, k->t, k->lambda, k->p, k->q, NULL);
}


static void
ctx_set(struct duet_zk_ctx *ctx, const struct duet_level *lv)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->level = lv;
    ctx->sid = sid_a;
    ctx->sid_len = sizeof(sid_a);
    ctx->prover = 2;
    /* Pi^prm is sent in aux-info round 1, before rho exists. */
    ctx->rho = NULL;
}


static void
proof_copy(struct duet_zk_prm_proof *dst, const struct duet_zk_prm_proof *src)
{
    size_t i;

    for (i = 0; i < DUET_ZK_PRM_M_MAX; i++) {
        mpz_set(dst->a[i], src->a[i]);
        mpz_set(dst->z[i], src->z[i]);
    }
    dst->m = src->m;
}


static int
verify3(const struct duet_zk_ctx *ctx, const mpz_t n, const mpz_t s,
    const mpz_t t, const struct duet_zk_prm_proof *proof)
{
    struct duet_zk_prm_stmt st;

    st.n = n;
    st.s = s;
    st.t = t;
    return duet_zk_prm_verify(ctx, &st, proof);
}


static int
verify_rp(const struct duet_zk_ctx *ctx, const struct rp *k,
    const struct duet_zk_prm_proof *proof)
{
    return verify3(ctx, k->n, k->s, k->t, proof);
}


/* Prove (n, s, t) with witness (lambda, p, q). */
static int
prove3(const struct duet_zk_ctx *ctx, struct duet_zk_prm_proof *proof,
    const mpz_t n, const mpz_t s, const mpz_t t, const mpz_t lambda,
    const mpz_t p, const mpz_t q)
{
    struct duet_zk_prm_stmt st;
    struct duet_zk_prm_wit wit;

    st.n = n;
    st.s = s;
    st.t = t;
    wit.lambda = lambda;
    wit.p = p;
    wit.q = q;
    return duet_zk_prm_prove(ctx, proof, &st, &wit);
}


static int
prove_rp(const struct duet_zk_ctx *ctx, struct duet_zk_prm_proof *proof,
    const struct rp *k)
{
    return prove3(ctx, proof, k->n, k->s, k->t, k->lambda, k->p, k->q);
}


static void
encode(struct duet_buf_writer *w, const struct duet_zk_prm_proof *proof)
{
    duet_buf_writer_init_alloc(w, DUET_BUF_MAX);
    if (duet_zk_prm_encode(w, proof) != 0) {
        bail("encode");
    }
}


/* Parse exactly len bytes (trailing data is an error here). */
static int
parse_all(const struct duet_zk_ctx *ctx, const uint8_t *p, size_t len,
    struct duet_zk_prm_proof *proof)
{
    struct duet_buf_reader rd;
    int r;

    duet_buf_reader_init(&rd, p, len);
    if ((r = duet_zk_prm_parse(&rd, ctx, proof)) != 0) {
        return r;
    }
    return duet_buf_reader_end(&rd);
}


static unsigned
bit_of(const uint8_t *bits, unsigned i)
{
    return (bits[i / 8] >> (i % 8)) & 1u;
}


/* ------------------------------------------------------------------------
 * Completeness and the wire form.
 */

/* Returns: the time the verification took. */
static double
test_complete(const struct duet_level *lv, const struct rp *k,
    struct duet_zk_prm_proof *out, int check_parsed)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof pf2;
    struct duet_buf_writer w1, w2;
    double t0, t1, t2;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&pf2);
    t0 = now();
    is_int(0, prove_rp(&ctx, out, k), "level %d: prove", lv->id);
    t1 = now();
    is_int(0, verify_rp(&ctx, k, out), "level %d: verify", lv->id);
    t2 = now();
    encode(&w1, out);
    diag("level %d: proof %zu bytes, prove %.3f s, verify %.3f s", lv->id,
        duet_buf_writer_len(&w1), t1 - t0, t2 - t1);
    is_int(0, parse_all(&ctx, duet_buf_writer_ptr(&w1),
        duet_buf_writer_len(&w1), &pf2), "level %d: parse", lv->id);
    encode(&w2, &pf2);
    ok(duet_buf_writer_len(&w1) == duet_buf_writer_len(&w2)
        && memcmp(duet_buf_writer_ptr(&w1), duet_buf_writer_ptr(&w2),
            duet_buf_writer_len(&w1)) == 0,
        "level %d: encode(parse(encode(proof))) is byte-identical", lv->id);
    if (check_parsed) {
        is_int(0, verify_rp(&ctx, k, &pf2), "level %d: the parsed proof "
            "verifies", lv->id);
    }
    duet_buf_writer_free(&w1);
    duet_buf_writer_free(&w2);
    duet_zk_prm_proof_clear(&pf2);
    return t2 - t1;
}


static void
test_parse(const struct duet_level *lv, const struct duet_zk_prm_proof *pf)
{
    struct duet_zk_ctx ctx, noctx;
    struct duet_zk_prm_proof bad, out;
    struct duet_buf_writer w;
    struct duet_buf_reader rd;
    uint8_t *buf;
    size_t len, cuts[14], i, bad_cuts = 0, a1;
    int r;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&bad);
    duet_zk_prm_proof_init(&out);
    encode(&w, pf);
    len = duet_buf_writer_len(&w);
    buf = bmalloc(len + 1);
    memcpy(buf, duet_buf_writer_ptr(&w), len);
    duet_buf_writer_free(&w);

    a1 = duet_bn_bytes(pf->a[0]);
    cuts[0] = 0;
    cuts[1] = 1;
    cuts[2] = 2;
    cuts[3] = 4;
    cuts[4] = 6;
    cuts[5] = 6 + a1;
    cuts[6] = 6 + a1 + 2;
    cuts[7] = len / 2;
    cuts[8] = len - 1;
    for (i = 9; i < 14; i++) {
        cuts[i] = rand_u32() % len;
    }
    for (i = 0; i < 14; i++) {
        duet_buf_reader_init(&rd, buf, cuts[i]);
        r = duet_zk_prm_parse(&rd, &ctx, &out);
        if (r != DUET_ERR_TRUNCATED || out.m != 0) {
            bad_cuts++;
            diag("cut at %zu of %zu: %s", cuts[i], len, duet_errname(r));
        }
    }
    is_int(0, (long long) bad_cuts, "truncated encodings are refused "
        "(14 cut points)");
    buf[len] = 0x55;
    duet_buf_reader_init(&rd, buf, len + 1);
    ok(duet_zk_prm_parse(&rd, &ctx, &out) == 0
        && duet_buf_reader_remaining(&rd) == 1
        && duet_buf_reader_end(&rd) == DUET_ERR_TRAILING_DATA,
        "a trailing byte is left for, and refused by, reader_end");

    /* Counts (spec 6.2 B1 c-guess: fewer repetitions never parse). */
    buf[0] = 0;
    buf[1] = 1;
    is_int(DUET_ERR_BAD_ENCODING, parse_all(&ctx, buf, len, &out),
        "count 1 in the header");
    buf[0] = (uint8_t) ((lv->m + 1) >> 8);
    buf[1] = (uint8_t) (lv->m + 1);
    is_int(DUET_ERR_BAD_ENCODING, parse_all(&ctx, buf, len, &out),
        "count m + 1 in the header");
    buf[0] = (uint8_t) (lv->m >> 8);
    buf[1] = (uint8_t) lv->m;
    proof_copy(&bad, pf);
    bad.m = 32;
    encode(&w, &bad);
    is_int(DUET_ERR_BAD_ENCODING, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "a proof of 32 entries");
    duet_buf_writer_free(&w);

    /* Over-long integers, first and last entry. */
    proof_copy(&bad, pf);
    mpz_setbit(bad.a[0], lv->modulus_max_bits + 7);
    encode(&w, &bad);
    is_int(DUET_ERR_LIMIT_EXCEEDED, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "A_1 of |N|max/8 + 1 bytes");
    duet_buf_writer_free(&w);
    proof_copy(&bad, pf);
    mpz_setbit(bad.z[lv->m - 1], lv->modulus_max_bits + 7);
    encode(&w, &bad);
    is_int(DUET_ERR_LIMIT_EXCEEDED, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "z_m of |N|max/8 + 1 bytes");
    duet_buf_writer_free(&w);

    /* A leading zero byte in A_1 = 5. */
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    (void) duet_buf_put_u16(&w, (uint16_t) lv->m);
    (void) duet_buf_put_u32(&w, 2);
    (void) duet_buf_put_u8(&w, 0);
    (void) duet_buf_put_u8(&w, 5);
    (void) duet_buf_put_bytes(&w, buf + 6 + a1, len - 6 - a1);
    is_int(DUET_ERR_NON_CANONICAL, parse_all(&ctx, duet_buf_writer_ptr(&w),
        duet_buf_writer_len(&w), &out), "A_1 = 5 with a leading zero byte");
    duet_buf_writer_free(&w);

    noctx = ctx;
    noctx.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, parse_all(&noctx, buf, len, &out),
        "parse without a level");
    proof_copy(&bad, pf);
    mpz_neg(bad.z[0], bad.z[0]);
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    is_int(DUET_ERR_INVALID_ARGUMENT, duet_zk_prm_encode(&w, &bad),
        "encode refuses a negative z");
    duet_buf_writer_free(&w);

    free(buf);
    duet_zk_prm_proof_clear(&bad);
    duet_zk_prm_proof_clear(&out);
}


/* ------------------------------------------------------------------------
 * Soundness: every field mutated.
 */

enum mut {
    MUT_FLIP_LOW, MUT_FLIP_MID, MUT_ZERO, MUT_PLUS1, MUT_MINUS1, MUT_N,
    MUT_PLUS_N, MUT_FACTOR, MUT_NEGATE, MUT_TIMES_MINUS1, MUT_COUNT
};

static const char *const mut_name[MUT_COUNT] = {
    "low bit flipped", "a middle bit flipped", "zero", "+1", "-1", "= N^",
    "+ N^ (not reduced)", "= p^ (not a unit)", "negated",
    "times -1 mod N^ (order 2)"
};


static void
mutate(mpz_t v, enum mut how, const struct rp *k)
{
    switch (how) {
    case MUT_FLIP_LOW:
        mpz_combit(v, 0);
        break;
    case MUT_FLIP_MID:
        mpz_combit(v, (mp_bitcnt_t) (mpz_sizeinbase(k->n, 2) / 2));
        break;
    case MUT_ZERO:
        mpz_set_ui(v, 0);
        break;
    case MUT_PLUS1:
        mpz_add_ui(v, v, 1);
        break;
    case MUT_MINUS1:
        mpz_sub_ui(v, v, 1);
        break;
    case MUT_N:
        mpz_set(v, k->n);
        break;
    case MUT_PLUS_N:
        mpz_add(v, v, k->n);
        break;
    case MUT_FACTOR:
        mpz_set(v, k->p);
        break;
    case MUT_NEGATE:
        mpz_neg(v, v);
        break;
    case MUT_TIMES_MINUS1:
    case MUT_COUNT:
        mpz_sub(v, k->n, v);
        break;
    }
}


static void
test_mutations(const struct duet_level *lv, const struct rp *k,
    const struct rp *other, const struct duet_zk_prm_proof *pf, int nidx)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof bad;
    unsigned idx[4], i, kind, fails;
    int j, how, r;
    mpz_t x;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&bad);
    mpz_init(x);
    idx[0] = 0;
    idx[1] = lv->m - 1;
    idx[2] = 1;
    idx[3] = lv->m / 2;

    for (j = 0; j < nidx; j++) {
        i = idx[j];
        for (kind = 0; kind < 2; kind++) {
            fails = 0;
            for (how = 0; how < MUT_COUNT; how++) {
                proof_copy(&bad, pf);
                mutate(kind == 0 ? bad.a[i] : bad.z[i], (enum mut) how, k);
                r = verify_rp(&ctx, k, &bad);
                if (r != DUET_ERR_PROOF_INVALID) {
                    fails++;
                    diag("%s_%u %s: %s", kind == 0 ? "A" : "z", i + 1,
                        mut_name[how], duet_errname(r));
                }
            }
            is_int(0, (long long) fails, "level %d: %s_%u: all %d "
                "mutations rejected", lv->id, kind == 0 ? "A" : "z", i + 1,
                MUT_COUNT);
        }
    }
    /* Two entries swapped. */
    proof_copy(&bad, pf);
    mpz_swap(bad.a[0], bad.a[1]);
    mpz_swap(bad.z[0], bad.z[1]);
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&ctx, k, &bad),
        "level %d: entries 1 and 2 swapped", lv->id);

    /* Entry counts (B1 c-guess). */
    proof_copy(&bad, pf);
    bad.m = lv->m - 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&ctx, k, &bad),
        "level %d: m - 1 entries", lv->id);
    proof_copy(&bad, pf);
    bad.m = lv->m + 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&ctx, k, &bad),
        "level %d: m + 1 entries", lv->id);
    proof_copy(&bad, pf);
    bad.m = 1;
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&ctx, k, &bad),
        "B1 c-guess: a 1-entry proof");

    /* The statement. */
    mpz_add_ui(x, k->s, 1);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, x, k->t, pf),
        "level %d: s + 1", lv->id);
    mpz_add_ui(x, k->t, 1);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, k->s, x, pf),
        "level %d: t + 1", lv->id);
    mpz_add_ui(x, k->n, 2);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, x, k->s, k->t, pf),
        "level %d: N^ + 2", lv->id);
    mpz_add_ui(x, k->n, 1);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, x, k->s, k->t, pf),
        "level %d: N^ + 1 (even)", lv->id);
    mpz_sub(x, k->n, k->s);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, x, k->t, pf),
        "level %d: s times -1", lv->id);
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&ctx, other, pf),
        "level %d: another party's parameters", lv->id);

    mpz_clear(x);
    duet_zk_prm_proof_clear(&bad);
}


/* Spec 6.3 C4: the context is bound. */
static void
test_binding(const struct duet_level *lv, const struct duet_level *lv_other,
    const struct rp *k, const struct duet_zk_prm_proof *pf)
{
    struct duet_zk_ctx ctx, c2;

    ctx_set(&ctx, lv);
    c2 = ctx;
    c2.sid = sid_b;
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&c2, k, pf), "C4: another sid");
    c2 = ctx;
    c2.prover = 0;
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&c2, k, pf),
        "C4/B4: another prover index (copied parameters and proof)");
    c2 = ctx;
    c2.discriminator = 7;
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&c2, k, pf),
        "C4: another discriminator");
    c2 = ctx;
    c2.rho = rho_a;
    c2.rho_len = sizeof(rho_a);
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&c2, k, pf),
        "a rho where the proof had none");
    c2 = ctx;
    c2.level = lv_other;
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&c2, k, pf),
        "another security level");
    c2 = ctx;
    c2.level = NULL;
    is_int(DUET_ERR_INVALID_ARGUMENT, verify_rp(&c2, k, pf),
        "no level: the caller's mistake");
}


/* ------------------------------------------------------------------------
 * Correction C1: the m bits are m independent uniform bits.
 */

static void
test_c1(const struct duet_level *lv, const struct rp *k,
    const struct duet_zk_prm_proof *pf)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_stmt st;
    struct duet_zk_prm_proof forged;
    uint8_t sid[32], bits[DUET_ZK_PRM_M_MAX / 8];
    unsigned ones[DUET_ZK_PRM_M_MAX], i, n, runs = 1000, stuck = 0, high = 0;
    unsigned long total = 0;
    int crate_ok;
    mpz_t alpha[DUET_ZK_PRM_M_MAX], phi, u, lhs, rhs;

    ctx_set(&ctx, lv);
    st.n = k->n;
    st.s = k->s;
    st.t = k->t;
    memset(ones, 0, sizeof(ones));
    ctx.sid = sid;
    ctx.sid_len = sizeof(sid);
    for (n = 0; n < runs; n++) {
        if (duet_random_bytes(sid, sizeof(sid)) != 0
            || duet_zk_prm_test_challenge(&ctx, &st, pf, bits) != 0)
        {
            bail("challenge");
        }
        for (i = 0; i < lv->m; i++) {
            ones[i] += bit_of(bits, i);
        }
    }
    for (i = 0; i < lv->m; i++) {
        stuck += ones[i] == 0 || ones[i] == runs;
        total += ones[i];
        if (i >= 32 && ones[i] > 0) {
            high++;
        }
    }
    is_int(0, (long long) stuck, "C1: over %u transcripts every one of the "
        "%u bit positions takes both values", runs, lv->m);
    is_int((long long) lv->m - 32, (long long) high, "C1: bits 33..%u are "
        "not stuck at 0 (the crate's bug)", lv->m);
    /* 128000 fair bits: 5 standard deviations are about 900. */
    ok(total > 64000 - 900 && total < 64000 + 900, "C1: %lu ones in %u "
        "bits, about half", total, runs * lv->m);

    /*
     * A proof that answers the real challenge only in positions 0..31 and
     * e = 0 elsewhere: what a prover needs to answer under the crate's
     * derivation.  Made with lambda known (the cheap way to get positions
     * 0..31 right without 2^32 grinding).
     */
    ctx.sid = sid_a;
    ctx.sid_len = sizeof(sid_a);
    duet_zk_prm_proof_init(&forged);
    mpz_inits(phi, u, lhs, rhs, NULL);
    mpz_sub_ui(phi, k->p, 1);
    mpz_sub_ui(u, k->q, 1);
    mpz_mul(phi, phi, u);
    for (i = 0; i < lv->m; i++) {
        mpz_init(alpha[i]);
        if (duet_bn_random_below(alpha[i], phi) != 0) {
            bail("random");
        }
        mpz_powm(forged.a[i], k->t, alpha[i], k->n);
    }
    forged.m = lv->m;
    if (duet_zk_prm_test_challenge(&ctx, &st, &forged, bits) != 0) {
        bail("challenge");
    }
    high = 0;
    crate_ok = 1;
    for (i = 0; i < lv->m; i++) {
        mpz_set(forged.z[i], alpha[i]);
        if (i < 32 && bit_of(bits, i)) {
            mpz_add(forged.z[i], forged.z[i], k->lambda);
            mpz_mod(forged.z[i], forged.z[i], phi);
        }
        high += i >= 32 && bit_of(bits, i);
        /* The crate's equation: e_i = 0 from position 32 on. */
        mpz_powm(lhs, k->t, forged.z[i], k->n);
        mpz_set(rhs, forged.a[i]);
        if (i < 32 && bit_of(bits, i)) {
            mpz_mul(rhs, rhs, k->s);
            mpz_mod(rhs, rhs, k->n);
        }
        crate_ok &= mpz_cmp(lhs, rhs) == 0;
    }
    ok(crate_ok && high > 0, "C1: the forgery satisfies every equation of "
        "the crate's derivation (%u of bits 33..%u set)", high, lv->m);
    is_int(DUET_ERR_PROOF_INVALID, verify_rp(&ctx, k, &forged),
        "C1: a proof answering only positions 1..32 rejected");
    for (i = 0; i < lv->m; i++) {
        mpz_clear(alpha[i]);
    }
    mpz_clears(phi, u, lhs, rhs, NULL);
    duet_zk_prm_proof_clear(&forged);
}


/* ------------------------------------------------------------------------
 * Spec 6.2: ring-Pedersen attacks.
 */

/*
 * B1: s not in <t> (a Jacobi -1 element while t is a square).  The best a
 * prover can do is guess each bit: A = t^z s^-g for a guess g.  Every
 * guess is right with probability 1/2.
 */
static void
test_b1_not_in_group(const struct duet_level *lv, const struct rp *k)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof pf;
    struct duet_zk_prm_stmt st;
    uint8_t bits[DUET_ZK_PRM_M_MAX / 8], guess[DUET_ZK_PRM_M_MAX / 8];
    mpz_t s, s_inv, z;
    unsigned i, right = 0;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&pf);
    mpz_inits(s, s_inv, z, NULL);
    do {
        if (duet_bn_random_unit(s, k->n) != 0) {
            bail("random");
        }
    } while (mpz_jacobi(s, k->n) != -1);
    if (mpz_invert(s_inv, s, k->n) == 0
        || duet_random_bytes(guess, sizeof(guess)) != 0)
    {
        bail("setup");
    }
    for (i = 0; i < lv->m; i++) {
        if (duet_bn_random_below(pf.z[i], k->n) != 0) {
            bail("random");
        }
        mpz_powm(pf.a[i], k->t, pf.z[i], k->n);
        if (bit_of(guess, i)) {
            mpz_mul(pf.a[i], pf.a[i], s_inv);
            mpz_mod(pf.a[i], pf.a[i], k->n);
        }
    }
    pf.m = lv->m;
    st.n = k->n;
    st.s = s;
    st.t = k->t;
    if (duet_zk_prm_test_challenge(&ctx, &st, &pf, bits) != 0) {
        bail("challenge");
    }
    for (i = 0; i < lv->m; i++) {
        right += bit_of(bits, i) == bit_of(guess, i);
    }
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, s, k->t, &pf),
        "B1: s with Jacobi -1, t a square: a guessing prover (%u of %u "
        "bits right) rejected", right, lv->m);
    is_int(DUET_ERR_INVALID_ARGUMENT, prove3(&ctx, &pf, k->n, s, k->t,
        k->lambda, k->p, k->q), "the prover refuses s != t^lambda");
    mpz_clears(s, s_inv, z, NULL);
    duet_zk_prm_proof_clear(&pf);
}


/*
 * Degenerate parameters for which the equations can all hold: the
 * prover's own code makes a proof, and only the explicit checks reject.
 */
static void
test_b1_degenerate(const struct duet_level *lv, const struct rp *k)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof pf;
    mpz_t one, m1, lam, x;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&pf);
    mpz_init_set_ui(one, 1);
    mpz_inits(m1, lam, x, NULL);
    mpz_sub_ui(m1, k->n, 1);

    /* t = 1 (order 1), s = 1 = t^5. */
    mpz_set_ui(lam, 5);
    is_int(0, prove3(&ctx, &pf, k->n, one, one, lam, k->p, k->q),
        "t = s = 1: the equations can be satisfied");
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, one, one, &pf),
        "B1: t = 1 rejected");
    /* t = N^ - 1 (order 2), s = t^2 = 1. */
    mpz_set_ui(lam, 2);
    is_int(0, prove3(&ctx, &pf, k->n, one, m1, lam, k->p, k->q),
        "t = N^ - 1, s = 1: the equations can be satisfied");
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, one, m1, &pf),
        "B1: t = N^ - 1 (order 2) rejected");
    /* s = t (lambda = 1): no hiding at all. */
    mpz_set_ui(lam, 1);
    is_int(0, prove3(&ctx, &pf, k->n, k->t, k->t, lam, k->p, k->q),
        "s = t: the equations can be satisfied");
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, k->t, k->t, &pf),
        "B1: s = t rejected");
    /* s = 1 with a real t (lambda = 0). */
    mpz_set_ui(lam, 0);
    is_int(0, prove3(&ctx, &pf, k->n, one, k->t, lam, k->p, k->q),
        "s = 1: the equations can be satisfied");
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, one, k->t, &pf),
        "B1: s = 1 rejected");

    /* Non-units and values out of range (any proof). */
    is_int(0, prove_rp(&ctx, &pf, k), "an honest proof for the rest");
    mpz_set_ui(x, 0);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, x, k->t, &pf),
        "s = 0");
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, k->s, x, &pf),
        "t = 0");
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, k->p, k->t, &pf),
        "s = p^ (shares a factor with N^)");
    mpz_mul_ui(x, k->q, 3);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, k->s, x, &pf),
        "t = 3 q^ (shares a factor with N^)");
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, k->n, k->t, &pf),
        "s = N^");
    mpz_add(x, k->s, k->n);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, x, k->t, &pf),
        "s + N^ (not reduced)");
    mpz_add(x, k->t, k->n);
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, k->s, x, &pf),
        "t + N^ (not reduced)");
    is_int(DUET_ERR_PROOF_INVALID, verify3(&ctx, k->n, m1, k->t, &pf),
        "B1: s = N^ - 1 rejected");

    mpz_clears(one, m1, lam, x, NULL);
    duet_zk_prm_proof_clear(&pf);
}


/* B2: a valid proof that t is in <s> does not show s in <t>. */
static void
test_b2_swapped(const struct duet_level *lv, const struct rp *k)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof pf;
    mpz_t ord, mu, u;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&pf);
    mpz_inits(ord, mu, u, NULL);
    /* t has order dividing p'q' = phi / 4; t = s^mu, mu = lambda^-1. */
    mpz_sub_ui(ord, k->p, 1);
    mpz_sub_ui(u, k->q, 1);
    mpz_mul(ord, ord, u);
    mpz_fdiv_q_2exp(ord, ord, 2);
    if (mpz_invert(mu, k->lambda, ord) == 0) {
        skip_block(2, "lambda not invertible mod p'q'");
    } else {
        is_int(0, prove3(&ctx, &pf, k->n, k->t, k->s, mu, k->p, k->q),
            "B2: a proof that t in <s> (roles swapped)");
        is_int(DUET_ERR_PROOF_INVALID, verify_rp(&ctx, k, &pf),
            "B2: ... does not verify as s in <t>");
    }
    mpz_clears(ord, mu, u, NULL);
    duet_zk_prm_proof_clear(&pf);
}


/*
 * C7: N^ one bit outside the window, with an honest proof under the same
 * context: rejected, and before any work.
 */
static void
test_c7(const struct duet_level *lv, const mpz_t p, double full)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof pf;
    struct rp k;
    mpz_t q;
    double t0, dt;
    int r, which;
    size_t want;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&pf);
    mpz_init(q);
    for (which = 0; which < 2; which++) {
        want = which == 0 ? lv->modulus_min_bits - 1
            : lv->modulus_max_bits + 1;
        for (;;) {
            test_prime(q, which == 0 ? lv->prime_bits - 1
                : lv->prime_bits + 1);
            rp_init(&k, p, q);
            if (mpz_sizeinbase(k.n, 2) == want) {
                break;
            }
            rp_clear(&k);
        }
        is_int(0, prove_rp(&ctx, &pf, &k), "C7: the prover proves a "
            "%zu-bit N^", want);
        t0 = now();
        r = verify_rp(&ctx, &k, &pf);
        dt = now() - t0;
        is_int(DUET_ERR_PROOF_INVALID, r, "C7: level %d rejects a %zu-bit "
            "N^", lv->id, want);
        ok(dt < full / 20, "C7: ... before any work (%.4f s against %.3f s "
            "for a full verification)", dt, full);
        rp_clear(&k);
    }
    mpz_clear(q);
    duet_zk_prm_proof_clear(&pf);
}


/*
 * STYLE.md 17: an allocation failing anywhere in the prover or in the
 * verifier's table ends in DUET_ERR_NO_MEMORY (and, under ASan, no leak).
 */
static void
test_alloc_failures(const struct duet_level *lv, const struct rp *k,
    const struct duet_zk_prm_proof *good)
{
    static const unsigned long at[] = { 1, 2, 3, 5, 9, 40, 300, 1500 };
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof pf;
    size_t i;
    unsigned bad = 0, hit = 0;
    int r;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&pf);
    for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        duet_mem_test_fail_alloc(at[i]);
        r = prove_rp(&ctx, &pf, k);
        duet_mem_test_fail_alloc(0);
        if (r == DUET_ERR_NO_MEMORY) {
            hit++;
            bad += pf.m != 0;
        } else if (r != 0 || verify_rp(&ctx, k, &pf) != 0) {
            bad++;
        }
    }
    is_int(0, (long long) bad, "level %d: allocation failures in the "
        "prover: DUET_ERR_NO_MEMORY and an empty proof (%u of %zu reached)",
        lv->id, hit, sizeof(at) / sizeof(at[0]));
    ok(hit > 1, "level %d: the injected failures were reached", lv->id);
    duet_mem_test_fail_alloc(1);
    r = verify_rp(&ctx, k, good);
    duet_mem_test_fail_alloc(0);
    is_int(DUET_ERR_NO_MEMORY, r, "level %d: the verifier's table cannot "
        "be allocated: DUET_ERR_NO_MEMORY", lv->id);
    duet_zk_prm_proof_clear(&pf);
}


/* Random bit flips of a valid encoding never verify. */
static void
test_flips(const struct duet_level *lv, const struct rp *k,
    const struct duet_zk_prm_proof *pf, unsigned rounds)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof out;
    struct duet_buf_writer w;
    uint8_t *buf;
    size_t len, off;
    unsigned i, parsed = 0, accepted = 0;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&out);
    encode(&w, pf);
    len = duet_buf_writer_len(&w);
    buf = bmalloc(len);
    for (i = 0; i < rounds; i++) {
        memcpy(buf, duet_buf_writer_ptr(&w), len);
        off = rand_u32() % len;
        buf[off] ^= (uint8_t) (1u << (rand_u32() % 8));
        if (parse_all(&ctx, buf, len, &out) == 0) {
            parsed++;
            if (verify_rp(&ctx, k, &out) != DUET_ERR_PROOF_INVALID) {
                accepted++;
                diag("flip at byte %zu verified", off);
            }
        }
    }
    duet_buf_writer_free(&w);
    is_int(0, (long long) accepted, "level %d: %u random bit flips: none "
        "verifies (%u parsed)", lv->id, rounds, parsed);
    free(buf);
    duet_zk_prm_proof_clear(&out);
}


/* The library's own parameter generation gives provable parameters. */
static void
test_rp_secret(const struct duet_level *lv, const mpz_t p, const mpz_t q)
{
    struct duet_zk_ctx ctx;
    struct duet_zk_prm_proof pf;
    struct duet_zk_prm_stmt st;
    struct duet_zk_prm_wit wit;
    struct duet_rp_secret sec;

    ctx_set(&ctx, lv);
    duet_zk_prm_proof_init(&pf);
    duet_rp_secret_init(&sec);
    if (duet_rp_secret_from_primes(&sec, p, q, lv, NULL) != 0) {
        bail("duet_rp_secret_from_primes");
    }
    st.n = sec.pub.n;
    st.s = sec.pub.s;
    st.t = sec.pub.t;
    wit.lambda = sec.lambda;
    wit.p = sec.p;
    wit.q = sec.q;
    is_int(0, duet_zk_prm_prove(&ctx, &pf, &st, &wit),
        "level %d: prove for duet_rp_secret_from_primes", lv->id);
    is_int(0, duet_zk_prm_verify(&ctx, &st, &pf), "level %d: ... verifies",
        lv->id);
    duet_rp_secret_clear(&sec);
    duet_zk_prm_proof_clear(&pf);
}


int
main(int argc, char **argv)
{
    const struct duet_level *l112, *l128;
    struct duet_zk_prm_proof pf112, pf128;
    struct rp k112, k112b, k128;
    uint64_t seed;
    double full;
    size_t i;
    int have128;

    tap_init(argc, argv);
    plan_lazy();
    seed = tap_seed();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    duet_rand_test_seed(seed);
    slow = getenv("DUET_TEST_SLOW") != NULL;
    l112 = duet_level_get(DUET_LEVEL_112);
    l128 = duet_level_get(DUET_LEVEL_128);
    if (read_fixture(&fix1024) != 0 || fix1024.count < 4) {
        diag("no 1024-bit fixture: generating safe primes");
        generate_fixture(&fix1024, 4);
    }
    have128 = read_fixture(&fix1536) == 0 && fix1536.count >= 4;

    rp_init(&k112, fix1024.p[2], fix1024.p[3]);
    rp_init(&k112b, fix1024.p[0], fix1024.p[1]);
    duet_zk_prm_proof_init(&pf112);
    duet_zk_prm_proof_init(&pf128);

    full = test_complete(l112, &k112, &pf112, 1);
    test_rp_secret(l112, fix1024.p[2], fix1024.p[3]);
    if (have128) {
        rp_init(&k128, fix1536.p[2], fix1536.p[3]);
        (void) test_complete(l128, &k128, &pf128, 0);
    } else {
        skip_block(4, "no 1536-bit fixture");
    }

    test_parse(l112, &pf112);
    test_mutations(l112, &k112, &k112b, &pf112, slow ? 4 : 3);
    test_binding(l112, l128, &k112, &pf112);
    test_c1(l112, &k112, &pf112);
    test_b1_not_in_group(l112, &k112);
    test_b1_degenerate(l112, &k112);
    test_b2_swapped(l112, &k112);
    test_c7(l112, fix1024.p[2], full);
    test_alloc_failures(l112, &k112, &pf112);
    test_flips(l112, &k112, &pf112, slow ? 200 : 12);
    if (slow && have128) {
        test_parse(l128, &pf128);
        test_mutations(l128, &k128, &k112, &pf128, 2);
        test_c1(l128, &k128, &pf128);
        test_b1_not_in_group(l128, &k128);
        test_flips(l128, &k128, &pf128, 40);
    }

    duet_zk_prm_proof_clear(&pf112);
    duet_zk_prm_proof_clear(&pf128);
    rp_clear(&k112);
    rp_clear(&k112b);
    if (have128) {
        rp_clear(&k128);
    }
    for (i = 0; i < fix1024.count; i++) {
        mpz_clear(fix1024.p[i]);
    }
    for (i = 0; i < fix1536.count; i++) {
        mpz_clear(fix1536.p[i]);
    }
    duet_rand_test_reset();
    return 0;
}
