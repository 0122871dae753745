//! EIP-2612 permit signed the way a wallet signs it (EIP-712 typed data), on the real AidToken.

use aid_integration::{aid, h100, revert_data, send, token::IAidToken, Env};
use alloy::{
    primitives::{B256, U256},
    signers::{local::PrivateKeySigner, Signer},
    sol,
    sol_types::{eip712_domain, SolError},
};

sol! {
    struct Permit {
        address owner;
        address spender;
        uint256 value;
        uint256 nonce;
        uint256 deadline;
    }
}

#[tokio::test]
async fn permit_signed_as_typed_data_sets_the_allowance_once() {
    let mut env = Env::start().await.unwrap();
    // The owner never sends a transaction: it only signs.
    let owner_key = PrivateKeySigner::random();
    let owner = owner_key.address();
    let spender = env.actor().await.unwrap();
    let chain_id = env.book.chain_id;
    let token = *env.token.address();

    // Give the owner AID through a real borrow by a funded account.
    let borrower = env.actor().await.unwrap();
    let id = env
        .register(borrower, aid(1_000_000), aid(1_000_000), "permit-1")
        .await
        .unwrap();
    send(
        env.registry
            .safeTransferFrom_0(borrower, *env.minter.address(), id)
            .from(borrower),
    )
    .await
    .unwrap();
    send(env.minter.borrow(id, aid(5_000), owner).from(borrower))
        .await
        .unwrap();
    assert_eq!(env.token.balanceOf(owner).call().await.unwrap(), aid(5_000));
    let _ = h100();

    let domain = eip712_domain! {
        name: "AI Dollar",
        version: "1",
        chain_id: chain_id,
        verifying_contract: token,
    };
    assert_eq!(
        env.token.DOMAIN_SEPARATOR().call().await.unwrap(),
        domain.hash_struct()
    );
    let d = env.token.eip712Domain().call().await.unwrap();
    assert_eq!(
        (
            d.name.as_str(),
            d.version.as_str(),
            d.chainId,
            d.verifyingContract
        ),
        ("AI Dollar", "1", U256::from(chain_id), token)
    );

    let now = env.now().await.unwrap();
    let deadline = U256::from(now + 3600);
    let permit = Permit {
        owner,
        spender,
        value: aid(2_000),
        nonce: U256::ZERO,
        deadline,
    };
    let sig = owner_key.sign_typed_data(&permit, &domain).await.unwrap();
    let (v, r, s) = (27 + sig.v() as u8, B256::from(sig.r()), B256::from(sig.s()));

    send(
        env.token
            .permit(owner, spender, aid(2_000), deadline, v, r, s)
            .from(spender),
    )
    .await
    .unwrap();
    assert_eq!(
        env.token.allowance(owner, spender).call().await.unwrap(),
        aid(2_000)
    );
    assert_eq!(env.token.nonces(owner).call().await.unwrap(), U256::from(1));
    send(
        env.token
            .transferFrom(owner, spender, aid(2_000))
            .from(spender),
    )
    .await
    .unwrap();
    assert_eq!(
        env.token.balanceOf(spender).call().await.unwrap(),
        aid(2_000)
    );

    // Replaying the same signature fails: the nonce moved on, so it recovers another signer.
    let data = revert_data(
        env.token
            .permit(owner, spender, aid(2_000), deadline, v, r, s)
            .from(spender),
    )
    .await;
    assert_eq!(&data[..4], IAidToken::ERC2612InvalidSigner::SELECTOR);

    // A signature by someone else fails the same way.
    let mallory = PrivateKeySigner::random();
    let permit = Permit {
        owner,
        spender,
        value: aid(1),
        nonce: U256::from(1),
        deadline,
    };
    let sig = mallory.sign_typed_data(&permit, &domain).await.unwrap();
    let data = revert_data(
        env.token
            .permit(
                owner,
                spender,
                aid(1),
                deadline,
                27 + sig.v() as u8,
                B256::from(sig.r()),
                B256::from(sig.s()),
            )
            .from(spender),
    )
    .await;
    assert_eq!(&data[..4], IAidToken::ERC2612InvalidSigner::SELECTOR);

    // An expired deadline fails with ERC2612ExpiredSignature.
    let past = U256::from(now - 1);
    let permit = Permit {
        owner,
        spender,
        value: aid(1),
        nonce: U256::from(1),
        deadline: past,
    };
    let sig = owner_key.sign_typed_data(&permit, &domain).await.unwrap();
    let data = revert_data(
        env.token
            .permit(
                owner,
                spender,
                aid(1),
                past,
                27 + sig.v() as u8,
                B256::from(sig.r()),
                B256::from(sig.s()),
            )
            .from(spender),
    )
    .await;
    let e = IAidToken::ERC2612ExpiredSignature::abi_decode(&data).unwrap();
    assert_eq!(e.deadline, past);
    env.stop().await;
}
