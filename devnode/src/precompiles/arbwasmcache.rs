//! `ArbWasmCache` (0x72): caching Stylus programs, so every call to them pays the cached entry
//! price (Nitro `precompiles/ArbWasmCache.go`, `arbos/programs/programs.go` `SetProgramCached`).
//!
//! Only the chain owners ([`crate::ChainConfig::chain_owners`]) and the registered cache
//! managers may cache or evict; anyone else's call burns all its gas with no revert data, as
//! Nitro's `BurnOut` does. The chain registers one cache manager at genesis, the node's own
//! [`crate::cache_manager`] (what `cargo stylus cache bid` finds through `allCacheManagers`).
//!
//! Methods as ArbOS 31+ serves them: `cacheCodehash` existed at ArbOS 30 only, so on this chain
//! (ArbOS 32–61) it is not served, like any unknown selector: the call reverts with all its gas
//! and no data.

use super::{done, ARBOS_STATE, ARB_WASM_CACHE};
use crate::evm::DevContext;
use crate::stylus::{load_record, record_slot};
use alloy_primitives::{keccak256, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolInterface};
use revm::context_interface::{Host, JournalTr};
use revm::interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult};

sol! {
    /// Arbitrum's `ArbWasmCache` precompile, as served by the local chain (ArbOS 31+).
    #[derive(Debug, PartialEq, Eq)]
    interface ArbWasmCache {
        /// Whether `manager` is a registered cache manager.
        function isCacheManager(address manager) external view returns (bool);
        /// Every registered cache manager.
        function allCacheManagers() external view returns (address[] memory managers);
        /// ArbOS 30 only (replaced by `cacheProgram`): not served on this chain.
        function cacheCodehash(bytes32 codehash) external;
        /// Caches the program at `addr` (every program with its codehash). Chain owners and
        /// cache managers only.
        function cacheProgram(address addr) external;
        /// Evicts every program with `codehash`. Chain owners and cache managers only.
        function evictCodehash(bytes32 codehash) external;
        /// Whether programs with `codehash` are cached (an expired program may still be).
        function codehashIsCached(bytes32 codehash) external view returns (bool);

        /// A cache manager or chain owner cached or evicted a codehash.
        event UpdateProgramCache(address indexed manager, bytes32 indexed codehash, bool cached);

        /// The program was activated under an older Stylus version (or never: version 0).
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        /// The program's activation expired.
        error ProgramExpired(uint64 ageInSeconds);
    }
}

/// ArbOS's storage read price (`storage.StorageReadCost`).
const STORAGE_READ_GAS: u64 = 800;
/// ArbOS's price of writing a non-zero word (`storage.StorageWriteCost`).
const STORAGE_WRITE_GAS: u64 = 20_000;
/// Copying arguments and results, per 32-byte word (`params.CopyGas`).
const COPY_GAS: u64 = 3;
/// The `UpdateProgramCache` log: 375 + 3 topics × 375 + 32 data bytes × 8.
const EVENT_GAS: u64 = 375 + 3 * 375 + 32 * 8;

fn words(bytes: usize) -> u64 {
    (bytes as u64).div_ceil(32)
}

/// Where the cache-manager set lives in ArbOS state: its size at the base slot, member `i` at
/// base + 1 + i.
fn managers_base() -> U256 {
    U256::from_be_bytes(keccak256(b"stylus.cacheManagers").0)
}

/// The registered cache managers, in registration order.
pub(crate) fn cache_managers(ctx: &mut DevContext) -> Vec<Address> {
    let base = managers_base();
    let journal = &mut ctx.journaled_state;
    if journal.load_account(ARBOS_STATE).is_err() {
        return Vec::new();
    }
    let count = journal
        .sload(ARBOS_STATE, base)
        .map(|l| l.data.saturating_to::<u64>())
        .unwrap_or_default();
    (0..count)
        .filter_map(|i| {
            let slot = base + U256::from(1 + i);
            let word = journal.sload(ARBOS_STATE, slot).ok()?.data;
            Some(Address::from_word(B256::from(word.to_be_bytes::<32>())))
        })
        .collect()
}

/// Registers `manager` as a cache manager (what ArbOwner's `addWasmCacheManager` does; the
/// chain calls it at genesis for its own cache manager).
pub fn register_cache_manager(chain: &mut crate::Chain, manager: Address) {
    let base = managers_base();
    let count = chain.storage(ARBOS_STATE, base).saturating_to::<u64>();
    for i in 0..count {
        let word = chain.storage(ARBOS_STATE, base + U256::from(1 + i));
        if Address::from_word(B256::from(word.to_be_bytes::<32>())) == manager {
            return;
        }
    }
    chain.set_storage(
        ARBOS_STATE,
        base + U256::from(1 + count),
        U256::from_be_bytes(manager.into_word().0),
    );
    chain.set_storage(ARBOS_STATE, base, U256::from(count + 1));
}

/// Why caching or evicting did not happen.
#[derive(Debug)]
pub(crate) enum CacheRefusal {
    /// The caller is neither a chain owner nor a cache manager: Nitro burns all the call's gas.
    Denied,
    /// A revert with this ABI error, after `gas` was spent.
    Revert {
        /// Gas spent before the revert.
        gas: u64,
        /// ABI error data.
        data: Bytes,
    },
}

