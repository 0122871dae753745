//! Activation: validate a deployed program against Stylus rules and instrument it for metering.
//!
//! Like Nitro, the node rewrites the module once, at activation: every basic block (Nitro's block
//! boundaries) starts by charging the ink of its operators plus Nitro's 2,450-ink header from an
//! injected `stylus_ink_left` global (setting `stylus_ink_status` and trapping when the ink runs
//! out), `memory.copy`/`memory.fill` also charge per byte, `memory.grow` first calls
//! `pay_for_memory_grow` so memory is paid for, and every function takes its frame (Nitro's depth
//! checker's size, `nitro.rs`) from an injected `stylus_stack_left` budget on entry and gives it
//! back on return. The engine then runs the instrumented module as plain WASM.
//!
//! The rules and limits are Nitro's (`nitro::model`); entry costs, the machine-code estimate and
//! the compile part of the activation gas come from Nitro's formulas over the module.

use crate::stylus::nitro::{self, ModuleModel};
use crate::stylus::pricing::{ends_block, op_ink, BLOCK_HEADER_INK, MEMORY_BULK_INK_PER_BYTE};
use alloy_primitives::{keccak256, B256};
use std::fmt;
use wasm_encoder::reencode::{self, Reencode};
use wasm_encoder::{BlockType, ConstExpr, GlobalType, Instruction, ValType};
use wasmparser::{
    CompositeInnerType, ExternalKind, FunctionBody, Operator, Parser, Payload, TypeRef, Validator,
    WasmFeatures,
};

/// Name of the injected global holding the ink left.
pub const INK_LEFT_EXPORT: &str = "stylus_ink_left";
/// Name of the injected global set to 1 when the ink runs out.
pub const INK_STATUS_EXPORT: &str = "stylus_ink_status";
/// Name of the injected global holding the stack budget left (0 once it ran out).
pub const STACK_LEFT_EXPORT: &str = "stylus_stack_left";

/// Signature of a host function: parameter and result types.
type Sig = (
    &'static [wasmparser::ValType],
    &'static [wasmparser::ValType],
);

mod sig {
    use wasmparser::ValType::{F32, F64, I32, I64};
    pub const NONE: &[wasmparser::ValType] = &[];
    pub const P: &[wasmparser::ValType] = &[I32];
    pub const PP: &[wasmparser::ValType] = &[I32, I32];
    pub const PPP: &[wasmparser::ValType] = &[I32, I32, I32];
    pub const PPPP: &[wasmparser::ValType] = &[I32, I32, I32, I32];
    pub const PPPPP: &[wasmparser::ValType] = &[I32, I32, I32, I32, I32];
    pub const PPPPPP: &[wasmparser::ValType] = &[I32, I32, I32, I32, I32, I32];
    pub const CALL: &[wasmparser::ValType] = &[I32, I32, I32, I32, I64, I32];
    pub const CALL_NO_VALUE: &[wasmparser::ValType] = &[I32, I32, I32, I64, I32];
    pub const L: &[wasmparser::ValType] = &[I64];
    pub const F: &[wasmparser::ValType] = &[F32];
    pub const D: &[wasmparser::ValType] = &[F64];
}

