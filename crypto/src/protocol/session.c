/*
 * session.c -- the protocol-independent session core (session.h): the
 * message envelope, the checks on every inbound set, retries, the
 * per-round randomness stream, abort with blame, and the serialized form.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "duet_session.h"
#include "duet_util.h"
#include "codec/buf.h"
#include "hash/hash.h"
#include "protocol/protocols.h"
#include "protocol/session.h"
#include "transcript/transcript.h"
#include "util/check.h"
#include "util/mem.h"
#include "util/rand.h"
#include "zk/zk.h"

/*
 * Envelope (all integers big-endian):
 *   u16 magic "DM"  u8 version  u8 proto  u8 sid_len  sid
 *   u8 round  u8 sender  u8 recipient (255: broadcast)
 *   u32 payload_len  payload
 */
#define DUET_MSG_MAGIC          0x444du
#define DUET_MSG_VERSION        1
#define DUET_MSG_HEADER_MAX     (2 + 1 + 1 + 1 + DUET_SID_MAX + 3 + 4)

/* Session blob: u32 "DSES", u16 version, then the fields of session.h. */
#define DUET_SESSION_MAGIC      0x44534553u
#define DUET_SESSION_VERSION    1

#define DUET_KIND_BCAST         0
#define DUET_KIND_P2P           1


/* A parsed envelope. */
struct duet_envelope {
    struct duet_msg_info info;
    const uint8_t *payload;
};


static int
duet_envelope_read(struct duet_envelope *env, const uint8_t *msg, size_t len)
{
    struct duet_buf_reader rd;
    uint16_t magic = 0;
    uint8_t version = 0, proto = 0, sid_len = 0, round = 0, sender = 0;
    uint8_t recipient = 0;
    uint32_t plen = 0;
    int r;

    memset(env, 0, sizeof(*env));
    env->info.sender = DUET_PARTY_NONE;
    duet_buf_reader_init(&rd, msg, len);

    if ((r = duet_buf_get_u16(&rd, &magic)) != 0) {
        return r;
    }
    if (magic != DUET_MSG_MAGIC) {
        return DUET_ERR_BAD_MAGIC;
    }
    if ((r = duet_buf_get_u8(&rd, &version)) != 0) {
        return r;
    }
    if (version != DUET_MSG_VERSION) {
        return DUET_ERR_BAD_VERSION;
    }
    if ((r = duet_buf_get_u8(&rd, &proto)) != 0
        || (r = duet_buf_get_u8(&rd, &sid_len)) != 0)
    {
        return r;
    }
    if (duet_proto_ops_get(proto) == NULL) {
        return DUET_ERR_UNSUPPORTED;
    }
    if (sid_len < DUET_SID_MIN || sid_len > DUET_SID_MAX) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }
    if ((r = duet_buf_get_bytes(&rd, env->info.sid, sid_len)) != 0
        || (r = duet_buf_get_u8(&rd, &round)) != 0
        || (r = duet_buf_get_u8(&rd, &sender)) != 0)
    {
        return r;
    }
    /* From here on the sender is known and can be blamed. */
    env->info.sender = sender;
    if ((r = duet_buf_get_u8(&rd, &recipient)) != 0
        || (r = duet_buf_get_u32(&rd, &plen)) != 0
        || (r = duet_buf_get_bytes_direct(&rd, &env->payload, plen)) != 0)
    {
        return r;
    }
    if ((r = duet_buf_reader_end(&rd)) != 0) {
        return r;
    }
    env->info.proto = proto;
    env->info.round = round;
    env->info.recipient = recipient;
    env->info.sid_len = sid_len;
    env->info.payload_len = plen;
    return 0;
}


int
duet_msg_read_info(struct duet_msg_info *info, const uint8_t *msg, size_t len)
{
    struct duet_envelope env;
    int r;

    r = duet_envelope_read(&env, msg, len);
    *info = env.info;
    return r;
}


