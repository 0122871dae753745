//! Transactions, receipts and blocks as the chain stores and returns them.

use crate::config::DEFAULT_TX_GAS_LIMIT;
use alloy_primitives::{keccak256, Address, Bytes, Log, TxKind, B256, U256};
use revm::context::transaction::AccessList;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A transaction or call to execute, from an address the chain trusts (no signature).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TxRequest {
    /// Sender.
    pub from: Address,
    /// Call target, or [`TxKind::Create`] to deploy `input` as init code.
    pub to: TxKind,
    /// Wei sent along.
    pub value: U256,
    /// Calldata, or init code for a creation.
    pub input: Bytes,
    /// Gas limit; [`DEFAULT_TX_GAS_LIMIT`] when `None`.
    pub gas_limit: Option<u64>,
    /// Maximum fee per gas the sender accepts; the block's base fee when `None`. Arbitrum charges
    /// the base fee only, so any excess is not spent.
    pub max_fee_per_gas: Option<u128>,
    /// Nonce; the sender's current nonce when `None`.
    pub nonce: Option<u64>,
    /// EIP-2930 access list (addresses and slots warmed before execution).
    pub access_list: AccessList,
}

impl TxRequest {
    /// A call of `to` with `input` from `from`.
    pub fn call(from: Address, to: Address, input: impl Into<Bytes>) -> Self {
        Self {
            from,
            to: TxKind::Call(to),
            input: input.into(),
            ..Default::default()
        }
    }

    /// A contract creation running `init_code` from `from`.
    pub fn create(from: Address, init_code: impl Into<Bytes>) -> Self {
        Self {
            from,
            to: TxKind::Create,
            input: init_code.into(),
            ..Default::default()
        }
    }

    /// Sets the value sent.
    pub fn with_value(mut self, value: U256) -> Self {
        self.value = value;
        self
    }

    /// Sets the gas limit.
    pub fn with_gas_limit(mut self, gas_limit: u64) -> Self {
        self.gas_limit = Some(gas_limit);
        self
    }

    /// Sets the nonce.
    pub fn with_nonce(mut self, nonce: u64) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// The gas limit the transaction runs with.
    pub fn effective_gas_limit(&self) -> u64 {
        self.gas_limit.unwrap_or(DEFAULT_TX_GAS_LIMIT)
    }

    /// The hash the chain gives an unsigned transaction: keccak256 over its fields and nonce.
    /// Signed transactions submitted through [`crate::Chain::transact_with_hash`] keep their own.
    pub fn synthetic_hash(&self, chain_id: u64, nonce: u64) -> B256 {
        let mut buf = Vec::with_capacity(128 + self.input.len());
        buf.extend_from_slice(b"devnode-tx");
        buf.extend_from_slice(&chain_id.to_be_bytes());
        buf.extend_from_slice(self.from.as_slice());
        buf.extend_from_slice(&nonce.to_be_bytes());
        match self.to {
            TxKind::Call(to) => buf.extend_from_slice(to.as_slice()),
            TxKind::Create => buf.push(0),
        }
        buf.extend_from_slice(&self.value.to_be_bytes::<32>());
        buf.extend_from_slice(&self.effective_gas_limit().to_be_bytes());
        buf.extend_from_slice(&self.input);
        keccak256(buf)
    }
}

/// How an execution ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Success; the output is the return data.
    Success,
    /// Reverted; the output is the revert data.
    Revert,
    /// Halted without revert data (out of gas, invalid opcode, stack overflow, ...).
    Halt(String),
}

/// The result of a call that was not committed (`eth_call`, gas estimation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallResult {
    /// How the call ended.
    pub outcome: Outcome,
    /// Return data or revert data.
    pub output: Bytes,
    /// Gas used, after refunds.
    pub gas_used: u64,
    /// Logs the call would have emitted.
    pub logs: Vec<Log>,
    /// Address a creation would have deployed to.
    pub contract_address: Option<Address>,
    /// Lines printed through the `console` host functions and failure notes of Stylus programs.
    pub console: Vec<String>,
}

