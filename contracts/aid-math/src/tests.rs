extern crate std;

use proptest::prelude::*;

use super::*;

fn u(x: u128) -> U256 {
    U256::from(x)
}

#[test]
fn mul_div_rounds_as_asked() {
    assert_eq!(mul_div_down(u(10), u(10), u(3)), Ok(u(33)));
    assert_eq!(mul_div_up(u(10), u(10), u(3)), Ok(u(34)));
    assert_eq!(mul_div_up(u(9), u(10), u(3)), Ok(u(30)));
    assert_eq!(mul_div_down(u(0), u(10), u(3)), Ok(u(0)));
    assert_eq!(mul_div_up(u(0), u(10), u(3)), Ok(u(0)));
}

#[test]
fn mul_div_errors() {
    assert_eq!(
        mul_div_down(u(1), u(1), U256::ZERO),
        Err(MathError::DivisionByZero)
    );
    assert_eq!(mul_div_up(U256::MAX, u(2), u(2)), Err(MathError::Overflow));
    assert_eq!(sub(u(1), u(2)), Err(MathError::Underflow));
    assert_eq!(add(U256::MAX, u(1)), Err(MathError::Overflow));
    assert_eq!(
        rpow(RAY, 3, U256::ZERO, Rounding::Up),
        Err(MathError::DivisionByZero)
    );
}

#[test]
fn bps_helpers() {
    assert_eq!(mul_bps(u(1_000), 15_000, Rounding::Down), Ok(u(1_500)));
    assert_eq!(mul_bps(u(1), 5_000, Rounding::Down), Ok(u(0)));
    assert_eq!(mul_bps(u(1), 5_000, Rounding::Up), Ok(u(1)));
    assert_eq!(ratio_bps(u(150), u(100)), Ok(u(15_000)));
    assert_eq!(ratio_bps(u(1), U256::ZERO), Ok(U256::MAX));
    assert_eq!(ratio_bps(u(2), u(3)), Ok(u(6_666)));
}

#[test]
fn covers_is_exact() {
    // 150 value against 100 debt is exactly 150%.
    assert!(covers(u(150), u(100), 15_000));
    assert!(!covers(u(149), u(100), 15_000));
    assert!(!covers(u(150), u(101), 15_000));
    assert!(covers(u(0), u(0), 15_000));
    assert!(covers(U256::MAX, u(1), 15_000));
    assert!(!covers(u(1), U256::MAX, 15_000));
    assert!(!covers(U256::MAX, U256::MAX, 15_000));
}

#[test]
fn rpow_small_cases() {
    assert_eq!(rpow(u(2) * RAY, 0, RAY, Rounding::Down), Ok(RAY));
    assert_eq!(rpow(u(2) * RAY, 1, RAY, Rounding::Down), Ok(u(2) * RAY));
    assert_eq!(rpow(u(2) * RAY, 10, RAY, Rounding::Down), Ok(u(1024) * RAY));
    assert_eq!(rpow(u(3), 4, u(1), Rounding::Down), Ok(u(81)));
    // 1.5^2 = 2.25 in base 10: 15*15/10 = 22.5 -> 22 down, 23 up.
    assert_eq!(rpow(u(15), 2, u(10), Rounding::Down), Ok(u(22)));
    assert_eq!(rpow(u(15), 2, u(10), Rounding::Up), Ok(u(23)));
    assert_eq!(rpow(U256::ZERO, 5, RAY, Rounding::Up), Ok(U256::ZERO));
    assert_eq!(rpow(U256::ZERO, 0, RAY, Rounding::Up), Ok(RAY));
}

#[test]
fn apr_rate_matches_hand_computation() {
    assert_eq!(apr_bps_to_rate(0), Ok(RAY));
    // 5% / 31_536_000 s = 1.58548959918822932521...e-9 per second, rounded up in RAY.
    let rate = apr_bps_to_rate(500).unwrap();
    assert_eq!(rate, u(1_000_000_001_585_489_599_188_229_326));
    // One year of per-second compounding at 5% APR is e^0.05 = 1.05127109637602...
    let year = rpow(rate, SECONDS_PER_YEAR, RAY, Rounding::Up).unwrap();
    let e005 = u(1_051_271_096_376_024_039_697_517_636); // e^0.05 in RAY (truncated)
    let diff = if year > e005 {
        year - e005
    } else {
        e005 - year
    };
    // Discretisation (per second vs continuous) is ~1.3e-9 relative; well under 1e-8.
    assert!(diff < u(10_000_000_000_000_000_000), "diff {diff}");
}

