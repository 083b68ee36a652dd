/*
 * cosign.h -- Signer+User without the server (DESIGN.md section 3): the
 * holders of share 0 and share 2 run presign and sign (signers {0, 2})
 * with each other, over a TCP connection (one side listens, the other
 * connects) or over files in a directory both can reach in turn (an
 * air-gapped exchange: each side writes its round's messages to a file
 * and waits for the peer's).
 *
 * Authentication.  Each side first sends a commitment (SHA-256) to its
 * hello, then the hello: version, its party index, the key's public key,
 * epoch and aux id (from its own share), the kind and digest of what is
 * to be signed, 32 random bytes and an ephemeral X25519 key.  Each side
 * refuses a peer of the wrong party, another key, or another digest, or
 * whose hello is not the one it committed to (so that a man in the middle
 * cannot search for hellos that give both sides one code).  Both then
 * derive a 6-digit code from SHA-256 over both hellos and show it; a side
 * given the peer's code (--code) compares it itself.  Every later frame
 * is sealed (AES-256-GCM, keys from X25519 and both hellos): when the
 * codes match, no one else reads or alters the protocol's messages
 * (spec F5).  Beyond that the protocol authenticates the share: a peer
 * without share 2 (or 0) of this key cannot pass presign's proofs or
 * produce a partial signature that verifies against its public key
 * share, and is named (identifiable abort).
 *
 * Frames on the wire: u32 length (big-endian, at most 8 MiB) and bytes.
 * Over files, party p's frame of exchange n is <dir>/<n>-<p>.msg, written
 * as a temporary file and renamed; the peer deletes it once read.  Each
 * side deletes its own files of an earlier run when it opens the
 * directory, but a run should start with an empty one: a peer's stale
 * file read as this run's ends the run with an error, never mixes in.
 */

#ifndef DUET_CLI_COSIGN_H
#define DUET_CLI_COSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

#define DUET_COSIGN_CODE_SIZE   7       /* 6 digits and NUL                */

#define DUET_COSIGN_OK           0
#define DUET_COSIGN_ERR_IO      -1      /* transport: err says             */
#define DUET_COSIGN_ERR_PEER    -2      /* the peer is not the other half
                                           of this request (party, key,
                                           digest) or sent garbage         */
#define DUET_COSIGN_ERR_CODE    -3      /* the codes differ                */
#define DUET_COSIGN_ERR_PROTOCOL -4     /* the protocol failed; err names
                                           the culprit                     */
#define DUET_COSIGN_ERR_ARGUMENT -5
#define DUET_COSIGN_ERR_MEMORY  -6

struct duet_cosign_link;

/*
 * "host:port" to listen on (accepts one peer, timeout_s to wait), or to
 * connect to (retried until timeout_s while the peer is not listening
 * yet); or a directory for files, where party is this side's index.
 * timeout_s also bounds every wait for the peer's next frame (0: no
 * limit).  Returns 0 with *l, or an error with err.
 */
int duet_cosign_listen(const char *hostport, unsigned timeout_s,
    struct duet_cosign_link **l, char *err, size_t errlen);
int duet_cosign_connect(const char *hostport, unsigned timeout_s,
    struct duet_cosign_link **l, char *err, size_t errlen);
int duet_cosign_files(const char *dir, int party, unsigned timeout_s,
    struct duet_cosign_link **l, char *err, size_t errlen);
void duet_cosign_close(struct duet_cosign_link *l);

/*
 * Tests only: hook, if not NULL, is called with every frame this side is
 * about to send, before it is sealed (n = 0 the commitment, 1 the hello,
 * 2, 3, ... the protocol rounds), and may change its bytes.
 */
void duet_cosign_set_frame_hook(struct duet_cosign_link *l,
    void (*hook)(void *arg, int n, uint8_t *frame, size_t len), void *arg);

/* What is signed: DUET_SIGN_* kind and its bytes, as duet_sign_start. */
struct duet_cosign_request {
    int             kind;
    const uint8_t  *msg;
    size_t          msg_len;
};

/*
 * Run as share->index (0 or 2) with the peer on l.  show_code, if not
 * NULL, is called with the code before the protocol starts and returns 0
 * to go on or -1 to stop (a person said the codes differ); peer_code, if
 * not NULL, is compared with the code instead.  On success out holds
 * r || s || recovery id (low s) and digest the signed hash.
 */
int duet_cosign_run(struct duet_cosign_link *l,
    const struct duet_client_share *share,
    const struct duet_cosign_request *req,
    int (*show_code)(void *arg, const char code[DUET_COSIGN_CODE_SIZE]),
    void *arg, const char *peer_code, uint8_t out[65], uint8_t digest[32],
    char *err, size_t errlen);

#endif /* DUET_CLI_COSIGN_H */
