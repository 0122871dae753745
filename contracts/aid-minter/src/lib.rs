//! AidMinter: the collateral-ratio-checked minter of AID Protocol.
//!
//! GPU clusters registered as `GpuRegistry` tokens are pledged here and AID is minted against
//! them, up to a per-model collateral ratio. Positions are keyed by token id; the minter holds
//! the pledged tokens.
//!
//! # Accounting (Maker Vat/Jug)
//!
//! Each position stores its *normalized* debt `art`; what it owes is `art × rate` where `rate` is
//! its model's RAY accumulator, compounded per second with `rpow` by [`AidMinter::drip`]. Every
//! rounding is in the protocol's favour: a position's debt rounds up, normalized debt rounds up
//! on borrow and down on repay.
//!
//! Per model the minter tracks the total normalized debt `Art` and the AID minted for it, `debt`.
//! A drip mints exactly `ceil(Art × rate) − debt` as interest and sets `debt = ceil(Art × rate)`;
//! because `ceil` is subadditive that is never more than the sum of what the positions owe
//! (`Σ ceil(art × rate)`), and it is never less than what any single position owes, so a full
//! repayment or a liquidation right after a drip always fits inside the model's tracked debt.
//! `totalDebt` is the sum over models plus the debt frozen in auctions, and with the minter as
//! AID's only minter:
//!
//! `AID total supply = totalDebt + unbackedDebt` exactly, after every call.
//!
//! The interest a drip mints goes `savingsShareBps` to the sAID vault (approve +
//! `distributeYield`) and the rest to the surplus buffer: AID the minter holds.
//!
//! # Liquidation
//!
//! A position whose `value × 10_000 < debt × liquidationRatioBps` (with the registry's
//! `min(appraisal, book value)`, stale or not: depreciation never waits for an appraiser) can be
//! sent into a Dutch auction by anyone. Its debt is frozen at that moment (it leaves the model and
//! accrues no more interest), and the position can no longer borrow, repay or withdraw. The owner
//! keeps the claim on whatever the sale brings in above the debt, the penalty and the keeper fee:
//! it is paid to them when the auction settles. The price falls linearly from
//! `value × auctionStartBps` to `auctionFloorBps` of that start over `auctionDuration`; an expired
//! auction is restarted by `resetAuction` from a fresh valuation. A shortfall is bad debt, covered
//! by the surplus buffer, then by the sAID vault (`absorbLoss`), and recorded as `unbackedDebt`
//! for the rest.
//!
//! # Reentrancy
//!
//! The minter calls only three contracts, all fixed by the admin: the registry (valuations and
//! token transfers), the AID token (mint, burn, transfers) and the sAID vault (yield, losses).
//! stylus-sdk 0.9 reverts any call into a contract that is already on the call stack (the
//! `reentrant` feature is off), so none of them, nor a token receiver called by the registry, can
//! call back into the minter while it runs. On top of that every entry point finishes its own
//! state changes before it makes the calls that move tokens (checks, effects, interactions).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
// The entrypoint and ABI printer the SDK generates have no docs; every item of ours does.
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
extern crate alloc;

mod abi;
mod sol;
#[cfg(any(test, feature = "test-clock"))]
pub mod test_clock;
#[cfg(test)]
mod tests;

#[cfg(all(feature = "test-clock", target_arch = "wasm32"))]
compile_error!("the test clock must never be compiled into the deployed contract");

use alloc::vec::Vec;

use aid_math::{covers, mul_bps, mul_div, ray_div, ray_mul, rpow, MathError, Rounding, RAY};
use alloy_primitives::{aliases::U64, Address, FixedBytes, B256, U16, U256};
use alloy_sol_types::{SolError, SolEvent};
use stylus_sdk::{
    abi::Bytes,
    keccak_const::Keccak256,
    prelude::*,
    storage::{
        StorageAddress, StorageB256, StorageBool, StorageMap, StorageU16, StorageU256, StorageU64,
    },
};

use abi::{fail, log, Word};
pub use sol::*;

/// `keccak256("RISK_ADMIN_ROLE")`: sets credit, global and auction parameters.
pub const RISK_ADMIN_ROLE: [u8; 32] = Keccak256::new().update(b"RISK_ADMIN_ROLE").finalize();
/// `keccak256("PAUSER_ROLE")`: pauses and unpauses borrowing and new pledges.
pub const PAUSER_ROLE: [u8; 32] = Keccak256::new().update(b"PAUSER_ROLE").finalize();
/// `DEFAULT_ADMIN_ROLE` (`bytes32(0)`): wiring, surplus, and admin of every role.
pub const DEFAULT_ADMIN_ROLE: [u8; 32] = [0; 32];
/// `IERC721Receiver.onERC721Received.selector`: what accepting a token returns.
pub const ERC721_RECEIVED: [u8; 4] = [0x15, 0x0b, 0x7a, 0x02];

/// 100% in basis points.
const BPS: u16 = 10_000;

/// Result of an entry point: revert data on failure. Errors of the registry, token and vault
/// pass through unchanged so integrators see the callee's own error.
type R<T = ()> = Result<T, Vec<u8>>;

/// Credit parameters and accrual state of one GPU model.
#[storage]
pub struct Model {
    /// Minimum collateral ratio to borrow, bps.
    min_ratio: StorageU16,
    /// Liquidation ratio, bps (below `min_ratio`).
    liq_ratio: StorageU16,
    /// Stability fee as configured, APR in bps.
    apr_bps: StorageU16,
    /// Time of the last drip (packed with the three above).
    rho: StorageU64,
    /// Stability fee: per-second RAY rate.
    fee: StorageU256,
    /// Debt ceiling of the model, AID.
    ceiling: StorageU256,
    /// Rate accumulator, RAY; zero while the model is not configured.
    rate: StorageU256,
    /// Total normalized debt of the model's positions.
    art: StorageU256,
    /// AID minted for the model: `ceil(art × rate)` right after a drip.
    debt: StorageU256,
}

/// One pledged token: the position and, while it is auctioned, its auction.
#[storage]
pub struct Position {
    /// Owner of the position; zero when there is none.
    owner: StorageAddress,
    /// Auction start time; zero when not in auction (packed with `owner`).
    started_at: StorageU64,
    /// Who started the auction (is paid the keeper fee).
    keeper: StorageAddress,
    /// The token's model, read from the registry at the first borrow; zero until then.
    model: StorageB256,
    /// Normalized debt.
    art: StorageU256,
    /// Debt frozen when the auction started.
    auction_debt: StorageU256,
    /// Price at the start of the (latest reset of the) auction.
    start_price: StorageU256,
}

