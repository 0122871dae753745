//! `debug_traceTransaction` / `debug_traceCall` (geth's callTracer, Nitro's stylusTracer),
//! `eth_createAccessList` and the polled filters, over alloy's client against a served node.
//! The opt-in test at the end runs `cargo stylus trace` against the node.

mod common;
mod rpc_common;

use alloy::primitives::{Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::sol_types::SolError;
use common::{fixture, op, word};
use devnode::config::DEV_ACCOUNT;
use devnode::rpc::ServerHandle;
use rpc_common::*;
use serde_json::{json, Value};

/// A node (which keeps recent blocks' states, so mined transactions can be re-executed) with two
/// probe programs deployed; returns the server and the programs' addresses.
async fn node_with_probes() -> (ServerHandle, Address, Address) {
    let server = start().await;
    let wasm = fixture("probe");
    let (a, b) = server.node().with_chain(|c| {
        let a = c
            .deploy_stylus(DEV_ACCOUNT, &wasm)
            .expect("probe A deploys");
        // Same code: already activated.
        let b = c
            .deploy_code(DEV_ACCOUNT, &stylus_program::encode(&wasm))
            .expect("probe B deploys");
        (a, b)
    });
    (server, a, b)
}

/// Probe calldata: call `to` (no value) with `data`.
fn call_op(to: Address, data: &[u8]) -> Vec<u8> {
    op(7, &[to.as_slice(), &word(0), data])
}

/// `Error(string)` revert data.
fn error_string(reason: &str) -> Vec<u8> {
    alloy::sol_types::Revert::from(reason).abi_encode()
}

/// Sends a transaction from the dev account with a fixed gas limit; returns its hash.
async fn send(p: &impl Provider, to: Address, data: &[u8]) -> B256 {
    p.raw_request(
        "eth_sendTransaction".into(),
        (json!({"from": DEV_ACCOUNT, "to": to, "data": Bytes::copy_from_slice(data), "gas": "0x1000000"}),),
    )
    .await
    .expect("transaction accepted")
}

async fn trace_tx(p: &impl Provider, hash: B256, options: Value) -> Value {
    p.raw_request("debug_traceTransaction".into(), (hash, options))
        .await
        .expect("trace")
}

fn quantity(v: &Value) -> u64 {
    u64::from_str_radix(v.as_str().expect("hex string").trim_start_matches("0x"), 16)
        .expect("hex quantity")
}

fn bytes(v: &Value) -> Vec<u8> {
    alloy::primitives::hex::decode(v.as_str().expect("hex string")).expect("hex bytes")
}

#[tokio::test]
async fn call_tracer_shows_a_stylus_to_stylus_call_with_its_log() {
    let (server, a, b) = node_with_probes().await;
    let p = provider(&server);
    // B emits a log with one topic and 4 data bytes; A calls B.
    let topic = [0x42u8; 32];
    let inner = op(6, &[&[1], &topic, &[1, 2, 3, 4]]);
    let hash = send(&p, a, &call_op(b, &inner)).await;
    let receipt = p
        .get_transaction_receipt(hash)
        .await
        .unwrap()
        .expect("mined");
    assert!(receipt.status());

    let trace = trace_tx(
        &p,
        hash,
        json!({"tracer": "callTracer", "tracerConfig": {"withLog": true}}),
    )
    .await;
    assert_eq!(trace["type"], "CALL");
    assert_eq!(
        trace["from"].as_str().unwrap().parse::<Address>().unwrap(),
        DEV_ACCOUNT
    );
    assert_eq!(trace["to"].as_str().unwrap().parse::<Address>().unwrap(), a);
    assert_eq!(quantity(&trace["gas"]), 0x1000000);
    assert_eq!(quantity(&trace["gasUsed"]), receipt.gas_used);
    assert_eq!(bytes(&trace["input"]), call_op(b, &inner));
    // A returns the status byte (0: success) and B's (empty) return data.
    assert_eq!(bytes(&trace["output"]), vec![0]);
    assert!(trace.get("error").is_none());
    assert!(trace.get("logs").is_none(), "A itself logs nothing");

    let calls = trace["calls"].as_array().expect("A's calls");
    assert_eq!(calls.len(), 1);
    let child = &calls[0];
    assert_eq!(child["type"], "CALL");
    assert_eq!(
        child["from"].as_str().unwrap().parse::<Address>().unwrap(),
        a
    );
    assert_eq!(child["to"].as_str().unwrap().parse::<Address>().unwrap(), b);
    assert_eq!(quantity(&child["value"]), 0);
    assert_eq!(bytes(&child["input"]), inner);
    let (gas, used) = (quantity(&child["gas"]), quantity(&child["gasUsed"]));
    assert!(used > 0 && used < gas, "child gas {used} of {gas}");
    assert!(used < quantity(&trace["gasUsed"]));
    let logs = child["logs"].as_array().expect("B's log");
    assert_eq!(logs.len(), 1);
    assert_eq!(
        logs[0]["address"]
            .as_str()
            .unwrap()
            .parse::<Address>()
            .unwrap(),
        b
    );
    assert_eq!(logs[0]["topics"], json!([B256::from(topic)]));
    assert_eq!(bytes(&logs[0]["data"]), vec![1, 2, 3, 4]);
    assert_eq!(quantity(&logs[0]["position"]), 0);

    // onlyTopCall drops the child; without withLog there are no logs.
    let top = trace_tx(
        &p,
        hash,
        json!({"tracer": "callTracer", "tracerConfig": {"onlyTopCall": true}}),
    )
    .await;
    assert!(top.get("calls").is_none());
    assert_eq!(top["gasUsed"], trace["gasUsed"]);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn call_tracer_reports_reverts_with_their_reason() {
    let (server, a, b) = node_with_probes().await;
    let p = provider(&server);
    // B reverts with Error("nope"); A survives and returns status 1 and the revert data.
    let revert = error_string("nope");
    let hash = send(&p, a, &call_op(b, &op(15, &[&revert]))).await;
    let trace = trace_tx(&p, hash, json!({"tracer": "callTracer"})).await;
    assert!(trace.get("error").is_none());
    assert_eq!(bytes(&trace["output"]), [&[1u8][..], &revert].concat());
    let child = &trace["calls"][0];
    assert_eq!(child["error"], "execution reverted");
    assert_eq!(child["revertReason"], "nope");
    assert_eq!(bytes(&child["output"]), revert);

    // A call that reverts at the top (debug_traceCall: nothing is mined).
    let before = p.get_block_number().await.unwrap();
    let call =
        json!({"from": DEV_ACCOUNT, "to": a, "data": Bytes::from(op(15, &[&error_string("top")]))});
    let trace: Value = p
        .raw_request(
            "debug_traceCall".into(),
            (call, "latest", json!({"tracer": "callTracer"})),
        )
        .await
        .unwrap();
    assert_eq!(trace["error"], "execution reverted");
    assert_eq!(trace["revertReason"], "top");
    assert_eq!(bytes(&trace["output"]), error_string("top"));
    assert!(quantity(&trace["gasUsed"]) > 21_000);
    assert_eq!(p.get_block_number().await.unwrap(), before);

    // A transaction that ran out of gas.
    let hash = p
        .raw_request::<_, B256>(
            "eth_sendTransaction".into(),
            (json!({"from": DEV_ACCOUNT, "to": a, "data": Bytes::from(op(19, &[&100_000u32.to_le_bytes()])), "gas": "0x7530"}),),
        )
        .await
        .unwrap();
    let trace = trace_tx(&p, hash, json!({"tracer": "callTracer"})).await;
    assert_eq!(trace["error"], "out of gas");
    assert_eq!(quantity(&trace["gasUsed"]), 0x7530);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn call_tracer_shows_static_delegate_and_create_frames_of_programs() {
    let (server, a, b) = node_with_probes().await;
    let p = provider(&server);
    let trace_call = |data: Vec<u8>| {
        let p = p.clone();
        async move {
            let call = json!({"from": DEV_ACCOUNT, "to": a, "data": Bytes::from(data)});
            p.raw_request::<_, Value>(
                "debug_traceCall".into(),
                (call, "latest", json!({"tracer": "callTracer"})),
            )
            .await
            .expect("trace")
        }
    };
    let echo = op(0, &[b"hi"]);

    let trace = trace_call(op(8, &[b.as_slice(), &echo])).await;
    let child = &trace["calls"][0];
    assert_eq!(child["type"], "STATICCALL");
    assert_eq!(
        child["from"].as_str().unwrap().parse::<Address>().unwrap(),
        a
    );
    assert_eq!(child["to"].as_str().unwrap().parse::<Address>().unwrap(), b);
    assert!(child.get("value").is_none());
    assert_eq!(bytes(&child["output"]), b"hi");

    let trace = trace_call(op(9, &[b.as_slice(), &echo])).await;
    let child = &trace["calls"][0];
    assert_eq!(child["type"], "DELEGATECALL");
    assert_eq!(
        child["from"].as_str().unwrap().parse::<Address>().unwrap(),
        a
    );
    assert_eq!(child["to"].as_str().unwrap().parse::<Address>().unwrap(), b);
    assert_eq!(bytes(&child["input"]), echo);

    // create1 with init code returning a 32-byte runtime code.
    let runtime = common::evm_constant(word(3), false);
    let init = devnode::chain::init_code_returning(&runtime);
    let trace = trace_call(op(10, &[&word(0), &init])).await;
    let child = &trace["calls"][0];
    assert_eq!(child["type"], "CREATE");
    assert_eq!(
        child["from"].as_str().unwrap().parse::<Address>().unwrap(),
        a
    );
    let created = child["to"].as_str().unwrap().parse::<Address>().unwrap();
    assert_eq!(bytes(&trace["output"])[..20], *created.as_slice());
    assert_eq!(bytes(&child["input"]), init.to_vec());
    assert_eq!(bytes(&child["output"]), runtime);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn stylus_tracer_records_host_io_with_decreasing_ink() {
    let (server, a, b) = node_with_probes().await;
    let p = provider(&server);
    let key = word(7);
    let inner = op(2, &[&key]);
    let hash = send(&p, a, &call_op(b, &inner)).await;
    let steps = trace_tx(&p, hash, json!({"tracer": "stylusTracer"})).await;
    let names = |steps: &Value| -> Vec<String> {
        steps
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(&steps),
        [
            "user_entrypoint",
            "read_args",
            "call_contract",
            "return_data_size",
            "read_return_data",
            "write_result",
            "user_returned"
        ]
    );
    let steps = steps.as_array().unwrap();
    let args_len = call_op(b, &inner).len() as u32;
    assert_eq!(bytes(&steps[0]["args"]), args_len.to_be_bytes());
    assert_eq!(bytes(&steps[1]["outs"]), call_op(b, &inner));
    // call_contract: address, gas (u64::MAX asked), value, calldata; outs: return length, status.
    let call = &steps[2];
    let args = bytes(&call["args"]);
    assert_eq!(&args[..20], b.as_slice());
    assert_eq!(&args[20..28], u64::MAX.to_be_bytes());
    assert_eq!(&args[28..60], word(0));
    assert_eq!(&args[60..], inner.as_slice());
    assert_eq!(
        bytes(&call["outs"]),
        [&32u32.to_be_bytes()[..], &[0]].concat()
    );
    assert_eq!(
        call["address"]
            .as_str()
            .unwrap()
            .parse::<Address>()
            .unwrap(),
        b
    );
    let nested = &call["steps"];
    assert_eq!(
        names(nested),
        [
            "user_entrypoint",
            "read_args",
            "storage_load_bytes32",
            "write_result",
            "user_returned"
        ]
    );
    let load = &nested[2];
    assert_eq!(bytes(&load["args"]), key);
    assert_eq!(bytes(&load["outs"]), word(0));
    assert!(load["startInk"].as_u64().unwrap() > load["endInk"].as_u64().unwrap());

    // Ink only goes down through the program's host I/O (user_returned repeats the starting
    // ink, as Nitro records it).
    for list in [steps.as_slice(), nested.as_array().unwrap()] {
        let mut last = u64::MAX;
        for s in &list[..list.len() - 1] {
            let (start, end) = (
                s["startInk"].as_u64().unwrap(),
                s["endInk"].as_u64().unwrap(),
            );
            assert!(start >= end, "{}: {start} -> {end}", s["name"]);
            assert!(
                start <= last,
                "{} starts above the previous step",
                s["name"]
            );
            last = end;
        }
    }
    // The call's ink covers the callee's.
    let callee_start = nested[0]["startInk"].as_u64().unwrap();
    assert!(call["startInk"].as_u64().unwrap() > callee_start);

    // An EVM contract calling a program: the EVM frame is an `evm_call_contract` step.
    let proxy = server
        .node()
        .with_chain(|c| c.deploy_code(DEV_ACCOUNT, &common::evm_proxy(false)))
        .unwrap();
    let hash = send(&p, proxy, &[b.as_slice(), &op(0, &[b"hi"])].concat()).await;
    let steps = trace_tx(&p, hash, json!({"tracer": "stylusTracer"})).await;
    assert_eq!(names(&steps), ["evm_call_contract"]);
    assert_eq!(
        steps[0]["address"]
            .as_str()
            .unwrap()
            .parse::<Address>()
            .unwrap(),
        b
    );
    assert_eq!(
        names(&steps[0]["steps"]),
        [
            "user_entrypoint",
            "read_args",
            "write_result",
            "user_returned"
        ]
    );

    // A creation by a program: the creation frame (`evm_create1`, at the new address), then the
    // `create1` host I/O (endowment and init code; the address and revert data length).
    let init = devnode::chain::init_code_returning(&common::evm_constant(word(3), false));
    let call =
        json!({"from": DEV_ACCOUNT, "to": a, "data": Bytes::from(op(10, &[&word(0), &init]))});
    let steps: Value = p
        .raw_request(
            "debug_traceCall".into(),
            (call, "latest", json!({"tracer": "stylusTracer"})),
        )
        .await
        .unwrap();
    let list = names(&steps);
    let at = list
        .iter()
        .position(|n| n == "evm_create1")
        .expect("creation frame");
    assert_eq!(list[at + 1], "create1");
    let create = &steps[at + 1];
    assert_eq!(bytes(&create["args"]), [&word(0)[..], &init].concat());
    let outs = bytes(&create["outs"]);
    assert_eq!(outs.len(), 24);
    assert_eq!(
        steps[at]["address"]
            .as_str()
            .unwrap()
            .parse::<Address>()
            .unwrap(),
        Address::from_slice(&outs[..20])
    );
    assert_eq!(Address::from_slice(&outs[..20]), a.create(1));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn tracing_names_what_it_cannot_do() {
    let server = start().await;
    let p = provider(&server);
    let wasm = fixture("probe");
    let a = server
        .node()
        .with_chain(|c| c.deploy_stylus(DEV_ACCOUNT, &wasm))
        .unwrap();
    let hash = send(&p, a, &op(0, &[b"x"])).await;
    // Whatever this node keeps, the state before a block this old is gone.
    server
        .node()
        .with_chain(|c| c.mine_blocks(devnode::DEFAULT_STATE_BLOCKS + 2));
    let err = |e: alloy::transports::TransportError| {
        let payload = e.as_error_resp().expect("error response").clone();
        (payload.code, payload.message.to_string())
    };
    let e = p
        .raw_request::<_, Value>(
            "debug_traceTransaction".into(),
            (hash, json!({"tracer": "callTracer"})),
        )
        .await
        .unwrap_err();
    let (code, message) = err(e);
    assert_eq!(code, -32000);
    assert!(
        message.starts_with("historical state is not available for block"),
        "{message}"
    );
    // No tracer (geth's struct logger) and unknown tracers are refused, naming the supported ones.
    for options in [json!({}), json!({"tracer": "prestateTracer"})] {
        let e = p
            .raw_request::<_, Value>("debug_traceTransaction".into(), (hash, options))
            .await
            .unwrap_err();
        let (code, message) = err(e);
        assert_eq!(code, -32602);
        assert!(message.contains("callTracer, stylusTracer"), "{message}");
    }
    let e = p
        .raw_request::<_, Value>(
            "debug_traceTransaction".into(),
            (B256::repeat_byte(9), json!({"tracer": "callTracer"})),
        )
        .await
        .unwrap_err();
    assert_eq!(err(e), (-32000, "transaction not found".to_string()));
    server.stop().await.unwrap();
}

#[tokio::test]
async fn create_access_list_names_the_slots_a_call_reads() {
    let (server, a, b) = node_with_probes().await;
    let p = provider(&server);
    let key = word(0x1234);
    let data = Bytes::from(call_op(b, &op(2, &[&key])));
    let call = json!({"from": DEV_ACCOUNT, "to": a, "data": data});
    let answer: Value = p
        .raw_request("eth_createAccessList".into(), (call.clone(), "latest"))
        .await
        .unwrap();
    // The sender and the callee are left out; B and the slot it read are in.
    assert_eq!(
        answer["accessList"],
        json!([{"address": b, "storageKeys": [B256::from(key)]}])
    );
    assert!(answer.get("error").is_none());
    let used = quantity(&answer["gasUsed"]);
    // With the list the call costs what an EIP-2930 transaction carrying it costs.
    let mut with_list = call.clone();
    with_list["accessList"] = answer["accessList"].clone();
    with_list["gas"] = json!("0x1000000");
    let estimate: U256 = p
        .raw_request("eth_estimateGas".into(), (with_list.clone(),))
        .await
        .unwrap();
    assert!(estimate.to::<u64>() >= used);
    let hash: B256 = p
        .raw_request("eth_sendTransaction".into(), (with_list,))
        .await
        .unwrap();
    let receipt = p.get_transaction_receipt(hash).await.unwrap().unwrap();
    assert_eq!(receipt.gas_used, used);

    // A reverting call still gets its list, and geth's `error` field.
    let call =
        json!({"from": DEV_ACCOUNT, "to": a, "data": Bytes::from(op(15, &[&error_string("no")]))});
    let answer: Value = p
        .raw_request("eth_createAccessList".into(), (call,))
        .await
        .unwrap();
    assert_eq!(answer["accessList"], json!([]));
    assert_eq!(answer["error"], "execution reverted: no");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn block_and_log_filters_report_what_is_new_since_the_last_poll() {
    let (server, a, _b) = node_with_probes().await;
    let p = provider(&server);

    let blocks = p.new_block_filter().await.unwrap();
    let logs: U256 = p
        .raw_request(
            "eth_newFilter".into(),
            (json!({"address": a, "topics": [B256::repeat_byte(0x11)]}),),
        )
        .await
        .unwrap();
    let pending: U256 = p
        .raw_request("eth_newPendingTransactionFilter".into(), ())
        .await
        .unwrap();

    let logging = op(6, &[&[1], &[0x11; 32], b"data"]);
    let other = op(6, &[&[1], &[0x22; 32], b"data"]);
    let h1 = send(&p, a, &logging).await;
    let h2 = send(&p, a, &other).await;
    p.raw_request::<_, Value>("evm_mine".into(), ())
        .await
        .unwrap();

    let new_blocks: Vec<B256> = p.get_filter_changes(blocks).await.unwrap();
    let latest = p.get_block_number().await.unwrap();
    assert_eq!(new_blocks.len(), 3);
    let last = p.get_block_by_number(latest.into()).await.unwrap().unwrap();
    assert_eq!(new_blocks[2], last.header.hash);
    assert!(p
        .get_filter_changes::<B256>(blocks)
        .await
        .unwrap()
        .is_empty());

    let changes: Value = p
        .raw_request("eth_getFilterChanges".into(), (logs,))
        .await
        .unwrap();
    let changes = changes.as_array().unwrap();
    assert_eq!(changes.len(), 1, "only the log with the filtered topic");
    assert_eq!(changes[0]["transactionHash"], json!(h1));
    assert_eq!(bytes(&changes[0]["data"]), b"data");
    let again: Value = p
        .raw_request("eth_getFilterChanges".into(), (logs,))
        .await
        .unwrap();
    assert_eq!(again, json!([]));
    // eth_getFilterLogs answers the whole query again (here: the latest block only, as the
    // filter names no range) without moving the cursor.
    let all: Value = p
        .raw_request("eth_getFilterLogs".into(), (logs,))
        .await
        .unwrap();
    assert_eq!(all, json!([]));

    let txs: Vec<B256> = p
        .raw_request("eth_getFilterChanges".into(), (pending,))
        .await
        .unwrap();
    assert_eq!(txs, vec![h1, h2]);

    assert!(p
        .raw_request::<_, bool>("eth_uninstallFilter".into(), (logs,))
        .await
        .unwrap());
    assert!(!p
        .raw_request::<_, bool>("eth_uninstallFilter".into(), (logs,))
        .await
        .unwrap());
    let e = p
        .raw_request::<_, Value>("eth_getFilterChanges".into(), (logs,))
        .await
        .unwrap_err();
    let payload = e.as_error_resp().unwrap();
    assert_eq!(
        (payload.code, payload.message.as_ref()),
        (-32000, "filter not found")
    );
    server.stop().await.unwrap();
}

#[tokio::test]
async fn filter_logs_covers_the_filters_range_and_alloy_watches_blocks_and_logs() {
    use futures_util::StreamExt;
    let (server, a, _b) = node_with_probes().await;
    let p = provider(&server);
    let logging = op(6, &[&[1], &[0x11; 32], b"one"]);
    let h1 = send(&p, a, &logging).await;

    let filter = alloy::rpc::types::Filter::new().address(a).from_block(0u64);
    let mut logs = p.watch_logs(&filter).await.unwrap().into_stream();
    let mut blocks = p.watch_blocks().await.unwrap().into_stream();
    let id: U256 = p
        .raw_request(
            "eth_newFilter".into(),
            (json!({"address": a, "fromBlock": "0x0"}),),
        )
        .await
        .unwrap();
    let all: Value = p
        .raw_request("eth_getFilterLogs".into(), (id,))
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
    assert_eq!(all[0]["transactionHash"], json!(h1));

    let h2 = send(&p, a, &logging).await;
    let within = std::time::Duration::from_secs(20);
    let got = tokio::time::timeout(within, async {
        loop {
            let batch = logs.next().await.expect("log stream");
            if let Some(l) = batch.iter().find(|l| l.transaction_hash == Some(h2)) {
                return l.clone();
            }
        }
    })
    .await
    .expect("watch_logs sees the new log");
    assert_eq!(got.address(), a);
    let block = p.get_transaction_receipt(h2).await.unwrap().unwrap();
    let hashes = tokio::time::timeout(within, blocks.next())
        .await
        .expect("watch_blocks sees the new block")
        .expect("block stream");
    assert_eq!(hashes, vec![block.block_hash.unwrap()]);
    server.stop().await.unwrap();
}

#[tokio::test]
async fn filters_are_bounded() {
    let server = start().await;
    let p = provider(&server);
    let max = devnode::rpc::MAX_FILTERS;
    for _ in 0..max {
        p.new_block_filter().await.unwrap();
    }
    let e = p.new_block_filter().await.unwrap_err();
    let payload = e.as_error_resp().unwrap();
    assert_eq!(payload.code, -32000);
    assert!(
        payload
            .message
            .starts_with("too many filters: at most 1000"),
        "{}",
        payload.message
    );
    server.stop().await.unwrap();
}

fn cargo_stylus_installed() -> bool {
    std::process::Command::new("cargo")
        .args(["stylus", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[tokio::test]
async fn cargo_stylus_trace_prints_the_host_calls() {
    if !cargo_stylus_installed() {
        eprintln!("SKIPPED: `cargo stylus` is not installed (cargo install cargo-stylus --locked)");
        return;
    }
    let (server, a, b) = node_with_probes().await;
    let p = provider(&server);
    let hash = send(&p, a, &call_op(b, &op(2, &[&word(5)]))).await;
    let url = server.url();
    for native in [false, true] {
        let mut args = vec![
            "stylus".to_string(),
            "trace".into(),
            "--tx".into(),
            hash.to_string(),
            "--endpoint".into(),
            url.clone(),
        ];
        if native {
            args.push("--use-native-tracer".into());
        }
        let out = tokio::task::spawn_blocking(move || {
            std::process::Command::new("cargo")
                .args(args)
                .output()
                .expect("cargo stylus runs")
        })
        .await
        .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "cargo stylus trace failed: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed: Value = serde_json::from_str(stdout.trim()).expect("a JSON trace");
        let text = printed.to_string();
        for name in [
            "user_entrypoint",
            "read_args",
            "call_contract",
            "storage_load_bytes32",
            "write_result",
        ] {
            assert!(text.contains(name), "{name} missing from {text}");
        }
    }
    server.stop().await.unwrap();
}

#[test]
fn a_later_transaction_of_a_block_is_traced_after_replaying_the_earlier_ones() {
    use devnode::trace::TracerKind;
    use devnode::{Chain, TxRequest};
    let mut chain = Chain::dev();
    let probe = chain.deploy_stylus(DEV_ACCOUNT, &fixture("probe")).unwrap();
    // One block: store 9 at slot 1, then read slot 1.
    let store = TxRequest::call(DEV_ACCOUNT, probe, op(1, &[&word(1), &word(9)]));
    let load = TxRequest::call(DEV_ACCOUNT, probe, op(2, &[&word(1)]))
        .with_nonce(chain.nonce(DEV_ACCOUNT) + 1);
    let receipts = chain.transact_block(vec![(store, None), (load, None)]);
    let second = receipts[1].as_ref().expect("second transaction included");
    assert_eq!(second.transaction_index, 1);
    let trace = chain
        .trace_transaction(
            second.transaction_hash,
            TracerKind::Call {
                only_top_call: false,
                with_log: false,
            },
        )
        .unwrap();
    // The load sees the store of the transaction before it in the block.
    assert_eq!(bytes(&trace["output"]), word(9));
    assert_eq!(quantity(&trace["gasUsed"]), second.gas_used);
    // The same with the block's first transaction alone: slot 1 was still empty.
    let first = receipts[0].as_ref().unwrap();
    let trace = chain
        .trace_transaction(first.transaction_hash, TracerKind::Stylus)
        .unwrap();
    let names: Vec<&str> = trace
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "user_entrypoint",
            "read_args",
            "storage_cache_bytes32",
            "storage_flush_cache",
            "user_returned"
        ]
    );
}
