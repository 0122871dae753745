//! `appraise`, `appraiseBatch` and `setAppraisalLimits`.
use alloc::vec;

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::control::AccessControlUnauthorizedAccount, token::erc721::ERC721NonexistentToken,
};

use super::*;
use crate::{
    AppraisalLengthMismatch, AppraisalLimitsSet, AppraisalStepTooLarge, Appraised,
    InvalidAppraisalLimits, InvalidAppraisalValue, MAX_VALUE,
};

/// 20% of the standard appraisal (90,000 USD): the largest move the default limit allows.
fn max_step() -> U256 {
    usd(18_000)
}

#[motsu::test]
fn appraise_sets_value_time_and_emits(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    let registered_at = now();
    test_clock::advance(3_600);

    contract
        .sender(admin)
        .appraise(id, usd(95_000))
        .motsu_unwrap();

    let (_, _, _, _, acquired_at, value, appraised_at) =
        contract.sender(alice).asset(id).motsu_unwrap();
    assert_eq!(acquired_at, registered_at);
    assert_eq!(value, usd(95_000));
    assert_eq!(appraised_at, registered_at + 3_600);
    contract.assert_emitted(&Appraised {
        tokenId: id,
        previousValue: APPRAISAL,
        value: usd(95_000),
        appraisedAt: registered_at + 3_600,
    });
}

#[motsu::test]
fn appraise_allows_exactly_the_step_limit(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let up = register(&contract, admin, alice, 1);
    let down = register(&contract, admin, alice, 2);

    contract
        .sender(admin)
        .appraise(up, APPRAISAL + max_step())
        .motsu_unwrap();
    contract
        .sender(admin)
        .appraise(down, APPRAISAL - max_step())
        .motsu_unwrap();

    assert_eq!(
        contract.sender(alice).asset(up).motsu_unwrap().5,
        usd(108_000)
    );
    assert_eq!(
        contract.sender(alice).asset(down).motsu_unwrap().5,
        usd(72_000)
    );
    // An unchanged value only refreshes the date.
    test_clock::advance(10);
    contract
        .sender(admin)
        .appraise(up, usd(108_000))
        .motsu_unwrap();
    assert_eq!(contract.sender(alice).asset(up).motsu_unwrap().6, now());
}

#[motsu::test]
fn appraise_rejects_a_step_one_wei_too_large(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    let one = U256::from(1);

    for proposed in [
        APPRAISAL + max_step() + one,
        APPRAISAL - max_step() - one,
        MAX_VALUE,
    ] {
        assert_error(
            contract.sender(admin).appraise(id, proposed),
            AppraisalStepTooLarge {
                tokenId: id,
                anchor: APPRAISAL,
                proposed,
                maxStepBps: 2_000,
            },
        );
    }
    assert_eq!(contract.sender(alice).asset(id).motsu_unwrap().5, APPRAISAL);
}

#[motsu::test]
fn appraise_requires_appraiser(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    assert_error(
        contract.sender(alice).appraise(id, APPRAISAL),
        AccessControlUnauthorizedAccount {
            account: alice,
            needed_role: APPRAISER_ROLE.into(),
        },
    );
}

#[motsu::test]
fn appraise_rejects_nonexistent_token(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    assert_error(
        contract.sender(admin).appraise(U256::from(1), APPRAISAL),
        ERC721NonexistentToken {
            token_id: U256::from(1),
        },
    );
}

#[motsu::test]
fn appraise_rejects_value_out_of_range(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    contract
        .sender(admin)
        .set_appraisal_limits(10_000, MAX_AGE)
        .motsu_unwrap();

    // Even a 100% step may not reach zero: an appraisal is a positive price.
    assert_error(
        contract.sender(admin).appraise(id, U256::ZERO),
        InvalidAppraisalValue {
            tokenId: id,
            value: U256::ZERO,
        },
    );
    assert_error(
        contract
            .sender(admin)
            .appraise(id, MAX_VALUE + U256::from(1)),
        InvalidAppraisalValue {
            tokenId: id,
            value: MAX_VALUE + U256::from(1),
        },
    );
}

#[motsu::test]
fn step_limit_follows_the_configured_limit(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);

    contract
        .sender(admin)
        .set_appraisal_limits(5_000, MAX_AGE)
        .motsu_unwrap();
    contract
        .sender(admin)
        .appraise(id, usd(45_000))
        .motsu_unwrap();
    // A new window, anchored at 45,000.
    test_clock::advance(crate::APPRAISAL_WINDOW);

    contract
        .sender(admin)
        .set_appraisal_limits(100, MAX_AGE)
        .motsu_unwrap();
    assert_error(
        contract.sender(admin).appraise(id, usd(45_451)),
        AppraisalStepTooLarge {
            tokenId: id,
            anchor: usd(45_000),
            proposed: usd(45_451),
            maxStepBps: 100,
        },
    );
    contract
        .sender(admin)
        .appraise(id, usd(45_450))
        .motsu_unwrap();
}

