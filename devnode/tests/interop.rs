//! EVM bytecode and Stylus programs calling each other; static context, reentrancy, activation.

mod common;

use alloy_primitives::{Address, Bytes, U256};
use alloy_sol_types::{SolCall, SolError};
use common::*;
use devnode::precompiles::arbsys::ArbSys;
use devnode::precompiles::arbwasm::ArbWasm;
use devnode::precompiles::{ARB_SYS, ARB_WASM};
use devnode::{Outcome, TxRequest};

fn with_target(target: Address, data: &[u8]) -> Vec<u8> {
    let mut v = target.to_vec();
    v.extend_from_slice(data);
    v
}

#[test]
fn evm_bytecode_calls_a_program_and_gets_its_return_data() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let proxy = deploy_evm(&mut chain, &evm_proxy(false));
    let r = send(
        &mut chain,
        proxy,
        with_target(probe, &op(0, &[b"from the EVM"])),
    );
    assert!(r.status, "{r:?}");
    assert_eq!(r.output.as_ref(), b"from the EVM");
}

#[test]
fn revert_data_propagates_from_a_program_through_evm_bytecode() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let proxy = deploy_evm(&mut chain, &evm_proxy(false));
    let r = send(
        &mut chain,
        proxy,
        with_target(probe, &op(15, &[b"custom error"])),
    );
    assert_eq!(r.outcome, Outcome::Revert);
    assert_eq!(r.output.as_ref(), b"custom error");
}

#[test]
fn a_program_calls_evm_bytecode_and_sees_returns_and_reverts() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let ok = deploy_evm(&mut chain, &evm_constant(word(41), false));
    let bad = deploy_evm(&mut chain, &evm_constant(word(13), true));
    let r = call(&chain, probe, op(7, &[ok.as_slice(), &word(0), b""]));
    assert_eq!(r.output[0], 0);
    assert_eq!(&r.output[1..], &word(41));
    let r = call(&chain, probe, op(7, &[bad.as_slice(), &word(0), b""]));
    assert_eq!(r.output[0], 1, "a reverted call reports failure");
    assert_eq!(&r.output[1..], &word(13), "and its revert data is readable");
}

#[test]
fn programs_call_programs() {
    let mut chain = chain();
    let a = deploy_fixture(&mut chain, "probe");
    let b = chain.deploy_code(ALICE, &chain.code(a)).unwrap();
    let r = send(
        &mut chain,
        a,
        op(7, &[b.as_slice(), &word(0), &op(1, &[&word(4), &word(44)])]),
    );
    assert!(r.status);
    assert_eq!(r.output[0], 0);
    assert_eq!(chain.storage(b, U256::from(4)), U256::from(44));
    assert_eq!(chain.storage(a, U256::from(4)), U256::ZERO);
}

#[test]
fn a_delegate_call_writes_the_callers_storage() {
    let mut chain = chain();
    let a = deploy_fixture(&mut chain, "probe");
    let b = chain.deploy_code(ALICE, &chain.code(a)).unwrap();
    let r = send(
        &mut chain,
        a,
        op(9, &[b.as_slice(), &op(1, &[&word(4), &word(45)])]),
    );
    assert_eq!(r.output[0], 0, "{r:?}");
    assert_eq!(chain.storage(a, U256::from(4)), U256::from(45));
    assert_eq!(chain.storage(b, U256::from(4)), U256::ZERO);
}

#[test]
fn a_write_in_a_static_call_fails() {
    let mut chain = chain();
    let a = deploy_fixture(&mut chain, "probe");
    let b = chain.deploy_code(ALICE, &chain.code(a)).unwrap();
    // Stylus -> Stylus static call: reads work, the storage write fails.
    let r = send(&mut chain, a, op(8, &[b.as_slice(), &op(2, &[&word(4)])]));
    assert_eq!(r.output[0], 0);
    let r = send(
        &mut chain,
        a,
        op(8, &[b.as_slice(), &op(1, &[&word(4), &word(46)])]),
    );
    assert!(r.status, "the caller survives");
    assert_eq!(r.output[0], 1, "the static callee fails");
    assert_eq!(chain.storage(b, U256::from(4)), U256::ZERO);
    // Logs and transient writes are refused too.
    let r = send(&mut chain, a, op(8, &[b.as_slice(), &op(6, &[&[0], b"x"])]));
    assert_eq!(r.output[0], 1);
    let r = send(
        &mut chain,
        a,
        op(8, &[b.as_slice(), &op(3, &[&word(1), &word(1)])]),
    );
    assert_eq!(r.output[0], 1);
    // EVM STATICCALL into a program: same.
    let proxy = deploy_evm(&mut chain, &evm_proxy(true));
    let r = send(
        &mut chain,
        proxy,
        with_target(b, &op(1, &[&word(4), &word(47)])),
    );
    assert!(!r.status);
    assert_eq!(chain.storage(b, U256::from(4)), U256::ZERO);
}

