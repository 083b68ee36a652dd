/*
 * store.h -- durable state: signers, API-key hashes, audit rows, policy
 * documents, the prime pool's index, networks and (later) users.
 *
 * Handlers see only these functions.  Each backend is a table of
 * operations (struct duetd_store_ops, in store_impl.h) behind an opaque
 * handle; SQLite (store_sqlite.c) is the one built now, and a PostgreSQL
 * backend adds a second table without touching any caller.
 *
 * SQLite: schema migrations numbered by PRAGMA user_version and applied in
 * one transaction each by duetd_store_prepare (supervisor, before fork);
 * WAL; a busy timeout; one connection per process opened after fork.
 *
 * Strings in records are NUL-terminated and bounded by the array sizes
 * below; longer input is refused by the handlers before it gets here.
 * Times are ISO-8601 UTC with milliseconds ("2026-11-22T07:59:04.123Z").
 */

#ifndef DUETD_STORE_H
#define DUETD_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "options.h"

#define DUETD_STORE_OK          0
#define DUETD_STORE_NOT_FOUND  -1
#define DUETD_STORE_CONFLICT   -2   /* unique key taken / state moved on   */
#define DUETD_STORE_ERROR      -3   /* logged                              */

#define DUETD_UUID_SIZE         37
#define DUETD_TIME_SIZE         25
#define DUETD_NAME_SIZE        129  /* signer name, 128 bytes max          */
#define DUETD_DESC_SIZE        1025
#define DUETD_TYPE_SIZE         33
#define DUETD_NETWORK_SIZE      65
#define DUETD_STATUS_SIZE       16
#define DUETD_ADDRESS_SIZE      43  /* 0x + 40 hex, EIP-55                 */
#define DUETD_PUBKEY_SIZE       69  /* 0x + 66 hex, SEC1 compressed        */
#define DUETD_OWNER_SIZE        64

/* Signer status values. */
#define DUETD_SIGNER_PENDING   "pending"   /* DKG running                   */
#define DUETD_SIGNER_ACTIVE    "active"
#define DUETD_SIGNER_PAUSED    "paused"
#define DUETD_SIGNER_REVOKED   "revoked"   /* terminal; share 1 deleted     */
#define DUETD_SIGNER_FAILED    "failed"    /* terminal; DKG aborted         */

struct duetd_signer {
    char      id[DUETD_UUID_SIZE];
    char      name[DUETD_NAME_SIZE];
    char      description[DUETD_DESC_SIZE];
    char      type[DUETD_TYPE_SIZE];          /* "ai_agent" by default    */
    char      network[DUETD_NETWORK_SIZE];    /* "" when none             */
    char      status[DUETD_STATUS_SIZE];
    char      eth_address[DUETD_ADDRESS_SIZE];/* "" until active          */
    char      public_key[DUETD_PUBKEY_SIZE];  /* "" until active          */
    int       level;                          /* DUET_LEVEL_*             */
    char      owner[DUETD_OWNER_SIZE];        /* "operator" or "user:<id>" */
    char      created_at[DUETD_TIME_SIZE];
    char      updated_at[DUETD_TIME_SIZE];
};

/* One audit row.  The store computes prev_hash/hash (SHA-256 chain over
 * the canonical row) on append; callers fill the rest. */
struct duetd_audit {
    int64_t   id;                             /* set by append            */
    char      signer_id[DUETD_UUID_SIZE];
    char      path[24];          /* "signer+server" | "user+server" | ...  */
    char      request_type[32];  /* "dkg", "sign_tx", "sign_message", ...  */
    char      status[16];        /* "approved", "blocked", "failed", ...   */
    char      to_address[DUETD_ADDRESS_SIZE];
    char      value_wei[80];     /* decimal                                */
    int64_t   chain_id;          /* 0 when none                            */
    char      tx_hash[67];
    const char *detail_json;     /* violations, culprit...; may be NULL    */
    char      created_at[DUETD_TIME_SIZE];   /* set by append             */
    uint8_t   prev_hash[32];                 /* set by append             */
    uint8_t   hash[32];                      /* set by append             */
};

struct duetd_network {
    char      name[DUETD_NETWORK_SIZE];
    uint64_t  chain_id;
    char      rpc_url[512];      /* may carry a secret: never sent out     */
};

struct duetd_store;

/*
 * Supervisor, before fork: create the database if missing and apply the
 * pending migrations.  Returns 0 or -1 (logged, naming the migration).
 */
int duetd_store_prepare(const struct duetd_config *cfg);

