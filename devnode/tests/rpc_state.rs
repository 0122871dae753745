//! Saving and loading a chain, and forking one over RPC.

mod rpc_common;

use alloy::eips::BlockNumberOrTag;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use devnode::rpc::{serve, ForkConfig, RpcConfig};
use rpc_common::*;

fn temp_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("devnode-rpc-state-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("state.json")
}

#[tokio::test]
async fn dump_and_load_keep_balances_code_storage_and_activation() {
    let path = temp_file("roundtrip");
    let mut config = rpc_common::config();
    config.dump_state = Some(path.clone());
    let server = serve(config).await.unwrap();
    let p = provider(&server);
    let plain = Address::repeat_byte(0x51);
    let contract = Address::repeat_byte(0x52);
    server.node().with_chain(|c| {
        c.set_code(
            contract,
            Bytes::from_static(&[0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]),
        );
        c.set_storage(contract, U256::from(3), U256::from(33));
    });
    let wp = wallet_provider(&server, account(1));
    wp.send_transaction(
        TransactionRequest::default()
            .with_to(plain)
            .with_value(U256::from(1234)),
    )
    .await
    .unwrap()
    .get_receipt()
    .await
    .unwrap();
    p.raw_request::<_, serde_json::Value>("evm_increaseTime".into(), (1000,))
        .await
        .unwrap();
    p.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
        .await
        .unwrap();

    // A Stylus program with state: aid-token, a minter and a balance.
    let token = match aid_token_wasm() {
        Some(_) => {
            let admin = account(2);
            let token = deploy_aid_token(&server, account(1), admin.address()).await;
            let ap = wallet_provider(&server, admin.clone());
            IToken::new(token, &ap)
                .configureMinter(admin.address(), U256::from(10_000))
                .send()
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap();
            IToken::new(token, &ap)
                .mint(plain, U256::from(777))
                .send()
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap();
            Some(token)
        }
        None => None,
    };
    let latest = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    let sender_balance = p.get_balance(account(1).address()).await.unwrap();
    let sender_nonce = p.get_transaction_count(account(1).address()).await.unwrap();
    let token_code = match token {
        Some(t) => p.get_code_at(t).await.unwrap(),
        None => Bytes::new(),
    };
    server.stop().await.unwrap();
    assert!(path.exists());

    // A new node from the file.
    let mut config = rpc_common::config();
    config.load_state = Some(path.clone());
    let server = serve(config).await.unwrap();
    let p = provider(&server);
    assert_eq!(p.get_balance(plain).await.unwrap(), U256::from(1234));
    assert_eq!(
        p.get_balance(account(1).address()).await.unwrap(),
        sender_balance
    );
    assert_eq!(
        p.get_transaction_count(account(1).address()).await.unwrap(),
        sender_nonce
    );
    assert_eq!(
        p.get_storage_at(contract, U256::from(3)).await.unwrap(),
        U256::from(33)
    );
    let out = p
        .call(TransactionRequest::default().with_to(contract))
        .await
        .unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(42));
    let block = p
        .get_block_by_number(BlockNumberOrTag::Latest)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(block.header.number, latest.header.number);
    assert_eq!(block.header.timestamp, latest.header.timestamp);

    if let Some(token) = token {
        assert_eq!(p.get_code_at(token).await.unwrap(), token_code);
        // Still activated: no activation needed, calls work, state is there.
        let arb_wasm = IArbWasm::new(devnode::precompiles::ARB_WASM, &p);
        assert_eq!(arb_wasm.programVersion(token).call().await.unwrap(), 2);
        let t = IToken::new(token, &p);
        assert_eq!(t.balanceOf(plain).call().await.unwrap(), U256::from(777));
        assert!(t
            .hasRole(minter_admin_role(), account(2).address())
            .call()
            .await
            .unwrap());
        // And transactions on the loaded chain work.
        let ap = wallet_provider(&server, account(2));
        let r = IToken::new(token, &ap)
            .mint(plain, U256::from(1))
            .send()
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(r.status());
        assert_eq!(t.balanceOf(plain).call().await.unwrap(), U256::from(778));
    }
    // The next transaction continues the nonce sequence and the block numbers.
    let wp = wallet_provider(&server, account(1));
    let r = wp
        .send_transaction(
            TransactionRequest::default()
                .with_to(plain)
                .with_value(U256::from(1)),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(r.block_number.unwrap() > latest.header.number);
    server.stop().await.unwrap();

    // A state file of another chain is refused.
    let mut config = rpc_common::config();
    config.chain.chain_id = 1;
    config.load_state = Some(path.clone());
    assert!(serve(config).await.is_err());
    let _ = std::fs::remove_dir_all(path.parent().unwrap());
}

