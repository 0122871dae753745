// End-to-end tests of the app in headless Chromium against the local chain with the real
// contracts. Every test checks what the page shows against what the chain says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatEther } from 'viem';
import { startAll, until, appDir } from './harness.mjs';
import { aid, testAccount } from '../scripts/chain.mjs';

let env;
/** Screenshots go to docs/ with AID_APP_SCREENSHOTS=docs (to refresh the committed ones), else to app/test-results/. */
const shots = process.env.AID_APP_SCREENSHOTS === 'docs' ? join(appDir, '../docs') : join(appDir, 'test-results');
mkdirSync(shots, { recursive: true });

before(async () => {
  env = await startAll();
});
after(async () => {
  await env?.stop();
});

/** The exact wei an element carries in data-value. */
const valueOf = async (page, test) => BigInt(await page.getAttribute(`[data-test="${test}"]`, 'data-value', { timeout: 15_000 }));
/** The app's display of an 18-decimal amount: grouped, 2 decimals, truncated. */
const fmt2 = (x) => {
  const [i, f = ''] = formatEther(x).split('.');
  return `${BigInt(i).toLocaleString('en-US')}.${(f + '00').slice(0, 2)}`;
};
const near = (a, b, tol) => (a > b ? a - b : b - a) <= tol;
const confirmedTxs = (page) => page.locator('[data-test=tx][data-status=confirmed]').count();
async function clickAndConfirm(page, selector, txs = 1) {
  const before = await confirmedTxs(page);
  await page.click(selector);
  await until(async () => (await confirmedTxs(page)) >= before + txs, 30_000, `${txs} confirmed transaction(s) after ${selector}`);
}

test('load time: the borrower view is populated from a connected wallet', async () => {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const { page, context } = await env.open({ key: env.demo.key });
    await page.waitForSelector('body[data-populated]', { timeout: 15_000 });
    times.push(await page.evaluate(() => window.__aidPopulatedMs));
    // The demo tokens are listed with the chain's valuation.
    const id = env.demo.tokens[0];
    const [value] = await env.c.read('registry', 'valuation', [id]);
    assert.equal(await valueOf(page, `value-${id}`), value);
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(`# METRIC load_to_populated_borrower_view_ms median=${times[1].toFixed(0)} all=${times.map((t) => t.toFixed(0)).join(',')}`);
});

test('connect from the wrong chain, switch (adding the chain on 4902), watch AID', async () => {
  const { key } = testAccount(6);
  const { page, wallet, context } = await env.open({ key, chainId: 1, connected: false, known: { 1: 'http://127.0.0.1:9' } });
  await page.waitForSelector('[data-test=connect]');
  assert.match(await page.textContent('[data-test=wallet-status]'), /locked or not connected/);
  await page.click('[data-test=connect]');
  await page.waitForSelector('[data-test=wrong-chain]');
  assert.match(await page.textContent('[data-test=wrong-chain]'), /chain 1\b/);
  await page.click('[data-test=switch]');
  await page.waitForSelector('[data-test=borrower]');
  const add = wallet.sent('wallet_addEthereumChain');
  assert.equal(add.length, 1, 'the chain was added after 4902');
  assert.equal(Number(add[0].params[0].chainId), 412346);
  assert.equal(add[0].params[0].rpcUrls[0], env.chain.url);
  assert.equal(wallet.chainId, 412346);
  assert.equal(await page.locator('[data-test=wrong-chain]').count(), 0);
  // Balances come from the chain.
  const eth = await env.c.pub.getBalance({ address: wallet.address });
  assert.equal(await valueOf(page, 'eth'), eth);
  await page.click('[data-test=watch-AID]');
  await until(() => wallet.watched.length === 1, 5000, 'watchAsset');
  assert.equal(wallet.watched[0].address, env.c.addr.token);
  assert.equal(wallet.watched[0].symbol, 'AID');
  await context.close();
});

