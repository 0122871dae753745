//! AidToken: the AID ("AI Dollar") stablecoin of AID Protocol.
//!
//! An ERC-20 with 18 decimals, EIP-2612 `permit`, the ERC-5267 `eip712Domain`
//! and OpenZeppelin AccessControl roles. New AID only comes from minters:
//! accounts configured by `MINTER_ADMIN_ROLE` with an allowance (Circle
//! style), where an allowance of `U256::MAX` is unlimited and never
//! decremented. The collateral-ratio-checked minter is the intended holder of
//! that authority.
//!
//! There is deliberately no transfer pause and no blacklist: repayment and
//! liquidation must always be able to move AID.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The entrypoint and ABI printer the SDK generates have no docs; every item of
// ours does.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
// The global `msg::sender` / `evm::log` host calls are what OpenZeppelin 0.3.0
// itself uses; going through `&dyn Host` instead links every host import in.
#![allow(deprecated)]
extern crate alloc;

mod errors;

#[cfg(test)]
mod tests;

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{aliases::B32, hex, Address, FixedBytes, B256, U256};
use alloy_sol_types::{sol_data, SolType};
use openzeppelin_stylus::{
    access::control::{AccessControl, IAccessControl},
    token::erc20::{extensions::permit::Erc20Permit, Erc20, IErc20},
    utils::{
        cryptography::eip712::IEip712,
        nonces::{INonces, Nonces},
    },
};
use stylus_sdk::{
    abi::internal::EncodableReturnType,
    evm, msg,
    prelude::*,
    storage::{StorageBool, StorageMap, StorageU256},
    ArbResult,
};

pub use errors::*;

/// The token's name, also the EIP-712 domain name.
pub const NAME: &str = "AI Dollar";
/// The token's symbol.
pub const SYMBOL: &str = "AID";
/// The EIP-712 domain version.
pub const VERSION: &str = "1";
/// Decimals of AID amounts (WAD).
pub const DECIMALS: u8 = 18;

pub use aid_support::roles::{DEFAULT_ADMIN_ROLE, MINTER_ADMIN_ROLE};

/// ERC-165 ids answered by `supportsInterface`: IERC165, IAccessControl,
/// IERC20, IERC20Metadata, IERC20Permit (each the XOR of its selectors).
pub const INTERFACE_IDS: [[u8; 4]; 5] = [
    hex!("01ffc9a7"),
    hex!("7965db0b"),
    hex!("36372b07"),
    hex!("a219a025"),
    hex!("9d8ff7da"),
];

/// The EIP-712 domain of the token: name "AI Dollar", version "1", the chain
/// id and this contract's address.
#[storage]
pub struct AidDomain;

impl IEip712 for AidDomain {
    const NAME: &'static str = NAME;
    const VERSION: &'static str = VERSION;
}

/// State of the AID token.
#[entrypoint]
#[storage]
pub struct AidToken {
    /// Balances, allowances and total supply.
    erc20: Erc20,
    /// EIP-2612 permit nonces.
    nonces: Nonces,
    /// EIP-2612 permit over the [`AidDomain`] EIP-712 domain.
    permit: Erc20Permit<AidDomain>,
    /// Role-based access control.
    access: AccessControl,
    /// Whether an account is a configured minter.
    minters: StorageMap<Address, StorageBool>,
    /// What each minter may still mint (`U256::MAX`: unlimited).
    minter_allowances: StorageMap<Address, StorageU256>,
}

#[public]
impl AidToken {
    /// Sets up the token and grants `DEFAULT_ADMIN_ROLE` and
    /// `MINTER_ADMIN_ROLE` to `admin`.
    ///
    /// # Errors
    ///
    /// * [`InvalidAdmin`] - If `admin` is the zero address: nobody could ever
    ///   configure a minter.
    ///
    /// # Events
    ///
    /// * [`RoleGranted`](openzeppelin_stylus::access::control::RoleGranted),
    ///   twice.
    #[constructor]
    pub fn constructor(&mut self, admin: Address) -> Result<(), Error> {
        if admin.is_zero() {
            return Err(InvalidAdmin { admin }.into());
        }
        self.access._grant_role(DEFAULT_ADMIN_ROLE.into(), admin);
        self.access._grant_role(MINTER_ADMIN_ROLE.into(), admin);
        Ok(())
    }

    // ---------------------------------------------------------------- ERC-20

    /// The token's name: "AI Dollar".
    pub fn name(&self) -> String {
        NAME.into()
    }

