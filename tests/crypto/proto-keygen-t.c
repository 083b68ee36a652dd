/*
 * proto-keygen-t.c -- threshold key generation (spec section 1) as
 * sessions: the honest protocol at both levels, determinism (resume at
 * every round boundary, retries, a retry from an older state), and the
 * negative suite of spec 6.3-6.6, one named test per attack vector, each
 * asserting the code, the culprit and the round.
 *
 * Dishonest parties are made two ways: by editing a message in flight
 * (the driver's tamper hook; the payload formats are in
 * crypto/src/protocol/keygen.h), or, where the commitment must still
 * open, through keygen.c's test hooks (duet_keygen_test_cheat).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <secp256k1.h>

#include "duet.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_util.h"
#include "bn/level.h"
#include "curve/curve.h"
#include "protocol/keygen.h"
#include "protocol/session.h"
#include "protocol/share.h"
#include "util/rand.h"
#include "zk/zk.h"
#include "zk/zk_sch.h"
#include "proto-driver.h"
#include "basic.h"

#define LEVEL   DUET_LEVEL_112

/* Offsets in keygen's round-3 decommitment (keygen.h). */
#define OFF_RID     0
#define OFF_NS      32
#define OFF_S0      33
#define OFF_S1      (33 + 33)
#define OFF_A       (33 + 66)
#define OFF_U       (33 + 66 + 33)
#define DECOMMIT_LEN  (OFF_U + 32)


/* Envelope surgery (layout: session.c). */

static size_t
env_off_round(const uint8_t *m)
{
    return 5 + (size_t) m[4];
}


static size_t
env_off_payload(const uint8_t *m)
{
    return 12 + (size_t) m[4];
}


/* Replace payload bytes [off, off + cut) by data[0..dlen). */
static void
env_edit(uint8_t **msg, size_t *len, size_t off, size_t cut,
    const uint8_t *data, size_t dlen)
{
    uint8_t *m = *msg, *out;
    size_t po = env_off_payload(m), plen = *len - po, nplen;

    if (off > plen) {
        bail("env_edit: offset %zu past payload %zu", off, plen);
    }
    if (cut > plen - off) {
        cut = plen - off;
    }
    nplen = plen - cut + dlen;
    out = bmalloc(po + nplen);
    memcpy(out, m, po);
    memcpy(out + po, m + po, off);
    if (dlen > 0) {
        memcpy(out + po + off, data, dlen);
    }
    memcpy(out + po + off + dlen, m + po + off + cut, plen - off - cut);
    out[po - 4] = (uint8_t) (nplen >> 24);
    out[po - 3] = (uint8_t) (nplen >> 16);
    out[po - 2] = (uint8_t) (nplen >> 8);
    out[po - 1] = (uint8_t) nplen;
    free(m);
    *msg = out;
    *len = po + nplen;
}


/* Big-endian increment of the 32 bytes at p (wraps; callers use values
   far from 2^256). */
static void
be32_inc(uint8_t *p)
{
    int k;

    for (k = 31; k >= 0; k--) {
        if (++p[k] != 0) {
            break;
        }
    }
}


/* In-flight edits. */

#define K_ANY    0
#define K_BCAST  1
#define K_P2P    2
#define T_MAX    10

struct tamper;
typedef void (*tamper_hook)(struct tamper *t, struct tp_run *run,
    const uint8_t *payload, size_t plen);

struct tamper {
    int from, to, round, kind;      /* match; to = -1: every copy */
    int drop;
    int edit;                       /* payload [off, off+cut) := data */
    size_t off, cut;
    uint8_t data[512];
    size_t dlen;
    int copy_of;                    /* >= 0: data := seen of that entry */
    int inc;                        /* add 1 to the scalar at off */
    int flip;                       /* payload[off] ^= 1 */
    int set_sender, set_rcpt;       /* -1: keep */
    const uint8_t *sid;             /* non-NULL: another 32-byte sid */
    tamper_hook hook;               /* may set data/dlen lazily */
    uint8_t seen[512];              /* first matching payload, before */
    size_t seen_len;
    int hits;
};

struct tampers {
    struct tamper t[T_MAX];
    int n;
    struct tp_run *run;
    void *ctx;                      /* for hooks */
};


static struct tamper *
tamper_add(struct tampers *tp, int from, int to, int round, int kind)
{
    struct tamper *t;

    if (tp->n >= T_MAX) {
        bail("too many tampers");
    }
    t = &tp->t[tp->n++];
    memset(t, 0, sizeof(*t));
    t->from = from;
    t->to = to;
    t->round = round;
    t->kind = kind;
    t->copy_of = -1;
    t->set_sender = -1;
    t->set_rcpt = -1;
    return t;
}


