/*
 * store-t.c -- tests for the store (store.h) on its SQLite backend, with a
 * real SQLite file in a private directory: the migrations (from an empty
 * file, a version-1 file, and a version-2 file with a v1 audit chain),
 * refusing a newer schema, every operation with its NOT_FOUND and
 * CONFLICT paths, the per-signer audit chains against an attacker who
 * edits the file, audit listings, guardrails decisions with their
 * reservations and nonces, and prime claims and decisions racing across
 * forked processes, each on its own connection.
 */

#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "basic.h"
#include "duet.h"
#include "duet_audit.h"
#include "log.h"
#include "options.h"
#include "store.h"

#define RACERS        4
#define RACE_PRIMES   42        /* 10 claims of 4, and 2 left over */

static char  *tmpdir;


/* --- helpers ------------------------------------------------------------ */

static void
config_for(struct duetd_config *cfg, const char *dir)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->data_dir = dir;
    cfg->level = 112;
}


static char *
subdir(const char *name)
{
    char  *p = bmalloc(strlen(tmpdir) + strlen(name) + 2);

    sprintf(p, "%s/%s", tmpdir, name);
    if (mkdir(p, 0700) != 0) {
        sysbail("mkdir %s", p);
    }
    return p;
}


static char *
db_path(const char *dir)
{
    char  *p = bmalloc(strlen(dir) + 16);

    sprintf(p, "%s/duet.sqlite3", dir);
    return p;
}


/* Open the file behind the store's back, as an operator (or attacker). */
static sqlite3 *
raw_open(const char *dir)
{
    sqlite3  *db = NULL;
    char     *p = db_path(dir);

    if (sqlite3_open_v2(p, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK)
    {
        bail("sqlite3_open %s: %s", p, sqlite3_errmsg(db));
    }
    sqlite3_busy_timeout(db, 5000);
    free(p);
    return db;
}


static int
raw_exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}


static long long
raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt  *st = NULL;
    long long      v;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK
        || sqlite3_step(st) != SQLITE_ROW)
    {
        bail("%s: %s", sql, sqlite3_errmsg(db));
    }
    v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}


static void
raw_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt  *st = NULL;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK
        || sqlite3_step(st) != SQLITE_ROW)
    {
        bail("%s: %s", sql, sqlite3_errmsg(db));
    }
    snprintf(out, size, "%s", (const char *) sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}


static void
raw_set_hash(sqlite3 *db, long long id, const uint8_t hash[32])
{
    sqlite3_stmt  *st = NULL;

    if (sqlite3_prepare_v2(db, "UPDATE audit SET hash = ?1 WHERE id = ?2",
                           -1, &st, NULL) != SQLITE_OK
        || sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC) != SQLITE_OK
        || sqlite3_bind_int64(st, 2, id) != SQLITE_OK
        || sqlite3_step(st) != SQLITE_DONE)
    {
        bail("setting an audit hash: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
}


static struct duetd_store *
open_store(const struct duetd_config *cfg)
{
    struct duetd_store  *s = NULL;

    if (duetd_store_open(cfg, &s) != 0 || s == NULL) {
        bail("duetd_store_open failed");
    }
    return s;
}


static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void) sb;
    (void) ftw;
    if (flag == FTW_DP) {
        return rmdir(path);
    }
    return unlink(path);
}


/* Empty tmpdir (keeping it: test_tmpdir_free removes it). */
static void
clean_tmpdir(void)
{
    if (nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) != 0) {
        diag("cleaning %s: %s", tmpdir, strerror(errno));
    }
    if (mkdir(tmpdir, 0700) != 0) {
        diag("mkdir %s: %s", tmpdir, strerror(errno));
    }
}


static void
make_signer(struct duetd_signer *sg, const char *id, const char *owner,
    const char *created)
{
    memset(sg, 0, sizeof(*sg));
    snprintf(sg->id, sizeof(sg->id), "%s", id);
    snprintf(sg->name, sizeof(sg->name), "bot %s", id);
    snprintf(sg->description, sizeof(sg->description), "trades on %s", id);
    snprintf(sg->type, sizeof(sg->type), "ai_agent");
    snprintf(sg->network, sizeof(sg->network), "sepolia");
    snprintf(sg->status, sizeof(sg->status), DUETD_SIGNER_PENDING);
    sg->level = 128;
    snprintf(sg->owner, sizeof(sg->owner), "%s", owner);
    snprintf(sg->created_at, sizeof(sg->created_at), "%s", created);
    snprintf(sg->updated_at, sizeof(sg->updated_at), "%s", created);
}


/* --- migrations --------------------------------------------------------- */

static void
test_migrations(void)
{
    static const char *const  tables[] = {
        "meta", "users", "signers", "api_keys", "audit", "policies",
        "prime_pool", "spend", "nonces"
    };
    struct duetd_config       cfg;
    struct duetd_store       *s = NULL;
    struct stat               st;
    sqlite3                  *db;
    char                     *dir, *p, sql[128], mode[16], created[64];
    size_t                    i;

    /* From nothing. */
    dir = subdir("empty");
    config_for(&cfg, dir);
    is_int(0, duetd_store_prepare(&cfg), "prepare creates a new database");
    p = db_path(dir);
    ok(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600,
       "the database file is 0600");
    free(p);
    db = raw_open(dir);
    is_int(3, raw_int(db, "PRAGMA user_version"), "new file is version 3");
    raw_text(db, "PRAGMA journal_mode", mode, sizeof(mode));
    is_str("wal", mode, "journal mode is WAL");
    for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master "
                 "WHERE type = 'table' AND name = '%s'", tables[i]);
        is_int(1, raw_int(db, sql), "table %s exists", tables[i]);
    }
    is_int(0, raw_int(db, "SELECT count(*) FROM sqlite_master "
                          "WHERE name = 'networks'"),
           "networks is no table: it is configuration now");
    is_int(2, raw_int(db, "SELECT count(*) FROM sqlite_master WHERE "
                          "type = 'trigger' AND tbl_name = 'audit'"),
           "audit has its two append-only triggers");
    is_int(1, raw_int(db, "SELECT count(*) FROM sqlite_master WHERE "
                          "type = 'index' AND name = 'audit_signer_seq'"),
           "audit has its unique (signer_id, seq) index");
    is_int(0, raw_int(db, "SELECT count(*) FROM meta "
                          "WHERE key LIKE 'audit_v1_%'"),
           "a new file has no closed v1 chain to record");
    is_int(1, raw_int(db, "SELECT count(*) FROM sqlite_master WHERE "
                          "type = 'index' AND name = 'api_keys_key_hash'"),
           "api_keys has its key_hash index");
    ok(raw_exec(db, "INSERT INTO signers VALUES ('x','n','','t','',"
                    "'sleeping','','',128,'o','t','t')") != SQLITE_OK
       && sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_CHECK,
       "the status check constraint refuses an unknown status");
    sqlite3_close(db);
    is_int(0, duetd_store_prepare(&cfg), "prepare again is a no-op");
    s = open_store(&cfg);
    is_int(0, duetd_store_ping(s), "ping answers writable");
    duetd_store_close(s);
    free(dir);

    /* From a version-1 file, as the first release made it. */
    dir = subdir("v1");
    config_for(&cfg, dir);
    db = raw_open(dir);
    if (raw_exec(db,
            "PRAGMA journal_mode=WAL;"
            "BEGIN IMMEDIATE;"
            "CREATE TABLE IF NOT EXISTS meta ("
            "  key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);"
            "INSERT OR IGNORE INTO meta(key, value)"
            "  VALUES ('created_at', '2026-01-02T03:04:05Z');"
            "PRAGMA user_version = 1;"
            "COMMIT;") != SQLITE_OK)
    {
        bail("making a version-1 file: %s", sqlite3_errmsg(db));
    }
    sqlite3_close(db);
    ok(duetd_store_open(&cfg, &s) != 0 && s == NULL,
       "open refuses a version-1 file before prepare");
    is_int(0, duetd_store_prepare(&cfg), "prepare migrates version 1");
    db = raw_open(dir);
    is_int(3, raw_int(db, "PRAGMA user_version"), "now version 3");
    raw_text(db, "SELECT value FROM meta WHERE key = 'created_at'", created,
             sizeof(created));
    is_str("2026-01-02T03:04:05Z", created, "version-1 data kept");
    is_int(1, raw_int(db, "SELECT count(*) FROM sqlite_master "
                          "WHERE name = 'prime_pool'"),
           "migration 2 tables added");
    sqlite3_close(db);
    free(dir);

    /* A file from a newer duetd. */
    dir = subdir("newer");
    config_for(&cfg, dir);
    is_int(0, duetd_store_prepare(&cfg), "prepare a current file");
    db = raw_open(dir);
    raw_exec(db, "PRAGMA user_version = 4");
    sqlite3_close(db);
    is_int(-1, duetd_store_prepare(&cfg), "prepare refuses version 4");
    ok(duetd_store_open(&cfg, &s) != 0 && s == NULL,
       "open refuses version 4");
    db = raw_open(dir);
    is_int(4, raw_int(db, "PRAGMA user_version"),
           "the newer file is left alone");
    sqlite3_close(db);
    free(dir);

    /* An explicit store_path wins over data_dir. */
    dir = subdir("custom");
    config_for(&cfg, "/nonexistent");
    p = bmalloc(strlen(dir) + 16);
    sprintf(p, "%s/other.db", dir);
    cfg.store_path = p;
    is_int(0, duetd_store_prepare(&cfg), "prepare honours store_path");
    ok(access(p, F_OK) == 0, "store_path file created");
    free(p);
    free(dir);
}


/* --- signers ------------------------------------------------------------ */

