//! `retire`: the holder burns its token and frees the serial hash.
use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use openzeppelin_stylus::token::erc721::{
    extensions::IErc721Metadata, ERC721NonexistentToken, IErc721, Transfer,
};

use super::*;
use crate::{AssetRetired, NotTokenHolder};

#[motsu::test]
fn holder_retires_and_frees_the_serial(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);

    contract.sender(alice).retire(id).motsu_unwrap();

    contract.assert_emitted(&Transfer {
        from: alice,
        to: Address::ZERO,
        token_id: id,
    });
    contract.assert_emitted(&AssetRetired {
        tokenId: id,
        holder: alice,
        serialHash: serial(1),
    });
    assert_eq!(
        contract.sender(alice).serial_owner_token(serial(1)),
        U256::ZERO
    );
    assert_eq!(
        contract.sender(alice).balance_of(alice).motsu_unwrap(),
        U256::ZERO
    );
    let gone = || ERC721NonexistentToken { token_id: id };
    assert_error(
        contract.sender(alice).owner_of(id).map_err(Error::from),
        gone(),
    );
    assert_error(contract.sender(alice).asset(id), gone());
    assert_error(contract.sender(alice).book_value(id), gone());
    assert_error(
        contract.sender(alice).token_uri(id).map_err(Error::from),
        gone(),
    );
    assert_error(contract.sender(admin).appraise(id, APPRAISAL), gone());

    // The same cluster can be registered again, under a new id.
    let again = register(&contract, admin, alice, 1);
    assert_eq!(again, U256::from(2));
    assert_eq!(contract.sender(alice).serial_owner_token(serial(1)), again);
}

#[motsu::test]
fn only_the_holder_retires(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
    bob: Address,
) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);

    for caller in [bob, admin] {
        assert_error(
            contract.sender(caller).retire(id),
            NotTokenHolder {
                tokenId: id,
                caller,
            },
        );
    }
    // Approval to move the token is not a right to destroy it.
    contract.sender(alice).approve(bob, id).motsu_unwrap();
    contract
        .sender(alice)
        .set_approval_for_all(bob, true)
        .motsu_unwrap();
    assert_error(
        contract.sender(bob).retire(id),
        NotTokenHolder {
            tokenId: id,
            caller: bob,
        },
    );
    assert_eq!(contract.sender(bob).serial_owner_token(serial(1)), id);

    // Once bob holds it, alice no longer can, and bob can.
    contract
        .sender(alice)
        .transfer_from(alice, bob, id)
        .motsu_unwrap();
    assert_error(
        contract.sender(alice).retire(id),
        NotTokenHolder {
            tokenId: id,
            caller: alice,
        },
    );
    contract.sender(bob).retire(id).motsu_unwrap();
    contract.assert_emitted(&AssetRetired {
        tokenId: id,
        holder: bob,
        serialHash: serial(1),
    });
}

#[motsu::test]
fn retire_rejects_nonexistent_token(
    contract: Contract<GpuRegistry>,
    admin: Address,
    alice: Address,
) {
    deploy(&contract, admin);
    assert_error(
        contract.sender(alice).retire(U256::from(1)),
        ERC721NonexistentToken {
            token_id: U256::from(1),
        },
    );
    let id = register(&contract, admin, alice, 1);
    contract.sender(alice).retire(id).motsu_unwrap();
    assert_error(
        contract.sender(alice).retire(id),
        ERC721NonexistentToken { token_id: id },
    );
}

#[motsu::test]
fn retire_works_while_paused(contract: Contract<GpuRegistry>, admin: Address, alice: Address) {
    deploy(&contract, admin);
    let id = register(&contract, admin, alice, 1);
    contract.sender(admin).pause().motsu_unwrap();
    contract.sender(alice).retire(id).motsu_unwrap();
    assert_eq!(
        contract.sender(alice).serial_owner_token(serial(1)),
        U256::ZERO
    );
}
