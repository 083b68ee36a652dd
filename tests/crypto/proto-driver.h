/*
 * proto-driver.h -- runs duet protocol sessions in one process for the
 * tests: routes every outgoing message to its recipients round by round,
 * optionally tampering with messages in flight or resuming every session
 * from its serialized blob at every round boundary.  Test code only.
 *
 * Typical use:
 *     struct tp_run run;
 *     tp_run_init(&run);
 *     for (i = 0; i < 3; i++)
 *         duet_keygen_start(&run.s[i], sid, 32, DUET_LEVEL_112, i);
 *     run.n = 3;
 *     if (tp_run(&run) == 0) ... every session DONE
 *     else ... run.err[i], run.blame[i] say who stopped and why
 *     tp_run_free(&run);
 *
 * Parties are identified by position i in run.s[]; the party index of
 * session i is read from its messages (run.party[i], set by tp_run).
 */

#ifndef DUET_TESTS_PROTO_DRIVER_H
#define DUET_TESTS_PROTO_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "duet_session.h"

#define TP_MAX 3

/*
 * Called for each copy of a message, from party `from` to party `to`,
 * of `round`, before delivery.  It may replace the message: free *msg
 * (free()) and set a malloc'd one.  Return 0 to deliver, 1 to drop.
 */
typedef int (*tp_tamper_fn)(void *arg, int from, int to, int round,
    uint8_t **msg, size_t *len);

/*
 * Called after session at position i produced the messages of round
 * (its outgoing list), before they are routed: for tests that inject
 * extra messages.  May be NULL.
 */
struct tp_run {
    int n;                          /* sessions in s[] */
    struct duet_session *s[TP_MAX];
    int resume;                     /* serialize+parse at every boundary */
    int retry;                      /* step every session twice, checking
                                       the outgoing bytes are identical */
    tp_tamper_fn tamper;
    void *tamper_arg;
    int stop_on_abort;              /* stop all at the first abort (1) */

    /* Filled by tp_run. */
    int party[TP_MAX];              /* party index of each session */
    int err[TP_MAX];                /* last step's result per session */
    struct duet_blame blame[TP_MAX];
    unsigned long bytes_sent[TP_MAX];   /* envelope bytes, per copy */
    unsigned long msgs_sent[TP_MAX];
    double cpu_s[TP_MAX];           /* thread CPU seconds in step() */
    int retry_mismatch;             /* retry found differing bytes */
};

void tp_run_init(struct tp_run *run);

/* Drive until every session is DONE (returns 0) or no session can
 * progress (returns the first non-zero err, in position order). */
int tp_run(struct tp_run *run);

/* Destroy the sessions. */
void tp_run_free(struct tp_run *run);

/* A deterministic 32-byte session id from label and n. */
void tp_sid(uint8_t sid[32], const char *label, unsigned n);

/*
 * The idx-th test safe prime of bits (1024 or 1536), big-endian, from
 * $top_srcdir/tests/vectors/safe-primes-<bits>.txt.  bail()s if missing.
 */
void tp_prime(uint8_t *out, size_t *len, unsigned bits, unsigned idx);

/* Copy session i's result into a malloc'd buffer; NULL if not DONE. */
uint8_t *tp_result(struct duet_session *s, size_t *len);

/*
 * Whole protocols, honest, at level.  Each returns 0 or the first error
 * (with *blame when non-NULL).  Outputs are malloc'd.
 */
int tp_keygen(int level, const char *label, uint8_t *share[3],
    size_t share_len[3]);
/* prime_base: primes prime_base .. prime_base+11 of the level's file. */
int tp_aux(int level, const char *label, unsigned prime_base,
    uint8_t *aux[3], size_t aux_len[3]);
/*
 * Aux blobs made WITHOUT the aux protocol (duet_share_test_deal_aux), from
 * primes prime_base .. prime_base+11: for presign tests.
 */
int tp_aux_dealt(int level, unsigned prime_base, uint8_t *aux[3],
    size_t aux_len[3]);
/* Signer pair a, b (keygen indices); shift may be NULL. */
int tp_presign(const char *label, uint8_t *const share[3],
    const size_t share_len[3], uint8_t *const aux[3],
    const size_t aux_len[3], int a, int b, const uint8_t *shift,
    uint8_t *presig[2], size_t presig_len[2]);
/* Both signers sign msg (EIP-191) with their presignatures; sig = r||s||v. */
int tp_sign(uint8_t *presig[2], size_t presig_len[2], const uint8_t *msg,
    size_t msg_len, const uint8_t *shift, uint8_t sig[65]);

/* As tp_sign, for any DUET_SIGN_* kind. */
int tp_sign_kind(uint8_t *presig[2], size_t presig_len[2], int kind,
    const uint8_t *msg, size_t msg_len, const uint8_t *shift,
    uint8_t sig[65]);

/* Free an array of n malloc'd blobs. */
void tp_free_blobs(uint8_t **b, size_t n);

#endif /* DUET_TESTS_PROTO_DRIVER_H */
