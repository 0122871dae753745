//! `ArbSys` (0x64): the block number and chain id Arbitrum contracts ask for.

use super::{done, error_string, reverted};
use crate::evm::DevContext;
use alloy_primitives::{B256, U256};
use alloy_sol_types::{sol, SolCall, SolInterface};
use revm::context_interface::{Block, JournalTr};
use revm::database_interface::Database;
use revm::interpreter::{CallInputs, InterpreterResult};

sol! {
    /// The subset of Arbitrum's `ArbSys` precompile the local chain serves.
    #[derive(Debug, PartialEq, Eq)]
    interface ArbSys {
        /// Current L2 block number.
        function arbBlockNumber() external view returns (uint256);
        /// Hash of a recent L2 block (the 256 before the current one).
        function arbBlockHash(uint256 arbBlockNum) external view returns (bytes32);
        /// Chain id.
        function arbChainID() external view returns (uint256);
        /// ArbOS version (55 + the ArbOS release number).
        function arbOSVersion() external view returns (uint256);
        /// Gas available for storage (always 0 on Arbitrum).
        function getStorageGasAvailable() external view returns (uint256);
        /// Whether the caller's address was aliased by an L1-to-L2 message (never, locally).
        function wasMyCallersAddressAliased() external view returns (bool);
    }
}

/// Offset `arbOSVersion` adds to the chain's ArbOS version (Arbitrum Classic's releases).
pub const ARBOS_VERSION_OFFSET: u64 = 55;
const READ_GAS: u64 = 100;

pub(crate) fn run(ctx: &mut DevContext, inputs: &CallInputs) -> InterpreterResult {
    let limit = inputs.gas_limit;
    let input = inputs.input.as_bytes(&*ctx).to_vec();
    let Ok(call) = ArbSys::ArbSysCalls::abi_decode(&input) else {
        return reverted(limit, 0, error_string("ArbSys: unknown method"));
    };
    if !inputs.value.get().is_zero() {
        return reverted(limit, 0, error_string("ArbSys: method is not payable"));
    }
    use ArbSys::ArbSysCalls as M;
    let number = ctx.block.number();
    let out = match call {
        M::arbBlockNumber(_) => ArbSys::arbBlockNumberCall::abi_encode_returns(&number),
        M::arbBlockHash(c) => {
            let n = c.arbBlockNum;
            if n >= number || number - n > U256::from(256) {
                return reverted(
                    limit,
                    READ_GAS,
                    error_string("ArbSys: invalid block number"),
                );
            }
            let hash = ctx
                .journaled_state
                .db_mut()
                .block_hash(n.saturating_to())
                .unwrap_or(B256::ZERO);
            ArbSys::arbBlockHashCall::abi_encode_returns(&hash)
        }
        M::arbChainID(_) => {
            ArbSys::arbChainIDCall::abi_encode_returns(&U256::from(ctx.cfg.chain_id))
        }
        M::arbOSVersion(_) => ArbSys::arbOSVersionCall::abi_encode_returns(&U256::from(
            ARBOS_VERSION_OFFSET + ctx.chain.config.arbos_version,
        )),
        M::getStorageGasAvailable(_) => {
            ArbSys::getStorageGasAvailableCall::abi_encode_returns(&U256::ZERO)
        }
        M::wasMyCallersAddressAliased(_) => {
            ArbSys::wasMyCallersAddressAliasedCall::abi_encode_returns(&false)
        }
    };
    done(limit, READ_GAS, out.into())
}
