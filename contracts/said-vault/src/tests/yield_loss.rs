//! Yield vesting (linear release, carry-over, sandwich resistance) and loss absorption.

use alloy_primitives::{Address, U256};
use alloy_sol_types::{SolError, SolEvent};
use motsu::prelude::*;

use super::{aid, assert_close, World, ALICE, BOB, CAROL, MINTER};
use crate::{
    test_clock, AccessControlUnauthorizedAccount, ERC20InsufficientAllowance, Error, LossAbsorbed,
    Transfer, YieldDistributed, DEFAULT_VESTING_PERIOD, LOSS_ABSORBER_ROLE, YIELD_DISTRIBUTOR_ROLE,
};

/// The VM's (fixed) block timestamp: the vault's clock before `test_clock::advance`.
const T0: u64 = 1_735_689_600;
const HOUR: u64 = 3600;
/// Rounding tolerance for values that include the virtual shares' sliver of a yield.
const DUST: U256 = U256::from_limbs([1_000_000_000, 0, 0, 0]);

#[motsu::test]
fn yield_vests_linearly_over_the_vesting_period() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.distribute(aid(100));

    assert!(w.vault.emitted(&YieldDistributed {
        from: MINTER,
        amount: aid(100),
        unvestedCarried: U256::ZERO,
        vestingEnd: T0 + DEFAULT_VESTING_PERIOD
    }));
    assert_eq!(w.vault.sender(ALICE).vesting_end(), T0 + 8 * HOUR);
    assert_eq!(w.vault_aid(), aid(1100));
    assert_eq!(w.unvested(), aid(100));
    assert_eq!(w.total_assets(), aid(1000));

    test_clock::advance(2 * HOUR);
    assert_eq!(w.unvested(), aid(75));
    assert_eq!(w.total_assets(), aid(1025));

    test_clock::advance(4 * HOUR);
    assert_eq!(w.unvested(), aid(25));
    assert_eq!(w.total_assets(), aid(1075));

    test_clock::advance(2 * HOUR);
    assert_eq!(w.unvested(), U256::ZERO);
    assert_eq!(w.total_assets(), aid(1100));
    // After the full period the whole yield is in the share price (less the virtual sliver).
    assert_close(w.value_of(ALICE), aid(1100), DUST);
    assert!(w.value_of(ALICE) <= aid(1100));
    let paid = w.redeem_all(ALICE);
    assert_close(paid, aid(1100), DUST);
    assert_eq!(w.aid_of(ALICE), paid);
}

#[motsu::test]
fn unvested_yield_rounds_up_so_nothing_is_released_early() {
    let w = World::new();
    w.deposit(ALICE, aid(1));
    w.distribute(U256::from(100));
    test_clock::advance(1);
    // 100 * 28_799 / 28_800 = 99.997 → 100 still unvested.
    assert_eq!(w.unvested(), U256::from(100));
    test_clock::advance(DEFAULT_VESTING_PERIOD - 2);
    // 100 * 1 / 28_800 → 1.
    assert_eq!(w.unvested(), U256::from(1));
    test_clock::advance(1);
    assert_eq!(w.unvested(), U256::ZERO);
}

#[motsu::test]
fn a_new_distribution_carries_the_unvested_remainder_and_restarts_the_period() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.distribute(aid(100));
    test_clock::advance(2 * HOUR);
    w.distribute(aid(50));

    let end = T0 + 2 * HOUR + DEFAULT_VESTING_PERIOD;
    assert!(w.vault.emitted(&YieldDistributed {
        from: MINTER,
        amount: aid(50),
        unvestedCarried: aid(75),
        vestingEnd: end
    }));
    assert_eq!(w.vault.sender(ALICE).vesting_end(), end);
    assert_eq!(w.unvested(), aid(125));
    assert_eq!(w.total_assets(), aid(1025));
    test_clock::advance(4 * HOUR);
    assert_eq!(w.unvested(), aid(125) / U256::from(2));
    test_clock::advance(4 * HOUR);
    assert_eq!(w.unvested(), U256::ZERO);
    assert_eq!(w.total_assets(), aid(1150));
}

#[motsu::test]
fn a_distribution_after_full_vesting_carries_nothing() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.distribute(aid(100));
    test_clock::advance(9 * HOUR);
    w.distribute(aid(10));
    assert!(w.vault.emitted(&YieldDistributed {
        from: MINTER,
        amount: aid(10),
        unvestedCarried: U256::ZERO,
        vestingEnd: T0 + 9 * HOUR + DEFAULT_VESTING_PERIOD
    }));
    assert_eq!(w.unvested(), aid(10));
    assert_eq!(w.total_assets(), aid(1100));
}

