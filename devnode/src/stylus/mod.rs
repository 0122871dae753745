//! Stylus programs: activation records, the compiled-module cache, and running a call frame.

pub mod activate;
pub(crate) mod host;
pub mod nitro;
pub mod pricing;

use crate::evm::DevContext;
use crate::precompiles::ARBOS_STATE;
use alloy_primitives::{keccak256, Address, Bytes, B256, U256};
use revm::context_interface::JournalTr;
use revm::interpreter::{CallInputs, CallScheme, Gas, InstructionResult, InterpreterResult};
use std::collections::{HashMap, VecDeque};

use std::sync::{Arc, Mutex, OnceLock};

/// What the chain records about an activated program (stored in ArbOS state, so it is
/// journaled, reverted, snapshotted and dumped like any other state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProgramRecord {
    /// Stylus version the program was activated under.
    pub version: u16,
    /// Dynamic call cost when not cached.
    pub init_cost: u16,
    /// Dynamic call cost when cached.
    pub cached_cost: u16,
    /// Initial memory pages.
    pub footprint: u16,
    /// Timestamp of the activation (or of the last keepalive).
    pub activated_at: u64,
    /// Estimated machine-code size in bytes.
    pub asm_estimate: u32,
    /// Cached by a cache manager or the chain owner (`ArbWasmCache`): every entry pays the cached
    /// price.
    pub cached: bool,
}

impl ProgramRecord {
    pub(crate) fn to_word(self) -> U256 {
        let mut w = [0u8; 32];
        w[0..2].copy_from_slice(&self.version.to_be_bytes());
        w[2..4].copy_from_slice(&self.init_cost.to_be_bytes());
        w[4..6].copy_from_slice(&self.cached_cost.to_be_bytes());
        w[6..8].copy_from_slice(&self.footprint.to_be_bytes());
        w[8..16].copy_from_slice(&self.activated_at.to_be_bytes());
        w[16..20].copy_from_slice(&self.asm_estimate.to_be_bytes());
        w[20] = u8::from(self.cached);
        U256::from_be_bytes(w)
    }

    fn from_word(word: U256) -> Option<Self> {
        if word.is_zero() {
            return None;
        }
        let w = word.to_be_bytes::<32>();
        let u16_at = |i: usize| u16::from_be_bytes([w[i], w[i + 1]]);
        Some(Self {
            version: u16_at(0),
            init_cost: u16_at(2),
            cached_cost: u16_at(4),
            footprint: u16_at(6),
            activated_at: u64::from_be_bytes(w[8..16].try_into().expect("8 bytes")),
            asm_estimate: u32::from_be_bytes(w[16..20].try_into().expect("4 bytes")),
            cached: w[20] != 0,
        })
    }

    /// Seconds since activation (or the last keepalive) at `now`.
    pub fn age(&self, now: u64) -> u64 {
        now.saturating_sub(self.activated_at)
    }
}

/// Storage slot of a codehash's program record in the ArbOS state account.
pub(crate) fn record_slot(codehash: B256) -> U256 {
    let mut buf = [0u8; 46];
    buf[..14].copy_from_slice(b"stylus.program");
    buf[14..].copy_from_slice(codehash.as_slice());
    U256::from_be_bytes(keccak256(buf).0)
}

/// Storage slot of a codehash's module hash in the ArbOS state account.
pub(crate) fn module_hash_slot(codehash: B256) -> U256 {
    let mut buf = [0u8; 45];
    buf[..13].copy_from_slice(b"stylus.module");
    buf[13..].copy_from_slice(codehash.as_slice());
    U256::from_be_bytes(keccak256(buf).0)
}

/// Reads a program record through the journal (so uncommitted activations are seen).
pub(crate) fn load_record(ctx: &mut DevContext, codehash: B256) -> Option<ProgramRecord> {
    // sload assumes the account is in the journal: a read-only call may not have loaded it yet.
    ctx.journaled_state.load_account(ARBOS_STATE).ok()?;
    let journal = &mut ctx.journaled_state;
    journal.load_account(ARBOS_STATE).ok()?;
    let word = journal.sload(ARBOS_STATE, record_slot(codehash)).ok()?.data;
    ProgramRecord::from_word(word)
}

