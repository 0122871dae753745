//! An integrator's proof (issue #16, item 5): a Solidity contract written against
//! `interfaces/*.sol` only (`tests/solidity/src/AidVaultAdapter.sol`, compiled with the pinned
//! solc by `tests/solidity/compile.js`, bytecode committed in `tests/solidity/out/`), deployed as
//! EVM bytecode next to the Stylus contracts, stakes AID in sAID for a user and reads a loan's
//! health; the Stylus contracts' errors reach the Solidity caller and bubble up unchanged.

use aid_integration::{
    aid, minter::IAidMinter, revert_data, send, token::IAidToken, vault::ISAidVault, Env,
};
use alloy::{
    primitives::{Address, U256},
    sol_types::{SolError, SolValue},
};

alloy::sol! {
    #[sol(rpc)]
    interface IAidVaultAdapter {
        function aid() external view returns (address);
        function vault() external view returns (address);
        function minter() external view returns (address);
        function stake(uint256 assets) external returns (uint256 shares);
        function isHealthy(uint256 tokenId, uint256 minRatioBps) external view returns (bool healthy, uint256 ratioBps);
        function stakedValue(address user) external view returns (uint256 assets);
        event Staked(address indexed user, uint256 assets, uint256 shares);
        error AdapterLeftover(uint256 amount);
    }
}

/// Deploys the adapter over the environment's token, vault and minter.
async fn deploy_adapter(env: &Env) -> Address {
    let code =
        alloy::hex::decode(include_str!("../solidity/out/AidVaultAdapter.bin").trim()).unwrap();
    let args = (
        *env.token.address(),
        *env.vault.address(),
        *env.minter.address(),
    )
        .abi_encode_params();
    env.deploy_evm(&code, &args)
        .await
        .expect("the adapter deploys")
}

#[tokio::test]
async fn a_solidity_integrator_stakes_aid_and_reads_health_through_the_interfaces() {
    let mut env = Env::start().await.unwrap();
    let alice = env.actor().await.unwrap();
    // A 59,000 AID loan against a 90,000 appraisal: 152.54% collateralised.
    let position = env.open(alice, "integrator-1", aid(59_000)).await.unwrap();
    let adapter = deploy_adapter(&env).await;
    let a = IAidVaultAdapter::new(adapter, env.provider.clone());
    assert_eq!(a.aid().call().await.unwrap(), *env.token.address());
    assert_eq!(a.vault().call().await.unwrap(), *env.vault.address());
    assert_eq!(a.minter().call().await.unwrap(), *env.minter.address());

    // Without an allowance the token's own error reaches the caller through the adapter.
    let data = revert_data(a.stake(aid(1_000)).from(alice)).await;
    let e = IAidToken::ERC20InsufficientAllowance::abi_decode(&data).expect("AID's error");
    assert_eq!(
        (e.spender, e.allowance, e.needed),
        (adapter, U256::ZERO, aid(1_000))
    );

    // Staking: Alice approves the adapter, which deposits for her.
    send(env.token.approve(adapter, aid(1_000)).from(alice))
        .await
        .unwrap();
    let expected = env.vault.previewDeposit(aid(1_000)).call().await.unwrap();
    let before = env.token.balanceOf(alice).call().await.unwrap();
    let r = send(a.stake(aid(1_000)).from(alice)).await.unwrap();
    let staked = r.decoded_log::<IAidVaultAdapter::Staked>().expect("Staked");
    assert_eq!(
        (staked.user, staked.assets, staked.shares),
        (alice, aid(1_000), expected)
    );
    let deposit = r
        .decoded_log::<ISAidVault::Deposit>()
        .expect("the vault's Deposit");
    assert_eq!(
        (deposit.sender, deposit.owner, deposit.assets),
        (adapter, alice, aid(1_000))
    );
    assert_eq!(
        env.vault.balanceOf(alice).call().await.unwrap(),
        expected,
        "the shares are Alice's"
    );
    assert_eq!(
        env.vault.balanceOf(adapter).call().await.unwrap(),
        U256::ZERO
    );
    assert_eq!(
        env.token.balanceOf(adapter).call().await.unwrap(),
        U256::ZERO
    );
    assert_eq!(
        env.token.balanceOf(alice).call().await.unwrap(),
        before - aid(1_000)
    );
    assert_eq!(
        a.stakedValue(alice).call().await.unwrap(),
        env.vault.convertToAssets(expected).call().await.unwrap()
    );

    // Health, with the integrator's own margin, from the minter's `health`.
    let h = env.minter.health(position).call().await.unwrap();
    assert!(h.fresh && !h.liquidatable);
    assert_eq!(h.ratioBps, aid(90_000) * U256::from(10_000) / aid(59_000));
    let at = |bps: u64| a.isHealthy(position, U256::from(bps));
    let ok = at(15_000).call().await.unwrap();
    assert_eq!((ok.healthy, ok.ratioBps), (true, h.ratioBps));
    let strict = at(16_000).call().await.unwrap();
    assert_eq!((strict.healthy, strict.ratioBps), (false, h.ratioBps));

    // A position that does not exist: the minter's NoPosition bubbles up.
    let missing = U256::from(999_999);
    let data = revert_data(a.isHealthy(missing, U256::from(15_000))).await;
    let e = IAidMinter::NoPosition::abi_decode(&data).expect("the minter's error");
    assert_eq!(e.tokenId, missing);
    env.stop().await;
}
