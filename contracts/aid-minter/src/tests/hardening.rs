//! Regression tests of the review's findings on the minter's everyday path: repayment and
//! accrual never depend on the vault (M-01) or on the minter's rights on AID (M-02), repaying
//! `type(uint256).max` repays exactly the debt (L-08), bounded parameters (L-05, L-07), a checked
//! vault (L-06) and stranded tokens (I-05).

use alloy_primitives::U256;
use motsu::prelude::*;
use said_vault::SAidVault;

use super::*;
use crate::{
    AccessControlUnauthorizedAccount, InterestDeferred, InterestDistributed, InvalidApr,
    InvalidRatios, InvalidVault, NotStranded, Repaid, StrandedTokenReturned, YieldDeferred,
};

/// A position owing 60,000 AID plus a day of interest.
fn a_day_into_a_loan(w: &World) -> U256 {
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    w.advance(DAY);
    id
}

/// `who` repays all of `id` (funding the interest) and withdraws its token.
fn repay_all_and_withdraw(w: &World, who: Address, id: U256) -> U256 {
    w.fund(who, aid(100));
    w.approve(who, U256::MAX);
    let repaid = w.minter.sender(who).repay(id, U256::MAX).motsu_unwrap();
    w.minter.sender(who).withdraw(id, who).motsu_unwrap();
    assert_eq!(w.owner_of(id), who);
    repaid
}

#[motsu::test]
fn repay_and_withdraw_work_when_the_vault_refuses_yield() {
    let w = World::new();
    let id = a_day_into_a_loan(&w);
    w.vault_refuses(true);
    let debt = w.debt(id);
    assert!(debt > aid(60_000));

    assert_eq!(repay_all_and_withdraw(&w, ALICE, id), debt);
    w.assert_books();
    // The day's interest is booked, not lost: the next drip mints it and offers the vault its
    // share, which the vault refuses; the share waits in the minter.
    let interest = debt - aid(60_000);
    assert_eq!(w.pending_interest(), interest);
    w.drip();
    let to_vault = interest * U256::from(SAVINGS_BPS) / U256::from(10_000);
    assert_eq!(w.pending_interest(), U256::ZERO);
    assert_eq!(w.pending_yield(), to_vault);
    assert_eq!(w.surplus(), interest - to_vault);
    assert_eq!(w.vault_aid(), U256::ZERO);
    assert!(w.minter.emitted(&YieldDeferred {
        vault: w.vault.address(),
        pending: to_vault,
    }));
    w.assert_books();
}

#[motsu::test]
fn the_share_a_vault_refused_is_handed_over_by_a_later_drip() {
    let w = World::new();
    let id = a_day_into_a_loan(&w);
    w.vault_refuses(true);
    w.drip();
    let waiting = w.pending_yield();
    assert!(waiting > U256::ZERO);

    w.vault_refuses(false);
    w.advance(DAY);
    let interest = w.drip();
    let to_vault = interest * U256::from(SAVINGS_BPS) / U256::from(10_000);
    assert_eq!(w.pending_yield(), U256::ZERO);
    assert_eq!(w.vault_aid(), waiting + to_vault);
    assert!(w.debt(id) > aid(60_000));
    w.assert_books();
}

#[motsu::test]
fn borrowing_and_setting_parameters_work_when_the_vault_refuses_yield() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(50_000));
    w.advance(DAY);
    w.vault_refuses(true);
    w.borrow(ALICE, id, aid(1_000));
    w.minter
        .sender(ADMIN)
        .set_model_params(h100(), MIN_RATIO, LIQ_RATIO, 0, model_ceiling())
        .motsu_unwrap();
    w.assert_books();
}

#[motsu::test]
fn repay_works_after_the_minter_is_removed_from_aid() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    w.minter_removed(true);

    // Same second, no interest: a partial repayment.
    w.approve(ALICE, aid(10_000));
    assert_eq!(
        w.minter.sender(ALICE).repay(id, aid(10_000)).motsu_unwrap(),
        aid(10_000)
    );
    assert!(w.minter.emitted(&Repaid {
        tokenId: id,
        payer: ALICE,
        amount: aid(10_000),
        debt: aid(50_000),
    }));
    w.advance(DAY);
    let debt = w.debt(id);
    assert_eq!(repay_all_and_withdraw(&w, ALICE, id), debt);
    w.assert_books();

    // The interest cannot be minted: it stays pending, said so, and nothing else is held up.
    let interest = debt - aid(50_000);
    w.drip();
    assert_eq!(w.pending_interest(), interest);
    assert!(w.minter.emitted(&InterestDeferred { pending: interest }));
    w.assert_books();

    // Once the minter is an AID minter again, the next drip mints it.
    w.minter_removed(false);
    w.drip();
    assert_eq!(w.pending_interest(), U256::ZERO);
    let to_vault = interest * U256::from(SAVINGS_BPS) / U256::from(10_000);
    assert!(w.minter.emitted(&InterestDistributed {
        minted: interest,
        toVault: to_vault,
        toSurplus: interest - to_vault,
    }));
    w.assert_books();
}