static void
test_signers(struct duetd_store *s, sqlite3 *db)
{
    struct duetd_signer   a, b, c, got, *list = NULL;
    size_t                n = 0;
    char                  longname[DUETD_NAME_SIZE + 8];

    make_signer(&a, "00000000-0000-4000-8000-00000000000a", "operator",
                "2026-01-01T00:00:00.000Z");
    make_signer(&b, "00000000-0000-4000-8000-00000000000b", "user:u1",
                "2026-01-02T00:00:00.000Z");
    make_signer(&c, "00000000-0000-4000-8000-00000000000c", "user:u1",
                "2026-01-03T00:00:00.000Z");

    is_int(DUETD_STORE_OK, duetd_store_signer_insert(s, &a), "insert a");
    is_int(DUETD_STORE_OK, duetd_store_signer_insert(s, &b), "insert b");
    is_int(DUETD_STORE_OK, duetd_store_signer_insert(s, &c), "insert c");
    is_int(DUETD_STORE_CONFLICT, duetd_store_signer_insert(s, &a),
           "insert of a taken id is CONFLICT");

    is_int(DUETD_STORE_OK, duetd_store_signer_get(s, a.id, &got), "get a");
    ok(memcmp(&a, &got, sizeof(a)) == 0, "a reads back field for field");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_signer_get(s, "no-such-signer", &got),
           "get of an unknown id is NOT_FOUND");

    is_int(DUETD_STORE_OK, duetd_store_signer_list(s, NULL, 10, &list, &n),
           "list all");
    is_int(3, (long long) n, "three signers");
    if (n == 3) {
        is_str(c.id, list[0].id, "newest first");
        is_str(a.id, list[2].id, "oldest last");
    }
    free(list);
    is_int(DUETD_STORE_OK,
           duetd_store_signer_list(s, "user:u1", 10, &list, &n),
           "list one owner's");
    ok(n == 2 && strcmp(list[0].id, c.id) == 0
       && strcmp(list[1].id, b.id) == 0, "only that owner's, newest first");
    free(list);
    is_int(DUETD_STORE_OK, duetd_store_signer_list(s, NULL, 1, &list, &n),
           "list at most one");
    ok(n == 1 && strcmp(list[0].id, c.id) == 0, "the limit holds");
    free(list);
    is_int(DUETD_STORE_OK,
           duetd_store_signer_list(s, "user:nobody", 10, &list, &n),
           "list an owner with none");
    is_int(0, (long long) n, "empty list");
    free(list);

    is_int(DUETD_STORE_OK,
           duetd_store_signer_update(s, a.id, "renamed", NULL),
           "update the name only");
    duetd_store_signer_get(s, a.id, &got);
    is_str("renamed", got.name, "new name");
    is_str(a.description, got.description, "description unchanged");
    ok(strcmp(got.updated_at, a.updated_at) != 0, "updated_at moved");
    is_int(DUETD_STORE_OK,
           duetd_store_signer_update(s, a.id, NULL, "new words"),
           "update the description only");
    duetd_store_signer_get(s, a.id, &got);
    ok(strcmp(got.name, "renamed") == 0
       && strcmp(got.description, "new words") == 0, "both as set");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_signer_update(s, "no-such-signer", "x", NULL),
           "update of an unknown id is NOT_FOUND");

    /* Over-long input is refused, never cut. */
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    is_int(DUETD_STORE_ERROR,
           duetd_store_signer_update(s, a.id, longname, NULL),
           "an over-long name is an ERROR");
    duetd_store_signer_get(s, a.id, &got);
    is_str("renamed", got.name, "and changes nothing");
    memset(got.owner, 'o', sizeof(got.owner));
    is_int(DUETD_STORE_ERROR, duetd_store_signer_insert(s, &got),
           "a record field without its NUL is an ERROR");
    make_signer(&got, "00000000-0000-4000-8000-0000000000ff", "operator",
                "2026-01-04T00:00:00.000Z");
    snprintf(got.status, sizeof(got.status), "sleeping");
    is_int(DUETD_STORE_ERROR, duetd_store_signer_insert(s, &got),
           "an unknown status is an ERROR");

    /* A stored value too long for its field is refused on the way out. */
    raw_exec(db, "UPDATE signers SET type = printf('%.40c', 'x')"
                 " WHERE id = '00000000-0000-4000-8000-00000000000c'");
    is_int(DUETD_STORE_ERROR, duetd_store_signer_get(s, c.id, &got),
           "an over-long stored value is an ERROR, not cut");
    ok(got.id[0] == '\0', "and the record is left empty");
    raw_exec(db, "UPDATE signers SET type = 'ai_agent'"
                 " WHERE id = '00000000-0000-4000-8000-00000000000c'");
}


static void
test_status(struct duetd_store *s, struct duetd_store *s2)
{
    struct duetd_signer  got;
    const char          *b = "00000000-0000-4000-8000-00000000000b";
    uint64_t             pending = 0, failed = 0, n = 7;

    is_int(DUETD_STORE_OK,
           duetd_store_signer_count(s, DUETD_SIGNER_PENDING, &pending),
           "count of pending signers");
    is_int(DUETD_STORE_OK,
           duetd_store_signer_count(s, DUETD_SIGNER_FAILED, &failed),
           "count of failed signers");
    ok(pending >= 1, "b is among the pending ones");
    is_int(DUETD_STORE_OK,
           duetd_store_signer_set_status(s, b, DUETD_SIGNER_PENDING,
                                         DUETD_SIGNER_FAILED),
           "pending -> failed");
    is_int(DUETD_STORE_OK,
           duetd_store_signer_count(s2, DUETD_SIGNER_PENDING, &n),
           "count again, from the other connection");
    is_int((long long) pending - 1, (long long) n,
           "one pending signer fewer");
    is_int(DUETD_STORE_OK,
           duetd_store_signer_count(s2, DUETD_SIGNER_FAILED, &n),
           "count of failed signers again");
    is_int((long long) failed + 1, (long long) n, "one failed signer more");
    is_int(DUETD_STORE_ERROR,
           duetd_store_signer_count(s, "bogus", &n),
           "count of an unknown status is an ERROR");
    is_int(0, (long long) n, "and counts nothing");
    is_int(DUETD_STORE_CONFLICT,
           duetd_store_signer_set_status(s2, b, DUETD_SIGNER_PENDING,
                                         DUETD_SIGNER_ACTIVE),
           "a second connection's pending -> active is CONFLICT");
    duetd_store_signer_get(s, b, &got);
    is_str(DUETD_SIGNER_FAILED, got.status, "status is the first writer's");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_signer_set_status(s, "no-such-signer",
                                         DUETD_SIGNER_PENDING,
                                         DUETD_SIGNER_ACTIVE),
           "set_status of an unknown id is NOT_FOUND");
    is_int(DUETD_STORE_ERROR,
           duetd_store_signer_set_status(s, b, DUETD_SIGNER_FAILED,
                                         "bogus"),
           "set_status to an unknown status is an ERROR");
}


static void
test_activate_apikeys(struct duetd_store *s, struct duetd_store *s2)
{
    const char          *a = "00000000-0000-4000-8000-00000000000a";
    const char          *c = "00000000-0000-4000-8000-00000000000c";
    struct duetd_signer  got;
    uint8_t              h1[32], h2[32], h3[32], stored[32];
    char                 sid[DUETD_UUID_SIZE];
    const char          *addr = "0x52908400098527886E0F7030069857D2E4169EE7";
    const char          *pub = "0x0279be667ef9dcbbac55a06295ce870b07029bfcdb"
                               "2dce28d959f2815b16f81798";

    memset(h1, 0x11, sizeof(h1));
    memset(h2, 0x22, sizeof(h2));
    memset(h3, 0x33, sizeof(h3));

    is_int(DUETD_STORE_NOT_FOUND, duetd_store_apikey_lookup(s, h1, sid,
                                                            stored),
           "no key before activation");
    is_int(DUETD_STORE_OK, duetd_store_signer_activate(s, a, addr, pub, h1),
           "activate a");
    duetd_store_signer_get(s, a, &got);
    ok(strcmp(got.status, DUETD_SIGNER_ACTIVE) == 0
       && strcmp(got.eth_address, addr) == 0
       && strcmp(got.public_key, pub) == 0,
       "a is active with its address and key");
    is_int(DUETD_STORE_OK, duetd_store_apikey_lookup(s2, h1, sid, stored),
           "the key finds its signer (other connection)");
    is_str(a, sid, "signer id");
    is_blob(h1, stored, 32, "stored hash returned for the caller's compare");
    is_int(DUETD_STORE_CONFLICT,
           duetd_store_signer_activate(s, a, addr, pub, h2),
           "a second activation is CONFLICT");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_signer_activate(s, "no-such-signer", addr, pub, h2),
           "activating an unknown id is NOT_FOUND");

    /* One transaction: a taken key hash undoes the status change. */
    is_int(DUETD_STORE_CONFLICT,
           duetd_store_signer_activate(s, c, addr, pub, h1),
           "activation with a taken key hash is CONFLICT");
    duetd_store_signer_get(s, c, &got);
    ok(strcmp(got.status, DUETD_SIGNER_PENDING) == 0
       && got.eth_address[0] == '\0',
       "and c is still pending, without an address");

    is_int(DUETD_STORE_OK, duetd_store_apikey_replace(s, a, h2),
           "replace a's key");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_apikey_lookup(s2, h1, sid, stored),
           "the old key is dead at once (other connection)");
    is_int(DUETD_STORE_OK, duetd_store_apikey_lookup(s2, h2, sid, stored),
           "the new key is live");
    is_int(DUETD_STORE_CONFLICT, duetd_store_apikey_replace(s, a, h1),
           "a revoked hash never comes back");
    is_int(DUETD_STORE_OK, duetd_store_apikey_lookup(s2, h2, sid, stored),
           "and the failed replace revoked nothing");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_apikey_replace(s, "no-such-signer", h3),
           "replace for an unknown signer is NOT_FOUND");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_apikey_lookup(s, h3, sid, stored),
           "and adds no key");

    is_int(DUETD_STORE_OK, duetd_store_apikey_revoke_all(s, a),
           "revoke all of a's keys");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_apikey_lookup(s2, h2, sid, stored),
           "no key of a is live");
    is_int(DUETD_STORE_OK, duetd_store_apikey_revoke_all(s, a),
           "revoking again is fine");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_apikey_revoke_all(s, "no-such-signer"),
           "revoke for an unknown signer is NOT_FOUND");
}


/* --- audit -------------------------------------------------------------- */

#define SIGNER_A  "00000000-0000-4000-8000-0000000000a1"
#define SIGNER_B  "00000000-0000-4000-8000-0000000000b1"
#define SIGNER_C  "00000000-0000-4000-8000-0000000000c1"
#define SIGNER_D  "00000000-0000-4000-8000-0000000000d1"
#define SIGNER_E  "00000000-0000-4000-8000-0000000000e1"

