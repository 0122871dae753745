//! Construction, roles, parameters and the pause.

use alloy_primitives::{Address, B256, U256};
use motsu::prelude::*;

use aid_liquidator::{AidLiquidator, SurplusBufferTargetSet, TreasurySet};

use super::*;
use crate::{
    AccessControlBadConfirmation, AccessControlUnauthorizedAccount, AidMinter, EnforcedPause,
    ExpectedPause, GlobalParamsSet, InvalidAddress, InvalidBps, InvalidModel, InvalidRatios,
    Paused, RoleGranted, RoleRevoked, Unpaused, VaultSet, DEFAULT_ADMIN_ROLE,
};

fn unauthorized(account: Address, role: [u8; 32]) -> AccessControlUnauthorizedAccount {
    AccessControlUnauthorizedAccount {
        account,
        neededRole: role.into(),
    }
}

#[motsu::test]
fn the_constructor_wires_and_grants_only_the_admin_role() {
    run_alone();
    let minter: Contract<AidMinter> = Contract::new();
    let (registry, aid_token) = (Address::repeat_byte(1), Address::repeat_byte(2));
    for bad in [
        (Address::ZERO, registry, aid_token),
        (ADMIN, Address::ZERO, aid_token),
        (ADMIN, registry, Address::ZERO),
    ] {
        assert_revert(
            minter.sender(ADMIN).constructor(bad.0, bad.1, bad.2),
            InvalidAddress {
                account: Address::ZERO,
            },
        );
    }
    minter
        .sender(ALICE)
        .constructor(ADMIN, registry, aid_token)
        .motsu_unwrap();
    let m = minter.sender(ALICE);
    assert_eq!(
        (m.registry(), m.aid(), m.vault(), m.liquidator()),
        (registry, aid_token, Address::ZERO, Address::ZERO)
    );
    assert!(m.has_role(DEFAULT_ADMIN_ROLE.into(), ADMIN));
    assert!(!m.has_role(RISK_ADMIN_ROLE.into(), ADMIN));
    assert!(!m.has_role(PAUSER_ROLE.into(), ADMIN));
    // The deployer (the factory in production) gets nothing.
    assert!(!m.has_role(DEFAULT_ADMIN_ROLE.into(), ALICE));
    assert!(minter.emitted(&RoleGranted {
        role: B256::ZERO,
        account: ADMIN,
        sender: ALICE
    }));
    assert_eq!(
        B256::from(RISK_ADMIN_ROLE),
        alloy_primitives::keccak256("RISK_ADMIN_ROLE")
    );
    assert_eq!(
        B256::from(PAUSER_ROLE),
        alloy_primitives::keccak256("PAUSER_ROLE")
    );
    assert_eq!(m.default_admin_role(), B256::ZERO);
    assert_eq!(m.get_role_admin(RISK_ADMIN_ROLE.into()), B256::ZERO);
}

#[motsu::test]
fn roles_are_granted_revoked_and_renounced_by_the_right_accounts() {
    let w = World::new();
    let role: B256 = RISK_ADMIN_ROLE.into();
    assert_revert(
        w.minter.sender(BOB).grant_role(role, BOB),
        unauthorized(BOB, DEFAULT_ADMIN_ROLE),
    );
    w.minter.sender(ADMIN).grant_role(role, BOB).motsu_unwrap();
    assert!(w.minter.emitted(&RoleGranted {
        role,
        account: BOB,
        sender: ADMIN
    }));
    assert!(w.minter.sender(BOB).has_role(role, BOB));

    assert_revert(
        w.minter.sender(BOB).revoke_role(role, ADMIN),
        unauthorized(BOB, DEFAULT_ADMIN_ROLE),
    );
    assert_revert(
        w.minter.sender(BOB).renounce_role(role, ADMIN),
        AccessControlBadConfirmation {},
    );
    w.minter.sender(BOB).renounce_role(role, BOB).motsu_unwrap();
    assert!(w.minter.emitted(&RoleRevoked {
        role,
        account: BOB,
        sender: BOB
    }));
    assert!(!w.minter.sender(BOB).has_role(role, BOB));

    w.minter
        .sender(ADMIN)
        .revoke_role(PAUSER_ROLE.into(), ADMIN)
        .motsu_unwrap();
    assert!(w.minter.emitted(&RoleRevoked {
        role: PAUSER_ROLE.into(),
        account: ADMIN,
        sender: ADMIN
    }));
    assert_revert(
        w.minter.sender(ADMIN).pause(),
        unauthorized(ADMIN, PAUSER_ROLE),
    );
}

