//! Long division of 256- and 512-bit integers, small enough for a Stylus contract.
//!
//! ruint's general `div_rem` is about 4.3 KB of WASM per integer width, and every contract that
//! divides carries it (the vault carries two widths). Knuth's algorithm D over 32-bit digits
//! with 64-bit intermediates (as in Hacker's Delight, `divmnu`) is one loop nest shared by both
//! widths: a fraction of the size, and a handful of digit steps per quotient digit, so a division
//! by a RAY still costs a few gas.

use alloy_primitives::{U256, U512};

/// Digits of the widest operand handled (512 bits).
const MAX_DIGITS: usize = 16;

/// `u / v` and `u % v` on little-endian 32-bit digits: `u` has `m` digits, `v` has `n` (its top
/// digit non-zero, `1 ≤ n ≤ m`). Writes `m - n + 1` quotient digits to `q` and `n` remainder
/// digits to `r`.
///
/// Knuth, TAOCP vol. 2, 4.3.1, algorithm D: normalise so the divisor's top bit is set, estimate
/// each quotient digit from the top two digits of the running remainder (at most 2 too high,
/// corrected with the divisor's second digit), multiply and subtract, add back in the rare case
/// the estimate was still one too high.
fn divmnu(q: &mut [u32], r: &mut [u32], u: &[u32], v: &[u32]) {
    const B: u64 = 1 << 32;
    let (m, n) = (u.len(), v.len());
    if n == 1 {
        let d = v[0] as u64;
        let mut k = 0u64;
        for j in (0..m).rev() {
            let x = (k << 32) | u[j] as u64;
            q[j] = (x / d) as u32;
            k = x % d;
        }
        r[0] = k as u32;
        return;
    }
    // Normalise: shift both so the divisor's top digit has its high bit set. `s < 32`, and the
    // shifts by `32 - s` are done in 64 bits so `s = 0` shifts a digit out entirely.
    let s = v[n - 1].leading_zeros();
    let mut vn = [0u32; MAX_DIGITS];
    let mut un = [0u32; MAX_DIGITS + 1];
    for i in (1..n).rev() {
        vn[i] = (v[i] << s) | ((v[i - 1] as u64) >> (32 - s)) as u32;
    }
    vn[0] = v[0] << s;
    un[m] = ((u[m - 1] as u64) >> (32 - s)) as u32;
    for i in (1..m).rev() {
        un[i] = (u[i] << s) | ((u[i - 1] as u64) >> (32 - s)) as u32;
    }
    un[0] = u[0] << s;

    let top = vn[n - 1] as u64;
    let second = vn[n - 2] as u64;
    for j in (0..=m - n).rev() {
        let num = ((un[j + n] as u64) << 32) | un[j + n - 1] as u64;
        let mut qhat = num / top;
        let mut rhat = num % top;
        while qhat >= B || qhat * second > ((rhat << 32) | un[j + n - 2] as u64) {
            qhat -= 1;
            rhat += top;
            if rhat >= B {
                break;
            }
        }
        // un[j..=j+n] -= qhat × vn, digit by digit with a signed borrow.
        let mut k: i64 = 0;
        for i in 0..n {
            let p = qhat * vn[i] as u64;
            let t = un[i + j] as i64 - k - (p & 0xFFFF_FFFF) as i64;
            un[i + j] = t as u32;
            k = (p >> 32) as i64 - (t >> 32);
        }
        let t = un[j + n] as i64 - k;
        un[j + n] = t as u32;
        q[j] = qhat as u32;
        if t < 0 {
            // qhat was one too high: add the divisor back.
            q[j] = q[j].wrapping_sub(1);
            let mut c = 0u64;
            for i in 0..n {
                let t = un[i + j] as u64 + vn[i] as u64 + c;
                un[i + j] = t as u32;
                c = t >> 32;
            }
            un[j + n] = un[j + n].wrapping_add(c as u32);
        }
    }
    for i in 0..n - 1 {
        r[i] = (un[i] >> s) | ((un[i + 1] as u64) << (32 - s)) as u32;
    }
    r[n - 1] = un[n - 1] >> s;
}

/// Splits 64-bit limbs into 32-bit digits and returns how many are significant.
fn digits(limbs: &[u64], out: &mut [u32; MAX_DIGITS]) -> usize {
    let mut len = 0;
    for (i, limb) in limbs.iter().enumerate() {
        out[2 * i] = *limb as u32;
        out[2 * i + 1] = (*limb >> 32) as u32;
    }
    for (i, d) in out.iter().enumerate().take(2 * limbs.len()) {
        if *d != 0 {
            len = i + 1;
        }
    }
    len
}

/// Joins 32-bit digits back into 64-bit limbs.
fn limbs<const L: usize>(d: &[u32; MAX_DIGITS]) -> [u64; L] {
    let mut out = [0u64; L];
    for (i, limb) in out.iter_mut().enumerate() {
        *limb = d[2 * i] as u64 | ((d[2 * i + 1] as u64) << 32);
    }
    out
}

/// `u / v` and `u % v` over `L` 64-bit limbs (`L ≤ 8`); `None` when `v` is zero.
fn div_rem_limbs<const L: usize>(u: &[u64; L], v: &[u64; L]) -> Option<([u64; L], [u64; L])> {
    let (mut ud, mut vd) = ([0u32; MAX_DIGITS], [0u32; MAX_DIGITS]);
    let m = digits(u, &mut ud);
    let n = digits(v, &mut vd);
    if n == 0 {
        return None;
    }
    if m < n {
        return Some(([0; L], *u));
    }
    let (mut q, mut r) = ([0u32; MAX_DIGITS], [0u32; MAX_DIGITS]);
    divmnu(&mut q, &mut r, &ud[..m], &vd[..n]);
    Some((limbs(&q), limbs(&r)))
}

/// `(u / v, u % v)` of 256-bit integers; `None` when `v` is zero.
pub fn div_rem(u: U256, v: U256) -> Option<(U256, U256)> {
    let (q, r) = div_rem_limbs(u.as_limbs(), v.as_limbs())?;
    Some((U256::from_limbs(q), U256::from_limbs(r)))
}

/// `(u / v, u % v)` of 512-bit integers; `None` when `v` is zero.
pub fn div_rem_512(u: U512, v: U512) -> Option<(U512, U512)> {
    let (q, r) = div_rem_limbs(u.as_limbs(), v.as_limbs())?;
    Some((U512::from_limbs(q), U512::from_limbs(r)))
}
