// chain-check.mjs -- what tests/e2e/chain-t asks of the chain, answered by
// ethers.js (not by duet's code: a differential check).  One command per
// run, one JSON line out; exit 1 with {"error": ...} on any failure.
//
//   compile-token                    bytecode of a tiny ERC-20 (solc-js)
//   fund RPC ADDRESS WEI             send WEI from ganache's account 0
//   check-tx RPC TXHASH RAW FROM     ethers re-derives the hash of RAW and
//                                    recovers its signer; the receipt must
//                                    be mined with status 1, from FROM
//   token-balance RPC TOKEN ADDRESS  balanceOf(ADDRESS)
//   tx-nonce UNSIGNED                the nonce of an unsigned transaction
//   recover DIGEST R S V             the address that signed DIGEST
//   accounts RPC                     ganache's unlocked accounts

import { ethers } from 'ethers';
import solc from 'solc';

const TOKEN_SOURCE = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;
contract DuetTestToken {
    mapping(address => uint256) public balanceOf;
    event Transfer(address indexed from, address indexed to, uint256 value);
    constructor() { balanceOf[msg.sender] = 1000000; }
    function transfer(address to, uint256 value) external returns (bool) {
        require(balanceOf[msg.sender] >= value, "balance");
        balanceOf[msg.sender] -= value;
        balanceOf[to] += value;
        emit Transfer(msg.sender, to, value);
        return true;
    }
}`;

function out(o) {
    process.stdout.write(JSON.stringify(o) + '\n');
}

async function main(argv) {
    const [cmd, ...a] = argv;
    switch (cmd) {
    case 'compile-token': {
        const input = {
            language: 'Solidity',
            sources: { 'T.sol': { content: TOKEN_SOURCE } },
            settings: {
                evmVersion: 'paris',
                outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
            },
        };
        const res = JSON.parse(solc.compile(JSON.stringify(input)));
        const errs = (res.errors || []).filter(e => e.severity === 'error');
        if (errs.length) throw new Error(errs[0].formattedMessage);
        out({ bytecode: '0x' + res.contracts['T.sol'].DuetTestToken.evm.bytecode.object });
        return;
    }
    case 'fund': {
        const p = new ethers.JsonRpcProvider(a[0]);
        const s = await p.getSigner(0);
        const tx = await s.sendTransaction({ to: a[1], value: BigInt(a[2]) });
        const r = await tx.wait();
        out({ hash: tx.hash, status: r.status });
        return;
    }
    case 'check-tx': {
        const [rpc, hash, raw, from] = a;
        const tx = ethers.Transaction.from(raw);
        const p = new ethers.JsonRpcProvider(rpc);
        const r = await p.getTransactionReceipt(hash);
        out({
            hashMatches: tx.hash === hash,
            signerMatches: tx.from === ethers.getAddress(from),
            recovered: tx.from,
            type: tx.type,
            mined: r !== null && r.blockNumber !== null,
            status: r ? r.status : null,
            receiptFrom: r ? r.from : null,
            contractAddress: r ? r.contractAddress : null,
        });
        return;
    }
    case 'token-balance': {
        const p = new ethers.JsonRpcProvider(a[0]);
        const c = new ethers.Contract(a[1],
            ['function balanceOf(address) view returns (uint256)'], p);
        out({ balance: (await c.balanceOf(a[2])).toString() });
        return;
    }
    case 'tx-nonce': {
        out({ nonce: String(ethers.Transaction.from(a[0]).nonce) });
        return;
    }
    case 'recover': {
        out({ address: ethers.recoverAddress(a[0],
            { r: a[1], s: a[2], v: Number(a[3]) }) });
        return;
    }
    case 'accounts': {
        const p = new ethers.JsonRpcProvider(a[0]);
        out({ accounts: await p.send('eth_accounts', []) });
        return;
    }
    default:
        throw new Error('unknown command ' + cmd);
    }
}

main(process.argv.slice(2)).then(() => process.exit(0), e => {
    out({ error: String(e && e.message || e) });
    process.exit(1);
});