#[test]
fn rpow_up_and_down_bracket_each_other() {
    let rate = apr_bps_to_rate(500).unwrap();
    let up = rpow(rate, SECONDS_PER_YEAR, RAY, Rounding::Up).unwrap();
    let down = rpow(rate, SECONDS_PER_YEAR, RAY, Rounding::Down).unwrap();
    assert!(up >= down);
    // A wei of rounding in an early squaring is doubled by every later one (25 of them for a
    // year), so the two directions differ by ~2^25 wei per rounding: still below 1e-16 relative.
    assert!(up - down <= RAY / u(10_000_000_000_000_000), "{up} {down}");
}

#[test]
fn book_value_points() {
    let cost = u(1_000_000) * WAD;
    let life = 5 * SECONDS_PER_YEAR;
    assert_eq!(book_value(cost, 0, life, 1_000), Ok(cost));
    assert_eq!(
        book_value(cost, life / 2, life, 1_000),
        Ok(u(500_000) * WAD)
    );
    assert_eq!(book_value(cost, life, life, 1_000), Ok(u(100_000) * WAD));
    assert_eq!(
        book_value(cost, life * 3, life, 1_000),
        Ok(u(100_000) * WAD)
    );
    // 95% of life elapsed: linear part is 5%, the floor (10%) wins.
    assert_eq!(
        book_value(cost, life / 20 * 19, life, 1_000),
        Ok(u(100_000) * WAD)
    );
    // Zero life: straight to the floor.
    assert_eq!(book_value(cost, 0, 0, 2_500), Ok(u(250_000) * WAD));
    // A residual above 100% is treated as 100%.
    assert_eq!(book_value(cost, life, life, 20_000), Ok(cost));
    // Rounds down: 3 wei over 3 s, 1 s in -> 2 wei.
    assert_eq!(book_value(u(3), 1, 3, 0), Ok(u(2)));
    assert_eq!(book_value(u(2), 1, 3, 0), Ok(u(1)));
}

proptest! {
    #[test]
    fn mul_div_up_is_down_plus_remainder(a in any::<u128>(), b in any::<u128>(), d in 1u128..) {
        let down = mul_div_down(u(a), u(b), u(d)).unwrap();
        let up = mul_div_up(u(a), u(b), u(d)).unwrap();
        let exact = (u(a) * u(b)) % u(d) == U256::ZERO;
        prop_assert_eq!(up, if exact { down } else { down + u(1) });
        prop_assert!(down * u(d) <= u(a) * u(b));
        prop_assert!(up * u(d) >= u(a) * u(b));
    }

    #[test]
    fn book_value_never_increases_and_keeps_the_floor(
        cost in 0u128..1_000_000_000_000_000_000_000_000_000u128,
        life in 0u64..(20 * SECONDS_PER_YEAR),
        residual in 0u64..=10_000,
        t1 in 0u64..(40 * SECONDS_PER_YEAR),
        dt in 0u64..(40 * SECONDS_PER_YEAR),
    ) {
        let v1 = book_value(u(cost), t1, life, residual).unwrap();
        let v2 = book_value(u(cost), t1 + dt, life, residual).unwrap();
        let floor = mul_bps(u(cost), residual, Rounding::Down).unwrap();
        prop_assert!(v2 <= v1);
        prop_assert!(v2 >= floor);
        prop_assert!(v1 <= u(cost));
    }

    #[test]
    fn rpow_up_never_below_down(x in 0u128..(2 * 1_000_000_000_000_000_000_000_000_000u128), n in 0u64..100_000) {
        let x = u(x).min(RAY + RAY / u(1_000_000)); // keep growth bounded so nothing overflows
        let up = rpow(x, n, RAY, Rounding::Up).unwrap();
        let down = rpow(x, n, RAY, Rounding::Down).unwrap();
        prop_assert!(up >= down);
    }

    #[test]
    fn rpow_is_multiplicative_within_rounding(bps in 0u64..5_000, a in 0u64..10_000_000, b in 0u64..10_000_000) {
        // rate^(a+b) and rate^a * rate^b agree to a few wei: debt does not depend on how often it is touched.
        let r = apr_bps_to_rate(bps).unwrap();
        let whole = rpow(r, a + b, RAY, Rounding::Up).unwrap();
        let split = ray_mul(
            rpow(r, a, RAY, Rounding::Up).unwrap(),
            rpow(r, b, RAY, Rounding::Up).unwrap(),
            Rounding::Up,
        ).unwrap();
        let diff = if whole > split { whole - split } else { split - whole };
        // Same amplification as above: well below 1e-16 relative.
        prop_assert!(diff <= RAY / u(10_000_000_000_000_000), "diff {}", diff);
    }

    #[test]
    fn covers_agrees_with_ratio(value in any::<u128>(), debt in 1u128.., ratio in 0u64..100_000) {
        let c = covers(u(value), u(debt), ratio);
        let r = ratio_bps(u(value), u(debt)).unwrap();
        // ratio_bps floors, so covers => floor(ratio) >= ratio threshold exactly when value*BPS >= debt*ratio.
        prop_assert_eq!(c, r >= u(ratio as u128));
    }
}