/// Writes a program record and its module hash through the journal.
pub(crate) fn store_record(
    ctx: &mut DevContext,
    codehash: B256,
    record: ProgramRecord,
    module_hash: B256,
) {
    let journal = &mut ctx.journaled_state;
    let _ = journal.load_account(ARBOS_STATE);
    let _ = journal.sstore(ARBOS_STATE, record_slot(codehash), record.to_word());
    let _ = journal.sstore(
        ARBOS_STATE,
        module_hash_slot(codehash),
        U256::from_be_bytes(module_hash.0),
    );
}

/// Compiled programs by codehash, shared by every execution of a chain (and its snapshots).
#[derive(Default)]
pub(crate) struct ProgramCache {
    modules: Mutex<HashMap<B256, wasmi::Module>>,
}

impl std::fmt::Debug for ProgramCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.modules.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "ProgramCache({n} modules)")
    }
}

impl ProgramCache {
    pub(crate) fn get(&self, codehash: &B256) -> Option<wasmi::Module> {
        self.modules
            .lock()
            .expect("program cache poisoned")
            .get(codehash)
            .cloned()
    }

    pub(crate) fn insert(&self, codehash: B256, module: wasmi::Module) {
        self.modules
            .lock()
            .expect("program cache poisoned")
            .insert(codehash, module);
    }
}

/// The WASM engine every program runs on: eager compilation (no lazy translation during nested
/// execution), Stylus's feature set, no engine fuel (ink is metered by the instrumentation).
pub(crate) fn engine() -> &'static wasmi::Engine {
    static ENGINE: OnceLock<wasmi::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut config = wasmi::Config::default();
        config
            .compilation_mode(wasmi::CompilationMode::Eager)
            .wasm_mutable_global(true)
            .wasm_sign_extension(true)
            .wasm_multi_value(true)
            .wasm_bulk_memory(true)
            .wasm_saturating_float_to_int(false)
            .wasm_reference_types(false)
            .wasm_tail_call(false)
            .wasm_extended_const(false)
            .wasm_multi_memory(false)
            .wasm_custom_page_sizes(false)
            .wasm_wide_arithmetic(false)
            .floats(true)
            .consume_fuel(false)
            // Nitro's stack budget (22,000 words, at least 6 per frame) binds before the engine's
            // own recursion limit.
            .set_max_recursion_depth(8_192);
        wasmi::Engine::new(&config)
    })
}

/// Compiles an instrumented module for the engine.
pub(crate) fn compile(wasm: &[u8]) -> Result<wasmi::Module, String> {
    on_big_stack(|| wasmi::Module::new(engine(), wasm).map_err(|e| e.to_string()))
}

/// Activates deployed code and compiles the result.
pub(crate) fn activate_and_compile(
    code: &[u8],
    rules: activate::Rules,
) -> Result<(activate::ActivatedModule, wasmi::Module), String> {
    on_big_stack(|| {
        let activated = activate::activate_code(code, rules).map_err(|e| e.to_string())?;
        let module = wasmi::Module::new(engine(), &activated.wasm).map_err(|e| e.to_string())?;
        Ok((activated, module))
    })
}

/// [`activate_and_compile`] for a module already decompressed (a root program's).
pub(crate) fn compile_wasm(
    wasm: &[u8],
    rules: activate::Rules,
) -> Result<(activate::ActivatedModule, wasmi::Module), String> {
    on_big_stack(|| {
        let activated = activate::activate_wasm(wasm, rules).map_err(|e| e.to_string())?;
        let module = wasmi::Module::new(engine(), &activated.wasm).map_err(|e| e.to_string())?;
        Ok((activated, module))
    })
}

