/*
 * main.c -- duetd: read the settings, set up as root if need be (data
 * directory, socket), drop to the service user, prepare the shared state,
 * then hand over to the supervisor.  The listening socket is created from
 * cfg.listen_path (a unix path, or a TCP address for a fleet) or inherited
 * from systemd (LISTEN_FDS, fd 3).  On TCP, fastcgi_allow is mandatory:
 * the workers refuse any other peer (worker.c).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "duet.h"
#include "kms.h"
#include "log.h"
#include "options.h"
#include "pool.h"
#include "session_table.h"
#include "store.h"

#define DUETD_LISTEN_BACKLOG  128
#define DUETD_LISTEN_FDS_START  3       /* sd_listen_fds(3)              */


/* mkdir -p: missing parents get 0755, the last component gets mode. */
static int
duetd_mkdirs(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
    char    buf[PATH_MAX];
    char   *p;
    size_t  n;

    n = strlen(path);
    if (n == 0 || n >= sizeof(buf)) {
        duetd_log_error("bad directory path '%s'", path);
        return -1;
    }
    memcpy(buf, path, n + 1);
    while (n > 1 && buf[n - 1] == '/') {
        buf[--n] = '\0';
    }

    for (p = buf + 1; ; p++) {
        int  last = *p == '\0';

        if (*p != '/' && !last) {
            continue;
        }
        *p = '\0';
        if (mkdir(buf, 0700) == 0) {
            /* chmod, not mkdir's mode: the process umask is 077. */
            if (chmod(buf, last ? mode : 0755) != 0
                || (last && uid != (uid_t) -1 && chown(buf, uid, gid) != 0))
            {
                duetd_log_error("set owner/mode of %s: %s", buf,
                                strerror(errno));
                return -1;
            }
        } else if (errno != EEXIST) {
            duetd_log_error("cannot create %s: %s", buf, strerror(errno));
            return -1;
        }
        if (last) {
            break;
        }
        *p = '/';
    }
    return 0;
}


static int
duetd_socket_dir(const char *socket_path, char *dir, size_t size)
{
    const char  *slash = strrchr(socket_path, '/');
    size_t       n = (size_t) (slash - socket_path);

    if (n == 0) {
        n = 1;
    }
    if (n >= size) {
        return -1;
    }
    memcpy(dir, socket_path, n);
    dir[n] = '\0';
    return 0;
}


/*
 * Create the listening unix socket.  A stale socket file left by a crashed
 * run is replaced; a live one (something accepts on it) is an error.
 */
static int
duetd_listen(const struct duetd_config *cfg, gid_t group)
{
    struct sockaddr_un  sa;
    struct stat         st;
    int                 fd = -1, probe;

    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    if (strlen(cfg->listen_path) >= sizeof(sa.sun_path)) {
        duetd_log_error("socket path too long (max %zu): %s",
                        sizeof(sa.sun_path) - 1, cfg->listen_path);
        return -1;
    }
    strcpy(sa.sun_path, cfg->listen_path);

    if (lstat(cfg->listen_path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            duetd_log_error("%s exists and is not a socket",
                            cfg->listen_path);
            return -1;
        }
        probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (probe >= 0
            && connect(probe, (struct sockaddr *) &sa, sizeof(sa)) == 0)
        {
            close(probe);
            duetd_log_error("%s is in use by another process",
                            cfg->listen_path);
            return -1;
        }
        if (probe >= 0) {
            close(probe);
        }
        if (unlink(cfg->listen_path) != 0) {
            duetd_log_error("cannot remove stale %s: %s", cfg->listen_path,
                            strerror(errno));
            return -1;
        }
    }

    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        duetd_log_error("socket: %s", strerror(errno));
        return -1;
    }
    if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) != 0) {
        duetd_log_error("bind %s: %s", cfg->listen_path, strerror(errno));
        goto fail;
    }
    if (chmod(cfg->listen_path, cfg->socket_mode) != 0
        || (group != (gid_t) -1
            && chown(cfg->listen_path, (uid_t) -1, group) != 0))
    {
        duetd_log_error("set owner/mode of %s: %s", cfg->listen_path,
                        strerror(errno));
        goto fail;
    }
    if (listen(fd, DUETD_LISTEN_BACKLOG) != 0) {
        duetd_log_error("listen %s: %s", cfg->listen_path, strerror(errno));
        goto fail;
    }
    return fd;

