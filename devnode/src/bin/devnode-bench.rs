//! Executed Stylus ERC-20 transfers per second on the in-process chain, with the share of time in
//! the WASM engine and in revm.
//!
//! `cargo run --release -p devnode --bin devnode-bench -- [TRANSFERS] [--history-blocks N]`
//!
//! Deploys the protocol's AidToken (contracts/target/wasm/.../aid_token.wasm, built by
//! scripts/build-contracts.sh; `AID_WASM_DIR` overrides the directory), mints through its
//! minter API, then sends transfers, each its own transaction and block. Prints the resident
//! memory every 25,000 transfers, then what `evm_snapshot` and `evm_revert` cost on the chain
//! built (median and slowest of 20, each revert undoing one transfer).

use alloy_primitives::{keccak256, Address, U256};
use alloy_sol_types::{sol, SolCall};
use devnode::config::DEV_ACCOUNT;
use devnode::{Chain, TxRequest};
use std::path::PathBuf;
use std::time::Instant;

sol! {
    function constructor_args(address admin);
    function configureMinter(address minter, uint256 allowance);
    function mint(address to, uint256 amount);
    function transfer(address to, uint256 value) returns (bool);
}

fn send(chain: &mut Chain, to: Address, data: Vec<u8>) -> devnode::Receipt {
    let receipt = chain
        .transact(TxRequest::call(DEV_ACCOUNT, to, data))
        .expect("valid transaction");
    assert!(receipt.status, "transaction failed: {receipt:?}");
    receipt
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let transfers: u64 = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .map_or(20_000, |a| a.parse().expect("TRANSFERS is a number"));
    let mut config = devnode::ChainConfig::default();
    if let Some(i) = args.iter().position(|a| a == "--history-blocks") {
        let n = args.get(i + 1).and_then(|v| v.parse().ok());
        config.history_blocks = n.expect("--history-blocks needs a number (0: all)");
    }
    let dir = std::env::var_os("AID_WASM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../contracts/target/wasm/wasm32-unknown-unknown/contract")
        });
    let path = dir.join("aid_token.wasm");
    let wasm = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!(
            "cannot read {}: {e}\nbuild it first: scripts/build-contracts.sh aid-token",
            path.display()
        );
        std::process::exit(2);
    });

    let mut chain = Chain::new(config);
    chain.set_balance(DEV_ACCOUNT, U256::from(10u64).pow(U256::from(24u64)));
    let started = Instant::now();
    let token = chain
        .deploy_stylus(DEV_ACCOUNT, &wasm)
        .expect("AidToken deploys and activates");
    let activation = started.elapsed();
    let mut constructor = keccak256("stylus_constructor()")[..4].to_vec();
    constructor.extend_from_slice(&constructor_argsCall { admin: DEV_ACCOUNT }.abi_encode()[4..]);
    send(&mut chain, token, constructor);
    send(
        &mut chain,
        token,
        configureMinterCall {
            minter: DEV_ACCOUNT,
            allowance: U256::MAX,
        }
        .abi_encode(),
    );
    send(
        &mut chain,
        token,
        mintCall {
            to: DEV_ACCOUNT,
            amount: U256::from(10u64).pow(U256::from(30u64)),
        }
        .abi_encode(),
    );

    let recipients: Vec<Address> = (1..=100u64)
        .map(|i| Address::left_padding_from(&i.to_be_bytes()))
        .collect();
    let transfer = |i: u64| {
        transferCall {
            to: recipients[(i % 100) as usize],
            value: U256::from(1u64),
        }
        .abi_encode()
    };
    for i in 0..200 {
        send(&mut chain, token, transfer(i));
    }

    chain.set_profiling(true);
    let mut gas = 0;
    let mut rss = Vec::new();
    let started = Instant::now();
    for i in 0..transfers {
        gas = send(&mut chain, token, transfer(i)).gas_used;
        if (i + 1) % 25_000 == 0 {
            rss.push((i + 1, resident_mib()));
        }
    }
    let elapsed = started.elapsed();
    let profile = chain.stylus_profile().expect("profiling is on");
    chain.set_profiling(false);

    // Snapshot and revert on the chain as built: the cost a test suite pays per test.
    let (mut snapshots, mut reverts) = (Vec::new(), Vec::new());
    for i in 0..20 {
        let t = Instant::now();
        let id = chain.snapshot();
        snapshots.push(t.elapsed());
        send(&mut chain, token, transfer(i));
        let t = Instant::now();
        assert!(chain.revert(id));
        reverts.push(t.elapsed());
    }

    let total = elapsed.as_nanos() as f64;
    let instantiate = profile.instantiate_ns as f64;
    let wasm = (profile.execute_ns - profile.host_ns) as f64;
    let host = profile.host_ns as f64;
    let revm = total - instantiate - profile.execute_ns as f64;
    let pct = |x: f64| 100.0 * x / total;
    println!(
        "AidToken ({} bytes WASM, {} bytes deployed) activated in {:.1} ms",
        wasm_len(&path),
        chain.code(token).len(),
        activation.as_secs_f64() * 1e3
    );
    println!(
        "{transfers} transfers in {:.3} s: {:.0} transfers/s, {:.1} µs each, {gas} gas each",
        elapsed.as_secs_f64(),
        transfers as f64 / elapsed.as_secs_f64(),
        total / transfers as f64 / 1e3
    );
    println!(
        "time in the WASM engine: {:.1}% (instantiation {:.1}%, executing WASM {:.1}%)",
        pct(instantiate + wasm),
        pct(instantiate),
        pct(wasm)
    );
    println!("time in revm:            {:.1}% (host functions' state access {:.1}%, transaction processing {:.1}%)", pct(host + revm), pct(host), pct(revm));
    for (n, mib) in rss {
        println!("resident memory after {n} transfers: {mib:.0} MiB");
    }
    println!(
        "at block {}: snapshot {} (slowest {}), revert {} (slowest {})",
        chain.block_number(),
        median(&mut snapshots),
        slowest(&snapshots),
        median(&mut reverts),
        slowest(&reverts)
    );
}

fn median(times: &mut [std::time::Duration]) -> String {
    times.sort();
    format!("{:.3} ms", times[times.len() / 2].as_secs_f64() * 1e3)
}

fn slowest(times: &[std::time::Duration]) -> String {
    let max = times.iter().max().copied().unwrap_or_default();
    format!("{:.3} ms", max.as_secs_f64() * 1e3)
}

/// The process's resident memory (Linux; 0 elsewhere).
fn resident_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn wasm_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}