/// State of the AID minter.
#[entrypoint]
#[storage]
pub struct AidMinter {
    /// Role members: DEFAULT_ADMIN, RISK_ADMIN, PAUSER (OpenZeppelin AccessControl semantics,
    /// with DEFAULT_ADMIN the admin of every role).
    roles: StorageMap<B256, StorageMap<Address, StorageBool>>,
    /// Stops borrowing and new pledges.
    paused: StorageBool,
    /// The GPU registry (ERC-721 collateral).
    registry: StorageAddress,
    /// The AID token.
    aid: StorageAddress,
    /// The sAID vault; zero: interest all goes to surplus and no loss is absorbed.
    vault: StorageAddress,
    /// Receives swept surplus.
    treasury: StorageAddress,
    /// Credit parameters and accrual state per model id.
    models: StorageMap<B256, Model>,
    /// Positions (and auctions) per token id.
    positions: StorageMap<U256, Position>,
    /// Ceiling on `total_debt`.
    global_debt_ceiling: StorageU256,
    /// Minimum non-zero debt of a position.
    dust: StorageU256,
    /// Share of interest paid to the sAID vault, bps.
    savings_share_bps: StorageU16,
    /// Auction start price as a share of the valuation, bps.
    auction_start_bps: StorageU16,
    /// Auction floor as a share of the start price, bps.
    auction_floor_bps: StorageU16,
    /// Liquidation penalty as a share of the debt, bps.
    liquidation_penalty_bps: StorageU16,
    /// Keeper fee as a share of the debt, bps.
    keeper_fee_bps: StorageU16,
    /// Auction duration, seconds (packed with the five above).
    auction_duration: StorageU64,
    /// Surplus kept back from sweeps.
    surplus_target: StorageU256,
    /// Surplus buffer: AID the minter holds.
    surplus: StorageU256,
    /// Σ model debt + Σ auction debt.
    total_debt: StorageU256,
    /// AID in circulation that no collateral, surplus or vault covered.
    unbacked_debt: StorageU256,
}

/// The current block time (shifted by [`test_clock`] in tests, as the test VM's clock is fixed).
fn now() -> u64 {
    #[allow(deprecated)]
    let t = stylus_sdk::block::timestamp();
    #[cfg(any(test, feature = "test-clock"))]
    let t = t + test_clock::offset();
    t
}

#[allow(deprecated)]
fn sender() -> Address {
    stylus_sdk::msg::sender()
}

#[allow(deprecated)]
fn this() -> Address {
    stylus_sdk::contract::address()
}

