/*
 * bench-zk.c -- prove and verify time of the seven CGGMP24 proofs
 * (Pi^sch, Pi^elog, Pi^mod, Pi^prm, Pi^fac, Pi^enc-elg, Pi^aff-g) at both
 * security levels, and the size of each encoded proof (a note under the
 * table).  Every proof is checked to verify once before it is timed.
 *
 * Keys come from tests/vectors/safe-primes-{1024,1536}.txt under --srcdir
 * (default: the source tree this was configured from, else "."): two
 * Paillier keys (prover, verifier) and two ring-Pedersen parameter sets
 * (prover's, for Pi^prm; verifier's, for the others).  A level without
 * eight primes in its file is skipped with a message.
 *
 * Pi^mod and Pi^prm take half a second to a second at level 128; bench.h
 * then runs one iteration per run, so a full run takes minutes (--quick:
 * about half a minute).
 *
 * Uses internal headers (crypto/src): the proofs have no public API.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "duet.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_aff_g.h"
#include "zk/zk_elog.h"
#include "zk/zk_enc_elg.h"
#include "zk/zk_fac.h"
#include "zk/zk_mod.h"
#include "zk/zk_prm.h"
#include "zk/zk_sch.h"
#include "bench.h"

#define NPRIMES  8

enum zk_kind { ZK_SCH, ZK_ELOG, ZK_MOD, ZK_PRM, ZK_FAC, ZK_ENC_ELG,
    ZK_AFF_G, ZK_COUNT };

static const char *const zk_names[ZK_COUNT] = {
    "sch", "elog", "mod", "prm", "fac", "enc_elg", "aff_g"
};

/* One level's keys, statements, witnesses and proofs. */
struct zk_state {
    const struct duet_level *lv;
    struct duet_paillier_sk ski;    /* the prover's Paillier key N_i */
    struct duet_paillier_sk skj;    /* the verifier's N_j (aff-g's C) */
    struct duet_rp_secret rpp;      /* the prover's ring-Pedersen */
    struct duet_rp_secret rpv;      /* the verifier's ring-Pedersen */
    uint8_t sid[32], rho[32];
    struct duet_zk_ctx ctx;         /* no rho: prm, elog, enc-elg, aff-g */
    struct duet_zk_ctx ctx_rho;     /* with rho: sch, mod, fac */

    struct duet_zk_sch_stmt sch_s;
    struct duet_zk_sch_wit sch_w;
    struct duet_zk_sch_proof sch_p;
    struct duet_zk_elog_stmt elog_s;
    struct duet_zk_elog_wit elog_w;
    struct duet_zk_elog_proof elog_p;
    struct duet_zk_mod_stmt mod_s;
    struct duet_zk_mod_wit mod_w;
    struct duet_zk_mod_proof mod_p;
    struct duet_zk_prm_stmt prm_s;
    struct duet_zk_prm_wit prm_w;
    struct duet_zk_prm_proof prm_p;
    struct duet_zk_fac_stmt fac_s;
    struct duet_zk_fac_wit fac_w;
    struct duet_zk_fac_proof fac_p;

    /* enc-elg: C = enc_{N_i}(x; rho), X = b A + x G. */
    mpz_t ee_x, ee_rho, ee_c;
    struct duet_scalar ee_a, ee_b;
    struct duet_point ee_pa, ee_pb, ee_px;
    struct duet_zk_enc_elg_stmt ee_s;
    struct duet_zk_enc_elg_wit ee_w;
    struct duet_zk_enc_elg_proof ee_p;

    /* aff-g: D = (x (.) C) (+) enc_{N_j}(y; rho), Y = enc_{N_i}(y). */
    mpz_t ag_k, ag_c, ag_x, ag_y, ag_rho, ag_rho_y, ag_d, ag_yc;
    struct duet_point ag_px;
    struct duet_zk_aff_g_stmt ag_s;
    struct duet_zk_aff_g_wit ag_w;
    struct duet_zk_aff_g_proof ag_p;
};

struct zk_case {
    struct zk_state *st;
    enum zk_kind kind;
};


static void
check(int r, const char *what)
{
    if (r != 0) {
        fprintf(stderr, "bench-zk: %s failed: %s\n", what,
            duet_strerror(r));
        exit(1);
    }
}


