//! The gas report: every user operation of AID Protocol on the local Stylus chain, uncached and
//! with the programs cached (`ArbWasmCache.cacheProgram` as chain owner), next to OpenZeppelin 5
//! Solidity equivalents deployed as EVM bytecode on the same chain in the same run.
//!
//! ```sh
//! scripts/build-contracts.sh
//! cargo run -p aid-integration --example gas -- --write reports/gas.md   # rewrite the report
//! cargo run -p aid-integration --example gas -- --check reports/gas.md   # fail on > 5% growth
//!                                       # (and, with node, on stale tests/solidity/out)
//! cargo run -p aid-integration --example gas                             # print the report
//! ```
//!
//! The Solidity contracts are `tests/solidity/src/*.sol`, compiled by `tests/solidity/compile.js`
//! with the solc and OpenZeppelin versions pinned in `tests/solidity/package-lock.json`; their
//! bytecode is committed in `tests/solidity/out/`, so this needs no node.
//!
//! The scenario runs twice from one snapshot of the chain: once as deployed, once after caching
//! the five programs. Time is the chain's manual clock, so both runs see the same timestamps and
//! accrue the same interest.

use std::collections::BTreeMap;
use std::path::PathBuf;

use aid_integration::{aid, h100, send, Env, DEV_KEY};
use alloy::{
    primitives::{keccak256, Address, B256, U256},
    providers::{DynProvider, Provider},
    rpc::types::TransactionReceipt,
    signers::{local::PrivateKeySigner, SignerSync},
    sol_types::SolValue,
};
use anyhow::{bail, ensure, Context, Result};

const DAY: u64 = 24 * 3600;
/// A row may grow this much over the committed report before `--check` fails.
const TOLERANCE_PERCENT: u64 = 5;

/// The reference contracts' and ArbWasmCache's ABIs (a permit has eight arguments).
#[allow(clippy::too_many_arguments)]
mod reference {
    alloy::sol! {
        #[sol(rpc)]
        interface IOzToken {
            function transfer(address to, uint256 value) external returns (bool);
            function approve(address spender, uint256 value) external returns (bool);
            function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
            function nonces(address owner) external view returns (uint256);
            function DOMAIN_SEPARATOR() external view returns (bytes32);
        }
        #[sol(rpc)]
        interface IOzNft {
            function mint(address to, uint256 id) external;
            function transferFrom(address from, address to, uint256 id) external;
        }
        #[sol(rpc)]
        interface IOzVault {
            function deposit(uint256 assets, address receiver) external returns (uint256);
            function redeem(uint256 shares, address receiver, address owner) external returns (uint256);
            function balanceOf(address owner) external view returns (uint256);
        }
        #[sol(rpc)]
        interface IArbWasmCache {
            function cacheProgram(address addr) external;
        }
    }
}
use reference::{
    IArbWasmCache, IOzNft::IOzNftInstance, IOzToken::IOzTokenInstance, IOzVault::IOzVaultInstance,
};

/// Creation code of a compiled reference contract (hex in tests/solidity/out).
fn creation_code(hex: &str) -> Vec<u8> {
    alloy::hex::decode(hex.trim()).expect("tests/solidity/out holds hex")
}

/// The OpenZeppelin reference contracts.
struct Reference {
    token: IOzTokenInstance<DynProvider>,
    nft: IOzNftInstance<DynProvider>,
    vault: IOzVaultInstance<DynProvider>,
}

impl Reference {
    fn rebind(&self, p: &DynProvider) -> Self {
        Self {
            token: IOzTokenInstance::new(*self.token.address(), p.clone()),
            nft: IOzNftInstance::new(*self.nft.address(), p.clone()),
            vault: IOzVaultInstance::new(*self.vault.address(), p.clone()),
        }
    }
}

/// A signed EIP-2612 permit of `value` from the dev key to `spender`: (deadline, v, r, s).
fn sign_permit(
    domain: B256,
    owner: Address,
    spender: Address,
    value: U256,
    nonce: U256,
) -> Result<(U256, u8, B256, B256)> {
    let typehash = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)",
    );
    let deadline = U256::MAX;
    let data = (typehash, owner, spender, value, nonce, deadline).abi_encode();
    let mut message = vec![0x19, 0x01];
    message.extend_from_slice(domain.as_slice());
    message.extend_from_slice(keccak256(data).as_slice());
    let signer: PrivateKeySigner = DEV_KEY.parse()?;
    let sig = signer.sign_hash_sync(&keccak256(message))?;
    Ok((deadline, 27 + sig.v() as u8, sig.r().into(), sig.s().into()))
}

