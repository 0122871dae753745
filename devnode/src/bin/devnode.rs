//! `devnode`: a local Stylus chain served over JSON-RPC, with the Nitro dev node's defaults.
//!
//! Run `devnode --help` for the flags.

use devnode::rpc::{self, ForkConfig, Mining, RpcConfig};
use devnode::{TimeMode, U256};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
devnode: a local Arbitrum Stylus chain served over JSON-RPC (Nitro dev node defaults)

USAGE:
    devnode [OPTIONS]

OPTIONS:
    --host ADDR           Address to listen on [default: 127.0.0.1]
    --port PORT           Port to listen on, 0 for any free port [default: 8547]
    --allow-remote        Allow a non-loopback --host (the dev keys are public!)
    --chain-id ID         Chain id [default: 412346]
    --block-time SECS     Mine a block every SECS seconds instead of one per transaction
    --balance ETH         Balance of each dev account, in ether [default: 1000000]
    --load-state FILE     Start from a state file written by --dump-state
    --dump-state FILE     Write the state to FILE on exit (Ctrl-C / SIGTERM)
    --fork-url URL        Read state the chain has not written from another chain (http:// or https://)
    --fork-block N        Block of the fork chain to read state at [default: its latest]
    --manual-time         Block timestamps move only with evm_increaseTime / evm_setNextBlockTimestamp
    --debug               Debug chain: programs may import the console host functions
                          (Arbitrum One and Sepolia refuse them)
    --arbos-version N     ArbOS rules for Stylus, 32 to 61 [default: 61]
    --max-body-bytes N    Largest request body [default: 8388608]
    --max-batch N         Largest batch request [default: 1000]
    --rpc-gas-cap N       Most gas an eth_call / eth_estimateGas runs with [default: 50000000]
    --tx-gas-limit N      Most gas one transaction may ask for [default: 32000000]
    --txpool-account-queue N  Most future-nonce transactions queued per sender [default: 64]
    --txpool-slots N      Most transactions in the pool, pending and queued [default: 4096]
    --txpool-lifetime SECS  How long a queued transaction waits for its nonce gap [default: 10800]
    --state-blocks N      Keep the state of the last N blocks for reads and calls at a block
                          [default: 256]
    --history-blocks N    Keep blocks, receipts, logs and transactions of the last N blocks,
                          0 for all [default: 100000]
    --max-connections N   Most open connections; more get HTTP 503 [default: 1024]
    --idle-timeout SECS   Close a connection idle this long between requests [default: 60]
    --header-timeout SECS Drop a request whose headers or body take longer [default: 10]
    --exec-threads N      Most threads executing requests [default: 32]
    --exec-queue N        Most requests waiting for a thread; more get node busy [default: 4096]
    -h, --help            Print this help
    -V, --version         Print the version
";

fn parse_args(args: Vec<String>) -> Result<Option<RpcConfig>, String> {
    let mut config = RpcConfig::default();
    config.chain.time = TimeMode::WallClock;
    let mut fork_url: Option<String> = None;
    let mut fork_block: Option<u64> = None;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it.next().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        fn num<T: std::str::FromStr>(flag: &str, v: String) -> Result<T, String> {
            v.parse::<T>()
                .map_err(|_| format!("invalid value for {flag}: {v}"))
        }
        match flag.as_str() {
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("devnode {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--host" => {
                let v = value(&flag)?;
                config.host = if v == "localhost" {
                    IpAddr::from([127, 0, 0, 1])
                } else {
                    num::<IpAddr>(&flag, v)?
                };
            }
            "--port" => config.port = num(&flag, value(&flag)?)?,
            "--allow-remote" => config.allow_remote = true,
            "--chain-id" => config.chain.chain_id = num(&flag, value(&flag)?)?,
            "--block-time" => {
                let secs: f64 = num(&flag, value(&flag)?)?;
                if !(secs > 0.0 && secs <= 86_400.0) {
                    return Err("--block-time must be between 0 and 86400 seconds".into());
                }
                config.mining = Mining::Interval(Duration::from_secs_f64(secs));
            }
            "--balance" => {
                let eth: u64 = num(&flag, value(&flag)?)?;
                config.balance = U256::from(eth) * U256::from(devnode::ETHER);
            }
            "--load-state" => config.load_state = Some(PathBuf::from(value(&flag)?)),
            "--dump-state" => config.dump_state = Some(PathBuf::from(value(&flag)?)),
            "--fork-url" => fork_url = Some(value(&flag)?),
            "--fork-block" => fork_block = Some(num(&flag, value(&flag)?)?),
            "--manual-time" => config.chain.time = TimeMode::Manual,
            "--debug" => config.chain.debug = true,
            "--arbos-version" => {
                let v: u64 = num(&flag, value(&flag)?)?;
                if !(32..=61).contains(&v) {
                    return Err("--arbos-version must be between 32 and 61".into());
                }
                config.chain.arbos_version = v;
            }
            "--max-body-bytes" => config.max_body_bytes = num(&flag, value(&flag)?)?,
            "--max-batch" => config.max_batch = num(&flag, value(&flag)?)?,
            "--rpc-gas-cap" | "--tx-gas-limit" => {
                let n: u64 = num(&flag, value(&flag)?)?;
                if n < 21_000 {
                    return Err(format!("{flag} must be at least 21000"));
                }
                if flag == "--rpc-gas-cap" {
                    config.gas_limits.call_gas_cap = n;
                } else {
                    config.gas_limits.max_tx_gas = n;
                }
            }
            "--txpool-account-queue" | "--txpool-slots" => {
                let n: usize = num(&flag, value(&flag)?)?;
                if n == 0 {
                    return Err(format!("{flag} must be at least 1"));
                }
                if flag == "--txpool-slots" {
                    config.pool.max_total = n;
                } else {
                    config.pool.max_per_sender = n;
                }
            }
            "--txpool-lifetime" => {
                let secs: u64 = num(&flag, value(&flag)?)?;
                if secs == 0 {
                    return Err("--txpool-lifetime must be at least 1 second".into());
                }
                config.pool.lifetime = Duration::from_secs(secs);
            }
            "--state-blocks" => {
                let n: u64 = num(&flag, value(&flag)?)?;
                if n == 0 {
                    return Err("--state-blocks must be at least 1".into());
                }
                config.chain.state_blocks = n;
            }
            "--history-blocks" => config.chain.history_blocks = num(&flag, value(&flag)?)?,
            "--max-connections" | "--exec-threads" => {
                let n: usize = num(&flag, value(&flag)?)?;
                if n == 0 {
                    return Err(format!("{flag} must be at least 1"));
                }
                if flag == "--max-connections" {
                    config.connections.max_connections = n;
                } else {
                    config.exec.max_threads = n;
                }
            }
            "--exec-queue" => config.exec.max_queue = num(&flag, value(&flag)?)?,
            "--idle-timeout" | "--header-timeout" => {
                let secs: f64 = num(&flag, value(&flag)?)?;
                if !(secs > 0.0 && secs <= 86_400.0) {
                    return Err(format!("{flag} must be between 0 and 86400 seconds"));
                }
                let d = Duration::from_secs_f64(secs);
                if flag == "--idle-timeout" {
                    config.connections.idle_timeout = d;
                } else {
                    config.connections.header_timeout = d;
                }
            }
            other => return Err(format!("unknown argument {other} (see --help)")),
        }
    }
    match (fork_url, fork_block) {
        (Some(url), block) => config.fork = Some(ForkConfig { url, block }),
        (None, Some(_)) => return Err("--fork-block needs --fork-url".into()),
        (None, None) => {}
    }
    if config.chain.time == TimeMode::WallClock {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        config.chain.genesis_timestamp = now;
    }
    Ok(Some(config))
}

fn banner(config: &RpcConfig, server: &rpc::ServerHandle) {
    let node = server.node();
    println!(
        "devnode {} — local Arbitrum Stylus chain",
        env!("CARGO_PKG_VERSION")
    );
    println!();
    println!("Chain id:   {}", node.chain_id());
    println!(
        "Mining:     {}",
        match config.mining {
            Mining::Auto => "automine (one block per transaction)".to_string(),
            Mining::Interval(d) => format!("every {:?}", d),
            Mining::Manual => "manual (evm_mine mines the pool)".to_string(),
        }
    );
    if let Some(f) = &config.fork {
        println!(
            "Fork:       {} at block {}",
            f.url,
            f.block.map_or("latest".to_string(), |b| b.to_string())
        );
    }
    if let Some(p) = &config.load_state {
        println!("State from: {}", p.display());
    }
    println!("StylusDeployer: {}", devnode::STYLUS_DEPLOYER);
    println!("ArbWasm:        {}", devnode::precompiles::ARB_WASM);
    println!("ArbSys:         {}", devnode::precompiles::ARB_SYS);
    println!();
    println!(
        "Dev accounts ({} ETH each; keys are public, never use them elsewhere):",
        config.balance / U256::from(devnode::ETHER)
    );
    for (i, signer) in config.accounts.iter().enumerate() {
        let label = if i == 0 {
            "nitro-dev".to_string()
        } else {
            format!("mnemonic/{}", i - 1)
        };
        println!(
            "  ({label:>10}) {}  0x{}",
            signer.address(),
            alloy::hex::encode(signer.credential().to_bytes())
        );
    }
    println!("  mnemonic: \"{}\"", rpc::TEST_MNEMONIC);
    println!();
    println!("Listening on {}", server.url());
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1).collect()) {
        Ok(Some(c)) => c,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("devnode: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("devnode: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let server = match rpc::serve(config.clone()).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("devnode: {e}");
                return ExitCode::FAILURE;
            }
        };
        banner(&config, &server);
        shutdown_signal().await;
        println!("Stopping.");
        let dump = config.dump_state.clone();
        match server.stop().await {
            Ok(()) => {
                if let Some(p) = dump {
                    println!("State written to {}", p.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("devnode: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
