//! The ABI as integrators see it: every function called with calldata encoded from
//! `interfaces/IGpuRegistry.sol`, results decoded with it, and every event and error of the
//! interface checked against the contract's.
use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, Address, Bytes, B256, U256};
use alloy_sol_types::{SolCall, SolError, SolEvent, TopicList};
use motsu::prelude::*;
use openzeppelin_stylus::{
    access::control as oz_access, token::erc721 as oz_erc721, utils::pausable as oz_pause,
};
use proptest::{
    collection::vec as vec_of,
    prelude::*,
    test_runner::{Config, TestRunner},
};

use super::*;
use crate::sol as own;

mod iface {
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        "../../interfaces/IGpuRegistry.sol"
    );
}
use iface::IGpuRegistry as I;

/// Calls the registry with `call` encoded as an integrator would, from `sender`.
fn call<C: SolCall>(
    contract: &Contract<GpuRegistry>,
    sender: Address,
    call: C,
) -> Result<C::Return, Vec<u8>> {
    contract
        .sender(sender)
        .fallback(&call.abi_encode())
        .motsu_res()
        .map(|out| {
            C::abi_decode_returns(&out, true).expect("return data decodes with the interface")
        })
}

/// The revert data of a call that must fail.
#[track_caller]
fn reverts<C: SolCall>(contract: &Contract<GpuRegistry>, sender: Address, c: C) -> Vec<u8> {
    match call(contract, sender, c) {
        Ok(_) => panic!("the call should revert"),
        Err(data) => data,
    }
}

/// Raw calldata call.
fn raw(contract: &Contract<GpuRegistry>, sender: Address, data: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    contract.sender(sender).fallback(data).motsu_res()
}

macro_rules! same_events {
    ($($ours:ty => $theirs:ty),* $(,)?) => {$(
        assert_eq!(<$ours as SolEvent>::SIGNATURE, <$theirs as SolEvent>::SIGNATURE);
        assert_eq!(
            <<$ours as SolEvent>::TopicList as TopicList>::COUNT,
            <<$theirs as SolEvent>::TopicList as TopicList>::COUNT,
            "indexed fields of {}", <$ours as SolEvent>::SIGNATURE
        );
    )*};
}

macro_rules! same_errors {
    ($($ours:ty => $theirs:ty),* $(,)?) => {$(
        assert_eq!(<$ours as SolError>::SIGNATURE, <$theirs as SolError>::SIGNATURE);
    )*};
}

#[test]
fn interface_declares_the_contracts_events_and_errors() {
    same_events! {
        own::AssetRegistered => I::AssetRegistered,
        own::Appraised => I::Appraised,
        own::ModelConfigured => I::ModelConfigured,
        own::AssetRetired => I::AssetRetired,
        own::AppraisalLimitsSet => I::AppraisalLimitsSet,
        oz_erc721::Transfer => I::Transfer,
        oz_erc721::Approval => I::Approval,
        oz_erc721::ApprovalForAll => I::ApprovalForAll,
        oz_access::RoleAdminChanged => I::RoleAdminChanged,
        oz_access::RoleGranted => I::RoleGranted,
        oz_access::RoleRevoked => I::RoleRevoked,
        oz_pause::Paused => I::Paused,
        oz_pause::Unpaused => I::Unpaused,
    }
    same_errors! {
        own::InvalidAdmin => I::InvalidAdmin,
        own::InvalidAssetGpuCount => I::InvalidAssetGpuCount,
        own::InvalidAssetCost => I::InvalidAssetCost,
        own::InvalidAssetAcquiredAt => I::InvalidAssetAcquiredAt,
        own::InvalidAssetAppraisal => I::InvalidAssetAppraisal,
        own::InvalidSerialHash => I::InvalidSerialHash,
        own::SerialInUse => I::SerialInUse,
        own::UnknownModel => I::UnknownModel,
        own::ModelDisabled => I::ModelDisabled,
        own::InvalidModelConfig => I::InvalidModelConfig,
        own::InvalidAppraisalValue => I::InvalidAppraisalValue,
        own::AppraisalStepTooLarge => I::AppraisalStepTooLarge,
        own::AppraisalLengthMismatch => I::AppraisalLengthMismatch,
        own::InvalidAppraisalLimits => I::InvalidAppraisalLimits,
        own::NotTokenHolder => I::NotTokenHolder,
        oz_erc721::ERC721InvalidOwner => I::ERC721InvalidOwner,
        oz_erc721::ERC721NonexistentToken => I::ERC721NonexistentToken,
        oz_erc721::ERC721IncorrectOwner => I::ERC721IncorrectOwner,
        oz_erc721::ERC721InvalidSender => I::ERC721InvalidSender,
        oz_erc721::ERC721InvalidReceiver => I::ERC721InvalidReceiver,
        oz_erc721::InvalidReceiverWithReason => I::InvalidReceiverWithReason,
        oz_erc721::ERC721InsufficientApproval => I::ERC721InsufficientApproval,
        oz_erc721::ERC721InvalidApprover => I::ERC721InvalidApprover,
        oz_erc721::ERC721InvalidOperator => I::ERC721InvalidOperator,
        oz_access::AccessControlUnauthorizedAccount => I::AccessControlUnauthorizedAccount,
        oz_access::AccessControlBadConfirmation => I::AccessControlBadConfirmation,
        oz_pause::EnforcedPause => I::EnforcedPause,
        oz_pause::ExpectedPause => I::ExpectedPause,
    }
}

