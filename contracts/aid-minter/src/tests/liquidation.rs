//! Liquidation through the AidLiquidator: the hand-over of an unsafe position, the first-run
//! floor at the debt (M-04), snapshot parameters and bounds (L-05), keeper tips and stale-appraisal
//! resets (L-04), settlement with shortfalls absorbed by sAID or booked as unbacked debt whatever
//! the vault does (M-01), healing and the sweep guard (M-05), and the minter's narrow interface.

use aid_liquidator::{
    AuctionExpired, AuctionReset, AuctionSettled, AuctionStarted, BadDebt, Healed,
    InvalidAuctionParams, KeeperPaid, NoAuction, PriceAboveMax, UnbackedDebtOutstanding,
};
use alloy_primitives::U256;
use motsu::prelude::*;

use super::*;
use crate::{NoPosition, NotLiquidatable, NotLiquidator, Seized, Settled};

/// A position owing 60,000 AID whose appraisal fell 20% to 72,000: below 125%.
pub(crate) fn unsafe_position(w: &World, owner: Address) -> U256 {
    let id = w.pledged(owner);
    w.borrow(owner, id, aid(60_000));
    w.appraise(id, usd(72_000));
    assert!(w.health(id).4, "liquidatable");
    id
}

/// BOB's 60,000 AID loan runs a year and is dripped: about 307 AID of surplus.
fn surplus_from_a_year_of_interest(w: &World) -> U256 {
    let id = w.pledged(BOB);
    w.borrow(BOB, id, aid(60_000));
    w.advance(YEAR);
    w.refresh(id);
    w.drip();
    let surplus = w.surplus();
    assert!(surplus > aid(300));
    surplus
}

/// CAROL stakes `amount` AID in the vault.
fn stake(w: &World, amount: U256) {
    w.fund(CAROL, amount);
    w.aid
        .sender(CAROL)
        .approve(w.vault.address(), amount)
        .motsu_unwrap();
    w.vault.sender(CAROL).deposit(amount, CAROL).motsu_unwrap();
}

/// `who` buys `id` at up to `max` for itself.
fn bid(w: &World, who: Address, id: U256, max: U256) -> U256 {
    w.fund(who, max);
    w.approve_liquidator(who, max);
    w.liquidator.sender(who).bid(id, max, who).motsu_unwrap()
}

/// Lets the first run of `id`'s auction expire and resets it with a fresh appraisal.
fn expire_and_reset(w: &World, id: U256) {
    w.advance(AUCTION_DURATION + 1);
    w.refresh(id);
    w.liquidator.sender(CAROL).reset_auction(id).motsu_unwrap();
}

fn bps(x: U256, bps: u16) -> U256 {
    x * U256::from(bps) / U256::from(10_000)
}

#[motsu::test]
fn liquidate_hands_the_token_and_the_frozen_debt_to_the_liquidator() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    let surplus = surplus_from_a_year_of_interest(&w);
    w.appraise(id, usd(72_000));
    let debt = w.debt(id);
    let total = w.total_debt();

    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();

    assert_eq!(w.owner_of(id), w.liquidator.address());
    assert_eq!(
        w.minter.sender(ALICE).position(id).motsu_unwrap().0,
        Address::ZERO
    );
    assert_eq!(w.total_debt(), total, "the frozen debt stays in totalDebt");
    let start = bps(usd(72_000), AUCTION_START_BPS);
    // First run: the floor is the debt, not half the start.
    assert_eq!(
        w.liquidator.sender(ALICE).auction(id),
        (ALICE, DAVE, debt, start, debt, w.now(), AUCTION_DURATION, 0)
    );
    assert!(w.liquidator.emitted(&AuctionStarted {
        tokenId: id,
        owner: ALICE,
        keeper: DAVE,
        debt,
        value: usd(72_000),
        startPrice: start,
        floorPrice: debt,
    }));
    assert!(w.minter.emitted(&Seized {
        tokenId: id,
        owner: ALICE,
        keeper: DAVE,
        debt,
        value: usd(72_000),
    }));
    // The keeper's tip (10 AID + 1% of the debt) is more than the surplus: it gets all of it.
    let tip = w.keeper_tip(debt);
    assert!(tip > surplus);
    assert_eq!(w.aid_of(DAVE), surplus);
    assert_eq!(w.surplus(), U256::ZERO);
    assert!(w.liquidator.emitted(&KeeperPaid {
        keeper: DAVE,
        amount: surplus,
    }));
    w.assert_books();

    // Gone from the minter: it cannot be liquidated, repaid or withdrawn again.
    assert_revert(
        w.liquidator.sender(DAVE).liquidate(id),
        NoPosition { tokenId: id },
    );
}

