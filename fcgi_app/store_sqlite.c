/*
 * store_sqlite.c -- the SQLite backend of store.h (one host).
 *
 * One file (store_path, or data_dir/duet.sqlite3), mode 0600, in WAL mode
 * so that readers never wait for the writer.  The supervisor migrates it
 * before fork (duetd_store_prepare); every process then opens its own
 * connection (a SQLite handle must never cross fork).  Every write that
 * reads first runs under BEGIN IMMEDIATE: it takes the write lock up
 * front, so two processes cannot both read the old state and then both
 * write (a deferred transaction would fail with SQLITE_BUSY on upgrade,
 * without waiting for the busy timeout).
 *
 * Statements are prepared once per connection and kept; each use resets
 * them and clears their bindings (duetd_sq_done) on every path.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "duet.h"
#include "duet_audit.h"
#include "duet_util.h"
#include "log.h"
#include "store.h"
#include "store_impl.h"

#define DUETD_STORE_FILE     "duet.sqlite3"
#define DUETD_STORE_BUSY_MS  5000

#define DUETD_SQ_SIGNER_COLS                                                 \
    "id, name, description, type, network, status, eth_address,"            \
    " public_key, level, owner, created_at, updated_at"

/* In the order duetd_sq_audit_row reads them. */
#define DUETD_SQ_AUDIT_COLS                                                  \
    "id, seq, signer_id, request_id, path, request_type, status,"           \
    " to_address, value_wei, value_usd, chain_id, decoded_action, tx_hash,"  \
    " caller_ip, rules_evaluated, eval_micros, detail_json, created_at,"     \
    " prev_hash, hash, chain_version"

/* A reservation counts while spent, or reserved and not yet expired. */
#define DUETD_SQ_SPEND_COUNTED                                               \
    "(state = 'spent' OR (state = 'reserved' AND expires_ms > ?3))"

/* Rows verified per batch, the last carried over as the next one's first. */
#define DUETD_SQ_VERIFY_BATCH  64


/*
 * The migrations, in order: migration i (from 1) takes the schema from
 * user_version i-1 to i.  Never edit one that has shipped; add the next.
 */
static const char *const  duetd_sq_migrations[] = {
    /* 1: the marker table of the first release. */
    "CREATE TABLE IF NOT EXISTS meta ("
    "  key TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT NOT NULL);"
    "INSERT OR IGNORE INTO meta(key, value)"
    "  VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ','now'));",

    /* 2: signers, API keys, the audit chain, policies, primes, networks. */
    "CREATE TABLE users ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  email TEXT NOT NULL UNIQUE,"
    "  created_at TEXT NOT NULL) STRICT;"

    "CREATE TABLE signers ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  name TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  type TEXT NOT NULL,"
    "  network TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL CHECK (status IN"
    "    ('pending', 'active', 'paused', 'revoked', 'failed')),"
    "  eth_address TEXT NOT NULL DEFAULT '',"
    "  public_key TEXT NOT NULL DEFAULT '',"
    "  level INTEGER NOT NULL,"
    "  owner TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL) STRICT;"
    "CREATE INDEX signers_owner ON signers(owner, created_at);"
    "CREATE INDEX signers_created ON signers(created_at);"

    "CREATE TABLE api_keys ("
    "  id INTEGER PRIMARY KEY,"
    "  signer_id TEXT NOT NULL REFERENCES signers(id),"
    "  key_hash BLOB NOT NULL CHECK (length(key_hash) = 32),"
    "  created_at TEXT NOT NULL,"
    "  revoked_at TEXT) STRICT;"
    "CREATE UNIQUE INDEX api_keys_key_hash ON api_keys(key_hash);"
    "CREATE INDEX api_keys_signer ON api_keys(signer_id);"

    "CREATE TABLE audit ("
    "  id INTEGER PRIMARY KEY,"
    "  signer_id TEXT NOT NULL,"
    "  path TEXT NOT NULL,"
    "  request_type TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  to_address TEXT NOT NULL,"
    "  value_wei TEXT NOT NULL,"
    "  chain_id INTEGER NOT NULL,"
    "  tx_hash TEXT NOT NULL,"
    "  detail_json TEXT,"
    "  created_at TEXT NOT NULL,"
    "  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
    "  hash BLOB NOT NULL CHECK (length(hash) = 32)) STRICT;"
    "CREATE INDEX audit_signer ON audit(signer_id, id);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"

    "CREATE TABLE policies ("
    "  id INTEGER PRIMARY KEY,"
    "  signer_id TEXT NOT NULL REFERENCES signers(id),"
    "  document TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  active INTEGER NOT NULL CHECK (active IN (0, 1))) STRICT;"
    "CREATE UNIQUE INDEX policies_active ON policies(signer_id)"
    "  WHERE active = 1;"

    "CREATE TABLE prime_pool ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  bits INTEGER NOT NULL CHECK (bits > 0),"
    "  state TEXT NOT NULL CHECK (state IN ('available', 'claimed')),"
    "  created_at TEXT NOT NULL,"
    "  claimed_at TEXT) STRICT;"
    "CREATE INDEX prime_pool_available ON prime_pool(bits, state,"
    "  created_at);"

    "CREATE TABLE networks ("
    "  name TEXT PRIMARY KEY NOT NULL,"
    "  chain_id INTEGER NOT NULL CHECK (chain_id >= 0),"
    "  rpc_url TEXT NOT NULL) STRICT;",

    /*
     * 3: per-signer audit chains, reservations and nonces; networks move
     * to the configuration.  The rows already in audit were chained under
     * the global v1 rule, which cannot be re-hashed honestly: they are
     * kept as chain_version 1 (seq NULL), and the head of that closed
     * chain is recorded in meta so that cutting its tail shows.  Rebuilt
     * rather than altered, for the table constraints (docs/store.md).
     */
    "INSERT INTO meta(key, value)"
    "  SELECT 'audit_v1_last_id', CAST(id AS TEXT) FROM audit"
    "  ORDER BY id DESC LIMIT 1;"
    "INSERT INTO meta(key, value)"
    "  SELECT 'audit_v1_head', lower(hex(hash)) FROM audit"
    "  ORDER BY id DESC LIMIT 1;"

    "CREATE TABLE audit_v3 ("
    "  id INTEGER PRIMARY KEY,"
    "  chain_version INTEGER NOT NULL CHECK (chain_version IN (1, 2)),"
    "  seq INTEGER,"
    "  signer_id TEXT NOT NULL,"
    "  request_id TEXT NOT NULL DEFAULT '',"
    "  path TEXT NOT NULL,"
    "  request_type TEXT NOT NULL,"
    "  status TEXT NOT NULL,"
    "  to_address TEXT NOT NULL,"
    "  value_wei TEXT NOT NULL,"
    "  value_usd TEXT NOT NULL DEFAULT '',"
    "  chain_id INTEGER NOT NULL,"
    "  decoded_action TEXT NOT NULL DEFAULT '',"
    "  tx_hash TEXT NOT NULL,"
    "  caller_ip TEXT NOT NULL DEFAULT '',"
    "  rules_evaluated INTEGER NOT NULL DEFAULT 0"
    "    CHECK (rules_evaluated BETWEEN 0 AND 4294967295),"
    "  eval_micros INTEGER NOT NULL DEFAULT 0"
    "    CHECK (eval_micros BETWEEN 0 AND 4294967295),"
    "  detail_json TEXT,"
    "  created_at TEXT NOT NULL,"
    "  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
    "  hash BLOB NOT NULL CHECK (length(hash) = 32),"
    "  CHECK ((chain_version = 1 AND seq IS NULL)"
    "      OR (chain_version = 2 AND seq >= 1))) STRICT;"
    "INSERT INTO audit_v3(id, chain_version, seq, signer_id, path,"
    "  request_type, status, to_address, value_wei, chain_id, tx_hash,"
    "  detail_json, created_at, prev_hash, hash)"
    "  SELECT id, 1, NULL, signer_id, path, request_type, status,"
    "  to_address, value_wei, chain_id, tx_hash, detail_json, created_at,"
    "  prev_hash, hash FROM audit ORDER BY id;"
    /* Takes its index and append-only triggers with it. */
    "DROP TABLE audit;"
    "ALTER TABLE audit_v3 RENAME TO audit;"
    "CREATE UNIQUE INDEX audit_signer_seq ON audit(signer_id, seq);"
    "CREATE INDEX audit_signer ON audit(signer_id, id);"
    "CREATE INDEX audit_created ON audit(created_at);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;"

    "DROP TABLE networks;"

    "CREATE TABLE spend ("
    "  request_id TEXT PRIMARY KEY NOT NULL,"
    "  signer_id TEXT NOT NULL REFERENCES signers(id),"
    "  value_wei TEXT NOT NULL,"
    "  value_usd REAL CHECK (value_usd >= 0),"
    "  created_ms INTEGER NOT NULL,"
    "  expires_ms INTEGER NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN"
    "    ('reserved', 'spent', 'released'))) STRICT;"
    "CREATE INDEX spend_window ON spend(signer_id, created_ms);"

    "CREATE TABLE nonces ("
    "  request_id TEXT PRIMARY KEY NOT NULL"
    "    REFERENCES spend(request_id),"
    "  signer_id TEXT NOT NULL,"
    "  chain_id INTEGER NOT NULL CHECK (chain_id >= 0),"
    "  nonce INTEGER NOT NULL CHECK (nonce >= 0),"
    "  state TEXT NOT NULL CHECK (state IN"
    "    ('reserved', 'used', 'released')),"
    "  expires_ms INTEGER NOT NULL) STRICT;"
    "CREATE INDEX nonces_held ON nonces(signer_id, chain_id, nonce);"
};

#define DUETD_SQ_VERSION                                                     \
    ((int) (sizeof(duetd_sq_migrations) / sizeof(duetd_sq_migrations[0])))


