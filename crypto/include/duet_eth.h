/*
 * duet_eth.h -- Ethereum helpers: what a threshold signature is put on and
 * how it is written down.
 *
 *   transactions   duet_eth_tx_from_json  JSON (ethers-style fields) ->
 *                                         unsigned serialization
 *                  duet_eth_tx_sighash    unsigned serialization -> the
 *                                         32-byte hash to sign
 *                  duet_eth_tx_encode_signed
 *                                         unsigned serialization + (r, s,
 *                                         recid) -> raw signed transaction
 *   messages       duet_eth_personal_hash EIP-191 version 0x45
 *                                         ("personal_sign")
 *                  duet_eth_typed_data_hash
 *                                         EIP-712 ("eth_signTypedData_v4")
 *   keys           duet_eth_address, duet_eth_address_checksum,
 *                  duet_eth_address_parse
 *   signatures     duet_eth_v             the v (or yParity) to publish
 *
 * Supported transactions are the three kinds a wallet signs today, always
 * with replay protection:
 *
 *   legacy (type 0)  EIP-155: rlp([nonce, gasPrice, gasLimit, to, value,
 *                    data, chainId, 0, 0]); the pre-EIP-155 six-item form
 *                    is refused (DUET_ERR_UNSUPPORTED)
 *   EIP-2930 (1)     0x01 || rlp([chainId, nonce, gasPrice, gasLimit, to,
 *                    value, data, accessList])
 *   EIP-1559 (2)     0x02 || rlp([chainId, nonce, maxPriorityFeePerGas,
 *                    maxFeePerGas, gasLimit, to, value, data, accessList])
 *
 * Blob (0x03) and set-code (0x04) transactions, and any other EIP-2718
 * type byte (0x00 to 0x7f), give DUET_ERR_UNSUPPORTED.
 *
 * Nothing here is secret: transactions, messages, addresses and finished
 * signatures are public, so these functions are not constant time.  They
 * do no I/O and keep no state; all are safe to call from several threads.
 *
 * Errors (duet.h) follow one scheme throughout:
 *
 *   DUET_ERR_BAD_ENCODING     the bytes or text are not the expected
 *                             encoding: malformed RLP or JSON, a list where
 *                             a string belongs, a field of the wrong length
 *                             inside a transaction, bad hex, an address with
 *                             a wrong EIP-55 checksum, duplicate JSON keys
 *   DUET_ERR_NON_CANONICAL    RLP that has a shorter encoding (an integer
 *                             with a leading zero, a long header for a short
 *                             item); an s above n/2
 *   DUET_ERR_TRUNCATED        the input ends early (also: a transaction list
 *                             with too few items)
 *   DUET_ERR_TRAILING_DATA    bytes after the transaction or the JSON value
 *                             (also: a transaction list with too many items,
 *                             e.g. a signed one)
 *   DUET_ERR_LIMIT_EXCEEDED   a number outside its type's range, or an input
 *                             over one of the limits below
 *   DUET_ERR_INVALID_ARGUMENT well-formed JSON of the wrong shape: a missing,
 *                             unknown or wrongly typed field, an unknown or
 *                             cyclic EIP-712 type, an r or s of zero or not
 *                             below n.  (Misuse of the API itself -- NULL
 *                             pointers, an argument outside its documented
 *                             range -- also ends here, after the illegal
 *                             callback of duet.h has run.)
 *   DUET_ERR_UNSUPPORTED      a valid input this library will not sign:
 *                             unsupported transaction types, no replay
 *                             protection, a recovery id Ethereum cannot carry
 *   DUET_ERR_BUFFER_TOO_SMALL the output does not fit; the size needed is
 *                             reported
 *   DUET_ERR_NO_MEMORY
 *
 * JSON input (duet_eth_tx_from_json, duet_eth_typed_data_hash) is checked
 * against RFC 8259 before it is parsed, and refused unless it is: UTF-8
 * without overlong forms or surrogates, one value with only whitespace
 * around it, no comments, NaN, single quotes or trailing commas, no
 * duplicate keys in any object, no U+0000 in any string (raw or as
 * \u0000), no unpaired \uD800-\uDFFF escape, at most
 * DUET_ETH_JSON_MAX_DEPTH nested arrays and objects.  Two JSON readers can
 * therefore never disagree about what was signed.  Numbers follow one rule:
 *
 *   - a JSON number is accepted only as an integer (no fraction or
 *     exponent) of magnitude at most 2^53 - 1, the integers every JSON
 *     reader (JavaScript's included) holds exactly;
 *   - larger values are written as strings: decimal digits ("1000") or
 *     "0x" and hex digits ("0x3e8", either case); where negative values
 *     are allowed, a "-" before decimal digits ("-1000", but not "-0x3e8",
 *     which readers disagree on); no "+", spaces, "0X" or empty string;
 *     at most DUET_ETH_QUANTITY_MAX_TEXT characters, values up to 2^256 - 1.
 *
 * Byte strings are "0x" and an even number of hex digits, either case.
 * Addresses are "0x" and 40 hex digits: all lower case, all upper case, or
 * mixed case with a correct EIP-55 checksum.
 */

