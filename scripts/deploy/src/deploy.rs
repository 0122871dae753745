//! Deploys the five contracts through the StylusDeployer factory, wires them, hands the roles to
//! their holders, and reads every link back: resumably, recording every step in the address book
//! as it happens.
//!
//! One table, [`links`], says what the wiring is: each row is a transaction to send (or nothing,
//! for what a constructor already set) and what reading it back must return. [`execute`] sends
//! the rows the book does not have yet; [`verify`] reads back every row. A run that stops
//! anywhere leaves a book from which the next run continues ([`reconcile`] first checks that what
//! the book says is on the chain is there); a run of a finished deployment sends nothing.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use aid_interfaces::{
    liquidator::IAidLiquidator, minter::IAidMinter, registry::IGpuRegistry, token::IAidToken,
    vault::ISAidVault,
};
use alloy::{
    contract::{CallBuilder, CallDecoder},
    network::TransactionBuilder,
    primitives::{keccak256, Address, Bytes, B256, U256},
    providers::{DynProvider, PendingTransactionBuilder, Provider},
    rpc::types::{state::StateOverridesBuilder, TransactionReceipt, TransactionRequest},
    sol_types::{SolCall, SolEvent, SolValue},
};
use anyhow::{anyhow, bail, ensure, Context, Result};

pub use crate::protocol::{Contract, Holder, Role};
use crate::{
    book::{AddressBook, Entry, ModelEntry, Pending, TxRecord},
    chain::{constructor_call, IArbWasm, IStylusDeployer, ARB_WASM, STYLUS_DEPLOYER},
    config::Config,
    errors::explain,
};

/// How long a transaction may take to be mined before the run stops (the book keeps it as
/// pending, and the next run picks it up).
pub const DEFAULT_RECEIPT_TIMEOUT: Duration = Duration::from_secs(300);
/// How often a long wait says it is still waiting.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);

/// The built programs, encoded for deployment.
pub type Programs = BTreeMap<Contract, Bytes>;

/// Reads `<wasm_dir>/<stem>.wasm` and encodes it as deployable Stylus code.
pub fn load_program(wasm_dir: &Path, stem: &str) -> Result<Bytes> {
    let path = wasm_dir.join(format!("{stem}.wasm"));
    let wasm = std::fs::read(&path).with_context(|| {
        format!(
            "cannot read {} (run scripts/build-contracts.sh first)",
            path.display()
        )
    })?;
    ensure!(
        wasm.starts_with(b"\0asm"),
        "{} is not a WASM module",
        path.display()
    );
    let code = stylus_program::encode(&wasm);
    ensure!(
        code.len() <= stylus_program::MAX_CODE_SIZE,
        "{} deploys to {} bytes, above the {}-byte code limit",
        path.display(),
        code.len(),
        stylus_program::MAX_CODE_SIZE
    );
    Ok(code.into())
}

/// Every contract's program from `wasm_dir`.
pub fn load_programs(wasm_dir: &Path) -> Result<Programs> {
    Contract::ALL
        .iter()
        .map(|&c| Ok((c, load_program(wasm_dir, c.wasm_stem())?)))
        .collect()
}

/// Role holders resolved against the deploying account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holders {
    /// DEFAULT_ADMIN on every contract, MINTER_ADMIN on AID.
    pub admin: Address,
    /// Receives swept surplus.
    pub treasury: Address,
    /// REGISTRAR on the registry.
    pub registrar: Address,
    /// APPRAISER on the registry.
    pub appraiser: Address,
    /// RISK_ADMIN on the registry, the minter and the liquidator.
    pub risk_admin: Address,
    /// PAUSER on the registry, the minter and the vault.
    pub pauser: Address,
}

impl Holders {
    /// Fills every role left out of the configuration with `deployer`.
    pub fn resolve(cfg: &Config, deployer: Address) -> Self {
        let r = &cfg.roles;
        Self {
            admin: r.admin.unwrap_or(deployer),
            treasury: r.treasury.unwrap_or(deployer),
            registrar: r.registrar.unwrap_or(deployer),
            appraiser: r.appraiser.unwrap_or(deployer),
            risk_admin: r.risk_admin.unwrap_or(deployer),
            pauser: r.pauser.unwrap_or(deployer),
        }
    }

    /// The holder of `h`.
    pub fn get(&self, h: Holder) -> Address {
        match h {
            Holder::Admin => self.admin,
            Holder::Treasury => self.treasury,
            Holder::Registrar => self.registrar,
            Holder::Appraiser => self.appraiser,
            Holder::RiskAdmin => self.risk_admin,
            Holder::Pauser => self.pauser,
        }
    }

    /// Every holder, for the address book.
    pub fn all(&self) -> BTreeMap<Holder, Address> {
        [
            Holder::Admin,
            Holder::Treasury,
            Holder::Registrar,
            Holder::Appraiser,
            Holder::RiskAdmin,
            Holder::Pauser,
        ]
        .into_iter()
        .map(|h| (h, self.get(h)))
        .collect()
    }
}

/// A view call and what it must return, word by word (`None`: not compared, e.g. a rate the
/// contract derives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The call data.
    pub call: Bytes,
    /// The expected 32-byte words of the return data.
    pub words: Vec<Option<B256>>,
}

/// One row of the wiring table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What it does, as the book and messages name it ("vault: deposit cap").
    pub label: String,
    /// The contract it is sent to and read from.
    pub to: Contract,
    /// The transaction's call data; `None` for what a constructor already set (read back only).
    pub send: Option<Bytes>,
    /// How it reads back once the deployment is done; `None` for a step a later one undoes (the
    /// deployer's temporary roles).
    pub check: Option<Read>,
}

