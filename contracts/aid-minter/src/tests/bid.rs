//! Buying auctioned tokens and settling: surplus to the owner, exact cover, and bad debt covered
//! by the surplus buffer, then the sAID vault, then recorded as unbacked.
//!
//! Every case starts from [`unsafe_position`]: 60,000 AID of debt (no interest: no time passed
//! before the liquidation) against a 72,000 USD valuation, so the auction starts at 86,400 and
//! falls to 43,200 over six hours. Penalty 10% (6,000), keeper fee 1% (600).

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc20::{self, ERC20InsufficientAllowance};

use super::{liquidate::unsafe_position, *};
use crate::{AuctionSettled, BadDebt, InvalidReceiver, NoAuction, PriceAboveMax};

/// `bidder` gets `amount` fresh AID and lets the minter take it.
fn fund_bidder(w: &World, bidder: Address, amount: U256) {
    w.fund(bidder, amount);
    w.approve(bidder, amount);
}

/// Carol stakes `amount` AID in the vault; returns her shares.
fn stake(w: &World, amount: U256) -> U256 {
    w.fund(CAROL, amount);
    w.aid
        .sender(CAROL)
        .approve(w.vault.address(), amount)
        .motsu_unwrap();
    w.vault.sender(CAROL).deposit(amount, CAROL).motsu_unwrap()
}

#[motsu::test]
fn a_sale_above_the_debt_pays_penalty_keeper_and_owner() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    let supply = w.supply();
    fund_bidder(&w, CAROL, usd(86_400));

    let price = w
        .minter
        .sender(CAROL)
        .bid(id, usd(86_400), DAVE)
        .motsu_unwrap();
    assert_eq!(price, usd(86_400));
    assert_eq!(w.owner_of(id), DAVE);
    assert_eq!(w.aid_of(CAROL), U256::ZERO);
    // 86,400 = 60,000 burnt + 6,000 penalty + 600 keeper fee + 19,800 to Alice, who also keeps
    // the 60,000 she borrowed.
    assert_eq!(w.aid_of(BOB), aid(600));
    assert_eq!(w.aid_of(ALICE), aid(60_000) + aid(19_800));
    assert_eq!(w.surplus(), aid(6_000));
    assert_eq!(w.supply(), supply + usd(86_400) - aid(60_000));
    assert_eq!(w.total_debt(), U256::ZERO);
    assert_eq!(w.unbacked(), U256::ZERO);
    assert!(w.minter.emitted(&AuctionSettled {
        tokenId: id,
        bidder: CAROL,
        receiver: DAVE,
        price,
        debt: aid(60_000),
        penalty: aid(6_000),
        keeperFee: aid(600),
        toOwner: aid(19_800),
    }));
    assert_eq!(count_events::<BadDebt>(&w.minter), 0);
    let (owner, _, _, debt) = w.minter.sender(BOB).position(id).motsu_unwrap();
    assert_eq!((owner, debt), (Address::ZERO, U256::ZERO));
    assert_eq!(
        w.minter.sender(BOB).auction(id),
        (U256::ZERO, U256::ZERO, 0, Address::ZERO)
    );
    w.assert_books();

    // The token is sold: a second bid finds no auction.
    fund_bidder(&w, BOB, usd(86_400));
    assert_revert(
        w.minter.sender(BOB).bid(id, usd(86_400), BOB),
        NoAuction { tokenId: id },
    );
}

#[motsu::test]
fn a_sale_at_exactly_the_debt_covers_it_and_nothing_more() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    // 86,400 - 43,200 × t / 6 h = 60,000 at t = 13,200 s.
    w.advance(13_200);
    assert_eq!(
        w.minter.sender(CAROL).auction_price(id).motsu_unwrap(),
        aid(60_000)
    );
    fund_bidder(&w, CAROL, aid(60_000));

    assert_eq!(
        w.minter
            .sender(CAROL)
            .bid(id, aid(60_000), CAROL)
            .motsu_unwrap(),
        aid(60_000)
    );
    assert_eq!(w.owner_of(id), CAROL);
    assert_eq!(
        (w.aid_of(BOB), w.surplus(), w.unbacked()),
        (U256::ZERO, U256::ZERO, U256::ZERO)
    );
    assert_eq!(w.aid_of(ALICE), aid(60_000));
    assert!(w.minter.emitted(&AuctionSettled {
        tokenId: id,
        bidder: CAROL,
        receiver: CAROL,
        price: aid(60_000),
        debt: aid(60_000),
        penalty: U256::ZERO,
        keeperFee: U256::ZERO,
        toOwner: U256::ZERO,
    }));
    assert_eq!(count_events::<BadDebt>(&w.minter), 0);
    w.assert_books();
}

