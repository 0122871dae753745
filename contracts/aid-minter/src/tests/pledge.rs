//! Opening positions: `safeTransferFrom` into `onERC721Received`, and the pull-style `pledge`.

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolError;
use gpu_registry::GpuRegistry;
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::{self, IErc721, InvalidReceiverWithReason};
use stylus_sdk::abi::Bytes;

use super::*;
use crate::{EnforcedPause, InvalidAddress, NotRegistry, Pledged, PositionExists, ERC721_RECEIVED};

#[motsu::test]
fn safe_transfer_opens_a_position_for_the_previous_holder() {
    let w = World::new();
    let id = w.register(ALICE);
    w.send_to_minter(ALICE, id);

    assert_eq!(w.owner_of(id), w.minter.address());
    let (owner, model, art, debt) = w.minter.sender(BOB).position(id).motsu_unwrap();
    assert_eq!(
        (owner, model, art, debt),
        (ALICE, B256::ZERO, U256::ZERO, U256::ZERO)
    );
    assert!(w.minter.emitted(&Pledged {
        tokenId: id,
        owner: ALICE
    }));
}

#[motsu::test]
fn an_approved_operator_pledges_for_the_holder() {
    let w = World::new();
    let id = w.register(ALICE);
    w.registry
        .sender(ALICE)
        .set_approval_for_all(BOB, true)
        .motsu_unwrap();
    w.registry
        .sender(BOB)
        .safe_transfer_from(ALICE, w.minter.address(), id)
        .motsu_unwrap();

    // The position belongs to the holder, not to the operator who moved the token.
    assert_eq!(w.minter.sender(BOB).position(id).motsu_unwrap().0, ALICE);
}

#[motsu::test]
fn pull_pledge_takes_the_token_from_the_caller() {
    let w = World::new();
    let id = w.register(ALICE);
    w.registry
        .sender(ALICE)
        .approve(w.minter.address(), id)
        .motsu_unwrap();
    w.minter.sender(ALICE).pledge(id).motsu_unwrap();

    assert_eq!(w.owner_of(id), w.minter.address());
    assert_eq!(w.minter.sender(BOB).position(id).motsu_unwrap().0, ALICE);
    assert!(w.minter.emitted(&Pledged {
        tokenId: id,
        owner: ALICE
    }));
}

#[motsu::test]
fn pull_pledge_needs_the_holders_approval() {
    let w = World::new();
    let id = w.register(ALICE);
    let err = w.minter.sender(ALICE).pledge(id).motsu_unwrap_err();
    let expected: Vec<u8> =
        erc721::Error::InsufficientApproval(erc721::ERC721InsufficientApproval {
            operator: w.minter.address(),
            token_id: id,
        })
        .into();
    assert_eq!(err, expected);
    // Nothing was opened.
    assert_eq!(
        w.minter.sender(BOB).position(id).motsu_unwrap().0,
        Address::ZERO
    );
}

#[motsu::test]
fn pull_pledge_of_someone_elses_token_fails() {
    let w = World::new();
    let id = w.register(ALICE);
    w.registry
        .sender(ALICE)
        .approve(w.minter.address(), id)
        .motsu_unwrap();
    // Bob names himself as `from`: the registry refuses, so Bob cannot open Alice's position.
    let err = w.minter.sender(BOB).pledge(id).motsu_unwrap_err();
    let expected: Vec<u8> = erc721::Error::IncorrectOwner(erc721::ERC721IncorrectOwner {
        sender: BOB,
        token_id: id,
        owner: ALICE,
    })
    .into();
    assert_eq!(err, expected);
    assert_eq!(w.owner_of(id), ALICE);
}

