//! Deployment configuration: who holds which role and the protocol's first parameters.
//!
//! Read from a TOML file (see `config/devnode.toml`, `config/arbitrum-sepolia.toml`). Unknown keys,
//! malformed addresses, out-of-range basis points and inconsistent ratios are rejected with a message
//! naming the key, before anything is sent to a chain.

use std::path::Path;

use alloy::primitives::{keccak256, utils::parse_units, Address, B256, U256};
use anyhow::{bail, ensure, Context, Result};
use serde::Deserialize;

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Role holders; any left out is the deploying account.
    #[serde(default)]
    pub roles: Roles,
    /// Global credit parameters of the minter.
    pub global: Global,
    /// Liquidation auction parameters (AidLiquidator).
    pub auction: Auction,
    /// sAID vault parameters.
    pub vault: Vault,
    /// Registry appraisal limits.
    pub appraisal: Appraisal,
    /// GPU models to enable, with their depreciation and credit parameters.
    #[serde(rename = "models")]
    pub models: Vec<Model>,
}

/// Addresses that receive the protocol's roles. `None` means the deploying account.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// DEFAULT_ADMIN_ROLE on every contract (and MINTER_ADMIN_ROLE on AID).
    pub admin: Option<Address>,
    /// Receives surplus swept above the buffer target.
    pub treasury: Option<Address>,
    /// REGISTRAR_ROLE on the registry: registers appraised GPU assets.
    pub registrar: Option<Address>,
    /// APPRAISER_ROLE on the registry: updates appraisals.
    pub appraiser: Option<Address>,
    /// RISK_ADMIN_ROLE on the registry, the minter and the liquidator: model, credit and auction
    /// parameters.
    pub risk_admin: Option<Address>,
    /// PAUSER_ROLE on the registry, the minter and the vault.
    pub pauser: Option<Address>,
}

/// Global minter parameters. Amounts are whole AID as decimal strings ("1000", "0.5").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Global {
    /// Ceiling on all debt.
    pub global_debt_ceiling: String,
    /// Minimum non-zero debt of a position.
    pub dust: String,
    /// Share of interest paid to sAID, in basis points.
    pub savings_share_bps: u16,
    /// Surplus kept by the liquidator (the surplus buffer) before the admin may sweep to the
    /// treasury.
    pub surplus_buffer_target: String,
}

/// Dutch auction parameters of the AidLiquidator, within its bounds (checked here as the contract
/// checks them).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auction {
    /// Start price as a share of the valuation, in basis points (10_000..=30_000).
    pub start_bps: u16,
    /// Seconds over which the price falls to the floor (600..=604_800).
    pub duration_secs: u64,
    /// Floor as a share of the start price, in basis points (3_000..=10_000).
    pub floor_bps: u16,
    /// Penalty on the debt paid to the surplus buffer, in basis points (at most 2_000).
    pub liquidation_penalty_bps: u16,
    /// Share of the debt tipped from surplus to whoever liquidates, in basis points (at most 500).
    pub keeper_fee_bps: u16,
    /// Flat tip from surplus for a liquidation, whole AID (at most 1000).
    pub keeper_tip: String,
    /// Flat tip from surplus for a reset, whole AID (at most 1000).
    pub reset_tip: String,
}

impl Auction {
    /// The keeper tip in AID wei.
    pub fn keeper_tip(&self) -> Result<U256> {
        tip("auction.keeper_tip", &self.keeper_tip)
    }

    /// The reset tip in AID wei.
    pub fn reset_tip(&self) -> Result<U256> {
        tip("auction.reset_tip", &self.reset_tip)
    }
}

/// A tip of at most 1,000 AID.
fn tip(key: &str, s: &str) -> Result<U256> {
    let v = aid_amount(key, s)?;
    ensure!(
        v <= aid_amount(key, "1000")?,
        "{key}: {s} AID is above the maximum 1000"
    );
    Ok(v)
}

/// Vault parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vault {
    /// Seconds over which each yield distribution vests.
    pub vesting_period_secs: u64,
    /// Cap on total deposits in whole AID, or "unlimited".
    pub deposit_cap: String,
}

/// Registry appraisal limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Appraisal {
    /// Largest move of one appraisal update, in basis points.
    pub max_step_bps: u16,
    /// Age after which an appraisal is stale, in seconds.
    pub max_age_secs: u64,
}

