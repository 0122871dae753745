//! Fixed-point math shared by every AID Protocol contract.
//!
//! Units (see `PROTOCOL.md`): USD values and AID amounts are WAD (1e18), per-second rates and rate
//! accumulators are RAY (1e27), ratios and shares are basis points (10_000 = 100%).
//!
//! Every function takes an explicit [`Rounding`] or names its direction, so a caller always states
//! which side of a division the protocol wants to be on (debt up; collateral value and payouts down).
//! Every function is checked: overflow and division by zero return [`MathError`] instead of
//! wrapping or panicking, so no user amount is ever computed with unchecked arithmetic.
#![no_std]
#![deny(missing_docs)]

use alloy_primitives::{uint, U256, U512};

mod div;
pub use div::{div_rem, div_rem_512};

/// 1e18: the scale of USD values and AID amounts.
pub const WAD: U256 = uint!(1_000_000_000_000_000_000_U256);
/// 1e27: the scale of per-second rates and rate accumulators.
pub const RAY: U256 = uint!(1_000_000_000_000_000_000_000_000_000_U256);
/// 10_000 basis points = 100%.
pub const BPS: U256 = uint!(10_000_U256);
/// [`BPS`] as a plain integer, for parameters stored as `u16`/`u64`.
pub const BPS_U64: u64 = 10_000;
/// Seconds in a 365-day year: the period an APR is quoted over.
pub const SECONDS_PER_YEAR: u64 = 31_536_000;

/// Why a computation could not produce a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathError {
    /// The result (or an intermediate product) does not fit in 256 bits.
    Overflow,
    /// A subtraction would go below zero.
    Underflow,
    /// Division by zero.
    DivisionByZero,
}

/// Which way a division that does not come out even goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Towards zero (floor).
    Down,
    /// Away from zero (ceiling).
    Up,
}

/// Result of a checked computation.
pub type MathResult<T = U256> = Result<T, MathError>;

/// `a + b`, checked.
pub fn add(a: U256, b: U256) -> MathResult {
    a.checked_add(b).ok_or(MathError::Overflow)
}

/// `a - b`, checked.
pub fn sub(a: U256, b: U256) -> MathResult {
    a.checked_sub(b).ok_or(MathError::Underflow)
}

/// `a * b`, checked.
pub fn mul(a: U256, b: U256) -> MathResult {
    a.checked_mul(b).ok_or(MathError::Overflow)
}

/// `a * b / d`, rounded as asked.
///
/// The product must fit in 256 bits; with protocol magnitudes (amounts below 1e30, rates around 1e27)
/// it always does, and anything larger is an error rather than a silently wrong number.
pub fn mul_div(a: U256, b: U256, d: U256, rounding: Rounding) -> MathResult {
    let p = mul(a, b)?;
    let (q, r) = div_rem(p, d).ok_or(MathError::DivisionByZero)?;
    match rounding {
        // q < p ≤ U256::MAX when d > 1 and r > 0, so q + 1 cannot overflow.
        Rounding::Up if !r.is_zero() => Ok(q + U256::from(1)),
        _ => Ok(q),
    }
}

/// `a * b / d`, rounded down.
pub fn mul_div_down(a: U256, b: U256, d: U256) -> MathResult {
    mul_div(a, b, d, Rounding::Down)
}

/// `a * b / d`, rounded up.
pub fn mul_div_up(a: U256, b: U256, d: U256) -> MathResult {
    mul_div(a, b, d, Rounding::Up)
}

/// `a * bps / 10_000`, rounded as asked.
pub fn mul_bps(a: U256, bps: u64, rounding: Rounding) -> MathResult {
    mul_div(a, U256::from(bps), BPS, rounding)
}

/// `a * b / RAY`: product of a WAD (or RAY) quantity and a RAY factor.
pub fn ray_mul(a: U256, b: U256, rounding: Rounding) -> MathResult {
    mul_div(a, b, RAY, rounding)
}

/// `a * RAY / b`: a quantity divided by a RAY factor.
pub fn ray_div(a: U256, b: U256, rounding: Rounding) -> MathResult {
    mul_div(a, RAY, b, rounding)
}

