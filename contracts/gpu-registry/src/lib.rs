//! GpuRegistry: the ERC-721 "GPU Collateral" (GPUC) token of AID Protocol.
//!
//! One token is one GPU asset or cluster that passed due diligence off-chain. Each token carries
//! an asset record (model, GPU count, serial hash, acquisition cost and time, appraisal) and a
//! metadata URI pointing at its documents. The registry values every token on-chain:
//!
//! * book value: straight-line depreciation of the acquisition cost over the model's useful life,
//!   down to the model's residual floor, computed at read time from the block timestamp;
//! * valuation: the lower of the last appraisal and the book value, flagged fresh while the
//!   appraisal is younger than `maxAppraisalAge`.
//!
//! A serial hash backs at most one live token, so one cluster cannot be pledged twice; retiring
//! the token frees it. Appraisals may move at most `maxAppraisalStepBps` per 24-hour window: every
//! update is measured against the value at the start of the token's current window (rounded up,
//! so even a value of a few wei can move), however many updates the window holds.
//!
//! Roles (OpenZeppelin AccessControl semantics, errors, events and storage slots, through
//! aid-support's [`Roles`] component; id = keccak256 of the name, from `aid_support::roles`):
//! `DEFAULT_ADMIN_ROLE`,
//! `REGISTRAR_ROLE` (mints), `APPRAISER_ROLE` (appraises), `RISK_ADMIN_ROLE` (models and appraisal
//! limits), `PAUSER_ROLE` (pauses registration, and nothing else: transfers, appraisals and
//! retirement always work, so collateral is never trapped; aid-support's [`Pause`] component).
//!
//! # ABI
//!
//! `interfaces/IGpuRegistry.sol` is the contract's ABI. Every function in it is served by the
//! fallback through a hand-written decoder and encoder (module `abi`) that calls the Rust methods
//! of this crate, the OpenZeppelin ERC-721 implementation and aid-support's [`Roles`] and [`Pause`]
//! components; every revert and event is encoded by aid-support's one encoder
//! ([`aid_support::encode`] and [`push_bytes`], through [`fail`], [`log`] and [`log_bytes`]) instead of a generated
//! encoder per type: the typed router of stylus-sdk and the generated encoders would not leave the
//! code-size headroom. The tests call every function with calldata encoded from the interface
//! file and decode every revert and event with the interface's types.
//!
//! # Reentrancy
//!
//! The registry's only external call is `onERC721Received` on a contract recipient, made by
//! registration and by safe transfers after every state change of the call. stylus-sdk 0.9
//! reverts any call back into the registry while it is on the call stack.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// Checked on the host build: on wasm the `#[entrypoint]` macro adds an undocumented export.
#![cfg_attr(not(target_arch = "wasm32"), deny(missing_docs))]
// The global host functions (`msg::sender`, `block::timestamp`, `evm::log`) are what
// openzeppelin-stylus 0.3.0 uses throughout; going through `&dyn Host` instead would link every host
// import into the program for no gain.
#![allow(deprecated)]
extern crate alloc;

use alloc::{string::String, vec, vec::Vec};

use aid_support::{encode, fail, log, log_bytes, now, push_bytes, sender, Pause, Roles, Word};
use alloy_primitives::{aliases::B32, Address, B256, U16, U256, U32, U64};
use alloy_sol_types::{SolError, SolEvent};
use openzeppelin_stylus::{
    access::control::IAccessControl,
    token::erc721::{self, extensions::IErc721Metadata, Erc721, IErc721},
    utils::{introspection::erc165::IErc165, IPausable},
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{
        StorageB256, StorageBool, StorageMap, StorageU16, StorageU256, StorageU32, StorageU64,
    },
    ArbResult,
};

mod abi;
pub mod sol;
/// The contracts' one test clock (a per-thread offset on the test VM's fixed timestamp).
#[cfg(any(test, feature = "test-clock"))]
pub use aid_support::test_clock;

pub use sol::*;

/// Token name.
pub const NAME: &str = "GPU Collateral";
/// Token symbol.
pub const SYMBOL: &str = "GPUC";

pub use aid_support::roles::{APPRAISER_ROLE, PAUSER_ROLE, REGISTRAR_ROLE, RISK_ADMIN_ROLE};

