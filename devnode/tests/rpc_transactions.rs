//! Signed transactions of every supported type, and the rejections clients match on.

mod rpc_common;

use alloy::consensus::{TxEip1559, TxEip2930, TxLegacy};
use alloy::eips::eip2930::{AccessList, AccessListItem};
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, TxKind, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use rpc_common::*;

const GWEI: u128 = 1_000_000_000;
const CHAIN: u64 = 412_346;

fn legacy(nonce: u64, to: Address, value: u64) -> TxLegacy {
    TxLegacy {
        chain_id: Some(CHAIN),
        nonce,
        gas_price: GWEI,
        gas_limit: 21_000,
        to: TxKind::Call(to),
        value: U256::from(value),
        input: Bytes::new(),
    }
}

fn eip1559(nonce: u64, to: Address, value: u64) -> TxEip1559 {
    TxEip1559 {
        chain_id: CHAIN,
        nonce,
        gas_limit: 21_000,
        max_fee_per_gas: GWEI,
        max_priority_fee_per_gas: 0,
        to: TxKind::Call(to),
        value: U256::from(value),
        access_list: AccessList::default(),
        input: Bytes::new(),
    }
}

fn error_message(err: alloy::transports::TransportError) -> (i64, String) {
    let e = err
        .as_error_resp()
        .unwrap_or_else(|| panic!("not an error response: {err}"));
    (e.code, e.message.to_string())
}

