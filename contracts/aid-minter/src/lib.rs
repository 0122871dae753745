//! AidMinter: the collateral-ratio-checked minter of AID Protocol.
//!
//! GPU clusters registered as `GpuRegistry` tokens are pledged here and AID is minted against
//! them, up to a per-model collateral ratio. Positions are keyed by token id; the minter holds
//! the pledged tokens. Auctions run in a separate contract, the [AidLiquidator], which the
//! minter hands unsafe positions to (see "Liquidation").
//!
//! # Accounting (Maker Vat/Jug)
//!
//! Each position stores its *normalized* debt `art`; what it owes is `art × rate` where `rate` is
//! its model's RAY accumulator, compounded per second with `rpow`. Every rounding is in the
//! protocol's favour: a position's debt rounds up, normalized debt rounds up on borrow and down
//! on repay.
//!
//! Per model the minter tracks the total normalized debt `Art` and the debt booked for it,
//! `debt`. Accrual (in every borrow, repay, seizure and drip) sets `debt = ceil(Art × rate)`
//! and books the difference as interest in `pendingInterest`; it only writes storage and never
//! calls anyone, so no other contract can stop it. `ceil` is subadditive, so `debt` is never more
//! than the sum of what the positions owe and never less than what any one position owes.
//! `totalDebt` is the sum over models plus the debt frozen in auctions, and with the minter as
//! AID's only minter, after every call (`unbackedDebt` is the liquidator's):
//!
//! `AID total supply + pendingInterest = totalDebt + unbackedDebt`.
//!
//! `drip` *distributes*: it mints `pendingInterest` to the minter (if AID refuses, it stays
//! pending with an [`InterestDeferred`] event), sends all but `savingsShareBps` of it to the
//! surplus buffer (the liquidator's AID) and hands the vault's share, plus any share the vault
//! refused before (`pendingYield`), to the sAID vault with `distributeYield`. If the vault
//! refuses, the share waits in `pendingYield` ([`YieldDeferred`]). The minter holds exactly
//! `pendingYield` AID.
//!
//! # Liquidation
//!
//! A position whose `value × 10_000 < debt × liquidationRatioBps` (with the registry's
//! `min(appraisal, book value)`, stale or not) is seized by the liquidator on a keeper's call:
//! the minter accrues, checks, moves the debt out of the model into the auctions (it stays in
//! `totalDebt`), clears the position and sends the token to the liquidator. When the auction
//! settles, [`AidMinter::settle`] takes the debt out of `totalDebt`; the liquidator, which keeps
//! the surplus buffer (Maker's Vow), has burnt what the sale covered and covers any shortfall
//! from the surplus, the sAID vault and, for the rest, unbacked debt.
//!
//! # Reentrancy
//!
//! The minter calls only contracts fixed by the admin: the registry, the AID token, the sAID
//! vault and the liquidator. stylus-sdk 0.9 reverts any call into a contract that is already on
//! the call stack (the `reentrant` feature is off), so none of them, nor a token receiver called
//! by the registry, can call back into the minter while it runs. Every entry point finishes its
//! own state changes before it makes the calls that move tokens.
//!
//! # Layout
//!
//! This file is the entry contract: storage, the ABI (each entry point with its docs) and the
//! views. The work is split by concern, as Uniswap v4 keeps `PoolManager` thin over `Pool`:
//! `positions` (pledge, borrow, repay, withdraw, seize), `interest` (accrual and distribution)
//! and `params` (risk parameters within their bounds). Roles, the pause, the clock and the
//! encoding of every call, revert and event are aid-support's, shared with the other contracts;
//! `Model::rate_at` is the one definition of the accumulator at a time, behind both accrual and
//! the `rateAccumulator` view.
//!
//! [AidLiquidator]: ../aid_liquidator/index.html
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The entrypoint and ABI printer the SDK generates have no docs; every item of ours does.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
extern crate alloc;