/// Depositing right before a distribution and redeeming right after gains nothing; the same
/// move against a vault that releases yield at once would have taken half of it.
#[motsu::test]
fn sandwiching_a_distribution_gains_nothing() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));

    w.deposit(BOB, aid(1000));
    w.distribute(aid(100));
    let back = w.redeem_all(BOB);
    assert!(back <= aid(1000), "sandwich paid {back}");
    assert_close(back, aid(1000), U256::from(1));

    // Alice, who stayed, gets all of it once vested.
    test_clock::advance(DEFAULT_VESTING_PERIOD);
    assert_close(w.value_of(ALICE), aid(1100), DUST);

    // Control: with no vesting the same sandwich captures half of the distribution.
    drop(w);
    let w = World::new();
    w.vault.sender(w.admin).set_vesting_period(0).motsu_unwrap();
    w.deposit(ALICE, aid(1000));
    w.deposit(BOB, aid(1000));
    w.distribute(aid(100));
    assert_close(w.redeem_all(BOB), aid(1050), DUST);
}

/// Staying through part of the period earns that part of the yield, pro rata.
#[motsu::test]
fn holders_earn_vested_yield_pro_rata() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.deposit(BOB, aid(3000));
    w.distribute(aid(400));
    test_clock::advance(DEFAULT_VESTING_PERIOD / 2);
    assert_close(w.value_of(ALICE), aid(1050), DUST);
    assert_close(w.value_of(BOB), aid(3150), DUST);
    test_clock::advance(DEFAULT_VESTING_PERIOD / 2);
    assert_close(w.redeem_all(ALICE), aid(1100), DUST);
    assert_close(w.redeem_all(BOB), aid(3300), DUST);
}

#[motsu::test]
fn distribute_yield_errors_and_zero() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.fund(ALICE, aid(10));

    let err = w
        .vault
        .sender(ALICE)
        .distribute_yield(aid(10))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
            account: ALICE,
            neededRole: YIELD_DISTRIBUTOR_ROLE.into()
        })
    );

    // No AID allowance: AidToken's revert is passed on and nothing is recorded.
    w.aid.sender(MINTER).mint(MINTER, aid(10)).motsu_unwrap();
    let err = w
        .vault
        .sender(MINTER)
        .distribute_yield(aid(10))
        .motsu_unwrap_err();
    let expected = ERC20InsufficientAllowance {
        spender: w.vault.address(),
        allowance: U256::ZERO,
        needed: aid(10),
    };
    assert_eq!(err, Error::Asset(expected.abi_encode()));
    assert_eq!(w.vault.sender(ALICE).vesting_end(), 0);

    // Zero is a no-op, so the minter may call it unconditionally.
    w.vault
        .sender(MINTER)
        .distribute_yield(U256::ZERO)
        .motsu_unwrap();
    assert_eq!(w.vault.sender(ALICE).vesting_end(), 0);
    assert!(w
        .vault
        .all_events()
        .iter()
        .all(|log| log.topics()[0] != YieldDistributed::SIGNATURE_HASH));
}

#[motsu::test]
fn a_loss_lowers_every_holders_value_pro_rata() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.deposit(BOB, aid(3000));
    let supply = w.aid.sender(ALICE).total_supply();

    let absorbed = w.vault.sender(MINTER).absorb_loss(aid(400)).motsu_unwrap();

    assert_eq!(absorbed, aid(400));
    assert!(w.vault.emitted(&LossAbsorbed {
        requested: aid(400),
        absorbed: aid(400),
        fromUnvested: U256::ZERO
    }));
    // Burned, not moved.
    assert_eq!(w.aid.sender(ALICE).total_supply(), supply - aid(400));
    assert!(w.aid.emitted(&aid_token::Transfer {
        from: w.vault.address(),
        to: Address::ZERO,
        value: aid(400)
    }));
    assert_eq!(w.total_assets(), aid(3600));
    // Both lose 10% (the virtual position, which loses nothing, spares them a few wei); shares
    // are untouched.
    assert_eq!(w.shares(ALICE), aid(1000));
    assert_close(w.value_of(ALICE), aid(900), DUST);
    assert_close(w.value_of(BOB), aid(2700), DUST);
    // Everyone can still leave, the last one with whatever is left.
    let paid = w.redeem_all(BOB) + w.redeem_all(ALICE);
    assert_eq!(paid, aid(3600));
    assert_eq!(w.vault_aid(), U256::ZERO);
}