test('pledge, borrow the shown maximum, one more wei refused, repay all, withdraw', async () => {
  const { c } = env;
  const { account, key } = testAccount(2);
  const id = await c.register(account.address, { serial: 'e2e-borrower-1', cost: aid(300_000), appraisal: aid(270_000) });
  // Some AID of its own to pay the interest with.
  await c.send(c.dev, 'token', 'transfer', [account.address, aid(100)]);
  const { page, wallet, context } = await env.open({ key });
  await page.waitForSelector(`[data-test="pledge-${id}"]`);
  await clickAndConfirm(page, `[data-test="pledge-${id}"]`);
  assert.equal((await c.read('registry', 'ownerOf', [id])).toLowerCase(), c.addr.minter.toLowerCase());
  await page.waitForSelector(`[data-test="gpu-${id}"][data-status="Pledged"]`);

  // The maximum shown is what the minter accepts: value / 150%, to the wei (rounding may cost a wei or two).
  const [, value] = await c.read('minter', 'health', [id]);
  assert.equal(value, aid(270_000));
  const max = await valueOf(page, `borrow-max-${id}`);
  const cap = (value * 10_000n) / 15_000n;
  assert.ok(max <= cap && cap - max <= 2n, `max ${max} vs cap ${cap}`);

  // One more wei is refused in the form: no transaction reaches the wallet.
  const sentBefore = wallet.sent('eth_sendTransaction').length;
  await page.fill(`[data-test="borrow-input-${id}"]`, formatEther(max + 1n));
  await page.waitForSelector(`[data-test="borrow-error-${id}"]`);
  assert.match(await page.textContent(`[data-test="borrow-error-${id}"]`), /At most .* can be borrowed/);
  assert.ok(await page.isDisabled(`[data-test="borrow-${id}"]`));
  assert.equal(wallet.sent('eth_sendTransaction').length, sentBefore);

  await page.click(`[data-test="borrow-max-${id}"]`);
  assert.equal(await page.inputValue(`[data-test="borrow-input-${id}"]`), formatEther(max));
  assert.match(await page.textContent(`[data-test="borrow-preview-${id}"]`), /ratio ∞ → 150\.00%/);
  await clickAndConfirm(page, `[data-test="borrow-${id}"]`);
  assert.equal(await c.read('token', 'balanceOf', [account.address]), aid(100) + max);
  const [debt, , , ratio] = await c.read('minter', 'health', [id]);
  assert.ok(ratio >= 15_000n && ratio <= 15_001n, `ratio ${ratio}`);
  await until(async () => near(await valueOf(page, `debt-${id}`), debt, debt / 1_000_000n), 10_000, 'page debt = chain debt');
  await until(async () => near(await valueOf(page, 'aid-balance'), aid(100) + max, 0n), 10_000, 'page AID balance = chain');
  assert.equal(await page.textContent(`[data-test="ratio-${id}"]`), '150.00%');
  await page.screenshot({ path: join(shots, 'app-borrower.png'), fullPage: true });

  // Repay all: approve + repay, and the debt is exactly zero despite the interest accrued meanwhile.
  await clickAndConfirm(page, `[data-test="repay-all-${id}"]`, 2);
  const p = await c.read('minter', 'position', [id]);
  assert.equal(p[2], 0n, 'normalized debt is zero');
  assert.equal(p[3], 0n, 'debt is zero');
  await page.waitForSelector(`[data-test="withdraw-${id}"]`);
  assert.equal(await valueOf(page, `debt-${id}`), 0n);
  await clickAndConfirm(page, `[data-test="withdraw-${id}"]`);
  assert.equal((await c.read('registry', 'ownerOf', [id])).toLowerCase(), account.address.toLowerCase());
  await page.waitForSelector(`[data-test="gpu-${id}"][data-status="In your wallet"]`);
  await context.close();
});

