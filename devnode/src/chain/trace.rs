//! Traced re-execution (`debug_traceTransaction`, `debug_traceCall`) and access lists
//! (`eth_createAccessList`): the same execution as [`Chain::transact`] and [`Chain::call`], on the
//! state the transaction or call saw, with a [`Tracer`] in the context or the journal read back.

use super::Chain;
use crate::evm;
use crate::state::StateView;
use crate::state::World;
use crate::stylus::RecentPrograms;
use crate::trace::{Tracer, TracerKind};
use crate::types::{StateOverrides, TxError, TxRequest};
use alloy_primitives::{Address, TxKind, B256};
use revm::context::result::{EVMError, ExecutionResult};
use revm::context::transaction::{AccessList, AccessListItem};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Why a trace could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TraceError {
    /// No transaction with this hash was mined.
    NotFound(B256),
    /// The state the transaction ran on is not kept any more (or was never kept).
    StateUnavailable(String),
    /// The transaction or call cannot run (nonce, funds, gas).
    Tx(TxError),
    /// The tracer failed (a bug).
    Internal(String),
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotFound(h) => write!(f, "transaction {h} not found"),
            Self::StateUnavailable(m) => write!(f, "{m}"),
            Self::Tx(e) => write!(f, "{e}"),
            Self::Internal(m) => write!(f, "tracing failed: {m}"),
        }
    }
}

impl std::error::Error for TraceError {}

/// What `eth_createAccessList` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessListResult {
    /// Accounts and slots the call touches, without the sender, the callee and precompiles.
    pub access_list: AccessList,
    /// Gas the call uses with that access list.
    pub gas_used: u64,
    /// Why the call failed with that access list (`execution reverted`, ...), if it did.
    pub error: Option<String>,
    /// The revert data when the call reverted.
    pub revert_data: Option<alloy_primitives::Bytes>,
}

/// Most rounds of `eth_createAccessList` (each round runs the call with the list found so far;
/// geth stops when a round adds nothing).
const ACCESS_LIST_ROUNDS: usize = 8;

fn tx_error(e: EVMError<std::convert::Infallible>) -> TxError {
    match e {
        EVMError::Transaction(e) => TxError::Invalid(e.to_string()),
        EVMError::Header(e) => TxError::Invalid(e.to_string()),
        other => TxError::Internal(other.to_string()),
    }
}

/// Addresses an access list never names: precompiles (Ethereum's and Arbitrum's, all below
/// 0x100) and the ArbOS state account, whose reads are Stylus bookkeeping, not the program's.
fn excluded(address: &Address) -> bool {
    address.0[..19].iter().all(|b| *b == 0) || *address == crate::precompiles::ARBOS_STATE
}

impl Chain {
    /// The state block `number` ended with, if the chain still has it (an O(1) copy).
    fn state_after(&self, number: u64) -> Option<World> {
        self.past_state(number).map(|p| p.db)
    }

    /// Re-executes the mined transaction `hash` with a tracer: block `n`'s first `i`
    /// transactions are replayed on block `n - 1`'s state, then transaction `i` runs traced.
    /// Returns the tracer's JSON (geth's call frame, or Nitro's host I/O list).
    ///
    /// # Errors
    /// [`TraceError::NotFound`] for an unknown hash; [`TraceError::StateUnavailable`] when the
    /// parent block's state is not kept (see [`Chain::state_at`]).
    pub fn trace_transaction(
        &self,
        hash: B256,
        kind: TracerKind,
    ) -> Result<serde_json::Value, TraceError> {
        let record = self
            .transaction(hash)
            .ok_or(TraceError::NotFound(hash))?
            .clone();
        let number = record.block_number;
        let block = self
            .block(number)
            .ok_or(TraceError::NotFound(hash))?
            .clone();
        // The transaction re-runs on its parent's state.
        let parent = number.saturating_sub(1);
        let mut db = self
            .state_after(parent)
            .ok_or_else(|| unavailable(parent))?;
        let block_env = self.block_env(number, block.timestamp);
        let mut recent = RecentPrograms::default();
        for earlier in block.transactions.iter().take(record.index as usize) {
            let Some(earlier) = self.transaction(*earlier) else {
                continue;
            };
            let tx = &earlier.request;
            let tx_env = self.tx_env(tx, tx.nonce.unwrap_or_default(), false);
            let mut ctx = self.context(
                StateView::new(db.clone()),
                block_env.clone(),
                tx_env,
                false,
                recent,
            );
            let (result, state) = evm::execute(&mut ctx);
            recent = std::mem::take(&mut ctx.chain.recent);
            drop(ctx);
            if result.is_ok() {
                db.commit(state);
            }
        }
        let tx = &record.request;
        let tx_env = self.tx_env(tx, tx.nonce.unwrap_or_default(), false);
        run_traced(
            self.context(StateView::new(db), block_env, tx_env, false, recent),
            kind,
        )
    }

    /// Runs a call with a tracer (`debug_traceCall`) on the state after block `block` (the
    /// latest when `None`), nothing committed.
    ///
    /// # Errors
    /// [`TraceError::StateUnavailable`] for a block whose state is not kept;
    /// [`TraceError::Tx`] when the call cannot run.
    pub fn trace_call(
        &self,
        call: &TxRequest,
        block: Option<u64>,
        overrides: Option<&StateOverrides>,
        kind: TracerKind,
    ) -> Result<serde_json::Value, TraceError> {
        run_traced(self.call_context(call, block, overrides)?, kind)
    }

