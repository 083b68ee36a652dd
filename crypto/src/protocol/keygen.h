/*
 * keygen.h -- what keygen.c and refresh.c share besides their ops
 * (protocols.h): the wire formats of their round messages, the bounded
 * field readers both use, and the test hooks of the negative suite.
 *
 * Keygen payloads (rounds of duet_keygen.h; scalars 32 bytes big-endian
 * and canonical, points 33 bytes SEC1 compressed):
 *   1 bcast  V_i                                                32
 *   2 bcast  h_i (echo)                                         32
 *   3 bcast  rid_i[32] || u8 n || n points S_i || A_i || u_i[32]
 *                                           164 for n = t = 2
 *     p2p    sigma_ij = f_i(j + 1)                              32
 *   4 bcast  z_i (Schnorr response under the A_i of round 3)   32
 *
 * Refresh payloads:
 *   1 bcast  V_i || fingerprint of the old sharing (share.h)    64
 *   2 bcast  h_i (echo)                                         32
 *   3 bcast  rid_i[32] || u8 n || n points S_i (S_i0 is the
 *            infinity encoding, 33 zero bytes) || u8 n || n DH
 *            points Y_ik || u8 n || n Schnorr nonces A_i || u_i[32]
 *                                   265 for t = 2, n = 3, t - 1 = 1
 *   4 bcast  z_i (Schnorr response for s_i1)                    32
 *     p2p    phi_i(j + 1) + rho_ij (masked share)               32
 *   5 bcast  c_i (confirmation of epoch + 1, Y, X*_0..X*_2)     32
 *
 * The vectors carry an explicit count so that a vector of the wrong
 * length parses and is refused by the protocol check that names its
 * sender (attack D1), not by the parser.  The count is bounded by
 * DUET_KEYGEN_MAX_POINTS (DUET_ERR_LIMIT_EXCEEDED above it).
 */

#ifndef DUET_PROTOCOL_KEYGEN_H
#define DUET_PROTOCOL_KEYGEN_H

#include <stddef.h>
#include <stdint.h>

#include "codec/buf.h"
#include "curve/curve.h"
#include "hash/hash.h"
#include "protocol/session.h"
#include "protocol/share.h"

/* Transcript tags of the commitments and echoes. */
#define DUET_KEYGEN_TAG_COMMIT   "duet.keygen.commit"
#define DUET_KEYGEN_TAG_ECHO     "duet.keygen.echo"
#define DUET_REFRESH_TAG_COMMIT  "duet.refresh.commit"
#define DUET_REFRESH_TAG_ECHO    "duet.refresh.echo"

/* rid and u: kappa = 256 bits at both levels (level.h). */
#define DUET_KEYGEN_KAPPA        32

/* Largest vector count a reader accepts. */
#define DUET_KEYGEN_MAX_POINTS   8

/* Ceiling of the fixed-size messages (one hash or scalar). */
#define DUET_KEYGEN_SMALL_MAX    64

/* Refresh's round-1 message: V_i and the old sharing's fingerprint. */
#define DUET_REFRESH_R1_BYTES    (2 * DUET_SHA256_BYTES)

/* Ceiling of keygen's decommitment: rid, n, n points, A, u. */
#define DUET_KEYGEN_DECOMMIT_MAX \
    (DUET_KEYGEN_KAPPA + 1 + DUET_KEYGEN_MAX_POINTS * DUET_POINT_BYTES \
     + DUET_POINT_BYTES + DUET_KEYGEN_KAPPA)

/* Ceiling of refresh's decommitment: rid, three vectors, u. */
#define DUET_REFRESH_DECOMMIT_MAX \
    (DUET_KEYGEN_KAPPA + 3 * (1 + DUET_KEYGEN_MAX_POINTS * DUET_POINT_BYTES) \
     + DUET_KEYGEN_KAPPA)


/*
 * Record that party misbehaved in the round being processed.
 * Returns: code.
 */
int duet_keygen_blame(struct duet_blame *blame, const struct duet_session *s,
    int party, int code);

/*
 * Read one canonical scalar (32 bytes, < q).  Constant time in the value.
 * Returns: 0, DUET_ERR_TRUNCATED, DUET_ERR_NON_CANONICAL, or the reader's
 *          sticky error.
 */
