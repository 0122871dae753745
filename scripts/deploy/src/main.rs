//! `aid-deploy`: deploys AID Protocol, wires it, verifies it and writes `deployments/<chain id>.json`.
//!
//! Run `aid-deploy --help` for the options. Without `--rpc-url` (or `RPC_URL`) it starts the local
//! Stylus chain in-process on 127.0.0.1 (port 8547 unless `--port`), deploys there with Nitro's
//! public dev key, and with `--serve` keeps the chain running for wallets and tools until Ctrl-C.
//! The deployer key comes from `PRIVATE_KEY` or `--keystore FILE`, never from the command line
//! (see [`aid_deploy::signer`]).

use std::{path::PathBuf, process::ExitCode};

use aid_deploy::{book::AddressBook, config::Config, deploy, signer};
use alloy::{
    network::EthereumWallet,
    providers::{Provider, ProviderBuilder},
};
use anyhow::{bail, Context, Result};
use clap::Parser;

/// Deploys AID Protocol's Stylus contracts, wires them, verifies every link and writes the
/// address book.
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
    /// Local chain only: keep serving after the deployment, until Ctrl-C.
    #[arg(long, conflicts_with = "rpc_url")]
    serve: bool,
    /// Local chain only: port to listen on.
    #[arg(long, value_name = "N", conflicts_with = "rpc_url")]
    port: Option<u16>,
    /// Read the address book and verify it against the chain and the configuration; send nothing.
    #[arg(long)]
    verify_only: bool,
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

async fn run() -> Result<()> {
    let args = Args::parse();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let local = args.rpc_url.is_none();

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
    let url: alloy::transports::http::reqwest::Url = url
        .parse()
        .with_context(|| format!("--rpc-url: {url:?} is not a URL"))?;

    let signer = signer::load(&args.key.source(local)?)?;
    let from = signer.address();
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(signer))
        .connect_http(url.clone())
        .erased();
    let chain_id = provider
        .get_chain_id()
        .await
        .with_context(|| format!("cannot reach a node at {url}"))?;

    let config_path = match (&args.config, chain_id) {
        (Some(p), _) => p.clone(),
        (None, aid_deploy::chain::DEVNODE_CHAIN_ID) => {
            root.join("scripts/deploy/config/devnode.toml")
        }
        (None, id) => {
            bail!("chain {id} needs a configuration: --config FILE (see scripts/deploy/config/)")
        }
    };
    let cfg = Config::load(&config_path)?;
    let out = args.out.clone().unwrap_or_else(|| root.join("deployments"));

    if args.verify_only {
        let book = AddressBook::read(&out, chain_id)?;
        deploy::verify(&provider, &book, &cfg).await?;
        println!("deployment on chain {chain_id} verified: every link reads back as configured");
        return Ok(());
    }

    let wasm_dir = args
        .wasm_dir
        .clone()
        .unwrap_or_else(|| root.join("contracts/target/wasm/wasm32-unknown-unknown/contract"));
    let log = |s: &str| eprintln!("{s}");
    let book = deploy::deploy_protocol(&provider, from, &wasm_dir, &cfg, &log).await?;
    let path = book.write(&out)?;
    println!("AID Protocol on chain {chain_id} ({url}):");
    for (name, e) in &book.contracts {
        println!("  {name:<12} {}", e.address);
    }
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
