/*
 * options.c -- see options.h.
 *
 * One table (duetd_keys) describes every setting: its name in the config
 * file, its type and range, and whether it needs a restart.  The file
 * parser, the command line, --check-config and SIGHUP's restart-only check
 * all read that table; the --help text is generated from the getopt table,
 * so neither can drift from the code.
 *
 * Strings are interned (duetd_intern) and never freed: the supervisor
 * keeps configurations across SIGHUP and copies restart-only values from
 * the old one, so a string must outlive every configuration that points to
 * it.  Interning keeps repeated reloads of the same file from growing.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <openssl/evp.h>

#include "duet_session.h"
#include "duet_util.h"
#include "options.h"

#define DUETD_CONF_LINE_MAX       1024
#define DUETD_NAME_MAX            32      /* user and group names        */
#define DUETD_URL_MAX             255
#define DUETD_RPC_URL_MAX         512     /* room for a key in the path  */
#define DUETD_NETWORK_NAME_MAX    64
#define DUETD_CURRENCY_MAX        16
#define DUETD_CHAIN_ID_MAX        ((unsigned long long) 1 << 63)
#define DUETD_PRICE_USD_MAX       1e15
#define DUETD_PRICE_FRACTION_MAX  18
#define DUETD_PRICE_DECIMALS_MAX  77      /* 10^77 < 2^256               */
#define DUETD_PRICE_KEY_MAX       (20 + 1 + 2 + 40 + 1)
#define DUETD_VAULT_PATH_MAX      128
#define DUETD_SESSION_CAPACITY_MAX  (1u << 20)
#define DUETD_SLOT_BYTES_MIN      (64u << 10)
#define DUETD_SLOT_BYTES_MAX      (64u << 20)
#define DUETD_TABLE_BYTES_MAX     ((unsigned long long) 64 << 30)
#define DUETD_PRIME_TARGET_MAX    1024
#define DUETD_PRIME_GENERATORS_MAX  64
#define DUETD_OPERATOR_PREFIX     "duet_op_"
#define DUETD_OPERATOR_RANDOM     32      /* bytes behind the prefix     */
#define DUETD_SOCKET_PATH_MAX \
    (sizeof(((struct sockaddr_un *) 0)->sun_path) - 1)

#define DUETD_STORE_FILE          "duet.sqlite3"
#define DUETD_KMS_SUBDIR          "kms"
#define DUETD_KMS_MASTER_FILE     "master.key"

enum duetd_key_type {
    DUETD_T_PATH,           /* absolute path, max = longest length        */
    DUETD_T_LISTEN,         /* a unix socket path (as DUETD_T_PATH) or
                               IPV4:PORT or [IPV6]:PORT                   */
    DUETD_T_ADDRS,          /* IP literals separated by blanks, max many  */
    DUETD_T_NAME,           /* user or group name                         */
    DUETD_T_UINT,           /* decimal in min..max                        */
    DUETD_T_SIZE,           /* bytes in min..max, suffix k or m allowed   */
    DUETD_T_MODE,           /* octal permission bits                      */
    DUETD_T_BOOL,
    DUETD_T_LOG_LEVEL,
    DUETD_T_LEVEL,          /* security level 112 or 128                  */
    DUETD_T_NODE_TAG,
    DUETD_T_SHA256,         /* 64 hex digits: the operator token's hash   */
    DUETD_T_KMS_BACKEND,
    DUETD_T_URL,            /* https://, or http:// to loopback only      */
    DUETD_T_VAULT_PATH,     /* a/b/c of [A-Za-z0-9._-]                    */
    DUETD_T_NETWORK,        /* NAME CHAIN_ID RPC_URL [explorer=] [currency=] */
    DUETD_T_PRICE           /* KEY USD [DECIMALS]                         */
};

