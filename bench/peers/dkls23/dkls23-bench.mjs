#!/usr/bin/env node
// dkls23-bench.mjs -- the DKLs23 comparison peer of bench/duet-bench: times
// a 2-of-3 keygen, a presign and a sign with the Silence Laboratories WASM
// package @silencelaboratories/dkls-wasm-ll-node, all parties in this one
// process and thread, messages handed over in memory (no network).
//
// Usage (from bench/peers/dkls23, after "npm ci"):
//     node dkls23-bench.mjs [--runs N] [--warmup N] [--signers A,B] [--json]
//
// Each run is a fresh keygen of the three parties, then a presign and a
// sign by the two signers with their new shares.  For each phase the
// wall-clock time (process.hrtime.bigint) and the process CPU time
// (process.cpuUsage, user + system) of all the parties taking part are
// measured together and divided by their number: that is the "per party"
// figure (keygen: 3 parties, presign and sign: 2).  Bytes sent per party
// are the message payloads as the package serializes them (CBOR), counted
// once per recipient: a broadcast to two other parties counts twice.  The
// result is the median over the runs; --warmup runs before them are not
// counted.  Every signature is verified with node:crypto (secp256k1 ECDSA,
// SHA-256) against the public key of the keygen, and a wrong message must
// fail to verify; the program exits 1 if either check fails.
//
// Phases, in the package's own terms (README of the package):
//     keygen   new KeygenSession(3, 2, id) for each party, createFirstMessage,
//              handleMessages x 4 rounds (broadcast, P2P, P2P, broadcast),
//              calculateChainCodeCommitment (a 32-byte value each party must
//              broadcast, sent here with the round-2 messages), keyshare().
//     presign  new SignSession(keyshare, "m"), createFirstMessage,
//              handleMessages x 3 (broadcast, P2P, P2P): the pre-signature.
//     sign     lastMessage(hash) (broadcast), combine() -> [r, s].
// Loading a key share from its bytes (Keyshare.fromBytes, the package's
// SignSession consumes its key share) happens before the presign timer
// starts.  DKLs23 has no aux-info phase.
//
// Output: a table on standard output, or with --json one JSON object;
// progress goes to standard error.

import { createHash, createPublicKey, ECDH, randomBytes, verify }
    from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const PKG = "@silencelaboratories/dkls-wasm-ll-node";

const PARTIES = 3;
const THRESHOLD = 2;
const CHAIN_PATH = "m";

const usage = "usage: node dkls23-bench.mjs [--runs N] [--warmup N]"
    + " [--signers A,B] [--json]";

function fail(msg, code = 1) {
    process.stderr.write(`dkls23-bench: ${msg}\n`);
    process.exit(code);
}

function check(cond, msg) {
    if (!cond) {
        fail(msg);
    }
}

function progress(msg) {
    process.stderr.write(`dkls23-bench: ${msg}\n`);
}

function parseCount(name, s, min) {
    if (s === undefined || !/^[0-9]+$/.test(s) || Number(s) < min) {
        fail(`${name} wants an integer >= ${min}\n${usage}`, 2);
    }
    return Number(s);
}

function parseArgs(argv) {
    const opt = { runs: 5, warmup: 1, signers: [0, 1], json: false };

    for (let i = 0; i < argv.length; i++) {
        let a = argv[i];
        let v;
        const eq = a.indexOf("=");

        if (a.startsWith("--") && eq > 0) {
            v = a.slice(eq + 1);
            a = a.slice(0, eq);
        }
        const value = () => (v !== undefined ? v : argv[++i]);

        if (a === "--runs") {
            opt.runs = parseCount("--runs", value(), 1);
        } else if (a === "--warmup") {
            opt.warmup = parseCount("--warmup", value(), 0);
        } else if (a === "--signers") {
            const s = value();
            const m = /^([0-9]),([0-9])$/.exec(s ?? "");
            if (m === null || m[1] === m[2]
                || Number(m[1]) >= PARTIES || Number(m[2]) >= PARTIES) {
                fail(`--signers wants two distinct party ids below`
                    + ` ${PARTIES}, e.g. 0,2\n${usage}`, 2);
            }
            opt.signers = [Number(m[1]), Number(m[2])].sort();
        } else if (a === "--json" && v === undefined) {
            opt.json = true;
        } else if (a === "--help" || a === "-h") {
            process.stdout.write(usage + "\n");
            process.exit(0);
        } else {
            fail(`unknown argument "${argv[i]}"\n${usage}`, 2);
        }
    }
    return opt;
}

