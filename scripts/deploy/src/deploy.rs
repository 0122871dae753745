//! Deploys the five contracts through the StylusDeployer factory, wires them, hands the admin role
//! over, and reads every link back.

use std::{collections::BTreeMap, path::Path};

use aid_interfaces::{
    liquidator::IAidLiquidator, minter::IAidMinter, registry::IGpuRegistry, token::IAidToken,
    vault::ISAidVault,
};
use alloy::{
    contract::{CallBuilder, CallDecoder},
    network::TransactionBuilder,
    primitives::{keccak256, Address, Bytes, B256, U256},
    providers::{DynProvider, Provider},
    rpc::types::{state::StateOverridesBuilder, TransactionReceipt, TransactionRequest},
    sol_types::SolEvent,
};
use anyhow::{anyhow, bail, ensure, Context, Result};

use crate::{
    book::{AddressBook, Entry, ModelEntry},
    chain::{constructor_call, IArbWasm, IStylusDeployer, ARB_WASM, STYLUS_DEPLOYER},
    config::{aid_amount, Config},
    errors::explain,
};

/// The contracts in deployment order: (address-book name, WASM file stem).
pub const CONTRACTS: [(&str, &str); 5] = [
    ("GpuRegistry", "gpu_registry"),
    ("AidToken", "aid_token"),
    ("AidMinter", "aid_minter"),
    ("SAidVault", "said_vault"),
    ("AidLiquidator", "aid_liquidator"),
];

/// `bytes32(0)`: OpenZeppelin's DEFAULT_ADMIN_ROLE.
pub const DEFAULT_ADMIN_ROLE: B256 = B256::ZERO;

/// An AccessControl role id: `keccak256(name)`.
pub fn role(name: &str) -> B256 {
    keccak256(name.as_bytes())
}

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

/// A connection that sends the deployment's transactions from one account.
pub struct Deployer<'a> {
    provider: &'a DynProvider,
    from: Address,
    log: &'a (dyn Fn(&str) + Sync),
    last_block: u64,
}

impl<'a> Deployer<'a> {
    /// Uses `provider` (which must sign for `from`) and reports progress through `log`.
    pub fn new(provider: &'a DynProvider, from: Address, log: &'a (dyn Fn(&str) + Sync)) -> Self {
        Self {
            provider,
            from,
            log,
            last_block: 0,
        }
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
        let receipt = pending
            .get_receipt()
            .await
            .with_context(|| format!("{what}: no receipt"))?;
        ensure!(
            receipt.status(),
            "{what}: transaction {} reverted",
            receipt.transaction_hash
        );
        self.last_block = self
            .last_block
            .max(receipt.block_number.unwrap_or_default());
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

    /// Deploys one Stylus program through the StylusDeployer: create, activate and run its
    /// constructor in one transaction, so no one can front-run the initialisation.
    pub async fn deploy_program(&mut self, name: &str, code: Bytes, init: Bytes) -> Result<Entry> {
        let value = self.activation_value(&code).await;
        let factory = IStylusDeployer::new(STYLUS_DEPLOYER, self.provider);
        let receipt = self
            .send(
                &format!("deploy {name}"),
                factory
                    .call_builder(&IStylusDeployer::deployCall {
                        // The same init code `cargo stylus deploy` sends: it returns the program as the account's code.
                        bytecode: devnode::deploy_init_code(&code).into(),
                        initData: init,
                        initValue: U256::ZERO,
                        salt: B256::ZERO,
                    })
                    .value(value),
            )
            .await?;
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
        (self.log)(&format!("{name}: {address}"));
        Ok(Entry {
            address,
            tx_hash: receipt.transaction_hash,
            codehash: keccak256(&code),
            code_bytes: code.len(),
            gas_used: receipt.gas_used,
        })
    }
}

/// Role holders resolved against the deploying account.
#[derive(Debug, Clone, Copy)]
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

