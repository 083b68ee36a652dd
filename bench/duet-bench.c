/*
 * duet-bench.c -- the protocol benchmark: keygen, aux-info (primes given),
 * presign and sign of duet's CGGMP24 2-of-3 at each security level, next
 * to the DKLs23 peer (bench/peers/dkls23) run in the same invocation.
 *
 * Every party runs in this one thread, one after another, through a small
 * in-memory router built on the public API only (duet_session.h): no
 * network, no encryption of point-to-point messages.  Per phase and run:
 *
 *   wall     CLOCK_MONOTONIC around the whole phase, all parties together
 *            (the sum of their work, not a networked run's latency);
 *   CPU      CLOCK_THREAD_CPUTIME_ID around each party's own start and
 *            step calls, so each party's share is exact; the table gives
 *            the slowest party and the mean;
 *   bytes    the envelope length of every message a party sends, once per
 *            recipient (a broadcast to two parties counts twice);
 *   rounds   message rounds, i.e. routing passes that delivered anything;
 *   calls    the CPU split by call (start, then one step per round), to
 *            show where the time goes.
 *
 * Each run is a chain: a fresh keygen, an aux-info on four test primes per
 * party, a presignature of signers {0, 1} with those shares (timed after
 * one untimed presign that fills the process's ring-Pedersen table cache,
 * as a service presigning many times per aux would have it), and the
 * signature of an EIP-191 message with it.  The signature is checked with
 * libsecp256k1 against the keygen's public key (and the recovery id
 * against it too) before the run counts: a broken run exits 1.
 *
 * The primes come from tests/vectors/safe-primes-{1024,1536}.txt under
 * --srcdir.  They are published: fine for timing, never for a real key.
 *
 * Results are printed and, with --out=DIR, written to DIR/duet-bench.json
 * (summary and every raw sample, with the peer's own JSON) and
 * DIR/duet-bench.csv.  Targets are reported, never asserted.
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "duet.h"
#include "duet_aux.h"
#include "duet_eth.h"
#include "duet_keygen.h"
#include "duet_keyshare.h"
#include "duet_session.h"
#include "duet_sign.h"
#include "duet_util.h"

#if defined(__GNUC__)
#define DB_PRINTF(fmt, args)  __attribute__((__format__(__printf__, fmt, args)))
#else
#define DB_PRINTF(fmt, args)
#endif

#define DB_SUITE         "duet-bench"
#define DB_PARTIES       3
#define DB_SIGNERS       2
#define DB_MAX_RUNS      101
#define DB_MAX_LEVELS    2
/* Messages one party may receive in one round (two peers, a few each). */
#define DB_MAILBOX       8
/* Routing passes after which a session that has not finished is stuck. */
#define DB_MAX_PASSES    16
#define DB_MAX_CALLS     (DB_MAX_PASSES + 1)
#define DB_MAX_PRIMES    64
#define DB_PRIME_MAX     256
/* Primes aux-info takes per run: four for each of three parties. */
#define DB_PRIMES_RUN    (4 * DB_PARTIES)
#define DB_SID_LEN       32
/* The peer's JSON is a few KB; anything near this is not the peer. */
#define DB_PEER_OUT_MAX  (4u << 20)

enum {
    DB_KEYGEN,
    DB_AUX,
    DB_PRESIGN,
    DB_SIGN,
    DB_PRESIGN_SIGN,            /* derived: presign + sign, per party */
    DB_NPHASES
};

static const char *const db_phase_name[DB_NPHASES] = {
    "keygen", "aux-info", "presign", "sign", "presign+sign"
};

static const int db_phase_parties[DB_NPHASES] = {
    DB_PARTIES, DB_PARTIES, DB_SIGNERS, DB_SIGNERS, DB_SIGNERS
};

/* One phase of one run. */
struct db_sample {
    double wall_ms;
    double cpu_ms[DB_PARTIES];      /* by position: signer i is party i */
    unsigned long bytes[DB_PARTIES];
    unsigned long msgs[DB_PARTIES];
    double crit_ms;                 /* sum over calls of the slowest
                                       party's CPU in that call */
    int rounds;
    /* CPU per call and party: call 0 is the start, call k the step on
       round k's messages (none for presign+sign). */
    double call_ms[DB_MAX_CALLS][DB_PARTIES];
    int ncalls;
};

/* Medians over the runs of one phase. */
struct db_summary {
    double wall_ms;
    double cpu_max_ms;              /* of the per-run slowest party */
    double cpu_mean_ms;             /* of the per-run mean over parties */
    double bytes_max;
    double bytes_mean;
    double msgs_mean;
    double crit_ms;
    double rounds;
    double call_max_ms[DB_MAX_CALLS];   /* slowest party, per call */
    int ncalls;
};

struct db_level {
    int level;
    struct db_sample sample[DB_NPHASES][DB_MAX_RUNS];
    struct db_summary sum[DB_NPHASES];
    size_t share_bytes;
    size_t aux_bytes;
    size_t presig_bytes;
};

/* A phase of the peer, from its JSON. */
struct db_peer_phase {
    int present;
    int parties;
    double rounds;
    double wall_total_ms;
    double cpu_ms;                  /* per party: process CPU / parties */
    double bytes;                   /* per party: total / parties */
    double msgs;
    size_t nsamples;
    double s_wall_ms[DB_MAX_RUNS];  /* per party, as the peer gives it */
    double s_cpu_ms[DB_MAX_RUNS];
    double s_bytes_total[DB_MAX_RUNS];
};

/* The peer phases, in the order of ours (no aux-info in DKLs23). */
static const int db_peer_of[DB_NPHASES] = { 0, -1, 1, 2, 3 };
static const char *const db_peer_key[3] = { "keygen", "presign", "sign" };

struct db_peer {
    int tried;
    int available;
    char reason[512];
    json_object *json;
    char package[128];
    char node[64];
    struct db_peer_phase ph[4];     /* keygen, presign, sign, presign+sign */
};

struct db_primes {
    uint8_t p[DB_MAX_PRIMES][DB_PRIME_MAX];
    size_t len[DB_MAX_PRIMES];
    size_t n;
    char path[4096];
};

/* What one run hands from phase to phase (all SECRET but the last two). */
struct db_blobs {
    uint8_t *share[DB_PARTIES];
    size_t share_len[DB_PARTIES];
    uint8_t *aux[DB_PARTIES];
    size_t aux_len[DB_PARTIES];
    uint8_t *presig[DB_SIGNERS];
    size_t presig_len[DB_SIGNERS];
    uint8_t pubkey[33];
    uint8_t sig[DUET_SIGNATURE_BYTES];
};

/* The in-memory network of one phase. */
struct db_net {
    int n;
    int party[DB_PARTIES];          /* keygen index at each position */
    struct duet_session *s[DB_PARTIES];
    struct db_sample *smp;
};

struct db_mail {
    uint8_t *msg[DB_MAILBOX];
    size_t len[DB_MAILBOX];
    size_t n;
};

static struct {
    int runs;
    int quick;
    int peer;
    int levels[DB_MAX_LEVELS];
    int nlevels;
    const char *out_dir;
    const char *srcdir;
} db_opt = { 5, 0, 1, { DUET_LEVEL_112, DUET_LEVEL_128 }, 2, NULL, NULL };

/* Where the current phase is, for error messages. */
static char db_where[64];

static secp256k1_context *db_secp;

/* The signer pair of every presign and sign. */
static const int db_signers[DB_SIGNERS] = { 0, 1 };

static struct db_level db_levels[DB_MAX_LEVELS];
static struct db_peer db_peer;

/* 1-minute load averages before and after (-1: unknown). */
static double db_load[2] = { -1, -1 };


static void db_fail(const char *fmt, ...) DB_PRINTF(1, 2);
static void db_progress(const char *fmt, ...) DB_PRINTF(1, 2);


static void
db_fail(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "duet-bench: %s: ", db_where);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}


