/*
 * store_impl.h -- what a store backend provides: a table of operations that
 * store.c dispatches to.  Not for handlers (they include store.h only).
 *
 * store.c has already checked every argument before an operation runs:
 * pointers are non-NULL, strings fit the record sizes of store.h, status
 * values are known and n is within bounds.  A backend
 *   - returns DUETD_STORE_* codes and logs every DUETD_STORE_ERROR;
 *   - refuses (ERROR, logged) a stored value that does not fit its record
 *     field instead of truncating it;
 *   - sets updated_at / created_at / revoked_at itself where store.h says
 *     the store does, with duetd_timestamp();
 *   - computes the audit chains with duetd_store_audit_hash() (and, for
 *     rows from before per-signer chains, duetd_store_audit_hash_v1())
 *     below, so that every backend hashes rows the same way.
 */

#ifndef DUETD_STORE_IMPL_H
#define DUETD_STORE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "store.h"

/*
 * The head every backend's handle starts with: the backend's struct begins
 * with a struct duetd_store member, and its operations cast back.
 */
struct duetd_store {
    const struct duetd_store_ops  *ops;
};

struct duetd_store_ops {
    const char  *name;

    /* Supervisor, before fork: create and migrate.  0 or -1 (logged). */
    int  (*prepare)(const struct duetd_config *cfg);
    /* After fork.  0 with *out, or -1 (logged). */
    int  (*open)(const struct duetd_config *cfg, struct duetd_store **out);
    void (*close)(struct duetd_store *s);
    int  (*ping)(struct duetd_store *s);

    int  (*signer_insert)(struct duetd_store *s,
             const struct duetd_signer *sg);
    int  (*signer_get)(struct duetd_store *s, const char *id,
             struct duetd_signer *out);
    int  (*signer_list)(struct duetd_store *s, const char *owner,
             size_t max, struct duetd_signer **out, size_t *n);
    int  (*signer_update)(struct duetd_store *s, const char *id,
             const char *name, const char *description);
    int  (*signer_count)(struct duetd_store *s, const char *status,
             uint64_t *n);
    int  (*signer_set_status)(struct duetd_store *s, const char *id,
             const char *from, const char *to);
    int  (*signer_activate)(struct duetd_store *s, const char *id,
             const char *eth_address, const char *public_key,
             const uint8_t key_hash[32]);

    int  (*apikey_lookup)(struct duetd_store *s, const uint8_t key_hash[32],
             char signer_id[DUETD_UUID_SIZE], uint8_t stored_hash[32]);
    int  (*apikey_replace)(struct duetd_store *s, const char *signer_id,
             const uint8_t key_hash[32]);
    int  (*apikey_revoke_all)(struct duetd_store *s, const char *signer_id);

    int  (*audit_append)(struct duetd_store *s, struct duetd_audit *a);
    int  (*audit_list)(struct duetd_store *s,
             const struct duetd_audit_filter *f, struct duetd_audit **rows,
             size_t *n, uint64_t *total);
    int  (*audit_each)(struct duetd_store *s,
             const struct duetd_audit_filter *f,
             int (*fn)(void *arg, const struct duetd_audit *a), void *arg);
    int  (*audit_verify)(struct duetd_store *s, const char *signer_id,
             int64_t *bad_id);

    /*
     * decide is store.c's wrapper of the caller's callback: it checks
     * what the callback wrote into *a and *sp (and fills signer_id and
     * created_ms) before the backend writes them.
     */
    int  (*guard_decide)(struct duetd_store *s, const char *signer_id,
             int64_t now_ms, duetd_store_decide_fn decide, void *arg,
             struct duetd_audit *a, struct duetd_spend *sp, int *decided);
    int  (*spend_settle)(struct duetd_store *s, const char *request_id,
             int spent);
    int  (*nonce_release)(struct duetd_store *s, const char *request_id);

    int  (*policy_get)(struct duetd_store *s, const char *signer_id,
             char **json);
    int  (*policy_put)(struct duetd_store *s, const char *signer_id,
             const char *json);

    int  (*prime_add)(struct duetd_store *s, const char *id, unsigned bits);
    int  (*prime_claim)(struct duetd_store *s, unsigned bits, size_t n,
             char ids[][DUETD_UUID_SIZE]);
    int  (*prime_forget)(struct duetd_store *s, const char *id);
    int  (*prime_count)(struct duetd_store *s, unsigned bits, unsigned *n);
};

extern const struct duetd_store_ops  duetd_store_sqlite_ops;

/* Most primes one claim may take (store.c refuses more). */
#define DUETD_STORE_CLAIM_MAX  16

/* How far back the guardrails' counters look (the monthly limits). */
#define DUETD_STORE_WINDOW_MS  (30LL * 24 * 60 * 60 * 1000)

/* Audit filters are keyed by bits of this mask (for cached statements). */
#define DUETD_AUDIT_F_SIGNER   0x01
#define DUETD_AUDIT_F_STATUS   0x02
#define DUETD_AUDIT_F_TYPE     0x04
#define DUETD_AUDIT_F_FROM     0x08
#define DUETD_AUDIT_F_TO       0x10
#define DUETD_AUDIT_F_ALL      0x20   /* one past the largest mask     */

unsigned duetd_store_audit_mask(const struct duetd_audit_filter *f);

/*
 * The two chain rules (docs/store.md).  Rows appended since migration 3
 * are in per-signer chains (version 2, duet_audit.h); rows written before
 * it stay in the closed global chain of version 1.
 *
 * duetd_store_audit_hash: the version-2 hash of *a (its prev_hash, seq
 * and every field duet_audit_row_hash reads; caller_ip is not hashed).
 *
 * duetd_store_audit_hash_v1: SHA-256 over "duet-audit-v1", then id,
 * signer_id, path, request_type, status, to_address, value_wei,
 * chain_id, tx_hash, detail_json, created_at and prev_hash.  Integers
 * are 8 bytes big-endian; a string is its 4-byte big-endian length and
 * its bytes; detail_json is preceded by one byte, 0 when NULL (nothing
 * follows) or 1.  Only verification uses it now.
 *
 * Both return 0, or -1 (logged) if hashing fails.
 */
int duetd_store_audit_hash(const struct duetd_audit *a, uint8_t out[32]);
int duetd_store_audit_hash_v1(const struct duetd_audit *a, uint8_t out[32]);

/*
 * A duet_audit.h view of *a: the strings point into *a (valid while *a
 * is neither moved nor freed); detail_sha256 is left to the caller
 * (duet_audit_detail_hash of the detail text).
 */
struct duet_audit_row;
void duetd_store_audit_view(const struct duetd_audit *a,
    struct duet_audit_row *row);

#endif /* DUETD_STORE_IMPL_H */