#[tokio::test]
async fn every_transaction_type_is_mined() {
    let server = start().await;
    let p = provider(&server);
    let signer = account(1);
    let from = signer.address();
    let to = Address::repeat_byte(0x77);
    let before = p.get_balance(from).await.unwrap();

    // Legacy with EIP-155 replay protection.
    let hash = *p
        .send_raw_transaction(&sign(&signer, legacy(0, to, 1)))
        .await
        .unwrap()
        .tx_hash();
    let r = p.get_transaction_receipt(hash).await.unwrap().unwrap();
    assert!(r.status());
    assert_eq!(r.transaction_type(), alloy::consensus::TxType::Legacy);
    let tx = p.get_transaction_by_hash(hash).await.unwrap().unwrap();
    assert_eq!(tx.inner.signer(), from);
    assert_eq!(alloy::consensus::Transaction::chain_id(&tx), Some(CHAIN));

    // EIP-2930 with an access list.
    let tx = TxEip2930 {
        chain_id: CHAIN,
        nonce: 1,
        gas_price: GWEI,
        gas_limit: 30_000,
        to: TxKind::Call(to),
        value: U256::from(2),
        access_list: AccessList(vec![AccessListItem {
            address: to,
            storage_keys: vec![B256::ZERO],
        }]),
        input: Bytes::new(),
    };
    let hash = *p
        .send_raw_transaction(&sign(&signer, tx))
        .await
        .unwrap()
        .tx_hash();
    let r = p.get_transaction_receipt(hash).await.unwrap().unwrap();
    assert!(r.status());
    assert_eq!(r.transaction_type(), alloy::consensus::TxType::Eip2930);
    assert_eq!(r.gas_used, 21_000 + 2_400 + 1_900);

    // EIP-1559.
    let hash = *p
        .send_raw_transaction(&sign(&signer, eip1559(2, to, 3)))
        .await
        .unwrap()
        .tx_hash();
    let r = p.get_transaction_receipt(hash).await.unwrap().unwrap();
    assert!(r.status());
    assert_eq!(r.transaction_type(), alloy::consensus::TxType::Eip1559);

    // Legacy without a chain id (pre-EIP-155) is accepted too, as deterministic deployers need.
    let mut unprotected = legacy(3, to, 4);
    unprotected.chain_id = None;
    let hash = *p
        .send_raw_transaction(&sign(&signer, unprotected))
        .await
        .unwrap()
        .tx_hash();
    assert!(p
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .unwrap()
        .status());

    assert_eq!(p.get_balance(to).await.unwrap(), U256::from(10));
    assert_eq!(p.get_transaction_count(from).await.unwrap(), 4);
    // Arbitrum charges the base fee only (0.1 gwei), whatever the transaction offered.
    let gas: u64 = 21_000 * 3 + 21_000 + 2_400 + 1_900;
    assert_eq!(
        before - p.get_balance(from).await.unwrap(),
        U256::from(10 + gas as u128 * 100_000_000)
    );

    // alloy's wallet filler picks EIP-1559 and fills everything.
    let wp = wallet_provider(&server, account(5));
    let r = wp
        .send_transaction(
            TransactionRequest::default()
                .with_to(to)
                .with_value(U256::from(5)),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(r.status());
    // ... and legacy when a gas price is set.
    let r = wp
        .send_transaction(
            TransactionRequest::default()
                .with_to(to)
                .with_gas_price(GWEI),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert_eq!(r.transaction_type(), alloy::consensus::TxType::Legacy);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn rejections_use_geth_wording() {
    let server = start().await;
    let p = provider(&server);
    let signer = account(1);
    let to = Address::repeat_byte(0x78);
    let _ = p
        .send_raw_transaction(&sign(&signer, eip1559(0, to, 1)))
        .await
        .unwrap();

    // Same nonce again.
    let (code, msg) = error_message(
        p.send_raw_transaction(&sign(&signer, eip1559(0, to, 2)))
            .await
            .unwrap_err(),
    );
    assert_eq!(code, -32000);
    assert!(msg.starts_with("nonce too low"), "{msg}");
    // The exact same transaction again.
    let (_, msg) = error_message(
        p.send_raw_transaction(&sign(&signer, eip1559(0, to, 1)))
            .await
            .unwrap_err(),
    );
    assert!(
        msg.starts_with("already known") || msg.starts_with("nonce too low"),
        "{msg}"
    );

    // A nonce gap that is never filled: the transaction waits in the pool, unmined.
    let gapped = p
        .send_raw_transaction(&sign(&signer, eip1559(5, to, 1)))
        .await
        .unwrap();
    assert!(p
        .get_transaction_receipt(*gapped.tx_hash())
        .await
        .unwrap()
        .is_none());

    // More value than the balance.
    let poor = alloy::signers::local::PrivateKeySigner::random();
    server
        .node()
        .with_chain(|c| c.set_balance(poor.address(), U256::from(21_000u64 * 100_000_000)));
    let (_, msg) = error_message(
        p.send_raw_transaction(&sign(&poor, eip1559(0, to, 1)))
            .await
            .unwrap_err(),
    );
    assert!(
        msg.starts_with("insufficient funds for gas * price + value"),
        "{msg}"
    );

    // Gas limit below the intrinsic cost.
    let mut low = eip1559(1, to, 1);
    low.gas_limit = 20_000;
    let (_, msg) = error_message(
        p.send_raw_transaction(&sign(&signer, low))
            .await
            .unwrap_err(),
    );
    assert!(msg.starts_with("intrinsic gas too low"), "{msg}");
    let mut low = eip1559(1, to, 1);
    low.input = Bytes::from(vec![1u8; 100]);
    let (_, msg) = error_message(
        p.send_raw_transaction(&sign(&signer, low))
            .await
            .unwrap_err(),
    );
    assert!(msg.starts_with("intrinsic gas too low"), "{msg}");

    // Gas limit above the block's.
    let mut high = eip1559(1, to, 1);
    high.gas_limit = (1 << 50) + 1;
    let (_, msg) = error_message(
        p.send_raw_transaction(&sign(&signer, high))
            .await
            .unwrap_err(),
    );
    assert!(msg.starts_with("exceeds block gas limit"), "{msg}");

    // Fee cap below the base fee.
    let mut cheap = eip1559(1, to, 1);
    cheap.max_fee_per_gas = 1;
    let (_, msg) = error_message(
        p.send_raw_transaction(&sign(&signer, cheap))
            .await
            .unwrap_err(),
    );
    assert!(
        msg.starts_with("max fee per gas less than block base fee"),
        "{msg}"
    );

    // Another chain's transaction.
    let mut other = eip1559(1, to, 1);
    other.chain_id = 1;
    let (_, msg) = error_message(
        p.send_raw_transaction(&sign(&signer, other))
            .await
            .unwrap_err(),
    );
    assert!(msg.contains("chain id"), "{msg}");

    // Undecodable bytes are bad params.
    let (code, _) = error_message(
        p.send_raw_transaction(&[0x02, 0xc0, 0x01])
            .await
            .unwrap_err(),
    );
    assert_eq!(code, -32602);

    // eth_sendTransaction from an account the node has no key for.
    let (code, msg) = error_message(
        p.send_transaction(
            TransactionRequest::default()
                .with_from(poor.address())
                .with_to(to),
        )
        .await
        .map(|_| ())
        .unwrap_err(),
    );
    assert_eq!((code, msg.as_str()), (-32000, "unknown account"));

    // Nothing of the above was mined.
    assert_eq!(p.get_block_number().await.unwrap(), 1);
    assert_eq!(p.get_transaction_count(signer.address()).await.unwrap(), 1);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_nonce_gap_filled_later_is_mined_in_order() {
    let server = start().await;
    let p = provider(&server);
    let signer = account(2);
    let to = Address::repeat_byte(0x79);
    // Nonce 1 arrives first and waits; nonce 0 fills the gap; both are mined in order.
    let later = {
        let p = p.clone();
        let raw = sign(&signer, eip1559(1, to, 1));
        tokio::spawn(async move { p.send_raw_transaction(&raw).await.map(|t| *t.tx_hash()) })
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let first = *p
        .send_raw_transaction(&sign(&signer, eip1559(0, to, 1)))
        .await
        .unwrap()
        .tx_hash();
    let second = later.await.unwrap().unwrap();
    let r0 = p.get_transaction_receipt(first).await.unwrap().unwrap();
    let r1 = p.get_transaction_receipt(second).await.unwrap().unwrap();
    assert!(r0.block_number < r1.block_number);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn reverted_transactions_are_mined_with_status_zero() {
    let server = start().await;
    let p = wallet_provider(&server, account(3));
    let reverter = Address::repeat_byte(0x7a);
    // PUSH1 0 PUSH1 0 REVERT
    server.node().with_chain(|c| {
        c.set_code(
            reverter,
            Bytes::from_static(&[0x60, 0x00, 0x60, 0x00, 0xfd]),
        )
    });
    let r = p
        .send_transaction(
            TransactionRequest::default()
                .with_to(reverter)
                .with_gas_limit(50_000),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(!r.status());
    // Without a gas limit, the estimate fails with the revert (code 3) and nothing is sent.
    let err = p
        .send_transaction(TransactionRequest::default().with_to(reverter))
        .await
        .map(|_| ())
        .unwrap_err();
    assert_eq!(err.as_error_resp().unwrap().code, 3);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn interval_mining_collects_transactions() {
    let mut config = config();
    config.mining = devnode::rpc::Mining::Interval(std::time::Duration::from_millis(300));
    let server = devnode::rpc::serve(config).await.unwrap();
    let p = provider(&server);
    let signer = account(4);
    let to = Address::repeat_byte(0x7b);
    let h0 = *p
        .send_raw_transaction(&sign(&signer, eip1559(0, to, 1)))
        .await
        .unwrap()
        .tx_hash();
    let h1 = *p
        .send_raw_transaction(&sign(&signer, eip1559(1, to, 1)))
        .await
        .unwrap()
        .tx_hash();
    // Pending until the next tick: visible, counted in the pending nonce, no receipt.
    assert_eq!(
        p.get_transaction_count(signer.address())
            .pending()
            .await
            .unwrap(),
        2
    );
    assert_eq!(p.get_transaction_count(signer.address()).await.unwrap(), 0);
    let pending = p.get_transaction_by_hash(h1).await.unwrap().unwrap();
    assert_eq!(pending.block_number, None);
    assert!(p.get_transaction_receipt(h0).await.unwrap().is_none());
    // Mined at the tick.
    let mut mined = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        if p.get_transaction_receipt(h1).await.unwrap().is_some() {
            mined = true;
            break;
        }
    }
    assert!(mined);
    let r0 = p.get_transaction_receipt(h0).await.unwrap().unwrap();
    let r1 = p.get_transaction_receipt(h1).await.unwrap().unwrap();
    assert!(r0.status() && r1.status());
    // Both in one block, in order, with cumulative gas.
    assert_eq!(r0.block_number, r1.block_number);
    assert_eq!(
        (r0.transaction_index, r1.transaction_index),
        (Some(0), Some(1))
    );
    assert_eq!(r1.inner.cumulative_gas_used(), 42_000);
    let block = p
        .get_block_by_number(r0.block_number.unwrap().into())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        block.transactions.hashes().collect::<Vec<_>>(),
        vec![h0, h1]
    );
    assert_eq!(block.header.gas_used, 42_000);
    assert_eq!(p.get_balance(to).await.unwrap(), U256::from(2));
    // Empty blocks keep coming.
    let n = p.get_block_number().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(p.get_block_number().await.unwrap() > n);
    server.stop().await.unwrap();
}
