//! `ArbGasInfo` (0x6c): the gas prices clients read, with the dev chain's values.
//!
//! The node charges no L1 data fee, so every L1 component is 0; the L2 price is the block's base
//! fee, which is also the minimum (no congestion). The formulas are Nitro's
//! (`precompiles/ArbGasInfo.go`, ArbOS ≥ 4): storage is priced at 20,000 gas per slot.

use super::{done, error_string, reverted};
use crate::evm::DevContext;
use alloy_primitives::U256;
use alloy_sol_types::{sol, SolCall, SolInterface};
use revm::interpreter::{CallInputs, InterpreterResult};

sol! {
    /// Arbitrum's `ArbGasInfo` precompile (the read methods clients call).
    #[derive(Debug, PartialEq, Eq)]
    interface ArbGasInfo {
        /// Prices in wei: per L2 transaction, per L1 calldata byte, per storage slot, per gas
        /// (base, congestion, total).
        function getPricesInWei() external view returns (uint256, uint256, uint256, uint256, uint256, uint256);
        /// The same, for an aggregator (the dev chain has one price).
        function getPricesInWeiWithAggregator(address aggregator) external view returns (uint256, uint256, uint256, uint256, uint256, uint256);
        /// Prices in gas: per L2 transaction, per L1 calldata byte, per storage slot.
        function getPricesInArbGas() external view returns (uint256, uint256, uint256);
        /// The same, for an aggregator.
        function getPricesInArbGasWithAggregator(address aggregator) external view returns (uint256, uint256, uint256);
        /// Minimum gas price (the minimum base fee).
        function getMinimumGasPrice() external view returns (uint256);
        /// Estimated L1 base fee (0: the dev chain prices no L1 data).
        function getL1BaseFeeEstimate() external view returns (uint256);
        /// Estimated L1 gas price (0).
        function getL1GasPriceEstimate() external view returns (uint256);
        /// L1 fees the current transaction pays (0).
        function getCurrentTxL1GasFees() external view returns (uint256);
    }
}

/// ArbOS storage gas per slot (`storage.StorageWriteCost`).
pub const STORAGE_ARB_GAS: u64 = 20_000;
/// Gas of a read method.
const READ_GAS: u64 = 800;

pub(crate) fn run(ctx: &mut DevContext, inputs: &CallInputs) -> InterpreterResult {
    let limit = inputs.gas_limit;
    let input = inputs.input.as_bytes(&*ctx).to_vec();
    let Ok(call) = ArbGasInfo::ArbGasInfoCalls::abi_decode(&input) else {
        return reverted(limit, 0, error_string("ArbGasInfo: unknown method"));
    };
    if !inputs.value.get().is_zero() {
        return reverted(limit, 0, error_string("ArbGasInfo: method is not payable"));
    }
    let base_fee = U256::from(ctx.block.basefee);
    let storage = base_fee * U256::from(STORAGE_ARB_GAS);
    let zero = U256::ZERO;
    let prices = (zero, zero, storage, base_fee, zero, base_fee);
    let gas_prices = (zero, zero, U256::from(STORAGE_ARB_GAS));
    use ArbGasInfo::ArbGasInfoCalls as M;
    let out = match call {
        M::getPricesInWei(_) => ArbGasInfo::getPricesInWeiCall::abi_encode_returns_tuple(&prices),
        M::getPricesInWeiWithAggregator(_) => {
            ArbGasInfo::getPricesInWeiWithAggregatorCall::abi_encode_returns_tuple(&prices)
        }
        M::getPricesInArbGas(_) => {
            ArbGasInfo::getPricesInArbGasCall::abi_encode_returns_tuple(&gas_prices)
        }
        M::getPricesInArbGasWithAggregator(_) => {
            ArbGasInfo::getPricesInArbGasWithAggregatorCall::abi_encode_returns_tuple(&gas_prices)
        }
        M::getMinimumGasPrice(_) => {
            ArbGasInfo::getMinimumGasPriceCall::abi_encode_returns(&base_fee)
        }
        M::getL1BaseFeeEstimate(_) => {
            ArbGasInfo::getL1BaseFeeEstimateCall::abi_encode_returns(&zero)
        }
        M::getL1GasPriceEstimate(_) => {
            ArbGasInfo::getL1GasPriceEstimateCall::abi_encode_returns(&zero)
        }
        M::getCurrentTxL1GasFees(_) => {
            ArbGasInfo::getCurrentTxL1GasFeesCall::abi_encode_returns(&zero)
        }
    };
    done(limit, READ_GAS, out.into())
}
