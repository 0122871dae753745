// Saver view: AID and sAID balances, share price, vesting yield and APY, stake (permit or approve)
// and the exit the vault offers.
import { html, nothing } from 'lit-html';
import { actions } from '../main';
import { state } from '../state';
import type { Snapshot } from '../data';
import { transact } from '../tx';
import { fmtAid, fmtBps, fmtTime, fmtDuration, parseAmount, toInput } from '../format';
import { projectedApyBps, vestingAprBps } from '../math';
import { cancelRequestTx, depositTx, previewDeposit, previewRedeem, redeemTx, requestRedeemTx, vaultAddress } from '../contracts/vault';
import { approveTx, permitTx, permitTypedData } from '../contracts/token';
import { explain } from '../errors';
import { amount, row } from './ui';

/** The vault's own preview of an amount typed in a form, fetched once per (block, amount). */
const previews = new Map<string, bigint | 'loading'>();
function preview(kind: 'deposit' | 'redeem', amt: bigint | null, block: bigint): bigint | undefined {
  if (!amt) return undefined;
  const key = `${kind}:${block}:${amt}`;
  const v = previews.get(key);
  if (v === undefined) {
    previews.set(key, 'loading');
    const ctx = state.ctx!;
    (kind === 'deposit' ? previewDeposit(ctx, amt) : previewRedeem(ctx, amt))
      .then((x) => previews.set(key, x))
      .catch(() => previews.delete(key))
      .finally(actions.update);
  }
  return typeof v === 'bigint' ? v : undefined;
}

async function stake(assets: bigint) {
  const ctx = state.ctx!;
  const me = state.account!;
  const vault = vaultAddress(ctx);
  if (!state.usePermit) return transact([approveTx(ctx, vault, assets, 'staking'), depositTx(ctx, assets, me)], actions.update);
  // EIP-2612: the approval is a signature (eth_signTypedData_v4), submitted with the permit call.
  const deadline = state.snap!.time + 3600n;
  let sig: `0x${string}`;
  try {
    const typed = await permitTypedData(ctx, me, vault, assets, deadline);
    sig = (await state.wallet!.provider.request({ method: 'eth_signTypedData_v4', params: [me, JSON.stringify(typed)] })) as `0x${string}`;
  } catch (e) {
    state.notice = { kind: 'error', text: explain(e) };
    actions.update();
    return false;
  }
  return transact([permitTx(ctx, me, vault, assets, deadline, sig), depositTx(ctx, assets, me)], actions.update);
}

