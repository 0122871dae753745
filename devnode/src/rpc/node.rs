//! [`Node`]: the chain behind the RPC server, with what a JSON-RPC node adds to it: signed
//! transactions and their envelopes, unlocked dev accounts, mining modes and nonce ordering.

use super::error::{geth_tx_error, RpcError};
use crate::types::{StateOverrides, TxError, TxRequest};
use crate::Chain;
use alloy::consensus::transaction::SignerRecoverable;
use alloy::consensus::{
    SignableTransaction, Signed, Transaction as _, TxEip1559, TxEip2930, TxEnvelope, TxLegacy,
    TypedTransaction,
};
use alloy::eips::eip2718::Decodable2718;
use alloy::network::TxSignerSync;
use alloy::primitives::{Address, Signature, TxKind, B256, U256};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// When blocks are mined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mining {
    /// Every transaction is mined at once, in its own block.
    Auto,
    /// Transactions wait in a pool; every interval the pool is mined (or an empty block when the
    /// pool is empty).
    Interval(Duration),
}

/// A transaction accepted but not mined yet (interval mining).
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub(crate) request: TxRequest,
    pub(crate) hash: B256,
    pub(crate) envelope: TxEnvelope,
}

pub(crate) struct Inner {
    pub(crate) chain: Chain,
    /// Signed envelopes of the transactions received over RPC, by hash.
    pub(crate) envelopes: HashMap<B256, TxEnvelope>,
    pub(crate) pool: Vec<Pending>,
}

impl Inner {
    /// The nonce the next transaction of `address` must have (pool included).
    pub(crate) fn pending_nonce(&self, address: Address) -> u64 {
        let queued = self
            .pool
            .iter()
            .filter(|p| p.request.from == address)
            .count() as u64;
        self.chain.nonce(address) + queued
    }
}

/// A chain served over JSON-RPC: the [`Chain`] plus signed-transaction handling, dev accounts and
/// the mining mode. Shared between the server's connections (`Arc<Node>`); every method locks.
pub struct Node {
    inner: Mutex<Inner>,
    /// Signalled after every block, so transactions waiting for their nonce can go on.
    mined: Condvar,
    chain_id: u64,
    accounts: Vec<PrivateKeySigner>,
    mining: Mining,
    nonce_wait: Duration,
    limits: GasLimits,
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
            .field("mining", &self.mining)
            .finish()
    }
}

/// How long a transaction whose nonce is ahead of its sender's waits for the gap to fill before
/// it is refused with "nonce too high" (Nitro's sequencer also holds such transactions briefly).
pub const DEFAULT_NONCE_WAIT: Duration = Duration::from_millis(1_000);

impl Node {
    /// A node over `chain` whose dev `accounts` can send with `eth_sendTransaction`.
    pub fn new(chain: Chain, accounts: Vec<PrivateKeySigner>, mining: Mining) -> Self {
        let chain_id = chain.config().chain_id;
        Self {
            inner: Mutex::new(Inner {
                chain,
                envelopes: HashMap::new(),
                pool: Vec::new(),
            }),
            mined: Condvar::new(),
            chain_id,
            accounts,
            mining,
            nonce_wait: DEFAULT_NONCE_WAIT,
            limits: GasLimits::default(),
            filters: Default::default(),
        }
    }

