//! ERC-4626: conversions and their rounding, the four entry points with their events, the
//! limits, the first-depositor inflation attack, and every error of the entry points.

use alloy_primitives::{uint, Address, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;

use super::{aid, assert_close, World, ALICE, BOB, CAROL, E18};
use crate::{
    Deposit, ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidReceiver,
    ERC20InvalidSender, ERC4626ExceededMaxRedeem, ERC4626ExceededMaxWithdraw, Error, Transfer,
    Withdraw, VIRTUAL_OFFSET,
};

/// Alice holds `2e18 - 1e9` shares and 1 AID is donated: with the virtual offset the conversion
/// runs at exactly (3e18 assets) / (2e18 shares), a price of 3/2.
fn three_halves() -> World {
    let w = World::new();
    w.deposit(
        ALICE,
        uint!(2_000_000_000_000_000_000_U256) - VIRTUAL_OFFSET,
    );
    w.donate(CAROL, E18);
    assert_eq!(w.total_assets() + VIRTUAL_OFFSET, U256::from(3) * E18);
    assert_eq!(
        w.vault.sender(ALICE).total_supply() + VIRTUAL_OFFSET,
        U256::from(2) * E18
    );
    w
}

#[motsu::test]
fn first_deposit_is_one_to_one_and_emits_transfer_and_deposit() {
    let w = World::new();
    assert_eq!(
        w.vault
            .sender(ALICE)
            .convert_to_shares(aid(1000))
            .motsu_unwrap(),
        aid(1000)
    );
    assert_eq!(
        w.vault
            .sender(ALICE)
            .preview_deposit(aid(1000))
            .motsu_unwrap(),
        aid(1000)
    );

    let shares = w.deposit(ALICE, aid(1000));

    assert_eq!(shares, aid(1000));
    assert_eq!(w.shares(ALICE), aid(1000));
    assert_eq!(w.vault.sender(ALICE).total_supply(), aid(1000));
    assert_eq!(w.vault_aid(), aid(1000));
    assert_eq!(w.aid_of(ALICE), U256::ZERO);
    assert_eq!(w.total_assets(), aid(1000));
    assert!(w.vault.emitted(&Transfer {
        from: Address::ZERO,
        to: ALICE,
        value: aid(1000)
    }));
    assert!(w.vault.emitted(&Deposit {
        sender: ALICE,
        owner: ALICE,
        assets: aid(1000),
        shares: aid(1000)
    }));
}

#[motsu::test]
fn conversions_round_per_eip_in_the_vaults_favour() {
    let w = three_halves();
    let v = w.vault.sender(BOB);
    // Assets in → shares out: down. Shares in → assets out: down.
    assert_eq!(
        v.convert_to_shares(U256::from(4)).motsu_unwrap(),
        U256::from(2)
    ); // 8/3
    assert_eq!(
        v.convert_to_assets(U256::from(3)).motsu_unwrap(),
        U256::from(4)
    ); // 9/2
    assert_eq!(v.preview_deposit(U256::from(1)).motsu_unwrap(), U256::ZERO); // 2/3
    assert_eq!(
        v.preview_deposit(U256::from(4)).motsu_unwrap(),
        U256::from(2)
    ); // 8/3
    assert_eq!(
        v.preview_redeem(U256::from(1)).motsu_unwrap(),
        U256::from(1)
    ); // 3/2
       // Shares out → assets in: up. Assets out → shares burned: up.
    assert_eq!(v.preview_mint(U256::from(1)).motsu_unwrap(), U256::from(2)); // 3/2
    assert_eq!(v.preview_mint(U256::from(2)).motsu_unwrap(), U256::from(3)); // exact
    assert_eq!(
        v.preview_withdraw(U256::from(1)).motsu_unwrap(),
        U256::from(1)
    ); // 2/3
    assert_eq!(
        v.preview_withdraw(U256::from(4)).motsu_unwrap(),
        U256::from(3)
    ); // 8/3
}

#[motsu::test]
fn each_entry_point_does_what_its_preview_says() {
    let w = three_halves();
    w.fund(BOB, aid(10));

    let shares = w
        .vault
        .sender(BOB)
        .deposit(U256::from(4), BOB)
        .motsu_unwrap();
    assert_eq!(shares, U256::from(2));
    assert!(w.vault.emitted(&Deposit {
        sender: BOB,
        owner: BOB,
        assets: U256::from(4),
        shares: U256::from(2)
    }));

    let preview = w
        .vault
        .sender(BOB)
        .preview_mint(U256::from(5))
        .motsu_unwrap();
    let assets = w
        .vault
        .sender(BOB)
        .mint(U256::from(5), CAROL)
        .motsu_unwrap();
    assert_eq!(assets, preview);
    assert_eq!(w.shares(CAROL), U256::from(5));
    assert!(w.vault.emitted(&Deposit {
        sender: BOB,
        owner: CAROL,
        assets,
        shares: U256::from(5)
    }));

    let bob_aid = w.aid_of(BOB);
    let preview = w
        .vault
        .sender(BOB)
        .preview_withdraw(U256::from(1))
        .motsu_unwrap();
    let burned = w
        .vault
        .sender(BOB)
        .withdraw(U256::from(1), BOB, BOB)
        .motsu_unwrap();
    assert_eq!(burned, preview);
    assert_eq!(w.aid_of(BOB), bob_aid + U256::from(1));
    assert!(w.vault.emitted(&Withdraw {
        sender: BOB,
        receiver: BOB,
        owner: BOB,
        assets: U256::from(1),
        shares: burned
    }));
    assert!(w.vault.emitted(&Transfer {
        from: BOB,
        to: Address::ZERO,
        value: burned
    }));

    let preview = w
        .vault
        .sender(CAROL)
        .preview_redeem(U256::from(5))
        .motsu_unwrap();
    let paid = w
        .vault
        .sender(CAROL)
        .redeem(U256::from(5), ALICE, CAROL)
        .motsu_unwrap();
    assert_eq!(paid, preview);
    assert_eq!(w.shares(CAROL), U256::ZERO);
    assert!(w.vault.emitted(&Withdraw {
        sender: CAROL,
        receiver: ALICE,
        owner: CAROL,
        assets: paid,
        shares: U256::from(5)
    }));
}

#[motsu::test]
fn max_withdraw_and_max_redeem_follow_the_owners_shares() {
    let w = three_halves();
    let shares = w.shares(ALICE);
    assert_eq!(w.vault.sender(BOB).max_redeem(ALICE).motsu_unwrap(), shares);
    let max = w.vault.sender(BOB).max_withdraw(ALICE).motsu_unwrap();
    assert_eq!(
        max,
        w.vault.sender(BOB).convert_to_assets(shares).motsu_unwrap()
    );
    // Withdrawing exactly the maximum burns at most every share.
    let burned = w
        .vault
        .sender(ALICE)
        .withdraw(max, ALICE, ALICE)
        .motsu_unwrap();
    assert!(burned <= shares);
    assert_eq!(
        w.vault.sender(BOB).max_withdraw(BOB).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        w.vault.sender(BOB).max_redeem(BOB).motsu_unwrap(),
        U256::ZERO
    );
}

#[motsu::test]
fn a_spender_withdraws_and_redeems_for_the_owner_out_of_its_allowance() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.vault.sender(ALICE).approve(BOB, aid(100)).motsu_unwrap();

    let burned = w
        .vault
        .sender(BOB)
        .withdraw(aid(60), CAROL, ALICE)
        .motsu_unwrap();
    assert_eq!(burned, aid(60));
    assert_eq!(w.aid_of(CAROL), aid(60));
    assert_eq!(w.vault.sender(BOB).allowance(ALICE, BOB), aid(40));
    assert!(w.vault.emitted(&Withdraw {
        sender: BOB,
        receiver: CAROL,
        owner: ALICE,
        assets: aid(60),
        shares: aid(60)
    }));

    let err = w
        .vault
        .sender(BOB)
        .redeem(aid(41), BOB, ALICE)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: aid(40),
            needed: aid(41)
        })
    );
    assert_eq!(
        w.vault
            .sender(BOB)
            .redeem(aid(40), BOB, ALICE)
            .motsu_unwrap(),
        aid(40)
    );
    assert_eq!(w.vault.sender(BOB).allowance(ALICE, BOB), U256::ZERO);
    assert_eq!(w.shares(ALICE), aid(900));
}

