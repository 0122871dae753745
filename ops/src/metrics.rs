//! The keeper's numbers in the Prometheus text format, served over plain HTTP.

use std::{
    net::SocketAddr,
    sync::{
        atomic::{AtomicU64, Ordering::Relaxed},
        Arc,
    },
};

use anyhow::{Context, Result};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

/// Gauges and counters the keeper updates as it goes.
#[derive(Debug, Default)]
pub struct Metrics {
    /// Positions in the index.
    pub positions: AtomicU64,
    /// Positions found liquidatable at the last block.
    pub unsafe_positions: AtomicU64,
    /// Auctions running.
    pub auctions: AtomicU64,
    /// Transactions mined successfully.
    pub actions_sent: AtomicU64,
    /// Actions refused in simulation, reverted when mined, or failed to send.
    pub actions_failed: AtomicU64,
    /// RPC failures that interrupted a block.
    pub rpc_errors: AtomicU64,
    /// The keeper's AID balance, in wei (18 decimals).
    pub aid_balance_wei: std::sync::Mutex<alloy::primitives::U256>,
    /// Last block processed.
    pub last_block: AtomicU64,
}

impl Metrics {
    /// The text exposition.
    pub fn render(&self) -> String {
        let aid = *self.aid_balance_wei.lock().expect("metrics lock");
        let aid: f64 = crate::amount::format(aid).parse().unwrap_or(f64::NAN);
        let mut s = String::new();
        let mut put = |name: &str, kind: &str, help: &str, v: String| {
            s.push_str(&format!(
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {v}\n"
            ));
        };
        put(
            "aid_keeper_positions_watched",
            "gauge",
            "Open positions in the index.",
            self.positions.load(Relaxed).to_string(),
        );
        put(
            "aid_keeper_positions_unsafe",
            "gauge",
            "Positions liquidatable at the last block.",
            self.unsafe_positions.load(Relaxed).to_string(),
        );
        put(
            "aid_keeper_auctions",
            "gauge",
            "Auctions running.",
            self.auctions.load(Relaxed).to_string(),
        );
        put(
            "aid_keeper_actions_sent_total",
            "counter",
            "Transactions mined successfully.",
            self.actions_sent.load(Relaxed).to_string(),
        );
        put(
            "aid_keeper_actions_failed_total",
            "counter",
            "Actions refused in simulation, reverted, or not sent.",
            self.actions_failed.load(Relaxed).to_string(),
        );
        put(
            "aid_keeper_rpc_errors_total",
            "counter",
            "RPC failures that interrupted a block.",
            self.rpc_errors.load(Relaxed).to_string(),
        );
        put(
            "aid_keeper_aid_balance",
            "gauge",
            "The keeper's AID balance.",
            aid.to_string(),
        );
        put(
            "aid_keeper_last_block",
            "gauge",
            "Last block processed.",
            self.last_block.load(Relaxed).to_string(),
        );
        s
    }

    /// Serves [`Metrics::render`] on `addr` (every path) until the task is dropped; returns the
    /// bound address (port 0 picks one).
    pub async fn serve(self: Arc<Self>, addr: SocketAddr) -> Result<SocketAddr> {
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen for metrics on {addr}"))?;
        let bound = listener.local_addr()?;
        tokio::spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    continue;
                };
                let m = self.clone();
                tokio::spawn(async move {
                    let mut buf = [0u8; 2048];
                    let _ = sock.read(&mut buf).await;
                    let body = m.render();
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = sock.write_all(head.as_bytes()).await;
                    let _ = sock.write_all(body.as_bytes()).await;
                });
            }
        });
        Ok(bound)
    }
}
