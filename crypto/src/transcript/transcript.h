/*
 * transcript.h -- Fiat-Shamir transcripts (spec section 4): an injective,
 * domain-separated encoding of everything a challenge must depend on,
 * hashed as it is absorbed, then expanded into a stream from which the
 * challenge is sampled exactly as an interactive verifier would.
 *
 * Construction (version "duet.fs.v1").  All integers big-endian.
 *
 *   enc  =  u32 10 || "duet.fs.v1"
 *        || u32 |tag| || tag                   proof/protocol tag
 *        || u32 version                        version of that proof
 *        || u32 |sid| || sid                   execution id
 *        || u16 prover                         prover's party index
 *        || u32 discriminator                  slot (enc num, hat, prime)
 *        || field*                             in absorb order
 *        || u16 0xffff || u8 0xff || u32 8 || u64 nfields     end marker
 *   field = u16 id || u8 type || u32 len || payload[len]
 *   seed = SHA-256(enc)
 *   block_k = SHA-256(u32 17 || "duet.fs.stream.v1" || u64 k || seed),
 *             k = 0, 1, 2, ...
 *   stream = block_0 || block_1 || ...    (consumed strictly in order)
 *
 * Field types and payloads:
 *   BYTES  (1)  the bytes as given
 *   U64    (2)  8 bytes
 *   BN     (3)  minimal big-endian magnitude of a non-negative integer
 *               (zero is empty); equal integers encode equally
 *   SBN    (4)  u8 sign (1 if < 0) || minimal magnitude of |x|; zero has
 *               sign 0, so +0 and -0 are one value
 *   SCALAR (5)  32 bytes
 *   POINT  (6)  33 bytes, SEC1 compressed; infinity is 33 zero bytes
 *
 * Injectivity: the header has a fixed layout whose variable parts are
 * length-prefixed; every field is self-delimiting and carries its id and
 * type; the end marker fixes the field count.  So two different sequences
 * of (header, fields) never produce the same enc, and the stream blocks
 * hash fixed-length inputs under their own tag.  Field ids are chosen by
 * the caller (each proof defines its own); 0xffff is reserved.
 *
 * Samplers (all by rejection, so without modulo bias).  "Draw k bits"
 * means: take ceil(k/8) bytes from the stream, read them big-endian, and
 * clear the top 8*ceil(k/8) - k bits.
 *   below(B)      uniform in [0, B): draw bitlen(B) bits until < B
 *   pm(X)         uniform in [-floor(X/2), floor(X/2)] (bn.h's half range,
 *                 boundaries included): below(2*floor(X/2) + 1) - floor(X/2)
 *   pm_q          pm(q): [-(q-1)/2, (q-1)/2]          (aff-g, enc-elg)
 *   pm_pow2(k)    pm(2^k): [-2^(k-1), 2^(k-1)]        (fac, k = ell)
 *   scalar        Z_q: draw 256 bits until < q        (elog, Schnorr)
 *   unit(N)       Z*_N: draw bitlen(N) bits until 0 < y < N and
 *                 gcd(y, N) = 1; call m times for m challenges (mod)
 *   bits(m)       m bits straight from the stream, bit i = bit (i mod 8)
 *                 (least significant first) of stream byte i/8  (prm, C1:
 *                 every bit independent and uniform)
 * Consecutive draws continue the same stream, so repeated calls give
 * independent values (never re-seed per draw: taurus PR #111).  A sampler
 * gives up after DUET_TRANSCRIPT_MAX_TRIES rejections in a row
 * (DUET_ERR_LIMIT_EXCEEDED); with an honest bound each try succeeds with
 * probability >= 1/2, so that happens only for a malicious modulus.
 *
 * Life cycle: duet_transcript_init() (the ONLY way to start: it takes the
 * whole header, so no transcript can lack the tag, version, sid, prover
 * index or discriminator), absorb calls, then digest/challenge calls.  The
 * first digest or challenge call ends absorption; a later absorb fails
 * with DUET_ERR_BAD_STATE.  Errors are sticky: after the first failure
 * every call returns the same code, so a proof may absorb a whole statement
 * and check once, at the challenge.  duet_transcript_clear() on every path.
 *
 * What the transcript does NOT do for its callers (spec 4.3): absorb the
 * verifier's ring-Pedersen parameters, the security level's (ell, ell',
 * eps), the full statement and every commitment.  Each proof must absorb
 * them itself, each under its own field id.
 *
 * Never copy a struct duet_transcript: it owns an OpenSSL context.
 */

#ifndef DUET_TRANSCRIPT_H
#define DUET_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>

#include "duet.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "hash/hash.h"

#define DUET_TRANSCRIPT_TAG_MAX      255
#define DUET_TRANSCRIPT_SID_MIN      16
#define DUET_TRANSCRIPT_SID_MAX      64
/* Reserved for the end marker. */
#define DUET_TRANSCRIPT_FIELD_END    0xffffu
/* Largest integer absorbed or sampled, in bytes (codec/buf's limit). */
#define DUET_TRANSCRIPT_BN_MAX_BYTES DUET_BN_MAX_BYTES
#define DUET_TRANSCRIPT_MAX_TRIES    1024

/* Field type bytes (part of the encoding: never renumber). */
#define DUET_TRANSCRIPT_T_BYTES      1
#define DUET_TRANSCRIPT_T_U64        2
#define DUET_TRANSCRIPT_T_BN         3
#define DUET_TRANSCRIPT_T_SBN        4
#define DUET_TRANSCRIPT_T_SCALAR     5
#define DUET_TRANSCRIPT_T_POINT      6
#define DUET_TRANSCRIPT_T_END        0xff

