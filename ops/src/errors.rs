//! Every custom error of the protocol, decoded into a sentence an operator can act on.
//!
//! Decoding is driven by the JSON ABIs of `aid-interfaces`, so an error added to a Solidity
//! interface is decoded without touching this file; the errors an operator meets most often get a
//! hand-written sentence, the others a generic one built from the error's name and named arguments
//! (amounts as decimal AID/USD, roles by name).

use alloy::{
    dyn_abi::{DynSolValue, JsonAbiExt},
    json_abi::Error as AbiError,
    primitives::{keccak256, B256, U256},
};

use crate::amount;

/// Role names used by the protocol's contracts, for printing a role id.
pub const ROLE_NAMES: [&str; 8] = [
    "DEFAULT_ADMIN_ROLE",
    "REGISTRAR_ROLE",
    "APPRAISER_ROLE",
    "RISK_ADMIN_ROLE",
    "PAUSER_ROLE",
    "MINTER_ADMIN_ROLE",
    "YIELD_DISTRIBUTOR_ROLE",
    "LOSS_ABSORBER_ROLE",
];

/// The id of a role by name (`DEFAULT_ADMIN_ROLE` is zero, the others `keccak256(name)`); accepts
/// the name with or without the `_ROLE` suffix, in any case.
pub fn role_id(name: &str) -> Option<B256> {
    let upper = name.trim().to_ascii_uppercase();
    let full = if upper.ends_with("_ROLE") {
        upper
    } else {
        format!("{upper}_ROLE")
    };
    let known = ROLE_NAMES.iter().find(|r| **r == full)?;
    Some(if *known == "DEFAULT_ADMIN_ROLE" {
        B256::ZERO
    } else {
        keccak256(known.as_bytes())
    })
}

/// The name of a role id, or its hex when it is none of the protocol's.
pub fn role_name(id: B256) -> String {
    ROLE_NAMES
        .iter()
        .find(|n| role_id(n) == Some(id))
        .map(|n| n.to_string())
        .unwrap_or_else(|| id.to_string())
}

/// Parameters holding counts, ids, kinds or timestamps rather than 18-decimal amounts.
fn is_plain_integer(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with("id")
        || n.ends_with("length")
        || n.ends_with("at")
        || n.ends_with("count")
        || n.ends_with("bps")
        || matches!(n.as_str(), "kind" | "deadline" | "resets")
}

fn render(name: &str, v: &DynSolValue) -> String {
    match v {
        DynSolValue::Uint(u, bits) => {
            if *bits < 256 || is_plain_integer(name) || *u == U256::MAX {
                if *u == U256::MAX {
                    "unlimited".to_string()
                } else {
                    u.to_string()
                }
            } else {
                amount::format(*u)
            }
        }
        DynSolValue::Address(a) => a.to_checksum(None),
        DynSolValue::FixedBytes(w, 32) if name.to_ascii_lowercase().contains("role") => {
            role_name(*w)
        }
        DynSolValue::FixedBytes(w, _) => w.to_string(),
        DynSolValue::Bool(b) => b.to_string(),
        DynSolValue::String(s) => format!("{s:?}"),
        other => format!("{other:?}"),
    }
}

