//! The operator CLI's commands as library functions: each returns a [`Report`] (printed as a table
//! or as JSON by the binary). Reads need no key; writes go through a [`Sender`], so each one is
//! simulated before it is signed and a revert comes back as a sentence naming the custom error.

use std::collections::BTreeMap;

use aid_interfaces::minter::IAidMinter;
use alloy::{
    primitives::{keccak256, Address, B256, U256},
    providers::Provider,
    rpc::types::TransactionReceipt,
    sol_types::SolEvent,
};
use anyhow::{bail, ensure, Context, Result};
use serde_json::Value;

use crate::{
    amount::{self, format as fmt},
    conn::Protocol,
    errors,
    index::{self, Index},
    output::{s, Report},
    tx::{Call, Revert, Sender},
};

macro_rules! read {
    ($p:expr, $call:expr) => {
        $p.backoff
            .run(|| async { $call.call().await })
            .await
            .map_err(|e| anyhow::anyhow!(errors::explain(&e)))
    };
}

fn tx_report(action: &str, r: Option<TransactionReceipt>) -> Report {
    match r {
        Some(r) => Report::default().fields(
            action,
            vec![
                ("tx", s(r.transaction_hash)),
                ("block", s(r.block_number.unwrap_or_default())),
                ("gasUsed", s(r.gas_used)),
            ],
        ),
        None => Report::default().fields(action, vec![("tx", s("dry run: simulated, not sent"))]),
    }
}

async fn send(sender: &mut Sender, call: Call) -> Result<Option<TransactionReceipt>> {
    sender.send_mined(&call).await
}

/// `aid status`: supply, debt, surplus, unbacked debt, models, vault and auctions at a glance.
pub async fn status(p: &Protocol) -> Result<Report> {
    let supply = read!(p, p.token.totalSupply())?;
    let debt = read!(p, p.minter.totalDebt())?;
    let pending = read!(p, p.minter.pendingInterest())?;
    let pending_yield = read!(p, p.minter.pendingYield())?;
    let surplus = read!(p, p.liquidator.surplusBuffer())?;
    let unbacked = read!(p, p.liquidator.unbackedDebt())?;
    let minter_paused = read!(p, p.minter.paused())?;
    let registry_paused = read!(p, p.registry.paused())?;
    let (block, ts) = p.head().await?;
    let mut report = Report::default().fields(
        "protocol",
        vec![
            ("chainId", s(p.chain_id)),
            ("block", s(block)),
            ("timestamp", s(ts)),
            ("aidSupply", s(fmt(supply))),
            ("totalDebt", s(fmt(debt))),
            ("pendingInterest", s(fmt(pending))),
            ("pendingYield", s(fmt(pending_yield))),
            ("surplusBuffer", s(fmt(surplus))),
            ("unbackedDebt", s(fmt(unbacked))),
            ("minterPaused", Value::Bool(minter_paused)),
            ("registryPaused", Value::Bool(registry_paused)),
        ],
    );
    report = models_into(p, report, None).await?;
    let assets = read!(p, p.vault.totalAssets())?;
    let shares = read!(p, p.vault.totalSupply())?;
    let price = read!(p, p.vault.convertToAssets(amount::WAD))?;
    let cooldown = read!(p, p.vault.cooldown())?;
    let deferred = read!(p, p.vault.deferredYield())?;
    report = report.fields(
        "vault",
        vec![
            ("totalAssets", s(fmt(assets))),
            ("totalShares", s(fmt(shares))),
            ("aidPerShare", s(fmt(price))),
            ("deferredYield", s(fmt(deferred))),
            ("cooldownSecs", s(cooldown)),
        ],
    );
    let mut idx = Index::starting_at(p.book.block_number);
    idx.update(p, block).await?;
    let mut rows = Vec::new();
    for id in &idx.auctions {
        let a = read!(p, p.liquidator.auction(*id))?;
        let price = match p.liquidator.auctionPrice(*id).call().await {
            Ok(v) => s(fmt(v)),
            Err(e) => s(errors::explain(&e)),
        };
        rows.push(vec![
            s(id),
            s(a.owner),
            s(fmt(a.debt)),
            s(fmt(a.startPrice)),
            s(fmt(a.floorPrice)),
            price,
            s(a.startedAt.saturating_add(a.duration)),
            s(a.resets),
        ]);
    }
    Ok(report.table(
        "auctions",
        &[
            "tokenId", "owner", "debt", "start", "floor", "price", "endsAt", "resets",
        ],
        rows,
    ))
}