#[motsu::test]
fn another_erc721_sent_to_the_minter_is_rejected() {
    let w = World::new();
    // A second GpuRegistry: a perfectly valid ERC-721, but not the minter's registry.
    let other: Contract<GpuRegistry> = Contract::new();
    other.sender(ADMIN).constructor(ADMIN).motsu_unwrap();
    other
        .sender(ADMIN)
        .grant_role(gpu_registry::REGISTRAR_ROLE.into(), ADMIN)
        .motsu_unwrap();
    other
        .sender(ADMIN)
        .grant_role(gpu_registry::RISK_ADMIN_ROLE.into(), ADMIN)
        .motsu_unwrap();
    other
        .sender(ADMIN)
        .configure_model(h100(), LIFE, RESIDUAL_BPS, true)
        .motsu_unwrap();
    let fake = other
        .sender(ADMIN)
        .register_asset(
            ALICE,
            h100(),
            8,
            B256::repeat_byte(1),
            cost(),
            w.now(),
            appraisal(),
            String::from("ipfs://fake"),
        )
        .motsu_unwrap();

    let err = other
        .sender(ALICE)
        .safe_transfer_from(ALICE, w.minter.address(), fake)
        .motsu_unwrap_err();
    let reason = NotRegistry {
        caller: other.address(),
    }
    .abi_encode();
    assert!(matches!(
        err,
        erc721::Error::InvalidReceiverWithReason(InvalidReceiverWithReason { reason: r })
            if r == String::from_utf8_lossy(&reason)
    ));
    assert_eq!(other.sender(ALICE).owner_of(fake).motsu_unwrap(), ALICE);
    assert_eq!(
        w.minter.sender(BOB).position(fake).motsu_unwrap().0,
        Address::ZERO
    );
}

#[motsu::test]
fn only_the_registry_may_call_the_receiver_hook() {
    let w = World::new();
    let result =
        w.minter
            .sender(BOB)
            .on_erc721_received(BOB, BOB, U256::from(7), Bytes::from(Vec::new()));
    assert_revert(result, NotRegistry { caller: BOB });
    assert_eq!(
        w.minter
            .sender(BOB)
            .position(U256::from(7))
            .motsu_unwrap()
            .0,
        Address::ZERO
    );
}

#[motsu::test]
fn the_receiver_hook_answers_its_selector_and_refuses_duplicates() {
    let w = World::new();
    let registry = w.registry.address();
    let id = U256::from(42);
    let answer = w
        .minter
        .sender(registry)
        .on_erc721_received(ALICE, ALICE, id, Bytes::from(Vec::new()))
        .motsu_unwrap();
    assert_eq!(answer.0, ERC721_RECEIVED);
    // The registry can never deliver a token the minter already holds; the hook refuses anyway.
    let again = w
        .minter
        .sender(registry)
        .on_erc721_received(BOB, BOB, id, Bytes::from(Vec::new()));
    assert_revert(again, PositionExists { tokenId: id });
    // A token minted straight to the minter has no owner to give the position to.
    let minted = w.minter.sender(registry).on_erc721_received(
        ALICE,
        Address::ZERO,
        U256::from(43),
        Bytes::from(Vec::new()),
    );
    assert_revert(
        minted,
        InvalidAddress {
            account: Address::ZERO,
        },
    );
}

#[motsu::test]
fn pause_stops_new_pledges_of_both_kinds() {
    let w = World::new();
    let a = w.register(ALICE);
    let b = w.register(ALICE);
    w.minter.sender(ADMIN).pause().motsu_unwrap();

    let err = w
        .registry
        .sender(ALICE)
        .safe_transfer_from(ALICE, w.minter.address(), a)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        erc721::Error::InvalidReceiverWithReason(InvalidReceiverWithReason { reason })
            if reason == String::from_utf8_lossy(&EnforcedPause {}.abi_encode())
    ));
    w.registry
        .sender(ALICE)
        .approve(w.minter.address(), b)
        .motsu_unwrap();
    assert_revert(w.minter.sender(ALICE).pledge(b), EnforcedPause {});

    w.minter.sender(ADMIN).unpause().motsu_unwrap();
    w.send_to_minter(ALICE, a);
    w.minter.sender(ALICE).pledge(b).motsu_unwrap();
    assert_eq!(w.owner_of(a), w.minter.address());
    assert_eq!(w.owner_of(b), w.minter.address());
}
