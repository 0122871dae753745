//! Tests of the minter against the real GpuRegistry, AidToken and SAidVault (motsu runs the
//! cross-contract calls), one module per action.
//!
//! motsu's block timestamp is fixed, so every contract reads time through its test clock and
//! [`World::advance`] moves them all together. Amounts are WAD: `aid(n)`/`usd(n)` are `n` whole
//! units.
#![allow(clippy::too_many_arguments)]

mod abi;
mod borrow;
mod drip;
mod hardening;
mod liquidation;
mod liquidation_properties;
mod params;
mod pledge;
mod properties;
mod repay;
mod withdraw;

use core::fmt::Debug;

use aid_math::{RAY, WAD};
use aid_token::AidToken;
use alloy_primitives::{keccak256, Address, B256, U256};
use alloy_sol_types::SolError;
use gpu_registry::GpuRegistry;
use motsu::prelude::*;
use openzeppelin_stylus::{access::control::IAccessControl, token::erc721::IErc721};
use said_vault::SAidVault;

use aid_liquidator::AidLiquidator;
use aid_support::test_clock;

use crate::{AidMinter, PAUSER_ROLE, RISK_ADMIN_ROLE};

pub(crate) const ADMIN: Address = Address::repeat_byte(0xad);
pub(crate) const ALICE: Address = Address::repeat_byte(0xa1);
pub(crate) const BOB: Address = Address::repeat_byte(0xb0);
pub(crate) const CAROL: Address = Address::repeat_byte(0xc0);
pub(crate) const DAVE: Address = Address::repeat_byte(0xda);
/// An extra AID minter that hands out AID the tests need beyond what positions borrow.
pub(crate) const FAUCET: Address = Address::repeat_byte(0xfa);
/// Receives swept surplus.
pub(crate) const TREASURY: Address = Address::repeat_byte(0x7e);

/// Five years of 365 days: the H100's useful life.
pub(crate) const LIFE: u64 = 5 * YEAR;
/// 365 days.
pub(crate) const YEAR: u64 = 365 * DAY;
pub(crate) const DAY: u64 = 86_400;
pub(crate) const HOUR: u64 = 3_600;
/// The H100's residual floor, bps.
pub(crate) const RESIDUAL_BPS: u16 = 1_000;
/// The registry's default appraisal freshness: 30 days.
pub(crate) const MAX_AGE: u64 = 30 * DAY;

pub(crate) const MIN_RATIO: u16 = 15_000;
pub(crate) const LIQ_RATIO: u16 = 12_500;
pub(crate) const APR_BPS: u16 = 500;
pub(crate) const SAVINGS_BPS: u16 = 9_000;
pub(crate) const AUCTION_START_BPS: u16 = 12_000;
pub(crate) const AUCTION_DURATION: u64 = 6 * HOUR;
pub(crate) const AUCTION_FLOOR_BPS: u16 = 5_000;
pub(crate) const PENALTY_BPS: u16 = 1_000;
pub(crate) const KEEPER_BPS: u16 = 100;
/// Flat keeper tip for a liquidation, whole AID.
pub(crate) const KEEPER_TIP: u64 = 10;
/// Flat tip for a reset, whole AID.
pub(crate) const RESET_TIP: u64 = 5;

/// `n` whole AID.
pub(crate) fn aid(n: u64) -> U256 {
    U256::from(n) * WAD
}

/// `n` whole dollars.
pub(crate) fn usd(n: u64) -> U256 {
    aid(n)
}

/// The model id of the H100 used in the tests.
pub(crate) fn h100() -> B256 {
    keccak256("H100-SXM5-80GB")
}

/// A second model, configured in the registry only where a test says so.
pub(crate) fn a100() -> B256 {
    keccak256("A100-SXM4-80GB")
}

/// Standard cluster: bought for 100,000 USD, appraised at 90,000 USD.
pub(crate) fn cost() -> U256 {
    usd(100_000)
}

pub(crate) fn appraisal() -> U256 {
    usd(90_000)
}

/// Model debt ceiling and global debt ceiling used by [`World::new`].
pub(crate) fn model_ceiling() -> U256 {
    aid(10_000_000)
}

pub(crate) fn global_ceiling() -> U256 {
    aid(50_000_000)
}

pub(crate) fn dust() -> U256 {
    aid(1_000)
}

/// Asserts that `result` reverted with exactly `expected` (selector and every argument).
#[track_caller]
pub(crate) fn assert_revert<T: Debug>(result: Result<T, Vec<u8>>, expected: impl SolError) {
    let err = result.motsu_unwrap_err();
    assert_eq!(err, expected.abi_encode(), "wrong revert data");
}

