//! The operator CLI against the real contracts on the local chain: every subcommand with `--json`
//! parsed, custom errors as sentences, and an appraisal CSV with a bad row refused (row and field
//! named) with nothing sent.

mod common;

use std::{path::PathBuf, process::Command};

use aid_integration::{aid, send, Env};
use alloy::primitives::{Address, U256};
use common::*;
use serde_json::Value;

struct Aid {
    url: String,
    dir: PathBuf,
}

struct Out {
    ok: bool,
    json: Value,
    stderr: String,
}

impl Aid {
    fn new(env: &Env, name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("aid-cli-{name}-{}", std::process::id()));
        env.book.write(&dir).unwrap();
        Self {
            url: env.url().to_string(),
            dir,
        }
    }

    fn run(&self, args: &[&str]) -> Out {
        let out = Command::new(env!("CARGO_BIN_EXE_aid"))
            .args(["--rpc-url", &self.url, "--deployments"])
            .arg(&self.dir)
            .arg("--json")
            .args(args)
            .env_remove("PRIVATE_KEY")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let json = serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {stdout}"));
        Out {
            ok: out.status.success(),
            json,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs and requires success.
    fn ok(&self, args: &[&str]) -> Value {
        let o = self.run(args);
        assert!(o.ok, "{args:?} failed: {}", o.stderr);
        o.json
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }
}

impl Drop for Aid {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `asset register` arguments for an H100 cluster.
fn register<'a>(
    to: &'a str,
    gpus: &'a str,
    serials: &'a str,
    cost: &'a str,
    appraisal: &'a str,
) -> Vec<&'a str> {
    vec![
        "asset",
        "register",
        "--to",
        to,
        "--model",
        "H100-SXM5-80GB",
        "--gpus",
        gpus,
        "--serials",
        serials,
        "--cost",
        cost,
        "--appraisal",
        appraisal,
        "--uri",
        "ipfs://gpu/a",
    ]
}