/// Every `vm_hooks` import a program may use, with its WASM signature.
pub fn vm_hook_signature(name: &str) -> Option<Sig> {
    use sig::*;
    Some(match name {
        "read_args" => (P, NONE),
        "write_result" => (PP, NONE),
        "exit_early" => (P, NONE),
        "storage_load_bytes32" => (PP, NONE),
        "storage_cache_bytes32" => (PP, NONE),
        "storage_flush_cache" => (P, NONE),
        "transient_load_bytes32" => (PP, NONE),
        "transient_store_bytes32" => (PP, NONE),
        "call_contract" => (CALL, P),
        "delegate_call_contract" => (CALL_NO_VALUE, P),
        "static_call_contract" => (CALL_NO_VALUE, P),
        "create1" => (PPPPP, NONE),
        "create2" => (PPPPPP, NONE),
        "read_return_data" => (PPP, P),
        "return_data_size" => (NONE, P),
        "emit_log" => (PPP, NONE),
        "account_balance" => (PP, NONE),
        "account_code" => (PPPP, P),
        "account_code_size" => (P, P),
        "account_codehash" => (PP, NONE),
        "block_basefee" => (P, NONE),
        "block_coinbase" => (P, NONE),
        "block_gas_limit" => (NONE, L),
        "block_number" => (NONE, L),
        "block_timestamp" => (NONE, L),
        "chainid" => (NONE, L),
        "contract_address" => (P, NONE),
        "evm_gas_left" => (NONE, L),
        "evm_ink_left" => (NONE, L),
        "math_div" | "math_mod" | "math_pow" => (PP, NONE),
        "math_add_mod" | "math_mul_mod" => (PPP, NONE),
        "msg_reentrant" => (NONE, P),
        "msg_sender" => (P, NONE),
        "msg_value" => (P, NONE),
        "native_keccak256" => (PPP, NONE),
        "tx_gas_price" => (P, NONE),
        "tx_ink_price" => (NONE, P),
        "tx_origin" => (P, NONE),
        "pay_for_memory_grow" => (P, NONE),
        _ => return None,
    })
}

/// Every `console` import (debug chains only), with its WASM signature.
///
/// Nitro's debug chains also offer `debug.null_host`, `debug.start_benchmark` and
/// `debug.end_benchmark`; the node does not.
pub fn console_signature(name: &str) -> Option<Sig> {
    use sig::*;
    Some(match name {
        "log_txt" => (PP, NONE),
        "log_i32" => (P, NONE),
        "log_i64" => (L, NONE),
        "log_f32" => (F, NONE),
        "log_f64" => (D, NONE),
        "tee_i32" => (P, P),
        "tee_i64" => (L, L),
        "tee_f32" => (F, F),
        "tee_f64" => (D, D),
        _ => return None,
    })
}

/// Why a program cannot be activated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivationError {
    /// The account code is not a single-account Stylus program (or its brotli stream is bad).
    Decode(stylus_program::DecodeError),
    /// The module is not valid WebAssembly under the features Stylus allows.
    InvalidWasm(String),
    /// The module imports something the Stylus VM does not provide.
    ForbiddenImport {
        /// Whether the chain is a debug chain (which also allows `console`).
        debug: bool,
        /// Import module name.
        module: String,
        /// Import field name.
        name: String,
    },
    /// A host function is imported with the wrong signature.
    ImportSignature {
        /// Host function name.
        name: String,
    },
    /// A required export is missing or has the wrong kind or signature.
    MissingExport(&'static str),
    /// The module breaks a Stylus rule (size limits, forbidden operators, start function, ...).
    Rule(String),
}

impl fmt::Display for ActivationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(e) => write!(f, "{e}"),
            Self::InvalidWasm(e) => write!(f, "invalid WASM module: {e}"),
            Self::ForbiddenImport {
                debug: false,
                module,
                name,
            } if module == "console" => write!(
                f,
                "forbidden import {module}.{name}: console imports need a debug chain (Arbitrum \
                 One and Sepolia refuse them; start devnode with --debug to allow them)"
            ),
            Self::ForbiddenImport { module, name, .. } => write!(
                f,
                "forbidden import {module}.{name}: programs may only import the Stylus host functions \
                 of the \"vm_hooks\" module (and \"console\" on debug chains)"
            ),
            Self::ImportSignature { name } => {
                write!(f, "host function {name} is imported with the wrong signature")
            }
            Self::MissingExport(what) => write!(f, "missing required export: {what}"),
            Self::Rule(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ActivationError {}

/// The product of activation: the instrumented module and what the chain records about it.
#[derive(Debug, Clone)]
pub struct ActivatedModule {
    /// The instrumented WASM the engine runs.
    pub wasm: Vec<u8>,
    /// keccak256 of the instrumented WASM.
    pub module_hash: B256,
    /// Initial memory pages (charged on every call through the memory model).
    pub footprint: u16,
    /// Dynamic part of the cost to call the program when not cached (gas, before scaling).
    pub init_cost: u16,
    /// Dynamic part of the cost to call the program when cached (gas, before scaling).
    pub cached_cost: u16,
    /// Estimated size of the machine code, which the data fee is priced on.
    pub asm_estimate: u32,
    /// Gas of compiling the module (part of the activation gas).
    pub compile_gas: u64,
    /// What Nitro's formulas read from the module.
    pub model: ModuleModel,
}

/// The chain rules activation follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Largest initial memory, in pages.
    pub page_limit: u16,
    /// Debug chain: `console` imports allowed.
    pub debug: bool,
    /// ArbOS version (multi-value, import limit, activation charges).
    pub arbos_version: u64,
    /// Stylus version the program is activated under.
    pub stylus_version: u16,
}