/// Length of an appraisal window: the step limit bounds the move from the value at its start.
pub const APPRAISAL_WINDOW: u64 = 24 * 60 * 60;
/// Default `maxAppraisalStepBps`: the value moves by at most 20% per window.
pub const DEFAULT_MAX_APPRAISAL_STEP_BPS: u16 =
    aid_bounds::registry::DEFAULT_MAX_APPRAISAL_STEP_BPS;
/// Default `maxAppraisalAge`: an appraisal is fresh for 30 days.
pub const DEFAULT_MAX_APPRAISAL_AGE: u64 = aid_bounds::registry::DEFAULT_MAX_APPRAISAL_AGE;
/// Largest acquisition cost or appraisal accepted (`2^128 - 1`, about 3.4e20 USD in WAD).
///
/// Bounding the inputs keeps every product in the valuation (value × seconds, value × bps) far
/// inside 256 bits, so reading a value can never fail on overflow.
pub const MAX_VALUE: U256 = U256::from_limbs([u64::MAX, u64::MAX, 0, 0]);

/// ERC-165 id of Solidity's `IAccessControl` (openzeppelin-stylus 0.3.0 computes its own id with
/// its extra `onlyRole` in it, which no integrator asks for).
pub const ACCESS_CONTROL_INTERFACE_ID: B32 = B32::new(0x7965db0b_u32.to_be_bytes());

/// 100% in basis points.
const BPS: u16 = aid_bounds::BPS;

/// A failed registry call: its revert data, encoded by aid-support's one encoder (the registry's
/// own errors, those of the shared roles and pause, and OpenZeppelin's ERC-721 errors alike; the
/// tests compare every one with the `sol!` encoding of its type).
#[derive(Debug, PartialEq, Eq)]
pub struct Error(pub Vec<u8>);

impl From<Vec<u8>> for Error {
    fn from(data: Vec<u8>) -> Self {
        Self(data)
    }
}

impl From<Error> for Vec<u8> {
    fn from(error: Error) -> Self {
        error.0
    }
}

impl stylus_sdk::call::MethodError for Error {
    fn encode(self) -> Vec<u8> {
        self.0
    }
}

/// OpenZeppelin's ERC-721 errors, encoded by the one encoder rather than by a generated encoder
/// per error type (the same bytes, in less program size).
impl From<erc721::Error> for Error {
    fn from(error: erc721::Error) -> Self {
        use erc721::Error as E;
        let e = |selector: [u8; 4], words: &[B256]| Self(encode(&selector, words));
        match error {
            E::InvalidOwner(x) => e(sel(&x), &[x.owner.w()]),
            E::NonexistentToken(x) => e(sel(&x), &[x.token_id.w()]),
            E::IncorrectOwner(x) => e(sel(&x), &[x.sender.w(), x.token_id.w(), x.owner.w()]),
            E::InvalidSender(x) => e(sel(&x), &[x.sender.w()]),
            E::InvalidReceiver(x) => e(sel(&x), &[x.receiver.w()]),
            E::InvalidReceiverWithReason(x) => {
                let mut data = encode(&sel(&x), &[32_u64.w()]);
                push_bytes(&mut data, x.reason.as_bytes());
                Self(data)
            }
            E::InsufficientApproval(x) => e(sel(&x), &[x.operator.w(), x.token_id.w()]),
            E::InvalidApprover(x) => e(sel(&x), &[x.approver.w()]),
            E::InvalidOperator(x) => e(sel(&x), &[x.operator.w()]),
        }
    }
}

/// The selector of a `sol!` error value.
fn sel<T: SolError>(_: &T) -> [u8; 4] {
    T::SELECTOR
}

/// What the registry knows about one token. A zero `model` means no live token.
#[storage]
pub struct AssetRecord {
    /// Model id, e.g. `keccak256("H100-SXM5-80GB")`.
    model: StorageB256,
    /// Hash over the sorted serial numbers of the GPUs.
    serial_hash: StorageB256,
    /// Purchase price, USD WAD.
    acquisition_cost: StorageU256,
    /// Last appraisal, USD WAD.
    appraisal_value: StorageU256,
    /// Number of GPUs (packed with the two times below in one slot).
    gpu_count: StorageU32,
    /// Purchase time, seconds.
    acquired_at: StorageU64,
    /// Time of the last appraisal, seconds.
    appraised_at: StorageU64,
    /// Length of the metadata URI in bytes (same slot as the three fields above).
    uri_len: StorageU32,
    /// Start of the current appraisal window (same slot as the four fields above).
    window_start: StorageU64,
    /// Appraisal at the start of the current window: the step limit's anchor (0: none yet).
    window_value: StorageU256,
    /// Metadata URI (documents: invoice, insurance, lien filing), 32 bytes per word.
    ///
    /// Stored word by word rather than as a `StorageString`: the registry writes it once and
    /// reads it whole, and the byte-wise string storage costs too much program size.
    uri: StorageMap<U256, StorageB256>,
}