enum {
    DUETD_SQ_SIGNER_INSERT = 0,
    DUETD_SQ_SIGNER_GET,
    DUETD_SQ_SIGNER_EXISTS,
    DUETD_SQ_SIGNER_LIST_ALL,
    DUETD_SQ_SIGNER_LIST_OWNER,
    DUETD_SQ_SIGNER_UPDATE,
    DUETD_SQ_SIGNER_SET_STATUS,
    DUETD_SQ_SIGNER_ACTIVATE,
    DUETD_SQ_APIKEY_INSERT,
    DUETD_SQ_APIKEY_LOOKUP,
    DUETD_SQ_APIKEY_REVOKE,
    DUETD_SQ_AUDIT_MAX_ID,
    DUETD_SQ_AUDIT_HEAD,
    DUETD_SQ_AUDIT_INSERT,
    DUETD_SQ_AUDIT_V1_ALL,
    DUETD_SQ_AUDIT_V1_OF_SIGNER,
    DUETD_SQ_AUDIT_V2_ALL,
    DUETD_SQ_AUDIT_V2_SIGNER,
    DUETD_SQ_META_GET,
    DUETD_SQ_SPEND_WINDOW,
    DUETD_SQ_SPEND_INSERT,
    DUETD_SQ_SPEND_STATE,
    DUETD_SQ_SPEND_SET,
    DUETD_SQ_NONCE_HELD,
    DUETD_SQ_NONCE_INSERT,
    DUETD_SQ_NONCE_SETTLE,
    DUETD_SQ_NONCE_RELEASE,
    DUETD_SQ_POLICY_GET,
    DUETD_SQ_POLICY_RETIRE,
    DUETD_SQ_POLICY_INSERT,
    DUETD_SQ_PRIME_ADD,
    DUETD_SQ_PRIME_AVAILABLE,
    DUETD_SQ_PRIME_MARK,
    DUETD_SQ_PRIME_FORGET,
    DUETD_SQ_PRIME_COUNT,
    DUETD_SQ_SIGNER_COUNT,
    DUETD_SQ_COUNT
};

static const char *const  duetd_sq_sql[DUETD_SQ_COUNT] = {
    [DUETD_SQ_SIGNER_INSERT] =
        "INSERT INTO signers(" DUETD_SQ_SIGNER_COLS ")"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [DUETD_SQ_SIGNER_GET] =
        "SELECT " DUETD_SQ_SIGNER_COLS " FROM signers WHERE id = ?1",
    [DUETD_SQ_SIGNER_EXISTS] =
        "SELECT 1 FROM signers WHERE id = ?1",
    [DUETD_SQ_SIGNER_LIST_ALL] =
        "SELECT " DUETD_SQ_SIGNER_COLS " FROM signers"
        " ORDER BY created_at DESC, id DESC LIMIT ?1",
    [DUETD_SQ_SIGNER_LIST_OWNER] =
        "SELECT " DUETD_SQ_SIGNER_COLS " FROM signers WHERE owner = ?2"
        " ORDER BY created_at DESC, id DESC LIMIT ?1",
    [DUETD_SQ_SIGNER_UPDATE] =
        "UPDATE signers SET name = coalesce(?2, name),"
        " description = coalesce(?3, description), updated_at = ?4"
        " WHERE id = ?1",
    [DUETD_SQ_SIGNER_SET_STATUS] =
        "UPDATE signers SET status = ?3, updated_at = ?4"
        " WHERE id = ?1 AND status = ?2",
    [DUETD_SQ_SIGNER_ACTIVATE] =
        "UPDATE signers SET status = 'active', eth_address = ?2,"
        " public_key = ?3, updated_at = ?4"
        " WHERE id = ?1 AND status = 'pending'",
    [DUETD_SQ_APIKEY_INSERT] =
        "INSERT INTO api_keys(signer_id, key_hash, created_at)"
        " VALUES (?1, ?2, ?3)",
    [DUETD_SQ_APIKEY_LOOKUP] =
        "SELECT signer_id, key_hash FROM api_keys"
        " WHERE key_hash = ?1 AND revoked_at IS NULL",
    [DUETD_SQ_APIKEY_REVOKE] =
        "UPDATE api_keys SET revoked_at = ?2"
        " WHERE signer_id = ?1 AND revoked_at IS NULL",
    [DUETD_SQ_AUDIT_MAX_ID] =
        "SELECT coalesce(max(id), 0) FROM audit",
    [DUETD_SQ_AUDIT_HEAD] =
        "SELECT seq, hash FROM audit"
        " WHERE signer_id = ?1 AND chain_version = 2"
        " ORDER BY seq DESC LIMIT 1",
    [DUETD_SQ_AUDIT_INSERT] =
        "INSERT INTO audit(id, chain_version, seq, signer_id, request_id,"
        " path, request_type, status, to_address, value_wei, value_usd,"
        " chain_id, decoded_action, tx_hash, caller_ip, rules_evaluated,"
        " eval_micros, detail_json, created_at, prev_hash, hash)"
        " VALUES (?1, 2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
        " ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    [DUETD_SQ_AUDIT_V1_ALL] =
        "SELECT " DUETD_SQ_AUDIT_COLS " FROM audit"
        " WHERE chain_version = 1 ORDER BY id",
    [DUETD_SQ_AUDIT_V1_OF_SIGNER] =
        "SELECT 1 FROM audit WHERE signer_id = ?1 AND chain_version = 1"
        " LIMIT 1",
    /* Not "chain_version = 2": a row flipped to 1 must still be seen. */
    [DUETD_SQ_AUDIT_V2_ALL] =
        "SELECT " DUETD_SQ_AUDIT_COLS " FROM audit"
        " WHERE seq IS NOT NULL OR chain_version <> 1"
        " ORDER BY signer_id, seq, id",
    [DUETD_SQ_AUDIT_V2_SIGNER] =
        "SELECT " DUETD_SQ_AUDIT_COLS " FROM audit"
        " WHERE signer_id = ?1 AND (seq IS NOT NULL OR chain_version <> 1)"
        " ORDER BY seq, id",
    [DUETD_SQ_META_GET] =
        "SELECT value FROM meta WHERE key = ?1",
    [DUETD_SQ_SPEND_WINDOW] =
        "SELECT value_wei, value_usd, created_ms FROM spend"
        " WHERE signer_id = ?1 AND created_ms >= ?2"
        " AND " DUETD_SQ_SPEND_COUNTED
        " ORDER BY created_ms DESC, rowid DESC",
    [DUETD_SQ_SPEND_INSERT] =
        "INSERT INTO spend(request_id, signer_id, value_wei, value_usd,"
        " created_ms, expires_ms, state)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'reserved')",
    [DUETD_SQ_SPEND_STATE] =
        "SELECT state FROM spend WHERE request_id = ?1",
    [DUETD_SQ_SPEND_SET] =
        "UPDATE spend SET state = ?2 WHERE request_id = ?1"
        " AND state = 'reserved'",
    [DUETD_SQ_NONCE_HELD] =
        "SELECT DISTINCT nonce FROM nonces"
        " WHERE signer_id = ?1 AND chain_id = ?2 AND nonce >= ?4"
        " AND (state = 'used' OR (state = 'reserved' AND expires_ms > ?3))"
        " ORDER BY nonce",
    [DUETD_SQ_NONCE_INSERT] =
        "INSERT INTO nonces(request_id, signer_id, chain_id, nonce, state,"
        " expires_ms) VALUES (?1, ?2, ?3, ?4, 'reserved', ?5)",
    [DUETD_SQ_NONCE_SETTLE] =
        "UPDATE nonces SET state = ?2 WHERE request_id = ?1"
        " AND state = 'reserved'",
    [DUETD_SQ_NONCE_RELEASE] =
        "UPDATE nonces SET state = 'released' WHERE request_id = ?1",
    [DUETD_SQ_POLICY_GET] =
        "SELECT document FROM policies WHERE signer_id = ?1 AND active = 1",
    [DUETD_SQ_POLICY_RETIRE] =
        "UPDATE policies SET active = 0 WHERE signer_id = ?1 AND active = 1",
    [DUETD_SQ_POLICY_INSERT] =
        "INSERT INTO policies(signer_id, document, created_at, active)"
        " VALUES (?1, ?2, ?3, 1)",
    [DUETD_SQ_PRIME_ADD] =
        "INSERT INTO prime_pool(id, bits, state, created_at)"
        " VALUES (?1, ?2, 'available', ?3)",
    [DUETD_SQ_PRIME_AVAILABLE] =
        "SELECT id FROM prime_pool WHERE bits = ?1 AND state = 'available'"
        " ORDER BY created_at, id LIMIT ?2",
    [DUETD_SQ_PRIME_MARK] =
        "UPDATE prime_pool SET state = 'claimed', claimed_at = ?2"
        " WHERE id = ?1 AND state = 'available'",
    [DUETD_SQ_PRIME_FORGET] =
        "DELETE FROM prime_pool WHERE id = ?1 AND state = 'claimed'",
    [DUETD_SQ_PRIME_COUNT] =
        "SELECT count(*) FROM prime_pool"
        " WHERE bits = ?1 AND state = 'available'",
    [DUETD_SQ_SIGNER_COUNT] =
        "SELECT count(*) FROM signers WHERE status = ?1",
};

struct duetd_sq {
    struct duetd_store   base;                 /* first: see store_impl.h */
    sqlite3             *db;
    sqlite3_stmt        *st[DUETD_SQ_COUNT];
    /* Audit listings, one of each kind per filter mask (store_impl.h). */
    sqlite3_stmt        *list[DUETD_AUDIT_F_ALL];
    sqlite3_stmt        *count[DUETD_AUDIT_F_ALL];
    sqlite3_stmt        *each[DUETD_AUDIT_F_ALL];
};


/* --- connections -------------------------------------------------------- */

static int
duetd_sq_path(char *path, size_t size, const struct duetd_config *cfg)
{
    int  n;

    if (cfg->store_path != NULL) {
        n = snprintf(path, size, "%s", cfg->store_path);
    } else if (cfg->data_dir != NULL) {
        n = snprintf(path, size, "%s/%s", cfg->data_dir, DUETD_STORE_FILE);
    } else {
        duetd_log_error("store: neither store_path nor data_dir is set");
        return -1;
    }
    if (n < 0 || (size_t) n >= size) {
        duetd_log_error("store: database path too long");
        return -1;
    }
    return 0;
}


static int
duetd_sq_exec(sqlite3 *db, const char *sql)
{
    char  *err = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        duetd_log_error("store: %s", err ? err : sqlite3_errmsg(db));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}


/* Roll back whatever transaction is open (SQLite may have ended it). */
static void
duetd_sq_rollback(sqlite3 *db)
{
    if (!sqlite3_get_autocommit(db)) {
        (void) duetd_sq_exec(db, "ROLLBACK");
    }
}


