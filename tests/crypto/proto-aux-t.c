/*
 * proto-aux-t.c -- the aux-info protocol (crypto/src/protocol/aux_info.c,
 * spec section 2.3): honest runs at levels 112 and 128, resume at every
 * round boundary, and the negative suite of spec sections 6.1-6.2 (one
 * named test per attack vector, each asserting the code, the culprit and
 * the round at every honest party).
 *
 * Malicious parties come in two kinds: a message altered in flight
 * (decoded, one field changed, re-encoded: round 2's echo, round 3's
 * decommitment when the change must NOT open the commitment, round 4's
 * proofs, which nothing commits to), or a party whose values are altered
 * before it commits (the aux_info.h test hook), so that its commitment
 * opens and the targeted check is the one that refuses.
 *
 * Test primes: 12 distinct safe primes per run from
 * tests/vectors/safe-primes-{1024,1536}.txt; other moduli are made here
 * with GMP from tap_seed().
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
#include "duet_aux.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_util.h"
#include "bn/bn.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"
#include "protocol/aux_info.h"
#include "protocol/session.h"
#include "protocol/share.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_fac.h"
#include "zk/zk_mod.h"
#include "zk/zk_prm.h"
#include "proto-driver.h"

#define PRIME_MAX   192             /* bytes of a 1536-bit prime */

static gmp_randstate_t grs;


/* Primes and sessions. */

/* Prime k (0..3: p, q, p^, q^) of party i in a run from base. */
static unsigned
prime_idx(unsigned base, int i, int k)
{
    return base + 4 * (unsigned) i + (unsigned) k;
}


static void
prime_mpz(mpz_t x, int level, unsigned idx)
{
    uint8_t b[PRIME_MAX];
    size_t len = sizeof(b);

    tp_prime(b, &len, level == DUET_LEVEL_128 ? 1536 : 1024, idx);
    mpz_import(x, len, 1, 1, 1, 0, b);
}


static int
start_party(struct tp_run *run, int i, const uint8_t sid[32], int level,
    unsigned base)
{
    uint8_t pb[4][PRIME_MAX];
    const uint8_t *pp[4];
    size_t pl[4];
    int k, r;

    for (k = 0; k < 4; k++) {
        pl[k] = sizeof(pb[k]);
        tp_prime(pb[k], &pl[k], level == DUET_LEVEL_128 ? 1536 : 1024,
            prime_idx(base, i, k));
        pp[k] = pb[k];
    }
    r = duet_aux_start(&run->s[i], sid, 32, level, i, pp, pl);
    memset(pb, 0, sizeof(pb));
    return r;
}


/* Start parties 0, 1, 2 (session i is party i). */
static int
start_all(struct tp_run *run, const uint8_t sid[32], int level,
    unsigned base)
{
    int i, r;

    for (i = 0; i < 3; i++) {
        if ((r = start_party(run, i, sid, level, base)) != 0) {
            return r;
        }
    }
    run->n = 3;
    return 0;
}


/* Serialize / parse a session (for cloning a start state). */
static uint8_t *
session_blob(struct duet_session *s, size_t *len)
{
    uint8_t *b;

    *len = 0;
    if (duet_session_serialize(s, NULL, len) != DUET_ERR_BUFFER_TOO_SMALL
        || (b = malloc(*len)) == NULL
        || duet_session_serialize(s, b, len) != 0)
    {
        bail("serialize");
    }
    return b;
}


/* Envelopes: the payload is the last payload_len bytes. */

static const uint8_t *
env_payload(const uint8_t *msg, size_t len, size_t *plen)
{
    struct duet_msg_info info;

    if (duet_msg_peek(&info, msg, len) != 0) {
        bail("peek");
    }
    *plen = info.payload_len;
    return msg + len - info.payload_len;
}


static void
env_replace(uint8_t **msg, size_t *len, const uint8_t *pl, size_t plen)
{
    size_t old, hdr;
    uint8_t *m;

    (void) env_payload(*msg, *len, &old);
    hdr = *len - old;
    if ((m = malloc(hdr + plen + 1)) == NULL) {
        bail("malloc");
    }
    memcpy(m, *msg, hdr);
    m[hdr - 4] = (uint8_t) (plen >> 24);
    m[hdr - 3] = (uint8_t) (plen >> 16);
    m[hdr - 2] = (uint8_t) (plen >> 8);
    m[hdr - 1] = (uint8_t) plen;
    memcpy(m + hdr, pl, plen);
    free(*msg);
    *msg = m;
    *len = hdr + plen;
}


/* The round-3 payload, decoded (aux_info.c's wire form). */
struct r3 {
    mpz_t n, nh, s, t;
    struct duet_zk_prm_proof prm;
    uint8_t rho[64], u[64];
    size_t rho_len, u_len;
};

/* The round-4 payload, decoded. */
struct r4 {
    struct duet_zk_mod_proof mod;
    struct duet_zk_fac_proof fac;
};


static void
zk_ctx_level(struct duet_zk_ctx *ctx, int level)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->level = duet_level_get(level);
}


static void
r3_init(struct r3 *d)
{
    mpz_inits(d->n, d->nh, d->s, d->t, NULL);
    duet_zk_prm_proof_init(&d->prm);
}


static void
r3_clear(struct r3 *d)
{
    mpz_clears(d->n, d->nh, d->s, d->t, NULL);
    duet_zk_prm_proof_clear(&d->prm);
}


static void
r3_decode(struct r3 *d, int level, const uint8_t *p, size_t len)
{
    struct duet_buf_reader rd;
    struct duet_zk_ctx ctx;

    zk_ctx_level(&ctx, level);
    duet_buf_reader_init(&rd, p, len);
    if (duet_bn_get(&rd, d->n, 1024) != 0
        || duet_bn_get(&rd, d->nh, 1024) != 0
        || duet_bn_get(&rd, d->s, 1024) != 0
        || duet_bn_get(&rd, d->t, 1024) != 0
        || duet_zk_prm_parse(&rd, &ctx, &d->prm) != 0
        || duet_buf_get_string(&rd, d->rho, sizeof(d->rho), &d->rho_len,
            sizeof(d->rho)) != 0
        || duet_buf_get_string(&rd, d->u, sizeof(d->u), &d->u_len,
            sizeof(d->u)) != 0
        || duet_buf_reader_end(&rd) != 0)
    {
        bail("r3_decode");
    }
}


/* Encode d; without_prm leaves Pi^prm out. */
static void
r3_encode(struct duet_buf_writer *w, const struct r3 *d, int without_prm)
{
    duet_buf_writer_init_alloc(w, DUET_BUF_MAX);
    duet_bn_put(w, d->n);
    duet_bn_put(w, d->nh);
    duet_bn_put(w, d->s);
    duet_bn_put(w, d->t);
    if (!without_prm) {
        duet_zk_prm_encode(w, &d->prm);
    }
    duet_buf_put_string(w, d->rho, d->rho_len);
    duet_buf_put_string(w, d->u, d->u_len);
    if (duet_buf_writer_error(w) != 0) {
        bail("r3_encode");
    }
}