/// `|a - b| <= tolerance`.
#[track_caller]
pub(crate) fn assert_close(a: U256, b: U256, tolerance: U256) {
    let diff = if a > b { a - b } else { b - a };
    assert!(
        diff <= tolerance,
        "{a} and {b} differ by {diff} > {tolerance}"
    );
}

/// Makes the calling test run alone from here until its thread ends.
///
/// motsu 0.10 keeps every test's state in one process-wide sharded map and panics (from inside a
/// host shim, aborting the test process) when a shard stays locked for 10 ms; on a loaded
/// two-core machine a preempted test thread holding a shard does that now and then. Tests take
/// this lock before they create contracts and keep it until their thread exits, so a test (or a
/// property-test case) may ask again.
pub(crate) fn run_alone() {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    std::thread_local! {
        static HELD: core::cell::RefCell<Option<std::sync::MutexGuard<'static, ()>>> =
            const { core::cell::RefCell::new(None) };
    }
    HELD.with(|held| {
        let mut held = held.borrow_mut();
        if held.is_none() {
            // A test that failed while holding the lock poisons it; the next one may still run.
            *held = Some(
                LOCK.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            );
        }
    });
}

/// The five contracts wired as the deploy tool wires them.
pub(crate) struct World {
    pub minter: Contract<AidMinter>,
    pub liquidator: Contract<AidLiquidator>,
    pub registry: Contract<GpuRegistry>,
    pub aid: Contract<AidToken>,
    pub vault: Contract<SAidVault>,
    /// AID minted by [`FAUCET`] (outside the minter's books).
    pub faucet_minted: core::cell::Cell<U256>,
    /// Serial numbers used so far.
    serials: core::cell::Cell<u64>,
}

impl World {
    /// A fresh deployment at the VM's time: registry with the H100 model (5-year life, 10%
    /// residual), AID with the minter (unlimited) and [`FAUCET`] as minters, the vault with the
    /// minter as yield distributor and loss absorber, and the minter with the vault, the
    /// treasury, the liquidator, the H100 credit parameters and global parameters, and the
    /// liquidator with the auction parameters. ADMIN holds every
    /// role everywhere. Runs the test alone ([`run_alone`]).
    pub fn new() -> Self {
        run_alone();
        Self::reset_clocks();
        let w = World {
            minter: Contract::new(),
            liquidator: Contract::new(),
            registry: Contract::new(),
            aid: Contract::new(),
            vault: Contract::new(),
            faucet_minted: core::cell::Cell::new(U256::ZERO),
            serials: core::cell::Cell::new(0),
        };
        let r = || w.registry.sender(ADMIN);
        r().constructor(ADMIN).motsu_unwrap();
        for role in [
            gpu_registry::REGISTRAR_ROLE,
            gpu_registry::APPRAISER_ROLE,
            gpu_registry::RISK_ADMIN_ROLE,
        ] {
            r().grant_role(role.into(), ADMIN).motsu_unwrap();
        }
        r().configure_model(h100(), LIFE, RESIDUAL_BPS, true)
            .motsu_unwrap();

        w.aid.sender(ADMIN).constructor(ADMIN).motsu_unwrap();
        w.aid
            .sender(ADMIN)
            .configure_minter(w.minter.address(), U256::MAX)
            .motsu_unwrap();
        w.aid
            .sender(ADMIN)
            .configure_minter(FAUCET, U256::MAX)
            .motsu_unwrap();

        w.vault
            .sender(ADMIN)
            .constructor(ADMIN, w.aid.address())
            .motsu_unwrap();
        w.vault
            .sender(ADMIN)
            .grant_role(
                said_vault::YIELD_DISTRIBUTOR_ROLE.into(),
                w.minter.address(),
            )
            .motsu_unwrap();
        w.vault
            .sender(ADMIN)
            .grant_role(
                said_vault::LOSS_ABSORBER_ROLE.into(),
                w.liquidator.address(),
            )
            .motsu_unwrap();

        let m = || w.minter.sender(ADMIN);
        m().constructor(ADMIN, w.registry.address(), w.aid.address())
            .motsu_unwrap();
        m().grant_role(RISK_ADMIN_ROLE.into(), ADMIN).motsu_unwrap();
        m().grant_role(PAUSER_ROLE.into(), ADMIN).motsu_unwrap();
        m().set_vault(w.vault.address()).motsu_unwrap();
        m().set_model_params(h100(), MIN_RATIO, LIQ_RATIO, APR_BPS, model_ceiling())
            .motsu_unwrap();
        m().set_global_params(global_ceiling(), dust(), SAVINGS_BPS)
            .motsu_unwrap();
        w.liquidator
            .sender(ADMIN)
            .constructor(
                ADMIN,
                w.minter.address(),
                w.registry.address(),
                w.aid.address(),
            )
            .motsu_unwrap();
        m().set_liquidator(w.liquidator.address()).motsu_unwrap();
        let l = || w.liquidator.sender(ADMIN);
        l().set_treasury(TREASURY).motsu_unwrap();
        l().grant_role(RISK_ADMIN_ROLE.into(), ADMIN).motsu_unwrap();
        l().set_auction_params(
            AUCTION_START_BPS,
            AUCTION_DURATION,
            AUCTION_FLOOR_BPS,
            PENALTY_BPS,
            KEEPER_BPS,
            aid(KEEPER_TIP),
            aid(RESET_TIP),
        )
        .motsu_unwrap();
        w
    }

