/*
 * eth-vectors.h -- GENERATED from tests/vectors/eth-vectors.json by
 * tests/vectors/gen/eth-vectors-h.pl.  Do not edit: change the generator
 * (gen-eth-vectors.mjs), run both, commit all three.
 */

#ifndef DUET_TESTS_ETH_VECTORS_H
#define DUET_TESTS_ETH_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include "duet.h"

/* The JSON's ethers version, for the test's diagnostics. */
#define ETH_VECTORS_ETHERS  "6.17.0"

/* A transaction: its JSON, serializations, hash and ethers' signature. */
struct eth_tx_vector {
    const char *comment;
    const char *json;           /* for duet_eth_tx_from_json */
    const char *unsigned_tx;    /* hex */
    const char *hash;           /* hex, the signing hash */
    int type;
    uint64_t chain_id;
    const char *signed_tx;      /* hex, from ethers' Wallet */
    const char *r;              /* hex, 32 bytes */
    const char *s;              /* hex, 32 bytes */
    int y_parity;
    uint64_t v;                 /* as published: EIP-155 v or yParity */
    const char *pubkey;         /* hex, the signer's compressed key */
    const char *address;        /* hex, the signer's address */
};

/* An unsigned transaction duet_eth_tx_sighash must refuse with error. */
struct eth_tx_invalid_vector {
    const char *comment;
    const char *encoded;        /* hex */
    int error;
    int policy;                 /* ethers accepts it */
};

/* JSON duet_eth_tx_from_json must refuse with error. */
struct eth_tx_json_invalid_vector {
    const char *comment;
    const char *json;
    int error;
};

/* An EIP-191 message and its hash. */
struct eth_personal_vector {
    const char *comment;
    const char *message;        /* hex */
    const char *hash;           /* hex */
};

/* EIP-712 JSON and its hash. */
struct eth_typed_vector {
    const char *comment;
    const char *json;
    const char *hash;           /* hex */
};

/* EIP-712 JSON duet_eth_typed_data_hash must refuse with error. */
struct eth_typed_invalid_vector {
    const char *comment;
    const char *json;
    int error;
    int policy;                 /* ethers accepts it */
};

/* A public key, its address and the address's EIP-55 text. */
struct eth_address_vector {
    const char *comment;
    const char *pubkey;         /* hex, compressed */
    const char *address;        /* hex */
    const char *checksum;
};

/* An address and its EIP-55 text. */
struct eth_checksum_vector {
    const char *comment;
    const char *address;        /* hex */
    const char *checksum;
};

/* Address text duet_eth_address_parse must refuse. */
struct eth_address_invalid_vector {
    const char *comment;
    const char *text;
};

