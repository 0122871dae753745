//! The chain's `CacheManager` at [`CACHE_MANAGER`], served natively and registered with
//! `ArbWasmCache` at genesis, so `cargo stylus cache bid/status` work against the node.
//!
//! It answers the ABI of Arbitrum's `CacheManager` (nitro-contracts `src/chain/CacheManager.sol`)
//! with that contract's rules, in this code's own words:
//!
//! - a bid for a program is `msg.value + block.timestamp × decay` (so old bids lose weight);
//!   programs are sized by `ArbWasm.codehashAsmSize`, at least 4 KiB;
//! - while the queue plus the new program exceeds `cacheSize`, the smallest bid (ties: the
//!   oldest slot) is evicted; the new bid must be at least the last evicted one
//!   (`BidTooSmall`); then the program is cached through `ArbWasmCache.cacheProgram`;
//! - `getMinBid` answers what `placeBid` would need now (0 while the cache has room);
//! - the chain owners may resize, change the decay, pause, and evict.
//!
//! Storage follows the Solidity contract's layout where it has one: `cacheSize`, `queueSize`,
//! `decay`, `isPaused` and `entries` (slot 4: length; entry `i` at `keccak256(4) + 2i`: code, then
//! size | bid << 64). The contract's heap of bids is not stored: the live entries are the heap.
//! Gas is EVM storage gas (cold/warm reads, EIP-2200/2929 writes), logs, the `ArbWasm` and
//! `ArbWasmCache` calls it makes, and [`CALL_OVERHEAD_GAS`] for the rest of the contract's code.

use crate::evm::DevContext;
use crate::precompiles::arbwasm::active_record;
use crate::precompiles::arbwasmcache::{set_program_cached, CacheRefusal};
use crate::precompiles::{done, reverted};
use crate::stylus::pricing;
use alloy_primitives::{address, keccak256, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolInterface};
use revm::context_interface::{Host, JournalTr};
use revm::interpreter::{CallInputs, InterpreterResult};

/// Address of the chain's `CacheManager` (the node's own; tools find it with
/// `ArbWasmCache.allCacheManagers`).
pub const CACHE_MANAGER: Address = address!("0000000000000000000000000000000000CAC4E0");
/// Account code at [`CACHE_MANAGER`]: `PUSH0 PUSH0 REVERT`, never run (the node serves the
/// contract natively); tools check that the address has code.
pub const CACHE_MANAGER_STUB: [u8; 3] = [0x5f, 0x5f, 0xfd];
/// Cache size at genesis: 512 MiB, as nitro-contracts' deployment script initialises it.
pub const INIT_CACHE_SIZE: u64 = 536_870_912;
/// Bid decay at genesis (wei per second), as nitro-contracts' deployment script sets it.
pub const INIT_DECAY: u64 = 10_322_197_911;
/// Programs count as at least this many bytes.
pub const MIN_CODESIZE: u64 = 4096;
/// Largest `makeSpace` request.
pub const MAX_MAKE_SPACE: u64 = 5 * 1024 * 1024;
/// Gas for the contract's own code besides storage, logs and precompile calls (dispatch, ABI
/// decoding, memory): an estimate, not a measurement of the Solidity contract.
pub const CALL_OVERHEAD_GAS: u64 = 2_000;

const SLOT_CACHE_SIZE: u64 = 0;
const SLOT_QUEUE_SIZE: u64 = 1;
const SLOT_DECAY: u64 = 2;
const SLOT_PAUSED: u64 = 3;
const SLOT_ENTRIES: u64 = 4;