/// One ABI word of a static value.
fn w<T: SolValue>(v: T) -> Option<B256> {
    Some(B256::from_slice(&v.abi_encode()))
}

fn enc<C: SolCall>(c: C) -> Bytes {
    c.abi_encode().into()
}

/// `hasRole(role, account)` must read `holds`. The AccessControl functions have the same
/// signature on every contract.
fn has_role(role: Role, account: Address, holds: bool) -> Read {
    Read {
        call: enc(IGpuRegistry::hasRoleCall::new((role.id(), account))),
        words: vec![w(holds)],
    }
}

fn grant(role: Role, account: Address) -> Bytes {
    enc(IGpuRegistry::grantRoleCall::new((role.id(), account)))
}

fn renounce(role: Role, account: Address) -> Bytes {
    enc(IGpuRegistry::renounceRoleCall::new((role.id(), account)))
}

/// Short names of the contracts in labels.
fn short(c: Contract) -> &'static str {
    match c {
        Contract::GpuRegistry => "registry",
        Contract::AidToken => "AID",
        Contract::AidMinter => "minter",
        Contract::SAidVault => "vault",
        Contract::AidLiquidator => "liquidator",
    }
}

/// The wiring table: every transaction the deployment sends after the five deployments, in
/// order, each with what it must read back as; and the links the constructors set, read back
/// only. `at` gives each contract's address (any placeholder when only the labels are wanted).
pub fn links(
    cfg: &Config,
    holders: &Holders,
    deployer: Address,
    at: &dyn Fn(Contract) -> Address,
) -> Result<Vec<Link>> {
    use Contract::*;
    let (reg, tok, min, vau, liq) = (
        at(GpuRegistry),
        at(AidToken),
        at(AidMinter),
        at(SAidVault),
        at(AidLiquidator),
    );
    let mut rows = Vec::new();
    let mut row = |label: String, to: Contract, send: Option<Bytes>, check: Option<Read>| {
        rows.push(Link {
            label,
            to,
            send,
            check,
        })
    };
    let read = |call: Bytes, words: Vec<Option<B256>>| Some(Read { call, words });
    let set_by_constructor =
        |row: &mut dyn FnMut(String, Contract, Option<Bytes>, Option<Read>),
         to: Contract,
         what: &str,
         call: Bytes,
         value: Address| {
            row(
                format!("{}: {what}", short(to)),
                to,
                None,
                Some(Read {
                    call,
                    words: vec![w(value)],
                }),
            )
        };

    // What the constructors set.
    set_by_constructor(
        &mut row,
        SAidVault,
        "asset",
        enc(ISAidVault::assetCall::new(())),
        tok,
    );
    set_by_constructor(
        &mut row,
        AidMinter,
        "registry",
        enc(IAidMinter::registryCall::new(())),
        reg,
    );
    set_by_constructor(
        &mut row,
        AidMinter,
        "AID",
        enc(IAidMinter::aidCall::new(())),
        tok,
    );
    set_by_constructor(
        &mut row,
        AidLiquidator,
        "minter",
        enc(IAidLiquidator::minterCall::new(())),
        min,
    );
    set_by_constructor(
        &mut row,
        AidLiquidator,
        "registry",
        enc(IAidLiquidator::registryCall::new(())),
        reg,
    );
    set_by_constructor(
        &mut row,
        AidLiquidator,
        "AID",
        enc(IAidLiquidator::aidCall::new(())),
        tok,
    );

    // Wiring, as the deployer (the first admin of every contract).
    row(
        "AID: AidMinter may mint without limit".into(),
        AidToken,
        Some(enc(IAidToken::configureMinterCall::new((min, U256::MAX)))),
        read(
            enc(IAidToken::minterAllowanceCall::new((min,))),
            vec![w(U256::MAX)],
        ),
    );
    row(
        "AID: AidMinter is a minter".into(),
        AidToken,
        None,
        read(enc(IAidToken::isMinterCall::new((min,))), vec![w(true)]),
    );
    row(
        "vault: AidMinter distributes yield".into(),
        SAidVault,
        Some(grant(Role::YieldDistributor, min)),
        Some(has_role(Role::YieldDistributor, min, true)),
    );
    row(
        "vault: AidLiquidator absorbs losses".into(),
        SAidVault,
        Some(grant(Role::LossAbsorber, liq)),
        Some(has_role(Role::LossAbsorber, liq, true)),
    );
    let v = &cfg.vault;
    row(
        "vault: vesting period".into(),
        SAidVault,
        Some(enc(ISAidVault::setVestingPeriodCall::new((
            v.vesting_period_secs,
        )))),
        read(
            enc(ISAidVault::vestingPeriodCall::new(())),
            vec![w(v.vesting_period_secs)],
        ),
    );
    let cap = v.deposit_cap()?;
    row(
        "vault: deposit cap".into(),
        SAidVault,
        Some(enc(ISAidVault::setDepositCapCall::new((cap,)))),
        read(enc(ISAidVault::depositCapCall::new(())), vec![w(cap)]),
    );
    row(
        "minter: vault".into(),
        AidMinter,
        Some(enc(IAidMinter::setVaultCall::new((vau,)))),
        read(enc(IAidMinter::vaultCall::new(())), vec![w(vau)]),
    );
    row(
        "minter: liquidator".into(),
        AidMinter,
        Some(enc(IAidMinter::setLiquidatorCall::new((liq,)))),
        read(enc(IAidMinter::liquidatorCall::new(())), vec![w(liq)]),
    );
    row(
        "liquidator: treasury".into(),
        AidLiquidator,
        Some(enc(IAidLiquidator::setTreasuryCall::new((
            holders.treasury,
        )))),
        read(
            enc(IAidLiquidator::treasuryCall::new(())),
            vec![w(holders.treasury)],
        ),
    );

    // Parameters need RISK_ADMIN: the deployer holds it for the wiring and gives it up below
    // unless it is the configured risk admin.
    let deployer_keeps_risk = holders.risk_admin == deployer;
    for c in [GpuRegistry, AidMinter, AidLiquidator] {
        row(
            format!("{}: deployer is risk admin", short(c)),
            c,
            Some(grant(Role::RiskAdmin, deployer)),
            deployer_keeps_risk.then(|| has_role(Role::RiskAdmin, deployer, true)),
        );
    }
    let ap = &cfg.appraisal;
    row(
        "registry: appraisal limits".into(),
        GpuRegistry,
        Some(enc(IGpuRegistry::setAppraisalLimitsCall::new((
            ap.max_step_bps,
            ap.max_age_secs,
        )))),
        read(
            enc(IGpuRegistry::appraisalLimitsCall::new(())),
            vec![w(ap.max_step_bps), w(ap.max_age_secs)],
        ),
    );
    let (ceiling, dust, share) = (
        cfg.global_debt_ceiling()?,
        cfg.dust()?,
        cfg.global.savings_share_bps,
    );
    row(
        "minter: global parameters".into(),
        AidMinter,
        Some(enc(IAidMinter::setGlobalParamsCall::new((
            ceiling, dust, share,
        )))),
        read(
            enc(IAidMinter::globalParamsCall::new(())),
            vec![w(ceiling), w(dust), w(share)],
        ),
    );
    let a = &cfg.auction;
    let (keeper_tip, reset_tip) = (a.keeper_tip()?, a.reset_tip()?);
    row(
        "liquidator: auction parameters".into(),
        AidLiquidator,
        Some(enc(IAidLiquidator::setAuctionParamsCall::new((
            a.start_bps,
            a.duration_secs,
            a.floor_bps,
            a.liquidation_penalty_bps,
            a.keeper_fee_bps,
            keeper_tip,
            reset_tip,
        )))),
        read(
            enc(IAidLiquidator::auctionParamsCall::new(())),
            vec![
                w(a.start_bps),
                w(a.duration_secs),
                w(a.floor_bps),
                w(a.liquidation_penalty_bps),
                w(a.keeper_fee_bps),
                w(keeper_tip),
                w(reset_tip),
            ],
        ),
    );
    let target = cfg.surplus_buffer_target()?;
    row(
        "liquidator: surplus buffer target".into(),
        AidLiquidator,
        Some(enc(IAidLiquidator::setSurplusBufferTargetCall::new((
            target,
        )))),
        read(
            enc(IAidLiquidator::surplusBufferTargetCall::new(())),
            vec![w(target)],
        ),
    );
    for m in &cfg.models {
        row(
            format!("registry: model {}", m.name),
            GpuRegistry,
            Some(enc(IGpuRegistry::configureModelCall::new((
                m.id(),
                m.useful_life_secs,
                m.residual_bps,
                true,
            )))),
            read(
                enc(IGpuRegistry::modelCall::new((m.id(),))),
                vec![w(m.useful_life_secs), w(m.residual_bps), w(true)],
            ),
        );
        let model_ceiling = m.debt_ceiling()?;
        row(
            format!("minter: credit parameters of {}", m.name),
            AidMinter,
            Some(enc(IAidMinter::setModelParamsCall::new((
                m.id(),
                m.min_collateral_ratio_bps,
                m.liquidation_ratio_bps,
                m.stability_fee_apr_bps,
                model_ceiling,
            )))),
            read(
                enc(IAidMinter::modelParamsCall::new((m.id(),))),
                vec![
                    w(m.min_collateral_ratio_bps),
                    w(m.liquidation_ratio_bps),
                    w(m.stability_fee_apr_bps),
                    None,
                    w(model_ceiling),
                ],
            ),
        );
    }

    // Roles to their holders, then the deployer steps back from what it does not hold by config.
    let mut give = |c: Contract, what: &str, role: Role, to: Address| {
        row(
            format!("{}: {what}", short(c)),
            c,
            Some(grant(role, to)),
            Some(has_role(role, to, true)),
        )
    };
    give(GpuRegistry, "registrar", Role::Registrar, holders.registrar);
    give(GpuRegistry, "appraiser", Role::Appraiser, holders.appraiser);
    for c in [GpuRegistry, AidMinter, SAidVault] {
        give(c, "pauser", Role::Pauser, holders.pauser);
    }
    if !deployer_keeps_risk {
        for c in [GpuRegistry, AidMinter, AidLiquidator] {
            give(c, "risk admin", Role::RiskAdmin, holders.risk_admin);
        }
        for c in [GpuRegistry, AidLiquidator, AidMinter] {
            row(
                format!("{}: deployer leaves risk admin", short(c)),
                c,
                Some(renounce(Role::RiskAdmin, deployer)),
                Some(has_role(Role::RiskAdmin, deployer, false)),
            );
        }
    }
    let admin = holders.admin;
    if admin != deployer {
        row(
            "AID: minter admin".into(),
            AidToken,
            Some(grant(Role::MinterAdmin, admin)),
            Some(has_role(Role::MinterAdmin, admin, true)),
        );
        row(
            "AID: deployer leaves minter admin".into(),
            AidToken,
            Some(renounce(Role::MinterAdmin, deployer)),
            Some(has_role(Role::MinterAdmin, deployer, false)),
        );
        for c in Contract::ALL {
            row(
                format!("{}: admin", short(c)),
                c,
                Some(grant(Role::DefaultAdmin, admin)),
                Some(has_role(Role::DefaultAdmin, admin, true)),
            );
        }
        for c in Contract::ALL {
            row(
                format!("{}: deployer leaves admin", short(c)),
                c,
                Some(renounce(Role::DefaultAdmin, deployer)),
                Some(has_role(Role::DefaultAdmin, deployer, false)),
            );
        }
    } else {
        row(
            "AID: minter admin".into(),
            AidToken,
            None,
            Some(has_role(Role::MinterAdmin, admin, true)),
        );
        for c in Contract::ALL {
            row(
                format!("{}: admin", short(c)),
                c,
                None,
                Some(has_role(Role::DefaultAdmin, admin, true)),
            );
        }
    }
    Ok(rows)
}

