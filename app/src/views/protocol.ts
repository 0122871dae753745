// Protocol view: debt, supply, surplus, unbacked debt, the vault, per-model parameters, positions
// that can be liquidated and the running auctions; anyone can liquidate or bid from here.
import { html, nothing } from 'lit-html';
import { actions } from '../main';
import { state } from '../state';
import type { Snapshot } from '../data';
import { transact } from '../tx';
import { fmtAid, fmtBps, fmtDuration, fmtTime } from '../format';
import { auctionHouse, bidTx, liquidateTx, resetTx } from '../contracts/auctions';
import { withApproval } from './borrower';
import { addr, amount, row } from './ui';

export function protocolView(s: Snapshot) {
  const m = s.minter;
  const ctx = state.ctx!;
  const [startBps, duration, floorBps, penaltyBps, keeperBps] = s.auctionParams;
  const liqText = state.forms['liquidate'] ?? '';
  const liqId = /^\d+$/.test(liqText.trim()) ? BigInt(liqText.trim()) : null;
  const auctions = s.pledged.filter((r) => r.auction);
  const atRisk = s.pledged.filter((r) => r.position?.liquidatable);
  return html`<section data-test="protocol">
    <dl class="card">
      ${row('Total debt', amount('total-debt', m.totalDebt))}
      ${row('AID supply', amount('aid-supply', s.aidSupply))}
      ${row('Surplus buffer', amount('surplus', s.reserves.surplus))}
      ${row('Unbacked debt', amount('unbacked', s.reserves.unbacked))}
      ${row('sAID total assets', amount('protocol-vault-assets', s.vault.totalAssets))}
      ${row('Global debt ceiling', html`${amount('global-ceiling', m.globalCeiling)} · dust ${fmtAid(m.dust)} AID · savings share ${fmtBps(m.savingsShareBps)}`)}
      ${row('Auctions', html`start at ${fmtBps(startBps)} of the valuation, fall to ${fmtBps(floorBps)} of the start over ${fmtDuration(duration)}; penalty ${fmtBps(penaltyBps)}, keeper fee ${fmtBps(keeperBps)}`)}
      ${m.paused ? row('Paused', html`<b class="bad">borrowing and new pledges are paused</b>`) : nothing}
    </dl>
    <table class="card" data-test="models">
      <thead><tr><th>Model</th><th>Min ratio</th><th>Liquidation ratio</th><th>Stability fee</th><th>Debt used / ceiling</th></tr></thead>
      <tbody>
        ${m.models.map(
          (x) => html`<tr data-test="model-${x.name}">
            <td>${x.name}</td><td>${fmtBps(x.minRatioBps)}</td><td>${fmtBps(x.liqRatioBps)}</td><td>${fmtBps(x.aprBps)} APR</td>
            <td>${amount(`model-debt-${x.name}`, x.debt)} / ${fmtAid(x.ceiling, 0)} (${fmtBps(x.ceiling ? (x.debt * 10_000n) / x.ceiling : 0n)})</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <div class="card">
      <h3>Liquidations</h3>
      ${atRisk.length
        ? html`<ul>${atRisk.map(
            (r) => html`<li data-test="at-risk-${r.id}">GPU #${r.id}: value ${fmtAid(r.position!.value)} USD, debt ${fmtAid(r.position!.debt)} AID, ratio ${fmtBps(r.position!.ratioBps)}
              <button data-test="liquidate-${r.id}" ?disabled=${state.busy || !state.account} @click=${() => transact([liquidateTx(ctx, r.id)], actions.update)}>Liquidate</button></li>`,
          )}</ul>`
        : html`<p>No position is below its liquidation ratio.</p>`}
      <div class="form">
        <label>Liquidate GPU # <input data-test="liquidate-input" .value=${liqText} @input=${(e: Event) => actions.setForm('liquidate', (e.target as HTMLInputElement).value)} /></label>
        <button data-test="liquidate" ?disabled=${state.busy || liqId === null || !state.account} @click=${() => transact([liquidateTx(ctx, liqId!)], actions.update)}>Start auction</button>
      </div>
    </div>
    <div class="card" data-test="auctions">
      <h3>Active auctions</h3>
      ${auctions.length
        ? html`<table><thead><tr><th>GPU</th><th>Debt</th><th>Start price</th><th>Price now</th><th>Started</th><th>Keeper</th><th></th></tr></thead><tbody>
            ${auctions.map((r) => {
              const a = r.auction!;
              return html`<tr data-test="auction-${r.id}">
                <td>#${r.id}</td><td>${amount(`auction-debt-${r.id}`, a.debt)}</td><td>${fmtAid(a.startPrice)}</td>
                <td>${a.price === null ? 'expired' : amount(`auction-price-${r.id}`, a.price)}</td><td>${fmtTime(a.startedAt)}</td><td>${addr(a.keeper)}</td>
                <td>${a.price === null
                  ? html`<button data-test="reset-${r.id}" ?disabled=${state.busy || !state.account} @click=${() => transact([resetTx(ctx, r.id)], actions.update)}>Reset</button>`
                  : html`<button data-test="bid-${r.id}" ?disabled=${state.busy || !state.account}
                      @click=${() => withApproval(auctionHouse(ctx), a.price!, 'the bid', bidTx(ctx, r.id, a.price!, state.account!))}>Bid ${fmtAid(a.price)} AID</button>`}</td>
              </tr>`;
            })}
          </tbody></table>`
        : html`<p data-test="no-auctions">No auction is running.</p>`}
    </div>
  </section>`;
}