fn tx_of(v: &Value, section: &str) -> String {
    let tx = v[section]["tx"]
        .as_str()
        .unwrap_or_else(|| panic!("no tx in {v}"));
    assert!(tx.starts_with("0x") && tx.len() == 66, "{tx}");
    tx.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_subcommand_works_and_prints_json() {
    let env = Env::start().await.unwrap();
    let cli = Aid::new(&env, "all");
    let me = env.deployer.to_string();

    let st = cli.ok(&["status"]);
    assert_eq!(st["protocol"]["chainId"], "412346");
    assert_eq!(st["protocol"]["aidSupply"], "0");
    assert_eq!(st["protocol"]["unbackedDebt"], "0");
    assert_eq!(st["models"].as_array().unwrap().len(), 2);
    assert_eq!(st["vault"]["totalAssets"], "0");
    assert_eq!(st["auctions"].as_array().unwrap().len(), 0);

    // Assets: register, appraise (one and a CSV), retire.
    let r = cli.ok(&register(&me, "8", "SN2,SN1", "100000", "90000"));
    tx_of(&r, "register");
    let id: U256 = r["asset"]["tokenId"].as_str().unwrap().parse().unwrap();
    let a = env.registry.asset(id).call().await.unwrap();
    assert_eq!(a.appraisalValue, aid(90_000));
    assert_eq!(
        a.serialHash,
        aid_ops::ops::serial_hash(&["SN1".into(), "SN2".into()])
    );
    let r = cli.ok(&register(&me, "1", "X", "10000", "9000"));
    let spare: U256 = r["asset"]["tokenId"].as_str().unwrap().parse().unwrap();

    cli.ok(&[
        "asset",
        "appraise",
        "--token",
        &id.to_string(),
        "--value",
        "95000.5",
    ]);
    assert_eq!(
        env.registry.asset(id).call().await.unwrap().appraisalValue,
        aid(95_000) + aid(1) / U256::from(2)
    );
    let csv = cli.file(
        "ok.csv",
        &format!("token_id,value\n{id},99000\n{spare},9500\n"),
    );
    let r = cli.ok(&["asset", "appraise", "--csv", &csv]);
    assert_eq!(r["appraisals"].as_array().unwrap().len(), 2);
    assert_eq!(
        env.registry.asset(id).call().await.unwrap().appraisalValue,
        aid(99_000)
    );
    assert_eq!(
        env.registry
            .asset(spare)
            .call()
            .await
            .unwrap()
            .appraisalValue,
        aid(9_500)
    );
    cli.ok(&["asset", "retire", &spare.to_string()]);
    assert!(env.registry.ownerOf(spare).call().await.is_err(), "burnt");

    // Models.
    let m = cli.ok(&["model", "show", "H100-SXM5-80GB"]);
    assert_eq!(m["models"][0]["minRatioBps"], "15000");
    assert_eq!(m["models"][0]["aprBps"], "500");
    let m = cli.ok(&[
        "model",
        "set",
        "H100-SXM5-80GB",
        "--apr-bps",
        "600",
        "--residual-bps",
        "1500",
    ]);
    tx_of(&m, "registry");
    tx_of(&m, "minter");
    assert_eq!(m["models"][0]["aprBps"], "600");
    assert_eq!(m["models"][0]["residualBps"], "1500");
    assert_eq!(m["models"][0]["minRatioBps"], "15000", "untouched");
    let bad = cli.run(&["model", "set", "H100-SXM5-80GB", "--min-ratio-bps", "12000"]);
    assert!(!bad.ok);
    assert!(
        bad.stderr.contains("invalid ratios"),
        "a sentence from InvalidRatios: {}",
        bad.stderr
    );

    // Positions.
    cli.ok(&["position", "pledge", &id.to_string()]);
    cli.ok(&["position", "borrow", &id.to_string(), "20000"]);
    let p = cli.ok(&["position", "show", &id.to_string()]);
    assert_eq!(p["position"]["owner"], me);
    assert_eq!(p["position"]["debt"], "20000");
    assert_eq!(p["position"]["liquidatable"], false);
    let too_much = cli.run(&["position", "borrow", &id.to_string(), "60000"]);
    assert!(!too_much.ok);
    assert!(
        too_much.stderr.contains(&format!(
            "borrowing would leave token {id} under its 15000 bps minimum"
        )),
        "{}",
        too_much.stderr
    );
    assert!(too_much.json["error"]
        .as_str()
        .unwrap()
        .contains("borrowing would leave"));

    // The vault: deposit, request an exit, claim after the cooldown.
    cli.ok(&["vault", "deposit", "5000"]);
    let v = cli.ok(&["vault", "show"]);
    let assets: f64 = v["vault"]["assets"].as_str().unwrap().parse().unwrap();
    assert!((4_999.999..=5_000.0).contains(&assets), "{v}");
    cli.ok(&["vault", "request-exit", "all"]);
    let early = cli.run(&["vault", "claim"]);
    assert!(
        !early.ok && early.stderr.contains("claimable at"),
        "{}",
        early.stderr
    );
    assert!(env.advance(7 * 86_400 + 1).await.unwrap());
    let before = env.token.balanceOf(env.deployer).call().await.unwrap();
    cli.ok(&["vault", "claim"]);
    let after = env.token.balanceOf(env.deployer).call().await.unwrap();
    assert!(
        aid(5_000) - (after - before) <= U256::from(10),
        "the deposit back, to a few wei of rounding"
    );

    // Repay everything (a week of interest on top: borrowed elsewhere) and take the token back.
    // (From another account: the harness's provider caches the deployer's nonce.)
    let mut env = env;
    let lender = env.actor().await.unwrap();
    env.open(lender, "extra", aid(1_000)).await.unwrap();
    send(env.token.transfer(env.deployer, aid(1_000)).from(lender))
        .await
        .unwrap();
    cli.ok(&["position", "repay", &id.to_string(), "all"]);
    let p = cli.ok(&["position", "show", &id.to_string()]);
    assert_eq!(p["position"]["debt"], "0");
    assert_eq!(p["position"]["ratioBps"], "none (no debt)");
    cli.ok(&["position", "withdraw", &id.to_string()]);
    assert_eq!(env.registry.ownerOf(id).call().await.unwrap(), env.deployer);
    let gone = cli.run(&["position", "show", &id.to_string()]);
    assert!(
        !gone.ok
            && gone
                .stderr
                .contains(&format!("token {id} backs no position")),
        "{}",
        gone.stderr
    );

    // Roles.
    let who = Address::repeat_byte(0x42).to_string();
    let holders = |v: &Value, role: &str| -> Vec<String> {
        v["roles"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["contract"] == "AidMinter" && r["role"] == role)
            .map(|r| r["account"].as_str().unwrap().to_string())
            .collect()
    };
    let r = cli.ok(&["roles", "show"]);
    assert!(holders(&r, "RISK_ADMIN_ROLE").contains(&me));
    cli.ok(&["roles", "grant", "AidMinter", "pauser", &who]);
    assert!(holders(&cli.ok(&["roles", "show"]), "PAUSER_ROLE").contains(&who));
    cli.ok(&["roles", "revoke", "AidMinter", "PAUSER_ROLE", &who]);
    assert!(!holders(&cli.ok(&["roles", "show"]), "PAUSER_ROLE").contains(&who));
    let bad = cli.run(&["roles", "grant", "AidMinter", "king", &who]);
    assert!(
        !bad.ok && bad.stderr.contains("unknown role \"king\""),
        "{}",
        bad.stderr
    );

    let st = cli.ok(&["status"]);
    let debt = env.minter.totalDebt().call().await.unwrap();
    assert_eq!(
        st["protocol"]["totalDebt"],
        aid_ops::amount::format(debt),
        "only the lender's 1,000 AID"
    );
    assert!(debt > aid(1_000) && debt < aid(1_001));
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_csv_row_is_refused_naming_row_and_field_and_nothing_is_sent() {
    let env = Env::start().await.unwrap();
    let cli = Aid::new(&env, "csv");
    let me = env.deployer;
    let a = env
        .register(me, aid(100_000), aid(100_000), "a")
        .await
        .unwrap();
    let b = env
        .register(me, aid(100_000), aid(100_000), "b")
        .await
        .unwrap();
    let sent = nonce(&env, me).await.unwrap();

    let cases = [
        (
            format!("token_id,value\n{a},101000\n{b},ten\n"),
            "row 3, field value",
        ),
        (
            format!("token_id,value\n{a},101000\nxyz,1000\n"),
            "row 3, field token_id",
        ),
        (
            format!("token_id,value\n{a},101000\n{b},0\n"),
            "row 3, field value",
        ),
        (
            format!("token_id,value\n{a},101000\n{a},102000\n"),
            "row 3, field token_id",
        ),
        // 20% is the step limit: 125,000 is refused before anything is sent.
        (
            format!("token_id,value\n{a},101000\n\n# comment\n{b},125000\n"),
            "row 5, field value",
        ),
        // Token 999 does not exist.
        (
            format!("token_id,value\n999,1000\n{b},101000\n"),
            "row 2, field token_id",
        ),
        (
            format!("id,value\n{a},1\n"),
            "row 1: the header must be `token_id,value`",
        ),
    ];
    for (text, expected) in &cases {
        let path = cli.file("bad.csv", text);
        let o = cli.run(&["asset", "appraise", "--csv", &path]);
        assert!(!o.ok, "{text} was accepted");
        assert!(
            o.stderr.contains(expected),
            "expected {expected:?} for {text:?}, got {}",
            o.stderr
        );
        assert!(o.json["error"].as_str().unwrap().contains(expected));
    }
    assert_eq!(nonce(&env, me).await.unwrap(), sent, "nothing was sent");

    // Within 20% of the current appraisal but not of the window's anchor: the simulation refuses
    // it, still named by row, and nothing is sent.
    send(env.registry.appraise(b, aid(119_000)).from(me))
        .await
        .unwrap();
    let sent = nonce(&env, me).await.unwrap();
    let path = cli.file(
        "anchor.csv",
        &format!("token_id,value\n{a},101000\n{b},138000\n"),
    );
    let o = cli.run(&["asset", "appraise", "--csv", &path]);
    assert!(!o.ok);
    let expected = format!(
        "row 3, field value: token {b}: 138000 USD is more than 2000 bps away from the window's anchor 100000 USD (nothing was sent)"
    );
    assert!(o.stderr.contains(&expected), "{}", o.stderr);
    assert_eq!(nonce(&env, me).await.unwrap(), sent, "nothing was sent");
    assert_eq!(
        env.registry.asset(a).call().await.unwrap().appraisalValue,
        aid(100_000),
        "all or nothing"
    );

    // The same file with the bad row fixed goes through in one transaction.
    let path = cli.file(
        "good.csv",
        &format!("token_id,value\n{a},101000\n{b},120000\n"),
    );
    cli.ok(&["asset", "appraise", "--csv", &path]);
    assert_eq!(
        nonce(&env, me).await.unwrap(),
        sent + 1,
        "one appraiseBatch"
    );
    assert_eq!(
        env.registry.asset(a).call().await.unwrap().appraisalValue,
        aid(101_000)
    );
    assert_eq!(
        env.registry.asset(b).call().await.unwrap().appraisalValue,
        aid(120_000)
    );
    env.stop().await;
}
