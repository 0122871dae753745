//! Constructor, roles, pause and ERC-165.
use alloy_primitives::{aliases::B32, keccak256, Address, B256};
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::control::{
        AccessControlBadConfirmation, AccessControlUnauthorizedAccount, IAccessControl,
        RoleGranted, RoleRevoked,
    },
    utils::{
        introspection::erc165::IErc165,
        pausable::{EnforcedPause, ExpectedPause, IPausable, Paused, Unpaused},
    },
};

use super::*;
use crate::{
    AppraisalLimitsSet, InvalidAdmin, DEFAULT_MAX_APPRAISAL_AGE, DEFAULT_MAX_APPRAISAL_STEP_BPS,
};

const DEFAULT_ADMIN: B256 = B256::ZERO;

#[motsu::test]
fn constructor_makes_admin_the_only_role_holder(
    contract: Contract<GpuRegistry>,
    deployer: Address,
    admin: Address,
) {
    run_alone();
    // Deployed through a factory: the admin is the argument, never the caller.
    contract.sender(deployer).constructor(admin).motsu_unwrap();

    assert!(contract.sender(admin).has_role(DEFAULT_ADMIN, admin));
    assert!(!contract.sender(admin).has_role(DEFAULT_ADMIN, deployer));
    for role in [REGISTRAR_ROLE, APPRAISER_ROLE, RISK_ADMIN_ROLE, PAUSER_ROLE] {
        assert!(!contract.sender(admin).has_role(role.into(), admin));
        assert_eq!(
            contract.sender(admin).get_role_admin(role.into()),
            DEFAULT_ADMIN
        );
    }
    contract.assert_emitted(&RoleGranted {
        role: DEFAULT_ADMIN,
        account: admin,
        sender: deployer,
    });
    contract.assert_emitted(&AppraisalLimitsSet {
        maxStepBps: 2_000,
        maxAge: 30 * 86_400,
    });
    assert_eq!(
        contract.sender(admin).appraisal_limits(),
        (2_000, 30 * 86_400)
    );
    assert_eq!(
        (DEFAULT_MAX_APPRAISAL_STEP_BPS, DEFAULT_MAX_APPRAISAL_AGE),
        (2_000, 2_592_000)
    );
    assert!(!contract.sender(admin).paused());
}

#[motsu::test]
fn constructor_rejects_zero_admin(contract: Contract<GpuRegistry>, deployer: Address) {
    run_alone();
    assert_error(
        contract.sender(deployer).constructor(Address::ZERO),
        InvalidAdmin {
            admin: Address::ZERO,
        },
    );
}

#[test]
fn role_ids_are_keccak_of_their_names() {
    assert_eq!(B256::from(REGISTRAR_ROLE), keccak256("REGISTRAR_ROLE"));
    assert_eq!(B256::from(APPRAISER_ROLE), keccak256("APPRAISER_ROLE"));
    assert_eq!(B256::from(RISK_ADMIN_ROLE), keccak256("RISK_ADMIN_ROLE"));
    assert_eq!(B256::from(PAUSER_ROLE), keccak256("PAUSER_ROLE"));
}

#[motsu::test]
fn admin_grants_and_revokes_roles(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&contract, admin);
    let registrar: B256 = REGISTRAR_ROLE.into();

    assert_error(
        contract.sender(alice).grant_role(registrar, alice),
        AccessControlUnauthorizedAccount {
            account: alice,
            needed_role: DEFAULT_ADMIN,
        },
    );
    contract
        .sender(admin)
        .grant_role(registrar, alice)
        .motsu_unwrap();
    contract.assert_emitted(&RoleGranted {
        role: registrar,
        account: alice,
        sender: admin,
    });
    contract.sender(alice).only_role(registrar).motsu_unwrap();
    register(&contract, alice, bob, 1);

    contract
        .sender(admin)
        .revoke_role(registrar, alice)
        .motsu_unwrap();
    contract.assert_emitted(&RoleRevoked {
        role: registrar,
        account: alice,
        sender: admin,
    });
    assert!(!contract.sender(admin).has_role(registrar, alice));
    assert_error(
        contract.sender(alice).only_role(registrar),
        AccessControlUnauthorizedAccount {
            account: alice,
            needed_role: registrar,
        },
    );
}

#[motsu::test]
fn holders_renounce_their_own_roles(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let pauser: B256 = PAUSER_ROLE.into();
    contract
        .sender(admin)
        .grant_role(pauser, alice)
        .motsu_unwrap();

    assert_error(
        contract.sender(admin).renounce_role(pauser, alice),
        AccessControlBadConfirmation {},
    );
    contract
        .sender(alice)
        .renounce_role(pauser, alice)
        .motsu_unwrap();
    contract.assert_emitted(&RoleRevoked {
        role: pauser,
        account: alice,
        sender: alice,
    });
    assert_error(
        contract.sender(alice).pause(),
        AccessControlUnauthorizedAccount {
            account: alice,
            needed_role: pauser,
        },
    );
}

#[motsu::test]
fn pauser_pauses_and_unpauses(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    assert_error(contract.sender(admin).unpause(), ExpectedPause {});

    contract.sender(admin).pause().motsu_unwrap();
    assert!(contract.sender(admin).paused());
    contract.assert_emitted(&Paused { account: admin });
    assert_error(contract.sender(admin).pause(), EnforcedPause {});

    contract.sender(admin).unpause().motsu_unwrap();
    assert!(!contract.sender(admin).paused());
    contract.assert_emitted(&Unpaused { account: admin });
}

#[motsu::test]
fn only_pauser_pauses(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    let denied = || AccessControlUnauthorizedAccount {
        account: alice,
        needed_role: PAUSER_ROLE.into(),
    };
    assert_error(contract.sender(alice).pause(), denied());
    contract.sender(admin).pause().motsu_unwrap();
    assert_error(contract.sender(alice).unpause(), denied());
    assert!(contract.sender(alice).paused());
}

#[test]
fn access_control_interface_id_is_the_standard_one() {
    let id = [
        "hasRole(bytes32,address)",
        "getRoleAdmin(bytes32)",
        "grantRole(bytes32,address)",
        "revokeRole(bytes32,address)",
        "renounceRole(bytes32,address)",
    ]
    .iter()
    .fold(0u32, |acc, sig| {
        acc ^ u32::from_be_bytes(keccak256(sig)[..4].try_into().unwrap())
    });
    assert_eq!(id, 0x7965db0b);
    assert_eq!(crate::ACCESS_CONTROL_INTERFACE_ID, B32::from(id));
}

#[motsu::test]
fn supports_erc721_metadata_access_control_and_erc165(
    contract: Contract<GpuRegistry>,
    admin: Address,
) {
    deploy(&contract, admin);
    let registry = contract.sender(admin);
    for id in [0x80ac58cd_u32, 0x5b5e139f, 0x7965db0b, 0x01ffc9a7] {
        assert!(registry.supports_interface(B32::from(id)), "{id:#010x}");
    }
    // openzeppelin-stylus 0.3.0 folds its extra `onlyRole` into the AccessControl id; integrators
    // ask for the standard one.
    for id in [0xffffffff_u32, 0x780e9d63, 0x00000000, 0x0edd8b6c] {
        assert!(!registry.supports_interface(B32::from(id)), "{id:#010x}");
    }
}
