//! `aid-keeper`: follows the chain and keeps AID Protocol running — liquidations, auctions, drips,
//! bad-debt healing and program keepalives. See the crate README for the policy flags.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode, time::Duration};

use aid_ops::{
    amount,
    conn::{self, Protocol},
    keeper::{Keeper, Policy},
    retry::Backoff,
    tx::Sender,
};
use alloy::primitives::{Address, U256};
use anyhow::{Context, Result};
use clap::Parser;

/// Keeps AID Protocol running: on every block it keeps programs alive, drips interest to sAID,
/// heals bad debt, liquidates unsafe positions whose reward covers the gas, resets expired auctions
/// and bids on auctions priced within its policy. The key comes from PRIVATE_KEY or --keystore
/// (on the local chain, the dev key when neither is given).
#[derive(Debug, Parser)]
#[command(name = "aid-keeper", version)]
struct Args {
    /// Node to follow.
    #[arg(long, env = "RPC_URL", default_value = conn::LOCAL_RPC_URL)]
    rpc_url: String,
    /// Folder of address books written by aid-deploy (`<chain id>.json`).
    #[arg(long, env = "AID_DEPLOYMENTS", default_value = "deployments")]
    deployments: PathBuf,
    #[command(flatten)]
    key: aid_deploy::signer::KeyArgs,
    /// Simulate and log every action; send nothing.
    #[arg(long)]
    dry_run: bool,
    /// How often to ask for a new block, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    poll_ms: u64,
    /// Prometheus text endpoint (`off` to disable).
    #[arg(long, env = "AID_KEEPER_METRICS", default_value = "127.0.0.1:9464")]
    metrics_addr: String,
    /// Drip each model with debt when its last drip is this old (seconds; 0 never drips).
    #[arg(long, default_value_t = 86_400)]
    drip_interval_secs: u64,
    /// Bid when the price is at or under this fraction of the latest appraisal (bps; 0 never bids).
    #[arg(long, default_value_t = 0)]
    bid_bps: u16,
    /// Most AID to pay for one auction (decimal AID).
    #[arg(long, default_value = "0")]
    max_spend: String,
    /// Where bought GPU tokens go (default: the keeper's account).
    #[arg(long)]
    receiver: Option<Address>,
    /// Price of 1 ETH in AID, to weigh gas against the keeper reward (decimal).
    #[arg(long, default_value = "3000")]
    eth_price: String,
    /// Liquidate unsafe positions even when the reward does not cover the gas.
    #[arg(long)]
    liquidate_at_a_loss: bool,
    /// Keep a program alive once its activation has less than this left (seconds; 0 never).
    #[arg(long, default_value_t = 30 * 86_400)]
    keepalive_margin_secs: u64,
    /// ETH sent with a keepalive for its data fee (the excess is refunded).
    #[arg(long, default_value = "0.1")]
    keepalive_value_eth: String,
    /// Blocks an action waits after it was refused or reverted.
    #[arg(long, default_value_t = 20)]
    retry_after_blocks: u64,
    /// First block of the event index (default: the deployment's block).
    #[arg(long)]
    from_block: Option<u64>,
    /// Process the latest block once and exit.
    #[arg(long)]
    once: bool,
    /// Log level: error, warn, info, debug or trace.
    #[arg(long, env = "AID_LOG", default_value = "info")]
    log: tracing::Level,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_max_level(args.log)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<()> {
    let backoff = Backoff::default();
    let protocol = Protocol::connect(&args.rpc_url, &args.deployments, backoff).await?;
    let signer = aid_ops::signer(&args.key, protocol.chain_id)?;
    let mut sender = Sender::new(protocol.provider.clone(), signer, protocol.chain_id);
    sender.dry_run = args.dry_run;
    let policy = Policy {
        drip_interval: args.drip_interval_secs,
        bid_bps: args.bid_bps,
        max_spend: amount::parse("--max-spend", &args.max_spend)?,
        receiver: args.receiver,
        eth_price: amount::parse("--eth-price", &args.eth_price)?,
        liquidate_at_a_loss: args.liquidate_at_a_loss,
        keepalive_margin: args.keepalive_margin_secs,
        keepalive_value: amount::parse("--keepalive-value-eth", &args.keepalive_value_eth)?,
        retry_after_blocks: args.retry_after_blocks,
    };
    anyhow::ensure!(
        args.bid_bps == 0 || policy.max_spend > U256::ZERO,
        "--bid-bps needs --max-spend (the most AID to pay for one auction)"
    );
    let mut keeper = Keeper::start(protocol, sender, policy, args.from_block).await?;
    if args.metrics_addr != "off" {
        let addr: SocketAddr = args
            .metrics_addr
            .parse()
            .with_context(|| format!("--metrics-addr: {:?} is not HOST:PORT", args.metrics_addr))?;
        let bound = keeper.metrics.clone().serve(addr).await?;
        tracing::info!(%bound, "metrics at http://{bound}/metrics");
    }
    if args.once {
        let s = keeper.step().await?;
        tracing::info!("{s}");
        return Ok(());
    }
    let stop = async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        tracing::info!("stopping");
    };
    keeper.run(Duration::from_millis(args.poll_ms), stop).await;
    Ok(())
}