#[motsu::test]
fn a_healthy_position_is_not_liquidated() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    assert_revert(
        w.liquidator.sender(DAVE).liquidate(id),
        NotLiquidatable {
            tokenId: id,
            value: appraisal(),
            debt: aid(60_000),
        },
    );
}

#[motsu::test]
fn a_first_run_never_sells_below_the_debt() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    let debt = w.liquidator.sender(ALICE).auction(id).2;

    // At the very end of the first run the price is the debt, not 50% of the start.
    w.advance(AUCTION_DURATION);
    let price = w.liquidator.sender(ALICE).auction_price(id).motsu_unwrap();
    assert_eq!(price, debt);
    // The owner buying the GPU back pays the whole debt: strategic default gains nothing.
    let paid = bid(&w, ALICE, id, price);
    assert_eq!(paid, debt);
    assert_eq!(w.owner_of(id), ALICE);
    assert_eq!(count_events::<BadDebt>(&w.liquidator), 0);
    assert_eq!(w.unbacked(), U256::ZERO);
    assert!(w.minter.emitted(&Settled { tokenId: id, debt }));
    w.assert_books();
}

#[motsu::test]
fn a_sale_pays_the_debt_then_the_penalty_then_the_owner() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    let debt = w.liquidator.sender(ALICE).auction(id).2;
    let alice = w.aid_of(ALICE);
    let price = w.liquidator.sender(BOB).auction_price(id).motsu_unwrap();
    assert_eq!(price, bps(usd(72_000), AUCTION_START_BPS));

    assert_revert(
        {
            w.fund(BOB, price);
            w.approve_liquidator(BOB, price);
            w.liquidator.sender(BOB).bid(id, price - U256::from(1), BOB)
        },
        PriceAboveMax {
            price,
            maxPrice: price - U256::from(1),
        },
    );
    let supply = w.supply();
    assert_eq!(
        w.liquidator
            .sender(BOB)
            .bid(id, price, CAROL)
            .motsu_unwrap(),
        price
    );
    let penalty = (debt * U256::from(PENALTY_BPS)).div_ceil(U256::from(10_000));
    let to_owner = price - debt - penalty;
    assert_eq!(w.owner_of(id), CAROL);
    assert_eq!(w.aid_of(ALICE), alice + to_owner);
    assert_eq!(w.surplus(), penalty);
    assert_eq!(w.supply(), supply - debt);
    assert!(w.liquidator.emitted(&AuctionSettled {
        tokenId: id,
        bidder: BOB,
        receiver: CAROL,
        price,
        debt,
        penalty,
        toOwner: to_owner,
    }));
    assert_revert(
        w.liquidator.sender(BOB).auction_price(id),
        NoAuction { tokenId: id },
    );
    w.assert_books();
}

#[motsu::test]
fn running_auctions_keep_the_parameters_they_started_with() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    w.advance(AUCTION_DURATION / 2);
    let price = w.liquidator.sender(ALICE).auction_price(id).motsu_unwrap();
    w.liquidator
        .sender(ADMIN)
        .set_auction_params(10_000, 600, 3_000, 0, 0, U256::ZERO, U256::ZERO)
        .motsu_unwrap();
    assert_eq!(
        w.liquidator.sender(ALICE).auction_price(id).motsu_unwrap(),
        price
    );
    assert_eq!(w.liquidator.sender(ALICE).auction(id).6, AUCTION_DURATION);
}

