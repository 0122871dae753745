//! Execution tracing, as `debug_traceTransaction` and `debug_traceCall` serve it: geth's
//! `callTracer` (every frame, EVM and Stylus alike, including the calls and creations Stylus
//! programs make through their host functions) and Nitro's `stylusTracer` (every host I/O of every
//! program, with the ink before and after it: what `cargo stylus trace` reads).
//!
//! A `Tracer` rides in the execution context while a traced transaction runs; the frame loop
//! (`evm::drive`) calls `enter` and `exit` around every frame and the host functions call
//! `Tracer::hostio`. Untraced execution never builds one. The chain's entry points are
//! [`crate::Chain::trace_transaction`], [`crate::Chain::trace_call`] and
//! [`crate::Chain::create_access_list`].

use crate::evm::DevContext;
use alloy_primitives::{Address, Bytes, B256, U256, U64};
use alloy_sol_types::SolError;
use revm::context_interface::JournalTr;
use revm::handler::FrameResult;
use revm::interpreter::{CallScheme, CreateScheme, FrameInput, InstructionResult};
use serde::{Deserialize, Serialize};

/// The tracers devnode runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TracerKind {
    /// geth's `callTracer`.
    Call {
        /// Record the top-level call only (geth's `onlyTopCall`).
        only_top_call: bool,
        /// Record each frame's logs (geth's `withLog`).
        with_log: bool,
    },
    /// Nitro's `stylusTracer`.
    Stylus,
}

/// One frame of geth's `callTracer` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallFrame {
    /// `CALL`, `STATICCALL`, `DELEGATECALL`, `CALLCODE`, `CREATE` or `CREATE2`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The caller.
    pub from: Address,
    /// The callee (the code's address for `DELEGATECALL`/`CALLCODE`; the new contract for
    /// creations, absent when the creation failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Address>,
    /// Value sent (absent for `STATICCALL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<U256>,
    /// Gas given to the frame (the transaction's gas limit for the top frame).
    pub gas: U64,
    /// Gas the frame used (the receipt's gas for the top frame).
    pub gas_used: U64,
    /// Calldata or init code.
    pub input: Bytes,
    /// Return data, revert data, or the created code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<Bytes>,
    /// Why the frame failed, in geth's words (`execution reverted`, `out of gas`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The `Error(string)` reason of a revert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revert_reason: Option<String>,
    /// Frames this one opened, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<CallFrame>,
    /// Logs this frame emitted (with `withLog`; cleared when the frame or an ancestor failed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<CallLog>,
}

/// A log in a [`CallFrame`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallLog {
    /// Emitting contract.
    pub address: Address,
    /// Topics.
    pub topics: Vec<B256>,
    /// Data.
    pub data: Bytes,
    /// How many of the frame's calls came before the log.
    pub position: U64,
}

/// One host I/O of Nitro's `stylusTracer`: name, arguments and results in Nitro's binary layout,
/// ink before and after; calls carry the callee and its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Hostio {
    /// Host function (`storage_load_bytes32`, ...), `user_entrypoint`/`user_returned`, or
    /// `evm_call_contract` & co. for frames not opened by a program.
    pub name: String,
    /// Arguments, big-endian, concatenated.
    pub args: Bytes,
    /// Results, big-endian, concatenated.
    pub outs: Bytes,
    /// Ink before the host function.
    pub start_ink: u64,
    /// Ink after it.
    pub end_ink: u64,
    /// Callee of a call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// The callee's host I/O.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<Hostio>>,
}

/// Host functions whose record takes over the frame the call opened (Nitro's `nestsHostios`).
const NESTS: [&str; 3] = [
    "call_contract",
    "delegate_call_contract",
    "static_call_contract",
];

#[derive(Debug)]
struct OpenFrame {
    frame: CallFrame,
    /// Journal log count when the frame started.
    logs_start: usize,
    /// Journal log ranges of the frame's finished children.
    child_logs: Vec<(usize, usize)>,
}

/// The state of one traced execution.
#[derive(Debug)]
pub(crate) struct Tracer {
    kind: TracerKind,
    open: Vec<OpenFrame>,
    top: Option<CallFrame>,
    steps: Vec<Hostio>,
    stack: Vec<Vec<Hostio>>,
    /// A broken nesting (a bug): reported instead of a wrong trace.
    fault: Option<String>,
}

impl Tracer {
    pub(crate) fn new(kind: TracerKind) -> Self {
        Self {
            kind,
            open: Vec::new(),
            top: None,
            steps: Vec::new(),
            stack: Vec::new(),
            fault: None,
        }
    }

