//! [`Node`]: the chain behind the RPC server, with what a JSON-RPC node adds to it: signed
//! transactions and their envelopes, unlocked and impersonated accounts, message signing, mining
//! modes and the transaction pool ([`super::pool`]).

use super::error::{geth_tx_error, RpcError};
use super::pool::{outbids, Pending, PoolLimits, TxPool};
use crate::types::{StateOverrides, TxError, TxRequest};
use crate::Chain;
use alloy::consensus::transaction::SignerRecoverable;
use alloy::consensus::{
    SignableTransaction, Signed, Transaction as _, TxEip1559, TxEip2930, TxEnvelope, TxLegacy,
    TypedTransaction,
};
use alloy::dyn_abi::TypedData;
use alloy::eips::eip2718::Decodable2718;
use alloy::network::TxSignerSync;
use alloy::primitives::{Address, Signature, TxKind, B256, U256};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use alloy::signers::SignerSync;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// When blocks are mined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mining {
    /// Every transaction is mined at once, in its own block.
    Auto,
    /// Transactions wait in the pool; every interval the pool is mined (or an empty block when the
    /// pool is empty).
    Interval(Duration),
    /// Transactions wait in the pool until `evm_mine` / `anvil_mine` (automine switched off with
    /// `anvil_setAutomine false`).
    Manual,
}

pub(crate) struct Inner {
    pub(crate) chain: Chain,
    /// Signed envelopes of the transactions received over RPC, by hash.
    pub(crate) envelopes: HashMap<B256, TxEnvelope>,
    pub(crate) pool: TxPool,
    pub(crate) mining: Mining,
    /// Senders whose `eth_sendTransaction` is executed without a signature.
    pub(crate) impersonated: HashSet<Address>,
    /// Every sender is impersonated (`anvil_autoImpersonateAccount`).
    pub(crate) auto_impersonate: bool,
}

impl Inner {
    /// The nonce the next transaction of `address` must have: its chain nonce plus its pending
    /// (executable) pooled transactions, as geth counts it (queued ones behind a gap are not).
    pub(crate) fn pending_nonce(&self, address: Address) -> u64 {
        self.chain.nonce(address) + self.pool.pending_count(address)
    }

    fn is_impersonated(&self, address: Address) -> bool {
        self.auto_impersonate || self.impersonated.contains(&address)
    }

    /// Forgets the envelopes of transactions the chain pruned from its history window.
    pub(crate) fn forget_pruned(&mut self) {
        for hash in self.chain.take_pruned_transactions() {
            self.envelopes.remove(&hash);
        }
    }
}

/// A chain served over JSON-RPC: the [`Chain`] plus signed-transaction handling, dev accounts,
/// the transaction pool and the mining mode. Shared between the server's connections
/// (`Arc<Node>`); every method locks.
pub struct Node {
    inner: Mutex<Inner>,
    chain_id: u64,
    accounts: Vec<PrivateKeySigner>,
    limits: GasLimits,
    pool_limits: PoolLimits,
    /// The configuration the chain was built from, for `anvil_reset`.
    genesis: Option<Box<super::RpcConfig>>,
    /// Installed polled filters (`eth_newFilter` & co.).
    pub(crate) filters: super::methods::filters::Filters,
}

/// Gas bounds on what one request may run, so no request can hold the node for long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GasLimits {
    /// Most gas an `eth_call` or `eth_estimateGas` runs with; a larger (or missing) `gas` is
    /// lowered to it, as geth's `--rpc.gascap` does.
    pub call_gas_cap: u64,
    /// Most gas one transaction may ask for; more is refused ("exceeds block gas limit").
    pub max_tx_gas: u64,
}

/// geth's default `--rpc.gascap`.
pub const DEFAULT_CALL_GAS_CAP: u64 = 50_000_000;

impl Default for GasLimits {
    fn default() -> Self {
        Self {
            call_gas_cap: DEFAULT_CALL_GAS_CAP,
            max_tx_gas: crate::config::DEFAULT_TX_GAS_LIMIT,
        }
    }
}