#[test]
fn msg_reentrant_is_true_when_the_program_is_already_on_the_stack() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let proxy = deploy_evm(&mut chain, &evm_proxy(false));
    // probe -> proxy (EVM) -> probe: the inner invocation reports re-entry.
    let r = send(&mut chain, probe, op(22, &[proxy.as_slice()]));
    assert!(r.status, "{r:?}");
    assert_eq!(
        r.output.as_ref(),
        &[0, 1],
        "call succeeded and the inner frame saw msg_reentrant"
    );
}

#[test]
fn a_program_that_is_not_activated_reverts_with_program_not_activated() {
    let mut chain = chain();
    let code = stylus_program::encode(&fixture("probe"));
    let program = chain.deploy_code(ALICE, &code).unwrap();
    let r = send(&mut chain, program, op(0, &[b"x"]));
    assert_eq!(r.outcome, Outcome::Revert);
    assert_eq!(
        r.output,
        Bytes::from(ArbWasm::ProgramNotActivated {}.abi_encode())
    );
    // Calling it from EVM bytecode reverts the same way.
    let proxy = deploy_evm(&mut chain, &evm_proxy(false));
    let r = send(&mut chain, proxy, with_target(program, &op(0, &[b"x"])));
    assert_eq!(
        r.output,
        Bytes::from(ArbWasm::ProgramNotActivated {}.abi_encode())
    );
    // Activation makes it callable.
    assert!(chain.activate(ALICE, program).unwrap().status);
    assert!(send(&mut chain, program, op(0, &[b"x"])).status);
}

#[test]
fn a_forbidden_import_fails_activation_and_names_the_import() {
    let mut chain = chain();
    let err = chain
        .deploy_stylus(ALICE, &fixture("forbidden_import"))
        .unwrap_err();
    let msg = err.to_string();
    let devnode::DeployError::Failed(receipt) = err else {
        panic!("{msg}")
    };
    let reason = alloy_sol_types::Revert::abi_decode(&receipt.output)
        .unwrap()
        .reason;
    assert!(reason.contains("forbidden import env.print"), "{reason}");
}

#[test]
fn unknown_dictionaries_and_non_wasm_code_are_refused() {
    let mut chain = chain();
    let fragmented = chain
        .deploy_code(ALICE, &[0xEF, 0xF0, 0x00, 0x02, 1, 2, 3])
        .unwrap();
    let r = chain.activate(ALICE, fragmented).unwrap();
    assert!(!r.status);
    let reason = alloy_sol_types::Revert::abi_decode(&r.output)
        .unwrap()
        .reason;
    assert!(
        reason.contains("unsupported Stylus program layout (dictionary byte 0x02)"),
        "{reason}"
    );
    let evm = deploy_evm(&mut chain, &evm_constant(word(1), false));
    let r = chain.activate(ALICE, evm).unwrap();
    assert_eq!(
        r.output,
        Bytes::from(ArbWasm::ProgramNotWasm {}.abi_encode())
    );
}

#[test]
fn activation_pays_the_data_fee_refunds_the_rest_and_is_reported_by_arbwasm() {
    let mut chain = chain();
    let code = stylus_program::encode(&fixture("probe"));
    let program = chain.deploy_code(ALICE, &code).unwrap();
    let before = chain.balance(ALICE);
    let r = chain.activate(ALICE, program).unwrap();
    assert!(r.status, "{r:?}");
    let (version, fee) = {
        let ret = ArbWasm::activateProgramCall::abi_decode_returns(&r.output).unwrap();
        (ret.version, ret.dataFee)
    };
    assert_eq!(version, 2);
    assert!(fee > U256::ZERO);
    let gas_cost = U256::from(r.gas_used) * U256::from(r.effective_gas_price);
    assert_eq!(
        chain.balance(ALICE),
        before - fee - gas_cost,
        "only the fee and gas are spent"
    );
    assert_eq!(r.logs.len(), 1, "ProgramActivated");

    let read = |chain: &devnode::Chain, data: Vec<u8>| call(chain, ARB_WASM, data).output;
    let out = read(&chain, ArbWasm::programVersionCall { program }.abi_encode());
    assert_eq!(
        ArbWasm::programVersionCall::abi_decode_returns(&out).unwrap(),
        2
    );
    let codehash = alloy_primitives::keccak256(&code);
    let out = read(
        &chain,
        ArbWasm::codehashVersionCall { codehash }.abi_encode(),
    );
    assert_eq!(
        ArbWasm::codehashVersionCall::abi_decode_returns(&out).unwrap(),
        2
    );
    let out = read(
        &chain,
        ArbWasm::programMemoryFootprintCall { program }.abi_encode(),
    );
    assert_eq!(
        ArbWasm::programMemoryFootprintCall::abi_decode_returns(&out).unwrap(),
        1
    );
    let out = read(
        &chain,
        ArbWasm::programTimeLeftCall { program }.abi_encode(),
    );
    assert_eq!(
        ArbWasm::programTimeLeftCall::abi_decode_returns(&out).unwrap(),
        365 * 86_400
    );
    let out = read(&chain, ArbWasm::inkPriceCall {}.abi_encode());
    assert_eq!(
        ArbWasm::inkPriceCall::abi_decode_returns(&out).unwrap(),
        10_000
    );
    let out = read(&chain, ArbWasm::stylusVersionCall {}.abi_encode());
    assert_eq!(
        ArbWasm::stylusVersionCall::abi_decode_returns(&out).unwrap(),
        2
    );
    let out = read(&chain, ArbWasm::pageLimitCall {}.abi_encode());
    assert_eq!(
        ArbWasm::pageLimitCall::abi_decode_returns(&out).unwrap(),
        128
    );

    // Activating again is refused; after expiry the program stops working until re-activated.
    let again = chain.activate(ALICE, program).unwrap();
    assert_eq!(
        again.output,
        Bytes::from(ArbWasm::ProgramUpToDate {}.abi_encode())
    );
    chain.increase_time(366 * 86_400);
    let r = send(&mut chain, program, op(0, &[b"x"]));
    assert!(
        ArbWasm::ProgramExpired::abi_decode(&r.output).is_ok(),
        "{r:?}"
    );
    assert!(chain.activate(ALICE, program).unwrap().status);
    assert!(send(&mut chain, program, op(0, &[b"x"])).status);
}

