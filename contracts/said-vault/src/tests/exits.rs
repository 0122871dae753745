//! Requested exits (ERC-7540 asynchronous redemption): the cooldown, the claim price rule,
//! cancels, operators, the pause, and the front-running scenario of review finding M-03.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;

use super::{aid, assert_close, World, ADMIN, ALICE, BOB, CAROL};
use crate::{
    test_clock, AccessControlUnauthorizedAccount, CooldownSet, ERC4626ExceededMaxRedeem,
    ERC4626ExceededMaxWithdraw, Error, OperatorSet, RedeemRequest, RedeemRequestCancelled,
    SAidVaultCooldownTooLong, SAidVaultInvalidController, SAidVaultNoRequest,
    SAidVaultRequestClaimable, SAidVaultZeroShares, Transfer, Withdraw, DEFAULT_ADMIN_ROLE,
    DEFAULT_COOLDOWN, MAX_COOLDOWN, VIRTUAL_OFFSET,
};

const DAVE: Address = Address::repeat_byte(0xd0);

/// The M-03 scenario with requested exits: Bob (18,000) and Carol (2,000) are staked; an auction
/// starts 16,800 short; Bob requests his exit at once; the bid books the loss within his
/// cooldown. The vault absorbs all of it (unbacked debt 0), and Bob and Carol lose the same
/// 84%: Bob keeps 2,880, Carol 320.
#[motsu::test]
fn an_exit_requested_before_a_loss_still_bears_it_pro_rata() {
    let w = World::with_cooldown();
    let bob = w.deposit(BOB, aid(18_000));
    let carol = w.deposit(CAROL, aid(2_000));
    assert_eq!((bob, carol), (aid(18_000), aid(2_000)));

    // The auction starts: the shortfall is public. Bob asks to leave with everything.
    w.request(BOB, bob);
    assert_eq!(
        w.vault.sender(BOB).max_redeem(BOB).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        w.vault.sender(BOB).max_withdraw(BOB).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(
        w.vault.sender(BOB).redeem(bob, BOB, BOB).motsu_unwrap_err(),
        Error::ExceededMaxRedeem(ERC4626ExceededMaxRedeem {
            owner: BOB,
            shares: bob,
            max: U256::ZERO,
        })
    );

    // Six hours later the bid settles 16,800 short; the minter hands the loss to the vault.
    test_clock::advance(6 * 3600);
    let absorbed = w.loss(aid(16_800));
    assert_eq!(absorbed, aid(16_800));
    let unbacked = aid(16_800) - absorbed;
    assert_eq!(unbacked, U256::ZERO);
    assert_eq!(w.vault_aid(), aid(3_200));

    // After the cooldown Bob claims 18,000 × 3,200 / 20,000 = 2,880 (plus the virtual shares'
    // sliver: under 10^9 wei) and Carol redeems 320 the same way.
    test_clock::advance(DEFAULT_COOLDOWN);
    let bob_out = w.claim_all(BOB);
    assert_close(bob_out, aid(2_880), VIRTUAL_OFFSET);
    assert!(bob_out >= aid(2_880));
    w.request(CAROL, carol);
    test_clock::advance(DEFAULT_COOLDOWN);
    let carol_out = w.claim_all(CAROL);
    assert_close(carol_out, aid(320), VIRTUAL_OFFSET);
    // Both lost 84% (to 10^-9 AID); the vault is empty.
    assert_eq!(bob_out + carol_out, aid(3_200));
    assert_eq!(w.vault_aid(), U256::ZERO);
}

/// The same scenario with instant exits (cooldown 0, as before the fix): Bob leaves whole, the
/// vault can absorb only Carol's 2,000 and 14,800 becomes unbacked debt.
#[motsu::test]
fn with_a_cooldown_of_zero_the_informed_staker_still_runs_ahead() {
    let w = World::new();
    let bob = w.deposit(BOB, aid(18_000));
    w.deposit(CAROL, aid(2_000));
    let out = w.vault.sender(BOB).redeem(bob, BOB, BOB).motsu_unwrap();
    assert_eq!(out, aid(18_000));
    let absorbed = w.loss(aid(16_800));
    assert_eq!(aid(16_800) - absorbed, aid(14_800));
    assert_eq!(w.value_of(CAROL), U256::ZERO);
}

#[motsu::test]
fn the_cooldown_is_set_by_the_admin_within_bounds() {
    let w = World::with_cooldown();
    assert_eq!(w.vault.sender(ALICE).cooldown(), DEFAULT_COOLDOWN);
    assert_eq!(DEFAULT_COOLDOWN, 7 * 86_400);
    assert!(w.vault.emitted(&CooldownSet {
        cooldown: DEFAULT_COOLDOWN
    }));
    assert_eq!(
        w.vault.sender(ALICE).set_cooldown(0).motsu_unwrap_err(),
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount {
            account: ALICE,
            neededRole: DEFAULT_ADMIN_ROLE.into(),
        })
    );
    assert_eq!(
        w.vault
            .sender(ADMIN)
            .set_cooldown(MAX_COOLDOWN + 1)
            .motsu_unwrap_err(),
        Error::CooldownTooLong(SAidVaultCooldownTooLong {
            cooldown: MAX_COOLDOWN + 1,
            max: MAX_COOLDOWN,
        })
    );
    w.vault
        .sender(ADMIN)
        .set_cooldown(MAX_COOLDOWN)
        .motsu_unwrap();
    assert_eq!(w.vault.sender(ALICE).cooldown(), 30 * 86_400);
    assert!(w.vault.emitted(&CooldownSet {
        cooldown: MAX_COOLDOWN
    }));
}