static void
put_str(EVP_MD_CTX *md, const char *v)
{
    uint32_t  n = (uint32_t) strlen(v);
    uint8_t   b[4] = { (uint8_t) (n >> 24), (uint8_t) (n >> 16),
                       (uint8_t) (n >> 8), (uint8_t) n };

    EVP_DigestUpdate(md, b, 4);
    EVP_DigestUpdate(md, v, n);
}


static void
put_u64(EVP_MD_CTX *md, uint64_t v)
{
    uint8_t  b[8];
    int      i;

    for (i = 7; i >= 0; i--, v >>= 8) {
        b[i] = (uint8_t) v;
    }
    EVP_DigestUpdate(md, b, 8);
}


/*
 * The v1 rule (the global chain of schema version 2), written out
 * independently: the test builds a version-2 file with it.
 */
static void
expected_hash_v1(const struct duetd_audit *a, uint8_t out[32])
{
    EVP_MD_CTX  *md = EVP_MD_CTX_new();
    uint8_t      flag = a->detail_json != NULL;

    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    EVP_DigestUpdate(md, "duet-audit-v1", 13);
    put_u64(md, (uint64_t) a->id);
    put_str(md, a->signer_id);
    put_str(md, a->path);
    put_str(md, a->request_type);
    put_str(md, a->status);
    put_str(md, a->to_address);
    put_str(md, a->value_wei);
    put_u64(md, (uint64_t) a->chain_id);
    put_str(md, a->tx_hash);
    EVP_DigestUpdate(md, &flag, 1);
    if (flag) {
        put_str(md, a->detail_json);
    }
    put_str(md, a->created_at);
    EVP_DigestUpdate(md, a->prev_hash, 32);
    EVP_DigestFinal_ex(md, out, NULL);
    EVP_MD_CTX_free(md);
}


/* The v2 hash of a row, from a duet_audit_row built here field by field. */
static void
expected_hash(const struct duetd_audit *a, uint8_t out[32])
{
    struct duet_audit_row  row;

    memset(&row, 0, sizeof(row));
    row.id = a->id;
    row.seq = a->seq;
    row.signer_id = a->signer_id;
    row.request_id = a->request_id;
    row.path = a->path;
    row.request_type = a->request_type;
    row.status = a->status;
    row.to_address = a->to_address;
    row.value_wei = a->value_wei;
    row.value_usd = a->value_usd;
    row.chain_id = a->chain_id;
    row.decoded_action = a->decoded_action;
    row.tx_hash = a->tx_hash;
    row.rules_evaluated = a->rules_evaluated;
    row.eval_micros = a->eval_micros;
    row.created_at = a->created_at;
    memcpy(row.prev_hash, a->prev_hash, 32);
    if (duet_audit_detail_hash(row.detail_sha256, a->detail_json) != 0
        || duet_audit_row_hash(out, &row) != 0)
    {
        bail("duet_audit_row_hash");
    }
}


static void
make_audit(struct duetd_audit *a, const char *signer, const char *status,
    const char *value, const char *detail)
{
    static unsigned  n;

    memset(a, 0, sizeof(*a));
    snprintf(a->signer_id, sizeof(a->signer_id), "%s", signer);
    snprintf(a->request_id, sizeof(a->request_id),
             "10000000-0000-4000-8000-%012u", ++n);
    snprintf(a->path, sizeof(a->path), "signer+server");
    snprintf(a->request_type, sizeof(a->request_type), "sign_tx");
    snprintf(a->status, sizeof(a->status), "%s", status);
    snprintf(a->to_address, sizeof(a->to_address),
             "0x52908400098527886E0F7030069857D2E4169EE7");
    snprintf(a->value_wei, sizeof(a->value_wei), "%s", value);
    snprintf(a->value_usd, sizeof(a->value_usd), "%s.50", value);
    a->chain_id = 11155111;
    snprintf(a->decoded_action, sizeof(a->decoded_action), "transfer");
    snprintf(a->tx_hash, sizeof(a->tx_hash), "0x%064d", 7);
    snprintf(a->caller_ip, sizeof(a->caller_ip), "192.0.2.%u", n % 250);
    a->rules_evaluated = 3;
    a->eval_micros = 100 + n;
    a->detail_json = detail;
}


/* One signer's rows as `duet audit verify` sees them: through the export. */
struct client_chain {
    struct duetd_audit     rows[64];
    struct duet_audit_row  view[64];
    size_t                 n;
};


static int
client_collect(void *arg, const struct duetd_audit *a)
{
    struct client_chain    *c = arg;
    struct duet_audit_row  *v;

    if (c->n == 64) {
        return -1;
    }
    c->rows[c->n] = *a;
    v = &c->view[c->n];
    if (duet_audit_detail_hash(v->detail_sha256, a->detail_json) != 0) {
        return -1;
    }
    c->rows[c->n].detail_json = NULL;
    c->n++;
    return 0;
}


/* Returns duet_audit_chain_verify's code, *bad the failing row's id. */
static int
client_verify(struct duetd_store *s, const char *signer, int64_t *bad)
{
    struct duetd_audit_filter   f;
    struct client_chain        *c = bcalloc(1, sizeof(*c));
    struct duet_audit_row      *v;
    size_t                      i, at = 0;
    int                         rc;

    memset(&f, 0, sizeof(f));
    f.signer_id = signer;
    if (duetd_store_audit_each(s, &f, client_collect, c) != DUETD_STORE_OK)
    {
        bail("exporting the rows of %s", signer);
    }
    for (i = 0; i < c->n; i++) {
        v = &c->view[i];
        v->id = c->rows[i].id;
        v->seq = c->rows[i].seq;
        v->signer_id = c->rows[i].signer_id;
        v->request_id = c->rows[i].request_id;
        v->path = c->rows[i].path;
        v->request_type = c->rows[i].request_type;
        v->status = c->rows[i].status;
        v->to_address = c->rows[i].to_address;
        v->value_wei = c->rows[i].value_wei;
        v->value_usd = c->rows[i].value_usd;
        v->chain_id = c->rows[i].chain_id;
        v->decoded_action = c->rows[i].decoded_action;
        v->tx_hash = c->rows[i].tx_hash;
        v->rules_evaluated = c->rows[i].rules_evaluated;
        v->eval_micros = c->rows[i].eval_micros;
        v->created_at = c->rows[i].created_at;
        memcpy(v->prev_hash, c->rows[i].prev_hash, 32);
        memcpy(v->hash, c->rows[i].hash, 32);
    }
    rc = duet_audit_chain_verify(c->view, c->n, &at);
    *bad = rc == 0 || c->n == 0 ? 0 : c->rows[at].id;
    free(c);
    return rc;
}


static void
append_ok(struct duetd_store *s, struct duetd_audit *a, const char *what)
{
    if (duetd_store_audit_append(s, a) != DUETD_STORE_OK) {
        bail("append %s", what);
    }
}