#[motsu::test]
fn a_loss_eats_unvested_yield_first() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.distribute(aid(100));
    test_clock::advance(2 * HOUR); // 75 unvested

    let absorbed = w.vault.sender(MINTER).absorb_loss(aid(30)).motsu_unwrap();
    assert_eq!(absorbed, aid(30));
    assert!(w.vault.emitted(&LossAbsorbed {
        requested: aid(30),
        absorbed: aid(30),
        fromUnvested: aid(30)
    }));
    // Holders keep their principal and the vested part; the rest vests on the same schedule.
    assert_eq!(w.unvested(), aid(45));
    assert_eq!(w.total_assets(), aid(1025));
    assert_eq!(
        w.vault.sender(ALICE).vesting_end(),
        T0 + DEFAULT_VESTING_PERIOD
    );
    test_clock::advance(3 * HOUR); // half of the remaining 6 hours
    assert_eq!(w.unvested(), aid(45) / U256::from(2));
    test_clock::advance(3 * HOUR);
    assert_eq!(w.unvested(), U256::ZERO);
    assert_eq!(w.total_assets(), aid(1070));

    // A loss larger than the unvested part takes the rest from principal.
    w.distribute(aid(20));
    let absorbed = w.vault.sender(MINTER).absorb_loss(aid(70)).motsu_unwrap();
    assert_eq!(absorbed, aid(70));
    assert!(w.vault.emitted(&LossAbsorbed {
        requested: aid(70),
        absorbed: aid(70),
        fromUnvested: aid(20)
    }));
    assert_eq!(w.unvested(), U256::ZERO);
    assert_eq!(w.total_assets(), aid(1020));
}

#[motsu::test]
fn an_over_large_loss_is_capped_at_what_the_vault_holds() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    w.deposit(BOB, aid(3000));
    w.distribute(aid(100));

    let absorbed = w
        .vault
        .sender(MINTER)
        .absorb_loss(aid(10_000))
        .motsu_unwrap();

    assert_eq!(absorbed, aid(4100));
    assert!(w.vault.emitted(&LossAbsorbed {
        requested: aid(10_000),
        absorbed: aid(4100),
        fromUnvested: aid(100)
    }));
    assert_eq!(w.vault_aid(), U256::ZERO);
    assert_eq!(w.total_assets(), U256::ZERO);
    assert_eq!(w.unvested(), U256::ZERO);
    assert_eq!(w.value_of(ALICE), U256::ZERO);

    // Nothing left: a further loss absorbs nothing and says so.
    assert_eq!(
        w.vault.sender(MINTER).absorb_loss(aid(5)).motsu_unwrap(),
        U256::ZERO
    );
    assert!(w.vault.emitted(&LossAbsorbed {
        requested: aid(5),
        absorbed: U256::ZERO,
        fromUnvested: U256::ZERO
    }));

    // The wiped-out vault refuses deposits (they would multiply the share count by 10^20) until
    // the old holders redeem their worthless shares; then it starts again at 1:1.
    w.fund(CAROL, aid(100));
    assert_eq!(
        w.vault
            .sender(CAROL)
            .deposit(aid(100), CAROL)
            .motsu_unwrap_err(),
        crate::Error::WipedOut(crate::SAidVaultWipedOut {
            totalSupply: w.vault.sender(CAROL).total_supply()
        })
    );
    assert_eq!(w.redeem_all(ALICE), U256::ZERO);
    assert_eq!(w.redeem_all(BOB), U256::ZERO);
    assert_eq!(w.shares(ALICE), U256::ZERO);
    assert_eq!(w.deposit(CAROL, aid(100)), aid(100));
    assert_eq!(w.redeem_all(CAROL), aid(100));
    assert_eq!(w.aid_of(CAROL), aid(200));
}

#[motsu::test]
fn absorb_loss_errors_and_zero() {
    let w = World::new();
    w.deposit(ALICE, aid(1000));
    for who in [ALICE, w.admin] {
        let err = w.vault.sender(who).absorb_loss(aid(1)).motsu_unwrap_err();
        assert_eq!(
            err,
            Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
                account: who,
                neededRole: LOSS_ABSORBER_ROLE.into()
            })
        );
    }
    assert_eq!(
        w.vault
            .sender(MINTER)
            .absorb_loss(U256::ZERO)
            .motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(w.vault_aid(), aid(1000));
    assert!(!w.aid.all_events().iter().any(|log| log.topics().len() == 3
        && log.topics()[0] == Transfer::SIGNATURE_HASH
        && log.topics()[2] == Address::ZERO.into_word()));
}
