// The page frame: wallet and chain status, address book, tabs, notices and the transaction list.
import { html, nothing } from 'lit-html';
import { actions } from '../main';
import { state } from '../state';
import { shortAddr } from '../format';
import { addr, amount } from './ui';
import { borrowerView } from './borrower';
import { saverView } from './saver';
import { protocolView } from './protocol';

function walletBar() {
  if (!state.wallets.length)
    return html`<div class="status" data-test="wallet-status">No browser wallet found: install MetaMask (or another EIP-6963 wallet) to act; the figures below are read from the chain.</div>`;
  if (!state.wallet)
    return html`<div class="status" data-test="wallet-status">
      Choose a wallet: ${state.wallets.map((w) => html`<button @click=${() => actions.chooseWallet(w)}>${w.info.name}</button>`)}
    </div>`;
  if (!state.account)
    return html`<div class="status" data-test="wallet-status">
      ${state.wallet.info.name} is locked or not connected to this site.
      <button data-test="connect" @click=${actions.connect}>Connect</button>
    </div>`;
  const wrong = state.chain && state.walletChainId !== state.chain.id;
  return html`<div class="status ${wrong ? 'warn' : ''}" data-test="wallet-status">
    ${addr(state.account)}
    ${wrong
      ? html`<span data-test="wrong-chain">Your wallet is on chain ${state.walletChainId}, which has no AID deployment${state.index.chains.length ? '' : ''}.</span>
          <button data-test="switch" @click=${actions.switchChain}>Switch to ${state.chain!.name}</button>`
      : html`<span>on ${state.chain?.name}</span>${state.snap?.user ? html` · ${amount('eth', state.snap.user.eth, 'ETH')}` : nothing}`}
  </div>`;
}

function bookBar() {
  const b = state.book;
  if (!b) return nothing;
  const explorer = state.chain?.blockExplorers?.default.url;
  return html`<details class="book">
    <summary>Address book of chain ${b.chainId} (<a href="./deployments/${b.chainId}.json" target="_blank">JSON</a>)</summary>
    <ul>
      ${Object.entries(b.contracts).map(
        ([name, e]) => html`<li>${name}: ${explorer ? html`<a href="${explorer}/address/${e.address}" target="_blank">${addr(e.address)}</a>` : addr(e.address)}</li>`,
      )}
    </ul>
  </details>`;
}

function assets() {
  const b = state.book;
  if (!b || !state.wallet) return nothing;
  return html`<span class="assets">
    <button data-test="watch-AID" @click=${() => actions.watch(b.contracts.AidToken.address, 'AID')}>Add AID to wallet</button>
    <button data-test="watch-sAID" @click=${() => actions.watch(b.contracts.SAidVault.address, 'sAID')}>Add sAID to wallet</button>
  </span>`;
}

function txList() {
  if (!state.txs.length) return nothing;
  return html`<section class="txs"><h3>Transactions</h3><ul>
    ${state.txs.slice(0, 8).map(
      (t) => html`<li class="tx ${t.status}" data-test="tx" data-status=${t.status}>
        <b>${t.status}</b> ${t.label} ${t.hash ? html`<span class="addr" title=${t.hash}>${shortAddr(t.hash)}<button class="copy" @click=${() => navigator.clipboard?.writeText(t.hash!)}>copy</button></span>` : nothing}
        ${t.error ? html`<div class="err">${t.error}</div>` : nothing}
      </li>`,
    )}
  </ul></section>`;
}

function body() {
  if (!state.chain) return html`<p class="empty">Looking for address books in ./deployments/ …</p>`;
  if (!state.book)
    return html`<p class="empty" data-test="no-book">No AID Protocol address book for chain ${state.chain.id}. Deployed on: ${state.index.chains.join(', ') || 'none'}.</p>`;
  if (state.loadError) return html`<p class="notice error" data-test="load-error">${state.loadError}</p>`;
  if (!state.snap) return html`<p class="empty">Reading the chain …</p>`;
  switch (state.view) {
    case 'borrower':
      return borrowerView(state.snap);
    case 'saver':
      return saverView(state.snap);
    case 'protocol':
      return protocolView(state.snap);
  }
}

export function page() {
  const tab = (v: typeof state.view, label: string) =>
    html`<button class="tab ${state.view === v ? 'on' : ''}" data-test="tab-${v}" @click=${() => actions.setView(v)}>${label}</button>`;
  return html`<header>
      <h1>AID Protocol</h1>
      ${walletBar()} ${assets()}
    </header>
    <nav>${tab('borrower', 'Borrow')} ${tab('saver', 'Save')} ${tab('protocol', 'Protocol')}
      ${state.snap ? html`<span class="block" data-test="block">block ${state.snap.block}</span>` : nothing}</nav>
    ${state.notice ? html`<p class="notice ${state.notice.kind}" role="alert" data-test="notice">${state.notice.text}</p>` : nothing}
    <main class=${state.busy ? 'busy' : ''}>${body()}</main>
    ${txList()} ${bookBar()}`;
}