/// The `initData` of a contract's constructor: the deployer is its first admin, and it names the
/// contracts deployed before it.
pub fn constructor(c: Contract, deployer: Address, at: &dyn Fn(Contract) -> Address) -> Bytes {
    use Contract::*;
    match c {
        GpuRegistry | AidToken => constructor_call((deployer,)),
        AidMinter => constructor_call((deployer, at(GpuRegistry), at(AidToken))),
        SAidVault => constructor_call((deployer, at(AidToken))),
        AidLiquidator => constructor_call((deployer, at(AidMinter), at(GpuRegistry), at(AidToken))),
    }
}

/// The label of a contract's deployment step.
pub fn deploy_label(c: Contract) -> String {
    format!("deploy {c}")
}

/// Every step's label in order: the five deployments, then every wiring transaction.
pub fn plan(cfg: &Config, deployer: Address) -> Result<Vec<String>> {
    let holders = Holders::resolve(cfg, deployer);
    let mut steps: Vec<String> = Contract::ALL.iter().map(|&c| deploy_label(c)).collect();
    steps.extend(
        links(cfg, &holders, deployer, &|_| Address::ZERO)?
            .into_iter()
            .filter(|l| l.send.is_some())
            .map(|l| l.label),
    );
    Ok(steps)
}

/// A connection that sends the deployment's transactions from one account.
pub struct Deployer<'a> {
    provider: &'a DynProvider,
    from: Address,
    log: &'a (dyn Fn(&str) + Sync),
    receipt_timeout: Duration,
    last_block: u64,
}

