/*
 * proto-presign-t.c -- CGGMP24 presigning (crypto/src/protocol/presign.c,
 * spec sections 3.1-3.5): honest runs (records consistent, resume at every
 * round boundary and retries give the same bytes, payloads within their
 * ceilings, per-party CPU), and the negative suite of spec section 6.5
 * and the C4/C5/F2 vectors of 6.3 and 6.6, each asserting the code, the
 * culprit and the round.
 *
 * Every signer pair, and signatures, are in proto-sign-t.
 *
 * Key material: key shares from a test dealer (below: a random degree-1
 * polynomial, encoded with duet_keyshare_encode), aux blobs from
 * tp_aux_dealt (no aux protocol), so that the tests exercise presigning
 * alone.  Level 112 throughout; level 128 end to end is in proto-sign-t.
 *
 * Signer pair in the negative tests: {0, 1} with party 1 the attacker and
 * party 0 the victim, unless the name says otherwise.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>

#include "duet.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "protocol/presign.h"
#include "protocol/share.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_aff_g.h"
#include "zk/zk_elog.h"
#include "zk/zk_enc_elg.h"
#include "proto-driver.h"
#include "basic.h"

#define ENV_RECIPIENT_OFF  (2 + 1 + 1 + 1 + 32 + 2)
#define ENV_SENDER_OFF     (2 + 1 + 1 + 1 + 32 + 1)
#define DUET_MAX_OUT       4

/* Key shares and aux blobs of the three parties at one level. */
struct mat {
    int level;
    uint8_t *share[3];
    size_t share_len[3];
    uint8_t *aux[3];
    size_t aux_len[3];
    mpz_t p[3], q[3];                   /* Paillier factors, party i */
};

static unsigned sid_counter;


/* Key shares. */

/* A degree-1 sharing of a random key: x_i = s + c (i + 1). */
static void
deal_shares(int level, uint32_t epoch, uint8_t *share[3], size_t len[3])
{
    struct duet_keyshare ks;
    struct duet_scalar s, c, t;
    struct duet_buf_writer w;
    struct duet_point xp[3], y;
    int i;

    if (duet_scalar_random_nonzero(&s) != 0
        || duet_scalar_random_nonzero(&c) != 0
        || duet_point_mul_gen(&y, &s) != 0)
    {
        bail("dealer: random");
    }
    for (i = 0; i < 3; i++) {
        duet_scalar_set_u64(&t, (uint64_t) i + 1);
        duet_scalar_mul(&t, &t, &c);
        duet_scalar_add(&t, &t, &s);
        if (duet_point_mul_gen(&xp[i], &t) != 0) {
            bail("dealer: mul");
        }
    }
    for (i = 0; i < 3; i++) {
        memset(&ks, 0, sizeof(ks));
        ks.level = duet_level_get(level);
        ks.index = (uint8_t) i;
        ks.epoch = epoch;
        duet_scalar_set_u64(&t, (uint64_t) i + 1);
        duet_scalar_mul(&t, &t, &c);
        duet_scalar_add(&ks.x, &t, &s);
        memcpy(ks.X, xp, sizeof(xp));
        ks.Y = y;
        duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
        if (duet_keyshare_encode(&w, &ks) != 0
            || duet_buf_writer_error(&w) != 0)
        {
            bail("dealer: encode");
        }
        len[i] = duet_buf_writer_len(&w);
        share[i] = bmalloc(len[i]);
        memcpy(share[i], duet_buf_writer_ptr(&w), len[i]);
        duet_buf_writer_free(&w);
        duet_keyshare_clear(&ks);
    }
    duet_scalar_clear(&s);
    duet_scalar_clear(&c);
    duet_scalar_clear(&t);
}


static void
mat_init(struct mat *m, int level, unsigned prime_base, uint32_t epoch)
{
    unsigned bits = level == DUET_LEVEL_128 ? 1536 : 1024;
    uint8_t pb[256];
    size_t pl;
    int i;

    memset(m, 0, sizeof(*m));
    m->level = level;
    deal_shares(level, epoch, m->share, m->share_len);
    if (tp_aux_dealt(level, prime_base, m->aux, m->aux_len) != 0) {
        bail("tp_aux_dealt");
    }
    for (i = 0; i < 3; i++) {
        mpz_inits(m->p[i], m->q[i], NULL);
        pl = sizeof(pb);
        tp_prime(pb, &pl, bits, prime_base + 4 * (unsigned) i);
        mpz_import(m->p[i], pl, 1, 1, 1, 0, pb);
        pl = sizeof(pb);
        tp_prime(pb, &pl, bits, prime_base + 4 * (unsigned) i + 1);
        mpz_import(m->q[i], pl, 1, 1, 1, 0, pb);
    }
}


static void
mat_free(struct mat *m)
{
    int i;

    tp_free_blobs(m->share, 3);
    tp_free_blobs(m->aux, 3);
    for (i = 0; i < 3; i++) {
        mpz_clears(m->p[i], m->q[i], NULL);
    }
}


static double
cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}


/*
 * Start presign sessions for the pair (a, b): run->s[0] is a's (with
 * material ma), run->s[1] is b's (mb).  cpu (may be NULL) accumulates
 * the start time per position.
 */
static void
ps_start(struct tp_run *run, const struct mat *ma, const struct mat *mb,
    int a, int b, const uint8_t *shift_a, const uint8_t *shift_b,
    double cpu[2])
{
    const struct mat *m[2];
    int signers[2], who[2], i, r;
    uint8_t sid[32];
    double t0;

    tp_run_init(run);
    signers[0] = who[0] = a;
    signers[1] = who[1] = b;
    m[0] = ma;
    m[1] = mb;
    tp_sid(sid, "presign-t", sid_counter++);
    for (i = 0; i < 2; i++) {
        t0 = cpu_now();
        r = duet_presign_start(&run->s[i], sid, sizeof(sid),
            m[i]->share[who[i]], m[i]->share_len[who[i]],
            m[i]->aux[who[i]], m[i]->aux_len[who[i]], signers,
            i == 0 ? shift_a : shift_b);
        if (cpu != NULL) {
            cpu[i] += cpu_now() - t0;
        }
        if (r != 0) {
            bail("duet_presign_start: %s", duet_errname(r));
        }
    }
    run->n = 2;
}