#ifndef DUET_ETH_H
#define DUET_ETH_H

#include "duet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Sizes. */
#define DUET_ETH_HASH_BYTES          32
#define DUET_ETH_ADDRESS_BYTES       20
/* "0x", 40 hex digits, NUL. */
#define DUET_ETH_ADDRESS_TEXT_SIZE   43
/* A SEC1 compressed public key. */
#define DUET_ETH_PUBKEY_BYTES        33

/* Transaction types (the EIP-2718 type byte; 0 for legacy). */
#define DUET_ETH_TX_LEGACY           0
#define DUET_ETH_TX_EIP2930          1
#define DUET_ETH_TX_EIP1559          2

/*
 * Largest unsigned transaction accepted or produced, in bytes: geth's
 * transaction pool refuses anything over 128 KiB, so a bigger one is not
 * worth a signature.
 */
#define DUET_ETH_TX_MAX_SIZE         131072

/*
 * A signed transaction is at most this many bytes longer than its
 * unsigned serialization (legacy: v, r, s of up to 9 + 33 + 33 bytes
 * replace chainId, 0, 0; typed: yParity, r, s are appended; the list
 * header may grow by a byte).
 */
#define DUET_ETH_TX_SIGNATURE_OVERHEAD 80

/*
 * The largest legacy chain id: with it, v = recid + 35 + 2 * chainId still
 * fits in 64 bits for recid 0 and 1.  (Typed transactions take any chain
 * id from 1 to 2^64 - 1.)
 */
#define DUET_ETH_LEGACY_CHAIN_ID_MAX 9223372036854775789ULL

/* JSON limits: whole text in bytes, and nesting of arrays and objects. */
#define DUET_ETH_JSON_MAX_SIZE       1048576
#define DUET_ETH_JSON_MAX_DEPTH      32

/* Longest number string ("0x" + 64 digits and leading zeros). */
#define DUET_ETH_QUANTITY_MAX_TEXT   80

/*
 * EIP-712 limits: struct types (EIP712Domain included), fields in one
 * struct, characters in a type or field name, characters in a field's
 * type ("Order[2][]"), array dimensions in one type, elements in a
 * fixed-size array type.
 */
#define DUET_EIP712_MAX_TYPES        32
#define DUET_EIP712_MAX_FIELDS       64
#define DUET_EIP712_MAX_NAME         64
#define DUET_EIP712_MAX_TYPE_TEXT    96
#define DUET_EIP712_MAX_ARRAY_DIMS   8
#define DUET_EIP712_MAX_ARRAY_LEN    1048576

/* What a v is for (duet_eth_v). */
#define DUET_ETH_V_MESSAGE           0  /* 27 + recid: personal_sign, 712 */
#define DUET_ETH_V_EIP155            1  /* recid + 35 + 2 * chainId      */
#define DUET_ETH_V_TYPED             2  /* yParity = recid               */


/* Transactions. */