static void
r4_init(struct r4 *d)
{
    duet_zk_mod_proof_init(&d->mod);
    duet_zk_fac_proof_init(&d->fac);
}


static void
r4_clear(struct r4 *d)
{
    duet_zk_mod_proof_clear(&d->mod);
    duet_zk_fac_proof_clear(&d->fac);
}


static void
r4_decode(struct r4 *d, int level, const uint8_t *p, size_t len)
{
    struct duet_buf_reader rd;
    struct duet_zk_ctx ctx;

    zk_ctx_level(&ctx, level);
    duet_buf_reader_init(&rd, p, len);
    if (duet_zk_mod_parse(&rd, &ctx, &d->mod) != 0
        || duet_zk_fac_parse(&rd, &ctx, &d->fac) != 0
        || duet_buf_reader_end(&rd) != 0)
    {
        bail("r4_decode");
    }
}


static void
r4_encode(struct duet_buf_writer *w, const struct r4 *d, int with_mod,
    int with_fac)
{
    duet_buf_writer_init_alloc(w, DUET_BUF_MAX);
    if (with_mod) {
        duet_zk_mod_encode(w, &d->mod);
    }
    if (with_fac) {
        duet_zk_fac_encode(w, &d->fac);
    }
    if (duet_buf_writer_error(w) != 0) {
        bail("r4_encode");
    }
}


/* Honest runs. */

/* Every party's blob inspects, the ids agree, own N = p q, and the three
   parties hold the same public keys. */
static void
check_results(const char *what, int level, unsigned base, uint8_t *blob[3],
    const size_t len[3])
{
    struct duet_aux_info info[3];
    struct duet_aux aux[3];
    mpz_t p, q, n;
    int i, j, same;

    mpz_inits(p, q, n, NULL);
    for (i = 0; i < 3; i++) {
        duet_aux_data_init(&aux[i]);
        memset(&info[i], 0, sizeof(info[i]));
        is_int(0, duet_aux_inspect(&info[i], blob[i], len[i]),
            "%s: party %d's aux blob inspects", what, i);
        ok(info[i].level == level && info[i].index == i,
            "%s: party %d's blob: level %d, index %d", what, i, info[i].level,
            info[i].index);
        is_int(0, duet_aux_parse(&aux[i], blob[i], len[i]),
            "%s: party %d's blob parses", what, i);
    }
    ok(memcmp(info[0].id, info[1].id, 32) == 0
        && memcmp(info[0].id, info[2].id, 32) == 0,
        "%s: all three agree on the aux id", what);
    for (i = 0; i < 3; i++) {
        prime_mpz(p, level, prime_idx(base, i, 0));
        prime_mpz(q, level, prime_idx(base, i, 1));
        mpz_mul(n, p, q);
        ok(mpz_cmp(aux[i].sk.pk.n, n) == 0
            && mpz_cmp(aux[i].pk[i].n, n) == 0,
            "%s: party %d's own N = p q", what, i);
        prime_mpz(p, level, prime_idx(base, i, 2));
        prime_mpz(q, level, prime_idx(base, i, 3));
        mpz_mul(n, p, q);
        ok(mpz_cmp(aux[i].rp[i].n, n) == 0,
            "%s: party %d's own N^ = p^ q^", what, i);
    }
    same = 1;
    for (i = 1; i < 3; i++) {
        for (j = 0; j < 3; j++) {
            same &= mpz_cmp(aux[0].pk[j].n, aux[i].pk[j].n) == 0
                && mpz_cmp(aux[0].rp[j].n, aux[i].rp[j].n) == 0
                && mpz_cmp(aux[0].rp[j].s, aux[i].rp[j].s) == 0
                && mpz_cmp(aux[0].rp[j].t, aux[i].rp[j].t) == 0;
        }
    }
    ok(same, "%s: every party holds the same N_j, N^_j, s_j, t_j", what);
    for (i = 0; i < 3; i++) {
        duet_aux_data_clear(&aux[i]);
    }
    mpz_clears(p, q, n, NULL);
}


static void
report_run(const char *what, const struct tp_run *run, double wall)
{
    diag("%s: CPU per party %.2f s, %.2f s, %.2f s (wall %.2f s); "
        "sent %lu, %lu, %lu bytes", what, run->cpu_s[0], run->cpu_s[1],
        run->cpu_s[2], wall, run->bytes_sent[0], run->bytes_sent[1],
        run->bytes_sent[2]);
}


static double
cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}


static double
wall_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}


/*
 * Saved states of one honest level-112 start (sid FX_LABEL, primes 0..11):
 * stage 0 right after start, 2 after step 2 (holding round 3's
 * messages), 3 after step 3 (holding round 4's).  The negative tests
 * resume from them instead of paying for init (Pi^prm) and the honest
 * rounds again; the sessions' seeds are in the blobs, so every resume
 * replays the same honest bytes.
 */
#define FX_LABEL  "aux fixture 112"

static struct {
    uint8_t *blob[4][3];
    size_t len[4][3];
} fx;


/* Parse stage's states into run (skip: a party to leave out, or -1). */
static void
fx_load(struct tp_run *run, int stage, int skip)
{
    int i;

    for (i = 0; i < 3; i++) {
        if (i == skip) {
            continue;
        }
        if (duet_session_parse(&run->s[i], fx.blob[stage][i],
                fx.len[stage][i]) != 0)
        {
            bail("fixture: parse stage %d party %d", stage, i);
        }
    }
    run->n = 3;
}


static void
fx_free(void)
{
    int k, i;

    for (k = 0; k < 4; k++) {
        for (i = 0; i < 3; i++) {
            if (fx.blob[k][i] != NULL) {
                memset(fx.blob[k][i], 0, fx.len[k][i]);
                free(fx.blob[k][i]);
                fx.blob[k][i] = NULL;
            }
        }
    }
}


/* Drop every message of rounds >= drop_after (0: none). */
struct dropper {
    int drop_after;
};


static int
drop_cb(void *arg, int from, int to, int round, uint8_t **msg, size_t *len)
{
    const struct dropper *d = arg;

    (void) from;
    (void) to;
    (void) msg;
    (void) len;
    return d->drop_after > 0 && round >= d->drop_after;
}


/* Run the stage-0 states until round `stop`'s messages are produced, and
   save them as stage stop - 1. */
static void
fx_stage(int stop)
{
    struct tp_run run;
    struct dropper d;
    int i;

    tp_run_init(&run);
    fx_load(&run, 0, -1);
    d.drop_after = stop;
    run.tamper = drop_cb;
    run.tamper_arg = &d;
    run.stop_on_abort = 0;
    if (tp_run(&run) != DUET_ERR_MISSING_MESSAGE) {
        bail("fixture: stage %d", stop - 1);
    }
    for (i = 0; i < 3; i++) {
        if (duet_session_round(run.s[i]) != stop) {
            bail("fixture: party %d waits for round %d", i,
                duet_session_round(run.s[i]));
        }
        fx.blob[stop - 1][i] = session_blob(run.s[i], &fx.len[stop - 1][i]);
    }
    tp_run_free(&run);
}


