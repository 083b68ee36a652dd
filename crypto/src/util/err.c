/*
 * err.c -- the error vocabulary, the blame record for identifiable abort,
 * and the illegal-argument callback behind ARG_CHECK.
 */

#include "config.h"

#include <stddef.h>
#include <stdlib.h>

#include "duet.h"
#include "util/check.h"

struct duet_err_entry {
    const char *name;
    const char *text;
};

/* Indexed by -code.  Keep in step with duet.h; the assertion below helps. */
static const struct duet_err_entry duet_err_table[] = {
    { "DUET_OK", "success" },
    { "DUET_ERR_INTERNAL", "internal error" },
    { "DUET_ERR_NO_MEMORY", "out of memory" },
    { "DUET_ERR_INVALID_ARGUMENT", "invalid argument" },
    { "DUET_ERR_RANDOM", "random number generator failed" },
    { "DUET_ERR_BUFFER_TOO_SMALL", "output buffer too small" },
    { "DUET_ERR_TRUNCATED", "input truncated" },
    { "DUET_ERR_TRAILING_DATA", "unexpected data after the end" },
    { "DUET_ERR_LIMIT_EXCEEDED", "value exceeds its size limit" },
    { "DUET_ERR_NON_CANONICAL", "non-canonical encoding" },
    { "DUET_ERR_BAD_ENCODING", "malformed encoding" },
    { "DUET_ERR_BAD_MAGIC", "wrong kind of data (bad magic)" },
    { "DUET_ERR_BAD_VERSION", "unsupported data version" },
    { "DUET_ERR_BAD_STATE", "message not valid in this protocol state" },
    { "DUET_ERR_PROOF_INVALID", "zero-knowledge proof invalid" },
    { "DUET_ERR_PROTOCOL", "protocol violation by a party" },
    { "DUET_ERR_ZERO_SCALAR", "scalar is zero" },
    { "DUET_ERR_INFINITY", "point at infinity" },
    { "DUET_ERR_ALREADY_USED", "one-time material already used" },
    { "DUET_ERR_UNSUPPORTED", "unsupported version, level or type" },
    { "DUET_ERR_WRONG_SESSION", "message belongs to another session" },
    { "DUET_ERR_WRONG_ROUND", "message belongs to another round" },
    { "DUET_ERR_UNKNOWN_SENDER", "sender is not a party of the session" },
    { "DUET_ERR_DUPLICATE", "second message from the same sender" },
    { "DUET_ERR_MISSING_MESSAGE", "a message of the round is missing" },
    { "DUET_ERR_EQUIVOCATION", "two different contents for one message" },
    { "DUET_ERR_ECHO_MISMATCH", "parties received different broadcasts" },
    { "DUET_ERR_COMMITMENT", "a decommitment does not open its commitment" },
    { "DUET_ERR_FELDMAN", "a secret share does not match its commitments" },
    { "DUET_ERR_BAD_PARTIAL_SIG", "a partial signature does not verify" },
    { "DUET_ERR_UNATTRIBUTED",
      "presignature consistency check failed, culprit not identified" },
    { "DUET_ERR_EPOCH_MISMATCH", "key material of different epochs" },
    { "DUET_ERR_BAD_SIGNATURE", "the combined signature does not verify" },
    { "DUET_ERR_ABORTED", "the session has aborted" },
};

STATIC_ASSERT(sizeof(duet_err_table) / sizeof(duet_err_table[0])
    == 1 - DUET_ERR_MIN, "duet_err_table must cover DUET_OK..DUET_ERR_MIN");

static void duet_illegal_default(const char *message, void *data);

static void (*duet_illegal_fun)(const char *message, void *data)
    = duet_illegal_default;
static void *duet_illegal_data;


/* Returns: the table entry for err, or NULL for an unknown code. */
static const struct duet_err_entry *
duet_err_lookup(int err)
{
    if (err > 0 || err < DUET_ERR_MIN) {
        return NULL;
    }

    return &duet_err_table[-err];
}


const char *
duet_strerror(int err)
{
    const struct duet_err_entry *e = duet_err_lookup(err);

    return e != NULL ? e->text : "unknown error";
}


const char *
duet_errname(int err)
{
    const struct duet_err_entry *e = duet_err_lookup(err);

    return e != NULL ? e->name : "DUET_ERR_UNKNOWN";
}


void
duet_blame_clear(struct duet_blame *blame)
{
    ARG_CHECK_VOID(blame != NULL);

    blame->party = DUET_PARTY_NONE;
    blame->round = 0;
    blame->reason = 0;
}


void
duet_blame_set(struct duet_blame *blame, int party, int round, int reason)
{
    ARG_CHECK_VOID(blame != NULL);
    ARG_CHECK_VOID(party >= DUET_PARTY_NONE && party <= DUET_PARTY_USER);
    ARG_CHECK_VOID(round >= 0);
    ARG_CHECK_VOID(reason < 0 && reason >= DUET_ERR_MIN);

    blame->party = party;
    blame->round = round;
    blame->reason = reason;
}


/* Misuse is a caller bug; crypto/ does no I/O, so there is no message. */
static void
duet_illegal_default(const char *message, void *data)
{
    (void) message;
    (void) data;
    abort();
}


void
duet_set_illegal_callback(void (*fun)(const char *message, void *data),
    void *data)
{
    duet_illegal_fun = fun != NULL ? fun : duet_illegal_default;
    duet_illegal_data = fun != NULL ? data : NULL;
}


void
duet_illegal_argument(const char *message)
{
    duet_illegal_fun(message, duet_illegal_data);
}
