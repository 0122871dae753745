//! `interfaces/IAidMinter.sol` is the minter's real ABI: every function it declares is routed by
//! the contract and answers in the declared shape, and its events and errors are exactly the ones
//! the contract encodes.

use alloy_primitives::{B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, SolInterface};
use motsu::prelude::*;
use stylus_sdk::abi::Router;

use super::*;
use crate::sol;

mod iface {
    alloy_sol_types::sol!("../../interfaces/IAidMinter.sol");
}

mod liface {
    alloy_sol_types::sol!("../../interfaces/IAidLiquidator.sol");
}

use iface::IAidMinter::{self, IAidMinterCalls, IAidMinterErrors, IAidMinterEvents};
use liface::IAidLiquidator::{IAidLiquidatorCalls, IAidLiquidatorErrors, IAidLiquidatorEvents};

/// Runs `calldata` through the minter's router as `sender`, as the Stylus entrypoint would.
fn route(w: &World, sender: Address, calldata: &[u8]) -> Option<Result<Vec<u8>, Vec<u8>>> {
    let mut call = w.minter.sender(sender);
    let storage: &mut AidMinter = &mut call;
    let selector = u32::from_be_bytes(calldata[..4].try_into().unwrap());
    <AidMinter as Router<AidMinter>>::route(storage, selector, &calldata[4..])
}

fn sorted<T: Ord + Clone>(items: &[T]) -> Vec<T> {
    let mut v = items.to_vec();
    v.sort();
    v
}

#[motsu::test]
fn every_declared_function_is_routed() {
    let w = World::new();
    for selector in IAidMinterCalls::SELECTORS {
        // Arguments are not decoded before the selector matches: an unknown selector is `None`.
        assert!(
            route(&w, ALICE, selector).is_some(),
            "selector {} is declared but not routed",
            alloy_primitives::hex::encode(selector)
        );
    }
    // The constructor is not routed (it runs once at deployment).
    assert!(route(&w, ALICE, &[0xde, 0xad, 0xbe, 0xef]).is_none());
}

#[test]
fn events_and_errors_match_the_contracts_declarations() {
    let events = [
        sol::Pledged::SIGNATURE_HASH,
        sol::Borrowed::SIGNATURE_HASH,
        sol::Repaid::SIGNATURE_HASH,
        sol::Withdrawn::SIGNATURE_HASH,
        sol::Dripped::SIGNATURE_HASH,
        sol::InterestDistributed::SIGNATURE_HASH,
        sol::InterestDeferred::SIGNATURE_HASH,
        sol::YieldDeferred::SIGNATURE_HASH,
        sol::Seized::SIGNATURE_HASH,
        sol::LiquidatorSet::SIGNATURE_HASH,
        sol::StrandedTokenReturned::SIGNATURE_HASH,
        sol::Settled::SIGNATURE_HASH,
        sol::ModelParamsSet::SIGNATURE_HASH,
        sol::GlobalParamsSet::SIGNATURE_HASH,
        sol::VaultSet::SIGNATURE_HASH,
        crate::RoleGranted::SIGNATURE_HASH,
        crate::RoleRevoked::SIGNATURE_HASH,
        sol::Paused::SIGNATURE_HASH,
        sol::Unpaused::SIGNATURE_HASH,
    ];
    let declared: Vec<B256> = IAidMinterEvents::SELECTORS
        .iter()
        .map(|s| B256::new(*s))
        .collect();
    assert_eq!(sorted(&declared), sorted(&events));

    let errors = [
        crate::AccessControlUnauthorizedAccount::SELECTOR,
        crate::AccessControlBadConfirmation::SELECTOR,
        sol::EnforcedPause::SELECTOR,
        sol::ExpectedPause::SELECTOR,
        crate::InvalidAddress::SELECTOR,
        crate::InvalidReceiver::SELECTOR,
        sol::InvalidAmount::SELECTOR,
        sol::NotRegistry::SELECTOR,
        sol::PositionExists::SELECTOR,
        sol::NoPosition::SELECTOR,
        sol::NotPositionOwner::SELECTOR,
        sol::NoDebt::SELECTOR,
        sol::InvalidModel::SELECTOR,
        sol::ModelNotConfigured::SELECTOR,
        sol::StaleValuation::SELECTOR,
        sol::UndercollateralizedBorrow::SELECTOR,
        sol::DebtCeilingExceeded::SELECTOR,
        sol::GlobalDebtCeilingExceeded::SELECTOR,
        sol::DustDebt::SELECTOR,
        sol::OutstandingDebt::SELECTOR,
        sol::NotLiquidatable::SELECTOR,
        sol::NotLiquidator::SELECTOR,
        sol::InvalidVault::SELECTOR,
        sol::NotStranded::SELECTOR,
        sol::InvalidApr::SELECTOR,
        sol::InvalidRatios::SELECTOR,
        sol::InvalidBps::SELECTOR,
        crate::ArithmeticFailure::SELECTOR,
        crate::UnexpectedReturnData::SELECTOR,
    ];
    assert_eq!(sorted(IAidMinterErrors::SELECTORS), sorted(&errors));
}

