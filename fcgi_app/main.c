/*
 * main.c -- duetd: set up as root if need be (data directory, socket), drop
 * to the service user, prepare the store and the KMS, then hand over to the
 * supervisor.
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
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "duet.h"
#include "kms_file.h"
#include "log.h"
#include "options.h"
#include "pool.h"
#include "store.h"

#define DUETD_LISTEN_BACKLOG  128


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


int
main(int argc, char **argv)
{
    struct duetd_config   cfg;
    struct passwd        *pw = NULL;
    struct group         *gr;
    struct timespec       started;
    char                  sockdir[PATH_MAX];
    uid_t                 uid = (uid_t) -1;
    gid_t                 gid = (gid_t) -1, sgid = (gid_t) -1;
    int                   fd = -1, rc = 1;

    if (duetd_options_parse(&cfg, argc, argv) != 0) {
        return 2;
    }
    duetd_log_set_level(cfg.log_level);
    umask(077);

    if (duet_init() != 0) {
        duetd_log_error("libduet initialisation failed");
        return 1;
    }

    if (cfg.user != NULL) {
        pw = getpwnam(cfg.user);
        if (pw == NULL) {
            duetd_log_error("--user: no such user '%s'", cfg.user);
            return 2;
        }
        if (geteuid() != 0 && pw->pw_uid != geteuid()) {
            duetd_log_error("--user %s needs root; already running as uid %ld",
                            cfg.user, (long) geteuid());
            return 2;
        }
        if (geteuid() == 0) {
            uid = pw->pw_uid;
            gid = pw->pw_gid;
        }
    } else if (geteuid() == 0) {
        duetd_log_error("refusing to run as root: pass --user USER");
        return 2;
    }
    if (cfg.socket_group != NULL) {
        gr = getgrnam(cfg.socket_group);
        if (gr == NULL) {
            duetd_log_error("--socket-group: no such group '%s'",
                            cfg.socket_group);
            return 2;
        }
        sgid = gr->gr_gid;
    }

    if (duetd_mkdirs(cfg.data_dir, 0700, uid, gid) != 0
        || duetd_socket_dir(cfg.listen_path, sockdir, sizeof(sockdir)) != 0
        || duetd_mkdirs(sockdir, 0755, uid, gid) != 0)
    {
        return 1;
    }

    fd = duetd_listen(&cfg, sgid);
    if (fd < 0) {
        return 1;
    }
    if (pw != NULL && geteuid() == 0 && duetd_drop_privileges(pw) != 0) {
        goto out;
    }
    if (duetd_store_prepare(cfg.data_dir) != 0
        || duetd_kms_file_prepare(cfg.data_dir) != 0)
    {
        goto out;
    }

    clock_gettime(CLOCK_MONOTONIC, &started);
    duetd_log_info("duetd %s listening on %s with %u workers, data in %s",
                   PACKAGE_VERSION, cfg.listen_path, cfg.workers,
                   cfg.data_dir);

    rc = duetd_pool_run(fd, &cfg, &started);

out:
    close(fd);
    if (unlink(cfg.listen_path) != 0 && errno != ENOENT) {
        duetd_log_warn("cannot remove %s: %s", cfg.listen_path,
                       strerror(errno));
    }
    duetd_log_info("exiting with status %d", rc);
    return rc;
}
