//! Connecting to a node and to the protocol deployed on it, through the deploy tool's address book.

use std::{path::Path, time::Duration};

use aid_deploy::{book::AddressBook, protocol::Contract};
use aid_interfaces::{
    liquidator::IAidLiquidator::IAidLiquidatorInstance, minter::IAidMinter::IAidMinterInstance,
    registry::IGpuRegistry::IGpuRegistryInstance, token::IAidToken::IAidTokenInstance,
    vault::ISAidVault::ISAidVaultInstance,
};
use alloy::{
    primitives::B256,
    providers::{DynProvider, Provider, RootProvider},
    rpc::client::RpcClient,
    transports::http::reqwest,
};
use anyhow::{Context, Result};

use crate::retry::Backoff;

/// The local chain's URL (`scripts/run.sh`, `aid-deploy --serve`).
pub const LOCAL_RPC_URL: &str = "http://127.0.0.1:8547";

/// A provider without wallet or fillers (transactions are built, signed and tracked by
/// [`crate::tx::Sender`]), whose requests time out instead of hanging on a stuck node.
pub fn provider(url: &str, timeout: Duration) -> Result<DynProvider> {
    let parsed: reqwest::Url = url
        .parse()
        .with_context(|| format!("RPC URL {url:?} is not a URL"))?;
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .context("cannot build the HTTP client")?;
    let rpc = RpcClient::new_http_with_client(client, parsed);
    Ok(RootProvider::new(rpc).erased())
}

/// The protocol on one chain: the address book and a binding per contract.
#[derive(Clone)]
pub struct Protocol {
    /// Plain provider (reads, simulations, raw sends).
    pub provider: DynProvider,
    /// Chain id the node reported (the address book's).
    pub chain_id: u64,
    /// The deploy tool's address book for that chain.
    pub book: AddressBook,
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
    /// Retry policy for reads.
    pub backoff: Backoff,
}

impl Protocol {
    /// Connects to `url`, asks its chain id and reads `<deployments>/<chain id>.json`.
    pub async fn connect(url: &str, deployments: &Path, backoff: Backoff) -> Result<Self> {
        let provider = provider(url, Duration::from_secs(15))?;
        let chain_id = backoff
            .run(|| provider.get_chain_id())
            .await
            .with_context(|| format!("cannot reach a node at {url}"))?;
        let book = AddressBook::read(deployments, chain_id).with_context(|| {
            format!(
                "no deployment of AID Protocol known for chain {chain_id} (deploy with aid-deploy)"
            )
        })?;
        Self::with_book(provider, book, backoff)
    }

    /// Binds the contracts of `book` on `provider`.
    pub fn with_book(provider: DynProvider, book: AddressBook, backoff: Backoff) -> Result<Self> {
        let p = provider.clone();
        Ok(Self {
            chain_id: book.chain_id,
            registry: IGpuRegistryInstance::new(book.address(Contract::GpuRegistry)?, p.clone()),
            token: IAidTokenInstance::new(book.address(Contract::AidToken)?, p.clone()),
            minter: IAidMinterInstance::new(book.address(Contract::AidMinter)?, p.clone()),
            vault: ISAidVaultInstance::new(book.address(Contract::SAidVault)?, p.clone()),
            liquidator: IAidLiquidatorInstance::new(book.address(Contract::AidLiquidator)?, p),
            provider,
            book,
            backoff,
        })
    }

    /// A model's name from the address book, else its id in hex.
    pub fn model_name(&self, id: B256) -> String {
        self.book
            .models
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// A model id from its name (as the address book lists it, or any name: the id is
    /// `keccak256(name)`) or from 32 bytes of hex.
    pub fn model_id(&self, name_or_id: &str) -> B256 {
        if let Ok(id) = name_or_id.parse::<B256>() {
            return id;
        }
        alloy::primitives::keccak256(name_or_id.trim().as_bytes())
    }

    /// Timestamp and number of the latest block.
    pub async fn head(&self) -> Result<(u64, u64)> {
        let b = self
            .backoff
            .run(|| async {
                self.provider
                    .get_block_by_number(Default::default())
                    .await
                    .map_err(anyhow::Error::from)?
                    .context("the node has no latest block")
            })
            .await?;
        Ok((b.header.number, b.header.timestamp))
    }
}
