//! The transaction pool: transactions accepted but not mined yet.
//!
//! Two parts, as geth's pool has them:
//! - **pending**: executable transactions (each sender's in nonce order, starting at its chain
//!   nonce), mined by the next block when blocks are mined on an interval or by hand. With
//!   automine it stays empty: an executable transaction is mined as it arrives.
//! - **queued**: transactions whose nonce is ahead of their sender's next one. They wait for the
//!   gap to fill; when it does they move to pending (or, with automine, are mined at once, each
//!   in its own block and in nonce order, as Nitro's sequencer releases the transactions it holds
//!   for a nonce gap).
//!
//! The pool is bounded: at most [`PoolLimits::max_per_sender`] queued transactions per sender and
//! [`PoolLimits::max_total`] in all; queued transactions older than [`PoolLimits::lifetime`] are
//! dropped. A transaction with the nonce of one already in the pool replaces it only when both
//! its fee cap and its tip are at least [`PRICE_BUMP_PERCENT`] higher (geth's rule and error).

use super::convert::rpc_pending_transaction;
use crate::types::TxRequest;
use alloy::consensus::{Transaction as _, TxEnvelope};
use alloy::primitives::{Address, TxKind, B256};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Default most queued (future-nonce) transactions of one sender (geth's `--txpool.accountqueue`).
pub const DEFAULT_MAX_PER_SENDER: usize = 64;
/// Default most transactions in the pool, pending and queued (geth's `--txpool.globalslots`).
pub const DEFAULT_MAX_TOTAL: usize = 4_096;
/// Default time a queued transaction may wait for its nonce gap (geth's `--txpool.lifetime`).
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(3 * 60 * 60);
/// How much higher (in percent) both fees of a replacement must be (geth's `--txpool.pricebump`).
pub const PRICE_BUMP_PERCENT: u128 = 10;

/// Bounds of the transaction pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolLimits {
    /// Most queued (future-nonce) transactions of one sender; more are refused with "account
    /// limit exceeded".
    pub max_per_sender: usize,
    /// Most transactions in the pool (pending and queued); more are refused with "txpool is full".
    pub max_total: usize,
    /// How long a queued transaction waits for its nonce gap before it is dropped.
    pub lifetime: Duration,
}

impl Default for PoolLimits {
    fn default() -> Self {
        Self {
            max_per_sender: DEFAULT_MAX_PER_SENDER,
            max_total: DEFAULT_MAX_TOTAL,
            lifetime: DEFAULT_LIFETIME,
        }
    }
}

/// A transaction in the pool.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    pub(crate) request: TxRequest,
    pub(crate) hash: B256,
    pub(crate) envelope: TxEnvelope,
    /// When it entered the pool (queued transactions expire from here).
    pub(crate) received: Instant,
}

impl Pending {
    pub(crate) fn nonce(&self) -> u64 {
        self.envelope.nonce()
    }

    /// The tip it offers: the priority fee, or the whole gas price of a legacy transaction.
    fn tip(&self) -> u128 {
        self.envelope
            .max_priority_fee_per_gas()
            .unwrap_or_else(|| self.envelope.max_fee_per_gas())
    }
}

/// Whether `new` may replace `old` (same sender and nonce): both fees `PRICE_BUMP_PERCENT` higher.
pub(crate) fn outbids(new: &Pending, old: &Pending) -> bool {
    let bumped = |x: u128| x.saturating_mul(100 + PRICE_BUMP_PERCENT).div_ceil(100);
    new.envelope.max_fee_per_gas() >= bumped(old.envelope.max_fee_per_gas())
        && new.tip() >= bumped(old.tip())
}

/// Pending and queued transactions.
#[derive(Debug, Default)]
pub(crate) struct TxPool {
    /// Executable transactions in arrival order; each sender's are consecutive nonces from its
    /// chain nonce.
    pub(crate) pending: Vec<Pending>,
    /// Future-nonce transactions by sender and nonce.
    pub(crate) queued: BTreeMap<Address, BTreeMap<u64, Pending>>,
}

impl TxPool {
    /// Transactions in the pool.
    pub(crate) fn len(&self) -> usize {
        self.pending.len() + self.queued_len()
    }

    fn queued_len(&self) -> usize {
        self.queued.values().map(BTreeMap::len).sum()
    }

