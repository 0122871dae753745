//! What every AID contract would otherwise repeat, defined once: role ids, lean AccessControl
//! ([`Roles`]) and Pausable ([`Pause`]) components, one ABI encoder for calls, custom-error
//! reverts and events, the clock (with the test clock behind the `test-clock` feature), and the
//! errors and events the contracts share.
//!
//! Every event, error and call of the contracts is a sequence of 32-byte words, at most followed
//! by one `bytes`/`string` value (an ERC-721 receiver's reason, a token URI), so one small encoder
//! ([`encode`] and [`push_bytes`], behind [`fail`], [`log`], [`log_bytes`] and [`call`]) serves them all instead of a
//! generated encoder per type; that keeps each contract well inside one Stylus code account. The
//! `sol!` declarations give the selectors and signature hashes, and the contracts' tests decode
//! every encoding with them.
#![deny(missing_docs)]
extern crate alloc;

#[cfg(feature = "test-clock")]
pub mod test_clock;
#[cfg(test)]
mod tests;

#[cfg(all(feature = "test-clock", target_arch = "wasm32"))]
compile_error!("the test clock must never be compiled into a deployed contract");

use alloc::vec::Vec;

use aid_math::MathError;
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::{SolError, SolEvent};
use stylus_sdk::{
    call::RawCall,
    function_selector,
    host::VM,
    prelude::*,
    storage::{StorageBool, StorageGuardMut, StorageMap, StorageType},
};

pub use common::*;

/// Result of an entry point: revert data on failure. A callee's revert data passes through
/// unchanged so integrators see the callee's own error.
pub type R<T = ()> = Result<T, Vec<u8>>;

/// Every role id of the protocol, defined once: `keccak256` of its name, `bytes32(0)` for the
/// admin. What each role may do in each contract is in `docs/PROTOCOL.md` ("Roles").
pub mod roles {
    use stylus_sdk::keccak_const::Keccak256;

    /// `DEFAULT_ADMIN_ROLE` (`bytes32(0)`): admin of every role, and each contract's wiring.
    pub const DEFAULT_ADMIN_ROLE: [u8; 32] = [0; 32];
    /// `keccak256("RISK_ADMIN_ROLE")`: credit, global, auction, model and appraisal parameters.
    pub const RISK_ADMIN_ROLE: [u8; 32] = id(b"RISK_ADMIN_ROLE");
    /// `keccak256("PAUSER_ROLE")`: pauses and unpauses what each contract lets be paused.
    pub const PAUSER_ROLE: [u8; 32] = id(b"PAUSER_ROLE");
    /// `keccak256("REGISTRAR_ROLE")`: registers GPU assets in the registry.
    pub const REGISTRAR_ROLE: [u8; 32] = id(b"REGISTRAR_ROLE");
    /// `keccak256("APPRAISER_ROLE")`: appraises GPU assets in the registry.
    pub const APPRAISER_ROLE: [u8; 32] = id(b"APPRAISER_ROLE");
    /// `keccak256("MINTER_ADMIN_ROLE")`: configures and removes AID's minters.
    pub const MINTER_ADMIN_ROLE: [u8; 32] = id(b"MINTER_ADMIN_ROLE");
    /// `keccak256("YIELD_DISTRIBUTOR_ROLE")`: hands interest to the sAID vault.
    pub const YIELD_DISTRIBUTOR_ROLE: [u8; 32] = id(b"YIELD_DISTRIBUTOR_ROLE");
    /// `keccak256("LOSS_ABSORBER_ROLE")`: charges bad debt to the sAID vault.
    pub const LOSS_ABSORBER_ROLE: [u8; 32] = id(b"LOSS_ABSORBER_ROLE");

    const fn id(name: &[u8]) -> [u8; 32] {
        Keccak256::new().update(name).finalize()
    }
}

pub use roles::*;

/// 100% in basis points.
pub const BPS: u16 = aid_bounds::BPS;

