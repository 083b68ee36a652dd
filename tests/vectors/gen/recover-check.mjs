#!/usr/bin/env node
// recover-check.mjs -- checks signatures made by duet's protocols with
// ethers, an independent implementation (tests/vectors/recover.t).
//
// Reads the JSON lines of tests/crypto/proto-sigdump on standard input and
// prints TAP: for each line, the address ethers recovers must equal the
// key's address:
//   personal  verifyMessage(message, signature)
//   typed     verifyTypedData(domain, types without EIP712Domain, message,
//             signature)
//   tx        Transaction.from(raw).from (the signed raw transaction)

import { readFileSync } from "node:fs";

import { Transaction, verifyMessage, verifyTypedData, version } from "ethers";

const lines = readFileSync(0, "utf8").split("\n").filter((l) => l.length);
console.log(`1..${lines.length}`);
console.log(`# ethers ${version}`);
let n = 0;
for (const line of lines) {
    n++;
    let got;
    let what;
    try {
        const v = JSON.parse(line);
        what = `${v.kind} signed by {${v.signers}}`;
        if (v.kind === "personal") {
            got = verifyMessage(v.message, v.signature);
        } else if (v.kind === "typed") {
            const types = { ...v.data.types };
            delete types.EIP712Domain;
            got = verifyTypedData(v.data.domain, types, v.data.message,
                v.signature);
        } else if (v.kind === "tx") {
            got = Transaction.from(v.raw).from;
        } else {
            throw new Error(`unknown kind ${v.kind}`);
        }
        if (got === v.address) {
            console.log(`ok ${n} - ${what}: ethers recovers ${got}`);
        } else {
            console.log(`not ok ${n} - ${what}: ethers recovers ${got}, ` +
                `the key's address is ${v.address}`);
        }
    } catch (e) {
        console.log(`not ok ${n} - ${what ?? "line"}: ${e.message}`);
    }
}
