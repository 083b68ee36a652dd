/*
 * cmd.h -- the `duet` command table and what every command shares: the
 * parsed command line, the home and profile, the output (text or --json),
 * the exit codes (docs/cli.md), and the helpers that open the client,
 * read the credentials and the share.
 *
 * A command is a row of duet_commands[] (main.c): its words ("policy
 * set"), its arguments, a summary, and the names of the options it takes
 * from duet_options[]; `--help` text is generated from the row, so an
 * option a command reads is one it documents.
 */

#ifndef DUET_CLI_CMD_H
#define DUET_CLI_CMD_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "client.h"
#include "home.h"

#define DUET_EXIT_OK           0
#define DUET_EXIT_FAILURE      1   /* anything else                       */
#define DUET_EXIT_USAGE        2   /* bad command line                    */
#define DUET_EXIT_CREDENTIALS  3   /* passphrase, API key, operator token */
#define DUET_EXIT_POLICY       4   /* refused by the signer's guardrails  */
#define DUET_EXIT_UNREACHABLE  5   /* duetd, nginx or the node is down    */
#define DUET_EXIT_PARTY        6   /* a protocol party misbehaved         */
#define DUET_EXIT_CORRUPT      7   /* a share, profile or key file is bad */

#define DUET_CMD_ARGS_MAX      4
#define DUET_CMD_OPTS_MAX      12
#define DUET_CMD_ERR_SIZE      1024

struct duet_option {
    const char  *name;             /* long name, without "--"             */
    const char  *arg;              /* "URL", ...; NULL for a flag         */
    const char  *help;
};

struct duet_ctx;

struct duet_command {
    const char  *name;             /* "send", "policy set"                */
    const char  *args;             /* "TO AMOUNT", "" for none            */
    int          min_args;
    int          max_args;
    int          flags;            /* DUET_CMD_*                          */
    const char  *summary;
    const char  *opts[DUET_CMD_OPTS_MAX];   /* names in duet_options[]   */
    int        (*fn)(struct duet_ctx *ctx);
};

#define DUET_CMD_HIDDEN  0x01      /* not listed by `duet help`          */

struct duet_ctx {
    const struct duet_command  *cmd;
    int                         json;
    int                         passphrase_fd;       /* -1: none         */
    const char                 *profile_name;        /* NULL: default    */
    const char                 *home_dir;            /* NULL: DUET_HOME  */
    int                         argc;
    char                       *argv[DUET_CMD_ARGS_MAX];
    const char                 *optv[DUET_CMD_OPTS_MAX];  /* by cmd->opts */

    struct duet_home            home;
    struct duet_profile         profile;
    struct json_object         *out;                 /* --json result    */
    char                        err[DUET_CMD_ERR_SIZE];
};

extern const struct duet_option   duet_options[];
extern const struct duet_command  duet_commands[];

/* The value of option name for this command, "" for a set flag, or NULL. */
const char *duet_opt(const struct duet_ctx *ctx, const char *name);

/*
 * Record the failure (printed by main once: on stderr, and as
 * {"error", "exitCode"} with --json) and return code.
 */
int duet_fail(struct duet_ctx *ctx, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * One result field: "key: value" on stdout, or a member of the --json
 * object (duet_out_json takes ownership of v).
 */
void duet_out(struct duet_ctx *ctx, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void duet_out_json(struct duet_ctx *ctx, const char *key,
    struct json_object *v);
/* A line for people only: stderr with --json, else stdout. */
void duet_note(struct duet_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Open the home (create: make it) and load the profile. */
int duet_ctx_home(struct duet_ctx *ctx, int create);
int duet_ctx_profile(struct duet_ctx *ctx);

/*
 * A client for the profile's server (or server, ca_file when not NULL)
 * with the credentials asked for: DUET_AUTH_KEY the API key file,
 * DUET_AUTH_OPERATOR --operator-token-file or DUET_OPERATOR_TOKEN.
 */
#define DUET_AUTH_NONE      0
#define DUET_AUTH_KEY       1
#define DUET_AUTH_OPERATOR  2
int duet_ctx_client(struct duet_ctx *ctx, const char *server,
    const char *ca_file, int auth, struct duet_client **c);

/* Map a client failure to an exit code, with the client's line. */
int duet_ctx_client_fail(struct duet_ctx *ctx, struct duet_client *c, int rc,
    const char *what);

/*
 * The profile's share 0 (prompting for its passphrase); free with
 * duet_share_free.
 */
int duet_ctx_share(struct duet_ctx *ctx, struct duet_client_share *s);
void duet_share_free(struct duet_client_share *s);

/*
 * A request whose answer must be 2xx JSON: *resp parsed (put it), or an
 * exit code with the failure recorded.
 */
int duet_ctx_call(struct duet_ctx *ctx, struct duet_client *c,
    const char *method, const char *path, const char *body,
    struct json_object **resp);

/* Read a small text file whole ("-": stdin); malloc'd, NUL-terminated. */
int duet_ctx_read_text(struct duet_ctx *ctx, const char *path, size_t max,
    char **text);

/* A JSON-RPC call to url: *result the "result" member (put resp). */
int duet_rpc_call(struct duet_ctx *ctx, const char *url, const char *method,
    const char *params, struct json_object **resp,
    struct json_object **result);

/* The commands, one group per file. */
int duet_cmd_init(struct duet_ctx *ctx);          /* cmd_init.c   */
int duet_cmd_primes_warm(struct duet_ctx *ctx);
int duet_cmd_send(struct duet_ctx *ctx);          /* cmd_sign.c   */
int duet_cmd_deploy(struct duet_ctx *ctx);
int duet_cmd_sign_message(struct duet_ctx *ctx);
int duet_cmd_sign_typed_data(struct duet_ctx *ctx);
int duet_cmd_status(struct duet_ctx *ctx);        /* cmd_signer.c */
int duet_cmd_info(struct duet_ctx *ctx);
int duet_cmd_balance(struct duet_ctx *ctx);
int duet_cmd_policy_get(struct duet_ctx *ctx);
int duet_cmd_policy_set(struct duet_ctx *ctx);
int duet_cmd_pause(struct duet_ctx *ctx);
int duet_cmd_resume(struct duet_ctx *ctx);
int duet_cmd_rotate_key(struct duet_ctx *ctx);
int duet_cmd_audit(struct duet_ctx *ctx);         /* cmd_audit.c  */
int duet_cmd_audit_verify(struct duet_ctx *ctx);
int duet_cmd_cosign(struct duet_ctx *ctx);        /* cmd_cosign.c */
int duet_cmd_proxy(struct duet_ctx *ctx);         /* cmd_proxy.c  */

/* Amount "1.5" (ETH) or "123wei" into decimal wei; 0 or -1. */
int duet_parse_amount(const char *s, char *wei, size_t size);

#endif /* DUET_CLI_CMD_H */