/* Payload editing in flight. */

struct tam;
typedef void (*edit_fn)(struct tam *t, uint8_t **p, size_t *len);

struct tam {
    int from;                   /* sender whose message is edited */
    int round;
    int bcast;                  /* edit the broadcast (1) or p2p (0) */
    edit_fn edit;
    const struct mat *m;
    int level;
    int hits;
    /* for env edits: */
    int env_off;
    uint8_t env_val;
    /* a captured or injected payload */
    uint8_t *blob;
    size_t blob_len;
};


/* Driver callback: edit the matching message's payload (or envelope). */
static int
tam_fn(void *arg, int from, int to, int round, uint8_t **msg, size_t *len)
{
    struct tam *t = arg;
    struct duet_msg_info info;
    uint8_t *p, *nm;
    size_t plen, hlen;

    (void) to;
    if (from != t->from || round != t->round
        || duet_msg_peek(&info, *msg, *len) != 0
        || (info.recipient == DUET_BROADCAST) != t->bcast)
    {
        return 0;
    }
    t->hits++;
    if (t->edit == NULL) {
        /* An envelope byte. */
        (*msg)[t->env_off] = t->env_val;
        return 0;
    }
    plen = info.payload_len;
    hlen = *len - plen - 4;
    p = bmalloc(plen + 1);
    memcpy(p, *msg + hlen + 4, plen);
    t->edit(t, &p, &plen);
    nm = bmalloc(hlen + 4 + plen + 1);
    memcpy(nm, *msg, hlen);
    nm[hlen] = (uint8_t) (plen >> 24);
    nm[hlen + 1] = (uint8_t) (plen >> 16);
    nm[hlen + 2] = (uint8_t) (plen >> 8);
    nm[hlen + 3] = (uint8_t) plen;
    memcpy(nm + hlen + 4, p, plen);
    free(p);
    free(*msg);
    *msg = nm;
    *len = hlen + 4 + plen;
    return 0;
}


/* Replace p[off .. off + olen) with n bytes of nb. */
static void
splice(uint8_t **p, size_t *len, size_t off, size_t olen, const uint8_t *nb,
    size_t n)
{
    uint8_t *q = bmalloc(*len - olen + n + 1);

    if (off + olen > *len) {
        bail("splice out of range");
    }
    memcpy(q, *p, off);
    memcpy(q + off, nb, n);
    memcpy(q + off + n, *p + off + olen, *len - off - olen);
    free(*p);
    *p = q;
    *len = *len - olen + n;
}


/* The length of the bn at off (its u32 prefix included). */
static size_t
bn_span(const uint8_t *p, size_t len, size_t off)
{
    size_t l;

    if (off + 4 > len) {
        bail("bn_span");
    }
    l = ((size_t) p[off] << 24) | ((size_t) p[off + 1] << 16)
        | ((size_t) p[off + 2] << 8) | p[off + 3];
    return 4 + l;
}


/* Offset of the idx-th bn after start (0 = the one at start). */
static size_t
bn_off(const uint8_t *p, size_t len, size_t start, int idx)
{
    size_t off = start;

    while (idx-- > 0) {
        off += bn_span(p, len, off);
    }
    return off;
}


/* Replace the bn at off with v (minimal encoding), or with raw bytes. */
static void
set_bn(uint8_t **p, size_t *len, size_t off, const mpz_t v)
{
    uint8_t buf[4 + 1100];
    size_t n = 0;

    if (mpz_sgn(v) != 0) {
        mpz_export(buf + 4, &n, 1, 1, 1, 0, v);
    }
    buf[0] = (uint8_t) (n >> 24);
    buf[1] = (uint8_t) (n >> 16);
    buf[2] = (uint8_t) (n >> 8);
    buf[3] = (uint8_t) n;
    splice(p, len, off, bn_span(*p, *len, off), buf, 4 + n);
}


/* The point at off plus G, re-encoded. */
static void
point_add_g(uint8_t *at)
{
    struct duet_point pt, g;
    struct duet_scalar one;

    duet_scalar_set_u64(&one, 1);
    if (duet_point_parse(&pt, at, DUET_POINT_BYTES, 0) != 0
        || duet_point_mul_gen(&g, &one) != 0)
    {
        bail("point_add_g");
    }
    duet_point_add(&pt, &pt, &g);
    if (duet_point_encode(at, &pt, 0) != 0) {
        bail("point_add_g encode");
    }
}


/* Edits (t->arg-free; each knows its field). */

/* R1a: offset of K, G, Y. */
#define R1A_K(p, l)  bn_off(p, l, DUET_PRESIGN_R1A_K_OFF, 0)
#define R1A_G(p, l)  bn_off(p, l, DUET_PRESIGN_R1A_K_OFF, 1)
#define R1A_Y(p, l)  bn_off(p, l, DUET_PRESIGN_R1A_K_OFF, 2)
/* R2: D, F, D^, F^ after Gamma; the proofs after them. */
#define R2_CT(p, l, i) bn_off(p, l, DUET_POINT_BYTES, i)

static void
ed_k_zero(struct tam *t, uint8_t **p, size_t *len)
{
    mpz_t v;

    (void) t;
    mpz_init(v);
    set_bn(p, len, R1A_K(*p, *len), v);
    mpz_clear(v);
}


static void
ed_k_prime(struct tam *t, uint8_t **p, size_t *len)
{
    set_bn(p, len, R1A_K(*p, *len), t->m->p[t->from]);
}


static void
ed_k_nn(struct tam *t, uint8_t **p, size_t *len)
{
    mpz_t v;

    mpz_init(v);
    mpz_mul(v, t->m->p[t->from], t->m->q[t->from]);
    mpz_mul(v, v, v);
    set_bn(p, len, R1A_K(*p, *len), v);
    mpz_clear(v);
}


static void
ed_g_zero(struct tam *t, uint8_t **p, size_t *len)
{
    mpz_t v;

    (void) t;
    mpz_init(v);
    set_bn(p, len, R1A_G(*p, *len), v);
    mpz_clear(v);
}