static void
db_progress(const char *fmt, ...)
{
    va_list ap;

    fputs("duet-bench: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}


static double
db_clock_ms(clockid_t id)
{
    struct timespec ts;

    if (clock_gettime(id, &ts) != 0) {
        fprintf(stderr, "duet-bench: clock_gettime failed\n");
        exit(2);
    }
    return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}


static double
db_cpu_ms(void)
{
    return db_clock_ms(CLOCK_THREAD_CPUTIME_ID);
}


static double
db_wall_ms(void)
{
    return db_clock_ms(CLOCK_MONOTONIC);
}


static int
db_cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return (x > y) - (x < y);
}


/* Median of n values (the mean of the middle two when n is even). */
static double
db_median(const double *v, size_t n)
{
    double tmp[DB_MAX_RUNS];

    if (n == 0) {
        return 0;
    }
    memcpy(tmp, v, n * sizeof(*v));
    qsort(tmp, n, sizeof(*tmp), db_cmp_double);
    return n % 2 == 1 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}


static void
db_free_blob(uint8_t **b, size_t len)
{
    if (*b != NULL) {
        duet_memclear(*b, len);
        free(*b);
        *b = NULL;
    }
}


static void
db_blobs_free(struct db_blobs *bl)
{
    int i;

    for (i = 0; i < DB_PARTIES; i++) {
        db_free_blob(&bl->share[i], bl->share_len[i]);
        db_free_blob(&bl->aux[i], bl->aux_len[i]);
    }
    for (i = 0; i < DB_SIGNERS; i++) {
        db_free_blob(&bl->presig[i], bl->presig_len[i]);
    }
}


/* Copy a DONE session's result into a malloc'd buffer. */
static int
db_result(struct duet_session *s, uint8_t **out, size_t *len)
{
    int r;

    *out = NULL;
    *len = 0;
    if ((r = duet_session_result(s, NULL, len)) != DUET_ERR_BUFFER_TOO_SMALL)
    {
        return r == 0 ? DUET_ERR_INTERNAL : r;
    }
    if ((*out = malloc(*len)) == NULL) {
        return DUET_ERR_NO_MEMORY;
    }
    if ((r = duet_session_result(s, *out, len)) != 0) {
        free(*out);
        *out = NULL;
    }
    return r;
}


/* Charge t ms of CPU to the party at position i, for call (0: start). */
static void
db_charge(struct db_sample *smp, int call, int i, double t)
{
    smp->cpu_ms[i] += t;
    smp->call_ms[call][i] += t;
    if (call >= smp->ncalls) {
        smp->ncalls = call + 1;
    }
}


/* crit_ms from call_ms, once the phase is over. */
static void
db_crit(struct db_sample *smp, int parties)
{
    double m;
    int c, i;

    smp->crit_ms = 0;
    for (c = 0; c < smp->ncalls; c++) {
        for (m = 0, i = 0; i < parties; i++) {
            m = smp->call_ms[c][i] > m ? smp->call_ms[c][i] : m;
        }
        smp->crit_ms += m;
    }
}


static void
db_net_init(struct db_net *net, int n, struct db_sample *smp)
{
    memset(net, 0, sizeof(*net));
    memset(smp, 0, sizeof(*smp));
    net->n = n;
    net->smp = smp;
}


static void
db_net_free(struct db_net *net)
{
    int i;

    for (i = 0; i < net->n; i++) {
        duet_session_destroy(net->s[i]);
        net->s[i] = NULL;
    }
}


static void
db_mail_free(struct db_mail *m)
{
    size_t k;

    for (k = 0; k < m->n; k++) {
        duet_memclear(m->msg[k], m->len[k]);
        free(m->msg[k]);
    }
    m->n = 0;
}


static void
db_blame_print(int r, const struct duet_blame *b)
{
    if (b->party == DUET_PARTY_NONE) {
        db_fail("%s (%s), nobody blamed", duet_errname(r), duet_strerror(r));
    } else {
        db_fail("%s (%s), blame: party %d, round %d, %s", duet_errname(r),
            duet_strerror(r), b->party, b->round, duet_errname(b->reason));
    }
}


/*
 * Route every message the sessions produced to its recipients, step each
 * running session on its mail, and repeat until all are DONE.  The
 * routing (copies, duet_msg_peek) is outside the per-party CPU timers.
 */
static int
db_net_drive(struct db_net *net)
{
    struct db_mail mail[DB_PARTIES];
    struct duet_msg_info info;
    struct duet_blame blame;
    const uint8_t *p;
    size_t plen, k, cnt;
    int fresh[DB_PARTIES];
    int i, j, rcpt, pass, done, delivered;
    double c0;
    int r = DUET_ERR_INTERNAL;

    memset(mail, 0, sizeof(mail));
    for (i = 0; i < net->n; i++) {
        fresh[i] = 1;
    }

    for (pass = 0;; pass++) {
        if (pass == DB_MAX_PASSES) {
            db_fail("no end after %d rounds", pass);
            goto out;
        }

        delivered = 0;
        for (i = 0; i < net->n; i++) {
            if (!fresh[i]) {
                continue;
            }
            fresh[i] = 0;
            cnt = duet_session_outgoing_count(net->s[i]);
            for (k = 0; k < cnt; k++) {
                if ((r = duet_session_outgoing(net->s[i], k, &p, &plen,
                        &rcpt)) != 0
                    || (r = duet_msg_peek(&info, p, plen)) != 0)
                {
                    db_fail("party %d's outgoing message %zu: %s",
                        net->party[i], k, duet_errname(r));
                    goto out;
                }
                if (info.sender != net->party[i] || info.recipient != rcpt)
                {
                    db_fail("party %d sent a message from %d to %d "
                        "(routed to %d)", net->party[i], info.sender,
                        info.recipient, rcpt);
                    r = DUET_ERR_INTERNAL;
                    goto out;
                }
                for (j = 0; j < net->n; j++) {
                    if (j == i
                        || (rcpt != DUET_BROADCAST && rcpt != net->party[j]))
                    {
                        continue;
                    }
                    if (mail[j].n == DB_MAILBOX) {
                        db_fail("more than %d messages for party %d in one "
                            "round", DB_MAILBOX, net->party[j]);
                        r = DUET_ERR_INTERNAL;
                        goto out;
                    }
                    if ((mail[j].msg[mail[j].n] = malloc(plen)) == NULL) {
                        r = DUET_ERR_NO_MEMORY;
                        db_fail("out of memory");
                        goto out;
                    }
                    memcpy(mail[j].msg[mail[j].n], p, plen);
                    mail[j].len[mail[j].n++] = plen;
                    net->smp->bytes[i] += (unsigned long) plen;
                    net->smp->msgs[i]++;
                    delivered++;
                }
            }
        }
        if (delivered > 0) {
            net->smp->rounds++;
        }

        done = 1;
        for (i = 0; i < net->n; i++) {
            if (duet_session_status(net->s[i]) != DUET_SESSION_DONE) {
                done = 0;
            }
        }
        if (done) {
            break;
        }
        if (delivered == 0) {
            db_fail("stalled in round %d: nothing to deliver",
                net->smp->rounds + 1);
            r = DUET_ERR_MISSING_MESSAGE;
            goto out;
        }

        for (i = 0; i < net->n; i++) {
            if (duet_session_status(net->s[i]) != DUET_SESSION_RUNNING) {
                db_mail_free(&mail[i]);
                continue;
            }
            c0 = db_cpu_ms();
            r = duet_session_step(net->s[i],
                (const uint8_t *const *) mail[i].msg, mail[i].len,
                mail[i].n, &blame);
            db_charge(net->smp, pass + 1, i, db_cpu_ms() - c0);
            db_mail_free(&mail[i]);
            if (r != 0) {
                db_fail("party %d, step on round %d:", net->party[i],
                    net->smp->rounds);
                db_blame_print(r, &blame);
                goto out;
            }
            fresh[i] = 1;
        }
    }
    db_crit(net->smp, net->n);
    r = 0;

out:
    for (i = 0; i < net->n; i++) {
        db_mail_free(&mail[i]);
    }
    return r;
}




static int
db_fresh_sid(uint8_t sid[DB_SID_LEN])
{
    int r;

    if ((r = duet_random_bytes(sid, DB_SID_LEN)) != 0) {
        db_fail("duet_random_bytes: %s", duet_errname(r));
    }
    return r;
}


static int
db_keygen(int level, struct db_sample *smp, struct db_blobs *bl)
{
    struct db_net net;
    struct duet_keyshare_info info;
    uint8_t sid[DB_SID_LEN];
    double w0, c0;
    int i, r;

    db_net_init(&net, DB_PARTIES, smp);
    if ((r = db_fresh_sid(sid)) != 0) {
        goto out;
    }
    w0 = db_wall_ms();
    for (i = 0; i < DB_PARTIES; i++) {
        net.party[i] = i;
        c0 = db_cpu_ms();
        r = duet_keygen_start(&net.s[i], sid, sizeof(sid), level, i);
        db_charge(smp, 0, i, db_cpu_ms() - c0);
        if (r != 0) {
            db_fail("duet_keygen_start(party %d): %s", i, duet_errname(r));
            goto out;
        }
    }
    if ((r = db_net_drive(&net)) != 0) {
        goto out;
    }
    smp->wall_ms = db_wall_ms() - w0;

    /* Every share must parse, be the party's, and name one public key. */
    for (i = 0; i < DB_PARTIES; i++) {
        if ((r = db_result(net.s[i], &bl->share[i], &bl->share_len[i]))
            != 0 || (r = duet_keyshare_inspect(&info, bl->share[i],
                bl->share_len[i])) != 0)
        {
            db_fail("party %d's key share: %s", i, duet_errname(r));
            goto out;
        }
        if (info.index != i || info.level != level
            || (i > 0 && memcmp(info.pubkey, bl->pubkey, 33) != 0))
        {
            db_fail("party %d's key share disagrees (index %d, level %d)",
                i, info.index, info.level);
            r = DUET_ERR_INTERNAL;
            goto out;
        }
        memcpy(bl->pubkey, info.pubkey, 33);
    }
    r = 0;

out:
    db_net_free(&net);
    return r;
}


static int
db_aux(int level, const struct db_primes *pr, int run, struct db_sample *smp,
    struct db_blobs *bl)
{
    struct db_net net;
    struct duet_aux_info info;
    uint8_t sid[DB_SID_LEN], id0[32];
    const uint8_t *pp[4];
    size_t pl[4], base, idx;
    double w0, c0;
    int i, k, r;

    db_net_init(&net, DB_PARTIES, smp);
    if ((r = db_fresh_sid(sid)) != 0) {
        goto out;
    }
    /* Rotate through the file so that runs differ; 12 distinct a run. */
    base = ((size_t) run * 4) % pr->n;
    w0 = db_wall_ms();
    for (i = 0; i < DB_PARTIES; i++) {
        for (k = 0; k < 4; k++) {
            idx = (base + 4 * (size_t) i + (size_t) k) % pr->n;
            pp[k] = pr->p[idx];
            pl[k] = pr->len[idx];
        }
        net.party[i] = i;
        c0 = db_cpu_ms();
        r = duet_aux_start(&net.s[i], sid, sizeof(sid), level, i, pp, pl);
        db_charge(smp, 0, i, db_cpu_ms() - c0);
        if (r != 0) {
            db_fail("duet_aux_start(party %d): %s", i, duet_errname(r));
            goto out;
        }
    }
    if ((r = db_net_drive(&net)) != 0) {
        goto out;
    }
    smp->wall_ms = db_wall_ms() - w0;

    for (i = 0; i < DB_PARTIES; i++) {
        if ((r = db_result(net.s[i], &bl->aux[i], &bl->aux_len[i])) != 0
            || (r = duet_aux_inspect(&info, bl->aux[i], bl->aux_len[i]))
            != 0)
        {
            db_fail("party %d's aux info: %s", i, duet_errname(r));
            goto out;
        }
        if (info.index != i || info.level != level
            || (i > 0 && memcmp(info.id, id0, sizeof(id0)) != 0))
        {
            db_fail("party %d's aux info disagrees", i);
            r = DUET_ERR_INTERNAL;
            goto out;
        }
        memcpy(id0, info.id, sizeof(id0));
    }
    r = 0;

out:
    db_net_free(&net);
    return r;
}


static int
db_presign(struct db_sample *smp, struct db_blobs *bl)
{
    struct db_net net;
    uint8_t sid[DB_SID_LEN];
    double w0, c0;
    int i, who, r;

    db_net_init(&net, DB_SIGNERS, smp);
    if ((r = db_fresh_sid(sid)) != 0) {
        goto out;
    }
    w0 = db_wall_ms();
    for (i = 0; i < DB_SIGNERS; i++) {
        who = db_signers[i];
        net.party[i] = who;
        c0 = db_cpu_ms();
        r = duet_presign_start(&net.s[i], sid, sizeof(sid), bl->share[who],
            bl->share_len[who], bl->aux[who], bl->aux_len[who], db_signers,
            NULL);
        db_charge(smp, 0, i, db_cpu_ms() - c0);
        if (r != 0) {
            db_fail("duet_presign_start(party %d): %s", who,
                duet_errname(r));
            goto out;
        }
    }
    if ((r = db_net_drive(&net)) != 0) {
        goto out;
    }
    smp->wall_ms = db_wall_ms() - w0;

    for (i = 0; i < DB_SIGNERS; i++) {
        if ((r = db_result(net.s[i], &bl->presig[i], &bl->presig_len[i]))
            != 0)
        {
            db_fail("party %d's presignature: %s", db_signers[i],
                duet_errname(r));
            goto out;
        }
    }

out:
    db_net_free(&net);
    return r;
}


/*
 * Check sig (r || s || recid) on the EIP-191 hash of msg under pubkey,
 * that the recovery id recovers pubkey, and that another message fails.
 */
static int
db_verify(const uint8_t pubkey[33], const uint8_t *msg, size_t msg_len,
    const uint8_t sig[DUET_SIGNATURE_BYTES])
{
    secp256k1_pubkey pk, rec;
    secp256k1_ecdsa_signature es;
    secp256k1_ecdsa_recoverable_signature rs;
    uint8_t hash[DUET_ETH_HASH_BYTES], other[DUET_ETH_HASH_BYTES];
    uint8_t ser[33];
    size_t ser_len = sizeof(ser);
    int r;

    if ((r = duet_eth_personal_hash(hash, msg, msg_len)) != 0
        || (r = duet_eth_personal_hash(other, msg, msg_len - 1)) != 0)
    {
        db_fail("duet_eth_personal_hash: %s", duet_errname(r));
        return -1;
    }
    if (!secp256k1_ec_pubkey_parse(db_secp, &pk, pubkey, 33)
        || !secp256k1_ecdsa_signature_parse_compact(db_secp, &es, sig))
    {
        db_fail("the public key or the signature does not parse");
        return -1;
    }
    if (!secp256k1_ecdsa_verify(db_secp, &es, hash, &pk)) {
        db_fail("THE SIGNATURE DOES NOT VERIFY");
        return -1;
    }
    if (secp256k1_ecdsa_verify(db_secp, &es, other, &pk)) {
        db_fail("the signature verifies for another message");
        return -1;
    }
    if (sig[64] > 3
        || !secp256k1_ecdsa_recoverable_signature_parse_compact(db_secp,
            &rs, sig, sig[64])
        || !secp256k1_ecdsa_recover(db_secp, &rec, &rs, hash)
        || !secp256k1_ec_pubkey_serialize(db_secp, ser, &ser_len, &rec,
            SECP256K1_EC_COMPRESSED)
        || memcmp(ser, pubkey, 33) != 0)
    {
        db_fail("the recovery id %u does not recover the key", sig[64]);
        return -1;
    }
    return 0;
}


static int
db_sign(int level, int run, struct db_sample *smp, struct db_blobs *bl)
{
    struct db_net net;
    struct duet_presig *tok = NULL;
    char msg[96];
    uint8_t *res[DB_SIGNERS] = { NULL, NULL };
    size_t res_len[DB_SIGNERS], msg_len;
    double w0, c0;
    int i, r;

    db_net_init(&net, DB_SIGNERS, smp);
    msg_len = (size_t) snprintf(msg, sizeof(msg),
        "duet-bench: level %d, run %d", level, run + 1);
    w0 = db_wall_ms();
    for (i = 0; i < DB_SIGNERS; i++) {
        net.party[i] = db_signers[i];
        /* Taking the presignature is part of signing: time it too. */
        c0 = db_cpu_ms();
        r = duet_presig_take(&tok, bl->presig[i], bl->presig_len[i]);
        if (r == 0) {
            r = duet_sign_start(&net.s[i], tok, DUET_SIGN_ETH_PERSONAL,
                (const uint8_t *) msg, msg_len, NULL);
            tok = NULL;
        }
        db_charge(smp, 0, i, db_cpu_ms() - c0);
        if (r != 0) {
            db_fail("party %d: take or sign_start: %s", db_signers[i],
                duet_errname(r));
            goto out;
        }
    }
    if ((r = db_net_drive(&net)) != 0) {
        goto out;
    }
    smp->wall_ms = db_wall_ms() - w0;

    for (i = 0; i < DB_SIGNERS; i++) {
        if ((r = db_result(net.s[i], &res[i], &res_len[i])) != 0) {
            db_fail("party %d's signature: %s", db_signers[i],
                duet_errname(r));
            goto out;
        }
    }
    r = DUET_ERR_INTERNAL;
    if (res_len[0] != DUET_SIGNATURE_BYTES || res_len[1] != res_len[0]
        || memcmp(res[0], res[1], res_len[0]) != 0)
    {
        db_fail("the signers' results differ or have the wrong length");
        goto out;
    }
    memcpy(bl->sig, res[0], DUET_SIGNATURE_BYTES);
    if (db_verify(bl->pubkey, (const uint8_t *) msg, msg_len, bl->sig)
        != 0)
    {
        goto out;
    }
    r = 0;

out:
    for (i = 0; i < DB_SIGNERS; i++) {
        free(res[i]);
    }
    db_net_free(&net);
    return r;
}


/* Read the hex primes of path (one per non-comment line). */
static int
db_primes_load(struct db_primes *pr, const char *srcdir, int level)
{
    char line[1024];
    size_t n, want;
    FILE *f;
    int r;

    want = level == DUET_LEVEL_128 ? DUET_PRIME_BYTES_128
        : DUET_PRIME_BYTES_112;
    snprintf(pr->path, sizeof(pr->path), "%s/tests/vectors/"
        "safe-primes-%zu.txt", srcdir, want * 8);
    pr->n = 0;
    if ((f = fopen(pr->path, "r")) == NULL) {
        fprintf(stderr, "duet-bench: cannot open %s: %s (use --srcdir)\n",
            pr->path, strerror(errno));
        return -1;
    }
    while (pr->n < DB_MAX_PRIMES && fgets(line, sizeof(line), f) != NULL) {
        n = strcspn(line, "\r\n");
        if (n == 0 || line[0] == '#') {
            continue;
        }
        if ((r = duet_hex_decode(pr->p[pr->n], DB_PRIME_MAX,
                &pr->len[pr->n], line, n)) != 0
            || pr->len[pr->n] != want)
        {
            fprintf(stderr, "duet-bench: %s: a bad prime line\n", pr->path);
            fclose(f);
            return -1;
        }
        pr->n++;
    }
    fclose(f);
    if (pr->n < DB_PRIMES_RUN) {
        fprintf(stderr, "duet-bench: %s has %zu primes, aux-info needs %d\n",
            pr->path, pr->n, DB_PRIMES_RUN);
        return -1;
    }
    return 0;
}


static void
db_presign_sign(struct db_sample *out, const struct db_sample *pre,
    const struct db_sample *sig)
{
    int i;

    memset(out, 0, sizeof(*out));
    out->wall_ms = pre->wall_ms + sig->wall_ms;
    out->crit_ms = pre->crit_ms + sig->crit_ms;
    out->rounds = pre->rounds + sig->rounds;
    for (i = 0; i < DB_SIGNERS; i++) {
        out->cpu_ms[i] = pre->cpu_ms[i] + sig->cpu_ms[i];
        out->bytes[i] = pre->bytes[i] + sig->bytes[i];
        out->msgs[i] = pre->msgs[i] + sig->msgs[i];
    }
}


static void
db_summarize(struct db_summary *sum, const struct db_sample *smp, int runs,
    int parties)
{
    double wall[DB_MAX_RUNS], cmax[DB_MAX_RUNS], cmean[DB_MAX_RUNS];
    double bmax[DB_MAX_RUNS], bmean[DB_MAX_RUNS], mmean[DB_MAX_RUNS];
    double crit[DB_MAX_RUNS], rounds[DB_MAX_RUNS];
    double v, b;
    int k, i, c;

    for (k = 0; k < runs; k++) {
        wall[k] = smp[k].wall_ms;
        crit[k] = smp[k].crit_ms;
        rounds[k] = smp[k].rounds;
        cmax[k] = cmean[k] = bmax[k] = bmean[k] = mmean[k] = 0;
        for (i = 0; i < parties; i++) {
            v = smp[k].cpu_ms[i];
            b = (double) smp[k].bytes[i];
            cmax[k] = v > cmax[k] ? v : cmax[k];
            bmax[k] = b > bmax[k] ? b : bmax[k];
            cmean[k] += v / parties;
            bmean[k] += b / parties;
            mmean[k] += (double) smp[k].msgs[i] / parties;
        }
    }
    sum->wall_ms = db_median(wall, (size_t) runs);
    sum->cpu_max_ms = db_median(cmax, (size_t) runs);
    sum->cpu_mean_ms = db_median(cmean, (size_t) runs);
    sum->bytes_max = db_median(bmax, (size_t) runs);
    sum->bytes_mean = db_median(bmean, (size_t) runs);
    sum->msgs_mean = db_median(mmean, (size_t) runs);
    sum->crit_ms = db_median(crit, (size_t) runs);
    sum->rounds = db_median(rounds, (size_t) runs);

    sum->ncalls = 0;
    for (c = 0; c < DB_MAX_CALLS; c++) {
        for (k = 0; k < runs; k++) {
            cmax[k] = 0;
            for (i = 0; i < parties; i++) {
                cmax[k] = smp[k].call_ms[c][i] > cmax[k]
                    ? smp[k].call_ms[c][i] : cmax[k];
            }
            if (smp[k].ncalls > c) {
                sum->ncalls = c + 1;
            }
        }
        sum->call_max_ms[c] = db_median(cmax, (size_t) runs);
    }
}


static int
db_bench_level(struct db_level *lv, const char *srcdir)
{
    struct db_primes *pr;
    struct db_blobs bl;
    struct db_sample warm;
    int run, ph, i, r = -1;

    memset(&bl, 0, sizeof(bl));
    memset(&warm, 0, sizeof(warm));
    if ((pr = calloc(1, sizeof(*pr))) == NULL) {
        fprintf(stderr, "duet-bench: out of memory\n");
        return -1;
    }
    if (db_primes_load(pr, srcdir, lv->level) != 0) {
        goto out;
    }
    for (run = 0; run < db_opt.runs; run++) {
        snprintf(db_where, sizeof(db_where), "level %d, run %d, keygen",
            lv->level, run + 1);
        if (db_keygen(lv->level, &lv->sample[DB_KEYGEN][run], &bl) != 0) {
            goto out;
        }
        snprintf(db_where, sizeof(db_where), "level %d, run %d, aux-info",
            lv->level, run + 1);
        if (db_aux(lv->level, pr, run, &lv->sample[DB_AUX][run], &bl) != 0)
        {
            goto out;
        }
        snprintf(db_where, sizeof(db_where), "level %d, run %d, presign",
            lv->level, run + 1);
        /*
         * Steady state: the first presign with a fresh aux builds the
         * comb tables of the peer's ring-Pedersen parameters, which the
         * process then keeps (rp_table.h); a service presigns many times
         * per aux.  So one untimed presign first, then the timed one.
         */
        if (db_presign(&warm, &bl) != 0) {
            goto out;
        }
        for (i = 0; i < DB_SIGNERS; i++) {
            db_free_blob(&bl.presig[i], bl.presig_len[i]);
        }
        if (db_presign(&lv->sample[DB_PRESIGN][run], &bl) != 0) {
            goto out;
        }
        lv->share_bytes = bl.share_len[0];
        lv->aux_bytes = bl.aux_len[0];
        lv->presig_bytes = bl.presig_len[0];
        snprintf(db_where, sizeof(db_where), "level %d, run %d, sign",
            lv->level, run + 1);
        if (db_sign(lv->level, run, &lv->sample[DB_SIGN][run], &bl) != 0) {
            goto out;
        }
        db_presign_sign(&lv->sample[DB_PRESIGN_SIGN][run],
            &lv->sample[DB_PRESIGN][run], &lv->sample[DB_SIGN][run]);
        db_progress("level %d run %d/%d: keygen %.1f ms, aux-info %.1f ms, "
            "presign %.1f ms, sign %.1f ms (wall, all parties), "
            "signature ok", lv->level, run + 1, db_opt.runs,
            lv->sample[DB_KEYGEN][run].wall_ms,
            lv->sample[DB_AUX][run].wall_ms,
            lv->sample[DB_PRESIGN][run].wall_ms,
            lv->sample[DB_SIGN][run].wall_ms);
        db_blobs_free(&bl);
    }
    for (ph = 0; ph < DB_NPHASES; ph++) {
        db_summarize(&lv->sum[ph], lv->sample[ph], db_opt.runs,
            db_phase_parties[ph]);
    }
    r = 0;

out:
    db_blobs_free(&bl);
    duet_memclear(pr, sizeof(*pr));
    free(pr);
    return r;
}


/* The peer. */

/* Find prog in $PATH.  Returns: 0, or -1. */
static int
db_which(const char *prog, char *out, size_t size)
{
    const char *path = getenv("PATH"), *p, *end;
    size_t n;

    if (strchr(prog, '/') != NULL) {
        snprintf(out, size, "%s", prog);
        return access(out, X_OK) == 0 ? 0 : -1;
    }
    for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0'; p = end) {
        end = strchr(p, ':');
        if (end == NULL) {
            end = p + strlen(p);
        }
        n = (size_t) (end - p);
        if (n > 0 && n + strlen(prog) + 2 <= size) {
            memcpy(out, p, n);
            out[n] = '/';
            strcpy(out + n + 1, prog);
            if (access(out, X_OK) == 0) {
                return 0;
            }
        }
        if (*end == ':') {
            end++;
        }
    }
    return -1;
}


