//! `registerAsset`: minting, the asset record, serial uniqueness, input validation, pause.
use alloc::string::String;

use alloy_primitives::{Address, B256, U256};
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::control::AccessControlUnauthorizedAccount,
    token::erc721::{extensions::IErc721Metadata, ERC721InvalidReceiver, IErc721, Transfer},
    utils::pausable::EnforcedPause,
};

use super::*;
use crate::{
    AssetRegistered, InvalidAssetAcquiredAt, InvalidAssetAppraisal, InvalidAssetCost,
    InvalidAssetGpuCount, InvalidSerialHash, ModelDisabled, SerialInUse, UnknownModel, MAX_VALUE,
};

/// Calls `registerAsset` with the standard cluster, overriding single fields per test.
struct Reg {
    to: Address,
    model: B256,
    gpus: u32,
    serial: B256,
    cost: U256,
    acquired_at: u64,
    appraisal: U256,
}

impl Reg {
    fn standard(to: Address) -> Self {
        Self {
            to,
            model: h100(),
            gpus: GPUS,
            serial: serial(1),
            cost: COST,
            acquired_at: now(),
            appraisal: APPRAISAL,
        }
    }

    fn call(&self, contract: &Contract<GpuRegistry>, sender: Address) -> Result<U256, Error> {
        contract.sender(sender).register_asset(
            self.to,
            self.model,
            self.gpus,
            self.serial,
            self.cost,
            self.acquired_at,
            self.appraisal,
            String::from(URI),
        )
    }
}

#[motsu::test]
fn registers_with_full_record_and_events(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    test_clock::advance(1_000);
    let acquired_at = now() - 500;

    let id = Reg {
        acquired_at,
        ..Reg::standard(alice)
    }
    .call(&contract, admin)
    .motsu_unwrap();

    assert_eq!(id, U256::from(1));
    assert_eq!(contract.sender(alice).owner_of(id).motsu_unwrap(), alice);
    assert_eq!(
        contract.sender(alice).balance_of(alice).motsu_unwrap(),
        U256::from(1)
    );
    assert_eq!(
        contract.sender(alice).asset(id).motsu_unwrap(),
        (h100(), GPUS, serial(1), COST, acquired_at, APPRAISAL, now())
    );
    assert_eq!(contract.sender(alice).model_of(id).motsu_unwrap(), h100());
    assert_eq!(contract.sender(alice).serial_owner_token(serial(1)), id);
    assert_eq!(contract.sender(alice).token_uri(id).motsu_unwrap(), URI);
    contract.assert_emitted(&Transfer {
        from: Address::ZERO,
        to: alice,
        token_id: id,
    });
    contract.assert_emitted(&AssetRegistered {
        tokenId: id,
        to: alice,
        model: h100(),
        gpuCount: GPUS,
        serialHash: serial(1),
        acquisitionCost: COST,
        acquiredAt: acquired_at,
        appraisalValue: APPRAISAL,
        uri: String::from(URI),
    });
}

#[motsu::test]
fn ids_start_at_one_and_increase(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&contract, admin);
    assert_eq!(register(&contract, admin, alice, 1), U256::from(1));
    assert_eq!(register(&contract, admin, bob, 2), U256::from(2));
    assert_eq!(register(&contract, admin, alice, 3), U256::from(3));
    assert_eq!(
        contract.sender(alice).balance_of(alice).motsu_unwrap(),
        U256::from(2)
    );
    assert_eq!(
        contract
            .sender(alice)
            .owner_of(U256::from(2))
            .motsu_unwrap(),
        bob
    );
}

#[motsu::test]
fn only_registrar_registers(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    assert_error(
        Reg::standard(alice).call(&contract, alice),
        AccessControlUnauthorizedAccount {
            account: alice,
            needed_role: REGISTRAR_ROLE.into(),
        },
    );
    assert_eq!(
        contract.sender(alice).serial_owner_token(serial(1)),
        U256::ZERO
    );
}

#[motsu::test]
fn registration_stops_while_paused(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    contract.sender(admin).pause().motsu_unwrap();
    assert_error(
        Reg::standard(alice).call(&contract, admin),
        EnforcedPause {},
    );

    contract.sender(admin).unpause().motsu_unwrap();
    assert_eq!(
        Reg::standard(alice).call(&contract, admin).motsu_unwrap(),
        U256::from(1)
    );
}

#[motsu::test]
fn rejects_zero_recipient(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    assert_error(
        Reg::standard(Address::ZERO).call(&contract, admin),
        ERC721InvalidReceiver {
            receiver: Address::ZERO,
        },
    );
}

