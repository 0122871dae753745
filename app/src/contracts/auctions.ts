// Liquidation auctions: start, read, bid, and the surplus buffer and bad debt they settle into, all
// in AidLiquidator (which holds a token while it is auctioned).
import { encodeFunctionData, type Address } from 'viem';
import { IAidLiquidator as abi } from '../gen/abi';
import { addressOf } from '../chain';
import { settled, type Ctx, type TxReq } from './common';

/** The contract that runs the auctions (and so the spender a bidder approves). */
export const auctionHouse = (ctx: Ctx) => addressOf(ctx.book, 'AidLiquidator');

export interface Auction {
  /** The position's former owner (paid what the sale brings in above the debt and penalty). */
  owner: Address;
  debt: bigint;
  startPrice: bigint;
  startedAt: bigint;
  keeper: Address;
  /** Current price; null once the auction ran out (it must be reset). */
  price: bigint | null;
}

/** The surplus buffer and the debt no sale covered, kept by the contract that settles auctions. */
export async function readReserves(ctx: Ctx): Promise<{ surplus: bigint; unbacked: bigint }> {
  const address = auctionHouse(ctx);
  const [surplus, unbacked] = await Promise.all([
    ctx.client.readContract({ address, abi, functionName: 'surplusBuffer' }),
    ctx.client.readContract({ address, abi, functionName: 'unbackedDebt' }),
  ]);
  return { surplus, unbacked };
}

export const auctionParams = (ctx: Ctx) => ctx.client.readContract({ address: auctionHouse(ctx), abi, functionName: 'auctionParams' });

/** The auction of a token; null when it is not being auctioned. */
export async function readAuction(ctx: Ctx, id: bigint): Promise<Auction | null> {
  const address = auctionHouse(ctx);
  const [a, price] = await Promise.all([
    ctx.client.readContract({ address, abi, functionName: 'auction', args: [id] }),
    settled(ctx.client.readContract({ address, abi, functionName: 'auctionPrice', args: [id] })),
  ]);
  // (owner, keeper, debt, startPrice, floorPrice, startedAt, duration, resets)
  if (a[5] === 0n) return null;
  return { owner: a[0], keeper: a[1], debt: a[2], startPrice: a[3], startedAt: a[5], price };
}

export const liquidateTx = (ctx: Ctx, id: bigint): TxReq => ({
  to: auctionHouse(ctx),
  data: encodeFunctionData({ abi, functionName: 'liquidate', args: [id] }),
  label: `Liquidate GPU #${id}`,
});

export const resetTx = (ctx: Ctx, id: bigint): TxReq => ({
  to: auctionHouse(ctx),
  data: encodeFunctionData({ abi, functionName: 'resetAuction', args: [id] }),
  label: `Reset the auction of GPU #${id}`,
});

/** Bid: pays the current price (at most `maxPrice`, pulled with transferFrom: approve first). */
export const bidTx = (ctx: Ctx, id: bigint, maxPrice: bigint, receiver: Address): TxReq => ({
  to: auctionHouse(ctx),
  data: encodeFunctionData({ abi, functionName: 'bid', args: [id, maxPrice, receiver] }),
  label: `Bid on GPU #${id}`,
});
