//! The deploy tool's result on a real chain: address book, links read back, every interface
//! function routed by the real WASM.

use aid_deploy::{
    book::AddressBook,
    deploy,
    protocol::{Contract, Holder},
};
use aid_integration::{send, Env};
use alloy::{
    dyn_abi::{DynSolType, DynSolValue, FunctionExt, JsonAbiExt, Specifier},
    network::TransactionBuilder,
    primitives::{Address, Bytes, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
};

#[tokio::test]
async fn deployment_writes_a_verified_address_book() {
    let env = Env::start().await.unwrap();
    let book = &env.book;
    assert_eq!(book.contracts.len(), 5);
    for (name, entry) in &book.contracts {
        let code = env.provider.get_code_at(entry.address).await.unwrap();
        assert_eq!(code.len(), entry.code_bytes, "{name}");
        assert_eq!(
            &code[..4],
            &[0xEF, 0xF0, 0x00, 0x00],
            "{name} is not a Stylus program"
        );
        assert!(entry.code_bytes <= 24_576, "{name} is over the code limit");
    }
    assert_eq!(book.chain_id, env.provider.get_chain_id().await.unwrap());
    assert_eq!(book.roles[&Holder::Admin], env.deployer);
    assert!(book.complete, "a finished deployment is marked complete");

    let dir = std::env::temp_dir().join(format!("aid-book-{}", std::process::id()));
    let path = book.write(&dir).unwrap();
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        format!("{}.json", book.chain_id)
    );
    assert_eq!(&AddressBook::read(&dir, book.chain_id).unwrap(), book);
    std::fs::remove_dir_all(dir).ok();
    env.stop().await;
}

#[tokio::test]
async fn verification_names_a_link_changed_after_deployment() {
    let mut env = Env::start().await.unwrap();
    deploy::verify(&env.provider, &env.book, &env.config)
        .await
        .unwrap();
    let stranger = env.actor().await.unwrap();
    send(env.liquidator.setTreasury(stranger).from(env.deployer))
        .await
        .unwrap();
    let err = deploy::verify(&env.provider, &env.book, &env.config)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("liquidator: treasury differs"), "{err}");
    env.stop().await;
}

/// A zero value of any ABI type.
fn zero(ty: &DynSolType) -> DynSolValue {
    match ty {
        DynSolType::Bool => DynSolValue::Bool(false),
        DynSolType::Int(n) => DynSolValue::Int(Default::default(), *n),
        DynSolType::Uint(n) => DynSolValue::Uint(U256::ZERO, *n),
        DynSolType::FixedBytes(n) => DynSolValue::FixedBytes(Default::default(), *n),
        DynSolType::Address => DynSolValue::Address(Address::ZERO),
        DynSolType::Bytes => DynSolValue::Bytes(vec![]),
        DynSolType::String => DynSolValue::String(String::new()),
        DynSolType::Array(_) => DynSolValue::Array(vec![]),
        DynSolType::FixedArray(t, n) => DynSolValue::FixedArray(vec![zero(t); *n]),
        DynSolType::Tuple(ts) => DynSolValue::Tuple(ts.iter().map(zero).collect()),
        other => panic!("no zero value for {other}"),
    }
}

/// Every function of every interface is routed by the deployed program: called with zero
/// arguments it either returns output that decodes with the interface's types, or reverts with a
/// custom error. An unknown selector (or a trap) reverts with empty data, which fails this test.
#[tokio::test]
async fn every_interface_function_is_routed_by_the_real_contract() {
    let env = Env::start().await.unwrap();
    let targets = [
        ("IGpuRegistry", Contract::GpuRegistry),
        ("IAidToken", Contract::AidToken),
        ("IAidMinter", Contract::AidMinter),
        ("ISAidVault", Contract::SAidVault),
        ("IAidLiquidator", Contract::AidLiquidator),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for (iface, name) in targets {
        let abi = aid_interfaces::abis()
            .into_iter()
            .find(|(n, _)| *n == iface)
            .unwrap()
            .1;
        let to = env.book.address(name).unwrap();
        for f in abi.functions() {
            let args: Vec<DynSolValue> = f
                .inputs
                .iter()
                .map(|p| zero(&p.resolve().unwrap()))
                .collect();
            let data: Bytes = f.abi_encode_input(&args).unwrap().into();
            let tx = TransactionRequest::default()
                .with_from(env.deployer)
                .with_to(to)
                .with_input(data);
            checked += 1;
            match env.provider.call(tx).await {
                Ok(out) => {
                    if let Err(e) = f.abi_decode_output(&out) {
                        failures.push(format!(
                            "{iface}.{}: output does not decode: {e}",
                            f.signature()
                        ));
                    }
                }
                Err(e) => {
                    let data = e.as_error_resp().and_then(|r| r.as_revert_data());
                    match data {
                        Some(d) if !d.is_empty() => {}
                        _ => failures.push(format!(
                            "{iface}.{}: reverted without a custom error: {e}",
                            f.signature()
                        )),
                    }
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} functions checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} functions:\n{}",
        failures.len(),
        failures.join("\n")
    );
    env.stop().await;
}
