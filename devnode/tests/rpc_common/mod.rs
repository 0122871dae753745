//! Helpers shared by the RPC tests: a server on an ephemeral loopback port, providers, signing,
//! and the aid-token program.
#![allow(dead_code)]

use alloy::consensus::{SignableTransaction, TxEnvelope};
use alloy::eips::eip2718::Encodable2718;
use alloy::network::TxSignerSync;
use alloy::primitives::{keccak256, Address, Bytes, U256};
use alloy::providers::{Provider, ProviderBuilder, RootProvider};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol;
use alloy::sol_types::SolValue;
use devnode::rpc::{dev_accounts, serve, RpcConfig, ServerHandle};
use std::path::PathBuf;

sol! {
    #[sol(rpc)]
    interface IToken {
        function balanceOf(address account) external view returns (uint256);
        function transfer(address to, uint256 value) external returns (bool);
        function configureMinter(address minter, uint256 allowance) external;
        function mint(address to, uint256 amount) external;
        function hasRole(bytes32 role, address account) external view returns (bool);
        function totalSupply() external view returns (uint256);
        event Transfer(address indexed from, address indexed to, uint256 value);
        error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed);
        error InvalidAdmin(address admin);
    }

    #[sol(rpc)]
    interface IStylusDeployer {
        event ContractDeployed(address deployedContract);
        error ContractDeploymentError(bytes bytecode);
        error ContractInitializationError(address newContract, bytes data);
        error RefundExcessValueError(uint256 excessValue);
        error EmptyBytecode();
        error InitValueButNotInitData();
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt)
            external payable returns (address);
        function initSalt(bytes32 salt, bytes calldata initData) external pure returns (bytes32);
        function requiresActivation(address addr) external view returns (bool);
    }

    #[sol(rpc)]
    interface IArbWasm {
        function stylusVersion() external view returns (uint16 version);
        function programVersion(address program) external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
    }

    #[sol(rpc)]
    interface IArbSys {
        function arbBlockNumber() external view returns (uint256);
        function arbChainID() external view returns (uint256);
    }
}

/// A config for tests: ephemeral port, manual time (reproducible timestamps).
pub fn config() -> RpcConfig {
    RpcConfig {
        port: 0,
        ..RpcConfig::default()
    }
}

/// Starts a server with [`config`].
pub async fn start() -> ServerHandle {
    serve(config()).await.expect("server starts")
}

/// A provider without wallet or fillers.
pub fn provider(server: &ServerHandle) -> RootProvider {
    ProviderBuilder::new()
        .disable_recommended_fillers()
        .connect_http(server.url().parse().expect("url"))
        .root()
        .clone()
}

/// A provider with alloy's recommended fillers and a wallet of `signer`.
pub fn wallet_provider(server: &ServerHandle, signer: PrivateKeySigner) -> impl Provider + Clone {
    ProviderBuilder::new()
        .wallet(signer)
        .connect_http(server.url().parse().expect("url"))
}

/// Dev account `i` (0 is Nitro's dev key, 1..=10 the test mnemonic).
pub fn account(i: usize) -> PrivateKeySigner {
    dev_accounts()[i].clone()
}

/// Signs a transaction and returns its EIP-2718 bytes.
pub fn sign<T: SignableTransaction<alloy::primitives::Signature>>(
    signer: &PrivateKeySigner,
    mut tx: T,
) -> Bytes
where
    TxEnvelope: From<alloy::consensus::Signed<T>>,
{
    let sig = signer.sign_transaction_sync(&mut tx).expect("sign");
    let envelope: TxEnvelope = tx.into_signed(sig).into();
    envelope.encoded_2718().into()
}

/// Path of the aid-token program built by `scripts/build-contracts.sh aid-token`.
pub fn aid_token_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../contracts/target/wasm/wasm32-unknown-unknown/contract/aid_token.wasm")
}

/// The aid-token WASM, or `None` (with a message saying how to build it) when it is not built.
pub fn aid_token_wasm() -> Option<Vec<u8>> {
    match std::fs::read(aid_token_path()) {
        Ok(w) => Some(w),
        Err(_) => {
            eprintln!(
                "SKIPPED: {} is missing; build it with `scripts/build-contracts.sh aid-token` \
                 (scripts/test.sh builds it before running the tests)",
                aid_token_path().display()
            );
            None
        }
    }
}

/// stylus-sdk constructor calldata: `keccak256("stylus_constructor()")[..4]` ++ abi-encoded args.
pub fn constructor_calldata(admin: Address) -> Bytes {
    let mut data = keccak256("stylus_constructor()")[..4].to_vec();
    data.extend_from_slice(&(admin,).abi_encode_params());
    data.into()
}

/// `keccak256("MINTER_ADMIN_ROLE")`.
pub fn minter_admin_role() -> alloy::primitives::B256 {
    keccak256("MINTER_ADMIN_ROLE")
}

/// Deploys aid-token through the `StylusDeployer` with `admin`, sending 1 ether for the data fee
/// (the excess is refunded); returns the token's address.
pub async fn deploy_aid_token(
    server: &ServerHandle,
    from: PrivateKeySigner,
    admin: Address,
) -> Address {
    let wasm = aid_token_wasm().expect("aid-token wasm");
    let p = wallet_provider(server, from);
    let deployer = IStylusDeployer::new(devnode::STYLUS_DEPLOYER, &p);
    let init_code = devnode::deploy_init_code(&stylus_program::encode(&wasm));
    let call = deployer
        .call_builder(&IStylusDeployer::deployCall {
            bytecode: init_code.into(),
            initData: constructor_calldata(admin),
            initValue: U256::ZERO,
            salt: Default::default(),
        })
        .value(U256::from(devnode::ETHER));
    let receipt = call
        .send()
        .await
        .expect("send deploy")
        .get_receipt()
        .await
        .expect("receipt");
    assert!(receipt.status(), "deploy reverted: {receipt:?}");
    let log = receipt
        .inner
        .logs()
        .iter()
        .find_map(|l| l.log_decode::<IStylusDeployer::ContractDeployed>().ok())
        .expect("ContractDeployed event");
    log.inner.data.deployedContract
}

/// POSTs a JSON-RPC body (a request or a batch) as raw JSON, outside alloy's client, and returns
/// the parsed answer.
pub async fn post_json(url: &str, body: serde_json::Value) -> serde_json::Value {
    let answer = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("post")
        .bytes()
        .await
        .expect("body");
    serde_json::from_slice(&answer).expect("json answer")
}
