/*
 * pool.c -- see pool.h.
 *
 * The supervisor handles no signal asynchronously: it blocks the signals it
 * cares about and collects them with sigtimedwait(), so all of its state
 * changes happen in one ordinary loop.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "prime_pool.h"
#include "session_table.h"
#include "pool.h"
#include "worker.h"


/* Abnormal exits within this window count towards the back-off. */
#define DUETD_CRASH_WINDOW     60
#define DUETD_CRASH_FREE       3    /* crashes respawned without delay */
#define DUETD_BACKOFF_MAX      30   /* seconds */
#define DUETD_RETIRING_MAX     (4 * DUETD_MAX_WORKERS)
#define DUETD_KEEPER_BACKOFF   5    /* seconds between keeper restarts */

struct duetd_slot {
    pid_t     pid;            /* 0 while not running              */
    time_t    not_before;     /* earliest respawn, monotonic s    */
    time_t    window_start;
    unsigned  crashes;
};

struct duetd_pool {
    struct duetd_config         cfg;        /* replaced on SIGHUP         */
    const struct timespec      *started;
    int                         listen_fd;
    struct duetd_slot           slots[DUETD_MAX_WORKERS];
    pid_t                       retiring[DUETD_RETIRING_MAX];
    int                         draining;
    time_t                      last_tick;
    struct duetd_table         *table;      /* shared, made before fork   */
    pid_t                       keeper;     /* prime keeper, 0 if none    */
    time_t                      keeper_not_before;
};


static time_t
duetd_now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}


static void
duetd_pool_spawn(struct duetd_pool *p, struct duetd_slot *s)
{
    pid_t  pid;

    pid = fork();
    if (pid < 0) {
        duetd_log_error("fork: %s", strerror(errno));
        s->not_before = duetd_now() + 1;
        return;
    }
    if (pid == 0) {
        duetd_worker_run(p->listen_fd, &p->cfg, p->started, p->table);
    }
    s->pid = pid;
    duetd_log_debug("worker %ld started", (long) pid);
}


static void
duetd_pool_fill(struct duetd_pool *p)
{
    time_t    now = duetd_now();
    unsigned  i;

    for (i = 0; i < p->cfg.workers && !p->draining; i++) {
        if (p->slots[i].pid == 0 && now >= p->slots[i].not_before) {
            duetd_pool_spawn(p, &p->slots[i]);
        }
    }
}


static void
duetd_pool_exited(struct duetd_pool *p, pid_t pid, int status)
{
    struct duetd_slot  *s = NULL;
    time_t              now, delay;
    unsigned            i, shift;

    if (pid == p->keeper) {
        p->keeper = 0;
        if (!p->draining && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
            /* A keeper that keeps failing (KMS down) must not spin. */
            duetd_log_warn("prime keeper %ld stopped (status 0x%x); "
                           "restarting it in %d s", (long) pid, status,
                           DUETD_KEEPER_BACKOFF);
            p->keeper_not_before = duetd_now() + DUETD_KEEPER_BACKOFF;
        }
        return;
    }
    for (i = 0; i < DUETD_RETIRING_MAX; i++) {
        if (p->retiring[i] == pid) {
            p->retiring[i] = 0;
            duetd_log_debug("old worker %ld exited", (long) pid);
            return;
        }
    }
    for (i = 0; i < p->cfg.workers; i++) {
        if (p->slots[i].pid == pid) {
            s = &p->slots[i];
            break;
        }
    }
    if (s == NULL) {
        return;
    }
    s->pid = 0;

    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        if (!p->draining) {
            duetd_log_info("worker %ld exited; replacing it", (long) pid);
        }
        return;
    }

    if (WIFSIGNALED(status)) {
        duetd_log_warn("worker %ld killed by signal %d; replacing it",
                       (long) pid, WTERMSIG(status));
    } else {
        duetd_log_warn("worker %ld exited with status %d; replacing it",
                       (long) pid, WEXITSTATUS(status));
    }

    now = duetd_now();
    if (now - s->window_start > DUETD_CRASH_WINDOW) {
        s->window_start = now;
        s->crashes = 0;
    }
    s->crashes++;
    if (s->crashes > DUETD_CRASH_FREE) {
        shift = s->crashes - DUETD_CRASH_FREE - 1;
        delay = (time_t) 1 << (shift < 5 ? shift : 5);
        if (delay > DUETD_BACKOFF_MAX) {
            delay = DUETD_BACKOFF_MAX;
        }
        s->not_before = now + delay;
        duetd_log_warn("%u crashes in %d s: next start in %ld s", s->crashes,
                       DUETD_CRASH_WINDOW, (long) delay);
    }
}


static unsigned
duetd_pool_reap(struct duetd_pool *p)
{
    pid_t     pid;
    int       status;
    unsigned  n = 0;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        duetd_pool_exited(p, pid, status);
        n++;
    }
    return n;
}


static unsigned
duetd_pool_live(const struct duetd_pool *p)
{
    unsigned  i, n = 0;

    for (i = 0; i < p->cfg.workers; i++) {
        n += p->slots[i].pid != 0;
    }
    for (i = 0; i < DUETD_RETIRING_MAX; i++) {
        n += p->retiring[i] != 0;
    }
    return n;
}


static void
duetd_pool_signal_all(const struct duetd_pool *p, int signo)
{
    unsigned  i;

    for (i = 0; i < p->cfg.workers; i++) {
        if (p->slots[i].pid != 0) {
            kill(p->slots[i].pid, signo);
        }
    }
    for (i = 0; i < DUETD_RETIRING_MAX; i++) {
        if (p->retiring[i] != 0) {
            kill(p->retiring[i], signo);
        }
    }
}