mod interest;
mod params;
mod positions;
mod sol;
#[cfg(test)]
mod tests;

use aid_math::{covers, ray_div, ray_mul, rpow, MathError, Rounding, RAY};
use aid_support::{
    add, call, fail, log, ret, sel, sender, share, static_call, sub, this, Checked, Pause, Roles,
    Word, BPS, R,
};
pub use aid_support::{now, DEFAULT_ADMIN_ROLE, PAUSER_ROLE, RISK_ADMIN_ROLE};
use alloy_primitives::{
    aliases::{U64, U96},
    Address, FixedBytes, B256, U16, U256,
};
use alloy_sol_types::{SolError, SolEvent};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageMap, StorageU16, StorageU256, StorageU64, StorageUint,
    },
};

pub use sol::*;

/// `IERC721Receiver.onERC721Received.selector`: what accepting a token returns.
pub const ERC721_RECEIVED: [u8; 4] = [0x15, 0x0b, 0x7a, 0x02];
/// Highest stability fee APR, bps (50%). A century at 50% grows the accumulator by e^50 ≈ 5.2e21:
/// `rate × growth` and `art × rate` (for up to 10^10 AID of debt) stay below 2^256 in the
/// 256-bit `ray_mul`, so a model cannot overflow within 100 years.
pub const MAX_APR_BPS: u16 = aid_bounds::minter::MAX_APR_BPS;
/// Highest minimum collateral ratio, bps (500%).
pub const MAX_RATIO_BPS: u16 = aid_bounds::minter::MAX_RATIO_BPS;

/// Credit parameters and accrual state of one GPU model.
#[storage]
pub struct Model {
    /// Minimum collateral ratio to borrow, bps.
    min_ratio: StorageU16,
    /// Liquidation ratio, bps (below `min_ratio`).
    liq_ratio: StorageU16,
    /// Stability fee as configured, APR in bps.
    apr_bps: StorageU16,
    /// Time of the last accrual (packed with the three above).
    rho: StorageU64,
    /// Debt ceiling of the model, AID.
    ceiling: StorageU256,
    /// Rate accumulator, RAY; zero while the model is not configured.
    rate: StorageU256,
    /// Total normalized debt of the model's positions.
    art: StorageU256,
    /// Debt booked for the model: `ceil(art × rate)` right after an accrual.
    debt: StorageU256,
}

impl Model {
    /// The stability fee as a per-second RAY rate, from the APR (`aid_math::apr_bps_to_rate`).
    /// Computed rather than stored: the APR shares a slot with the ratios and the accrual time
    /// that every accrual reads anyway, and the computation costs less than another cold slot.
    fn fee(&self) -> R<U256> {
        aid_math::apr_bps_to_rate(u16_of(self.apr_bps.get()).into()).checked()
    }

    /// The rate accumulator at `now`: the stored one grown by the stability fee since the last
    /// accrual, rounded up (debt up). It stays put while the model has no debt (the rate is
    /// irrelevant then and must not creep towards overflow), when time has not moved, and for a
    /// model that is not configured (zero). The one definition behind accrual and the views.
    fn rate_at(&self, now: u64) -> R<U256> {
        let rate = self.rate.get();
        let rho = u64_of(self.rho.get());
        if rate.is_zero() || now <= rho || self.art.get().is_zero() {
            return Ok(rate);
        }
        ray_mul(
            rate,
            rpow(self.fee()?, now - rho, RAY, Rounding::Up).checked()?,
            Rounding::Up,
        )
        .checked()
    }
}

/// One pledged token.
#[storage]
pub struct Position {
    /// Owner of the position; zero when there is none.
    owner: StorageAddress,
    /// Normalized debt, 96 bits packed into the owner's slot, so a first borrow changes the slot
    /// the pledge wrote (2,900 gas) instead of setting a fresh one (22,100). 2^96 wei is 7.9e10
    /// AID of normalized debt, far above any ceiling; a larger one fails as an overflow.
    art: StorageUint<96, 2>,
    /// The token's model, read from the registry at the first borrow; zero until then.
    model: StorageB256,
}

