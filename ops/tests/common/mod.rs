//! Shared by the keeper and CLI tests: a protocol with a borrower, a funded keeper account, and an
//! RPC proxy that loses requests.
#![allow(dead_code)]

use std::{
    sync::{
        atomic::{AtomicU64, Ordering::SeqCst},
        Arc,
    },
    time::Duration,
};

use aid_integration::{aid, send, Env};
use aid_ops::{
    conn::{self, Protocol},
    keeper::{Keeper, Policy},
    retry::Backoff,
    tx::Sender,
};
use alloy::{
    network::TransactionBuilder,
    primitives::{keccak256, Address, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
};
use anyhow::Result;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

/// Retries quick enough for tests.
pub fn fast_backoff() -> Backoff {
    Backoff {
        attempts: 8,
        first: Duration::from_millis(20),
        max: Duration::from_millis(200),
    }
}

/// Sends `wei` from the deployer.
pub async fn fund_eth(env: &Env, to: Address, wei: U256) -> Result<()> {
    let tx = TransactionRequest::default()
        .with_from(env.deployer)
        .with_to(to)
        .with_value(wei);
    let r = env
        .provider
        .send_transaction(tx)
        .await?
        .get_receipt()
        .await?;
    anyhow::ensure!(r.status(), "funding {to} failed");
    Ok(())
}

/// The protocol bound through `url` (the node, or a proxy in front of it).
pub fn protocol(env: &Env, url: &str) -> Result<Protocol> {
    Protocol::with_book(
        conn::provider(url, Duration::from_secs(10))?,
        env.book.clone(),
        fast_backoff(),
    )
}

/// `owner` registers a cluster bought and appraised at `value` USD, pledges it and borrows
/// `debt` AID; returns the token id.
pub async fn position(
    env: &Env,
    owner: Address,
    serial: &str,
    value: U256,
    debt: U256,
) -> Result<U256> {
    let id = env.register(owner, value, value, serial).await?;
    let minter = *env.minter.address();
    send(
        env.registry
            .safeTransferFrom_0(owner, minter, id)
            .from(owner),
    )
    .await?;
    send(env.minter.borrow(id, debt, owner).from(owner)).await?;
    Ok(id)
}

/// A keeper account with 10 ETH and `aid_amount` AID, borrowed by a whale position (1,000,000 USD
/// appraised, never at risk in these tests) and handed over.
pub async fn keeper_account(env: &mut Env, aid_amount: U256) -> Result<PrivateKeySigner> {
    let signer = PrivateKeySigner::random();
    fund_eth(env, signer.address(), aid(10)).await?;
    if !aid_amount.is_zero() {
        let whale = env.actor().await?;
        position(env, whale, "whale", aid(1_000_000), aid(300_000)).await?;
        send(env.token.transfer(signer.address(), aid_amount).from(whale)).await?;
    }
    Ok(signer)
}

/// A borrower's position: a cluster bought for 100,000 USD, appraised 100,000, with 66,000 AID
/// borrowed (the most a 150% minimum allows is 66,666). Depreciation alone makes it unsafe within
/// a year. Returns (owner, token id).
pub async fn risky_position(env: &mut Env, serial: &str) -> Result<(Address, U256)> {
    let owner = env.actor().await?;
    let id = position(env, owner, serial, aid(100_000), aid(66_000)).await?;
    Ok((owner, id))
}

/// A keeper for `signer` through `url`.
pub async fn keeper(
    env: &Env,
    url: &str,
    signer: PrivateKeySigner,
    policy: Policy,
) -> Result<Keeper> {
    let p = protocol(env, url)?;
    let mut sender = Sender::new(p.provider.clone(), signer, p.chain_id);
    sender.backoff = fast_backoff();
    sender.receipt_timeout = Duration::from_secs(20);
    Keeper::start(p, sender, policy, None).await
}

/// The nonce (transactions sent) of an account.
pub async fn nonce(env: &Env, who: Address) -> Result<u64> {
    Ok(env.provider.get_transaction_count(who).await?)
}

/// keccak256 of a model name.
pub fn model(name: &str) -> alloy::primitives::B256 {
    keccak256(name)
}

/// An HTTP JSON-RPC proxy that loses requests: every `drop_every`-th request is dropped before it
/// reaches the node, the first `swallow_sends` `eth_sendRawTransaction` never reach it, and the
/// first one forwarded reaches the node but its answer is dropped (the case that tempts a client to
/// send twice).
pub struct LossyProxy {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// What it did.
    pub stats: Arc<ProxyStats>,
}

/// A [`LossyProxy`]'s rules and counters.
#[derive(Default)]
pub struct ProxyStats {
    drop_every: u64,
    swallow_sends: u64,
    count: AtomicU64,
    /// Requests dropped before the node saw them.
    pub dropped: AtomicU64,
    /// Transactions that never reached the node.
    pub swallowed: AtomicU64,
    /// Answers dropped after the node handled the request.
    pub lost_answers: AtomicU64,
    /// Requests forwarded.
    pub forwarded: AtomicU64,
}

impl LossyProxy {
    /// Starts the proxy in front of `upstream`.
    pub async fn start(upstream: &str, drop_every: u64, swallow_sends: u64) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let stats = Arc::new(ProxyStats {
            drop_every,
            swallow_sends,
            ..ProxyStats::default()
        });
        let upstream = upstream.to_string();
        let client = alloy::transports::http::reqwest::Client::new();
        let st = stats.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let (st, client, upstream) = (st.clone(), client.clone(), upstream.clone());
                tokio::spawn(async move {
                    let _ = serve(sock, &upstream, &client, &st).await;
                });
            }
        });
        Ok(Self { url, stats })
    }
}

async fn serve(
    mut sock: TcpStream,
    upstream: &str,
    client: &alloy::transports::http::reqwest::Client,
    st: &ProxyStats,
) -> Result<()> {
    let mut buf = Vec::new();
    loop {
        // One HTTP/1.1 request: headers, then Content-Length bytes of body.
        let head_end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let mut chunk = [0u8; 4096];
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let len: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while buf.len() < head_end + len {
            let mut chunk = [0u8; 4096];
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let body = buf[head_end..head_end + len].to_vec();
        buf.drain(..head_end + len);
        let n = st.count.fetch_add(1, SeqCst) + 1;
        let is_send = String::from_utf8_lossy(&body).contains("eth_sendRawTransaction");
        if is_send && st.swallowed.load(SeqCst) < st.swallow_sends {
            st.swallowed.fetch_add(1, SeqCst);
            return Ok(()); // the transaction never reaches the node
        }
        if !is_send && st.drop_every > 0 && n.is_multiple_of(st.drop_every) {
            st.dropped.fetch_add(1, SeqCst);
            return Ok(()); // closes the connection: the client sees a transport error
        }
        let answer = client
            .post(upstream)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await?
            .bytes()
            .await?;
        st.forwarded.fetch_add(1, SeqCst);
        if is_send && st.lost_answers.load(SeqCst) == 0 {
            st.lost_answers.fetch_add(1, SeqCst);
            return Ok(()); // the node has the transaction; its answer is lost
        }
        let resp = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            answer.len()
        );
        sock.write_all(resp.as_bytes()).await?;
        sock.write_all(&answer).await?;
    }
}
