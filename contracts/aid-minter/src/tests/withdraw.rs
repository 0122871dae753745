//! Withdrawing the collateral: only the owner, only without debt, also while paused.

use alloy_primitives::{Address, B256, U256};
use motsu::prelude::*;

use super::*;
use crate::{InvalidReceiver, NotPositionOwner, OutstandingDebt, Withdrawn};

#[motsu::test]
fn withdrawing_with_debt_fails() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(5_000));
    w.advance(DAY);
    let debt = w.debt(id);
    assert_revert(
        w.minter.sender(ALICE).withdraw(id, ALICE),
        OutstandingDebt { tokenId: id, debt },
    );
    assert_eq!(w.owner_of(id), w.minter.address());
}

#[motsu::test]
fn withdrawing_without_debt_returns_the_token() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(5_000));
    w.advance(DAY);
    let debt = w.debt(id);
    w.fund(ALICE, debt - aid(5_000));
    w.repay(ALICE, id, debt);

    w.minter.sender(ALICE).withdraw(id, BOB).motsu_unwrap();
    assert_eq!(w.owner_of(id), BOB);
    let (owner, model, art, left) = w.minter.sender(ALICE).position(id).motsu_unwrap();
    assert_eq!(
        (owner, model, art, left),
        (Address::ZERO, B256::ZERO, U256::ZERO, U256::ZERO)
    );
    assert!(w.minter.emitted(&Withdrawn {
        tokenId: id,
        owner: ALICE,
        receiver: BOB
    }));
    w.assert_books();
}

#[motsu::test]
fn only_the_owner_withdraws() {
    let w = World::new();
    let id = w.pledged(ALICE);
    assert_revert(
        w.minter.sender(BOB).withdraw(id, BOB),
        NotPositionOwner {
            tokenId: id,
            caller: BOB,
        },
    );
    assert_revert(
        w.minter.sender(ALICE).withdraw(id, Address::ZERO),
        InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
    assert_eq!(w.owner_of(id), w.minter.address());
}

#[motsu::test]
fn withdrawal_works_while_paused() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.minter.sender(ADMIN).pause().motsu_unwrap();
    w.minter.sender(ALICE).withdraw(id, ALICE).motsu_unwrap();
    assert_eq!(w.owner_of(id), ALICE);
}

#[motsu::test]
fn a_withdrawn_token_can_be_pledged_again() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(1_000));
    w.repay(ALICE, id, aid(1_000));
    w.minter.sender(ALICE).withdraw(id, BOB).motsu_unwrap();

    // The new holder pledges it and borrows against it as a fresh position.
    w.send_to_minter(BOB, id);
    w.borrow(BOB, id, aid(2_000));
    let (owner, model, _, debt) = w.minter.sender(ALICE).position(id).motsu_unwrap();
    assert_eq!((owner, model, debt), (BOB, h100(), aid(2_000)));
}
