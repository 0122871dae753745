//! The `vm_hooks` and `console` host functions, and running one program invocation on the engine.

use super::activate::{INK_LEFT_EXPORT, INK_STATUS_EXPORT, STACK_LEFT_EXPORT};
use super::pricing::{self, hostio};
use crate::evm::{run_nested, DevContext};
use alloy_primitives::{keccak256, Address, Bytes, Log, LogData, B256, U256};
use revm::context_interface::{Block, Host, JournalTr, Transaction};
use revm::handler::FrameResult;
use revm::interpreter::{
    CallInput, CallInputs, CallScheme, CallValue, CreateInputs, CreateScheme, FrameInput,
};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;
use std::time::Instant;
use wasmi::{Caller, Error, Global, Linker, Memory, Store, StoreLimits, StoreLimitsBuilder, Val};

/// Why a program stopped before returning from `user_entrypoint`.
#[derive(Debug)]
pub(crate) enum Escape {
    /// `exit_early(status)`.
    Exit(i32),
    /// The program ran out of ink (or of gas in a host function).
    OutOfInk,
    /// A host function refused the request (static-context write, bad log, bad pointer, ...).
    Failure(String),
}

impl fmt::Display for Escape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exit(s) => write!(f, "exit_early({s})"),
            Self::OutOfInk => write!(f, "out of ink"),
            Self::Failure(e) => write!(f, "{e}"),
        }
    }
}

impl wasmi::errors::HostError for Escape {}

fn fail(msg: impl Into<String>) -> Error {
    Error::host(Escape::Failure(msg.into()))
}

/// A value in the program's storage cache.
#[derive(Debug, Clone, Copy)]
struct Slot {
    value: U256,
    /// The value in state when it was read (unknown for a slot only written).
    known: Option<U256>,
}

/// Store data of one program invocation.
pub(crate) struct HostState {
    /// The revm context of the transaction. Valid for the whole invocation: [`run`] holds the
    /// exclusive borrow it came from until the store is dropped, and host functions only
    /// reborrow it for their own duration (nested calls reborrow it in turn).
    ctx: *mut DevContext,
    memory: Option<Memory>,
    ink: Option<Global>,
    status: Option<Global>,
    limits: StoreLimits,
    ink_price: u64,
    contract: Address,
    caller: Address,
    value: U256,
    is_static: bool,
    depth: usize,
    args: Bytes,
    outs: Vec<u8>,
    return_data: Bytes,
    storage: HashMap<U256, Slot>,
    refund: i64,
    reentrant: bool,
    profiling: bool,
    /// Recording host I/O for the stylusTracer.
    tracing: bool,
    host_ns: u64,
    nested_ns: u64,
}

// SAFETY: a HostState never leaves the thread that runs the invocation; the raw context pointer
// only exists so the store data can be `'static`, which the engine's host-function API requires.
unsafe impl Send for HostState {}
unsafe impl Sync for HostState {}

/// How an invocation ended.
pub(crate) enum ExitKind {
    Success,
    Revert,
    Failure(String),
    OutOfInk,
    /// The stack budget ran out (Nitro: all gas of the call is consumed).
    OutOfStack,
}

/// The result of one invocation.
pub(crate) struct RunResult {
    pub(crate) kind: ExitKind,
    pub(crate) output: Bytes,
    pub(crate) gas_left: u64,
    pub(crate) refund: i64,
}