impl Rules {
    /// The rules of a chain configuration.
    pub fn of(config: &crate::ChainConfig) -> Self {
        Self {
            page_limit: config.stylus.page_limit,
            debug: config.debug,
            arbos_version: config.arbos_version,
            stylus_version: config.stylus.version,
        }
    }
}

/// Validates and instruments an uncompressed WASM module under the chain's rules.
pub fn activate_wasm(wasm: &[u8], rules: Rules) -> Result<ActivatedModule, ActivationError> {
    if wasm.len() > stylus_program::MAX_WASM_SIZE {
        return Err(ActivationError::Rule(format!(
            "WASM module is {} bytes, above the {}-byte limit",
            wasm.len(),
            stylus_program::MAX_WASM_SIZE
        )));
    }
    let multi_value = rules.arbos_version < nitro::ARBOS_NO_MULTI_VALUE;
    let info = inspect(wasm, rules.page_limit, rules.debug, multi_value)?;
    let model = nitro::model(wasm, rules.debug, rules.arbos_version)?;
    let mut instrumenter = Instrumenter {
        info: &info,
        frames: &model.frame_sizes,
        globals_done: false,
        next_body: 0,
        error: None,
    };
    let mut module = wasm_encoder::Module::new();
    let result = instrumenter.parse_core_module(&mut module, Parser::new(0), wasm);
    if let Some(e) = instrumenter.error.take() {
        return Err(e);
    }
    result.map_err(|e| ActivationError::InvalidWasm(format!("{e:?}")))?;
    let out = module.finish();
    // The instrumented module must itself be valid: a rewrite bug must not reach execution.
    Validator::new_with_features(features(multi_value))
        .validate_all(&out)
        .map_err(|e| {
            ActivationError::Rule(format!("instrumentation produced invalid WASM: {e}"))
        })?;
    let too_high = |what: &str| rule(format!("{what} too high"));
    Ok(ActivatedModule {
        module_hash: keccak256(&out),
        footprint: info.initial_pages,
        init_cost: u16::try_from(model.init_cost(rules.stylus_version))
            .map_err(|_| too_high("init cost"))?,
        cached_cost: u16::try_from(model.cached_init_cost())
            .map_err(|_| too_high("cached cost"))?,
        asm_estimate: u32::try_from(model.asm_estimate()).map_err(|_| too_high("asm estimate"))?,
        compile_gas: model.compile_gas(rules.arbos_version),
        model,
        wasm: out,
    })
}

/// Decompresses deployed code and activates it.
pub fn activate_code(code: &[u8], rules: Rules) -> Result<ActivatedModule, ActivationError> {
    let wasm = stylus_program::decode(code).map_err(ActivationError::Decode)?;
    activate_wasm(&wasm, rules)
}

/// Stylus's WASM features; multi-value only before ArbOS 60. Floats are validated in and refused
/// operator by operator (the `console` float loggers need float types in their signatures).
fn features(multi_value: bool) -> WasmFeatures {
    let mut f = WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::GC_TYPES
        | WasmFeatures::FLOATS;
    if multi_value {
        f |= WasmFeatures::MULTI_VALUE;
    }
    f
}

/// What the instrumenter needs to know about the module.
struct ModuleInfo {
    /// Parameter count of each type.
    type_params: Vec<u64>,
    /// Number of imported functions.
    func_imports: u32,
    /// Function index of the `pay_for_memory_grow` import, if imported.
    pay_for_memory_grow: Option<u32>,
    /// Number of globals the module defines (no global imports are allowed).
    globals: u32,
    /// Initial memory pages.
    initial_pages: u16,
    /// Parameter count of each defined function, in code-section order.
    defined_params: Vec<u32>,
}

