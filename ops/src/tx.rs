//! Sending transactions safely: one nonce manager per account, every call simulated (`eth_call`,
//! then `eth_estimateGas`) before it is signed, a signed transaction tracked to its receipt, and
//! a lost answer answered by re-broadcasting the same signed bytes (same nonce, same hash), so a
//! flaky RPC can delay an action but never send it twice.

use std::time::{Duration, Instant};

use alloy::{
    eips::Encodable2718,
    network::{EthereumWallet, NetworkTransactionBuilder, TransactionBuilder},
    primitives::{Address, Bytes, B256, U256},
    providers::{DynProvider, Provider},
    rpc::types::{TransactionReceipt, TransactionRequest},
    signers::local::PrivateKeySigner,
    transports::TransportError,
};
use anyhow::{anyhow, bail, Context, Result};

use crate::{errors, retry::Backoff};

/// One contract call to send.
#[derive(Debug, Clone)]
pub struct Call {
    /// What the call does, for logs ("liquidate 7", "drip H100-SXM5-80GB").
    pub label: String,
    /// Target contract.
    pub to: Address,
    /// ABI-encoded call.
    pub data: Bytes,
    /// ETH sent along.
    pub value: U256,
}

impl Call {
    /// A call of `data` on `to` with no value.
    pub fn new(label: impl Into<String>, to: Address, data: impl Into<Bytes>) -> Self {
        Self {
            label: label.into(),
            to,
            data: data.into(),
            value: U256::ZERO,
        }
    }

    /// Sends `value` wei along.
    pub fn with_value(mut self, value: U256) -> Self {
        self.value = value;
        self
    }
}

/// A call the chain refused: in simulation (nothing was sent) or mined and reverted.
#[derive(Debug, Clone)]
pub struct Revert {
    /// The call's label.
    pub label: String,
    /// The decoded custom error as a sentence.
    pub reason: String,
    /// The reverted transaction, when it was mined.
    pub tx: Option<B256>,
}

impl std::fmt::Display for Revert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.tx {
            Some(tx) => write!(f, "{}: reverted in {tx}: {}", self.label, self.reason),
            None => write!(f, "{}: {}", self.label, self.reason),
        }
    }
}

impl std::error::Error for Revert {}

/// What became of a call.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Mined and successful.
    Mined(Box<TransactionReceipt>),
    /// `--dry-run`: simulated successfully, not sent.
    Simulated {
        /// Gas the node estimated.
        gas: u64,
    },
    /// Sent; no receipt yet. The sender sends nothing else until it is mined or replaced.
    Pending(B256),
}

/// A signed transaction not yet seen mined.
#[derive(Debug, Clone)]
struct InFlight {
    label: String,
    nonce: u64,
    request: TransactionRequest,
    /// Every signed version (a replacement adds one); any of them mined settles it.
    signed: Vec<(B256, Bytes)>,
    since: Instant,
}

/// Signs and sends for one account.
pub struct Sender {
    provider: DynProvider,
    wallet: EthereumWallet,
    /// The sending account.
    pub from: Address,
    chain_id: u64,
    next_nonce: Option<u64>,
    in_flight: Vec<InFlight>,
    /// Retry policy for RPC failures.
    pub backoff: Backoff,
    /// Only simulate and log.
    pub dry_run: bool,
    /// How long [`Sender::send`] waits for a receipt before reporting [`Outcome::Pending`].
    pub receipt_timeout: Duration,
    /// After how long a pending transaction is replaced with higher fees (same nonce).
    pub replace_after: Duration,
}

fn revert_of(e: &TransportError) -> Option<Bytes> {
    e.as_error_resp().and_then(|p| p.as_revert_data())
}

fn revert_reason(e: &TransportError) -> Option<String> {
    if let Some(data) = revert_of(e) {
        return Some(errors::sentence(&data));
    }
    let resp = e.as_error_resp()?;
    // A revert without data (or a node that words it differently) is still an answer.
    resp.message
        .to_ascii_lowercase()
        .contains("revert")
        .then(|| resp.message.to_string())
}

impl Sender {
    /// A sender for `signer` on `chain_id` through `provider`.
    pub fn new(provider: DynProvider, signer: PrivateKeySigner, chain_id: u64) -> Self {
        Self {
            provider,
            from: signer.address(),
            wallet: EthereumWallet::from(signer),
            chain_id,
            next_nonce: None,
            in_flight: Vec::new(),
            backoff: Backoff::default(),
            dry_run: false,
            receipt_timeout: Duration::from_secs(60),
            replace_after: Duration::from_secs(180),
        }
    }

    /// Labels of transactions sent and not yet mined.
    pub fn in_flight(&self) -> Vec<String> {
        self.in_flight.iter().map(|t| t.label.clone()).collect()
    }

