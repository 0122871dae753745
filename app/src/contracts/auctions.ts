// Liquidation auctions: start, read, bid. They live in AidMinter today; when they move to their
// own contract, this module alone changes (its address-book name and ABI).
import { encodeFunctionData, type Address } from 'viem';
import { IAidMinter as abi } from '../gen/abi';
import { addressOf } from '../chain';
import { settled, type Ctx, type TxReq } from './common';

/** The contract that runs the auctions (and so the spender a bidder approves). */
export const auctionHouse = (ctx: Ctx) => addressOf(ctx.book, 'AidMinter');

export interface Auction {
  /** The position's former owner, when the auction contract records it (else the minter's position says). */
  owner?: Address;
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
  if (a[2] === 0n) return null;
  return { debt: a[0], startPrice: a[1], startedAt: a[2], keeper: a[3], price };
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
