//! The integration suite on a fork of a chain where the protocol is deployed and in use.
//!
//! Two ways to name that chain:
//! - `AID_FORK=devnode`: the suite starts it itself, once per test binary: a local chain (on a
//!   thread of its own, so it outlives each test's runtime) where the deploy tool deploys the
//!   protocol and [`populate`] puts it in use (a loan outstanding, savings staked).
//! - `FORK_URL=…`: a chain where the protocol was deployed with the deploy tool (Arbitrum Sepolia,
//!   say); its address book is `AID_BOOK` or `deployments/<chain id>.json`, and `PRIVATE_KEY` is
//!   the key that deployed it (it holds the roles the tests use), the dev key by default.
//!
//! Every test then starts its own local chain forking that one: state it has not written is read
//! from the remote at the fork block; what it writes stays local. After each test, the remote's
//! deployer nonce (and, for the chain the suite started, its block number) must be unchanged:
//! nothing the test did reached it.

use std::sync::OnceLock;

use aid_deploy::book::AddressBook;
use alloy::{
    primitives::{Address, U256},
    providers::{Provider, ProviderBuilder},
    signers::local::PrivateKeySigner,
};
use anyhow::{bail, Context, Result};

use crate::{aid, Env, DEV_KEY};

/// The chain a test forks, and what it holds.
#[derive(Debug, Clone)]
pub struct Upstream {
    /// Its JSON-RPC URL.
    pub url: String,
    /// The deployment's address book.
    pub book: AddressBook,
    /// The deployer's key.
    pub key: String,
    /// What a populated upstream holds, when the suite populated it.
    pub populated: Option<Populated>,
    nonce: u64,
    block: Option<u64>,
}

/// What [`populate`] left on the upstream chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Populated {
    /// The borrower.
    pub borrower: Address,
    /// Their pledged GPU token.
    pub token_id: U256,
    /// Their debt.
    pub debt: U256,
    /// The saver.
    pub saver: Address,
    /// Their sAID shares.
    pub shares: U256,
}

impl Upstream {
    async fn nonce_and_block(url: &str, of: Address) -> Result<(u64, u64)> {
        let p = ProviderBuilder::new().connect_http(url.parse()?);
        Ok((
            p.get_transaction_count(of).await?,
            p.get_block_number().await?,
        ))
    }

    /// Panics if the deployer's nonce on the remote moved (or, for the chain the suite started,
    /// if it mined a block) since the fork was set up.
    pub async fn assert_untouched(&self) {
        let (nonce, block) = Self::nonce_and_block(&self.url, self.book.deployer)
            .await
            .expect("reading the forked chain");
        assert_eq!(
            nonce, self.nonce,
            "a transaction from the deployer reached the forked chain"
        );
        if let Some(b) = self.block {
            assert_eq!(block, b, "the forked chain mined a block during the test");
        }
    }
}

/// What the suite should fork, if anything (`AID_FORK` or `FORK_URL`).
pub async fn upstream() -> Result<Option<Upstream>> {
    if let Some(url) = std::env::var("FORK_URL").ok().filter(|s| !s.is_empty()) {
        return remote(url).await.map(Some);
    }
    match std::env::var("AID_FORK").ok().as_deref() {
        None | Some("") => Ok(None),
        Some("devnode") => devnode_upstream().map(Some),
        Some(other) => bail!("AID_FORK={other:?}: the only value is \"devnode\""),
    }
}

/// The populated local chain the suite forks, started on first use (once per test binary).
pub fn devnode_upstream() -> Result<Upstream> {
    static STARTED: OnceLock<std::result::Result<Upstream, String>> = OnceLock::new();
    // Blocks this test's thread while the upstream's own thread and runtime set it up.
    STARTED
        .get_or_init(start_devnode)
        .clone()
        .map_err(anyhow::Error::msg)
}

async fn remote(url: String) -> Result<Upstream> {
    let key = std::env::var("PRIVATE_KEY").unwrap_or_else(|_| DEV_KEY.to_string());
    let from = key
        .parse::<PrivateKeySigner>()
        .context("PRIVATE_KEY is not a private key")?
        .address();
    let chain_id = ProviderBuilder::new()
        .connect_http(url.parse()?)
        .get_chain_id()
        .await
        .with_context(|| format!("FORK_URL {url} does not answer"))?;
    let book = match std::env::var_os("AID_BOOK") {
        Some(p) => {
            let text = std::fs::read_to_string(&p)
                .with_context(|| format!("AID_BOOK {}", p.to_string_lossy()))?;
            serde_json::from_str(&text).context("AID_BOOK is not an address book")?
        }
        None => AddressBook::read(&crate::repo_root().join("deployments"), chain_id)?,
    };
    let (nonce, _) = Upstream::nonce_and_block(&url, from).await?;
    Ok(Upstream {
        url,
        book,
        key,
        populated: None,
        nonce,
        block: None,
    })
}

/// Starts the upstream chain on its own thread and runtime (it must outlive every test's
/// runtime), deploys and populates it.
fn start_devnode() -> std::result::Result<Upstream, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("fork-upstream".into())
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => return drop(tx.send(Err(e.to_string()))),
            };
            rt.block_on(async move {
                let made = async {
                    let mut env = Env::deploy_new().await?;
                    let populated = populate(&mut env).await?;
                    let (nonce, block) = Upstream::nonce_and_block(&env.url, env.deployer).await?;
                    let up = Upstream {
                        url: env.url.clone(),
                        book: env.book.clone(),
                        key: DEV_KEY.to_string(),
                        populated: Some(populated),
                        nonce,
                        block: Some(block),
                    };
                    Ok::<_, anyhow::Error>((env, up))
                }
                .await;
                match made {
                    Ok((env, up)) => {
                        let _ = tx.send(Ok(up));
                        // Serve until the test binary exits.
                        std::future::pending::<()>().await;
                        drop(env);
                    }
                    Err(e) => drop(tx.send(Err(format!("{e:#}")))),
                }
            });
        })
        .map_err(|e| e.to_string())?;
    rx.recv()
        .map_err(|_| "the upstream chain's thread stopped".to_string())?
        .map_err(|e| format!("starting the upstream chain to fork: {e}"))
}

/// Puts a fresh deployment in use: a borrower with a 20,000 AID loan against an H100 cluster,
/// and a saver who staked 5,000 AID in sAID.
pub async fn populate(env: &mut Env) -> Result<Populated> {
    let borrower = env.actor().await?;
    let debt = aid(20_000);
    let token_id = env.open(borrower, "upstream-1", debt).await?;
    let saver = env.actor().await?;
    let id2 = env.open(saver, "upstream-2", aid(6_000)).await?;
    let _ = id2;
    crate::send(
        env.token
            .approve(*env.vault.address(), aid(5_000))
            .from(saver),
    )
    .await?;
    crate::send(env.vault.deposit(aid(5_000), saver).from(saver)).await?;
    let shares = env.vault.balanceOf(saver).call().await?;
    Ok(Populated {
        borrower,
        token_id,
        debt,
        saver,
        shares,
    })
}
