//! Repaying: partial, full, capped at the debt, dust, and by anyone.

use alloy_primitives::U256;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::{
    self, ERC20InsufficientAllowance, ERC20InsufficientBalance,
};

use super::*;
use crate::{DustDebt, InvalidAmount, NoDebt, NoPosition, Repaid};

#[motsu::test]
fn partial_repayment_burns_and_lowers_the_debt() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    let supply = w.supply();

    assert_eq!(w.repay(ALICE, id, aid(20_000)), aid(20_000));
    assert_eq!(w.debt(id), aid(40_000));
    assert_eq!(w.aid_of(ALICE), aid(40_000));
    assert_eq!(w.supply(), supply - aid(20_000));
    assert!(w.minter.emitted(&Repaid {
        tokenId: id,
        payer: ALICE,
        amount: aid(20_000),
        debt: aid(40_000)
    }));
    w.assert_books();
}

#[motsu::test]
fn full_repayment_clears_the_position() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    w.advance(90 * DAY);
    let debt = w.debt(id);
    assert!(debt > aid(60_000));
    // Alice needs the interest on top of what she borrowed.
    w.fund(ALICE, debt - aid(60_000));

    assert_eq!(w.repay(ALICE, id, debt), debt);
    let (owner, model, art, left) = w.minter.sender(ALICE).position(id).motsu_unwrap();
    assert_eq!(
        (owner, model, art, left),
        (ALICE, h100(), U256::ZERO, U256::ZERO)
    );
    assert_eq!(w.aid_of(ALICE), U256::ZERO);
    assert!(w.minter.emitted(&Repaid {
        tokenId: id,
        payer: ALICE,
        amount: debt,
        debt: U256::ZERO
    }));
    // The model owes nothing more: its tracked debt went to zero with its last position.
    assert_eq!(w.minter.sender(ALICE).model_state(h100()).1, U256::ZERO);
    assert_eq!(w.total_debt(), U256::ZERO);
    w.assert_books();
}

#[motsu::test]
fn over_repayment_is_capped_at_the_debt() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.advance(YEAR);
    let debt = w.debt(id);
    w.fund(ALICE, aid(5_000));
    let before = w.aid_of(ALICE);

    let repaid = w.repay(ALICE, id, aid(15_000));
    assert_eq!(repaid, debt);
    assert_eq!(w.aid_of(ALICE), before - debt);
    // Only what was burnt was taken from the allowance.
    assert_eq!(
        w.aid.sender(ALICE).allowance(ALICE, w.minter.address()),
        aid(15_000) - debt
    );
    assert_eq!(w.debt(id), U256::ZERO);
    w.assert_books();
}

#[motsu::test]
fn a_repayment_leaving_dust_is_refused() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(2_000));
    w.approve(ALICE, aid(1_500));
    assert_revert(
        w.minter.sender(ALICE).repay(id, aid(1_500)),
        DustDebt {
            remaining: aid(500),
            dust: dust(),
        },
    );
    // Down to exactly dust, or all of it, is fine.
    assert_eq!(w.repay(ALICE, id, aid(1_000)), aid(1_000));
    assert_eq!(w.repay(ALICE, id, aid(1_000)), aid(1_000));
    assert_eq!(w.debt(id), U256::ZERO);
}

#[motsu::test]
fn anyone_may_repay_any_position() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.fund(BOB, aid(3_000));
    assert_eq!(w.repay(BOB, id, aid(3_000)), aid(3_000));
    assert_eq!(w.debt(id), aid(7_000));
    assert_eq!(w.aid_of(BOB), U256::ZERO);
    assert_eq!(w.aid_of(ALICE), aid(10_000));
    assert!(w.minter.emitted(&Repaid {
        tokenId: id,
        payer: BOB,
        amount: aid(3_000),
        debt: aid(7_000)
    }));
}

#[motsu::test]
fn repayment_needs_allowance_and_balance() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    let err = w
        .minter
        .sender(ALICE)
        .repay(id, aid(2_000))
        .motsu_unwrap_err();
    let expected: Vec<u8> = erc20::Error::InsufficientAllowance(ERC20InsufficientAllowance {
        spender: w.minter.address(),
        allowance: U256::ZERO,
        needed: aid(2_000),
    })
    .into();
    assert_eq!(err, expected);

    w.approve(BOB, aid(2_000));
    let err = w
        .minter
        .sender(BOB)
        .repay(id, aid(2_000))
        .motsu_unwrap_err();
    let expected: Vec<u8> = erc20::Error::InsufficientBalance(ERC20InsufficientBalance {
        sender: BOB,
        balance: U256::ZERO,
        needed: aid(2_000),
    })
    .into();
    assert_eq!(err, expected);
    assert_eq!(w.debt(id), aid(10_000));
    w.assert_books();
}

#[motsu::test]
fn nothing_to_repay_is_an_error() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.approve(ALICE, aid(1));
    assert_revert(
        w.minter.sender(ALICE).repay(id, aid(1)),
        NoDebt { tokenId: id },
    );
    assert_revert(
        w.minter.sender(ALICE).repay(id, U256::ZERO),
        InvalidAmount { amount: U256::ZERO },
    );
    let missing = U256::from(77);
    assert_revert(
        w.minter.sender(ALICE).repay(missing, aid(1)),
        NoPosition { tokenId: missing },
    );
}

#[motsu::test]
fn partial_repayment_rounds_normalized_debt_down() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.advance(123 * DAY + 7);
    w.drip();
    let rate = w.rate();
    let (_, _, art_before, debt_before) = w.minter.sender(ALICE).position(id).motsu_unwrap();
    let amount = aid(1_000) + U256::from(3);
    w.repay(ALICE, id, amount);

    let (_, _, art_after, debt_after) = w.minter.sender(ALICE).position(id).motsu_unwrap();
    // The normalized debt removed is floor(amount / rate): the position never owes less than
    // its old debt minus the payment.
    assert_eq!(art_before - art_after, amount * aid_math::RAY / rate);
    assert!(debt_after >= debt_before - amount);
    assert!(debt_after <= debt_before - amount + U256::from(2));
    w.assert_books();
}