#[test]
fn dispatcher_selectors_are_the_interfaces() {
    use crate::sol::calls as c;
    let pairs: [([u8; 4], [u8; 4]); 34] = [
        (
            c::registerAssetCall::SELECTOR,
            I::registerAssetCall::SELECTOR,
        ),
        (c::appraiseCall::SELECTOR, I::appraiseCall::SELECTOR),
        (
            c::appraiseBatchCall::SELECTOR,
            I::appraiseBatchCall::SELECTOR,
        ),
        (
            c::configureModelCall::SELECTOR,
            I::configureModelCall::SELECTOR,
        ),
        (
            c::setAppraisalLimitsCall::SELECTOR,
            I::setAppraisalLimitsCall::SELECTOR,
        ),
        (c::retireCall::SELECTOR, I::retireCall::SELECTOR),
        (c::pauseCall::SELECTOR, I::pauseCall::SELECTOR),
        (c::unpauseCall::SELECTOR, I::unpauseCall::SELECTOR),
        (c::pausedCall::SELECTOR, I::pausedCall::SELECTOR),
        (c::modelCall::SELECTOR, I::modelCall::SELECTOR),
        (c::assetCall::SELECTOR, I::assetCall::SELECTOR),
        (c::modelOfCall::SELECTOR, I::modelOfCall::SELECTOR),
        (c::bookValueCall::SELECTOR, I::bookValueCall::SELECTOR),
        (c::valuationCall::SELECTOR, I::valuationCall::SELECTOR),
        (
            c::serialOwnerTokenCall::SELECTOR,
            I::serialOwnerTokenCall::SELECTOR,
        ),
        (
            c::appraisalLimitsCall::SELECTOR,
            I::appraisalLimitsCall::SELECTOR,
        ),
        (c::balanceOfCall::SELECTOR, I::balanceOfCall::SELECTOR),
        (c::ownerOfCall::SELECTOR, I::ownerOfCall::SELECTOR),
        (
            c::safeTransferFrom_0Call::SELECTOR,
            I::safeTransferFrom_0Call::SELECTOR,
        ),
        (
            c::safeTransferFrom_1Call::SELECTOR,
            I::safeTransferFrom_1Call::SELECTOR,
        ),
        (c::transferFromCall::SELECTOR, I::transferFromCall::SELECTOR),
        (c::approveCall::SELECTOR, I::approveCall::SELECTOR),
        (
            c::setApprovalForAllCall::SELECTOR,
            I::setApprovalForAllCall::SELECTOR,
        ),
        (c::getApprovedCall::SELECTOR, I::getApprovedCall::SELECTOR),
        (
            c::isApprovedForAllCall::SELECTOR,
            I::isApprovedForAllCall::SELECTOR,
        ),
        (c::nameCall::SELECTOR, I::nameCall::SELECTOR),
        (c::symbolCall::SELECTOR, I::symbolCall::SELECTOR),
        (c::tokenURICall::SELECTOR, I::tokenURICall::SELECTOR),
        (
            c::supportsInterfaceCall::SELECTOR,
            I::supportsInterfaceCall::SELECTOR,
        ),
        (c::hasRoleCall::SELECTOR, I::hasRoleCall::SELECTOR),
        (c::getRoleAdminCall::SELECTOR, I::getRoleAdminCall::SELECTOR),
        (c::grantRoleCall::SELECTOR, I::grantRoleCall::SELECTOR),
        (c::revokeRoleCall::SELECTOR, I::revokeRoleCall::SELECTOR),
        (c::renounceRoleCall::SELECTOR, I::renounceRoleCall::SELECTOR),
    ];
    for (ours, theirs) in pairs {
        assert_eq!(ours, theirs);
    }
    // The ERC-721 ones are the standard's.
    assert_eq!(
        I::safeTransferFrom_0Call::SELECTOR,
        [0x42, 0x84, 0x2e, 0x0e]
    );
    assert_eq!(
        I::safeTransferFrom_1Call::SELECTOR,
        [0xb8, 0x8d, 0x4f, 0xde]
    );
    assert_eq!(I::tokenURICall::SELECTOR, [0xc8, 0x7b, 0x56, 0xdd]);
}

