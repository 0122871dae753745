//! Opt-in: `cargo stylus deploy` against the node, with constructor arguments, through the
//! `StylusDeployer` factory, then `cargo stylus cache status` and `cache bid` against the node's
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

    // `cargo stylus cache status` and `cache bid` find the CacheManager through ArbWasmCache.
    let cache = |args: Vec<String>| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        async move {
            tokio::task::spawn_blocking(move || {
                Command::new("cargo")
                    .current_dir(dir)
                    .args(["stylus", "cache"])
                    .args(args)
                    .output()
                    .expect("cargo stylus runs")
            })
            .await
            .unwrap()
        }
    };
    let url = server.url();
    let status = cache(vec![
        "status".into(),
        "--endpoint".into(),
        url.clone(),
        "--address".into(),
        address.to_string(),
    ])
    .await;
    let text = String::from_utf8_lossy(&status.stdout).to_string()
        + &String::from_utf8_lossy(&status.stderr);
    assert!(status.status.success(), "cache status failed:\n{text}");
    assert!(text.contains("is not yet cached"), "{text}");
    let bid = cache(vec![
        "bid".into(),
        "--endpoint".into(),
        url,
        "--private-key".into(),
        DEV_PRIVATE_KEY.into(),
        address.to_string(),
        "0".into(),
    ])
    .await;
    let text =
        String::from_utf8_lossy(&bid.stdout).to_string() + &String::from_utf8_lossy(&bid.stderr);
    assert!(bid.status.success(), "cache bid failed:\n{text}");
    let code = p.get_code_at(address).await.unwrap();
    let cached = server.node().with_chain(|c| {
        let hash = alloy::primitives::keccak256(&code);
        c.call(&devnode::TxRequest::call(
            devnode::config::DEV_ACCOUNT,
            devnode::precompiles::ARB_WASM_CACHE,
            {
                use alloy::sol_types::SolCall;
                devnode::precompiles::arbwasmcache::ArbWasmCache::codehashIsCachedCall {
                    codehash: hash,
                }
                .abi_encode()
            },
        ))
        .unwrap()
        .output
    });
    assert_eq!(cached.as_ref().last(), Some(&1), "the program is cached");
    server.stop().await.unwrap();
}
