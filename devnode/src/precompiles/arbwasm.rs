//! `ArbWasm` (0x71): activating Stylus programs and the Stylus parameters tools read.

use super::{done, error_string, reverted, ARB_WASM};
use crate::evm::DevContext;
use crate::stylus::{self, activate, load_record, store_record, ProgramRecord};
use alloy_primitives::{Address, Bytes, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolInterface};
use revm::context_interface::{Host, JournalTr};
use revm::interpreter::{CallInputs, InterpreterResult};

sol! {
    /// Arbitrum's `ArbWasm` precompile, as served by the local chain.
    #[derive(Debug, PartialEq, Eq)]
    interface ArbWasm {
        /// Activates the program deployed at `program`; `msg.value` pays the data fee (excess refunded).
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        /// Current Stylus version.
        function stylusVersion() external view returns (uint16 version);
        /// Version a codehash was activated under (reverts if not active).
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
        /// Extends an activation's lifetime.
        function codehashKeepalive(bytes32 codehash) external payable;
        /// Estimated machine-code size of an active codehash.
        function codehashAsmSize(bytes32 codehash) external view returns (uint32 size);
        /// Version the program at an address was activated under (reverts if not active).
        function programVersion(address program) external view returns (uint16 version);
        /// Gas to enter the program, not cached and cached.
        function programInitGas(address program) external view returns (uint64 gas, uint64 gasWhenCached);
        /// Initial memory pages of the program.
        function programMemoryFootprint(address program) external view returns (uint16 footprint);
        /// Seconds until the program's activation expires.
        function programTimeLeft(address program) external view returns (uint64 _secs);
        /// Ink one gas buys.
        function inkPrice() external view returns (uint32 price);
        /// WASM stack limit in words.
        function maxStackDepth() external view returns (uint32 depth);
        /// Pages a transaction opens for free.
        function freePages() external view returns (uint16 pages);
        /// Linear gas per page.
        function pageGas() external view returns (uint16 gas);
        /// Exponential memory ramp.
        function pageRamp() external view returns (uint64 ramp);
        /// Largest number of pages a program may use.
        function pageLimit() external view returns (uint16 limit);
        /// Minimum gas to enter a program, not cached and cached.
        function minInitGas() external view returns (uint64 gas, uint64 cached);
        /// Scalar applied to init costs, in percent.
        function initCostScalar() external view returns (uint64 percent);
        /// Days after which activations expire.
        function expiryDays() external view returns (uint16 _days);
        /// Days a program must age before a keepalive.
        function keepaliveDays() external view returns (uint16 _days);
        /// Programs per block that count as cached on their next call.
        function blockCacheSize() external view returns (uint16 count);

        /// A program was activated.
        event ProgramActivated(bytes32 indexed codehash, bytes32 moduleHash, address program, uint256 dataFee, uint16 version);
        /// An activation's lifetime was extended.
        event ProgramLifetimeExtended(bytes32 indexed codehash, uint256 dataFee);

        /// The code is not a Stylus program.
        error ProgramNotWasm();
        /// The program is not activated.
        error ProgramNotActivated();
        /// The program was activated under an older Stylus version.
        error ProgramNeedsUpgrade(uint16 version, uint16 stylusVersion);
        /// The program's activation expired.
        error ProgramExpired(uint64 ageInSeconds);
        /// The program is already activated under the current version.
        error ProgramUpToDate();
        /// A keepalive came before `keepaliveDays`.
        error ProgramKeepaliveTooSoon(uint64 ageInSeconds);
        /// The value sent does not cover the data fee.
        error ProgramInsufficientValue(uint256 have, uint256 want);
    }
}

/// Gas of an `ArbWasm` read method.
pub const READ_GAS: u64 = 800;

fn code_of(ctx: &mut DevContext, program: Address) -> (B256, Bytes) {
    let code = ctx
        .load_account_code(program)
        .map(|l| l.data)
        .unwrap_or_default();
    let hash = ctx
        .load_account_code_hash(program)
        .map(|l| l.data)
        .unwrap_or_default();
    (hash, code)
}

