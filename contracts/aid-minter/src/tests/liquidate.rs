//! Starting, pricing and restarting Dutch auctions.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;

use super::*;
use crate::{
    AidMinter, AlreadyInAuction, AuctionExpired, AuctionNotExpired, AuctionReset, AuctionStarted,
    InAuction, InvalidAuctionParams, NoAuction, NoPosition, NotLiquidatable, StaleValuation,
};

/// A position borrowed to 60,000 AID at the start, then appraised down 20% to 72,000 USD:
/// below the 125% liquidation ratio (75,000 USD) with no time passing (debt exactly 60,000).
pub(crate) fn unsafe_position(w: &World, owner: Address) -> U256 {
    let id = w.pledged(owner);
    w.borrow(owner, id, aid(60_000));
    w.appraise(id, usd(72_000));
    id
}

#[motsu::test]
fn a_healthy_position_cannot_be_liquidated() {
    let w = World::new();
    let id = w.pledged(ALICE);
    assert_revert(
        w.minter.sender(BOB).liquidate(id),
        NotLiquidatable {
            tokenId: id,
            value: appraisal(),
            debt: U256::ZERO,
        },
    );
    w.borrow(ALICE, id, aid(60_000));
    assert_revert(
        w.minter.sender(BOB).liquidate(id),
        NotLiquidatable {
            tokenId: id,
            value: appraisal(),
            debt: aid(60_000),
        },
    );
    // 75,000 USD against 60,000 AID is exactly 125%: still safe.
    w.appraise(id, usd(75_000));
    assert!(!w.health(id).4);
    assert_revert(
        w.minter.sender(BOB).liquidate(id),
        NotLiquidatable {
            tokenId: id,
            value: usd(75_000),
            debt: aid(60_000),
        },
    );
    let missing = U256::from(404);
    assert_revert(
        w.minter.sender(BOB).liquidate(missing),
        NoPosition { tokenId: missing },
    );
}

#[motsu::test]
fn depreciation_alone_makes_a_position_liquidatable() {
    let w = World::new();
    // Bought and appraised at 90,000 USD; nobody appraises it again.
    let id = w.register_with(ALICE, h100(), usd(90_000), usd(90_000), w.now());
    w.send_to_minter(ALICE, id);
    w.borrow(ALICE, id, aid(60_000));

    // Half a year on: book value 81,000 USD against about 61,519 AID × 125% = 76,899: safe.
    w.advance(YEAR / 2);
    let (debt, value, fresh, _, liquidatable) = w.health(id);
    assert_eq!(value, usd(81_000));
    assert!(!fresh && !liquidatable);
    assert_revert(
        w.minter.sender(BOB).liquidate(id),
        NotLiquidatable {
            tokenId: id,
            value,
            debt,
        },
    );

    // A year on: book value 72,000 USD against about 63,076 AID × 125% = 78,845. The stale
    // appraisal does not protect it.
    w.advance(YEAR / 2);
    let (debt, value, fresh, _, liquidatable) = w.health(id);
    assert_eq!(value, usd(72_000));
    assert!(!fresh && liquidatable);
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();

    let start_price = usd(86_400);
    assert!(w.minter.emitted(&AuctionStarted {
        tokenId: id,
        owner: ALICE,
        keeper: BOB,
        debt,
        value,
        startPrice: start_price,
    }));
    assert_eq!(
        w.minter.sender(BOB).auction(id),
        (debt, start_price, w.now(), BOB)
    );
    // The debt moved from the model into the auction: the total is unchanged.
    assert_eq!(w.minter.sender(BOB).model_state(h100()).1, U256::ZERO);
    assert_eq!(w.total_debt(), debt);
    w.assert_books();
}

#[motsu::test]
fn the_price_falls_linearly_from_start_to_floor() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    let started = w.now();
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    let price = || w.minter.sender(CAROL).auction_price(id).motsu_unwrap();

    // Start: 72,000 × 120% = 86,400. Floor: 50% of that = 43,200.
    assert_eq!(price(), usd(86_400));
    w.advance(AUCTION_DURATION / 2);
    assert_eq!(price(), usd(64_800));
    // A second past half way: the drop is rounded down, so the price is rounded up.
    w.advance(1);
    let expected = usd(86_400)
        - (usd(43_200) * U256::from(AUCTION_DURATION / 2 + 1) / U256::from(AUCTION_DURATION));
    assert_eq!(price(), expected);
    w.advance(AUCTION_DURATION / 2 - 1);
    assert_eq!(price(), usd(43_200));

    w.advance(1);
    let expired = AuctionExpired {
        tokenId: id,
        expiredAt: started + AUCTION_DURATION,
    };
    assert_revert(w.minter.sender(CAROL).auction_price(id), expired.clone());
    w.fund(CAROL, usd(43_200));
    w.approve(CAROL, usd(43_200));
    assert_revert(w.minter.sender(CAROL).bid(id, usd(43_200), CAROL), expired);
}

