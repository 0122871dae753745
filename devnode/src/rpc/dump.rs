//! Saving a node's state to a file and starting from it again (`--dump-state` / `--load-state`).
//!
//! The file is JSON: the chain id, the latest block's number and timestamp, and every account
//! (balance, nonce, code, non-zero storage). Stylus activation records live in the storage of
//! ArbOS's state account, so activated programs stay activated; their compiled form is rebuilt
//! from the code on first use. Blocks, receipts and transaction history are not kept: a loaded
//! chain continues at the dumped block number and time with fresh (empty) blocks.

use super::node::Node;
use super::ServeError;
use crate::chain::StateDump;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Format version of state files.
pub const STATE_FILE_VERSION: u32 = 1;

/// Most empty blocks a load mines to reach the dumped block number; a state file further ahead
/// is refused.
pub const MAX_REPLAYED_BLOCKS: u64 = 1_000_000;

/// Latest timestamp a state file may carry (the bound the dev methods put on time).
pub const MAX_STATE_TIMESTAMP: u64 = super::methods::MAX_TIMESTAMP;

/// A node's state as written to a state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeState {
    /// [`STATE_FILE_VERSION`].
    pub version: u32,
    /// Chain id of the chain dumped.
    pub chain_id: u64,
    /// Number of its latest block.
    pub block_number: u64,
    /// Timestamp of its latest block.
    pub timestamp: u64,
    /// Every account.
    pub state: StateDump,
}

impl Node {
    /// The node's state (accounts, block number and time).
    pub fn dump_state(&self) -> NodeState {
        let inner = self.lock();
        let latest = inner.chain.latest_block();
        NodeState {
            version: STATE_FILE_VERSION,
            chain_id: self.chain_id(),
            block_number: latest.number,
            timestamp: latest.timestamp,
            state: inner.chain.dump_state(),
        }
    }

    /// Loads a dumped state: accounts replace those of the same address, and the chain advances
    /// to the dumped block number and timestamp (with empty blocks).
    ///
    /// # Errors
    /// The file's version is unknown, its chain id differs from this node's, its block number is
    /// more than [`MAX_REPLAYED_BLOCKS`] above the chain's, or its timestamp is beyond
    /// [`MAX_STATE_TIMESTAMP`]; each error names the field.
    pub fn load_state(&self, state: &NodeState) -> Result<(), String> {
        if state.version != STATE_FILE_VERSION {
            return Err(format!("unsupported state file version {}", state.version));
        }
        if state.chain_id != self.chain_id() {
            return Err(format!(
                "the state file is of chain {}, this node runs chain {}",
                state.chain_id,
                self.chain_id()
            ));
        }
        if state.timestamp > MAX_STATE_TIMESTAMP {
            return Err(format!(
                "timestamp {} is beyond {MAX_STATE_TIMESTAMP} (about the year 36812): no chain \
                 runs there, and Stylus programs would count as expired",
                state.timestamp
            ));
        }
        self.with_chain(|chain| {
            let current = chain.block_number();
            if state.block_number > current.saturating_add(MAX_REPLAYED_BLOCKS) {
                return Err(format!(
                    "blockNumber {} is more than {MAX_REPLAYED_BLOCKS} blocks above the chain's \
                     ({current}): the load would mine every block in between",
                    state.block_number
                ));
            }
            chain.load_state(&state.state);
            if state.block_number > current {
                chain.mine_blocks(state.block_number - current - 1);
                let t = state.timestamp.max(chain.latest_block().timestamp);
                chain.set_next_block_timestamp(t);
                chain.mine();
            } else if state.timestamp > chain.latest_block().timestamp {
                chain.set_next_block_timestamp(state.timestamp);
            }
            Ok(())
        })
    }
}

/// Reads a state file.
///
/// # Errors
/// The file cannot be read or parsed; the error names the file.
pub fn read(path: &Path) -> Result<NodeState, ServeError> {
    let text = std::fs::read(path).map_err(|e| {
        ServeError::State(format!(
            "cannot read the state file {} (--load-state): {e}",
            path.display()
        ))
    })?;
    serde_json::from_slice(&text)
        .map_err(|e| ServeError::State(format!("{}: invalid state file: {e}", path.display())))
}

/// The temporary file a dump is written to before it replaces `path`.
fn temporary(path: &Path) -> std::path::PathBuf {
    path.with_extension("tmp")
}

fn write_error(path: &Path, e: impl std::fmt::Display) -> ServeError {
    ServeError::State(format!(
        "cannot write the state file {} (--dump-state): {e}",
        path.display()
    ))
}

/// Checks, at start, that a state file can be written at `path` (so a bad `--dump-state` is
/// found before the chain has state to lose): not a directory, and its directory writable.
///
/// # Errors
/// The file could not be written; the error names it.
pub fn check_writable(path: &Path) -> Result<(), ServeError> {
    if path.is_dir() {
        return Err(write_error(path, "it is a directory"));
    }
    let tmp = temporary(path);
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&tmp)
        .map_err(|e| write_error(path, e))?;
    std::fs::remove_file(&tmp).map_err(|e| write_error(path, e))
}

/// Writes the node's state to a file (through a temporary file, so a crash leaves the old one).
///
/// # Errors
/// The file cannot be written; the error names it.
pub fn write(node: &Node, path: &Path) -> Result<(), ServeError> {
    let state = node.dump_state();
    let json = serde_json::to_vec_pretty(&state).map_err(|e| write_error(path, e))?;
    let tmp = temporary(path);
    std::fs::write(&tmp, json).map_err(|e| write_error(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| write_error(path, e))?;
    Ok(())
}
