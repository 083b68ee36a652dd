/*
 * main.c -- duet, the signer CLI: party 0 for bots, parties 0 and 2 for
 * key creation, and one side of offline co-signing.  The commands and
 * their options are the tables below; every help text is generated from
 * them (docs/cli.md describes them for people).
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duet.h"
#include "cmd.h"


const struct duet_option  duet_options[] = {
    { "server", "URL", "duetd's base URL (https://host:port)" },
    { "ca-file", "FILE", "PEM certificates to trust for the server" },
    { "operator-token-file", "FILE",
      "file holding the operator token (else DUET_OPERATOR_TOKEN)" },
    { "primes-file", "FILE",
      "pre-generated safe primes, one hex prime a line (tests; else"
      " the home's warmed primes or fresh ones)" },
    { "level", "N", "security level: 128 (default) or 112" },
    { "network", "NAME", "network name configured on the server" },
    { "chain-id", "N", "chain id (instead of --network)" },
    { "data", "HEX", "call data, 0x..." },
    { "gas-limit", "N", "gas limit (default: estimated by duetd)" },
    { "nonce", "N", "nonce (default: the next one)" },
    { "no-broadcast", NULL, "sign only: print the raw transaction" },
    { "rpc", "URL", "an Ethereum node's JSON-RPC URL" },
    { "export", "FILE", "write the signer's audit log as CSV to FILE" },
    { "count", "N", "how many primes to pre-generate (default 1 set)" },
    { "listen", "HOST:PORT", "wait for the peer on this address" },
    { "connect", "HOST:PORT", "connect to the peer at this address" },
    { "dir", "DIR", "exchange messages as files in DIR (air-gapped)" },
    { "code", "DIGITS", "the code the peer shows (else confirm on the TTY)" },
    { "share-file", "FILE", "the share to use (cosign: the recovery file)" },
    { "tx", "FILE", "a complete transaction JSON (type, chainId, nonce,"
      " gas, fees)" },
    { "message", "TEXT", "a personal_sign message" },
    { "typed-data", "FILE", "EIP-712 typed data JSON" },
    { "broadcast", "URL", "send the signed transaction to this node" },
    { "timeout", "SECONDS", "how long to wait for the peer (default 300)" },
    { "port", "N", "the local port (default 8545)" },
    { "default", NULL, "make the new profile the default one" },
    { NULL, NULL, NULL }
};

#define DUET_GLOBAL_OPTS \
    "  --json               machine-readable output on stdout\n" \
    "  --profile NAME       the profile to use (default: the default one)\n" \
    "  --home DIR           the configuration directory ($DUET_HOME," \
    " ~/.duet)\n" \
    "  --passphrase-fd N    read the share passphrase from descriptor N\n"

static int duet_cmd_help(struct duet_ctx *ctx);
static int duet_cmd_version(struct duet_ctx *ctx);

const struct duet_command  duet_commands[] = {
    { "init", "NAME", 1, 1, 0,
      "create a signer: share 0, recovery file, API key, profile",
      { "server", "ca-file", "operator-token-file", "primes-file", "level",
        "network", "default" }, duet_cmd_init },
    { "primes warm", "", 0, 0, 0,
      "pre-generate the safe primes of the next init",
      { "level", "count" }, duet_cmd_primes_warm },
    { "send", "TO AMOUNT", 2, 2, 0,
      "send AMOUNT (ETH: 0.5, or wei: 123wei) to TO",
      { "network", "chain-id", "data", "gas-limit", "nonce",
        "no-broadcast" }, duet_cmd_send },
    { "deploy", "BYTECODE", 1, 1, 0,
      "deploy a contract (0x bytecode, or @FILE)",
      { "network", "chain-id", "gas-limit", "nonce", "no-broadcast" },
      duet_cmd_deploy },
    { "sign-message", "MSG", 1, 1, 0,
      "sign MSG (text or 0x hex) with personal_sign",
      { NULL }, duet_cmd_sign_message },
    { "sign-typed-data", "FILE", 1, 1, 0,
      "sign the EIP-712 typed data in FILE (\"-\": stdin)",
      { NULL }, duet_cmd_sign_typed_data },
    { "status", "", 0, 0, 0,
      "the signer's status, address and network",
      { NULL }, duet_cmd_status },
    { "info", "", 0, 0, 0,
      "the profile and its files (no network)",
      { NULL }, duet_cmd_info },
    { "balance", "", 0, 0, 0,
      "the signer's balance (eth_getBalance on --rpc URL)",
      { "rpc" }, duet_cmd_balance },
    { "policy get", "", 0, 0, 0,
      "print the signer's policy document",
      { NULL }, duet_cmd_policy_get },
    { "policy set", "FILE", 1, 1, 0,
      "replace the signer's policy with FILE's",
      { "operator-token-file" }, duet_cmd_policy_set },
    { "audit", "", 0, 0, 0,
      "list the signer's audit log (or export CSV)",
      { "export" }, duet_cmd_audit },
    { "audit verify", "", 0, 0, 0,
      "check the audit chain, report the first bad row",
      { NULL }, duet_cmd_audit_verify },
    { "pause", "", 0, 0, 0,
      "pause the signer (duetd refuses to sign)",
      { "operator-token-file" }, duet_cmd_pause },
    { "resume", "", 0, 0, 0,
      "resume a paused signer",
      { "operator-token-file" }, duet_cmd_resume },
    { "rotate-key", "", 0, 0, 0,
      "replace the API key (the old one dies at once)",
      { "operator-token-file" }, duet_cmd_rotate_key },
    { "cosign", "", 0, 0, 0,
      "sign with shares 0 and 2, without the server",
      { "listen", "connect", "dir", "code", "share-file", "tx", "message",
        "typed-data", "broadcast", "timeout" }, duet_cmd_cosign },
    { "proxy", "", 0, 0, 0,
      "a local JSON-RPC endpoint signing through duet",
      { "port", "rpc" }, duet_cmd_proxy },
    { "help", "[COMMAND]", 0, 2, 0,
      "the commands, or one command's options",
      { NULL }, duet_cmd_help },
    { "version", "", 0, 0, 0,
      "print the version of duet and libduet",
      { NULL }, duet_cmd_version },
    { NULL, NULL, 0, 0, 0, NULL, { NULL }, NULL }
};

static const char  *duet_exit_text =
    "Exit codes:\n"
    "  0 ok, 1 failure, 2 usage, 3 credentials or passphrase,\n"
    "  4 refused by policy, 5 server or node unreachable,\n"
    "  6 a protocol party misbehaved, 7 a file is corrupt\n";


static const struct duet_option *
duet_option_find(const char *name)
{
    size_t  i;

    for (i = 0; duet_options[i].name != NULL; i++) {
        if (strcmp(duet_options[i].name, name) == 0) {
            return &duet_options[i];
        }
    }
    return NULL;
}


const char *
duet_opt(const struct duet_ctx *ctx, const char *name)
{
    size_t  i;

    for (i = 0; i < DUET_CMD_OPTS_MAX && ctx->cmd->opts[i] != NULL; i++) {
        if (strcmp(ctx->cmd->opts[i], name) == 0) {
            return ctx->optv[i];
        }
    }
    return NULL;
}


int
duet_fail(struct duet_ctx *ctx, int code, const char *fmt, ...)
{
    va_list  ap;

    va_start(ap, fmt);
    vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
    va_end(ap);
    return code;
}


void
duet_out_json(struct duet_ctx *ctx, const char *key, struct json_object *v)
{
    if (ctx->json) {
        json_object_object_add(ctx->out, key, v);
        return;
    }
    printf("%s: %s\n", key,
           json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN
                                          | JSON_C_TO_STRING_NOSLASHESCAPE));
    json_object_put(v);
}


void
duet_out(struct duet_ctx *ctx, const char *key, const char *fmt, ...)
{
    va_list  ap;
    char    *buf;
    int      n;

    /* Not a fixed buffer: a raw transaction may be megabytes of hex. */
    va_start(ap, fmt);
    n = vasprintf(&buf, fmt, ap);
    va_end(ap);
    if (n < 0) {
        /* Failing loudly beats printing half a transaction. */
        fprintf(stderr, "duet: out of memory printing %s\n", key);
        exit(DUET_EXIT_FAILURE);
    }
    if (ctx->json) {
        json_object_object_add(ctx->out, key, json_object_new_string(buf));
    } else {
        printf("%s: %s\n", key, buf);
    }
    free(buf);
}


