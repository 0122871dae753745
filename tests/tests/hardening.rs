//! The review's findings on the real WASM through the deploy tool: repayment survives a vault
//! that refuses yield (M-01) and the minter's removal from AID (M-02); a liquidation whose first
//! run cannot sell below the debt (M-04), then a reset whose shortfall sAID absorbs; bad debt that
//! the surplus heals and that blocks sweeps until it is healed (M-05).

use aid_integration::{
    aid, h100, liquidator::IAidLiquidator, minter::IAidMinter, revert_data, send, Env,
};
use alloy::{
    primitives::{keccak256, Address, U256},
    sol_types::SolError,
};

const DAY: u64 = 24 * 3600;
const YEAR: u64 = 365 * DAY;
/// The devnode configuration's auction duration.
const RUN: u64 = 6 * 3600;

/// `owner` repays everything with `repay(id, MAX)` and withdraws the token; the deployer (who
/// holds AID from its own loan) funds the interest.
async fn repay_all_and_withdraw(env: &Env, owner: Address, id: U256) -> U256 {
    send(env.token.transfer(owner, aid(100)).from(env.deployer))
        .await
        .unwrap();
    send(
        env.token
            .approve(*env.minter.address(), U256::MAX)
            .from(owner),
    )
    .await
    .unwrap();
    let r = send(env.minter.repay(id, U256::MAX).from(owner))
        .await
        .unwrap();
    let repaid = r.decoded_log::<IAidMinter::Repaid>().expect("Repaid");
    assert_eq!(repaid.debt, U256::ZERO);
    send(env.minter.withdraw(id, owner).from(owner))
        .await
        .unwrap();
    assert_eq!(env.registry.ownerOf(id).call().await.unwrap(), owner);
    repaid.amount
}

/// The deployer borrows against two clusters of its own so it holds AID to hand out: 100,000,
/// enough for a 20,000 stake and a bid near a reset auction's 51,840 floor.
async fn deployer_liquidity(env: &Env) {
    for serial in ["treasury-cluster-1", "treasury-cluster-2"] {
        env.open(env.deployer, serial, aid(50_000)).await.unwrap();
    }
}

/// AID supply + pending interest = total debt + unbacked debt.
async fn assert_books(env: &Env) {
    let supply = env.token.totalSupply().call().await.unwrap();
    let pending = env.minter.pendingInterest().call().await.unwrap();
    let debt = env.minter.totalDebt().call().await.unwrap();
    let unbacked = env.liquidator.unbackedDebt().call().await.unwrap();
    assert_eq!(supply + pending, debt + unbacked);
}

#[tokio::test]
async fn repay_and_withdraw_work_after_the_vault_revokes_the_minters_yield_role() {
    let mut env = Env::start().await.unwrap();
    if !env.is_local() {
        eprintln!("skipped: moving time needs the local chain");
        return;
    }
    let alice = env.actor().await.unwrap();
    deployer_liquidity(&env).await;
    let id = env.open(alice, "m01", aid(60_000)).await.unwrap();
    env.advance(DAY).await.unwrap();
    send(
        env.vault
            .revokeRole(keccak256("YIELD_DISTRIBUTOR_ROLE"), *env.minter.address())
            .from(env.deployer),
    )
    .await
    .unwrap();

    let repaid = repay_all_and_withdraw(&env, alice, id).await;
    assert!(repaid > aid(60_000));
    // A vault without code is refused (L-06).
    let data = revert_data(env.minter.setVault(alice).from(env.deployer)).await;
    assert_eq!(
        data.as_ref(),
        IAidMinter::InvalidVault { vault: alice }
            .abi_encode()
            .as_slice()
    );
    // The drip mints the interest and books the vault's refused share as pending.
    let r = send(env.minter.drip(h100()).from(alice)).await.unwrap();
    let deferred = r
        .decoded_log::<IAidMinter::YieldDeferred>()
        .expect("YieldDeferred");
    assert_eq!(deferred.vault, *env.vault.address());
    assert_eq!(
        env.minter.pendingYield().call().await.unwrap(),
        deferred.pending
    );
    assert!(deferred.pending > U256::ZERO);
    assert_books(&env).await;
    env.stop().await;
}