/// Gas every activation burns before anything else (Nitro `ArbWasm.ActivateProgram`).
pub const ACTIVATION_FIXED_GAS: u64 = 1_659_168;
/// ArbOS storage gas of an activation besides the fixed and compile parts: reading the program
/// record (800), writing the module hash and the record (20,000 each), the data pricer's five
/// reads and two writes (4,000 + 40,000), reading the network fee account (800), opening ArbOS
/// state (800), the `ProgramActivated` log (375 + 2 × 375 + 128 × 8 = 2,149), and copying the
/// arguments and result (3 + 6); from ArbOS 60 also reading the `ActivationGas` parameter (800).
pub const ACTIVATION_STATE_GAS: u64 = 800 + 2 * 20_000 + 4_000 + 40_000 + 800 + 800 + 2_149 + 9;
/// Gas of the parts an activation that stops early (not WASM, already up to date) has paid: the
/// program record read and the argument copy.
const ACTIVATION_EARLY_GAS: u64 = 800 + 3;

/// ArbOS's data pricer (Nitro `arbos/programs/data_pricer.go`): demand in bytes drains at a fixed
/// rate per second and each activation adds its machine-code estimate; the price per byte is the
/// floor times e^(demand / inertia).
pub mod data_pricer {
    /// Arbitrum's start (the pricer's initial last-update time).
    pub const ARBITRUM_START_TIME: u64 = 1_421_388_000;
    /// Bytes of demand that drain each second (1 TiB a year).
    pub const BYTES_PER_SECOND: u32 = ((1u64 << 40) / (365 * 24) / 3600) as u32;
    /// Demand at which the price is e times the floor.
    pub const INERTIA: u32 = 21_360_419;

    /// Nitro's `ApproxExpBasisPoints`: e^(x / 10,000) in basis points by a Horner series.
    pub fn approx_exp_bips(x: u64, accuracy: u64) -> u64 {
        let b = 10_000u64;
        let mut res = b + x / accuracy;
        for i in (1..accuracy).rev() {
            res = b + res.saturating_mul(x) / (i * b);
        }
        res
    }

    /// New demand after `passed` seconds and an activation of `bytes`, and the fee in wei.
    pub fn update(demand: u32, passed: u64, bytes: u32, min_price: u64) -> (u32, u64) {
        let passed = passed.min(u32::MAX as u64) as u32;
        let credit = BYTES_PER_SECOND.saturating_mul(passed);
        let demand = demand.saturating_sub(credit).saturating_add(bytes);
        let exponent = 10_000 * demand as u64 / INERTIA as u64;
        let multiplier = approx_exp_bips(exponent, 12);
        let per_byte = min_price.saturating_mul(multiplier) / 10_000;
        (demand, per_byte.saturating_mul(bytes as u64))
    }
}

fn pricer_slot(name: &str) -> U256 {
    U256::from_be_bytes(alloy_primitives::keccak256(name.as_bytes()).0)
}

/// Runs the data pricer for an activation or keepalive of `bytes` (state in ArbOS's account, so
/// it is journaled with the transaction) and returns the fee.
pub(crate) fn data_fee(ctx: &mut DevContext, bytes: u32) -> U256 {
    let now = ctx.block.timestamp.saturating_to::<u64>();
    let demand_slot = pricer_slot("stylus.dataPricer.demand");
    let time_slot = pricer_slot("stylus.dataPricer.lastUpdateTime");
    let journal = &mut ctx.journaled_state;
    let _ = journal.load_account(super::ARBOS_STATE);
    let demand = journal
        .sload(super::ARBOS_STATE, demand_slot)
        .map(|l| l.data.saturating_to::<u32>())
        .unwrap_or_default();
    let last = journal
        .sload(super::ARBOS_STATE, time_slot)
        .map(|l| l.data.saturating_to::<u64>())
        .unwrap_or_default()
        .max(data_pricer::ARBITRUM_START_TIME);
    let min_price = ctx.chain.config.activation_min_price;
    let (demand, fee) = data_pricer::update(demand, now.saturating_sub(last), bytes, min_price);
    let journal = &mut ctx.journaled_state;
    let _ = journal.sstore(super::ARBOS_STATE, demand_slot, U256::from(demand));
    let _ = journal.sstore(super::ARBOS_STATE, time_slot, U256::from(now));
    U256::from(fee)
}