/// Errors and events the contracts declare the same way (mirrored in each contract's interface;
/// the role and pause ones as OpenZeppelin declares them).
#[allow(missing_docs)]
pub mod common {
    alloy_sol_types::sol! {
        /// `account` was granted `role` by `sender`.
        #[derive(Debug, PartialEq)]
        event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);

        /// `account` lost `role`; `sender` revoked it (or is `account`, renouncing).
        #[derive(Debug, PartialEq)]
        event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);

        /// `account` lacks `neededRole`.
        #[derive(Debug, PartialEq)]
        error AccessControlUnauthorizedAccount(address account, bytes32 neededRole);

        /// A role can only be renounced by its holder.
        #[derive(Debug, PartialEq)]
        error AccessControlBadConfirmation();

        /// An address argument cannot be the zero address.
        #[derive(Debug, PartialEq)]
        error InvalidAddress(address account);

        /// Minted AID, withdrawn tokens and auctioned tokens cannot go to `receiver`.
        #[derive(Debug, PartialEq)]
        error InvalidReceiver(address receiver);

        /// Fixed-point arithmetic failed (1: overflow, 2: underflow, 3: division by zero).
        #[derive(Debug, PartialEq)]
        error ArithmeticFailure(uint8 kind);

        /// `target` returned less data than its ABI promises.
        #[derive(Debug, PartialEq)]
        error UnexpectedReturnData(address target);

        /// The pause was triggered by `account`.
        #[derive(Debug, PartialEq)]
        event Paused(address account);

        /// The pause was lifted by `account`.
        #[derive(Debug, PartialEq)]
        event Unpaused(address account);

        /// The operation is not allowed while paused.
        #[derive(Debug, PartialEq)]
        error EnforcedPause();

        /// The operation needs the pause (unpausing what is not paused).
        #[derive(Debug, PartialEq)]
        error ExpectedPause();
    }
}

/// The current block time (shifted by [`test_clock`] in tests: the test VM's clock is fixed).
pub fn now() -> u64 {
    #[allow(deprecated)]
    let t = stylus_sdk::block::timestamp();
    #[cfg(feature = "test-clock")]
    let t = t + test_clock::offset();
    t
}

/// The caller of the current call.
#[allow(deprecated)]
pub fn sender() -> Address {
    stylus_sdk::msg::sender()
}

/// This contract's address.
#[allow(deprecated)]
pub fn this() -> Address {
    stylus_sdk::contract::address()
}

/// A value as one ABI word (left-padded, big-endian).
pub trait Word {
    /// The 32-byte ABI encoding of `self`.
    fn w(self) -> B256;
}

impl Word for U256 {
    fn w(self) -> B256 {
        B256::new(self.to_be_bytes::<32>())
    }
}

impl Word for Address {
    fn w(self) -> B256 {
        self.into_word()
    }
}

impl Word for B256 {
    fn w(self) -> B256 {
        self
    }
}

impl Word for u64 {
    fn w(self) -> B256 {
        U256::from(self).w()
    }
}

impl Word for u16 {
    fn w(self) -> B256 {
        U256::from(self).w()
    }
}

impl Word for u32 {
    fn w(self) -> B256 {
        U256::from(self).w()
    }
}

impl Word for bool {
    fn w(self) -> B256 {
        U256::from(self as u8).w()
    }
}

/// `prefix ++ words`: `prefix` is a selector for calls and errors, empty for return values.
pub fn encode(prefix: &[u8], words: &[B256]) -> Vec<u8> {
    let mut data = Vec::with_capacity(prefix.len() + 32 * words.len());
    data.extend_from_slice(prefix);
    push_words(&mut data, words);
    data
}

/// Appends `words` to `data`.
fn push_words(data: &mut Vec<u8>, words: &[B256]) {
    for word in words {
        data.extend_from_slice(word.as_slice());
    }
}