#[motsu::test]
fn an_auctioned_position_is_frozen() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();

    assert_revert(
        w.minter.sender(BOB).liquidate(id),
        AlreadyInAuction { tokenId: id },
    );
    assert_revert(
        w.minter.sender(ALICE).borrow(id, aid(1_000), ALICE),
        InAuction { tokenId: id },
    );
    w.approve(ALICE, aid(1_000));
    assert_revert(
        w.minter.sender(ALICE).repay(id, aid(1_000)),
        InAuction { tokenId: id },
    );
    assert_revert(
        w.minter.sender(ALICE).withdraw(id, ALICE),
        InAuction { tokenId: id },
    );

    // Its debt no longer accrues: a day later it still owes the frozen 60,000.
    w.advance(DAY);
    let (debt, value, _, _, liquidatable) = w.health(id);
    assert_eq!(
        (debt, value, liquidatable),
        (aid(60_000), usd(72_000), false)
    );
    let (owner, model, art, frozen) = w.minter.sender(BOB).position(id).motsu_unwrap();
    assert_eq!(
        (owner, model, art, frozen),
        (ALICE, h100(), U256::ZERO, aid(60_000))
    );
}

#[motsu::test]
fn an_expired_auction_restarts_from_a_fresh_valuation() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    let started = w.now();
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();

    w.advance(AUCTION_DURATION);
    assert_revert(
        w.minter.sender(CAROL).reset_auction(id),
        AuctionNotExpired {
            tokenId: id,
            expiresAt: started + AUCTION_DURATION,
        },
    );
    // Past the end, and with the appraisal gone stale, a restart needs a new appraisal.
    w.advance(MAX_AGE);
    assert_revert(
        w.minter.sender(CAROL).reset_auction(id),
        StaleValuation {
            tokenId: id,
            appraisedAt: started,
        },
    );
    w.appraise(id, usd(60_000));
    w.minter.sender(CAROL).reset_auction(id).motsu_unwrap();

    assert!(w.minter.emitted(&AuctionReset {
        tokenId: id,
        caller: CAROL,
        value: usd(60_000),
        startPrice: usd(72_000),
    }));
    // Same debt and keeper, new start.
    assert_eq!(
        w.minter.sender(CAROL).auction(id),
        (aid(60_000), usd(72_000), w.now(), BOB)
    );
    assert_eq!(
        w.minter.sender(CAROL).auction_price(id).motsu_unwrap(),
        usd(72_000)
    );
    let missing = U256::from(5);
    assert_revert(
        w.minter.sender(CAROL).reset_auction(missing),
        NoAuction { tokenId: missing },
    );
}

#[motsu::test]
fn liquidation_works_while_paused() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.minter.sender(ADMIN).pause().motsu_unwrap();
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    w.fund(CAROL, usd(86_400));
    w.approve(CAROL, usd(86_400));
    w.minter
        .sender(CAROL)
        .bid(id, usd(86_400), CAROL)
        .motsu_unwrap();
    assert_eq!(w.owner_of(id), CAROL);
}

#[motsu::test]
fn liquidation_needs_auction_parameters() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    // A minter whose auction parameters were never set cannot start auctions.
    let bare: Contract<AidMinter> = Contract::new();
    bare.sender(ADMIN)
        .constructor(ADMIN, w.registry.address(), w.aid.address())
        .motsu_unwrap();
    let zero = InvalidAuctionParams {
        auctionStartBps: 0,
        auctionDuration: 0,
        auctionFloorBps: 0,
        liquidationPenaltyBps: 0,
        keeperFeeBps: 0,
    };
    assert_revert(bare.sender(BOB).liquidate(id), NoPosition { tokenId: id });
    bare.sender(w.registry.address())
        .on_erc721_received(ALICE, ALICE, id, stylus_sdk::abi::Bytes::from(Vec::new()))
        .motsu_unwrap();
    assert_revert(bare.sender(BOB).liquidate(id), zero);
}

#[motsu::test]
fn auction_parameters_are_validated() {
    let w = World::new();
    let set = |who: Address, start: u16, duration: u64, floor: u16, penalty: u16, keeper: u16| {
        w.minter
            .sender(who)
            .set_auction_params(start, duration, floor, penalty, keeper)
    };
    assert_revert(
        set(BOB, 12_000, HOUR, 5_000, 1_000, 100),
        crate::AccessControlUnauthorizedAccount {
            account: BOB,
            neededRole: crate::RISK_ADMIN_ROLE.into(),
        },
    );
    for bad in [
        (0, HOUR, 5_000, 1_000, 100),
        (12_000, 0, 5_000, 1_000, 100),
        (12_000, HOUR, 10_001, 1_000, 100),
        (12_000, HOUR, 5_000, 10_001, 100),
        (12_000, HOUR, 5_000, 1_000, 10_001),
    ] {
        assert_revert(
            set(ADMIN, bad.0, bad.1, bad.2, bad.3, bad.4),
            InvalidAuctionParams {
                auctionStartBps: bad.0,
                auctionDuration: bad.1,
                auctionFloorBps: bad.2,
                liquidationPenaltyBps: bad.3,
                keeperFeeBps: bad.4,
            },
        );
    }
    set(ADMIN, 11_000, 2 * HOUR, 10_000, 0, 0).motsu_unwrap();
    assert_eq!(
        w.minter.sender(BOB).auction_params(),
        (11_000, 2 * HOUR, 10_000, 0, 0)
    );
    assert!(w.minter.emitted(&crate::AuctionParamsSet {
        auctionStartBps: 11_000,
        auctionDuration: 2 * HOUR,
        auctionFloorBps: 10_000,
        liquidationPenaltyBps: 0,
        keeperFeeBps: 0,
    }));
}
