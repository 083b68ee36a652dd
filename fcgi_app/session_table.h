/*
 * session_table.h -- protocol sessions in shared memory, so that any worker
 * on the host can serve any round of any session.
 *
 * The supervisor creates the table before forking (an anonymous shared
 * mapping, MADV_DONTDUMP, a layout-version header, offsets never pointers);
 * workers inherit it.  Slots are found by open addressing on a 128-bit
 * random session id, compared in constant time, under striped robust
 * process-shared mutexes.  A slot's state blob is sealed with AES-256-GCM
 * under a per-boot key that lives only in process memory (never on disk),
 * with the session id, slot and generation as associated data.
 *
 * A worker serves a round by claiming the session (acquire: the slot turns
 * BUSY under this worker's pid and the lock is released, so a long round
 * does not block the stripe), computing, and handing the new state back
 * (release), or ending it (finish).  A session claimed by a worker that
 * died is freed by the supervisor's sweep.  A worker killed while holding a
 * stripe lock leaves the mutex EOWNERDEAD: the next locker wipes the slot
 * that was being written, marks the mutex consistent and carries on.
 *
 * Expiry: absolute (ttl from creation) and per-round idle (idle from the
 * last release); an expired session is wiped lazily on lookup and by the
 * sweep, and leaves a tombstone so that a late request learns "expired"
 * (410) rather than "unknown" (404).  Tombstones (expired, finished) are
 * reused by inserts; live sessions are never evicted: a full table refuses
 * new sessions (503 with Retry-After).
 *
 * Session ids are text: "<node tag>.<22 base64url chars of 16 random
 * bytes>", e.g. "n1.q3Vf0YqT8pXxM2n8Zb7u4A".
 */

#ifndef DUETD_SESSION_TABLE_H
#define DUETD_SESSION_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define DUETD_SID_BYTES        16
#define DUETD_SID_TEXT_MAX     (16 + 1 + 22 + 1)  /* tag . b64 NUL */
#define DUETD_OWNER_MAX        64                 /* NUL included  */

/* Return codes (negative) of the table functions. */
#define DUETD_TABLE_OK          0
#define DUETD_TABLE_NOT_FOUND  -1   /* no such session (or another node's)  */
#define DUETD_TABLE_EXPIRED    -2   /* existed, timed out and was wiped     */
#define DUETD_TABLE_FINISHED   -3   /* completed or aborted and was wiped   */
#define DUETD_TABLE_BUSY       -4   /* another worker is serving a round    */
#define DUETD_TABLE_FULL       -5   /* no free slot: answer 503             */
#define DUETD_TABLE_TOO_BIG    -6   /* blob larger than the slot            */
#define DUETD_TABLE_ERROR      -7   /* sealing or locking failed (logged)   */

/* Session kinds, recorded in the clear beside the sealed blob. */
#define DUETD_SESSION_DKG      1
#define DUETD_SESSION_SIGN     2

/* Public, unsealed facts about a session. */
struct duetd_session_meta {
    int       kind;                       /* DUETD_SESSION_*               */
    char      owner[DUETD_OWNER_MAX];     /* who may drive it: "signer:<id>"
                                             or "operator"                 */
    uint32_t  round;                      /* handler's round counter       */
};

struct duetd_table_params {
    unsigned     capacity;        /* slots                                 */
    size_t       slot_bytes;      /* largest plaintext blob                */
    unsigned     ttl;             /* absolute lifetime, seconds            */
    unsigned     idle;            /* per-round idle limit, seconds         */
    const char  *node_tag;        /* "n1"                                  */
};

struct duetd_table_stats {
    unsigned   live;              /* sessions holding state                */
    unsigned   capacity;
    uint64_t   created;           /* since boot                            */
    uint64_t   expired;           /* since boot                            */
    uint64_t   recovered;         /* EOWNERDEAD repairs since boot         */
    size_t     mapping_bytes;     /* size of the shared mapping            */
};

struct duetd_table;

/*
 * Map a new table and draw its per-boot sealing key.  Supervisor only,
 * before any fork.  Returns: 0 with *t, or DUETD_TABLE_ERROR (logged).
 */