#[tokio::test]
async fn repay_and_withdraw_work_after_aid_removes_the_minter() {
    let mut env = Env::start().await.unwrap();
    let alice = env.actor().await.unwrap();
    deployer_liquidity(&env).await;
    let id = env.open(alice, "m02", aid(60_000)).await.unwrap();
    send(
        env.token
            .removeMinter(*env.minter.address())
            .from(env.deployer),
    )
    .await
    .unwrap();
    env.advance(DAY).await.unwrap();

    let repaid = repay_all_and_withdraw(&env, alice, id).await;
    assert!(repaid >= aid(60_000));
    if env.is_local() {
        // Interest cannot be minted: it waits, said so.
        let r = send(env.minter.drip(h100()).from(alice)).await.unwrap();
        let deferred = r
            .decoded_log::<IAidMinter::InterestDeferred>()
            .expect("InterestDeferred");
        assert!(deferred.pending > U256::ZERO);
        assert_eq!(
            env.minter.pendingInterest().call().await.unwrap(),
            deferred.pending
        );
    }
    assert_books(&env).await;
    env.stop().await;
}

#[tokio::test]
async fn a_liquidation_cannot_sell_below_the_debt_on_its_first_run_and_said_absorbs_a_later_shortfall(
) {
    let mut env = Env::start().await.unwrap();
    if !env.is_local() {
        eprintln!("skipped: moving time needs the local chain");
        return;
    }
    let (alice, keeper, carol) = (
        env.actor().await.unwrap(),
        env.actor().await.unwrap(),
        env.actor().await.unwrap(),
    );
    deployer_liquidity(&env).await;
    let id = env.open(alice, "liquidation", aid(60_000)).await.unwrap();
    // Carol stakes 20,000 AID in sAID.
    send(env.token.transfer(carol, aid(20_000)).from(env.deployer))
        .await
        .unwrap();
    send(
        env.token
            .approve(*env.vault.address(), aid(20_000))
            .from(carol),
    )
    .await
    .unwrap();
    send(env.vault.deposit(aid(20_000), carol).from(carol))
        .await
        .unwrap();

    // One 20% appraisal step: 72,000 against 60,000 is 120% < 125%.
    send(env.registry.appraise(id, aid(72_000)).from(env.deployer))
        .await
        .unwrap();
    let liquidator = *env.liquidator.address();
    let r = send(env.liquidator.liquidate(id).from(keeper))
        .await
        .unwrap();
    let started = r
        .decoded_log::<IAidLiquidator::AuctionStarted>()
        .expect("AuctionStarted");
    assert_eq!(started.owner, alice);
    assert_eq!(started.startPrice, aid(86_400));
    assert_eq!(
        started.floorPrice, started.debt,
        "first run floors at the debt"
    );
    assert_eq!(env.registry.ownerOf(id).call().await.unwrap(), liquidator);

    // Late in the first run the price is still at least the debt.
    env.advance(RUN - 60).await.unwrap();
    let late = env.liquidator.auctionPrice(id).call().await.unwrap();
    assert!(
        late >= started.debt && late < started.debt + aid(300),
        "{late}"
    );

    // Unsold: a reset (with a fresh appraisal) may go below the debt.
    env.advance(120).await.unwrap();
    let data = revert_data(env.liquidator.auctionPrice(id)).await;
    assert_eq!(&data[..4], IAidLiquidator::AuctionExpired::SELECTOR);
    send(env.registry.appraise(id, aid(72_000)).from(env.deployer))
        .await
        .unwrap();
    let r = send(env.liquidator.resetAuction(id).from(keeper))
        .await
        .unwrap();
    let reset = r
        .decoded_log::<IAidLiquidator::AuctionReset>()
        .expect("AuctionReset");
    assert!(reset.fresh);
    assert_eq!(
        reset.floorPrice,
        aid(86_400) * U256::from(6) / U256::from(10)
    );
    env.advance(RUN - 60).await.unwrap();

    let bob = env.actor().await.unwrap();
    let price = env.liquidator.auctionPrice(id).call().await.unwrap();
    assert!(price < started.debt);
    send(env.token.transfer(bob, price).from(env.deployer))
        .await
        .unwrap();
    send(env.token.approve(liquidator, price).from(bob))
        .await
        .unwrap();
    let vault_before = env
        .token
        .balanceOf(*env.vault.address())
        .call()
        .await
        .unwrap();
    let r = send(env.liquidator.bid(id, price, bob).from(bob))
        .await
        .unwrap();
    let settled = r
        .decoded_log::<IAidLiquidator::AuctionSettled>()
        .expect("AuctionSettled");
    let bad = r.decoded_log::<IAidLiquidator::BadDebt>().expect("BadDebt");
    assert_eq!(settled.debt, started.debt);
    assert_eq!(bad.shortfall, settled.debt - settled.price);
    assert_eq!(bad.fromSurplus + bad.fromVault, bad.shortfall);
    assert!(bad.fromVault > U256::ZERO);
    assert_eq!(bad.unbacked, U256::ZERO);
    assert_eq!(
        env.token
            .balanceOf(*env.vault.address())
            .call()
            .await
            .unwrap(),
        vault_before - bad.fromVault
    );
    assert_eq!(env.registry.ownerOf(id).call().await.unwrap(), bob);
    assert_eq!(
        env.liquidator.unbackedDebt().call().await.unwrap(),
        U256::ZERO
    );
    assert_books(&env).await;
    env.stop().await;
}