static void
test_audit(struct duetd_store *s, sqlite3 *db)
{
    struct duetd_audit  a1, a2, a3, b1, b2, c[3], d[3], e[3], x;
    uint8_t             zero[32], want[32];
    int64_t             bad = -1;
    char                sql[160];

    memset(zero, 0, sizeof(zero));
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "an empty log verifies");
    is_int(0, bad, "and names no row");

    /* Two signers' chains, interleaved. */
    make_audit(&a1, SIGNER_A, "approved", "1000000000000000000", NULL);
    make_audit(&b1, SIGNER_B, "blocked", "5",
               "{\"violations\":[\"max_value\"]}");
    make_audit(&a2, SIGNER_A, "failed", "0", "{\"culprit\":0}");
    make_audit(&b2, SIGNER_B, "approved", "42", "");
    make_audit(&a3, SIGNER_A, "broadcast", "7", NULL);
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &a1), "append a1");
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &b1), "append b1");
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &a2), "append a2");
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &b2), "append b2");
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &a3), "append a3");
    ok(a1.id == 1 && b1.id == 2 && a2.id == 3 && b2.id == 4 && a3.id == 5,
       "ids 1..5 across signers");
    ok(a1.seq == 1 && a2.seq == 2 && a3.seq == 3, "A's seqs 1, 2, 3");
    ok(b1.seq == 1 && b2.seq == 2, "B's seqs 1, 2");
    ok(a1.created_at[0] == '2' && strlen(a1.created_at) == 24,
       "created_at set by the store");
    is_blob(zero, a1.prev_hash, 32, "A's first prev_hash is zero");
    is_blob(zero, b1.prev_hash, 32, "B's first prev_hash is zero");
    is_blob(a1.hash, a2.prev_hash, 32, "a2 chains to a1, over b1");
    is_blob(b1.hash, b2.prev_hash, 32, "b2 chains to b1, over a2");
    is_blob(a2.hash, a3.prev_hash, 32, "a3 chains to a2");
    expected_hash(&b1, want);
    is_blob(want, b1.hash, 32, "the hash is duet_audit.h's of the row");
    expected_hash(&a3, want);
    is_blob(want, a3.hash, 32, "also with no detail");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "every chain verifies");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, SIGNER_A, &bad),
           "A's chain verifies");
    is_int(0, client_verify(s, SIGNER_A, &bad),
           "A's exported rows verify with duet_audit.h, as the CLI would");
    is_int(0, client_verify(s, SIGNER_B, &bad), "B's too");
    is_int(2, raw_int(db, "SELECT count(*) FROM audit WHERE seq = 1"),
           "two chains start");

    /* Append-only, as far as SQL goes. */
    ok(raw_exec(db, "UPDATE audit SET status = 'approved' WHERE id = 2")
       != SQLITE_OK, "UPDATE of an audit row is refused");
    ok(strstr(sqlite3_errmsg(db), "append-only") != NULL,
       "by the trigger");
    ok(raw_exec(db, "DELETE FROM audit WHERE id = 4") != SQLITE_OK,
       "DELETE of an audit row is refused");
    is_int(5, raw_int(db, "SELECT count(*) FROM audit"), "rows intact");

    /* An attacker with the file drops the triggers. */
    is_int(SQLITE_OK, raw_exec(db, "DROP TRIGGER audit_no_update;"
                                   "DROP TRIGGER audit_no_delete;"),
           "the attacker drops the triggers");
    raw_exec(db, "UPDATE audit SET value_wei = '5000' WHERE id = 3");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "an edited value breaks the chain");
    is_int(3, bad, "at the edited row");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, SIGNER_A, &bad),
           "A's chain is broken");
    is_int(3, bad, "at the same row");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, SIGNER_B, &bad),
           "B's chain is untouched");
    is_int(DUET_ERR_PROTOCOL, client_verify(s, SIGNER_A, &bad),
           "the client's check sees it too");
    is_int(3, bad, "at the same row");
    raw_exec(db, "UPDATE audit SET value_wei = '0' WHERE id = 3");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "restored, it verifies again");

    raw_exec(db, "UPDATE audit SET caller_ip = '198.51.100.1' WHERE id = 3");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "caller_ip is outside the hash (store.h)");

    raw_exec(db, "UPDATE audit SET detail_json = NULL WHERE id = 2");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "a removed detail breaks the chain");
    is_int(2, bad, "at that row");
    raw_exec(db, "UPDATE audit SET detail_json = "
                 "'{\"violations\":[\"max_value\"]}' WHERE id = 2");

    raw_exec(db, "UPDATE audit SET rules_evaluated = 0 WHERE id = 4");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "an edited rule count breaks the chain");
    is_int(4, bad, "at that row");
    raw_exec(db, "UPDATE audit SET rules_evaluated = 3 WHERE id = 4");

    raw_exec(db, "UPDATE audit SET hash = zeroblob(32) WHERE id = 5");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "a replaced hash breaks the chain");
    is_int(5, bad, "at that row");
    raw_set_hash(db, 5, a3.hash);
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "restored, it verifies again");

    /* Rewriting a row together with its own hash breaks the next link. */
    x = a2;
    snprintf(x.value_wei, sizeof(x.value_wei), "5000");
    expected_hash(&x, want);
    raw_exec(db, "UPDATE audit SET value_wei = '5000' WHERE id = 3");
    raw_set_hash(db, 3, want);
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, SIGNER_A, &bad),
           "a row rewritten with a fresh hash is still caught");
    is_int(5, bad, "at A's next row, whose prev_hash no longer matches");
    raw_exec(db, "UPDATE audit SET value_wei = '0' WHERE id = 3");
    raw_set_hash(db, 3, a2.hash);
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "restored");

    /* More chains, each broken one way. */
    make_audit(&c[0], SIGNER_C, "approved", "1", NULL);
    make_audit(&d[0], SIGNER_D, "approved", "1", NULL);
    make_audit(&e[0], SIGNER_E, "approved", "1", NULL);
    make_audit(&c[1], SIGNER_C, "approved", "2", NULL);
    make_audit(&d[1], SIGNER_D, "approved", "2", NULL);
    make_audit(&e[1], SIGNER_E, "approved", "2", NULL);
    make_audit(&c[2], SIGNER_C, "approved", "3", NULL);
    make_audit(&d[2], SIGNER_D, "approved", "3", NULL);
    make_audit(&e[2], SIGNER_E, "approved", "3", NULL);
    append_ok(s, &c[0], "c0");
    append_ok(s, &d[0], "d0");
    append_ok(s, &e[0], "e0");
    append_ok(s, &c[1], "c1");
    append_ok(s, &d[1], "d1");
    append_ok(s, &e[1], "e1");
    append_ok(s, &c[2], "c2");
    append_ok(s, &d[2], "d2");
    append_ok(s, &e[2], "e2");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "five chains verify");

    snprintf(sql, sizeof(sql), "DELETE FROM audit WHERE id = %lld",
             (long long) c[1].id);
    raw_exec(db, sql);
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, SIGNER_C, &bad),
           "a deleted middle row breaks the chain");
    is_int(c[2].id, bad, "at the row after it");

    snprintf(sql, sizeof(sql), "DELETE FROM audit WHERE id = %lld",
             (long long) d[0].id);
    raw_exec(db, sql);
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, SIGNER_D, &bad),
           "a deleted first row breaks the chain");
    is_int(d[1].id, bad, "at the new first row (seq 2)");

    /* Swap two rows' places in the chain (their seqs, 2 and 3). */
    snprintf(sql, sizeof(sql),
             "UPDATE audit SET seq = seq + 100 WHERE id IN (%lld, %lld);"
             "UPDATE audit SET seq = 105 - seq WHERE id IN (%lld, %lld)",
             (long long) e[1].id, (long long) e[2].id,
             (long long) e[1].id, (long long) e[2].id);
    is_int(SQLITE_OK, raw_exec(db, sql), "the attacker swaps e1 and e2");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, SIGNER_E, &bad),
           "swapped rows break the chain");
    is_int(e[2].id, bad, "at the row moved forward");
    is_int(DUET_ERR_PROTOCOL, client_verify(s, SIGNER_E, &bad),
           "the client's check, in id order, sees it too");

    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, SIGNER_B, &bad),
           "B still verifies alone");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "the whole log does not");
    is_int(d[1].id, bad, "the smallest bad id of every chain is named");
    ok(d[1].id < c[2].id && d[1].id < e[2].id, "(d's is the smallest)");

    /* A new row of a broken chain still appends (and stays broken). */
    make_audit(&x, SIGNER_C, "approved", "4", NULL);
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &x),
           "append to a broken chain");
    is_int(4, x.seq, "after its head");
    is_blob(c[2].hash, x.prev_hash, 32, "linked to its head");

    /* The rest of the suite runs on this log: put the triggers back. */
    raw_exec(db, "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
                 "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only');"
                 "  END;"
                 "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                 "  BEGIN SELECT RAISE(ABORT, 'audit rows are append-only');"
                 "  END;");

    /* Bad input is refused before the backend. */
    make_audit(&x, SIGNER_A, "approved", "1", NULL);
    memset(x.caller_ip, 'x', sizeof(x.caller_ip));
    is_int(DUETD_STORE_ERROR, duetd_store_audit_append(s, &x),
           "a field without its NUL is an ERROR");
    is_int(DUETD_STORE_ERROR, duetd_store_audit_verify(s, NULL, NULL),
           "verify without bad_id is an ERROR");
}


/* --- audit listings ------------------------------------------------------- */

struct each_log {
    int64_t  ids[64];
    size_t   n;
    size_t   stop_at;       /* 0: never */
};


static int
each_record(void *arg, const struct duetd_audit *a)
{
    struct each_log  *l = arg;

    if (l->n < 64) {
        l->ids[l->n] = a->id;
    }
    l->n++;
    return l->stop_at != 0 && l->n == l->stop_at ? -1 : 0;
}


static void
test_audit_list(void)
{
    struct duetd_config         cfg;
    struct duetd_store         *s;
    struct duetd_audit_filter   f;
    struct duetd_audit          a, *rows = NULL;
    struct each_log             l;
    char                       *dir, stamp[30][DUETD_TIME_SIZE];
    char                        detail[32];
    uint64_t                    total = 0;
    int64_t                     bad = -1;
    size_t                      n = 0, i;
    int                         ascending, matches;

    dir = subdir("list");
    config_for(&cfg, dir);
    if (duetd_store_prepare(&cfg) != 0) {
        bail("prepare list");
    }
    s = open_store(&cfg);

    /* 25 rows: 15 of A, 10 of B; every third blocked; every fifth a
     * message; distinct millisecond stamps. */
    for (i = 1; i <= 25; i++) {
        snprintf(detail, sizeof(detail), "{\"n\":%zu}", i);
        make_audit(&a, i % 5 < 3 ? SIGNER_A : SIGNER_B,
                   i % 3 == 0 ? "blocked" : "approved", "1",
                   i == 7 ? NULL : detail);
        if (i % 5 == 0) {
            snprintf(a.request_type, sizeof(a.request_type),
                     "sign_message");
        }
        append_ok(s, &a, "list row");
        snprintf(stamp[i], sizeof(stamp[i]), "%s", a.created_at);
        usleep(2000);
    }

    memset(&f, 0, sizeof(f));
    f.page = 1;
    f.limit = 10;
    is_int(DUETD_STORE_OK, duetd_store_audit_list(s, &f, &rows, &n, &total),
           "list page 1 of 10");
    is_int(25, (long long) total, "total 25");
    is_int(10, (long long) n, "ten rows");
    ok(n == 10 && rows[0].id == 25 && rows[9].id == 16,
       "newest first: 25 .. 16");
    ok(n == 10 && rows[1].detail_json != NULL
       && strcmp(rows[1].detail_json, "{\"n\":24}") == 0,
       "each row has its own copy of its detail");
    ok(n == 10 && rows[0].seq > 0 && rows[0].hash[0] | rows[0].hash[1],
       "with seq and hash for the client");
    duetd_store_audit_free(rows, n);

    f.page = 3;
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    ok(n == 5 && rows[0].id == 5 && rows[4].id == 1 && total == 25,
       "page 3: the last five, 5 .. 1");
    ok(n == 5 && rows[2].id == 3, "in order");
    duetd_store_audit_free(rows, n);
    f.page = 4;
    is_int(DUETD_STORE_OK, duetd_store_audit_list(s, &f, &rows, &n, &total),
           "a page past the end");
    ok(n == 0 && total == 25, "is empty, with the total");
    duetd_store_audit_free(rows, n);

    f.page = 7;
    f.limit = 1;
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    ok(n == 1 && rows[0].id == 19, "page 7 of 1: row 19");
    ok(n == 1 && rows[0].detail_json != NULL, "detail present");
    duetd_store_audit_free(rows, n);
    f.page = 19;
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    ok(n == 1 && rows[0].id == 7 && rows[0].detail_json == NULL,
       "row 7 has no detail (NULL, not \"\")");
    duetd_store_audit_free(rows, n);

    f.page = 1;
    f.limit = 100;
    f.signer_id = SIGNER_A;
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    matches = 0;
    for (i = 0; i < n; i++) {
        matches += strcmp(rows[i].signer_id, SIGNER_A) == 0;
    }
    ok(total == 15 && n == 15 && matches == 15, "signer filter: A's 15");
    duetd_store_audit_free(rows, n);

    f.status = "blocked";
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    /* i % 5 < 3 and i % 3 == 0: 6, 12, 15, 21. */
    ok(total == 4 && n == 4 && rows[0].id == 21 && rows[3].id == 6,
       "signer and status: A's blocked rows 21 .. 6");
    duetd_store_audit_free(rows, n);

    f.signer_id = NULL;
    f.status = NULL;
    f.request_type = "sign_message";
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    ok(total == 5 && n == 5 && rows[0].id == 25 && rows[4].id == 5,
       "request type: the five messages");
    duetd_store_audit_free(rows, n);

    f.request_type = NULL;
    f.from = stamp[10];
    f.to = stamp[20];
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    ok(total == 11 && n == 11 && rows[0].id == 20 && rows[10].id == 10,
       "from and to, both inclusive: rows 10 .. 20");
    duetd_store_audit_free(rows, n);
    f.to = NULL;
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    ok(total == 16 && n == 16, "from alone: 10 .. 25");
    duetd_store_audit_free(rows, n);

    f.from = NULL;
    f.signer_id = "no-such-signer";
    is_int(DUETD_STORE_OK, duetd_store_audit_list(s, &f, &rows, &n, &total),
           "a filter matching nothing");
    ok(n == 0 && total == 0 && rows == NULL, "gives no rows and total 0");
    duetd_store_audit_free(rows, n);

    /* Bounds, checked in store.c. */
    f.signer_id = NULL;
    f.limit = 0;
    is_int(DUETD_STORE_ERROR, duetd_store_audit_list(s, &f, &rows, &n,
                                                     &total),
           "limit 0 is an ERROR");
    f.limit = 101;
    is_int(DUETD_STORE_ERROR, duetd_store_audit_list(s, &f, &rows, &n,
                                                     &total),
           "limit 101 is an ERROR");
    ok(rows == NULL && n == 0 && total == 0, "and returns nothing");
    f.limit = 100;
    f.page = 0;
    is_int(DUETD_STORE_ERROR, duetd_store_audit_list(s, &f, &rows, &n,
                                                     &total),
           "page 0 is an ERROR");
    f.page = 1;
    f.status = "a-status-far-too-long";
    is_int(DUETD_STORE_ERROR, duetd_store_audit_list(s, &f, &rows, &n,
                                                     &total),
           "an over-long filter string is an ERROR");
    f.status = NULL;

    /* each: oldest first, every match, page and limit ignored. */
    memset(&l, 0, sizeof(l));
    f.page = 2;
    f.limit = 3;
    is_int(DUETD_STORE_OK, duetd_store_audit_each(s, &f, each_record, &l),
           "each over everything");
    ascending = 1;
    for (i = 1; i < l.n && i < 64; i++) {
        ascending &= l.ids[i] == l.ids[i - 1] + 1;
    }
    ok(l.n == 25 && l.ids[0] == 1 && ascending,
       "25 rows, oldest first, 1 .. 25");
    memset(&l, 0, sizeof(l));
    f.signer_id = SIGNER_B;
    duetd_store_audit_each(s, &f, each_record, &l);
    ok(l.n == 10 && l.ids[0] == 3 && l.ids[9] == 24,
       "each, B's 10 rows, 3 .. 24");
    memset(&l, 0, sizeof(l));
    l.stop_at = 4;
    is_int(DUETD_STORE_ERROR, duetd_store_audit_each(s, &f, each_record, &l),
           "a consumer that stops makes each an ERROR");
    is_int(4, (long long) l.n, "after exactly its rows");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "the store works on after the stop, and the log verifies");

    duetd_store_close(s);
    free(dir);
}