// In-memory transport.  A message leaves its sender as payload bytes (the
// package's serialization) and a routing envelope (from, to); each
// recipient gets its own copy and builds a new Message from it, as it would
// after reading it from a socket.  The package's Message objects live in
// the WASM heap and are not garbage-collected: an outgoing one is freed
// once copied, and an incoming one is consumed by handleMessages/combine.
class Net {
    constructor(dkls, ids) {
        this.dkls = dkls;
        this.ids = ids;
        this.inbox = new Map(ids.map((id) => [id, []]));
        this.bytes = 0;
        this.count = 0;
        this.rounds = 0;
    }

    // One communication round: every message of msgs is delivered.
    round(msgs) {
        for (const m of msgs) {
            const to = m.to_id;
            this.deliver(m.from_id, to, Uint8Array.from(m.payload));
            m.free();
        }
        this.rounds++;
    }

    deliver(from, to, payload) {
        check(this.ids.includes(from), `message from unknown party ${from}`);
        const dst = to === undefined
            ? this.ids.filter((id) => id !== from) : [to];

        for (const id of dst) {
            check(id !== from && this.ids.includes(id),
                `message from ${from} to unexpected party ${id}`);
            this.inbox.get(id).push({ from, to, payload });
            this.bytes += payload.length;
            this.count++;
        }
    }

    // The messages waiting for party id, as Message objects.
    take(id) {
        const q = this.inbox.get(id);
        this.inbox.set(id, []);
        return q.map((e) => new this.dkls.Message(e.payload, e.from, e.to));
    }

    drained() {
        return this.ids.every((id) => this.inbox.get(id).length === 0);
    }
}

// fn() timed: wall and CPU of this process, in ms.
function timed(fn) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const out = fn();
    const t1 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);

    return {
        out,
        wall_ms: Number(t1 - t0) / 1e6,
        cpu_ms: (c.user + c.system) / 1000,
    };
}

function keygen(dkls) {
    const ids = [...Array(PARTIES).keys()];
    const net = new Net(dkls, ids);
    const s = ids.map((id) => new dkls.KeygenSession(PARTIES, THRESHOLD, id));

    net.round(s.map((p) => p.createFirstMessage()));
    net.round(ids.flatMap((id) => s[id].handleMessages(net.take(id))));

    // The chain-code commitments exist once round 1 is handled; every party
    // needs all of them in round 4, so each broadcasts its own (counted with
    // round 2, whose messages it can ride along with).
    const commitments = s.map((p) => p.calculateChainCodeCommitment());
    const commitmentBytes = commitments.reduce(
        (n, c) => n + c.length * (PARTIES - 1), 0);
    net.bytes += commitmentBytes;

    net.round(ids.flatMap((id) => s[id].handleMessages(net.take(id))));
    net.round(ids.flatMap((id) =>
        s[id].handleMessages(net.take(id), [...commitments])));
    for (const id of ids) {
        const left = s[id].handleMessages(net.take(id));
        check(left.length === 0, "keygen: unexpected messages after round 4");
    }
    check(net.drained(), "keygen: undelivered messages");

    return { shares: s.map((p) => p.keyshare()), net };
}

function presign(dkls, shares, signers) {
    const net = new Net(dkls, signers);
    const s = shares.map((ks) => new dkls.SignSession(ks, CHAIN_PATH));
    const at = (i) => signers[i];

    net.round(s.map((p) => p.createFirstMessage()));
    net.round(s.flatMap((p, i) => p.handleMessages(net.take(at(i)))));
    net.round(s.flatMap((p, i) => p.handleMessages(net.take(at(i)))));
    s.forEach((p, i) => {
        const left = p.handleMessages(net.take(at(i)));
        check(left.length === 0, "presign: unexpected messages after round 3");
    });
    check(net.drained(), "presign: undelivered messages");

    return { sessions: s, net };
}

function sign(dkls, sessions, signers, hash) {
    const net = new Net(dkls, signers);

    net.round(sessions.map((p) => p.lastMessage(hash)));
    const sigs = sessions.map((p, i) => p.combine(net.take(signers[i])));
    check(net.drained(), "sign: undelivered messages");

    return { sigs, net };
}

