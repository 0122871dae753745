//! Unit and property tests of the AID token (motsu).

use alloy_primitives::{address, keccak256, uint, Address, FixedBytes, B256, U256};
use alloy_signer::SignerSync;
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolInterface, SolValue};
use motsu::prelude::*;
use proptest::prelude::*;
use stylus_sdk::abi::Router;

use super::*;

/// The block timestamp motsu 0.10 reports (1 January 2025).
const NOW: u64 = 1_735_689_600;
/// motsu's default chain id (Arbitrum One).
const CHAIN_ID: u64 = 42_161;

const WAD: U256 = uint!(1_000_000_000_000_000_000_U256);

fn wad(n: u64) -> U256 {
    U256::from(n) * WAD
}

fn minter_admin() -> B256 {
    MINTER_ADMIN_ROLE.into()
}

fn default_admin() -> B256 {
    DEFAULT_ADMIN_ROLE.into()
}

/// A token administered by `admin`.
fn deploy(token: &Contract<AidToken>, admin: Address) {
    token.sender(admin).constructor(admin).motsu_unwrap();
}

/// A token administered by `admin` with `minter` allowed `allowance`.
fn deploy_with_minter(
    token: &Contract<AidToken>,
    admin: Address,
    minter: Address,
    allowance: U256,
) {
    deploy(token, admin);
    token
        .sender(admin)
        .configure_minter(minter, allowance)
        .motsu_unwrap();
}

// ------------------------------------------------------------ construction

#[motsu::test]
fn constructor_grants_admin_roles(token: Contract<AidToken>, admin: Address, alice: Address) {
    deploy(&token, admin);

    assert!(token.sender(alice).has_role(default_admin(), admin));
    assert!(token.sender(alice).has_role(minter_admin(), admin));
    assert!(!token.sender(alice).has_role(minter_admin(), alice));
    assert_eq!(
        token.sender(alice).get_role_admin(minter_admin()),
        default_admin()
    );
    assert_eq!(
        token.sender(alice).get_role_admin(default_admin()),
        default_admin()
    );
    token.assert_emitted(&RoleGranted {
        role: default_admin(),
        account: admin,
        sender: admin,
    });
    token.assert_emitted(&RoleGranted {
        role: minter_admin(),
        account: admin,
        sender: admin,
    });
}

#[motsu::test]
fn constructor_rejects_zero_admin(token: Contract<AidToken>, alice: Address) {
    let err = token
        .sender(alice)
        .constructor(Address::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidAdmin(InvalidAdmin { admin }) if admin.is_zero()));
    assert!(!token.sender(alice).has_role(default_admin(), Address::ZERO));
}

#[motsu::test]
fn metadata_and_role_constants(token: Contract<AidToken>, alice: Address) {
    assert_eq!(token.sender(alice).name(), "AI Dollar");
    assert_eq!(token.sender(alice).symbol(), "AID");
    assert_eq!(token.sender(alice).decimals(), 18);
    assert_eq!(token.sender(alice).total_supply(), U256::ZERO);
    assert_eq!(MINTER_ADMIN_ROLE, *keccak256("MINTER_ADMIN_ROLE"));
    assert_eq!(
        token.sender(alice).minter_admin_role(),
        keccak256("MINTER_ADMIN_ROLE")
    );
    assert_eq!(token.sender(alice).default_admin_role(), B256::ZERO);
}

// ------------------------------------------------------------------ ERC-20

#[motsu::test]
fn transfer_moves_balance(token: Contract<AidToken>, admin: Address, alice: Address, bob: Address) {
    deploy_with_minter(&token, admin, admin, U256::MAX);
    token.sender(admin).mint(alice, wad(10)).motsu_unwrap();

    assert!(token.sender(alice).transfer(bob, wad(4)).motsu_unwrap());

    assert_eq!(token.sender(alice).balance_of(alice), wad(6));
    assert_eq!(token.sender(alice).balance_of(bob), wad(4));
    assert_eq!(token.sender(alice).total_supply(), wad(10));
    token.assert_emitted(&Transfer {
        from: alice,
        to: bob,
        value: wad(4),
    });
}

#[motsu::test]
fn transfer_errors(token: Contract<AidToken>, admin: Address, alice: Address, bob: Address) {
    deploy_with_minter(&token, admin, admin, U256::MAX);
    token.sender(admin).mint(alice, wad(1)).motsu_unwrap();

    let err = token.sender(alice).transfer(bob, wad(2)).motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientBalance(ERC20InsufficientBalance { sender, balance, needed })
            if sender == alice && balance == wad(1) && needed == wad(2)
    ));
    let err = token
        .sender(alice)
        .transfer(Address::ZERO, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver { receiver }) if receiver.is_zero()
    ));
    assert_eq!(token.sender(alice).balance_of(alice), wad(1));
    assert_eq!(token.sender(alice).balance_of(bob), U256::ZERO);
}

#[motsu::test]
fn approve_sets_allowance(token: Contract<AidToken>, alice: Address, bob: Address) {
    assert!(token.sender(alice).approve(bob, wad(3)).motsu_unwrap());
    assert_eq!(token.sender(alice).allowance(alice, bob), wad(3));
    token.assert_emitted(&Approval {
        owner: alice,
        spender: bob,
        value: wad(3),
    });

    let err = token
        .sender(alice)
        .approve(Address::ZERO, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidSpender(ERC20InvalidSpender { spender }) if spender.is_zero()
    ));
}

