/*
 * session.h -- the protocol-independent core of a session (the public
 * shape is in duet_session.h): the envelope checks of every inbound set,
 * retry caching, the per-round randomness stream, the serialized form,
 * and abort with blame.  Each protocol (keygen.c, aux_info.c, presign.c,
 * sign.c, refresh.c) supplies a struct duet_proto_ops and a body.
 *
 * How a protocol is written:
 *   - init (called through duet_session_begin) sets the body up and
 *     queues round 1's messages with duet_session_send;
 *   - step is called once per inbound round with the complete, envelope-
 *     checked set in `in` (s->round is that round's number); it parses
 *     and checks every payload, naming the sender in *blame on failure,
 *     then queues the next round's messages, or calls
 *     duet_session_finish with the result;
 *   - everything a later round needs lives in the body, which the ops
 *     serialize (body_encode / body_parse) and wipe (body_clear).
 * The core, not the protocol, handles: envelopes, duplicates, missing
 * messages, retries (same input -> cached output), equivocation, the
 * randomness stream (all duet_random_bytes() calls during init and step
 * draw from it), wiping and blame on abort.  Party numbers everywhere are
 * keygen indices (0, 1, 2), also for the two signers of presign and sign.
 */

#ifndef DUET_PROTOCOL_SESSION_H
#define DUET_PROTOCOL_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"
#include "duet_session.h"
#include "bn/level.h"
#include "codec/buf.h"
#include "hash/hash.h"

#define DUET_MAX_PARTIES      3
#define DUET_MAX_OUTGOING     4     /* messages one step may queue */

/* What a peer must send in a round (bit flags from ops->expect). */
#define DUET_EXPECT_BCAST     0x1u
#define DUET_EXPECT_P2P       0x2u

/* One received message after the envelope checks. */
struct duet_in {
    const uint8_t *payload;
    size_t len;
};

/*
 * A round's inbound set, indexed by sender (keygen index).  Entries are
 * non-NULL exactly where ops->expect asked for them.
 */
struct duet_round_in {
    const struct duet_in *bcast[DUET_MAX_PARTIES];
    const struct duet_in *p2p[DUET_MAX_PARTIES];
};

struct duet_session;

struct duet_proto_ops {
    uint8_t proto;                      /* DUET_PROTO_* */
    const char *name;                   /* "keygen", for transcripts */
    /* DUET_EXPECT_* flags: what each peer sends in inbound round. */
    unsigned (*expect)(const struct duet_session *s, unsigned round);
    /* Largest acceptable payload of a message of round (bcast or p2p). */
    size_t (*max_payload)(const struct duet_session *s, unsigned round,
        int bcast);
    int (*step)(struct duet_session *s, const struct duet_round_in *in,
        struct duet_blame *blame);
    size_t body_size;
    int (*body_encode)(struct duet_buf_writer *w, const struct duet_session *s);
    int (*body_parse)(struct duet_buf_reader *r, struct duet_session *s);
    void (*body_clear)(struct duet_session *s);  /* wipe; body stays
                                                    allocated */
};

struct duet_out {
    int recipient;                      /* party or DUET_BROADCAST */
    uint8_t *msg;                       /* the whole envelope */
    size_t len;
};

struct duet_session {
    const struct duet_proto_ops *ops;
    const struct duet_level *level;
    int status;                         /* DUET_SESSION_* */
    uint8_t me;                         /* my party index */
    uint8_t nparties;                   /* 3, or 2 for presign/sign */
    uint8_t parties[DUET_MAX_PARTIES];  /* party indices, ordered */
    uint8_t sid[DUET_SID_MAX];
    size_t sid_len;
    unsigned round;                     /* inbound round awaited (1..) */
    uint8_t seed[32];                   /* SECRET: keys the streams */
    /* Retry cache: digest of the last processed input and, per sender
       and kind, of each message in it. */
    int have_last;
    unsigned last_round;
    uint8_t last_digest[DUET_SHA256_BYTES];
    uint8_t last_msg_digest[DUET_MAX_PARTIES][2][DUET_SHA256_BYTES];
    size_t nout;
    struct duet_out out[DUET_MAX_OUTGOING];
    uint8_t *result;                    /* DONE: SECRET for most protocols */
    size_t result_len;
    struct duet_blame blame;
    void *body;                         /* ops->body_size bytes */
};

/*
 * Allocate a session for ops with parties (ordered, distinct, me among
 * them).  The seed is drawn from the system source; the body is zeroed.
 * Returns: 0, DUET_ERR_INVALID_ARGUMENT, DUET_ERR_NO_MEMORY,
 *          DUET_ERR_RANDOM.
 */
int duet_session_new(struct duet_session **s, const struct duet_proto_ops *ops,
    const struct duet_level *level, const uint8_t *sid, size_t sid_len,
    uint8_t me, const uint8_t *parties, uint8_t nparties);

/* Wipe and free s (NULL is ignored). */
void duet_session_free(struct duet_session *s);

/*
 * The step of duet_session_step (duet_session.h), without the argument
 * checks.
 */
int duet_session_run_step(struct duet_session *s, const uint8_t *const *msgs,
    const size_t *lens, size_t count, struct duet_blame *blame);

/* Append / parse the serialized form (duet_session.h). */
int duet_session_write(struct duet_buf_writer *w,
    const struct duet_session *s);
int duet_session_read(struct duet_session **s, const uint8_t *blob,
    size_t len);

/* duet_msg_peek without the argument checks. */
int duet_msg_read_info(struct duet_msg_info *info, const uint8_t *msg,
    size_t len);

/*
 * Run init(s, arg) with the round-0 stream installed.  On failure the
 * session is destroyed and *sp set to NULL.
 */
int duet_session_begin(struct duet_session **sp,
    int (*init)(struct duet_session *s, const void *arg), const void *arg);

/*
 * Queue a message of the round being produced (the core stamps the round
 * number, sid, protocol, sender).  recipient: a party or DUET_BROADCAST.
 * Returns: 0, DUET_ERR_NO_MEMORY, DUET_ERR_INTERNAL (too many messages).
 */
int duet_session_send(struct duet_session *s, int recipient,
    const uint8_t *payload, size_t len);

/*
 * As duet_session_send, taking the payload from w (which is freed).
 * Returns w's error if it has one.
 */
int duet_session_send_writer(struct duet_session *s, int recipient,
    struct duet_buf_writer *w);

/* Mark the session DONE with a copy of result (wiped on destroy). */
int duet_session_finish(struct duet_session *s, const uint8_t *result,
    size_t len);

/* The index of party p in s->parties, or -1. */
int duet_session_pos(const struct duet_session *s, int p);

/*
 * Start a transcript (transcript.h) bound to this session: tag (version
 * 1), sid, prover as the transcript's party, then the protocol id, the
 * level and the ordered party list.  For commitments, echo hashes and
 * the protocol's own hash-to-scalar uses.  t must be cleared on every
 * path.
 */
struct duet_transcript;
int duet_session_transcript(const struct duet_session *s,
    struct duet_transcript *t, const char *tag, int prover);

/*
 * The zk.h context of a proof made in this session by prover, with the
 * given discriminator and joint random string (NULL if none).
 */
struct duet_zk_ctx;
void duet_session_zk_ctx(const struct duet_session *s, struct duet_zk_ctx *ctx,
    int prover, uint32_t discriminator, const uint8_t *rho, size_t rho_len);

#endif /* DUET_PROTOCOL_SESSION_H */
