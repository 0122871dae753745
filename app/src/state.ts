// The app's state: one object, rendered as a whole by lit-html whenever it changes.
import type { Address, Chain } from 'viem';
import type { AddressBook, Index } from './chain';
import type { Ctx } from './contracts/common';
import type { Snapshot, TokenIndex } from './data';
import type { Detected } from './wallet';

export type View = 'borrower' | 'saver' | 'protocol';

export interface Tx {
  label: string;
  hash?: string;
  status: 'signing' | 'pending' | 'confirmed' | 'failed';
  error?: string;
}

export interface State {
  index: Index;
  chain?: Chain;
  book?: AddressBook | null;
  ctx?: Ctx;
  tokens?: TokenIndex;
  wallets: Detected[];
  wallet?: Detected;
  account?: Address;
  walletChainId?: number;
  view: View;
  snap?: Snapshot;
  loadError?: string;
  forms: Record<string, string>;
  /** Permit (signature) instead of an approve transaction for deposits. */
  usePermit: boolean;
  txs: Tx[];
  notice?: { kind: 'error' | 'info'; text: string };
  busy: boolean;
}

export const state: State = { index: { chains: [], rpc: {} }, wallets: [], view: 'borrower', forms: {}, usePermit: true, txs: [], busy: false };