#define DUETD_K_RESTART   0x1   /* SIGHUP keeps the running value          */
#define DUETD_K_OPTIONAL  0x2   /* an empty value means "none" (NULL)      */
#define DUETD_K_DERIVED   0x4   /* default computed from data_dir          */
#define DUETD_K_REPEAT    0x8   /* one entry per line; an empty value adds
                                   none (the example file's placeholder)   */

struct duetd_key {
    const char           *name;
    enum duetd_key_type   type;
    size_t                offset;
    unsigned long         min;
    unsigned long         max;
    unsigned              flags;
};

#define DUETD_OFF(f)  offsetof(struct duetd_config, f)

/* The order is the order of docs/duetd.conf.md and of --check-config. */
static const struct duetd_key  duetd_keys[] = {
    { "listen", DUETD_T_LISTEN, DUETD_OFF(listen_path), 1,
      DUETD_SOCKET_PATH_MAX, DUETD_K_RESTART },
    { "socket_mode", DUETD_T_MODE, DUETD_OFF(socket_mode), 0, 0777,
      DUETD_K_RESTART },
    { "socket_group", DUETD_T_NAME, DUETD_OFF(socket_group), 0, 0,
      DUETD_K_RESTART | DUETD_K_OPTIONAL },
    { "fastcgi_allow", DUETD_T_ADDRS, DUETD_OFF(fastcgi_allow), 0,
      DUETD_FASTCGI_ALLOW_MAX, DUETD_K_OPTIONAL },
    { "user", DUETD_T_NAME, DUETD_OFF(user), 0, 0,
      DUETD_K_RESTART | DUETD_K_OPTIONAL },
    { "data_dir", DUETD_T_PATH, DUETD_OFF(data_dir), 1, PATH_MAX - 64,
      DUETD_K_RESTART },
    { "workers", DUETD_T_UINT, DUETD_OFF(workers), 1, DUETD_MAX_WORKERS, 0 },
    { "max_requests", DUETD_T_UINT, DUETD_OFF(max_requests), 0, UINT_MAX,
      0 },
    { "drain_timeout", DUETD_T_UINT, DUETD_OFF(drain_seconds), 0, 3600, 0 },
    { "log_level", DUETD_T_LOG_LEVEL, DUETD_OFF(log_level), 0, 0, 0 },
    { "log_syslog", DUETD_T_BOOL, DUETD_OFF(log_syslog), 0, 0, 0 },
    { "level", DUETD_T_LEVEL, DUETD_OFF(level), 0, 0, DUETD_K_RESTART },
    { "allow_insecure_level", DUETD_T_BOOL, DUETD_OFF(allow_insecure_level),
      0, 0, DUETD_K_RESTART },
    { "node_tag", DUETD_T_NODE_TAG, DUETD_OFF(node_tag), 0, 0,
      DUETD_K_RESTART },
    { "session_capacity", DUETD_T_UINT, DUETD_OFF(session_capacity), 1,
      DUETD_SESSION_CAPACITY_MAX, DUETD_K_RESTART },
    { "session_slot_bytes", DUETD_T_SIZE, DUETD_OFF(session_slot_bytes),
      DUETD_SLOT_BYTES_MIN, DUETD_SLOT_BYTES_MAX, DUETD_K_RESTART },
    { "session_ttl", DUETD_T_UINT, DUETD_OFF(session_ttl), 10, 86400,
      DUETD_K_RESTART },
    { "session_idle", DUETD_T_UINT, DUETD_OFF(session_idle), 5, 86400,
      DUETD_K_RESTART },
    { "operator_token_sha256", DUETD_T_SHA256,
      DUETD_OFF(operator_token_sha256), 0, 0, DUETD_K_OPTIONAL },
    { "store_path", DUETD_T_PATH, DUETD_OFF(store_path), 1, PATH_MAX - 1,
      DUETD_K_RESTART | DUETD_K_DERIVED },
    { "kms_backend", DUETD_T_KMS_BACKEND, DUETD_OFF(kms_backend), 0, 0,
      DUETD_K_RESTART },
    { "kms_dir", DUETD_T_PATH, DUETD_OFF(kms_dir), 1, PATH_MAX - 64,
      DUETD_K_RESTART | DUETD_K_DERIVED },
    { "kms_master_key_file", DUETD_T_PATH, DUETD_OFF(kms_master_key_file), 1,
      PATH_MAX - 1, DUETD_K_RESTART | DUETD_K_DERIVED },
    { "vault_addr", DUETD_T_URL, DUETD_OFF(vault_addr), 0, 0,
      DUETD_K_RESTART | DUETD_K_OPTIONAL },
    { "vault_token_file", DUETD_T_PATH, DUETD_OFF(vault_token_file), 1,
      PATH_MAX - 1, DUETD_K_RESTART | DUETD_K_OPTIONAL },
    { "vault_namespace", DUETD_T_VAULT_PATH, DUETD_OFF(vault_namespace), 0, 0,
      DUETD_K_RESTART | DUETD_K_OPTIONAL },
    { "vault_mount", DUETD_T_VAULT_PATH, DUETD_OFF(vault_mount), 0, 0,
      DUETD_K_RESTART },
    { "vault_prefix", DUETD_T_VAULT_PATH, DUETD_OFF(vault_prefix), 0, 0,
      DUETD_K_RESTART },
    { "vault_ca_file", DUETD_T_PATH, DUETD_OFF(vault_ca_file), 1,
      PATH_MAX - 1, DUETD_K_RESTART | DUETD_K_OPTIONAL },
    { "vault_timeout", DUETD_T_UINT, DUETD_OFF(vault_timeout), 1, 300,
      DUETD_K_RESTART },
    { "prime_target", DUETD_T_UINT, DUETD_OFF(prime_target), 1,
      DUETD_PRIME_TARGET_MAX, 0 },
    { "prime_low_watermark", DUETD_T_UINT, DUETD_OFF(prime_low_watermark), 0,
      DUETD_PRIME_TARGET_MAX, 0 },
    { "prime_generators", DUETD_T_UINT, DUETD_OFF(prime_generators), 1,
      DUETD_PRIME_GENERATORS_MAX, 0 },
    { "network", DUETD_T_NETWORK, DUETD_OFF(networks), 0, DUETD_NETWORKS_MAX,
      DUETD_K_REPEAT },
    { "rpc_timeout", DUETD_T_UINT, DUETD_OFF(rpc_timeout), 1, 300, 0 },
    { "price", DUETD_T_PRICE, DUETD_OFF(prices), 0, DUETD_PRICES_MAX,
      DUETD_K_REPEAT },
    { "price_url", DUETD_T_URL, DUETD_OFF(price_url), 0, 0,
      DUETD_K_OPTIONAL },
    { "price_cache_seconds", DUETD_T_UINT, DUETD_OFF(price_cache_seconds), 1,
      86400, 0 },
};

#define DUETD_NKEYS  (sizeof(duetd_keys) / sizeof(duetd_keys[0]))

#define DUETD_FIELD(cfg, k, type) \
    ((type *) (void *) ((char *) (cfg) + (k)->offset))
#define DUETD_CFIELD(cfg, k, type) \
    ((const type *) (const void *) ((const char *) (cfg) + (k)->offset))

static const char *const  duetd_log_level_names[] = {
    "error", "warn", "info", "debug"
};


/* --- the command line --------------------------------------------------- */

enum {
    OPT_LISTEN = 'l',
    OPT_WORKERS = 'w',
    OPT_DATA_DIR = 'd',
    OPT_USER = 'u',
    OPT_CONFIG = 'c',
    OPT_HELP = 'h',
    OPT_VERSION = 'V',
    OPT_SOCKET_MODE = 256,
    OPT_SOCKET_GROUP,
    OPT_MAX_REQUESTS,
    OPT_DRAIN,
    OPT_LOG_LEVEL,
    OPT_CHECK_CONFIG,
    OPT_NEW_OPERATOR_TOKEN
};

struct duetd_option_doc {
    struct option  opt;
    const char    *metavar;
    const char    *key;         /* the setting it overrides; NULL: action */
    const char    *help;
};

static const struct duetd_option_doc  duetd_option_docs[] = {
    { { "config", required_argument, NULL, OPT_CONFIG }, "FILE", NULL,
      "settings file [" DUETD_DEFAULT_CONFIG_FILE ", if present]" },
    { { "check-config", no_argument, NULL, OPT_CHECK_CONFIG }, NULL, NULL,
      "validate and print the settings; exit 0 or 1" },
    { { "new-operator-token", no_argument, NULL, OPT_NEW_OPERATOR_TOKEN },
      NULL, NULL,
      "print a new operator token and its hash line" },
    { { "listen", required_argument, NULL, OPT_LISTEN }, "ADDR", "listen",
      "unix socket path, IPV4:PORT or [IPV6]:PORT" },
    { { "socket-mode", required_argument, NULL, OPT_SOCKET_MODE }, "MODE",
      "socket_mode", "octal permissions of the socket" },
    { { "socket-group", required_argument, NULL, OPT_SOCKET_GROUP }, "GROUP",
      "socket_group", "group owning the socket, e.g. nginx's www-data" },
    { { "user", required_argument, NULL, OPT_USER }, "USER", "user",
      "user to run as; required when started as root" },
    { { "data-dir", required_argument, NULL, OPT_DATA_DIR }, "DIR",
      "data_dir", "state directory, created if missing" },
    { { "workers", required_argument, NULL, OPT_WORKERS }, "N", "workers",
      "worker processes" },
    { { "max-requests", required_argument, NULL, OPT_MAX_REQUESTS }, "N",
      "max_requests", "recycle a worker after N requests (0: never)" },
    { { "drain-timeout", required_argument, NULL, OPT_DRAIN }, "SECONDS",
      "drain_timeout", "SIGTERM grace for requests in flight" },
    { { "log-level", required_argument, NULL, OPT_LOG_LEVEL }, "LEVEL",
      "log_level", "error, warn, info or debug" },
    { { "help", no_argument, NULL, OPT_HELP }, NULL, NULL,
      "print this help and exit" },
    { { "version", no_argument, NULL, OPT_VERSION }, NULL, NULL,
      "print the version and exit" },
};

#define DUETD_NOPTIONS \
    (sizeof(duetd_option_docs) / sizeof(duetd_option_docs[0]))

/*
 * The command-line settings of this process, kept for SIGHUP so that the
 * command line still wins over a re-read file.  Values point into argv.
 */
struct duetd_override {
    size_t       key;
    const char  *value;
    const char  *option;        /* "--workers", for messages */
};

static struct duetd_override  duetd_overrides[64];
static size_t                 duetd_noverrides;


/* --- interned strings --------------------------------------------------- */

struct duetd_string {
    struct duetd_string  *next;
    char                  s[];
};

static struct duetd_string  *duetd_strings;


static const char *
duetd_intern(const char *s, size_t n)
{
    struct duetd_string  *e;

    for (e = duetd_strings; e != NULL; e = e->next) {
        if (strncmp(e->s, s, n) == 0 && e->s[n] == '\0') {
            return e->s;
        }
    }
    e = malloc(sizeof(*e) + n + 1);
    if (e == NULL) {
        return NULL;
    }
    memcpy(e->s, s, n);
    e->s[n] = '\0';
    e->next = duetd_strings;
    duetd_strings = e;
    return e->s;
}


/* --- one parse: where each setting came from, and the errors ----------- */

struct duetd_conf_ctx {
    const char  *file;                  /* NULL: no file                 */
    int          to_log;                /* SIGHUP: errors go to the log  */
    unsigned     errors;
    unsigned     line[DUETD_NKEYS];     /* set on this line of the file  */
    const char  *option[DUETD_NKEYS];   /* set by this command-line option */
    unsigned     network_line[DUETD_NETWORKS_MAX];
    unsigned     price_line[DUETD_PRICES_MAX];
};


/*
 * Report an error about key k (or about a line, k == DUETD_NKEYS), named
 * by where its value came from: "file:12: workers: ...", "--workers: ...",
 * or "file: workers: ..." for an embedded default.
 */
static void
duetd_conf_error(struct duetd_conf_ctx *c, size_t k, unsigned line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
duetd_conf_error(struct duetd_conf_ctx *c, size_t k, unsigned line,
    const char *fmt, ...)
{
    char     msg[512];
    va_list  ap;
    int      n;

    if (k < DUETD_NKEYS && line == 0) {
        line = c->line[k];
    }
    if (k < DUETD_NKEYS && c->option[k] != NULL) {
        n = snprintf(msg, sizeof(msg), "%s: ", c->option[k]);
    } else if (line != 0 && k < DUETD_NKEYS) {
        n = snprintf(msg, sizeof(msg), "%s:%u: %s: ", c->file, line,
                     duetd_keys[k].name);
    } else if (line != 0) {
        n = snprintf(msg, sizeof(msg), "%s:%u: ", c->file, line);
    } else if (c->file != NULL && k < DUETD_NKEYS) {
        n = snprintf(msg, sizeof(msg), "%s: %s: ", c->file,
                     duetd_keys[k].name);
    } else if (k < DUETD_NKEYS) {
        n = snprintf(msg, sizeof(msg), "%s: ", duetd_keys[k].name);
    } else {
        n = snprintf(msg, sizeof(msg), "%s: ",
                     c->file != NULL ? c->file : "duetd");
    }
    if (n < 0 || (size_t) n >= sizeof(msg)) {
        n = 0;
    }
    va_start(ap, fmt);
    (void) vsnprintf(msg + n, sizeof(msg) - (size_t) n, fmt, ap);
    va_end(ap);

    if (c->to_log) {
        duetd_log_write(DUETD_LOG_ERROR, "config", "%s", msg);
    } else {
        fprintf(stderr, "duetd: %s\n", msg);
    }
    c->errors++;
}


/* --- values ------------------------------------------------------------- */

/* Unsigned decimal (or octal) with nothing else: no sign, space or suffix. */
static int
duetd_parse_ulong(const char *s, int base, unsigned long *out,
    const char **end_out)
{
    char           *end;
    unsigned long   v;

    if (s[0] < '0' || s[0] > '9') {
        return -1;
    }
    errno = 0;
    v = strtoul(s, &end, base);
    if (errno != 0 || (end_out == NULL && *end != '\0')) {
        return -1;
    }
    if (end_out != NULL) {
        *end_out = end;
    }
    *out = v;
    return 0;
}


static int
duetd_valid_name(const char *s)
{
    size_t  i, n = strlen(s);

    if (n == 0 || n > DUETD_NAME_MAX || s[0] == '-') {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')
              || (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_'
              || s[i] == '-'))
        {
            return 0;
        }
    }
    return 1;
}


static int
duetd_valid_node_tag(const char *s)
{
    size_t  i, n = strlen(s);

    if (n == 0 || n > DUETD_NODE_TAG_MAX) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))) {
            return 0;
        }
    }
    return 1;
}


/* Segments of [A-Za-z0-9._-] joined by single slashes; no "." or "..". */
static int
duetd_valid_vault_path(const char *s)
{
    const char  *seg = s;
    size_t       n = strlen(s), i;

    if (n == 0 || n > DUETD_VAULT_PATH_MAX) {
        return 0;
    }
    for (i = 0; i <= n; i++) {
        char  ch = s[i];

        if (ch == '/' || ch == '\0') {
            size_t  len = (size_t) (s + i - seg);

            if (len == 0 || (len == 1 && seg[0] == '.')
                || (len == 2 && seg[0] == '.' && seg[1] == '.'))
            {
                return 0;
            }
            seg = s + i + 1;
            continue;
        }
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_'
              || ch == '-'))
        {
            return 0;
        }
    }
    return 1;
}