#[motsu::test]
fn transfer_from_spends_allowance(
    token: Contract<AidToken>,
    admin: Address,
    alice: Address,
    bob: Address,
    carol: Address,
) {
    deploy_with_minter(&token, admin, admin, U256::MAX);
    token.sender(admin).mint(alice, wad(10)).motsu_unwrap();
    token.sender(alice).approve(bob, wad(5)).motsu_unwrap();

    assert!(token
        .sender(bob)
        .transfer_from(alice, carol, wad(2))
        .motsu_unwrap());

    assert_eq!(token.sender(bob).allowance(alice, bob), wad(3));
    assert_eq!(token.sender(bob).balance_of(alice), wad(8));
    assert_eq!(token.sender(bob).balance_of(carol), wad(2));
    token.assert_emitted(&Transfer {
        from: alice,
        to: carol,
        value: wad(2),
    });

    let err = token
        .sender(bob)
        .transfer_from(alice, carol, wad(4))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientAllowance(ERC20InsufficientAllowance { spender, allowance, needed })
            if spender == bob && allowance == wad(3) && needed == wad(4)
    ));
    assert_eq!(token.sender(bob).allowance(alice, bob), wad(3));
}

#[motsu::test]
fn transfer_from_errors(token: Contract<AidToken>, admin: Address, alice: Address, bob: Address) {
    deploy_with_minter(&token, admin, admin, U256::MAX);
    token.sender(admin).mint(alice, wad(1)).motsu_unwrap();
    token.sender(alice).approve(bob, wad(5)).motsu_unwrap();

    let err = token
        .sender(bob)
        .transfer_from(alice, bob, wad(2))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientBalance(ERC20InsufficientBalance { sender, balance, needed })
            if sender == alice && balance == wad(1) && needed == wad(2)
    ));
    // The failed call is rolled back: the allowance is untouched.
    assert_eq!(token.sender(bob).allowance(alice, bob), wad(5));

    let err = token
        .sender(bob)
        .transfer_from(alice, Address::ZERO, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver { receiver }) if receiver.is_zero()
    ));
}

#[motsu::test]
fn unlimited_allowance_is_not_decremented(
    token: Contract<AidToken>,
    admin: Address,
    alice: Address,
    bob: Address,
) {
    deploy_with_minter(&token, admin, admin, U256::MAX);
    token.sender(admin).mint(alice, wad(10)).motsu_unwrap();
    token.sender(alice).approve(bob, U256::MAX).motsu_unwrap();

    token
        .sender(bob)
        .transfer_from(alice, bob, wad(7))
        .motsu_unwrap();

    assert_eq!(token.sender(bob).allowance(alice, bob), U256::MAX);
    assert_eq!(token.sender(bob).balance_of(bob), wad(7));
}

// ----------------------------------------------------------------- minters

#[motsu::test]
fn configure_minter_sets_allowance(token: Contract<AidToken>, admin: Address, minter: Address) {
    deploy(&token, admin);
    assert!(!token.sender(admin).is_minter(minter));

    token
        .sender(admin)
        .configure_minter(minter, wad(100))
        .motsu_unwrap();
    assert!(token.sender(admin).is_minter(minter));
    assert_eq!(token.sender(admin).minter_allowance(minter), wad(100));
    token.assert_emitted(&MinterConfigured {
        minter,
        allowance: wad(100),
    });

    // Reconfiguring replaces the allowance (it does not add to it).
    token
        .sender(admin)
        .configure_minter(minter, wad(7))
        .motsu_unwrap();
    assert_eq!(token.sender(admin).minter_allowance(minter), wad(7));
    token.assert_emitted(&MinterConfigured {
        minter,
        allowance: wad(7),
    });
}

#[motsu::test]
fn configure_minter_errors(
    token: Contract<AidToken>,
    admin: Address,
    alice: Address,
    minter: Address,
) {
    deploy(&token, admin);

    let err = token
        .sender(alice)
        .configure_minter(minter, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount { account, needed_role })
            if account == alice && needed_role == minter_admin()
    ));
    assert!(!token.sender(alice).is_minter(minter));

    let err = token
        .sender(admin)
        .configure_minter(Address::ZERO, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidMinter(InvalidMinter { minter }) if minter.is_zero()));
    assert!(!token.sender(admin).is_minter(Address::ZERO));
}

#[motsu::test]
fn default_admin_alone_cannot_configure_minters(
    token: Contract<AidToken>,
    admin: Address,
    ops: Address,
    minter: Address,
) {
    deploy(&token, admin);
    token
        .sender(admin)
        .grant_role(default_admin(), ops)
        .motsu_unwrap();

    let err = token
        .sender(ops)
        .configure_minter(minter, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount { account, needed_role })
            if account == ops && needed_role == minter_admin()
    ));

    // A delegated minter admin can, until its role is revoked.
    token
        .sender(admin)
        .grant_role(minter_admin(), ops)
        .motsu_unwrap();
    token
        .sender(ops)
        .configure_minter(minter, wad(1))
        .motsu_unwrap();
    assert!(token.sender(ops).is_minter(minter));
    token
        .sender(admin)
        .revoke_role(minter_admin(), ops)
        .motsu_unwrap();
    let err = token.sender(ops).remove_minter(minter).motsu_unwrap_err();
    assert!(matches!(err, Error::UnauthorizedAccount(_)));
    assert!(token.sender(ops).is_minter(minter));
}

#[motsu::test]
fn remove_minter_revokes_minting(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
) {
    deploy_with_minter(&token, admin, minter, wad(10));

    token.sender(admin).remove_minter(minter).motsu_unwrap();

    assert!(!token.sender(admin).is_minter(minter));
    assert_eq!(token.sender(admin).minter_allowance(minter), U256::ZERO);
    token.assert_emitted(&MinterRemoved { minter });
    let err = token.sender(minter).mint(alice, wad(1)).motsu_unwrap_err();
    assert!(matches!(err, Error::NotMinter(NotMinter { account }) if account == minter));
}

