/*
 * config-t.c -- duetd's settings (fcgi_app/options.c): the embedded
 * defaults, a good file, every validation error with its "file:line: key:"
 * message, precedence (default < file < command line), SIGHUP's reload
 * (restart-only keys kept, a bad file changes nothing), --new-operator-token,
 * --help, and that the example config and docs/duetd.conf.md name every
 * key with its true default; listen on TCP and fastcgi_allow (parsing,
 * the peer match, printing, reload).
 *
 * The parser reports on stderr (and, on reload, through the log, also
 * stderr); the tests point fd 2 at a file around each call and read it.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <openssl/evp.h>

#include "basic.h"
#include "duet_session.h"
#include "duet_util.h"
#include "options.h"

#define MAX_ARGS  16

static char  *tmpdir;
static char   errbuf[16384];


static char *
tmp_path(const char *name)
{
    static char  buf[4][512];
    static int   which;
    char        *p = buf[which++ % 4];

    snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
    return p;
}


static void
write_file(const char *path, const char *text)
{
    FILE  *fp = fopen(path, "w");

    if (fp == NULL || fputs(text, fp) == EOF || fclose(fp) != 0) {
        sysbail("write %s", path);
    }
}


static char *
read_file(const char *path)
{
    FILE    *fp = fopen(path, "r");
    char    *buf;
    size_t   n;

    if (fp == NULL) {
        return NULL;
    }
    buf = bmalloc(1 << 20);
    n = fread(buf, 1, (1 << 20) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}


/* Point fd 2 at a file until capture_end, which reads it into errbuf. */
static int
capture_begin(void)
{
    int  saved, fd;

    fflush(stderr);
    saved = dup(2);
    fd = open(tmp_path("stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (saved < 0 || fd < 0 || dup2(fd, 2) < 0) {
        sysbail("capture stderr");
    }
    close(fd);
    return saved;
}


static void
capture_end(int saved)
{
    char  *s;

    fflush(stderr);
    if (dup2(saved, 2) < 0) {
        sysbail("restore stderr");
    }
    close(saved);
    s = read_file(tmp_path("stderr"));
    snprintf(errbuf, sizeof(errbuf), "%s", s != NULL ? s : "");
    free(s);
    unlink(tmp_path("stderr"));
}


/* duetd_options_parse with argv "duetd", args..., NULL; stderr to errbuf. */
static int
parse(struct duetd_config *cfg, int *check_only, ...)
{
    char        *argv[MAX_ARGS];
    const char  *a;
    va_list      ap;
    int          argc = 0, rc, saved, dummy;

    argv[argc++] = (char *) "duetd";
    va_start(ap, check_only);
    while ((a = va_arg(ap, const char *)) != NULL && argc < MAX_ARGS - 1) {
        argv[argc++] = (char *) a;
    }
    va_end(ap);
    argv[argc] = NULL;

    saved = capture_begin();
    rc = duetd_options_parse(cfg, check_only != NULL ? check_only : &dummy,
                             argc, argv);
    capture_end(saved);
    return rc;
}


/* Parse text as the whole config file. */
static int
parse_text(struct duetd_config *cfg, const char *text)
{
    write_file(tmp_path("t.conf"), text);
    return parse(cfg, NULL, "--config", tmp_path("t.conf"), NULL);
}


/* text must fail with a message containing "t.conf:<want>". */
static void
expect_error(const char *text, const char *want, const char *what)
{
    struct duetd_config  cfg;
    char                 full[512];
    int                  rc;

    snprintf(full, sizeof(full), "%s/t.conf:%s", tmpdir, want);
    rc = parse_text(&cfg, text);
    if (!ok(rc == -1 && strstr(errbuf, full) != NULL, "rejects %s", what)) {
        diag("wanted: %s", full);
        diag("got rc %d, stderr: %s", rc, errbuf);
    }
}


static void
expect_accept(const char *text, const char *what)
{
    struct duetd_config  cfg;
    int                  rc;

    rc = parse_text(&cfg, text);
    if (!ok(rc == 0 && errbuf[0] == '\0', "accepts %s", what)) {
        diag("got rc %d, stderr: %s", rc, errbuf);
    }
}


static void
test_defaults(void)
{
    struct duetd_config  cfg;
    int                  check = -1;

    ok(parse(&cfg, &check, "--config", "/dev/null", NULL) == 0,
       "an empty file parses");
    is_int(0, check, "check_only is 0 without --check-config");
    is_str("/dev/null", cfg.config_file, "config_file is recorded");
    is_str(DUETD_DEFAULT_LISTEN, cfg.listen_path, "default listen");
    ok(!cfg.listen_tcp && cfg.nfastcgi_allow == 0,
       "the default listen is a unix socket, with no fastcgi_allow");
    is_int(DUETD_DEFAULT_SOCKET_MODE, cfg.socket_mode, "default socket_mode");
    ok(cfg.socket_group == NULL && cfg.user == NULL,
       "no default socket_group or user");
    is_str(DUETD_DEFAULT_DATA_DIR, cfg.data_dir, "default data_dir");
    is_int(DUETD_DEFAULT_WORKERS, cfg.workers, "default workers");
    is_int(DUETD_DEFAULT_MAX_REQUESTS, cfg.max_requests,
           "default max_requests");
    is_int(DUETD_DEFAULT_DRAIN_SECONDS, cfg.drain_seconds,
           "default drain_timeout");
    is_int(DUETD_LOG_INFO, cfg.log_level, "default log_level");
    is_int(0, cfg.log_syslog, "default log_syslog");
    is_int(DUET_LEVEL_128, cfg.level, "default level 128");
    is_int(0, cfg.allow_insecure_level, "default allow_insecure_level");
    is_str(DUETD_DEFAULT_NODE_TAG, cfg.node_tag, "default node_tag");
    is_int(DUETD_DEFAULT_SESSION_CAPACITY, cfg.session_capacity,
           "default session_capacity");
    is_int(DUETD_DEFAULT_SESSION_SLOT_BYTES, (long long) cfg.session_slot_bytes,
           "default session_slot_bytes");
    is_int(DUETD_DEFAULT_SESSION_TTL, cfg.session_ttl, "default session_ttl");
    is_int(DUETD_DEFAULT_SESSION_IDLE, cfg.session_idle,
           "default session_idle");
    is_int(0, cfg.have_operator, "no operator token by default");
    is_str("/var/lib/duet/duet.sqlite3", cfg.store_path,
           "store_path derives from data_dir");
    is_int(DUETD_KMS_FILE, cfg.kms_backend, "default kms_backend file");
    is_str("/var/lib/duet/kms", cfg.kms_dir, "kms_dir derives from data_dir");
    is_str("/var/lib/duet/kms/master.key", cfg.kms_master_key_file,
           "kms_master_key_file derives from kms_dir");
    ok(cfg.vault_addr == NULL && cfg.vault_token_file == NULL
       && cfg.vault_namespace == NULL && cfg.vault_ca_file == NULL,
       "no default Vault address, token file, namespace or CA");
    is_str("secret", cfg.vault_mount, "default vault_mount");
    is_str("duet", cfg.vault_prefix, "default vault_prefix");
    is_int(10, cfg.vault_timeout, "default vault_timeout");
    is_int(DUETD_DEFAULT_PRIME_TARGET, cfg.prime_target,
           "default prime_target");
    is_int(DUETD_DEFAULT_PRIME_LOW, cfg.prime_low_watermark,
           "default prime_low_watermark");
    is_int(DUETD_DEFAULT_PRIME_GENERATORS, cfg.prime_generators,
           "default prime_generators");
    is_int(0, (long long) cfg.nnetworks, "no network by default");
    is_int(DUETD_DEFAULT_RPC_TIMEOUT, cfg.rpc_timeout,
           "default rpc_timeout");
    is_int(0, (long long) cfg.nprices, "no static price by default");
    ok(cfg.price_url == NULL, "no price_url by default");
    is_int(DUETD_DEFAULT_PRICE_CACHE, cfg.price_cache_seconds,
           "default price_cache_seconds");
}


static void
test_good_file(void)
{
    struct duetd_config  cfg;
    uint8_t              want[32];
    size_t               i;

    for (i = 0; i < 32; i++) {
        want[i] = (uint8_t) (0xa0 + i);
    }
    ok(parse_text(&cfg,
        "# every key, none at its default\n"
        "\n"
        "   listen = /srv/duet/run/d.sock   \n"
        "socket_mode=0640\n"
        "socket_group = www-data # trailing comment\n"
        "user = duet\n"
        "data_dir = /srv/duet#1\n"
        "workers = 7\n"
        "max_requests = 0\n"
        "drain_timeout = 30\n"
        "log_level = debug\n"
        "log_syslog = on\n"
        "\tlevel = 112\n"
        "allow_insecure_level = TRUE\n"
        "node_tag = h2b\n"
        "session_capacity = 64\n"
        "session_slot_bytes = 4m\n"
        "session_ttl = 300\n"
        "session_idle = 300\n"
        "operator_token_sha256 = "
        "A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF\n"
        "store_path = /srv/db/duet.sqlite3\n"
        "kms_backend = vault\n"
        "kms_dir = /srv/kms\n"
        "kms_master_key_file = /srv/keys/m.key\n"
        "vault_addr = https://vault.example:8200\n"
        "vault_token_file = /etc/duet/vault-token\n"
        "vault_namespace = team/a\n"
        "vault_mount = kv\n"
        "vault_prefix = duet/prod\n"
        "vault_ca_file = /etc/ssl/vault-ca.pem\n"
        "vault_timeout = 5\n"
        "prime_target = 32\n"
        "prime_low_watermark = 32\n"
        "prime_generators = 2\n") == 0, "a file setting every key parses");
    if (errbuf[0] != '\0') {
        diag("stderr: %s", errbuf);
    }
    is_str("/srv/duet/run/d.sock", cfg.listen_path, "listen (blanks trimmed)");
    is_int(0640, cfg.socket_mode, "socket_mode is octal");
    is_str("www-data", cfg.socket_group, "socket_group (comment stripped)");
    is_str("duet", cfg.user, "user");
    is_str("/srv/duet#1", cfg.data_dir, "a # inside a value is kept");
    is_int(7, cfg.workers, "workers");
    is_int(0, cfg.max_requests, "max_requests 0 (never recycle)");
    is_int(30, cfg.drain_seconds, "drain_timeout");
    is_int(DUETD_LOG_DEBUG, cfg.log_level, "log_level");
    is_int(1, cfg.log_syslog, "log_syslog = on");
    is_int(DUET_LEVEL_112, cfg.level, "level 112 (allowed)");
    is_int(1, cfg.allow_insecure_level, "allow_insecure_level = TRUE");
    is_str("h2b", cfg.node_tag, "node_tag");
    is_int(64, cfg.session_capacity, "session_capacity");
    is_int(4 << 20, (long long) cfg.session_slot_bytes,
           "session_slot_bytes with suffix m");
    is_int(300, cfg.session_ttl, "session_ttl");
    is_int(300, cfg.session_idle, "session_idle may equal session_ttl");
    is_int(1, cfg.have_operator, "operator token configured");
    is_blob(want, cfg.operator_token_sha256, 32,
            "operator hash decoded (upper-case hex)");
    is_str("/srv/db/duet.sqlite3", cfg.store_path, "store_path");
    is_int(DUETD_KMS_VAULT, cfg.kms_backend, "kms_backend vault");
    is_str("/srv/kms", cfg.kms_dir, "kms_dir");
    is_str("/srv/keys/m.key", cfg.kms_master_key_file,
           "kms_master_key_file");
    is_str("https://vault.example:8200", cfg.vault_addr, "vault_addr");
    is_str("/etc/duet/vault-token", cfg.vault_token_file, "vault_token_file");
    is_str("team/a", cfg.vault_namespace, "vault_namespace");
    is_str("kv", cfg.vault_mount, "vault_mount");
    is_str("duet/prod", cfg.vault_prefix, "vault_prefix");
    is_str("/etc/ssl/vault-ca.pem", cfg.vault_ca_file, "vault_ca_file");
    is_int(5, cfg.vault_timeout, "vault_timeout");
    is_int(32, cfg.prime_target, "prime_target");
    is_int(32, cfg.prime_low_watermark,
           "prime_low_watermark may equal prime_target");
    is_int(2, cfg.prime_generators, "prime_generators");

    ok(parse_text(&cfg, "kms_dir = /k\r\nsession_slot_bytes = 128k\r\n") == 0
       && strcmp(cfg.kms_master_key_file, "/k/master.key") == 0
       && cfg.session_slot_bytes == 128 << 10,
       "CRLF lines; kms_master_key_file follows kms_dir; suffix k");
    ok(parse_text(&cfg, "data_dir = /d/\n") == 0
       && strcmp(cfg.store_path, "/d/duet.sqlite3") == 0,
       "derived paths do not double a trailing slash");
    ok(parse_text(&cfg, "socket_group =\nuser = \n") == 0
       && cfg.socket_group == NULL && cfg.user == NULL,
       "an empty optional value means none");
    expect_accept("log_syslog = yes\nallow_insecure_level = false\n",
                  "yes, false");
    expect_accept("log_syslog = off\nallow_insecure_level = no\n",
                  "off, no");
    expect_accept("vault_addr = http://127.0.0.1:8200\n",
                  "plain http to 127.0.0.1");
    expect_accept("vault_addr = http://localhost:8200/\n",
                  "plain http to localhost");
}


static void
test_errors(void)
{
    struct duetd_config  cfg;
    char                 longline[1200];
    int                  rc;

    expect_error("workers = 4\nbogus = 1\n", "2: bogus: unknown key",
                 "an unknown key");
    expect_error("workers = 4\n\nworkers = 5\n",
                 "3: workers: duplicate key (first set on line 1)",
                 "a duplicate key");
    expect_error("workers = 0\n", "1: workers: '0' is not a number in 1..256",
                 "workers 0");
    expect_error("workers = 257\n",
                 "1: workers: '257' is not a number in 1..256",
                 "workers 257");
    expect_error("workers = 4x\n",
                 "1: workers: '4x' is not a number in 1..256",
                 "trailing garbage after a number");
    expect_error("workers = -1\n",
                 "1: workers: '-1' is not a number in 1..256",
                 "a negative number");
    expect_error("workers = +4\n",
                 "1: workers: '+4' is not a number in 1..256",
                 "a signed number");
    expect_error("max_requests = 4294967296\n",
                 "1: max_requests: '4294967296' is not a number in "
                 "0..4294967295", "max_requests above UINT_MAX");
    expect_error("drain_timeout = 3601\n",
                 "1: drain_timeout: '3601' is not a number in 0..3600",
                 "drain_timeout above an hour");
    expect_error("socket_mode = 0999\n",
                 "1: socket_mode: '0999' is not an octal mode in 0..0777",
                 "a non-octal mode");
    expect_error("socket_mode = 01777\n",
                 "1: socket_mode: '01777' is not an octal mode",
                 "a mode with the sticky bit");
    expect_error("log_level = verbose\n",
                 "1: log_level: 'verbose' is not error, warn, info or debug",
                 "an unknown log level");
    expect_error("node_tag = N1\n",
                 "1: node_tag: 'N1' is not 1 to 16 characters of [a-z0-9]",
                 "an upper-case node tag");
    expect_error("node_tag = abcdefghijklmnopq\n",
                 "1: node_tag: 'abcdefghijklmnopq' is not 1 to 16",
                 "a 17-character node tag");
    expect_error("node_tag = n-1\n", "1: node_tag: 'n-1' is not",
                 "a node tag with a dash");
    expect_error("node_tag =\n", "1: node_tag: needs a value",
                 "an empty node tag");
    expect_error("level = 100\n", "1: level: '100' is not 128 or 112",
                 "level 100");
    expect_error("log_syslog = no\nlevel = 112\n",
                 "2: level: level 112 is for tests and comparison only; set "
                 "allow_insecure_level = yes", "level 112 without the flag");
    expect_error("level = 112\nallow_insecure_level = no\n",
                 "1: level: level 112 is for tests",
                 "level 112 with the flag off");
    expect_error("operator_token_sha256 = abcd\n",
                 "1: operator_token_sha256: not 64 hex digits",
                 "a short operator hash");
    expect_error("operator_token_sha256 = "
                 "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d"
                 "1e1f\n", "1: operator_token_sha256: not 64 hex digits",
                 "a non-hex operator hash");
    ok(strstr(errbuf, "zz01") == NULL, "the operator hash is not echoed");
    expect_error("kms_backend = s3\n",
                 "1: kms_backend: 's3' is not file or vault",
                 "an unknown KMS backend");
    expect_error("kms_backend = vault\nvault_token_file = /t\n",
                 "1: kms_backend: vault needs vault_addr",
                 "vault without vault_addr");
    expect_error("vault_addr = https://v:8200\nkms_backend = vault\n",
                 "2: kms_backend: vault needs vault_token_file",
                 "vault without vault_token_file");
    expect_error("vault_addr = http://vault.example:8200\n",
                 "1: vault_addr: 'http://vault.example:8200' is not an "
                 "https:// URL", "plain http to a remote Vault");
    expect_error("vault_addr = http://127.0.0.1.evil.example\n",
                 "1: vault_addr:", "a loopback look-alike host");
    expect_error("vault_addr = https://\n", "1: vault_addr:",
                 "a URL without a host");
    expect_error("vault_mount = ../sys\n",
                 "1: vault_mount: '../sys' is not a Vault path",
                 "a Vault path with ..");
    expect_error("vault_prefix = a//b\n", "1: vault_prefix:",
                 "a Vault path with an empty segment");
    expect_error("vault_timeout = 0\n",
                 "1: vault_timeout: '0' is not a number in 1..300",
                 "vault_timeout 0");
    expect_error("prime_target = 4\nprime_low_watermark = 5\n",
                 "2: prime_low_watermark: 5 is above prime_target (4)",
                 "a low watermark above the target");
    expect_error("prime_generators = 0\n",
                 "1: prime_generators: '0' is not a number in 1..64",
                 "prime_generators 0");
    expect_error("session_capacity = 0\n",
                 "1: session_capacity: '0' is not a number in 1..1048576",
                 "session_capacity 0");
    expect_error("session_slot_bytes = 1k\n",
                 "1: session_slot_bytes: '1k' is not a size in "
                 "65536..67108864 bytes", "a slot below 64 KiB");
    expect_error("session_slot_bytes = 65m\n",
                 "1: session_slot_bytes: '65m' is not a size",
                 "a slot above 64 MiB");
    expect_error("session_slot_bytes = 2g\n",
                 "1: session_slot_bytes: '2g' is not a size",
                 "an unknown size suffix");
    expect_error("session_capacity = 1048576\nsession_slot_bytes = 64m\n",
                 "1: session_capacity: 1048576 slots of 67108864 bytes need",
                 "a table above 64 GiB");
    expect_error("session_ttl = 60\nsession_idle = 61\n",
                 "2: session_idle: 61 is above session_ttl (60)",
                 "an idle limit above the ttl");
    expect_error("log_syslog = maybe\n",
                 "1: log_syslog: 'maybe' is not yes or no",
                 "a boolean that is neither");
    expect_error("listen = run/d.sock\n",
                 "1: listen: 'run/d.sock' is not an absolute path",
                 "a relative socket path");
    expect_error("listen = /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaa\n", "1: listen: path longer than 107 bytes",
                 "a socket path longer than sun_path");
    expect_error("user = du et\n", "1: user: 'du et' is not a user or group "
                 "name", "a user name with a blank");
    expect_error("workers =\n", "1: workers: needs a value",
                 "an empty required value");
    expect_error("workers 4\n", "1: expected 'key = value'",
                 "a line without =");
    expect_error("Workers = 4\n", "1: 'Workers' is not a key name",
                 "an upper-case key");
    memset(longline, 'x', sizeof(longline));
    memcpy(longline, "# ", 2);
    longline[sizeof(longline) - 2] = '\n';
    longline[sizeof(longline) - 1] = '\0';
    expect_error(longline, "1: line longer than 1024 bytes",
                 "an over-long line");

    /* Every error in a file is reported, not just the first. */
    rc = parse_text(&cfg, "workers = 0\nbogus = 1\nnode_tag = X\n");
    ok(rc == -1 && strstr(errbuf, "t.conf:1: workers:") != NULL
       && strstr(errbuf, "t.conf:2: bogus:") != NULL
       && strstr(errbuf, "t.conf:3: node_tag:") != NULL,
       "three errors, three messages");

    /* Command line and file errors. */
    rc = parse(&cfg, NULL, "--config", "/dev/null", "--workers", "0", NULL);
    ok(rc == -1 && strstr(errbuf, "duetd: --workers: '0' is not a number in "
                          "1..256") != NULL,
       "a bad --workers names the option");
    rc = parse(&cfg, NULL, "--config", "/dev/null", "--frobnicate", NULL);
    ok(rc == -1 && strstr(errbuf, "unknown option '--frobnicate'") != NULL,
       "an unknown option");
    rc = parse(&cfg, NULL, "--config", "/dev/null", "extra", NULL);
    ok(rc == -1 && strstr(errbuf, "unexpected argument 'extra'") != NULL,
       "a stray argument");
    rc = parse(&cfg, NULL, "--config", NULL);
    ok(rc == -1 && strstr(errbuf, "needs an argument") != NULL,
       "--config without a file");
    rc = parse(&cfg, NULL, "--config", tmp_path("missing.conf"), NULL);
    ok(rc == -1 && strstr(errbuf, "missing.conf: cannot read: No such file")
       != NULL, "an explicit missing file is an error");
    rc = parse(&cfg, NULL, "--config", tmpdir, NULL);
    ok(rc == -1 && strstr(errbuf, "not a readable file") != NULL,
       "a directory is not a config file");
    write_file(tmp_path("ww.conf"), "workers = 2\n");
    if (chmod(tmp_path("ww.conf"), 0666) != 0) {
        sysbail("chmod");
    }
    rc = parse(&cfg, NULL, "--config", tmp_path("ww.conf"), NULL);
    ok(rc == -1 && strstr(errbuf, "ww.conf: writable by every user") != NULL,
       "a world-writable file is refused");
    unlink(tmp_path("ww.conf"));

    rc = parse(&cfg, NULL, "--config", "/dev/null", "--log-level", "loud",
               NULL);
    ok(rc == -1 && strstr(errbuf, "--log-level: 'loud' is not") != NULL,
       "a bad --log-level names the option");
}


/* Print cfg as --check-config does into a malloc'd string. */
static char *
print_settings(const struct duetd_config *cfg)
{
    FILE  *fp;
    char  *text;

    fp = fopen(tmp_path("print"), "w");
    if (fp == NULL) {
        sysbail("fopen");
    }
    duetd_options_print(cfg, fp);
    fclose(fp);
    text = read_file(tmp_path("print"));
    unlink(tmp_path("print"));
    if (text == NULL) {
        bail("cannot read the printed settings");
    }
    return text;
}


static void
test_networks_prices(void)
{
    struct duetd_config          cfg, fresh;
    const struct duetd_network  *n;
    char                        *text, line[700], url[600];
    int                          saved, rc, i, good;

    ok(parse_text(&cfg,
        "network = mainnet 1 https://rpc.example/v3/SECRETKEY123 "
        "explorer=https://etherscan.io\n"
        "network =\tlocal-2  1337   http://10.0.0.5:8545/?key=QK9 "
        "currency=tETH  explorer=http://127.0.0.1:4000/x\n"
        "network = big 9223372036854775808 https://u:p@host.example\n"
        "rpc_timeout = 3\n"
        "price = ETH 3012.5\n"
        "price = 1337:0x5FbDB2315678AFECB367F032D93F642F64180AA3 1 6\n"
        "price = tETH 0 0\n"
        "price = WBTC 65000.000000000000000001 8\n"
        "price_url = https://prices.example/duet.json\n"
        "price_cache_seconds = 120\n") == 0, "networks and prices parse");
    if (errbuf[0] != '\0') {
        diag("stderr: %s", errbuf);
    }
    is_int(3, (long long) cfg.nnetworks, "three networks");
    n = &cfg.networks[0];
    ok(strcmp(n->name, "mainnet") == 0 && n->chain_id == 1
       && strcmp(n->rpc_url, "https://rpc.example/v3/SECRETKEY123") == 0
       && n->explorer != NULL
       && strcmp(n->explorer, "https://etherscan.io") == 0
       && strcmp(n->currency, "ETH") == 0,
       "mainnet: name, chain id, URL, explorer, default currency ETH");
    n = &cfg.networks[1];
    ok(strcmp(n->name, "local-2") == 0 && n->chain_id == 1337
       && strcmp(n->rpc_url, "http://10.0.0.5:8545/?key=QK9") == 0
       && strcmp(n->currency, "tETH") == 0 && n->explorer != NULL
       && strcmp(n->explorer, "http://127.0.0.1:4000/x") == 0,
       "tabs and runs of blanks; options in any order; plain http to a "
       "LAN host");
    n = &cfg.networks[2];
    ok(n->chain_id == (uint64_t) 1 << 63 && n->explorer == NULL
       && strcmp(n->rpc_url, "https://u:p@host.example") == 0,
       "chain id 2^63; user info in the URL; no explorer");
    ok(duetd_config_network(&cfg, "local-2") == &cfg.networks[1]
       && duetd_config_network(&cfg, "nope") == NULL,
       "duetd_config_network by name");
    ok(duetd_config_network_by_chain(&cfg, 1337) == &cfg.networks[1]
       && duetd_config_network_by_chain(&cfg, 5) == NULL,
       "duetd_config_network_by_chain");
    is_int(3, cfg.rpc_timeout, "rpc_timeout");
    is_int(4, (long long) cfg.nprices, "four prices");
    ok(strcmp(cfg.prices[0].key, "ETH") == 0 && cfg.prices[0].usd == 3012.5
       && cfg.prices[0].decimals == 18, "ETH 3012.5, 18 decimals");
    ok(strcmp(cfg.prices[1].key,
              "1337:0x5fbdb2315678afecb367f032d93f642f64180aa3") == 0
       && cfg.prices[1].usd == 1.0 && cfg.prices[1].decimals == 6,
       "a token key is stored in lower case, with its decimals");
    ok(cfg.prices[2].usd == 0 && cfg.prices[2].decimals == 0,
       "a price of 0 with 0 decimals");
    is_str("https://prices.example/duet.json", cfg.price_url, "price_url");
    is_int(120, cfg.price_cache_seconds, "price_cache_seconds");

    /* --check-config: the RPC URL is masked, everything else shown. */
    text = print_settings(&cfg);
    ok(strstr(text, "\nnetwork = mainnet 1 (set) "
                    "explorer=https://etherscan.io currency=ETH\n") != NULL
       && strstr(text, "\nnetwork = local-2 1337 (set) "
                       "explorer=http://127.0.0.1:4000/x currency=tETH\n")
          != NULL
       && strstr(text, "\nnetwork = big 9223372036854775808 (set) "
                       "currency=ETH\n") != NULL,
       "--check-config prints every network, the RPC URL as (set)");
    ok(strstr(text, "SECRETKEY123") == NULL && strstr(text, "QK9") == NULL
       && strstr(text, "u:p@") == NULL, "and no part of any RPC URL");
    ok(strstr(text, "\nprice = ETH 3012.5 18\n") != NULL
       && strstr(text, "\nprice = 1337:0x5fbdb2315678afecb367f032d93f642f6"
                       "4180aa3 1 6\n") != NULL
       && strstr(text, "\nprice = tETH 0 0\n") != NULL
       && strstr(text, "\nprice = WBTC 65000 8\n") != NULL,
       "--check-config prints every price, shortest exact form");
    ok(strstr(text, "\nrpc_timeout = 3\n") != NULL
       && strstr(text, "\nprice_url = https://prices.example/duet.json\n")
          != NULL
       && strstr(text, "\nprice_cache_seconds = 120\n") != NULL,
       "--check-config prints rpc_timeout, price_url, "
       "price_cache_seconds");
    free(text);

    /* The printed prices read back as the same numbers. */
    ok(parse_text(&cfg, "price = X 0.1\nprice = Y 0.000000000000000001\n"
                        "price = Z 999999999999999.9\n") == 0,
       "awkward USD amounts parse");
    text = print_settings(&cfg);
    ok(strstr(text, "\nprice = X 0.1 18\n") != NULL
       && strstr(text, "\nprice = Y 0.000000000000000001 18\n") != NULL,
       "and print in their shortest fixed-point form");
    free(text);

    ok(parse_text(&cfg, "network =\nprice =\n") == 0 && cfg.nnetworks == 0
       && cfg.nprices == 0, "empty network and price lines add nothing");

    /* At the limits. */
    text = bmalloc(64 * 80);
    text[0] = '\0';
    for (i = 0; i < DUETD_NETWORKS_MAX; i++) {
        snprintf(line, sizeof(line), "network = n%d %d http://h%d\n", i,
                 i + 1, i);
        strcat(text, line);
    }
    ok(parse_text(&cfg, text) == 0
       && cfg.nnetworks == DUETD_NETWORKS_MAX, "%d networks are accepted",
       DUETD_NETWORKS_MAX);
    strcat(text, "network = one-more 7 http://h\n");
    snprintf(line, sizeof(line), "%d: network: more than %d networks",
             DUETD_NETWORKS_MAX + 1, DUETD_NETWORKS_MAX);
    expect_error(text, line, "a network over the limit");
    text[0] = '\0';
    for (i = 0; i <= DUETD_PRICES_MAX; i++) {
        snprintf(line, sizeof(line), "price = T%d %d\n", i, i);
        strcat(text, line);
    }
    snprintf(line, sizeof(line), "%d: price: more than %d prices",
             DUETD_PRICES_MAX + 1, DUETD_PRICES_MAX);
    expect_error(text, line, "a price over the limit");
    free(text);

    /* A URL at the length limit, and one byte over. */
    memset(url, 'a', sizeof(url));
    memcpy(url, "https://", 8);
    url[512] = '\0';
    snprintf(line, sizeof(line), "network = long 1 %s\n", url);
    expect_accept(line, "an RPC URL of 512 bytes");
    url[512] = 'a';
    url[513] = '\0';
    snprintf(line, sizeof(line), "network = long 1 %s\n", url);
    expect_error(line, "1: network: long: the RPC URL is not",
                 "an RPC URL of 513 bytes");

    /* Errors: file:line: key: reason, and never the RPC URL. */
    expect_error("network = main\n",
                 "1: network: expected NAME CHAIN_ID RPC_URL",
                 "a network without chain id and URL");
    expect_error("network = a 1 http://h explorer=http://e currency=X "
                 "more\n", "1: network: expected NAME",
                 "a network with a sixth word");
    expect_error("network = Main 1 http://h\n",
                 "1: network: 'Main' is not a network name",
                 "an upper-case network name");
    expect_error("network = a_b 1 http://h\n",
                 "1: network: 'a_b' is not a network name",
                 "a network name with an underscore");
    expect_error("network = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaaaaaaaaaaaaaaa 1 http://h\n",
                 "1: network: 'aaaa", "a 65-character network name");
    expect_error("network = a 1 http://h\n\nnetwork = a 2 http://g\n",
                 "3: network: network 'a' is already defined (line 1)",
                 "a second network of the same name");
    expect_error("network = a 0 http://h\n",
                 "1: network: a: the chain id is not a number in "
                 "1..9223372036854775808", "chain id 0");
    expect_error("network = a 9223372036854775809 http://h\n",
                 "1: network: a: the chain id is not", "chain id 2^63 + 1");
    expect_error("network = a 18446744073709551616 http://h\n",
                 "1: network: a: the chain id is not", "chain id 2^64");
    expect_error("network = a -1 http://h\n",
                 "1: network: a: the chain id is not", "a negative chain id");
    expect_error("network = a 0x1 http://h\n",
                 "1: network: a: the chain id is not", "a hex chain id");
    expect_error("network = a http://h/KEYA 1\n",
                 "1: network: a: the chain id is not",
                 "words out of order");
    ok(strstr(errbuf, "KEYA") == NULL, "the misplaced URL is not quoted");
    expect_error("network = a 1 ftp://h/KEYB\n",
                 "1: network: a: the RPC URL is not http:// or https://",
                 "an ftp RPC URL");
    ok(strstr(errbuf, "KEYB") == NULL, "a bad RPC URL is not quoted");
    expect_error("network = a 1 file:///etc/passwd\n",
                 "1: network: a: the RPC URL is not", "a file: RPC URL");
    expect_error("network = a 1 https://\n",
                 "1: network: a: the RPC URL is not", "a URL without host");
    expect_error("network = a 1 https:///path\n",
                 "1: network: a: the RPC URL is not",
                 "a URL with an empty host");
    expect_error("network = a 1 HTTPS://h\n",
                 "1: network: a: the RPC URL is not", "an upper-case scheme");
    expect_error("network = a 1 http://h/x#KEYC\n",
                 "1: network: a: the RPC URL is not", "a URL with a #");
    ok(strstr(errbuf, "KEYC") == NULL, "nor is one with a fragment");
    expect_error("network = a 1 http://h explorer=ftp://e\n",
                 "1: network: a: explorer 'ftp://e' is not an http:// or "
                 "https:// URL", "a bad explorer URL");
    expect_error("network = a 1 http://h currency=E-TH\n",
                 "1: network: a: currency 'E-TH' is not 1 to 16 of "
                 "[A-Za-z0-9]", "a currency with a dash");
    expect_error("network = a 1 http://h currency=ABCDEFGHIJKLMNOPQ\n",
                 "1: network: a: currency 'ABCDEFGHIJKLMNOPQ' is not",
                 "a 17-character currency");
    expect_error("network = a 1 http://h currency=X currency=Y\n",
                 "1: network: a: word 5 is not explorer=URL or "
                 "currency=SYMBOL (each at most once)",
                 "a currency given twice");
    expect_error("network = a 1 http://h/ http://KEYD\n",
                 "1: network: a: word 4 is not explorer=URL",
                 "an unknown fourth word");
    ok(strstr(errbuf, "KEYD") == NULL, "the unknown word is not quoted");

    expect_error("rpc_timeout = 0\n",
                 "1: rpc_timeout: '0' is not a number in 1..300",
                 "rpc_timeout 0");
    expect_error("rpc_timeout = 301\n",
                 "1: rpc_timeout: '301' is not a number in 1..300",
                 "rpc_timeout 301");
    expect_error("rpc_timeout = 5\nrpc_timeout = 6\n",
                 "2: rpc_timeout: duplicate key",
                 "rpc_timeout twice (not repeatable)");

    expect_error("price = ETH\n", "1: price: expected KEY USD [DECIMALS]",
                 "a price without USD");
    expect_error("price = ETH 1 18 x\n", "1: price: expected KEY USD",
                 "a price with a fourth word");
    expect_error("price = E-TH 1\n",
                 "1: price: 'E-TH' is not a currency symbol",
                 "a bad symbol");
    expect_error("price = 1:0x1234 1\n",
                 "1: price: '1:0x1234' is not a currency symbol",
                 "a short token address");
    expect_error("price = 0:0x5fbdb2315678afecb367f032d93f642f64180aa3 1\n",
                 "1: price: '0:0x5fbd", "a token on chain 0");
    expect_error("price = 1:5fbdb2315678afecb367f032d93f642f64180aa300 1\n",
                 "1: price: '1:5fbd", "a token address without 0x");
    expect_error("price = 1:0x5fbdb2315678afecb367f032d93f642f64180aaz 1\n",
                 "1: price: '1:0x5fbd", "a token address with a non-hex "
                 "digit");
    expect_error("price = ETH -1\n",
                 "1: price: ETH: '-1' is not a USD amount", "a negative "
                 "price");
    expect_error("price = ETH 1e3\n",
                 "1: price: ETH: '1e3' is not a USD amount",
                 "an exponent");
    expect_error("price = ETH 1.\n",
                 "1: price: ETH: '1.' is not a USD amount",
                 "a bare decimal point");
    expect_error("price = ETH .5\n",
                 "1: price: ETH: '.5' is not a USD amount",
                 "no digit before the point");
    expect_error("price = ETH 0.0000000000000000001\n",
                 "1: price: ETH: '0.0000000000000000001' is not",
                 "19 decimals");
    expect_error("price = ETH 1000000000000001\n",
                 "1: price: ETH: '1000000000000001' is not",
                 "a price above 10^15");
    expect_error("price = ETH nan\n", "1: price: ETH: 'nan' is not",
                 "nan");
    expect_error("price = ETH 1 78\n",
                 "1: price: ETH: '78' is not a number of decimals in 0..77",
                 "78 decimals");
    expect_error("price = ETH 1 -1\n",
                 "1: price: ETH: '-1' is not a number of decimals",
                 "negative decimals");
    expect_error("price = 1:0xAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 1\n"
                 "price = 1:0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 2\n",
                 "2: price: the price of 1:0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                 "aaaaaaaaaa is already set (line 1)",
                 "one token in two cases");
    expect_error("price_url = http://prices.example/p.json\n",
                 "1: price_url: 'http://prices.example/p.json' is not an "
                 "https:// URL", "plain http to a remote price_url");
    expect_error("price_cache_seconds = 0\n",
                 "1: price_cache_seconds: '0' is not a number in 1..86400",
                 "price_cache_seconds 0");
    expect_error("price_cache_seconds = 86401\n",
                 "1: price_cache_seconds: '86401' is not",
                 "price_cache_seconds over a day");
    expect_accept("price_url = http://127.0.0.1:9/p\n",
                  "price_url over http to 127.0.0.1");
    ok(parse_text(&cfg, "price_url =\n") == 0 && cfg.price_url == NULL,
       "an empty price_url means none");

    /* SIGHUP applies them: none is restart-only. */
    write_file(tmp_path("n.conf"), "network = a 1 http://h1\n"
               "rpc_timeout = 5\nprice = ETH 1\n");
    ok(parse(&cfg, NULL, "--config", tmp_path("n.conf"), NULL) == 0,
       "reload: initial parse with a network");
    write_file(tmp_path("n.conf"), "network = b 2 http://h2\n"
               "network = c 3 http://h3\nrpc_timeout = 7\n"
               "price = BTC 2 8\nprice_url = https://p.example/\n"
               "price_cache_seconds = 9\n");
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    good = rc == 0 && fresh.nnetworks == 2
           && strcmp(fresh.networks[0].name, "b") == 0
           && strcmp(fresh.networks[1].rpc_url, "http://h3") == 0
           && fresh.rpc_timeout == 7 && fresh.nprices == 1
           && strcmp(fresh.prices[0].key, "BTC") == 0
           && fresh.price_url != NULL && fresh.price_cache_seconds == 9;
    ok(good, "SIGHUP applies networks, rpc_timeout and prices");
    ok(strstr(errbuf, "needs a restart") == NULL,
       "without a restart warning");
    unlink(tmp_path("n.conf"));
}


static void
test_precedence(void)
{
    struct duetd_config  cfg;
    int                  check = 0;

    write_file(tmp_path("p.conf"),
               "workers = 3\nlog_level = warn\ndata_dir = /from/file\n"
               "max_requests = 50\n");
    ok(parse(&cfg, &check, "--workers", "5", "--config", tmp_path("p.conf"),
             "--data-dir", "/from/cli", "--check-config", NULL) == 0,
       "file plus command line parses");
    is_int(1, check, "--check-config sets check_only");
    is_int(5, cfg.workers, "command line beats file (workers)");
    is_str("/from/cli", cfg.data_dir, "command line beats file (data_dir)");
    is_str("/from/cli/duet.sqlite3", cfg.store_path,
           "derived paths follow the winning data_dir");
    is_int(DUETD_LOG_WARN, cfg.log_level, "file beats default (log_level)");
    is_int(50, cfg.max_requests, "file beats default (max_requests)");
    is_int(DUETD_DEFAULT_DRAIN_SECONDS, cfg.drain_seconds,
           "default stays when nobody sets it");

    ok(parse(&cfg, NULL, "--config", tmp_path("p.conf"), "-w", "2", "-w",
             "9", "--log-level=debug", NULL) == 0
       && cfg.workers == 9 && cfg.log_level == DUETD_LOG_DEBUG,
       "the last of repeated options wins; --opt=value works");

    write_file(tmp_path("p.conf"), "data_dir = /d\nstore_path = /s/db\n");
    ok(parse(&cfg, NULL, "--config", tmp_path("p.conf"), NULL) == 0
       && strcmp(cfg.store_path, "/s/db") == 0
       && strcmp(cfg.kms_dir, "/d/kms") == 0,
       "an explicit store_path is not derived");

    /* A key set in the file but overridden is not judged on its line. */
    write_file(tmp_path("p.conf"), "workers = 3\n");
    ok(parse(&cfg, NULL, "--config", tmp_path("p.conf"), "--workers", "300",
             NULL) == -1
       && strstr(errbuf, "--workers: '300'") != NULL
       && strstr(errbuf, "p.conf:1") == NULL,
       "an error in an override names the option, not the file line");
    unlink(tmp_path("p.conf"));
}


static void
test_reload(void)
{
    struct duetd_config  cfg, fresh, keep;
    int                  saved, rc;

    write_file(tmp_path("r.conf"),
               "workers = 2\nlog_level = info\ndata_dir = /r/one\n"
               "node_tag = aa\nmax_requests = 100\n");
    ok(parse(&cfg, NULL, "--config", tmp_path("r.conf"), "--max-requests",
             "7", NULL) == 0, "reload: initial parse");

    write_file(tmp_path("r.conf"),
               "workers = 3\nlog_level = debug\ndata_dir = /r/two\n"
               "node_tag = bb\nmax_requests = 9\nprime_target = 20\n"
               "operator_token_sha256 = "
               "00000000000000000000000000000000"
               "00000000000000000000000000000001\n");
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    is_int(0, rc, "reload of a changed file succeeds");
    is_int(3, fresh.workers, "reload applies workers");
    is_int(DUETD_LOG_DEBUG, fresh.log_level, "reload applies log_level");
    is_int(20, fresh.prime_target, "reload applies prime_target");
    ok(fresh.have_operator && fresh.operator_token_sha256[31] == 1,
       "reload applies a new operator hash (rotation)");
    is_int(7, fresh.max_requests, "the command line still wins on reload");
    is_str("/r/one", fresh.data_dir, "restart-only data_dir is kept");
    is_str("/r/one/duet.sqlite3", fresh.store_path,
           "restart-only store_path is kept");
    is_str("aa", fresh.node_tag, "restart-only node_tag is kept");
    ok(strstr(errbuf, "data_dir: changed to '/r/two' but needs a restart; "
                      "keeping '/r/one'") != NULL,
       "a warning names data_dir");
    ok(strstr(errbuf, "node_tag: changed to 'bb'") != NULL,
       "a warning names node_tag");
    ok(strstr(errbuf, "workers") == NULL,
       "no warning for a reloadable key");

    /* An inherited socket has no path, and a reload must not invent one. */
    cfg.listen_path = NULL;
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    ok(rc == 0 && fresh.listen_path == NULL
       && strstr(errbuf, "listen") == NULL,
       "reload keeps an inherited socket's NULL path, silently");

    write_file(tmp_path("r.conf"), "workers = 3\nworkers = 4\nlevel = 9\n");
    memset(&fresh, 0x5a, sizeof(fresh));
    memcpy(&keep, &fresh, sizeof(keep));
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    is_int(-1, rc, "reload of a bad file fails");
    ok(memcmp(&fresh, &keep, sizeof(keep)) == 0,
       "and leaves the output untouched");
    ok(strstr(errbuf, "r.conf:2: workers: duplicate key") != NULL
       && strstr(errbuf, "r.conf:3: level:") != NULL,
       "the reload errors are logged with file and line");

    unlink(tmp_path("r.conf"));
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    ok(rc == -1 && strstr(errbuf, "r.conf: cannot read") != NULL,
       "reload of a vanished file fails and says so");

    cfg.config_file = NULL;
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    ok(rc == 0 && fresh.config_file == NULL
       && fresh.workers == DUETD_DEFAULT_WORKERS && fresh.max_requests == 7,
       "without a file, reload gives defaults and command line");
}


/* Is the peer addr (text), port 1234, allowed by cfg? */
static int
peer_ok(const struct duetd_config *cfg, const char *addr)
{
    struct sockaddr_in   sin;
    struct sockaddr_in6  sin6;

    memset(&sin, 0, sizeof(sin));
    memset(&sin6, 0, sizeof(sin6));
    if (inet_pton(AF_INET, addr, &sin.sin_addr) == 1) {
        sin.sin_family = AF_INET;
        sin.sin_port = htons(1234);
        return duetd_config_peer_allowed(cfg, (struct sockaddr *) &sin,
                                         sizeof(sin));
    }
    if (inet_pton(AF_INET6, addr, &sin6.sin6_addr) != 1) {
        bail("bad test address %s", addr);
    }
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(1234);
    return duetd_config_peer_allowed(cfg, (struct sockaddr *) &sin6,
                                     sizeof(sin6));
}


static void
test_tcp(void)
{
    struct duetd_config   cfg, fresh;
    struct sockaddr_in   *sin;
    struct sockaddr_in6  *sin6;
    struct sockaddr_un    sun;
    char                  text[DUETD_SOCKADDR_TEXT_MAX], *printed;
    int                   saved, rc;

    /* IPv4 and IPv6 addresses, with the allow-list. */
    rc = parse_text(&cfg, "listen = 10.0.0.11:9000\n"
                          "fastcgi_allow = 10.0.0.5 2001:db8::7\n");
    if (!ok(rc == 0 && errbuf[0] == '\0', "listen IPV4:PORT parses")) {
        diag("%s", errbuf);
    }
    sin = (struct sockaddr_in *) (void *) &cfg.listen_addr;
    ok(cfg.listen_tcp && sin->sin_family == AF_INET
       && ntohs(sin->sin_port) == 9000
       && sin->sin_addr.s_addr == htonl(0x0a00000b)
       && cfg.listen_addrlen == sizeof(*sin),
       "  into a sockaddr_in 10.0.0.11 port 9000");
    is_str("10.0.0.11:9000", cfg.listen_path, "  keeping the text");
    is_int(2, (long long) cfg.nfastcgi_allow, "two allowed peers");
    ok(peer_ok(&cfg, "10.0.0.5"), "the allowed IPv4 peer matches");
    ok(peer_ok(&cfg, "2001:db8::7"), "the allowed IPv6 peer matches");
    ok(peer_ok(&cfg, "::ffff:10.0.0.5"),
       "an IPv4-mapped IPv6 peer matches its IPv4 entry");
    ok(!peer_ok(&cfg, "10.0.0.6"), "another IPv4 peer does not");
    ok(!peer_ok(&cfg, "2001:db8::8"), "another IPv6 peer does not");
    ok(!peer_ok(&cfg, "::ffff:10.0.0.6"), "nor another mapped one");
    ok(!peer_ok(&cfg, "::a00:5"),
       "an IPv4-compatible ::10.0.0.5 is not 10.0.0.5");
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    ok(!duetd_config_peer_allowed(&cfg, (struct sockaddr *) &sun,
                                  sizeof(sun)), "a unix peer is not allowed");
    printed = print_settings(&cfg);
    ok(strstr(printed, "\nlisten = 10.0.0.11:9000\n") != NULL
       && strstr(printed, "\nfastcgi_allow = 10.0.0.5 2001:db8::7\n")
          != NULL, "--check-config prints listen and fastcgi_allow");
    free(printed);

    rc = parse_text(&cfg, "listen = [::1]:65535\n"
                          "fastcgi_allow = ::ffff:127.0.0.1 ::1\n");
    if (!ok(rc == 0, "listen [IPV6]:PORT parses")) {
        diag("%s", errbuf);
    }
    sin6 = (struct sockaddr_in6 *) (void *) &cfg.listen_addr;
    ok(cfg.listen_tcp && sin6->sin6_family == AF_INET6
       && ntohs(sin6->sin6_port) == 65535
       && IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr)
       && cfg.listen_addrlen == sizeof(*sin6),
       "  into a sockaddr_in6 ::1 port 65535");
    ok(peer_ok(&cfg, "127.0.0.1"),
       "a mapped allow entry matches the plain IPv4 peer");
    printed = print_settings(&cfg);
    ok(strstr(printed, "\nfastcgi_allow = 127.0.0.1 ::1\n") != NULL,
       "and is printed as IPv4");
    free(printed);
    duetd_sockaddr_format((struct sockaddr *) &cfg.listen_addr,
                          cfg.listen_addrlen, text, sizeof(text));
    is_str("[::1]:65535", text, "an IPv6 address is formatted in brackets");
    sin6->sin6_addr.s6_addr[0] = 0xff;
    memset(sin6->sin6_addr.s6_addr + 1, 0xff, 15);
    duetd_sockaddr_format((struct sockaddr *) &cfg.listen_addr,
                          cfg.listen_addrlen, text, sizeof(text));
    is_str("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535", text,
           "the longest IPv6 text fits");

    /* The command line overrides a TCP listen with a path, and back. */
    write_file(tmp_path("t.conf"), "listen = 127.0.0.1:9000\n"
                                   "fastcgi_allow = 127.0.0.1\n");
    rc = parse(&cfg, NULL, "--config", tmp_path("t.conf"), "--listen",
               "/run/x.sock", NULL);
    ok(rc == 0 && !cfg.listen_tcp
       && strcmp(cfg.listen_path, "/run/x.sock") == 0,
       "--listen PATH overrides a TCP listen");
    rc = parse(&cfg, NULL, "--config", "/dev/null", "--listen",
               "127.0.0.1:9000", NULL);
    ok(rc == -1 && strstr(errbuf, "duetd: --listen: 127.0.0.1:9000 is a TCP "
                          "socket: set fastcgi_allow to the nginx hosts' "
                          "addresses") != NULL,
       "--listen IPV4:PORT without fastcgi_allow names the option");
    expect_accept("listen = /run/duet/d.sock\nfastcgi_allow = 10.0.0.5\n",
                  "fastcgi_allow with a unix socket (main warns)");
    expect_accept("fastcgi_allow =\n", "an empty fastcgi_allow");

    expect_error("listen = 10.0.0.11:9000\n",
                 "1: listen: 10.0.0.11:9000 is a TCP socket: set "
                 "fastcgi_allow to the nginx hosts' addresses",
                 "TCP without fastcgi_allow");
    expect_error("listen = [2001:db8::1]:9000\nfastcgi_allow =\n",
                 "1: listen: [2001:db8::1]:9000 is a TCP socket: set "
                 "fastcgi_allow to the nginx hosts' addresses",
                 "IPv6 TCP with an empty fastcgi_allow");
    expect_error("listen = 10.0.0.11:0\nfastcgi_allow = 10.0.0.5\n",
                 "1: listen: '10.0.0.11:0': the port is not a number in "
                 "1..65535", "port 0");
    expect_error("listen = 10.0.0.11:65536\nfastcgi_allow = 10.0.0.5\n",
                 "1: listen: '10.0.0.11:65536': the port is not a number "
                 "in 1..65535", "port 65536");
    expect_error("listen = 10.0.0.11:\nfastcgi_allow = 10.0.0.5\n",
                 "1: listen: '10.0.0.11:': the port is not a number in "
                 "1..65535", "an empty port");
    expect_error("listen = 10.0.0.11:+80\nfastcgi_allow = 10.0.0.5\n",
                 "1: listen: '10.0.0.11:+80': the port is not a number in "
                 "1..65535", "a signed port");
    expect_error("listen = 10.0.0.11\n",
                 "1: listen: '10.0.0.11' is not an absolute path, IPV4:PORT "
                 "or [IPV6]:PORT", "an address without a port");
    expect_error("listen = [::1]\n",
                 "1: listen: '[::1]' is not [IPV6]:PORT",
                 "an IPv6 address without a port");
    expect_error("listen = [::1:9000\n",
                 "1: listen: '[::1:9000' is not [IPV6]:PORT",
                 "an IPv6 address without its bracket");
    expect_error("listen = ::1:9000\n",
                 "1: listen: '::1:9000': an IPv6 address is written in "
                 "brackets, [IPV6]:PORT", "an IPv6 address without brackets");
    expect_error("listen = localhost:9000\nfastcgi_allow = 127.0.0.1\n",
                 "1: listen: 'localhost:9000': 'localhost' is not an IPv4 "
                 "address (host names are not accepted)", "a host name");
    expect_error("listen = duet1.example.net:9000\n",
                 "1: listen: 'duet1.example.net:9000': 'duet1.example.net' "
                 "is not an IPv4 address (host names are not accepted)",
                 "a fully qualified host name");
    expect_error("listen = 10.0.0.256:9000\n",
                 "1: listen: '10.0.0.256:9000': '10.0.0.256' is not an IPv4 "
                 "address", "an IPv4 octet above 255");
    expect_error("listen = [fe80::1%eth0]:9000\n",
                 "1: listen: '[fe80::1%eth0]:9000': 'fe80::1%eth0' is not "
                 "an IPv6 address", "an IPv6 zone");
    expect_error("listen = [localhost]:9000\n",
                 "1: listen: '[localhost]:9000': 'localhost' is not an IPv6 "
                 "address", "a host name in brackets");

    expect_error("listen = 127.0.0.1:9000\nfastcgi_allow = nginx1\n",
                 "2: fastcgi_allow: 'nginx1' is not an IPv4 or IPv6 address "
                 "(no host names, no /prefix)", "a host name in the list");
    expect_error("fastcgi_allow = 10.0.0.0/24\n",
                 "1: fastcgi_allow: '10.0.0.0/24' is not an IPv4 or IPv6 "
                 "address (no host names, no /prefix)", "a prefix");
    expect_error("fastcgi_allow = 10.0.0.5,10.0.0.6\n",
                 "1: fastcgi_allow: '10.0.0.5,10.0.0.6' is not an IPv4 or "
                 "IPv6 address", "a comma-separated list");
    expect_error("fastcgi_allow = 10.0.0.5 0.0.0.0\n",
                 "1: fastcgi_allow: '0.0.0.0' is no peer's address; list "
                 "the nginx hosts' addresses", "0.0.0.0");
    expect_error("fastcgi_allow = ::\n",
                 "1: fastcgi_allow: '::' is no peer's address", "::");
    expect_error("fastcgi_allow = 10.0.0.5 ::ffff:10.0.0.5\n",
                 "1: fastcgi_allow: '::ffff:10.0.0.5' is listed twice",
                 "the same address twice (mapped)");
    expect_error("fastcgi_allow = 10.0.0.5\nfastcgi_allow = 10.0.0.6\n",
                 "2: fastcgi_allow: duplicate key (first set on line 1)",
                 "a second fastcgi_allow line");
    expect_error("fastcgi_allow = 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 "
                 "10.0.0.5 10.0.0.6 10.0.0.7 10.0.0.8 10.0.0.9 10.0.0.10 "
                 "10.0.0.11 10.0.0.12 10.0.0.13 10.0.0.14 10.0.0.15 "
                 "10.0.0.16 10.0.0.17 10.0.0.18 10.0.0.19 10.0.0.20 "
                 "10.0.0.21 10.0.0.22 10.0.0.23 10.0.0.24 10.0.0.25 "
                 "10.0.0.26 10.0.0.27 10.0.0.28 10.0.0.29 10.0.0.30 "
                 "10.0.0.31 10.0.0.32 10.0.0.33\n",
                 "1: fastcgi_allow: more than 32 addresses",
                 "33 addresses");
    expect_accept("fastcgi_allow = 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 "
                  "10.0.0.5 10.0.0.6 10.0.0.7 10.0.0.8 10.0.0.9 10.0.0.10 "
                  "10.0.0.11 10.0.0.12 10.0.0.13 10.0.0.14 10.0.0.15 "
                  "10.0.0.16 10.0.0.17 10.0.0.18 10.0.0.19 10.0.0.20 "
                  "10.0.0.21 10.0.0.22 10.0.0.23 10.0.0.24 10.0.0.25 "
                  "10.0.0.26 10.0.0.27 10.0.0.28 10.0.0.29 10.0.0.30 "
                  "10.0.0.31 10.0.0.32\n", "32 addresses");

    /* Reload: listen is restart-only, fastcgi_allow is not. */
    write_file(tmp_path("r.conf"), "listen = 127.0.0.1:9000\n"
                                   "fastcgi_allow = 127.0.0.1\n");
    ok(parse(&cfg, NULL, "--config", tmp_path("r.conf"), NULL) == 0,
       "reload (TCP): initial parse");
    write_file(tmp_path("r.conf"), "listen = 127.0.0.1:9001\n"
                                   "fastcgi_allow = 127.0.0.2 ::1\n");
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    ok(rc == 0 && fresh.nfastcgi_allow == 2 && peer_ok(&fresh, "::1")
       && !peer_ok(&fresh, "127.0.0.1"), "reload applies fastcgi_allow");
    sin = (struct sockaddr_in *) (void *) &fresh.listen_addr;
    ok(fresh.listen_tcp && strcmp(fresh.listen_path, "127.0.0.1:9000") == 0
       && ntohs(sin->sin_port) == 9000, "and keeps the TCP listen");
    ok(strstr(errbuf, "listen: changed to '127.0.0.1:9001' but needs a "
                      "restart; keeping '127.0.0.1:9000'") != NULL,
       "  with a warning");

    write_file(tmp_path("r.conf"), "listen = /run/duet/d.sock\n");
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    ok(rc == -1 && strstr(errbuf, "fastcgi_allow: empty, but duetd listens "
                          "on TCP; configuration not reloaded") != NULL,
       "a reload that would leave TCP without fastcgi_allow is refused");

    /* An inherited TCP socket: main sets listen_tcp, the path is NULL. */
    write_file(tmp_path("r.conf"), "fastcgi_allow = 127.0.0.1\n");
    ok(parse(&cfg, NULL, "--config", tmp_path("r.conf"), NULL) == 0,
       "reload (inherited TCP): initial parse");
    cfg.listen_path = NULL;
    cfg.listen_tcp = 1;
    write_file(tmp_path("r.conf"), "fastcgi_allow =\n");
    saved = capture_begin();
    rc = duetd_options_reload(&fresh, &cfg);
    capture_end(saved);
    ok(rc == -1 && strstr(errbuf, "fastcgi_allow: empty, but duetd listens "
                          "on TCP") != NULL,
       "  emptying fastcgi_allow is refused there too");
    unlink(tmp_path("r.conf"));
}


