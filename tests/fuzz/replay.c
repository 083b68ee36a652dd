/*
 * replay.c -- run a libFuzzer harness over a committed corpus, as a TAP
 * test, with the ordinary compiler (no clang needed).  Linked with one
 * fuzz-<name>.c, built as tests/fuzz/<name>-replay-t.
 *
 * Usage: <name>-replay-t [--seed=HEX] [DIR-OR-FILE]
 *
 * Without an argument the corpus is $top_srcdir/tests/fuzz/corpus/<name>
 * (top_srcdir comes from the test environment; "." when unset).  A file
 * argument replays that one input, e.g. a crash found by "make fuzz".
 * Each input is one test; a harness that finds a violation aborts, which
 * the TAP driver reports.
 */

#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "basic.h"
#include "fuzz.h"

#ifndef DUET_FUZZ_CORPUS
#error "compile with -DDUET_FUZZ_CORPUS='\"name\"'"
#endif

/* The harnesses stop looking past 4 KiB; leave room for odd corpora. */
#define REPLAY_MAX_INPUT  ((size_t) 1 << 20)


/* Read a whole file (at most REPLAY_MAX_INPUT bytes); bails on error. */
static uint8_t *
replay_read(const char *path, size_t *size)
{
    FILE *f;
    uint8_t *buf;
    size_t n;

    if ((f = fopen(path, "rb")) == NULL) {
        sysbail("cannot open %s", path);
    }
    buf = bmalloc(REPLAY_MAX_INPUT + 1);
    n = fread(buf, 1, REPLAY_MAX_INPUT + 1, f);
    if (ferror(f)) {
        sysbail("cannot read %s", path);
    }
    fclose(f);
    if (n > REPLAY_MAX_INPUT) {
        bail("%s is over %zu bytes", path, REPLAY_MAX_INPUT);
    }
    *size = n;

    return buf;
}


static void
replay_one(const char *path, const char *label)
{
    uint8_t *data;
    size_t size;
    int r;

    data = replay_read(path, &size);
    r = LLVMFuzzerTestOneInput(data, size);
    free(data);
    ok(r == 0, "%s (%zu bytes)", label, size);
}


/* Corpus entries: regular names, not hidden files. */
static int
replay_filter(const struct dirent *d)
{
    return d->d_name[0] != '.';
}


int
main(int argc, char **argv)
{
    const char *top = getenv("top_srcdir");
    const char *target = NULL;
    struct dirent **names = NULL;
    struct stat st;
    char *dir = NULL, *path;
    size_t len;
    int i, n;

    tap_init(argc, argv);
    for (i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0) {
            target = argv[i];
        }
    }
    if (target == NULL) {
        if (top == NULL || *top == '\0') {
            top = ".";
        }
        len = strlen(top) + sizeof("/tests/fuzz/corpus/" DUET_FUZZ_CORPUS);
        dir = bmalloc(len);
        snprintf(dir, len, "%s/tests/fuzz/corpus/%s", top, DUET_FUZZ_CORPUS);
        target = dir;
    }

    if (stat(target, &st) != 0) {
        sysbail("no corpus at %s", target);
    }
    if (S_ISREG(st.st_mode)) {
        plan(1);
        replay_one(target, target);
        free(dir);
        return 0;
    }

    n = scandir(target, &names, replay_filter, alphasort);
    if (n < 0) {
        sysbail("cannot list %s", target);
    }
    if (n == 0) {
        bail("the corpus %s is empty", target);
    }
    plan((unsigned long) n);
    for (i = 0; i < n; i++) {
        len = strlen(target) + strlen(names[i]->d_name) + 2;
        path = bmalloc(len);
        snprintf(path, len, "%s/%s", target, names[i]->d_name);
        replay_one(path, names[i]->d_name);
        free(path);
        free(names[i]);
    }
    free(names);
    free(dir);

    return 0;
}