#[motsu::test]
fn a_shortfall_is_covered_by_surplus_then_by_the_vault() {
    let w = World::new();
    let shares = stake(&w, aid(20_000));
    // A first auction sold at the start leaves 6,000 AID of penalty in the surplus buffer.
    let first = unsafe_position(&w, ALICE);
    let second = unsafe_position(&w, BOB);
    w.minter.sender(DAVE).liquidate(first).motsu_unwrap();
    w.minter.sender(DAVE).liquidate(second).motsu_unwrap();
    fund_bidder(&w, CAROL, usd(86_400 + 43_200));
    w.minter
        .sender(CAROL)
        .bid(first, usd(86_400), CAROL)
        .motsu_unwrap();
    assert_eq!(w.surplus(), aid(6_000));
    let price_before = w
        .vault
        .sender(CAROL)
        .convert_to_assets(shares)
        .motsu_unwrap();
    assert_eq!(price_before, aid(20_000));

    // The second sells at the floor: 43,200 for 60,000 of debt, 16,800 short. The surplus
    // pays 6,000, the vault 10,800, nothing is unbacked.
    w.advance(AUCTION_DURATION);
    let supply = w.supply();
    assert_eq!(
        w.minter
            .sender(CAROL)
            .bid(second, usd(43_200), CAROL)
            .motsu_unwrap(),
        usd(43_200)
    );
    assert_eq!(w.owner_of(second), CAROL);
    assert!(w.minter.emitted(&AuctionSettled {
        tokenId: second,
        bidder: CAROL,
        receiver: CAROL,
        price: usd(43_200),
        debt: aid(60_000),
        penalty: U256::ZERO,
        keeperFee: U256::ZERO,
        toOwner: U256::ZERO,
    }));
    assert!(w.minter.emitted(&BadDebt {
        tokenId: second,
        shortfall: aid(16_800),
        fromSurplus: aid(6_000),
        fromVault: aid(10_800),
        unbacked: U256::ZERO,
    }));
    assert_eq!(w.surplus(), U256::ZERO);
    assert_eq!(w.unbacked(), U256::ZERO);
    assert_eq!(w.vault_aid(), aid(9_200));
    // Every sAID holder loses alike: Carol's 20,000 AID are now worth 9,200 (less the virtual
    // shares' sliver, rounded down).
    let price_after = w
        .vault
        .sender(CAROL)
        .convert_to_assets(shares)
        .motsu_unwrap();
    assert_close(price_after, aid(9_200), U256::from(1_000));
    assert!(price_after <= aid(9_200));
    // Supply fell by the whole debt: 43,200 of proceeds, 6,000 of surplus, 10,800 in the vault.
    assert_eq!(w.supply(), supply - aid(60_000));
    assert_eq!(w.total_debt(), U256::ZERO);
    // The owners of both positions kept what they borrowed; nothing more.
    assert_eq!(w.aid_of(BOB), aid(60_000));
    w.assert_books();
}

#[motsu::test]
fn what_neither_surplus_nor_vault_covers_is_unbacked_debt() {
    let w = World::new();
    stake(&w, aid(4_000));
    let first = unsafe_position(&w, ALICE);
    let second = unsafe_position(&w, BOB);
    w.minter.sender(DAVE).liquidate(first).motsu_unwrap();
    w.minter.sender(DAVE).liquidate(second).motsu_unwrap();
    fund_bidder(&w, CAROL, usd(86_400 + 43_200));
    w.minter
        .sender(CAROL)
        .bid(first, usd(86_400), CAROL)
        .motsu_unwrap();
    w.advance(AUCTION_DURATION);

    // 16,800 short: 6,000 from surplus, all 4,000 the vault holds, 6,800 unbacked.
    w.minter
        .sender(CAROL)
        .bid(second, usd(43_200), CAROL)
        .motsu_unwrap();
    assert!(w.minter.emitted(&BadDebt {
        tokenId: second,
        shortfall: aid(16_800),
        fromSurplus: aid(6_000),
        fromVault: aid(4_000),
        unbacked: aid(6_800),
    }));
    assert_eq!(w.unbacked(), aid(6_800));
    assert_eq!(w.vault_aid(), U256::ZERO);
    assert_eq!(w.surplus(), U256::ZERO);
    // AID supply = totalDebt (zero) + unbacked debt (+ the faucet's AID).
    w.assert_books();
}

