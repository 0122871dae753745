//! Gas of the everyday calls and of a liquidation on the local Stylus chain, as a markdown table.
//!
//! Run: `scripts/build-contracts.sh && cargo run -p aid-integration --example gas`.
//! With `AID_LEGACY_WASM_DIR=dir` it measures, instead, the four contracts of the single-contract
//! minter (before the AidLiquidator) built in `dir`, deployed and wired by hand on the same chain.
//!
//! The scenario: the deployer holds a loan of the same model (so accrual has something to
//! accrue), then Alice pledges with `safeTransferFrom`, borrows a day later, repays part a day
//! later, anyone drips a day later, Alice repays the rest with `repay(id, MAX)` and withdraws;
//! Bob's position falls 20% in value, a keeper liquidates it and a bidder buys it an hour into
//! the auction.

use std::path::PathBuf;

use aid_deploy::{chain::constructor_call, deploy};
use aid_integration::{
    aid, h100, liquidator::IAidLiquidator::IAidLiquidatorInstance,
    minter::IAidMinter::IAidMinterInstance, registry::IGpuRegistry::IGpuRegistryInstance, send,
    token::IAidToken::IAidTokenInstance, vault::ISAidVault::ISAidVaultInstance, Env,
};
use alloy::{
    primitives::{keccak256, Address, U256},
    providers::DynProvider,
    rpc::types::TransactionReceipt,
};

const DAY: u64 = 24 * 3600;

mod legacy {
    alloy::sol! {
        #[sol(rpc)]
        interface IOldMinter {
            function setAuctionParams(uint16 s, uint64 d, uint16 f, uint16 p, uint16 k) external;
            function liquidate(uint256 tokenId) external;
            function auctionPrice(uint256 tokenId) external view returns (uint256);
            function bid(uint256 tokenId, uint256 maxPrice, address receiver) external returns (uint256);
        }
    }
}
use legacy::IOldMinter::IOldMinterInstance;

/// Where the auctions run.
enum Auctions {
    Liquidator(IAidLiquidatorInstance<DynProvider>),
    Minter(IOldMinterInstance<DynProvider>),
}

struct Protocol {
    registry: IGpuRegistryInstance<DynProvider>,
    token: IAidTokenInstance<DynProvider>,
    minter: IAidMinterInstance<DynProvider>,
    auctions: Auctions,
}

/// Deploys the legacy four contracts from `dir` and wires them as the old deploy tool did.
async fn legacy(env: &Env, dir: PathBuf) -> anyhow::Result<Protocol> {
    let from = env.deployer;
    let quiet = |_: &str| {};
    let mut d = deploy::Deployer::new(&env.provider, from, &quiet);
    let code = |stem: &str| deploy::load_program(&dir, stem);
    let reg = d
        .deploy_program(
            "GpuRegistry",
            code("gpu_registry")?,
            constructor_call((from,)),
        )
        .await?
        .address;
    let tok = d
        .deploy_program("AidToken", code("aid_token")?, constructor_call((from,)))
        .await?
        .address;
    let min = d
        .deploy_program(
            "AidMinter",
            code("aid_minter")?,
            constructor_call((from, reg, tok)),
        )
        .await?
        .address;
    let vau = d
        .deploy_program(
            "SAidVault",
            code("said_vault")?,
            constructor_call((from, tok)),
        )
        .await?
        .address;
    let p = env.provider.clone();
    let registry = IGpuRegistryInstance::new(reg, p.clone());
    let token = IAidTokenInstance::new(tok, p.clone());
    let minter = IAidMinterInstance::new(min, p.clone());
    let vault = ISAidVaultInstance::new(vau, p.clone());
    let old = IOldMinterInstance::new(min, p.clone());
    let risk = keccak256("RISK_ADMIN_ROLE");
    send(token.configureMinter(min, U256::MAX).from(from)).await?;
    for r in ["YIELD_DISTRIBUTOR_ROLE", "LOSS_ABSORBER_ROLE"] {
        send(vault.grantRole(keccak256(r), min).from(from)).await?;
    }
    for r in ["REGISTRAR_ROLE", "APPRAISER_ROLE", "RISK_ADMIN_ROLE"] {
        send(registry.grantRole(keccak256(r), from).from(from)).await?;
    }
    send(
        registry
            .configureModel(h100(), 157_680_000, 1_000, true)
            .from(from),
    )
    .await?;
    send(minter.grantRole(risk, from).from(from)).await?;
    send(minter.setVault(vau).from(from)).await?;
    send(
        minter
            .setGlobalParams(aid(100_000_000), aid(1_000), 9_000)
            .from(from),
    )
    .await?;
    send(
        old.setAuctionParams(12_000, 21_600, 6_000, 1_000, 100)
            .from(from),
    )
    .await?;
    send(
        minter
            .setModelParams(h100(), 15_000, 12_500, 500, aid(50_000_000))
            .from(from),
    )
    .await?;
    Ok(Protocol {
        registry,
        token,
        minter,
        auctions: Auctions::Minter(old),
    })
}