async fn models_into(p: &Protocol, report: Report, only: Option<B256>) -> Result<Report> {
    let ids: Vec<B256> = match only {
        Some(id) => vec![id],
        None => p.book.models.iter().map(|m| m.id).collect(),
    };
    let mut rows = Vec::new();
    for id in ids {
        let m = read!(p, p.registry.model(id))?;
        let c = read!(p, p.minter.modelParams(id))?;
        let st = read!(p, p.minter.modelState(id))?;
        rows.push(vec![
            s(p.model_name(id)),
            Value::Bool(m.enabled),
            s(m.usefulLife),
            s(m.residualBps),
            s(c.minCollateralRatioBps),
            s(c.liquidationRatioBps),
            s(c.stabilityFeeAprBps),
            s(fmt(c.debtCeiling)),
            s(fmt(st.debt)),
            s(st.lastDrip),
        ]);
    }
    Ok(report.table(
        "models",
        &[
            "model",
            "enabled",
            "usefulLifeSecs",
            "residualBps",
            "minRatioBps",
            "liqRatioBps",
            "aprBps",
            "debtCeiling",
            "debt",
            "lastDrip",
        ],
        rows,
    ))
}

/// `aid model show [MODEL]`.
pub async fn model_show(p: &Protocol, model: Option<&str>) -> Result<Report> {
    models_into(p, Report::default(), model.map(|m| p.model_id(m))).await
}

/// Changes to a model; fields left `None` keep their current value (also the flags of
/// `aid model set`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ModelChange {
    /// Registry: useful life, seconds.
    #[arg(long)]
    pub useful_life_secs: Option<u64>,
    /// Registry: residual value floor, bps.
    #[arg(long)]
    pub residual_bps: Option<u16>,
    /// Registry: accept new registrations.
    #[arg(long)]
    pub enabled: Option<bool>,
    /// Minter: minimum collateral ratio, bps.
    #[arg(long)]
    pub min_ratio_bps: Option<u16>,
    /// Minter: liquidation ratio, bps.
    #[arg(long)]
    pub liq_ratio_bps: Option<u16>,
    /// Minter: stability fee APR, bps.
    #[arg(long)]
    pub apr_bps: Option<u16>,
    /// Minter: debt ceiling, AID (decimal).
    #[arg(long, value_parser = amount::clap_parser("--debt-ceiling"))]
    pub debt_ceiling: Option<U256>,
}

