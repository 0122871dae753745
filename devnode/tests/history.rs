//! Chain history: the state of recent blocks (reads and calls at a block, geth's error beyond
//! the window), snapshots on a long chain, and the bounded window of blocks, receipts and logs.

mod common;
mod rpc_common;

use alloy::eips::BlockId;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::{Filter, TransactionRequest};
use common::ALICE;
use devnode::rpc::{serve, RpcConfig};
use devnode::{Chain, ChainConfig, StateUnavailable, TxRequest};

/// EVM runtime code: with calldata, stores its first word in slot 0 and logs it (LOG0);
/// without, returns slot 0.
fn store_code() -> Vec<u8> {
    vec![
        0x36, 0x15, 0x60, 0x15, 0x57, // 0: CALLDATASIZE ISZERO PUSH1 21 JUMPI
        0x60, 0x00, 0x35, // 5: v = CALLDATALOAD(0)
        0x80, 0x60, 0x00, 0x55, // 8: SSTORE(0, v)
        0x60, 0x00, 0x52, // 12: MSTORE(0, v)
        0x60, 0x20, 0x60, 0x00, 0xa0, // 15: LOG0(0, 32)
        0x00, // 20: STOP
        0x5b, // 21: JUMPDEST
        0x60, 0x00, 0x54, 0x60, 0x00, 0x52, // MSTORE(0, SLOAD(0))
        0x60, 0x20, 0x60, 0x00, 0xf3, // RETURN(0, 32)
    ]
}

/// EVM runtime code returning (block.number, block.timestamp, block.basefee).
const ENV: &[u8] = &[
    0x43, 0x60, 0x00, 0x52, // NUMBER; MSTORE(0)
    0x42, 0x60, 0x20, 0x52, // TIMESTAMP; MSTORE(32)
    0x48, 0x60, 0x40, 0x52, // BASEFEE; MSTORE(64)
    0x60, 0x60, 0x60, 0x00, 0xf3, // RETURN(0, 96)
];

fn word(v: u64) -> Vec<u8> {
    U256::from(v).to_be_bytes::<32>().to_vec()
}

fn read_word(output: &[u8], i: usize) -> u64 {
    U256::from_be_slice(&output[32 * i..32 * (i + 1)]).to::<u64>()
}

fn chain_with(state_blocks: u64, history_blocks: u64) -> Chain {
    let mut chain = Chain::new(ChainConfig {
        state_blocks,
        history_blocks,
        ..Default::default()
    });
    chain.set_balance(ALICE, U256::from(1_000_000u64) * U256::from(devnode::ETHER));
    chain
}

#[test]
fn reads_and_calls_at_a_past_block_see_that_blocks_state() {
    let mut chain = chain_with(256, 0);
    let before_deploy = chain.block_number();
    let store = chain.deploy_code(ALICE, &store_code()).unwrap();
    let deployed_at = chain.block_number();
    let mut written_at = Vec::new();
    for v in 1..=5u64 {
        let r = chain
            .transact(TxRequest::call(ALICE, store, word(v * 10)))
            .unwrap();
        assert!(r.status);
        written_at.push((r.block_number, v * 10));
    }
    // Later writes do not change what a call at an earlier block sees.
    for (block, value) in &written_at {
        let at = chain.state_at(*block).unwrap();
        let out = chain
            .call_at(&at, &TxRequest::call(ALICE, store, vec![]), None)
            .unwrap();
        assert_eq!(
            read_word(&out.output, 0),
            *value,
            "eth_call at block {block}"
        );
        assert_eq!(at.storage(store, U256::ZERO), U256::from(*value));
        // Alice sent the deployment and one write per block so far.
        let sent = 1 + (block - deployed_at);
        assert_eq!(at.nonce(ALICE), sent);
    }
    let latest = chain.call(&TxRequest::call(ALICE, store, vec![])).unwrap();
    assert_eq!(read_word(&latest.output, 0), 50);
    // Code: none before the deployment, the runtime code from its block on.
    assert!(chain
        .state_at(before_deploy)
        .unwrap()
        .code(store)
        .is_empty());
    assert_eq!(
        chain.state_at(deployed_at).unwrap().code(store),
        Bytes::from(store_code())
    );
    // Balance: a transfer shows from its block on, not before.
    let to = Address::repeat_byte(0x77);
    let r = chain
        .transact(TxRequest::call(ALICE, to, vec![]).with_value(U256::from(123)))
        .unwrap();
    assert_eq!(
        chain.state_at(r.block_number - 1).unwrap().balance(to),
        U256::ZERO
    );
    assert_eq!(
        chain.state_at(r.block_number).unwrap().balance(to),
        U256::from(123)
    );
    // A cheat-code write between blocks belongs to the latest block's state (anvil's rule), and
    // stays there once the next block is mined.
    chain.set_balance(to, U256::from(5));
    assert_eq!(
        chain.state_at(r.block_number).unwrap().balance(to),
        U256::from(5)
    );
    chain.mine();
    assert_eq!(
        chain.state_at(r.block_number).unwrap().balance(to),
        U256::from(5)
    );
    assert_eq!(
        chain.state_at(r.block_number - 1).unwrap().balance(to),
        U256::ZERO
    );
    assert_eq!(
        chain.state_at(r.block_number + 1).unwrap().balance(to),
        U256::from(5)
    );
}