struct duet_transcript {
    uint32_t state;             /* 0: not started; absorbing; squeezing */
    int err;                    /* first error, sticky */
    uint64_t nfields;
    struct duet_sha256 h;       /* running hash of enc while absorbing */
    uint8_t seed[DUET_SHA256_BYTES];
    uint64_t counter;           /* index of the next stream block */
    uint8_t block[DUET_SHA256_BYTES];
    size_t used;                /* bytes of block already consumed */
};


/*
 * Start a transcript with the full header (see above).
 *
 * Returns: 0;
 *          DUET_ERR_INVALID_ARGUMENT  tag empty or longer than
 *                                     DUET_TRANSCRIPT_TAG_MAX, sid shorter
 *                                     than DUET_TRANSCRIPT_SID_MIN or longer
 *                                     than DUET_TRANSCRIPT_SID_MAX;
 *          DUET_ERR_NO_MEMORY, DUET_ERR_INTERNAL.
 *          On failure t is not started: every other call then fails with
 *          DUET_ERR_BAD_STATE, and duet_transcript_clear() is still safe.
 * Args:    tag:           NUL-terminated ASCII, e.g. "duet.zk.enc_elg".
 *          version:       the proof's version.
 *          sid, sid_len:  the execution id (normally 32 bytes).
 *          prover:        the prover's party index.
 *          discriminator: the slot within the round (0 when unused).
 */
int duet_transcript_init(struct duet_transcript *t, const char *tag,
    uint32_t version, const uint8_t *sid, size_t sid_len, uint16_t prover,
    uint32_t discriminator);

/* Wipe t and release its hash context.  Safe on a cleared or failed t. */
void duet_transcript_clear(struct duet_transcript *t);

/* Returns: the sticky error (DUET_ERR_BAD_STATE if t never started). */
int duet_transcript_error(const struct duet_transcript *t);

/*
 * Absorb one field.  Each returns 0 or the (sticky) error:
 * DUET_ERR_BAD_STATE (not started, or already squeezing),
 * DUET_ERR_INVALID_ARGUMENT (id 0xffff; a negative x for _bn),
 * DUET_ERR_LIMIT_EXCEEDED (BYTES over 2^32-1 bytes; an integer over
 * DUET_TRANSCRIPT_BN_MAX_BYTES), or a hash error.
 */
int duet_transcript_absorb_bytes(struct duet_transcript *t, uint16_t id,
    const uint8_t *p, size_t len);
int duet_transcript_absorb_u64(struct duet_transcript *t, uint16_t id,
    uint64_t v);
/* x >= 0. */
int duet_transcript_absorb_bn(struct duet_transcript *t, uint16_t id,
    const mpz_t x);
/* The integer whose big-endian magnitude is mag[0..len) (leading zeros
 * are dropped: the same field as duet_transcript_absorb_bn of it). */
int duet_transcript_absorb_bn_bytes(struct duet_transcript *t, uint16_t id,
    const uint8_t *mag, size_t len);
/* Any sign. */
int duet_transcript_absorb_sbn(struct duet_transcript *t, uint16_t id,
    const mpz_t x);
int duet_transcript_absorb_scalar(struct duet_transcript *t, uint16_t id,
    const struct duet_scalar *s);
/* Infinity is absorbed as 33 zero bytes (callers reject it where the
 * protocol forbids it, before absorbing). */
int duet_transcript_absorb_point(struct duet_transcript *t, uint16_t id,
    const struct duet_point *p);

/*
 * End absorption (if not yet ended) and return the seed, SHA-256(enc):
 * also the hash for commitments and echo rounds (spec 4.4).
 *
 * Returns: 0 or the sticky error.
 * Out:     out: 32 bytes (zeroed on failure).
 */
int duet_transcript_digest(struct duet_transcript *t,
    uint8_t out[DUET_SHA256_BYTES]);

/*
 * The challenge samplers (see above).  Each ends absorption on first use
 * and returns 0, DUET_ERR_INVALID_ARGUMENT (bound out of range: B <= 0,
 * X <= 0, k = 0, N <= 1), DUET_ERR_LIMIT_EXCEEDED (bound over
 * DUET_TRANSCRIPT_BN_MAX_BYTES, or too many rejections) or the sticky
 * error.  Outputs are initialised mpz_t's; on failure they are set to 0.
 */

/* Raw stream bytes. */
int duet_transcript_challenge_bytes(struct duet_transcript *t, uint8_t *out,
    size_t n);
/* x uniform in [0, bound). */
int duet_transcript_challenge_below(struct duet_transcript *t, mpz_t x,
    const mpz_t bound);
/* x uniform in +-X = [-floor(X/2), floor(X/2)]. */
int duet_transcript_challenge_pm(struct duet_transcript *t, mpz_t x,
    const mpz_t X);
/* x uniform in +-2^k = [-2^(k-1), 2^(k-1)], k >= 1. */
int duet_transcript_challenge_pm_pow2(struct duet_transcript *t, mpz_t x,
    unsigned k);
/* x uniform in +-q = [-(q-1)/2, (q-1)/2]. */
int duet_transcript_challenge_pm_q(struct duet_transcript *t, mpz_t x);
/* s uniform in Z_q. */
int duet_transcript_challenge_scalar(struct duet_transcript *t,
    struct duet_scalar *s);
/* y uniform in Z*_N, N > 1. */
int duet_transcript_challenge_unit(struct duet_transcript *t, mpz_t y,
    const mpz_t n);
/*
 * nbits independent uniform bits into out[0 .. ceil(nbits/8)): bit i is
 * (out[i / 8] >> (i % 8)) & 1; unused high bits of the last byte are 0.
 */
int duet_transcript_challenge_bits(struct duet_transcript *t, uint8_t *out,
    size_t nbits);

#endif /* DUET_TRANSCRIPT_H */
