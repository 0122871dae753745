//! `devnode-bench-rpc`: transactions per second over HTTP JSON-RPC — Stylus ERC-20 transfers of
//! aid-token, automine, signed by the clients (`eth_sendRawTransaction`).
//!
//! ```text
//! scripts/build-contracts.sh aid-token
//! cargo run --release -p devnode --bin devnode-bench-rpc -- [--clients 4] [--txs 250] [--wasm PATH] [--url URL]
//! ```
//!
//! Without `--url` it starts a node in process on an ephemeral loopback port; with it, it
//! measures that node (which must have the dev accounts funded, as `devnode` has).

use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::eips::eip2718::Encodable2718;
use alloy::network::{TransactionBuilder, TxSignerSync};
use alloy::primitives::{keccak256, Address, Bytes, TxKind, U256};
use alloy::providers::{Provider, ProviderBuilder};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::local::PrivateKeySigner;
use alloy::sol;
use alloy::sol_types::{SolCall, SolValue};
use devnode::rpc::{dev_accounts, serve, RpcConfig};
use std::process::ExitCode;
use std::time::{Duration, Instant};

sol! {
    function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) external payable returns (address);
    function configureMinter(address minter, uint256 allowance) external;
    function mint(address to, uint256 amount) external;
    function transfer(address to, uint256 value) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
}

struct Args {
    clients: usize,
    txs: u64,
    wasm: String,
    url: Option<String>,
}

