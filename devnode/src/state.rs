//! The world state: persistent maps every version of which shares all but what it changed, and
//! the read view execution uses.
//!
//! A [`World`] is cheap to clone (a few reference counts), so the chain keeps one per recent block
//! and snapshots keep whole chains; a write after a clone copies only the path to what it writes
//! (O(log n) small nodes), never the whole state.

use crate::fork::ForkDb;
use crate::types::StateOverrides;
use alloy_primitives::{Address, B256, U256};
use revm::database::AccountState;
use revm::database_interface::{Database, DatabaseRef};
use revm::primitives::{StorageKey, StorageValue, KECCAK_EMPTY};
use revm::state::{AccountInfo, Bytecode, EvmState};
use std::convert::Infallible;
use std::sync::Arc;

/// A persistent hash map with alloy's fast hasher (foldhash; keys are addresses, slots and
/// hashes the chain itself produces or checks, and execution is paid for in gas).
pub(crate) type Map<K, V> = imbl::GenericHashMap<
    K,
    V,
    alloy_primitives::map::DefaultHashBuilder,
    imbl::shared_ptr::DefaultSharedPtr,
>;

/// How many block hashes a state keeps: `BLOCKHASH` and `ArbSys.arbBlockHash` answer for the last
/// 256 blocks only.
const BLOCK_HASHES_KEPT: usize = 256;

/// One account as the chain stores it.
#[derive(Debug, Clone, Default)]
pub(crate) struct StoredAccount {
    /// Balance, nonce, code hash and code.
    pub(crate) info: AccountInfo,
    /// Whether the account exists and whether slots it does not hold are zero or the remote's.
    pub(crate) status: AccountState,
    /// Slots the chain has written.
    pub(crate) storage: Map<U256, U256>,
}

impl StoredAccount {
    /// Slots missing from `storage` are zero (created or destroyed here), not the remote chain's.
    fn storage_is_local(&self) -> bool {
        matches!(
            self.status,
            AccountState::StorageCleared | AccountState::NotExisting
        )
    }
}

/// The chain's state: accounts and slots it has written, code by hash, recent block hashes, and
/// the remote chain under it in fork mode (anything not written here is read from it).
#[derive(Debug, Clone, Default)]
pub(crate) struct World {
    accounts: Map<Address, Arc<StoredAccount>>,
    contracts: Map<B256, Bytecode>,
    block_hashes: imbl::OrdMap<u64, B256>,
    /// The remote chain (fork mode) or nothing.
    pub(crate) remote: ForkDb,
}

impl World {
    /// The account at `address` for writing: the stored one, else the remote's (or an empty one)
    /// marked touched. Copies only what is shared with other versions.
    pub(crate) fn account_mut(&mut self, address: Address) -> &mut StoredAccount {
        if !self.accounts.contains_key(&address) {
            let info = self
                .remote
                .basic_ref(address)
                .ok()
                .flatten()
                .unwrap_or_default();
            let account = StoredAccount {
                info,
                status: AccountState::Touched,
                storage: Default::default(),
            };
            self.accounts.insert(address, Arc::new(account));
        }
        let entry = self
            .accounts
            .get_mut(&address)
            .expect("inserted above when missing");
        Arc::make_mut(entry)
    }

    /// Stores code under its hash.
    pub(crate) fn insert_code(&mut self, hash: B256, code: Bytecode) {
        if !self.contracts.contains_key(&hash) {
            self.contracts.insert(hash, code);
        }
    }

    /// Sets an account's info (and stores its code), keeping its storage.
    pub(crate) fn insert_account_info(&mut self, address: Address, mut info: AccountInfo) {
        self.store_code_of(&mut info);
        let account = self.account_mut(address);
        account.info = info;
        if account.status == AccountState::NotExisting {
            account.status = AccountState::None;
        }
    }

    /// Sets one slot. A zero is dropped where a missing slot reads as zero anyway.
    pub(crate) fn set_storage(&mut self, address: Address, slot: U256, value: U256) {
        let drop_zero = self.remote.0.is_none();
        let account = self.account_mut(address);
        if value.is_zero() && (drop_zero || account.storage_is_local()) {
            account.storage.remove(&slot);
        } else {
            account.storage.insert(slot, value);
        }
    }

    /// Replaces an account's storage with `slots`.
    pub(crate) fn replace_storage(
        &mut self,
        address: Address,
        slots: impl IntoIterator<Item = (U256, U256)>,
    ) {
        let account = self.account_mut(address);
        account.storage = slots.into_iter().collect();
    }

