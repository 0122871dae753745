//! The JSON-RPC methods: `eth_*`, `net_*`, `web3_*`, and the dev methods (`evm_*`, `anvil_*`,
//! `hardhat_*`).

use super::convert::{rpc_block, rpc_logs, rpc_pending_transaction, rpc_receipt, rpc_transaction};
use super::error::RpcError;
use super::node::{Inner, Node};
use crate::types::{AccountOverride, StateOverrides};
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::primitives::{keccak256, Address, Bytes, B256, U256};
use alloy::rpc::types::{FeeHistory, Filter, FilterBlockOption, TransactionRequest};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub(crate) mod filters;
mod trace;

/// Most blocks `eth_getLogs` scans in one query.
pub const MAX_LOG_BLOCK_RANGE: u64 = 100_000;
/// Most logs `eth_getLogs` returns in one query.
pub const MAX_LOGS: usize = 10_000;
/// Error code of a request for pruned blocks (geth's, after EIP-4444).
pub const PRUNED_HISTORY_CODE: i64 = 4444;
/// Most blocks `eth_feeHistory` reports on.
pub const MAX_FEE_HISTORY_BLOCKS: u64 = 1_024;

/// Positional parameters of a call.
pub(crate) struct Params(Vec<Value>);

impl Params {
    /// Accepts an array, `null` or no params; named (object) params are refused.
    pub(crate) fn new(params: Option<Value>) -> Result<Self, RpcError> {
        match params {
            None | Some(Value::Null) => Ok(Self(Vec::new())),
            Some(Value::Array(a)) => Ok(Self(a)),
            Some(Value::Object(_)) => Err(RpcError::invalid_params(
                "named parameters are not supported: pass an array",
            )),
            Some(_) => Err(RpcError::invalid_request("\"params\" must be an array")),
        }
    }

    /// The parameters as given.
    pub(crate) fn values(&self) -> &[Value] {
        &self.0
    }

    pub(crate) fn at_most(&self, n: usize) -> Result<(), RpcError> {
        if self.0.len() > n {
            return Err(RpcError::invalid_params(format!(
                "too many arguments, want at most {n}"
            )));
        }
        Ok(())
    }

    pub(crate) fn required<T: DeserializeOwned>(&self, i: usize) -> Result<T, RpcError> {
        match self.0.get(i) {
            None | Some(Value::Null) => Err(RpcError::invalid_params(format!(
                "missing value for required argument {i}"
            ))),
            Some(v) => T::deserialize(v)
                .map_err(|e| RpcError::invalid_params(format!("invalid argument {i}: {e}"))),
        }
    }

    pub(crate) fn optional<T: DeserializeOwned>(&self, i: usize) -> Result<Option<T>, RpcError> {
        match self.0.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => T::deserialize(v)
                .map(Some)
                .map_err(|e| RpcError::invalid_params(format!("invalid argument {i}: {e}"))),
        }
    }

    /// A quantity given as a hex string, a decimal string or a JSON number.
    fn quantity(&self, i: usize) -> Result<Option<u64>, RpcError> {
        let bad = || RpcError::invalid_params(format!("invalid argument {i}: expected a quantity"));
        match self.0.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n.as_u64().map(Some).ok_or_else(bad),
            Some(Value::String(s)) => {
                let parsed = match s.strip_prefix("0x") {
                    Some(h) => u64::from_str_radix(h, 16),
                    None => s.parse::<u64>(),
                };
                parsed.map(Some).map_err(|_| bad())
            }
            Some(_) => Err(bad()),
        }
    }
}

fn quantity(n: impl std::fmt::LowerHex) -> Value {
    Value::String(format!("{n:#x}"))
}

fn to_json<T: serde::Serialize>(v: T) -> Result<Value, RpcError> {
    serde_json::to_value(v).map_err(|e| RpcError::internal(e.to_string()))
}

/// Latest timestamp the dev methods may move time to (about the year 36812): far enough for any
/// test, near enough that the chain's time arithmetic cannot overflow.
pub const MAX_TIMESTAMP: u64 = 1 << 40;

fn check_time(t: u64) -> Result<(), RpcError> {
    if t > MAX_TIMESTAMP {
        return Err(RpcError::invalid_params(format!(
            "timestamp {t} is out of range (at most {MAX_TIMESTAMP})"
        )));
    }
    Ok(())
}

