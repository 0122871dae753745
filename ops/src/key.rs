//! Where the signing key comes from: the `PRIVATE_KEY` environment variable, never a command-line
//! argument (it would show in `ps` and shell history); on the local chain, Nitro's public dev key
//! when none is set.

use alloy::signers::local::PrivateKeySigner;
use anyhow::{bail, Result};

/// Nitro's public dev key, prefunded on the local chain (never use it anywhere else).
pub const DEV_KEY: &str = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";

/// The signer for `chain_id`: `PRIVATE_KEY`, else the dev key on the local chain.
pub fn signer(chain_id: u64) -> Result<PrivateKeySigner> {
    let key = std::env::var("PRIVATE_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty());
    let key = match key {
        Some(k) => k,
        None if chain_id == aid_deploy::chain::DEVNODE_CHAIN_ID => DEV_KEY.to_string(),
        None => bail!("chain {chain_id} needs a key: set PRIVATE_KEY"),
    };
    key.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("PRIVATE_KEY is not 32 bytes of hex"))
}