impl<'a> Deployer<'a> {
    /// Uses `provider` (which must sign for `from`) and reports progress through `log`.
    pub fn new(provider: &'a DynProvider, from: Address, log: &'a (dyn Fn(&str) + Sync)) -> Self {
        Self {
            provider,
            from,
            log,
            receipt_timeout: DEFAULT_RECEIPT_TIMEOUT,
            last_block: 0,
        }
    }

    /// How long to wait for each receipt.
    pub fn with_receipt_timeout(mut self, timeout: Duration) -> Self {
        self.receipt_timeout = timeout;
        self
    }

    /// Waits for a receipt, saying every few seconds that it still waits, and up to the receipt
    /// timeout.
    async fn receipt(
        &mut self,
        what: &str,
        pending: PendingTransactionBuilder<alloy::network::Ethereum>,
    ) -> Result<TransactionReceipt> {
        let hash = *pending.tx_hash();
        let started = Instant::now();
        let wait = pending
            .with_timeout(Some(self.receipt_timeout))
            .get_receipt();
        tokio::pin!(wait);
        let mut tick =
            tokio::time::interval_at(tokio::time::Instant::now() + PROGRESS_EVERY, PROGRESS_EVERY);
        let receipt = loop {
            tokio::select! {
                r = &mut wait => break r,
                _ = tick.tick() => (self.log)(&format!(
                    "  {what}: waiting for {hash} to be mined ({} s)",
                    started.elapsed().as_secs()
                )),
            }
        }
        .map_err(|e| {
            anyhow!(
                "{what}: no receipt for {hash} after {} s ({e}); the book keeps it as pending and the next run picks it up",
                started.elapsed().as_secs()
            )
        })?;
        ensure!(receipt.status(), "{what}: transaction {hash} reverted");
        self.last_block = self
            .last_block
            .max(receipt.block_number.unwrap_or_default());
        Ok(receipt)
    }

    /// Sends a transaction (its gas estimated first: a call that would revert is refused with
    /// the decoded custom error, and nothing is sent), calls `on_sent` with its hash as soon as
    /// the node has it, and waits for a successful receipt.
    pub async fn send_tx(
        &mut self,
        what: &str,
        tx: TransactionRequest,
        on_sent: &mut (dyn FnMut(B256) -> Result<()> + Send),
    ) -> Result<TransactionReceipt> {
        let tx = tx.with_from(self.from);
        let pending = self.provider.send_transaction(tx).await.map_err(|e| {
            let data = e.as_error_resp().and_then(|r| r.as_revert_data());
            match data {
                Some(d) => anyhow!("{what}: reverted: {}", aid_interfaces::describe_revert(&d)),
                None => anyhow!("{what}: {e}"),
            }
        })?;
        on_sent(*pending.tx_hash())?;
        let receipt = self.receipt(what, pending).await?;
        (self.log)(&format!("  {what} (gas {})", receipt.gas_used));
        Ok(receipt)
    }