impl Position {
    /// Normalized debt.
    fn art(&self) -> U256 {
        let limbs = self.art.get().into_limbs();
        U256::from_limbs([limbs[0], limbs[1], 0, 0])
    }

    /// Sets the normalized debt; [`ArithmeticFailure`] above 96 bits.
    fn set_art(&mut self, art: U256) -> R {
        if art.bit_len() > 96 {
            return Err(MathError::Overflow).checked();
        }
        self.art.set(art.saturating_to());
        Ok(())
    }
}

/// State of the AID minter.
#[entrypoint]
#[storage]
pub struct AidMinter {
    /// Role members: DEFAULT_ADMIN, RISK_ADMIN, PAUSER.
    roles: Roles,
    /// Stops borrowing and new pledges (aid-support's [`Pause`]: one byte, packed after `roles`).
    paused: Pause,
    /// The GPU registry (ERC-721 collateral).
    registry: StorageAddress,
    /// The AID token.
    aid: StorageAddress,
    /// The sAID vault; zero: interest all goes to surplus.
    vault: StorageAddress,
    /// Runs the auctions and keeps the surplus buffer: the only caller of `seize` and `settle`.
    liquidator: StorageAddress,
    /// Credit parameters and accrual state per model id.
    models: StorageMap<B256, Model>,
    /// Positions per token id.
    positions: StorageMap<U256, Position>,
    /// Ceiling on `total_debt`.
    global_debt_ceiling: StorageU256,
    /// Minimum non-zero debt of a position.
    dust: StorageU256,
    /// Share of interest paid to the sAID vault, bps.
    savings_share_bps: StorageU16,
    /// Σ model debt + Σ debt frozen in auctions.
    total_debt: StorageU256,
    // Pending interest is two running totals (booked by accruals, minted by drips) rather than
    // one amount zeroed by each drip: both start at 1 (see the constructor) and never go back to
    // zero, so booking interest in a borrow or repay changes a set slot (5,000 gas) instead of
    // setting a cleared one (22,100). (The vault's share is booked and handed in the same drip,
    // where setting and clearing one slot is refunded, so it stays one amount.)
    /// Interest booked by accruals, in total since deployment, plus 1.
    interest_booked: StorageU256,
    /// Interest minted, in total, plus 1; `interest_booked − interest_minted` is pending.
    interest_minted: StorageU256,
    /// The vault's share of minted interest it has not accepted yet (AID the minter holds).
    pending_yield: StorageU256,
}

fn u16_of(v: U16) -> u16 {
    v.to::<u16>()
}

fn u64_of(v: U64) -> u64 {
    v.to::<u64>()
}

#[public]
impl AidMinter {
    /// Sets up the minter over `registry` and `aid`, and grants `DEFAULT_ADMIN_ROLE` to `admin`
    /// (who grants RISK_ADMIN and PAUSER).
    ///
    /// # Errors
    ///
    /// * [`InvalidAddress`] - If any argument is the zero address.
    ///
    /// # Events
    ///
    /// * [`RoleGranted`].
    #[constructor]
    pub fn constructor(&mut self, admin: Address, registry: Address, aid: Address) -> R {
        for account in [admin, registry, aid] {
            nonzero(account)?;
        }
        self.registry.set(registry);
        self.aid.set(aid);
        self.roles.set(DEFAULT_ADMIN_ROLE.into(), admin, true);
        self.interest_booked.set(U256::from(1));
        self.interest_minted.set(U256::from(1));
        Ok(())
    }

    // ------------------------------------------------------------------ positions