#[test]
fn a_call_at_a_past_block_runs_with_that_blocks_env() {
    let mut chain = chain_with(256, 0);
    let env = chain.deploy_code(ALICE, ENV).unwrap();
    chain.increase_time(100);
    chain.mine();
    let past = chain.latest_block().clone();
    chain.increase_time(1_000);
    chain.mine_blocks(3);
    let at = chain.state_at(past.number).unwrap();
    let out = chain
        .call_at(&at, &TxRequest::call(ALICE, env, vec![]), None)
        .unwrap()
        .output;
    assert_eq!(read_word(&out, 0), past.number);
    assert_eq!(read_word(&out, 1), past.timestamp);
    assert_eq!(read_word(&out, 2), past.base_fee);
    // On the latest state a call runs as in the next block, as before.
    let out = chain
        .call(&TxRequest::call(ALICE, env, vec![]))
        .unwrap()
        .output;
    assert_eq!(read_word(&out, 0), chain.block_number() + 1);
    assert_eq!(read_word(&out, 1), chain.next_block_timestamp());
}

#[test]
fn a_state_beyond_the_window_is_an_error_naming_the_block() {
    let mut chain = chain_with(4, 0);
    chain.mine_blocks(10);
    let latest = chain.block_number();
    assert_eq!(latest, 10);
    assert_eq!(chain.oldest_state_block(), 7);
    for n in 7..=10 {
        assert_eq!(chain.state_at(n).unwrap().number(), n);
    }
    let err = chain.state_at(6).unwrap_err();
    assert_eq!(
        err,
        StateUnavailable::Pruned {
            number: 6,
            oldest: 7,
            kept: 4
        }
    );
    let message = err.to_string();
    assert!(message.starts_with("missing trie node"), "{message}");
    assert!(
        message.contains("state for block 6 is not kept"),
        "{message}"
    );
    assert!(message.contains("last 4 blocks"), "{message}");
    assert_eq!(
        chain.state_at(11).unwrap_err(),
        StateUnavailable::Future { number: 11 }
    );
    assert_eq!(
        chain.state_at(11).unwrap_err().to_string(),
        "header not found"
    );
}

#[test]
fn snapshot_and_revert_restore_a_long_chain_exactly() {
    let mut chain = chain_with(256, 0);
    let store = chain.deploy_code(ALICE, &store_code()).unwrap();
    let recipients: Vec<Address> = (0..100u8).map(|i| Address::repeat_byte(i + 1)).collect();
    for i in 0..5_000usize {
        let to = recipients[i % recipients.len()];
        let r = chain
            .transact(TxRequest::call(ALICE, to, vec![]).with_value(U256::from(i + 1)))
            .unwrap();
        assert!(r.status);
    }
    chain
        .transact(TxRequest::call(ALICE, store, word(7)))
        .unwrap();
    let dump = chain.dump_state();
    let number = chain.block_number();
    let latest = chain.latest_block().clone();
    let last_receipt = chain.receipt(latest.transactions[0]).cloned().unwrap();
    let old_state = chain.state_at(number - 100).unwrap();
    let old_balance = old_state.balance(recipients[0]);

    let id = chain.snapshot();
    // Everything a revert must undo: transactions, storage, cheat codes, time, a deployment.
    let mut later = Vec::new();
    for i in 0..500usize {
        let r = chain
            .transact(TxRequest::call(ALICE, recipients[i % 7], vec![]).with_value(U256::from(1)))
            .unwrap();
        later.push(r.transaction_hash);
    }
    chain
        .transact(TxRequest::call(ALICE, store, word(8)))
        .unwrap();
    chain.set_balance(recipients[3], U256::from(3));
    chain.set_storage(store, U256::from(9), U256::from(9));
    chain.increase_time(10_000);
    let extra = chain.deploy_code(ALICE, ENV).unwrap();
    assert_ne!(chain.dump_state(), dump);

    assert!(chain.revert(id));
    assert_eq!(chain.dump_state(), dump, "every account as it was");
    assert_eq!(chain.block_number(), number);
    assert_eq!(chain.latest_block(), &latest);
    assert_eq!(chain.receipt(latest.transactions[0]), Some(&last_receipt));
    assert_eq!(chain.nonce(ALICE), dump.accounts[&ALICE].nonce);
    assert!(chain.code(extra).is_empty());
    for hash in &later {
        assert!(chain.receipt(*hash).is_none());
        assert!(chain.transaction(*hash).is_none());
    }
    // Past states come back too.
    assert_eq!(
        chain.state_at(number - 100).unwrap().balance(recipients[0]),
        old_balance
    );
    let out = chain.call(&TxRequest::call(ALICE, store, vec![])).unwrap();
    assert_eq!(read_word(&out.output, 0), 7);
    // The snapshot is consumed; the chain goes on from the restored state.
    assert!(!chain.revert(id));
    let r = chain
        .transact(TxRequest::call(ALICE, recipients[0], vec![]).with_value(U256::from(1)))
        .unwrap();
    assert_eq!(r.block_number, number + 1);
}

