//! The keeper against the real contracts on the local chain: depreciation makes a position unsafe,
//! the keeper liquidates it, bids at its policy price and the settlement is checked to the wei; an
//! expired auction is reset; drips follow the schedule; programs near expiry are kept alive; a
//! restarted keeper rebuilds its index from logs and sends nothing twice; a lossy RPC neither makes
//! it send twice nor stops it.

mod common;

use std::time::Duration;

use aid_integration::{aid, liquidator::IAidLiquidator, minter::IAidMinter, Env};
use aid_ops::keeper::{IArbWasmKeepalive, Policy};
use alloy::{
    primitives::{Address, U256},
    providers::Provider,
    rpc::types::{Filter, Log},
    sol_types::SolEvent,
};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const DAY: u64 = 86_400;

async fn events<E: SolEvent>(env: &Env, address: Address) -> Vec<(Log, E)> {
    let filter = Filter::new()
        .address(address)
        .event_signature(E::SIGNATURE_HASH)
        .from_block(0u64);
    env.provider
        .get_logs(&filter)
        .await
        .unwrap()
        .into_iter()
        .map(|l| {
            let e = E::decode_log_data(l.data()).unwrap();
            (l, e)
        })
        .collect()
}

fn policy() -> Policy {
    Policy {
        drip_interval: DAY,
        retry_after_blocks: 3,
        ..Policy::default()
    }
}

/// The price the liquidator's formula gives at `ts`: the fall is rounded down.
fn price_at(a: &IAidLiquidator::auctionReturn, ts: u64) -> U256 {
    let elapsed = U256::from(ts - a.startedAt);
    a.startPrice - (a.startPrice - a.floorPrice) * elapsed / U256::from(a.duration)
}

