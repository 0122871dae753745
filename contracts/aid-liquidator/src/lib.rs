//! AidLiquidator: the Dutch auctions and the surplus buffer of AID Protocol (Maker's Clipper and
//! Vow), in a contract of their own.
//!
//! # The interface with the minter
//!
//! The liquidator holds one right on AidMinter: it is the minter's `liquidator`, the only caller
//! of two functions.
//!
//! * `seize(tokenId, keeper) → (owner, debt, value)`: the minter checks the position is below
//!   its liquidation ratio, freezes its debt (it stays in the minter's `totalDebt`), closes the
//!   position and sends the token here.
//! * `settle(tokenId, debt)`: after a sale the frozen debt leaves the minter's `totalDebt`.
//!
//! The minter sends the surplus share of interest here; keeper tips, penalties, bad debt
//! (covered by the surplus, then the sAID vault's `absorbLoss`, then booked as `unbackedDebt`),
//! healing and sweeps to the treasury are all this contract's. The surplus buffer is the AID the
//! liquidator holds (it holds a bidder's payment only within `bid`). With the minter as AID's
//! only minter: `AID supply + minter.pendingInterest = minter.totalDebt + unbackedDebt`.
//!
//! # Prices
//!
//! On its first run an auction falls linearly from `max(value × startBps, debt)` to
//! `max(start × floorBps, debt)` over `duration`: a sale can only fall short of the debt after
//! the first run expired unsold and was reset, so defaulting and buying one's own GPU back never
//! costs less than repaying (M-04). A reset starts from `value × startBps` with a fresh appraisal,
//! or from `min(last start × floorBps, value)` with a stale one, so an auction never waits for
//! an appraiser. The start, floor, duration and penalty are snapshot when the auction starts: a
//! parameter change never moves a running auction.
//!
//! # Reentrancy
//!
//! The liquidator calls the minter, the registry and AID, all fixed at construction; none of
//! them calls back, and stylus-sdk 0.9 reverts any call into a contract already on the call stack
//! (a token receiver's callback included). State is final before the token-moving calls.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(
    not(any(target_arch = "wasm32", feature = "export-abi")),
    deny(missing_docs)
)]
extern crate alloc;

mod sol;

use aid_math::{mul_div, Rounding, WAD};
use aid_support::{
    add, call, fail, log, ret, sel, sender, share, static_call, this, Checked, Roles, Word, R,
};
pub use aid_support::{now, DEFAULT_ADMIN_ROLE, RISK_ADMIN_ROLE};
use alloy_primitives::{aliases::U64, Address, B256, U16, U256};
use alloy_sol_types::{SolError, SolEvent};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageMap, StorageU16, StorageU256, StorageU64},
};

pub use sol::*;

/// Bounds of the auction parameters (named in `PROTOCOL.md`), shared with the deploy tool.
pub mod bounds {
    pub use aid_bounds::auction::*;
}

/// The auction of one token; all zero when there is none.
#[storage]
pub struct Auction {
    /// The position's former owner: paid what the sale brings above debt and penalty.
    owner: StorageAddress,
    /// Start of the current run; zero when there is no auction (packed with `owner`).
    started_at: StorageU64,
    /// Snapshot: floor of a run, bps of its start.
    floor_bps: StorageU16,
    /// Snapshot: penalty, bps of the debt.
    penalty_bps: StorageU16,
    /// Who liquidated.
    keeper: StorageAddress,
    /// Snapshot: length of a run, seconds (packed with `keeper`).
    duration: StorageU64,
    /// Snapshot: start of a run from a fresh valuation, bps of the valuation.
    start_bps: StorageU16,
    /// How many times the auction was reset.
    resets: StorageU16,
    /// The debt frozen by the minter.
    debt: StorageU256,
    /// Price at the start of the current run.
    start_price: StorageU256,
    /// Price at the end of the current run.
    floor_price: StorageU256,
}