#[motsu::test]
fn batch_appraises_each_token(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    let a = register(&contract, admin, alice, 1);
    let b = register(&contract, admin, alice, 2);
    test_clock::advance(60);

    contract
        .sender(admin)
        .appraise_batch(vec![a, b], vec![usd(80_000), usd(100_000)])
        .motsu_unwrap();

    assert_eq!(
        contract.sender(alice).asset(a).motsu_unwrap().5,
        usd(80_000)
    );
    assert_eq!(
        contract.sender(alice).asset(b).motsu_unwrap().5,
        usd(100_000)
    );
    for (id, value) in [(a, usd(80_000)), (b, usd(100_000))] {
        contract.assert_emitted(&Appraised {
            tokenId: id,
            previousValue: APPRAISAL,
            value,
            appraisedAt: now(),
        });
    }
    // Nothing to do is not an error.
    contract
        .sender(admin)
        .appraise_batch(vec![], vec![])
        .motsu_unwrap();
}

#[motsu::test]
fn batch_is_all_or_nothing(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    let a = register(&contract, admin, alice, 1);
    let b = register(&contract, admin, alice, 2);

    assert_error(
        contract
            .sender(admin)
            .appraise_batch(vec![a, b], vec![usd(80_000), usd(10_000)]),
        AppraisalStepTooLarge {
            tokenId: b,
            anchor: APPRAISAL,
            proposed: usd(10_000),
            maxStepBps: 2_000,
        },
    );
    assert_eq!(contract.sender(alice).asset(a).motsu_unwrap().5, APPRAISAL);

    let missing = U256::from(99);
    assert_error(
        contract
            .sender(admin)
            .appraise_batch(vec![a, missing], vec![usd(80_000), usd(80_000)]),
        ERC721NonexistentToken { token_id: missing },
    );
    assert_eq!(contract.sender(alice).asset(a).motsu_unwrap().5, APPRAISAL);
}

#[motsu::test]
fn batch_checks_repeated_tokens_in_order_against_the_window_anchor(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let a = register(&contract, admin, alice, 1);
    // Both within 20% of the anchor (90,000); the last one wins.
    contract
        .sender(admin)
        .appraise_batch(vec![a, a], vec![usd(72_000), usd(80_000)])
        .motsu_unwrap();
    assert_eq!(
        contract.sender(alice).asset(a).motsu_unwrap().5,
        usd(80_000)
    );
    contract.assert_emitted(&Appraised {
        tokenId: a,
        previousValue: usd(72_000),
        value: usd(80_000),
        appraisedAt: now(),
    });
}

#[motsu::test]
fn batch_rejects_length_mismatch(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    let a = register(&contract, admin, alice, 1);
    assert_error(
        contract
            .sender(admin)
            .appraise_batch(vec![a, a], vec![usd(80_000)]),
        AppraisalLengthMismatch {
            tokenIdsLength: U256::from(2),
            valuesLength: U256::from(1),
        },
    );
}

#[motsu::test]
fn batch_requires_appraiser(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    let a = register(&contract, admin, alice, 1);
    assert_error(
        contract
            .sender(alice)
            .appraise_batch(vec![a], vec![APPRAISAL]),
        AccessControlUnauthorizedAccount {
            account: alice,
            needed_role: APPRAISER_ROLE.into(),
        },
    );
}

#[motsu::test]
fn set_appraisal_limits_stores_and_emits(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    contract
        .sender(admin)
        .set_appraisal_limits(1_500, 7 * 86_400)
        .motsu_unwrap();
    assert_eq!(
        contract.sender(admin).appraisal_limits(),
        (1_500, 7 * 86_400)
    );
    contract.assert_emitted(&AppraisalLimitsSet {
        maxStepBps: 1_500,
        maxAge: 7 * 86_400,
    });

    // The bounds themselves are valid.
    contract
        .sender(admin)
        .set_appraisal_limits(1, 1)
        .motsu_unwrap();
    contract
        .sender(admin)
        .set_appraisal_limits(10_000, u64::MAX)
        .motsu_unwrap();
    assert_eq!(
        contract.sender(admin).appraisal_limits(),
        (10_000, u64::MAX)
    );
}