/* Give the bn (u32 length, magnitude) at off a leading zero byte. */
static void
bn_leading_zero(uint8_t **p, size_t *len, size_t off)
{
    size_t l = bn_span(*p, *len, off) - 4;
    uint8_t *nb = bmalloc(4 + l + 1);

    l++;
    nb[0] = (uint8_t) (l >> 24);
    nb[1] = (uint8_t) (l >> 16);
    nb[2] = (uint8_t) (l >> 8);
    nb[3] = (uint8_t) l;
    nb[4] = 0;
    memcpy(nb + 5, *p + off + 4, l - 1);
    splice(p, len, off, l + 3, nb, l + 4);
    free(nb);
}


/*
 * psi^0's z3 (an sbn: sign byte, then a bn) with a leading zero byte:
 * z3 is the one field with a byte to spare under its own and the
 * payload's ceiling (ciphertexts and moduli are full length).
 */
static void
ed_z3_leading_zero(struct tam *t, uint8_t **p, size_t *len)
{
    size_t off;

    (void) t;
    off = bn_off(*p, *len, 0, 3) + 2 * DUET_POINT_BYTES;  /* z1 */
    off += 1 + bn_span(*p, *len, off + 1);                /* z2 */
    off += bn_span(*p, *len, off);                        /* z3 */
    bn_leading_zero(p, len, off + 1);
}


static void
ed_y_big_x(struct tam *t, uint8_t **p, size_t *len)
{
    size_t off = R1A_Y(*p, *len);

    (void) t;
    (void) len;
    (*p)[off] = 0x02;
    memset(*p + off + 1, 0xff, 32);
}


static void
ed_shift_q(struct tam *t, uint8_t **p, size_t *len)
{
    (void) t;
    (void) len;
    memcpy(*p + DUET_PRESIGN_R1A_SHIFT_OFF, duet_curve_order_bytes, 32);
}


/* victim = party 0 of the pair {0, 1}; the D's are under N_0. */
static void
ed_d_zero(struct tam *t, uint8_t **p, size_t *len)
{
    mpz_t v;

    (void) t;
    mpz_init(v);
    set_bn(p, len, R2_CT(*p, *len, 0), v);
    mpz_clear(v);
}


static void
ed_dhat_prime(struct tam *t, uint8_t **p, size_t *len)
{
    set_bn(p, len, R2_CT(*p, *len, 2), t->m->p[1 - t->from]);
}


static void
ed_dhat_nn(struct tam *t, uint8_t **p, size_t *len)
{
    mpz_t v;
    int victim = 1 - t->from;

    mpz_init(v);
    mpz_mul(v, t->m->p[victim], t->m->q[victim]);
    mpz_mul(v, v, v);
    set_bn(p, len, R2_CT(*p, *len, 2), v);
    mpz_clear(v);
}


static void
ed_f_zero(struct tam *t, uint8_t **p, size_t *len)
{
    mpz_t v;

    (void) t;
    mpz_init(v);
    set_bn(p, len, R2_CT(*p, *len, 1), v);
    mpz_clear(v);
}


static void
ed_gamma_plus_g(struct tam *t, uint8_t **p, size_t *len)
{
    (void) t;
    (void) len;
    point_add_g(*p + DUET_PRESIGN_R2_GAMMA_OFF);
}


static void
ed_gamma_prefix4(struct tam *t, uint8_t **p, size_t *len)
{
    (void) t;
    (void) len;
    (*p)[DUET_PRESIGN_R2_GAMMA_OFF] = 0x04;
}


static void
ed_gamma_inf(struct tam *t, uint8_t **p, size_t *len)
{
    (void) t;
    (void) len;
    memset(*p + DUET_PRESIGN_R2_GAMMA_OFF, 0, DUET_POINT_BYTES);
}


static void
ed_delta_plus_one(struct tam *t, uint8_t **p, size_t *len)
{
    struct duet_scalar d, one;

    (void) t;
    (void) len;
    duet_scalar_set_u64(&one, 1);
    if (duet_scalar_from_bytes(&d, *p + DUET_PRESIGN_R3_DELTA_OFF) != 0) {
        bail("delta");
    }
    duet_scalar_add(&d, &d, &one);
    duet_scalar_to_bytes(*p + DUET_PRESIGN_R3_DELTA_OFF, &d);
}


static void
ed_delta_q(struct tam *t, uint8_t **p, size_t *len)
{
    (void) t;
    (void) len;
    memcpy(*p + DUET_PRESIGN_R3_DELTA_OFF, duet_curve_order_bytes, 32);
}


static void
ed_s_plus_g(struct tam *t, uint8_t **p, size_t *len)
{
    (void) t;
    (void) len;
    point_add_g(*p + DUET_PRESIGN_R3_S_OFF);
}


static void
ed_bigdelta_plus_g(struct tam *t, uint8_t **p, size_t *len)
{
    (void) t;
    (void) len;
    point_add_g(*p + DUET_PRESIGN_R3_BIGDELTA_OFF);
}


static void
ed_append(struct tam *t, uint8_t **p, size_t *len)
{
    uint8_t z = 0;

    (void) t;
    splice(p, len, *len, 0, &z, 1);
}


static void
ed_truncate(struct tam *t, uint8_t **p, size_t *len)
{
    (void) t;
    (void) p;
    *len -= 1;
}


static void
ed_oversize(struct tam *t, uint8_t **p, size_t *len)
{
    uint8_t *z = bcalloc(1, 20000);

    (void) t;
    splice(p, len, *len, 0, z, 20000);
    free(z);
}


/* R1b: swap psi^0 and psi^1. */
static void
ed_swap_enc(struct tam *t, uint8_t **p, size_t *len)
{
    struct duet_zk_enc_elg_proof pr;
    struct duet_zk_ctx ctx;
    struct duet_buf_reader rd;
    uint8_t *q;
    size_t n0;

    memset(&ctx, 0, sizeof(ctx));
    ctx.level = duet_level_get(t->level);
    duet_zk_enc_elg_proof_init(&pr);
    duet_buf_reader_init(&rd, *p, *len);
    if (duet_zk_enc_elg_parse(&rd, &ctx, &pr) != 0) {
        bail("swap_enc parse");
    }
    n0 = rd.off;
    duet_zk_enc_elg_proof_clear(&pr);
    q = bmalloc(*len);
    memcpy(q, *p + n0, *len - n0);
    memcpy(q + *len - n0, *p, n0);
    free(*p);
    *p = q;
}