/*
 * A chain longer than the store's verify batches (64 rows, the last
 * carried into the next): breaks on either side of a batch boundary and
 * far into the chain are each found, at their row.
 */
static void
test_audit_long(void)
{
    struct duetd_config   cfg;
    struct duetd_store   *s;
    struct duetd_audit    a;
    sqlite3              *db;
    char                 *dir, sql[128];
    int64_t               bad = -1;
    const int64_t         at[] = { 64, 65, 66, 130 };
    size_t                i;

    dir = subdir("long");
    config_for(&cfg, dir);
    if (duetd_store_prepare(&cfg) != 0) {
        bail("prepare long");
    }
    s = open_store(&cfg);
    make_audit(&a, SIGNER_B, "approved", "1", NULL);
    append_ok(s, &a, "a row of another signer first");
    for (i = 0; i < 150; i++) {
        make_audit(&a, SIGNER_A, "approved", "1", i % 7 ? NULL : "{}");
        append_ok(s, &a, "long chain");
    }
    is_int(150, a.seq, "a chain of 150 rows");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "verifies across its batches");
    db = raw_open(dir);
    raw_exec(db, "DROP TRIGGER audit_no_update");
    for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        snprintf(sql, sizeof(sql), "UPDATE audit SET status = 'x' WHERE "
                 "signer_id = '" SIGNER_A "' AND seq = %lld",
                 (long long) at[i]);
        raw_exec(db, sql);
        is_int(DUETD_STORE_CONFLICT,
               duetd_store_audit_verify(s, SIGNER_A, &bad),
               "an edit at seq %lld is caught", (long long) at[i]);
        is_int(at[i] + 1, bad, "at its row (id = seq + 1 here)");
        snprintf(sql, sizeof(sql), "UPDATE audit SET status = 'approved' "
                 "WHERE signer_id = '" SIGNER_A "' AND seq = %lld",
                 (long long) at[i]);
        raw_exec(db, sql);
    }
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, SIGNER_A, &bad),
           "restored, it verifies");
    /* The first row of the second batch: only the carried link sees it. */
    raw_exec(db, "DROP TRIGGER audit_no_delete;"
                 "DELETE FROM audit WHERE signer_id = '" SIGNER_A "'"
                 " AND seq = 65");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, SIGNER_A, &bad),
           "a row deleted just past a batch boundary is caught");
    is_int(67, bad, "at the row after it (seq 66)");
    sqlite3_close(db);
    duetd_store_close(s);
    free(dir);
}


/* --- migration from a version-2 file with rows ---------------------------- */

/* Migrations 1 and 2 as they shipped, for a file made by the old duetd. */
static const char  v2_schema[] =
    "CREATE TABLE IF NOT EXISTS meta ("
    "  key TEXT PRIMARY KEY NOT NULL,"
    "  value TEXT NOT NULL);"
    "INSERT OR IGNORE INTO meta(key, value)"
    "  VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ','now'));"
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
    "  rpc_url TEXT NOT NULL) STRICT;";


/* Insert a v1 row with raw SQL, chained to prev under the v1 rule. */
static void
v1_insert(sqlite3 *db, struct duetd_audit *a, const uint8_t prev[32])
{
    sqlite3_stmt  *st = NULL;

    memcpy(a->prev_hash, prev, 32);
    expected_hash_v1(a, a->hash);
    if (sqlite3_prepare_v2(db,
            "INSERT INTO audit(id, signer_id, path, request_type, status,"
            " to_address, value_wei, chain_id, tx_hash, detail_json,"
            " created_at, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
            " ?7, ?8, ?9, ?10, ?11, ?12, ?13)", -1, &st, NULL) != SQLITE_OK
        || sqlite3_bind_int64(st, 1, a->id) != SQLITE_OK
        || sqlite3_bind_text(st, 2, a->signer_id, -1, SQLITE_STATIC)
           != SQLITE_OK
        || sqlite3_bind_text(st, 3, a->path, -1, SQLITE_STATIC) != SQLITE_OK
        || sqlite3_bind_text(st, 4, a->request_type, -1, SQLITE_STATIC)
           != SQLITE_OK
        || sqlite3_bind_text(st, 5, a->status, -1, SQLITE_STATIC)
           != SQLITE_OK
        || sqlite3_bind_text(st, 6, a->to_address, -1, SQLITE_STATIC)
           != SQLITE_OK
        || sqlite3_bind_text(st, 7, a->value_wei, -1, SQLITE_STATIC)
           != SQLITE_OK
        || sqlite3_bind_int64(st, 8, a->chain_id) != SQLITE_OK
        || sqlite3_bind_text(st, 9, a->tx_hash, -1, SQLITE_STATIC)
           != SQLITE_OK
        || (a->detail_json != NULL
            ? sqlite3_bind_text(st, 10, a->detail_json, -1, SQLITE_STATIC)
            : sqlite3_bind_null(st, 10)) != SQLITE_OK
        || sqlite3_bind_text(st, 11, a->created_at, -1, SQLITE_STATIC)
           != SQLITE_OK
        || sqlite3_bind_blob(st, 12, a->prev_hash, 32, SQLITE_STATIC)
           != SQLITE_OK
        || sqlite3_bind_blob(st, 13, a->hash, 32, SQLITE_STATIC)
           != SQLITE_OK
        || sqlite3_step(st) != SQLITE_DONE)
    {
        bail("inserting a v1 audit row: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
}


static void
test_migrate_v2(void)
{
    struct duetd_config         cfg;
    struct duetd_store         *s;
    struct duetd_audit          old[4], a, *rows = NULL;
    struct duetd_audit_filter   f;
    sqlite3                    *db;
    uint8_t                     zero[32];
    char                       *dir, head[80], want[80];
    const char                 *who[4] = { SIGNER_A, SIGNER_B, SIGNER_A,
                                           SIGNER_B };
    uint64_t                    total = 0;
    int64_t                     bad = -1;
    size_t                      i, n = 0;

    memset(zero, 0, sizeof(zero));
    dir = subdir("v2");
    config_for(&cfg, dir);
    db = raw_open(dir);
    if (raw_exec(db, "PRAGMA journal_mode=WAL; BEGIN IMMEDIATE;") != SQLITE_OK
        || raw_exec(db, v2_schema) != SQLITE_OK)
    {
        bail("making a version-2 file: %s", sqlite3_errmsg(db));
    }
    for (i = 0; i < 4; i++) {
        make_audit(&old[i], who[i], i == 2 ? "blocked" : "approved", "9",
                   i == 1 ? "{\"old\":true}" : NULL);
        old[i].id = (int64_t) i + 1;
        snprintf(old[i].created_at, sizeof(old[i].created_at),
                 "2026-01-0%zuT00:00:00.000Z", i + 1);
        v1_insert(db, &old[i], i == 0 ? zero : old[i - 1].hash);
    }
    if (raw_exec(db, "INSERT INTO networks VALUES ('sepolia', 11155111,"
                     " 'https://rpc.example/key');"
                     "PRAGMA user_version = 2; COMMIT;") != SQLITE_OK)
    {
        bail("finishing the version-2 file: %s", sqlite3_errmsg(db));
    }
    sqlite3_close(db);

    is_int(0, duetd_store_prepare(&cfg), "prepare migrates a version-2 file");
    db = raw_open(dir);
    is_int(3, raw_int(db, "PRAGMA user_version"), "now version 3");
    is_int(4, raw_int(db, "SELECT count(*) FROM audit WHERE "
                          "chain_version = 1 AND seq IS NULL"),
           "the four old rows are kept, in the closed v1 chain");
    raw_text(db, "SELECT value FROM meta WHERE key = 'audit_v1_head'", head,
             sizeof(head));
    for (i = 0; i < 32; i++) {
        snprintf(want + 2 * i, 3, "%02x", old[3].hash[i]);
    }
    is_str(want, head, "meta records the v1 chain's head");
    is_int(0, raw_int(db, "SELECT count(*) FROM sqlite_master "
                          "WHERE name = 'networks'"),
           "networks (and its RPC secret) are gone");
    is_int(2, raw_int(db, "SELECT count(*) FROM sqlite_master WHERE "
                          "type = 'trigger' AND tbl_name = 'audit'"),
           "the rebuilt audit table is append-only again");
    ok(raw_exec(db, "UPDATE audit SET status = 'x' WHERE id = 1")
       != SQLITE_OK, "UPDATE is refused");

    s = open_store(&cfg);
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "the old rows verify under the v1 rule");
    make_audit(&a, SIGNER_A, "approved", "1", NULL);
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &a),
           "append after the migration");
    ok(a.id == 5 && a.seq == 1, "id 5, and A's per-signer chain starts at 1");
    is_blob(zero, a.prev_hash, 32, "from a zero prev_hash");
    make_audit(&a, SIGNER_A, "approved", "2", NULL);
    duetd_store_audit_append(s, &a);
    is_int(2, a.seq, "then seq 2");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "old and new rows verify together");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, SIGNER_B, &bad),
           "B's rows (all v1) verify with the v1 chain");

    memset(&f, 0, sizeof(f));
    f.page = 1;
    f.limit = 10;
    f.signer_id = SIGNER_A;
    duetd_store_audit_list(s, &f, &rows, &n, &total);
    ok(total == 4 && n == 4 && rows[2].id == 3 && rows[2].seq == 0
       && strcmp(rows[2].status, "blocked") == 0,
       "old rows list with seq 0");
    ok(n == 4 && rows[3].request_id[0] == '\0'
       && rows[3].caller_ip[0] == '\0' && rows[3].rules_evaluated == 0,
       "their new fields are empty");
    duetd_store_audit_free(rows, n);

    /* The closed chain is guarded as before, and its tail too. */
    raw_exec(db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
    raw_exec(db, "UPDATE audit SET value_wei = '10' WHERE id = 2");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "an edited v1 row is caught");
    is_int(2, bad, "at that row");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, SIGNER_B, &bad),
           "also when verifying B alone, whose row it is");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, SIGNER_C, &bad),
           "a signer without v1 rows is not concerned");
    raw_exec(db, "UPDATE audit SET value_wei = '9' WHERE id = 2");
    raw_exec(db, "DELETE FROM audit WHERE id = 4");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "the v1 chain's last row cut off is caught (the recorded head)");
    is_int(4, bad, "named by the missing id");
    raw_exec(db, "UPDATE audit SET chain_version = 1, seq = NULL "
                 "WHERE id = 6");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, SIGNER_A, &bad),
           "a v2 row passed off as v1 is caught");

    duetd_store_close(s);
    sqlite3_close(db);
    free(dir);
}