#[motsu::test]
fn registry_functions_through_calldata(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let b200 = keccak256("B200");

    call(
        &contract,
        admin,
        I::configureModelCall {
            model: b200,
            usefulLife: LIFE,
            residualBps: 500,
            enabled: true,
        },
    )
    .unwrap();
    let m = call(&contract, alice, I::modelCall { model: b200 }).unwrap();
    assert_eq!((m.usefulLife, m.residualBps, m.enabled), (LIFE, 500, true));

    let registered = call(
        &contract,
        admin,
        I::registerAssetCall {
            to: alice,
            model: b200,
            gpuCount: 4,
            serialHash: serial(9),
            acquisitionCost: COST,
            acquiredAt: now(),
            appraisalValue: APPRAISAL,
            uri: String::from(URI),
        },
    )
    .unwrap();
    let id = registered.tokenId;
    assert_eq!(id, U256::from(1));
    contract.assert_emitted(&crate::AssetRegistered {
        tokenId: id,
        to: alice,
        model: b200,
        gpuCount: 4,
        serialHash: serial(9),
        acquisitionCost: COST,
        acquiredAt: now(),
        appraisalValue: APPRAISAL,
        uri: String::from(URI),
    });

    let a = call(&contract, alice, I::assetCall { tokenId: id }).unwrap();
    assert_eq!(
        (
            a.model,
            a.gpuCount,
            a.serialHash,
            a.acquisitionCost,
            a.acquiredAt,
            a.appraisalValue,
            a.appraisedAt
        ),
        (b200, 4, serial(9), COST, now(), APPRAISAL, now())
    );
    assert_eq!(
        call(&contract, alice, I::modelOfCall { tokenId: id })
            .unwrap()
            ._0,
        b200
    );
    assert_eq!(
        call(
            &contract,
            alice,
            I::serialOwnerTokenCall {
                serialHash: serial(9)
            }
        )
        .unwrap()
        ._0,
        id
    );

    test_clock::advance(LIFE / 2);
    assert_eq!(
        call(&contract, alice, I::bookValueCall { tokenId: id })
            .unwrap()
            ._0,
        usd(50_000)
    );
    call(
        &contract,
        admin,
        I::appraiseCall {
            tokenId: id,
            value: usd(72_000),
        },
    )
    .unwrap();
    // Within 20% of the window's anchor (90,000).
    call(
        &contract,
        admin,
        I::appraiseBatchCall {
            tokenIds: vec![id],
            values: vec![usd(75_000)],
        },
    )
    .unwrap();
    let v = call(&contract, alice, I::valuationCall { tokenId: id }).unwrap();
    assert_eq!(
        (v.value, v.appraisedAt, v.fresh),
        (usd(50_000), now(), true)
    );

    call(
        &contract,
        admin,
        I::setAppraisalLimitsCall {
            maxStepBps: 1_234,
            maxAge: 99,
        },
    )
    .unwrap();
    let l = call(&contract, alice, I::appraisalLimitsCall {}).unwrap();
    assert_eq!((l.maxStepBps, l.maxAge), (1_234, 99));
    test_clock::advance(100);
    assert!(
        !call(&contract, alice, I::valuationCall { tokenId: id })
            .unwrap()
            .fresh
    );

    call(&contract, admin, I::pauseCall {}).unwrap();
    assert!(call(&contract, alice, I::pausedCall {}).unwrap()._0);
    call(&contract, admin, I::unpauseCall {}).unwrap();
    assert!(!call(&contract, alice, I::pausedCall {}).unwrap()._0);

    call(&contract, alice, I::retireCall { tokenId: id }).unwrap();
    assert_eq!(
        call(
            &contract,
            alice,
            I::serialOwnerTokenCall {
                serialHash: serial(9)
            }
        )
        .unwrap()
        ._0,
        U256::ZERO
    );
}