static int
duetd_sq_connect(const char *path, int flags, sqlite3 **out)
{
    sqlite3  *db = NULL;
    int       rc;

    *out = NULL;
    rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc != SQLITE_OK) {
        duetd_log_error("store: cannot open %s: %s", path,
                        db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_extended_result_codes(db, 1);
    if (sqlite3_busy_timeout(db, DUETD_STORE_BUSY_MS) != SQLITE_OK
        || duetd_sq_exec(db, "PRAGMA foreign_keys = ON") != 0
        || duetd_sq_exec(db, "PRAGMA synchronous = FULL") != 0)
    {
        sqlite3_close(db);
        return -1;
    }
    *out = db;
    return 0;
}


/* One-row, one-column pragma read (user_version, journal_mode). */
static int
duetd_sq_pragma(sqlite3 *db, const char *sql, int *num, char *text,
    size_t text_size)
{
    sqlite3_stmt         *st = NULL;
    const unsigned char  *v;
    int                   r = -1;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK
        || sqlite3_step(st) != SQLITE_ROW)
    {
        duetd_log_error("store: %s: %s", sql, sqlite3_errmsg(db));
        goto out;
    }
    if (num != NULL) {
        *num = sqlite3_column_int(st, 0);
    }
    if (text != NULL) {
        v = sqlite3_column_text(st, 0);
        if (v == NULL) {
            goto out;
        }
        snprintf(text, text_size, "%s", (const char *) v);
    }
    r = 0;
out:
    sqlite3_finalize(st);
    return r;
}


/*
 * Apply migration `to` in one transaction.  user_version is re-read under
 * the write lock, so a second process migrating at the same moment finds
 * the work done instead of doing it twice.
 */
static int
duetd_sq_migrate(sqlite3 *db, int to)
{
    char  sql[64];
    int   version, r = -1;

    if (duetd_sq_exec(db, "BEGIN IMMEDIATE") != 0) {
        goto out;
    }
    if (duetd_sq_pragma(db, "PRAGMA user_version", &version, NULL, 0) != 0) {
        goto out;
    }
    if (version >= to) {
        r = 0;
        goto out;
    }
    (void) snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", to);
    if (duetd_sq_exec(db, duetd_sq_migrations[to - 1]) != 0
        || duetd_sq_exec(db, sql) != 0
        || duetd_sq_exec(db, "COMMIT") != 0)
    {
        goto out;
    }
    duetd_log_info("store: schema migrated to version %d", to);
    r = 0;
out:
    if (r != 0) {
        duetd_log_error("store: migration %d failed", to);
    }
    duetd_sq_rollback(db);
    return r;
}


static int
duetd_sq_prepare(const struct duetd_config *cfg)
{
    char      path[PATH_MAX], mode[16];
    sqlite3  *db = NULL;
    int       fd, version, i, r = -1;

    if (duetd_sq_path(path, sizeof(path), cfg) != 0) {
        return -1;
    }

    /*
     * Create the file ourselves so that it is 0600 from the start: SQLite
     * would use 0644, and gives the -wal and -shm files the database's
     * mode.  The file holds API-key hashes and the audit trail.
     */
    fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        duetd_log_error("store: cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    (void) close(fd);

    if (duetd_sq_connect(path, SQLITE_OPEN_READWRITE, &db) != 0) {
        return -1;
    }
    if (duetd_sq_pragma(db, "PRAGMA journal_mode = WAL", NULL, mode,
                        sizeof(mode)) != 0)
    {
        goto out;
    }
    if (strcmp(mode, "wal") != 0) {
        duetd_log_error("store: %s: cannot switch to WAL (mode %s)", path,
                        mode);
        goto out;
    }
    if (duetd_sq_pragma(db, "PRAGMA user_version", &version, NULL, 0) != 0) {
        goto out;
    }
    if (version > DUETD_SQ_VERSION || version < 0) {
        duetd_log_error("store: %s has schema version %d, newer than this "
                        "duetd understands (%d)", path, version,
                        DUETD_SQ_VERSION);
        goto out;
    }
    for (i = version + 1; i <= DUETD_SQ_VERSION; i++) {
        if (duetd_sq_migrate(db, i) != 0) {
            goto out;
        }
    }
    r = 0;
out:
    sqlite3_close(db);
    return r;
}


static int
duetd_sq_open(const struct duetd_config *cfg, struct duetd_store **out)
{
    struct duetd_sq  *q;
    char              path[PATH_MAX];
    int               version;

    if (duetd_sq_path(path, sizeof(path), cfg) != 0) {
        return -1;
    }
    q = calloc(1, sizeof(*q));
    if (q == NULL) {
        duetd_log_error("out of memory");
        return -1;
    }
    q->base.ops = &duetd_store_sqlite_ops;
    if (duetd_sq_connect(path, SQLITE_OPEN_READWRITE, &q->db) != 0) {
        free(q);
        return -1;
    }
    if (duetd_sq_pragma(q->db, "PRAGMA user_version", &version, NULL, 0)
        != 0)
    {
        goto fail;
    }
    if (version != DUETD_SQ_VERSION) {
        duetd_log_error("store: %s has schema version %d, this duetd needs "
                        "%d", path, version, DUETD_SQ_VERSION);
        goto fail;
    }
    *out = &q->base;
    return 0;
fail:
    sqlite3_close(q->db);
    free(q);
    return -1;
}


static void
duetd_sq_close(struct duetd_store *s)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    int               i;

    for (i = 0; i < DUETD_SQ_COUNT; i++) {
        sqlite3_finalize(q->st[i]);
    }
    for (i = 0; i < DUETD_AUDIT_F_ALL; i++) {
        sqlite3_finalize(q->list[i]);
        sqlite3_finalize(q->count[i]);
        sqlite3_finalize(q->each[i]);
    }
    if (sqlite3_close(q->db) != SQLITE_OK) {
        duetd_log_warn("store: close: %s", sqlite3_errmsg(q->db));
    }
    free(q);
}


static int
duetd_sq_ping(struct duetd_store *s)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;

    /* BEGIN IMMEDIATE takes the write lock: proves the file is writable. */
    if (duetd_sq_exec(q->db, "BEGIN IMMEDIATE") != 0) {
        return -1;
    }
    return duetd_sq_exec(q->db, "ROLLBACK");
}


/* --- statements --------------------------------------------------------- */

/* The connection's statement `which`, prepared on first use. */
static sqlite3_stmt *
duetd_sq_stmt(struct duetd_sq *q, int which)
{
    if (q->st[which] == NULL
        && sqlite3_prepare_v3(q->db, duetd_sq_sql[which], -1,
                              SQLITE_PREPARE_PERSISTENT, &q->st[which], NULL)
           != SQLITE_OK)
    {
        duetd_log_error("store: prepare %d: %s", which,
                        sqlite3_errmsg(q->db));
        q->st[which] = NULL;
        return NULL;
    }
    return q->st[which];
}


static void
duetd_sq_done(sqlite3_stmt *st)
{
    if (st != NULL) {
        (void) sqlite3_reset(st);
        (void) sqlite3_clear_bindings(st);
    }
}


/*
 * The code for a failed step: CONFLICT for a taken key (not an error of
 * ours), ERROR (logged) for anything else.
 */
static int
duetd_sq_fail(struct duetd_sq *q, int rc, const char *what)
{
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
    {
        duetd_log_debug("store: %s: key taken", what);
        return DUETD_STORE_CONFLICT;
    }
    duetd_log_error("store: %s: %s", what, sqlite3_errmsg(q->db));
    return DUETD_STORE_ERROR;
}


/* Bind strings that outlive the step (no copy). */
static int
duetd_sq_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v == NULL) {
        return sqlite3_bind_null(st, i) == SQLITE_OK ? 0 : -1;
    }
    return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC) == SQLITE_OK
           ? 0 : -1;
}


static int
duetd_sq_blob(sqlite3_stmt *st, int i, const uint8_t *v, size_t len)
{
    return sqlite3_bind_blob(st, i, v, (int) len, SQLITE_STATIC) == SQLITE_OK
           ? 0 : -1;
}


static int
duetd_sq_int(sqlite3_stmt *st, int i, int64_t v)
{
    return sqlite3_bind_int64(st, i, v) == SQLITE_OK ? 0 : -1;
}


/* Statement `which` with the text key bound as parameter 1, or NULL. */
static sqlite3_stmt *
duetd_sq_keyed(struct duetd_sq *q, int which, const char *key)
{
    sqlite3_stmt  *st;

    if ((st = duetd_sq_stmt(q, which)) == NULL) {
        return NULL;
    }
    if (duetd_sq_text(st, 1, key) != 0) {
        duetd_sq_done(st);
        return NULL;
    }
    return st;
}


/* Step a bound query once: OK on a row, NOT_FOUND, or CONFLICT/ERROR. */
static int
duetd_sq_row(struct duetd_sq *q, sqlite3_stmt *st, const char *what)
{
    int  rc;

    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        return DUETD_STORE_OK;
    }
    if (rc == SQLITE_DONE) {
        return DUETD_STORE_NOT_FOUND;
    }
    return duetd_sq_fail(q, rc, what);
}


/*
 * Look a row up by its text key: OK with *st on the row, NOT_FOUND or
 * ERROR.  The caller ends *st (NULL too) with duetd_sq_done.
 */
