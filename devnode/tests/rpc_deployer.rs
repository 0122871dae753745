//! The `StylusDeployer` factory over RPC, with the real aid-token program and its constructor.

mod rpc_common;

use alloy::network::TransactionBuilder;
use alloy::primitives::{b256, keccak256, Address, Bytes, B256, U256};
use alloy::providers::Provider;
use alloy::rpc::types::TransactionRequest;
use alloy::sol_types::{SolCall, SolError};
use rpc_common::*;

fn revert_data(err: alloy::contract::Error) -> Bytes {
    err.as_revert_data()
        .unwrap_or_else(|| panic!("not a revert: {err}"))
}

fn deploy_call(
    bytecode: Vec<u8>,
    init: Bytes,
    init_value: U256,
    salt: B256,
) -> IStylusDeployer::deployCall {
    IStylusDeployer::deployCall {
        bytecode: bytecode.into(),
        initData: init,
        initValue: init_value,
        salt,
    }
}

#[tokio::test]
async fn deploys_activates_and_constructs_aid_token() {
    let Some(wasm) = aid_token_wasm() else { return };
    let server = start().await;
    let p = provider(&server);
    let deployer_key = account(1);
    let admin = account(2).address();
    let before = p.get_balance(deployer_key.address()).await.unwrap();

    let token = deploy_aid_token(&server, deployer_key.clone(), admin).await;

    // The code is the program, activated under the current Stylus version.
    let code = p.get_code_at(token).await.unwrap();
    assert_eq!(code.as_ref(), stylus_program::encode(&wasm).as_slice());
    let arb_wasm = IArbWasm::new(devnode::precompiles::ARB_WASM, &p);
    assert_eq!(arb_wasm.programVersion(token).call().await.unwrap(), 2);
    let deployer = IStylusDeployer::new(devnode::STYLUS_DEPLOYER, &p);
    assert!(!deployer.requiresActivation(token).call().await.unwrap());
    // The constructor ran with the admin argument (not the factory).
    let t = IToken::new(token, &p);
    assert!(t.hasRole(minter_admin_role(), admin).call().await.unwrap());
    assert!(!t
        .hasRole(minter_admin_role(), devnode::STYLUS_DEPLOYER)
        .call()
        .await
        .unwrap());
    // The excess value came back: the sender paid gas and the data fee only, and the factory
    // keeps nothing.
    let after = p.get_balance(deployer_key.address()).await.unwrap();
    assert!(
        before - after < U256::from(devnode::ETHER / 10),
        "spent {}",
        before - after
    );
    assert_eq!(
        p.get_balance(devnode::STYLUS_DEPLOYER).await.unwrap(),
        U256::ZERO
    );
    // CREATE from the factory's own nonce (1 for a deployed contract).
    assert_eq!(token, devnode::STYLUS_DEPLOYER.create(1));

    // The token works over RPC: the admin configures a minter, which mints; holders transfer.
    let minter = account(3);
    let admin_p = wallet_provider(&server, account(2));
    IToken::new(token, &admin_p)
        .configureMinter(minter.address(), U256::from(1_000_000u64))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let minter_p = wallet_provider(&server, minter.clone());
    let r = IToken::new(token, &minter_p)
        .mint(minter.address(), U256::from(500))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(r.status());
    let r = IToken::new(token, &minter_p)
        .transfer(admin, U256::from(200))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    let transfer = r.inner.logs()[0].log_decode::<IToken::Transfer>().unwrap();
    assert_eq!(transfer.inner.data.value, U256::from(200));
    assert_eq!(t.balanceOf(admin).call().await.unwrap(), U256::from(200));
    assert_eq!(
        t.balanceOf(minter.address()).call().await.unwrap(),
        U256::from(300)
    );

    // A transfer beyond the balance reverts with the token's custom error, over eth_call and as
    // a failed receipt.
    let err = IToken::new(token, &minter_p)
        .transfer(admin, U256::from(10_000))
        .call()
        .await
        .unwrap_err();
    let data = revert_data(err);
    let e = IToken::ERC20InsufficientBalance::abi_decode(&data).unwrap();
    assert_eq!(e.balance, U256::from(300));

    // The same code again: already activated, so no value is needed.
    let second = deployer_again(&server, &wasm, admin).await;
    assert_ne!(second, token);
    server.stop().await.unwrap();
}

