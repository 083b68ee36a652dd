/*
 * duet_audit.h -- the tamper-evident chain of duet's audit log, shared
 * by duetd (which writes rows) and the CLI (`duet audit verify`, which
 * checks what the API returns without trusting the server's word).
 *
 * Each signer has its own chain: its rows carry seq = 1, 2, 3, ... and
 * the hash of the signer's previous row (32 zero bytes before the
 * first).  A row's hash is SHA-256 over a domain tag and every field
 * below, each length-prefixed, with the detail JSON represented by its
 * SHA-256 so a caller shown a redacted detail can still verify.
 *
 * An edited, deleted or reordered row breaks the chain at or after it;
 * deleting the newest rows of a chain is visible only against a head
 * recorded elsewhere (the chain is unkeyed: see docs/store.md).
 *
 * The encoding hashed (docs/store.md gives it byte by byte): the tag
 * "duet-audit-v2", then every field from id to created_at in the
 * struct's order, integers as 8 bytes big-endian (rules_evaluated and
 * eval_micros widened), strings as a 4-byte big-endian length and their
 * bytes, then detail_sha256 and prev_hash as 32 raw bytes each.
 */

#ifndef DUET_AUDIT_H
#define DUET_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"

#ifdef __cplusplus
extern "C" {
#endif

struct duet_audit_row {
    int64_t      id;                /* the store's row id                 */
    int64_t      seq;               /* 1-based, per signer                */
    const char  *signer_id;
    const char  *request_id;        /* one per request; "" when none     */
    const char  *path;              /* "signer+server", ...               */
    const char  *request_type;      /* "sign_tx", "sign_message", "dkg"  */
    const char  *status;            /* "approved", "blocked", "failed",
                                       "broadcast"                        */
    const char  *to_address;
    const char  *value_wei;
    const char  *value_usd;         /* "" when unknown                    */
    int64_t      chain_id;
    const char  *decoded_action;
    const char  *tx_hash;
    uint32_t     rules_evaluated;
    uint32_t     eval_micros;
    const char  *created_at;
    uint8_t      detail_sha256[32]; /* of the detail JSON text ("" none) */
    uint8_t      prev_hash[32];
    uint8_t      hash[32];
};

/*
 * SHA-256 of a detail JSON text (NULL: of "", so no detail and an empty
 * one are the same to the chain).
 *
 * Returns: 0, or DUET_ERR_INTERNAL / DUET_ERR_NO_MEMORY (OpenSSL failed);
 *          out is zeroed on failure.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_audit_detail_hash(uint8_t out[32],
    const char *detail_json);

/*
 * The hash row->hash must hold (row->hash itself is not read).
 *
 * Returns: 0; DUET_ERR_INVALID_ARGUMENT when a string field is NULL (an
 *          incomplete row, e.g. parsed from a reply lacking a field: no
 *          illegal-argument callback); DUET_ERR_LIMIT_EXCEEDED for a
 *          string of 2^32 bytes or more; DUET_ERR_INTERNAL /
 *          DUET_ERR_NO_MEMORY if OpenSSL fails.  out is zeroed on failure.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_audit_row_hash(uint8_t out[32],
    const struct duet_audit_row *row);

/*
 * Check one signer's rows, oldest first: every hash recomputes, seq
 * climbs by one, each prev_hash is the previous row's hash, and a row
 * with seq 1 has a zero prev_hash.  rows[0] may start mid-chain (a
 * page): its prev_hash is then taken on trust.
 * Returns: 0 when intact, or DUET_ERR_PROTOCOL with *bad the index
 * of the first row that does not verify.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_audit_chain_verify(
    const struct duet_audit_row *rows, size_t n, size_t *bad);

#ifdef __cplusplus
}
#endif

#endif /* DUET_AUDIT_H */