/// Depreciation parameters of a GPU model. A zero `useful_life` means the model is unknown.
#[storage]
pub struct ModelConfig {
    /// Seconds over which the cost depreciates to the residual floor.
    useful_life: StorageU64,
    /// Residual floor, basis points of the cost.
    residual_bps: StorageU16,
    /// Whether new assets of this model may be registered.
    enabled: StorageBool,
}

/// State of the registry.
#[entrypoint]
#[storage]
pub struct GpuRegistry {
    /// ERC-721 ownership and approvals.
    erc721: Erc721,
    /// Role → account → membership (one slot, as the map it wraps).
    ///
    /// aid-support's lean AccessControl with OpenZeppelin's semantics, errors and events,
    /// `DEFAULT_ADMIN_ROLE` being the admin of every role (the registry never changes a role's
    /// admin): OpenZeppelin's implementation and its generated event encoders cost program size
    /// the code limit does not leave.
    roles: Roles,
    /// Registration pause: aid-support's OpenZeppelin-compatible [`Pause`] (one byte, the slot
    /// and offset the registry's `paused` flag always had).
    paused: Pause,
    /// Token id → asset record.
    assets: StorageMap<U256, AssetRecord>,
    /// Model id → depreciation parameters.
    models: StorageMap<B256, ModelConfig>,
    /// Serial hash → the live token it backs (zero when free).
    serial_tokens: StorageMap<B256, StorageU256>,
    /// Last token id issued (ids start at 1).
    last_token_id: StorageU64,
    /// Largest move of one appraisal, basis points of the previous value.
    max_appraisal_step_bps: StorageU16,
    /// Seconds an appraisal stays fresh.
    max_appraisal_age: StorageU64,
}

#[public]
impl GpuRegistry {
    /// Grants `DEFAULT_ADMIN_ROLE` to `admin` and sets the default appraisal limits
    /// (20% step, 30 days).
    ///
    /// # Errors
    ///
    /// * [`InvalidAdmin`] - If `admin` is the zero address.
    ///
    /// # Events
    ///
    /// * `RoleGranted`, [`AppraisalLimitsSet`].
    #[constructor]
    pub fn constructor(&mut self, admin: Address) -> Result<(), Error> {
        if admin.is_zero() {
            return fail(InvalidAdmin::SELECTOR, &[admin.w()]);
        }
        self.roles.set(B256::ZERO, admin, true);
        self._set_appraisal_limits(DEFAULT_MAX_APPRAISAL_STEP_BPS, DEFAULT_MAX_APPRAISAL_AGE);
        Ok(())
    }

    /// Serves every function of the registry (see `interfaces/IGpuRegistry.sol`) through the
    /// hand-written ABI of [`abi`]; any other call reverts without data, as it would without a
    /// fallback. Not payable.
    ///
    /// # Errors
    ///
    /// * Every error of the function called.
    #[fallback]
    pub fn fallback(&mut self, input: &[u8]) -> ArbResult {
        self.dispatch(input).unwrap_or_else(|| Err(Vec::new()))
    }
}

