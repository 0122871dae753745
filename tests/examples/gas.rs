//! Gas of the everyday calls and of a liquidation on the local Stylus chain, as a markdown table.
//!
//! Run: `scripts/build-contracts.sh && cargo run -p aid-integration --example gas`
//! (`AID_WASM_DIR=dir` measures the contracts built in another folder). The scenario: the deployer
//! holds a loan of the same model (so accrual has something to accrue), then Alice pledges with
//! `safeTransferFrom`, borrows a day later, repays part a day later, anyone drips a day later,
//! Alice repays the rest with `repay(id, MAX)` and withdraws; Bob's position falls 20% in
//! value, a keeper liquidates it and a bidder buys it an hour into the auction.

use aid_integration::{aid, h100, send, Env};
use alloy::{primitives::U256, rpc::types::TransactionReceipt};

const DAY: u64 = 24 * 3600;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    eprintln!(
        "measuring the contracts in {}",
        aid_integration::wasm_dir().display()
    );
    let mut env = Env::start().await?;
    let (alice, bob, keeper, bidder) = (
        env.actor().await?,
        env.actor().await?,
        env.actor().await?,
        env.actor().await?,
    );
    let minter = *env.minter.address();
    let mut rows: Vec<(&str, u64)> = Vec::new();
    let gas = |r: &TransactionReceipt| r.gas_used;

    // The deployer's loan: the model has debt, so every later accrual accrues.
    let own = env
        .register(env.deployer, aid(1_000_000), aid(900_000), "gas-deployer")
        .await?;
    send(
        env.registry
            .safeTransferFrom_0(env.deployer, minter, own)
            .from(env.deployer),
    )
    .await?;
    send(
        env.minter
            .borrow(own, aid(500_000), env.deployer)
            .from(env.deployer),
    )
    .await?;
    env.advance(DAY).await?;

    let a = env
        .register(alice, aid(100_000), aid(90_000), "gas-alice")
        .await?;
    let r = send(
        env.registry
            .safeTransferFrom_0(alice, minter, a)
            .from(alice),
    )
    .await?;
    rows.push(("pledge (safeTransferFrom to the minter)", gas(&r)));
    env.advance(DAY).await?;
    let r = send(env.minter.borrow(a, aid(60_000), alice).from(alice)).await?;
    rows.push(("borrow (first, a day after the last accrual)", gas(&r)));
    env.advance(DAY).await?;
    send(env.token.approve(minter, U256::MAX).from(alice)).await?;
    let r = send(env.minter.repay(a, aid(10_000)).from(alice)).await?;
    rows.push(("repay (part, a day later)", gas(&r)));
    env.advance(DAY).await?;
    let r = send(env.minter.drip(h100()).from(bob)).await?;
    rows.push(("drip (a day later: mint and hand yield to sAID)", gas(&r)));
    send(env.token.transfer(alice, aid(100)).from(env.deployer)).await?;
    let r = send(env.minter.repay(a, U256::MAX).from(alice)).await?;
    rows.push(("repay (all, type(uint256).max)", gas(&r)));
    let r = send(env.minter.withdraw(a, alice).from(alice)).await?;
    rows.push(("withdraw", gas(&r)));

    let b = env
        .register(bob, aid(100_000), aid(90_000), "gas-bob")
        .await?;
    send(env.registry.safeTransferFrom_0(bob, minter, b).from(bob)).await?;
    send(env.minter.borrow(b, aid(60_000), bob).from(bob)).await?;
    send(env.registry.appraise(b, aid(72_000)).from(env.deployer)).await?;
    env.advance(60).await?;
    let liquidator = *env.liquidator.address();
    let r = send(env.liquidator.liquidate(b).from(keeper)).await?;
    rows.push(("liquidate", gas(&r)));
    env.advance(3600).await?;
    let price = env.liquidator.auctionPrice(b).call().await?;
    send(env.token.transfer(bidder, price).from(env.deployer)).await?;
    send(env.token.approve(liquidator, price).from(bidder)).await?;
    let r = send(env.liquidator.bid(b, price, bidder).from(bidder)).await?;
    rows.push(("bid (an hour in, above the debt)", gas(&r)));

    println!("| call | gas |\n|---|---:|");
    for (what, g) in &rows {
        println!("| {what} | {g} |");
    }
    println!("| pledge + borrow | {} |", rows[0].1 + rows[1].1);
    env.stop().await;
    Ok(())
}
