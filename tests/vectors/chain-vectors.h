/*
 * chain-vectors.h -- GENERATED from tests/vectors/chain-vectors.json by
 * tests/vectors/gen/chain-vectors-h.pl.  Do not edit: change the generator
 * (gen-chain-vectors.mjs), run both, commit all three.
 */

#ifndef DUET_TESTS_CHAIN_VECTORS_H
#define DUET_TESTS_CHAIN_VECTORS_H

#include <stddef.h>

#include "duet.h"

/* The JSON's ethers version, for the test's diagnostics. */
#define CHAIN_VECTORS_ETHERS  "6.17.0"

/* Keccak-256 of unit repeated to len bytes. */
struct chain_keccak_vector {
    const char *comment;
    const char *unit;           /* hex */
    size_t len;
    const char *digest;         /* hex */
};

/* An RLP value as a shape (see the generator) and its encoding. */
struct chain_rlp_vector {
    const char *comment;
    const char *shape;
    const char *encoded;        /* hex */
};

/* An integer (minimal big-endian magnitude, "" for 0) and its encoding. */
struct chain_rlp_uint_vector {
    const char *comment;
    const char *value;          /* hex */
    const char *encoded;        /* hex */
};

/* A string of unit repeated to len bytes: header, then the bytes. */
struct chain_rlp_long_string_vector {
    const char *comment;
    const char *unit;           /* hex */
    size_t len;
    const char *header;         /* hex */
};

/* A list of count strings, each item_unit repeated to item_len bytes. */
struct chain_rlp_long_list_vector {
    const char *comment;
    size_t count;
    const char *item_unit;      /* hex */
    size_t item_len;
    const char *header;         /* hex */
};

/* Input that duet_rlp_check() must refuse with error. */
struct chain_rlp_invalid_vector {
    const char *comment;
    const char *encoded;        /* hex */
    int error;
    int policy;                 /* valid RLP over one of our limits */
};

/* One item as an integer: what get_uint and get_u64 must return. */
struct chain_rlp_invalid_uint_vector {
    const char *comment;
    const char *encoded;        /* hex */
    int error;
    int error_u64;
};