/// `aid model set MODEL ...`: the registry's side (RISK_ADMIN) and the minter's (RISK_ADMIN), each
/// only when one of its fields is given.
pub async fn model_set(
    p: &Protocol,
    sender: &mut Sender,
    model: &str,
    c: &ModelChange,
) -> Result<Report> {
    let id = p.model_id(model);
    let name = p.model_name(id);
    let registry_side =
        c.useful_life_secs.is_some() || c.residual_bps.is_some() || c.enabled.is_some();
    let minter_side = c.min_ratio_bps.is_some()
        || c.liq_ratio_bps.is_some()
        || c.apr_bps.is_some()
        || c.debt_ceiling.is_some();
    ensure!(
        registry_side || minter_side,
        "nothing to change: give at least one field (see --help)"
    );
    let mut report = Report::default();
    if registry_side {
        let m = read!(p, p.registry.model(id))?;
        let call = p.registry.configureModel(
            id,
            c.useful_life_secs.unwrap_or(m.usefulLife),
            c.residual_bps.unwrap_or(m.residualBps),
            c.enabled.unwrap_or(m.enabled),
        );
        let r = send(
            sender,
            Call::new(
                format!("configure model {name}"),
                *p.registry.address(),
                call.calldata().clone(),
            ),
        )
        .await?;
        report = report.extend(tx_report("registry", r));
    }
    if minter_side {
        let m = read!(p, p.minter.modelParams(id))?;
        let call = p.minter.setModelParams(
            id,
            c.min_ratio_bps.unwrap_or(m.minCollateralRatioBps),
            c.liq_ratio_bps.unwrap_or(m.liquidationRatioBps),
            c.apr_bps.unwrap_or(m.stabilityFeeAprBps),
            c.debt_ceiling.unwrap_or(m.debtCeiling),
        );
        let r = send(
            sender,
            Call::new(
                format!("set credit parameters of {name}"),
                *p.minter.address(),
                call.calldata().clone(),
            ),
        )
        .await?;
        report = report.extend(tx_report("minter", r));
    }
    Ok(report.extend(models_into(p, Report::default(), Some(id)).await?))
}

/// A new asset for `aid asset register`.
#[derive(Debug, Clone)]
pub struct NewAsset {
    /// Receiver of the token (the operator).
    pub to: Address,
    /// Model name or id.
    pub model: String,
    /// GPUs in the cluster.
    pub gpu_count: u32,
    /// The serial numbers; the registry keeps keccak256 of them sorted and comma-joined.
    pub serials: Vec<String>,
    /// Acquisition cost in USD.
    pub cost: U256,
    /// Acquisition time (Unix seconds); now when `None`.
    pub acquired_at: Option<u64>,
    /// First appraisal in USD.
    pub appraisal: U256,
    /// Metadata URI.
    pub uri: String,
}

/// The serial hash the CLI registers: keccak256 of the serial numbers sorted and comma-joined, so
/// the same cluster always hashes the same whatever the order given.
pub fn serial_hash(serials: &[String]) -> B256 {
    let mut v: Vec<&str> = serials.iter().map(|s| s.trim()).collect();
    v.sort_unstable();
    keccak256(v.join(",").as_bytes())
}

/// `aid asset register`.
pub async fn asset_register(p: &Protocol, sender: &mut Sender, a: &NewAsset) -> Result<Report> {
    ensure!(
        !a.serials.is_empty(),
        "--serials: give at least one serial number"
    );
    let (_, now) = p.head().await?;
    let call = p.registry.registerAsset(
        a.to,
        p.model_id(&a.model),
        a.gpu_count,
        serial_hash(&a.serials),
        a.cost,
        a.acquired_at.unwrap_or(now),
        a.appraisal,
        a.uri.clone(),
    );
    let r = send(
        sender,
        Call::new(
            "register asset",
            *p.registry.address(),
            call.calldata().clone(),
        ),
    )
    .await?;
    let id = r.as_ref().and_then(|r| {
        r.inner.logs().iter().find_map(|l| {
            aid_interfaces::registry::IGpuRegistry::AssetRegistered::decode_log_data(l.data())
                .ok()
                .map(|e| e.tokenId)
        })
    });
    let mut report = tx_report("register", r);
    if let Some(id) = id {
        report = report.fields("asset", vec![("tokenId", s(id))]);
    }
    Ok(report)
}

/// One row of an appraisal CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppraisalRow {
    /// Row number in the file (1 is the header).
    pub row: usize,
    /// Token.
    pub token_id: U256,
    /// New appraisal in USD.
    pub value: U256,
}

