//! The database under the chain's in-memory state: empty, or a remote chain read lazily (fork
//! mode).
//!
//! The chain's state (`state::World`) is over a [`ForkDb`]: accounts and slots the chain has
//! written live in the chain's persistent maps; anything else is asked of the [`RemoteSource`] when one is attached, and is
//! empty otherwise. Reads of a remote account or slot happen once (the source caches them).

use alloy_primitives::{Address, B256, U256};
use revm::database_interface::DatabaseRef;
use revm::state::{AccountInfo, Bytecode};
use std::convert::Infallible;
use std::fmt::Debug;
use std::sync::Arc;

/// State of another chain, read on demand.
///
/// Reads cannot fail from the executor's point of view, so a source that cannot read its chain
/// answers "empty" for that read and records the failure; the chain takes it with
/// [`RemoteSource::take_failure`] after every execution and read, and fails the request instead
/// of committing or returning what was built on the empty answer.
pub trait RemoteSource: Send + Sync + Debug {
    /// The account at `address` (with its code), or `None` if it does not exist.
    fn account(&self, address: Address) -> Option<AccountInfo>;
    /// A storage slot.
    fn storage(&self, address: Address, slot: U256) -> U256;
    /// Code by hash, for code met through [`RemoteSource::account`].
    fn code(&self, hash: B256) -> Option<Bytecode>;
    /// The first read that failed since the last call, if any (and forgets it).
    fn take_failure(&self) -> Option<String> {
        None
    }
}

/// The chain's backing database: nothing, or a remote chain.
#[derive(Debug, Clone, Default)]
pub struct ForkDb(pub Option<Arc<dyn RemoteSource>>);

impl ForkDb {
    /// The first remote read that failed since the last call, if any.
    pub fn take_failure(&self) -> Option<String> {
        self.0.as_ref().and_then(|s| s.take_failure())
    }
}

impl DatabaseRef for ForkDb {
    type Error = Infallible;

    fn basic_ref(&self, address: Address) -> Result<Option<AccountInfo>, Infallible> {
        Ok(self.0.as_ref().and_then(|s| s.account(address)))
    }

    fn code_by_hash_ref(&self, code_hash: B256) -> Result<Bytecode, Infallible> {
        Ok(self
            .0
            .as_ref()
            .and_then(|s| s.code(code_hash))
            .unwrap_or_default())
    }

    fn storage_ref(&self, address: Address, index: U256) -> Result<U256, Infallible> {
        Ok(self
            .0
            .as_ref()
            .map_or(U256::ZERO, |s| s.storage(address, index)))
    }

    fn block_hash_ref(&self, _number: u64) -> Result<B256, Infallible> {
        Ok(B256::ZERO)
    }
}
