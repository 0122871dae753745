//! SAidVault: the ERC-4626 "Staked AI Dollar" (sAID) vault over AID.
//!
//! sAID holders are the junior tranche of the protocol: they earn the stability fees borrowers pay
//! (and compute revenue) through [`SAidVault::distribute_yield`], and they absorb bad debt through
//! [`SAidVault::absorb_loss`], which burns AID the vault holds so the share price falls for every
//! holder alike.
//!
//! # Design
//!
//! - **ERC-4626, exactly.** Every conversion rounds per EIP-4626 in the vault's favour: shares
//!   minted and assets paid out round down, shares burned and assets pulled round up. The preview
//!   functions ignore limits; the `max*` functions honour the pause and the deposit cap.
//! - **Inflation protection: virtual shares and virtual assets.** Conversions run as if
//!   [`VIRTUAL_OFFSET`] (10^9) shares backed by 10^9 wei of AID were always there:
//!   `shares = assets * (supply + 10^9) / (totalAssets + 10^9)`. A donation made to inflate the
//!   share price is then shared with the virtual shares, so an attacker who owns 1 share loses
//!   almost all of it, and a later depositor's rounding loss is bounded by one share, i.e. by
//!   `donation / 10^9` (a 1,000,000 AID donation costs a victim at most 0.001 AID). Unlike dead
//!   shares this needs no seed deposit at deployment, and unlike a decimals offset it keeps sAID
//!   at AID's 18 decimals with an initial price of exactly 1:1 (the EIP's recommendation). The
//!   price of that protection is that the virtual position earns `10^9 / (supply + 10^9)` of each
//!   yield: 10^-9 of it with 1 AID staked, less with more. Below a price of 1 (after a loss) the
//!   virtual assets would let the holders' claims exceed what the vault holds by up to 10^9 wei, so
//!   an asset payout is capped at `totalAssets` and the last holder can always leave.
//! - **Vested yield.** A distribution vests linearly over `vestingPeriod`; `totalAssets` is the AID
//!   balance minus the still-unvested part, so depositing right before a distribution and redeeming
//!   right after earns (almost) nothing. A new distribution carries the unvested remainder into the
//!   new amount and restarts the period.
//! - **Losses.** [`SAidVault::absorb_loss`] burns unvested yield first (holders lose future income
//!   before principal) and never more than the vault holds; it returns what it absorbed so the
//!   caller can record the rest as unbacked debt.
//! - **Requested exits (ERC-7540 asynchronous redemption).** A holder requests a redemption;
//!   the shares move into the vault's own balance and stay in the supply, so they keep absorbing
//!   every loss booked during the cooldown (default 7 days, set by the admin up to 30 days). After
//!   it the controller claims through `redeem`/`withdraw` at the *lower* of the request's value at
//!   request time and its value at claim time: a requested share takes the losses but earns no
//!   yield, so a request parked to keep an instant exit open costs the yield it forgoes, and a
//!   request made just before a loss is booked cannot lock in the pre-loss price. A cancel gives
//!   back the shares that value buys at the current price (the rest is burned for the remaining
//!   holders), so requesting and cancelling cannot earn more than holding. With a cooldown of 0
//!   `redeem`/`withdraw` also exit instantly from the balance, as plain ERC-4626.
//! - **No yield for an empty vault.** While fewer than [`MIN_YIELD_SUPPLY`] shares are held
//!   outside the vault, a distribution is kept aside (`deferredYield`, not in `totalAssets`) and
//!   vests with the next distribution that finds stakers, so the virtual shares never capture it.
//! - **Full-precision conversions.** Conversions multiply in 512 bits, so no product of two
//!   amounts overflows; a result above 2^256 - 1 saturates in the views, which never revert. After
//!   a total loss (shares outstanding, no assets) deposits are refused with
//!   `SAidVaultWipedOut` until the worthless shares are redeemed.
//! - **Pausing never traps funds.** The pause stops `deposit` and `mint` only: requests, cancels
//!   and claims always work.
//! - **Size.** The contract must fit one Stylus code account, so the ERC-20 share token is
//!   implemented here instead of composing the OpenZeppelin modules, the roles and the pause are
//!   aid-support's lean [`Roles`] and [`Pause`] (OpenZeppelin's semantics, errors and events), and
//!   every revert, event and call to the asset goes through aid-support's one encoder instead of
//!   a generated encoder per type.
//!
//! # Reentrancy
//!
//! The vault calls the asset (`transferFrom`, `transfer`, `burn`, `balanceOf`). stylus-sdk 0.9
//! reverts any call back into the vault while it is on the call stack, and on top of that every
//! state change is ordered so the vault's state is consistent while the asset runs (see the
//! comments at each call site).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// Outside tests the entrypoint macro adds an undocumented `user_entrypoint` export; the test build
// (which clippy --all-targets checks too) has every public item documented.
#![cfg_attr(test, deny(missing_docs))]
extern crate alloc;

use alloc::{string::String, vec::Vec};

use aid_math::{mul_div, mul_div_full, Rounding};
use aid_support::{call, encode, log, now, sel, sender, static_call, this, Pause, Roles, Word};
use alloy_primitives::{uint, Address, FixedBytes, B256, U256, U64};
use alloy_sol_types::{SolError, SolEvent};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256, StorageU64},
};

pub use sol::*;

/// The contracts' one test clock (a per-thread offset on the test VM's fixed timestamp).
#[cfg(any(test, feature = "test-clock"))]
pub use aid_support::test_clock;
#[cfg(test)]
mod tests;

/// Virtual shares and virtual assets added to both sides of every conversion (see the crate docs).
pub const VIRTUAL_OFFSET: U256 = uint!(1_000_000_000_U256);
/// Default vesting period of a distribution: 8 hours.
pub const DEFAULT_VESTING_PERIOD: u64 = aid_bounds::vault::DEFAULT_VESTING_PERIOD;
/// Longest vesting period the admin may set: 30 days. A longer one would keep yield from
/// holders for no gain in sandwich protection.
pub const MAX_VESTING_PERIOD: u64 = aid_bounds::vault::MAX_VESTING_PERIOD;
/// Default cooldown between a redemption request and its claim: 7 days.
pub const DEFAULT_COOLDOWN: u64 = aid_bounds::vault::DEFAULT_COOLDOWN;
/// Longest cooldown the admin may set: 30 days.
pub const MAX_COOLDOWN: u64 = aid_bounds::vault::MAX_COOLDOWN;
/// Shares that must be held outside the vault for a distribution to vest: 1 sAID. Below it the
/// virtual shares' part of the yield (`10^9 / (supply + 10^9)`) would exceed 10^-9.
pub const MIN_YIELD_SUPPLY: U256 = uint!(1_000_000_000_000_000_000_U256);
/// sAID's decimals: AID's, since the virtual offset is in both units (1 share = 1 AID at start).
pub const DECIMALS: u8 = 18;

pub use aid_support::roles::{
    DEFAULT_ADMIN_ROLE, LOSS_ABSORBER_ROLE, PAUSER_ROLE, YIELD_DISTRIBUTOR_ROLE,
};