#[motsu::test]
fn withdraw_errors() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    let v = |who| w.vault.sender(who);

    let err = v(ALICE)
        .withdraw(aid(1000) + U256::from(1), ALICE, ALICE)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw {
            owner: ALICE,
            assets: aid(1000) + U256::from(1),
            max: aid(1000)
        })
    );
    let err = v(BOB).withdraw(aid(1), BOB, ALICE).motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: U256::ZERO,
            needed: aid(1)
        })
    );
    let err = v(ALICE)
        .withdraw(aid(1), Address::ZERO, ALICE)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        })
    );
    let err = v(ALICE)
        .withdraw(U256::ZERO, ALICE, Address::ZERO)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidSender(ERC20InvalidSender {
            sender: Address::ZERO
        })
    );
    // Nothing moved.
    assert_eq!(w.shares(ALICE), aid(1000));
    assert_eq!(w.vault_aid(), aid(1000));
}

#[motsu::test]
fn redeem_errors() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    let v = |who| w.vault.sender(who);

    let err = v(ALICE).redeem(aid(1001), ALICE, ALICE).motsu_unwrap_err();
    assert_eq!(
        err,
        Error::ExceededMaxRedeem(ERC4626ExceededMaxRedeem {
            owner: ALICE,
            shares: aid(1001),
            max: aid(1000)
        })
    );
    let err = v(BOB).redeem(aid(1), BOB, ALICE).motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: BOB,
            allowance: U256::ZERO,
            needed: aid(1)
        })
    );
    let err = v(ALICE)
        .redeem(aid(1), Address::ZERO, ALICE)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        })
    );
    let err = v(ALICE)
        .redeem(U256::ZERO, ALICE, Address::ZERO)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidSender(ERC20InvalidSender {
            sender: Address::ZERO
        })
    );
    assert_eq!(w.shares(ALICE), aid(1000));
}

