//! The program cache: `ArbWasmCache` (0x72) with Nitro's caller checks, the chain's
//! `CacheManager` (what `cargo stylus cache bid/status` call), the cached entry price, and
//! Nitro's per-block recent-program discount (ArbOS 60+).

mod common;

use alloy_sol_types::{SolCall, SolError, SolEvent};
use common::*;
use devnode::cache_manager::{CacheManager, CACHE_MANAGER, INIT_CACHE_SIZE, MIN_CODESIZE};
use devnode::precompiles::arbwasm::ArbWasm;
use devnode::precompiles::arbwasmcache::ArbWasmCache;
use devnode::precompiles::{ARB_WASM, ARB_WASM_CACHE};
use devnode::{Address, Chain, ChainConfig, Receipt, TxRequest, B256, U256};

const BOB: Address = Address::repeat_byte(0xB0);

fn funded_chain(config: ChainConfig) -> Chain {
    let mut chain = Chain::new(config);
    for who in [ALICE, BOB] {
        chain.set_balance(who, U256::from(1_000u64) * U256::from(devnode::ETHER));
    }
    chain
}

/// A chain owner's (the dev account's) call to ArbWasmCache.
fn by_owner(chain: &mut Chain, data: Vec<u8>) -> Receipt {
    from(chain, ALICE, ARB_WASM_CACHE, data)
}

/// A chain owner's (the dev account's) call to the CacheManager; whether it succeeded.
fn owner(chain: &mut Chain, data: Vec<u8>) -> bool {
    from(chain, ALICE, CACHE_MANAGER, data).status
}

fn from(chain: &mut Chain, who: Address, to: Address, data: Vec<u8>) -> Receipt {
    chain
        .transact(TxRequest::call(who, to, data).with_gas_limit(1_000_000))
        .expect("transaction is valid")
}

/// (uncached, cached) entry gas of `program` as ArbWasm reports it.
fn init_gas(chain: &Chain, program: Address) -> (u64, u64) {
    let out = call(
        chain,
        ARB_WASM,
        ArbWasm::programInitGasCall { program }.abi_encode(),
    );
    let r = ArbWasm::programInitGasCall::abi_decode_returns(&out.output).unwrap();
    (r.gas, r.gasWhenCached)
}

fn is_cached(chain: &Chain, codehash: B256) -> bool {
    let out = call(
        chain,
        ARB_WASM_CACHE,
        ArbWasmCache::codehashIsCachedCall { codehash }.abi_encode(),
    );
    ArbWasmCache::codehashIsCachedCall::abi_decode_returns(&out.output).unwrap()
}

fn codehash(chain: &Chain, program: Address) -> B256 {
    devnode::B256::from(alloy_primitives::keccak256(chain.code(program)))
}

/// Gas of a transaction that calls the minimal program (it does nothing).
fn run_minimal(chain: &mut Chain, program: Address) -> u64 {
    let r = send(chain, program, vec![]);
    assert!(r.status, "{:?}", r.console);
    r.gas_used
}

#[test]
fn caching_through_arbwasmcache_flips_the_entry_price_and_eviction_flips_it_back() {
    let mut chain = funded_chain(ChainConfig::default());
    let program = deploy_fixture(&mut chain, "minimal");
    let hash = codehash(&chain, program);
    let (uncached, cached) = init_gas(&chain, program);
    // 69 * 128 + 18 + (11 * 32 + 6), and 11 * 32 + 6 (tests/nitro_fidelity.rs).
    assert_eq!((uncached, cached), (9_208, 358));
    assert!(!is_cached(&chain, hash));
    // Intrinsic + entry + one basic block rounding up to 1 gas.
    assert_eq!(run_minimal(&mut chain, program), 21_000 + uncached + 1);

    // The chain owner (the dev account) caches it.
    let r = by_owner(
        &mut chain,
        ArbWasmCache::cacheProgramCall { addr: program }.abi_encode(),
    );
    assert!(r.status);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, ARB_WASM_CACHE);
    let event = ArbWasmCache::UpdateProgramCache::decode_log_data(&r.logs[0].data).unwrap();
    assert_eq!(
        (event.manager, event.codehash, event.cached),
        (ALICE, hash, true)
    );
    assert!(is_cached(&chain, hash));
    // Every call now pays the cached price, in every block.
    assert_eq!(run_minimal(&mut chain, program), 21_000 + cached + 1);
    assert_eq!(run_minimal(&mut chain, program), 21_000 + cached + 1);
    // programInitGas still reports both prices.
    assert_eq!(init_gas(&chain, program), (uncached, cached));

    // Caching again changes nothing and emits nothing.
    let r = by_owner(
        &mut chain,
        ArbWasmCache::cacheProgramCall { addr: program }.abi_encode(),
    );
    assert!(r.status);
    assert!(r.logs.is_empty());

    // Eviction: the uncached price again.
    let r = by_owner(
        &mut chain,
        ArbWasmCache::evictCodehashCall { codehash: hash }.abi_encode(),
    );
    assert!(r.status);
    let event = ArbWasmCache::UpdateProgramCache::decode_log_data(&r.logs[0].data).unwrap();
    assert_eq!((event.codehash, event.cached), (hash, false));
    assert!(!is_cached(&chain, hash));
    assert_eq!(run_minimal(&mut chain, program), 21_000 + uncached + 1);
}

