//! Risk parameters, within the hard bounds `docs/PROTOCOL.md` names.

use crate::*;

/// [`AidMinter::set_model_params`]: bounds, then accrue under the old fee, then store.
pub(crate) fn set_model_params(
    minter: &mut AidMinter,
    model: B256,
    min_collateral_ratio_bps: u16,
    liquidation_ratio_bps: u16,
    stability_fee_apr_bps: u16,
    debt_ceiling: U256,
) -> R {
    minter.roles.only(RISK_ADMIN_ROLE)?;
    if model.is_zero() {
        return fail(InvalidModel::SELECTOR, &[model.w()]);
    }
    if liquidation_ratio_bps < BPS
        || min_collateral_ratio_bps <= liquidation_ratio_bps
        || min_collateral_ratio_bps > MAX_RATIO_BPS
    {
        return fail(
            InvalidRatios::SELECTOR,
            &[min_collateral_ratio_bps.w(), liquidation_ratio_bps.w()],
        );
    }
    if stability_fee_apr_bps > MAX_APR_BPS {
        return fail(InvalidApr::SELECTOR, &[stability_fee_apr_bps.w()]);
    }
    let fee = aid_math::apr_bps_to_rate(stability_fee_apr_bps.into()).checked()?;
    if minter.models.getter(model).rate.get().is_zero() {
        let mut m = minter.models.setter(model);
        m.rate.set(RAY);
        m.rho.set(U64::from(now()));
    } else {
        minter.accrue(model)?;
    }
    let mut m = minter.models.setter(model);
    m.min_ratio.set(U16::from(min_collateral_ratio_bps));
    m.liq_ratio.set(U16::from(liquidation_ratio_bps));
    m.apr_bps.set(U16::from(stability_fee_apr_bps));
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

/// [`AidMinter::set_global_params`].
pub(crate) fn set_global_params(
    minter: &mut AidMinter,
    global_debt_ceiling: U256,
    dust: U256,
    savings_share_bps: u16,
) -> R {
    minter.roles.only(RISK_ADMIN_ROLE)?;
    if savings_share_bps > BPS {
        return fail(InvalidBps::SELECTOR, &[savings_share_bps.w()]);
    }
    minter.global_debt_ceiling.set(global_debt_ceiling);
    minter.dust.set(dust);
    minter.savings_share_bps.set(U16::from(savings_share_bps));
    log(
        &[GlobalParamsSet::SIGNATURE_HASH],
        &[global_debt_ceiling.w(), dust.w(), savings_share_bps.w()],
    );
    Ok(())
}