#[motsu::test]
fn deposit_and_mint_errors() {
    let w = World::new();
    let v = |who| w.vault.sender(who);

    let err = v(ALICE).deposit(aid(1), Address::ZERO).motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        })
    );
    let err = v(ALICE).mint(aid(1), Address::ZERO).motsu_unwrap_err();
    assert_eq!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver {
            receiver: Address::ZERO
        })
    );

    // The asset's own revert is passed on: no allowance to the vault, then no balance.
    let err = v(ALICE).deposit(aid(5), ALICE).motsu_unwrap_err();
    let expected = ERC20InsufficientAllowance {
        spender: w.vault.address(),
        allowance: U256::ZERO,
        needed: aid(5),
    };
    assert_eq!(err, Error::Asset(expected.abi_encode()));
    w.aid
        .sender(ALICE)
        .approve(w.vault.address(), U256::MAX)
        .motsu_unwrap();
    let err = v(ALICE).mint(aid(5), ALICE).motsu_unwrap_err();
    let expected = ERC20InsufficientBalance {
        sender: ALICE,
        balance: U256::ZERO,
        needed: aid(5),
    };
    assert_eq!(err, Error::Asset(expected.abi_encode()));
    // Reverted: no shares were minted.
    assert_eq!(v(ALICE).total_supply(), U256::ZERO);

    // Amounts beyond any supply: the views answer in full precision (saturating, capped at the
    // assets for payouts), and the entry points fail on the asset's own checks.
    assert_eq!(
        v(ALICE).convert_to_assets(U256::MAX).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        v(ALICE).convert_to_shares(U256::MAX).motsu_unwrap(),
        U256::MAX
    );
    assert_eq!(
        v(ALICE).preview_withdraw(U256::MAX).motsu_unwrap(),
        U256::MAX
    );
    assert_eq!(v(ALICE).preview_mint(U256::MAX).motsu_unwrap(), U256::MAX);
    assert!(matches!(
        v(ALICE).deposit(U256::MAX, ALICE).motsu_unwrap_err(),
        Error::Asset(_)
    ));
    assert!(matches!(
        v(ALICE).mint(U256::MAX, ALICE).motsu_unwrap_err(),
        Error::Asset(_)
    ));
}

