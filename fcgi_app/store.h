/*
 * store.h -- durable state: signers, API-key hashes, audit rows, policy
 * documents, the prime pool's index and (later) users.
 *
 * Networks are configuration (options.h), not stored.
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

/*
 * One audit row (spec/api.md section 4).  The store sets id, seq,
 * created_at, prev_hash and hash on append (the per-signer chain of
 * duet_audit.h); callers fill the rest.  detail_json: violations with
 * their detailed and short reasons, the culprit, the signature of a
 * failed broadcast...; NULL when none (the chain hashes NULL as "").
 * A row read back with seq 0 belongs to the closed global chain of rows
 * written before per-signer chains (docs/store.md): duet_audit.h cannot
 * check it, duetd_store_audit_verify can.
 */
struct duetd_audit {
    int64_t   id;                             /* set by append            */
    int64_t   seq;                            /* set by append            */
    char      signer_id[DUETD_UUID_SIZE];
    char      request_id[DUETD_UUID_SIZE];    /* "" when none             */
    char      path[24];          /* "signer+server" | "user+server" | ...  */
    char      request_type[32];  /* "dkg", "sign_tx", "sign_message", ...  */
    char      status[16];        /* "approved", "blocked", "failed",
                                    "broadcast"                            */
    char      to_address[DUETD_ADDRESS_SIZE];
    char      value_wei[80];     /* decimal                                */
    char      value_usd[32];     /* "" when unknown                        */
    int64_t   chain_id;          /* 0 when none                            */
    char      decoded_action[32];
    char      tx_hash[67];
    char      caller_ip[64];     /* "" when unknown (not in the hash)      */
    uint32_t  rules_evaluated;
    uint32_t  eval_micros;
    const char *detail_json;     /* may be NULL; malloc'd in list results  */
    char      created_at[DUETD_TIME_SIZE];   /* set by append             */
    uint8_t   prev_hash[32];                 /* set by append             */
    uint8_t   hash[32];                      /* set by append             */
};

/* Which audit rows a listing wants; NULL/0 members do not filter. */
struct duetd_audit_filter {
    const char  *signer_id;
    const char  *status;
    const char  *request_type;
    const char  *from;          /* created_at >= from (ISO-8601 UTC)      */
    const char  *to;            /* created_at <= to                       */
    uint32_t     page;          /* 1-based                                */
    uint32_t     limit;         /* 1..100                                 */
};

/*
 * A guarded request's reservation (spec/api.md section 4, duet's fix):
 * the value a signing session takes from the signer's rolling limits,
 * counted while reserved (until expires_ms) or spent, never once
 * released.  Every approved request has one, also with value 0 (the
 * rate limit counts them).  The store sets signer_id and created_ms
 * (now_ms); the caller or the decide callback sets the rest: a request
 * id not used before, value_wei in decimal digits, value_usd >= 0 when
 * known, expires_ms > now_ms.
 */
struct duetd_spend {
    char      request_id[DUETD_UUID_SIZE];
    char      signer_id[DUETD_UUID_SIZE];
    char      value_wei[80];     /* decimal                                */
    int       usd_known;
    double    value_usd;
    int64_t   created_ms;        /* Unix ms                                */
    int64_t   expires_ms;        /* reserved rows stop counting after it  */
    /* A nonce to reserve for (signer, chain_id) with it: want_nonce, the
     * node's pending count in; the reserved nonce out. */
    int       want_nonce;
    uint64_t  chain_id;
    uint64_t  pending;
    uint64_t  nonce;             /* out                                    */
};

/* A counted reservation, as the decide callback sees it. */
struct duetd_spend_row {
    char      value_wei[80];
    int       usd_known;
    double    value_usd;
    int64_t   created_ms;
};

/*
 * The guardrails' decision, made race-free: called inside one write
 * transaction with the signer's counted reservations of the last 30
 * days (newest first).  It fills a (status "approved" or "blocked",
 * detail...) and returns 1 to approve (then *sp is inserted, and its
 * nonce reserved if asked), 0 to block (only *a is appended), or -1 on
 * an error (nothing is written).  Status "approved" goes with 1 and only
 * with 1, or the store refuses the verdict as an error.  It runs with
 * the database locked for writing by every process: compute, never wait
 * (no network, no store calls).
 */
typedef int (*duetd_store_decide_fn)(void *arg,
    const struct duetd_spend_row *rows, size_t n, struct duetd_audit *a,
    struct duetd_spend *sp);

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

/* --- audit (append-only, hash-chained per signer) ------------------- */

int duetd_store_audit_append(struct duetd_store *s, struct duetd_audit *a);

/*
 * Rows matching f, newest first, page f->page of f->limit, and *total
 * matching rows.  *rows is malloc'd; free with duetd_store_audit_free.
 */
int duetd_store_audit_list(struct duetd_store *s,
    const struct duetd_audit_filter *f, struct duetd_audit **rows,
    size_t *n, uint64_t *total);

void duetd_store_audit_free(struct duetd_audit *rows, size_t n);

/*
 * Every row matching f (page and limit ignored), oldest first, each
 * handed to fn, which returns 0 to go on or -1 to stop (then -1 is
 * returned as DUETD_STORE_ERROR).  For the CSV export.  a->detail_json
 * is valid only during the call; fn must not call the store (one read
 * transaction spans the walk).
 */
int duetd_store_audit_each(struct duetd_store *s,
    const struct duetd_audit_filter *f,
    int (*fn)(void *arg, const struct duetd_audit *a), void *arg);

/*
 * Walk the chain of one signer (NULL: of every signer) and recompute
 * every hash; the closed v1 chain too when it holds rows of the signer
 * (NULL: always).  Returns 0 when intact, or CONFLICT with *bad_id the
 * smallest id of a row that does not verify (for rows cut off the end
 * of the v1 chain: the first missing id).
 */
int duetd_store_audit_verify(struct duetd_store *s, const char *signer_id,
    int64_t *bad_id);

/* --- guarded requests: reservations and nonces ----------------------- */

/*
 * Decide a guarded request in one write transaction (see
 * duetd_store_decide_fn): read the signer's counted reservations of the
 * 30 days before now_ms, call decide, append *a (a->signer_id set to
 * signer_id) and, if approved, insert *sp (reserving a nonce when
 * sp->want_nonce: the lowest n >= sp->pending that no live reservation
 * of the same signer and chain holds, reserved or used; it is held
 * until sp->expires_ms unless settled).
 * Concurrent callers for one signer are serialized.
 * Returns: 0 (*a appended; *decided the decide verdict, 1 or 0), or
 * DUETD_STORE_ERROR (nothing written).
 */
int duetd_store_guard_decide(struct duetd_store *s, const char *signer_id,
    int64_t now_ms, duetd_store_decide_fn decide, void *arg,
    struct duetd_audit *a, struct duetd_spend *sp, int *decided);

/*
 * End a reservation: spent (1: the signature left, it counts from now
 * on, and its nonce is used) or released (0: it stops counting and its
 * nonce may be reserved again).  Idempotent; NOT_FOUND if no such
 * request; CONFLICT (nothing changed) to release a spent reservation or
 * spend a released one.  Settle before expires_ms: a reservation spent
 * after it expired counts again, but others may have been approved in
 * the room it left meanwhile.
 */
int duetd_store_spend_settle(struct duetd_store *s, const char *request_id,
    int spent);

/*
 * Give a used nonce back (a broadcast that failed).  Idempotent;
 * NOT_FOUND if the request reserved no nonce.
 */
int duetd_store_nonce_release(struct duetd_store *s, const char *request_id);

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

#endif /* DUETD_STORE_H */