/// The registry's own functions. They are public in the ABI through [`GpuRegistry::fallback`], as
/// are the ERC-721, metadata, AccessControl, Pausable and ERC-165 trait implementations below.
impl GpuRegistry {
    /// Mints a new token for a GPU asset to `to` and returns its id (ids start at 1).
    ///
    /// The appraisal is dated at the current block time. Caller: `REGISTRAR_ROLE`; not while paused.
    /// A contract recipient must accept the token through `onERC721Received`.
    ///
    /// # Errors
    ///
    /// * `AccessControlUnauthorizedAccount` - If the caller lacks `REGISTRAR_ROLE`.
    /// * `EnforcedPause` - while registration is paused.
    /// * `ERC721InvalidReceiver` - If `to` is zero or a contract rejects the token.
    /// * [`InvalidAssetGpuCount`] - If `gpu_count` is zero.
    /// * [`InvalidAssetCost`] - If `acquisition_cost` is zero or above [`MAX_VALUE`].
    /// * [`InvalidAssetAcquiredAt`] - If `acquired_at` is in the future.
    /// * [`InvalidAssetAppraisal`] - If `appraisal_value` is zero or above [`MAX_VALUE`].
    /// * [`InvalidSerialHash`] - If `serial_hash` is zero.
    /// * [`SerialInUse`] - If `serial_hash` backs a live token.
    /// * [`UnknownModel`] / [`ModelDisabled`] - If `model` is not open.
    ///
    /// # Events
    ///
    /// * `Transfer` (from zero), [`AssetRegistered`].
    #[allow(clippy::too_many_arguments)]
    pub fn register_asset(
        &mut self,
        to: Address,
        model: B256,
        gpu_count: u32,
        serial_hash: B256,
        acquisition_cost: U256,
        acquired_at: u64,
        appraisal_value: U256,
        uri: String,
    ) -> Result<U256, Error> {
        self.roles.only(REGISTRAR_ROLE)?;
        self.paused.when_not_paused()?;

        if to.is_zero() {
            return fail(erc721::ERC721InvalidReceiver::SELECTOR, &[to.w()]);
        }
        if gpu_count == 0 {
            return fail(InvalidAssetGpuCount::SELECTOR, &[gpu_count.w()]);
        }
        if !valid_value(acquisition_cost) {
            return fail(InvalidAssetCost::SELECTOR, &[acquisition_cost.into()]);
        }
        let now = now();
        if acquired_at > now {
            return fail(
                InvalidAssetAcquiredAt::SELECTOR,
                &[acquired_at.w(), now.w()],
            );
        }
        if !valid_value(appraisal_value) {
            return fail(InvalidAssetAppraisal::SELECTOR, &[appraisal_value.into()]);
        }
        if serial_hash.is_zero() {
            return fail(InvalidSerialHash::SELECTOR, &[serial_hash]);
        }
        let holder_token = self.serial_tokens.get(serial_hash);
        if !holder_token.is_zero() {
            return fail(SerialInUse::SELECTOR, &[serial_hash, holder_token.into()]);
        }
        let config = self.models.getter(model);
        if config.useful_life.get().is_zero() {
            return fail(UnknownModel::SELECTOR, &[model]);
        }
        if !config.enabled.get() {
            return fail(ModelDisabled::SELECTOR, &[model]);
        }

        // Saturating: at the (unreachable) end of the id space the mint below fails on the
        // existing id instead of wrapping onto token 0.
        let id = self.last_token_id.get().to::<u64>().saturating_add(1);
        self.last_token_id.set(U64::from(id));
        let token_id = U256::from(id);

        // Every record is written before the receiver hook runs, so a recipient sees a
        // complete token.
        let mut asset = self.assets.setter(token_id);
        asset.model.set(model);
        asset.serial_hash.set(serial_hash);
        asset.acquisition_cost.set(acquisition_cost);
        asset.appraisal_value.set(appraisal_value);
        asset.gpu_count.set(U32::from(gpu_count));
        asset.acquired_at.set(U64::from(acquired_at));
        asset.appraised_at.set(U64::from(now));
        let uri = uri.into_bytes();
        // Lossless: a calldata string is far below 4 GiB (and usize is 32 bits on wasm32).
        asset.uri_len.set(U32::from(uri.len() as u32));
        for (i, chunk) in uri.chunks(32).enumerate() {
            asset
                .uri
                .setter(U256::from(i))
                .set(B256::right_padding_from(chunk));
        }
        self.serial_tokens.insert(serial_hash, token_id);

        self.erc721._mint(to, token_id)?;
        log_bytes(
            &[
                AssetRegistered::SIGNATURE_HASH,
                token_id.into(),
                to.w(),
                model,
            ],
            &[
                gpu_count.w(),
                serial_hash,
                acquisition_cost.into(),
                acquired_at.w(),
                appraisal_value.into(),
                (6 * 32_u64).w(),
            ],
            &uri,
        );
        self.erc721._check_on_erc721_received(
            sender(),
            Address::ZERO,
            to,
            token_id,
            &Bytes(vec![]),
        )?;
        Ok(token_id)
    }

