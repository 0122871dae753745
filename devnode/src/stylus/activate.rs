//! Activation: validate a deployed program against Stylus rules and instrument it for metering.
//!
//! Like Nitro, the node rewrites the module once, at activation: every basic block starts by
//! charging the ink of its operators from an injected `stylus_ink_left` global (setting
//! `stylus_ink_status` and trapping when the ink runs out), bulk-memory operators also charge per
//! byte, and `memory.grow` first calls `pay_for_memory_grow` so memory is paid for. The engine
//! then runs the instrumented module as plain WASM.

use crate::stylus::pricing::{ends_block, op_ink, MEMORY_BULK_INK_PER_BYTE};
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

/// Largest number of functions (imported and defined) a program may have.
pub const MAX_FUNCTIONS: usize = 8_192;
/// Largest number of globals a program may define.
pub const MAX_GLOBALS: usize = 4_096;
/// Largest number of types a program may declare.
pub const MAX_TYPES: usize = 4_096;
/// Largest initial or maximum size of the program's table.
pub const MAX_TABLE_SIZE: u64 = 8_192;
/// Largest number of locals (including parameters) of one function.
pub const MAX_LOCALS: u64 = 4_096;

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
            Self::ForbiddenImport { module, name } => write!(
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
}

/// Validates and instruments an uncompressed WASM module.
///
/// `page_limit` bounds the initial memory; `debug` allows the `console` host module.
pub fn activate_wasm(
    wasm: &[u8],
    page_limit: u16,
    debug: bool,
) -> Result<ActivatedModule, ActivationError> {
    if wasm.len() > stylus_program::MAX_WASM_SIZE {
        return Err(ActivationError::Rule(format!(
            "WASM module is {} bytes, above the {}-byte limit",
            wasm.len(),
            stylus_program::MAX_WASM_SIZE
        )));
    }
    let info = inspect(wasm, page_limit, debug)?;
    let mut instrumenter = Instrumenter {
        info: &info,
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
    Validator::new_with_features(features(true))
        .validate_all(&out)
        .map_err(|e| {
            ActivationError::Rule(format!("instrumentation produced invalid WASM: {e}"))
        })?;
    let len = wasm.len() as u64;
    Ok(ActivatedModule {
        module_hash: keccak256(&out),
        footprint: info.initial_pages,
        init_cost: len.div_ceil(64).min(u16::MAX as u64) as u16,
        cached_cost: len.div_ceil(512).min(u16::MAX as u64) as u16,
        asm_estimate: (out.len() as u64 * 4).min(u32::MAX as u64) as u32,
        wasm: out,
    })
}

/// Decompresses deployed code and activates it.
pub fn activate_code(
    code: &[u8],
    page_limit: u16,
    debug: bool,
) -> Result<ActivatedModule, ActivationError> {
    let wasm = stylus_program::decode(code).map_err(ActivationError::Decode)?;
    activate_wasm(&wasm, page_limit, debug)
}

fn features(floats: bool) -> WasmFeatures {
    let mut f = WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::BULK_MEMORY
        | WasmFeatures::GC_TYPES;
    if floats {
        f |= WasmFeatures::FLOATS;
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

fn inspect(wasm: &[u8], page_limit: u16, debug: bool) -> Result<ModuleInfo, ActivationError> {
    // Floats are validated in, then refused operator by operator below with a precise message;
    // the console module's float loggers need float types in their signatures.
    let mut validator = Validator::new_with_features(features(true));
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
    let mut uses_memory_grow = false;
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
                if types.len() > MAX_TYPES {
                    return Err(rule(format!(
                        "too many types: {} (limit {MAX_TYPES})",
                        types.len()
                    )));
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.clone() {
                    let import = import.map_err(invalid)?;
                    let forbidden = || ActivationError::ForbiddenImport {
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
                if func_types.len() > MAX_FUNCTIONS {
                    return Err(rule(format!(
                        "too many functions: {} (limit {MAX_FUNCTIONS})",
                        func_types.len()
                    )));
                }
            }
            Payload::TableSection(reader) => {
                for table in reader.clone() {
                    let table = table.map_err(invalid)?;
                    let ty = table.ty;
                    if ty.initial > MAX_TABLE_SIZE || ty.maximum.is_some_and(|m| m > MAX_TABLE_SIZE)
                    {
                        return Err(rule(format!(
                            "table too large (limit {MAX_TABLE_SIZE} entries)"
                        )));
                    }
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
                }
            }
            Payload::GlobalSection(reader) => {
                info.globals = reader.count();
                if info.globals as usize > MAX_GLOBALS {
                    return Err(rule(format!("too many globals (limit {MAX_GLOBALS})")));
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader.clone() {
                    let export = export.map_err(invalid)?;
                    if export.name.starts_with("stylus") {
                        return Err(rule(format!(
                            "export {} uses the reserved \"stylus\" prefix",
                            export.name
                        )));
                    }
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
            Payload::CodeSectionEntry(body) => {
                check_body(body, &mut uses_memory_grow)?;
            }
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
    if uses_memory_grow && info.pay_for_memory_grow.is_none() {
        return Err(rule(
            "the program grows its memory but does not import vm_hooks.pay_for_memory_grow",
        ));
    }
    info.defined_params = func_types[info.func_imports as usize..]
        .iter()
        .map(|t| info.type_params.get(*t as usize).copied().unwrap_or(0) as u32)
        .collect();
    Ok(info)
}

fn check_body(body: &FunctionBody<'_>, uses_memory_grow: &mut bool) -> Result<(), ActivationError> {
    let invalid = |e: wasmparser::BinaryReaderError| ActivationError::InvalidWasm(e.to_string());
    let mut locals = 0u64;
    for pair in body.get_locals_reader().map_err(invalid)? {
        let (count, ty) = pair.map_err(invalid)?;
        if matches!(ty, wasmparser::ValType::F32 | wasmparser::ValType::F64) {
            return Err(rule("floating-point locals are not supported by Stylus"));
        }
        locals += count as u64;
    }
    if locals > MAX_LOCALS {
        return Err(rule(format!(
            "a function declares {locals} locals (limit {MAX_LOCALS})"
        )));
    }
    let mut reader = body.get_operators_reader().map_err(invalid)?;
    while !reader.eof() {
        let op = reader.read().map_err(invalid)?;
        if is_float_op(&op) {
            return Err(rule(format!(
                "floating-point operator {op:?} is not supported by Stylus"
            )));
        }
        if matches!(op, Operator::MemoryGrow { .. }) {
            *uses_memory_grow = true;
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

/// Rewrites the module: metering in every function, two exported globals for the ink.
struct Instrumenter<'a> {
    info: &'a ModuleInfo,
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

    fn add_globals(&mut self, globals: &mut wasm_encoder::GlobalSection) {
        let ty = |val_type| GlobalType {
            val_type,
            mutable: true,
            shared: false,
        };
        globals.global(ty(ValType::I64), &ConstExpr::i64_const(0));
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
        self.next_body += 1;
        let len_local = params + declared;
        let cost_local = len_local + 1;
        locals.push((1, ValType::I32));
        locals.push((1, ValType::I64));
        let mut f = wasm_encoder::Function::new(locals);

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
                Operator::MemoryCopy { .. }
                | Operator::MemoryFill { .. }
                | Operator::MemoryInit { .. } => Buffered::PerByte(self.instruction(op)?),
                _ => Buffered::Plain(self.instruction(op)?),
            };
            block.push(item);
            if ends {
                self.flush(&mut f, &mut block, cost, len_local, cost_local);
                cost = 0;
            }
        }
        self.flush(&mut f, &mut block, cost, len_local, cost_local);
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
    ) {
        if cost > 0 {
            self.charge(f, cost);
        }
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
                    let pay = self
                        .info
                        .pay_for_memory_grow
                        .expect("checked during inspection");
                    f.instruction(&Instruction::LocalTee(len_local));
                    f.instruction(&Instruction::Call(pay));
                    f.instruction(&Instruction::LocalGet(len_local));
                    f.instruction(&i);
                }
            }
        }
    }
}