#[test]
fn only_chain_owners_and_cache_managers_may_cache_and_the_rest_burn_all_their_gas() {
    let mut chain = funded_chain(ChainConfig::default());
    let program = deploy_fixture(&mut chain, "minimal");
    let hash = codehash(&chain, program);

    // The chain's CacheManager is the one registered manager.
    let out = call(
        &chain,
        ARB_WASM_CACHE,
        ArbWasmCache::allCacheManagersCall {}.abi_encode(),
    );
    let all = ArbWasmCache::allCacheManagersCall::abi_decode_returns(&out.output).unwrap();
    assert_eq!(all, vec![CACHE_MANAGER]);
    for (who, expected) in [(CACHE_MANAGER, true), (BOB, false), (ALICE, false)] {
        let out = call(
            &chain,
            ARB_WASM_CACHE,
            ArbWasmCache::isCacheManagerCall { manager: who }.abi_encode(),
        );
        let yes = ArbWasmCache::isCacheManagerCall::abi_decode_returns(&out.output).unwrap();
        assert_eq!(yes, expected, "{who}");
    }

    // Bob is neither: Nitro's BurnOut, all the gas and no data.
    for data in [
        ArbWasmCache::cacheProgramCall { addr: program }.abi_encode(),
        ArbWasmCache::evictCodehashCall { codehash: hash }.abi_encode(),
    ] {
        let r = from(&mut chain, BOB, ARB_WASM_CACHE, data);
        assert!(!r.status);
        assert_eq!(r.gas_used, 1_000_000);
        assert!(r.output.is_empty());
        assert!(r.logs.is_empty());
    }
    assert!(!is_cached(&chain, hash));

    // An owner with other owners configured: Bob, once made an owner, may.
    let mut config = ChainConfig::default();
    config.chain_owners.push(BOB);
    let mut chain = funded_chain(config);
    let program = deploy_fixture(&mut chain, "minimal");
    let r = from(
        &mut chain,
        BOB,
        ARB_WASM_CACHE,
        ArbWasmCache::cacheProgramCall { addr: program }.abi_encode(),
    );
    assert!(r.status);
    assert!(is_cached(&chain, codehash(&chain, program)));
}

#[test]
fn caching_refuses_what_is_not_an_active_program_and_cache_codehash_is_gone() {
    let mut chain = funded_chain(ChainConfig::default());
    // EVM code has no activation: version 0 against Stylus version 2, as in Nitro.
    let evm = deploy_evm(&mut chain, &evm_constant([1; 32], false));
    let r = by_owner(
        &mut chain,
        ArbWasmCache::cacheProgramCall { addr: evm }.abi_encode(),
    );
    assert!(!r.status);
    let expected = ArbWasmCache::ProgramNeedsUpgrade {
        version: 0,
        stylusVersion: 2,
    }
    .abi_encode();
    assert_eq!(r.output.to_vec(), expected);
    assert!(r.gas_used < 1_000_000, "a revert keeps the unused gas");

    // cacheCodehash was served at ArbOS 30 only: reverted with all the gas, no data.
    let program = deploy_fixture(&mut chain, "minimal");
    let hash = codehash(&chain, program);
    let r = by_owner(
        &mut chain,
        ArbWasmCache::cacheCodehashCall { codehash: hash }.abi_encode(),
    );
    assert!(!r.status);
    assert_eq!(r.gas_used, 1_000_000);
    assert!(r.output.is_empty());
}

