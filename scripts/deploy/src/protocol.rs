//! The protocol's contracts, access-control roles and role holders, as types: a misspelt name is
//! a compile error, not a missing entry found on chain.

use alloy::primitives::{keccak256, B256};
use serde::{Deserialize, Serialize};

/// One of the protocol's contracts. Serialised (in the address book) as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Contract {
    /// GpuRegistry (ERC-721 of appraised GPU assets).
    GpuRegistry,
    /// AidToken (the AID stablecoin).
    AidToken,
    /// AidMinter (the CDP engine).
    AidMinter,
    /// SAidVault (ERC-4626 savings vault).
    SAidVault,
    /// AidLiquidator (Dutch auctions and the surplus buffer).
    AidLiquidator,
}

impl Contract {
    /// Every contract, in deployment order (each one's constructor names only earlier ones).
    pub const ALL: [Contract; 5] = [
        Contract::GpuRegistry,
        Contract::AidToken,
        Contract::AidMinter,
        Contract::SAidVault,
        Contract::AidLiquidator,
    ];

    /// The name in the address book and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Contract::GpuRegistry => "GpuRegistry",
            Contract::AidToken => "AidToken",
            Contract::AidMinter => "AidMinter",
            Contract::SAidVault => "SAidVault",
            Contract::AidLiquidator => "AidLiquidator",
        }
    }

    /// The stem of its built WASM file (`<stem>.wasm`).
    pub fn wasm_stem(self) -> &'static str {
        match self {
            Contract::GpuRegistry => "gpu_registry",
            Contract::AidToken => "aid_token",
            Contract::AidMinter => "aid_minter",
            Contract::SAidVault => "said_vault",
            Contract::AidLiquidator => "aid_liquidator",
        }
    }
}

impl std::fmt::Display for Contract {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// An AccessControl role of the protocol's contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// OpenZeppelin's DEFAULT_ADMIN_ROLE (`bytes32(0)`): grants and revokes every role.
    DefaultAdmin,
    /// AidToken: configures minters and their allowances.
    MinterAdmin,
    /// GpuRegistry: registers appraised GPU assets.
    Registrar,
    /// GpuRegistry: updates appraisals.
    Appraiser,
    /// Registry, minter, liquidator: model, credit and auction parameters.
    RiskAdmin,
    /// Registry, minter, vault: pauses what may be paused.
    Pauser,
    /// SAidVault: the minter, which distributes the interest share.
    YieldDistributor,
    /// SAidVault: the liquidator, which asks the vault to absorb bad debt.
    LossAbsorber,
}

impl Role {
    /// The Solidity constant's name (`keccak256` of it is the role id, except DEFAULT_ADMIN_ROLE).
    pub fn name(self) -> &'static str {
        match self {
            Role::DefaultAdmin => "DEFAULT_ADMIN_ROLE",
            Role::MinterAdmin => "MINTER_ADMIN_ROLE",
            Role::Registrar => "REGISTRAR_ROLE",
            Role::Appraiser => "APPRAISER_ROLE",
            Role::RiskAdmin => "RISK_ADMIN_ROLE",
            Role::Pauser => "PAUSER_ROLE",
            Role::YieldDistributor => "YIELD_DISTRIBUTOR_ROLE",
            Role::LossAbsorber => "LOSS_ABSORBER_ROLE",
        }
    }

    /// The role id the contracts use.
    pub fn id(self) -> B256 {
        match self {
            Role::DefaultAdmin => B256::ZERO,
            r => keccak256(r.name().as_bytes()),
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Who holds what after a deployment: the configuration's `[roles]`. Serialised (in the address
/// book) in camelCase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Holder {
    /// DEFAULT_ADMIN on every contract, MINTER_ADMIN on AID.
    Admin,
    /// Receives surplus swept above the buffer target.
    Treasury,
    /// REGISTRAR on the registry.
    Registrar,
    /// APPRAISER on the registry.
    Appraiser,
    /// RISK_ADMIN on the registry, the minter and the liquidator.
    RiskAdmin,
    /// PAUSER on the registry, the minter and the vault.
    Pauser,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_serialise_as_the_book_always_had_them() {
        assert_eq!(
            serde_json::to_string(&Contract::SAidVault).unwrap(),
            "\"SAidVault\""
        );
        assert_eq!(
            serde_json::to_string(&Holder::RiskAdmin).unwrap(),
            "\"riskAdmin\""
        );
        for c in Contract::ALL {
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{c}\""));
        }
        assert_eq!(Role::DefaultAdmin.id(), B256::ZERO);
        assert_eq!(Role::Pauser.id(), keccak256("PAUSER_ROLE"));
    }
}
