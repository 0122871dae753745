//! Fork mode: state the local chain has not written is read from another chain over JSON-RPC
//! (`eth_getBalance`, `eth_getTransactionCount`, `eth_getCode`, `eth_getStorageAt`) at a fixed
//! block, lazily, once per account or slot. `http://` and `https://` URLs (TLS with the webpki
//! roots).
//!
//! A read that fails is retried ([`READ_ATTEMPTS`] tries of at most [`READ_TIMEOUT`] each); if it
//! still fails, the request that needed it fails with an error naming the account or slot and
//! the remote, and nothing is committed or cached: a failed read is never taken as an empty
//! account. Reads name the fork block, so the remote mining on does not change what the fork
//! sees. Connecting gives up after [`STARTUP_TIMEOUT`].
//!
//! The local chain keeps its own blocks (numbered from 0, starting at the fork block's
//! timestamp) and its own chain id unless none was chosen (then the remote one).

use crate::fork::RemoteSource;
use crate::Chain;
use alloy::eips::BlockId;
use alloy::primitives::{keccak256, Address, B256, U256};
use alloy::providers::{Provider, ProviderBuilder, RootProvider};
use revm::primitives::KECCAK_EMPTY;
use revm::state::{AccountInfo, Bytecode};
use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where to fork from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForkConfig {
    /// JSON-RPC URL of the remote chain (`http://` or `https://`).
    pub url: String,
    /// Block to read state at; the remote's latest block when `None`.
    pub block: Option<u64>,
}

#[derive(Clone, Copy)]
enum Query {
    Account(Address),
    Storage(Address, U256),
}

enum Answer {
    Account(Option<AccountInfo>),
    Storage(U256),
}

type Job = (Query, mpsc::Sender<Result<Answer, String>>);

#[derive(Default)]
struct Caches {
    accounts: HashMap<Address, Option<AccountInfo>>,
    storage: HashMap<(Address, U256), U256>,
    codes: HashMap<B256, Bytecode>,
}

/// A remote chain's state at one block, read over JSON-RPC by a background thread.
pub struct RemoteState {
    jobs: Mutex<mpsc::Sender<Job>>,
    chain_id: u64,
    block: u64,
    timestamp: u64,
    caches: Mutex<Caches>,
    url: String,
    failure: Mutex<Option<String>>,
}

impl std::fmt::Debug for RemoteState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteState")
            .field("chain_id", &self.chain_id)
            .field("block", &self.block)
            .finish()
    }
}

/// How long one try of a remote read may take.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Tries of one remote read before the request that needs it fails.
pub const READ_ATTEMPTS: u32 = 3;
/// How long connecting to the remote (chain id, fork block) may take.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// Runs `query` with retries: each try is bounded by [`READ_TIMEOUT`], with a short pause
/// between tries.
async fn fetch_retrying(
    provider: &RootProvider,
    block: BlockId,
    query: Query,
) -> Result<Answer, String> {
    let mut last = String::new();
    for attempt in 0..READ_ATTEMPTS {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(250 << attempt)).await;
        }
        match tokio::time::timeout(READ_TIMEOUT, fetch(provider, block, query)).await {
            Ok(Ok(answer)) => return Ok(answer),
            Ok(Err(e)) => last = e,
            Err(_) => last = format!("no answer within {} s", READ_TIMEOUT.as_secs()),
        }
    }
    Err(format!("{last} (after {READ_ATTEMPTS} tries)"))
}

async fn fetch(provider: &RootProvider, block: BlockId, query: Query) -> Result<Answer, String> {
    let e = |e: alloy::transports::TransportError| e.to_string();
    match query {
        Query::Account(a) => {
            let (balance, nonce, code) = tokio::try_join!(
                async { provider.get_balance(a).block_id(block).await.map_err(e) },
                async {
                    provider
                        .get_transaction_count(a)
                        .block_id(block)
                        .await
                        .map_err(e)
                },
                async { provider.get_code_at(a).block_id(block).await.map_err(e) },
            )?;
            if balance.is_zero() && nonce == 0 && code.is_empty() {
                return Ok(Answer::Account(None));
            }
            let (code_hash, code) = if code.is_empty() {
                (KECCAK_EMPTY, None)
            } else {
                (keccak256(&code), Some(Bytecode::new_raw(code)))
            };
            Ok(Answer::Account(Some(AccountInfo {
                balance,
                nonce,
                code_hash,
                code,
                ..Default::default()
            })))
        }
        Query::Storage(a, slot) => {
            let v = provider
                .get_storage_at(a, slot)
                .block_id(block)
                .await
                .map_err(e)?;
            Ok(Answer::Storage(v))
        }
    }
}