/// Parses an appraisal CSV: a header `token_id,value` (value in USD, decimal), then one row per
/// token; blank lines and lines starting with `#` are skipped. A bad row is refused with its row
/// number (the file's line number) and the field named.
pub fn parse_appraisals(text: &str) -> Result<Vec<AppraisalRow>> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    });
    let (hrow, header) = lines
        .next()
        .context("the CSV is empty: expected a header token_id,value")?;
    let cols: Vec<String> = header
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .collect();
    ensure!(
        cols == ["token_id", "value"],
        "row {}: the header must be `token_id,value`, found `{}`",
        hrow + 1,
        header.trim()
    );
    let mut out: Vec<AppraisalRow> = Vec::new();
    for (i, line) in lines {
        let row = i + 1;
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        ensure!(
            fields.len() == 2,
            "row {row}: expected 2 fields (token_id,value), found {}",
            fields.len()
        );
        let token_id: U256 = fields[0].parse().map_err(|_| {
            anyhow::anyhow!(
                "row {row}, field token_id: {:?} is not a token id",
                fields[0]
            )
        })?;
        let value = amount::parse(&format!("row {row}, field value"), fields[1])?;
        ensure!(
            !value.is_zero(),
            "row {row}, field value: an appraisal must be above zero"
        );
        if let Some(prev) = out.iter().find(|r| r.token_id == token_id) {
            bail!(
                "row {row}, field token_id: token {token_id} is already appraised on row {}",
                prev.row
            );
        }
        out.push(AppraisalRow {
            row,
            token_id,
            value,
        });
    }
    ensure!(!out.is_empty(), "the CSV has a header but no rows");
    Ok(out)
}

/// `|value − current| ≤ ceil(current × maxStepBps / 10_000)`: the registry's step rule against the
/// current appraisal.
pub fn within_step(current: U256, value: U256, max_step_bps: u16) -> bool {
    let limit = (current * U256::from(max_step_bps)).div_ceil(U256::from(10_000u64));
    let diff = if value > current {
        value - current
    } else {
        current - value
    };
    diff <= limit
}

/// `aid asset appraise`: checks every row (token exists, within the step limit of its current
/// appraisal), simulates the whole batch, and only then sends one `appraiseBatch` — all or nothing.
pub async fn asset_appraise(
    p: &Protocol,
    sender: &mut Sender,
    rows: &[AppraisalRow],
) -> Result<Report> {
    let limits = read!(p, p.registry.appraisalLimits())?;
    for r in rows {
        let a = read!(p, p.registry.asset(r.token_id))
            .with_context(|| format!("row {}, field token_id: token {}", r.row, r.token_id))?;
        ensure!(
            a.appraisedAt != 0,
            "row {}, field token_id: token {} is not registered",
            r.row,
            r.token_id
        );
        ensure!(
            within_step(a.appraisalValue, r.value, limits.maxStepBps),
            "row {}, field value: {} USD moves token {} more than {} bps from its appraisal of {} USD",
            r.row,
            fmt(r.value),
            r.token_id,
            limits.maxStepBps,
            fmt(a.appraisalValue)
        );
    }
    let ids: Vec<U256> = rows.iter().map(|r| r.token_id).collect();
    let values: Vec<U256> = rows.iter().map(|r| r.value).collect();
    let call = Call::new(
        format!("appraise {} tokens", rows.len()),
        *p.registry.address(),
        p.registry.appraiseBatch(ids, values).calldata().clone(),
    );
    // The window's anchor is not readable: the simulation has the last word, mapped back to a row.
    if let Err(e) = sender.simulate(&call).await {
        if let Some(rev) = e.downcast_ref::<Revert>() {
            let row = rows
                .iter()
                .find(|r| rev.reason.starts_with(&format!("token {}:", r.token_id)));
            if let Some(r) = row {
                bail!(
                    "row {}, field value: {} (nothing was sent)",
                    r.row,
                    rev.reason
                );
            }
            bail!("{} (nothing was sent)", rev.reason);
        }
        return Err(e);
    }
    let r = send(sender, call).await?;
    let table: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| vec![s(r.row), s(r.token_id), s(fmt(r.value))])
        .collect();
    Ok(tx_report("appraise", r).table("appraisals", &["row", "tokenId", "value"], table))
}

