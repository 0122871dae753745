//! The Arbitrum parts the deployment relies on: the StylusDeployer factory and the ArbWasm precompile.

use alloy::{
    primitives::{address, Address, Bytes, FixedBytes},
    sol,
    sol_types::SolValue,
};

/// Address of the StylusDeployer factory on Arbitrum chains (and on the local Stylus chain).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// Address of the ArbWasm precompile.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// Chain id of the local Stylus chain (the same as Nitro's dev node).
pub const DEVNODE_CHAIN_ID: u64 = 412_346;

sol! {
    /// Deploys, activates and initialises a Stylus program in one transaction.
    #[sol(rpc)]
    interface IStylusDeployer {
        /// Emitted with the address of every contract deployed.
        event ContractDeployed(address deployedContract);
        /// Deploys `bytecode` (CREATE, or CREATE2 with `salt` mixed with `initData` when salt != 0),
        /// activates it with `msg.value - initValue` (excess refunded), then calls it with `initData`.
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt)
            external payable returns (address);
    }

    /// The ArbWasm precompile (subset used by the tool).
    #[sol(rpc)]
    interface IArbWasm {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        function programVersion(address program) external view returns (uint16 version);
        function codehashKeepalive(bytes32 codehash) external payable;
    }
}

/// Selector of a stylus-sdk constructor: `keccak256("stylus_constructor()")[..4]`.
pub fn constructor_selector() -> FixedBytes<4> {
    FixedBytes::from_slice(&alloy::primitives::keccak256("stylus_constructor()")[..4])
}

/// The `initData` that runs a stylus-sdk `#[constructor]` with ABI-encoded arguments.
pub fn constructor_call<T>(args: T) -> Bytes
where
    T: SolValue,
    for<'a> <<T as SolValue>::SolType as alloy::sol_types::SolType>::Token<'a>:
        alloy::sol_types::abi::TokenSeq<'a>,
{
    let mut data = constructor_selector().to_vec();
    data.extend_from_slice(&args.abi_encode_params());
    data.into()
}

#[cfg(test)]
mod tests {
    use alloy::primitives::U256;

    use super::*;

    #[test]
    fn constructor_call_layout() {
        let a = Address::repeat_byte(0x11);
        let data = constructor_call((a, U256::from(7)));
        assert_eq!(data.len(), 4 + 64);
        assert_eq!(&data[..4], constructor_selector().as_slice());
        assert_eq!(&data[16..36], a.as_slice());
        assert_eq!(data[67], 7);
    }
}
