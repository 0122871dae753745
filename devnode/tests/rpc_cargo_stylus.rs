//! Opt-in: `cargo stylus cache status` and `cache bid` against the node's `CacheManager`. Needs
//! `cargo stylus` (`cargo install cargo-stylus --locked`) and the aid-token WASM
//! (`scripts/build-contracts.sh aid-token`). Run with
//! `cargo test -p devnode --test rpc_cargo_stylus -- --ignored`. (`cargo stylus check` and
//! `deploy` of every contract are in the integration suite: `tests/tests/cargo_stylus.rs`.)

mod rpc_common;

use devnode::rpc::DEV_PRIVATE_KEY;
use rpc_common::*;
use std::process::Command;

fn cargo_stylus_installed() -> bool {
    Command::new("cargo")
        .args(["stylus", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
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
