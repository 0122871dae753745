// Display helpers: amounts with grouping and the right decimals, percentages from basis points,
// short addresses, times. Pure functions over bigint, so nothing is lost to floating point.

/** `x` (with `decimals` decimals) grouped by thousands, with `frac` fraction digits, truncated. */
export function fmtUnits(x: bigint, decimals = 18, frac = 2): string {
  const neg = x < 0n;
  if (neg) x = -x;
  const base = 10n ** BigInt(decimals);
  const int = x / base;
  let rest = (x % base).toString().padStart(decimals, '0').slice(0, frac);
  const grouped = int.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (frac > 0 && x > 0n && int === 0n && /^0*$/.test(rest)) return `${neg ? '-' : ''}<0.${'0'.repeat(frac - 1)}1`;
  return (neg ? '-' : '') + grouped + (frac > 0 ? '.' + rest : '');
}

/** An AID (or USD, 18 decimals) amount. */
export const fmtAid = (x: bigint, frac = 2) => fmtUnits(x, 18, frac);

/** Basis points as a percentage: 15000 -> "150.00%". */
export function fmtBps(bps: bigint | number, frac = 2): string {
  const b = BigInt(bps);
  if (b >= 10n ** 30n) return '∞';
  return fmtUnits(b * 10n ** BigInt(frac), frac + 2, frac) + '%';
}

/** 0x1234…abcd */
export const shortAddr = (a: string) => (a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a);

/** Unix seconds as a UTC date and time. */
export function fmtTime(secs: bigint | number): string {
  const s = Number(secs);
  if (!s) return '—';
  return new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** A duration in seconds, roughly: "3 d 4 h", "5 h 2 min", "42 s". */
export function fmtDuration(secs: bigint | number): string {
  let s = Math.max(0, Number(secs));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${Math.floor(s)} s`;
}

/** Parses a decimal amount typed by the user into a bigint with `decimals` decimals, or null. */
export function parseAmount(text: string, decimals = 18): bigint | null {
  const t = text.trim().replace(/,/g, '');
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return null;
  const [i, f = ''] = t.split('.');
  if (f.length > decimals) return null;
  return BigInt(i || '0') * 10n ** BigInt(decimals) + BigInt((f + '0'.repeat(decimals)).slice(0, decimals) || '0');
}

/** An amount as the exact decimal text the user could type back (no grouping, no truncation). */
export function toInput(x: bigint, decimals = 18): string {
  const base = 10n ** BigInt(decimals);
  const f = (x % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return (x / base).toString() + (f ? '.' + f : '');
}
