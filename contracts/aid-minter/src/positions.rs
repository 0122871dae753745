//! Positions: pledging a token, borrowing against it, repaying, withdrawing, and handing an
//! unsafe one to the liquidator. Every check is made and every storage write done before the
//! calls that move tokens.

use crate::*;

/// [`AidMinter::borrow`]: accrue, check freshness, dust, ratio and both ceilings, book, then mint.
pub(crate) fn borrow(minter: &mut AidMinter, token_id: U256, amount: U256, receiver: Address) -> R {
    minter.paused.when_not_paused()?;
    if amount.is_zero() {
        return fail(InvalidAmount::SELECTOR, &[amount.w()]);
    }
    if receiver.is_zero() {
        return fail(InvalidReceiver::SELECTOR, &[receiver.w()]);
    }
    minter.owned_position(token_id)?;
    let model = minter.position_model(token_id)?;
    let rate = minter.accrue(model)?;
    let (value, appraised_at, fresh) = minter.valuation(token_id)?;
    if !fresh {
        return fail(StaleValuation::SELECTOR, &[token_id.w(), appraised_at.w()]);
    }

    let old_art = minter.positions.getter(token_id).art();
    let dart = ray_div(amount, rate, Rounding::Up).checked()?;
    let art = add(old_art, dart)?;
    let debt = ray_mul(art, rate, Rounding::Up).checked()?;
    let dust = minter.dust.get();
    if debt < dust {
        return fail(DustDebt::SELECTOR, &[debt.w(), dust.w()]);
    }
    let m = minter.models.getter(model);
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
    let model_art = add(m.art.get(), dart)?;
    drop(m);
    let total = add(minter.total_debt.get(), amount)?;
    let ceiling = minter.global_debt_ceiling.get();
    if total > ceiling {
        return fail(
            GlobalDebtCeilingExceeded::SELECTOR,
            &[total.w(), ceiling.w()],
        );
    }

    minter.positions.setter(token_id).set_art(art)?;
    let mut m = minter.models.setter(model);
    m.art.set(model_art);
    m.debt.set(model_debt);
    drop(m);
    minter.total_debt.set(total);
    log(
        &[
            Borrowed::SIGNATURE_HASH,
            token_id.w(),
            model.w(),
            receiver.w(),
        ],
        &[amount.w(), debt.w()],
    );
    call(minter.aid.get(), sel::MINT, &[receiver.w(), amount.w()])?;
    Ok(())
}

/// [`AidMinter::repay`]: accrue, book the repayment, then pull the AID and burn it.
pub(crate) fn repay(minter: &mut AidMinter, token_id: U256, amount: U256) -> R<U256> {
    if amount.is_zero() {
        return fail(InvalidAmount::SELECTOR, &[amount.w()]);
    }
    let pos = minter.positions.getter(token_id);
    if pos.owner.get().is_zero() {
        return fail(NoPosition::SELECTOR, &[token_id.w()]);
    }
    let art = pos.art();
    let model = pos.model.get();
    drop(pos);
    if art.is_zero() {
        return fail(NoDebt::SELECTOR, &[token_id.w()]);
    }
    let rate = minter.accrue(model)?;
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
    let dust = minter.dust.get();
    if !remaining.is_zero() && remaining < dust {
        return fail(DustDebt::SELECTOR, &[remaining.w(), dust.w()]);
    }

    minter.positions.setter(token_id).set_art(left)?;
    let mut m = minter.models.setter(model);
    let model_art = sub(m.art.get(), dart)?;
    // The accrual above set the model's debt to ceil(Art × rate) ≥ this position's debt.
    let model_debt = sub(m.debt.get(), repaid)?;
    m.art.set(model_art);
    m.debt.set(model_debt);
    drop(m);
    minter.total_debt.set(sub(minter.total_debt.get(), repaid)?);
    let payer = sender();
    log(
        &[Repaid::SIGNATURE_HASH, token_id.w(), payer.w()],
        &[repaid.w(), remaining.w()],
    );
    let aid = minter.aid.get();
    call(
        aid,
        sel::TRANSFER_FROM,
        &[payer.w(), this().w(), repaid.w()],
    )?;
    call(aid, sel::BURN, &[repaid.w()])?;
    Ok(repaid)
}

/// [`AidMinter::withdraw`]: close a debt-free position, then send the token.
pub(crate) fn withdraw(minter: &mut AidMinter, token_id: U256, receiver: Address) -> R {
    if receiver.is_zero() {
        return fail(InvalidReceiver::SELECTOR, &[receiver.w()]);
    }
    let owner = minter.owned_position(token_id)?;
    if !minter.positions.getter(token_id).art().is_zero() {
        let (_, _, _, debt) = minter.position(token_id)?;
        return fail(OutstandingDebt::SELECTOR, &[token_id.w(), debt.w()]);
    }
    minter.clear_position(token_id);
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
    call(
        minter.registry.get(),
        sel::SAFE_TRANSFER_FROM,
        &[this().w(), receiver.w(), token_id.w()],
    )?;
    Ok(())
}