async fn register(env: &Env, p: &Protocol, to: Address, serial: &str) -> anyhow::Result<U256> {
    let now = env.now().await?;
    let call = p.registry.registerAsset(
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
    send(call.from(env.deployer)).await?;
    Ok(id)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut env = Env::start().await?;
    let (alice, bob, keeper, bidder) = (
        env.actor().await?,
        env.actor().await?,
        env.actor().await?,
        env.actor().await?,
    );
    let p = match std::env::var_os("AID_LEGACY_WASM_DIR") {
        Some(dir) => legacy(&env, dir.into()).await?,
        None => Protocol {
            registry: env.registry.clone(),
            token: env.token.clone(),
            minter: env.minter.clone(),
            auctions: Auctions::Liquidator(env.liquidator.clone()),
        },
    };
    let minter = *p.minter.address();
    let mut rows: Vec<(&str, u64)> = Vec::new();
    let gas = |r: &TransactionReceipt| r.gas_used;
    let deployer = env.deployer;

    // The deployer's loan: the model has debt, so every later accrual accrues.
    let own = register(&env, &p, deployer, "gas-deployer").await?;
    send(
        p.registry
            .safeTransferFrom_0(deployer, minter, own)
            .from(deployer),
    )
    .await?;
    send(p.minter.borrow(own, aid(50_000), deployer).from(deployer)).await?;
    // A second loan: the deployer funds the interest and the bid.
    let own2 = register(&env, &p, deployer, "gas-deployer-2").await?;
    send(
        p.registry
            .safeTransferFrom_0(deployer, minter, own2)
            .from(deployer),
    )
    .await?;
    send(p.minter.borrow(own2, aid(50_000), deployer).from(deployer)).await?;
    env.advance(DAY).await?;

    let a = register(&env, &p, alice, "gas-alice").await?;
    let r = send(p.registry.safeTransferFrom_0(alice, minter, a).from(alice)).await?;
    rows.push(("pledge (safeTransferFrom to the minter)", gas(&r)));
    env.advance(DAY).await?;
    let r = send(p.minter.borrow(a, aid(59_000), alice).from(alice)).await?;
    rows.push(("borrow (first, a day after the last accrual)", gas(&r)));
    env.advance(DAY).await?;
    send(p.token.approve(minter, U256::MAX).from(alice)).await?;
    let r = send(p.minter.repay(a, aid(10_000)).from(alice)).await?;
    rows.push(("repay (part, a day later)", gas(&r)));
    env.advance(DAY).await?;
    let r = send(p.minter.drip(h100()).from(bob)).await?;
    rows.push(("drip (a day later: mint and hand yield to sAID)", gas(&r)));
    send(p.token.transfer(alice, aid(100)).from(deployer)).await?;
    let r = send(p.minter.repay(a, U256::MAX).from(alice)).await?;
    rows.push(("repay (all, type(uint256).max)", gas(&r)));
    let r = send(p.minter.withdraw(a, alice).from(alice)).await?;
    rows.push(("withdraw", gas(&r)));

    let b = register(&env, &p, bob, "gas-bob").await?;
    send(p.registry.safeTransferFrom_0(bob, minter, b).from(bob)).await?;
    send(p.minter.borrow(b, aid(59_000), bob).from(bob)).await?;
    send(p.registry.appraise(b, aid(72_000)).from(deployer)).await?;
    env.advance(60).await?;
    let r = match &p.auctions {
        Auctions::Liquidator(l) => send(l.liquidate(b).from(keeper)).await?,
        Auctions::Minter(m) => send(m.liquidate(b).from(keeper)).await?,
    };
    rows.push(("liquidate", gas(&r)));
    env.advance(3600).await?;
    let (price, spender) = match &p.auctions {
        Auctions::Liquidator(l) => (l.auctionPrice(b).call().await?, *l.address()),
        Auctions::Minter(m) => (m.auctionPrice(b).call().await?, minter),
    };
    send(p.token.transfer(bidder, price).from(deployer)).await?;
    send(p.token.approve(spender, price).from(bidder)).await?;
    let r = match &p.auctions {
        Auctions::Liquidator(l) => send(l.bid(b, price, bidder).from(bidder)).await?,
        Auctions::Minter(m) => send(m.bid(b, price, bidder).from(bidder)).await?,
    };
    rows.push(("bid (an hour in, above the debt)", gas(&r)));

    println!("| call | gas |\n|---|---:|");
    for (what, g) in &rows {
        println!("| {what} | {g} |");
    }
    println!("| pledge + borrow | {} |", rows[0].1 + rows[1].1);
    env.stop().await;
    Ok(())
}
