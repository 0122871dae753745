//! The transaction pool: future nonces wait for their gap instead of failing, batches and bursts
//! in any order mine every transaction exactly once in nonce order, the pool is bounded and
//! visible in `txpool_status` / `txpool_content` / `txpool_inspect`, and a same-nonce replacement
//! needs geth's 10% fee bump.

mod rpc_common;

use alloy::consensus::TxEip1559;
use alloy::eips::eip2930::AccessList;
use alloy::primitives::{Address, Bytes, TxKind, B256, U256};
use alloy::providers::Provider;
use alloy::signers::local::PrivateKeySigner;
use devnode::rpc::{serve, PoolLimits, RpcConfig};
use rpc_common::*;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;

const SINK: Address = Address::repeat_byte(0x5a);

fn transfer(nonce: u64, value: u64, max_fee: u128, tip: u128) -> TxEip1559 {
    TxEip1559 {
        chain_id: 412_346,
        nonce,
        gas_limit: 21_000,
        max_fee_per_gas: max_fee,
        max_priority_fee_per_gas: tip,
        to: TxKind::Call(SINK),
        value: U256::from(value),
        access_list: AccessList::default(),
        input: Bytes::new(),
    }
}

fn raw(signer: &PrivateKeySigner, nonce: u64) -> Bytes {
    sign(signer, transfer(nonce, 1, 200_000_000, 0))
}

async fn call(p: &impl Provider, method: &'static str) -> Value {
    p.raw_request::<_, Value>(method.into(), ()).await.unwrap()
}

fn message(e: alloy::transports::TransportError) -> String {
    e.as_error_resp()
        .expect("an error response")
        .message
        .to_string()
}

/// A funded account that is not a dev account (so tests do not share nonces).
fn funded(server: &devnode::rpc::ServerHandle) -> PrivateKeySigner {
    let signer = PrivateKeySigner::random();
    server
        .node()
        .with_chain(|c| c.set_balance(signer.address(), U256::from(devnode::ETHER)));
    signer
}

#[tokio::test]
async fn a_batch_of_nonce_n_plus_one_then_n_mines_both_exactly_once() {
    let server = start().await;
    let p = provider(&server);
    let signer = funded(&server);
    let batch = json!([
        { "jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction", "params": [raw(&signer, 1)] },
        { "jsonrpc": "2.0", "id": 2, "method": "eth_sendRawTransaction", "params": [raw(&signer, 0)] },
    ]);
    let answer = post_json(&server.url(), batch).await;
    let items = answer.as_array().expect("batch answer");
    assert_eq!(items.len(), 2);
    let hash = |i: usize| -> B256 {
        let r = &items[i];
        assert!(r.get("error").is_none(), "{r}");
        serde_json::from_value(r["result"].clone()).unwrap()
    };
    let (h1, h0) = (hash(0), hash(1));
    let r0 = p.get_transaction_receipt(h0).await.unwrap().unwrap();
    let r1 = p.get_transaction_receipt(h1).await.unwrap().unwrap();
    assert!(r0.status() && r1.status());
    // Each in its own block, nonce 0 first.
    assert_eq!((r0.block_number, r1.block_number), (Some(1), Some(2)));
    assert_eq!(p.get_block_number().await.unwrap(), 2);
    assert_eq!(p.get_transaction_count(signer.address()).await.unwrap(), 2);
    assert_eq!(p.get_balance(SINK).await.unwrap(), U256::from(2));
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x0", "queued": "0x0" })
    );
    server.stop().await.unwrap();
}

const SENDERS: usize = 16;
const PER_SENDER: u64 = 50;
const CONNECTIONS: usize = 8;

