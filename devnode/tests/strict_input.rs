//! Input as strict as geth's, with errors that say what was wrong: hex parameters (the `0x`
//! prefix, leading zeros, odd lengths, exact lengths, block tags), and the state-file paths and
//! fields, each error naming the argument and field or the file.

mod rpc_common;

use devnode::rpc::{serve, NodeState, RpcConfig};
use rpc_common::*;
use serde_json::{json, Value};
use std::path::PathBuf;

/// Sends one request and returns its `error` (or panics if it succeeded).
async fn error_of(url: &str, method: &str, params: Value) -> (i64, String) {
    let answer = post(url, method, params).await;
    let e = answer
        .get("error")
        .unwrap_or_else(|| panic!("{method} succeeded: {answer}"));
    (
        e["code"].as_i64().unwrap(),
        e["message"].as_str().unwrap().to_string(),
    )
}

async fn post(url: &str, method: &str, params: Value) -> Value {
    let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
    post_json(url, body).await
}

const DEV: &str = "0x3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E";
const TO: &str = "0x4242424242424242424242424242424242424242";

#[tokio::test]
async fn hex_is_as_strict_as_geths_and_errors_name_the_field() {
    let server = start().await;
    let url = server.url();
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "eth_getBalance",
            json!([&DEV[2..], "latest"]),
            "invalid argument 0 (address): hex string without 0x prefix",
        ),
        (
            "eth_getBalance",
            json!([DEV, "0x00"]),
            "invalid argument 1 (block): hex number with leading zero digits",
        ),
        (
            "eth_getBalance",
            json!([DEV, 0]),
            "invalid argument 1 (block): cannot unmarshal non-string into a block number or tag",
        ),
        (
            "eth_getBalance",
            json!([DEV, "newest"]),
            "invalid argument 1 (block): invalid block tag \"newest\"",
        ),
        (
            "eth_getBalance",
            json!([DEV, { "blockNumber": "0x0", "blockHash": format!("0x{}", "00".repeat(32)) }]),
            "invalid argument 1 (block): cannot specify both BlockHash and BlockNumber",
        ),
        (
            "eth_call",
            json!([{ "to": TO, "gas": "100000" }, "latest"]),
            "invalid argument 0 (transaction): \"gas\": hex string without 0x prefix",
        ),
        (
            "eth_call",
            json!([{ "to": TO, "gas": 100000 }]),
            "invalid argument 0 (transaction): \"gas\": cannot unmarshal non-string into a quantity",
        ),
        (
            "eth_call",
            json!([{ "to": TO, "data": "0x123" }]),
            "invalid argument 0 (transaction): \"data\": hex string of odd length",
        ),
        (
            "eth_estimateGas",
            json!([{ "to": TO, "value": "0x" }]),
            "invalid argument 0 (transaction): \"value\": hex string \"0x\"",
        ),
        (
            "eth_call",
            json!([{ "to": "0x4242", "input": "0x" }]),
            "invalid argument 0 (transaction): \"to\": hex string has length 4, want 40 for an address",
        ),
        (
            "eth_call",
            json!([{ "to": TO, "accessList": [{ "address": TO, "storageKeys": ["0x01"] }] }]),
            "invalid argument 0 (transaction): \"accessList[0].storageKeys[0]\": hex string has length 2, want 64",
        ),
        (
            "eth_sendRawTransaction",
            json!(["0x02f"]),
            "invalid argument 0 (data): hex string of odd length",
        ),
        (
            "eth_getTransactionByHash",
            json!(["0x1234"]),
            "invalid argument 0 (hash): hex string has length 4, want 64 for a hash",
        ),
        (
            "eth_getTransactionByBlockNumberAndIndex",
            json!(["0x0", "0"]),
            "invalid argument 1 (quantity): hex string without 0x prefix",
        ),
        (
            "eth_getLogs",
            json!([{ "fromBlock": "1" }]),
            "invalid argument 0 (filter): \"fromBlock\": invalid block tag \"1\"",
        ),
        (
            "eth_getLogs",
            json!([{ "topics": [null, ["0x12"]] }]),
            "invalid argument 0 (filter): \"topics[1][0]\": hex string has length 2, want 64 for a topic",
        ),
        (
            "eth_getLogs",
            json!([{ "address": [TO, "0xzz"] }]),
            "invalid argument 0 (filter): \"address[1]\": invalid hex string \"0xzz\"",
        ),
        (
            "eth_getTransactionCount",
            json!([DEV, format!("0x1{}", "0".repeat(16))]),
            "invalid argument 1 (block): hex number > 64 bits",
        ),
    ];
    for (method, params, want) in cases {
        let (code, message) = error_of(&url, method, params.clone()).await;
        assert_eq!(code, -32602, "{method} {params}: {message}");
        assert!(
            message.starts_with(want),
            "{method} {params}:\n got  {message}\n want {want}"
        );
    }

    // What geth accepts is accepted: every tag it names, hashes as block ids, 0x0.
    for tag in ["earliest", "latest", "pending", "safe", "finalized", "0x0"] {
        let answer = post(&url, "eth_getBlockByNumber", json!([tag, false])).await;
        assert!(answer.get("error").is_none(), "{tag}: {answer}");
    }
    let answer = post(
        &url,
        "eth_call",
        json!([{ "to": TO, "gas": "0x5208", "value": "0x0", "data": "0x" }, "latest"]),
    )
    .await;
    assert_eq!(answer["result"], json!("0x"), "{answer}");
    // The dev methods keep Hardhat's leniency: plain numbers.
    let answer = post(&url, "evm_increaseTime", json!([60])).await;
    assert_eq!(answer["result"], json!(60), "{answer}");
    server.stop().await.unwrap();
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("devnode-strict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

async fn refused(config: RpcConfig) -> String {
    serve(config).await.map(|_| ()).unwrap_err().to_string()
}

#[tokio::test]
async fn state_file_paths_are_checked_at_start_and_named() {
    // A missing --load-state file.
    let missing = scratch("missing.json");
    let err = refused(RpcConfig {
        load_state: Some(missing.clone()),
        ..config()
    })
    .await;
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert!(err.contains("--load-state"), "{err}");

    // A --dump-state in a directory that does not exist, and one that is a directory: refused at
    // start, not at exit.
    let nowhere = scratch("no-such-dir").join("state.json");
    let err = refused(RpcConfig {
        dump_state: Some(nowhere.clone()),
        ..config()
    })
    .await;
    assert!(err.contains(&nowhere.display().to_string()), "{err}");
    assert!(err.contains("--dump-state"), "{err}");
    let dir = scratch("a-directory");
    std::fs::create_dir_all(&dir).unwrap();
    let err = refused(RpcConfig {
        dump_state: Some(dir.clone()),
        ..config()
    })
    .await;
    assert!(err.contains(&dir.display().to_string()), "{err}");
    assert!(err.contains("is a directory"), "{err}");

    // A file that is not a state file.
    let garbage = scratch("garbage.json");
    std::fs::write(&garbage, b"{ not json").unwrap();
    let err = refused(RpcConfig {
        load_state: Some(garbage.clone()),
        ..config()
    })
    .await;
    assert!(err.contains(&garbage.display().to_string()), "{err}");

    // A writable --dump-state is accepted and left untouched until the node stops.
    let fine = scratch("fine.json");
    let server = serve(RpcConfig {
        dump_state: Some(fine.clone()),
        ..config()
    })
    .await
    .unwrap();
    assert!(!fine.exists());
    server.stop().await.unwrap();
    assert!(fine.exists());
}

#[tokio::test]
async fn state_file_fields_out_of_range_are_refused_naming_file_and_field() {
    let server = start().await;
    let state: NodeState = server.node().dump_state();
    server.stop().await.unwrap();

    let write = |name: &str, state: &NodeState| {
        let path = scratch(name);
        std::fs::write(&path, serde_json::to_vec(state).unwrap()).unwrap();
        path
    };
    let far = write(
        "far.json",
        &NodeState {
            block_number: devnode::rpc::dump::MAX_REPLAYED_BLOCKS + 1,
            ..state.clone()
        },
    );
    let err = refused(RpcConfig {
        load_state: Some(far.clone()),
        ..config()
    })
    .await;
    assert!(err.contains(&far.display().to_string()), "{err}");
    assert!(err.contains("blockNumber 1000001"), "{err}");

    let late = write(
        "late.json",
        &NodeState {
            timestamp: u64::MAX,
            ..state.clone()
        },
    );
    let err = refused(RpcConfig {
        load_state: Some(late.clone()),
        ..config()
    })
    .await;
    assert!(err.contains(&late.display().to_string()), "{err}");
    assert!(err.contains(&format!("timestamp {}", u64::MAX)), "{err}");

    // In range: loaded.
    let fine = write(
        "in-range.json",
        &NodeState {
            block_number: 7,
            ..state
        },
    );
    let server = serve(RpcConfig {
        load_state: Some(fine),
        ..config()
    })
    .await
    .unwrap();
    assert_eq!(server.node().with_chain(|c| c.block_number()), 7);
    server.stop().await.unwrap();
}