#[test]
fn a_reverted_activation_leaves_the_program_inactive() {
    let mut chain = chain();
    let program = chain
        .deploy_code(ALICE, &stylus_program::encode(&fixture("probe")))
        .unwrap();
    let input = ArbWasm::activateProgramCall { program }.abi_encode();
    let r = chain
        .transact(TxRequest::call(ALICE, ARB_WASM, input).with_value(U256::from(1)))
        .unwrap();
    assert!(ArbWasm::ProgramInsufficientValue::abi_decode(&r.output).is_ok());
    let r = send(&mut chain, program, op(0, &[b"x"]));
    assert_eq!(
        r.output,
        Bytes::from(ArbWasm::ProgramNotActivated {}.abi_encode())
    );
}

#[test]
fn arbsys_reports_block_number_and_chain_id() {
    let mut chain = chain();
    chain.mine_blocks(3);
    let out = call(&chain, ARB_SYS, ArbSys::arbBlockNumberCall {}.abi_encode()).output;
    assert_eq!(
        ArbSys::arbBlockNumberCall::abi_decode_returns(&out).unwrap(),
        U256::from(4)
    );
    let out = call(&chain, ARB_SYS, ArbSys::arbChainIDCall {}.abi_encode()).output;
    assert_eq!(
        ArbSys::arbChainIDCall::abi_decode_returns(&out).unwrap(),
        U256::from(412_346)
    );
}

#[test]
fn snapshots_restore_state_blocks_and_time() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let id = chain.snapshot();
    let number = chain.block_number();
    send(&mut chain, probe, op(1, &[&word(1), &word(2)]));
    chain.increase_time(50);
    chain.mine();
    assert!(chain.revert(id));
    assert_eq!(chain.block_number(), number);
    assert_eq!(chain.storage(probe, U256::from(1)), U256::ZERO);
    assert_eq!(
        chain.next_block_timestamp(),
        chain.config().genesis_timestamp
    );
    assert!(!chain.revert(id), "a snapshot is consumed");
    // The program still runs after the revert (its activation is part of the restored state).
    assert!(send(&mut chain, probe, op(0, &[b"x"])).status);
}

#[test]
fn invalid_transactions_are_refused_without_a_block() {
    let mut chain = chain();
    let number = chain.block_number();
    let poor = Address::repeat_byte(0x99);
    let err = chain
        .transact(TxRequest::call(poor, ALICE, vec![]).with_value(U256::from(1)))
        .unwrap_err();
    assert!(matches!(err, devnode::TxError::Invalid(_)), "{err}");
    let err = chain
        .transact(TxRequest::call(ALICE, poor, vec![]).with_nonce(99))
        .unwrap_err();
    assert!(matches!(err, devnode::TxError::Invalid(_)), "{err}");
    assert_eq!(chain.block_number(), number);
}

#[test]
fn estimate_gas_finds_the_smallest_sufficient_limit() {
    let mut chain = chain();
    let probe = deploy_fixture(&mut chain, "probe");
    let req = TxRequest::call(ALICE, probe, op(1, &[&word(1), &word(2)]));
    let estimate = chain.estimate_gas(&req).unwrap();
    assert!(chain
        .call(&req.clone().with_gas_limit(estimate))
        .unwrap()
        .is_success());
    assert!(!chain
        .call(&req.clone().with_gas_limit(estimate - 1))
        .unwrap()
        .is_success());
    let r = chain.transact(req.with_gas_limit(estimate)).unwrap();
    assert!(r.status);
}
