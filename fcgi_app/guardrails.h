/*
 * guardrails.h -- the hook a signing request passes before the server
 * takes part in it (DESIGN.md invariant 7: before its first protocol
 * message).  The policy engine of spec/api.md section 4 plugs in here;
 * for now the hook allows everything, and the handlers already do what a
 * "block" needs (403 with violations, an audit row "blocked", nothing
 * started).
 */

#ifndef DUETD_GUARDRAILS_H
#define DUETD_GUARDRAILS_H

#include <stddef.h>
#include <stdint.h>

struct duetd_store;

#define DUETD_GUARD_ALLOW           0
#define DUETD_GUARD_BLOCK           1

#define DUETD_GUARD_VIOLATIONS_MAX  8

/* What is about to be signed, as the policy sees it. */
struct duetd_guard_request {
    const char      *signer_id;
    const char      *request_type;      /* "sign_tx", "sign_message"      */
    const char      *path;              /* "signer+server"                */
    const char      *caller_ip;         /* REMOTE_ADDR, may be NULL       */
    /* Transactions. */
    int              has_to;            /* 0: a contract creation         */
    uint8_t          to[20];
    const char      *value_wei;         /* decimal                        */
    uint64_t         chain_id;
    const uint8_t   *data;              /* calldata                       */
    size_t           data_len;
    /* Messages. */
    const char      *message_kind;      /* "personal_sign", "typed_data"  */
};

struct duetd_guard_violation {
    char  type[32];                     /* the criterion type             */
    char  reason[160];                  /* short reason for API keys      */
};

struct duetd_guard_result {
    int                           verdict;     /* DUETD_GUARD_*          */
    const char                   *message;     /* "Transaction blocked by
                                                  policy", ... if blocked */
    size_t                        nviolations;
    struct duetd_guard_violation  violations[DUETD_GUARD_VIOLATIONS_MAX];
};

/*
 * Evaluate the signer's guardrails for req.
 * Returns: 0 with *res set, or -1 when the evaluation itself failed (the
 *          caller fails closed: nothing is signed).
 */
int duetd_guardrails_check(struct duetd_store *s,
    const struct duetd_guard_request *req, struct duetd_guard_result *res);

#endif /* DUETD_GUARDRAILS_H */
