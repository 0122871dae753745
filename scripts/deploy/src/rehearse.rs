//! A rehearsal: the steps a run would send, sent first to an in-process fork of the target chain
//! (the local Stylus chain reading the target's state at its latest block), so every deployment
//! and wiring transaction is executed against the real state before the first one reaches the
//! target. It measures each step's gas, and is what `--dry-run` prints.
//!
//! Gas on the fork is the local chain's execution gas; on Arbitrum a transaction also pays for
//! its L1 data, so the cost shown is a floor, priced at the target's current gas price.

use alloy::{
    network::EthereumWallet,
    primitives::{Address, U256},
    providers::{DynProvider, Provider, ProviderBuilder},
};
use anyhow::{anyhow, Context, Result};

use crate::{
    book::AddressBook,
    config::Config,
    deploy::{execute, Options, Outcome, Programs},
};

/// What a rehearsal found.
#[derive(Debug, Clone)]
pub struct Rehearsal {
    /// The run on the fork: every step it would send, with its gas.
    pub outcome: Outcome,
    /// Total gas of the steps.
    pub gas: u64,
    /// The activation data fees the fork charged (ArbWasm), in wei.
    pub data_fees: U256,
}

impl Rehearsal {
    /// The ETH the run will cost at `gas_price` (wei per gas): gas × price plus the activation
    /// data fees.
    pub fn cost(&self, gas_price: u128) -> U256 {
        U256::from(self.gas) * U256::from(gas_price) + self.data_fees
    }
}

/// Balance given to the deployer on the fork, so a rehearsal (and a dry run) works whatever the
/// real balance; the real balance is checked against [`Rehearsal::cost`] separately.
const FORK_BALANCE_WEI: u128 = 1_000_000_000_000_000_000_000_000;

/// Runs the steps `book` does not have yet on a fork of `url`, signing with `wallet` (which must
/// hold the key of `from`).
pub async fn rehearse(
    url: &str,
    wallet: EthereumWallet,
    from: Address,
    cfg: &Config,
    programs: &Programs,
    book: &AddressBook,
    log: &(dyn Fn(&str) + Sync),
) -> Result<Rehearsal> {
    let node = devnode::rpc::serve(devnode::rpc::RpcConfig {
        port: 0,
        fork: Some(devnode::rpc::ForkConfig {
            url: url.to_string(),
            block: None,
        }),
        ..Default::default()
    })
    .await
    .map_err(|e| anyhow!("cannot fork {url} to rehearse the deployment: {e}"))?;
    let result = async {
        let fork: DynProvider = ProviderBuilder::new()
            .wallet(wallet)
            .connect_http(node.url().parse()?)
            .erased();
        let _: serde_json::Value = fork
            .raw_request(
                "anvil_setBalance".into(),
                (from, U256::from(FORK_BALANCE_WEI)),
            )
            .await
            .context("funding the deployer on the fork")?;
        let before = fork.get_balance(from).await?;
        let outcome = execute(&fork, from, cfg, programs, book.clone(), &Options::new(log))
            .await
            .context("the rehearsal on a fork of the target failed, so nothing was sent")?;
        let after = fork.get_balance(from).await?;
        let gas: u64 = outcome.sent.iter().map(|s| s.gas_used).sum();
        let gas_fees: U256 = outcome.sent.iter().map(|s| s.fee).sum();
        // What the deployer paid beyond gas: the activation data fees.
        let data_fees = before.saturating_sub(after).saturating_sub(gas_fees);
        Ok(Rehearsal {
            outcome,
            gas,
            data_fees,
        })
    }
    .await;
    node.stop().await.ok();
    result
}