    /// Pending transactions of `from`.
    pub(crate) fn pending_count(&self, from: Address) -> u64 {
        self.pending
            .iter()
            .filter(|p| p.request.from == from)
            .count() as u64
    }

    /// Queued transactions of `from`.
    pub(crate) fn queued_count(&self, from: Address) -> usize {
        self.queued.get(&from).map_or(0, BTreeMap::len)
    }

    /// Every transaction in the pool, pending ones first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Pending> {
        self.pending
            .iter()
            .chain(self.queued.values().flat_map(BTreeMap::values))
    }

    /// A transaction by hash, pending or queued.
    pub(crate) fn get(&self, hash: B256) -> Option<&Pending> {
        self.iter().find(|p| p.hash == hash)
    }

    /// The transaction of `from` with `nonce`, pending or queued.
    pub(crate) fn same_nonce(&mut self, from: Address, nonce: u64) -> Option<&mut Pending> {
        if let Some(i) = self
            .pending
            .iter()
            .position(|p| p.request.from == from && p.nonce() == nonce)
        {
            return self.pending.get_mut(i);
        }
        self.queued.get_mut(&from).and_then(|q| q.get_mut(&nonce))
    }

    /// Adds a future-nonce transaction.
    pub(crate) fn queue(&mut self, tx: Pending) {
        self.queued
            .entry(tx.request.from)
            .or_default()
            .insert(tx.nonce(), tx);
    }

    /// Takes the queued transaction of `from` with `nonce`.
    pub(crate) fn take_queued(&mut self, from: Address, nonce: u64) -> Option<Pending> {
        let q = self.queued.get_mut(&from)?;
        let tx = q.remove(&nonce);
        if q.is_empty() {
            self.queued.remove(&from);
        }
        tx
    }

    /// Drops queued transactions that waited longer than `lifetime`; returns how many.
    pub(crate) fn evict_expired(&mut self, lifetime: Duration, now: Instant) -> usize {
        let before = self.queued_len();
        for q in self.queued.values_mut() {
            q.retain(|_, p| now.saturating_duration_since(p.received) < lifetime);
        }
        self.queued.retain(|_, q| !q.is_empty());
        before - self.queued_len()
    }

    /// Empties the pool.
    pub(crate) fn clear(&mut self) {
        self.pending.clear();
        self.queued.clear();
    }

    /// `txpool_status`: `{ pending, queued }` counts.
    pub(crate) fn status(&self) -> Value {
        json!({
            "pending": format!("{:#x}", self.pending.len()),
            "queued": format!("{:#x}", self.queued_len()),
        })
    }

    /// `txpool_content` (`summary` false) or `txpool_inspect` (`summary` true): pending and queued
    /// transactions by sender and nonce, as geth shapes them.
    pub(crate) fn content(&self, summary: bool) -> Value {
        let entry = |p: &Pending| -> Value {
            if summary {
                Value::String(inspect_line(&p.envelope))
            } else {
                serde_json::to_value(rpc_pending_transaction(&p.envelope, p.request.from))
                    .unwrap_or(Value::Null)
            }
        };
        let mut pending: BTreeMap<Address, Map<String, Value>> = BTreeMap::new();
        for p in &self.pending {
            pending
                .entry(p.request.from)
                .or_default()
                .insert(p.nonce().to_string(), entry(p));
        }
        let by_sender = |m: BTreeMap<Address, Map<String, Value>>| -> Value {
            Value::Object(
                m.into_iter()
                    .map(|(a, txs)| (a.to_checksum(None), Value::Object(txs)))
                    .collect(),
            )
        };
        let queued = self
            .queued
            .iter()
            .map(|(a, q)| {
                let txs = q.iter().map(|(n, p)| (n.to_string(), entry(p))).collect();
                (*a, txs)
            })
            .collect();
        json!({ "pending": by_sender(pending), "queued": by_sender(queued) })
    }
}

/// geth's one-line summary of a transaction (`txpool_inspect`).
fn inspect_line(tx: &TxEnvelope) -> String {
    let to = match tx.kind() {
        TxKind::Call(to) => to.to_checksum(None),
        TxKind::Create => "contract creation".to_string(),
    };
    format!(
        "{to}: {} wei + {} gas × {} wei",
        tx.value(),
        tx.gas_limit(),
        tx.max_fee_per_gas()
    )
}
