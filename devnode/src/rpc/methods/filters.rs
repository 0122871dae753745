//! Polled filters: `eth_newFilter`, `eth_newBlockFilter`, `eth_newPendingTransactionFilter`,
//! `eth_getFilterChanges`, `eth_getFilterLogs`, `eth_uninstallFilter`, as geth serves them: a
//! filter reports what happened since it was last polled, and one not polled for
//! [`FILTER_TIMEOUT`] is removed. At most [`MAX_FILTERS`] are installed at once.

use super::{get_logs, tag_number, Params};
use crate::rpc::error::RpcError;
use crate::rpc::node::{Inner, Node};
use alloy::primitives::{B256, U256};
use alloy::rpc::types::{Filter, FilterBlockOption};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A filter not polled for this long is removed (geth's timeout).
pub const FILTER_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// Most filters installed at once.
pub const MAX_FILTERS: usize = 1_000;

#[derive(Debug, Clone)]
enum Kind {
    Logs(Box<Filter>),
    Blocks,
    PendingTransactions {
        /// Pooled transactions already reported (not reported again once mined).
        reported: HashSet<B256>,
    },
}

#[derive(Debug, Clone)]
struct Installed {
    kind: Kind,
    /// The last block whose contents were reported.
    cursor: u64,
    polled: Instant,
}

/// The node's installed filters.
#[derive(Debug, Default)]
pub(crate) struct Filters {
    table: Mutex<Table>,
}

#[derive(Debug, Default)]
struct Table {
    next: u64,
    installed: HashMap<U256, Installed>,
}

impl Table {
    /// Forgets the filters nobody polled in time.
    fn expire(&mut self, now: Instant) {
        self.installed
            .retain(|_, f| now.duration_since(f.polled) < FILTER_TIMEOUT);
    }

    fn install(&mut self, kind: Kind, cursor: u64) -> Result<U256, RpcError> {
        let now = Instant::now();
        self.expire(now);
        if self.installed.len() >= MAX_FILTERS {
            return Err(RpcError::server(format!(
                "too many filters: at most {MAX_FILTERS} may be installed; uninstall some \
                 (eth_uninstallFilter) or let unpolled ones expire ({} s)",
                FILTER_TIMEOUT.as_secs()
            )));
        }
        self.next += 1;
        // Ids are not guessable from each other, as geth's random ones are not.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let seed = [self.next.to_be_bytes().as_slice(), &nanos.to_be_bytes()].concat();
        let id = U256::from_be_bytes(alloy::primitives::keccak256(seed).0) >> 128;
        self.installed.insert(
            id,
            Installed {
                kind,
                cursor,
                polled: now,
            },
        );
        Ok(id)
    }
}

impl Filters {
    fn table(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn not_found() -> RpcError {
    RpcError::server("filter not found")
}

fn id_json(id: U256) -> Value {
    json!(format!("{id:#x}"))
}

/// Logs of blocks `from..=to` that `filter` matches, within the filter's own block range.
fn new_logs(inner: &Inner, filter: &Filter, from: u64, to: u64) -> Result<Value, RpcError> {
    let (lo, hi) = match filter.block_option {
        FilterBlockOption::Range {
            from_block,
            to_block,
        } => {
            let bound = |t: Option<alloy::eips::BlockNumberOrTag>, open: u64| match t {
                Some(t @ alloy::eips::BlockNumberOrTag::Number(_))
                | Some(t @ alloy::eips::BlockNumberOrTag::Earliest) => tag_number(inner, t),
                _ => open,
            };
            (
                bound(from_block, 0).max(from),
                bound(to_block, u64::MAX).min(to),
            )
        }
        FilterBlockOption::AtBlockHash(_) => return Ok(json!([])),
    };
    if lo > hi {
        return Ok(json!([]));
    }
    let mut range = filter.clone();
    range.block_option = FilterBlockOption::Range {
        from_block: Some(lo.into()),
        to_block: Some(hi.into()),
    };
    get_logs(inner, &range)
}

/// Runs one of this module's methods.
pub(crate) fn dispatch(node: &Node, method: &str, p: &Params) -> Result<Value, RpcError> {
    match method {
        "eth_newFilter" => {
            p.at_most(1)?;
            let filter: Filter = p.required(0)?;
            let latest = node.lock().chain.block_number();
            let id = node
                .filters
                .table()
                .install(Kind::Logs(Box::new(filter)), latest)?;
            Ok(id_json(id))
        }
        "eth_newBlockFilter" => {
            p.at_most(0)?;
            let latest = node.lock().chain.block_number();
            let id = node.filters.table().install(Kind::Blocks, latest)?;
            Ok(id_json(id))
        }
        "eth_newPendingTransactionFilter" => {
            p.at_most(1)?;
            let inner = node.lock();
            let latest = inner.chain.block_number();
            // Transactions already pooled are not new to this filter.
            let reported = inner.pool.iter().map(|t| t.hash).collect();
            drop(inner);
            let id = node
                .filters
                .table()
                .install(Kind::PendingTransactions { reported }, latest)?;
            Ok(id_json(id))
        }
        "eth_uninstallFilter" => {
            p.at_most(1)?;
            let id: U256 = p.required(0)?;
            let mut table = node.filters.table();
            table.expire(Instant::now());
            Ok(json!(table.installed.remove(&id).is_some()))
        }
        "eth_getFilterChanges" => {
            p.at_most(1)?;
            let id: U256 = p.required(0)?;
            let inner = node.lock();
            let mut table = node.filters.table();
            let now = Instant::now();
            table.expire(now);
            let filter = table.installed.get_mut(&id).ok_or_else(not_found)?;
            filter.polled = now;
            let latest = inner.chain.block_number();
            // After evm_revert the chain may be shorter than what was reported.
            let from = filter.cursor.min(latest) + 1;
            // eth_getLogs' limits apply to what arrived since the last poll; past them the poll
            // fails and the filter moves on (the error tells the client it missed logs).
            let changes = match &mut filter.kind {
                Kind::Logs(f) => new_logs(&inner, f, from, latest),
                Kind::Blocks => Ok(Value::Array(
                    (from..=latest)
                        .filter_map(|n| inner.chain.block(n))
                        .map(|b| json!(b.hash))
                        .collect(),
                )),
                Kind::PendingTransactions { reported } => {
                    let mut hashes = Vec::new();
                    for n in from..=latest {
                        for h in inner.chain.block(n).map_or(&[][..], |b| &b.transactions) {
                            if !reported.remove(h) {
                                hashes.push(json!(h));
                            }
                        }
                    }
                    for t in inner.pool.iter() {
                        if reported.insert(t.hash) {
                            hashes.push(json!(t.hash));
                        }
                    }
                    // Forget pooled hashes that left the pool without being mined.
                    let pooled: HashSet<B256> = inner.pool.iter().map(|t| t.hash).collect();
                    reported.retain(|h| pooled.contains(h));
                    Ok(Value::Array(hashes))
                }
            };
            filter.cursor = latest;
            changes
        }
        "eth_getFilterLogs" => {
            p.at_most(1)?;
            let id: U256 = p.required(0)?;
            let inner = node.lock();
            let filter = {
                let mut table = node.filters.table();
                table.expire(Instant::now());
                match &table.installed.get(&id).ok_or_else(not_found)?.kind {
                    Kind::Logs(f) => f.clone(),
                    _ => return Err(not_found()),
                }
            };
            get_logs(&inner, &filter)
        }
        _ => Err(RpcError::method_not_found(method)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpolled_filters_expire_after_five_minutes() {
        let mut table = Table::default();
        let old = table.install(Kind::Blocks, 0).unwrap();
        let fresh = table.install(Kind::Blocks, 0).unwrap();
        assert_ne!(old, fresh);
        let now = table.installed[&old].polled;
        table.installed.get_mut(&fresh).unwrap().polled = now + Duration::from_secs(1);
        table.expire(now + FILTER_TIMEOUT);
        assert!(!table.installed.contains_key(&old));
        assert!(table.installed.contains_key(&fresh));
        table.expire(now + FILTER_TIMEOUT + Duration::from_secs(1));
        assert!(table.installed.is_empty());
    }
}
