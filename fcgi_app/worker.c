/*
 * worker.c -- see worker.h.
 *
 * libfcgi's accept loop cannot be woken by a signal without losing a request
 * (it retries accept() on EINTR and fails a read interrupted mid-request), so
 * the worker owns readiness itself: it waits in epoll on the listening socket
 * (EPOLLEXCLUSIVE: one worker woken per connection) and on a self-pipe the
 * SIGTERM handler writes to, and calls FCGX_Accept_r only when a connection
 * is pending.  The listening socket is non-blocking, so a worker that loses
 * the race for a connection gets -EAGAIN back and waits again.  Handlers are
 * installed with SA_RESTART so a signal never breaks the request in flight.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "chain.h"
#include "kms.h"
#include "log.h"
#include "request.h"
#include "router.h"
#include "store.h"
#include "worker.h"


static volatile sig_atomic_t  duetd_worker_stop;
static int                    duetd_worker_pipe[2] = { -1, -1 };


static void
duetd_worker_on_term(int signo)
{
    int  saved = errno;

    (void) signo;
    duetd_worker_stop = 1;
    (void) !write(duetd_worker_pipe[1], "x", 1);
    errno = saved;
}


static int
duetd_worker_signals(void)
{
    struct sigaction  sa;
    sigset_t          none;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = duetd_worker_on_term;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGTERM, &sa, NULL) != 0
        || sigaction(SIGINT, &sa, NULL) != 0)
    {
        return -1;
    }

    sa.sa_handler = SIG_IGN;
    sa.sa_flags = 0;
    if (sigaction(SIGHUP, &sa, NULL) != 0
        || sigaction(SIGPIPE, &sa, NULL) != 0)
    {
        return -1;
    }
    sa.sa_handler = SIG_DFL;
    if (sigaction(SIGCHLD, &sa, NULL) != 0) {
        return -1;
    }

    /* The supervisor blocks the signals it waits for; a worker takes them. */
    sigemptyset(&none);
    return sigprocmask(SIG_SETMASK, &none, NULL);
}


static void
duetd_worker_serve(FCGX_Request *fcgx, const struct duetd_app *app)
{
    struct duetd_request  r;
    int                   status;

    status = duetd_request_init(&r, fcgx);
    if (status != 0) {
        if (duetd_respond_error(&r, status, NULL,
                                status == 414 ? "request path too long"
                                              : "malformed request from nginx")
            != 0)
        {
            duetd_log_warn("could not answer a malformed request");
        }
        return;
    }
    duetd_router_dispatch(&r, app);
    duetd_log_debug("%s %s", r.method, r.path);
}


void
duetd_worker_run(int listen_fd, const struct duetd_config *cfg,
    const struct timespec *started, struct duetd_table *table)
{
    struct duetd_app     app;
    struct epoll_event   ev, events[2];
    FCGX_Request         fcgx;
    unsigned             served = 0;
    int                  ep = -1, n, i, rc, exit_code = 1;

    memset(&app, 0, sizeof(app));
    app.cfg = cfg;
    app.table = table;
    app.started = *started;

    /*
     * Die with the supervisor; keep worker memory out of core dumps; be
     * told apart from the supervisor's other children in ps and the tests.
     */
    if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0
        || prctl(PR_SET_DUMPABLE, 0) != 0
        || prctl(PR_SET_NAME, DUETD_WORKER_NAME) != 0)
    {
        duetd_log_error("prctl: %s", strerror(errno));
        goto out;
    }
    if (pipe2(duetd_worker_pipe, O_CLOEXEC | O_NONBLOCK) != 0
        || duetd_worker_signals() != 0)
    {
        duetd_log_error("signal set-up: %s", strerror(errno));
        goto out;
    }
    if (duetd_store_open(cfg, &app.store) != 0
        || duetd_kms_open(cfg, &app.kms) != 0
        || duetd_chain_open(cfg, &app.chain) != 0)
    {
        goto out;
    }
    if (FCGX_Init() != 0 || FCGX_InitRequest(&fcgx, listen_fd, 0) != 0) {
        duetd_log_error("libfcgi initialisation failed");
        goto out;
    }

    ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) {
        duetd_log_error("epoll_create1: %s", strerror(errno));
        goto out;
    }
    memset(&ev, 0, sizeof(ev));
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    ev.data.fd = listen_fd;
    if (epoll_ctl(ep, EPOLL_CTL_ADD, listen_fd, &ev) != 0) {
        duetd_log_error("epoll_ctl: %s", strerror(errno));
        goto out;
    }
    ev.events = EPOLLIN;
    ev.data.fd = duetd_worker_pipe[0];
    if (epoll_ctl(ep, EPOLL_CTL_ADD, duetd_worker_pipe[0], &ev) != 0) {
        duetd_log_error("epoll_ctl: %s", strerror(errno));
        goto out;
    }

    duetd_log_debug("worker ready");

    while (!duetd_worker_stop) {
        n = epoll_wait(ep, events, 2, -1);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            duetd_log_error("epoll_wait: %s", strerror(errno));
            goto out;
        }
        for (i = 0; i < n && !duetd_worker_stop; i++) {
            if (events[i].data.fd != listen_fd) {
                continue;
            }
            rc = FCGX_Accept_r(&fcgx);
            if (rc < 0) {
                if (rc != -EAGAIN && rc != -EWOULDBLOCK && rc != -EINTR) {
                    duetd_log_warn("FastCGI accept failed: %s",
                                   strerror(-rc));
                }
                continue;
            }
            duetd_worker_serve(&fcgx, &app);
            FCGX_Finish_r(&fcgx);

            if (cfg->max_requests != 0 && ++served >= cfg->max_requests) {
                duetd_log_info("recycling after %u requests", served);
                exit_code = 0;
                goto out;
            }
        }
    }

    exit_code = 0;
out:
    if (ep >= 0) {
        close(ep);
    }
    duetd_chain_close(app.chain);
    duetd_kms_destroy(app.kms);
    duetd_store_close(app.store);
    _exit(exit_code);
}
