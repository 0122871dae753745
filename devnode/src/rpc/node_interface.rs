//! `NodeInterface` (0xc8): Nitro's virtual contract that `eth_call` answers without it having code.
//! The node serves `gasEstimateComponents`, which wallets and SDKs call before a transaction.

use super::error::RpcError;
use super::node::estimate;
use crate::{Chain, StateOverrides, TxRequest};
use alloy_primitives::{address, Address, Bytes, TxKind, U256};
use alloy_sol_types::{sol, SolCall};

/// `NodeInterface`'s address.
pub const NODE_INTERFACE: Address = address!("00000000000000000000000000000000000000C8");

sol! {
    /// The part of Arbitrum's `NodeInterface` the node answers.
    interface NodeInterface {
        /// Gas a transaction needs, of which for L1 data (0 here: the node prices no L1 data),
        /// and the L2 base fee and L1 base fee estimate (0).
        function gasEstimateComponents(address to, bool contractCreation, bytes data) external payable
            returns (uint64 gasEstimate, uint64 gasEstimateForL1, uint256 baseFee, uint256 l1BaseFeeEstimate);
    }
}

/// Answers an `eth_call` to [`NODE_INTERFACE`]; `None` when the input is not a method served here
/// (the call then runs as usual and finds no code).
pub(crate) fn answer(
    chain: &Chain,
    call: &TxRequest,
    overrides: Option<&StateOverrides>,
) -> Option<Result<Bytes, RpcError>> {
    if call.to != TxKind::Call(NODE_INTERFACE) {
        return None;
    }
    let args = NodeInterface::gasEstimateComponentsCall::abi_decode(&call.input).ok()?;
    let inner = TxRequest {
        to: if args.contractCreation {
            TxKind::Create
        } else {
            TxKind::Call(args.to)
        },
        input: args.data,
        ..call.clone()
    };
    Some(
        estimate(chain, &chain.latest_state(), &inner, overrides).map(|gas| {
            let base_fee = U256::from(chain.config().base_fee);
            NodeInterface::gasEstimateComponentsCall::abi_encode_returns_tuple(&(
                gas,
                0u64,
                base_fee,
                U256::ZERO,
            ))
            .into()
        }),
    )
}