async fn deployer_again(
    server: &devnode::rpc::ServerHandle,
    wasm: &[u8],
    admin: Address,
) -> Address {
    let p = wallet_provider(server, account(4));
    // Through the factory address of Nitro's test node this time.
    let deployer = IStylusDeployer::new(devnode::deployer::STYLUS_DEPLOYER_NITRO_DEV, &p);
    let call = deploy_call(
        devnode::deploy_init_code(&stylus_program::encode(wasm)),
        constructor_calldata(admin),
        U256::ZERO,
        B256::ZERO,
    );
    let receipt = deployer
        .call_builder(&call)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    receipt
        .inner
        .logs()
        .iter()
        .find_map(|l| l.log_decode::<IStylusDeployer::ContractDeployed>().ok())
        .unwrap()
        .inner
        .data
        .deployedContract
}

#[tokio::test]
async fn create2_salt_is_mixed_with_init_data() {
    let Some(wasm) = aid_token_wasm() else { return };
    let server = start().await;
    let p = wallet_provider(&server, account(1));
    let admin = account(2).address();
    let init_code = devnode::deploy_init_code(&stylus_program::encode(&wasm));
    let init = constructor_calldata(admin);
    let salt = b256!("00000000000000000000000000000000000000000000000000000000000000aa");
    let deployer = IStylusDeployer::new(devnode::STYLUS_DEPLOYER, &p);
    let call = deploy_call(init_code.clone(), init.clone(), U256::ZERO, salt);
    let predicted = devnode::STYLUS_DEPLOYER.create2(
        devnode::deployer::init_salt(salt, &init),
        keccak256(&init_code),
    );
    // eth_call returns the address the transaction will deploy to.
    let simulated = deployer
        .call_builder(&call)
        .value(U256::from(devnode::ETHER))
        .call()
        .await
        .unwrap();
    assert_eq!(simulated, predicted);
    let receipt = deployer
        .call_builder(&call)
        .value(U256::from(devnode::ETHER))
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(receipt.status());
    assert!(!p.get_code_at(predicted).await.unwrap().is_empty());
    // The same salt and init data again collide: the creation fails.
    let err = deployer.call_builder(&call).call().await.unwrap_err();
    let data = revert_data(err);
    let e = IStylusDeployer::ContractDeploymentError::abi_decode(&data).unwrap();
    assert_eq!(e.bytecode.as_ref(), init_code.as_slice());
    server.stop().await.unwrap();
}

