//! The keeper: on every new block it keeps programs alive, drips interest, heals bad debt,
//! liquidates unsafe positions, resets expired auctions and bids on auctions priced within its
//! policy. Every action goes through [`Sender`] (simulated first, one nonce manager, lost answers
//! re-checked rather than re-sent); a refused action is logged with its decoded error and waits
//! `retry_after_blocks` before it is tried again.

use std::{
    collections::{BTreeMap, HashMap},
    future::Future,
    sync::{atomic::Ordering::Relaxed, Arc},
    time::Duration,
};

use alloy::{
    primitives::{Address, B256, U256},
    providers::Provider,
    sol,
};
use anyhow::{Context, Result};

use crate::{
    amount,
    conn::Protocol,
    index::Index,
    metrics::Metrics,
    tx::{Call, Outcome, Revert, Sender},
};

sol! {
    /// The ArbWasm precompile's keepalive side.
    #[sol(rpc)]
    interface IArbWasmKeepalive {
        /// Seconds until `program`'s activation expires.
        function programTimeLeft(address program) external view returns (uint64 secs);
        /// Renews the activation of every program with this code hash (payable: data fee).
        function codehashKeepalive(bytes32 codehash) external payable;
    }
}

/// What the keeper does and how far it goes.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Drip a model with debt when its last drip is at least this old (seconds); 0 never drips.
    pub drip_interval: u64,
    /// Bid when the auction price is at or under this fraction (bps) of the token's latest
    /// appraisal; 0 never bids.
    pub bid_bps: u16,
    /// Most AID spent on one auction.
    pub max_spend: U256,
    /// Receiver of the GPU tokens bought (the keeper's account when none).
    pub receiver: Option<Address>,
    /// AID per ETH (18 decimals), to price gas against the keeper reward.
    pub eth_price: U256,
    /// Liquidate even when the reward does not cover the gas (a protocol-run keeper may).
    pub liquidate_at_a_loss: bool,
    /// Keep a program alive once its activation has less than this left (seconds).
    pub keepalive_margin: u64,
    /// Wei sent with a keepalive to pay its data fee; ArbWasm refunds the excess.
    pub keepalive_value: U256,
    /// Blocks an action waits after it was refused or reverted.
    pub retry_after_blocks: u64,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            drip_interval: 86_400,
            bid_bps: 0,
            max_spend: U256::ZERO,
            receiver: None,
            eth_price: amount::WAD * U256::from(3_000),
            liquidate_at_a_loss: false,
            keepalive_margin: 30 * 86_400,
            keepalive_value: amount::WAD / U256::from(10),
            retry_after_blocks: 20,
        }
    }
}

/// What one block saw and did: the keeper's summary line.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Block number.
    pub block: u64,
    /// Block timestamp.
    pub timestamp: u64,
    /// Positions watched.
    pub positions: usize,
    /// Positions liquidatable.
    pub unsafe_positions: usize,
    /// Auctions running.
    pub auctions: usize,
    /// Actions mined (or, in a dry run, simulated).
    pub sent: Vec<String>,
    /// Actions refused or reverted, each with its decoded reason.
    pub failed: Vec<String>,
    /// Transactions the keeper is waiting for (nothing else is sent meanwhile).
    pub waiting: Vec<String>,
    /// The keeper's AID balance.
    pub aid_balance: U256,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "block {} positions {} unsafe {} auctions {} sent [{}] failed [{}] AID {}",
            self.block,
            self.positions,
            self.unsafe_positions,
            self.auctions,
            self.sent.join(", "),
            self.failed.join(", "),
            amount::format(self.aid_balance)
        )?;
        if !self.waiting.is_empty() {
            write!(f, " waiting for [{}]", self.waiting.join(", "))?;
        }
        Ok(())
    }
}

/// The keeper's state between blocks.
pub struct Keeper {
    /// The protocol it watches.
    pub protocol: Protocol,
    /// Its account's sender.
    pub sender: Sender,
    /// Positions, auctions and models from the events.
    pub index: Index,
    /// Its policy.
    pub policy: Policy,
    /// Its numbers.
    pub metrics: Arc<Metrics>,
    /// Action → first block it may be tried again.
    blocked: HashMap<String, u64>,
    /// Action → last failure logged (a repeated failure is logged at debug level).
    last_failure: HashMap<String, String>,
    /// Model → timestamp of the keeper's last drip.
    last_drip: BTreeMap<B256, u64>,
}