/*
 * Compute the hash that is signed for an unsigned transaction: Keccak-256
 * of its serialization (legacy: the EIP-155 nine-item list; typed: the
 * type byte and the list).
 *
 * The transaction is validated first, strictly: canonical RLP throughout
 * (crypto/src/chain/rlp.h), exactly the items of its type and nothing
 * after it; nonce, gasLimit and chainId fit in 64 bits (EIP-2681 for the
 * nonce; the gas limit is a 64-bit value on every client); gas prices and
 * value fit in 256 bits; `to` is empty (contract creation) or 20 bytes;
 * an access list is a list of [address (20 bytes), [storage key (32
 * bytes), ...]] entries; chainId is not zero; a legacy transaction's last
 * two items are the empty integer 0 and its chainId is at most
 * DUET_ETH_LEGACY_CHAIN_ID_MAX.  Fee relations (maxPriorityFeePerGas <=
 * maxFeePerGas) and gas sufficiency are the node's business and are not
 * checked.
 *
 * Returns: 0;
 *          DUET_ERR_TRUNCATED        empty input, an item cut short, a list
 *                                    with too few items;
 *          DUET_ERR_TRAILING_DATA    bytes after the list, or too many items
 *                                    (a signed transaction, say);
 *          DUET_ERR_NON_CANONICAL    non-canonical RLP (a leading zero in an
 *                                    integer, a long header for a short
 *                                    item, 0x81 before a byte below 0x80);
 *          DUET_ERR_BAD_ENCODING     a list where a string belongs or the
 *                                    reverse, a first byte of 0x80..0xbf,
 *                                    `to` or an access-list address not 20
 *                                    bytes, a storage key not 32 bytes,
 *                                    a legacy r or s that is not 0;
 *          DUET_ERR_LIMIT_EXCEEDED   len over DUET_ETH_TX_MAX_SIZE, a nonce,
 *                                    gasLimit or chainId over 64 bits, a
 *                                    price or value over 256 bits, a legacy
 *                                    chainId over DUET_ETH_LEGACY_CHAIN_ID_MAX;
 *          DUET_ERR_UNSUPPORTED      type 0x03, 0x04 or any type byte other
 *                                    than 0x01 and 0x02; a legacy transaction
 *                                    of six items (no EIP-155); chainId 0;
 *          DUET_ERR_INVALID_ARGUMENT misuse (illegal callback).
 *          On failure hash is zeroed, *type is -1 and *chain_id is 0.
 * Out:     hash:        the 32-byte signing hash.
 *          type:        DUET_ETH_TX_LEGACY, _EIP2930 or _EIP1559 (may be
 *                       NULL).
 *          chain_id:    the transaction's chain id (may be NULL).
 * In:      unsigned_tx: len bytes (may be NULL when len is 0).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_tx_sighash(
    uint8_t hash[DUET_ETH_HASH_BYTES], int *type, uint64_t *chain_id,
    const uint8_t *unsigned_tx, size_t len) DUET_ARG_NONNULL(1);

/*
 * Attach a signature to an unsigned transaction, giving the raw signed
 * transaction (what eth_sendRawTransaction takes).  The unsigned
 * transaction is validated exactly as by duet_eth_tx_sighash().
 *
 *   legacy:  rlp([nonce, ..., data, v, r, s]) with v = recid + 35 +
 *            2 * chainId in place of chainId, 0, 0 (EIP-155)
 *   typed:   type || rlp([chainId, ..., accessList, yParity, r, s]) with
 *            yParity = recid
 *
 * r and s are written as minimal RLP integers.  The signature must be
 * normalised (s <= n/2, with recid flipped when s was negated): EIP-2
 * makes a high s invalid, so it is refused rather than silently fixed
 * (fixing it here would need the matching change of recid).
 *
 * Returns: 0;
 *          DUET_ERR_BUFFER_TOO_SMALL *out_len was too small; it now holds
 *                                    the size needed;
 *          DUET_ERR_INVALID_ARGUMENT r or s is zero or not below n (and
 *                                    misuse: illegal callback);
 *          DUET_ERR_NON_CANONICAL    s > n/2 (or the transaction's own
 *                                    non-canonical RLP);
 *          DUET_ERR_UNSUPPORTED      recid 2 or 3 (r was >= n before
 *                                    reduction, probability about 2^-127):
 *                                    no Ethereum encoding carries it, sign
 *                                    again with a fresh nonce;
 *          every error of duet_eth_tx_sighash() for the transaction.
 *          Except for DUET_ERR_BUFFER_TOO_SMALL, *out_len is 0 on failure.
 * Out:     out:         *out_len bytes of room (may be NULL when *out_len
 *                       is 0, to ask for the size); at most len +
 *                       DUET_ETH_TX_SIGNATURE_OVERHEAD bytes are needed.
 * In/Out:  out_len:     in: the room at out; out: the bytes written (or
 *                       needed).
 * In:      unsigned_tx: len bytes, as for duet_eth_tx_sighash().
 *          sig_r, sig_s: the signature (r, s), 32 big-endian bytes
 *                       each.
 *          recid:       the recovery id, 0 to 3: bit 0 is the parity of
 *                       R's y, bit 1 says R's x was r + n.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_tx_encode_signed(
    uint8_t *out, size_t *out_len, const uint8_t *unsigned_tx, size_t len,
    const uint8_t sig_r[32], const uint8_t sig_s[32], int recid)
    DUET_ARG_NONNULL(2, 5, 6);

/*
 * Build the unsigned serialization of a transaction from a JSON object
 * with ethers-style field names (what duet's HTTP API accepts):
 *
 *   field                 type 0     type 1     type 2     value
 *   type                  required   required   required   0, 1 or 2
 *   chainId               required   required   required   1 .. 2^64-1
 *   nonce                 required   required   required   0 .. 2^64-1
 *   gasLimit              required   required   required   0 .. 2^64-1
 *   to                    required   required   required   address, or
 *                                                          null: creation
 *   gasPrice              required   required   -          0 .. 2^256-1
 *   maxPriorityFeePerGas  -          -          required   0 .. 2^256-1
 *   maxFeePerGas          -          -          required   0 .. 2^256-1
 *   value                 optional   optional   optional   0 .. 2^256-1, 0
 *   data                  optional   optional   optional   bytes, "0x"
 *   accessList            -          optional   optional   see below, []
 *
 * Numbers, byte strings and addresses as described at the top of this
 * file.  `type` and `to` are required, unlike in ethers: a transaction
 * type is never guessed, and a forgotten `to` must not turn a transfer
 * into a contract creation.  A field marked "-" may be absent or null,
 * and so may an optional one (then it takes the default shown).  The
 * access list is an array of {"address": ADDRESS, "storageKeys": [32-byte
 * byte strings]} objects, both keys required (ethers' JSON form; its
 * other accepted shapes are not).  Any other field, such as "from",
 * "gas" or a signature, is refused.
 *
 * The result is then checked as by duet_eth_tx_sighash(), so anything this
 * returns can be hashed and signed.
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING     not JSON (see the rules at the top),
 *                                    bad hex, a bad number string, an address
 *                                    with a wrong checksum, duplicate keys;
 *          DUET_ERR_TRUNCATED        the JSON text ends early;
 *          DUET_ERR_TRAILING_DATA    non-whitespace after the JSON value;
 *          DUET_ERR_INVALID_ARGUMENT the JSON is not an object, a required
 *                                    field is missing, an unknown or
 *                                    forbidden field is present, a field has
 *                                    the wrong JSON type (a number with a
 *                                    fraction or exponent included), type is
 *                                    not 0..0x7f, a storage key is not 32
 *                                    bytes (and misuse: illegal callback);
 *          DUET_ERR_LIMIT_EXCEEDED   a number out of its range (a legacy
 *                                    chainId over
 *                                    DUET_ETH_LEGACY_CHAIN_ID_MAX too), a JSON
 *                                    number over 2^53 - 1, the JSON over
 *                                    DUET_ETH_JSON_MAX_SIZE or nested
 *                                    deeper than DUET_ETH_JSON_MAX_DEPTH, the
 *                                    transaction over DUET_ETH_TX_MAX_SIZE;
 *          DUET_ERR_UNSUPPORTED      type 3 to 0x7f; chainId 0;
 *          DUET_ERR_BUFFER_TOO_SMALL *out_len now holds the size needed;
 *          DUET_ERR_NO_MEMORY.
 *          Except for DUET_ERR_BUFFER_TOO_SMALL, *out_len is 0 on failure.
 * Out:     out:     *out_len bytes of room (may be NULL when *out_len is 0,
 *                   to ask for the size); DUET_ETH_TX_MAX_SIZE always
 *                   suffices.
 * In/Out:  out_len: in: the room at out; out: the bytes written (or
 *                   needed).
 * In:      json:    len bytes of UTF-8 JSON text, not NUL-terminated
 *                   (a NUL byte in it is an error).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_tx_from_json(uint8_t *out,
    size_t *out_len, const char *json, size_t len) DUET_ARG_NONNULL(2, 3);


/* Messages. */