/* --- guarded requests ----------------------------------------------------- */

#define T0       1800000000000LL     /* 2027-01-15, in Unix ms       */
#define TTL      600000LL            /* a reservation's 10 minutes   */
#define DAY_MS   86400000LL

/* A decide callback: approve while the window's sum + value <= limit. */
struct judge {
    uint64_t     limit;
    uint64_t     value;
    const char  *value_text;     /* overrides value in the reservation */
    const char  *request_id;
    int64_t      expires_ms;
    int          want_nonce;
    uint64_t     chain_id;
    uint64_t     pending;
    int          fail;           /* return -1                          */
    int          lie;            /* approve, the row saying blocked    */
    /* What it saw. */
    size_t       seen;
    uint64_t     sum;
    int64_t      newest, oldest;
    int          usd_known_seen;
};


static int
judge_decide(void *arg, const struct duetd_spend_row *rows, size_t n,
    struct duetd_audit *a, struct duetd_spend *sp)
{
    struct judge  *j = arg;
    size_t         i;
    int            approve;

    j->seen = n;
    j->sum = 0;
    j->usd_known_seen = 0;
    for (i = 0; i < n; i++) {
        j->sum += strtoull(rows[i].value_wei, NULL, 10);
        j->usd_known_seen += rows[i].usd_known;
    }
    j->newest = n > 0 ? rows[0].created_ms : 0;
    j->oldest = n > 0 ? rows[n - 1].created_ms : 0;
    if (j->fail) {
        return -1;
    }
    approve = j->sum + j->value <= j->limit;
    snprintf(a->path, sizeof(a->path), "signer+server");
    snprintf(a->request_type, sizeof(a->request_type), "sign_tx");
    snprintf(a->status, sizeof(a->status), "%s",
             approve && !j->lie ? "approved" : "blocked");
    snprintf(a->request_id, sizeof(a->request_id), "%s", j->request_id);
    snprintf(a->value_wei, sizeof(a->value_wei), "%llu",
             (unsigned long long) j->value);
    a->rules_evaluated = 1;
    a->detail_json = approve ? NULL : "{\"violations\":[\"dailyLimit\"]}";
    snprintf(sp->request_id, sizeof(sp->request_id), "%s", j->request_id);
    if (j->value_text != NULL) {
        snprintf(sp->value_wei, sizeof(sp->value_wei), "%s", j->value_text);
    } else {
        snprintf(sp->value_wei, sizeof(sp->value_wei), "%llu",
                 (unsigned long long) j->value);
    }
    sp->usd_known = j->value % 2 == 0;
    sp->value_usd = (double) j->value / 4;
    sp->expires_ms = j->expires_ms;
    sp->want_nonce = j->want_nonce;
    sp->chain_id = j->chain_id;
    sp->pending = j->pending;
    return approve;
}


/* guard_decide with a fresh judge; returns the store's code. */
static int
judge(struct duetd_store *s, const char *signer, struct judge *j,
    const char *request_id, uint64_t value, int64_t now, int64_t ttl,
    int *decided, uint64_t *nonce)
{
    struct duetd_audit  a;
    struct duetd_spend  sp;
    int                 r;

    memset(&a, 0, sizeof(a));
    memset(&sp, 0, sizeof(sp));
    j->request_id = request_id;
    j->value = value;
    j->expires_ms = now + ttl;
    *decided = -7;
    r = duetd_store_guard_decide(s, signer, now, judge_decide, j, &a, &sp,
                                 decided);
    if (nonce != NULL) {
        *nonce = sp.nonce;
    }
    return r;
}


static void
raw_state(sqlite3 *db, const char *table, const char *request_id,
    char *out, size_t size)
{
    char  sql[160];

    snprintf(sql, sizeof(sql), "SELECT coalesce((SELECT state FROM %s "
             "WHERE request_id = '%s'), 'none')", table, request_id);
    raw_text(db, sql, out, size);
}


#define REQ(n)  "20000000-0000-4000-8000-0000000000" n