    /// Sets the appraisal of `token_id` to `value`, dated now.
    ///
    /// Caller: `APPRAISER_ROLE`. The value may move at most `maxAppraisalStepBps` of the anchor,
    /// the appraisal at the start of the token's current 24-hour window:
    /// `|value - anchor| <= ceil(anchor * maxAppraisalStepBps / 10_000)`. The first update at
    /// least [`APPRAISAL_WINDOW`] after a window opened opens a new one anchored at the current
    /// value, so any 24 hours see at most two steps.
    ///
    /// # Errors
    ///
    /// * `AccessControlUnauthorizedAccount` - If the caller lacks `APPRAISER_ROLE`.
    /// * `ERC721NonexistentToken` - If the token does not exist.
    /// * [`InvalidAppraisalValue`] - If `value` is zero or above [`MAX_VALUE`].
    /// * [`AppraisalStepTooLarge`] - If the move from the window's anchor exceeds the step limit.
    ///
    /// # Events
    ///
    /// * [`Appraised`].
    pub fn appraise(&mut self, token_id: U256, value: U256) -> Result<(), Error> {
        self.roles.only(APPRAISER_ROLE)?;
        self._appraise(token_id, value)
    }

    /// Sets the depreciation parameters of `model` and whether it is open for registration.
    ///
    /// Caller: `RISK_ADMIN_ROLE`. Changes apply to the book value of existing tokens at once;
    /// disabling a model only stops new registrations.
    ///
    /// # Errors
    ///
    /// * `AccessControlUnauthorizedAccount` - If the caller lacks `RISK_ADMIN_ROLE`.
    /// * [`InvalidModelConfig`] - If `model` is zero, `useful_life` is zero or
    ///   `residual_bps` is above 10_000.
    ///
    /// # Events
    ///
    /// * [`ModelConfigured`].
    pub fn configure_model(
        &mut self,
        model: B256,
        useful_life: u64,
        residual_bps: u16,
        enabled: bool,
    ) -> Result<(), Error> {
        self.roles.only(RISK_ADMIN_ROLE)?;
        if model.is_zero() || useful_life == 0 || residual_bps > BPS {
            return fail(
                InvalidModelConfig::SELECTOR,
                &[model, useful_life.w(), residual_bps.w()],
            );
        }
        let mut config = self.models.setter(model);
        config.useful_life.set(U64::from(useful_life));
        config.residual_bps.set(U16::from(residual_bps));
        config.enabled.set(enabled);
        log(
            &[ModelConfigured::SIGNATURE_HASH, model],
            &[useful_life.w(), residual_bps.w(), enabled.w()],
        );
        Ok(())
    }

    /// Sets the largest appraisal move (`max_step_bps`, in 1..=10_000) and the freshness window
    /// (`max_age` seconds, non-zero).
    ///
    /// # Errors
    ///
    /// * `AccessControlUnauthorizedAccount` - If the caller lacks `RISK_ADMIN_ROLE`.
    /// * [`InvalidAppraisalLimits`] - If either value is out of range.
    ///
    /// # Events
    ///
    /// * [`AppraisalLimitsSet`].
    pub fn set_appraisal_limits(&mut self, max_step_bps: u16, max_age: u64) -> Result<(), Error> {
        self.roles.only(RISK_ADMIN_ROLE)?;
        if max_step_bps == 0 || max_step_bps > BPS || max_age == 0 {
            return fail(
                InvalidAppraisalLimits::SELECTOR,
                &[max_step_bps.w(), max_age.w()],
            );
        }
        self._set_appraisal_limits(max_step_bps, max_age);
        Ok(())
    }

    /// Burns `token_id`, held by the caller, and frees its serial hash.
    ///
    /// Only the holder itself may retire (not an approved operator); a pledged token is held by
    /// the minter, so it cannot be retired from under a position. Works while paused.
    ///
    /// # Errors
    ///
    /// * `ERC721NonexistentToken` - If the token does not exist.
    /// * [`NotTokenHolder`] - If the caller does not hold the token.
    ///
    /// # Events
    ///
    /// * `Transfer` (to zero), [`AssetRetired`].
    pub fn retire(&mut self, token_id: U256) -> Result<(), Error> {
        let holder = self.erc721._require_owned(token_id)?;
        let caller = sender();
        if caller != holder {
            return fail(NotTokenHolder::SELECTOR, &[token_id.into(), caller.w()]);
        }
        self.erc721._burn(token_id)?;
        let mut asset = self.assets.setter(token_id);
        let serial_hash = asset.serial_hash.get();
        asset.model.erase();
        asset.serial_hash.erase();
        asset.acquisition_cost.erase();
        asset.appraisal_value.erase();
        asset.gpu_count.erase();
        asset.acquired_at.erase();
        asset.appraised_at.erase();
        let uri_words = asset.uri_len.get().to::<u32>().div_ceil(32);
        for i in 0..uri_words {
            asset.uri.delete(U256::from(i));
        }
        asset.uri_len.erase();
        self.serial_tokens.delete(serial_hash);
        log(
            &[AssetRetired::SIGNATURE_HASH, token_id.into(), holder.w()],
            &[serial_hash],
        );
        Ok(())
    }

