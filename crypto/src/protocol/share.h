/*
 * share.h -- the long-lived material of the protocols, in memory and as
 * blobs (duet_keyshare.h, duet_sign.h): key shares (keygen, refresh ->
 * presign), aux info (aux -> presign) and presignatures (presign ->
 * sign).  Every parse validates fully; every clear wipes.
 *
 * Blob layout (codec/buf): u32 magic, u16 version, then the fields in
 * the order of the structs below.  Magics: "DKS1" key share, "DAX1" aux,
 * "DPS1" presignature.
 */

#ifndef DUET_PROTOCOL_SHARE_H
#define DUET_PROTOCOL_SHARE_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>

#include "bn/level.h"
#include "codec/buf.h"
#include "curve/curve.h"
#include "paillier/paillier.h"
#include "paillier/ring_pedersen.h"

#define DUET_N_PARTIES     3
#define DUET_THRESHOLD     2

#define DUET_KEYSHARE_MAGIC   0x444b5331u     /* "DKS1" */
#define DUET_AUX_MAGIC        0x44415831u     /* "DAX1" */
#define DUET_PRESIG_MAGIC     0x44505331u     /* "DPS1" */
#define DUET_SHARE_VERSION    1

/*
 * A key share of party index: x_i with x_i G = X_i, the public shares X_j
 * = F(j + 1) of the degree-1 polynomial F with F(0) = Y.  x is SECRET.
 */
struct duet_keyshare {
    const struct duet_level *level;
    uint8_t index;
    uint32_t epoch;
    struct duet_scalar x;
    struct duet_point X[DUET_N_PARTIES];
    struct duet_point Y;
};

/* Wipe ks. */
void duet_keyshare_clear(struct duet_keyshare *ks);

/*
 * Spec 1.6: index < 3, level known, x != 0, x G = X_index, every X_j and Y
 * finite, interpolating X_0, X_1 at 0 gives Y and at 3 gives X_2.
 * Returns: 0, DUET_ERR_ZERO_SCALAR, DUET_ERR_INFINITY, DUET_ERR_PROTOCOL
 *          (inconsistent), DUET_ERR_UNSUPPORTED (level), or a curve error.
 */
int duet_keyshare_validate(const struct duet_keyshare *ks);

/* Append the blob of ks to w (ks must be valid). */
int duet_keyshare_encode(struct duet_buf_writer *w,
    const struct duet_keyshare *ks);

/* Parse and validate a whole blob.  On failure ks is wiped. */
int duet_keyshare_parse(struct duet_keyshare *ks, const uint8_t *blob,
    size_t len);

/* SHA-256 over level, epoch, Y and X_0..X_2: the public identity of the
 * sharing (equal for every holder of the same epoch). */
int duet_keyshare_fingerprint(uint8_t out[32], const struct duet_keyshare *ks);

/*
 * Aux info of party index: its Paillier secret key and every party's
 * Paillier public key and ring-Pedersen parameters.  sk is SECRET.
 */
struct duet_aux {
    const struct duet_level *level;
    uint8_t index;
    struct duet_paillier_sk sk;         /* own N = pq */
    struct duet_paillier_pk pk[DUET_N_PARTIES];   /* pk[index] = sk.pk */
    struct duet_rp_params rp[DUET_N_PARTIES];
};

void duet_aux_data_init(struct duet_aux *aux);
void duet_aux_data_clear(struct duet_aux *aux);

/* Append the blob: level, index, p, q, then N_j, N^_j, s_j, t_j. */
int duet_aux_encode(struct duet_buf_writer *w, const struct duet_aux *aux);

/*
 * Parse and validate (spec 2.7): p, q rebuild N_index
 * (duet_paillier_sk_from_checked_primes: p != q, exact sizes, Blum, N in
 * the window, p q = N_index), every N_j and (N^_j, s_j, t_j) pass the
 * receiver checks, own keys pass duet_aux_check_own_keys against nothing
 * shared, all moduli pairwise distinct.  aux must be initialised and
 * empty; on failure it is left initialised and empty.
 *
 * Primality of p, q (and of (p-1)/2, (q-1)/2) is checked when the aux
 * info is generated (duet_aux_start takes only safe primes, and the aux
 * session builds its key with duet_paillier_sk_from_primes), not again on
 * every load: the blob is our own output, SECRET, and sealed by the
 * caller, and the BPSW tests would cost 10 ms (level 112) to 30 ms
 * (level 128) per presignature.
 */
int duet_aux_parse(struct duet_aux *aux, const uint8_t *blob, size_t len);

/* SHA-256 over level and every public N_j, N^_j, s_j, t_j. */
int duet_aux_id(uint8_t out[32], const struct duet_aux *aux);

/*
 * A presignature of signer `me` (keygen index) in the pair `signers`,
 * made in session sid: the public data (Gamma, Delta~_j, S~_j for both
 * signers, the shifted public key) and the SECRET k~, chi~.  consumed
 * means k~ and chi~ are wiped and the record must not sign.
 */
struct duet_presig_rec {
    const struct duet_level *level;
    uint8_t sid[64];
    size_t sid_len;
    uint8_t signers[2];
    uint8_t me;
    uint8_t consumed;
    uint8_t key_fp[32];                 /* duet_keyshare_fingerprint */
    struct duet_scalar shift;           /* 0 if none */
    struct duet_point pubkey;           /* Y + shift G */
    struct duet_point gamma;            /* Gamma = R */
    struct duet_point delta_t[2];       /* Delta~_j, by signer position */
    struct duet_point s_t[2];           /* S~_j */
    struct duet_scalar k_t;             /* SECRET */
    struct duet_scalar chi_t;           /* SECRET */
};

void duet_presig_rec_clear(struct duet_presig_rec *p);
int duet_presig_rec_encode(struct duet_buf_writer *w,
    const struct duet_presig_rec *p);
/* Parse a whole blob (consumed ones too: check p->consumed). */
int duet_presig_rec_parse(struct duet_presig_rec *p, const uint8_t *blob,
    size_t len);

#ifdef DUET_TEST_HOOKS
/*
 * TEST ONLY.  Aux blobs for parties 0..2 from twelve safe primes (four
 * per party: p, q, p^, q^) WITHOUT running the protocol or its proofs,
 * appended to out[0..2] (initialised writers).  For tests of presigning
 * that do not need the aux protocol.  Combines no key material: each
 * blob holds only its own party's factors.
 */
int duet_share_test_deal_aux(const struct duet_level *level,
    mpz_srcptr const primes[12], struct duet_buf_writer out[3]);
#endif

#endif /* DUET_PROTOCOL_SHARE_H */
