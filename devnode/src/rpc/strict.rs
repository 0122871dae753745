//! Parameter checks as strict as geth's, made on the raw JSON before the typed parsing: quantities
//! are `0x`-prefixed hex strings without leading zeros, data is `0x`-prefixed hex of even length,
//! addresses and hashes have their exact length, block tags are geth's (`earliest`, `latest`,
//! `pending`, `safe`, `finalized`) or a quantity. Every error names the argument and the field
//! (`invalid argument 0: "gas": hex string without 0x prefix`).
//!
//! Only the `eth_*`, `web3_*` and signing methods, whose parameters geth defines, are checked so:
//! the dev methods (`evm_*`, `anvil_*`, `hardhat_*`) keep the leniency of the tools that defined
//! them (Hardhat sends plain JSON numbers to `evm_increaseTime`).

use super::error::RpcError;
use serde_json::Value;

/// What one parameter (or one field of an object parameter) must be.
#[derive(Clone, Copy)]
enum Kind {
    /// 20 bytes.
    Address,
    /// 32 bytes.
    Hash,
    /// A storage slot: hex of at most 32 bytes, the `0x` optional (geth's `decodeHash`).
    Slot,
    /// Bytes of any length.
    Data,
    /// A quantity of at most this many bits.
    Quantity(u32),
    /// A block tag or number.
    Block,
    /// A block tag, number or hash, or `{ blockNumber }` / `{ blockHash, requireCanonical }`.
    BlockId,
    /// A transaction object (`eth_call`, `eth_estimateGas`, `eth_sendTransaction`).
    Tx,
    /// A log filter.
    Filter,
    /// A boolean.
    Bool,
    /// Checked by the method itself.
    Any,
}

use Kind::*;

impl Kind {
    /// What an argument of this kind is, for errors.
    fn name(self) -> &'static str {
        match self {
            Address => "address",
            Hash => "hash",
            Slot => "storage slot",
            Data => "data",
            Quantity(_) => "quantity",
            Block | BlockId => "block",
            Tx => "transaction",
            Filter => "filter",
            Bool => "flag",
            Any => "value",
        }
    }
}

/// The parameters of the methods checked here.
fn schema(method: &str) -> Option<&'static [Kind]> {
    Some(match method {
        "eth_getBalance" | "eth_getTransactionCount" | "eth_getCode" => &[Address, BlockId],
        "eth_getStorageAt" => &[Address, Slot, BlockId],
        "eth_call" | "eth_estimateGas" => &[Tx, BlockId, Any],
        "eth_sendTransaction" => &[Tx],
        "eth_sendRawTransaction" | "web3_sha3" => &[Data],
        "eth_getTransactionByHash" | "eth_getTransactionReceipt" => &[Hash],
        "eth_getBlockByNumber" => &[Block, Bool],
        "eth_getBlockByHash" => &[Hash, Bool],
        "eth_getBlockTransactionCountByNumber" | "eth_getUncleCountByBlockNumber" => &[Block],
        "eth_getBlockTransactionCountByHash" | "eth_getUncleCountByBlockHash" => &[Hash],
        "eth_getTransactionByBlockNumberAndIndex" => &[Block, Quantity(64)],
        "eth_getTransactionByBlockHashAndIndex" => &[Hash, Quantity(64)],
        "eth_getBlockReceipts" => &[BlockId],
        "eth_getLogs" => &[Filter],
        // The block count is geth's `HexOrDecimal64`: checked by the method.
        "eth_feeHistory" => &[Any, Block, Any],
        "eth_sign" => &[Address, Data],
        "personal_sign" => &[Data, Address, Any],
        "eth_signTypedData_v4" | "eth_signTypedData" => &[Address, Any],
        _ => return None,
    })
}

