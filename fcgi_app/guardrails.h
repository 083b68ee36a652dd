/*
 * guardrails.h -- what a signing request passes before the server takes
 * part in it (DESIGN.md invariant 7: before its first protocol message).
 *
 * One call decides a request race-free: the signer's policy document
 * (policy.h) is evaluated against the request and the signer's counters,
 * inside the store's write transaction that also appends the audit row
 * ("approved" or "blocked") and, when approved, reserves the request's
 * value against the rolling limits and, if asked, a nonce
 * (duetd_store_guard_decide).  Concurrent sessions of one signer cannot
 * overshoot a limit.  Any failure of the evaluation fails closed.
 */

#ifndef DUETD_GUARDRAILS_H
#define DUETD_GUARDRAILS_H

#include <stddef.h>
#include <stdint.h>

#include "calldata.h"
#include "policy.h"
#include "store.h"
#include "u256.h"

struct duetd_app;
struct duetd_network;

/* What is about to be signed, as the policy sees it. */
struct duetd_guard_request {
    const char                  *signer_id;
    const char                  *request_type;  /* "sign_tx", ...        */
    const char                  *path;          /* "signer+server"       */
    const char                  *caller_ip;     /* NULL: unknown         */
    int                          detailed;      /* session caller: full
                                                   reasons in the reply  */
    int                          is_message;
    const char                  *message_kind;  /* "personal_sign", ...  */
    /* Transactions. */
    const struct duetd_network  *network;       /* NULL for a message    */
    int                          has_to;        /* 0: contract creation  */
    uint8_t                      to[20];
    struct duetd_u256            value;
    const uint8_t               *data;          /* calldata              */
    size_t                       data_len;
    int                          want_nonce;    /* reserve one >= pending */
    uint64_t                     pending;
};

struct duetd_guard_result {
    int                          allowed;
    char                         request_id[DUETD_UUID_SIZE];
    uint64_t                     nonce;         /* when want_nonce       */
    struct duetd_policy_verdict  verdict;
};

/*
 * Decide req for the calling signer.  expires_ms: when the reservation
 * stops counting unless the signature leaves first (the session's TTL).
 * Returns: 0 with *res (allowed or blocked; the audit row is written
 * either way), or -1 (nothing written: the caller fails closed with a
 * 500, or 503 when err_unavailable says a price source or the store is
 * down).
 */
int duetd_guardrails_decide(const struct duetd_app *app,
    const struct duetd_guard_request *req, int64_t expires_ms,
    struct duetd_guard_result *res);

/*
 * The signature left (spent 1) or the session ended without one (spent
 * 0: the reservation and its nonce are released and a "failed" audit row
 * with reason is appended).  Returns 0 or -1 (logged).
 */
int duetd_guardrails_settle(const struct duetd_app *app,
    const char *signer_id, const char *request_id, const char *request_type,
    int spent, const char *reason);

/* Unix time in ms (CLOCK_REALTIME). */
int64_t duetd_now_ms(void);

#endif /* DUETD_GUARDRAILS_H */