    /// Sets the gas bounds of calls and transactions.
    pub fn with_gas_limits(mut self, limits: GasLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets how long a transaction with a future nonce waits for the gap to fill.
    pub fn with_nonce_wait(mut self, wait: Duration) -> Self {
        self.nonce_wait = wait;
        self
    }

    /// Chain id.
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The mining mode.
    pub fn mining(&self) -> Mining {
        self.mining
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
    /// the node's envelope store: RPC shows them with an empty signature.
    pub fn with_chain<R>(&self, f: impl FnOnce(&mut Chain) -> R) -> R {
        let mut inner = self.lock();
        let r = f(&mut inner.chain);
        drop(inner);
        self.mined.notify_all();
        r
    }

    pub(crate) fn notify(&self) {
        self.mined.notify_all();
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
        let guard = self.lock();
        let (_guard, hash) = self.submit(guard, envelope, from)?;
        Ok(hash)
    }

    /// Fills, signs with the dev key of `from` and submits a transaction (`eth_sendTransaction`).
    ///
    /// # Errors
    /// `-32000` "unknown account" when `from` is not a dev account; as
    /// [`Node::send_raw_transaction`] otherwise.
    pub fn send_transaction(&self, req: TransactionRequest) -> Result<B256, RpcError> {
        let from = req
            .from
            .ok_or_else(|| RpcError::invalid_params("missing \"from\""))?;
        let signer = self
            .signer(from)
            .ok_or_else(|| RpcError::server("unknown account"))?;
        let mut call = call_request(&req)?;
        call.nonce = None;
        // Estimate first; the nonce is taken with the lock that submits, so concurrent sends
        // from the same account still get consecutive nonces.
        let gas_limit = match req.gas {
            Some(g) => g,
            None => estimate(&self.lock().chain, &call, None)?,
        };
        let guard = self.lock();
        let nonce = req.nonce.unwrap_or_else(|| guard.pending_nonce(from));
        let base_fee = guard.chain.config().base_fee as u128;
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
        let envelope = sign(signer, &mut tx)?;
        let (_guard, hash) = self.submit(guard, envelope, from)?;
        Ok(hash)
    }

    /// Checks a signed transaction against the chain and mines it (automine) or queues it.
    fn submit<'a>(
        &'a self,
        mut guard: MutexGuard<'a, Inner>,
        envelope: TxEnvelope,
        from: Address,
    ) -> Result<(MutexGuard<'a, Inner>, B256), RpcError> {
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
        if guard.chain.transaction(hash).is_some() || guard.pool.iter().any(|p| p.hash == hash) {
            return Err(RpcError::server("already known"));
        }
        let config = guard.chain.config().clone();
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

        // Nonce order: a nonce ahead of the sender's waits for the gap to fill, briefly.
        let nonce = envelope.nonce();
        let deadline = Instant::now() + self.nonce_wait;
        loop {
            let expected = guard.pending_nonce(from);
            if nonce < expected {
                return Err(RpcError::server(format!(
                    "nonce too low: address {from}, tx: {nonce} state: {expected}"
                )));
            }
            if nonce == expected {
                break;
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(RpcError::server(format!(
                    "nonce too high: address {from}, tx: {nonce} state: {expected}"
                )));
            }
            guard = self
                .mined
                .wait_timeout(guard, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }

        let request = envelope_request(&envelope, from);
        let cost = U256::from(gas_limit)
            .saturating_mul(U256::from(max_fee))
            .saturating_add(request.value);
        let balance = guard.chain.balance(from);
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

        match self.mining {
            Mining::Auto => {
                guard
                    .chain
                    .transact_with_hash(request, hash)
                    .map_err(tx_error)?;
                guard.envelopes.insert(hash, envelope);
                self.mined.notify_all();
            }
            Mining::Interval(_) => {
                guard.pool.push(Pending {
                    request,
                    hash,
                    envelope,
                });
                self.mined.notify_all();
            }
        }
        Ok((guard, hash))
    }

    /// Mines one block with the pooled transactions (none in automine: an empty block);
    /// `timestamp` sets the block's timestamp.
    pub fn mine(&self, timestamp: Option<u64>) {
        let mut guard = self.lock();
        if let Some(t) = timestamp {
            guard.chain.set_next_block_timestamp(t);
        }
        let pool = std::mem::take(&mut guard.pool);
        if pool.is_empty() {
            guard.chain.mine();
        } else {
            let txs = pool
                .iter()
                .map(|p| (p.request.clone(), Some(p.hash)))
                .collect();
            let results = guard.chain.transact_block(txs);
            for (p, r) in pool.into_iter().zip(results) {
                // A transaction the chain now refuses (an earlier one drained its sender) is
                // dropped, as a node drops transactions that became invalid.
                if r.is_ok() {
                    guard.envelopes.insert(p.hash, p.envelope);
                }
            }
        }
        drop(guard);
        self.mined.notify_all();
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
        let call = self.capped(call_request(req)?);
        let guard = self.lock();
        if let Some(answer) = super::node_interface::answer(&guard.chain, &call, overrides) {
            return answer;
        }
        let result = guard
            .chain
            .call_with_overrides(&call, overrides)
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
        let call = self.capped(call_request(req)?);
        let guard = self.lock();
        estimate(&guard.chain, &call, overrides)
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
    call: &TxRequest,
    overrides: Option<&StateOverrides>,
) -> Result<u64, RpcError> {
    let run = |gas: u64| chain.call_with_overrides(&call.clone().with_gas_limit(gas), overrides);
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
            && chain.code(to).is_empty();
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

fn sign(signer: &PrivateKeySigner, tx: &mut TypedTransaction) -> Result<TxEnvelope, RpcError> {
    let fail = |e: alloy::signers::Error| RpcError::internal(format!("signing failed: {e}"));
    Ok(match tx {
        TypedTransaction::Legacy(t) => {
            let sig = signer.sign_transaction_sync(t).map_err(fail)?;
            t.clone().into_signed(sig).into()
        }
        TypedTransaction::Eip2930(t) => {
            let sig = signer.sign_transaction_sync(t).map_err(fail)?;
            t.clone().into_signed(sig).into()
        }
        TypedTransaction::Eip1559(t) => {
            let sig = signer.sign_transaction_sync(t).map_err(fail)?;
            t.clone().into_signed(sig).into()
        }
        _ => return Err(RpcError::server("transaction type not supported")),
    })
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