static const struct eth_tx_vector eth_tx_vectors[] = {
    {
        "legacy: the EIP-155 example (nonce 9, 20 gwei, 1 ether)",
        "{\"type\":0,\"chainId\":1,\"nonce\":9,\"gasPrice\":\"20000000000"
        "\",\"gasLimit\":21000,\"to\":\"0x3535353535353535353535353535353"
        "535353535\",\"value\":\"1000000000000000000\",\"data\":\"0x\"}",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080018080",
        "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53",
        0,
        UINT64_C(1),
        "f86c098504a817c8008252089435353535353535353535353535353535353535"
        "35880de0b6b3a76400008026a0eef9d3b24ef379db842c916fd37f29fa70d6b9"
        "92566f6108f8cc6e8e65798a5ca0098f38f0cc93e8d09ab0f86b26776b0f9d14"
        "328f77f9db8bbda9b555cb07fd6c",
        "eef9d3b24ef379db842c916fd37f29fa70d6b992566f6108f8cc6e8e65798a5c",
        "098f38f0cc93e8d09ab0f86b26776b0f9d14328f77f9db8bbda9b555cb07fd6c",
        1,
        UINT64_C(38),
        "026b64969d1e94733dac2195ed626dab5ec22870058ff251772666fc3aa65580"
        "65",
        "7f7d077428db3f6400f7d4c5981a5839c482ed2e",
    },
    {
        "legacy: contract creation (to null), hex quantities",
        "{\"type\":\"0x0\",\"chainId\":\"0x1\",\"nonce\":\"0x0\",\"gasPri"
        "ce\":\"0x3b9aca00\",\"gasLimit\":\"0x0f4240\",\"to\":null,\"data"
        "\":\"0x4c955d4da10d976ae7f768bdc149508ee4045c3b5455151e97a6b198d"
        "651fa63a75041a53dc7fa72f26b64889b46ab0fe39467029988de65f9c3f2db0"
        "25661c4eaabbaf564cecae5a860100f72b7e678b0daaf30c8443390859fa7614"
        "e39fdd67486b3b571ac1d298a388d5971785ef1d7aa373d3cf293d3\"}",
        "f88980843b9aca00830f42408080b8784c955d4da10d976ae7f768bdc149508e"
        "e4045c3b5455151e97a6b198d651fa63a75041a53dc7fa72f26b64889b46ab0f"
        "e39467029988de65f9c3f2db025661c4eaabbaf564cecae5a860100f72b7e678"
        "b0daaf30c8443390859fa7614e39fdd67486b3b571ac1d298a388d5971785ef1"
        "d7aa373d3cf293d3018080",
        "fac629e154b627f1deb166a4e67f6d880eb00f1ec73666e12f38910d5186602b",
        0,
        UINT64_C(1),
        "f8c980843b9aca00830f42408080b8784c955d4da10d976ae7f768bdc149508e"
        "e4045c3b5455151e97a6b198d651fa63a75041a53dc7fa72f26b64889b46ab0f"
        "e39467029988de65f9c3f2db025661c4eaabbaf564cecae5a860100f72b7e678"
        "b0daaf30c8443390859fa7614e39fdd67486b3b571ac1d298a388d5971785ef1"
        "d7aa373d3cf293d326a085e8690f3f6092bfd9e0245bd1590a21218f287e22c0"
        "350ec10ea3b2f7a34c95a056b8bca735245b4cb6a2892bf434bab447500f6946"
        "7bcc250e4f4ff53f4d0e1b",
        "85e8690f3f6092bfd9e0245bd1590a21218f287e22c0350ec10ea3b2f7a34c95",
        "56b8bca735245b4cb6a2892bf434bab447500f69467bcc250e4f4ff53f4d0e1b",
        1,
        UINT64_C(38),
        "02957c347f288a3667cfe44cd529705ae5f6861a9243120eb2fe00b185ada866"
        "04",
        "95207c3a3547002752dead8a3c60c8d994a6bbf7",
    },
    {
        "legacy: all zero, value and data omitted",
        "{\"type\":0,\"chainId\":5,\"nonce\":0,\"gasPrice\":0,\"gasLimit"
        "\":0,\"to\":\"0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2\"}",
        "dd80808094c02aaa39b223fe8d0a0e5c4f27ead9083c756cc28080058080",
        "73047fef4585f448332fb52e52a03196de708c13f0552341a4812fb94cb5d6ac",
        0,
        UINT64_C(5),
        "f85d80808094c02aaa39b223fe8d0a0e5c4f27ead9083c756cc280802ea0e236"
        "87cc00bce76d1a3f01e0ec17ad601a60c6b4051cad5c46e1f17297b86cdba047"
        "417d346a939d33bebbe1bdbdd8b9dad8b4ec472a6a9af6d988791ad2205cf1",
        "e23687cc00bce76d1a3f01e0ec17ad601a60c6b4051cad5c46e1f17297b86cdb",
        "47417d346a939d33bebbe1bdbdd8b9dad8b4ec472a6a9af6d988791ad2205cf1",
        1,
        UINT64_C(46),
        "038be6ae2d11db84368a9b22ef05c502c771b9761124bf25896be93697d9fa07"
        "83",
        "4a06057fa9c802168c2bcb138e563055c62fa511",
    },
    {
        "legacy: big values (2^256-1 price and value, 2^64-1 gas)",
        "{\"type\":0,\"chainId\":137,\"nonce\":9007199254740991,\"gasPric"
        "e\":\"1157920892373161954235709850086879078532699846656405640394"
        "57584007913129639935\",\"gasLimit\":\"0xffffffffffffffff\",\"to"
        "\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\",\"value\":\"0x"
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
        "\",\"data\":\"0xA9059CBB\"}",
        "f871871fffffffffffffa0ffffffffffffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffff88ffffffffffffffff94a0b86991c6218b36c1d19d"
        "4a2e9eb0ce3606eb48a0ffffffffffffffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffff84a9059cbb81898080",
        "3158f90d24d013256b4365a1902549d0c63f5f197a71fec042b43bb51dfab9b7",
        0,
        UINT64_C(137),
        "f8b2871fffffffffffffa0ffffffffffffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffff88ffffffffffffffff94a0b86991c6218b36c1d19d"
        "4a2e9eb0ce3606eb48a0ffffffffffffffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffff84a9059cbb820136a0f04e33932dd4b262db86ad4670"
        "2dcfd4c56548e85986674f79e94a93151c958ea0706e62b326a429308c5b02a5"
        "d3d790a24334bafffb19d504d86021a19694c1e6",
        "f04e33932dd4b262db86ad46702dcfd4c56548e85986674f79e94a93151c958e",
        "706e62b326a429308c5b02a5d3d790a24334bafffb19d504d86021a19694c1e6",
        1,
        UINT64_C(310),
        "0260bdc2b3602ef7f8e89b8c8e339b96fa3a57adfc99a820a9f9a42b00dcb248"
        "a2",
        "17c4dd5aac28706b281382f5d39b760391df0f37",
    },
    {
        "legacy: chain id 2^32 + 7",
        "{\"type\":0,\"chainId\":\"4294967303\",\"nonce\":1,\"gasPrice\":"
        "1,\"gasLimit\":21000,\"to\":\"0x35353535353535353535353535353535"
        "35353535\",\"value\":1}",
        "e401018252089435353535353535353535353535353535353535350180850100"
        "0000078080",
        "4c350b2103ca877002632beea3b45385b037a1e4f7ac6ad89d3dc609ecab2410",
        0,
        UINT64_C(4294967303),
        "f864010182520894353535353535353535353535353535353535353501808502"
        "00000032a0e19e5dcb1240ad463108090ecfffc328882965faf5a2f98138c5e9"
        "3285a226a9a043329843d305f53bef7c644235c72c55850852689394c8625984"
        "175e5b286d0f",
        "e19e5dcb1240ad463108090ecfffc328882965faf5a2f98138c5e93285a226a9",
        "43329843d305f53bef7c644235c72c55850852689394c8625984175e5b286d0f",
        1,
        UINT64_C(8589934642),
        "0354dade479fc9e7496b95e0c1a77d51765b643e8c45ffad6a7e424c996f0eec"
        "f7",
        "efab5a4fad496ecc0e3fe8a26a8f63122e65790a",
    },
    {
        "legacy: the largest legacy chain id",
        "{\"type\":0,\"chainId\":\"9223372036854775789\",\"nonce\":2,\"ga"
        "sPrice\":7,\"gasLimit\":21000,\"to\":\"0x35353535353535353535353"
        "53535353535353535\",\"value\":0,\"data\":\"0x00\"}",
        "e702078252089435353535353535353535353535353535353535358000887fff"
        "ffffffffffed8080",
        "7aa1e1ab9da5cf15f4648383e488b650c973b1271b79ce48ecf050506ad69038",
        0,
        UINT64_C(9223372036854775789),
        "f8670207825208943535353535353535353535353535353535353535800088ff"
        "fffffffffffffea09b8b43d20f1437074fd4417ae9cf51edfdd20da97a7281ea"
        "0e4e296ffe9732a2a067135546a83ca05b7b823ad0999703871bee073f3ec274"
        "bb0dae1bfb1a1bbaa8",
        "9b8b43d20f1437074fd4417ae9cf51edfdd20da97a7281ea0e4e296ffe9732a2",
        "67135546a83ca05b7b823ad0999703871bee073f3ec274bb0dae1bfb1a1bbaa8",
        1,
        UINT64_C(18446744073709551614),
        "021da13e16bb334ac5fcd70c83e602e96054e19bbbbddddd5a0f4608c83b572d"
        "4f",
        "8bb26b9a85124b06da898be2532e9cf55511a5e6",
    },
    {
        "legacy: 600 bytes of data (two-byte list length)",
        "{\"type\":0,\"chainId\":11155111,\"nonce\":300,\"gasPrice\":\"10"
        "00000000\",\"gasLimit\":500000,\"to\":\"0xA0b86991c6218b36c1d19D"
        "4a2e9Eb0cE3606eB48\",\"value\":0,\"data\":\"0x2c8b32eae7b95377ed"
        "459a0e1ca7b3eb81412490a8e72c9329058686e351f3144312b15e71ad5ec1b2"
        "8ac2edb3ed13561e443ead46546b6dabfe845b309263bf880a2c6e2198a8c2d9"
        "d5a1315f98debef2f29948120836231a0012ef1e5b3d9bbf66ad86fc753f2318"
        "97891e2c92872fcb8ddfe41774caa8f795840e29841920f7146958e8c6fbaf71"
        "80325078827fc76cc3a69f8ff84a30f4694b41f1871f29f80736dc470716cba5"
        "9c7d4618d9043ca5ae75d722a54db399a109a7e431dcdb866c26e4f0cd7a7b55"
        "3b38bb5865937d359256a90c56afb43746e89c14a2e5c69bbe0c0e2d77427840"
        "b14a5929eadfe18d9691c02d1a511deaf6753aa11669791b2ae504135f161aa1"
        "53f0ef9c6ad8dff84954dc39001b14ac6f8270c7cde78327cf4a93a81bbae05d"
        "78530d7fae5a717a37ce814e2f3c41042a3db2b1f8321c5573b28edf5b6b6ebf"
        "5b59aa8ee937fc439ea78e5671c17fc8fc74289796d1daf3ac545ebc0237e319"
        "64d7195860ca9a2a90ab310d17c50c49c180d32e51a7a25a2a4984db56e8d82e"
        "c6046fd413ab1233b2206af59bcc1d50ecd027c02fd785d149e8737355b9adf1"
        "134f06375d3d65c9dfd60a79b72dfdbd8188f96238be840dba7d511a76199043"
        "a1f6b8ca774dddb42903c382c53124ca04285dafdb6590e46d983ea7481c56cc"
        "82cc213749382727bec5ccedd4a3cfd98030d481ac2368d391c4be97c84ed428"
        "5b414c735d7b3dff60eef1ad85727c95eee67546c30dd3c9411e63c8d9fa2f5c"
        "91d10484daa1955cf6dada5bdd914421f2c2cee0f02011451a312b505d0eea79"
        "e890e2e666a05e70768c65e6b918a2\"}",
        "f9028382012c843b9aca008307a12094a0b86991c6218b36c1d19d4a2e9eb0ce"
        "3606eb4880b902582c8b32eae7b95377ed459a0e1ca7b3eb81412490a8e72c93"
        "29058686e351f3144312b15e71ad5ec1b28ac2edb3ed13561e443ead46546b6d"
        "abfe845b309263bf880a2c6e2198a8c2d9d5a1315f98debef2f2994812083623"
        "1a0012ef1e5b3d9bbf66ad86fc753f231897891e2c92872fcb8ddfe41774caa8"
        "f795840e29841920f7146958e8c6fbaf7180325078827fc76cc3a69f8ff84a30"
        "f4694b41f1871f29f80736dc470716cba59c7d4618d9043ca5ae75d722a54db3"
        "99a109a7e431dcdb866c26e4f0cd7a7b553b38bb5865937d359256a90c56afb4"
        "3746e89c14a2e5c69bbe0c0e2d77427840b14a5929eadfe18d9691c02d1a511d"
        "eaf6753aa11669791b2ae504135f161aa153f0ef9c6ad8dff84954dc39001b14"
        "ac6f8270c7cde78327cf4a93a81bbae05d78530d7fae5a717a37ce814e2f3c41"
        "042a3db2b1f8321c5573b28edf5b6b6ebf5b59aa8ee937fc439ea78e5671c17f"
        "c8fc74289796d1daf3ac545ebc0237e31964d7195860ca9a2a90ab310d17c50c"
        "49c180d32e51a7a25a2a4984db56e8d82ec6046fd413ab1233b2206af59bcc1d"
        "50ecd027c02fd785d149e8737355b9adf1134f06375d3d65c9dfd60a79b72dfd"
        "bd8188f96238be840dba7d511a76199043a1f6b8ca774dddb42903c382c53124"
        "ca04285dafdb6590e46d983ea7481c56cc82cc213749382727bec5ccedd4a3cf"
        "d98030d481ac2368d391c4be97c84ed4285b414c735d7b3dff60eef1ad85727c"
        "95eee67546c30dd3c9411e63c8d9fa2f5c91d10484daa1955cf6dada5bdd9144"
        "21f2c2cee0f02011451a312b505d0eea79e890e2e666a05e70768c65e6b918a2"
        "83aa36a78080",
        "b2cf2c777ebe673e2d8b05b1dfaba5452f00ee8217311bd12907ba80f9db872c",
        0,
        UINT64_C(11155111),
        "f902c482012c843b9aca008307a12094a0b86991c6218b36c1d19d4a2e9eb0ce"
        "3606eb4880b902582c8b32eae7b95377ed459a0e1ca7b3eb81412490a8e72c93"
        "29058686e351f3144312b15e71ad5ec1b28ac2edb3ed13561e443ead46546b6d"
        "abfe845b309263bf880a2c6e2198a8c2d9d5a1315f98debef2f2994812083623"
        "1a0012ef1e5b3d9bbf66ad86fc753f231897891e2c92872fcb8ddfe41774caa8"
        "f795840e29841920f7146958e8c6fbaf7180325078827fc76cc3a69f8ff84a30"
        "f4694b41f1871f29f80736dc470716cba59c7d4618d9043ca5ae75d722a54db3"
        "99a109a7e431dcdb866c26e4f0cd7a7b553b38bb5865937d359256a90c56afb4"
        "3746e89c14a2e5c69bbe0c0e2d77427840b14a5929eadfe18d9691c02d1a511d"
        "eaf6753aa11669791b2ae504135f161aa153f0ef9c6ad8dff84954dc39001b14"
        "ac6f8270c7cde78327cf4a93a81bbae05d78530d7fae5a717a37ce814e2f3c41"
        "042a3db2b1f8321c5573b28edf5b6b6ebf5b59aa8ee937fc439ea78e5671c17f"
        "c8fc74289796d1daf3ac545ebc0237e31964d7195860ca9a2a90ab310d17c50c"
        "49c180d32e51a7a25a2a4984db56e8d82ec6046fd413ab1233b2206af59bcc1d"
        "50ecd027c02fd785d149e8737355b9adf1134f06375d3d65c9dfd60a79b72dfd"
        "bd8188f96238be840dba7d511a76199043a1f6b8ca774dddb42903c382c53124"
        "ca04285dafdb6590e46d983ea7481c56cc82cc213749382727bec5ccedd4a3cf"
        "d98030d481ac2368d391c4be97c84ed4285b414c735d7b3dff60eef1ad85727c"
        "95eee67546c30dd3c9411e63c8d9fa2f5c91d10484daa1955cf6dada5bdd9144"
        "21f2c2cee0f02011451a312b505d0eea79e890e2e666a05e70768c65e6b918a2"
        "8401546d71a0aca4781f5c0913ad2c599eef31b49b1d2a9a2c5ccb057d1bbdb2"
        "2e1e66a646bea024b8a56c1c0b9a2a7b793a9655ce20f9434be10d2af2957904"
        "5358a1f2b5922f",
        "aca4781f5c0913ad2c599eef31b49b1d2a9a2c5ccb057d1bbdb22e1e66a646be",
        "24b8a56c1c0b9a2a7b793a9655ce20f9434be10d2af29579045358a1f2b5922f",
        0,
        UINT64_C(22310257),
        "02bd9952fa0bbe921febd12685d8a48c09e9bdcfe74dfa4269b397ff0d464b0a"
        "c7",
        "72f982e7ec9619303f04fc54cfb7b3fd86cc8b11",
    },
    {
        "EIP-2930: access list of two entries, one without keys",
        "{\"type\":1,\"chainId\":1,\"nonce\":3,\"gasPrice\":\"30000000000"
        "\",\"gasLimit\":60000,\"to\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0c"
        "E3606eB48\",\"value\":0,\"data\":\"0x\",\"accessList\":[{\"addre"
        "ss\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\",\"storageKey"
        "s\":[\"0x0000000000000000000000000000000000000000000000000000000"
        "000000000\",\"0x000000000000000000000000000000000000000000000000"
        "0000000000000001\",\"0xfffffffffffffffffffffffffffffffffffffffff"
        "fffffffffffffffffffffff\"]},{\"address\":\"0xc02aaa39b223fe8d0a0"
        "e5c4f27ead9083c756cc2\",\"storageKeys\":[]}]}",
        "01f8b701038506fc23ac0082ea6094a0b86991c6218b36c1d19d4a2e9eb0ce36"
        "06eb488080f893f87a94a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48f863"
        "a000000000000000000000000000000000000000000000000000000000000000"
        "00a0000000000000000000000000000000000000000000000000000000000000"
        "0001a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "ffffffd694c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2c0",
        "b6da7a38aff74a071b20fb21191661c811095474feefaafa0a7a90d1a34eb702",
        1,
        UINT64_C(1),
        "01f8fa01038506fc23ac0082ea6094a0b86991c6218b36c1d19d4a2e9eb0ce36"
        "06eb488080f893f87a94a0b86991c6218b36c1d19d4a2e9eb0ce3606eb48f863"
        "a000000000000000000000000000000000000000000000000000000000000000"
        "00a0000000000000000000000000000000000000000000000000000000000000"
        "0001a0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "ffffffd694c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2c001a0e048974a"
        "d875d19790e6edd383f2fbed6caee22c7b0627c52b87833ac260050da055c55b"
        "b313159fc7e6573840eb8c7af62bd0e731e4cbab121fcb9b83d20e4b38",
        "e048974ad875d19790e6edd383f2fbed6caee22c7b0627c52b87833ac260050d",
        "55c55bb313159fc7e6573840eb8c7af62bd0e731e4cbab121fcb9b83d20e4b38",
        1,
        UINT64_C(1),
        "022113a7c7dadbce147bd457372addafab32e16e976659c3245ba2fa12ab5e11"
        "92",
        "8a339ba02234b716ac31d04340dfe1fc2ec9467a",
    },
    {
        "EIP-2930: contract creation, empty access list",
        "{\"type\":1,\"chainId\":10,\"nonce\":0,\"gasPrice\":1,\"gasLimit"
        "\":3000000,\"to\":null,\"value\":\"0\",\"data\":\"0xccff8f0c8462"
        "08874f9d1819c739ce8a52aa3c430a49c300e20a4c961289064276def2394010"
        "ee4ec0dd987b361821099f4802578422b14ec2549a0cf4fdcf05\",\"accessL"
        "ist\":[]}",
        "01f84c0a8001832dc6c08080b840ccff8f0c846208874f9d1819c739ce8a52aa"
        "3c430a49c300e20a4c961289064276def2394010ee4ec0dd987b361821099f48"
        "02578422b14ec2549a0cf4fdcf05c0",
        "fa4d619e1685f26e0333aee23cafb6a3999cd5a86ec158f6cb667485c484c6eb",
        1,
        UINT64_C(10),
        "01f88f0a8001832dc6c08080b840ccff8f0c846208874f9d1819c739ce8a52aa"
        "3c430a49c300e20a4c961289064276def2394010ee4ec0dd987b361821099f48"
        "02578422b14ec2549a0cf4fdcf05c001a0be31385228e34db57ef23e50957ee5"
        "b39e089093b6f53dd09b97ad96b9f018eda03b843ea39b7e6ca5743e61636987"
        "2251f5f6013e9dfee84513101d3c976de46a",
        "be31385228e34db57ef23e50957ee5b39e089093b6f53dd09b97ad96b9f018ed",
        "3b843ea39b7e6ca5743e616369872251f5f6013e9dfee84513101d3c976de46a",
        1,
        UINT64_C(1),
        "02e3fd3543d274dee12acc9e7ccdf6ce8dfe0148bf23623fe145d53a78ac92a8"
        "fd",
        "24053fbd20134496da7e4b55e901d83482600dec",
    },
    {
        "EIP-2930: chain id 2^64-1, access list omitted",
        "{\"type\":\"1\",\"chainId\":\"18446744073709551615\",\"nonce\":1"
        ",\"gasPrice\":2,\"gasLimit\":21000,\"to\":\"0x353535353535353535"
        "3535353535353535353535\",\"value\":5,\"maxFeePerGas\":null}",
        "01e688ffffffffffffffff010282520894353535353535353535353535353535"
        "35353535350580c0",
        "7236bb21bddaa08a5591621223251f0b1ebca77d173973f3e86a4102cdce389c",
        1,
        UINT64_C(18446744073709551615),
        "01f86988ffffffffffffffff0102825208943535353535353535353535353535"
        "3535353535350580c080a07aab9623d1783315d520a49857373244db0e6a4978"
        "0f4c84f5d1d8374cac342ca06f2765683b2475be48a7c625d90ceaa609032cfc"
        "5561eb77ffc2380b44823b5f",
        "7aab9623d1783315d520a49857373244db0e6a49780f4c84f5d1d8374cac342c",
        "6f2765683b2475be48a7c625d90ceaa609032cfc5561eb77ffc2380b44823b5f",
        0,
        UINT64_C(0),
        "027a24b14c54c26ac94daf64b8e15eeef238ab8e33e0e2391cffb33a24bd90e6"
        "14",
        "c78967a49b16b6b635da1b3b9b917ed11bd60094",
    },
    {
        "EIP-1559: a plain transfer on mainnet",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":"
        "\"1500000000\",\"maxFeePerGas\":\"30000000000\",\"gasLimit\":210"
        "00,\"to\":\"0x3535353535353535353535353535353535353535\",\"value"
        "\":\"1000000000000000\",\"data\":\"0x\"}",
        "02ef01808459682f008506fc23ac008252089435353535353535353535353535"
        "3535353535353587038d7ea4c6800080c0",
        "f23594a7085b45d275319e6bdcb82e8d6847a79a4044626c7a61a4a012334fda",
        2,
        UINT64_C(1),
        "02f87201808459682f008506fc23ac0082520894353535353535353535353535"
        "353535353535353587038d7ea4c6800080c080a01892012d65eac018176c41ba"
        "af3c06727151af28051fad2fe57a7a979dca7ea1a070df592a5ab2a186c52b5d"
        "3c1571ea00d56477f172f90e69d7dbf55065c89585",
        "1892012d65eac018176c41baaf3c06727151af28051fad2fe57a7a979dca7ea1",
        "70df592a5ab2a186c52b5d3c1571ea00d56477f172f90e69d7dbf55065c89585",
        0,
        UINT64_C(0),
        "0225b4ec7f112758b948ac3ca622f3313183d988beb036ac0d87757e5f937924"
        "ed",
        "e31240475b4cccfd9f456382d11bb7d3dc4b1e1f",
    },
    {
        "EIP-1559: ERC-20 transfer with an access list (Polygon)",
        "{\"type\":2,\"chainId\":137,\"nonce\":42,\"maxPriorityFeePerGas"
        "\":\"0x77359400\",\"maxFeePerGas\":\"0x2540be400\",\"gasLimit\":"
        "\"65000\",\"to\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\","
        "\"value\":0,\"data\":\"0xa9059cbb0000000000000000000000003535353"
        "5353535353535353535353535353535350000000000000000000000000000000"
        "000000000000000000000000000000064\",\"accessList\":[{\"address\""
        ":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\",\"storageKeys\":"
        "[\"0x00000000000000000000000000000000000000000000000000000000000"
        "00001\",\"0x96e7c59fac4d1e0dc8598dd71b110d5615f2a17f510138b312a3"
        "8eb8c656b532\"]}],\"gasPrice\":null}",
        "02f8ca81892a84773594008502540be40082fde894a0b86991c6218b36c1d19d"
        "4a2e9eb0ce3606eb4880b844a9059cbb00000000000000000000000035353535"
        "3535353535353535353535353535353500000000000000000000000000000000"
        "00000000000000000000000000000064f85bf85994a0b86991c6218b36c1d19d"
        "4a2e9eb0ce3606eb48f842a00000000000000000000000000000000000000000"
        "000000000000000000000001a096e7c59fac4d1e0dc8598dd71b110d5615f2a1"
        "7f510138b312a38eb8c656b532",
        "3089bb6657680ebee6c1dc6a31ee6c3d483bcd3623d5014e0381e8c93e66adfa",
        2,
        UINT64_C(137),
        "02f9010d81892a84773594008502540be40082fde894a0b86991c6218b36c1d1"
        "9d4a2e9eb0ce3606eb4880b844a9059cbb000000000000000000000000353535"
        "3535353535353535353535353535353535000000000000000000000000000000"
        "0000000000000000000000000000000064f85bf85994a0b86991c6218b36c1d1"
        "9d4a2e9eb0ce3606eb48f842a000000000000000000000000000000000000000"
        "00000000000000000000000001a096e7c59fac4d1e0dc8598dd71b110d5615f2"
        "a17f510138b312a38eb8c656b53280a0e5522cd75942646d9a48af79728bbae7"
        "af26bd28e7951fb943fc5b9e0dcd2fd2a0101361541b7aed2a615b133ae55d1d"
        "0e96a400cbdad11debabfe85c81c95ff35",
        "e5522cd75942646d9a48af79728bbae7af26bd28e7951fb943fc5b9e0dcd2fd2",
        "101361541b7aed2a615b133ae55d1d0e96a400cbdad11debabfe85c81c95ff35",
        0,
        UINT64_C(0),
        "0381c4b2dce3f180eaeadf1e58cdf1c56f223a7bbf88c113f82ad516f1c09aa2"
        "56",
        "f93822927c8c7100b782629de3360d0e90f8ed69",
    },
    {
        "EIP-1559: contract creation with 1000 bytes of initcode",
        "{\"type\":2,\"chainId\":11155111,\"nonce\":7,\"maxPriorityFeePer"
        "Gas\":1,\"maxFeePerGas\":2,\"gasLimit\":2000000,\"to\":null,\"va"
        "lue\":0,\"data\":\"0x4b79ecb9a71e5e757e477a77c9c2bd79f6fb4cb2b34"
        "257576b1088464df7ba5ccc7e9980823f5e297eceab17c954a582048f8459f16"
        "530c84106585620573f381f122c97519d6bed9726db079c36febf093b24729da"
        "2e15299c2fdd9c15ba96179aede6531558c72416df828ded494a55c6e0504d6b"
        "27ab76c88a2e6583469570a57e4d4aa7656d860ff1dc591a728844687c39e7f7"
        "562a4882059aa6966242baefac877771458b837f61fa5901b2642e4f61dc3c76"
        "1f8ae4ef6b9817dedaef346f7253b71815e698f744ee8f44045345436ffe32a7"
        "1b6ec36e1b3e7d44aeadab2cb0e334285c84df71c34395efef97a03db5c03d90"
        "47c345c863b3c268207e1fefd462ed9970af4d6cb7e762bed4e06e17ee3bfbd7"
        "f9a8c78dfe583f6cb020ab22a3f5861a8fbf0be800ccf8c58b669f463043564a"
        "cc33e0ba62d3e2c2788f5b4e2be32810339c1e1176e58d611f92d9cd163cd61d"
        "ee0619dafed127d3683ef331971dd75b49eee31bb3267729ca0d8d62f55d501f"
        "320e55bc0878758d85561b60ccd24b369f8c00d869b4913b0422f5dc3c9cedce"
        "2b55c7b9ec042710b41dae2e827f3082e49d3d17de0fe74db45e11f43655dc31"
        "c6259523d34a61af5981be1171360508036882dd6deb0d4ebde72ddb9e20aeac"
        "fed594aac16fb99d6290bce63d22ceac46e9ae5633c1ed3596a67024a505e3b5"
        "6d35651d7813bb2057732eada0c6dab7aa9da31236a3cfdcf37146e2b39f6200"
        "186d7a74ea175363c861826c462a900cbee5bed718bd2292ac13a1539d4b0c5a"
        "809a01ce1cd5e8f28512867d0730a232095d5611da41b6e23f16f67f317b8471"
        "11042b89e900cc04ffb2be6d47af26411433f92dda11dc83168a1f107e89fe2d"
        "be5fc5d44949fac67859c4824ca8a8119e3b2d591851d66b2aae7e7b1a550300"
        "66bb0a2f30abb258ef25610f27e90f817a23a60e3829b6257919bbed17d636e7"
        "0f80415da4bf8f2851bcb261a1a65d837be35e331fa72b78f58b913693c034d7"
        "a8a97c2be5a6c998523870188fa7b6d68e36d16081f91b3893abe509fc6ade82"
        "88d4f23d10d9a9401e58ae17e237795535111ca3b71ae51e9b1c11fc27752c7b"
        "96ccca781691ea86be15730e63511a1d1c31e0bc6d66a36f2142623c067a42ed"
        "0452bbdc1e5cfd76a88425c36ecf9b06ce728ed4dc7a03753c4e59dce43622a7"
        "0ea2808d60ac0c9aecf2bb05c347258dc680367ff669547d0129bc6e973cf5c9"
        "0df2cf46702b606c439f57dd4eaa2c491206757627ec045da9b50b68cd184ec5"
        "d7af840cb8d4427364ad568abee198756a4b607a5bfff28c207c310acfda6aa7"
        "227bc827604c35b64b72c8e38cdcc122b412e61f63d2dd9203f5e2c62c8b7945"
        "022598cff74b2697cd333a0dbb1e69a340403\"}",
        "02f903f983aa36a7070102831e84808080b903e84b79ecb9a71e5e757e477a77"
        "c9c2bd79f6fb4cb2b34257576b1088464df7ba5ccc7e9980823f5e297eceab17"
        "c954a582048f8459f16530c84106585620573f381f122c97519d6bed9726db07"
        "9c36febf093b24729da2e15299c2fdd9c15ba96179aede6531558c72416df828"
        "ded494a55c6e0504d6b27ab76c88a2e6583469570a57e4d4aa7656d860ff1dc5"
        "91a728844687c39e7f7562a4882059aa6966242baefac877771458b837f61fa5"
        "901b2642e4f61dc3c761f8ae4ef6b9817dedaef346f7253b71815e698f744ee8"
        "f44045345436ffe32a71b6ec36e1b3e7d44aeadab2cb0e334285c84df71c3439"
        "5efef97a03db5c03d9047c345c863b3c268207e1fefd462ed9970af4d6cb7e76"
        "2bed4e06e17ee3bfbd7f9a8c78dfe583f6cb020ab22a3f5861a8fbf0be800ccf"
        "8c58b669f463043564acc33e0ba62d3e2c2788f5b4e2be32810339c1e1176e58"
        "d611f92d9cd163cd61dee0619dafed127d3683ef331971dd75b49eee31bb3267"
        "729ca0d8d62f55d501f320e55bc0878758d85561b60ccd24b369f8c00d869b49"
        "13b0422f5dc3c9cedce2b55c7b9ec042710b41dae2e827f3082e49d3d17de0fe"
        "74db45e11f43655dc31c6259523d34a61af5981be1171360508036882dd6deb0"
        "d4ebde72ddb9e20aeacfed594aac16fb99d6290bce63d22ceac46e9ae5633c1e"
        "d3596a67024a505e3b56d35651d7813bb2057732eada0c6dab7aa9da31236a3c"
        "fdcf37146e2b39f6200186d7a74ea175363c861826c462a900cbee5bed718bd2"
        "292ac13a1539d4b0c5a809a01ce1cd5e8f28512867d0730a232095d5611da41b"
        "6e23f16f67f317b847111042b89e900cc04ffb2be6d47af26411433f92dda11d"
        "c83168a1f107e89fe2dbe5fc5d44949fac67859c4824ca8a8119e3b2d591851d"
        "66b2aae7e7b1a55030066bb0a2f30abb258ef25610f27e90f817a23a60e3829b"
        "6257919bbed17d636e70f80415da4bf8f2851bcb261a1a65d837be35e331fa72"
        "b78f58b913693c034d7a8a97c2be5a6c998523870188fa7b6d68e36d16081f91"
        "b3893abe509fc6ade8288d4f23d10d9a9401e58ae17e237795535111ca3b71ae"
        "51e9b1c11fc27752c7b96ccca781691ea86be15730e63511a1d1c31e0bc6d66a"
        "36f2142623c067a42ed0452bbdc1e5cfd76a88425c36ecf9b06ce728ed4dc7a0"
        "3753c4e59dce43622a70ea2808d60ac0c9aecf2bb05c347258dc680367ff6695"
        "47d0129bc6e973cf5c90df2cf46702b606c439f57dd4eaa2c491206757627ec0"
        "45da9b50b68cd184ec5d7af840cb8d4427364ad568abee198756a4b607a5bfff"
        "28c207c310acfda6aa7227bc827604c35b64b72c8e38cdcc122b412e61f63d2d"
        "d9203f5e2c62c8b7945022598cff74b2697cd333a0dbb1e69a340403c0",
        "05279800ed709c28355f37387ce82ce0908283806d4a10651501092e704466b0",
        2,
        UINT64_C(11155111),
        "02f9043c83aa36a7070102831e84808080b903e84b79ecb9a71e5e757e477a77"
        "c9c2bd79f6fb4cb2b34257576b1088464df7ba5ccc7e9980823f5e297eceab17"
        "c954a582048f8459f16530c84106585620573f381f122c97519d6bed9726db07"
        "9c36febf093b24729da2e15299c2fdd9c15ba96179aede6531558c72416df828"
        "ded494a55c6e0504d6b27ab76c88a2e6583469570a57e4d4aa7656d860ff1dc5"
        "91a728844687c39e7f7562a4882059aa6966242baefac877771458b837f61fa5"
        "901b2642e4f61dc3c761f8ae4ef6b9817dedaef346f7253b71815e698f744ee8"
        "f44045345436ffe32a71b6ec36e1b3e7d44aeadab2cb0e334285c84df71c3439"
        "5efef97a03db5c03d9047c345c863b3c268207e1fefd462ed9970af4d6cb7e76"
        "2bed4e06e17ee3bfbd7f9a8c78dfe583f6cb020ab22a3f5861a8fbf0be800ccf"
        "8c58b669f463043564acc33e0ba62d3e2c2788f5b4e2be32810339c1e1176e58"
        "d611f92d9cd163cd61dee0619dafed127d3683ef331971dd75b49eee31bb3267"
        "729ca0d8d62f55d501f320e55bc0878758d85561b60ccd24b369f8c00d869b49"
        "13b0422f5dc3c9cedce2b55c7b9ec042710b41dae2e827f3082e49d3d17de0fe"
        "74db45e11f43655dc31c6259523d34a61af5981be1171360508036882dd6deb0"
        "d4ebde72ddb9e20aeacfed594aac16fb99d6290bce63d22ceac46e9ae5633c1e"
        "d3596a67024a505e3b56d35651d7813bb2057732eada0c6dab7aa9da31236a3c"
        "fdcf37146e2b39f6200186d7a74ea175363c861826c462a900cbee5bed718bd2"
        "292ac13a1539d4b0c5a809a01ce1cd5e8f28512867d0730a232095d5611da41b"
        "6e23f16f67f317b847111042b89e900cc04ffb2be6d47af26411433f92dda11d"
        "c83168a1f107e89fe2dbe5fc5d44949fac67859c4824ca8a8119e3b2d591851d"
        "66b2aae7e7b1a55030066bb0a2f30abb258ef25610f27e90f817a23a60e3829b"
        "6257919bbed17d636e70f80415da4bf8f2851bcb261a1a65d837be35e331fa72"
        "b78f58b913693c034d7a8a97c2be5a6c998523870188fa7b6d68e36d16081f91"
        "b3893abe509fc6ade8288d4f23d10d9a9401e58ae17e237795535111ca3b71ae"
        "51e9b1c11fc27752c7b96ccca781691ea86be15730e63511a1d1c31e0bc6d66a"
        "36f2142623c067a42ed0452bbdc1e5cfd76a88425c36ecf9b06ce728ed4dc7a0"
        "3753c4e59dce43622a70ea2808d60ac0c9aecf2bb05c347258dc680367ff6695"
        "47d0129bc6e973cf5c90df2cf46702b606c439f57dd4eaa2c491206757627ec0"
        "45da9b50b68cd184ec5d7af840cb8d4427364ad568abee198756a4b607a5bfff"
        "28c207c310acfda6aa7227bc827604c35b64b72c8e38cdcc122b412e61f63d2d"
        "d9203f5e2c62c8b7945022598cff74b2697cd333a0dbb1e69a340403c001a01f"
        "f2a64727db2ad248e3a5482c3a304661ce2141ed4b48782a5c751733a7d187a0"
        "6618f8a45bf2cf1d9aa525eaf8f2919b66a881302d691b1f4c95dd7a4f2f8835",
        "1ff2a64727db2ad248e3a5482c3a304661ce2141ed4b48782a5c751733a7d187",
        "6618f8a45bf2cf1d9aa525eaf8f2919b66a881302d691b1f4c95dd7a4f2f8835",
        1,
        UINT64_C(1),
        "0348c9a1b6257b523242c940a871194c83e9e25e8fe375b32fd176a2409eaa3e"
        "88",
        "61dc36ef673ea80c3e1e741cc9922b3884ca407d",
    },
    {
        "EIP-1559: big values, nonce 2^53-1",
        "{\"type\":2,\"chainId\":\"0xaa36a7\",\"nonce\":\"900719925474099"
        "1\",\"maxPriorityFeePerGas\":\"115792089237316195423570985008687"
        "907853269984665640564039457584007913129639935\",\"maxFeePerGas\""
        ":\"0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "fffff\",\"gasLimit\":\"18446744073709551615\",\"to\":\"0xC02AAA3"
        "9B223FE8D0A0E5C4F27EAD9083C756CC2\",\"value\":\"1157920892373161"
        "95423570985008687907853269984665640564039457584007913129639935\""
        "}",
        "02f88f83aa36a7871fffffffffffffa0ffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffffa0ffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffffff88ffffffffffffffff94c02aaa39b2"
        "23fe8d0a0e5c4f27ead9083c756cc2a0ffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffff80c0",
        "a1274a88579eab90f4739a5c1065f6e1ab98c103486c6cfb6659a2c0b53e202c",
        2,
        UINT64_C(11155111),
        "02f8d283aa36a7871fffffffffffffa0ffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffffa0ffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffffff88ffffffffffffffff94c02aaa39b2"
        "23fe8d0a0e5c4f27ead9083c756cc2a0ffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffffff80c080a05a0614377829b8a538876b00"
        "7bfacf8af290046dd8e1a8d7783e498d2455451ca06eafc5fc43768e19e21c6d"
        "29afe041fbc676756a8409eed13770eeabd806a314",
        "5a0614377829b8a538876b007bfacf8af290046dd8e1a8d7783e498d2455451c",
        "6eafc5fc43768e19e21c6d29afe041fbc676756a8409eed13770eeabd806a314",
        0,
        UINT64_C(0),
        "02d5fca23716b7e4efbcdf320b1ec1830fde31a44de3d6e7efb082a3d909c0c6"
        "9f",
        "877f9688593e6a869d6100562e73df6ea6d300a1",
    },
    {
        "EIP-1559: zero fees, empty access list entry keys",
        "{\"type\":2,\"chainId\":8453,\"nonce\":1,\"maxPriorityFeePerGas"
        "\":0,\"maxFeePerGas\":0,\"gasLimit\":21000,\"to\":\"0xA0b86991c6"
        "218b36c1d19D4a2e9Eb0cE3606eB48\",\"value\":1,\"accessList\":[{\""
        "address\":\"0x3535353535353535353535353535353535353535\",\"stora"
        "geKeys\":[]}]}",
        "02f83882210501808082520894a0b86991c6218b36c1d19d4a2e9eb0ce3606eb"
        "480180d7d6943535353535353535353535353535353535353535c0",
        "6a1f1f8ce1c7713fb446efce2fe69845f95211e4adefc2c059ed9e8726aead2d",
        2,
        UINT64_C(8453),
        "02f87b82210501808082520894a0b86991c6218b36c1d19d4a2e9eb0ce3606eb"
        "480180d7d6943535353535353535353535353535353535353535c080a093eec7"
        "a6891e9d248673882f46e574e5d566f2c9ad0db3962bbdebb6d315b468a02da2"
        "1bf36da0d6dd35a6f0e38d44b87a22b98f63a96f12dee49064e594f78d4d",
        "93eec7a6891e9d248673882f46e574e5d566f2c9ad0db3962bbdebb6d315b468",
        "2da21bf36da0d6dd35a6f0e38d44b87a22b98f63a96f12dee49064e594f78d4d",
        0,
        UINT64_C(0),
        "026f23d4a79e04bb78972ece8c31d7bac2d84769176d334dd0afd06c1dd5e2e0"
        "ea",
        "ee0b1998291ab03433d4eba314bc0ab86952f710",
    },
};

