// AidMinter: parameters, positions and their health, borrow / repay / withdraw.
import { encodeFunctionData, getAbiItem, type Address, type Hex } from 'viem';
import { IAidMinter as abi } from '../gen/abi';
import { addressOf } from '../chain';
import { settled, type Ctx, type TxReq } from './common';

export const minterAddress = (ctx: Ctx) => addressOf(ctx.book, 'AidMinter');

export interface ModelInfo {
  id: Hex;
  name: string;
  minRatioBps: bigint;
  liqRatioBps: bigint;
  aprBps: bigint;
  /** Per-second stability fee, RAY. */
  fee: bigint;
  ceiling: bigint;
  debt: bigint;
  /** Rate accumulator now (undripped interest included), RAY. */
  rate: bigint;
}

export interface MinterGlobals {
  totalDebt: bigint;
  globalCeiling: bigint;
  dust: bigint;
  savingsShareBps: bigint;
  paused: boolean;
  models: ModelInfo[];
}

export async function readGlobals(ctx: Ctx): Promise<MinterGlobals> {
  const address = minterAddress(ctx);
  const r = <F extends 'totalDebt' | 'paused' | 'globalParams'>(functionName: F) => ctx.client.readContract({ address, abi, functionName });
  const [totalDebt, paused, g, models] = await Promise.all([
    r('totalDebt'),
    r('paused'),
    r('globalParams'),
    Promise.all(
      ctx.book.models.map(async (m) => {
        const [p, s, rate] = await Promise.all([
          ctx.client.readContract({ address, abi, functionName: 'modelParams', args: [m.id] }),
          ctx.client.readContract({ address, abi, functionName: 'modelState', args: [m.id] }),
          ctx.client.readContract({ address, abi, functionName: 'rateAccumulator', args: [m.id] }),
        ]);
        return {
          id: m.id,
          name: m.name,
          minRatioBps: BigInt(p[0]),
          liqRatioBps: BigInt(p[1]),
          aprBps: BigInt(p[2]),
          fee: p[3],
          ceiling: p[4],
          debt: s[1],
          rate,
        } satisfies ModelInfo;
      }),
    ),
  ]);
  return { totalDebt, paused, globalCeiling: g[0], dust: g[1], savingsShareBps: BigInt(g[2]), models };
}

export interface Position {
  owner: Address;
  /** Normalized debt. */
  art: bigint;
  debt: bigint;
  value: bigint;
  fresh: boolean;
  ratioBps: bigint;
  liquidatable: boolean;
}

/** A position and its health; null when the token backs none. */
export async function readPosition(ctx: Ctx, id: bigint): Promise<Position | null> {
  const address = minterAddress(ctx);
  const [p, h] = await Promise.all([
    ctx.client.readContract({ address, abi, functionName: 'position', args: [id] }),
    settled(ctx.client.readContract({ address, abi, functionName: 'health', args: [id] })),
  ]);
  if (!h || /^0x0{40}$/.test(p[0])) return null;
  return { owner: p[0], art: p[2], debt: h[0], value: h[1], fresh: h[2], ratioBps: h[3], liquidatable: h[4] };
}

/** Ids of every token ever pledged in blocks [from, to]. */
export async function pledgedIds(ctx: Ctx, from: bigint, to: bigint): Promise<bigint[]> {
  const logs = await ctx.client.getLogs({ address: minterAddress(ctx), event: getAbiItem({ abi, name: 'Pledged' }), fromBlock: from, toBlock: to });
  return logs.map((l) => l.args.tokenId!);
}

export const borrowTx = (ctx: Ctx, id: bigint, amount: bigint, receiver: Address): TxReq => ({
  to: minterAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'borrow', args: [id, amount, receiver] }),
  label: `Borrow on GPU #${id}`,
});

/** Repay burns through burnFrom: approve the minter for `amount` first. The minter caps it at the debt. */
export const repayTx = (ctx: Ctx, id: bigint, amount: bigint): TxReq => ({
  to: minterAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'repay', args: [id, amount] }),
  label: `Repay GPU #${id}`,
});

export const withdrawTx = (ctx: Ctx, id: bigint, receiver: Address): TxReq => ({
  to: minterAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'withdraw', args: [id, receiver] }),
  label: `Withdraw GPU #${id}`,
});