fail:
    close(fd);
    (void) unlink(cfg->listen_path);
    return -1;
}


/*
 * Create the listening TCP socket of cfg->listen_addr.  SO_REUSEADDR so a
 * restart does not wait out TIME_WAIT; an [IPV6] address keeps the
 * system's dual-stack default ([::] also takes IPv4, whose peers then
 * appear as ::ffff:a.b.c.d, which fastcgi_allow matches as IPv4).
 */
static int
duetd_listen_tcp(const struct duetd_config *cfg)
{
    const struct sockaddr  *sa;
    int                     fd, one = 1;

    sa = (const struct sockaddr *) (const void *) &cfg->listen_addr;
    fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                0);
    if (fd < 0) {
        duetd_log_error("socket for %s: %s", cfg->listen_path,
                        strerror(errno));
        return -1;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0) {
        duetd_log_error("SO_REUSEADDR on %s: %s", cfg->listen_path,
                        strerror(errno));
        goto fail;
    }
    if (bind(fd, sa, cfg->listen_addrlen) != 0) {
        duetd_log_error("bind %s: %s", cfg->listen_path, strerror(errno));
        goto fail;
    }
    if (listen(fd, DUETD_LISTEN_BACKLOG) != 0) {
        duetd_log_error("listen %s: %s", cfg->listen_path, strerror(errno));
        goto fail;
    }
    return fd;

fail:
    close(fd);
    return -1;
}


/*
 * Look at the inherited socket's family: a TCP socket needs fastcgi_allow
 * as much as one we create.  Sets cfg->listen_tcp and writes the address
 * into name.  Returns 0, or -1 (logged).
 */
static int
duetd_inherited_family(int fd, struct duetd_config *cfg, char *name,
    size_t size)
{
    struct sockaddr_storage  ss;
    socklen_t                len = sizeof(ss);

    if (getsockname(fd, (struct sockaddr *) &ss, &len) != 0) {
        duetd_log_error("LISTEN_FDS: fd %d: %s", fd, strerror(errno));
        return -1;
    }
    duetd_sockaddr_format((struct sockaddr *) &ss, len, name, size);
    if (ss.ss_family == AF_UNIX) {
        cfg->listen_tcp = 0;
        return 0;
    }
    if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) {
        duetd_log_error("LISTEN_FDS: fd %d is neither a unix nor a TCP "
                        "socket", fd);
        return -1;
    }
    cfg->listen_tcp = 1;
    if (cfg->nfastcgi_allow == 0) {
        duetd_log_error("inherited fd %d (%s) is a TCP socket: set "
                        "fastcgi_allow to the nginx hosts' addresses", fd,
                        name);
        return -1;
    }
    return 0;
}


static int
duetd_drop_privileges(const struct passwd *pw)
{
    if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0
        || setuid(pw->pw_uid) != 0)
    {
        duetd_log_error("cannot switch to user %s: %s", pw->pw_name,
                        strerror(errno));
        return -1;
    }
    if (setuid(0) == 0) {
        duetd_log_error("privileges could be regained after dropping them");
        return -1;
    }
    return 0;
}


/*
 * A listening socket handed over by systemd (or anything that follows
 * sd_listen_fds(3)): LISTEN_PID is ours and LISTEN_FDS >= 1.  Returns the
 * fd (3), -1 when none was passed, -2 on an error (logged).  The variables
 * are removed either way so that nothing we start inherits them.
 */