#[motsu::test]
fn auction_parameters_are_bounded() {
    let w = World::new();
    let tip = aid(KEEPER_TIP);
    let cases: [(u16, u64, u16, u16, u16, U256); 8] = [
        (
            9_999,
            AUCTION_DURATION,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            KEEPER_BPS,
            tip,
        ),
        (
            30_001,
            AUCTION_DURATION,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            KEEPER_BPS,
            tip,
        ),
        (
            AUCTION_START_BPS,
            599,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            KEEPER_BPS,
            tip,
        ),
        (
            AUCTION_START_BPS,
            7 * DAY + 1,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            KEEPER_BPS,
            tip,
        ),
        (
            AUCTION_START_BPS,
            AUCTION_DURATION,
            2_999,
            PENALTY_BPS,
            KEEPER_BPS,
            tip,
        ),
        (
            AUCTION_START_BPS,
            AUCTION_DURATION,
            AUCTION_FLOOR_BPS,
            2_001,
            KEEPER_BPS,
            tip,
        ),
        (
            AUCTION_START_BPS,
            AUCTION_DURATION,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            501,
            tip,
        ),
        (
            AUCTION_START_BPS,
            AUCTION_DURATION,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            KEEPER_BPS,
            aid(1_001),
        ),
    ];
    for (start, duration, floor, penalty, keeper, keeper_tip) in cases {
        assert_revert(
            w.liquidator
                .sender(ADMIN)
                .set_auction_params(start, duration, floor, penalty, keeper, keeper_tip, tip),
            InvalidAuctionParams {
                auctionStartBps: start,
                auctionDuration: duration,
                auctionFloorBps: floor,
                liquidationPenaltyBps: penalty,
                keeperFeeBps: keeper,
                keeperTip: keeper_tip,
                resetTip: tip,
            },
        );
    }
    w.liquidator
        .sender(ADMIN)
        .set_auction_params(30_000, 7 * DAY, 10_000, 2_000, 500, aid(1_000), aid(1_000))
        .motsu_unwrap();
    assert_revert(
        w.liquidator.sender(ALICE).set_auction_params(
            AUCTION_START_BPS,
            AUCTION_DURATION,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            KEEPER_BPS,
            tip,
            tip,
        ),
        crate::AccessControlUnauthorizedAccount {
            account: ALICE,
            neededRole: RISK_ADMIN_ROLE.into(),
        },
    );
}

#[motsu::test]
fn a_shortfall_after_a_reset_is_absorbed_by_said() {
    let w = World::new();
    stake(&w, aid(50_000));
    let id = unsafe_position(&w, ALICE);
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    let debt = w.liquidator.sender(ALICE).auction(id).2;
    w.advance(AUCTION_DURATION + 1);
    assert_revert(
        w.liquidator.sender(BOB).auction_price(id),
        AuctionExpired {
            tokenId: id,
            expiredAt: w.now() - 1,
        },
    );
    w.refresh(id);
    w.liquidator.sender(CAROL).reset_auction(id).motsu_unwrap();
    let start = bps(usd(72_000), AUCTION_START_BPS);
    let floor = bps(start, AUCTION_FLOOR_BPS);
    assert!(w.liquidator.emitted(&AuctionReset {
        tokenId: id,
        caller: CAROL,
        resets: 1,
        value: usd(72_000),
        fresh: true,
        startPrice: start,
        floorPrice: floor,
    }));

    // After the reset the price may fall below the debt.
    w.advance(AUCTION_DURATION);
    let vault = w.vault_aid();
    assert_eq!(bid(&w, BOB, id, floor), floor);
    let shortfall = debt - floor;
    assert_eq!(w.vault_aid(), vault - shortfall);
    assert_eq!(w.unbacked(), U256::ZERO);
    assert!(w.liquidator.emitted(&BadDebt {
        tokenId: id,
        shortfall,
        fromSurplus: U256::ZERO,
        fromVault: shortfall,
        unbacked: U256::ZERO,
    }));
    w.assert_books();
}

#[motsu::test]
fn settlement_books_unbacked_debt_when_the_vault_refuses_the_loss() {
    let w = World::new();
    stake(&w, aid(50_000));
    let id = unsafe_position(&w, ALICE);
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    let debt = w.liquidator.sender(ALICE).auction(id).2;
    expire_and_reset(&w, id);
    w.vault_refuses(true);
    w.advance(AUCTION_DURATION);
    let floor = w.liquidator.sender(BOB).auction_price(id).motsu_unwrap();
    let vault = w.vault_aid();

    assert_eq!(bid(&w, BOB, id, floor), floor);
    let shortfall = debt - floor;
    assert_eq!(w.owner_of(id), BOB);
    assert_eq!(w.vault_aid(), vault);
    assert_eq!(w.unbacked(), shortfall);
    assert!(w.liquidator.emitted(&BadDebt {
        tokenId: id,
        shortfall,
        fromSurplus: U256::ZERO,
        fromVault: U256::ZERO,
        unbacked: shortfall,
    }));
    w.assert_books();
}

#[motsu::test]
fn liquidation_and_bids_work_when_the_vault_refuses_and_the_minter_is_removed() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.advance(DAY);
    w.vault_refuses(true);
    w.minter_removed(true);
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    let debt = w.liquidator.sender(ALICE).auction(id).2;
    assert!(debt > aid(60_000));
    w.advance(AUCTION_DURATION);
    assert_eq!(bid(&w, BOB, id, debt), debt);
    assert_eq!(w.owner_of(id), BOB);
    assert_eq!(w.pending_interest(), debt - aid(60_000));
    w.assert_books();
}

