//! The `aid-deploy` binary against a local Stylus chain, as an operator runs it: a run killed
//! part-way resumes at the same addresses, a finished deployment sends nothing, a dry run sends
//! nothing, and a wrong chain, a bad configuration or a bad `--out` are refused before anything
//! is sent. Needs the built contracts (scripts/build-contracts.sh).

use std::{path::PathBuf, process::Output};

use aid_deploy::{book::AddressBook, config::Config, deploy, protocol::Contract, signer::DEV_KEY};
use alloy::{
    network::EthereumWallet,
    primitives::Address,
    providers::{DynProvider, Provider, ProviderBuilder},
    signers::local::PrivateKeySigner,
};
use devnode::rpc::{serve, RpcConfig, ServerHandle};

const DEVNODE_CHAIN: u64 = 412_346;

struct Chain {
    node: ServerHandle,
    provider: DynProvider,
    deployer: Address,
    dir: PathBuf,
}

impl Chain {
    async fn start(name: &str) -> Self {
        let node = serve(RpcConfig {
            port: 0,
            ..Default::default()
        })
        .await
        .unwrap();
        let signer: PrivateKeySigner = DEV_KEY.parse().unwrap();
        let deployer = signer.address();
        let provider = ProviderBuilder::new()
            .wallet(EthereumWallet::from(signer))
            .connect_http(node.url().parse().unwrap())
            .erased();
        let dir =
            std::env::temp_dir().join(format!("aid-deploy-cli-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            node,
            provider,
            deployer,
            dir,
        }
    }

    fn out(&self) -> PathBuf {
        self.dir.join("deployments")
    }

    /// Runs the binary against this chain with the dev key in PRIVATE_KEY.
    async fn cli(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_aid-deploy"));
        cmd.args(["--rpc-url", &self.node.url()])
            .args(args)
            .env("PRIVATE_KEY", DEV_KEY)
            .env_remove("KEYSTORE")
            .env_remove("KEYSTORE_PASSWORD_FILE")
            .env_remove("AID_DEPLOY_FAIL_AFTER");
        for (k, v) in env {
            cmd.env(k, v);
        }
        tokio::task::spawn_blocking(move || cmd.output().unwrap())
            .await
            .unwrap()
    }

    async fn nonce(&self) -> u64 {
        self.provider
            .get_transaction_count(self.deployer)
            .await
            .unwrap()
    }

    async fn stop(self) {
        self.node.stop().await.unwrap();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

fn text(o: &Output) -> String {
    format!(
        "status {}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn config_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config/devnode.toml")
}

fn config() -> Config {
    Config::load(&config_path()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_killed_after_the_second_contract_resumes_and_a_finished_run_sends_nothing() {
    let chain = Chain::start("resume").await;
    let out = chain.out();
    let out_arg = out.to_str().unwrap();

    let first = chain
        .cli(&["--out", out_arg], &[("AID_DEPLOY_FAIL_AFTER", "2")])
        .await;
    assert!(!first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("injected failure after 2"),
        "{}",
        text(&first)
    );
    let partial = AddressBook::read(&out, DEVNODE_CHAIN).unwrap();
    assert_eq!(
        partial.contracts.keys().copied().collect::<Vec<_>>(),
        vec![Contract::GpuRegistry, Contract::AidToken],
        "the book records each contract as it is deployed"
    );
    assert!(!partial.complete && partial.wiring.is_empty() && partial.pending.is_none());
    assert_eq!(chain.nonce().await, 2);

    let second = chain.cli(&["--out", out_arg], &[]).await;
    assert!(second.status.success(), "{}", text(&second));
    assert!(text(&second).contains("resuming from"), "{}", text(&second));
    let book = AddressBook::read(&out, DEVNODE_CHAIN).unwrap();
    assert!(book.complete);
    for c in [Contract::GpuRegistry, Contract::AidToken] {
        assert_eq!(
            book.contracts[&c], partial.contracts[&c],
            "{c} was deployed once, at the address the first run recorded"
        );
    }
    assert_eq!(book.contracts.len(), 5);
    let steps = deploy::plan(&config(), chain.deployer).unwrap();
    assert_eq!(book.wiring.len() + book.contracts.len(), steps.len());
    for rec in &book.wiring {
        let r = chain
            .provider
            .get_transaction_receipt(rec.tx_hash)
            .await
            .unwrap()
            .unwrap();
        assert!(r.status());
        assert_eq!(r.block_number, Some(rec.block), "{}", rec.step);
    }
    // Exactly the plan's transactions: the two of the first run, the rest in the second.
    let sent = chain.nonce().await;
    assert_eq!(sent, steps.len() as u64);
    deploy::verify(&chain.provider, &book, &config())
        .await
        .unwrap();

    let third = chain.cli(&["--out", out_arg], &[]).await;
    assert!(third.status.success(), "{}", text(&third));
    assert!(
        text(&third).contains("0 transactions sent"),
        "{}",
        text(&third)
    );
    assert_eq!(
        chain.nonce().await,
        sent,
        "a finished deployment sends nothing"
    );
    assert_eq!(AddressBook::read(&out, DEVNODE_CHAIN).unwrap(), book);

    let verify = chain.cli(&["--out", out_arg, "--verify-only"], &[]).await;
    assert!(verify.status.success(), "{}", text(&verify));

    // --fresh starts over, at new addresses, keeping the old book aside.
    let fresh = chain.cli(&["--out", out_arg, "--fresh"], &[]).await;
    assert!(fresh.status.success(), "{}", text(&fresh));
    let again = AddressBook::read(&out, DEVNODE_CHAIN).unwrap();
    assert_ne!(
        again.contracts[&Contract::GpuRegistry],
        book.contracts[&Contract::GpuRegistry]
    );
    assert!(std::fs::read_dir(&out).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains(".replaced-")));
    chain.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_prints_the_plan_with_gas_and_cost_and_sends_nothing() {
    let chain = Chain::start("dry").await;
    let out = chain.out();
    let o = chain
        .cli(&["--out", out.to_str().unwrap(), "--dry-run"], &[])
        .await;
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(
        t.contains("deploy AidLiquidator") && t.contains("liquidator: auction parameters"),
        "{t}"
    );
    assert!(t.contains(" gas ") && t.contains("ETH"), "{t}");
    assert!(t.contains("dry run: nothing sent"), "{t}");
    assert_eq!(chain.nonce().await, 0, "a dry run sends nothing");
    assert!(
        !out.join("412346.json").exists(),
        "a dry run writes nothing"
    );
    chain.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_chain_a_bad_config_or_out_and_a_missing_key_are_refused_before_sending() {
    let chain = Chain::start("refuse").await;
    let out = chain.out();
    let out_arg = out.to_str().unwrap();
    let sepolia = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config/arbitrum-sepolia.toml");
    let o = chain
        .cli(
            &["--out", out_arg, "--config", sepolia.to_str().unwrap()],
            &[],
        )
        .await;
    assert!(!o.status.success());
    assert!(
        text(&o)
            .contains("wrong chain: the configuration is for arbitrum-sepolia (chain id 421614)"),
        "{}",
        text(&o)
    );

    let devnode = std::fs::read_to_string(config_path()).unwrap();
    let bad = chain.dir.join("bad.toml");
    std::fs::write(
        &bad,
        format!("{devnode}\n[roles]\nadmin = \"0x0000000000000000000000000000000000000000\"\n"),
    )
    .unwrap();
    let o = chain
        .cli(&["--out", out_arg, "--config", bad.to_str().unwrap()], &[])
        .await;
    assert!(!o.status.success());
    assert!(
        text(&o).contains("admin = ") && text(&o).contains("zero address"),
        "{}",
        text(&o)
    );
    std::fs::write(
        &bad,
        devnode.replace("max_step_bps = 2000", "max_step_bps = 0"),
    )
    .unwrap();
    let o = chain
        .cli(&["--out", out_arg, "--config", bad.to_str().unwrap()], &[])
        .await;
    assert!(text(&o).contains("appraisal.max_step_bps"), "{}", text(&o));

    let file = chain.dir.join("a-file");
    std::fs::write(&file, "").unwrap();
    let o = chain.cli(&["--out", file.to_str().unwrap()], &[]).await;
    assert!(!o.status.success());
    assert!(
        text(&o).contains("is a file, not a directory"),
        "{}",
        text(&o)
    );

    let o = chain.cli(&["--out", out_arg], &[("PRIVATE_KEY", "")]).await;
    assert!(!o.status.success());
    assert!(
        text(&o).contains("no deployer key: set PRIVATE_KEY or pass --keystore"),
        "{}",
        text(&o)
    );
    assert_eq!(chain.nonce().await, 0, "nothing was sent");
    chain.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_that_never_answers_fails_with_a_timeout_naming_it() {
    // A socket that accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let o = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_aid-deploy"))
            .args(["--rpc-url", &url, "--rpc-timeout", "2"])
            .args(["--config", config_path().to_str().unwrap()])
            .env("PRIVATE_KEY", DEV_KEY)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    drop(listener);
    assert!(!o.status.success());
    assert!(text(&o).contains("no answer within 2 s"), "{}", text(&o));
}