/// State of the liquidator.
#[entrypoint]
#[storage]
pub struct AidLiquidator {
    /// Role members: DEFAULT_ADMIN (treasury, sweeps), RISK_ADMIN (auction parameters).
    roles: Roles,
    /// AidMinter: hands over positions, books settlements, pays tips.
    minter: StorageAddress,
    /// The GPU registry.
    registry: StorageAddress,
    /// The AID token.
    aid: StorageAddress,
    /// Start price of a run, bps of the valuation.
    start_bps: StorageU16,
    /// Floor of a run, bps of its start.
    floor_bps: StorageU16,
    /// Liquidation penalty, bps of the debt.
    penalty_bps: StorageU16,
    /// Keeper fee, bps of the debt (paid from the surplus at liquidation).
    keeper_bps: StorageU16,
    /// Length of a run, seconds; zero until the parameters are set (packed with the above).
    duration: StorageU64,
    /// Flat tip for a liquidation, AID.
    keeper_tip: StorageU256,
    /// Flat tip for a reset, AID.
    reset_tip: StorageU256,
    /// Auctions per token id.
    auctions: StorageMap<U256, Auction>,
    /// Receives swept surplus.
    treasury: StorageAddress,
    /// Surplus kept back from sweeps.
    surplus_target: StorageU256,
    /// AID in circulation that no collateral, surplus or vault covered.
    unbacked_debt: StorageU256,
}

fn u16_of(v: U16) -> u16 {
    v.to::<u16>()
}

fn u64_of(v: U64) -> u64 {
    v.to::<u64>()
}

#[public]
impl AidLiquidator {
    /// Sets up the liquidator of `minter` over `registry` and `aid`, and grants
    /// `DEFAULT_ADMIN_ROLE` to `admin`.
    ///
    /// # Errors
    ///
    /// * [`InvalidAddress`] - If any argument is the zero address.
    ///
    /// # Events
    ///
    /// * [`RoleGranted`].
    #[constructor]
    pub fn constructor(
        &mut self,
        admin: Address,
        minter: Address,
        registry: Address,
        aid: Address,
    ) -> R {
        for account in [admin, minter, registry, aid] {
            if account.is_zero() {
                return fail(InvalidAddress::SELECTOR, &[account.w()]);
            }
        }
        self.minter.set(minter);
        self.registry.set(registry);
        self.aid.set(aid);
        self.roles.set(DEFAULT_ADMIN_ROLE.into(), admin, true);
        Ok(())
    }

    /// Sends position `tokenId` into a Dutch auction: the minter checks it is below its
    /// liquidation ratio and hands over the token and the frozen debt. The caller is the keeper
    /// and is tipped `keeperTip + keeperFeeBps × debt` from the surplus buffer (as much as it
    /// holds), underwater or not. Works while the minter is paused.
    ///
    /// # Errors
    ///
    /// * [`InvalidAuctionParams`] - If the auction parameters were never set.
    /// * The minter's `NoPosition` / `NotLiquidatable` if there is nothing to liquidate.
    ///
    /// # Events
    ///
    /// * [`AuctionStarted`], [`KeeperPaid`] (and the minter's `Seized`).
    pub fn liquidate(&mut self, token_id: U256) -> R {
        let duration = u64_of(self.duration.get());
        if duration == 0 {
            return self.invalid_params();
        }
        let keeper = sender();
        let minter = self.minter.get();
        let data = call(minter, sel::SEIZE, &[token_id.w(), keeper.w()])?;
        let owner = Address::from_word(ret(&data, 0, minter)?.w());
        let debt = ret(&data, 1, minter)?;
        let value = ret(&data, 2, minter)?;
        let start_bps = u16_of(self.start_bps.get());
        let floor_bps = u16_of(self.floor_bps.get());
        // First run: never below the debt.
        let start = share(value, start_bps, Rounding::Up)?.max(debt);
        let floor = share(start, floor_bps, Rounding::Up)?.max(debt);
        let mut a = self.auctions.setter(token_id);
        a.owner.set(owner);
        a.started_at.set(U64::from(now()));
        a.floor_bps.set(U16::from(floor_bps));
        a.penalty_bps.set(self.penalty_bps.get());
        a.keeper.set(keeper);
        a.duration.set(U64::from(duration));
        a.start_bps.set(U16::from(start_bps));
        a.resets.set(U16::ZERO);
        a.debt.set(debt);
        a.start_price.set(start);
        a.floor_price.set(floor);
        drop(a);
        log(
            &[
                AuctionStarted::SIGNATURE_HASH,
                token_id.w(),
                owner.w(),
                keeper.w(),
            ],
            &[debt.w(), value.w(), start.w(), floor.w()],
        );
        let tip = add(
            self.keeper_tip.get(),
            share(debt, u16_of(self.keeper_bps.get()), Rounding::Down)?,
        )?;
        self.tip(keeper, tip)
    }