    /// Sends one contract call and waits for a successful receipt; a revert is explained with the
    /// protocol's custom error names.
    pub async fn send<P: Provider, D: CallDecoder>(
        &mut self,
        what: &str,
        call: CallBuilder<P, D>,
    ) -> Result<TransactionReceipt> {
        let pending = call
            .from(self.from)
            .send()
            .await
            .map_err(|e| anyhow!("{what}: {}", explain(&e)))?;
        let receipt = self.receipt(what, pending).await?;
        (self.log)(&format!("  {what} (gas {})", receipt.gas_used));
        Ok(receipt)
    }

    /// What activating `code` costs: ArbWasm's data fee, asked with the code placed at a scratch
    /// address by a state override, plus 20% headroom (the factory refunds what is not used).
    async fn activation_value(&self, code: &Bytes) -> U256 {
        let probe = Address::from_slice(&keccak256(code)[12..]);
        let overrides = StateOverridesBuilder::default()
            .with_code(probe, code.clone())
            .with_balance(self.from, U256::from(10).pow(U256::from(24)))
            .build();
        let wasm = IArbWasm::new(ARB_WASM, self.provider);
        match wasm
            .activateProgram(probe)
            .from(self.from)
            .value(U256::from(10).pow(U256::from(20)))
            .state(overrides)
            .call()
            .await
        {
            Ok(r) => r.dataFee * U256::from(12) / U256::from(10),
            Err(e) => {
                // Nodes without state overrides: send a fixed amount; the factory refunds the excess.
                let fallback = U256::from(10).pow(U256::from(16));
                (self.log)(&format!(
                    "  activation fee not estimated ({e}); sending {fallback} wei, excess refunded"
                ));
                fallback
            }
        }
    }

    /// The deployment transaction of a program: the StylusDeployer creates, activates and runs
    /// its constructor in one transaction, so no one can front-run the initialisation.
    async fn deploy_tx(&self, code: &Bytes, init: Bytes) -> TransactionRequest {
        let value = self.activation_value(code).await;
        let call = IStylusDeployer::deployCall {
            // The same init code `cargo stylus deploy` sends: it returns the program as the account's code.
            bytecode: devnode::deploy_init_code(code).into(),
            initData: init,
            initValue: U256::ZERO,
            salt: B256::ZERO,
        };
        TransactionRequest::default()
            .with_to(STYLUS_DEPLOYER)
            .with_input(call.abi_encode())
            .with_value(value)
    }

    /// Deploys one Stylus program through the StylusDeployer; `on_sent` gets the transaction's
    /// hash as soon as it is sent.
    pub async fn deploy_recorded(
        &mut self,
        name: &str,
        code: &Bytes,
        init: Bytes,
        on_sent: &mut (dyn FnMut(B256) -> Result<()> + Send),
    ) -> Result<(Entry, Sent)> {
        let tx = self.deploy_tx(code, init).await;
        let what = format!("deploy {name}");
        let receipt = self.send_tx(&what, tx, on_sent).await?;
        let entry = entry_from(name, code, &receipt)?;
        (self.log)(&format!("{name}: {}", entry.address));
        Ok((entry, sent_from(&what, &receipt)))
    }

    /// Deploys one Stylus program through the StylusDeployer: create, activate and run its
    /// constructor in one transaction.
    pub async fn deploy_program(&mut self, name: &str, code: Bytes, init: Bytes) -> Result<Entry> {
        let (entry, _) = self
            .deploy_recorded(name, &code, init, &mut |_| Ok(()))
            .await?;
        Ok(entry)
    }
}

/// The book entry of a program deployed by `receipt` (the factory's `ContractDeployed` event
/// names the address).
fn entry_from(name: &str, code: &Bytes, receipt: &TransactionReceipt) -> Result<Entry> {
    let address = receipt
        .inner
        .logs()
        .iter()
        .filter(|l| l.address() == STYLUS_DEPLOYER)
        .find_map(|l| IStylusDeployer::ContractDeployed::decode_log_data(l.data()).ok())
        .map(|e| e.deployedContract)
        .with_context(|| {
            format!(
                "deploy {name}: no ContractDeployed event in {}",
                receipt.transaction_hash
            )
        })?;
    Ok(Entry {
        address,
        tx_hash: receipt.transaction_hash,
        block: receipt.block_number.unwrap_or_default(),
        codehash: keccak256(code),
        code_bytes: code.len(),
        gas_used: receipt.gas_used,
    })
}

/// How a run goes.
pub struct Options<'a> {
    /// Directory the book is written to after every step (`None`: kept in memory, e.g. for a
    /// rehearsal).
    pub out: Option<PathBuf>,
    /// Progress lines.
    pub log: &'a (dyn Fn(&str) + Sync),
    /// Stop with an error after sending this many transactions (a fault injected by tests, to
    /// prove that a run killed part-way resumes).
    pub fail_after: Option<usize>,
    /// How long to wait for each receipt.
    pub receipt_timeout: Duration,
}

impl<'a> Options<'a> {
    /// Book kept in memory, no fault, the default receipt timeout.
    pub fn new(log: &'a (dyn Fn(&str) + Sync)) -> Self {
        Self {
            out: None,
            log,
            fail_after: None,
            receipt_timeout: DEFAULT_RECEIPT_TIMEOUT,
        }
    }
}

