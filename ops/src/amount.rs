//! Decimal AID/USD amounts (18 decimals) in and out.

use alloy::primitives::{utils::format_units, U256};
use anyhow::Result;

/// 1e18: one AID, one USD, one sAID share unit of display.
pub const WAD: U256 = U256::from_limbs([1_000_000_000_000_000_000, 0, 0, 0]);

/// Parses a decimal amount such as `"1000"`, `"0.5"` or `"1_000.25"` into 18-decimal units;
/// `what` names the field in the error.
pub fn parse(what: &str, s: &str) -> Result<U256> {
    aid_deploy::config::aid_amount(what, &s.replace('_', ""))
}

/// A clap value parser for a decimal amount flag named `what`.
pub fn clap_parser(what: &'static str) -> impl Fn(&str) -> Result<U256, String> + Clone {
    move |s| parse(what, s).map_err(|e| e.to_string())
}

/// Formats 18-decimal units as a decimal without trailing zeros: `1500000000000000000` → `1.5`.
pub fn format(v: U256) -> String {
    let s = format_units(v, 18).unwrap_or_else(|_| v.to_string());
    match s.split_once('.') {
        Some((int, frac)) => {
            let frac = frac.trim_end_matches('0');
            if frac.is_empty() {
                int.to_string()
            } else {
                format!("{int}.{frac}")
            }
        }
        None => s,
    }
}

/// `v × bps / 10_000`, rounded down.
pub fn bps(v: U256, bps: u64) -> U256 {
    v.saturating_mul(U256::from(bps)) / U256::from(10_000u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_names_the_field() {
        assert_eq!(
            parse("amount", "1.5").unwrap(),
            WAD * U256::from(3) / U256::from(2)
        );
        assert_eq!(parse("amount", "1_000").unwrap(), WAD * U256::from(1000));
        assert_eq!(format(WAD * U256::from(1000)), "1000");
        assert_eq!(format(WAD / U256::from(4)), "0.25");
        assert_eq!(format(U256::from(1)), "0.000000000000000001");
        let e = parse("value", "ten").unwrap_err().to_string();
        assert!(e.contains("value"), "{e}");
        assert!(parse("value", "-1").is_err());
        assert_eq!(bps(WAD, 2_000), WAD / U256::from(5));
    }
}