#[motsu::test]
fn set_appraisal_limits_rejects_out_of_range(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    for (step, age) in [
        (0, MAX_AGE),
        (10_001, MAX_AGE),
        (u16::MAX, MAX_AGE),
        (2_000, 0),
    ] {
        assert_error(
            contract.sender(admin).set_appraisal_limits(step, age),
            InvalidAppraisalLimits {
                maxStepBps: step,
                maxAge: age,
            },
        );
    }
    assert_eq!(contract.sender(admin).appraisal_limits(), (2_000, MAX_AGE));
}

#[motsu::test]
fn set_appraisal_limits_requires_risk_admin(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    assert_error(
        contract.sender(alice).set_appraisal_limits(1_000, MAX_AGE),
        AccessControlUnauthorizedAccount {
            account: alice,
            needed_role: RISK_ADMIN_ROLE.into(),
        },
    );
}

/// L-03: ten −20% entries for one token in one batch used to take 90,000 to 9,663.68 (−89%).
/// Every entry is now measured from the window's anchor, so the second entry is refused and the
/// batch with it; one step to the limit is all a window allows.
#[motsu::test]
fn one_batch_cannot_compound_steps(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    let mut v = APPRAISAL;
    let values: Vec<U256> = (0..10)
        .map(|_| {
            v = v * U256::from(8) / U256::from(10);
            v
        })
        .collect();
    assert_error(
        contract.sender(admin).appraise_batch(vec![id; 10], values),
        AppraisalStepTooLarge {
            tokenId: id,
            anchor: APPRAISAL,
            proposed: usd(57_600),
            maxStepBps: 2_000,
        },
    );
    assert_eq!(contract.sender(alice).asset(id).motsu_unwrap().5, APPRAISAL);

    // Within the window the value may go anywhere within ±20% of 90,000, in any number of
    // updates, but no further.
    contract
        .sender(admin)
        .appraise_batch(vec![id; 3], vec![usd(80_000), usd(72_000), usd(108_000)])
        .motsu_unwrap();
    test_clock::advance(crate::APPRAISAL_WINDOW - 1);
    assert_error(
        contract.sender(admin).appraise(id, usd(71_999)),
        AppraisalStepTooLarge {
            tokenId: id,
            anchor: APPRAISAL,
            proposed: usd(71_999),
            maxStepBps: 2_000,
        },
    );
    contract
        .sender(admin)
        .appraise(id, usd(72_000))
        .motsu_unwrap();
    let (value, _, _) = contract.sender(alice).valuation(id).motsu_unwrap();
    assert_eq!(value, usd(72_000));
}

#[motsu::test]
fn a_new_window_is_anchored_at_the_value_when_it_opens(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    contract
        .sender(admin)
        .appraise(id, usd(72_000))
        .motsu_unwrap();
    // A full window later the anchor is 72,000: 57,600 is one more step, 57,599 is not.
    test_clock::advance(crate::APPRAISAL_WINDOW);
    assert_error(
        contract.sender(admin).appraise(id, usd(57_599)),
        AppraisalStepTooLarge {
            tokenId: id,
            anchor: usd(72_000),
            proposed: usd(57_599),
            maxStepBps: 2_000,
        },
    );
    contract
        .sender(admin)
        .appraise(id, usd(57_600))
        .motsu_unwrap();
    contract.assert_emitted(&Appraised {
        tokenId: id,
        previousValue: usd(72_000),
        value: usd(57_600),
        appraisedAt: now(),
    });
    // That window opened with the 57,600 update, anchored at the 72,000 it found, and stays
    // anchored there until it ends.
    assert_error(
        contract.sender(admin).appraise(id, usd(57_000)),
        AppraisalStepTooLarge {
            tokenId: id,
            anchor: usd(72_000),
            proposed: usd(57_000),
            maxStepBps: 2_000,
        },
    );
}

#[motsu::test]
fn a_tiny_appraisal_can_still_move(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = contract
        .sender(admin)
        .register_asset(
            alice,
            h100(),
            GPUS,
            serial(7),
            COST,
            now(),
            U256::from(4),
            String::from(URI),
        )
        .motsu_unwrap();
    // floor(4 × 20%) = 0 would freeze it; the limit rounds up to 1 wei.
    contract
        .sender(admin)
        .appraise(id, U256::from(5))
        .motsu_unwrap();
    assert_error(
        contract.sender(admin).appraise(id, U256::from(6)),
        AppraisalStepTooLarge {
            tokenId: id,
            anchor: U256::from(4),
            proposed: U256::from(6),
            maxStepBps: 2_000,
        },
    );
    contract
        .sender(admin)
        .appraise(id, U256::from(3))
        .motsu_unwrap();
    assert_eq!(
        contract.sender(alice).asset(id).motsu_unwrap().5,
        U256::from(3)
    );
}