    fn by_name(&self) -> BTreeMap<String, Address> {
        [
            ("admin", self.admin),
            ("treasury", self.treasury),
            ("registrar", self.registrar),
            ("appraiser", self.appraiser),
            ("riskAdmin", self.risk_admin),
            ("pauser", self.pauser),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

/// Deploys, wires and verifies the whole protocol; returns the address book (not yet written).
pub async fn deploy_protocol(
    provider: &DynProvider,
    from: Address,
    wasm_dir: &Path,
    cfg: &Config,
    log: &(dyn Fn(&str) + Sync),
) -> Result<AddressBook> {
    cfg.validate()?;
    let chain_id = provider.get_chain_id().await.context("eth_chainId")?;
    let factory_code = provider
        .get_code_at(STYLUS_DEPLOYER)
        .await
        .context("eth_getCode")?;
    if factory_code.is_empty() {
        bail!(
            "no StylusDeployer at {STYLUS_DEPLOYER} on chain {chain_id}: is this a Stylus chain?"
        );
    }
    let programs = CONTRACTS
        .iter()
        .map(|(name, stem)| Ok((*name, load_program(wasm_dir, stem)?)))
        .collect::<Result<Vec<_>>>()?;
    let holders = Holders::resolve(cfg, from);
    let mut d = Deployer::new(provider, from, log);
    log(&format!(
        "deploying AID Protocol to chain {chain_id} from {from}"
    ));

    // 1. Contracts. The deployer is the first admin of each, so it can wire them; the configured
    //    admin takes over at the end.
    let mut contracts = BTreeMap::new();
    let code = |name: &str| {
        programs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| c.clone())
            .unwrap()
    };
    let registry = d
        .deploy_program(
            "GpuRegistry",
            code("GpuRegistry"),
            constructor_call((from,)),
        )
        .await?;
    let token = d
        .deploy_program("AidToken", code("AidToken"), constructor_call((from,)))
        .await?;
    let minter = d
        .deploy_program(
            "AidMinter",
            code("AidMinter"),
            constructor_call((from, registry.address, token.address)),
        )
        .await?;
    let vault = d
        .deploy_program(
            "SAidVault",
            code("SAidVault"),
            constructor_call((from, token.address)),
        )
        .await?;
    let liquidator = d
        .deploy_program(
            "AidLiquidator",
            code("AidLiquidator"),
            constructor_call((from, minter.address, registry.address, token.address)),
        )
        .await?;
    let (reg_a, tok_a, min_a, vau_a, liq_a) = (
        registry.address,
        token.address,
        minter.address,
        vault.address,
        liquidator.address,
    );
    contracts.insert("GpuRegistry".to_string(), registry);
    contracts.insert("AidToken".to_string(), token);
    contracts.insert("AidMinter".to_string(), minter);
    contracts.insert("SAidVault".to_string(), vault);
    contracts.insert("AidLiquidator".to_string(), liquidator);

    let reg = IGpuRegistry::new(reg_a, provider);
    let tok = IAidToken::new(tok_a, provider);
    let min = IAidMinter::new(min_a, provider);
    let vau = ISAidVault::new(vau_a, provider);
    let liq = IAidLiquidator::new(liq_a, provider);

    // 2. Wiring, as the deployer.
    log("wiring");
    d.send(
        "AID: AidMinter may mint without limit",
        tok.configureMinter(min_a, U256::MAX),
    )
    .await?;
    d.send(
        "vault: AidMinter distributes yield",
        vau.grantRole(role("YIELD_DISTRIBUTOR_ROLE"), min_a),
    )
    .await?;
    d.send(
        "vault: AidLiquidator absorbs losses",
        vau.grantRole(role("LOSS_ABSORBER_ROLE"), liq_a),
    )
    .await?;
    d.send(
        "vault: vesting period",
        vau.setVestingPeriod(cfg.vault.vesting_period_secs),
    )
    .await?;
    d.send(
        "vault: deposit cap",
        vau.setDepositCap(cfg.vault.deposit_cap()?),
    )
    .await?;
    d.send("minter: vault", min.setVault(vau_a)).await?;
    d.send("minter: liquidator", min.setLiquidator(liq_a))
        .await?;
    d.send("liquidator: treasury", liq.setTreasury(holders.treasury))
        .await?;

    // Parameters need RISK_ADMIN: the deployer holds it for the wiring and gives it up in step 3
    // unless it is the configured risk admin.
    let risk = role("RISK_ADMIN_ROLE");
    d.send(
        "registry: deployer is risk admin",
        reg.grantRole(risk, from),
    )
    .await?;
    d.send("minter: deployer is risk admin", min.grantRole(risk, from))
        .await?;
    d.send(
        "liquidator: deployer is risk admin",
        liq.grantRole(risk, from),
    )
    .await?;
    d.send(
        "registry: appraisal limits",
        reg.setAppraisalLimits(cfg.appraisal.max_step_bps, cfg.appraisal.max_age_secs),
    )
    .await?;
    let g = &cfg.global;
    d.send(
        "minter: global parameters",
        min.setGlobalParams(
            aid_amount("global.global_debt_ceiling", &g.global_debt_ceiling)?,
            aid_amount("global.dust", &g.dust)?,
            g.savings_share_bps,
        ),
    )
    .await?;
    let a = &cfg.auction;
    d.send(
        "liquidator: auction parameters",
        liq.setAuctionParams(
            a.start_bps,
            a.duration_secs,
            a.floor_bps,
            a.liquidation_penalty_bps,
            a.keeper_fee_bps,
            a.keeper_tip()?,
            a.reset_tip()?,
        ),
    )
    .await?;
    d.send(
        "liquidator: surplus buffer target",
        liq.setSurplusBufferTarget(aid_amount(
            "global.surplus_buffer_target",
            &g.surplus_buffer_target,
        )?),
    )
    .await?;
    for m in &cfg.models {
        d.send(
            &format!("registry: model {}", m.name),
            reg.configureModel(m.id(), m.useful_life_secs, m.residual_bps, true),
        )
        .await?;
        d.send(
            &format!("minter: credit parameters of {}", m.name),
            min.setModelParams(
                m.id(),
                m.min_collateral_ratio_bps,
                m.liquidation_ratio_bps,
                m.stability_fee_apr_bps,
                aid_amount("models.debt_ceiling", &m.debt_ceiling)?,
            ),
        )
        .await?;
    }

    // 3. Roles to their holders, then the deployer steps back from what it does not hold by config.
    log("roles");
    let pauser = role("PAUSER_ROLE");
    d.send(
        "registry: registrar",
        reg.grantRole(role("REGISTRAR_ROLE"), holders.registrar),
    )
    .await?;
    d.send(
        "registry: appraiser",
        reg.grantRole(role("APPRAISER_ROLE"), holders.appraiser),
    )
    .await?;
    d.send("registry: pauser", reg.grantRole(pauser, holders.pauser))
        .await?;
    d.send("minter: pauser", min.grantRole(pauser, holders.pauser))
        .await?;
    d.send("vault: pauser", vau.grantRole(pauser, holders.pauser))
        .await?;
    if holders.risk_admin != from {
        d.send(
            "registry: risk admin",
            reg.grantRole(risk, holders.risk_admin),
        )
        .await?;
        d.send(
            "minter: risk admin",
            min.grantRole(risk, holders.risk_admin),
        )
        .await?;
        d.send(
            "liquidator: risk admin",
            liq.grantRole(risk, holders.risk_admin),
        )
        .await?;
        d.send(
            "registry: deployer leaves risk admin",
            reg.renounceRole(risk, from),
        )
        .await?;
        d.send(
            "liquidator: deployer leaves risk admin",
            liq.renounceRole(risk, from),
        )
        .await?;
        d.send(
            "minter: deployer leaves risk admin",
            min.renounceRole(risk, from),
        )
        .await?;
    }
    if holders.admin != from {
        let minter_admin = role("MINTER_ADMIN_ROLE");
        d.send(
            "AID: minter admin",
            tok.grantRole(minter_admin, holders.admin),
        )
        .await?;
        d.send(
            "AID: deployer leaves minter admin",
            tok.renounceRole(minter_admin, from),
        )
        .await?;
        d.send(
            "registry: admin",
            reg.grantRole(DEFAULT_ADMIN_ROLE, holders.admin),
        )
        .await?;
        d.send(
            "AID: admin",
            tok.grantRole(DEFAULT_ADMIN_ROLE, holders.admin),
        )
        .await?;
        d.send(
            "minter: admin",
            min.grantRole(DEFAULT_ADMIN_ROLE, holders.admin),
        )
        .await?;
        d.send(
            "vault: admin",
            vau.grantRole(DEFAULT_ADMIN_ROLE, holders.admin),
        )
        .await?;
        d.send(
            "liquidator: admin",
            liq.grantRole(DEFAULT_ADMIN_ROLE, holders.admin),
        )
        .await?;
        d.send(
            "registry: deployer leaves admin",
            reg.renounceRole(DEFAULT_ADMIN_ROLE, from),
        )
        .await?;
        d.send(
            "AID: deployer leaves admin",
            tok.renounceRole(DEFAULT_ADMIN_ROLE, from),
        )
        .await?;
        d.send(
            "minter: deployer leaves admin",
            min.renounceRole(DEFAULT_ADMIN_ROLE, from),
        )
        .await?;
        d.send(
            "vault: deployer leaves admin",
            vau.renounceRole(DEFAULT_ADMIN_ROLE, from),
        )
        .await?;
        d.send(
            "liquidator: deployer leaves admin",
            liq.renounceRole(DEFAULT_ADMIN_ROLE, from),
        )
        .await?;
    }

    let book = AddressBook {
        chain_id,
        deployer: from,
        block_number: d.last_block,
        contracts,
        roles: holders.by_name(),
        models: cfg
            .models
            .iter()
            .map(|m| ModelEntry {
                name: m.name.clone(),
                id: m.id(),
            })
            .collect(),
    };
    verify(provider, &book, cfg).await?;
    log("verified: every link reads back as configured");
    Ok(book)
}

/// Reads every link and parameter back from the chain; fails listing each mismatch.
pub async fn verify(provider: &DynProvider, book: &AddressBook, cfg: &Config) -> Result<()> {
    let (reg_a, tok_a, min_a, vau_a, liq_a) = (
        book.address("GpuRegistry")?,
        book.address("AidToken")?,
        book.address("AidMinter")?,
        book.address("SAidVault")?,
        book.address("AidLiquidator")?,
    );
    let holders = Holders::resolve(cfg, book.deployer);
    let reg = IGpuRegistry::new(reg_a, provider);
    let tok = IAidToken::new(tok_a, provider);
    let min = IAidMinter::new(min_a, provider);
    let vau = ISAidVault::new(vau_a, provider);
    let liq = IAidLiquidator::new(liq_a, provider);
    let wasm = IArbWasm::new(ARB_WASM, provider);
    let mut bad = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            bad.push(what)
        }
    };