/* Session life. */

int
duet_session_new(struct duet_session **sp, const struct duet_proto_ops *ops,
    const struct duet_level *level, const uint8_t *sid, size_t sid_len,
    uint8_t me, const uint8_t *parties, uint8_t nparties)
{
    struct duet_session *s = NULL;
    unsigned i, j;
    int found = 0, r = DUET_ERR_INTERNAL;

    *sp = NULL;
    if (ops == NULL || level == NULL || sid == NULL
        || sid_len < DUET_SID_MIN || sid_len > DUET_SID_MAX
        || nparties < 2 || nparties > DUET_MAX_PARTIES)
    {
        return DUET_ERR_INVALID_ARGUMENT;
    }
    for (i = 0; i < nparties; i++) {
        if (parties[i] >= DUET_MAX_PARTIES) {
            return DUET_ERR_INVALID_ARGUMENT;
        }
        for (j = 0; j < i; j++) {
            if (parties[j] == parties[i]) {
                return DUET_ERR_INVALID_ARGUMENT;
            }
        }
        found |= parties[i] == me;
    }
    if (!found) {
        return DUET_ERR_INVALID_ARGUMENT;
    }

    if ((s = calloc(1, sizeof(*s))) == NULL
        || (ops->body_size > 0
            && (s->body = calloc(1, ops->body_size)) == NULL))
    {
        r = DUET_ERR_NO_MEMORY;
        goto out;
    }
    s->ops = ops;
    s->level = level;
    s->status = DUET_SESSION_RUNNING;
    s->me = me;
    s->nparties = nparties;
    memcpy(s->parties, parties, nparties);
    memcpy(s->sid, sid, sid_len);
    s->sid_len = sid_len;
    duet_blame_clear(&s->blame);
    if ((r = duet_random_bytes(s->seed, sizeof(s->seed))) != 0) {
        goto out;
    }
    *sp = s;
    s = NULL;
    r = 0;

out:
    duet_session_free(s);
    return r;
}


static void
duet_session_clear_out(struct duet_session *s)
{
    size_t i;

    for (i = 0; i < s->nout; i++) {
        duet_free_wipe(s->out[i].msg, s->out[i].len);
        s->out[i].msg = NULL;
        s->out[i].len = 0;
    }
    s->nout = 0;
}


/* Wipe every secret the session holds; keep the blame. */
static void
duet_session_wipe(struct duet_session *s)
{
    if (s->body != NULL && s->ops->body_clear != NULL) {
        s->ops->body_clear(s);
    }
    if (s->body != NULL) {
        duet_memclear(s->body, s->ops->body_size);
    }
    duet_memclear(s->seed, sizeof(s->seed));
}


void
duet_session_free(struct duet_session *s)
{
    if (s == NULL) {
        return;
    }
    duet_session_wipe(s);
    free(s->body);
    duet_session_clear_out(s);
    if (s->result != NULL) {
        duet_free_wipe(s->result, s->result_len);
    }
    duet_memclear(s, sizeof(*s));
    free(s);
}


/* Abort: record blame, wipe secrets and pending output. */
static void
duet_session_abort(struct duet_session *s, const struct duet_blame *blame)
{
    s->status = DUET_SESSION_ABORTED;
    s->blame = *blame;
    duet_session_wipe(s);
    duet_session_clear_out(s);
    if (s->result != NULL) {
        duet_free_wipe(s->result, s->result_len);
        s->result = NULL;
        s->result_len = 0;
    }
}


/*
 * The stream key of a round: SHA-256("duet.session.stream.v1" || seed ||
 * be32(round) || input digest).
 */