/// Runs `user_entrypoint` of an instantiated program with `gas` available.
pub(crate) fn run(
    ctx: &mut DevContext,
    inputs: &CallInputs,
    module: &wasmi::Module,
    gas: u64,
    reentrant: bool,
) -> RunResult {
    let ink_price = ctx.chain.config.stylus.ink_price.max(1) as u64;
    let page_limit = ctx.chain.config.stylus.page_limit as usize;
    let profiling = ctx.chain.profile.is_some();
    let tracing = ctx.chain.tracer.is_some();
    let args = Bytes::copy_from_slice(&inputs.input.as_bytes(&*ctx));
    let depth = ctx.journaled_state.depth();
    let started = profiling.then(Instant::now);
    let state = HostState {
        ctx: ctx as *mut DevContext,
        memory: None,
        ink: None,
        status: None,
        limits: StoreLimitsBuilder::new()
            .memory_size(page_limit * 65_536)
            .build(),
        ink_price,
        contract: inputs.target_address,
        caller: inputs.caller,
        value: inputs.value.get(),
        is_static: inputs.is_static,
        depth,
        args,
        outs: Vec::new(),
        return_data: Bytes::new(),
        storage: HashMap::new(),
        refund: 0,
        reentrant,
        profiling,
        tracing,
        host_ns: 0,
        nested_ns: 0,
    };
    let mut store = Store::new(super::engine(), state);
    store.limiter(|s| &mut s.limits);
    let instance = match linker().instantiate_and_start(&mut store, module) {
        Ok(i) => i,
        Err(e) => {
            return RunResult {
                kind: ExitKind::Failure(format!("instantiation failed: {e}")),
                output: Bytes::new(),
                gas_left: 0,
                refund: 0,
            }
        }
    };
    let memory = instance.get_memory(&store, "memory");
    let ink = instance.get_global(&store, INK_LEFT_EXPORT);
    let status = instance.get_global(&store, INK_STATUS_EXPORT);
    let stack = instance.get_global(&store, STACK_LEFT_EXPORT);
    let entry = instance.get_typed_func::<i32, i32>(&store, "user_entrypoint");
    let (Some(memory), Some(ink), Some(status), Some(stack), Ok(entry)) =
        (memory, ink, status, stack, entry)
    else {
        return RunResult {
            kind: ExitKind::Failure("program lacks its metering globals or entrypoint".into()),
            output: Bytes::new(),
            gas_left: 0,
            refund: 0,
        };
    };
    let ink_start = gas.saturating_mul(ink_price).min(i64::MAX as u64);
    let _ = ink.set(&mut store, Val::I64(ink_start as i64));
    let stack_budget = ctx_stack_budget(&store);
    let _ = stack.set(&mut store, Val::I32(stack_budget as i32));
    {
        let data = store.data_mut();
        data.memory = Some(memory);
        data.ink = Some(ink);
        data.status = Some(status);
    }
    let instantiated = profiling.then(Instant::now);
    let args_len = store.data().args.len() as i32;
    if tracing {
        // SAFETY: see `HostState::ctx`; the engine is not running.
        let ctx = unsafe { &mut *store.data().ctx };
        record(
            ctx,
            "user_entrypoint",
            &[&(args_len as u32).to_be_bytes()],
            &[],
            ink_start,
            ink_start,
        );
    }
    let outcome = entry.call(&mut store, args_len);
    let ink_left = ink.get(&store).i64().unwrap_or(0).max(0) as u64;
    let out_of_ink = status.get(&store).i32().unwrap_or(0) != 0;
    // The budget is never 0 while running: the entry check traps before a frame would empty it.
    let out_of_stack = outcome.is_err() && stack.get(&store).i32().unwrap_or(0) == 0;
    let data = store.into_data();
    if tracing {
        let status = match &outcome {
            Ok(s) => Some(*s as u32),
            Err(e) => match e.downcast_ref::<Escape>() {
                Some(Escape::Exit(s)) => Some(*s as u32),
                _ => None,
            },
        };
        if let (Some(status), false, false) = (status, out_of_ink, out_of_stack) {
            // SAFETY: the store (the only other user of the pointer) has been dropped.
            let ctx = unsafe { &mut *data.ctx };
            // Nitro records the ink the program started with here too.
            record(
                ctx,
                "user_returned",
                &[],
                &[&status.to_be_bytes()],
                ink_start,
                ink_start,
            );
        }
    }

    if let (Some(started), Some(instantiated)) = (started, instantiated) {
        // SAFETY: the store (the only other user of the pointer) has been dropped.
        let ctx = unsafe { &mut *data.ctx };
        if let Some(p) = ctx.chain.profile.as_mut() {
            p.calls += 1;
            p.instantiate_ns += (instantiated - started).as_nanos() as u64;
            p.execute_ns += instantiated.elapsed().as_nanos() as u64;
            p.host_ns += data.host_ns;
            p.nested_ns += data.nested_ns;
        }
    }

    let gas_left = ink_left / ink_price;
    let output = Bytes::from(data.outs);
    let kind = match outcome {
        _ if out_of_ink => ExitKind::OutOfInk,
        _ if out_of_stack => ExitKind::OutOfStack,
        Ok(0) => ExitKind::Success,
        Ok(_) => ExitKind::Revert,
        Err(e) => match e.downcast_ref::<Escape>() {
            Some(Escape::Exit(0)) => ExitKind::Success,
            Some(Escape::Exit(_)) => ExitKind::Revert,
            Some(Escape::OutOfInk) => ExitKind::OutOfInk,
            Some(Escape::Failure(msg)) => ExitKind::Failure(msg.clone()),
            None => ExitKind::Failure(e.to_string()),
        },
    };
    let output = match kind {
        ExitKind::Success | ExitKind::Revert => output,
        _ => Bytes::new(),
    };
    RunResult {
        kind,
        output,
        gas_left,
        refund: data.refund,
    }
}

/// The chain's stack budget per invocation, in words.
fn ctx_stack_budget(store: &Store<HostState>) -> u32 {
    // SAFETY: see `HostState::ctx`; the engine is not running.
    let ctx = unsafe { &*store.data().ctx };
    ctx.chain.config.stylus.max_stack_depth.min(i32::MAX as u32)
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by host functions.

type C<'a> = Caller<'a, HostState>;

fn ink_left(caller: &C<'_>) -> u64 {
    caller
        .data()
        .ink
        .map_or(0, |g| g.get(caller).i64().unwrap_or(0).max(0) as u64)
}

fn set_ink(caller: &mut C<'_>, ink: u64) {
    if let Some(g) = caller.data().ink {
        let _ = g.set(&mut *caller, Val::I64(ink.min(i64::MAX as u64) as i64));
    }
}

fn out_of_ink(caller: &mut C<'_>) -> Error {
    set_ink(caller, 0);
    if let Some(g) = caller.data().status {
        let _ = g.set(&mut *caller, Val::I32(1));
    }
    Error::host(Escape::OutOfInk)
}

fn buy_ink(caller: &mut C<'_>, ink: u64) -> Result<(), Error> {
    let left = ink_left(caller);
    if left < ink {
        return Err(out_of_ink(caller));
    }
    set_ink(caller, left - ink);
    Ok(())
}

fn buy_gas(caller: &mut C<'_>, gas: u64) -> Result<(), Error> {
    let price = caller.data().ink_price;
    buy_ink(caller, gas.saturating_mul(price))
}

fn gas_left(caller: &C<'_>) -> u64 {
    ink_left(caller) / caller.data().ink_price
}

fn require_gas(caller: &mut C<'_>, gas: u64) -> Result<(), Error> {
    if gas_left(caller) < gas {
        return Err(out_of_ink(caller));
    }
    Ok(())
}

/// EVM gas of one EVM API round trip, as charged on cache misses.
fn evm_api_gas(caller: &C<'_>) -> u64 {
    pricing::EVM_API_INK / caller.data().ink_price
}

fn read(caller: &C<'_>, ptr: u32, len: u32) -> Result<Vec<u8>, Error> {
    let memory = caller.data().memory.ok_or_else(|| fail("no memory"))?;
    let mut buf = vec![0u8; len as usize];
    memory
        .read(caller, ptr as usize, &mut buf)
        .map_err(|_| fail(format!("out-of-bounds read of {len} bytes at {ptr:#x}")))?;
    Ok(buf)
}

fn read32(caller: &C<'_>, ptr: u32) -> Result<[u8; 32], Error> {
    let memory = caller.data().memory.ok_or_else(|| fail("no memory"))?;
    let mut buf = [0u8; 32];
    memory
        .read(caller, ptr as usize, &mut buf)
        .map_err(|_| fail(format!("out-of-bounds read of 32 bytes at {ptr:#x}")))?;
    Ok(buf)
}

fn read_u256(caller: &C<'_>, ptr: u32) -> Result<U256, Error> {
    Ok(U256::from_be_bytes(read32(caller, ptr)?))
}

fn read_address(caller: &C<'_>, ptr: u32) -> Result<Address, Error> {
    let memory = caller.data().memory.ok_or_else(|| fail("no memory"))?;
    let mut buf = [0u8; 20];
    memory
        .read(caller, ptr as usize, &mut buf)
        .map_err(|_| fail(format!("out-of-bounds read of 20 bytes at {ptr:#x}")))?;
    Ok(Address::from(buf))
}

fn write(caller: &mut C<'_>, ptr: u32, bytes: &[u8]) -> Result<(), Error> {
    let memory = caller.data().memory.ok_or_else(|| fail("no memory"))?;
    memory
        .write(&mut *caller, ptr as usize, bytes)
        .map_err(|_| {
            fail(format!(
                "out-of-bounds write of {} bytes at {ptr:#x}",
                bytes.len()
            ))
        })
}

fn write_u32(caller: &mut C<'_>, ptr: u32, value: u32) -> Result<(), Error> {
    write(caller, ptr, &value.to_le_bytes())
}

/// The transaction's revm context, for the duration of one host call.
fn ctx<'a>(caller: &C<'_>) -> &'a mut DevContext {
    // SAFETY: see `HostState::ctx`. The returned borrow is only used within the calling host
    // function, while the engine is suspended in it, so no other borrow of the context is live.
    unsafe { &mut *caller.data().ctx }
}