    /// The token's symbol: "AID".
    pub fn symbol(&self) -> String {
        SYMBOL.into()
    }

    /// Decimals of AID amounts: 18.
    pub fn decimals(&self) -> u8 {
        DECIMALS
    }

    /// Total AID in existence.
    pub fn total_supply(&self) -> U256 {
        self.erc20.total_supply()
    }

    /// AID held by `account`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.erc20.balance_of(account)
    }

    /// Moves `value` AID from the caller to `to`.
    ///
    /// # Errors
    ///
    /// * [`ERC20InvalidReceiver`] - If `to` is the zero address.
    /// * [`ERC20InsufficientBalance`] - If the caller holds less than `value`.
    ///
    /// # Events
    ///
    /// * [`Transfer`].
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        Ok(self.erc20.transfer(to, value)?)
    }

    /// What `spender` may still move from `owner` with `transferFrom`.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.erc20.allowance(owner, spender)
    }

    /// Lets `spender` move up to `value` of the caller's AID
    /// (`U256::MAX`: unlimited, never decremented).
    ///
    /// # Errors
    ///
    /// * [`ERC20InvalidSpender`] - If `spender` is the zero address.
    ///
    /// # Events
    ///
    /// * [`Approval`].
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        Ok(self.erc20.approve(spender, value)?)
    }

    /// Moves `value` AID from `from` to `to`, spending the caller's allowance.
    ///
    /// # Errors
    ///
    /// * [`ERC20InsufficientAllowance`] - If the caller's allowance is below
    ///   `value`.
    /// * [`ERC20InvalidSender`] - If `from` is the zero address.
    /// * [`ERC20InvalidReceiver`] - If `to` is the zero address.
    /// * [`ERC20InsufficientBalance`] - If `from` holds less than `value`.
    ///
    /// # Events
    ///
    /// * [`Transfer`].
    pub fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        value: U256,
    ) -> Result<bool, Error> {
        Ok(self.erc20.transfer_from(from, to, value)?)
    }

    // ------------------------------------------------------ EIP-2612 / 5267

    /// Sets `value` as `spender`'s allowance over `owner`'s AID, given
    /// `owner`'s EIP-712 signature of
    /// `Permit(owner, spender, value, nonce, deadline)`.
    ///
    /// # Errors
    ///
    /// * [`ERC2612ExpiredSignature`] - If the block timestamp is past
    ///   `deadline`.
    /// * [`ECDSAInvalidSignatureS`] - If `s` is in the upper half order.
    /// * [`ECDSAInvalidSignature`] - If the signature recovers no address.
    /// * [`ERC2612InvalidSigner`] - If the signer is not `owner` (a wrong key,
    ///   a wrong nonce, a replayed or altered permit).
    /// * [`ERC20InvalidSpender`] - If `spender` is the zero address.
    ///
    /// # Events
    ///
    /// * [`Approval`].
    #[allow(clippy::too_many_arguments)]
    pub fn permit(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
        deadline: U256,
        v: u8,
        r: B256,
        s: B256,
    ) -> Result<(), Error> {
        Ok(self.permit.permit(
            owner,
            spender,
            value,
            deadline,
            v,
            r,
            s,
            &mut self.erc20,
            &mut self.nonces,
        )?)
    }

    /// The next permit nonce of `owner`.
    pub fn nonces(&self, owner: Address) -> U256 {
        self.nonces.nonces(owner)
    }

    /// The EIP-712 domain separator that permits are signed under.
    #[selector(name = "DOMAIN_SEPARATOR")]
    pub fn domain_separator(&self) -> B256 {
        self.permit.domain_separator()
    }

    /// The ERC-5267 description of the EIP-712 domain: fields `0x0f` (name,
    /// version, chainId, verifyingContract), "AI Dollar", "1", the chain id,
    /// this contract, no salt, no extensions.
    #[selector(name = "eip712Domain")]
    #[allow(clippy::useless_conversion)]
    pub fn eip712_domain(&self) -> Eip712DomainReturn {
        Eip712Domain {
            fields: FixedBytes([0x0f]),
            name: NAME.into(),
            version: VERSION.into(),
            chain_id: AidDomain::chain_id(),
            verifying_contract: AidDomain::contract_address(),
            salt: B256::ZERO,
            extensions: Vec::new(),
        }
        .into()
    }

    // -------------------------------------------------------------- minters

    /// Makes `minter` a minter (or updates it) with `allowance` left to mint;
    /// `U256::MAX` is unlimited.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks
    ///   `MINTER_ADMIN_ROLE`.
    /// * [`InvalidMinter`] - If `minter` is the zero address.
    ///
    /// # Events
    ///
    /// * [`MinterConfigured`].
    pub fn configure_minter(&mut self, minter: Address, allowance: U256) -> Result<(), Error> {
        self.access
            ._check_role(MINTER_ADMIN_ROLE.into(), msg::sender())?;
        if minter.is_zero() {
            return Err(InvalidMinter { minter }.into());
        }
        self.minters.insert(minter, true);
        self.minter_allowances.insert(minter, allowance);
        evm::log(MinterConfigured { minter, allowance });
        Ok(())
    }

    /// Takes away `minter`'s right to mint and burn, and its allowance.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks
    ///   `MINTER_ADMIN_ROLE`.
    /// * [`NotMinter`] - If `minter` is not a minter.
    ///
    /// # Events
    ///
    /// * [`MinterRemoved`].
    pub fn remove_minter(&mut self, minter: Address) -> Result<(), Error> {
        self.access
            ._check_role(MINTER_ADMIN_ROLE.into(), msg::sender())?;
        self.only_minter(minter)?;
        self.minters.insert(minter, false);
        self.minter_allowances.insert(minter, U256::ZERO);
        evm::log(MinterRemoved { minter });
        Ok(())
    }

    /// Whether `account` is a minter.
    pub fn is_minter(&self, account: Address) -> bool {
        self.minters.get(account)
    }

    /// What `minter` may still mint (`U256::MAX`: unlimited; zero for a
    /// non-minter).
    pub fn minter_allowance(&self, minter: Address) -> U256 {
        self.minter_allowances.get(minter)
    }

    /// Creates `amount` AID for `to`, out of the calling minter's allowance
    /// (decremented unless unlimited).
    ///
    /// # Errors
    ///
    /// * [`NotMinter`] - If the caller is not a minter.
    /// * [`MinterAllowanceExceeded`] - If `amount` is above the caller's
    ///   allowance.
    /// * [`TotalSupplyOverflow`] - If the total supply would exceed
    ///   `U256::MAX`.
    /// * [`ERC20InvalidReceiver`] - If `to` is the zero address.
    ///
    /// # Events
    ///
    /// * [`Transfer`] from the zero address.
    pub fn mint(&mut self, to: Address, amount: U256) -> Result<(), Error> {
        let minter = msg::sender();
        self.only_minter(minter)?;
        let allowance = self.minter_allowances.get(minter);
        if allowance != U256::MAX {
            let left = allowance
                .checked_sub(amount)
                .ok_or(MinterAllowanceExceeded {
                    minter,
                    allowance,
                    amount,
                })?;
            self.minter_allowances.insert(minter, left);
        }
        // Checked here so an overflow is a typed revert, not a trap.
        let total_supply = self.erc20.total_supply();
        if total_supply.checked_add(amount).is_none() {
            return Err(TotalSupplyOverflow {
                totalSupply: total_supply,
                amount,
            }
            .into());
        }
        Ok(self.erc20._mint(to, amount)?)
    }

    /// Destroys `amount` of the caller's AID.
    ///
    /// # Errors
    ///
    /// * [`ERC20InsufficientBalance`] - If the caller holds less than
    ///   `amount`.
    ///
    /// # Events
    ///
    /// * [`Transfer`] to the zero address.
    pub fn burn(&mut self, amount: U256) -> Result<(), Error> {
        Ok(self.erc20._burn(msg::sender(), amount)?)
    }

    /// Destroys `amount` of `from`'s AID, spending `from`'s ERC-20 allowance
    /// to the calling minter (how repayments are taken).
    ///
    /// # Errors
    ///
    /// * [`NotMinter`] - If the caller is not a minter.
    /// * [`ERC20InsufficientAllowance`] - If `from`'s allowance to the caller
    ///   is below `amount`.
    /// * [`ERC20InvalidSender`] - If `from` is the zero address.
    /// * [`ERC20InsufficientBalance`] - If `from` holds less than `amount`.
    ///
    /// # Events
    ///
    /// * [`Transfer`] to the zero address.
    pub fn burn_from(&mut self, from: Address, amount: U256) -> Result<(), Error> {
        let minter = msg::sender();
        self.only_minter(minter)?;
        self.erc20._spend_allowance(from, minter, amount)?;
        Ok(self.erc20._burn(from, amount)?)
    }

    // ------------------------------------------------------- access control

    /// `bytes32(0)`, the admin role of every role.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// `keccak256("MINTER_ADMIN_ROLE")`.
    #[selector(name = "MINTER_ADMIN_ROLE")]
    pub fn minter_admin_role(&self) -> B256 {
        MINTER_ADMIN_ROLE.into()
    }

    /// Whether `account` has `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.access.has_role(role, account)
    }

    /// The role that administers `role`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.access.get_role_admin(role)
    }

    /// Grants `role` to `account`.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks `role`'s
    ///   admin role.
    ///
    /// # Events
    ///
    /// * [`RoleGranted`](openzeppelin_stylus::access::control::RoleGranted)
    ///   if `account` did not have `role`.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Error> {
        Ok(self.access.grant_role(role, account)?)
    }

    /// Revokes `role` from `account`.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks `role`'s
    ///   admin role.
    ///
    /// # Events
    ///
    /// * [`RoleRevoked`](openzeppelin_stylus::access::control::RoleRevoked)
    ///   if `account` had `role`.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Error> {
        Ok(self.access.revoke_role(role, account)?)
    }

    /// Gives up `role` held by the caller.
    ///
    /// # Errors
    ///
    /// * [`AccessControlBadConfirmation`] - If `confirmation` is not the
    ///   caller.
    ///
    /// # Events
    ///
    /// * [`RoleRevoked`](openzeppelin_stylus::access::control::RoleRevoked)
    ///   if the caller had `role`.
    pub fn renounce_role(&mut self, role: B256, confirmation: Address) -> Result<(), Error> {
        Ok(self.access.renounce_role(role, confirmation)?)
    }

    /// ERC-165: true for IERC165, IAccessControl, IERC20, IERC20Metadata and
    /// IERC20Permit.
    pub fn supports_interface(&self, interface_id: B32) -> bool {
        INTERFACE_IDS.contains(&interface_id.0)
    }
}