static int
zk_prove(struct zk_state *s, enum zk_kind kind)
{
    switch (kind) {
    case ZK_SCH:
        return duet_zk_sch_prove(&s->ctx_rho, &s->sch_p, &s->sch_s,
            &s->sch_w);
    case ZK_ELOG:
        return duet_zk_elog_prove(&s->ctx, &s->elog_p, &s->elog_s,
            &s->elog_w);
    case ZK_MOD:
        return duet_zk_mod_prove(&s->ctx_rho, &s->mod_p, &s->mod_s,
            &s->mod_w);
    case ZK_PRM:
        return duet_zk_prm_prove(&s->ctx, &s->prm_p, &s->prm_s, &s->prm_w);
    case ZK_FAC:
        return duet_zk_fac_prove(&s->ctx_rho, &s->fac_p, &s->fac_s,
            &s->fac_w);
    case ZK_ENC_ELG:
        return duet_zk_enc_elg_prove(&s->ctx, &s->ee_p, &s->ee_s, &s->ee_w);
    case ZK_AFF_G:
        return duet_zk_aff_g_prove(&s->ctx, &s->ag_p, &s->ag_s, &s->ag_w);
    default:
        return DUET_ERR_INVALID_ARGUMENT;
    }
}


static int
zk_verify(const struct zk_state *s, enum zk_kind kind)
{
    switch (kind) {
    case ZK_SCH:
        return duet_zk_sch_verify(&s->ctx_rho, &s->sch_s, &s->sch_p);
    case ZK_ELOG:
        return duet_zk_elog_verify(&s->ctx, &s->elog_s, &s->elog_p);
    case ZK_MOD:
        return duet_zk_mod_verify(&s->ctx_rho, &s->mod_s, &s->mod_p);
    case ZK_PRM:
        return duet_zk_prm_verify(&s->ctx, &s->prm_s, &s->prm_p);
    case ZK_FAC:
        return duet_zk_fac_verify(&s->ctx_rho, &s->fac_s, &s->fac_p);
    case ZK_ENC_ELG:
        return duet_zk_enc_elg_verify(&s->ctx, &s->ee_s, &s->ee_p);
    case ZK_AFF_G:
        return duet_zk_aff_g_verify(&s->ctx, &s->ag_s, &s->ag_p);
    default:
        return DUET_ERR_INVALID_ARGUMENT;
    }
}


static int
zk_encode(struct duet_buf_writer *w, const struct zk_state *s,
    enum zk_kind kind)
{
    switch (kind) {
    case ZK_SCH:
        return duet_zk_sch_encode(w, &s->sch_p);
    case ZK_ELOG:
        return duet_zk_elog_encode(w, &s->elog_p);
    case ZK_MOD:
        return duet_zk_mod_encode(w, &s->mod_p);
    case ZK_PRM:
        return duet_zk_prm_encode(w, &s->prm_p);
    case ZK_FAC:
        return duet_zk_fac_encode(w, &s->fac_p);
    case ZK_ENC_ELG:
        return duet_zk_enc_elg_encode(w, &s->ee_p);
    case ZK_AFF_G:
        return duet_zk_aff_g_encode(w, &s->ag_p);
    default:
        return DUET_ERR_INVALID_ARGUMENT;
    }
}


static void
run_prove(void *arg, uint64_t iters)
{
    struct zk_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(zk_prove(c->st, c->kind), "prove");
    }
}


static void
run_verify(void *arg, uint64_t iters)
{
    struct zk_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(zk_verify(c->st, c->kind), "verify");
    }
}


/* Read up to max hex primes ('#' comments) from a file. */
static size_t
read_primes(const char *path, mpz_t *out, size_t max)
{
    FILE *f;
    char line[1024];
    size_t n = 0, len;

    if ((f = fopen(path, "r")) == NULL) {
        return 0;
    }
    while (n < max && fgets(line, sizeof(line), f) != NULL) {
        len = strcspn(line, "#\r\n \t");
        line[len] = '\0';
        if (len > 0 && mpz_set_str(out[n], line, 16) == 0) {
            n++;
        }
    }
    fclose(f);

    return n;
}