/// A GPU model: depreciation (registry) and credit parameters (minter).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Model name; its id on chain is `keccak256(name)`.
    pub name: String,
    /// Straight-line depreciation period, in seconds.
    pub useful_life_secs: u64,
    /// Book value floor as a share of cost, in basis points.
    pub residual_bps: u16,
    /// Minimum collateral ratio to borrow, in basis points.
    pub min_collateral_ratio_bps: u16,
    /// Ratio below which a position can be liquidated, in basis points.
    pub liquidation_ratio_bps: u16,
    /// Stability fee as a nominal APR, in basis points.
    pub stability_fee_apr_bps: u16,
    /// Ceiling on this model's debt, in whole AID.
    pub debt_ceiling: String,
}

impl Model {
    /// The model id the registry and minter key it by.
    pub fn id(&self) -> B256 {
        keccak256(self.name.as_bytes())
    }
}

/// Parses a whole-AID decimal string into an 18-decimal amount.
pub fn aid_amount(key: &str, s: &str) -> Result<U256> {
    let v = parse_units(s.trim(), 18)
        .with_context(|| format!("{key}: {s:?} is not an AID amount (e.g. \"1000\" or \"0.5\")"))?;
    ensure!(!v.is_negative(), "{key}: {s:?} is negative");
    Ok(v.get_absolute())
}

impl Vault {
    /// The deposit cap in AID wei (`U256::MAX` for "unlimited").
    pub fn deposit_cap(&self) -> Result<U256> {
        if self.deposit_cap.trim().eq_ignore_ascii_case("unlimited") {
            Ok(U256::MAX)
        } else {
            aid_amount("vault.deposit_cap", &self.deposit_cap)
        }
    }
}

