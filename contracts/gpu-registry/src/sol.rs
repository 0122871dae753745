//! The registry's events, errors and functions, generated from `interfaces/IGpuRegistry.sol`,
//! where each is declared and documented once (the ERC-721, role and pause ones as OpenZeppelin
//! declares them). The contract encodes events and errors by hand and routes calls with the
//! hand-written ABI in `abi.rs`, from the selectors and hashes generated here; the tests encode
//! and decode with these types.
#![allow(missing_docs)]

alloy_sol_types::sol!(
    #[sol(all_derives)]
    "../../interfaces/IGpuRegistry.sol"
);

// The ERC-721, role and pause events and errors are OpenZeppelin's own types in the contract;
// these are the registry's.
pub use IGpuRegistry::{
    AppraisalLengthMismatch, AppraisalLimitsSet, AppraisalStepTooLarge, Appraised, AssetRegistered,
    AssetRetired, InvalidAdmin, InvalidAppraisalLimits, InvalidAppraisalValue,
    InvalidAssetAcquiredAt, InvalidAssetAppraisal, InvalidAssetCost, InvalidAssetGpuCount,
    InvalidModelConfig, InvalidSerialHash, ModelConfigured, ModelDisabled, NotTokenHolder,
    SerialInUse, UnknownModel,
};

/// Every function of the registry, served by the hand-written ABI in `abi.rs` (only their
/// selectors are used there; the tests encode calls with them).
pub mod calls {
    pub use super::IGpuRegistry::*;
}