    /// Stops registration. Caller: `PAUSER_ROLE`.
    ///
    /// # Errors
    ///
    /// * `AccessControlUnauthorizedAccount` - If the caller lacks `PAUSER_ROLE`.
    /// * `EnforcedPause` - if already paused.
    ///
    /// # Events
    ///
    /// * `Paused`.
    pub fn pause(&mut self) -> Result<(), Error> {
        self.roles.only(PAUSER_ROLE)?;
        Ok(self.paused.set(true)?)
    }

    /// Resumes registration. Caller: `PAUSER_ROLE`.
    ///
    /// # Errors
    ///
    /// * `AccessControlUnauthorizedAccount` - If the caller lacks `PAUSER_ROLE`.
    /// * `ExpectedPause` - if not paused.
    ///
    /// # Events
    ///
    /// * `Unpaused`.
    pub fn unpause(&mut self) -> Result<(), Error> {
        self.roles.only(PAUSER_ROLE)?;
        Ok(self.paused.set(false)?)
    }

    /// Depreciation parameters of `model`: `(usefulLife, residualBps, enabled)`; all zero when
    /// the model was never configured.
    pub fn model(&self, model: B256) -> (u64, u16, bool) {
        let config = self.models.getter(model);
        (
            config.useful_life.get().to(),
            config.residual_bps.get().to(),
            config.enabled.get(),
        )
    }

    /// Asset record of `token_id`: `(model, gpuCount, serialHash, acquisitionCost, acquiredAt,
    /// appraisalValue, appraisedAt)`.
    ///
    /// # Errors
    ///
    /// * `ERC721NonexistentToken` - If the token does not exist.
    #[allow(clippy::type_complexity)]
    pub fn asset(&self, token_id: U256) -> Result<(B256, u32, B256, U256, u64, U256, u64), Error> {
        let asset = self.live_asset(token_id)?;
        Ok((
            asset.model.get(),
            asset.gpu_count.get().to(),
            asset.serial_hash.get(),
            asset.acquisition_cost.get(),
            asset.acquired_at.get().to(),
            asset.appraisal_value.get(),
            asset.appraised_at.get().to(),
        ))
    }

    /// Model id of `token_id`.
    ///
    /// # Errors
    ///
    /// * `ERC721NonexistentToken` - If the token does not exist.
    pub fn model_of(&self, token_id: U256) -> Result<B256, Error> {
        Ok(self.live_asset(token_id)?.model.get())
    }

    /// Depreciated value of `token_id` at the current block time:
    /// `cost * max(residualBps, 10_000 - 10_000 * age / usefulLife) / 10_000`, rounded down.
    ///
    /// # Errors
    ///
    /// * `ERC721NonexistentToken` - If the token does not exist.
    pub fn book_value(&self, token_id: U256) -> Result<U256, Error> {
        let asset = self.live_asset(token_id)?;
        Ok(self.depreciated(&asset))
    }

    /// Collateral value of `token_id`: `(min(appraisal, bookValue), appraisedAt, fresh)` where
    /// `fresh` is `now - appraisedAt <= maxAppraisalAge`.
    ///
    /// # Errors
    ///
    /// * `ERC721NonexistentToken` - If the token does not exist.
    pub fn valuation(&self, token_id: U256) -> Result<(U256, u64, bool), Error> {
        let asset = self.live_asset(token_id)?;
        let book = self.depreciated(&asset);
        let appraisal = asset.appraisal_value.get();
        let appraised_at: u64 = asset.appraised_at.get().to();
        let max_age: u64 = self.max_appraisal_age.get().to();
        let fresh = now().saturating_sub(appraised_at) <= max_age;
        Ok((appraisal.min(book), appraised_at, fresh))
    }

    /// The live token `serial_hash` backs, or zero when it is free.
    pub fn serial_owner_token(&self, serial_hash: B256) -> U256 {
        self.serial_tokens.get(serial_hash)
    }