static int
duet_session_stream_key(const struct duet_session *s, unsigned round,
    const uint8_t digest[DUET_SHA256_BYTES], uint8_t key[32])
{
    static const char tag[] = "duet.session.stream.v1";
    struct duet_sha256 h;
    uint8_t rb[4];
    int r;

    rb[0] = (uint8_t) (round >> 24);
    rb[1] = (uint8_t) (round >> 16);
    rb[2] = (uint8_t) (round >> 8);
    rb[3] = (uint8_t) round;
    if ((r = duet_sha256_init(&h)) != 0) {
        return r;
    }
    if ((r = duet_sha256_update(&h, tag, sizeof(tag) - 1)) != 0
        || (r = duet_sha256_update(&h, s->seed, sizeof(s->seed))) != 0
        || (r = duet_sha256_update(&h, rb, sizeof(rb))) != 0
        || (r = duet_sha256_update(&h, digest, DUET_SHA256_BYTES)) != 0
        || (r = duet_sha256_final(&h, key)) != 0)
    {
        duet_memclear(key, 32);
    }
    duet_sha256_clear(&h);
    return r;
}


int
duet_session_begin(struct duet_session **sp,
    int (*init)(struct duet_session *s, const void *arg), const void *arg)
{
    struct duet_session *s = *sp;
    struct duet_rand_stream st;
    uint8_t key[32], zero[DUET_SHA256_BYTES];
    int r;

    memset(zero, 0, sizeof(zero));
    if ((r = duet_session_stream_key(s, 0, zero, key)) != 0) {
        goto out;
    }
    s->round = 0;
    duet_rand_stream_begin(&st, key);
    r = init(s, arg);
    duet_rand_stream_end(&st);
    if (r != 0) {
        goto out;
    }
    s->round = 1;

out:
    duet_memclear(key, sizeof(key));
    if (r != 0) {
        duet_session_free(s);
        *sp = NULL;
    }
    return r;
}


int
duet_session_send(struct duet_session *s, int recipient,
    const uint8_t *payload, size_t len)
{
    struct duet_buf_writer w;
    struct duet_out *o;
    int r;

    if (s->nout >= DUET_MAX_OUTGOING
        || (recipient != DUET_BROADCAST
            && (duet_session_pos(s, recipient) < 0 || recipient == s->me))
        || len > UINT32_MAX)
    {
        return DUET_ERR_INTERNAL;
    }
    duet_buf_writer_init_alloc(&w, DUET_BUF_MAX);
    duet_buf_put_u16(&w, DUET_MSG_MAGIC);
    duet_buf_put_u8(&w, DUET_MSG_VERSION);
    duet_buf_put_u8(&w, s->ops->proto);
    duet_buf_put_u8(&w, (uint8_t) s->sid_len);
    duet_buf_put_bytes(&w, s->sid, s->sid_len);
    duet_buf_put_u8(&w, (uint8_t) (s->round + 1));
    duet_buf_put_u8(&w, s->me);
    duet_buf_put_u8(&w, (uint8_t) recipient);
    duet_buf_put_u32(&w, (uint32_t) len);
    duet_buf_put_bytes(&w, payload, len);
    if ((r = duet_buf_writer_error(&w)) != 0) {
        duet_buf_writer_free(&w);
        return r;
    }
    o = &s->out[s->nout];
    o->len = duet_buf_writer_len(&w);
    if ((o->msg = malloc(o->len)) == NULL) {
        duet_buf_writer_free(&w);
        return DUET_ERR_NO_MEMORY;
    }
    memcpy(o->msg, duet_buf_writer_ptr(&w), o->len);
    o->recipient = recipient;
    s->nout++;
    duet_buf_writer_free(&w);
    return 0;
}


int
duet_session_send_writer(struct duet_session *s, int recipient,
    struct duet_buf_writer *w)
{
    int r;

    if ((r = duet_buf_writer_error(w)) == 0) {
        r = duet_session_send(s, recipient, duet_buf_writer_ptr(w),
            duet_buf_writer_len(w));
    }
    duet_buf_writer_free(w);
    return r;
}