fn rule(msg: impl Into<String>) -> ActivationError {
    ActivationError::Rule(msg.into())
}

fn inspect(
    wasm: &[u8],
    page_limit: u16,
    debug: bool,
    multi_value: bool,
) -> Result<ModuleInfo, ActivationError> {
    let mut validator = Validator::new_with_features(features(multi_value));
    let mut types: Vec<Option<(Vec<wasmparser::ValType>, Vec<wasmparser::ValType>)>> = Vec::new();
    let mut info = ModuleInfo {
        type_params: Vec::new(),
        func_imports: 0,
        pay_for_memory_grow: None,
        globals: 0,
        initial_pages: 0,
        defined_params: Vec::new(),
    };
    let mut func_types: Vec<u32> = Vec::new();
    let mut memories = 0;
    let mut has_entrypoint = false;
    let mut has_memory_export = false;
    let mut growable = false;
    let invalid = |e: wasmparser::BinaryReaderError| ActivationError::InvalidWasm(e.to_string());

    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(invalid)?;
        let valid = validator.payload(&payload).map_err(invalid)?;
        match &payload {
            Payload::TypeSection(reader) => {
                for group in reader.clone() {
                    for sub in group.map_err(invalid)?.into_types() {
                        match &sub.composite_type.inner {
                            CompositeInnerType::Func(f) => {
                                types.push(Some((f.params().to_vec(), f.results().to_vec())));
                                info.type_params.push(f.params().len() as u64);
                            }
                            _ => {
                                types.push(None);
                                info.type_params.push(0);
                            }
                        }
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.clone() {
                    let import = import.map_err(invalid)?;
                    let forbidden = || ActivationError::ForbiddenImport {
                        debug,
                        module: import.module.to_string(),
                        name: import.name.to_string(),
                    };
                    let TypeRef::Func(type_index) = import.ty else {
                        return Err(forbidden());
                    };
                    let expected = match import.module {
                        "vm_hooks" => vm_hook_signature(import.name),
                        "console" if debug => console_signature(import.name),
                        _ => None,
                    }
                    .ok_or_else(forbidden)?;
                    let actual = types.get(type_index as usize).cloned().flatten();
                    if actual.as_ref().map(|(p, r)| (p.as_slice(), r.as_slice())) != Some(expected)
                    {
                        return Err(ActivationError::ImportSignature {
                            name: format!("{}.{}", import.module, import.name),
                        });
                    }
                    if import.module == "vm_hooks" && import.name == "pay_for_memory_grow" {
                        info.pay_for_memory_grow = Some(info.func_imports);
                    }
                    func_types.push(type_index);
                    info.func_imports += 1;
                }
            }
            Payload::FunctionSection(reader) => {
                for ty in reader.clone() {
                    func_types.push(ty.map_err(invalid)?);
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader.clone() {
                    let memory = memory.map_err(invalid)?;
                    memories += 1;
                    if memory.initial > page_limit as u64 {
                        return Err(rule(format!(
                            "memory of {} pages exceeds the limit of {page_limit} pages",
                            memory.initial
                        )));
                    }
                    info.initial_pages = memory.initial as u16;
                    growable = memory.maximum != Some(memory.initial);
                }
            }
            Payload::GlobalSection(reader) => info.globals = reader.count(),
            Payload::ExportSection(reader) => {
                for export in reader.clone() {
                    let export = export.map_err(invalid)?;
                    match (export.name, export.kind) {
                        ("user_entrypoint", ExternalKind::Func) => {
                            let ty = func_types.get(export.index as usize).copied();
                            let sig = ty.and_then(|t| types.get(t as usize).cloned().flatten());
                            let want = (
                                vec![wasmparser::ValType::I32],
                                vec![wasmparser::ValType::I32],
                            );
                            if sig != Some(want) {
                                return Err(ActivationError::MissingExport(
                                    "user_entrypoint must have the signature (i32) -> i32",
                                ));
                            }
                            has_entrypoint = true;
                        }
                        ("memory", ExternalKind::Memory) => has_memory_export = true,
                        _ => {}
                    }
                }
            }
            Payload::StartSection { .. } => {
                return Err(rule("programs may not have a start function"));
            }
            Payload::CodeSectionEntry(body) => check_body(body)?,
            _ => {}
        }
        if let wasmparser::ValidPayload::Func(func, body) = valid {
            let mut allocs = wasmparser::FuncValidatorAllocations::default();
            let mut v = func.into_validator(std::mem::take(&mut allocs));
            v.validate(&body).map_err(invalid)?;
        }
    }
    if memories != 1 {
        return Err(rule(format!(
            "programs must define exactly one memory (found {memories})"
        )));
    }
    if !has_entrypoint {
        return Err(ActivationError::MissingExport(
            "user_entrypoint (func (param i32) (result i32))",
        ));
    }
    if !has_memory_export {
        return Err(ActivationError::MissingExport("memory"));
    }
    // Nitro's heap bound: a memory that may grow (no maximum, or one above its initial size)
    // needs the import, whether or not the code uses `memory.grow`.
    if growable && info.pay_for_memory_grow.is_none() {
        return Err(rule(
            "the memory can grow but the program does not import vm_hooks.pay_for_memory_grow",
        ));
    }
    info.defined_params = func_types[info.func_imports as usize..]
        .iter()
        .map(|t| info.type_params.get(*t as usize).copied().unwrap_or(0) as u32)
        .collect();
    Ok(info)
}

fn check_body(body: &FunctionBody<'_>) -> Result<(), ActivationError> {
    let invalid = |e: wasmparser::BinaryReaderError| ActivationError::InvalidWasm(e.to_string());
    for pair in body.get_locals_reader().map_err(invalid)? {
        let (_, ty) = pair.map_err(invalid)?;
        if matches!(ty, wasmparser::ValType::F32 | wasmparser::ValType::F64) {
            return Err(rule("floating-point locals are not supported by Stylus"));
        }
    }
    let mut reader = body.get_operators_reader().map_err(invalid)?;
    while !reader.eof() {
        let op = reader.read().map_err(invalid)?;
        if is_float_op(&op) {
            return Err(rule(format!(
                "floating-point operator {op:?} is not supported by Stylus"
            )));
        }
    }
    Ok(())
}

fn is_float_op(op: &Operator<'_>) -> bool {
    let name = format!("{op:?}");
    name.starts_with("F32")
        || name.starts_with("F64")
        || name.contains("F32")
        || name.contains("F64")
}

/// Rewrites the module: metering and the stack budget in every function, three exported globals
/// (ink left, ink status, stack left).
struct Instrumenter<'a> {
    info: &'a ModuleInfo,
    /// Stack frame of each defined function, in words.
    frames: &'a [u32],
    globals_done: bool,
    next_body: usize,
    error: Option<ActivationError>,
}

impl Instrumenter<'_> {
    fn ink_global(&self) -> u32 {
        self.info.globals
    }

    fn status_global(&self) -> u32 {
        self.info.globals + 1
    }

    fn stack_global(&self) -> u32 {
        self.info.globals + 2
    }

    /// Takes the function's frame from the stack budget, trapping with the budget at 0 when it
    /// does not fit (Nitro's depth checker: the frame must be strictly below what is left).
    fn enter_frame(&self, f: &mut wasm_encoder::Function, frame: u32) {
        let g = self.stack_global();
        f.instruction(&Instruction::GlobalGet(g));
        f.instruction(&Instruction::I32Const(frame as i32));
        f.instruction(&Instruction::I32LeU);
        f.instruction(&Instruction::If(BlockType::Empty));
        f.instruction(&Instruction::I32Const(0));
        f.instruction(&Instruction::GlobalSet(g));
        f.instruction(&Instruction::Unreachable);
        f.instruction(&Instruction::End);
        f.instruction(&Instruction::GlobalGet(g));
        f.instruction(&Instruction::I32Const(frame as i32));
        f.instruction(&Instruction::I32Sub);
        f.instruction(&Instruction::GlobalSet(g));
    }

    /// Gives the function's frame back (before every `return` and the final `end`).
    fn leave_frame(&self, f: &mut wasm_encoder::Function, frame: u32) {
        let g = self.stack_global();
        f.instruction(&Instruction::GlobalGet(g));
        f.instruction(&Instruction::I32Const(frame as i32));
        f.instruction(&Instruction::I32Add);
        f.instruction(&Instruction::GlobalSet(g));
    }

    fn add_globals(&mut self, globals: &mut wasm_encoder::GlobalSection) {
        let ty = |val_type| GlobalType {
            val_type,
            mutable: true,
            shared: false,
        };
        globals.global(ty(ValType::I64), &ConstExpr::i64_const(0));
        globals.global(ty(ValType::I32), &ConstExpr::i32_const(0));
        globals.global(ty(ValType::I32), &ConstExpr::i32_const(0));
        self.globals_done = true;
    }

    /// Charges a constant amount of ink, trapping with the out-of-ink status when short.
    fn charge(&self, f: &mut wasm_encoder::Function, cost: u64) {
        let cost = cost.min(i64::MAX as u64) as i64;
        f.instruction(&Instruction::GlobalGet(self.ink_global()));
        f.instruction(&Instruction::I64Const(cost));
        f.instruction(&Instruction::I64LtU);
        self.out_of_ink(f);
        f.instruction(&Instruction::GlobalGet(self.ink_global()));
        f.instruction(&Instruction::I64Const(cost));
        f.instruction(&Instruction::I64Sub);
        f.instruction(&Instruction::GlobalSet(self.ink_global()));
    }

    fn out_of_ink(&self, f: &mut wasm_encoder::Function) {
        f.instruction(&Instruction::If(BlockType::Empty));
        f.instruction(&Instruction::I32Const(1));
        f.instruction(&Instruction::GlobalSet(self.status_global()));
        f.instruction(&Instruction::Unreachable);
        f.instruction(&Instruction::End);
    }

    /// Charges per byte for the length on top of the stack, leaving the stack as it was.
    fn charge_per_byte(&self, f: &mut wasm_encoder::Function, len_local: u32, cost_local: u32) {
        f.instruction(&Instruction::LocalTee(len_local));
        f.instruction(&Instruction::I64ExtendI32U);
        f.instruction(&Instruction::I64Const(MEMORY_BULK_INK_PER_BYTE as i64));
        f.instruction(&Instruction::I64Mul);
        f.instruction(&Instruction::LocalSet(cost_local));
        f.instruction(&Instruction::GlobalGet(self.ink_global()));
        f.instruction(&Instruction::LocalGet(cost_local));
        f.instruction(&Instruction::I64LtU);
        self.out_of_ink(f);
        f.instruction(&Instruction::GlobalGet(self.ink_global()));
        f.instruction(&Instruction::LocalGet(cost_local));
        f.instruction(&Instruction::I64Sub);
        f.instruction(&Instruction::GlobalSet(self.ink_global()));
        f.instruction(&Instruction::LocalGet(len_local));
    }
}

