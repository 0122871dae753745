//! Rust bindings for the AID Protocol contracts, generated from the Solidity interfaces in this
//! folder: the `.sol` files are the integrators' source of truth, and everything here (call and
//! event types, custom errors, RPC contract instances, JSON ABIs) is derived from them.
//!
//! The committed JSON ABIs under `abi/` are checked against these bindings by this crate's tests;
//! regenerate them with `UPDATE_ABI=1 cargo test -p aid-interfaces`.
#![allow(missing_docs, clippy::too_many_arguments)] // generated code

/// `GpuRegistry`: ERC-721 GPU collateral with appraisals and depreciation.
pub mod registry {
    alloy::sol!(
        #[sol(rpc, abi, all_derives)]
        "IGpuRegistry.sol"
    );
}

/// `AidToken`: the AI Dollar ERC-20 with permit and minter allowances.
pub mod token {
    alloy::sol!(
        #[sol(rpc, abi, all_derives)]
        "IAidToken.sol"
    );
}

/// `AidMinter`: positions, borrowing, interest, bad debt and the liquidator's side of liquidation.
pub mod minter {
    alloy::sol!(
        #[sol(rpc, abi, all_derives)]
        "IAidMinter.sol"
    );
}

/// `AidLiquidator`: the Dutch auctions of the positions the minter hands over.
pub mod liquidator {
    alloy::sol!(
        #[sol(rpc, abi, all_derives)]
        "IAidLiquidator.sol"
    );
}

/// `SAidVault`: the ERC-4626 staked AI Dollar vault.
pub mod vault {
    alloy::sol!(
        #[sol(rpc, abi, all_derives)]
        "ISAidVault.sol"
    );
}

/// Every interface by file stem with its JSON ABI, in deployment order.
pub fn abis() -> Vec<(&'static str, alloy::json_abi::JsonAbi)> {
    vec![
        ("IGpuRegistry", registry::IGpuRegistry::abi::contract()),
        ("IAidToken", token::IAidToken::abi::contract()),
        ("IAidMinter", minter::IAidMinter::abi::contract()),
        ("ISAidVault", vault::ISAidVault::abi::contract()),
        (
            "IAidLiquidator",
            liquidator::IAidLiquidator::abi::contract(),
        ),
    ]
}

/// Names a revert: a custom error of any AID Protocol contract with its arguments, a Solidity
/// `Error(string)`/`Panic(uint256)`, or the raw bytes when nothing matches.
pub fn describe_revert(data: &[u8]) -> String {
    use alloy::sol_types::SolInterface;
    if data.is_empty() {
        return "empty revert data".to_string();
    }
    if let Ok(e) = registry::IGpuRegistry::IGpuRegistryErrors::abi_decode(data) {
        return format!("GpuRegistry error {e:?}");
    }
    if let Ok(e) = token::IAidToken::IAidTokenErrors::abi_decode(data) {
        return format!("AidToken error {e:?}");
    }
    if let Ok(e) = minter::IAidMinter::IAidMinterErrors::abi_decode(data) {
        return format!("AidMinter error {e:?}");
    }
    if let Ok(e) = liquidator::IAidLiquidator::IAidLiquidatorErrors::abi_decode(data) {
        return format!("AidLiquidator error {e:?}");
    }
    if let Ok(e) = vault::ISAidVault::ISAidVaultErrors::abi_decode(data) {
        return format!("SAidVault error {e:?}");
    }
    alloy::sol_types::decode_revert_reason(data)
        .unwrap_or_else(|| format!("0x{}", alloy::hex::encode(data)))
}