/*
 * Run node script --json --runs N --warmup W and collect its standard
 * output (standard error passes through: the peer's progress).
 * Returns: the exit status (-1 if it could not be run or was killed).
 */
static int
db_peer_exec(const char *node, const char *script, char **out)
{
    char a_node[4096], a_script[4096], a_json[] = "--json";
    char a_runs[] = "--runs", a_warm[] = "--warmup", n_runs[16], n_warm[16];
    char *argv[8];
    char *buf = NULL, *nb;
    size_t len = 0, cap = 0;
    ssize_t got;
    int fd[2], status;
    pid_t pid;

    *out = NULL;
    snprintf(a_node, sizeof(a_node), "%s", node);
    snprintf(a_script, sizeof(a_script), "%s", script);
    snprintf(n_runs, sizeof(n_runs), "%d", db_opt.runs);
    snprintf(n_warm, sizeof(n_warm), "%d", db_opt.quick ? 0 : 1);
    argv[0] = a_node;
    argv[1] = a_script;
    argv[2] = a_json;
    argv[3] = a_runs;
    argv[4] = n_runs;
    argv[5] = a_warm;
    argv[6] = n_warm;
    argv[7] = NULL;

    fflush(stdout);
    fflush(stderr);
    if (pipe(fd) != 0) {
        return -1;
    }
    if ((pid = fork()) < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        close(fd[0]);
        if (dup2(fd[1], STDOUT_FILENO) < 0) {
            _exit(127);
        }
        close(fd[1]);
        execv(a_node, argv);
        _exit(127);
    }
    close(fd[1]);
    for (;;) {
        if (len + 4096 + 1 > cap) {
            if (cap >= DB_PEER_OUT_MAX
                || (nb = realloc(buf, cap + 65536)) == NULL)
            {
                break;
            }
            buf = nb;
            cap += 65536;
        }
        got = read(fd[0], buf + len, cap - len - 1);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        len += (size_t) got;
    }
    close(fd[0]);
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            free(buf);
            return -1;
        }
    }
    if (buf != NULL) {
        buf[len] = '\0';
    }
    *out = buf;
    if (!WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}


