//! Requested sAID exits on the real WASM through the deploy tool (issue #11, item 2): an exit
//! requested when a shortfall becomes likely (at an auction's start) still bears the loss booked
//! during its cooldown, pro rata with the holders who stayed, and the vault absorbs the whole
//! shortfall, so no unbacked debt is left.

use aid_integration::{aid, liquidator::IAidLiquidator, revert_data, send, vault::ISAidVault, Env};
use alloy::{
    primitives::{keccak256, Address, U256},
    sol_types::SolError,
};

const DAY: u64 = 24 * 3600;
/// The devnode configuration's auction duration.
const RUN: u64 = 6 * 3600;
/// The vault's cooldown at deployment.
const COOLDOWN: u64 = 7 * DAY;
/// The vault's virtual shares and virtual assets (`ISAidVault.sol`).
const VIRTUAL: u64 = 1_000_000_000;

/// The deployer hands `who` `amount` AID, which `who` stakes in sAID; returns the shares.
async fn stake(env: &Env, who: Address, amount: U256) -> U256 {
    send(env.token.transfer(who, amount).from(env.deployer))
        .await
        .unwrap();
    send(env.token.approve(*env.vault.address(), amount).from(who))
        .await
        .unwrap();
    let r = send(env.vault.deposit(amount, who).from(who))
        .await
        .unwrap();
    r.decoded_log::<ISAidVault::Deposit>()
        .expect("Deposit")
        .shares
}

/// What `shares` are worth at `total_assets` over `supply` sAID, by the vault's documented
/// conversion `shares * (totalAssets + 1e9) / (totalSupply + 1e9)`, rounded down and never more
/// than `totalAssets` (below a price of 1 the virtual assets would otherwise pay out up to 1e9 wei
/// the vault does not hold).
fn worth(shares: U256, total_assets: U256, supply: U256) -> U256 {
    let virt = U256::from(VIRTUAL);
    (shares * (total_assets + virt) / (supply + virt)).min(total_assets)
}