/// `aid asset retire ID`.
pub async fn asset_retire(p: &Protocol, sender: &mut Sender, id: U256) -> Result<Report> {
    let call = Call::new(
        format!("retire {id}"),
        *p.registry.address(),
        p.registry.retire(id).calldata().clone(),
    );
    Ok(tx_report("retire", send(sender, call).await?))
}

/// `aid position show ID`.
pub async fn position_show(p: &Protocol, id: U256) -> Result<Report> {
    let pos = read!(p, p.minter.position(id))?;
    ensure!(!pos.owner.is_zero(), "token {id} backs no position");
    let h = read!(p, p.minter.health(id))?;
    let a = read!(p, p.registry.asset(id))?;
    let book = read!(p, p.registry.bookValue(id))?;
    let ratio = if h.ratioBps == U256::MAX {
        s("none (no debt)")
    } else {
        s(h.ratioBps)
    };
    Ok(Report::default().fields(
        "position",
        vec![
            ("tokenId", s(id)),
            ("owner", s(pos.owner)),
            ("model", s(p.model_name(pos.model))),
            ("debt", s(fmt(h.debt))),
            ("value", s(fmt(h.value))),
            ("appraisal", s(fmt(a.appraisalValue))),
            ("appraisedAt", s(a.appraisedAt)),
            ("bookValue", s(fmt(book))),
            ("fresh", Value::Bool(h.fresh)),
            ("ratioBps", ratio),
            ("liquidatable", Value::Bool(h.liquidatable)),
        ],
    ))
}

/// `aid position pledge ID`: sends the token to the minter with `safeTransferFrom`.
pub async fn position_pledge(p: &Protocol, sender: &mut Sender, id: U256) -> Result<Report> {
    let me = sender.from;
    let call = p.registry.safeTransferFrom_0(me, *p.minter.address(), id);
    let r = send(
        sender,
        Call::new(
            format!("pledge {id}"),
            *p.registry.address(),
            call.calldata().clone(),
        ),
    )
    .await?;
    Ok(tx_report("pledge", r))
}

/// `aid position borrow ID AMOUNT`.
pub async fn position_borrow(
    p: &Protocol,
    sender: &mut Sender,
    id: U256,
    amount: U256,
    to: Option<Address>,
) -> Result<Report> {
    let to = to.unwrap_or(sender.from);
    let call = p.minter.borrow(id, amount, to);
    let r = send(
        sender,
        Call::new(
            format!("borrow {} AID on {id}", fmt(amount)),
            *p.minter.address(),
            call.calldata().clone(),
        ),
    )
    .await?;
    Ok(tx_report("borrow", r))
}

async fn ensure_allowance(
    p: &Protocol,
    sender: &mut Sender,
    spender: Address,
    needed: U256,
) -> Result<()> {
    let me = sender.from;
    let have = read!(p, p.token.allowance(me, spender))?;
    if have < needed {
        let call = p.token.approve(spender, needed);
        send(
            sender,
            Call::new(
                format!("approve {} AID", fmt(needed)),
                *p.token.address(),
                call.calldata().clone(),
            ),
        )
        .await?;
    }
    Ok(())
}

/// `aid position repay ID AMOUNT|all`: approves the minter, then repays (`all` repays exactly the
/// debt at execution).
pub async fn position_repay(
    p: &Protocol,
    sender: &mut Sender,
    id: U256,
    amount: Option<U256>,
) -> Result<Report> {
    let debt = read!(p, p.minter.health(id))?.debt;
    let (arg, approve) = match amount {
        Some(a) => (a, a.min(debt)),
        // A few seconds of interest may accrue before the repayment is mined.
        None => (
            U256::MAX,
            debt + debt / U256::from(100_000u64) + U256::from(1),
        ),
    };
    ensure_allowance(p, sender, *p.minter.address(), approve).await?;
    let call = p.minter.repay(id, arg);
    let r = send(
        sender,
        Call::new(
            format!("repay {id}"),
            *p.minter.address(),
            call.calldata().clone(),
        ),
    )
    .await?;
    Ok(tx_report("repay", r))
}