/*
 * EIP-191 version 0x45 ("personal_sign", ethers' hashMessage): the
 * Keccak-256 of "\x19Ethereum Signed Message:\n", the decimal length of the
 * message, and the message bytes.  Sign the hash, publish v from
 * duet_eth_v(DUET_ETH_V_MESSAGE).
 *
 * Returns: 0, or DUET_ERR_INVALID_ARGUMENT on misuse (illegal callback).
 * Out:     hash: the 32-byte hash.
 * In:      msg:  len bytes, any content (may be NULL when len is 0).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_personal_hash(
    uint8_t hash[DUET_ETH_HASH_BYTES], const uint8_t *msg, size_t len)
    DUET_ARG_NONNULL(1);

/*
 * EIP-712 ("eth_signTypedData_v4"): keccak256(0x19 0x01 ||
 * hashStruct(EIP712Domain, domain) || hashStruct(primaryType, message))
 * from the standard JSON object {"types", "primaryType", "domain",
 * "message"} (all four required, nothing else allowed).
 *
 * Accepted inputs hash exactly as ethers v6 TypedDataEncoder.hash(domain,
 * types without EIP712Domain, message) does.  Inputs on which two common
 * readers disagree are refused, so that the hash signed is the one the
 * requester meant: the rules marked (*) make MetaMask's (eth-sig-util V4)
 * reading agree with ethers' as well (checked against its source; the
 * vectors come from ethers only).
 *
 *   - The domain type is ethers': the domain object's non-null keys,
 *     from name (string), version (string), chainId (uint256),
 *     verifyingContract (address) and salt (bytes32), in that order;
 *     other domain keys are refused.  types must have an EIP712Domain
 *     entry listing exactly those fields, with those types, in that
 *     order (*) -- unless the domain is empty, when it may be left out.
 *     (ethers ignores the entry and infers the type; eth-sig-util uses
 *     the entry as written and, without one, hashes any domain as
 *     "EIP712Domain()".)
 *   - Every other type must be reachable from primaryType (ethers refuses
 *     unused types), none may refer to itself directly or through others,
 *     and none may be called EIP712Domain or look like an atomic type
 *     (address, bool, string, bytes, bytesN, intN, uintN, int, uint).
 *     primaryType EIP712Domain (domain-only signing) is unsupported.
 *   - Type names are identifiers without "$" ([A-Za-z_][A-Za-z0-9_]*,
 *     (*)), field names may also hold "$"; field names are unique within
 *     a struct; each field is {"name", "type"} and nothing more (names
 *     up to DUET_EIP712_MAX_NAME characters).  Field types are an atomic
 *     type or a
 *     struct name, followed by up to DUET_EIP712_MAX_ARRAY_DIMS of "[]" or
 *     "[k]" (1 <= k <= DUET_EIP712_MAX_ARRAY_LEN, no leading zero);
 *     "[]" is a dynamic array, "T[2][]" a dynamic array of pairs.
 *     Atomic types: address, bool, string, bytes, bytes1..bytes32,
 *     uint8..uint256 and int8..int256 in steps of 8.  The aliases "uint"
 *     and "int" are refused.
 *
 * Values, more strictly than ethers:
 *
 *   address  an address string          bool     true or false only
 *   uintN    a number, 0 .. 2^N - 1      intN     a number, -2^(N-1) ..
 *   bytesN   a byte string of N bytes             2^(N-1) - 1 (encoded as
 *   bytes    a byte string (hashed)               256-bit two's complement)
 *   string   a JSON string (its UTF-8    struct   an object with exactly
 *            bytes hashed)                        the struct's fields
 *   arrays   a JSON array, of exactly k elements for "[k]"
 *
 * No value may be null; a struct object with extra or missing keys is
 * refused (ethers ignores extra keys).
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING     not JSON (see the top of this file),
 *                                    bad hex, a bad number string, an
 *                                    address with a wrong checksum or length,
 *                                    duplicate keys;
 *          DUET_ERR_TRUNCATED        the JSON text ends early;
 *          DUET_ERR_TRAILING_DATA    non-whitespace after the JSON value;
 *          DUET_ERR_INVALID_ARGUMENT a missing or extra key, a value of the
 *                                    wrong JSON type, an unknown, cyclic,
 *                                    unused or badly named type, a domain
 *                                    that breaks the rules above, a bytesN
 *                                    of the wrong length, a fixed-size
 *                                    array of the wrong length (and misuse:
 *                                    illegal callback);
 *          DUET_ERR_LIMIT_EXCEEDED   a number outside its type's range, a
 *                                    JSON number over 2^53 - 1, any limit
 *                                    above (DUET_ETH_JSON_*, DUET_EIP712_*);
 *          DUET_ERR_UNSUPPORTED      primaryType EIP712Domain;
 *          DUET_ERR_NO_MEMORY.
 *          On failure hash is zeroed.
 * Out:     hash: the 32-byte hash to sign.
 * In:      json: len bytes of UTF-8 JSON text, not NUL-terminated.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_typed_data_hash(
    uint8_t hash[DUET_ETH_HASH_BYTES], const char *json, size_t len)
    DUET_ARG_NONNULL(1, 2);


/* JSON and hashing, for callers that take JSON or publish hashes. */

