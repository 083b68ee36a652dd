// proxy-client.mjs -- an ordinary ethers.js program pointed at `duet proxy`
// (tests/cli/proxy-t): it does not know that the signer behind the
// endpoint is not a node's unlocked account.
//
//   node proxy-client.mjs PROXY_URL TO
//
// Prints one "name value" line per step; exits 1 with "error MESSAGE" on
// any failure.  The steps: the signer from eth_accounts, a balance and the
// block number (forwarded to the node), a transfer to TO (mined; its
// receipt's from is the signer), a personal message and EIP-712 typed data
// (signatures verified by ethers against the signer's address).

import { ethers } from 'ethers';

function out(name, value) {
    process.stdout.write(`${name} ${value}\n`);
}

async function main(url, to) {
    const provider = new ethers.JsonRpcProvider(url, undefined,
                                                { pollingInterval: 100 });
    try {
        const signer = await provider.getSigner();
        out('address', signer.address);
        out('balance', (await provider.getBalance(signer.address)).toString());
        out('block', await provider.getBlockNumber());

        const tx = await signer.sendTransaction({ to, value: 12345n });
        const receipt = await tx.wait();
        out('tx', tx.hash);
        out('status', receipt.status);
        out('from', receipt.from);
        out('to-balance', (await provider.getBalance(to)).toString());

        const message = 'duet proxy: hello from ethers';
        const sig = await signer.signMessage(message);
        out('message-signer', ethers.verifyMessage(message, sig));

        const domain = {
            name: 'Duet Proxy Test',
            version: '1',
            chainId: 1337,
            verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
        };
        const types = {
            Mail: [
                { name: 'from', type: 'address' },
                { name: 'contents', type: 'string' },
                { name: 'amount', type: 'uint256' },
            ],
        };
        const value = {
            from: signer.address,
            contents: 'typed data through the proxy',
            amount: 42n,
        };
        const tsig = await signer.signTypedData(domain, types, value);
        out('typed-signer', ethers.verifyTypedData(domain, types, value, tsig));
    } finally {
        provider.destroy();
    }
}

main(process.argv[2], process.argv[3]).then(
    () => process.exit(0),
    (e) => {
        out('error', String(e && e.shortMessage ? e.shortMessage : e)
                         .replace(/\n/g, ' '));
        process.exit(1);
    });
