//! Shared test helpers: fixtures, deployment, small EVM contracts.
#![allow(dead_code)]

use devnode::config::DEV_ACCOUNT;
use devnode::{Address, Bytes, CallResult, Chain, Receipt, TxRequest, U256};
use std::path::PathBuf;

/// The sender every test uses.
pub const ALICE: Address = DEV_ACCOUNT;

/// Assembles a WAT fixture from tests/fixtures.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.wat"));
    wat::parse_file(&path).unwrap_or_else(|e| panic!("assembling {}: {e}", path.display()))
}

/// A dev chain.
pub fn chain() -> Chain {
    Chain::dev()
}

/// A dev chain in debug mode (programs may import the `console` host functions).
pub fn debug_chain() -> Chain {
    let mut chain = Chain::new(devnode::ChainConfig {
        debug: true,
        ..Default::default()
    });
    chain.set_balance(ALICE, U256::from(1_000_000u64) * U256::from(devnode::ETHER));
    chain
}

/// Deploys and activates a WAT fixture.
pub fn deploy_fixture(chain: &mut Chain, name: &str) -> Address {
    chain
        .deploy_stylus(ALICE, &fixture(name))
        .unwrap_or_else(|e| panic!("deploying {name}: {e}"))
}

/// Sends a transaction from Alice.
pub fn send(chain: &mut Chain, to: Address, data: impl Into<Bytes>) -> Receipt {
    chain
        .transact(TxRequest::call(ALICE, to, data))
        .expect("transaction is valid")
}

/// Sends a transaction with value from Alice.
pub fn send_value(chain: &mut Chain, to: Address, data: impl Into<Bytes>, value: U256) -> Receipt {
    chain
        .transact(TxRequest::call(ALICE, to, data).with_value(value))
        .expect("transaction is valid")
}

/// Calls without committing, from Alice.
pub fn call(chain: &Chain, to: Address, data: impl Into<Bytes>) -> CallResult {
    chain
        .call(&TxRequest::call(ALICE, to, data))
        .expect("call is valid")
}

/// Calldata for the probe fixture: an operation byte and its arguments.
pub fn op(code: u8, args: &[&[u8]]) -> Vec<u8> {
    let mut data = vec![code];
    for a in args {
        data.extend_from_slice(a);
    }
    data
}

/// A 32-byte big-endian word.
pub fn word(v: u64) -> [u8; 32] {
    U256::from(v).to_be_bytes()
}

/// EVM runtime code that forwards its calldata after the first 20 bytes to the address in those
/// bytes (CALL, or STATICCALL), returning or reverting with the callee's data.
pub fn evm_proxy(static_call: bool) -> Vec<u8> {
    let mut c = vec![
        0x36, 0x60, 0x14, 0x90, 0x03, // len = calldatasize - 20
        0x80, 0x60, 0x14, 0x60, 0x00, 0x37, // calldatacopy(0, 20, len)
        0x60, 0x00, 0x60, 0x00, 0x82, 0x60, 0x00, // retLen, retOffset, argsLen, argsOffset
    ];
    if !static_call {
        c.extend_from_slice(&[0x60, 0x00]); // value
    }
    c.extend_from_slice(&[0x60, 0x00, 0x35, 0x60, 0x60, 0x1c, 0x5a]); // address, gas
    c.push(if static_call { 0xfa } else { 0xf1 });
    c.extend_from_slice(&[0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, 0x15]); // returndatacopy; iszero
    let revert_at = c.len() as u8 + 7;
    c.extend_from_slice(&[
        0x60, revert_at, 0x57, 0x3d, 0x60, 0x00, 0xf3, 0x5b, 0x3d, 0x60, 0x00, 0xfd,
    ]);
    c
}

/// EVM runtime code that returns (or reverts with) a 32-byte word.
pub fn evm_constant(value: [u8; 32], revert: bool) -> Vec<u8> {
    let mut c = vec![0x7f];
    c.extend_from_slice(&value);
    c.extend_from_slice(&[
        0x60,
        0x00,
        0x52,
        0x60,
        0x20,
        0x60,
        0x00,
        if revert { 0xfd } else { 0xf3 },
    ]);
    c
}

/// Deploys EVM runtime code.
pub fn deploy_evm(chain: &mut Chain, code: &[u8]) -> Address {
    chain
        .deploy_code(ALICE, code)
        .expect("EVM deployment succeeds")
}

/// The protocol's contract builds (scripts/build-contracts.sh), or `AID_WASM_DIR` when set.
pub fn contract_wasm(name: &str) -> Option<Vec<u8>> {
    let dir = std::env::var_os("AID_WASM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../contracts/target/wasm/wasm32-unknown-unknown/contract")
        });
    std::fs::read(dir.join(format!("{name}.wasm"))).ok()
}