#[test]
fn pruning_keeps_the_window_and_drops_the_rest() {
    let mut chain = chain_with(16, 50);
    let mut sent: Vec<(u64, B256)> = Vec::new();
    for i in 0..120u64 {
        let r = chain
            .transact(
                TxRequest::call(ALICE, Address::repeat_byte(9), vec![]).with_value(U256::from(i)),
            )
            .unwrap();
        sent.push((r.block_number, r.transaction_hash));
    }
    let latest = chain.block_number();
    assert_eq!(latest, 120);
    assert_eq!(chain.oldest_block(), latest - 49);
    for (block, hash) in &sent {
        let kept = *block >= latest - 49;
        assert_eq!(chain.block(*block).is_some(), kept, "block {block}");
        assert_eq!(
            chain.receipt(*hash).is_some(),
            kept,
            "receipt of block {block}"
        );
        assert_eq!(
            chain.transaction(*hash).is_some(),
            kept,
            "transaction of block {block}"
        );
    }
    let old_hash = chain.block(latest - 49).unwrap().hash;
    assert!(chain.block_by_hash(old_hash).is_some());
    chain.mine();
    assert!(
        chain.block_by_hash(old_hash).is_none(),
        "its hash lookup goes with it"
    );
    assert_eq!(chain.block(0), None);
    // States are kept for their own window only.
    assert_eq!(chain.oldest_state_block(), chain.block_number() - 15);
    // The chain still runs and reads as before.
    assert_eq!(
        chain.balance(Address::repeat_byte(9)),
        U256::from((0..120u64).sum::<u64>())
    );
}

#[test]
fn the_history_window_bounds_the_state_window() {
    let mut chain = chain_with(256, 10);
    chain.mine_blocks(30);
    assert_eq!(chain.oldest_block(), 21);
    assert_eq!(chain.oldest_state_block(), 21);
    assert!(matches!(
        chain.state_at(20),
        Err(StateUnavailable::Pruned { kept: 10, .. })
    ));
}

fn rpc_config(state_blocks: u64, history_blocks: u64) -> RpcConfig {
    let mut config = rpc_common::config();
    config.chain.state_blocks = state_blocks;
    config.chain.history_blocks = history_blocks;
    config
}