/// Bob stakes 18,000 AID and Carol 2,000. Alice's 60,000 AID loan is liquidated; Bob requests
/// his exit in the block after `liquidate` (the auction's start, when its price path makes the
/// shortfall public). The first run cannot sell below the debt, so the auction is reset and the
/// deployer bids near the reset's floor: about 6 hours into a 7-day cooldown.
///
/// The shortfall is what the devnode parameters give, not the review's 16,800: a 60,000 debt
/// against a 72,000 valuation (the 150% borrowing ratio and the 20% appraisal step allow no lower
/// one in one window) resets to a floor of 60% of 120% of 72,000 = 51,840, and a bid a minute
/// before the reset's end pays about 51,936, so about 8,064 AID are short (measured: exactly
/// 8,064, all from sAID, the surplus buffer being empty). The vault absorbs it fully inside its
/// 20,000 AID, which is the point: the requested exit still bears its share and no debt is left
/// unbacked. The test asserts the split from the events rather than the price to the second.
/// The minter's yield role in the vault is revoked first, so yield is deferred and the vault's
/// assets move only by the stakes and the loss: every value below is then exact to the wei, by
/// the vault's own conversion formula.
#[tokio::test]
async fn a_requested_exit_bears_a_loss_booked_during_its_cooldown() {
    let mut env = Env::start().await.unwrap();
    if !env.is_local() {
        eprintln!("skipped: moving time needs the local chain");
        return;
    }
    if env.is_fork() {
        eprintln!("skipped on a fork: its values are exact to the wei only in a protocol that holds nothing else");
        return;
    }
    let (alice, bob, carol, keeper) = (
        env.actor().await.unwrap(),
        env.actor().await.unwrap(),
        env.actor().await.unwrap(),
        env.actor().await.unwrap(),
    );
    let vault = *env.vault.address();
    let liquidator = *env.liquidator.address();
    assert_eq!(env.vault.cooldown().call().await.unwrap(), COOLDOWN);
    send(
        env.vault
            .revokeRole(keccak256("YIELD_DISTRIBUTOR_ROLE"), *env.minter.address())
            .from(env.deployer),
    )
    .await
    .unwrap();
    // The deployer's own loans fund the stakes and the winning bid.
    env.open(env.deployer, "treasury-1", aid(60_000))
        .await
        .unwrap();
    env.open(env.deployer, "treasury-2", aid(60_000))
        .await
        .unwrap();
    let id = env.open(alice, "exits", aid(60_000)).await.unwrap();

    let bob_shares = stake(&env, bob, aid(18_000)).await;
    let carol_shares = stake(&env, carol, aid(2_000)).await;
    assert_eq!((bob_shares, carol_shares), (aid(18_000), aid(2_000)));
    assert_eq!(env.vault.totalAssets().call().await.unwrap(), aid(20_000));

    // 72,000 against 60,000 is 120% < 125%: liquidatable.
    send(env.registry.appraise(id, aid(72_000)).from(env.deployer))
        .await
        .unwrap();
    let r = send(env.liquidator.liquidate(id).from(keeper))
        .await
        .unwrap();
    let started = r
        .decoded_log::<IAidLiquidator::AuctionStarted>()
        .expect("AuctionStarted");

    // Bob asks to leave at the auction's start.
    let r = send(env.vault.requestRedeem(bob_shares, bob, bob).from(bob))
        .await
        .unwrap();
    let requested = r
        .decoded_log::<ISAidVault::RedeemRequest>()
        .expect("RedeemRequest");
    assert_eq!(
        (
            requested.controller,
            requested.owner,
            requested.requestId,
            requested.sender,
            requested.shares
        ),
        (bob, bob, U256::ZERO, bob, bob_shares)
    );
    let requested_at = env.now().await.unwrap();
    let request = env.vault.redeemRequest(bob).call().await.unwrap();
    assert_eq!(request.shares, bob_shares);
    assert_eq!(request.assets, aid(18_000));
    assert_eq!(request.claimableAt, requested_at + COOLDOWN);
    // He cannot leave before the auction ends: his shares wait in the vault.
    assert_eq!(env.vault.balanceOf(bob).call().await.unwrap(), U256::ZERO);
    assert_eq!(env.vault.maxRedeem(bob).call().await.unwrap(), U256::ZERO);
    let data = revert_data(env.vault.redeem(bob_shares, bob, bob).from(bob)).await;
    assert_eq!(
        data.as_ref(),
        ISAidVault::ERC4626ExceededMaxRedeem {
            owner: bob,
            shares: bob_shares,
            max: U256::ZERO
        }
        .abi_encode()
        .as_slice()
    );

    // The first run cannot sell below the debt; a reset (freshly appraised) may.
    env.advance(RUN + 1).await.unwrap();
    send(env.registry.appraise(id, aid(72_000)).from(env.deployer))
        .await
        .unwrap();
    send(env.liquidator.resetAuction(id).from(keeper))
        .await
        .unwrap();
    env.advance(RUN - 60).await.unwrap();
    let price = env.liquidator.auctionPrice(id).call().await.unwrap();
    send(env.token.approve(liquidator, price).from(env.deployer))
        .await
        .unwrap();
    let r = send(
        env.liquidator
            .bid(id, price, env.deployer)
            .from(env.deployer),
    )
    .await
    .unwrap();
    let settled = r
        .decoded_log::<IAidLiquidator::AuctionSettled>()
        .expect("AuctionSettled");
    let bad = r.decoded_log::<IAidLiquidator::BadDebt>().expect("BadDebt");
    let absorbed = r
        .decoded_log::<ISAidVault::LossAbsorbed>()
        .expect("LossAbsorbed");
    assert!(env.now().await.unwrap() < requested_at + COOLDOWN);
    assert_eq!(settled.debt, started.debt);
    assert_eq!(bad.shortfall, settled.debt - settled.price);
    assert_eq!(bad.fromSurplus + bad.fromVault, bad.shortfall);
    assert!(bad.fromVault > aid(1_000), "{}", bad.fromVault);
    assert_eq!(
        (absorbed.requested, absorbed.absorbed),
        (bad.fromVault, bad.fromVault)
    );
    assert_eq!(bad.unbacked, U256::ZERO);
    assert_eq!(
        env.liquidator.unbackedDebt().call().await.unwrap(),
        U256::ZERO
    );
    let loss = bad.fromVault;
    let left = aid(20_000) - loss;
    assert_eq!(env.vault.totalAssets().call().await.unwrap(), left);
    assert_eq!(env.token.balanceOf(vault).call().await.unwrap(), left);

    // Bob and Carol lose pro rata, 9 to 1 as their shares, to the wei their values' rounding
    // down allows (each < 1 wei, so 9 × Carol's loss is within 9 wei of Bob's). Together they
    // lose the loss times 20,000e18 / (20,000e18 + 1e9): the virtual shares bear the rest
    // (about 4e8 wei here), again up to the two roundings.
    let bob_value = worth(bob_shares, left, aid(20_000));
    let carol_value = worth(carol_shares, left, aid(20_000));
    assert_eq!(
        env.vault.convertToAssets(bob_shares).call().await.unwrap(),
        bob_value
    );
    assert_eq!(
        env.vault
            .convertToAssets(carol_shares)
            .call()
            .await
            .unwrap(),
        carol_value
    );
    // No instant exit with a cooldown set: Carol too would have to request.
    assert_eq!(
        env.vault.maxWithdraw(carol).call().await.unwrap(),
        U256::ZERO
    );
    let (bob_loss, carol_loss) = (aid(18_000) - bob_value, aid(2_000) - carol_value);
    let nine_carol = carol_loss * U256::from(9);
    assert!(
        bob_loss.abs_diff(nine_carol) <= U256::from(9),
        "{bob_loss} vs 9 × {carol_loss}"
    );
    let borne = loss * aid(20_000) / (aid(20_000) + U256::from(VIRTUAL));
    assert!(
        bob_loss + carol_loss >= borne && bob_loss + carol_loss <= borne + U256::from(2),
        "{bob_loss} + {carol_loss} vs {borne}"
    );
    // Still in its cooldown: not claimable yet.
    assert_eq!(
        env.vault
            .pendingRedeemRequest(U256::ZERO, bob)
            .call()
            .await
            .unwrap(),
        bob_shares
    );
    assert_eq!(
        env.vault
            .claimableRedeemRequest(U256::ZERO, bob)
            .call()
            .await
            .unwrap(),
        U256::ZERO
    );

    // After the cooldown Bob claims his pro-rata share: the lower of 18,000 (at request) and
    // his shares' worth now.
    let now = env.now().await.unwrap();
    env.advance(requested_at + COOLDOWN - now).await.unwrap();
    assert_eq!(
        env.vault
            .claimableRedeemRequest(U256::ZERO, bob)
            .call()
            .await
            .unwrap(),
        bob_shares
    );
    assert_eq!(env.vault.maxRedeem(bob).call().await.unwrap(), bob_shares);
    assert_eq!(env.vault.maxWithdraw(bob).call().await.unwrap(), bob_value);
    let r = send(env.vault.redeem(bob_shares, bob, bob).from(bob))
        .await
        .unwrap();
    let withdrawn = r.decoded_log::<ISAidVault::Withdraw>().expect("Withdraw");
    assert_eq!(
        (
            withdrawn.sender,
            withdrawn.receiver,
            withdrawn.owner,
            withdrawn.assets,
            withdrawn.shares
        ),
        (bob, bob, bob, bob_value, bob_shares)
    );
    assert_eq!(env.token.balanceOf(bob).call().await.unwrap(), bob_value);
    assert_eq!(
        env.vault.redeemRequest(bob).call().await.unwrap().shares,
        U256::ZERO
    );
    // Carol keeps her share of what is left; nothing became unbacked.
    assert_eq!(
        env.vault.totalAssets().call().await.unwrap(),
        left - bob_value
    );
    // Carol, the last holder, is worth all that is left: the formula's virtual assets would make
    // it about 4e8 wei more, and a payout is capped at the real assets.
    assert_eq!(
        env.vault
            .convertToAssets(carol_shares)
            .call()
            .await
            .unwrap(),
        worth(carol_shares, left - bob_value, carol_shares)
    );
    assert_eq!(
        worth(carol_shares, left - bob_value, carol_shares),
        left - bob_value
    );
    assert_eq!(
        env.liquidator.unbackedDebt().call().await.unwrap(),
        U256::ZERO
    );
    env.stop().await;
}
