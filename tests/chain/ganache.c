/*
 * ganache.c -- see ganache.h.
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ganache.h"

static pid_t  ganache_pid = -1;


int
ganache_available(const char *top_srcdir, char *why, size_t whylen)
{
    char  path[4096];

    if (system("node --version >/dev/null 2>&1") != 0) {
        snprintf(why, whylen, "node is not installed");
        return 0;
    }
    snprintf(path, sizeof(path), "%s/tests/chain/node_modules/ganache/"
             "package.json", top_srcdir);
    if (access(path, R_OK) != 0) {
        snprintf(why, whylen, "tests/chain/node_modules is missing"
                 " (scripts/bootstrap runs npm ci there)");
        return 0;
    }
    return 1;
}


void
ganache_stop(void)
{
    if (ganache_pid > 0) {
        (void) kill(ganache_pid, SIGTERM);
        (void) waitpid(ganache_pid, NULL, 0);
        ganache_pid = -1;
    }
}


int
ganache_start(const char *top_srcdir, const char *dir)
{
    static int  registered;
    char        launcher[4096], portfile[4096], buf[32];
    FILE       *fp;
    int         i, port, null;

    snprintf(launcher, sizeof(launcher), "%s/tests/chain/ganache-run",
             top_srcdir);
    snprintf(portfile, sizeof(portfile), "%s/ganache.port", dir);
    (void) unlink(portfile);
    fflush(stdout);
    fflush(stderr);
    if ((ganache_pid = fork()) < 0) {
        return -1;
    }
    if (ganache_pid == 0) {
        null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, 1) < 0) {
            _exit(127);
        }
        execlp("node", "node", launcher, "--port-file", portfile,
               (char *) NULL);
        _exit(127);
    }
    if (!registered) {
        registered = 1;
        atexit(ganache_stop);
    }
    for (i = 0; i < 600; i++) {
        if ((fp = fopen(portfile, "r")) != NULL) {
            if (fgets(buf, sizeof(buf), fp) != NULL) {
                fclose(fp);
                (void) unlink(portfile);
                port = atoi(buf);
                return port > 0 ? port : -1;
            }
            fclose(fp);
        }
        if (waitpid(ganache_pid, NULL, WNOHANG) == ganache_pid) {
            ganache_pid = -1;
            return -1;
        }
        usleep(100000);
    }
    ganache_stop();
    return -1;
}


int
chain_run(char *const argv[], char *out, size_t size)
{
    int      fds[2], status;
    size_t   n = 0;
    ssize_t  r;
    pid_t    pid;

    if (pipe(fds) != 0) {
        return -1;
    }
    fflush(stdout);
    if ((pid = fork()) < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        if (dup2(fds[1], 1) < 0) {
            _exit(127);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    while (n < size - 1 && (r = read(fds[0], out + n, size - 1 - n)) > 0) {
        n += (size_t) r;
    }
    out[n] = '\0';
    close(fds[0]);
    if (waitpid(pid, &status, 0) != pid) {
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