/*
 * Check that a text is one JSON object by the rules at the top of this
 * file (RFC 8259, no duplicate keys, no U+0000, no unpaired surrogate
 * escapes, at most DUET_ETH_JSON_MAX_DEPTH levels), so that a caller
 * parsing it with a lenient reader (json-c) afterwards reads exactly what
 * any other strict reader would.  Numbers are only checked for grammar
 * here: the 2^53 - 1 rule applies where a number is read as a quantity.
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING     not JSON, or breaking one of the rules;
 *          DUET_ERR_TRUNCATED        the text ends inside the value;
 *          DUET_ERR_TRAILING_DATA    more than whitespace after it;
 *          DUET_ERR_LIMIT_EXCEEDED   len over DUET_ETH_JSON_MAX_SIZE, or
 *                                    nesting over DUET_ETH_JSON_MAX_DEPTH;
 *          DUET_ERR_INVALID_ARGUMENT valid JSON, but not an object (and
 *                                    misuse: illegal callback);
 *          DUET_ERR_NO_MEMORY.
 * In:      json: len bytes of UTF-8 text, not NUL-terminated (may be NULL
 *                when len is 0).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_json_check(const char *json,
    size_t len);

/*
 * Keccak-256 as Ethereum uses it (the original padding, not SHA3-256):
 * e.g. a transaction's hash is the Keccak-256 of its raw signed bytes.
 *
 * Returns: 0, or DUET_ERR_INVALID_ARGUMENT on misuse (illegal callback).
 * Out:     hash: the 32-byte digest.
 * In:      in:   len bytes (may be NULL when len is 0).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_keccak256(
    uint8_t hash[DUET_ETH_HASH_BYTES], const uint8_t *in, size_t len)
    DUET_ARG_NONNULL(1);


/* Keys and addresses. */

