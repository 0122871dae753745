//! The Stylus user's path with cargo-stylus 0.10: `cargo stylus check` and `cargo stylus deploy`,
//! run in each contract's folder against the local chain, with the contracts as the project builds
//! them (`--wasm-file`; see `contracts/Stylus.toml` for why cargo stylus does not build them).
//!
//! What this proves, contract by contract: cargo-stylus accepts the program (size, activation
//! check, data fee), deploys its code and activates it, and the program then answers calls.
//! What it cannot do: cargo-stylus 0.10.10's `--wasm-file` deployment is a plain CREATE without
//! the constructor (it goes through the `StylusDeployer` only when it builds the crate itself), so
//! the constructors are run by the project's deploy tool, which creates, activates and constructs
//! in one transaction. The test checks that too: a contract deployed this way is unconstructed.
//!
//! Runs when `cargo stylus` is installed (`cargo install cargo-stylus --locked`, about ten minutes
//! of compile) and says SKIPPED otherwise.

use std::path::{Path, PathBuf};
use std::process::Command;

use aid_deploy::chain::{IArbWasm, ARB_WASM};
use aid_integration::{
    liquidator::IAidLiquidator, minter::IAidMinter, registry::IGpuRegistry, repo_root,
    token::IAidToken, vault::ISAidVault, wasm_dir,
};
use alloy::{
    primitives::{Address, B256},
    providers::{Provider, ProviderBuilder},
    signers::local::PrivateKeySigner,
};
use devnode::rpc::DEV_PRIVATE_KEY;

/// Each contract's crate and WASM file stem.
const CONTRACTS: [(&str, &str); 5] = [
    ("gpu-registry", "gpu_registry"),
    ("aid-token", "aid_token"),
    ("aid-minter", "aid_minter"),
    ("said-vault", "said_vault"),
    ("aid-liquidator", "aid_liquidator"),
];

fn cargo_stylus_installed() -> bool {
    Command::new("cargo")
        .args(["stylus", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Runs `cargo stylus ARGS` in `contracts/CRATE`; returns stdout and stderr together.
fn cargo_stylus(krate: &str, args: &[String]) -> String {
    let out = Command::new("cargo")
        .current_dir(repo_root().join("contracts").join(krate))
        .arg("stylus")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("cargo stylus runs");
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "cargo stylus {} failed in contracts/{krate}:\n{text}",
        args.join(" ")
    );
    text
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// `cargo stylus check` and `cargo stylus deploy --wasm-file` of `stem.wasm` from `contracts/krate`;
/// the deployed address.
fn check_and_deploy(url: &str, key_file: &Path, krate: &str, stem: &str) -> Address {
    let wasm: PathBuf = wasm_dir().join(format!("{stem}.wasm"));
    let wasm = wasm.display().to_string();
    let text = cargo_stylus(
        krate,
        &strings(&["check", "--endpoint", url, "--wasm-file", &wasm]),
    );
    assert!(text.contains("contract size"), "{krate}: {text}");
    let key = key_file.display().to_string();
    let text = cargo_stylus(
        krate,
        &strings(&[
            "deploy",
            "--no-verify",
            "--endpoint",
            url,
            "--private-key-path",
            &key,
            "--wasm-file",
            &wasm,
        ]),
    );
    let at = text
        .find("deployed code at address")
        .unwrap_or_else(|| panic!("no deployed address in:\n{text}"));
    let rest = &text[at..];
    let start = rest.find("0x").expect("an address");
    rest[start..start + 42].parse().expect("an address")
}

#[tokio::test]
async fn cargo_stylus_checks_deploys_and_activates_every_contract() {
    if !cargo_stylus_installed() {
        eprintln!("SKIPPED: `cargo stylus` is not installed (cargo install cargo-stylus --locked)");
        return;
    }
    let wasm = wasm_dir();
    assert!(
        wasm.join("aid_minter.wasm").exists(),
        "no contracts in {} (run scripts/build-contracts.sh)",
        wasm.display()
    );
    let server = devnode::rpc::serve(devnode::rpc::RpcConfig {
        port: 0,
        ..Default::default()
    })
    .await
    .expect("devnode starts");
    let url = server.url().to_string();
    let dir = private_dir();
    let key_file = dir.join("key");
    std::fs::write(&key_file, DEV_PRIVATE_KEY).unwrap();
    let admin = DEV_PRIVATE_KEY
        .parse::<PrivateKeySigner>()
        .unwrap()
        .address();

    let (u, k) = (url.clone(), key_file.clone());
    let addresses = tokio::task::spawn_blocking(move || {
        CONTRACTS.map(|(krate, stem)| check_and_deploy(&u, &k, krate, stem))
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(dir);

    let p = ProviderBuilder::new().connect_http(url.parse().unwrap());
    let arb_wasm = IArbWasm::new(ARB_WASM, &p);
    let stylus_version = arb_wasm.stylusVersion().call().await.unwrap();
    for ((krate, _), at) in CONTRACTS.iter().zip(addresses) {
        assert!(!p.get_code_at(at).await.unwrap().is_empty(), "{krate}");
        // Activated at the chain's current Stylus version: calls run the program.
        assert_eq!(
            arb_wasm.programVersion(at).call().await.unwrap(),
            stylus_version,
            "{krate}"
        );
    }
    // The programs answer (views that need no constructor), and no constructor ran: nobody holds
    // an admin role and no reference is set, which is why deployments go through the deploy tool.
    let [registry, token, minter, vault, liquidator] = addresses;
    let registry = IGpuRegistry::new(registry, &p);
    assert!(!registry.paused().call().await.unwrap());
    assert!(!registry.hasRole(B256::ZERO, admin).call().await.unwrap());
    let token = IAidToken::new(token, &p);
    assert!(!token.hasRole(B256::ZERO, admin).call().await.unwrap());
    let minter = IAidMinter::new(minter, &p);
    assert_eq!(minter.registry().call().await.unwrap(), Address::ZERO);
    let vault = ISAidVault::new(vault, &p);
    assert!(!vault.hasRole(B256::ZERO, admin).call().await.unwrap());
    let liquidator = IAidLiquidator::new(liquidator, &p);
    assert_eq!(liquidator.minter().call().await.unwrap(), Address::ZERO);
}

/// A fresh directory for the key file (cargo stylus reads a key from a file, not the command line).
fn private_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("aid-cargo-stylus-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