int
duet_session_finish(struct duet_session *s, const uint8_t *result,
    size_t len)
{
    if (s->result != NULL || len == 0) {
        return DUET_ERR_INTERNAL;
    }
    if ((s->result = malloc(len)) == NULL) {
        return DUET_ERR_NO_MEMORY;
    }
    memcpy(s->result, result, len);
    s->result_len = len;
    s->status = DUET_SESSION_DONE;
    return 0;
}


int
duet_session_pos(const struct duet_session *s, int p)
{
    unsigned i;

    for (i = 0; i < s->nparties; i++) {
        if (s->parties[i] == p) {
            return (int) i;
        }
    }
    return -1;
}


int
duet_session_transcript(const struct duet_session *s,
    struct duet_transcript *t, const char *tag, int prover)
{
    int r;

    if ((r = duet_transcript_init(t, tag, 1, s->sid, s->sid_len,
            (uint16_t) prover, 0)) != 0)
    {
        return r;
    }
    duet_transcript_absorb_u64(t, 1, s->ops->proto);
    duet_transcript_absorb_u64(t, 2, (uint64_t) s->level->id);
    return duet_transcript_absorb_bytes(t, 3, s->parties, s->nparties);
}


void
duet_session_zk_ctx(const struct duet_session *s, struct duet_zk_ctx *ctx,
    int prover, uint32_t discriminator, const uint8_t *rho, size_t rho_len)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->level = s->level;
    ctx->sid = s->sid;
    ctx->sid_len = s->sid_len;
    ctx->prover = (uint16_t) prover;
    ctx->discriminator = discriminator;
    ctx->rho = rho;
    ctx->rho_len = rho_len;
}


/* Stepping. */

/* Per message of an inbound set: its envelope and where it goes. */
struct duet_slot {
    struct duet_envelope env;
    struct duet_in in;
    unsigned round;
    int kind;
    uint8_t digest[DUET_SHA256_BYTES];
};

#define DUET_MAX_INBOUND  (2 * DUET_MAX_PARTIES)


/*
 * Blame party.  Written directly, not with duet_blame_set: for
 * DUET_ERR_UNKNOWN_SENDER, party is the index the message claimed, which
 * may lie outside 0..2 (duet_session.h says so).
 */
static int
duet_session_blame_ret(struct duet_blame *blame, int party, unsigned round,
    int reason)
{
    blame->party = party;
    blame->round = (int) round;
    blame->reason = reason;
    return reason;
}


/*
 * Envelope checks of one message against the session.  Returns 0 or the
 * code, with *blame naming the sender when known.
 */
static int
duet_session_check_env(const struct duet_session *s, struct duet_slot *sl,
    const uint8_t *msg, size_t len, unsigned *round, struct duet_blame *blame)
{
    const struct duet_msg_info *info = &sl->env.info;
    int r;

    if ((r = duet_envelope_read(&sl->env, msg, len)) != 0) {
        /* Blame the sender the envelope names, if it is a peer at all. */
        return duet_session_blame_ret(blame,
            info->sender != s->me && duet_session_pos(s, info->sender) >= 0
            ? info->sender : DUET_PARTY_NONE, s->round, r);
    }
    *round = (unsigned) info->round;
    /* The sender first: every later check blames it. */
    if (info->sender == s->me || duet_session_pos(s, info->sender) < 0) {
        return duet_session_blame_ret(blame, info->sender, s->round,
            DUET_ERR_UNKNOWN_SENDER);
    }
    if (info->proto != s->ops->proto || info->sid_len != s->sid_len
        || !duet_ct_memeq(info->sid, s->sid, s->sid_len))
    {
        return duet_session_blame_ret(blame, info->sender, s->round,
            DUET_ERR_WRONG_SESSION);
    }
    if (info->recipient == DUET_BROADCAST) {
        sl->kind = DUET_KIND_BCAST;
    } else if (info->recipient == s->me) {
        sl->kind = DUET_KIND_P2P;
    } else {
        /* Addressed to somebody else: the sender misrouted it. */
        return duet_session_blame_ret(blame, info->sender, s->round,
            DUET_ERR_PROTOCOL);
    }
    sl->in.payload = sl->env.payload;
    sl->in.len = info->payload_len;
    if ((r = duet_sha256(sl->digest, msg, len)) != 0) {
        return r;
    }
    return 0;
}