#[motsu::test]
fn remove_minter_errors(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
) {
    deploy_with_minter(&token, admin, minter, wad(10));

    let err = token.sender(alice).remove_minter(minter).motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount { account, needed_role })
            if account == alice && needed_role == minter_admin()
    ));
    assert!(token.sender(alice).is_minter(minter));

    let err = token.sender(admin).remove_minter(alice).motsu_unwrap_err();
    assert!(matches!(err, Error::NotMinter(NotMinter { account }) if account == alice));

    // Removing twice fails the second time.
    token.sender(admin).remove_minter(minter).motsu_unwrap();
    let err = token.sender(admin).remove_minter(minter).motsu_unwrap_err();
    assert!(matches!(err, Error::NotMinter(NotMinter { account }) if account == minter));
}

#[motsu::test]
fn mint_decrements_allowance(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
) {
    deploy_with_minter(&token, admin, minter, wad(10));

    token.sender(minter).mint(alice, wad(4)).motsu_unwrap();

    assert_eq!(token.sender(alice).balance_of(alice), wad(4));
    assert_eq!(token.sender(alice).total_supply(), wad(4));
    assert_eq!(token.sender(alice).minter_allowance(minter), wad(6));
    token.assert_emitted(&Transfer {
        from: Address::ZERO,
        to: alice,
        value: wad(4),
    });

    // Exactly the rest is fine; then the allowance is spent.
    token.sender(minter).mint(alice, wad(6)).motsu_unwrap();
    assert_eq!(token.sender(alice).minter_allowance(minter), U256::ZERO);
    assert!(token.sender(alice).is_minter(minter));
    let err = token
        .sender(minter)
        .mint(alice, U256::from(1))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::MinterAllowanceExceeded(MinterAllowanceExceeded { minter: m, allowance, amount })
            if m == minter && allowance.is_zero() && amount == U256::from(1)
    ));
}

#[motsu::test]
fn mint_above_allowance_fails(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
) {
    deploy_with_minter(&token, admin, minter, wad(10));

    let err = token.sender(minter).mint(alice, wad(11)).motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::MinterAllowanceExceeded(MinterAllowanceExceeded { minter: m, allowance, amount })
            if m == minter && allowance == wad(10) && amount == wad(11)
    ));
    assert_eq!(token.sender(alice).minter_allowance(minter), wad(10));
    assert_eq!(token.sender(alice).total_supply(), U256::ZERO);
}

#[motsu::test]
fn unlimited_minter_allowance_is_never_decremented(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
) {
    deploy_with_minter(&token, admin, minter, U256::MAX);

    token
        .sender(minter)
        .mint(alice, wad(1_000_000))
        .motsu_unwrap();
    token.sender(minter).mint(alice, wad(5)).motsu_unwrap();

    assert_eq!(token.sender(alice).minter_allowance(minter), U256::MAX);
    assert_eq!(token.sender(alice).balance_of(alice), wad(1_000_005));
}

#[motsu::test]
fn only_minters_mint(token: Contract<AidToken>, admin: Address, alice: Address) {
    deploy(&token, admin);

    // Not even the admins: minting needs a configured minter.
    for caller in [admin, alice] {
        let err = token.sender(caller).mint(alice, wad(1)).motsu_unwrap_err();
        assert!(matches!(err, Error::NotMinter(NotMinter { account }) if account == caller));
    }
    assert_eq!(token.sender(alice).total_supply(), U256::ZERO);
}

#[motsu::test]
fn mint_to_zero_fails_and_keeps_allowance(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
) {
    deploy_with_minter(&token, admin, minter, wad(10));

    let err = token
        .sender(minter)
        .mint(Address::ZERO, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidReceiver(ERC20InvalidReceiver { receiver }) if receiver.is_zero()
    ));
    assert_eq!(token.sender(minter).minter_allowance(minter), wad(10));
}

#[motsu::test]
fn mint_total_supply_overflow_is_an_error(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
) {
    deploy_with_minter(&token, admin, minter, U256::MAX);
    token
        .sender(minter)
        .mint(alice, U256::MAX - WAD)
        .motsu_unwrap();

    let err = token.sender(minter).mint(alice, wad(2)).motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::TotalSupplyOverflow(TotalSupplyOverflow { totalSupply, amount })
            if totalSupply == U256::MAX - WAD && amount == wad(2)
    ));
    // Up to the very top is fine.
    token.sender(minter).mint(alice, WAD).motsu_unwrap();
    assert_eq!(token.sender(alice).total_supply(), U256::MAX);
}

// ------------------------------------------------------------------- burns

#[motsu::test]
fn holders_burn(token: Contract<AidToken>, admin: Address, alice: Address) {
    deploy_with_minter(&token, admin, admin, U256::MAX);
    token.sender(admin).mint(alice, wad(10)).motsu_unwrap();

    token.sender(alice).burn(wad(3)).motsu_unwrap();

    assert_eq!(token.sender(alice).balance_of(alice), wad(7));
    assert_eq!(token.sender(alice).total_supply(), wad(7));
    token.assert_emitted(&Transfer {
        from: alice,
        to: Address::ZERO,
        value: wad(3),
    });

    let err = token.sender(alice).burn(wad(8)).motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientBalance(ERC20InsufficientBalance { sender, balance, needed })
            if sender == alice && balance == wad(7) && needed == wad(8)
    ));
}

#[motsu::test]
fn burn_from_spends_allowance(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
) {
    deploy_with_minter(&token, admin, minter, U256::MAX);
    token.sender(minter).mint(alice, wad(10)).motsu_unwrap();
    token.sender(alice).approve(minter, wad(4)).motsu_unwrap();

    token.sender(minter).burn_from(alice, wad(3)).motsu_unwrap();

    assert_eq!(token.sender(alice).allowance(alice, minter), wad(1));
    assert_eq!(token.sender(alice).balance_of(alice), wad(7));
    assert_eq!(token.sender(alice).total_supply(), wad(7));
    token.assert_emitted(&Transfer {
        from: alice,
        to: Address::ZERO,
        value: wad(3),
    });

    let err = token
        .sender(minter)
        .burn_from(alice, wad(2))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientAllowance(ERC20InsufficientAllowance { spender, allowance, needed })
            if spender == minter && allowance == wad(1) && needed == wad(2)
    ));
    assert_eq!(token.sender(alice).balance_of(alice), wad(7));
}