    /// Accepts a registry token sent with `safeTransferFrom` and opens a position owned by
    /// `from`, its previous holder. Never calls the registry (it is on the call stack): the
    /// token's model is read at the first borrow.
    ///
    /// # Errors
    ///
    /// * [`NotRegistry`] - If the caller is not the registry (another ERC-721).
    /// * [`EnforcedPause`] - If the minter is paused.
    /// * [`InvalidAddress`] - If `from` is zero (a token minted straight to the minter).
    /// * [`PositionExists`] - If the token already backs a position.
    ///
    /// # Events
    ///
    /// * [`Pledged`].
    #[selector(name = "onERC721Received")]
    pub fn on_erc721_received(
        &mut self,
        operator: Address,
        from: Address,
        token_id: U256,
        data: Bytes,
    ) -> R<FixedBytes<4>> {
        let _ = (operator, data);
        let caller = sender();
        if caller != self.registry.get() {
            return fail(NotRegistry::SELECTOR, &[caller.w()]);
        }
        self.open(token_id, from)?;
        Ok(FixedBytes(ERC721_RECEIVED))
    }

    /// Pledges `tokenId` by pulling it from the caller with `transferFrom` (the caller must have
    /// approved the minter) and opens a position owned by the caller.
    ///
    /// # Errors
    ///
    /// * [`EnforcedPause`] - If the minter is paused.
    /// * [`PositionExists`] - If the token already backs a position.
    /// * The registry's error if the caller does not hold the token or did not approve.
    ///
    /// # Events
    ///
    /// * [`Pledged`].
    pub fn pledge(&mut self, token_id: U256) -> R {
        let owner = sender();
        self.open(token_id, owner)?;
        // The plain `transferFrom` calls no receiver, and the registry cannot call back.
        call(
            self.registry.get(),
            sel::TRANSFER_FROM,
            &[owner.w(), this().w(), token_id.w()],
        )?;
        Ok(())
    }

    /// Mints `amount` AID to `receiver` against position `tokenId` (owner only), after an
    /// accrual of its model. The token needs a fresh valuation and, after the mint,
    /// `value × 10_000 ≥ debt × minCollateralRatioBps`; both debt ceilings and `dust` hold.
    ///
    /// # Errors
    ///
    /// * [`EnforcedPause`] - If the minter is paused.
    /// * [`InvalidAmount`] / [`InvalidReceiver`] - On a zero amount or receiver.
    /// * [`NoPosition`] / [`NotPositionOwner`] - If the caller cannot borrow on the position.
    /// * [`InvalidModel`] / [`ModelNotConfigured`] - If the token's model has no parameters.
    /// * [`StaleValuation`] - If the appraisal is too old.
    /// * [`DustDebt`] - If the debt would stay below `dust`.
    /// * [`UndercollateralizedBorrow`] - If the ratio would fall below the minimum.
    /// * [`DebtCeilingExceeded`] / [`GlobalDebtCeilingExceeded`] - Above a ceiling.
    ///
    /// # Events
    ///
    /// * [`Dripped`] (from the accrual), [`Borrowed`].
    pub fn borrow(&mut self, token_id: U256, amount: U256, receiver: Address) -> R {
        positions::borrow(self, token_id, amount, receiver)
    }

    /// Repays up to `amount` of position `tokenId`'s debt (after an accrual) with the caller's
    /// AID: pulled with `transferFrom` (approve the minter first) and burnt, so no minter right
    /// on AID is needed. Anyone may repay any position. `type(uint256).max` (or any amount
    /// above the debt) repays exactly the debt at execution; what is left must be zero or at
    /// least `dust`. Works while paused and whatever the vault does. Returns what was repaid.
    ///
    /// # Errors
    ///
    /// * [`InvalidAmount`] - On a zero amount.
    /// * [`NoPosition`] / [`NoDebt`] - If there is nothing to repay.
    /// * [`DustDebt`] - If the debt left would be below `dust` but not zero.
    /// * The token's error if the allowance or balance is short.
    ///
    /// # Events
    ///
    /// * [`Dripped`] (from the accrual), [`Repaid`].
    pub fn repay(&mut self, token_id: U256, amount: U256) -> R<U256> {
        positions::repay(self, token_id, amount)
    }