/* A random point k G (k returned unless NULL). */
static void
random_point(struct duet_point *p, struct duet_scalar *k)
{
    struct duet_scalar t;

    check(duet_scalar_random_nonzero(&t), "random");
    check(duet_point_mul_gen(p, &t), "mul_gen");
    if (k != NULL) {
        *k = t;
    }
}


/* v mod N as the signed plaintext Paillier sees. */
static void
signed_mod(mpz_t out, const mpz_t v, const struct duet_paillier_pk *pk)
{
    mpz_mod(out, v, pk->n);
    if (mpz_cmp(out, pk->half) > 0) {
        mpz_sub(out, out, pk->n);
    }
}


/* The statements and witnesses of the curve-only proofs. */
static void
setup_curve(struct zk_state *s)
{
    struct duet_scalar one;
    struct duet_point g, t;

    random_point(&s->sch_s.x, &s->sch_w.x);

    /* Pi^elog in the Gamma slot: H = G. */
    duet_scalar_set_u64(&one, 1);
    check(duet_point_mul_gen(&g, &one), "mul_gen");
    check(duet_scalar_random(&s->elog_w.y), "random");
    check(duet_scalar_random(&s->elog_w.lambda), "random");
    random_point(&s->elog_s.x, NULL);
    s->elog_s.h = g;
    check(duet_point_mul_gen(&s->elog_s.l, &s->elog_w.lambda), "mul_gen");
    check(duet_point_mul_gen(&s->elog_s.m, &s->elog_w.y), "mul_gen");
    duet_point_mul(&t, &s->elog_w.lambda, &s->elog_s.x);
    duet_point_add(&s->elog_s.m, &s->elog_s.m, &t);
    duet_point_mul(&s->elog_s.y, &s->elog_w.y, &s->elog_s.h);
}


static void
setup_enc_elg(struct zk_state *s)
{
    struct duet_scalar xs;
    struct duet_point t;
    mpz_t m;

    mpz_init(m);
    check(duet_bn_random_unit(s->ee_rho, s->ski.pk.n), "random");
    check(duet_bn_random_pm_pow2(s->ee_x, s->lv->ell), "random");
    check(duet_scalar_random(&s->ee_a), "random");
    check(duet_scalar_random(&s->ee_b), "random");
    signed_mod(m, s->ee_x, &s->ski.pk);
    check(duet_paillier_enc_crt(&s->ski, s->ee_c, m, s->ee_rho), "enc");
    check(duet_point_mul_gen(&s->ee_pa, &s->ee_a), "mul_gen");
    check(duet_point_mul_gen(&s->ee_pb, &s->ee_b), "mul_gen");
    check(duet_scalar_from_bn(&xs, s->ee_x), "scalar");
    check(duet_point_mul_gen(&t, &xs), "mul_gen");
    duet_point_mul(&s->ee_px, &s->ee_b, &s->ee_pa);
    duet_point_add(&s->ee_px, &s->ee_px, &t);

    s->ee_s.pk = &s->ski.pk;
    s->ee_s.rp = &s->rpv.pub;
    s->ee_s.c = s->ee_c;
    s->ee_s.a = &s->ee_pa;
    s->ee_s.b = &s->ee_pb;
    s->ee_s.x = &s->ee_px;
    s->ee_w.sk = &s->ski;
    s->ee_w.x = s->ee_x;
    s->ee_w.rho = s->ee_rho;
    s->ee_w.b = &s->ee_b;
    mpz_clear(m);
}