/*
 * The digest of an inbound set: the per-message digests in (sender,
 * kind) order, under a tag.  Order-independent by construction.
 */
static int
duet_session_set_digest(const struct duet_slot *slot[DUET_MAX_PARTIES][2],
    uint8_t out[DUET_SHA256_BYTES])
{
    static const char tag[] = "duet.session.input.v1";
    struct duet_sha256 h;
    uint8_t mark[2];
    unsigned p, k;
    int r;

    if ((r = duet_sha256_init(&h)) != 0) {
        return r;
    }
    r = duet_sha256_update(&h, tag, sizeof(tag) - 1);
    for (p = 0; r == 0 && p < DUET_MAX_PARTIES; p++) {
        for (k = 0; r == 0 && k < 2; k++) {
            if (slot[p][k] == NULL) {
                continue;
            }
            mark[0] = (uint8_t) p;
            mark[1] = (uint8_t) k;
            if ((r = duet_sha256_update(&h, mark, 2)) == 0) {
                r = duet_sha256_update(&h, slot[p][k]->digest,
                    DUET_SHA256_BYTES);
            }
        }
    }
    if (r == 0) {
        r = duet_sha256_final(&h, out);
    }
    duet_sha256_clear(&h);
    return r;
}


/*
 * A retry of the round already processed: every message must equal the
 * one processed then.
 */
static int
duet_session_check_retry(struct duet_session *s,
    const struct duet_slot *slots, size_t count, struct duet_blame *blame)
{
    size_t i;
    int p;

    for (i = 0; i < count; i++) {
        p = slots[i].env.info.sender;
        if (!duet_ct_memeq(slots[i].digest,
                s->last_msg_digest[p][slots[i].kind], DUET_SHA256_BYTES))
        {
            return duet_session_blame_ret(blame, p, s->last_round,
                DUET_ERR_EQUIVOCATION);
        }
    }
    return 0;
}