/// Block number a tag stands for.
fn tag_number(inner: &Inner, tag: BlockNumberOrTag) -> u64 {
    match tag {
        BlockNumberOrTag::Earliest => 0,
        BlockNumberOrTag::Number(n) => n,
        _ => inner.chain.block_number(),
    }
}

/// The past block a request names: `None` for the latest state (no block, a tag other than
/// `earliest`, or the latest block's own number or hash).
///
/// # Errors
/// `-32000` for an unknown hash (`header for hash … not found`) or a number above the chain
/// (`header not found`), as geth answers.
pub(crate) fn named_block(inner: &Inner, id: Option<BlockId>) -> Result<Option<u64>, RpcError> {
    let latest = inner.chain.block_number();
    let number = match id {
        None => return Ok(None),
        Some(BlockId::Number(BlockNumberOrTag::Number(n))) => n,
        Some(BlockId::Number(BlockNumberOrTag::Earliest)) => 0,
        Some(BlockId::Number(_)) => return Ok(None),
        Some(BlockId::Hash(h)) => match inner.chain.block_by_hash(h.block_hash) {
            Some(b) => b.number,
            None => {
                return Err(RpcError::server(format!(
                    "header for hash {} not found",
                    h.block_hash
                )))
            }
        },
    };
    if number > latest {
        return Err(RpcError::server("header not found"));
    }
    Ok((number < latest).then_some(number))
}

/// The state a read or call names: `None` for the latest (no block, or a tag meaning the head),
/// else the state after that block if the chain still keeps it. Unknown hashes and future blocks
/// are `header not found` as in geth; a block whose state is no longer kept names the window.
fn state_at(
    inner: &Inner,
    id: Option<BlockId>,
) -> Result<Option<crate::chain::PastState>, RpcError> {
    named_block(inner, id)?
        .map(|n| {
            inner
                .chain
                .state_at(n)
                .map_err(|e| RpcError::server(e.to_string()))
        })
        .transpose()
}

/// In fork mode, fails the request if a remote read it made failed (its answer was empty).
fn fork_read_ok(inner: &Inner) -> Result<(), RpcError> {
    match inner.chain.take_fork_failure() {
        Some(e) => Err(RpcError::server(e)),
        None => Ok(()),
    }
}

fn is_pending(id: &Option<BlockId>) -> bool {
    matches!(id, Some(BlockId::Number(BlockNumberOrTag::Pending)))
}

fn overrides(
    o: Option<alloy::rpc::types::state::StateOverride>,
) -> Result<Option<StateOverrides>, RpcError> {
    let Some(o) = o else { return Ok(None) };
    let mut out = StateOverrides::new();
    for (address, a) in o {
        if a.move_precompile_to.is_some() {
            return Err(RpcError::invalid_params(
                "movePrecompileToAddress is not supported",
            ));
        }
        if a.state.is_some() && a.state_diff.is_some() {
            return Err(RpcError::invalid_params(format!(
                "account {address} has both \"state\" and \"stateDiff\""
            )));
        }
        out.insert(
            address,
            AccountOverride {
                balance: a.balance,
                nonce: a.nonce,
                code: a.code,
                state: a.state.map(|s| s.into_iter().collect()),
                state_diff: a.state_diff.map(|s| s.into_iter().collect()),
            },
        );
    }
    Ok(Some(out))
}