static int
tamper_cb(void *arg, int from, int to, int round, uint8_t **msg, size_t *len)
{
    struct tampers *tp = arg;
    struct tamper *t;
    size_t po, plen;
    int i, kind, drop = 0;

    for (i = 0; i < tp->n; i++) {
        t = &tp->t[i];
        kind = (*msg)[env_off_round(*msg) + 2] == DUET_BROADCAST
            ? K_BCAST : K_P2P;
        if (t->from != from || t->round != round
            || (t->to >= 0 && t->to != to)
            || (t->kind != K_ANY && t->kind != kind))
        {
            continue;
        }
        po = env_off_payload(*msg);
        plen = *len - po;
        if (t->hits++ == 0 && plen <= sizeof(t->seen)) {
            memcpy(t->seen, *msg + po, plen);
            t->seen_len = plen;
        }
        if (t->hook != NULL) {
            t->hook(t, tp->run, *msg + po, plen);
        }
        if (t->copy_of >= 0) {
            memcpy(t->data, tp->t[t->copy_of].seen,
                tp->t[t->copy_of].seen_len);
            t->dlen = tp->t[t->copy_of].seen_len;
        }
        if (t->edit) {
            env_edit(msg, len, t->off, t->cut, t->data, t->dlen);
        }
        if (t->inc) {
            be32_inc(*msg + env_off_payload(*msg) + t->off);
        }
        if (t->flip) {
            (*msg)[env_off_payload(*msg) + t->off] ^= 1;
        }
        if (t->set_sender >= 0) {
            (*msg)[env_off_round(*msg) + 1] = (uint8_t) t->set_sender;
        }
        if (t->set_rcpt >= 0) {
            (*msg)[env_off_round(*msg) + 2] = (uint8_t) t->set_rcpt;
        }
        if (t->sid != NULL) {
            memcpy(*msg + 5, t->sid, 32);
        }
        drop |= t->drop;
    }
    return drop;
}


/* Replace the whole payload. */
static void
tamper_set_payload(struct tamper *t, const uint8_t *p, size_t n)
{
    t->edit = 1;
    t->off = 0;
    t->cut = SIZE_MAX;
    memcpy(t->data, p, n);
    t->dlen = n;
}


/* Sessions. */

static void
start3(struct tp_run *run, const uint8_t sid[32], int level)
{
    int i, r;

    tp_run_init(run);
    for (i = 0; i < 3; i++) {
        if ((r = duet_keygen_start(&run->s[i], sid, 32, level, i)) != 0) {
            bail("duet_keygen_start: %s", duet_errname(r));
        }
    }
    run->n = 3;
}


static struct duet_session *
clone_session(const struct duet_session *s)
{
    struct duet_session *c = NULL;
    uint8_t *blob;
    size_t len = 0;

    if (duet_session_serialize(s, NULL, &len) != DUET_ERR_BUFFER_TOO_SMALL) {
        bail("serialize size");
    }
    blob = bmalloc(len);
    if (duet_session_serialize(s, blob, &len) != 0
        || duet_session_parse(&c, blob, len) != 0)
    {
        bail("serialize/parse");
    }
    duet_memclear(blob, len);
    free(blob);
    return c;
}


/*
 * Run keygen with tampers (and a dishonest party through the test hook);
 * every party in victims must abort with code, blaming culprit in round.
 */
static void
expect_abort(const char *name, struct tampers *tp,
    void (*prep)(struct tp_run *, struct tampers *), int cheat_party,
    int cheat_mode, unsigned victims, int code, int culprit, int round)
{
    static unsigned serial;
    struct tp_run run;
    uint8_t sid[32];
    int i, good;

    tp_sid(sid, "keygen-neg", ++serial);
    duet_keygen_test_cheat(cheat_party, cheat_mode);
    start3(&run, sid, LEVEL);
    run.tamper = tamper_cb;
    run.tamper_arg = tp;
    run.stop_on_abort = 0;
    tp->run = &run;
    if (prep != NULL) {
        prep(&run, tp);
    }
    (void) tp_run(&run);
    duet_keygen_test_cheat(-1, DUET_KEYGEN_TEST_HONEST);

    for (i = 0; i < 3; i++) {
        if ((victims & (1u << i)) == 0) {
            continue;
        }
        good = run.err[i] == code && run.blame[i].party == culprit
            && run.blame[i].round == round && run.blame[i].reason == code
            && duet_session_status(run.s[i]) == DUET_SESSION_ABORTED;
        if (!ok(good, "%s: party %d -> %s, culprit %d, round %d", name, i,
                duet_errname(code), culprit, round))
        {
            diag("got %s, blame party %d round %d reason %s",
                duet_errname(run.err[i]), run.blame[i].party,
                run.blame[i].round, duet_errname(run.blame[i].reason));
        }
    }
    tp->run = NULL;
    tp_run_free(&run);
}


/* Honest runs. */