    /// Current appraisal limits: `(maxAppraisalStepBps, maxAppraisalAge)`.
    pub fn appraisal_limits(&self) -> (u16, u64) {
        (
            self.max_appraisal_step_bps.get().to(),
            self.max_appraisal_age.get().to(),
        )
    }
}

impl GpuRegistry {
    /// Appraises `token_ids[i]` at `values[i]` for every `i`, all or nothing.
    ///
    /// Caller: `APPRAISER_ROLE`. Each update is checked as in [`Self::appraise`], in order; a
    /// token listed twice is checked against the same window anchor both times.
    ///
    /// # Errors
    ///
    /// * [`AppraisalLengthMismatch`] - If the arrays differ in length.
    /// * Every error of [`Self::appraise`].
    ///
    /// # Events
    ///
    /// * [`Appraised`] per entry.
    ///
    pub fn appraise_batch(&mut self, token_ids: Vec<U256>, values: Vec<U256>) -> Result<(), Error> {
        self.roles.only(APPRAISER_ROLE)?;
        if token_ids.len() != values.len() {
            return fail(
                AppraisalLengthMismatch::SELECTOR,
                &[(token_ids.len() as u64).w(), (values.len() as u64).w()],
            );
        }
        for (token_id, value) in token_ids.into_iter().zip(values) {
            self._appraise(token_id, value)?;
        }
        Ok(())
    }

    /// The record of a live token.
    fn live_asset(
        &self,
        token_id: U256,
    ) -> Result<stylus_sdk::storage::StorageGuard<'_, AssetRecord>, erc721::Error> {
        let asset = self.assets.getter(token_id);
        if asset.model.get().is_zero() {
            return Err(erc721::ERC721NonexistentToken { token_id }.into());
        }
        Ok(asset)
    }

    /// Book value of a live asset under its model's current parameters.
    fn depreciated(&self, asset: &AssetRecord) -> U256 {
        let config = self.models.getter(asset.model.get());
        let age = now().saturating_sub(asset.acquired_at.get().to());
        // Costs are bounded by MAX_VALUE, so the math cannot fail; were it ever to, zero is the
        // side of the error the protocol wants (collateral value down).
        aid_math::book_value(
            asset.acquisition_cost.get(),
            age,
            config.useful_life.get().to(),
            config.residual_bps.get().to(),
        )
        .unwrap_or(U256::ZERO)
    }

    /// Appraisal without the role check (shared by the single and the batch form).
    fn _appraise(&mut self, token_id: U256, value: U256) -> Result<(), Error> {
        let now = now();
        let (previous, mut anchor, mut start) = {
            let asset = self.live_asset(token_id)?;
            (
                asset.appraisal_value.get(),
                asset.window_value.get(),
                asset.window_start.get().to::<u64>(),
            )
        };
        if anchor.is_zero() || now.saturating_sub(start) >= APPRAISAL_WINDOW {
            (anchor, start) = (previous, now);
        }
        if !valid_value(value) {
            return fail(
                InvalidAppraisalValue::SELECTOR,
                &[token_id.into(), value.into()],
            );
        }
        let max_step_bps: u16 = self.max_appraisal_step_bps.get().to();
        let step = anchor.abs_diff(value);
        // Against the window's anchor, not the previous value, so repeated updates (one batch may
        // name a token many times) cannot compound steps. Rounded up so an anchor below
        // 10_000 / maxStep wei can still move by 1. Both values are bounded by MAX_VALUE, so the
        // product fits; a failure would reject the update.
        let allowed = aid_math::mul_bps(anchor, max_step_bps.into(), aid_math::Rounding::Up)
            .is_ok_and(|limit| step <= limit);
        if !allowed {
            return fail(
                AppraisalStepTooLarge::SELECTOR,
                &[
                    token_id.into(),
                    anchor.into(),
                    value.into(),
                    max_step_bps.w(),
                ],
            );
        }
        let mut asset = self.assets.setter(token_id);
        asset.appraisal_value.set(value);
        asset.appraised_at.set(U64::from(now));
        asset.window_value.set(anchor);
        asset.window_start.set(U64::from(start));
        log(
            &[Appraised::SIGNATURE_HASH, token_id.into()],
            &[previous.into(), value.into(), now.w()],
        );
        Ok(())
    }

    /// Stores the appraisal limits (validated by the caller).
    fn _set_appraisal_limits(&mut self, max_step_bps: u16, max_age: u64) {
        self.max_appraisal_step_bps.set(U16::from(max_step_bps));
        self.max_appraisal_age.set(U64::from(max_age));
        log(
            &[AppraisalLimitsSet::SIGNATURE_HASH],
            &[max_step_bps.w(), max_age.w()],
        );
    }
}

