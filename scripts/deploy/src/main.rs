//! `aid-deploy`: deploys AID Protocol, wires it, verifies it and writes `deployments/<chain id>.json`.
//!
//! Run `aid-deploy --help` for the options. Without `--rpc-url` (or `RPC_URL`) it starts the local
//! Stylus chain in-process on 127.0.0.1 (port 8547 unless `--port`), deploys there with Nitro's
//! public dev key, and with `--serve` keeps the chain running for wallets and tools until Ctrl-C.
//! The deployer key comes from `PRIVATE_KEY` or `--keystore FILE`, never from the command line
//! (see [`aid_deploy::signer`]).

use std::{path::PathBuf, process::ExitCode, time::Duration};

use aid_deploy::{
    book::{self, AddressBook},
    chain::DEVNODE_CHAIN_ID,
    config::Config,
    deploy::{self, Options},
    rehearse::rehearse,
    signer,
};
use alloy::{
    network::EthereumWallet,
    primitives::utils::format_ether,
    providers::{DynProvider, Provider, ProviderBuilder},
    transports::http::reqwest,
};
use anyhow::{bail, ensure, Context, Result};
use clap::Parser;

/// Deploys AID Protocol's Stylus contracts, wires them, verifies every link and writes the
/// address book. Resumable: every step is recorded in the book as it happens, and a re-run
/// continues from the first step not done (a finished deployment sends nothing).
#[derive(Debug, Parser)]
#[command(name = "aid-deploy", version)]
struct Args {
    /// Node to deploy to; without it the local Stylus chain is started in-process.
    #[arg(long, env = "RPC_URL", value_name = "URL")]
    rpc_url: Option<String>,
    #[command(flatten)]
    key: signer::KeyArgs,
    /// Deployment configuration (default on the local chain: scripts/deploy/config/devnode.toml).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Built contracts (default: contracts/target/wasm/wasm32-unknown-unknown/contract).
    #[arg(long, value_name = "DIR")]
    wasm_dir: Option<PathBuf>,
    /// Directory the address book `<chain id>.json` goes to (default: deployments).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Start over: ignore (and set aside) an existing address book for this chain.
    #[arg(long, conflicts_with = "verify_only")]
    fresh: bool,
    /// Rehearse the remaining steps on a fork, print the plan with each step's gas and the ETH it
    /// will cost; send nothing and write nothing.
    #[arg(long, conflicts_with = "verify_only")]
    dry_run: bool,
    /// Read the address book and verify it against the chain and the configuration; send nothing.
    #[arg(long)]
    verify_only: bool,
    /// Seconds one RPC request may take before the run stops with an error.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    rpc_timeout: u64,
    /// Seconds a transaction may take to be mined (the book keeps it as pending; a re-run picks
    /// it up).
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    receipt_timeout: u64,
    /// Local chain only: keep serving after the deployment, until Ctrl-C.
    #[arg(long, conflicts_with = "rpc_url")]
    serve: bool,
    /// Local chain only: port to listen on.
    #[arg(long, value_name = "N", conflicts_with = "rpc_url")]
    port: Option<u16>,
    /// Test hook: fail after sending this many transactions (proves that a run killed part-way
    /// resumes).
    #[arg(long, env = "AID_DEPLOY_FAIL_AFTER", hide = true)]
    fail_after: Option<usize>,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("aid-deploy: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// A provider signing with `wallet` whose every request gives up after `timeout`.
fn connect(url: &reqwest::Url, wallet: EthereumWallet, timeout: Duration) -> Result<DynProvider> {
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .context("building the HTTP client")?;
    Ok(ProviderBuilder::new()
        .wallet(wallet)
        .connect_reqwest(client, url.clone())
        .erased())
}

async fn run() -> Result<()> {
    let args = Args::parse();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let local = args.rpc_url.is_none();
    let log = |s: &str| eprintln!("{s}");

    // Everything that can be checked without a chain is checked first.
    let signer = signer::load(&args.key.source(local)?)?;
    let from = signer.address();
    let given_config = args.config.as_deref().map(Config::load).transpose()?;
    let out = args.out.clone().unwrap_or_else(|| root.join("deployments"));
    if !args.verify_only && !args.dry_run {
        book::check_writable(&out)?;
    }
    let wasm_dir = args
        .wasm_dir
        .clone()
        .unwrap_or_else(|| root.join("contracts/target/wasm/wasm32-unknown-unknown/contract"));
    let programs = if args.verify_only {
        Default::default()
    } else {
        deploy::load_programs(&wasm_dir)?
    };

    let node = if local {
        Some(aid_deploy::local::start(args.port.unwrap_or(8547)).await?)
    } else {
        None
    };
    let url = match (&args.rpc_url, &node) {
        (Some(u), _) => u.clone(),
        (None, Some(n)) => n.url(),
        (None, None) => unreachable!("a local node is started when no URL is given"),
    };
    let parsed: reqwest::Url = url
        .parse()
        .with_context(|| format!("--rpc-url: {url:?} is not a URL"))?;
    let wallet = EthereumWallet::from(signer);
    let rpc_timeout = Duration::from_secs(args.rpc_timeout);
    let provider = connect(&parsed, wallet.clone(), rpc_timeout)?;
    let chain_id = provider.get_chain_id().await.with_context(|| {
        format!(
            "cannot reach a node at {url} (no answer within {} s, --rpc-timeout)",
            args.rpc_timeout
        )
    })?;

    let cfg = match (given_config, chain_id) {
        (Some(c), _) => c,
        (None, DEVNODE_CHAIN_ID) => Config::load(&root.join("scripts/deploy/config/devnode.toml"))?,
        (None, id) => {
            bail!("chain {id} needs a configuration: --config FILE (see scripts/deploy/config/)")
        }
    };
    ensure!(
        cfg.network.chain_id == chain_id,
        "wrong chain: the configuration is for {} (chain id {}), but the node at {url} is chain {chain_id}",
        cfg.network.name,
        cfg.network.chain_id
    );

    if args.verify_only {
        let book = AddressBook::read(&out, chain_id)?;
        deploy::verify(&provider, &book, &cfg).await?;
        println!("deployment on chain {chain_id} verified: every link reads back as configured");
        return Ok(());
    }

    let existing = AddressBook::read_if_any(&out, chain_id)?;
    let book = match existing {
        Some(_) if args.fresh && !args.dry_run => {
            let old = book::path(&out, chain_id);
            let kept = old.with_extension(format!(
                "json.replaced-{}",
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or_default()
            ));
            std::fs::rename(&old, &kept)
                .with_context(|| format!("--fresh: cannot move {} aside", old.display()))?;
            log(&format!(
                "--fresh: the old book is kept as {}",
                kept.display()
            ));
            AddressBook::new(chain_id, from)
        }
        Some(b) if !args.fresh => {
            log(&format!(
                "resuming from {} ({} contracts, {} wiring steps recorded{})",
                book::path(&out, chain_id).display(),
                b.contracts.len(),
                b.wiring.len(),
                if b.complete { ", complete" } else { "" }
            ));
            b
        }
        _ => AddressBook::new(chain_id, from),
    };
    let opts = Options {
        out: (!args.dry_run).then(|| out.clone()),
        log: &log,
        fail_after: args.fail_after,
        receipt_timeout: Duration::from_secs(args.receipt_timeout),
    };
    let book = deploy::reconcile(&provider, from, &cfg, &programs, book, &opts).await?;

    let plan = deploy::plan(&cfg, from)?;
    let done = book.contracts.len() + book.wiring.len();
    if done < plan.len() {
        log(&format!(
            "rehearsing the {} remaining steps on a fork of chain {chain_id}",
            plan.len() - done
        ));
        let quiet = |_: &str| {};
        let r = rehearse(&url, wallet.clone(), from, &cfg, &programs, &book, &quiet).await?;
        let price = provider.get_gas_price().await.context("eth_gasPrice")?;
        let cost = r.cost(price);
        let balance = provider.get_balance(from).await.context("eth_getBalance")?;
        println!(
            "plan on chain {chain_id} ({} network), from {from}:",
            cfg.network.name
        );
        for (i, step) in plan.iter().enumerate() {
            match r.outcome.sent.iter().find(|s| &s.step == step) {
                Some(s) => println!("  {:>3}. {step:<46} gas {:>10}", i + 1, s.gas_used),
                None => println!("  {:>3}. {step:<46} done", i + 1),
            }
        }
        println!(
            "  {} transactions, {} gas; at {} gwei and {} ETH of activation fees: about {} ETH \
             (plus L1 data fees on Arbitrum); the deployer holds {} ETH",
            r.outcome.sent.len(),
            r.gas,
            price as f64 / 1e9,
            format_ether(r.data_fees),
            format_ether(cost),
            format_ether(balance)
        );
        if args.dry_run {
            println!("dry run: nothing sent, nothing written");
            return Ok(());
        }
        ensure!(
            balance >= cost,
            "the deployer {from} holds {} ETH; the deployment needs about {} ETH",
            format_ether(balance),
            format_ether(cost)
        );
    } else if args.dry_run {
        deploy::verify(&provider, &book, &cfg).await?;
        println!(
            "dry run: the deployment on chain {chain_id} is complete and verified; nothing to send"
        );
        return Ok(());
    }

    let outcome = deploy::execute(&provider, from, &cfg, &programs, book, &opts).await?;
    let book = outcome.book;
    let path = book::path(&out, chain_id);
    println!("AID Protocol on chain {chain_id} ({url}):");
    for (name, e) in &book.contracts {
        println!("  {:<14} {}", name.name(), e.address);
    }
    println!("{} transactions sent this run", outcome.sent.len());
    println!("address book: {}", path.display());

    if let Some(node) = node {
        if args.serve {
            println!("local Stylus chain serving at {url} (chain id {chain_id}); Ctrl-C to stop");
            tokio::signal::ctrl_c()
                .await
                .context("waiting for Ctrl-C")?;
            node.stop().await;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn args(s: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("aid-deploy").chain(s.iter().copied()))
    }

    #[test]
    fn flags_parse_and_bad_ones_are_named() {
        Args::command().debug_assert();
        let a = args(&[
            "--rpc-url",
            "http://x:1",
            "--config",
            "c.toml",
            "--verify-only",
        ])
        .unwrap();
        assert_eq!(a.rpc_url.as_deref(), Some("http://x:1"));
        assert!(a.verify_only);
        let e = |s: &[&str]| args(s).unwrap_err().to_string();
        assert!(e(&["--bogus"]).contains("--bogus"));
        assert!(e(&["--port", "eighty"]).contains("--port"));
        assert!(e(&["--config"]).contains("--config"));
        assert!(e(&["--rpc-url", "http://x:1", "--serve"]).contains("--serve"));
        // The key is never a flag: it would land in shell history.
        assert!(e(&["--private-key", "0x01"]).contains("--private-key"));
    }
}
