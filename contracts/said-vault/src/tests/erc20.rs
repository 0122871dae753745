//! The sAID share token: ERC-20 transfers, allowances, metadata and their errors.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;

use super::{aid, World, ALICE, BOB, CAROL};
use crate::{
    Approval, ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver,
    ERC20InvalidSender, ERC20InvalidSpender, Error, Transfer,
};

#[motsu::test]
fn metadata() {
    let w = World::new();
    let v = w.vault.sender(ALICE);
    assert_eq!(v.name(), "Staked AI Dollar");
    assert_eq!(v.symbol(), "sAID");
    assert_eq!(v.decimals(), 18);
    assert_eq!(v.total_supply(), U256::ZERO);
}

#[motsu::test]
fn transfer_moves_shares_and_their_value() {
    let w = World::new();
    w.deposit(ALICE, aid(100));
    assert!(w.vault.sender(ALICE).transfer(BOB, aid(40)).motsu_unwrap());
    assert_eq!(w.shares(ALICE), aid(60));
    assert_eq!(w.shares(BOB), aid(40));
    assert_eq!(w.vault.sender(ALICE).total_supply(), aid(100));
    assert!(w.vault.emitted(&Transfer {
        from: ALICE,
        to: BOB,
        value: aid(40)
    }));
    assert_eq!(w.redeem_all(BOB), aid(40));
}

#[motsu::test]
fn transfer_errors() {
    let w = World::new();
    w.deposit(ALICE, aid(100));
    let err = w
        .vault
        .sender(ALICE)
        .transfer(BOB, aid(101))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InsufficientBalance(ERC20InsufficientBalance {
            sender: ALICE,
            balance: aid(100),
            needed: aid(101)
        })
    );
    let err = w
        .vault
        .sender(ALICE)
        .transfer(Address::ZERO, aid(1))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        })
    );
    assert_eq!(w.shares(ALICE), aid(100));
}

#[motsu::test]
fn approve_and_transfer_from_spend_the_allowance() {
    let w = World::new();
    w.deposit(ALICE, aid(100));
    assert!(w.vault.sender(ALICE).approve(BOB, aid(50)).motsu_unwrap());
    assert!(w.vault.emitted(&Approval {
        owner: ALICE,
        spender: BOB,
        value: aid(50)
    }));
    assert_eq!(w.vault.sender(BOB).allowance(ALICE, BOB), aid(50));

    assert!(w
        .vault
        .sender(BOB)
        .transfer_from(ALICE, CAROL, aid(30))
        .motsu_unwrap());
    assert_eq!(w.shares(CAROL), aid(30));
    assert_eq!(w.vault.sender(BOB).allowance(ALICE, BOB), aid(20));
    assert!(w.vault.emitted(&Transfer {
        from: ALICE,
        to: CAROL,
        value: aid(30)
    }));

    let err = w
        .vault
        .sender(BOB)
        .transfer_from(ALICE, CAROL, aid(21))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: aid(20),
            needed: aid(21)
        })
    );
}

#[motsu::test]
fn an_unlimited_allowance_is_never_spent() {
    let w = World::new();
    w.deposit(ALICE, aid(100));
    w.vault.sender(ALICE).approve(BOB, U256::MAX).motsu_unwrap();
    w.vault
        .sender(BOB)
        .transfer_from(ALICE, BOB, aid(60))
        .motsu_unwrap();
    w.vault
        .sender(BOB)
        .redeem(aid(10), BOB, ALICE)
        .motsu_unwrap();
    assert_eq!(w.vault.sender(BOB).allowance(ALICE, BOB), U256::MAX);
}

#[motsu::test]
fn transfer_from_and_approve_errors() {
    let w = World::new();
    w.deposit(ALICE, aid(100));
    w.vault.sender(ALICE).approve(BOB, U256::MAX).motsu_unwrap();

    let err = w
        .vault
        .sender(BOB)
        .transfer_from(ALICE, BOB, aid(101))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InsufficientBalance(ERC20InsufficientBalance {
            sender: ALICE,
            balance: aid(100),
            needed: aid(101)
        })
    );
    let err = w
        .vault
        .sender(BOB)
        .transfer_from(ALICE, Address::ZERO, aid(1))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        })
    );
    // Nobody holds an allowance from the zero address, but a zero amount passes that check.
    let err = w
        .vault
        .sender(BOB)
        .transfer_from(Address::ZERO, BOB, U256::ZERO)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidSender(ERC20InvalidSender {
            sender: Address::ZERO
        })
    );

    let err = w
        .vault
        .sender(ALICE)
        .approve(Address::ZERO, aid(1))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidSpender(ERC20InvalidSpender {
            spender: Address::ZERO
        })
    );
    assert_eq!(w.shares(ALICE), aid(100));
}