/// Appends the body of one ABI `bytes`/`string` value to `data`: its length word and its bytes,
/// zero-padded to whole words. Its offset is one of the words before it, put there by the
/// caller; `data` holds whole words after a 4-byte selector at most.
pub fn push_bytes(data: &mut Vec<u8>, bytes: &[u8]) {
    // Lossless: a value in memory is far below 2^64 bytes.
    data.extend_from_slice((bytes.len() as u64).w().as_slice());
    data.extend_from_slice(bytes);
    let padding = (32 - bytes.len() % 32) % 32;
    data.resize(data.len() + padding, 0);
}

/// Reverts with the custom error `selector(words...)`, as the revert data of `E` (an entry
/// point's own error type, or [`R`]'s plain bytes).
pub fn fail<T, E: From<Vec<u8>>>(selector: [u8; 4], words: &[B256]) -> Result<T, E> {
    Err(encode(&selector, words).into())
}

/// Emits an event: `topics[0]` is its signature hash, then the indexed fields; `data` holds the
/// other fields.
pub fn log(topics: &[B256], data: &[B256]) {
    emit_log(topics_and(topics, data));
}

/// Emits an event whose last non-indexed field is a `bytes` or `string`: `data` holds the
/// other fields and that field's offset, `tail` its content (see [`push_bytes`]).
pub fn log_bytes(topics: &[B256], data: &[B256], tail: &[u8]) {
    let mut log = topics_and(topics, data);
    push_bytes(&mut log.0, tail);
    emit_log(log);
}

/// The `emit_log` input: the topics, then the data words (built in one buffer: stylus-sdk's
/// `raw_log` would copy the topics byte by byte and the data again).
fn topics_and(topics: &[B256], data: &[B256]) -> (Vec<u8>, usize) {
    let mut bytes = Vec::with_capacity(32 * (topics.len() + data.len()));
    push_words(&mut bytes, topics);
    push_words(&mut bytes, data);
    (bytes, topics.len())
}

fn emit_log((bytes, topics): (Vec<u8>, usize)) {
    // SAFETY: `bytes` holds `topics` (at most four, by construction: the call sites are fixed)
    // 32-byte topics and then the data, as the host function reads them.
    unsafe { stylus_sdk::hostio::emit_log(bytes.as_ptr(), bytes.len(), topics) }
}

/// Calls `to` with `selector(args...)`; the callee's revert data is passed through.
pub fn call(to: Address, selector: [u8; 4], args: &[B256]) -> R<Vec<u8>> {
    // SAFETY: the storage cache is flushed first, so the callee sees the caller's final state;
    // the caller cannot be re-entered while the callee runs (stylus-sdk's reentrancy guard).
    unsafe {
        RawCall::new()
            .flush_storage_cache()
            .call(to, &encode(&selector, args))
    }
}

/// Static-calls `to` with `selector(args...)`.
pub fn static_call(to: Address, selector: [u8; 4], args: &[B256]) -> R<Vec<u8>> {
    // SAFETY: as in `call`; a static call cannot change any state.
    unsafe {
        RawCall::new_static()
            .flush_storage_cache()
            .call(to, &encode(&selector, args))
    }
}

/// Word `i` of the return data of a call to `target`.
pub fn ret(data: &[u8], i: usize, target: Address) -> R<U256> {
    match data.get(32 * i..32 * (i + 1)) {
        Some(word) => Ok(U256::from_be_bytes(B256::from_slice(word).0)),
        None => fail(UnexpectedReturnData::SELECTOR, &[target.w()]),
    }
}

/// Turns fixed-point failures into [`ArithmeticFailure`] reverts.
pub trait Checked<T> {
    /// The value, or the `ArithmeticFailure(kind)` revert.
    fn checked(self) -> R<T>;
}

impl<T> Checked<T> for Result<T, MathError> {
    fn checked(self) -> R<T> {
        self.or_else(|e| {
            let kind = match e {
                MathError::Overflow => 1u16,
                MathError::Underflow => 2,
                MathError::DivisionByZero => 3,
            };
            fail(ArithmeticFailure::SELECTOR, &[kind.w()])
        })
    }
}

