//! The vault's math limits: yield that reaches an empty vault (review finding L-01) and the
//! share count after total and near-total losses (L-02).

use alloy_primitives::{Address, U256};
use motsu::prelude::*;

use super::{aid, assert_close, World, ALICE, BOB, CAROL, E18, MINTER};
use crate::{
    test_clock, Error, SAidVaultWipedOut, YieldDeferred, YieldDistributed, DEFAULT_VESTING_PERIOD,
    MIN_YIELD_SUPPLY, VIRTUAL_OFFSET,
};

const DAVE: Address = Address::repeat_byte(0xd0);

/// The review's numbers: 60,000 AID borrowed at 5% for a year before anyone stakes sends
/// 2,768.64 AID to the vault. It is deferred, not owned by the virtual shares: Bob's 10,000 AID
/// buy 10,000 sAID (not 3.6·10^-9), the next distribution vests the 2,768.64 with it, and Bob
/// takes it all out; at most the virtual shares' 10^-9 sliver stays behind.
#[motsu::test]
fn yield_that_reaches_an_empty_vault_waits_for_stakers() {
    let w = World::new();
    let early = aid(2_768) + U256::from(640) * U256::from(10u64.pow(15));
    w.distribute(early);
    assert!(w.vault.emitted(&YieldDeferred {
        from: MINTER,
        amount: early,
        deferred: early,
    }));
    assert_eq!(w.vault.sender(ALICE).deferred_yield(), early);
    assert_eq!(w.total_assets(), U256::ZERO);
    assert_eq!(w.vault_aid(), early);

    test_clock::advance(86_400);
    let shares = w.deposit(BOB, aid(10_000));
    assert_eq!(shares, aid(10_000));

    // The next drip finds a staker and carries the deferred yield into its vesting.
    w.distribute(aid(1));
    assert!(w.vault.emitted(&YieldDistributed {
        from: MINTER,
        amount: aid(1),
        unvestedCarried: early,
        vestingEnd: crate::now() + DEFAULT_VESTING_PERIOD,
    }));
    assert_eq!(w.vault.sender(ALICE).deferred_yield(), U256::ZERO);
    test_clock::advance(DEFAULT_VESTING_PERIOD);
    let out = w.redeem_all(BOB);
    assert_close(out, aid(10_001) + early, VIRTUAL_OFFSET);
    assert!(out <= aid(10_001) + early);
    assert!(w.vault_aid() <= VIRTUAL_OFFSET, "{} locked", w.vault_aid());
}

/// Below one staked sAID (or with every share in a redemption request) yield is still deferred;
/// a loss eats deferred yield before anything else.
#[motsu::test]
fn yield_is_deferred_below_the_minimum_supply_and_absorbs_losses_first() {
    let w = World::with_cooldown();
    w.deposit(ALICE, MIN_YIELD_SUPPLY - U256::from(1));
    w.distribute(aid(5));
    assert_eq!(w.vault.sender(ALICE).deferred_yield(), aid(5));
    assert_eq!(w.vault.sender(ALICE).unvested_yield(), U256::ZERO);
    // Shares in requests earn no yield, so they do not count either.
    w.deposit(BOB, aid(100));
    w.request(BOB, aid(100));
    w.distribute(aid(5));
    assert_eq!(w.vault.sender(ALICE).deferred_yield(), aid(10));
    // Now a staked sAID: the deferred 10 vest with the 1.
    w.deposit(CAROL, E18);
    w.distribute(aid(1));
    assert_eq!(w.vault.sender(ALICE).deferred_yield(), U256::ZERO);
    assert_eq!(w.unvested(), aid(11));

    // A loss after another deferral burns the deferred yield first.
    drop(w);
    let w = World::new();
    w.distribute(aid(7));
    w.deposit(ALICE, aid(100));
    assert_eq!(
        w.vault.sender(MINTER).absorb_loss(aid(3)).motsu_unwrap(),
        aid(3)
    );
    assert_eq!(w.vault.sender(ALICE).deferred_yield(), aid(4));
    assert_eq!(w.total_assets(), aid(100));
    assert_eq!(w.loss(aid(10)), aid(10));
    assert_eq!(w.vault.sender(ALICE).deferred_yield(), U256::ZERO);
    assert_eq!(w.total_assets(), aid(94));
}

