//! Test harness: a freshly deployed AID Protocol on a chain, with funded actors.
//!
//! By default every [`Env`] starts its own local Stylus chain (the `devnode` crate) on an ephemeral
//! loopback port and deploys the real `.wasm` contracts through the deploy tool, exactly as an
//! operator would. Two other ways to run the same tests:
//! - `RPC_URL` (and `PRIVATE_KEY`, a funded key): each test deploys to that node. The tests of one
//!   binary then take turns (one key, one nonce sequence), so
//!   `RPC_URL=… PRIVATE_KEY=… cargo test -p aid-integration` works as written; tests that need to
//!   move time forward are skipped there, saying so.
//! - On a fork of a chain where the protocol is already deployed and in use ([`fork`]): each test
//!   starts a local chain reading that chain's state, and uses the deployment its address book
//!   names. Reads come from the remote; writes stay local.
//! - From a saved state of a deployment (`AID_STATE=state.json AID_BOOK=book.json`, see
//!   [`Env::from_state`]).
#![deny(missing_docs)]

pub mod fork;

use std::path::PathBuf;

use aid_deploy::{book::AddressBook, config::Config, deploy, protocol::Contract};
use aid_interfaces::{
    liquidator::IAidLiquidator::IAidLiquidatorInstance, minter::IAidMinter::IAidMinterInstance,
    registry::IGpuRegistry::IGpuRegistryInstance, token::IAidToken::IAidTokenInstance,
    vault::ISAidVault::ISAidVaultInstance,
};
use alloy::{
    network::{EthereumWallet, TransactionBuilder},
    primitives::{keccak256, Address, B256, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
};
use anyhow::{Context, Result};

pub use aid_interfaces::{liquidator, minter, registry, token, vault};

/// Nitro's public dev key, prefunded on the local chain.
pub const DEV_KEY: &str = aid_deploy::signer::DEV_KEY;
/// 1e18.
pub const WAD: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

/// `n` whole AID (or USD) in 18-decimal units.
pub fn aid(n: u64) -> U256 {
    U256::from(n) * WAD
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where scripts/build-contracts.sh leaves the contracts, or `AID_WASM_DIR` when set (to deploy
/// other builds, e.g. for a gas comparison).
pub fn wasm_dir() -> PathBuf {
    match std::env::var_os("AID_WASM_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join("contracts/target/wasm/wasm32-unknown-unknown/contract"),
    }
}

/// The configuration every test deploys with (`scripts/deploy/config/devnode.toml`).
pub fn devnode_config() -> Result<Config> {
    Config::load(&repo_root().join("scripts/deploy/config/devnode.toml"))
}

/// The model every test registers assets under (configured by `config/devnode.toml`).
pub fn h100() -> B256 {
    keccak256("H100-SXM5-80GB")
}

/// A deployed protocol and the accounts to drive it.
pub struct Env {
    /// Signs for the deployer and every actor made by [`Env::actor`].
    pub provider: DynProvider,
    /// The deploying account: admin and every operator role on a local deployment.
    pub deployer: Address,
    /// What the deploy tool wrote.
    pub book: AddressBook,
    /// The configuration deployed with.
    pub config: Config,
    /// GpuRegistry.
    pub registry: IGpuRegistryInstance<DynProvider>,
    /// AidToken.
    pub token: IAidTokenInstance<DynProvider>,
    /// AidMinter.
    pub minter: IAidMinterInstance<DynProvider>,
    /// SAidVault.
    pub vault: ISAidVaultInstance<DynProvider>,
    /// AidLiquidator.
    pub liquidator: IAidLiquidatorInstance<DynProvider>,
    wallet: EthereumWallet,
    url: String,
    node: Option<devnode::rpc::ServerHandle>,
    upstream: Option<fork::Upstream>,
    _turn: Option<tokio::sync::MutexGuard<'static, ()>>,
}

/// One remote node, one key: the tests of a binary take turns on it, or their transactions would
/// race for the same nonces.
static REMOTE_TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Env {
    /// Starts a chain (or connects to `RPC_URL`, or forks a deployment, see [`fork`]) and
    /// deploys the protocol with the local config (on a fork: uses the deployment there).
    pub async fn start() -> Result<Self> {
        if let Some(state) = std::env::var_os("AID_STATE") {
            let book = std::env::var_os("AID_BOOK").context("AID_STATE needs AID_BOOK")?;
            let text = std::fs::read_to_string(&book)
                .with_context(|| format!("AID_BOOK {}", book.to_string_lossy()))?;
            let book: AddressBook =
                serde_json::from_str(&text).context("AID_BOOK is not an address book")?;
            return Self::from_state(state.into(), book).await;
        }
        match fork::upstream().await? {
            Some(upstream) => Self::on_fork(upstream).await,
            None => Self::deploy_new().await,
        }
    }

    /// A local chain started from a saved state of a deployment (`devnode --dump-state FILE`, or
    /// the `devnode_dumpState` method): the third way to start, next to deploying and forking.
    /// `book` is the deployment's address book; it must verify on the loaded chain.
    pub async fn from_state(state: PathBuf, book: AddressBook) -> Result<Self> {
        let node = devnode::rpc::serve(devnode::rpc::RpcConfig {
            port: 0,
            load_state: Some(state.clone()),
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("loading {}: {e}", state.display()))?;
        let url = node.url();
        let signer: PrivateKeySigner = DEV_KEY.parse()?;
        let deployer = signer.address();
        let wallet = EthereumWallet::from(signer);
        let provider = ProviderBuilder::new()
            .wallet(wallet.clone())
            .connect_http(url.parse()?)
            .erased();
        let config = devnode_config()?;
        deploy::verify(&provider, &book, &config)
            .await
            .context("the deployment in the state file does not verify")?;
        Self::with(
            provider,
            wallet,
            deployer,
            book,
            config,
            url,
            Some(node),
            None,
            None,
        )
    }

    /// Starts a chain (or connects to `RPC_URL`) and deploys the protocol with the local config,
    /// whatever the fork settings.
    pub async fn deploy_new() -> Result<Self> {
        let remote = std::env::var("RPC_URL").ok().filter(|s| !s.is_empty());
        let (url, node, key, turn) = match remote {
            Some(url) => {
                let key = std::env::var("PRIVATE_KEY")
                    .context("RPC_URL needs PRIVATE_KEY (a funded key)")?;
                (url, None, key, Some(REMOTE_TURN.lock().await))
            }
            None => {
                let config = devnode::rpc::RpcConfig {
                    port: 0,
                    ..Default::default()
                };
                let node = devnode::rpc::serve(config)
                    .await
                    .map_err(|e| anyhow::anyhow!("local chain: {e}"))?;
                (node.url(), Some(node), DEV_KEY.to_string(), None)
            }
        };
        let signer: PrivateKeySigner = key.parse().context("PRIVATE_KEY is not a private key")?;
        let deployer = signer.address();
        let wallet = EthereumWallet::from(signer);
        let provider = ProviderBuilder::new()
            .wallet(wallet.clone())
            .connect_http(url.parse()?)
            .erased();
        let config = devnode_config()?;
        let quiet = |_: &str| {};
        let book = deploy::deploy_protocol(&provider, deployer, &wasm_dir(), &config, &quiet)
            .await
            .context(
                "deploying the protocol (are the contracts built? scripts/build-contracts.sh)",
            )?;
        Self::with(
            provider, wallet, deployer, book, config, url, node, None, turn,
        )
    }

    /// A local chain forking `upstream`, using the deployment its address book names.
    pub async fn on_fork(upstream: fork::Upstream) -> Result<Self> {
        let node = devnode::rpc::serve(devnode::rpc::RpcConfig {
            port: 0,
            fork: Some(devnode::rpc::ForkConfig {
                url: upstream.url.clone(),
                block: None,
            }),
            ..Default::default()
        })
        .await
        .map_err(|e| anyhow::anyhow!("forking {}: {e}", upstream.url))?;
        let url = node.url();
        let signer: PrivateKeySigner = upstream
            .key
            .parse()
            .context("the fork's deployer key is not a private key")?;
        let deployer = signer.address();
        let wallet = EthereumWallet::from(signer);
        let provider = ProviderBuilder::new()
            .wallet(wallet.clone())
            .connect_http(url.parse()?)
            .erased();
        let config = devnode_config()?;
        anyhow::ensure!(
            upstream.book.deployer == deployer,
            "the forked deployment was made by {}, not by the key given ({deployer})",
            upstream.book.deployer
        );
        deploy::verify(&provider, &upstream.book, &config)
            .await
            .context("the forked deployment does not verify on the fork")?;
        let book = upstream.book.clone();
        Self::with(
            provider,
            wallet,
            deployer,
            book,
            config,
            url,
            Some(node),
            Some(upstream),
            None,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn with(
        provider: DynProvider,
        wallet: EthereumWallet,
        deployer: Address,
        book: AddressBook,
        config: Config,
        url: String,
        node: Option<devnode::rpc::ServerHandle>,
        upstream: Option<fork::Upstream>,
        turn: Option<tokio::sync::MutexGuard<'static, ()>>,
    ) -> Result<Self> {
        let registry =
            IGpuRegistryInstance::new(book.address(Contract::GpuRegistry)?, provider.clone());
        let token = IAidTokenInstance::new(book.address(Contract::AidToken)?, provider.clone());
        let minter = IAidMinterInstance::new(book.address(Contract::AidMinter)?, provider.clone());
        let vault = ISAidVaultInstance::new(book.address(Contract::SAidVault)?, provider.clone());
        let liquidator =
            IAidLiquidatorInstance::new(book.address(Contract::AidLiquidator)?, provider.clone());
        Ok(Self {
            provider,
            deployer,
            book,
            config,
            registry,
            token,
            minter,
            vault,
            liquidator,
            wallet,
            url,
            node,
            upstream,
            _turn: turn,
        })
    }

    /// The node's RPC URL (for tools under test that connect by themselves).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether this is a fork of a deployment in use (state there before the test: balances and
    /// totals are not the test's alone).
    pub fn is_fork(&self) -> bool {
        self.upstream.is_some()
    }

    /// Whether this is the local chain (time can be moved, accounts funded at will).
    pub fn is_local(&self) -> bool {
        self.node.is_some()
    }

    /// A new account with 10 ETH for gas, whose key the provider signs with.
    pub async fn actor(&mut self) -> Result<Address> {
        let signer = PrivateKeySigner::random();
        let addr = signer.address();
        self.wallet.register_signer(signer);
        self.provider = ProviderBuilder::new()
            .wallet(self.wallet.clone())
            .connect_http(self.url.parse()?)
            .erased();
        self.rebind();
        let tx = TransactionRequest::default()
            .with_from(self.deployer)
            .with_to(addr)
            .with_value(U256::from(10u64).pow(U256::from(18)) * U256::from(10));
        let r = self.send_tx(tx).await?;
        anyhow::ensure!(r.status(), "funding {addr} failed");
        Ok(addr)
    }

    fn rebind(&mut self) {
        let p = self.provider.clone();
        self.registry = IGpuRegistryInstance::new(*self.registry.address(), p.clone());
        self.token = IAidTokenInstance::new(*self.token.address(), p.clone());
        self.minter = IAidMinterInstance::new(*self.minter.address(), p.clone());
        self.vault = ISAidVaultInstance::new(*self.vault.address(), p.clone());
        self.liquidator = IAidLiquidatorInstance::new(*self.liquidator.address(), p);
    }

    /// Moves the chain's clock forward and mines a block. Returns false on a remote node, where
    /// the caller skips what depends on it.
    pub async fn advance(&self, seconds: u64) -> Result<bool> {
        if !self.is_local() {
            return Ok(false);
        }
        let _: serde_json::Value = self
            .provider
            .raw_request("evm_increaseTime".into(), (seconds,))
            .await?;
        let _: serde_json::Value = self.provider.raw_request("evm_mine".into(), ()).await?;
        Ok(true)
    }

    /// Renews every protocol program's activation with ArbWasm's `codehashKeepalive`, as an
    /// operator must at least once a year: Stylus activations expire after `expiryDays` (365).
    pub async fn keep_alive(&self) -> Result<()> {
        let wasm = aid_deploy::chain::IArbWasm::new(aid_deploy::chain::ARB_WASM, &self.provider);
        // The data fee is a fraction of this; ArbWasm refunds the excess.
        let fee_cap = U256::from(10u64).pow(U256::from(17));
        for (name, entry) in &self.book.contracts {
            send(
                wasm.codehashKeepalive(entry.codehash)
                    .value(fee_cap)
                    .from(self.deployer),
            )
            .await
            .with_context(|| format!("keepalive of {name}"))?;
        }
        Ok(())
    }

    /// The latest block's timestamp.
    pub async fn now(&self) -> Result<u64> {
        let b = self
            .provider
            .get_block_by_number(Default::default())
            .await?
            .context("no latest block")?;
        Ok(b.header.timestamp)
    }

    /// Registers an H100 asset to `to` (the deployer is the registrar) and returns its token id.
    pub async fn register(
        &self,
        to: Address,
        cost: U256,
        appraisal: U256,
        serial: &str,
    ) -> Result<U256> {
        let now = self.now().await?;
        let call = self.registry.registerAsset(
            to,
            h100(),
            8,
            keccak256(serial.as_bytes()),
            cost,
            now,
            appraisal,
            format!("ipfs://gpu/{serial}"),
        );
        let id = call.clone().from(self.deployer).call().await?;
        send(call.from(self.deployer)).await?;
        Ok(id)
    }

    /// `owner` registers a cluster (100,000 USD, appraised 90,000), pledges it and borrows
    /// `amount` AID; returns the token id.
    pub async fn open(&self, owner: Address, serial: &str, amount: U256) -> Result<U256> {
        let id = self
            .register(owner, aid(100_000), aid(90_000), serial)
            .await?;
        send(
            self.registry
                .safeTransferFrom_0(owner, *self.minter.address(), id)
                .from(owner),
        )
        .await?;
        send(self.minter.borrow(id, amount, owner).from(owner)).await?;
        Ok(id)
    }

    async fn send_tx(
        &self,
        tx: TransactionRequest,
    ) -> Result<alloy::rpc::types::TransactionReceipt> {
        Ok(self
            .provider
            .send_transaction(tx)
            .await?
            .get_receipt()
            .await?)
    }

    /// Deploys EVM creation code, with its ABI-encoded constructor arguments appended, from the
    /// deployer (the Solidity fixtures of `tests/solidity/out`); returns the new address.
    pub async fn deploy_evm(&self, creation_code: &[u8], args: &[u8]) -> Result<Address> {
        let mut code = creation_code.to_vec();
        code.extend_from_slice(args);
        let tx = TransactionRequest::default()
            .with_from(self.deployer)
            .with_deploy_code(alloy::primitives::Bytes::from(code));
        let r = self.send_tx(tx).await?;
        anyhow::ensure!(r.status(), "deploying EVM code failed");
        r.contract_address
            .context("no contract address in the receipt")
    }

    /// Stops the local chain. On a fork, first checks that nothing the test did reached the
    /// remote chain.
    pub async fn stop(self) {
        if let Some(up) = &self.upstream {
            up.assert_untouched().await;
        }
        if let Some(n) = self.node {
            if let Err(e) = n.stop().await {
                eprintln!("local chain: {e}");
            }
        }
    }
}

/// Sends a call and returns its receipt; a revert becomes an error naming the decoded custom error.
pub async fn send<P: Provider, D: alloy::contract::CallDecoder>(
    call: alloy::contract::CallBuilder<P, D>,
) -> Result<alloy::rpc::types::TransactionReceipt> {
    let pending = call
        .send()
        .await
        .map_err(|e| anyhow::anyhow!(aid_deploy::errors::explain(&e)))?;
    let r = pending.get_receipt().await?;
    anyhow::ensure!(r.status(), "transaction {} reverted", r.transaction_hash);
    Ok(r)
}

/// The revert data of a call that must fail; panics when it succeeds.
pub async fn revert_data<D: alloy::contract::CallDecoder + Send + Sync + Unpin>(
    call: alloy::contract::CallBuilder<&DynProvider, D>,
) -> alloy::primitives::Bytes {
    match call.call_raw().await {
        Ok(out) => panic!("call succeeded (returned {out}) but a revert was expected"),
        Err(e) => e
            .as_revert_data()
            .unwrap_or_else(|| panic!("call failed without revert data: {e}")),
    }
}