    for (name, entry) in &book.contracts {
        let code = provider.get_code_at(entry.address).await?;
        check(
            keccak256(&code) == entry.codehash,
            format!("{name}: code at {} is not what was deployed", entry.address),
        );
        let version = wasm.programVersion(entry.address).call().await.unwrap_or(0);
        check(
            version > 0,
            format!("{name}: program at {} is not activated", entry.address),
        );
    }

    check(
        tok.isMinter(min_a).call().await?,
        "AID: AidMinter is not a minter".into(),
    );
    check(
        tok.minterAllowance(min_a).call().await? == U256::MAX,
        "AID: AidMinter's allowance is not unlimited".into(),
    );
    check(
        vau.asset().call().await? == tok_a,
        "vault: asset is not AID".into(),
    );
    check(
        vau.hasRole(role("YIELD_DISTRIBUTOR_ROLE"), min_a)
            .call()
            .await?,
        "vault: AidMinter lacks YIELD_DISTRIBUTOR_ROLE".into(),
    );
    check(
        vau.hasRole(role("LOSS_ABSORBER_ROLE"), liq_a)
            .call()
            .await?,
        "vault: AidLiquidator lacks LOSS_ABSORBER_ROLE".into(),
    );
    check(
        vau.vestingPeriod().call().await? == cfg.vault.vesting_period_secs,
        "vault: vesting period differs".into(),
    );
    check(
        vau.depositCap().call().await? == cfg.vault.deposit_cap()?,
        "vault: deposit cap differs".into(),
    );
    check(
        min.vault().call().await? == vau_a,
        "minter: vault is not SAidVault".into(),
    );
    check(
        min.registry().call().await? == reg_a,
        "minter: registry is not GpuRegistry".into(),
    );
    check(
        min.aid().call().await? == tok_a,
        "minter: AID is not AidToken".into(),
    );
    check(
        liq.treasury().call().await? == holders.treasury,
        "liquidator: treasury differs".into(),
    );
    check(
        liq.surplusBufferTarget().call().await?
            == aid_amount(
                "global.surplus_buffer_target",
                &cfg.global.surplus_buffer_target,
            )?,
        "liquidator: surplus buffer target differs".into(),
    );
    check(
        min.liquidator().call().await? == liq_a,
        "minter: liquidator is not AidLiquidator".into(),
    );
    check(
        liq.minter().call().await? == min_a
            && liq.registry().call().await? == reg_a
            && liq.aid().call().await? == tok_a,
        "liquidator: minter, registry or AID is not the deployed one".into(),
    );
    let a = &cfg.auction;
    let ap = liq.auctionParams().call().await?;
    check(
        (
            ap.auctionStartBps,
            ap.auctionDuration,
            ap.auctionFloorBps,
            ap.liquidationPenaltyBps,
            ap.keeperFeeBps,
            ap.keeperTip,
            ap.resetTip,
        ) == (
            a.start_bps,
            a.duration_secs,
            a.floor_bps,
            a.liquidation_penalty_bps,
            a.keeper_fee_bps,
            a.keeper_tip()?,
            a.reset_tip()?,
        ),
        "liquidator: auction parameters differ".into(),
    );