/// Gas of each measured call, by row name.
type Rows = BTreeMap<&'static str, u64>;

struct Actors {
    alice: Address,
    bob: Address,
    carol: Address,
    dave: Address,
    keeper: Address,
    bidder: Address,
}

/// Registers a GPU to `to` and returns its id and the receipt.
async fn register(env: &Env, to: Address, serial: &str) -> Result<(U256, TransactionReceipt)> {
    let now = env.now().await?;
    let call = env.registry.registerAsset(
        to,
        h100(),
        8,
        keccak256(serial.as_bytes()),
        aid(100_000),
        now,
        aid(90_000),
        format!("ipfs://gpu/{serial}"),
    );
    let id = call.clone().from(env.deployer).call().await?;
    let r = send(call.from(env.deployer)).await?;
    Ok((id, r))
}

/// Everything not measured: actors, loans that fund them, the reference contracts.
async fn setup(env: &mut Env) -> Result<(Actors, Reference)> {
    let a = Actors {
        alice: env.actor().await?,
        bob: env.actor().await?,
        carol: env.actor().await?,
        dave: env.actor().await?,
        keeper: env.actor().await?,
        bidder: env.actor().await?,
    };
    let deployer = env.deployer;
    let minter = *env.minter.address();
    // Two loans of the deployer: the model has debt (so accrual accrues) and the deployer has
    // AID to hand out.
    for serial in ["gas-deployer", "gas-deployer-2"] {
        let (id, _) = register(env, deployer, serial).await?;
        send(
            env.registry
                .safeTransferFrom_0(deployer, minter, id)
                .from(deployer),
        )
        .await?;
        send(env.minter.borrow(id, aid(50_000), deployer).from(deployer)).await?;
    }
    for who in [a.dave, a.carol] {
        send(env.token.transfer(who, aid(1_000)).from(deployer)).await?;
    }

    let p = env.provider.clone();
    let supply = aid(1_000_000);
    let token = env
        .deploy_evm(
            &creation_code(include_str!("../solidity/out/OzToken.bin")),
            &supply.abi_encode(),
        )
        .await?;
    let nft = env
        .deploy_evm(
            &creation_code(include_str!("../solidity/out/OzNft.bin")),
            &[],
        )
        .await?;
    let vault = env
        .deploy_evm(
            &creation_code(include_str!("../solidity/out/OzVault.bin")),
            &token.abi_encode(),
        )
        .await?;
    let oz = Reference {
        token: IOzTokenInstance::new(token, p.clone()),
        nft: IOzNftInstance::new(nft, p.clone()),
        vault: IOzVaultInstance::new(vault, p),
    };
    for who in [a.dave, a.carol] {
        send(oz.token.transfer(who, aid(1_000)).from(deployer)).await?;
    }
    Ok((a, oz))
}

