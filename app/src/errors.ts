// Turns any failure into a sentence: wallet rejections (4001), the custom errors of every contract
// (decoded with all of interfaces/abi/*.json at once, so a new contract's errors are covered by
// adding its ABI file), and anything else by its short message.
import { BaseError, decodeErrorResult, type Abi, type Hex } from 'viem';
import { ABIS, ERROR_NOTICES } from './gen/abi';
import { fmtAid, fmtBps, fmtTime, shortAddr } from './format';

type ErrorItem = Extract<Abi[number], { type: 'error' }>;

/** Every custom error of every interface, once per selector-defining signature. */
const ALL_ERRORS: Abi = (() => {
  const seen = new Set<string>();
  const out: ErrorItem[] = [];
  for (const abi of Object.values(ABIS) as readonly Abi[])
    for (const item of abi)
      if (item.type === 'error') {
        const sig = `${item.name}(${item.inputs.map((i) => i.type).join(',')})`;
        if (!seen.has(sig)) {
          seen.add(sig);
          out.push(item);
        }
      }
  return out;
})();

/** Model names by id, for sentences (set when an address book is loaded). */
export const modelNames = new Map<string, string>();

type Args = Record<string, unknown>;
const pct = (value: unknown, debt: unknown) => (BigInt(debt as bigint) === 0n ? '∞' : fmtBps((BigInt(value as bigint) * 10_000n) / BigInt(debt as bigint)));
const aid = (x: unknown) => `${fmtAid(BigInt(x as bigint))} AID`;

/** Sentences for the errors a user meets in normal use; the rest fall back to the interface's @notice. */
const SENTENCES: Record<string, (a: Args) => string> = {
  UndercollateralizedBorrow: (a) =>
    `This would put the ratio of GPU #${a.tokenId} at ${pct(a.value, a.debt)}; the minimum is ${fmtBps(a.minCollateralRatioBps as number)}.`,
  DustDebt: (a) => `A position must owe nothing or at least ${aid(a.dust)}; this would leave ${aid(a.remaining)}.`,
  StaleValuation: (a) => `The appraisal of GPU #${a.tokenId} (${fmtTime(a.appraisedAt as bigint)}) is too old to lend against.`,
  OutstandingDebt: (a) => `GPU #${a.tokenId} still owes ${aid(a.debt)}: repay it before withdrawing.`,
  NotLiquidatable: (a) =>
    `GPU #${a.tokenId} cannot be liquidated: its value ${aid(a.value)} covers its debt ${aid(a.debt)} (ratio ${pct(a.value, a.debt)}).`,
  PriceAboveMax: (a) => `The auction price is now ${aid(a.price)}, above your limit of ${aid(a.maxPrice)}.`,
  ERC20InsufficientBalance: (a) => `${shortAddr(String(a.sender))} holds ${aid(a.balance)}, less than the ${aid(a.needed)} needed.`,
  ERC20InsufficientAllowance: (a) => `The allowance is ${aid(a.allowance)}, less than the ${aid(a.needed)} needed: approve first.`,
  NotPositionOwner: (a) => `Only the owner of position #${a.tokenId} can do this (${shortAddr(String(a.caller))} is not).`,
  InAuction: (a) => `GPU #${a.tokenId} is in a liquidation auction.`,
  AuctionExpired: (a) => `The auction of GPU #${a.tokenId} ran out at ${fmtTime(a.expiredAt as bigint)}; it must be reset first.`,
  EnforcedPause: () => 'This is paused by the protocol for now.',
};

/** A value formatted by its parameter's name and type, for the @notice fallback. */
function show(name: string, type: string, v: unknown): string {
  if (type === 'address') return shortAddr(String(v));
  if (type === 'bytes32') return modelNames.get(String(v)) ?? shortAddr(String(v));
  if (typeof v === 'bigint') {
    if (/bps/i.test(name)) return fmtBps(v);
    if (/(At|deadline)$/.test(name)) return fmtTime(v);
    if (/id$/i.test(name)) return `#${v}`;
    if (v > 10n ** 12n) return fmtAid(v);
  }
  return String(v);
}

export interface Decoded {
  name: string;
  args: Args;
  sentence: string;
}

/** Decodes revert data with every ABI of the project; null when no ABI knows the selector. */
export function decodeRevert(data: Hex): Decoded | null {
  try {
    const { errorName, args, abiItem } = decodeErrorResult({ abi: ALL_ERRORS, data });
    const item = abiItem as ErrorItem;
    const named: Args = {};
    item.inputs.forEach((inp, i) => (named[inp.name ?? String(i)] = (args as readonly unknown[] | undefined)?.[i]));
    const hand = SENTENCES[errorName];
    let sentence: string;
    if (hand) sentence = hand(named);
    else {
      const notice = ERROR_NOTICES[errorName] ?? errorName;
      sentence = notice.replace(/`(\w+)`/g, (m, p: string) => {
        const inp = item.inputs.find((i) => i.name === p);
        return inp ? show(p, inp.type, named[p]) : m.slice(1, -1);
      });
    }
    return { name: errorName, args: named, sentence };
  } catch {
    return null;
  }
}

/** The revert data carried anywhere in an error's cause chain. */
function revertData(e: unknown): Hex | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 10 && cur; i++) {
    const c = cur as { data?: unknown; cause?: unknown };
    if (typeof c.data === 'string' && /^0x[0-9a-f]{8}/i.test(c.data)) return c.data as Hex;
    if (c.data && typeof c.data === 'object' && typeof (c.data as { data?: unknown }).data === 'string') return (c.data as { data: Hex }).data;
    cur = c.cause;
  }
  return undefined;
}

/** The EIP-1193 error code anywhere in the cause chain. */
function code(e: unknown): number | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 10 && cur; i++) {
    const c = cur as { code?: unknown; cause?: unknown };
    if (typeof c.code === 'number') return c.code;
    cur = c.cause;
  }
  return undefined;
}

export const isRejection = (e: unknown) => code(e) === 4001;

/** A sentence for any failure. */
export function explain(e: unknown): string {
  if (isRejection(e)) return 'You rejected the request in your wallet.';
  if (code(e) === 4100) return 'The wallet has not authorised this site: connect first.';
  const data = revertData(e);
  if (data) {
    const d = decodeRevert(data);
    if (d) return d.sentence;
    return `The contract refused with unknown error ${data.slice(0, 10)}.`;
  }
  if (e instanceof BaseError) return e.shortMessage;
  if (e instanceof Error) return e.message;
  return String(e);
}