void
duet_note(struct duet_ctx *ctx, const char *fmt, ...)
{
    va_list  ap;
    FILE    *f = ctx->json ? stderr : stdout;

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
}


static void
duet_usage(FILE *out)
{
    size_t  i;
    char    head[64];

    fprintf(out, "Usage: duet [global options] COMMAND [arguments]\n\n"
                 "duet signs Ethereum transactions as one party of a 2-of-3 "
                 "threshold wallet.\n\nCommands:\n");
    for (i = 0; duet_commands[i].name != NULL; i++) {
        if (duet_commands[i].flags & DUET_CMD_HIDDEN) {
            continue;
        }
        snprintf(head, sizeof(head), "%s%s%s", duet_commands[i].name,
                 duet_commands[i].args[0] ? " " : "", duet_commands[i].args);
        fprintf(out, "  %-22s %s\n", head, duet_commands[i].summary);
    }
    fprintf(out, "\nGlobal options (before or after COMMAND):\n"
                 DUET_GLOBAL_OPTS "  --help               show help\n\n"
                 "%s\n'duet help COMMAND' shows a command's options; "
                 "docs/cli.md has the details.\n", duet_exit_text);
}


static void
duet_command_usage(FILE *out, const struct duet_command *cmd)
{
    const struct duet_option  *o;
    size_t                     i;
    char                       head[64];

    fprintf(out, "Usage: duet %s%s%s%s\n\n%s.\n", cmd->name,
            cmd->opts[0] != NULL ? " [options]" : "",
            cmd->args[0] ? " " : "", cmd->args, cmd->summary);
    if (cmd->opts[0] != NULL) {
        fprintf(out, "\nOptions:\n");
    }
    for (i = 0; i < DUET_CMD_OPTS_MAX && cmd->opts[i] != NULL; i++) {
        o = duet_option_find(cmd->opts[i]);
        snprintf(head, sizeof(head), "--%s%s%s", o->name,
                 o->arg != NULL ? " " : "", o->arg != NULL ? o->arg : "");
        if (strlen(head) > 26) {
            fprintf(out, "  %s\n  %-26s %s\n", head, "", o->help);
        } else {
            fprintf(out, "  %-26s %s\n", head, o->help);
        }
    }
    fprintf(out, "\nGlobal options:\n" DUET_GLOBAL_OPTS "\n%s",
            duet_exit_text);
}