    /// The access list of a call (`eth_createAccessList`): the accounts and storage slots it
    /// touches, found as geth finds them (run, add what was touched, run again until nothing is
    /// added), and the gas it uses with that list.
    ///
    /// # Errors
    /// As [`Chain::trace_call`].
    pub fn create_access_list(
        &self,
        call: &TxRequest,
        block: Option<u64>,
        overrides: Option<&StateOverrides>,
    ) -> Result<AccessListResult, TraceError> {
        let nonce = call.nonce.unwrap_or_else(|| self.nonce(call.from));
        let to = match call.to {
            TxKind::Call(a) => a,
            TxKind::Create => call.from.create(nonce),
        };
        let mut list = call.access_list.clone();
        let mut rounds = 0;
        loop {
            rounds += 1;
            let mut attempt = call.clone();
            attempt.access_list = list.clone();
            let mut ctx = self.call_context(&attempt, block, overrides)?;
            let (result, state) = evm::execute(&mut ctx);
            let result = result.map_err(|e| TraceError::Tx(tx_error(e)))?;
            // Everything the list named stays (geth starts from it); then what the run touched.
            let mut touched: BTreeMap<Address, std::collections::BTreeSet<B256>> = list
                .iter()
                .map(|i| (i.address, i.storage_keys.iter().copied().collect()))
                .collect();
            let coinbase = self.config.coinbase;
            for (address, account) in &state {
                if *address == call.from || *address == to || excluded(address) {
                    continue;
                }
                // The coinbase is loaded for the fee, not by the code: listed only for its slots.
                if *address == coinbase && account.storage.is_empty() {
                    continue;
                }
                touched.entry(*address).or_default().extend(
                    account
                        .storage
                        .keys()
                        .map(|k| B256::from(k.to_be_bytes::<32>())),
                );
            }
            let found = AccessList(
                touched
                    .into_iter()
                    .map(|(address, keys)| AccessListItem {
                        address,
                        storage_keys: keys.into_iter().collect(),
                    })
                    .collect(),
            );
            if found == list || rounds >= ACCESS_LIST_ROUNDS {
                let (error, revert_data) = match &result {
                    ExecutionResult::Success { .. } => (None, None),
                    ExecutionResult::Revert { output, .. } => {
                        let reason = crate::trace::revert_reason(output);
                        (
                            Some(match reason {
                                Some(r) => format!("execution reverted: {r}"),
                                None => "execution reverted".to_string(),
                            }),
                            Some(output.clone()),
                        )
                    }
                    ExecutionResult::Halt { reason, .. } => (Some(format!("{reason:?}")), None),
                };
                return Ok(AccessListResult {
                    access_list: found,
                    gas_used: result.tx_gas_used(),
                    error,
                    revert_data,
                });
            }
            list = found;
        }
    }

    /// The context of a call on the state after `block` (the latest when `None`): what
    /// [`Chain::call_with_overrides`] builds, for a past block with that block's number and time.
    fn call_context(
        &self,
        call: &TxRequest,
        block: Option<u64>,
        overrides: Option<&StateOverrides>,
    ) -> Result<evm::DevContext, TraceError> {
        let latest = self.block_number();
        let (db, block_env) = match block {
            None => (
                self.state.db.clone(),
                self.block_env(latest + 1, self.next_block_timestamp()),
            ),
            Some(n) if n >= latest => (
                self.state.db.clone(),
                self.block_env(latest + 1, self.next_block_timestamp()),
            ),
            Some(n) => {
                let db = self.state_after(n).ok_or_else(|| unavailable(n))?;
                let timestamp = self.block(n).map_or(0, |b| b.timestamp);
                (db, self.block_env(n, timestamp))
            }
        };
        let mut view = StateView::new(db.clone());
        view.overrides = overrides.map(|o| Arc::new(o.clone()));
        let nonce = call
            .nonce
            .unwrap_or_else(|| crate::chain::read_nonce(&db, call.from));
        let mut tx_env = self.tx_env(call, nonce, true);
        tx_env.gas_price = call.max_fee_per_gas.unwrap_or(0);
        Ok(self.context(view, block_env, tx_env, true, RecentPrograms::default()))
    }
}

fn unavailable(number: u64) -> TraceError {
    TraceError::StateUnavailable(format!(
        "historical state is not available for block {number}: this node keeps the states of \
         the last --state-blocks blocks ({} by default)",
        super::DEFAULT_STATE_BLOCKS
    ))
}

/// Runs the context's transaction with a tracer of `kind` and returns the tracer's result.
fn run_traced(mut ctx: evm::DevContext, kind: TracerKind) -> Result<serde_json::Value, TraceError> {
    let gas_limit = ctx.tx.gas_limit;
    ctx.chain.tracer = Some(Box::new(Tracer::new(kind)));
    let (result, _) = evm::execute(&mut ctx);
    let tracer = ctx
        .chain
        .tracer
        .take()
        .ok_or_else(|| TraceError::Internal("the tracer was lost".into()))?;
    let result = result.map_err(|e| TraceError::Tx(tx_error(e)))?;
    tracer
        .finish(gas_limit, result.tx_gas_used())
        .map_err(TraceError::Internal)
}