    /// Puts the contracts' one test clock back to the VM's timestamp.
    fn reset_clocks() {
        test_clock::reset();
    }

    /// Moves the contracts' clock forward by `seconds`.
    pub fn advance(&self, seconds: u64) {
        test_clock::advance(seconds);
    }

    /// The current time as the contracts see it.
    pub fn now(&self) -> u64 {
        crate::now()
    }

    /// `who` lets the liquidator take `amount` of its AID (to bid).
    pub fn approve_liquidator(&self, who: Address, amount: U256) {
        self.aid
            .sender(who)
            .approve(self.liquidator.address(), amount)
            .motsu_unwrap();
    }

    /// The keeper tip a liquidation of `debt` asks for: flat tip plus the keeper fee.
    pub fn keeper_tip(&self, debt: U256) -> U256 {
        aid(KEEPER_TIP) + debt * U256::from(KEEPER_BPS) / U256::from(10_000)
    }

    pub fn pending_interest(&self) -> U256 {
        self.minter.sender(ALICE).pending_interest()
    }

    pub fn pending_yield(&self) -> U256 {
        self.minter.sender(ALICE).pending_yield()
    }

    /// The vault's admin revokes (`refuse`) or grants back the minter's yield and loss roles.
    pub fn vault_refuses(&self, refuse: bool) {
        for (role, holder) in [
            (said_vault::YIELD_DISTRIBUTOR_ROLE, self.minter.address()),
            (said_vault::LOSS_ABSORBER_ROLE, self.liquidator.address()),
        ] {
            let mut v = self.vault.sender(ADMIN);
            if refuse {
                v.revoke_role(role.into(), holder).motsu_unwrap();
            } else {
                v.grant_role(role.into(), holder).motsu_unwrap();
            }
        }
    }

    /// AID's admin removes (`remove`) the minter as an AID minter, or configures it back.
    pub fn minter_removed(&self, remove: bool) {
        let mut a = self.aid.sender(ADMIN);
        if remove {
            a.remove_minter(self.minter.address()).motsu_unwrap();
        } else {
            a.configure_minter(self.minter.address(), U256::MAX)
                .motsu_unwrap();
        }
    }

    /// Registers a cluster of `model` for `owner`, bought at `acquired_at` for `cost` and
    /// appraised at `appraisal`; returns its token id.
    pub fn register_with(
        &self,
        owner: Address,
        model: B256,
        cost: U256,
        appraisal: U256,
        acquired_at: u64,
    ) -> U256 {
        let n = self.serials.get() + 1;
        self.serials.set(n);
        self.registry
            .sender(ADMIN)
            .register_asset(
                owner,
                model,
                8,
                keccak256(n.to_be_bytes()),
                cost,
                acquired_at,
                appraisal,
                String::from("ipfs://cluster"),
            )
            .motsu_unwrap()
    }

    /// Registers a standard H100 cluster (100,000 USD, appraised 90,000, bought now).
    pub fn register(&self, owner: Address) -> U256 {
        self.register_with(owner, h100(), cost(), appraisal(), self.now())
    }

    /// `owner` sends `token_id` to the minter with `safeTransferFrom`.
    pub fn send_to_minter(&self, owner: Address, token_id: U256) {
        self.registry
            .sender(owner)
            .safe_transfer_from(owner, self.minter.address(), token_id)
            .motsu_unwrap();
    }

    /// Registers a standard cluster for `owner` and pledges it; returns its token id.
    pub fn pledged(&self, owner: Address) -> U256 {
        let id = self.register(owner);
        self.send_to_minter(owner, id);
        id
    }

    /// `who` borrows `amount` AID for itself on `token_id`.
    pub fn borrow(&self, who: Address, token_id: U256, amount: U256) {
        self.minter
            .sender(who)
            .borrow(token_id, amount, who)
            .motsu_unwrap();
    }

    /// `who` repays up to `amount` on `token_id` (approving the minter first); returns what was
    /// repaid.
    pub fn repay(&self, who: Address, token_id: U256, amount: U256) -> U256 {
        self.approve(who, amount);
        self.minter
            .sender(who)
            .repay(token_id, amount)
            .motsu_unwrap()
    }

