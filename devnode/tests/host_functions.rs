//! Each group of Stylus host functions, through WAT fixtures whose source is in tests/fixtures.

mod common;

use alloy_primitives::{keccak256, Address, B256, U256};
use common::*;
use devnode::config::{ARBITRUM_BLOCK_GAS_LIMIT, DEV_BASE_FEE, DEV_CHAIN_ID, SEQUENCER_COINBASE};
use devnode::{Outcome, TxRequest};

#[test]
fn read_args_and_write_result_echo() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let r = call(&chain, probe, op(0, &[b"hello stylus"]));
    assert!(r.is_success(), "{r:?}");
    assert_eq!(r.output.as_ref(), b"hello stylus");
}

#[test]
fn storage_is_written_on_flush_and_read_back() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let (key, value) = (word(7), word(0xBEEF));
    let r = send(&mut chain, probe, op(1, &[&key, &value]));
    assert!(r.status, "{r:?}");
    assert_eq!(chain.storage(probe, U256::from(7)), U256::from(0xBEEF));
    let r = call(&chain, probe, op(2, &[&key]));
    assert_eq!(r.output.as_ref(), &value);
}

#[test]
fn unflushed_cache_writes_are_dropped() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let r = send(&mut chain, probe, op(18, &[&word(1), &word(2)]));
    assert!(r.status);
    assert_eq!(chain.storage(probe, U256::from(1)), U256::ZERO);
}

#[test]
fn a_revert_rolls_back_the_frames_storage() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let r = send(&mut chain, probe, op(21, &[&word(1), &word(2)]));
    assert!(!r.status);
    assert_eq!(r.outcome, Outcome::Revert);
    assert_eq!(chain.storage(probe, U256::from(1)), U256::ZERO);
}

#[test]
fn storage_gas_follows_evm_rules_cold_writes_and_refunds() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    // Same calldata shape (non-zero bytes in the same places) for comparable intrinsic gas.
    let set = send(&mut chain, probe, op(1, &[&word(9), &word(5)]));
    let reset = send(&mut chain, probe, op(1, &[&word(9), &word(6)]));
    // 0 -> 5 on a cold slot: 22,100; 5 -> 6 on a cold slot: 5,000. The rest is identical.
    assert_eq!(set.gas_used - reset.gas_used, 22_100 - 5_000);
    // 6 -> 0 earns the 4,800 refund (capped at a fifth of the gas used).
    let clear = send(&mut chain, probe, op(1, &[&word(9), &[0u8; 32]]));
    assert!(clear.status);
    let zero_calldata_discount = 12; // one byte fewer non-zero: 16 - 4
    let before_refund = reset.gas_used - zero_calldata_discount;
    assert_eq!(
        clear.gas_used,
        before_refund - (before_refund / 5).min(4_800)
    );
}

#[test]
fn a_cold_storage_load_costs_2100_gas_plus_the_evm_api_round_trip() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let load = call(&chain, probe, op(2, &[&word(3)]));
    let echo = call(&chain, probe, op(0, &[&word(3)]));
    // Both return 32 bytes. op 2 adds the load: 2,100 (cold slot) + 5 (EVM API: 59,673 ink) +
    // 18,480 ink of host call + a few operators, and its operation byte is non-zero in the
    // calldata (16 gas instead of 4).
    let diff = load.gas_used - echo.gas_used;
    assert!(
        (2_100 + 5 + 12 + 1..2_100 + 5 + 12 + 4).contains(&diff),
        "cold load added {diff} gas"
    );
}

#[test]
fn transient_storage_lives_for_the_transaction_only() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let r = send(&mut chain, probe, op(3, &[&word(1), &word(77)]));
    assert_eq!(r.output.as_ref(), &word(77));
    let r = call(&chain, probe, op(4, &[&word(1)]));
    assert_eq!(r.output.as_ref(), &[0u8; 32]);
}