    /// Closes position `tokenId` (owner only, no debt) and sends the token to `receiver` with
    /// `safeTransferFrom`. Works while paused.
    ///
    /// # Errors
    ///
    /// * [`InvalidReceiver`] - On a zero receiver.
    /// * [`NoPosition`] / [`NotPositionOwner`] - If the caller cannot withdraw.
    /// * [`OutstandingDebt`] - If the position owes AID.
    ///
    /// # Events
    ///
    /// * [`Withdrawn`].
    pub fn withdraw(&mut self, token_id: U256, receiver: Address) -> R {
        positions::withdraw(self, token_id, receiver)
    }

    /// Accrues `model`'s stability fee up to now, then distributes the interest pending: mints
    /// it to the minter, sends all but `savingsShareBps` of it to the surplus buffer (the
    /// liquidator) and hands the vault's share (with any share refused before) to the sAID
    /// vault, then asks the liquidator to heal unbacked debt. Each step that needs another
    /// contract is best effort: a refusal is booked (`pendingInterest`, `pendingYield`) with an
    /// event and retried by the next drip. Anyone may call it; returns the interest accrued for
    /// `model` by this call.
    ///
    /// # Errors
    ///
    /// * [`ModelNotConfigured`] - If the model has no parameters.
    /// * [`ArithmeticFailure`] - If the accumulator overflows.
    ///
    /// # Events
    ///
    /// * [`Dripped`], [`InterestDistributed`], [`InterestDeferred`], [`YieldDeferred`], as
    ///   they happen (and the liquidator's `Healed`).
    pub fn drip(&mut self, model: B256) -> R<U256> {
        interest::drip(self, model)
    }

    /// Debt, valuation (`min(appraisal, book value)`), whether the appraisal is fresh, the
    /// collateral ratio in bps (`type(uint256).max` without debt) and whether the position can
    /// be liquidated now. Interest not yet accrued is included.
    ///
    /// # Errors
    ///
    /// * [`NoPosition`] - If the token backs no position.
    pub fn health(&self, token_id: U256) -> R<(U256, U256, bool, U256, bool)> {
        let (owner, model, _, debt) = self.position(token_id)?;
        if owner.is_zero() {
            return fail(NoPosition::SELECTOR, &[token_id.w()]);
        }
        let (value, _, fresh) = self.valuation(token_id)?;
        let ratio = aid_math::ratio_bps(value, debt).checked()?;
        let liq_ratio = u16_of(self.models.getter(model).liq_ratio.get());
        let liquidatable = !debt.is_zero() && !covers(value, debt, liq_ratio.into());
        Ok((debt, value, fresh, ratio, liquidatable))
    }

    // -------------------------------------------------------- the liquidator's side

    /// Hands position `tokenId` to the liquidator (the liquidator only, on `keeper`'s call):
    /// after an accrual, if `value × 10_000 < debt × liquidationRatioBps` (stale valuations
    /// count), the debt leaves the model frozen (it stays in `totalDebt` until [`settle`]), the
    /// position is closed and the token sent to the liquidator with `transferFrom`. Returns the
    /// former owner, the frozen debt and the valuation. Works while paused.
    ///
    /// # Errors
    ///
    /// * [`NotLiquidator`] - If the caller is not the liquidator.
    /// * [`NoPosition`] - If the token backs no position.
    /// * [`NotLiquidatable`] - If the position is healthy or owes nothing.
    ///
    /// # Events
    ///
    /// * [`Dripped`] (from the accrual), [`Seized`].
    ///
    /// [`settle`]: AidMinter::settle
    pub fn seize(&mut self, token_id: U256, keeper: Address) -> R<(Address, U256, U256)> {
        positions::seize(self, token_id, keeper)
    }

