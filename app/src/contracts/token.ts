// AidToken: balances, allowances, approve, and EIP-2612 permits signed as EIP-712 typed data.
import { encodeFunctionData, parseSignature, type Address, type Hex } from 'viem';
import { IAidToken as abi } from '../gen/abi';
import { addressOf } from '../chain';
import type { Ctx, TxReq } from './common';

export const aidAddress = (ctx: Ctx) => addressOf(ctx.book, 'AidToken');

export const totalSupply = (ctx: Ctx) => ctx.client.readContract({ address: aidAddress(ctx), abi, functionName: 'totalSupply' });
export const balanceOf = (ctx: Ctx, who: Address) => ctx.client.readContract({ address: aidAddress(ctx), abi, functionName: 'balanceOf', args: [who] });
export const allowance = (ctx: Ctx, owner: Address, spender: Address) =>
  ctx.client.readContract({ address: aidAddress(ctx), abi, functionName: 'allowance', args: [owner, spender] });

export const approveTx = (ctx: Ctx, spender: Address, amount: bigint, why: string): TxReq => ({
  to: aidAddress(ctx),
  data: encodeFunctionData({ abi, functionName: 'approve', args: [spender, amount] }),
  label: `Approve AID for ${why}`,
});

/** EIP-712 typed data of a permit, built from the token's own ERC-5267 domain and nonce. */
export async function permitTypedData(ctx: Ctx, owner: Address, spender: Address, value: bigint, deadline: bigint) {
  const address = aidAddress(ctx);
  const [d, nonce] = await Promise.all([
    ctx.client.readContract({ address, abi, functionName: 'eip712Domain' }),
    ctx.client.readContract({ address, abi, functionName: 'nonces', args: [owner] }),
  ]);
  return {
    domain: { name: d[1], version: d[2], chainId: Number(d[3]), verifyingContract: d[4] },
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Permit: [
        { name: 'owner', type: 'address' },
        { name: 'spender', type: 'address' },
        { name: 'value', type: 'uint256' },
        { name: 'nonce', type: 'uint256' },
        { name: 'deadline', type: 'uint256' },
      ],
    },
    primaryType: 'Permit' as const,
    message: { owner, spender, value: value.toString(), nonce: nonce.toString(), deadline: deadline.toString() },
  };
}

/** The permit transaction for a signature over `permitTypedData`. */
export function permitTx(ctx: Ctx, owner: Address, spender: Address, value: bigint, deadline: bigint, signature: Hex): TxReq {
  const { v, r, s, yParity } = parseSignature(signature);
  return {
    to: aidAddress(ctx),
    data: encodeFunctionData({ abi, functionName: 'permit', args: [owner, spender, value, deadline, Number(v ?? BigInt(yParity + 27)), r, s] }),
    label: 'Permit (signed approval) of AID',
  };
}