#[motsu::test]
fn surplus_heals_unbacked_debt_and_sweeps_wait_until_it_is_healed() {
    let w = World::new();
    w.minter
        .sender(ADMIN)
        .set_vault(Address::ZERO)
        .motsu_unwrap();
    let id = unsafe_position(&w, ALICE);
    let other = w.pledged(BOB);
    w.borrow(BOB, other, aid(60_000));
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    let debt = w.liquidator.sender(ALICE).auction(id).2;
    expire_and_reset(&w, id);
    w.advance(AUCTION_DURATION);
    let floor = w.liquidator.sender(DAVE).auction_price(id).motsu_unwrap();
    bid(&w, DAVE, id, floor);
    let unbacked = w.unbacked();
    assert_eq!(unbacked, debt - floor);

    assert_revert(
        w.liquidator.sender(ADMIN).sweep_surplus(),
        UnbackedDebtOutstanding {
            unbackedDebt: unbacked,
        },
    );
    // A year of BOB's interest (all surplus without a vault) heals part of the hole at the drip.
    w.advance(YEAR);
    w.refresh(other);
    let interest = w.drip();
    assert!(interest > U256::ZERO && interest < unbacked);
    assert_eq!(w.unbacked(), unbacked - interest);
    assert_eq!(w.surplus(), U256::ZERO);
    assert!(w.liquidator.emitted(&Healed {
        amount: interest,
        unbackedDebt: unbacked - interest,
    }));
    w.assert_books();

    // Anyone may heal; with no surplus it heals nothing.
    assert_eq!(w.liquidator.sender(CAROL).heal().motsu_unwrap(), U256::ZERO);
    assert_revert(
        w.liquidator.sender(ADMIN).sweep_surplus(),
        UnbackedDebtOutstanding {
            unbackedDebt: unbacked - interest,
        },
    );
}

#[motsu::test]
fn keepers_are_tipped_from_surplus_even_for_an_underwater_position() {
    let w = World::new();
    w.liquidator
        .sender(ADMIN)
        .set_auction_params(
            AUCTION_START_BPS,
            AUCTION_DURATION,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            0,
            aid(KEEPER_TIP),
            aid(RESET_TIP),
        )
        .motsu_unwrap();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    surplus_from_a_year_of_interest(&w);
    // 90,000 → 72,000 → 57,600 → 46,080: worth less than the debt even at 120%.
    // One 20% step per appraisal window.
    for value in [72_000, 57_600, 46_080] {
        w.advance(gpu_registry::APPRAISAL_WINDOW);
        w.appraise(id, usd(value));
    }
    let surplus = w.surplus();
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    assert_eq!(w.aid_of(DAVE), aid(KEEPER_TIP));
    assert_eq!(w.surplus(), surplus - aid(KEEPER_TIP));
    w.advance(AUCTION_DURATION + 1);
    w.refresh(id);
    w.liquidator.sender(CAROL).reset_auction(id).motsu_unwrap();
    assert_eq!(w.aid_of(CAROL), aid(RESET_TIP));
    assert!(w.liquidator.emitted(&KeeperPaid {
        keeper: CAROL,
        amount: aid(RESET_TIP),
    }));
    w.assert_books();
}

#[motsu::test]
fn a_reset_with_a_stale_appraisal_starts_from_the_last_start_times_the_floor() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.liquidator.sender(DAVE).liquidate(id).motsu_unwrap();
    let (_, _, debt, first_start, _, _, _, _) = w.liquidator.sender(ALICE).auction(id);
    // No appraisal for longer than the registry's freshness window: the auction goes on.
    w.advance(MAX_AGE + 1);
    let (value, _, fresh) = w.registry.sender(ALICE).valuation(id).motsu_unwrap();
    assert!(!fresh);
    w.liquidator.sender(CAROL).reset_auction(id).motsu_unwrap();
    let start = bps(first_start, AUCTION_FLOOR_BPS).min(value);
    let floor = (start * U256::from(AUCTION_FLOOR_BPS)).div_ceil(U256::from(10_000));
    assert!(w.liquidator.emitted(&AuctionReset {
        tokenId: id,
        caller: CAROL,
        resets: 1,
        value,
        fresh: false,
        startPrice: start,
        floorPrice: floor,
    }));
    assert!(start < debt);
    assert_eq!(
        w.liquidator.sender(ALICE).auction_price(id).motsu_unwrap(),
        start
    );
}

#[motsu::test]
fn only_the_liquidator_may_seize_or_settle() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    let err = NotLiquidator { caller: DAVE };
    assert_revert(w.minter.sender(DAVE).seize(id, DAVE), err.clone());
    assert_revert(w.minter.sender(DAVE).settle(id, aid(1)), err);
    assert_revert(
        w.liquidator.sender(DAVE).reset_auction(id),
        NoAuction { tokenId: id },
    );
}