#[motsu::test]
fn an_exhausted_minter_allowance_defers_interest_but_not_repayment() {
    let w = World::new();
    w.aid
        .sender(ADMIN)
        .configure_minter(w.minter.address(), aid(60_000))
        .motsu_unwrap();
    let id = a_day_into_a_loan(&w);
    let debt = w.debt(id);
    assert_eq!(repay_all_and_withdraw(&w, ALICE, id), debt);
    w.drip();
    assert_eq!(w.pending_interest(), debt - aid(60_000));
    w.assert_books();
}

#[motsu::test]
fn repaying_max_repays_exactly_the_debt_at_execution() {
    let w = World::new();
    let id = a_day_into_a_loan(&w);
    let quoted = w.debt(id);
    w.advance(2);
    let debt = w.debt(id);
    assert!(debt > quoted, "interest accrued since the quote");
    w.fund(ALICE, aid(100));
    w.approve(ALICE, U256::MAX);
    let before = w.aid_of(ALICE);
    let repaid = w.minter.sender(ALICE).repay(id, U256::MAX).motsu_unwrap();
    assert_eq!(repaid, debt);
    assert_eq!(w.aid_of(ALICE), before - debt);
    assert_eq!(w.debt(id), U256::ZERO);
    assert!(w.minter.emitted(&Repaid {
        tokenId: id,
        payer: ALICE,
        amount: debt,
        debt: U256::ZERO,
    }));
    w.assert_books();
}

#[motsu::test]
fn set_vault_refuses_a_vault_of_another_asset() {
    // (An account without code is refused too: the integration tests show it on the real chain;
    // motsu cannot call an address that holds no contract.)
    let w = World::new();
    let other: Contract<SAidVault> = Contract::new();
    other
        .sender(ADMIN)
        .constructor(ADMIN, w.registry.address())
        .motsu_unwrap();
    assert_revert(
        w.minter.sender(ADMIN).set_vault(other.address()),
        InvalidVault {
            vault: other.address(),
        },
    );
    assert_eq!(w.minter.sender(ALICE).vault(), w.vault.address());
}

#[motsu::test]
fn credit_parameters_are_bounded() {
    let w = World::new();
    let set = |min, liq, apr| {
        w.minter
            .sender(ADMIN)
            .set_model_params(h100(), min, liq, apr, model_ceiling())
    };
    assert_revert(
        set(15_000, 9_999, APR_BPS),
        InvalidRatios {
            minCollateralRatioBps: 15_000,
            liquidationRatioBps: 9_999,
        },
    );
    assert_revert(
        set(12_500, 12_500, APR_BPS),
        InvalidRatios {
            minCollateralRatioBps: 12_500,
            liquidationRatioBps: 12_500,
        },
    );
    assert_revert(
        set(50_001, 12_500, APR_BPS),
        InvalidRatios {
            minCollateralRatioBps: 50_001,
            liquidationRatioBps: 12_500,
        },
    );
    assert_revert(
        set(MIN_RATIO, LIQ_RATIO, crate::MAX_APR_BPS + 1),
        InvalidApr {
            aprBps: crate::MAX_APR_BPS + 1,
        },
    );
    set(50_000, 10_000, crate::MAX_APR_BPS).motsu_unwrap();
}

#[motsu::test]
fn a_token_sent_with_a_plain_transfer_is_returned_by_the_admin() {
    let w = World::new();
    let id = w.register(ALICE);
    w.registry
        .sender(ALICE)
        .transfer_from(ALICE, w.minter.address(), id)
        .motsu_unwrap();
    assert_eq!(w.owner_of(id), w.minter.address());
    assert_eq!(
        w.minter.sender(ALICE).position(id).motsu_unwrap().0,
        Address::ZERO
    );

    assert_revert(
        w.minter.sender(ALICE).return_stranded_token(id, ALICE),
        AccessControlUnauthorizedAccount {
            account: ALICE,
            neededRole: crate::DEFAULT_ADMIN_ROLE.into(),
        },
    );
    w.minter
        .sender(ADMIN)
        .return_stranded_token(id, ALICE)
        .motsu_unwrap();
    assert_eq!(w.owner_of(id), ALICE);
    assert!(w.minter.emitted(&StrandedTokenReturned {
        tokenId: id,
        to: ALICE,
    }));

    // A pledged token is a position, not stranded; a token the minter does not hold is refused
    // by the registry (ERC721InsufficientApproval: the minter may not move it).
    let pledged = w.pledged(BOB);
    assert_revert(
        w.minter.sender(ADMIN).return_stranded_token(pledged, ADMIN),
        NotStranded { tokenId: pledged },
    );
    let err = w
        .minter
        .sender(ADMIN)
        .return_stranded_token(id, ADMIN)
        .motsu_unwrap_err();
    assert_eq!(
        err[..4],
        alloy_primitives::keccak256("ERC721InsufficientApproval(address,uint256)")[..4]
    );
    assert_eq!(w.owner_of(id), ALICE);
}
