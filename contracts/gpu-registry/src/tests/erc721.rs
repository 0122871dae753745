//! Standard ERC-721 behaviour, including the `onERC721Received` hook a pledge goes through.
use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, fixed_bytes, Address, U256};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::{
    extensions::IErc721Metadata, Approval, ApprovalForAll, ERC721InsufficientApproval,
    ERC721InvalidReceiver, IErc721, Transfer,
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU256},
};

use super::*;
use crate::{NotTokenHolder, NAME, SYMBOL};

/// Stands in for the minter: accepts tokens and remembers the last hook call.
#[storage]
pub struct PledgeReceiver {
    operator: StorageAddress,
    from: StorageAddress,
    token_id: StorageU256,
    data_len: StorageU256,
}

#[public]
impl PledgeReceiver {
    #[selector(name = "onERC721Received")]
    fn on_erc721_received(
        &mut self,
        operator: Address,
        from: Address,
        token_id: U256,
        data: Bytes,
    ) -> B32 {
        self.operator.set(operator);
        self.from.set(from);
        self.token_id.set(token_id);
        self.data_len.set(U256::from(data.len()));
        fixed_bytes!("150b7a02")
    }

    pub fn last(&self) -> (Address, Address, U256, U256) {
        (
            self.operator.get(),
            self.from.get(),
            self.token_id.get(),
            self.data_len.get(),
        )
    }
}

unsafe impl TopLevelStorage for PledgeReceiver {}

/// A contract that answers the hook with the wrong selector.
#[storage]
pub struct RejectingReceiver {
    called: StorageBool,
}

#[public]
impl RejectingReceiver {
    #[selector(name = "onERC721Received")]
    fn on_erc721_received(
        &mut self,
        _operator: Address,
        _from: Address,
        _token_id: U256,
        _data: Bytes,
    ) -> B32 {
        self.called.set(true);
        fixed_bytes!("deadbeef")
    }
}

unsafe impl TopLevelStorage for RejectingReceiver {}

#[motsu::test]
fn name_and_symbol(contract: Contract<GpuRegistry>, admin: Address) {
    deploy(&contract, admin);
    assert_eq!(contract.sender(admin).name(), "GPU Collateral");
    assert_eq!(contract.sender(admin).symbol(), "GPUC");
    assert_eq!((NAME, SYMBOL), ("GPU Collateral", "GPUC"));
}

#[motsu::test]
fn token_uri_serves_each_assets_uri(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let a = register(&contract, admin, alice, 1);
    let long = "ar://".repeat(40);
    let b = contract
        .sender(admin)
        .register_asset(
            alice,
            h100(),
            1,
            serial(2),
            COST,
            now(),
            APPRAISAL,
            long.clone(),
        )
        .motsu_unwrap();
    let c = contract
        .sender(admin)
        .register_asset(
            alice,
            h100(),
            1,
            serial(3),
            COST,
            now(),
            APPRAISAL,
            String::new(),
        )
        .motsu_unwrap();
    assert_eq!(contract.sender(alice).token_uri(a).motsu_unwrap(), URI);
    assert_eq!(contract.sender(alice).token_uri(b).motsu_unwrap(), long);
    assert_eq!(contract.sender(alice).token_uri(c).motsu_unwrap(), "");
}