static int
duetd_sq_lookup(struct duetd_sq *q, int which, const char *key,
    const char *what, sqlite3_stmt **st)
{
    if ((*st = duetd_sq_keyed(q, which, key)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    return duetd_sq_row(q, *st, what);
}

/*
 * Copy a text column into a record field of `size` bytes.  NULL reads as
 * "".  A value that does not fit (or holds a NUL) is refused, not cut.
 */
static int
duetd_sq_col(sqlite3_stmt *st, int col, char *dst, size_t size,
    const char *what)
{
    const unsigned char  *v;
    int                   n;

    dst[0] = '\0';
    if (sqlite3_column_type(st, col) == SQLITE_NULL) {
        return 0;
    }
    v = sqlite3_column_text(st, col);
    n = sqlite3_column_bytes(st, col);
    if (v == NULL || n < 0) {
        duetd_log_error("store: reading %s: out of memory", what);
        return -1;
    }
    if ((size_t) n >= size || memchr(v, '\0', (size_t) n) != NULL) {
        duetd_log_error("store: stored %s does not fit (%d bytes, max %zu)",
                        what, n, size - 1);
        return -1;
    }
    memcpy(dst, v, (size_t) n);
    dst[n] = '\0';
    return 0;
}


/* A blob column of exactly 32 bytes. */
static int
duetd_sq_col32(sqlite3_stmt *st, int col, uint8_t dst[32], const char *what)
{
    const void  *v;

    v = sqlite3_column_blob(st, col);
    if (v == NULL || sqlite3_column_bytes(st, col) != 32) {
        duetd_log_error("store: stored %s is not 32 bytes", what);
        return -1;
    }
    memcpy(dst, v, 32);
    return 0;
}


static int
duetd_sq_begin(struct duetd_sq *q)
{
    return duetd_sq_exec(q->db, "BEGIN IMMEDIATE") == 0
           ? DUETD_STORE_OK : DUETD_STORE_ERROR;
}


/* Commit when rc is OK, else roll back.  Returns the final code. */
static int
duetd_sq_end(struct duetd_sq *q, int rc)
{
    if (rc == DUETD_STORE_OK && duetd_sq_exec(q->db, "COMMIT") != 0) {
        rc = DUETD_STORE_ERROR;
    }
    duetd_sq_rollback(q->db);
    return rc;
}


/* Does signer id exist?  OK, NOT_FOUND or ERROR. */
static int
duetd_sq_signer_exists(struct duetd_sq *q, const char *id)
{
    sqlite3_stmt  *st;
    int            r;

    r = duetd_sq_lookup(q, DUETD_SQ_SIGNER_EXISTS, id, "signer lookup", &st);
    duetd_sq_done(st);
    return r;
}


/*
 * A compare-and-set on signer id touched no row: CONFLICT if the signer
 * exists (its state is not the one expected), else NOT_FOUND or ERROR.
 * Signers are never deleted: existence cannot change meanwhile.
 */
static int
duetd_sq_signer_unchanged(struct duetd_sq *q, const char *id)
{
    int  r;

    r = duetd_sq_signer_exists(q, id);
    return r == DUETD_STORE_OK ? DUETD_STORE_CONFLICT : r;
}


/*
 * Run a bound write statement to completion.  *changes (if not NULL)
 * gets the rows it touched.  Returns OK, CONFLICT or ERROR.
 */
static int
duetd_sq_write(struct duetd_sq *q, sqlite3_stmt *st, const char *what,
    int *changes)
{
    int  rc;

    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        return duetd_sq_fail(q, rc, what);
    }
    if (changes != NULL) {
        *changes = sqlite3_changes(q->db);
    }
    return DUETD_STORE_OK;
}


/* --- signers ------------------------------------------------------------ */

/*
 * Read every row of a bound statement into a malloc'd array of `size`-byte
 * items, each filled by `row`.  Growth copies and wipes rather than
 * realloc()s, and a failure wipes what was read, so that a list of rows
 * carrying anything sensitive can go through it too.  Returns OK with
 * *out and *n (NULL and 0 for no rows), or ERROR (logged) with nothing.
 */
static int
duetd_sq_collect(struct duetd_sq *q, sqlite3_stmt *st, size_t size,
    int (*row)(sqlite3_stmt *st, void *item), const char *what, void **out,
    size_t *n)
{
    uint8_t  *v = NULL, *nv;
    size_t    cap = 0, ncap, len = 0;
    int       rc, r = DUETD_STORE_ERROR;

    *out = NULL;
    *n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            ncap = cap == 0 ? 8 : cap * 2;
            if ((nv = calloc(ncap, size)) == NULL) {
                duetd_log_error("out of memory");
                goto out;
            }
            if (v != NULL) {
                memcpy(nv, v, len * size);
                duet_memclear(v, cap * size);
                free(v);
            }
            v = nv;
            cap = ncap;
        }
        if (row(st, v + len * size) != 0) {
            goto out;
        }
        len++;
    }
    if (rc != SQLITE_DONE) {
        r = duetd_sq_fail(q, rc, what);
        goto out;
    }
    *out = v;
    *n = len;
    v = NULL;
    r = DUETD_STORE_OK;
out:
    if (v != NULL) {
        duet_memclear(v, cap * size);
        free(v);
    }
    return r;
}


static int
duetd_sq_signer_row(sqlite3_stmt *st, struct duetd_signer *sg)
{
    int64_t  level;

    if (duetd_sq_col(st, 0, sg->id, sizeof(sg->id), "signer id") != 0
        || duetd_sq_col(st, 1, sg->name, sizeof(sg->name), "name") != 0
        || duetd_sq_col(st, 2, sg->description, sizeof(sg->description),
                        "description") != 0
        || duetd_sq_col(st, 3, sg->type, sizeof(sg->type), "type") != 0
        || duetd_sq_col(st, 4, sg->network, sizeof(sg->network), "network")
           != 0
        || duetd_sq_col(st, 5, sg->status, sizeof(sg->status), "status") != 0
        || duetd_sq_col(st, 6, sg->eth_address, sizeof(sg->eth_address),
                        "eth_address") != 0
        || duetd_sq_col(st, 7, sg->public_key, sizeof(sg->public_key),
                        "public_key") != 0
        || duetd_sq_col(st, 9, sg->owner, sizeof(sg->owner), "owner") != 0
        || duetd_sq_col(st, 10, sg->created_at, sizeof(sg->created_at),
                        "created_at") != 0
        || duetd_sq_col(st, 11, sg->updated_at, sizeof(sg->updated_at),
                        "updated_at") != 0)
    {
        return -1;
    }
    level = sqlite3_column_int64(st, 8);
    if (level < 0 || level > INT_MAX) {
        duetd_log_error("store: signer %s: stored level out of range",
                        sg->id);
        return -1;
    }
    sg->level = (int) level;
    return 0;
}


static int
duetd_sq_signer_insert(struct duetd_store *s, const struct duetd_signer *sg)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    int               r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_SIGNER_INSERT)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_text(st, 1, sg->id) != 0
        || duetd_sq_text(st, 2, sg->name) != 0
        || duetd_sq_text(st, 3, sg->description) != 0
        || duetd_sq_text(st, 4, sg->type) != 0
        || duetd_sq_text(st, 5, sg->network) != 0
        || duetd_sq_text(st, 6, sg->status) != 0
        || duetd_sq_text(st, 7, sg->eth_address) != 0
        || duetd_sq_text(st, 8, sg->public_key) != 0
        || duetd_sq_int(st, 9, sg->level) != 0
        || duetd_sq_text(st, 10, sg->owner) != 0
        || duetd_sq_text(st, 11, sg->created_at) != 0
        || duetd_sq_text(st, 12, sg->updated_at) != 0)
    {
        duetd_log_error("store: bind: %s", sqlite3_errmsg(q->db));
        goto out;
    }
    r = duetd_sq_write(q, st, "signer insert", NULL);
out:
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_signer_get(struct duetd_store *s, const char *id,
    struct duetd_signer *out)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    int               r;

    r = duetd_sq_lookup(q, DUETD_SQ_SIGNER_GET, id, "signer get", &st);
    if (r == DUETD_STORE_OK && duetd_sq_signer_row(st, out) != 0) {
        r = DUETD_STORE_ERROR;
    }
    duetd_sq_done(st);
    if (r != DUETD_STORE_OK) {
        memset(out, 0, sizeof(*out));
    }
    return r;
}


/* duetd_sq_collect's row reader for signers. */
static int
duetd_sq_signer_item(sqlite3_stmt *st, void *item)
{
    return duetd_sq_signer_row(st, item);
}


static int
duetd_sq_signer_list(struct duetd_store *s, const char *owner, size_t max,
    struct duetd_signer **out, size_t *n)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    void             *v = NULL;
    int               r = DUETD_STORE_ERROR;

    *n = 0;
    st = duetd_sq_stmt(q, owner != NULL ? DUETD_SQ_SIGNER_LIST_OWNER
                                        : DUETD_SQ_SIGNER_LIST_ALL);
    if (st == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_int(st, 1, max > INT64_MAX ? INT64_MAX : (int64_t) max)
        == 0
        && (owner == NULL || duetd_sq_text(st, 2, owner) == 0))
    {
        r = duetd_sq_collect(q, st, sizeof(**out), duetd_sq_signer_item,
                             "signer list", &v, n);
    }
    duetd_sq_done(st);
    *out = v;
    return r;
}


static int
duetd_sq_signer_update(struct duetd_store *s, const char *id,
    const char *name, const char *description)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    char              now[DUETD_TIME_SIZE];
    int               changes = 0, r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_SIGNER_UPDATE)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    duetd_timestamp(now);
    if (duetd_sq_text(st, 1, id) != 0
        || duetd_sq_text(st, 2, name) != 0
        || duetd_sq_text(st, 3, description) != 0
        || duetd_sq_text(st, 4, now) != 0)
    {
        goto out;
    }
    r = duetd_sq_write(q, st, "signer update", &changes);
    if (r == DUETD_STORE_OK && changes == 0) {
        r = DUETD_STORE_NOT_FOUND;
    }
out:
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_signer_set_status(struct duetd_store *s, const char *id,
    const char *from, const char *to)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    char              now[DUETD_TIME_SIZE];
    int               changes = 0, r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_SIGNER_SET_STATUS)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    duetd_timestamp(now);
    if (duetd_sq_text(st, 1, id) != 0
        || duetd_sq_text(st, 2, from) != 0
        || duetd_sq_text(st, 3, to) != 0
        || duetd_sq_text(st, 4, now) != 0)
    {
        goto out;
    }
    /* The WHERE clause is the compare; one statement is atomic. */
    r = duetd_sq_write(q, st, "signer status", &changes);
    duetd_sq_done(st);
    st = NULL;
    if (r == DUETD_STORE_OK && changes == 0) {
        r = duetd_sq_signer_unchanged(q, id);
    }
out:
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_apikey_insert(struct duetd_sq *q, const char *signer_id,
    const uint8_t key_hash[32], const char *now)
{
    sqlite3_stmt  *st;
    int            r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_APIKEY_INSERT)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_text(st, 1, signer_id) == 0
        && duetd_sq_blob(st, 2, key_hash, 32) == 0
        && duetd_sq_text(st, 3, now) == 0)
    {
        r = duetd_sq_write(q, st, "api key insert", NULL);
    }
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_signer_activate(struct duetd_store *s, const char *id,
    const char *eth_address, const char *public_key,
    const uint8_t key_hash[32])
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st = NULL;
    char              now[DUETD_TIME_SIZE];
    int               changes = 0, r;

    if ((r = duetd_sq_begin(q)) != DUETD_STORE_OK) {
        return r;
    }
    r = DUETD_STORE_ERROR;
    duetd_timestamp(now);
    if ((st = duetd_sq_stmt(q, DUETD_SQ_SIGNER_ACTIVATE)) == NULL
        || duetd_sq_text(st, 1, id) != 0
        || duetd_sq_text(st, 2, eth_address) != 0
        || duetd_sq_text(st, 3, public_key) != 0
        || duetd_sq_text(st, 4, now) != 0)
    {
        goto out;
    }
    r = duetd_sq_write(q, st, "signer activate", &changes);
    duetd_sq_done(st);
    st = NULL;
    if (r != DUETD_STORE_OK) {
        goto out;
    }
    if (changes == 0) {
        r = duetd_sq_signer_unchanged(q, id);
        goto out;
    }
    r = duetd_sq_apikey_insert(q, id, key_hash, now);
