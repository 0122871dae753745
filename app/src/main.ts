// Entry point: finds the chain and the wallet, keeps a snapshot of the chain fresh (one batched
// refresh per new block) and renders the whole page with lit-html whenever anything changes.
import { render } from 'lit-html';
import type { Address } from 'viem';
import { chainFor, loadBook, loadIndex, readClient, LOCAL_CHAIN_ID } from './chain';
import { loadSnapshot, TokenIndex } from './data';
import { explain, modelNames } from './errors';
import { state } from './state';
import * as wallet from './wallet';
import { page } from './views/page';
import './style.css';

const root = document.getElementById('app')!;
let populatedAt: number | undefined;

/** Re-renders the page from the state. */
export function update() {
  render(page(), root);
  if (populatedAt === undefined && state.snap?.user) {
    populatedAt = performance.now();
    (window as unknown as { __aidPopulatedMs: number }).__aidPopulatedMs = populatedAt;
    document.body.dataset.populated = '1';
  }
}

let refreshing: Promise<void> | null = null;
let again = false;
/** Reads a new snapshot (coalescing calls made while one is in flight). */
export async function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      again = false;
      if (!state.ctx || !state.tokens) return;
      try {
        state.snap = await loadSnapshot(state.ctx, state.tokens, state.account ?? null);
        state.loadError = undefined;
      } catch (e) {
        state.loadError = `Cannot read the chain at ${state.chain?.rpcUrls.default.http[0]}: ${explain(e)}`;
      }
      update();
    } while (again);
  })();
  try {
    await refreshing;
  } finally {
    refreshing = null;
  }
}

/** Shows `chainId`: its address book, read client and token index (once, however many callers ask). */
let shown: { chainId: number; ready: Promise<void> } | undefined;
function useChain(chainId: number): Promise<void> {
  if (shown?.chainId === chainId) return shown.ready;
  const ready = (async () => {
    state.chain = chainFor(chainId, state.index);
    state.snap = undefined;
    state.ctx = undefined;
    state.book = await loadBook(chainId);
    if (!state.book) return update();
    modelNames.clear();
    for (const m of state.book.models) modelNames.set(m.id, m.name);
    const book = state.book;
    const client = readClient(state.chain, (mc) => {
      if (state.ctx?.book === book) state.ctx = { client: mc, book };
    });
    state.ctx = { client, book };
    state.tokens = new TokenIndex(book.blockNumber);
    update();
    // The first snapshot waits (briefly) for the wallet's account, so it is the user's at once.
    await Promise.race([walletKnown, new Promise((r) => setTimeout(r, 500))]);
    await refresh();
  })();
  shown = { chainId, ready };
  return ready;
}

let walletKnownResolve: () => void = () => {};
/** Settles when the wallet's account and chain are known (or there is no wallet). */
const walletKnown = new Promise<void>((r) => (walletKnownResolve = r));

/** Follows the wallet's account and chain. */
async function syncWallet() {
  const w = state.wallet?.provider;
  if (!w) return;
  try {
    const [accts, id] = await Promise.all([wallet.accounts(w), wallet.chainId(w)]).finally(walletKnownResolve);
    state.account = accts[0] as Address | undefined;
    state.walletChainId = id;
    if (state.index.chains.includes(id)) await useChain(id);
    else if (shown) await shown.ready;
  } catch (e) {
    state.notice = { kind: 'error', text: explain(e) };
  }
  update();
  await refresh();
}

function chooseWallet(d: wallet.Detected) {
  state.wallet = d;
  d.provider.on?.('accountsChanged', () => void syncWallet());
  d.provider.on?.('chainChanged', () => void syncWallet());
  void syncWallet();
}

/** User actions shared by the views. */
export const actions = {
  update,
  refresh,
  chooseWallet,
  async connect() {
    if (!state.wallet) return;
    try {
      await wallet.requestAccounts(state.wallet.provider);
      state.notice = undefined;
    } catch (e) {
      state.notice = { kind: 'error', text: explain(e) };
    }
    await syncWallet();
  },
  async switchChain() {
    if (!state.wallet || !state.chain) return;
    try {
      await wallet.switchTo(state.wallet.provider, state.chain);
      state.notice = undefined;
    } catch (e) {
      state.notice = { kind: 'error', text: explain(e) };
    }
    await syncWallet();
  },
  async watch(address: Address, symbol: string) {
    if (!state.wallet) return;
    try {
      await wallet.watchAsset(state.wallet.provider, address, symbol, 18);
      state.notice = { kind: 'info', text: `${symbol} was offered to your wallet.` };
    } catch (e) {
      state.notice = { kind: 'error', text: explain(e) };
    }
    update();
  },
  setView(v: typeof state.view) {
    state.view = v;
    history.replaceState(null, '', `#${v}`);
    update();
  },
  setForm(key: string, value: string) {
    state.forms[key] = value;
    update();
  },
};

async function start() {
  const hash = location.hash.slice(1);
  if (hash === 'saver' || hash === 'protocol') state.view = hash;
  update();
  state.index = await loadIndex();
  wallet.discover((list) => {
    state.wallets = list;
    if (!state.wallet && list.length === 1) chooseWallet(list[0]);
    update();
  });
  if (!state.wallet) walletKnownResolve();
  const wanted = Number(new URLSearchParams(location.search).get('chain')) || undefined;
  const first = wanted ?? (state.index.chains.includes(LOCAL_CHAIN_ID) ? LOCAL_CHAIN_ID : state.index.chains[0]);
  if (first !== undefined && !shown) await useChain(first);
  else update();
  // One eth_blockNumber per second; a new block triggers one batched refresh.
  let last = -1n;
  setInterval(async () => {
    const c = state.ctx?.client;
    if (!c) return;
    try {
      const n = await c.getBlockNumber({ cacheTime: 0 });
      if (n !== last) {
        last = n;
        await refresh();
      }
    } catch {
      /* the refresh reports an unreachable node */
    }
  }, 1000);
}

void start();