/// Runs one method.
pub(crate) fn dispatch(node: &Node, method: &str, params: Params) -> Result<Value, RpcError> {
    let p = &params;
    super::strict::check(method, p.values())?;
    match method {
        "web3_clientVersion" => {
            p.at_most(0)?;
            Ok(json!(concat!(
                "devnode/v",
                env!("CARGO_PKG_VERSION"),
                "/stylus"
            )))
        }
        "web3_sha3" => {
            p.at_most(1)?;
            let data: Bytes = p.required(0)?;
            to_json(keccak256(&data))
        }
        "net_version" => Ok(json!(node.chain_id().to_string())),
        "net_listening" => Ok(json!(true)),
        "net_peerCount" => Ok(quantity(0u64)),
        "eth_chainId" => Ok(quantity(node.chain_id())),
        "eth_syncing" => Ok(json!(false)),
        "eth_mining" => Ok(json!(true)),
        "eth_hashrate" => Ok(quantity(0u64)),
        "eth_protocolVersion" => Ok(json!("0x41")),
        "eth_coinbase" => to_json(node.lock().chain.config().coinbase),
        "eth_accounts" | "eth_requestAccounts" => to_json(node.accounts()),
        "eth_blockNumber" => Ok(quantity(node.lock().chain.block_number())),
        "eth_gasPrice" => Ok(quantity(node.lock().chain.config().base_fee)),
        "eth_maxPriorityFeePerGas" => Ok(quantity(0u64)),
        "eth_blobBaseFee" => Ok(quantity(0u64)),
        "eth_getBalance" => {
            p.at_most(2)?;
            let address: Address = p.required(0)?;
            let block: Option<BlockId> = p.optional(1)?;
            let inner = node.lock();
            let _ = inner.chain.take_fork_failure();
            let v = match state_at(&inner, block)? {
                Some(past) => past.balance(address),
                None => inner.chain.balance(address),
            };
            fork_read_ok(&inner)?;
            Ok(quantity(v))
        }
        "eth_getTransactionCount" => {
            p.at_most(2)?;
            let address: Address = p.required(0)?;
            let block: Option<BlockId> = p.optional(1)?;
            let inner = node.lock();
            let _ = inner.chain.take_fork_failure();
            let v = if is_pending(&block) {
                inner.pending_nonce(address)
            } else {
                match state_at(&inner, block)? {
                    Some(past) => past.nonce(address),
                    None => inner.chain.nonce(address),
                }
            };
            fork_read_ok(&inner)?;
            Ok(quantity(v))
        }
        "eth_getCode" => {
            p.at_most(2)?;
            let address: Address = p.required(0)?;
            let block: Option<BlockId> = p.optional(1)?;
            let inner = node.lock();
            let _ = inner.chain.take_fork_failure();
            let v = match state_at(&inner, block)? {
                Some(past) => past.code(address),
                None => inner.chain.code(address),
            };
            fork_read_ok(&inner)?;
            to_json(v)
        }
        "eth_getStorageAt" => {
            p.at_most(3)?;
            let address: Address = p.required(0)?;
            let slot: U256 = p.required(1)?;
            let block: Option<BlockId> = p.optional(2)?;
            let inner = node.lock();
            let _ = inner.chain.take_fork_failure();
            let v = match state_at(&inner, block)? {
                Some(past) => past.storage(address, slot),
                None => inner.chain.storage(address, slot),
            };
            fork_read_ok(&inner)?;
            to_json(B256::from(v))
        }
        "eth_call" => {
            p.at_most(3)?;
            let req: TransactionRequest = p.required(0)?;
            let block: Option<BlockId> = p.optional(1)?;
            let o = overrides(p.optional(2)?)?;
            let at = state_at(&node.lock(), block)?;
            to_json(node.call_at(&req, at.as_ref(), o.as_ref())?)
        }
        "eth_estimateGas" => {
            p.at_most(3)?;
            let req: TransactionRequest = p.required(0)?;
            let block: Option<BlockId> = p.optional(1)?;
            let o = overrides(p.optional(2)?)?;
            let at = state_at(&node.lock(), block)?;
            Ok(quantity(node.estimate_gas_at(
                &req,
                at.as_ref(),
                o.as_ref(),
            )?))
        }
        "eth_feeHistory" => {
            p.at_most(3)?;
            let count = p
                .quantity(0)?
                .ok_or_else(|| RpcError::invalid_params("missing value for required argument 0"))?;
            let newest: BlockNumberOrTag = p.required(1)?;
            let percentiles: Option<Vec<f64>> = p.optional(2)?;
            if let Some(ps) = &percentiles {
                if ps.len() > 100
                    || ps.iter().any(|x| !(0.0..=100.0).contains(x))
                    || ps.windows(2).any(|w| w[0] > w[1])
                {
                    return Err(RpcError::invalid_params("invalid reward percentiles"));
                }
            }
            fee_history(&node.lock(), count, newest, percentiles)
        }
        "eth_sendRawTransaction" => {
            p.at_most(1)?;
            let raw: Bytes = p.required(0)?;
            to_json(node.send_raw_transaction(&raw)?)
        }
        "eth_sendTransaction" => {
            p.at_most(1)?;
            let req: TransactionRequest = p.required(0)?;
            to_json(node.send_transaction(req)?)
        }
        "eth_getTransactionByHash" => {
            p.at_most(1)?;
            let hash: B256 = p.required(0)?;
            let inner = node.lock();
            if let Some(record) = inner.chain.transaction(hash) {
                return to_json(rpc_transaction(&inner, record, node.chain_id()));
            }
            match inner.pool.get(hash) {
                Some(t) => to_json(rpc_pending_transaction(&t.envelope, t.request.from)),
                None => Ok(Value::Null),
            }
        }
        "eth_getTransactionReceipt" => {
            p.at_most(1)?;
            let hash: B256 = p.required(0)?;
            let inner = node.lock();
            Ok(inner
                .chain
                .receipt(hash)
                .map_or(Value::Null, |r| rpc_receipt(&inner, r, node.chain_id())))
        }
        "eth_getBlockByNumber" => {
            p.at_most(2)?;
            let tag: BlockNumberOrTag = p.required(0)?;
            let full: bool = p.optional(1)?.unwrap_or(false);
            let inner = node.lock();
            let n = tag_number(&inner, tag);
            Ok(inner
                .chain
                .block(n)
                .map_or(Value::Null, |b| rpc_block(&inner, b, full, node.chain_id())))
        }
        "eth_getBlockByHash" => {
            p.at_most(2)?;
            let hash: B256 = p.required(0)?;
            let full: bool = p.optional(1)?.unwrap_or(false);
            let inner = node.lock();
            Ok(inner
                .chain
                .block_by_hash(hash)
                .map_or(Value::Null, |b| rpc_block(&inner, b, full, node.chain_id())))
        }
        "eth_getBlockTransactionCountByNumber" | "eth_getBlockTransactionCountByHash" => {
            p.at_most(1)?;
            let inner = node.lock();
            let block = if method.ends_with("Hash") {
                inner.chain.block_by_hash(p.required(0)?)
            } else {
                let tag: BlockNumberOrTag = p.required(0)?;
                inner.chain.block(tag_number(&inner, tag))
            };
            Ok(block.map_or(Value::Null, |b| quantity(b.transactions.len() as u64)))
        }
        "eth_getTransactionByBlockNumberAndIndex" | "eth_getTransactionByBlockHashAndIndex" => {
            p.at_most(2)?;
            let index = p
                .quantity(1)?
                .ok_or_else(|| RpcError::invalid_params("missing value for required argument 1"))?;
            let inner = node.lock();
            let block = if method.contains("Hash") {
                inner.chain.block_by_hash(p.required(0)?)
            } else {
                let tag: BlockNumberOrTag = p.required(0)?;
                inner.chain.block(tag_number(&inner, tag))
            };
            let record = block
                .and_then(|b| b.transactions.get(index as usize))
                .and_then(|h| inner.chain.transaction(*h));
            match record {
                Some(r) => to_json(rpc_transaction(&inner, r, node.chain_id())),
                None => Ok(Value::Null),
            }
        }
        "eth_getBlockReceipts" => {
            p.at_most(1)?;
            let id: BlockId = p.required(0)?;
            let inner = node.lock();
            let block = match id {
                BlockId::Hash(h) => inner.chain.block_by_hash(h.block_hash),
                BlockId::Number(tag) => inner.chain.block(tag_number(&inner, tag)),
            };
            match block {
                Some(b) => Ok(Value::Array(
                    inner
                        .chain
                        .block_receipts(b.number)
                        .into_iter()
                        .map(|r| rpc_receipt(&inner, r, node.chain_id()))
                        .collect(),
                )),
                None => Ok(Value::Null),
            }
        }
        "eth_getLogs" => {
            p.at_most(1)?;
            let filter: Filter = p.required(0)?;
            get_logs(&node.lock(), &filter)
        }
        "eth_getUncleCountByBlockNumber" | "eth_getUncleCountByBlockHash" => Ok(quantity(0u64)),

        // -- dev methods -------------------------------------------------------------------------
        "evm_increaseTime" | "anvil_increaseTime" => {
            p.at_most(1)?;
            let seconds = p
                .quantity(0)?
                .ok_or_else(|| RpcError::invalid_params("missing value for required argument 0"))?;
            node.with_chain(|c| {
                check_time(c.next_block_timestamp().saturating_add(seconds))?;
                c.increase_time(seconds);
                Ok::<_, RpcError>(())
            })?;
            Ok(json!(seconds))
        }
        "evm_setNextBlockTimestamp" | "anvil_setNextBlockTimestamp" => {
            p.at_most(1)?;
            let t = p
                .quantity(0)?
                .ok_or_else(|| RpcError::invalid_params("missing value for required argument 0"))?;
            check_time(t)?;
            node.with_chain(|c| {
                if t < c.latest_block().timestamp {
                    return Err(RpcError::server(format!(
                        "timestamp {t} is before the latest block's ({})",
                        c.latest_block().timestamp
                    )));
                }
                c.set_next_block_timestamp(t);
                Ok(())
            })?;
            Ok(Value::Null)
        }
        "evm_mine" => {
            p.at_most(1)?;
            // evm_mine takes a timestamp, or (ganache) an options object `{ timestamp }`.
            let ts = match p.0.first() {
                Some(Value::Object(o)) => match o.get("timestamp") {
                    Some(Value::Number(n)) => n.as_u64(),
                    _ => None,
                },
                _ => p.quantity(0)?,
            };
            if let Some(t) = ts {
                check_time(t)?;
            }
            node.mine(ts);
            Ok(json!("0x0"))
        }
        "anvil_mine" | "hardhat_mine" => {
            p.at_most(2)?;
            let count = p.quantity(0)?.unwrap_or(1);
            let interval = p.quantity(1)?;
            if count > 100_000 {
                return Err(RpcError::invalid_params("at most 100000 blocks at once"));
            }
            let span = interval.unwrap_or(0).saturating_mul(count);
            node.with_chain(|c| check_time(c.next_block_timestamp().saturating_add(span)))?;
            for _ in 0..count {
                if let Some(secs) = interval {
                    node.with_chain(|c| c.increase_time(secs));
                }
                node.mine(None);
            }
            Ok(Value::Null)
        }
        "evm_snapshot" | "anvil_snapshot" => {
            p.at_most(0)?;
            Ok(quantity(node.with_chain(|c| c.snapshot())))
        }
        "evm_revert" | "anvil_revert" => {
            p.at_most(1)?;
            let id = p
                .quantity(0)?
                .ok_or_else(|| RpcError::invalid_params("missing value for required argument 0"))?;
            let done = {
                let mut inner = node.lock();
                inner.pool.clear();
                inner.chain.revert(id)
            };
            Ok(json!(done))
        }
        "anvil_setBalance" | "hardhat_setBalance" => {
            p.at_most(2)?;
            let address: Address = p.required(0)?;
            let balance: U256 = p.required(1)?;
            node.with_chain(|c| c.set_balance(address, balance));
            Ok(Value::Null)
        }
        "anvil_setNonce" | "hardhat_setNonce" => {
            p.at_most(2)?;
            let address: Address = p.required(0)?;
            let nonce = p
                .quantity(1)?
                .ok_or_else(|| RpcError::invalid_params("missing value for required argument 1"))?;
            node.with_chain(|c| c.set_nonce(address, nonce));
            Ok(Value::Null)
        }
        "anvil_setCode" | "hardhat_setCode" => {
            p.at_most(2)?;
            let address: Address = p.required(0)?;
            let code: Bytes = p.required(1)?;
            node.with_chain(|c| c.set_code(address, code));
            Ok(Value::Null)
        }
        "anvil_setStorageAt" | "hardhat_setStorageAt" => {
            p.at_most(3)?;
            let address: Address = p.required(0)?;
            let slot: U256 = p.required(1)?;
            let value: B256 = p.required(2)?;
            node.with_chain(|c| c.set_storage(address, slot, U256::from_be_bytes(value.0)));
            Ok(json!(true))
        }
        "devnode_dumpState" => {
            p.at_most(0)?;
            to_json(node.dump_state())
        }
        "devnode_loadState" => {
            p.at_most(1)?;
            let state: super::NodeState = p.required(0)?;
            node.load_state(&state).map_err(RpcError::server)?;
            Ok(json!(true))
        }
        "debug_traceTransaction" | "debug_traceCall" | "eth_createAccessList" => {
            trace::dispatch(node, method, p)
        }
        "eth_newFilter"
        | "eth_newBlockFilter"
        | "eth_newPendingTransactionFilter"
        | "eth_getFilterChanges"
        | "eth_getFilterLogs"
        | "eth_uninstallFilter" => filters::dispatch(node, method, p),
        _ => super::dev::dispatch(node, method, p)
            .unwrap_or_else(|| Err(RpcError::method_not_found(method))),
    }
}

