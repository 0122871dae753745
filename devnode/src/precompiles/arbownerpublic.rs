//! `ArbOwnerPublic` (0x6b): the chain-owner reads anyone may make, as far as deployment tools
//! need them (`cargo stylus deploy` asks `getMaxStylusContractFragments` before splitting a
//! program into fragments).

use super::{done, error_string, reverted};
use crate::evm::DevContext;
use crate::stylus::nitro::{ARBOS_STYLUS_CONTRACT_LIMIT, MAX_FRAGMENTS};
use alloy_sol_types::{sol, SolCall, SolInterface};
use revm::interpreter::{CallInputs, InterpreterResult};

sol! {
    /// The subset of Arbitrum's `ArbOwnerPublic` precompile the local chain serves.
    #[derive(Debug, PartialEq, Eq)]
    interface ArbOwnerPublic {
        /// Whether `addr` is a chain owner.
        function isChainOwner(address addr) external view returns (bool);
        /// Every chain owner.
        function getAllChainOwners() external view returns (address[] memory);
        /// Most fragments a root Stylus program may list (ArbOS 60+).
        function getMaxStylusContractFragments() external view returns (uint8);
    }
}

/// Gas of a read: Nitro's ArbOS storage read.
const READ_GAS: u64 = 800;

pub(crate) fn run(ctx: &mut DevContext, inputs: &CallInputs) -> InterpreterResult {
    let limit = inputs.gas_limit;
    let input = inputs.input.as_bytes(&*ctx).to_vec();
    let config = &ctx.chain.config;
    let call = match ArbOwnerPublic::ArbOwnerPublicCalls::abi_decode(&input) {
        Ok(ArbOwnerPublic::ArbOwnerPublicCalls::getMaxStylusContractFragments(_))
            if config.arbos_version < ARBOS_STYLUS_CONTRACT_LIMIT =>
        {
            // Nitro: a method above the chain's ArbOS version does not exist.
            return reverted(limit, 0, error_string("ArbOwnerPublic: unknown method"));
        }
        Ok(call) => call,
        Err(_) => return reverted(limit, 0, error_string("ArbOwnerPublic: unknown method")),
    };
    if !inputs.value.get().is_zero() {
        return reverted(
            limit,
            0,
            error_string("ArbOwnerPublic: method is not payable"),
        );
    }
    use ArbOwnerPublic::ArbOwnerPublicCalls as M;
    let out = match call {
        M::isChainOwner(c) => ArbOwnerPublic::isChainOwnerCall::abi_encode_returns(
            &config.chain_owners.contains(&c.addr),
        ),
        M::getAllChainOwners(_) => {
            ArbOwnerPublic::getAllChainOwnersCall::abi_encode_returns(&config.chain_owners)
        }
        M::getMaxStylusContractFragments(_) => {
            ArbOwnerPublic::getMaxStylusContractFragmentsCall::abi_encode_returns(&MAX_FRAGMENTS)
        }
    };
    done(limit, READ_GAS, out.into())
}
