// Which chains the app knows, their address books (fetched from ./deployments/ at load time, written
// by the deploy tool) and the batched read client for the chain being shown.
import { createPublicClient, defineChain, http, type Address, type Chain, type Hex, type PublicClient } from 'viem';
import { arbitrum, arbitrumSepolia } from 'viem/chains';

/** deployments/<chainId>.json, as scripts/deploy/src/book.rs writes it. */
export interface AddressBook {
  chainId: number;
  deployer: Address;
  blockNumber: number;
  contracts: Record<string, { address: Address; txHash: Hex }>;
  roles: Record<string, Address>;
  models: { name: string; id: Hex }[];
}

/** The local Stylus chain (Nitro dev node defaults, devnode/). */
export const LOCAL_CHAIN_ID = 412346;
const local = defineChain({
  id: LOCAL_CHAIN_ID,
  name: 'AID local Stylus chain',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1:8547'] } },
});
const KNOWN: Chain[] = [local, arbitrumSepolia, arbitrum];

/** Multicall3's address on every chain that has it. */
const MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

export interface Index {
  chains: number[];
  rpc: Record<string, string>;
}

export async function loadIndex(): Promise<Index> {
  const r = await fetch('./deployments/index.json', { cache: 'no-store' });
  if (!r.ok) return { chains: [], rpc: {} };
  return (await r.json()) as Index;
}

export async function loadBook(chainId: number): Promise<AddressBook | null> {
  const r = await fetch(`./deployments/${chainId}.json`, { cache: 'no-store' });
  if (!r.ok) return null;
  const b = (await r.json()) as AddressBook;
  if (b.chainId !== chainId) throw new Error(`deployments/${chainId}.json describes chain ${b.chainId}`);
  return b;
}

/** The chain's definition with the RPC URL in force: `?rpc=` in the page URL, then the server's, then the default. */
export function chainFor(chainId: number, index: Index): Chain {
  const known = KNOWN.find((c) => c.id === chainId);
  const rpc = new URLSearchParams(location.search).get('rpc') ?? index.rpc[String(chainId)] ?? known?.rpcUrls.default.http[0];
  const base: Chain =
    known ??
    defineChain({ id: chainId, name: `Chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [] } } });
  return { ...base, rpcUrls: { default: { http: rpc ? [rpc] : [] } } };
}

/**
 * A read client that batches: every read issued in the same tick goes out as one JSON-RPC batch.
 * `onMulticall` gets a client that batches through one Multicall3 call instead, once the chain
 * turns out to have Multicall3 (its code at the canonical address; checked alongside the first reads).
 */
export function readClient(chain: Chain, onMulticall: (c: PublicClient) => void): PublicClient {
  const transport = http(chain.rpcUrls.default.http[0], { batch: { batchSize: 500, wait: 0 }, retryCount: 1 });
  const client = createPublicClient({ chain, transport });
  client
    .getCode({ address: MULTICALL3 })
    .then((code) => {
      if (!code || code === '0x') return;
      const withMc: Chain = { ...chain, contracts: { ...chain.contracts, multicall3: { address: MULTICALL3 } } };
      onMulticall(createPublicClient({ chain: withMc, transport, batch: { multicall: { wait: 0 } } }));
    })
    .catch(() => {});
  return client;
}

/** Address of a contract in the book, or an error naming what is missing. */
export function addressOf(book: AddressBook, name: string): Address {
  const e = book.contracts[name];
  if (!e) throw new Error(`the address book of chain ${book.chainId} has no ${name}`);
  return e.address;
}
