//! The address book: what was deployed where, written to `deployments/<chain id>.json`.
//!
//! The deploy tool writes it as it goes: after every transaction is sent (as `pending`) and again
//! when its receipt is in (a contract in `contracts`, a wiring transaction in `wiring`), so a run
//! that stops anywhere leaves a book saying exactly how far it got, and the next run continues
//! from there. `complete` is set once every link has been read back as configured.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use alloy::primitives::{Address, B256};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::protocol::{Contract, Holder};

/// One deployed contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// Contract address.
    pub address: Address,
    /// Transaction that deployed, activated and initialised it.
    pub tx_hash: B256,
    /// Block that transaction is in.
    #[serde(default)]
    pub block: u64,
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

/// A wiring transaction that is mined and succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TxRecord {
    /// The step, as the plan names it ("vault: deposit cap").
    pub step: String,
    /// keccak256 of the call data: a re-run refuses a book whose steps a changed configuration
    /// would not send.
    pub input_hash: B256,
    /// Its transaction.
    pub tx_hash: B256,
    /// Its block.
    pub block: u64,
    /// Gas it used.
    pub gas_used: u64,
}

/// A transaction sent whose receipt had not been seen when the book was last written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    /// The step it performs.
    pub step: String,
    /// Its hash.
    pub tx_hash: B256,
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
    /// Contracts deployed so far.
    pub contracts: BTreeMap<Contract, Entry>,
    /// Role holders.
    pub roles: BTreeMap<Holder, Address>,
    /// Models enabled at deployment.
    pub models: Vec<ModelEntry>,
    /// Wiring transactions done, in plan order.
    #[serde(default)]
    pub wiring: Vec<TxRecord>,
    /// The transaction in flight when the book was written, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
    /// Every step is done and every link reads back as configured.
    #[serde(default)]
    pub complete: bool,
}

/// `<dir>/<chain id>.json`.
pub fn path(dir: &Path, chain_id: u64) -> PathBuf {
    dir.join(format!("{chain_id}.json"))
}

impl AddressBook {
    /// An empty book for a deployment from `deployer` on `chain_id`.
    pub fn new(chain_id: u64, deployer: Address) -> Self {
        Self {
            chain_id,
            deployer,
            block_number: 0,
            contracts: BTreeMap::new(),
            roles: BTreeMap::new(),
            models: Vec::new(),
            wiring: Vec::new(),
            pending: None,
            complete: false,
        }
    }

    /// Address of a contract.
    pub fn address(&self, contract: Contract) -> Result<Address> {
        self.contracts
            .get(&contract)
            .map(|e| e.address)
            .with_context(|| format!("address book for chain {} has no {contract}", self.chain_id))
    }

    /// Writes `<dir>/<chain id>.json`, creating `dir` if needed; returns the path.
    pub fn write(&self, dir: &Path) -> Result<PathBuf> {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let path = path(dir, self.chain_id);
        let json = serde_json::to_string_pretty(self)? + "\n";
        // Write then rename, so a crash never leaves a half-written book behind.
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, json).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(path)
    }

    /// Reads `<dir>/<chain id>.json`.
    pub fn read(dir: &Path, chain_id: u64) -> Result<Self> {
        let path = path(dir, chain_id);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text)
            .with_context(|| format!("{} is not a valid address book", path.display()))
    }

    /// Reads `<dir>/<chain id>.json` if there is one.
    pub fn read_if_any(dir: &Path, chain_id: u64) -> Result<Option<Self>> {
        if path(dir, chain_id).exists() {
            Self::read(dir, chain_id).map(Some)
        } else {
            Ok(None)
        }
    }
}

/// Checks, before anything is sent, that the book can be written to `dir`: it is (or can be
/// created as) a directory, and a file can be created in it. A bad `--out` fails here, not after
/// the last transaction.
pub fn check_writable(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        anyhow::bail!(
            "--out {}: is a file, not a directory (the book is written as <dir>/<chain id>.json)",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("--out {}: cannot create the directory", dir.display()))?;
    let probe = dir.join(format!(".aid-deploy-probe-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .with_context(|| format!("--out {}: cannot write there", dir.display()))?;
    std::fs::remove_file(&probe).ok();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unwritable_out_is_refused_up_front() {
        let dir = std::env::temp_dir().join(format!("aid-book-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("file");
        std::fs::write(&file, "x").unwrap();
        let err = format!("{:#}", check_writable(&file).unwrap_err());
        assert!(err.contains("is a file, not a directory"), "{err}");
        let err = format!("{:#}", check_writable(&file.join("sub")).unwrap_err());
        assert!(err.contains("cannot create the directory"), "{err}");
        check_writable(&dir.join("new")).unwrap();
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn an_old_book_without_progress_fields_still_reads() {
        let old = r#"{"chainId":1,"deployer":"0x0000000000000000000000000000000000000001",
            "blockNumber":3,"contracts":{},"roles":{"admin":"0x0000000000000000000000000000000000000001"},
            "models":[]}"#;
        let b: AddressBook = serde_json::from_str(old).unwrap();
        assert!(!b.complete && b.wiring.is_empty() && b.pending.is_none());
        assert_eq!(b.roles[&Holder::Admin], Address::with_last_byte(1));
    }
}