/* Run duetd_options_parse in a child; its stdout and exit status. */
static int
run_child(char *out, size_t size, int *status, const char *a1,
    const char *a2)
{
    char   *argv[4];
    int     fds[2], argc = 0;
    pid_t   pid;
    size_t  n = 0;
    ssize_t r;

    if (pipe(fds) != 0) {
        sysbail("pipe");
    }
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        sysbail("fork");
    }
    if (pid == 0) {
        struct duetd_config  cfg;
        int                  check;

        close(fds[0]);
        if (dup2(fds[1], 1) < 0) {
            _exit(99);
        }
        argv[argc++] = (char *) "duetd";
        argv[argc++] = (char *) a1;
        if (a2 != NULL) {
            argv[argc++] = (char *) a2;
        }
        argv[argc] = NULL;
        (void) duetd_options_parse(&cfg, &check, argc, argv);
        _exit(98);       /* the option should have exited */
    }
    close(fds[1]);
    while (n < size - 1 && (r = read(fds[0], out + n, size - 1 - n)) > 0) {
        n += (size_t) r;
    }
    out[n] = '\0';
    close(fds[0]);
    if (waitpid(pid, status, 0) != pid) {
        sysbail("waitpid");
    }
    return 0;
}


static void
test_operator_token(void)
{
    struct duetd_config  cfg;
    char                 out[512], out2[512], token[128], hex[80];
    char                 conf[256], want_hex[65];
    uint8_t              md[32];
    unsigned             mdlen = 0;
    size_t               i, tlen;
    int                  status, good;

    run_child(out, sizeof(out), &status, "--new-operator-token", NULL);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
       "--new-operator-token exits 0");
    good = sscanf(out, "%127s\noperator_token_sha256 = %79s", token, hex) == 2;
    tlen = strlen(token);
    ok(good && strncmp(token, "duet_op_", 8) == 0 && tlen == 8 + 43,
       "the token is duet_op_ and 43 base64url characters");
    for (i = 8; good && i < tlen; i++) {
        char  ch = token[i];

        good = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
               || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
    }
    ok(good, "only base64url characters after the prefix");
    ok(EVP_Digest(token, tlen, md, &mdlen, EVP_sha256(), NULL) == 1
       && mdlen == 32 && duet_hex_encode(want_hex, sizeof(want_hex), md, 32)
       == 0, "hash the token");
    is_str(want_hex, hex, "the printed line is SHA-256 of the whole token");

    snprintf(conf, sizeof(conf), "operator_token_sha256 = %s\n", hex);
    ok(parse_text(&cfg, conf) == 0 && cfg.have_operator
       && memcmp(cfg.operator_token_sha256, md, 32) == 0,
       "the printed line is a valid config line for that token");

    run_child(out2, sizeof(out2), &status, "--new-operator-token", NULL);
    ok(strncmp(out, out2, 8 + 43) != 0, "a second token differs");
    duet_memclear(token, sizeof(token));
    duet_memclear(out, sizeof(out));
    duet_memclear(out2, sizeof(out2));
}


