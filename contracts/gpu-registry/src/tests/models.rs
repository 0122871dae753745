//! `configureModel` and `model`.
use alloy_primitives::{keccak256, Address, B256};
use motsu::prelude::*;
use openzeppelin_stylus::access::control::AccessControlUnauthorizedAccount;

use super::*;
use crate::{InvalidModelConfig, ModelConfigured};

#[motsu::test]
fn configure_model_stores_and_emits(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    let b200 = keccak256("B200");
    assert_eq!(contract.sender(admin).model(b200), (0, 0, false));

    contract
        .sender(admin)
        .configure_model(b200, 4 * 365 * 86_400, 500, true)
        .motsu_unwrap();
    assert_eq!(
        contract.sender(admin).model(b200),
        (4 * 365 * 86_400, 500, true)
    );
    contract.assert_emitted(&ModelConfigured {
        model: b200,
        usefulLife: 4 * 365 * 86_400,
        residualBps: 500,
        enabled: true,
    });

    // Reconfiguring replaces every field; disabling keeps the parameters.
    contract
        .sender(admin)
        .configure_model(b200, 86_400, 10_000, false)
        .motsu_unwrap();
    assert_eq!(contract.sender(admin).model(b200), (86_400, 10_000, false));
    contract.assert_emitted(&ModelConfigured {
        model: b200,
        usefulLife: 86_400,
        residualBps: 10_000,
        enabled: false,
    });
    // Other models are untouched.
    assert_eq!(
        contract.sender(admin).model(h100()),
        (LIFE, RESIDUAL_BPS, true)
    );
}

#[motsu::test]
fn configure_model_accepts_zero_residual(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    contract
        .sender(admin)
        .configure_model(h100(), 1, 0, true)
        .motsu_unwrap();
    assert_eq!(contract.sender(admin).model(h100()), (1, 0, true));
}

#[motsu::test]
fn configure_model_rejects_invalid_parameters(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    let b200 = keccak256("B200");
    for (model, life, residual) in [
        (B256::ZERO, LIFE, 1_000),
        (b200, 0, 1_000),
        (b200, LIFE, 10_001),
        (b200, LIFE, u16::MAX),
    ] {
        assert_error(
            contract
                .sender(admin)
                .configure_model(model, life, residual, true),
            InvalidModelConfig {
                model,
                usefulLife: life,
                residualBps: residual,
            },
        );
    }
    assert_eq!(contract.sender(admin).model(b200), (0, 0, false));
}

#[motsu::test]
fn configure_model_requires_risk_admin(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    assert_error(
        contract
            .sender(alice)
            .configure_model(h100(), LIFE, 0, false),
        AccessControlUnauthorizedAccount {
            account: alice,
            needed_role: RISK_ADMIN_ROLE.into(),
        },
    );
    assert_eq!(
        contract.sender(admin).model(h100()),
        (LIFE, RESIDUAL_BPS, true)
    );
}