/// `aid position withdraw ID`.
pub async fn position_withdraw(
    p: &Protocol,
    sender: &mut Sender,
    id: U256,
    to: Option<Address>,
) -> Result<Report> {
    let to = to.unwrap_or(sender.from);
    let call = p.minter.withdraw(id, to);
    let r = send(
        sender,
        Call::new(
            format!("withdraw {id}"),
            *p.minter.address(),
            call.calldata().clone(),
        ),
    )
    .await?;
    Ok(tx_report("withdraw", r))
}

/// `aid vault show [ACCOUNT]`.
pub async fn vault_show(p: &Protocol, who: Address) -> Result<Report> {
    let shares = read!(p, p.vault.balanceOf(who))?;
    let assets = read!(p, p.vault.convertToAssets(shares))?;
    let req = read!(p, p.vault.redeemRequest(who))?;
    let claimable = read!(p, p.vault.claimableRedeemRequest(U256::ZERO, who))?;
    Ok(Report::default().fields(
        "vault",
        vec![
            ("account", s(who)),
            ("shares", s(fmt(shares))),
            ("assets", s(fmt(assets))),
            ("requestedShares", s(fmt(req.shares))),
            ("requestedAssetsCap", s(fmt(req.assets))),
            ("claimableAt", s(req.claimableAt)),
            ("claimableShares", s(fmt(claimable))),
        ],
    ))
}

/// `aid vault deposit AMOUNT`.
pub async fn vault_deposit(
    p: &Protocol,
    sender: &mut Sender,
    assets: U256,
    to: Option<Address>,
) -> Result<Report> {
    ensure_allowance(p, sender, *p.vault.address(), assets).await?;
    let to = to.unwrap_or(sender.from);
    let call = p.vault.deposit(assets, to);
    let r = send(
        sender,
        Call::new(
            format!("deposit {} AID", fmt(assets)),
            *p.vault.address(),
            call.calldata().clone(),
        ),
    )
    .await?;
    Ok(tx_report("deposit", r))
}

/// `aid vault request-exit SHARES|all`: starts the cooldown of a redemption request.
pub async fn vault_request_exit(
    p: &Protocol,
    sender: &mut Sender,
    shares: Option<U256>,
) -> Result<Report> {
    let me = sender.from;
    let shares = match shares {
        Some(v) => v,
        None => read!(p, p.vault.balanceOf(me))?,
    };
    let call = p.vault.requestRedeem(shares, me, me);
    let r = send(
        sender,
        Call::new(
            format!("request exit of {} sAID", fmt(shares)),
            *p.vault.address(),
            call.calldata().clone(),
        ),
    )
    .await?;
    Ok(tx_report("requestExit", r))
}

/// `aid vault claim`: redeems the claimable part of the caller's request.
pub async fn vault_claim(p: &Protocol, sender: &mut Sender) -> Result<Report> {
    let me = sender.from;
    let claimable = read!(p, p.vault.claimableRedeemRequest(U256::ZERO, me))?;
    if claimable.is_zero() {
        let req = read!(p, p.vault.redeemRequest(me))?;
        if req.shares.is_zero() {
            bail!("{me} has no exit request (aid vault request-exit first)");
        }
        bail!(
            "the request of {} sAID is claimable at {} (Unix time)",
            fmt(req.shares),
            req.claimableAt
        );
    }
    let call = p.vault.redeem(claimable, me, me);
    let r = send(
        sender,
        Call::new(
            format!("claim {} sAID", fmt(claimable)),
            *p.vault.address(),
            call.calldata().clone(),
        ),
    )
    .await?;
    Ok(tx_report("claim", r))
}