/*
 * https://host[:port][/], or http:// to a loopback host only: the Vault
 * token travels in a header, so plain HTTP is for a local test double.
 */
static int
duetd_valid_url(const char *s)
{
    static const char *const  loopback[] = {
        "http://127.0.0.1", "http://localhost", "http://[::1]"
    };
    const char               *host;
    size_t                    i, n = strlen(s);

    if (n > DUETD_URL_MAX) {
        return 0;
    }
    if (strncmp(s, "https://", 8) == 0) {
        host = s + 8;
    } else {
        host = NULL;
        for (i = 0; i < sizeof(loopback) / sizeof(loopback[0]); i++) {
            size_t  len = strlen(loopback[i]);

            if (strncmp(s, loopback[i], len) == 0
                && (s[len] == '\0' || s[len] == ':' || s[len] == '/'))
            {
                host = s + 7;
                break;
            }
        }
        if (host == NULL) {
            return 0;
        }
    }
    if (host[0] == '\0' || host[0] == '/' || host[0] == ':') {
        return 0;
    }
    for (i = 0; host[i] != '\0'; i++) {
        unsigned char  ch = (unsigned char) host[i];

        if (ch <= ' ' || ch >= 0x7f || ch == '?' || ch == '#' || ch == '@') {
            return 0;
        }
    }
    return 1;
}


static int
duetd_parse_bool(const char *s, int *out)
{
    if (strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0
        || strcasecmp(s, "on") == 0)
    {
        *out = 1;
        return 0;
    }
    if (strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0
        || strcasecmp(s, "off") == 0)
    {
        *out = 0;
        return 0;
    }
    return -1;
}


/*
 * An RPC or explorer URL: http:// or https://, a host, at most
 * DUETD_RPC_URL_MAX bytes, no blank, control character or fragment.
 * Unlike vault_addr, plain http to any host is allowed (a node on the
 * LAN), and so are user info and a query (providers put keys there).
 */
static int
duetd_valid_rpc_url(const char *s)
{
    const char  *host;
    size_t       i, n = strlen(s);

    if (n > DUETD_RPC_URL_MAX) {
        return 0;
    }
    if (strncmp(s, "https://", 8) == 0) {
        host = s + 8;
    } else if (strncmp(s, "http://", 7) == 0) {
        host = s + 7;
    } else {
        return 0;
    }
    if (host[0] == '\0' || host[0] == '/' || host[0] == ':'
        || host[0] == '?' || host[0] == '@')
    {
        return 0;
    }
    for (i = 0; host[i] != '\0'; i++) {
        unsigned char  ch = (unsigned char) host[i];

        if (ch <= ' ' || ch >= 0x7f || ch == '#') {
            return 0;
        }
    }
    return 1;
}


/* 1 to max of [a-z0-9-] (lower), or of [A-Za-z0-9] (!lower). */
static int
duetd_valid_word(const char *s, size_t max, int lower)
{
    size_t  i, n = strlen(s);

    if (n == 0 || n > max) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        char  ch = s[i];

        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')
              || (lower && ch == '-')
              || (!lower && ch >= 'A' && ch <= 'Z')))
        {
            return 0;
        }
    }
    return 1;
}


/* A chain id: decimal digits only, in 1..2^63. */
static int
duetd_parse_chain_id(const char *s, size_t n, uint64_t *out)
{
    unsigned long long  v = 0;
    size_t              i;

    if (n == 0 || n > 19) {
        return -1;
    }
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
        v = v * 10 + (unsigned long long) (s[i] - '0');
    }
    if (v == 0 || v > DUETD_CHAIN_ID_MAX) {
        return -1;
    }
    *out = (uint64_t) v;
    return 0;
}


/* Split v (a copy, modified) at blanks into at most max words. */
static size_t
duetd_split(char *v, char **words, size_t max)
{
    size_t  n = 0;
    char   *p = v;

    for ( ;; ) {
        while (*p == ' ' || *p == '\t') {
            *p++ = '\0';
        }
        if (*p == '\0') {
            return n;
        }
        if (n == max) {
            return max + 1;
        }
        words[n++] = p;
        while (*p != '\0' && *p != ' ' && *p != '\t') {
            p++;
        }
    }
}


static int
duetd_intern_to(struct duetd_conf_ctx *c, size_t k, unsigned line,
    const char *s, const char **out)
{
    *out = duetd_intern(s, strlen(s));
    if (*out == NULL) {
        duetd_conf_error(c, k, line, "out of memory");
        return -1;
    }
    return 0;
}


/*
 * network = NAME CHAIN_ID RPC_URL [explorer=URL] [currency=SYMBOL].
 * The RPC URL may carry a key: no message quotes it, or any word that
 * might be it.
 */
static int
duetd_network_set(struct duetd_conf_ctx *c, size_t k, unsigned line,
    struct duetd_config *cfg, const char *v)
{
    struct duetd_network  net;
    char                  buf[DUETD_CONF_LINE_MAX + 1], *w[6];
    size_t                n, i, j;
    int                   r = -1;

    n = strlen(v);
    if (n >= sizeof(buf)) {
        duetd_conf_error(c, k, line, "line too long");
        return -1;
    }
    memcpy(buf, v, n + 1);
    memset(&net, 0, sizeof(net));
    n = duetd_split(buf, w, 5);
    if (n < 3 || n > 5) {
        duetd_conf_error(c, k, line, "expected NAME CHAIN_ID RPC_URL "
                         "[explorer=URL] [currency=SYMBOL]");
        goto out;
    }
    if (!duetd_valid_word(w[0], DUETD_NETWORK_NAME_MAX, 1)) {
        duetd_conf_error(c, k, line, "'%.64s' is not a network name "
                         "(1 to %d of [a-z0-9-])", w[0],
                         DUETD_NETWORK_NAME_MAX);
        goto out;
    }
    for (i = 0; i < cfg->nnetworks; i++) {
        if (strcmp(cfg->networks[i].name, w[0]) == 0) {
            duetd_conf_error(c, k, line, "network '%s' is already defined "
                             "(line %u)", w[0], c->network_line[i]);
            goto out;
        }
    }
    if (cfg->nnetworks == DUETD_NETWORKS_MAX) {
        duetd_conf_error(c, k, line, "more than %d networks",
                         DUETD_NETWORKS_MAX);
        goto out;
    }
    /* Not quoted: words out of order could put the RPC URL here. */
    if (duetd_parse_chain_id(w[1], strlen(w[1]), &net.chain_id) != 0) {
        duetd_conf_error(c, k, line, "%s: the chain id is not a number in "
                         "1..%llu", w[0], DUETD_CHAIN_ID_MAX);
        goto out;
    }
    if (!duetd_valid_rpc_url(w[2])) {
        duetd_conf_error(c, k, line, "%s: the RPC URL is not http:// or "
                         "https:// and a host (at most %d bytes, no blank "
                         "or #)", w[0], DUETD_RPC_URL_MAX);
        goto out;
    }
    for (j = 3; j < n; j++) {
        if (strncmp(w[j], "explorer=", 9) == 0 && net.explorer == NULL) {
            if (!duetd_valid_rpc_url(w[j] + 9)) {
                duetd_conf_error(c, k, line, "%s: explorer '%.64s' is not "
                                 "an http:// or https:// URL", w[0],
                                 w[j] + 9);
                goto out;
            }
            net.explorer = w[j] + 9;
        } else if (strncmp(w[j], "currency=", 9) == 0
                   && net.currency == NULL)
        {
            if (!duetd_valid_word(w[j] + 9, DUETD_CURRENCY_MAX, 0)) {
                duetd_conf_error(c, k, line, "%s: currency '%.32s' is not "
                                 "1 to %d of [A-Za-z0-9]", w[0], w[j] + 9,
                                 DUETD_CURRENCY_MAX);
                goto out;
            }
            net.currency = w[j] + 9;
        } else {
            duetd_conf_error(c, k, line, "%s: word %zu is not explorer=URL "
                             "or currency=SYMBOL (each at most once)", w[0],
                             j + 1);
            goto out;
        }
    }
    if (duetd_intern_to(c, k, line, w[0], &net.name) != 0
        || duetd_intern_to(c, k, line, w[2], &net.rpc_url) != 0
        || (net.explorer != NULL
            && duetd_intern_to(c, k, line, net.explorer, &net.explorer) != 0)
        || duetd_intern_to(c, k, line,
                           net.currency != NULL ? net.currency : "ETH",
                           &net.currency) != 0)
    {
        goto out;
    }
    c->network_line[cfg->nnetworks] = line;
    cfg->networks[cfg->nnetworks++] = net;
    r = 0;
out:
    duet_memclear(buf, sizeof(buf));
    return r;
}


