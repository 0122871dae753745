//! The address book: what was deployed where, written to `deployments/<chain id>.json`.

use std::{collections::BTreeMap, path::Path};

use alloy::primitives::{Address, B256};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// One deployed contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Contract address.
    pub address: Address,
    /// Transaction that deployed, activated and initialised it.
    pub tx_hash: B256,
    /// keccak256 of the deployed code (what ArbWasm's codehashVersion is keyed by).
    pub codehash: B256,
    /// Deployed code size (brotli-compressed program with its 4-byte prefix).
    pub code_bytes: usize,
    /// Gas used by the deployment transaction.
    pub gas_used: u64,
}

/// A GPU model enabled at deployment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelEntry {
    /// Model name.
    pub name: String,
    /// `keccak256(name)`, the id the contracts use.
    pub id: B256,
}

/// Everything an integrator needs to find the protocol on one chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressBook {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Account that sent the deployment.
    pub deployer: Address,
    /// Block of the last deployment transaction.
    pub block_number: u64,
    /// Contracts by name: GpuRegistry, AidToken, AidMinter, SAidVault.
    pub contracts: BTreeMap<String, Entry>,
    /// Role holders by role name.
    pub roles: BTreeMap<String, Address>,
    /// Models enabled at deployment.
    pub models: Vec<ModelEntry>,
}

impl AddressBook {
    /// Address of a contract by name.
    pub fn address(&self, name: &str) -> Result<Address> {
        self.contracts
            .get(name)
            .map(|e| e.address)
            .with_context(|| format!("address book for chain {} has no {name}", self.chain_id))
    }

    /// Writes `<dir>/<chain id>.json`, creating `dir` if needed; returns the path.
    pub fn write(&self, dir: &Path) -> Result<std::path::PathBuf> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = dir.join(format!("{}.json", self.chain_id));
        let json = serde_json::to_string_pretty(self)? + "\n";
        // Write then rename, so a crash never leaves a half-written book behind.
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, json).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(path)
    }

    /// Reads `<dir>/<chain id>.json`.
    pub fn read(dir: &Path, chain_id: u64) -> Result<Self> {
        let path = dir.join(format!("{chain_id}.json"));
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not a valid address book", path.display()))
    }
}