fn parse() -> Result<Args, String> {
    let mut args = Args {
        clients: 4,
        txs: 250,
        wasm: "contracts/target/wasm/wasm32-unknown-unknown/contract/aid_token.wasm".into(),
        url: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut v = || it.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--clients" => args.clients = v()?.parse().map_err(|_| "bad --clients")?,
            "--txs" => args.txs = v()?.parse().map_err(|_| "bad --txs")?,
            "--wasm" => args.wasm = v()?,
            "--url" => args.url = Some(v()?),
            "-h" | "--help" => {
                return Err(
                    "usage: devnode-bench-rpc [--clients N] [--txs N] [--wasm PATH] [--url URL]"
                        .into(),
                )
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.clients == 0 || args.clients > 10 {
        return Err("--clients must be 1..=10 (one dev account each)".into());
    }
    Ok(args)
}

fn sign(signer: &PrivateKeySigner, mut tx: TxEip1559) -> Bytes {
    let sig = signer.sign_transaction_sync(&mut tx).expect("signing");
    let envelope: TxEnvelope = tx.into_signed(sig).into();
    envelope.encoded_2718().into()
}

async fn send_and_wait(
    p: &impl Provider,
    tx: TransactionRequest,
    what: &str,
) -> Result<(), String> {
    let r = p
        .send_transaction(tx)
        .await
        .map_err(|e| format!("{what}: {e}"))?
        .get_receipt()
        .await
        .map_err(|e| format!("{what}: {e}"))?;
    if !r.status() {
        return Err(format!("{what} reverted"));
    }
    Ok(())
}

async fn run(args: Args) -> Result<(), String> {
    let wasm = std::fs::read(&args.wasm).map_err(|e| {
        format!(
            "{}: {e} (build it with scripts/build-contracts.sh aid-token)",
            args.wasm
        )
    })?;
    let (url, server) = match &args.url {
        Some(u) => (u.clone(), None),
        None => {
            let s = serve(RpcConfig {
                port: 0,
                ..RpcConfig::default()
            })
            .await
            .map_err(|e| e.to_string())?;
            (s.url(), Some(s))
        }
    };
    let accounts = dev_accounts();
    let admin = accounts[0].clone();
    let url: alloy::transports::http::reqwest::Url =
        url.parse().map_err(|e| format!("bad url: {e}"))?;
    let ap = ProviderBuilder::new()
        .wallet(admin.clone())
        .connect_http(url.clone());
    let chain_id = ap.get_chain_id().await.map_err(|e| e.to_string())?;

    // Deploy aid-token through the StylusDeployer, make the admin a minter, fund the senders.
    let mut init = keccak256("stylus_constructor()")[..4].to_vec();
    init.extend_from_slice(&(admin.address(),).abi_encode_params());
    let deploy = deployCall {
        bytecode: devnode::deploy_init_code(&stylus_program::encode(&wasm)).into(),
        initData: init.into(),
        initValue: U256::ZERO,
        salt: Default::default(),
    };
    let receipt = ap
        .send_transaction(
            TransactionRequest::default()
                .with_to(devnode::STYLUS_DEPLOYER)
                .with_input(deploy.abi_encode())
                .with_value(U256::from(devnode::ETHER)),
        )
        .await
        .map_err(|e| e.to_string())?
        .get_receipt()
        .await
        .map_err(|e| e.to_string())?;
    let token = receipt
        .inner
        .logs()
        .iter()
        .find(|l| l.address() == devnode::STYLUS_DEPLOYER)
        .map(|l| Address::from_slice(&l.data().data[12..32]))
        .ok_or("deployment failed")?;
    let call = |data: Vec<u8>| {
        TransactionRequest::default()
            .with_to(token)
            .with_input(data)
    };
    send_and_wait(
        &ap,
        call(
            configureMinterCall {
                minter: admin.address(),
                allowance: U256::MAX,
            }
            .abi_encode(),
        ),
        "configureMinter",
    )
    .await?;
    let senders: Vec<PrivateKeySigner> = accounts[1..=args.clients].to_vec();
    for s in &senders {
        send_and_wait(
            &ap,
            call(
                mintCall {
                    to: s.address(),
                    amount: U256::from(1_000_000_000u64),
                }
                .abi_encode(),
            ),
            "mint",
        )
        .await?;
    }

    // Pre-sign every transfer so the clock measures the node, not the signing.
    let plain = ProviderBuilder::new()
        .disable_recommended_fillers()
        .connect_http(url.clone());
    let gas = plain
        .estimate_gas(
            TransactionRequest::default()
                .with_from(senders[0].address())
                .with_to(token)
                .with_input(
                    transferCall {
                        to: Address::repeat_byte(1),
                        value: U256::from(1),
                    }
                    .abi_encode(),
                ),
        )
        .await
        .map_err(|e| e.to_string())?;
    let mut work = Vec::new();
    for (i, s) in senders.iter().enumerate() {
        let base = plain
            .get_transaction_count(s.address())
            .await
            .map_err(|e| e.to_string())?;
        let raws: Vec<Bytes> = (0..args.txs)
            .map(|n| {
                let to = Address::from_word(keccak256((i as u64 * 1_000_000 + n).to_be_bytes()));
                sign(
                    s,
                    TxEip1559 {
                        chain_id,
                        nonce: base + n,
                        gas_limit: gas * 2,
                        max_fee_per_gas: 200_000_000,
                        max_priority_fee_per_gas: 0,
                        to: TxKind::Call(token),
                        value: U256::ZERO,
                        access_list: Default::default(),
                        input: transferCall {
                            to,
                            value: U256::from(1),
                        }
                        .abi_encode()
                        .into(),
                    },
                )
            })
            .collect();
        work.push(raws);
    }

    println!(
        "devnode-bench-rpc: {} clients x {} aid-token transfers over {}",
        args.clients, args.txs, url
    );
    let started = Instant::now();
    let mut tasks = Vec::new();
    for raws in work {
        let p = ProviderBuilder::new()
            .disable_recommended_fillers()
            .connect_http(url.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(raws.len());
            let mut hashes = Vec::with_capacity(raws.len());
            for raw in raws {
                let t = Instant::now();
                let pending = p
                    .send_raw_transaction(&raw)
                    .await
                    .map_err(|e| e.to_string())?;
                latencies.push(t.elapsed());
                hashes.push(*pending.tx_hash());
            }
            Ok::<_, String>((latencies, hashes))
        }));
    }
    let mut latencies: Vec<Duration> = Vec::new();
    let mut hashes = Vec::new();
    for t in tasks {
        let (l, h) = t.await.map_err(|e| e.to_string())??;
        latencies.extend(l);
        hashes.extend(h);
    }
    let elapsed = started.elapsed();

    // Every transfer must have succeeded.
    let mut failed = 0;
    for h in &hashes {
        match plain
            .get_transaction_receipt(*h)
            .await
            .map_err(|e| e.to_string())?
        {
            Some(r) if r.status() => {}
            _ => failed += 1,
        }
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
    let n = hashes.len();
    println!(
        "{n} transfers in {:.2} s: {:.0} tx/s; latency p50 {:.2} ms, p99 {:.2} ms; gas per transfer {}; failed {failed}",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        gas,
    );
    if let Some(s) = server {
        s.stop().await.map_err(|e| e.to_string())?;
    }
    if failed > 0 {
        return Err(format!("{failed} transfers failed"));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    match rt.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("devnode-bench-rpc: {e}");
            ExitCode::FAILURE
        }
    }
}