enum Step {
    Continue,
    /// A transaction is pending: nothing more this block.
    Stop,
}

macro_rules! read {
    ($p:expr, $call:expr) => {
        $p.backoff.run(|| async { $call.call().await }).await
    };
}

impl Keeper {
    /// A keeper whose index is rebuilt from the logs since `from_block` (the deployment's block
    /// when `None`) up to the latest block.
    pub async fn start(
        protocol: Protocol,
        sender: Sender,
        policy: Policy,
        from_block: Option<u64>,
    ) -> Result<Self> {
        let mut index = Index::starting_at(from_block.unwrap_or(protocol.book.block_number));
        index
            .models
            .extend(protocol.book.models.iter().map(|m| m.id));
        let (head, _) = protocol.head().await?;
        index
            .update(&protocol, head)
            .await
            .context("rebuilding the index from logs")?;
        tracing::info!(
            block = head,
            positions = index.positions.len(),
            auctions = index.auctions.len(),
            models = index.models.len(),
            keeper = %sender.from,
            dry_run = sender.dry_run,
            "index rebuilt from logs"
        );
        Ok(Self {
            protocol,
            sender,
            index,
            policy,
            metrics: Arc::new(Metrics::default()),
            blocked: HashMap::new(),
            last_failure: HashMap::new(),
            last_drip: BTreeMap::new(),
        })
    }

    fn record(
        &mut self,
        block: u64,
        s: &mut Summary,
        label: &str,
        outcome: Result<Outcome>,
    ) -> Result<Step> {
        match outcome {
            Ok(Outcome::Mined(r)) => {
                self.metrics.actions_sent.fetch_add(1, Relaxed);
                tracing::info!(action = label, tx = %r.transaction_hash, gas = r.gas_used, "mined");
                s.sent.push(label.to_string());
                self.last_failure.remove(label);
                Ok(Step::Continue)
            }
            Ok(Outcome::Simulated { .. }) => {
                s.sent.push(format!("{label} (dry run)"));
                self.blocked
                    .insert(label.to_string(), block + self.policy.retry_after_blocks);
                Ok(Step::Continue)
            }
            Ok(Outcome::Pending(hash)) => {
                tracing::info!(action = label, %hash, "not mined yet; waiting for it");
                s.waiting.push(label.to_string());
                Ok(Step::Stop)
            }
            Err(e) => match e.downcast_ref::<Revert>() {
                Some(r) => {
                    self.metrics.actions_failed.fetch_add(1, Relaxed);
                    let line = r.to_string();
                    if self.last_failure.get(label) != Some(&line) {
                        tracing::warn!(action = label, reason = %r.reason, tx = ?r.tx, "refused; not retrying for {} blocks", self.policy.retry_after_blocks);
                    } else {
                        tracing::debug!(action = label, reason = %r.reason, "refused again");
                    }
                    self.last_failure.insert(label.to_string(), line);
                    self.blocked
                        .insert(label.to_string(), block + self.policy.retry_after_blocks);
                    s.failed.push(format!("{label}: {}", r.reason));
                    Ok(Step::Continue)
                }
                None => {
                    self.metrics.actions_failed.fetch_add(1, Relaxed);
                    Err(e)
                }
            },
        }
    }

    async fn act(&mut self, block: u64, s: &mut Summary, call: Call) -> Result<Step> {
        if self.blocked.get(&call.label).is_some_and(|b| *b > block) {
            return Ok(Step::Continue);
        }
        let outcome = self.sender.send(&call).await;
        self.record(block, s, &call.label, outcome)
    }

    /// Processes the latest block: settles transactions in flight, reads the new logs, then acts.
    pub async fn step(&mut self) -> Result<Summary> {
        let (block, ts) = self.protocol.head().await?;
        let mut s = Summary {
            block,
            timestamp: ts,
            ..Summary::default()
        };
        for (label, outcome) in self.sender.settle().await {
            self.record(block, &mut s, &label, outcome)?;
        }
        s.waiting = self.sender.in_flight();
        if s.waiting.is_empty() && self.sender.has_foreign_pending().await? {
            s.waiting
                .push("transactions sent before this keeper started".into());
        }
        self.index.update(&self.protocol, block).await?;
        if s.waiting.is_empty() {
            let _ = self.actions(block, ts, &mut s).await?;
        }
        if !s.sent.is_empty() {
            // What was just mined (auctions started or settled) shows in the summary at once.
            let (head, _) = self.protocol.head().await?;
            self.index.update(&self.protocol, head).await?;
        }
        let me = self.sender.from;
        s.aid_balance = read!(self.protocol, self.protocol.token.balanceOf(me))?;
        s.positions = self.index.positions.len();
        s.auctions = self.index.auctions.len();
        let m = &self.metrics;
        m.positions.store(s.positions as u64, Relaxed);
        m.unsafe_positions.store(s.unsafe_positions as u64, Relaxed);
        m.auctions.store(s.auctions as u64, Relaxed);
        *m.aid_balance_wei.lock().expect("metrics lock") = s.aid_balance;
        m.last_block.store(block, Relaxed);
        Ok(s)
    }