int
duet_session_run_step(struct duet_session *s, const uint8_t *const *msgs,
    const size_t *lens, size_t count, struct duet_blame *blame)
{
    struct duet_slot *slots = NULL;
    const struct duet_slot *slot[DUET_MAX_PARTIES][2];
    struct duet_round_in in;
    struct duet_rand_stream st;
    uint8_t digest[DUET_SHA256_BYTES], key[32];
    unsigned round = 0, expect, want, p;
    int retry = 0, streaming = 0, fatal = 1, r = DUET_ERR_INTERNAL;
    size_t i, max;

    duet_blame_clear(blame);
    memset(slot, 0, sizeof(slot));
    memset(&in, 0, sizeof(in));

    if (s->status == DUET_SESSION_ABORTED) {
        *blame = s->blame;
        return DUET_ERR_ABORTED;
    }
    if (count > DUET_MAX_INBOUND) {
        /* More than any round can hold: someone sent twice. */
        fatal = 0;
        r = DUET_ERR_INVALID_ARGUMENT;
        goto out;
    }
    if (count > 0 && (slots = calloc(count, sizeof(*slots))) == NULL) {
        r = DUET_ERR_NO_MEMORY;
        fatal = 0;
        goto out;
    }

    /* Envelopes: parse, and learn each message's round. */
    for (i = 0; i < count; i++) {
        if ((r = duet_session_check_env(s, &slots[i], msgs[i], lens[i],
                &slots[i].round, blame)) != 0)
        {
            goto out;
        }
    }
    /*
     * A set made only of messages of the last processed round is a retry
     * (while running, s->round is last_round + 1).  Otherwise every
     * message must be of the awaited round, and one that is not blames
     * its own sender, whatever its place in the set.
     */
    retry = s->have_last && count > 0;
    for (i = 0; i < count; i++) {
        retry &= slots[i].round == s->last_round;
    }
    round = retry ? s->last_round : s->round;
    for (i = 0; i < count; i++) {
        p = (unsigned) slots[i].env.info.sender;
        if (slots[i].round != round) {
            r = duet_session_blame_ret(blame, (int) p, s->round,
                DUET_ERR_WRONG_ROUND);
            goto out;
        }
        if (slot[p][slots[i].kind] != NULL) {
            r = duet_session_blame_ret(blame, (int) p, round,
                DUET_ERR_DUPLICATE);
            goto out;
        }
        slot[p][slots[i].kind] = &slots[i];
    }

    if (retry || (count > 0 && s->status == DUET_SESSION_DONE)) {
        if (!retry) {
            fatal = 0;
            r = DUET_ERR_BAD_STATE;
            goto out;
        }
        r = duet_session_check_retry(s, slots, count, blame);
        fatal = r != 0;
        goto out;
    }
    if (s->status != DUET_SESSION_RUNNING) {
        fatal = 0;
        r = DUET_ERR_BAD_STATE;
        goto out;
    }

    /* What the round needs, kind by kind, from every peer. */
    for (i = 0; i < count; i++) {
        p = (unsigned) slots[i].env.info.sender;
        expect = s->ops->expect(s, s->round);
        want = slots[i].kind == DUET_KIND_BCAST
            ? DUET_EXPECT_BCAST : DUET_EXPECT_P2P;
        if ((expect & want) == 0) {
            /* A broadcast where p2p is due, or the reverse (F2). */
            r = duet_session_blame_ret(blame, (int) p, s->round,
                DUET_ERR_PROTOCOL);
            goto out;
        }
        max = s->ops->max_payload(s, s->round,
            slots[i].kind == DUET_KIND_BCAST);
        if (slots[i].in.len > max) {
            r = duet_session_blame_ret(blame, (int) p, s->round,
                DUET_ERR_LIMIT_EXCEEDED);
            goto out;
        }
    }
    for (i = 0; i < s->nparties; i++) {
        p = s->parties[i];
        if (p == s->me) {
            continue;
        }
        expect = s->ops->expect(s, s->round);
        if (((expect & DUET_EXPECT_BCAST) && slot[p][DUET_KIND_BCAST] == NULL)
            || ((expect & DUET_EXPECT_P2P) && slot[p][DUET_KIND_P2P] == NULL))
        {
            fatal = 0;
            r = duet_session_blame_ret(blame, (int) p, s->round,
                DUET_ERR_MISSING_MESSAGE);
            goto out;
        }
        in.bcast[p] = slot[p][DUET_KIND_BCAST] != NULL
            ? &slot[p][DUET_KIND_BCAST]->in : NULL;
        in.p2p[p] = slot[p][DUET_KIND_P2P] != NULL
            ? &slot[p][DUET_KIND_P2P]->in : NULL;
    }

    /* Run the protocol's round under the round's stream. */
    if ((r = duet_session_set_digest(slot, digest)) != 0
        || (r = duet_session_stream_key(s, s->round, digest, key)) != 0)
    {
        goto out;
    }
    duet_session_clear_out(s);
    duet_rand_stream_begin(&st, key);
    streaming = 1;
    r = s->ops->step(s, &in, blame);
    duet_rand_stream_end(&st);
    streaming = 0;
    if (r != 0) {
        goto out;
    }

    s->have_last = 1;
    s->last_round = s->round;
    memcpy(s->last_digest, digest, sizeof(digest));
    memset(s->last_msg_digest, 0, sizeof(s->last_msg_digest));
    for (i = 0; i < count; i++) {
        memcpy(s->last_msg_digest[slots[i].env.info.sender][slots[i].kind],
            slots[i].digest, DUET_SHA256_BYTES);
    }
    if (s->status == DUET_SESSION_RUNNING) {
        s->round++;
    } else {
        duet_session_wipe(s);
    }
    duet_blame_clear(blame);

out:
    if (streaming) {
        duet_rand_stream_end(&st);
    }
    duet_memclear(key, sizeof(key));
    free(slots);
    if (r != 0 && fatal) {
        duet_session_abort(s, blame);
    }
    return r;
}


