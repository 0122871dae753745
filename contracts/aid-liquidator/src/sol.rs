//! The liquidator's events and errors, generated from `interfaces/IAidLiquidator.sol`, where each
//! is declared and documented once. The contract encodes them with `aid_support`'s encoder from
//! the selectors and signature hashes generated here; the tests decode them with these types.
#![allow(missing_docs)]

alloy_sol_types::sol!(
    #[sol(all_derives)]
    "../../interfaces/IAidLiquidator.sol"
);

pub use IAidLiquidator::*;