#[test]
fn the_liquidators_events_and_errors_match_its_declarations() {
    use aid_liquidator as l;
    let events = [
        l::AuctionStarted::SIGNATURE_HASH,
        l::AuctionReset::SIGNATURE_HASH,
        l::AuctionSettled::SIGNATURE_HASH,
        l::AuctionParamsSet::SIGNATURE_HASH,
        l::BadDebt::SIGNATURE_HASH,
        l::Healed::SIGNATURE_HASH,
        l::KeeperPaid::SIGNATURE_HASH,
        l::TreasurySet::SIGNATURE_HASH,
        l::SurplusBufferTargetSet::SIGNATURE_HASH,
        l::SurplusSwept::SIGNATURE_HASH,
        l::RoleGranted::SIGNATURE_HASH,
        l::RoleRevoked::SIGNATURE_HASH,
    ];
    let declared: Vec<B256> = IAidLiquidatorEvents::SELECTORS
        .iter()
        .map(|s| B256::new(*s))
        .collect();
    assert_eq!(sorted(&declared), sorted(&events));
    let errors = [
        l::AccessControlUnauthorizedAccount::SELECTOR,
        l::AccessControlBadConfirmation::SELECTOR,
        l::InvalidAddress::SELECTOR,
        l::InvalidReceiver::SELECTOR,
        l::NoAuction::SELECTOR,
        l::AuctionExpired::SELECTOR,
        l::AuctionNotExpired::SELECTOR,
        l::PriceAboveMax::SELECTOR,
        l::InvalidAuctionParams::SELECTOR,
        l::UnbackedDebtOutstanding::SELECTOR,
        l::ArithmeticFailure::SELECTOR,
        l::UnexpectedReturnData::SELECTOR,
    ];
    assert_eq!(sorted(IAidLiquidatorErrors::SELECTORS), sorted(&errors));
}

#[motsu::test]
fn every_function_the_liquidator_declares_is_routed() {
    use aid_liquidator::AidLiquidator;
    let w = World::new();
    for selector in IAidLiquidatorCalls::SELECTORS {
        let mut call = w.liquidator.sender(ALICE);
        let storage: &mut AidLiquidator = &mut call;
        let s = u32::from_be_bytes(*selector);
        assert!(
            <AidLiquidator as Router<AidLiquidator>>::route(storage, s, &[]).is_some(),
            "selector {} is declared but not routed",
            alloy_primitives::hex::encode(selector)
        );
    }
    // The interface the liquidator calls the minter through is the minter's declared one.
    use aid_support::sel;
    assert_eq!(sel::SEIZE, IAidMinter::seizeCall::SELECTOR);
    assert_eq!(sel::VAULT, IAidMinter::vaultCall::SELECTOR);
    assert_eq!(sel::SETTLE, IAidMinter::settleCall::SELECTOR);
}

#[motsu::test]
fn calls_decode_and_answer_in_the_declared_shapes() {
    let w = World::new();
    let id = w.pledged(ALICE);

    // A state-changing call through the router, encoded from the interface.
    let borrow = IAidMinter::borrowCall {
        tokenId: id,
        amount: aid(6_000),
        receiver: ALICE,
    };
    route(&w, ALICE, &borrow.abi_encode())
        .unwrap()
        .motsu_unwrap();
    assert_eq!(w.aid_of(ALICE), aid(6_000));

    let health = route(
        &w,
        BOB,
        &IAidMinter::healthCall { tokenId: id }.abi_encode(),
    )
    .unwrap()
    .motsu_unwrap();
    let h = IAidMinter::healthCall::abi_decode_returns(&health, true).unwrap();
    assert_eq!(
        (h.debt, h.value, h.fresh, h.liquidatable),
        (aid(6_000), appraisal(), true, false)
    );
    assert_eq!(h.ratioBps, U256::from(150_000));

    let position = route(
        &w,
        BOB,
        &IAidMinter::positionCall { tokenId: id }.abi_encode(),
    )
    .unwrap()
    .motsu_unwrap();
    let p = IAidMinter::positionCall::abi_decode_returns(&position, true).unwrap();
    assert_eq!(
        (p.owner, p.model, p.normalizedDebt, p.debt),
        (ALICE, h100(), aid(6_000), aid(6_000))
    );

    let params = route(
        &w,
        BOB,
        &IAidMinter::modelParamsCall { model: h100() }.abi_encode(),
    )
    .unwrap()
    .motsu_unwrap();
    let m = IAidMinter::modelParamsCall::abi_decode_returns(&params, true).unwrap();
    assert_eq!(
        (
            m.minCollateralRatioBps,
            m.liquidationRatioBps,
            m.stabilityFeeAprBps
        ),
        (MIN_RATIO, LIQ_RATIO, APR_BPS)
    );

    let state = route(
        &w,
        BOB,
        &IAidMinter::modelStateCall { model: h100() }.abi_encode(),
    )
    .unwrap()
    .motsu_unwrap();
    let s = IAidMinter::modelStateCall::abi_decode_returns(&state, true).unwrap();
    assert_eq!(
        (s.normalizedDebt, s.debt, s.rate, s.lastDrip),
        (aid(6_000), aid(6_000), aid_math::RAY, w.now())
    );

    let global = route(&w, BOB, &IAidMinter::globalParamsCall {}.abi_encode())
        .unwrap()
        .motsu_unwrap();
    let g = IAidMinter::globalParamsCall::abi_decode_returns(&global, true).unwrap();
    assert_eq!(
        (g.globalDebtCeiling, g.dust, g.savingsShareBps),
        (global_ceiling(), dust(), SAVINGS_BPS)
    );

    // A revert comes back as the declared custom error.
    let err = route(&w, BOB, &borrow.abi_encode())
        .unwrap()
        .motsu_unwrap_err();
    let decoded = IAidMinterErrors::abi_decode(&err, true).unwrap();
    assert!(matches!(
        decoded,
        IAidMinterErrors::NotPositionOwner(e) if e.tokenId == id && e.caller == BOB
    ));
}
