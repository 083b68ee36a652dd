/*
 * bench-paillier.c -- Paillier and ring-Pedersen at both security levels:
 * encryption (plain and CRT), decryption, homomorphic scalar
 * multiplication (secret and public scalar), and ring-Pedersen
 * commitments with secret exponents (two mpn_sec_powm) and public ones
 * (Straus), at the largest exponent sizes of the level.
 *
 * Keys come from tests/vectors/safe-primes-{1024,1536}.txt under --srcdir
 * (default: the source tree this was configured from, else "."); a level
 * without a file is generated here once with a note (1536-bit safe primes
 * take about a minute).
 *
 * Uses internal headers (crypto/src): Paillier has no public API yet.
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
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "bench.h"

struct paillier_case {
    struct duet_paillier_sk *sk;
    struct duet_rp_secret *rp;
    mpz_t m, r, c, out, k, x, y;
    unsigned kbits, xbits, ybits;
};


static void
check(int r, const char *what)
{
    if (r != 0) {
        fprintf(stderr, "bench-paillier: %s failed: %s\n", what,
            duet_strerror(r));
        exit(1);
    }
}


static void
run_enc(void *arg, uint64_t iters)
{
    struct paillier_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_paillier_enc(&c->sk->pk, c->c, c->m, c->r), "enc");
    }
}


static void
run_enc_crt(void *arg, uint64_t iters)
{
    struct paillier_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_paillier_enc_crt(c->sk, c->c, c->m, c->r), "enc_crt");
    }
}


static void
run_dec(void *arg, uint64_t iters)
{
    struct paillier_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_paillier_dec(c->sk, c->out, c->c), "dec");
    }
}


static void
run_mul_sec(void *arg, uint64_t iters)
{
    struct paillier_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_paillier_mul_sec(&c->sk->pk, c->out, c->c, c->k,
            c->kbits), "mul_sec");
    }
}


static void
run_mul_var(void *arg, uint64_t iters)
{
    struct paillier_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_paillier_mul_var(&c->sk->pk, c->out, c->c, c->k),
            "mul_var");
    }
}


static void
run_commit_sec(void *arg, uint64_t iters)
{
    struct paillier_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_rp_commit_sec(&c->rp->pub, c->out, c->x, c->xbits, c->y,
            c->ybits), "commit_sec");
    }
}


static void
run_commit_var(void *arg, uint64_t iters)
{
    struct paillier_case *c = arg;
    uint64_t i;

    for (i = 0; i < iters; i++) {
        check(duet_rp_commit_var(&c->rp->pub, c->out, c->x, c->y),
            "commit_var");
    }
}


/* The same commitment as two plain exponentiations, for the ratio. */
static void
run_commit_two_powm(void *arg, uint64_t iters)
{
    struct paillier_case *c = arg;
    const struct duet_rp_params *rp = &c->rp->pub;
    mpz_t a;
    uint64_t i;

    mpz_init(a);
    for (i = 0; i < iters; i++) {
        check(duet_bn_powm_var(a, rp->s, c->x, rp->n), "powm_var");
        check(duet_bn_powm_var(c->out, rp->t, c->y, rp->n), "powm_var");
        mpz_mul(c->out, c->out, a);
        mpz_mod(c->out, c->out, rp->n);
    }
    mpz_clear(a);
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


/* A safe prime of exactly bits bits (slow at full size; a fallback). */
static void
gen_safe_prime(mpz_t p, unsigned bits)
{
    mpz_t h;

    mpz_init(h);
    do {
        check(duet_bn_random_bits(h, bits - 1), "random");
        mpz_setbit(h, bits - 2);
        mpz_setbit(h, 0);
        if (mpz_fdiv_ui(h, 3) != 2 || !mpz_probab_prime_p(h, 1)) {
            continue;
        }
        mpz_mul_2exp(p, h, 1);
        mpz_add_ui(p, p, 1);
    } while (mpz_sizeinbase(p, 2) != bits || !mpz_probab_prime_p(h, 1)
        || !mpz_probab_prime_p(p, 1));
    mpz_clear(h);
}


static void
bench_level(int id, const char *srcdir)
{
    const struct duet_level *l = duet_level_get(id);
    struct duet_paillier_sk sk;
    struct duet_rp_secret rp;
    struct paillier_case c;
    char path[4096], name[64];
    mpz_t pr[4];
    size_t i, n;
    double plain, crt, two, straus;

    for (i = 0; i < 4; i++) {
        mpz_init(pr[i]);
    }
    snprintf(path, sizeof(path), "%s/tests/vectors/safe-primes-%u.txt",
        srcdir, l->prime_bits);
    n = read_primes(path, pr, 4);
    if (n < 4) {
        fprintf(stderr, "bench-paillier: %s has %zu primes; generating "
            "%zu %u-bit safe primes (slow)\n", path, n, 4 - n,
            l->prime_bits);
        for (; n < 4; n++) {
            gen_safe_prime(pr[n], l->prime_bits);
        }
    }

    duet_paillier_sk_init(&sk);
    duet_rp_secret_init(&rp);
    check(duet_paillier_sk_from_primes(&sk, pr[0], pr[1], l, NULL), "key");
    check(duet_rp_secret_from_primes(&rp, pr[2], pr[3], l, NULL), "rp");
    mpz_inits(c.m, c.r, c.c, c.out, c.k, c.x, c.y, NULL);
    c.sk = &sk;
    c.rp = &rp;

    /* A 256-bit plaintext and scalar; exponents at the level's maxima. */
    check(duet_bn_random_pm_pow2(c.m, l->ell), "random");
    check(duet_bn_random_unit(c.r, sk.pk.n), "random");
    check(duet_paillier_enc(&sk.pk, c.c, c.m, c.r), "enc");
    c.kbits = l->ell;
    check(duet_bn_random_pm_pow2(c.k, c.kbits), "random");
    c.xbits = l->rp_x_max_bits;
    c.ybits = l->rp_y_max_bits;
    check(duet_bn_random_bits(c.x, c.xbits - 1), "random");
    check(duet_bn_random_bits(c.y, c.ybits - 1), "random");
    mpz_neg(c.x, c.x);

    snprintf(name, sizeof(name), "L%d/paillier_enc", id);
    plain = bench_run(name, run_enc, &c, 0);
    snprintf(name, sizeof(name), "L%d/paillier_enc_crt", id);
    crt = bench_run(name, run_enc_crt, &c, 0);
    snprintf(name, sizeof(name), "L%d/paillier_dec", id);
    bench_run(name, run_dec, &c, 0);
    snprintf(name, sizeof(name), "L%d/paillier_mul_sec_256", id);
    bench_run(name, run_mul_sec, &c, 0);
    snprintf(name, sizeof(name), "L%d/paillier_mul_var_256", id);
    bench_run(name, run_mul_var, &c, 0);
    snprintf(name, sizeof(name), "L%d/rp_commit_sec_%u_%u", id, c.xbits,
        c.ybits);
    bench_run(name, run_commit_sec, &c, 0);
    snprintf(name, sizeof(name), "L%d/rp_commit_var_%u_%u", id, c.xbits,
        c.ybits);
    straus = bench_run(name, run_commit_var, &c, 0);
    snprintf(name, sizeof(name), "L%d/rp_commit_two_powm", id);
    two = bench_run(name, run_commit_two_powm, &c, 0);
    bench_note(plain / crt, "L%d enc / enc_crt time", id);
    bench_note(two / straus, "L%d two powm / Straus commit_var time", id);

    mpz_clears(c.m, c.r, c.c, c.out, c.k, c.x, c.y, NULL);
    duet_rp_secret_clear(&rp);
    duet_paillier_sk_clear(&sk);
    for (i = 0; i < 4; i++) {
        mpz_clear(pr[i]);
    }
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
        fprintf(stderr, "bench-paillier: duet_init failed\n");
        return 1;
    }
    bench_init("paillier", nargs, args);
    bench_level(DUET_LEVEL_112, srcdir);
    bench_level(DUET_LEVEL_128, srcdir);

    i = bench_finish();
    free(args);

    return i;
}