#[tokio::test]
async fn shuffled_bursts_from_many_senders_mine_exactly_once_in_nonce_order() {
    let server = start().await;
    let p = provider(&server);
    let signers: Vec<PrivateKeySigner> = (0..SENDERS).map(|_| funded(&server)).collect();
    let mut all: Vec<(usize, u64, Bytes)> = signers
        .iter()
        .enumerate()
        .flat_map(|(s, signer)| (0..PER_SENDER).map(move |n| (s, n, raw(signer, n))))
        .collect();
    // Fisher-Yates with a fixed linear congruential generator: reproducible, thoroughly shuffled.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for i in (1..all.len()).rev() {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        all.swap(i, (seed >> 33) as usize % (i + 1));
    }
    assert!(
        all.windows(2)
            .filter(|w| w[0].0 == w[1].0 && w[0].1 > w[1].1)
            .count()
            > 0,
        "the shuffle puts some nonces before their predecessors"
    );

    // Each connection sends its share concurrently (up to 8 in flight).
    let mut tasks = Vec::new();
    for c in 0..CONNECTIONS {
        let share: Vec<_> = all.iter().skip(c).step_by(CONNECTIONS).cloned().collect();
        let p = provider(&server);
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            for chunk in share.chunks(8) {
                let sends: Vec<_> = chunk
                    .iter()
                    .cloned()
                    .map(|(s, n, raw)| {
                        let p = p.clone();
                        tokio::spawn(async move {
                            let pending = p.send_raw_transaction(&raw).await.expect("accepted");
                            (s, n, *pending.tx_hash())
                        })
                    })
                    .collect();
                for send in sends {
                    out.push(send.await.unwrap());
                }
            }
            out
        }));
    }
    let mut hashes: HashMap<B256, (usize, u64)> = HashMap::new();
    for t in tasks {
        for (s, n, h) in t.await.unwrap() {
            assert!(hashes.insert(h, (s, n)).is_none(), "hash {h} twice");
        }
    }
    let total = SENDERS as u64 * PER_SENDER;
    assert_eq!(hashes.len() as u64, total);

    // Every transaction mined exactly once, each in its own block, in nonce order per sender.
    assert_eq!(p.get_block_number().await.unwrap(), total);
    let mut seen = HashMap::new();
    let mut last_nonce: Vec<Option<u64>> = vec![None; SENDERS];
    for number in 1..=total {
        let block = p.get_block_by_number(number.into()).await.unwrap().unwrap();
        let txs: Vec<B256> = block.transactions.hashes().collect();
        assert_eq!(txs.len(), 1, "block {number}");
        let (s, n) = hashes[&txs[0]];
        assert!(seen.insert(txs[0], number).is_none());
        assert_eq!(
            last_nonce[s].map_or(0, |l| l + 1),
            n,
            "sender {s} out of order"
        );
        last_nonce[s] = Some(n);
    }
    assert_eq!(seen.len() as u64, total);
    for signer in &signers {
        assert_eq!(
            p.get_transaction_count(signer.address()).await.unwrap(),
            PER_SENDER
        );
    }
    assert_eq!(p.get_balance(SINK).await.unwrap(), U256::from(total));
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x0", "queued": "0x0" })
    );
    server.stop().await.unwrap();
}

fn bounded(max_per_sender: usize, max_total: usize, lifetime: Duration) -> RpcConfig {
    RpcConfig {
        pool: PoolLimits {
            max_per_sender,
            max_total,
            lifetime,
        },
        ..config()
    }
}

#[tokio::test]
async fn the_pool_is_bounded_per_sender_and_in_total_and_visible() {
    let server = serve(bounded(3, 5, Duration::from_secs(3_600)))
        .await
        .unwrap();
    let p = provider(&server);
    let a = funded(&server);
    let b = funded(&server);

    let mut a_hashes = Vec::new();
    for n in 1..=3 {
        a_hashes.push(*p.send_raw_transaction(&raw(&a, n)).await.unwrap().tx_hash());
    }
    let err = message(p.send_raw_transaction(&raw(&a, 4)).await.unwrap_err());
    assert!(err.starts_with("account limit exceeded"), "{err}");
    for n in 1..=2 {
        let _ = p.send_raw_transaction(&raw(&b, n)).await.unwrap();
    }
    let err = message(p.send_raw_transaction(&raw(&b, 3)).await.unwrap_err());
    assert!(err.starts_with("txpool is full"), "{err}");
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x0", "queued": "0x5" })
    );

    // geth's shapes: by sender (checksummed) and nonce (decimal).
    let content = call(&p, "txpool_content").await;
    let a_key = a.address().to_checksum(None);
    let queued_a = &content["queued"][&a_key];
    assert_eq!(queued_a.as_object().unwrap().len(), 3);
    assert_eq!(queued_a["1"]["hash"], json!(format!("{:#x}", a_hashes[0])));
    assert_eq!(queued_a["1"]["blockNumber"], Value::Null);
    assert_eq!(queued_a["1"]["from"], json!(format!("{:#x}", a.address())));
    assert_eq!(content["pending"], json!({}));
    let inspect = call(&p, "txpool_inspect").await;
    assert_eq!(
        inspect["queued"][&a_key]["2"],
        json!(format!(
            "{}: 1 wei + 21000 gas × 200000000 wei",
            SINK.to_checksum(None)
        ))
    );
    // Queued transactions are found by hash, unmined, and not counted in the pending nonce.
    let queued = p
        .get_transaction_by_hash(a_hashes[0])
        .await
        .unwrap()
        .unwrap();
    assert_eq!(queued.block_number, None);
    assert_eq!(
        p.get_transaction_count(a.address())
            .pending()
            .await
            .unwrap(),
        0
    );

    // Filling the gap mines a's four in nonce order, one block each, and frees their slots.
    let h0 = *p.send_raw_transaction(&raw(&a, 0)).await.unwrap().tx_hash();
    for (i, h) in std::iter::once(h0).chain(a_hashes).enumerate() {
        let r = p.get_transaction_receipt(h).await.unwrap().unwrap();
        assert_eq!(r.block_number, Some(1 + i as u64));
    }
    assert_eq!(p.get_transaction_count(a.address()).await.unwrap(), 4);
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x0", "queued": "0x2" })
    );
    let _ = p.send_raw_transaction(&raw(&b, 3)).await.unwrap();
    server.stop().await.unwrap();
}