    /// Records one host I/O of the running program.
    pub(crate) fn hostio(
        &mut self,
        name: &str,
        args: Vec<u8>,
        outs: Vec<u8>,
        start_ink: u64,
        end_ink: u64,
    ) {
        if self.kind != TracerKind::Stylus {
            return;
        }
        let mut info = Hostio {
            name: name.to_owned(),
            args: args.into(),
            outs: outs.into(),
            start_ink,
            end_ink,
            address: None,
            steps: None,
        };
        if NESTS.contains(&name) {
            match self.steps.pop() {
                Some(last) if last.name.strip_prefix("evm_") == Some(name) => {
                    info.address = last.address;
                    info.steps = last.steps;
                }
                other => {
                    self.fault.get_or_insert_with(|| {
                        format!(
                            "trace inconsistency for {name}: last step is {:?}",
                            other.map(|o| o.name)
                        )
                    });
                    return;
                }
            }
        }
        self.steps.push(info);
    }

    /// The result: the call tree or the host I/O list.
    pub(crate) fn finish(self, gas_limit: u64, gas_used: u64) -> Result<serde_json::Value, String> {
        if let Some(fault) = self.fault {
            return Err(fault);
        }
        match self.kind {
            TracerKind::Call { .. } => {
                let mut top = self
                    .top
                    .ok_or_else(|| "the transaction opened no frame".to_string())?;
                top.gas = U64::from(gas_limit);
                top.gas_used = U64::from(gas_used);
                serde_json::to_value(top).map_err(|e| e.to_string())
            }
            TracerKind::Stylus => serde_json::to_value(self.steps).map_err(|e| e.to_string()),
        }
    }
}

/// geth's name of a frame's failure.
fn error_text(result: InstructionResult) -> Option<String> {
    use InstructionResult as R;
    if result.is_ok() {
        return None;
    }
    Some(
        match result {
            R::Revert => "execution reverted",
            R::OutOfGas
            | R::MemoryOOG
            | R::MemoryLimitOOG
            | R::PrecompileOOG
            | R::InvalidOperandOOG
            | R::ReentrancySentryOOG => "out of gas",
            R::OpcodeNotFound | R::InvalidFEOpcode => "invalid opcode",
            R::InvalidJump => "invalid jump destination",
            R::StackUnderflow => "stack underflow",
            R::StackOverflow => "stack limit reached 1024",
            R::CallTooDeep => "max call depth exceeded",
            R::OutOfFunds => "insufficient balance for transfer",
            R::StateChangeDuringStaticCall => "write protection",
            R::CreateCollision => "contract address collision",
            R::CreateContractSizeLimit => "max code size exceeded",
            R::CreateInitCodeSizeLimit => "max initcode size exceeded",
            R::CreateContractStartingWithEF => "invalid code: must not begin with 0xef",
            R::NonceOverflow => "nonce uint64 overflow",
            R::OutOfOffset => "return data out of bounds",
            other => return Some(format!("{other:?}")),
        }
        .to_string(),
    )
}

/// The reason of an `Error(string)` revert.
pub(crate) fn revert_reason(output: &[u8]) -> Option<String> {
    alloy_sol_types::Revert::abi_decode(output)
        .ok()
        .map(|r| r.reason)
}

fn stylus_name(input: &FrameInput) -> &'static str {
    match input {
        FrameInput::Call(c) => match c.scheme {
            CallScheme::Call | CallScheme::CallCode => "evm_call_contract",
            CallScheme::DelegateCall => "evm_delegate_call_contract",
            CallScheme::StaticCall => "evm_static_call_contract",
        },
        FrameInput::Create(c) => match c.scheme() {
            CreateScheme::Create2 { .. } => "evm_create2",
            _ => "evm_create1",
        },
        FrameInput::Empty => "evm_call_contract",
    }
}

