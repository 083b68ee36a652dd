/*
 * options.c -- see options.h.  The --help text is generated from the same
 * table getopt_long reads, so the two cannot drift apart.
 */

#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"


enum {
    OPT_LISTEN = 'l',
    OPT_WORKERS = 'w',
    OPT_DATA_DIR = 'd',
    OPT_USER = 'u',
    OPT_HELP = 'h',
    OPT_VERSION = 'V',
    OPT_SOCKET_MODE = 256,
    OPT_SOCKET_GROUP,
    OPT_MAX_REQUESTS,
    OPT_DRAIN,
    OPT_LOG_LEVEL
};

struct duetd_option_doc {
    struct option  opt;
    const char    *metavar;
    const char    *help;
};

static const struct duetd_option_doc  duetd_option_docs[] = {
    { { "listen", required_argument, NULL, OPT_LISTEN }, "PATH",
      "unix socket to listen on [" DUETD_DEFAULT_LISTEN "]" },
    { { "socket-mode", required_argument, NULL, OPT_SOCKET_MODE }, "MODE",
      "octal permissions of the socket [0660]" },
    { { "socket-group", required_argument, NULL, OPT_SOCKET_GROUP }, "GROUP",
      "group owning the socket, e.g. nginx's www-data [unchanged]" },
    { { "user", required_argument, NULL, OPT_USER }, "USER",
      "user to run as; required when started as root" },
    { { "data-dir", required_argument, NULL, OPT_DATA_DIR }, "DIR",
      "SQLite store and local-file KMS live here; created if missing ["
      DUETD_DEFAULT_DATA_DIR "]" },
    { { "workers", required_argument, NULL, OPT_WORKERS }, "N",
      "worker processes, 1-256 [4]" },
    { { "max-requests", required_argument, NULL, OPT_MAX_REQUESTS }, "N",
      "recycle a worker after N requests, 0 = never [10000]" },
    { { "drain-timeout", required_argument, NULL, OPT_DRAIN }, "SECONDS",
      "on SIGTERM, wait this long for requests in flight [10]" },
    { { "log-level", required_argument, NULL, OPT_LOG_LEVEL }, "LEVEL",
      "error, warn, info or debug [info]" },
    { { "help", no_argument, NULL, OPT_HELP }, NULL,
      "print this help and exit" },
    { { "version", no_argument, NULL, OPT_VERSION }, NULL,
      "print the version and exit" },
};

#define DUETD_NOPTIONS \
    (sizeof(duetd_option_docs) / sizeof(duetd_option_docs[0]))


static void
duetd_usage(FILE *out)
{
    size_t  i;
    char    left[48];

    fprintf(out,
        "Usage: duetd [OPTION]...\n"
        "duet's FastCGI application pool: a supervisor that forks workers\n"
        "answering nginx over a unix socket.\n\n"
        "Signals: SIGTERM/SIGINT drain and exit, SIGHUP replaces the workers.\n\n");

    for (i = 0; i < DUETD_NOPTIONS; i++) {
        const struct duetd_option_doc *d = &duetd_option_docs[i];

        if (d->opt.val < 256) {
            snprintf(left, sizeof(left), "-%c, --%s%s%s", d->opt.val,
                     d->opt.name, d->metavar ? " " : "",
                     d->metavar ? d->metavar : "");
        } else {
            snprintf(left, sizeof(left), "    --%s%s%s", d->opt.name,
                     d->metavar ? " " : "", d->metavar ? d->metavar : "");
        }
        fprintf(out, "  %-28s %s\n", left, d->help);
    }
}


static int
duetd_parse_uint(const char *name, const char *s, unsigned long min,
    unsigned long max, int base, unsigned long *out)
{
    char           *end;
    unsigned long   v;

    errno = 0;
    v = strtoul(s, &end, base);
    if (s[0] == '\0' || s[0] == '-' || *end != '\0' || errno != 0
        || v < min || v > max)
    {
        fprintf(stderr, "duetd: --%s: '%s' is not a number in %lu..%lu\n",
                name, s, min, max);
        return -1;
    }
    *out = v;
    return 0;
}


