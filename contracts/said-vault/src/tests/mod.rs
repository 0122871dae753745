//! Tests of the vault against the real AidToken (and, for the asset-failure paths, mock assets).
//!
//! Amounts are in AID wei; `aid(n)` is `n` whole AID.

mod abi;
mod admin;
mod erc20;
mod erc4626;
mod exits;
mod exits_props;
mod math_limits;
mod mocks;
mod props;
mod yield_loss;

use std::sync::{Mutex, MutexGuard};

use aid_token::AidToken;
use alloy_primitives::{uint, Address, U256};
use motsu::prelude::*;

use crate::{test_clock, SAidVault, LOSS_ABSORBER_ROLE, PAUSER_ROLE, YIELD_DISTRIBUTOR_ROLE};

/// 1 AID.
pub(crate) const E18: U256 = uint!(1_000_000_000_000_000_000_U256);

/// `n` whole AID.
pub(crate) fn aid(n: u64) -> U256 {
    U256::from(n) * E18
}

/// Runs this crate's VM tests one at a time. motsu keeps every thread's VM in one shared map and
/// panics ("storage is locked") when a call waits more than ~10 ms for it; the long property
/// runs would otherwise starve the tests running next to them.
pub(crate) fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The vault over a real AidToken, with the roles the deploy tool hands out.
pub(crate) struct World {
    pub vault: Contract<SAidVault>,
    pub aid: Contract<AidToken>,
    /// Holds DEFAULT_ADMIN_ROLE and PAUSER_ROLE on the vault, and the AID admin roles.
    pub admin: Address,
    /// Keeps other VM tests out while this world is alive (declared last: fields drop in order,
    /// so the contracts are torn down before the next test starts).
    _serial: MutexGuard<'static, ()>,
}

pub(crate) const ADMIN: Address = Address::repeat_byte(0xad);
/// Stands in for AidMinter: an unlimited AID minter, YIELD_DISTRIBUTOR and LOSS_ABSORBER on the
/// vault.
pub(crate) const MINTER: Address = Address::repeat_byte(0x11);
pub(crate) const ALICE: Address = Address::repeat_byte(0xa1);
pub(crate) const BOB: Address = Address::repeat_byte(0xb0);
pub(crate) const CAROL: Address = Address::repeat_byte(0xc0);

impl World {
    /// A fresh vault and AID, the clock back at the VM's time, with a cooldown of 0: the suites
    /// written for plain ERC-4626 exits run on that instant path; [`World::with_cooldown`] keeps
    /// the deployed default.
    pub fn new() -> Self {
        let world = Self::with_cooldown();
        world.vault.sender(ADMIN).set_cooldown(0).motsu_unwrap();
        world
    }

    /// A fresh vault as deployed: 7-day cooldown.
    pub fn with_cooldown() -> Self {
        let serial = serial();
        test_clock::reset();
        let world = World {
            vault: Contract::new(),
            aid: Contract::new(),
            admin: ADMIN,
            _serial: serial,
        };
        world.aid.sender(ADMIN).constructor(ADMIN).motsu_unwrap();
        world
            .aid
            .sender(ADMIN)
            .configure_minter(MINTER, U256::MAX)
            .motsu_unwrap();
        world
            .vault
            .sender(ADMIN)
            .constructor(ADMIN, world.aid.address())
            .motsu_unwrap();
        for role in [YIELD_DISTRIBUTOR_ROLE, LOSS_ABSORBER_ROLE] {
            world
                .vault
                .sender(ADMIN)
                .grant_role(role.into(), MINTER)
                .motsu_unwrap();
        }
        world
            .vault
            .sender(ADMIN)
            .grant_role(PAUSER_ROLE.into(), ADMIN)
            .motsu_unwrap();
        world
    }

    /// Mints `amount` AID to `who` and lets the vault pull all of `who`'s AID.
    pub fn fund(&self, who: Address, amount: U256) {
        self.aid.sender(MINTER).mint(who, amount).motsu_unwrap();
        self.aid
            .sender(who)
            .approve(self.vault.address(), U256::MAX)
            .motsu_unwrap();
    }

    /// `who` deposits `amount` fresh AID for itself; returns the shares.
    pub fn deposit(&self, who: Address, amount: U256) -> U256 {
        self.fund(who, amount);
        self.vault.sender(who).deposit(amount, who).motsu_unwrap()
    }

    /// `who` redeems all its shares to itself; returns the AID paid.
    pub fn redeem_all(&self, who: Address) -> U256 {
        let shares = self.shares(who);
        self.vault
            .sender(who)
            .redeem(shares, who, who)
            .motsu_unwrap()
    }

    /// The minter mints and distributes `amount` AID of yield.
    pub fn distribute(&self, amount: U256) {
        self.fund(MINTER, amount);
        self.vault
            .sender(MINTER)
            .distribute_yield(amount)
            .motsu_unwrap();
    }

    /// `who` sends `amount` fresh AID straight to the vault (a donation, vested at once).
    pub fn donate(&self, who: Address, amount: U256) {
        self.aid.sender(MINTER).mint(who, amount).motsu_unwrap();
        self.aid
            .sender(who)
            .transfer(self.vault.address(), amount)
            .motsu_unwrap();
    }

    /// `who`'s AID balance.
    pub fn aid_of(&self, who: Address) -> U256 {
        self.aid.sender(who).balance_of(who)
    }

    /// `who`'s sAID balance.
    pub fn shares(&self, who: Address) -> U256 {
        self.vault.sender(who).balance_of(who)
    }

    /// The vault's AID balance.
    pub fn vault_aid(&self) -> U256 {
        self.aid.sender(ALICE).balance_of(self.vault.address())
    }

    pub fn total_assets(&self) -> U256 {
        self.vault.sender(ALICE).total_assets().motsu_unwrap()
    }

    pub fn unvested(&self) -> U256 {
        self.vault.sender(ALICE).unvested_yield()
    }

    /// What `who`'s shares are worth now.
    pub fn value_of(&self, who: Address) -> U256 {
        let shares = self.shares(who);
        self.vault
            .sender(who)
            .convert_to_assets(shares)
            .motsu_unwrap()
    }

    /// `who` requests the redemption of `shares` for itself.
    pub fn request(&self, who: Address, shares: U256) {
        self.vault
            .sender(who)
            .request_redeem(shares, who, who)
            .motsu_unwrap();
    }

    /// `who` claims its whole claimable request to itself; returns the AID paid.
    pub fn claim_all(&self, who: Address) -> U256 {
        let shares = self.vault.sender(who).max_redeem(who).motsu_unwrap();
        self.vault
            .sender(who)
            .redeem(shares, who, who)
            .motsu_unwrap()
    }

    /// The minter books a loss of `amount`; returns what the vault absorbed.
    pub fn loss(&self, amount: U256) -> U256 {
        self.vault.sender(MINTER).absorb_loss(amount).motsu_unwrap()
    }
}

/// `|a - b| <= tolerance`.
pub(crate) fn assert_close(a: U256, b: U256, tolerance: U256) {
    let diff = if a > b { a - b } else { b - a };
    assert!(
        diff <= tolerance,
        "{a} and {b} differ by {diff} > {tolerance}"
    );
}