/// The measured scenario. Protocol rows and their Solidity counterparts run under the same
/// conditions (fresh or warm slots alike).
async fn scenario(env: &Env, a: &Actors, oz: &Reference) -> Result<(Rows, Rows)> {
    let mut stylus = Rows::new();
    let mut solidity = Rows::new();
    let deployer = env.deployer;
    let minter = *env.minter.address();
    let vault = *env.vault.address();

    // ERC-20: a transfer between two holders, a first approval, a first permit.
    let r = send(env.token.transfer(a.dave, aid(10)).from(deployer)).await?;
    stylus.insert("AID transfer (both hold AID)", r.gas_used);
    let r = send(oz.token.transfer(a.dave, aid(10)).from(deployer)).await?;
    solidity.insert("AID transfer (both hold AID)", r.gas_used);
    let r = send(env.token.approve(a.keeper, aid(10)).from(deployer)).await?;
    stylus.insert("AID approve (new allowance)", r.gas_used);
    let r = send(oz.token.approve(a.keeper, aid(10)).from(deployer)).await?;
    solidity.insert("AID approve (new allowance)", r.gas_used);
    {
        let value = aid(10);
        let domain = env.token.DOMAIN_SEPARATOR().call().await?;
        let nonce = env.token.nonces(deployer).call().await?;
        let (deadline, v, r, s) = sign_permit(domain, deployer, a.bidder, value, nonce)?;
        let call = env
            .token
            .permit(deployer, a.bidder, value, deadline, v, r, s);
        let rc = send(call.from(a.bidder)).await?;
        stylus.insert("AID permit (new allowance)", rc.gas_used);
        let domain = oz.token.DOMAIN_SEPARATOR().call().await?;
        let nonce = oz.token.nonces(deployer).call().await?;
        let (deadline, v, r, s) = sign_permit(domain, deployer, a.bidder, value, nonce)?;
        let call = oz
            .token
            .permit(deployer, a.bidder, value, deadline, v, r, s);
        let rc = send(call.from(a.bidder)).await?;
        solidity.insert("AID permit (new allowance)", rc.gas_used);
    }

    // ERC-721: a mint (registerAsset) and a transfer between two accounts.
    let (dave_gpu, r) = register(env, a.dave, "gas-dave").await?;
    stylus.insert("register (GPU mint)", r.gas_used);
    let r = send(oz.nft.mint(a.dave, U256::from(1)).from(deployer)).await?;
    solidity.insert("register (GPU mint)", r.gas_used);
    let r = send(
        env.registry
            .transferFrom(a.dave, a.carol, dave_gpu)
            .from(a.dave),
    )
    .await?;
    stylus.insert("GPU transfer (transferFrom)", r.gas_used);
    let r = send(
        oz.nft
            .transferFrom(a.dave, a.carol, U256::from(1))
            .from(a.dave),
    )
    .await?;
    solidity.insert("GPU transfer (transferFrom)", r.gas_used);

    // The loan: pledge, borrow a day later, repay part, drip, repay all, withdraw.
    let (alice_gpu, _) = register(env, a.alice, "gas-alice").await?;
    let r = send(
        env.registry
            .safeTransferFrom_0(a.alice, minter, alice_gpu)
            .from(a.alice),
    )
    .await?;
    stylus.insert("pledge (safeTransferFrom to the minter)", r.gas_used);
    env.advance(DAY).await?;
    let r = send(
        env.minter
            .borrow(alice_gpu, aid(59_000), a.alice)
            .from(a.alice),
    )
    .await?;
    stylus.insert("borrow (a day after the last accrual)", r.gas_used);
    env.advance(DAY).await?;
    send(env.token.approve(minter, U256::MAX).from(a.alice)).await?;
    let r = send(env.minter.repay(alice_gpu, aid(10_000)).from(a.alice)).await?;
    stylus.insert("repay (part, a day later)", r.gas_used);
    env.advance(DAY).await?;
    let r = send(env.minter.drip(h100()).from(a.bob)).await?;
    stylus.insert("drip (a day later: interest to sAID)", r.gas_used);
    send(env.token.transfer(a.alice, aid(100)).from(deployer)).await?;
    let r = send(env.minter.repay(alice_gpu, U256::MAX).from(a.alice)).await?;
    stylus.insert("repay (all, type(uint256).max)", r.gas_used);
    let r = send(env.minter.withdraw(alice_gpu, a.alice).from(a.alice)).await?;
    stylus.insert("withdraw", r.gas_used);

    // A liquidation: Bob's GPU is appraised 20% lower, a keeper liquidates, a bidder buys.
    let (bob_gpu, _) = register(env, a.bob, "gas-bob").await?;
    send(
        env.registry
            .safeTransferFrom_0(a.bob, minter, bob_gpu)
            .from(a.bob),
    )
    .await?;
    send(env.minter.borrow(bob_gpu, aid(59_000), a.bob).from(a.bob)).await?;
    let r = send(env.registry.appraise(bob_gpu, aid(72_000)).from(deployer)).await?;
    stylus.insert("appraise", r.gas_used);
    env.advance(60).await?;
    let r = send(env.liquidator.liquidate(bob_gpu).from(a.keeper)).await?;
    stylus.insert("liquidate", r.gas_used);
    env.advance(3600).await?;
    let price = env.liquidator.auctionPrice(bob_gpu).call().await?;
    send(env.token.transfer(a.bidder, price).from(deployer)).await?;
    send(
        env.token
            .approve(*env.liquidator.address(), price)
            .from(a.bidder),
    )
    .await?;
    let r = send(env.liquidator.bid(bob_gpu, price, a.bidder).from(a.bidder)).await?;
    stylus.insert("bid (an hour in, above the debt)", r.gas_used);

    // The vault: a first deposit, an exit request, the claim after the cooldown.
    send(env.token.approve(vault, U256::MAX).from(a.carol)).await?;
    send(
        oz.token
            .approve(*oz.vault.address(), U256::MAX)
            .from(a.carol),
    )
    .await?;
    let r = send(env.vault.deposit(aid(500), a.carol).from(a.carol)).await?;
    stylus.insert("deposit (sAID, first)", r.gas_used);
    let r = send(oz.vault.deposit(aid(500), a.carol).from(a.carol)).await?;
    solidity.insert("deposit (sAID, first)", r.gas_used);
    let shares = env.vault.balanceOf(a.carol).call().await?;
    let r = send(
        env.vault
            .requestRedeem(shares, a.carol, a.carol)
            .from(a.carol),
    )
    .await?;
    stylus.insert("requestRedeem (start the cooldown)", r.gas_used);
    let cooldown = env.vault.cooldown().call().await?;
    env.advance(cooldown + 1).await?;
    let r = send(env.vault.redeem(shares, a.carol, a.carol).from(a.carol)).await?;
    stylus.insert("redeem (claim after the cooldown)", r.gas_used);
    let oz_shares = oz.vault.balanceOf(a.carol).call().await?;
    let r = send(oz.vault.redeem(oz_shares, a.carol, a.carol).from(a.carol)).await?;
    solidity.insert("redeem (claim after the cooldown)", r.gas_used);
    Ok((stylus, solidity))
}

