//! A local Stylus chain, in process.
//!
//! No Stylus-capable node runs on this project's machines (Nitro ships only as a Docker image),
//! so the project carries its own: [revm] executes accounts, state and EVM bytecode, and a
//! metered WASM engine ([wasmi], with ink metering injected at activation) executes Stylus
//! programs through every `vm_hooks` host function of stylus-sdk 0.9 and 0.10.
//!
//! - [`Chain`]: create a chain, fund accounts, deploy and activate programs, send transactions
//!   and calls ([`TxRequest`]), read receipts and blocks, move time, snapshot and revert.
//! - [`stylus::activate`]: the activation rules (imports, exports, memory, size) and the
//!   instrumentation; [`stylus::pricing`]: ink and gas prices.
//! - [`precompiles`]: `ArbWasm` (0x71), `ArbWasmCache` (0x72), `ArbSys` (0x64) and `ArbGasInfo`
//!   (0x6c), with `sol!` bindings; [`cache_manager`]: the chain's `CacheManager`.
//! - [`trace`]: geth's `callTracer` and Nitro's `stylusTracer` ([`Chain::trace_transaction`],
//!   [`Chain::trace_call`]) and access lists ([`Chain::create_access_list`]).
//!
//! The differences from Nitro that matter when reading gas numbers are listed in the crate's
//! README ("Differences from Nitro").
#![deny(missing_docs)]

pub mod cache_manager;
pub mod chain;
pub mod config;
pub mod deployer;
mod evm;
pub mod fork;
pub mod precompiles;
pub mod rpc;
mod state;
pub mod stylus;
pub mod trace;
pub mod types;

pub use chain::{
    AccessListResult, AccountDump, Chain, DeployError, PastState, SnapshotId, StateDump,
    StateUnavailable, TraceError, DEFAULT_HISTORY_BLOCKS, DEFAULT_STATE_BLOCKS, ETHER,
};
pub use config::{ChainConfig, StylusParams, TimeMode};
pub use deployer::{deploy_init_code, STYLUS_DEPLOYER};
pub use stylus::StylusProfile;
pub use types::{
    AccountOverride, Block, CallResult, Outcome, Receipt, StateOverrides, TransactionRecord,
    TxError, TxRequest,
};

/// Re-exported primitives the API speaks in.
pub use alloy_primitives::{Address, Bytes, Log, TxKind, B256, U256};