static struct json_object *
duet_command_json(const struct duet_command *cmd)
{
    const struct duet_option  *o;
    struct json_object        *c, *opts, *x;
    size_t                     i;

    c = json_object_new_object();
    opts = json_object_new_array();
    json_object_object_add(c, "name", json_object_new_string(cmd->name));
    json_object_object_add(c, "args", json_object_new_string(cmd->args));
    json_object_object_add(c, "summary",
                           json_object_new_string(cmd->summary));
    for (i = 0; i < DUET_CMD_OPTS_MAX && cmd->opts[i] != NULL; i++) {
        o = duet_option_find(cmd->opts[i]);
        x = json_object_new_object();
        json_object_object_add(x, "name", json_object_new_string(o->name));
        json_object_object_add(x, "arg", o->arg != NULL
                                         ? json_object_new_string(o->arg)
                                         : NULL);
        json_object_object_add(x, "help", json_object_new_string(o->help));
        json_object_array_add(opts, x);
    }
    json_object_object_add(c, "options", opts);
    return c;
}


/*
 * The command that argv names (one or two words): *used says how many
 * words it took.  "audit verify" wins over "audit".
 */
static const struct duet_command *
duet_command_find(int argc, char **argv, int *used)
{
    const struct duet_command  *one = NULL;
    size_t                      i, n;
    char                        two[128];

    if (argc < 1) {
        return NULL;
    }
    two[0] = '\0';
    if (argc >= 2 && (n = strlen(argv[0])) + strlen(argv[1]) + 2
                     <= sizeof(two))
    {
        memcpy(two, argv[0], n);
        two[n] = ' ';
        memcpy(two + n + 1, argv[1], strlen(argv[1]) + 1);
    }
    for (i = 0; duet_commands[i].name != NULL; i++) {
        if (two[0] != '\0' && strcmp(duet_commands[i].name, two) == 0) {
            *used = 2;
            return &duet_commands[i];
        }
        if (strcmp(duet_commands[i].name, argv[0]) == 0) {
            one = &duet_commands[i];
        }
    }
    if (one != NULL) {
        *used = 1;
        return one;
    }
    /* "policy" alone names a group: say which words follow. */
    n = strlen(argv[0]);
    for (i = 0; duet_commands[i].name != NULL; i++) {
        if (strncmp(duet_commands[i].name, argv[0], n) == 0
            && duet_commands[i].name[n] == ' ')
        {
            *used = 0;
            return &duet_commands[i];
        }
    }
    return NULL;
}