static int
db_json_num(json_object *o, const char *key, double *v)
{
    json_object *x;

    if (!json_object_object_get_ex(o, key, &x)
        || !(json_object_is_type(x, json_type_double)
            || json_object_is_type(x, json_type_int)))
    {
        return -1;
    }
    *v = json_object_get_double(x);
    return 0;
}


static int
db_peer_parse_phase(struct db_peer_phase *ph, json_object *phases,
    const char *key)
{
    json_object *o, *samples, *s;
    double parties;
    size_t k, n;

    memset(ph, 0, sizeof(*ph));
    if (!json_object_object_get_ex(phases, key, &o)
        || db_json_num(o, "parties", &parties) != 0
        || db_json_num(o, "rounds", &ph->rounds) != 0
        || db_json_num(o, "wall_ms_total_median", &ph->wall_total_ms) != 0
        || db_json_num(o, "cpu_ms_median", &ph->cpu_ms) != 0
        || db_json_num(o, "bytes_per_party", &ph->bytes) != 0
        || parties < 1 || parties > DB_PARTIES)
    {
        return -1;
    }
    ph->parties = (int) parties;
    (void) db_json_num(o, "messages_per_party", &ph->msgs);
    if (json_object_object_get_ex(o, "samples", &samples)
        && json_object_is_type(samples, json_type_array))
    {
        n = json_object_array_length(samples);
        for (k = 0; k < n && k < DB_MAX_RUNS; k++) {
            s = json_object_array_get_idx(samples, k);
            if (db_json_num(s, "wall_ms", &ph->s_wall_ms[k]) != 0
                || db_json_num(s, "cpu_ms", &ph->s_cpu_ms[k]) != 0
                || db_json_num(s, "bytes_total", &ph->s_bytes_total[k]) != 0)
            {
                return -1;
            }
        }
        ph->nsamples = k;
    }
    ph->present = 1;
    return 0;
}