/// Checks the parameters of `method` (nothing for methods without a schema).
///
/// # Errors
/// `-32602` naming the argument, the field and what is wrong with it.
pub(crate) fn check(method: &str, params: &[Value]) -> Result<(), RpcError> {
    let Some(kinds) = schema(method) else {
        return Ok(());
    };
    for (i, (kind, value)) in kinds.iter().zip(params).enumerate() {
        if value.is_null() {
            continue;
        }
        value_of(*kind, value, "").map_err(|(field, problem)| {
            let at = if field.is_empty() {
                String::new()
            } else {
                format!("\"{field}\": ")
            };
            RpcError::invalid_params(format!(
                "invalid argument {i} ({}): {at}{problem}",
                kind.name()
            ))
        })?;
    }
    Ok(())
}

/// A problem and the field it is in.
type Bad = (String, String);

fn fail<T>(field: &str, problem: impl Into<String>) -> Result<T, Bad> {
    Err((field.to_string(), problem.into()))
}

fn string<'a>(v: &'a Value, field: &str, what: &str) -> Result<&'a str, Bad> {
    match v {
        Value::String(s) => Ok(s),
        _ => fail(field, format!("cannot unmarshal non-string into {what}")),
    }
}

fn hex_digits<'a>(s: &'a str, field: &str) -> Result<&'a str, Bad> {
    let Some(digits) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) else {
        return fail(field, "hex string without 0x prefix");
    };
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return fail(field, format!("invalid hex string {s:?}"));
    }
    Ok(digits)
}

fn quantity(v: &Value, bits: u32, field: &str) -> Result<(), Bad> {
    let s = string(v, field, "a quantity")?;
    let digits = hex_digits(s, field)?;
    if digits.is_empty() {
        return fail(field, "hex string \"0x\"");
    }
    if digits.len() > 1 && digits.starts_with('0') {
        return fail(field, "hex number with leading zero digits");
    }
    if digits.len() > (bits / 4) as usize {
        return fail(field, format!("hex number > {bits} bits"));
    }
    Ok(())
}

fn data(v: &Value, field: &str) -> Result<usize, Bad> {
    let s = string(v, field, "hex data")?;
    let digits = hex_digits(s, field)?;
    if digits.len() % 2 == 1 {
        return fail(field, "hex string of odd length");
    }
    Ok(digits.len() / 2)
}

fn fixed(v: &Value, bytes: usize, what: &str, field: &str) -> Result<(), Bad> {
    let len = data(v, field)?;
    if len != bytes {
        return fail(
            field,
            format!(
                "hex string has length {}, want {} for {what}",
                2 * len,
                2 * bytes
            ),
        );
    }
    Ok(())
}

fn block(v: &Value, field: &str) -> Result<(), Bad> {
    let s = string(v, field, "a block number or tag")?;
    match s {
        "earliest" | "latest" | "pending" | "safe" | "finalized" => Ok(()),
        _ if !s.starts_with("0x") && !s.starts_with("0X") => fail(
            field,
            format!(
                "invalid block tag {s:?}: want a 0x-prefixed number or earliest, latest, \
                 pending, safe, finalized"
            ),
        ),
        _ => quantity(v, 64, field),
    }
}

fn join(field: &str, inner: &str) -> String {
    if field.is_empty() {
        inner.to_string()
    } else {
        format!("{field}.{inner}")
    }
}

fn object<'a>(
    v: &'a Value,
    field: &str,
    what: &str,
) -> Result<&'a serde_json::Map<String, Value>, Bad> {
    match v {
        Value::Object(o) => Ok(o),
        _ => fail(field, format!("expected {what} object")),
    }
}

