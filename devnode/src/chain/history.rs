//! The chain's history: its current state, the states of recent blocks, and the blocks, receipts
//! and transactions of a bounded window, all in persistent structures.
//!
//! Every collection here shares structure between versions, so cloning a [`History`] (a
//! snapshot) is O(1) in time and memory, and the state kept per block costs only what that block
//! changed. The window sizes are [`crate::ChainConfig::state_blocks`] and
//! [`crate::ChainConfig::history_blocks`].

use crate::state::{Map, World};
use crate::types::{Block, Receipt, TransactionRecord};
use alloy_primitives::B256;
use std::sync::Arc;

/// Blocks whose state a chain keeps by default (reads and calls at those blocks). Twice geth's
/// 128, so a chain forking this one from a pinned block keeps working for 256 blocks.
pub const DEFAULT_STATE_BLOCKS: u64 = 256;

/// Blocks whose bodies, receipts, logs and transaction lookups a chain keeps by default: more
/// than any test run or development session of the project mines, at a bounded cost (see the
/// README's memory figures).
pub const DEFAULT_HISTORY_BLOCKS: u64 = 100_000;

/// Why the state of a block cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateUnavailable {
    /// The block is after the latest one.
    Future {
        /// The block asked for.
        number: u64,
    },
    /// The block's state is no longer kept.
    Pruned {
        /// The block asked for.
        number: u64,
        /// The oldest block whose state is kept.
        oldest: u64,
        /// How many blocks' states the chain keeps.
        kept: u64,
    },
}

impl std::fmt::Display for StateUnavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Future { .. } => write!(f, "header not found"),
            // geth says "missing trie node …" for a state it no longer has; name the block and
            // the window so the reader knows what is kept.
            Self::Pruned {
                number,
                oldest,
                kept,
            } => write!(
                f,
                "missing trie node: state for block {number} is not kept: the node keeps the state \
                 of the last {kept} blocks (from block {oldest}); start it with a larger \
                 --state-blocks to keep more"
            ),
        }
    }
}

impl std::error::Error for StateUnavailable {}

/// Everything a snapshot saves. Cloning is O(1).
#[derive(Debug, Clone)]
pub(super) struct History {
    /// The current state: the latest block's, with the cheat-code writes made since (anvil's
    /// rule: a write between blocks belongs to the latest block's state).
    pub(super) db: World,
    /// The states of the kept blocks before the latest, oldest first: each as it was when the
    /// next block began.
    states: imbl::Vector<World>,
    /// Kept blocks, oldest first; `blocks[i]` is block `first_block + i`.
    blocks: imbl::Vector<Block>,
    first_block: u64,
    block_by_hash: Map<B256, u64>,
    receipts: Map<B256, Arc<Receipt>>,
    transactions: Map<B256, Arc<TransactionRecord>>,
    /// The chain's clock (manual time) and the timestamp set for the next block.
    pub(super) time: u64,
    pub(super) next_timestamp: Option<u64>,
}

impl History {
    /// A history of the genesis block and its state.
    pub(super) fn new(db: World, genesis: Block, time: u64) -> Self {
        let mut history = Self {
            db: db.clone(),
            states: imbl::Vector::new(),
            blocks: imbl::Vector::new(),
            first_block: genesis.number,
            block_by_hash: Map::default(),
            receipts: Map::default(),
            transactions: Map::default(),
            time,
            next_timestamp: None,
        };
        history.block_by_hash.insert(genesis.hash, genesis.number);
        history.blocks.push_back(genesis);
        history
    }

    /// Forgets the states of past blocks (after a change that must not be mixed with older
    /// states, such as attaching a fork source).
    pub(super) fn reset_states(&mut self) {
        self.states = imbl::Vector::new();
    }

    /// Number of the latest block.
    pub(super) fn latest_number(&self) -> u64 {
        self.first_block + self.blocks.len() as u64 - 1
    }

    /// The oldest block still kept.
    pub(super) fn oldest_block(&self) -> u64 {
        self.first_block
    }

    /// The oldest block whose state is kept.
    pub(super) fn oldest_state(&self) -> u64 {
        self.latest_number() - self.states.len() as u64
    }

    /// A kept block.
    pub(super) fn block(&self, number: u64) -> Option<&Block> {
        let index = number.checked_sub(self.first_block)?;
        self.blocks.get(usize::try_from(index).ok()?)
    }

    /// The latest block.
    pub(super) fn latest(&self) -> &Block {
        self.blocks.back().expect("the latest block is always kept")
    }

    /// The latest block, for writing.
    pub(super) fn latest_mut(&mut self) -> &mut Block {
        self.blocks
            .back_mut()
            .expect("the latest block is always kept")
    }

    /// A kept block's number by hash.
    pub(super) fn number_of(&self, hash: &B256) -> Option<u64> {
        self.block_by_hash.get(hash).copied()
    }

    /// A kept receipt.
    pub(super) fn receipt(&self, hash: &B256) -> Option<&Receipt> {
        self.receipts.get(hash).map(|r| &**r)
    }

    /// A kept transaction.
    pub(super) fn transaction(&self, hash: &B256) -> Option<&TransactionRecord> {
        self.transactions.get(hash).map(|t| &**t)
    }

    /// Records an executed transaction and its receipt.
    pub(super) fn insert_transaction(&mut self, record: TransactionRecord, receipt: Receipt) {
        self.transactions.insert(record.hash, Arc::new(record));
        self.receipts
            .insert(receipt.transaction_hash, Arc::new(receipt));
    }

    /// The state after block `number` (the current state for the latest block).
    pub(super) fn state(&self, number: u64, kept: u64) -> Result<&World, StateUnavailable> {
        let latest = self.latest_number();
        if number > latest {
            return Err(StateUnavailable::Future { number });
        }
        if number == latest {
            return Ok(&self.db);
        }
        let oldest = self.oldest_state();
        number
            .checked_sub(oldest)
            .and_then(|index| self.states.get(usize::try_from(index).ok()?))
            .ok_or(StateUnavailable::Pruned {
                number,
                oldest,
                kept,
            })
    }

    /// Appends a block (its transactions are recorded with [`History::insert_transaction`]);
    /// `parent` is the state the block started from, kept as the state of the block before.
    /// Drops what falls out of the windows: states beyond `state_blocks` (the latest counts),
    /// blocks (with their receipts and transactions) beyond `history_blocks` (0: keep all). The
    /// hashes of dropped transactions are added to `pruned`.
    pub(super) fn push(
        &mut self,
        block: Block,
        parent: World,
        state_blocks: u64,
        history_blocks: u64,
        pruned: &mut Vec<B256>,
    ) {
        self.block_by_hash.insert(block.hash, block.number);
        self.blocks.push_back(block);
        self.states.push_back(parent);
        let past = state_blocks.max(1) - 1;
        while self.states.len() as u64 > past {
            self.states.pop_front();
        }
        if history_blocks == 0 {
            return;
        }
        while self.blocks.len() as u64 > history_blocks.max(1) {
            let Some(old) = self.blocks.pop_front() else {
                break;
            };
            self.first_block += 1;
            self.block_by_hash.remove(&old.hash);
            for hash in old.transactions {
                self.receipts.remove(&hash);
                self.transactions.remove(&hash);
                pruned.push(hash);
            }
        }
        // A state is only served for a kept block.
        while self.oldest_state() < self.first_block {
            self.states.pop_front();
        }
    }
}