#[tokio::test]
async fn dump_and_load_over_rpc() {
    let a = start().await;
    let pa = provider(&a);
    let target = Address::repeat_byte(0x53);
    pa.raw_request::<_, serde_json::Value>("anvil_setBalance".into(), (target, "0x99"))
        .await
        .unwrap();
    pa.raw_request::<_, serde_json::Value>("evm_mine".into(), ())
        .await
        .unwrap();
    let state: serde_json::Value = pa
        .raw_request("devnode_dumpState".into(), ())
        .await
        .unwrap();
    assert_eq!(state["blockNumber"], 1);

    let b = start().await;
    let pb = provider(&b);
    let loaded: bool = pb
        .raw_request("devnode_loadState".into(), (state.clone(),))
        .await
        .unwrap();
    assert!(loaded);
    assert_eq!(pb.get_balance(target).await.unwrap(), U256::from(0x99));
    assert_eq!(pb.get_block_number().await.unwrap(), 1);
    // A malformed state is bad params.
    let err = pb
        .raw_request::<_, bool>(
            "devnode_loadState".into(),
            (serde_json::json!({"version": 1}),),
        )
        .await
        .unwrap_err();
    assert_eq!(err.as_error_resp().unwrap().code, -32602);
    a.stop().await.unwrap();
    b.stop().await.unwrap();
}

#[tokio::test]
async fn fork_reads_the_remote_chain_lazily() {
    // The remote: a devnode with some state.
    let remote = start().await;
    let rp = provider(&remote);
    let rich = Address::repeat_byte(0x61);
    let contract = Address::repeat_byte(0x62);
    remote.node().with_chain(|c| {
        c.set_balance(rich, U256::from(5_000));
        c.set_nonce(rich, 9);
        c.set_code(
            contract,
            Bytes::from_static(&[0x60, 0x2a, 0x60, 0x00, 0x52, 0x60, 0x20, 0x60, 0x00, 0xf3]),
        );
        c.set_storage(contract, U256::from(1), U256::from(11));
    });
    let token = match aid_token_wasm() {
        Some(_) => {
            let admin = account(2);
            let token = deploy_aid_token(&remote, account(1), admin.address()).await;
            let ap = wallet_provider(&remote, admin.clone());
            IToken::new(token, &ap)
                .configureMinter(admin.address(), U256::from(10_000))
                .send()
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap();
            IToken::new(token, &ap)
                .mint(rich, U256::from(500))
                .send()
                .await
                .unwrap()
                .get_receipt()
                .await
                .unwrap();
            Some(token)
        }
        None => None,
    };
    // Pinned at the remote's latest block (a devnode remote keeps no older state).
    let fork_block = rp.get_block_number().await.unwrap();

    let config = RpcConfig {
        fork: Some(ForkConfig {
            url: remote.url(),
            block: Some(fork_block),
        }),
        ..rpc_common::config()
    };
    let fork = serve(config).await.unwrap();
    let fp = provider(&fork);
    assert_eq!(fp.get_chain_id().await.unwrap(), 412_346);
    assert_eq!(fp.get_balance(rich).await.unwrap(), U256::from(5_000));
    assert_eq!(fp.get_transaction_count(rich).await.unwrap(), 9);
    assert_eq!(
        fp.get_code_at(contract).await.unwrap(),
        rp.get_code_at(contract).await.unwrap()
    );
    assert_eq!(
        fp.get_storage_at(contract, U256::from(1)).await.unwrap(),
        U256::from(11)
    );
    let out = fp
        .call(TransactionRequest::default().with_to(contract))
        .await
        .unwrap();
    assert_eq!(U256::from_be_slice(&out), U256::from(42));

    // Writes stay local.
    let wp = wallet_provider(&fork, account(3));
    wp.send_transaction(
        TransactionRequest::default()
            .with_to(rich)
            .with_value(U256::from(1)),
    )
    .await
    .unwrap()
    .get_receipt()
    .await
    .unwrap();
    assert_eq!(fp.get_balance(rich).await.unwrap(), U256::from(5_001));
    assert_eq!(rp.get_balance(rich).await.unwrap(), U256::from(5_000));
    // A dev-method write keeps what it does not touch.
    fp.raw_request::<_, serde_json::Value>("anvil_setBalance".into(), (contract, "0x10"))
        .await
        .unwrap();
    assert_eq!(
        fp.get_code_at(contract).await.unwrap(),
        rp.get_code_at(contract).await.unwrap()
    );

    if let Some(token) = token {
        // The program and its activation record come from the remote; it runs locally.
        let t = IToken::new(token, &fp);
        assert_eq!(t.balanceOf(rich).call().await.unwrap(), U256::from(500));
        let ap = wallet_provider(&fork, account(2));
        let r = IToken::new(token, &ap)
            .mint(rich, U256::from(5))
            .send()
            .await
            .unwrap()
            .get_receipt()
            .await
            .unwrap();
        assert!(r.status());
        assert_eq!(t.balanceOf(rich).call().await.unwrap(), U256::from(505));
        assert_eq!(
            IToken::new(token, &rp)
                .balanceOf(rich)
                .call()
                .await
                .unwrap(),
            U256::from(500)
        );
    }
    fork.stop().await.unwrap();
    remote.stop().await.unwrap();

    // An unreachable fork URL is an error at start.
    let config = RpcConfig {
        fork: Some(ForkConfig {
            url: "http://127.0.0.1:9".into(),
            block: None,
        }),
        ..rpc_common::config()
    };
    assert!(serve(config).await.is_err());
}

