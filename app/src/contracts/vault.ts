// SAidVault (ERC-4626 sAID with ERC-7540 requested exits): balances, share price, vesting yield,
// deposit, and the exit: requestRedeem, a cooldown, then redeem the claimable request (or, with a
// cooldown of 0, redeem at once); a request can be cancelled.
import { encodeFunctionData, type Address } from 'viem';
import { ISAidVault as abi } from '../gen/abi';
import { addressOf } from '../chain';
import type { Ctx, TxReq } from './common';

export const vaultAddress = (ctx: Ctx) => addressOf(ctx.book, 'SAidVault');

export interface VaultState {
  totalAssets: bigint;
  totalSupply: bigint;
  unvested: bigint;
  vestingEnd: bigint;
  vestingPeriod: bigint;
  /** AID per 1 sAID (18 decimals). */
  sharePrice: bigint;
  paused: boolean;
  /** Seconds from an exit request to its claim (0: instant exits). */
  cooldown: bigint;
}

export async function readVault(ctx: Ctx): Promise<VaultState> {
  const address = vaultAddress(ctx);
  const r = <F extends 'totalAssets' | 'totalSupply' | 'unvestedYield' | 'vestingEnd' | 'vestingPeriod' | 'paused'>(functionName: F) =>
    ctx.client.readContract({ address, abi, functionName });
  const [totalAssets, totalSupply, unvested, vestingEnd, vestingPeriod, paused, sharePrice, cooldown] = await Promise.all([
    r('totalAssets'),
    r('totalSupply'),
    r('unvestedYield'),
    r('vestingEnd'),
    r('vestingPeriod'),
    r('paused'),
    ctx.client.readContract({ address, abi, functionName: 'convertToAssets', args: [10n ** 18n] }),
    ctx.client.readContract({ address, abi, functionName: 'cooldown' }),
  ]);
  return { totalAssets, totalSupply, unvested, vestingEnd, vestingPeriod, paused, sharePrice, cooldown };
}

export interface SaverState {
  shares: bigint;
  /** What the shares redeem for now (previewRedeem; filled in by the snapshot's next round trip). */
  assets: bigint;
  maxDeposit: bigint;
  maxRedeem: bigint;
  /** The user's exit request (zero shares: none). */
  request: { shares: bigint; assets: bigint; claimableAt: bigint; claimable: bigint };
}

export async function readSaver(ctx: Ctx, who: Address): Promise<SaverState> {
  const address = vaultAddress(ctx);
  const [shares, maxDeposit, maxRedeem, r, claimable] = await Promise.all([
    ctx.client.readContract({ address, abi, functionName: 'balanceOf', args: [who] }),
    ctx.client.readContract({ address, abi, functionName: 'maxDeposit', args: [who] }),
    ctx.client.readContract({ address, abi, functionName: 'maxRedeem', args: [who] }),
    ctx.client.readContract({ address, abi, functionName: 'redeemRequest', args: [who] }),
    ctx.client.readContract({ address, abi, functionName: 'claimableRedeemRequest', args: [0n, who] }),
  ]);
  return { shares, assets: 0n, maxDeposit, maxRedeem, request: { shares: r[0], assets: r[1], claimableAt: r[2], claimable } };
}

/** Shares a deposit of `assets` gives now (the vault's own preview). */
export const previewDeposit = (ctx: Ctx, assets: bigint) =>
  ctx.client.readContract({ address: vaultAddress(ctx), abi, functionName: 'previewDeposit', args: [assets] });

/** AID that redeeming `shares` pays now (the vault's own preview). */
export const previewRedeem = (ctx: Ctx, shares: bigint) =>
  ctx.client.readContract({ address: vaultAddress(ctx), abi, functionName: 'previewRedeem', args: [shares] });

export const depositTx = (ctx: Ctx, assets: bigint, receiver: Address): TxReq => ({
  to: vaultAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'deposit', args: [assets, receiver] }),
  label: 'Stake AID in sAID',
});

/** Redeem: at once with a cooldown of 0, else the claim of a claimable request. */
export const redeemTx = (ctx: Ctx, shares: bigint, owner: Address, label = 'Unstake sAID'): TxReq => ({
  to: vaultAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'redeem', args: [shares, owner, owner] }),
  label,
});

export const requestRedeemTx = (ctx: Ctx, shares: bigint, owner: Address): TxReq => ({
  to: vaultAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'requestRedeem', args: [shares, owner, owner] }),
  label: 'Request to unstake sAID',
});

export const cancelRequestTx = (ctx: Ctx, owner: Address): TxReq => ({
  to: vaultAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'cancelRedeemRequest', args: [owner] }),
  label: 'Cancel the unstake request',
});