/// The seven return values of `eip712Domain()` (ERC-5267).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eip712Domain {
    /// Which domain fields are used: `0x0f`.
    pub fields: FixedBytes<1>,
    /// "AI Dollar".
    pub name: String,
    /// "1".
    pub version: String,
    /// The chain id.
    pub chain_id: U256,
    /// This contract.
    pub verifying_contract: Address,
    /// Unused: zero.
    pub salt: B256,
    /// None.
    pub extensions: Vec<U256>,
}

/// What `eip712Domain()` returns: [`Eip712Domain`], encoded as Solidity
/// does. The ABI printer only knows plain tuples, which describe the same
/// Solidity signature.
#[cfg(not(feature = "export-abi"))]
pub type Eip712DomainReturn = Eip712Domain;
/// What `eip712Domain()` returns (the plain tuple, for the ABI printer).
#[cfg(feature = "export-abi")]
pub type Eip712DomainReturn = (
    FixedBytes<1>,
    String,
    String,
    U256,
    Address,
    B256,
    Vec<U256>,
);

#[cfg(feature = "export-abi")]
impl From<Eip712Domain> for Eip712DomainReturn {
    fn from(d: Eip712Domain) -> Self {
        (
            d.fields,
            d.name,
            d.version,
            d.chain_id,
            d.verifying_contract,
            d.salt,
            d.extensions,
        )
    }
}

type Eip712DomainSol = (
    sol_data::FixedBytes<1>,
    sol_data::String,
    sol_data::String,
    sol_data::Uint<256>,
    sol_data::Address,
    sol_data::FixedBytes<32>,
    sol_data::Array<sol_data::Uint<256>>,
);

/// stylus-sdk 0.9 encodes a returned tuple as one value, so a tuple holding
/// strings gets a leading offset that Solidity callers do not expect.
/// Solidity encodes several return values as a parameter sequence: do that.
impl EncodableReturnType for Eip712Domain {
    fn encode(self) -> ArbResult {
        Ok(Eip712DomainSol::abi_encode_params(&(
            self.fields,
            self.name,
            self.version,
            self.chain_id,
            self.verifying_contract,
            self.salt,
            self.extensions,
        )))
    }
}

impl AidToken {
    /// Fails unless `account` is a minter.
    fn only_minter(&self, account: Address) -> Result<(), Error> {
        if self.minters.get(account) {
            Ok(())
        } else {
            Err(NotMinter { account }.into())
        }
    }
}