/*
 * Level 112: the fixture's start state, cloned; run A uninterrupted, run
 * B resumed from its blob at every round boundary AND every step retried
 * (bytes compared).  Same seeds, so the results must be identical.
 */
static void
test_honest_112_and_resume(void)
{
    struct tp_run run;
    uint8_t sid[32], *res_a[3], *res_b[3];
    size_t len_a[3], len_b[3];
    unsigned long fac0[3];
    double t0;
    int i, r;

    tp_sid(sid, FX_LABEL, 0);
    tp_run_init(&run);
    t0 = cpu_now();
    if ((r = start_all(&run, sid, DUET_LEVEL_112, 0)) != 0) {
        bail("start: %s", duet_errname(r));
    }
    diag("level 112: three starts (keys, Pi^prm) took %.2f s of CPU",
        cpu_now() - t0);
    for (i = 0; i < 3; i++) {
        fx.blob[0][i] = session_blob(run.s[i], &fx.len[0][i]);
        fac0[i] = duet_aux_test_fac_count(i);
    }
    tp_run_free(&run);

    tp_run_init(&run);
    fx_load(&run, 0, -1);
    t0 = wall_now();
    is_int(0, tp_run(&run), "level 112: honest run completes");
    report_run("level 112", &run, wall_now() - t0);
    for (i = 0; i < 3; i++) {
        res_a[i] = tp_result(run.s[i], &len_a[i]);
        ok(res_a[i] != NULL, "level 112: party %d is DONE", i);
        if (res_a[i] == NULL) {
            bail("no result");
        }
        is_int(2, (long long) (duet_aux_test_fac_count(i) - fac0[i]),
            "level 112: party %d made one Pi^fac per peer", i);
    }
    ok(run.bytes_sent[0] < 400000, "level 112: party 0 sent %lu bytes",
        run.bytes_sent[0]);
    tp_run_free(&run);
    check_results("level 112", DUET_LEVEL_112, 0, res_a, len_a);

    tp_run_init(&run);
    fx_load(&run, 0, -1);
    run.resume = 1;
    run.retry = 1;
    t0 = wall_now();
    is_int(0, tp_run(&run), "resume: run resumed at every round boundary "
        "completes");
    report_run("level 112, resumed, each step run twice", &run,
        wall_now() - t0);
    ok(!run.retry_mismatch, "F3: a retried step gives the same bytes");
    for (i = 0; i < 3; i++) {
        res_b[i] = tp_result(run.s[i], &len_b[i]);
        ok(res_b[i] != NULL && len_b[i] == len_a[i]
            && memcmp(res_b[i], res_a[i], len_a[i]) == 0,
            "resume: party %d's blob equals the uninterrupted run's", i);
    }
    tp_run_free(&run);

    for (i = 0; i < 3; i++) {
        if (res_b[i] != NULL) {
            memset(res_b[i], 0, len_b[i]);
        }
        memset(res_a[i], 0, len_a[i]);
    }
    tp_free_blobs(res_a, 3);
    tp_free_blobs(res_b, 3);

    t0 = wall_now();
    fx_stage(3);
    fx_stage(4);
    diag("fixture stages: %.2f s", wall_now() - t0);
}


static void
test_honest_128(void)
{
    struct tp_run run;
    uint8_t sid[32], *res[3];
    size_t len[3];
    double t0;
    int i, r;

    tp_sid(sid, "aux honest 128", 0);
    tp_run_init(&run);
    t0 = cpu_now();
    if ((r = start_all(&run, sid, DUET_LEVEL_128, 0)) != 0) {
        bail("start: %s", duet_errname(r));
    }
    diag("level 128: three starts (keys, Pi^prm) took %.2f s of CPU",
        cpu_now() - t0);
    t0 = wall_now();
    is_int(0, tp_run(&run), "level 128: honest run completes");
    report_run("level 128", &run, wall_now() - t0);
    for (i = 0; i < 3; i++) {
        res[i] = tp_result(run.s[i], &len[i]);
        if (res[i] == NULL) {
            bail("level 128: party %d has no result", i);
        }
    }
    tp_run_free(&run);
    check_results("level 128", DUET_LEVEL_128, 0, res, len);
    for (i = 0; i < 3; i++) {
        memset(res[i], 0, len[i]);
    }
    tp_free_blobs(res, 3);
}


/* Negative runs. */

/* What a tamper callback changes, and in which message. */
struct tamper {
    int from, to, round;            /* to -1: every recipient */
    void (*edit)(struct tamper *t, uint8_t **msg, size_t *len);
    int level;
    int done;
    uint8_t *replace;               /* a whole envelope to deliver instead */
    size_t replace_len;
    uint8_t *captured;              /* a payload for edit_replay */
    size_t captured_len;
    int mute;                       /* drop messages of rounds >= mute
                                       to the attacker `from` (0: none):
                                       its work after the attack is not
                                       under test */
};


static int
tamper_cb(void *arg, int from, int to, int round, uint8_t **msg,
    size_t *len)
{
    struct tamper *t = arg;

    if (t->mute > 0 && to == t->from && round >= t->mute) {
        return 1;
    }
    if (from != t->from || round != t->round || (t->to >= 0 && to != t->to))
    {
        return 0;
    }
    t->done++;
    if (t->replace != NULL) {
        free(*msg);
        if ((*msg = malloc(t->replace_len)) == NULL) {
            bail("malloc");
        }
        memcpy(*msg, t->replace, t->replace_len);
        *len = t->replace_len;
        return 0;
    }
    if (t->edit != NULL) {
        t->edit(t, msg, len);
    }
    return 0;
}


/*
 * Run the three parties (started already, session i = party i), with
 * stop_on_abort off so that every honest party reports, and check that
 * each honest one aborted with code[h], blaming the attacker in round.
 */
static void
check_abort(const char *name, struct tp_run *run, int attacker,
    const int code[3], int round)
{
    int h, good = 1;

    run->stop_on_abort = 0;
    (void) tp_run(run);
    for (h = 0; h < 3; h++) {
        if (h == attacker) {
            continue;
        }
        if (run->err[h] != code[h] || run->blame[h].party != attacker
            || run->blame[h].round != round)
        {
            good = 0;
            diag("%s: party %d: %s blaming %d in round %d", name, h,
                duet_errname(run->err[h]), run->blame[h].party,
                run->blame[h].round);
        }
        if (duet_session_status(run->s[h]) != DUET_SESSION_ABORTED) {
            good = 0;
            diag("%s: party %d did not abort", name, h);
        }
    }
    if (!good) {
        diag("%s: the attacker %d: %s blaming %d in round %d", name,
            attacker, duet_errname(run->err[attacker]),
            run->blame[attacker].party, run->blame[attacker].round);
    }
    ok(good, "%s", name);
}


/* The same code at both honest parties. */
static void
codes_all(int code[3], int c)
{
    code[0] = code[1] = code[2] = c;
}