/// Report rows in order: name, uncached, cached, Solidity.
const ORDER: &[&str] = &[
    "AID transfer (both hold AID)",
    "AID approve (new allowance)",
    "AID permit (new allowance)",
    "register (GPU mint)",
    "GPU transfer (transferFrom)",
    "appraise",
    "pledge (safeTransferFrom to the minter)",
    "borrow (a day after the last accrual)",
    "repay (part, a day later)",
    "drip (a day later: interest to sAID)",
    "repay (all, type(uint256).max)",
    "withdraw",
    "liquidate",
    "bid (an hour in, above the debt)",
    "deposit (sAID, first)",
    "requestRedeem (start the cooldown)",
    "redeem (claim after the cooldown)",
];
const PLEDGE_BORROW: &str = "pledge + borrow";

/// One row of the report.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    name: String,
    uncached: u64,
    cached: u64,
    solidity: Option<u64>,
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ratio(stylus: u64, solidity: Option<u64>) -> String {
    match solidity {
        Some(s) if s > 0 => format!("{:.2}×", stylus as f64 / s as f64),
        _ => "—".into(),
    }
}

fn rows(uncached: &Rows, cached: &Rows, solidity: &Rows) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for name in ORDER {
        out.push(Row {
            name: name.to_string(),
            uncached: *uncached.get(name).context("row missing")?,
            cached: *cached.get(name).context("row missing")?,
            solidity: solidity.get(name).copied(),
        });
    }
    let sum = |r: &Rows| {
        r["pledge (safeTransferFrom to the minter)"] + r["borrow (a day after the last accrual)"]
    };
    out.push(Row {
        name: PLEDGE_BORROW.into(),
        uncached: sum(uncached),
        cached: sum(cached),
        solidity: None,
    });
    Ok(out)
}

const HEADER: &str = "| operation | Stylus, uncached | Stylus, cached | Solidity (OpenZeppelin 5) | uncached / Solidity | cached / Solidity |\n|---|---:|---:|---:|---:|---:|\n";