out:
    duetd_sq_done(st);
    return duetd_sq_end(q, r);
}


/* --- API keys ----------------------------------------------------------- */

static int
duetd_sq_apikey_lookup(struct duetd_store *s, const uint8_t key_hash[32],
    char signer_id[DUETD_UUID_SIZE], uint8_t stored_hash[32])
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    int               r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_APIKEY_LOOKUP)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_blob(st, 1, key_hash, 32) != 0) {
        goto out;
    }
    r = duetd_sq_row(q, st, "api key lookup");
    if (r == DUETD_STORE_OK
        && (duetd_sq_col(st, 0, signer_id, DUETD_UUID_SIZE, "signer id")
            != 0
            || duetd_sq_col32(st, 1, stored_hash, "key hash") != 0))
    {
        r = DUETD_STORE_ERROR;
    }
out:
    duetd_sq_done(st);
    if (r != DUETD_STORE_OK) {
        memset(signer_id, 0, DUETD_UUID_SIZE);
        memset(stored_hash, 0, 32);
    }
    return r;
}


/* Revoke the signer's live keys (inside the caller's transaction). */
static int
duetd_sq_apikey_revoke(struct duetd_sq *q, const char *signer_id,
    const char *now)
{
    sqlite3_stmt  *st;
    int            r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_APIKEY_REVOKE)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_text(st, 1, signer_id) == 0
        && duetd_sq_text(st, 2, now) == 0)
    {
        r = duetd_sq_write(q, st, "api key revoke", NULL);
    }
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_apikey_replace(struct duetd_store *s, const char *signer_id,
    const uint8_t key_hash[32])
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    char              now[DUETD_TIME_SIZE];
    int               r;

    if ((r = duetd_sq_begin(q)) != DUETD_STORE_OK) {
        return r;
    }
    duetd_timestamp(now);
    r = duetd_sq_signer_exists(q, signer_id);
    if (r == DUETD_STORE_OK) {
        r = duetd_sq_apikey_revoke(q, signer_id, now);
    }
    if (r == DUETD_STORE_OK) {
        r = duetd_sq_apikey_insert(q, signer_id, key_hash, now);
    }
    return duetd_sq_end(q, r);
}


static int
duetd_sq_apikey_revoke_all(struct duetd_store *s, const char *signer_id)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    char              now[DUETD_TIME_SIZE];
    int               r;

    if ((r = duetd_sq_begin(q)) != DUETD_STORE_OK) {
        return r;
    }
    duetd_timestamp(now);
    r = duetd_sq_signer_exists(q, signer_id);
    if (r == DUETD_STORE_OK) {
        r = duetd_sq_apikey_revoke(q, signer_id, now);
    }
    return duetd_sq_end(q, r);
}


/* --- audit -------------------------------------------------------------- */

/*
 * Read one audit row (DUETD_SQ_AUDIT_COLS) into *a, and its chain version
 * into *version when not NULL; detail_json points into the statement and
 * is valid until the next step.  A NULL seq reads as 0 (a v1 row).
 * -1 (logged) when a column cannot be held.
 */
static int
duetd_sq_audit_row(sqlite3_stmt *st, struct duetd_audit *a, int *version)
{
    int64_t  rules, micros;
    int      null_detail;

    memset(a, 0, sizeof(*a));
    a->id = sqlite3_column_int64(st, 0);
    a->seq = sqlite3_column_int64(st, 1);
    a->chain_id = sqlite3_column_int64(st, 10);
    rules = sqlite3_column_int64(st, 14);
    micros = sqlite3_column_int64(st, 15);
    null_detail = sqlite3_column_type(st, 16) == SQLITE_NULL;
    a->detail_json = (const char *) sqlite3_column_text(st, 16);
    if (version != NULL) {
        *version = sqlite3_column_int(st, 20);
    }
    if (duetd_sq_col(st, 2, a->signer_id, sizeof(a->signer_id),
                     "audit signer_id") != 0
        || duetd_sq_col(st, 3, a->request_id, sizeof(a->request_id),
                        "audit request_id") != 0
        || duetd_sq_col(st, 4, a->path, sizeof(a->path), "audit path") != 0
        || duetd_sq_col(st, 5, a->request_type, sizeof(a->request_type),
                        "audit request_type") != 0
        || duetd_sq_col(st, 6, a->status, sizeof(a->status), "audit status")
           != 0
        || duetd_sq_col(st, 7, a->to_address, sizeof(a->to_address),
                        "audit to_address") != 0
        || duetd_sq_col(st, 8, a->value_wei, sizeof(a->value_wei),
                        "audit value_wei") != 0
        || duetd_sq_col(st, 9, a->value_usd, sizeof(a->value_usd),
                        "audit value_usd") != 0
        || duetd_sq_col(st, 11, a->decoded_action, sizeof(a->decoded_action),
                        "audit decoded_action") != 0
        || duetd_sq_col(st, 12, a->tx_hash, sizeof(a->tx_hash),
                        "audit tx_hash") != 0
        || duetd_sq_col(st, 13, a->caller_ip, sizeof(a->caller_ip),
                        "audit caller_ip") != 0
        || duetd_sq_col(st, 17, a->created_at, sizeof(a->created_at),
                        "audit created_at") != 0
        || duetd_sq_col32(st, 18, a->prev_hash, "audit prev_hash") != 0
        || duetd_sq_col32(st, 19, a->hash, "audit hash") != 0)
    {
        return -1;
    }
    if (rules < 0 || rules > UINT32_MAX || micros < 0 || micros > UINT32_MAX)
    {
        duetd_log_error("store: audit row %lld: counters out of range",
                        (long long) a->id);
        return -1;
    }
    a->rules_evaluated = (uint32_t) rules;
    a->eval_micros = (uint32_t) micros;
    if (!null_detail && a->detail_json == NULL) {
        duetd_log_error("store: reading audit detail: out of memory");
        return -1;
    }
    return 0;
}


/*
 * Append *a to its signer's chain, inside the caller's write transaction
 * (so the head read here is still the head when the row lands).
 */
static int
duetd_sq_audit_insert(struct duetd_sq *q, struct duetd_audit *a)
{
    sqlite3_stmt  *st = NULL;
    int64_t        last_id = 0, last_seq = 0;
    int            rc, r = DUETD_STORE_ERROR;

    memset(a->prev_hash, 0, sizeof(a->prev_hash));
    if ((st = duetd_sq_stmt(q, DUETD_SQ_AUDIT_MAX_ID)) == NULL) {
        goto out;
    }
    if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
        r = duetd_sq_fail(q, rc, "audit last id");
        goto out;
    }
    last_id = sqlite3_column_int64(st, 0);
    duetd_sq_done(st);

    if ((st = duetd_sq_keyed(q, DUETD_SQ_AUDIT_HEAD, a->signer_id)) == NULL)
    {
        goto out;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        last_seq = sqlite3_column_int64(st, 0);
        if (duetd_sq_col32(st, 1, a->prev_hash, "audit hash") != 0) {
            goto out;
        }
    } else if (rc != SQLITE_DONE) {
        r = duetd_sq_fail(q, rc, "audit head");
        goto out;
    }
    duetd_sq_done(st);
    st = NULL;
    if (last_id < 0 || last_id == INT64_MAX
        || last_seq < 0 || last_seq == INT64_MAX)
    {
        duetd_log_error("store: audit id or seq out of range");
        goto out;
    }

    a->id = last_id + 1;
    a->seq = last_seq + 1;
    duetd_timestamp(a->created_at);
    if (duetd_store_audit_hash(a, a->hash) != 0) {
        goto out;
    }
    if ((st = duetd_sq_stmt(q, DUETD_SQ_AUDIT_INSERT)) == NULL
        || duetd_sq_int(st, 1, a->id) != 0
        || duetd_sq_int(st, 2, a->seq) != 0
        || duetd_sq_text(st, 3, a->signer_id) != 0
        || duetd_sq_text(st, 4, a->request_id) != 0
        || duetd_sq_text(st, 5, a->path) != 0
        || duetd_sq_text(st, 6, a->request_type) != 0
        || duetd_sq_text(st, 7, a->status) != 0
        || duetd_sq_text(st, 8, a->to_address) != 0
        || duetd_sq_text(st, 9, a->value_wei) != 0
        || duetd_sq_text(st, 10, a->value_usd) != 0
        || duetd_sq_int(st, 11, a->chain_id) != 0
        || duetd_sq_text(st, 12, a->decoded_action) != 0
        || duetd_sq_text(st, 13, a->tx_hash) != 0
        || duetd_sq_text(st, 14, a->caller_ip) != 0
        || duetd_sq_int(st, 15, a->rules_evaluated) != 0
        || duetd_sq_int(st, 16, a->eval_micros) != 0
        || duetd_sq_text(st, 17, a->detail_json) != 0
        || duetd_sq_text(st, 18, a->created_at) != 0
        || duetd_sq_blob(st, 19, a->prev_hash, 32) != 0
        || duetd_sq_blob(st, 20, a->hash, 32) != 0)
    {
        goto out;
    }
    r = duetd_sq_write(q, st, "audit append", NULL);
    if (r == DUETD_STORE_CONFLICT) {
        /* Under the write lock neither the id nor the seq can be taken. */
        duetd_log_error("store: audit id or seq taken under the lock");
        r = DUETD_STORE_ERROR;
    }
out:
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_audit_append(struct duetd_store *s, struct duetd_audit *a)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    int               r;

    if ((r = duetd_sq_begin(q)) != DUETD_STORE_OK) {
        return r;
    }
    return duetd_sq_end(q, duetd_sq_audit_insert(q, a));
}


/* The WHERE clause of an audit listing with filter mask m. */
static void
duetd_sq_audit_where(char *sql, size_t size, unsigned m)
{
    (void) snprintf(sql, size, " WHERE 1%s%s%s%s%s",
                    m & DUETD_AUDIT_F_SIGNER ? " AND signer_id = ?1" : "",
                    m & DUETD_AUDIT_F_STATUS ? " AND status = ?2" : "",
                    m & DUETD_AUDIT_F_TYPE ? " AND request_type = ?3" : "",
                    m & DUETD_AUDIT_F_FROM ? " AND created_at >= ?4" : "",
                    m & DUETD_AUDIT_F_TO ? " AND created_at <= ?5" : "");
}


/*
 * The cached listing statement of a kind (list, count or each) for the
 * filter's mask, with the filter bound.  A statement binds only the
 * parameters its text names (a higher index than its largest is an
 * error), hence the mask per statement.
 */