/* Serialized form. */

int
duet_session_write(struct duet_buf_writer *w, const struct duet_session *s)
{
    size_t i;

    duet_buf_put_u32(w, DUET_SESSION_MAGIC);
    duet_buf_put_u16(w, DUET_SESSION_VERSION);
    duet_buf_put_u8(w, s->ops->proto);
    duet_buf_put_u8(w, (uint8_t) s->level->id);
    duet_buf_put_u8(w, (uint8_t) s->status);
    duet_buf_put_u8(w, s->me);
    duet_buf_put_u8(w, s->nparties);
    duet_buf_put_bytes(w, s->parties, s->nparties);
    duet_buf_put_u8(w, (uint8_t) s->sid_len);
    duet_buf_put_bytes(w, s->sid, s->sid_len);
    duet_buf_put_u32(w, s->round);
    duet_buf_put_bytes(w, s->seed, sizeof(s->seed));
    duet_buf_put_u8(w, (uint8_t) s->have_last);
    duet_buf_put_u32(w, s->last_round);
    duet_buf_put_bytes(w, s->last_digest, sizeof(s->last_digest));
    duet_buf_put_bytes(w, &s->last_msg_digest[0][0][0],
        sizeof(s->last_msg_digest));
    duet_buf_put_u8(w, (uint8_t) s->nout);
    for (i = 0; i < s->nout; i++) {
        duet_buf_put_u8(w, (uint8_t) s->out[i].recipient);
        duet_buf_put_string(w, s->out[i].msg, s->out[i].len);
    }
    duet_buf_put_string(w, s->result, s->result_len);
    duet_buf_put_u16(w, (uint16_t) (s->blame.party + 1));
    duet_buf_put_u32(w, (uint32_t) s->blame.round);
    duet_buf_put_u32(w, (uint32_t) -s->blame.reason);
    if (s->status == DUET_SESSION_RUNNING && s->ops->body_encode != NULL) {
        return s->ops->body_encode(w, s);
    }
    return duet_buf_writer_error(w);
}


