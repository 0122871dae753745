//! Unit tests of the registry (motsu), one module per area.
//!
//! Every test that moves time uses [`crate::test_clock`]: motsu's block timestamp is fixed.
#![allow(clippy::too_many_arguments)]

use alloc::{string::String, vec::Vec};
use core::fmt::Debug;

use alloy_primitives::{keccak256, uint, Address, B256, U256};
use alloy_sol_types::SolError;
use motsu::prelude::*;
use openzeppelin_stylus::access::control::IAccessControl;

use crate::{
    test_clock, Error, GpuRegistry, APPRAISER_ROLE, PAUSER_ROLE, REGISTRAR_ROLE, RISK_ADMIN_ROLE,
};

mod abi;
mod access;
mod appraisal;
mod erc721;
mod models;
mod properties;
mod registration;
mod retire;
mod valuation;

/// 1e18.
pub(crate) const WAD: U256 = uint!(1_000_000_000_000_000_000_U256);
/// Five years of 365 days.
pub(crate) const LIFE: u64 = 5 * 365 * 24 * 60 * 60;
/// 10% residual floor.
pub(crate) const RESIDUAL_BPS: u16 = 1_000;
/// 30 days.
pub(crate) const MAX_AGE: u64 = 30 * 24 * 60 * 60;
/// Cost of the standard test cluster: 100,000 USD.
pub(crate) const COST: U256 = uint!(100_000_000_000_000_000_000_000_U256);
/// First appraisal of the standard test cluster: 90,000 USD.
pub(crate) const APPRAISAL: U256 = uint!(90_000_000_000_000_000_000_000_U256);
/// GPUs in the standard test cluster.
pub(crate) const GPUS: u32 = 8;
/// Metadata URI of the standard test cluster.
pub(crate) const URI: &str = "ipfs://bafy-docs/cluster";

/// `n` whole dollars in WAD.
pub(crate) fn usd(n: u64) -> U256 {
    U256::from(n) * WAD
}

/// Model id of the H100 used in the tests.
pub(crate) fn h100() -> B256 {
    keccak256("H100-SXM5-80GB")
}

/// A serial hash for the `n`-th test cluster.
pub(crate) fn serial(n: u64) -> B256 {
    keccak256(n.to_be_bytes())
}

/// The current block time as the contract sees it.
pub(crate) fn now() -> u64 {
    crate::now()
}

/// Asserts that `result` failed with exactly `expected` (selector and every argument).
#[track_caller]
pub(crate) fn assert_error<T: Debug>(result: Result<T, Error>, expected: impl SolError) {
    let err = result.motsu_unwrap_err();
    assert_eq!(
        Vec::<u8>::from(err),
        expected.abi_encode(),
        "wrong revert data"
    );
}

/// Makes the calling test run alone from here until its thread ends.
///
/// motsu 0.10 keeps the state of every test in one process-wide sharded map and panics (aborting
/// the test process, from inside a host shim) when a shard stays locked for 10 ms; on a loaded
/// two-core machine another test thread, preempted while holding a shard, does that now and then.
/// Tests therefore take this lock before they run contract code; a thread keeps it until it exits,
/// so a test (or a property-test case) may ask again.
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

/// Deploys the registry with `admin` as admin and every operational role, and the H100 model
/// enabled (5-year life, 10% residual). Resets the test clock. Runs the test alone
/// ([`run_alone`]).
pub(crate) fn deploy(contract: &Contract<GpuRegistry>, admin: Address) {
    run_alone();
    test_clock::reset();
    contract.sender(admin).constructor(admin).motsu_unwrap();
    for role in [REGISTRAR_ROLE, APPRAISER_ROLE, RISK_ADMIN_ROLE, PAUSER_ROLE] {
        contract
            .sender(admin)
            .grant_role(role.into(), admin)
            .motsu_unwrap();
    }
    contract
        .sender(admin)
        .configure_model(h100(), LIFE, RESIDUAL_BPS, true)
        .motsu_unwrap();
}

/// Registers the `n`-th standard cluster (bought now) to `to` and returns its id.
pub(crate) fn register(
    contract: &Contract<GpuRegistry>,
    registrar: Address,
    to: Address,
    n: u64,
) -> U256 {
    register_at(contract, registrar, to, n, now())
}

/// Registers the `n`-th standard cluster, bought at `acquired_at`, to `to`.
pub(crate) fn register_at(
    contract: &Contract<GpuRegistry>,
    registrar: Address,
    to: Address,
    n: u64,
    acquired_at: u64,
) -> U256 {
    contract
        .sender(registrar)
        .register_asset(
            to,
            h100(),
            GPUS,
            serial(n),
            COST,
            acquired_at,
            APPRAISAL,
            String::from(URI),
        )
        .motsu_unwrap()
}
