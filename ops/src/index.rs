//! The keeper's picture of the protocol, rebuilt from the contracts' events: positions that can
//! become unsafe, auctions running, models to drip. Logs are read in pages the node accepts (a page
//! refused as too large is halved), so a restart finds everything again without a database.

use std::collections::BTreeSet;

use aid_interfaces::{liquidator::IAidLiquidator, minter::IAidMinter};
use alloy::{
    primitives::{Address, B256, U256},
    providers::Provider,
    rpc::types::{Filter, Log},
    sol_types::SolEvent,
};
use anyhow::{Context, Result};

use crate::conn::Protocol;

/// Positions, auctions and models known from events up to `block`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Open positions (token ids).
    pub positions: BTreeSet<U256>,
    /// Running auctions (token ids).
    pub auctions: BTreeSet<U256>,
    /// Models with credit parameters.
    pub models: BTreeSet<B256>,
    /// Last block applied.
    pub block: u64,
}

/// Largest block range asked in one `eth_getLogs`; smaller pages are tried when a node refuses.
pub const MAX_PAGE: u64 = 50_000;

/// Reads every log of `addresses` with one of `topics` in `from..=to`, in pages.
pub async fn logs(
    p: &Protocol,
    addresses: Vec<Address>,
    topics: Vec<B256>,
    from: u64,
    to: u64,
) -> Result<Vec<Log>> {
    let mut out = Vec::new();
    let mut page = MAX_PAGE;
    let mut start = from;
    while start <= to {
        let end = to.min(start.saturating_add(page - 1));
        let filter = Filter::new()
            .address(addresses.clone())
            .event_signature(topics.clone())
            .from_block(start)
            .to_block(end);
        match p
            .backoff
            .run(|| async { p.provider.get_logs(&filter).await })
            .await
        {
            Ok(mut logs) => {
                out.append(&mut logs);
                start = end + 1;
            }
            Err(e) if e.is_error_resp() && page > 1 => {
                // "range too wide", "too many results": the node's limits, not ours.
                page = (page / 4).max(1);
                tracing::debug!(page, error = %e, "eth_getLogs page refused; asking for less");
            }
            Err(e) => {
                return Err(e).with_context(|| format!("reading logs of blocks {start}..={end}"))
            }
        }
    }
    Ok(out)
}

impl Index {
    /// An empty index that starts reading at `from_block`.
    pub fn starting_at(from_block: u64) -> Self {
        Self {
            block: from_block.saturating_sub(1),
            ..Self::default()
        }
    }

    /// The events that move the index.
    fn topics() -> Vec<B256> {
        vec![
            IAidMinter::Pledged::SIGNATURE_HASH,
            IAidMinter::Withdrawn::SIGNATURE_HASH,
            IAidMinter::Seized::SIGNATURE_HASH,
            IAidMinter::ModelParamsSet::SIGNATURE_HASH,
            IAidLiquidator::AuctionStarted::SIGNATURE_HASH,
            IAidLiquidator::AuctionSettled::SIGNATURE_HASH,
        ]
    }

    /// Applies one log (in chain order).
    pub fn apply(&mut self, log: &Log) {
        let Some(topic) = log.topic0() else { return };
        let id = |n: usize| log.topics().get(n).map(|t| U256::from_be_bytes(t.0));
        match *topic {
            IAidMinter::Pledged::SIGNATURE_HASH => {
                if let Some(id) = id(1) {
                    self.positions.insert(id);
                }
            }
            IAidMinter::Withdrawn::SIGNATURE_HASH | IAidMinter::Seized::SIGNATURE_HASH => {
                if let Some(id) = id(1) {
                    self.positions.remove(&id);
                }
            }
            IAidMinter::ModelParamsSet::SIGNATURE_HASH => {
                if let Some(m) = log.topics().get(1) {
                    self.models.insert(*m);
                }
            }
            IAidLiquidator::AuctionStarted::SIGNATURE_HASH => {
                if let Some(id) = id(1) {
                    self.auctions.insert(id);
                }
            }
            IAidLiquidator::AuctionSettled::SIGNATURE_HASH => {
                if let Some(id) = id(1) {
                    self.auctions.remove(&id);
                }
            }
            _ => {}
        }
    }

    /// Reads and applies the logs of blocks after `self.block` up to `to`.
    pub async fn update(&mut self, p: &Protocol, to: u64) -> Result<()> {
        if to <= self.block {
            return Ok(());
        }
        let addresses = vec![*p.minter.address(), *p.liquidator.address()];
        let logs = logs(p, addresses, Self::topics(), self.block + 1, to).await?;
        for log in &logs {
            self.apply(log);
        }
        self.block = to;
        Ok(())
    }
}