#[motsu::test]
fn burn_from_errors(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
    bob: Address,
) {
    deploy_with_minter(&token, admin, minter, U256::MAX);
    token.sender(minter).mint(alice, wad(2)).motsu_unwrap();
    token.sender(alice).approve(bob, wad(5)).motsu_unwrap();
    token.sender(alice).approve(minter, wad(5)).motsu_unwrap();

    // An allowance is not enough: only minters may burn other holders' AID.
    let err = token
        .sender(bob)
        .burn_from(alice, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotMinter(NotMinter { account }) if account == bob));
    assert_eq!(token.sender(bob).allowance(alice, bob), wad(5));

    let err = token
        .sender(minter)
        .burn_from(alice, wad(3))
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InsufficientBalance(ERC20InsufficientBalance { sender, balance, needed })
            if sender == alice && balance == wad(2) && needed == wad(3)
    ));
    assert_eq!(token.sender(bob).allowance(alice, minter), wad(5));

    let err = token
        .sender(minter)
        .burn_from(Address::ZERO, U256::ZERO)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidApprover(ERC20InvalidApprover { approver }) if approver.is_zero()
    ));

    // A removed minter loses burnFrom too.
    token.sender(admin).remove_minter(minter).motsu_unwrap();
    let err = token
        .sender(minter)
        .burn_from(alice, wad(1))
        .motsu_unwrap_err();
    assert!(matches!(err, Error::NotMinter(NotMinter { account }) if account == minter));
}

#[motsu::test]
fn burn_from_with_unlimited_allowance(
    token: Contract<AidToken>,
    admin: Address,
    minter: Address,
    alice: Address,
) {
    deploy_with_minter(&token, admin, minter, U256::MAX);
    token.sender(minter).mint(alice, wad(10)).motsu_unwrap();
    token
        .sender(alice)
        .approve(minter, U256::MAX)
        .motsu_unwrap();

    token
        .sender(minter)
        .burn_from(alice, wad(10))
        .motsu_unwrap();

    assert_eq!(token.sender(alice).allowance(alice, minter), U256::MAX);
    assert_eq!(token.sender(alice).total_supply(), U256::ZERO);
}

// ---------------------------------------------------------- access control

#[motsu::test]
fn grant_revoke_renounce(token: Contract<AidToken>, admin: Address, alice: Address, bob: Address) {
    deploy(&token, admin);

    token
        .sender(admin)
        .grant_role(minter_admin(), alice)
        .motsu_unwrap();
    assert!(token.sender(admin).has_role(minter_admin(), alice));
    token.assert_emitted(&RoleGranted {
        role: minter_admin(),
        account: alice,
        sender: admin,
    });

    token
        .sender(admin)
        .revoke_role(minter_admin(), alice)
        .motsu_unwrap();
    assert!(!token.sender(admin).has_role(minter_admin(), alice));
    token.assert_emitted(&RoleRevoked {
        role: minter_admin(),
        account: alice,
        sender: admin,
    });

    token
        .sender(admin)
        .grant_role(minter_admin(), bob)
        .motsu_unwrap();
    let err = token
        .sender(bob)
        .renounce_role(minter_admin(), alice)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::BadConfirmation(_)));
    assert!(token.sender(bob).has_role(minter_admin(), bob));
    token
        .sender(bob)
        .renounce_role(minter_admin(), bob)
        .motsu_unwrap();
    assert!(!token.sender(bob).has_role(minter_admin(), bob));
    token.assert_emitted(&RoleRevoked {
        role: minter_admin(),
        account: bob,
        sender: bob,
    });
}

#[motsu::test]
fn only_role_admins_grant_and_revoke(token: Contract<AidToken>, admin: Address, alice: Address) {
    deploy(&token, admin);

    // MINTER_ADMIN does not administer itself: DEFAULT_ADMIN does.
    let err = token
        .sender(alice)
        .grant_role(minter_admin(), alice)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount { account, needed_role })
            if account == alice && needed_role == default_admin()
    ));
    let err = token
        .sender(alice)
        .revoke_role(minter_admin(), admin)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::UnauthorizedAccount(AccessControlUnauthorizedAccount { account, needed_role })
            if account == alice && needed_role == default_admin()
    ));
    assert!(token.sender(alice).has_role(minter_admin(), admin));
    assert!(!token.sender(alice).has_role(minter_admin(), alice));
}

fn selector(signature: &str) -> [u8; 4] {
    keccak256(signature)[..4].try_into().unwrap()
}

fn interface_id(signatures: &[&str]) -> [u8; 4] {
    signatures.iter().fold([0; 4], |mut id, signature| {
        for (byte, s) in id.iter_mut().zip(selector(signature)) {
            *byte ^= s;
        }
        id
    })
}

#[motsu::test]
fn supports_interface(token: Contract<AidToken>, alice: Address) {
    let ids = [
        interface_id(&["supportsInterface(bytes4)"]),
        interface_id(&[
            "hasRole(bytes32,address)",
            "getRoleAdmin(bytes32)",
            "grantRole(bytes32,address)",
            "revokeRole(bytes32,address)",
            "renounceRole(bytes32,address)",
        ]),
        interface_id(&[
            "totalSupply()",
            "balanceOf(address)",
            "transfer(address,uint256)",
            "allowance(address,address)",
            "approve(address,uint256)",
            "transferFrom(address,address,uint256)",
        ]),
        interface_id(&["name()", "symbol()", "decimals()"]),
        interface_id(&[
            "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)",
            "nonces(address)",
            "DOMAIN_SEPARATOR()",
        ]),
    ];
    assert_eq!(ids, INTERFACE_IDS);
    for id in ids {
        assert!(token.sender(alice).supports_interface(id.into()));
    }
    assert!(!token.sender(alice).supports_interface([0xff; 4].into()));
    assert!(!token
        .sender(alice)
        .supports_interface(interface_id(&["mint(address,uint256)"]).into()));
}