fn fee_history(
    inner: &Inner,
    count: u64,
    newest: BlockNumberOrTag,
    percentiles: Option<Vec<f64>>,
) -> Result<Value, RpcError> {
    let latest = inner.chain.block_number();
    let newest = tag_number(inner, newest);
    if newest > latest {
        return Err(RpcError::server("request beyond head block"));
    }
    // Only kept blocks are reported on (as many as are left after pruning).
    let kept = (newest + 1).saturating_sub(inner.chain.oldest_block());
    let count = count.min(MAX_FEE_HISTORY_BLOCKS).min(kept);
    if count == 0 {
        return to_json(FeeHistory::default());
    }
    let oldest = newest + 1 - count;
    let base_fee = inner.chain.config().base_fee as u128;
    let mut history = FeeHistory {
        oldest_block: oldest,
        ..Default::default()
    };
    for n in oldest..=newest {
        let block = inner
            .chain
            .block(n)
            .ok_or_else(|| RpcError::server("header not found"))?;
        history.base_fee_per_gas.push(block.base_fee as u128);
        history
            .gas_used_ratio
            .push(block.gas_used as f64 / block.gas_limit.max(1) as f64);
        if let Some(ps) = &percentiles {
            // Arbitrum drops tips: every percentile of every block is zero.
            history
                .reward
                .get_or_insert_with(Vec::new)
                .push(vec![0; ps.len()]);
        }
    }
    history.base_fee_per_gas.push(base_fee);
    to_json(history)
}