/* This process's connection, after fork.  Returns 0 with *out, or -1. */
int duetd_store_open(const struct duetd_config *cfg,
    struct duetd_store **out);

void duetd_store_close(struct duetd_store *s);

/* Probe that the store answers and is writable.  Returns 0 or -1. */
int duetd_store_ping(struct duetd_store *s);

/* --- signers --------------------------------------------------------- */

/* Insert a new signer (id, timestamps filled by the caller). */
int duetd_store_signer_insert(struct duetd_store *s,
    const struct duetd_signer *sg);

int duetd_store_signer_get(struct duetd_store *s, const char *id,
    struct duetd_signer *out);

/*
 * The signers owner may see (owner NULL: all), newest first, at most max.
 * *out is malloc'd (free with free()).
 */
int duetd_store_signer_list(struct duetd_store *s, const char *owner,
    size_t max, struct duetd_signer **out, size_t *n);

/* How many signers have status (for /metrics). */
int duetd_store_signer_count(struct duetd_store *s, const char *status,
    uint64_t *n);

/* Change name and description (either may be NULL: unchanged). */
int duetd_store_signer_update(struct duetd_store *s, const char *id,
    const char *name, const char *description);

/*
 * Move status from `from` to `to` atomically (compare and set).
 * Returns: 0, NOT_FOUND, or CONFLICT when the status was not `from`.
 */
int duetd_store_signer_set_status(struct duetd_store *s, const char *id,
    const char *from, const char *to);

/*
 * Finish a DKG in one transaction: pending -> active, record the address
 * and public key, and insert the API-key hash.  CONFLICT if not pending.
 */
int duetd_store_signer_activate(struct duetd_store *s, const char *id,
    const char *eth_address, const char *public_key,
    const uint8_t key_hash[32]);

/* --- API keys (SHA-256 of the whole "duet_live_..." string) ---------- */

/*
 * The signer an API-key hash belongs to (live keys only).  The caller
 * compares hashes in constant time again before trusting the answer.
 */
int duetd_store_apikey_lookup(struct duetd_store *s,
    const uint8_t key_hash[32], char signer_id[DUETD_UUID_SIZE],
    uint8_t stored_hash[32]);

/* Revoke every key of the signer and add key_hash, in one transaction. */
int duetd_store_apikey_replace(struct duetd_store *s, const char *signer_id,
    const uint8_t key_hash[32]);

/* Revoke every key of the signer. */
int duetd_store_apikey_revoke_all(struct duetd_store *s,
    const char *signer_id);

/* --- audit (append-only, hash-chained) ------------------------------- */

int duetd_store_audit_append(struct duetd_store *s, struct duetd_audit *a);

/*
 * Walk the whole chain and recompute every hash.  Returns 0 when intact,
 * or CONFLICT with *bad_id the first row that does not verify.
 */
int duetd_store_audit_verify(struct duetd_store *s, int64_t *bad_id);

/* --- policies ---------------------------------------------------------- */

/* The active policy document (JSON text, malloc'd) or NOT_FOUND. */
int duetd_store_policy_get(struct duetd_store *s, const char *signer_id,
    char **json);

/* Make json the active document (the previous one is kept, inactive). */
int duetd_store_policy_put(struct duetd_store *s, const char *signer_id,
    const char *json);

/* --- prime pool index (the primes themselves are in the KMS) --------- */

/* Record an available prime of `bits` bits stored in the KMS as id. */
int duetd_store_prime_add(struct duetd_store *s, const char *id,
    unsigned bits);

/*
 * Claim n available primes of `bits` bits, all or none, each at most once
 * across every process: ids[i] get the claimed ids.  Returns 0, or
 * NOT_FOUND when fewer than n are available (nothing claimed).
 */
int duetd_store_prime_claim(struct duetd_store *s, unsigned bits,
    size_t n, char ids[][DUETD_UUID_SIZE]);

/* Forget a claimed prime's row (after its KMS object is deleted). */
int duetd_store_prime_forget(struct duetd_store *s, const char *id);

/* How many available primes of `bits` bits. */
int duetd_store_prime_count(struct duetd_store *s, unsigned bits,
    unsigned *n);

/* --- networks ---------------------------------------------------------- */

int duetd_store_network_get(struct duetd_store *s, const char *name,
    struct duetd_network *out);

int duetd_store_network_list(struct duetd_store *s,
    struct duetd_network **out, size_t *n);

int duetd_store_network_put(struct duetd_store *s,
    const struct duetd_network *nw);

#endif /* DUETD_STORE_H */