sol! {
    /// Arbitrum's `CacheManager`, as served by the local chain.
    #[derive(Debug, PartialEq, Eq)]
    interface CacheManager {
        /// A cached program: its codehash, size in bytes and bid.
        struct Entry {
            bytes32 code;
            uint64 size;
            uint192 bid;
        }

        /// Intended cache size in bytes.
        function cacheSize() external view returns (uint64);
        /// Bytes of the cached programs.
        function queueSize() external view returns (uint64);
        /// Wei per second by which older bids lose to newer ones.
        function decay() external view returns (uint64);
        /// Whether bids are paused.
        function isPaused() external view returns (bool);
        /// Entry `index` (zero after eviction).
        function entries(uint256 index) external view returns (bytes32 code, uint64 size, uint192 bid);
        /// Every entry slot, evicted ones zeroed.
        function getEntries() external view returns (Entry[] memory);
        /// The `k` smallest bids' entries, ascending.
        function getSmallestEntries(uint256 k) external view returns (Entry[] memory result);
        /// Smallest `msg.value` that caches a program of `size` bytes now.
        function getMinBid(uint64 size) external view returns (uint192 min);
        /// Smallest `msg.value` that caches the program with `codehash` now.
        function getMinBid(bytes32 codehash) external view returns (uint192 min);
        /// Smallest `msg.value` that caches the program at `program` now.
        function getMinBid(address program) external view returns (uint192 min);
        /// Bids `msg.value` to cache the program at `program`, evicting smaller bids if needed.
        function placeBid(address program) external payable;
        /// Evicts entries until `size` bytes are free, if `msg.value` outbids them; returns the
        /// free space.
        function makeSpace(uint64 size) external payable returns (uint64 space);
        /// Sends the bids collected to the network fee account.
        function sweepFunds() external;
        /// Owner: sets the cache size.
        function setCacheSize(uint64 newSize) external;
        /// Owner: sets the decay.
        function setDecayRate(uint64 newDecay) external;
        /// Owner: stops new bids.
        function paused() external;
        /// Owner: allows new bids again.
        function unpause() external;
        /// Owner: evicts everything.
        function evictAll() external;
        /// Owner: evicts up to `count` programs, smallest bids first.
        function evictPrograms(uint256 count) external;

        /// A bid was placed and the program cached.
        event InsertBid(bytes32 indexed codehash, address program, uint192 bid, uint64 size);
        /// A bid was evicted and its program with it.
        event DeleteBid(bytes32 indexed codehash, uint192 bid, uint64 size);
        /// The cache size changed.
        event SetCacheSize(uint64 size);
        /// The decay changed.
        event SetDecayRate(uint64 decay);
        /// Bids were paused.
        event Pause();
        /// Bids were allowed again.
        event Unpause();

        /// An owner method called by someone who is not a chain owner.
        error NotChainOwner(address sender);
        /// The program does not fit the cache.
        error AsmTooLarge(uint256 asm, uint256 queueSize, uint256 cacheSize);
        /// The program is cached already.
        error AlreadyCached(bytes32 codehash);
        /// The bid (with decay) exceeds uint192.
        error BidTooLarge(uint256 bid);
        /// The bid does not beat the bids it would evict.
        error BidTooSmall(uint192 bid, uint192 min);
        /// Bids are paused.
        error BidsArePaused();
        /// `makeSpace` asked for more than 5 MiB.
        error MakeSpaceTooLarge(uint64 size, uint64 limit);
        /// Nothing left to evict (solady's `MinHeapLib`, which the Solidity contract uses).
        error HeapIsEmpty();
    }
}

/// Installs the contract: stub code, the initial size and decay, and its registration as a
/// cache manager. Called for every new chain.
pub(crate) fn install(chain: &mut crate::Chain) {
    chain.set_code(CACHE_MANAGER, Bytes::from_static(&CACHE_MANAGER_STUB));
    if chain.nonce(CACHE_MANAGER) == 0 {
        chain.set_nonce(CACHE_MANAGER, 1);
    }
    chain.set_storage(
        CACHE_MANAGER,
        U256::from(SLOT_CACHE_SIZE),
        U256::from(INIT_CACHE_SIZE),
    );
    chain.set_storage(
        CACHE_MANAGER,
        U256::from(SLOT_DECAY),
        U256::from(INIT_DECAY),
    );
    crate::precompiles::arbwasmcache::register_cache_manager(chain, CACHE_MANAGER);
}

/// One call's state access, priced as the EVM prices storage and logs.
struct Meter<'a> {
    ctx: &'a mut DevContext,
    gas: u64,
}

/// A call that ends in a revert: gas so far and the ABI error.
struct Fail {
    gas: u64,
    data: Bytes,
}

type Outcome<T> = Result<T, Fail>;

