/*
 * h_metrics.c -- GET /metrics: Prometheus text exposition (format 0.0.4)
 * of what an operator graphs and alerts on: sessions, the prime pool,
 * signers by status.  Nothing secret, nothing per signer.
 */

#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../log.h"
#include "../prime_pool.h"
#include "../session_table.h"
#include "../store.h"
#include "handlers.h"

struct duetd_text {
    char    buf[4096];
    size_t  len;
    int     bad;
};


static void
duetd_text_add(struct duetd_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
duetd_text_add(struct duetd_text *t, const char *fmt, ...)
{
    va_list  ap;
    int      n;

    va_start(ap, fmt);
    n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t) n >= sizeof(t->buf) - t->len) {
        t->bad = 1;
        return;
    }
    t->len += (size_t) n;
}


static void
duetd_metric(struct duetd_text *t, const char *name, const char *type,
    const char *help, unsigned long long v)
{
    duetd_text_add(t, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help,
                   name, type, name, v);
}


int
duetd_h_metrics(struct duetd_request *r, const struct duetd_app *app)
{
    static const char *const   statuses[] = {
        DUETD_SIGNER_PENDING, DUETD_SIGNER_ACTIVE, DUETD_SIGNER_PAUSED,
        DUETD_SIGNER_REVOKED, DUETD_SIGNER_FAILED
    };
    struct duetd_table_stats   ts;
    struct duetd_text          t;
    uint64_t                   counts[5];
    unsigned                   primes = 0;
    size_t                     j;
    int                        have_primes, have_signers;

    memset(&t, 0, sizeof(t));
    memset(counts, 0, sizeof(counts));
    duetd_table_stats(app->table, &ts);
    have_primes = duetd_prime_pool_size(app->store, app->cfg->level, &primes)
                  == 0;
    have_signers = 1;
    for (j = 0; j < 5 && have_signers; j++) {
        have_signers = duetd_store_signer_count(app->store, statuses[j],
                                                &counts[j]) == DUETD_STORE_OK;
    }

    duetd_metric(&t, "duetd_up", "gauge", "1 while duetd answers.", 1);
    duetd_metric(&t, "duetd_sessions_live", "gauge",
                 "Protocol sessions holding state.", ts.live);
    duetd_metric(&t, "duetd_sessions_capacity", "gauge",
                 "Slots of the session table.", ts.capacity);
    duetd_metric(&t, "duetd_sessions_created_total", "counter",
                 "Sessions created since boot.", ts.created);
    duetd_metric(&t, "duetd_sessions_expired_total", "counter",
                 "Sessions expired since boot.", ts.expired);
    duetd_metric(&t, "duetd_sessions_recovered_total", "counter",
                 "Session-table locks recovered from dead workers.",
                 ts.recovered);
    if (have_primes) {
        duetd_metric(&t, "duetd_prime_pool_size", "gauge",
                     "Safe primes ready for key creation.", primes);
    }
    duetd_metric(&t, "duetd_prime_pool_target", "gauge",
                 "Safe primes the pool keeps.", app->cfg->prime_target);
    if (have_signers) {
        duetd_text_add(&t, "# HELP duetd_signers Signers by status.\n"
                           "# TYPE duetd_signers gauge\n");
        for (j = 0; j < 5; j++) {
            duetd_text_add(&t, "duetd_signers{status=\"%s\"} %llu\n",
                           statuses[j], (unsigned long long) counts[j]);
        }
    }
    if (t.bad) {
        duetd_log_error("metrics text too long");
        return 500;
    }
    if (duetd_respond_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8",
                          t.buf, t.len) != 0)
    {
        duetd_log_warn("could not send metrics to nginx");
    }
    return 0;
}