    /// Takes the frozen `debt` of the settled auction of `tokenId` out of `totalDebt` (the
    /// liquidator only, after it burnt what the sale covered and covered any shortfall).
    ///
    /// # Errors
    ///
    /// * [`NotLiquidator`] - If the caller is not the liquidator.
    /// * [`ArithmeticFailure`] - If `debt` exceeds the total debt.
    ///
    /// # Events
    ///
    /// * [`Settled`].
    pub fn settle(&mut self, token_id: U256, debt: U256) -> R {
        self.only_liquidator()?;
        self.total_debt.set(sub(self.total_debt.get(), debt)?);
        log(&[Settled::SIGNATURE_HASH, token_id.w()], &[debt.w()]);
        Ok(())
    }

    /// Returns `tokenId`, a registry token the minter holds without a position (sent with a
    /// plain `transferFrom`), to `to` (DEFAULT_ADMIN).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    /// * [`InvalidReceiver`] - If `to` is zero.
    /// * [`NotStranded`] - If the token backs a position.
    /// * The registry's error if the minter does not hold the token.
    ///
    /// # Events
    ///
    /// * [`StrandedTokenReturned`].
    pub fn return_stranded_token(&mut self, token_id: U256, to: Address) -> R {
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
        if to.is_zero() {
            return fail(InvalidReceiver::SELECTOR, &[to.w()]);
        }
        if !self.positions.getter(token_id).owner.get().is_zero() {
            return fail(NotStranded::SELECTOR, &[token_id.w()]);
        }
        log(
            &[StrandedTokenReturned::SIGNATURE_HASH, token_id.w(), to.w()],
            &[],
        );
        // A token the minter does not hold fails in the registry, with the registry's error.
        call(
            self.registry.get(),
            sel::TRANSFER_FROM,
            &[this().w(), to.w(), token_id.w()],
        )?;
        Ok(())
    }

    // ------------------------------------------------------------------ parameters

    /// Sets `model`'s credit parameters (RISK_ADMIN). The model accrues first so the old fee
    /// applies up to now; a new model starts with its accumulator at 1 RAY. The APR is stored as
    /// a per-second RAY rate (`aid_math::apr_bps_to_rate`).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks RISK_ADMIN_ROLE.
    /// * [`InvalidModel`] - For the zero model id.
    /// * [`InvalidRatios`] - Unless
    ///   `10_000 ≤ liquidationRatioBps < minCollateralRatioBps ≤ 50_000`.
    /// * [`InvalidApr`] - If the APR is above [`MAX_APR_BPS`] (5_000 bps).
    ///
    /// # Events
    ///
    /// * [`Dripped`] (from the accrual), [`ModelParamsSet`].
    pub fn set_model_params(
        &mut self,
        model: B256,
        min_collateral_ratio_bps: u16,
        liquidation_ratio_bps: u16,
        stability_fee_apr_bps: u16,
        debt_ceiling: U256,
    ) -> R {
        params::set_model_params(
            self,
            model,
            min_collateral_ratio_bps,
            liquidation_ratio_bps,
            stability_fee_apr_bps,
            debt_ceiling,
        )
    }

    /// Sets the global debt ceiling, the dust (minimum non-zero debt) and the share of interest
    /// paid to the sAID vault (RISK_ADMIN).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks RISK_ADMIN_ROLE.
    /// * [`InvalidBps`] - If `savingsShareBps` is above 10_000.
    ///
    /// # Events
    ///
    /// * [`GlobalParamsSet`].
    pub fn set_global_params(
        &mut self,
        global_debt_ceiling: U256,
        dust: U256,
        savings_share_bps: u16,
    ) -> R {
        params::set_global_params(self, global_debt_ceiling, dust, savings_share_bps)
    }

