//! Every RPC method through alloy's HTTP client, each test on its own server.

mod rpc_common;

use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::network::TransactionBuilder;
use alloy::primitives::{address, b256, bytes, Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::state::{AccountOverride, StateOverride};
use alloy::rpc::types::{Filter, TransactionRequest};
use alloy::sol_types::SolCall;
use devnode::rpc::{dev_accounts, DEV_PRIVATE_KEY, TEST_MNEMONIC};
use rpc_common::*;

const DEV: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");

/// Runtime code `PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN`: returns 42.
const RETURNS_42: Bytes = bytes!("602a60005260206000f3");
/// Runtime code that logs `LOG1(topic = 0x11..11)` with 32 bytes of data 0x2a, then stops.
const LOGS: Bytes = bytes!(
    "602a6000527f111111111111111111111111111111111111111111111111111111111111111160206000a100"
);

fn revert_code() -> Bytes {
    // Store Error("nope") ABI data in memory and revert with it.
    let data = alloy::sol_types::Revert::from("nope");
    let encoded = alloy::sol_types::SolError::abi_encode(&data);
    let mut code = Vec::new();
    for (i, chunk) in encoded.chunks(32).enumerate() {
        let mut word = [0u8; 32];
        word[..chunk.len()].copy_from_slice(chunk);
        code.push(0x7f);
        code.extend_from_slice(&word);
        code.extend_from_slice(&[0x60, (i * 32) as u8, 0x52]);
    }
    code.extend_from_slice(&[0x60, encoded.len() as u8, 0x60, 0x00, 0xfd]);
    code.into()
}

#[tokio::test]
async fn identity_methods() {
    let server = start().await;
    let p = provider(&server);
    assert_eq!(p.get_chain_id().await.unwrap(), 412_346);
    assert_eq!(p.get_net_version().await.unwrap(), 412_346);
    assert!(p
        .get_client_version()
        .await
        .unwrap()
        .starts_with("devnode/"));
    let accounts = p.get_accounts().await.unwrap();
    assert_eq!(accounts.len(), 11);
    assert_eq!(accounts[0], DEV);
    assert_eq!(
        accounts[0],
        DEV_PRIVATE_KEY
            .parse::<alloy::signers::local::PrivateKeySigner>()
            .unwrap()
            .address()
    );
    // The test mnemonic's first account, as every Ethereum tool derives it.
    assert_eq!(
        accounts[1],
        address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
    );
    assert_eq!(
        accounts[10],
        address!("a0Ee7A142d267C1f36714E4a8F75612F20a79720")
    );
    assert!(TEST_MNEMONIC.ends_with("junk"));
    for a in &accounts {
        assert_eq!(
            p.get_balance(*a).await.unwrap(),
            U256::from(1_000_000u64) * U256::from(devnode::ETHER)
        );
    }
    let syncing: bool = p.raw_request("eth_syncing".into(), ()).await.unwrap();
    assert!(!syncing);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn state_reads_follow_the_chain() {
    let server = start().await;
    let p = provider(&server);
    let c = Address::repeat_byte(0xc0);
    server.node().with_chain(|chain| {
        chain.set_code(c, RETURNS_42);
        chain.set_storage(c, U256::from(7), U256::from(99));
    });
    assert_eq!(p.get_block_number().await.unwrap(), 0);
    assert_eq!(p.get_code_at(c).await.unwrap(), RETURNS_42);
    assert_eq!(
        p.get_storage_at(c, U256::from(7)).await.unwrap(),
        U256::from(99)
    );
    assert_eq!(
        p.get_storage_at(c, U256::from(8)).await.unwrap(),
        U256::ZERO
    );
    assert_eq!(p.get_transaction_count(DEV).await.unwrap(), 0);
    assert_eq!(p.get_transaction_count(DEV).pending().await.unwrap(), 0);
    assert_eq!(
        p.get_transaction_count(DEV)
            .block_id(BlockId::latest())
            .await
            .unwrap(),
        0
    );
    // The factory and the precompiles have code, as tools check.
    assert!(!p
        .get_code_at(devnode::STYLUS_DEPLOYER)
        .await
        .unwrap()
        .is_empty());
    assert!(!p
        .get_code_at(devnode::precompiles::ARB_WASM)
        .await
        .unwrap()
        .is_empty());

    // Past state is answered from the kept window (tests/history.rs goes further); future
    // blocks are unknown.
    let before = p.get_balance(DEV).await.unwrap();
    p.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
        .await
        .unwrap();
    p.raw_request::<_, serde_json::Value>("anvil_setBalance".into(), (DEV, U256::from(7)))
        .await
        .unwrap();
    p.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
        .await
        .unwrap();
    let at_genesis = p
        .get_balance(DEV)
        .block_id(BlockId::number(0))
        .await
        .unwrap();
    assert_eq!(at_genesis, before);
    assert_eq!(p.get_balance(DEV).await.unwrap(), U256::from(7));
    let err = p
        .get_balance(DEV)
        .block_id(BlockId::number(9))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("header not found"), "{err}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn call_estimate_and_overrides() {
    let server = start().await;
    let p = provider(&server);
    let c = Address::repeat_byte(0xc1);
    let r = Address::repeat_byte(0xc2);
    server.node().with_chain(|chain| {
        chain.set_code(c, RETURNS_42);
        chain.set_code(r, revert_code());
    });
    let tx = TransactionRequest::default().with_from(DEV).with_to(c);
    let out = p.call(tx.clone()).await.unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(42));
    let out = p.call(tx.clone()).block(BlockId::latest()).await.unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(42));

    // State overrides: replace the code of an empty account for one call.
    let empty = Address::repeat_byte(0xc3);
    let mut overrides = StateOverride::default();
    overrides.insert(empty, AccountOverride::default().with_code(RETURNS_42));
    let out = p
        .call(TransactionRequest::default().with_from(DEV).with_to(empty))
        .overrides(overrides)
        .await
        .unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(42));
    assert!(
        p.get_code_at(empty).await.unwrap().is_empty(),
        "overrides are not committed"
    );

    // A balance override lets a poor account send value in a call.
    let poor = Address::repeat_byte(0xc4);
    let mut overrides = StateOverride::default();
    overrides.insert(
        poor,
        AccountOverride {
            balance: Some(U256::from(10u64.pow(18))),
            ..Default::default()
        },
    );
    let send = TransactionRequest::default()
        .with_from(poor)
        .with_to(c)
        .with_value(U256::from(5));
    assert!(p.call(send.clone()).await.is_err());
    p.call(send).overrides(overrides).await.unwrap();

    // Revert: code 3, "execution reverted: nope", the revert data in `data`.
    let err = p
        .call(TransactionRequest::default().with_from(DEV).with_to(r))
        .await
        .unwrap_err();
    let payload = err.as_error_resp().expect("error response");
    assert_eq!(payload.code, 3);
    assert_eq!(payload.message, "execution reverted: nope");
    let data: Bytes = serde_json::from_str(payload.data.as_ref().unwrap().get()).unwrap();
    assert_eq!(
        data,
        alloy::sol_types::SolError::abi_encode(&alloy::sol_types::Revert::from("nope"))
    );

    // Estimates: a plain transfer is 21000; a call a bit more; a revert is the same error.
    let gas = p
        .estimate_gas(
            TransactionRequest::default()
                .with_from(DEV)
                .with_to(Address::repeat_byte(1)),
        )
        .await
        .unwrap();
    assert_eq!(gas, 21_000);
    let gas = p.estimate_gas(tx).await.unwrap();
    assert!(gas > 21_000 && gas < 30_000, "{gas}");
    let err = p
        .estimate_gas(TransactionRequest::default().with_from(DEV).with_to(r))
        .await
        .unwrap_err();
    assert_eq!(err.as_error_resp().unwrap().code, 3);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn fees() {
    let server = start().await;
    let p = provider(&server);
    assert_eq!(p.get_gas_price().await.unwrap(), 100_000_000);
    assert_eq!(p.get_max_priority_fee_per_gas().await.unwrap(), 0);
    for _ in 0..3 {
        p.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
            .await
            .unwrap();
    }
    let h = p
        .get_fee_history(2, BlockNumberOrTag::Latest, &[10.0, 50.0])
        .await
        .unwrap();
    assert_eq!(h.oldest_block, 2);
    assert_eq!(h.base_fee_per_gas, vec![100_000_000; 3]);
    assert_eq!(h.gas_used_ratio.len(), 2);
    assert_eq!(h.reward, Some(vec![vec![0, 0], vec![0, 0]]));
    let h = p
        .get_fee_history(100, BlockNumberOrTag::Number(1), &[])
        .await
        .unwrap();
    assert_eq!(h.oldest_block, 0);
    assert_eq!(h.base_fee_per_gas.len(), 3);
    // alloy's EIP-1559 estimator works on it.
    let fees = p.estimate_eip1559_fees().await.unwrap();
    assert!(fees.max_fee_per_gas >= 100_000_000);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn transactions_receipts_blocks_and_logs() {
    let server = start().await;
    let p = provider(&server);
    let logger = Address::repeat_byte(0x10);
    server
        .node()
        .with_chain(|chain| chain.set_code(logger, LOGS));

    // eth_sendTransaction from an unlocked dev account.
    let tx = TransactionRequest::default()
        .with_from(DEV)
        .with_to(logger)
        .with_value(U256::from(3));
    let hash = p.send_transaction(tx).await.unwrap().watch().await.unwrap();
    let receipt = p
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .expect("receipt");
    assert!(receipt.status());
    assert_eq!(receipt.block_number, Some(1));
    assert_eq!(receipt.from, DEV);
    assert_eq!(receipt.to, Some(logger));
    assert_eq!(receipt.effective_gas_price, 100_000_000);
    assert_eq!(receipt.inner.logs().len(), 1);
    let log = &receipt.inner.logs()[0];
    assert_eq!(log.address(), logger);
    assert_eq!(log.topics()[0], B256::repeat_byte(0x11));
    assert_eq!(log.log_index, Some(0));
    assert_eq!(log.transaction_hash, Some(hash));

    let tx = p.get_transaction_by_hash(hash).await.unwrap().expect("tx");
    assert_eq!(tx.inner.signer(), DEV);
    assert_eq!(tx.block_number, Some(1));
    assert_eq!(alloy::consensus::Transaction::value(&tx), U256::from(3));

    let block = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .expect("block");
    assert_eq!(block.header.number, 1);
    assert_eq!(block.transactions.hashes().collect::<Vec<_>>(), vec![hash]);
    let full = p
        .get_block_by_number(1.into())
        .full()
        .await
        .unwrap()
        .expect("block");
    assert_eq!(
        full.transactions.txns().next().unwrap().inner.tx_hash(),
        &hash
    );
    let by_hash = p
        .get_block_by_hash(block.header.hash)
        .await
        .unwrap()
        .expect("block");
    assert_eq!(by_hash.header.number, 1);
    assert_eq!(
        by_hash.header.parent_hash,
        p.get_block_by_number(0.into())
            .await
            .unwrap()
            .unwrap()
            .header
            .hash
    );
    assert!(p.get_block_by_number(5.into()).await.unwrap().is_none());
    assert!(p
        .get_transaction_receipt(B256::repeat_byte(9))
        .await
        .unwrap()
        .is_none());
    assert!(p
        .get_transaction_by_hash(B256::repeat_byte(9))
        .await
        .unwrap()
        .is_none());
    let receipts = p
        .get_block_receipts(BlockId::number(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(receipts.len(), 1);

    // A second transaction from another account, then logs by range, address and topic.
    let other = account(2);
    let p2 = wallet_provider(&server, other.clone());
    p2.send_transaction(TransactionRequest::default().with_to(logger))
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let all = p
        .get_logs(
            &Filter::new()
                .from_block(0)
                .to_block(BlockNumberOrTag::Latest),
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].block_number, Some(2));
    let by_topic = p
        .get_logs(
            &Filter::new()
                .from_block(0)
                .address(logger)
                .event_signature(B256::repeat_byte(0x11)),
        )
        .await
        .unwrap();
    assert_eq!(by_topic.len(), 2);
    let none = p
        .get_logs(
            &Filter::new()
                .from_block(0)
                .address(Address::repeat_byte(0x99)),
        )
        .await
        .unwrap();
    assert!(none.is_empty());
    let at_hash = p
        .get_logs(&Filter::new().at_block_hash(block.header.hash))
        .await
        .unwrap();
    assert_eq!(at_hash.len(), 1);
    let later = p.get_logs(&Filter::new().from_block(2)).await.unwrap();
    assert_eq!(later.len(), 1);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn dev_methods() {
    let server = start().await;
    let p = provider(&server);
    let target = Address::repeat_byte(0x42);

    let t0 = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    let added: u64 = p
        .raw_request("evm_increaseTime".into(), (3600,))
        .await
        .unwrap();
    assert_eq!(added, 3600);
    p.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
        .await
        .unwrap();
    let t1 = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    assert_eq!(t1, t0 + 3600);

    p.raw_request::<_, serde_json::Value>("evm_setNextBlockTimestamp".into(), (t1 + 100,))
        .await
        .unwrap();
    p.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
        .await
        .unwrap();
    let t2 = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap()
        .header
        .timestamp;
    assert_eq!(t2, t1 + 100);
    assert_eq!(p.get_block_number().await.unwrap(), 2);
    p.raw_request::<_, serde_json::Value>("evm_mine".into(), (t2 + 5,))
        .await
        .unwrap();
    assert_eq!(
        p.get_block_by_number(BlockNumberOrTag::Latest)
            .await
            .unwrap()
            .unwrap()
            .header
            .timestamp,
        t2 + 5
    );
    p.raw_request::<_, serde_json::Value>("anvil_mine".into(), ("0x3",))
        .await
        .unwrap();
    assert_eq!(p.get_block_number().await.unwrap(), 6);

    let snap: U256 = p.raw_request("evm_snapshot".into(), ()).await.unwrap();
    p.raw_request::<_, serde_json::Value>("anvil_setBalance".into(), (target, U256::from(77)))
        .await
        .unwrap();
    assert_eq!(p.get_balance(target).await.unwrap(), U256::from(77));
    p.raw_request::<_, serde_json::Value>("hardhat_setBalance".into(), (target, "0x100"))
        .await
        .unwrap();
    assert_eq!(p.get_balance(target).await.unwrap(), U256::from(256));
    p.raw_request::<_, serde_json::Value>("anvil_setNonce".into(), (target, "0x5"))
        .await
        .unwrap();
    assert_eq!(p.get_transaction_count(target).await.unwrap(), 5);
    p.raw_request::<_, serde_json::Value>("anvil_setCode".into(), (target, RETURNS_42))
        .await
        .unwrap();
    assert_eq!(p.get_code_at(target).await.unwrap(), RETURNS_42);
    p.raw_request::<_, serde_json::Value>(
        "anvil_setStorageAt".into(),
        (target, "0x1", B256::repeat_byte(3)),
    )
    .await
    .unwrap();
    assert_eq!(
        p.get_storage_at(target, U256::from(1)).await.unwrap(),
        U256::from_be_bytes([3; 32])
    );
    p.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
        .await
        .unwrap();

    let reverted: bool = p.raw_request("evm_revert".into(), (snap,)).await.unwrap();
    assert!(reverted);
    assert_eq!(p.get_balance(target).await.unwrap(), U256::ZERO);
    assert!(p.get_code_at(target).await.unwrap().is_empty());
    assert_eq!(p.get_block_number().await.unwrap(), 6);
    let again: bool = p.raw_request("evm_revert".into(), (snap,)).await.unwrap();
    assert!(!again, "a snapshot is consumed by its revert");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn metamask_connect_sequence() {
    // What a wallet asks when it connects and prepares a transfer.
    let server = start().await;
    let p = provider(&server);
    let me = account(1).address();
    assert_eq!(p.get_chain_id().await.unwrap(), 412_346);
    assert_eq!(p.get_net_version().await.unwrap(), 412_346);
    let latest = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(latest.header.base_fee_per_gas, Some(100_000_000));
    p.get_block_number().await.unwrap();
    p.get_balance(me).await.unwrap();
    p.get_gas_price().await.unwrap();
    p.get_fee_history(10, BlockNumberOrTag::Latest, &[])
        .await
        .unwrap();
    assert_eq!(p.get_transaction_count(me).pending().await.unwrap(), 0);
    let gas = p
        .estimate_gas(
            TransactionRequest::default()
                .with_from(me)
                .with_to(Address::repeat_byte(5))
                .with_value(U256::from(1)),
        )
        .await
        .unwrap();
    assert_eq!(gas, 21_000);
    let pending: serde_json::Value = p
        .raw_request("eth_getBlockByNumber".into(), ("pending", false))
        .await
        .unwrap();
    assert!(pending.is_object());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn batch_requests_through_alloy() {
    let server = start().await;
    let client = alloy::rpc::client::RpcClient::new_http(server.url().parse().unwrap());
    let mut batch = client.new_batch();
    let chain_id = batch
        .add_call::<_, alloy::primitives::U64>("eth_chainId", &())
        .unwrap();
    let number = batch
        .add_call::<_, alloy::primitives::U64>("eth_blockNumber", &())
        .unwrap();
    let balance = batch
        .add_call::<_, U256>("eth_getBalance", &(DEV, "latest"))
        .unwrap();
    let missing = batch.add_call::<_, U256>("eth_nope", &()).unwrap();
    batch.send().await.unwrap();
    assert_eq!(chain_id.await.unwrap().to::<u64>(), 412_346);
    assert_eq!(number.await.unwrap().to::<u64>(), 0);
    assert_eq!(
        balance.await.unwrap(),
        U256::from(1_000_000u64) * U256::from(devnode::ETHER)
    );
    let err = missing.await.unwrap_err();
    assert_eq!(err.as_error_resp().unwrap().code, -32601);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn factories_of_dev_nodes_exist() {
    let server = start().await;
    let p = provider(&server);
    for factory in [
        devnode::STYLUS_DEPLOYER,
        devnode::deployer::STYLUS_DEPLOYER_NITRO_DEV,
        devnode::deployer::CREATE2_FACTORY,
    ] {
        assert!(
            !p.get_code_at(factory).await.unwrap().is_empty(),
            "{factory}"
        );
    }
    // The CREATE2 factory: calldata salt ++ init code, deploys at the CREATE2 address.
    let salt = B256::repeat_byte(0x5a);
    let init = devnode::chain::init_code_returning(&RETURNS_42);
    let mut data = salt.to_vec();
    data.extend_from_slice(&init);
    let tx = TransactionRequest::default()
        .with_from(DEV)
        .with_to(devnode::deployer::CREATE2_FACTORY)
        .with_input(data);
    let hash = p.send_transaction(tx).await.unwrap().watch().await.unwrap();
    assert!(p
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .unwrap()
        .status());
    let created =
        devnode::deployer::CREATE2_FACTORY.create2(salt, alloy::primitives::keccak256(&init));
    assert_eq!(p.get_code_at(created).await.unwrap(), RETURNS_42);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn arbitrum_precompiles() {
    let server = start().await;
    let p = provider(&server);
    let sys = IArbSys::new(devnode::precompiles::ARB_SYS, &p);
    assert_eq!(sys.arbChainID().call().await.unwrap(), U256::from(412_346));
    p.raw_request::<_, serde_json::Value>("anvil_mine".into(), (4,))
        .await
        .unwrap();
    // A call runs in the next block, as on Nitro.
    let n = sys.arbBlockNumber().call().await.unwrap();
    assert_eq!(n, U256::from(5));
    let wasm = IArbWasm::new(devnode::precompiles::ARB_WASM, &p);
    assert_eq!(wasm.stylusVersion().call().await.unwrap(), 2);
    let deployer = IStylusDeployer::new(devnode::STYLUS_DEPLOYER, &p);
    let salt = b256!("0000000000000000000000000000000000000000000000000000000000000007");
    let got = deployer
        .initSalt(salt, Bytes::from_static(b"init"))
        .call()
        .await
        .unwrap();
    assert_eq!(got, devnode::deployer::init_salt(salt, b"init"));
    assert!(deployer
        .requiresActivation(Address::repeat_byte(1))
        .call()
        .await
        .unwrap());
    let _ = IArbSys::arbChainIDCall::SELECTOR;
    let _ = dev_accounts();
    server.stop().await.unwrap();
}
