//! Bad input: every malformed body gets the standard error and the node keeps serving.

mod rpc_common;

use alloy::transports::http::reqwest;
use rpc_common::*;
use serde_json::{json, Value};
use std::io::{Read, Write};

async fn post(client: &reqwest::Client, url: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let r = client
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the node answers");
    let status = r.status().as_u16();
    let bytes = r.bytes().await.expect("body");
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("JSON answer")
    };
    (status, value)
}

fn code(v: &Value) -> i64 {
    v["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("no error code in {v}"))
}

async fn still_serving(client: &reqwest::Client, url: &str) {
    let (status, v) = post(
        client,
        url,
        r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v["result"], "0x64aba");
}

/// A small deterministic generator (xorshift) for random bodies.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[tokio::test]
async fn malformed_json_is_a_parse_error() {
    let server = start().await;
    let url = server.url();
    let client = reqwest::Client::new();
    for body in [
        "",
        "{",
        "garbage",
        "{\"jsonrpc\":\"2.0\",",
        "[1,2",
        "\u{0}\u{1}",
        "nul",
        "{\"a\":1}}",
    ] {
        let (status, v) = post(&client, &url, body.to_string()).await;
        assert_eq!(status, 200, "{body:?}");
        assert_eq!(code(&v), -32700, "{body:?}: {v}");
        assert_eq!(v["id"], Value::Null);
    }
    // Random bytes.
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..200 {
        let n = (rng.next() % 2_000) as usize;
        let mut body = rng.bytes(n);
        if i % 2 == 0 && !body.is_empty() {
            body[0] = b'{';
        }
        let (_, v) = post(&client, &url, body).await;
        // Random bytes that happen to be valid JSON are at worst an invalid request.
        let c = code(&v);
        assert!(c == -32700 || c == -32600, "{v}");
    }
    // Deeply nested JSON: refused by the parser's depth limit, not by a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (_, v) = post(&client, &url, deep).await;
    assert_eq!(code(&v), -32700);
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    let (_, v) = post(&client, &url, deep_obj).await;
    assert_eq!(code(&v), -32700);
    still_serving(&client, &url).await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn invalid_requests_and_params() {
    let server = start().await;
    let url = server.url();
    let client = reqwest::Client::new();
    let cases: Vec<(Value, i64)> = vec![
        (json!(1), -32600),
        (json!("eth_chainId"), -32600),
        (json!(null), -32600),
        (json!({"id": 1, "method": "eth_chainId"}), -32600),
        (
            json!({"jsonrpc": "1.0", "id": 1, "method": "eth_chainId"}),
            -32600,
        ),
        (
            json!({"jsonrpc": 2, "id": 1, "method": "eth_chainId"}),
            -32600,
        ),
        (json!({"jsonrpc": "2.0", "id": 1}), -32600),
        (json!({"jsonrpc": "2.0", "id": 1, "method": 7}), -32600),
        (
            json!({"jsonrpc": "2.0", "id": [1], "method": "eth_chainId"}),
            -32600,
        ),
        (
            json!({"jsonrpc": "2.0", "id": {"a": 1}, "method": "eth_chainId"}),
            -32600,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": "x"}),
            -32600,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_nope"}),
            -32601,
        ),
        (json!({"jsonrpc": "2.0", "id": 1, "method": ""}), -32601),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getBalance"}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getBalance", "params": [123]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getBalance", "params": ["0x12"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getBalance", "params": ["0x0000000000000000000000000000000000000001", "someday"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getBalance", "params": ["0x0000000000000000000000000000000000000001", "latest", 3]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getBalance", "params": {"address": "0x0000000000000000000000000000000000000001"}}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getBlockByNumber", "params": [true, "latest"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getStorageAt", "params": ["0x0000000000000000000000000000000000000001", "0xzz"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_call", "params": [{"to": 5}]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction", "params": ["0x"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction", "params": ["0xdeadbeef"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_sendRawTransaction", "params": ["not hex"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_feeHistory", "params": ["0x1", "latest", [90, 10]]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_feeHistory", "params": [-1, "latest"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "evm_increaseTime", "params": ["lots"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "evm_revert", "params": []}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "evm_increaseTime", "params": ["0xffffffffffffffff"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "evm_setNextBlockTimestamp", "params": ["0xffffffffffffffff"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "evm_mine", "params": ["0xffffffffffffffff"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "anvil_mine", "params": ["0x10", "0xffffffffffffffff"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "anvil_mine", "params": ["0xffffffff"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_call", "params": [{"to": "0x0000000000000000000000000000000000000071", "gas": "0xffffffffffffffff"}]}),
            3,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "anvil_setBalance", "params": ["0x0000000000000000000000000000000000000001", "0x1000000000000000000000000000000000000000000000000000000000000000000"]}),
            -32602,
        ),
        (
            json!({"jsonrpc": "2.0", "id": 1, "method": "eth_getLogs", "params": [{"fromBlock": 7}]}),
            -32602,
        ),
    ];
    for (request, want) in cases {
        let (status, v) = post(&client, &url, request.to_string()).await;
        assert_eq!(status, 200, "{request}");
        assert_eq!(code(&v), want, "{request} -> {v}");
        assert_eq!(v["jsonrpc"], "2.0");
    }
    // The id is echoed whatever its size or kind.
    let long_id = "x".repeat(100_000);
    for id in [
        json!(long_id),
        json!(u64::MAX),
        json!(-5),
        json!(1.5),
        json!(null),
        json!(""),
    ] {
        let (_, v) = post(
            &client,
            &url,
            json!({"jsonrpc": "2.0", "id": id, "method": "eth_chainId"}).to_string(),
        )
        .await;
        assert_eq!(v["id"], id);
        assert_eq!(v["result"], "0x64aba");
    }
    let (_, v) = post(
        &client,
        &url,
        r#"{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"eth_chainId"}"#,
    )
    .await;
    assert_eq!(v["result"], "0x64aba");
    // Time and blocks still move after the refused extremes.
    let mine = json!({"jsonrpc": "2.0", "id": 1, "method": "evm_mine"}).to_string();
    let (_, v) = post(&client, &url, mine).await;
    assert_eq!(v["result"], "0x0");
    let (_, v) = post(
        &client,
        &url,
        r#"{"jsonrpc":"2.0","id":1e999,"method":"eth_chainId"}"#,
    )
    .await;
    assert_eq!(code(&v), -32700);
    still_serving(&client, &url).await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn batches() {
    let mut config = config();
    config.max_batch = 50;
    let server = devnode::rpc::serve(config).await.unwrap();
    let url = server.url();
    let client = reqwest::Client::new();

    let (_, v) = post(&client, &url, "[]").await;
    assert_eq!(code(&v), -32600);
    // Mixed batch: answers in order, errors per element.
    let batch = json!([
        {"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"},
        {"jsonrpc": "2.0", "id": 2, "method": "eth_nope"},
        5,
        {"jsonrpc": "2.0", "id": 4, "method": "eth_getBalance", "params": ["bad"]},
        [{"jsonrpc": "2.0", "id": 5, "method": "eth_chainId"}],
        {"jsonrpc": "2.0", "method": "eth_chainId"},
        {"jsonrpc": "2.0", "id": "seven", "method": "eth_blockNumber"}
    ]);
    let (_, v) = post(&client, &url, batch.to_string()).await;
    let out = v.as_array().expect("array");
    assert_eq!(out.len(), 6, "the notification gets no answer: {v}");
    assert_eq!(out[0]["result"], "0x64aba");
    assert_eq!(code(&out[1]), -32601);
    assert_eq!(code(&out[2]), -32600);
    assert_eq!(code(&out[3]), -32602);
    assert_eq!(code(&out[4]), -32600);
    assert_eq!(out[5]["id"], "seven");
    assert_eq!(out[5]["result"], "0x0");

    // Only notifications: no content.
    let r = client
        .post(&url)
        .header("content-type", "application/json")
        .body(json!([{"jsonrpc": "2.0", "method": "eth_chainId"}]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);

    // Too many requests in one batch.
    let big: Vec<Value> = (0..51)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "eth_chainId"}))
        .collect();
    let (_, v) = post(&client, &url, Value::Array(big).to_string()).await;
    assert_eq!(code(&v), -32600);
    assert!(v["error"]["message"].as_str().unwrap().contains("limit"));
    let ok: Vec<Value> = (0..50)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "eth_chainId"}))
        .collect();
    let (_, v) = post(&client, &url, Value::Array(ok).to_string()).await;
    assert_eq!(v.as_array().unwrap().len(), 50);
    still_serving(&client, &url).await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn oversized_bodies_and_broken_http() {
    let mut config = config();
    config.max_body_bytes = 64 * 1024;
    let server = devnode::rpc::serve(config).await.unwrap();
    let url = server.url();
    let client = reqwest::Client::new();

    // Declared too large.
    let (status, v) = post(&client, &url, vec![b' '; 64 * 1024 + 1]).await;
    assert_eq!(status, 413);
    assert_eq!(code(&v), -32600);
    // Streamed without a length (chunked) and too large.
    let addr = server.local_addr();
    let chunked = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let _ = s.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        let chunk = format!("400\r\n{}\r\n", " ".repeat(1024));
        for _ in 0..100 {
            if s.write_all(chunk.as_bytes()).is_err() {
                break;
            }
        }
        let _ = s.write_all(b"0\r\n\r\n");
        let mut buf = [0u8; 64];
        let n = s.read(&mut buf).unwrap_or(0);
        String::from_utf8_lossy(&buf[..n]).to_string()
    })
    .await
    .unwrap();
    assert!(chunked.starts_with("HTTP/1.1 413"), "{chunked}");

    // Not POST.
    let r = client.get(&url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 405);
    let r = client
        .request(reqwest::Method::OPTIONS, &url)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");

    // Raw garbage on the socket, and a connection closed mid-request.
    let addr = server.local_addr();
    let raw = tokio::task::spawn_blocking(move || {
        let mut answers = Vec::new();
        for junk in [
            &b"\x00\x01\x02garbage\r\n\r\n"[..],
            b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"a\"",
        ] {
            let mut s = std::net::TcpStream::connect(addr).unwrap();
            s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            s.write_all(junk).unwrap();
            let _ = s.shutdown(std::net::Shutdown::Write);
            let mut buf = Vec::new();
            let _ = s.read_to_end(&mut buf);
            answers.push(buf);
        }
        answers
    })
    .await
    .unwrap();
    assert!(
        String::from_utf8_lossy(&raw[0]).starts_with("HTTP/1.1 400"),
        "{:?}",
        String::from_utf8_lossy(&raw[0])
    );
    still_serving(&client, &url).await;
    server.stop().await.unwrap();
}

#[tokio::test]
async fn the_http_client_keeps_working_after_abuse() {
    // Many connections opened and dropped, then normal use through alloy.
    let server = start().await;
    let addr = server.local_addr();
    tokio::task::spawn_blocking(move || {
        for _ in 0..200 {
            let s = std::net::TcpStream::connect(addr).unwrap();
            drop(s);
        }
    })
    .await
    .unwrap();
    let p = provider(&server);
    use alloy::providers::Provider;
    assert_eq!(p.get_chain_id().await.unwrap(), 412_346);
    server.stop().await.unwrap();
}
