//! The bounds the AID Protocol contracts enforce on their parameters: one source for the contracts
//! (which refuse a value outside them with a custom error) and the deploy tool (which refuses a
//! configuration outside them before it sends anything).
//!
//! Plain integers only, no dependencies, `no_std`: it builds into the contracts' WASM at no cost
//! and into the host tools as well. Amounts in whole AID are multiplied by 10^18 where they are used.
#![no_std]
#![deny(missing_docs)]

/// 100% in basis points.
pub const BPS: u16 = 10_000;

/// GpuRegistry: appraisals and models.
pub mod registry {
    /// `setAppraisalLimits`: the largest appraisal move per window, in basis points (1 to 100%).
    pub const APPRAISAL_STEP_BPS: (u16, u16) = (1, super::BPS);
    /// `configureModel`: the highest residual value, in basis points of the cost (100%).
    pub const MAX_RESIDUAL_BPS: u16 = super::BPS;
    /// Default `maxAppraisalStepBps`: the value moves by at most 20% per window.
    pub const DEFAULT_MAX_APPRAISAL_STEP_BPS: u16 = 2_000;
    /// Default `maxAppraisalAge`: an appraisal is fresh for 30 days.
    pub const DEFAULT_MAX_APPRAISAL_AGE: u64 = 30 * 24 * 60 * 60;
}

/// AidMinter: credit parameters.
pub mod minter {
    /// Highest stability fee APR, bps (50%). A century at 50% grows the accumulator by
    /// e^50 ≈ 5.2e21: `rate × growth` and `art × rate` (for up to 10^10 AID of debt) stay below
    /// 2^256 in the 256-bit `ray_mul`, so a model cannot overflow within 100 years.
    pub const MAX_APR_BPS: u16 = 5_000;
    /// Highest minimum collateral ratio, bps (500%).
    pub const MAX_RATIO_BPS: u16 = 50_000;
    /// Lowest liquidation ratio, bps (100%); the minimum collateral ratio must be above it.
    pub const MIN_LIQUIDATION_RATIO_BPS: u16 = super::BPS;
    /// Highest share of interest paid to the savings vault, bps (100%).
    pub const MAX_SAVINGS_SHARE_BPS: u16 = super::BPS;
}

/// AidLiquidator: the Dutch auction (named in `PROTOCOL.md`).
pub mod auction {
    /// Start price: at least the valuation, at most 300% of it (bps).
    pub const START_BPS: (u16, u16) = (10_000, 30_000);
    /// Duration of a run: 10 minutes to 7 days.
    pub const DURATION: (u64, u64) = (600, 7 * 86_400);
    /// Floor of a run: 30% to 100% of its start (bps).
    pub const FLOOR_BPS: (u16, u16) = (3_000, 10_000);
    /// Highest liquidation penalty, bps of the debt (20%).
    pub const MAX_PENALTY_BPS: u16 = 2_000;
    /// Highest keeper fee, bps of the debt (5%).
    pub const MAX_KEEPER_FEE_BPS: u16 = 500;
    /// Highest flat tip for a liquidation or a reset: 1,000 AID.
    pub const MAX_TIP_AID: u64 = 1_000;
}

/// SAidVault.
pub mod vault {
    /// Default vesting period of a distribution: 8 hours.
    pub const DEFAULT_VESTING_PERIOD: u64 = 8 * 3600;
    /// Longest vesting period the admin may set: 30 days. A longer one would keep yield from
    /// holders for no gain in sandwich protection.
    pub const MAX_VESTING_PERIOD: u64 = 30 * 86_400;
    /// Default cooldown between a redemption request and its claim: 7 days.
    pub const DEFAULT_COOLDOWN: u64 = 7 * 86_400;
    /// Longest cooldown the admin may set: 30 days.
    pub const MAX_COOLDOWN: u64 = 30 * 86_400;
}