static void
db_peer_unavailable(struct db_peer *peer, const char *fmt, ...)
    DB_PRINTF(2, 3);

static void
db_peer_unavailable(struct db_peer *peer, const char *fmt, ...)
{
    va_list ap;

    peer->available = 0;
    va_start(ap, fmt);
    vsnprintf(peer->reason, sizeof(peer->reason), fmt, ap);
    va_end(ap);
    db_progress("DKLs23 peer unavailable: %s", peer->reason);
}


static void
db_peer_run(struct db_peer *peer, const char *srcdir)
{
    char script[4096], mod[4096], node[4096];
    char *out = NULL;
    json_object *o, *phases;
    struct db_peer_phase *ps, *pre, *sig;
    struct stat st;
    double cpu[DB_MAX_RUNS], wall[DB_MAX_RUNS], bytes[DB_MAX_RUNS];
    const char *nodeenv = getenv("NODE");
    size_t k;
    int i, status;

    memset(peer, 0, sizeof(*peer));
    peer->tried = 1;
    snprintf(script, sizeof(script), "%s/bench/peers/dkls23/"
        "dkls23-bench.mjs", srcdir);
    snprintf(mod, sizeof(mod), "%s/bench/peers/dkls23/node_modules/"
        "@silencelaboratories/dkls-wasm-ll-node", srcdir);
    if (stat(script, &st) != 0) {
        db_peer_unavailable(peer, "%s: %s", script, strerror(errno));
        return;
    }
    if (db_which(nodeenv != NULL && *nodeenv != '\0' ? nodeenv : "node",
            node, sizeof(node)) != 0)
    {
        db_peer_unavailable(peer, "no %s found (Node.js runs the peer; "
            "$NODE or $PATH)", nodeenv != NULL && *nodeenv != '\0'
            ? nodeenv : "node");
        return;
    }
    if (stat(mod, &st) != 0 || !S_ISDIR(st.st_mode)) {
        db_peer_unavailable(peer, "the npm package is not installed (make "
            "bench installs it when npm is present, or: cd "
            "bench/peers/dkls23 && npm ci)");
        return;
    }

    db_progress("running the DKLs23 peer: %s %s --json --runs %d", node,
        script, db_opt.runs);
    status = db_peer_exec(node, script, &out);
    if (status != 0) {
        db_peer_unavailable(peer, "the peer %s (status %d)",
            status < 0 ? "could not run or was killed" : "failed", status);
        goto out;
    }
    if (out == NULL || (peer->json = json_tokener_parse(out)) == NULL) {
        db_peer_unavailable(peer, "the peer's output is not JSON");
        goto out;
    }
    if (!json_object_object_get_ex(peer->json, "phases", &phases)) {
        db_peer_unavailable(peer, "the peer's JSON has no phases");
        goto out;
    }
    for (i = 0; i < 3; i++) {
        if (db_peer_parse_phase(&peer->ph[i], phases, db_peer_key[i]) != 0) {
            db_peer_unavailable(peer, "the peer's phase %s is incomplete",
                db_peer_key[i]);
            goto out;
        }
    }
    if (json_object_object_get_ex(peer->json, "package", &o)) {
        json_object *nm, *ver;

        if (json_object_object_get_ex(o, "name", &nm)
            && json_object_object_get_ex(o, "version", &ver))
        {
            snprintf(peer->package, sizeof(peer->package), "%s %s",
                json_object_get_string(nm), json_object_get_string(ver));
        }
    }
    if (json_object_object_get_ex(peer->json, "node", &o)) {
        snprintf(peer->node, sizeof(peer->node), "%s",
            json_object_get_string(o));
    }

    /* presign+sign: per run where the samples allow, else the medians. */
    pre = &peer->ph[1];
    sig = &peer->ph[2];
    ps = &peer->ph[3];
    ps->present = 1;
    ps->parties = pre->parties;
    ps->rounds = pre->rounds + sig->rounds;
    ps->bytes = pre->bytes + sig->bytes;
    ps->msgs = pre->msgs + sig->msgs;
    if (pre->nsamples > 0 && pre->nsamples == sig->nsamples) {
        ps->nsamples = pre->nsamples;
        for (k = 0; k < ps->nsamples; k++) {
            ps->s_cpu_ms[k] = pre->s_cpu_ms[k] + sig->s_cpu_ms[k];
            ps->s_wall_ms[k] = pre->s_wall_ms[k] + sig->s_wall_ms[k];
            ps->s_bytes_total[k] = pre->s_bytes_total[k]
                + sig->s_bytes_total[k];
            cpu[k] = ps->s_cpu_ms[k];
            wall[k] = ps->s_wall_ms[k] * ps->parties;
            bytes[k] = ps->s_bytes_total[k] / ps->parties;
        }
        ps->cpu_ms = db_median(cpu, ps->nsamples);
        ps->wall_total_ms = db_median(wall, ps->nsamples);
        ps->bytes = db_median(bytes, ps->nsamples);
    } else {
        ps->cpu_ms = pre->cpu_ms + sig->cpu_ms;
        ps->wall_total_ms = pre->wall_total_ms + sig->wall_total_ms;
    }
    peer->available = 1;

out:
    if (!peer->available && peer->json != NULL) {
        json_object_put(peer->json);
        peer->json = NULL;
    }
    free(out);
}