    fn request(&self, c: &Call) -> TransactionRequest {
        TransactionRequest::default()
            .with_from(self.from)
            .with_to(c.to)
            .with_input(c.data.clone())
            .with_value(c.value)
    }

    /// Simulates `c` from this account at the latest block: the gas it needs, or a [`Revert`]
    /// naming the decoded error.
    pub async fn simulate(&self, c: &Call) -> Result<u64> {
        let tx = self.request(c);
        let revert = |e: TransportError| match revert_reason(&e) {
            Some(reason) => anyhow::Error::new(Revert {
                label: c.label.clone(),
                reason,
                tx: None,
            }),
            None => anyhow::Error::new(e).context(format!("{}: simulation failed", c.label)),
        };
        self.backoff
            .run(|| async { self.provider.call(tx.clone()).await })
            .await
            .map_err(revert)?;
        self.backoff
            .run(|| async { self.provider.estimate_gas(tx.clone()).await })
            .await
            .map_err(revert)
    }

    async fn nonce(&mut self) -> Result<u64> {
        if let Some(n) = self.next_nonce {
            return Ok(n);
        }
        let from = self.from;
        let n = self
            .backoff
            .run(|| async { self.provider.get_transaction_count(from).pending().await })
            .await
            .context("reading the account's nonce")?;
        self.next_nonce = Some(n);
        Ok(n)
    }

    /// Whether the node holds transactions of this account sent before this sender existed
    /// (pending nonce above the mined one): a restarted keeper waits for them instead of sending
    /// actions they may already cover.
    pub async fn has_foreign_pending(&self) -> Result<bool> {
        if !self.in_flight.is_empty() {
            return Ok(false);
        }
        let from = self.from;
        let latest = self
            .backoff
            .run(|| async { self.provider.get_transaction_count(from).latest().await })
            .await?;
        let pending = self
            .backoff
            .run(|| async { self.provider.get_transaction_count(from).pending().await })
            .await?;
        Ok(pending > latest)
    }

    async fn sign(&self, req: TransactionRequest) -> Result<(B256, Bytes)> {
        let env = req
            .build(&self.wallet)
            .await
            .map_err(|e| anyhow!("cannot sign: {e}"))?;
        Ok((*env.tx_hash(), env.encoded_2718().into()))
    }

    async fn known(&self, hash: B256) -> bool {
        matches!(
            self.backoff
                .run(|| async { self.provider.get_transaction_by_hash(hash).await })
                .await,
            Ok(Some(_))
        )
    }

    async fn receipt(&self, hash: B256) -> Result<Option<TransactionReceipt>, TransportError> {
        self.backoff
            .run(|| async { self.provider.get_transaction_receipt(hash).await })
            .await
    }

    /// Broadcasts signed bytes. A lost answer is resolved by asking the node for the hash, and
    /// the same bytes are sent again only when the node does not know them.
    async fn broadcast(&self, hash: B256, raw: &Bytes) -> Result<()> {
        let mut pause = self.backoff.first;
        for attempt in 1..=self.backoff.attempts {
            match self.provider.send_raw_transaction(raw).await {
                Ok(_) => return Ok(()),
                Err(e) => {
                    let msg = e.to_string().to_ascii_lowercase();
                    if msg.contains("already known") || msg.contains("already imported") {
                        return Ok(());
                    }
                    if self.known(hash).await || matches!(self.receipt(hash).await, Ok(Some(_))) {
                        // The node took it; only the answer was lost.
                        return Ok(());
                    }
                    if e.is_error_resp() {
                        // A definite refusal (nonce too low, insufficient funds, ...).
                        bail!("the node refused {hash}: {e}");
                    }
                    tracing::warn!(%hash, attempt, error = %e, "broadcast failed; retrying the same signed transaction");
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(self.backoff.max);
                }
            }
        }
        // Still unknown: kept in flight, re-broadcast by the next `settle`.
        Ok(())
    }

    /// The reason a mined transaction reverted, by replaying it at its block's parent state.
    async fn mined_revert(
        &self,
        label: &str,
        r: &TransactionReceipt,
        req: &TransactionRequest,
    ) -> Revert {
        let at = r.block_number.unwrap_or_default().saturating_sub(1);
        let reason = match self.provider.call(req.clone()).block(at.into()).await {
            Err(e) => revert_reason(&e).unwrap_or_else(|| e.to_string()),
            Ok(_) => "reverted (the replay succeeded, so the state moved in its block)".into(),
        };
        Revert {
            label: label.to_string(),
            reason,
            tx: Some(r.transaction_hash),
        }
    }

