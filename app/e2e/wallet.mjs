// A test wallet that behaves like MetaMask where the app can see it: an EIP-1193 provider injected
// into the page and announced through EIP-6963, whose requests are answered here in Node.
// eth_requestAccounts / eth_accounts (empty until connected), eth_chainId, wallet_switchEthereumChain
// (4902 for a chain it does not know), wallet_addEthereumChain (then switches, as MetaMask does),
// wallet_watchAsset, eth_sendTransaction (signed with the test key, sent to the current chain's
// RPC), eth_signTypedData_v4, and any read forwarded to the current chain. `rejectNext(method)`
// makes the next such request fail with 4001, as when the user clicks "Reject".
import { createPublicClient, createWalletClient, defineChain, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const PAGE_SCRIPT = () => {
  const listeners = {};
  const provider = {
    isMetaMask: true,
    async request({ method, params }) {
      const out = JSON.parse(await window.__testWallet(JSON.stringify({ method, params })));
      if (out.error) throw Object.assign(new Error(out.error.message), out.error);
      return out.result;
    },
    on(ev, fn) {
      (listeners[ev] ??= []).push(fn);
    },
    removeListener(ev, fn) {
      listeners[ev] = (listeners[ev] ?? []).filter((f) => f !== fn);
    },
  };
  window.__testWalletEmit = (ev, arg) => (listeners[ev] ?? []).forEach((f) => f(arg));
  const info = { uuid: '6a3c1e52-5b6e-4d0e-9d7e-test-wallet', name: 'Test Wallet', icon: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E', rdns: 'org.aid.testwallet' };
  const announce = () => window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
};

const err = (code, message) => ({ error: { code, message } });

export class TestWallet {
  /**
   * @param {object} o
   * @param {`0x${string}`} o.key test private key
   * @param {number} o.chainId chain the wallet starts on
   * @param {Record<number, string>} o.known chain id -> RPC URL of the chains the wallet knows
   * @param {boolean} [o.connected] whether the site is already authorised (eth_accounts answers)
   */
  constructor({ key, chainId, known, connected = false }) {
    this.account = privateKeyToAccount(key);
    this.chainId = chainId;
    this.known = { ...known };
    this.connected = connected;
    this.calls = [];
    this.watched = [];
    this.rejects = new Set();
    this.pages = [];
  }

  get address() {
    return this.account.address;
  }

  /** The next request of `method` fails with 4001 (user rejected). */
  rejectNext(method) {
    this.rejects.add(method);
  }

  sent(method) {
    return this.calls.filter((c) => c.method === method);
  }

  /** Injects the provider into every page of `context`. */
  async attach(context) {
    await context.exposeFunction('__testWallet', async (json) => JSON.stringify(await this.handle(JSON.parse(json))));
    await context.addInitScript(PAGE_SCRIPT);
    context.on('page', (p) => this.pages.push(p));
  }

  async emit(ev, arg) {
    for (const p of this.pages) if (!p.isClosed()) await p.evaluate(([e, a]) => window.__testWalletEmit?.(e, a), [ev, arg]).catch(() => {});
  }

  clients() {
    const rpc = this.known[this.chainId];
    const chain = defineChain({ id: this.chainId, name: `chain ${this.chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpc] } } });
    return { pub: createPublicClient({ chain, transport: http(rpc) }), wal: createWalletClient({ account: this.account, chain, transport: http(rpc) }) };
  }

  async handle({ method, params }) {
    this.calls.push({ method, params });
    if (this.rejects.delete(method)) return err(4001, 'MetaMask Tx Signature: User denied transaction signature.');
    try {
      switch (method) {
        case 'eth_requestAccounts':
          this.connected = true;
          return { result: [this.address] };
        case 'eth_accounts':
          return { result: this.connected ? [this.address] : [] };
        case 'eth_chainId':
          return { result: `0x${this.chainId.toString(16)}` };
        case 'wallet_switchEthereumChain': {
          const id = Number(params[0].chainId);
          if (!this.known[id]) return err(4902, `Unrecognized chain ID "${params[0].chainId}". Try adding the chain using wallet_addEthereumChain first.`);
          if (id !== this.chainId) {
            this.chainId = id;
            await this.emit('chainChanged', `0x${id.toString(16)}`);
          }
          return { result: null };
        }
        case 'wallet_addEthereumChain': {
          const p = params[0];
          if (!p.rpcUrls?.[0] || !p.nativeCurrency) return err(-32602, 'rpcUrls and nativeCurrency are required');
          const id = Number(p.chainId);
          this.known[id] = p.rpcUrls[0];
          this.chainId = id;
          await this.emit('chainChanged', p.chainId);
          return { result: null };
        }
        case 'wallet_watchAsset':
          this.watched.push(params.options ?? params[0]?.options);
          return { result: true };
      }
      if (!this.connected) return err(4100, 'The requested account and/or method has not been authorized by the user.');
      const { pub, wal } = this.clients();
      switch (method) {
        case 'eth_sendTransaction': {
          const tx = params[0];
          if (tx.from.toLowerCase() !== this.address.toLowerCase()) return err(-32602, `from ${tx.from} is not the wallet's account`);
          const hash = await wal.sendTransaction({ to: tx.to, data: tx.data, value: tx.value ? BigInt(tx.value) : undefined });
          return { result: hash };
        }
        case 'eth_signTypedData_v4': {
          const [from, json] = params;
          if (from.toLowerCase() !== this.address.toLowerCase()) return err(-32602, `${from} is not the wallet's account`);
          const { domain, types, primaryType, message } = JSON.parse(json);
          const { EIP712Domain: _, ...rest } = types;
          return { result: await this.account.signTypedData({ domain, types: rest, primaryType, message }) };
        }
        default:
          return { result: await pub.request({ method, params }) };
      }
    } catch (e) {
      const data = e?.cause?.data ?? e?.data;
      return { error: { code: e?.code ?? -32603, message: e?.shortMessage ?? String(e?.message ?? e), data } };
    }
  }
}
