/*
 * main.c -- duet, the signer CLI: party 0 for bots, and party 2 for key
 * creation and offline co-signing.  Subcommands are a table; `duet help` is
 * generated from it.  Later issues add create, sign and cosign.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "duet.h"


struct duet_cmd {
    const char  *name;
    int        (*fn)(int argc, char **argv);
    const char  *description;
};

static int duet_cmd_help(int argc, char **argv);
static int duet_cmd_version(int argc, char **argv);

static const struct duet_cmd  duet_cmds[] = {
    { "help", duet_cmd_help, "show the subcommands and what they do" },
    { "version", duet_cmd_version, "print the version of duet and libduet" },
};

#define DUET_NCMDS  (sizeof(duet_cmds) / sizeof(duet_cmds[0]))


static void
duet_usage(FILE *out)
{
    size_t  i;

    fprintf(out, "Usage: duet <subcommand> [arguments]\n\n"
                 "duet signs Ethereum transactions as one party of a 2-of-3 "
                 "threshold wallet.\n\nSubcommands:\n");
    for (i = 0; i < DUET_NCMDS; i++) {
        fprintf(out, "  %-10s %s\n", duet_cmds[i].name,
                duet_cmds[i].description);
    }
}


static int
duet_cmd_help(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    duet_usage(stdout);
    return 0;
}


static int
duet_cmd_version(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    printf("duet %s (libduet %s)\n", PACKAGE_VERSION, DUET_VERSION_STRING);
    return 0;
}


int
main(int argc, char **argv)
{
    size_t  i;

    if (argc < 2) {
        duet_usage(stderr);
        return 1;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        return duet_cmd_help(argc - 1, argv + 1);
    }
    if (strcmp(argv[1], "--version") == 0) {
        return duet_cmd_version(argc - 1, argv + 1);
    }
    if (duet_init_displacing() != 0) {
        fprintf(stderr, "duet: libduet initialisation failed\n");
        return 1;
    }
    for (i = 0; i < DUET_NCMDS; i++) {
        if (strcmp(argv[1], duet_cmds[i].name) == 0) {
            return duet_cmds[i].fn(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "duet: unknown subcommand '%s' (try 'duet help')\n",
            argv[1]);
    return 1;
}
