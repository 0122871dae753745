//! The minter's events and errors, generated from `interfaces/IAidMinter.sol`, where each is
//! declared and documented once. The contract encodes them by hand (see `aid_support`) from the
//! selectors and signature hashes generated here; the tests decode and compare them with these
//! types.
#![allow(missing_docs)]

alloy_sol_types::sol!(
    #[sol(all_derives)]
    "../../interfaces/IAidMinter.sol"
);

pub use IAidMinter::*;