/* A price key: a symbol, or CHAINID:0x and 40 hex digits (lower-cased). */
static int
duetd_price_key(const char *s, char out[DUETD_PRICE_KEY_MAX])
{
    const char  *colon = strchr(s, ':');
    uint64_t     chain;
    size_t       i, n = strlen(s);

    if (colon == NULL) {
        if (!duetd_valid_word(s, DUETD_CURRENCY_MAX, 0)) {
            return -1;
        }
        memcpy(out, s, n + 1);
        return 0;
    }
    if (duetd_parse_chain_id(s, (size_t) (colon - s), &chain) != 0
        || s[0] == '0' || strlen(colon) != 1 + 2 + 40 || colon[1] != '0'
        || colon[2] != 'x')
    {
        return -1;
    }
    for (i = 3; colon[i] != '\0'; i++) {
        if (!isxdigit((unsigned char) colon[i])) {
            return -1;
        }
    }
    for (i = 0; i < n; i++) {
        out[i] = (char) tolower((unsigned char) s[i]);
    }
    out[n] = '\0';
    return 0;
}


/* USD: digits, optionally '.' and 1 to 18 digits; at most 1e15. */
static int
duetd_parse_usd(const char *s, double *out)
{
    const char  *p = s, *dot = NULL;
    char        *end;
    double       d;

    if (*p < '0' || *p > '9') {
        return -1;
    }
    for ( ; *p != '\0'; p++) {
        if (*p == '.' && dot == NULL) {
            dot = p;
        } else if (*p < '0' || *p > '9') {
            return -1;
        }
    }
    if (dot != NULL && (dot[1] == '\0'
                        || strlen(dot + 1) > DUETD_PRICE_FRACTION_MAX))
    {
        return -1;
    }
    errno = 0;
    d = strtod(s, &end);
    if (errno != 0 || *end != '\0' || !(d >= 0 && d <= DUETD_PRICE_USD_MAX))
    {
        return -1;
    }
    *out = d;
    return 0;
}


/* price = KEY USD [DECIMALS] */
static int
duetd_price_set(struct duetd_conf_ctx *c, size_t k, unsigned line,
    struct duetd_config *cfg, const char *v)
{
    struct duetd_price  pr;
    char                buf[DUETD_CONF_LINE_MAX + 1], *w[3];
    char                key[DUETD_PRICE_KEY_MAX];
    unsigned long       u;
    size_t              n, i;

    if (strlen(v) >= sizeof(buf)) {
        duetd_conf_error(c, k, line, "line too long");
        return -1;
    }
    memcpy(buf, v, strlen(v) + 1);
    n = duetd_split(buf, w, 3);
    if (n < 2 || n > 3) {
        duetd_conf_error(c, k, line, "expected KEY USD [DECIMALS]");
        return -1;
    }
    memset(&pr, 0, sizeof(pr));
    if (strlen(w[0]) >= sizeof(key) || duetd_price_key(w[0], key) != 0) {
        duetd_conf_error(c, k, line, "'%.64s' is not a currency symbol "
                         "(1 to %d of [A-Za-z0-9]) or CHAINID:0x and 40 hex "
                         "digits", w[0], DUETD_CURRENCY_MAX);
        return -1;
    }
    for (i = 0; i < cfg->nprices; i++) {
        if (strcmp(cfg->prices[i].key, key) == 0) {
            duetd_conf_error(c, k, line, "the price of %s is already set "
                             "(line %u)", key, c->price_line[i]);
            return -1;
        }
    }
    if (cfg->nprices == DUETD_PRICES_MAX) {
        duetd_conf_error(c, k, line, "more than %d prices",
                         DUETD_PRICES_MAX);
        return -1;
    }
    if (duetd_parse_usd(w[1], &pr.usd) != 0) {
        duetd_conf_error(c, k, line, "%s: '%.32s' is not a USD amount "
                         "(0 to 1000000000000000, at most %d decimals)", key,
                         w[1], DUETD_PRICE_FRACTION_MAX);
        return -1;
    }
    pr.decimals = 18;
    if (n == 3) {
        if (duetd_parse_ulong(w[2], 10, &u, NULL) != 0
            || u > DUETD_PRICE_DECIMALS_MAX)
        {
            duetd_conf_error(c, k, line, "%s: '%.32s' is not a number of "
                             "decimals in 0..%d", key, w[2],
                             DUETD_PRICE_DECIMALS_MAX);
            return -1;
        }
        pr.decimals = (unsigned) u;
    }
    if (duetd_intern_to(c, k, line, key, &pr.key) != 0) {
        return -1;
    }
    c->price_line[cfg->nprices] = line;
    cfg->prices[cfg->nprices++] = pr;
    return 0;
}


/* An IP literal, IPv4-mapped IPv6 folded to IPv4 (see options.h). */
static int
duetd_ip_parse(const char *s, struct duetd_ip *ip)
{
    memset(ip, 0, sizeof(*ip));
    if (inet_pton(AF_INET, s, ip->addr) == 1) {
        ip->family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, s, ip->addr) != 1) {
        return -1;
    }
    ip->family = AF_INET6;
    if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *) (void *) ip->addr)) {
        memmove(ip->addr, ip->addr + 12, 4);
        memset(ip->addr + 4, 0, 12);
        ip->family = AF_INET;
    }
    return 0;
}


static int
duetd_ip_unspecified(const struct duetd_ip *ip)
{
    static const uint8_t  zero[16];

    return memcmp(ip->addr, zero, ip->family == AF_INET ? 4 : 16) == 0;
}


/*
 * listen = IPV4:PORT or [IPV6]:PORT (v does not start with '/').  Host
 * names are refused: the address nginx is configured with must be the one
 * bound, whatever a resolver says at start.
 */
static int
duetd_listen_set(struct duetd_conf_ctx *c, size_t k, unsigned line,
    struct duetd_config *cfg, const char *v)
{
    struct sockaddr_in   *sin;
    struct sockaddr_in6  *sin6;
    const char           *host, *port, *close;
    char                  buf[64];
    unsigned long         u;
    size_t                n;
    int                   family;

    if (v[0] == '[') {
        close = strchr(v, ']');
        if (close == NULL || close[1] != ':') {
            duetd_conf_error(c, k, line, "'%.64s' is not [IPV6]:PORT", v);
            return -1;
        }
        host = v + 1;
        n = (size_t) (close - host);
        port = close + 2;
        family = AF_INET6;
    } else {
        close = strrchr(v, ':');
        if (close == NULL) {
            duetd_conf_error(c, k, line, "'%.64s' is not an absolute path, "
                             "IPV4:PORT or [IPV6]:PORT", v);
            return -1;
        }
        host = v;
        n = (size_t) (close - host);
        port = close + 1;
        family = AF_INET;
        if (memchr(host, ':', n) != NULL) {
            duetd_conf_error(c, k, line, "'%.64s': an IPv6 address is "
                             "written in brackets, [IPV6]:PORT", v);
            return -1;
        }
    }
    if (duetd_parse_ulong(port, 10, &u, NULL) != 0 || u == 0 || u > 65535) {
        duetd_conf_error(c, k, line, "'%.64s': the port is not a number in "
                         "1..65535", v);
        return -1;
    }

    memset(&cfg->listen_addr, 0, sizeof(cfg->listen_addr));
    if (n < sizeof(buf)) {
        memcpy(buf, host, n);
        buf[n] = '\0';
    }
    if (family == AF_INET) {
        sin = (struct sockaddr_in *) (void *) &cfg->listen_addr;
        if (n >= sizeof(buf) || inet_pton(AF_INET, buf, &sin->sin_addr) != 1)
        {
            duetd_conf_error(c, k, line, "'%.64s': '%.*s' is not an IPv4 "
                             "address (host names are not accepted)", v,
                             (int) (n > 64 ? 64 : n), host);
            return -1;
        }
        sin->sin_family = AF_INET;
        sin->sin_port = htons((uint16_t) u);
        cfg->listen_addrlen = sizeof(*sin);
    } else {
        sin6 = (struct sockaddr_in6 *) (void *) &cfg->listen_addr;
        if (n >= sizeof(buf)
            || inet_pton(AF_INET6, buf, &sin6->sin6_addr) != 1)
        {
            duetd_conf_error(c, k, line, "'%.64s': '%.*s' is not an IPv6 "
                             "address", v, (int) (n > 64 ? 64 : n), host);
            return -1;
        }
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons((uint16_t) u);
        cfg->listen_addrlen = sizeof(*sin6);
    }
    cfg->listen_tcp = 1;
    return 0;
}


/* fastcgi_allow = ADDR ...: replaces the list (the key is not repeated). */
static int
duetd_allow_set(struct duetd_conf_ctx *c, size_t k, unsigned line,
    struct duetd_config *cfg, const char *v)
{
    struct duetd_ip  ip;
    char             buf[DUETD_CONF_LINE_MAX + 1];
    char            *w[DUETD_FASTCGI_ALLOW_MAX + 1];
    size_t           n, i, j;

    if (strlen(v) >= sizeof(buf)) {
        duetd_conf_error(c, k, line, "line too long");
        return -1;
    }
    memcpy(buf, v, strlen(v) + 1);
    n = duetd_split(buf, w, DUETD_FASTCGI_ALLOW_MAX);
    if (n > DUETD_FASTCGI_ALLOW_MAX) {
        duetd_conf_error(c, k, line, "more than %d addresses",
                         DUETD_FASTCGI_ALLOW_MAX);
        return -1;
    }
    cfg->nfastcgi_allow = 0;
    for (i = 0; i < n; i++) {
        if (duetd_ip_parse(w[i], &ip) != 0) {
            duetd_conf_error(c, k, line, "'%.64s' is not an IPv4 or IPv6 "
                             "address (no host names, no /prefix)", w[i]);
            return -1;
        }
        if (duetd_ip_unspecified(&ip)) {
            /* Not "everyone": no peer ever has this address. */
            duetd_conf_error(c, k, line, "'%.64s' is no peer's address; "
                             "list the nginx hosts' addresses", w[i]);
            return -1;
        }
        for (j = 0; j < cfg->nfastcgi_allow; j++) {
            if (memcmp(&cfg->fastcgi_allow[j], &ip, sizeof(ip)) == 0) {
                duetd_conf_error(c, k, line, "'%.64s' is listed twice",
                                 w[i]);
                return -1;
            }
        }
        cfg->fastcgi_allow[cfg->nfastcgi_allow++] = ip;
    }
    return 0;
}


