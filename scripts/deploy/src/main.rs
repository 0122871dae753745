//! `aid-deploy`: deploys AID Protocol, wires it, verifies it and writes `deployments/<chain id>.json`.
//!
//! ```text
//! aid-deploy [--rpc-url URL] [--private-key HEX] [--config FILE] [--wasm-dir DIR] [--out DIR]
//!            [--serve] [--port N] [--verify-only]
//! ```
//! Without `--rpc-url` (or `RPC_URL`) it starts the local Stylus chain in-process on 127.0.0.1
//! (port 8547 unless `--port`), deploys there with Nitro's public dev key, and with `--serve` keeps
//! the chain running for wallets and tools until Ctrl-C.

use std::{path::PathBuf, process::ExitCode};

use aid_deploy::{book::AddressBook, config::Config, deploy};
use alloy::{
    network::EthereumWallet,
    providers::{Provider, ProviderBuilder},
    signers::local::PrivateKeySigner,
};
use anyhow::{bail, Context, Result};

/// Nitro's public dev key, prefunded on the local chain (never use it anywhere else).
const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

const USAGE: &str = "usage: aid-deploy [--rpc-url URL] [--private-key HEX] [--config FILE] [--wasm-dir DIR] \
[--out DIR] [--serve] [--port N] [--verify-only]
  --rpc-url URL     node to deploy to (default: $RPC_URL, else the local Stylus chain started in-process)
  --private-key HEX deployer key (default: $PRIVATE_KEY; on the local chain, Nitro's dev key)
  --config FILE     deployment configuration (default: scripts/deploy/config/devnode.toml on the local chain)
  --wasm-dir DIR    built contracts (default: contracts/target/wasm/wasm32-unknown-unknown/contract)
  --out DIR         where the address book goes (default: deployments)
  --serve           local chain only: keep serving after the deployment, until Ctrl-C
  --port N          local chain only: port to listen on (default 8547)
  --verify-only     read deployments/<chain id>.json and verify it against the chain and config";

#[derive(Debug, Default)]
struct Args {
    rpc_url: Option<String>,
    private_key: Option<String>,
    config: Option<PathBuf>,
    wasm_dir: Option<PathBuf>,
    out: Option<PathBuf>,
    serve: bool,
    port: Option<u16>,
    verify_only: bool,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args> {
    let mut a = Args::default();
    while let Some(flag) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .with_context(|| format!("{name} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--rpc-url" => a.rpc_url = Some(value("--rpc-url")?),
            "--private-key" => a.private_key = Some(value("--private-key")?),
            "--config" => a.config = Some(value("--config")?.into()),
            "--wasm-dir" => a.wasm_dir = Some(value("--wasm-dir")?.into()),
            "--out" => a.out = Some(value("--out")?.into()),
            "--port" => {
                let v = value("--port")?;
                a.port = Some(
                    v.parse()
                        .with_context(|| format!("--port: {v:?} is not a port number"))?,
                );
            }
            "--serve" => a.serve = true,
            "--verify-only" => a.verify_only = true,
            "-h" | "--help" => bail!("{USAGE}"),
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    if a.rpc_url.is_none() {
        a.rpc_url = std::env::var("RPC_URL").ok().filter(|s| !s.is_empty());
    }
    if a.private_key.is_none() {
        a.private_key = std::env::var("PRIVATE_KEY").ok().filter(|s| !s.is_empty());
    }
    if a.rpc_url.is_some() && (a.serve || a.port.is_some()) {
        bail!("--serve and --port apply to the local chain only; drop them or drop --rpc-url");
    }
    Ok(a)
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
    let args = parse_args(std::env::args().skip(1))?;
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

    let key = match (&args.private_key, local) {
        (Some(k), _) => k.clone(),
        (None, true) => DEV_KEY.to_string(),
        (None, false) => {
            bail!("a private key is required for a remote chain: --private-key or PRIVATE_KEY")
        }
    };
    let signer: PrivateKeySigner = key
        .trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("the private key is not 32 bytes of hex"))?;
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
    use super::*;

    fn args(s: &[&str]) -> Result<Args> {
        parse_args(s.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_parse_and_bad_ones_are_named() {
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
        assert!(args(&["--bogus"])
            .unwrap_err()
            .to_string()
            .contains("--bogus"));
        assert!(args(&["--port", "eighty"])
            .unwrap_err()
            .to_string()
            .contains("--port"));
        assert!(args(&["--config"])
            .unwrap_err()
            .to_string()
            .contains("needs a value"));
        assert!(args(&["--rpc-url", "http://x:1", "--serve"])
            .unwrap_err()
            .to_string()
            .contains("local chain only"));
    }
}
