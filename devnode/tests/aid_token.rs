//! The protocol's own stylus-sdk 0.9 contracts on the local chain. AidToken must be built
//! (scripts/build-contracts.sh aid-token); the contracts still being written are skipped with a
//! message when their WASM is missing.

mod common;

use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent};
use common::*;

sol! {
    function constructor_args(address admin);
    function configureMinter(address minter, uint256 allowance);
    function mint(address to, uint256 amount);
    function transfer(address to, uint256 value) returns (bool);
    function balanceOf(address account) returns (uint256);
    function totalSupply() returns (uint256);
    event Transfer(address indexed from, address indexed to, uint256 value);
    error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
}

/// stylus-sdk 0.9 routes `stylus_constructor()`'s selector, followed by the ABI arguments, to the
/// `#[constructor]`.
fn constructor_calldata(admin: Address) -> Vec<u8> {
    let mut data = keccak256("stylus_constructor()")[..4].to_vec();
    data.extend_from_slice(&constructor_argsCall { admin }.abi_encode()[4..]);
    data
}

fn aid_token() -> Vec<u8> {
    contract_wasm("aid_token").expect(
        "contracts/target/wasm/wasm32-unknown-unknown/contract/aid_token.wasm is missing: \
         run scripts/build-contracts.sh aid-token first",
    )
}

/// Deploys AidToken with Alice as admin and unlimited minter, and mints her `supply`.
fn token_with_supply(chain: &mut devnode::Chain, supply: U256) -> Address {
    let token = chain
        .deploy_stylus(ALICE, &aid_token())
        .expect("AidToken activates");
    let r = send(chain, token, constructor_calldata(ALICE));
    assert!(r.status, "constructor: {r:?}");
    let r = send(
        chain,
        token,
        configureMinterCall {
            minter: ALICE,
            allowance: U256::MAX,
        }
        .abi_encode(),
    );
    assert!(r.status, "configureMinter: {r:?}");
    let r = send(
        chain,
        token,
        mintCall {
            to: ALICE,
            amount: supply,
        }
        .abi_encode(),
    );
    assert!(r.status, "mint: {r:?}");
    token
}

fn balance(chain: &devnode::Chain, token: Address, account: Address) -> U256 {
    let r = call(chain, token, balanceOfCall { account }.abi_encode());
    assert!(r.is_success(), "{r:?}");
    balanceOfCall::abi_decode_returns(&r.output).unwrap()
}

#[test]
fn aid_token_mints_and_transfers_with_events() {
    let mut chain = chain();
    let token = token_with_supply(&mut chain, U256::from(1_000u64));
    let bob = Address::repeat_byte(0xB0);
    let r = send(
        &mut chain,
        token,
        transferCall {
            to: bob,
            value: U256::from(250u64),
        }
        .abi_encode(),
    );
    assert!(r.status, "{r:?}");
    assert!(transferCall::abi_decode_returns(&r.output).unwrap());
    let event = Transfer::decode_log(&r.logs[0]).unwrap();
    assert_eq!(
        (event.from, event.to, event.value),
        (ALICE, bob, U256::from(250u64))
    );
    assert_eq!(balance(&chain, token, bob), U256::from(250u64));
    assert_eq!(balance(&chain, token, ALICE), U256::from(750u64));
    let r = call(&chain, token, totalSupplyCall {}.abi_encode());
    assert_eq!(
        totalSupplyCall::abi_decode_returns(&r.output).unwrap(),
        U256::from(1_000u64)
    );
}

#[test]
fn aid_token_reverts_with_its_custom_error() {
    let mut chain = chain();
    let token = token_with_supply(&mut chain, U256::from(10u64));
    let r = send(
        &mut chain,
        token,
        transferCall {
            to: Address::repeat_byte(1),
            value: U256::from(11u64),
        }
        .abi_encode(),
    );
    assert!(!r.status);
    let err = ERC20InsufficientBalance::abi_decode(&r.output).expect("ERC-6093 error");
    assert_eq!(
        (err.sender, err.balance, err.needed),
        (ALICE, U256::from(10u64), U256::from(11u64))
    );
    assert_eq!(
        balance(&chain, token, ALICE),
        U256::from(10u64),
        "nothing moved"
    );
}

#[test]
fn evm_bytecode_and_programs_call_aid_token() {
    let mut chain = chain();
    let token = token_with_supply(&mut chain, U256::from(5u64));
    let proxy = deploy_evm(&mut chain, &evm_proxy(false));
    let mut data = token.to_vec();
    data.extend_from_slice(&balanceOfCall { account: ALICE }.abi_encode());
    let r = call(&chain, proxy, data);
    assert_eq!(
        balanceOfCall::abi_decode_returns(&r.output).unwrap(),
        U256::from(5u64)
    );
    let probe = deploy_fixture(&mut chain, "probe");
    let r = call(
        &chain,
        probe,
        op(
            7,
            &[
                token.as_slice(),
                &word(0),
                &balanceOfCall { account: ALICE }.abi_encode(),
            ],
        ),
    );
    assert_eq!(r.output[0], 0);
    assert_eq!(U256::from_be_slice(&r.output[1..]), U256::from(5u64));
}

#[test]
fn stylus_sdk_entrypoint_answers_a_delegatecall_from_a_stylus_program() {
    let mut chain = chain();
    let token = token_with_supply(&mut chain, U256::from(5u64));
    let probe = deploy_fixture(&mut chain, "probe");
    let query = balanceOfCall { account: ALICE }.abi_encode();
    // Delegate-calling AidToken's code from the probe runs it on the probe's storage. Nitro does
    // not count delegate frames towards msg_reentrant, so the SDK's entrypoint (which refuses
    // re-entry without the `reentrant` feature) answers: Alice has no balance in the probe.
    let r = call(&chain, probe, op(9, &[token.as_slice(), &query]));
    assert_eq!(r.output[0], 0, "the delegate call succeeded: {r:?}");
    assert_eq!(U256::from_be_slice(&r.output[1..]), U256::ZERO);
    // A plain call answers from the token's own storage.
    let r = call(&chain, probe, op(7, &[token.as_slice(), &word(0), &query]));
    assert_eq!(r.output[0], 0);
    assert_eq!(U256::from_be_slice(&r.output[1..]), U256::from(5u64));
}

#[test]
fn the_protocol_contracts_that_are_built_activate() {
    let mut chain = chain();
    for name in ["gpu_registry", "aid_token", "aid_minter", "said_vault"] {
        let Some(wasm) = contract_wasm(name) else {
            eprintln!("skipping {name}: its WASM is not built (scripts/build-contracts.sh)");
            continue;
        };
        let size = stylus_program::encode(&wasm).len();
        if name != "aid_token" && size > stylus_program::MAX_CODE_SIZE {
            // Nitro refuses such code too (EIP-170); the contract's size report flags it.
            eprintln!("skipping {name}: {size} compressed bytes, over the 24,576-byte code limit");
            continue;
        }
        let address = chain
            .deploy_stylus(ALICE, &wasm)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!chain.code(address).is_empty());
    }
}