#[motsu::test]
fn model_parameters_are_validated_and_readable() {
    let w = World::new();
    let set = |who: Address, model: B256, min: u16, liq: u16| {
        w.minter
            .sender(who)
            .set_model_params(model, min, liq, 300, aid(5))
    };
    assert_revert(
        set(BOB, a100(), 15_000, 12_000),
        unauthorized(BOB, RISK_ADMIN_ROLE),
    );
    assert_revert(
        set(ADMIN, B256::ZERO, 15_000, 12_000),
        InvalidModel { model: B256::ZERO },
    );
    for (min, liq) in [
        (15_000, 9_999),
        (12_000, 12_000),
        (12_000, 13_000),
        (10_000, 9_000),
    ] {
        assert_revert(
            set(ADMIN, a100(), min, liq),
            InvalidRatios {
                minCollateralRatioBps: min,
                liquidationRatioBps: liq,
            },
        );
    }
    set(ADMIN, a100(), 16_000, 10_001).motsu_unwrap();
    let fee = aid_math::apr_bps_to_rate(300).unwrap();
    assert_eq!(
        w.minter.sender(BOB).model_params(a100()),
        (16_000, 10_001, 300, fee, aid(5))
    );
    let (art, debt, rate, rho) = w.minter.sender(BOB).model_state(a100());
    assert_eq!(
        (art, debt, rate, rho),
        (U256::ZERO, U256::ZERO, aid_math::RAY, w.now())
    );
}

#[motsu::test]
fn global_parameters_are_validated_and_readable() {
    let w = World::new();
    assert_revert(
        w.minter.sender(BOB).set_global_params(aid(1), aid(1), 1),
        unauthorized(BOB, RISK_ADMIN_ROLE),
    );
    assert_revert(
        w.minter
            .sender(ADMIN)
            .set_global_params(aid(1), aid(1), 10_001),
        InvalidBps { bps: 10_001 },
    );
    w.minter
        .sender(ADMIN)
        .set_global_params(aid(7), aid(3), 10_000)
        .motsu_unwrap();
    assert_eq!(
        w.minter.sender(BOB).global_params(),
        (aid(7), aid(3), 10_000)
    );
    assert!(w.minter.emitted(&GlobalParamsSet {
        globalDebtCeiling: aid(7),
        dust: aid(3),
        savingsShareBps: 10_000
    }));
}

#[motsu::test]
fn wiring_is_for_the_admin_only() {
    let w = World::new();
    let who = BOB;
    assert_revert(
        w.minter.sender(who).set_vault(who),
        unauthorized(who, DEFAULT_ADMIN_ROLE),
    );
    assert_revert(
        w.liquidator.sender(who).set_treasury(who),
        unauthorized(who, DEFAULT_ADMIN_ROLE),
    );
    assert_revert(
        w.liquidator.sender(who).set_surplus_buffer_target(aid(1)),
        unauthorized(who, DEFAULT_ADMIN_ROLE),
    );
    assert_revert(
        w.liquidator.sender(who).sweep_surplus(),
        unauthorized(who, DEFAULT_ADMIN_ROLE),
    );
    assert_revert(
        w.liquidator.sender(ADMIN).set_treasury(Address::ZERO),
        InvalidAddress {
            account: Address::ZERO,
        },
    );

    w.minter
        .sender(ADMIN)
        .set_vault(Address::ZERO)
        .motsu_unwrap();
    w.liquidator
        .sender(ADMIN)
        .set_treasury(CAROL)
        .motsu_unwrap();
    w.liquidator
        .sender(ADMIN)
        .set_surplus_buffer_target(aid(9))
        .motsu_unwrap();
    assert_eq!(w.minter.sender(BOB).vault(), Address::ZERO);
    let l = w.liquidator.sender(BOB);
    assert_eq!((l.treasury(), l.surplus_buffer_target()), (CAROL, aid(9)));
    assert!(w.minter.emitted(&VaultSet {
        vault: Address::ZERO
    }));
    assert!(w.liquidator.emitted(&TreasurySet { treasury: CAROL }));
    assert!(w
        .liquidator
        .emitted(&SurplusBufferTargetSet { target: aid(9) }));
}

#[motsu::test]
fn pause_and_unpause_toggle_and_emit() {
    let w = World::new();
    assert_revert(w.minter.sender(BOB).pause(), unauthorized(BOB, PAUSER_ROLE));
    assert_revert(w.minter.sender(ADMIN).unpause(), ExpectedPause {});
    w.minter.sender(ADMIN).pause().motsu_unwrap();
    assert!(w.minter.sender(BOB).paused());
    assert!(w.minter.emitted(&Paused { account: ADMIN }));
    assert_revert(w.minter.sender(ADMIN).pause(), EnforcedPause {});
    assert_revert(
        w.minter.sender(BOB).unpause(),
        unauthorized(BOB, PAUSER_ROLE),
    );
    w.minter.sender(ADMIN).unpause().motsu_unwrap();
    assert!(!w.minter.sender(BOB).paused());
    assert!(w.minter.emitted(&Unpaused { account: ADMIN }));
}

#[motsu::test]
fn sweeping_needs_a_treasury() {
    run_alone();
    let liquidator: Contract<AidLiquidator> = Contract::new();
    liquidator
        .sender(ADMIN)
        .constructor(
            ADMIN,
            Address::repeat_byte(1),
            Address::repeat_byte(2),
            Address::repeat_byte(3),
        )
        .motsu_unwrap();
    assert_revert(
        liquidator.sender(ADMIN).sweep_surplus(),
        InvalidAddress {
            account: Address::ZERO,
        },
    );
}