static void
test_guard(struct duetd_store *s, struct duetd_store *s2, sqlite3 *db)
{
    const char     *g = "00000000-0000-4000-8000-00000000000a";
    struct judge    j;
    long long       audits, spends;
    int64_t         bad = -1, t;
    int             d;
    char            state[16];

    memset(&j, 0, sizeof(j));
    j.limit = 100;

    is_int(DUETD_STORE_OK, judge(s, g, &j, REQ("01"), 40, T0, TTL, &d, NULL),
           "decide r1: 40 of 100");
    is_int(1, d, "approved");
    is_int(0, (long long) j.seen, "with nothing counted before");
    raw_state(db, "spend", REQ("01"), state, sizeof(state));
    is_str("reserved", state, "r1 is reserved");
    is_int(T0, raw_int(db, "SELECT created_ms FROM spend WHERE request_id = "
                           "'" REQ("01") "'"),
           "created_ms is the decision's now");
    is_int(1, raw_int(db, "SELECT count(*) FROM audit WHERE request_id = "
                          "'" REQ("01") "' AND status = 'approved' AND "
                          "signer_id = '00000000-0000-4000-8000-00000000000a'"),
           "its approved audit row, in the signer's chain");

    is_int(DUETD_STORE_OK,
           judge(s2, g, &j, REQ("02"), 39, T0 + 1000, TTL, &d, NULL),
           "decide r2 (other connection): 39 more, no USD value");
    is_int(1, d, "approved (79 of 100)");
    is_int(DUETD_STORE_OK,
           judge(s, g, &j, REQ("03"), 40, T0 + 2000, TTL, &d, NULL),
           "decide r3: 40 more");
    is_int(0, d, "blocked: 120 would exceed 100");
    ok(j.seen == 2 && j.sum == 79, "decide saw the two reservations, 79");
    ok(j.newest == T0 + 1000 && j.oldest == T0, "newest first");
    is_int(1, j.usd_known_seen, "one with a USD value, one without (NULL)");
    raw_state(db, "spend", REQ("03"), state, sizeof(state));
    is_str("none", state, "a blocked request reserves nothing");
    is_int(1, raw_int(db, "SELECT count(*) FROM audit WHERE request_id = "
                          "'" REQ("03") "' AND status = 'blocked'"),
           "but its blocked row is in the audit");

    /* Expired reservations stop counting. */
    t = T0 + TTL;
    judge(s, g, &j, REQ("04"), 61, t, TTL, &d, NULL);
    ok(d == 1 && j.seen == 1 && j.sum == 39,
       "at r1's expiry only r2 counts: 61 more fits exactly");
    is_int(DUETD_STORE_OK, duetd_store_spend_settle(s, REQ("04"), 1),
           "settle r4 spent");
    raw_state(db, "spend", REQ("04"), state, sizeof(state));
    is_str("spent", state, "r4 is spent");
    is_int(DUETD_STORE_OK, duetd_store_spend_settle(s2, REQ("04"), 1),
           "settling spent again is fine");
    is_int(DUETD_STORE_CONFLICT, duetd_store_spend_settle(s, REQ("04"), 0),
           "releasing a spent reservation is CONFLICT");
    raw_state(db, "spend", REQ("04"), state, sizeof(state));
    is_str("spent", state, "and it stays spent");
    is_int(DUETD_STORE_OK, duetd_store_spend_settle(s, REQ("01"), 0),
           "release r1");
    is_int(DUETD_STORE_OK, duetd_store_spend_settle(s, REQ("01"), 0),
           "releasing again is fine");
    is_int(DUETD_STORE_CONFLICT, duetd_store_spend_settle(s, REQ("01"), 1),
           "spending a released reservation is CONFLICT");
    is_int(DUETD_STORE_NOT_FOUND, duetd_store_spend_settle(s, REQ("99"), 1),
           "settling an unknown request is NOT_FOUND");
    is_int(DUETD_STORE_NOT_FOUND, duetd_store_spend_settle(s, REQ("03"), 0),
           "as is settling a blocked one");

    /* Spent counts after its expiry, for the whole 30-day window. */
    t = T0 + 5 * DAY_MS;
    judge(s, g, &j, REQ("05"), 50, t, TTL, &d, NULL);
    ok(d == 0 && j.seen == 1 && j.sum == 61,
       "five days on, the spent 61 still counts: 50 more is blocked");
    t = T0 + TTL + 30 * DAY_MS;
    judge(s, g, &j, REQ("06"), 50, t, TTL, &d, NULL);
    ok(d == 0 && j.seen == 1, "exactly 30 days on, it counts: blocked");
    t++;
    judge(s, g, &j, REQ("07"), 50, t, TTL, &d, NULL);
    ok(d == 1 && j.seen == 0, "a millisecond later it left: approved");
    is_int(DUETD_STORE_OK, duetd_store_spend_settle(s, REQ("07"), 0),
           "release r7");
    judge(s, g, &j, REQ("08"), 100, t, TTL, &d, NULL);
    ok(d == 1 && j.seen == 0, "a released reservation counts at once no more");
    is_int(DUETD_STORE_OK, duetd_store_spend_settle(s, REQ("08"), 0),
           "release r8");

    /* Failures write nothing. */
    audits = raw_int(db, "SELECT count(*) FROM audit");
    spends = raw_int(db, "SELECT count(*) FROM spend");
    j.fail = 1;
    is_int(DUETD_STORE_ERROR, judge(s, g, &j, REQ("09"), 1, t, TTL, &d, NULL),
           "a decide that fails is an ERROR");
    j.fail = 0;
    j.lie = 1;
    is_int(DUETD_STORE_ERROR, judge(s, g, &j, REQ("09"), 1, t, TTL, &d, NULL),
           "approving with a \"blocked\" row is an ERROR");
    j.lie = 0;
    is_int(DUETD_STORE_ERROR, judge(s, g, &j, REQ("07"), 1, t, TTL, &d, NULL),
           "approving a taken request id is an ERROR");
    is_int(DUETD_STORE_ERROR, judge(s, g, &j, REQ("09"), 1, t, 0, &d, NULL),
           "an approval that expires at once is an ERROR");
    j.value_text = "12a";
    is_int(DUETD_STORE_ERROR, judge(s, g, &j, REQ("09"), 1, t, TTL, &d, NULL),
           "a value that is not decimal is an ERROR");
    j.value_text = "";
    is_int(DUETD_STORE_ERROR, judge(s, g, &j, REQ("09"), 1, t, TTL, &d, NULL),
           "an empty value is an ERROR");
    j.value_text = NULL;
    is_int(DUETD_STORE_ERROR,
           judge(s, "no-such-signer", &j, REQ("09"), 1, t, TTL, &d, NULL),
           "approving for an unknown signer is an ERROR");
    is_int(DUETD_STORE_ERROR, judge(s, g, &j, REQ("09"), 1, 5, TTL, &d, NULL),
           "a now before 1970 + 30 days is refused");
    is_int(audits, raw_int(db, "SELECT count(*) FROM audit"),
           "none of them wrote an audit row");
    is_int(spends, raw_int(db, "SELECT count(*) FROM spend"),
           "nor a reservation");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, g, &bad),
           "the signer's chain verifies");
}


static void
test_nonces(struct duetd_store *s, sqlite3 *db)
{
    const char    *g = "00000000-0000-4000-8000-00000000000c";
    struct judge   j;
    uint64_t       nonce = 99;
    int            d;
    char           state[16];

    memset(&j, 0, sizeof(j));
    j.limit = UINT64_MAX / 2;
    j.want_nonce = 1;
    j.chain_id = 11155111;
    j.pending = 5;

    judge(s, g, &j, REQ("21"), 0, T0, TTL, &d, &nonce);
    ok(d == 1 && nonce == 5, "pending 5: first reservation gets 5");
    judge(s, g, &j, REQ("22"), 0, T0, TTL, &d, &nonce);
    is_int(6, (long long) nonce, "then 6");
    judge(s, g, &j, REQ("23"), 0, T0, 1000, &d, &nonce);
    is_int(7, (long long) nonce, "then 7 (a short reservation)");
    raw_state(db, "nonces", REQ("23"), state, sizeof(state));
    is_str("reserved", state, "its nonce row is reserved");

    is_int(DUETD_STORE_OK, duetd_store_spend_settle(s, REQ("22"), 0),
           "release the request holding 6");
    raw_state(db, "nonces", REQ("22"), state, sizeof(state));
    is_str("released", state, "its nonce is released with it");
    judge(s, g, &j, REQ("24"), 0, T0, TTL, &d, &nonce);
    is_int(6, (long long) nonce, "the next request gets 6 back");

    is_int(DUETD_STORE_OK, duetd_store_spend_settle(s, REQ("21"), 1),
           "spend the request holding 5");
    raw_state(db, "nonces", REQ("21"), state, sizeof(state));
    is_str("used", state, "its nonce is used");
    judge(s, g, &j, REQ("25"), 0, T0 + 500, TTL, &d, &nonce);
    is_int(8, (long long) nonce, "5 used, 6 and 7 reserved: 8");

    judge(s, g, &j, REQ("26"), 0, T0 + 1500, TTL, &d, &nonce);
    is_int(7, (long long) nonce, "7's reservation expired: 7 is free again");
    judge(s, g, &j, REQ("27"), 0, T0 + TTL + 1, TTL, &d, &nonce);
    is_int(6, (long long) nonce,
           "after 6's reservation expired: 6; 5 stays held, being used");

    is_int(DUETD_STORE_OK, duetd_store_nonce_release(s, REQ("21")),
           "give the used 5 back (a failed broadcast)");
    is_int(DUETD_STORE_OK, duetd_store_nonce_release(s, REQ("21")),
           "again: idempotent");
    raw_state(db, "spend", REQ("21"), state, sizeof(state));
    is_str("spent", state, "the reservation stays spent");
    judge(s, g, &j, REQ("28"), 0, T0 + TTL + 2, TTL, &d, &nonce);
    is_int(5, (long long) nonce, "5 is reserved again");

    j.pending = 100;
    judge(s, g, &j, REQ("29"), 0, T0 + TTL + 3, TTL, &d, &nonce);
    is_int(100, (long long) nonce, "pending above every held nonce: pending");
    j.pending = 5;
    j.chain_id = 1;
    judge(s, g, &j, REQ("30"), 0, T0 + TTL + 3, TTL, &d, &nonce);
    is_int(5, (long long) nonce, "another chain has its own nonces");
    j.chain_id = 11155111;
    j.want_nonce = 0;
    nonce = 99;
    judge(s, g, &j, REQ("31"), 0, T0 + TTL + 3, TTL, &d, &nonce);
    ok(d == 1 && nonce == 0, "no nonce asked, none reserved");
    raw_state(db, "nonces", REQ("31"), state, sizeof(state));
    is_str("none", state, "(no row)");
    is_int(DUETD_STORE_NOT_FOUND, duetd_store_nonce_release(s, REQ("31")),
           "releasing a request's missing nonce is NOT_FOUND");
    is_int(DUETD_STORE_NOT_FOUND, duetd_store_nonce_release(s, REQ("98")),
           "as is an unknown request");
    j.want_nonce = 1;
    j.pending = (uint64_t) INT64_MAX;
    is_int(DUETD_STORE_ERROR,
           judge(s, g, &j, REQ("32"), 0, T0 + TTL + 3, TTL, &d, &nonce),
           "a pending count beyond SQLite's integers is an ERROR");
}


/*
 * RACERS_GUARD processes decide for one signer at once, each 10 against a
 * limit of 30 (exactly 3 fit), and each appends a few plain rows too.
 */
#define RACERS_GUARD  8
#define RACE_APPENDS  5

static void
test_guard_race(void)
{
    struct duetd_config   cfg;
    struct duetd_signer   sg;
    struct duetd_store   *s;
    sqlite3              *db;
    char                 *dir, v;
    int                   go[2], out[2], status, fails = 0, approved = 0;
    int                   blocked = 0;
    int64_t               bad = -1;
    unsigned              i;
    pid_t                 pid[RACERS_GUARD];
    const char           *g = "00000000-0000-4000-8000-0000000000ff";

    dir = subdir("guard-race");
    config_for(&cfg, dir);
    if (duetd_store_prepare(&cfg) != 0) {
        bail("prepare guard race");
    }
    s = open_store(&cfg);
    make_signer(&sg, g, "operator", "2026-01-01T00:00:00.000Z");
    if (duetd_store_signer_insert(s, &sg) != DUETD_STORE_OK) {
        bail("race signer");
    }
    duetd_store_close(s);

    if (pipe(go) != 0 || pipe(out) != 0) {
        sysbail("pipe");
    }
    for (i = 0; i < RACERS_GUARD; i++) {
        pid[i] = fork();
        if (pid[i] < 0) {
            sysbail("fork");
        }
        if (pid[i] == 0) {
            struct judge        j;
            struct duetd_audit  a;
            char                req[DUETD_UUID_SIZE], c;
            int                 d, k, rc;

            close(go[1]);
            close(out[0]);
            if (duetd_store_open(&cfg, &s) != 0) {
                _exit(2);
            }
            (void) !read(go[0], &c, 1);
            memset(&j, 0, sizeof(j));
            j.limit = 30;
            snprintf(req, sizeof(req), "30000000-0000-4000-8000-%012u", i);
            rc = judge(s, g, &j, req, 10, T0 + i, TTL, &d, NULL);
            for (k = 0; k < RACE_APPENDS && rc == DUETD_STORE_OK; k++) {
                make_audit(&a, g, "failed", "0", NULL);
                rc = duetd_store_audit_append(s, &a);
            }
            duetd_store_close(s);
            if (rc != DUETD_STORE_OK) {
                _exit(3);
            }
            c = d == 1 ? 'y' : 'n';
            _exit(write(out[1], &c, 1) == 1 ? 0 : 4);
        }
    }
    close(go[0]);
    close(out[1]);
    close(go[1]);
    while (read(out[0], &v, 1) == 1) {
        approved += v == 'y';
        blocked += v == 'n';
    }
    close(out[0]);
    for (i = 0; i < RACERS_GUARD; i++) {
        if (waitpid(pid[i], &status, 0) != pid[i] || !WIFEXITED(status)
            || WEXITSTATUS(status) != 0)
        {
            fails++;
        }
    }
    is_int(0, fails, "%d deciders ran without error", RACERS_GUARD);
    is_int(3, approved, "exactly 3 approved");
    is_int(RACERS_GUARD - 3, blocked, "the rest blocked");

    db = raw_open(dir);
    is_int(3, raw_int(db, "SELECT count(*) FROM spend"), "3 reservations");
    is_int(30, raw_int(db, "SELECT sum(CAST(value_wei AS INTEGER)) "
                           "FROM spend"), "holding exactly the limit");
    is_int(RACERS_GUARD * (1 + RACE_APPENDS),
           raw_int(db, "SELECT count(*) FROM audit"), "every row appended");
    is_int(RACERS_GUARD * (1 + RACE_APPENDS),
           raw_int(db, "SELECT max(seq) FROM audit"),
           "in one chain: seq 1 .. n, no fork");
    sqlite3_close(db);
    s = open_store(&cfg);
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, g, &bad),
           "the chain written by %d processes verifies", RACERS_GUARD);
    duetd_store_close(s);
    free(dir);
}