    /// Sets the sAID vault that receives the interest share (and that the liquidator asks to
    /// absorb bad debt) (DEFAULT_ADMIN); zero sends all interest to surplus. A vault must have
    /// code and `asset() == AID`.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    /// * [`InvalidVault`] - If `vault` has no code or another asset.
    ///
    /// # Events
    ///
    /// * [`VaultSet`].
    pub fn set_vault(&mut self, vault: Address) -> R {
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
        if !vault.is_zero() {
            // An account without code answers every call with empty data: `ret` refuses it.
            let asset = static_call(vault, sel::ASSET, &[]).and_then(|data| ret(&data, 0, vault));
            if asset != Ok(U256::from_be_bytes(self.aid.get().into_word().0)) {
                return fail(InvalidVault::SELECTOR, &[vault.w()]);
            }
        }
        self.vault.set(vault);
        log(&[VaultSet::SIGNATURE_HASH, vault.w()], &[]);
        Ok(())
    }

    /// Sets the liquidator, the contract that runs the auctions and keeps the surplus buffer
    /// (DEFAULT_ADMIN).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    /// * [`InvalidAddress`] - If `liquidator` is zero.
    ///
    /// # Events
    ///
    /// * [`LiquidatorSet`].
    pub fn set_liquidator(&mut self, liquidator: Address) -> R {
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
        nonzero(liquidator)?;
        self.liquidator.set(liquidator);
        log(&[LiquidatorSet::SIGNATURE_HASH, liquidator.w()], &[]);
        Ok(())
    }

    /// Stops borrowing and new pledges (PAUSER). Repayment, withdrawal, drips and liquidation
    /// go on.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks PAUSER_ROLE.
    /// * [`EnforcedPause`] - If already paused.
    ///
    /// # Events
    ///
    /// * [`Paused`].
    pub fn pause(&mut self) -> R {
        self.roles.only(PAUSER_ROLE)?;
        self.paused.set(true)
    }

    /// Lets borrowing and pledges resume (PAUSER).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks PAUSER_ROLE.
    /// * [`ExpectedPause`] - If not paused.
    ///
    /// # Events
    ///
    /// * [`Unpaused`].
    pub fn unpause(&mut self) -> R {
        self.roles.only(PAUSER_ROLE)?;
        self.paused.set(false)
    }

    // ----------------------------------------------------------------------- views

    /// Position `tokenId`: owner, model (zero until the first borrow), normalized debt and debt
    /// (with interest not yet accrued). Zeros when none.
    ///
    /// # Errors
    ///
    /// * [`ArithmeticFailure`] - If the accumulator overflows.
    pub fn position(&self, token_id: U256) -> R<(Address, B256, U256, U256)> {
        let pos = self.positions.getter(token_id);
        let model = pos.model.get();
        let art = pos.art();
        let debt = if art.is_zero() {
            U256::ZERO
        } else {
            ray_mul(art, self.rate_accumulator(model)?, Rounding::Up).checked()?
        };
        Ok((pos.owner.get(), model, art, debt))
    }

    /// `model`'s parameters: minimum collateral ratio, liquidation ratio and stability fee APR
    /// (bps), the stability fee as a per-second RAY rate, and the debt ceiling. Zeros for a
    /// model that was never configured.
    pub fn model_params(&self, model: B256) -> (u16, u16, u16, U256, U256) {
        let m = self.models.getter(model);
        let fee = if m.rate.get().is_zero() {
            U256::ZERO
        } else {
            m.fee().unwrap_or_default()
        };
        (
            u16_of(m.min_ratio.get()),
            u16_of(m.liq_ratio.get()),
            u16_of(m.apr_bps.get()),
            fee,
            m.ceiling.get(),
        )
    }

    /// `model`'s accrual state as of its last accrual: total normalized debt, booked debt, rate
    /// accumulator (RAY) and the time of the accrual.
    pub fn model_state(&self, model: B256) -> (U256, U256, U256, u64) {
        let m = self.models.getter(model);
        (m.art.get(), m.debt.get(), m.rate.get(), u64_of(m.rho.get()))
    }