static sqlite3_stmt *
duetd_sq_audit_query(struct duetd_sq *q, sqlite3_stmt **cache,
    const char *head, const char *tail, const struct duetd_audit_filter *f)
{
    sqlite3_stmt  *st;
    unsigned       m = duetd_store_audit_mask(f);
    char           where[192], sql[768];
    int            n;

    if (cache[m] == NULL) {
        duetd_sq_audit_where(where, sizeof(where), m);
        n = snprintf(sql, sizeof(sql), "%s%s%s", head, where, tail);
        if (n < 0 || (size_t) n >= sizeof(sql)
            || sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                                  &cache[m], NULL) != SQLITE_OK)
        {
            duetd_log_error("store: prepare audit query: %s",
                            sqlite3_errmsg(q->db));
            cache[m] = NULL;
            return NULL;
        }
    }
    st = cache[m];
    if ((f->signer_id != NULL && duetd_sq_text(st, 1, f->signer_id) != 0)
        || (f->status != NULL && duetd_sq_text(st, 2, f->status) != 0)
        || (f->request_type != NULL
            && duetd_sq_text(st, 3, f->request_type) != 0)
        || (f->from != NULL && duetd_sq_text(st, 4, f->from) != 0)
        || (f->to != NULL && duetd_sq_text(st, 5, f->to) != 0))
    {
        duetd_log_error("store: bind audit filter: %s",
                        sqlite3_errmsg(q->db));
        duetd_sq_done(st);
        return NULL;
    }
    return st;
}


/* *dst = a copy of src's row, its detail copied to the heap. */
static int
duetd_sq_audit_keep(struct duetd_audit *dst, const struct duetd_audit *src)
{
    char    *detail = NULL;
    size_t   len;

    if (src->detail_json != NULL) {
        len = strlen(src->detail_json);
        if ((detail = malloc(len + 1)) == NULL) {
            duetd_log_error("out of memory");
            return -1;
        }
        memcpy(detail, src->detail_json, len + 1);
    }
    *dst = *src;
    dst->detail_json = detail;
    return 0;
}


static int
duetd_sq_audit_list(struct duetd_store *s,
    const struct duetd_audit_filter *f, struct duetd_audit **rows,
    size_t *n, uint64_t *total)
{
    struct duetd_sq     *q = (struct duetd_sq *) s;
    struct duetd_audit   a, *v = NULL;
    sqlite3_stmt        *st = NULL;
    size_t               len = 0;
    int64_t              count;
    int                  rc, r = DUETD_STORE_ERROR;

    /* One read transaction: the total and the page see one snapshot. */
    if (duetd_sq_exec(q->db, "BEGIN") != 0) {
        return DUETD_STORE_ERROR;
    }
    st = duetd_sq_audit_query(q, q->count, "SELECT count(*) FROM audit", "",
                              f);
    if (st == NULL) {
        goto out;
    }
    if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
        r = duetd_sq_fail(q, rc, "audit count");
        goto out;
    }
    count = sqlite3_column_int64(st, 0);
    duetd_sq_done(st);
    st = NULL;

    /* A page holds at most limit (<= 100) rows: allocate it at once. */
    if ((v = calloc(f->limit, sizeof(*v))) == NULL) {
        duetd_log_error("out of memory");
        goto out;
    }
    st = duetd_sq_audit_query(q, q->list,
                              "SELECT " DUETD_SQ_AUDIT_COLS " FROM audit",
                              " ORDER BY id DESC LIMIT ?6 OFFSET ?7", f);
    if (st == NULL
        || duetd_sq_int(st, 6, f->limit) != 0
        || duetd_sq_int(st, 7, ((int64_t) f->page - 1) * f->limit) != 0)
    {
        goto out;
    }
    while (len < f->limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (duetd_sq_audit_row(st, &a, NULL) != 0
            || duetd_sq_audit_keep(&v[len], &a) != 0)
        {
            goto out;
        }
        len++;
    }
    if (len < f->limit && rc != SQLITE_DONE) {
        r = duetd_sq_fail(q, rc, "audit list");
        goto out;
    }
    *total = count < 0 ? 0 : (uint64_t) count;
    *n = len;
    if (len > 0) {
        *rows = v;
        v = NULL;
    }
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    duetd_sq_rollback(q->db);
    if (v != NULL) {
        duetd_store_audit_free(v, len);
    }
    return r;
}


static int
duetd_sq_audit_each(struct duetd_store *s,
    const struct duetd_audit_filter *f,
    int (*fn)(void *arg, const struct duetd_audit *a), void *arg)
{
    struct duetd_sq     *q = (struct duetd_sq *) s;
    struct duetd_audit   a;
    sqlite3_stmt        *st = NULL;
    int                  rc, r = DUETD_STORE_ERROR;

    if (duetd_sq_exec(q->db, "BEGIN") != 0) {
        return DUETD_STORE_ERROR;
    }
    st = duetd_sq_audit_query(q, q->each,
                              "SELECT " DUETD_SQ_AUDIT_COLS " FROM audit",
                              " ORDER BY id", f);
    if (st == NULL) {
        goto out;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (duetd_sq_audit_row(st, &a, NULL) != 0) {
            goto out;
        }
        if (fn(arg, &a) != 0) {
            duetd_log_debug("store: audit export stopped by its consumer");
            goto out;
        }
    }
    if (rc != SQLITE_DONE) {
        r = duetd_sq_fail(q, rc, "audit export");
        goto out;
    }
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    duetd_sq_rollback(q->db);
    return r;
}


/* Remember the smallest bad id seen (0: none yet). */
static void
duetd_sq_bad(int64_t *worst, int64_t id)
{
    if (*worst == 0 || id < *worst) {
        *worst = id;
    }
    duetd_log_warn("store: audit chain broken at row %lld", (long long) id);
}


/* A meta value, "" when the key is absent.  OK or ERROR. */
static int
duetd_sq_meta(struct duetd_sq *q, const char *key, char *out, size_t size)
{
    sqlite3_stmt  *st;
    int            r;

    r = duetd_sq_lookup(q, DUETD_SQ_META_GET, key, "meta", &st);
    if (r == DUETD_STORE_NOT_FOUND) {
        out[0] = '\0';
        r = DUETD_STORE_OK;
    } else if (r == DUETD_STORE_OK
               && duetd_sq_col(st, 0, out, size, "meta value") != 0)
    {
        r = DUETD_STORE_ERROR;
    }
    duetd_sq_done(st);
    return r;
}


/*
 * The closed v1 chain (rows from before migration 3), under the v1 rule:
 * ids 1, 2, 3, ... each linked to the one before, ending exactly at the
 * head migration 3 recorded.  A cut tail is reported as the first id
 * missing.
 */
static int
duetd_sq_audit_verify_v1(struct duetd_sq *q, int64_t *worst)
{
    struct duetd_audit   a;
    sqlite3_stmt        *st = NULL;
    uint8_t              prev[32], want[32];
    char                 head_hex[65], last_txt[24], hex[65];
    int64_t              expect_id = 1, last_id = 0;
    int                  rc, version, r = DUETD_STORE_ERROR;

    if (duetd_sq_meta(q, "audit_v1_head", head_hex, sizeof(head_hex)) != 0
        || duetd_sq_meta(q, "audit_v1_last_id", last_txt, sizeof(last_txt))
           != 0)
    {
        return DUETD_STORE_ERROR;
    }
    if (last_txt[0] != '\0') {
        last_id = strtoll(last_txt, NULL, 10);
    }
    memset(prev, 0, sizeof(prev));
    if ((st = duetd_sq_stmt(q, DUETD_SQ_AUDIT_V1_ALL)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (duetd_sq_audit_row(st, &a, &version) != 0
            || a.id != expect_id
            || a.seq != 0
            || expect_id > last_id
            || memcmp(a.prev_hash, prev, 32) != 0
            || duetd_store_audit_hash_v1(&a, want) != 0
            || memcmp(want, a.hash, 32) != 0)
        {
            duetd_sq_bad(worst, sqlite3_column_int64(st, 0));
            r = DUETD_STORE_OK;
            goto out;
        }
        memcpy(prev, a.hash, 32);
        expect_id++;
    }
    if (rc != SQLITE_DONE) {
        r = duetd_sq_fail(q, rc, "audit walk");
        goto out;
    }
    /* The last row is the recorded head, or rows were cut off the end. */
    if (expect_id - 1 != last_id) {
        duetd_sq_bad(worst, expect_id);
    } else if (last_id > 0) {
        if (duet_hex_encode(hex, sizeof(hex), prev, 32) != 0
            || strcmp(hex, head_hex) != 0)
        {
            duetd_sq_bad(worst, last_id);
        }
    }
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    return r;
}


/*
 * Check one batch of a signer's rows.  b[0] is the first of the chain
 * (first set: its seq must be 1) or the last row of the previous batch,
 * already checked, whose hash the next link is compared with.
 */
static int
duetd_sq_audit_batch(struct duetd_audit *b, struct duet_audit_row *rows,
    size_t n, int first, int64_t *worst)
{
    size_t  i, bad = 0;
    int     rc;

    for (i = 0; i < n; i++) {
        duetd_store_audit_view(&b[i], &rows[i]);
    }
    if (first && b[0].seq != 1) {
        duetd_sq_bad(worst, b[0].id);
        return 1;
    }
    rc = duet_audit_chain_verify(rows, n, &bad);
    if (rc == DUET_ERR_PROTOCOL) {
        duetd_sq_bad(worst, b[bad].id);
        return 1;
    }
    if (rc != 0) {
        duetd_log_error("store: audit verify: %s", duet_strerror(rc));
        return -1;
    }
    return 0;
}


/*
 * The per-signer chains (one signer's, or every signer's in signer_id
 * order), DUETD_SQ_VERIFY_BATCH rows at a time.  A signer whose chain
 * breaks is skipped to its end; the walk goes on with the next.
 */
static int
duetd_sq_audit_verify_v2(struct duetd_sq *q, const char *signer_id,
    int64_t *worst)
{
    struct duetd_audit     *b = NULL;
    struct duet_audit_row  *rows = NULL;
    sqlite3_stmt           *st = NULL;
    const char             *sid;
    char                   *cur = NULL;
    size_t                  n = 0;
    int                     rc, version, first = 1, broken = 0, v;
    int                     r = DUETD_STORE_ERROR;

    b = calloc(DUETD_SQ_VERIFY_BATCH, sizeof(*b));
    rows = calloc(DUETD_SQ_VERIFY_BATCH, sizeof(*rows));
    if (b == NULL || rows == NULL) {
        duetd_log_error("out of memory");
        goto out;
    }
    st = signer_id != NULL
         ? duetd_sq_keyed(q, DUETD_SQ_AUDIT_V2_SIGNER, signer_id)
         : duetd_sq_stmt(q, DUETD_SQ_AUDIT_V2_ALL);
    if (st == NULL) {
        goto out;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* Grouped by the raw text: even an unreadable row has a signer. */
        sid = (const char *) sqlite3_column_text(st, 2);
        sid = sid != NULL ? sid : "";
        if (cur == NULL || strcmp(sid, cur) != 0) {
            if (n > 0 && !broken
                && duetd_sq_audit_batch(b, rows, n, first, worst) < 0)
            {
                goto out;
            }
            free(cur);
            if ((cur = strdup(sid)) == NULL) {
                duetd_log_error("out of memory");
                goto out;
            }
            n = 0;
            first = 1;
            broken = 0;
        }
        if (broken) {
            continue;
        }
        if (duetd_sq_audit_row(st, &b[n], &version) != 0 || version != 2) {
            duetd_sq_bad(worst, sqlite3_column_int64(st, 0));
            broken = 1;
            continue;
        }
        if (duet_audit_detail_hash(rows[n].detail_sha256, b[n].detail_json)
            != 0)
        {
            duetd_log_error("store: hashing an audit detail failed");
            goto out;
        }
        b[n].detail_json = NULL;
        if (++n < DUETD_SQ_VERIFY_BATCH) {
            continue;
        }
        if ((v = duetd_sq_audit_batch(b, rows, n, first, worst)) < 0) {
            goto out;
        }
        broken = v;
        /* Carry the last row over: it links this batch to the next. */
        b[0] = b[n - 1];
        memcpy(rows[0].detail_sha256, rows[n - 1].detail_sha256, 32);
        n = 1;
        first = 0;
    }
    if (rc != SQLITE_DONE) {
        r = duetd_sq_fail(q, rc, "audit walk");
        goto out;
    }
    if (n > 0 && !broken
        && duetd_sq_audit_batch(b, rows, n, first, worst) < 0)
    {
        goto out;
    }
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    free(cur);
    free(b);
    free(rows);
    return r;
}


static int
duetd_sq_audit_verify(struct duetd_store *s, const char *signer_id,
    int64_t *bad_id)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    int64_t           worst = 0;
    int               legacy = 1, r;

    /* One read transaction: the whole walk sees one snapshot. */
    if (duetd_sq_exec(q->db, "BEGIN") != 0) {
        return DUETD_STORE_ERROR;
    }
    /*
     * A signer's v1 rows can only be checked as part of the whole closed
     * chain they were linked into.
     */
    if (signer_id != NULL) {
        r = duetd_sq_lookup(q, DUETD_SQ_AUDIT_V1_OF_SIGNER, signer_id,
                            "audit v1 rows", &st);
        duetd_sq_done(st);
        if (r != DUETD_STORE_OK && r != DUETD_STORE_NOT_FOUND) {
            r = DUETD_STORE_ERROR;
            goto out;
        }
        legacy = r == DUETD_STORE_OK;
    }
    if ((legacy && (r = duetd_sq_audit_verify_v1(q, &worst))
                   != DUETD_STORE_OK)
        || (r = duetd_sq_audit_verify_v2(q, signer_id, &worst))
           != DUETD_STORE_OK)
    {
        goto out;
    }
    if (worst != 0) {
        *bad_id = worst;
        r = DUETD_STORE_CONFLICT;
    }
out:
    duetd_sq_rollback(q->db);
    return r;
}


