/*
 * store.h -- durable state.  At this stage: the SQLite file under the data
 * directory, its schema version, and a health probe.  Later issues add the
 * tables (users, signers, audit, policies) and the PostgreSQL backend behind
 * the same interface.
 */

#ifndef DUETD_STORE_H
#define DUETD_STORE_H

#define DUETD_STORE_FILE            "duet.sqlite3"
#define DUETD_STORE_SCHEMA_VERSION  1

struct duetd_store;

/*
 * Create the database if missing and bring its schema up to date.  Run once
 * in the supervisor before any worker forks; opens and closes its own
 * connection (a SQLite connection must never cross a fork).
 * Returns: 0, or -1 after logging why.
 */
int duetd_store_prepare(const char *data_dir);

/*
 * Open this process's connection.  Call in each worker after fork.
 * Returns: 0 with *out, or -1 after logging why.
 */
int duetd_store_open(const char *data_dir, struct duetd_store **out);

/*
 * Probe that the store answers and is writable.
 * Returns: 0 if healthy, -1 otherwise (logged).
 */
int duetd_store_ping(struct duetd_store *s);

void duetd_store_close(struct duetd_store *s);

#endif /* DUETD_STORE_H */
