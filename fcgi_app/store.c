/*
 * store.c -- see store.h.  SQLite backend.
 */

#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"


#define DUETD_STORE_BUSY_MS  5000

struct duetd_store {
    sqlite3  *db;
};


static int
duetd_store_path(char *path, size_t size, const char *data_dir)
{
    int  n;

    n = snprintf(path, size, "%s/%s", data_dir, DUETD_STORE_FILE);
    if (n < 0 || (size_t) n >= size) {
        duetd_log_error("data directory path too long: %s", data_dir);
        return -1;
    }
    return 0;
}


static int
duetd_store_connect(const char *data_dir, int flags, sqlite3 **out)
{
    char     path[PATH_MAX];
    sqlite3 *db = NULL;
    int      rc;

    *out = NULL;
    if (duetd_store_path(path, sizeof(path), data_dir) != 0) {
        return -1;
    }
    rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOFOLLOW, NULL);
    if (rc != SQLITE_OK) {
        duetd_log_error("cannot open %s: %s", path,
                        db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, DUETD_STORE_BUSY_MS);
    sqlite3_extended_result_codes(db, 1);
    *out = db;
    return 0;
}


static int
duetd_store_exec(sqlite3 *db, const char *sql)
{
    char  *err = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        duetd_log_error("store: %s", err ? err : sqlite3_errmsg(db));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}


static int
duetd_store_user_version(sqlite3 *db, int *version)
{
    sqlite3_stmt  *st = NULL;
    int            r = -1;

    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL)
        != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
    {
        duetd_log_error("store: %s", sqlite3_errmsg(db));
        goto out;
    }
    *version = sqlite3_column_int(st, 0);
    r = 0;
out:
    sqlite3_finalize(st);
    return r;
}


int
duetd_store_prepare(const char *data_dir)
{
    sqlite3  *db = NULL;
    int       version, r = -1;

    if (duetd_store_connect(data_dir,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db)
        != 0)
    {
        return -1;
    }
    if (duetd_store_exec(db, "PRAGMA journal_mode=WAL") != 0
        || duetd_store_user_version(db, &version) != 0)
    {
        goto out;
    }
    if (version > DUETD_STORE_SCHEMA_VERSION) {
        duetd_log_error("store schema version %d is newer than this duetd "
                        "understands (%d)", version,
                        DUETD_STORE_SCHEMA_VERSION);
        goto out;
    }
    if (version < 1
        && duetd_store_exec(db,
               "BEGIN IMMEDIATE;"
               "CREATE TABLE IF NOT EXISTS meta ("
               "  key TEXT PRIMARY KEY NOT NULL,"
               "  value TEXT NOT NULL);"
               "INSERT OR IGNORE INTO meta(key, value)"
               "  VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ','now'));"
               "PRAGMA user_version = 1;"
               "COMMIT;") != 0)
    {
        goto out;
    }
    r = 0;
out:
    sqlite3_close(db);
    return r;
}


int
duetd_store_open(const char *data_dir, struct duetd_store **out)
{
    struct duetd_store  *s;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        duetd_log_error("out of memory");
        return -1;
    }
    if (duetd_store_connect(data_dir, SQLITE_OPEN_READWRITE, &s->db) != 0) {
        free(s);
        return -1;
    }
    *out = s;
    return 0;
}


int
duetd_store_ping(struct duetd_store *s)
{
    /* BEGIN IMMEDIATE takes the write lock: proves the file is writable. */
    if (s == NULL || duetd_store_exec(s->db, "BEGIN IMMEDIATE") != 0) {
        return -1;
    }
    return duetd_store_exec(s->db, "ROLLBACK");
}


void
duetd_store_close(struct duetd_store *s)
{
    if (s == NULL) {
        return;
    }
    sqlite3_close(s->db);
    free(s);
}