/// `a + b`, checked.
pub fn add(a: U256, b: U256) -> R<U256> {
    aid_math::add(a, b).checked()
}

/// `a - b` where `b <= a` holds by the accounting; checked all the same.
pub fn sub(a: U256, b: U256) -> R<U256> {
    aid_math::sub(a, b).checked()
}

/// `amount × bps / 10_000`, rounded as asked.
pub fn share(amount: U256, bps: u16, rounding: aid_math::Rounding) -> R<U256> {
    aid_math::mul_bps(amount, bps.into(), rounding).checked()
}

/// Role membership with OpenZeppelin AccessControl semantics, `DEFAULT_ADMIN_ROLE` being the
/// admin of every role. The contracts expose `hasRole`/`grantRole`/`revokeRole`/`renounceRole`
/// over it.
#[storage]
pub struct Roles {
    members: StorageMap<B256, StorageMap<Address, StorageBool>>,
}

impl Roles {
    /// Whether `account` has `role`.
    pub fn has(&self, role: B256, account: Address) -> bool {
        self.members.getter(role).get(account)
    }

    /// The caller, if it has `role`.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks `role`.
    pub fn only(&self, role: [u8; 32]) -> R<Address> {
        let account = sender();
        if !self.has(role.into(), account) {
            return fail(
                AccessControlUnauthorizedAccount::SELECTOR,
                &[account.w(), B256::new(role)],
            );
        }
        Ok(account)
    }

    /// Grants (`member`) or revokes `role` of `account`, with the event, if it changes.
    pub fn set(&mut self, role: B256, account: Address, member: bool) {
        if self.has(role, account) == member {
            return;
        }
        self.members.setter(role).insert(account, member);
        let hash = if member {
            RoleGranted::SIGNATURE_HASH
        } else {
            RoleRevoked::SIGNATURE_HASH
        };
        log(&[hash, role.w(), account.w(), sender().w()], &[]);
    }

    /// `grantRole`/`revokeRole`: the caller must hold `DEFAULT_ADMIN_ROLE`.
    pub fn admin_set(&mut self, role: B256, account: Address, member: bool) -> R {
        self.only(DEFAULT_ADMIN_ROLE)?;
        self.set(role, account, member);
        Ok(())
    }

    /// `renounceRole`: the caller gives up `role`.
    ///
    /// # Errors
    ///
    /// * [`AccessControlBadConfirmation`] - If `confirmation` is not the caller.
    pub fn renounce(&mut self, role: B256, confirmation: Address) -> R {
        if confirmation != sender() {
            return fail(AccessControlBadConfirmation::SELECTOR, &[]);
        }
        self.set(role, confirmation, false);
        Ok(())
    }
}

/// A pause with OpenZeppelin Pausable semantics, errors and events: [`EnforcedPause`] while
/// paused, [`ExpectedPause`] when unpausing what is not paused, [`Paused`]/[`Unpaused`] naming the
/// caller. What a pause stops is each contract's choice (never an exit or a repayment).
///
/// Laid out as one `bool` (one byte, packed like a [`StorageBool`] field): a contract's `paused`
/// flag keeps its slot and offset when it becomes this component.
pub struct Pause(StorageBool);

impl StorageType for Pause {
    type Wraps<'a> = bool;
    type WrapsMut<'a> = StorageGuardMut<'a, Self>;

    const SLOT_BYTES: usize = StorageBool::SLOT_BYTES;

    unsafe fn new(slot: U256, offset: u8, host: VM) -> Self {
        // SAFETY: the caller's contract (the storage macro) hands out each slot and offset once.
        Self(unsafe { StorageBool::new(slot, offset, host) })
    }

    fn load<'s>(self) -> Self::Wraps<'s>
    where
        Self: 's,
    {
        self.0.get()
    }