    for m in &cfg.models {
        let rm = reg.model(m.id()).call().await?;
        check(
            rm.usefulLife == m.useful_life_secs && rm.residualBps == m.residual_bps && rm.enabled,
            format!("registry: model {} differs", m.name),
        );
        let mp = min.modelParams(m.id()).call().await?;
        check(
            mp.minCollateralRatioBps == m.min_collateral_ratio_bps
                && mp.liquidationRatioBps == m.liquidation_ratio_bps
                && mp.debtCeiling == aid_amount("models.debt_ceiling", &m.debt_ceiling)?,
            format!("minter: credit parameters of {} differ", m.name),
        );
    }

    let pauser = role("PAUSER_ROLE");
    check(
        reg.hasRole(role("REGISTRAR_ROLE"), holders.registrar)
            .call()
            .await?,
        "registry: registrar lacks its role".into(),
    );
    check(
        reg.hasRole(role("APPRAISER_ROLE"), holders.appraiser)
            .call()
            .await?,
        "registry: appraiser lacks its role".into(),
    );
    for (name, has) in [
        (
            "registry",
            reg.hasRole(pauser, holders.pauser).call().await?,
        ),
        ("minter", min.hasRole(pauser, holders.pauser).call().await?),
        ("vault", vau.hasRole(pauser, holders.pauser).call().await?),
    ] {
        check(has, format!("{name}: pauser lacks PAUSER_ROLE"));
    }
    let risk = role("RISK_ADMIN_ROLE");
    check(
        reg.hasRole(risk, holders.risk_admin).call().await?,
        "registry: risk admin lacks its role".into(),
    );
    check(
        min.hasRole(risk, holders.risk_admin).call().await?,
        "minter: risk admin lacks its role".into(),
    );
    check(
        liq.hasRole(risk, holders.risk_admin).call().await?,
        "liquidator: risk admin lacks its role".into(),
    );
    for (name, has) in [
        (
            "registry",
            reg.hasRole(DEFAULT_ADMIN_ROLE, holders.admin)
                .call()
                .await?,
        ),
        (
            "AID",
            tok.hasRole(DEFAULT_ADMIN_ROLE, holders.admin)
                .call()
                .await?,
        ),
        (
            "minter",
            min.hasRole(DEFAULT_ADMIN_ROLE, holders.admin)
                .call()
                .await?,
        ),
        (
            "vault",
            vau.hasRole(DEFAULT_ADMIN_ROLE, holders.admin)
                .call()
                .await?,
        ),
        (
            "liquidator",
            liq.hasRole(DEFAULT_ADMIN_ROLE, holders.admin)
                .call()
                .await?,
        ),
    ] {
        check(has, format!("{name}: admin lacks DEFAULT_ADMIN_ROLE"));
    }
    check(
        tok.hasRole(role("MINTER_ADMIN_ROLE"), holders.admin)
            .call()
            .await?,
        "AID: admin lacks MINTER_ADMIN_ROLE".into(),
    );
    if holders.admin != book.deployer {
        for (name, has) in [
            (
                "registry",
                reg.hasRole(DEFAULT_ADMIN_ROLE, book.deployer)
                    .call()
                    .await?,
            ),
            (
                "AID",
                tok.hasRole(DEFAULT_ADMIN_ROLE, book.deployer)
                    .call()
                    .await?,
            ),
            (
                "minter",
                min.hasRole(DEFAULT_ADMIN_ROLE, book.deployer)
                    .call()
                    .await?,
            ),
            (
                "vault",
                vau.hasRole(DEFAULT_ADMIN_ROLE, book.deployer)
                    .call()
                    .await?,
            ),
            (
                "liquidator",
                liq.hasRole(DEFAULT_ADMIN_ROLE, book.deployer)
                    .call()
                    .await?,
            ),
        ] {
            check(
                !has,
                format!("{name}: deployer still holds DEFAULT_ADMIN_ROLE"),
            );
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
