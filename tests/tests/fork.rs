//! The forked-chain suite's own proof: a local chain forking another where the protocol is
//! deployed and in use reads the remote's state, and what it writes never reaches the remote.
//! (The scenarios themselves run on such a fork with `AID_FORK=devnode`, see `aid_integration::fork`.)

use aid_deploy::protocol::Contract;
use aid_integration::{aid, fork, send, Env};
use alloy::providers::{Provider, ProviderBuilder};

#[tokio::test]
async fn a_fork_of_a_populated_deployment_reads_the_remote_and_keeps_its_writes() {
    let up = fork::devnode_upstream().unwrap();
    let populated = up.populated.expect("the suite populated its upstream");
    let remote = ProviderBuilder::new().connect_http(up.url.parse().unwrap());
    let remote_token = aid_integration::token::IAidToken::new(
        up.book.address(Contract::AidToken).unwrap(),
        &remote,
    );
    let supply_before = remote_token.totalSupply().call().await.unwrap();

    let mut env = Env::on_fork(up.clone()).await.unwrap();
    assert!(env.is_fork());
    // Reads come from the remote: the borrower's position and the saver's shares are there.
    let p = env
        .minter
        .position(populated.token_id)
        .call()
        .await
        .unwrap();
    assert_eq!(p.owner, populated.borrower);
    assert!(
        p.debt >= populated.debt,
        "debt {} below {}",
        p.debt,
        populated.debt
    );
    assert_eq!(
        env.vault.balanceOf(populated.saver).call().await.unwrap(),
        populated.shares
    );
    assert_eq!(env.token.totalSupply().call().await.unwrap(), supply_before);

    // Writes stay local: a new loan on the fork, and the borrower repays on the fork.
    let alice = env.actor().await.unwrap();
    env.open(alice, "fork-1", aid(10_000)).await.unwrap();
    assert_eq!(
        env.token.balanceOf(alice).call().await.unwrap(),
        aid(10_000)
    );
    send(
        env.token
            .transfer(populated.borrower, aid(1_000))
            .from(alice),
    )
    .await
    .unwrap();
    assert!(env.token.totalSupply().call().await.unwrap() > supply_before);
    assert_eq!(
        remote_token.totalSupply().call().await.unwrap(),
        supply_before,
        "a write on the fork reached the remote"
    );
    assert_eq!(
        remote_token.balanceOf(alice).call().await.unwrap(),
        alloy::primitives::U256::ZERO
    );
    assert!(remote.get_block_number().await.unwrap() > 0);
    // And the remote's deployer nonce and block are as before every test.
    env.stop().await;
}

#[tokio::test]
async fn a_saved_state_of_a_populated_deployment_is_a_third_way_to_start() {
    let up = fork::devnode_upstream().unwrap();
    let populated = up.populated.unwrap();
    let remote = ProviderBuilder::new().connect_http(up.url.parse().unwrap());
    let state: serde_json::Value = remote
        .raw_request("devnode_dumpState".into(), ())
        .await
        .unwrap();
    let file = std::env::temp_dir().join(format!("aid-populated-{}.json", std::process::id()));
    std::fs::write(&file, serde_json::to_vec(&state).unwrap()).unwrap();

    let mut env = Env::from_state(file.clone(), up.book.clone())
        .await
        .unwrap();
    let p = env
        .minter
        .position(populated.token_id)
        .call()
        .await
        .unwrap();
    assert_eq!(p.owner, populated.borrower);
    assert_eq!(
        env.vault.balanceOf(populated.saver).call().await.unwrap(),
        populated.shares
    );
    let alice = env.actor().await.unwrap();
    env.open(alice, "state-1", aid(10_000)).await.unwrap();
    assert_eq!(
        env.token.balanceOf(alice).call().await.unwrap(),
        aid(10_000)
    );
    env.stop().await;
    std::fs::remove_file(file).ok();
}