int duetd_table_create(struct duetd_table **t,
    const struct duetd_table_params *p);

/* Wipe the key and unmap (supervisor at exit; workers just exit). */
void duetd_table_destroy(struct duetd_table *t);

/*
 * Create a session holding blob; writes its id to sid (NUL-terminated).
 * The session is not claimed.  Returns: 0, DUETD_TABLE_FULL,
 * DUETD_TABLE_TOO_BIG or DUETD_TABLE_ERROR.
 */
int duetd_table_insert(struct duetd_table *t,
    const struct duetd_session_meta *meta, const uint8_t *blob, size_t len,
    char sid[DUETD_SID_TEXT_MAX]);

/*
 * Claim session sid for this process and unseal its state into buf (of
 * size; slot_bytes is always enough).  Until release or finish, other
 * acquires get DUETD_TABLE_BUSY.  The caller must wipe buf after use.
 * Returns: 0 with *meta and *len, or NOT_FOUND, EXPIRED, FINISHED, BUSY,
 * ERROR.
 */
int duetd_table_acquire(struct duetd_table *t, const char *sid,
    struct duetd_session_meta *meta, uint8_t *buf, size_t size, size_t *len);

/*
 * Store the new state of a session this process acquired, restart its idle
 * timer and unclaim it.  Returns: 0, TOO_BIG (the session is then wiped),
 * NOT_FOUND (not ours: expired meanwhile), ERROR.
 */
int duetd_table_release(struct duetd_table *t, const char *sid,
    const struct duetd_session_meta *meta, const uint8_t *blob, size_t len);

/*
 * End a session this process acquired (completed or aborted): wipe it and
 * leave a FINISHED tombstone.  Returns: 0 or NOT_FOUND.
 */
int duetd_table_finish(struct duetd_table *t, const char *sid);

/*
 * Unclaim a session without changing its state (the request failed before
 * the state moved, e.g. bad input).  Returns: 0 or NOT_FOUND.
 */
int duetd_table_abandon(struct duetd_table *t, const char *sid);

/*
 * End every session of owner that no worker is serving right now (a
 * revoked signer's): wipe each and leave FINISHED tombstones.  A session
 * being served finishes its round; its next one finds the owner gone.
 * Returns how many it wiped.
 */
unsigned duetd_table_end_owner(struct duetd_table *t, const char *owner);

/*
 * Supervisor, every second or so: wipe expired sessions and sessions
 * claimed by processes that no longer exist.  Returns how many it wiped.
 */
unsigned duetd_table_sweep(struct duetd_table *t);

void duetd_table_stats(struct duetd_table *t, struct duetd_table_stats *st);

/* Largest blob a slot holds (the size workers should allocate). */
size_t duetd_table_slot_bytes(const struct duetd_table *t);

#ifdef DUETD_TABLE_TESTING
/*
 * Test builds only (tests/fcgi/session-table-t, bench/table-bench).  The
 * hook runs while a blob is being sealed, half of it written, the slot
 * WRITING and its stripe locked: a test kills the process there.
 * no_remove, set before create, turns MADV_REMOVE off (for comparison).
 */
extern void  (*duetd_table_test_hook)(void);
extern int     duetd_table_test_no_remove;

void duetd_table_test_mapping(struct duetd_table *t, uint8_t **base,
    size_t *size);
const uint8_t *duetd_table_test_key(const struct duetd_table *t);

/* Where sid's sealed blob lies in the mapping.  Returns: 0 or NOT_FOUND. */
int duetd_table_test_blob(struct duetd_table *t, const char *sid,
    uint8_t **area, size_t *len);

/*
 * Copy sid's sealed state (IV, tag, ciphertext; not the generation or the
 * metadata) out to buf (put 0, *len set), or back in from buf[0..*len)
 * (put 1), to replay a state.  Returns: 0, NOT_FOUND or ERROR.
 */
int duetd_table_test_sealed(struct duetd_table *t, const char *sid,
    uint8_t *buf, size_t size, size_t *len, int put);
#endif

#endif /* DUETD_SESSION_TABLE_H */