    fn load_mut<'s>(self) -> Self::WrapsMut<'s>
    where
        Self: 's,
    {
        StorageGuardMut::new(self)
    }
}

impl Pause {
    /// Whether the contract is paused.
    pub fn paused(&self) -> bool {
        self.0.get()
    }

    /// Fails while paused.
    ///
    /// # Errors
    ///
    /// * [`EnforcedPause`] - If paused.
    pub fn when_not_paused(&self) -> R {
        if self.paused() {
            return fail(EnforcedPause::SELECTOR, &[]);
        }
        Ok(())
    }

    /// Pauses (`paused`) or unpauses, with the event naming the caller. The caller's role is
    /// checked by the contract.
    ///
    /// # Errors
    ///
    /// * [`EnforcedPause`] - If pausing while paused.
    /// * [`ExpectedPause`] - If unpausing while not paused.
    pub fn set(&mut self, paused: bool) -> R {
        if self.paused() == paused {
            let selector = if paused {
                EnforcedPause::SELECTOR
            } else {
                ExpectedPause::SELECTOR
            };
            return fail(selector, &[]);
        }
        self.0.set(paused);
        let hash = if paused {
            Paused::SIGNATURE_HASH
        } else {
            Unpaused::SIGNATURE_HASH
        };
        log(&[hash], &[sender().w()]);
        Ok(())
    }
}

/// Selectors of the calls the minter and the liquidator make.
pub mod sel {
    use super::*;

    /// `GpuRegistry.valuation(uint256)`.
    pub const VALUATION: [u8; 4] = function_selector!("valuation", U256);
    /// `GpuRegistry.modelOf(uint256)`.
    pub const MODEL_OF: [u8; 4] = function_selector!("modelOf", U256);
    /// `GpuRegistry.ownerOf(uint256)`.
    pub const OWNER_OF: [u8; 4] = function_selector!("ownerOf", U256);
    /// `transferFrom(address,address,uint256)`: the same selector on ERC-20 and ERC-721.
    pub const TRANSFER_FROM: [u8; 4] = function_selector!("transferFrom", Address, Address, U256);
    /// `GpuRegistry.safeTransferFrom(address,address,uint256)`.
    pub const SAFE_TRANSFER_FROM: [u8; 4] =
        function_selector!("safeTransferFrom", Address, Address, U256);
    /// `AidToken.mint(address,uint256)`.
    pub const MINT: [u8; 4] = function_selector!("mint", Address, U256);
    /// `AidToken.burn(uint256)`.
    pub const BURN: [u8; 4] = function_selector!("burn", U256);
    /// `AidToken.transfer(address,uint256)`.
    pub const TRANSFER: [u8; 4] = function_selector!("transfer", Address, U256);
    /// `AidToken.approve(address,uint256)`.
    pub const APPROVE: [u8; 4] = function_selector!("approve", Address, U256);
    /// `SAidVault.asset()`.
    pub const ASSET: [u8; 4] = function_selector!("asset");
    /// `SAidVault.distributeYield(uint256)`.
    pub const DISTRIBUTE_YIELD: [u8; 4] = function_selector!("distributeYield", U256);
    /// `SAidVault.absorbLoss(uint256)`.
    pub const ABSORB_LOSS: [u8; 4] = function_selector!("absorbLoss", U256);
    /// `AidToken.balanceOf(address)`.
    pub const BALANCE_OF: [u8; 4] = function_selector!("balanceOf", Address);
    /// `AidMinter.seize(uint256,address)`.
    pub const SEIZE: [u8; 4] = function_selector!("seize", U256, Address);
    /// `AidMinter.settle(uint256,uint256)`.
    pub const SETTLE: [u8; 4] = function_selector!("settle", U256, U256);
    /// `AidMinter.vault()`.
    pub const VAULT: [u8; 4] = function_selector!("vault");
    /// `AidLiquidator.heal()`.
    pub const HEAL: [u8; 4] = function_selector!("heal");
}