/// ERC-165 ids answered by `supportsInterface` (checked against the interfaces in tests).
const INTERFACE_IDS: [[u8; 4]; 8] = [
    [0x01, 0xff, 0xc9, 0xa7], // IERC165
    [0x79, 0x65, 0xdb, 0x0b], // IAccessControl
    [0x36, 0x37, 0x2b, 0x07], // IERC20
    [0xa2, 0x19, 0xa0, 0x25], // IERC20Metadata
    [0x87, 0xdf, 0xe5, 0xa0], // IERC4626
    [0x2f, 0x0a, 0x18, 0xc5], // IERC7575
    [0xe3, 0xbc, 0x4e, 0x65], // IERC7540Operator
    [0x62, 0x0e, 0xe8, 0xe4], // IERC7540Redeem
];

// Selectors of the asset functions the vault calls (checked against their signatures in tests).
const SEL_BALANCE_OF: [u8; 4] = sel::BALANCE_OF;
const SEL_TRANSFER: [u8; 4] = sel::TRANSFER;
const SEL_TRANSFER_FROM: [u8; 4] = sel::TRANSFER_FROM;
const SEL_BURN: [u8; 4] = sel::BURN;

/// The vault's events and errors, generated from `interfaces/ISAidVault.sol`, where each is
/// declared and documented once.
#[allow(missing_docs)]
mod sol {
    alloy_sol_types::sol!(
        #[sol(all_derives)]
        "../../interfaces/ISAidVault.sol"
    );

    pub use ISAidVault::*;
}

/// Every way a vault call can fail.
///
/// The role and pause checks are aid-support's shared components, whose failures arrive
/// encoded ([`Error::Encoded`]); they compare equal to the variant naming the same error.
#[derive(Debug)]
pub enum Error {
    /// See [`ERC20InsufficientBalance`].
    InsufficientBalance(ERC20InsufficientBalance),
    /// See [`ERC20InvalidSender`].
    InvalidSender(ERC20InvalidSender),
    /// See [`ERC20InvalidReceiver`].
    InvalidReceiver(ERC20InvalidReceiver),
    /// See [`ERC20InsufficientAllowance`].
    InsufficientAllowance(ERC20InsufficientAllowance),
    /// See [`ERC20InvalidSpender`].
    InvalidSpender(ERC20InvalidSpender),
    /// See [`ERC4626ExceededMaxDeposit`].
    ExceededMaxDeposit(ERC4626ExceededMaxDeposit),
    /// See [`ERC4626ExceededMaxMint`].
    ExceededMaxMint(ERC4626ExceededMaxMint),
    /// See [`ERC4626ExceededMaxWithdraw`].
    ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw),
    /// See [`ERC4626ExceededMaxRedeem`].
    ExceededMaxRedeem(ERC4626ExceededMaxRedeem),
    /// See [`AccessControlUnauthorizedAccount`].
    UnauthorizedAccount(AccessControlUnauthorizedAccount),
    /// See [`AccessControlBadConfirmation`].
    BadConfirmation(AccessControlBadConfirmation),
    /// See [`EnforcedPause`].
    EnforcedPause(EnforcedPause),
    /// See [`ExpectedPause`].
    ExpectedPause(ExpectedPause),
    /// See [`SafeErc20FailedOperation`].
    FailedOperation(SafeErc20FailedOperation),
    /// See [`SAidVaultInvalidAdmin`].
    InvalidAdmin(SAidVaultInvalidAdmin),
    /// See [`SAidVaultInvalidAsset`].
    InvalidAsset(SAidVaultInvalidAsset),
    /// See [`SAidVaultVestingPeriodTooLong`].
    VestingPeriodTooLong(SAidVaultVestingPeriodTooLong),
    /// See [`SAidVaultMathOverflow`].
    MathOverflow(SAidVaultMathOverflow),
    /// See [`SAidVaultCooldownTooLong`].
    CooldownTooLong(SAidVaultCooldownTooLong),
    /// See [`SAidVaultInvalidController`].
    InvalidController(SAidVaultInvalidController),
    /// See [`SAidVaultZeroShares`].
    ZeroShares(SAidVaultZeroShares),
    /// See [`SAidVaultNoRequest`].
    NoRequest(SAidVaultNoRequest),
    /// See [`SAidVaultRequestClaimable`].
    RequestClaimable(SAidVaultRequestClaimable),
    /// See [`SAidVaultWipedOut`].
    WipedOut(SAidVaultWipedOut),
    /// The asset reverted; its revert data is passed on unchanged, as a Solidity call would.
    Asset(Vec<u8>),
    /// Revert data encoded by a shared aid-support component (`AccessControlUnauthorizedAccount`,
    /// `AccessControlBadConfirmation`, `EnforcedPause`, `ExpectedPause`).
    Encoded(Vec<u8>),
}

impl Error {
    /// The revert data: each error encoded by aid-support's one encoder rather than by a
    /// generated encoder per type (the same bytes, in less program size).
    fn data(&self) -> Vec<u8> {
        let e = |selector: [u8; 4], words: &[B256]| encode(&selector, words);
        match self {
            Error::InsufficientBalance(x) => {
                e(sel(x), &[x.sender.w(), x.balance.w(), x.needed.w()])
            }
            Error::InvalidSender(x) => e(sel(x), &[x.sender.w()]),
            Error::InvalidReceiver(x) => e(sel(x), &[x.receiver.w()]),
            Error::InsufficientAllowance(x) => {
                e(sel(x), &[x.spender.w(), x.allowance.w(), x.needed.w()])
            }
            Error::InvalidSpender(x) => e(sel(x), &[x.spender.w()]),
            Error::ExceededMaxDeposit(x) => e(sel(x), &[x.receiver.w(), x.assets.w(), x.max.w()]),
            Error::ExceededMaxMint(x) => e(sel(x), &[x.receiver.w(), x.shares.w(), x.max.w()]),
            Error::ExceededMaxWithdraw(x) => e(sel(x), &[x.owner.w(), x.assets.w(), x.max.w()]),
            Error::ExceededMaxRedeem(x) => e(sel(x), &[x.owner.w(), x.shares.w(), x.max.w()]),
            Error::UnauthorizedAccount(x) => e(sel(x), &[x.account.w(), x.neededRole]),
            Error::BadConfirmation(x) => e(sel(x), &[]),
            Error::EnforcedPause(x) => e(sel(x), &[]),
            Error::ExpectedPause(x) => e(sel(x), &[]),
            Error::FailedOperation(x) => e(sel(x), &[x.token.w()]),
            Error::InvalidAdmin(x) => e(sel(x), &[x.admin.w()]),
            Error::InvalidAsset(x) => e(sel(x), &[x.asset.w()]),
            Error::VestingPeriodTooLong(x) => e(sel(x), &[x.vestingPeriod.w(), x.max.w()]),
            Error::MathOverflow(x) => e(sel(x), &[x.amount.w()]),
            Error::CooldownTooLong(x) => e(sel(x), &[x.cooldown.w(), x.max.w()]),
            Error::InvalidController(x) => e(sel(x), &[x.controller.w(), x.caller.w()]),
            Error::ZeroShares(x) => e(sel(x), &[]),
            Error::NoRequest(x) => e(sel(x), &[x.controller.w()]),
            Error::RequestClaimable(x) => e(sel(x), &[x.controller.w(), x.shares.w()]),
            Error::WipedOut(x) => e(sel(x), &[x.totalSupply.w()]),
            Error::Asset(data) | Error::Encoded(data) => data.clone(),
        }
    }
}

/// The selector of a `sol!` error value.
fn sel<T: SolError>(_: &T) -> [u8; 4] {
    T::SELECTOR
}

impl From<Error> for Vec<u8> {
    fn from(e: Error) -> Vec<u8> {
        e.data()
    }
}