fn report(rows: &[Row], build: &str) -> String {
    let mut table = String::from(HEADER);
    for r in rows {
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            r.name,
            thousands(r.uncached),
            thousands(r.cached),
            r.solidity.map(thousands).unwrap_or_else(|| "—".into()),
            ratio(r.uncached, r.solidity),
            ratio(r.cached, r.solidity),
        ));
    }
    let pb = rows
        .iter()
        .find(|r| r.name == PLEDGE_BORROW)
        .expect("sum row");
    format!(
        "# Gas: AID Protocol's user operations next to OpenZeppelin 5\n\n\
Made by one command (after `scripts/build-contracts.sh`):\n\n\
```sh\n\
cargo run -p aid-integration --example gas -- --write reports/gas.md\n\
```\n\n\
`--check reports/gas.md` (in the test command) runs the same measurement and fails when any number grows more \
than {TOLERANCE_PERCENT}% over this file.\n\n\
Each number is the `gasUsed` of the transaction's receipt on devnode (embedded, Nitro-exact Stylus metering for \
ArbOS 61, see `devnode/README.md`), L2 execution gas only (no L1 data fee). The scenario \
(`tests/examples/gas.rs`) runs twice from one snapshot: **uncached** as deployed (automine: one transaction per \
block, so a program's first entry in each transaction pays its full init cost; later entries of the same program \
in that transaction pay the cached price, Nitro's recent-program discount), and **cached** after \
`ArbWasmCache.cacheProgram` of the five programs by the chain owner (what a `cargo stylus cache bid` buys on \
Arbitrum): every entry pays the cached price.\n\n\
The Solidity column is OpenZeppelin 5 ({build}) compiled by `tests/solidity/compile.js` (sources in \
`tests/solidity/src/`, bytecode committed in `tests/solidity/out/`), deployed as EVM bytecode on the same chain \
in the same run and called under the same conditions (same warm or fresh slots). Only operations with an \
OpenZeppelin counterpart have one: ERC-20 transfer/approve/permit, ERC-721 `_safeMint`/`transferFrom`, ERC-4626 \
deposit/redeem (sAID's redeem is the claim of a request after the cooldown; OpenZeppelin's redeems at once). The \
protocol's calls do more than their counterparts (roles, pause checks, events, accrual, the minter's \
bookkeeping), so the ratio is a price of Stylus plus features, not of Stylus alone.\n\n\
{table}\n\
Scenario: the deployer holds two loans of the same model (so every accrual has interest to accrue); Alice pledges \
with `safeTransferFrom`, borrows 59,000 AID a day later, repays 10,000 a day later, anyone drips a day later, \
Alice repays the rest with `repay(id, type(uint256).max)` and withdraws; Bob's GPU is appraised 20% lower, a \
keeper liquidates it a minute later and a bidder buys it an hour into the auction; Carol deposits 500 AID in sAID, \
requests the exit of all her shares and claims after the cooldown. Actors are fresh random accounts each run, so \
calldata (zero bytes) moves a few gas between runs.\n\n\
The protocol's goal pledge + borrow <= 250,000 gas: **{}** uncached, **{}** cached.\n",
        thousands(pb.uncached),
        thousands(pb.cached),
    )
}

fn parse_number(cell: &str) -> Option<u64> {
    cell.trim().replace(',', "").parse().ok()
}

/// Rows of a report written by [`report`].
fn parse_report(text: &str) -> BTreeMap<String, Row> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').collect();
        if cells.len() < 8 {
            continue;
        }
        let (Some(uncached), Some(cached)) = (parse_number(cells[2]), parse_number(cells[3]))
        else {
            continue;
        };
        let name = cells[1].trim().to_string();
        out.insert(
            name.clone(),
            Row {
                name,
                uncached,
                cached,
                solidity: parse_number(cells[4]),
            },
        );
    }
    out
}

/// Every number that grew more than [`TOLERANCE_PERCENT`] over the committed report, and every row
/// the committed report lacks.
fn regressions(committed: &BTreeMap<String, Row>, now: &[Row]) -> Vec<String> {
    let grew = |old: u64, new: u64| new * 100 > old * (100 + TOLERANCE_PERCENT);
    let mut problems = Vec::new();
    for r in now {
        let Some(old) = committed.get(&r.name) else {
            problems.push(format!("{}: not in the committed report", r.name));
            continue;
        };
        let pairs = [
            ("uncached", Some(old.uncached), Some(r.uncached)),
            ("cached", Some(old.cached), Some(r.cached)),
            ("Solidity", old.solidity, r.solidity),
        ];
        for (what, old, new) in pairs {
            if let (Some(old), Some(new)) = (old, new) {
                if grew(old, new) {
                    problems.push(format!(
                        "{} ({what}): {} -> {} (+{:.1}%)",
                        r.name,
                        thousands(old),
                        thousands(new),
                        (new as f64 / old as f64 - 1.0) * 100.0
                    ));
                }
            }
        }
    }
    problems
}

enum Mode {
    Print,
    Write(PathBuf),
    Check(PathBuf),
}

fn mode() -> Result<Mode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Ok(Mode::Print),
        [flag, path] if flag == "--write" => Ok(Mode::Write(path.into())),
        [flag, path] if flag == "--check" => Ok(Mode::Check(path.into())),
        _ => bail!("usage: gas [--write FILE | --check FILE]"),
    }
}