/// A transaction a run sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The step.
    pub step: String,
    /// Its hash.
    pub tx_hash: B256,
    /// Gas it used.
    pub gas_used: u64,
    /// What it paid for gas (gas used × effective gas price), in wei.
    pub fee: U256,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The book, complete and verified.
    pub book: AddressBook,
    /// The transactions this run sent, in order (none for a finished deployment).
    pub sent: Vec<Sent>,
}

fn save(opts: &Options, book: &AddressBook) -> Result<()> {
    if let Some(dir) = &opts.out {
        book.write(dir)?;
    }
    Ok(())
}

fn sent_from(step: &str, r: &TransactionReceipt) -> Sent {
    Sent {
        step: step.to_string(),
        tx_hash: r.transaction_hash,
        gas_used: r.gas_used,
        fee: U256::from(r.gas_used) * U256::from(r.effective_gas_price),
    }
}

/// Checks that the book fits this chain, account and configuration, and that what it says is on
/// the chain is there: each contract's code, each wiring transaction's successful receipt; a
/// transaction left pending is looked up (a mined one is recorded, one the node no longer knows
/// is dropped and will be sent again). Returns the book brought up to date (and written).
pub async fn reconcile(
    provider: &DynProvider,
    from: Address,
    cfg: &Config,
    programs: &Programs,
    mut book: AddressBook,
    opts: &Options<'_>,
) -> Result<AddressBook> {
    let log = opts.log;
    let chain_id = provider.get_chain_id().await.context("eth_chainId")?;
    ensure!(
        book.chain_id == chain_id,
        "the address book is for chain {}, the node is chain {chain_id}",
        book.chain_id
    );
    ensure!(
        book.deployer == from,
        "the address book's deployment was sent by {}, not by this key's {from}: use that key, or --fresh to start over",
        book.deployer
    );
    let holders = Holders::resolve(cfg, from).all();
    let models: Vec<ModelEntry> = cfg
        .models
        .iter()
        .map(|m| ModelEntry {
            name: m.name.clone(),
            id: m.id(),
        })
        .collect();
    let started = !book.contracts.is_empty() || book.pending.is_some();
    if started && (book.roles != holders || book.models != models) {
        bail!(
            "the configuration's roles or models differ from those of the deployment the address book records: \
             restore that configuration, or --fresh to start over"
        );
    }
    book.roles = holders;
    book.models = models;

    if let Some(p) = book.pending.take() {
        log(&format!(
            "checking {} ({}), left pending",
            p.tx_hash, p.step
        ));
        match pending_receipt(provider, &p, opts).await? {
            Some(r) => {
                log(&format!(
                    "  {} was mined in block {}",
                    p.step,
                    r.block_number.unwrap_or_default()
                ));
                if let Some(c) = Contract::ALL
                    .into_iter()
                    .find(|&c| deploy_label(c) == p.step)
                {
                    book.contracts
                        .insert(c, entry_from(c.name(), &programs[&c], &r)?);
                } else {
                    let at = |c: Contract| {
                        book.contracts
                            .get(&c)
                            .map(|e| e.address)
                            .unwrap_or_default()
                    };
                    let holders = Holders::resolve(cfg, from);
                    let next = links(cfg, &holders, from, &at)?
                        .into_iter()
                        .filter(|l| l.send.is_some())
                        .nth(book.wiring.len())
                        .with_context(|| {
                            format!("the pending step {:?} is not in the plan", p.step)
                        })?;
                    ensure!(
                        next.label == p.step,
                        "the pending step {:?} is not the next one in the plan ({:?}): --fresh to start over",
                        p.step,
                        next.label
                    );
                    book.wiring.push(TxRecord {
                        step: p.step.clone(),
                        input_hash: keccak256(next.send.as_ref().expect("sent rows have data")),
                        tx_hash: p.tx_hash,
                        block: r.block_number.unwrap_or_default(),
                        gas_used: r.gas_used,
                    });
                }
                book.block_number = book.block_number.max(r.block_number.unwrap_or_default());
            }
            None => log(&format!("  {} did not land; it will be sent again", p.step)),
        }
        save(opts, &book)?;
    }

    let mut bad = Vec::new();
    for (c, e) in &book.contracts {
        let code = provider
            .get_code_at(e.address)
            .await
            .with_context(|| format!("reading the code of {c} at {}", e.address))?;
        if keccak256(&code) != e.codehash {
            bad.push(format!(
                "{c}: the book says it is at {} but the code there is not what was deployed",
                e.address
            ));
        }
        if programs.get(c).is_some_and(|p| keccak256(p) != e.codehash) {
            log(&format!(
                "note: {c} at {} was deployed from another build than the one in the WASM directory",
                e.address
            ));
        }
    }
    for rec in &book.wiring {
        let r = provider
            .get_transaction_receipt(rec.tx_hash)
            .await
            .with_context(|| format!("reading the receipt of {}", rec.tx_hash))?;
        match r {
            Some(r) if r.status() => {}
            Some(_) => bad.push(format!(
                "{}: transaction {} reverted",
                rec.step, rec.tx_hash
            )),
            None => bad.push(format!(
                "{}: the node has no transaction {} (another chain, or a node that was reset?)",
                rec.step, rec.tx_hash
            )),
        }
    }
    if !bad.is_empty() {
        bail!(
            "the address book does not match the chain; --fresh starts over:\n  - {}",
            bad.join("\n  - ")
        );
    }
    Ok(book)
}