static void
test_honest(int level)
{
    uint8_t *share[3];
    size_t len[3];
    struct duet_keyshare_info info[3];
    struct duet_keyshare ks[3];
    struct duet_scalar two, y;
    struct duet_point yg, xg;
    int i, r, good;

    r = tp_keygen(level, level == DUET_LEVEL_128 ? "kg-128" : "kg-112",
        share, len);
    is_int(0, r, "keygen level %d: all three sessions finish", level);
    if (r != 0) {
        return;
    }
    for (i = 0; i < 3; i++) {
        is_int(0, duet_keyshare_inspect(&info[i], share[i], len[i]),
            "keygen level %d: share %d inspects", level, i);
        ok(info[i].index == i && info[i].level == level
            && info[i].epoch == 0,
            "keygen level %d: share %d has index, level, epoch 0", level, i);
        if (duet_keyshare_parse(&ks[i], share[i], len[i]) != 0) {
            bail("parse share");
        }
        if (duet_point_mul_gen(&xg, &ks[i].x) != 0) {
            bail("mul_gen");
        }
        ok(duet_point_eq_var(&xg, &ks[i].X[i]),
            "keygen level %d: x_%d G = X_%d", level, i, i);
    }
    ok(memcmp(info[0].pubkey, info[1].pubkey, 33) == 0
        && memcmp(info[0].pubkey, info[2].pubkey, 33) == 0,
        "keygen level %d: one public key Y", level);
    ok(memcmp(info[0].public_shares, info[1].public_shares, 99) == 0
        && memcmp(info[0].public_shares, info[2].public_shares, 99) == 0,
        "keygen level %d: the same public shares everywhere", level);

    /* Any two shares give the secret: y = 2 x_0 - x_1 = 3/2 x_0 - ...;
       check the pairs {0,1} and {1,2} (weights 2, -1 and 3, -2). */
    duet_scalar_set_u64(&two, 2);
    duet_scalar_mul(&y, &ks[0].x, &two);
    duet_scalar_sub(&y, &y, &ks[1].x);
    good = duet_point_mul_gen(&yg, &y) == 0 && duet_point_eq_var(&yg,
        &ks[0].Y);
    {
        struct duet_scalar three, y2, t;

        duet_scalar_set_u64(&three, 3);
        duet_scalar_mul(&y2, &ks[1].x, &three);
        duet_scalar_mul(&t, &ks[2].x, &two);
        duet_scalar_sub(&y2, &y2, &t);
        good = good && duet_scalar_eq(&y, &y2);
        duet_scalar_clear(&y2);
        duet_scalar_clear(&t);
    }
    ok(good, "keygen level %d: pairs {0,1} and {1,2} interpolate to the "
        "same y, y G = Y", level);
    duet_scalar_clear(&y);
    for (i = 0; i < 3; i++) {
        duet_keyshare_clear(&ks[i]);
    }
    tp_free_blobs(share, 3);
}


/*
 * Same seed, same results: three copies of the same freshly started
 * sessions (their blobs hold the seed), run plainly, resumed from their
 * blobs at every round boundary, and with every step retried.
 */
static void
test_determinism(void)
{
    struct tp_run base, run[3];
    uint8_t sid[32], *res[3][3];
    size_t len[3][3];
    int m, i, r, same = 1;

    tp_sid(sid, "kg-determinism", 0);
    start3(&base, sid, LEVEL);
    for (m = 0; m < 3; m++) {
        tp_run_init(&run[m]);
        for (i = 0; i < 3; i++) {
            run[m].s[i] = clone_session(base.s[i]);
        }
        run[m].n = 3;
        run[m].resume = m == 1;
        run[m].retry = m == 2;
        r = tp_run(&run[m]);
        is_int(0, r, "determinism: %s run finishes",
            m == 0 ? "plain" : m == 1 ? "resumed" : "retried");
        for (i = 0; i < 3; i++) {
            res[m][i] = tp_result(run[m].s[i], &len[m][i]);
            if (res[m][i] == NULL) {
                bail("no result");
            }
        }
    }
    is_int(0, run[2].retry_mismatch,
        "retry: a retried step returns byte-identical messages");
    for (m = 1; m < 3; m++) {
        for (i = 0; i < 3; i++) {
            same = same && len[m][i] == len[0][i]
                && memcmp(res[m][i], res[0][i], len[0][i]) == 0;
        }
    }
    ok(same, "resume at every round boundary and retries give the same "
        "shares as a plain run");
    for (m = 0; m < 3; m++) {
        tp_free_blobs(res[m], 3);
        tp_run_free(&run[m]);
    }
    tp_run_free(&base);
}


/* Manual routing, for the tests the driver cannot express. */

struct box {
    uint8_t *m[8];
    size_t l[8];
    size_t n;
};


static void
box_push(struct box *b, const uint8_t *m, size_t l)
{
    if (b->n >= 8) {
        bail("box full");
    }
    b->m[b->n] = bmalloc(l);
    memcpy(b->m[b->n], m, l);
    b->l[b->n] = l;
    b->n++;
}


static void
box_free(struct box *b)
{
    size_t k;

    for (k = 0; k < b->n; k++) {
        free(b->m[k]);
    }
    b->n = 0;
}