/// An active record for `codehash`, or the ABI error data explaining why there is none
/// (`ProgramNotActivated`, `ProgramNeedsUpgrade`, `ProgramExpired`).
pub(crate) fn active_record(ctx: &mut DevContext, codehash: B256) -> Result<ProgramRecord, Bytes> {
    let params = ctx.chain.config.stylus.clone();
    let now = ctx.block.timestamp.saturating_to::<u64>();
    let Some(record) = load_record(ctx, codehash) else {
        return Err(ArbWasm::ProgramNotActivated {}.abi_encode().into());
    };
    if record.version != params.version {
        let e = ArbWasm::ProgramNeedsUpgrade {
            version: record.version,
            stylusVersion: params.version,
        };
        return Err(e.abi_encode().into());
    }
    if record.age(now) > params.expiry_days as u64 * 86_400 {
        let e = ArbWasm::ProgramExpired {
            ageInSeconds: record.age(now),
        };
        return Err(e.abi_encode().into());
    }
    Ok(record)
}

/// An active record for `codehash`, or the revert explaining why there is none.
fn active(
    ctx: &mut DevContext,
    codehash: B256,
    limit: u64,
) -> Result<ProgramRecord, InterpreterResult> {
    active_record(ctx, codehash).map_err(|data| reverted(limit, READ_GAS, data))
}

pub(crate) fn run(ctx: &mut DevContext, inputs: &CallInputs) -> InterpreterResult {
    let limit = inputs.gas_limit;
    let input = inputs.input.as_bytes(&*ctx).to_vec();
    let Ok(call) = ArbWasm::ArbWasmCalls::abi_decode(&input) else {
        return reverted(limit, 0, error_string("ArbWasm: unknown method"));
    };
    use ArbWasm::ArbWasmCalls as M;
    let payable = matches!(call, M::activateProgram(_) | M::codehashKeepalive(_));
    let value = inputs.value.get();
    if !payable && !value.is_zero() {
        return reverted(limit, 0, error_string("ArbWasm: method is not payable"));
    }
    if payable && inputs.is_static {
        return reverted(
            limit,
            0,
            error_string("ArbWasm: state change in a static call"),
        );
    }
    let p = ctx.chain.config.stylus.clone();
    let out: Vec<u8> = match call {
        M::activateProgram(c) => return activate_program(ctx, inputs, c.program),
        M::codehashKeepalive(c) => return keepalive(ctx, inputs, c.codehash),
        M::stylusVersion(_) => ArbWasm::stylusVersionCall::abi_encode_returns(&p.version),
        M::codehashVersion(c) => match active(ctx, c.codehash, limit) {
            Ok(r) => ArbWasm::codehashVersionCall::abi_encode_returns(&r.version),
            Err(e) => return e,
        },
        M::codehashAsmSize(c) => match active(ctx, c.codehash, limit) {
            Ok(r) => ArbWasm::codehashAsmSizeCall::abi_encode_returns(&r.asm_estimate),
            Err(e) => return e,
        },
        M::programVersion(c) => {
            let (hash, _) = code_of(ctx, c.program);
            match active(ctx, hash, limit) {
                Ok(r) => ArbWasm::programVersionCall::abi_encode_returns(&r.version),
                Err(e) => return e,
            }
        }
        M::programInitGas(c) => {
            let (hash, _) = code_of(ctx, c.program);
            match active(ctx, hash, limit) {
                Ok(r) => ArbWasm::programInitGasCall::abi_encode_returns_tuple(&(
                    p.call_gas(r.init_cost, r.cached_cost, false),
                    p.call_gas(r.init_cost, r.cached_cost, true),
                )),
                Err(e) => return e,
            }
        }
        M::programMemoryFootprint(c) => {
            let (hash, _) = code_of(ctx, c.program);
            match active(ctx, hash, limit) {
                Ok(r) => ArbWasm::programMemoryFootprintCall::abi_encode_returns(&r.footprint),
                Err(e) => return e,
            }
        }
        M::programTimeLeft(c) => {
            let (hash, _) = code_of(ctx, c.program);
            let now = ctx.block.timestamp.saturating_to::<u64>();
            match active(ctx, hash, limit) {
                Ok(r) => {
                    let left = (p.expiry_days as u64 * 86_400).saturating_sub(r.age(now));
                    ArbWasm::programTimeLeftCall::abi_encode_returns(&left)
                }
                Err(e) => return e,
            }
        }
        M::inkPrice(_) => ArbWasm::inkPriceCall::abi_encode_returns(&p.ink_price),
        M::maxStackDepth(_) => ArbWasm::maxStackDepthCall::abi_encode_returns(&p.max_stack_depth),
        M::freePages(_) => ArbWasm::freePagesCall::abi_encode_returns(&p.free_pages),
        M::pageGas(_) => ArbWasm::pageGasCall::abi_encode_returns(&p.page_gas),
        M::pageRamp(_) => ArbWasm::pageRampCall::abi_encode_returns(&p.page_ramp),
        M::pageLimit(_) => ArbWasm::pageLimitCall::abi_encode_returns(&p.page_limit),
        M::minInitGas(_) => ArbWasm::minInitGasCall::abi_encode_returns_tuple(&(
            p.min_init_gas(),
            p.min_cached_gas(),
        )),
        M::initCostScalar(_) => {
            ArbWasm::initCostScalarCall::abi_encode_returns(&(p.init_cost_scalar as u64 * 2))
        }
        M::expiryDays(_) => ArbWasm::expiryDaysCall::abi_encode_returns(&p.expiry_days),
        M::keepaliveDays(_) => ArbWasm::keepaliveDaysCall::abi_encode_returns(&p.keepalive_days),
        M::blockCacheSize(_) => {
            ArbWasm::blockCacheSizeCall::abi_encode_returns(&p.block_cache_size)
        }
    };
    done(limit, READ_GAS, out.into())
}

