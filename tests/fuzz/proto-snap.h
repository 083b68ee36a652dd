/*
 * proto-snap.h -- snapshots of honest protocol runs for fuzzing the
 * message parsers of every protocol round (tests/fuzz/fuzz-proto.c and
 * tests/crypto/proto-mutate-t.c).
 *
 * A snapshot is one receiving party just before one of its steps: its
 * serialized session and the honest messages of that round addressed to
 * it.  proto_snap_build() runs keygen, aux (level 112), presign, sign
 * and refresh once, deterministically (a fixed test-RNG seed), and
 * records a snapshot for every step of every party.  Test code only; it
 * needs the test library (seeded RNG) and $top_srcdir for test primes.
 */

#ifndef DUET_TESTS_PROTO_SNAP_H
#define DUET_TESTS_PROTO_SNAP_H

#include <stddef.h>
#include <stdint.h>

#define PROTO_SNAP_MAX_MSGS  6

struct proto_snap {
    int proto;                      /* DUET_PROTO_* */
    int round;                      /* the inbound round */
    int party;                      /* the receiving party */
    uint8_t *session;               /* serialized session before step */
    size_t session_len;
    size_t nmsgs;
    uint8_t *msg[PROTO_SNAP_MAX_MSGS];
    size_t msg_len[PROTO_SNAP_MAX_MSGS];
    int sender[PROTO_SNAP_MAX_MSGS];
};

/* Kinds of result blobs kept by proto_snap_build. */
#define PROTO_SNAP_KEYSHARE  1
#define PROTO_SNAP_AUX       2
#define PROTO_SNAP_PRESIG    3
#define PROTO_SNAP_MAX_BLOBS 16

struct proto_snaps {
    struct proto_snap *v;
    size_t n;
    /* The honest runs' results: key shares, aux blobs, presignatures. */
    size_t nblobs;
    int blob_kind[PROTO_SNAP_MAX_BLOBS];
    uint8_t *blob[PROTO_SNAP_MAX_BLOBS];
    size_t blob_len[PROTO_SNAP_MAX_BLOBS];
};

/*
 * Run the protocols and record the snapshots.  Returns 0, or -1 if an
 * honest run failed (then *what says which).
 */
int proto_snap_build(struct proto_snaps *snaps, const char **what);

void proto_snap_free(struct proto_snaps *snaps);

/*
 * Step a fresh copy of snapshot sn with its messages, message k replaced
 * by (m, m_len) (k >= nmsgs: no replacement).  Returns the step's code;
 * *blame its blame; *status the session's status afterwards.
 */
struct duet_blame;
int proto_snap_step(const struct proto_snap *sn, size_t k, const uint8_t *m,
    size_t m_len, struct duet_blame *blame, int *status);

#endif /* DUET_TESTS_PROTO_SNAP_H */