#[motsu::test]
fn erc721_and_roles_through_calldata(
    contract: Contract<GpuRegistry>,
    receiver: Contract<super::erc721::PledgeReceiver>,
    admin: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);

    assert_eq!(
        call(&contract, bob, I::nameCall {}).unwrap()._0,
        "GPU Collateral"
    );
    assert_eq!(call(&contract, bob, I::symbolCall {}).unwrap()._0, "GPUC");
    assert_eq!(
        call(&contract, bob, I::tokenURICall { tokenId: id })
            .unwrap()
            ._0,
        URI
    );
    assert_eq!(
        call(&contract, bob, I::balanceOfCall { owner: alice })
            .unwrap()
            ._0,
        U256::from(1)
    );
    assert_eq!(
        call(&contract, bob, I::ownerOfCall { tokenId: id })
            .unwrap()
            ._0,
        alice
    );
    for (id, expected) in [
        (0x80ac58cd_u32, true),
        (0x5b5e139f, true),
        (0x7965db0b, true),
        (0x01ffc9a7, true),
        (0xffffffff, false),
    ] {
        let supported = call(
            &contract,
            bob,
            I::supportsInterfaceCall {
                interfaceId: B32::from(id),
            },
        )
        .unwrap()
        ._0;
        assert_eq!(supported, expected, "{id:#010x}");
    }

    call(
        &contract,
        alice,
        I::approveCall {
            to: bob,
            tokenId: id,
        },
    )
    .unwrap();
    assert_eq!(
        call(&contract, bob, I::getApprovedCall { tokenId: id })
            .unwrap()
            ._0,
        bob
    );
    call(
        &contract,
        bob,
        I::transferFromCall {
            from: alice,
            to: bob,
            tokenId: id,
        },
    )
    .unwrap();
    call(
        &contract,
        bob,
        I::setApprovalForAllCall {
            operator: alice,
            approved: true,
        },
    )
    .unwrap();
    assert!(
        call(
            &contract,
            bob,
            I::isApprovedForAllCall {
                owner: bob,
                operator: alice
            }
        )
        .unwrap()
        ._0
    );
    call(
        &contract,
        alice,
        I::safeTransferFrom_0Call {
            from: bob,
            to: alice,
            tokenId: id,
        },
    )
    .unwrap();
    call(
        &contract,
        alice,
        I::safeTransferFrom_1Call {
            from: alice,
            to: receiver.address(),
            tokenId: id,
            data: Bytes::from(vec![7; 40]),
        },
    )
    .unwrap();
    assert_eq!(
        receiver.sender(alice).last(),
        (alice, alice, id, U256::from(40))
    );
    assert_eq!(
        call(&contract, bob, I::ownerOfCall { tokenId: id })
            .unwrap()
            ._0,
        receiver.address()
    );

    let registrar: B256 = REGISTRAR_ROLE.into();
    assert_eq!(
        call(&contract, bob, I::getRoleAdminCall { role: registrar })
            .unwrap()
            ._0,
        B256::ZERO
    );
    call(
        &contract,
        admin,
        I::grantRoleCall {
            role: registrar,
            account: bob,
        },
    )
    .unwrap();
    assert!(
        call(
            &contract,
            bob,
            I::hasRoleCall {
                role: registrar,
                account: bob
            }
        )
        .unwrap()
        ._0
    );
    call(
        &contract,
        admin,
        I::revokeRoleCall {
            role: registrar,
            account: bob,
        },
    )
    .unwrap();
    call(
        &contract,
        admin,
        I::grantRoleCall {
            role: registrar,
            account: bob,
        },
    )
    .unwrap();
    call(
        &contract,
        bob,
        I::renounceRoleCall {
            role: registrar,
            callerConfirmation: bob,
        },
    )
    .unwrap();
    assert!(
        !call(
            &contract,
            bob,
            I::hasRoleCall {
                role: registrar,
                account: bob
            }
        )
        .unwrap()
        ._0
    );
}

