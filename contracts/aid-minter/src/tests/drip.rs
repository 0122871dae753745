//! Interest: per-second compounding, the split between the vault and the surplus buffer, and
//! the surplus sweep.

use aid_math::{apr_bps_to_rate, rpow, Rounding, RAY, SECONDS_PER_YEAR};
use alloy_primitives::U256;
use motsu::prelude::*;

use super::*;
use aid_liquidator::SurplusSwept;

use crate::{Dripped, InterestDistributed, ModelNotConfigured, ModelParamsSet};

fn to_f64(x: U256) -> f64 {
    x.to_string().parse().unwrap()
}

#[motsu::test]
fn one_year_at_five_percent_matches_the_closed_form() {
    let w = World::new();
    let id = w.pledged(ALICE);
    let principal = aid(60_000);
    w.borrow(ALICE, id, principal);
    w.advance(YEAR);
    let interest = w.drip();

    let fee = apr_bps_to_rate(APR_BPS.into()).unwrap();
    let growth = rpow(fee, SECONDS_PER_YEAR, RAY, Rounding::Up).unwrap();
    // The closed form the protocol defines: principal × rpow(fee, 1 year), rounded up.
    let debt = w.debt(id);
    assert_eq!(debt, debt_of(principal, growth));
    assert_eq!(interest, debt - principal);
    // Against the exact value (rpow at 1e36 precision, where its rounding is negligible): the
    // debt is never below it, and above it by at most the accumulator's RAY rounding, one RAY
    // unit per multiplication, doubled by each later squaring (< 2^27 units in all).
    let scale = U256::from(10).pow(U256::from(9));
    let exact = rpow(fee * scale, SECONDS_PER_YEAR, RAY * scale, Rounding::Down).unwrap();
    let exact_debt = principal * exact / (RAY * scale);
    assert!(debt >= exact_debt);
    let bound = principal * U256::from(1u64 << 27) / RAY + U256::from(1);
    assert!(
        debt - exact_debt <= bound,
        "{} wei above the exact debt",
        debt - exact_debt
    );
    // Continuous compounding: e^0.05 - 1 = 5.1271096...%.
    let ratio = to_f64(debt) / to_f64(principal);
    assert!((ratio - 0.05f64.exp()).abs() < 1e-9, "growth {ratio}");

    // 90% of the interest vests in the vault, the rest is surplus.
    let to_vault = interest * U256::from(SAVINGS_BPS) / U256::from(10_000);
    assert_eq!(w.vault_aid(), to_vault);
    assert_eq!(w.surplus(), interest - to_vault);
    assert!(w.minter.emitted(&Dripped {
        model: h100(),
        rate: growth,
        interest,
    }));
    assert!(w.minter.emitted(&InterestDistributed {
        minted: interest,
        toVault: to_vault,
        toSurplus: interest - to_vault,
    }));
    w.assert_books();
}

#[motsu::test]
fn the_debt_does_not_depend_on_how_often_it_is_dripped() {
    let principal = aid(60_000);
    let once = {
        let w = World::new();
        let id = w.pledged(ALICE);
        w.borrow(ALICE, id, principal);
        w.advance(YEAR);
        w.drip();
        w.debt(id)
    };
    let steps = 73u64;
    let often = {
        let w = World::new();
        let id = w.pledged(ALICE);
        w.borrow(ALICE, id, principal);
        for _ in 0..steps {
            w.advance(YEAR / steps);
            w.drip();
        }
        w.assert_books();
        w.debt(id)
    };
    // Each drip's rpow rounds the accumulator up by its own RAY rounding: within a wei per
    // drip of the single drip.
    assert_close(often, once, U256::from(steps));
}

#[motsu::test]
fn health_and_position_include_undripped_interest() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.advance(200 * DAY);
    let before = w.debt(id);
    assert!(before > aid(10_000));
    assert_eq!(w.health(id).0, before);
    assert_eq!(w.minter.sender(ALICE).model_state(h100()).1, aid(10_000));
    w.drip();
    assert_eq!(w.debt(id), before);
    assert_eq!(w.minter.sender(ALICE).model_state(h100()).1, before);
}

#[motsu::test]
fn dripping_twice_at_once_mints_nothing_more() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.advance(DAY);
    assert!(w.drip() > U256::ZERO);
    let supply = w.supply();
    assert_eq!(w.drip(), U256::ZERO);
    assert_eq!(w.supply(), supply);
}

/// L-07: the accumulator does not move while a model has no debt, so it cannot creep towards
/// overflow, and a century at the highest APR still fits.
#[motsu::test]
fn a_model_without_debt_keeps_its_rate_and_mints_nothing() {
    let w = World::new();
    w.advance(YEAR);
    assert_eq!(w.drip(), U256::ZERO);
    assert_eq!(w.supply(), U256::ZERO);
    let (_, _, rate, rho) = w.minter.sender(ALICE).model_state(h100());
    assert_eq!(rate, RAY);
    assert_eq!(rho, w.now());
    assert!(w.minter.emitted(&Dripped {
        model: h100(),
        rate: RAY,
        interest: U256::ZERO,
    }));
}