    /// `who` lets the minter take `amount` of its AID.
    pub fn approve(&self, who: Address, amount: U256) {
        self.aid
            .sender(who)
            .approve(self.minter.address(), amount)
            .motsu_unwrap();
    }

    /// Mints `amount` AID to `who` from the faucet.
    pub fn fund(&self, who: Address, amount: U256) {
        self.aid.sender(FAUCET).mint(who, amount).motsu_unwrap();
        self.faucet_minted.set(self.faucet_minted.get() + amount);
    }

    /// The appraiser sets `token_id`'s appraisal to `value`.
    pub fn appraise(&self, token_id: U256, value: U256) {
        self.registry
            .sender(ADMIN)
            .appraise(token_id, value)
            .motsu_unwrap();
    }

    /// Re-appraises `token_id` at its current appraisal (keeps it fresh).
    pub fn refresh(&self, token_id: U256) {
        let (_, _, _, _, _, appraisal, _) =
            self.registry.sender(ADMIN).asset(token_id).motsu_unwrap();
        self.appraise(token_id, appraisal);
    }

    /// Moves time to the next appraisal window, then refreshes `token_id`: random sequences may
    /// already have moved its appraisal as far as the registry allows in the current window.
    pub fn refresh_in_next_window(&self, token_id: U256) {
        self.advance(gpu_registry::APPRAISAL_WINDOW);
        self.refresh(token_id);
    }

    pub fn aid_of(&self, who: Address) -> U256 {
        self.aid.sender(who).balance_of(who)
    }

    pub fn supply(&self) -> U256 {
        self.aid.sender(ALICE).total_supply()
    }

    pub fn owner_of(&self, token_id: U256) -> Address {
        self.registry
            .sender(ALICE)
            .owner_of(token_id)
            .motsu_unwrap()
    }

    /// Current debt of `token_id` (with undripped interest).
    pub fn debt(&self, token_id: U256) -> U256 {
        self.minter
            .sender(ALICE)
            .position(token_id)
            .motsu_unwrap()
            .3
    }

    /// The health tuple of `token_id`.
    pub fn health(&self, token_id: U256) -> (U256, U256, bool, U256, bool) {
        self.minter.sender(ALICE).health(token_id).motsu_unwrap()
    }

    pub fn drip(&self) -> U256 {
        self.minter.sender(CAROL).drip(h100()).motsu_unwrap()
    }

    pub fn total_debt(&self) -> U256 {
        self.minter.sender(ALICE).total_debt()
    }

    /// The surplus buffer: the liquidator's AID.
    pub fn surplus(&self) -> U256 {
        self.liquidator
            .sender(ALICE)
            .surplus_buffer()
            .motsu_unwrap()
    }

    pub fn unbacked(&self) -> U256 {
        self.liquidator.sender(ALICE).unbacked_debt()
    }

    pub fn vault_aid(&self) -> U256 {
        self.aid.sender(ALICE).balance_of(self.vault.address())
    }

    /// The books balance: AID supply (less the faucet's) plus the interest not minted yet is
    /// the booked debt plus unbacked debt, and the minter holds exactly the vault's pending
    /// share (the surplus buffer is the liquidator's AID).
    #[track_caller]
    pub fn assert_books(&self) {
        // Interest the faucet funded may be burnt before it is minted: add, never subtract.
        assert_eq!(
            self.supply() + self.pending_interest(),
            self.total_debt() + self.unbacked() + self.faucet_minted.get(),
            "AID supply + pendingInterest != totalDebt + unbackedDebt (+ the faucet's)"
        );
        assert_eq!(
            self.aid_of(self.minter.address()),
            self.pending_yield(),
            "minter AID != pendingYield"
        );
    }

    /// The most `token_id` can owe at its current valuation: `value × 10_000 / minRatio`.
    pub fn limit(&self, token_id: U256) -> U256 {
        let (_, value, _, _, _) = self.health(token_id);
        value * U256::from(10_000) / U256::from(MIN_RATIO)
    }

    /// The model's rate accumulator now.
    pub fn rate(&self) -> U256 {
        self.minter
            .sender(ALICE)
            .rate_accumulator(h100())
            .motsu_unwrap()
    }
}

/// How many `E` events the liquidator emitted.
pub(crate) fn count_events<E: alloy_sol_types::SolEvent>(
    contract: &Contract<AidLiquidator>,
) -> usize {
    contract
        .all_events()
        .iter()
        .filter(|log| log.topics().first() == Some(&E::SIGNATURE_HASH))
        .count()
}

/// `a × rate / RAY` rounded up: debt for normalized debt `a`.
pub(crate) fn debt_of(art: U256, rate: U256) -> U256 {
    (art * rate).div_ceil(RAY)
}
