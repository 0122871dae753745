// Borrower view: the user's GPU tokens (held and pledged), their valuation and health, and
// pledge / borrow / repay / withdraw with the outcome previewed from the contracts' own numbers.
import { html, nothing } from 'lit-html';
import { actions } from '../main';
import { state } from '../state';
import type { Snapshot, TokenRow } from '../data';
import { transact } from '../tx';
import { fmtAid, fmtBps, fmtDuration, fmtTime, parseAmount, toInput } from '../format';
import { covers, debtAfterBorrow, debtOf, headroomBps, maxBorrow, rateAfter, ratioBps } from '../math';
import { pledgeTx } from '../contracts/registry';
import { borrowTx, minterAddress, repayTx, withdrawTx, type ModelInfo } from '../contracts/minter';
import { allowance, approveTx } from '../contracts/token';
import { amount, row } from './ui';

/**
 * Seconds of interest to allow for between the snapshot's block and the block the transaction is
 * mined in. Chain time, not the browser's clock: a local chain's clock may differ from the wall clock.
 */
const HORIZON = 180n;

interface Figures {
  m: ModelInfo;
  debt: bigint;
  max: bigint;
  /** What "repay all" sends: the debt grown over 10 more minutes (the minter caps it at the debt). */
  repayAll: bigint;
  rateLater: bigint;
}

function figures(s: Snapshot, r: TokenRow): Figures | null {
  const m = s.minter.models.find((x) => x.id === r.asset.model);
  if (!m || !r.position) return null;
  const h = HORIZON;
  const rateLater = rateAfter(m.rate, m.fee, h);
  const max = r.position.fresh
    ? maxBorrow({
        art: r.position.art,
        rate: m.rate,
        rateLater,
        value: r.position.value,
        minRatioBps: m.minRatioBps,
        modelRoom: m.ceiling > m.debt ? m.ceiling - m.debt : 0n,
        globalRoom: s.minter.globalCeiling > s.minter.totalDebt ? s.minter.globalCeiling - s.minter.totalDebt : 0n,
      })
    : 0n;
  const repayAll = debtOf(r.position.art, rateAfter(m.rate, m.fee, h + 600n));
  return { m, debt: r.position.debt, max, repayAll, rateLater };
}

/** Validation and preview of the borrow form: an error (nothing may be sent) or what will change. */
function borrowCheck(s: Snapshot, r: TokenRow, f: Figures, text: string): { error?: string; preview?: string; amount?: bigint } {
  if (!text.trim()) return {};
  const a = parseAmount(text);
  if (a === null || a === 0n) return { error: 'Enter an amount of AID (up to 18 decimals).' };
  if (!r.position!.fresh) return { error: 'The appraisal is stale: nothing can be borrowed until the GPU is re-appraised.' };
  if (a > f.max) return { error: `At most ${fmtAid(f.max, 18)} AID can be borrowed now; ${fmtAid(a, 18)} is more.` };
  const newDebt = debtAfterBorrow(r.position!.art, a, f.rateLater);
  if (newDebt < s.minter.dust) return { error: `A position must owe at least ${fmtAid(s.minter.dust)} AID: borrow at least ${fmtAid(s.minter.dust - f.debt)}.` };
  if (!covers(r.position!.value, newDebt, f.m.minRatioBps)) return { error: `That would put the ratio below ${fmtBps(f.m.minRatioBps)}.` };
  return { amount: a, preview: `Debt ${fmtAid(f.debt)} → ${fmtAid(newDebt)} AID; ratio ${fmtBps(r.position!.ratioBps)} → ${fmtBps(ratioBps(r.position!.value, newDebt))}.` };
}

function repayCheck(s: Snapshot, r: TokenRow, f: Figures, text: string): { error?: string; preview?: string; amount?: bigint } {
  if (!text.trim()) return {};
  const a = parseAmount(text);
  if (a === null || a === 0n) return { error: 'Enter an amount of AID (up to 18 decimals).' };
  const bal = s.user!.aid;
  if (a > bal) return { error: `You hold ${fmtAid(bal)} AID, less than ${fmtAid(a)}.` };
  if (a >= f.debt) return { error: 'That covers the whole debt: use "Repay all", which also pays the interest accruing meanwhile.' };
  const left = f.debt - a;
  if (left < s.minter.dust) return { error: `The debt left (${fmtAid(left)} AID) would be below the minimum of ${fmtAid(s.minter.dust)} AID: repay all, or less.` };
  return { amount: a, preview: `Debt ${fmtAid(f.debt)} → about ${fmtAid(left)} AID; ratio → ${fmtBps(ratioBps(r.position!.value, left))}.` };
}

export async function withApproval(spender: `0x${string}`, amt: bigint, why: string, main: ReturnType<typeof repayTx>) {
  const ctx = state.ctx!;
  const have = await allowance(ctx, state.account!, spender);
  return transact(have >= amt ? [main] : [approveTx(ctx, spender, amt, why), main], actions.update);
}