/*
 * Set key k of cfg from the text v.  line is the file line (0 for the
 * command line).  Reports its own errors.  Returns 0 or -1.
 */
static int
duetd_key_set(struct duetd_conf_ctx *c, size_t k, unsigned line,
    struct duetd_config *cfg, const char *v)
{
    const struct duetd_key  *key = &duetd_keys[k];
    const char              *end, *s;
    unsigned long            u;
    size_t                   i, len, n;
    int                      b;

    if (v[0] == '\0' && (key->flags & DUETD_K_REPEAT)) {
        return 0;
    }
    if (v[0] == '\0') {
        if (!(key->flags & DUETD_K_OPTIONAL)) {
            duetd_conf_error(c, k, line, "needs a value");
            return -1;
        }
        if (key->type == DUETD_T_SHA256) {
            cfg->have_operator = 0;
            duet_memclear(cfg->operator_token_sha256,
                          sizeof(cfg->operator_token_sha256));
        } else if (key->type == DUETD_T_ADDRS) {
            cfg->nfastcgi_allow = 0;
        } else {
            *DUETD_FIELD(cfg, key, const char *) = NULL;
        }
        return 0;
    }

    switch (key->type) {
    case DUETD_T_LISTEN:
        if (v[0] != '/') {
            if (duetd_listen_set(c, k, line, cfg, v) != 0) {
                return -1;
            }
            break;
        }
        cfg->listen_tcp = 0;
        /* fall through */
    case DUETD_T_PATH:
        if (v[0] != '/') {
            duetd_conf_error(c, k, line, "'%.64s' is not an absolute path",
                             v);
            return -1;
        }
        if (strlen(v) > key->max) {
            duetd_conf_error(c, k, line, "path longer than %lu bytes",
                             key->max);
            return -1;
        }
        break;

    case DUETD_T_NAME:
        if (!duetd_valid_name(v)) {
            duetd_conf_error(c, k, line, "'%.64s' is not a user or group "
                             "name ([A-Za-z0-9._-], at most %d)", v,
                             DUETD_NAME_MAX);
            return -1;
        }
        break;

    case DUETD_T_UINT:
        if (duetd_parse_ulong(v, 10, &u, NULL) != 0 || u < key->min
            || u > key->max)
        {
            duetd_conf_error(c, k, line, "'%.64s' is not a number in "
                             "%lu..%lu", v, key->min, key->max);
            return -1;
        }
        *DUETD_FIELD(cfg, key, unsigned) = (unsigned) u;
        return 0;

    case DUETD_T_SIZE:
        if (duetd_parse_ulong(v, 10, &u, &end) != 0
            || (end[0] != '\0' && end[1] != '\0'))
        {
            goto bad_size;
        }
        if (end[0] == 'k' || end[0] == 'K') {
            b = 10;
        } else if (end[0] == 'm' || end[0] == 'M') {
            b = 20;
        } else if (end[0] == '\0') {
            b = 0;
        } else {
            goto bad_size;
        }
        if (u > (ULONG_MAX >> b) || (u << b) < key->min
            || (u << b) > key->max)
        {
            goto bad_size;
        }
        *DUETD_FIELD(cfg, key, size_t) = (size_t) (u << b);
        return 0;
bad_size:
        duetd_conf_error(c, k, line, "'%.64s' is not a size in %lu..%lu "
                         "bytes (suffix k or m for KiB, MiB)", v, key->min,
                         key->max);
        return -1;

    case DUETD_T_MODE:
        if (duetd_parse_ulong(v, 8, &u, NULL) != 0 || u > key->max) {
            duetd_conf_error(c, k, line, "'%.64s' is not an octal mode in "
                             "0..0777", v);
            return -1;
        }
        *DUETD_FIELD(cfg, key, mode_t) = (mode_t) u;
        return 0;

    case DUETD_T_BOOL:
        if (duetd_parse_bool(v, &b) != 0) {
            duetd_conf_error(c, k, line, "'%.64s' is not yes or no "
                             "(or true/false, on/off)", v);
            return -1;
        }
        *DUETD_FIELD(cfg, key, int) = b;
        return 0;

    case DUETD_T_LOG_LEVEL:
        for (i = 0; i < sizeof(duetd_log_level_names) / sizeof(char *); i++) {
            if (strcmp(v, duetd_log_level_names[i]) == 0) {
                *DUETD_FIELD(cfg, key, enum duetd_log_level) =
                    (enum duetd_log_level) i;
                return 0;
            }
        }
        duetd_conf_error(c, k, line, "'%.64s' is not error, warn, info or "
                         "debug", v);
        return -1;

    case DUETD_T_LEVEL:
        if (strcmp(v, "128") == 0) {
            *DUETD_FIELD(cfg, key, int) = DUET_LEVEL_128;
        } else if (strcmp(v, "112") == 0) {
            *DUETD_FIELD(cfg, key, int) = DUET_LEVEL_112;
        } else {
            duetd_conf_error(c, k, line, "'%.64s' is not 128 or 112", v);
            return -1;
        }
        return 0;

    case DUETD_T_NODE_TAG:
        if (!duetd_valid_node_tag(v)) {
            duetd_conf_error(c, k, line, "'%.64s' is not 1 to %d characters "
                             "of [a-z0-9]", v, DUETD_NODE_TAG_MAX);
            return -1;
        }
        break;

    case DUETD_T_SHA256:
        /* Not echoed: a hash, but no business of a log reader. */
        len = strlen(v);
        if (len != 2 * sizeof(cfg->operator_token_sha256)
            || duet_hex_decode(cfg->operator_token_sha256,
                               sizeof(cfg->operator_token_sha256), &n, v,
                               len) != 0)
        {
            cfg->have_operator = 0;
            duetd_conf_error(c, k, line, "not 64 hex digits (duetd "
                             "--new-operator-token makes a token and this "
                             "line)");
            return -1;
        }
        cfg->have_operator = 1;
        return 0;

    case DUETD_T_KMS_BACKEND:
        if (strcmp(v, "file") == 0) {
            *DUETD_FIELD(cfg, key, enum duetd_kms_backend) = DUETD_KMS_FILE;
        } else if (strcmp(v, "vault") == 0) {
            *DUETD_FIELD(cfg, key, enum duetd_kms_backend) = DUETD_KMS_VAULT;
        } else {
            duetd_conf_error(c, k, line, "'%.64s' is not file or vault", v);
            return -1;
        }
        return 0;

    case DUETD_T_URL:
        if (!duetd_valid_url(v)) {
            duetd_conf_error(c, k, line, "'%.64s' is not an https:// URL "
                             "(http:// only to 127.0.0.1, [::1] or "
                             "localhost)", v);
            return -1;
        }
        break;

    case DUETD_T_VAULT_PATH:
        if (!duetd_valid_vault_path(v)) {
            duetd_conf_error(c, k, line, "'%.64s' is not a Vault path "
                             "(segments of [A-Za-z0-9._-] joined by /)", v);
            return -1;
        }
        break;

    case DUETD_T_NETWORK:
        return duetd_network_set(c, k, line, cfg, v);

    case DUETD_T_PRICE:
        return duetd_price_set(c, k, line, cfg, v);

    case DUETD_T_ADDRS:
        return duetd_allow_set(c, k, line, cfg, v);
    }

    /* The string types. */
    s = duetd_intern(v, strlen(v));
    if (s == NULL) {
        duetd_conf_error(c, k, line, "out of memory");
        return -1;
    }
    *DUETD_FIELD(cfg, key, const char *) = s;
    return 0;
}


/* The value of key k as text ("" for none; the operator hash masked). */
static void
duetd_key_format(const struct duetd_config *cfg, size_t k, char *buf,
    size_t size)
{
    const struct duetd_key  *key = &duetd_keys[k];
    const char              *s;
    char                     ip[INET6_ADDRSTRLEN];
    size_t                   i, used;

    switch (key->type) {
    case DUETD_T_ADDRS:
        buf[0] = '\0';
        for (i = 0, used = 0; i < cfg->nfastcgi_allow; i++) {
            if (inet_ntop(cfg->fastcgi_allow[i].family,
                          cfg->fastcgi_allow[i].addr, ip, sizeof(ip))
                == NULL)
            {
                snprintf(ip, sizeof(ip), "?");
            }
            used += (size_t) snprintf(buf + used, size - used, "%s%s",
                                      i > 0 ? " " : "", ip);
            if (used >= size) {
                break;
            }
        }
        return;
    case DUETD_T_UINT:
        snprintf(buf, size, "%u", *DUETD_CFIELD(cfg, key, unsigned));
        return;
    case DUETD_T_SIZE:
        snprintf(buf, size, "%zu", *DUETD_CFIELD(cfg, key, size_t));
        return;
    case DUETD_T_MODE:
        snprintf(buf, size, "%04o",
                 (unsigned) *DUETD_CFIELD(cfg, key, mode_t));
        return;
    case DUETD_T_BOOL:
        snprintf(buf, size, "%s", *DUETD_CFIELD(cfg, key, int) ? "yes" : "no");
        return;
    case DUETD_T_LOG_LEVEL:
        snprintf(buf, size, "%s", duetd_log_level_names[
                     *DUETD_CFIELD(cfg, key, enum duetd_log_level)]);
        return;
    case DUETD_T_LEVEL:
        snprintf(buf, size, "%d", *DUETD_CFIELD(cfg, key, int));
        return;
    case DUETD_T_SHA256:
        snprintf(buf, size, "%s", cfg->have_operator ? "(set)" : "");
        return;
    case DUETD_T_KMS_BACKEND:
        snprintf(buf, size, "%s",
                 *DUETD_CFIELD(cfg, key, enum duetd_kms_backend)
                 == DUETD_KMS_VAULT ? "vault" : "file");
        return;
    case DUETD_T_PATH:
    case DUETD_T_LISTEN:
    case DUETD_T_NAME:
    case DUETD_T_NODE_TAG:
    case DUETD_T_URL:
    case DUETD_T_VAULT_PATH:
        s = *DUETD_CFIELD(cfg, key, const char *);
        snprintf(buf, size, "%s", s != NULL ? s : "");
        return;
    case DUETD_T_NETWORK:
    case DUETD_T_PRICE:
        /* One line per entry: duetd_options_print writes them. */
        snprintf(buf, size, "%s", "");
        return;
    }
    snprintf(buf, size, "?");
}