#[tokio::test]
async fn unbacked_debt_blocks_sweeps_until_surplus_heals_it() {
    let mut env = Env::start().await.unwrap();
    if !env.is_local() {
        eprintln!("skipped: moving time needs the local chain");
        return;
    }
    let (alice, keeper, bob) = (
        env.actor().await.unwrap(),
        env.actor().await.unwrap(),
        env.actor().await.unwrap(),
    );
    // The deployer's loan earns interest: surplus to heal with.
    env.open(env.deployer, "big-loan", aid(60_000))
        .await
        .unwrap();
    let id = env.open(alice, "bad-debt", aid(60_000)).await.unwrap();
    // The vault absorbs nothing (the liquidator loses its role there, and a vault in use would
    // otherwise absorb): the shortfall becomes unbacked debt.
    send(
        env.vault
            .revokeRole(keccak256("LOSS_ABSORBER_ROLE"), *env.liquidator.address())
            .from(env.deployer),
    )
    .await
    .unwrap();
    send(env.registry.appraise(id, aid(72_000)).from(env.deployer))
        .await
        .unwrap();
    send(env.liquidator.liquidate(id).from(keeper))
        .await
        .unwrap();
    env.advance(RUN + 1).await.unwrap();
    send(env.registry.appraise(id, aid(72_000)).from(env.deployer))
        .await
        .unwrap();
    send(env.liquidator.resetAuction(id).from(keeper))
        .await
        .unwrap();
    env.advance(RUN - 60).await.unwrap();
    let price = env.liquidator.auctionPrice(id).call().await.unwrap();
    send(env.token.transfer(bob, price).from(env.deployer))
        .await
        .unwrap();
    send(
        env.token
            .approve(*env.liquidator.address(), price)
            .from(bob),
    )
    .await
    .unwrap();
    let r = send(env.liquidator.bid(id, price, bob).from(bob))
        .await
        .unwrap();
    let bad = r.decoded_log::<IAidLiquidator::BadDebt>().expect("BadDebt");
    assert_eq!(bad.fromVault, U256::ZERO);
    let unbacked = env.liquidator.unbackedDebt().call().await.unwrap();
    assert_eq!(unbacked, bad.unbacked);
    assert!(unbacked > U256::ZERO);

    let data = revert_data(env.liquidator.sweepSurplus().from(env.deployer)).await;
    assert_eq!(
        data.as_ref(),
        IAidLiquidator::UnbackedDebtOutstanding {
            unbackedDebt: unbacked
        }
        .abi_encode()
        .as_slice()
    );

    // A year of the deployer's interest (with the operator's yearly keepalive of the programs
    // halfway): its surplus share heals at the drip.
    env.advance(YEAR / 2).await.unwrap();
    env.keep_alive().await.unwrap();
    env.advance(YEAR - YEAR / 2).await.unwrap();
    let r = send(env.minter.drip(h100()).from(bob)).await.unwrap();
    let healed = r.decoded_log::<IAidLiquidator::Healed>().expect("Healed");
    assert!(healed.amount > U256::ZERO);
    assert_eq!(healed.unbackedDebt, unbacked - healed.amount);
    assert_eq!(
        env.liquidator.unbackedDebt().call().await.unwrap(),
        unbacked - healed.amount
    );
    assert_books(&env).await;
    env.stop().await;
}
