//! The JSON-RPC node: the chain served over HTTP like Nitro's dev node.
//!
//! The `devnode` binary is this module behind command-line flags; tools and tests embed it:
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use devnode::rpc::{serve, RpcConfig};
//!
//! let server = serve(RpcConfig { port: 0, ..RpcConfig::default() }).await?; // ephemeral port
//! let url = server.url(); // "http://127.0.0.1:PORT"
//! // ... point an alloy provider (or anything) at `url` ...
//! let block = server.node().with_chain(|chain| chain.block_number());
//! # let _ = (url, block);
//! server.stop().await?; // writes `dump_state` if configured
//! # Ok(()) }
//! ```
//!
//! - [`serve`] builds the chain ([`RpcConfig::chain`], the prefunded [`dev_accounts`], the
//!   `StylusDeployer` factory, an optional state file or fork), binds and serves until
//!   [`ServerHandle::stop`] (or the handle is dropped).
//! - [`Node`] is the chain behind the server: [`Node::with_chain`] gives the in-process
//!   [`crate::Chain`] API; [`Node::send_raw_transaction`] and friends are what the RPC methods
//!   call.
//! - Methods: `eth_*` (state, calls, gas, fees, transactions, receipts, blocks, logs), `net_*`,
//!   `web3_*`, and the dev methods `evm_increaseTime`, `evm_setNextBlockTimestamp`, `evm_mine`,
//!   `evm_snapshot`, `evm_revert`, `anvil_`/`hardhat_` `setBalance`, `setNonce`, `setCode`,
//!   `setStorageAt`, `mine`, `impersonateAccount`, `stopImpersonatingAccount`, `setAutomine`,
//!   `reset`; the pool (`txpool_status`, `txpool_content`, `txpool_inspect`, see [`pool`]);
//!   signing for the dev accounts (`eth_sign`, `personal_sign`, `eth_signTypedData_v4`);
//!   `debug_traceTransaction`/`debug_traceCall` (geth's `callTracer`, Nitro's `stylusTracer`),
//!   `eth_createAccessList` and the polled filters (`eth_newFilter` & co., [`MAX_FILTERS`],
//!   [`FILTER_TIMEOUT`]). The README lists them with their limits.
//! - Errors follow JSON-RPC 2.0 (`-32700`, `-32600`, `-32601`, `-32602`) and geth: rejected
//!   transactions are `-32000` with geth's messages ("nonce too low", "insufficient funds for gas *
//!   price + value", "intrinsic gas too low", "exceeds block gas limit"), reverts are code 3
//!   "execution reverted" with the revert data in `data`.

mod convert;
mod dev;
pub mod dump;
pub mod error;
mod exec;
pub mod fork;
mod methods;
pub mod node;
pub mod node_interface;
pub mod pool;
mod server;
mod strict;

pub use dump::NodeState;
pub use error::RpcError;
pub use exec::{
    ExecLimits, ExecStats, DEFAULT_MAX_QUEUE, DEFAULT_MAX_THREADS, DEFAULT_THREAD_IDLE,
};
pub use fork::ForkConfig;
pub use methods::filters::{FILTER_TIMEOUT, MAX_FILTERS};
pub use node::{GasLimits, Mining, Node, DEFAULT_CALL_GAS_CAP};
pub use pool::PoolLimits;
pub use server::{
    handle_body, ConnLimits, DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
    LIMIT_EXCEEDED,
};

use crate::{Chain, ChainConfig};
use alloy::primitives::{Address, U256};
use alloy::signers::local::coins_bip39::English;
use alloy::signers::local::{MnemonicBuilder, PrivateKeySigner};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

/// Nitro's public dev key (prefunded on the Nitro dev node and here).
pub const DEV_PRIVATE_KEY: &str =
    "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";
/// The standard test mnemonic (Hardhat, Anvil); accounts `m/44'/60'/0'/0/0..9` are prefunded.
pub const TEST_MNEMONIC: &str = "test test test test test test test test test test test junk";
/// Default port (Nitro's dev node).
pub const DEFAULT_PORT: u16 = 8547;
/// Default balance of every dev account: 1,000,000 ether.
pub const DEFAULT_BALANCE_ETH: u64 = 1_000_000;
/// Default largest request body.
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Default largest batch.
pub const DEFAULT_MAX_BATCH: usize = 1_000;

