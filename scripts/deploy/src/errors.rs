//! Turning RPC and contract failures into messages an operator can act on.

/// Explains a failed contract call: the decoded custom error when the node returned revert data,
/// otherwise the transport or node error as it came.
pub fn explain(e: &alloy::contract::Error) -> String {
    match e.as_revert_data() {
        Some(data) => format!("reverted: {}", aid_interfaces::describe_revert(&data)),
        None => e.to_string(),
    }
}
