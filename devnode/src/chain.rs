//! [`Chain`]: the local Stylus chain and its in-process API.

use crate::config::{ChainConfig, TimeMode};
use crate::evm::{self, DevContext};
use crate::fork::RemoteSource;
use crate::precompiles::{ARBOS_STATE, ARB_GAS_INFO, ARB_SYS, ARB_WASM, ARB_WASM_CACHE};
use crate::state::{StateView, World};
use crate::stylus::{ProgramCache, RecentPrograms, Runtime, StylusProfile};
use crate::types::{
    Block, CallResult, Outcome, Receipt, StateOverrides, TransactionRecord, TxError, TxRequest,
};
use alloy_primitives::{Address, Bytes, TxKind, B256, U256};
use alloy_sol_types::SolCall;
use revm::context::result::{EVMError, ExecutionResult, Output};
use revm::context::{BlockEnv, CfgEnv, Context, TxEnv};
use revm::database_interface::DatabaseRef;
use revm::state::{AccountInfo, Bytecode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

mod batch;
mod history;

use history::History;
pub use history::{StateUnavailable, DEFAULT_HISTORY_BLOCKS, DEFAULT_STATE_BLOCKS};
mod trace;
pub use trace::{AccessListResult, TraceError};

/// Identifies a snapshot taken with [`Chain::snapshot`].
pub type SnapshotId = u64;

/// One ether in wei.
pub const ETHER: u128 = 1_000_000_000_000_000_000;

/// Why a deployment helper failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployError {
    /// The transaction was not executed.
    Tx(TxError),
    /// The transaction was executed and failed; the receipt tells how.
    Failed(Box<Receipt>),
}