    /// `model`'s rate accumulator as an accrual now would set it (zero for an unconfigured
    /// model; unchanged while the model has no debt).
    ///
    /// # Errors
    ///
    /// * [`ArithmeticFailure`] - If the accumulator overflows.
    pub fn rate_accumulator(&self, model: B256) -> R<U256> {
        self.models.getter(model).rate_at(now())
    }

    /// Global parameters: global debt ceiling, dust and the vault's share of interest (bps).
    pub fn global_params(&self) -> (U256, U256, u16) {
        (
            self.global_debt_ceiling.get(),
            self.dust.get(),
            u16_of(self.savings_share_bps.get()),
        )
    }

    /// AID owed to the protocol as booked: every model's debt as of its last accrual plus the
    /// debt frozen in auctions. AID supply + `pendingInterest` = `totalDebt` + the liquidator's
    /// `unbackedDebt`.
    pub fn total_debt(&self) -> U256 {
        self.total_debt.get()
    }

    /// Interest accrued but not minted yet (the next drip mints it).
    pub fn pending_interest(&self) -> U256 {
        self.interest_booked
            .get()
            .saturating_sub(self.interest_minted.get())
    }

    /// The vault's share of minted interest that it has not accepted yet (held by the minter;
    /// the next drip offers it again).
    pub fn pending_yield(&self) -> U256 {
        self.pending_yield.get()
    }

    /// The GPU registry.
    pub fn registry(&self) -> Address {
        self.registry.get()
    }

    /// The AID token.
    pub fn aid(&self) -> Address {
        self.aid.get()
    }

    /// The sAID vault (zero: none).
    pub fn vault(&self) -> Address {
        self.vault.get()
    }

    /// The liquidator (zero: none yet).
    pub fn liquidator(&self) -> Address {
        self.liquidator.get()
    }

    /// Whether borrowing and new pledges are paused.
    pub fn paused(&self) -> bool {
        self.paused.paused()
    }

    // -------------------------------------------------------------- access control

    /// `bytes32(0)`, the admin role of every role.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// Whether `account` has `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has(role, account)
    }

    /// The role that administers `role`: `DEFAULT_ADMIN_ROLE`, for every role.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        let _ = role;
        DEFAULT_ADMIN_ROLE.into()
    }

    /// Grants `role` to `account` (the role's admin only).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks `role`'s admin role.
    ///
    /// # Events
    ///
    /// * [`RoleGranted`] if `account` did not have `role`.
    pub fn grant_role(&mut self, role: B256, account: Address) -> R {
        self.roles.admin_set(role, account, true)
    }

    /// Revokes `role` from `account` (the role's admin only).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks `role`'s admin role.
    ///
    /// # Events
    ///
    /// * [`RoleRevoked`] if `account` had `role`.
    pub fn revoke_role(&mut self, role: B256, account: Address) -> R {
        self.roles.admin_set(role, account, false)
    }

    /// Gives up `role` held by the caller.
    ///
    /// # Errors
    ///
    /// * [`AccessControlBadConfirmation`] - If `confirmation` is not the caller.
    ///
    /// # Events
    ///
    /// * [`RoleRevoked`] if the caller had `role`.
    pub fn renounce_role(&mut self, role: B256, confirmation: Address) -> R {
        self.roles.renounce(role, confirmation)
    }
}

/// Fails with [`InvalidAddress`] on the zero address.
fn nonzero(account: Address) -> R {
    if account.is_zero() {
        return fail(InvalidAddress::SELECTOR, &[account.w()]);
    }
    Ok(())
}

impl AidMinter {
    /// The liquidator, if it is the caller.
    fn only_liquidator(&self) -> R<Address> {
        let caller = sender();
        let liquidator = self.liquidator.get();
        if caller != liquidator || liquidator.is_zero() {
            return fail(NotLiquidator::SELECTOR, &[caller.w()]);
        }
        Ok(liquidator)
    }
}
