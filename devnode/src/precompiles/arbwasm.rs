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

/// The data fee of an activation.
pub(crate) fn data_fee(ctx: &DevContext, asm_estimate: u32) -> U256 {
    U256::from((asm_estimate as u64).div_ceil(1024)) * ctx.chain.config.activation_fee_per_kib
}

/// An active record for `codehash`, or the revert explaining why there is none.
fn active(
    ctx: &mut DevContext,
    codehash: B256,
    limit: u64,
) -> Result<ProgramRecord, InterpreterResult> {
    let params = ctx.chain.config.stylus.clone();
    let now = ctx.block.timestamp.saturating_to::<u64>();
    let Some(record) = load_record(ctx, codehash) else {
        return Err(reverted(
            limit,
            READ_GAS,
            ArbWasm::ProgramNotActivated {}.abi_encode().into(),
        ));
    };
    if record.version != params.version {
        let e = ArbWasm::ProgramNeedsUpgrade {
            version: record.version,
            stylusVersion: params.version,
        };
        return Err(reverted(limit, READ_GAS, e.abi_encode().into()));
    }
    if record.age(now) > params.expiry_days as u64 * 86_400 {
        let e = ArbWasm::ProgramExpired {
            ageInSeconds: record.age(now),
        };
        return Err(reverted(limit, READ_GAS, e.abi_encode().into()));
    }
    Ok(record)
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
    if stylus_program::kind(&code) == stylus_program::CodeKind::Evm {
        return reverted(
            limit,
            READ_GAS,
            ArbWasm::ProgramNotWasm {}.abi_encode().into(),
        );
    }
    if let Some(r) = load_record(ctx, codehash) {
        let now = ctx.block.timestamp.saturating_to::<u64>();
        if r.version == params.version && r.age(now) <= params.expiry_days as u64 * 86_400 {
            return reverted(
                limit,
                READ_GAS,
                ArbWasm::ProgramUpToDate {}.abi_encode().into(),
            );
        }
    }
    let activated = match stylus::on_big_stack(|| {
        activate::activate_code(&code, params.page_limit, config.debug)
    }) {
        Ok(a) => a,
        Err(e) => {
            return reverted(
                limit,
                READ_GAS,
                error_string(&format!("ArbWasm: activation failed: {e}")),
            )
        }
    };
    let wasm_len = stylus_program::decode(&code)
        .map(|w| w.len())
        .unwrap_or_default() as u64;
    let gas = config
        .activation_gas_base
        .saturating_add(config.activation_gas_per_byte.saturating_mul(wasm_len));
    if gas > limit {
        return done(limit, gas, Bytes::new());
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
        asm_estimate: activated.asm_estimate,
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
    let fee = data_fee(ctx, record.asm_estimate);
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