/* Deliver the outgoing messages of s[0..2] (party i at i) into box[]. */
static void
route(struct duet_session *s[3], struct box box[3])
{
    const uint8_t *p;
    size_t k, n, l;
    int i, j, rcpt;

    for (i = 0; i < 3; i++) {
        n = duet_session_outgoing_count(s[i]);
        for (k = 0; k < n; k++) {
            if (duet_session_outgoing(s[i], k, &p, &l, &rcpt) != 0) {
                bail("outgoing");
            }
            for (j = 0; j < 3; j++) {
                if (j != i && (rcpt == DUET_BROADCAST || rcpt == j)) {
                    box_push(&box[j], p, l);
                }
            }
        }
    }
}


/* Snapshot of s's outgoing messages, concatenated. */
static size_t
outgoing_cat(const struct duet_session *s, uint8_t *out, size_t cap)
{
    const uint8_t *p;
    size_t k, n, l, off = 0;

    n = duet_session_outgoing_count(s);
    for (k = 0; k < n; k++) {
        if (duet_session_outgoing(s, k, &p, &l, NULL) != 0
            || off + l > cap)
        {
            bail("outgoing_cat");
        }
        memcpy(out + off, p, l);
        off += l;
    }
    return off;
}


static int
step_box(struct duet_session *s, struct box *b, struct duet_blame *bl)
{
    return duet_session_step(s, (const uint8_t *const *) b->m, b->l, b->n,
        bl);
}


/*
 * F3 (retries): the same input returns the same bytes, also when stepped
 * from an older serialized state; F2: a duplicate sender; a different
 * message for a processed round is equivocation.
 */
static void
test_manual(void)
{
    struct duet_session *s[3], *old, *c;
    struct box box[3], dup;
    struct duet_blame bl;
    uint8_t sid[32], a[4096], b[4096], *m;
    size_t al, bl2, l;
    int i, r;

    tp_sid(sid, "kg-manual", 0);
    for (i = 0; i < 3; i++) {
        if (duet_keygen_start(&s[i], sid, 32, LEVEL, i) != 0) {
            bail("start");
        }
    }
    memset(box, 0, sizeof(box));
    route(s, box);

    /* F2: the same sender twice in one set. */
    c = clone_session(s[0]);
    memset(&dup, 0, sizeof(dup));
    box_push(&dup, box[0].m[0], box[0].l[0]);
    box_push(&dup, box[0].m[1], box[0].l[1]);
    box_push(&dup, box[0].m[0], box[0].l[0]);
    r = step_box(c, &dup, &bl);
    ok(r == DUET_ERR_DUPLICATE && bl.party == 1 && bl.round == 1,
        "F2: a second round-1 message from party 1 -> DUPLICATE, culprit 1, "
        "round 1");
    box_free(&dup);
    duet_session_destroy(c);

    /* F3: retried from an older state, with the same input. */
    old = clone_session(s[0]);
    r = step_box(s[0], &box[0], &bl);
    is_int(0, r, "round 1 steps");
    al = outgoing_cat(s[0], a, sizeof(a));
    r = step_box(s[0], &box[0], &bl);
    bl2 = outgoing_cat(s[0], b, sizeof(b));
    ok(r == 0 && al == bl2 && memcmp(a, b, al) == 0,
        "F3: the same round twice -> identical bytes");
    r = step_box(old, &box[0], &bl);
    bl2 = outgoing_cat(old, b, sizeof(b));
    ok(r == 0 && al == bl2 && memcmp(a, b, al) == 0,
        "F3: the same round from an older serialized state -> identical "
        "bytes");
    duet_session_destroy(old);

    /* Equivocation: another V from party 2 for the processed round 1. */
    for (l = 0; l < box[0].n; l++) {
        struct duet_msg_info info;

        if (duet_msg_peek(&info, box[0].m[l], box[0].l[l]) == 0
            && info.sender == 2)
        {
            m = box[0].m[l];
            m[box[0].l[l] - 1] ^= 1;
        }
    }
    r = step_box(s[0], &box[0], &bl);
    ok(r == DUET_ERR_EQUIVOCATION && bl.party == 2 && bl.round == 1
        && duet_session_status(s[0]) == DUET_SESSION_ABORTED,
        "equivocation: another round-1 message from party 2 after round 1 "
        "-> EQUIVOCATION, culprit 2, round 1, session aborted");
    r = step_box(s[0], &box[0], &bl);
    is_int(DUET_ERR_ABORTED, r, "an aborted session stays aborted");

    for (i = 0; i < 3; i++) {
        box_free(&box[i]);
        duet_session_destroy(s[i]);
    }
}


/* The negative suite. */

static void
test_d1(void)
{
    struct tampers tp;

    memset(&tp, 0, sizeof(tp));
    expect_abort("D1: S with t-1 points", &tp, NULL, 2,
        DUET_KEYGEN_TEST_FELDMAN_SHORT, 0x3, DUET_ERR_FELDMAN, 2, 3);
    memset(&tp, 0, sizeof(tp));
    expect_abort("D1: S with t+1 points", &tp, NULL, 2,
        DUET_KEYGEN_TEST_FELDMAN_LONG, 0x3, DUET_ERR_FELDMAN, 2, 3);
}