#[test]
fn the_recent_program_discount_spans_the_transactions_of_one_block() {
    let mut chain = funded_chain(ChainConfig::default());
    let program = deploy_fixture(&mut chain, "minimal");
    let (uncached, cached) = init_gas(&chain, program);
    let block = |chain: &mut Chain, n: usize| -> Vec<u64> {
        let txs = (0..n)
            .map(|_| (TxRequest::call(ALICE, program, vec![]), None))
            .collect();
        chain
            .transact_block(txs)
            .into_iter()
            .map(|r| r.expect("included").gas_used)
            .collect()
    };
    // The first call of the block pays the full entry, the next ones the cached price.
    assert_eq!(
        block(&mut chain, 3),
        vec![
            21_000 + uncached + 1,
            21_000 + cached + 1,
            21_000 + cached + 1
        ]
    );
    // A new block starts with an empty list.
    assert_eq!(block(&mut chain, 1), vec![21_000 + uncached + 1]);
    // Automine: one transaction per block, so every transaction pays the full entry.
    assert_eq!(run_minimal(&mut chain, program), 21_000 + uncached + 1);

    // Before ArbOS 60 there is no such discount.
    let mut chain = funded_chain(ChainConfig {
        arbos_version: 59,
        ..Default::default()
    });
    let program = deploy_fixture(&mut chain, "minimal");
    let txs = (0..2)
        .map(|_| (TxRequest::call(ALICE, program, vec![]), None))
        .collect();
    let gas: Vec<u64> = chain
        .transact_block(txs)
        .into_iter()
        .map(|r| r.expect("included").gas_used)
        .collect();
    assert_eq!(gas, vec![21_000 + uncached + 1; 2]);
}

fn min_bid(chain: &Chain, program: Address) -> U256 {
    let out = call(
        chain,
        CACHE_MANAGER,
        CacheManager::getMinBid_2Call { program }.abi_encode(),
    );
    assert!(out.outcome == devnode::Outcome::Success, "{out:?}");
    U256::from(CacheManager::getMinBid_2Call::abi_decode_returns(&out.output).unwrap())
}

fn bid(chain: &mut Chain, program: Address, value: u64) -> Receipt {
    chain
        .transact(
            TxRequest::call(
                ALICE,
                CACHE_MANAGER,
                CacheManager::placeBidCall { program }.abi_encode(),
            )
            .with_value(U256::from(value))
            .with_gas_limit(1_000_000),
        )
        .expect("transaction is valid")
}

fn queue_size(chain: &Chain) -> u64 {
    let out = call(
        chain,
        CACHE_MANAGER,
        CacheManager::queueSizeCall {}.abi_encode(),
    );
    CacheManager::queueSizeCall::abi_decode_returns(&out.output).unwrap()
}