/// Times a host function when profiling.
fn timed<R>(
    caller: &mut C<'_>,
    f: impl FnOnce(&mut C<'_>) -> Result<R, Error>,
) -> Result<R, Error> {
    if !caller.data().profiling {
        return f(caller);
    }
    let start = Instant::now();
    let r = f(caller);
    caller.data_mut().host_ns += start.elapsed().as_nanos() as u64;
    r
}

/// Records one host I/O for the stylusTracer.
fn record(ctx: &mut DevContext, name: &str, args: &[&[u8]], outs: &[&[u8]], start: u64, end: u64) {
    if let Some(t) = ctx.chain.tracer.as_mut() {
        t.hostio(name, args.concat(), outs.concat(), start, end);
    }
}

/// The ink before a host function, when tracing (`None` otherwise: nothing is recorded).
fn trace_start(caller: &C<'_>) -> Option<u64> {
    caller.data().tracing.then(|| ink_left(caller))
}

/// Records a host I/O that started with `start` ink and ends now (Nitro records only host
/// functions that succeed).
fn trace_io(caller: &C<'_>, start: Option<u64>, name: &str, args: &[&[u8]], outs: &[&[u8]]) {
    if let Some(start) = start {
        record(ctx(caller), name, args, outs, start, ink_left(caller));
    }
}

fn console(caller: &C<'_>, line: String) {
    ctx(caller).chain.console.push(line);
}

// ---------------------------------------------------------------------------------------------
// Calls and creations out of a program.

#[derive(Clone, Copy, PartialEq, Eq)]
enum CallKind {
    Call,
    Delegate,
    Static,
}

/// Settles a nested frame's gas: the caller paid `paid` (base cost + gas forwarded without the
/// stipend) and gets back what the frame did not use.
fn settle(caller: &mut C<'_>, paid: u64, returned: u64) -> Result<(), Error> {
    if returned >= paid {
        let price = caller.data().ink_price;
        let left = ink_left(caller);
        set_ink(
            caller,
            left.saturating_add((returned - paid).saturating_mul(price)),
        );
        Ok(())
    } else {
        buy_gas(caller, paid - returned)
    }
}

fn do_call(
    caller: &mut C<'_>,
    kind: CallKind,
    to: Address,
    input: Vec<u8>,
    value: U256,
    gas_req: u64,
) -> Result<u8, Error> {
    let data = caller.data();
    let (contract, frame_caller, frame_value, is_static, depth) = (
        data.contract,
        data.caller,
        data.value,
        data.is_static,
        data.depth,
    );
    if kind == CallKind::Call && is_static && !value.is_zero() {
        return Err(fail("call with value in a static context"));
    }
    let ctx = ctx(caller);
    let start_gas = gas_left(caller);

    // EVM CALL semantics: access cost, value transfer, new account, EIP-7702 delegation.
    let (mut cost, is_empty, mut bytecode, mut code_hash) = {
        let acc = ctx
            .load_account_info_skip_cold_load(to, true, false)
            .map_err(|_| fail("state access failed"))?;
        let cost = if acc.is_cold {
            pricing::COLD_ACCOUNT_GAS
        } else {
            pricing::WARM_SLOAD_GAS
        };
        (
            cost,
            acc.is_empty,
            acc.code.clone().unwrap_or_default(),
            acc.code_hash(),
        )
    };
    if !value.is_zero() {
        cost += ctx.gas_params().transfer_value_cost();
        if kind == CallKind::Call && is_empty {
            cost += ctx.gas_params().new_account_cost(true, true);
        }
    }
    if let Some(delegate) = bytecode.eip7702_address() {
        let acc = ctx
            .load_account_info_skip_cold_load(delegate, true, false)
            .map_err(|_| fail("state access failed"))?;
        cost += pricing::WARM_SLOAD_GAS;
        if acc.is_cold {
            cost += pricing::COLD_ACCOUNT_GAS - pricing::WARM_SLOAD_GAS;
        }
        bytecode = acc.code.clone().unwrap_or_default();
        code_hash = acc.code_hash();
    }
    if cost > start_gas {
        return Err(out_of_ink(caller));
    }
    let available = start_gas - cost;
    let forwarded = (available - available / 64).min(gas_req);
    let stipend = if value.is_zero() {
        0
    } else {
        ctx.gas_params().call_stipend()
    };

    let inputs = CallInputs {
        input: CallInput::Bytes(input.into()),
        return_memory_offset: 0..0,
        gas_limit: forwarded + stipend,
        reservoir: 0,
        bytecode_address: to,
        known_bytecode: (code_hash, bytecode),
        target_address: if kind == CallKind::Delegate {
            contract
        } else {
            to
        },
        caller: if kind == CallKind::Delegate {
            frame_caller
        } else {
            contract
        },
        value: if kind == CallKind::Delegate {
            CallValue::Apparent(frame_value)
        } else {
            CallValue::Transfer(value)
        },
        scheme: match kind {
            CallKind::Call => CallScheme::Call,
            CallKind::Delegate => CallScheme::DelegateCall,
            CallKind::Static => CallScheme::StaticCall,
        },
        is_static: is_static || kind == CallKind::Static,
        charged_new_account_state_gas: false,
    };
    let started = caller.data().profiling.then(Instant::now);
    let result = run_nested(ctx, FrameInput::Call(Box::new(inputs)), depth);
    if let Some(s) = started {
        caller.data_mut().nested_ns += s.elapsed().as_nanos() as u64;
    }
    let (status, output, returned, refund) = match result {
        FrameResult::Call(outcome) => {
            let r = &outcome.result;
            let ok = r.result.is_ok();
            let output = if r.result.is_ok_or_revert() {
                r.output.clone()
            } else {
                Bytes::new()
            };
            (
                if ok { 0u8 } else { 1u8 },
                output,
                r.gas.remaining(),
                if ok { r.gas.refunded() } else { 0 },
            )
        }
        FrameResult::Create(_) => (1, Bytes::new(), 0, 0),
    };
    caller.data_mut().refund += refund;
    caller.data_mut().return_data = output;
    settle(caller, cost + forwarded, returned)?;
    Ok(status)
}

fn do_create(
    caller: &mut C<'_>,
    code: Vec<u8>,
    endowment: U256,
    salt: Option<U256>,
) -> Result<Address, Error> {
    let data = caller.data();
    let (contract, is_static, depth) = (data.contract, data.is_static, data.depth);
    if is_static {
        return Err(fail("contract creation in a static context"));
    }
    let ctx = ctx(caller);
    if code.len() > ctx.max_initcode_size() {
        return Err(fail(format!(
            "init code of {} bytes exceeds the limit",
            code.len()
        )));
    }
    let params = ctx.gas_params();
    let cost = match salt {
        None => params.create_cost(),
        Some(_) => params.create2_cost(code.len()),
    }
    .saturating_add(params.initcode_cost(code.len()));
    buy_gas(caller, cost)?;
    let available = gas_left(caller);
    let forwarded = available - available / 64;
    let scheme = match salt {
        None => CreateScheme::Create,
        Some(salt) => CreateScheme::Create2 { salt },
    };
    let inputs = CreateInputs::new(contract, scheme, endowment, code.into(), forwarded, 0);
    let started = caller.data().profiling.then(Instant::now);
    let result = run_nested(ctx, FrameInput::Create(Box::new(inputs)), depth);
    if let Some(s) = started {
        caller.data_mut().nested_ns += s.elapsed().as_nanos() as u64;
    }
    let (address, revert_data, returned, refund) = match result {
        FrameResult::Create(outcome) => {
            let r = &outcome.result;
            let ok = r.result.is_ok();
            let address = if ok {
                outcome.address.unwrap_or_default()
            } else {
                Address::ZERO
            };
            let revert_data = if r.result.is_revert() {
                r.output.clone()
            } else {
                Bytes::new()
            };
            (
                address,
                revert_data,
                r.gas.remaining(),
                if ok { r.gas.refunded() } else { 0 },
            )
        }
        FrameResult::Call(_) => (Address::ZERO, Bytes::new(), 0, 0),
    };
    caller.data_mut().refund += refund;
    caller.data_mut().return_data = revert_data;
    settle(caller, forwarded, returned)?;
    Ok(address)
}

// ---------------------------------------------------------------------------------------------
// The linker: every host function.

fn linker() -> &'static Linker<HostState> {
    static LINKER: OnceLock<Linker<HostState>> = OnceLock::new();
    LINKER.get_or_init(|| build_linker().expect("host functions have unique names"))
}