/*
 * The Ethereum address of a public key: the last 20 bytes of the
 * Keccak-256 of its uncompressed form without the 0x04 prefix (x || y).
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING  a prefix other than 0x02 / 0x03, or x not
 *                                 on the curve;
 *          DUET_ERR_NON_CANONICAL x >= p;
 *          DUET_ERR_INFINITY      33 zero bytes (the point at infinity has
 *                                 no address);
 *          DUET_ERR_INVALID_ARGUMENT misuse (illegal callback).
 *          On failure addr is zeroed.
 * Out:     addr:   20 bytes.
 * In:      pubkey: a SEC1 compressed point.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_address(
    uint8_t addr[DUET_ETH_ADDRESS_BYTES],
    const uint8_t pubkey[DUET_ETH_PUBKEY_BYTES]) DUET_ARG_NONNULL(1, 2);

/*
 * Write an address in EIP-55 mixed-case checksum form ("0x5aAeb605...").
 *
 * Returns: 0, or DUET_ERR_INVALID_ARGUMENT on misuse (illegal callback).
 * Out:     out:  DUET_ETH_ADDRESS_TEXT_SIZE characters, NUL-terminated.
 * In:      addr: 20 bytes.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_address_checksum(
    char out[DUET_ETH_ADDRESS_TEXT_SIZE],
    const uint8_t addr[DUET_ETH_ADDRESS_BYTES]) DUET_ARG_NONNULL(1, 2);

/*
 * Parse an address: "0x" and 40 hex digits, all lower case, all upper
 * case, or mixed case with a correct EIP-55 checksum (a mixed-case address
 * with a wrong checksum is a typo that the checksum caught).
 *
 * Returns: 0;
 *          DUET_ERR_BAD_ENCODING  anything else (length, prefix, a non-hex
 *                                 digit, a wrong checksum);
 *          DUET_ERR_INVALID_ARGUMENT misuse (illegal callback).
 *          On failure addr is zeroed.
 * Out:     addr: 20 bytes.
 * In:      text: len characters, not NUL-terminated.
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_address_parse(
    uint8_t addr[DUET_ETH_ADDRESS_BYTES], const char *text, size_t len)
    DUET_ARG_NONNULL(1, 2);


/* Signatures. */