/*
 * A run where one message is altered in flight.  t->to < 0: every
 * recipient gets the change, and both honest parties must refuse it; else
 * only t->to refuses, and the third party (honest, not attacked) must
 * finish.
 */
static void
neg_tamper(const char *name, struct tamper *t, int code, int round)
{
    struct tp_run run;
    int codes[3], h, good;

    tp_run_init(&run);
    /* Resume just before the round: 1, 2 from the start, 3 and 4 from
       the states holding that round's messages. */
    fx_load(&run, round <= 2 ? 0 : round - 1, -1);
    t->level = DUET_LEVEL_112;
    t->mute = round;
    run.tamper = tamper_cb;
    run.tamper_arg = t;
    if (t->to < 0) {
        codes_all(codes, code);
        check_abort(name, &run, t->from, codes, round);
        tp_run_free(&run);
        return;
    }
    h = 3 - t->from - t->to;
    run.stop_on_abort = 0;
    (void) tp_run(&run);
    good = run.err[t->to] == code && run.blame[t->to].party == t->from
        && run.blame[t->to].round == round
        && duet_session_status(run.s[t->to]) == DUET_SESSION_ABORTED
        && t->done == 1;
    if (!good) {
        diag("%s: party %d: %s blaming %d in round %d", name, t->to,
            duet_errname(run.err[t->to]), run.blame[t->to].party,
            run.blame[t->to].round);
    }
    ok(good, "%s", name);
    ok(run.err[h] == 0 && duet_session_status(run.s[h]) == DUET_SESSION_DONE,
        "%s: the third party %d, not attacked, finishes", name, h);
    tp_run_free(&run);
}


/* Round 2: flip a bit of the echo hash. */
static void
edit_echo(struct tamper *t, uint8_t **msg, size_t *len)
{
    size_t plen;
    uint8_t *p;

    (void) t;
    p = (uint8_t *) env_payload(*msg, *len, &plen);
    p[0] ^= 0x01;
}


/* Round 1: one byte too many in V. */
static void
edit_v_long(struct tamper *t, uint8_t **msg, size_t *len)
{
    uint8_t pl[33];
    size_t plen;

    (void) t;
    memcpy(pl, env_payload(*msg, *len, &plen), 32);
    pl[32] = 0;
    env_replace(msg, len, pl, sizeof(pl));
}


/* Round 1: V one byte short. */
static void
edit_v_short(struct tamper *t, uint8_t **msg, size_t *len)
{
    uint8_t pl[31];
    size_t plen;

    (void) t;
    memcpy(pl, env_payload(*msg, *len, &plen), 31);
    env_replace(msg, len, pl, sizeof(pl));
}


/* Round 3 edits: decode, change one field, re-encode. */
enum r3_edit { R3_FLIP_U, R3_N_PLUS_2, R3_RHO_SHORT, R3_NO_PRM };
static enum r3_edit r3_how;

static void
edit_r3(struct tamper *t, uint8_t **msg, size_t *len)
{
    struct duet_buf_writer w;
    struct r3 d;
    const uint8_t *p;
    size_t plen;

    r3_init(&d);
    p = env_payload(*msg, *len, &plen);
    r3_decode(&d, t->level, p, plen);
    switch (r3_how) {
    case R3_FLIP_U:
        d.u[0] ^= 0x80;
        break;
    case R3_N_PLUS_2:
        mpz_add_ui(d.n, d.n, 2);
        break;
    case R3_RHO_SHORT:
        d.rho_len--;
        break;
    case R3_NO_PRM:
        break;
    }
    r3_encode(&w, &d, r3_how == R3_NO_PRM);
    env_replace(msg, len, duet_buf_writer_ptr(&w), duet_buf_writer_len(&w));
    duet_buf_writer_free(&w);
    r3_clear(&d);
}


/* Round 4 edits. */
enum r4_edit { R4_NO_MOD, R4_MOD_SHORT, R4_MOD_X, R4_NO_FAC, R4_FAC_Z1,
    R4_MOD_A };
static enum r4_edit r4_how;

static void
edit_r4(struct tamper *t, uint8_t **msg, size_t *len)
{
    struct duet_buf_writer w;
    struct r4 d;
    const uint8_t *p;
    size_t plen;

    r4_init(&d);
    p = env_payload(*msg, *len, &plen);
    r4_decode(&d, t->level, p, plen);
    switch (r4_how) {
    case R4_NO_MOD:
    case R4_NO_FAC:
        break;
    case R4_MOD_SHORT:
        d.mod.m--;
        break;
    case R4_MOD_X:
        mpz_add_ui(d.mod.x[5], d.mod.x[5], 1);
        break;
    case R4_MOD_A:
        d.mod.a[7] ^= 1;
        break;
    case R4_FAC_Z1:
        mpz_add_ui(d.fac.z1, d.fac.z1, 1);
        break;
    }
    r4_encode(&w, &d, r4_how != R4_NO_MOD, r4_how != R4_NO_FAC);
    env_replace(msg, len, duet_buf_writer_ptr(&w), duet_buf_writer_len(&w));
    duet_buf_writer_free(&w);
    r4_clear(&d);
}


static void
tamper_set(struct tamper *t, int from, int to, int round,
    void (*edit)(struct tamper *, uint8_t **, size_t *))
{
    memset(t, 0, sizeof(*t));
    t->from = from;
    t->to = to;
    t->round = round;
    t->edit = edit;
}