/// The contracts that hold roles, by the names the address book uses.
pub fn contract_address(p: &Protocol, name: &str) -> Result<Address> {
    let found = p
        .book
        .contracts
        .keys()
        .find(|k| k.name().eq_ignore_ascii_case(name));
    match found {
        Some(k) => p.book.address(*k),
        None => bail!(
            "unknown contract {name:?}: one of {}",
            p.book
                .contracts
                .keys()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The block of the first deployment transaction in the address book (roles are granted from
/// there on), or 0 when the node has no receipt for any.
pub async fn deployment_start(p: &Protocol) -> u64 {
    let mut first = None::<u64>;
    for e in p.book.contracts.values() {
        let r = p
            .backoff
            .run(|| async { p.provider.get_transaction_receipt(e.tx_hash).await })
            .await;
        if let Ok(Some(r)) = r {
            let b = r.block_number.unwrap_or_default();
            first = Some(first.map_or(b, |f| f.min(b)));
        }
    }
    first.unwrap_or(0)
}

/// `aid roles show`: the current holders of every role on every contract, from the
/// RoleGranted/RoleRevoked events since `from_block` (the deployment's first block when `None`).
pub async fn roles_show(p: &Protocol, from_block: Option<u64>) -> Result<Report> {
    let from_block = match from_block {
        Some(b) => b,
        None => deployment_start(p).await,
    };
    let (head, _) = p.head().await?;
    let by_addr: BTreeMap<Address, String> = p
        .book
        .contracts
        .iter()
        .map(|(n, e)| (e.address, n.name().to_string()))
        .collect();
    let logs = index::logs(
        p,
        by_addr.keys().copied().collect(),
        vec![
            IAidMinter::RoleGranted::SIGNATURE_HASH,
            IAidMinter::RoleRevoked::SIGNATURE_HASH,
        ],
        from_block,
        head,
    )
    .await?;
    let mut holders: BTreeMap<(String, String, Address), ()> = BTreeMap::new();
    for log in &logs {
        let (Some(contract), Some(topic)) = (by_addr.get(&log.address()), log.topic0()) else {
            continue;
        };
        let t = log.topics();
        if t.len() < 3 {
            continue;
        }
        let key = (
            contract.clone(),
            errors::role_name(t[1]),
            Address::from_word(t[2]),
        );
        if *topic == IAidMinter::RoleGranted::SIGNATURE_HASH {
            holders.insert(key, ());
        } else {
            holders.remove(&key);
        }
    }
    let rows = holders
        .into_keys()
        .map(|(c, r, a)| vec![s(c), s(r), s(a)])
        .collect();
    Ok(Report::default().table("roles", &["contract", "role", "account"], rows))
}

/// `aid roles grant|revoke CONTRACT ROLE ACCOUNT`.
pub async fn roles_change(
    p: &Protocol,
    sender: &mut Sender,
    grant: bool,
    contract: &str,
    role: &str,
    account: Address,
) -> Result<Report> {
    let target = contract_address(p, contract)?;
    let id = errors::role_id(role).with_context(|| {
        format!(
            "unknown role {role:?}: one of {}",
            errors::ROLE_NAMES.join(", ")
        )
    })?;
    // Every contract's AccessControl has the same selectors.
    let data = if grant {
        p.minter.grantRole(id, account).calldata().clone()
    } else {
        p.minter.revokeRole(id, account).calldata().clone()
    };
    let verb = if grant { "grant" } else { "revoke" };
    let label = format!(
        "{verb} {} on {contract} to {account}",
        errors::role_name(id)
    );
    let r = send(sender, Call::new(label, target, data)).await?;
    Ok(tx_report(verb, r))
}