/// Whether `value` is a usable cost or appraisal: non-zero and at most [`MAX_VALUE`].
fn valid_value(value: U256) -> bool {
    !value.is_zero() && value <= MAX_VALUE
}

impl IErc721 for GpuRegistry {
    type Error = erc721::Error;

    fn balance_of(&self, owner: Address) -> Result<U256, erc721::Error> {
        self.erc721.balance_of(owner)
    }

    fn owner_of(&self, token_id: U256) -> Result<Address, erc721::Error> {
        self.erc721.owner_of(token_id)
    }

    fn safe_transfer_from(
        &mut self,
        from: Address,
        to: Address,
        token_id: U256,
    ) -> Result<(), erc721::Error> {
        self.erc721.safe_transfer_from(from, to, token_id)
    }

    fn safe_transfer_from_with_data(
        &mut self,
        from: Address,
        to: Address,
        token_id: U256,
        data: Bytes,
    ) -> Result<(), erc721::Error> {
        self.erc721
            .safe_transfer_from_with_data(from, to, token_id, data)
    }

    fn transfer_from(
        &mut self,
        from: Address,
        to: Address,
        token_id: U256,
    ) -> Result<(), erc721::Error> {
        self.erc721.transfer_from(from, to, token_id)
    }

    fn approve(&mut self, to: Address, token_id: U256) -> Result<(), erc721::Error> {
        self.erc721.approve(to, token_id)
    }

    fn set_approval_for_all(
        &mut self,
        operator: Address,
        approved: bool,
    ) -> Result<(), erc721::Error> {
        self.erc721.set_approval_for_all(operator, approved)
    }

    fn get_approved(&self, token_id: U256) -> Result<Address, erc721::Error> {
        self.erc721.get_approved(token_id)
    }

    fn is_approved_for_all(&self, owner: Address, operator: Address) -> bool {
        self.erc721.is_approved_for_all(owner, operator)
    }
}

impl IErc721Metadata for GpuRegistry {
    type Error = erc721::Error;

    fn name(&self) -> String {
        String::from(NAME)
    }

    fn symbol(&self) -> String {
        String::from(SYMBOL)
    }

    /// The asset's document URI, as registered.
    fn token_uri(&self, token_id: U256) -> Result<String, erc721::Error> {
        let asset = self.live_asset(token_id)?;
        let len = asset.uri_len.get().to::<u32>() as usize;
        let mut uri = Vec::with_capacity(len);
        for (i, start) in (0..len).step_by(32).enumerate() {
            let word = asset.uri.get(U256::from(i));
            uri.extend_from_slice(&word[..(len - start).min(32)]);
        }
        // The bytes were a string when they were registered.
        Ok(String::from_utf8(uri).unwrap_or_default())
    }
}

/// OpenZeppelin's AccessControl API over aid-support's [`Roles`].
impl IAccessControl for GpuRegistry {
    type Error = Error;

    fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has(role, account)
    }

    fn only_role(&self, role: B256) -> Result<(), Error> {
        self.roles.only(role.0)?;
        Ok(())
    }

    /// `DEFAULT_ADMIN_ROLE` for every role: the registry never sets another admin.
    fn get_role_admin(&self, _role: B256) -> B256 {
        B256::ZERO
    }

    fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Error> {
        Ok(self.roles.admin_set(role, account, true)?)
    }

    fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Error> {
        Ok(self.roles.admin_set(role, account, false)?)
    }

    fn renounce_role(&mut self, role: B256, confirmation: Address) -> Result<(), Error> {
        Ok(self.roles.renounce(role, confirmation)?)
    }
}

impl IPausable for GpuRegistry {
    fn paused(&self) -> bool {
        self.paused.paused()
    }
}

impl IErc165 for GpuRegistry {
    fn supports_interface(&self, interface_id: B32) -> bool {
        <Self as IErc721>::interface_id() == interface_id
            || <Self as IErc721Metadata>::interface_id() == interface_id
            || ACCESS_CONTROL_INTERFACE_ID == interface_id
            || <Self as IErc165>::interface_id() == interface_id
    }
}

#[cfg(test)]
mod tests;