function card(s: Snapshot, r: TokenRow) {
  const id = r.id;
  const a = r.asset;
  const name = s.minter.models.find((m) => m.id === a.model)?.name ?? a.model.slice(0, 10);
  const f = figures(s, r);
  const age = s.time > a.appraisedAt ? s.time - a.appraisedAt : 0n;
  const status = r.auction ? 'In auction' : r.position ? 'Pledged' : 'In your wallet';
  const k = (x: string) => `${x}:${id}`;
  const b = f ? borrowCheck(s, r, f, state.forms[k('borrow')] ?? '') : {};
  const rp = f ? repayCheck(s, r, f, state.forms[k('repay')] ?? '') : {};
  const ctx = state.ctx!;
  const me = state.account!;
  return html`<article class="card" data-test="gpu-${id}" data-status=${status}>
    <h3>GPU #${id} · ${name} · ${a.gpuCount} GPUs <span class="badge">${status}</span></h3>
    <dl>
      ${row('Book value', amount(`book-${id}`, a.bookValue, 'USD'))}
      ${row('Appraisal', html`${amount(`appraisal-${id}`, a.appraisal, 'USD')} on ${fmtTime(a.appraisedAt)}
        <span class=${a.fresh ? 'ok' : 'bad'} data-test="fresh-${id}">${a.fresh ? `fresh for ${fmtDuration(s.appraisalMaxAge > age ? s.appraisalMaxAge - age : 0n)}` : 'stale'}</span>`)}
      ${row('Valuation', amount(`value-${id}`, a.value, 'USD'))}
      ${f && r.position
        ? html`${row('Debt', amount(`debt-${id}`, f.debt))}
          ${row('Collateral ratio', html`<span data-test="ratio-${id}" data-value=${r.position.ratioBps.toString()}>${fmtBps(r.position.ratioBps)}</span>`)}
          ${row('Liquidation ratio', html`<span data-test="liq-${id}">${fmtBps(f.m.liqRatioBps)}</span> (minimum to borrow ${fmtBps(f.m.minRatioBps)})`)}
          ${row('Value can fall', html`<span data-test="headroom-${id}">${fmtBps(headroomBps(r.position.value, f.debt, f.m.liqRatioBps))}</span> before liquidation`)}
          ${r.position.liquidatable ? row('Warning', html`<b class="bad">below the liquidation ratio: anyone can liquidate it now</b>`) : nothing}`
        : nothing}
      ${r.auction
        ? row('Auction', html`current price ${r.auction.price === null ? 'expired (reset needed)' : amount(`auction-price-${id}`, r.auction.price)}, debt ${amount(`auction-debt-${id}`, r.auction.debt)}`)
        : nothing}
    </dl>
    ${!r.position && !r.auction
      ? html`<button data-test="pledge-${id}" ?disabled=${state.busy} @click=${() => transact([pledgeTx(ctx, me, minterAddress(ctx), id)], actions.update)}>Pledge to borrow</button>`
      : nothing}
    ${f && !r.auction
      ? html`<div class="form">
            <label>Borrow AID <input data-test="borrow-input-${id}" .value=${state.forms[k('borrow')] ?? ''} @input=${(e: Event) => actions.setForm(k('borrow'), (e.target as HTMLInputElement).value)} placeholder="0.0" /></label>
            <button class="link" data-test="borrow-max-${id}" data-value=${f.max.toString()} @click=${() => actions.setForm(k('borrow'), toInput(f.max))}>max ${fmtAid(f.max)}</button>
            <button data-test="borrow-${id}" ?disabled=${state.busy || !b.amount}
              @click=${async () => (await transact([borrowTx(ctx, id, b.amount!, me)], actions.update)) && actions.setForm(k('borrow'), '')}>Borrow</button>
            ${b.error ? html`<p class="err" data-test="borrow-error-${id}">${b.error}</p>` : nothing}
            ${b.preview ? html`<p class="preview" data-test="borrow-preview-${id}">${b.preview}</p>` : nothing}
          </div>
          ${f.debt > 0n
            ? html`<div class="form">
                <label>Repay AID <input data-test="repay-input-${id}" .value=${state.forms[k('repay')] ?? ''} @input=${(e: Event) => actions.setForm(k('repay'), (e.target as HTMLInputElement).value)} placeholder="0.0" /></label>
                <button data-test="repay-${id}" ?disabled=${state.busy || !rp.amount}
                  @click=${async () => (await withApproval(minterAddress(ctx), rp.amount!, 'repayment', repayTx(ctx, id, rp.amount!))) && actions.setForm(k('repay'), '')}>Repay</button>
                <button data-test="repay-all-${id}" ?disabled=${state.busy || s.user!.aid < f.debt} title="Pays the debt including the interest accrued until the transaction is mined"
                  @click=${() => {
                    const amt = f.repayAll < s.user!.aid ? f.repayAll : s.user!.aid;
                    return withApproval(minterAddress(ctx), amt, 'repayment', repayTx(ctx, id, amt));
                  }}>Repay all (${fmtAid(f.debt)} + interest)</button>
                ${s.user!.aid < f.debt ? html`<p class="err">You hold ${fmtAid(s.user!.aid)} AID; repaying all needs ${fmtAid(f.debt)} AID and a little interest.</p>` : nothing}
                ${rp.error ? html`<p class="err" data-test="repay-error-${id}">${rp.error}</p>` : nothing}
                ${rp.preview ? html`<p class="preview">${rp.preview}</p>` : nothing}
              </div>`
            : html`<button data-test="withdraw-${id}" ?disabled=${state.busy} @click=${() => transact([withdrawTx(ctx, id, me)], actions.update)}>Withdraw the GPU token</button>`}`
      : nothing}
  </article>`;
}

export function borrowerView(s: Snapshot) {
  if (!s.user) return html`<p class="empty" data-test="borrower-empty">Connect a wallet to see your GPU tokens.</p>`;
  return html`<section data-test="borrower">
    <p class="summary">You hold ${amount('aid-balance', s.user.aid)} · ${s.user.tokens.length} GPU token(s)</p>
    ${s.user.tokens.length
      ? s.user.tokens.map((r) => card(s, r))
      : html`<p class="empty" data-test="no-gpus">No GPU tokens for this account. Tokens are registered to operators by the registrar after due diligence.</p>`}
  </section>`;
}