fn get_logs(inner: &Inner, filter: &Filter) -> Result<Value, RpcError> {
    let latest = inner.chain.block_number();
    let (from, to) = match filter.block_option {
        FilterBlockOption::AtBlockHash(hash) => {
            let b = inner
                .chain
                .block_by_hash(hash)
                .ok_or_else(|| RpcError::server("unknown block"))?;
            (b.number, b.number)
        }
        FilterBlockOption::Range {
            from_block,
            to_block,
        } => {
            let from = from_block.map_or(latest, |t| tag_number(inner, t));
            let to = to_block.map_or(latest, |t| tag_number(inner, t));
            (from, to.min(latest))
        }
    };
    if from > to {
        return Ok(Value::Array(Vec::new()));
    }
    // geth answers a range reaching into pruned history with this error rather than with the
    // logs it still has, so an indexer never mistakes a pruned range for an empty one.
    let oldest = inner.chain.oldest_block();
    if from < oldest {
        return Err(RpcError::new(
            PRUNED_HISTORY_CODE,
            format!(
                "pruned history unavailable: blocks before {oldest} are pruned (the node keeps \
                 the last {} blocks; --history-blocks)",
                inner.chain.config().history_blocks
            ),
        ));
    }
    if to - from >= MAX_LOG_BLOCK_RANGE {
        return Err(RpcError::server(format!(
            "block range is too wide (max {MAX_LOG_BLOCK_RANGE} blocks)"
        )));
    }
    let mut out = Vec::new();
    for n in from..=to {
        let Some(block) = inner.chain.block(n) else {
            continue;
        };
        for receipt in inner.chain.block_receipts(n) {
            for log in rpc_logs(receipt, Some(block.timestamp)) {
                if filter.matches(&log.inner) {
                    if out.len() >= MAX_LOGS {
                        return Err(RpcError::server(format!(
                            "query returned more than {MAX_LOGS} results"
                        )));
                    }
                    out.push(log);
                }
            }
        }
    }
    to_json(out)
}