    async fn actions(&mut self, block: u64, ts: u64, s: &mut Summary) -> Result<Step> {
        let p = self.protocol.clone();

        // Programs near expiry.
        if self.policy.keepalive_margin > 0 {
            let wasm = IArbWasmKeepalive::new(aid_deploy::chain::ARB_WASM, p.provider.clone());
            for (name, entry) in &p.book.contracts {
                let left = match read!(p, wasm.programTimeLeft(entry.address)) {
                    Ok(left) => left,
                    Err(e) => {
                        tracing::warn!(program = %name, error = %crate::errors::explain(&e), "cannot read the program's time left");
                        continue;
                    }
                };
                if left < self.policy.keepalive_margin {
                    let call = Call::new(
                        format!("keepalive {name}"),
                        aid_deploy::chain::ARB_WASM,
                        wasm.codehashKeepalive(entry.codehash).calldata().clone(),
                    )
                    .with_value(self.policy.keepalive_value);
                    if let Step::Stop = self.act(block, s, call).await? {
                        return Ok(Step::Stop);
                    }
                }
            }
        }

        // Drips, so interest reaches sAID whether or not anyone borrows or repays.
        if self.policy.drip_interval > 0 {
            let models: Vec<B256> = self.index.models.iter().copied().collect();
            for model in models {
                let st = read!(p, p.minter.modelState(model))?;
                if st.debt.is_zero() {
                    continue;
                }
                let last = st
                    .lastDrip
                    .max(self.last_drip.get(&model).copied().unwrap_or(0));
                if ts < last.saturating_add(self.policy.drip_interval) {
                    continue;
                }
                let call = Call::new(
                    format!("drip {}", p.model_name(model)),
                    *p.minter.address(),
                    p.minter.drip(model).calldata().clone(),
                );
                let sent_before = s.sent.len();
                if let Step::Stop = self.act(block, s, call).await? {
                    return Ok(Step::Stop);
                }
                if s.sent.len() > sent_before {
                    self.last_drip.insert(model, ts);
                }
            }
        }

        // Bad debt the surplus can cover.
        let unbacked = read!(p, p.liquidator.unbackedDebt())?;
        let surplus = read!(p, p.liquidator.surplusBuffer())?;
        if !unbacked.is_zero() && !surplus.is_zero() {
            let call = Call::new(
                "heal",
                *p.liquidator.address(),
                p.liquidator.heal().calldata().clone(),
            );
            if let Step::Stop = self.act(block, s, call).await? {
                return Ok(Step::Stop);
            }
        }

        // Unsafe positions whose keeper reward covers the gas.
        let params = read!(p, p.liquidator.auctionParams())?;
        let positions: Vec<U256> = self.index.positions.iter().copied().collect();
        for id in positions {
            let h = match read!(p, p.minter.health(id)) {
                Ok(h) => h,
                Err(e) if e.as_revert_data().is_some() => continue, // closed meanwhile
                Err(e) => return Err(e.into()),
            };
            if !h.liquidatable {
                continue;
            }
            s.unsafe_positions += 1;
            let call = Call::new(
                format!("liquidate {id}"),
                *p.liquidator.address(),
                p.liquidator.liquidate(id).calldata().clone(),
            );
            if self.blocked.get(&call.label).is_some_and(|b| *b > block) {
                continue;
            }
            if !self.policy.liquidate_at_a_loss {
                let surplus = read!(p, p.liquidator.surplusBuffer())?;
                let reward = (params.keeperTip + amount::bps(h.debt, params.keeperFeeBps.into()))
                    .min(surplus);
                let gas = match self.sender.simulate(&call).await {
                    Ok(g) => g,
                    Err(e) => {
                        self.record(block, s, &call.label.clone(), Err(e))?;
                        continue;
                    }
                };
                let gas_price = p
                    .backoff
                    .run(|| async { p.provider.get_gas_price().await })
                    .await?;
                let cost =
                    U256::from(gas) * U256::from(gas_price) * self.policy.eth_price / amount::WAD;
                if reward < cost {
                    tracing::info!(token = %id, reward = %amount::format(reward), gas_cost = %amount::format(cost), "unsafe, but the keeper reward does not cover the gas");
                    continue;
                }
            }
            if let Step::Stop = self.act(block, s, call).await? {
                return Ok(Step::Stop);
            }
        }

        // Auctions: reset the expired ones, bid on those priced within the policy.
        let me = self.sender.from;
        let auctions: Vec<U256> = self.index.auctions.iter().copied().collect();
        for id in auctions {
            let a = read!(p, p.liquidator.auction(id))?;
            if a.startedAt == 0 {
                self.index.auctions.remove(&id);
                continue;
            }
            if ts > a.startedAt.saturating_add(a.duration) {
                let call = Call::new(
                    format!("reset auction {id}"),
                    *p.liquidator.address(),
                    p.liquidator.resetAuction(id).calldata().clone(),
                );
                if let Step::Stop = self.act(block, s, call).await? {
                    return Ok(Step::Stop);
                }
                continue;
            }
            if self.policy.bid_bps == 0 {
                continue;
            }
            let price = match read!(p, p.liquidator.auctionPrice(id)) {
                Ok(price) => price,
                Err(e) if e.as_revert_data().is_some() => continue, // expired or settled meanwhile
                Err(e) => return Err(e.into()),
            };
            let asset = read!(p, p.registry.asset(id))?;
            let limit = amount::bps(asset.appraisalValue, self.policy.bid_bps.into())
                .min(self.policy.max_spend);
            if price > limit {
                continue;
            }
            let balance = read!(p, p.token.balanceOf(me))?;
            if balance < price {
                tracing::info!(token = %id, price = %amount::format(price), balance = %amount::format(balance), "auction within policy, but the keeper cannot pay");
                continue;
            }
            let allowance = read!(p, p.token.allowance(me, *p.liquidator.address()))?;
            if allowance < price {
                let call = Call::new(
                    format!("approve {} AID for auction {id}", amount::format(price)),
                    *p.token.address(),
                    p.token
                        .approve(*p.liquidator.address(), price)
                        .calldata()
                        .clone(),
                );
                if let Step::Stop = self.act(block, s, call).await? {
                    return Ok(Step::Stop);
                }
            }
            let receiver = self.policy.receiver.unwrap_or(me);
            let call = Call::new(
                format!("bid {} AID on auction {id}", amount::format(price)),
                *p.liquidator.address(),
                p.liquidator.bid(id, price, receiver).calldata().clone(),
            );
            if let Step::Stop = self.act(block, s, call).await? {
                return Ok(Step::Stop);
            }
        }
        Ok(Step::Continue)
    }