#[motsu::test]
fn a_request_is_pending_then_claimable_and_the_views_say_so() {
    let w = World::with_cooldown();
    let shares = w.deposit(ALICE, aid(1_000));
    let t0 = crate::now();
    let id = w
        .vault
        .sender(ALICE)
        .request_redeem(aid(400), ALICE, ALICE)
        .motsu_unwrap();
    assert_eq!(id, U256::ZERO);
    assert!(w.vault.emitted(&RedeemRequest {
        controller: ALICE,
        owner: ALICE,
        requestId: U256::ZERO,
        sender: ALICE,
        shares: aid(400),
    }));
    assert!(w.vault.emitted(&Transfer {
        from: ALICE,
        to: w.vault.address(),
        value: aid(400),
    }));
    let v = |f: &dyn Fn(&crate::SAidVault) -> U256| f(&w.vault.sender(ALICE));
    assert_eq!(w.shares(ALICE), shares - aid(400));
    assert_eq!(v(&|x| x.total_supply()), aid(1_000));
    assert_eq!(
        v(&|x| x.pending_redeem_request(U256::ZERO, ALICE)),
        aid(400)
    );
    assert_eq!(
        v(&|x| x.claimable_redeem_request(U256::ZERO, ALICE)),
        U256::ZERO
    );
    assert_eq!(
        w.vault.sender(ALICE).redeem_request(ALICE),
        (aid(400), aid(400), t0 + DEFAULT_COOLDOWN)
    );
    assert_eq!(
        w.vault.sender(ALICE).max_redeem(ALICE).motsu_unwrap(),
        U256::ZERO
    );

    // One second short of the cooldown: still pending.
    test_clock::advance(DEFAULT_COOLDOWN - 1);
    assert_eq!(
        v(&|x| x.pending_redeem_request(U256::ZERO, ALICE)),
        aid(400)
    );
    assert_eq!(
        w.vault
            .sender(ALICE)
            .withdraw(aid(1), ALICE, ALICE)
            .motsu_unwrap_err(),
        Error::ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw {
            owner: ALICE,
            assets: aid(1),
            max: U256::ZERO,
        })
    );
    test_clock::advance(1);
    assert_eq!(
        v(&|x| x.pending_redeem_request(U256::ZERO, ALICE)),
        U256::ZERO
    );
    assert_eq!(
        v(&|x| x.claimable_redeem_request(U256::ZERO, ALICE)),
        aid(400)
    );
    assert_eq!(
        w.vault.sender(ALICE).max_redeem(ALICE).motsu_unwrap(),
        aid(400)
    );
    assert_eq!(
        w.vault.sender(ALICE).max_withdraw(ALICE).motsu_unwrap(),
        aid(400)
    );

    // Claim in two parts: withdraw 100 AID to Bob, then redeem the rest.
    let burnt = w
        .vault
        .sender(ALICE)
        .withdraw(aid(100), BOB, ALICE)
        .motsu_unwrap();
    assert_eq!(burnt, aid(100));
    assert!(w.vault.emitted(&Withdraw {
        sender: ALICE,
        receiver: BOB,
        owner: ALICE,
        assets: aid(100),
        shares: aid(100),
    }));
    assert_eq!(w.aid_of(BOB), aid(100));
    assert_eq!(w.claim_all(ALICE), aid(300));
    assert_eq!(w.vault.sender(ALICE).redeem_request(ALICE).0, U256::ZERO);
    assert_eq!(w.vault.sender(ALICE).total_supply(), aid(600));
    assert_eq!(w.shares(ALICE), aid(600));
    assert_eq!(w.vault_aid(), aid(600));
}