static void
test_tampered(void)
{
    struct tamper t;

    tamper_set(&t, 1, -1, 2, edit_echo);
    neg_tamper("echo: party 1's echo hash altered -> ECHO_MISMATCH, "
        "culprit 1, round 2", &t, DUET_ERR_ECHO_MISMATCH, 2);

    tamper_set(&t, 2, -1, 1, edit_v_short);
    neg_tamper("round 1: V one byte short -> TRUNCATED, culprit 2", &t,
        DUET_ERR_TRUNCATED, 1);
    tamper_set(&t, 0, -1, 1, edit_v_long);
    neg_tamper("F4: round-1 payload over its ceiling -> LIMIT_EXCEEDED, "
        "culprit 0", &t, DUET_ERR_LIMIT_EXCEEDED, 1);

    r3_how = R3_FLIP_U;
    tamper_set(&t, 0, -1, 3, edit_r3);
    neg_tamper("D4: decommitment with u altered does not open -> "
        "COMMITMENT, culprit 0, round 3", &t, DUET_ERR_COMMITMENT, 3);
    r3_how = R3_N_PLUS_2;
    tamper_set(&t, 2, -1, 3, edit_r3);
    neg_tamper("D4: decommitment with N changed after commit -> "
        "COMMITMENT, culprit 2, round 3", &t, DUET_ERR_COMMITMENT, 3);
    r3_how = R3_RHO_SHORT;
    tamper_set(&t, 1, -1, 3, edit_r3);
    neg_tamper("round 3: rho of kappa-1 bytes -> PROTOCOL, culprit 1", &t,
        DUET_ERR_PROTOCOL, 3);
    r3_how = R3_NO_PRM;
    tamper_set(&t, 1, -1, 3, edit_r3);
    neg_tamper("B3: round-3 message stripped of psi^ in flight -> parse "
        "error BAD_ENCODING, culprit 1", &t, DUET_ERR_BAD_ENCODING, 3);

    r4_how = R4_NO_MOD;
    tamper_set(&t, 2, 0, 4, edit_r4);
    neg_tamper("A1.2: Pi^mod missing -> BAD_ENCODING, culprit 2, round 4",
        &t, DUET_ERR_BAD_ENCODING, 4);
    r4_how = R4_MOD_SHORT;
    tamper_set(&t, 2, 1, 4, edit_r4);
    neg_tamper("A1.2: Pi^mod truncated to m-1 entries -> BAD_ENCODING, "
        "culprit 2, round 4", &t, DUET_ERR_BAD_ENCODING, 4);
    r4_how = R4_MOD_X;
    tamper_set(&t, 0, 1, 4, edit_r4);
    neg_tamper("A1.2: Pi^mod with one x_i altered -> PROOF_INVALID, "
        "culprit 0, round 4", &t, DUET_ERR_PROOF_INVALID, 4);
    r4_how = R4_MOD_A;
    tamper_set(&t, 1, 2, 4, edit_r4);
    neg_tamper("A1.2: Pi^mod with one a_i flipped -> PROOF_INVALID, "
        "culprit 1, round 4", &t, DUET_ERR_PROOF_INVALID, 4);
    r4_how = R4_FAC_Z1;
    tamper_set(&t, 1, 0, 4, edit_r4);
    neg_tamper("A1.3: Pi^fac with z1 altered -> PROOF_INVALID, culprit 1, "
        "round 4", &t, DUET_ERR_PROOF_INVALID, 4);
    r4_how = R4_NO_FAC;
    tamper_set(&t, 0, 2, 4, edit_r4);
    neg_tamper("A1.3: Pi^fac missing -> TRUNCATED, culprit 0, round 4",
        &t, DUET_ERR_TRUNCATED, 4);
}


/* Swap in t->captured as the payload. */
static void
edit_replay(struct tamper *t, uint8_t **msg, size_t *len)
{
    env_replace(msg, len, t->captured, t->captured_len);
}


/*
 * B4 / F1: party 2's round-3 message of another session (the fixture:
 * same parties and primes, another sid), delivered as is (WRONG_SESSION)
 * and with its payload in this session's envelope (COMMITMENT).
 */
static void
test_replay_other_sid(void)
{
    struct tp_run run;
    struct tamper t;
    uint8_t sid[32], *old, *blob[3];
    const uint8_t *p;
    size_t old_len, plen, blen[3];
    int codes[3], i, r;

    /* The fixture's round-3 message of party 2. */
    tp_run_init(&run);
    fx_load(&run, 2, -1);
    if (duet_session_outgoing(run.s[2], 0, &p, &old_len, NULL) != 0
        || (old = malloc(old_len)) == NULL)
    {
        bail("fixture outgoing");
    }
    memcpy(old, p, old_len);
    tp_run_free(&run);

    tp_sid(sid, "aux replay", 0);
    tp_run_init(&run);
    if ((r = start_all(&run, sid, DUET_LEVEL_112, 0)) != 0) {
        bail("start");
    }
    for (i = 0; i < 3; i++) {
        blob[i] = session_blob(run.s[i], &blen[i]);
    }
    tp_run_free(&run);

    /* The envelope as is. */
    tp_run_init(&run);
    for (i = 0; i < 3; i++) {
        if (duet_session_parse(&run.s[i], blob[i], blen[i]) != 0) {
            bail("parse");
        }
    }
    run.n = 3;
    tamper_set(&t, 2, -1, 3, NULL);
    t.replace = old;
    t.replace_len = old_len;
    run.tamper = tamper_cb;
    run.tamper_arg = &t;
    codes_all(codes, DUET_ERR_WRONG_SESSION);
    check_abort("B4/F1: round-3 message of another sid, as sent -> "
        "WRONG_SESSION, culprit 2", &run, 2, codes, 3);
    tp_run_free(&run);

    /* Its payload re-wrapped in this session's envelope. */
    tp_run_init(&run);
    for (i = 0; i < 3; i++) {
        if (duet_session_parse(&run.s[i], blob[i], blen[i]) != 0) {
            bail("parse");
        }
    }
    run.n = 3;
    p = env_payload(old, old_len, &plen);
    tamper_set(&t, 2, -1, 3, edit_replay);
    if ((t.captured = malloc(plen)) == NULL) {
        bail("malloc");
    }
    memcpy(t.captured, p, plen);
    t.captured_len = plen;
    run.tamper = tamper_cb;
    run.tamper_arg = &t;
    codes_all(codes, DUET_ERR_COMMITMENT);
    check_abort("B4: round-3 payload of another sid in this session -> "
        "COMMITMENT, culprit 2", &run, 2, codes, 3);
    tp_run_free(&run);
    free(t.captured);
    free(old);
    for (i = 0; i < 3; i++) {
        memset(blob[i], 0, blen[i]);
        free(blob[i]);
    }
}


/* Hooked parties: the attacker commits to its bad values. */

/*
 * Start all three with the hook armed for the attacker (arm() runs just
 * before the attacker starts, after the parties in order before it).
 */
struct hooked {
    const char *name;
    int attacker;
    int order[3];
    int (*arm)(struct hooked *h, struct tp_run *run);
    mpz_t a, b;
    int mode;
    int victim;
};


static int
arm_values(struct hooked *h, struct tp_run *run)
{
    (void) run;
    return duet_aux_test_arm(h->attacker, (enum duet_aux_test_mode) h->mode,
        h->a, h->b);
}


static int
arm_copy(struct hooked *h, struct tp_run *run)
{
    return duet_aux_test_arm_copy(h->attacker, run->s[h->victim]);
}


static void
hooked_init(struct hooked *h, const char *name, int attacker, int mode)
{
    memset(h, 0, sizeof(*h));
    mpz_inits(h->a, h->b, NULL);
    h->name = name;
    h->attacker = attacker;
    h->mode = mode;
    h->order[0] = 0;
    h->order[1] = 1;
    h->order[2] = 2;
    h->arm = arm_values;
}


static void
hooked_clear(struct hooked *h)
{
    mpz_clears(h->a, h->b, NULL);
}