/// The prefunded dev accounts: Nitro's dev key first, then the ten test-mnemonic accounts.
pub fn dev_accounts() -> Vec<PrivateKeySigner> {
    static ACCOUNTS: OnceLock<Vec<PrivateKeySigner>> = OnceLock::new();
    ACCOUNTS
        .get_or_init(|| {
            let mut accounts = vec![DEV_PRIVATE_KEY
                .parse::<PrivateKeySigner>()
                .expect("valid dev key")];
            for i in 0..10 {
                let signer = MnemonicBuilder::<English>::default()
                    .phrase(TEST_MNEMONIC)
                    .index(i)
                    .and_then(|b| b.build())
                    .expect("valid test mnemonic");
                accounts.push(signer);
            }
            accounts
        })
        .clone()
}

/// Everything [`serve`] needs. [`RpcConfig::default`] is the Nitro dev node: 127.0.0.1:8547,
/// chain id 412346, automine, dev accounts with a million ether each.
#[derive(Debug, Clone)]
pub struct RpcConfig {
    /// Address to listen on. Only loopback addresses unless [`RpcConfig::allow_remote`].
    pub host: IpAddr,
    /// Port; 0 picks a free one ([`ServerHandle::local_addr`] tells which).
    pub port: u16,
    /// Allow listening on non-loopback addresses (the dev keys are public: anyone who can reach
    /// the node can spend from them).
    pub allow_remote: bool,
    /// The chain's configuration (chain id, base fee, time mode, Stylus parameters).
    pub chain: ChainConfig,
    /// Accounts prefunded and unlocked for `eth_sendTransaction`.
    pub accounts: Vec<PrivateKeySigner>,
    /// Balance each account starts with.
    pub balance: U256,
    /// Automine or interval mining.
    pub mining: Mining,
    /// Start from a state file written by `dump_state`.
    pub load_state: Option<PathBuf>,
    /// Write the state to this file when the server stops.
    pub dump_state: Option<PathBuf>,
    /// Read state missing locally from another chain over JSON-RPC.
    pub fork: Option<ForkConfig>,
    /// Largest request body in bytes.
    pub max_body_bytes: usize,
    /// Largest batch.
    pub max_batch: usize,
    /// Bounds of the transaction pool (queued per sender, in all, lifetime).
    pub pool: PoolLimits,
    /// Gas bounds of `eth_call`/`eth_estimateGas` and of one transaction.
    pub gas_limits: GasLimits,
    /// Connection bounds: how many, and how long idle or slow ones are kept.
    pub connections: ConnLimits,
    /// Bounds of the execution pool: threads, queue, idle thread lifetime.
    pub exec: ExecLimits,
}

impl Default for RpcConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            allow_remote: false,
            chain: ChainConfig::default(),
            accounts: dev_accounts(),
            balance: U256::from(DEFAULT_BALANCE_ETH) * U256::from(crate::ETHER),
            mining: Mining::Auto,
            load_state: None,
            dump_state: None,
            fork: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_batch: DEFAULT_MAX_BATCH,
            pool: PoolLimits::default(),
            gas_limits: GasLimits::default(),
            connections: ConnLimits::default(),
            exec: ExecLimits::default(),
        }
    }
}

/// Why the server could not start or stop cleanly.
#[derive(Debug)]
pub enum ServeError {
    /// The configuration is refused (e.g. a non-loopback host without `allow_remote`).
    Config(String),
    /// Binding, reading or writing a state file failed.
    Io(std::io::Error),
    /// The state file or the fork could not be used.
    State(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Config(m) => write!(f, "invalid configuration: {m}"),
            Self::Io(e) => write!(f, "{e}"),
            Self::State(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for ServeError {}

impl From<std::io::Error> for ServeError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e)
    }
}

/// A running server. Dropping it stops serving (without writing `dump_state`: use
/// [`ServerHandle::stop`] for that).
#[derive(Debug)]
pub struct ServerHandle {
    local_addr: SocketAddr,
    node: Arc<Node>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    dump_state: Option<PathBuf>,
    exec: exec::Executor,
}

impl ServerHandle {
    /// `http://HOST:PORT` of the server.
    pub fn url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The node behind the server.
    pub fn node(&self) -> &Arc<Node> {
        &self.node
    }

    /// The execution pool's threads and queue now, and the most threads it has had.
    pub fn exec_stats(&self) -> ExecStats {
        self.exec.stats()
    }