#[motsu::test]
fn request_errors_are_named() {
    let w = World::with_cooldown();
    w.deposit(ALICE, aid(1_000));
    assert_eq!(
        w.vault
            .sender(ALICE)
            .request_redeem(U256::ZERO, ALICE, ALICE)
            .motsu_unwrap_err(),
        Error::ZeroShares(SAidVaultZeroShares {})
    );
    // Bob cannot put his shares (or Alice's) into Alice's request: that would restart her
    // cooldown.
    w.deposit(BOB, aid(10));
    assert_eq!(
        w.vault
            .sender(BOB)
            .request_redeem(aid(1), ALICE, BOB)
            .motsu_unwrap_err(),
        Error::InvalidController(SAidVaultInvalidController {
            controller: ALICE,
            caller: BOB,
        })
    );
    // More than the balance.
    assert!(matches!(
        w.vault
            .sender(ALICE)
            .request_redeem(aid(1_001), ALICE, ALICE)
            .motsu_unwrap_err(),
        Error::InsufficientBalance(_)
    ));
    // Adding to a pending request restarts its cooldown.
    w.request(ALICE, aid(100));
    test_clock::advance(DEFAULT_COOLDOWN - 10);
    w.request(ALICE, aid(100));
    let (shares, assets, at) = w.vault.sender(ALICE).redeem_request(ALICE);
    assert_eq!((shares, assets), (aid(200), aid(200)));
    assert_eq!(at, crate::now() + DEFAULT_COOLDOWN);
    // A claimable request must be claimed before more is requested.
    test_clock::advance(DEFAULT_COOLDOWN);
    assert_eq!(
        w.vault
            .sender(ALICE)
            .request_redeem(aid(1), ALICE, ALICE)
            .motsu_unwrap_err(),
        Error::RequestClaimable(SAidVaultRequestClaimable {
            controller: ALICE,
            shares: aid(200),
        })
    );
    assert_eq!(w.claim_all(ALICE), aid(200));
    w.request(ALICE, aid(1));
    // Cancelling nothing.
    assert_eq!(
        w.vault
            .sender(BOB)
            .cancel_redeem_request(BOB)
            .motsu_unwrap_err(),
        Error::NoRequest(SAidVaultNoRequest { controller: BOB })
    );
    // Claiming someone else's request.
    test_clock::advance(DEFAULT_COOLDOWN);
    assert_eq!(
        w.vault
            .sender(BOB)
            .redeem(aid(1), BOB, ALICE)
            .motsu_unwrap_err(),
        Error::InvalidController(SAidVaultInvalidController {
            controller: ALICE,
            caller: BOB,
        })
    );
}

/// The claim pays the lower of the request's value at request time and at claim time. A request
/// therefore earns no yield (it goes to the holders who stay) but takes every loss, so neither
/// requesting early nor parking a claimable request gains anything over holding.
#[motsu::test]
fn a_claim_pays_the_lower_of_the_value_at_request_and_at_claim() {
    let w = World::with_cooldown();
    w.deposit(ALICE, aid(1_000));
    w.deposit(BOB, aid(1_000));
    w.request(BOB, aid(1_000));
    // 200 AID of yield vests while Bob's request waits: Alice gets all of it.
    w.distribute(aid(200));
    test_clock::advance(DEFAULT_COOLDOWN);
    assert_eq!(
        w.vault.sender(BOB).max_withdraw(BOB).motsu_unwrap(),
        aid(1_000)
    );
    // Bob parks his claimable request; more yield, still nothing for him.
    w.distribute(aid(200));
    test_clock::advance(DEFAULT_COOLDOWN);
    assert_eq!(w.claim_all(BOB), aid(1_000));
    assert_close(w.value_of(ALICE), aid(1_400), VIRTUAL_OFFSET);
    assert!(w.value_of(ALICE) <= aid(1_400));

    // A loss during the cooldown lowers the claim below the request's value.
    drop(w);
    let w = World::with_cooldown();
    w.deposit(ALICE, aid(1_000));
    w.deposit(BOB, aid(1_000));
    w.request(BOB, aid(1_000));
    w.loss(aid(500));
    test_clock::advance(DEFAULT_COOLDOWN);
    let out = w.claim_all(BOB);
    assert_close(out, aid(750), VIRTUAL_OFFSET);
    assert!(out <= aid(750) + VIRTUAL_OFFSET);
    assert_close(w.value_of(ALICE), aid(750), VIRTUAL_OFFSET);
}