// ------------------------------------------------------------------ permit

sol! {
    struct Permit {
        address owner;
        address spender;
        uint256 value;
        uint256 nonce;
        uint256 deadline;
    }
}

/// The domain separator, computed from the EIP-712 definition rather than
/// from the contract's code.
fn expected_domain_separator(token: Address, chain_id: u64) -> B256 {
    keccak256(
        (
            keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
            keccak256("AI Dollar"),
            keccak256("1"),
            U256::from(chain_id),
            token,
        )
            .abi_encode(),
    )
}

/// `signer`'s (v, r, s) over the EIP-712 digest of `permit` for `token`.
fn sign_permit(
    token: Address,
    chain_id: u64,
    signer: Account,
    permit: &Permit,
) -> (u8, B256, B256) {
    let struct_hash = keccak256(
        (
            keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
            permit.owner,
            permit.spender,
            permit.value,
            permit.nonce,
            permit.deadline,
        )
            .abi_encode(),
    );
    let mut preimage = vec![0x19, 0x01];
    preimage.extend_from_slice(expected_domain_separator(token, chain_id).as_slice());
    preimage.extend_from_slice(struct_hash.as_slice());
    let signature = signer
        .signer()
        .sign_hash_sync(&keccak256(preimage))
        .expect("signing works");
    (
        27 + u8::from(signature.v()),
        signature.r().into(),
        signature.s().into(),
    )
}

fn permit_of(owner: Address, spender: Address, value: U256, nonce: u64, deadline: u64) -> Permit {
    Permit {
        owner,
        spender,
        value,
        nonce: U256::from(nonce),
        deadline: U256::from(deadline),
    }
}

#[motsu::test]
fn permit_with_valid_signature_approves(
    token: Contract<AidToken>,
    admin: Address,
    alice: Account,
    bob: Address,
) {
    deploy_with_minter(&token, admin, admin, U256::MAX);
    token
        .sender(admin)
        .mint(alice.address(), wad(10))
        .motsu_unwrap();
    let p = permit_of(alice.address(), bob, wad(5), 0, NOW + 3_600);
    let (v, r, s) = sign_permit(token.address(), CHAIN_ID, alice, &p);

    // Anyone may submit it: here the spender pays the gas.
    token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, v, r, s)
        .motsu_unwrap();

    assert_eq!(token.sender(bob).allowance(alice.address(), bob), wad(5));
    assert_eq!(token.sender(bob).nonces(alice.address()), U256::from(1));
    token.assert_emitted(&Approval {
        owner: alice.address(),
        spender: bob,
        value: wad(5),
    });
    token
        .sender(bob)
        .transfer_from(alice.address(), bob, wad(5))
        .motsu_unwrap();
    assert_eq!(token.sender(bob).balance_of(bob), wad(5));

    // The next permit needs the next nonce; a deadline of exactly now is still valid.
    let p = permit_of(alice.address(), bob, wad(1), 1, NOW);
    let (v, r, s) = sign_permit(token.address(), CHAIN_ID, alice, &p);
    token
        .sender(alice)
        .permit(p.owner, p.spender, p.value, p.deadline, v, r, s)
        .motsu_unwrap();
    assert_eq!(token.sender(bob).allowance(alice.address(), bob), wad(1));
    assert_eq!(token.sender(bob).nonces(alice.address()), U256::from(2));
}

#[motsu::test]
fn permit_by_wrong_signer_fails(
    token: Contract<AidToken>,
    alice: Account,
    mallory: Account,
    bob: Address,
) {
    let p = permit_of(alice.address(), bob, wad(5), 0, NOW + 60);
    let (v, r, s) = sign_permit(token.address(), CHAIN_ID, mallory, &p);

    let err = token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, v, r, s)
        .motsu_unwrap_err();

    assert!(matches!(
        err,
        Error::InvalidSigner(ERC2612InvalidSigner { signer, owner })
            if signer == mallory.address() && owner == alice.address()
    ));
    assert_eq!(
        token.sender(bob).allowance(alice.address(), bob),
        U256::ZERO
    );
    assert_eq!(token.sender(bob).nonces(alice.address()), U256::ZERO);
}

#[motsu::test]
fn permit_with_altered_fields_fails(token: Contract<AidToken>, alice: Account, bob: Address) {
    let p = permit_of(alice.address(), bob, wad(5), 0, NOW + 60);
    let (v, r, s) = sign_permit(token.address(), CHAIN_ID, alice, &p);

    let err = token
        .sender(bob)
        .permit(p.owner, p.spender, wad(6), p.deadline, v, r, s)
        .motsu_unwrap_err();

    assert!(matches!(
        err,
        Error::InvalidSigner(ERC2612InvalidSigner { signer, owner })
            if signer != alice.address() && owner == alice.address()
    ));
    assert_eq!(
        token.sender(bob).allowance(alice.address(), bob),
        U256::ZERO
    );
}

#[motsu::test]
fn permit_for_another_chain_fails(token: Contract<AidToken>, alice: Account, bob: Address) {
    let p = permit_of(alice.address(), bob, wad(5), 0, NOW + 60);
    let (v, r, s) = sign_permit(token.address(), 1, alice, &p);

    let err = token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, v, r, s)
        .motsu_unwrap_err();

    assert!(matches!(
        err,
        Error::InvalidSigner(ERC2612InvalidSigner { owner, .. }) if owner == alice.address()
    ));
}

