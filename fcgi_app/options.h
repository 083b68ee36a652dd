/*
 * options.h -- duetd's settings: one config file (duetd.conf, every key with
 * an embedded default, documented in docs/duetd.conf.md) overlaid by the
 * command line, parsed once into an immutable struct duetd_config.  With no
 * file and no options, duetd runs a single-host service on its defaults
 * (SQLite file and local-file KMS under the data directory).
 *
 * Precedence: embedded default < config file < command line.  SIGHUP
 * re-reads the same file (the command line still wins) and replaces the
 * workers; settings that cannot change without a restart (listen socket,
 * user, data directory, session table shape) are kept, with a warning if
 * the file changed them.  fastcgi_allow can change: the new workers check
 * peers against the new list.
 */

#ifndef DUETD_OPTIONS_H
#define DUETD_OPTIONS_H

#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "log.h"

#define DUETD_DEFAULT_CONFIG_FILE    "/etc/duet/duetd.conf"
#define DUETD_DEFAULT_DATA_DIR       "/var/lib/duet"
#define DUETD_DEFAULT_LISTEN         "/run/duet/duetd.sock"
#define DUETD_DEFAULT_WORKERS        4
#define DUETD_MAX_WORKERS            256
#define DUETD_DEFAULT_MAX_REQUESTS   10000
#define DUETD_DEFAULT_DRAIN_SECONDS  10
#define DUETD_DEFAULT_SOCKET_MODE    0660
#define DUETD_DEFAULT_NODE_TAG       "n1"
#define DUETD_NODE_TAG_MAX           16     /* [a-z0-9]{1,16}            */

#define DUETD_DEFAULT_SESSION_CAPACITY   1024
#define DUETD_DEFAULT_SESSION_SLOT_BYTES (2u << 20)
#define DUETD_DEFAULT_SESSION_TTL        600    /* absolute, seconds     */
#define DUETD_DEFAULT_SESSION_IDLE       120    /* per round, seconds    */

#define DUETD_DEFAULT_PRIME_TARGET       16
#define DUETD_DEFAULT_PRIME_LOW          8
#define DUETD_DEFAULT_PRIME_GENERATORS   1

#define DUETD_DEFAULT_VAULT_MOUNT        "secret"
#define DUETD_DEFAULT_VAULT_PREFIX       "duet"
#define DUETD_DEFAULT_VAULT_TIMEOUT      10     /* seconds               */

#define DUETD_DEFAULT_RPC_TIMEOUT        10     /* seconds               */
#define DUETD_DEFAULT_PRICE_CACHE        60     /* seconds               */
#define DUETD_NETWORKS_MAX               32
#define DUETD_PRICES_MAX                 64
#define DUETD_FASTCGI_ALLOW_MAX          32

/* "[" IPv6 "]:" port, NUL: room for any address duetd_sockaddr_format
 * writes. */
#define DUETD_SOCKADDR_TEXT_MAX          (1 + 46 + 2 + 5 + 1)

/*
 * One address of fastcgi_allow.  IPv4 (and IPv4-mapped IPv6, ::ffff:a.b.c.d,
 * which is what a dual-stack [::] socket reports for an IPv4 peer) is kept
 * as AF_INET in the first 4 bytes, so either spelling matches either.
 */
struct duetd_ip {
    int                    family;        /* AF_INET or AF_INET6          */
    uint8_t                addr[16];
};

/*
 * One Ethereum network (repeatable key):
 *   network = NAME CHAIN_ID RPC_URL [explorer=URL] [currency=SYMBOL]
 * NAME is [a-z0-9-]{1,64}; currency defaults to ETH.
 */
struct duetd_network {
    const char            *name;
    uint64_t               chain_id;
    const char            *rpc_url;       /* may carry a secret: never
                                             logged, never sent out       */
    const char            *explorer;      /* NULL: none                   */
    const char            *currency;      /* native currency symbol       */
};

/*
 * One static price (repeatable key):  price = KEY USD [DECIMALS]
 * KEY is a currency symbol ("ETH") or "CHAINID:0xaddress" (a token).
 */
struct duetd_price {
    const char            *key;           /* addresses in lower case      */
    double                 usd;           /* per whole unit, >= 0         */
    unsigned               decimals;      /* [18]                         */
};

enum duetd_kms_backend {
    DUETD_KMS_FILE = 0,     /* local-file envelope under data_dir/kms      */
    DUETD_KMS_VAULT         /* HashiCorp Vault KV v2                       */
};

struct duetd_config {
    /* Where the settings came from: NULL when no file was read. */
    const char            *config_file;