#[motsu::test]
fn zero_amounts_move_nothing() {
    let w = World::new();
    w.deposit(ALICE, aid(10));
    assert_eq!(
        w.vault.sender(BOB).deposit(U256::ZERO, BOB).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        w.vault.sender(BOB).mint(U256::ZERO, BOB).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        w.vault
            .sender(ALICE)
            .withdraw(U256::ZERO, ALICE, ALICE)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        w.vault
            .sender(ALICE)
            .redeem(U256::ZERO, ALICE, ALICE)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(w.shares(ALICE), aid(10));
    assert_eq!(w.vault_aid(), aid(10));
}

/// The classic first-depositor attack, with numbers. The attacker deposits 1 wei, donates
/// 1,000,000 AID to inflate the price of its single share, and a victim deposits 1,000 AID.
///
/// Without protection the victim's 1e21 wei would buy `1e21 * 1 / (1e24 + 1) = 0` shares and
/// the attacker would take it all. With 1e9 virtual shares and assets the victim gets 1,000,000
/// shares and loses about 0.001 AID (one share, i.e. donation / 1e9), while the attacker loses
/// practically the whole donation to the virtual shares.
#[motsu::test]
fn inflation_attack_costs_the_attacker_and_not_the_victim() {
    let w = World::new();
    let attacker = BOB;
    let victim = ALICE;
    let donation = aid(1_000_000);
    let deposit = aid(1_000);

    assert_eq!(w.deposit(attacker, U256::from(1)), U256::from(1));
    w.donate(attacker, donation);
    assert_eq!(w.total_assets(), donation + U256::from(1));

    let shares = w.deposit(victim, deposit);
    // 1e21 * (1 + 1e9) / (1e24 + 1 + 1e9) = 1_000_000.000999...
    assert_eq!(shares, U256::from(1_000_000));

    let victim_back = w.redeem_all(victim);
    let victim_loss = deposit - victim_back;
    // At most one share's worth: donation / 1e9 = 1e15 wei = 0.001 AID (0.0001% of the deposit).
    assert!(
        victim_loss <= donation / VIRTUAL_OFFSET,
        "victim lost {victim_loss}"
    );
    assert!(victim_loss * U256::from(1_000_000) <= deposit);

    let attacker_back = w.redeem_all(attacker);
    let attacker_paid = donation + U256::from(1);
    // The attacker gets back about donation / 1e9 of its 1e24: the attack is ruinous for it.
    assert!(
        attacker_back <= donation / VIRTUAL_OFFSET + U256::from(1),
        "attacker got {attacker_back}"
    );
    assert!(attacker_back + victim_loss < attacker_paid);
}

/// The same donation after real deposits is harmless: it is yield for the holders.
#[motsu::test]
fn a_donation_to_a_live_vault_is_shared_pro_rata() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.deposit(BOB, aid(3000));
    w.donate(CAROL, aid(400));
    assert_close(w.value_of(ALICE), aid(1100), U256::from(1_000_000_000u64));
    assert_close(w.value_of(BOB), aid(3300), U256::from(1_000_000_000u64));
    assert!(w.value_of(ALICE) <= aid(1100) && w.value_of(BOB) <= aid(3300));
}
