//! Borrowing: the collateral ratio, fresh valuations, depreciation, dust and ceilings.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;

use super::*;
use crate::{
    ArithmeticFailure, Borrowed, DebtCeilingExceeded, DustDebt, EnforcedPause,
    GlobalDebtCeilingExceeded, InvalidAmount, InvalidReceiver, ModelNotConfigured, NoPosition,
    NotPositionOwner, StaleValuation, UndercollateralizedBorrow,
};

#[motsu::test]
fn borrows_exactly_to_the_limit_and_not_one_wei_more() {
    let w = World::new();
    let id = w.pledged(ALICE);
    // 90,000 USD at 150%: 60,000 AID. The model was just configured, so the accumulator is
    // exactly 1 RAY and debt equals what is minted.
    let limit = aid(60_000);
    assert_eq!(w.limit(id), limit);
    w.borrow(ALICE, id, limit);

    assert_eq!(w.aid_of(ALICE), limit);
    assert_eq!(w.debt(id), limit);
    assert!(w.minter.emitted(&Borrowed {
        tokenId: id,
        model: h100(),
        receiver: ALICE,
        amount: limit,
        debt: limit,
    }));
    let (debt, value, fresh, ratio, liquidatable) = w.health(id);
    assert_eq!(
        (debt, value, fresh, ratio, liquidatable),
        (limit, appraisal(), true, U256::from(MIN_RATIO), false)
    );

    let one_wei = U256::from(1);
    assert_revert(
        w.minter.sender(ALICE).borrow(id, one_wei, ALICE),
        UndercollateralizedBorrow {
            tokenId: id,
            value: appraisal(),
            debt: limit + one_wei,
            minCollateralRatioBps: MIN_RATIO,
        },
    );
    assert_eq!(w.debt(id), limit);
    w.assert_books();
}

#[motsu::test]
fn the_first_borrow_reads_the_model_and_mints_to_the_receiver() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.minter
        .sender(ALICE)
        .borrow(id, aid(5_000), BOB)
        .motsu_unwrap();

    let (owner, model, art, debt) = w.minter.sender(ALICE).position(id).motsu_unwrap();
    assert_eq!(
        (owner, model, art, debt),
        (ALICE, h100(), aid(5_000), aid(5_000))
    );
    assert_eq!(w.aid_of(BOB), aid(5_000));
    assert_eq!(w.aid_of(ALICE), U256::ZERO);
    let (art_total, model_debt, _, _) = w.minter.sender(ALICE).model_state(h100());
    assert_eq!((art_total, model_debt), (aid(5_000), aid(5_000)));
    assert!(w.minter.emitted(&Borrowed {
        tokenId: id,
        model: h100(),
        receiver: BOB,
        amount: aid(5_000),
        debt: aid(5_000),
    }));
}

#[motsu::test]
fn a_stale_appraisal_blocks_borrowing_until_refreshed() {
    let w = World::new();
    let id = w.pledged(ALICE);
    let appraised_at = w.now();
    w.borrow(ALICE, id, aid(10_000));

    w.advance(MAX_AGE);
    // Exactly 30 days old is still fresh.
    w.borrow(ALICE, id, aid(1_000));
    w.advance(1);
    assert!(!w.health(id).2);
    assert_revert(
        w.minter.sender(ALICE).borrow(id, aid(1_000), ALICE),
        StaleValuation {
            tokenId: id,
            appraisedAt: appraised_at,
        },
    );

    w.refresh(id);
    w.borrow(ALICE, id, aid(1_000));
    w.assert_books();
}

#[motsu::test]
fn depreciation_alone_lowers_the_borrowing_limit() {
    let w = World::new();
    let id = w.pledged(ALICE);
    assert_eq!(w.limit(id), aid(60_000));

    // Two of five years later the book value is 60,000 USD, below the (refreshed) 90,000 USD
    // appraisal: the limit is now 40,000 AID.
    w.advance(2 * YEAR);
    w.refresh(id);
    assert_eq!(w.health(id).1, usd(60_000));
    assert_eq!(w.limit(id), aid(40_000));

    let over = aid(40_000) + U256::from(1);
    let err = w
        .minter
        .sender(ALICE)
        .borrow(id, over, ALICE)
        .motsu_unwrap_err();
    assert_eq!(&err[..4], UndercollateralizedBorrow::SELECTOR.as_slice());
    w.borrow(ALICE, id, aid(39_999));
    assert!(w.debt(id) <= aid(40_000));

    // At the residual floor (after the five years) the value is 10,000 USD.
    w.advance(4 * YEAR);
    w.refresh(id);
    assert_eq!(w.health(id).1, usd(10_000));
}

#[motsu::test]
fn only_the_owner_borrows() {
    let w = World::new();
    let id = w.pledged(ALICE);
    assert_revert(
        w.minter.sender(BOB).borrow(id, aid(1_000), BOB),
        NotPositionOwner {
            tokenId: id,
            caller: BOB,
        },
    );
    let missing = U256::from(999);
    assert_revert(
        w.minter.sender(BOB).borrow(missing, aid(1_000), BOB),
        NoPosition { tokenId: missing },
    );
    assert_eq!(w.aid_of(BOB), U256::ZERO);
}