/// A total loss leaves shares worth nothing: deposits are refused with a named error (they would
/// multiply the share count by 10^15) while every view still answers; once the worthless shares
/// are redeemed the vault starts again at 1:1.
#[motsu::test]
fn after_a_total_loss_deposits_wait_and_views_answer() {
    let w = World::new();
    let shares = w.deposit(ALICE, aid(1_000_000));
    assert_eq!(w.loss(U256::MAX), aid(1_000_000));
    assert_eq!(w.loss(U256::MAX), U256::ZERO);
    let v = w.vault.sender(BOB);
    assert_eq!(v.total_assets().motsu_unwrap(), U256::ZERO);
    assert_eq!(v.max_deposit(BOB).motsu_unwrap(), U256::ZERO);
    assert_eq!(v.max_mint(BOB).motsu_unwrap(), U256::ZERO);
    assert_eq!(v.convert_to_assets(U256::MAX).motsu_unwrap(), U256::ZERO);
    assert_eq!(v.convert_to_shares(U256::MAX).motsu_unwrap(), U256::MAX);
    // 10^9 virtual wei over 10^24 + 10^9 shares: a share costs 10^-15 wei, rounded up.
    assert_eq!(v.preview_mint(U256::from(1)).motsu_unwrap(), U256::from(1));
    assert!(v.preview_mint(U256::MAX).motsu_unwrap() < U256::MAX);
    assert_eq!(v.preview_withdraw(U256::MAX).motsu_unwrap(), U256::MAX);
    assert_eq!(v.max_withdraw(ALICE).motsu_unwrap(), U256::ZERO);
    assert_eq!(v.max_redeem(ALICE).motsu_unwrap(), shares);
    drop(v);
    w.fund(BOB, aid(1_000_000));
    let wiped = Error::WipedOut(SAidVaultWipedOut {
        totalSupply: shares,
    });
    assert_eq!(
        w.vault
            .sender(BOB)
            .deposit(aid(1_000_000), BOB)
            .motsu_unwrap_err(),
        wiped
    );
    assert_eq!(
        w.vault.sender(BOB).mint(aid(1), BOB).motsu_unwrap_err(),
        wiped
    );
    // Alice redeems her worthless shares; the vault takes deposits again at 1:1.
    assert_eq!(w.redeem_all(ALICE), U256::ZERO);
    assert_eq!(
        w.vault
            .sender(BOB)
            .deposit(aid(1_000_000), BOB)
            .motsu_unwrap(),
        aid(1_000_000)
    );
}

/// The review's L-02 numbers with near-total losses (1 wei left each time): the share count grows
/// to about 10^39 and then 10^54, where `shares × (assets + 10^9)` passes 2^256. With the 512-bit
/// conversions every view answers, Carol redeems everything in one call, and another 1M deposit
/// still works.
#[motsu::test]
fn two_near_wipe_outs_keep_every_view_and_exit_working() {
    let w = World::new();
    w.deposit(ALICE, aid(1_000_000));
    w.loss(aid(1_000_000) - U256::from(1));
    let bob = w.deposit(BOB, aid(1_000_000));
    assert!(bob > U256::from(10).pow(U256::from(38)), "{bob}");
    w.loss(w.vault_aid() - U256::from(1));
    let carol = w.deposit(CAROL, aid(1_000_000));
    assert!(carol > U256::from(10).pow(U256::from(53)), "{carol}");
    // The product the old math overflowed on.
    assert!(carol
        .checked_mul(w.total_assets() + VIRTUAL_OFFSET)
        .is_none());

    let v = w.vault.sender(CAROL);
    let worth = v.max_withdraw(CAROL).motsu_unwrap();
    assert_close(worth, aid(1_000_000), U256::from(10u64.pow(10)));
    assert_eq!(v.convert_to_assets(carol).motsu_unwrap(), worth);
    assert_eq!(v.preview_redeem(carol).motsu_unwrap(), worth);
    assert_eq!(v.max_redeem(CAROL).motsu_unwrap(), carol);
    assert_eq!(v.convert_to_shares(U256::MAX).motsu_unwrap(), U256::MAX);
    assert_eq!(v.preview_deposit(U256::MAX).motsu_unwrap(), U256::MAX);
    assert!(v.preview_mint(U256::MAX).motsu_unwrap() > U256::ZERO);
    assert!(v.max_mint(CAROL).motsu_unwrap() == U256::MAX);
    let shares_for_worth = v.preview_withdraw(worth).motsu_unwrap();
    assert!(shares_for_worth <= carol);
    drop(v);

    assert_eq!(
        w.vault
            .sender(CAROL)
            .redeem(carol, CAROL, CAROL)
            .motsu_unwrap(),
        worth
    );
    let dave = w.deposit(DAVE, aid(1_000_000));
    assert!(dave > U256::ZERO);
    assert_close(w.value_of(DAVE), aid(1_000_000), U256::from(10u64.pow(10)));
    assert_close(
        w.redeem_all(DAVE),
        aid(1_000_000),
        U256::from(10u64.pow(10)),
    );
}