static size_t
duetd_key_find(const char *name, size_t n)
{
    size_t  k;

    for (k = 0; k < DUETD_NKEYS; k++) {
        if (strncmp(duetd_keys[k].name, name, n) == 0
            && duetd_keys[k].name[n] == '\0')
        {
            return k;
        }
    }
    return DUETD_NKEYS;
}


static void
duetd_config_defaults(struct duetd_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->listen_path = DUETD_DEFAULT_LISTEN;
    cfg->socket_mode = DUETD_DEFAULT_SOCKET_MODE;
    cfg->data_dir = DUETD_DEFAULT_DATA_DIR;
    cfg->workers = DUETD_DEFAULT_WORKERS;
    cfg->max_requests = DUETD_DEFAULT_MAX_REQUESTS;
    cfg->drain_seconds = DUETD_DEFAULT_DRAIN_SECONDS;
    cfg->log_level = DUETD_LOG_INFO;
    cfg->log_syslog = 0;
    cfg->level = DUET_LEVEL_128;
    cfg->allow_insecure_level = 0;
    cfg->node_tag = DUETD_DEFAULT_NODE_TAG;
    cfg->session_capacity = DUETD_DEFAULT_SESSION_CAPACITY;
    cfg->session_slot_bytes = DUETD_DEFAULT_SESSION_SLOT_BYTES;
    cfg->session_ttl = DUETD_DEFAULT_SESSION_TTL;
    cfg->session_idle = DUETD_DEFAULT_SESSION_IDLE;
    cfg->have_operator = 0;
    cfg->store_path = NULL;             /* derived from data_dir */
    cfg->kms_backend = DUETD_KMS_FILE;
    cfg->kms_dir = NULL;                /* derived from data_dir */
    cfg->kms_master_key_file = NULL;    /* derived from kms_dir  */
    cfg->vault_mount = DUETD_DEFAULT_VAULT_MOUNT;
    cfg->vault_prefix = DUETD_DEFAULT_VAULT_PREFIX;
    cfg->vault_timeout = DUETD_DEFAULT_VAULT_TIMEOUT;
    cfg->prime_target = DUETD_DEFAULT_PRIME_TARGET;
    cfg->prime_low_watermark = DUETD_DEFAULT_PRIME_LOW;
    cfg->prime_generators = DUETD_DEFAULT_PRIME_GENERATORS;
    cfg->nnetworks = 0;
    cfg->rpc_timeout = DUETD_DEFAULT_RPC_TIMEOUT;
    cfg->nprices = 0;
    cfg->price_url = NULL;
    cfg->price_cache_seconds = DUETD_DEFAULT_PRICE_CACHE;
}


/* A line's key and value, or an error; the line is modified in place. */
static void
duetd_conf_line(struct duetd_conf_ctx *c, struct duetd_config *cfg,
    char *s, unsigned lineno)
{
    char    *eq, *key, *value, *end, *p;
    size_t   k, n;

    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s == '\0' || *s == '#') {
        return;
    }

    eq = strchr(s, '=');
    if (eq == NULL) {
        duetd_conf_error(c, DUETD_NKEYS, lineno, "expected 'key = value'");
        return;
    }
    key = s;
    end = eq;
    while (end > key && (end[-1] == ' ' || end[-1] == '\t')) {
        end--;
    }
    n = (size_t) (end - key);
    for (p = key; p < end; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
              || *p == '_'))
        {
            break;
        }
    }
    if (n == 0 || p != end) {
        duetd_conf_error(c, DUETD_NKEYS, lineno, "'%.*s' is not a key name",
                         (int) (n > 64 ? 64 : n), key);
        return;
    }
    k = duetd_key_find(key, n);
    if (k == DUETD_NKEYS) {
        duetd_conf_error(c, DUETD_NKEYS, lineno, "%.*s: unknown key",
                         (int) (n > 64 ? 64 : n), key);
        return;
    }
    if (c->line[k] != 0 && !(duetd_keys[k].flags & DUETD_K_REPEAT)) {
        duetd_conf_error(c, k, lineno, "duplicate key (first set on line "
                         "%u)", c->line[k]);
        return;
    }
    c->line[k] = lineno;

    /* A '#' starts a comment at the start of the value or after a blank. */
    value = eq + 1;
    while (*value == ' ' || *value == '\t') {
        value++;
    }
    for (p = value; *p != '\0'; p++) {
        if (*p == '#' && (p == value || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            break;
        }
    }
    end = value + strlen(value);
    while (end > value && (end[-1] == ' ' || end[-1] == '\t')) {
        *--end = '\0';
    }

    (void) duetd_key_set(c, k, lineno, cfg, value);
}


/* Any control character but tab (the line end is already cut off). */
static int
duetd_conf_has_control(const char *line, size_t len)
{
    size_t  i;

    for (i = 0; i < len; i++) {
        unsigned char  ch = (unsigned char) line[i];

        if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
            return 1;
        }
    }
    return 0;
}


static int
duetd_conf_read(struct duetd_conf_ctx *c, struct duetd_config *cfg,
    FILE *fp)
{
    char      *line = NULL;
    size_t     cap = 0;
    ssize_t    len;
    unsigned   lineno = 0;

    while ((len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n') {
            line[--len] = '\0';
        }
        if (len > 0 && line[len - 1] == '\r') {
            line[--len] = '\0';
        }
        if (len > DUETD_CONF_LINE_MAX) {
            duetd_conf_error(c, DUETD_NKEYS, lineno, "line longer than %d "
                             "bytes", DUETD_CONF_LINE_MAX);
            continue;
        }
        if (memchr(line, '\0', (size_t) len) != NULL) {
            duetd_conf_error(c, DUETD_NKEYS, lineno, "NUL byte in line");
            continue;
        }
        if (duetd_conf_has_control(line, (size_t) len)) {
            /* A stray CR or escape would hide inside a value. */
            duetd_conf_error(c, DUETD_NKEYS, lineno, "control character "
                             "in line");
            continue;
        }
        duetd_conf_line(c, cfg, line, lineno);
    }
    free(line);
    if (ferror(fp)) {
        duetd_conf_error(c, DUETD_NKEYS, 0, "read error: %s",
                         strerror(errno));
        return -1;
    }
    return 0;
}


/*
 * Open the config file.  Returns 1 with *fp, 0 when the default file is
 * absent (embedded defaults), -1 on an error (reported).
 */
static int
duetd_conf_open(struct duetd_conf_ctx *c, const char *path, int explicit,
    FILE **fp)
{
    struct stat  st;

    *fp = fopen(path, "re");
    if (*fp == NULL) {
        if (!explicit && errno == ENOENT) {
            return 0;
        }
        c->file = path;
        duetd_conf_error(c, DUETD_NKEYS, 0, "cannot read: %s",
                         strerror(errno));
        return -1;
    }
    c->file = path;
    if (fstat(fileno(*fp), &st) != 0 || S_ISDIR(st.st_mode)) {
        duetd_conf_error(c, DUETD_NKEYS, 0, "not a readable file");
        goto fail;
    }
    /* Whoever can write it decides the user duetd runs as. */
    if (S_ISREG(st.st_mode) && (st.st_mode & S_IWOTH)) {
        duetd_conf_error(c, DUETD_NKEYS, 0, "writable by every user; "
                         "refusing it (chmod o-w)");
        goto fail;
    }
    return 1;

fail:
    fclose(*fp);
    *fp = NULL;
    return -1;
}