/// The WASM module of a root program (ArbOS 60+), reassembled from its fragments, and the gas Nitro
/// charges an activation for reading them: per fragment an account access (2,600 gas cold, 100
/// warm; the fragment becomes warm) and 3 gas per 32-byte word of its code. `charged` is false
/// where Nitro reads without charging (recompiling for a call): the fragments are then read from
/// the state without touching the transaction's access list.
pub(crate) fn root_wasm(
    ctx: &mut DevContext,
    code: &[u8],
    charged: bool,
) -> Result<(Vec<u8>, u64), activate::ActivationError> {
    use activate::ActivationError::{Decode, Rule};
    use revm::context_interface::{ContextTr, Host};
    use revm::database_interface::Database;
    if ctx.chain.config.arbos_version < nitro::ARBOS_STYLUS_CONTRACT_LIMIT {
        return Err(Rule("specified bytecode is not a Stylus program".into()));
    }
    let root = stylus_program::parse_root(code).map_err(Decode)?;
    if charged {
        if root.decompressed_len as usize > stylus_program::MAX_WASM_SIZE {
            return Err(Rule(format!(
                "invalid wasm: decompressedLength {} is greater then MaxWasmSize {}",
                root.decompressed_len,
                stylus_program::MAX_WASM_SIZE
            )));
        }
        if root.fragments.len() > nitro::MAX_FRAGMENTS as usize {
            return Err(Rule(format!(
                "invalid wasm: fragment count exceeds limit of {}",
                nitro::MAX_FRAGMENTS
            )));
        }
    }
    let mut gas = 0u64;
    let mut compressed = Vec::new();
    for (i, fragment) in root.fragments.iter().enumerate() {
        let address = Address::from(*fragment);
        let fragment_code = if charged {
            let load = ctx.load_account_code(address).unwrap_or_default();
            let access = if load.is_cold { 2_600 } else { 100 };
            gas = gas
                .saturating_add(access)
                .saturating_add(3 * (load.data.len() as u64).div_ceil(32));
            load.data
        } else {
            let db = ctx.db_mut();
            match db.basic(address).ok().flatten() {
                Some(info) => match info.code {
                    Some(c) => c.original_bytes(),
                    None => db
                        .code_by_hash(info.code_hash)
                        .map(|c| c.original_bytes())
                        .unwrap_or_default(),
                },
                None => Bytes::new(),
            }
        };
        compressed.extend_from_slice(
            stylus_program::fragment_payload(&fragment_code, i).map_err(Decode)?,
        );
    }
    let wasm = stylus_program::decode_fragments(&root, &compressed).map_err(Decode)?;
    Ok((wasm, gas))
}

/// Runs validation, instrumentation and compilation on a thread with a large stack: they recurse
/// over the module's structure and, unoptimized, need more than a default thread's 2 MiB. They
/// run once per activation, so the thread is cheap.
pub(crate) fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn_scoped(scope, f)
            .expect("spawning the compiler thread")
            .join()
            .expect("compilation does not panic")
    })
}

/// Programs used recently in the block (Nitro's `RecentWasms`, ArbOS 60+): their next call in the
/// same block costs the cached price. One list lives for a block: the transactions of a block
/// hand it on, and `eth_call`/`eth_estimateGas` start with an empty one, as on Nitro.
#[derive(Debug, Clone, Default)]
pub(crate) struct RecentPrograms {
    order: VecDeque<B256>,
}

impl RecentPrograms {
    /// Records a use; returns whether the program was already recent.
    pub(crate) fn touch(&mut self, codehash: B256, capacity: u16) -> bool {
        if let Some(i) = self.order.iter().position(|h| *h == codehash) {
            self.order.remove(i);
            self.order.push_back(codehash);
            return true;
        }
        self.order.push_back(codehash);
        while self.order.len() > capacity as usize {
            self.order.pop_front();
        }
        false
    }
}

/// Time spent in the engine and in host functions, when profiling is on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StylusProfile {
    /// Program entries.
    pub calls: u64,
    /// Nanoseconds creating stores and instantiating modules.
    pub instantiate_ns: u64,
    /// Nanoseconds inside `user_entrypoint` (WASM and host functions).
    pub execute_ns: u64,
    /// Nanoseconds inside host functions (state access through revm, nested calls).
    pub host_ns: u64,
    /// Nanoseconds of nested EVM/Stylus calls made by host functions (part of `host_ns`).
    pub nested_ns: u64,
}