    /// Follows the chain until `stop` completes: a step per new block (polled every `poll`), a
    /// summary line per block, and on RPC failures a pause that doubles up to 30 s.
    pub async fn run(&mut self, poll: Duration, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        let mut last = None;
        let mut pause = Duration::ZERO;
        loop {
            tokio::select! {
                _ = &mut stop => break,
                _ = tokio::time::sleep(pause) => {}
            }
            pause = poll;
            let head = self
                .protocol
                .backoff
                .run(|| async { self.protocol.provider.get_block_number().await })
                .await;
            match head {
                Ok(n) if Some(n) == last && self.sender.in_flight().is_empty() => continue,
                Ok(_) => {}
                Err(e) => {
                    self.metrics.rpc_errors.fetch_add(1, Relaxed);
                    tracing::warn!(error = %e, "cannot read the latest block; backing off");
                    pause = (poll * 4).min(Duration::from_secs(30));
                    continue;
                }
            }
            match self.step().await {
                Ok(s) => {
                    last = Some(s.block);
                    tracing::info!(
                        block = s.block,
                        positions = s.positions,
                        unsafe_positions = s.unsafe_positions,
                        auctions = s.auctions,
                        sent = s.sent.len(),
                        failed = s.failed.len(),
                        aid = %amount::format(s.aid_balance),
                        "{s}"
                    );
                }
                Err(e) => {
                    self.metrics.rpc_errors.fetch_add(1, Relaxed);
                    tracing::warn!(error = %format!("{e:#}"), "block not finished; backing off");
                    pause = (poll * 4).min(Duration::from_secs(30));
                }
            }
        }
    }
}