static int
duetd_inherited_socket(void)
{
    const char     *pid_s, *fds_s;
    char           *end;
    unsigned long   pid, nfds;
    socklen_t       len;
    int             fd = DUETD_LISTEN_FDS_START, v, flags;

    pid_s = getenv("LISTEN_PID");
    fds_s = getenv("LISTEN_FDS");
    if (pid_s == NULL || fds_s == NULL) {
        return -1;
    }
    errno = 0;
    pid = strtoul(pid_s, &end, 10);
    if (errno != 0 || *end != '\0' || pid != (unsigned long) getpid()) {
        /* Meant for another process (a parent that did not clean up). */
        return -1;
    }
    errno = 0;
    nfds = strtoul(fds_s, &end, 10);
    (void) unsetenv("LISTEN_PID");
    (void) unsetenv("LISTEN_FDS");
    (void) unsetenv("LISTEN_FDNAMES");
    if (errno != 0 || *end != '\0' || fds_s[0] == '\0') {
        duetd_log_error("LISTEN_FDS: '%s' is not a number", fds_s);
        return -2;
    }
    if (nfds == 0) {
        return -1;
    }
    if (nfds > 1) {
        duetd_log_warn("%lu sockets passed; using fd %d only", nfds, fd);
    }

    v = 0;
    len = sizeof(v);
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) != 0) {
        duetd_log_error("LISTEN_FDS: fd %d: %s", fd, strerror(errno));
        return -2;
    }
    if (!v) {
        duetd_log_error("LISTEN_FDS: fd %d is not listening", fd);
        return -2;
    }
    len = sizeof(v);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len) != 0
        || v != SOCK_STREAM)
    {
        duetd_log_error("LISTEN_FDS: fd %d is not a stream socket", fd);
        return -2;
    }
    /* Workers wait in epoll and must never block in accept(). */
    flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0
        || fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)
    {
        duetd_log_error("LISTEN_FDS: fd %d: %s", fd, strerror(errno));
        return -2;
    }
    return fd;
}


/*
 * --check-config: the settings are valid as values (the parser checked);
 * check what needs the system too, then print them.  Returns the exit
 * code.
 */
static int
duetd_check_config(const struct duetd_config *cfg)
{
    int  rc = 0;

    if (cfg->user != NULL && getpwnam(cfg->user) == NULL) {
        fprintf(stderr, "duetd: user: no such user '%s'\n", cfg->user);
        rc = 1;
    }
    if (cfg->socket_group != NULL && getgrnam(cfg->socket_group) == NULL) {
        fprintf(stderr, "duetd: socket_group: no such group '%s'\n",
                cfg->socket_group);
        rc = 1;
    }
    if (!cfg->listen_tcp && cfg->nfastcgi_allow > 0) {
        fprintf(stderr, "duetd: fastcgi_allow: ignored on a unix socket "
                "(unless systemd passes a TCP one)\n");
    }
    duetd_options_print(cfg, stdout);
    if (fflush(stdout) != 0) {
        rc = 1;
    }
    return rc;
}


/*
 * Prepare shared state: everything the workers inherit, or need in place
 * before the first fork (store schema, KMS key material; later the session
 * table and the prime keeper).  Runs after the privilege drop, as the
 * service user.  Returns 0 or -1 (logged).
 */
static int
duetd_prepare_shared(const struct duetd_config *cfg,
    struct duetd_table **table)
{
    struct duetd_table_params  tp;

