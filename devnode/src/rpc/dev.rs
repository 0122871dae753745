//! The methods a dev node adds to Ethereum's: the transaction pool (`txpool_*`), message signing
//! for the dev accounts (`eth_sign`, `personal_sign`, `eth_signTypedData_v4`), impersonation,
//! the automine switch and `anvil_reset`.

use super::error::RpcError;
use super::methods::Params;
use super::node::Node;
use super::ForkConfig;
use alloy::dyn_abi::TypedData;
use alloy::primitives::{Address, Bytes};
use serde_json::{json, Value};

/// What the `anvil_` form of a setter answers (`null`) and what the `hardhat_`/`evm_` form does
/// (`true`), as each tool does.
fn done(method: &str) -> Value {
    if method.starts_with("anvil_") {
        Value::Null
    } else {
        json!(true)
    }
}

/// Runs `method` if it is one of this module's; `None` otherwise.
pub(crate) fn dispatch(node: &Node, method: &str, p: &Params) -> Option<Result<Value, RpcError>> {
    let answer = match method {
        "txpool_status" => p.at_most(0).map(|()| node.txpool(|pool| pool.status())),
        "txpool_content" | "txpool_inspect" => p
            .at_most(0)
            .map(|()| node.txpool(|pool| pool.content(method == "txpool_inspect"))),
        "eth_sign" => (|| {
            p.at_most(2)?;
            let address: Address = p.required(0)?;
            let message: Bytes = p.required(1)?;
            signature(node.sign_message(address, &message)?)
        })(),
        "personal_sign" => (|| {
            // (message, address[, password]): the password of a dev account is ignored.
            p.at_most(3)?;
            let message: Bytes = p.required(0)?;
            let address: Address = p.required(1)?;
            signature(node.sign_message(address, &message)?)
        })(),
        "eth_signTypedData_v4" | "eth_signTypedData" => (|| {
            p.at_most(2)?;
            let address: Address = p.required(0)?;
            // Wallets send the typed data as a JSON string (MetaMask) or as an object.
            let data: TypedData = match p.required::<Value>(1)? {
                Value::String(s) => serde_json::from_str(&s).map_err(|e| {
                    RpcError::invalid_params(format!("invalid argument 1: invalid typed data: {e}"))
                })?,
                v => serde_json::from_value(v).map_err(|e| {
                    RpcError::invalid_params(format!("invalid argument 1: invalid typed data: {e}"))
                })?,
            };
            signature(node.sign_typed_data(address, &data)?)
        })(),
        "anvil_impersonateAccount" | "hardhat_impersonateAccount" => (|| {
            p.at_most(1)?;
            node.impersonate(p.required(0)?, true);
            Ok(done(method))
        })(),
        "anvil_stopImpersonatingAccount" | "hardhat_stopImpersonatingAccount" => (|| {
            p.at_most(1)?;
            node.impersonate(p.required(0)?, false);
            Ok(done(method))
        })(),
        "anvil_autoImpersonateAccount" => (|| {
            p.at_most(1)?;
            node.set_auto_impersonate(p.required(0)?);
            Ok(Value::Null)
        })(),
        "anvil_setAutomine" | "evm_setAutomine" => (|| {
            p.at_most(1)?;
            node.set_automine(p.required(0)?);
            Ok(done(method))
        })(),
        "anvil_getAutomine" | "hardhat_getAutomine" => p
            .at_most(0)
            .map(|()| json!(node.mining() == super::Mining::Auto)),
        "anvil_reset" | "hardhat_reset" => (|| {
            p.at_most(1)?;
            node.reset(reset_fork(p.optional(0)?)?)?;
            Ok(done(method))
        })(),
        _ => return None,
    };
    Some(answer)
}

/// A signature as the signing methods return it: 65 bytes, `r ‖ s ‖ v` with `v` 27 or 28.
fn signature(sig: alloy::primitives::Signature) -> Result<Value, RpcError> {
    Ok(Value::String(alloy::hex::encode_prefixed(sig.as_bytes())))
}

/// The fork `anvil_reset` names: `{ "forking": { "jsonRpcUrl": URL, "blockNumber": N } }`.
fn reset_fork(options: Option<Value>) -> Result<Option<ForkConfig>, RpcError> {
    let bad = |m: &str| RpcError::invalid_params(format!("invalid argument 0: {m}"));
    let Some(options) = options else {
        return Ok(None);
    };
    let Value::Object(mut options) = options else {
        return Err(bad(
            "expected an object { forking: { jsonRpcUrl, blockNumber } }",
        ));
    };
    let forking = match options.remove("forking") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(f)) => f,
        Some(_) => return Err(bad("\"forking\" must be an object")),
    };
    let url = match forking.get("jsonRpcUrl") {
        Some(Value::String(u)) => u.clone(),
        _ => return Err(bad("\"forking.jsonRpcUrl\" must be a URL string")),
    };
    let block = match forking.get("blockNumber") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(
            n.as_u64()
                .ok_or_else(|| bad("\"forking.blockNumber\" must be a block number"))?,
        ),
        Some(Value::String(s)) => Some(
            s.strip_prefix("0x")
                .and_then(|h| u64::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad("\"forking.blockNumber\" must be a 0x-prefixed quantity"))?,
        ),
        Some(_) => return Err(bad("\"forking.blockNumber\" must be a block number")),
    };
    Ok(Some(ForkConfig { url, block }))
}