#[test]
fn the_cache_manager_caches_by_bid_and_evicts_the_smallest_bid() {
    let mut chain = funded_chain(ChainConfig::default());
    let first = deploy_fixture(&mut chain, "minimal");
    let second = deploy_fixture(&mut chain, "ink");
    let (h1, h2) = (codehash(&chain, first), codehash(&chain, second));
    let asm = |chain: &Chain, hash: B256| -> u64 {
        let out = call(
            chain,
            ARB_WASM,
            ArbWasm::codehashAsmSizeCall { codehash: hash }.abi_encode(),
        );
        (ArbWasm::codehashAsmSizeCall::abi_decode_returns(&out.output).unwrap() as u64)
            .max(MIN_CODESIZE)
    };
    let (size1, size2) = (asm(&chain, h1), asm(&chain, h2));

    // What `cargo stylus cache status` reads.
    let out = call(
        &chain,
        CACHE_MANAGER,
        CacheManager::cacheSizeCall {}.abi_encode(),
    );
    assert_eq!(
        CacheManager::cacheSizeCall::abi_decode_returns(&out.output).unwrap(),
        INIT_CACHE_SIZE
    );
    assert_eq!(queue_size(&chain), 0);
    let out = call(
        &chain,
        CACHE_MANAGER,
        CacheManager::isPausedCall {}.abi_encode(),
    );
    assert!(!CacheManager::isPausedCall::abi_decode_returns(&out.output).unwrap());
    assert_eq!(min_bid(&chain, first), U256::ZERO);

    // Owner methods: decay off (bids keep their value), room for one program only.
    for data in [
        CacheManager::setDecayRateCall { newDecay: 0 }.abi_encode(),
        CacheManager::setCacheSizeCall {
            newSize: size1.max(size2) + 1,
        }
        .abi_encode(),
    ] {
        let r = from(&mut chain, BOB, CACHE_MANAGER, data.clone());
        assert!(!r.status);
        assert_eq!(
            r.output.to_vec(),
            CacheManager::NotChainOwner { sender: BOB }.abi_encode()
        );
        assert!(owner(&mut chain, data));
    }

    // A bid while there is room caches the program.
    let r = bid(&mut chain, first, 1_000);
    assert!(r.status, "{:?}", r.output);
    let insert = r
        .logs
        .iter()
        .find(|l| l.address == CACHE_MANAGER)
        .expect("InsertBid");
    let insert = CacheManager::InsertBid::decode_log_data(&insert.data).unwrap();
    assert_eq!(
        (insert.codehash, insert.program, insert.bid, insert.size),
        (
            h1,
            first,
            alloy_primitives::aliases::U192::from(1_000),
            size1
        )
    );
    assert!(r.logs.iter().any(|l| l.address == ARB_WASM_CACHE));
    assert!(is_cached(&chain, h1));
    assert_eq!(queue_size(&chain), size1);
    let uncached = init_gas(&chain, first).0;
    let cached = init_gas(&chain, first).1;
    assert_eq!(run_minimal(&mut chain, first), 21_000 + cached + 1);
    assert_ne!(uncached, cached);

    // Bidding for it again: AlreadyCached.
    let r = bid(&mut chain, first, 5_000);
    assert_eq!(
        r.output.to_vec(),
        CacheManager::AlreadyCached { codehash: h1 }.abi_encode()
    );

    // The second program needs the first's place: at least its bid.
    assert_eq!(min_bid(&chain, second), U256::from(1_000));
    let r = bid(&mut chain, second, 999);
    assert!(!r.status);
    assert_eq!(
        r.output.to_vec(),
        CacheManager::BidTooSmall {
            bid: alloy_primitives::aliases::U192::from(999),
            min: alloy_primitives::aliases::U192::from(1_000)
        }
        .abi_encode()
    );
    assert!(is_cached(&chain, h1), "a failed bid evicts nothing");
    let r = bid(&mut chain, second, 1_000);
    assert!(r.status);
    let delete = r
        .logs
        .iter()
        .filter(|l| l.address == CACHE_MANAGER)
        .find_map(|l| CacheManager::DeleteBid::decode_log_data(&l.data).ok())
        .expect("DeleteBid");
    assert_eq!((delete.codehash, delete.size), (h1, size1));
    assert!(!is_cached(&chain, h1));
    assert!(is_cached(&chain, h2));
    assert_eq!(queue_size(&chain), size2);
    assert_eq!(run_minimal(&mut chain, first), 21_000 + uncached + 1);
    // The evicted slot was reused: one entry.
    let out = call(
        &chain,
        CACHE_MANAGER,
        CacheManager::getEntriesCall {}.abi_encode(),
    );
    let entries = CacheManager::getEntriesCall::abi_decode_returns(&out.output).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].code, entries[0].size), (h2, size2));

    // Paused: no bids. Not activated: ArbWasm's error bubbles up.
    assert!(owner(&mut chain, CacheManager::pausedCall {}.abi_encode()));
    let r = bid(&mut chain, first, 10_000);
    assert_eq!(
        r.output.to_vec(),
        CacheManager::BidsArePaused {}.abi_encode()
    );
    assert!(owner(&mut chain, CacheManager::unpauseCall {}.abi_encode()));
    let evm = deploy_evm(&mut chain, &evm_constant([1; 32], false));
    let r = bid(&mut chain, evm, 10_000);
    assert_eq!(
        r.output.to_vec(),
        ArbWasm::ProgramNotActivated {}.abi_encode()
    );

    // The owner evicts everything.
    assert!(owner(
        &mut chain,
        CacheManager::evictAllCall {}.abi_encode()
    ));
    assert!(!is_cached(&chain, h2));
    assert_eq!(queue_size(&chain), 0);
}