#[test]
fn environment_host_functions_report_the_block_and_transaction() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    chain.increase_time(1_000);
    let r = send_value(&mut chain, probe, op(5, &[]), U256::from(123));
    assert!(r.status, "{r:?}");
    let o = r.output.as_ref();
    let u64_at = |i: usize| u64::from_le_bytes(o[i..i + 8].try_into().unwrap());
    let u32_at = |i: usize| u32::from_le_bytes(o[i..i + 4].try_into().unwrap());
    assert_eq!(Address::from_slice(&o[0..20]), ALICE, "msg_sender");
    assert_eq!(
        U256::from_be_slice(&o[0x14..0x34]),
        U256::from(123),
        "msg_value"
    );
    assert_eq!(Address::from_slice(&o[0x34..0x48]), ALICE, "tx_origin");
    assert_eq!(
        U256::from_be_slice(&o[0x48..0x68]),
        U256::from(DEV_BASE_FEE),
        "tx_gas_price"
    );
    assert_eq!(
        U256::from_be_slice(&o[0x68..0x88]),
        U256::from(DEV_BASE_FEE),
        "block_basefee"
    );
    assert_eq!(
        Address::from_slice(&o[0x88..0x9c]),
        SEQUENCER_COINBASE,
        "block_coinbase"
    );
    assert_eq!(
        Address::from_slice(&o[0x9c..0xb0]),
        probe,
        "contract_address"
    );
    assert_eq!(u64_at(0xb0), ARBITRUM_BLOCK_GAS_LIMIT, "block_gas_limit");
    assert_eq!(u64_at(0xb8), r.block_number, "block_number");
    assert_eq!(
        u64_at(0xc0),
        chain.block(r.block_number).unwrap().timestamp,
        "block_timestamp"
    );
    assert_eq!(u64_at(0xc0), chain.config().genesis_timestamp + 1_000);
    assert_eq!(u64_at(0xc8), DEV_CHAIN_ID, "chainid");
    assert_eq!(u32_at(0xd0), 10_000, "tx_ink_price");
    assert_eq!(u32_at(0xd4), 0, "msg_reentrant at the top level");
    let (gas_left, ink_left) = (u64_at(0xd8), u64_at(0xe0));
    // evm_ink_left runs after evm_gas_left: less than the gas reading, by about one host call.
    assert!(
        gas_left > 1_000_000 && ink_left < gas_left * 10_000 && ink_left > (gas_left - 2) * 10_000
    );
}

#[test]
fn logs_carry_topics_and_data_and_bad_topic_counts_fail() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let (t0, t1) = (B256::repeat_byte(0xAA), B256::repeat_byte(0xBB));
    let r = send(
        &mut chain,
        probe,
        op(6, &[&[2], t0.as_slice(), t1.as_slice(), b"payload"]),
    );
    assert!(r.status);
    assert_eq!(r.logs.len(), 1);
    assert_eq!(r.logs[0].address, probe);
    assert_eq!(r.logs[0].topics(), &[t0, t1]);
    assert_eq!(r.logs[0].data.data.as_ref(), b"payload");
    let r = send(&mut chain, probe, op(6, &[&[5], &[0u8; 160]]));
    assert!(!r.status && r.logs.is_empty());
    assert!(
        r.console.iter().any(|l| l.contains("bad topic data")),
        "{:?}",
        r.console
    );
}

#[test]
fn native_keccak256_hashes_the_input() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let data = [7u8; 100];
    let r = call(&chain, probe, op(14, &[&data]));
    assert_eq!(r.output.as_ref(), keccak256(data).as_slice());
}

#[test]
fn math_host_functions_compute_on_256_bit_words() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let a = U256::from(1_000_003u64) * U256::from(u128::MAX);
    let b = U256::from(97u64);
    let m = U256::from(1_000_000_007u64);
    let run = |chain: &devnode::Chain, sub: u8, x: U256, y: U256, z: U256| {
        let r = call(
            chain,
            probe,
            op(
                13,
                &[
                    &[sub],
                    &x.to_be_bytes::<32>(),
                    &y.to_be_bytes::<32>(),
                    &z.to_be_bytes::<32>(),
                ],
            ),
        );
        U256::from_be_slice(&r.output)
    };
    assert_eq!(run(&chain, 0, a, b, m), a / b);
    assert_eq!(
        run(&chain, 0, a, U256::ZERO, m),
        U256::ZERO,
        "division by zero is zero"
    );
    assert_eq!(run(&chain, 1, a, b, m), a % b);
    assert_eq!(
        run(&chain, 2, U256::from(3), U256::from(200), m),
        U256::from(3).wrapping_pow(U256::from(200))
    );
    assert_eq!(run(&chain, 3, a, a, m), a.add_mod(a, m));
    assert_eq!(run(&chain, 4, a, a, m), a.mul_mod(a, m));
}