#[motsu::test]
fn transfers_and_approvals_are_standard(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);

    assert_error(
        contract
            .sender(bob)
            .transfer_from(alice, bob, id)
            .map_err(Error::from),
        ERC721InsufficientApproval {
            operator: bob,
            token_id: id,
        },
    );
    contract.sender(alice).approve(bob, id).motsu_unwrap();
    contract.assert_emitted(&Approval {
        owner: alice,
        approved: bob,
        token_id: id,
    });
    assert_eq!(contract.sender(alice).get_approved(id).motsu_unwrap(), bob);

    contract
        .sender(bob)
        .transfer_from(alice, bob, id)
        .motsu_unwrap();
    contract.assert_emitted(&Transfer {
        from: alice,
        to: bob,
        token_id: id,
    });
    assert_eq!(contract.sender(bob).owner_of(id).motsu_unwrap(), bob);
    assert_eq!(
        contract.sender(bob).get_approved(id).motsu_unwrap(),
        Address::ZERO
    );

    contract
        .sender(bob)
        .set_approval_for_all(alice, true)
        .motsu_unwrap();
    contract.assert_emitted(&ApprovalForAll {
        owner: bob,
        operator: alice,
        approved: true,
    });
    assert!(contract.sender(bob).is_approved_for_all(bob, alice));
    contract
        .sender(alice)
        .safe_transfer_from(bob, alice, id)
        .motsu_unwrap();
    assert_eq!(contract.sender(alice).owner_of(id).motsu_unwrap(), alice);
    // The asset record travels with the token.
    assert_eq!(contract.sender(alice).asset(id).motsu_unwrap().2, serial(1));
}

#[motsu::test]
fn transfers_and_appraisals_work_while_paused(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    contract.sender(admin).pause().motsu_unwrap();

    contract
        .sender(alice)
        .transfer_from(alice, bob, id)
        .motsu_unwrap();
    contract
        .sender(admin)
        .appraise(id, usd(80_000))
        .motsu_unwrap();
    contract
        .sender(admin)
        .configure_model(h100(), LIFE, RESIDUAL_BPS, false)
        .motsu_unwrap();
    assert_eq!(contract.sender(bob).owner_of(id).motsu_unwrap(), bob);
    assert_eq!(
        contract.sender(bob).valuation(id).motsu_unwrap().0,
        usd(80_000)
    );
}

#[motsu::test]
fn pledge_by_safe_transfer_reaches_the_receiver(
    contract: Contract<GpuRegistry>,
    minter: Contract<PledgeReceiver>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);

    contract
        .sender(alice)
        .safe_transfer_from_with_data(alice, minter.address(), id, Bytes(vec![1, 2, 3]))
        .motsu_unwrap();

    assert_eq!(
        contract.sender(alice).owner_of(id).motsu_unwrap(),
        minter.address()
    );
    assert_eq!(
        minter.sender(alice).last(),
        (alice, alice, id, U256::from(3))
    );
    // Pledged: the operator no longer holds it, so it cannot retire it.
    assert_error(
        contract.sender(alice).retire(id),
        NotTokenHolder {
            tokenId: id,
            caller: alice,
        },
    );
}

#[motsu::test]
fn safe_transfer_to_a_rejecting_contract_fails(
    contract: Contract<GpuRegistry>,
    sink: Contract<RejectingReceiver>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    assert_error(
        contract
            .sender(alice)
            .safe_transfer_from(alice, sink.address(), id)
            .map_err(Error::from),
        ERC721InvalidReceiver {
            receiver: sink.address(),
        },
    );
    assert_eq!(contract.sender(alice).owner_of(id).motsu_unwrap(), alice);
}

#[motsu::test]
fn registration_to_a_contract_runs_the_hook(
    contract: Contract<GpuRegistry>,
    vault: Contract<PledgeReceiver>,
    sink: Contract<RejectingReceiver>,
    admin: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, vault.address(), 1);
    assert_eq!(
        vault.sender(admin).last(),
        (admin, Address::ZERO, id, U256::ZERO)
    );

    assert_error(
        contract.sender(admin).register_asset(
            sink.address(),
            h100(),
            GPUS,
            serial(2),
            COST,
            now(),
            APPRAISAL,
            String::from(URI),
        ),
        ERC721InvalidReceiver {
            receiver: sink.address(),
        },
    );
    // Rolled back entirely: the serial is free and no token exists.
    assert_eq!(
        contract.sender(admin).serial_owner_token(serial(2)),
        U256::ZERO
    );
    assert_eq!(
        contract
            .sender(admin)
            .balance_of(sink.address())
            .motsu_unwrap(),
        U256::ZERO
    );
    let ids: Vec<U256> = vec![register(&contract, admin, admin, 3)];
    assert_eq!(ids, vec![U256::from(2)]);
}