    /// Stops serving (open connections are closed) and writes the state file if configured.
    ///
    /// # Errors
    /// Writing the state file failed.
    pub async fn stop(mut self) -> Result<(), ServeError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(path) = self.dump_state.take() {
            let node = self.node.clone();
            tokio::task::spawn_blocking(move || dump::write(&node, &path))
                .await
                .map_err(|e| ServeError::State(e.to_string()))??;
        }
        Ok(())
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Builds the node's chain from a configuration: genesis, factory, prefunded accounts, then the
/// state file or fork.
///
/// # Errors
/// The state file cannot be read, or the fork cannot be reached.
pub fn build_node(config: &RpcConfig) -> Result<Node, ServeError> {
    let chain = build_chain(config)?;
    let node = Node::new(chain, config.accounts.clone(), config.mining)
        .with_pool_limits(config.pool)
        .with_gas_limits(config.gas_limits)
        .with_genesis(RpcConfig {
            load_state: None,
            ..config.clone()
        });
    if let Some(path) = &config.load_state {
        let state = dump::read(path)?;
        node.load_state(&state)
            .map_err(|e| ServeError::State(format!("{}: {e}", path.display())))?;
    }
    Ok(node)
}

/// The chain of a configuration at genesis: the factory, the prefunded accounts, and the fork if
/// one is configured (the state file is not loaded).
///
/// # Errors
/// The fork cannot be reached.
pub fn build_chain(config: &RpcConfig) -> Result<Chain, ServeError> {
    let mut chain_config = config.chain.clone();
    let fork = match &config.fork {
        Some(f) => {
            let source = fork::RemoteState::connect(f).map_err(ServeError::State)?;
            if chain_config.chain_id == ChainConfig::default().chain_id {
                // Keep the remote chain's id unless one was chosen.
                chain_config.chain_id = source.chain_id();
            }
            Some(source)
        }
        None => None,
    };
    let mut chain = Chain::new(chain_config);
    if let Some(source) = fork {
        fork::attach(&mut chain, source);
    }
    crate::deployer::install(&mut chain);
    for account in &config.accounts {
        chain.set_balance(account.address(), config.balance);
    }
    Ok(chain)
}

/// Starts a server.
///
/// # Errors
/// [`ServeError::Config`] for a non-loopback host without `allow_remote`; binding or state errors.
pub async fn serve(config: RpcConfig) -> Result<ServerHandle, ServeError> {
    if !config.host.is_loopback() && !config.allow_remote {
        return Err(ServeError::Config(format!(
            "refusing to listen on {}: the dev accounts' keys are public; listen on loopback or allow remote access explicitly",
            config.host
        )));
    }
    // Paths first: a state file that cannot be read, or written at exit, is named now, before
    // the chain has state to lose.
    if let Some(path) = &config.dump_state {
        dump::check_writable(path)?;
    }
    let listener = TcpListener::bind(SocketAddr::new(config.host, config.port)).await?;
    let local_addr = listener.local_addr()?;
    let build = config.clone();
    let node = tokio::task::spawn_blocking(move || build_node(&build))
        .await
        .map_err(|e| ServeError::State(e.to_string()))??;
    // (building touches no deep execution: the blocking pool's stacks are enough)
    let node = Arc::new(node);
    let limits = server::Limits {
        max_body_bytes: config.max_body_bytes,
        max_batch: config.max_batch.max(1),
        header_timeout: config.connections.header_timeout,
    };
    let (shutdown, shutdown_rx) = oneshot::channel::<()>();
    let serving = node.clone();
    let mining = config.mining;
    let exec = exec::Executor::new(config.exec);
    let exec_for_stop = exec.clone();
    let exec_for_handle = exec.clone();
    let conn = config.connections;
    let task = tokio::spawn(async move {
        let mut background = JoinSet::new();
        if let Mining::Interval(every) = mining {
            let miner = serving.clone();
            let miner_exec = exec.clone();
            background.spawn(async move {
                let mut ticks =
                    tokio::time::interval_at(tokio::time::Instant::now() + every, every);
                loop {
                    ticks.tick().await;
                    let m = miner.clone();
                    let _ = miner_exec.run(move || m.tick()).await;
                }
            });
        }
        server::accept_loop(
            listener,
            serving,
            exec,
            limits,
            conn,
            background,
            shutdown_rx,
        )
        .await;
        exec_for_stop.close();
    });
    Ok(ServerHandle {
        local_addr,
        node,
        shutdown: Some(shutdown),
        task: Some(task),
        dump_state: config.dump_state,
        exec: exec_for_handle,
    })
}

/// Addresses of accounts, for banners.
pub fn addresses(accounts: &[PrivateKeySigner]) -> Vec<Address> {
    accounts.iter().map(|a| a.address()).collect()
}