fn storage_load(caller: &mut C<'_>, key: U256) -> Result<U256, Error> {
    if let Some(slot) = caller.data().storage.get(&key) {
        return Ok(slot.value);
    }
    let contract = caller.data().contract;
    let load = ctx(caller)
        .sload(contract, key)
        .ok_or_else(|| fail("state access failed"))?;
    let gas = if load.is_cold {
        pricing::COLD_SLOAD_GAS
    } else {
        pricing::WARM_SLOAD_GAS
    };
    buy_gas(caller, gas + evm_api_gas(caller))?;
    caller.data_mut().storage.insert(
        key,
        Slot {
            value: load.data,
            known: Some(load.data),
        },
    );
    Ok(load.data)
}

fn flush(caller: &mut C<'_>, clear: bool) -> Result<(), Error> {
    let mut dirty: Vec<(U256, U256)> = caller
        .data()
        .storage
        .iter()
        .filter(|(_, s)| s.known != Some(s.value))
        .map(|(k, s)| (*k, s.value))
        .collect();
    dirty.sort_by_key(|(k, _)| *k);
    if !dirty.is_empty() && caller.data().is_static {
        return Err(fail("storage write in a static context"));
    }
    let contract = caller.data().contract;
    let ctx = ctx(caller);
    let mut gas = 0u64;
    let mut refund = 0i64;
    for (key, value) in &dirty {
        let load = ctx
            .sstore(contract, *key, *value)
            .ok_or_else(|| fail("state access failed"))?;
        let params = ctx.gas_params();
        gas = gas
            .saturating_add(params.sstore_static_gas())
            .saturating_add(params.sstore_dynamic_gas(true, &load.data, load.is_cold));
        refund += params.sstore_refund(true, &load.data);
    }
    let data = caller.data_mut();
    data.refund += refund;
    if clear {
        data.storage.clear();
    } else {
        for (key, value) in dirty {
            data.storage.insert(
                key,
                Slot {
                    value,
                    known: Some(value),
                },
            );
        }
    }
    buy_gas(caller, gas)
}

fn emit_log(caller: &mut C<'_>, ptr: u32, len: u32, topics: u32) -> Result<(), Error> {
    buy_ink(caller, hostio::EMIT_LOG)?;
    if topics > 4 || len < topics * 32 {
        return Err(fail("emit_log: bad topic data"));
    }
    if caller.data().is_static {
        return Err(fail("emit_log in a static context"));
    }
    buy_ink(caller, pricing::read_price(len))?;
    let data_len = (len - topics * 32) as u64;
    buy_gas(
        caller,
        pricing::LOG_GAS
            + pricing::LOG_TOPIC_GAS * topics as u64
            + pricing::LOG_DATA_GAS * data_len,
    )?;
    let bytes = read(caller, ptr, len)?;
    let topic_list: Vec<B256> = bytes[..topics as usize * 32]
        .chunks(32)
        .map(B256::from_slice)
        .collect();
    let data = Bytes::copy_from_slice(&bytes[topics as usize * 32..]);
    let address = caller.data().contract;
    ctx(caller).log(Log {
        address,
        data: LogData::new_unchecked(topic_list, data),
    });
    Ok(())
}

