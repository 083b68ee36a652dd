/*
 * store-t.c -- tests for the store (store.h) on its SQLite backend, with a
 * real SQLite file in a private directory: the migrations (from an empty
 * file and from a version-1 file), refusing a newer schema, every
 * operation with its NOT_FOUND and CONFLICT paths, the audit chain against
 * an attacker who edits the file, and prime claims racing across forked
 * processes, each on its own connection.
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
        "prime_pool", "networks"
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
    is_int(2, raw_int(db, "PRAGMA user_version"), "new file is version 2");
    raw_text(db, "PRAGMA journal_mode", mode, sizeof(mode));
    is_str("wal", mode, "journal mode is WAL");
    for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM sqlite_master "
                 "WHERE type = 'table' AND name = '%s'", tables[i]);
        is_int(1, raw_int(db, sql), "table %s exists", tables[i]);
    }
    is_int(2, raw_int(db, "SELECT count(*) FROM sqlite_master WHERE "
                          "type = 'trigger' AND tbl_name = 'audit'"),
           "audit has its two append-only triggers");
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
    is_int(2, raw_int(db, "PRAGMA user_version"), "now version 2");
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
    raw_exec(db, "PRAGMA user_version = 3");
    sqlite3_close(db);
    is_int(-1, duetd_store_prepare(&cfg), "prepare refuses version 3");
    ok(duetd_store_open(&cfg, &s) != 0 && s == NULL,
       "open refuses version 3");
    db = raw_open(dir);
    is_int(3, raw_int(db, "PRAGMA user_version"),
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


/* The encoding store_impl.h documents, written out independently. */
static void
expected_hash(const struct duetd_audit *a, uint8_t out[32])
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


static void
make_audit(struct duetd_audit *a, const char *status, const char *value,
    const char *detail)
{
    memset(a, 0, sizeof(*a));
    snprintf(a->signer_id, sizeof(a->signer_id),
             "00000000-0000-4000-8000-00000000000a");
    snprintf(a->path, sizeof(a->path), "signer+server");
    snprintf(a->request_type, sizeof(a->request_type), "sign_tx");
    snprintf(a->status, sizeof(a->status), "%s", status);
    snprintf(a->to_address, sizeof(a->to_address),
             "0x52908400098527886E0F7030069857D2E4169EE7");
    snprintf(a->value_wei, sizeof(a->value_wei), "%s", value);
    a->chain_id = 11155111;
    snprintf(a->tx_hash, sizeof(a->tx_hash), "0x%064d", 7);
    a->detail_json = detail;
}


static void
test_audit(struct duetd_store *s, sqlite3 *db)
{
    struct duetd_audit  r[4];
    uint8_t             zero[32], want[32];
    int64_t             bad = -1;

    memset(zero, 0, sizeof(zero));
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "an empty chain verifies");

    make_audit(&r[0], "approved", "1000000000000000000", NULL);
    make_audit(&r[1], "blocked", "5", "{\"violations\":[\"max_value\"]}");
    make_audit(&r[2], "failed", "0", "{\"culprit\":0}");
    make_audit(&r[3], "approved", "42", "");
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &r[0]), "append 1");
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &r[1]), "append 2");
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &r[2]), "append 3");
    is_int(DUETD_STORE_OK, duetd_store_audit_append(s, &r[3]), "append 4");
    ok(r[0].id == 1 && r[1].id == 2 && r[2].id == 3 && r[3].id == 4,
       "ids 1..4");
    ok(r[0].created_at[0] == '2' && strlen(r[0].created_at) == 24,
       "created_at set by the store");
    is_blob(zero, r[0].prev_hash, 32, "first prev_hash is zero");
    is_blob(r[0].hash, r[1].prev_hash, 32, "row 2 chains to row 1");
    is_blob(r[2].hash, r[3].prev_hash, 32, "row 4 chains to row 3");
    expected_hash(&r[1], want);
    is_blob(want, r[1].hash, 32, "hash follows the documented encoding");
    expected_hash(&r[3], want);
    is_blob(want, r[3].hash, 32, "an empty detail differs from none");
    ok(memcmp(r[0].hash, r[3].hash, 32) != 0, "distinct rows, distinct "
       "hashes");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "the chain verifies");

    /* Append-only, as far as SQL goes. */
    ok(raw_exec(db, "UPDATE audit SET status = 'approved' WHERE id = 2")
       != SQLITE_OK, "UPDATE of an audit row is refused");
    ok(strstr(sqlite3_errmsg(db), "append-only") != NULL,
       "by the trigger");
    ok(raw_exec(db, "DELETE FROM audit WHERE id = 4") != SQLITE_OK,
       "DELETE of an audit row is refused");
    is_int(4, raw_int(db, "SELECT count(*) FROM audit"), "rows intact");

    /* An attacker with the file drops the triggers. */
    is_int(SQLITE_OK, raw_exec(db, "DROP TRIGGER audit_no_update;"
                                   "DROP TRIGGER audit_no_delete;"),
           "the attacker drops the triggers");
    raw_exec(db, "UPDATE audit SET value_wei = '5000' WHERE id = 2");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "an edited value breaks the chain");
    is_int(2, bad, "at the edited row");

    raw_exec(db, "UPDATE audit SET value_wei = '5' WHERE id = 2");
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "restored, it verifies again");

    raw_exec(db, "UPDATE audit SET detail_json = NULL WHERE id = 3");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "a removed detail breaks the chain");
    is_int(3, bad, "at that row");
    raw_exec(db, "UPDATE audit SET detail_json = '{\"culprit\":0}' "
                 "WHERE id = 3");

    raw_exec(db, "UPDATE audit SET hash = zeroblob(32) WHERE id = 4");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "a replaced hash breaks the chain");
    is_int(4, bad, "at that row");
    raw_set_hash(db, 4, r[3].hash);
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "restored, it verifies again");

    /* Rewriting a row together with its own hash breaks the next link. */
    snprintf(r[1].value_wei, sizeof(r[1].value_wei), "5000");
    expected_hash(&r[1], want);
    raw_exec(db, "UPDATE audit SET value_wei = '5000' WHERE id = 2");
    raw_set_hash(db, 2, want);
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "a row rewritten with a fresh hash is still caught");
    is_int(3, bad, "at the next row, whose prev_hash no longer matches");

    /* A fresh chain to test deletion. */
    raw_exec(db, "DELETE FROM audit");
    make_audit(&r[0], "approved", "1", NULL);
    make_audit(&r[1], "approved", "2", NULL);
    make_audit(&r[2], "approved", "3", NULL);
    duetd_store_audit_append(s, &r[0]);
    duetd_store_audit_append(s, &r[1]);
    duetd_store_audit_append(s, &r[2]);
    is_int(DUETD_STORE_OK, duetd_store_audit_verify(s, NULL, &bad),
           "new chain verifies");
    raw_exec(db, "DELETE FROM audit WHERE id = 2");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "a deleted row breaks the chain");
    is_int(3, bad, "at the row after it");
    raw_exec(db, "DELETE FROM audit WHERE id = 1");
    is_int(DUETD_STORE_CONFLICT, duetd_store_audit_verify(s, NULL, &bad),
           "deleting the first rows is caught too");
    is_int(3, bad, "at the new first row");
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

    sqlite3_close(db);
    duetd_store_close(s2);
    duetd_store_close(s);

    test_prime_race(&cfg);

    free(dir);
    clean_tmpdir();
    test_tmpdir_free(tmpdir);
    return 0;
}
