/*
 * options.h -- duetd's command line, parsed once into an immutable
 * struct duetd_config.  Every default is embedded so that `duetd --listen
 * PATH` alone runs a single-host service (SQLite file and local-file KMS
 * under the data directory).
 */

#ifndef DUETD_OPTIONS_H
#define DUETD_OPTIONS_H

#include <sys/types.h>

#include "log.h"

#define DUETD_DEFAULT_DATA_DIR       "/var/lib/duet"
#define DUETD_DEFAULT_LISTEN         "/run/duet/duetd.sock"
#define DUETD_DEFAULT_WORKERS        4
#define DUETD_MAX_WORKERS            256
#define DUETD_DEFAULT_MAX_REQUESTS   10000
#define DUETD_DEFAULT_DRAIN_SECONDS  10
#define DUETD_DEFAULT_SOCKET_MODE    0660

struct duetd_config {
    const char            *listen_path;   /* unix socket to create       */
    mode_t                 socket_mode;
    const char            *socket_group;  /* NULL: leave the group alone  */
    const char            *user;          /* drop to this user when root  */
    const char            *data_dir;
    unsigned               workers;
    unsigned               max_requests;  /* recycle a worker after this  */
    unsigned               drain_seconds; /* SIGTERM grace before SIGKILL */
    enum duetd_log_level   log_level;
};

/*
 * Parse argv into *cfg.  Prints --help or --version and exits 0 for those;
 * prints a message naming the bad option and returns -1 on error.
 * Returns: 0 on success, -1 on a usage error.
 */
int duetd_options_parse(struct duetd_config *cfg, int argc, char **argv);

#endif /* DUETD_OPTIONS_H */