    /// Restarts an expired auction: from `value × startBps` with a fresh appraisal, otherwise
    /// from `min(last start × floorBps, value)`, falling to `floorBps` of the new start (both
    /// bps as snapshot at liquidation). Anyone may call it and is tipped `resetTip` from the
    /// surplus buffer.
    ///
    /// # Errors
    ///
    /// * [`NoAuction`] - If the token is not auctioned.
    /// * [`AuctionNotExpired`] - If the current run has not ended.
    ///
    /// # Events
    ///
    /// * [`AuctionReset`], [`KeeperPaid`].
    pub fn reset_auction(&mut self, token_id: U256) -> R {
        let a = self.auctions.getter(token_id);
        let started = u64_of(a.started_at.get());
        if started == 0 {
            return fail(NoAuction::SELECTOR, &[token_id.w()]);
        }
        let expires_at = started.saturating_add(u64_of(a.duration.get()));
        let now = now();
        if now <= expires_at {
            return fail(AuctionNotExpired::SELECTOR, &[token_id.w(), expires_at.w()]);
        }
        let floor_bps = u16_of(a.floor_bps.get());
        let start_bps = u16_of(a.start_bps.get());
        let last_start = a.start_price.get();
        let resets = u16_of(a.resets.get()).saturating_add(1);
        drop(a);
        let registry = self.registry.get();
        let data = static_call(registry, sel::VALUATION, &[token_id.w()])?;
        let value = ret(&data, 0, registry)?;
        let fresh = !ret(&data, 2, registry)?.is_zero();
        let start = if fresh {
            share(value, start_bps, Rounding::Up)?
        } else {
            share(last_start, floor_bps, Rounding::Down)?.min(value)
        };
        let floor = share(start, floor_bps, Rounding::Up)?;
        let mut a = self.auctions.setter(token_id);
        a.started_at.set(U64::from(now));
        a.resets.set(U16::from(resets));
        a.start_price.set(start);
        a.floor_price.set(floor);
        drop(a);
        let caller = sender();
        log(
            &[AuctionReset::SIGNATURE_HASH, token_id.w(), caller.w()],
            &[
                resets.w(),
                value.w(),
                U256::from(fresh as u8).w(),
                start.w(),
                floor.w(),
            ],
        );
        self.tip(caller, self.reset_tip.get())
    }

    /// Buys the auctioned `tokenId` at the current price (at most `maxPrice`), paid in AID
    /// pulled from the caller with `transferFrom` (approve the liquidator first); the token goes
    /// to `receiver` with `safeTransferFrom`. The proceeds pay the debt (burnt), then the
    /// penalty (kept as surplus), then the former owner; the minter takes the debt out of its
    /// books. A shortfall is burnt from the surplus, then absorbed by the sAID vault (best
    /// effort: a vault that refuses absorbs nothing), and the rest booked as unbacked debt;
    /// then the surplus heals what it can. Returns the price paid. Works while the minter is
    /// paused and whatever the vault does.
    ///
    /// # Errors
    ///
    /// * [`InvalidReceiver`] - On a zero receiver.
    /// * [`NoAuction`] - If the token is not auctioned (or was sold).
    /// * [`AuctionExpired`] - If the current run ended.
    /// * [`PriceAboveMax`] - If the price is above `maxPrice`.
    /// * The token's error if the bidder's allowance or balance is short.
    ///
    /// # Events
    ///
    /// * [`AuctionSettled`], [`BadDebt`] on a shortfall, [`Healed`] (and the minter's
    ///   `Settled`).
    pub fn bid(&mut self, token_id: U256, max_price: U256, receiver: Address) -> R<U256> {
        if receiver.is_zero() {
            return fail(InvalidReceiver::SELECTOR, &[receiver.w()]);
        }
        let price = self.auction_price(token_id)?;
        if price > max_price {
            return fail(PriceAboveMax::SELECTOR, &[price.w(), max_price.w()]);
        }
        let a = self.auctions.getter(token_id);
        let owner = a.owner.get();
        let debt = a.debt.get();
        let penalty_bps = u16_of(a.penalty_bps.get());
        drop(a);
        let repaid = price.min(debt);
        let mut rest = price - repaid;
        let penalty = rest.min(share(debt, penalty_bps, Rounding::Up)?);
        rest -= penalty;
        self.clear(token_id);
        let bidder = sender();
        log(
            &[
                AuctionSettled::SIGNATURE_HASH,
                token_id.w(),
                bidder.w(),
                receiver.w(),
            ],
            &[price.w(), debt.w(), penalty.w(), rest.w()],
        );

        // Every state change above is done; the calls below move tokens and report to the
        // minter, none of which can call back into the liquidator.
        let aid = self.aid.get();
        let minter = self.minter.get();
        let me = this();
        if !price.is_zero() {
            call(aid, sel::TRANSFER_FROM, &[bidder.w(), me.w(), price.w()])?;
        }
        if !repaid.is_zero() {
            call(aid, sel::BURN, &[repaid.w()])?;
        }
        if !rest.is_zero() {
            call(aid, sel::TRANSFER, &[owner.w(), rest.w()])?;
        }
        call(minter, sel::SETTLE, &[token_id.w(), debt.w()])?;
        // The penalty stayed here: it is surplus now, and covers a shortfall first.
        let shortfall = debt - repaid;
        if !shortfall.is_zero() {
            self.cover(token_id, shortfall)?;
        }
        call(
            self.registry.get(),
            sel::SAFE_TRANSFER_FROM,
            &[me.w(), receiver.w(), token_id.w()],
        )?;
        Ok(price)
    }