static int
duetd_join(struct duetd_conf_ctx *c, size_t k, const char *dir,
    const char *name, const char **out)
{
    char  buf[PATH_MAX];
    int   n;

    n = snprintf(buf, sizeof(buf), "%s%s%s", dir,
                 dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    if (n < 0 || (size_t) n >= sizeof(buf)) {
        duetd_conf_error(c, k, 0, "path too long");
        return -1;
    }
    *out = duetd_intern(buf, (size_t) n);
    if (*out == NULL) {
        duetd_conf_error(c, k, 0, "out of memory");
        return -1;
    }
    return 0;
}


/* Rules that involve more than one setting. */
static void
duetd_conf_check(struct duetd_conf_ctx *c, const struct duetd_config *cfg)
{
    unsigned long long  bytes;

    /* FastCGI has no authentication: on TCP the allow-list is all there
     * is between duetd and anyone who can reach the port. */
    if (cfg->listen_tcp && cfg->nfastcgi_allow == 0) {
        duetd_conf_error(c, duetd_key_find("listen", 6), 0,
                         "%s is a TCP socket: set fastcgi_allow to the "
                         "nginx hosts' addresses", cfg->listen_path);
    }
    if (cfg->level == DUET_LEVEL_112 && !cfg->allow_insecure_level) {
        duetd_conf_error(c, duetd_key_find("level", 5), 0,
                         "level 112 is for tests and comparison only; set "
                         "allow_insecure_level = yes");
    }
    if (cfg->prime_low_watermark > cfg->prime_target) {
        duetd_conf_error(c, duetd_key_find("prime_low_watermark", 19), 0,
                         "%u is above prime_target (%u)",
                         cfg->prime_low_watermark, cfg->prime_target);
    }
    if (cfg->session_idle > cfg->session_ttl) {
        duetd_conf_error(c, duetd_key_find("session_idle", 12), 0,
                         "%u is above session_ttl (%u)", cfg->session_idle,
                         cfg->session_ttl);
    }
    bytes = (unsigned long long) cfg->session_capacity
            * cfg->session_slot_bytes;
    if (bytes > DUETD_TABLE_BYTES_MAX) {
        duetd_conf_error(c, duetd_key_find("session_capacity", 16), 0,
                         "%u slots of %zu bytes need %llu MiB; the limit is "
                         "%llu MiB", cfg->session_capacity,
                         cfg->session_slot_bytes, bytes >> 20,
                         DUETD_TABLE_BYTES_MAX >> 20);
    }
    if (cfg->kms_backend == DUETD_KMS_VAULT) {
        if (cfg->vault_addr == NULL) {
            duetd_conf_error(c, duetd_key_find("kms_backend", 11), 0,
                             "vault needs vault_addr");
        }
        if (cfg->vault_token_file == NULL) {
            duetd_conf_error(c, duetd_key_find("kms_backend", 11), 0,
                             "vault needs vault_token_file");
        }
    }
}


/*
 * Build *cfg: defaults, then the file (path, NULL for none; unless
 * explicit, a missing file means none), then the command-line overrides,
 * then derived paths and the checks.  Errors go to stderr, or with to_log
 * to the log.  Returns 0, or -1 after reporting every error found.
 */
static int
duetd_conf_load(struct duetd_config *cfg, const char *path, int explicit,
    int to_log)
{
    struct duetd_conf_ctx  c;
    struct duetd_config    fresh;
    FILE                  *fp = NULL;
    size_t                 i;
    int                    rc;

    memset(&c, 0, sizeof(c));
    c.to_log = to_log;
    duetd_config_defaults(&fresh);

    rc = path != NULL ? duetd_conf_open(&c, path, explicit, &fp) : 0;
    if (rc < 0) {
        return -1;
    }
    if (rc == 1) {
        fresh.config_file = duetd_intern(c.file, strlen(c.file));
        c.file = fresh.config_file;
        if (c.file == NULL) {
            fclose(fp);
            duetd_conf_error(&c, DUETD_NKEYS, 0, "out of memory");
            return -1;
        }
        (void) duetd_conf_read(&c, &fresh, fp);
        fclose(fp);
    }

    for (i = 0; i < duetd_noverrides; i++) {
        const struct duetd_override  *o = &duetd_overrides[i];

        c.option[o->key] = o->option;
        c.line[o->key] = 0;
        (void) duetd_key_set(&c, o->key, 0, &fresh, o->value);
    }

    if (c.errors == 0) {
        if ((fresh.store_path == NULL
             && duetd_join(&c, duetd_key_find("data_dir", 8), fresh.data_dir,
                           DUETD_STORE_FILE, &fresh.store_path) != 0)
            || (fresh.kms_dir == NULL
                && duetd_join(&c, duetd_key_find("data_dir", 8),
                              fresh.data_dir, DUETD_KMS_SUBDIR,
                              &fresh.kms_dir) != 0)
            || (fresh.kms_master_key_file == NULL
                && duetd_join(&c, duetd_key_find("kms_dir", 7), fresh.kms_dir,
                              DUETD_KMS_MASTER_FILE,
                              &fresh.kms_master_key_file) != 0))
        {
            duet_memclear(&fresh, sizeof(fresh));
            return -1;
        }
        duetd_conf_check(&c, &fresh);
    }
    if (c.errors != 0) {
        duet_memclear(&fresh, sizeof(fresh));
        return -1;
    }
    *cfg = fresh;
    return 0;
}


/* --- --help, --new-operator-token -------------------------------------- */

static void
duetd_usage(FILE *out)
{
    struct duetd_config  def;
    char                 left[48], value[64], range[40];
    size_t               i, k;

    duetd_config_defaults(&def);
    fprintf(out,
        "Usage: duetd [OPTION]...\n"
        "duet's FastCGI application pool: a supervisor that forks workers\n"
        "answering nginx over a unix socket, or TCP for a fleet.\n\n"
        "Settings come from the config file (--config; every key, its\n"
        "default and range in docs/duetd.conf.md); the options below\n"
        "override the key named in brackets.  A listening socket passed by\n"
        "systemd (LISTEN_FDS) is used instead of creating one.\n\n"
        "Signals: SIGTERM/SIGINT drain and exit; SIGHUP re-reads the config\n"
        "file and replaces the workers.\n\n");

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
        if (d->key == NULL) {
            fprintf(out, "  %-28s %s\n", left, d->help);
            continue;
        }
        k = duetd_key_find(d->key, strlen(d->key));
        duetd_key_format(&def, k, value, sizeof(value));
        range[0] = '\0';
        if (duetd_keys[k].type == DUETD_T_UINT) {
            snprintf(range, sizeof(range), "; %lu-%lu", duetd_keys[k].min,
                     duetd_keys[k].max);
        }
        fprintf(out, "  %-28s %s\n  %-28s [%s = %s%s]\n", left, d->help, "",
                d->key, value[0] != '\0' ? value : "(none)", range);
    }
}


/*
 * Print a new "duet_op_<base64url of 32 random bytes>" token and the
 * config line holding its SHA-256.  The token is shown once, here.
 */
static int
duetd_new_operator_token(FILE *out)
{
    uint8_t   raw[DUETD_OPERATOR_RANDOM];
    uint8_t   md[EVP_MAX_MD_SIZE];
    char      token[sizeof(DUETD_OPERATOR_PREFIX) - 1
                    + DUET_BASE64URL_ENCODED_SIZE(DUETD_OPERATOR_RANDOM)];
    char      hex[DUET_HEX_ENCODED_SIZE(32)];
    size_t    plen = sizeof(DUETD_OPERATOR_PREFIX) - 1;
    unsigned  mdlen = 0;
    int       r = -1;

    memcpy(token, DUETD_OPERATOR_PREFIX, plen);
    if (duet_random_bytes(raw, sizeof(raw)) != 0
        || duet_base64url_encode(token + plen, sizeof(token) - plen, raw,
                                 sizeof(raw)) != 0
        || EVP_Digest(token, strlen(token), md, &mdlen, EVP_sha256(), NULL)
           != 1
        || mdlen != 32
        || duet_hex_encode(hex, sizeof(hex), md, mdlen) != 0)
    {
        fprintf(stderr, "duetd: --new-operator-token: cannot make a token\n");
        goto out;
    }
    fprintf(out,
            "%s\n"
            "operator_token_sha256 = %s\n", token, hex);
    if (fflush(out) != 0) {
        goto out;
    }
    r = 0;
out:
    duet_memclear(raw, sizeof(raw));
    duet_memclear(token, sizeof(token));
    return r;
}


/* --- the interface ------------------------------------------------------ */

int
duetd_options_parse(struct duetd_config *cfg, int *check_only,
    int argc, char **argv)
{
    struct option           longopts[DUETD_NOPTIONS + 1];
    struct duetd_override  *o;
    const char             *config_file = NULL;
    char                    name[48];
    size_t                  i;
    int                     c, n;

    *check_only = 0;
    duetd_noverrides = 0;
    for (i = 0; i < DUETD_NOPTIONS; i++) {
        longopts[i] = duetd_option_docs[i].opt;
    }
    memset(&longopts[DUETD_NOPTIONS], 0, sizeof(longopts[0]));

    /* 0, not 1: glibc then starts afresh (the tests parse many times). */
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":l:w:d:u:c:hV", longopts, NULL))
           != -1)
    {
        switch (c) {
        case OPT_CONFIG:
            config_file = optarg;
            continue;
        case OPT_CHECK_CONFIG:
            *check_only = 1;
            continue;
        case OPT_NEW_OPERATOR_TOKEN:
            exit(duetd_new_operator_token(stdout) == 0 ? 0 : 1);
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
        case '?':
            fprintf(stderr, "duetd: unknown option '%s' (try --help)\n",
                    argv[optind - 1]);
            return -1;
        default:
            break;
        }

        for (i = 0; i < DUETD_NOPTIONS; i++) {
            if (duetd_option_docs[i].opt.val == c
                && duetd_option_docs[i].key != NULL)
            {
                break;
            }
        }
        if (i == DUETD_NOPTIONS || duetd_noverrides
            == sizeof(duetd_overrides) / sizeof(duetd_overrides[0]))
        {
            fprintf(stderr, "duetd: too many options\n");
            return -1;
        }
        n = snprintf(name, sizeof(name), "--%s",
                     duetd_option_docs[i].opt.name);
        o = &duetd_overrides[duetd_noverrides];
        o->key = duetd_key_find(duetd_option_docs[i].key,
                                strlen(duetd_option_docs[i].key));
        o->value = optarg;
        o->option = duetd_intern(name, (size_t) n);
        if (o->option == NULL) {
            fprintf(stderr, "duetd: out of memory\n");
            return -1;
        }
        duetd_noverrides++;
    }

    if (optind != argc) {
        fprintf(stderr, "duetd: unexpected argument '%s' (try --help)\n",
                argv[optind]);
        return -1;
    }
    if (config_file != NULL) {
        return duetd_conf_load(cfg, config_file, 1, 0);
    }
    return duetd_conf_load(cfg, DUETD_DEFAULT_CONFIG_FILE, 0, 0);
}