/* Run a hooked case; returns nothing, asserts via check_abort. */
static void
hooked_run(struct hooked *h, const int codes[3], int round,
    unsigned long fac_before[3])
{
    struct tp_run run;
    struct tamper t;
    uint8_t sid[32];
    int k, i, r;

    /* The honest parties resume from the fixture's start; the attacker
       starts afresh in the same session, hooked. */
    tp_sid(sid, FX_LABEL, 0);
    tp_run_init(&run);
    for (k = 0; k < 3; k++) {
        i = h->order[k];
        if (i != h->attacker) {
            if (duet_session_parse(&run.s[i], fx.blob[0][i], fx.len[0][i])
                != 0)
            {
                bail("%s: parse %d", h->name, i);
            }
            continue;
        }
        if ((r = h->arm(h, &run)) != 0) {
            bail("%s: arm: %s", h->name, duet_errname(r));
        }
        if ((r = start_party(&run, i, sid, DUET_LEVEL_112, 0)) != 0) {
            bail("%s: start %d: %s", h->name, i, duet_errname(r));
        }
    }
    duet_aux_test_disarm();
    run.n = 3;
    for (i = 0; i < 3; i++) {
        if (fac_before != NULL) {
            fac_before[i] = duet_aux_test_fac_count(i);
        }
    }
    tamper_set(&t, h->attacker, -1, 0, NULL);
    t.mute = round;
    run.tamper = tamper_cb;
    run.tamper_arg = &t;
    check_abort(h->name, &run, h->attacker, codes, round);
    tp_run_free(&run);
}


/* A random prime of exactly bits bits, = 3 mod 4 when blum. */
static void
rand_prime(mpz_t p, unsigned bits, int blum)
{
    do {
        mpz_urandomb(p, grs, bits);
        mpz_setbit(p, bits - 1);
        mpz_setbit(p, bits - 2);
        mpz_nextprime(p, p);
    } while (mpz_sizeinbase(p, 2) != bits
        || (blum && mpz_fdiv_ui(p, 4) != 3));
}


/* A random odd number of exactly bits bits. */
static void
rand_odd(mpz_t x, unsigned bits)
{
    mpz_urandomb(x, grs, bits);
    mpz_setbit(x, bits - 1);
    mpz_setbit(x, 0);
}


/*
 * A1.1: prod = 16 distinct primes of small_bits bits, = 3 mod 4 (an odd
 * count of them = 3 mod 4, so that the Pi^mod prover's witness check
 * goes ahead).
 */
static void
small_primes(mpz_t prod, unsigned small_bits)
{
    mpz_t r;
    unsigned i, k, n3;

    mpz_init(r);
    do {
        mpz_set_ui(prod, 1);
        n3 = 0;
        for (i = 0; i < 16; i++) {
            do {
                /* Top six bits set: 16 of them make 16 small_bits - 1
                   bits at least. */
                mpz_urandomb(r, grs, small_bits);
                for (k = 1; k <= 6; k++) {
                    mpz_setbit(r, small_bits - k);
                }
                mpz_nextprime(r, r);
            } while (mpz_sizeinbase(r, 2) != small_bits
                || mpz_divisible_p(prod, r));
            n3 += mpz_fdiv_ui(r, 4) == 3;
            mpz_mul(prod, prod, r);
        }
    } while (n3 % 2 == 0);
    mpz_clear(r);
}


static void
test_a1_a2(void)
{
    const struct duet_level *lv = duet_level_get(DUET_LEVEL_112);
    enum duet_paillier_reject why;
    struct hooked h;
    mpz_t n;
    double t0;
    int codes[3];

    mpz_init(n);

    /* The sieve refuses before anything else looks at N: Q need not
       even be prime. */
    hooked_init(&h, "A1.1: N = 16 primes below 2^16 x Q -> refused "
        "(small factor), PROTOCOL, culprit 1, round 3", 1,
        DUET_AUX_TEST_PAILLIER);
    small_primes(h.a, 15);
    rand_odd(h.b, 2048 - (unsigned) mpz_sizeinbase(h.a, 2));
    mpz_mul(n, h.a, h.b);
    why = DUET_PAILLIER_OK;
    (void) duet_paillier_check_modulus_var(n, lv, &why);
    is_int(DUET_PAILLIER_N_SMALL_FACTOR, why,
        "A1.1: the sieve is what refuses that N (%u bits)",
        (unsigned) mpz_sizeinbase(n, 2));
    codes_all(codes, DUET_ERR_PROTOCOL);
    hooked_run(&h, codes, 3, NULL);
    hooked_clear(&h);

    /* Past the sieve: 32-bit primes, Q a 1536-bit test safe prime. */
    hooked_init(&h, "A1.1: N = 16 primes of 32 bits x Q (past the sieve) "
        "with best-effort proofs -> Pi^mod refused, PROOF_INVALID, "
        "culprit 2, round 4", 2, DUET_AUX_TEST_PAILLIER);
    small_primes(h.a, 32);
    prime_mpz(h.b, DUET_LEVEL_128, 19);
    mpz_mul(n, h.a, h.b);
    is_int(0, duet_paillier_check_modulus_var(n, lv, NULL),
        "A1.1: that N (%u bits) passes the receiver's size and sieve "
        "checks", (unsigned) mpz_sizeinbase(n, 2));
    codes_all(codes, DUET_ERR_PROOF_INVALID);
    hooked_run(&h, codes, 4, NULL);
    hooked_clear(&h);

    /* A true Blum modulus, so Pi^mod passes; Pi^fac must not.  z2 =
       beta + e q is then too long for any honest message: the attacker
       sends what fits (aux_info.c's hook). */
    t0 = wall_now();
    hooked_init(&h, "A1.4: N = p q with a 200-bit p (a Blum modulus) -> "
        "Pi^fac refused, PROOF_INVALID, culprit 0, round 4", 0,
        DUET_AUX_TEST_PAILLIER);
    rand_prime(h.a, 200, 1);
    rand_prime(h.b, 1848, 1);
    diag("A1.4: primes found in %.2f s", wall_now() - t0);
    codes_all(codes, DUET_ERR_PROOF_INVALID);
    hooked_run(&h, codes, 4, NULL);
    hooked_clear(&h);

    /* Sizes alone: the window refuses before anything else. */
    hooked_init(&h, "A2.1: N of 2046 bits -> refused below the window, "
        "PROTOCOL, culprit 1, round 3", 1, DUET_AUX_TEST_PAILLIER);
    rand_odd(h.a, 1023);
    rand_odd(h.b, 1023);
    mpz_mul(n, h.a, h.b);
    while (mpz_sizeinbase(n, 2) != 2046) {
        rand_odd(h.b, 1023);
        mpz_mul(n, h.a, h.b);
    }
    why = DUET_PAILLIER_OK;
    (void) duet_paillier_check_modulus_var(n, lv, &why);
    is_int(DUET_PAILLIER_N_TOO_SHORT, why,
        "A2.1: the window is what refuses a 2046-bit N");
    codes_all(codes, DUET_ERR_PROTOCOL);
    hooked_run(&h, codes, 3, NULL);
    hooked_clear(&h);

    hooked_init(&h, "A2.1/C7: N of 2050 bits -> refused at parse, over "
        "the level's modulus size, LIMIT_EXCEEDED, culprit 2, round 3", 2,
        DUET_AUX_TEST_PAILLIER);
    rand_odd(h.a, 1025);
    rand_odd(h.b, 1025);
    codes_all(codes, DUET_ERR_LIMIT_EXCEEDED);
    hooked_run(&h, codes, 3, NULL);
    hooked_clear(&h);

    mpz_clear(n);
}