#[test]
fn mul_div_full_rounds_as_asked_where_the_product_fits() {
    assert_eq!(mul_div_full_down(u(10), u(10), u(3)), Ok(u(33)));
    assert_eq!(mul_div_full_up(u(10), u(10), u(3)), Ok(u(34)));
    assert_eq!(mul_div_full_up(u(9), u(10), u(3)), Ok(u(30)));
    assert_eq!(mul_div_full_up(u(0), u(10), u(3)), Ok(u(0)));
}

#[test]
fn mul_div_full_handles_products_beyond_256_bits() {
    // MAX * MAX / MAX = MAX exactly, both ways.
    assert_eq!(
        mul_div_full_down(U256::MAX, U256::MAX, U256::MAX),
        Ok(U256::MAX)
    );
    assert_eq!(
        mul_div_full_up(U256::MAX, U256::MAX, U256::MAX),
        Ok(U256::MAX)
    );
    // (2^255) * 4 / 8 = 2^254: the product is 2^257.
    let half = U256::from(1) << 255;
    assert_eq!(
        mul_div_full_down(half, u(4), u(8)),
        Ok(U256::from(1) << 254)
    );
    // The review's L-02 case: 1e54 shares * (1e24 + 1e9) assets / (1e54 + 1e9) shares.
    let e = |n: usize| U256::from(10).pow(U256::from(n));
    let shares = e(54);
    let out = mul_div_full_down(shares, e(24) + e(9), shares + e(9)).unwrap();
    assert_eq!(out, e(24) + e(9) - u(1));
    assert_eq!(
        mul_div_full_up(shares, e(24) + e(9), shares + e(9)),
        Ok(e(24) + e(9))
    );
    assert_eq!(
        mul_div(shares, e(24) + e(9), shares + e(9), Rounding::Down),
        Err(MathError::Overflow)
    );
    // (2^256 - 1) * 3 / 2 has a remainder: floor and ceiling differ by one, and both overflow
    // 256 bits, which is an error rather than a wrapped value.
    assert_eq!(
        mul_div_full_down(U256::MAX, u(3), u(2)),
        Err(MathError::Overflow)
    );
    // MAX ≡ 1 (mod 7), so MAX × 2 / 7 leaves 2: the two roundings differ by one.
    assert_eq!(
        mul_div_full_down(U256::MAX, u(2), u(7)),
        Ok(U256::MAX / u(7) * u(2))
    );
    assert_eq!(
        mul_div_full_up(U256::MAX, u(2), u(7)),
        Ok(U256::MAX / u(7) * u(2) + u(1))
    );
    assert_eq!(
        mul_div_full_down(u(1), u(1), U256::ZERO),
        Err(MathError::DivisionByZero)
    );
    // Rounding up past the top fails instead of wrapping: MAX * MAX / (MAX - 1) > MAX.
    assert_eq!(
        mul_div_full_up(U256::MAX, U256::MAX, U256::MAX - u(1)),
        Err(MathError::Overflow)
    );
}