/// Revert data of the shared components (roles, pause).
impl From<Vec<u8>> for Error {
    fn from(data: Vec<u8>) -> Self {
        Error::Encoded(data)
    }
}

/// Errors are equal when they revert with the same data: what a caller sees. So an error of a
/// shared component equals the typed variant it encodes (e.g. [`Error::EnforcedPause`]).
impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.data() == other.data()
    }
}

impl Eq for Error {}

fn overflow(amount: U256) -> Error {
    Error::MathOverflow(SAidVaultMathOverflow { amount })
}

/// State of the vault.
#[entrypoint]
#[storage]
pub struct SAidVault {
    /// The AID token.
    asset: StorageAddress,
    /// Deposits and mints are stopped: aid-support's [`Pause`] (one byte, packed after the asset
    /// as the plain flag was).
    paused: Pause,
    /// Seconds a new distribution vests over.
    vesting_period: StorageU64,
    /// Start of the current vesting schedule (re-based when a loss eats into it).
    vesting_start: StorageU64,
    /// End of the current vesting schedule.
    vesting_end: StorageU64,
    /// AID vesting between `vesting_start` and `vesting_end`.
    vesting_amount: StorageU256,
    /// Total assets above which `maxDeposit` is zero (`U256::MAX`: no cap).
    deposit_cap: StorageU256,
    /// sAID total supply.
    total_supply: StorageU256,
    /// sAID balances.
    balances: StorageMap<Address, StorageU256>,
    /// sAID allowances: owner → spender → shares.
    allowances: StorageMap<Address, StorageMap<Address, StorageU256>>,
    /// Role → account → member: aid-support's lean AccessControl (one slot, as the map it wraps).
    roles: Roles,
    /// Seconds between a redemption request and its claim.
    cooldown: StorageU64,
    /// Yield received while (almost) no one was staked; vests with the next distribution.
    deferred_yield: StorageU256,
    /// Controller → its (aggregated) redemption request.
    requests: StorageMap<Address, Request>,
    /// ERC-7540 operators: controller → operator → approved.
    operators: StorageMap<Address, StorageMap<Address, StorageBool>>,
}

/// A controller's redemption request: the shares, held by the vault, and what they were worth.
#[storage]
pub struct Request {
    /// Shares requested (held in the vault's own balance until claimed or cancelled).
    shares: StorageU256,
    /// Their value in AID when requested: the most a claim of them pays.
    assets: StorageU256,
    /// When the request becomes claimable.
    claimable_at: StorageU64,
}

#[public]
impl SAidVault {
    /// Sets the asset, grants `DEFAULT_ADMIN_ROLE` to `admin`, the vesting period to 8 hours, no
    /// deposit cap and a 7-day redemption cooldown.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidAdmin`] - `admin` is the zero address.
    /// * [`Error::InvalidAsset`] - `asset` is the zero address.
    ///
    /// # Events
    ///
    /// * [`RoleGranted`], [`VestingPeriodSet`], [`DepositCapSet`], [`CooldownSet`].
    #[constructor]
    pub fn constructor(&mut self, admin: Address, asset: Address) -> Result<(), Error> {
        if admin.is_zero() {
            return Err(Error::InvalidAdmin(SAidVaultInvalidAdmin { admin }));
        }
        if asset.is_zero() {
            return Err(Error::InvalidAsset(SAidVaultInvalidAsset { asset }));
        }
        self.asset.set(asset);
        self.roles.set(DEFAULT_ADMIN_ROLE.into(), admin, true);
        self.vesting_period.set(U64::from(DEFAULT_VESTING_PERIOD));
        log(
            &[VestingPeriodSet::SIGNATURE_HASH],
            &[DEFAULT_VESTING_PERIOD.w()],
        );
        self.deposit_cap.set(U256::MAX);
        log(&[DepositCapSet::SIGNATURE_HASH], &[U256::MAX.w()]);
        self.cooldown.set(U64::from(DEFAULT_COOLDOWN));
        log(&[CooldownSet::SIGNATURE_HASH], &[DEFAULT_COOLDOWN.w()]);
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // ERC-20 (the shares)
    // ----------------------------------------------------------------------------------------

    /// "Staked AI Dollar".
    pub fn name(&self) -> String {
        "Staked AI Dollar".into()
    }

    /// "sAID".
    pub fn symbol(&self) -> String {
        "sAID".into()
    }

    /// 18, as AID.
    pub fn decimals(&self) -> u8 {
        DECIMALS
    }

    /// Shares in existence.
    pub fn total_supply(&self) -> U256 {
        self.total_supply.get()
    }

    /// Shares held by `account`.
    pub fn balance_of(&self, account: Address) -> U256 {
        self.balances.get(account)
    }

    /// Shares `spender` may move for `owner`.
    pub fn allowance(&self, owner: Address, spender: Address) -> U256 {
        self.allowances.getter(owner).get(spender)
    }

    /// Lets `spender` move `value` of the caller's shares (`U256::MAX`: without limit).
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidSpender`] - `spender` is the zero address.
    ///
    /// # Events
    ///
    /// * [`Approval`].
    pub fn approve(&mut self, spender: Address, value: U256) -> Result<bool, Error> {
        if spender.is_zero() {
            return Err(Error::InvalidSpender(ERC20InvalidSpender { spender }));
        }
        let owner = sender();
        self.allowances.setter(owner).insert(spender, value);
        log(
            &[Approval::SIGNATURE_HASH, owner.w(), spender.w()],
            &[value.w()],
        );
        Ok(true)
    }

    /// Moves `value` of the caller's shares to `to`.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidReceiver`] - `to` is the zero address.
    /// * [`Error::InsufficientBalance`] - the caller holds fewer than `value` shares.
    ///
    /// # Events
    ///
    /// * [`Transfer`].
    pub fn transfer(&mut self, to: Address, value: U256) -> Result<bool, Error> {
        self.transfer_shares(sender(), to, value)?;
        Ok(true)
    }