    /// What a bid on `tokenId` pays now: linear from the run's start price down to its floor
    /// price over its duration, rounded up.
    ///
    /// # Errors
    ///
    /// * [`NoAuction`] - If the token is not auctioned.
    /// * [`AuctionExpired`] - If the run ended.
    pub fn auction_price(&self, token_id: U256) -> R<U256> {
        let a = self.auctions.getter(token_id);
        let started = u64_of(a.started_at.get());
        if started == 0 {
            return fail(NoAuction::SELECTOR, &[token_id.w()]);
        }
        let duration = u64_of(a.duration.get());
        let elapsed = now().saturating_sub(started);
        if elapsed > duration {
            return fail(
                AuctionExpired::SELECTOR,
                &[token_id.w(), (started.saturating_add(duration)).w()],
            );
        }
        let start = a.start_price.get();
        let floor = a.floor_price.get();
        // The drop is rounded down, so the price is rounded up.
        let fall = mul_div(
            start.saturating_sub(floor),
            U256::from(elapsed),
            U256::from(duration),
            Rounding::Down,
        )
        .checked()?;
        Ok(start - fall)
    }

    /// Auction of `tokenId`: former owner, keeper, frozen debt, start and floor price of the
    /// current run, its start time and duration, and the number of resets (zeros when none).
    pub fn auction(&self, token_id: U256) -> (Address, Address, U256, U256, U256, u64, u64, u16) {
        let a = self.auctions.getter(token_id);
        (
            a.owner.get(),
            a.keeper.get(),
            a.debt.get(),
            a.start_price.get(),
            a.floor_price.get(),
            u64_of(a.started_at.get()),
            u64_of(a.duration.get()),
            u16_of(a.resets.get()),
        )
    }

    /// Auction parameters: start (bps of the valuation), duration (s), floor (bps of the
    /// start), liquidation penalty and keeper fee (bps of the debt), keeper tip and reset tip
    /// (AID).
    pub fn auction_params(&self) -> (u16, u64, u16, u16, u16, U256, U256) {
        (
            u16_of(self.start_bps.get()),
            u64_of(self.duration.get()),
            u16_of(self.floor_bps.get()),
            u16_of(self.penalty_bps.get()),
            u16_of(self.keeper_bps.get()),
            self.keeper_tip.get(),
            self.reset_tip.get(),
        )
    }