fn activate_program(
    ctx: &mut DevContext,
    inputs: &CallInputs,
    program: Address,
) -> InterpreterResult {
    let limit = inputs.gas_limit;
    let value = inputs.value.get();
    let (codehash, code) = code_of(ctx, program);
    let config = ctx.chain.config.clone();
    let params = &config.stylus;
    // Nitro burns the ActivationGas parameter (ArbOS 60+) and a fixed charge before looking at
    // the program; running short of either fails the call with all its gas.
    let upfront = if config.arbos_version >= stylus::nitro::ARBOS_NO_MULTI_VALUE {
        config.activation_gas.saturating_add(800)
    } else {
        0
    }
    .saturating_add(ACTIVATION_FIXED_GAS);
    let early = upfront.saturating_add(ACTIVATION_EARLY_GAS);
    if early > limit {
        return reverted(limit, limit, Bytes::new());
    }
    let existing = load_record(ctx, codehash);
    if let Some(r) = existing {
        let now = ctx.block.timestamp.saturating_to::<u64>();
        if r.version == params.version && r.age(now) <= params.expiry_days as u64 * 86_400 {
            let data = ArbWasm::ProgramUpToDate {}.abi_encode();
            return reverted(limit, early, data.into());
        }
    }
    if stylus_program::kind(&code) == stylus_program::CodeKind::Evm {
        let data = ArbWasm::ProgramNotWasm {}.abi_encode();
        return reverted(limit, early, data.into());
    }
    // A program open in this transaction leaves less memory to the one being activated.
    let mut rules = activate::Rules::of(&config);
    rules.page_limit = rules.page_limit.saturating_sub(ctx.chain.pages_open);
    // A root program's module is read from its fragments, each read paid for (ArbOS 60+); a
    // fragment cannot be activated by itself.
    let (fragment_gas, activated) = match stylus_program::kind(&code) {
        stylus_program::CodeKind::Root => match stylus::root_wasm(ctx, &code, true) {
            Ok((wasm, gas)) if upfront.saturating_add(gas) <= limit => (
                gas,
                stylus::on_big_stack(|| activate::activate_wasm(&wasm, rules)),
            ),
            Ok(_) => return reverted(limit, limit, Bytes::new()),
            Err(e) => (0, Err(e)),
        },
        stylus_program::CodeKind::Fragment => (
            0,
            Err(activate::ActivationError::Rule(
                if config.arbos_version >= stylus::nitro::ARBOS_STYLUS_CONTRACT_LIMIT {
                    "fragmented stylus programs cannot be activated directly; activate the root \
                     program instead"
                } else {
                    "specified bytecode is not a Stylus program"
                }
                .into(),
            )),
        ),
        _ => (
            0,
            stylus::on_big_stack(|| activate::activate_code(&code, rules)),
        ),
    };
    let activated = match activated {
        Ok(a) => a,
        Err(e) => {
            // Nitro: a program that fails activation takes all the call's gas.
            let reason = format!("ArbWasm: activation failed: {e}");
            ctx.chain.console.push(reason.clone());
            return reverted(limit, limit, error_string(&reason));
        }
    };
    let gas = upfront
        .saturating_add(fragment_gas)
        .saturating_add(activated.compile_gas)
        .saturating_add(ACTIVATION_STATE_GAS);
    if gas > limit {
        // Out of gas while compiling: Nitro treats it as a failed activation (all gas).
        return reverted(limit, limit, Bytes::new());
    }
    let fee = data_fee(ctx, activated.asm_estimate);
    if value < fee {
        let e = ArbWasm::ProgramInsufficientValue {
            have: value,
            want: fee,
        };
        return reverted(limit, gas, e.abi_encode().into());
    }
    let module = match stylus::compile(&activated.wasm) {
        Ok(m) => m,
        Err(e) => {
            return reverted(
                limit,
                gas,
                error_string(&format!("ArbWasm: compilation failed: {e}")),
            )
        }
    };
    // The fee goes to the network; the excess goes back to the caller.
    let coinbase = ctx.block.beneficiary;
    let journal = &mut ctx.journaled_state;
    let _ = journal.load_account(coinbase);
    let _ = journal.load_account(inputs.caller);
    if !fee.is_zero() {
        let _ = journal.transfer(ARB_WASM, coinbase, fee);
    }
    if value > fee {
        let _ = journal.transfer(ARB_WASM, inputs.caller, value - fee);
    }
    let record = ProgramRecord {
        version: params.version,
        init_cost: activated.init_cost,
        cached_cost: activated.cached_cost,
        footprint: activated.footprint,
        activated_at: ctx.block.timestamp.saturating_to(),
        // ArbOS stores the estimate in KiB, rounded up.
        asm_estimate: (activated.asm_estimate as u64)
            .div_ceil(1024)
            .saturating_mul(1024) as u32,
        // Nitro keeps a cached program cached across a re-activation (it caches the new module).
        cached: existing.is_some_and(|r| r.cached),
    };
    store_record(ctx, codehash, record, activated.module_hash);
    ctx.chain.cache.insert(codehash, module);
    let event = ArbWasm::ProgramActivated {
        codehash,
        moduleHash: activated.module_hash,
        program,
        dataFee: fee,
        version: params.version,
    };
    ctx.journaled_state.log(alloy_primitives::Log {
        address: ARB_WASM,
        data: event.encode_log_data(),
    });
    let out = ArbWasm::activateProgramCall::abi_encode_returns_tuple(&(params.version, fee));
    done(limit, gas, out.into())
}

