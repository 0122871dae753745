// One snapshot of everything the three views show, read in a few batched round trips per block:
// (1) the latest block and new logs, (2) globals, balances and every known token's holder and
// position, (3) the details of the tokens that matter (the user's, and every pledged one).
import type { Address } from 'viem';
import type { Ctx } from './contracts/common';
import * as registry from './contracts/registry';
import * as minter from './contracts/minter';
import * as auctions from './contracts/auctions';
import * as token from './contracts/token';
import * as vault from './contracts/vault';

export interface TokenRow {
  id: bigint;
  holder: Address;
  asset: registry.GpuAsset;
  position: minter.Position | null;
  auction: auctions.Auction | null;
}

export interface Snapshot {
  block: bigint;
  time: bigint;
  minter: minter.MinterGlobals;
  reserves: { surplus: bigint; unbacked: bigint };
  aidSupply: bigint;
  vault: vault.VaultState;
  auctionParams: Awaited<ReturnType<typeof auctions.auctionParams>>;
  appraisalMaxAge: bigint;
  /** Every live position or auction (protocol view: liquidations and auctions). */
  pledged: TokenRow[];
  user: null | {
    address: Address;
    eth: bigint;
    aid: bigint;
    saver: vault.SaverState;
    /** GPU tokens held in the wallet, then pledged positions the user owns. */
    tokens: TokenRow[];
  };
}

/** Token ids seen in the registry's mint logs, scanned incrementally from the deployment block. */
export class TokenIndex {
  ids: bigint[] = [];
  private next: bigint;
  constructor(fromBlock: number) {
    this.next = BigInt(fromBlock);
  }
  async scan(ctx: Ctx, latest: bigint) {
    if (latest < this.next) return;
    const found = await registry.mintedIds(ctx, this.next, latest);
    for (const id of found) if (!this.ids.includes(id)) this.ids.push(id);
    this.next = latest + 1n;
  }
}

export async function loadSnapshot(ctx: Ctx, index: TokenIndex, user: Address | null): Promise<Snapshot> {
  const block = await ctx.client.getBlock();
  await index.scan(ctx, block.number);
  const ids = index.ids;
  const minterAddr = minter.minterAddress(ctx);
  // Pledged tokens sit in the minter; a token being auctioned may sit in the auction contract.
  const custodians = new Set([minterAddr.toLowerCase(), auctions.auctionHouse(ctx).toLowerCase()]);

  const [m, reserves, aidSupply, v, ap, limits, holders, userEth, userAid, saver] = await Promise.all([
    minter.readGlobals(ctx),
    auctions.readReserves(ctx),
    token.totalSupply(ctx),
    vault.readVault(ctx),
    auctions.auctionParams(ctx),
    registry.appraisalLimits(ctx),
    registry.ownersOf(ctx, ids),
    user ? ctx.client.getBalance({ address: user }) : 0n,
    user ? token.balanceOf(ctx, user) : 0n,
    user ? vault.readSaver(ctx, user) : null,
  ]);

  const pledgedIds = ids.filter((_, i) => custodians.has(holders[i]?.toLowerCase() ?? ''));
  const heldIds = user ? ids.filter((_, i) => holders[i]?.toLowerCase() === user.toLowerCase()) : [];

  const rows = async (list: bigint[], holder: (id: bigint) => Address, pledged: boolean) =>
    Promise.all(
      list.map(async (id): Promise<TokenRow> => {
        const [asset, position, auction] = await Promise.all([
          registry.readAsset(ctx, id),
          pledged ? minter.readPosition(ctx, id) : null,
          pledged ? auctions.readAuction(ctx, id) : null,
        ]);
        return { id, holder: holder(id), asset, position, auction };
      }),
    );
  const [pledged, held, saverAssets] = await Promise.all([
    rows(pledgedIds, (id) => holders[ids.indexOf(id)]!, true),
    rows(heldIds, () => user!, false),
    saver ? vault.previewRedeem(ctx, saver.shares) : 0n,
  ]);
  const live = pledged.filter((r) => r.position || r.auction);

  return {
    block: block.number,
    time: block.timestamp,
    minter: m,
    reserves,
    aidSupply,
    vault: v,
    auctionParams: ap,
    appraisalMaxAge: limits[1],
    pledged: live,
    user: user
      ? {
          address: user,
          eth: userEth,
          aid: userAid,
          saver: { ...saver!, assets: saverAssets },
          tokens: [...held, ...live.filter((r) => (r.position?.owner ?? r.auction?.owner)?.toLowerCase() === user.toLowerCase())],
        }
      : null,
  };
}