/// Cancelling gives back the shares the request's claim value buys now: all of them after a loss,
/// fewer after yield (the request earned none), so request-and-cancel never beats holding; a new
/// request starts a full cooldown.
#[motsu::test]
fn cancelling_returns_what_the_request_was_worth_and_re_arms_nothing() {
    let w = World::with_cooldown();
    w.deposit(ALICE, aid(1_000));
    w.deposit(BOB, aid(1_000));
    w.request(BOB, aid(1_000));
    w.loss(aid(200));
    let back = w
        .vault
        .sender(BOB)
        .cancel_redeem_request(BOB)
        .motsu_unwrap();
    assert_eq!(back, aid(1_000));
    assert!(w.vault.emitted(&RedeemRequestCancelled {
        controller: BOB,
        sender: BOB,
        shares: aid(1_000),
        returned: aid(1_000),
    }));
    assert_eq!(w.shares(BOB), aid(1_000));
    assert_eq!(
        w.vault.sender(BOB).redeem_request(BOB),
        (U256::ZERO, U256::ZERO, 0)
    );

    // After yield: the request was worth 900 AID; at the new price that is fewer shares and the
    // rest is burnt, so Alice (who held) ends up with the yield.
    w.request(BOB, aid(1_000));
    let at = w.vault.sender(BOB).redeem_request(BOB).2;
    assert_eq!(at, crate::now() + DEFAULT_COOLDOWN);
    w.distribute(aid(400));
    test_clock::advance(crate::DEFAULT_VESTING_PERIOD);
    let before = w.vault.sender(BOB).total_supply();
    let cap = w.vault.sender(BOB).redeem_request(BOB).1;
    assert_close(cap, aid(900), VIRTUAL_OFFSET);
    let back = w
        .vault
        .sender(BOB)
        .cancel_redeem_request(BOB)
        .motsu_unwrap();
    assert!(back < aid(1_000));
    assert_eq!(
        w.vault.sender(BOB).total_supply(),
        before - (aid(1_000) - back)
    );
    // Bob's shares are worth what his request was (rounded down), not a wei more.
    assert_close(w.value_of(BOB), cap, U256::from(2));
    assert!(w.value_of(BOB) <= cap);
    assert_close(w.value_of(ALICE), aid(1_300), VIRTUAL_OFFSET);
    // A new request waits a full cooldown again.
    w.request(BOB, back);
    assert_eq!(
        w.vault.sender(BOB).redeem_request(BOB).2,
        crate::now() + DEFAULT_COOLDOWN
    );
}

#[motsu::test]
fn pausing_never_blocks_a_request_a_cancel_or_a_claim() {
    let w = World::with_cooldown();
    w.deposit(ALICE, aid(1_000));
    w.vault.sender(ADMIN).pause().motsu_unwrap();
    w.request(ALICE, aid(600));
    assert_eq!(
        w.vault
            .sender(ALICE)
            .cancel_redeem_request(ALICE)
            .motsu_unwrap(),
        aid(600)
    );
    w.request(ALICE, aid(500));
    test_clock::advance(DEFAULT_COOLDOWN);
    assert!(w.vault.sender(ALICE).paused());
    assert_eq!(w.claim_all(ALICE), aid(500));
    assert_eq!(w.aid_of(ALICE), aid(500));
}