test('stake and exit; a rejected signature leaves the page usable', async () => {
  const { c } = env;
  const { account, key } = testAccount(3);
  await c.send(c.dev, 'token', 'transfer', [account.address, aid(2_000)]);
  const { page, wallet, context } = await env.open({ key, hash: '#saver' });
  await page.waitForSelector('[data-test=saver] [data-test=deposit-input]');
  assert.equal(await valueOf(page, 'saver-aid'), aid(2_000));
  const price = await c.read('vault', 'convertToAssets', [10n ** 18n]);
  assert.equal(await valueOf(page, 'share-price'), price);

  // The user rejects the permit signature: a plain sentence, nothing sent, the form still works.
  await page.fill('[data-test=deposit-input]', '1000');
  wallet.rejectNext('eth_signTypedData_v4');
  const sentBefore = wallet.sent('eth_sendTransaction').length;
  await page.click('[data-test=deposit]');
  await page.waitForSelector('[data-test=notice]');
  assert.equal(await page.textContent('[data-test=notice]'), 'You rejected the request in your wallet.');
  assert.equal(wallet.sent('eth_sendTransaction').length, sentBefore);
  assert.ok(!(await page.isDisabled('[data-test=deposit]')));

  // Stake again, accepting: permit signature, permit transaction, deposit. The preview is the vault's.
  const shares = await c.read('vault', 'previewDeposit', [aid(1_000)]);
  await page.waitForSelector('[data-test=deposit-preview]');
  assert.match(await page.textContent('[data-test=deposit-preview]'), new RegExp(`You receive ${fmt2(shares)} sAID`));
  await clickAndConfirm(page, '[data-test=deposit]', 2);
  assert.equal(wallet.sent('eth_signTypedData_v4').length, 2);
  const held = await c.read('vault', 'balanceOf', [account.address]);
  assert.ok(near(held, shares, shares / 1_000_000n), `shares ${held} vs preview ${shares}`);
  await until(async () => (await valueOf(page, 'saver-said')) === held, 10_000, 'page sAID = chain');
  assert.equal(await c.read('token', 'balanceOf', [account.address]), aid(1_000));
  await page.screenshot({ path: join(shots, 'app-saver.png'), fullPage: true });

  // Exit: request every share, wait out the cooldown on the chain, claim.
  const cooldown = await c.read('vault', 'cooldown');
  assert.ok(cooldown > 0n, 'the local deployment has an exit cooldown');
  await page.click('[data-test=redeem-max]');
  await clickAndConfirm(page, '[data-test=request]');
  const [reqShares, , claimableAt] = await c.read('vault', 'redeemRequest', [account.address]);
  assert.equal(reqShares, held);
  assert.equal(await c.read('vault', 'balanceOf', [account.address]), 0n);
  await until(async () => (await valueOf(page, 'request-shares')) === reqShares, 10_000, 'page request = chain');
  assert.equal(await valueOf(page, 'request-claimable-at'), claimableAt);
  assert.equal(await page.locator('[data-test=claim]').count(), 0, 'nothing to claim during the cooldown');
  await c.advance(cooldown + 1n);
  await page.waitForSelector('[data-test=claim]');
  await clickAndConfirm(page, '[data-test=claim]');
  assert.equal((await c.read('vault', 'redeemRequest', [account.address]))[0], 0n);
  const back = await c.read('token', 'balanceOf', [account.address]);
  assert.ok(back >= aid(2_000) - 10n ** 6n && back <= aid(2_000), `got back ${back}`);
  await page.waitForSelector('[data-test=exit-request]', { state: 'detached' });
  assert.equal(await valueOf(page, 'saver-said'), 0n);
  await context.close();
});

