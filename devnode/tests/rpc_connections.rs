//! Connections and the execution pool cannot exhaust the node: idle and slow-header connections
//! are closed, connections beyond the limit are refused with a JSON-RPC error while the open ones
//! keep being answered, and a burst of requests stays within the pool's thread bound.
//!
//! Timeouts here are small settings; the only time checks are "closed within a generous bound".

mod rpc_common;

use devnode::rpc::{serve, ConnLimits, ExecLimits, ServerHandle, LIMIT_EXCEEDED};
use rpc_common::*;
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Far longer than any timeout configured here: a connection still open after this is a failure.
const BOUND: Duration = Duration::from_secs(20);

async fn start_with(connections: ConnLimits, exec: ExecLimits) -> ServerHandle {
    serve(devnode::rpc::RpcConfig {
        connections,
        exec,
        ..config()
    })
    .await
    .expect("server starts")
}

fn limits(max_connections: usize, idle_ms: u64, header_ms: u64) -> ConnLimits {
    ConnLimits {
        max_connections,
        idle_timeout: Duration::from_millis(idle_ms),
        header_timeout: Duration::from_millis(header_ms),
    }
}

async fn connect(server: &ServerHandle) -> TcpStream {
    TcpStream::connect(server.local_addr()).await.unwrap()
}

fn request(body: &str) -> Vec<u8> {
    format!(
        "POST / HTTP/1.1\r\nhost: devnode\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Reads one HTTP response: its status and JSON body.
async fn read_response(stream: &mut TcpStream) -> (u16, Value) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = tokio::time::timeout(BOUND, stream.read(&mut chunk))
            .await
            .expect("a response within the bound")
            .expect("readable");
        assert!(
            n > 0,
            "closed before a full response: {:?}",
            String::from_utf8_lossy(&buf)
        );
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap());
        if buf.len() < end + 4 + length {
            continue;
        }
        let status = head[9..12].parse().unwrap();
        let body = &buf[end + 4..end + 4 + length];
        return (status, serde_json::from_slice(body).unwrap_or(Value::Null));
    }
}

async fn block_number(stream: &mut TcpStream) -> Value {
    stream
        .write_all(&request(
            r#"{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}"#,
        ))
        .await
        .unwrap();
    let (status, body) = read_response(stream).await;
    assert_eq!(status, 200, "{body}");
    body["result"].clone()
}

/// Waits until the server closes the stream (EOF or reset), for at most [`BOUND`].
async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut chunk = [0u8; 1024];
    tokio::time::timeout(BOUND, async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let server = start_with(limits(16, 300, 10_000), ExecLimits::default()).await;
    // Never sent anything.
    let mut silent = connect(&server).await;
    // Served one request, then went quiet.
    let mut used = connect(&server).await;
    assert_eq!(block_number(&mut used).await, "0x0");
    assert!(closed_by_server(&mut silent).await);
    assert!(closed_by_server(&mut used).await);
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_dropped() {
    // Idle connections are kept for a long time: only the slow headers close this one.
    let server = start_with(limits(16, 60_000, 300), ExecLimits::default()).await;
    let mut slow = connect(&server).await;
    slow.write_all(b"POST / HTTP/1.1\r\nhost: devnode\r\ncontent-type: appl")
        .await
        .unwrap();
    assert!(closed_by_server(&mut slow).await);

    // A connection idle for longer than the header timeout is not dropped for it: it is idle,
    // not slow, and its next request is answered.
    let mut idle = connect(&server).await;
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(block_number(&mut idle).await, "0x0");

    // A body that stops arriving is answered 408 once the same timeout has passed.
    let mut stalled = connect(&server).await;
    stalled
        .write_all(b"POST / HTTP/1.1\r\nhost: devnode\r\ncontent-length: 100\r\n\r\n{\"jsonrpc\"")
        .await
        .unwrap();
    let (status, body) = read_response(&mut stalled).await;
    assert_eq!(status, 408, "{body}");
    assert_eq!(body["error"]["code"], -32600);
}

#[tokio::test]
async fn connections_beyond_the_limit_are_refused_and_the_open_ones_keep_answering() {
    let server = start_with(limits(2, 60_000, 10_000), ExecLimits::default()).await;
    let mut first = connect(&server).await;
    let mut second = connect(&server).await;
    // Served, so both hold their place.
    assert_eq!(block_number(&mut first).await, "0x0");
    assert_eq!(block_number(&mut second).await, "0x0");

    let mut third = connect(&server).await;
    let (status, body) = read_response(&mut third).await;
    assert_eq!(status, 503);
    assert_eq!(body["jsonrpc"], "2.0");
    assert_eq!(body["error"]["code"], LIMIT_EXCEEDED);
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("node busy") && message.contains("2 connections"),
        "{message}"
    );
    assert!(closed_by_server(&mut third).await);

    // The first two are still answered.
    assert_eq!(block_number(&mut first).await, "0x0");
    assert_eq!(block_number(&mut second).await, "0x0");

    // Once one closes, its place is free again (the server notices the close asynchronously).
    drop(first);
    let deadline = tokio::time::Instant::now() + BOUND;
    loop {
        let mut next = connect(&server).await;
        next.write_all(&request(
            r#"{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}"#,
        ))
        .await
        .unwrap();
        let (status, body) = read_response(&mut next).await;
        if status == 200 {
            assert_eq!(body["result"], "0x64aba");
            break;
        }
        assert_eq!(status, 503);
        assert!(
            tokio::time::Instant::now() < deadline,
            "the freed place never came back"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_requests_stays_within_the_thread_bound() {
    let exec = ExecLimits {
        max_threads: 2,
        ..ExecLimits::default()
    };
    let server = start_with(ConnLimits::default(), exec).await;
    let p = provider(&server);
    let from = account(0).address();
    let burst = (0..64).map(|_| {
        let p = p.clone();
        async move {
            use alloy::providers::Provider;
            p.get_balance(from).await
        }
    });
    let answers = futures_join_all(burst).await;
    assert_eq!(answers.len(), 64);
    for a in answers {
        assert!(a.unwrap() > alloy::primitives::U256::ZERO);
    }
    let stats = server.exec_stats();
    assert!(
        (1..=2).contains(&stats.peak_threads),
        "peak threads {} beyond the bound of 2",
        stats.peak_threads
    );
    assert!(stats.threads <= 2);
    assert_eq!(stats.refused, 0);
}

/// Runs futures concurrently and collects their results in order.
async fn futures_join_all<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