static void
setup_aff_g(struct zk_state *s)
{
    struct duet_scalar xs;
    mpz_t m, t, r;

    mpz_inits(m, t, r, NULL);
    check(duet_bn_random_pm_pow2(s->ag_k, s->lv->ell), "random");
    check(duet_bn_random_pm_pow2(s->ag_x, s->lv->ell), "random");
    check(duet_bn_random_pm_pow2(s->ag_y, s->lv->ell_prime), "random");
    check(duet_bn_random_unit(s->ag_rho, s->skj.pk.n), "random");
    check(duet_bn_random_unit(s->ag_rho_y, s->ski.pk.n), "random");
    check(duet_paillier_enc_crt_rand(&s->skj, s->ag_c, r, s->ag_k), "enc");
    signed_mod(m, s->ag_y, &s->skj.pk);
    check(duet_paillier_mul_var(&s->skj.pk, t, s->ag_c, s->ag_x), "mul");
    check(duet_paillier_enc(&s->skj.pk, s->ag_d, m, s->ag_rho), "enc");
    check(duet_paillier_add_var(&s->skj.pk, s->ag_d, s->ag_d, t), "add");
    signed_mod(m, s->ag_y, &s->ski.pk);
    check(duet_paillier_enc_crt(&s->ski, s->ag_yc, m, s->ag_rho_y), "enc");
    check(duet_scalar_from_bn(&xs, s->ag_x), "scalar");
    check(duet_point_mul_gen(&s->ag_px, &xs), "mul_gen");

    s->ag_s.pk_j = &s->skj.pk;
    s->ag_s.pk_i = &s->ski.pk;
    s->ag_s.rp = &s->rpv.pub;
    s->ag_s.c = s->ag_c;
    s->ag_s.d = s->ag_d;
    s->ag_s.y = s->ag_yc;
    s->ag_s.x = &s->ag_px;
    s->ag_w.sk_i = &s->ski;
    s->ag_w.x = s->ag_x;
    s->ag_w.y = s->ag_y;
    s->ag_w.rho = s->ag_rho;
    s->ag_w.rho_y = s->ag_rho_y;
    mpz_clears(m, t, r, NULL);
}


/* Returns: 0, or -1 if the level has no key file. */
static int
state_init(struct zk_state *s, int id, const char *srcdir)
{
    char path[4096];
    mpz_t pr[NPRIMES];
    size_t i, n;

    memset(s, 0, sizeof(*s));
    s->lv = duet_level_get(id);
    for (i = 0; i < NPRIMES; i++) {
        mpz_init(pr[i]);
    }
    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
        srcdir, s->lv->prime_bits);
    n = read_primes(path, pr, NPRIMES);
    if (n < NPRIMES) {
        fprintf(stderr, "bench-zk: %s has %zu of %d primes; level %d "
            "skipped\n", path, n, NPRIMES, id);
        for (i = 0; i < NPRIMES; i++) {
            mpz_clear(pr[i]);
        }
        return -1;
    }
    duet_paillier_sk_init(&s->ski);
    duet_paillier_sk_init(&s->skj);
    duet_rp_secret_init(&s->rpp);
    duet_rp_secret_init(&s->rpv);
    check(duet_paillier_sk_from_primes(&s->ski, pr[0], pr[1], s->lv, NULL),
        "key");
    check(duet_paillier_sk_from_primes(&s->skj, pr[2], pr[3], s->lv, NULL),
        "key");
    check(duet_rp_secret_from_primes(&s->rpp, pr[4], pr[5], s->lv, NULL),
        "rp");
    check(duet_rp_secret_from_primes(&s->rpv, pr[6], pr[7], s->lv, NULL),
        "rp");
    for (i = 0; i < NPRIMES; i++) {
        mpz_clear(pr[i]);
    }

    check(duet_random_bytes(s->sid, sizeof(s->sid)), "random");
    check(duet_random_bytes(s->rho, sizeof(s->rho)), "random");
    s->ctx.level = s->lv;
    s->ctx.sid = s->sid;
    s->ctx.sid_len = sizeof(s->sid);
    s->ctx.prover = 1;
    s->ctx_rho = s->ctx;
    s->ctx_rho.rho = s->rho;
    s->ctx_rho.rho_len = s->lv->kappa_bytes <= sizeof(s->rho)
        ? s->lv->kappa_bytes : sizeof(s->rho);

    duet_zk_sch_proof_init(&s->sch_p);
    duet_zk_elog_proof_init(&s->elog_p);
    duet_zk_mod_proof_init(&s->mod_p);
    duet_zk_prm_proof_init(&s->prm_p);
    duet_zk_fac_proof_init(&s->fac_p);
    duet_zk_enc_elg_proof_init(&s->ee_p);
    duet_zk_aff_g_proof_init(&s->ag_p);
    mpz_inits(s->ee_x, s->ee_rho, s->ee_c, s->ag_k, s->ag_c, s->ag_x,
        s->ag_y, s->ag_rho, s->ag_rho_y, s->ag_d, s->ag_yc, NULL);

    setup_curve(s);
    s->mod_s.n = s->ski.pk.n;
    s->mod_w.p = s->ski.p;
    s->mod_w.q = s->ski.q;
    s->prm_s.n = s->rpp.pub.n;
    s->prm_s.s = s->rpp.pub.s;
    s->prm_s.t = s->rpp.pub.t;
    s->prm_w.lambda = s->rpp.lambda;
    s->prm_w.p = s->rpp.p;
    s->prm_w.q = s->rpp.q;
    s->fac_s.n = s->ski.pk.n;
    s->fac_s.rp = &s->rpv.pub;
    s->fac_w.p = s->ski.p;
    s->fac_w.q = s->ski.q;
    setup_enc_elg(s);
    setup_aff_g(s);

    return 0;
}