#[motsu::test]
fn permit_past_deadline_fails(token: Contract<AidToken>, alice: Account, bob: Address) {
    let p = permit_of(alice.address(), bob, wad(5), 0, NOW - 1);
    let (v, r, s) = sign_permit(token.address(), CHAIN_ID, alice, &p);

    let err = token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, v, r, s)
        .motsu_unwrap_err();

    assert!(matches!(
        err,
        Error::ExpiredSignature(ERC2612ExpiredSignature { deadline }) if deadline == U256::from(NOW - 1)
    ));
    assert_eq!(
        token.sender(bob).allowance(alice.address(), bob),
        U256::ZERO
    );
    assert_eq!(token.sender(bob).nonces(alice.address()), U256::ZERO);
}

#[motsu::test]
fn permit_replay_fails(token: Contract<AidToken>, alice: Account, bob: Address) {
    let p = permit_of(alice.address(), bob, wad(5), 0, NOW + 60);
    let (v, r, s) = sign_permit(token.address(), CHAIN_ID, alice, &p);
    token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, v, r, s)
        .motsu_unwrap();
    // Bob lowers the allowance; replaying the permit must not restore it.
    token.sender(alice).approve(bob, wad(1)).motsu_unwrap();

    let err = token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, v, r, s)
        .motsu_unwrap_err();

    assert!(matches!(
        err,
        Error::InvalidSigner(ERC2612InvalidSigner { signer, owner })
            if signer != alice.address() && owner == alice.address()
    ));
    assert_eq!(token.sender(bob).allowance(alice.address(), bob), wad(1));
    assert_eq!(token.sender(bob).nonces(alice.address()), U256::from(1));
}

#[motsu::test]
fn permit_rejects_malformed_signatures(token: Contract<AidToken>, alice: Account, bob: Address) {
    let p = permit_of(alice.address(), bob, wad(5), 0, NOW + 60);
    let (v, r, s) = sign_permit(token.address(), CHAIN_ID, alice, &p);

    // The malleable twin (n - s, flipped v) of a valid signature.
    let n = U256::from_str_radix(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
        16,
    )
    .unwrap();
    let high_s: B256 = (n - U256::from_be_bytes(s.0)).into();
    let err = token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, 55 - v, r, high_s)
        .motsu_unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidSignatureS(ECDSAInvalidSignatureS { s }) if s == high_s
    ));

    let err = token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, 0, r, s)
        .motsu_unwrap_err();
    assert!(matches!(err, Error::InvalidSignature(_)));
    assert_eq!(token.sender(bob).nonces(alice.address()), U256::ZERO);
}

#[motsu::test]
fn permit_to_zero_spender_fails(token: Contract<AidToken>, alice: Account, bob: Address) {
    let p = permit_of(alice.address(), Address::ZERO, wad(5), 0, NOW + 60);
    let (v, r, s) = sign_permit(token.address(), CHAIN_ID, alice, &p);

    let err = token
        .sender(bob)
        .permit(p.owner, p.spender, p.value, p.deadline, v, r, s)
        .motsu_unwrap_err();

    assert!(matches!(
        err,
        Error::InvalidSpender(ERC20InvalidSpender { spender }) if spender.is_zero()
    ));
    assert_eq!(token.sender(bob).nonces(alice.address()), U256::ZERO);
}

// The ABI printer build returns a plain tuple, encoded the SDK's way.
#[cfg(not(feature = "export-abi"))]
#[motsu::test]
fn domain_separator_and_eip712_domain(token: Contract<AidToken>, alice: Address) {
    assert_eq!(
        token.sender(alice).domain_separator(),
        expected_domain_separator(token.address(), CHAIN_ID)
    );

    assert_eq!(
        token.sender(alice).eip712_domain(),
        Eip712Domain {
            fields: FixedBytes([0x0f]),
            name: "AI Dollar".into(),
            version: "1".into(),
            chain_id: U256::from(CHAIN_ID),
            verifying_contract: token.address(),
            salt: B256::ZERO,
            extensions: vec![],
        }
    );

    VM::context().set_chain_id(1);
    assert_eq!(
        token.sender(alice).domain_separator(),
        expected_domain_separator(token.address(), 1)
    );
    assert_eq!(token.sender(alice).eip712_domain().chain_id, U256::from(1));
}

// ------------------------------------------------ the Solidity interface

mod abi {
    alloy_sol_types::sol!("../../interfaces/IAidToken.sol");
}
use abi::IAidToken;

/// Runs `call` through the contract's ABI router as `sender`, as a
/// transaction would.
fn route<C: SolCall>(
    token: &Contract<AidToken>,
    sender: Address,
    call: &C,
) -> Result<Vec<u8>, Vec<u8>> {
    let calldata = call.abi_encode();
    let selector = u32::from_be_bytes(calldata[..4].try_into().unwrap());
    let mut contract = token.sender(sender);
    <AidToken as Router<AidToken>>::route(&mut *contract, selector, &calldata[4..])
        .expect("the contract routes every selector of IAidToken.sol")
}