/* Output. */

struct db_target {
    int level;
    int phase;
    double limit_ms;
};

/* Issue 4's targets: CPU per party, the slowest party. */
static const struct db_target db_targets[] = {
    { DUET_LEVEL_112, DB_PRESIGN_SIGN, 150 },
    { DUET_LEVEL_128, DB_PRESIGN_SIGN, 450 },
    { DUET_LEVEL_112, DB_KEYGEN, 50 },
    { DUET_LEVEL_128, DB_KEYGEN, 50 },
    { DUET_LEVEL_128, DB_AUX, 3000 },
};


static const struct db_level *
db_level_find(int level)
{
    int i;

    for (i = 0; i < db_opt.nlevels; i++) {
        if (db_levels[i].level == level) {
            return &db_levels[i];
        }
    }
    return NULL;
}


/* A label centred in a rule of dashes, width characters. */
static void
db_rule(char out[64], size_t width, const char *label)
{
    size_t n = strlen(label) + 2, left;

    if (width > 63 || n > width) {
        snprintf(out, 64, "%s", label);
        return;
    }
    left = (width - n) / 2;
    memset(out, '-', width);
    out[left] = ' ';
    memcpy(out + left + 1, label, n - 2);
    out[left + n - 1] = ' ';
    out[width] = '\0';
}


static void
db_print_table(const struct utsname *u)
{
    const struct db_level *lv;
    const struct db_summary *s;
    const struct db_peer_phase *pp;
    const struct db_target *t;
    double v;
    char title[16], duet[64], dkls[64];
    size_t i;
    long ncpu;
    int l, ph, c;

    printf("\nduet bench: %s  (%s, %ld CPUs, median of %d run%s)\n\n",
        DB_SUITE, u->machine, sysconf(_SC_NPROCESSORS_ONLN), db_opt.runs,
        db_opt.runs == 1 ? "" : "s");
    printf("duet: CGGMP24 2-of-3, secp256k1, libduet (C); signers 0,1\n");
    if (db_peer.available) {
        printf("DKLs23: %s (WASM) on node %s; signers 0,1\n"
            "        (Silence Laboratories License: non-commercial use "
            "only)\n", db_peer.package, db_peer.node);
    } else if (db_peer.tried) {
        printf("DKLs23: peer unavailable: %s\n", db_peer.reason);
    } else {
        printf("DKLs23: peer not run (--no-peer)\n");
    }
    printf("aux-info uses the published TEST primes of tests/vectors "
        "(4 per party, given):\nthey are fine for timing and never for a "
        "real key.\n");
    ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (ncpu > 0 && (db_load[0] > (double) ncpu
        || db_load[1] > (double) ncpu))
    {
        printf("WARNING: load average %.1f before, %.1f after, on %ld CPUs: "
            "the machine was busy.\nWall times include waiting for a CPU; "
            "CPU times (per thread) are less affected.\n", db_load[0],
            db_load[1], ncpu);
    }

    for (l = 0; l < db_opt.nlevels; l++) {
        lv = &db_levels[l];
        snprintf(title, sizeof(title), "level %d", lv->level);
        db_rule(duet, 49, "duet");
        db_rule(dkls, 35, "DKLs23");
        printf("\n%-13s %s |", title, duet);
        if (db_peer.available) {
            printf(" %s %7s", dkls, "duet/");
        }
        printf("\n");
        printf("%-13s %3s %3s %10s %9s %9s %10s |", "phase", "n", "rnd",
            "wall ms", "cpu max", "cpu mean", "bytes");
        if (db_peer.available) {
            printf(" %3s %10s %9s %10s %7s", "rnd", "wall ms", "cpu mean",
                "bytes", "DKLs");
        }
        printf("\n");
        for (ph = 0; ph < DB_NPHASES; ph++) {
            s = &lv->sum[ph];
            printf("%-13s %3d %3.0f %10.1f %9.1f %9.1f %10.0f |",
                db_phase_name[ph], db_phase_parties[ph], s->rounds,
                s->wall_ms, s->cpu_max_ms, s->cpu_mean_ms, s->bytes_mean);
            if (!db_peer.available) {
                printf("\n");
                continue;
            }
            if (db_peer_of[ph] < 0) {
                printf(" %3s %10s %9s %10s %7s\n", "-", "-", "-", "-", "-");
                continue;
            }
            pp = &db_peer.ph[db_peer_of[ph]];
            printf(" %3.0f %10.1f %9.1f %10.0f %7.3g\n", pp->rounds,
                pp->wall_total_ms, pp->cpu_ms, pp->bytes,
                pp->cpu_ms > 0 ? s->cpu_mean_ms / pp->cpu_ms : 0);
        }
        printf("blobs: key share %zu B, aux info %zu B, presignature %zu B, "
            "signature %d B\n", lv->share_bytes, lv->aux_bytes,
            lv->presig_bytes, DUET_SIGNATURE_BYTES);
        printf("cpu ms per call, slowest party (start; then sN: the step on "
            "round N's messages):\n");
        for (ph = 0; ph < DB_NPHASES; ph++) {
            s = &lv->sum[ph];
            if (s->ncalls == 0) {
                continue;
            }
            printf("  %-12s start %.1f", db_phase_name[ph],
                s->call_max_ms[0]);
            for (c = 1; c < s->ncalls; c++) {
                printf("  s%d %.1f", c, s->call_max_ms[c]);
            }
            printf("\n");
        }
    }

    printf("\nn: parties; rnd: message rounds; wall ms: the whole phase, all "
        "parties in\none thread one after another (their summed work, not a "
        "networked latency);\ncpu max / cpu mean: ms of CPU per party, the "
        "slowest party and the mean\n(duet: thread CPU of each party's own "
        "calls; DKLs23: process CPU of the\nphase / parties, garbage "
        "collector included); bytes: sent per party, mean,\nevery message "
        "counted once per recipient (a broadcast to two parties counts\n"
        "twice; duet: whole envelopes; DKLs23: payloads); duet/DKLs: cpu "
        "mean ratio.\nEvery signature was verified (libsecp256k1, EIP-191 "
        "hash, recovery id).\n");
    if (db_peer.available && db_opt.nlevels > 1) {
        printf("DKLs23 has no security-level parameter: its columns are the "
            "same run at\nevery level.\n");
    }

    printf("\ntargets (issue 4; informational, never an exit status), CPU "
        "per party, slowest:\n");
    for (i = 0; i < sizeof(db_targets) / sizeof(db_targets[0]); i++) {
        t = &db_targets[i];
        if ((lv = db_level_find(t->level)) == NULL) {
            continue;
        }
        v = lv->sum[t->phase].cpu_max_ms;
        printf("  level %d %-13s %10.1f ms  <= %6.0f ms  %s\n", t->level,
            db_phase_name[t->phase], v, t->limit_ms,
            v <= t->limit_ms ? "met" : "NOT MET");
    }
    printf("\n");
}


/* A JSON string: only our own texts and uname's, escaped for safety. */
static void
db_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\') {
            fprintf(f, "\\%c", *s);
        } else if ((unsigned char) *s < 0x20) {
            fprintf(f, "\\u%04x", (unsigned) (unsigned char) *s);
        } else {
            fputc(*s, f);
        }
    }
    fputc('"', f);
}