#[tokio::test]
async fn queued_transactions_are_dropped_after_their_lifetime() {
    // Long enough that the first status read comes before it even on a loaded machine.
    let server = serve(bounded(64, 4_096, Duration::from_secs(2)))
        .await
        .unwrap();
    let p = provider(&server);
    let a = funded(&server);
    let gapped = *p.send_raw_transaction(&raw(&a, 1)).await.unwrap().tx_hash();
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x0", "queued": "0x1" })
    );
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x0", "queued": "0x0" })
    );
    assert!(p.get_transaction_by_hash(gapped).await.unwrap().is_none());
    // Filling the gap now mines only nonce 0.
    let _ = p.send_raw_transaction(&raw(&a, 0)).await.unwrap();
    assert_eq!(p.get_transaction_count(a.address()).await.unwrap(), 1);
    assert_eq!(p.get_block_number().await.unwrap(), 1);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn a_replacement_needs_both_fees_ten_percent_higher() {
    let server = start().await;
    let p = provider(&server);
    let a = funded(&server);
    let first = *p
        .send_raw_transaction(&sign(&a, transfer(1, 1, 200_000_000, 100)))
        .await
        .unwrap()
        .tx_hash();
    // Same fees, or only the fee cap bumped, or a bump under 10%: refused in geth's words.
    for (fee, tip) in [(200_000_000, 100), (220_000_000, 100), (219_999_999, 110)] {
        let err = message(
            p.send_raw_transaction(&sign(&a, transfer(1, 2, fee, tip)))
                .await
                .unwrap_err(),
        );
        assert!(
            err.starts_with("replacement transaction underpriced"),
            "{fee}/{tip}: {err}"
        );
    }
    let second = *p
        .send_raw_transaction(&sign(&a, transfer(1, 7, 220_000_000, 110)))
        .await
        .unwrap()
        .tx_hash();
    assert!(p.get_transaction_by_hash(first).await.unwrap().is_none());
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x0", "queued": "0x1" })
    );
    let _ = p.send_raw_transaction(&raw(&a, 0)).await.unwrap();
    let r = p.get_transaction_receipt(second).await.unwrap().unwrap();
    assert!(r.status());
    assert!(p.get_transaction_receipt(first).await.unwrap().is_none());
    assert_eq!(p.get_balance(SINK).await.unwrap(), U256::from(1 + 7));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn pooled_transactions_count_in_the_pending_nonce_and_replace_in_place() {
    let server = start().await;
    let p = provider(&server);
    let a = funded(&server);
    let off: Value = p
        .raw_request("anvil_setAutomine".into(), (false,))
        .await
        .unwrap();
    assert_eq!(off, Value::Null);
    let h0 = *p.send_raw_transaction(&raw(&a, 0)).await.unwrap().tx_hash();
    let h1 = *p.send_raw_transaction(&raw(&a, 1)).await.unwrap().tx_hash();
    // A gap behind the pending ones is queued, not pending.
    let _ = p.send_raw_transaction(&raw(&a, 3)).await.unwrap();
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x2", "queued": "0x1" })
    );
    assert_eq!(
        p.get_transaction_count(a.address())
            .pending()
            .await
            .unwrap(),
        2
    );
    assert_eq!(p.get_transaction_count(a.address()).await.unwrap(), 0);
    // Replacing a pending one keeps its place.
    let h1b = *p
        .send_raw_transaction(&sign(&a, transfer(1, 5, 300_000_000, 0)))
        .await
        .unwrap()
        .tx_hash();
    // Nonce 2 fills the gap: 2 and 3 become pending.
    let h2 = *p.send_raw_transaction(&raw(&a, 2)).await.unwrap().tx_hash();
    assert_eq!(
        call(&p, "txpool_status").await,
        json!({ "pending": "0x4", "queued": "0x0" })
    );
    let _: Value = p.raw_request("evm_mine".into(), ()).await.unwrap();
    let block = p.get_block_by_number(1.into()).await.unwrap().unwrap();
    let mined: Vec<B256> = block.transactions.hashes().collect();
    assert_eq!(mined.len(), 4);
    assert_eq!(&mined[..3], &[h0, h1b, h2]);
    assert!(p.get_transaction_receipt(h1).await.unwrap().is_none());
    assert_eq!(p.get_transaction_count(a.address()).await.unwrap(), 4);
    server.stop().await.unwrap();
}