#[test]
fn account_host_functions_read_balance_code_and_codehash() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let target = deploy_evm(&mut chain, &evm_constant(word(5), false));
    chain.set_balance(target, U256::from(999));
    let r = call(&chain, probe, op(12, &[target.as_slice()]));
    let o = r.output.as_ref();
    let code = chain.code(target);
    assert_eq!(U256::from_be_slice(&o[0..32]), U256::from(999));
    assert_eq!(&o[0x20..0x40], keccak256(&code).as_slice());
    assert_eq!(
        u32::from_le_bytes(o[0x40..0x44].try_into().unwrap()) as usize,
        code.len()
    );
    assert_eq!(&o[0x44..0x64], &code[..32]);
    assert_eq!(u32::from_le_bytes(o[0x64..0x68].try_into().unwrap()), 32);
    // An account without code has the empty codehash only if it exists; a fresh one reads zero.
    let r = call(
        &chain,
        probe,
        op(12, &[Address::repeat_byte(0x42).as_slice()]),
    );
    assert_eq!(&r.output[0x20..0x40], &[0u8; 32]);
}

#[test]
fn exit_early_ends_the_program_with_its_status() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let ok = call(&chain, probe, op(16, &[&[0], b"done"]));
    assert!(ok.is_success());
    assert_eq!(ok.output.as_ref(), b"\0done");
    let failed = call(&chain, probe, op(16, &[&[1], b"why"]));
    assert_eq!(failed.outcome, Outcome::Revert);
    assert_eq!(failed.output.as_ref(), b"\x01why");
}

#[test]
fn a_trap_fails_the_call_and_says_why() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let r = send(&mut chain, probe, op(17, &[]));
    assert!(!r.status);
    assert!(r.output.is_empty());
    assert!(
        r.console.iter().any(|l| l.contains("failed")),
        "{:?}",
        r.console
    );
}

#[test]
fn memory_growth_is_paid_for_and_bounded() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let grow = |chain: &devnode::Chain, pages: u8| {
        let r = call(chain, probe, op(20, &[&[pages]]));
        assert!(r.is_success(), "{r:?}");
        let prev = i32::from_le_bytes(r.output[0..4].try_into().unwrap());
        let size = i32::from_le_bytes(r.output[4..8].try_into().unwrap());
        (prev, size, r.gas_used)
    };
    let (prev, size, gas_small) = grow(&chain, 1);
    assert_eq!((prev, size), (1, 2));
    let (prev, size, gas_big) = grow(&chain, 10);
    assert_eq!((prev, size), (1, 11));
    // 2 free pages; then 1,000 gas per page plus the exponential curve (table values).
    assert_eq!(
        gas_big - gas_small,
        9 * 1_000 + (4 - 1),
        "pages 3..=11 cost linear + exp(11) - exp(2)"
    );
    // Above the module's declared maximum (16 pages) memory.grow fails with -1.
    let (prev, size, _) = grow(&chain, 20);
    assert_eq!((prev, size), (-1, 1));
}

#[test]
fn console_output_reaches_the_receipt_on_a_debug_chain() {
    let mut chain = debug_chain();
    let program = deploy_fixture(&mut chain, "console");
    let r = send(&mut chain, program, b"hi".to_vec());
    assert!(r.status, "{r:?}");
    assert_eq!(r.console, vec!["hi", "-7", "1234567890123", "42"]);
}

#[test]
fn host_call_ink_matches_the_pricing_table() {
    let mut chain = chain();
    let program = deploy_fixture(&mut chain, "ink");
    let r = call(&chain, program, vec![]);
    let first = u64::from_le_bytes(r.output[0..8].try_into().unwrap());
    let second = u64::from_le_bytes(r.output[8..16].try_into().unwrap());
    // Between the two readings: block [i64.store 950, i32.const 1, call 3,800] and its 2,450-ink
    // header, msg_sender 13,440, block [i32.const 1, call 3,800] and its header, evm_ink_left
    // 8,400.
    assert_eq!(
        first - second,
        950 + 1 + 3_800 + 2_450 + 13_440 + 1 + 3_800 + 2_450 + 8_400
    );
}