/// [`AidMinter::seize`]: accrue, check the liquidation ratio, freeze the debt, then hand the
/// token to the liquidator.
pub(crate) fn seize(
    minter: &mut AidMinter,
    token_id: U256,
    keeper: Address,
) -> R<(Address, U256, U256)> {
    let liquidator = minter.only_liquidator()?;
    let pos = minter.positions.getter(token_id);
    let owner = pos.owner.get();
    let art = pos.art();
    let model = pos.model.get();
    drop(pos);
    if owner.is_zero() {
        return fail(NoPosition::SELECTOR, &[token_id.w()]);
    }
    let (value, _, _) = minter.valuation(token_id)?;
    let mut debt = U256::ZERO;
    if !art.is_zero() {
        let rate = minter.accrue(model)?;
        debt = ray_mul(art, rate, Rounding::Up).checked()?;
    }
    let liq_ratio = u16_of(minter.models.getter(model).liq_ratio.get());
    if debt.is_zero() || covers(value, debt, liq_ratio.into()) {
        return fail(
            NotLiquidatable::SELECTOR,
            &[token_id.w(), value.w(), debt.w()],
        );
    }
    // The accrual above made the model's debt ≥ this position's debt.
    let mut m = minter.models.setter(model);
    let model_art = sub(m.art.get(), art)?;
    let model_debt = sub(m.debt.get(), debt)?;
    m.art.set(model_art);
    m.debt.set(model_debt);
    drop(m);
    minter.clear_position(token_id);
    log(
        &[Seized::SIGNATURE_HASH, token_id.w(), owner.w(), keeper.w()],
        &[debt.w(), value.w()],
    );
    call(
        minter.registry.get(),
        sel::TRANSFER_FROM,
        &[this().w(), liquidator.w(), token_id.w()],
    )?;
    Ok((owner, debt, value))
}

impl AidMinter {
    /// Opens a position for `token_id` owned by `owner` (pledges are stopped by the pause).
    pub(crate) fn open(&mut self, token_id: U256, owner: Address) -> R {
        self.paused.when_not_paused()?;
        nonzero(owner)?;
        if !self.positions.getter(token_id).owner.get().is_zero() {
            return fail(PositionExists::SELECTOR, &[token_id.w()]);
        }
        self.positions.setter(token_id).owner.set(owner);
        log(&[Pledged::SIGNATURE_HASH, token_id.w(), owner.w()], &[]);
        Ok(())
    }

    /// The owner of position `token_id`, which must be the caller's.
    pub(crate) fn owned_position(&self, token_id: U256) -> R<Address> {
        let owner = self.positions.getter(token_id).owner.get();
        if owner.is_zero() {
            return fail(NoPosition::SELECTOR, &[token_id.w()]);
        }
        let caller = sender();
        if owner != caller {
            return fail(NotPositionOwner::SELECTOR, &[token_id.w(), caller.w()]);
        }
        Ok(owner)
    }

    /// The position's model, read from the registry (and kept) the first time it is needed.
    /// Never called from `onERC721Received`, where the registry cannot be called.
    pub(crate) fn position_model(&mut self, token_id: U256) -> R<B256> {
        let model = self.positions.getter(token_id).model.get();
        if !model.is_zero() {
            return Ok(model);
        }
        let registry = self.registry.get();
        let data = static_call(registry, sel::MODEL_OF, &[token_id.w()])?;
        let model = ret(&data, 0, registry)?.w();
        if model.is_zero() {
            return fail(InvalidModel::SELECTOR, &[model.w()]);
        }
        self.positions.setter(token_id).model.set(model);
        Ok(model)
    }

    /// The registry's `(value, appraisedAt, fresh)` for `token_id` (a static call).
    pub(crate) fn valuation(&self, token_id: U256) -> R<(U256, u64, bool)> {
        let registry = self.registry.get();
        let data = static_call(registry, sel::VALUATION, &[token_id.w()])?;
        Ok((
            ret(&data, 0, registry)?,
            ret(&data, 1, registry)?.saturating_to(),
            !ret(&data, 2, registry)?.is_zero(),
        ))
    }

    /// Deletes position `token_id`.
    pub(crate) fn clear_position(&mut self, token_id: U256) {
        let mut pos = self.positions.setter(token_id);
        pos.owner.set(Address::ZERO);
        pos.model.set(B256::ZERO);
        pos.art.set(U96::ZERO);
    }
}