fn account_code(caller: &mut C<'_>, address: Address) -> Result<Bytes, Error> {
    require_gas(caller, pricing::COLD_ACCOUNT_GAS)?;
    let load = ctx(caller)
        .load_account_code(address)
        .ok_or_else(|| fail("state access failed"))?;
    buy_gas(
        caller,
        if load.is_cold {
            pricing::COLD_ACCOUNT_GAS
        } else {
            pricing::WARM_SLOAD_GAS
        },
    )?;
    Ok(load.data)
}

fn math(
    caller: &mut C<'_>,
    name: &str,
    start: Option<u64>,
    ink: u64,
    ptrs: &[u32],
    op: impl FnOnce(&[U256]) -> U256,
) -> Result<(), Error> {
    buy_ink(caller, ink)?;
    let mut vals = Vec::with_capacity(ptrs.len());
    for p in ptrs {
        vals.push(read_u256(caller, *p)?);
    }
    let result = op(&vals);
    write(caller, ptrs[0], &result.to_be_bytes::<32>())?;
    if start.is_some() {
        let args: Vec<[u8; 32]> = vals.iter().map(|v| v.to_be_bytes::<32>()).collect();
        let args: Vec<&[u8]> = args.iter().map(|a| a.as_slice()).collect();
        trace_io(caller, start, name, &args, &[&result.to_be_bytes::<32>()]);
    }
    Ok(())
}