#[motsu::test]
fn zero_amounts_and_receivers_are_refused() {
    let w = World::new();
    let id = w.pledged(ALICE);
    assert_revert(
        w.minter.sender(ALICE).borrow(id, U256::ZERO, ALICE),
        InvalidAmount { amount: U256::ZERO },
    );
    assert_revert(
        w.minter.sender(ALICE).borrow(id, aid(1_000), Address::ZERO),
        InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
}

#[motsu::test]
fn a_debt_below_dust_is_refused() {
    let w = World::new();
    let id = w.pledged(ALICE);
    assert_revert(
        w.minter.sender(ALICE).borrow(id, aid(999), ALICE),
        DustDebt {
            remaining: aid(999),
            dust: dust(),
        },
    );
    w.borrow(ALICE, id, aid(1_000));
    // Once above dust, small top-ups are fine.
    w.borrow(ALICE, id, U256::from(1));
}

#[motsu::test]
fn the_model_ceiling_holds() {
    let w = World::new();
    w.minter
        .sender(ADMIN)
        .set_model_params(h100(), MIN_RATIO, LIQ_RATIO, APR_BPS, aid(100_000))
        .motsu_unwrap();
    let a = w.pledged(ALICE);
    let b = w.pledged(BOB);
    w.borrow(ALICE, a, aid(60_000));
    assert_revert(
        w.minter.sender(BOB).borrow(b, aid(40_001), BOB),
        DebtCeilingExceeded {
            model: h100(),
            debt: aid(100_001),
            ceiling: aid(100_000),
        },
    );
    w.borrow(BOB, b, aid(40_000));
    assert_eq!(w.total_debt(), aid(100_000));
}

#[motsu::test]
fn the_global_ceiling_holds() {
    let w = World::new();
    w.minter
        .sender(ADMIN)
        .set_global_params(aid(50_000), dust(), SAVINGS_BPS)
        .motsu_unwrap();
    let a = w.pledged(ALICE);
    let b = w.pledged(BOB);
    w.borrow(ALICE, a, aid(30_000));
    assert_revert(
        w.minter.sender(BOB).borrow(b, aid(20_001), BOB),
        GlobalDebtCeilingExceeded {
            debt: aid(50_001),
            ceiling: aid(50_000),
        },
    );
    w.borrow(BOB, b, aid(20_000));
}

#[motsu::test]
fn a_model_without_credit_parameters_cannot_borrow() {
    let w = World::new();
    w.registry
        .sender(ADMIN)
        .configure_model(a100(), LIFE, RESIDUAL_BPS, true)
        .motsu_unwrap();
    let id = w.register_with(ALICE, a100(), cost(), appraisal(), w.now());
    w.send_to_minter(ALICE, id);
    assert_revert(
        w.minter.sender(ALICE).borrow(id, aid(1_000), ALICE),
        ModelNotConfigured { model: a100() },
    );

    w.minter
        .sender(ADMIN)
        .set_model_params(a100(), MIN_RATIO, LIQ_RATIO, APR_BPS, model_ceiling())
        .motsu_unwrap();
    w.borrow(ALICE, id, aid(1_000));
    assert_eq!(w.minter.sender(ALICE).position(id).motsu_unwrap().1, a100());
}

#[motsu::test]
fn pause_stops_borrowing_but_not_repaying() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.minter.sender(ADMIN).pause().motsu_unwrap();

    assert_revert(
        w.minter.sender(ALICE).borrow(id, aid(1_000), ALICE),
        EnforcedPause {},
    );
    assert_eq!(w.repay(ALICE, id, aid(4_000)), aid(4_000));
    assert_eq!(w.debt(id), aid(6_000));

    w.minter.sender(ADMIN).unpause().motsu_unwrap();
    w.borrow(ALICE, id, aid(1_000));
    w.assert_books();
}

#[motsu::test]
fn borrowing_after_interest_rounds_the_debt_up() {
    let w = World::new();
    let id = w.pledged(ALICE);
    w.borrow(ALICE, id, aid(10_000));
    w.advance(37 * DAY + 11);
    w.refresh(id);
    let amount = aid(1_234) + U256::from(5);
    w.borrow(ALICE, id, amount);

    // Normalized debt for the new amount rounds up, so the position owes at least what was
    // minted on top of its old debt.
    let rate = w.rate();
    let (_, _, art, debt) = w.minter.sender(ALICE).position(id).motsu_unwrap();
    assert_eq!(debt, debt_of(art, rate));
    let old = debt_of(aid(10_000), rate);
    assert!(debt >= old + amount, "{debt} < {old} + {amount}");
    assert!(debt <= old + amount + U256::from(2));
    w.drip();
    w.assert_books();
}

#[motsu::test]
fn a_normalized_debt_beyond_96_bits_is_refused_as_an_overflow() {
    // The position's normalized debt shares a slot with its owner (96 bits). A collateral at the
    // registry's value bound could back more; such a borrow fails with a typed overflow and
    // leaves nothing behind.
    let w = World::new();
    w.minter
        .sender(ADMIN)
        .set_global_params(U256::MAX, dust(), SAVINGS_BPS)
        .motsu_unwrap();
    w.minter
        .sender(ADMIN)
        .set_model_params(h100(), MIN_RATIO, LIQ_RATIO, APR_BPS, U256::MAX)
        .motsu_unwrap();
    let max = gpu_registry::MAX_VALUE;
    let id = w.register_with(ALICE, h100(), max, max, w.now());
    w.send_to_minter(ALICE, id);
    let too_much = U256::from(1) << 96;
    assert_revert(
        w.minter.sender(ALICE).borrow(id, too_much, ALICE),
        ArithmeticFailure { kind: 1 },
    );
    assert_eq!(w.debt(id), U256::ZERO);
    assert_eq!(w.total_debt(), U256::ZERO);
    let most = too_much - U256::from(1);
    w.borrow(ALICE, id, most);
    assert_eq!(w.debt(id), most);
    assert_eq!(w.aid_of(ALICE), most);
}
