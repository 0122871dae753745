//! Interest: the per-model rate accumulator (Maker's Jug) and its distribution. Accrual only
//! writes storage; distribution calls AID and the vault, each call best effort and booked when
//! refused, so no other contract can stop accrual, repayment or liquidation.

use crate::*;

/// [`AidMinter::drip`]: accrue one model, distribute, then ask the liquidator to heal.
pub(crate) fn drip(minter: &mut AidMinter, model: B256) -> R<U256> {
    let before = minter.models.getter(model).debt.get();
    minter.accrue(model)?;
    let interest = sub(minter.models.getter(model).debt.get(), before)?;
    minter.distribute()?;
    let liquidator = minter.liquidator.get();
    if !liquidator.is_zero() {
        // Best effort: healing never holds up a drip.
        let _ = call(liquidator, sel::HEAL, &[]);
    }
    Ok(interest)
}

impl AidMinter {
    /// Accrues `model`: moves its accumulator to now ([`Model::rate_at`]) and books `ceil(Art × rate) − debt`
    /// (also any rounding left by borrows and repayments) as pending interest. Only storage:
    /// no other contract can make it fail. Returns the accumulator.
    pub(crate) fn accrue(&mut self, model: B256) -> R<U256> {
        let m = self.models.getter(model);
        if m.rate.get().is_zero() {
            return fail(ModelNotConfigured::SELECTOR, &[model.w()]);
        }
        let rho = u64_of(m.rho.get());
        let now = now();
        let art = m.art.get();
        let rate = m.rate_at(now)?;
        let target = ray_mul(art, rate, Rounding::Up).checked()?;
        let debt = m.debt.get();
        drop(m);
        // `debt ≤ ceil(Art × rate)` always holds (borrows add at most what they mint to it,
        // repayments remove at least what they burn); saturating keeps accrual from failing.
        let interest = target.saturating_sub(debt);
        if now <= rho && interest.is_zero() {
            return Ok(rate);
        }
        let mut m = self.models.setter(model);
        m.rate.set(rate);
        m.rho.set(U64::from(now));
        if !interest.is_zero() {
            m.debt.set(target);
            drop(m);
            self.total_debt.set(add(self.total_debt.get(), interest)?);
            self.interest_booked
                .set(add(self.interest_booked.get(), interest)?);
        }
        log(
            &[Dripped::SIGNATURE_HASH, model.w()],
            &[rate.w(), interest.w()],
        );
        Ok(rate)
    }

    /// Mints the pending interest, sends the surplus share to the liquidator and hands the
    /// vault its share (with what it refused before); each call to another contract is best
    /// effort and a refusal is booked with an event. Without a liquidator the interest waits.
    pub(crate) fn distribute(&mut self) -> R {
        let aid = self.aid.get();
        let liquidator = self.liquidator.get();
        let booked = self.interest_booked.get();
        let pending = sub(booked, self.interest_minted.get())?;
        if !pending.is_zero() {
            if liquidator.is_zero() || call(aid, sel::MINT, &[this().w(), pending.w()]).is_err() {
                log(&[InterestDeferred::SIGNATURE_HASH], &[pending.w()]);
            } else {
                self.interest_minted.set(booked);
                // Without a vault all interest is surplus.
                let bps = if self.vault.get().is_zero() {
                    0
                } else {
                    u16_of(self.savings_share_bps.get())
                };
                let to_vault = share(pending, bps, Rounding::Down)?;
                let to_surplus = pending - to_vault;
                self.pending_yield
                    .set(add(self.pending_yield.get(), to_vault)?);
                log(
                    &[InterestDistributed::SIGNATURE_HASH],
                    &[pending.w(), to_vault.w(), to_surplus.w()],
                );
                if !to_surplus.is_zero() {
                    call(aid, sel::TRANSFER, &[liquidator.w(), to_surplus.w()])?;
                }
            }
        }
        let owed = self.pending_yield.get();
        if owed.is_zero() {
            return Ok(());
        }
        let vault = self.vault.get();
        // The approval is exactly what is offered; the vault cannot call back into the minter.
        let handed = !vault.is_zero()
            && call(aid, sel::APPROVE, &[vault.w(), owed.w()]).is_ok()
            && call(vault, sel::DISTRIBUTE_YIELD, &[owed.w()]).is_ok();
        if handed {
            self.pending_yield.set(U256::ZERO);
        } else {
            log(&[YieldDeferred::SIGNATURE_HASH, vault.w()], &[owed.w()]);
        }
        Ok(())
    }
}
