// Sending transactions through the wallet: each step is simulated first (a revert is shown as the
// decoded error before the wallet is even asked), then sent with eth_sendTransaction and followed to
// its receipt. Pending, confirmed and failed transactions stay listed with their hash.
import type { Hex } from 'viem';
import type { TxReq } from './contracts/common';
import { explain } from './errors';
import { state, type Tx } from './state';

/** Runs `steps` in order (each built when the previous one is mined); returns false if one failed. */
export async function transact(steps: (TxReq | (() => Promise<TxReq | null>))[], update: () => void): Promise<boolean> {
  const { ctx, wallet, account } = state;
  if (!ctx || !wallet || !account) {
    state.notice = { kind: 'error', text: 'Connect a wallet first.' };
    update();
    return false;
  }
  if (state.walletChainId !== ctx.book.chainId) {
    state.notice = { kind: 'error', text: `Your wallet is on another chain: switch to ${state.chain?.name} first.` };
    update();
    return false;
  }
  state.busy = true;
  state.notice = undefined;
  update();
  try {
    for (const step of steps) {
      const req = typeof step === 'function' ? await step() : step;
      if (!req) continue;
      const tx: Tx = { label: req.label, status: 'signing' };
      state.txs.unshift(tx);
      update();
      try {
        await ctx.client.call({ account, to: req.to, data: req.data });
        const hash = (await wallet.provider.request({
          method: 'eth_sendTransaction',
          params: [{ from: account, to: req.to, data: req.data }],
        })) as Hex;
        tx.hash = hash;
        tx.status = 'pending';
        update();
        const r = await ctx.client.waitForTransactionReceipt({ hash, pollingInterval: 250 });
        tx.status = r.status === 'success' ? 'confirmed' : 'failed';
        if (r.status !== 'success') throw new Error(`${req.label} reverted in block ${r.blockNumber}.`);
        update();
      } catch (e) {
        tx.status = 'failed';
        tx.error = explain(e);
        throw e;
      }
    }
    return true;
  } catch (e) {
    state.notice = { kind: 'error', text: explain(e) };
    return false;
  } finally {
    state.busy = false;
    update();
  }
}