/*
 * SIGHUP: re-read the config file; new workers (as many as it now asks
 * for) take over at once and the old ones finish and leave.  The listening
 * socket stays open throughout, so no connection is refused.  A file that
 * does not validate changes nothing, as with nginx -s reload.
 */
static void
duetd_pool_replace(struct duetd_pool *p)
{
    struct duetd_config  fresh;
    unsigned             i, j = 0;

    if (duetd_options_reload(&fresh, &p->cfg) != 0) {
        duetd_log_error("configuration not reloaded: keeping the running "
                        "settings and workers");
        return;
    }

    for (i = 0; i < p->cfg.workers; i++) {
        if (p->slots[i].pid == 0) {
            continue;
        }
        while (j < DUETD_RETIRING_MAX && p->retiring[j] != 0) {
            j++;
        }
        if (j == DUETD_RETIRING_MAX) {
            duetd_log_warn("too many old workers still draining; "
                           "SIGHUP ignored for the rest");
            break;
        }
        p->retiring[j] = p->slots[i].pid;
        kill(p->slots[i].pid, SIGTERM);
        p->slots[i].pid = 0;
        p->slots[i].not_before = 0;
    }
    /* Fresh slots, crash counts included; a slot still holding a worker
     * (retiring list full) keeps it. */
    for (i = 0; i < DUETD_MAX_WORKERS; i++) {
        if (p->slots[i].pid == 0) {
            memset(&p->slots[i], 0, sizeof(p->slots[i]));
        }
    }

    /* Retired above under the old count; slots are filled under the new. */
    p->cfg = fresh;
    duetd_log_set_level(p->cfg.log_level);
    duetd_log_set_syslog(p->cfg.log_syslog);
    duetd_log_info("configuration reloaded; replacing workers with %u new "
                   "ones", p->cfg.workers);
    duetd_pool_fill(p);
    /* The keeper holds a copy of the old prime settings: the tick starts a
     * new one when this one has gone. */
    if (p->keeper != 0) {
        kill(p->keeper, SIGTERM);
    }
}


/*
 * Once a second, from the supervisor loop: periodic work that belongs to
 * the supervisor (the session table's expiry sweep, watching the prime
 * keeper).  Keep it short: signals wait while it runs.
 */
static void
duetd_pool_tick(struct duetd_pool *p)
{
    unsigned  wiped;

    wiped = duetd_table_sweep(p->table);
    if (wiped != 0) {
        duetd_log_debug("session sweep wiped %u sessions", wiped);
    }
    if (p->keeper == 0 && !p->draining
        && duetd_now() >= p->keeper_not_before)
    {
        p->keeper = duetd_prime_keeper_start(&p->cfg, p->listen_fd);
        if (p->keeper < 0) {
            p->keeper = 0;
            p->keeper_not_before = duetd_now() + DUETD_KEEPER_BACKOFF;
        }
    }
}


static int
duetd_pool_drain(struct duetd_pool *p, const sigset_t *set)
{
    struct timespec  wait = { 0, 100 * 1000 * 1000 };
    time_t           deadline;
    unsigned         left;

    p->draining = 1;
    duetd_log_info("draining %u workers (up to %u s)", duetd_pool_live(p),
                   p->cfg.drain_seconds);
    if (p->keeper != 0) {
        kill(p->keeper, SIGTERM);
    }
    duetd_pool_signal_all(p, SIGTERM);

    deadline = duetd_now() + (time_t) p->cfg.drain_seconds;
    for ( ;; ) {
        duetd_pool_reap(p);
        if (duetd_pool_live(p) == 0) {
            duetd_log_info("all workers drained");
            return 0;
        }
        if (duetd_now() >= deadline) {
            break;
        }
        (void) sigtimedwait(set, NULL, &wait);
    }

    left = duetd_pool_live(p);
    duetd_log_warn("%u workers still busy after %u s: killing them", left,
                   p->cfg.drain_seconds);
    duetd_pool_signal_all(p, SIGKILL);
    while (duetd_pool_live(p) != 0) {
        pid_t  pid;
        int    status;

        pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            break;
        }
        duetd_pool_exited(p, pid, status);
    }
    return 1;
}


int
duetd_pool_run(int listen_fd, const struct duetd_config *cfg,
    const struct timespec *started, struct duetd_table *table)
{
    static struct duetd_pool  pool;
    struct timespec           tick = { 1, 0 };
    sigset_t                  set;
    time_t                    now;
    int                       signo;

    memset(&pool, 0, sizeof(pool));
    pool.cfg = *cfg;
    pool.started = started;
    pool.listen_fd = listen_fd;
    pool.table = table;

    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) {
        duetd_log_error("sigprocmask: %s", strerror(errno));
        return 1;
    }

    duetd_pool_fill(&pool);

    for ( ;; ) {
        signo = sigtimedwait(&set, NULL, &tick);
        if (signo == SIGTERM || signo == SIGINT) {
            duetd_log_info("signal %d: shutting down", signo);
            return duetd_pool_drain(&pool, &set);
        }
        if (signo == SIGHUP) {
            duetd_pool_replace(&pool);
        }
        duetd_pool_reap(&pool);
        duetd_pool_fill(&pool);

        now = duetd_now();
        if (now != pool.last_tick) {
            pool.last_tick = now;
            duetd_pool_tick(&pool);
        }
    }
}
