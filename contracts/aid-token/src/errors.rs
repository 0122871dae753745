//! Events and errors of the AID token, as Solidity declares them.

use alloc::vec::Vec;

use openzeppelin_stylus::{
    access::control,
    token::erc20::{self, extensions::permit},
};
pub use openzeppelin_stylus::{
    access::control::{
        AccessControlBadConfirmation, AccessControlUnauthorizedAccount, RoleAdminChanged,
        RoleGranted, RoleRevoked,
    },
    token::erc20::{
        extensions::permit::{ERC2612ExpiredSignature, ERC2612InvalidSigner},
        Approval, ERC20InsufficientAllowance, ERC20InsufficientBalance, ERC20InvalidApprover,
        ERC20InvalidReceiver, ERC20InvalidSender, ERC20InvalidSpender, Transfer,
    },
    utils::cryptography::ecdsa::{ECDSAInvalidSignature, ECDSAInvalidSignatureS},
};
use stylus_sdk::{call::MethodError, prelude::*};

mod iface {
    #![allow(missing_docs)]
    stylus_sdk::alloy_sol_types::sol!(
        #[sol(all_derives)]
        "../../interfaces/IAidToken.sol"
    );
}

// The token's own events and errors, generated from `interfaces/IAidToken.sol`, where each is
// declared and documented once; the ERC-20, permit and role ones are OpenZeppelin's types.
pub use iface::IAidToken::{
    InvalidAdmin, InvalidMinter, MinterAllowanceExceeded, MinterConfigured, MinterRemoved,
    NotMinter, TotalSupplyOverflow,
};

/// Every error the AID token reverts with.
#[derive(SolidityError, Debug)]
pub enum Error {
    /// `sender` holds less than the amount moved or burnt.
    InsufficientBalance(ERC20InsufficientBalance),
    /// Tokens cannot come from the zero address.
    InvalidSender(ERC20InvalidSender),
    /// Tokens cannot go to the zero address.
    InvalidReceiver(ERC20InvalidReceiver),
    /// `spender`'s allowance is below the amount spent.
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// The zero address cannot be approved.
    InvalidSpender(ERC20InvalidSpender),
    /// The zero address cannot approve.
    InvalidApprover(ERC20InvalidApprover),
    /// The permit's deadline has passed.
    ExpiredSignature(ERC2612ExpiredSignature),
    /// The permit was not signed by its owner.
    InvalidSigner(ERC2612InvalidSigner),
    /// The signature recovers no address.
    InvalidSignature(ECDSAInvalidSignature),
    /// The signature's `s` is in the upper half order (malleable).
    InvalidSignatureS(ECDSAInvalidSignatureS),
    /// The caller lacks the role needed.
    UnauthorizedAccount(AccessControlUnauthorizedAccount),
    /// A role can only be renounced by its holder.
    BadConfirmation(AccessControlBadConfirmation),
    /// The account is not a minter.
    NotMinter(NotMinter),
    /// The mint is above the minter's allowance.
    MinterAllowanceExceeded(MinterAllowanceExceeded),
    /// The zero address cannot be a minter.
    InvalidMinter(InvalidMinter),
    /// The zero address cannot be the admin.
    InvalidAdmin(InvalidAdmin),
    /// The total supply would overflow.
    TotalSupplyOverflow(TotalSupplyOverflow),
}

impl MethodError for Error {
    fn encode(self) -> Vec<u8> {
        self.into()
    }
}

impl From<erc20::Error> for Error {
    fn from(e: erc20::Error) -> Self {
        match e {
            erc20::Error::InsufficientBalance(e) => Self::InsufficientBalance(e),
            erc20::Error::InvalidSender(e) => Self::InvalidSender(e),
            erc20::Error::InvalidReceiver(e) => Self::InvalidReceiver(e),
            erc20::Error::InsufficientAllowance(e) => Self::InsufficientAllowance(e),
            erc20::Error::InvalidSpender(e) => Self::InvalidSpender(e),
            erc20::Error::InvalidApprover(e) => Self::InvalidApprover(e),
        }
    }
}

impl From<permit::Error> for Error {
    fn from(e: permit::Error) -> Self {
        match e {
            permit::Error::ExpiredSignature(e) => Self::ExpiredSignature(e),
            permit::Error::InvalidSigner(e) => Self::InvalidSigner(e),
            permit::Error::InsufficientBalance(e) => Self::InsufficientBalance(e),
            permit::Error::InvalidSender(e) => Self::InvalidSender(e),
            permit::Error::InvalidReceiver(e) => Self::InvalidReceiver(e),
            permit::Error::InsufficientAllowance(e) => Self::InsufficientAllowance(e),
            permit::Error::InvalidSpender(e) => Self::InvalidSpender(e),
            permit::Error::InvalidApprover(e) => Self::InvalidApprover(e),
            permit::Error::InvalidSignature(e) => Self::InvalidSignature(e),
            permit::Error::InvalidSignatureS(e) => Self::InvalidSignatureS(e),
        }
    }
}

impl From<control::Error> for Error {
    fn from(e: control::Error) -> Self {
        match e {
            control::Error::UnauthorizedAccount(e) => Self::UnauthorizedAccount(e),
            control::Error::BadConfirmation(e) => Self::BadConfirmation(e),
        }
    }
}
