// The browser wallet: found through EIP-6963 (falling back to window.ethereum), and spoken to with
// plain EIP-1193 requests, so the app needs nothing wallet-specific.
import { numberToHex, type Address, type Chain } from 'viem';

export interface Eip1193 {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
  on?(event: string, listener: (...args: any[]) => void): void;
}

export interface Detected {
  info: { uuid: string; name: string; icon: string; rdns: string };
  provider: Eip1193;
}

declare global {
  interface Window {
    ethereum?: Eip1193;
  }
}

/** Calls `onChange` with every wallet announced (now and later); window.ethereum only when none announces. */
export function discover(onChange: (wallets: Detected[]) => void) {
  const found: Detected[] = [];
  window.addEventListener('eip6963:announceProvider', (ev) => {
    const d = (ev as CustomEvent<Detected>).detail;
    if (!d?.provider || found.some((f) => f.info.uuid === d.info.uuid)) return;
    const legacy = found.findIndex((f) => f.info.uuid === 'window.ethereum');
    if (legacy >= 0) found.splice(legacy, 1);
    found.push(d);
    onChange([...found]);
  });
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  if (!found.length && window.ethereum) {
    found.push({ info: { uuid: 'window.ethereum', name: 'Browser wallet', icon: '', rdns: '' }, provider: window.ethereum });
    onChange([...found]);
  }
}

export const accounts = async (w: Eip1193) => ((await w.request({ method: 'eth_accounts' })) as Address[]) ?? [];
export const requestAccounts = async (w: Eip1193) => (await w.request({ method: 'eth_requestAccounts' })) as Address[];
export const chainId = async (w: Eip1193) => Number(await w.request({ method: 'eth_chainId' }));

/** Switches the wallet to `chain`, adding it first when the wallet does not know it (error 4902). */
export async function switchTo(w: Eip1193, chain: Chain) {
  const id = numberToHex(chain.id);
  try {
    await w.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: id }] });
  } catch (e) {
    if ((e as { code?: number }).code !== 4902) throw e;
    await w.request({
      method: 'wallet_addEthereumChain',
      params: [
        {
          chainId: id,
          chainName: chain.name,
          nativeCurrency: chain.nativeCurrency,
          rpcUrls: chain.rpcUrls.default.http,
          blockExplorerUrls: chain.blockExplorers ? [chain.blockExplorers.default.url] : undefined,
        },
      ],
    });
    // MetaMask switches after adding; asking again is harmless and covers wallets that do not.
    await w.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: id }] });
  }
}

/** Asks the wallet to track an ERC-20 (wallet_watchAsset). */
export const watchAsset = (w: Eip1193, address: Address, symbol: string, decimals: number) =>
  w.request({ method: 'wallet_watchAsset', params: { type: 'ERC20', options: { address, symbol, decimals } } });