/// "AppraisalStepTooLarge" → "appraisal step too large".
fn words(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn sentence_of(err: &AbiError, vals: &[DynSolValue]) -> String {
    let a = |i: usize| {
        err.inputs
            .get(i)
            .zip(vals.get(i))
            .map(|(p, v)| render(&p.name, v))
            .unwrap_or_default()
    };
    match err.name.as_str() {
        "AccessControlUnauthorizedAccount" => format!("{} does not hold {}", a(0), a(1)),
        "EnforcedPause" => "the contract is paused".into(),
        "NoPosition" => format!("token {} backs no position", a(0)),
        "NotPositionOwner" => format!("{} does not own position {}", a(1), a(0)),
        "NotLiquidatable" => format!(
            "position {} is safe: value {} USD covers debt {} AID at the liquidation ratio",
            a(0),
            a(1),
            a(2)
        ),
        "StaleValuation" => format!(
            "the appraisal of token {} (dated {}) is stale: an appraiser must update it first",
            a(0),
            a(1)
        ),
        "UndercollateralizedBorrow" => format!(
            "borrowing would leave token {} under its {} bps minimum: value {} USD, debt {} AID",
            a(0),
            a(3),
            a(1),
            a(2)
        ),
        "DustDebt" => format!(
            "the remaining debt {} AID would be under the {} AID minimum (repay all or less)",
            a(0),
            a(1)
        ),
        "OutstandingDebt" => format!("position {} still owes {} AID", a(0), a(1)),
        "DebtCeilingExceeded" => format!(
            "model {} would owe {} AID, over its ceiling of {} AID",
            a(0),
            a(1),
            a(2)
        ),
        "GlobalDebtCeilingExceeded" => format!(
            "the protocol would owe {} AID, over the global ceiling of {} AID",
            a(0),
            a(1)
        ),
        "AppraisalStepTooLarge" => format!(
            "token {}: {} USD is more than {} bps away from the window's anchor {} USD",
            a(0),
            a(2),
            a(3),
            a(1)
        ),
        "NoAuction" => format!("token {} is not at auction", a(0)),
        "AuctionExpired" => format!(
            "the auction of token {} expired at {}: reset it first",
            a(0),
            a(1)
        ),
        "AuctionNotExpired" => format!(
            "the auction of token {} runs until {}: it cannot be reset yet",
            a(0),
            a(1)
        ),
        "PriceAboveMax" => format!(
            "the price {} AID is above the bid's maximum {} AID",
            a(0),
            a(1)
        ),
        "ERC20InsufficientBalance" => {
            format!("{} holds {} AID but {} AID are needed", a(0), a(1), a(2))
        }
        "ERC20InsufficientAllowance" => format!(
            "{} may spend {} AID but {} AID are needed (approve first)",
            a(0),
            a(1),
            a(2)
        ),
        "SerialInUse" => format!("serial hash {} already backs token {}", a(0), a(1)),
        "UnknownModel" => format!("model {} is not configured", a(0)),
        "ModelDisabled" => format!("model {} is disabled", a(0)),
        "NotTokenHolder" => format!("{} does not hold token {}", a(1), a(0)),
        "ERC721NonexistentToken" => format!("token {} does not exist", a(0)),
        "UnbackedDebtOutstanding" => format!("{} AID of unbacked debt must be healed first", a(0)),
        _ => {
            let args: Vec<String> = err
                .inputs
                .iter()
                .zip(vals)
                .map(|(p, v)| format!("{} {}", words(&p.name), render(&p.name, v)))
                .collect();
            if args.is_empty() {
                words(&err.name)
            } else {
                format!("{}: {}", words(&err.name), args.join(", "))
            }
        }
    }
}

/// Decodes revert data into a sentence: the protocol's custom errors by name with their arguments,
/// ArbWasm's keepalive errors, `Error(string)`/`Panic(uint256)`, else the raw hex.
pub fn sentence(data: &[u8]) -> String {
    if data.is_empty() {
        return "reverted without a reason".into();
    }
    if data.len() >= 4 {
        for (_, abi) in aid_interfaces::abis() {
            for err in abi.errors() {
                if err.selector().as_slice() == &data[..4] {
                    if let Ok(vals) = err.abi_decode_input(&data[4..]) {
                        return sentence_of(err, &vals);
                    }
                }
            }
        }
        // ArbWasm's errors, met by codehashKeepalive.
        let arbwasm = [
            "ProgramKeepaliveTooSoon(uint64 ageInSeconds)",
            "ProgramExpired(uint64 ageInSeconds)",
            "ProgramNotActivated()",
            "ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion)",
            "ProgramUpToDate()",
            "ProgramInsufficientValue(uint256 have, uint256 want)",
        ];
        for sig in arbwasm {
            if let Ok(err) = AbiError::parse(sig) {
                if err.selector().as_slice() == &data[..4] {
                    if let Ok(vals) = err.abi_decode_input(&data[4..]) {
                        return format!("ArbWasm: {}", sentence_of(&err, &vals));
                    }
                }
            }
        }
    }
    use alloy::sol_types::SolError as _;
    if let Ok(r) = alloy::sol_types::Revert::abi_decode(data) {
        return format!("reverted: {}", r.reason);
    }
    if let Ok(p) = alloy::sol_types::Panic::abi_decode(data) {
        return format!("panicked with code {}", p.code);
    }
    format!("reverted with 0x{}", alloy::hex::encode(data))
}

/// Explains a failed contract call or RPC request: the decoded revert when the node returned revert
/// data, otherwise the transport or node error as it came.
pub fn explain(e: &alloy::contract::Error) -> String {
    match e.as_revert_data() {
        Some(data) => sentence(&data),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use aid_interfaces::{liquidator::IAidLiquidator, minter::IAidMinter, registry::IGpuRegistry};
    use alloy::{primitives::Address, sol_types::SolError};

    use super::*;

    #[test]
    fn custom_errors_become_sentences() {
        let wad = U256::from(10u64).pow(U256::from(18));
        let e = IAidMinter::DustDebt {
            remaining: wad * U256::from(500),
            dust: wad * U256::from(1000),
        };
        assert_eq!(
            sentence(&e.abi_encode()),
            "the remaining debt 500 AID would be under the 1000 AID minimum (repay all or less)"
        );
        let who = Address::repeat_byte(0x11);
        let e = IAidLiquidator::AccessControlUnauthorizedAccount {
            account: who,
            neededRole: keccak256("RISK_ADMIN_ROLE"),
        };
        assert_eq!(
            sentence(&e.abi_encode()),
            format!("{} does not hold RISK_ADMIN_ROLE", who.to_checksum(None))
        );
        // Generic: the name in words, amounts in decimal, bps and lengths as integers.
        let e = IGpuRegistry::AppraisalLengthMismatch {
            tokenIdsLength: U256::from(3),
            valuesLength: U256::from(2),
        };
        assert_eq!(
            sentence(&e.abi_encode()),
            "appraisal length mismatch: token ids length 3, values length 2"
        );
        assert_eq!(sentence(&[]), "reverted without a reason");
        assert_eq!(sentence(&[1, 2, 3, 4, 5]), "reverted with 0x0102030405");
    }

    #[test]
    fn roles_by_name() {
        assert_eq!(role_id("appraiser"), Some(keccak256("APPRAISER_ROLE")));
        assert_eq!(role_id("DEFAULT_ADMIN_ROLE"), Some(B256::ZERO));
        assert_eq!(role_name(keccak256("PAUSER_ROLE")), "PAUSER_ROLE");
        assert_eq!(role_id("king"), None);
    }
}