/* R2: swap psi and psi^ (the two aff-g proofs at the end). */
static void
ed_swap_aff(struct tam *t, uint8_t **p, size_t *len)
{
    struct duet_zk_aff_g_proof pr;
    struct duet_zk_ctx ctx;
    struct duet_buf_reader rd;
    uint8_t *q;
    size_t a0, a1;

    memset(&ctx, 0, sizeof(ctx));
    ctx.level = duet_level_get(t->level);
    a0 = R2_CT(*p, *len, 4) + DUET_ZK_ELOG_PROOF_BYTES;
    duet_zk_aff_g_proof_init(&pr);
    duet_buf_reader_init(&rd, *p + a0, *len - a0);
    if (duet_zk_aff_g_parse(&rd, &ctx, &pr) != 0) {
        bail("swap_aff parse");
    }
    a1 = a0 + rd.off;
    duet_zk_aff_g_proof_clear(&pr);
    q = bmalloc(*len);
    memcpy(q, *p, a0);
    memcpy(q + a0, *p + a1, *len - a1);
    memcpy(q + a0 + (*len - a1), *p + a0, a1 - a0);
    free(*p);
    *p = q;
}


/* Record the payload (first hit) into t->blob. */
static void
ed_capture(struct tam *t, uint8_t **p, size_t *len)
{
    if (t->blob == NULL) {
        t->blob = bmalloc(*len);
        memcpy(t->blob, *p, *len);
        t->blob_len = *len;
    }
}


/* Replace the payload with t->blob. */
static void
ed_inject(struct tam *t, uint8_t **p, size_t *len)
{
    free(*p);
    *p = bmalloc(t->blob_len);
    memcpy(*p, t->blob, t->blob_len);
    *len = t->blob_len;
}


/* Checks. */

static int
pos_of(const struct tp_run *run, int party)
{
    int i;

    for (i = 0; i < run->n; i++) {
        if (run->party[i] == party) {
            return i;
        }
    }
    bail("party %d not in run", party);
}


/*
 * The victim at position v has no result.  (The culprit of a tampered
 * message may well finish: it saw every honest message.)
 */
static int
none_done(const struct tp_run *run, int v)
{
    size_t len = 0;

    return duet_session_status(run->s[v]) != DUET_SESSION_DONE
        && duet_session_result(run->s[v], NULL, &len) == DUET_ERR_BAD_STATE;
}


/*
 * The victim's session stopped with code, blaming culprit in round, and
 * no session produced a presignature.
 */
static void
expect_abort(const struct tp_run *run, int rc, int victim, int code,
    int culprit, int round, const char *name)
{
    int i = pos_of(run, victim);

    if (!ok(rc != 0 && run->err[i] == code
            && run->blame[i].party == culprit && run->blame[i].round == round
            && run->blame[i].reason == code && none_done(run, i), "%s", name))
    {
        diag("  got %s (run %s), blame party %d round %d reason %s",
            duet_errname(run->err[i]), duet_errname(rc),
            run->blame[i].party, run->blame[i].round,
            duet_errname(run->blame[i].reason));
        diag("  want %s, party %d round %d", duet_errname(code), culprit,
            round);
    }
}


/* Run pair {0, 1} with an edit of from's message of round. */
static void
neg_edit(const struct mat *m, const char *name, int from, int round,
    int bcast, edit_fn edit, int code, int blame_round)
{
    struct tp_run run;
    struct tam t;
    int rc;

    memset(&t, 0, sizeof(t));
    t.from = from;
    t.round = round;
    t.bcast = bcast;
    t.edit = edit;
    t.m = m;
    t.level = m->level;
    ps_start(&run, m, m, 0, 1, NULL, NULL, NULL);
    run.tamper = tam_fn;
    run.tamper_arg = &t;
    rc = tp_run(&run);
    if (t.hits == 0) {
        diag("%s: no message was edited", name);
    }
    expect_abort(&run, rc, 1 - from, code, from, blame_round, name);
    tp_run_free(&run);
}


/* Run pair {0, 1} with fault injected in party's sessions. */
static void
neg_fault(const struct mat *m, const char *name, int party,
    enum duet_presign_test_fault fault, int victim, int code, int culprit,
    int round)
{
    struct tp_run run;
    int rc;

    /* Set before the start: round 1 is made there. */
    duet_presign_test_fault(party, fault);
    ps_start(&run, m, m, 0, 1, NULL, NULL, NULL);
    rc = tp_run(&run);
    duet_presign_test_fault(-1, DUET_PRESIGN_TEST_NONE);
    expect_abort(&run, rc, victim, code, culprit, round, name);
    tp_run_free(&run);
}


/* Honest runs. */

/* Both records of a finished run, parsed. */
static void
records(struct tp_run *run, struct duet_presig_rec rec[2], uint8_t *blob[2],
    size_t len[2])
{
    int i;

    for (i = 0; i < 2; i++) {
        if ((blob[i] = tp_result(run->s[i], &len[i])) == NULL) {
            bail("no presignature");
        }
        if (duet_presig_rec_parse(&rec[i], blob[i], len[i]) != 0) {
            bail("presig parse");
        }
    }
}


/* Records consistent: same public data; Delta~ sums to G, S~ to Y'. */
static int
records_ok(const struct duet_presig_rec rec[2], const struct duet_point *y)
{
    struct duet_point g, t;
    struct duet_scalar one;
    int j;

    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0) {
        return 0;
    }
    if (!duet_point_eq_var(&rec[0].gamma, &rec[1].gamma)
        || !duet_point_eq_var(&rec[0].pubkey, &rec[1].pubkey)
        || !duet_point_eq_var(&rec[0].pubkey, y)
        || memcmp(rec[0].key_fp, rec[1].key_fp, 32) != 0
        || rec[0].consumed || rec[1].consumed)
    {
        return 0;
    }
    for (j = 0; j < 2; j++) {
        if (!duet_point_eq_var(&rec[0].delta_t[j], &rec[1].delta_t[j])
            || !duet_point_eq_var(&rec[0].s_t[j], &rec[1].s_t[j]))
        {
            return 0;
        }
    }
    duet_point_add(&t, &rec[0].delta_t[0], &rec[0].delta_t[1]);
    if (!duet_point_eq_var(&t, &g)) {
        return 0;
    }
    duet_point_add(&t, &rec[0].s_t[0], &rec[0].s_t[1]);
    return duet_point_eq_var(&t, y);
}


