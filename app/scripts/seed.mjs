// Leaves a ready demo on the local chain: two GPU tokens registered to a funded test account (an
// H100 cluster and a B200 cluster) and 25,000 AID in its wallet (borrowed by the deployer against a
// GPU of its own, so the account can stake at once and pay interest when it repays), plus a first
// staker in sAID so the saver view has a share price and a yield. Safe to run twice on one chain.
//   node scripts/seed.mjs <rpc url> <address book json>
import { readFileSync } from 'node:fs';
import { aid, connect, testAccount, TEST_MNEMONIC } from './chain.mjs';

/** The demo account: index 1 of the test mnemonic (public, prefunded on the local chain only). */
export const DEMO_INDEX = 1;

export async function seed(rpcUrl, book, log = console.log) {
  const c = connect(rpcUrl, book);
  const demo = testAccount(DEMO_INDEX);
  const me = demo.account.address;
  const h100 = await c.register(me, { serial: 'demo-h100-cluster-1', gpus: 8, cost: aid(250_000), appraisal: aid(240_000) });
  const b200 = await c.register(me, { model: 'B200-192GB', serial: 'demo-b200-cluster-1', gpus: 8, cost: aid(400_000), appraisal: aid(380_000) });
  // The deployer's own position funds the demo account and seeds the vault.
  const own = await c.register(c.dev.address, { serial: 'demo-deployer-cluster', gpus: 16, cost: aid(500_000), appraisal: aid(480_000) });
  if ((await c.read('registry', 'ownerOf', [own])).toLowerCase() === c.dev.address.toLowerCase()) {
    await c.pledgeAndBorrow(c.dev, own, aid(100_000));
    await c.send(c.dev, 'token', 'transfer', [me, aid(25_000)]);
    await c.send(c.dev, 'token', 'approve', [c.addr.vault, aid(50_000)]);
    await c.send(c.dev, 'vault', 'deposit', [aid(50_000), c.dev.address]);
  }
  log(`demo account (test mnemonic "${TEST_MNEMONIC}", index ${DEMO_INDEX}):`);
  log(`  address     ${me}`);
  log(`  private key ${demo.key}   (public test key: local chain only)`);
  log(`  GPU tokens  #${h100} (H100-SXM5-80GB x8), #${b200} (B200-192GB x8); 25,000 AID; 1,000,000 ETH`);
  return { address: me, key: demo.key, tokens: [h100, b200], deployerToken: own };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rpcUrl, bookPath] = process.argv.slice(2);
  if (!rpcUrl || !bookPath) {
    console.error('usage: node scripts/seed.mjs <rpc url> <deployments/<chainId>.json>');
    process.exit(2);
  }
  seed(rpcUrl, JSON.parse(readFileSync(bookPath, 'utf8'))).catch((e) => {
    console.error(`seed: ${e.shortMessage ?? e.message}`);
    process.exit(1);
  });
}