#[motsu::test]
fn errors_come_back_as_the_interface_declares_them(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);

    let err = reverts(
        &contract,
        alice,
        I::appraiseCall {
            tokenId: id,
            value: APPRAISAL,
        },
    );
    assert_eq!(
        I::AccessControlUnauthorizedAccount::abi_decode(&err, true).unwrap(),
        I::AccessControlUnauthorizedAccount {
            account: alice,
            neededRole: APPRAISER_ROLE.into()
        }
    );
    let err = reverts(
        &contract,
        admin,
        I::appraiseCall {
            tokenId: id,
            value: usd(1),
        },
    );
    assert_eq!(
        I::AppraisalStepTooLarge::abi_decode(&err, true).unwrap(),
        I::AppraisalStepTooLarge {
            tokenId: id,
            anchor: APPRAISAL,
            proposed: usd(1),
            maxStepBps: 2_000
        }
    );
    let err = reverts(
        &contract,
        alice,
        I::ownerOfCall {
            tokenId: U256::from(5),
        },
    );
    assert_eq!(
        I::ERC721NonexistentToken::abi_decode(&err, true).unwrap(),
        I::ERC721NonexistentToken {
            tokenId: U256::from(5)
        }
    );
    let err = reverts(
        &contract,
        admin,
        I::appraiseBatchCall {
            tokenIds: vec![id],
            values: vec![],
        },
    );
    assert_eq!(
        I::AppraisalLengthMismatch::abi_decode(&err, true).unwrap(),
        I::AppraisalLengthMismatch {
            tokenIdsLength: U256::from(1),
            valuesLength: U256::ZERO
        }
    );
    let err = reverts(
        &contract,
        alice,
        I::balanceOfCall {
            owner: Address::ZERO,
        },
    );
    assert_eq!(
        I::ERC721InvalidOwner::abi_decode(&err, true).unwrap(),
        I::ERC721InvalidOwner {
            owner: Address::ZERO
        }
    );
}

/// Replaces word `index` of the arguments of `calldata` (after the selector).
fn with_word(mut calldata: Vec<u8>, index: usize, word: B256) -> Vec<u8> {
    calldata[4 + 32 * index..4 + 32 * (index + 1)].copy_from_slice(word.as_slice());
    calldata
}