/* --- guarded requests ---------------------------------------------------- */

/*
 * The signer's counted reservations of the window, newest first, in a
 * malloc'd array (NULL when none).
 */
static int
duetd_sq_spend_window(struct duetd_sq *q, const char *signer_id,
    int64_t now_ms, struct duetd_spend_row **out, size_t *n)
{
    struct duetd_spend_row  *v = NULL, *nv, *row;
    sqlite3_stmt            *st;
    size_t                   cap = 0, len = 0;
    int                      rc, r = DUETD_STORE_ERROR;

    *out = NULL;
    *n = 0;
    if ((st = duetd_sq_keyed(q, DUETD_SQ_SPEND_WINDOW, signer_id)) == NULL)
    {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_int(st, 2, now_ms - DUETD_STORE_WINDOW_MS) != 0
        || duetd_sq_int(st, 3, now_ms) != 0)
    {
        goto out;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            cap = cap == 0 ? 64 : cap * 2;
            if (cap > SIZE_MAX / sizeof(*v)
                || (nv = realloc(v, cap * sizeof(*v))) == NULL)
            {
                duetd_log_error("out of memory");
                goto out;
            }
            v = nv;
        }
        row = &v[len];
        memset(row, 0, sizeof(*row));
        if (duetd_sq_col(st, 0, row->value_wei, sizeof(row->value_wei),
                         "spend value_wei") != 0)
        {
            goto out;
        }
        row->usd_known = sqlite3_column_type(st, 1) != SQLITE_NULL;
        row->value_usd = row->usd_known ? sqlite3_column_double(st, 1) : 0.0;
        row->created_ms = sqlite3_column_int64(st, 2);
        len++;
    }
    if (rc != SQLITE_DONE) {
        r = duetd_sq_fail(q, rc, "spend window");
        goto out;
    }
    *out = v;
    *n = len;
    v = NULL;
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    free(v);
    return r;
}


/*
 * The lowest nonce >= sp->pending that no live reservation (reserved and
 * unexpired, or used) of the signer on the chain holds.
 */
static int
duetd_sq_nonce_pick(struct duetd_sq *q, const struct duetd_spend *sp,
    int64_t now_ms, int64_t *nonce)
{
    sqlite3_stmt  *st;
    int64_t        n = (int64_t) sp->pending, held;
    int            rc, r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_keyed(q, DUETD_SQ_NONCE_HELD, sp->signer_id)) == NULL)
    {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_int(st, 2, (int64_t) sp->chain_id) != 0
        || duetd_sq_int(st, 3, now_ms) != 0
        || duetd_sq_int(st, 4, n) != 0)
    {
        goto out;
    }
    /* Held nonces come in ascending order: the first gap is the answer. */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        held = sqlite3_column_int64(st, 0);
        if (held > n) {
            break;
        }
        if (held == n) {
            if (n == INT64_MAX) {
                duetd_log_error("store: no nonce left to reserve");
                goto out;
            }
            n++;
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        r = duetd_sq_fail(q, rc, "nonce lookup");
        goto out;
    }
    *nonce = n;
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    return r;
}


/* Insert the approved reservation, and its nonce when it wants one. */
static int
duetd_sq_spend_insert(struct duetd_sq *q, struct duetd_spend *sp,
    int64_t now_ms)
{
    sqlite3_stmt  *st;
    int64_t        nonce = 0;
    int            r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_SPEND_INSERT)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_text(st, 1, sp->request_id) == 0
        && duetd_sq_text(st, 2, sp->signer_id) == 0
        && duetd_sq_text(st, 3, sp->value_wei) == 0
        && (sp->usd_known
            ? sqlite3_bind_double(st, 4, sp->value_usd) == SQLITE_OK
            : sqlite3_bind_null(st, 4) == SQLITE_OK)
        && duetd_sq_int(st, 5, sp->created_ms) == 0
        && duetd_sq_int(st, 6, sp->expires_ms) == 0)
    {
        r = duetd_sq_write(q, st, "spend insert", NULL);
    }
    duetd_sq_done(st);
    if (r != DUETD_STORE_OK || !sp->want_nonce) {
        return r;
    }

    if ((r = duetd_sq_nonce_pick(q, sp, now_ms, &nonce)) != DUETD_STORE_OK)
    {
        return r;
    }
    r = DUETD_STORE_ERROR;
    if ((st = duetd_sq_stmt(q, DUETD_SQ_NONCE_INSERT)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_text(st, 1, sp->request_id) == 0
        && duetd_sq_text(st, 2, sp->signer_id) == 0
        && duetd_sq_int(st, 3, (int64_t) sp->chain_id) == 0
        && duetd_sq_int(st, 4, nonce) == 0
        && duetd_sq_int(st, 5, sp->expires_ms) == 0)
    {
        r = duetd_sq_write(q, st, "nonce reserve", NULL);
    }
    duetd_sq_done(st);
    if (r == DUETD_STORE_OK) {
        sp->nonce = (uint64_t) nonce;
    }
    return r;
}


static int
duetd_sq_guard_decide(struct duetd_store *s, const char *signer_id,
    int64_t now_ms, duetd_store_decide_fn decide, void *arg,
    struct duetd_audit *a, struct duetd_spend *sp, int *decided)
{
    struct duetd_sq         *q = (struct duetd_sq *) s;
    struct duetd_spend_row  *rows = NULL;
    size_t                   n = 0;
    int                      v = -1, r;

    /*
     * The write lock is taken before the window is read: a second
     * decision for the signer (from any process) waits here and then
     * counts this one's reservation.
     */
    if ((r = duetd_sq_begin(q)) != DUETD_STORE_OK) {
        return r;
    }
    r = duetd_sq_spend_window(q, signer_id, now_ms, &rows, &n);
    if (r != DUETD_STORE_OK) {
        goto out;
    }
    r = DUETD_STORE_ERROR;
    if ((v = decide(arg, rows, n, a, sp)) < 0) {
        duetd_log_error("store: the guardrails decision failed");
        goto out;
    }
    if ((r = duetd_sq_audit_insert(q, a)) != DUETD_STORE_OK) {
        goto out;
    }
    if (v == 1) {
        r = duetd_sq_spend_insert(q, sp, now_ms);
        /* A taken request id is a caller's bug, and nothing is written. */
        if (r == DUETD_STORE_CONFLICT) {
            duetd_log_error("store: request %s already has a reservation",
                            sp->request_id);
            r = DUETD_STORE_ERROR;
        }
    }
out:
    free(rows);
    r = duetd_sq_end(q, r);
    if (r == DUETD_STORE_OK) {
        *decided = v;
    } else {
        sp->nonce = 0;
    }
    return r;
}


/* The state of request_id's reservation.  OK, NOT_FOUND or ERROR. */
static int
duetd_sq_spend_state(struct duetd_sq *q, const char *request_id,
    char *state, size_t size)
{
    sqlite3_stmt  *st;
    int            r;

    r = duetd_sq_lookup(q, DUETD_SQ_SPEND_STATE, request_id, "spend state",
                        &st);
    if (r == DUETD_STORE_OK
        && duetd_sq_col(st, 0, state, size, "spend state") != 0)
    {
        r = DUETD_STORE_ERROR;
    }
    duetd_sq_done(st);
    return r;
}