/// The successful receipt of a transaction left pending, waiting for it if the node still has
/// it; `None` when it reverted or the node no longer knows it (the step is then sent again).
async fn pending_receipt(
    provider: &DynProvider,
    p: &Pending,
    opts: &Options<'_>,
) -> Result<Option<TransactionReceipt>> {
    if let Some(r) = provider.get_transaction_receipt(p.tx_hash).await? {
        return Ok(r.status().then_some(r));
    }
    if provider.get_transaction_by_hash(p.tx_hash).await?.is_none() {
        return Ok(None);
    }
    let started = Instant::now();
    while started.elapsed() < opts.receipt_timeout {
        tokio::time::sleep(Duration::from_secs(2)).await;
        if let Some(r) = provider.get_transaction_receipt(p.tx_hash).await? {
            return Ok(r.status().then_some(r));
        }
    }
    bail!(
        "{} ({}) is still not mined after {} s; run again later",
        p.tx_hash,
        p.step,
        opts.receipt_timeout.as_secs()
    )
}

/// Sends every step the book does not have yet, recording each as it happens, then reads every
/// link back. On a finished deployment it sends nothing and only verifies.
pub async fn execute(
    provider: &DynProvider,
    from: Address,
    cfg: &Config,
    programs: &Programs,
    book: AddressBook,
    opts: &Options<'_>,
) -> Result<Outcome> {
    cfg.validate()?;
    let mut book = reconcile(provider, from, cfg, programs, book, opts).await?;
    let log = opts.log;
    let chain_id = book.chain_id;
    let factory_code = provider
        .get_code_at(STYLUS_DEPLOYER)
        .await
        .context("eth_getCode")?;
    if factory_code.is_empty() {
        bail!(
            "no StylusDeployer at {STYLUS_DEPLOYER} on chain {chain_id}: is this a Stylus chain?"
        );
    }
    let holders = Holders::resolve(cfg, from);
    let mut d = Deployer::new(provider, from, log).with_receipt_timeout(opts.receipt_timeout);
    let mut sent = Vec::new();
    let total = plan(cfg, from)?.len();
    let mut step_no = book.contracts.len() + book.wiring.len();
    let fault = |sent: &Vec<Sent>| match opts.fail_after {
        Some(n) if sent.len() >= n => Err(anyhow!(
            "injected failure after {n} transactions (fail_after)"
        )),
        _ => Ok(()),
    };
    if step_no < total {
        log(&format!(
            "deploying AID Protocol to chain {chain_id} from {from}: {step_no} of {total} steps done"
        ));
    }

    // 1. Contracts. The deployer is the first admin of each, so it can wire them; the configured
    //    admin takes over at the end.
    for c in Contract::ALL {
        if book.contracts.contains_key(&c) {
            continue;
        }
        fault(&sent)?;
        step_no += 1;
        let label = deploy_label(c);
        log(&format!("[{step_no}/{total}] {label}"));
        let at = |c: Contract| {
            book.contracts
                .get(&c)
                .map(|e| e.address)
                .unwrap_or_default()
        };
        let init = constructor(c, from, &at);
        let mut record = |hash: B256| {
            book.pending = Some(Pending {
                step: label.clone(),
                tx_hash: hash,
            });
            save(opts, &book)
        };
        let (entry, done) = d
            .deploy_recorded(c.name(), &programs[&c], init, &mut record)
            .await?;
        sent.push(done);
        book.pending = None;
        book.block_number = book.block_number.max(entry.block);
        book.contracts.insert(c, entry);
        save(opts, &book)?;
    }
    let addresses: BTreeMap<Contract, Address> = book
        .contracts
        .iter()
        .map(|(c, e)| (*c, e.address))
        .collect();
    let at = |c: Contract| addresses[&c];
    let table = links(cfg, &holders, from, &at)?;
    let sends: Vec<&Link> = table.iter().filter(|l| l.send.is_some()).collect();

    // 2. Wiring and roles, from the first step the book does not have.
    for (i, rec) in book.wiring.iter().enumerate() {
        let step = sends.get(i).with_context(|| {
            format!(
                "the book has more wiring steps than the plan ({}): --fresh",
                sends.len()
            )
        })?;
        ensure!(
            step.label == rec.step
                && keccak256(step.send.as_ref().expect("sent rows have data")) == rec.input_hash,
            "wiring step {} of the book ({:?}) is not what this configuration sends there ({:?}): \
             restore the configuration the deployment started with, or --fresh",
            i + 1,
            rec.step,
            step.label
        );
    }
    if book.wiring.len() < sends.len() {
        log("wiring and roles");
    }
    for link in &sends[book.wiring.len()..] {
        fault(&sent)?;
        step_no += 1;
        log(&format!("[{step_no}/{total}] {}", link.label));
        let input = link.send.clone().expect("sent rows have data");
        let tx = TransactionRequest::default()
            .with_to(at(link.to))
            .with_input(input.clone());
        let mut record = |hash: B256| {
            book.pending = Some(Pending {
                step: link.label.clone(),
                tx_hash: hash,
            });
            save(opts, &book)
        };
        let r = d.send_tx(&link.label, tx, &mut record).await?;
        let block = r.block_number.unwrap_or_default();
        sent.push(sent_from(&link.label, &r));
        book.pending = None;
        book.block_number = book.block_number.max(block);
        book.wiring.push(TxRecord {
            step: link.label.clone(),
            input_hash: keccak256(&input),
            tx_hash: r.transaction_hash,
            block,
            gas_used: r.gas_used,
        });
        save(opts, &book)?;
    }
    if sent.is_empty() {
        log("nothing to send: every step is in the address book");
    }

    // 3. Everything reads back as configured.
    verify(provider, &book, cfg).await?;
    book.complete = true;
    save(opts, &book)?;
    log("verified: every link reads back as configured");
    Ok(Outcome { book, sent })
}