    /// Moves `value` of `from`'s shares to `to`, spending the caller's allowance (an unlimited
    /// allowance is not spent).
    ///
    /// # Errors
    ///
    /// * [`Error::InsufficientAllowance`] - the caller may move fewer than `value` shares.
    /// * [`Error::InvalidSender`] - `from` is the zero address.
    /// * [`Error::InvalidReceiver`] - `to` is the zero address.
    /// * [`Error::InsufficientBalance`] - `from` holds fewer than `value` shares.
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
        self.spend_allowance(from, sender(), value)?;
        self.transfer_shares(from, to, value)?;
        Ok(true)
    }

    // ----------------------------------------------------------------------------------------
    // ERC-4626
    // ----------------------------------------------------------------------------------------

    /// The AID token.
    pub fn asset(&self) -> Address {
        self.asset.get()
    }

    /// AID the shares (including those in redemption requests) are worth: the vault's AID
    /// balance minus unvested and deferred yield.
    ///
    /// # Errors
    ///
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `balanceOf` failed.
    pub fn total_assets(&self) -> Result<U256, Error> {
        let balance = self.asset_balance()?;
        Ok(balance
            .saturating_sub(self.unvested_at(now()))
            .saturating_sub(self.deferred_yield.get()))
    }

    /// Shares `assets` is worth at the current price, rounded down (`U256::MAX` if more).
    ///
    /// # Errors
    ///
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `balanceOf` failed.
    pub fn convert_to_shares(&self, assets: U256) -> Result<U256, Error> {
        Ok(self.convert(self.total_assets()?, assets, true, Rounding::Down))
    }

    /// Assets `shares` is worth at the current price, rounded down (`U256::MAX` if more).
    ///
    /// # Errors
    ///
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `balanceOf` failed.
    pub fn convert_to_assets(&self, shares: U256) -> Result<U256, Error> {
        Ok(self.convert(self.total_assets()?, shares, false, Rounding::Down))
    }

    /// Most assets `deposit` accepts now: zero while paused or wiped out, otherwise what is left
    /// under the deposit cap (`U256::MAX` without a cap).
    ///
    /// # Errors
    ///
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `balanceOf` failed.
    pub fn max_deposit(&self, receiver: Address) -> Result<U256, Error> {
        let _ = receiver;
        if self.paused.paused() {
            return Ok(U256::ZERO);
        }
        Ok(self.room(self.total_assets()?))
    }

    /// Shares `deposit(assets)` would mint now (rounded down), ignoring the pause and the cap.
    ///
    /// # Errors
    ///
    /// As [`Self::convert_to_shares`].
    pub fn preview_deposit(&self, assets: U256) -> Result<U256, Error> {
        self.convert_to_shares(assets)
    }

    /// Deposits `assets` AID from the caller (who approved the vault) and mints the shares to
    /// `receiver`. Returns the shares minted.
    ///
    /// # Errors
    ///
    /// * [`Error::EnforcedPause`] - deposits are paused.
    /// * [`Error::WipedOut`] - shares are outstanding and the vault has no assets.
    /// * [`Error::ExceededMaxDeposit`] - `assets` is above [`Self::max_deposit`].
    /// * [`Error::InvalidReceiver`] - `receiver` is the zero address.
    /// * [`Error::MathOverflow`] - the conversion does not fit in 256 bits.
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `transferFrom` failed
    ///   (e.g. the vault's allowance or the caller's balance is too small).
    ///
    /// # Events
    ///
    /// * [`Transfer`], [`Deposit`].
    pub fn deposit(&mut self, assets: U256, receiver: Address) -> Result<U256, Error> {
        self.enter(assets, receiver, false)
    }

    /// Most shares `mint` accepts now: zero while paused or wiped out, `U256::MAX` without a cap,
    /// otherwise the shares the room under the cap buys (rounded down).
    ///
    /// # Errors
    ///
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `balanceOf` failed.
    pub fn max_mint(&self, receiver: Address) -> Result<U256, Error> {
        let _ = receiver;
        if self.paused.paused() {
            return Ok(U256::ZERO);
        }
        Ok(self.max_mint_at(self.total_assets()?))
    }

    /// Assets `mint(shares)` would pull now (rounded up), ignoring the pause and the cap.
    ///
    /// # Errors
    ///
    /// As [`Self::convert_to_assets`].
    pub fn preview_mint(&self, shares: U256) -> Result<U256, Error> {
        Ok(self.convert(self.total_assets()?, shares, false, Rounding::Up))
    }

    /// Mints exactly `shares` to `receiver` for the assets they cost (rounded up), pulled from
    /// the caller. Returns the assets pulled.
    ///
    /// # Errors
    ///
    /// * [`Error::EnforcedPause`] - mints are paused.
    /// * [`Error::WipedOut`] - shares are outstanding and the vault has no assets.
    /// * [`Error::ExceededMaxMint`] - `shares` is above [`Self::max_mint`].
    /// * [`Error::InvalidReceiver`] - `receiver` is the zero address.
    /// * [`Error::MathOverflow`] - the conversion does not fit in 256 bits.
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `transferFrom` failed.
    ///
    /// # Events
    ///
    /// * [`Transfer`], [`Deposit`].
    pub fn mint(&mut self, shares: U256, receiver: Address) -> Result<U256, Error> {
        self.enter(shares, receiver, true)
    }

    /// Most assets `owner` can take out right now: with a claimable request, what the request
    /// pays ([`Self::redeem`]); otherwise, with a cooldown of 0, its shares' worth (rounded down);
    /// otherwise 0. Never limited by the pause.
    ///
    /// # Errors
    ///
    /// As [`Self::convert_to_assets`].
    pub fn max_withdraw(&self, owner: Address) -> Result<U256, Error> {
        Ok(self.exitable(owner, self.total_assets()?).1)
    }

    /// Shares `withdraw(assets)` burns on the instant path (cooldown 0), rounded up. A claim of a
    /// request never burns fewer.
    ///
    /// # Errors
    ///
    /// As [`Self::convert_to_shares`].
    pub fn preview_withdraw(&self, assets: U256) -> Result<U256, Error> {
        Ok(self.convert(self.total_assets()?, assets, true, Rounding::Up))
    }

    /// Pays `assets` AID to `receiver`. With a claimable request of `owner` (the ERC-7540
    /// controller) it burns the request's shares that pay them (rounded up); otherwise, with a
    /// cooldown of 0, it burns the shares `assets` costs (rounded up) from `owner`'s balance, a
    /// caller other than `owner` or its operator spending its allowance. Returns the shares burned.
    ///
    /// # Errors
    ///
    /// * [`Error::ExceededMaxWithdraw`] - `assets` is above [`Self::max_withdraw`].
    /// * [`Error::InvalidController`] - a claim by a caller that is neither `owner` nor its
    ///   operator.
    /// * [`Error::InvalidSender`] - `owner` is the zero address.
    /// * [`Error::InvalidReceiver`] - `receiver` is the zero address.
    /// * [`Error::InsufficientAllowance`] - the caller may not burn that many of `owner`'s shares.
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `transfer` failed.
    ///
    /// # Events
    ///
    /// * [`Transfer`], [`Withdraw`].
    pub fn withdraw(
        &mut self,
        assets: U256,
        receiver: Address,
        owner: Address,
    ) -> Result<U256, Error> {
        self.exit(assets, receiver, owner, false)
    }

    /// Most shares `owner` can redeem right now: its claimable request; without one and with a
    /// cooldown of 0, its balance; otherwise 0. Never limited by the pause.
    ///
    /// # Errors
    ///
    /// As [`Self::convert_to_assets`].
    pub fn max_redeem(&self, owner: Address) -> Result<U256, Error> {
        Ok(self.exitable(owner, self.total_assets()?).0)
    }

    /// Assets `redeem(shares)` pays on the instant path (cooldown 0), rounded down. A claim of a
    /// request never pays more.
    ///
    /// # Errors
    ///
    /// As [`Self::convert_to_assets`].
    pub fn preview_redeem(&self, shares: U256) -> Result<U256, Error> {
        self.convert_to_assets(shares)
    }

    /// Burns exactly `shares` and sends what they pay (rounded down) to `receiver`. With a
    /// claimable request of `owner` (the ERC-7540 controller) the shares come from the request
    /// and pay their part of `min(value at request, value now)`; otherwise, with a cooldown of 0,
    /// they come from `owner`'s balance at the current price, a caller other than `owner` or its
    /// operator spending its allowance. Returns the assets paid.
    ///
    /// # Errors
    ///
    /// * [`Error::ExceededMaxRedeem`] - `shares` is above [`Self::max_redeem`].
    /// * [`Error::InvalidController`] - a claim by a caller that is neither `owner` nor its
    ///   operator.
    /// * [`Error::InvalidSender`] - `owner` is the zero address.
    /// * [`Error::InvalidReceiver`] - `receiver` is the zero address.
    /// * [`Error::InsufficientAllowance`] - the caller may not burn that many of `owner`'s shares.
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `transfer` failed.
    ///
    /// # Events
    ///
    /// * [`Transfer`], [`Withdraw`].
    pub fn redeem(
        &mut self,
        shares: U256,
        receiver: Address,
        owner: Address,
    ) -> Result<U256, Error> {
        self.exit(shares, receiver, owner, true)
    }

    // ----------------------------------------------------------------------------------------
    // ERC-7540 asynchronous redemption and ERC-7575
    // ----------------------------------------------------------------------------------------

    /// ERC-7575: the share token, this vault.
    pub fn share(&self) -> Address {
        this()
    }

    /// Moves `shares` of `owner` into `controller`'s redemption request; they become claimable
    /// after the cooldown (at once with a cooldown of 0) and until then stay in the supply,
    /// absorbing losses. Adding to a pending request restarts its cooldown. The caller must be
    /// `owner`, its operator or hold an allowance, and must be `controller` or its operator (so
    /// no one can restart someone else's cooldown). Returns the request id: always 0.
    ///
    /// # Errors
    ///
    /// * [`Error::ZeroShares`] - `shares` is zero.
    /// * [`Error::InvalidController`] - the caller is neither `controller` nor its operator.
    /// * [`Error::RequestClaimable`] - `controller` has a claimable request: claim it first.
    /// * [`Error::InsufficientAllowance`] - the caller may not move that many of `owner`'s shares.
    /// * [`Error::InsufficientBalance`] - `owner` holds fewer than `shares`.
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `balanceOf` failed.
    ///
    /// # Events
    ///
    /// * [`Transfer`] (owner to vault), [`RedeemRequest`].
    pub fn request_redeem(
        &mut self,
        shares: U256,
        controller: Address,
        owner: Address,
    ) -> Result<U256, Error> {
        if shares.is_zero() {
            return Err(Error::ZeroShares(SAidVaultZeroShares {}));
        }
        let caller = self.only_controller(controller)?;
        let t = now();
        let (held, cap, at) = self.redeem_request(controller);
        if !held.is_zero() && t >= at {
            return Err(Error::RequestClaimable(SAidVaultRequestClaimable {
                controller,
                shares: held,
            }));
        }
        if caller != owner && !self.is_operator(owner, caller) {
            self.spend_allowance(owner, caller, shares)?;
        }
        let value = self.convert(self.total_assets()?, shares, false, Rounding::Down);
        // The shares stay in the supply (held by the vault), so every loss until the claim
        // reaches them; the balance check is the transfer's.
        self.update(owner, this(), shares)?;
        let mut r = self.requests.setter(controller);
        // Cannot overflow: both sums are bounded by the supply and by what it is worth.
        r.shares.set(held + shares);
        r.assets.set(cap.saturating_add(value));
        r.claimable_at
            .set(U64::from(t.saturating_add(self.cooldown.get().to::<u64>())));
        log(
            &[
                RedeemRequest::SIGNATURE_HASH,
                controller.w(),
                owner.w(),
                U256::ZERO.w(),
            ],
            &[caller.w(), shares.w()],
        );
        Ok(U256::ZERO)
    }

    /// Shares of `controller`'s request still in their cooldown (`request_id` is ignored: one
    /// aggregated request per controller, id 0).
    pub fn pending_redeem_request(&self, request_id: U256, controller: Address) -> U256 {
        let _ = request_id;
        let (shares, _, at) = self.redeem_request(controller);
        if now() < at {
            shares
        } else {
            U256::ZERO
        }
    }

    /// Shares of `controller`'s request that can be claimed now (`request_id` is ignored).
    pub fn claimable_redeem_request(&self, request_id: U256, controller: Address) -> U256 {
        let _ = request_id;
        let (shares, _, at) = self.redeem_request(controller);
        if now() >= at {
            shares
        } else {
            U256::ZERO
        }
    }

    /// `controller`'s request: `(shares, assets, claimableAt)`, where `assets` is the most a
    /// claim pays (the value when requested) and `claimableAt` when the cooldown ends.
    pub fn redeem_request(&self, controller: Address) -> (U256, U256, u64) {
        let r = self.requests.getter(controller);
        (
            r.shares.get(),
            r.assets.get(),
            r.claimable_at.get().to::<u64>(),
        )
    }

    /// Cancels `controller`'s request, pending or claimable, and gives `controller` back the
    /// shares the request's claim value buys at the current price: all of them unless the
    /// price rose (a request earns no yield), the rest being burned for the other holders. A
    /// new request starts a full cooldown. Returns the shares given back.
    ///
    /// # Errors
    ///
    /// * [`Error::InvalidController`] - the caller is neither `controller` nor its operator.
    /// * [`Error::NoRequest`] - `controller` has no request.
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `balanceOf` failed.
    ///
    /// # Events
    ///
    /// * [`Transfer`] (vault to controller, and the burn), [`RedeemRequestCancelled`].
    pub fn cancel_redeem_request(&mut self, controller: Address) -> Result<U256, Error> {
        let sender = self.only_controller(controller)?;
        let (shares, cap, _) = self.redeem_request(controller);
        if shares.is_zero() {
            return Err(Error::NoRequest(SAidVaultNoRequest { controller }));
        }
        let ta = self.total_assets()?;
        let returned = if self.convert(ta, shares, false, Rounding::Down) <= cap {
            shares
        } else {
            // The r shares worth `cap` once the other `shares - r` are burnt:
            // r × (ta + v) / (supply − shares + r + v) = cap. Here ta >= value > cap, and the
            // request is part of the supply.
            let others = self.total_supply.get() - shares + VIRTUAL_OFFSET;
            mul_div_full(cap, others, ta - cap + VIRTUAL_OFFSET, Rounding::Down)
                .unwrap_or(shares)
                .min(shares)
        };
        let mut r = self.requests.setter(controller);
        r.shares.erase();
        r.assets.erase();
        r.claimable_at.erase();
        self.update(this(), controller, returned)?;
        self.update(this(), Address::ZERO, shares - returned)?;
        log(
            &[RedeemRequestCancelled::SIGNATURE_HASH, controller.w()],
            &[sender.w(), shares.w(), returned.w()],
        );
        Ok(returned)
    }

    /// Approves (or revokes) `operator` to request, cancel and claim for the caller and to move
    /// its shares into requests. Returns true.
    ///
    /// # Events
    ///
    /// * [`OperatorSet`].
    pub fn set_operator(&mut self, operator: Address, approved: bool) -> bool {
        let controller = sender();
        self.operators.setter(controller).insert(operator, approved);
        log(
            &[OperatorSet::SIGNATURE_HASH, controller.w(), operator.w()],
            &[approved.w()],
        );
        true
    }

    /// Whether `operator` may act for `controller`.
    pub fn is_operator(&self, controller: Address, operator: Address) -> bool {
        self.operators.getter(controller).get(operator)
    }

    /// Seconds between a request and its claim.
    pub fn cooldown(&self) -> u64 {
        self.cooldown.get().to::<u64>()
    }

    /// Sets the cooldown of future requests (existing ones keep their claim time); 0 makes
    /// requests claimable at once and lets `redeem`/`withdraw` exit from the balance.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `DEFAULT_ADMIN_ROLE`.
    /// * [`Error::CooldownTooLong`] - `cooldown` is above [`MAX_COOLDOWN`].
    ///
    /// # Events
    ///
    /// * [`CooldownSet`].
    pub fn set_cooldown(&mut self, cooldown: u64) -> Result<(), Error> {
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
        if cooldown > MAX_COOLDOWN {
            return Err(Error::CooldownTooLong(SAidVaultCooldownTooLong {
                cooldown,
                max: MAX_COOLDOWN,
            }));
        }
        self.cooldown.set(U64::from(cooldown));
        log(&[CooldownSet::SIGNATURE_HASH], &[cooldown.w()]);
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // Yield and losses
    // ----------------------------------------------------------------------------------------

    /// Pulls `amount` AID from the caller (who approved the vault) and vests it, together with
    /// the still-unvested remainder of earlier distributions, linearly over `vestingPeriod` from
    /// now. A zero `amount` does nothing, so the minter may call it unconditionally.
    ///
    /// While fewer than [`MIN_YIELD_SUPPLY`] shares are held outside the vault the amount is
    /// deferred instead (held, not in `totalAssets`, so the virtual shares cannot own it); the
    /// first distribution that finds stakers vests it with its own amount. Never refused for
    /// that, so the minter's drips and repayments go on.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `YIELD_DISTRIBUTOR_ROLE`.
    /// * [`Error::MathOverflow`] - `amount` plus the unvested remainder overflows.
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `transferFrom` failed.
    ///
    /// # Events
    ///
    /// * [`YieldDistributed`], or [`YieldDeferred`] below the minimum supply.
    pub fn distribute_yield(&mut self, amount: U256) -> Result<(), Error> {
        let from = self.roles.only(YIELD_DISTRIBUTOR_ROLE)?;
        if amount.is_zero() {
            return Ok(());
        }
        let t = now();
        let deferred = self.deferred_yield.get();
        let carried = self
            .unvested_at(t)
            .checked_add(deferred)
            .ok_or(overflow(amount))?;
        let total = amount.checked_add(carried).ok_or(overflow(amount))?;
        // Pull before recording the schedule: `totalAssets` is balance minus unvested, so while the
        // asset runs the old schedule matches the old balance; recording first would have the
        // schedule claim AID the vault does not hold yet.
        self.asset_call(SEL_TRANSFER_FROM, &[from.w(), this().w(), amount.w()], true)?;
        // Shares in requests earn no yield (their claim is capped), so only shares held outside
        // the vault count; the vault's own balance is at most the supply.
        let staked = self.total_supply.get() - self.balances.get(this());
        if staked < MIN_YIELD_SUPPLY {
            let deferred = deferred + amount;
            self.deferred_yield.set(deferred);
            log(
                &[YieldDeferred::SIGNATURE_HASH, from.w()],
                &[amount.w(), deferred.w()],
            );
            return Ok(());
        }
        self.deferred_yield.set(U256::ZERO);
        let end = t.saturating_add(self.vesting_period.get().to::<u64>());
        self.vesting_amount.set(total);
        self.vesting_start.set(U64::from(t));
        self.vesting_end.set(U64::from(end));
        log(
            &[YieldDistributed::SIGNATURE_HASH, from.w()],
            &[amount.w(), carried.w(), end.w()],
        );
        Ok(())
    }

    /// Burns up to `amount` AID held by the vault, deferred and unvested yield first, so the share price
    /// falls for every holder alike. Returns the AID actually burned: `min(amount, balance)`;
    /// the caller records the rest as unbacked debt. A zero `amount` does nothing.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `LOSS_ABSORBER_ROLE`.
    /// * [`Error::Asset`] / [`Error::FailedOperation`] - the asset's `balanceOf` or `burn` failed.
    ///
    /// # Events
    ///
    /// * [`LossAbsorbed`].
    pub fn absorb_loss(&mut self, amount: U256) -> Result<U256, Error> {
        self.roles.only(LOSS_ABSORBER_ROLE)?;
        if amount.is_zero() {
            return Ok(U256::ZERO);
        }
        let absorbed = amount.min(self.asset_balance()?);
        // Yield no holder owns yet goes first: the deferred yield, then the unvested.
        let deferred = self.deferred_yield.get();
        let from_deferred = absorbed.min(deferred);
        self.deferred_yield.set(deferred - from_deferred);
        let t = now();
        let unvested = self.unvested_at(t);
        let from_unvested = (absorbed - from_deferred).min(unvested);
        if !unvested.is_zero() {
            // Re-base the schedule at now with what is left, keeping its end: the rest of the
            // yield keeps vesting at the same pace towards the same moment.
            self.vesting_amount.set(unvested - from_unvested);
            self.vesting_start.set(U64::from(t));
        }
        // The schedule is final before the burn; a failing burn reverts it all. No one can call
        // the vault while the asset runs (stylus-sdk reverts re-entry).
        if !absorbed.is_zero() {
            self.asset_call(SEL_BURN, &[absorbed.w()], false)?;
        }
        log(
            &[LossAbsorbed::SIGNATURE_HASH],
            &[
                amount.w(),
                absorbed.w(),
                (from_deferred + from_unvested).w(),
            ],
        );
        Ok(absorbed)
    }

    /// AID distributed but not vested yet (not in `totalAssets`).
    pub fn unvested_yield(&self) -> U256 {
        self.unvested_at(now())
    }

    /// AID distributed while (almost) no one was staked, waiting for the next distribution
    /// (not in `totalAssets`).
    pub fn deferred_yield(&self) -> U256 {
        self.deferred_yield.get()
    }

    /// Seconds a new distribution vests over.
    pub fn vesting_period(&self) -> u64 {
        self.vesting_period.get().to::<u64>()
    }

    /// When the current distribution is fully vested (0 before the first).
    pub fn vesting_end(&self) -> u64 {
        self.vesting_end.get().to::<u64>()
    }

    /// Sets the vesting period of future distributions (the current one keeps its end).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `DEFAULT_ADMIN_ROLE`.
    /// * [`Error::VestingPeriodTooLong`] - `period` is above [`MAX_VESTING_PERIOD`].
    ///
    /// # Events
    ///
    /// * [`VestingPeriodSet`].
    pub fn set_vesting_period(&mut self, period: u64) -> Result<(), Error> {
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
        if period > MAX_VESTING_PERIOD {
            return Err(Error::VestingPeriodTooLong(SAidVaultVestingPeriodTooLong {
                vestingPeriod: period,
                max: MAX_VESTING_PERIOD,
            }));
        }
        self.vesting_period.set(U64::from(period));
        log(&[VestingPeriodSet::SIGNATURE_HASH], &[period.w()]);
        Ok(())
    }

    /// Total assets above which deposits stop (`U256::MAX`: no cap).
    pub fn deposit_cap(&self) -> U256 {
        self.deposit_cap.get()
    }

    /// Sets the deposit cap. A cap below the current total assets just stops deposits.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `DEFAULT_ADMIN_ROLE`.
    ///
    /// # Events
    ///
    /// * [`DepositCapSet`].
    pub fn set_deposit_cap(&mut self, cap: U256) -> Result<(), Error> {
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
        self.deposit_cap.set(cap);
        log(&[DepositCapSet::SIGNATURE_HASH], &[cap.w()]);
        Ok(())
    }

    // ----------------------------------------------------------------------------------------
    // Pause
    // ----------------------------------------------------------------------------------------

    /// Whether deposits and mints are paused.
    pub fn paused(&self) -> bool {
        self.paused.paused()
    }

    /// Stops deposits and mints (never withdrawals or redemptions).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `PAUSER_ROLE`.
    /// * [`Error::EnforcedPause`] - already paused.
    ///
    /// # Events
    ///
    /// * [`Paused`].
    pub fn pause(&mut self) -> Result<(), Error> {
        self.roles.only(PAUSER_ROLE)?;
        Ok(self.paused.set(true)?)
    }

    /// Resumes deposits and mints.
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `PAUSER_ROLE`.
    /// * [`Error::ExpectedPause`] - not paused.
    ///
    /// # Events
    ///
    /// * [`Unpaused`].
    pub fn unpause(&mut self) -> Result<(), Error> {
        self.roles.only(PAUSER_ROLE)?;
        Ok(self.paused.set(false)?)
    }

    // ----------------------------------------------------------------------------------------
    // Access control (OpenZeppelin's ABI; every role is administered by DEFAULT_ADMIN_ROLE)
    // ----------------------------------------------------------------------------------------

    /// `bytes32(0)`: administers every role and the vault's parameters.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// `keccak256("YIELD_DISTRIBUTOR_ROLE")`.
    #[selector(name = "YIELD_DISTRIBUTOR_ROLE")]
    pub fn yield_distributor_role(&self) -> B256 {
        YIELD_DISTRIBUTOR_ROLE.into()
    }

    /// `keccak256("LOSS_ABSORBER_ROLE")`.
    #[selector(name = "LOSS_ABSORBER_ROLE")]
    pub fn loss_absorber_role(&self) -> B256 {
        LOSS_ABSORBER_ROLE.into()
    }

    /// `keccak256("PAUSER_ROLE")`.
    #[selector(name = "PAUSER_ROLE")]
    pub fn pauser_role(&self) -> B256 {
        PAUSER_ROLE.into()
    }

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has(role, account)
    }

    /// The role that administers `role`: `DEFAULT_ADMIN_ROLE` for every role.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        let _ = role;
        DEFAULT_ADMIN_ROLE.into()
    }

    /// Grants `role` to `account` (no-op if it holds it).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `DEFAULT_ADMIN_ROLE`.
    ///
    /// # Events
    ///
    /// * [`RoleGranted`] - if `account` did not hold `role`.
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Error> {
        Ok(self.roles.admin_set(role, account, true)?)
    }

    /// Revokes `role` from `account` (no-op if it does not hold it).
    ///
    /// # Errors
    ///
    /// * [`Error::UnauthorizedAccount`] - the caller lacks `DEFAULT_ADMIN_ROLE`.
    ///
    /// # Events
    ///
    /// * [`RoleRevoked`] - if `account` held `role`.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Error> {
        Ok(self.roles.admin_set(role, account, false)?)
    }

    /// Gives up `role`; `confirmation` must be the caller.
    ///
    /// # Errors
    ///
    /// * [`Error::BadConfirmation`] - `confirmation` is not the caller.
    ///
    /// # Events
    ///
    /// * [`RoleRevoked`] - if the caller held `role`.
    pub fn renounce_role(&mut self, role: B256, confirmation: Address) -> Result<(), Error> {
        Ok(self.roles.renounce(role, confirmation)?)
    }

    /// ERC-165: true for IERC165, IAccessControl, IERC20, IERC20Metadata, IERC4626, IERC7575,
    /// IERC7540Operator and IERC7540Redeem.
    pub fn supports_interface(&self, interface_id: FixedBytes<4>) -> bool {
        INTERFACE_IDS.contains(&interface_id.0)
    }
}