/// With node and `tests/solidity/node_modules` (`npm ci` there) present, compiles the reference
/// contracts again and fails if the committed bytecode differs; otherwise says it skipped.
fn check_solidity_build() -> Result<()> {
    let dir = aid_integration::repo_root().join("tests/solidity");
    if !dir.join("node_modules/solc").exists() {
        println!("SKIPPED: recompiling the Solidity fixtures (no tests/solidity/node_modules: npm ci there)");
        return Ok(());
    }
    let out = match std::process::Command::new("node")
        .current_dir(&dir)
        .args(["compile.js", "--check"])
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            println!("SKIPPED: recompiling the Solidity fixtures (node: {e})");
            return Ok(());
        }
    };
    ensure!(
        out.status.success(),
        "tests/solidity/out differs from a fresh build:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    print!("{}", String::from_utf8_lossy(&out.stdout));
    Ok(())
}

async fn snapshot(env: &Env) -> Result<String> {
    let id: serde_json::Value = env.provider.raw_request("evm_snapshot".into(), ()).await?;
    Ok(id.as_str().context("snapshot id")?.to_string())
}

async fn revert(env: &Env, id: &str) -> Result<()> {
    let ok: bool = env.provider.raw_request("evm_revert".into(), (id,)).await?;
    ensure!(ok, "evm_revert {id} failed");
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let mode = mode()?;
    let mut env = Env::start().await?;
    ensure!(
        env.is_local(),
        "the gas report runs on the embedded chain (unset RPC_URL)"
    );
    let (actors, oz) = setup(&mut env).await?;

    let before = snapshot(&env).await?;
    let (uncached, solidity) = scenario(&env, &actors, &oz).await?;
    revert(&env, &before).await?;
    // The wallet's provider caches nonces: a new actor rebuilds it (and the bindings) after the
    // revert; the reference contracts are bound to it again.
    env.actor().await?;
    let oz = oz.rebind(&env.provider);
    let cache = IArbWasmCache::new(devnode::precompiles::ARB_WASM_CACHE, env.provider.clone());
    for entry in env.book.contracts.values() {
        send(cache.cacheProgram(entry.address).from(env.deployer)).await?;
    }
    let (cached, solidity_again) = scenario(&env, &actors, &oz).await?;
    env.stop().await;
    ensure!(
        solidity == solidity_again,
        "EVM gas changed between the runs: {solidity:?} vs {solidity_again:?}"
    );

    let rows = rows(&uncached, &cached, &solidity)?;
    let build: serde_json::Value =
        serde_json::from_str(include_str!("../solidity/out/build.json"))?;
    let build = format!(
        "{}, solc {}",
        build["openzeppelin"].as_str().unwrap_or("?"),
        build["solc"].as_str().unwrap_or("?")
    );
    let text = report(&rows, &build);
    match mode {
        Mode::Print => print!("{text}"),
        Mode::Write(path) => {
            std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", path.display());
        }
        Mode::Check(path) => {
            check_solidity_build()?;
            let committed = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let problems = regressions(&parse_report(&committed), &rows);
            if !problems.is_empty() {
                bail!(
                    "gas grew more than {TOLERANCE_PERCENT}% over {}:\n  {}\n(if intended, rewrite it with --write)",
                    path.display(),
                    problems.join("\n  ")
                );
            }
            println!(
                "gas within {TOLERANCE_PERCENT}% of {} ({} rows)",
                path.display(),
                rows.len()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, uncached: u64, cached: u64, solidity: Option<u64>) -> Row {
        Row {
            name: name.into(),
            uncached,
            cached,
            solidity,
        }
    }

    #[test]
    fn the_report_parses_back_and_the_check_flags_growth_over_five_percent() {
        let rows = vec![
            row("AID transfer (both hold AID)", 60_000, 40_000, Some(35_000)),
            row(PLEDGE_BORROW, 400_000, 300_000, None),
        ];
        let parsed = parse_report(&report(&rows, "5.4.0, solc 0.8.30"));
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed["AID transfer (both hold AID)"], rows[0]);
        assert_eq!(parsed[PLEDGE_BORROW], rows[1]);
        assert!(regressions(&parsed, &rows).is_empty());
        // +5% exactly passes, one more gas fails.
        let ok = vec![row(
            "AID transfer (both hold AID)",
            63_000,
            42_000,
            Some(36_750),
        )];
        assert!(regressions(&parsed, &ok).is_empty());
        let bad = vec![row(
            "AID transfer (both hold AID)",
            63_001,
            40_000,
            Some(35_000),
        )];
        assert_eq!(regressions(&parsed, &bad).len(), 1);
        let new = vec![row("mint", 1, 1, None)];
        assert_eq!(
            regressions(&parsed, &new),
            vec!["mint: not in the committed report".to_string()]
        );
    }
}