#[tokio::test]
async fn a_fork_pins_reads_to_its_block_and_fails_requests_when_the_remote_fails() {
    let remote = start().await;
    let rp = provider(&remote);
    let rich = Address::repeat_byte(0x71);
    let later = Address::repeat_byte(0x72);
    remote.node().with_chain(|c| {
        c.set_balance(rich, U256::from(5_000));
        c.set_balance(later, U256::from(100));
    });
    let fork = serve(RpcConfig {
        fork: Some(ForkConfig {
            url: remote.url(),
            block: None,
        }),
        ..rpc_common::config()
    })
    .await
    .unwrap();
    let fp = provider(&fork);

    // The remote mines on and changes `later`; the fork still reads it as of its fork block.
    let wp = wallet_provider(&remote, account(1));
    for _ in 0..3 {
        wp.send_transaction(
            TransactionRequest::default()
                .with_to(later)
                .with_value(U256::from(1)),
        )
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    }
    assert_eq!(rp.get_balance(later).await.unwrap(), U256::from(103));
    assert_eq!(fp.get_balance(later).await.unwrap(), U256::from(100));

    // The remote goes away. A read of an account the fork has not seen fails the request, with
    // the account and the remote named, instead of answering "empty"...
    remote.stop().await.unwrap();
    let err = fp.get_balance(rich).await.unwrap_err().to_string();
    assert!(
        err.contains("fork: cannot read account") && err.contains(&format!("{rich}")),
        "{err}"
    );
    // ... and so does a transaction touching it, which commits nothing.
    let fw = wallet_provider(&fork, account(2));
    let sent = fw
        .send_transaction(
            TransactionRequest::default()
                .with_to(rich)
                .with_value(U256::from(1))
                .with_gas_limit(21_000),
        )
        .await;
    let err = match sent {
        Ok(pending) => pending
            .get_receipt()
            .await
            .map(|_| ())
            .unwrap_err()
            .to_string(),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("fork: cannot read"), "{err}");
    let err = fp.get_balance(rich).await.unwrap_err().to_string();
    assert!(err.contains("fork: cannot read account"), "{err}");
    // What the fork already read still answers.
    assert_eq!(fp.get_balance(later).await.unwrap(), U256::from(100));
    fork.stop().await.unwrap();
}

#[tokio::test]
async fn a_fork_url_that_is_not_http_is_refused_saying_why() {
    let err = serve(RpcConfig {
        fork: Some(ForkConfig {
            url: "ws://127.0.0.1:9".into(),
            block: None,
        }),
        ..rpc_common::config()
    })
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("must be http:// or https://"), "{err}");
}

#[tokio::test]
async fn an_https_fork_url_is_tried_over_tls() {
    // A server that accepts and closes: the TLS handshake fails, and the error says so (an
    // https URL is no longer refused for its scheme).
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((s, _)) = listener.accept().await {
            drop(s);
        }
    });
    let err = serve(RpcConfig {
        fork: Some(ForkConfig {
            url: format!("https://{addr}"),
            block: None,
        }),
        ..rpc_common::config()
    })
    .await
    .unwrap_err()
    .to_string();
    assert!(
        err.contains(&format!("cannot fork https://{addr}")),
        "{err}"
    );
    assert!(!err.contains("scheme is not http"), "{err}");
}