#[motsu::test]
fn with_a_cooldown_of_zero_exits_are_instant_both_ways() {
    let w = World::with_cooldown();
    w.vault.sender(ADMIN).set_cooldown(0).motsu_unwrap();
    w.deposit(ALICE, aid(1_000));
    // Plain ERC-4626 from the balance.
    assert_eq!(
        w.vault.sender(ALICE).max_redeem(ALICE).motsu_unwrap(),
        aid(1_000)
    );
    assert_eq!(
        w.vault
            .sender(ALICE)
            .redeem(aid(100), ALICE, ALICE)
            .motsu_unwrap(),
        aid(100)
    );
    // A request is claimable at once, and a claimable request is what maxRedeem reports and
    // what redeem takes first.
    w.request(ALICE, aid(300));
    assert_eq!(
        w.vault
            .sender(ALICE)
            .claimable_redeem_request(U256::ZERO, ALICE),
        aid(300)
    );
    assert_eq!(
        w.vault.sender(ALICE).max_redeem(ALICE).motsu_unwrap(),
        aid(300)
    );
    assert_eq!(w.claim_all(ALICE), aid(300));
    assert_eq!(
        w.vault.sender(ALICE).max_redeem(ALICE).motsu_unwrap(),
        aid(600)
    );
    assert_eq!(w.redeem_all(ALICE), aid(600));
    assert_eq!(w.aid_of(ALICE), aid(1_000));
    // Raising the cooldown back stops instant exits but not the requests already made.
    w.deposit(BOB, aid(10));
    w.request(BOB, aid(5));
    w.vault
        .sender(ADMIN)
        .set_cooldown(DEFAULT_COOLDOWN)
        .motsu_unwrap();
    assert_eq!(w.vault.sender(BOB).max_redeem(BOB).motsu_unwrap(), aid(5));
    assert_eq!(w.claim_all(BOB), aid(5));
    assert_eq!(
        w.vault.sender(BOB).max_redeem(BOB).motsu_unwrap(),
        U256::ZERO
    );
}

#[motsu::test]
fn operators_request_cancel_and_claim_for_their_controller() {
    let w = World::with_cooldown();
    w.deposit(ALICE, aid(1_000));
    assert!(!w.vault.sender(ALICE).is_operator(ALICE, DAVE));
    assert!(w.vault.sender(ALICE).set_operator(DAVE, true));
    assert!(w.vault.emitted(&OperatorSet {
        controller: ALICE,
        operator: DAVE,
        approved: true,
    }));
    assert!(w.vault.sender(ALICE).is_operator(ALICE, DAVE));

    // Dave moves Alice's shares into her request without an allowance.
    w.vault
        .sender(DAVE)
        .request_redeem(aid(300), ALICE, ALICE)
        .motsu_unwrap();
    assert!(w.vault.emitted(&RedeemRequest {
        controller: ALICE,
        owner: ALICE,
        requestId: U256::ZERO,
        sender: DAVE,
        shares: aid(300),
    }));
    assert_eq!(
        w.vault
            .sender(DAVE)
            .cancel_redeem_request(ALICE)
            .motsu_unwrap(),
        aid(300)
    );
    w.vault
        .sender(DAVE)
        .request_redeem(aid(300), ALICE, ALICE)
        .motsu_unwrap();
    test_clock::advance(DEFAULT_COOLDOWN);
    // Dave claims to himself.
    assert_eq!(
        w.vault
            .sender(DAVE)
            .redeem(aid(300), DAVE, ALICE)
            .motsu_unwrap(),
        aid(300)
    );
    assert_eq!(w.aid_of(DAVE), aid(300));

    // Revoked, he can do none of it.
    w.vault.sender(ALICE).set_operator(DAVE, false);
    assert!(!w.vault.sender(ALICE).is_operator(ALICE, DAVE));
    assert_eq!(
        w.vault
            .sender(DAVE)
            .request_redeem(aid(1), ALICE, ALICE)
            .motsu_unwrap_err(),
        Error::InvalidController(SAidVaultInvalidController {
            controller: ALICE,
            caller: DAVE,
        })
    );
    // With an sAID allowance instead, Dave may move Alice's shares into his own request.
    w.vault.sender(ALICE).approve(DAVE, aid(50)).motsu_unwrap();
    w.vault
        .sender(DAVE)
        .request_redeem(aid(50), DAVE, ALICE)
        .motsu_unwrap();
    assert_eq!(w.vault.sender(ALICE).allowance(ALICE, DAVE), U256::ZERO);
    assert_eq!(
        w.vault
            .sender(DAVE)
            .pending_redeem_request(U256::ZERO, DAVE),
        aid(50)
    );
}