/// A frame starts (before revm sets it up).
pub(crate) fn enter(ctx: &mut DevContext, input: &FrameInput) {
    let Some(mut tracer) = ctx.chain.tracer.take() else {
        return;
    };
    let depth = tracer.open.len();
    if tracer.kind == TracerKind::Stylus && depth > 0 {
        let to = match input {
            FrameInput::Call(c) => Some(c.bytecode_address),
            // Computed here, not with `CreateInputs::created_address`, which would cache the
            // address revm then uses.
            FrameInput::Create(c) => {
                let nonce = ctx
                    .journaled_state
                    .inner
                    .state
                    .get(&c.caller())
                    .map_or(0, |a| a.info.nonce);
                Some(match c.scheme() {
                    CreateScheme::Create2 { salt } => c
                        .caller()
                        .create2_from_code(B256::from(salt.to_be_bytes::<32>()), c.init_code()),
                    CreateScheme::Custom { address } => address,
                    CreateScheme::Create => c.caller().create(nonce),
                })
            }
            FrameInput::Empty => None,
        };
        tracer.steps.push(Hostio {
            name: stylus_name(input).into(),
            args: Bytes::new(),
            outs: Bytes::new(),
            start_ink: 0,
            end_ink: 0,
            address: to,
            steps: None,
        });
        let outer = std::mem::take(&mut tracer.steps);
        tracer.stack.push(outer);
    }
    let frame = match input {
        FrameInput::Call(c) => CallFrame {
            kind: match c.scheme {
                CallScheme::Call => "CALL",
                CallScheme::CallCode => "CALLCODE",
                CallScheme::DelegateCall => "DELEGATECALL",
                CallScheme::StaticCall => "STATICCALL",
            }
            .into(),
            // geth: the contract that made the call (a delegate call's `caller` is the
            // apparent sender, its target the contract running it).
            from: match c.scheme {
                CallScheme::DelegateCall | CallScheme::CallCode => c.target_address,
                CallScheme::Call | CallScheme::StaticCall => c.caller,
            },
            to: Some(c.bytecode_address),
            value: (c.scheme != CallScheme::StaticCall).then(|| c.value.get()),
            gas: U64::from(c.gas_limit),
            gas_used: U64::ZERO,
            input: c.input.bytes(&*ctx),
            output: None,
            error: None,
            revert_reason: None,
            calls: Vec::new(),
            logs: Vec::new(),
        },
        FrameInput::Create(c) => CallFrame {
            kind: match c.scheme() {
                CreateScheme::Create2 { .. } => "CREATE2",
                _ => "CREATE",
            }
            .into(),
            from: c.caller(),
            to: None,
            value: Some(c.value()),
            gas: U64::from(c.gas_limit()),
            gas_used: U64::ZERO,
            input: c.init_code().clone(),
            output: None,
            error: None,
            revert_reason: None,
            calls: Vec::new(),
            logs: Vec::new(),
        },
        FrameInput::Empty => {
            ctx.chain.tracer = Some(tracer);
            return;
        }
    };
    tracer.open.push(OpenFrame {
        frame,
        logs_start: ctx.journaled_state.logs().len(),
        child_logs: Vec::new(),
    });
    ctx.chain.tracer = Some(tracer);
}

/// A frame ended (before its result goes back to its parent).
pub(crate) fn exit(ctx: &mut DevContext, result: &FrameResult) {
    let Some(mut tracer) = ctx.chain.tracer.take() else {
        return;
    };
    let Some(mut open) = tracer.open.pop() else {
        tracer
            .fault
            .get_or_insert("a frame ended that never started".into());
        ctx.chain.tracer = Some(tracer);
        return;
    };
    let depth = tracer.open.len();
    if tracer.kind == TracerKind::Stylus && depth > 0 {
        let inner = std::mem::take(&mut tracer.steps);
        tracer.steps = tracer.stack.pop().unwrap_or_default();
        if let Some(last) = tracer.steps.last_mut() {
            last.steps = Some(inner);
        }
    }
    let (interp, created) = match result {
        FrameResult::Call(o) => (&o.result, None),
        FrameResult::Create(o) => (&o.result, Some(o.address)),
    };
    let frame = &mut open.frame;
    frame.gas_used = U64::from(frame.gas.to::<u64>().saturating_sub(interp.gas.remaining()));
    if let Some(address) = created {
        frame.to = if interp.result.is_ok() { address } else { None };
    }
    frame.error = error_text(interp.result);
    if interp.result.is_ok_or_revert() {
        frame.output = Some(interp.output.clone());
    }
    if interp.result == InstructionResult::Revert {
        frame.revert_reason = revert_reason(&interp.output);
    }
    let logs_end = ctx.journaled_state.logs().len();
    if let TracerKind::Call {
        with_log: true,
        only_top_call,
    } = tracer.kind
    {
        if frame.error.is_some() {
            clear_logs(frame);
        } else if !(only_top_call && depth > 0) {
            let logs = ctx.journaled_state.logs();
            let own = logs.iter().enumerate().take(logs_end).skip(open.logs_start);
            for (j, log) in own {
                if open.child_logs.iter().any(|(s, e)| (*s..*e).contains(&j)) {
                    continue;
                }
                let position = open.child_logs.iter().filter(|(s, _)| *s <= j).count();
                frame.logs.push(CallLog {
                    address: log.address,
                    topics: log.topics().to_vec(),
                    data: log.data.data.clone(),
                    position: U64::from(position),
                });
            }
        }
    }
    match tracer.open.last_mut() {
        Some(parent) => {
            parent.child_logs.push((open.logs_start, logs_end));
            let only_top = matches!(
                tracer.kind,
                TracerKind::Call {
                    only_top_call: true,
                    ..
                }
            );
            if !only_top {
                parent.frame.calls.push(open.frame);
            }
        }
        None => tracer.top = Some(open.frame),
    }
    ctx.chain.tracer = Some(tracer);
}

/// geth drops the logs of a failed frame and of everything under it.
fn clear_logs(frame: &mut CallFrame) {
    frame.logs.clear();
    for child in &mut frame.calls {
        clear_logs(child);
    }
}
