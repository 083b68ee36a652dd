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
 *
 * On a TCP socket the worker accepts itself and checks the peer against
 * fastcgi_allow before libfcgi reads a byte: libfcgi's own filter
 * (FCGI_WEB_SERVER_ADDRS) knows only IPv4 and lets every other family
 * through, and its request parser has had a heap overflow
 * (CVE-2025-23016) that only a peer can reach.  The checked connection is
 * handed to libfcgi as a connection it already holds: FCGX_Accept_r reads
 * from ipcFd when it is open and only calls accept() when it is not.  That
 * request is bound to no listening socket (-1), so if the connection dies
 * before a whole request, libfcgi's accept() fails with EBADF instead of
 * taking the next, unchecked, connection from the queue.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

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


/* Is listen_fd a TCP socket?  1, 0, or -1 (logged). */
static int
duetd_worker_is_tcp(int listen_fd)
{
    struct sockaddr_storage  ss;
    socklen_t                len = sizeof(ss);

    if (getsockname(listen_fd, (struct sockaddr *) &ss, &len) != 0) {
        duetd_log_error("getsockname: %s", strerror(errno));
        return -1;
    }
    return ss.ss_family == AF_INET || ss.ss_family == AF_INET6;
}


/*
 * Accept one TCP connection and keep it only if its peer is in
 * fastcgi_allow.  Returns the connection (blocking), or -errno; -EPERM
 * for a refused peer (logged, closed unanswered).
 */
static int
duetd_worker_accept_tcp(int listen_fd, const struct duetd_config *cfg)
{
    struct sockaddr_storage  ss;
    socklen_t                len = sizeof(ss);
    char                     peer[DUETD_SOCKADDR_TEXT_MAX];
    int                      fd, one = 1;

    fd = accept4(listen_fd, (struct sockaddr *) &ss, &len, SOCK_CLOEXEC);
    if (fd < 0) {
        return -errno;
    }
    if (!duetd_config_peer_allowed(cfg, (struct sockaddr *) &ss, len)) {
        duetd_sockaddr_format((struct sockaddr *) &ss, len, peer,
                              sizeof(peer));
        duetd_log_warn("refused a FastCGI connection from %s: not in "
                       "fastcgi_allow", peer);
        close(fd);
        return -EPERM;
    }
    /* Records are small and each is answered: no Nagle delay. */
    (void) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}


/* rc is -errno from an accept: worth a warning unless routine. */
static void
duetd_worker_accept_failed(int rc)
{
    /* EAGAIN: another worker took it; EPERM: refused, already logged. */
    if (rc != -EAGAIN && rc != -EWOULDBLOCK && rc != -EINTR
        && rc != -EPERM)
    {
        duetd_log_warn("FastCGI accept failed: %s", strerror(-rc));
    }
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
    int                  ep = -1, n, i, rc, conn, tcp, exit_code = 1;

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
    tcp = duetd_worker_is_tcp(listen_fd);
    if (tcp < 0) {
        goto out;
    }
    if (FCGX_Init() != 0
        || FCGX_InitRequest(&fcgx, tcp ? -1 : listen_fd, 0) != 0)
    {
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
            if (tcp) {
                conn = duetd_worker_accept_tcp(listen_fd, cfg);
                if (conn < 0) {
                    duetd_worker_accept_failed(conn);
                    continue;
                }
                fcgx.ipcFd = conn;
                /* Else the FCGX_Finish_r that opens FCGX_Accept_r would
                 * close it. */
                fcgx.keepConnection = 1;
            }
            rc = FCGX_Accept_r(&fcgx);
            if (rc < 0 && tcp) {
                /* The connection ended before a whole request; libfcgi
                 * closed it, then failed to accept (see the top). */
                duetd_log_debug("a FastCGI connection ended before a "
                                "request");
                continue;
            }
            if (rc < 0) {
                duetd_worker_accept_failed(rc);
                continue;
            }
            duetd_worker_serve(&fcgx, &app);
            if (tcp) {
                /* One request per connection, whatever FCGI_KEEP_CONN
                 * says: a kept connection would tie this worker to one
                 * nginx connection (and hold up SIGTERM) while other
                 * connections wait, and the next accept would overwrite
                 * it. */
                fcgx.keepConnection = 0;
            }
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