fn build_linker() -> Result<Linker<HostState>, wasmi::errors::LinkerError> {
    let mut l = Linker::<HostState>::new(super::engine());
    const VM: &str = "vm_hooks";

    l.func_wrap(
        VM,
        "read_args",
        |mut c: C<'_>, ptr: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            let args = c.data().args.clone();
            buy_ink(
                &mut c,
                hostio::READ_ARGS + pricing::write_price(args.len() as u32),
            )?;
            write(&mut c, ptr, &args)?;
            trace_io(&c, t, "read_args", &[], &[&args]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "write_result",
        |mut c: C<'_>, ptr: u32, len: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::WRITE_RESULT + 2 * pricing::read_price(len))?;
            let out = read(&c, ptr, len)?;
            trace_io(&c, t, "write_result", &[&out], &[]);
            c.data_mut().outs = out;
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "exit_early",
        |c: C<'_>, status: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            trace_io(&c, t, "exit_early", &[&status.to_be_bytes()], &[]);
            Err(Error::host(Escape::Exit(status as i32)))
        },
    )?;
    l.func_wrap(
        VM,
        "storage_load_bytes32",
        |mut c: C<'_>, key: u32, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::STORAGE_LOAD)?;
                let api = evm_api_gas(c);
                require_gas(c, pricing::COLD_SLOAD_GAS + pricing::WARM_SLOAD_GAS + api)?;
                let key = read_u256(c, key)?;
                let value = storage_load(c, key)?;
                write(c, dest, &value.to_be_bytes::<32>())?;
                let (k, v) = (key.to_be_bytes::<32>(), value.to_be_bytes::<32>());
                trace_io(c, t, "storage_load_bytes32", &[&k], &[&v]);
                Ok(())
            })
        },
    )?;
    l.func_wrap(
        VM,
        "storage_cache_bytes32",
        |mut c: C<'_>, key: u32, value: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::STORAGE_CACHE)?;
            require_gas(&mut c, pricing::SSTORE_SENTRY_GAS + pricing::WARM_SLOAD_GAS)?;
            let key = read_u256(&c, key)?;
            let value = read_u256(&c, value)?;
            let data = c.data_mut();
            let known = data.storage.get(&key).and_then(|s| s.known);
            data.storage.insert(key, Slot { value, known });
            let (k, v) = (key.to_be_bytes::<32>(), value.to_be_bytes::<32>());
            trace_io(&c, t, "storage_cache_bytes32", &[&k, &v], &[]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "storage_flush_cache",
        |mut c: C<'_>, clear: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::STORAGE_FLUSH)?;
                require_gas(c, pricing::SSTORE_SENTRY_GAS)?;
                flush(c, clear != 0)?;
                trace_io(c, t, "storage_flush_cache", &[&[u8::from(clear != 0)]], &[]);
                Ok(())
            })
        },
    )?;
    l.func_wrap(
        VM,
        "transient_load_bytes32",
        |mut c: C<'_>, key: u32, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::TRANSIENT_LOAD)?;
            buy_gas(&mut c, pricing::TRANSIENT_GAS)?;
            let key = read_u256(&c, key)?;
            let contract = c.data().contract;
            let value = ctx(&c).tload(contract, key);
            write(&mut c, dest, &value.to_be_bytes::<32>())?;
            let (k, v) = (key.to_be_bytes::<32>(), value.to_be_bytes::<32>());
            trace_io(&c, t, "transient_load_bytes32", &[&k], &[&v]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "transient_store_bytes32",
        |mut c: C<'_>, key: u32, value: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::TRANSIENT_STORE)?;
            buy_gas(&mut c, pricing::TRANSIENT_GAS)?;
            if c.data().is_static {
                return Err(fail("transient storage write in a static context"));
            }
            let key = read_u256(&c, key)?;
            let value = read_u256(&c, value)?;
            let contract = c.data().contract;
            ctx(&c).tstore(contract, key, value);
            let (k, v) = (key.to_be_bytes::<32>(), value.to_be_bytes::<32>());
            trace_io(&c, t, "transient_store_bytes32", &[&k, &v], &[]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "call_contract",
        |mut c: C<'_>,
         to: u32,
         data: u32,
         len: u32,
         value: u32,
         gas: u64,
         ret_len: u32|
         -> Result<u32, Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::CALL_CONTRACT + 2 * pricing::read_price(len))?;
                let to = read_address(c, to)?;
                let input = read(c, data, len)?;
                let value = read_u256(c, value)?;
                let args = t.map(|_| {
                    [
                        to.as_slice(),
                        &gas.to_be_bytes(),
                        &value.to_be_bytes::<32>(),
                        &input,
                    ]
                    .concat()
                });
                let status = do_call(c, CallKind::Call, to, input, value, gas)?;
                let n = c.data().return_data.len() as u32;
                write_u32(c, ret_len, n)?;
                if let Some(args) = args {
                    let outs = [&n.to_be_bytes()[..], &[status]].concat();
                    trace_io(c, t, "call_contract", &[&args], &[&outs]);
                }
                Ok(status as u32)
            })
        },
    )?;
    for (name, kind) in [
        ("delegate_call_contract", CallKind::Delegate),
        ("static_call_contract", CallKind::Static),
    ] {
        l.func_wrap(
            VM,
            name,
            move |mut c: C<'_>,
                  to: u32,
                  data: u32,
                  len: u32,
                  gas: u64,
                  ret_len: u32|
                  -> Result<u32, Error> {
                let t = trace_start(&c);
                timed(&mut c, |c| {
                    buy_ink(c, hostio::CALL_CONTRACT + 2 * pricing::read_price(len))?;
                    let to = read_address(c, to)?;
                    let input = read(c, data, len)?;
                    let args = t.map(|_| [to.as_slice(), &gas.to_be_bytes(), &input].concat());
                    let status = do_call(c, kind, to, input, U256::ZERO, gas)?;
                    let n = c.data().return_data.len() as u32;
                    write_u32(c, ret_len, n)?;
                    if let Some(args) = args {
                        let outs = [&n.to_be_bytes()[..], &[status]].concat();
                        trace_io(c, t, name, &[&args], &[&outs]);
                    }
                    Ok(status as u32)
                })
            },
        )?;
    }
    l.func_wrap(
        VM,
        "create1",
        |mut c: C<'_>,
         code: u32,
         len: u32,
         endowment: u32,
         out: u32,
         revert_len: u32|
         -> Result<(), Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::CREATE1 + 2 * pricing::read_price(len))?;
                let code = read(c, code, len)?;
                let endowment = read_u256(c, endowment)?;
                let args = t.map(|_| [&endowment.to_be_bytes::<32>()[..], &code].concat());
                let address = do_create(c, code, endowment, None)?;
                let n = c.data().return_data.len() as u32;
                write_u32(c, revert_len, n)?;
                write(c, out, address.as_slice())?;
                if let Some(args) = args {
                    trace_io(
                        c,
                        t,
                        "create1",
                        &[&args],
                        &[address.as_slice(), &n.to_be_bytes()],
                    );
                }
                Ok(())
            })
        },
    )?;
    l.func_wrap(
        VM,
        "create2",
        |mut c: C<'_>,
         code: u32,
         len: u32,
         endowment: u32,
         salt: u32,
         out: u32,
         revert_len: u32|
         -> Result<(), Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::CREATE2 + 2 * pricing::read_price(len))?;
                let code = read(c, code, len)?;
                let endowment = read_u256(c, endowment)?;
                let salt = read_u256(c, salt)?;
                let args = t.map(|_| {
                    [
                        &endowment.to_be_bytes::<32>()[..],
                        &salt.to_be_bytes::<32>(),
                        &code,
                    ]
                    .concat()
                });
                let address = do_create(c, code, endowment, Some(salt))?;
                let n = c.data().return_data.len() as u32;
                write_u32(c, revert_len, n)?;
                write(c, out, address.as_slice())?;
                if let Some(args) = args {
                    trace_io(
                        c,
                        t,
                        "create2",
                        &[&args],
                        &[address.as_slice(), &n.to_be_bytes()],
                    );
                }
                Ok(())
            })
        },
    )?;
    l.func_wrap(
        VM,
        "read_return_data",
        |mut c: C<'_>, dest: u32, offset: u32, size: u32| -> Result<u32, Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::READ_RETURN_DATA)?;
            let data = c.data().return_data.clone();
            let max = (data.len() as u32).saturating_sub(offset);
            buy_ink(&mut c, pricing::write_price(size.min(max)))?;
            let args = [offset.to_be_bytes(), size.to_be_bytes()].concat();
            if max == 0 {
                trace_io(&c, t, "read_return_data", &[&args], &[]);
                return Ok(0);
            }
            let start = offset as usize;
            let end = (offset.saturating_add(size) as usize).min(data.len());
            let slice = &data[start..end];
            if !slice.is_empty() {
                write(&mut c, dest, slice)?;
            }
            trace_io(&c, t, "read_return_data", &[&args], &[slice]);
            Ok(slice.len() as u32)
        },
    )?;
    l.func_wrap(
        VM,
        "return_data_size",
        |mut c: C<'_>| -> Result<u32, Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::RETURN_DATA_SIZE)?;
            let n = c.data().return_data.len() as u32;
            trace_io(&c, t, "return_data_size", &[], &[&n.to_be_bytes()]);
            Ok(n)
        },
    )?;
    l.func_wrap(
        VM,
        "emit_log",
        |mut c: C<'_>, ptr: u32, len: u32, topics: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                emit_log(c, ptr, len, topics)?;
                if t.is_some() {
                    let bytes = read(c, ptr, len)?;
                    trace_io(c, t, "emit_log", &[&topics.to_be_bytes(), &bytes], &[]);
                }
                Ok(())
            })
        },
    )?;
    l.func_wrap(
        VM,
        "account_balance",
        |mut c: C<'_>, address: u32, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::ACCOUNT_BALANCE)?;
                require_gas(c, pricing::COLD_ACCOUNT_GAS)?;
                let address = read_address(c, address)?;
                let load = ctx(c)
                    .balance(address)
                    .ok_or_else(|| fail("state access failed"))?;
                buy_gas(
                    c,
                    if load.is_cold {
                        pricing::COLD_ACCOUNT_GAS
                    } else {
                        pricing::WARM_SLOAD_GAS
                    },
                )?;
                write(c, dest, &load.data.to_be_bytes::<32>())?;
                let balance = load.data.to_be_bytes::<32>();
                trace_io(c, t, "account_balance", &[address.as_slice()], &[&balance]);
                Ok(())
            })
        },
    )?;
    l.func_wrap(
        VM,
        "account_code",
        |mut c: C<'_>, address: u32, offset: u32, size: u32, dest: u32| -> Result<u32, Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::ACCOUNT_CODE)?;
                let address = read_address(c, address)?;
                let code = account_code(c, address)?;
                buy_ink(c, pricing::write_price(code.len() as u32))?;
                let start = (offset as usize).min(code.len());
                let end = (offset.saturating_add(size) as usize).min(code.len());
                write(c, dest, &code[start..end])?;
                let args = [
                    address.as_slice(),
                    &offset.to_be_bytes(),
                    &size.to_be_bytes(),
                ];
                trace_io(c, t, "account_code", &args, &[&code[start..end]]);
                Ok((end - start) as u32)
            })
        },
    )?;
    l.func_wrap(
        VM,
        "account_code_size",
        |mut c: C<'_>, address: u32| -> Result<u32, Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::ACCOUNT_CODE_SIZE)?;
                let address = read_address(c, address)?;
                let n = account_code(c, address)?.len() as u32;
                trace_io(
                    c,
                    t,
                    "account_code_size",
                    &[address.as_slice()],
                    &[&n.to_be_bytes()],
                );
                Ok(n)
            })
        },
    )?;
    l.func_wrap(
        VM,
        "account_codehash",
        |mut c: C<'_>, address: u32, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            timed(&mut c, |c| {
                buy_ink(c, hostio::ACCOUNT_CODEHASH)?;
                require_gas(c, pricing::COLD_ACCOUNT_GAS)?;
                let address = read_address(c, address)?;
                let load = ctx(c)
                    .load_account_code_hash(address)
                    .ok_or_else(|| fail("state access failed"))?;
                buy_gas(
                    c,
                    if load.is_cold {
                        pricing::COLD_ACCOUNT_GAS
                    } else {
                        pricing::WARM_SLOAD_GAS
                    },
                )?;
                write(c, dest, load.data.as_slice())?;
                let hash = load.data;
                trace_io(
                    c,
                    t,
                    "account_codehash",
                    &[address.as_slice()],
                    &[hash.as_slice()],
                );
                Ok(())
            })
        },
    )?;
    l.func_wrap(
        VM,
        "block_basefee",
        |mut c: C<'_>, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::BLOCK_BASEFEE)?;
            let fee = U256::from(ctx(&c).block.basefee()).to_be_bytes::<32>();
            write(&mut c, dest, &fee)?;
            trace_io(&c, t, "block_basefee", &[], &[&fee]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "block_coinbase",
        |mut c: C<'_>, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::BLOCK_COINBASE)?;
            let coinbase = ctx(&c).block.beneficiary();
            write(&mut c, dest, coinbase.as_slice())?;
            trace_io(&c, t, "block_coinbase", &[], &[coinbase.as_slice()]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "block_gas_limit",
        |mut c: C<'_>| -> Result<u64, Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::BLOCK_GAS_LIMIT)?;
            let limit = ctx(&c).block.gas_limit();
            trace_io(&c, t, "block_gas_limit", &[], &[&limit.to_be_bytes()]);
            Ok(limit)
        },
    )?;
    l.func_wrap(VM, "block_number", |mut c: C<'_>| -> Result<u64, Error> {
        let t = trace_start(&c);
        buy_ink(&mut c, hostio::BLOCK_NUMBER)?;
        let number: u64 = ctx(&c).block.number().saturating_to();
        trace_io(&c, t, "block_number", &[], &[&number.to_be_bytes()]);
        Ok(number)
    })?;
    l.func_wrap(
        VM,
        "block_timestamp",
        |mut c: C<'_>| -> Result<u64, Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::BLOCK_TIMESTAMP)?;
            let timestamp: u64 = ctx(&c).block.timestamp().saturating_to();
            trace_io(&c, t, "block_timestamp", &[], &[&timestamp.to_be_bytes()]);
            Ok(timestamp)
        },
    )?;
    l.func_wrap(VM, "chainid", |mut c: C<'_>| -> Result<u64, Error> {
        let t = trace_start(&c);
        buy_ink(&mut c, hostio::CHAIN_ID)?;
        let id = ctx(&c).cfg.chain_id;
        trace_io(&c, t, "chainid", &[], &[&id.to_be_bytes()]);
        Ok(id)
    })?;
    l.func_wrap(
        VM,
        "contract_address",
        |mut c: C<'_>, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::CONTRACT_ADDRESS)?;
            let contract = c.data().contract;
            write(&mut c, dest, contract.as_slice())?;
            trace_io(&c, t, "contract_address", &[], &[contract.as_slice()]);
            Ok(())
        },
    )?;
    l.func_wrap(VM, "evm_gas_left", |mut c: C<'_>| -> Result<u64, Error> {
        let t = trace_start(&c);
        buy_ink(&mut c, hostio::EVM_GAS_LEFT)?;
        let gas = gas_left(&c);
        trace_io(&c, t, "evm_gas_left", &[], &[&gas.to_be_bytes()]);
        Ok(gas)
    })?;
    l.func_wrap(VM, "evm_ink_left", |mut c: C<'_>| -> Result<u64, Error> {
        let t = trace_start(&c);
        buy_ink(&mut c, hostio::EVM_INK_LEFT)?;
        let ink = ink_left(&c);
        trace_io(&c, t, "evm_ink_left", &[], &[&ink.to_be_bytes()]);
        Ok(ink)
    })?;
    l.func_wrap(
        VM,
        "math_div",
        |mut c: C<'_>, a: u32, b: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            math(&mut c, "math_div", t, hostio::MATH_DIV, &[a, b], |v| {
                v[0].checked_div(v[1]).unwrap_or_default()
            })
        },
    )?;
    l.func_wrap(
        VM,
        "math_mod",
        |mut c: C<'_>, a: u32, b: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            math(&mut c, "math_mod", t, hostio::MATH_MOD, &[a, b], |v| {
                v[0].checked_rem(v[1]).unwrap_or_default()
            })
        },
    )?;
    l.func_wrap(
        VM,
        "math_pow",
        |mut c: C<'_>, a: u32, b: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            let exponent = read32(&c, b)?;
            buy_ink(&mut c, pricing::pow_price(&exponent))?;
            math(&mut c, "math_pow", t, hostio::MATH_POW, &[a, b], |v| {
                v[0].wrapping_pow(v[1])
            })
        },
    )?;
    l.func_wrap(
        VM,
        "math_add_mod",
        |mut c: C<'_>, a: u32, b: u32, m: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            math(
                &mut c,
                "math_add_mod",
                t,
                hostio::MATH_ADD_MOD,
                &[a, b, m],
                |v| v[0].add_mod(v[1], v[2]),
            )
        },
    )?;
    l.func_wrap(
        VM,
        "math_mul_mod",
        |mut c: C<'_>, a: u32, b: u32, m: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            math(
                &mut c,
                "math_mul_mod",
                t,
                hostio::MATH_MUL_MOD,
                &[a, b, m],
                |v| v[0].mul_mod(v[1], v[2]),
            )
        },
    )?;
    l.func_wrap(VM, "msg_reentrant", |mut c: C<'_>| -> Result<u32, Error> {
        let t = trace_start(&c);
        buy_ink(&mut c, hostio::MSG_REENTRANT)?;
        let reentrant = c.data().reentrant as u32;
        trace_io(&c, t, "msg_reentrant", &[], &[&reentrant.to_be_bytes()]);
        Ok(reentrant)
    })?;
    l.func_wrap(
        VM,
        "msg_sender",
        |mut c: C<'_>, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::MSG_SENDER)?;
            let sender = c.data().caller;
            write(&mut c, dest, sender.as_slice())?;
            trace_io(&c, t, "msg_sender", &[], &[sender.as_slice()]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "msg_value",
        |mut c: C<'_>, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::MSG_VALUE)?;
            let value = c.data().value.to_be_bytes::<32>();
            write(&mut c, dest, &value)?;
            trace_io(&c, t, "msg_value", &[], &[&value]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "native_keccak256",
        |mut c: C<'_>, ptr: u32, len: u32, out: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, pricing::keccak_price(len))?;
            let bytes = read(&c, ptr, len)?;
            let digest = keccak256(&bytes);
            write(&mut c, out, digest.as_slice())?;
            trace_io(&c, t, "native_keccak256", &[&bytes], &[digest.as_slice()]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "tx_gas_price",
        |mut c: C<'_>, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::TX_GAS_PRICE)?;
            let price = ctx(&c).effective_gas_price().to_be_bytes::<32>();
            write(&mut c, dest, &price)?;
            trace_io(&c, t, "tx_gas_price", &[], &[&price]);
            Ok(())
        },
    )?;
    l.func_wrap(VM, "tx_ink_price", |mut c: C<'_>| -> Result<u32, Error> {
        let t = trace_start(&c);
        buy_ink(&mut c, hostio::TX_INK_PRICE)?;
        let price = c.data().ink_price as u32;
        trace_io(&c, t, "tx_ink_price", &[], &[&price.to_be_bytes()]);
        Ok(price)
    })?;
    l.func_wrap(
        VM,
        "tx_origin",
        |mut c: C<'_>, dest: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            buy_ink(&mut c, hostio::TX_ORIGIN)?;
            let origin = ctx(&c).tx.caller();
            write(&mut c, dest, origin.as_slice())?;
            trace_io(&c, t, "tx_origin", &[], &[origin.as_slice()]);
            Ok(())
        },
    )?;
    l.func_wrap(
        VM,
        "pay_for_memory_grow",
        |mut c: C<'_>, pages: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            let traced = (pages.min(u16::MAX as u32) as u16).to_be_bytes();
            if pages == 0 {
                buy_ink(&mut c, hostio::PAY_FOR_MEMORY_GROW)?;
                trace_io(&c, t, "pay_for_memory_grow", &[&traced], &[]);
                return Ok(());
            }
            let pages = pages.min(u16::MAX as u32) as u16;
            let runtime = &mut ctx(&c).chain;
            let params = &runtime.config.stylus;
            let gas = pricing::memory_gas(
                params.free_pages,
                params.page_gas,
                pages,
                runtime.pages_open,
                runtime.pages_ever,
            );
            runtime.pages_open = runtime.pages_open.saturating_add(pages);
            runtime.pages_ever = runtime.pages_ever.max(runtime.pages_open);
            buy_gas(&mut c, gas)?;
            trace_io(&c, t, "pay_for_memory_grow", &[&traced], &[]);
            Ok(())
        },
    )?;

    const CONSOLE: &str = "console";
    l.func_wrap(
        CONSOLE,
        "log_txt",
        |c: C<'_>, ptr: u32, len: u32| -> Result<(), Error> {
            let t = trace_start(&c);
            let bytes = read(&c, ptr, len)?;
            console(&c, String::from_utf8_lossy(&bytes).into_owned());
            trace_io(&c, t, "console_log_text", &[&bytes], &[]);
            Ok(())
        },
    )?;
    l.func_wrap(CONSOLE, "log_i32", |c: C<'_>, v: i32| {
        let t = trace_start(&c);
        console(&c, v.to_string());
        trace_io(&c, t, "console_log", &[v.to_string().as_bytes()], &[]);
    })?;
    l.func_wrap(CONSOLE, "log_i64", |c: C<'_>, v: i64| {
        let t = trace_start(&c);
        console(&c, v.to_string());
        trace_io(&c, t, "console_log", &[v.to_string().as_bytes()], &[]);
    })?;
    l.func_wrap(CONSOLE, "log_f32", |c: C<'_>, v: f32| {
        let t = trace_start(&c);
        console(&c, v.to_string());
        trace_io(&c, t, "console_log", &[v.to_string().as_bytes()], &[]);
    })?;
    l.func_wrap(CONSOLE, "log_f64", |c: C<'_>, v: f64| {
        let t = trace_start(&c);
        console(&c, v.to_string());
        trace_io(&c, t, "console_log", &[v.to_string().as_bytes()], &[]);
    })?;
    l.func_wrap(CONSOLE, "tee_i32", |c: C<'_>, v: i32| {
        console(&c, v.to_string());
        v
    })?;
    l.func_wrap(CONSOLE, "tee_i64", |c: C<'_>, v: i64| {
        console(&c, v.to_string());
        v
    })?;
    l.func_wrap(CONSOLE, "tee_f32", |c: C<'_>, v: f32| {
        console(&c, v.to_string());
        v
    })?;
    l.func_wrap(CONSOLE, "tee_f64", |c: C<'_>, v: f64| {
        console(&c, v.to_string());
        v
    })?;
    Ok(l)
}