#[tokio::test]
async fn factory_errors() {
    let Some(wasm) = aid_token_wasm() else { return };
    let server = start().await;
    let p = wallet_provider(&server, account(1));
    let deployer = IStylusDeployer::new(devnode::STYLUS_DEPLOYER, &p);
    let init_code = devnode::deploy_init_code(&stylus_program::encode(&wasm));
    let one_eth = U256::from(devnode::ETHER);

    // Empty bytecode.
    let err = deployer
        .call_builder(&deploy_call(vec![], Bytes::new(), U256::ZERO, B256::ZERO))
        .call()
        .await
        .unwrap_err();
    assert_eq!(
        revert_data(err),
        IStylusDeployer::EmptyBytecode {}.abi_encode()
    );

    // initValue without initData.
    let call = deploy_call(init_code.clone(), Bytes::new(), U256::from(1), B256::ZERO);
    let err = deployer
        .call_builder(&call)
        .value(one_eth)
        .call()
        .await
        .unwrap_err();
    assert_eq!(
        revert_data(err),
        IStylusDeployer::InitValueButNotInitData {}.abi_encode()
    );

    // The constructor refuses the zero admin: its error comes back wrapped.
    let call = deploy_call(
        init_code.clone(),
        constructor_calldata(Address::ZERO),
        U256::ZERO,
        B256::ZERO,
    );
    let err = deployer
        .call_builder(&call)
        .value(one_eth)
        .call()
        .await
        .unwrap_err();
    let e = IStylusDeployer::ContractInitializationError::abi_decode(&revert_data(err)).unwrap();
    assert_eq!(e.newContract, devnode::STYLUS_DEPLOYER.create(1));
    assert_eq!(
        e.data,
        IToken::InvalidAdmin {
            admin: Address::ZERO
        }
        .abi_encode()
    );
    // As a transaction it is a failed receipt, and nothing is deployed.
    let receipt = deployer
        .call_builder(&call)
        .value(one_eth)
        .gas(30_000_000)
        .send()
        .await
        .unwrap()
        .get_receipt()
        .await
        .unwrap();
    assert!(!receipt.status());
    assert!(p
        .get_code_at(devnode::STYLUS_DEPLOYER.create(1))
        .await
        .unwrap()
        .is_empty());

    // No value for the data fee: ArbWasm's error bubbles up.
    let call = deploy_call(
        init_code.clone(),
        constructor_calldata(Address::repeat_byte(1)),
        U256::ZERO,
        B256::ZERO,
    );
    let err = deployer.call_builder(&call).call().await.unwrap_err();
    let data = revert_data(err);
    assert_eq!(
        &data[..4],
        &keccak256("ProgramInsufficientValue(uint256,uint256)")[..4]
    );

    // Plain EVM init code deploys but cannot be activated: ArbWasm's ProgramNotWasm bubbles up.
    let evm = devnode::chain::init_code_returning(&[0x00]).to_vec();
    let err = deployer
        .call_builder(&deploy_call(evm, Bytes::new(), U256::ZERO, B256::ZERO))
        .call()
        .await
        .unwrap_err();
    assert_eq!(
        revert_data(err).as_ref(),
        &keccak256("ProgramNotWasm()")[..4]
    );

    // Sending to the factory without a method reverts; estimates work for deployments.
    let plain = TransactionRequest::default()
        .with_to(devnode::STYLUS_DEPLOYER)
        .with_input(Bytes::from_static(&[1, 2, 3]));
    assert!(p.call(plain).await.is_err());
    let call = deploy_call(
        init_code,
        constructor_calldata(Address::repeat_byte(1)),
        U256::ZERO,
        B256::ZERO,
    );
    let gas = p
        .estimate_gas(
            TransactionRequest::default()
                .with_from(account(1).address())
                .with_to(devnode::STYLUS_DEPLOYER)
                .with_value(one_eth)
                .with_input(call.abi_encode()),
        )
        .await
        .unwrap();
    assert!(gas > 1_000_000, "{gas}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn refund_to_a_contract_that_refuses_value_fails() {
    let Some(wasm) = aid_token_wasm() else { return };
    let server = start().await;
    let p = provider(&server);
    // A caller contract that forwards its calldata to the factory with all its value, and
    // reverts when sent value without calldata (so it refuses the refund).
    // Code: if calldatasize == 0 revert; else call(gas, factory, callvalue, 0..calldatasize) and
    // return/revert with the result.
    let factory = devnode::STYLUS_DEPLOYER;
    let mut code = vec![0x36, 0x15, 0x60, 0x00, 0x57]; // CALLDATASIZE ISZERO PUSH1 <revert> JUMPI (patched)
    code.extend_from_slice(&[0x36, 0x60, 0x00, 0x60, 0x00, 0x37]); // CALLDATACOPY(0, 0, size)
    code.extend_from_slice(&[0x60, 0x00, 0x60, 0x00, 0x36, 0x60, 0x00, 0x34, 0x73]); // out 0,0 in 0,size value
    code.extend_from_slice(factory.as_slice());
    code.extend_from_slice(&[0x5a, 0xf1]); // GAS CALL
    code.extend_from_slice(&[0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e]); // RETURNDATACOPY(0, 0, size)
    code.extend_from_slice(&[0x60, 0x00, 0x57]); // PUSH1 <ok> JUMPI (patched)
    code.extend_from_slice(&[0x3d, 0x60, 0x00, 0xfd]); // REVERT(0, returndatasize)
    let ok = code.len();
    code.extend_from_slice(&[0x5b, 0x3d, 0x60, 0x00, 0xf3]); // JUMPDEST RETURN(0, returndatasize)
    let revert = code.len();
    code.extend_from_slice(&[0x5b, 0x60, 0x00, 0x60, 0x00, 0xfd]); // JUMPDEST REVERT(0, 0)
    code[3] = revert as u8;
    let patch = code.iter().rposition(|b| *b == 0x57).unwrap() - 1;
    code[patch] = ok as u8;
    let caller = Address::repeat_byte(0xca);
    server
        .node()
        .with_chain(|c| c.set_code(caller, code.into()));

    let init_code = devnode::deploy_init_code(&stylus_program::encode(&wasm));
    let call = deploy_call(
        init_code,
        constructor_calldata(Address::repeat_byte(1)),
        U256::ZERO,
        B256::ZERO,
    );
    let tx = TransactionRequest::default()
        .with_from(account(1).address())
        .with_to(caller)
        .with_value(U256::from(devnode::ETHER))
        .with_input(call.abi_encode());
    let err = p.call(tx).await.unwrap_err();
    let data: Bytes =
        serde_json::from_str(err.as_error_resp().unwrap().data.as_ref().unwrap().get()).unwrap();
    let e = IStylusDeployer::RefundExcessValueError::abi_decode(&data).unwrap();
    assert!(e.excessValue > U256::ZERO && e.excessValue < U256::from(devnode::ETHER));
    server.stop().await.unwrap();
}