fn keepalive(ctx: &mut DevContext, inputs: &CallInputs, codehash: B256) -> InterpreterResult {
    let limit = inputs.gas_limit;
    let value = inputs.value.get();
    let mut record = match active(ctx, codehash, limit) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let now = ctx.block.timestamp.saturating_to::<u64>();
    let keepalive_days = ctx.chain.config.stylus.keepalive_days as u64;
    if record.age(now) < keepalive_days * 86_400 {
        let e = ArbWasm::ProgramKeepaliveTooSoon {
            ageInSeconds: record.age(now),
        };
        return reverted(limit, READ_GAS, e.abi_encode().into());
    }
    let asm_size = record.asm_estimate;
    let fee = data_fee(ctx, asm_size);
    if value < fee {
        let e = ArbWasm::ProgramInsufficientValue {
            have: value,
            want: fee,
        };
        return reverted(limit, READ_GAS, e.abi_encode().into());
    }
    let coinbase = ctx.block.beneficiary;
    let journal = &mut ctx.journaled_state;
    let _ = journal.load_account(coinbase);
    let _ = journal.load_account(inputs.caller);
    if !fee.is_zero() {
        let _ = journal.transfer(ARB_WASM, coinbase, fee);
    }
    if value > fee {
        let _ = journal.transfer(ARB_WASM, inputs.caller, value - fee);
    }
    record.activated_at = now;
    let _ = ctx.journaled_state.load_account(super::ARBOS_STATE);
    let module_hash = ctx
        .journaled_state
        .sload(super::ARBOS_STATE, stylus::module_hash_slot(codehash))
        .map(|l| B256::from(l.data.to_be_bytes::<32>()))
        .unwrap_or_default();
    store_record(ctx, codehash, record, module_hash);
    let event = ArbWasm::ProgramLifetimeExtended {
        codehash,
        dataFee: fee,
    };
    ctx.journaled_state.log(alloy_primitives::Log {
        address: ARB_WASM,
        data: event.encode_log_data(),
    });
    done(limit, 20_000, Bytes::new())
}