    /* Once, before any fork or thread: workers speak JSON-RPC and fetch
     * prices over libcurl whatever the KMS backend. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        duetd_log_error("libcurl failed to initialise");
        return -1;
    }
    if (duetd_store_prepare(cfg) != 0 || duetd_kms_prepare(cfg) != 0) {
        return -1;
    }
    memset(&tp, 0, sizeof(tp));
    tp.capacity = cfg->session_capacity;
    tp.slot_bytes = cfg->session_slot_bytes;
    tp.ttl = cfg->session_ttl;
    tp.idle = cfg->session_idle;
    tp.node_tag = cfg->node_tag;
    return duetd_table_create(table, &tp) == DUETD_TABLE_OK ? 0 : -1;
}


int
main(int argc, char **argv)
{
    struct duetd_config   cfg;
    struct passwd        *pw = NULL;
    struct group         *gr;
    struct timespec       started;
    char                  sockdir[PATH_MAX];
    char                  inherited[DUETD_SOCKADDR_TEXT_MAX];
    uid_t                 uid = (uid_t) -1;
    gid_t                 gid = (gid_t) -1, sgid = (gid_t) -1;
    struct duetd_table   *table = NULL;
    int                   fd = -1, rc = 1, check_only = 0;

    if (duetd_options_parse(&cfg, &check_only, argc, argv) != 0) {
        return check_only ? 1 : 2;
    }
    if (check_only) {
        return duetd_check_config(&cfg);
    }
    duetd_log_set_level(cfg.log_level);
    duetd_log_set_syslog(cfg.log_syslog);
    umask(077);

    fd = duetd_inherited_socket();
    if (fd == -2) {
        return 1;
    }
    if (fd >= 0) {
        /* Path, mode and group are the socket unit's business. */
        cfg.listen_path = NULL;
        if (duetd_inherited_family(fd, &cfg, inherited, sizeof(inherited))
            != 0)
        {
            close(fd);
            return 2;
        }
    }
    if (!cfg.listen_tcp && cfg.nfastcgi_allow > 0) {
        duetd_log_warn("fastcgi_allow is ignored on a unix socket: its "
                       "mode and group decide who connects");
    }

    /* libcurl (Vault) brings GnuTLS, which installs its own GMP hooks. */
    if (duet_init_displacing() != 0) {
        duetd_log_error("libduet initialisation failed");
        goto out;
    }

    if (cfg.user != NULL) {
        pw = getpwnam(cfg.user);
        if (pw == NULL) {
            duetd_log_error("user: no such user '%s'", cfg.user);
            rc = 2;
            goto out;
        }
        if (geteuid() != 0 && pw->pw_uid != geteuid()) {
            duetd_log_error("user %s needs root; already running as uid %ld",
                            cfg.user, (long) geteuid());
            rc = 2;
            goto out;
        }
        if (geteuid() == 0) {
            uid = pw->pw_uid;
            gid = pw->pw_gid;
        }
    } else if (geteuid() == 0) {
        duetd_log_error("refusing to run as root: set user (or --user)");
        rc = 2;
        goto out;
    }
    if (cfg.socket_group != NULL && cfg.listen_path != NULL
        && !cfg.listen_tcp)
    {
        gr = getgrnam(cfg.socket_group);
        if (gr == NULL) {
            duetd_log_error("socket_group: no such group '%s'",
                            cfg.socket_group);
            rc = 2;
            goto out;
        }
        sgid = gr->gr_gid;
    }

    if (duetd_mkdirs(cfg.data_dir, 0700, uid, gid) != 0) {
        goto out;
    }
    if (cfg.listen_path != NULL && cfg.listen_tcp) {
        fd = duetd_listen_tcp(&cfg);
        if (fd < 0) {
            goto out;
        }
    } else if (cfg.listen_path != NULL) {
        if (duetd_socket_dir(cfg.listen_path, sockdir, sizeof(sockdir)) != 0
            || duetd_mkdirs(sockdir, 0755, uid, gid) != 0)
        {
            goto out;
        }
        fd = duetd_listen(&cfg, sgid);
        if (fd < 0) {
            goto out;
        }
    }
    if (pw != NULL && geteuid() == 0 && duetd_drop_privileges(pw) != 0) {
        goto out;
    }
    if (duetd_prepare_shared(&cfg, &table) != 0) {
        goto out;
    }

    clock_gettime(CLOCK_MONOTONIC, &started);
    if (cfg.listen_path != NULL) {
        duetd_log_info("duetd %s listening on %s%s with %u workers, data in "
                       "%s", PACKAGE_VERSION, cfg.listen_path,
                       cfg.listen_tcp ? " (TCP)" : "", cfg.workers,
                       cfg.data_dir);
    } else {
        duetd_log_info("duetd %s listening on inherited fd %d (%s) with %u "
                       "workers, data in %s", PACKAGE_VERSION, fd, inherited,
                       cfg.workers, cfg.data_dir);
    }
    if (cfg.listen_tcp) {
        duetd_log_info("FastCGI peers allowed: %zu address%s "
                       "(fastcgi_allow)", cfg.nfastcgi_allow,
                       cfg.nfastcgi_allow == 1 ? "" : "es");
    }

    rc = duetd_pool_run(fd, &cfg, &started, table);

out:
    if (fd >= 0) {
        close(fd);
    }
    /* Only a socket file we created is ours to remove. */
    if (fd >= 0 && cfg.listen_path != NULL && !cfg.listen_tcp
        && unlink(cfg.listen_path) != 0 && errno != ENOENT)
    {
        duetd_log_warn("cannot remove %s: %s", cfg.listen_path,
                       strerror(errno));
    }
    duetd_table_destroy(table);
    duetd_log_info("exiting with status %d", rc);
    return rc;
}