/* The attacker's N^ (its primes 2 and 3 of the base-0 run). */
static void
attacker_nh(mpz_t nh, int attacker)
{
    mpz_t q;

    mpz_init(q);
    prime_mpz(nh, DUET_LEVEL_112, prime_idx(0, attacker, 2));
    prime_mpz(q, DUET_LEVEL_112, prime_idx(0, attacker, 3));
    mpz_mul(nh, nh, q);
    mpz_clear(q);
}


/* A random square mod n. */
static void
rand_square(mpz_t x, const mpz_t n)
{
    mpz_urandomm(x, grs, n);
    mpz_powm_ui(x, x, 2, n);
}


enum b1_kind { B1_S_NEG, B1_S_JACOBI, B1_S_ZERO, B1_S_ONE, B1_S_MINUS1,
    B1_S_FACTOR, B1_T_ZERO, B1_T_ONE, B1_T_MINUS1 };

static void
b1_case(const char *name, int attacker, enum b1_kind kind,
    int code, unsigned long *fac_honest)
{
    struct hooked h;
    unsigned long before[3];
    mpz_t nh, x;
    int codes[3], i;

    mpz_inits(nh, x, NULL);
    hooked_init(&h, name, attacker, DUET_AUX_TEST_RP_FORGE);
    attacker_nh(nh, attacker);
    rand_square(h.a, nh);
    rand_square(h.b, nh);
    switch (kind) {
    case B1_S_NEG:
        /* -t^k: a Jacobi +1 non-residue, outside QR_N^ = <t>. */
        mpz_powm_ui(h.a, h.b, 12345, nh);
        mpz_sub(h.a, nh, h.a);
        break;
    case B1_S_JACOBI:
        do {
            mpz_urandomm(h.a, grs, nh);
        } while (mpz_jacobi(h.a, nh) != -1);
        break;
    case B1_S_ZERO:
        mpz_set_ui(h.a, 0);
        break;
    case B1_S_ONE:
        mpz_set_ui(h.a, 1);
        break;
    case B1_S_MINUS1:
        mpz_sub_ui(h.a, nh, 1);
        break;
    case B1_S_FACTOR:
        prime_mpz(h.a, DUET_LEVEL_112, prime_idx(0, attacker, 2));
        break;
    case B1_T_ZERO:
        mpz_set_ui(h.b, 0);
        break;
    case B1_T_ONE:
        mpz_set_ui(h.b, 1);
        break;
    case B1_T_MINUS1:
        mpz_sub_ui(h.b, nh, 1);
        break;
    }
    codes_all(codes, code);
    hooked_run(&h, codes, 3, before);
    if (fac_honest != NULL) {
        *fac_honest = 0;
        for (i = 0; i < 3; i++) {
            if (i != attacker) {
                *fac_honest += duet_aux_test_fac_count(i) - before[i];
            }
        }
    }
    hooked_clear(&h);
    mpz_clears(nh, x, NULL);
}


static void
test_b(void)
{
    struct hooked h;
    unsigned long fac;
    int codes[3];

    b1_case("B1/C8: s = -t^k (not in <t>) with a forged Pi^prm -> "
        "PROOF_INVALID, culprit 0, round 3", 0, B1_S_NEG,
        DUET_ERR_PROOF_INVALID, &fac);
    is_int(0, (long long) fac, "C8: the honest parties made no Pi^fac "
        "(no commitment under the bad R_0): round 3 aborted first");
    b1_case("B1: s with Jacobi -1, t a square, forged Pi^prm -> "
        "PROOF_INVALID, culprit 2, round 3", 2, B1_S_JACOBI,
        DUET_ERR_PROOF_INVALID, NULL);
    b1_case("B1: s = 0 -> refused, PROTOCOL, culprit 1, round 3", 1,
        B1_S_ZERO, DUET_ERR_PROTOCOL, NULL);
    b1_case("B1: s = 1 -> refused, PROTOCOL, culprit 1, round 3", 1,
        B1_S_ONE, DUET_ERR_PROTOCOL, NULL);
    b1_case("B1: s = N^-1 -> refused, PROTOCOL, culprit 2, round 3", 2,
        B1_S_MINUS1, DUET_ERR_PROTOCOL, NULL);
    b1_case("B1: s = p^ (shares a factor with N^) -> refused, PROTOCOL, "
        "culprit 0, round 3", 0, B1_S_FACTOR, DUET_ERR_PROTOCOL, NULL);
    b1_case("B1: t = 0 -> refused, PROTOCOL, culprit 2, round 3", 2,
        B1_T_ZERO, DUET_ERR_PROTOCOL, NULL);
    b1_case("B1: t = 1 -> refused, PROTOCOL, culprit 0, round 3", 0,
        B1_T_ONE, DUET_ERR_PROTOCOL, NULL);
    b1_case("B1: t = N^-1 -> refused, PROTOCOL, culprit 1, round 3", 1,
        B1_T_MINUS1, DUET_ERR_PROTOCOL, NULL);

    hooked_init(&h, "B2: Pi^prm proving t in <s> (roles swapped) -> "
        "PROOF_INVALID, culprit 1, round 3", 1, DUET_AUX_TEST_RP_SWAP);
    codes_all(codes, DUET_ERR_PROOF_INVALID);
    hooked_run(&h, codes, 3, NULL);
    hooked_clear(&h);

    hooked_init(&h, "B3: round-3 message without psi^ (committed so) -> "
        "parse error BAD_ENCODING, culprit 2, round 3", 2,
        DUET_AUX_TEST_NO_PRM);
    codes_all(codes, DUET_ERR_BAD_ENCODING);
    hooked_run(&h, codes, 3, NULL);
    hooked_clear(&h);

    /* B4: 2 re-broadcasts 0's N, N^, s, t, psi^ (with its own rho, u). */
    hooked_init(&h, "B4: party 2 re-broadcasts party 0's N, N^, s, t, psi^ "
        "-> refused (duplicate modulus), PROTOCOL, culprit 2, round 3", 2,
        DUET_AUX_TEST_COPY);
    h.victim = 0;
    h.arm = arm_copy;
    codes_all(codes, DUET_ERR_PROTOCOL);
    hooked_run(&h, codes, 3, NULL);
    hooked_clear(&h);

    /* The copier below the victim: the third party meets the copy first
       and refuses its Pi^prm (bound to prover 2, not 0); the victim sees
       its own modulus. */
    hooked_init(&h, "B4: party 0 re-broadcasts party 2's values -> party 2: "
        "PROTOCOL (own modulus), party 1: PROOF_INVALID (psi^ bound to "
        "prover 2), culprit 0, round 3", 0, DUET_AUX_TEST_COPY);
    h.victim = 2;
    h.arm = arm_copy;
    h.order[0] = 2;
    h.order[1] = 1;
    h.order[2] = 0;
    codes[0] = 0;
    codes[1] = DUET_ERR_PROOF_INVALID;
    codes[2] = DUET_ERR_PROTOCOL;
    hooked_run(&h, codes, 3, NULL);
    hooked_clear(&h);

    hooked_init(&h, "B4: N^ = N (one modulus for both roles) -> refused, "
        "PROTOCOL, culprit 1, round 3", 1, DUET_AUX_TEST_NH_IS_N);
    codes_all(codes, DUET_ERR_PROTOCOL);
    hooked_run(&h, codes, 3, NULL);
    hooked_clear(&h);
}