/// Turns fixed-point failures into [`ArithmeticFailure`] reverts.
trait Checked<T> {
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

/// `a - b` where `b <= a` holds by the accounting; checked all the same.
fn sub(a: U256, b: U256) -> R<U256> {
    aid_math::sub(a, b).checked()
}

fn add(a: U256, b: U256) -> R<U256> {
    aid_math::add(a, b).checked()
}

/// `rate` grown by `fee` per second over `dt` seconds, rounded up (debt up).
fn grow(rate: U256, fee: U256, dt: u64) -> R<U256> {
    ray_mul(
        rate,
        rpow(fee, dt, RAY, Rounding::Up).checked()?,
        Rounding::Up,
    )
    .checked()
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
            if account.is_zero() {
                return fail(InvalidAddress::SELECTOR, &[account.w()]);
            }
        }
        self.registry.set(registry);
        self.aid.set(aid);
        self.set_role(DEFAULT_ADMIN_ROLE.into(), admin, true);
        Ok(())
    }

    // ------------------------------------------------------------------ positions

    /// Accepts a registry token sent with `safeTransferFrom` and opens a position owned by
    /// `from`, its previous holder.
    ///
    /// The registry is on the call stack while this runs and stylus-sdk 0.9 reverts any call
    /// back into it, so this callback never calls the registry: the token's model is read later,
    /// at the first borrow.
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
        // The position exists before the token moves; the plain `transferFrom` calls no
        // receiver, and the registry cannot call back into the minter.
        abi::call(
            self.registry.get(),
            abi::TRANSFER_FROM,
            &[owner.w(), this().w(), token_id.w()],
        )?;
        Ok(())
    }

    /// Mints `amount` AID to `receiver` against position `tokenId` (owner only), after a drip of
    /// its model. The token needs a fresh valuation and, after the mint,
    /// `value × 10_000 ≥ debt × minCollateralRatioBps`; both debt ceilings and `dust` hold.
    ///
    /// # Errors
    ///
    /// * [`EnforcedPause`] - If the minter is paused.
    /// * [`InvalidAmount`] / [`InvalidReceiver`] - On a zero amount or receiver.
    /// * [`NoPosition`] / [`NotPositionOwner`] / [`InAuction`] - If the caller cannot borrow on
    ///   the position.
    /// * [`InvalidModel`] / [`ModelNotConfigured`] - If the token's model has no parameters.
    /// * [`StaleValuation`] - If the appraisal is too old.
    /// * [`DustDebt`] - If the debt would stay below `dust`.
    /// * [`UndercollateralizedBorrow`] - If the ratio would fall below the minimum.
    /// * [`DebtCeilingExceeded`] / [`GlobalDebtCeilingExceeded`] - Above a ceiling.
    ///
    /// # Events
    ///
    /// * [`Dripped`] (from the drip), [`Borrowed`].
    pub fn borrow(&mut self, token_id: U256, amount: U256, receiver: Address) -> R {
        self.when_not_paused()?;
        if amount.is_zero() {
            return fail(InvalidAmount::SELECTOR, &[amount.w()]);
        }
        if receiver.is_zero() {
            return fail(InvalidReceiver::SELECTOR, &[receiver.w()]);
        }
        self.owned_position(token_id)?;
        let model = self.position_model(token_id)?;
        let rate = self.accrue(model)?;
        let (value, appraised_at, fresh) = self.valuation(token_id)?;
        if !fresh {
            return fail(StaleValuation::SELECTOR, &[token_id.w(), appraised_at.w()]);
        }

        let art = add(
            self.positions.getter(token_id).art.get(),
            ray_div(amount, rate, Rounding::Up).checked()?,
        )?;
        let debt = ray_mul(art, rate, Rounding::Up).checked()?;
        let dust = self.dust.get();
        if debt < dust {
            return fail(DustDebt::SELECTOR, &[debt.w(), dust.w()]);
        }
        let m = self.models.getter(model);
        let min_ratio = u16_of(m.min_ratio.get());
        if !covers(value, debt, min_ratio.into()) {
            return fail(
                UndercollateralizedBorrow::SELECTOR,
                &[token_id.w(), value.w(), debt.w(), min_ratio.w()],
            );
        }
        let model_debt = add(m.debt.get(), amount)?;
        let ceiling = m.ceiling.get();
        if model_debt > ceiling {
            return fail(
                DebtCeilingExceeded::SELECTOR,
                &[model.w(), model_debt.w(), ceiling.w()],
            );
        }
        let model_art = add(
            m.art.get(),
            sub(art, self.positions.getter(token_id).art.get())?,
        )?;
        drop(m);
        let total = add(self.total_debt.get(), amount)?;
        let ceiling = self.global_debt_ceiling.get();
        if total > ceiling {
            return fail(
                GlobalDebtCeilingExceeded::SELECTOR,
                &[total.w(), ceiling.w()],
            );
        }

        self.positions.setter(token_id).art.set(art);
        let mut m = self.models.setter(model);
        m.art.set(model_art);
        m.debt.set(model_debt);
        drop(m);
        self.total_debt.set(total);
        log(
            &[
                Borrowed::SIGNATURE_HASH,
                token_id.w(),
                model.w(),
                receiver.w(),
            ],
            &[amount.w(), debt.w()],
        );
        abi::call(self.aid.get(), abi::MINT, &[receiver.w(), amount.w()])?;
        Ok(())
    }

    /// Burns up to `amount` of the caller's AID (through `burnFrom`: approve the minter first)
    /// against position `tokenId`, after a drip; anyone may repay any position. The payment is
    /// capped at the debt, and what is left must be zero or at least `dust`.
    ///
    /// # Errors
    ///
    /// * [`InvalidAmount`] - On a zero amount.
    /// * [`NoPosition`] / [`InAuction`] / [`NoDebt`] - If there is nothing to repay.
    /// * [`DustDebt`] - If the debt left would be below `dust` but not zero.
    /// * The token's error if the allowance or balance is short.
    ///
    /// # Events
    ///
    /// * [`Dripped`] (from the drip), [`Repaid`].
    pub fn repay(&mut self, token_id: U256, amount: U256) -> R<U256> {
        if amount.is_zero() {
            return fail(InvalidAmount::SELECTOR, &[amount.w()]);
        }
        let pos = self.positions.getter(token_id);
        if pos.owner.get().is_zero() {
            return fail(NoPosition::SELECTOR, &[token_id.w()]);
        }
        if pos.started_at.get() != U64::ZERO {
            return fail(InAuction::SELECTOR, &[token_id.w()]);
        }
        let art = pos.art.get();
        let model = pos.model.get();
        drop(pos);
        if art.is_zero() {
            return fail(NoDebt::SELECTOR, &[token_id.w()]);
        }
        let rate = self.accrue(model)?;
        let debt = ray_mul(art, rate, Rounding::Up).checked()?;
        let repaid = amount.min(debt);
        // A full repayment clears the normalized debt; a partial one removes it rounded down.
        let dart = if repaid == debt {
            art
        } else {
            ray_div(repaid, rate, Rounding::Down).checked()?
        };
        let left = sub(art, dart)?;
        let remaining = ray_mul(left, rate, Rounding::Up).checked()?;
        let dust = self.dust.get();
        if !remaining.is_zero() && remaining < dust {
            return fail(DustDebt::SELECTOR, &[remaining.w(), dust.w()]);
        }

        self.positions.setter(token_id).art.set(left);
        let mut m = self.models.setter(model);
        let model_art = sub(m.art.get(), dart)?;
        // The drip above set the model's debt to ceil(Art × rate) ≥ this position's debt.
        let model_debt = sub(m.debt.get(), repaid)?;
        m.art.set(model_art);
        m.debt.set(model_debt);
        drop(m);
        self.total_debt.set(sub(self.total_debt.get(), repaid)?);
        let payer = sender();
        log(
            &[Repaid::SIGNATURE_HASH, token_id.w(), payer.w()],
            &[repaid.w(), remaining.w()],
        );
        abi::call(self.aid.get(), abi::BURN_FROM, &[payer.w(), repaid.w()])?;
        Ok(repaid)
    }

    /// Closes position `tokenId` (owner only, no debt, not in auction) and sends the token to
    /// `receiver` with `safeTransferFrom`. Works while paused.
    ///
    /// # Errors
    ///
    /// * [`InvalidReceiver`] - On a zero receiver.
    /// * [`NoPosition`] / [`NotPositionOwner`] / [`InAuction`] - If the caller cannot withdraw.
    /// * [`OutstandingDebt`] - If the position owes AID.
    ///
    /// # Events
    ///
    /// * [`Withdrawn`].
    pub fn withdraw(&mut self, token_id: U256, receiver: Address) -> R {
        if receiver.is_zero() {
            return fail(InvalidReceiver::SELECTOR, &[receiver.w()]);
        }
        let owner = self.owned_position(token_id)?;
        let (_, _, art, debt) = self.position(token_id)?;
        if !art.is_zero() {
            return fail(OutstandingDebt::SELECTOR, &[token_id.w(), debt.w()]);
        }
        self.clear_position(token_id);
        log(
            &[
                Withdrawn::SIGNATURE_HASH,
                token_id.w(),
                owner.w(),
                receiver.w(),
            ],
            &[],
        );
        // The position is gone before the token moves; the receiver's callback (if any) cannot
        // call back into the minter.
        abi::call(
            self.registry.get(),
            abi::SAFE_TRANSFER_FROM,
            &[this().w(), receiver.w(), token_id.w()],
        )?;
        Ok(())
    }

    /// Accrues `model`'s stability fee up to now and mints the interest: `savingsShareBps` to
    /// the sAID vault (as vesting yield), the rest to the surplus buffer (all of it when no
    /// vault is set). Anyone may call it; returns the interest minted.
    ///
    /// # Errors
    ///
    /// * [`ModelNotConfigured`] - If the model has no parameters.
    /// * [`ArithmeticFailure`] - If the accumulator overflows.
    ///
    /// # Events
    ///
    /// * [`Dripped`], when time passed or interest was minted.
    pub fn drip(&mut self, model: B256) -> R<U256> {
        let interest = self.models.getter(model).debt.get();
        self.accrue(model)?;
        sub(self.models.getter(model).debt.get(), interest)
    }

    /// Debt, valuation (`min(appraisal, book value)`), whether the appraisal is fresh, the
    /// collateral ratio in bps (`type(uint256).max` without debt) and whether the position can
    /// be liquidated now. Interest not yet dripped is included. A position in auction reports
    /// its frozen debt and is not liquidatable (again).
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
        let in_auction = self.positions.getter(token_id).started_at.get() != U64::ZERO;
        let liq_ratio = u16_of(self.models.getter(model).liq_ratio.get());
        let liquidatable = !in_auction && !debt.is_zero() && !covers(value, debt, liq_ratio.into());
        Ok((debt, value, fresh, ratio, liquidatable))
    }

    // ---------------------------------------------------------------- liquidation

    /// Sends position `tokenId` into a Dutch auction when, after a drip,
    /// `value × 10_000 < debt × liquidationRatioBps` (stale valuations count). The debt is
    /// frozen; the caller is the keeper paid at settlement. Works while paused.
    ///
    /// # Errors
    ///
    /// * [`NoPosition`] / [`AlreadyInAuction`] - If there is nothing to liquidate.
    /// * [`InvalidAuctionParams`] - If the auction parameters were never set.
    /// * [`NotLiquidatable`] - If the position is healthy or owes nothing.
    ///
    /// # Events
    ///
    /// * [`Dripped`] (from the drip), [`AuctionStarted`].
    pub fn liquidate(&mut self, token_id: U256) -> R {
        let pos = self.positions.getter(token_id);
        let owner = pos.owner.get();
        if owner.is_zero() {
            return fail(NoPosition::SELECTOR, &[token_id.w()]);
        }
        if pos.started_at.get() != U64::ZERO {
            return fail(AlreadyInAuction::SELECTOR, &[token_id.w()]);
        }
        let art = pos.art.get();
        let model = pos.model.get();
        drop(pos);
        if self.auction_duration.get() == U64::ZERO {
            return self.invalid_auction_params();
        }
        let (value, _, _) = self.valuation(token_id)?;
        if art.is_zero() {
            return fail(
                NotLiquidatable::SELECTOR,
                &[token_id.w(), value.w(), (U256::ZERO).w()],
            );
        }
        let rate = self.accrue(model)?;
        let debt = ray_mul(art, rate, Rounding::Up).checked()?;
        let liq_ratio = u16_of(self.models.getter(model).liq_ratio.get());
        if covers(value, debt, liq_ratio.into()) {
            return fail(
                NotLiquidatable::SELECTOR,
                &[token_id.w(), value.w(), debt.w()],
            );
        }
        let start_price = self.start_price(value)?;

        // The debt moves from the model to the auction: `totalDebt` is unchanged. The drip
        // above made the model's debt ≥ this position's debt.
        let mut m = self.models.setter(model);
        let model_art = sub(m.art.get(), art)?;
        let model_debt = sub(m.debt.get(), debt)?;
        m.art.set(model_art);
        m.debt.set(model_debt);
        drop(m);
        let keeper = sender();
        let mut pos = self.positions.setter(token_id);
        pos.art.set(U256::ZERO);
        pos.auction_debt.set(debt);
        pos.start_price.set(start_price);
        pos.started_at.set(U64::from(now()));
        pos.keeper.set(keeper);
        log(
            &[
                AuctionStarted::SIGNATURE_HASH,
                token_id.w(),
                owner.w(),
                keeper.w(),
            ],
            &[debt.w(), value.w(), start_price.w()],
        );
        Ok(())
    }

    /// Restarts an expired auction at `value × auctionStartBps` from a fresh valuation. Anyone
    /// may call it; the keeper stays the one who liquidated.
    ///
    /// # Errors
    ///
    /// * [`NoAuction`] - If the token is not auctioned.
    /// * [`AuctionNotExpired`] - If the auction still runs.
    /// * [`StaleValuation`] - If the appraisal is too old: a new price needs a new appraisal.
    ///
    /// # Events
    ///
    /// * [`AuctionReset`].
    pub fn reset_auction(&mut self, token_id: U256) -> R {
        let started = u64_of(self.positions.getter(token_id).started_at.get());
        if started == 0 {
            return fail(NoAuction::SELECTOR, &[token_id.w()]);
        }
        let expires_at = started.saturating_add(u64_of(self.auction_duration.get()));
        let now = now();
        if now <= expires_at {
            return fail(AuctionNotExpired::SELECTOR, &[token_id.w(), expires_at.w()]);
        }
        let (value, appraised_at, fresh) = self.valuation(token_id)?;
        if !fresh {
            return fail(StaleValuation::SELECTOR, &[token_id.w(), appraised_at.w()]);
        }
        let start_price = self.start_price(value)?;
        let mut pos = self.positions.setter(token_id);
        pos.start_price.set(start_price);
        pos.started_at.set(U64::from(now));
        log(
            &[AuctionReset::SIGNATURE_HASH, token_id.w(), sender().w()],
            &[value.w(), start_price.w()],
        );
        Ok(())
    }

    /// Buys the auctioned `tokenId` at the current price (at most `maxPrice`), paid in AID
    /// pulled from the caller with `transferFrom` (approve the minter first); the token goes to
    /// `receiver` with `safeTransferFrom`. Settlement: the debt is burnt from the proceeds, then
    /// the penalty goes to the surplus buffer, the keeper fee to the keeper and the rest to the
    /// former owner. A shortfall is covered by the surplus buffer, then the vault, and recorded
    /// as unbacked debt. Returns the price paid. Works while paused.
    ///
    /// # Errors
    ///
    /// * [`InvalidReceiver`] - On a zero receiver.
    /// * [`NoAuction`] - If the token is not auctioned (or was sold).
    /// * [`AuctionExpired`] - If the auction ran out.
    /// * [`PriceAboveMax`] - If the price is above `maxPrice`.
    /// * The token's error if the bidder's allowance or balance is short.
    ///
    /// # Events
    ///
    /// * [`AuctionSettled`], and [`BadDebt`] on a shortfall.
    pub fn bid(&mut self, token_id: U256, max_price: U256, receiver: Address) -> R<U256> {
        if receiver.is_zero() {
            return fail(InvalidReceiver::SELECTOR, &[receiver.w()]);
        }
        let price = self.auction_price(token_id)?;
        if price > max_price {
            return fail(PriceAboveMax::SELECTOR, &[price.w(), max_price.w()]);
        }
        let pos = self.positions.getter(token_id);
        let owner = pos.owner.get();
        let keeper = pos.keeper.get();
        let debt = pos.auction_debt.get();
        drop(pos);

        // Proceeds pay, in order: the debt, the penalty, the keeper fee, the former owner.
        let repaid = price.min(debt);
        let mut rest = price - repaid;
        let penalty =
            rest.min(self.share_of(debt, self.liquidation_penalty_bps.get(), Rounding::Up)?);
        rest -= penalty;
        let keeper_fee =
            rest.min(self.share_of(debt, self.keeper_fee_bps.get(), Rounding::Down)?);
        rest -= keeper_fee;
        let shortfall = debt - repaid;
        let surplus = add(self.surplus.get(), penalty)?;
        let from_surplus = shortfall.min(surplus);
        let uncovered = shortfall - from_surplus;

        self.surplus.set(surplus - from_surplus);
        self.total_debt.set(sub(self.total_debt.get(), debt)?);
        self.clear_position(token_id);
        let bidder = sender();
        log(
            &[
                AuctionSettled::SIGNATURE_HASH,
                token_id.w(),
                bidder.w(),
                receiver.w(),
            ],
            &[price.w(), debt.w(), penalty.w(), keeper_fee.w(), rest.w()],
        );

        // Every state change above is done; the calls below only move tokens. None of the
        // callees (AID, vault, registry, the receiver's callback) can call back into the minter.
        let aid = self.aid.get();
        let me = this();
        if !price.is_zero() {
            abi::call(aid, abi::TRANSFER_FROM, &[bidder.w(), me.w(), price.w()])?;
        }
        let burnt = repaid + from_surplus;
        if !burnt.is_zero() {
            abi::call(aid, abi::BURN, &[burnt.w()])?;
        }
        if !keeper_fee.is_zero() {
            abi::call(aid, abi::TRANSFER, &[keeper.w(), keeper_fee.w()])?;
        }
        if !rest.is_zero() {
            abi::call(aid, abi::TRANSFER, &[owner.w(), rest.w()])?;
        }
        if !shortfall.is_zero() {
            let vault = self.vault.get();
            let from_vault = if uncovered.is_zero() || vault.is_zero() {
                U256::ZERO
            } else {
                // The vault burns what it absorbs; recording the rest after the call is safe
                // because nothing can re-enter the minter meanwhile.
                let data = abi::call(vault, abi::ABSORB_LOSS, &[uncovered.w()])?;
                abi::ret(&data, 0, vault)?.min(uncovered)
            };
            let unbacked = uncovered - from_vault;
            self.unbacked_debt
                .set(add(self.unbacked_debt.get(), unbacked)?);
            log(
                &[BadDebt::SIGNATURE_HASH, token_id.w()],
                &[
                    shortfall.w(),
                    from_surplus.w(),
                    from_vault.w(),
                    unbacked.w(),
                ],
            );
        }
        abi::call(
            self.registry.get(),
            abi::SAFE_TRANSFER_FROM,
            &[me.w(), receiver.w(), token_id.w()],
        )?;
        Ok(price)
    }

    /// What a bid on `tokenId` pays now: linear from the start price down to
    /// `auctionFloorBps` of it over `auctionDuration`, rounded up.
    ///
    /// # Errors
    ///
    /// * [`NoAuction`] - If the token is not auctioned.
    /// * [`AuctionExpired`] - If the auction ran out.
    pub fn auction_price(&self, token_id: U256) -> R<U256> {
        let pos = self.positions.getter(token_id);
        let started = u64_of(pos.started_at.get());
        if started == 0 {
            return fail(NoAuction::SELECTOR, &[token_id.w()]);
        }
        let duration = u64_of(self.auction_duration.get());
        let elapsed = now().saturating_sub(started);
        if elapsed > duration {
            return fail(
                AuctionExpired::SELECTOR,
                &[token_id.w(), (started.saturating_add(duration)).w()],
            );
        }
        let start = pos.start_price.get();
        let floor = self.share_of(start, self.auction_floor_bps.get(), Rounding::Up)?;
        // The price drop is rounded down, so the price is rounded up.
        let fall = mul_div(
            start - floor,
            U256::from(elapsed),
            U256::from(duration),
            Rounding::Down,
        )
        .checked()?;
        Ok(start - fall)
    }

    /// Auction of `tokenId`: frozen debt, start price, start time and keeper (zeros when none).
    pub fn auction(&self, token_id: U256) -> (U256, U256, u64, Address) {
        let pos = self.positions.getter(token_id);
        (
            pos.auction_debt.get(),
            pos.start_price.get(),
            u64_of(pos.started_at.get()),
            pos.keeper.get(),
        )
    }

    // ------------------------------------------------------------------ parameters

    /// Sets `model`'s credit parameters (RISK_ADMIN). The model is dripped first so the old fee
    /// applies up to now; a new model starts with its accumulator at 1 RAY. The APR is stored as
    /// a per-second RAY rate (`aid_math::apr_bps_to_rate`).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks RISK_ADMIN_ROLE.
    /// * [`InvalidModel`] - For the zero model id.
    /// * [`InvalidRatios`] - Unless `10_000 < liquidationRatioBps < minCollateralRatioBps`.
    ///
    /// # Events
    ///
    /// * [`Dripped`] (from the drip), [`ModelParamsSet`].
    pub fn set_model_params(
        &mut self,
        model: B256,
        min_collateral_ratio_bps: u16,
        liquidation_ratio_bps: u16,
        stability_fee_apr_bps: u16,
        debt_ceiling: U256,
    ) -> R {
        self.only_role(RISK_ADMIN_ROLE)?;
        if model.is_zero() {
            return fail(InvalidModel::SELECTOR, &[model.w()]);
        }
        if liquidation_ratio_bps <= BPS || min_collateral_ratio_bps <= liquidation_ratio_bps {
            return fail(
                InvalidRatios::SELECTOR,
                &[min_collateral_ratio_bps.w(), liquidation_ratio_bps.w()],
            );
        }
        let fee = aid_math::apr_bps_to_rate(stability_fee_apr_bps.into()).checked()?;
        if self.models.getter(model).rate.get().is_zero() {
            let mut m = self.models.setter(model);
            m.rate.set(RAY);
            m.rho.set(U64::from(now()));
        } else {
            self.accrue(model)?;
        }
        let mut m = self.models.setter(model);
        m.min_ratio.set(U16::from(min_collateral_ratio_bps));
        m.liq_ratio.set(U16::from(liquidation_ratio_bps));
        m.apr_bps.set(U16::from(stability_fee_apr_bps));
        m.fee.set(fee);
        m.ceiling.set(debt_ceiling);
        log(
            &[ModelParamsSet::SIGNATURE_HASH, model.w()],
            &[
                min_collateral_ratio_bps.w(),
                liquidation_ratio_bps.w(),
                stability_fee_apr_bps.w(),
                fee.w(),
                debt_ceiling.w(),
            ],
        );
        Ok(())
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
        self.only_role(RISK_ADMIN_ROLE)?;
        if savings_share_bps > BPS {
            return fail(InvalidBps::SELECTOR, &[savings_share_bps.w()]);
        }
        self.global_debt_ceiling.set(global_debt_ceiling);
        self.dust.set(dust);
        self.savings_share_bps.set(U16::from(savings_share_bps));
        log(
            &[GlobalParamsSet::SIGNATURE_HASH],
            &[global_debt_ceiling.w(), dust.w(), savings_share_bps.w()],
        );
        Ok(())
    }

    /// Sets the auction parameters (RISK_ADMIN). Running auctions follow them from then on.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks RISK_ADMIN_ROLE.
    /// * [`InvalidAuctionParams`] - If the start or duration is zero, or the floor, penalty or
    ///   keeper fee is above 10_000.
    ///
    /// # Events
    ///
    /// * [`AuctionParamsSet`].
    pub fn set_auction_params(
        &mut self,
        auction_start_bps: u16,
        auction_duration: u64,
        auction_floor_bps: u16,
        liquidation_penalty_bps: u16,
        keeper_fee_bps: u16,
    ) -> R {
        self.only_role(RISK_ADMIN_ROLE)?;
        if auction_start_bps == 0
            || auction_duration == 0
            || auction_floor_bps > BPS
            || liquidation_penalty_bps > BPS
            || keeper_fee_bps > BPS
        {
            return fail(
                InvalidAuctionParams::SELECTOR,
                &[
                    auction_start_bps.w(),
                    auction_duration.w(),
                    auction_floor_bps.w(),
                    liquidation_penalty_bps.w(),
                    keeper_fee_bps.w(),
                ],
            );
        }
        self.auction_start_bps.set(U16::from(auction_start_bps));
        self.auction_duration.set(U64::from(auction_duration));
        self.auction_floor_bps.set(U16::from(auction_floor_bps));
        self.liquidation_penalty_bps
            .set(U16::from(liquidation_penalty_bps));
        self.keeper_fee_bps.set(U16::from(keeper_fee_bps));
        log(
            &[AuctionParamsSet::SIGNATURE_HASH],
            &[
                auction_start_bps.w(),
                auction_duration.w(),
                auction_floor_bps.w(),
                liquidation_penalty_bps.w(),
                keeper_fee_bps.w(),
            ],
        );
        Ok(())
    }

    /// Sets the sAID vault that receives the interest share and absorbs bad debt
    /// (DEFAULT_ADMIN); zero sends all interest to surplus and absorbs nothing.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    ///
    /// # Events
    ///
    /// * [`VaultSet`].
    pub fn set_vault(&mut self, vault: Address) -> R {
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        self.vault.set(vault);
        log(&[VaultSet::SIGNATURE_HASH, vault.w()], &[]);
        Ok(())
    }

    /// Sets the treasury that swept surplus goes to (DEFAULT_ADMIN).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    /// * [`InvalidAddress`] - If `treasury` is zero.
    ///
    /// # Events
    ///
    /// * [`TreasurySet`].
    pub fn set_treasury(&mut self, treasury: Address) -> R {
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        if treasury.is_zero() {
            return fail(InvalidAddress::SELECTOR, &[treasury.w()]);
        }
        self.treasury.set(treasury);
        log(&[TreasurySet::SIGNATURE_HASH, treasury.w()], &[]);
        Ok(())
    }

    /// Sets the surplus buffer kept back from sweeps (DEFAULT_ADMIN).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    ///
    /// # Events
    ///
    /// * [`SurplusBufferTargetSet`].
    pub fn set_surplus_buffer_target(&mut self, target: U256) -> R {
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        self.surplus_target.set(target);
        log(&[SurplusBufferTargetSet::SIGNATURE_HASH], &[target.w()]);
        Ok(())
    }

    /// Sends the surplus above the target to the treasury (DEFAULT_ADMIN); returns the amount
    /// (zero, without an event, when the surplus is at or below the target).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    /// * [`InvalidAddress`] - If no treasury is set.
    ///
    /// # Events
    ///
    /// * [`SurplusSwept`].
    pub fn sweep_surplus(&mut self) -> R<U256> {
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        let treasury = self.treasury.get();
        if treasury.is_zero() {
            return fail(InvalidAddress::SELECTOR, &[treasury.w()]);
        }
        let surplus = self.surplus.get();
        let amount = surplus.saturating_sub(self.surplus_target.get());
        if !amount.is_zero() {
            self.surplus.set(surplus - amount);
            log(&[SurplusSwept::SIGNATURE_HASH, treasury.w()], &[amount.w()]);
            abi::call(self.aid.get(), abi::TRANSFER, &[treasury.w(), amount.w()])?;
        }
        Ok(amount)
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
        self.only_role(PAUSER_ROLE)?;
        self.when_not_paused()?;
        self.paused.set(true);
        log(&[Paused::SIGNATURE_HASH], &[sender().w()]);
        Ok(())
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
        self.only_role(PAUSER_ROLE)?;
        if !self.paused.get() {
            return fail(ExpectedPause::SELECTOR, &[]);
        }
        self.paused.set(false);
        log(&[Unpaused::SIGNATURE_HASH], &[sender().w()]);
        Ok(())
    }

    // ----------------------------------------------------------------------- views

    /// Position `tokenId`: owner, model (zero until the first borrow), normalized debt and debt
    /// (with interest not yet dripped; the frozen debt while in auction). Zeros when none.
    ///
    /// # Errors
    ///
    /// * [`ArithmeticFailure`] - If the accumulator overflows.
    pub fn position(&self, token_id: U256) -> R<(Address, B256, U256, U256)> {
        let pos = self.positions.getter(token_id);
        let model = pos.model.get();
        let art = pos.art.get();
        let debt = if pos.started_at.get() != U64::ZERO {
            pos.auction_debt.get()
        } else if art.is_zero() {
            U256::ZERO
        } else {
            ray_mul(art, self.rate_accumulator(model)?, Rounding::Up).checked()?
        };
        Ok((pos.owner.get(), model, art, debt))
    }

    /// `model`'s parameters: minimum collateral ratio, liquidation ratio and stability fee APR
    /// (bps), the stability fee as a per-second RAY rate, and the debt ceiling.
    pub fn model_params(&self, model: B256) -> (u16, u16, u16, U256, U256) {
        let m = self.models.getter(model);
        (
            u16_of(m.min_ratio.get()),
            u16_of(m.liq_ratio.get()),
            u16_of(m.apr_bps.get()),
            m.fee.get(),
            m.ceiling.get(),
        )
    }

    /// `model`'s accrual state as of its last drip: total normalized debt, tracked debt (AID
    /// minted for it), rate accumulator (RAY) and the time of the drip.
    pub fn model_state(&self, model: B256) -> (U256, U256, U256, u64) {
        let m = self.models.getter(model);
        (m.art.get(), m.debt.get(), m.rate.get(), u64_of(m.rho.get()))
    }

    /// `model`'s rate accumulator as a drip now would set it (zero for an unconfigured model).
    ///
    /// # Errors
    ///
    /// * [`ArithmeticFailure`] - If the accumulator overflows.
    pub fn rate_accumulator(&self, model: B256) -> R<U256> {
        let m = self.models.getter(model);
        let rate = m.rate.get();
        let rho = u64_of(m.rho.get());
        let now = now();
        if rate.is_zero() || now <= rho {
            return Ok(rate);
        }
        grow(rate, m.fee.get(), now - rho)
    }

    /// Global parameters: global debt ceiling, dust and the vault's share of interest (bps).
    pub fn global_params(&self) -> (U256, U256, u16) {
        (
            self.global_debt_ceiling.get(),
            self.dust.get(),
            u16_of(self.savings_share_bps.get()),
        )
    }

    /// Auction parameters: start (bps of the valuation), duration (s), floor (bps of the
    /// start), liquidation penalty and keeper fee (bps of the debt).
    pub fn auction_params(&self) -> (u16, u64, u16, u16, u16) {
        (
            u16_of(self.auction_start_bps.get()),
            u64_of(self.auction_duration.get()),
            u16_of(self.auction_floor_bps.get()),
            u16_of(self.liquidation_penalty_bps.get()),
            u16_of(self.keeper_fee_bps.get()),
        )
    }

    /// AID owed to the protocol as tracked: every model's debt as of its last drip plus the
    /// debt frozen in auctions. AID supply = `totalDebt + unbackedDebt`.
    pub fn total_debt(&self) -> U256 {
        self.total_debt.get()
    }

    /// The surplus buffer: AID the minter holds from interest, penalties and rounding.
    pub fn surplus_buffer(&self) -> U256 {
        self.surplus.get()
    }

    /// The surplus kept back from sweeps.
    pub fn surplus_buffer_target(&self) -> U256 {
        self.surplus_target.get()
    }

    /// AID in circulation backed by no collateral, surplus or vault.
    pub fn unbacked_debt(&self) -> U256 {
        self.unbacked_debt.get()
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

    /// The treasury (zero: none).
    pub fn treasury(&self) -> Address {
        self.treasury.get()
    }

    /// Whether borrowing and new pledges are paused.
    pub fn paused(&self) -> bool {
        self.paused.get()
    }

    // -------------------------------------------------------------- access control

    /// `bytes32(0)`, the admin role of every role.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// `keccak256("RISK_ADMIN_ROLE")`.
    #[selector(name = "RISK_ADMIN_ROLE")]
    pub fn risk_admin_role(&self) -> B256 {
        RISK_ADMIN_ROLE.into()
    }

    /// `keccak256("PAUSER_ROLE")`.
    #[selector(name = "PAUSER_ROLE")]
    pub fn pauser_role(&self) -> B256 {
        PAUSER_ROLE.into()
    }

    /// Whether `account` has `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.getter(role).get(account)
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
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        self.set_role(role, account, true);
        Ok(())
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
        self.only_role(DEFAULT_ADMIN_ROLE)?;
        self.set_role(role, account, false);
        Ok(())
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
        if confirmation != sender() {
            return fail(AccessControlBadConfirmation::SELECTOR, &[]);
        }
        self.set_role(role, confirmation, false);
        Ok(())
    }
}