// A KeyObject for a SEC1 (compressed or not) secp256k1 public key.
function publicKeyObject(pub) {
    const raw = ECDH.convertKey(Buffer.from(pub), "secp256k1", undefined,
        undefined, "uncompressed");
    check(raw.length === 65 && raw[0] === 4, "bad public key encoding");

    return createPublicKey({
        format: "jwk",
        key: {
            kty: "EC",
            crv: "secp256k1",
            x: raw.subarray(1, 33).toString("base64url"),
            y: raw.subarray(33, 65).toString("base64url"),
        },
    });
}

function ecdsaVerify(key, message, sig) {
    return verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, sig);
}

function oneRun(dkls, signers, label) {
    const kg = timed(() => keygen(dkls));
    const { shares } = kg.out;

    const pub = shares[0].publicKey;
    check(pub.length === 33 || pub.length === 65,
        `unexpected public key length ${pub.length}`);
    for (const ks of shares) {
        check(Buffer.from(ks.publicKey).equals(Buffer.from(pub)),
            "keygen: the parties disagree on the public key");
    }
    const shareBytes = shares.map((ks) => ks.toBytes());
    for (const ks of shares) {
        ks.free();
    }

    // Outside the timers: a signer loads its share from storage.
    const loaded = signers.map((id) =>
        dkls.Keyshare.fromBytes(shareBytes[id]));
    const pre = timed(() => presign(dkls, loaded, signers));

    const message = Buffer.concat([
        Buffer.from(`duet-bench dkls23 ${label} `), randomBytes(16),
    ]);
    const hash = createHash("sha256").update(message).digest();
    const sg = timed(() => sign(dkls, pre.out.sessions, signers, hash));

    // Both signers must output the same (r, s), and it must verify.
    const sigs = sg.out.sigs.map(([r, s]) => {
        check(r.length === 32 && s.length === 32, "signature is not 2 x 32 B");
        return Buffer.concat([r, s]);
    });
    check(sigs[0].equals(sigs[1]), "the signers output different signatures");
    const key = publicKeyObject(pub);
    check(ecdsaVerify(key, message, sigs[0]),
        `${label}: the signature does not verify`);
    check(!ecdsaVerify(key, Buffer.concat([message, Buffer.from("x")]),
        sigs[0]), `${label}: the signature verifies for a wrong message`);

    const phase = (t, net, parties) => ({
        wall_ms: t.wall_ms / parties,
        cpu_ms: t.cpu_ms / parties,
        wall_ms_total: t.wall_ms,
        cpu_ms_total: t.cpu_ms,
        bytes_per_party: net.bytes / parties,
        bytes_total: net.bytes,
        messages_per_party: net.count / parties,
        rounds: net.rounds,
    });

    return {
        keygen: phase(kg, kg.out.net, PARTIES),
        presign: phase(pre, pre.out.net, signers.length),
        sign: phase(sg, sg.out.net, signers.length),
        share_bytes: shareBytes.map((b) => b.length),
        public_key: Buffer.from(pub).toString("hex"),
        signature: sigs[0].toString("hex"),
    };
}

function median(xs) {
    const a = [...xs].sort((x, y) => x - y);
    const m = a.length >> 1;

    return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}

const round3 = (x) => Math.round(x * 1000) / 1000;

function summarize(runs, name, parties) {
    const col = (k) => runs.map((r) => r[name][k]);
    const bytes = col("bytes_per_party");

    return {
        parties,
        rounds: median(col("rounds")),
        wall_ms_median: round3(median(col("wall_ms"))),
        cpu_ms_median: round3(median(col("cpu_ms"))),
        wall_ms_total_median: round3(median(col("wall_ms_total"))),
        cpu_ms_total_median: round3(median(col("cpu_ms_total"))),
        bytes_per_party: Math.round(median(bytes)),
        bytes_per_party_min: Math.round(Math.min(...bytes)),
        bytes_per_party_max: Math.round(Math.max(...bytes)),
        bytes_total: median(col("bytes_total")),
        messages_per_party: median(col("messages_per_party")),
        runs: runs.length,
        samples: runs.map((r) => ({
            wall_ms: round3(r[name].wall_ms),
            cpu_ms: round3(r[name].cpu_ms),
            bytes_total: r[name].bytes_total,
        })),
    };
}