impl SAidVault {
    /// AID still vesting at time `t`, rounded up so yield is never released early.
    fn unvested_at(&self, t: u64) -> U256 {
        let end = self.vesting_end.get().to::<u64>();
        if t >= end {
            return U256::ZERO;
        }
        // t < end and start <= t, so 0 < end - t <= end - start: the result is at most the
        // amount and the division cannot fail; the product (amount below 2^256 / 2^64 for any
        // real token supply) cannot overflow, and would saturate to the full amount if it did.
        let amount = self.vesting_amount.get();
        let left = U256::from(end - t);
        let span = U256::from(end - self.vesting_start.get().to::<u64>());
        mul_div(amount, left, span, Rounding::Up).unwrap_or(amount)
    }

    /// `amount` converted at total assets `ta`: assets to shares (`to_shares`) or back, each side
    /// padded with [`VIRTUAL_OFFSET`], in full precision; a result above 2^256 - 1 saturates (a
    /// view then says "more than can exist", and a state change fails on it later).
    fn convert(&self, ta: U256, amount: U256, to_shares: bool, rounding: Rounding) -> U256 {
        let assets = ta.saturating_add(VIRTUAL_OFFSET);
        let shares = self.total_supply.get().saturating_add(VIRTUAL_OFFSET);
        let (num, den) = if to_shares {
            (shares, assets)
        } else {
            (assets, shares)
        };
        // The denominator is at least 10^9, so overflow is the only failure.
        let out = mul_div_full(amount, num, den, rounding).unwrap_or(U256::MAX);
        // A payout never exceeds the real assets. Below a price of 1 (after a loss) the virtual
        // assets would otherwise let the holders' claims add up to as much as 10^9 wei more than
        // the vault holds, and the last holder's full redemption would fail.
        if to_shares || rounding == Rounding::Up {
            out
        } else {
            out.min(ta)
        }
    }