static void
pubkey_of(const struct mat *m, struct duet_point *y)
{
    struct duet_keyshare ks;

    memset(&ks, 0, sizeof(ks));
    if (duet_keyshare_parse(&ks, m->share[0], m->share_len[0]) != 0) {
        bail("keyshare parse");
    }
    *y = ks.Y;
    duet_keyshare_clear(&ks);
}


/* Payload sizes seen, per round and kind, against the ceilings. */
struct sizes {
    size_t max[4][2];
};

static int
size_fn(void *arg, int from, int to, int round, uint8_t **msg, size_t *len)
{
    struct sizes *sz = arg;
    struct duet_msg_info info;
    int k;

    (void) from;
    (void) to;
    if (duet_msg_peek(&info, *msg, *len) == 0 && round >= 1 && round <= 3) {
        k = info.recipient == DUET_BROADCAST;
        if (info.payload_len > sz->max[round][k]) {
            sz->max[round][k] = info.payload_len;
        }
    }
    return 0;
}


/*
 * Drive a two-session run by hand.  Before every step of a session its
 * blob is taken; after the step a clone parsed from that blob is stepped
 * with the same messages, and its outgoing messages (and, at the end, its
 * result) must equal the original's byte for byte.  Returns 1 if the run
 * finished and every clone matched.
 */
static int
run_clone_check(struct tp_run *run)
{
    struct duet_session *clone;
    struct duet_blame bl;
    uint8_t *cp[2][DUET_MAX_OUT], *blob, *ra, *rb;
    size_t cl[2][DUET_MAX_OUT], cn[2], k, n, bl_len, la, lb;
    const uint8_t *p, *q;
    size_t plen, qlen;
    int i, same = 1, guard;

    for (guard = 0; guard < 8; guard++) {
        if (duet_session_status(run->s[0]) == DUET_SESSION_DONE
            && duet_session_status(run->s[1]) == DUET_SESSION_DONE)
        {
            break;
        }
        for (i = 0; i < 2; i++) {
            cn[i] = duet_session_outgoing_count(run->s[i]);
            for (k = 0; k < cn[i]; k++) {
                if (duet_session_outgoing(run->s[i], k, &p, &plen, NULL)
                    != 0)
                {
                    bail("outgoing");
                }
                cp[i][k] = bmalloc(plen);
                memcpy(cp[i][k], p, plen);
                cl[i][k] = plen;
            }
        }
        for (i = 0; i < 2; i++) {
            bl_len = 0;
            if (duet_session_serialize(run->s[i], NULL, &bl_len)
                != DUET_ERR_BUFFER_TOO_SMALL)
            {
                bail("serialize size");
            }
            blob = bmalloc(bl_len);
            if (duet_session_serialize(run->s[i], blob, &bl_len) != 0) {
                bail("serialize");
            }
            if (duet_session_step(run->s[i],
                    (const uint8_t *const *) cp[1 - i], cl[1 - i],
                    cn[1 - i], &bl) != 0
                || duet_session_parse(&clone, blob, bl_len) != 0
                || duet_session_step(clone,
                    (const uint8_t *const *) cp[1 - i], cl[1 - i],
                    cn[1 - i], &bl) != 0)
            {
                bail("clone step");
            }
            n = duet_session_outgoing_count(run->s[i]);
            if (n != duet_session_outgoing_count(clone)) {
                same = 0;
            }
            for (k = 0; k < n && same; k++) {
                if (duet_session_outgoing(run->s[i], k, &p, &plen, NULL) != 0
                    || duet_session_outgoing(clone, k, &q, &qlen, NULL) != 0
                    || plen != qlen || memcmp(p, q, plen) != 0)
                {
                    same = 0;
                }
            }
            ra = tp_result(run->s[i], &la);
            rb = tp_result(clone, &lb);
            if ((ra == NULL) != (rb == NULL)
                || (ra != NULL && (la != lb || memcmp(ra, rb, la) != 0)))
            {
                same = 0;
            }
            free(ra);
            free(rb);
            duet_session_destroy(clone);
            memset(blob, 0, bl_len);
            free(blob);
        }
        for (i = 0; i < 2; i++) {
            for (k = 0; k < cn[i]; k++) {
                free(cp[i][k]);
            }
        }
    }
    return same && guard < 8;
}


static void
test_honest(const struct mat *m)
{
    struct tp_run run;
    struct duet_presig_rec rec[2], rec2[2];
    struct duet_point y;
    struct sizes sz;
    uint8_t *blob[2], *blob2[2];
    size_t len[2], len2[2];
    const struct duet_level *lv = duet_level_get(m->level);
    double cpu[2] = { 0, 0 };
    int rc, round, k, sizes_ok = 1;

    pubkey_of(m, &y);

    /* Reference run, with the payload sizes recorded. */
    memset(&sz, 0, sizeof(sz));
    ps_start(&run, m, m, 2, 0, NULL, NULL, cpu);
    run.tamper = size_fn;
    run.tamper_arg = &sz;
    rc = tp_run(&run);
    is_int(0, rc, "honest presign {2,0} at level %d", m->level);
    cpu[0] += run.cpu_s[0];
    cpu[1] += run.cpu_s[1];
    diag("level %d presign CPU per party: %.0f ms, %.0f ms", m->level,
        cpu[0] * 1e3, cpu[1] * 1e3);
    records(&run, rec, blob, len);
    ok(records_ok(rec, &y), "records agree; Delta~ sum to G, S~ to Y");
    ok(rec[0].me == 2 && rec[1].me == 0 && rec[0].signers[0] == 2
        && rec[0].signers[1] == 0, "records name me and the signer pair");
    tp_run_free(&run);
    for (round = 1; round <= 3; round++) {
        for (k = 0; k < 2; k++) {
            if (sz.max[round][k] > duet_presign_max_payload(lv,
                    (unsigned) round, k))
            {
                sizes_ok = 0;
            }
            diag("round %d %s: %zu bytes (ceiling %zu)", round,
                k ? "bcast" : "p2p", sz.max[round][k],
                duet_presign_max_payload(lv, (unsigned) round, k));
        }
    }
    ok(sizes_ok, "payloads within duet_presign_max_payload");

    /* Resumed at every round boundary (the driver's resume mode). */
    ps_start(&run, m, m, 2, 0, NULL, NULL, NULL);
    run.resume = 1;
    rc = tp_run(&run);
    is_int(0, rc, "presign resumed at every round boundary");
    records(&run, rec2, blob2, len2);
    ok(records_ok(rec2, &y), "resumed run: records consistent");
    tp_run_free(&run);
    tp_free_blobs(blob2, 2);
    duet_presig_rec_clear(&rec2[0]);
    duet_presig_rec_clear(&rec2[1]);

    /* A clone parsed from the blob at every boundary gives the same
       bytes as the original (messages and presignatures). */
    ps_start(&run, m, m, 2, 0, NULL, NULL, NULL);
    ok(run_clone_check(&run), "a session resumed from its blob at every "
        "round boundary sends the same bytes and ends with the same "
        "presignature");
    tp_run_free(&run);

    /* Every step retried: identical messages. */
    ps_start(&run, m, m, 2, 0, NULL, NULL, NULL);
    run.retry = 1;
    rc = tp_run(&run);
    is_int(0, rc, "presign with every step retried");
    ok(!run.retry_mismatch, "F3: retries return byte-identical messages");
    tp_run_free(&run);

    tp_free_blobs(blob, 2);
    duet_presig_rec_clear(&rec[0]);
    duet_presig_rec_clear(&rec[1]);
}


