//! The world state: an in-memory database shared copy-on-write, and the read view execution uses.

use crate::fork::ChainDb;
use crate::types::StateOverrides;
use alloy_primitives::{Address, B256, U256};
use revm::database_interface::{Database, DatabaseRef};
use revm::primitives::{StorageKey, StorageValue, KECCAK_EMPTY};
use revm::state::{AccountInfo, Bytecode};
use std::convert::Infallible;
use std::sync::Arc;

/// What execution reads: the committed state, optionally with per-call overrides. Writes go to
/// revm's journal and are committed into the chain's database afterwards.
#[derive(Debug, Clone)]
pub(crate) struct StateView {
    pub(crate) base: Arc<ChainDb>,
    pub(crate) overrides: Option<Arc<StateOverrides>>,
}

impl StateView {
    pub(crate) fn new(base: Arc<ChainDb>) -> Self {
        Self {
            base,
            overrides: None,
        }
    }
}

impl Database for StateView {
    type Error = Infallible;

    fn basic(&mut self, address: Address) -> Result<Option<AccountInfo>, Infallible> {
        let mut info = self.base.basic_ref(address)?;
        if let Some(o) = self.overrides.as_ref().and_then(|o| o.get(&address)) {
            let mut i = info.unwrap_or_default();
            if let Some(b) = o.balance {
                i.balance = b;
            }
            if let Some(n) = o.nonce {
                i.nonce = n;
            }
            if let Some(code) = &o.code {
                let bytecode = Bytecode::new_raw(code.clone());
                i.code_hash = bytecode.hash_slow();
                i.code = Some(bytecode);
            }
            info = Some(i);
        }
        Ok(info)
    }

    fn code_by_hash(&mut self, code_hash: B256) -> Result<Bytecode, Infallible> {
        if let Some(overrides) = &self.overrides {
            for o in overrides.values() {
                if let Some(code) = &o.code {
                    let bytecode = Bytecode::new_raw(code.clone());
                    if bytecode.hash_slow() == code_hash {
                        return Ok(bytecode);
                    }
                }
            }
        }
        if code_hash == KECCAK_EMPTY {
            return Ok(Bytecode::default());
        }
        self.base.code_by_hash_ref(code_hash)
    }

    fn storage(&mut self, address: Address, index: StorageKey) -> Result<StorageValue, Infallible> {
        if let Some(o) = self.overrides.as_ref().and_then(|o| o.get(&address)) {
            let key = B256::from(index.to_be_bytes::<32>());
            if let Some(state) = &o.state {
                return Ok(state
                    .get(&key)
                    .map_or(U256::ZERO, |v| U256::from_be_bytes(v.0)));
            }
            if let Some(v) = o.state_diff.as_ref().and_then(|d| d.get(&key)) {
                return Ok(U256::from_be_bytes(v.0));
            }
        }
        self.base.storage_ref(address, index)
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, Infallible> {
        Ok(self
            .base
            .cache
            .block_hashes
            .get(&U256::from(number))
            .copied()
            .unwrap_or_default())
    }
}