#[motsu::test]
fn the_accumulator_holds_a_century_at_the_highest_apr() {
    let w = World::new();
    w.minter
        .sender(ADMIN)
        .set_model_params(
            h100(),
            MIN_RATIO,
            LIQ_RATIO,
            crate::MAX_APR_BPS,
            model_ceiling(),
        )
        .motsu_unwrap();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(1_000));
    w.advance(100 * YEAR);
    w.drip();
    // e^50 ≈ 5.2e21 times the principal, and still a number.
    let debt = w.debt(id);
    assert!(debt > aid(1_000) * U256::from(5) * U256::from(10).pow(U256::from(21)));
    assert!(debt < aid(1_000) * U256::from(6) * U256::from(10).pow(U256::from(21)));
    w.assert_books();
}

#[motsu::test]
fn an_unknown_model_cannot_be_dripped() {
    let w = World::new();
    assert_revert(
        w.minter.sender(ALICE).drip(a100()),
        ModelNotConfigured { model: a100() },
    );
}

#[motsu::test]
fn without_a_vault_all_interest_is_surplus() {
    let w = World::new();
    w.minter
        .sender(ADMIN)
        .set_vault(alloy_primitives::Address::ZERO)
        .motsu_unwrap();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.advance(YEAR);
    let interest = w.drip();
    assert!(interest > U256::ZERO);
    assert_eq!(w.surplus(), interest);
    assert_eq!(w.vault_aid(), U256::ZERO);
    w.assert_books();
}

#[motsu::test]
fn interest_raises_the_said_share_price() {
    let w = World::new();
    // Carol stakes 1,000 AID.
    w.fund(CAROL, aid(1_000));
    w.aid
        .sender(CAROL)
        .approve(w.vault.address(), aid(1_000))
        .motsu_unwrap();
    let shares = w
        .vault
        .sender(CAROL)
        .deposit(aid(1_000), CAROL)
        .motsu_unwrap();

    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    w.advance(YEAR);
    let interest = w.drip();
    let to_vault = interest * U256::from(SAVINGS_BPS) / U256::from(10_000);
    // Yield vests over the vault's period; afterwards Carol's shares carry it (less the
    // virtual shares' sliver and rounding).
    w.advance(said_vault::DEFAULT_VESTING_PERIOD);
    let worth = w
        .vault
        .sender(CAROL)
        .convert_to_assets(shares)
        .motsu_unwrap();
    assert!(worth > aid(1_000) + to_vault - aid(1), "{worth}");
    assert!(worth <= aid(1_000) + to_vault);
}

#[motsu::test]
fn new_parameters_apply_from_the_moment_they_are_set() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.advance(YEAR / 2);
    // Raising the fee drips first: the first half-year is charged at 5%.
    w.minter
        .sender(ADMIN)
        .set_model_params(h100(), MIN_RATIO, LIQ_RATIO, 1_000, model_ceiling())
        .motsu_unwrap();
    let at_five = w.debt(id);
    let fee5 = apr_bps_to_rate(500).unwrap();
    assert_eq!(
        at_five,
        debt_of(
            aid(10_000),
            rpow(fee5, YEAR / 2, RAY, Rounding::Up).unwrap()
        )
    );
    let fee10 = apr_bps_to_rate(1_000).unwrap();
    assert!(w.minter.emitted(&ModelParamsSet {
        model: h100(),
        minCollateralRatioBps: MIN_RATIO,
        liquidationRatioBps: LIQ_RATIO,
        stabilityFeeAprBps: 1_000,
        stabilityFee: fee10,
        debtCeiling: model_ceiling(),
    }));
    w.advance(YEAR / 2);
    w.drip();
    let rate5 = rpow(fee5, YEAR / 2, RAY, Rounding::Up).unwrap();
    let rate10 = rpow(fee10, YEAR / 2, RAY, Rounding::Up).unwrap();
    let rate = aid_math::ray_mul(rate5, rate10, Rounding::Up).unwrap();
    assert_eq!(w.debt(id), debt_of(aid(10_000), rate));
    w.assert_books();
}

#[motsu::test]
fn surplus_above_the_target_is_swept_to_the_treasury() {
    let w = World::new();
    w.minter
        .sender(ADMIN)
        .set_vault(alloy_primitives::Address::ZERO)
        .motsu_unwrap();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    w.advance(YEAR);
    let interest = w.drip();
    w.liquidator
        .sender(ADMIN)
        .set_surplus_buffer_target(aid(1_000))
        .motsu_unwrap();

    let swept = w.liquidator.sender(ADMIN).sweep_surplus().motsu_unwrap();
    assert_eq!(swept, interest - aid(1_000));
    assert_eq!(w.aid_of(TREASURY), swept);
    assert_eq!(w.surplus(), aid(1_000));
    assert!(w.liquidator.emitted(&SurplusSwept {
        treasury: TREASURY,
        amount: swept
    }));
    // Nothing above the target: nothing moves.
    assert_eq!(
        w.liquidator.sender(ADMIN).sweep_surplus().motsu_unwrap(),
        U256::ZERO
    );
    w.assert_books();
}

#[motsu::test]
fn the_view_and_a_drip_agree_on_the_accumulator() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    let before = w.rate();
    w.advance(30 * 86_400);
    // One definition (`Model::rate_at`) behind both: what the view shows is what a drip books.
    let viewed = w.rate();
    assert!(viewed > before);
    let interest = w.drip();
    assert!(w.minter.emitted(&Dripped {
        model: h100(),
        rate: viewed,
        interest,
    }));
    let (_, _, stored, _) = w.minter.sender(ALICE).model_state(h100());
    assert_eq!(stored, viewed);
    assert_eq!(w.rate(), viewed, "no time passed since the drip");
}
