//! Fork mode: state the local chain has not written is read from another chain over JSON-RPC
//! (`eth_getBalance`, `eth_getTransactionCount`, `eth_getCode`, `eth_getStorageAt`) at a fixed
//! block, lazily, once per account or slot.
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
    /// JSON-RPC URL of the remote chain (`http://`).
    pub url: String,
    /// Block to read state at; the remote's latest block when `None`.
    pub block: Option<u64>,
}

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
}

impl std::fmt::Debug for RemoteState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteState")
            .field("chain_id", &self.chain_id)
            .field("block", &self.block)
            .finish()
    }
}

/// How long one remote read may take.
const REMOTE_TIMEOUT: Duration = Duration::from_secs(30);

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
                    let chain_id = provider.get_chain_id().await.map_err(|e| e.to_string())?;
                    let block = match wanted {
                        Some(b) => b,
                        None => provider
                            .get_block_number()
                            .await
                            .map_err(|e| e.to_string())?,
                    };
                    let header = provider
                        .get_block_by_number(block.into())
                        .await
                        .map_err(|e| e.to_string())?
                        .ok_or_else(|| format!("the remote chain has no block {block}"))?;
                    Ok::<_, String>((chain_id, block, header.header.timestamp))
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
                    let answer = rt.block_on(async {
                        tokio::time::timeout(REMOTE_TIMEOUT, fetch(&provider, at, query))
                            .await
                            .unwrap_or_else(|_| Err("timed out".into()))
                    });
                    let _ = reply.send(answer);
                }
            })
            .map_err(|e| e.to_string())?;
        let (chain_id, block, timestamp) = setup_rx
            .recv()
            .map_err(|_| "the fork thread stopped".to_string())?
            .map_err(|e| format!("cannot fork {}: {e}", config.url))?;
        Ok(Arc::new(Self {
            jobs: Mutex::new(jobs_tx),
            chain_id,
            block,
            timestamp,
            caches: Mutex::default(),
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
        let info = match self.ask(Query::Account(address)) {
            Ok(Answer::Account(info)) => info,
            Ok(_) => None,
            Err(e) => {
                eprintln!("devnode: fork: cannot read account {address}: {e}");
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
        let value = match self.ask(Query::Storage(address, slot)) {
            Ok(Answer::Storage(v)) => v,
            Ok(_) => U256::ZERO,
            Err(e) => {
                eprintln!("devnode: fork: cannot read slot {slot} of {address}: {e}");
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
}

/// Puts a remote chain under a (new) chain's state.
pub fn attach(chain: &mut Chain, source: Arc<RemoteState>) {
    chain.set_fork_source(source);
}