/// Deploys, wires and verifies the whole protocol from scratch; returns the address book (kept in
/// memory, not written). What the integration tests and examples use.
pub async fn deploy_protocol(
    provider: &DynProvider,
    from: Address,
    wasm_dir: &Path,
    cfg: &Config,
    log: &(dyn Fn(&str) + Sync),
) -> Result<AddressBook> {
    let programs = load_programs(wasm_dir)?;
    let chain_id = provider.get_chain_id().await.context("eth_chainId")?;
    let outcome = execute(
        provider,
        from,
        cfg,
        &programs,
        AddressBook::new(chain_id, from),
        &Options::new(log),
    )
    .await?;
    Ok(outcome.book)
}

/// Reads every row of the wiring table back, and checks each contract's code and activation;
/// fails listing each mismatch.
pub async fn verify(provider: &DynProvider, book: &AddressBook, cfg: &Config) -> Result<()> {
    let mut bad = Vec::new();
    let wasm = IArbWasm::new(ARB_WASM, provider);
    for c in Contract::ALL {
        let Some(entry) = book.contracts.get(&c) else {
            bad.push(format!("{c}: not deployed (not in the address book)"));
            continue;
        };
        let code = provider.get_code_at(entry.address).await?;
        if keccak256(&code) != entry.codehash {
            bad.push(format!(
                "{c}: code at {} is not what was deployed",
                entry.address
            ));
        }
        let version = wasm.programVersion(entry.address).call().await.unwrap_or(0);
        if version == 0 {
            bad.push(format!(
                "{c}: program at {} is not activated",
                entry.address
            ));
        }
    }
    if !bad.is_empty() {
        bail!(
            "deployment does not read back as configured:\n  - {}",
            bad.join("\n  - ")
        );
    }
    let addresses: BTreeMap<Contract, Address> = book
        .contracts
        .iter()
        .map(|(c, e)| (*c, e.address))
        .collect();
    let holders = Holders::resolve(cfg, book.deployer);
    let table = links(cfg, &holders, book.deployer, &|c| addresses[&c])?;
    for link in &table {
        let Some(read) = &link.check else { continue };
        let tx = TransactionRequest::default()
            .with_to(addresses[&link.to])
            .with_input(read.call.clone());
        match provider.call(tx).await {
            Ok(out) => {
                let got: Vec<B256> = out.chunks(32).map(B256::right_padding_from).collect();
                let differs = read.words.len() > got.len()
                    || read
                        .words
                        .iter()
                        .zip(&got)
                        .any(|(want, got)| want.is_some_and(|w| w != *got));
                if differs {
                    bad.push(format!("{} differs", link.label));
                }
            }
            Err(e) => bad.push(format!("{}: cannot read it back: {e}", link.label)),
        }
    }
    if bad.is_empty() {
        Ok(())
    } else {
        bail!(
            "deployment does not read back as configured:\n  - {}",
            bad.join("\n  - ")
        )
    }
}

/// Sends a plain value transfer (used to fund accounts on a local chain).
pub async fn fund(provider: &DynProvider, from: Address, to: Address, wei: U256) -> Result<()> {
    let tx = TransactionRequest::default()
        .with_from(from)
        .with_to(to)
        .with_value(wei);
    let r = provider.send_transaction(tx).await?.get_receipt().await?;
    ensure!(r.status(), "funding {to} failed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(extra: &str) -> Config {
        Config::parse(&format!(
            "{}{extra}",
            include_str!("../config/devnode.toml")
        ))
        .unwrap()
    }

    #[test]
    fn the_plan_has_unique_steps_and_hands_over_roles_only_when_asked() {
        let me = Address::repeat_byte(1);
        let local = plan(&cfg(""), me).unwrap();
        let set: std::collections::HashSet<_> = local.iter().collect();
        assert_eq!(set.len(), local.len(), "labels must be unique: {local:?}");
        assert_eq!(local[0], "deploy GpuRegistry");
        assert!(!local.iter().any(|s| s.contains("leaves")));
        let admin = "0x5B38Da6a701c568545dCfcB03FcB875f56beddC4";
        let handed = plan(
            &cfg(&format!(
                "\n[roles]\nadmin = \"{admin}\"\nrisk_admin = \"{admin}\"\n"
            )),
            me,
        )
        .unwrap();
        assert_eq!(handed.last().unwrap(), "liquidator: deployer leaves admin");
        // 5 deployments, 8 + 3 + 4 + 2 per model wiring, 5 role grants; then 3 + 3 risk admin
        // and 2 + 5 + 5 admin hand-over steps.
        assert_eq!(local.len(), 5 + 15 + 4 + 5);
        assert_eq!(handed.len(), local.len() + 6 + 12);
    }

    #[test]
    fn temporary_roles_are_not_read_back_but_their_renunciation_is() {
        let me = Address::repeat_byte(1);
        let other = Address::repeat_byte(2);
        let c = cfg(&format!("\n[roles]\nrisk_admin = \"{other}\"\n"));
        let table = links(&c, &Holders::resolve(&c, me), me, &|_| Address::ZERO).unwrap();
        let row = |l: &str| table.iter().find(|r| r.label == l).unwrap();
        assert!(row("minter: deployer is risk admin").check.is_none());
        assert_eq!(
            row("minter: deployer leaves risk admin").check,
            Some(has_role(Role::RiskAdmin, me, false))
        );
        assert!(row("vault: asset").send.is_none());
    }
}