impl CallResult {
    /// Whether the call succeeded.
    pub fn is_success(&self) -> bool {
        self.outcome == Outcome::Success
    }
}

/// A mined transaction's receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Transaction hash.
    pub transaction_hash: B256,
    /// Block number.
    pub block_number: u64,
    /// Block hash.
    pub block_hash: B256,
    /// Index of the transaction in its block.
    pub transaction_index: u64,
    /// Sender.
    pub from: Address,
    /// Call target (`None` for a creation).
    pub to: Option<Address>,
    /// Deployed address of a successful creation.
    pub contract_address: Option<Address>,
    /// Whether the transaction succeeded.
    pub status: bool,
    /// How the execution ended.
    pub outcome: Outcome,
    /// Gas used, after refunds.
    pub gas_used: u64,
    /// Gas used by this and earlier transactions of the block.
    pub cumulative_gas_used: u64,
    /// Price paid per gas (the block's base fee).
    pub effective_gas_price: u128,
    /// Logs emitted, in order.
    pub logs: Vec<Log>,
    /// Index of this receipt's first log within the block.
    pub first_log_index: u64,
    /// Return data, or revert data of a failed transaction.
    pub output: Bytes,
    /// Lines printed through the `console` host functions and failure notes of Stylus programs.
    pub console: Vec<String>,
}

/// A stored transaction, as executed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionRecord {
    /// Transaction hash.
    pub hash: B256,
    /// The request, with its nonce and gas limit filled in.
    pub request: TxRequest,
    /// Block number.
    pub block_number: u64,
    /// Block hash.
    pub block_hash: B256,
    /// Index in the block.
    pub index: u64,
    /// Price paid per gas.
    pub gas_price: u128,
}

/// A block: one per transaction (automine), or empty when mined explicitly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// Number.
    pub number: u64,
    /// Hash (keccak256 over parent hash, number, timestamp and transaction hashes).
    pub hash: B256,
    /// Parent's hash.
    pub parent_hash: B256,
    /// Timestamp in seconds.
    pub timestamp: u64,
    /// Gas limit.
    pub gas_limit: u64,
    /// Gas used by the block's transactions.
    pub gas_used: u64,
    /// Base fee per gas.
    pub base_fee: u64,
    /// Coinbase.
    pub coinbase: Address,
    /// Hashes of the block's transactions, in order.
    pub transactions: Vec<B256>,
}

impl Block {
    pub(crate) fn compute_hash(
        parent_hash: B256,
        number: u64,
        timestamp: u64,
        txs: &[B256],
    ) -> B256 {
        let mut buf = Vec::with_capacity(48 + 32 * txs.len());
        buf.extend_from_slice(parent_hash.as_slice());
        buf.extend_from_slice(&number.to_be_bytes());
        buf.extend_from_slice(&timestamp.to_be_bytes());
        for tx in txs {
            buf.extend_from_slice(tx.as_slice());
        }
        keccak256(buf)
    }
}

/// Why a transaction was not executed at all (no block, no receipt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxError {
    /// The transaction is invalid: bad nonce, insufficient funds for gas, gas limit too low, ...
    Invalid(String),
    /// The node failed (a bug, not a property of the transaction).
    Internal(String),
}

impl fmt::Display for TxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(e) => write!(f, "invalid transaction: {e}"),
            Self::Internal(e) => write!(f, "node error: {e}"),
        }
    }
}

impl std::error::Error for TxError {}

/// Overrides applied to the state of one call (`eth_call` state overrides).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccountOverride {
    /// Replaces the balance.
    pub balance: Option<U256>,
    /// Replaces the nonce.
    pub nonce: Option<u64>,
    /// Replaces the code.
    pub code: Option<Bytes>,
    /// Replaces the whole storage (unlisted slots read as zero).
    pub state: Option<std::collections::HashMap<B256, B256>>,
    /// Replaces the listed slots, keeping the others.
    pub state_diff: Option<std::collections::HashMap<B256, B256>>,
}

/// State overrides keyed by account.
pub type StateOverrides = std::collections::HashMap<Address, AccountOverride>;