    /// Sets the auction parameters (RISK_ADMIN), within the bounds of [`bounds`]. Running
    /// auctions keep the parameters they started with.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks RISK_ADMIN_ROLE.
    /// * [`InvalidAuctionParams`] - If a parameter is out of bounds.
    ///
    /// # Events
    ///
    /// * [`AuctionParamsSet`].
    #[allow(clippy::too_many_arguments)]
    pub fn set_auction_params(
        &mut self,
        auction_start_bps: u16,
        auction_duration: u64,
        auction_floor_bps: u16,
        liquidation_penalty_bps: u16,
        keeper_fee_bps: u16,
        keeper_tip: U256,
        reset_tip: U256,
    ) -> R {
        self.roles.only(RISK_ADMIN_ROLE)?;
        let max_tip = U256::from(bounds::MAX_TIP_AID) * WAD;
        let within = |v, (lo, hi)| lo <= v && v <= hi;
        let words = [
            auction_start_bps.w(),
            auction_duration.w(),
            auction_floor_bps.w(),
            liquidation_penalty_bps.w(),
            keeper_fee_bps.w(),
            keeper_tip.w(),
            reset_tip.w(),
        ];
        if !within(auction_start_bps, bounds::START_BPS)
            || !(bounds::DURATION.0..=bounds::DURATION.1).contains(&auction_duration)
            || !within(auction_floor_bps, bounds::FLOOR_BPS)
            || liquidation_penalty_bps > bounds::MAX_PENALTY_BPS
            || keeper_fee_bps > bounds::MAX_KEEPER_FEE_BPS
            || keeper_tip > max_tip
            || reset_tip > max_tip
        {
            return fail(InvalidAuctionParams::SELECTOR, &words);
        }
        self.start_bps.set(U16::from(auction_start_bps));
        self.duration.set(U64::from(auction_duration));
        self.floor_bps.set(U16::from(auction_floor_bps));
        self.penalty_bps.set(U16::from(liquidation_penalty_bps));
        self.keeper_bps.set(U16::from(keeper_fee_bps));
        self.keeper_tip.set(keeper_tip);
        self.reset_tip.set(reset_tip);
        log(&[AuctionParamsSet::SIGNATURE_HASH], &words);
        Ok(())
    }

    /// Burns surplus against unbacked debt: `min(surplus, unbackedDebt)`. Anyone may call it
    /// (the minter does at every drip); returns the amount healed.
    ///
    /// # Errors
    ///
    /// * [`UnexpectedReturnData`] - If AID's `balanceOf` answers nothing.
    ///
    /// # Events
    ///
    /// * [`Healed`], if anything was healed.
    pub fn heal(&mut self) -> R<U256> {
        let unbacked = self.unbacked_debt.get();
        if unbacked.is_zero() {
            return Ok(unbacked);
        }
        let amount = unbacked.min(self.surplus_buffer()?);
        if amount.is_zero() {
            return Ok(amount);
        }
        let left = unbacked - amount;
        self.unbacked_debt.set(left);
        log(&[Healed::SIGNATURE_HASH], &[amount.w(), left.w()]);
        call(self.aid.get(), sel::BURN, &[amount.w()])?;
        Ok(amount)
    }

    /// Heals, then sends the surplus above the target to the treasury (DEFAULT_ADMIN); returns
    /// the amount (zero, without an event, at or below the target). Refused while unbacked
    /// debt remains.
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    /// * [`InvalidAddress`] - If no treasury is set.
    /// * [`UnbackedDebtOutstanding`] - If `unbackedDebt > 0` after healing.
    ///
    /// # Events
    ///
    /// * [`Healed`], [`SurplusSwept`].
    pub fn sweep_surplus(&mut self) -> R<U256> {
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
        let treasury = self.treasury.get();
        if treasury.is_zero() {
            return fail(InvalidAddress::SELECTOR, &[treasury.w()]);
        }
        self.heal()?;
        let unbacked = self.unbacked_debt.get();
        if !unbacked.is_zero() {
            return fail(UnbackedDebtOutstanding::SELECTOR, &[unbacked.w()]);
        }
        let amount = self
            .surplus_buffer()?
            .saturating_sub(self.surplus_target.get());
        if !amount.is_zero() {
            log(&[SurplusSwept::SIGNATURE_HASH, treasury.w()], &[amount.w()]);
            call(self.aid.get(), sel::TRANSFER, &[treasury.w(), amount.w()])?;
        }
        Ok(amount)
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
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
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
        self.roles.only(DEFAULT_ADMIN_ROLE)?;
        self.surplus_target.set(target);
        log(&[SurplusBufferTargetSet::SIGNATURE_HASH], &[target.w()]);
        Ok(())
    }

    /// The surplus buffer: the AID this contract holds (interest share, penalties).
    ///
    /// # Errors
    ///
    /// * [`UnexpectedReturnData`] - If AID's `balanceOf` answers nothing.
    pub fn surplus_buffer(&self) -> R<U256> {
        let aid = self.aid.get();
        let data = static_call(aid, sel::BALANCE_OF, &[this().w()])?;
        ret(&data, 0, aid)
    }