/* A shift h: Y' = Y + h G in the record; the two ends must agree (C2). */
static void
test_shift(const struct mat *m)
{
    struct tp_run run;
    struct duet_presig_rec rec[2];
    struct duet_point y, hg;
    struct duet_scalar h;
    uint8_t *blob[2], hb[32], hb2[32];
    size_t len[2];
    int rc;

    pubkey_of(m, &y);
    if (duet_scalar_random_nonzero(&h) != 0 || duet_point_mul_gen(&hg, &h))
    {
        bail("shift");
    }
    duet_scalar_to_bytes(hb, &h);
    duet_point_add(&y, &y, &hg);
    ps_start(&run, m, m, 1, 2, hb, hb, NULL);
    rc = tp_run(&run);
    is_int(0, rc, "C2: presign {1,2} with a shift");
    records(&run, rec, blob, len);
    ok(records_ok(rec, &y) && duet_scalar_eq(&rec[0].shift, &h),
        "C2: the record holds h and Y' = Y + h G");
    tp_run_free(&run);
    tp_free_blobs(blob, 2);
    duet_presig_rec_clear(&rec[0]);
    duet_presig_rec_clear(&rec[1]);

    /* One side without the shift, then with another one. */
    ps_start(&run, m, m, 0, 1, hb, NULL, NULL);
    rc = tp_run(&run);
    expect_abort(&run, rc, 0, DUET_ERR_PROTOCOL, 1, 1,
        "C2: peer presigns without the shift -> PROTOCOL, culprit 1, "
        "round 1");
    tp_run_free(&run);
    memcpy(hb2, hb, 32);
    hb2[31] ^= 1;
    ps_start(&run, m, m, 0, 1, hb, hb2, NULL);
    rc = tp_run(&run);
    expect_abort(&run, rc, 0, DUET_ERR_PROTOCOL, 1, 1,
        "C2: peer presigns for another shift -> PROTOCOL, culprit 1, "
        "round 1");
    tp_run_free(&run);
}


/* The two signers started with the pair in different orders. */
static void
test_pair_order(const struct mat *m)
{
    struct tp_run run;
    uint8_t sid[32];
    int s0[2] = { 0, 1 }, s1[2] = { 1, 0 }, rc;

    tp_run_init(&run);
    tp_sid(sid, "presign-t order", sid_counter++);
    if (duet_presign_start(&run.s[0], sid, 32, m->share[0], m->share_len[0],
            m->aux[0], m->aux_len[0], s0, NULL) != 0
        || duet_presign_start(&run.s[1], sid, 32, m->share[1],
            m->share_len[1], m->aux[1], m->aux_len[1], s1, NULL) != 0)
    {
        bail("presign start");
    }
    run.n = 2;
    rc = tp_run(&run);
    expect_abort(&run, rc, 0, DUET_ERR_PROTOCOL, 1, 1,
        "signer pair in another order at the peer -> PROTOCOL, culprit 1, "
        "round 1");
    tp_run_free(&run);
}


/* Epochs (F7): shares of another sharing, or aux of another run. */
static void
test_epoch(const struct mat *m, const struct mat *other_keys,
    const struct mat *other_aux)
{
    struct tp_run run;
    struct mat mix;
    int rc, i;

    /* Party 1 re-keyed: its share is from another sharing. */
    ps_start(&run, m, other_keys, 0, 1, NULL, NULL, NULL);
    rc = tp_run(&run);
    expect_abort(&run, rc, 0, DUET_ERR_EPOCH_MISMATCH, 1, 1,
        "F7: key shares of different sharings -> EPOCH_MISMATCH, "
        "culprit 1, round 1");
    tp_run_free(&run);

    /* Party 1 holds aux of another aux run (same key shares). */
    memset(&mix, 0, sizeof(mix));
    mix.level = m->level;
    for (i = 0; i < 3; i++) {
        mix.share[i] = m->share[i];
        mix.share_len[i] = m->share_len[i];
        mix.aux[i] = other_aux->aux[i];
        mix.aux_len[i] = other_aux->aux_len[i];
    }
    ps_start(&run, m, &mix, 0, 1, NULL, NULL, NULL);
    rc = tp_run(&run);
    expect_abort(&run, rc, 0, DUET_ERR_EPOCH_MISMATCH, 1, 1,
        "F7: aux of different aux runs -> EPOCH_MISMATCH, culprit 1, "
        "round 1");
    tp_run_free(&run);
}