int
duet_session_read(struct duet_session **sp, const uint8_t *blob, size_t len)
{
    struct duet_buf_reader rd;
    struct duet_session *s = NULL;
    const struct duet_proto_ops *ops;
    const uint8_t *p;
    uint32_t magic = 0, round = 0, last_round = 0, br = 0, breason = 0;
    uint16_t version = 0, bp = 0;
    uint8_t proto = 0, level = 0, status = 0, me = 0, n = 0, b = 0;
    uint8_t sid_len = 0, parties[DUET_MAX_PARTIES], nout = 0, rcpt = 0;
    uint8_t sid[DUET_SID_MAX];
    size_t i, plen = 0;
    int r;

    *sp = NULL;
    duet_buf_reader_init(&rd, blob, len);
    if ((r = duet_buf_get_u32(&rd, &magic)) != 0) {
        return r;
    }
    if (magic != DUET_SESSION_MAGIC) {
        return DUET_ERR_BAD_MAGIC;
    }
    if ((r = duet_buf_get_u16(&rd, &version)) != 0) {
        return r;
    }
    if (version != DUET_SESSION_VERSION) {
        return DUET_ERR_BAD_VERSION;
    }
    duet_buf_get_u8(&rd, &proto);
    duet_buf_get_u8(&rd, &level);
    duet_buf_get_u8(&rd, &status);
    duet_buf_get_u8(&rd, &me);
    if ((r = duet_buf_get_u8(&rd, &n)) != 0) {
        return r;
    }
    if ((ops = duet_proto_ops_get(proto)) == NULL
        || duet_level_get(level) == NULL
        || n < 2 || n > DUET_MAX_PARTIES
        || status < DUET_SESSION_RUNNING || status > DUET_SESSION_ABORTED)
    {
        return DUET_ERR_UNSUPPORTED;
    }
    duet_buf_get_bytes(&rd, parties, n);
    if ((r = duet_buf_get_u8(&rd, &sid_len)) != 0) {
        return r;
    }
    if (sid_len < DUET_SID_MIN || sid_len > DUET_SID_MAX) {
        return DUET_ERR_LIMIT_EXCEEDED;
    }
    if ((r = duet_buf_get_bytes(&rd, sid, sid_len)) != 0) {
        return r;
    }
    if ((r = duet_session_new(&s, ops, duet_level_get(level), sid, sid_len,
            me, parties, n)) != 0)
    {
        return r == DUET_ERR_INVALID_ARGUMENT ? DUET_ERR_BAD_ENCODING : r;
    }
    s->status = status;
    duet_buf_get_u32(&rd, &round);
    s->round = round;
    duet_buf_get_bytes(&rd, s->seed, sizeof(s->seed));
    duet_buf_get_u8(&rd, &b);
    s->have_last = b != 0;
    duet_buf_get_u32(&rd, &last_round);
    s->last_round = last_round;
    duet_buf_get_bytes(&rd, s->last_digest, sizeof(s->last_digest));
    duet_buf_get_bytes(&rd, &s->last_msg_digest[0][0][0],
        sizeof(s->last_msg_digest));
    if ((r = duet_buf_get_u8(&rd, &nout)) != 0) {
        goto out;
    }
    if (nout > DUET_MAX_OUTGOING || b > 1) {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    for (i = 0; i < nout; i++) {
        duet_buf_get_u8(&rd, &rcpt);
        if ((r = duet_buf_get_string_direct(&rd, &p, &plen, DUET_BUF_MAX))
            != 0)
        {
            goto out;
        }
        if ((s->out[i].msg = malloc(plen > 0 ? plen : 1)) == NULL) {
            r = DUET_ERR_NO_MEMORY;
            goto out;
        }
        memcpy(s->out[i].msg, p, plen);
        s->out[i].len = plen;
        s->out[i].recipient = rcpt;
        s->nout = i + 1;
    }
    if ((r = duet_buf_get_string_direct(&rd, &p, &plen, DUET_BUF_MAX)) != 0) {
        goto out;
    }
    if (plen > 0) {
        if ((s->result = malloc(plen)) == NULL) {
            r = DUET_ERR_NO_MEMORY;
            goto out;
        }
        memcpy(s->result, p, plen);
        s->result_len = plen;
    }
    duet_buf_get_u16(&rd, &bp);
    duet_buf_get_u32(&rd, &br);
    if ((r = duet_buf_get_u32(&rd, &breason)) != 0) {
        goto out;
    }
    if (bp > 256 || breason > (uint32_t) -DUET_ERR_MIN
        || (status == DUET_SESSION_DONE) != (plen > 0))
    {
        r = DUET_ERR_BAD_ENCODING;
        goto out;
    }
    s->blame.party = (int) bp - 1;
    s->blame.round = (int) br;
    s->blame.reason = -(int) breason;
    if (status == DUET_SESSION_RUNNING && ops->body_parse != NULL
        && (r = ops->body_parse(&rd, s)) != 0)
    {
        goto out;
    }
    if ((r = duet_buf_reader_end(&rd)) != 0) {
        goto out;
    }
    *sp = s;
    s = NULL;

out:
    duet_session_free(s);
    duet_memclear(sid, sizeof(sid));
    return r;
}