    /// Records the hash of block `number`, forgetting hashes no execution can ask for any more.
    pub(crate) fn set_block_hash(&mut self, number: u64, hash: B256) {
        self.block_hashes.insert(number, hash);
        while self.block_hashes.len() > BLOCK_HASHES_KEPT {
            let Some((oldest, _)) = self.block_hashes.get_min().cloned() else {
                break;
            };
            self.block_hashes.remove(&oldest);
        }
    }

    /// Every stored account that exists, with its code.
    pub(crate) fn accounts(&self) -> impl Iterator<Item = (Address, &StoredAccount)> {
        self.accounts
            .iter()
            .filter(|(_, a)| a.status != AccountState::NotExisting)
            .map(|(address, a)| (*address, &**a))
    }

    /// Code by hash, from this chain's store only.
    pub(crate) fn stored_code(&self, hash: &B256) -> Option<&Bytecode> {
        self.contracts.get(hash)
    }

    /// Applies a transaction's changes, with the rules of revm's `CacheDB`: a destroyed account
    /// becomes non-existent with no storage; a created one starts with empty storage.
    pub(crate) fn commit(&mut self, changes: EvmState) {
        let drop_zero = self.remote.0.is_none();
        for (address, account) in changes {
            if !account.is_touched() {
                continue;
            }
            if account.is_selfdestructed() {
                let stored = self.account_mut(address);
                stored.storage = Default::default();
                stored.status = AccountState::NotExisting;
                stored.info = AccountInfo::default();
                continue;
            }
            let created = account.is_created();
            let mut info = account.info;
            self.store_code_of(&mut info);
            let stored = self.account_mut(address);
            stored.info = info;
            if created {
                stored.storage = Default::default();
                stored.status = AccountState::StorageCleared;
            } else if !stored.status.is_storage_cleared() {
                stored.status = AccountState::Touched;
            }
            let local = drop_zero || stored.storage_is_local();
            for (slot, value) in account.storage {
                if !value.is_changed() && stored.storage.contains_key(&slot) {
                    continue;
                }
                let value = value.present_value();
                if value.is_zero() && local {
                    stored.storage.remove(&slot);
                } else {
                    stored.storage.insert(slot, value);
                }
            }
        }
    }

    fn store_code_of(&mut self, info: &mut AccountInfo) {
        if let Some(code) = &info.code {
            if !code.is_empty() {
                if info.code_hash == KECCAK_EMPTY {
                    info.code_hash = code.hash_slow();
                }
                let code = code.clone();
                self.insert_code(info.code_hash, code);
            }
        }
        if info.code_hash.is_zero() {
            info.code_hash = KECCAK_EMPTY;
        }
    }
}

impl DatabaseRef for World {
    type Error = Infallible;

    fn basic_ref(&self, address: Address) -> Result<Option<AccountInfo>, Infallible> {
        match self.accounts.get(&address) {
            Some(a) if a.status == AccountState::NotExisting => Ok(None),
            Some(a) => Ok(Some(a.info.clone())),
            None => self.remote.basic_ref(address),
        }
    }

    fn code_by_hash_ref(&self, code_hash: B256) -> Result<Bytecode, Infallible> {
        match self.contracts.get(&code_hash) {
            Some(code) => Ok(code.clone()),
            None => self.remote.code_by_hash_ref(code_hash),
        }
    }

    fn storage_ref(&self, address: Address, index: StorageKey) -> Result<StorageValue, Infallible> {
        match self.accounts.get(&address) {
            Some(a) => match a.storage.get(&index) {
                Some(v) => Ok(*v),
                None if a.storage_is_local() || self.remote.0.is_none() => Ok(U256::ZERO),
                None => self.remote.storage_ref(address, index),
            },
            None => self.remote.storage_ref(address, index),
        }
    }

    fn block_hash_ref(&self, number: u64) -> Result<B256, Infallible> {
        Ok(self.block_hashes.get(&number).copied().unwrap_or_default())
    }
}

/// What execution reads: the committed state, optionally with per-call overrides. Writes go to
/// revm's journal and are committed into the chain's database afterwards.
#[derive(Debug, Clone)]
pub(crate) struct StateView {
    pub(crate) base: World,
    pub(crate) overrides: Option<Arc<StateOverrides>>,
}

impl StateView {
    pub(crate) fn new(base: World) -> Self {
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
        self.base.block_hash_ref(number)
    }
}