    /// Whether a loss took every asset while shares are outstanding: their price is then 0 and a
    /// deposit would multiply the share count by about `assets / 10^9`.
    fn wiped_out(&self, ta: U256) -> bool {
        ta.is_zero() && !self.total_supply.get().is_zero()
    }

    /// Assets that may still be deposited under the cap at total assets `ta` (none when wiped
    /// out).
    fn room(&self, ta: U256) -> U256 {
        let cap = self.deposit_cap.get();
        if self.wiped_out(ta) {
            U256::ZERO
        } else if cap == U256::MAX {
            cap
        } else {
            cap.saturating_sub(ta)
        }
    }

    fn max_mint_at(&self, ta: U256) -> U256 {
        let room = self.room(ta);
        if room == U256::MAX {
            return room;
        }
        self.convert(ta, room, true, Rounding::Down)
    }

    /// `deposit` (`is_mint == false`: `amount` is assets) and `mint` (`amount` is shares).
    fn enter(&mut self, amount: U256, receiver: Address, is_mint: bool) -> Result<U256, Error> {
        self.paused.when_not_paused()?;
        let ta = self.total_assets()?;
        if self.wiped_out(ta) {
            return Err(Error::WipedOut(SAidVaultWipedOut {
                totalSupply: self.total_supply.get(),
            }));
        }
        let (assets, shares) = if is_mint {
            let max = self.max_mint_at(ta);
            if amount > max {
                return Err(Error::ExceededMaxMint(ERC4626ExceededMaxMint {
                    receiver,
                    shares: amount,
                    max,
                }));
            }
            (self.convert(ta, amount, false, Rounding::Up), amount)
        } else {
            let max = self.room(ta);
            if amount > max {
                return Err(Error::ExceededMaxDeposit(ERC4626ExceededMaxDeposit {
                    receiver,
                    assets: amount,
                    max,
                }));
            }
            (amount, self.convert(ta, amount, true, Rounding::Down))
        };
        if receiver.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver { receiver }));
        }
        let caller = sender();
        // Pull the assets before minting: at no point do shares exist that the vault's balance
        // does not back, so the state the asset could observe is the old, consistent one.
        self.asset_call(
            SEL_TRANSFER_FROM,
            &[caller.w(), this().w(), assets.w()],
            true,
        )?;
        self.update(Address::ZERO, receiver, shares)?;
        log(
            &[Deposit::SIGNATURE_HASH, caller.w(), receiver.w()],
            &[assets.w(), shares.w()],
        );
        Ok(if is_mint { assets } else { shares })
    }

    /// What `owner` can take out now at total assets `ta`: `(shares, assets, is_claim)`. A
    /// claimable request pays `min(value at request, value now)`; without one, a cooldown of 0
    /// lets the balance out at the current price.
    fn exitable(&self, owner: Address, ta: U256) -> (U256, U256, bool) {
        let (shares, cap, at) = self.redeem_request(owner);
        if !shares.is_zero() && now() >= at {
            let value = self.convert(ta, shares, false, Rounding::Down);
            return (shares, value.min(cap), true);
        }
        if self.cooldown.get().is_zero() {
            let balance = self.balances.get(owner);
            return (
                balance,
                self.convert(ta, balance, false, Rounding::Down),
                false,
            );
        }
        (U256::ZERO, U256::ZERO, false)
    }

    /// `withdraw` (`is_redeem == false`: `amount` is assets) and `redeem` (`amount` is shares):
    /// a claim of `owner`'s claimable request, or with a cooldown of 0 an instant exit.
    fn exit(
        &mut self,
        amount: U256,
        receiver: Address,
        owner: Address,
        is_redeem: bool,
    ) -> Result<U256, Error> {
        let ta = self.total_assets()?;
        let (max_shares, max_assets, claim) = self.exitable(owner, ta);
        let (assets, shares) = if is_redeem {
            if amount > max_shares {
                return Err(Error::ExceededMaxRedeem(ERC4626ExceededMaxRedeem {
                    owner,
                    shares: amount,
                    max: max_shares,
                }));
            }
            let assets = if claim {
                // amount <= max_shares: at most max_assets, so it fits.
                mul_div_full(amount, max_assets, max_shares, Rounding::Down).unwrap_or(max_assets)
            } else {
                self.convert(ta, amount, false, Rounding::Down)
            };
            (assets, amount)
        } else {
            if amount > max_assets {
                return Err(Error::ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw {
                    owner,
                    assets: amount,
                    max: max_assets,
                }));
            }
            // shares = ceil(amount * S / A) <= S, as amount <= A (a zero A only allows 0).
            let shares = if claim {
                mul_div_full(amount, max_shares, max_assets, Rounding::Up).unwrap_or(U256::ZERO)
            } else {
                self.convert(ta, amount, true, Rounding::Up)
            };
            (amount, shares)
        };
        if owner.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: owner }));
        }
        if receiver.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver { receiver }));
        }
        let caller = sender();
        // Burn before paying out: while the asset runs, the remaining shares are backed by at
        // least the remaining balance.
        if claim {
            self.only_controller(owner)?;
            let (held, cap, _) = self.redeem_request(owner);
            let left = held - shares;
            let mut r = self.requests.setter(owner);
            r.shares.set(left);
            // The cap shrinks with the shares (rounded down): the rest of the request can never
            // be paid more than its part of the value at request time.
            r.assets
                .set(mul_div_full(cap, left, held, Rounding::Down).unwrap_or(U256::ZERO));
            self.update(this(), Address::ZERO, shares)?;
        } else {
            if caller != owner && !self.is_operator(owner, caller) {
                self.spend_allowance(owner, caller, shares)?;
            }
            self.update(owner, Address::ZERO, shares)?;
        }
        self.asset_call(SEL_TRANSFER, &[receiver.w(), assets.w()], true)?;
        log(
            &[
                Withdraw::SIGNATURE_HASH,
                caller.w(),
                receiver.w(),
                owner.w(),
            ],
            &[assets.w(), shares.w()],
        );
        Ok(if is_redeem { assets } else { shares })
    }

    /// Returns the caller if it is `controller` or an operator `controller` approved.
    fn only_controller(&self, controller: Address) -> Result<Address, Error> {
        let caller = sender();
        if caller != controller && !self.is_operator(controller, caller) {
            return Err(Error::InvalidController(SAidVaultInvalidController {
                controller,
                caller,
            }));
        }
        Ok(caller)
    }

    fn transfer_shares(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        if from.is_zero() {
            return Err(Error::InvalidSender(ERC20InvalidSender { sender: from }));
        }
        if to.is_zero() {
            return Err(Error::InvalidReceiver(ERC20InvalidReceiver {
                receiver: to,
            }));
        }
        self.update(from, to, value)
    }

    /// Moves, mints (`from` zero) or burns (`to` zero) shares and emits `Transfer`.
    fn update(&mut self, from: Address, to: Address, value: U256) -> Result<(), Error> {
        let supply = self.total_supply.get();
        if from.is_zero() {
            let supply = supply.checked_add(value).ok_or(overflow(value))?;
            self.total_supply.set(supply);
        } else {
            let balance = self.balances.get(from);
            if balance < value {
                return Err(Error::InsufficientBalance(ERC20InsufficientBalance {
                    sender: from,
                    balance,
                    needed: value,
                }));
            }
            self.balances.insert(from, balance - value);
        }
        if to.is_zero() {
            // value <= balance(from) <= supply.
            self.total_supply.set(self.total_supply.get() - value);
        } else {
            // Cannot overflow: the sum of balances is the supply, which fit.
            let balance = self.balances.get(to);
            self.balances.insert(to, balance + value);
        }
        log(&[Transfer::SIGNATURE_HASH, from.w(), to.w()], &[value.w()]);
        Ok(())
    }

    fn spend_allowance(
        &mut self,
        owner: Address,
        spender: Address,
        value: U256,
    ) -> Result<(), Error> {
        let allowance = self.allowance(owner, spender);
        if allowance == U256::MAX {
            return Ok(());
        }
        if allowance < value {
            return Err(Error::InsufficientAllowance(ERC20InsufficientAllowance {
                spender,
                allowance,
                needed: value,
            }));
        }
        self.allowances
            .setter(owner)
            .insert(spender, allowance - value);
        Ok(())
    }

    /// The vault's AID balance.
    fn asset_balance(&self) -> Result<U256, Error> {
        let ret = self.raw_asset_call(SEL_BALANCE_OF, &[this().w()], true)?;
        if ret.len() < 32 {
            return Err(self.failed());
        }
        Ok(U256::from_be_slice(&ret[..32]))
    }

    /// Calls the asset; with `must_return_true` the answer must be ABI `true` (an account
    /// without code answers nothing, so a wrong asset address cannot fake a transfer).
    fn asset_call(
        &mut self,
        selector: [u8; 4],
        args: &[B256],
        must_return_true: bool,
    ) -> Result<(), Error> {
        let ret = self.raw_asset_call(selector, args, false)?;
        if must_return_true && (ret.len() < 32 || U256::from_be_slice(&ret[..32]) != U256::from(1))
        {
            return Err(self.failed());
        }
        Ok(())
    }

    fn raw_asset_call(
        &self,
        selector: [u8; 4],
        args: &[B256],
        is_static: bool,
    ) -> Result<Vec<u8>, Error> {
        let asset = self.asset.get();
        if is_static {
            static_call(asset, selector, args)
        } else {
            call(asset, selector, args)
        }
        .map_err(Error::Asset)
    }

    fn failed(&self) -> Error {
        Error::FailedOperation(SafeErc20FailedOperation {
            token: self.asset.get(),
        })
    }
}