fn bps(key: &str, v: u16, max: u16) -> Result<()> {
    ensure!(
        v <= max,
        "{key}: {v} basis points is above the maximum {max}"
    );
    Ok(())
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("invalid config file {}", path.display()))
    }

    /// Parses and validates configuration text.
    pub fn parse(text: &str) -> Result<Self> {
        let cfg: Config = toml::from_str(text)?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// Checks every value against the rules the contracts enforce, so a bad file fails here, not
    /// halfway through a deployment.
    pub fn validate(&self) -> Result<()> {
        aid_amount(
            "global.global_debt_ceiling",
            &self.global.global_debt_ceiling,
        )?;
        aid_amount("global.dust", &self.global.dust)?;
        aid_amount(
            "global.surplus_buffer_target",
            &self.global.surplus_buffer_target,
        )?;
        bps(
            "global.savings_share_bps",
            self.global.savings_share_bps,
            10_000,
        )?;
        let a = &self.auction;
        ensure!(
            (10_000..=30_000).contains(&a.start_bps),
            "auction.start_bps: {} must be from 10000 (100%) to 30000",
            a.start_bps
        );
        bps("auction.floor_bps", a.floor_bps, 10_000)?;
        ensure!(
            a.floor_bps >= 3_000,
            "auction.floor_bps: {} must be at least 3000 (30%)",
            a.floor_bps
        );
        ensure!(
            (600..=604_800).contains(&a.duration_secs),
            "auction.duration_secs: {} must be from 600 (10 minutes) to 604800 (7 days)",
            a.duration_secs
        );
        bps(
            "auction.liquidation_penalty_bps",
            a.liquidation_penalty_bps,
            2_000,
        )?;
        bps("auction.keeper_fee_bps", a.keeper_fee_bps, 500)?;
        a.keeper_tip()?;
        a.reset_tip()?;
        ensure!(
            self.vault.vesting_period_secs > 0,
            "vault.vesting_period_secs must be positive"
        );
        self.vault.deposit_cap()?;
        bps(
            "appraisal.max_step_bps",
            self.appraisal.max_step_bps,
            10_000,
        )?;
        ensure!(
            self.appraisal.max_age_secs > 0,
            "appraisal.max_age_secs must be positive"
        );
        ensure!(
            !self.models.is_empty(),
            "models: configure at least one [[models]] entry"
        );
        let mut seen = std::collections::HashSet::new();
        for (i, m) in self.models.iter().enumerate() {
            let key = |k: &str| format!("models[{i}] ({}).{k}", m.name);
            ensure!(!m.name.trim().is_empty(), "models[{i}].name is empty");
            ensure!(
                seen.insert(m.id()),
                "models[{i}]: model {:?} is listed twice",
                m.name
            );
            ensure!(
                m.useful_life_secs > 0,
                "{} must be positive",
                key("useful_life_secs")
            );
            bps(&key("residual_bps"), m.residual_bps, 10_000)?;
            if m.min_collateral_ratio_bps <= 10_000 || m.min_collateral_ratio_bps > 50_000 {
                bail!(
                    "{}: {} must be above 10000 (100%) and at most 50000",
                    key("min_collateral_ratio_bps"),
                    m.min_collateral_ratio_bps
                );
            }
            if m.liquidation_ratio_bps < 10_000
                || m.liquidation_ratio_bps >= m.min_collateral_ratio_bps
            {
                bail!(
                    "{}: {} must be at least 10000 and below min_collateral_ratio_bps ({})",
                    key("liquidation_ratio_bps"),
                    m.liquidation_ratio_bps,
                    m.min_collateral_ratio_bps
                );
            }
            ensure!(
                m.stability_fee_apr_bps <= 5_000,
                "{}: {} is above the maximum 5000 (50%)",
                key("stability_fee_apr_bps"),
                m.stability_fee_apr_bps
            );
            aid_amount(&key("debt_ceiling"), &m.debt_ceiling)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEVNODE: &str = include_str!("../config/devnode.toml");

    #[test]
    fn shipped_configs_are_valid() {
        let cfg = Config::parse(DEVNODE).unwrap();
        assert_eq!(cfg.models[0].id(), keccak256("H100-SXM5-80GB"));
        Config::parse(include_str!("../config/arbitrum-sepolia.toml")).unwrap();
    }

    #[test]
    fn amounts_parse_to_wad() {
        assert_eq!(
            aid_amount("k", "1000").unwrap(),
            U256::from(1000u64) * U256::from(10u64).pow(U256::from(18))
        );
        assert_eq!(
            aid_amount("k", "0.5").unwrap(),
            U256::from(5u64) * U256::from(10u64).pow(U256::from(17))
        );
        let e = aid_amount("global.dust", "ten").unwrap_err().to_string();
        assert!(e.contains("global.dust"), "{e}");
        assert!(aid_amount("k", "-1").is_err());
    }

    fn expect_err(edit: impl Fn(&str) -> String, needle: &str) {
        let text = edit(DEVNODE);
        let err = format!("{:#}", Config::parse(&text).unwrap_err());
        assert!(err.contains(needle), "expected {needle:?} in {err:?}");
    }

    #[test]
    fn bad_files_name_the_key() {
        expect_err(
            |t| t.replace("savings_share_bps = 9000", "savings_share_bps = 12000"),
            "global.savings_share_bps",
        );
        expect_err(
            |t| {
                t.replace(
                    "liquidation_ratio_bps = 12500",
                    "liquidation_ratio_bps = 16000",
                )
            },
            "liquidation_ratio_bps",
        );
        expect_err(
            |t| t.replace("[global]", "[global]\nsurprise = 1"),
            "unknown field",
        );
        expect_err(
            |t| t.replace("dust = \"1000\"", "dust = \"lots\""),
            "global.dust",
        );
        expect_err(
            |t| format!("{t}\n[roles]\nadmin = \"0x1234\"\n"),
            "admin = \"0x1234\"",
        );
        expect_err(
            |t| t.replace("duration_secs = 21600", "duration_secs = 0"),
            "auction.duration_secs",
        );
        expect_err(
            |t| {
                t.replace(
                    "liquidation_penalty_bps = 1000",
                    "liquidation_penalty_bps = 2500",
                )
            },
            "auction.liquidation_penalty_bps",
        );
        expect_err(
            |t| t.replace("floor_bps = 6000", "floor_bps = 2000"),
            "auction.floor_bps",
        );
        expect_err(
            |t| t.replace("keeper_tip = \"50\"", "keeper_tip = \"5000\""),
            "auction.keeper_tip",
        );
        expect_err(
            |t| {
                t.replace(
                    "stability_fee_apr_bps = 500",
                    "stability_fee_apr_bps = 6000",
                )
            },
            "stability_fee_apr_bps",
        );
    }
}