static int
duet_cmd_help(struct duet_ctx *ctx)
{
    const struct duet_command  *cmd;
    struct json_object         *arr;
    size_t                      i;
    int                         used;

    if (ctx->argc == 0) {
        if (ctx->json) {
            arr = json_object_new_array();
            for (i = 0; duet_commands[i].name != NULL; i++) {
                json_object_array_add(arr,
                                      duet_command_json(&duet_commands[i]));
            }
            json_object_object_add(ctx->out, "commands", arr);
            return DUET_EXIT_OK;
        }
        duet_usage(stdout);
        return DUET_EXIT_OK;
    }
    cmd = duet_command_find(ctx->argc, ctx->argv, &used);
    if (cmd == NULL || used == 0 || used != ctx->argc) {
        return duet_fail(ctx, DUET_EXIT_USAGE,
                         "unknown command '%s' (try 'duet help')",
                         ctx->argv[0]);
    }
    if (ctx->json) {
        json_object_object_add(ctx->out, "command", duet_command_json(cmd));
        return DUET_EXIT_OK;
    }
    duet_command_usage(stdout, cmd);
    return DUET_EXIT_OK;
}


static int
duet_cmd_version(struct duet_ctx *ctx)
{
    duet_out(ctx, "duet", "%s", PACKAGE_VERSION);
    duet_out(ctx, "libduet", "%s", DUET_VERSION_STRING);
    return DUET_EXIT_OK;
}


/*
 * Parse "--name value", "--name=value" and flags, anywhere on the line;
 * "--" ends the options (a message may start with "-").
 */
static int
duet_parse(struct duet_ctx *ctx, int argc, char **argv, int *help)
{
    const struct duet_command  *cmd;
    const struct duet_option   *o;
    char                       *words[DUET_CMD_ARGS_MAX + 2];
    char                       *a, *val, *end, name[64];
    size_t                      i, nl;
    int                         nwords = 0, used, k, dashdash = 0;
    long                        fd;

    /* First pass: words, globals; a command's options after it's known. */
    for (k = 1; k < argc; k++) {
        a = argv[k];
        if (dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
            if (nwords == DUET_CMD_ARGS_MAX + 2) {
                return duet_fail(ctx, DUET_EXIT_USAGE,
                                 "too many arguments");
            }
            words[nwords++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            dashdash = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            *help = 1;
            continue;
        }
        if (strcmp(a, "--json") == 0) {
            ctx->json = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            return duet_fail(ctx, DUET_EXIT_USAGE, "unknown option '%s'", a);
        }
        val = strchr(a + 2, '=');
        nl = val != NULL ? (size_t) (val - (a + 2)) : strlen(a + 2);
        if (nl >= sizeof(name)) {
            return duet_fail(ctx, DUET_EXIT_USAGE, "unknown option '%.40s'",
                             a);
        }
        memcpy(name, a + 2, nl);
        name[nl] = '\0';
        if (val != NULL) {
            val++;
        }
        if (strcmp(name, "profile") == 0 || strcmp(name, "home") == 0
            || strcmp(name, "passphrase-fd") == 0)
        {
            o = NULL;
        } else if ((o = duet_option_find(name)) == NULL) {
            return duet_fail(ctx, DUET_EXIT_USAGE,
                             "unknown option '--%s' (try 'duet help')",
                             name);
        }
        if ((o == NULL || o->arg != NULL) && val == NULL) {
            if (k + 1 >= argc) {
                return duet_fail(ctx, DUET_EXIT_USAGE,
                                 "option '--%s' needs a value", name);
            }
            val = argv[++k];
        }
        if (o != NULL && o->arg == NULL && val != NULL) {
            return duet_fail(ctx, DUET_EXIT_USAGE,
                             "option '--%s' takes no value", name);
        }
        if (strcmp(name, "profile") == 0) {
            if (!duet_profile_name_ok(val)) {
                return duet_fail(ctx, DUET_EXIT_USAGE,
                                 "bad profile name '%.64s'", val);
            }
            ctx->profile_name = val;
        } else if (strcmp(name, "home") == 0) {
            ctx->home_dir = val;
        } else if (strcmp(name, "passphrase-fd") == 0) {
            errno = 0;
            fd = strtol(val, &end, 10);
            if (errno != 0 || *end != '\0' || end == val || fd < 0
                || fd > 65535)
            {
                return duet_fail(ctx, DUET_EXIT_USAGE,
                                 "--passphrase-fd needs a descriptor number");
            }
            ctx->passphrase_fd = (int) fd;
        }
        /* A command's option is checked below, once the command is known. */
    }

    if (nwords == 0) {
        if (*help) {
            ctx->cmd = NULL;
            return DUET_EXIT_OK;
        }
        return duet_fail(ctx, DUET_EXIT_USAGE,
                         "no command given (try 'duet help')");
    }
    cmd = duet_command_find(nwords, words, &used);
    if (cmd == NULL) {
        return duet_fail(ctx, DUET_EXIT_USAGE,
                         "unknown command '%s' (try 'duet help')", words[0]);
    }
    if (used == 0) {
        return duet_fail(ctx, DUET_EXIT_USAGE,
                         "'%s' needs a subcommand (try 'duet help')",
                         words[0]);
    }
    ctx->cmd = cmd;
    if (*help) {
        return DUET_EXIT_OK;
    }
    if (nwords - used < cmd->min_args || nwords - used > cmd->max_args) {
        return duet_fail(ctx, DUET_EXIT_USAGE,
                         "usage: duet %s%s%s (try 'duet %s --help')",
                         cmd->name, cmd->args[0] ? " " : "", cmd->args,
                         cmd->name);
    }
    for (k = used; k < nwords; k++) {
        ctx->argv[ctx->argc++] = words[k];
    }

    /* Second pass: the command's own options. */
    dashdash = 0;
    for (k = 1; k < argc; k++) {
        a = argv[k];
        if (dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
            continue;
        }
        if (strcmp(a, "--") == 0) {
            dashdash = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "--help") == 0
            || strcmp(a, "--json") == 0)
        {
            continue;
        }
        val = strchr(a + 2, '=');
        nl = val != NULL ? (size_t) (val - (a + 2)) : strlen(a + 2);
        memcpy(name, a + 2, nl);
        name[nl] = '\0';
        if (val != NULL) {
            val++;
        }
        if (strcmp(name, "profile") == 0 || strcmp(name, "home") == 0
            || strcmp(name, "passphrase-fd") == 0)
        {
            k += val == NULL;
            continue;
        }
        o = duet_option_find(name);
        for (i = 0; i < DUET_CMD_OPTS_MAX && cmd->opts[i] != NULL; i++) {
            if (strcmp(cmd->opts[i], name) == 0) {
                break;
            }
        }
        if (i == DUET_CMD_OPTS_MAX || cmd->opts[i] == NULL) {
            return duet_fail(ctx, DUET_EXIT_USAGE,
                             "'duet %s' takes no option '--%s' (try 'duet"
                             " %s --help')", cmd->name, name, cmd->name);
        }
        if (o->arg != NULL && val == NULL) {
            val = argv[++k];
        }
        ctx->optv[i] = o->arg != NULL ? val : "";
    }
    return DUET_EXIT_OK;
}