/*
 * F2 at the session API: a duplicate, an unknown sender, a broadcast
 * turned into a p2p for somebody else, fed by hand to party 0's round 1.
 */
static void
test_f2(void)
{
    struct tp_run run;
    struct duet_blame blame;
    uint8_t *m[3];
    const uint8_t *p, *msgs[3];
    size_t len[3], lens[3];
    int i, r;

    for (i = 0; i < 4; i++) {
        tp_run_init(&run);
        fx_load(&run, 0, -1);
        for (r = 1; r < 3; r++) {
            if (duet_session_outgoing(run.s[r], 0, &p, &len[r], NULL) != 0
                || (m[r] = malloc(len[r])) == NULL)
            {
                bail("outgoing");
            }
            memcpy(m[r], p, len[r]);
        }
        msgs[0] = m[1];
        lens[0] = len[1];
        msgs[1] = m[2];
        lens[1] = len[2];
        switch (i) {
        case 0:
            msgs[2] = m[1];
            lens[2] = len[1];
            r = duet_session_step(run.s[0], msgs, lens, 3, &blame);
            ok(r == DUET_ERR_DUPLICATE && blame.party == 1
                && blame.round == 1, "F2: a second round-1 message from "
                "party 1 -> DUPLICATE, culprit 1");
            break;
        case 1:
            /* The sender byte follows sid and round: patch it to 7. */
            m[2][5 + 32 + 1] = 7;
            r = duet_session_step(run.s[0], msgs, lens, 2, &blame);
            ok(r == DUET_ERR_UNKNOWN_SENDER && blame.party == 7,
                "F2: a message from party 7 -> UNKNOWN_SENDER");
            break;
        case 2:
            /* Recipient: party 0 instead of broadcast (p2p confusion). */
            m[2][5 + 32 + 2] = 0;
            r = duet_session_step(run.s[0], msgs, lens, 2, &blame);
            ok(r == DUET_ERR_PROTOCOL && blame.party == 2
                && blame.round == 1, "F2: round-1 commitment sent p2p "
                "instead of broadcast -> PROTOCOL, culprit 2");
            break;
        default:
            /* Only one of the two: no abort, and the complete set
               still works. */
            r = duet_session_step(run.s[0], msgs, lens, 1, &blame);
            ok(r == DUET_ERR_MISSING_MESSAGE && blame.party == 2
                && duet_session_status(run.s[0]) == DUET_SESSION_RUNNING,
                "F2: party 2's message missing -> MISSING_MESSAGE, no "
                "abort");
            r = duet_session_step(run.s[0], msgs, lens, 2, &blame);
            is_int(0, r, "F2: then the complete set is accepted");
            break;
        }
        if (i < 3) {
            ok(duet_session_status(run.s[0]) == DUET_SESSION_ABORTED,
                "F2: party 0 aborted");
        }
        free(m[1]);
        free(m[2]);
        tp_run_free(&run);
    }
}


/* Where the big-endian bytes of x first occur in blob, or 0. */
static size_t
find_mpz(const uint8_t *blob, size_t len, const mpz_t x)
{
    uint8_t b[PRIME_MAX];
    size_t n = 0, i;

    mpz_export(b, &n, 1, 1, 1, 0, x);
    for (i = 0; n > 0 && i + n <= len; i++) {
        if (memcmp(blob + i, b, n) == 0) {
            return i;
        }
    }
    return 0;
}


/* The body's wire form is strict: a corrupted blob does not resume. */
static void
test_body_parse(void)
{
    struct duet_session *s2;
    uint8_t *blob;
    size_t len, off;
    double t0;
    mpz_t x;
    int k;

    mpz_init(x);
    len = fx.len[0][1];
    if ((blob = malloc(len)) == NULL) {
        bail("malloc");
    }
    memcpy(blob, fx.blob[0][1], len);
    is_int(DUET_ERR_TRUNCATED, duet_session_parse(&s2, blob, len - 1),
        "body: a blob one byte short -> TRUNCATED");
    /* One bit of a secret prime flipped: the rebuild refuses it. */
    for (k = 0; k < 4; k++) {
        prime_mpz(x, DUET_LEVEL_112, prime_idx(0, 1, k));
        off = find_mpz(blob, len, x);
        ok(off > 0, "body: prime %d is in the blob", k);
        if (off == 0) {
            continue;
        }
        off += 64;
        blob[off] ^= 0x10;
        is_int(DUET_ERR_BAD_ENCODING, duet_session_parse(&s2, blob, len),
            "body: prime %d with one bit flipped -> BAD_ENCODING", k);
        blob[off] ^= 0x10;
    }
    t0 = cpu_now();
    is_int(0, duet_session_parse(&s2, blob, len),
        "body: the unaltered blob parses");
    diag("body: one parse takes %.3f s of CPU", cpu_now() - t0);
    duet_session_destroy(s2);
    memset(blob, 0, len);
    free(blob);
    mpz_clear(x);
}


int
main(int argc, char **argv)
{
    static const struct {
        char letter;
        const char *name;
        void (*fn)(void);
    } groups[] = {
        { 't', "tampered in flight", test_tampered },
        { 'r', "replay from another sid", test_replay_other_sid },
        { 'a', "A1/A2 moduli", test_a1_a2 },
        { 'b', "B1-B4 ring-Pedersen", test_b },
        { 'f', "F2 envelopes", test_f2 },
        { 'p', "body parse", test_body_parse },
        { 'h', "level 128", test_honest_128 },
    };
    const char *only;
    uint64_t seed;
    double t0, c0;
    size_t i;

    tap_init(argc, argv);
    plan_lazy();
    seed = tap_seed();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    duet_rand_test_seed(seed);
    gmp_randinit_default(grs);
    gmp_randseed_ui(grs, (unsigned long) seed);

    /* DUET_AUX_T_ONLY=<letters> runs some groups (debugging): t
       tampered, r replay, a A1/A2, b B1-B4, f F2, p body parse, h level
       128.  The level-112 run and the fixture always run. */
    only = getenv("DUET_AUX_T_ONLY");
    t0 = wall_now();
    c0 = cpu_now();
    test_honest_112_and_resume();
    diag("honest 112 + resume + fixture: %.1f s (CPU %.1f s)",
        wall_now() - t0, cpu_now() - c0);
    for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
        if (only != NULL && strchr(only, groups[i].letter) == NULL) {
            continue;
        }
        t0 = wall_now();
        c0 = cpu_now();
        groups[i].fn();
        diag("%s: %.1f s (CPU %.1f s)", groups[i].name, wall_now() - t0,
            cpu_now() - c0);
    }
    fx_free();

    gmp_randclear(grs);
    return 0;
}