impl AidMinter {
    /// Fails unless the caller has `role`.
    fn only_role(&self, role: [u8; 32]) -> R {
        let account = sender();
        if !self.has_role(role.into(), account) {
            return fail(
                AccessControlUnauthorizedAccount::SELECTOR,
                &[account.w(), B256::new(role)],
            );
        }
        Ok(())
    }

    /// Grants (`member`) or revokes `role` of `account`, with the event, if it changes.
    fn set_role(&mut self, role: B256, account: Address, member: bool) {
        if self.has_role(role, account) == member {
            return;
        }
        self.roles.setter(role).insert(account, member);
        let sender = sender();
        if member {
            log(
                &[
                    RoleGranted::SIGNATURE_HASH,
                    role.w(),
                    account.w(),
                    sender.w(),
                ],
                &[],
            );
        } else {
            log(
                &[
                    RoleRevoked::SIGNATURE_HASH,
                    role.w(),
                    account.w(),
                    sender.w(),
                ],
                &[],
            );
        }
    }

    /// Fails while paused.
    fn when_not_paused(&self) -> R {
        if self.paused.get() {
            return fail(EnforcedPause::SELECTOR, &[]);
        }
        Ok(())
    }

    /// Opens a position for `token_id` owned by `owner` (pledges are stopped by the pause).
    fn open(&mut self, token_id: U256, owner: Address) -> R {
        self.when_not_paused()?;
        if owner.is_zero() {
            return fail(InvalidAddress::SELECTOR, &[owner.w()]);
        }
        if !self.positions.getter(token_id).owner.get().is_zero() {
            return fail(PositionExists::SELECTOR, &[token_id.w()]);
        }
        self.positions.setter(token_id).owner.set(owner);
        log(&[Pledged::SIGNATURE_HASH, token_id.w(), owner.w()], &[]);
        Ok(())
    }