/// Nitro's `setProgramCached`: checks the caller, then caches (`cache`) or evicts the programs
/// with `codehash`, emitting `UpdateProgramCache` and paying the program's raw init cost when
/// the flag changes. Returns the gas spent.
pub(crate) fn set_program_cached(
    ctx: &mut DevContext,
    caller: Address,
    codehash: B256,
    cache: bool,
) -> Result<u64, CacheRefusal> {
    let config = ctx.chain.config.clone();
    let params = &config.stylus;
    // hasAccess: the manager set first, then the chain owners.
    let mut gas = STORAGE_READ_GAS;
    if !cache_managers(ctx).contains(&caller) {
        gas += STORAGE_READ_GAS;
        if !config.chain_owners.contains(&caller) {
            return Err(CacheRefusal::Denied);
        }
    }
    // The Stylus parameters and the program record.
    gas += 2 * STORAGE_READ_GAS;
    let mut record = load_record(ctx, codehash).unwrap_or_default();
    let now = ctx.block.timestamp.saturating_to::<u64>();
    let age = record.age(now);
    let expired = age > params.expiry_days as u64 * 86_400;
    if cache && record.version != params.version {
        let e = ArbWasmCache::ProgramNeedsUpgrade {
            version: record.version,
            stylusVersion: params.version,
        };
        return Err(CacheRefusal::Revert {
            gas,
            data: e.abi_encode().into(),
        });
    }
    if cache && expired {
        let e = ArbWasmCache::ProgramExpired { ageInSeconds: age };
        return Err(CacheRefusal::Revert {
            gas,
            data: e.abi_encode().into(),
        });
    }
    if record.cached == cache {
        return Ok(gas);
    }
    let event = ArbWasmCache::UpdateProgramCache {
        manager: caller,
        codehash,
        cached: cache,
    };
    ctx.journaled_state.log(Log {
        address: ARB_WASM_CACHE,
        data: event.encode_log_data(),
    });
    // The event, the init cost (Nitro's price of caching, or of re-caching after a revert), the
    // module hash read and the record write.
    gas += EVENT_GAS + record.init_cost as u64 + STORAGE_READ_GAS + STORAGE_WRITE_GAS;
    record.cached = cache;
    let journal = &mut ctx.journaled_state;
    let _ = journal.load_account(ARBOS_STATE);
    let _ = journal.sstore(ARBOS_STATE, record_slot(codehash), record.to_word());
    Ok(gas)
}

/// A failure that consumes all the call's gas, with no data (Nitro: out of gas, or a method
/// this ArbOS version does not serve).
fn burn_out(limit: u64, kind: InstructionResult) -> InterpreterResult {
    let mut gas = Gas::new(limit);
    gas.spend_all();
    InterpreterResult::new(kind, Bytes::new(), gas)
}

fn revert_with(limit: u64, used: u64, data: Bytes) -> InterpreterResult {
    super::reverted(limit, used, data)
}

pub(crate) fn run(ctx: &mut DevContext, inputs: &CallInputs) -> InterpreterResult {
    let limit = inputs.gas_limit;
    let input = inputs.input.as_bytes(&*ctx).to_vec();
    use ArbWasmCache::ArbWasmCacheCalls as M;
    let call = match ArbWasmCache::ArbWasmCacheCalls::abi_decode(&input) {
        Ok(M::cacheCodehash(_)) | Err(_) => {
            return burn_out(limit, InstructionResult::Revert);
        }
        Ok(call) => call,
    };
    let writes = matches!(call, M::cacheProgram(_) | M::evictCodehash(_));
    // Nothing here is payable; writes are refused in a static call (Nitro: all gas).
    if !inputs.value.get().is_zero() {
        return burn_out(limit, InstructionResult::Revert);
    }
    if writes && inputs.is_static {
        return burn_out(limit, InstructionResult::StateChangeDuringStaticCall);
    }
    // Opening ArbOS state and copying the arguments.
    let base = STORAGE_READ_GAS + COPY_GAS * words(input.len().saturating_sub(4));
    let (used, out): (u64, Vec<u8>) = match call {
        M::isCacheManager(c) => {
            let yes = cache_managers(ctx).contains(&c.manager);
            (
                STORAGE_READ_GAS,
                ArbWasmCache::isCacheManagerCall::abi_encode_returns(&yes),
            )
        }
        M::allCacheManagers(_) => {
            let all = cache_managers(ctx);
            (
                STORAGE_READ_GAS * (1 + all.len() as u64),
                ArbWasmCache::allCacheManagersCall::abi_encode_returns(&all),
            )
        }
        M::codehashIsCached(c) => {
            let cached = load_record(ctx, c.codehash).is_some_and(|r| r.cached);
            (
                STORAGE_READ_GAS,
                ArbWasmCache::codehashIsCachedCall::abi_encode_returns(&cached),
            )
        }
        M::cacheProgram(c) => {
            let codehash = ctx
                .load_account_code_hash(c.addr)
                .map(|l| l.data)
                .unwrap_or_default();
            match set_program_cached(ctx, inputs.caller, codehash, true) {
                Ok(gas) => (gas, Vec::new()),
                Err(CacheRefusal::Denied) => return burn_out(limit, InstructionResult::OutOfGas),
                Err(CacheRefusal::Revert { gas, data }) => {
                    let gas = base + gas + COPY_GAS * words(data.len());
                    return revert_with(limit, gas, data);
                }
            }
        }
        M::evictCodehash(c) => match set_program_cached(ctx, inputs.caller, c.codehash, false) {
            Ok(gas) => (gas, Vec::new()),
            Err(CacheRefusal::Denied) => return burn_out(limit, InstructionResult::OutOfGas),
            Err(CacheRefusal::Revert { gas, data }) => {
                let gas = base + gas + COPY_GAS * words(data.len());
                return revert_with(limit, gas, data);
            }
        },
        M::cacheCodehash(_) => unreachable!("refused above"),
    };
    let gas = base + used + COPY_GAS * words(out.len());
    done(limit, gas, out.into())
}