/* --- policies ------------------------------------------------------------ */

static void
test_policies(struct duetd_store *s, sqlite3 *db)
{
    const char  *a = "00000000-0000-4000-8000-00000000000a";
    char        *json = NULL;

    is_int(DUETD_STORE_NOT_FOUND, duetd_store_policy_get(s, a, &json),
           "no policy yet");
    ok(json == NULL, "and no document");
    is_int(DUETD_STORE_OK, duetd_store_policy_put(s, a, "{\"v\":1}"),
           "put a policy");
    is_int(DUETD_STORE_OK, duetd_store_policy_get(s, a, &json), "get it");
    is_str("{\"v\":1}", json, "the document");
    free(json);
    json = NULL;
    is_int(DUETD_STORE_OK, duetd_store_policy_put(s, a, "{\"v\":2}"),
           "put a second");
    duetd_store_policy_get(s, a, &json);
    is_str("{\"v\":2}", json, "the second is active");
    free(json);
    is_int(2, raw_int(db, "SELECT count(*) FROM policies"),
           "the first is kept");
    is_int(1, raw_int(db, "SELECT count(*) FROM policies WHERE active = 1"),
           "one active");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_policy_put(s, "no-such-signer", "{}"),
           "policy for an unknown signer is NOT_FOUND");
}


/* --- the prime pool's index --------------------------------------------- */

static void
prime_id(char out[DUETD_UUID_SIZE], unsigned i)
{
    snprintf(out, DUETD_UUID_SIZE, "00000000-0000-4000-8000-%012u", i);
}


static void
test_primes(struct duetd_store *s)
{
    char      ids[5][DUETD_UUID_SIZE], claimed[4][DUETD_UUID_SIZE];
    unsigned  n = 99, i, j, hits;

    is_int(DUETD_STORE_OK, duetd_store_prime_count(s, 1024, &n), "count");
    is_int(0, n, "empty pool");
    for (i = 0; i < 5; i++) {
        prime_id(ids[i], i);
        is_int(DUETD_STORE_OK, duetd_store_prime_add(s, ids[i], 1024),
               "add prime %u", i);
    }
    is_int(DUETD_STORE_CONFLICT, duetd_store_prime_add(s, ids[0], 1024),
           "adding a taken id is CONFLICT");
    prime_id(claimed[0], 100);
    duetd_store_prime_add(s, claimed[0], 1536);
    duetd_store_prime_count(s, 1024, &n);
    is_int(5, n, "five of 1024 bits");
    duetd_store_prime_count(s, 1536, &n);
    is_int(1, n, "one of 1536 bits");
    is_int(DUETD_STORE_NOT_FOUND, duetd_store_prime_forget(s, ids[0]),
           "forgetting an unclaimed prime is NOT_FOUND");

    is_int(DUETD_STORE_OK, duetd_store_prime_claim(s, 1024, 4, claimed),
           "claim 4");
    hits = 0;
    for (i = 0; i < 4; i++) {
        for (j = 0; j < 5; j++) {
            hits += strcmp(claimed[i], ids[j]) == 0;
        }
        for (j = 0; j < i; j++) {
            hits += strcmp(claimed[i], claimed[j]) == 0 ? 100 : 0;
        }
    }
    is_int(4, hits, "four distinct known ids");
    duetd_store_prime_count(s, 1024, &n);
    is_int(1, n, "one left");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_prime_claim(s, 1024, 4, claimed),
           "claiming 4 of 1 is NOT_FOUND");
    ok(claimed[0][0] == '\0', "and returns no ids");
    duetd_store_prime_count(s, 1024, &n);
    is_int(1, n, "all or none: still one left");
    is_int(DUETD_STORE_NOT_FOUND,
           duetd_store_prime_claim(s, 1536, 2, claimed),
           "claim of another size sees only its own");
    is_int(DUETD_STORE_ERROR, duetd_store_prime_claim(s, 1024, 0, claimed),
           "claiming none is an ERROR");

    /* Forget the four claimed earlier: find them as the ones not left. */
    hits = 0;
    for (j = 0; j < 5; j++) {
        hits += duetd_store_prime_forget(s, ids[j]) == DUETD_STORE_OK;
    }
    is_int(4, hits, "the four claimed rows are forgotten");
    for (j = 0; j < 5; j++) {
        if (duetd_store_prime_forget(s, ids[j]) == DUETD_STORE_OK) {
            hits = 99;
        }
    }
    is_int(4, hits, "forgetting again finds nothing");
}


/*
 * RACERS processes, each with its own connection, claim 4 at a time until
 * the pool runs dry.  Every prime must go to exactly one of them, and the
 * two left over must stay available.
 */
static void
test_prime_race(const struct duetd_config *cfg)
{
    struct duetd_store  *s;
    char                 ids[RACE_PRIMES][DUETD_UUID_SIZE];
    char                 batch[4][DUETD_UUID_SIZE];
    int                  go[2], out[2], status, fails = 0;
    unsigned             i, j, seen[RACE_PRIMES], total = 0, dup = 0, n = 0;
    pid_t                pid[RACERS];
    ssize_t              got;

    s = open_store(cfg);
    for (i = 0; i < RACE_PRIMES; i++) {
        prime_id(ids[i], 1000 + i);
        if (duetd_store_prime_add(s, ids[i], 2048) != DUETD_STORE_OK) {
            bail("adding race primes");
        }
    }
    /* No connection crosses fork. */
    duetd_store_close(s);

    if (pipe(go) != 0 || pipe(out) != 0) {
        sysbail("pipe");
    }
    for (i = 0; i < RACERS; i++) {
        pid[i] = fork();
        if (pid[i] < 0) {
            sysbail("fork");
        }
        if (pid[i] == 0) {
            char  c;
            int   rc;

            close(go[1]);
            close(out[0]);
            if (duetd_store_open(cfg, &s) != 0) {
                _exit(2);
            }
            /* Wait for the start signal: EOF when the parent closes. */
            (void) !read(go[0], &c, 1);
            while ((rc = duetd_store_prime_claim(s, 2048, 4, batch))
                   == DUETD_STORE_OK)
            {
                if (write(out[1], batch, sizeof(batch))
                    != (ssize_t) sizeof(batch))
                {
                    _exit(3);
                }
            }
            duetd_store_close(s);
            _exit(rc == DUETD_STORE_NOT_FOUND ? 0 : 4);
        }
    }
    close(go[0]);
    close(out[1]);
    close(go[1]);

    memset(seen, 0, sizeof(seen));
    while ((got = read(out[0], batch, sizeof(batch))) > 0) {
        if (got != (ssize_t) sizeof(batch)) {
            bail("short read from a racer");
        }
        for (i = 0; i < 4; i++) {
            for (j = 0; j < RACE_PRIMES; j++) {
                if (strcmp(batch[i], ids[j]) == 0) {
                    dup += seen[j]++ > 0;
                    total++;
                }
            }
        }
    }
    close(out[0]);
    for (i = 0; i < RACERS; i++) {
        if (waitpid(pid[i], &status, 0) != pid[i] || !WIFEXITED(status)
            || WEXITSTATUS(status) != 0)
        {
            fails++;
        }
    }
    is_int(0, fails, "%d racers each ended on NOT_FOUND, without error",
           RACERS);
    is_int(RACE_PRIMES / 4 * 4, total, "every full batch was claimed");
    is_int(0, dup, "no prime was claimed twice");
    s = open_store(cfg);
    duetd_store_prime_count(s, 2048, &n);
    is_int(RACE_PRIMES % 4, n, "the remainder is still available");
    duetd_store_close(s);
}


int
main(int argc, char **argv)
{
    struct duetd_config   cfg;
    struct duetd_store   *s, *s2;
    sqlite3              *db;
    char                 *dir;

    tap_init(argc, argv);
    plan_lazy();
    duetd_log_set_level(DUETD_LOG_ERROR);
    tmpdir = test_tmpdir();

    test_migrations();

    dir = subdir("main");
    config_for(&cfg, dir);
    if (duetd_store_prepare(&cfg) != 0) {
        bail("prepare");
    }
    s = open_store(&cfg);
    s2 = open_store(&cfg);
    db = raw_open(dir);

    test_signers(s, db);
    test_status(s, s2);
    test_activate_apikeys(s, s2);
    test_audit(s, db);
    test_policies(s, db);
    test_primes(s);
    test_guard(s, s2, db);
    test_nonces(s, db);

    sqlite3_close(db);
    duetd_store_close(s2);
    duetd_store_close(s);

    test_prime_race(&cfg);
    test_audit_list();
    test_audit_long();
    test_migrate_v2();
    test_guard_race();

    free(dir);
    clean_tmpdir();
    test_tmpdir_free(tmpdir);
    return 0;
}