/// Per-transaction Stylus state, carried in revm's context.
#[derive(Debug)]
pub(crate) struct Runtime {
    pub(crate) config: Arc<crate::ChainConfig>,
    pub(crate) cache: Arc<ProgramCache>,
    pub(crate) recent: RecentPrograms,
    pub(crate) pages_open: u16,
    pub(crate) pages_ever: u16,
    /// Open call frames (EVM and Stylus) by journal depth: the address whose storage each acts
    /// on, `None` for DELEGATECALL/CALLCODE frames (Nitro's reentrancy count skips them).
    frames: Vec<(usize, Option<Address>)>,
    pub(crate) console: Vec<String>,
    pub(crate) profile: Option<StylusProfile>,
    /// The tracer of a traced execution (`debug_trace*`), `None` otherwise.
    pub(crate) tracer: Option<Box<crate::trace::Tracer>>,
}

impl Runtime {
    /// Records a call frame starting at journal `depth`. Every frame recorded at the same depth
    /// or deeper has returned by now, so the list holds exactly the open ancestors afterwards.
    pub(crate) fn enter_frame(&mut self, depth: usize, inputs: &CallInputs) {
        while self.frames.last().is_some_and(|(d, _)| *d >= depth) {
            self.frames.pop();
        }
        let acting = match inputs.scheme {
            CallScheme::DelegateCall | CallScheme::CallCode => None,
            CallScheme::Call | CallScheme::StaticCall => Some(inputs.target_address),
        };
        self.frames.push((depth, acting));
    }

    /// Nitro's `msg_reentrant`: more than one open non-delegate frame acts on `address`.
    fn reentrant(&self, address: Address) -> bool {
        self.frames
            .iter()
            .filter(|(_, a)| *a == Some(address))
            .count()
            > 1
    }

    pub(crate) fn new(
        config: Arc<crate::ChainConfig>,
        cache: Arc<ProgramCache>,
        recent: RecentPrograms,
    ) -> Self {
        Self {
            config,
            cache,
            recent,
            pages_open: 0,
            pages_ever: 0,
            frames: Vec::new(),
            console: Vec::new(),
            profile: None,
            tracer: None,
        }
    }
}

/// Runs one invocation. Unoptimized builds of the engine's interpreter loop need far more stack
/// than a default 2 MiB thread has, so debug builds run each invocation on a thread with a large
/// stack (the calling thread waits); optimized builds run in place.
fn run_invocation(
    ctx: &mut DevContext,
    inputs: &CallInputs,
    module: &wasmi::Module,
    gas: u64,
    reentrant: bool,
) -> host::RunResult {
    if cfg!(debug_assertions) {
        struct Exclusive(*mut DevContext);
        // SAFETY: the context is only used by the spawned thread while this one is blocked in
        // `join`, so it is never accessed from two threads at once.
        unsafe impl Send for Exclusive {}
        let exclusive = Exclusive(ctx as *mut DevContext);
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(64 << 20)
                .spawn_scoped(scope, move || {
                    let exclusive = exclusive;
                    // SAFETY: see `Exclusive`.
                    let ctx = unsafe { &mut *exclusive.0 };
                    host::run(ctx, inputs, module, gas, reentrant)
                })
                .expect("spawning the program thread")
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
        })
    } else {
        host::run(ctx, inputs, module, gas, reentrant)
    }
}

/// ABI-encoded custom error with no arguments.
pub(crate) fn sol_error(signature: &str) -> Bytes {
    Bytes::copy_from_slice(&keccak256(signature.as_bytes())[..4])
}

fn revert(gas_limit: u64, output: Bytes) -> InterpreterResult {
    InterpreterResult::new(InstructionResult::Revert, output, Gas::new(gas_limit))
}

fn out_of_gas(gas_limit: u64) -> InterpreterResult {
    let mut gas = Gas::new(gas_limit);
    gas.spend_all();
    InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), gas)
}

