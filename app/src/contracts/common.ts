// What every contract module shares: the read context and the transaction request it builds.
import type { Address, Hex, PublicClient } from 'viem';
import type { AddressBook } from '../chain';

/** The chain being shown: its batched read client and its address book. */
export interface Ctx {
  client: PublicClient;
  book: AddressBook;
}

/** One transaction for the wallet to send, with what the user sees in the transaction list. */
export interface TxReq {
  to: Address;
  data: Hex;
  label: string;
}

/** Settled results: the value, or null when the call reverted (e.g. a token that no longer exists). */
export const settled = async <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);