#[test]
fn entering_a_program_costs_its_init_gas() {
    let mut chain = chain();
    let program = deploy_fixture(&mut chain, "minimal");
    let r = send(&mut chain, program, vec![]);
    assert!(r.status);
    let init = {
        use alloy_sol_types::SolCall;
        use devnode::precompiles::arbwasm::ArbWasm;
        let out = call(
            &chain,
            devnode::precompiles::ARB_WASM,
            ArbWasm::programInitGasCall { program }.abi_encode(),
        );
        ArbWasm::programInitGasCall::abi_decode_returns(&out.output).unwrap()
    };
    // Intrinsic 21,000 + the init gas + the one basic block (2 ink of operators and the 2,450-ink
    // header, which round up to a whole gas as the remaining ink converts back to gas rounding
    // down); no memory beyond the free pages.
    assert_eq!(r.gas_used, 21_000 + init.gas + 1);
    // Nitro's version-2 entry: min init 69 * 128, init cost 18, and the cached part 11 * 32 + 6
    // (tests/nitro_fidelity.rs derives 18 and 6 from the module).
    assert_eq!(init.gas, 69 * 128 + 18 + 11 * 32 + 6);
}

#[test]
fn gas_grows_with_work_as_priced() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let run = |chain: &mut devnode::Chain, n: u32| {
        let r = send(chain, probe, op(19, &[&n.to_le_bytes()]));
        assert!(r.status);
        r.gas_used
    };
    let small = run(&mut chain, 10);
    let big = run(&mut chain, 1_000);
    // One iteration: [local.get, i32.eqz, br_if] = 1,010 ink and
    // [local.get, i32.const, i32.mul, i32.const, i32.add, local.set, local.get, i32.const,
    //  i32.sub, local.set, br] = 1,638 ink, plus two 2,450-ink block headers: 7,548 ink. 990 more
    // iterations = 747.25 gas; the calldata of n = 1,000 has one more non-zero byte (+12 gas).
    let diff = big - small;
    assert!(
        (758..=761).contains(&diff),
        "1,000 iterations cost {diff} more gas than 10"
    );
}

#[test]
fn value_moves_through_a_program_call() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let payee = Address::repeat_byte(0x77);
    let r = send_value(
        &mut chain,
        probe,
        op(7, &[payee.as_slice(), &word(40), b""]),
        U256::from(100),
    );
    assert!(r.status, "{r:?}");
    assert_eq!(r.output[0], 0, "call status");
    assert_eq!(chain.balance(payee), U256::from(40));
    assert_eq!(chain.balance(probe), U256::from(60));
}

#[test]
fn a_call_with_more_value_than_the_balance_fails_without_moving_funds() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let payee = Address::repeat_byte(0x78);
    let r = send(&mut chain, probe, op(7, &[payee.as_slice(), &word(1), b""]));
    assert!(r.status);
    assert_eq!(r.output[0], 1, "call status");
    assert_eq!(chain.balance(payee), U256::ZERO);
}

#[test]
fn creations_from_a_program_deploy_at_the_evm_addresses() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let init = devnode::chain::init_code_returning(&evm_constant(word(9), false));
    let nonce = chain.nonce(probe);
    let r = send(&mut chain, probe, op(10, &[&word(0), &init]));
    assert!(r.status, "{r:?}");
    let created = Address::from_slice(&r.output[..20]);
    assert_eq!(created, probe.create(nonce));
    assert_eq!(call(&chain, created, vec![]).output.as_ref(), &word(9));

    let salt = B256::repeat_byte(3);
    let r = send(
        &mut chain,
        probe,
        op(11, &[&word(0), salt.as_slice(), &init]),
    );
    let created2 = Address::from_slice(&r.output[..20]);
    assert_eq!(created2, probe.create2(salt, keccak256(&init)));

    // Init code that reverts: the address is zero and the revert data is readable.
    let reverting = devnode::chain::init_code_returning(&[]).to_vec();
    let mut bad = evm_constant(word(0xE), true);
    bad.extend_from_slice(&reverting);
    let r = send(&mut chain, probe, op(10, &[&word(0), &bad]));
    assert_eq!(&r.output[..20], Address::ZERO.as_slice());
    assert_eq!(&r.output[20..], &word(0xE));
}

#[test]
fn unknown_transaction_fields_are_filled_in() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let nonce = chain.nonce(ALICE);
    let r = chain
        .transact(TxRequest::call(ALICE, probe, op(0, &[b"x"])))
        .unwrap();
    let tx = chain.transaction(r.transaction_hash).unwrap();
    assert_eq!(tx.request.nonce, Some(nonce));
    assert_eq!(chain.nonce(ALICE), nonce + 1);
}