    /* Process and socket. */
    const char            *listen_path;   /* the listen value: a unix
                                             socket path or a TCP address
                                             (listen_tcp); NULL when
                                             inherited (LISTEN_FDS)       */
    int                    listen_tcp;    /* the socket is TCP: listen is
                                             IPV4:PORT or [IPV6]:PORT, or
                                             main found an inherited TCP
                                             socket                       */
    struct sockaddr_storage listen_addr;  /* when listen is TCP           */
    socklen_t              listen_addrlen;
    size_t                 nfastcgi_allow;
    struct duetd_ip        fastcgi_allow[DUETD_FASTCGI_ALLOW_MAX];
                                          /* peers allowed on TCP         */
    mode_t                 socket_mode;
    const char            *socket_group;  /* NULL: leave the group alone  */
    const char            *user;          /* drop to this user when root  */
    const char            *data_dir;
    unsigned               workers;
    unsigned               max_requests;  /* recycle a worker after this  */
    unsigned               drain_seconds; /* SIGTERM grace before SIGKILL */
    enum duetd_log_level   log_level;
    int                    log_syslog;    /* also to syslog (daemon)      */

    /* Protocol. */
    int                    level;         /* DUET_LEVEL_128 unless
                                             allow_insecure_level         */
    int                    allow_insecure_level;
    const char            *node_tag;      /* session ids start "<tag>."   */

    /* Session table (shape fixed at start). */
    unsigned               session_capacity;
    size_t                 session_slot_bytes; /* largest sealed state    */
    unsigned               session_ttl;        /* absolute, seconds       */
    unsigned               session_idle;       /* per round, seconds      */

    /* Operator token: SHA-256 of "duet_op_...", 32 bytes; have_operator
     * is 0 when none is configured (then no operator access at all). */
    int                    have_operator;
    uint8_t                operator_token_sha256[32];

    /* Store. */
    const char            *store_path;    /* [data_dir/duet.sqlite3]      */

    /* KMS. */
    enum duetd_kms_backend kms_backend;
    const char            *kms_master_key_file; /* [data_dir/kms/master.key] */
    const char            *kms_dir;             /* [data_dir/kms]            */
    const char            *vault_addr;          /* https://vault:8200        */
    const char            *vault_token_file;    /* 0600, holds the token     */
    const char            *vault_namespace;     /* NULL: none                */
    const char            *vault_mount;         /* [secret]                  */
    const char            *vault_prefix;        /* [duet]                    */
    const char            *vault_ca_file;       /* NULL: system CAs          */
    unsigned               vault_timeout;       /* seconds [10]              */

    /* Prime pool (the server's own safe primes for aux-info). */
    unsigned               prime_target;
    unsigned               prime_low_watermark;
    unsigned               prime_generators;    /* concurrent, >= 1          */

    /* Ethereum. */
    size_t                 nnetworks;
    struct duetd_network   networks[DUETD_NETWORKS_MAX];
    unsigned               rpc_timeout;         /* seconds [10]              */

    /* USD prices for the guardrails (prices.h). */
    size_t                 nprices;
    struct duetd_price     prices[DUETD_PRICES_MAX];
    const char            *price_url;           /* NULL: none                */
    unsigned               price_cache_seconds; /* [60]                      */
};

/* The network called name, or NULL. */
const struct duetd_network *duetd_config_network(
    const struct duetd_config *cfg, const char *name);

/* The first network with chain_id, or NULL. */
const struct duetd_network *duetd_config_network_by_chain(
    const struct duetd_config *cfg, uint64_t chain_id);

/*
 * Is the peer sa (an accepted TCP connection's address) one of
 * cfg->fastcgi_allow?  Anything but AF_INET and AF_INET6 is not.
 */
int duetd_config_peer_allowed(const struct duetd_config *cfg,
    const struct sockaddr *sa, socklen_t len);

/*
 * Write sa as "10.0.0.1:9000" or "[2001:db8::1]:9000" ("unix" for AF_UNIX,
 * "?" for anything else) into buf (DUETD_SOCKADDR_TEXT_MAX bytes suffice).
 */
void duetd_sockaddr_format(const struct sockaddr *sa, socklen_t len,
    char *buf, size_t size);

/*
 * Build *cfg from the embedded defaults, the config file (--config FILE, or
 * DUETD_DEFAULT_CONFIG_FILE if it exists) and argv.  Prints --help,
 * --version or --new-operator-token and exits 0 for those.  Every error
 * message names the option or the file, line and key
 * ("duetd.conf:12: workers: ...").
 * *check_only is set for --check-config (validate, print a summary, exit).
 * Returns: 0 on success, -1 on an error (already printed to stderr).
 */
int duetd_options_parse(struct duetd_config *cfg, int *check_only,
    int argc, char **argv);

/*
 * Re-read the config file into a fresh *cfg for SIGHUP, keeping the
 * command-line overrides and the restart-only settings of *old.
 * Returns: 0, or -1 with *cfg untouched and the error logged.
 */
int duetd_options_reload(struct duetd_config *cfg,
    const struct duetd_config *old);

/*
 * Write the effective settings to out as "key = value" lines, every key in
 * the order of docs/duetd.conf.md (--check-config).  The operator token's
 * hash is shown only as "(set)".
 */
void duetd_options_print(const struct duetd_config *cfg, FILE *out);

#endif /* DUETD_OPTIONS_H */