int
duetd_options_reload(struct duetd_config *cfg,
    const struct duetd_config *old)
{
    struct duetd_config  fresh;
    char                 was[PATH_MAX], now[PATH_MAX];
    size_t               k;

    /* No file at start: a default file created since is not read. */
    if (duetd_conf_load(&fresh, old->config_file, 1, 1) != 0) {
        return -1;
    }

    for (k = 0; k < DUETD_NKEYS; k++) {
        const struct duetd_key  *key = &duetd_keys[k];

        if (!(key->flags & DUETD_K_RESTART)) {
            continue;
        }
        if (key->type == DUETD_T_LISTEN && old->listen_path == NULL) {
            /* The socket was inherited: the path means nothing here. */
            fresh.listen_path = NULL;
            fresh.listen_tcp = old->listen_tcp;
            continue;
        }
        duetd_key_format(old, k, was, sizeof(was));
        duetd_key_format(&fresh, k, now, sizeof(now));
        if (strcmp(was, now) != 0) {
            duetd_log_warn("%s: changed to '%s' but needs a restart; "
                           "keeping '%s'", key->name, now, was);
        }
        switch (key->type) {
        case DUETD_T_UINT:
            *DUETD_FIELD(&fresh, key, unsigned) =
                *DUETD_CFIELD(old, key, unsigned);
            break;
        case DUETD_T_SIZE:
            *DUETD_FIELD(&fresh, key, size_t) =
                *DUETD_CFIELD(old, key, size_t);
            break;
        case DUETD_T_MODE:
            *DUETD_FIELD(&fresh, key, mode_t) =
                *DUETD_CFIELD(old, key, mode_t);
            break;
        case DUETD_T_BOOL:
        case DUETD_T_LEVEL:
            *DUETD_FIELD(&fresh, key, int) = *DUETD_CFIELD(old, key, int);
            break;
        case DUETD_T_LOG_LEVEL:
            *DUETD_FIELD(&fresh, key, enum duetd_log_level) =
                *DUETD_CFIELD(old, key, enum duetd_log_level);
            break;
        case DUETD_T_KMS_BACKEND:
            *DUETD_FIELD(&fresh, key, enum duetd_kms_backend) =
                *DUETD_CFIELD(old, key, enum duetd_kms_backend);
            break;
        case DUETD_T_SHA256:
            break;
        case DUETD_T_LISTEN:
            fresh.listen_tcp = old->listen_tcp;
            fresh.listen_addr = old->listen_addr;
            fresh.listen_addrlen = old->listen_addrlen;
            /* fall through */
        case DUETD_T_PATH:
        case DUETD_T_NAME:
        case DUETD_T_NODE_TAG:
        case DUETD_T_URL:
        case DUETD_T_VAULT_PATH:
            *DUETD_FIELD(&fresh, key, const char *) =
                *DUETD_CFIELD(old, key, const char *);
            break;
        case DUETD_T_NETWORK:
        case DUETD_T_PRICE:
        case DUETD_T_ADDRS:
            break;
        }
    }

    /* The file may have moved listen to a unix path and dropped the list,
     * but the running socket is still TCP. */
    if (fresh.listen_tcp && fresh.nfastcgi_allow == 0) {
        duetd_log_error("fastcgi_allow: empty, but duetd listens on TCP; "
                        "configuration not reloaded");
        duet_memclear(&fresh, sizeof(fresh));
        return -1;
    }

    *cfg = fresh;
    duet_memclear(&fresh, sizeof(fresh));
    return 0;
}


/* The RPC URL only as "(set)": it may carry an API key. */
static void
duetd_print_networks(const struct duetd_config *cfg, FILE *out)
{
    const struct duetd_network  *n;
    size_t                       i;

    if (cfg->nnetworks == 0) {
        fprintf(out, "network =\n");
    }
    for (i = 0; i < cfg->nnetworks; i++) {
        n = &cfg->networks[i];
        fprintf(out, "network = %s %llu (set)%s%s currency=%s\n", n->name,
                (unsigned long long) n->chain_id,
                n->explorer != NULL ? " explorer=" : "",
                n->explorer != NULL ? n->explorer : "", n->currency);
    }
}


/*
 * The shortest fixed-point text of usd that reads back as the same
 * double; the value was read from at most DUETD_PRICE_FRACTION_MAX
 * decimals, so one of those widths does.
 */
static void
duetd_format_usd(double usd, char *buf, size_t size)
{
    int  f;

    for (f = 0; f <= DUETD_PRICE_FRACTION_MAX; f++) {
        snprintf(buf, size, "%.*f", f, usd);
        if (strtod(buf, NULL) == usd) {
            return;
        }
    }
}


static void
duetd_print_prices(const struct duetd_config *cfg, FILE *out)
{
    char    usd[64];
    size_t  i;

    if (cfg->nprices == 0) {
        fprintf(out, "price =\n");
    }
    for (i = 0; i < cfg->nprices; i++) {
        duetd_format_usd(cfg->prices[i].usd, usd, sizeof(usd));
        fprintf(out, "price = %s %s %u\n", cfg->prices[i].key, usd,
                cfg->prices[i].decimals);
    }
}


void
duetd_options_print(const struct duetd_config *cfg, FILE *out)
{
    char    value[PATH_MAX];
    size_t  k;

    fprintf(out, "# duetd %s: effective settings (%s)\n", PACKAGE_VERSION,
            cfg->config_file != NULL ? cfg->config_file
                                     : "no config file: embedded defaults");
    for (k = 0; k < DUETD_NKEYS; k++) {
        if (duetd_keys[k].type == DUETD_T_NETWORK) {
            duetd_print_networks(cfg, out);
            continue;
        }
        if (duetd_keys[k].type == DUETD_T_PRICE) {
            duetd_print_prices(cfg, out);
            continue;
        }
        duetd_key_format(cfg, k, value, sizeof(value));
        fprintf(out, "%s =%s%s\n", duetd_keys[k].name,
                value[0] != '\0' ? " " : "", value);
    }
}


const struct duetd_network *
duetd_config_network(const struct duetd_config *cfg, const char *name)
{
    size_t  i;

    for (i = 0; i < cfg->nnetworks; i++) {
        if (strcmp(cfg->networks[i].name, name) == 0) {
            return &cfg->networks[i];
        }
    }
    return NULL;
}


const struct duetd_network *
duetd_config_network_by_chain(const struct duetd_config *cfg,
    uint64_t chain_id)
{
    size_t  i;

    for (i = 0; i < cfg->nnetworks; i++) {
        if (cfg->networks[i].chain_id == chain_id) {
            return &cfg->networks[i];
        }
    }
    return NULL;
}


int
duetd_config_peer_allowed(const struct duetd_config *cfg,
    const struct sockaddr *sa, socklen_t len)
{
    const struct sockaddr_in   *sin;
    const struct sockaddr_in6  *sin6;
    struct duetd_ip             peer;
    size_t                      i;

    memset(&peer, 0, sizeof(peer));
    if (sa->sa_family == AF_INET && len >= sizeof(*sin)) {
        sin = (const struct sockaddr_in *) (const void *) sa;
        peer.family = AF_INET;
        memcpy(peer.addr, &sin->sin_addr, 4);
    } else if (sa->sa_family == AF_INET6 && len >= sizeof(*sin6)) {
        sin6 = (const struct sockaddr_in6 *) (const void *) sa;
        peer.family = AF_INET6;
        memcpy(peer.addr, &sin6->sin6_addr, 16);
        if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
            memmove(peer.addr, peer.addr + 12, 4);
            memset(peer.addr + 4, 0, 12);
            peer.family = AF_INET;
        }
    } else {
        return 0;
    }
    for (i = 0; i < cfg->nfastcgi_allow; i++) {
        if (memcmp(&cfg->fastcgi_allow[i], &peer, sizeof(peer)) == 0) {
            return 1;
        }
    }
    return 0;
}


void
duetd_sockaddr_format(const struct sockaddr *sa, socklen_t len, char *buf,
    size_t size)
{
    const struct sockaddr_in   *sin;
    const struct sockaddr_in6  *sin6;
    char                        ip[INET6_ADDRSTRLEN];

    if (sa->sa_family == AF_INET && len >= sizeof(*sin)) {
        sin = (const struct sockaddr_in *) (const void *) sa;
        if (inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip)) != NULL) {
            snprintf(buf, size, "%s:%u", ip, ntohs(sin->sin_port));
            return;
        }
    } else if (sa->sa_family == AF_INET6 && len >= sizeof(*sin6)) {
        sin6 = (const struct sockaddr_in6 *) (const void *) sa;
        if (inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip)) != NULL) {
            snprintf(buf, size, "[%s]:%u", ip, ntohs(sin6->sin6_port));
            return;
        }
    } else if (sa->sa_family == AF_UNIX) {
        snprintf(buf, size, "unix");
        return;
    }
    snprintf(buf, size, "?");
}