#[motsu::test]
fn without_a_vault_the_rest_of_a_shortfall_is_unbacked() {
    let w = World::new();
    w.minter
        .sender(ADMIN)
        .set_vault(Address::ZERO)
        .motsu_unwrap();
    let id = unsafe_position(&w, ALICE);
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    w.advance(AUCTION_DURATION);
    fund_bidder(&w, CAROL, usd(43_200));
    w.minter
        .sender(CAROL)
        .bid(id, usd(43_200), CAROL)
        .motsu_unwrap();
    assert!(w.minter.emitted(&BadDebt {
        tokenId: id,
        shortfall: aid(16_800),
        fromSurplus: U256::ZERO,
        fromVault: U256::ZERO,
        unbacked: aid(16_800),
    }));
    w.assert_books();
}

#[motsu::test]
fn a_bid_above_the_callers_limit_fails() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    fund_bidder(&w, CAROL, usd(86_400));
    assert_revert(
        w.minter.sender(CAROL).bid(id, usd(86_399), CAROL),
        PriceAboveMax {
            price: usd(86_400),
            maxPrice: usd(86_399),
        },
    );
    // Waiting brings the price under the limit.
    w.advance(60);
    let price = w
        .minter
        .sender(CAROL)
        .bid(id, usd(86_399), CAROL)
        .motsu_unwrap();
    assert!(price < usd(86_399));
}

#[motsu::test]
fn a_bid_needs_a_receiver_an_auction_and_the_aid() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    assert_revert(
        w.minter.sender(CAROL).bid(id, usd(90_000), CAROL),
        NoAuction { tokenId: id },
    );
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    assert_revert(
        w.minter.sender(CAROL).bid(id, usd(90_000), Address::ZERO),
        InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
    let err = w
        .minter
        .sender(CAROL)
        .bid(id, usd(90_000), CAROL)
        .motsu_unwrap_err();
    let expected: Vec<u8> = erc20::Error::InsufficientAllowance(ERC20InsufficientAllowance {
        spender: w.minter.address(),
        allowance: U256::ZERO,
        needed: usd(86_400),
    })
    .into();
    assert_eq!(err, expected);
    // Nothing moved: the auction is still on.
    assert_eq!(w.owner_of(id), w.minter.address());
    assert_eq!(w.minter.sender(CAROL).auction(id).0, aid(60_000));
}

#[motsu::test]
fn the_owner_may_buy_back_their_own_token() {
    let w = World::new();
    let id = unsafe_position(&w, ALICE);
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    w.advance(AUCTION_DURATION);
    // Alice pays the floor out of what she borrowed and gets the token back; the shortfall is
    // bad debt like any other.
    w.approve(ALICE, usd(43_200));
    w.minter
        .sender(ALICE)
        .bid(id, usd(43_200), ALICE)
        .motsu_unwrap();
    assert_eq!(w.owner_of(id), ALICE);
    assert_eq!(w.aid_of(ALICE), aid(60_000) - usd(43_200));
    w.assert_books();
}

#[motsu::test]
fn interest_accrued_before_the_liquidation_is_part_of_the_frozen_debt() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(60_000));
    w.advance(YEAR);
    w.appraise(id, usd(72_000));
    let debt = w.debt(id);
    w.minter.sender(BOB).liquidate(id).motsu_unwrap();
    let interest = debt - aid(60_000);
    // The drip that came first minted the interest (90% of it went to the vault).
    assert_eq!(w.minter.sender(BOB).auction(id).0, debt);
    assert_eq!(
        w.vault_aid(),
        interest * U256::from(SAVINGS_BPS) / U256::from(10_000)
    );
    fund_bidder(&w, CAROL, usd(86_400));
    w.minter
        .sender(CAROL)
        .bid(id, usd(86_400), CAROL)
        .motsu_unwrap();
    let penalty = (debt * U256::from(PENALTY_BPS)).div_ceil(U256::from(10_000));
    let keeper_fee = debt * U256::from(KEEPER_BPS) / U256::from(10_000);
    assert_eq!(w.aid_of(BOB), keeper_fee);
    assert_eq!(
        w.aid_of(ALICE),
        aid(60_000) + usd(86_400) - debt - penalty - keeper_fee
    );
    w.assert_books();
}
