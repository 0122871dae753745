//! Several clients sending transactions at once: every one is mined, nonces stay consistent,
//! nothing is lost. Loopback only, bounded counts.

mod rpc_common;

use alloy::consensus::TxEip1559;
use alloy::eips::eip2930::AccessList;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, TxKind, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use rpc_common::*;
use std::collections::HashSet;

const CLIENTS: usize = 8;
const PER_CLIENT: u64 = 25;
/// Requests a client keeps in flight (its transactions may arrive out of nonce order).
const WINDOW: usize = 4;

#[tokio::test]
async fn concurrent_clients_lose_nothing() {
    // Later nonces that arrive first wait in the pool for their predecessors.
    let server = start().await;
    let p = provider(&server);
    let sink = Address::repeat_byte(0xee);
    let start_block = p.get_block_number().await.unwrap();

    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let signer = account(1 + c);
        // Each client has its own connection pool.
        let p = provider(&server);
        tasks.push(tokio::spawn(async move {
            let raws: Vec<Bytes> = (0..PER_CLIENT)
                .map(|nonce| {
                    sign(
                        &signer,
                        TxEip1559 {
                            chain_id: 412_346,
                            nonce,
                            gas_limit: 21_000,
                            max_fee_per_gas: 200_000_000,
                            max_priority_fee_per_gas: 0,
                            to: TxKind::Call(sink),
                            value: U256::from(1 + c as u64),
                            access_list: AccessList::default(),
                            input: Bytes::new(),
                        },
                    )
                })
                .collect();
            let mut hashes = Vec::new();
            for window in raws.chunks(WINDOW) {
                // Send the window concurrently, in reverse so later nonces arrive first.
                let sends = window.iter().rev().map(|raw| {
                    let p = p.clone();
                    let raw = raw.clone();
                    async move { p.send_raw_transaction(&raw).await.map(|t| *t.tx_hash()) }
                });
                for r in futures_join(sends).await {
                    hashes.push(r.expect("accepted"));
                }
            }
            (signer.address(), hashes)
        }));
    }
    // One more client lets the node sign (eth_sendTransaction) from the dev key, concurrently.
    let node_signed = {
        let p = provider(&server);
        tokio::spawn(async move {
            let mut hashes = Vec::new();
            for _ in 0..PER_CLIENT {
                let tx = TransactionRequest::default()
                    .with_from(account(0).address())
                    .with_to(sink)
                    .with_value(U256::from(1000));
                hashes.push(*p.send_transaction(tx).await.expect("accepted").tx_hash());
            }
            hashes
        })
    };

    let mut all: Vec<B256> = Vec::new();
    for t in tasks {
        let (address, hashes) = t.await.unwrap();
        assert_eq!(hashes.len() as u64, PER_CLIENT);
        assert_eq!(p.get_transaction_count(address).await.unwrap(), PER_CLIENT);
        // Mined in nonce order.
        let mut last_block = 0;
        let mut sorted = Vec::new();
        for h in &hashes {
            let tx = p.get_transaction_by_hash(*h).await.unwrap().expect("known");
            sorted.push((
                alloy::consensus::Transaction::nonce(&tx),
                tx.block_number.unwrap(),
            ));
        }
        sorted.sort();
        for (i, (nonce, block)) in sorted.iter().enumerate() {
            assert_eq!(*nonce, i as u64);
            assert!(*block > last_block);
            last_block = *block;
        }
        all.extend(hashes);
    }
    let signed_by_node = node_signed.await.unwrap();
    assert_eq!(
        p.get_transaction_count(account(0).address()).await.unwrap(),
        PER_CLIENT
    );
    all.extend(signed_by_node);

    let total = (CLIENTS as u64 + 1) * PER_CLIENT;
    assert_eq!(
        all.iter().collect::<HashSet<_>>().len() as u64,
        total,
        "distinct hashes"
    );
    let mut blocks = HashSet::new();
    for h in &all {
        let r = p
            .get_transaction_receipt(*h)
            .await
            .unwrap()
            .expect("every transaction has a receipt");
        assert!(r.status());
        assert!(
            blocks.insert(r.block_number.unwrap()),
            "one transaction per block"
        );
    }
    assert_eq!(p.get_block_number().await.unwrap(), start_block + total);
    let expected: u64 = (0..CLIENTS as u64)
        .map(|c| (1 + c) * PER_CLIENT)
        .sum::<u64>()
        + 1000 * PER_CLIENT;
    assert_eq!(p.get_balance(sink).await.unwrap(), U256::from(expected));
    server.stop().await.unwrap();
}

/// Awaits futures concurrently, keeping their order (no extra dependency).
async fn futures_join<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}