static const struct chain_keccak_vector chain_keccak_vectors[] = {
    {
        "empty input",
        "",
        0,
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    },
    {
        "one byte 0x00",
        "00",
        1,
        "bc36789e7a1e281436464229828f817d6612f7b477d66591ff96a9e064bcc98a",
    },
    {
        "one byte 0x61 (\"a\")",
        "61",
        1,
        "3ac225168df54212a25c1c01fd35bebfea408fdac2e31ddd6f80a4bbf9a5f1cb",
    },
    {
        "one byte 0x80",
        "80",
        1,
        "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
    },
    {
        "one byte 0xcc",
        "cc",
        1,
        "eead6dbfc7340a56caedc044696a168870549a6a7f6f56961e84a54bd9970b8a",
    },
    {
        "one byte 0xff",
        "ff",
        1,
        "8b1a944cf13a9a1c08facb2c9e98623ef3254d2ddb48113885c3e8e97fec8db9",
    },
    {
        "\"abc\"",
        "616263",
        3,
        "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    },
    {
        "\"The quick brown fox jumps over the lazy dog\"",
        "54686520717569636b2062726f776e20666f78206a756d7073206f7665722074"
        "6865206c617a7920646f67",
        43,
        "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15",
    },
    {
        "\"The quick brown fox jumps over the lazy dog.\"",
        "54686520717569636b2062726f776e20666f78206a756d7073206f7665722074"
        "6865206c617a7920646f672e",
        44,
        "578951e24efd62a3d63a86f7cd19aaa53c898fe287d2552133220370240b572d",
    },
    {
        "\"transfer(address,uint256)\" (an ABI selector)",
        "7472616e7366657228616464726573732c75696e7432353629",
        25,
        "a9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b",
    },
    {
        "sweep: 0 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        0,
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    },
    {
        "sweep: 1 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        1,
        "644826e22109357806d1a633732140f7ace7bb6ca8fa0b67006d7e3d0ad6fe6f",
    },
    {
        "sweep: 2 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        2,
        "1801bd2b5ad9852364cc8a4af9a84dbc5f84b68aa9913fa26fd95a110cc2b049",
    },
    {
        "sweep: 3 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        3,
        "d50d7c0554373ef8cfc0f0dd5e659678eb6e7d03f100932910e9888bc40bc647",
    },
    {
        "sweep: 4 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        4,
        "727d4bfe0707f204c6dd641c43ff7ab64e14042dc9a080cf7562312e44b26b18",
    },
    {
        "sweep: 5 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        5,
        "6da52f4a66c89bdd6bdb6f2014c94b4cfffd1ddb44d99b38475ad3e0daa239af",
    },
    {
        "sweep: 6 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        6,
        "0211532ac289831b00e96cc77133e3f80169065bf27d31a0ffd6d08de76fe5e4",
    },
    {
        "sweep: 7 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        7,
        "8b96c8d18e031c29f6c0d049f9fc62ba93262b6cc303b94b024716b03cda2d49",
    },
    {
        "sweep: 8 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        8,
        "317ab889ac629ed5d4a64462bae04a2088d8d27bdbbb0c8d6e9943b40ceb0591",
    },
    {
        "sweep: 9 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        9,
        "da8b54221ec3fd146b6eae29cb25d37d49e22e05d1323e8b32cbac9f13d7bf02",
    },
    {
        "sweep: 10 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        10,
        "9cc94d98e5ece07ff78fc1d2cef5e767c88cdfa33db9902297dfceae75501968",
    },
    {
        "sweep: 11 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        11,
        "d93be21e4d74118fdc67d84aa2f9a84dab244f4da522a07972ae89f7f8fad9a9",
    },
    {
        "sweep: 12 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        12,
        "dd3e21316bf60beff7fb440c889482bf5dcd10114aa67ba89b08a3ac72e0375f",
    },
    {
        "sweep: 13 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        13,
        "7b71e17c3616b993abaa434f0026a0627571af25954cbd0d5a5f56e81a83b559",
    },
    {
        "sweep: 14 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        14,
        "6ba96e332c0f8fb933cbf94b81fc54d450abb1e41870db243217e29c1d54214d",
    },
    {
        "sweep: 15 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        15,
        "492e9e49323b51295da38b33873f6ce881ee044e4fc3687deb4aa0c1a179af14",
    },
    {
        "sweep: 16 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        16,
        "cd0ca2472129fa8c609654315563c7cc0ff724aaed18b48bbf6686819bd27199",
    },
    {
        "sweep: 17 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        17,
        "696657c35eb5d95dda1e31d129b9ac6016d931f934b77065dde8fa4e04350d69",
    },
    {
        "sweep: 18 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        18,
        "fc76f965bf9c7ba0b23529a1787e02d103d20dcf8a93892f836cda9dd7d5f31e",
    },
    {
        "sweep: 19 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        19,
        "8f2aac00d719dc6d1c7e874914cb0a36a8c3ddc889015ef2943d187718c2f3cc",
    },
    {
        "sweep: 20 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        20,
        "6ca6f0d838d656baed0b20dde5dbcaa5e28fb1e0781134694c5f6d4cd4fe9970",
    },
    {
        "sweep: 21 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        21,
        "342edb51b032241c4243c90beeb22bea0dd4228d134dc800bed69831dfc72071",
    },
    {
        "sweep: 22 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        22,
        "e2de356b30bfeb7740ea7646fcbce71f7ec52ca41434cdcdb192e7422db51448",
    },
    {
        "sweep: 23 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        23,
        "47b7e50aefda91edeee3751bec61dc25f8fd5acc06e57d279ab44737a8ffa7a9",
    },
    {
        "sweep: 24 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        24,
        "20289c4f130e8e3c44f09bae7c0b18798183c079011d89beeb30559ad8ed6088",
    },
    {
        "sweep: 25 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        25,
        "e6d86331d119aa4b8e4b47199dc476a3f262b70939ad782ca27abd63f100a4e4",
    },
    {
        "sweep: 26 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        26,
        "230ea3942ca1adafba39217278552820818bf6946587f0bb78e139fd47fe8c6d",
    },
    {
        "sweep: 27 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        27,
        "088b82a2f43f8071b4aea5188afd91cfa82a8c2afc2a388db292077fccba2d1d",
    },
    {
        "sweep: 28 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        28,
        "ced4278a763c8446198753a1b5f430264858d3988d5b0d23dcee4e0e2482a1ce",
    },
    {
        "sweep: 29 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        29,
        "9873134b73a0fc93cc70d43531d1f638c49fb1298e8c736ea827939b34083518",
    },
    {
        "sweep: 30 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        30,
        "99fcd0925e9cdb0f42a56a339f83812ec268514d8ef0babae28555c9d4afb8a2",
    },
    {
        "sweep: 31 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        31,
        "f0d060d00227ccea581a0505250b556eb1fd9d367b34660144b43beedd0777a3",
    },
    {
        "sweep: 32 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        32,
        "bb0557a9a66bb97eb643ebe9ec6a2b486e40204ef7d650b1df220895bc503604",
    },
    {
        "sweep: 33 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        33,
        "9ec5dd0cdbbb3e048353ef25cec87ed5e7a22d97430dba4f76b6d185084ba95c",
    },
    {
        "sweep: 34 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        34,
        "e16a6014bdc3457ca2cde21290a9480076ebdf258d88f58c4090947c7f20a2c9",
    },
    {
        "sweep: 35 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        35,
        "6de4d12ddcf87830fd61daac99b5b134a4aec68c9f2848938298a5f1822ed890",
    },
    {
        "sweep: 36 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        36,
        "36c06d9cb35c703e7d7b78305b1dfaccd4056df5f2fc64e25385ff70c0470f6c",
    },
    {
        "sweep: 37 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        37,
        "1ac63d7126dfd594bd29d57dadd0825263bb717de3103f6d4491ee8ecb3a0033",
    },
    {
        "sweep: 38 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        38,
        "4ab2c4f810553640f6901643e02b55acafef69ac5857089d58d96a07acdc307e",
    },
    {
        "sweep: 39 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        39,
        "18a12d9c0683f49f94a164b2f4b09db5c17d280391b0f1bd2981edc6ffa8addb",
    },
    {
        "sweep: 40 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        40,
        "d77057268477e1aa4dca4fbc5a37627def8a1c116b9695fdc727e7cef81db11a",
    },
    {
        "sweep: 41 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        41,
        "2230fdfb3029fd8b5f4ed288e1c9850520bdebf6083b7b6e2b7123c79f6498fc",
    },
    {
        "sweep: 42 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        42,
        "f140e310ed289dd4e594c1106e55f3da2cf5ce03ea73702aea778970e5558094",
    },
    {
        "sweep: 43 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        43,
        "2d7464de5d5e5fd8590025ae1426994d239f0eb8301f205b190b07ed147a31ec",
    },
    {
        "sweep: 44 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        44,
        "3e7bebfa3d79af932031c7ead369f04f108c039c5a68acba09a72648c6b55efa",
    },
    {
        "sweep: 45 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        45,
        "ff477f69145220d7337b288c5f08953641f153b590e209a2e0eae0564783bff9",
    },
    {
        "sweep: 46 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        46,
        "5f9aba513ed62ba26bd0874800a3b7aeb4be4b065f00e0ca3b4b29e3850a02f5",
    },
    {
        "sweep: 47 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        47,
        "71fc2ac8b4aee2a0e9ab6c961953c1f665ddb3d40bad7bc56ddca7c08e590679",
    },
    {
        "sweep: 48 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        48,
        "a4ecf6cacf9bb62cdea1516da44b2d9beb0fb5a27f4d30d88bc8f8a3251f0220",
    },
    {
        "sweep: 49 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        49,
        "35e567ad958c39f55d2a6c91a089969c7db33a498b7c84517355f631d87f4899",
    },
    {
        "sweep: 50 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        50,
        "d2955b697e234845bcccf369dadf35b3ee0ec3bfa0aa1cb153261a724771738b",
    },
    {
        "sweep: 51 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        51,
        "8f3f1e9553135cc4951e444b11419fd0d0ea21904995510b98c699cf80f6f6d0",
    },
    {
        "sweep: 52 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        52,
        "b4cec795cba27a42aa4d3575b8fd7bdfe1edb891fe82c7623863527a84dee6be",
    },
    {
        "sweep: 53 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        53,
        "15215af0954f72bec9c110411ee60ea52f2cde510725b4e93f764179cad88075",
    },
    {
        "sweep: 54 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        54,
        "cbb7769931143912a5bd1bd54151a165c15e353b781ac9ab4acde5a986795f2b",
    },
    {
        "sweep: 55 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        55,
        "890d754e4d041cdfbb98b92dddc23b9a14c3b1df4818e4d4444efebbe7aa1d87",
    },
    {
        "sweep: 56 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        56,
        "1195b8c4706393cfd261c6252bae6f5f4c0bda3acd0f111a5eb0fcd7a5132ea4",
    },
    {
        "sweep: 57 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        57,
        "206ef1b2d5e33bd51b4bd5123f7088fec30a7d28e1bd6110d24f1e2be9621aae",
    },
    {
        "sweep: 58 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        58,
        "157f2b46dfacbf1ae0348e76612bcbbc9da6480896ebba0b0f27a153f11e055b",
    },
    {
        "sweep: 59 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        59,
        "74a97b2779015caa20542cdf91c221962fd279a95a84008fe76649a5574ab460",
    },
    {
        "sweep: 60 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        60,
        "47a516fb199cc187d2e51e21948099365d47e5b3e51d02d58e4e6767af2aa348",
    },
    {
        "sweep: 61 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        61,
        "c88ccfe4c3380763c833fe18061ba38267f2b9d4444314229274974f04c4b589",
    },
    {
        "sweep: 62 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        62,
        "1014f45e21da4e79d26f3b6dc41cfd81700e1384d18d222eb1b623002355b641",
    },
    {
        "sweep: 63 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        63,
        "98cfb274a09b28685cf2083d2367f4890104595909354caa322ff6fda3b451c3",
    },
    {
        "sweep: 64 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        64,
        "9892b09869168bc83f364ebe418dd55596eea49930f670ca7cfd648343bf761f",
    },
    {
        "sweep: 65 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        65,
        "19a5e201e33667ac5cfacfc2d0e0fd32325a58e1bf65503edb181310b5ac552e",
    },
    {
        "sweep: 66 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        66,
        "9b177d0b25af298e0238f1f823905c438295ad3c643010ccb0b1b584529b2a00",
    },
    {
        "sweep: 67 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        67,
        "3c22316ded6880e666ffe2562fec0709e207e2c5d704aba0efa758baf37703b8",
    },
    {
        "sweep: 68 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        68,
        "06e096b7c0a150775d83bdf0bee5317c35c7371224499fadc6a5d90560649d56",
    },
    {
        "sweep: 69 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        69,
        "d5efdc47c6bbdfa2a2faefe4e3e06af4882b3dfd686f4f6562ca4cc774fa8158",
    },
    {
        "sweep: 70 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        70,
        "ae56d4e63accc444016fce9b84964edf41e7fc2a27b2ed6a6a1feb9c9c4c3ad7",
    },
    {
        "sweep: 71 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        71,
        "6b8de93fe56100f3ee07ecd689f039fbc569f04ad3a38faceb0487b84b2cc2d3",
    },
    {
        "sweep: 72 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        72,
        "a629c4aa85bded90a45307189c636929a19841259635f829a80e19911987559e",
    },
    {
        "sweep: 73 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        73,
        "f744f6c82b063e09c22fb453fbf1629571524c9f7d560c8f27ca1a4a2a17618d",
    },
    {
        "sweep: 74 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        74,
        "e2a486880dc92f55087de70a03c8a1747f0bfff50d3723cce471d0996bc03804",
    },
    {
        "sweep: 75 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        75,
        "efd841b5cdfda3097b26fb9e998dc318ffd43e16eb1aad1bf3a99be722bb3545",
    },
    {
        "sweep: 76 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        76,
        "13139a1a23558488e1695f177db13403a66efd5f3f24e87abcb226b98080188b",
    },
    {
        "sweep: 77 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        77,
        "620bbd3628c0c444aa256a6fa401c25ed5391e892c81b9629358327370e9d783",
    },
    {
        "sweep: 78 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        78,
        "cb55c2342195ccdc2a8365352d3d21c7bce473eb124d9e047767b687a12342a6",
    },
    {
        "sweep: 79 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        79,
        "9579dab77e06cc81538757ca338a4c0744c9b7fa10d3a3ddc9a0634b6fddd4da",
    },
    {
        "sweep: 80 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        80,
        "105b8151b7af7f9a40a9dab4c75b1a131e8b782daa3c3b74468d9103f63d3806",
    },
    {
        "sweep: 81 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        81,
        "d0a238ff0b5a81e670ecdec38e925caa0eec4db5f9b979ae6e8be9a5582b515c",
    },
    {
        "sweep: 82 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        82,
        "64b9c09d21b70abd5efa1ffe0c38b4e8377b67b48f2ac2f61baa7436436026a7",
    },
    {
        "sweep: 83 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        83,
        "7364c33b3591196310f182a1d40742572f74d7639577ed5798514e71f9566fe5",
    },
    {
        "sweep: 84 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        84,
        "7e900ca87e0f7016eaacdc494a2a310ecb40839baad6cabb73ef0c05d9fb16a8",
    },
    {
        "sweep: 85 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        85,
        "581964eeaf2722689f2c0c2b1c6d1f002ab847d81bbff8f7648a3e25c2d519ea",
    },
    {
        "sweep: 86 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        86,
        "bbcc50ab5a3d4b027540ba3baffbce5d1bb3bba2d1060a911caed5276ae92440",
    },
    {
        "sweep: 87 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        87,
        "9dfd1fde3df176f66edc4a1f08bbd945907fa63ba5d5d3c08f5b17244e379276",
    },
    {
        "sweep: 88 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        88,
        "00913c969d59bf69da8d9fe88143d352b06ff4a538c80ec85c38fd74d651c413",
    },
    {
        "sweep: 89 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        89,
        "79433bb23e2b26850cc9f9c3aa6000ada51be398e7f08150e40e0156c0a53e1b",
    },
    {
        "sweep: 90 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        90,
        "31a52165111b2e0b71c27ab4317972d8d1fd6e8973f9c0dc8e79703efc27614f",
    },
    {
        "sweep: 91 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        91,
        "0e5135c52212cd27633ba92af33df1be672acf16665129a52719ffbe6be4b1f9",
    },
    {
        "sweep: 92 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        92,
        "4896da4723298297255018f4494c6794537f146677559818c4ef619b8db76381",
    },
    {
        "sweep: 93 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        93,
        "b834c0c055d9a05b5f85cc5b118cc187c5666903e05401be1c24076fb7dbf5ce",
    },
    {
        "sweep: 94 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        94,
        "1a408c2257c7d13b00a3a8ca7797a099dad2136399f901dda5327fe7b8927af9",
    },
    {
        "sweep: 95 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        95,
        "df5d04d42abbb06faa5e30a9f9c80c63b927db19d6d50da1560dd129f62b367b",
    },
    {
        "sweep: 96 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        96,
        "5dadd5fe64ebdcfe3fa305fefd34c31aeffc8698a434d8488d4bcaefbb0a71e3",
    },
    {
        "sweep: 97 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        97,
        "09a1c96f187705bd4a08b89934e43776b1c62039514d5b2b8fa19cea800f2374",
    },
    {
        "sweep: 98 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        98,
        "792978c2170530276bf2d7e407e10931c49ae5574106fd7a0a94d12315ea4f57",
    },
    {
        "sweep: 99 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        99,
        "7ec7313363906afa3123bc3501325b15734734b28aa597e598794ddd5b9b0cc5",
    },
    {
        "sweep: 100 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        100,
        "fbab6c8d5ee5f22e0632f66b849b72013ef5b64bc873af3dd6f1eb32283e46d9",
    },
    {
        "sweep: 101 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        101,
        "eba7a4fe559d3228e09ac1b9a7bcaefdb48c1074491136a88aca8e88356cdbe7",
    },
    {
        "sweep: 102 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        102,
        "76c1d9be0ee7eef99109b12657bddbe628e8beb14e00ac9b1c80a65030f8ae7f",
    },
    {
        "sweep: 103 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        103,
        "4616273c017a45808bd9b9259b138974e99c5da5752f15dd8ac4364bf2595b52",
    },
    {
        "sweep: 104 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        104,
        "9e81f9f5e06e38d4cc6bfd565536e65df28cf788c6a10f245a583d0064004335",
    },
    {
        "sweep: 105 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        105,
        "13724cf5ffc722fa47be08cc38e3da4733172a9f645b2fe346b377237449e90d",
    },
    {
        "sweep: 106 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        106,
        "e2d67c2f42f57213518e140c2b9e1643ff0334055caad60ecf7980b3bca12a12",
    },
    {
        "sweep: 107 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        107,
        "1775978c4b4f8c6e2ee82c964a9407475b733330e14117130751eb885ea3c002",
    },
    {
        "sweep: 108 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        108,
        "63bc479cc209079bd400b27bc02b216c9b158b1b3c054f925cb9b52fec2b2c55",
    },
    {
        "sweep: 109 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        109,
        "7e7b98ecd966eda83fc78ef47152cc39e3ae0fe7e6380cd1cdf9fd2329821c70",
    },
    {
        "sweep: 110 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        110,
        "7eba082cab7929e3dc00645f33fc324acdfd990c5f36b5d38c103300d253dbff",
    },
    {
        "sweep: 111 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        111,
        "fb2c3c2aa4ae3f3a16710b173e4631789401a8dec246738363966d0e5c2ef8bf",
    },
    {
        "sweep: 112 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        112,
        "6cd8736a03cf3092eb3d06c1ed35afe27d72fe23e952c286b33786d02dbb4868",
    },
    {
        "sweep: 113 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        113,
        "9b1cc965985170412f0f0b0c0a07f423ea4a379d0e5d4dcd98ab54a66f83644c",
    },
    {
        "sweep: 114 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        114,
        "864e568b7fd05bfcd6d240f7baa07f5a380c0064c31f13fd4d4fa2cf378bc07c",
    },
    {
        "sweep: 115 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        115,
        "925d7b2ab4d8098e66ca4f9d0e7109802e74e4592a374bbaeb6d43d6e542c91c",
    },
    {
        "sweep: 116 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        116,
        "b3fc48a816e77fe5669c2e059dd5c4b8341e32a2c98877165f7014365bbb3720",
    },
    {
        "sweep: 117 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        117,
        "10cb0abf8291d0bb3a1a1ceefff066438d1c57f3bd09446d89e2c50c03d73afe",
    },
    {
        "sweep: 118 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        118,
        "602632889dbb37db743e4666cf4836f0a04a66b8a6cbddf9f0aae12d60584c0a",
    },
    {
        "sweep: 119 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        119,
        "fc9bf6eb19fde6a467e04eda83d22d73f7621fafa2129917d8361250edccd47b",
    },
    {
        "sweep: 120 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        120,
        "fd3bcb1e8fc19e5f05a7f3b6f8634d82874f8cda279383ef998f5ad79b467564",
    },
    {
        "sweep: 121 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        121,
        "ad3ba446f6cc5e9532eb0d92d5121ba8aab094754a9756273813a5e7ee6b0b44",
    },
    {
        "sweep: 122 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        122,
        "1b2a1f80d7bca128440a42b49f67608849ae308350b52166ba3c4b025602d42b",
    },
    {
        "sweep: 123 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        123,
        "8965d35f0509a29e4bc3e94fa62b0d1d95a4b296841f6721ec2b7a047f557693",
    },
    {
        "sweep: 124 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        124,
        "f14d5d0c4fc38629a7d01057d81e2cae7354d0c1a965586dcb154deb4b5a5c2e",
    },
    {
        "sweep: 125 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        125,
        "86d16dd15e188f4b9d5edf0547875805c93d7b7f5e121614f7e4936616229cc4",
    },
    {
        "sweep: 126 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        126,
        "6ad094311db2602f3a518aba2d094a64d96128f2a1b2b51c4bd852ef91dbbb30",
    },
    {
        "sweep: 127 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        127,
        "0af5d02a20e52ca2fb78f0ea225f7b2172c751e4e2510a0cf9a58c86261616e8",
    },
    {
        "sweep: 128 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        128,
        "b49890449ebc9143c260e1d6a00ede480dacf8833dcf9109859b934003c9b425",
    },
    {
        "sweep: 129 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        129,
        "e05d504c5e90d0171d3edc233f0904cad553fcd5c79461ffd76b056faba70be9",
    },
    {
        "sweep: 130 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        130,
        "fca55e47f679c943e40d24a078595c6b59ee51762b656513ca7941a674fd40cb",
    },
    {
        "sweep: 131 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        131,
        "54560df645714b70e72bc5e06456bf578552bc71efb3b4c969c025de74cdd45a",
    },
    {
        "sweep: 132 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        132,
        "bebb2824ada66f58e96afbb022c4e08e82e44cba215283f2a6f1c07571fd6317",
    },
    {
        "sweep: 133 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        133,
        "dfce6eb5c12c3230978b51ce24d064b1a5f1dfea9b7dd1ac9e67881c107716ac",
    },
    {
        "sweep: 134 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        134,
        "4ef6f4017ccad83c69fece71997c84a7a31f43b8f20952b4271bcb6ae93bc15f",
    },
    {
        "sweep: 135 bytes of the 13-byte unit (rate - 1: both pad bits in"
        " one byte)",
        "a55a00ff01807ffe102030c33c",
        135,
        "4c359f5d9e6ab9c64cd9565b9e857fa0745b01d1f7f2061628084ef72ef40fe5",
    },
    {
        "sweep: 136 bytes of the 13-byte unit (exactly one block)",
        "a55a00ff01807ffe102030c33c",
        136,
        "68e3c2588952deb757ffa145de59feada4335e8f278f5c26d0e58c7a5284d958",
    },
    {
        "sweep: 137 bytes of the 13-byte unit (rate + 1)",
        "a55a00ff01807ffe102030c33c",
        137,
        "5f0e250e6c26b34a8fce0b7809c90e41845b10cdd0f81b6e6f65c15069421415",
    },
    {
        "sweep: 138 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        138,
        "36d8684aaa269262339ff74435f5a5393295b01634c2dc26ac193af2ac8b85f3",
    },
    {
        "sweep: 139 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        139,
        "974367a9a51dd57e95336d82fab965cf26cd52ccba1c9c475c4d0174b9b5bd47",
    },
    {
        "sweep: 140 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        140,
        "9b398398d33d17a91d9df61aba1286c16eafc7eab1e667be90ac13296a1e28e6",
    },
    {
        "sweep: 141 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        141,
        "c1b5c006acf54bbda622bd2dfc0fcec3a9047d33edaa5030c93525ee416ce4f9",
    },
    {
        "sweep: 142 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        142,
        "3ef76be47dcd50c1504a4d40a3890345ddb1bc42acc7e0d50fb32fd5e9aee660",
    },
    {
        "sweep: 143 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        143,
        "87233e246a62e56e21527206c38e5f99545489eef6d978fc704caf198851071b",
    },
    {
        "sweep: 144 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        144,
        "685a1dbcbad4cef42484963ae4d9acbfecb2b386db500d8bb37b6155cd967b1e",
    },
    {
        "sweep: 145 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        145,
        "8bde2231ddb11003c23f90df4668782b9666dd692d748b2bda953999b82fec71",
    },
    {
        "sweep: 146 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        146,
        "68f18cff1391845e93b08ce137b58c3e0b5ebc7f800b60bc4c09a789f81dde89",
    },
    {
        "sweep: 147 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        147,
        "987f90e4eb16dc5ca10e1a1c8c458a34eab80eebdfb5382310290f668299cbc3",
    },
    {
        "sweep: 148 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        148,
        "377b739be425386f90fffc07c5ff9f47db6618465af487886b42abb50f27ecd6",
    },
    {
        "sweep: 149 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        149,
        "5de9172f13b4c3fa33c5f15b9dd6c5becd8534a784f02f3f9f64dcf7bb381d53",
    },
    {
        "sweep: 150 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        150,
        "90febb07759eea3601d55c90d187b4a168817004964d885ea3e011a6daa1538c",
    },
    {
        "sweep: 151 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        151,
        "98ddb2ca60c323cc273b4f1010177ca0f2cc362975682d03b6d72e4860ff835d",
    },
    {
        "sweep: 152 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        152,
        "d96fde9560b259e7e8dc50eeb00118d4e389ef5b4c6b11ac7039cb500231df60",
    },
    {
        "sweep: 153 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        153,
        "6cf719ac06b9d4bda9417781737ab707bf03256b6313211f4e7fba37c6cc6d77",
    },
    {
        "sweep: 154 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        154,
        "72542903b4d9b3aeadb95acbae4afd9436910a838ac3269ee5b375668a8f652e",
    },
    {
        "sweep: 155 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        155,
        "5dc021b20f490cd40891029f1aff2b2029183aaa4cd694f343b8b32497360329",
    },
    {
        "sweep: 156 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        156,
        "6cc93e64225cdd49f0a47b6b65f8cf198734833b2db69a8a0ad681ec6896323a",
    },
    {
        "sweep: 157 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        157,
        "11415caa7ffc825db4c1a589a6a8c6a2f4636eeb049cb2d7a4a6b56219552163",
    },
    {
        "sweep: 158 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        158,
        "fa2c0840789dff51af4157ec74d1db1c17d9286ebeb7a74ca9a071732104172a",
    },
    {
        "sweep: 159 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        159,
        "b76500767a4a502a3d6aaf5f5cd4f8cb55d4d2a3c31f4203ae7caad933172bdb",
    },
    {
        "sweep: 160 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        160,
        "82f919744e683b45badc6f3d64db933d39ea4efa1ef9126853bcd1d4cdbe715c",
    },
    {
        "sweep: 161 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        161,
        "6b8da36ed4523f9affd8e82c2ba02712e65b69b56186e476389f9ad84f2135f1",
    },
    {
        "sweep: 162 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        162,
        "5b16e90927bcb92cf49a1b6906fc1e3a2b54f708921b44b7e23fd0bfcd835e1c",
    },
    {
        "sweep: 163 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        163,
        "be6fe92303735ee74630b037c66ed49d88894095aab60ec96fa3006607a63a30",
    },
    {
        "sweep: 164 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        164,
        "82d2f928ce3a9b29358b154c362d3c84d91b340c800a7d38fea112195ea96578",
    },
    {
        "sweep: 165 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        165,
        "466fa94d9c2f8642b08fcdf9075891c59e84d16a93df138c266b66e397b0c1ef",
    },
    {
        "sweep: 166 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        166,
        "35b883b6d4c2779114a88ce92503cdea4c0ebd4e60f6af0354b0cb237e12b516",
    },
    {
        "sweep: 167 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        167,
        "7f666987335ee3a8f38522f914c0a0dcb1f720b1aa01b80ec3ec88ba39db15c3",
    },
    {
        "sweep: 168 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        168,
        "0e99745ab1fe094cad16b32b8ff463863a001658f15ac57d9afa2e9f1da3988b",
    },
    {
        "sweep: 169 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        169,
        "d7b4e5088f3b795d860e941be73e1f8c0e399d093744a476ed6e532b73abb753",
    },
    {
        "sweep: 170 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        170,
        "7e963e0872ffc01207da3c69befd736a216cba8b758c53aa8c620ba0efe88457",
    },
    {
        "sweep: 171 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        171,
        "ab72898f3727a6d836dce503080a68ef44a90eefd4e30a7790620a9bd6a80155",
    },
    {
        "sweep: 172 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        172,
        "5e011272a0887bc517c4194ff75d42a7e8039a8e31b4c914047f914f12612bd0",
    },
    {
        "sweep: 173 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        173,
        "12a08ed3f7108613648438e14f78b21c2593fd6e2e3cde2ac5614c95052c0bb1",
    },
    {
        "sweep: 174 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        174,
        "d369d74926c27a72c879d1cc8015583ce80ed4037380de2cca2a103d6cd913fc",
    },
    {
        "sweep: 175 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        175,
        "818dbf38ddcecd5707a089127b342ddd81e18b3f15c71c410b2c1d923293dc3d",
    },
    {
        "sweep: 176 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        176,
        "f99f6a5a50f2d7517cba495614e4c8af452a48a5035d53635528ea93bd40ba95",
    },
    {
        "sweep: 177 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        177,
        "c983d389a2edb2b7401ca8e4ce7ff8e0f32cfad9c0a22071b5c9d5980962eed1",
    },
    {
        "sweep: 178 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        178,
        "260efb5ab21481d5ed7515a4730453b09d210fab049ae57a01136c1dac539853",
    },
    {
        "sweep: 179 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        179,
        "475884a0ba31a98432f5075e6d4291c60d741f910d6bffc90e809ff189f2594e",
    },
    {
        "sweep: 180 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        180,
        "8f9b2360538e39fd574f343603a48c84769e3143ffb5abf1a06175cd14f1863a",
    },
    {
        "sweep: 181 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        181,
        "7dd04651384ebf54bf8ef3881f099e6ab507f73e196f60f978877c4843cf7c78",
    },
    {
        "sweep: 182 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        182,
        "eba1e5671ac3f31ee61233817f1a0992634e9e9c87b26d153bf0cf060af60b62",
    },
    {
        "sweep: 183 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        183,
        "f4a0f710a7762985122518cc6e572176aa6f1694158c94e7bf120ec9fc9e411a",
    },
    {
        "sweep: 184 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        184,
        "a13d2e1cbd417edcddc9b3e95254d6d10e7c1e3501ad9b236f5ed1ae6772ac46",
    },
    {
        "sweep: 185 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        185,
        "d3d1a35b726bd6d9c2f2ff7ba902887b55b8a61c8df55453db1f0cd28dca90cf",
    },
    {
        "sweep: 186 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        186,
        "0b1dced53281f265810d459abc63d16b2dacddc62635fc64ebfcf5b334ca4b07",
    },
    {
        "sweep: 187 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        187,
        "b7b09842aeeca12dd4bb268f00addf02d88dcb5cbde973bd5f83945affff0f11",
    },
    {
        "sweep: 188 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        188,
        "c1baa88376fff81b0b85553313dae2219a2da887c8eecd47458e3042e4f19fb9",
    },
    {
        "sweep: 189 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        189,
        "49188cefd40c25bfc081336d710f223146f85c843d09d3ef19682c31f23b10da",
    },
    {
        "sweep: 190 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        190,
        "b907e37a75b973013c3376104bdaa35e3e4b5148454333bd4c89cf2ace7fe7e2",
    },
    {
        "sweep: 191 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        191,
        "91b4d7d10729120acdad4402976c3656f8eda4b41ca5213c331442f2445b714a",
    },
    {
        "sweep: 192 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        192,
        "1b2c06d4a3570f743e7b1bd59c0b4e5534680399d0aa5342ed0d89127b09ab14",
    },
    {
        "sweep: 193 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        193,
        "a7804470b51b3cdc46aa6c39350dbdaf19e89c3ba9de350cc4690ed4b2ec50a9",
    },
    {
        "sweep: 194 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        194,
        "cc64fb00e64d209eb1348c4a8e4ece72d03165286a4ba28e458addc4eed95894",
    },
    {
        "sweep: 195 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        195,
        "1fc9b9ba6a008d0fb62f7277eded2ca4aaaf588b5c9ffc43e883b79eaa20ea16",
    },
    {
        "sweep: 196 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        196,
        "dd71099cc03f73c81acb7ed0270c137acb0b1d4ef15515b6873e092612392ba8",
    },
    {
        "sweep: 197 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        197,
        "28484fa47d7738823f07f72990b9397f1ffe05bb31ac9ef1260d1d91d9253969",
    },
    {
        "sweep: 198 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        198,
        "2470cdfe103e2af5b2662b9fa60d9d675773906dfc7bfe75d4de25354f96fd4b",
    },
    {
        "sweep: 199 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        199,
        "aa4af56b064abb4489275604cf046390d63a28cff3a43badcb090aed126aee6f",
    },
    {
        "sweep: 200 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        200,
        "8c0f22c1183ca02e2968026596df2e107d1d98a74afb0884ae9d15ef33d363c7",
    },
    {
        "sweep: 201 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        201,
        "44701d7bb19dc5c08f9fc41c0a6311fa6eb7ef1de9957526bb8478a6662d2122",
    },
    {
        "sweep: 202 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        202,
        "0003f55aa0a2345c116a3e501ff650a7fe733cca8d771809a70326bca09dd5d9",
    },
    {
        "sweep: 203 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        203,
        "23f085c560919dcfb75a353b0276cc5f0ec7cf87a93d0c949445f13be7af2c87",
    },
    {
        "sweep: 204 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        204,
        "5dbeff77c680d1a8c2e33453d92c03aba28b13f8a878b656715c2794cadccccf",
    },
    {
        "sweep: 205 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        205,
        "b7e5a1707a3c46d2812fa9f75e9afe29fcfc44929cc7bbc38b8ffdc16369e33b",
    },
    {
        "sweep: 206 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        206,
        "e1203c54d52f1a1351d663b13ec9962531df7a2013a54320734b1dfb5e4e7341",
    },
    {
        "sweep: 207 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        207,
        "b978fdd013536e0e58f7f530823e8f50a57111d9e307dc5fd6af54375e749618",
    },
    {
        "sweep: 208 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        208,
        "383c1be89602cb6f323e63fb999297737afd156ef1ab2a80c08a14d6304e7ade",
    },
    {
        "sweep: 209 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        209,
        "8b7dbaaf994090f917e4fb686bf838c5318bc4e46486ac1b443bf98eeb383281",
    },
    {
        "sweep: 210 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        210,
        "d8538ab4b57d9b71e93344c5f6dde3545b3991a4fd30299eaee86b1663fe3a50",
    },
    {
        "sweep: 211 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        211,
        "39cc1f320807cedef41eacb7054f22f2a1e54da67f7c84e0621c5505b0ca3e49",
    },
    {
        "sweep: 212 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        212,
        "95afdfa174b08c051821f712b8c17fc21f49af46d56ec3b118ce932f9825687b",
    },
    {
        "sweep: 213 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        213,
        "0c19af5679715890f599a719b55e4344d4718768424300069a0f64de25e0e17d",
    },
    {
        "sweep: 214 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        214,
        "3cd17a8a4c390258bf1af1246ffc7567b68444cd1625cff7ce2ce2de9352ec74",
    },
    {
        "sweep: 215 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        215,
        "67ef345a2ce04f028427fd2c9c8247a5daa3a44d75f82b0fe435091963e99b1e",
    },
    {
        "sweep: 216 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        216,
        "d9d08f70c7bb103a6cdbc4f09e14c0475c82865e7df7cbc93678857edd3cdd5f",
    },
    {
        "sweep: 217 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        217,
        "157b6416b2f4f7df77eb5d77ba4b4eac7f1c1aadf5b13563bd7ffa11ac4f3880",
    },
    {
        "sweep: 218 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        218,
        "41c31c342409bc81ff9313ed00d4eb5e7958e36689b629bbe8d56e50a63bacd3",
    },
    {
        "sweep: 219 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        219,
        "ff0c4ec5d45f54147612dcd844fa21b73ebb2a18b85156702720d044234b9714",
    },
    {
        "sweep: 220 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        220,
        "25bfddfa76bd11beaed2e0711f7c98e8598ce9d695960a2b95e9ef3d6b4a3eac",
    },
    {
        "sweep: 221 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        221,
        "f7a1a78738c52d1bd6c42e33939207dde7960c4a6a700d4a2876d26dd1a793d4",
    },
    {
        "sweep: 222 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        222,
        "82c9b9af6cb4793291ef871e52c9b4049a576bec95c19e877e66eea6bc0f9f4f",
    },
    {
        "sweep: 223 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        223,
        "e5c91ee34108f847546697f6a51466e314cb7d6ff8dcce48c1ae1be98fa6ada2",
    },
    {
        "sweep: 224 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        224,
        "8da7df55d279e854fa6dc60ff34bc99e3942c228ea5b8b3d2dc77262f3289baf",
    },
    {
        "sweep: 225 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        225,
        "04a4700bcc89f67a0d0031412c1d041db851278cd0353c49d3e6d726c498f3f8",
    },
    {
        "sweep: 226 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        226,
        "265ef6ba8e5cc4bc4c03d4f006b7ba256f56e3b41661ad8fbe8d980ed3989fef",
    },
    {
        "sweep: 227 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        227,
        "101e5270fa7d91ea5fde4030b9611cfaaac1d6a2e77a0c91adb4445898bed87d",
    },
    {
        "sweep: 228 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        228,
        "0459affebf102c820b63952972d0b9639826195c26f599adf2755952551994a8",
    },
    {
        "sweep: 229 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        229,
        "2a668209ea8d296e00a07cd51bef11e5d747a3de2c5f6060f39a79b316b12fa2",
    },
    {
        "sweep: 230 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        230,
        "c93447f5b85e787cf021731b96082837134f203c281832cf5992793a5c4e7217",
    },
    {
        "sweep: 231 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        231,
        "a24e1dbbf37313c5184d95a737c4e3aea69b4dcb417be7ecc1e6cd558dadacfb",
    },
    {
        "sweep: 232 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        232,
        "0c91d09ca26de27462b6d8a04fce8fcadc42fb668972e374969a36b640ac42f3",
    },
    {
        "sweep: 233 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        233,
        "cb3beae18e1a534c7913d40e1c863d1ba0cdf1ff2f50149554a294e3e7f53a09",
    },
    {
        "sweep: 234 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        234,
        "55322cb42484067046023980452f911e5d9681e7f18627fcff06588329b55227",
    },
    {
        "sweep: 235 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        235,
        "5f387ecf0450043add00806ed70d35fb328d8bb184f5674b300f7f68de91d360",
    },
    {
        "sweep: 236 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        236,
        "673b593efb9a2be90ff554c717862cc99508407ef499aaba9aea5758cc7d9f69",
    },
    {
        "sweep: 237 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        237,
        "32efd8473793276f73e36855d8cfc438b30899da77a25c1e65827807ba181b2e",
    },
    {
        "sweep: 238 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        238,
        "df5ee661edbefd2d7f2d2b741d11434384ae5b36584b8b5e65200f354c3a600f",
    },
    {
        "sweep: 239 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        239,
        "27f1d33271d188e40e89e0e09fb5cae648a430deb2141ea8ccdb26f3f6cc31e9",
    },
    {
        "sweep: 240 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        240,
        "08c77734c8bfed5a35c1b183d168b4d7c499367ece00d286f6b8595ba0e88d37",
    },
    {
        "sweep: 241 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        241,
        "9017523dd4093dc66f6375d254314103f98823956154305ee207dad319535337",
    },
    {
        "sweep: 242 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        242,
        "6ffaaf72175366268c463a9aa9e49e7b80ea7544e000049ba70e847cf6830a6e",
    },
    {
        "sweep: 243 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        243,
        "cee99344298a150243474122a52ec8b34460eb1c931e7b66e267e8f74cbdbed1",
    },
    {
        "sweep: 244 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        244,
        "38b3efec1392833117d3a1a80b5aeae4cafdec0205e7de1b40e6d4ccf2b551a6",
    },
    {
        "sweep: 245 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        245,
        "39809457394a2386816b0086e1481d3b653eaef9753baaa25af48b1027861407",
    },
    {
        "sweep: 246 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        246,
        "048939fa075f92eacffd3772f462f621c59950ada7905e3df402fa913e8716d1",
    },
    {
        "sweep: 247 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        247,
        "9f1616229813d83e05128e92ad5eddf6bdeafae1c8fa609c71719190666630f0",
    },
    {
        "sweep: 248 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        248,
        "22e48c7769d6f879a9829ba2788934fab9b53fd83c047dd6abc9f55aae37a85e",
    },
    {
        "sweep: 249 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        249,
        "c639a9ad16d544c999c76e2ef10253422ba9505f5794d0dd5d9ee7ebb94fb02e",
    },
    {
        "sweep: 250 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        250,
        "3086b100537bfc08be60bb2c1c5f00a236e5b5ba849dc7abb7fa08179e0f54d9",
    },
    {
        "sweep: 251 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        251,
        "b2b409554e6a71c9974da5bf901462dedb1adb0fcccc431181d779f74ec3762c",
    },
    {
        "sweep: 252 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        252,
        "26ddfd25877fe5e1114fffb0cc597740e7dbdae11867f8b23aeb3df33fd1807b",
    },
    {
        "sweep: 253 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        253,
        "d2afc975bb077fde0ecaacf6b43d6da77ebd288d51b4cf821adcd9a0863e7c96",
    },
    {
        "sweep: 254 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        254,
        "47b25354f0e14091a031bfce7e3b261a434b9fbdaac9caeba4279c958e1f3811",
    },
    {
        "sweep: 255 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        255,
        "eca27e841ef94efb5c33bf33a2bd8cd5fdd7252cbe13b27f64e1626caab2b517",
    },
    {
        "sweep: 256 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        256,
        "decf02eaa7f4807cccb1e10ab31b4b2eeebec017f8dee8a3be30c8de07e784d1",
    },
    {
        "sweep: 257 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        257,
        "61edf85d4b7a283dc80fe1590297aac75cd97c280becb1fa65ceb4b8fe84af80",
    },
    {
        "sweep: 258 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        258,
        "e00fbd94a2110afdfeae36fc10b913406311e364159a6bc4e4e335f030a889ac",
    },
    {
        "sweep: 259 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        259,
        "c99f691f65e5b1a790993b9ac890d362578b837fdc78cfe1cf6793aebc96b040",
    },
    {
        "sweep: 260 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        260,
        "b263492fe4fe917b471bab8cf019c98a960fa5502dc6a2f5ef059667fd1811f6",
    },
    {
        "sweep: 261 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        261,
        "47ff56ccdf0b59a714b805d31cee0a8f47308be36c43def1d8c6fb8536ba1504",
    },
    {
        "sweep: 262 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        262,
        "6e16208ddad63b8bbee667e89425f5d517fc9beaea6a0067457f44e5881603fa",
    },
    {
        "sweep: 263 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        263,
        "2c11831edd0e5f33aec580bbc93b392ec0bc1d3b43dca26b98ec55c7f117a387",
    },
    {
        "sweep: 264 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        264,
        "fc3183a788a687db65f810500c43ab86f8f360e94fbefee12803a02939240467",
    },
    {
        "sweep: 265 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        265,
        "f38a793efe5630a87b311ece26be03c6aef05b362c003ac1b4619c56f03a1efc",
    },
    {
        "sweep: 266 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        266,
        "9f9fcec19d2ed419d1c67dc1b7cef3f2f1b3704dddd204d7cf23285a30fad291",
    },
    {
        "sweep: 267 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        267,
        "6e5dbdb912ac7a87b2018bf65cb95315181d1fd75d4a7c373725d968f76be5ac",
    },
    {
        "sweep: 268 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        268,
        "9a66d7ffedc57dc2e082ab577b42f93e73316e8c5c1a53052dc9460a6d8f68e7",
    },
    {
        "sweep: 269 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        269,
        "f859fd5c34430e798fbf762445b73f7478cc0058e64e8e74c174db7a5fc48e94",
    },
    {
        "sweep: 270 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        270,
        "606a8d6f25c059a91a01ecdffa1fff3e735269c35a4dd2792f74b2b09252ac18",
    },
    {
        "sweep: 271 bytes of the 13-byte unit (2 * rate - 1)",
        "a55a00ff01807ffe102030c33c",
        271,
        "c2369103b179d5e7105a37b6028b78b1b93e5bf82c8bd3907a5226f2ca8e0909",
    },
    {
        "sweep: 272 bytes of the 13-byte unit (exactly two blocks)",
        "a55a00ff01807ffe102030c33c",
        272,
        "789819c1780583021ebd9abcfb64f5cb4267d3d53c9d31ec7a0ee843cf052710",
    },
    {
        "sweep: 273 bytes of the 13-byte unit (2 * rate + 1)",
        "a55a00ff01807ffe102030c33c",
        273,
        "0c6871b097d226351cb8ad0d10137d09d895041cf62e309bd1e5df5f6f109946",
    },
    {
        "sweep: 274 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        274,
        "87ce91ad111270a496cdb3baad3146fd36d116d5c0ff7f9dea743fe62c453a7f",
    },
    {
        "sweep: 275 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        275,
        "4694ce98b5998c84e2027648e826c5bff807503ad4896b71c694b23750e15e2a",
    },
    {
        "sweep: 276 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        276,
        "875303068406d658ca4f126ac70e2556fe1ee1c455507f950777223f421224ee",
    },
    {
        "sweep: 277 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        277,
        "37bb8024c009011eb75ddea8c6dd3b9f401eaf8b7fb505d79088a15e48086fa3",
    },
    {
        "sweep: 278 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        278,
        "5b44f9e148e46a52981430496ca4180ef1540c6264e2f8a465b74a11b9e2ac9a",
    },
    {
        "sweep: 279 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        279,
        "51c263daf0cacd463945b8f943f5745e678ffbd4d74dcaf1ad562510f802e22f",
    },
    {
        "sweep: 280 bytes of the 13-byte unit",
        "a55a00ff01807ffe102030c33c",
        280,
        "04e88ef9b708d1791ddc5e86c292990daabb16d68bf90949d729b53081b9f833",
    },
    {
        "1000 bytes 00 01 02 ... (mod 256)",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
        "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        1000,
        "aca79e4146e30eb1c733f6d6060d72471c36ea4e01ebf45d7f4916249c2bbd82",
    },
    {
        "4096 bytes 00 01 02 ... (mod 256)",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
        "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        4096,
        "1c85a3e5666494583f321cd54285cc17276acf9aea34b207d43005bfa69d0a86",
    },
    {
        "65543 bytes 00 01 02 ... (mod 256)",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
        "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        65543,
        "2b91baaccd58d86d97461a67b977981752eaaa8ebf324ebd7598c5a0fffc7b50",
    },
    {
        "one million \"a\"",
        "61",
        1000000,
        "fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96",
    },
    {
        "EIP-155 example signing hash",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080018080",
        45,
        "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53",
    },
};

static const struct chain_rlp_vector chain_rlp_vectors[] = {
    {
        "empty string",
        "x",
        "80",
    },
    {
        "byte 0x00 (itself)",
        "x00",
        "00",
    },
    {
        "byte 0x01 (itself)",
        "x01",
        "01",
    },
    {
        "byte 0x7f (itself, the largest)",
        "x7f",
        "7f",
    },
    {
        "byte 0x80 (needs the 0x81 header)",
        "x80",
        "8180",
    },
    {
        "byte 0xff",
        "xff",
        "81ff",
    },
    {
        "two zero bytes",
        "x0000",
        "820000",
    },
    {
        "\"dog\"",
        "x646f67",
        "83646f67",
    },
    {
        "string of 2 bytes",
        "x0001",
        "820001",
    },
    {
        "string of 54 bytes",
        "x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f303132333435",
        "b6000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
        "1f202122232425262728292a2b2c2d2e2f303132333435",
    },
    {
        "string of 55 bytes",
        "x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f30313233343536",
        "b7000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
        "1f202122232425262728292a2b2c2d2e2f30313233343536",
    },
    {
        "string of 56 bytes",
        "x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f3031323334353637",
        "b838000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d"
        "1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
    },
    {
        "string of 57 bytes",
        "x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f303132333435363738",
        "b839000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d"
        "1e1f202122232425262728292a2b2c2d2e2f303132333435363738",
    },
    {
        "string of 255 bytes",
        "x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3"
        "f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5"
        "f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7"
        "f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9"
        "fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbeb"
        "fc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddded"
        "fe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfe",
        "b8ff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d"
        "1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d"
        "3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d"
        "5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d"
        "7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d"
        "9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbd"
        "bebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdd"
        "dedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfd"
        "fe",
    },
    {
        "string of 256 bytes",
        "x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3"
        "f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5"
        "f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7"
        "f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9"
        "fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbeb"
        "fc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddded"
        "fe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfef"
        "f",
        "b90100000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
        "1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c"
        "3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c"
        "5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c"
        "7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c"
        "9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbc"
        "bdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdc"
        "dddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfc"
        "fdfeff",
    },
    {
        "string of 1024 bytes",
        "x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3"
        "f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5"
        "f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7"
        "f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9"
        "fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbeb"
        "fc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddded"
        "fe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfef"
        "f000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3"
        "f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5"
        "f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7"
        "f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9"
        "fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbeb"
        "fc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddded"
        "fe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfef"
        "f000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3"
        "f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5"
        "f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7"
        "f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9"
        "fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbeb"
        "fc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddded"
        "fe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfef"
        "f000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1"
        "f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3"
        "f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5"
        "f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7"
        "f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9"
        "fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbeb"
        "fc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddded"
        "fe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfef"
        "f",
        "b90400000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
        "1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c"
        "3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c"
        "5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c"
        "7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c"
        "9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbc"
        "bdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdc"
        "dddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfc"
        "fdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
        "1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c"
        "3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c"
        "5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c"
        "7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c"
        "9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbc"
        "bdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdc"
        "dddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfc"
        "fdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
        "1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c"
        "3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c"
        "5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c"
        "7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c"
        "9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbc"
        "bdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdc"
        "dddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfc"
        "fdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c"
        "1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c"
        "3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c"
        "5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c"
        "7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c"
        "9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbc"
        "bdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdc"
        "dddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfc"
        "fdfeff",
    },
    {
        "empty list",
        "[ ]",
        "c0",
    },
    {
        "list of the empty list",
        "[ [ ] ]",
        "c1c0",
    },
    {
        "set-theoretic three [ [], [[]], [ [], [[]] ] ]",
        "[ [ ] [ [ ] ] [ [ ] [ [ ] ] ] ]",
        "c7c0c1c0c3c0c1c0",
    },
    {
        "[\"cat\", \"dog\"]",
        "[ x636174 x646f67 ]",
        "c88363617483646f67",
    },
    {
        "list payload 55 bytes (short form, 0xf7)",
        "[ xababababababababababababababababababababababababababababababa"
        "bababababababababababababababababababababababab ]",
        "f7b6abababababababababababababababababababababababababababababab"
        "abababababababababababababababababababababababab",
    },
    {
        "list payload 56 bytes (long form, 0xf838)",
        "[ xababababababababababababababababababababababababababababababa"
        "babababababababababababababababababababababababab ]",
        "f838b7ababababababababababababababababababababababababababababab"
        "abababababababababababababababababababababababababab",
    },
    {
        "list holding a 1024-byte string",
        "[ x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1"
        "e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3"
        "e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5"
        "e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7"
        "e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9"
        "e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdb"
        "ebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddd"
        "edfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdf"
        "eff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1"
        "e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3"
        "e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5"
        "e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7"
        "e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9"
        "e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdb"
        "ebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddd"
        "edfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdf"
        "eff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1"
        "e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3"
        "e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5"
        "e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7"
        "e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9"
        "e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdb"
        "ebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddd"
        "edfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdf"
        "eff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1"
        "e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3"
        "e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5"
        "e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7"
        "e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9"
        "e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdb"
        "ebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcddd"
        "edfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdf"
        "eff ]",
        "f90403b90400000102030405060708090a0b0c0d0e0f10111213141516171819"
        "1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536373839"
        "3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253545556575859"
        "5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879"
        "7a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899"
        "9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9"
        "babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9"
        "dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9"
        "fafbfcfdfeff000102030405060708090a0b0c0d0e0f10111213141516171819"
        "1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536373839"
        "3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253545556575859"
        "5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879"
        "7a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899"
        "9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9"
        "babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9"
        "dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9"
        "fafbfcfdfeff000102030405060708090a0b0c0d0e0f10111213141516171819"
        "1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536373839"
        "3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253545556575859"
        "5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879"
        "7a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899"
        "9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9"
        "babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9"
        "dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9"
        "fafbfcfdfeff000102030405060708090a0b0c0d0e0f10111213141516171819"
        "1a1b1c1d1e1f202122232425262728292a2b2c2d2e2f30313233343536373839"
        "3a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253545556575859"
        "5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f70717273747576777879"
        "7a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899"
        "9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9"
        "babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9"
        "dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9"
        "fafbfcfdfeff",
    },
    {
        "mixed",
        "[ x x00 [ ] [ x01 [ x02 ] ] x6c6f72656d20697073756d20646f6c6f72 "
        "]",
        "d98000c0c301c102916c6f72656d20697073756d20646f6c6f72",
    },
    {
        "16 nested lists (the most libduet accepts)",
        "[ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [ ] ] ] ] ] ] ] ] ] ] ] ] ] ] ] ]",
        "cfcecdcccbcac9c8c7c6c5c4c3c2c1c0",
    },
    {
        "EIP-155 example signing payload",
        "[ x09 x04a817c800 x5208 x353535353535353535353535353535353535353"
        "5 x0de0b6b3a7640000 x x01 x x ]",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080018080",
    },
    {
        "EIP-1559-shaped payload with an access list (4 lists deep)",
        "[ x01 x x3b9aca00 x04a817c800 x5208 x353535353535353535353535353"
        "5353535353535 x0de0b6b3a7640000 x6869 [ [ xdedededededededededed"
        "ededededededededede [ x00000000000000000000000000000000000000000"
        "00000000000000000000001 xfffffffffffffffffffffffffffffffffffffff"
        "fffffffffffffffffffffffff ] ] [ xadadadadadadadadadadadadadadada"
        "dadadadad [ ] ] ] ]",
        "f8a50180843b9aca008504a817c8008252089435353535353535353535353535"
        "35353535353535880de0b6b3a7640000826869f872f85994dededededededede"
        "dedededededededededededef842a00000000000000000000000000000000000"
        "000000000000000000000000000001a0ffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffffd694adadadadadadadadadadadadadad"
        "adadadadadadc0",
    },
    {
        "pseudo-random structure 0",
        "[ xaf231a716c915d31183ebcd2ef51229d724fdbd96f396eae2bc8 [ [ [ x "
        "[ xa7 ] [ x9115b820aa7a948aa04dc09dfe494cdc8ee0b906b230294a601cd"
        "f3cb762cf420519 xb3dfe17c45fb5051677078c904f8430cb44873cbc605d89"
        "f58f06dd7e538ac xedfcef97fe1637bc03e7aab065384349d7593be07f7fe2a"
        "3c9d6ae2a6766edabb54d73 x8a23320b97ef1c7dba419678f9d2693cb36fcbd"
        "b4274e1815f22d71b25a7cef6cb80a11eaaaddf1db0e822d15e042a2070631f8"
        "8baad836a925bdbdbc7ef87fb15eca5b8969f154963809cc98633cd052c3d426"
        "bb3fc492ac50221ec4296d072133f592848c6f9abebe18601ed68af6f0551b37"
        "aeb7ed1f09bc454bca68c44eec6f529e96fd3a97832d09a6ddd6983de3308239"
        "b13a9480868891db6a439ba75e8b02c5d2c09522d46c1375852135999d986a23"
        "6b71b7938f2ccf6846201a80c05abb6f5f80041ab0589a591920654ccd8bb9d9"
        "265f9fc57322c172f1dd0cf527ddee4cd1890f24b98878e592080738aea87df3"
        "0bde4b8706a4db853aadd3496c075e9c9f260bd1b7560f5833a0fca8a7a16ae0"
        "a2bfe6ee9aed5524e7692aaa53a742bd7aea656ef03515be8a539fbfe4e90664"
        "45ad3bbf5b7639c49aae3756403609da5a7ad705bd9629486 ] [ ] ] ] [ x8"
        "820e98d3567b64be199401926213932268e8353c25ad51f400fa2c4a5f1ef5b6"
        "aa2b82d5bf10c [ x1402b630d5310babbd11e94ade8e0c8ca0df994677b32b7"
        "845dc1e10f4635cab4a5cef6b1492 ] ] xfce60a7809adc3fe283b2f94eee4a"
        "128aeaea3d48b46b3ec735bebc2 x4499b8f041845b25a370a05d7a02eb684c0"
        "83f2b0d45969f67ff9a54c697bd4fb8f268eb231fc828 [ xfd ] ] ]",
        "f9027d9aaf231a716c915d31183ebcd2ef51229d724fdbd96f396eae2bc8f902"
        "5ff901c1f901be80c281a7f901b6a29115b820aa7a948aa04dc09dfe494cdc8e"
        "e0b906b230294a601cdf3cb762cf4205199fb3dfe17c45fb5051677078c904f8"
        "430cb44873cbc605d89f58f06dd7e538aca3edfcef97fe1637bc03e7aab06538"
        "4349d7593be07f7fe2a3c9d6ae2a6766edabb54d73b9014c8a23320b97ef1c7d"
        "ba419678f9d2693cb36fcbdb4274e1815f22d71b25a7cef6cb80a11eaaaddf1d"
        "b0e822d15e042a2070631f88baad836a925bdbdbc7ef87fb15eca5b8969f1549"
        "63809cc98633cd052c3d426bb3fc492ac50221ec4296d072133f592848c6f9ab"
        "ebe18601ed68af6f0551b37aeb7ed1f09bc454bca68c44eec6f529e96fd3a978"
        "32d09a6ddd6983de3308239b13a9480868891db6a439ba75e8b02c5d2c09522d"
        "46c1375852135999d986a236b71b7938f2ccf6846201a80c05abb6f5f80041ab"
        "0589a591920654ccd8bb9d9265f9fc57322c172f1dd0cf527ddee4cd1890f24b"
        "98878e592080738aea87df30bde4b8706a4db853aadd3496c075e9c9f260bd1b"
        "7560f5833a0fca8a7a16ae0a2bfe6ee9aed5524e7692aaa53a742bd7aea656ef"
        "03515be8a539fbfe4e9066445ad3bbf5b7639c49aae3756403609da5a7ad705b"
        "d9629486c0f850a78820e98d3567b64be199401926213932268e8353c25ad51f"
        "400fa2c4a5f1ef5b6aa2b82d5bf10ce7a61402b630d5310babbd11e94ade8e0c"
        "8ca0df994677b32b7845dc1e10f4635cab4a5cef6b14929cfce60a7809adc3fe"
        "283b2f94eee4a128aeaea3d48b46b3ec735bebc2a84499b8f041845b25a370a0"
        "5d7a02eb684c083f2b0d45969f67ff9a54c697bd4fb8f268eb231fc828c281fd",
    },
    {
        "pseudo-random structure 1",
        "[ x717da8f851dca7e50372f1313b99786fd0714d8e1c24d3f71dff9d3735248"
        "1cd39fea98c185c74266a80275a57e4ad092ffa3a6f6499de027eb48f4e289a8"
        "5563baf02c40139de89263982a5e8767da2c73a3517c65d2994838b8bdd60dae"
        "e5b80514dbf3f0ec572bbbb88d668dced5442f883dddcd10f33da536fcfa29ea"
        "7e7ece176fc51eeeeb95dbe2d5e49585eb08a748f0efd8ddc98171a3d9901049"
        "1d0d762b1d361695692883e79631f57390905eaab82bd3c3bc74c0a94a04b89e"
        "524cd164a82e02274fe5b041b642f55b6e6e92e568c9fd548da3472ca8a9ef57"
        "a3c5324e63d75fd2b47080b9f1328520851e229464ee99daa0dfb19978ec90ca"
        "0b97f99ab596893d0f24b9683fe19a584e7d8ac55 x7384b7f74d6d3e207eb38"
        "fddb17d6cc1d85c5d579b582d95df022de089ef02e9c6d6bc50885808695fccb"
        "07e6d2911dff6ff93581f20a9dc2cfadcbe4df0ba0bc77b86fb590fedc6e1157"
        "a7341a0a50144f53b8e9e2382b53b1d22f278fac17a6608a1d004fa530dc9325"
        "d78a6526939e7a2ec2b683cadf84fbab3d2415e879866b87f4450bbf4fc93a9b"
        "6dd88f99b268733086737f93256cbb3ba6e1ebaa73e14c0483f950b6efb9ccd7"
        "df95ad9c33fb6724dd58f23a212f3664642383d2960 ]",
        "f901d8b90113717da8f851dca7e50372f1313b99786fd0714d8e1c24d3f71dff"
        "9d37352481cd39fea98c185c74266a80275a57e4ad092ffa3a6f6499de027eb4"
        "8f4e289a85563baf02c40139de89263982a5e8767da2c73a3517c65d2994838b"
        "8bdd60daee5b80514dbf3f0ec572bbbb88d668dced5442f883dddcd10f33da53"
        "6fcfa29ea7e7ece176fc51eeeeb95dbe2d5e49585eb08a748f0efd8ddc98171a"
        "3d99010491d0d762b1d361695692883e79631f57390905eaab82bd3c3bc74c0a"
        "94a04b89e524cd164a82e02274fe5b041b642f55b6e6e92e568c9fd548da3472"
        "ca8a9ef57a3c5324e63d75fd2b47080b9f1328520851e229464ee99daa0dfb19"
        "978ec90ca0b97f99ab596893d0f24b9683fe19a584e7d8ac55b8c07384b7f74d"
        "6d3e207eb38fddb17d6cc1d85c5d579b582d95df022de089ef02e9c6d6bc5088"
        "5808695fccb07e6d2911dff6ff93581f20a9dc2cfadcbe4df0ba0bc77b86fb59"
        "0fedc6e1157a7341a0a50144f53b8e9e2382b53b1d22f278fac17a6608a1d004"
        "fa530dc9325d78a6526939e7a2ec2b683cadf84fbab3d2415e879866b87f4450"
        "bbf4fc93a9b6dd88f99b268733086737f93256cbb3ba6e1ebaa73e14c0483f95"
        "0b6efb9ccd7df95ad9c33fb6724dd58f23a212f3664642383d2960",
    },
    {
        "pseudo-random structure 2",
        "[ xaf0824bcfa76856510e937589d90ef37b00e8d72744e4c4c7b994e29c64ec"
        "454d0549a0a0e6bdc04874f263d63cf1f92 xd99f916cd5cb7c406f9b5230375"
        "4e7bb174d416e611af9bda5d781b4f80499ef7b8cc556d0a4715f9f2967bbdcc"
        "b4c2d2473abcd4b4eafa1 [ xd91d295271700c9ccac10c56 xd482b1185e959"
        "70345681f8ea65ee47ce2dc9c9c3b74bbed6259ce251bb00e8620f4c1ed06fb3"
        "fbb32495cfd49dae72aadb79ba06d17ba2a6742db318d9a2b3e6d6f5e4c1942c"
        "3234d6347d1a23599e2669f38a8b2d1c946a1d4e9e9b0dc0d46dab57f67d003d"
        "3ad7c3f323cb35630e44eb4d5d7a18d0c6eb3e71afeba1c890678a25c770d557"
        "63e3f18288546c0aeb3fbbb255bb6c75ce5e3392c0183a6b18abfaf359c3fdce"
        "0eaa2314d3c045beb0640eda230d000be26e80b121f000002ab2cb27e46c082f"
        "a x x83108a94 ] ]",
        "f90149b0af0824bcfa76856510e937589d90ef37b00e8d72744e4c4c7b994e29"
        "c64ec454d0549a0a0e6bdc04874f263d63cf1f92b838d99f916cd5cb7c406f9b"
        "52303754e7bb174d416e611af9bda5d781b4f80499ef7b8cc556d0a4715f9f29"
        "67bbdccb4c2d2473abcd4b4eafa1f8dc8cd91d295271700c9ccac10c56b8c7d4"
        "82b1185e95970345681f8ea65ee47ce2dc9c9c3b74bbed6259ce251bb00e8620"
        "f4c1ed06fb3fbb32495cfd49dae72aadb79ba06d17ba2a6742db318d9a2b3e6d"
        "6f5e4c1942c3234d6347d1a23599e2669f38a8b2d1c946a1d4e9e9b0dc0d46da"
        "b57f67d003d3ad7c3f323cb35630e44eb4d5d7a18d0c6eb3e71afeba1c890678"
        "a25c770d55763e3f18288546c0aeb3fbbb255bb6c75ce5e3392c0183a6b18abf"
        "af359c3fdce0eaa2314d3c045beb0640eda230d000be26e80b121f000002ab2c"
        "b27e46c082fa808483108a94",
    },
    {
        "pseudo-random structure 3",
        "[ [ ] x75bdbf0e405af9fcc70dc3d4eab7825e0bbe93f22a8c01bcb3b53a2df"
        "87ead3b2411f06c6255462462f301fb3fc2007993ca016954f0baa1993f9cbb4"
        "5b15eabeea8e64d84b284fb5f3ee729ebba4796d6ab614b7e25368cb10ef718c"
        "977b1925fb34702d31b7e1d561440c7f89e30bef3ee8d85813c7dfc2541c7371"
        "f2ab2e5e06b7294dccaedba8d8907ac4fe0f0 xc1 x84 ]",
        "f896c0b88f75bdbf0e405af9fcc70dc3d4eab7825e0bbe93f22a8c01bcb3b53a"
        "2df87ead3b2411f06c6255462462f301fb3fc2007993ca016954f0baa1993f9c"
        "bb45b15eabeea8e64d84b284fb5f3ee729ebba4796d6ab614b7e25368cb10ef7"
        "18c977b1925fb34702d31b7e1d561440c7f89e30bef3ee8d85813c7dfc2541c7"
        "371f2ab2e5e06b7294dccaedba8d8907ac4fe0f081c18184",
    },
    {
        "pseudo-random structure 4",
        "[ xe3fe60ab5ee4132e55cc49c3f88f138c1ed16cc33bc1afcdae692341eb644"
        "71d27f162 x xe5c791dfa7d7331c9f32d0beb91d2cb9018941559ea189a97ee"
        "70ce16242a50ad3 [ xd1 [ ] ] ]",
        "f84ba3e3fe60ab5ee4132e55cc49c3f88f138c1ed16cc33bc1afcdae692341eb"
        "64471d27f16280a1e5c791dfa7d7331c9f32d0beb91d2cb9018941559ea189a9"
        "7ee70ce16242a50ad3c381d1c0",
    },
    {
        "pseudo-random structure 5",
        "[ [ [ xf65331cea7aa61fb466983389b06795c543aeffbb9bf027e59a389693"
        "0d44d53f333a0ca0fa6c43edeb4459821d8a3861b6a8676b88b41ad4d379e636"
        "7b182690f573e217f5b7ad7e7fd0cd1d3664e4bea7e5821648f7b26a076cbe02"
        "821397461c40b3f68c1d27ade73b553e617e085f3c9836f7eb1bfd8915affed4"
        "ca589344fe17bd93b307f05314e5b5a700e97bee343f9a3b369b773b2c91b968"
        "1598de594d50df1e249ee41bd10465c1d ] [ x698a46258eb37b24828d5bc38"
        "3de3045ac5329ee9dbf074bacaab57fee53fd995cfe789339cc18cc708cb9974"
        "a188b88856eea7d74069b088b0040 xae x x81 x59001e106321563529430dc"
        "c763037015c64d8fba8127f8185c624104118d02087837c58d2106d022f2350c"
        "c646d47ac70edbc01c36b4e970f65d9a0aa4f85d6da5672308a338983a5b25d3"
        "25a85ee46a5dd1cfc39b4709ad4b96141d1528d8af97606aa81cccffb6688ac7"
        "30817675bfc7bd5fbb025ac0b530f8c4d68221a4942915de5cae49f6c59cfa36"
        "09bb8b4b40bfe20d4279b9ade047a ] ] x76 x33bd9384070053a82e8d44992"
        "5034a8109a20753ac84dd1594fe32c85b262990f8783cfd32bc5a30772478674"
        "31b5feda4f8c221fcebe422cc0de9903189215c386980bd5eb77909da05697ab"
        "6d309508dfaebb7b97fa527877df57ae84468797deba4dcbf470b10f5556e716"
        "e70acd52fa7bf7b8cdb63834be8e25d95c240d76e9f6403fdcc787e1e5f04fe1"
        "1a2b5acfa516cd4407bd53184c79a34d788cf4182e5242b3f2e22b228148ce1c"
        "98db2439d0511acdfb4b1af03a35b5e54d160829662ac9489ebc956a20a2432a"
        "e2009005576d1cab184edda0ce844490feb096b0486d799c13c61acebed90dbf"
        "d7621670755bfa7a7c795d863f2c9b9cd9ec206e3373f2d24d3a2a3036f8f667"
        "b1fcd7d76e66a655c578f2a752bd9e8f746c3c77c9b016e1763ea8a26649fe7d"
        "2084545565f6a11edb87b718ba6b413ec94b35083c8 ]",
        "f902daf90191f8afb8adf65331cea7aa61fb466983389b06795c543aeffbb9bf"
        "027e59a3896930d44d53f333a0ca0fa6c43edeb4459821d8a3861b6a8676b88b"
        "41ad4d379e6367b182690f573e217f5b7ad7e7fd0cd1d3664e4bea7e5821648f"
        "7b26a076cbe02821397461c40b3f68c1d27ade73b553e617e085f3c9836f7eb1"
        "bfd8915affed4ca589344fe17bd93b307f05314e5b5a700e97bee343f9a3b369"
        "b773b2c91b9681598de594d50df1e249ee41bd10465c1df8deb83b698a46258e"
        "b37b24828d5bc383de3045ac5329ee9dbf074bacaab57fee53fd995cfe789339"
        "cc18cc708cb9974a188b88856eea7d74069b088b004081ae808181b89a59001e"
        "106321563529430dcc763037015c64d8fba8127f8185c624104118d02087837c"
        "58d2106d022f2350cc646d47ac70edbc01c36b4e970f65d9a0aa4f85d6da5672"
        "308a338983a5b25d325a85ee46a5dd1cfc39b4709ad4b96141d1528d8af97606"
        "aa81cccffb6688ac730817675bfc7bd5fbb025ac0b530f8c4d68221a4942915d"
        "e5cae49f6c59cfa3609bb8b4b40bfe20d4279b9ade047a76b9014233bd938407"
        "0053a82e8d449925034a8109a20753ac84dd1594fe32c85b262990f8783cfd32"
        "bc5a3077247867431b5feda4f8c221fcebe422cc0de9903189215c386980bd5e"
        "b77909da05697ab6d309508dfaebb7b97fa527877df57ae84468797deba4dcbf"
        "470b10f5556e716e70acd52fa7bf7b8cdb63834be8e25d95c240d76e9f6403fd"
        "cc787e1e5f04fe11a2b5acfa516cd4407bd53184c79a34d788cf4182e5242b3f"
        "2e22b228148ce1c98db2439d0511acdfb4b1af03a35b5e54d160829662ac9489"
        "ebc956a20a2432ae2009005576d1cab184edda0ce844490feb096b0486d799c1"
        "3c61acebed90dbfd7621670755bfa7a7c795d863f2c9b9cd9ec206e3373f2d24"
        "d3a2a3036f8f667b1fcd7d76e66a655c578f2a752bd9e8f746c3c77c9b016e17"
        "63ea8a26649fe7d2084545565f6a11edb87b718ba6b413ec94b35083c8",
    },
    {
        "pseudo-random structure 6",
        "[ [ [ x7d5f9bb204c0d4eee833ed08cc3084402e26abacae0b992287e4403d9"
        "1b416e0da09c1590dd6c1ed4d33e22d804d8628ef ] x46 x85e1f364b950c72"
        "23feb x ] x [ x x4b2e3f35 x3b6d34f4f5f837ef1b63de92bcd41db793196"
        "54351bb107edbbac94b41f94cdf10a4f0086da34ba1f1620f923e5a1943381c6"
        "d3943afef4f4225eee9ab05d7fdc726c22b047bf548d83f044535c74e7068e4c"
        "e4960e0289082776c5426d712bcd05da2b1ed786dc47448db55d7556da4429f1"
        "8af25b451e720b82f7e338577c785d3d6ae4ecba1cc6fa3d6fb49d6f0a235495"
        "6a69d2a0d25f848fe6efb404454db14073c0c9df8d39de530e93a30538cde4f8"
        "921d6534140b5d55da8c69024d87bc9 x xf692ad29cb37aaa956c62a52a2f6b"
        "972d01280614dc173151e72c5ee8b16793c2eade02b3d3fa4f1 ] ]",
        "f90139f840f2b17d5f9bb204c0d4eee833ed08cc3084402e26abacae0b992287"
        "e4403d91b416e0da09c1590dd6c1ed4d33e22d804d8628ef468a85e1f364b950"
        "c7223feb8080f8f480844b2e3f35b8c23b6d34f4f5f837ef1b63de92bcd41db7"
        "9319654351bb107edbbac94b41f94cdf10a4f0086da34ba1f1620f923e5a1943"
        "381c6d3943afef4f4225eee9ab05d7fdc726c22b047bf548d83f044535c74e70"
        "68e4ce4960e0289082776c5426d712bcd05da2b1ed786dc47448db55d7556da4"
        "429f18af25b451e720b82f7e338577c785d3d6ae4ecba1cc6fa3d6fb49d6f0a2"
        "354956a69d2a0d25f848fe6efb404454db14073c0c9df8d39de530e93a30538c"
        "de4f8921d6534140b5d55da8c69024d87bc980a8f692ad29cb37aaa956c62a52"
        "a2f6b972d01280614dc173151e72c5ee8b16793c2eade02b3d3fa4f1",
    },
    {
        "pseudo-random structure 7",
        "[ x18a708b7f0bd8fdd907b158c5d3a23bf8cb0a27c xde8ceb97bfe91bd65ba"
        "9242c77df904baafd384257ba2d4381cb54c525a2d196dd250a8ea03052ca85d"
        "f830479e5e9df3ae7020ed7c119fa29eaf38c96ea29299b8aad xa4 [ x3e543"
        "c7203b8186b9ce389f21610ed75034635433e1d32661646fb47b39dac1e4ea72"
        "395f525d208b7ed42e544eddae5043f128f4b54bafb24100928fb6dbb56f3349"
        "b6b x [ [ ] [ ] x [ xfa61f271653d8f44e7a054bd1fe07642beb9e1 x8f0"
        "8fecf28 [ xa52c76bdeaef048098be99aa943fe29a0e232c1a72a39deb9d588"
        "81486555b71a3dbd4a26af46950386aa57180acd7ced213d85446ea2286b6ba9"
        "f8d066fcecd8a30003dad7713fe99f9c8e176e834199eb95376717c8438eb931"
        "a0cba8f188cdc2d9802107b27a4185bf5dda551af62c11daf1ac54f16f9da486"
        "367316c53bd4ff6fef133c805ca54bf68d27aa2c54d73846e0b29f5fa3c6d32b"
        "4566021adfd x9ea9f0d06fc942c308a81bc232 xc9132a7c78afd8f591688d9"
        "59e9fc6dd58312d6867 xb17b4c6bd7b2c28af9af0f3af86a0318c8 x ] x66f"
        "b38de0e605081c1bf4f8a464f43e8d9564c1eb008789f122f2634e274fb009e9"
        "6bd708efbf6aa98e9ec9697b13f36 ] ] ] [ xf8 xc3005d02a5d902c480353"
        "7a61dbafc0bb58a2b3343c1c4341e7ecbbb9f160eed131305e761a8b24181c80"
        "0a3728f0d4fd412537f6e48d4b366056a6a9a4576c23317df3b8e79797f23a8c"
        "9e8bc9b0d1cb550b1fa51a5aed3af4f3711721612f11c1982e8af9d38ee0e29f"
        "00a7ec875d2f63906b676e02cdf17e5ff9937dc48d6b5299af2c6dc49bfd9f0a"
        "e9f20641583fa410ae23e74701b05afdc00 [ x93a44d5197cd5a63e88076fdd"
        "b0afaf3d2f9417f5157479c27c38fc6dceb0ce881efd148bd5445da8dfb2a4be"
        "5731f2e2db6f0a511 ] x5745dccfe1121d8257a4d1bf4a xc39a134ed312f70"
        "a1896ee7d687eda9f50261f8c348d19e90362fc8d95b895e7eb82c5c3cc60403"
        "52a358145 ] ]",
        "f902ea9418a708b7f0bd8fdd907b158c5d3a23bf8cb0a27cb843de8ceb97bfe9"
        "1bd65ba9242c77df904baafd384257ba2d4381cb54c525a2d196dd250a8ea030"
        "52ca85df830479e5e9df3ae7020ed7c119fa29eaf38c96ea29299b8aad81a4f9"
        "0176b8443e543c7203b8186b9ce389f21610ed75034635433e1d32661646fb47"
        "b39dac1e4ea72395f525d208b7ed42e544eddae5043f128f4b54bafb24100928"
        "fb6dbb56f3349b6b80f9012cc0c080f9012693fa61f271653d8f44e7a054bd1f"
        "e07642beb9e1858f08fecf28f8d9b8a0a52c76bdeaef048098be99aa943fe29a"
        "0e232c1a72a39deb9d58881486555b71a3dbd4a26af46950386aa57180acd7ce"
        "d213d85446ea2286b6ba9f8d066fcecd8a30003dad7713fe99f9c8e176e83419"
        "9eb95376717c8438eb931a0cba8f188cdc2d9802107b27a4185bf5dda551af62"
        "c11daf1ac54f16f9da486367316c53bd4ff6fef133c805ca54bf68d27aa2c54d"
        "73846e0b29f5fa3c6d32b4566021adfd8d9ea9f0d06fc942c308a81bc23295c9"
        "132a7c78afd8f591688d959e9fc6dd58312d686791b17b4c6bd7b2c28af9af0f"
        "3af86a0318c880b066fb38de0e605081c1bf4f8a464f43e8d9564c1eb008789f"
        "122f2634e274fb009e96bd708efbf6aa98e9ec9697b13f36f9011281f8b89cc3"
        "005d02a5d902c4803537a61dbafc0bb58a2b3343c1c4341e7ecbbb9f160eed13"
        "1305e761a8b24181c800a3728f0d4fd412537f6e48d4b366056a6a9a4576c233"
        "17df3b8e79797f23a8c9e8bc9b0d1cb550b1fa51a5aed3af4f3711721612f11c"
        "1982e8af9d38ee0e29f00a7ec875d2f63906b676e02cdf17e5ff9937dc48d6b5"
        "299af2c6dc49bfd9f0ae9f20641583fa410ae23e74701b05afdc00f6b593a44d"
        "5197cd5a63e88076fddb0afaf3d2f9417f5157479c27c38fc6dceb0ce881efd1"
        "48bd5445da8dfb2a4be5731f2e2db6f0a5118d5745dccfe1121d8257a4d1bf4a"
        "acc39a134ed312f70a1896ee7d687eda9f50261f8c348d19e90362fc8d95b895"
        "e7eb82c5c3cc6040352a358145",
    },
    {
        "pseudo-random structure 8",
        "[ [ [ x7c712969953cb63e402d7fd756d18c31d56bb250c42e6df5311637c61"
        "e3aa37639b12288487b18b1fc1cea915c4bcddd5367dfad51281c ] x ] x9c "
        "x73e1bda9318bf714c2a4c1de510f82e0abd332fa79f3580b2919c371a02f4b4"
        "cd365fa4da7f44539e42259f5bc3732f86c25be176cc0b4907e672fe5b65346d"
        "55e203d ]",
        "f884f83bf838b77c712969953cb63e402d7fd756d18c31d56bb250c42e6df531"
        "1637c61e3aa37639b12288487b18b1fc1cea915c4bcddd5367dfad51281c8081"
        "9cb84373e1bda9318bf714c2a4c1de510f82e0abd332fa79f3580b2919c371a0"
        "2f4b4cd365fa4da7f44539e42259f5bc3732f86c25be176cc0b4907e672fe5b6"
        "5346d55e203d",
    },
    {
        "pseudo-random structure 9",
        "[ x xa8dcb617033348bbbf1e28096b97b3b5feca7115687e586b4e8170b7ef0"
        "d3e73402e04b25a78e31351e414b58da5f9 ]",
        "f180afa8dcb617033348bbbf1e28096b97b3b5feca7115687e586b4e8170b7ef"
        "0d3e73402e04b25a78e31351e414b58da5f9",
    },
    {
        "pseudo-random structure 10",
        "[ xd29e4ee124c3 x1f6a7a899ba8621e33ddc8b028df91008e2df0d53c9ef87"
        "dbd014f28847593699b4da83b0e164e769de80c7f78da0d8e4b28a808ce517db"
        "562f7c4e5734f0438a9b0761e743b260c9a003f03ca6a03f36ac94db5a655d32"
        "260b0ba243ba0740dbdc2fb32adb380ff148df639eaeea70965b62572208a52b"
        "0efc13fff2f99af4755083f61a48c976d50276e5aa994c5fd60cadb29d9fc3c8"
        "d9c48237faed5fe4bc07d22f635a5e37f81c9422c0f7ac8ea98487f1d8a2810f"
        "7510c2673cf6e99e540e20713fd4a5b621e973459bd12472fb9c462ab2ca80b9"
        "1461762b1e8b5327c ]",
        "f8e986d29e4ee124c3b8e01f6a7a899ba8621e33ddc8b028df91008e2df0d53c"
        "9ef87dbd014f28847593699b4da83b0e164e769de80c7f78da0d8e4b28a808ce"
        "517db562f7c4e5734f0438a9b0761e743b260c9a003f03ca6a03f36ac94db5a6"
        "55d32260b0ba243ba0740dbdc2fb32adb380ff148df639eaeea70965b6257220"
        "8a52b0efc13fff2f99af4755083f61a48c976d50276e5aa994c5fd60cadb29d9"
        "fc3c8d9c48237faed5fe4bc07d22f635a5e37f81c9422c0f7ac8ea98487f1d8a"
        "2810f7510c2673cf6e99e540e20713fd4a5b621e973459bd12472fb9c462ab2c"
        "a80b91461762b1e8b5327c",
    },
    {
        "pseudo-random structure 11",
        "[ [ ] ]",
        "c1c0",
    },
    {
        "pseudo-random structure 12",
        "[ x1166b8a1043676d55eb3ea8687bc247ce9e565eb115f5f157594067389fc4"
        "5c2a953836428c3429d418f88bb490c8adafa [ [ ] ] x45f5abe08f98dcab1"
        "f018b75d08e3d3c5b2c1197864d7d57462458a7eb422836f882c0ab09d131385"
        "64335ec558c62452d6ff09d3a498c94a6 xcaf4aa4adc75ceeff4943b6b26d5a"
        "a69d4593088ab1ba924d47837f7b26990e9023c0d78b0817982e9b69e76e3fb5"
        "ca4049c9f ]",
        "f8a3b11166b8a1043676d55eb3ea8687bc247ce9e565eb115f5f157594067389"
        "fc45c2a953836428c3429d418f88bb490c8adafac1c0b83945f5abe08f98dcab"
        "1f018b75d08e3d3c5b2c1197864d7d57462458a7eb422836f882c0ab09d13138"
        "564335ec558c62452d6ff09d3a498c94a6b3caf4aa4adc75ceeff4943b6b26d5"
        "aa69d4593088ab1ba924d47837f7b26990e9023c0d78b0817982e9b69e76e3fb"
        "5ca4049c9f",
    },
    {
        "pseudo-random structure 13",
        "[ [ ] ]",
        "c1c0",
    },
    {
        "pseudo-random structure 14",
        "[ x84b74d0249d44d9264d51f515be51b9e310f8181efd559 xf8 x [ xb0b5d"
        "b70b11fb07499450e9dfdbd956381ec7a7f5a3668f9a16dab78b5ed78fe362c3"
        "0026cc4a4bc97f79a0513cbb825b4480b9c92bac8ae5d77bfa474373e270fec8"
        "cb65c8425f42e4c66427439394e1cb6aed8171ff1057b561c18bce14946d9a36"
        "e11b3f53baa5ac2c52255af35342e327172692098d9dfa695da [ x047012c25"
        "4fcd757ed1c3542441d67642a86388b263d29b361 [ x240be2dd1bc42457e93"
        "9bfb20609ae40e7dd706c0e87832d91461bbd03e6dea79f52c8f94fd8b7cf312"
        "8c23f05 xafc2876d7bf19bda9138942a499625a54cd60dcb5abe2870d87ddc3"
        "941a6b408786fd1a3fc4ea397458ed424127785480a69de8ae3477f6a2c xf7e"
        "0c52501e1e81513996f7ddf9ebb7e79cf2308657fcd55743ede80f759f67dbd6"
        "19779764612a331e3f1afd3ec6a9ebe48f387299458bad04dacf096bf0027398"
        "2277df4fe996ac991ab18cbee16705e89ecc935ed627ba66eeba1a3d5392f23f"
        "22925 ] x741dd5356292a9dca22484f62b8e729bb5a3b1027a9c2b01822e8f0"
        "f61a713 x5966c167d21d31d855add160133c3f90c0592c54f035da11d5 ] x7"
        "4 x8e5837779b482cf53c54ee5166f55ce0db717d8e211b10659e36a8a25728f"
        "6eaf2a13198b59f572527b1d20e6de077f4c370d2007354e8505bc95418f5667"
        "ed7127c34222beb67918e3da1b8061668b0e100ebccf9df31049b54a7fa1c4fa"
        "2f3912d3c7a9e5361068955bb21cddccf7d732be6b6bf635363ad501277dfb45"
        "e8db041966e076bf6de03504cffbb25fc577605e7a9f11453a1e747556e6c577"
        "3f0130aa7976637c53d4fd5e5b2bee04ecf8ab649c9967f6e64ba252667f6fd0"
        "50c5d904c5a0927e76ed2c25ccef05e6020607aa4b3e58b5676588511ee0b80e"
        "12f3bcdb7a06a330da419fdf9bb98d1b619fe4ab4ae1dfa29cd2b1d335507a1d"
        "1d1d3a30c13706cf60fdca76cb761787ea76a434c227ef34ce4c5afffe7342e5"
        "75efba2493a3bc42be4e438ba32b8dc8af9ae5a3d860b ] x ]",
        "f902fe9784b74d0249d44d9264d51f515be51b9e310f8181efd55981f880f902"
        "dfb87cb0b5db70b11fb07499450e9dfdbd956381ec7a7f5a3668f9a16dab78b5"
        "ed78fe362c30026cc4a4bc97f79a0513cbb825b4480b9c92bac8ae5d77bfa474"
        "373e270fec8cb65c8425f42e4c66427439394e1cb6aed8171ff1057b561c18bc"
        "e14946d9a36e11b3f53baa5ac2c52255af35342e327172692098d9dfa695daf9"
        "012599047012c254fcd757ed1c3542441d67642a86388b263d29b361f8cfad24"
        "0be2dd1bc42457e939bfb20609ae40e7dd706c0e87832d91461bbd03e6dea79f"
        "52c8f94fd8b7cf3128c23f05b839afc2876d7bf19bda9138942a499625a54cd6"
        "0dcb5abe2870d87ddc3941a6b408786fd1a3fc4ea397458ed424127785480a69"
        "de8ae3477f6a2cb864f7e0c52501e1e81513996f7ddf9ebb7e79cf2308657fcd"
        "55743ede80f759f67dbd619779764612a331e3f1afd3ec6a9ebe48f387299458"
        "bad04dacf096bf00273982277df4fe996ac991ab18cbee16705e89ecc935ed62"
        "7ba66eeba1a3d5392f23f229259f741dd5356292a9dca22484f62b8e729bb5a3"
        "b1027a9c2b01822e8f0f61a713995966c167d21d31d855add160133c3f90c059"
        "2c54f035da11d574b901358e5837779b482cf53c54ee5166f55ce0db717d8e21"
        "1b10659e36a8a25728f6eaf2a13198b59f572527b1d20e6de077f4c370d20073"
        "54e8505bc95418f5667ed7127c34222beb67918e3da1b8061668b0e100ebccf9"
        "df31049b54a7fa1c4fa2f3912d3c7a9e5361068955bb21cddccf7d732be6b6bf"
        "635363ad501277dfb45e8db041966e076bf6de03504cffbb25fc577605e7a9f1"
        "1453a1e747556e6c5773f0130aa7976637c53d4fd5e5b2bee04ecf8ab649c996"
        "7f6e64ba252667f6fd050c5d904c5a0927e76ed2c25ccef05e6020607aa4b3e5"
        "8b5676588511ee0b80e12f3bcdb7a06a330da419fdf9bb98d1b619fe4ab4ae1d"
        "fa29cd2b1d335507a1d1d1d3a30c13706cf60fdca76cb761787ea76a434c227e"
        "f34ce4c5afffe7342e575efba2493a3bc42be4e438ba32b8dc8af9ae5a3d860b"
        "80",
    },
    {
        "pseudo-random structure 15",
        "[ [ x5a [ xa398cf09565871b3d67fa2d796b6e05688a391ea1d72711c4c5d1"
        "86153 xac320d9c37fcaab523fb023273c1c96981236a2c03e86cd18d55d00e5"
        "1b328e8d3acc4863f9d8c26 ] x6623a52c953475 ] x2bc113a8d5717d681c2"
        "e55fd6fea9108e4cb443bd035fde9274fc5a3e3ad352eb07717b05c4f184335b"
        "1148909a7a8be8ed5ff8a8f8479b3 [ [ [ x xf3f65b17897b39897365c2017"
        "4f2fd [ xbc2e20251c11712d8c3ddbeb11eee0669f63612fe6216aea21c548c"
        "f24d1bad89cc2d36d22ff48503839d7e83baf21cff3ae79 xd52515d32c2a482"
        "bed95b004f5bea91bd6c64a0f785280cca1834cf039fb20 x9c85f8 x ] ] ] "
        "xf7835edf08f79a47a50dfe4c8ec5ee082487be34de1199c3001d99aa49a213b"
        "d44cab5f0ef613e4953b31c90901e6e8c0fd193b5563cc6861f63314333c34f5"
        "1b69637a4cb71c09f4df8771db014ac5b0b68aeecacc25e2dafb5d8c99f30c55"
        "83d5cf59841316388f1f471bb01f9d68e3c86aa05f688aebc1b8563cd8a396f5"
        "4a5686c3662401ed12b059300428fecbe3cce6ac8570c3e8188f541f21a99ff5"
        "bdb6f99b912b0f6847317cfd11e1876dabefacd72097323e165ae3c43dd3c4e0"
        "4a9a6b55a00591d1b0d5420b2a6279b5e6921e140e05b735dcc8160bc090363e"
        "51ec397319ed392e5cecf7400986db24c359e4768802942ec55eb4564012a252"
        "3a5ef9ded91dc9c48ad52de38b1f3ec94481048c468e17c8bbdf8f0e475bafef"
        "106dcea9563e6ea4a859d338e63e5944ae58c7bdf038692fd9983ad4896e4d62"
        "d02b9bdefe2f84437e689d2a4df8bdc6cfeff9741fcdb1d612e3c6f529f x71 "
        "] ]",
        "f90262f8525af8479da398cf09565871b3d67fa2d796b6e05688a391ea1d7271"
        "1c4c5d186153a8ac320d9c37fcaab523fb023273c1c96981236a2c03e86cd18d"
        "55d00e51b328e8d3acc4863f9d8c26876623a52c953475b8382bc113a8d5717d"
        "681c2e55fd6fea9108e4cb443bd035fde9274fc5a3e3ad352eb07717b05c4f18"
        "4335b1148909a7a8be8ed5ff8a8f8479b3f901d1f86ef86c808ff3f65b17897b"
        "39897365c20174f2fdf859b3bc2e20251c11712d8c3ddbeb11eee0669f63612f"
        "e6216aea21c548cf24d1bad89cc2d36d22ff48503839d7e83baf21cff3ae799f"
        "d52515d32c2a482bed95b004f5bea91bd6c64a0f785280cca1834cf039fb2083"
        "9c85f880b9015df7835edf08f79a47a50dfe4c8ec5ee082487be34de1199c300"
        "1d99aa49a213bd44cab5f0ef613e4953b31c90901e6e8c0fd193b5563cc6861f"
        "63314333c34f51b69637a4cb71c09f4df8771db014ac5b0b68aeecacc25e2daf"
        "b5d8c99f30c5583d5cf59841316388f1f471bb01f9d68e3c86aa05f688aebc1b"
        "8563cd8a396f54a5686c3662401ed12b059300428fecbe3cce6ac8570c3e8188"
        "f541f21a99ff5bdb6f99b912b0f6847317cfd11e1876dabefacd72097323e165"
        "ae3c43dd3c4e04a9a6b55a00591d1b0d5420b2a6279b5e6921e140e05b735dcc"
        "8160bc090363e51ec397319ed392e5cecf7400986db24c359e4768802942ec55"
        "eb4564012a2523a5ef9ded91dc9c48ad52de38b1f3ec94481048c468e17c8bbd"
        "f8f0e475bafef106dcea9563e6ea4a859d338e63e5944ae58c7bdf038692fd99"
        "83ad4896e4d62d02b9bdefe2f84437e689d2a4df8bdc6cfeff9741fcdb1d612e"
        "3c6f529f71",
    },
    {
        "pseudo-random structure 16",
        "[ x x [ x0e90acfaf5525f03e4e110c1ec3b4ed2aeecd9ad483cf9e0bcd14f4"
        "4ab8c6ef1c0060b13 ] x9ea2f48283d7d2ee8ce6181894cb3e8bbc29fd2e57e"
        "cdc ]",
        "f8408080e5a40e90acfaf5525f03e4e110c1ec3b4ed2aeecd9ad483cf9e0bcd1"
        "4f44ab8c6ef1c0060b13979ea2f48283d7d2ee8ce6181894cb3e8bbc29fd2e57"
        "ecdc",
    },
    {
        "pseudo-random structure 17",
        "[ x ]",
        "c180",
    },
    {
        "pseudo-random structure 18",
        "[ x2c5ed7557f2b4eee03326891f63f6c37258c91d469e5e070f64fef4e4ac46"
        "0024ee32466a1ad6ba3 ]",
        "e9a82c5ed7557f2b4eee03326891f63f6c37258c91d469e5e070f64fef4e4ac4"
        "60024ee32466a1ad6ba3",
    },
    {
        "pseudo-random structure 19",
        "[ x28e416ce457a26c12b08bdaed8f7eb823456 ]",
        "d39228e416ce457a26c12b08bdaed8f7eb823456",
    },
    {
        "pseudo-random structure 20",
        "[ x [ [ [ x42128a4ae2f616924a2d2e7b2cb5ccc0dc073d2b084d8da3a08a7"
        "1fc8e7194cc216c20ba2617bb125735a809b5548339 ] [ x x84e0da349a14b"
        "6db0bb22c0ac0c700e77a79f3bd4f812e9a752aedd28585c3f39e241fc355eaa"
        "52cd3 ] ] x8296406609a51bccfe xb96eb17b6fa5b3999b093f35ad2c34d0d"
        "febdfaaf1675c4361801b411ce048bfef78080390 ] x x50 ]",
        "f89580f890f85ef1b042128a4ae2f616924a2d2e7b2cb5ccc0dc073d2b084d8d"
        "a3a08a71fc8e7194cc216c20ba2617bb125735a809b5548339eb80a984e0da34"
        "9a14b6db0bb22c0ac0c700e77a79f3bd4f812e9a752aedd28585c3f39e241fc3"
        "55eaa52cd3898296406609a51bccfea5b96eb17b6fa5b3999b093f35ad2c34d0"
        "dfebdfaaf1675c4361801b411ce048bfef780803908050",
    },
    {
        "pseudo-random structure 21",
        "[ [ xb7e7fafd853f5c741b84b48fe30b3bc2b092a187926f8c2b74ef841c77c"
        "5d240df0291874f26a858d040241b3fb5bb4a3c750ac5832d252fa1b82c72f27"
        "c83bdd24c72822fff1b6c7cdd061b9a074a78f322626a0aa16a4344ad699686e"
        "5fca0a7642c43476707c30ca0df6fdca46c6f4347d4e1e678b3a1704a35f2dec"
        "15ed4ef4c2650597e76cca74c20cb5fd535742dcf38254bac52d8f587616d1be"
        "8ca59a151e02ce5771cafaf1857684c5730d664cc5d867d91a53ee12ace0faae"
        "f3ee8b8897e7fff4a5e0866f6e216 ] x x1e74d1043e5003c9d83af25f9c5f7"
        "f5a47e09f6b02a0e6d00841086b1f613d7fb4e20e41b86e9da22d07c07cb5bcb"
        "50fd9f7021d5fda64d55abf189cebe2105bf9a8586855a916f3ec183fc811f00"
        "c492d42e44c2d45d86309b911cf378bd90830188c1d ]",
        "f90137f8ceb8ccb7e7fafd853f5c741b84b48fe30b3bc2b092a187926f8c2b74"
        "ef841c77c5d240df0291874f26a858d040241b3fb5bb4a3c750ac5832d252fa1"
        "b82c72f27c83bdd24c72822fff1b6c7cdd061b9a074a78f322626a0aa16a4344"
        "ad699686e5fca0a7642c43476707c30ca0df6fdca46c6f4347d4e1e678b3a170"
        "4a35f2dec15ed4ef4c2650597e76cca74c20cb5fd535742dcf38254bac52d8f5"
        "87616d1be8ca59a151e02ce5771cafaf1857684c5730d664cc5d867d91a53ee1"
        "2ace0faaef3ee8b8897e7fff4a5e0866f6e21680b8641e74d1043e5003c9d83a"
        "f25f9c5f7f5a47e09f6b02a0e6d00841086b1f613d7fb4e20e41b86e9da22d07"
        "c07cb5bcb50fd9f7021d5fda64d55abf189cebe2105bf9a8586855a916f3ec18"
        "3fc811f00c492d42e44c2d45d86309b911cf378bd90830188c1d",
    },
    {
        "pseudo-random structure 22",
        "[ xc2644c521ce94f927ed8bc3f5719df4186b1e0d521340d08b7405557ea2aa"
        "8985aa0ff2b4a5a [ x10614980249f5b5b3d71b4d0660e9c xfa xfcf29b4a2"
        "1fbfc6bd1292585ed65c70513f861fd2b776e27b7563c4f76f1ffcfd304ccb52"
        "2fbfde005d6d2589ee42d47bfa23fd4aa4cb7c4776dc1c25837f6a43d74cd82d"
        "a581f01f8875cfcc2cb8e618eecdd3c2a1d1794c5da1bdf2bc4c6e8700723872"
        "dbbc4bee887ef4a5b6ee445580ddbedff5436ce69335d518cb946ad02e06ab76"
        "cf8e930f3c18f0a680b72d41f91fb66d5fc04bb31a31549b856be19a924edd3a"
        "40b09aabe6864184f5f58e6aa17d106d66d0aa30c770fc17e092c170dc0e22cf"
        "7460df396653ee0c2f84e5653d3b2f455680c039f4d1fdc642082e2d57fd247c"
        "28bb649ce18b3c531a081fed192aa085d292a5a629c70f5d7b3873a40569630d"
        "4642c97d012b87f2f9d68e59af81058257ee5cb6f6a827890 [ x [ [ x6e905"
        "a0f9e9b03c0ea96b6ec9ae585c80b315282 x x71 xe8e5f88aaf89f971848d8"
        "b7e9f112edaadd69c1b2db2b6d85ddd814983f03256a6c6937eee80b30274c7e"
        "3688de17394e74f49bb33b8370838fa0929b5de7c59031a28be5be7cbdcc61d1"
        "aaabee5f5623ff554ab59ded02cbf8f099c72b6f704cf295e78498f19dfe41e1"
        "578023b80cb5ae2e9c573ad2856ed3a4edf06b7073393a81f224f261e7be2a00"
        "78b6f1f21728010cea0b638c1eb7b52153c6f62cf818e07e2ec028c66728f677"
        "1a715087719da07766dbfa8edc60b704b866c9f7d84ea2646d898950d3f9a863"
        "1c4ac112b920b7ad0b44e0cde6eac74a580933ae0ea84492f06b84de299836a7"
        "506a880acb43ee1b9382735514d4f5cf860c50e037166ed43ddf60f2a0ddd35b"
        "9bb4bf66920cb0e1e0c8f0bfba10c68e4c8f19bb2 xdf32619e842c79ce526ea"
        "248ab6db418e283f9ee295d2249cb2997039c828650 ] ] [ [ x81d4ad01871"
        "0ae62e57d4597712cd2db8052a7550ef9c173e42e5f5a73c0cb2c0c6c1d599d2"
        "94f4a4feb54e26d0b147414e191875d ] [ xde4a066f5dedeb3b721202fa381"
        "bfece4656c5fbca6f431e1486bf0f71d103e3da239d3adaa88419110062c5ea5"
        "937e3959ff24c276d0c65bd x66646c24a7e1d62c2335da4634816f38282783e"
        "276fff6a01dee9deaade6bbd81d9c3b43 x xefb421513b0bd3b91473c798988"
        "2ae581cd4936a8472682b825e96880e ] x62e9baca6ada0cf128cc05 ] ] [ "
        "xa6e4950ceac067b5cb95a09c51b2a2ee9d9ba646280e0751c8aec28b93d8282"
        "14543f24d2662802f086ed444671608478517452926db28bf83b3d6ef58aee98"
        "d62c36ffff450eb1efc7635e0ab0adb9d8d4e26c3e19c183c5e1cc6f13d52193"
        "76f782a4dd4e9e95509ee89bb4d0e2eb0855f5238a03faf991c0265628616dbe"
        "75ccbd3562ea90bd1dbc5e4d39a057262dd11b0223bdeb1c2bbe62df4126e878"
        "7e487a385ad1250f0884cceaa20b0350694540665282fcb8aa37b816b84c4ef1"
        "3fb84625e06d8c9867920306ba41087e4be9c7e949fd50602489dc19034a3f77"
        "24dce883ec82f454b3dc1 [ [ ] x74 x ] xcbae6c6c4cebe1829721c6b57f2"
        "fc1381bc91018cc021b50c648ff1866874a23fd1401a86a7151a09ad3db728dd"
        "3df x65 ] ] x05674d780b7374fc2ffaf3e521c2f207c839f45814205e60eb7"
        "3dce08b6b9ad4df61248f1052a2a775c4b516527ba73823c589d7eec4f6645b7"
        "c9d x847997eaceb6f1f2495ebf884018853dff25c5e078782b12e1504a35f10"
        "1fa1793f855ccbce150790f20394105c4fa11556dc2974df8 ]",
        "f9051ea6c2644c521ce94f927ed8bc3f5719df4186b1e0d521340d08b7405557"
        "ea2aa8985aa0ff2b4a5af904808f10614980249f5b5b3d71b4d0660e9c81fab9"
        "011dfcf29b4a21fbfc6bd1292585ed65c70513f861fd2b776e27b7563c4f76f1"
        "ffcfd304ccb522fbfde005d6d2589ee42d47bfa23fd4aa4cb7c4776dc1c25837"
        "f6a43d74cd82da581f01f8875cfcc2cb8e618eecdd3c2a1d1794c5da1bdf2bc4"
        "c6e8700723872dbbc4bee887ef4a5b6ee445580ddbedff5436ce69335d518cb9"
        "46ad02e06ab76cf8e930f3c18f0a680b72d41f91fb66d5fc04bb31a31549b856"
        "be19a924edd3a40b09aabe6864184f5f58e6aa17d106d66d0aa30c770fc17e09"
        "2c170dc0e22cf7460df396653ee0c2f84e5653d3b2f455680c039f4d1fdc6420"
        "82e2d57fd247c28bb649ce18b3c531a081fed192aa085d292a5a629c70f5d7b3"
        "873a40569630d4642c97d012b87f2f9d68e59af81058257ee5cb6f6a827890f9"
        "022780f9015df9015a946e905a0f9e9b03c0ea96b6ec9ae585c80b3152828071"
        "b9011fe8e5f88aaf89f971848d8b7e9f112edaadd69c1b2db2b6d85ddd814983"
        "f03256a6c6937eee80b30274c7e3688de17394e74f49bb33b8370838fa0929b5"
        "de7c59031a28be5be7cbdcc61d1aaabee5f5623ff554ab59ded02cbf8f099c72"
        "b6f704cf295e78498f19dfe41e1578023b80cb5ae2e9c573ad2856ed3a4edf06"
        "b7073393a81f224f261e7be2a0078b6f1f21728010cea0b638c1eb7b52153c6f"
        "62cf818e07e2ec028c66728f6771a715087719da07766dbfa8edc60b704b866c"
        "9f7d84ea2646d898950d3f9a8631c4ac112b920b7ad0b44e0cde6eac74a58093"
        "3ae0ea84492f06b84de299836a7506a880acb43ee1b9382735514d4f5cf860c5"
        "0e037166ed43ddf60f2a0ddd35b9bb4bf66920cb0e1e0c8f0bfba10c68e4c8f1"
        "9bb2a0df32619e842c79ce526ea248ab6db418e283f9ee295d2249cb2997039c"
        "828650f8c4f6b581d4ad018710ae62e57d4597712cd2db8052a7550ef9c173e4"
        "2e5f5a73c0cb2c0c6c1d599d294f4a4feb54e26d0b147414e191875df87fb839"
        "de4a066f5dedeb3b721202fa381bfece4656c5fbca6f431e1486bf0f71d103e3"
        "da239d3adaa88419110062c5ea5937e3959ff24c276d0c65bda466646c24a7e1"
        "d62c2335da4634816f38282783e276fff6a01dee9deaade6bbd81d9c3b43809d"
        "efb421513b0bd3b91473c7989882ae581cd4936a8472682b825e96880e8b62e9"
        "baca6ada0cf128cc05f90121b8eaa6e4950ceac067b5cb95a09c51b2a2ee9d9b"
        "a646280e0751c8aec28b93d828214543f24d2662802f086ed444671608478517"
        "452926db28bf83b3d6ef58aee98d62c36ffff450eb1efc7635e0ab0adb9d8d4e"
        "26c3e19c183c5e1cc6f13d5219376f782a4dd4e9e95509ee89bb4d0e2eb0855f"
        "5238a03faf991c0265628616dbe75ccbd3562ea90bd1dbc5e4d39a057262dd11"
        "b0223bdeb1c2bbe62df4126e8787e487a385ad1250f0884cceaa20b035069454"
        "0665282fcb8aa37b816b84c4ef13fb84625e06d8c9867920306ba41087e4be9c"
        "7e949fd50602489dc19034a3f7724dce883ec82f454b3dc1c3c07480afcbae6c"
        "6c4cebe1829721c6b57f2fc1381bc91018cc021b50c648ff1866874a23fd1401"
        "a86a7151a09ad3db728dd3df65b83b05674d780b7374fc2ffaf3e521c2f207c8"
        "39f45814205e60eb73dce08b6b9ad4df61248f1052a2a775c4b516527ba73823"
        "c589d7eec4f6645b7c9db6847997eaceb6f1f2495ebf884018853dff25c5e078"
        "782b12e1504a35f101fa1793f855ccbce150790f20394105c4fa11556dc2974d"
        "f8",
    },
    {
        "pseudo-random structure 23",
        "[ x51 ]",
        "c151",
    },
};

static const struct chain_rlp_uint_vector chain_rlp_uint_vectors[] = {
    {
        "0",
        "",
        "80",
    },
    {
        "1",
        "01",
        "01",
    },
    {
        "127",
        "7f",
        "7f",
    },
    {
        "128",
        "80",
        "8180",
    },
    {
        "255",
        "ff",
        "81ff",
    },
    {
        "256",
        "0100",
        "820100",
    },
    {
        "1024",
        "0400",
        "820400",
    },
    {
        "65535",
        "ffff",
        "82ffff",
    },
    {
        "65536",
        "010000",
        "83010000",
    },
    {
        "4294967295",
        "ffffffff",
        "84ffffffff",
    },
    {
        "4294967296",
        "0100000000",
        "850100000000",
    },
    {
        "9007199254740992",
        "20000000000000",
        "8720000000000000",
    },
    {
        "9223372036854775808",
        "8000000000000000",
        "888000000000000000",
    },
    {
        "18446744073709551615",
        "ffffffffffffffff",
        "88ffffffffffffffff",
    },
    {
        "18446744073709551616",
        "010000000000000000",
        "89010000000000000000",
    },
    {
        "340282366920938463463374607431768211456",
        "0100000000000000000000000000000000",
        "910100000000000000000000000000000000",
    },
    {
        "5789604461865809771178549250434395392663499233282028201972879200"
        "3956564819968",
        "8000000000000000000000000000000000000000000000000000000000000000",
        "a080000000000000000000000000000000000000000000000000000000000000"
        "00",
    },
    {
        "1157920892373161954235709850086879078532699846656405640394575840"
        "07913129639935",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "ff",
    },
};

static const struct chain_rlp_long_string_vector
    chain_rlp_long_string_vectors[] = {
    {
        "string of 56 bytes",
        "c0ffee42",
        56,
        "b838",
    },
    {
        "string of 255 bytes",
        "c0ffee42",
        255,
        "b8ff",
    },
    {
        "string of 256 bytes",
        "c0ffee42",
        256,
        "b90100",
    },
    {
        "string of 65535 bytes",
        "c0ffee42",
        65535,
        "b9ffff",
    },
    {
        "string of 65536 bytes",
        "c0ffee42",
        65536,
        "ba010000",
    },
    {
        "string of 70000 bytes",
        "c0ffee42",
        70000,
        "ba011170",
    },
};

static const struct chain_rlp_long_list_vector chain_rlp_long_list_vectors[] = {
    {
        "list of 1 strings of 53 bytes",
        1,
        "5a",
        53,
        "f6",
    },
    {
        "list of 1 strings of 54 bytes",
        1,
        "5a",
        54,
        "f7",
    },
    {
        "list of 1 strings of 55 bytes",
        1,
        "5a",
        55,
        "f838",
    },
    {
        "list of 2 strings of 60 bytes",
        2,
        "5a",
        60,
        "f87c",
    },
    {
        "list of 64 strings of 1024 bytes",
        64,
        "5a",
        1024,
        "fa0100c0",
    },
    {
        "list of 300 strings of 300 bytes",
        300,
        "5a",
        300,
        "fa016314",
    },
};

static const struct chain_rlp_invalid_vector chain_rlp_invalid_vectors[] = {
    {
        "empty input",
        "",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "0x05 behind a 0x81 header",
        "8105",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "0x00 behind a 0x81 header",
        "8100",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "0x7f behind a 0x81 header",
        "817f",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "long form for a 1-byte string",
        "b80161",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "long form for a 55-byte string",
        "b837616161616161616161616161616161616161616161616161616161616161"
        "61616161616161616161616161616161616161616161616161",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "string length with a leading zero",
        "b900386161616161616161616161616161616161616161616161616161616161"
        "616161616161616161616161616161616161616161616161616161",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "string length byte 0x00",
        "b800",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "long form for an empty list",
        "f800",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "long form for a 55-byte list",
        "f837010101010101010101010101010101010101010101010101010101010101"
        "01010101010101010101010101010101010101010101010101",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "list length with a leading zero",
        "f900380101010101010101010101010101010101010101010101010101010101"
        "010101010101010101010101010101010101010101010101010101",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "0x81 0x05 inside a list",
        "c3018105",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "string cut short",
        "836162",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "long string cut short",
        "b838616161616161616161616161616161616161616161616161616161616161"
        "61616161616161616161616161616161616161616161616161",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "length bytes cut short",
        "b901",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "list claims more than is there",
        "c30102",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "an item runs past the end of its list",
        "c2820102",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "list claims less than is there",
        "c10102",
        DUET_ERR_TRAILING_DATA,
        0,
    },
    {
        "a second item after the first",
        "c0c0",
        DUET_ERR_TRAILING_DATA,
        0,
    },
    {
        "a byte after a string",
        "8361626300",
        DUET_ERR_TRAILING_DATA,
        0,
    },
    {
        "string length over the 1 MiB maximum",
        "ba100001",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "string length 2^64 - 1",
        "bfffffffffffffffff",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "list length over the 1 MiB maximum",
        "fa100001",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "17 nested lists",
        "d0cfcecdcccbcac9c8c7c6c5c4c3c2c1c0",
        DUET_ERR_LIMIT_EXCEEDED,
        1,
    },
};

static const struct chain_rlp_invalid_uint_vector
    chain_rlp_invalid_uint_vectors[] = {
    {
        "zero as the byte 0x00 (zero is 0x80)",
        "00",
        DUET_ERR_NON_CANONICAL,
        DUET_ERR_NON_CANONICAL,
    },
    {
        "1 with a leading zero",
        "820001",
        DUET_ERR_NON_CANONICAL,
        DUET_ERR_NON_CANONICAL,
    },
    {
        "0xff with a leading zero",
        "8200ff",
        DUET_ERR_NON_CANONICAL,
        DUET_ERR_NON_CANONICAL,
    },
    {
        "a list is not an integer",
        "c0",
        DUET_ERR_BAD_ENCODING,
        DUET_ERR_BAD_ENCODING,
    },
    {
        "2^64: an integer, but not a u64",
        "89010000000000000000",
        DUET_OK,
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "33 bytes, with a leading zero",
        "a100ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "ffff",
        DUET_ERR_NON_CANONICAL,
        DUET_ERR_LIMIT_EXCEEDED,
    },
};

#endif /* DUET_TESTS_CHAIN_VECTORS_H */