/* C4: proofs of another session replayed (sid binding). */
static void
test_replay_sid(const struct mat *m)
{
    struct tp_run run;
    struct tam t;
    int rc;

    memset(&t, 0, sizeof(t));
    t.from = 1;
    t.round = 1;
    t.bcast = 0;
    t.edit = ed_capture;
    ps_start(&run, m, m, 0, 1, NULL, NULL, NULL);
    run.tamper = tam_fn;
    run.tamper_arg = &t;
    rc = tp_run(&run);
    tp_run_free(&run);
    if (rc != 0 || t.blob == NULL) {
        bail("capture run");
    }
    t.edit = ed_inject;
    t.hits = 0;
    ps_start(&run, m, m, 0, 1, NULL, NULL, NULL);
    run.tamper = tam_fn;
    run.tamper_arg = &t;
    rc = tp_run(&run);
    expect_abort(&run, rc, 0, DUET_ERR_PROOF_INVALID, 1, 1,
        "C4: psi^0, psi^1 of another session (sid) -> PROOF_INVALID, "
        "culprit 1, round 1");
    tp_run_free(&run);
    free(t.blob);
}


/* F2: duplicates, wrong kind, non-participant, stepping by hand. */
static void
test_f2(const struct mat *m)
{
    struct tp_run run;
    struct tam t;
    struct duet_blame bl;
    const uint8_t *p[4];
    size_t l[4], n, k;
    int rc, rcpt;

    /* Session of 0 receives 1's round-1 broadcast twice. */
    ps_start(&run, m, m, 0, 1, NULL, NULL, NULL);
    n = duet_session_outgoing_count(run.s[1]);
    for (k = 0; k < n && k < 2; k++) {
        if (duet_session_outgoing(run.s[1], k, &p[k], &l[k], &rcpt) != 0) {
            bail("outgoing");
        }
        if (rcpt == DUET_BROADCAST) {
            p[2] = p[k];
            l[2] = l[k];
        }
    }
    rc = duet_session_step(run.s[0], p, l, 3, &bl);
    ok(rc == DUET_ERR_DUPLICATE && bl.party == 1 && bl.round == 1,
        "F2: a second round-1 broadcast from 1 -> DUPLICATE, culprit 1");
    tp_run_free(&run);

    /* 1's round-2 p2p message re-addressed as a broadcast. */
    memset(&t, 0, sizeof(t));
    t.from = 1;
    t.round = 2;
    t.bcast = 0;
    t.env_off = ENV_RECIPIENT_OFF;
    t.env_val = DUET_BROADCAST;
    ps_start(&run, m, m, 0, 1, NULL, NULL, NULL);
    run.tamper = tam_fn;
    run.tamper_arg = &t;
    rc = tp_run(&run);
    expect_abort(&run, rc, 0, DUET_ERR_PROTOCOL, 1, 2,
        "F2: round-2 p2p sent as a broadcast -> PROTOCOL, culprit 1, "
        "round 2");
    tp_run_free(&run);

    /* A message claiming a non-participant sender. */
    t.env_off = ENV_SENDER_OFF;
    t.env_val = 2;
    t.hits = 0;
    ps_start(&run, m, m, 0, 1, NULL, NULL, NULL);
    run.tamper = tam_fn;
    run.tamper_arg = &t;
    rc = tp_run(&run);
    {
        int i = pos_of(&run, 0);

        ok(rc != 0 && run.err[i] == DUET_ERR_UNKNOWN_SENDER
            && run.blame[i].party == 2 && none_done(&run, i),
            "F2: a message from non-signer 2 -> UNKNOWN_SENDER, blame 2");
    }
    tp_run_free(&run);
}