#[tokio::test]
async fn rpc_reads_calls_and_estimates_at_a_block() {
    let server = serve(rpc_config(8, 0)).await.unwrap();
    let p = rpc_common::wallet_provider(&server, rpc_common::account(1));
    let me = rpc_common::account(1).address();
    let deploy = TransactionRequest::default()
        .with_deploy_code(devnode::chain::init_code_returning(&store_code()));
    let receipt = p
        .send_transaction(deploy)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let store = receipt.contract_address.unwrap();
    let mut blocks = Vec::new();
    for v in [11u64, 22, 33] {
        let tx = TransactionRequest::default()
            .with_to(store)
            .with_input(word(v));
        let r = p
            .send_transaction(tx)
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        blocks.push((r.block_number.unwrap(), r.block_hash.unwrap(), v));
    }
    let read = TransactionRequest::default().with_to(store);
    for (number, hash, v) in &blocks {
        let by_number = p
            .call(read.clone())
            .block(BlockId::number(*number))
            .await
            .unwrap();
        assert_eq!(U256::from_be_slice(&by_number), U256::from(*v));
        let by_hash = p
            .call(read.clone())
            .block(BlockId::hash(*hash))
            .await
            .unwrap();
        assert_eq!(by_hash, by_number);
        let slot = p
            .get_storage_at(store, U256::ZERO)
            .block_id(BlockId::hash(*hash))
            .await
            .unwrap();
        assert_eq!(slot, U256::from(*v));
        let nonce = p
            .get_transaction_count(me)
            .block_id(BlockId::number(*number))
            .await
            .unwrap();
        assert_eq!(
            nonce, *number,
            "one transaction per block from this account"
        );
        // Writing the value back costs a warm no-op write at that block, a change later on.
        let write = TransactionRequest::default()
            .with_from(me)
            .with_to(store)
            .with_input(word(*v));
        let at_block = p
            .estimate_gas(write.clone())
            .block(BlockId::number(*number))
            .await
            .unwrap();
        let latest = p.estimate_gas(write).await.unwrap();
        if *v != 33 {
            assert!(at_block < latest, "{at_block} < {latest} at block {number}");
        } else {
            assert_eq!(at_block, latest);
        }
    }
    let code_before = p
        .get_code_at(store)
        .block_id(BlockId::number(receipt.block_number.unwrap() - 1))
        .await
        .unwrap();
    assert!(code_before.is_empty());
    let balance_then = p
        .get_balance(me)
        .block_id(BlockId::number(blocks[0].0))
        .await
        .unwrap();
    assert!(balance_then > p.get_balance(me).await.unwrap());

    // Beyond the window: geth's "missing trie node", naming the block and the window.
    for _ in 0..10 {
        p.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
            .await
            .unwrap();
    }
    let old = blocks[0].0;
    let err = p
        .call(read.clone())
        .block(BlockId::number(old))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("missing trie node"), "{message}");
    assert!(
        message.contains(&format!("state for block {old} is not kept")),
        "{message}"
    );
    assert!(message.contains("last 8 blocks"), "{message}");
    let err = p
        .get_balance(me)
        .block_id(BlockId::number(old))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("missing trie node"), "{err}");
    let err = p
        .get_balance(me)
        .block_id(BlockId::hash(B256::repeat_byte(1)))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not found"), "{err}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn rpc_pruned_history_answers_as_geth() {
    let server = serve(rpc_config(4, 20)).await.unwrap();
    let p = rpc_common::wallet_provider(&server, rpc_common::account(2));
    let deploy = TransactionRequest::default()
        .with_deploy_code(devnode::chain::init_code_returning(&store_code()));
    let store = p
        .send_transaction(deploy)
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap()
        .contract_address
        .unwrap();
    let mut receipts = Vec::new();
    for v in 1..=40u64 {
        let tx = TransactionRequest::default()
            .with_to(store)
            .with_input(word(v));
        receipts.push(
            p.send_transaction(tx)
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap(),
        );
    }
    let latest = p.get_block_number().await.unwrap();
    let oldest = latest - 19;
    let first = &receipts[0];
    // Pruned transactions, receipts and blocks are unknown (null), kept ones are served.
    let hash = first.transaction_hash;
    assert!(p.get_transaction_receipt(hash).await.unwrap().is_none());
    assert!(p.get_transaction_by_hash(hash).await.unwrap().is_none());
    assert!(p
        .get_block_by_number(first.block_number.unwrap().into())
        .await
        .unwrap()
        .is_none());
    let last = receipts.last().unwrap();
    assert!(p
        .get_transaction_receipt(last.transaction_hash)
        .await
        .unwrap()
        .is_some());
    assert!(p
        .get_transaction_by_hash(last.transaction_hash)
        .await
        .unwrap()
        .is_some());
    // Logs of the window are served; a range reaching before it is geth's pruned-history error.
    let logs = p
        .get_logs(
            &Filter::new()
                .address(store)
                .from_block(oldest)
                .to_block(latest),
        )
        .await
        .unwrap();
    assert_eq!(logs.len(), 20);
    assert_eq!(
        U256::from_be_slice(&logs[19].inner.data.data),
        U256::from(40)
    );
    let err = p
        .get_logs(&Filter::new().address(store).from_block(oldest - 1))
        .await
        .unwrap_err();
    let e = err.as_error_resp().expect("a JSON-RPC error");
    assert_eq!(e.code, 4444);
    assert!(
        e.message.contains("pruned history unavailable"),
        "{}",
        e.message
    );
    // The state files keep working: only the latest state is written and read back.
    let state = server.node().dump_state();
    assert_eq!(state.block_number, latest);
    let restored = serve(rpc_config(4, 20)).await.unwrap();
    restored.node().load_state(&state).unwrap();
    let q = rpc_common::provider(&restored);
    let value = q
        .call(TransactionRequest::default().with_to(store))
        .await
        .unwrap();
    assert_eq!(U256::from_be_slice(&value), U256::from(40));
    assert_eq!(q.get_block_number().await.unwrap(), latest);
    restored.stop().await.unwrap();
    server.stop().await.unwrap();
}