static void
db_json_sample(FILE *f, const struct db_sample *smp, int parties)
{
    int i, c;

    fprintf(f, "{\"wall_ms\": %.3f, \"crit_ms\": %.3f, \"rounds\": %d, "
        "\"cpu_ms\": [", smp->wall_ms, smp->crit_ms, smp->rounds);
    for (i = 0; i < parties; i++) {
        fprintf(f, "%s%.3f", i ? ", " : "", smp->cpu_ms[i]);
    }
    fprintf(f, "], \"bytes\": [");
    for (i = 0; i < parties; i++) {
        fprintf(f, "%s%lu", i ? ", " : "", smp->bytes[i]);
    }
    fprintf(f, "], \"msgs\": [");
    for (i = 0; i < parties; i++) {
        fprintf(f, "%s%lu", i ? ", " : "", smp->msgs[i]);
    }
    fprintf(f, "], \"cpu_ms_by_call\": [");
    for (c = 0; c < smp->ncalls; c++) {
        fprintf(f, "%s[", c ? ", " : "");
        for (i = 0; i < parties; i++) {
            fprintf(f, "%s%.3f", i ? ", " : "", smp->call_ms[c][i]);
        }
        fprintf(f, "]");
    }
    fprintf(f, "]}");
}


static int
db_write_json(FILE *f, const struct utsname *u, const char *stamp)
{
    const struct db_level *lv;
    const struct db_summary *s;
    const struct db_target *t;
    const int *parties = db_phase_parties;
    char kernel[2 * sizeof(u->release) + 2];
    size_t i;
    int l, ph, k, c;

    fprintf(f, "{\n  \"suite\": \"%s\",\n  \"timestamp\": ", DB_SUITE);
    db_json_str(f, stamp);
    fprintf(f, ",\n  \"machine\": ");
    db_json_str(f, u->machine);
    snprintf(kernel, sizeof(kernel), "%s %s", u->sysname, u->release);
    fprintf(f, ",\n  \"kernel\": ");
    db_json_str(f, kernel);
    fprintf(f, ",\n  \"cpus\": %ld,\n", sysconf(_SC_NPROCESSORS_ONLN));
    fprintf(f, "  \"loadavg_before\": %.2f,\n  \"loadavg_after\": %.2f,\n",
        db_load[0], db_load[1]);
#if defined(__clang__)
    fprintf(f, "  \"compiler\": ");
    db_json_str(f, "clang " __clang_version__);
    fprintf(f, ",\n");
#elif defined(__GNUC__)
    fprintf(f, "  \"compiler\": ");
    db_json_str(f, "gcc " __VERSION__);
    fprintf(f, ",\n");
#endif
    fprintf(f, "  \"runs\": %d,\n  \"signers\": [%d, %d],\n", db_opt.runs,
        db_signers[0], db_signers[1]);
    fprintf(f, "  \"primes\": \"the published test primes of "
        "tests/vectors/safe-primes-{1024,1536}.txt, 4 per party, given to "
        "aux-info; never for a real key\",\n");
    fprintf(f, "  \"wall\": \"CLOCK_MONOTONIC over the whole phase, all "
        "parties one after another in one thread\",\n");
    fprintf(f, "  \"cpu\": \"CLOCK_THREAD_CPUTIME_ID around each party's own "
        "start and step calls (and presig_take in sign), ms\",\n");
    fprintf(f, "  \"crit\": \"sum over calls (start, then one step per "
        "round) of the slowest party's CPU in that call: a compute-only "
        "latency with the parties in parallel and no network\",\n");
    fprintf(f, "  \"cpu_ms_by_call\": \"per call (0: start, k: the step on "
        "round k's messages), per party; presign+sign has none\",\n");
    fprintf(f, "  \"bytes\": \"envelope bytes each party sends, once per "
        "recipient (a broadcast to two parties counts twice)\",\n");
    fprintf(f, "  \"verified\": \"every signature: libsecp256k1 "
        "ecdsa_verify on the EIP-191 hash under the keygen's key, recovery "
        "id recovers the key, another message fails\",\n");
    fprintf(f, "  \"levels\": [\n");
    for (l = 0; l < db_opt.nlevels; l++) {
        lv = &db_levels[l];
        fprintf(f, "    {\"level\": %d, \"share_bytes\": %zu, "
            "\"aux_bytes\": %zu, \"presig_bytes\": %zu, \"phases\": {\n",
            lv->level, lv->share_bytes, lv->aux_bytes, lv->presig_bytes);
        for (ph = 0; ph < DB_NPHASES; ph++) {
            s = &lv->sum[ph];
            fprintf(f, "      \"%s\": {\"parties\": %d, \"rounds\": %.1f, "
                "\"wall_ms_median\": %.3f, \"cpu_ms_party_max_median\": %.3f, "
                "\"cpu_ms_party_mean_median\": %.3f, \"crit_ms_median\": "
                "%.3f, \"bytes_party_max\": %.1f, \"bytes_party_mean\": %.1f, "
                "\"msgs_party_mean\": %.2f,\n        "
                "\"cpu_ms_by_call_max_median\": [",
                db_phase_name[ph], parties[ph], s->rounds, s->wall_ms,
                s->cpu_max_ms, s->cpu_mean_ms, s->crit_ms, s->bytes_max,
                s->bytes_mean, s->msgs_mean);
            for (c = 0; c < s->ncalls; c++) {
                fprintf(f, "%s%.3f", c ? ", " : "", s->call_max_ms[c]);
            }
            fprintf(f, "],\n        \"samples\": [\n");
            for (k = 0; k < db_opt.runs; k++) {
                fprintf(f, "          ");
                db_json_sample(f, &lv->sample[ph][k], parties[ph]);
                fprintf(f, "%s\n", k + 1 < db_opt.runs ? "," : "");
            }
            fprintf(f, "        ]}%s\n", ph + 1 < DB_NPHASES ? "," : "");
        }
        fprintf(f, "    }}%s\n", l + 1 < db_opt.nlevels ? "," : "");
    }
    fprintf(f, "  ],\n  \"targets\": [\n");
    for (i = 0, k = 0; i < sizeof(db_targets) / sizeof(db_targets[0]); i++) {
        t = &db_targets[i];
        if ((lv = db_level_find(t->level)) == NULL) {
            continue;
        }
        s = &lv->sum[t->phase];
        fprintf(f, "%s    {\"level\": %d, \"phase\": \"%s\", \"what\": "
            "\"cpu_ms_party_max_median\", \"limit_ms\": %.0f, \"value_ms\": "
            "%.3f, \"met\": %s}", k++ ? ",\n" : "", t->level,
            db_phase_name[t->phase], t->limit_ms, s->cpu_max_ms,
            s->cpu_max_ms <= t->limit_ms ? "true" : "false");
    }
    fprintf(f, "\n  ],\n  \"peer\": {\"name\": \"dkls23\", \"run\": %s, "
        "\"available\": %s, \"reason\": ", db_peer.tried ? "true" : "false",
        db_peer.available ? "true" : "false");
    db_json_str(f, db_peer.available ? "" : db_peer.tried ? db_peer.reason
        : "--no-peer");
    if (db_peer.available) {
        fprintf(f, ",\n    \"presign+sign\": {\"cpu_ms_median\": %.3f, "
            "\"wall_ms_total_median\": %.3f, \"bytes_per_party\": %.1f, "
            "\"rounds\": %.0f},\n    \"output\": %s", db_peer.ph[3].cpu_ms,
            db_peer.ph[3].wall_total_ms, db_peer.ph[3].bytes,
            db_peer.ph[3].rounds, json_object_to_json_string_ext(
                db_peer.json, JSON_C_TO_STRING_PLAIN));
    }
    fprintf(f, "}\n}\n");

    return ferror(f) ? -1 : 0;
}


static void
db_csv_row(FILE *f, const char *impl, int level, const char *phase,
    const char *run, int parties, double rounds, double wall, double cmax,
    double cmean, double bmax, double bmean)
{
    fprintf(f, "%s,", impl);
    if (level > 0) {
        fprintf(f, "%d", level);
    }
    fprintf(f, ",%s,%s,%d,%.0f,%.3f,", phase, run, parties, rounds, wall);
    if (cmax >= 0) {
        fprintf(f, "%.3f", cmax);
    }
    fprintf(f, ",%.3f,", cmean);
    if (bmax >= 0) {
        fprintf(f, "%.0f", bmax);
    }
    fprintf(f, ",%.1f\n", bmean);
}


/*
 * One row per phase and run (run = 1..N) and one with run = "median".
 * DKLs23 gives no per-party split: its cpu and bytes are the mean.
 */