static void
test_negative(const struct mat *m)
{
    /* E2: ciphertexts outside Z*_{N^2}. */
    neg_edit(m, "E2: K = 0 -> PROTOCOL, culprit 1, round 1",
        1, 1, 1, ed_k_zero, DUET_ERR_PROTOCOL, 1);
    neg_edit(m, "E2: K = p_1 (a multiple of the sender's prime) -> "
        "PROTOCOL, culprit 1, round 1",
        1, 1, 1, ed_k_prime, DUET_ERR_PROTOCOL, 1);
    neg_edit(m, "E2: K = N_1^2 -> NON_CANONICAL, culprit 1, round 1",
        1, 1, 1, ed_k_nn, DUET_ERR_NON_CANONICAL, 1);
    neg_edit(m, "E2: G = 0 -> PROTOCOL, culprit 1, round 1",
        1, 1, 1, ed_g_zero, DUET_ERR_PROTOCOL, 1);
    neg_edit(m, "E2: D = 0 -> PROTOCOL, culprit 1, round 2",
        1, 2, 0, ed_d_zero, DUET_ERR_PROTOCOL, 2);
    neg_edit(m, "E2: D^ = p_0 (a multiple of the receiver's prime) -> "
        "PROTOCOL, culprit 1, round 2",
        1, 2, 0, ed_dhat_prime, DUET_ERR_PROTOCOL, 2);
    neg_edit(m, "E2: D^ = N_0^2 -> NON_CANONICAL, culprit 1, round 2",
        1, 2, 0, ed_dhat_nn, DUET_ERR_NON_CANONICAL, 2);
    neg_edit(m, "E2: F = 0 -> PROTOCOL, culprit 1, round 2",
        1, 2, 0, ed_f_zero, DUET_ERR_PROTOCOL, 2);
    /*
     * The enc-elg response z1 = alpha + e floor(N/4) is far longer than
     * any z1 in range (|z1| <= 2^(ell+eps-1)): the payload ceiling, the
     * coarse form of the range check, refuses it before any work (F4).
     */
    neg_fault(m, "A2.2: K encrypts floor(N/4) -> LIMIT_EXCEEDED (enc-elg "
        "z1 out of range), culprit 1, round 1",
        1, DUET_PRESIGN_TEST_K_RANGE, 0, DUET_ERR_LIMIT_EXCEEDED, 1, 1);

    /* E3: points not tied to the committed nonces. */
    neg_edit(m, "E3: Gamma_1 + G with the old proof -> PROOF_INVALID, "
        "culprit 1, round 2",
        1, 2, 0, ed_gamma_plus_g, DUET_ERR_PROOF_INVALID, 2);
    neg_edit(m, "E3: Delta_1 + G with the old proof -> PROOF_INVALID, "
        "culprit 1, round 3",
        1, 3, 1, ed_bigdelta_plus_g, DUET_ERR_PROOF_INVALID, 3);

    /* E4: psi^ for the wrong W. */
    neg_fault(m, "E4: psi^ made with a swapped lambda -> PROOF_INVALID, "
        "culprit 1, round 2",
        1, DUET_PRESIGN_TEST_LAMBDA_SWAP, 0, DUET_ERR_PROOF_INVALID, 1, 2);

    /* E5: consistent proofs, inconsistent delta_j / S_j. */
    neg_edit(m, "E5: delta_1 + 1 -> UNATTRIBUTED naming 1, round 3, no "
        "presignature",
        1, 3, 1, ed_delta_plus_one, DUET_ERR_UNATTRIBUTED, 3);
    neg_edit(m, "E5: S_1 + G -> UNATTRIBUTED naming 1, round 3, no "
        "presignature",
        1, 3, 1, ed_s_plus_g, DUET_ERR_UNATTRIBUTED, 3);

    /* E6: fault injection at the victim. */
    neg_fault(m, "E6: Gamma = infinity -> INFINITY, blame 1, round 2",
        0, DUET_PRESIGN_TEST_GAMMA_INFINITY, 0, DUET_ERR_INFINITY, 1, 2);
    neg_fault(m, "E6: delta = 0 -> ZERO_SCALAR, blame 1, round 3",
        0, DUET_PRESIGN_TEST_DELTA_ZERO, 0, DUET_ERR_ZERO_SCALAR, 1, 3);

    /* C4: proofs in another slot. */
    neg_edit(m, "C4: psi^0 and psi^1 swapped -> PROOF_INVALID, culprit 1, "
        "round 1",
        1, 1, 0, ed_swap_enc, DUET_ERR_PROOF_INVALID, 1);
    neg_fault(m, "C4: enc-elg discriminators 0<->1 -> PROOF_INVALID, "
        "culprit 1, round 1",
        1, DUET_PRESIGN_TEST_ENC_DISC_SWAP, 0, DUET_ERR_PROOF_INVALID, 1, 1);
    neg_edit(m, "C4: psi and psi^ swapped -> PROOF_INVALID, culprit 1, "
        "round 2",
        1, 2, 0, ed_swap_aff, DUET_ERR_PROOF_INVALID, 2);
    neg_fault(m, "C4: aff-g hat/non-hat discriminators swapped -> "
        "PROOF_INVALID, culprit 1, round 2",
        1, DUET_PRESIGN_TEST_AFF_HAT_SWAP, 0, DUET_ERR_PROOF_INVALID, 1, 2);
    neg_fault(m, "C4: elog prime/non-prime discriminators swapped -> "
        "PROOF_INVALID, culprit 1, round 2",
        1, DUET_PRESIGN_TEST_ELOG_DISC_SWAP, 0, DUET_ERR_PROOF_INVALID, 1,
        2);

    /* C5: non-canonical encodings. */
    neg_edit(m, "C5: psi^0's z3 with a leading zero byte -> "
        "NON_CANONICAL, culprit 1, round 1",
        1, 1, 0, ed_z3_leading_zero, DUET_ERR_NON_CANONICAL, 1);
    neg_edit(m, "C5: Y_1 with x >= p -> NON_CANONICAL, culprit 1, round 1",
        1, 1, 1, ed_y_big_x, DUET_ERR_NON_CANONICAL, 1);
    neg_edit(m, "C5: shift = q -> NON_CANONICAL, culprit 1, round 1",
        1, 1, 1, ed_shift_q, DUET_ERR_NON_CANONICAL, 1);
    neg_edit(m, "C5: Gamma_1 uncompressed prefix 04 -> BAD_ENCODING, "
        "culprit 1, round 2",
        1, 2, 0, ed_gamma_prefix4, DUET_ERR_BAD_ENCODING, 2);
    neg_edit(m, "C5: Gamma_1 = infinity encoding -> INFINITY, culprit 1, "
        "round 2",
        1, 2, 0, ed_gamma_inf, DUET_ERR_INFINITY, 2);
    neg_edit(m, "C5: delta_1 = q -> NON_CANONICAL, culprit 1, round 3",
        1, 3, 1, ed_delta_q, DUET_ERR_NON_CANONICAL, 3);
    neg_edit(m, "C5: round-2 payload with a trailing byte -> "
        "TRAILING_DATA, culprit 1, round 2",
        1, 2, 0, ed_append, DUET_ERR_TRAILING_DATA, 2);
    neg_edit(m, "F4: round-3 payload one byte over its ceiling -> "
        "LIMIT_EXCEEDED, culprit 1, round 3",
        1, 3, 1, ed_append, DUET_ERR_LIMIT_EXCEEDED, 3);
    neg_edit(m, "C5: round-2 payload one byte short -> TRUNCATED, "
        "culprit 1, round 2",
        1, 2, 0, ed_truncate, DUET_ERR_TRUNCATED, 2);
    neg_edit(m, "F4: round-1 p2p payload over its ceiling -> "
        "LIMIT_EXCEEDED, culprit 1, round 1",
        1, 1, 0, ed_oversize, DUET_ERR_LIMIT_EXCEEDED, 1);

    /* The attacker at position 0 this time. */
    neg_edit(m, "E3: Gamma_0 + G with the old proof (attacker 0) -> "
        "PROOF_INVALID, culprit 0, round 2",
        0, 2, 0, ed_gamma_plus_g, DUET_ERR_PROOF_INVALID, 2);
}


int
main(int argc, char **argv)
{
    struct mat m, other_keys, other_aux;

    tap_init(argc, argv);
    if (duet_init() != 0) {
        bail("duet_init");
    }
    duet_rand_test_seed(tap_seed());
    plan_lazy();

    mat_init(&m, DUET_LEVEL_112, 0, 0);
    mat_init(&other_keys, DUET_LEVEL_112, 0, 1);
    mat_init(&other_aux, DUET_LEVEL_112, 8, 0);

    test_honest(&m);
    test_shift(&m);
    test_pair_order(&m);
    test_epoch(&m, &other_keys, &other_aux);
    test_replay_sid(&m);
    test_f2(&m);
    test_negative(&m);

    mat_free(&m);
    mat_free(&other_keys);
    mat_free(&other_aux);
    return 0;
}