    /// Follows every transaction in flight: mined ones are reported and dropped; ones the node
    /// lost are re-broadcast byte for byte; ones pending longer than `replace_after` are replaced
    /// (same nonce, fees × 1.25). Returns what settled, by label.
    pub async fn settle(&mut self) -> Vec<(String, Result<Outcome>)> {
        let mut done = Vec::new();
        let mut keep = Vec::new();
        for mut t in std::mem::take(&mut self.in_flight) {
            let mut mined = None;
            for (hash, _) in &t.signed {
                if let Ok(Some(r)) = self.receipt(*hash).await {
                    mined = Some(r);
                    break;
                }
            }
            if let Some(r) = mined {
                let outcome = if r.status() {
                    Ok(Outcome::Mined(Box::new(r)))
                } else {
                    Err(anyhow::Error::new(
                        self.mined_revert(&t.label, &r, &t.request).await,
                    ))
                };
                done.push((t.label.clone(), outcome));
                continue;
            }
            let (last_hash, last_raw) = t.signed.last().cloned().expect("signed at least once");
            if t.since.elapsed() >= self.replace_after {
                let bump = |v: Option<u128>| v.map(|v| v + v / 4);
                let mut req = t.request.clone();
                req.max_fee_per_gas = bump(req.max_fee_per_gas);
                req.max_priority_fee_per_gas = bump(req.max_priority_fee_per_gas);
                match self.sign(req.clone()).await {
                    Ok((hash, raw)) => {
                        tracing::warn!(label = %t.label, nonce = t.nonce, %hash, "replacing a stuck transaction with higher fees");
                        if let Err(e) = self.broadcast(hash, &raw).await {
                            tracing::warn!(label = %t.label, error = %e, "replacement refused");
                        }
                        t.request = req;
                        t.signed.push((hash, raw));
                        t.since = Instant::now();
                    }
                    Err(e) => {
                        tracing::warn!(label = %t.label, error = %e, "cannot sign a replacement")
                    }
                }
            } else if !self.known(last_hash).await {
                tracing::warn!(label = %t.label, hash = %last_hash, "the node lost a transaction; re-broadcasting it");
                if let Err(e) = self.broadcast(last_hash, &last_raw).await {
                    tracing::warn!(label = %t.label, error = %e, "re-broadcast refused");
                }
            }
            keep.push(t);
        }
        self.in_flight = keep;
        done
    }

    /// Simulates `c`, then (unless `dry_run`) signs it with the next nonce, broadcasts it and waits
    /// up to `receipt_timeout` for its receipt. Refuses while an earlier transaction is in flight.
    pub async fn send(&mut self, c: &Call) -> Result<Outcome> {
        if !self.in_flight.is_empty() {
            bail!(
                "{}: waiting for {} to be mined first",
                c.label,
                self.in_flight().join(", ")
            );
        }
        let gas = self.simulate(c).await?;
        if self.dry_run {
            tracing::info!(action = %c.label, to = %c.to, gas, "dry run: would send");
            return Ok(Outcome::Simulated { gas });
        }
        let nonce = self.nonce().await?;
        let fees = self
            .backoff
            .run(|| async { self.provider.estimate_eip1559_fees().await })
            .await
            .context("reading fees")?;
        let req = self
            .request(c)
            .with_nonce(nonce)
            .with_chain_id(self.chain_id)
            .with_gas_limit(gas + gas / 4 + 10_000)
            .with_max_fee_per_gas(fees.max_fee_per_gas)
            .with_max_priority_fee_per_gas(fees.max_priority_fee_per_gas);
        let (hash, raw) = self.sign(req.clone()).await?;
        // From here the nonce is spent: the signed bytes go out (again if need be) until mined.
        self.next_nonce = Some(nonce + 1);
        self.in_flight.push(InFlight {
            label: c.label.clone(),
            nonce,
            request: req,
            signed: vec![(hash, raw.clone())],
            since: Instant::now(),
        });
        tracing::info!(action = %c.label, %hash, nonce, "sent");
        if let Err(e) = self.broadcast(hash, &raw).await {
            self.in_flight.retain(|t| t.nonce != nonce);
            self.next_nonce = None;
            return Err(e.context(c.label.clone()));
        }
        let deadline = Instant::now() + self.receipt_timeout;
        loop {
            let settled = self.settle().await;
            if let Some((_, outcome)) = settled.into_iter().next() {
                return outcome;
            }
            if Instant::now() >= deadline {
                return Ok(Outcome::Pending(hash));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// [`Sender::send`], turning a pending or dry-run outcome into an error for callers (the CLI)
    /// that need the receipt.
    pub async fn send_mined(&mut self, c: &Call) -> Result<Option<TransactionReceipt>> {
        match self.send(c).await? {
            Outcome::Mined(r) => Ok(Some(*r)),
            Outcome::Simulated { .. } => Ok(None),
            Outcome::Pending(h) => bail!(
                "{}: {h} not mined within {:?}",
                c.label,
                self.receipt_timeout
            ),
        }
    }
}