#[motsu::test]
fn rejects_zero_gpu_count(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    assert_error(
        Reg {
            gpus: 0,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidAssetGpuCount { gpuCount: 0 },
    );
    Reg {
        gpus: 1,
        ..Reg::standard(alice)
    }
    .call(&contract, admin)
    .motsu_unwrap();
}

#[motsu::test]
fn rejects_cost_out_of_range(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    assert_error(
        Reg {
            cost: U256::ZERO,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidAssetCost {
            acquisitionCost: U256::ZERO,
        },
    );
    let too_big = MAX_VALUE + U256::from(1);
    assert_error(
        Reg {
            cost: too_big,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidAssetCost {
            acquisitionCost: too_big,
        },
    );
    assert_error(
        Reg {
            cost: U256::MAX,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidAssetCost {
            acquisitionCost: U256::MAX,
        },
    );
    let id = Reg {
        cost: MAX_VALUE,
        ..Reg::standard(alice)
    }
    .call(&contract, admin)
    .motsu_unwrap();
    assert_eq!(
        contract.sender(alice).book_value(id).motsu_unwrap(),
        MAX_VALUE
    );
}

#[motsu::test]
fn rejects_acquisition_in_the_future(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let t = now();
    assert_error(
        Reg {
            acquired_at: t + 1,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidAssetAcquiredAt {
            acquiredAt: t + 1,
            timestamp: t,
        },
    );
    assert_error(
        Reg {
            acquired_at: u64::MAX,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidAssetAcquiredAt {
            acquiredAt: u64::MAX,
            timestamp: t,
        },
    );
    // Bought this very second is fine, and so is the epoch.
    Reg {
        acquired_at: t,
        ..Reg::standard(alice)
    }
    .call(&contract, admin)
    .motsu_unwrap();
    Reg {
        acquired_at: 0,
        serial: serial(2),
        ..Reg::standard(alice)
    }
    .call(&contract, admin)
    .motsu_unwrap();
}

#[motsu::test]
fn rejects_appraisal_out_of_range(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    assert_error(
        Reg {
            appraisal: U256::ZERO,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidAssetAppraisal {
            appraisalValue: U256::ZERO,
        },
    );
    let too_big = MAX_VALUE + U256::from(1);
    assert_error(
        Reg {
            appraisal: too_big,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidAssetAppraisal {
            appraisalValue: too_big,
        },
    );
    Reg {
        appraisal: MAX_VALUE,
        ..Reg::standard(alice)
    }
    .call(&contract, admin)
    .motsu_unwrap();
}

#[motsu::test]
fn rejects_zero_serial_hash(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    assert_error(
        Reg {
            serial: B256::ZERO,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        InvalidSerialHash {
            serialHash: B256::ZERO,
        },
    );
}

#[motsu::test]
fn serial_hash_backs_one_live_token(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&contract, admin);
    let first = register(&contract, admin, alice, 7);

    // Same cluster again, to anyone: a double pledge.
    assert_error(
        Reg {
            serial: serial(7),
            ..Reg::standard(bob)
        }
        .call(&contract, admin),
        SerialInUse {
            serialHash: serial(7),
            tokenId: first,
        },
    );
    assert_eq!(
        contract.sender(bob).balance_of(bob).motsu_unwrap(),
        U256::ZERO
    );
    assert_eq!(contract.sender(bob).serial_owner_token(serial(7)), first);
}

#[motsu::test]
fn rejects_unknown_model(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    let b200 = keccak256("B200");
    assert_error(
        Reg {
            model: b200,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        UnknownModel { model: b200 },
    );
    assert_error(
        Reg {
            model: B256::ZERO,
            ..Reg::standard(alice)
        }
        .call(&contract, admin),
        UnknownModel { model: B256::ZERO },
    );
}

#[motsu::test]
fn rejects_disabled_model_until_enabled(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    contract
        .sender(admin)
        .configure_model(h100(), LIFE, RESIDUAL_BPS, false)
        .motsu_unwrap();
    assert_error(
        Reg::standard(alice).call(&contract, admin),
        ModelDisabled { model: h100() },
    );

    contract
        .sender(admin)
        .configure_model(h100(), LIFE, RESIDUAL_BPS, true)
        .motsu_unwrap();
    assert_eq!(
        Reg::standard(alice).call(&contract, admin).motsu_unwrap(),
        U256::from(1)
    );
}

#[motsu::test]
fn failed_registration_leaves_no_trace(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    contract
        .sender(admin)
        .configure_model(h100(), LIFE, RESIDUAL_BPS, false)
        .motsu_unwrap();
    let _ = Reg::standard(alice)
        .call(&contract, admin)
        .motsu_unwrap_err();

    assert_eq!(
        contract.sender(alice).serial_owner_token(serial(1)),
        U256::ZERO
    );
    assert_eq!(
        contract.sender(alice).balance_of(alice).motsu_unwrap(),
        U256::ZERO
    );
    // The failed call did not consume an id.
    contract
        .sender(admin)
        .configure_model(h100(), LIFE, RESIDUAL_BPS, true)
        .motsu_unwrap();
    assert_eq!(
        Reg::standard(alice).call(&contract, admin).motsu_unwrap(),
        U256::from(1)
    );
}