impl Meter<'_> {
    fn fail(&self, e: impl SolError) -> Fail {
        Fail {
            gas: self.gas,
            data: e.abi_encode().into(),
        }
    }

    fn load(&mut self, slot: U256) -> U256 {
        let _ = self.ctx.journaled_state.load_account(CACHE_MANAGER);
        match self.ctx.sload(CACHE_MANAGER, slot) {
            Some(l) => {
                self.gas += if l.is_cold {
                    pricing::COLD_SLOAD_GAS
                } else {
                    pricing::WARM_SLOAD_GAS
                };
                l.data
            }
            None => U256::ZERO,
        }
    }

    fn store(&mut self, slot: U256, value: U256) {
        let _ = self.ctx.journaled_state.load_account(CACHE_MANAGER);
        if let Some(l) = self.ctx.sstore(CACHE_MANAGER, slot, value) {
            let params = self.ctx.gas_params();
            self.gas +=
                params.sstore_static_gas() + params.sstore_dynamic_gas(true, &l.data, l.is_cold);
        }
    }

    fn log(&mut self, event: impl SolEvent) {
        let data = event.encode_log_data();
        self.gas += 375 + 375 * data.topics().len() as u64 + 8 * data.data.len() as u64;
        self.ctx.journaled_state.log(Log {
            address: CACHE_MANAGER,
            data,
        });
    }

    fn word(&mut self, slot: u64) -> u64 {
        self.load(U256::from(slot)).saturating_to()
    }

    fn set_word(&mut self, slot: u64, value: u64) {
        self.store(U256::from(slot), U256::from(value));
    }

    fn entry_slot(index: u64) -> U256 {
        U256::from_be_bytes(keccak256(U256::from(SLOT_ENTRIES).to_be_bytes::<32>()).0)
            + U256::from(2 * index)
    }

    fn entry(&mut self, index: u64) -> CacheManager::Entry {
        let slot = Self::entry_slot(index);
        let code = B256::from(self.load(slot).to_be_bytes::<32>());
        let packed = self.load(slot + U256::from(1));
        CacheManager::Entry {
            code,
            size: (packed & U256::from(u64::MAX)).saturating_to(),
            bid: (packed >> 64usize).saturating_to(),
        }
    }

    fn set_entry(&mut self, index: u64, e: &CacheManager::Entry) {
        let slot = Self::entry_slot(index);
        self.store(slot, U256::from_be_bytes(e.code.0));
        let packed = (U256::from(e.bid) << 64usize) | U256::from(e.size);
        self.store(slot + U256::from(1), packed);
    }

    /// Live entries (the Solidity contract's heap) as (bid, index, entry), smallest bid first,
    /// ties by index: the heap's order of `bid << 64 | index`.
    fn bids(&mut self) -> Vec<(U256, u64, CacheManager::Entry)> {
        let len = self.word(SLOT_ENTRIES);
        let mut live: Vec<_> = (0..len)
            .map(|i| (i, self.entry(i)))
            .filter(|(_, e)| e.code != B256::ZERO)
            .map(|(i, e)| (U256::from(e.bid), i, e))
            .collect();
        live.sort_by_key(|(bid, i, _)| (*bid, *i));
        live
    }

    fn now(&self) -> U256 {
        self.ctx.block.timestamp
    }

    fn calc_decay(&mut self) -> U256 {
        let decay = self.word(SLOT_DECAY);
        self.now().saturating_mul(U256::from(decay))
    }

    fn is_owner(&self, who: Address) -> bool {
        self.ctx.chain.config.chain_owners.contains(&who)
    }

    fn only_owner(&mut self, caller: Address) -> Outcome<()> {
        // ArbOwnerPublic.isChainOwner: a call and an ArbOS storage read.
        self.gas += 100 + 800;
        if self.is_owner(caller) {
            Ok(())
        } else {
            Err(self.fail(CacheManager::NotChainOwner { sender: caller }))
        }
    }

    /// `ArbWasm.codehashAsmSize`, at least [`MIN_CODESIZE`]; its errors bubble up.
    fn asm_size(&mut self, codehash: B256) -> Outcome<u64> {
        self.gas += 100 + crate::precompiles::arbwasm::READ_GAS;
        match active_record(self.ctx, codehash) {
            Ok(r) => Ok((r.asm_estimate as u64).max(MIN_CODESIZE)),
            Err(data) => Err(Fail {
                gas: self.gas,
                data,
            }),
        }
    }

    /// `ArbWasmCache.cacheProgram` / `evictCodehash` with this contract as the caller.
    fn set_cached(&mut self, codehash: B256, cache: bool) -> Outcome<()> {
        self.gas += 100 + 800 + 3;
        match set_program_cached(self.ctx, CACHE_MANAGER, codehash, cache) {
            Ok(gas) => {
                self.gas += gas;
                Ok(())
            }
            Err(CacheRefusal::Denied) => Err(Fail {
                gas: self.gas,
                data: Bytes::new(),
            }),
            Err(CacheRefusal::Revert { gas, data }) => {
                self.gas += gas;
                Err(Fail {
                    gas: self.gas,
                    data,
                })
            }
        }
    }

    fn delete_entry(&mut self, bid: U256, index: u64) -> Outcome<()> {
        let e = self.entry(index);
        self.set_cached(e.code, false)?;
        let queue = self.word(SLOT_QUEUE_SIZE);
        self.set_word(SLOT_QUEUE_SIZE, queue.saturating_sub(e.size));
        self.log(CacheManager::DeleteBid {
            codehash: e.code,
            bid: bid.saturating_to(),
            size: e.size,
        });
        let empty = CacheManager::Entry {
            code: B256::ZERO,
            size: 0,
            bid: Default::default(),
        };
        self.set_entry(index, &empty);
        Ok(())
    }

    /// Pops the smallest bid and evicts it; `HeapIsEmpty` when nothing is left.
    fn pop_and_delete(&mut self) -> Outcome<(U256, u64)> {
        let Some((bid, index, _)) = self.bids().into_iter().next() else {
            return Err(self.fail(CacheManager::HeapIsEmpty {}));
        };
        self.delete_entry(bid, index)?;
        Ok((bid, index))
    }

    fn bid_of(&mut self, value: U256) -> Outcome<U256> {
        let bid = value.saturating_add(self.calc_decay());
        if bid > U256::from(alloy_primitives::aliases::U192::MAX) {
            return Err(self.fail(CacheManager::BidTooLarge { bid }));
        }
        Ok(bid)
    }

    /// Evicts until `size` fits; returns the bid and the slot to insert at.
    fn make_space(&mut self, size: u64, value: U256) -> Outcome<(U256, u64)> {
        let bid = self.bid_of(value)?;
        let mut index = self.word(SLOT_ENTRIES);
        let mut min = U256::ZERO;
        let limit = self.word(SLOT_CACHE_SIZE);
        while self.word(SLOT_QUEUE_SIZE).saturating_add(size) > limit {
            (min, index) = self.pop_and_delete()?;
        }
        if bid < min {
            return Err(self.fail(CacheManager::BidTooSmall {
                bid: bid.saturating_to(),
                min: min.saturating_to(),
            }));
        }
        Ok((bid, index))
    }

    fn min_bid(&mut self, size: u64) -> Outcome<U256> {
        let cache_size = self.word(SLOT_CACHE_SIZE);
        if size > cache_size {
            return Err(self.fail(CacheManager::AsmTooLarge {
                asm: U256::from(size),
                queueSize: U256::ZERO,
                cacheSize: U256::from(cache_size),
            }));
        }
        let size = size.max(MIN_CODESIZE);
        let total = self.word(SLOT_QUEUE_SIZE) as u128 + size as u128;
        if total <= cache_size as u128 {
            return Ok(U256::ZERO);
        }
        let mut need = total - cache_size as u128;
        let k = need.div_ceil(MIN_CODESIZE as u128) as usize;
        let mut min = U256::ZERO;
        for (bid, _, e) in self.bids().into_iter().take(k) {
            if need <= e.size as u128 {
                min = bid;
                break;
            }
            need -= e.size as u128;
        }
        let decay = self.calc_decay();
        Ok(min.saturating_sub(decay))
    }

    fn code_hash(&mut self, program: Address) -> B256 {
        self.gas += 2_600;
        self.ctx
            .load_account_code_hash(program)
            .map(|l| l.data)
            .unwrap_or_default()
    }

    fn place_bid(&mut self, program: Address, value: U256) -> Outcome<()> {
        if self.word(SLOT_PAUSED) != 0 {
            return Err(self.fail(CacheManager::BidsArePaused {}));
        }
        let codehash = self.code_hash(program);
        self.gas += 100 + 800 + 3;
        if crate::stylus::load_record(self.ctx, codehash).is_some_and(|r| r.cached) {
            return Err(self.fail(CacheManager::AlreadyCached { codehash }));
        }
        let size = self.asm_size(codehash)?;
        let (bid, index) = self.make_space(size, value)?;
        let queue = self.word(SLOT_QUEUE_SIZE);
        let cache_size = self.word(SLOT_CACHE_SIZE);
        if queue.saturating_add(size) > cache_size {
            return Err(self.fail(CacheManager::AsmTooLarge {
                asm: U256::from(size),
                queueSize: U256::from(queue),
                cacheSize: U256::from(cache_size),
            }));
        }
        self.set_cached(codehash, true)?;
        self.set_word(SLOT_QUEUE_SIZE, queue + size);
        let entry = CacheManager::Entry {
            code: codehash,
            size,
            bid: bid.saturating_to(),
        };
        let len = self.word(SLOT_ENTRIES);
        if index == len {
            self.set_word(SLOT_ENTRIES, len + 1);
        }
        self.set_entry(index, &entry);
        self.log(CacheManager::InsertBid {
            codehash,
            program,
            bid: bid.saturating_to(),
            size,
        });
        Ok(())
    }

    fn all_entries(&mut self) -> Vec<CacheManager::Entry> {
        let len = self.word(SLOT_ENTRIES);
        (0..len).map(|i| self.entry(i)).collect()
    }
}