#[motsu::test]
fn malformed_calldata_reverts_without_data(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    let high_bit = B256::from(U256::from(1) << 255);
    let empty: Result<Vec<u8>, Vec<u8>> = Err(Vec::new());

    // No calldata, an unknown selector, a truncated call.
    assert_eq!(raw(&contract, alice, &[]), empty);
    assert_eq!(raw(&contract, alice, &[0xde, 0xad, 0xbe, 0xef]), empty);
    assert_eq!(raw(&contract, alice, &[0x6e, 0xd6]), empty);
    let owner_of = I::ownerOfCall { tokenId: id }.abi_encode();
    assert_eq!(raw(&contract, alice, &owner_of[..35]), empty);
    // Extra trailing bytes are ignored, as Solidity does.
    let mut padded = owner_of.clone();
    padded.extend_from_slice(&[0; 7]);
    assert_eq!(
        raw(&contract, alice, &padded),
        Ok(alice.into_word().to_vec())
    );

    let register = I::registerAssetCall {
        to: alice,
        model: h100(),
        gpuCount: GPUS,
        serialHash: serial(2),
        acquisitionCost: COST,
        acquiredAt: now(),
        appraisalValue: APPRAISAL,
        uri: String::from(URI),
    }
    .abi_encode();
    // Dirty high bits in an address, a uint32 and a uint64.
    for index in [0, 2, 5] {
        assert_eq!(
            raw(
                &contract,
                admin,
                &with_word(register.clone(), index, high_bit)
            ),
            empty,
            "word {index}"
        );
    }
    // A string offset or length outside the calldata.
    assert_eq!(
        raw(
            &contract,
            admin,
            &with_word(register.clone(), 7, B256::from(U256::from(10_000)))
        ),
        empty
    );
    let len_at = 4 + 8 * 32;
    let mut long = register.clone();
    long[len_at..len_at + 32].copy_from_slice(B256::from(U256::from(1_000)).as_slice());
    assert_eq!(raw(&contract, admin, &long), empty);
    // A string that is not UTF-8.
    let mut invalid = register.clone();
    invalid[len_at + 32] = 0xff;
    assert_eq!(raw(&contract, admin, &invalid), empty);
    // The well-formed call works.
    assert!(raw(&contract, admin, &register).is_ok());

    // uint16 and bool out of range.
    let configure = I::configureModelCall {
        model: h100(),
        usefulLife: LIFE,
        residualBps: 10,
        enabled: true,
    }
    .abi_encode();
    assert_eq!(
        raw(
            &contract,
            admin,
            &with_word(configure.clone(), 2, B256::from(U256::from(1 << 16)))
        ),
        empty
    );
    assert_eq!(
        raw(
            &contract,
            admin,
            &with_word(configure, 3, B256::from(U256::from(2)))
        ),
        empty
    );
    // bytes4 with bits outside its four bytes.
    let mut supports = I::supportsInterfaceCall {
        interfaceId: B32::from(0x80ac58cd_u32),
    }
    .abi_encode();
    supports[4 + 31] = 1;
    assert_eq!(raw(&contract, alice, &supports), empty);
    // An array length past the end.
    let batch = I::appraiseBatchCall {
        tokenIds: vec![id],
        values: vec![APPRAISAL],
    }
    .abi_encode();
    let first_len = 4 + 2 * 32;
    let mut short = batch.clone();
    short[first_len..first_len + 32].copy_from_slice(B256::from(U256::from(4)).as_slice());
    assert_eq!(raw(&contract, admin, &short), empty);
    assert_eq!(
        raw(
            &contract,
            admin,
            &with_word(batch, 1, B256::from(U256::MAX))
        ),
        empty
    );
}

#[motsu::test]
fn uris_and_batches_round_trip_through_calldata(admin: Address) {
    let mut runner = TestRunner::new(Config {
        cases: 64,
        ..Config::default()
    });
    let strategy = (any::<String>(), vec_of(1u64..=1_000_000, 0..6));
    runner
        .run(&strategy, |(uri, values)| {
            let contract = Contract::<GpuRegistry>::new();
            deploy(&contract, admin);
            contract
                .sender(admin)
                .set_appraisal_limits(10_000, MAX_AGE)
                .motsu_unwrap();
            let mut ids = Vec::new();
            for n in 0..values.len() as u64 {
                let id = call(
                    &contract,
                    admin,
                    I::registerAssetCall {
                        to: admin,
                        model: h100(),
                        gpuCount: 1,
                        serialHash: serial(n + 1),
                        acquisitionCost: COST,
                        acquiredAt: now(),
                        appraisalValue: usd(1_000_000),
                        uri: uri.clone(),
                    },
                )
                .unwrap()
                .tokenId;
                prop_assert_eq!(
                    call(&contract, admin, I::tokenURICall { tokenId: id })
                        .unwrap()
                        ._0,
                    uri.clone()
                );
                ids.push(id);
            }
            let values: Vec<U256> = values.into_iter().map(usd).collect();
            call(
                &contract,
                admin,
                I::appraiseBatchCall {
                    tokenIds: ids.clone(),
                    values: values.clone(),
                },
            )
            .unwrap();
            for (id, value) in ids.into_iter().zip(values) {
                prop_assert_eq!(
                    call(&contract, admin, I::assetCall { tokenId: id })
                        .unwrap()
                        .appraisalValue,
                    value
                );
            }
            Ok(())
        })
        .unwrap();
}
