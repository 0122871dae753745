//! Property tests through the contract: depreciation and the appraisal step limit.
use alloc::string::String;

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use proptest::{
    collection::vec,
    prelude::*,
    test_runner::{Config, TestRunner},
};

use super::*;
use crate::MAX_VALUE;

const TEN_YEARS: u64 = 10 * 365 * 86_400;

/// A fresh registry with one model of the given parameters and one token bought `age` ago.
fn registry_with(
    admin: Address,
    cost: U256,
    life: u64,
    residual_bps: u16,
    age: u64,
) -> (Contract<GpuRegistry>, U256) {
    let contract = Contract::<GpuRegistry>::new();
    deploy(&contract, admin);
    contract
        .sender(admin)
        .configure_model(h100(), life, residual_bps, true)
        .motsu_unwrap();
    test_clock::advance(age);
    let id = contract
        .sender(admin)
        .register_asset(
            admin,
            h100(),
            1,
            serial(1),
            cost,
            now() - age,
            cost.min(MAX_VALUE),
            String::new(),
        )
        .motsu_unwrap();
    (contract, id)
}

#[motsu::test]
fn book_value_never_rises_and_never_breaks_the_floor(admin: Address) {
    let mut runner = TestRunner::new(Config {
        cases: 200,
        ..Config::default()
    });
    let strategy = (
        1u128..=u128::MAX,
        1u64..=TEN_YEARS,
        0u16..=10_000,
        0u64..=TEN_YEARS,
        vec(
            prop_oneof![0u64..=86_400, 0u64..=TEN_YEARS, Just(0u64)],
            1..16,
        ),
    );
    runner
        .run(&strategy, |(cost, life, residual_bps, age, steps)| {
            let cost = U256::from(cost);
            let (contract, id) = registry_with(admin, cost, life, residual_bps, age);
            let floor = cost * U256::from(residual_bps) / U256::from(10_000);

            let mut previous = contract.sender(admin).book_value(id).motsu_unwrap();
            prop_assert!(previous <= cost);
            prop_assert!(previous >= floor);
            for step in steps {
                test_clock::advance(step);
                let book = contract.sender(admin).book_value(id).motsu_unwrap();
                prop_assert!(
                    book <= previous,
                    "book value rose from {previous} to {book} after {step}s"
                );
                prop_assert!(book >= floor, "book value {book} under the floor {floor}");
                // The valuation never exceeds the book value either.
                let (value, _, _) = contract.sender(admin).valuation(id).motsu_unwrap();
                prop_assert!(value <= book);
                previous = book;
            }
            // Past the useful life only the floor is left.
            test_clock::advance(life);
            prop_assert_eq!(contract.sender(admin).book_value(id).motsu_unwrap(), floor);
            Ok(())
        })
        .unwrap();
}

#[motsu::test]
fn appraisal_step_limit_is_exact(admin: Address) {
    let mut runner = TestRunner::new(Config {
        cases: 200,
        ..Config::default()
    });
    // Proposals around the limit: previous × ratio / 10_000, nudged by a few wei.
    let strategy = (
        prop_oneof![1u128..=1_000_000, 1u128..=u128::MAX],
        0u64..=25_000,
        -3i64..=3,
        1u16..=10_000,
    );
    runner
        .run(&strategy, |(previous, ratio_bps, nudge, max_step_bps)| {
            let previous = U256::from(previous);
            let scaled = previous * U256::from(ratio_bps) / U256::from(10_000);
            let nudged = if nudge < 0 {
                scaled.saturating_sub(U256::from(nudge.unsigned_abs()))
            } else {
                scaled + U256::from(nudge)
            };
            let proposed = nudged.clamp(U256::from(1), MAX_VALUE);
            let (contract, id) = registry_with(admin, previous, TEN_YEARS, 0, 0);
            contract
                .sender(admin)
                .set_appraisal_limits(max_step_bps, MAX_AGE)
                .motsu_unwrap();

            let step = if proposed > previous {
                proposed - previous
            } else {
                previous - proposed
            };
            // Rounded up: ceil(previous × max / 10_000), so even a few wei can move.
            let limit = (previous * U256::from(max_step_bps)).div_ceil(U256::from(10_000));
            let allowed = step <= limit;
            let result = contract.sender(admin).appraise(id, proposed).motsu_res();
            prop_assert_eq!(
                result.is_ok(),
                allowed,
                "{} -> {} at {} bps",
                previous,
                proposed,
                max_step_bps
            );
            let stored = contract.sender(admin).asset(id).motsu_unwrap().5;
            prop_assert_eq!(stored, if allowed { proposed } else { previous });
            Ok(())
        })
        .unwrap();
}