impl std::fmt::Debug for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Node")
            .field("chain_id", &self.chain_id)
            .field("pool_limits", &self.pool_limits)
            .finish()
    }
}

impl Node {
    /// A node over `chain` whose dev `accounts` can send with `eth_sendTransaction`.
    pub fn new(mut chain: Chain, accounts: Vec<PrivateKeySigner>, mining: Mining) -> Self {
        let chain_id = chain.config().chain_id;
        // Start recording pruned transactions, whose envelopes go with them.
        let _ = chain.take_pruned_transactions();
        Self {
            inner: Mutex::new(Inner {
                chain,
                envelopes: HashMap::new(),
                pool: TxPool::default(),
                mining,
                impersonated: HashSet::new(),
                auto_impersonate: false,
            }),
            chain_id,
            accounts,
            limits: GasLimits::default(),
            pool_limits: PoolLimits::default(),
            genesis: None,
            filters: Default::default(),
        }
    }

    /// Sets the gas bounds of calls and transactions.
    pub fn with_gas_limits(mut self, limits: GasLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets the bounds of the transaction pool.
    pub fn with_pool_limits(mut self, limits: PoolLimits) -> Self {
        self.pool_limits = limits;
        self
    }

    /// Remembers the configuration the chain was built from, so `anvil_reset` can build it again.
    pub fn with_genesis(mut self, config: super::RpcConfig) -> Self {
        self.genesis = Some(Box::new(config));
        self
    }

    /// Chain id.
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The mining mode.
    pub fn mining(&self) -> Mining {
        self.lock().mining
    }

    /// The bounds of the transaction pool.
    pub fn pool_limits(&self) -> PoolLimits {
        self.pool_limits
    }

    /// Addresses of the unlocked dev accounts.
    pub fn accounts(&self) -> Vec<Address> {
        self.accounts.iter().map(|s| s.address()).collect()
    }

    /// The signer of a dev account.
    pub fn signer(&self, address: Address) -> Option<&PrivateKeySigner> {
        self.accounts.iter().find(|s| s.address() == address)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves the chain as consistent as the last completed
        // call (every mutation is a whole transaction or block): keep serving.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the chain (reads, cheat-code style writes). Transactions sent this way bypass
    /// the node's envelope store and pool: RPC shows them with an empty signature.
    pub fn with_chain<R>(&self, f: impl FnOnce(&mut Chain) -> R) -> R {
        f(&mut self.lock().chain)
    }

    /// Decodes, checks and submits a signed transaction (EIP-2718 bytes: legacy, EIP-2930 or
    /// EIP-1559); returns its hash.
    ///
    /// # Errors
    /// `-32602` for undecodable bytes, `-32000` with geth's wording for rejected transactions.
    pub fn send_raw_transaction(&self, raw: &[u8]) -> Result<B256, RpcError> {
        let mut buf = raw;
        let envelope = TxEnvelope::decode_2718(&mut buf)
            .map_err(|e| RpcError::invalid_params(format!("invalid raw transaction: {e}")))?;
        if !buf.is_empty() {
            return Err(RpcError::invalid_params(
                "invalid raw transaction: trailing bytes",
            ));
        }
        let from = envelope
            .recover_signer()
            .map_err(|_| RpcError::server("invalid sender: cannot recover the signer"))?;
        self.submit(&mut self.lock(), envelope, from)
    }

    /// Fills and submits a transaction (`eth_sendTransaction`): signed with the dev key of
    /// `from`, or, for an impersonated `from`, executed without a signature.
    ///
    /// # Errors
    /// `-32000` "unknown account" when `from` is neither a dev account nor impersonated; as
    /// [`Node::send_raw_transaction`] otherwise.
    pub fn send_transaction(&self, req: TransactionRequest) -> Result<B256, RpcError> {
        let from = req
            .from
            .ok_or_else(|| RpcError::invalid_params("missing \"from\""))?;
        let signer = self.signer(from);
        if signer.is_none() && !self.lock().is_impersonated(from) {
            return Err(RpcError::server("unknown account"));
        }
        let mut call = call_request(&req)?;
        call.nonce = None;
        // Estimate first; the nonce is taken with the lock that submits, so concurrent sends
        // from the same account still get consecutive nonces.
        let gas_limit = match req.gas {
            Some(g) => g,
            None => {
                let guard = self.lock();
                estimate(&guard.chain, &guard.chain.latest_state(), &call, None)?
            }
        };
        let mut inner = self.lock();
        let nonce = req.nonce.unwrap_or_else(|| inner.pending_nonce(from));
        let base_fee = inner.chain.config().base_fee as u128;
        let to = req.to.unwrap_or(TxKind::Create);
        let input = req.input.input().cloned().unwrap_or_default();
        let value = req.value.unwrap_or_default();
        let chain_id = Some(self.chain_id);
        let mut tx: TypedTransaction = if let Some(gas_price) = req.gas_price {
            match req.access_list.clone() {
                Some(access_list) => TxEip2930 {
                    chain_id: self.chain_id,
                    nonce,
                    gas_price,
                    gas_limit,
                    to,
                    value,
                    access_list,
                    input,
                }
                .into(),
                None => TxLegacy {
                    chain_id,
                    nonce,
                    gas_price,
                    gas_limit,
                    to,
                    value,
                    input,
                }
                .into(),
            }
        } else {
            TxEip1559 {
                chain_id: self.chain_id,
                nonce,
                gas_limit,
                max_fee_per_gas: req.max_fee_per_gas.unwrap_or(2 * base_fee),
                max_priority_fee_per_gas: req.max_priority_fee_per_gas.unwrap_or(0),
                to,
                access_list: req.access_list.clone().unwrap_or_default(),
                input,
                value,
            }
            .into()
        };
        let envelope = match signer {
            Some(signer) => sign(&mut tx, |t| signer.sign_transaction_sync(t))?,
            // No key: anvil's stand-in signature (r = the sender, s = 1) gives every sender's
            // transactions their own hashes; the sender is carried with the transaction.
            None => {
                let fake =
                    Signature::new(U256::from_be_bytes(from.into_word().0), U256::ONE, false);
                sign(&mut tx, |_| Ok(fake))?
            }
        };
        self.submit(&mut inner, envelope, from)
    }

    /// Checks a signed transaction against the chain and the pool, then mines it (automine),
    /// pools it, or queues it behind its sender's nonce gap.
    fn submit(
        &self,
        inner: &mut Inner,
        envelope: TxEnvelope,
        from: Address,
    ) -> Result<B256, RpcError> {
        let hash = *envelope.tx_hash();
        match &envelope {
            TxEnvelope::Legacy(_) | TxEnvelope::Eip2930(_) | TxEnvelope::Eip1559(_) => {}
            _ => return Err(RpcError::server("transaction type not supported")),
        }
        if let Some(id) = envelope.chain_id() {
            if id != self.chain_id {
                return Err(RpcError::server(format!(
                    "invalid chain id for signer: have {id} want {}",
                    self.chain_id
                )));
            }
        }
        if inner.chain.transaction(hash).is_some() || inner.pool.get(hash).is_some() {
            return Err(RpcError::server("already known"));
        }
        let config = inner.chain.config().clone();
        let gas_limit = envelope.gas_limit();
        let most = self.limits.max_tx_gas.min(config.block_gas_limit);
        if gas_limit > most {
            return Err(RpcError::server(format!(
                "exceeds block gas limit: gas {gas_limit}, most a transaction may use {most}"
            )));
        }
        let max_fee = envelope.max_fee_per_gas();
        if max_fee < config.base_fee as u128 {
            return Err(RpcError::server(format!(
                "max fee per gas less than block base fee: address {from}, maxFeePerGas: {max_fee}, baseFee: {}",
                config.base_fee
            )));
        }
        if let Some(tip) = envelope.max_priority_fee_per_gas() {
            if tip > max_fee {
                return Err(RpcError::server(format!(
                    "max priority fee per gas higher than max fee per gas: address {from}, \
                     maxPriorityFeePerGas: {tip}, maxFeePerGas: {max_fee}"
                )));
            }
        }
        let nonce = envelope.nonce();
        let state_nonce = inner.chain.nonce(from);
        if nonce < state_nonce {
            return Err(RpcError::server(format!(
                "nonce too low: address {from}, tx: {nonce} state: {state_nonce}"
            )));
        }
        let request = envelope_request(&envelope, from);
        let cost = U256::from(gas_limit)
            .saturating_mul(U256::from(max_fee))
            .saturating_add(request.value);
        let balance = inner.chain.balance(from);
        if balance < cost {
            return Err(RpcError::server(format!(
                "insufficient funds for gas * price + value: address {from} have {balance} want {cost}"
            )));
        }
        let intrinsic = intrinsic_gas(&request, config.spec);
        if gas_limit < intrinsic {
            return Err(RpcError::server(format!(
                "intrinsic gas too low: gas {gas_limit}, minimum needed {intrinsic}"
            )));
        }

        let limits = self.pool_limits;
        inner.pool.evict_expired(limits.lifetime, Instant::now());
        let tx = Pending {
            request,
            hash,
            envelope,
            received: Instant::now(),
        };
        if let Some(old) = inner.pool.same_nonce(from, nonce) {
            if !outbids(&tx, old) {
                return Err(RpcError::server(format!(
                    "replacement transaction underpriced: address {from}, nonce {nonce}: both fees \
                     must be at least {}% above those of {}",
                    super::pool::PRICE_BUMP_PERCENT,
                    old.hash
                )));
            }
            *old = tx;
            return Ok(hash);
        }
        let full =
            || RpcError::server(format!("txpool is full: {} transactions", limits.max_total));
        let expected = inner.pending_nonce(from);
        if nonce > expected {
            let queued = inner.pool.queued_count(from);
            if queued >= limits.max_per_sender {
                return Err(RpcError::server(format!(
                    "account limit exceeded: address {from} has {queued} transactions waiting \
                     for nonce {expected}"
                )));
            }
            if inner.pool.len() >= limits.max_total {
                return Err(full());
            }
            inner.pool.queue(tx);
            return Ok(hash);
        }
        if inner.mining == Mining::Auto {
            inner
                .chain
                .transact_with_hash(tx.request, hash)
                .map_err(tx_error)?;
            inner.envelopes.insert(hash, tx.envelope);
        } else {
            if inner.pool.len() >= limits.max_total {
                return Err(full());
            }
            inner.pool.pending.push(tx);
        }
        release(inner, from);
        inner.forget_pruned();
        Ok(hash)
    }

    /// Mines one block with the pending transactions (an empty block when there are none);
    /// `timestamp` sets the block's timestamp.
    pub fn mine(&self, timestamp: Option<u64>) {
        let mut inner = self.lock();
        if let Some(t) = timestamp {
            inner.chain.set_next_block_timestamp(t);
        }
        self.mine_pending(&mut inner);
    }

    /// Mines a block if the node mines on an interval (the interval miner's tick): a mode
    /// switched to automine or manual mining by `anvil_setAutomine` stops the empty blocks.
    pub(crate) fn tick(&self) {
        let mut inner = self.lock();
        if matches!(inner.mining, Mining::Interval(_)) {
            self.mine_pending(&mut inner);
        }
    }

    fn mine_pending(&self, inner: &mut Inner) {
        inner
            .pool
            .evict_expired(self.pool_limits.lifetime, Instant::now());
        let pending = std::mem::take(&mut inner.pool.pending);
        if pending.is_empty() {
            inner.chain.mine();
            inner.forget_pruned();
            return;
        }
        let txs = pending
            .iter()
            .map(|p| (p.request.clone(), Some(p.hash)))
            .collect();
        let results = inner.chain.transact_block(txs);
        for (p, r) in pending.into_iter().zip(results) {
            if r.is_ok() {
                inner.envelopes.insert(p.hash, p.envelope);
            } else if p.nonce() > inner.chain.nonce(p.request.from) {
                // Left out behind an earlier one of its sender that became invalid: it waits for
                // the gap again.
                inner.pool.queue(p);
            }
            // Otherwise it is invalid itself (its sender ran out of funds): dropped, as a node
            // drops transactions that became invalid.
        }
        let senders: Vec<Address> = inner.pool.queued.keys().copied().collect();
        for from in senders {
            release(inner, from);
        }
        inner.forget_pruned();
    }

    /// Switches automine on (mining what is pending at once) or off (transactions wait in the
    /// pool for `evm_mine`); an interval-mining node stays on its interval when switched off.
    pub fn set_automine(&self, on: bool) {
        let mut inner = self.lock();
        if on {
            let was_pooling = inner.mining != Mining::Auto;
            inner.mining = Mining::Auto;
            if was_pooling && !inner.pool.pending.is_empty() {
                self.mine_pending(&mut inner);
            }
        } else if inner.mining == Mining::Auto {
            inner.mining = Mining::Manual;
        }
    }

    /// Reads the pool (`txpool_*`) after dropping the queued transactions past their lifetime.
    pub(crate) fn txpool<R>(&self, read: impl FnOnce(&TxPool) -> R) -> R {
        let mut inner = self.lock();
        inner
            .pool
            .evict_expired(self.pool_limits.lifetime, Instant::now());
        read(&inner.pool)
    }

    /// Starts (`on`) or stops executing `eth_sendTransaction` from `address` without a signature.
    pub fn impersonate(&self, address: Address, on: bool) {
        let mut inner = self.lock();
        if on {
            inner.impersonated.insert(address);
        } else {
            inner.impersonated.remove(&address);
        }
    }

    /// Impersonates every sender (`on`) or only those named by [`Node::impersonate`].
    pub fn set_auto_impersonate(&self, on: bool) {
        self.lock().auto_impersonate = on;
    }

    /// The key of `address` for signing messages.
    fn key(&self, address: Address) -> Result<&PrivateKeySigner, RpcError> {
        if let Some(signer) = self.signer(address) {
            return Ok(signer);
        }
        if self.lock().is_impersonated(address) {
            return Err(RpcError::server(format!(
                "cannot sign for {address}: it is impersonated, and an impersonated account has no key"
            )));
        }
        Err(RpcError::server(format!("unknown account {address}")))
    }

    /// Signs `message` with the EIP-191 prefix (`eth_sign`, `personal_sign`).
    ///
    /// # Errors
    /// `-32000` when `address` is not a dev account (impersonated accounts have no key).
    pub fn sign_message(&self, address: Address, message: &[u8]) -> Result<Signature, RpcError> {
        self.key(address)?
            .sign_message_sync(message)
            .map_err(|e| RpcError::internal(format!("signing failed: {e}")))
    }

    /// Signs EIP-712 typed data (`eth_signTypedData_v4`).
    ///
    /// # Errors
    /// `-32602` when the typed data does not encode; `-32000` as [`Node::sign_message`].
    pub fn sign_typed_data(
        &self,
        address: Address,
        data: &TypedData,
    ) -> Result<Signature, RpcError> {
        let key = self.key(address)?;
        let hash = data
            .eip712_signing_hash()
            .map_err(|e| RpcError::invalid_params(format!("invalid typed data: {e}")))?;
        key.sign_hash_sync(&hash)
            .map_err(|e| RpcError::internal(format!("signing failed: {e}")))
    }

    /// Rebuilds the chain from the configuration it started with (`anvil_reset`): genesis, the
    /// dev accounts' balances, the factory, and the fork if there was one, or the fork `fork`
    /// names instead. The pool and the stored envelopes are emptied; the mining mode and
    /// impersonations are node settings and stay.
    ///
    /// # Errors
    /// `-32000` when the node was built without its configuration or the fork cannot be reached.
    pub fn reset(&self, fork: Option<super::ForkConfig>) -> Result<(), RpcError> {
        let mut config = *self.genesis.clone().ok_or_else(|| {
            RpcError::server(
                "reset is not available: this node was built without its configuration",
            )
        })?;
        if fork.is_some() {
            config.fork = fork;
        }
        // A reset keeps the chain id the node was started with (signed transactions name it).
        config.chain.chain_id = self.chain_id;
        // Built before locking: reaching a fork may take a while, and requests keep being served.
        let chain = super::build_chain(&config).map_err(|e| match &config.fork {
            Some(f) => RpcError::server(format!("cannot reset to the fork {}: {e}", f.url)),
            None => RpcError::server(e.to_string()),
        })?;
        let mut chain = chain;
        // Record pruned transactions from the start, as `Node::new` does.
        let _ = chain.take_pruned_transactions();
        let mut inner = self.lock();
        inner.chain = chain;
        inner.envelopes.clear();
        inner.pool.clear();
        Ok(())
    }

    /// Runs a call on the latest state (`eth_call`).
    ///
    /// # Errors
    /// Code 3 with the revert data when the call reverts; `-32000` when it cannot run.
    pub fn call(
        &self,
        req: &TransactionRequest,
        overrides: Option<&StateOverrides>,
    ) -> Result<alloy::primitives::Bytes, RpcError> {
        self.call_at(req, None, overrides)
    }

    /// Runs a call on the state `at` a past block ([`crate::Chain::state_at`]; `None`: the
    /// latest).
    ///
    /// # Errors
    /// As [`Node::call`].
    pub fn call_at(
        &self,
        req: &TransactionRequest,
        at: Option<&crate::PastState>,
        overrides: Option<&StateOverrides>,
    ) -> Result<alloy::primitives::Bytes, RpcError> {
        let call = self.capped(call_request(req)?);
        let guard = self.lock();
        if let Some(answer) = super::node_interface::answer(&guard.chain, &call, overrides) {
            return answer;
        }
        let at = at.cloned().unwrap_or_else(|| guard.chain.latest_state());
        let result = guard
            .chain
            .call_at(&at, &call, overrides)
            .map_err(tx_error)?;
        drop(guard);
        match result.outcome {
            crate::Outcome::Success => Ok(result.output),
            crate::Outcome::Revert => Err(RpcError::reverted(&result.output)),
            crate::Outcome::Halt(reason) => Err(RpcError::server(halt_message(&reason))),
        }
    }

    /// Estimates the gas of a transaction (`eth_estimateGas`).
    ///
    /// # Errors
    /// As [`Node::call`].
    pub fn estimate_gas(
        &self,
        req: &TransactionRequest,
        overrides: Option<&StateOverrides>,
    ) -> Result<u64, RpcError> {
        self.estimate_gas_at(req, None, overrides)
    }

    /// Estimates the gas of a transaction on the state `at` a past block (`None`: the latest).
    ///
    /// # Errors
    /// As [`Node::call`].
    pub fn estimate_gas_at(
        &self,
        req: &TransactionRequest,
        at: Option<&crate::PastState>,
        overrides: Option<&StateOverrides>,
    ) -> Result<u64, RpcError> {
        let call = self.capped(call_request(req)?);
        let guard = self.lock();
        let at = at.cloned().unwrap_or_else(|| guard.chain.latest_state());
        estimate(&guard.chain, &at, &call, overrides)
    }

    /// `call` with its gas lowered to the call gas cap (and the cap when it names none): the
    /// cap bounds how long one `eth_call` or estimate can hold the chain.
    pub(crate) fn capped(&self, mut call: TxRequest) -> TxRequest {
        let cap = self.limits.call_gas_cap;
        call.gas_limit = Some(call.gas_limit.map_or(cap, |g| g.min(cap)));
        call
    }
}

fn halt_message(reason: &str) -> String {
    if reason.contains("OutOfGas") {
        "out of gas".to_string()
    } else {
        format!("execution halted: {reason}")
    }
}

/// The gas a transaction needs, found as geth finds it: run it with the full limit, try the gas
/// it used plus the 1/64 kept back by every nested call, then narrow down by binary search until
/// the answer is within 1.5% of the smallest limit that succeeds. Every try is a full execution,
/// so few tries matter (a Stylus deployment runs activation each time).
pub(crate) fn estimate(
    chain: &Chain,
    at: &crate::PastState,
    call: &TxRequest,
    overrides: Option<&StateOverrides>,
) -> Result<u64, RpcError> {
    let run = |gas: u64| chain.call_at(at, &call.clone().with_gas_limit(gas), overrides);
    let cap = call.effective_gas_limit();
    let full = run(cap).map_err(tx_error)?;
    match full.outcome {
        crate::Outcome::Success => {}
        crate::Outcome::Revert => return Err(RpcError::reverted(&full.output)),
        crate::Outcome::Halt(reason) => {
            return Err(RpcError::server(format!(
                "gas required exceeds allowance ({})",
                halt_message(&reason)
            )))
        }
    }
    // A value transfer to an account without code costs exactly the base 21,000 (geth's shortcut).
    if let TxKind::Call(to) = call.to {
        let no_code = overrides
            .and_then(|o| o.get(&to))
            .and_then(|o| o.code.as_ref())
            .is_none()
            && at.code(to).is_empty();
        if no_code
            && call.input.is_empty()
            && call.access_list.is_empty()
            && full.gas_used == 21_000
        {
            return Ok(21_000);
        }
    }
    let succeeds = |gas: u64| run(gas).map(|r| r.is_success()).unwrap_or(false);
    let mut lo = full.gas_used.saturating_sub(1);
    let mut hi = cap;
    let optimistic = (full.gas_used + 2_300).saturating_mul(64) / 63;
    if optimistic < hi {
        if succeeds(optimistic) {
            hi = optimistic;
        } else {
            lo = optimistic;
        }
    }
    while lo + 1 < hi {
        if (hi - lo) as f64 / hi as f64 <= 0.015 {
            break;
        }
        let mid = lo + (hi - lo) / 2;
        if succeeds(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

/// Maps a chain rejection to a JSON-RPC error in geth's words.
pub(crate) fn tx_error(e: TxError) -> RpcError {
    match e {
        TxError::Invalid(m) => RpcError::server(geth_tx_error(&m)),
        TxError::Internal(m) => RpcError::internal(m),
    }
}

/// Signs `tx` with `signature_of` (a key, or a stand-in for an impersonated sender).
fn sign(
    tx: &mut TypedTransaction,
    mut signature_of: impl FnMut(
        &mut dyn SignableTransaction<Signature>,
    ) -> Result<Signature, alloy::signers::Error>,
) -> Result<TxEnvelope, RpcError> {
    let fail = |e: alloy::signers::Error| RpcError::internal(format!("signing failed: {e}"));
    Ok(match tx {
        TypedTransaction::Legacy(t) => {
            let sig = signature_of(t).map_err(fail)?;
            t.clone().into_signed(sig).into()
        }
        TypedTransaction::Eip2930(t) => {
            let sig = signature_of(t).map_err(fail)?;
            t.clone().into_signed(sig).into()
        }
        TypedTransaction::Eip1559(t) => {
            let sig = signature_of(t).map_err(fail)?;
            t.clone().into_signed(sig).into()
        }
        _ => return Err(RpcError::server("transaction type not supported")),
    })
}

/// Moves on the queued transactions of `from` whose nonce gap has filled: with automine each is
/// mined at once in its own block, in nonce order; otherwise they join the pending ones.
fn release(inner: &mut Inner, from: Address) {
    loop {
        let next = inner.pending_nonce(from);
        let Some(tx) = inner.pool.take_queued(from, next) else {
            return;
        };
        if inner.mining != Mining::Auto {
            inner.pool.pending.push(tx);
            continue;
        }
        match inner.chain.transact_with_hash(tx.request, tx.hash) {
            Ok(_) => {
                inner.envelopes.insert(tx.hash, tx.envelope);
            }
            // It became invalid while it waited (its sender's funds went): dropped, and the
            // later ones wait behind the new gap.
            Err(_) => return,
        }
    }
}

/// The chain request a signed transaction stands for.
pub(crate) fn envelope_request(envelope: &TxEnvelope, from: Address) -> TxRequest {
    TxRequest {
        from,
        to: envelope.kind(),
        value: envelope.value(),
        input: envelope.input().clone(),
        gas_limit: Some(envelope.gas_limit()),
        max_fee_per_gas: Some(envelope.max_fee_per_gas()),
        nonce: Some(envelope.nonce()),
        access_list: envelope.access_list().cloned().unwrap_or_default(),
    }
}

/// The chain request of an `eth_call` / `eth_estimateGas` / `eth_sendTransaction` object.
pub(crate) fn call_request(req: &TransactionRequest) -> Result<TxRequest, RpcError> {
    if req.input.input.is_some() && req.input.data.is_some() && req.input.input != req.input.data {
        return Err(RpcError::invalid_params(
            "both \"data\" and \"input\" are set and not equal",
        ));
    }
    Ok(TxRequest {
        from: req.from.unwrap_or_default(),
        to: req.to.unwrap_or(TxKind::Create),
        value: req.value.unwrap_or_default(),
        input: req.input.input().cloned().unwrap_or_default(),
        gas_limit: req.gas,
        max_fee_per_gas: req.gas_price.or(req.max_fee_per_gas),
        nonce: req.nonce,
        access_list: req.access_list.clone().unwrap_or_default(),
    })
}

/// Intrinsic gas of a transaction (base, calldata, creation, access list), as the EVM charges it.
pub(crate) fn intrinsic_gas(req: &TxRequest, spec: revm::primitives::hardfork::SpecId) -> u64 {
    let zeros = req.input.iter().filter(|b| **b == 0).count() as u64;
    let nonzeros = req.input.len() as u64 - zeros;
    let mut gas = 21_000 + zeros * 4 + nonzeros * 16;
    if req.to == TxKind::Create {
        gas += 32_000 + 2 * (req.input.len() as u64).div_ceil(32);
    }
    for item in req.access_list.iter() {
        gas += 2_400 + 1_900 * item.storage_keys.len() as u64;
    }
    // EIP-7623 (Prague): the calldata floor.
    if spec.is_enabled_in(revm::primitives::hardfork::SpecId::PRAGUE) {
        let tokens = zeros + nonzeros * 4;
        gas = gas.max(21_000 + tokens * 10);
    }
    gas
}

/// An envelope for a transaction executed without one (sent through the in-process API): an
/// EIP-1559 transaction with the request's fields and an empty signature.
pub(crate) fn unsigned_envelope(record: &crate::TransactionRecord, chain_id: u64) -> TxEnvelope {
    let r = &record.request;
    let tx = TxEip1559 {
        chain_id,
        nonce: r.nonce.unwrap_or_default(),
        gas_limit: r.effective_gas_limit(),
        max_fee_per_gas: r.max_fee_per_gas.unwrap_or(record.gas_price),
        max_priority_fee_per_gas: 0,
        to: r.to,
        value: r.value,
        access_list: r.access_list.clone(),
        input: r.input.clone(),
    };
    Signed::new_unchecked(
        tx,
        Signature::new(U256::ZERO, U256::ZERO, false),
        record.hash,
    )
    .into()
}