/// Runs a call frame whose code is a Stylus program.
pub(crate) fn call_program(ctx: &mut DevContext, inputs: &CallInputs) -> InterpreterResult {
    use alloy_sol_types::SolError;
    let gas_limit = inputs.gas_limit;
    let codehash = inputs.known_bytecode.0;
    let params = ctx.chain.config.stylus.clone();
    let now = ctx.block.timestamp.saturating_to::<u64>();

    let Some(record) = load_record(ctx, codehash) else {
        return revert(gas_limit, sol_error("ProgramNotActivated()"));
    };
    if record.version != params.version {
        let err = crate::precompiles::arbwasm::ArbWasm::ProgramNeedsUpgrade {
            version: record.version,
            stylusVersion: params.version,
        };
        return revert(gas_limit, err.abi_encode().into());
    }
    let age = record.age(now);
    if age > params.expiry_days as u64 * 86_400 {
        let err = crate::precompiles::arbwasm::ArbWasm::ProgramExpired { ageInSeconds: age };
        return revert(gas_limit, err.abi_encode().into());
    }

    // Entering a program: its init cost (the cached price when a cache manager cached it, or,
    // from ArbOS 60, when it already ran in this block) and its memory footprint. Nitro records
    // the use in the block's recent programs whether or not the program is cached.
    let runtime = &mut ctx.chain;
    let recent = runtime.config.arbos_version >= nitro::ARBOS_NO_MULTI_VALUE
        && runtime.recent.touch(codehash, params.block_cache_size);
    let cached = record.cached || recent;
    let entry_gas = params
        .call_gas(record.init_cost, record.cached_cost, cached)
        .saturating_add(pricing::memory_gas(
            params.free_pages,
            params.page_gas,
            record.footprint,
            runtime.pages_open,
            runtime.pages_ever,
        ));
    if entry_gas > gas_limit {
        return out_of_gas(gas_limit);
    }

    let module = match ctx.chain.cache.get(&codehash) {
        Some(m) => m,
        None => {
            // Recompile from the code (after a state load or for a chain sharing no cache).
            let code = inputs.known_bytecode.1.original_bytes();
            let rules = activate::Rules::of(&ctx.chain.config);
            let compiled = if stylus_program::kind(&code) == stylus_program::CodeKind::Root {
                root_wasm(ctx, &code, false)
                    .map_err(|e| e.to_string())
                    .and_then(|(wasm, _)| compile_wasm(&wasm, rules))
            } else {
                activate_and_compile(&code, rules)
            };
            match compiled {
                Ok((_, m)) => {
                    ctx.chain.cache.insert(codehash, m.clone());
                    m
                }
                Err(e) => {
                    ctx.chain.console.push(format!(
                        "stylus: cannot compile program at {}: {e}",
                        inputs.bytecode_address
                    ));
                    return revert(gas_limit, sol_error("ProgramNotActivated()"));
                }
            }
        }
    };

    let runtime = &mut ctx.chain;
    let open = runtime.pages_open;
    runtime.pages_open = runtime.pages_open.saturating_add(record.footprint);
    runtime.pages_ever = runtime.pages_ever.max(runtime.pages_open);
    let reentrant = runtime.reentrant(inputs.target_address);

    let result = run_invocation(ctx, inputs, &module, gas_limit - entry_gas, reentrant);

    // Pages the program opened, its growth included, close when it returns (Nitro restores the
    // count it had before the call).
    ctx.chain.pages_open = open;

    let mut gas = Gas::new(gas_limit);
    let used = gas_limit - result.gas_left;
    match result.kind {
        host::ExitKind::Success => {
            let _ = gas.record_regular_cost(used);
            gas.record_refund(result.refund);
            InterpreterResult::new(InstructionResult::Return, result.output, gas)
        }
        host::ExitKind::Revert => {
            let _ = gas.record_regular_cost(used);
            InterpreterResult::new(InstructionResult::Revert, result.output, gas)
        }
        host::ExitKind::Failure(reason) => {
            ctx.chain.console.push(format!(
                "stylus: program at {} failed: {reason}",
                inputs.bytecode_address
            ));
            let _ = gas.record_regular_cost(used);
            InterpreterResult::new(InstructionResult::Revert, Bytes::new(), gas)
        }
        host::ExitKind::OutOfInk => out_of_gas(gas_limit),
        host::ExitKind::OutOfStack => {
            ctx.chain.console.push(format!(
                "stylus: program at {} ran out of stack (budget {} words)",
                inputs.bytecode_address, params.max_stack_depth
            ));
            out_of_gas(gas_limit)
        }
    }
}