function table(res) {
    const out = [];
    const pad = (s, n) => String(s).padStart(n);
    const fix = (x) => x.toFixed(2);

    out.push(`DKLs23 peer: ${res.package.name} ${res.package.version}`
        + ` (WASM) on node ${res.node}`);
    out.push(`${THRESHOLD}-of-${PARTIES}, signers`
        + ` ${res.signers.join(",")}; all parties in one process and thread,`
        + ` no network`);
    out.push(`median of ${res.runs} runs (after ${res.warmup} warm-up);`
        + ` per party = phase total / parties taking part`);
    out.push(`bytes = serialized payloads sent, once per recipient`);
    out.push("");
    out.push(`${"phase".padEnd(9)}${pad("parties", 8)}${pad("rounds", 7)}`
        + `${pad("wall ms/party", 15)}${pad("cpu ms/party", 14)}`
        + `${pad("bytes/party", 13)}`);
    for (const name of ["keygen", "aux-info", "presign", "sign"]) {
        const p = res.phases[name];
        if (p === undefined) {
            out.push(`${name.padEnd(9)}${pad("-", 8)}${pad("-", 7)}`
                + `   (no such phase in DKLs23)`);
            continue;
        }
        const b = p.bytes_per_party_min === p.bytes_per_party_max
            ? String(p.bytes_per_party) : `~${p.bytes_per_party}`;
        out.push(`${name.padEnd(9)}${pad(p.parties, 8)}${pad(p.rounds, 7)}`
            + `${pad(fix(p.wall_ms_median), 15)}`
            + `${pad(fix(p.cpu_ms_median), 14)}${pad(b, 13)}`);
    }
    out.push("");
    out.push(`key share: ${res.share_bytes} B serialized;`
        + ` every signature verified (secp256k1 ECDSA, node:crypto)`);
    return out.join("\n") + "\n";
}

function main() {
    const opt = parseArgs(process.argv.slice(2));
    let dkls;
    let meta;

    try {
        dkls = require(PKG);
        meta = require(`${PKG}/package.json`);
    } catch (e) {
        fail(`cannot load ${PKG} (run "npm ci" in bench/peers/dkls23):`
            + ` ${e.message}`);
    }

    const total = opt.warmup + opt.runs;
    const runs = [];
    for (let i = 0; i < total; i++) {
        const warm = i < opt.warmup;
        const label = warm ? `warm-up ${i + 1}/${opt.warmup}`
            : `run ${i + 1 - opt.warmup}/${opt.runs}`;
        const r = oneRun(dkls, opt.signers, label);
        progress(`${label}:`
            + ` keygen ${r.keygen.wall_ms_total.toFixed(1)} ms,`
            + ` presign ${r.presign.wall_ms_total.toFixed(1)} ms,`
            + ` sign ${r.sign.wall_ms_total.toFixed(1)} ms (all parties),`
            + ` signature ok`);
        if (!warm) {
            runs.push(r);
        }
    }

    const res = {
        peer: "dkls23",
        package: { name: meta.name, version: meta.version },
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
        scheme: `DKLs23 ${THRESHOLD}-of-${PARTIES}, secp256k1`,
        signers: opt.signers,
        runs: opt.runs,
        warmup: opt.warmup,
        per_party: "phase total over all parties taking part / their number"
            + " (keygen 3, presign 2, sign 2); all in one process and thread",
        bytes: "serialized message payloads sent, counted once per recipient"
            + " (a broadcast to k parties counts k times); keygen includes"
            + " the 32-byte chain-code commitment each party broadcasts",
        verified: true,
        share_bytes: median(runs.map((r) => median(r.share_bytes))),
        phases: {
            keygen: summarize(runs, "keygen", PARTIES),
            presign: summarize(runs, "presign", opt.signers.length),
            sign: summarize(runs, "sign", opt.signers.length),
        },
    };

    if (opt.json) {
        process.stdout.write(JSON.stringify(res, null, 2) + "\n");
    } else {
        process.stdout.write(table(res));
    }
}

try {
    main();
} catch (e) {
    fail(`error: ${e && e.stack ? e.stack : e}`);
}