    /// The surplus kept back from sweeps.
    pub fn surplus_buffer_target(&self) -> U256 {
        self.surplus_target.get()
    }

    /// AID in circulation backed by no collateral, surplus or vault.
    pub fn unbacked_debt(&self) -> U256 {
        self.unbacked_debt.get()
    }

    /// The treasury (zero: none).
    pub fn treasury(&self) -> Address {
        self.treasury.get()
    }

    /// AidMinter.
    pub fn minter(&self) -> Address {
        self.minter.get()
    }

    /// The GPU registry.
    pub fn registry(&self) -> Address {
        self.registry.get()
    }

    /// The AID token.
    pub fn aid(&self) -> Address {
        self.aid.get()
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

    /// Whether `account` has `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has(role, account)
    }

    /// The role that administers `role`: `DEFAULT_ADMIN_ROLE`, for every role.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        let _ = role;
        DEFAULT_ADMIN_ROLE.into()
    }

    /// Grants `role` to `account` (DEFAULT_ADMIN).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
    ///
    /// # Events
    ///
    /// * [`RoleGranted`] if `account` did not have `role`.
    pub fn grant_role(&mut self, role: B256, account: Address) -> R {
        self.roles.admin_set(role, account, true)
    }

    /// Revokes `role` from `account` (DEFAULT_ADMIN).
    ///
    /// # Errors
    ///
    /// * [`AccessControlUnauthorizedAccount`] - If the caller lacks DEFAULT_ADMIN_ROLE.
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

impl AidLiquidator {
    /// Pays `keeper` up to `amount` from the surplus: less when the surplus is short, never a
    /// failure.
    fn tip(&mut self, keeper: Address, amount: U256) -> R {
        if amount.is_zero() {
            return Ok(());
        }
        let paid = amount.min(self.surplus_buffer()?);
        if !paid.is_zero() {
            log(&[KeeperPaid::SIGNATURE_HASH, keeper.w()], &[paid.w()]);
            call(self.aid.get(), sel::TRANSFER, &[keeper.w(), paid.w()])?;
        }
        Ok(())
    }

    /// Covers the `shortfall` of the auction of `token_id`: burnt from the surplus, then
    /// absorbed by the minter's sAID vault (best effort), the rest booked as unbacked debt;
    /// then heals.
    fn cover(&mut self, token_id: U256, shortfall: U256) -> R {
        let aid = self.aid.get();
        let from_surplus = shortfall.min(self.surplus_buffer()?);
        if !from_surplus.is_zero() {
            call(aid, sel::BURN, &[from_surplus.w()])?;
        }
        let uncovered = shortfall - from_surplus;
        let minter = self.minter.get();
        let vault = static_call(minter, sel::VAULT, &[])
            .and_then(|data| ret(&data, 0, minter))
            .map(|word| Address::from_word(word.w()))
            .unwrap_or_default();
        let mut from_vault = U256::ZERO;
        if !uncovered.is_zero() && !vault.is_zero() {
            // The vault burns what it absorbs; a vault that refuses (or answers nonsense)
            // absorbs nothing and the loss is booked as unbacked debt below.
            if let Ok(data) = call(vault, sel::ABSORB_LOSS, &[uncovered.w()]) {
                from_vault = ret(&data, 0, vault).unwrap_or_default().min(uncovered);
            }
        }
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
        self.heal()?;
        Ok(())
    }

    /// Reverts with the current (unusable) auction parameters.
    fn invalid_params(&self) -> R {
        let (start, duration, floor, penalty, keeper, tip, reset) = self.auction_params();
        fail(
            InvalidAuctionParams::SELECTOR,
            &[
                start.w(),
                duration.w(),
                floor.w(),
                penalty.w(),
                keeper.w(),
                tip.w(),
                reset.w(),
            ],
        )
    }

    /// Deletes the auction of `token_id`.
    fn clear(&mut self, token_id: U256) {
        let mut a = self.auctions.setter(token_id);
        a.owner.set(Address::ZERO);
        a.started_at.set(U64::ZERO);
        a.floor_bps.set(U16::ZERO);
        a.penalty_bps.set(U16::ZERO);
        a.keeper.set(Address::ZERO);
        a.duration.set(U64::ZERO);
        a.start_bps.set(U16::ZERO);
        a.resets.set(U16::ZERO);
        a.debt.set(U256::ZERO);
        a.start_price.set(U256::ZERO);
        a.floor_price.set(U256::ZERO);
    }
}
