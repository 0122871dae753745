//! JSON-RPC errors: the standard codes and the Ethereum ones clients match on.

use alloy_primitives::{hex, Bytes};
use serde_json::{json, Value};
use std::fmt;

/// Invalid JSON was received.
pub const PARSE_ERROR: i64 = -32700;
/// The JSON sent is not a valid request object.
pub const INVALID_REQUEST: i64 = -32600;
/// The method does not exist.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// Invalid method parameters.
pub const INVALID_PARAMS: i64 = -32602;
/// Internal JSON-RPC error.
pub const INTERNAL_ERROR: i64 = -32603;
/// Server error: what geth answers for rejected transactions and unavailable data.
pub const SERVER_ERROR: i64 = -32000;
/// Execution reverted (the revert data is in `data`).
pub const EXECUTION_REVERTED: i64 = 3;

/// A JSON-RPC error object.
#[derive(Debug, Clone, PartialEq)]
pub struct RpcError {
    /// Error code.
    pub code: i64,
    /// Message.
    pub message: String,
    /// Optional data (revert data as a hex string for [`EXECUTION_REVERTED`]).
    pub data: Option<Value>,
}

impl RpcError {
    /// An error with a code and message.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            data: None,
        }
    }

    /// `-32600`.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        Self::new(INVALID_REQUEST, message)
    }

    /// `-32602`.
    pub fn invalid_params(message: impl Into<String>) -> Self {
        Self::new(INVALID_PARAMS, message)
    }

    /// `-32000`.
    pub fn server(message: impl Into<String>) -> Self {
        Self::new(SERVER_ERROR, message)
    }

    /// `-32603`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(INTERNAL_ERROR, message)
    }

    /// `-32601` for `method`.
    pub fn method_not_found(method: &str) -> Self {
        Self::new(
            METHOD_NOT_FOUND,
            format!("the method {method} does not exist/is not available"),
        )
    }

    /// Code 3, "execution reverted", with the revert data (and the reason when it is an
    /// `Error(string)`, as geth words it).
    pub fn reverted(output: &Bytes) -> Self {
        use alloy_sol_types::SolError;
        let message = match alloy_sol_types::Revert::abi_decode(output) {
            Ok(r) => format!("execution reverted: {}", r.reason),
            Err(_) => "execution reverted".to_string(),
        };
        Self {
            code: EXECUTION_REVERTED,
            message,
            data: Some(Value::String(hex::encode_prefixed(output))),
        }
    }

    /// The error as a JSON object.
    pub fn to_json(&self) -> Value {
        match &self.data {
            Some(d) => json!({ "code": self.code, "message": self.message, "data": d }),
            None => json!({ "code": self.code, "message": self.message }),
        }
    }
}

impl fmt::Display for RpcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for RpcError {}

/// Rewords a transaction rejection in the words of geth, which clients and tools match on.
pub fn geth_tx_error(message: &str) -> String {
    let m = message
        .strip_prefix("invalid transaction: ")
        .unwrap_or(message);
    let lower = m.to_ascii_lowercase();
    let prefix = if lower.contains("too high") && lower.contains("nonce") {
        "nonce too high"
    } else if lower.contains("too low") && lower.contains("nonce") {
        "nonce too low"
    } else if lower.contains("lack of funds") || lower.contains("out of funds") {
        "insufficient funds for gas * price + value"
    } else if lower.contains("call gas cost") || lower.contains("gas floor") {
        "intrinsic gas too low"
    } else if lower.contains("exceeds the block gas limit")
        || lower.contains("greater than the cap")
    {
        "exceeds block gas limit"
    } else if lower.contains("less than basefee") {
        "max fee per gas less than block base fee"
    } else if lower.contains("senders with deployed code") {
        "sender not an eoa"
    } else {
        return m.to_string();
    };
    if lower.starts_with(prefix) {
        m.to_string()
    } else {
        format!("{prefix}: {m}")
    }
}