#[motsu::test]
fn every_interface_function_is_routed(token: Contract<AidToken>, alice: Address) {
    use IAidToken::*;

    let calls: Vec<Vec<u8>> = vec![
        nameCall {}.abi_encode(),
        symbolCall {}.abi_encode(),
        decimalsCall {}.abi_encode(),
        totalSupplyCall {}.abi_encode(),
        balanceOfCall { account: alice }.abi_encode(),
        transferCall {
            to: alice,
            value: U256::ZERO,
        }
        .abi_encode(),
        allowanceCall {
            owner: alice,
            spender: alice,
        }
        .abi_encode(),
        approveCall {
            spender: alice,
            value: U256::ZERO,
        }
        .abi_encode(),
        transferFromCall {
            from: alice,
            to: alice,
            value: U256::ZERO,
        }
        .abi_encode(),
        permitCall {
            owner: alice,
            spender: alice,
            value: U256::ZERO,
            deadline: U256::ZERO,
            v: 27,
            r: B256::ZERO,
            s: B256::ZERO,
        }
        .abi_encode(),
        noncesCall { owner: alice }.abi_encode(),
        DOMAIN_SEPARATORCall {}.abi_encode(),
        eip712DomainCall {}.abi_encode(),
        configureMinterCall {
            minter: alice,
            allowance: U256::ZERO,
        }
        .abi_encode(),
        removeMinterCall { minter: alice }.abi_encode(),
        isMinterCall { account: alice }.abi_encode(),
        minterAllowanceCall { minter: alice }.abi_encode(),
        mintCall {
            to: alice,
            amount: U256::ZERO,
        }
        .abi_encode(),
        burnCall { amount: U256::ZERO }.abi_encode(),
        burnFromCall {
            from: alice,
            amount: U256::ZERO,
        }
        .abi_encode(),
        DEFAULT_ADMIN_ROLECall {}.abi_encode(),
        MINTER_ADMIN_ROLECall {}.abi_encode(),
        hasRoleCall {
            role: B256::ZERO,
            account: alice,
        }
        .abi_encode(),
        getRoleAdminCall { role: B256::ZERO }.abi_encode(),
        grantRoleCall {
            role: B256::ZERO,
            account: alice,
        }
        .abi_encode(),
        revokeRoleCall {
            role: B256::ZERO,
            account: alice,
        }
        .abi_encode(),
        renounceRoleCall {
            role: B256::ZERO,
            callerConfirmation: alice,
        }
        .abi_encode(),
        supportsInterfaceCall {
            interfaceId: [0; 4].into(),
        }
        .abi_encode(),
    ];
    // The list above is the whole interface.
    let mut listed: Vec<[u8; 4]> = calls.iter().map(|c| c[..4].try_into().unwrap()).collect();
    let mut declared = IAidTokenCalls::SELECTORS.to_vec();
    listed.sort_unstable();
    declared.sort_unstable();
    assert_eq!(listed, declared);

    for calldata in calls {
        let selector = u32::from_be_bytes(calldata[..4].try_into().unwrap());
        let mut contract = token.sender(alice);
        let routed =
            <AidToken as Router<AidToken>>::route(&mut *contract, selector, &calldata[4..]);
        assert!(routed.is_some(), "selector {selector:#010x} is not routed");
    }
}

// The ABI printer build returns a plain tuple, encoded the SDK's way.
#[cfg(not(feature = "export-abi"))]
#[motsu::test]
fn interface_return_values_decode(token: Contract<AidToken>, admin: Address, minter: Address) {
    use IAidToken::*;
    deploy_with_minter(&token, admin, minter, wad(3));

    let out = route(&token, admin, &eip712DomainCall {}).unwrap();
    let domain = eip712DomainCall::abi_decode_returns(&out, true).unwrap();
    assert_eq!(domain.fields, FixedBytes([0x0f]));
    assert_eq!(domain.name, "AI Dollar");
    assert_eq!(domain.version, "1");
    assert_eq!(domain.chainId, U256::from(CHAIN_ID));
    assert_eq!(domain.verifyingContract, token.address());
    assert_eq!(domain.salt, B256::ZERO);
    assert!(domain.extensions.is_empty());

    let out = route(&token, admin, &decimalsCall {}).unwrap();
    assert_eq!(decimalsCall::abi_decode_returns(&out, true).unwrap()._0, 18);
    let out = route(&token, admin, &minterAllowanceCall { minter }).unwrap();
    assert_eq!(
        minterAllowanceCall::abi_decode_returns(&out, true)
            .unwrap()
            ._0,
        wad(3)
    );
    let out = route(&token, admin, &MINTER_ADMIN_ROLECall {}).unwrap();
    assert_eq!(
        MINTER_ADMIN_ROLECall::abi_decode_returns(&out, true)
            .unwrap()
            ._0,
        keccak256("MINTER_ADMIN_ROLE")
    );

    // Reverts decode as the interface's errors, arguments included.
    let revert = route(
        &token,
        minter,
        &mintCall {
            to: admin,
            amount: wad(4),
        },
    )
    .unwrap_err();
    match IAidTokenErrors::abi_decode(&revert, true).unwrap() {
        IAidTokenErrors::MinterAllowanceExceeded(e) => {
            assert_eq!((e.minter, e.allowance, e.amount), (minter, wad(3), wad(4)));
        }
        _ => panic!("unexpected error"),
    }
    let revert = route(
        &token,
        admin,
        &burnFromCall {
            from: minter,
            amount: wad(1),
        },
    )
    .unwrap_err();
    assert!(matches!(
        IAidTokenErrors::abi_decode(&revert, true).unwrap(),
        IAidTokenErrors::NotMinter(NotMinter { account }) if account == admin
    ));
}