static const struct eth_tx_invalid_vector eth_tx_invalid_vectors[] = {
    {
        "empty input",
        "",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "an RLP string where the list belongs",
        "8180",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "type 0x01 and nothing else",
        "01",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "type 0x02 with an empty list",
        "02c0",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "type 0x03 (blob)",
        "03df018001028252089435353535353535353535353535353535353535358080"
        "c0",
        DUET_ERR_UNSUPPORTED,
        0,
    },
    {
        "type 0x04 (set code)",
        "04df018001028252089435353535353535353535353535353535353535358080"
        "c0",
        DUET_ERR_UNSUPPORTED,
        0,
    },
    {
        "type 0x00",
        "00df018001028252089435353535353535353535353535353535353535358080"
        "c0",
        DUET_ERR_UNSUPPORTED,
        0,
    },
    {
        "type 0x7f",
        "7fdf018001028252089435353535353535353535353535353535353535358080"
        "c0",
        DUET_ERR_UNSUPPORTED,
        0,
    },
    {
        "legacy, six items (no EIP-155 replay protection)",
        "e9098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080",
        DUET_ERR_UNSUPPORTED,
        1,
    },
    {
        "legacy, chain id 0",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080808080",
        DUET_ERR_UNSUPPORTED,
        1,
    },
    {
        "legacy, the largest chain id plus one",
        "f4098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080887fffffffffffffee8080",
        DUET_ERR_LIMIT_EXCEEDED,
        1,
    },
    {
        "legacy, r not zero",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080010180",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "legacy, s not zero",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a764000080018001",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "legacy, seven items",
        "ea098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a76400008001",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "legacy, ten items",
        "ed098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a76400008001808080",
        DUET_ERR_TRAILING_DATA,
        0,
    },
    {
        "legacy, already signed (v = 37 or 38)",
        "f86c098504a817c8008252089435353535353535353535353535353535353535"
        "35880de0b6b3a76400008026a0eef9d3b24ef379db842c916fd37f29fa70d6b9"
        "92566f6108f8cc6e8e65798a5ca0098f38f0cc93e8d09ab0f86b26776b0f9d14"
        "328f77f9db8bbda9b555cb07fd6c",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "legacy, nonce with a leading zero",
        "ee8200098504a817c80082520894353535353535353535353535353535353535"
        "3535880de0b6b3a764000080018080",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "legacy, nonce 2^64",
        "f5890100000000000000008504a817c800825208943535353535353535353535"
        "353535353535353535880de0b6b3a764000080018080",
        DUET_ERR_LIMIT_EXCEEDED,
        1,
    },
    {
        "legacy, gas price of 33 bytes",
        "f84809a101000000000000000000000000000000000000000000000000000000"
        "0000000000825208943535353535353535353535353535353535353535880de0"
        "b6b3a764000080018080",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "legacy, gas limit 2^64",
        "f3098504a817c800890100000000000000009435353535353535353535353535"
        "35353535353535880de0b6b3a764000080018080",
        DUET_ERR_LIMIT_EXCEEDED,
        1,
    },
    {
        "legacy, to of 19 bytes",
        "eb098504a817c800825208933535353535353535353535353535353535353588"
        "0de0b6b3a764000080018080",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "legacy, to of 21 bytes",
        "ed098504a817c800825208953535353535353535353535353535353535353535"
        "35880de0b6b3a764000080018080",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "legacy, to as a list",
        "ed098504a817c800825208d59435353535353535353535353535353535353535"
        "35880de0b6b3a764000080018080",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "legacy, data as a list",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a7640000c0018080",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "legacy, a byte after the list",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a76400008001808000",
        DUET_ERR_TRAILING_DATA,
        0,
    },
    {
        "legacy, list header longer than the input",
        "ec098504a817c800825208943535353535353535353535353535353535353535"
        "880de0b6b3a7640000800180",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "EIP-1559, already signed",
        "02f87201808459682f008506fc23ac0082520894353535353535353535353535"
        "353535353535353587038d7ea4c6800080c080a01892012d65eac018176c41ba"
        "af3c06727151af28051fad2fe57a7a979dca7ea1a070df592a5ab2a186c52b5d"
        "3c1571ea00d56477f172f90e69d7dbf55065c89585",
        DUET_ERR_TRAILING_DATA,
        0,
    },
    {
        "EIP-1559, access list missing",
        "02de018001028252089435353535353535353535353535353535353535358080",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "EIP-1559, chain id 0",
        "02df808001028252089435353535353535353535353535353535353535358080"
        "c0",
        DUET_ERR_UNSUPPORTED,
        1,
    },
    {
        "EIP-1559, chain id 2^64",
        "02e8890100000000000000008001028252089435353535353535353535353535"
        "353535353535358080c0",
        DUET_ERR_LIMIT_EXCEEDED,
        1,
    },
    {
        "EIP-1559, chain id with a leading zero",
        "02e1820001800102825208943535353535353535353535353535353535353535"
        "8080c0",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "EIP-1559, value of 33 bytes",
        "02f84001800102825208943535353535353535353535353535353535353535a1"
        "0100000000000000000000000000000000000000000000000000000000000000"
        "0080c0",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "EIP-1559, access list as a string",
        "02df018001028252089435353535353535353535353535353535353535358080"
        "80",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "EIP-1559, access entry address of 19 bytes",
        "02f5018001028252089435353535353535353535353535353535353535358080"
        "d6d593aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac0",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "EIP-1559, storage key of 31 bytes",
        "02f8560180010282520894353535353535353535353535353535353535353580"
        "80f7f6943535353535353535353535353535353535353535e09f111111111111"
        "11111111111111111111111111111111111111111111111111",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "EIP-1559, storage key 1 as an integer",
        "02f7018001028252089435353535353535353535353535353535353535358080"
        "d8d7943535353535353535353535353535353535353535c101",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "EIP-1559, storage keys as a string",
        "02f6018001028252089435353535353535353535353535353535353535358080"
        "d7d694353535353535353535353535353535353535353580",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "EIP-1559, access entry without its keys",
        "02f5018001028252089435353535353535353535353535353535353535358080"
        "d6d5943535353535353535353535353535353535353535",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "EIP-1559, access entry with a third item",
        "02f7018001028252089435353535353535353535353535353535353535358080"
        "d8d7943535353535353535353535353535353535353535c080",
        DUET_ERR_TRAILING_DATA,
        0,
    },
    {
        "EIP-2930, a ninth item",
        "01df0180018252089435353535353535353535353535353535353535358080c0"
        "80",
        DUET_ERR_TRAILING_DATA,
        0,
    },
    {
        "EIP-2930, to as a list",
        "01ca018001825208c08080c0",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "EIP-1559, nonce 5 written 0x81 0x05",
        "02e0018105010282520894353535353535353535353535353535353535353580"
        "80c0",
        DUET_ERR_NON_CANONICAL,
        0,
    },
    {
        "EIP-1559, list in the long form for 9 bytes",
        "02f809010101010101010101",
        DUET_ERR_NON_CANONICAL,
        0,
    },
};