static int
duetd_parse_level(const char *s, enum duetd_log_level *out)
{
    static const char *const  names[] = { "error", "warn", "info", "debug" };
    size_t                    i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (enum duetd_log_level) i;
            return 0;
        }
    }
    fprintf(stderr, "duetd: --log-level: '%s' is not error, warn, info or "
            "debug\n", s);
    return -1;
}


int
duetd_options_parse(struct duetd_config *cfg, int argc, char **argv)
{
    struct option  longopts[DUETD_NOPTIONS + 1];
    unsigned long  v;
    size_t         i;
    int            c;

    cfg->listen_path = DUETD_DEFAULT_LISTEN;
    cfg->socket_mode = DUETD_DEFAULT_SOCKET_MODE;
    cfg->socket_group = NULL;
    cfg->user = NULL;
    cfg->data_dir = DUETD_DEFAULT_DATA_DIR;
    cfg->workers = DUETD_DEFAULT_WORKERS;
    cfg->max_requests = DUETD_DEFAULT_MAX_REQUESTS;
    cfg->drain_seconds = DUETD_DEFAULT_DRAIN_SECONDS;
    cfg->log_level = DUETD_LOG_INFO;

    for (i = 0; i < DUETD_NOPTIONS; i++) {
        longopts[i] = duetd_option_docs[i].opt;
    }
    memset(&longopts[DUETD_NOPTIONS], 0, sizeof(longopts[0]));

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:w:d:u:hV", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_LISTEN:
            cfg->listen_path = optarg;
            break;
        case OPT_SOCKET_MODE:
            if (duetd_parse_uint("socket-mode", optarg, 0, 0777, 8, &v) != 0) {
                return -1;
            }
            cfg->socket_mode = (mode_t) v;
            break;
        case OPT_SOCKET_GROUP:
            cfg->socket_group = optarg;
            break;
        case OPT_USER:
            cfg->user = optarg;
            break;
        case OPT_DATA_DIR:
            cfg->data_dir = optarg;
            break;
        case OPT_WORKERS:
            if (duetd_parse_uint("workers", optarg, 1, DUETD_MAX_WORKERS, 10,
                                 &v) != 0)
            {
                return -1;
            }
            cfg->workers = (unsigned) v;
            break;
        case OPT_MAX_REQUESTS:
            if (duetd_parse_uint("max-requests", optarg, 0, UINT_MAX, 10, &v)
                != 0)
            {
                return -1;
            }
            cfg->max_requests = (unsigned) v;
            break;
        case OPT_DRAIN:
            if (duetd_parse_uint("drain-timeout", optarg, 0, 3600, 10, &v)
                != 0)
            {
                return -1;
            }
            cfg->drain_seconds = (unsigned) v;
            break;
        case OPT_LOG_LEVEL:
            if (duetd_parse_level(optarg, &cfg->log_level) != 0) {
                return -1;
            }
            break;
        case OPT_HELP:
            duetd_usage(stdout);
            exit(0);
        case OPT_VERSION:
            printf("duetd %s\n", PACKAGE_VERSION);
            exit(0);
        case ':':
            fprintf(stderr, "duetd: option '%s' needs an argument\n",
                    argv[optind - 1]);
            return -1;
        default:
            fprintf(stderr, "duetd: unknown option '%s' (try --help)\n",
                    argv[optind - 1]);
            return -1;
        }
    }

    if (optind != argc) {
        fprintf(stderr, "duetd: unexpected argument '%s' (try --help)\n",
                argv[optind]);
        return -1;
    }
    if (cfg->listen_path[0] != '/') {
        fprintf(stderr, "duetd: --listen: '%s' must be an absolute path\n",
                cfg->listen_path);
        return -1;
    }
    if (cfg->data_dir[0] != '/') {
        fprintf(stderr, "duetd: --data-dir: '%s' must be an absolute path\n",
                cfg->data_dir);
        return -1;
    }
    return 0;
}