#[test]
fn interface_declares_the_contracts_events_and_errors() {
    use IAidToken::{IAidTokenErrors, IAidTokenEvents};

    for topic in [
        Transfer::SIGNATURE_HASH,
        Approval::SIGNATURE_HASH,
        MinterConfigured::SIGNATURE_HASH,
        MinterRemoved::SIGNATURE_HASH,
        RoleAdminChanged::SIGNATURE_HASH,
        RoleGranted::SIGNATURE_HASH,
        RoleRevoked::SIGNATURE_HASH,
    ] {
        assert!(
            IAidTokenEvents::SELECTORS.contains(&topic.0),
            "{topic} missing"
        );
    }
    assert_eq!(IAidTokenEvents::SELECTORS.len(), 7);
    // Indexed-ness is part of the ABI: compare the topics of the same event.
    let ours = MinterConfigured {
        minter: address!("00000000000000000000000000000000000000aa"),
        allowance: WAD,
    };
    let theirs = IAidToken::MinterConfigured {
        minter: ours.minter,
        allowance: WAD,
    };
    assert_eq!(ours.encode_log_data(), theirs.encode_log_data());
    let ours = MinterRemoved {
        minter: ours.minter,
    };
    let theirs = IAidToken::MinterRemoved {
        minter: ours.minter,
    };
    assert_eq!(ours.encode_log_data(), theirs.encode_log_data());

    let errors = [
        ERC20InsufficientBalance::SELECTOR,
        ERC20InvalidSender::SELECTOR,
        ERC20InvalidReceiver::SELECTOR,
        ERC20InsufficientAllowance::SELECTOR,
        ERC20InvalidSpender::SELECTOR,
        ERC20InvalidApprover::SELECTOR,
        ERC2612ExpiredSignature::SELECTOR,
        ERC2612InvalidSigner::SELECTOR,
        ECDSAInvalidSignature::SELECTOR,
        ECDSAInvalidSignatureS::SELECTOR,
        AccessControlUnauthorizedAccount::SELECTOR,
        AccessControlBadConfirmation::SELECTOR,
        NotMinter::SELECTOR,
        MinterAllowanceExceeded::SELECTOR,
        InvalidMinter::SELECTOR,
        InvalidAdmin::SELECTOR,
        TotalSupplyOverflow::SELECTOR,
    ];
    let mut ours = errors.to_vec();
    let mut declared = IAidTokenErrors::SELECTORS.to_vec();
    ours.sort_unstable();
    declared.sort_unstable();
    assert_eq!(ours, declared);
    // Every variant of `Error` is in the list above.
    let _exhaustive = |e: Error| match e {
        Error::InsufficientBalance(_)
        | Error::InvalidSender(_)
        | Error::InvalidReceiver(_)
        | Error::InsufficientAllowance(_)
        | Error::InvalidSpender(_)
        | Error::InvalidApprover(_)
        | Error::ExpiredSignature(_)
        | Error::InvalidSigner(_)
        | Error::InvalidSignature(_)
        | Error::InvalidSignatureS(_)
        | Error::UnauthorizedAccount(_)
        | Error::BadConfirmation(_)
        | Error::NotMinter(_)
        | Error::MinterAllowanceExceeded(_)
        | Error::InvalidMinter(_)
        | Error::InvalidAdmin(_)
        | Error::TotalSupplyOverflow(_) => (),
    };
}

// -------------------------------------------------------------- invariants

#[derive(Debug, Clone)]
enum Op {
    Mint {
        to: usize,
        amount: U256,
    },
    Burn {
        from: usize,
        amount: U256,
    },
    BurnFrom {
        from: usize,
        amount: U256,
    },
    Transfer {
        from: usize,
        to: usize,
        amount: U256,
    },
}

const HOLDERS: usize = 4;

fn op() -> impl Strategy<Value = Op> {
    // Amounts up to 2^100 wei: large enough to overdraw, small enough to
    // never overflow over a sequence.
    let amount = any::<u128>().prop_map(|a| U256::from(a >> 28));
    prop_oneof![
        (0..HOLDERS, amount.clone()).prop_map(|(to, amount)| Op::Mint { to, amount }),
        (0..HOLDERS, amount.clone()).prop_map(|(from, amount)| Op::Burn { from, amount }),
        (0..HOLDERS, amount.clone()).prop_map(|(from, amount)| Op::BurnFrom { from, amount }),
        (0..HOLDERS, 0..HOLDERS, amount).prop_map(|(from, to, amount)| Op::Transfer {
            from,
            to,
            amount
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Total supply equals the sum of balances, and every operation either
    /// applies exactly or leaves the books untouched.
    #[test]
    fn total_supply_is_the_sum_of_balances(ops in proptest::collection::vec(op(), 1..40)) {
        let token = Contract::<AidToken>::new();
        let admin = Address::with_last_byte(0xad);
        let minter = Address::with_last_byte(0x11);
        let holders: Vec<Address> = (1..=HOLDERS as u8).map(Address::repeat_byte).collect();
        deploy_with_minter(&token, admin, minter, U256::MAX);
        for holder in &holders {
            token.sender(*holder).approve(minter, U256::MAX).motsu_unwrap();
        }
        let mut books = [U256::ZERO; HOLDERS];

        for op in ops {
            match op {
                Op::Mint { to, amount } => {
                    token.sender(minter).mint(holders[to], amount).motsu_unwrap();
                    books[to] += amount;
                }
                Op::Burn { from, amount } => {
                    let ok = token.sender(holders[from]).burn(amount).motsu_res().is_ok();
                    prop_assert_eq!(ok, amount <= books[from]);
                    if ok { books[from] -= amount; }
                }
                Op::BurnFrom { from, amount } => {
                    let ok = token.sender(minter).burn_from(holders[from], amount).motsu_res().is_ok();
                    prop_assert_eq!(ok, amount <= books[from]);
                    if ok { books[from] -= amount; }
                }
                Op::Transfer { from, to, amount } => {
                    let ok = token
                        .sender(holders[from])
                        .transfer(holders[to], amount)
                        .motsu_res()
                        .is_ok();
                    prop_assert_eq!(ok, amount <= books[from]);
                    if ok {
                        books[from] -= amount;
                        books[to] += amount;
                    }
                }
            }
            let mut sum = U256::ZERO;
            for (holder, expected) in holders.iter().zip(books) {
                let balance = token.sender(admin).balance_of(*holder);
                prop_assert_eq!(balance, expected);
                sum += balance;
            }
            prop_assert_eq!(token.sender(admin).total_supply(), sum);
        }
    }
}