static const struct eth_tx_json_invalid_vector eth_tx_json_invalid_vectors[] = {
    {
        "empty text",
        "",
        DUET_ERR_TRUNCATED,
    },
    {
        "only whitespace",
        " \012\011",
        DUET_ERR_TRUNCATED,
    },
    {
        "an unfinished object",
        "{",
        DUET_ERR_TRUNCATED,
    },
    {
        "cut in the middle",
        "{\"type\":2,\"chainId\":1,\"nonce\":",
        DUET_ERR_TRUNCATED,
    },
    {
        "an array, not an object",
        "[]",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "a string, not an object",
        "\"tx\"",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "an empty object",
        "{}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "text after the object",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\"} x",
        DUET_ERR_TRAILING_DATA,
    },
    {
        "a second object",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\"}{}",
        DUET_ERR_TRAILING_DATA,
    },
    {
        "a duplicate key (nonce twice)",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"nonce\":5,\"maxPriorityF"
        "eePerGas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35"
        "35353535353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "NaN",
        "{\"type\":2,\"chainId\":1,\"nonce\":NaN,\"maxPriorityFeePerGas\""
        ":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353535"
        "3535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "single quotes",
        "{\"type\":2,\"chainId\":1,'nonce':0,\"maxPriorityFeePerGas\":1,"
        "\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353535353"
        "5353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "a trailing comma",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "a comment",
        "{/* c */\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePer"
        "Gas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353"
        "535353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "a number with a leading zero",
        "{\"type\":2,\"chainId\":1,\"nonce\":01,\"maxPriorityFeePerGas\":"
        "1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353535353"
        "535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "a raw tab inside a string",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"t\011o\":\"0x3535353535"
        "353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "an unpaired surrogate escape",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"t\\ud800o\":\"0x3535353"
        "535353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "a reversed surrogate pair",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"t\\udc00\\ud800o\":\"0x"
        "3535353535353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "an escaped U+0000 in a key",
        "{\"type\":2,\"chainId\":1,\"nonce\\u0000x\":0,\"maxPriorityFeePe"
        "rGas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535"
        "3535353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "a bad escape",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"t\\xo\":\"0x35353535353"
        "53535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "true misspelt",
        "{\"type\":2,\"chainId\":1,\"nonce\":tru,\"maxPriorityFeePerGas\""
        ":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353535"
        "3535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "an unknown field (from)",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"from\":\"0x3535353535353535353535"
        "353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "an unknown field (gas)",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"gas\":21000}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "a signature field",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"v\":27}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-1559 without type",
        "{\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1,\"maxFeePe"
        "rGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353535353535353535353"
        "535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-1559 without chainId",
        "{\"type\":2,\"nonce\":0,\"maxPriorityFeePerGas\":1,\"maxFeePerGa"
        "s\":2,\"gasLimit\":21000,\"to\":\"0x3535353535353535353535353535"
        "353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-1559 without nonce",
        "{\"type\":2,\"chainId\":1,\"maxPriorityFeePerGas\":1,\"maxFeePer"
        "Gas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535353535353535"
        "35353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-1559 without gasLimit",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"to\":\"0x353535353535353535353535353535353"
        "5353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-1559 without to",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-1559 without maxFeePerGas",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"gasLimit\":21000,\"to\":\"0x353535353535353535353535353535353"
        "5353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-1559 without maxPriorityFeePerGas",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxFeePerGas\":2,\"gasLi"
        "mit\":21000,\"to\":\"0x3535353535353535353535353535353535353535"
        "\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "legacy without gasPrice",
        "{\"type\":0,\"chainId\":1,\"nonce\":0,\"gasLimit\":21000,\"to\":"
        "\"0x3535353535353535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "legacy with gasPrice null",
        "{\"type\":0,\"chainId\":1,\"nonce\":0,\"gasPrice\":null,\"gasLim"
        "it\":21000,\"to\":\"0x3535353535353535353535353535353535353535\""
        "}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-1559 with gasPrice",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"gasPrice\":1}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "legacy with maxFeePerGas",
        "{\"type\":0,\"chainId\":1,\"nonce\":0,\"gasPrice\":1,\"gasLimit"
        "\":21000,\"to\":\"0x3535353535353535353535353535353535353535\","
        "\"maxFeePerGas\":1}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "legacy with an access list",
        "{\"type\":0,\"chainId\":1,\"nonce\":0,\"gasPrice\":1,\"gasLimit"
        "\":21000,\"to\":\"0x3535353535353535353535353535353535353535\","
        "\"accessList\":[]}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "EIP-2930 with maxPriorityFeePerGas",
        "{\"type\":1,\"chainId\":1,\"nonce\":0,\"gasPrice\":1,\"gasLimit"
        "\":21000,\"to\":\"0x3535353535353535353535353535353535353535\","
        "\"maxPriorityFeePerGas\":1}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "type 3 (blob)",
        "{\"type\":3,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\"}",
        DUET_ERR_UNSUPPORTED,
    },
    {
        "type 0x7f",
        "{\"type\":\"0x7f\",\"chainId\":1,\"nonce\":0,\"maxPriorityFeePer"
        "Gas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353"
        "535353535353535353535353535353535\"}",
        DUET_ERR_UNSUPPORTED,
    },
    {
        "type 0x80",
        "{\"type\":128,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\""
        ":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353535"
        "3535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "type -1",
        "{\"type\":-1,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":"
        "1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353535353"
        "535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "type as a boolean",
        "{\"type\":true,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas"
        "\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353535"
        "353535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "chain id 0",
        "{\"type\":2,\"chainId\":0,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\"}",
        DUET_ERR_UNSUPPORTED,
    },
    {
        "legacy chain id 0",
        "{\"type\":0,\"chainId\":\"0x0\",\"nonce\":0,\"gasPrice\":1,\"gas"
        "Limit\":21000,\"to\":\"0x353535353535353535353535353535353535353"
        "5\"}",
        DUET_ERR_UNSUPPORTED,
    },
    {
        "legacy chain id over the largest",
        "{\"type\":0,\"chainId\":\"9223372036854775790\",\"nonce\":0,\"ga"
        "sPrice\":1,\"gasLimit\":21000,\"to\":\"0x35353535353535353535353"
        "53535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "chain id 2^64",
        "{\"type\":2,\"chainId\":\"18446744073709551616\",\"nonce\":0,\"m"
        "axPriorityFeePerGas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\""
        "to\":\"0x3535353535353535353535353535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "nonce 1.5",
        "{\"type\":2,\"chainId\":1,\"nonce\":1.5,\"maxPriorityFeePerGas\""
        ":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353535"
        "3535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "nonce 1e3",
        "{\"type\":2,\"chainId\":1,\"nonce\":1e3,\"maxPriorityFeePerGas\""
        ":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353535"
        "3535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "nonce 1.0",
        "{\"type\":2,\"chainId\":1,\"nonce\":1.0,\"maxPriorityFeePerGas\""
        ":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353535"
        "3535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "nonce as a boolean",
        "{\"type\":2,\"chainId\":1,\"nonce\":true,\"maxPriorityFeePerGas"
        "\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353535"
        "353535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "nonce as an array",
        "{\"type\":2,\"chainId\":1,\"nonce\":[1],\"maxPriorityFeePerGas\""
        ":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353535"
        "3535353535353535353535353535\"}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "nonce -1",
        "{\"type\":2,\"chainId\":1,\"nonce\":-1,\"maxPriorityFeePerGas\":"
        "1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353535353"
        "535353535353535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "nonce 2^53 as a JSON number",
        "{\"type\":2,\"chainId\":1,\"nonce\":9007199254740992,\"maxPriori"
        "tyFeePerGas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0"
        "x3535353535353535353535353535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "nonce 2^64 as a JSON number (json-c would clamp it)",
        "{\"type\":2,\"chainId\":1,\"nonce\":18446744073709551616,\"maxPr"
        "iorityFeePerGas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\""
        ":\"0x3535353535353535353535353535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "nonce 2^64 as a string",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"0x10000000000000000\",\"ma"
        "xPriorityFeePerGas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"t"
        "o\":\"0x3535353535353535353535353535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "gasLimit 2^64",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":\"18446744073709551616\",\"to\""
        ":\"0x3535353535353535353535353535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "nonce string: empty",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"\",\"maxPriorityFeePerGas"
        "\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353535"
        "353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string: a lone 0x",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"0x\",\"maxPriorityFeePerGa"
        "s\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353"
        "5353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string: a lone minus",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"-\",\"maxPriorityFeePerGas"
        "\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x3535353535"
        "353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string: hex digits in decimal",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"12a\",\"maxPriorityFeePerG"
        "as\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535"
        "35353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string: a plus sign",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"+1\",\"maxPriorityFeePerGa"
        "s\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353"
        "5353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string: a space",
        "{\"type\":2,\"chainId\":1,\"nonce\":\" 1\",\"maxPriorityFeePerGa"
        "s\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353"
        "5353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string: 0X",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"0X1\",\"maxPriorityFeePerG"
        "as\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535"
        "35353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string: a trailing space",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"1 \",\"maxPriorityFeePerGa"
        "s\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x353535353"
        "5353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string: a decimal point",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"1.0\",\"maxPriorityFeePerG"
        "as\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535"
        "35353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "nonce string of 81 characters",
        "{\"type\":2,\"chainId\":1,\"nonce\":\"00000000000000000000000000"
        "0000000000000000000000000000000000000000000000000000000\",\"maxP"
        "riorityFeePerGas\":1,\"maxFeePerGas\":2,\"gasLimit\":21000,\"to"
        "\":\"0x3535353535353535353535353535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "value 2^256",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"value\":\"11579208923731619542357"
        "0985008687907853269984665640564039457584007913129639936\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "value 2^256 in hex",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"value\":\"0x100000000000000000000"
        "00000000000000000000000000000000000000000000\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "value -1",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"value\":\"-1\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "maxFeePerGas -1",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":\"-1\",\"gasLimit\":21000,\"to\":\"0x353535353"
        "5353535353535353535353535353535\"}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
    {
        "maxFeePerGas -0x1 (no negative hex)",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":\"-0x1\",\"gasLimit\":21000,\"to\":\"0x3535353"
        "535353535353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "to with a wrong checksum",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0xa0b86991c6218b"
        "36c1d19D4a2e9Eb0cE3606eB48\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "to of 19 bytes",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "to without 0x",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"3535353535353535"
        "353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "to with 0X",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0X35353535353535"
        "35353535353535353535353535\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "to as a number",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":0}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "to as an ENS name",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"vitalik.eth\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "data of odd length",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"data\":\"0x123\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "data without 0x",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"data\":\"1234\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "data with a non-hex digit",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"data\":\"0x12zz\"}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "data as a number",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"data\":0}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "accessList as an object",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":{}}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "access entry as a pair (an ethers shape we refuse)",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":[[\"0x35353535353535"
        "35353535353535353535353535\",[]]]}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "access entry without storageKeys",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":[{\"address\":\"0x35"
        "35353535353535353535353535353535353535\"}]}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "access entry with an extra key",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":[{\"address\":\"0x35"
        "35353535353535353535353535353535353535\",\"storageKeys\":[],\"x"
        "\":1}]}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "storage key of 31 bytes",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":[{\"address\":\"0x35"
        "35353535353535353535353535353535353535\",\"storageKeys\":[\"0x11"
        "111111111111111111111111111111111111111111111111111111111111\"]}"
        "]}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "storage key with a bad digit",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":[{\"address\":\"0x35"
        "35353535353535353535353535353535353535\",\"storageKeys\":[\"0x1g"
        "1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g1g\""
        "]}]}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "storage key as a number",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":[{\"address\":\"0x35"
        "35353535353535353535353535353535353535\",\"storageKeys\":[1]}]}",
        DUET_ERR_INVALID_ARGUMENT,
    },
    {
        "access entry address with a wrong checksum",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":[{\"address\":\"0xA0"
        "b86991c6218b36c1d19D4a2e9Eb0cE3606eb48\",\"storageKeys\":[]}]}",
        DUET_ERR_BAD_ENCODING,
    },
    {
        "arrays nested 33 deep",
        "{\"type\":2,\"chainId\":1,\"nonce\":0,\"maxPriorityFeePerGas\":1"
        ",\"maxFeePerGas\":2,\"gasLimit\":21000,\"to\":\"0x35353535353535"
        "35353535353535353535353535\",\"accessList\":[[[[[[[[[[[[[[[[[[[["
        "[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
        DUET_ERR_LIMIT_EXCEEDED,
    },
};

static const struct eth_personal_vector eth_personal_vectors[] = {
    {
        "empty message",
        "",
        "5f35dce98ba4fba25530a026ed80b2cecdaa31091ba4958b99b52ea1d068adad",
    },
    {
        "\"hello\"",
        "68656c6c6f",
        "50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750",
    },
    {
        "\"Hello World\"",
        "48656c6c6f20576f726c64",
        "a1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2",
    },
    {
        "UTF-8 text",
        "6772c3bcc39f206469636820e2988320f09f9880",
        "31c40229baf6aa61a8b7e31efdb32c8de571cc59d93311445c306a07e9500b0c",
    },
    {
        "one zero byte",
        "00",
        "de4cdc789ddc73a0a79bd8cf489c37d5254a1e14a0fb771ce4e77c0206c3d0e1",
    },
    {
        "9 bytes (one length digit)",
        "e9b60ef16935bd6ab4",
        "f2bd000f03eea2aaa5d5894137bb298e8bcda57998d43225d490cc8a8eb5e76f",
    },
    {
        "10 bytes (two length digits)",
        "c1cff8374733c2b68a9c",
        "19f0ba7bd71c767c43be640e745b234dfc43f3b4d0c3991d184e7e97bfcdc935",
    },
    {
        "32 bytes (a hash signed as a message)",
        "677b9250606084a62b78b2775b3135c125d266f36c7e1d783b7605b1ad312ffe",
        "8d9db9a2ecf887f1a3af88b7080e5208b2adfc8cae9e2b772766cbf3332f67f9",
    },
    {
        "all 256 byte values",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
        "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
        "60d850d8cb3b6e69bd77dc3309f91a02ce92ce3d55caec8bcf9be08c0aac3b35",
    },
    {
        "1000 bytes (four length digits)",
        "32b68099093d77ba9574733e382cd2f1d6a6b56fd66ad6788dcfd2403c6de0ad"
        "f08585c099af0204657a6230e07fb95593f2549771ab34ec0cfb87395f2b03c1"
        "29f268c54fc530baeaefb229ec281de4d51b6fabfe8c9c5c91e7c1160b4f0a00"
        "94d55907af3c390c27f4d2686e093f927360d0a28a591f818526d88c8c851f69"
        "e29500a495e4cfd6bb529228b99a7aaac90b7abc3f9335536514772ec34f04b0"
        "d012536b84a52f09b7851f1e0cb1c4fba7f4b544da42a2772d739bb4ad20b2a7"
        "c8e30885dc142bd079513c778274db1515ec29ead42065cf25a9fbd85727882b"
        "ca6ea56b1df87b823e809e5a8d329bdd116ab124b94f5ce354c7d6959e32cdcd"
        "49301731c7c1500697abc4cc5e8be97e35ccfd0372db50c56a7354c261b9a2ab"
        "cb046755dc37e64419ad6b08804a96461fa420c3a4fb6213149f7ba6cd1d503a"
        "91b6bc161e5ae0743b110cb1e9cb80c537071f0ef9c5bf7936ea0b138a79afbf"
        "53a67fe29c714531611bb4221188641d5b788d031f2797380f02dfe24e2ad788"
        "5148548cfff448ebdf35f69118e463c778c9e2fb4346e956dbaaab3cd5008c28"
        "d6ec6c5c4b4f78763a6d414a386e5679f63a10547e60fc09d4dcd12349020a92"
        "7d078620497e7bdd1af3ff452afa81844f0e26420d345c3b312d31805feba3a6"
        "26fe7e6df5076b0ecf67612cb277359e4b17482ef40b771db5ada72f14e54620"
        "053169b2139ada123e2f121108a6cc51bad5fbf3b1b90d4ad77bd649f39a3843"
        "2b4a0e98203a7701ff2c063068053e115b177afec04cb057809b7797f3a0e750"
        "a6592c05538dc1afa8643311752922faf53682f2897aa37dedf46e6265efdcb5"
        "ceadc659cabfc053ecd8057eb7992e4866a7a1aa4c6ce443343ae35acc5893c4"
        "a9cde6426e93e8d2cffdab389697ff6edd71b55c88e74fc963a2bbfabdf58a55"
        "1236e5165e46667a640c25f09f78abe61d544792bca0801f0fc212195da31e8d"
        "538c18a00f892f2404545efd39a3f83d9247d71fa079a623a48c7b45c0d98f9f"
        "d30cba5f8580a4eb7215b52ec691ea96539adb049795cc2be7077ad2f2b331da"
        "eb229a2d74c5249f457807f50bfeb571e3a41ad17b8ee3939470456cedbc5fe3"
        "753e8b45bbd0dc6351fa3f2d4227ea2d032362cd258c8702c77c9522f27c10e5"
        "11fcb016a316cdede685f9d7787d4afb3f5c47ddd4a2ff1e7493db817ec38ffc"
        "1fbc8ccf675de4fe59a5f81ad1f9eb3de15decdd290b43a3ee367262fa8a631b"
        "b4dd6ab786b7d230ce09fb17cdf691d37f36db8fb87fb5f4544536a6dab1ae63"
        "238d54677212371f0ee608751ddc297f581b9afb93e83cce7eb54041176a89b3"
        "144fb54c31fb285e40985e2663e12d7b9a6496714aea5841ad23152c8cae187c"
        "2b59f5c61e3fc46c",
        "0c7962280cf000e22d6984b906b11495e6fd0cb7d1e191ad52086b9d6be02e1b",
    },
};

static const struct eth_typed_vector eth_typed_vectors[] = {
    {
        "the EIP's Mail example",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"cha"
        "inId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"t"
        "ype\":\"address\"}],\"Person\":[{\"name\":\"name\",\"type\":\"st"
        "ring\"},{\"name\":\"wallet\",\"type\":\"address\"}],\"Mail\":[{"
        "\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\""
        ":\"Person\"},{\"name\":\"contents\",\"type\":\"string\"}]},\"pri"
        "maryType\":\"Mail\",\"domain\":{\"name\":\"Ether Mail\",\"versio"
        "n\":\"1\",\"chainId\":1,\"verifyingContract\":\"0xCcCCccccCCCCcC"
        "CCCCCcCcCccCcCCCcCcccccccC\"},\"message\":{\"from\":{\"name\":\""
        "Cow\",\"wallet\":\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\"}"
        ",\"to\":{\"name\":\"Bob\",\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbb"
        "BBbBbbbbBbBbbBBbB\"},\"contents\":\"Hello, Bob!\"}}",
        "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2",
    },
    {
        "Mail with arrays of wallets and of recipients (EIP's v4 example)",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"cha"
        "inId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"t"
        "ype\":\"address\"}],\"Person\":[{\"name\":\"name\",\"type\":\"st"
        "ring\"},{\"name\":\"wallets\",\"type\":\"address[]\"}],\"Mail\":"
        "[{\"name\":\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type"
        "\":\"Person[]\"},{\"name\":\"contents\",\"type\":\"string\"}]},"
        "\"primaryType\":\"Mail\",\"domain\":{\"name\":\"Ether Mail\",\"v"
        "ersion\":\"1\",\"chainId\":1,\"verifyingContract\":\"0xCcCCccccC"
        "CCCcCCCCCCcCcCccCcCCCcCcccccccC\"},\"message\":{\"from\":{\"name"
        "\":\"Cow\",\"wallets\":[\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8D"
        "D826\",\"0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF\"]},\"to\":["
        "{\"name\":\"Bob\",\"wallets\":[\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbb"
        "bbBbBbbBBbB\",\"0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57\",\"0"
        "xB0B0b0b0b0b0B000000000000000000000000000\"]}],\"contents\":\"He"
        "llo, Bob!\"}}",
        "a85c2e2b118698e88db68a8105b794a8cc7cec074e89ef991cb4f5f533819cc2",
    },
    {
        "ERC-2612 permit, uint256 max allowance",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"cha"
        "inId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"t"
        "ype\":\"address\"}],\"Permit\":[{\"name\":\"owner\",\"type\":\"a"
        "ddress\"},{\"name\":\"spender\",\"type\":\"address\"},{\"name\":"
        "\"value\",\"type\":\"uint256\"},{\"name\":\"nonce\",\"type\":\"u"
        "int256\"},{\"name\":\"deadline\",\"type\":\"uint256\"}]},\"prima"
        "ryType\":\"Permit\",\"domain\":{\"name\":\"USD Coin\",\"version"
        "\":\"2\",\"chainId\":1,\"verifyingContract\":\"0xA0b86991c6218b3"
        "6c1d19D4a2e9Eb0cE3606eB48\"},\"message\":{\"owner\":\"0x35353535"
        "35353535353535353535353535353535\",\"spender\":\"0xc02aaa39b223f"
        "e8d0a0e5c4f27ead9083c756cc2\",\"value\":\"1157920892373161954235"
        "70985008687907853269984665640564039457584007913129639935\",\"non"
        "ce\":0,\"deadline\":\"0x10000000000\"}}",
        "48bb3bd0f7a2d3e32ba8fc814a8428f1790011984bad9294633076fe1ff13519",
    },
    {
        "atomic types: every width edge",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"chainId\",\"type\":\"u"
        "int256\"}],\"Atoms\":[{\"name\":\"u8\",\"type\":\"uint8\"},{\"na"
        "me\":\"u8max\",\"type\":\"uint8\"},{\"name\":\"u256max\",\"type"
        "\":\"uint256\"},{\"name\":\"u64\",\"type\":\"uint64\"},{\"name\""
        ":\"i8min\",\"type\":\"int8\"},{\"name\":\"i8max\",\"type\":\"int"
        "8\"},{\"name\":\"i256min\",\"type\":\"int256\"},{\"name\":\"i256"
        "max\",\"type\":\"int256\"},{\"name\":\"iminus1\",\"type\":\"int1"
        "28\"},{\"name\":\"ihex\",\"type\":\"int16\"},{\"name\":\"yes\","
        "\"type\":\"bool\"},{\"name\":\"no\",\"type\":\"bool\"},{\"name\""
        ":\"b1\",\"type\":\"bytes1\"},{\"name\":\"b32\",\"type\":\"bytes3"
        "2\"},{\"name\":\"b5\",\"type\":\"bytes5\"},{\"name\":\"dyn\",\"t"
        "ype\":\"bytes\"},{\"name\":\"empty\",\"type\":\"bytes\"},{\"name"
        "\":\"s\",\"type\":\"string\"},{\"name\":\"es\",\"type\":\"string"
        "\"},{\"name\":\"who\",\"type\":\"address\"}]},\"primaryType\":\""
        "Atoms\",\"domain\":{\"chainId\":\"137\"},\"message\":{\"u8\":0,"
        "\"u8max\":255,\"u256max\":\"115792089237316195423570985008687907"
        "853269984665640564039457584007913129639935\",\"u64\":\"184467440"
        "73709551615\",\"i8min\":-128,\"i8max\":\"127\",\"i256min\":\"-57"
        "8960446186580977117854925043439539266349923328202820197287920039"
        "56564819968\",\"i256max\":\"0x7fffffffffffffffffffffffffffffffff"
        "ffffffffffffffffffffffffffffff\",\"iminus1\":-1,\"ihex\":\"-3276"
        "7\",\"yes\":true,\"no\":false,\"b1\":\"0xff\",\"b32\":\"0x9734b4"
        "8a575857f7d32e13cba9684c670f91d4d1571060238f70ede42b0af505\",\"b"
        "5\":\"0x0102030405\",\"dyn\":\"0x93263bcb081f1b795a3b276c22d593e"
        "665ea105b917faa98200398ed8e34c5263e5084e07ce7e8ba93517aae7422ee4"
        "95b4ea45bec82d1b648d8f8cd617e4fe64be0b6c1f3115e8c10df3ca73e\",\""
        "empty\":\"0x\",\"s\":\"h\303\251llo \342\230\203 \360\237\230"
        "\200 \\\"quoted\\\" \\\\ back\\nslash\",\"es\":\"\",\"who\":\"0x"
        "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\"}}",
        "68d31543873e2b472a0a93c36b65d87936134ad7de22f9592d118ab84b1c799b",
    },
    {
        "arrays: fixed, dynamic, nested, empty, of bytes and strings",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"salt\",\"type\":\"bytes32\"}],\"Arr\":[{\"name"
        "\":\"fixed3\",\"type\":\"uint256[3]\"},{\"name\":\"dyn\",\"type"
        "\":\"int32[]\"},{\"name\":\"empty\",\"type\":\"uint8[]\"},{\"nam"
        "e\":\"nested\",\"type\":\"uint8[2][]\"},{\"name\":\"nested2\",\""
        "type\":\"bool[][2]\"},{\"name\":\"strs\",\"type\":\"string[]\"},"
        "{\"name\":\"blobs\",\"type\":\"bytes[2]\"},{\"name\":\"hashes\","
        "\"type\":\"bytes32[]\"}]},\"primaryType\":\"Arr\",\"domain\":{\""
        "name\":\"Arrays\",\"salt\":\"0xea6bf674e0e958b237a4cc8db5c2133dd"
        "9279cdde3d0b04f4a2b9f5ed417a39a\"},\"message\":{\"fixed3\":[1,\""
        "2\",\"0x3\"],\"dyn\":[-1,0,2147483647,\"-2147483648\"],\"empty\""
        ":[],\"nested\":[[1,2],[3,4],[5,6]],\"nested2\":[[],[true,false]]"
        ",\"strs\":[\"a\",\"\",\"\303\274\"],\"blobs\":[\"0x\",\"0x1b1cb7"
        "920c70818fed3f70651a5de43c694c48cb3f1f9f22fe7505d62bc0ab896a7bc7"
        "7ac0fa2127\"],\"hashes\":[\"0x5241319acb8ec7e897c937b8adc9fc8e20"
        "78d4549098d93d445257e28d33ce8a\",\"0xa43aad0b4cda79ffa9384a4d3bc"
        "5a0fed42ab658a437029cd34b6ce932d41947\"]}}",
        "5ec9cde6372541d1d9aad9e166ce30677b291a015b8281f4ca6c31cc418646e6",
    },
    {
        "arrays of structs, a struct used twice, sorted dependencies",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"version\",\"type\":\"string\"},{\"name\":\"cha"
        "inId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\",\"t"
        "ype\":\"address\"},{\"name\":\"salt\",\"type\":\"bytes32\"}],\"O"
        "rder\":[{\"name\":\"maker\",\"type\":\"Zeta\"},{\"name\":\"items"
        "\",\"type\":\"Item[]\"},{\"name\":\"pair\",\"type\":\"Item[2]\"}"
        ",{\"name\":\"fee\",\"type\":\"Asset\"}],\"Zeta\":[{\"name\":\"wh"
        "o\",\"type\":\"address\"},{\"name\":\"tag\",\"type\":\"Asset\"}]"
        ",\"Item\":[{\"name\":\"asset\",\"type\":\"Asset\"},{\"name\":\"a"
        "mount\",\"type\":\"uint96\"}],\"Asset\":[{\"name\":\"token\",\"t"
        "ype\":\"address\"},{\"name\":\"id\",\"type\":\"uint256\"}]},\"pr"
        "imaryType\":\"Order\",\"domain\":{\"name\":\"Exchange\",\"versio"
        "n\":\"3\",\"chainId\":10,\"verifyingContract\":\"0xc02aaa39b223f"
        "e8d0a0e5c4f27ead9083c756cc2\",\"salt\":\"0x9c19e364243bcee5da3ac"
        "263dcffd24bc66195d704b7ffde397ea37cbe6f9014\"},\"message\":{\"ma"
        "ker\":{\"who\":\"0x3535353535353535353535353535353535353535\",\""
        "tag\":{\"token\":\"0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48\","
        "\"id\":0}},\"items\":[{\"asset\":{\"token\":\"0xA0b86991c6218b36"
        "c1d19D4a2e9Eb0cE3606eB48\",\"id\":1},\"amount\":5},{\"asset\":{"
        "\"token\":\"0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2\",\"id\":"
        "\"0xff\"},\"amount\":\"79228162514264337593543950335\"}],\"pair"
        "\":[{\"asset\":{\"token\":\"0x3535353535353535353535353535353535"
        "353535\",\"id\":7},\"amount\":0},{\"asset\":{\"token\":\"0x35353"
        "53535353535353535353535353535353535\",\"id\":8},\"amount\":1}],"
        "\"fee\":{\"token\":\"0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2"
        "\",\"id\":2}}}",
        "917486400e889d16d9bd85c63a5b9037968206e6b31dc0519f42287862737893",
    },
    {
        "an empty struct and an empty domain",
        "{\"types\":{\"EIP712Domain\":[],\"Empty\":[]},\"primaryType\":\""
        "Empty\",\"domain\":{},\"message\":{}}",
        "fed1151c69fd0f6ace56fa35f35380cf01d77d74a538056ab2b013bb0b838f25",
    },
    {
        "an empty domain without EIP712Domain in types",
        "{\"types\":{\"Note\":[{\"name\":\"text\",\"type\":\"string\"}]},"
        "\"primaryType\":\"Note\",\"domain\":{},\"message\":{\"text\":\"n"
        "o domain\"}}",
        "146ade1b49a36c5e9a70a3e82cebd67c002482b88199605d75314436b06fe91d",
    },
    {
        "a struct with no fields used as a field",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"version\",\"type\":\"s"
        "tring\"}],\"Outer\":[{\"name\":\"e\",\"type\":\"Inner\"},{\"name"
        "\":\"n\",\"type\":\"uint256\"}],\"Inner\":[]},\"primaryType\":\""
        "Outer\",\"domain\":{\"version\":\"0\"},\"message\":{\"e\":{},\"n"
        "\":1}}",
        "f5d7b021cde9f6a6156a7c973a343552cd7d9b1d881f0304da74ff15e0c72b3e",
    },
    {
        "deep chain of structs",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"}],\"L0\":[{\"name\":\"next\",\"type\":\"L1\"}],\"L1\":[{\"n"
        "ame\":\"next\",\"type\":\"L2\"}],\"L2\":[{\"name\":\"next\",\"ty"
        "pe\":\"L3\"}],\"L3\":[{\"name\":\"v\",\"type\":\"int8\"}]},\"pri"
        "maryType\":\"L0\",\"domain\":{\"name\":\"deep\"},\"message\":{\""
        "next\":{\"next\":{\"next\":{\"v\":-5}}}}}",
        "9284026959d868924264f0eb1680b1d283700efdc4f2e0f20634091c2bac8e09",
    },
    {
        "names with _ and field names with $",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"chainId\",\"type\":\"u"
        "int256\"}],\"_Type_1\":[{\"name\":\"_x\",\"type\":\"uint256\"},{"
        "\"name\":\"y$\",\"type\":\"B_2\"}],\"B_2\":[{\"name\":\"$a\",\"t"
        "ype\":\"bool\"}]},\"primaryType\":\"_Type_1\",\"domain\":{\"chai"
        "nId\":1},\"message\":{\"_x\":3,\"y$\":{\"$a\":true}}}",
        "dc4191a398c6aa31777bd0ad5e2fbebac83a4d0984445e277da9148a9f10f8ad",
    },
};

static const struct eth_typed_invalid_vector eth_typed_invalid_vectors[] = {
    {
        "not JSON",
        "{\"types\":",
        DUET_ERR_TRUNCATED,
        0,
    },
    {
        "uint8 256",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "256,\"s\":\"x\",\"w\":\"0x35353535353535353535353535353535353535"
        "35\"}}",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "uint8 -1",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "-1,\"s\":\"x\",\"w\":\"0x353535353535353535353535353535353535353"
        "5\"}}",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "uint8 1.5",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1.5,\"s\":\"x\",\"w\":\"0x35353535353535353535353535353535353535"
        "35\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "uint8 as an empty string",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "\"\",\"s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353"
        "535\"}}",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "uint8 as 0x",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "\"0x\",\"s\":\"x\",\"w\":\"0x35353535353535353535353535353535353"
        "53535\"}}",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "uint8 null",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "null,\"s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353"
        "535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "uint8 as an array",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "[1],\"s\":\"x\",\"w\":\"0x35353535353535353535353535353535353535"
        "35\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "uint8 as a JSON number over 2^53",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "9007199254740993,\"s\":\"x\",\"w\":\"0x3535353535353535353535353"
        "535353535353535\"}}",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "string as a number",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"s\":5,\"w\":\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "address with a wrong checksum",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"s\":\"x\",\"w\":\"0xa0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
        "\"}}",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "address of 19 bytes",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"s\":\"x\",\"w\":\"0x11111111111111111111111111111111111111\""
        "}}",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "a message field missing",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"w\":\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "a message field too many",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353535"
        "\",\"extra\":1}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "message as a string",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":\"hi\"}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "an unknown type",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"x\",\"type\":\"Foo\"}]},\"primaryType\":\"T\",\"domain\":{"
        "\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1,\"s\":\"x\","
        "\"w\":\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "an unused type",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}],\"U\":[{\"name\":\"x"
        "\",\"type\":\"bool\"}]},\"primaryType\":\"T\",\"domain\":{\"name"
        "\":\"T\",\"chainId\":1},\"message\":{\"a\":1,\"s\":\"x\",\"w\":"
        "\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "a type that refers to itself",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"t\",\"type\":\"T\"}]},"
        "\"primaryType\":\"T\",\"domain\":{\"name\":\"T\",\"chainId\":1},"
        "\"message\":{\"a\":1,\"s\":\"x\",\"w\":\"0x353535353535353535353"
        "5353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "a cycle of two types",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"b\",\"type\":\"B\"}],"
        "\"B\":[{\"name\":\"c\",\"type\":\"C\"}],\"C\":[{\"name\":\"b\","
        "\"type\":\"B[]\"}]},\"primaryType\":\"T\",\"domain\":{\"name\":"
        "\"T\",\"chainId\":1},\"message\":{\"a\":1,\"s\":\"x\",\"w\":\"0x"
        "3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "a duplicate field name",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"a\",\"type\":\"uint16"
        "\"}]},\"primaryType\":\"T\",\"domain\":{\"name\":\"T\",\"chainId"
        "\":1},\"message\":{\"a\":1,\"s\":\"x\",\"w\":\"0x353535353535353"
        "5353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "uint7",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint7\"}]},\"primaryType\":\"T\",\"domain\""
        ":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1,\"s\":\"x\""
        ",\"w\":\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "int264",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"int264\"}]},\"primaryType\":\"T\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1,\"s\":\"x"
        "\",\"w\":\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "bytes33",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"bytes33\"}]},\"primaryType\":\"T\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1,\"s\":\"x"
        "\",\"w\":\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "bytes0",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"bytes0\"}]},\"primaryType\":\"T\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1,\"s\":\"x"
        "\",\"w\":\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "the alias uint",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint\"},{\"name\":\"s\",\"type\":\"string\""
        "},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T\","
        "\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1,"
        "\"s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353535\""
        "}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "a fixed array of length 0",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8[0]\"}]},\"primaryType\":\"T\",\"domai"
        "n\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":[]}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "an array length with a leading zero",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8[01]\"}]},\"primaryType\":\"T\",\"doma"
        "in\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":[1]}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "a fixed array of the wrong length",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8[2]\"}]},\"primaryType\":\"T\",\"domai"
        "n\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":[1]}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "nine array dimensions",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8[][][][][][][][][]\"}]},\"primaryType"
        "\":\"T\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{"
        "\"a\":[]}}",
        DUET_ERR_LIMIT_EXCEEDED,
        1,
    },
    {
        "bytes32 of 31 bytes",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"bytes32\"}]},\"primaryType\":\"T\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":\"0x1111111"
        "1111111111111111111111111111111111111111111111111111111\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "bytes1 empty",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"bytes1\"}]},\"primaryType\":\"T\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":\"0x\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "bytes not hex",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"bytes\"}]},\"primaryType\":\"T\",\"domain\""
        ":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":\"hello\"}}",
        DUET_ERR_BAD_ENCODING,
        0,
    },
    {
        "bool as a string",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"bool\"}]},\"primaryType\":\"T\",\"domain\":"
        "{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":\"false\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "bool as 1",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"bool\"}]},\"primaryType\":\"T\",\"domain\":"
        "{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "int8 -129",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"int8\"}]},\"primaryType\":\"T\",\"domain\":"
        "{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":-129}}",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "int8 128",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"int8\"}]},\"primaryType\":\"T\",\"domain\":"
        "{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":\"0x80\"}}",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "int256 -2^255 - 1",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"int256\"}]},\"primaryType\":\"T\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":\"-57896044"
        "6186580977117854925043439539266349923328202820197287920039565648"
        "19969\"}}",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "int16 as negative hex (readers disagree)",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"int16\"}]},\"primaryType\":\"T\",\"domain\""
        ":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":\"-0x10\"}}",
        DUET_ERR_BAD_ENCODING,
        1,
    },
    {
        "the Mail example without EIP712Domain in types",
        "{\"types\":{\"Person\":[{\"name\":\"name\",\"type\":\"string\"},"
        "{\"name\":\"wallet\",\"type\":\"address\"}],\"Mail\":[{\"name\":"
        "\"from\",\"type\":\"Person\"},{\"name\":\"to\",\"type\":\"Person"
        "\"},{\"name\":\"contents\",\"type\":\"string\"}]},\"primaryType"
        "\":\"Mail\",\"domain\":{\"name\":\"Ether Mail\",\"version\":\"1"
        "\",\"chainId\":1,\"verifyingContract\":\"0xCcCCccccCCCCcCCCCCCcC"
        "cCccCcCCCcCcccccccC\"},\"message\":{\"from\":{\"name\":\"Cow\","
        "\"wallet\":\"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\"},\"to"
        "\":{\"name\":\"Bob\",\"wallet\":\"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBb"
        "bbbBbBbbBBbB\"},\"contents\":\"Hello, Bob!\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "a type name with $",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T$\":[{\"na"
        "me\":\"a\",\"type\":\"uint8\"}]},\"primaryType\":\"T$\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "uint256 2^256",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint256\"}]},\"primaryType\":\"T\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":\"0x1000000"
        "0000000000000000000000000000000000000000000000000000000000\"}}",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "a field name with a space",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a b\",\"type\":\"uint8\"}]},\"primaryType\":\"T\",\"domain"
        "\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a b\":1}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "a field with an extra key",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\",\"note\":\"x\"},{\"name\":\"s\",\"t"
        "ype\":\"string\"},{\"name\":\"w\",\"type\":\"address\"}]},\"prim"
        "aryType\":\"T\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"mess"
        "age\":{\"a\":1,\"s\":\"x\",\"w\":\"0x353535353535353535353535353"
        "5353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "a struct named like an atomic type",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"b\",\"type\":\"bytes40"
        "\"}],\"bytes40\":[{\"name\":\"x\",\"type\":\"bool\"}]},\"primary"
        "Type\":\"T\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message"
        "\":{\"a\":1,\"b\":{\"x\":true}}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "a domain key ethers does not know",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1,\"foo\":\"x\"},\"mes"
        "sage\":{\"a\":1,\"s\":\"x\",\"w\":\"0x35353535353535353535353535"
        "35353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "EIP712Domain in another order than ethers'",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"chainId\",\"type\":\"u"
        "int256\"},{\"name\":\"name\",\"type\":\"string\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353535"
        "\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "EIP712Domain with a field the domain lacks",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"sa"
        "lt\",\"type\":\"bytes32\"}],\"T\":[{\"name\":\"a\",\"type\":\"ui"
        "nt8\"},{\"name\":\"s\",\"type\":\"string\"},{\"name\":\"w\",\"ty"
        "pe\":\"address\"}]},\"primaryType\":\"T\",\"domain\":{\"name\":"
        "\"T\",\"chainId\":1},\"message\":{\"a\":1,\"s\":\"x\",\"w\":\"0x"
        "3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "EIP712Domain with a wrong type for chainId",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint64\"}],\"T\":[{\"name"
        "\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string\""
        "},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T\","
        "\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":1,"
        "\"s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353535\""
        "}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "domain chainId -1",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":-1},\"message\":{\"a\""
        ":1,\"s\":\"x\",\"w\":\"0x353535353535353535353535353535353535353"
        "5\"}}",
        DUET_ERR_LIMIT_EXCEEDED,
        0,
    },
    {
        "domain name as a number",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":7,\"chainId\":1},\"message\":{\"a\":1,\""
        "s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        0,
    },
    {
        "primaryType EIP712Domain (domain-only)",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"EI"
        "P712Domain\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message"
        "\":{\"a\":1,\"s\":\"x\",\"w\":\"0x353535353535353535353535353535"
        "3535353535\"}}",
        DUET_ERR_UNSUPPORTED,
        1,
    },
    {
        "primaryType not a type",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"No"
        "pe\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a"
        "\":1,\"s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353"
        "535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "primaryType not the root",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"in\",\"type\":\"In\"}]"
        ",\"In\":[{\"name\":\"x\",\"type\":\"bool\"}]},\"primaryType\":\""
        "In\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a"
        "\":1,\"in\":{\"x\":true}}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "no domain",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"message\":{\"a\":1,\"s\":\"x\",\"w\":\"0x353535353535353535"
        "3535353535353535353535\"}}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "an extra top-level key",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"s\":\"x\",\"w\":\"0x3535353535353535353535353535353535353535"
        "\"},\"extra\":1}",
        DUET_ERR_INVALID_ARGUMENT,
        1,
    },
    {
        "a duplicate key in the message",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"a\":2,\"s\":\"x\",\"w\":\"0x35353535353535353535353535353535"
        "35353535\"}}",
        DUET_ERR_BAD_ENCODING,
        1,
    },
    {
        "an escaped U+0000 in a string",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"s\":\"x\\u0000\",\"w\":\"0x353535353535353535353535353535353"
        "5353535\"}}",
        DUET_ERR_BAD_ENCODING,
        1,
    },
    {
        "an unpaired surrogate in a string",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"uint8\"},{\"name\":\"s\",\"type\":\"string"
        "\"},{\"name\":\"w\",\"type\":\"address\"}]},\"primaryType\":\"T"
        "\",\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":"
        "1,\"s\":\"x\\udfff\",\"w\":\"0x353535353535353535353535353535353"
        "5353535\"}}",
        DUET_ERR_BAD_ENCODING,
        1,
    },
    {
        "32 struct types and EIP712Domain",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"S0\":[{\"na"
        "me\":\"n\",\"type\":\"S1\"}],\"S1\":[{\"name\":\"n\",\"type\":\""
        "S2\"}],\"S2\":[{\"name\":\"n\",\"type\":\"S3\"}],\"S3\":[{\"name"
        "\":\"n\",\"type\":\"S4\"}],\"S4\":[{\"name\":\"n\",\"type\":\"S5"
        "\"}],\"S5\":[{\"name\":\"n\",\"type\":\"S6\"}],\"S6\":[{\"name\""
        ":\"n\",\"type\":\"S7\"}],\"S7\":[{\"name\":\"n\",\"type\":\"S8\""
        "}],\"S8\":[{\"name\":\"n\",\"type\":\"S9\"}],\"S9\":[{\"name\":"
        "\"n\",\"type\":\"S10\"}],\"S10\":[{\"name\":\"n\",\"type\":\"S11"
        "\"}],\"S11\":[{\"name\":\"n\",\"type\":\"S12\"}],\"S12\":[{\"nam"
        "e\":\"n\",\"type\":\"S13\"}],\"S13\":[{\"name\":\"n\",\"type\":"
        "\"S14\"}],\"S14\":[{\"name\":\"n\",\"type\":\"S15\"}],\"S15\":[{"
        "\"name\":\"n\",\"type\":\"S16\"}],\"S16\":[{\"name\":\"n\",\"typ"
        "e\":\"S17\"}],\"S17\":[{\"name\":\"n\",\"type\":\"S18\"}],\"S18"
        "\":[{\"name\":\"n\",\"type\":\"S19\"}],\"S19\":[{\"name\":\"n\","
        "\"type\":\"S20\"}],\"S20\":[{\"name\":\"n\",\"type\":\"S21\"}],"
        "\"S21\":[{\"name\":\"n\",\"type\":\"S22\"}],\"S22\":[{\"name\":"
        "\"n\",\"type\":\"S23\"}],\"S23\":[{\"name\":\"n\",\"type\":\"S24"
        "\"}],\"S24\":[{\"name\":\"n\",\"type\":\"S25\"}],\"S25\":[{\"nam"
        "e\":\"n\",\"type\":\"S26\"}],\"S26\":[{\"name\":\"n\",\"type\":"
        "\"S27\"}],\"S27\":[{\"name\":\"n\",\"type\":\"S28\"}],\"S28\":[{"
        "\"name\":\"n\",\"type\":\"S29\"}],\"S29\":[{\"name\":\"n\",\"typ"
        "e\":\"S30\"}],\"S30\":[{\"name\":\"n\",\"type\":\"S31\"}],\"S31"
        "\":[{\"name\":\"n\",\"type\":\"bool\"}]},\"primaryType\":\"S0\","
        "\"domain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"n\":{\""
        "n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n"
        "\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n"
        "\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n\":{\"n"
        "\":{\"n\":{\"n\":{\"n\":true}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}",
        DUET_ERR_LIMIT_EXCEEDED,
        1,
    },
    {
        "a value nested 34 deep",
        "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"stri"
        "ng\"},{\"name\":\"chainId\",\"type\":\"uint256\"}],\"T\":[{\"nam"
        "e\":\"a\",\"type\":\"bool[][][][]\"}]},\"primaryType\":\"T\",\"d"
        "omain\":{\"name\":\"T\",\"chainId\":1},\"message\":{\"a\":[[[[[["
        "[[[[[[[[[[[[[[[[[[[[[[[[[[true]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}",
        DUET_ERR_LIMIT_EXCEEDED,
        1,
    },
};

static const struct eth_address_vector eth_address_vectors[] = {
    {
        "private key 1 (the generator)",
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f817"
        "98",
        "7e5f4552091a69125d5dfcb7b8c2659029395bdf",
        "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf",
    },
    {
        "private key 2",
        "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709e"
        "e5",
        "2b5ad5c4795c026514f8317c7a215e218dccd6cf",
        "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF",
    },
    {
        "private key n - 1 (minus the generator)",
        "0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f817"
        "98",
        "80c0dbf239224071c59dd8970ab9d542e3414ab2",
        "0x80C0dbf239224071c59dD8970ab9d542E3414aB2",
    },
    {
        "derived key 0",
        "029dafcc8ebac8c15c2c980d2d9db2f2042047bb73e24ca4dfa88987547365fa"
        "0b",
        "f158f14021cbc7690bd24e0c2b3927ac948fd6f7",
        "0xf158F14021cBc7690Bd24E0c2b3927AC948FD6F7",
    },
    {
        "derived key 1",
        "026b49d30d2435090fc77347f60a00a60e490b7405d4319a4a03a30e2bba680d"
        "31",
        "539629fdf73f8f7674e0a9a6f53d20181fb1f2fc",
        "0x539629FDF73f8f7674e0A9a6F53D20181fb1f2Fc",
    },
    {
        "derived key 2",
        "03d5cc88d698949f3378451d168531a11c0aa8296f572fb9f4cf298a919e4785"
        "4f",
        "cc2b66d5d9e8ec7cbed1d80d085c0215ee0e19b5",
        "0xCC2b66d5D9E8eC7cBed1d80D085C0215Ee0E19B5",
    },
    {
        "derived key 3",
        "020e117b41bdade8388e213436b827e95de5cfa55c9e8dbd2da45293d2283467"
        "6d",
        "7021766d927866eee6dca2f98a92faf8aa93570c",
        "0x7021766D927866Eee6DcA2F98A92faf8AA93570c",
    },
    {
        "derived key 4",
        "02a636bdcdcc54491eed13149a0f825b0e6abc539ecf889a560b98756ba74dcf"
        "c3",
        "3a5936927ef67d91a586aaec3e704cb568ea352c",
        "0x3A5936927ef67d91A586AaeC3E704cB568eA352c",
    },
    {
        "derived key 5",
        "03a2fae2d431133f1fce8858e777ff82c7f8a0eb6e7694fa3cf2c6c6e4c68178"
        "d9",
        "dca7d50368ef1bbc640126e5b12c31a8db7ceb3c",
        "0xDca7D50368EF1BBc640126e5B12C31a8DB7cEB3c",
    },
    {
        "derived key 6",
        "028f3d5deea654b2a95b02a90ddde9be7ab54e67961d01f9ed1ddde0dcb3de09"
        "12",
        "c00f486b2c69ae9b925872b2f65f8e37b51264aa",
        "0xc00F486B2C69Ae9b925872b2f65f8e37b51264aa",
    },
    {
        "derived key 7",
        "03d906cd9f14fe624029d11849067d0df460122511a9a77d8dde6cfe07724f76"
        "a4",
        "eacdb09f7762ed3248a84321eca9194354bfad2e",
        "0xeACDb09f7762eD3248A84321ECA9194354BfAd2E",
    },
};

static const struct eth_checksum_vector eth_checksum_vectors[] = {
    {
        "EIP-55 example 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    },
    {
        "EIP-55 example 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "fb6916095ca1df60bb79ce92ce3ea74c37c5d359",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    },
    {
        "EIP-55 example 0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "dbf03b407c01e7cd3cbea99509d93f8dddc8c6fb",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    },
    {
        "EIP-55 example 0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "d1220a0cf47c7b9be7a2e6ba89f429762e7b9adb",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    },
    {
        "EIP-55 example 0x52908400098527886E0F7030069857D2E4169EE7",
        "52908400098527886e0f7030069857d2e4169ee7",
        "0x52908400098527886E0F7030069857D2E4169EE7",
    },
    {
        "EIP-55 example 0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "8617e340b3d01fa5f11f306f4090fd50e238070d",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    },
    {
        "EIP-55 example 0xde709f2102306220921060314715629080e2fb77",
        "de709f2102306220921060314715629080e2fb77",
        "0xde709f2102306220921060314715629080e2fb77",
    },
    {
        "EIP-55 example 0x27b1fdb04752bbc536007a920d24acb045561c26",
        "27b1fdb04752bbc536007a920d24acb045561c26",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
    },
    {
        "EIP-55 example 0x0000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000",
        "0x0000000000000000000000000000000000000000",
    },
};

static const struct eth_address_invalid_vector eth_address_invalid_vectors[] = {
    {
        "one letter's case flipped",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
    },
    {
        "mixed case, not the checksum",
        "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    },
    {
        "39 digits",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",
    },
    {
        "41 digits",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0",
    },
    {
        "no 0x",
        "005aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    },
    {
        "0X",
        "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    },
    {
        "a g",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg",
    },
    {
        "empty",
        "",
    },
    {
        "ICAP form (ethers takes it)",
        "XE65GB6LDNXYOFTX0NSV3FUWKOWIXAMJK36",
    },
};

#endif /* DUET_TESTS_ETH_VECTORS_H */