static void
test_d2(void)
{
    struct tampers tp;
    struct tamper *t;

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 0, 3, K_P2P);
    t->inc = 1;
    expect_abort("D2: sigma_20 + 1 (off S_2)", &tp, NULL, -1, 0, 0x1,
        DUET_ERR_FELDMAN, 2, 3);
}


/* D3: party 2's share for party 0 evaluated at 0 instead of I(0) = 1. */
static struct duet_scalar d3_f1;

static void
d3_prep(struct tp_run *run, struct tampers *tp)
{
    struct duet_keygen_test_view v;
    struct duet_scalar f0;

    if (duet_keygen_test_view(run->s[2], &v) != 0) {
        bail("view");
    }
    f0 = v.coef[0];
    duet_scalar_add(&d3_f1, &v.coef[0], &v.coef[1]);
    duet_scalar_to_bytes(tp->t[0].data, &f0);
    tp->t[0].dlen = 32;
    duet_memclear(&v, sizeof(v));
}


static void
test_d3(void)
{
    struct tampers tp;
    struct tamper *t;
    uint8_t f1[32];

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 0, 3, K_P2P);
    t->edit = 1;
    t->off = 0;
    t->cut = SIZE_MAX;
    expect_abort("D3: sigma_20 = f_2(0), not f_2(I(0) = 1)", &tp, d3_prep,
        -1, 0, 0x1, DUET_ERR_FELDMAN, 2, 3);
    duet_scalar_to_bytes(f1, &d3_f1);
    ok(tp.t[0].seen_len == 32 && memcmp(tp.t[0].seen, f1, 32) == 0,
        "D3: the honest sigma_20 is f_2(1): I(i) = i + 1");
}


/*
 * Replays by party 2 of a V and a decommitment (entries: 0 sees V_0, 1
 * replaces V_2 and keeps the true one in seen, 2 sees V_1).  The hook
 * makes the echoes consistent as a real attacker would: party 2's echo
 * (to -1) over the forged view, the echoes party 2 receives (to 2) over
 * its true view, so that only the decommitment check can catch it.
 */
static void
echo_hook(struct tamper *t, struct tp_run *run, const uint8_t *p,
    size_t plen)
{
    struct tampers *tp = run->tamper_arg;
    uint8_t v[3][32];

    (void) p;
    (void) plen;
    if (t->dlen != 0) {
        return;
    }
    memcpy(v[0], tp->t[0].seen, 32);
    memcpy(v[1], tp->t[2].seen, 32);
    memcpy(v[2], t->to == 2 ? tp->t[1].seen : tp->t[1].data, 32);
    if (duet_keygen_echo_hash(run->s[2], DUET_KEYGEN_TAG_ECHO, t->from,
            &v[0][0], t->data) != 0)
    {
        bail("echo hash");
    }
    t->dlen = 32;
}


/* Entries 3..5: the three echoes of echo_hook. */
static void
add_echo_fixes(struct tampers *tp)
{
    struct tamper *t;
    int k;
    static const int from[3] = { 2, 0, 1 }, to[3] = { -1, 2, 2 };

    for (k = 0; k < 3; k++) {
        t = tamper_add(tp, from[k], to[k], 2, K_BCAST);
        t->edit = 1;
        t->cut = SIZE_MAX;
        t->hook = echo_hook;
    }
}


static void
test_d4(void)
{
    struct tampers tp, obs;
    struct tamper *t;
    struct tp_run other;
    uint8_t sid[32];

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 3, K_BCAST);
    t->off = OFF_U;
    t->flip = 1;
    expect_abort("D4: a decommitment that does not open", &tp, NULL, -1, 0,
        0x3, DUET_ERR_COMMITMENT, 2, 3);

    /* Another index: party 2 presents party 1's V and decommitment.
       Routing goes in position order, so party 1's messages are seen
       before party 2's are replaced. */
    memset(&tp, 0, sizeof(tp));
    tamper_add(&tp, 0, 1, 1, K_BCAST);                  /* 0: see V_0 */
    t = tamper_add(&tp, 2, -1, 1, K_BCAST);             /* 1: V_2 := V_1 */
    t->edit = 1;
    t->cut = SIZE_MAX;
    t->copy_of = 2;
    tamper_add(&tp, 1, 0, 1, K_BCAST);                  /* 2: see V_1 */
    add_echo_fixes(&tp);                                /* 3..5 */
    tamper_add(&tp, 1, 0, 3, K_BCAST);                  /* 6: see dec_1 */
    t = tamper_add(&tp, 2, -1, 3, K_BCAST);             /* 7: replay it */
    t->edit = 1;
    t->cut = SIZE_MAX;
    t->copy_of = 6;
    expect_abort("D4: party 1's decommitment presented by party 2", &tp,
        NULL, -1, 0, 0x3, DUET_ERR_COMMITMENT, 2, 3);

    /* Another sid: party 2 replays its V and decommitment of session B. */
    memset(&obs, 0, sizeof(obs));
    tamper_add(&obs, 2, 0, 1, K_BCAST);
    tamper_add(&obs, 2, 0, 3, K_BCAST);
    tp_sid(sid, "keygen-other-sid", 0);
    start3(&other, sid, LEVEL);
    other.tamper = tamper_cb;
    other.tamper_arg = &obs;
    obs.run = &other;
    if (tp_run(&other) != 0) {
        bail("session B");
    }
    tp_run_free(&other);

    memset(&tp, 0, sizeof(tp));
    tamper_add(&tp, 0, 1, 1, K_BCAST);                  /* 0: see V_0 */
    t = tamper_add(&tp, 2, -1, 1, K_BCAST);             /* 1: V_2 := V^B */
    tamper_set_payload(t, obs.t[0].seen, 32);
    tamper_add(&tp, 1, 0, 1, K_BCAST);                  /* 2: see V_1 */
    add_echo_fixes(&tp);                                /* 3..5 */
    t = tamper_add(&tp, 2, -1, 3, K_BCAST);             /* 6: dec^B */
    tamper_set_payload(t, obs.t[1].seen, obs.t[1].seen_len);
    expect_abort("D4: a decommitment of another sid", &tp, NULL, -1, 0,
        0x3, DUET_ERR_COMMITMENT, 2, 3);
}