    /// The owner of position `token_id`, which must be the caller's and not in auction.
    fn owned_position(&self, token_id: U256) -> R<Address> {
        let pos = self.positions.getter(token_id);
        let owner = pos.owner.get();
        if owner.is_zero() {
            return fail(NoPosition::SELECTOR, &[token_id.w()]);
        }
        let caller = sender();
        if owner != caller {
            return fail(NotPositionOwner::SELECTOR, &[token_id.w(), caller.w()]);
        }
        if pos.started_at.get() != U64::ZERO {
            return fail(InAuction::SELECTOR, &[token_id.w()]);
        }
        Ok(owner)
    }

    /// The position's model, read from the registry (and kept) the first time it is needed.
    /// Never called from `onERC721Received`, where the registry cannot be called.
    fn position_model(&mut self, token_id: U256) -> R<B256> {
        let model = self.positions.getter(token_id).model.get();
        if !model.is_zero() {
            return Ok(model);
        }
        let registry = self.registry.get();
        let data = abi::static_call(registry, abi::MODEL_OF, &[token_id.w()])?;
        let model = abi::ret(&data, 0, registry)?.w();
        if model.is_zero() {
            return fail(InvalidModel::SELECTOR, &[model.w()]);
        }
        self.positions.setter(token_id).model.set(model);
        Ok(model)
    }