impl std::fmt::Display for DeployError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Tx(e) => write!(f, "{e}"),
            Self::Failed(r) => {
                write!(
                    f,
                    "deployment failed ({:?}, output 0x{})",
                    r.outcome,
                    alloy_primitives::hex::encode(&r.output)
                )?;
                for line in &r.console {
                    write!(f, "; {line}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for DeployError {}

impl From<TxError> for DeployError {
    fn from(e: TxError) -> Self {
        Self::Tx(e)
    }
}

/// A local Stylus chain, in process.
///
/// Every transaction is mined in its own block (automine). State is in memory, in persistent
/// maps: the states of the last [`ChainConfig::state_blocks`] blocks stay readable
/// ([`Chain::state_at`], [`Chain::call_at`]) at a cost of what each block changed, and snapshots
/// take O(1) time and memory. Blocks, receipts and transactions of the last
/// [`ChainConfig::history_blocks`] blocks are kept. Compiled programs are cached across
/// transactions and snapshots.
///
/// ```
/// use devnode::{Chain, TxRequest, config::DEV_ACCOUNT};
/// use alloy_primitives::{Address, U256};
///
/// let mut chain = Chain::dev();
/// let to = Address::repeat_byte(0x11);
/// let receipt = chain.transact(TxRequest::call(DEV_ACCOUNT, to, vec![]).with_value(U256::from(5))).unwrap();
/// assert!(receipt.status);
/// assert_eq!(chain.balance(to), U256::from(5));
/// ```
#[derive(Debug)]
pub struct Chain {
    config: Arc<ChainConfig>,
    cache: Arc<ProgramCache>,
    state: History,
    snapshots: BTreeMap<SnapshotId, History>,
    next_snapshot: SnapshotId,
    profile: Option<StylusProfile>,
    /// Transactions dropped from the history window since [`Chain::take_pruned_transactions`]
    /// (`None` until it is first called: nobody is interested).
    pruned: Option<Vec<B256>>,
}

/// The state after one block, for reads (balance, nonce, code, storage) and calls
/// ([`Chain::call_at`]). Holding it costs nothing: it shares its maps with the chain.
#[derive(Debug, Clone)]
pub struct PastState {
    db: World,
    number: u64,
    timestamp: u64,
    base_fee: u64,
    latest: bool,
}

impl PastState {
    /// The block whose state this is.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// An account's balance.
    pub fn balance(&self, address: Address) -> U256 {
        read_balance(&self.db, address)
    }

    /// An account's nonce.
    pub fn nonce(&self, address: Address) -> u64 {
        read_nonce(&self.db, address)
    }

    /// An account's code.
    pub fn code(&self, address: Address) -> Bytes {
        read_code(&self.db, address)
    }

    /// One storage slot.
    pub fn storage(&self, address: Address, slot: U256) -> U256 {
        self.db.storage_ref(address, slot).unwrap_or_default()
    }
}

fn read_balance(db: &World, address: Address) -> U256 {
    db.basic_ref(address)
        .ok()
        .flatten()
        .map_or(U256::ZERO, |a| a.balance)
}

fn read_nonce(db: &World, address: Address) -> u64 {
    db.basic_ref(address).ok().flatten().map_or(0, |a| a.nonce)
}

fn read_code(db: &World, address: Address) -> Bytes {
    let Some(info) = db.basic_ref(address).ok().flatten() else {
        return Bytes::new();
    };
    match info.code {
        Some(code) => code.original_bytes(),
        None => db
            .code_by_hash_ref(info.code_hash)
            .map(|c| c.original_bytes())
            .unwrap_or_default(),
    }
}

/// A serializable dump of a chain's accounts, for saving and restoring state.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StateDump {
    /// Accounts by address.
    pub accounts: BTreeMap<Address, AccountDump>,
}

/// One account of a [`StateDump`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountDump {
    /// Balance in wei.
    pub balance: U256,
    /// Nonce.
    pub nonce: u64,
    /// Code.
    pub code: Bytes,
    /// Non-zero storage slots.
    pub storage: BTreeMap<U256, U256>,
}

impl Chain {
    /// A chain with the given configuration: the genesis block, the precompiles, no funded accounts.
    pub fn new(config: ChainConfig) -> Self {
        let mut db = World::default();
        // Precompiles carry a byte of code so `extcodesize` checks in Solidity callers pass.
        for precompile in [ARB_SYS, ARB_WASM, ARB_WASM_CACHE, ARB_GAS_INFO] {
            let code = Bytecode::new_raw(Bytes::from_static(&[0xFE]));
            db.insert_account_info(
                precompile,
                AccountInfo {
                    code_hash: code.hash_slow(),
                    code: Some(code),
                    ..Default::default()
                },
            );
        }
        // The ArbOS state account must never look empty, or state clearing would drop it.
        db.insert_account_info(
            ARBOS_STATE,
            AccountInfo {
                nonce: 1,
                ..Default::default()
            },
        );
        let genesis_time = config.genesis_timestamp;
        let hash = Block::compute_hash(B256::ZERO, 0, genesis_time, &[]);
        db.set_block_hash(0, hash);
        let genesis = Block {
            number: 0,
            hash,
            parent_hash: B256::ZERO,
            timestamp: genesis_time,
            gas_limit: config.block_gas_limit,
            gas_used: 0,
            base_fee: config.base_fee,
            coinbase: config.coinbase,
            transactions: Vec::new(),
        };
        let mut chain = Self {
            config: Arc::new(config),
            cache: Arc::new(ProgramCache::default()),
            state: History::new(db, genesis, genesis_time),
            snapshots: BTreeMap::new(),
            next_snapshot: 1,
            profile: None,
            pruned: None,
        };
        crate::cache_manager::install(&mut chain);
        chain
    }

    /// The Nitro dev node's chain: default configuration, [`crate::config::DEV_ACCOUNT`] funded
    /// with one million ether.
    pub fn dev() -> Self {
        let mut chain = Self::new(ChainConfig::default());
        chain.set_balance(
            crate::config::DEV_ACCOUNT,
            U256::from(1_000_000u64) * U256::from(ETHER),
        );
        chain
    }

    /// The chain's configuration.
    pub fn config(&self) -> &ChainConfig {
        &self.config
    }

    // -- accounts ------------------------------------------------------------------------------

    fn db_mut(&mut self) -> &mut World {
        &mut self.state.db
    }

    fn account_mut(&mut self, address: Address) -> &mut crate::state::StoredAccount {
        // A forked chain's account starts as the remote one (empty otherwise).
        self.db_mut().account_mut(address)
    }

    /// Sets an account's balance.
    pub fn set_balance(&mut self, address: Address, balance: U256) {
        self.account_mut(address).info.balance = balance;
    }

    /// Adds wei to an account's balance.
    pub fn fund(&mut self, address: Address, amount: U256) {
        let account = self.account_mut(address);
        account.info.balance = account.info.balance.saturating_add(amount);
    }

    /// Sets an account's nonce.
    pub fn set_nonce(&mut self, address: Address, nonce: u64) {
        self.account_mut(address).info.nonce = nonce;
    }

    /// Sets an account's code (no constructor runs; a Stylus program still needs activation).
    pub fn set_code(&mut self, address: Address, code: Bytes) {
        let bytecode = Bytecode::new_raw(code);
        let hash = bytecode.hash_slow();
        self.db_mut().insert_code(hash, bytecode.clone());
        let account = self.account_mut(address);
        account.info.code_hash = hash;
        account.info.code = Some(bytecode);
    }

    /// Sets one storage slot of an account.
    pub fn set_storage(&mut self, address: Address, slot: U256, value: U256) {
        self.db_mut().set_storage(address, slot, value);
    }

    /// An account's balance.
    pub fn balance(&self, address: Address) -> U256 {
        read_balance(&self.state.db, address)
    }

    /// An account's nonce.
    pub fn nonce(&self, address: Address) -> u64 {
        read_nonce(&self.state.db, address)
    }

    /// An account's code.
    pub fn code(&self, address: Address) -> Bytes {
        read_code(&self.state.db, address)
    }

    /// One storage slot of an account.
    pub fn storage(&self, address: Address, slot: U256) -> U256 {
        self.state.db.storage_ref(address, slot).unwrap_or_default()
    }

    /// Reads state this chain has not written from `source` (fork mode). Call it on a new
    /// chain, before anything else touches state.
    pub fn set_fork_source(&mut self, source: Arc<dyn RemoteSource>) {
        self.db_mut().remote = crate::fork::ForkDb(Some(source));
        self.state.reset_states();
    }

    /// In fork mode, the first remote read that failed since the last call (and forgets it).
    /// Whatever was computed since then rests on an empty answer and must not be used.
    pub fn take_fork_failure(&self) -> Option<String> {
        self.state.db.remote.take_failure()
    }

    /// The state after block `number`, if kept: the current state for the latest block, the
    /// state each of the last [`ChainConfig::state_blocks`] blocks left otherwise.
    ///
    /// # Errors
    /// [`StateUnavailable`] for a block after the latest or whose state is no longer kept.
    pub fn state_at(&self, number: u64) -> Result<PastState, StateUnavailable> {
        let db = self.state.state(number, self.state_window())?.clone();
        let block = self
            .block(number)
            .expect("a block whose state is kept is kept");
        Ok(PastState {
            db,
            number,
            timestamp: block.timestamp,
            base_fee: block.base_fee,
            latest: number == self.block_number(),
        })
    }

    /// The state of block `number`, if kept (see [`Chain::state_at`]).
    pub fn past_state(&self, number: u64) -> Option<PastState> {
        self.state_at(number).ok()
    }

    /// How many blocks' states are kept.
    fn state_window(&self) -> u64 {
        let states = self.config.state_blocks.max(1);
        match self.config.history_blocks {
            0 => states,
            blocks => states.min(blocks),
        }
    }

    /// The oldest block whose state is kept.
    pub fn oldest_state_block(&self) -> u64 {
        self.state.oldest_state()
    }

    /// The oldest block kept (with its receipts and transactions); older ones were pruned.
    pub fn oldest_block(&self) -> u64 {
        self.state.oldest_block()
    }

    /// Hashes of the transactions pruned from the history window since the last call, for
    /// whoever keeps data per transaction next to the chain (the RPC node's signed envelopes).
    /// The first call starts recording them (empty until then, so a chain nobody asks keeps no
    /// list).
    pub fn take_pruned_transactions(&mut self) -> Vec<B256> {
        std::mem::take(self.pruned.get_or_insert_with(Vec::new))
    }

    // -- blocks and time -------------------------------------------------------------------------

    /// Number of the latest block.
    pub fn block_number(&self) -> u64 {
        self.state.latest_number()
    }

    /// The latest block.
    pub fn latest_block(&self) -> &Block {
        self.state.latest()
    }

    /// A block by number (`None` beyond the latest or pruned).
    pub fn block(&self, number: u64) -> Option<&Block> {
        self.state.block(number)
    }

    /// A block by hash.
    pub fn block_by_hash(&self, hash: B256) -> Option<&Block> {
        self.state.number_of(&hash).and_then(|n| self.block(n))
    }

    /// A receipt by transaction hash.
    pub fn receipt(&self, hash: B256) -> Option<&Receipt> {
        self.state.receipt(&hash)
    }

    /// A transaction by hash.
    pub fn transaction(&self, hash: B256) -> Option<&TransactionRecord> {
        self.state.transaction(&hash)
    }

    /// The receipts of a block, in transaction order.
    pub fn block_receipts(&self, number: u64) -> Vec<&Receipt> {
        self.block(number)
            .map(|b| {
                b.transactions
                    .iter()
                    .filter_map(|h| self.state.receipt(h))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The timestamp the next block will get.
    pub fn next_block_timestamp(&self) -> u64 {
        let latest = self.latest_block().timestamp;
        if let Some(t) = self.state.next_timestamp {
            return t.max(latest);
        }
        match self.config.time {
            TimeMode::Manual => self.state.time.max(latest),
            TimeMode::WallClock => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                (now + self
                    .state
                    .time
                    .saturating_sub(self.config.genesis_timestamp))
                .max(latest)
            }
        }
    }

    /// Moves time forward by `seconds` for the following blocks.
    pub fn increase_time(&mut self, seconds: u64) {
        self.state.time = self.state.time.saturating_add(seconds);
        if let Some(t) = self.state.next_timestamp.as_mut() {
            *t = t.saturating_add(seconds);
        }
    }

    /// Sets the timestamp of the next block (later blocks continue from it).
    pub fn set_next_block_timestamp(&mut self, timestamp: u64) {
        self.state.next_timestamp = Some(timestamp);
    }

    /// Mines an empty block and returns it.
    pub fn mine(&mut self) -> &Block {
        let timestamp = self.next_block_timestamp();
        let parent = self.state.db.clone();
        self.push_block(timestamp, Vec::new(), 0, parent);
        self.latest_block()
    }

    /// Mines `count` empty blocks.
    pub fn mine_blocks(&mut self, count: u64) {
        for _ in 0..count {
            self.mine();
        }
    }

    /// Appends a block on top of `parent`, the state it started from (the state of the block
    /// before it from now on); the block's changes are in the current state already.
    fn push_block(
        &mut self,
        timestamp: u64,
        transactions: Vec<B256>,
        gas_used: u64,
        parent: World,
    ) -> B256 {
        let parent_hash = self.latest_block().hash;
        let number = self.block_number() + 1;
        let hash = Block::compute_hash(parent_hash, number, timestamp, &transactions);
        self.db_mut().set_block_hash(number, hash);
        let block = Block {
            number,
            hash,
            parent_hash,
            timestamp,
            gas_limit: self.config.block_gas_limit,
            gas_used,
            base_fee: self.config.base_fee,
            coinbase: self.config.coinbase,
            transactions,
        };
        if let Some(t) = self.state.next_timestamp.take() {
            self.state.time = t;
        }
        let (states, blocks) = (self.config.state_blocks, self.config.history_blocks);
        let mut pruned = Vec::new();
        self.state.push(block, parent, states, blocks, &mut pruned);
        if let Some(list) = self.pruned.as_mut() {
            list.extend(pruned);
        }
        hash
    }

    // -- snapshots -------------------------------------------------------------------------------

    /// Saves the whole chain (state, past states, blocks, receipts, time); returns an id for
    /// [`Chain::revert`]. O(1) in time and memory: the snapshot shares every structure with the
    /// chain, and later writes copy only what they change.
    pub fn snapshot(&mut self) -> SnapshotId {
        let id = self.next_snapshot;
        self.next_snapshot += 1;
        self.snapshots.insert(id, self.state.clone());
        id
    }

    /// Restores a snapshot. The snapshot and every later one are consumed; returns whether the id
    /// was known.
    pub fn revert(&mut self, id: SnapshotId) -> bool {
        let Some(saved) = self.snapshots.remove(&id) else {
            return false;
        };
        self.snapshots.retain(|k, _| *k < id);
        self.state = saved;
        true
    }

    // -- state dump ------------------------------------------------------------------------------

    /// Dumps every account of the current state (balances, nonces, code, storage; including
    /// activation records).
    pub fn dump_state(&self) -> StateDump {
        let db = &self.state.db;
        let accounts = db.accounts().map(|(address, account)| {
            let code = match &account.info.code {
                Some(c) => c.original_bytes(),
                None => db
                    .stored_code(&account.info.code_hash)
                    .map(|c| c.original_bytes())
                    .unwrap_or_default(),
            };
            let storage = account
                .storage
                .iter()
                .filter(|(_, v)| !v.is_zero())
                .map(|(k, v)| (*k, *v))
                .collect();
            let dump = AccountDump {
                balance: account.info.balance,
                nonce: account.info.nonce,
                code,
                storage,
            };
            (address, dump)
        });
        StateDump {
            accounts: accounts.collect(),
        }
    }

    /// Loads accounts from a dump, replacing those it names.
    pub fn load_state(&mut self, dump: &StateDump) {
        for (address, account) in &dump.accounts {
            self.set_balance(*address, account.balance);
            self.set_nonce(*address, account.nonce);
            if !account.code.is_empty() {
                self.set_code(*address, account.code.clone());
            }
            let slots = account.storage.iter().map(|(k, v)| (*k, *v));
            self.db_mut().replace_storage(*address, slots);
        }
    }

    // -- execution -------------------------------------------------------------------------------

    /// Turns Stylus profiling on (or off): time spent instantiating, executing and in host
    /// functions is accumulated into [`Chain::stylus_profile`].
    pub fn set_profiling(&mut self, on: bool) {
        self.profile = on.then(StylusProfile::default);
    }

    /// Accumulated Stylus profile since profiling was turned on.
    pub fn stylus_profile(&self) -> Option<StylusProfile> {
        self.profile
    }

    fn block_env(&self, number: u64, timestamp: u64) -> BlockEnv {
        BlockEnv {
            number: U256::from(number),
            beneficiary: self.config.coinbase,
            timestamp: U256::from(timestamp),
            gas_limit: self.config.block_gas_limit,
            basefee: self.config.base_fee,
            difficulty: U256::ZERO,
            prevrandao: Some(B256::ZERO),
            ..Default::default()
        }
    }

    fn tx_env(&self, tx: &TxRequest, nonce: u64, call: bool) -> TxEnv {
        let base_fee = if call {
            0
        } else {
            self.config.base_fee as u128
        };
        TxEnv {
            tx_type: 2,
            caller: tx.from,
            gas_limit: tx.effective_gas_limit(),
            gas_price: tx.max_fee_per_gas.unwrap_or(base_fee).max(base_fee),
            kind: tx.to,
            value: tx.value,
            data: tx.input.clone(),
            nonce,
            chain_id: Some(self.config.chain_id),
            access_list: tx.access_list.clone(),
            gas_priority_fee: Some(0),
            ..Default::default()
        }
    }

    /// A context for one transaction or call; `recent` is the block's recent-program list so far
    /// (empty for the first transaction of a block and for calls).
    fn context(
        &self,
        view: StateView,
        block: BlockEnv,
        tx: TxEnv,
        call: bool,
        recent: RecentPrograms,
    ) -> DevContext {
        let mut cfg = CfgEnv::new_with_spec(self.config.spec);
        cfg.chain_id = self.config.chain_id;
        cfg.disable_eip3541 = true;
        if call {
            cfg.disable_base_fee = true;
            cfg.disable_nonce_check = true;
            cfg.disable_block_gas_limit = true;
            cfg.disable_eip3607 = true;
        }
        let mut runtime = Runtime::new(self.config.clone(), self.cache.clone(), recent);
        runtime.profile = self.profile.map(|_| StylusProfile::default());
        Context::<BlockEnv, TxEnv, CfgEnv, StateView, revm::Journal<StateView>, ()>::new(
            view,
            self.config.spec,
        )
        .with_block(block)
        .with_tx(tx)
        .with_cfg(cfg)
        .with_chain(runtime)
    }

    fn accumulate_profile(&mut self, ctx: &DevContext) {
        if let (Some(total), Some(p)) = (self.profile.as_mut(), ctx.chain.profile) {
            total.calls += p.calls;
            total.instantiate_ns += p.instantiate_ns;
            total.execute_ns += p.execute_ns;
            total.host_ns += p.host_ns;
            total.nested_ns += p.nested_ns;
        }
    }

    /// Executes a transaction in a new block and returns its receipt.
    ///
    /// # Errors
    /// [`TxError::Invalid`] when the transaction cannot be included (nonce, funds, gas limit);
    /// no block is mined then. A reverted or halted transaction is a receipt with `status: false`.
    pub fn transact(&mut self, tx: TxRequest) -> Result<Receipt, TxError> {
        self.transact_inner(tx, None)
    }

    /// Like [`Chain::transact`], keeping the hash of a signed transaction the caller decoded.
    ///
    /// # Errors
    /// As [`Chain::transact`].
    pub fn transact_with_hash(&mut self, tx: TxRequest, hash: B256) -> Result<Receipt, TxError> {
        self.transact_inner(tx, Some(hash))
    }

    fn transact_inner(
        &mut self,
        mut tx: TxRequest,
        hash: Option<B256>,
    ) -> Result<Receipt, TxError> {
        // A failure left by an earlier read belongs to that request, not this one.
        let _ = self.take_fork_failure();
        let nonce = tx.nonce.unwrap_or_else(|| self.nonce(tx.from));
        tx.nonce = Some(nonce);
        tx.gas_limit = Some(tx.effective_gas_limit());
        let hash = hash.unwrap_or_else(|| tx.synthetic_hash(self.config.chain_id, nonce));
        let number = self.block_number() + 1;
        let timestamp = self.next_block_timestamp();
        let block_env = self.block_env(number, timestamp);
        let tx_env = self.tx_env(&tx, nonce, false);
        let mut ctx = self.context(
            StateView::new(self.state.db.clone()),
            block_env,
            tx_env,
            false,
            RecentPrograms::default(),
        );
        let (result, state) = evm::execute(&mut ctx);
        self.accumulate_profile(&ctx);
        let console = std::mem::take(&mut ctx.chain.console);
        drop(ctx);
        // Never commit a state built on a remote read that failed (it was answered as empty).
        if let Some(e) = self.take_fork_failure() {
            return Err(TxError::Internal(e));
        }
        let result = result.map_err(|e| match e {
            EVMError::Transaction(e) => TxError::Invalid(e.to_string()),
            EVMError::Header(e) => TxError::Invalid(e.to_string()),
            other => TxError::Internal(other.to_string()),
        })?;
        let parent = self.state.db.clone();
        self.db_mut().commit(state);

        let gas_price = self.config.base_fee as u128;
        let block_hash = self.push_block(timestamp, vec![hash], result.tx_gas_used(), parent);
        let to = match tx.to {
            TxKind::Call(a) => Some(a),
            TxKind::Create => None,
        };
        let receipt = receipt_from(
            &result, hash, number, block_hash, tx.from, to, gas_price, console,
        );
        self.state.latest_mut().gas_used = receipt.gas_used;
        let record = TransactionRecord {
            hash,
            request: tx,
            block_number: number,
            block_hash,
            index: 0,
            gas_price,
        };
        self.state.insert_transaction(record, receipt.clone());
        Ok(receipt)
    }

    /// Executes a call on the latest state without committing anything (`eth_call`). The base
    /// fee and nonce are not checked; a gas price of zero is allowed.
    ///
    /// # Errors
    /// [`TxError::Invalid`] when the call cannot run at all (e.g. the value exceeds the balance).
    pub fn call(&self, call: &TxRequest) -> Result<CallResult, TxError> {
        self.call_with_overrides(call, None)
    }

    /// Like [`Chain::call`], on the latest state with per-account overrides.
    ///
    /// # Errors
    /// As [`Chain::call`].
    pub fn call_with_overrides(
        &self,
        call: &TxRequest,
        overrides: Option<&StateOverrides>,
    ) -> Result<CallResult, TxError> {
        self.call_at(&self.latest_state(), call, overrides)
    }

    /// The current state, as [`Chain::state_at`] the latest block gives it.
    pub fn latest_state(&self) -> PastState {
        self.state_at(self.block_number())
            .expect("the latest state is always kept")
    }

    /// Like [`Chain::call_with_overrides`], on the state `at` a block ([`Chain::state_at`]).
    /// On the latest state the call runs as in the next block (number and timestamp, as
    /// `eth_call` on `latest` does on a dev node); on an older block's state it runs with that
    /// block's number, timestamp and base fee, as geth runs a call at a past block.
    ///
    /// # Errors
    /// As [`Chain::call`].
    pub fn call_at(
        &self,
        at: &PastState,
        call: &TxRequest,
        overrides: Option<&StateOverrides>,
    ) -> Result<CallResult, TxError> {
        let _ = self.take_fork_failure();
        let mut view = StateView::new(at.db.clone());
        view.overrides = overrides.map(|o| Arc::new(o.clone()));
        let (number, block_env) = if at.latest {
            let number = self.block_number() + 1;
            (number, self.block_env(number, self.next_block_timestamp()))
        } else {
            let mut env = self.block_env(at.number, at.timestamp);
            env.basefee = at.base_fee;
            (at.number, env)
        };
        let nonce = call.nonce.unwrap_or_else(|| at.nonce(call.from));
        let mut tx_env = self.tx_env(call, nonce, true);
        tx_env.gas_price = call.max_fee_per_gas.unwrap_or(0);
        let mut ctx = self.context(view, block_env, tx_env, true, RecentPrograms::default());
        let (result, _state) = evm::execute(&mut ctx);
        if let Some(e) = self.take_fork_failure() {
            return Err(TxError::Internal(e));
        }
        let console = std::mem::take(&mut ctx.chain.console);
        let result = result.map_err(|e| match e {
            EVMError::Transaction(e) => TxError::Invalid(e.to_string()),
            EVMError::Header(e) => TxError::Invalid(e.to_string()),
            other => TxError::Internal(other.to_string()),
        })?;
        let r = receipt_from(
            &result,
            B256::ZERO,
            number,
            B256::ZERO,
            call.from,
            None,
            0,
            console,
        );
        Ok(CallResult {
            outcome: r.outcome,
            output: r.output,
            gas_used: r.gas_used,
            logs: r.logs,
            contract_address: r.contract_address,
            console: r.console,
        })
    }

    /// The smallest gas limit with which the call succeeds (`eth_estimateGas`), found by binary
    /// search between the gas used and the request's gas limit.
    ///
    /// # Errors
    /// [`TxError::Invalid`] with the revert reason when the call fails even with the full limit.
    pub fn estimate_gas(&self, call: &TxRequest) -> Result<u64, TxError> {
        let cap = call.effective_gas_limit();
        let attempt = |gas: u64| self.call(&call.clone().with_gas_limit(gas));
        let full = attempt(cap)?;
        if !full.is_success() {
            return Err(TxError::Invalid(format!(
                "execution fails ({:?}) with output 0x{}",
                full.outcome,
                alloy_primitives::hex::encode(&full.output)
            )));
        }
        let mut lo = full.gas_used.saturating_sub(1);
        let mut hi = cap;
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2;
            if attempt(mid).map(|r| r.is_success()).unwrap_or(false) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }

    // -- deployment helpers ------------------------------------------------------------------

    /// Deploys runtime `code` (EVM bytecode or a Stylus program) through a minimal init code
    /// that returns it; returns the new address.
    ///
    /// # Errors
    /// [`DeployError`] when the creation is invalid or fails.
    pub fn deploy_code(&mut self, from: Address, code: &[u8]) -> Result<Address, DeployError> {
        let receipt = self.transact(TxRequest::create(from, init_code_returning(code)))?;
        match receipt.contract_address {
            Some(address) if receipt.status => Ok(address),
            _ => Err(DeployError::Failed(Box::new(receipt))),
        }
    }

    /// Sends `ArbWasm.activateProgram(program)` from `from`, paying the data fee; returns the
    /// receipt (a failed activation is a receipt with `status: false` and the reason in `output`).
    ///
    /// # Errors
    /// [`TxError`] when the transaction cannot be included.
    pub fn activate(&mut self, from: Address, program: Address) -> Result<Receipt, TxError> {
        let input =
            crate::precompiles::arbwasm::ArbWasm::activateProgramCall { program }.abi_encode();
        // Any excess over the data fee is refunded by ArbWasm: send a generous amount.
        let value = self.balance(from).min(U256::from(ETHER));
        self.transact(TxRequest::call(from, ARB_WASM, input).with_value(value))
    }

    /// Compresses `wasm`, deploys it and activates it; returns the program's address.
    ///
    /// # Errors
    /// [`DeployError`] when deployment or activation fails (the receipt says why).
    pub fn deploy_stylus(&mut self, from: Address, wasm: &[u8]) -> Result<Address, DeployError> {
        let address = self.deploy_code(from, &stylus_program::encode(wasm))?;
        let receipt = self.activate(from, address)?;
        if !receipt.status {
            return Err(DeployError::Failed(Box::new(receipt)));
        }
        Ok(address)
    }
}

/// Init code that returns `code` as the runtime code of the new contract.
pub fn init_code_returning(code: &[u8]) -> Bytes {
    // PUSH4 len, DUP1, PUSH1 14, PUSH1 0, CODECOPY, PUSH1 0, RETURN; then the code.
    let len = (code.len() as u32).to_be_bytes();
    let mut init = vec![
        0x63, len[0], len[1], len[2], len[3], 0x80, 0x60, 14, 0x60, 0, 0x39, 0x60, 0, 0xF3,
    ];
    init.extend_from_slice(code);
    init.into()
}

#[allow(clippy::too_many_arguments)]
fn receipt_from(
    result: &ExecutionResult,
    hash: B256,
    number: u64,
    block_hash: B256,
    from: Address,
    to: Option<Address>,
    gas_price: u128,
    console: Vec<String>,
) -> Receipt {
    let (outcome, output, contract_address) = match result {
        ExecutionResult::Success { output, .. } => match output {
            Output::Call(b) => (Outcome::Success, b.clone(), None),
            Output::Create(b, a) => (Outcome::Success, b.clone(), *a),
        },
        ExecutionResult::Revert { output, .. } => (Outcome::Revert, output.clone(), None),
        ExecutionResult::Halt { reason, .. } => {
            (Outcome::Halt(format!("{reason:?}")), Bytes::new(), None)
        }
    };
    let gas_used = result.tx_gas_used();
    Receipt {
        transaction_hash: hash,
        block_number: number,
        block_hash,
        transaction_index: 0,
        from,
        to,
        contract_address,
        status: outcome == Outcome::Success,
        outcome,
        gas_used,
        cumulative_gas_used: gas_used,
        effective_gas_price: gas_price,
        logs: result.logs().to_vec(),
        first_log_index: 0,
        output,
        console,
    }
}