fn value_of(kind: Kind, v: &Value, field: &str) -> Result<(), Bad> {
    match kind {
        Address => fixed(v, 20, "an address", field),
        Hash => fixed(v, 32, "a hash", field),
        Slot => {
            let s = string(v, field, "a storage slot")?;
            let digits = s
                .strip_prefix("0x")
                .or_else(|| s.strip_prefix("0X"))
                .unwrap_or(s);
            if digits.len() > 64 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return fail(field, "invalid storage slot: want hex of at most 32 bytes");
            }
            Ok(())
        }
        Data => data(v, field).map(|_| ()),
        Quantity(bits) => quantity(v, bits, field),
        Block => block(v, field),
        BlockId => match v {
            Value::String(s) if s.len() == 66 => fixed(v, 32, "a block hash", field),
            Value::String(_) => block(v, field),
            Value::Object(o) => {
                if o.contains_key("blockNumber") && o.contains_key("blockHash") {
                    return fail(
                        field,
                        "cannot specify both BlockHash and BlockNumber, choose one or the other",
                    );
                }
                if let Some(n) = o.get("blockNumber") {
                    block(n, &join(field, "blockNumber"))?;
                }
                if let Some(h) = o.get("blockHash") {
                    fixed(h, 32, "a hash", &join(field, "blockHash"))?;
                }
                if let Some(c) = o.get("requireCanonical") {
                    value_of(Bool, c, &join(field, "requireCanonical"))?;
                }
                Ok(())
            }
            _ => block(v, field),
        },
        Bool => match v {
            Value::Bool(_) => Ok(()),
            _ => fail(field, "expected true or false"),
        },
        Tx => {
            let o = object(v, field, "a transaction")?;
            for (name, value) in o {
                if value.is_null() {
                    continue;
                }
                let kind = match name.as_str() {
                    "from" | "to" => Address,
                    "gas" | "nonce" | "chainId" | "type" => Quantity(64),
                    "gasPrice" | "maxFeePerGas" | "maxPriorityFeePerGas" | "value" => Quantity(256),
                    "data" | "input" => Data,
                    "accessList" => {
                        access_list(value, &join(field, name))?;
                        continue;
                    }
                    _ => continue,
                };
                value_of(kind, value, &join(field, name))?;
            }
            Ok(())
        }
        Filter => {
            let o = object(v, field, "a filter")?;
            for (name, value) in o {
                if value.is_null() {
                    continue;
                }
                let at = join(field, name);
                match name.as_str() {
                    "fromBlock" | "toBlock" => block(value, &at)?,
                    "blockHash" => fixed(value, 32, "a hash", &at)?,
                    "address" => match value {
                        Value::Array(list) => {
                            for (i, a) in list.iter().enumerate() {
                                fixed(a, 20, "an address", &format!("{at}[{i}]"))?;
                            }
                        }
                        a => fixed(a, 20, "an address", &at)?,
                    },
                    "topics" => {
                        let Value::Array(topics) = value else {
                            return fail(&at, "expected an array of topics");
                        };
                        for (i, t) in topics.iter().enumerate() {
                            let at = format!("{at}[{i}]");
                            match t {
                                Value::Null => {}
                                Value::Array(alternatives) => {
                                    for (j, a) in alternatives.iter().enumerate() {
                                        if !a.is_null() {
                                            fixed(a, 32, "a topic", &format!("{at}[{j}]"))?;
                                        }
                                    }
                                }
                                t => fixed(t, 32, "a topic", &at)?,
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ok(())
        }
        Any => Ok(()),
    }
}

fn access_list(v: &Value, field: &str) -> Result<(), Bad> {
    let Value::Array(items) = v else {
        return fail(field, "expected an array");
    };
    for (i, item) in items.iter().enumerate() {
        let at = format!("{field}[{i}]");
        let o = object(item, &at, "an access list item")?;
        if let Some(a) = o.get("address") {
            fixed(a, 20, "an address", &format!("{at}.address"))?;
        }
        if let Some(Value::Array(keys)) = o.get("storageKeys") {
            for (j, k) in keys.iter().enumerate() {
                fixed(k, 32, "a storage key", &format!("{at}.storageKeys[{j}]"))?;
            }
        }
    }
    Ok(())
}