static void
test_d5(void)
{
    struct tampers tp;
    struct tamper *t;

    /* Party 2 sends another V to party 1 only: honest parties disagree.
       Echo hashes cannot say who equivocated; each names the party whose
       echo differs from its own (keygen.c). */
    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 1, 1, K_BCAST);
    t->flip = 1;
    expect_abort("D5: V_2 differs at party 1 (party 0's view)", &tp, NULL,
        -1, 0, 0x1, DUET_ERR_ECHO_MISMATCH, 1, 2);
    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 1, 1, K_BCAST);
    t->flip = 1;
    expect_abort("D5: V_2 differs at party 1 (party 1's view)", &tp, NULL,
        -1, 0, 0x2, DUET_ERR_ECHO_MISMATCH, 0, 2);

    /* A wrong echo from party 2 names party 2. */
    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 2, K_BCAST);
    t->off = 5;
    t->flip = 1;
    expect_abort("D5: a wrong echo from party 2", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_ECHO_MISMATCH, 2, 2);
}


/* D6: loaded shares are validated (duet_keyshare_inspect). */
static void
test_d6(void)
{
    uint8_t *share[3], blob[256], pt[33];
    size_t len[3];
    struct duet_keyshare ks;
    struct duet_point p, g;
    struct duet_scalar one;
    const size_t off_x = 12, off_X = 44, off_Y = 44 + 99;

    if (tp_keygen(LEVEL, "kg-d6", share, len) != 0 || len[0] > sizeof(blob)
        || len[0] != off_Y + 33)
    {
        bail("keygen for D6");
    }
    if (duet_keyshare_parse(&ks, share[0], len[0]) != 0) {
        bail("parse");
    }
    {
        uint8_t xb[32];

        duet_scalar_to_bytes(xb, &ks.x);
        ok(memcmp(share[0] + off_x, xb, 32) == 0,
            "D6: blob layout as expected (x at 12)");
        duet_memclear(xb, sizeof(xb));
    }
    duet_scalar_set_u64(&one, 1);
    if (duet_point_mul_gen(&g, &one) != 0) {
        bail("G");
    }

    memcpy(blob, share[0], len[0]);
    be32_inc(blob + off_x);
    is_int(DUET_ERR_PROTOCOL, duet_keyshare_inspect(NULL, blob, len[0]),
        "D6: a share with x G != X_i is refused");
    memcpy(blob, share[0], len[0]);
    memset(blob + off_x, 0, 32);
    is_int(DUET_ERR_ZERO_SCALAR, duet_keyshare_inspect(NULL, blob, len[0]),
        "D6: a share with x = 0 is refused");
    memcpy(blob, share[0], len[0]);
    memcpy(blob + off_x, duet_curve_order_bytes, 32);
    is_int(DUET_ERR_NON_CANONICAL, duet_keyshare_inspect(NULL, blob, len[0]),
        "D6/C5: a share with x = q is refused");

    /* Public shares off the line through Y. */
    memcpy(blob, share[0], len[0]);
    duet_point_add(&p, &ks.X[2], &g);
    (void) duet_point_encode(pt, &p, 0);
    memcpy(blob + off_X + 66, pt, 33);
    is_int(DUET_ERR_PROTOCOL, duet_keyshare_inspect(NULL, blob, len[0]),
        "D6: X_2 off the line through Y, X_0, X_1 is refused");
    memcpy(blob, share[0], len[0]);
    duet_point_add(&p, &ks.Y, &g);
    (void) duet_point_encode(pt, &p, 0);
    memcpy(blob + off_Y, pt, 33);
    is_int(DUET_ERR_PROTOCOL, duet_keyshare_inspect(NULL, blob, len[0]),
        "D6: Y off the line is refused");
    memcpy(blob, share[0], len[0]);
    memset(blob + off_X + 33, 0, 33);
    ok(duet_keyshare_inspect(NULL, blob, len[0]) != 0,
        "D6: X_1 = identity is refused");
    memcpy(blob, share[0], len[0]);
    memset(blob + off_Y, 0, 33);
    ok(duet_keyshare_inspect(NULL, blob, len[0]) != 0,
        "D6: Y = identity is refused");
    is_int(0, duet_keyshare_inspect(NULL, share[0], len[0]),
        "D6: the untouched share still inspects");

    duet_keyshare_clear(&ks);
    tp_free_blobs(share, 3);
}