    /// The registry's `(value, appraisedAt, fresh)` for `token_id` (a static call).
    fn valuation(&self, token_id: U256) -> R<(U256, u64, bool)> {
        let registry = self.registry.get();
        let data = abi::static_call(registry, abi::VALUATION, &[token_id.w()])?;
        Ok((
            abi::ret(&data, 0, registry)?,
            abi::ret(&data, 1, registry)?.saturating_to(),
            !abi::ret(&data, 2, registry)?.is_zero(),
        ))
    }

    /// Drips `model`: moves its accumulator to now and mints `ceil(Art × rate) − debt` as
    /// interest (also any rounding left by borrows and repayments since the last drip), split
    /// between the vault and the surplus buffer. Returns the accumulator.
    fn accrue(&mut self, model: B256) -> R<U256> {
        let m = self.models.getter(model);
        let old_rate = m.rate.get();
        if old_rate.is_zero() {
            return fail(ModelNotConfigured::SELECTOR, &[model.w()]);
        }
        let rho = u64_of(m.rho.get());
        let now = now();
        let rate = if now > rho {
            grow(old_rate, m.fee.get(), now - rho)?
        } else {
            old_rate
        };
        let target = ray_mul(m.art.get(), rate, Rounding::Up).checked()?;
        let debt = m.debt.get();
        drop(m);
        // `debt ≤ ceil(Art × rate)` always holds (borrows add at most what they mint to it,
        // repayments remove at least what they burn); saturating keeps a drip from ever failing.
        let interest = target.saturating_sub(debt);
        if now <= rho && interest.is_zero() {
            return Ok(rate);
        }
        let mut m = self.models.setter(model);
        m.rate.set(rate);
        m.rho.set(U64::from(now));
        m.debt.set(debt + interest);
        drop(m);
        self.total_debt.set(add(self.total_debt.get(), interest)?);
        let vault = self.vault.get();
        let to_vault = if vault.is_zero() {
            U256::ZERO
        } else {
            self.share_of(interest, self.savings_share_bps.get(), Rounding::Down)?
        };
        let to_surplus = interest - to_vault;
        self.surplus.set(add(self.surplus.get(), to_surplus)?);
        log(
            &[Dripped::SIGNATURE_HASH, model.w()],
            &[rate.w(), interest.w(), to_vault.w(), to_surplus.w()],
        );
        if !interest.is_zero() {
            // State is final before the calls: the token and the vault cannot call back into
            // the minter, and the vault's `transferFrom` of the approved share is its only use
            // of the minter's AID.
            let aid = self.aid.get();
            abi::call(aid, abi::MINT, &[this().w(), interest.w()])?;
            if !to_vault.is_zero() {
                abi::call(aid, abi::APPROVE, &[vault.w(), to_vault.w()])?;
                abi::call(vault, abi::DISTRIBUTE_YIELD, &[to_vault.w()])?;
            }
        }
        Ok(rate)
    }

    /// `amount × bps / 10_000`, rounded as asked.
    fn share_of(&self, amount: U256, bps: U16, rounding: Rounding) -> R<U256> {
        mul_bps(amount, u16_of(bps).into(), rounding).checked()
    }

    /// Auction start price for a valuation, rounded up.
    fn start_price(&self, value: U256) -> R<U256> {
        self.share_of(value, self.auction_start_bps.get(), Rounding::Up)
    }

    /// Reverts with the current (unusable) auction parameters.
    fn invalid_auction_params(&self) -> R {
        let (start, duration, floor, penalty, keeper) = self.auction_params();
        fail(
            InvalidAuctionParams::SELECTOR,
            &[start.w(), duration.w(), floor.w(), penalty.w(), keeper.w()],
        )
    }

    /// Deletes position `token_id` (and its auction).
    fn clear_position(&mut self, token_id: U256) {
        let mut pos = self.positions.setter(token_id);
        pos.owner.set(Address::ZERO);
        pos.started_at.set(U64::ZERO);
        pos.keeper.set(Address::ZERO);
        pos.model.set(B256::ZERO);
        pos.art.set(U256::ZERO);
        pos.auction_debt.set(U256::ZERO);
        pos.start_price.set(U256::ZERO);
    }
}
