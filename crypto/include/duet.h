/*
 * duet.h -- libduet: library initialisation, the error vocabulary and the
 * blame record used for identifiable abort.
 *
 * Every fallible libduet function returns 0 on success or a negative
 * DUET_ERR_* code.  Functions that take part in a multi-party protocol also
 * fill a struct duet_blame naming the misbehaving party, so that a caller can
 * report who caused an abort.
 *
 * This header includes only <stddef.h> and <stdint.h>; no GMP, OpenSSL or
 * libsecp256k1 type appears in the public API.
 */

#ifndef DUET_H
#define DUET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define DUET_API                 __attribute__((visibility("default")))
#define DUET_WARN_UNUSED_RESULT  __attribute__((warn_unused_result))
#else
#define DUET_API
#define DUET_WARN_UNUSED_RESULT
#endif

/*
 * Inside libduet itself NONNULL is switched off: the compiler would otherwise
 * delete the ARG_CHECKs that guard against NULL at the API boundary.
 */
#if defined(__GNUC__) && !defined(DUET_BUILD)
#define DUET_ARG_NONNULL(...)    __attribute__((nonnull(__VA_ARGS__)))
#else
#define DUET_ARG_NONNULL(...)
#endif

#define DUET_VERSION_STRING      "0.1.0"

/*
 * Error codes.  0 is success; every error is negative.  The numeric values
 * are stable: they appear in logs and in the HTTP API's culprit reasons.
 */
#define DUET_OK                       0
#define DUET_ERR_INTERNAL            -1   /* a bug: an invariant failed     */
#define DUET_ERR_NO_MEMORY           -2
#define DUET_ERR_INVALID_ARGUMENT    -3   /* caller misuse                  */
#define DUET_ERR_RANDOM              -4   /* the CSPRNG failed              */
#define DUET_ERR_BUFFER_TOO_SMALL    -5   /* output space insufficient      */
#define DUET_ERR_TRUNCATED           -6   /* input ended inside a field     */
#define DUET_ERR_TRAILING_DATA       -7   /* bytes left after the last field*/
#define DUET_ERR_LIMIT_EXCEEDED      -8   /* a field is over its named max  */
#define DUET_ERR_NON_CANONICAL       -9   /* e.g. leading zeros in an int   */
#define DUET_ERR_BAD_ENCODING       -10   /* not hex / base64url / etc.     */
#define DUET_ERR_BAD_MAGIC          -11   /* state blob of another kind     */
#define DUET_ERR_BAD_VERSION        -12   /* state blob of another version  */
#define DUET_ERR_BAD_STATE          -13   /* message not valid in this state*/
#define DUET_ERR_PROOF_INVALID      -14   /* a zero-knowledge proof failed  */
#define DUET_ERR_PROTOCOL           -15   /* a party broke the protocol     */
#define DUET_ERR_ZERO_SCALAR        -16   /* a scalar was zero              */
#define DUET_ERR_INFINITY           -17   /* a point was the infinity point */
#define DUET_ERR_ALREADY_USED       -18   /* one-shot material reused       */
#define DUET_ERR_UNSUPPORTED        -19   /* unknown version/level/type     */
/* Protocol outcomes: each comes with a blame record naming the party. */
#define DUET_ERR_WRONG_SESSION      -20   /* message of another session     */
#define DUET_ERR_WRONG_ROUND        -21   /* message of another round       */
#define DUET_ERR_UNKNOWN_SENDER     -22   /* sender not in the party set    */
#define DUET_ERR_DUPLICATE          -23   /* second message from a sender   */
#define DUET_ERR_MISSING_MESSAGE    -24   /* a round's message not given    */
#define DUET_ERR_EQUIVOCATION       -25   /* two contents for one message   */
#define DUET_ERR_ECHO_MISMATCH      -26   /* parties saw different bcasts   */
#define DUET_ERR_COMMITMENT         -27   /* a decommitment does not open   */
#define DUET_ERR_FELDMAN            -28   /* a VSS share off its polynomial */
#define DUET_ERR_BAD_PARTIAL_SIG    -29   /* a partial signature is wrong   */
#define DUET_ERR_UNATTRIBUTED       -30   /* delta/S mismatch, culprit unknown*/
#define DUET_ERR_EPOCH_MISMATCH     -31   /* key share / aux of other epochs*/
#define DUET_ERR_BAD_SIGNATURE      -32   /* the final signature is invalid */
#define DUET_ERR_ABORTED            -33   /* the session already aborted    */
#define DUET_ERR_MIN                -33   /* the lowest code in use         */

/* Party indices are fixed: 0 = signer (agent), 1 = server, 2 = user. */
#define DUET_PARTY_SIGNER  0
#define DUET_PARTY_SERVER  1
#define DUET_PARTY_USER    2
#define DUET_PARTY_NONE   -1

/*
 * Blame record for identifiable abort: who (party index, or DUET_PARTY_NONE
 * when nobody is to blame, e.g. on a local error), in which round, and why
 * (a DUET_ERR_* code).
 */
struct duet_blame {
    int party;
    int round;
    int reason;
};

/*
 * Initialise libduet once per process, before any other call: installs the
 * GMP allocator hooks that wipe freed limbs.  Idempotent and cheap after the
 * first call.
 *
 * Returns: 0 on success, DUET_ERR_INTERNAL if GMP memory functions were
 *          already replaced by someone else.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_init(void);

/*
 * As duet_init, but installs the wiping hooks even when another library
 * already replaced GMP's memory functions.  GnuTLS does so from its
 * constructor (with zeroing wrappers over malloc, realloc and free), and
 * Debian's libcurl loads GnuTLS through librtmp and libldap: a program that
 * links libcurl must use this.  Safe only when the displaced functions
 * allocate with malloc: GMP memory they handed out is later given back
 * through duet's hooks, which wipe it and call free().
 *
 * Returns: 0.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_init_displacing(void);

/*
 * Returns: a static, NUL-terminated English description of err.  Unknown
 *          codes give "unknown error".  Never NULL, never allocates.
 */
DUET_API const char *duet_strerror(int err);

/*
 * Returns: the stable short name of err ("DUET_ERR_PROOF_INVALID"), or
 *          "DUET_ERR_UNKNOWN".
 */
DUET_API const char *duet_errname(int err);

/*
 * Set the function called when a libduet API function is misused: a NULL
 * pointer where none is allowed, or an argument out of its documented
 * range.  Misuse is a bug in the caller, so the default callback aborts
 * the process.  If an installed callback returns, the misused function
 * returns DUET_ERR_INVALID_ARGUMENT (void functions just return; functions
 * returning a truth value return 0) without touching its outputs.
 *
 * The callback is process-global: set it at start-up, before any thread
 * calls into libduet.
 *
 * Args: fun:  the callback, or NULL to restore the default (abort).  It
 *             receives the text of the failed condition, never a value.
 *       data: passed to fun unchanged.
 */
DUET_API void duet_set_illegal_callback(
    void (*fun)(const char *message, void *data), void *data);

/* Reset *blame to "nobody" (party DUET_PARTY_NONE, round 0, reason 0). */
DUET_API void duet_blame_clear(struct duet_blame *blame) DUET_ARG_NONNULL(1);

/* Record that party misbehaved in round for reason (a DUET_ERR_* code). */
DUET_API void duet_blame_set(struct duet_blame *blame, int party, int round,
    int reason) DUET_ARG_NONNULL(1);

#ifdef __cplusplus
}
#endif

#endif /* DUET_H */
