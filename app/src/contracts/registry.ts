// GpuRegistry: GPU tokens, their asset records and valuations, and the pledge transfer.
import { encodeFunctionData, getAbiItem, zeroAddress, type Address, type Hex } from 'viem';
import { IGpuRegistry as abi } from '../gen/abi';
import { addressOf } from '../chain';
import { settled, type Ctx, type TxReq } from './common';

export const registryAddress = (ctx: Ctx) => addressOf(ctx.book, 'GpuRegistry');

/** Ids of the tokens minted in blocks [from, to] (the registry has no enumeration: its Transfer logs are the index). */
export async function mintedIds(ctx: Ctx, from: bigint, to: bigint): Promise<bigint[]> {
  const logs = await ctx.client.getLogs({
    address: registryAddress(ctx),
    event: getAbiItem({ abi, name: 'Transfer' }),
    args: { from: zeroAddress },
    fromBlock: from,
    toBlock: to,
  });
  return logs.map((l) => l.args.tokenId!).filter((x) => x !== undefined);
}

/** Holder of each token; null for a retired one. */
export const ownersOf = (ctx: Ctx, ids: bigint[]) =>
  Promise.all(ids.map((id) => settled(ctx.client.readContract({ address: registryAddress(ctx), abi, functionName: 'ownerOf', args: [id] }))));

export interface GpuAsset {
  model: Hex;
  gpuCount: number;
  acquisitionCost: bigint;
  acquiredAt: bigint;
  appraisal: bigint;
  appraisedAt: bigint;
  bookValue: bigint;
  /** min(appraisal, book value) */
  value: bigint;
  fresh: boolean;
}

export async function readAsset(ctx: Ctx, id: bigint): Promise<GpuAsset> {
  const address = registryAddress(ctx);
  const [a, bookValue, v] = await Promise.all([
    ctx.client.readContract({ address, abi, functionName: 'asset', args: [id] }),
    ctx.client.readContract({ address, abi, functionName: 'bookValue', args: [id] }),
    ctx.client.readContract({ address, abi, functionName: 'valuation', args: [id] }),
  ]);
  return {
    model: a[0],
    gpuCount: a[1],
    acquisitionCost: a[3],
    acquiredAt: a[4],
    appraisal: a[5],
    appraisedAt: a[6],
    bookValue,
    value: v[0],
    fresh: v[2],
  };
}

/** Appraisal limits: the freshness window shows how long an appraisal stays usable. */
export const appraisalLimits = (ctx: Ctx) => ctx.client.readContract({ address: registryAddress(ctx), abi, functionName: 'appraisalLimits' });

/** Pledge: safeTransferFrom(owner → minter); the minter's onERC721Received opens the position. */
export const pledgeTx = (ctx: Ctx, owner: Address, minter: Address, id: bigint): TxReq => ({
  to: registryAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'safeTransferFrom', args: [owner, minter, id] }),
  label: `Pledge GPU #${id}`,
});
