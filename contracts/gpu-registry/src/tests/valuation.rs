//! `bookValue` (straight-line depreciation to the residual floor) and `valuation` (freshness).
use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::ERC721NonexistentToken;

use super::*;

#[motsu::test]
fn book_value_depreciates_straight_line_to_the_floor(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    let book = || contract.sender(alice).book_value(id).motsu_unwrap();

    // New: the full cost.
    assert_eq!(book(), COST);
    // One second in: cost × (life − 1) / life, rounded down.
    test_clock::advance(1);
    assert_eq!(book(), COST * U256::from(LIFE - 1) / U256::from(LIFE));
    assert!(book() < COST);
    // A quarter and half way.
    test_clock::advance(LIFE / 4 - 1);
    assert_eq!(book(), usd(75_000));
    test_clock::advance(LIFE / 4);
    assert_eq!(book(), usd(50_000));
    // At 90% of life the straight line meets the 10% floor.
    test_clock::advance(LIFE / 10 * 4);
    assert_eq!(book(), usd(10_000));
    // End of life and long after: the floor.
    test_clock::advance(LIFE / 10);
    assert_eq!(book(), usd(10_000));
    test_clock::advance(100 * LIFE);
    assert_eq!(book(), usd(10_000));
}

#[motsu::test]
fn book_value_counts_age_from_acquisition(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    test_clock::advance(LIFE);
    let half_life_ago = now() - LIFE / 2;
    let id = register_at(&contract, admin, alice, 1, half_life_ago);
    assert_eq!(
        contract.sender(alice).book_value(id).motsu_unwrap(),
        usd(50_000)
    );
}

#[motsu::test]
fn book_value_follows_the_model_parameters(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    test_clock::advance(LIFE / 2);
    assert_eq!(
        contract.sender(alice).book_value(id).motsu_unwrap(),
        usd(50_000)
    );

    // A longer life slows depreciation of live tokens at once; a higher floor lifts them.
    contract
        .sender(admin)
        .configure_model(h100(), 2 * LIFE, RESIDUAL_BPS, true)
        .motsu_unwrap();
    assert_eq!(
        contract.sender(alice).book_value(id).motsu_unwrap(),
        usd(75_000)
    );
    contract
        .sender(admin)
        .configure_model(h100(), LIFE, 8_000, false)
        .motsu_unwrap();
    assert_eq!(
        contract.sender(alice).book_value(id).motsu_unwrap(),
        usd(80_000)
    );
    // A 100% residual means no depreciation at all.
    contract
        .sender(admin)
        .configure_model(h100(), LIFE, 10_000, false)
        .motsu_unwrap();
    assert_eq!(contract.sender(alice).book_value(id).motsu_unwrap(), COST);
}

#[motsu::test]
fn book_value_rejects_nonexistent_token(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    assert_error(
        contract.sender(admin).book_value(U256::from(1)),
        ERC721NonexistentToken {
            token_id: U256::from(1),
        },
    );
}

#[motsu::test]
fn valuation_is_the_lower_of_appraisal_and_book(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    let registered_at = now();

    // Book 100k, appraisal 90k.
    assert_eq!(
        contract.sender(alice).valuation(id).motsu_unwrap(),
        (APPRAISAL, registered_at, true)
    );

    // Half life: book 50k below the appraisal, which keeps its date.
    test_clock::advance(LIFE / 2);
    let (value, appraised_at, _) = contract.sender(alice).valuation(id).motsu_unwrap();
    assert_eq!((value, appraised_at), (usd(50_000), registered_at));

    // A fresh appraisal under the book value wins again.
    contract
        .sender(admin)
        .set_appraisal_limits(5_000, MAX_AGE)
        .motsu_unwrap();
    contract
        .sender(admin)
        .appraise(id, usd(45_000))
        .motsu_unwrap();
    assert_eq!(
        contract.sender(alice).valuation(id).motsu_unwrap(),
        (usd(45_000), now(), true)
    );
}

#[motsu::test]
fn valuation_is_fresh_up_to_max_appraisal_age(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    let fresh = || contract.sender(alice).valuation(id).motsu_unwrap().2;

    assert!(fresh());
    test_clock::advance(MAX_AGE);
    assert!(fresh(), "exactly maxAppraisalAge old is still fresh");
    test_clock::advance(1);
    assert!(!fresh(), "one second later it is stale");
    // A stale valuation still reports the value (depreciation does not wait for an appraiser).
    let book = contract.sender(alice).book_value(id).motsu_unwrap();
    assert_eq!(
        contract.sender(alice).valuation(id).motsu_unwrap().0,
        book.min(APPRAISAL)
    );

    // Re-appraising makes it fresh; a longer window also does.
    contract
        .sender(admin)
        .appraise(id, APPRAISAL)
        .motsu_unwrap();
    assert!(fresh());
    test_clock::advance(MAX_AGE + 1);
    assert!(!fresh());
    contract
        .sender(admin)
        .set_appraisal_limits(2_000, 2 * MAX_AGE)
        .motsu_unwrap();
    assert!(fresh());
}

#[motsu::test]
fn valuation_rejects_nonexistent_token(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    assert_error(
        contract.sender(admin).valuation(U256::from(3)),
        ERC721NonexistentToken {
            token_id: U256::from(3),
        },
    );
    assert_error(
        contract.sender(admin).model_of(U256::from(3)),
        ERC721NonexistentToken {
            token_id: U256::from(3),
        },
    );
    assert_error(
        contract.sender(admin).asset(U256::ZERO),
        ERC721NonexistentToken {
            token_id: U256::ZERO,
        },
    );
}
