//! Opt-in: `cargo stylus deploy` against the node, with constructor arguments, through the
//! `StylusDeployer` factory; `cargo stylus cache status` and `cache bid` against the node's
//! `CacheManager`. Needs `cargo stylus` (`cargo install cargo-stylus --locked`) and the
//! aid-token WASM (`scripts/build-contracts.sh aid-token`). Run with
//! `cargo test -p devnode --test rpc_cargo_stylus -- --ignored`.

mod rpc_common;

use alloy::primitives::Address;
use devnode::rpc::DEV_PRIVATE_KEY;
use rpc_common::*;
use std::path::PathBuf;
use std::process::Command;

fn cargo_stylus_installed() -> bool {
    Command::new("cargo")
        .args(["stylus", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[tokio::test]
#[ignore = "needs `cargo stylus`; run with --ignored"]
async fn cargo_stylus_deploys_with_constructor_arguments() {
    if !cargo_stylus_installed() {
        eprintln!("SKIPPED: `cargo stylus` is not installed (cargo install cargo-stylus --locked)");
        return;
    }
    if aid_token_wasm().is_none() {
        return;
    }
    let server = start().await;
    let admin = account(2).address();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../contracts/aid-token");
    let url = server.url();
    let wasm = aid_token_path();
    let output = tokio::task::spawn_blocking(move || {
        Command::new("cargo")
            .current_dir(dir)
            .args([
                "stylus",
                "deploy",
                "--no-verify",
                "--endpoint",
                &url,
                "--private-key",
                DEV_PRIVATE_KEY,
            ])
            .arg("--wasm-file")
            .arg(wasm)
            .args(["--constructor-signature", "constructor(address)"])
            .args(["--constructor-args", &admin.to_string()])
            .output()
            .expect("cargo stylus runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        output.status.success(),
        "cargo stylus deploy failed:\n{stdout}\n{stderr}"
    );
    // "deployed code at address: 0x…"
    let text = format!("{stdout}\n{stderr}");
    let at = text
        .find("deployed code at address")
        .expect("the deployed address is printed");
    let rest = &text[at..];
    let start = rest.find("0x").expect("an address");
    let address: Address = rest[start..start + 42].parse().expect("address");

    let p = provider(&server);
    use alloy::providers::Provider;
    assert!(!p.get_code_at(address).await.unwrap().is_empty());
    let token = IToken::new(address, &p);
    assert!(token
        .hasRole(minter_admin_role(), admin)
        .call()
        .await
        .unwrap());
    server.stop().await.unwrap();
}

/// Runs `cargo stylus cache ARGS` and returns whether it succeeded and what it printed.
async fn cargo_stylus_cache(args: Vec<String>) -> (bool, String) {
    let out = tokio::task::spawn_blocking(move || {
        Command::new("cargo")
            .args(["stylus", "cache"])
            .args(args)
            .output()
            .expect("cargo stylus runs")
    })
    .await
    .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
#[ignore = "needs `cargo stylus`; run with --ignored"]
async fn cargo_stylus_cache_status_and_bid_work_against_the_cache_manager() {
    if !cargo_stylus_installed() {
        eprintln!("SKIPPED: `cargo stylus` is not installed (cargo install cargo-stylus --locked)");
        return;
    }
    let Some(wasm) = aid_token_wasm() else {
        return;
    };
    let server = start().await;
    let address = server
        .node()
        .with_chain(|c| c.deploy_stylus(devnode::config::DEV_ACCOUNT, &wasm))
        .expect("aid-token deploys and activates");
    let url = server.url();

    let (ok, text) = cargo_stylus_cache(vec![
        "status".into(),
        "--endpoint".into(),
        url.clone(),
        "--address".into(),
        address.to_string(),
    ])
    .await;
    assert!(ok, "cache status failed:\n{text}");
    assert!(text.contains("is not yet cached"), "{text}");

    let (ok, text) = cargo_stylus_cache(vec![
        "bid".into(),
        "--endpoint".into(),
        url.clone(),
        "--private-key".into(),
        DEV_PRIVATE_KEY.into(),
        address.to_string(),
        "0".into(),
    ])
    .await;
    assert!(ok, "cache bid failed:\n{text}");
    assert!(text.contains("Successfully cached"), "{text}");

    let (ok, text) = cargo_stylus_cache(vec![
        "status".into(),
        "--endpoint".into(),
        url.clone(),
        "--address".into(),
        address.to_string(),
    ])
    .await;
    assert!(ok, "cache status failed:\n{text}");
    eprintln!("{text}");
    assert!(text.contains("is cached"), "{text}");
    assert!(!text.contains("is not yet cached"), "{text}");

    // A second bid: the CacheManager's AlreadyCached, which cargo stylus names.
    let (ok, text) = cargo_stylus_cache(vec![
        "bid".into(),
        "--endpoint".into(),
        url,
        "--private-key".into(),
        DEV_PRIVATE_KEY.into(),
        address.to_string(),
        "0".into(),
    ])
    .await;
    assert!(!ok, "a second bid fails:\n{text}");
    assert!(text.contains("already cached"), "{text}");
    server.stop().await.unwrap();
}