test('a revert shows the decoded error as a sentence', async () => {
  const { c } = env;
  const { key } = testAccount(7);
  // The deployer's seeded position is healthy: liquidating it reverts with NotLiquidatable.
  const id = env.demo.deployerToken;
  const [debt, value] = await c.read('minter', 'health', [id]);
  const { page, wallet, context } = await env.open({ key, hash: '#protocol' });
  await page.waitForSelector('[data-test=liquidate-input]');
  await page.fill('[data-test=liquidate-input]', String(id));
  const sentBefore = wallet.sent('eth_sendTransaction').length;
  await page.click('[data-test=liquidate]');
  await page.waitForSelector('[data-test=notice]');
  const text = await page.textContent('[data-test=notice]');
  assert.ok(text.startsWith(`GPU #${id} cannot be liquidated: its value ${fmt2(value)} AID covers its debt `), text);
  // The debt in the sentence is read at the simulation's block: at least what was read before.
  const shown = /covers its debt ([\d,]+\.\d\d) AID/.exec(text);
  const shownWei = shown ? BigInt(shown[1].replace(/[,.]/g, '')) * 10n ** 16n : -1n;
  assert.ok(shownWei >= debt - 10n ** 16n && shownWei <= debt + debt / 100_000n, `${text} names the debt ${fmt2(debt)}`);
  assert.equal(wallet.sent('eth_sendTransaction').length, sentBefore, 'nothing was sent');
  assert.equal(await page.getAttribute('[data-test=tx]', 'data-status'), 'failed');
  // Totals on the same page match the chain.
  assert.equal(await valueOf(page, 'aid-supply'), await c.read('token', 'totalSupply'));
  assert.equal(await valueOf(page, 'total-debt'), await c.read('minter', 'totalDebt'));
  assert.equal(await valueOf(page, 'surplus'), await c.read('liquidator', 'surplusBuffer'));
  assert.equal(await valueOf(page, 'unbacked'), await c.read('liquidator', 'unbackedDebt'));
  await context.close();
});

test('a position pushed into liquidation shows its auction and is bought by another account', async () => {
  const { c } = env;
  const borrower = testAccount(4);
  const bidder = testAccount(5);
  const id = await c.register(borrower.account.address, { serial: 'e2e-liquidated-1', cost: aid(100_000), appraisal: aid(100_000) });
  await c.pledgeAndBorrow(borrower.account, id, (aid(100_000) * 10_000n) / 15_000n - 1n);
  // The bidder's AID comes from a position of its own.
  const own = await c.register(bidder.account.address, { serial: 'e2e-bidder-1', cost: aid(1_000_000), appraisal: aid(1_000_000) });
  await c.pledgeAndBorrow(bidder.account, own, aid(200_000));
  // 300 days: depreciation takes the value to ~83.6k while the debt grows to ~69.5k: ratio ~120% < 125%.
  await c.advance(300n * 86400n);
  const h = await c.read('minter', 'health', [id]);
  assert.equal(h[4], true, 'liquidatable on the chain');

  const { page, wallet, context } = await env.open({ key: bidder.key, hash: '#protocol' });
  await page.waitForSelector(`[data-test="liquidate-${id}"]`);
  await clickAndConfirm(page, `[data-test="liquidate-${id}"]`);
  // (owner, keeper, debt, startPrice, floorPrice, startedAt, duration, resets)
  const a = await c.read('liquidator', 'auction', [id]);
  assert.notEqual(a[5], 0n, 'auction started on the chain');
  assert.equal(a[0].toLowerCase(), borrower.account.address.toLowerCase(), 'the borrower is the former owner');
  assert.equal(a[1].toLowerCase(), wallet.address.toLowerCase(), 'the bidder is the keeper');
  await page.waitForSelector(`[data-test="auction-${id}"]`);
  assert.equal(await valueOf(page, `auction-debt-${id}`), a[2]);
  const pagePrice = await valueOf(page, `auction-price-${id}`);
  const chainPrice = await c.read('liquidator', 'auctionPrice', [id]);
  assert.ok(near(pagePrice, chainPrice, chainPrice / 1000n), `price ${pagePrice} vs ${chainPrice}`);
  await page.screenshot({ path: join(shots, 'app-protocol.png'), fullPage: true });

  // The borrower sees the auction on its GPU.
  const b = await env.open({ key: borrower.key });
  await b.page.waitForSelector(`[data-test="gpu-${id}"][data-status="In auction"]`);
  assert.ok(near(await valueOf(b.page, `auction-price-${id}`), chainPrice, chainPrice / 1000n));
  await b.context.close();

  await clickAndConfirm(page, `[data-test="bid-${id}"]`, 2);
  assert.equal((await c.read('registry', 'ownerOf', [id])).toLowerCase(), wallet.address.toLowerCase());
  await page.waitForSelector(`[data-test="auction-${id}"]`, { state: 'detached' });
  await context.close();
});