static void
test_help(void)
{
    char  out[8192];
    int   status;

    run_child(out, sizeof(out), &status, "--help", NULL);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "--help exits 0");
    ok(strstr(out, "--config FILE") != NULL
       && strstr(out, "--check-config") != NULL
       && strstr(out, "--new-operator-token") != NULL,
       "--help lists the new options");
    ok(strstr(out, "[workers = 4; 1-256]") != NULL
       && strstr(out, "[listen = " DUETD_DEFAULT_LISTEN "]") != NULL
       && strstr(out, "[socket_mode = 0660]") != NULL,
       "--help shows the key, default and range an option overrides");
    ok(strstr(out, "SIGHUP re-reads the config") != NULL,
       "--help says what SIGHUP does");

    run_child(out, sizeof(out), &status, "--version", NULL);
    ok(WIFEXITED(status) && WEXITSTATUS(status) == 0
       && strncmp(out, "duetd " PACKAGE_VERSION "\n", sizeof(PACKAGE_VERSION)
                  + 6) == 0, "--version");
}


/*
 * The example config names every key, commented out at its default: with
 * every "#key = value" line uncommented it must give exactly the embedded
 * defaults.  The docs must name every key too.
 */
static void
test_example_and_docs(void)
{
    struct duetd_config  cfg;
    const char          *src = getenv("top_srcdir");
    char                 path[1024], *example, *docs, *printed, *line, *next;
    char                 want[128], *uncommented, *defaults, *body, *p;
    FILE                *fp;
    size_t               keys = 0, in_example = 0, in_docs = 0;

    if (src == NULL || *src == '\0') {
        skip_block(5, "top_srcdir not set (run through make check)");
        return;
    }
    snprintf(path, sizeof(path), "%s/fcgi_app/duetd.conf", src);
    example = read_file(path);
    snprintf(path, sizeof(path), "%s/docs/duetd.conf.md", src);
    docs = read_file(path);
    if (example == NULL || docs == NULL) {
        bail("cannot read fcgi_app/duetd.conf or docs/duetd.conf.md");
    }

    ok(parse(&cfg, NULL, "--config", "/dev/null", NULL) == 0,
       "defaults for the print");
    fp = fopen(tmp_path("print"), "w");
    if (fp == NULL) {
        sysbail("fopen");
    }
    duetd_options_print(&cfg, fp);
    fclose(fp);
    printed = read_file(tmp_path("print"));
    unlink(tmp_path("print"));
    defaults = strchr(printed, '\n') + 1;    /* below the "# duetd" line */

    for (line = defaults; *line != '\0'; line = next) {
        char  key[64];

        next = strchr(line, '\n');
        next = next != NULL ? next + 1 : line + strlen(line);
        if (sscanf(line, "%63[a-z0-9_] =", key) != 1) {
            continue;
        }
        keys++;
        snprintf(want, sizeof(want), "\n#%s =", key);
        if (strstr(example, want) != NULL) {
            in_example++;
        } else {
            diag("fcgi_app/duetd.conf lacks '#%s ='", key);
        }
        snprintf(want, sizeof(want), "| `%s` |", key);
        if (strstr(docs, want) != NULL) {
            in_docs++;
        } else {
            diag("docs/duetd.conf.md has no row for %s", key);
        }
    }
    ok(keys >= 32, "--check-config prints every key (%zu)", keys);
    is_int((long long) keys, (long long) in_example,
           "the example config shows every key");
    is_int((long long) keys, (long long) in_docs,
           "docs/duetd.conf.md documents every key");

    /* Uncomment "#key = value" lines (not prose comments). */
    uncommented = bmalloc(strlen(example) + 1);
    p = uncommented;
    for (line = example; *line != '\0'; line = next) {
        size_t  len;

        next = strchr(line, '\n');
        next = next != NULL ? next + 1 : line + strlen(line);
        len = (size_t) (next - line);
        if (line[0] == '#' && line[1] >= 'a' && line[1] <= 'z'
            && memchr(line, '=', len) != NULL)
        {
            line++;
            len--;
        }
        memcpy(p, line, len);
        p += len;
    }
    *p = '\0';
    if (!ok(parse_text(&cfg, uncommented) == 0,
            "the example, uncommented, parses"))
    {
        diag("%s", errbuf);
    }
    fp = fopen(tmp_path("print"), "w");
    if (fp == NULL) {
        sysbail("fopen");
    }
    duetd_options_print(&cfg, fp);
    fclose(fp);
    body = read_file(tmp_path("print"));
    unlink(tmp_path("print"));
    is_str(defaults, strchr(body, '\n') + 1,
           "and every value in it is the embedded default");

    free(body);
    free(uncommented);
    free(printed);
    free(example);
    free(docs);
}


int
main(int argc, char **argv)
{
    tap_init(argc, argv);
    plan_lazy();
    tmpdir = test_tmpdir();

    test_defaults();
    test_good_file();
    test_errors();
    test_networks_prices();
    test_precedence();
    test_reload();
    test_tcp();
    test_operator_token();
    test_help();
    test_example_and_docs();

    unlink(tmp_path("t.conf"));
    test_tmpdir_free(tmpdir);
    return 0;
}