static int
db_write_csv(FILE *f)
{
    const struct db_level *lv;
    const struct db_summary *s;
    const struct db_sample *smp;
    const struct db_peer_phase *pp;
    double cmax, cmean, bmax, bmean;
    char run[16];
    int l, ph, k, i, n;

    fprintf(f, "impl,level,phase,run,parties,rounds,wall_ms,"
        "cpu_ms_party_max,cpu_ms_party_mean,bytes_party_max,"
        "bytes_party_mean\n");
    for (l = 0; l < db_opt.nlevels; l++) {
        lv = &db_levels[l];
        for (ph = 0; ph < DB_NPHASES; ph++) {
            n = db_phase_parties[ph];
            for (k = 0; k < db_opt.runs; k++) {
                smp = &lv->sample[ph][k];
                cmax = cmean = bmax = bmean = 0;
                for (i = 0; i < n; i++) {
                    cmax = smp->cpu_ms[i] > cmax ? smp->cpu_ms[i] : cmax;
                    bmax = (double) smp->bytes[i] > bmax
                        ? (double) smp->bytes[i] : bmax;
                    cmean += smp->cpu_ms[i] / n;
                    bmean += (double) smp->bytes[i] / n;
                }
                snprintf(run, sizeof(run), "%d", k + 1);
                db_csv_row(f, "duet", lv->level, db_phase_name[ph], run, n,
                    smp->rounds, smp->wall_ms, cmax, cmean, bmax, bmean);
            }
            s = &lv->sum[ph];
            db_csv_row(f, "duet", lv->level, db_phase_name[ph], "median", n,
                s->rounds, s->wall_ms, s->cpu_max_ms, s->cpu_mean_ms,
                s->bytes_max, s->bytes_mean);
        }
    }
    if (db_peer.available) {
        for (ph = 0; ph < DB_NPHASES; ph++) {
            if (db_peer_of[ph] < 0) {
                continue;
            }
            pp = &db_peer.ph[db_peer_of[ph]];
            for (k = 0; (size_t) k < pp->nsamples; k++) {
                snprintf(run, sizeof(run), "%d", k + 1);
                db_csv_row(f, "dkls23", 0, db_phase_name[ph], run,
                    pp->parties, pp->rounds, pp->s_wall_ms[k] * pp->parties,
                    -1, pp->s_cpu_ms[k], -1,
                    pp->s_bytes_total[k] / pp->parties);
            }
            db_csv_row(f, "dkls23", 0, db_phase_name[ph], "median",
                pp->parties, pp->rounds, pp->wall_total_ms, -1, pp->cpu_ms,
                -1, pp->bytes);
        }
    }

    return ferror(f) ? -1 : 0;
}


/* Write dir/duet-bench.<ext> through a temporary file and rename. */
static int
db_write_file(const char *ext, const struct utsname *u, const char *stamp)
{
    char path[4096], tmp[4200];
    FILE *f;
    int r = -1;

    snprintf(path, sizeof(path), "%s/%s.%s", db_opt.out_dir, DB_SUITE, ext);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    if ((f = fopen(tmp, "w")) == NULL) {
        fprintf(stderr, "duet-bench: cannot write %s: %s\n", tmp,
            strerror(errno));
        goto out;
    }
    r = strcmp(ext, "json") == 0 ? db_write_json(f, u, stamp)
        : db_write_csv(f);
    if (fclose(f) != 0 || r != 0) {
        fprintf(stderr, "duet-bench: error writing %s\n", tmp);
        r = -1;
        (void) remove(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "duet-bench: cannot rename %s: %s\n", tmp,
            strerror(errno));
        r = -1;
        goto out;
    }
    printf("wrote %s\n", path);
    r = 0;

out:
    return r;
}


static void
db_usage(const char *argv0)
{
    fprintf(stderr, "usage: %s [--runs=N] [--levels=112,128] [--quick] "
        "[--no-peer]\n       [--out=DIR] [--srcdir=DIR]\n", argv0);
    exit(2);
}


static void
db_parse_levels(const char *arg, const char *argv0)
{
    const char *p = arg;
    char *end;
    long v;
    int i;

    db_opt.nlevels = 0;
    for (;;) {
        v = strtol(p, &end, 10);
        if (end == p || (v != DUET_LEVEL_112 && v != DUET_LEVEL_128)
            || db_opt.nlevels == DB_MAX_LEVELS)
        {
            fprintf(stderr, "duet-bench: --levels wants 112 and/or 128\n");
            db_usage(argv0);
        }
        for (i = 0; i < db_opt.nlevels; i++) {
            if (db_opt.levels[i] == (int) v) {
                fprintf(stderr, "duet-bench: level %ld twice\n", v);
                db_usage(argv0);
            }
        }
        db_opt.levels[db_opt.nlevels++] = (int) v;
        if (*end == '\0') {
            break;
        }
        if (*end != ',') {
            db_usage(argv0);
        }
        p = end + 1;
    }
}


static void
db_parse_args(int argc, char **argv)
{
    char *end;
    long v;
    int i, runs_set = 0;

    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--runs=", 7) == 0) {
            v = strtol(argv[i] + 7, &end, 10);
            if (*end != '\0' || v < 1 || v > DB_MAX_RUNS) {
                fprintf(stderr, "duet-bench: --runs wants 1 to %d\n",
                    DB_MAX_RUNS);
                db_usage(argv[0]);
            }
            db_opt.runs = (int) v;
            runs_set = 1;
        } else if (strncmp(argv[i], "--levels=", 9) == 0) {
            db_parse_levels(argv[i] + 9, argv[0]);
        } else if (strcmp(argv[i], "--quick") == 0) {
            db_opt.quick = 1;
        } else if (strcmp(argv[i], "--no-peer") == 0) {
            db_opt.peer = 0;
        } else if (strncmp(argv[i], "--out=", 6) == 0) {
            db_opt.out_dir = argv[i] + 6;
        } else if (strncmp(argv[i], "--srcdir=", 9) == 0) {
            db_opt.srcdir = argv[i] + 9;
        } else if (strncmp(argv[i], "--min-ms=", 9) == 0) {
            /* bench.h's calibration, passed to every program by
               "make bench BENCH_ARGS=...": meaningless here. */
            continue;
        } else {
            db_usage(argv[0]);
        }
    }
    if (db_opt.quick && !runs_set) {
        db_opt.runs = 1;
    }
}


int
main(int argc, char **argv)
{
    struct utsname u;
    char stamp[32];
    time_t now;
    struct tm tm;
    int l, r = 1;

    db_parse_args(argc, argv);
    if (db_opt.srcdir == NULL) {
        db_opt.srcdir = getenv("top_srcdir");
    }
#ifdef DUET_BENCH_SRCDIR
    if (db_opt.srcdir == NULL) {
        db_opt.srcdir = DUET_BENCH_SRCDIR;
    }
#endif
    if (db_opt.srcdir == NULL) {
        db_opt.srcdir = ".";
    }
    if (duet_init() != 0) {
        fprintf(stderr, "duet-bench: duet_init failed\n");
        return 1;
    }
    if ((db_secp = secp256k1_context_create(SECP256K1_CONTEXT_NONE))
        == NULL)
    {
        fprintf(stderr, "duet-bench: secp256k1_context_create failed\n");
        return 1;
    }

    if (getloadavg(&db_load[0], 1) != 1) {
        db_load[0] = -1;
    }
    for (l = 0; l < db_opt.nlevels; l++) {
        db_levels[l].level = db_opt.levels[l];
        db_progress("level %d: %d run%s of keygen, aux-info, presign, sign "
            "(aux-info at level 128 takes seconds per party)",
            db_levels[l].level, db_opt.runs, db_opt.runs == 1 ? "" : "s");
        if (db_bench_level(&db_levels[l], db_opt.srcdir) != 0) {
            fprintf(stderr, "duet-bench: a run failed: no results\n");
            goto out;
        }
    }
    if (db_opt.peer) {
        db_peer_run(&db_peer, db_opt.srcdir);
    }
    if (getloadavg(&db_load[1], 1) != 1) {
        db_load[1] = -1;
    }

    if (uname(&u) != 0) {
        memset(&u, 0, sizeof(u));
    }
    now = time(NULL);
    if (gmtime_r(&now, &tm) == NULL
        || strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    {
        snprintf(stamp, sizeof(stamp), "unknown");
    }
    db_print_table(&u);
    r = 0;
    if (db_opt.out_dir != NULL) {
        if (mkdir(db_opt.out_dir, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "duet-bench: cannot create %s: %s\n",
                db_opt.out_dir, strerror(errno));
        }
        if (db_write_file("json", &u, stamp) != 0
            || db_write_file("csv", &u, stamp) != 0)
        {
            r = 1;
        }
    }
    fflush(stdout);

out:
    if (db_peer.json != NULL) {
        json_object_put(db_peer.json);
    }
    secp256k1_context_destroy(db_secp);
    return r;
}
