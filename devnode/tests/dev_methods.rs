//! The methods a dev node has beyond Ethereum's: message and typed-data signing for the dev
//! accounts, impersonation, the automine switch and `anvil_reset`, over alloy's client.

mod rpc_common;

use alloy::dyn_abi::TypedData;
use alloy::network::TransactionBuilder;
use alloy::primitives::{Address, Bytes, Signature, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::signers::SignerSync;
use rpc_common::*;
use serde_json::{json, Value};

fn message(e: alloy::transports::TransportError) -> String {
    e.as_error_resp()
        .expect("an error response")
        .message
        .to_string()
}

fn parse_signature(hex: &Bytes) -> Signature {
    assert_eq!(hex.len(), 65);
    assert!(matches!(hex[64], 27 | 28), "v is 27 or 28");
    Signature::from_raw(hex).expect("signature")
}

#[tokio::test]
async fn eth_sign_and_personal_sign_recover_to_the_dev_account() {
    let server = start().await;
    let p = provider(&server);
    let dev = account(1);
    let msg = Bytes::from_static(b"hello devnode");
    let a: Bytes = p
        .raw_request("eth_sign".into(), (dev.address(), &msg))
        .await
        .unwrap();
    let b: Bytes = p
        .raw_request("personal_sign".into(), (&msg, dev.address()))
        .await
        .unwrap();
    assert_eq!(a, b);
    let sig = parse_signature(&a);
    assert_eq!(sig.recover_address_from_msg(&msg).unwrap(), dev.address());
    // The same bytes a local signer makes (deterministic signatures).
    assert_eq!(
        Bytes::from(dev.sign_message_sync(&msg).unwrap().as_bytes()),
        a
    );

    // Not a dev account: refused.
    let stranger = Address::repeat_byte(0x33);
    let err = message(
        p.raw_request::<_, Bytes>("eth_sign".into(), (stranger, &msg))
            .await
            .unwrap_err(),
    );
    assert!(err.starts_with("unknown account"), "{err}");
    server.stop().await.unwrap();
}

fn mail() -> Value {
    json!({
        "types": {
            "EIP712Domain": [
                { "name": "name", "type": "string" },
                { "name": "version", "type": "string" },
                { "name": "chainId", "type": "uint256" },
                { "name": "verifyingContract", "type": "address" }
            ],
            "Person": [
                { "name": "name", "type": "string" },
                { "name": "wallet", "type": "address" }
            ],
            "Mail": [
                { "name": "from", "type": "Person" },
                { "name": "to", "type": "Person" },
                { "name": "contents", "type": "string" }
            ]
        },
        "primaryType": "Mail",
        "domain": {
            "name": "Ether Mail",
            "version": "1",
            "chainId": 412346,
            "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
        },
        "message": {
            "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            "contents": "Hello, Bob!"
        }
    })
}

#[tokio::test]
async fn typed_data_v4_signs_alloys_eip712_signing_hash() {
    let server = start().await;
    let p = provider(&server);
    let dev = account(2);
    let typed: TypedData = serde_json::from_value(mail()).unwrap();
    let hash = typed.eip712_signing_hash().unwrap();
    // As an object and as a JSON string (MetaMask's form): the same signature.
    let as_object: Bytes = p
        .raw_request("eth_signTypedData_v4".into(), (dev.address(), mail()))
        .await
        .unwrap();
    let as_string: Bytes = p
        .raw_request(
            "eth_signTypedData_v4".into(),
            (dev.address(), mail().to_string()),
        )
        .await
        .unwrap();
    assert_eq!(as_object, as_string);
    let sig = parse_signature(&as_object);
    assert_eq!(
        sig.recover_address_from_prehash(&hash).unwrap(),
        dev.address()
    );
    assert_eq!(
        Bytes::from(dev.sign_hash_sync(&hash).unwrap().as_bytes()),
        as_object
    );
    // Typed data that does not encode names what is wrong.
    let mut broken = mail();
    broken["primaryType"] = json!("Letter");
    let err = message(
        p.raw_request::<_, Bytes>("eth_signTypedData_v4".into(), (dev.address(), broken))
            .await
            .unwrap_err(),
    );
    assert!(err.contains("Letter"), "{err}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn an_impersonated_account_sends_without_a_key_and_cannot_sign() {
    let server = start().await;
    let p = provider(&server);
    let whale = Address::repeat_byte(0x77);
    let to = Address::repeat_byte(0x78);
    let send = |from: Address| {
        let p = p.clone();
        async move {
            p.send_transaction(
                TransactionRequest::default()
                    .with_from(from)
                    .with_to(to)
                    .with_value(U256::from(5)),
            )
            .await
        }
    };
    let _: Value = p
        .raw_request(
            "anvil_setBalance".into(),
            (whale, U256::from(devnode::ETHER)),
        )
        .await
        .unwrap();
    let err = message(send(whale).await.unwrap_err());
    assert_eq!(err, "unknown account");

    let answer: Value = p
        .raw_request("anvil_impersonateAccount".into(), (whale,))
        .await
        .unwrap();
    assert_eq!(answer, Value::Null);
    let hash = *send(whale).await.unwrap().tx_hash();
    let receipt = p.get_transaction_receipt(hash).await.unwrap().unwrap();
    assert!(receipt.status());
    assert_eq!(receipt.from, whale);
    assert_eq!(p.get_balance(to).await.unwrap(), U256::from(5));
    let tx = p.get_transaction_by_hash(hash).await.unwrap().unwrap();
    assert_eq!(tx.inner.signer(), whale);
    // Two sends with the same fields but different nonces have different hashes.
    let again = *send(whale).await.unwrap().tx_hash();
    assert_ne!(again, hash);
    assert_eq!(p.get_transaction_count(whale).await.unwrap(), 2);

    // It has no key: signing is refused, naming why.
    let err = message(
        p.raw_request::<_, Bytes>("personal_sign".into(), (Bytes::from_static(b"x"), whale))
            .await
            .unwrap_err(),
    );
    assert!(err.contains("impersonated"), "{err}");

    // hardhat's alias stops it (and answers true).
    let answer: Value = p
        .raw_request("hardhat_stopImpersonatingAccount".into(), (whale,))
        .await
        .unwrap();
    assert_eq!(answer, json!(true));
    assert_eq!(message(send(whale).await.unwrap_err()), "unknown account");

    // Auto-impersonation: any sender.
    let other = Address::repeat_byte(0x79);
    let _: Value = p
        .raw_request(
            "anvil_setBalance".into(),
            (other, U256::from(devnode::ETHER)),
        )
        .await
        .unwrap();
    let _: Value = p
        .raw_request("anvil_autoImpersonateAccount".into(), (true,))
        .await
        .unwrap();
    let hash = *send(other).await.unwrap().tx_hash();
    assert!(p
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .unwrap()
        .status());
    let _: Value = p
        .raw_request("anvil_autoImpersonateAccount".into(), (false,))
        .await
        .unwrap();
    assert_eq!(message(send(other).await.unwrap_err()), "unknown account");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn automine_switches_off_and_on() {
    let server = start().await;
    let p = provider(&server);
    let dev = account(3).address();
    let to = Address::repeat_byte(0x7c);
    let send = || {
        let p = p.clone();
        async move {
            *p.send_transaction(
                TransactionRequest::default()
                    .with_from(dev)
                    .with_to(to)
                    .with_value(U256::from(1)),
            )
            .await
            .unwrap()
            .tx_hash()
        }
    };
    let automine = || {
        let p = p.clone();
        async move {
            p.raw_request::<_, bool>("anvil_getAutomine".into(), ())
                .await
                .unwrap()
        }
    };
    assert!(automine().await);
    let answer: Value = p
        .raw_request("evm_setAutomine".into(), (false,))
        .await
        .unwrap();
    assert_eq!(answer, json!(true));
    assert!(!automine().await);

    // Pooled until evm_mine, which mines them in one block.
    let a = send().await;
    let b = send().await;
    assert!(p.get_transaction_receipt(a).await.unwrap().is_none());
    assert_eq!(p.get_block_number().await.unwrap(), 0);
    let _: Value = p.raw_request("evm_mine".into(), ()).await.unwrap();
    let (ra, rb) = (
        p.get_transaction_receipt(a).await.unwrap().unwrap(),
        p.get_transaction_receipt(b).await.unwrap().unwrap(),
    );
    assert_eq!((ra.block_number, rb.block_number), (Some(1), Some(1)));

    // Switching back on mines what waits, then each transaction at once.
    let c = send().await;
    let _: Value = p
        .raw_request("anvil_setAutomine".into(), (true,))
        .await
        .unwrap();
    assert!(automine().await);
    assert_eq!(
        p.get_transaction_receipt(c)
            .await
            .unwrap()
            .unwrap()
            .block_number,
        Some(2)
    );
    let d = send().await;
    assert_eq!(
        p.get_transaction_receipt(d)
            .await
            .unwrap()
            .unwrap()
            .block_number,
        Some(3)
    );
    assert_eq!(p.get_balance(to).await.unwrap(), U256::from(4));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn reset_returns_to_genesis() {
    let server = start().await;
    let p = provider(&server);
    let dev = account(4);
    let start_balance = p.get_balance(dev.address()).await.unwrap();
    let to = Address::repeat_byte(0x7d);
    let hash = *p
        .send_transaction(
            TransactionRequest::default()
                .with_from(dev.address())
                .with_to(to)
                .with_value(U256::from(9)),
        )
        .await
        .unwrap()
        .tx_hash();
    let _: Value = p
        .raw_request("anvil_setBalance".into(), (to, U256::from(1_000)))
        .await
        .unwrap();
    // Something queued, too.
    let queued = sign(
        &dev,
        alloy::consensus::TxEip1559 {
            chain_id: 412_346,
            nonce: 5,
            gas_limit: 21_000,
            max_fee_per_gas: 200_000_000,
            to: alloy::primitives::TxKind::Call(to),
            ..Default::default()
        },
    );
    let _ = p.send_raw_transaction(&queued).await.unwrap();
    assert_eq!(p.get_block_number().await.unwrap(), 1);

    let answer: Value = p.raw_request("anvil_reset".into(), ()).await.unwrap();
    assert_eq!(answer, Value::Null);
    assert_eq!(p.get_block_number().await.unwrap(), 0);
    assert_eq!(p.get_balance(dev.address()).await.unwrap(), start_balance);
    assert_eq!(p.get_balance(to).await.unwrap(), U256::ZERO);
    assert_eq!(p.get_transaction_count(dev.address()).await.unwrap(), 0);
    assert!(p.get_transaction_by_hash(hash).await.unwrap().is_none());
    let status: Value = p.raw_request("txpool_status".into(), ()).await.unwrap();
    assert_eq!(status, json!({ "pending": "0x0", "queued": "0x0" }));
    // The factory is back and the chain works.
    assert!(!p
        .get_code_at(devnode::STYLUS_DEPLOYER)
        .await
        .unwrap()
        .is_empty());
    let again: Value = p
        .raw_request("hardhat_reset".into(), (json!({}),))
        .await
        .unwrap();
    assert_eq!(again, json!(true));
    let h = *p
        .send_transaction(
            TransactionRequest::default()
                .with_from(dev.address())
                .with_to(to)
                .with_value(U256::from(1)),
        )
        .await
        .unwrap()
        .tx_hash();
    assert_eq!(
        p.get_transaction_receipt(h)
            .await
            .unwrap()
            .unwrap()
            .block_number,
        Some(1)
    );
    // A fork that cannot be reached is refused and leaves the chain as it was.
    let err = message(
        p.raw_request::<_, Value>(
            "anvil_reset".into(),
            (json!({ "forking": { "jsonRpcUrl": "http://127.0.0.1:1", "blockNumber": 5 } }),),
        )
        .await
        .unwrap_err(),
    );
    assert!(err.contains("127.0.0.1:1"), "{err}");
    assert_eq!(p.get_block_number().await.unwrap(), 1);
    server.stop().await.unwrap();
}