/* Move request_id's reservation (and its nonce) out of 'reserved'. */
static int
duetd_sq_spend_move(struct duetd_sq *q, const char *request_id,
    const char *spend_state, const char *nonce_state)
{
    sqlite3_stmt  *st;
    int            r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_keyed(q, DUETD_SQ_SPEND_SET, request_id)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_text(st, 2, spend_state) == 0) {
        r = duetd_sq_write(q, st, "spend settle", NULL);
    }
    duetd_sq_done(st);
    if (r != DUETD_STORE_OK) {
        return r;
    }
    r = DUETD_STORE_ERROR;
    if ((st = duetd_sq_keyed(q, DUETD_SQ_NONCE_SETTLE, request_id)) == NULL)
    {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_text(st, 2, nonce_state) == 0) {
        r = duetd_sq_write(q, st, "nonce settle", NULL);
    }
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_spend_settle(struct duetd_store *s, const char *request_id,
    int spent)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    const char       *to = spent ? "spent" : "released";
    char              state[16];
    int               r;

    if ((r = duetd_sq_begin(q)) != DUETD_STORE_OK) {
        return r;
    }
    if ((r = duetd_sq_spend_state(q, request_id, state, sizeof(state)))
        != DUETD_STORE_OK)
    {
        goto out;
    }
    if (strcmp(state, "reserved") == 0) {
        r = duetd_sq_spend_move(q, request_id, to,
                                spent ? "used" : "released");
    } else if (strcmp(state, to) != 0) {
        /*
         * Spent stays spent (a signature left: its value counts), and a
         * released reservation may have been counted away by another
         * request: spending it now could overshoot a limit.
         */
        duetd_log_warn("store: request %s is %s, cannot become %s",
                       request_id, state, to);
        r = DUETD_STORE_CONFLICT;
    }
out:
    return duetd_sq_end(q, r);
}


static int
duetd_sq_nonce_release(struct duetd_store *s, const char *request_id)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    int               changes = 0, r;

    if ((st = duetd_sq_keyed(q, DUETD_SQ_NONCE_RELEASE, request_id)) == NULL)
    {
        return DUETD_STORE_ERROR;
    }
    r = duetd_sq_write(q, st, "nonce release", &changes);
    if (r == DUETD_STORE_OK && changes == 0) {
        r = DUETD_STORE_NOT_FOUND;
    }
    duetd_sq_done(st);
    return r;
}


/* --- policies ----------------------------------------------------------- */

static int
duetd_sq_policy_get(struct duetd_store *s, const char *signer_id,
    char **json)
{
    struct duetd_sq      *q = (struct duetd_sq *) s;
    sqlite3_stmt         *st;
    const unsigned char  *v;
    int                   n, r;

    r = duetd_sq_lookup(q, DUETD_SQ_POLICY_GET, signer_id, "policy get",
                        &st);
    if (r != DUETD_STORE_OK) {
        goto out;
    }
    r = DUETD_STORE_ERROR;
    v = sqlite3_column_text(st, 0);
    n = sqlite3_column_bytes(st, 0);
    if (v == NULL || n < 0) {
        duetd_log_error("store: reading a policy: out of memory");
        goto out;
    }
    *json = malloc((size_t) n + 1);
    if (*json == NULL) {
        duetd_log_error("out of memory");
        goto out;
    }
    memcpy(*json, v, (size_t) n);
    (*json)[n] = '\0';
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_policy_put(struct duetd_store *s, const char *signer_id,
    const char *json)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st = NULL;
    char              now[DUETD_TIME_SIZE];
    int               r;

    if ((r = duetd_sq_begin(q)) != DUETD_STORE_OK) {
        return r;
    }
    duetd_timestamp(now);
    if ((r = duetd_sq_signer_exists(q, signer_id)) != DUETD_STORE_OK) {
        goto out;
    }
    r = DUETD_STORE_ERROR;
    if ((st = duetd_sq_keyed(q, DUETD_SQ_POLICY_RETIRE, signer_id)) == NULL)
    {
        goto out;
    }
    if ((r = duetd_sq_write(q, st, "policy retire", NULL))
        != DUETD_STORE_OK)
    {
        goto out;
    }
    duetd_sq_done(st);
    r = DUETD_STORE_ERROR;
    if ((st = duetd_sq_stmt(q, DUETD_SQ_POLICY_INSERT)) == NULL
        || duetd_sq_text(st, 1, signer_id) != 0
        || duetd_sq_text(st, 2, json) != 0
        || duetd_sq_text(st, 3, now) != 0)
    {
        goto out;
    }
    r = duetd_sq_write(q, st, "policy insert", NULL);
out:
    duetd_sq_done(st);
    return duetd_sq_end(q, r);
}


/* --- prime pool --------------------------------------------------------- */

static int
duetd_sq_prime_add(struct duetd_store *s, const char *id, unsigned bits)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    char              now[DUETD_TIME_SIZE];
    int               r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_PRIME_ADD)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    duetd_timestamp(now);
    if (duetd_sq_text(st, 1, id) == 0
        && duetd_sq_int(st, 2, bits) == 0
        && duetd_sq_text(st, 3, now) == 0)
    {
        r = duetd_sq_write(q, st, "prime add", NULL);
    }
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_prime_claim(struct duetd_store *s, unsigned bits, size_t n,
    char ids[][DUETD_UUID_SIZE])
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st = NULL;
    char              now[DUETD_TIME_SIZE];
    size_t            got = 0, i;
    int               rc = SQLITE_DONE, changes, r;

    /*
     * Select and mark under one write lock: a second process waits at
     * BEGIN IMMEDIATE and then sees these rows claimed.
     */
    if ((r = duetd_sq_begin(q)) != DUETD_STORE_OK) {
        return r;
    }
    r = DUETD_STORE_ERROR;
    duetd_timestamp(now);
    if ((st = duetd_sq_stmt(q, DUETD_SQ_PRIME_AVAILABLE)) == NULL
        || duetd_sq_int(st, 1, bits) != 0
        || duetd_sq_int(st, 2, (int64_t) n) != 0)
    {
        goto out;
    }
    while (got < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (duetd_sq_col(st, 0, ids[got], DUETD_UUID_SIZE, "prime id") != 0)
        {
            goto out;
        }
        got++;
    }
    if (got < n) {
        if (rc != SQLITE_DONE) {
            r = duetd_sq_fail(q, rc, "prime claim");
        } else {
            r = DUETD_STORE_NOT_FOUND;
        }
        goto out;
    }
    duetd_sq_done(st);
    st = NULL;

    for (i = 0; i < n; i++) {
        r = DUETD_STORE_ERROR;
        if ((st = duetd_sq_stmt(q, DUETD_SQ_PRIME_MARK)) == NULL
            || duetd_sq_text(st, 1, ids[i]) != 0
            || duetd_sq_text(st, 2, now) != 0)
        {
            goto out;
        }
        r = duetd_sq_write(q, st, "prime claim", &changes);
        duetd_sq_done(st);
        st = NULL;
        if (r == DUETD_STORE_OK && changes != 1) {
            duetd_log_error("store: prime %s moved during its claim", ids[i]);
            r = DUETD_STORE_ERROR;
        }
        if (r != DUETD_STORE_OK) {
            goto out;
        }
    }
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    r = duetd_sq_end(q, r);
    if (r != DUETD_STORE_OK) {
        memset(ids, 0, n * DUETD_UUID_SIZE);
    }
    return r;
}


static int
duetd_sq_prime_forget(struct duetd_store *s, const char *id)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    int               changes = 0, r;

    if ((st = duetd_sq_keyed(q, DUETD_SQ_PRIME_FORGET, id)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    r = duetd_sq_write(q, st, "prime forget", &changes);
    if (r == DUETD_STORE_OK && changes == 0) {
        r = DUETD_STORE_NOT_FOUND;
    }
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_prime_count(struct duetd_store *s, unsigned bits, unsigned *n)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    int64_t           v;
    int               rc, r = DUETD_STORE_ERROR;

    if ((st = duetd_sq_stmt(q, DUETD_SQ_PRIME_COUNT)) == NULL) {
        return DUETD_STORE_ERROR;
    }
    if (duetd_sq_int(st, 1, bits) != 0) {
        goto out;
    }
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        r = duetd_sq_fail(q, rc, "prime count");
        goto out;
    }
    v = sqlite3_column_int64(st, 0);
    *n = v > UINT_MAX ? UINT_MAX : (unsigned) v;
    r = DUETD_STORE_OK;
out:
    duetd_sq_done(st);
    return r;
}


static int
duetd_sq_signer_count(struct duetd_store *s, const char *status,
    uint64_t *n)
{
    struct duetd_sq  *q = (struct duetd_sq *) s;
    sqlite3_stmt     *st;
    int64_t           v;
    int               r;

    r = duetd_sq_lookup(q, DUETD_SQ_SIGNER_COUNT, status, "signer count",
                        &st);
    if (r == DUETD_STORE_OK) {
        /* count(*) always yields its one row. */
        v = sqlite3_column_int64(st, 0);
        *n = v < 0 ? 0 : (uint64_t) v;
    } else if (r == DUETD_STORE_NOT_FOUND) {
        r = DUETD_STORE_ERROR;
    }
    duetd_sq_done(st);
    return r;
}


const struct duetd_store_ops  duetd_store_sqlite_ops = {
    .name = "sqlite",
    .prepare = duetd_sq_prepare,
    .open = duetd_sq_open,
    .close = duetd_sq_close,
    .ping = duetd_sq_ping,
    .signer_insert = duetd_sq_signer_insert,
    .signer_get = duetd_sq_signer_get,
    .signer_list = duetd_sq_signer_list,
    .signer_update = duetd_sq_signer_update,
    .signer_set_status = duetd_sq_signer_set_status,
    .signer_activate = duetd_sq_signer_activate,
    .apikey_lookup = duetd_sq_apikey_lookup,
    .apikey_replace = duetd_sq_apikey_replace,
    .apikey_revoke_all = duetd_sq_apikey_revoke_all,
    .audit_append = duetd_sq_audit_append,
    .audit_list = duetd_sq_audit_list,
    .audit_each = duetd_sq_audit_each,
    .audit_verify = duetd_sq_audit_verify,
    .guard_decide = duetd_sq_guard_decide,
    .spend_settle = duetd_sq_spend_settle,
    .nonce_release = duetd_sq_nonce_release,
    .policy_get = duetd_sq_policy_get,
    .policy_put = duetd_sq_policy_put,
    .prime_add = duetd_sq_prime_add,
    .prime_claim = duetd_sq_prime_claim,
    .prime_forget = duetd_sq_prime_forget,
    .prime_count = duetd_sq_prime_count,
    .signer_count = duetd_sq_signer_count
};