impl RemoteState {
    /// Connects to `config.url` and pins the fork block.
    ///
    /// # Errors
    /// The URL is invalid or the remote chain does not answer.
    pub fn connect(config: &ForkConfig) -> Result<Arc<Self>, String> {
        let url: alloy::transports::http::reqwest::Url = config
            .url
            .parse()
            .map_err(|e| format!("invalid fork URL {}: {e}", config.url))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "invalid fork URL {}: the scheme must be http:// or https://",
                config.url
            ));
        }
        let (setup_tx, setup_rx) = mpsc::channel::<Result<(u64, u64, u64), String>>();
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        let wanted = config.block;
        std::thread::Builder::new()
            .name("devnode-fork".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = setup_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                let provider = ProviderBuilder::new()
                    .disable_recommended_fillers()
                    .connect_http(url)
                    .root()
                    .clone();
                let setup = rt.block_on(async {
                    tokio::time::timeout(STARTUP_TIMEOUT, async {
                        let chain_id = provider.get_chain_id().await.map_err(|e| e.to_string())?;
                        // One read of state at the fork block, now: it proves the remote serves
                        // state there, and a devnode remote starts keeping that block's state for
                        // the reads to come. The latest block may move between the two calls: try
                        // again with the new one.
                        let mut tries = 0;
                        let block = loop {
                            let block = match wanted {
                                Some(b) => b,
                                None => provider
                                    .get_block_number()
                                    .await
                                    .map_err(|e| e.to_string())?,
                            };
                            match provider
                                .get_balance(Address::ZERO)
                                .block_id(BlockId::number(block))
                                .await
                            {
                                Ok(_) => break block,
                                Err(_) if wanted.is_none() && tries < 3 => tries += 1,
                                Err(e) => {
                                    return Err(format!(
                                        "the remote serves no state at block {block}: {e}"
                                    ))
                                }
                            }
                        };
                        let header = provider
                            .get_block_by_number(block.into())
                            .await
                            .map_err(|e| e.to_string())?
                            .ok_or_else(|| format!("the remote chain has no block {block}"))?;
                        Ok::<_, String>((chain_id, block, header.header.timestamp))
                    })
                    .await
                    .unwrap_or_else(|_| {
                        Err(format!("no answer within {} s", STARTUP_TIMEOUT.as_secs()))
                    })
                });
                let block = match &setup {
                    Ok((_, b, _)) => *b,
                    Err(_) => 0,
                };
                let failed = setup.is_err();
                let _ = setup_tx.send(setup);
                if failed {
                    return;
                }
                let at = BlockId::number(block);
                while let Ok((query, reply)) = jobs_rx.recv() {
                    let answer = rt.block_on(fetch_retrying(&provider, at, query));
                    let _ = reply.send(answer);
                }
            })
            .map_err(|e| e.to_string())?;
        // The thread's own timeout bounds this; the margin covers a thread slow to start.
        let (chain_id, block, timestamp) = setup_rx
            .recv_timeout(STARTUP_TIMEOUT + Duration::from_secs(5))
            .map_err(|e| match e {
                mpsc::RecvTimeoutError::Timeout => format!(
                    "cannot fork {}: no answer within {} s",
                    config.url,
                    STARTUP_TIMEOUT.as_secs()
                ),
                mpsc::RecvTimeoutError::Disconnected => {
                    format!("cannot fork {}: the fork thread stopped", config.url)
                }
            })?
            .map_err(|e| format!("cannot fork {}: {e}", config.url))?;
        Ok(Arc::new(Self {
            jobs: Mutex::new(jobs_tx),
            chain_id,
            block,
            timestamp,
            caches: Mutex::default(),
            url: config.url.clone(),
            failure: Mutex::default(),
        }))
    }

    /// The remote chain's id.
    pub fn chain_id(&self) -> u64 {
        self.chain_id
    }

    /// The block state is read at.
    pub fn block(&self) -> u64 {
        self.block
    }

    /// The fork block's timestamp.
    pub fn timestamp(&self) -> u64 {
        self.timestamp
    }

    /// Records a failed read (the first one of a request is the one reported).
    fn fail(&self, what: String, e: String) {
        let msg = format!(
            "fork: cannot read {what} from {} at block {}: {e}",
            self.url, self.block
        );
        eprintln!("devnode: {msg}");
        let mut f = self.failure.lock().unwrap_or_else(|e| e.into_inner());
        if f.is_none() {
            *f = Some(msg);
        }
    }

    /// Whether a read of the current request already failed: the rest of it fails fast instead
    /// of waiting on the remote again.
    fn failed(&self) -> bool {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    fn ask(&self, query: Query) -> Result<Answer, String> {
        let (tx, rx) = mpsc::channel();
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send((query, tx))
            .map_err(|_| "the fork thread stopped".to_string())?;
        rx.recv()
            .map_err(|_| "the fork thread stopped".to_string())?
    }
}

impl RemoteSource for RemoteState {
    fn account(&self, address: Address) -> Option<AccountInfo> {
        if let Some(a) = self
            .caches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .accounts
            .get(&address)
        {
            return a.clone();
        }
        if self.failed() {
            return None;
        }
        let info = match self.ask(Query::Account(address)) {
            Ok(Answer::Account(info)) => info,
            Ok(_) => None,
            Err(e) => {
                self.fail(format!("account {address}"), e);
                return None;
            }
        };
        let mut caches = self.caches.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(code) = info.as_ref().and_then(|i| i.code.clone()) {
            caches.codes.insert(code.hash_slow(), code);
        }
        caches.accounts.insert(address, info.clone());
        info
    }

    fn storage(&self, address: Address, slot: U256) -> U256 {
        if let Some(v) = self
            .caches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .storage
            .get(&(address, slot))
        {
            return *v;
        }
        if self.failed() {
            return U256::ZERO;
        }
        let value = match self.ask(Query::Storage(address, slot)) {
            Ok(Answer::Storage(v)) => v,
            Ok(_) => U256::ZERO,
            Err(e) => {
                self.fail(format!("slot {slot} of {address}"), e);
                return U256::ZERO;
            }
        };
        self.caches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .storage
            .insert((address, slot), value);
        value
    }

    fn code(&self, hash: B256) -> Option<Bytecode> {
        self.caches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .codes
            .get(&hash)
            .cloned()
    }

    fn take_failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }
}

/// Puts a remote chain under a (new) chain's state.
pub fn attach(chain: &mut Chain, source: Arc<RemoteState>) {
    chain.set_fork_source(source);
}
