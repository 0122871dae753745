// Small view helpers: amounts carrying their exact value for tests and tooltips, copyable addresses.
import { html } from 'lit-html';
import { fmtAid, shortAddr } from '../format';

/** An amount shown with grouping and 2 decimals; `data-value` holds the exact wei. */
export const amount = (test: string, x: bigint, unit = 'AID') =>
  html`<span class="amt" data-test=${test} data-value=${x.toString()} title=${`${fmtAid(x, 18)} ${unit}`}>${fmtAid(x)} ${unit}</span>`;

/** A shortened address with a copy button. */
export const addr = (a: string) =>
  html`<span class="addr" title=${a}>${shortAddr(a)}<button class="copy" title="Copy ${a}" @click=${() => navigator.clipboard?.writeText(a)}>copy</button></span>`;

export const row = (label: string, value: unknown) => html`<div class="row"><dt>${label}</dt><dd>${value}</dd></div>`;