proptest! {
    /// Against 512-bit arithmetic done the long way: q * d + r == a * b with r < d, and the
    /// ceiling is the floor plus one exactly when r > 0.
    #[test]
    fn mul_div_full_is_exact(a in any::<[u64; 4]>(), b in any::<[u64; 4]>(), d in any::<[u64; 4]>()) {
        let (a, b, d) = (U256::from_limbs(a), U256::from_limbs(b), U256::from_limbs(d));
        prop_assume!(!d.is_zero());
        let wide = |x: U256| alloy_primitives::U512::from(x);
        let p = wide(a) * wide(b);
        match mul_div_full_down(a, b, d) {
            Ok(q) => {
                let r = p - wide(q) * wide(d);
                prop_assert!(r < wide(d));
                let up = mul_div_full_up(a, b, d);
                if r.is_zero() {
                    prop_assert_eq!(up, Ok(q));
                } else if q == U256::MAX {
                    prop_assert_eq!(up, Err(MathError::Overflow));
                } else {
                    prop_assert_eq!(up, Ok(q + u(1)));
                }
                if let Ok(narrow) = mul_div_down(a, b, d) {
                    prop_assert_eq!(narrow, q);
                }
            }
            Err(e) => {
                prop_assert_eq!(e, MathError::Overflow);
                prop_assert!(p / wide(d) > wide(U256::MAX));
            }
        }
    }
}

/// A 256-bit value with its significant bits spread over 1..=256: long division has paths per
/// digit count (one-digit divisor, normalisation shift, add-back), so the inputs must reach them.
fn wide() -> impl Strategy<Value = U256> {
    (any::<[u64; 4]>(), 0usize..=256).prop_map(|(limbs, bits)| {
        let x = U256::from_limbs(limbs);
        if bits == 256 {
            x
        } else {
            x & ((U256::from(1) << bits) - U256::from(1))
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// The compact long division agrees with ruint's on every width of dividend and divisor.
    #[test]
    fn div_rem_matches_ruint(u in wide(), v in wide()) {
        match div_rem(u, v) {
            None => prop_assert!(v.is_zero()),
            Some((q, r)) => {
                prop_assert_eq!(q, u / v);
                prop_assert_eq!(r, u % v);
            }
        }
    }

    /// The same for 512-bit dividends (products of two 256-bit values) and 256-bit divisors.
    #[test]
    fn div_rem_512_matches_ruint(a in wide(), b in wide(), v in wide()) {
        let u: U512 = a.widening_mul(b);
        let v = U512::from(v);
        match div_rem_512(u, v) {
            None => prop_assert!(v.is_zero()),
            Some((q, r)) => {
                prop_assert_eq!(q, u / v);
                prop_assert_eq!(r, u % v);
            }
        }
    }
}

/// Knuth's add-back step (an estimated quotient digit one too high) is rare with random inputs;
/// these are the textbook cases that take it, checked against ruint.
#[test]
fn div_rem_add_back_cases() {
    let cases: [(U256, U256); 3] = [
        // Hacker's Delight's divmnu test vectors that need the add-back.
        (
            U256::from_limbs([0x0000_0003_0000_0000, 0x0000_0000_8000_0000, 0, 0]),
            U256::from_limbs([0x0000_0001_0000_0000, 0x0000_0000_2000_0000, 0, 0]),
        ),
        (
            U256::from_limbs([0x0000_0000_0000_0000, 0x8000_0000_0000_fffe, 0, 0]),
            U256::from_limbs([0xffff_ffff_0000_0000, 0x0000_0000_8000_0000, 0, 0]),
        ),
        (
            U256::from_limbs([0x8000_0000_0000_0003, 0x0000_0000_0000_0000, 0x8000_0000, 0]),
            U256::from_limbs([0x0000_0000_0000_0001, 0x8000_0000, 0, 0]),
        ),
    ];
    for (u, v) in cases {
        assert_eq!(div_rem(u, v), Some((u / v, u % v)), "{u} / {v}");
    }
    assert_eq!(
        div_rem(U256::MAX, U256::MAX),
        Some((U256::from(1), U256::ZERO))
    );
    assert_eq!(
        div_rem(U256::from(5), U256::from(7)),
        Some((U256::ZERO, U256::from(5)))
    );
    assert_eq!(div_rem(U256::MAX, U256::ZERO), None);
}