/// A buffered instruction of the current basic block.
enum Buffered<'a> {
    Plain(Instruction<'a>),
    MemoryGrow(Instruction<'a>),
    PerByte(Instruction<'a>),
    /// `return`, or the function's final `end`: the frame is given back first.
    Exit(Instruction<'a>),
}

impl Reencode for Instrumenter<'_> {
    type Error = ();

    fn parse_global_section(
        &mut self,
        globals: &mut wasm_encoder::GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), reencode::Error<()>> {
        reencode::utils::parse_global_section(self, globals, section)?;
        self.add_globals(globals);
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        after: Option<wasm_encoder::SectionId>,
        before: Option<wasm_encoder::SectionId>,
    ) -> Result<(), reencode::Error<()>> {
        use wasm_encoder::SectionId as S;
        let past_globals = match before {
            None => true,
            Some(s) => matches!(
                s,
                S::Export | S::Start | S::Element | S::DataCount | S::Code | S::Data
            ),
        };
        if !self.globals_done && past_globals && after != Some(S::Global) {
            let mut globals = wasm_encoder::GlobalSection::new();
            self.add_globals(&mut globals);
            module.section(&globals);
        }
        reencode::utils::intersperse_section_hook(self, module, after, before)
    }

    fn parse_export_section(
        &mut self,
        exports: &mut wasm_encoder::ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), reencode::Error<()>> {
        reencode::utils::parse_export_section(self, exports, section)?;
        exports.export(
            INK_LEFT_EXPORT,
            wasm_encoder::ExportKind::Global,
            self.ink_global(),
        );
        exports.export(
            INK_STATUS_EXPORT,
            wasm_encoder::ExportKind::Global,
            self.status_global(),
        );
        exports.export(
            STACK_LEFT_EXPORT,
            wasm_encoder::ExportKind::Global,
            self.stack_global(),
        );
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: FunctionBody<'_>,
    ) -> Result<(), reencode::Error<()>> {
        let mut locals = Vec::new();
        let mut declared = 0u32;
        for pair in func.get_locals_reader()? {
            let (count, ty) = pair?;
            declared += count;
            locals.push((count, self.val_type(ty)?));
        }
        // Scratch locals for per-byte charging go after the function's own.
        let params = self
            .info
            .defined_params
            .get(self.next_body)
            .copied()
            .unwrap_or(0);
        let frame = self.frames.get(self.next_body).copied().unwrap_or(0);
        self.next_body += 1;
        let len_local = params + declared;
        let cost_local = len_local + 1;
        locals.push((1, ValType::I32));
        locals.push((1, ValType::I64));
        let mut f = wasm_encoder::Function::new(locals);
        // The stack check comes first, unmetered, as Nitro applies its depth checker last.
        self.enter_frame(&mut f, frame);

        let mut block: Vec<Buffered<'_>> = Vec::new();
        let mut cost = 0u64;
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            cost += op_ink(&op, |t| {
                self.info.type_params.get(t as usize).copied().unwrap_or(0)
            });
            let ends = ends_block(&op);
            let item = match op {
                Operator::MemoryGrow { .. } => Buffered::MemoryGrow(self.instruction(op)?),
                Operator::MemoryCopy { .. } | Operator::MemoryFill { .. } => {
                    Buffered::PerByte(self.instruction(op)?)
                }
                Operator::Return => Buffered::Exit(self.instruction(op)?),
                Operator::End if reader.eof() => Buffered::Exit(self.instruction(op)?),
                _ => Buffered::Plain(self.instruction(op)?),
            };
            block.push(item);
            if ends {
                self.flush(&mut f, &mut block, cost, len_local, cost_local, frame);
                cost = 0;
            }
        }
        if !block.is_empty() {
            self.flush(&mut f, &mut block, cost, len_local, cost_local, frame);
        }
        code.function(&f);
        Ok(())
    }
}

impl Instrumenter<'_> {
    fn flush(
        &self,
        f: &mut wasm_encoder::Function,
        block: &mut Vec<Buffered<'_>>,
        cost: u64,
        len_local: u32,
        cost_local: u32,
        frame: u32,
    ) {
        // Every block pays its operators and Nitro's header, even when its operators are free.
        self.charge(f, cost + BLOCK_HEADER_INK);
        for item in block.drain(..) {
            match item {
                Buffered::Plain(i) => {
                    f.instruction(&i);
                }
                Buffered::PerByte(i) => {
                    self.charge_per_byte(f, len_local, cost_local);
                    f.instruction(&i);
                }
                Buffered::MemoryGrow(i) => {
                    // Without the import the memory cannot grow (its maximum is its size).
                    if let Some(pay) = self.info.pay_for_memory_grow {
                        f.instruction(&Instruction::LocalTee(len_local));
                        f.instruction(&Instruction::Call(pay));
                        f.instruction(&Instruction::LocalGet(len_local));
                    }
                    f.instruction(&i);
                }
                Buffered::Exit(i) => {
                    self.leave_frame(f, frame);
                    f.instruction(&i);
                }
            }
        }
    }
}