/*
 * The v that goes with an ECDSA signature (r, s) and its recovery id.
 *
 *   DUET_ETH_V_MESSAGE  27 + recid, for personal_sign and EIP-712
 *                       signatures (r || s || v).  recid 2 and 3 give 29
 *                       and 30: returned as such, but the ecrecover
 *                       precompile and most verifiers accept only 27 and
 *                       28, so such a signature (probability about
 *                       2^-127) is better made again with a fresh nonce.
 *   DUET_ETH_V_EIP155   recid + 35 + 2 * chain_id, for legacy
 *                       transactions.
 *   DUET_ETH_V_TYPED    yParity = recid, for typed transactions.
 *
 * chain_id is used by DUET_ETH_V_EIP155 only.
 *
 * Returns: 0;
 *          DUET_ERR_UNSUPPORTED      recid 2 or 3 with DUET_ETH_V_EIP155 or
 *                                    DUET_ETH_V_TYPED (the encodings have no
 *                                    room for bit 1: it would read as
 *                                    another chain id or be invalid);
 *                                    chain_id 0 with DUET_ETH_V_EIP155 (no
 *                                    replay protection);
 *          DUET_ERR_LIMIT_EXCEEDED   DUET_ETH_V_EIP155 with a chain_id over
 *                                    DUET_ETH_LEGACY_CHAIN_ID_MAX (v would
 *                                    not fit in 64 bits);
 *          DUET_ERR_INVALID_ARGUMENT misuse (illegal callback): an unknown
 *                                    kind, recid outside 0..3.
 *          On failure *v is 0.
 * Out:     v:        the value.
 * In:      kind:     DUET_ETH_V_MESSAGE, _EIP155 or _TYPED.
 *          recid:    0 to 3.
 *          chain_id: the chain id (DUET_ETH_V_EIP155).
 */
DUET_API DUET_WARN_UNUSED_RESULT int duet_eth_v(uint64_t *v, int kind,
    int recid, uint64_t chain_id) DUET_ARG_NONNULL(1);

#ifdef __cplusplus
}
#endif

#endif /* DUET_ETH_H */