/// Runs a call to the contract.
pub(crate) fn run(ctx: &mut DevContext, inputs: &CallInputs) -> InterpreterResult {
    let limit = inputs.gas_limit;
    let input = inputs.input.as_bytes(&*ctx).to_vec();
    let caller = inputs.caller;
    let value = inputs.value.get();
    use CacheManager::CacheManagerCalls as M;
    // Solidity's dispatcher: an unknown selector, value to a non-payable method, or a write in a
    // static call revert with no data.
    let Ok(call) = M::abi_decode(&input) else {
        return reverted(limit, CALL_OVERHEAD_GAS.min(limit), Bytes::new());
    };
    let payable = matches!(call, M::placeBid(_) | M::makeSpace(_));
    if !payable && !value.is_zero() {
        return reverted(limit, CALL_OVERHEAD_GAS.min(limit), Bytes::new());
    }
    let view = matches!(
        call,
        M::cacheSize(_)
            | M::queueSize(_)
            | M::decay(_)
            | M::isPaused(_)
            | M::entries(_)
            | M::getEntries(_)
            | M::getSmallestEntries(_)
            | M::getMinBid_0(_)
            | M::getMinBid_1(_)
            | M::getMinBid_2(_)
    );
    if !view && inputs.is_static {
        return reverted(limit, limit, Bytes::new());
    }
    let mut m = Meter {
        ctx,
        gas: CALL_OVERHEAD_GAS,
    };
    let result: Outcome<Vec<u8>> = (|| {
        Ok(match call {
            M::cacheSize(_) => {
                CacheManager::cacheSizeCall::abi_encode_returns(&m.word(SLOT_CACHE_SIZE))
            }
            M::queueSize(_) => {
                CacheManager::queueSizeCall::abi_encode_returns(&m.word(SLOT_QUEUE_SIZE))
            }
            M::decay(_) => CacheManager::decayCall::abi_encode_returns(&m.word(SLOT_DECAY)),
            M::isPaused(_) => {
                CacheManager::isPausedCall::abi_encode_returns(&(m.word(SLOT_PAUSED) != 0))
            }
            M::entries(c) => {
                let len = m.word(SLOT_ENTRIES);
                if c.index >= U256::from(len) {
                    // Solidity's array bounds check: Panic(0x32).
                    return Err(Fail {
                        gas: m.gas,
                        data: alloy_sol_types::Panic::from(0x32u64).abi_encode().into(),
                    });
                }
                let e = m.entry(c.index.saturating_to());
                CacheManager::entriesCall::abi_encode_returns(&CacheManager::entriesReturn {
                    code: e.code,
                    size: e.size,
                    bid: e.bid,
                })
            }
            M::getEntries(_) => CacheManager::getEntriesCall::abi_encode_returns(&m.all_entries()),
            M::getSmallestEntries(c) => {
                let k = c.k.saturating_to::<usize>();
                let smallest: Vec<_> = m.bids().into_iter().take(k).map(|(_, _, e)| e).collect();
                CacheManager::getSmallestEntriesCall::abi_encode_returns(&smallest)
            }
            M::getMinBid_0(c) => {
                let min = m.min_bid(c.size)?;
                CacheManager::getMinBid_0Call::abi_encode_returns(&min.saturating_to())
            }
            M::getMinBid_1(c) => {
                let size = m.asm_size(c.codehash)?;
                let min = m.min_bid(size)?;
                CacheManager::getMinBid_1Call::abi_encode_returns(&min.saturating_to())
            }
            M::getMinBid_2(c) => {
                let codehash = m.code_hash(c.program);
                let size = m.asm_size(codehash)?;
                let min = m.min_bid(size)?;
                CacheManager::getMinBid_2Call::abi_encode_returns(&min.saturating_to())
            }
            M::placeBid(c) => {
                m.place_bid(c.program, value)?;
                Vec::new()
            }
            M::makeSpace(c) => {
                if m.word(SLOT_PAUSED) != 0 {
                    return Err(m.fail(CacheManager::BidsArePaused {}));
                }
                if c.size > MAX_MAKE_SPACE {
                    return Err(m.fail(CacheManager::MakeSpaceTooLarge {
                        size: c.size,
                        limit: MAX_MAKE_SPACE,
                    }));
                }
                m.make_space(c.size, value)?;
                let space = m
                    .word(SLOT_CACHE_SIZE)
                    .saturating_sub(m.word(SLOT_QUEUE_SIZE));
                CacheManager::makeSpaceCall::abi_encode_returns(&space)
            }
            M::sweepFunds(_) => {
                // The network fee account is the chain's coinbase on this node.
                let to = m.ctx.block.beneficiary;
                let journal = &mut m.ctx.journaled_state;
                let _ = journal.load_account(to);
                let balance = journal
                    .load_account(CACHE_MANAGER)
                    .map(|a| a.data.info.balance)
                    .unwrap_or_default();
                if !balance.is_zero() {
                    let _ = journal.transfer(CACHE_MANAGER, to, balance);
                }
                m.gas += 9_000;
                Vec::new()
            }
            M::setCacheSize(c) => {
                m.only_owner(caller)?;
                m.set_word(SLOT_CACHE_SIZE, c.newSize);
                m.log(CacheManager::SetCacheSize { size: c.newSize });
                Vec::new()
            }
            M::setDecayRate(c) => {
                m.only_owner(caller)?;
                m.set_word(SLOT_DECAY, c.newDecay);
                m.log(CacheManager::SetDecayRate { decay: c.newDecay });
                Vec::new()
            }
            M::paused(_) => {
                m.only_owner(caller)?;
                m.set_word(SLOT_PAUSED, 1);
                m.log(CacheManager::Pause {});
                Vec::new()
            }
            M::unpause(_) => {
                m.only_owner(caller)?;
                m.set_word(SLOT_PAUSED, 0);
                m.log(CacheManager::Unpause {});
                Vec::new()
            }
            M::evictAll(_) => {
                m.only_owner(caller)?;
                while !m.bids().is_empty() {
                    m.pop_and_delete()?;
                }
                // `delete entries`: the length goes to zero (the slots are zero already).
                m.set_word(SLOT_ENTRIES, 0);
                Vec::new()
            }
            M::evictPrograms(c) => {
                m.only_owner(caller)?;
                let mut count = c.count;
                while count > U256::ZERO && !m.bids().is_empty() {
                    m.pop_and_delete()?;
                    count -= U256::from(1);
                }
                Vec::new()
            }
        })
    })();
    match result {
        Ok(out) => {
            let gas = m.gas;
            done(limit, gas, out.into())
        }
        Err(f) if f.data.is_empty() => reverted(limit, limit, Bytes::new()),
        Err(f) => reverted(limit, f.gas, f.data),
    }
}