#[tokio::test]
async fn depreciation_makes_a_position_unsafe_and_the_keeper_liquidates_bids_and_settles_to_the_wei(
) {
    let mut env = Env::start().await.unwrap();
    let signer = keeper_account(&mut env, aid(150_000)).await.unwrap();
    let me = signer.address();
    let (owner, id) = risky_position(&mut env, "risky").await.unwrap();
    let pol = Policy {
        bid_bps: 8_000, // at or under 80% of the latest appraisal
        max_spend: aid(90_000),
        ..policy()
    };
    let url = env.url().to_string();
    let mut k = keeper(&env, &url, signer, pol).await.unwrap();
    assert_eq!(k.index.positions.len(), 2, "the whale's and the borrower's");

    let s = k.step().await.unwrap();
    assert!(s.sent.is_empty(), "nothing to do on a safe protocol: {s}");
    assert_eq!(s.unsafe_positions, 0);

    // 300 days: the appraisal stays at 100,000 but the book value falls below 125% of the debt.
    assert!(env.advance(300 * DAY).await.unwrap());
    let h = env.minter.health(id).call().await.unwrap();
    let a = env.registry.asset(id).call().await.unwrap();
    assert_eq!(a.appraisalValue, aid(100_000), "nobody re-appraised");
    assert_eq!(
        h.value,
        env.registry.bookValue(id).call().await.unwrap(),
        "valued at book"
    );
    assert!(h.liquidatable, "unsafe through depreciation alone");

    let s = k.step().await.unwrap();
    assert_eq!(
        s.sent,
        vec!["drip H100-SXM5-80GB".to_string(), format!("liquidate {id}")],
        "{s}"
    );
    let started = events::<IAidLiquidator::AuctionStarted>(&env, *env.liquidator.address()).await;
    assert_eq!(started.len(), 1);
    assert_eq!(started[0].1.tokenId, id);
    assert_eq!(started[0].1.keeper, me);
    assert!(k.index.auctions.contains(&id) && !k.index.positions.contains(&id));

    // The price falls; the keeper waits until it is within policy.
    let auction = env.liquidator.auction(id).call().await.unwrap();
    let limit = aid(80_000);
    assert!(
        auction.startPrice > limit,
        "the first run starts above the policy"
    );
    let mut last_ts = env.now().await.unwrap();
    let mut bid_at = None;
    for _ in 0..12 {
        env.advance(1_800).await.unwrap();
        let before_me = env.token.balanceOf(me).call().await.unwrap();
        let before_owner = env.token.balanceOf(owner).call().await.unwrap();
        let s = k.step().await.unwrap();
        if s.sent.iter().any(|a| a.starts_with("bid")) {
            bid_at = Some((before_me, before_owner));
            break;
        }
        last_ts = s.timestamp;
        assert!(
            price_at(&auction, last_ts) > limit,
            "no bid while the price is above the policy"
        );
    }
    let (before_me, before_owner) = bid_at.expect("the keeper bid within 6 hours");
    let settled = events::<IAidLiquidator::AuctionSettled>(&env, *env.liquidator.address()).await;
    assert_eq!(settled.len(), 1);
    let (log, e) = &settled[0];
    let block = env
        .provider
        .get_block_by_number(log.block_number.unwrap().into())
        .await
        .unwrap()
        .unwrap();
    let price = price_at(&auction, block.header.timestamp);
    assert!(
        price <= limit && price_at(&auction, last_ts) > limit,
        "bid at the first block within policy"
    );
    assert_eq!(e.price, price, "price to the wei");
    assert_eq!(e.bidder, me);
    assert_eq!(e.receiver, me);
    assert_eq!(e.debt, auction.debt);
    let repaid = price.min(auction.debt);
    let penalty =
        (price - repaid).min((auction.debt * U256::from(1_000)).div_ceil(U256::from(10_000)));
    assert_eq!(e.penalty, penalty);
    assert_eq!(e.toOwner, price - repaid - penalty);
    assert_eq!(
        env.token.balanceOf(me).call().await.unwrap(),
        before_me - price
    );
    assert_eq!(
        env.token.balanceOf(owner).call().await.unwrap(),
        before_owner + e.toOwner
    );
    assert_eq!(env.registry.ownerOf(id).call().await.unwrap(), me);
    let s = k.step().await.unwrap();
    assert!(s.sent.is_empty() && s.auctions == 0, "{s}");
    // The Prometheus endpoint serves the same numbers.
    let addr = k
        .metrics
        .clone()
        .serve("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let mut sock = tokio::net::TcpStream::connect(addr).await.unwrap();
    sock.write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut page = String::new();
    sock.read_to_string(&mut page).await.unwrap();
    assert!(page.starts_with("HTTP/1.1 200 OK"), "{page}");
    assert!(
        page.contains("aid_keeper_positions_watched 1\n"),
        "the whale's: {page}"
    );
    assert!(page.contains("aid_keeper_auctions 0\n"), "{page}");
    assert!(
        page.contains(&format!("aid_keeper_last_block {}\n", s.block)),
        "{page}"
    );
    assert!(
        page.contains("aid_keeper_actions_failed_total 0\n"),
        "{page}"
    );
    assert!(
        k.metrics
            .render()
            .contains("aid_keeper_actions_sent_total 4"),
        "{}",
        k.metrics.render()
    );
    env.stop().await;
}

#[tokio::test]
async fn an_expired_auction_is_reset_and_a_restarted_keeper_sends_nothing_twice() {
    let mut env = Env::start().await.unwrap();
    let signer = keeper_account(&mut env, U256::ZERO).await.unwrap();
    let me = signer.address();
    let (_, id) = risky_position(&mut env, "risky").await.unwrap();
    let url = env.url().to_string();
    let mut k = keeper(&env, &url, signer.clone(), policy()).await.unwrap();
    env.advance(300 * DAY).await.unwrap();
    let s = k.step().await.unwrap();
    assert!(s.sent.contains(&format!("liquidate {id}")), "{s}");
    let sent = nonce(&env, me).await.unwrap();

    // Killed (dropped) and restarted: the index comes back from the logs, nothing is re-sent.
    drop(k);
    let mut k = keeper(&env, &url, signer.clone(), policy()).await.unwrap();
    assert!(k.index.auctions.contains(&id));
    assert!(!k.index.positions.contains(&id));
    let s = k.step().await.unwrap();
    assert!(s.sent.is_empty(), "{s}");
    assert_eq!(
        nonce(&env, me).await.unwrap(),
        sent,
        "no transaction after the restart"
    );

    // Without a bidding policy the first run expires unsold; the keeper resets it.
    env.advance(6 * 3_600 + 1).await.unwrap();
    let s = k.step().await.unwrap();
    assert_eq!(s.sent, vec![format!("reset auction {id}")], "{s}");
    let resets = events::<IAidLiquidator::AuctionReset>(&env, *env.liquidator.address()).await;
    assert_eq!(resets.len(), 1);
    assert_eq!(resets[0].1.caller, me);
    assert_eq!(resets[0].1.resets, 1);
    let a = env.liquidator.auction(id).call().await.unwrap();
    assert_eq!(a.resets, 1);
    assert_eq!(a.startedAt, env.now().await.unwrap());
    let s = k.step().await.unwrap();
    assert!(s.sent.is_empty(), "the new run is not expired: {s}");
    env.stop().await;
}

#[tokio::test]
async fn drips_follow_the_schedule() {
    let mut env = Env::start().await.unwrap();
    let signer = keeper_account(&mut env, U256::ZERO).await.unwrap();
    let (_, _id) = risky_position(&mut env, "risky").await.unwrap();
    let url = env.url().to_string();
    let mut k = keeper(&env, &url, signer, policy()).await.unwrap();
    let h100 = model("H100-SXM5-80GB");
    let base = events::<IAidMinter::Dripped>(&env, *env.minter.address())
        .await
        .len();
    let t0 = env.minter.modelState(h100).call().await.unwrap().lastDrip;

    env.advance(DAY / 2).await.unwrap();
    assert!(
        k.step().await.unwrap().sent.is_empty(),
        "half a day: too early"
    );
    env.advance(DAY / 2).await.unwrap();
    let s = k.step().await.unwrap();
    assert_eq!(s.sent, vec!["drip H100-SXM5-80GB".to_string()], "{s}");
    let t1 = env.minter.modelState(h100).call().await.unwrap().lastDrip;
    assert!(
        t1 >= s.timestamp && t1 >= t0 + DAY,
        "dripped now, a day after the last"
    );
    assert_eq!(
        events::<IAidMinter::Dripped>(&env, *env.minter.address())
            .await
            .len(),
        base + 1
    );

    env.advance(3_600).await.unwrap();
    assert!(
        k.step().await.unwrap().sent.is_empty(),
        "an hour after a drip: too early"
    );
    env.advance(DAY - 3_600).await.unwrap();
    let s = k.step().await.unwrap();
    assert_eq!(s.sent, vec!["drip H100-SXM5-80GB".to_string()], "{s}");
    assert_eq!(
        events::<IAidMinter::Dripped>(&env, *env.minter.address())
            .await
            .len(),
        base + 2
    );
    // The B200 model has no debt: never dripped.
    assert!(s.sent.iter().all(|a| !a.contains("B200")));
    env.stop().await;
}

#[tokio::test]
async fn programs_near_expiry_are_kept_alive() {
    let mut env = Env::start().await.unwrap();
    let signer = keeper_account(&mut env, U256::ZERO).await.unwrap();
    let url = env.url().to_string();
    let mut k = keeper(&env, &url, signer, policy()).await.unwrap();
    let wasm = IArbWasmKeepalive::new(aid_deploy::chain::ARB_WASM, env.provider.clone());
    assert!(
        k.step().await.unwrap().sent.is_empty(),
        "a year left: nothing to do"
    );

    env.advance(340 * DAY).await.unwrap();
    for e in env.book.contracts.values() {
        let left = wasm.programTimeLeft(e.address).call().await.unwrap();
        assert!(left < 30 * DAY, "within the margin: {left}");
    }
    let s = k.step().await.unwrap();
    let mut names: Vec<String> = env
        .book
        .contracts
        .keys()
        .map(|n| format!("keepalive {n}"))
        .collect();
    names.sort();
    let mut sent = s.sent.clone();
    sent.sort();
    assert_eq!(sent, names, "{s}");
    for e in env.book.contracts.values() {
        let left = wasm.programTimeLeft(e.address).call().await.unwrap();
        assert!(left > 364 * DAY, "renewed: {left}");
    }
    assert!(
        k.step().await.unwrap().sent.is_empty(),
        "renewed programs need nothing"
    );
    env.stop().await;
}

#[tokio::test]
async fn a_lossy_rpc_neither_makes_the_keeper_send_twice_nor_stops_it() {
    let mut env = Env::start().await.unwrap();
    let signer = keeper_account(&mut env, U256::ZERO).await.unwrap();
    let me = signer.address();
    let (_, id) = risky_position(&mut env, "risky").await.unwrap();
    let proxy = LossyProxy::start(env.url(), 5, 0).await.unwrap();
    let mut k = None;
    for _ in 0..10 {
        match keeper(&env, &proxy.url, signer.clone(), policy()).await {
            Ok(started) => {
                k = Some(started);
                break;
            }
            Err(e) => eprintln!("start failed through the proxy (retrying): {e:#}"),
        }
    }
    let mut k = k.expect("the keeper starts through a lossy RPC");
    env.advance(300 * DAY).await.unwrap();

    let mut errors = 0;
    let mut done = false;
    for _ in 0..40 {
        match k.step().await {
            Ok(s) if s.sent.is_empty() && s.waiting.is_empty() && !k.index.auctions.is_empty() => {
                done = true;
                break;
            }
            Ok(_) => {}
            Err(e) => {
                errors += 1;
                eprintln!("step failed (the keeper carries on): {e:#}");
            }
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(done, "the keeper got through: {errors} failed steps");
    assert!(
        proxy
            .stats
            .dropped
            .load(std::sync::atomic::Ordering::SeqCst)
            > 0,
        "requests were dropped"
    );
    assert_eq!(
        proxy
            .stats
            .lost_answers
            .load(std::sync::atomic::Ordering::SeqCst),
        1,
        "a send's answer was lost"
    );
    let started = events::<IAidLiquidator::AuctionStarted>(&env, *env.liquidator.address()).await;
    assert_eq!(started.len(), 1, "one liquidation");
    assert_eq!(started[0].1.tokenId, id);
    let drips = events::<IAidMinter::Dripped>(&env, *env.minter.address()).await;
    assert_eq!(drips.len(), 1, "one drip");
    assert_eq!(
        nonce(&env, me).await.unwrap(),
        2,
        "two transactions in all: drip and liquidate"
    );
    env.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keeper_binary_killed_and_restarted_does_not_double_send() {
    let mut env = Env::start().await.unwrap();
    let signer = keeper_account(&mut env, U256::ZERO).await.unwrap();
    let me = signer.address();
    let (_, id) = risky_position(&mut env, "risky").await.unwrap();
    let dir = std::env::temp_dir().join(format!("aid-keeper-test-{}", std::process::id()));
    env.book.write(&dir).unwrap();
    env.advance(300 * DAY).await.unwrap();
    let run = |dry: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_aid-keeper"));
        c.args(["--rpc-url", env.url(), "--deployments"])
            .arg(&dir)
            .args(["--once", "--metrics-addr", "off"])
            .env(
                "PRIVATE_KEY",
                format!("0x{}", alloy::hex::encode(signer.to_bytes())),
            );
        if dry {
            c.arg("--dry-run");
        }
        c.output().unwrap()
    };
    let out = run(true);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("dry run: would send"), "{log}");
    assert_eq!(nonce(&env, me).await.unwrap(), 0, "a dry run sends nothing");

    let out = run(false);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains(&format!("liquidate {id}")), "{log}");
    let sent = nonce(&env, me).await.unwrap();
    assert_eq!(sent, 2, "drip and liquidate");

    let out = run(false);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(log.contains("auctions 1"), "{log}");
    assert_eq!(
        nonce(&env, me).await.unwrap(),
        sent,
        "the restarted keeper sends nothing again"
    );
    let _ = std::fs::remove_dir_all(&dir);
    env.stop().await;
}

#[tokio::test]
async fn a_refused_action_is_logged_with_its_error_and_not_retried_blindly() {
    let mut env = Env::start().await.unwrap();
    let signer = keeper_account(&mut env, U256::ZERO).await.unwrap();
    let me = signer.address();
    // A margin above the programs' whole life: the keeper tries keepalives ArbWasm refuses as
    // too soon (a keepalive needs a program at least 31 days old).
    let pol = Policy {
        keepalive_margin: 400 * DAY,
        ..policy()
    };
    let url = env.url().to_string();
    let mut k = keeper(&env, &url, signer, pol).await.unwrap();
    let s = k.step().await.unwrap();
    assert_eq!(s.failed.len(), 5, "{s}");
    assert!(
        s.failed
            .iter()
            .all(|f| f.contains(": ArbWasm: program keepalive too soon: age in seconds ")),
        "{s}"
    );
    assert!(s.sent.is_empty());
    assert!(k
        .metrics
        .render()
        .contains("aid_keeper_actions_failed_total 5\n"));
    // Not retried for retry_after_blocks (3) blocks, then tried once more.
    for _ in 0..2 {
        env.advance(1).await.unwrap();
        let s = k.step().await.unwrap();
        assert!(s.failed.is_empty() && s.sent.is_empty(), "{s}");
    }
    env.advance(1).await.unwrap();
    assert_eq!(k.step().await.unwrap().failed.len(), 5);
    assert_eq!(
        nonce(&env, me).await.unwrap(),
        0,
        "nothing refused was ever sent"
    );
    env.stop().await;
}

#[tokio::test]
async fn a_transaction_the_node_never_got_is_replaced_with_the_same_nonce() {
    let mut env = Env::start().await.unwrap();
    let signer = keeper_account(&mut env, U256::ZERO).await.unwrap();
    let me = signer.address();
    risky_position(&mut env, "risky").await.unwrap();
    // Every broadcast attempt of the first signed drip (8) and of the first re-broadcast is lost.
    let proxy = LossyProxy::start(env.url(), 0, 10).await.unwrap();
    let mut k = keeper(&env, &proxy.url, signer, policy()).await.unwrap();
    k.sender.replace_after = Duration::ZERO;
    env.advance(2 * DAY).await.unwrap();
    let fees = env.provider.estimate_eip1559_fees().await.unwrap();
    let s = k.step().await.unwrap();
    assert_eq!(s.sent, vec!["drip H100-SXM5-80GB".to_string()], "{s}");
    assert_eq!(
        proxy
            .stats
            .swallowed
            .load(std::sync::atomic::Ordering::SeqCst),
        10
    );
    let drips = events::<IAidMinter::Dripped>(&env, *env.minter.address()).await;
    assert_eq!(drips.len(), 1, "one drip");
    assert_eq!(nonce(&env, me).await.unwrap(), 1, "one nonce used");
    let hash = drips[0].0.transaction_hash.unwrap();
    let tx = env
        .provider
        .get_transaction_by_hash(hash)
        .await
        .unwrap()
        .unwrap();
    use alloy::consensus::Transaction as _;
    assert!(
        tx.max_fee_per_gas() > fees.max_fee_per_gas,
        "the mined one is the replacement, with higher fees: {} vs {}",
        tx.max_fee_per_gas(),
        fees.max_fee_per_gas
    );
    env.stop().await;
}