int duet_keygen_get_scalar(struct duet_buf_reader *rd, struct duet_scalar *a);

/* Append a's 32 bytes. */
int duet_keygen_put_scalar(struct duet_buf_writer *w,
    const struct duet_scalar *a);

/*
 * Read one point (33 bytes).  flags: DUET_POINT_ALLOW_INFINITY or 0.
 * Returns: 0, DUET_ERR_TRUNCATED, or duet_point_parse's error.
 */
int duet_keygen_get_point(struct duet_buf_reader *rd, struct duet_point *p,
    unsigned flags);

/*
 * Append p's 33 bytes.  A point that cannot be encoded (infinity without
 * the flag) also fails w, so that the writer's sticky error, checked
 * once at the end, catches it.
 * Returns: 0, DUET_ERR_INFINITY, a writer error.
 */
int duet_keygen_put_point(struct duet_buf_writer *w,
    const struct duet_point *p, unsigned flags);

/*
 * Read a counted vector: u8 n, then n points.
 * Returns: 0; DUET_ERR_LIMIT_EXCEEDED (n > cap); as duet_keygen_get_point.
 * Out:     pts[0..n), n.
 */
int duet_keygen_get_points(struct duet_buf_reader *rd, struct duet_point *pts,
    size_t cap, size_t *n, unsigned flags);

/*
 * Append u8 n and the n points (n <= DUET_KEYGEN_MAX_POINTS, else w fails
 * with DUET_ERR_INTERNAL).
 */
int duet_keygen_put_points(struct duet_buf_writer *w,
    const struct duet_point *pts, size_t n, unsigned flags);

/*
 * The echo hash of party prover over the three round-1 commitments, in
 * index order (spec 1.3, 4.4): transcript tag, sid, prover, V_0..V_2.
 * v: the three 32-byte V_j, concatenated.
 */
int duet_keygen_echo_hash(const struct duet_session *s, const char *tag,
    int prover, const uint8_t *v, uint8_t out[DUET_SHA256_BYTES]);


#ifdef DUET_TEST_HOOKS
/*
 * TEST ONLY.  Dishonest parties for the negative suite.  A mode applies
 * to the sessions of one party index in this process, from the next
 * start on, until it is reset with DUET_KEYGEN_TEST_HONEST.  The cheat
 * is consistent: the commitment covers the altered decommitment, so the
 * check under test, not the commitment, is what refuses it.
 */
#define DUET_KEYGEN_TEST_HONEST          0
#define DUET_KEYGEN_TEST_FELDMAN_SHORT   1   /* t - 1 Feldman points */
#define DUET_KEYGEN_TEST_FELDMAN_LONG    2   /* t + 1 Feldman points */
void duet_keygen_test_cheat(int party, int mode);

#define DUET_REFRESH_TEST_HONEST         0
#define DUET_REFRESH_TEST_S0_FINITE      1   /* S_i0 != identity */
#define DUET_REFRESH_TEST_FELDMAN_LONG   2   /* t + 1 Feldman points */
#define DUET_REFRESH_TEST_DH_SHORT       3   /* n - 1 DH keys */
#define DUET_REFRESH_TEST_NONCE_LONG     4   /* t Schnorr nonces */
void duet_refresh_test_cheat(int party, int mode);

/* TEST ONLY.  A copy of a keygen session's state (SECRETS included). */
struct duet_keygen_test_view {
    struct duet_scalar coef[DUET_THRESHOLD];    /* f_i; zero once used */
    struct duet_scalar tau;                     /* zero once used */
    struct duet_scalar x;                       /* after round 3 */
    uint8_t rid[DUET_KEYGEN_KAPPA];             /* joint rid, round 3 */
    struct duet_point a[DUET_N_PARTIES];
    struct duet_point big_x[DUET_N_PARTIES];
};

/* Returns: 0, or DUET_ERR_INVALID_ARGUMENT (not a running keygen). */
int duet_keygen_test_view(const struct duet_session *s,
    struct duet_keygen_test_view *v);
#endif

#endif /* DUET_PROTOCOL_KEYGEN_H */
