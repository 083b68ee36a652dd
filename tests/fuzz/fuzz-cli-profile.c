/*
 * fuzz-cli-profile.c -- libFuzzer harness for the CLI's profile parser
 * (cli/home.c, duet_profile_parse, reached by including the file): the
 * input is the whole of profiles/fuzz.conf under the home /home/fuzz.
 *
 * Checked: a refused file has an error that names the file; an accepted
 * one passes the checks duet_profile_save makes, and written back as
 * duet_profile_save writes it, reads back to exactly the same profile.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#include "home.c"

#define FUZZ_PROFILE_MAX_INPUT  16384
#define FUZZ_PROFILE_LABEL      "fuzz.conf"


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct duet_profile  p, q;
    static char                 text[DUET_PROFILE_TEXT_MAX];
    struct duet_home            h;
    char                        err[DUET_HOME_ERR_SIZE];
    int                         n;

    if (size > FUZZ_PROFILE_MAX_INPUT) {
        return 0;
    }
    memset(&h, 0, sizeof(h));
    strcpy(h.dir, "/home/fuzz");

    err[0] = '\0';
    if (duet_profile_parse(FUZZ_PROFILE_LABEL, "fuzz", (const char *) data,
            size, h.dir, &p, err, sizeof(err)) != 0)
    {
        fuzz_assert(strncmp(err, FUZZ_PROFILE_LABEL ":",
            sizeof(FUZZ_PROFILE_LABEL)) == 0);
        return 0;
    }
    fuzz_assert(duet_profile_check(&p) == NULL);
    fuzz_assert(strcmp(p.name, "fuzz") == 0);

    n = duet_profile_format(&h, &p, text, sizeof(text));
    fuzz_assert(n > 0);
    fuzz_assert(duet_profile_parse(FUZZ_PROFILE_LABEL, "fuzz", text,
        (size_t) n, h.dir, &q, err, sizeof(err)) == 0);
    fuzz_assert(memcmp(&p, &q, sizeof(p)) == 0);

    return 0;
}
