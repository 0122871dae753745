//! Assets that misbehave in ways AidToken never does: answering `false`, or answering nothing.
//! The vault must fail with `SafeErc20FailedOperation(asset)` instead of trusting them.

use alloy_primitives::{Address, U256};
use motsu::prelude::*;
use stylus_sdk::{
    prelude::*,
    storage::{StorageBool, StorageU256},
};

use super::{aid, serial, ADMIN, ALICE, MINTER};
use crate::{
    Error, SAidVault, SAidVaultMathOverflow, SafeErc20FailedOperation, LOSS_ABSORBER_ROLE,
    YIELD_DISTRIBUTOR_ROLE,
};

/// Moves nothing; reports a settable balance; answers `true`, or `false` once told to fail.
#[storage]
pub struct FalseToken {
    balance: StorageU256,
    fail: StorageBool,
}

unsafe impl TopLevelStorage for FalseToken {}

#[public]
impl FalseToken {
    fn set_balance(&mut self, balance: U256) {
        self.balance.set(balance);
    }

    fn set_fail(&mut self, fail: bool) {
        self.fail.set(fail);
    }

    fn balance_of(&self, _account: Address) -> U256 {
        self.balance.get()
    }

    fn transfer(&mut self, _to: Address, _value: U256) -> bool {
        !self.fail.get()
    }

    fn transfer_from(&mut self, _from: Address, _to: Address, _value: U256) -> bool {
        !self.fail.get()
    }

    fn burn(&mut self, _value: U256) {}
}

/// Has the functions but returns no data from any of them.
#[storage]
pub struct SilentToken {
    #[allow(dead_code)]
    unused: StorageBool,
}

unsafe impl TopLevelStorage for SilentToken {}

#[public]
impl SilentToken {
    fn balance_of(&self, _account: Address) {}

    fn transfer(&mut self, _to: Address, _value: U256) {}

    fn transfer_from(&mut self, _from: Address, _to: Address, _value: U256) {}

    fn burn(&mut self, _value: U256) {}
}

fn vault_over(vault: &Contract<SAidVault>, asset: Address) {
    vault.sender(ADMIN).constructor(ADMIN, asset).motsu_unwrap();
    for role in [YIELD_DISTRIBUTOR_ROLE, LOSS_ABSORBER_ROLE] {
        vault
            .sender(ADMIN)
            .grant_role(role.into(), MINTER)
            .motsu_unwrap();
    }
    // Instant exits, so a failing asset is met on the exit paths themselves.
    vault.sender(ADMIN).set_cooldown(0).motsu_unwrap();
}

#[test]
fn an_asset_answering_false_is_a_failed_operation() {
    let _serial = serial();
    let (vault, token) = (Contract::<SAidVault>::new(), Contract::<FalseToken>::new());
    vault_over(&vault, token.address());
    let failed = Error::FailedOperation(SafeErc20FailedOperation {
        token: token.address(),
    });

    // While the token says `true`, Alice gets shares (the mock moves nothing, the balance is set).
    vault.sender(ALICE).deposit(aid(10), ALICE).motsu_unwrap();
    token.sender(ALICE).set_balance(aid(10));

    token.sender(ALICE).set_fail(true);
    assert_eq!(
        vault
            .sender(ALICE)
            .deposit(aid(1), ALICE)
            .motsu_unwrap_err(),
        failed
    );
    assert_eq!(
        vault.sender(ALICE).mint(aid(1), ALICE).motsu_unwrap_err(),
        failed
    );
    assert_eq!(
        vault
            .sender(ALICE)
            .withdraw(aid(1), ALICE, ALICE)
            .motsu_unwrap_err(),
        failed
    );
    assert_eq!(
        vault
            .sender(ALICE)
            .redeem(aid(1), ALICE, ALICE)
            .motsu_unwrap_err(),
        failed
    );
    assert_eq!(
        vault
            .sender(MINTER)
            .distribute_yield(aid(1))
            .motsu_unwrap_err(),
        failed
    );
    // Every failure rolled back: Alice still has all her shares and no schedule was recorded.
    assert_eq!(vault.sender(ALICE).balance_of(ALICE), aid(10));
    assert_eq!(vault.sender(ALICE).total_supply(), aid(10));
    assert_eq!(vault.sender(ALICE).vesting_end(), 0);
}

#[test]
fn an_asset_answering_nothing_is_a_failed_operation() {
    let _serial = serial();
    let (vault, token) = (Contract::<SAidVault>::new(), Contract::<SilentToken>::new());
    vault_over(&vault, token.address());
    let failed = Error::FailedOperation(SafeErc20FailedOperation {
        token: token.address(),
    });

    assert_eq!(
        vault.sender(ALICE).total_assets().motsu_unwrap_err(),
        failed
    );
    assert_eq!(
        vault.sender(ALICE).max_deposit(ALICE).motsu_unwrap_err(),
        failed
    );
    assert_eq!(
        vault
            .sender(ALICE)
            .deposit(aid(1), ALICE)
            .motsu_unwrap_err(),
        failed
    );
    assert_eq!(
        vault.sender(MINTER).absorb_loss(aid(1)).motsu_unwrap_err(),
        failed
    );
    assert_eq!(
        vault
            .sender(MINTER)
            .distribute_yield(aid(1))
            .motsu_unwrap_err(),
        failed
    );
}

/// Reachable only with an asset that reports transfers it never made: a distribution whose
/// amount plus the unvested remainder overflows is a typed error, and nothing is recorded.
#[test]
fn a_distribution_overflowing_the_schedule_is_refused() {
    let _serial = serial();
    let (vault, token) = (Contract::<SAidVault>::new(), Contract::<FalseToken>::new());
    vault_over(&vault, token.address());
    vault
        .sender(MINTER)
        .distribute_yield(U256::MAX)
        .motsu_unwrap();
    let end = vault.sender(ALICE).vesting_end();

    let err = vault
        .sender(MINTER)
        .distribute_yield(U256::from(1))
        .motsu_unwrap_err();
    assert_eq!(
        err,
        Error::MathOverflow(SAidVaultMathOverflow {
            amount: U256::from(1)
        })
    );
    // No one is staked, so the first distribution was deferred.
    assert_eq!(vault.sender(ALICE).deferred_yield(), U256::MAX);
    assert_eq!(vault.sender(ALICE).vesting_end(), end);
}