static void
state_clear(struct zk_state *s)
{
    duet_zk_sch_proof_clear(&s->sch_p);
    duet_zk_elog_proof_clear(&s->elog_p);
    duet_zk_mod_proof_clear(&s->mod_p);
    duet_zk_prm_proof_clear(&s->prm_p);
    duet_zk_fac_proof_clear(&s->fac_p);
    duet_zk_enc_elg_proof_clear(&s->ee_p);
    duet_zk_aff_g_proof_clear(&s->ag_p);
    mpz_clears(s->ee_x, s->ee_rho, s->ee_c, s->ag_k, s->ag_c, s->ag_x,
        s->ag_y, s->ag_rho, s->ag_rho_y, s->ag_d, s->ag_yc, NULL);
    duet_scalar_clear(&s->sch_w.x);
    duet_scalar_clear(&s->elog_w.y);
    duet_scalar_clear(&s->elog_w.lambda);
    duet_scalar_clear(&s->ee_b);
    duet_rp_secret_clear(&s->rpv);
    duet_rp_secret_clear(&s->rpp);
    duet_paillier_sk_clear(&s->skj);
    duet_paillier_sk_clear(&s->ski);
}


static void
bench_level(int id, const char *srcdir)
{
    static struct zk_state st;  /* large (Pi^mod, Pi^prm): not on stack */
    struct zk_case c;
    struct duet_buf_writer w;
    char name[64];
    int k;

    if (state_init(&st, id, srcdir) != 0) {
        return;
    }
    c.st = &st;
    for (k = 0; k < ZK_COUNT; k++) {
        c.kind = (enum zk_kind) k;
        /* Prove once, check it verifies, and measure the wire form. */
        check(zk_prove(&st, c.kind), zk_names[k]);
        check(zk_verify(&st, c.kind), zk_names[k]);
        duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
        check(zk_encode(&w, &st, c.kind), "encode");
        check(duet_buf_writer_error(&w), "encode");
        bench_note((double) duet_buf_writer_len(&w), "L%d %s proof bytes",
            id, zk_names[k]);
        duet_buf_writer_free(&w);

        snprintf(name, sizeof(name), "L%d/%s_prove", id, zk_names[k]);
        bench_run(name, run_prove, &c, 0);
        snprintf(name, sizeof(name), "L%d/%s_verify", id, zk_names[k]);
        bench_run(name, run_verify, &c, 0);
    }
    state_clear(&st);
}


int
main(int argc, char **argv)
{
    const char *srcdir = NULL;
    char **args;
    int i, nargs = 0;

    /* Take --srcdir out; bench_init() refuses options it does not know. */
    if ((args = calloc((size_t) argc + 1, sizeof(*args))) == NULL) {
        return 1;
    }
    for (i = 0; i < argc; i++) {
        if (i > 0 && strncmp(argv[i], "--srcdir=", 9) == 0) {
            srcdir = argv[i] + 9;
        } else {
            args[nargs++] = argv[i];
        }
    }
    if (srcdir == NULL) {
        srcdir = getenv("top_srcdir");
    }
#ifdef DUET_BENCH_SRCDIR
    if (srcdir == NULL) {
        srcdir = DUET_BENCH_SRCDIR;
    }
#endif
    if (srcdir == NULL) {
        srcdir = ".";
    }
    if (duet_init() != 0) {
        fprintf(stderr, "bench-zk: duet_init failed\n");
        return 1;
    }
    bench_init("zk", nargs, args);
    bench_level(DUET_LEVEL_112, srcdir);
    bench_level(DUET_LEVEL_128, srcdir);

    i = bench_finish();
    free(args);

    return i;
}