static void
test_bad_schnorr(void)
{
    struct tampers tp;
    struct tamper *t;

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 4, K_BCAST);
    t->inc = 1;
    expect_abort("Schnorr: z_2 + 1", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_PROOF_INVALID, 2, 4);
}


/*
 * C4 (transcript binding): party 2 answers its committed A_2 for the
 * right X_2 and rid, but under another sid.
 */
static struct duet_scalar c4_tau;
static uint8_t c4_honest_z[32];
static int c4_honest_ok;

static void
c4_prep(struct tp_run *run, struct tampers *tp)
{
    struct duet_keygen_test_view v;

    (void) tp;
    if (duet_keygen_test_view(run->s[2], &v) != 0) {
        bail("view");
    }
    c4_tau = v.tau;
    duet_memclear(&v, sizeof(v));
}


static void
c4_respond(const struct tp_run *run, const uint8_t *sid,
    struct duet_scalar *z)
{
    struct duet_keygen_test_view v;
    struct duet_zk_ctx ctx;
    struct duet_zk_sch_nonce nonce;
    struct duet_zk_sch_stmt stmt;
    struct duet_zk_sch_wit wit;
    struct duet_zk_sch_proof proof;

    if (duet_keygen_test_view(run->s[2], &v) != 0) {
        bail("view");
    }
    memset(&ctx, 0, sizeof(ctx));
    ctx.level = duet_level_get(LEVEL);
    ctx.sid = sid;
    ctx.sid_len = 32;
    ctx.prover = 2;
    ctx.rho = v.rid;
    ctx.rho_len = 32;
    stmt.x = v.big_x[2];
    wit.x = v.x;
    duet_zk_sch_proof_init(&proof);
    if (duet_zk_sch_nonce_load(&nonce, &c4_tau) != 0
        || duet_zk_sch_respond(&ctx, &proof, &stmt, &wit, &nonce) != 0)
    {
        bail("respond");
    }
    *z = proof.z;
    duet_memclear(&v, sizeof(v));
    duet_scalar_clear(&wit.x);
}


static void
c4_hook(struct tamper *t, struct tp_run *run, const uint8_t *p, size_t plen)
{
    struct duet_scalar z;
    uint8_t sid[32];

    if (t->dlen != 0) {
        return;
    }
    /* Control: under the session's own sid we get the honest z. */
    c4_respond(run, run->s[2]->sid, &z);
    duet_scalar_to_bytes(c4_honest_z, &z);
    c4_honest_ok = plen == 32 && memcmp(p, c4_honest_z, 32) == 0;
    tp_sid(sid, "keygen-c4-other", 0);
    c4_respond(run, sid, &z);
    duet_scalar_to_bytes(t->data, &z);
    t->dlen = 32;
}


static void
test_c4(void)
{
    struct tampers tp;
    struct tamper *t;

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 4, K_BCAST);
    t->edit = 1;
    t->cut = SIZE_MAX;
    t->hook = c4_hook;
    expect_abort("C4: Schnorr response of another sid", &tp, c4_prep, -1, 0,
        0x3, DUET_ERR_PROOF_INVALID, 2, 4);
    ok(c4_honest_ok, "C4: control: the same response under our sid is the "
        "honest one");
    duet_scalar_clear(&c4_tau);
}