/// `x ^ n` in fixed point with scale `base` (exponentiation by squaring, as Maker's `rpow`).
///
/// Every intermediate product is rounded as asked, so with [`Rounding::Up`] the result is never
/// below the exact value and exceeds it by at most one unit of `base` per multiplication
/// (about `2 * log2(n)` of them).
pub fn rpow(x: U256, mut n: u64, base: U256, rounding: Rounding) -> MathResult {
    if base.is_zero() {
        return Err(MathError::DivisionByZero);
    }
    let mut result = base;
    let mut x = x;
    while n > 0 {
        if n & 1 == 1 {
            result = mul_div(result, x, base, rounding)?;
        }
        n >>= 1;
        if n > 0 {
            x = mul_div(x, x, base, rounding)?;
        }
    }
    Ok(result)
}

/// Per-second RAY rate for a nominal annual rate in basis points:
/// `RAY + apr_bps * RAY / (10_000 * SECONDS_PER_YEAR)`, rounded up (interest is the protocol's).
///
/// Compounded per second this gives an effective yearly growth of `rpow(rate, SECONDS_PER_YEAR)`,
/// e.g. 5% APR → about 5.127% a year (`e^0.05 - 1`).
pub fn apr_bps_to_rate(apr_bps: u64) -> MathResult {
    let per_second = mul_div_up(
        U256::from(apr_bps),
        RAY,
        mul(BPS, U256::from(SECONDS_PER_YEAR))?,
    )?;
    add(RAY, per_second)
}

/// Straight-line depreciation to a residual floor:
/// `cost * max(residual_bps / 10_000, (life - age) / life)`, rounded down (collateral value down).
///
/// `age` past `life` (or a zero `life`) leaves the floor. The fraction is applied without
/// truncating it to whole basis points first, so the value falls every second, not in steps.
pub fn book_value(cost: U256, age: u64, life: u64, residual_bps: u64) -> MathResult {
    let floor = mul_bps(cost, residual_bps.min(BPS_U64), Rounding::Down)?;
    if life == 0 || age >= life {
        return Ok(floor);
    }
    let linear = mul_div_down(cost, U256::from(life - age), U256::from(life))?;
    Ok(linear.max(floor))
}

/// Collateral ratio in basis points, `value * 10_000 / debt`, rounded down; `U256::MAX` without debt.
pub fn ratio_bps(value: U256, debt: U256) -> MathResult {
    if debt.is_zero() {
        return Ok(U256::MAX);
    }
    mul_div_down(value, BPS, debt)
}

/// Whether `value * 10_000 >= debt * ratio_bps`: the exact, rounding-free form of the health check.
///
/// Comparing the two products avoids dividing at all, so neither side can be rounded in the
/// borrower's favour. Products too large for 256 bits are compared as what they are: a value whose
/// product overflows covers any debt whose product does not.
pub fn covers(value: U256, debt: U256, ratio_bps: u64) -> bool {
    let lhs = value.checked_mul(BPS);
    let rhs = debt.checked_mul(U256::from(ratio_bps));
    match (lhs, rhs) {
        (Some(l), Some(r)) => l >= r,
        (None, Some(_)) => true,
        (_, None) => false,
    }
}

#[cfg(test)]
mod tests;

/// `a * b / d` in full precision, rounded as asked: the product is formed in 512 bits, so the
/// only failures are a zero `d` and a quotient that does not fit in 256 bits.
///
/// Where a product of two amounts can exceed 256 bits (share conversions after a loss has
/// inflated the share count) this is the form to use; when the product fits it costs one
/// checked multiplication more than [`mul_div`].
pub fn mul_div_full(a: U256, b: U256, d: U256, rounding: Rounding) -> MathResult {
    if d.is_zero() {
        return Err(MathError::DivisionByZero);
    }
    if let Some(p) = a.checked_mul(b) {
        return mul_div(p, U256::from(1), d, rounding);
    }
    let p: U512 = a.widening_mul(b);
    let (q, r) = div_rem_512(p, U512::from(d)).ok_or(MathError::DivisionByZero)?;
    let q = if rounding == Rounding::Up && !r.is_zero() {
        q + U512::from(1)
    } else {
        q
    };
    let limbs = q.as_limbs();
    if limbs[4..].iter().any(|l| *l != 0) {
        return Err(MathError::Overflow);
    }
    Ok(U256::from_limbs([limbs[0], limbs[1], limbs[2], limbs[3]]))
}

/// `a * b / d` in full precision, rounded down; see [`mul_div_full`].
pub fn mul_div_full_down(a: U256, b: U256, d: U256) -> MathResult {
    mul_div_full(a, b, d, Rounding::Down)
}

/// `a * b / d` in full precision, rounded up; see [`mul_div_full`].
pub fn mul_div_full_up(a: U256, b: U256, d: U256) -> MathResult {
    mul_div_full(a, b, d, Rounding::Up)
}
