// The contracts' own arithmetic, mirrored to preview what a transaction will do: debt from
// normalized debt and the rate accumulator (RAY, rounded up as AidMinter does), the per-second
// compounding of the stability fee (Maker's rpow), the collateral ratio check, and the largest
// borrow the minter will accept. Everything rounds the way the contracts round.

export const RAY = 10n ** 27n;
export const WAD = 10n ** 18n;
const MAX = (1n << 256n) - 1n;

const divUp = (a: bigint, b: bigint) => (a + b - 1n) / b;
export const rayMulUp = (a: bigint, b: bigint) => divUp(a * b, RAY);
export const rayDivUp = (a: bigint, b: bigint) => divUp(a * RAY, b);

/** `x^n` in RAY, rounded up at each step (AidMinter grows the accumulator with rpow rounded up). */
export function rpowUp(x: bigint, n: bigint): bigint {
  let z = n % 2n ? x : RAY;
  for (n /= 2n; n > 0n; n /= 2n) {
    x = divUp(x * x, RAY);
    if (n % 2n) z = divUp(z * x, RAY);
  }
  return z;
}

/** The rate accumulator `secs` seconds after `rate`, at per-second fee `fee`. */
export const rateAfter = (rate: bigint, fee: bigint, secs: bigint) => rayMulUp(rate, rpowUp(fee, secs));

/** Debt of normalized debt `art` at `rate`: ceil(art × rate / RAY). */
export const debtOf = (art: bigint, rate: bigint) => rayMulUp(art, rate);

/** value × 10_000 ≥ debt × ratioBps (the minter's `covers`). */
export const covers = (value: bigint, debt: bigint, ratioBps: bigint) => value * 10_000n >= debt * ratioBps;

/** Collateral ratio in bps, rounded down; MAX without debt (as `health` reports it). */
export const ratioBps = (value: bigint, debt: bigint) => (debt === 0n ? MAX : (value * 10_000n) / debt);

/** Debt after borrowing `amount` on a position with normalized debt `art` at `rate`. */
export const debtAfterBorrow = (art: bigint, amount: bigint, rate: bigint) => debtOf(art + rayDivUp(amount, rate), rate);

/**
 * The largest amount `borrow` accepts on a position, at every accumulator between `rate` (now)
 * and `rateLater` (when the transaction may be mined): the collateral check with the minter's
 * rounding, then the model and global ceilings. Zero when nothing can be borrowed.
 */
export function maxBorrow(p: {
  art: bigint;
  rate: bigint;
  rateLater: bigint;
  value: bigint;
  minRatioBps: bigint;
  modelRoom: bigint;
  globalRoom: bigint;
}): bigint {
  const cap = (p.value * 10_000n) / p.minRatioBps; // largest debt that still covers
  let best = -1n;
  for (const rate of [p.rate, p.rateLater]) {
    let a = cap - debtOf(p.art, rate);
    // Rounding can cost a wei or two; step down until the minter's own check passes.
    while (a > 0n && !covers(p.value, debtAfterBorrow(p.art, a, rate), p.minRatioBps)) a -= 1n;
    best = best < 0n || a < best ? a : best;
  }
  const m = [best, p.modelRoom, p.globalRoom].reduce((x, y) => (y < x ? y : x));
  return m > 0n ? m : 0n;
}

/** How far (bps of the value) the valuation can fall before `debt` becomes liquidatable. */
export function headroomBps(value: bigint, debt: bigint, liqRatioBps: bigint): bigint {
  if (debt === 0n || value === 0n) return 10_000n;
  const liqValue = divUp(debt * liqRatioBps, 10_000n);
  return liqValue >= value ? 0n : ((value - liqValue) * 10_000n) / value;
}

/**
 * Annual yield of sAID from on-chain data, in bps: what borrowers pay now, Σ model debt × its
 * stability-fee APR, times the vault's share of interest, over the vault's total assets.
 */
export function projectedApyBps(models: { debt: bigint; aprBps: bigint }[], savingsShareBps: bigint, totalAssets: bigint): bigint {
  if (totalAssets === 0n) return 0n;
  const yearly = models.reduce((s, m) => s + (m.debt * m.aprBps) / 10_000n, 0n);
  return (yearly * savingsShareBps) / totalAssets;
}

/** Annualised rate, in bps of total assets, at which the yield vesting now reaches holders. */
export function vestingAprBps(unvested: bigint, now: bigint, vestingEnd: bigint, totalAssets: bigint): bigint {
  if (unvested === 0n || vestingEnd <= now || totalAssets === 0n) return 0n;
  return (unvested * 365n * 86400n * 10_000n) / (vestingEnd - now) / totalAssets;
}