int
main(int argc, char **argv)
{
    struct duet_ctx  ctx;
    int              rc, help = 0;

    memset(&ctx, 0, sizeof(ctx));
    ctx.passphrase_fd = -1;
    if ((ctx.out = json_object_new_object()) == NULL) {
        fprintf(stderr, "duet: out of memory\n");
        return DUET_EXIT_FAILURE;
    }
    rc = duet_parse(&ctx, argc, argv, &help);
    if (rc == DUET_EXIT_OK && help) {
        if (ctx.cmd == NULL) {
            duet_usage(stdout);
        } else {
            duet_command_usage(stdout, ctx.cmd);
        }
        json_object_put(ctx.out);
        return DUET_EXIT_OK;
    }
    if (rc == DUET_EXIT_OK && duet_init_displacing() != 0) {
        rc = duet_fail(&ctx, DUET_EXIT_FAILURE,
                       "libduet initialisation failed");
    }
    if (rc == DUET_EXIT_OK) {
        rc = ctx.cmd->fn(&ctx);
    }
    if (rc != DUET_EXIT_OK) {
        fprintf(stderr, "duet: %s\n", ctx.err[0] ? ctx.err : "failed");
        if (ctx.json) {
            json_object_object_add(ctx.out, "error",
                                   json_object_new_string(ctx.err));
            json_object_object_add(ctx.out, "exitCode",
                                   json_object_new_int(rc));
        }
    }
    if (ctx.json) {
        printf("%s\n", json_object_to_json_string_ext(ctx.out,
                   JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
    }
    json_object_put(ctx.out);
    if (fflush(stdout) != 0 && rc == DUET_EXIT_OK) {
        fprintf(stderr, "duet: writing the output failed\n");
        rc = DUET_EXIT_FAILURE;
    }
    return rc;
}
