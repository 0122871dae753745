//! Gas bounds that keep one request from holding the node: the `eth_call`/`eth_estimateGas` gas
//! cap (geth's `--rpc.gascap`, 50,000,000 by default) and the most gas one transaction may ask
//! for (Arbitrum's 32,000,000).

mod rpc_common;

use alloy::consensus::TxEip1559;
use alloy::eips::eip2930::AccessList;
use alloy::primitives::{Address, Bytes, TxKind, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use devnode::rpc::{serve, GasLimits, DEFAULT_CALL_GAS_CAP};
use rpc_common::*;

/// `JUMPDEST PUSH1 0 JUMP`: loops until it runs out of gas.
const LOOP: &[u8] = &[0x5b, 0x60, 0x00, 0x56];
/// `GAS PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN`: returns the gas left when it starts.
const GAS_LEFT: &[u8] = &[0x5a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3];

async fn with_code(server: &devnode::rpc::ServerHandle, code: &[u8]) -> Address {
    let at = Address::repeat_byte(0x42);
    server
        .node()
        .with_chain(|chain| chain.set_code(at, Bytes::copy_from_slice(code)));
    at
}

fn gas_left(out: &Bytes) -> u64 {
    U256::from_be_slice(out).to::<u64>()
}

#[tokio::test]
async fn eth_call_runs_under_the_gas_cap_whatever_gas_it_asks_for() {
    let server = start().await;
    let p = provider(&server);
    let at = with_code(&server, GAS_LEFT).await;
    let call = TransactionRequest::default().to(at);

    // No gas, and far more gas than the cap, both run with the cap (less the 21,000 intrinsic
    // gas and the three opcodes before GAS).
    for req in [call.clone(), call.clone().gas_limit(u64::MAX)] {
        let left = gas_left(&p.call(req).await.unwrap());
        assert_eq!(left, DEFAULT_CALL_GAS_CAP - 21_000 - 2);
    }
    // Less than the cap is honoured.
    let left = gas_left(&p.call(call.clone().gas_limit(100_000)).await.unwrap());
    assert_eq!(left, 100_000 - 21_000 - 2);
}

#[tokio::test]
async fn a_runaway_call_ends_out_of_gas_and_the_node_keeps_answering() {
    let server = start().await;
    let p = provider(&server);
    let at = with_code(&server, LOOP).await;
    let runaway = TransactionRequest::default().to(at).gas_limit(u64::MAX);

    // The loop and an ordinary request at the same time: the loop stops at the cap and the other
    // request is answered.
    let (looped, height) = tokio::join!(p.call(runaway.clone()), p.get_block_number());
    let err = looped.unwrap_err().to_string();
    assert!(err.contains("out of gas"), "{err}");
    assert_eq!(height.unwrap(), 0);

    let err = p.estimate_gas(runaway).await.unwrap_err().to_string();
    assert!(err.contains("gas required exceeds allowance"), "{err}");
    // Still serving.
    assert_eq!(p.get_chain_id().await.unwrap(), 412_346);
}

#[tokio::test]
async fn the_cap_and_the_transaction_limit_are_settings() {
    let mut config = config();
    config.gas_limits = GasLimits {
        call_gas_cap: 1_000_000,
        max_tx_gas: 100_000,
    };
    let server = serve(config).await.unwrap();
    let p = provider(&server);
    let at = with_code(&server, GAS_LEFT).await;
    let left = gas_left(
        &p.call(TransactionRequest::default().to(at).gas_limit(u64::MAX))
            .await
            .unwrap(),
    );
    assert_eq!(left, 1_000_000 - 21_000 - 2);

    let signer = account(1);
    let tx = |nonce: u64, gas_limit: u64| TxEip1559 {
        chain_id: 412_346,
        nonce,
        gas_limit,
        max_fee_per_gas: 1_000_000_000,
        max_priority_fee_per_gas: 0,
        to: TxKind::Call(Address::repeat_byte(0x77)),
        value: U256::from(1),
        access_list: AccessList::default(),
        input: Bytes::new(),
    };
    let err = p
        .send_raw_transaction(&sign(&signer, tx(0, 100_001)))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("exceeds block gas limit"), "{err}");
    assert!(err.contains("100000"), "{err}");
    // Nothing was taken: the same nonce with gas at the limit is mined.
    let pending = p
        .send_raw_transaction(&sign(&signer, tx(0, 100_000)))
        .await
        .unwrap();
    let receipt = pending.get_receipt().await.unwrap();
    assert!(receipt.status());
}

#[tokio::test]
async fn a_transaction_above_arbitrums_limit_is_refused_by_default() {
    let server = start().await;
    let p = provider(&server);
    let signer = account(2);
    let tx = TxEip1559 {
        chain_id: 412_346,
        nonce: 0,
        gas_limit: 32_000_001,
        max_fee_per_gas: 1_000_000_000,
        max_priority_fee_per_gas: 0,
        to: TxKind::Call(Address::repeat_byte(0x77)),
        value: U256::from(1),
        access_list: AccessList::default(),
        input: Bytes::new(),
    };
    let err = p
        .send_raw_transaction(&sign(&signer, tx))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("exceeds block gas limit"), "{err}");
    assert!(err.contains("32000000"), "{err}");
}