static void
test_c5(void)
{
    struct tampers tp;
    struct tamper *t;
    struct duet_point p;
    uint8_t x[33];
    unsigned c;

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 0, 3, K_P2P);
    tamper_set_payload(t, duet_curve_order_bytes, 32);
    expect_abort("C5: sigma = q", &tp, NULL, -1, 0, 0x1,
        DUET_ERR_NON_CANONICAL, 2, 3);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 4, K_BCAST);
    memset(x, 0xff, 32);
    tamper_set_payload(t, x, 32);
    expect_abort("C5: Schnorr z = 2^256 - 1", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_NON_CANONICAL, 2, 4);

    /* Uncompressed S_0: 04 || x || y in place of the 33 bytes. */
    {
        struct tampers obs;
        struct tp_run run;
        uint8_t sid[32], unc[65];
        size_t ulen = sizeof(unc);

        memset(&obs, 0, sizeof(obs));
        tamper_add(&obs, 2, 0, 3, K_BCAST);
        tp_sid(sid, "keygen-c5-observe", 0);
        start3(&run, sid, LEVEL);
        run.tamper = tamper_cb;
        run.tamper_arg = &obs;
        obs.run = &run;
        if (tp_run(&run) != 0
            || duet_point_parse(&p, obs.t[0].seen + OFF_S0, 33, 0) != 0
            || !secp256k1_ec_pubkey_serialize(secp256k1_context_static, unc,
                &ulen, &p.pk, SECP256K1_EC_UNCOMPRESSED))
        {
            bail("uncompressed point");
        }
        tp_run_free(&run);
        memset(&tp, 0, sizeof(tp));
        t = tamper_add(&tp, 2, -1, 3, K_BCAST);
        t->edit = 1;
        t->off = OFF_S0;
        t->cut = 33;
        memcpy(t->data, unc, 65);
        t->dlen = 65;
        expect_abort("C5: uncompressed S_20", &tp, NULL, -1, 0, 0x3,
            DUET_ERR_BAD_ENCODING, 2, 3);
    }

    /* An x with no point on the curve. */
    x[0] = 0x02;
    memset(x + 1, 0, 32);
    for (c = 1; c < 256; c++) {
        x[32] = (uint8_t) c;
        if (duet_point_parse(&p, x, 33, 0) == DUET_ERR_BAD_ENCODING) {
            break;
        }
    }
    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 3, K_BCAST);
    t->edit = 1;
    t->off = OFF_A;
    t->cut = 33;
    memcpy(t->data, x, 33);
    t->dlen = 33;
    expect_abort("C5: A_2 off the curve", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_BAD_ENCODING, 2, 3);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 3, K_BCAST);
    t->edit = 1;
    t->off = OFF_S1;
    t->cut = 33;
    memset(t->data, 0, 33);
    t->dlen = 33;
    expect_abort("C5: S_21 = infinity", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_INFINITY, 2, 3);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 3, K_BCAST);
    t->edit = 1;
    t->off = DECOMMIT_LEN;
    t->dlen = 1;
    expect_abort("C5: a byte after the decommitment", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_TRAILING_DATA, 2, 3);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 1, K_BCAST);
    t->edit = 1;
    t->off = 32;
    t->dlen = 1;
    expect_abort("C5: a byte after V_2", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_TRAILING_DATA, 2, 1);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 3, K_BCAST);
    t->edit = 1;
    t->off = DECOMMIT_LEN - 1;
    t->cut = 1;
    expect_abort("C5: a decommitment one byte short", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_TRUNCATED, 2, 3);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 3, K_BCAST);
    t->edit = 1;
    t->off = OFF_NS;
    t->cut = 1;
    t->dlen = 1;
    t->data[0] = DUET_KEYGEN_MAX_POINTS + 1;
    expect_abort("C5: a Feldman count over the limit", &tp, NULL, -1, 0, 0x3,
        DUET_ERR_LIMIT_EXCEEDED, 2, 3);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, -1, 2, K_BCAST);
    t->edit = 1;
    t->off = 32;
    t->dlen = DUET_KEYGEN_SMALL_MAX;
    expect_abort("F4: an oversized echo is refused before parsing", &tp,
        NULL, -1, 0, 0x3, DUET_ERR_LIMIT_EXCEEDED, 2, 2);
}


static void
test_f1_f2(void)
{
    struct tampers tp;
    struct tamper *t;
    uint8_t other[32];

    tp_sid(other, "keygen-foreign", 0);
    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 0, 2, K_BCAST);
    t->sid = other;
    expect_abort("F1: a message with a foreign sid", &tp, NULL, -1, 0, 0x1,
        DUET_ERR_WRONG_SESSION, 2, 2);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 0, 1, K_BCAST);
    t->set_sender = 3;
    expect_abort("F2: unknown sender index 3", &tp, NULL, -1, 0, 0x1,
        DUET_ERR_UNKNOWN_SENDER, 3, 1);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 0, 3, K_P2P);
    t->set_rcpt = DUET_BROADCAST;
    expect_abort("F2: the p2p share presented as a broadcast", &tp, NULL,
        -1, 0, 0x1, DUET_ERR_DUPLICATE, 2, 3);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 0, 1, K_BCAST);
    t->set_rcpt = 0;
    expect_abort("F2: the round-1 broadcast presented as p2p", &tp, NULL,
        -1, 0, 0x1, DUET_ERR_PROTOCOL, 2, 1);

    memset(&tp, 0, sizeof(tp));
    t = tamper_add(&tp, 2, 0, 3, K_P2P);
    t->set_rcpt = 1;
    expect_abort("F2: a p2p message addressed to another party", &tp, NULL,
        -1, 0, 0x1, DUET_ERR_PROTOCOL, 2, 3);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    if (duet_init() != 0) {
        bail("duet_init");
    }
    duet_rand_test_seed(tap_seed());

    test_honest(DUET_LEVEL_112);
    test_honest(DUET_LEVEL_128);
    test_determinism();
    test_manual();
    test_d1();
    test_d2();
    test_d3();
    test_d4();
    test_d5();
    test_d6();
    test_bad_schnorr();
    test_c4();
    test_c5();
    test_f1_f2();
    return 0;
}