export function saverView(s: Snapshot) {
  const v = s.vault;
  const apy = projectedApyBps(
    s.minter.models.map((m) => ({ debt: m.debt, aprBps: m.aprBps })),
    s.minter.savingsShareBps,
    v.totalAssets,
  );
  const vesting = vestingAprBps(v.unvested, s.time, v.vestingEnd, v.totalAssets);
  const u = s.user;
  const depText = state.forms['deposit'] ?? '';
  const dep = parseAmount(depText);
  const depErr = !depText.trim() ? undefined : dep === null || dep === 0n ? 'Enter an amount of AID.' : u && dep > u.aid ? `You hold ${fmtAid(u.aid)} AID.` : u && dep > u.saver.maxDeposit ? `The vault takes at most ${fmtAid(u.saver.maxDeposit)} AID now.` : undefined;
  const redText = state.forms['redeem'] ?? '';
  const red = parseAmount(redText);
  const instant = v.cooldown === 0n;
  // With a cooldown the form requests an exit (up to the balance); without, it redeems at once.
  const redMax = u ? (instant ? u.saver.maxRedeem : u.saver.shares) : 0n;
  const redErr = !redText.trim() ? undefined : red === null || red === 0n ? 'Enter an amount of sAID.' : u && red > redMax ? `You can ${instant ? 'redeem' : 'request'} at most ${fmtAid(redMax)} sAID.` : undefined;
  const req = u?.saver.request;
  return html`<section data-test="saver">
    <dl class="card">
      ${u ? row('Your AID', amount('saver-aid', u.aid)) : nothing}
      ${u ? row('Your sAID', html`${amount('saver-said', u.saver.shares, 'sAID')} worth ${amount('saver-said-assets', u.saver.assets)}`) : nothing}
      ${row('sAID share price', amount('share-price', v.sharePrice, 'AID per sAID'))}
      ${row('Vault total assets', amount('vault-assets', v.totalAssets))}
      ${row('Yield vesting now', v.unvested > 0n
        ? html`${amount('unvested', v.unvested)} until ${fmtTime(v.vestingEnd)} (in ${fmtDuration(v.vestingEnd - s.time)}), ${fmtBps(vesting)} a year while it vests`
        : html`<span data-test="unvested" data-value="0">none</span>`)}
      ${row('APY (projected)', html`<span data-test="apy" data-value=${apy.toString()}>${fmtBps(apy)}</span>
        <small>= Σ over models of debt × stability-fee APR × savings share (${fmtBps(s.minter.savingsShareBps)}) ÷ vault total assets, all read from AidMinter and SAidVault; simple (interest is distributed as it is dripped, vesting over ${fmtDuration(v.vestingPeriod)})</small>`)}
    </dl>
    ${u
      ? html`<div class="form card">
            <h3>Stake AID</h3>
            <label>AID <input data-test="deposit-input" .value=${depText} @input=${(e: Event) => actions.setForm('deposit', (e.target as HTMLInputElement).value)} placeholder="0.0" /></label>
            <button class="link" data-test="deposit-max" @click=${() => actions.setForm('deposit', toInput(u.aid))}>max ${fmtAid(u.aid)}</button>
            <label class="check"><input type="checkbox" data-test="use-permit" .checked=${state.usePermit} @change=${(e: Event) => ((state.usePermit = (e.target as HTMLInputElement).checked), actions.update())} /> approve with a signature (EIP-2612 permit)</label>
            <button data-test="deposit" ?disabled=${state.busy || !dep || !!depErr} @click=${async () => (await stake(dep!)) && actions.setForm('deposit', '')}>Stake</button>
            ${depErr ? html`<p class="err" data-test="deposit-error">${depErr}</p>` : nothing}
            ${!depErr && preview('deposit', dep, s.block) !== undefined
              ? html`<p class="preview" data-test="deposit-preview">You receive ${fmtAid(preview('deposit', dep, s.block)!)} sAID (the vault's previewDeposit).</p>`
              : nothing}
          </div>
          <div class="form card">
            <h3>Unstake</h3>
            <label>sAID <input data-test="redeem-input" .value=${redText} @input=${(e: Event) => actions.setForm('redeem', (e.target as HTMLInputElement).value)} placeholder="0.0" /></label>
            <button class="link" data-test="redeem-max" @click=${() => actions.setForm('redeem', toInput(redMax))}>max ${fmtAid(redMax)}</button>
            ${instant
              ? html`<button data-test="redeem" ?disabled=${state.busy || !red || !!redErr} @click=${async () => (await transact([redeemTx(state.ctx!, red!, u.address)], actions.update)) && actions.setForm('redeem', '')}>Unstake (redeem)</button>`
              : html`<button data-test="request" ?disabled=${state.busy || !red || !!redErr} @click=${async () => (await transact([requestRedeemTx(state.ctx!, red!, u.address)], actions.update)) && actions.setForm('redeem', '')}>Request to unstake</button>`}
            ${redErr ? html`<p class="err" data-test="redeem-error">${redErr}</p>` : nothing}
            ${!redErr && preview('redeem', red, s.block) !== undefined
              ? html`<p class="preview" data-test="redeem-preview">Worth ${fmtAid(preview('redeem', red, s.block)!)} AID now (the vault's previewRedeem)${instant ? '' : '; a claim pays at most the value at the request'}.</p>`
              : nothing}
            <p class="hint">${instant
              ? 'Redeeming is immediate and never paused: you receive the AID your shares are worth.'
              : html`Exits take a request and a cooldown of ${fmtDuration(v.cooldown)}: requested sAID earns no more yield, still absorbs losses, and pays at most its value at the request. Never paused.`}</p>
            ${req && req.shares > 0n
              ? html`<div class="request" data-test="exit-request">
                  Your request: ${amount('request-shares', req.shares, 'sAID')} worth at most ${amount('request-assets', req.assets)};
                  ${req.claimable > 0n
                    ? html`<b class="ok" data-test="request-claimable">claimable now</b>
                        <button data-test="claim" ?disabled=${state.busy} @click=${() => transact([redeemTx(state.ctx!, req.claimable, u.address, 'Claim the unstake request')], actions.update)}>Claim ${fmtAid(req.claimable)} sAID</button>`
                    : html`claimable at <span data-test="request-claimable-at" data-value=${req.claimableAt.toString()}>${fmtTime(req.claimableAt)}</span> (in ${fmtDuration(req.claimableAt - s.time)})`}
                  <button data-test="cancel-request" ?disabled=${state.busy} @click=${() => transact([cancelRequestTx(state.ctx!, u.address)], actions.update)}>Cancel request</button>
                </div>`
              : nothing}
          </div>`
      : html`<p class="empty">Connect a wallet to stake.</p>`}
  </section>`;
}
