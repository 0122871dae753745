//! Nitro's published cost model and activation limits, evaluated over a program's WASM.
//!
//! Arbitrum derives a program's entry costs (`init`, `cached`), its machine-code size estimate
//! (which the activation data fee is priced on) and the compile part of the activation gas from
//! the module's structure with fixed integer formulas (Nitro `crates/prover/src/binary.rs`
//! `instrument`, `crates/prover/src/programs/mod.rs` `activate`). Several of the inputs are
//! counted over the module *as Nitro instruments it* (its ink meter, dynamic meter, depth checker
//! and heap bound add globals and operators), so this module replays the number of operators
//! each of those passes adds and the stack-frame size its depth checker computes, without
//! building Nitro's module. The node's own instrumentation (`activate.rs`) then charges the same
//! ink per basic block and enforces the same per-frame stack budget.

use crate::stylus::activate::ActivationError;
use crate::stylus::pricing::ends_block;
use wasmparser::{BlockType, CompositeInnerType, FunctionBody, Operator, Parser, Payload, TypeRef};

/// First ArbOS version that limits imports to 513 and charges activation per WASM byte.
pub const ARBOS_STYLUS_CHARGING_FIXES: u64 = 32;
/// First ArbOS version whose WASM stack budget is 22,000 words.
pub const ARBOS_STACK_DEPTH_22000: u64 = 50;
/// First ArbOS version that refuses multi-value functions and blocks, and discounts programs
/// already called in the same block.
pub const ARBOS_NO_MULTI_VALUE: u64 = 60;
/// First ArbOS version that accepts programs split into fragments under a root program.
pub const ARBOS_STYLUS_CONTRACT_LIMIT: u64 = 60;
/// Most fragments a root program may list: Nitro's `MaxFragmentCount` as ArbOS 60 sets it (the
/// dev chain has no `ArbOwner` to change it; `ArbOwnerPublic.getMaxStylusContractFragments` reads it).
pub const MAX_FRAGMENTS: u8 = 2;

/// Globals Nitro's instrumentation adds (ink left, ink status, the dynamic meter's scratch, stack
/// left): they count in the cached cost formula.
pub const INSTRUMENTATION_GLOBALS: u64 = 4;
/// Largest stack frame of one function, in words.
pub const MAX_FRAME_WORDS: u32 = 10 * 1024;
/// Largest number of values live at once in one function's frame.
pub const MAX_FRAME_CONTENTION: u32 = 4096;
/// Largest number of declared locals of one function.
pub const MAX_LOCALS: u64 = 348;
/// Largest number of operators of one function after instrumentation.
pub const MAX_FUNC_OPS: u64 = 65_536;
/// Largest number of defined functions.
pub const MAX_FUNCTIONS: u64 = 4096;
/// Largest number of globals (instrumentation's included).
pub const MAX_GLOBALS: u64 = 32_768;
/// Largest number of data segments, and of element segments.
pub const MAX_SEGMENTS: u64 = 128;
/// Largest number of exports (instrumentation's included).
pub const MAX_EXPORTS: u64 = 1024;
/// Largest number of imports (ArbOS 32 and later).
pub const MAX_IMPORTS: u64 = 513;
/// Largest total of initial table entries, and of element-segment bytes.
pub const MAX_TABLE_ENTRIES: u64 = 4096;
/// Longest export name.
pub const MAX_NAME_LEN: usize = 512;
/// Exports kept on non-debug chains (Nitro drops every other export before counting).
const EXPORT_WHITELIST: [&str; 2] = ["user_entrypoint", "memory"];

/// Operators Nitro's ink meter adds per basic block (the header that checks and charges ink).
const METER_HEADER_OPS: u64 = 12;
/// Operators the dynamic meter adds before each `memory.fill` / `memory.copy`.
const DYNAMIC_METER_OPS: u64 = 17;
/// Operators the depth checker adds on entry (plus the extra `return` it appends).
const DEPTH_ENTRY_OPS: u64 = 12 + 1;
/// Operators the depth checker adds before each `return` (its own appended one included).
const DEPTH_EXIT_OPS: u64 = 4;
/// Operators the heap bound adds before each `memory.grow` of a growable memory.
const HEAP_BOUND_OPS: u64 = 4;

/// What Nitro's formulas read from a module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleModel {
    /// Length of the uncompressed WASM.
    pub wasm_len: u64,
    /// Defined functions.
    pub funcs: u64,
    /// Parameters plus results over the types of the defined functions.
    pub type_len: u64,
    /// Globals, the four instrumentation globals included.
    pub globals: u64,
    /// Bytes of the data and element segments' encodings.
    pub segment_len: u64,
    /// Bytes of data in the data segments (what activation's compile charge reads).
    pub data_bytes: u64,
    /// Bytes of the element segments' encodings.
    pub elem_len: u64,
    /// Initial memory pages.
    pub footprint: u16,
    /// Operators of all functions after Nitro's instrumentation.
    pub instrumented_ops: u64,
    /// Stack-frame size of each defined function, in words (the depth checker's charge).
    pub frame_sizes: Vec<u32>,
}

impl ModuleModel {
    /// `init_cost` (gas, before the scalar) under Stylus `version`.
    pub fn init_cost(&self, version: u16) -> u64 {
        let mut init: u64 = if version == 1 {
            self.cached_init_cost()
        } else {
            0
        };
        init = init.saturating_add(self.funcs.saturating_mul(8252) / 1000);
        init = init.saturating_add(self.type_len.saturating_mul(1059) / 1000);
        init.saturating_add(self.wasm_len.saturating_mul(1286) / 10_000)
    }

    /// `cached_init_cost` (gas, before the scalar).
    pub fn cached_init_cost(&self) -> u64 {
        let mut c: u64 = self.funcs.saturating_mul(13_420) / 100_000;
        c = c.saturating_add(self.type_len.saturating_mul(89) / 100_000);
        c = c.saturating_add(self.wasm_len.saturating_mul(122) / 100_000);
        c = c.saturating_add(self.globals.saturating_mul(1628) / 1000);
        c = c.saturating_add(self.segment_len.saturating_mul(75_244) / 100_000);
        c.saturating_add(self.footprint as u64 * 5)
    }

    /// Estimated machine-code size in bytes (the data fee's input).
    pub fn asm_estimate(&self) -> u64 {
        let mut a: u64 = 512_000;
        a = a.saturating_add(self.funcs.saturating_mul(996_829) / 1000);
        a = a.saturating_add(self.type_len.saturating_mul(11_416) / 1000);
        a.saturating_add(self.wasm_len.saturating_mul(62_628) / 10_000)
    }

    /// Gas of compiling the module at activation: each term is microseconds of a reference
    /// machine, truncated on its own, at 28 gas per microsecond.
    pub fn compile_gas(&self, arbos_version: u64) -> u64 {
        let us_to_gas = |us: u64| us.saturating_mul(28);
        let mut gas = 0u64;
        if arbos_version >= ARBOS_STYLUS_CHARGING_FIXES {
            gas = gas.saturating_add(us_to_gas(self.wasm_len.saturating_mul(31_733) / 100_000));
        }
        gas = gas.saturating_add(us_to_gas(self.funcs.saturating_mul(17_263) / 100_000));
        gas = gas.saturating_add(us_to_gas(self.data_bytes.saturating_mul(17_376) / 100_000));
        gas = gas.saturating_add(us_to_gas(self.elem_len.saturating_mul(17_376) / 100_000));
        gas = gas.saturating_add(us_to_gas((self.footprint as u64).saturating_mul(2217)));
        gas.saturating_add(us_to_gas(self.instrumented_ops.saturating_mul(535) / 1000))
    }
}

fn rule(msg: impl Into<String>) -> ActivationError {
    ActivationError::Rule(msg.into())
}

fn invalid(e: wasmparser::BinaryReaderError) -> ActivationError {
    ActivationError::InvalidWasm(e.to_string())
}

/// A function type: parameter and result counts.
#[derive(Debug, Clone, Copy, Default)]
struct Arity {
    ins: u32,
    outs: u32,
}

/// Measures a (valid) module and applies Nitro's activation limits.
///
/// `debug` is the chain's debug mode (exports other than the entrypoint and memory count only on
/// debug chains); `arbos_version` selects the import limit.
pub fn model(wasm: &[u8], debug: bool, arbos_version: u64) -> Result<ModuleModel, ActivationError> {
    let mut m = ModuleModel {
        wasm_len: wasm.len() as u64,
        globals: INSTRUMENTATION_GLOBALS,
        ..Default::default()
    };
    let mut types: Vec<Arity> = Vec::new();
    let mut func_types: Vec<u32> = Vec::new();
    let mut imports = 0u64;
    let mut import_names: Vec<String> = Vec::new();
    let mut export_names: Vec<String> = Vec::new();
    let mut growable = false;
    let mut datas = 0u64;
    let mut elements = 0u64;
    let mut table_entries = 0u64;
    let mut bodies: Vec<FunctionBody<'_>> = Vec::new();

    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(invalid)? {
            Payload::TypeSection(reader) => {
                for group in reader {
                    for sub in group.map_err(invalid)?.into_types() {
                        types.push(match &sub.composite_type.inner {
                            CompositeInnerType::Func(f) => Arity {
                                ins: f.params().len() as u32,
                                outs: f.results().len() as u32,
                            },
                            _ => Arity::default(),
                        });
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader {
                    let import = import.map_err(invalid)?;
                    imports += 1;
                    import_names.push(import.name.to_string());
                    if let TypeRef::Func(t) = import.ty {
                        func_types.push(t);
                    }
                }
            }
            Payload::FunctionSection(reader) => {
                for t in reader {
                    let t = t.map_err(invalid)?;
                    func_types.push(t);
                    m.funcs += 1;
                    let a = types.get(t as usize).copied().unwrap_or_default();
                    m.type_len += (a.ins + a.outs) as u64;
                }
            }
            Payload::TableSection(reader) => {
                for table in reader {
                    table_entries =
                        table_entries.saturating_add(table.map_err(invalid)?.ty.initial);
                }
            }
            Payload::MemorySection(reader) => {
                for memory in reader {
                    let memory = memory.map_err(invalid)?;
                    m.footprint = memory.initial.min(u16::MAX as u64) as u16;
                    growable = memory.maximum != Some(memory.initial);
                }
            }
            Payload::GlobalSection(reader) => m.globals += reader.count() as u64,
            Payload::ExportSection(reader) => {
                for export in reader {
                    export_names.push(export.map_err(invalid)?.name.to_string());
                }
            }
            Payload::ElementSection(reader) => {
                for element in reader {
                    let element = element.map_err(invalid)?;
                    elements += 1;
                    m.elem_len += element.range.len() as u64;
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data.map_err(invalid)?;
                    datas += 1;
                    m.data_bytes += data.data.len() as u64;
                    m.segment_len += data.range.len() as u64;
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body),
            _ => {}
        }
    }
    m.segment_len += m.elem_len;

    macro_rules! limit {
        ($limit:expr, $count:expr, $name:expr) => {
            if ($count as u64) > ($limit as u64) {
                return Err(rule(format!(
                    "too many wasm {}: {} > {} (Nitro's activation limit)",
                    $name, $count, $limit
                )));
            }
        };
    }
    limit!(MAX_SEGMENTS, datas, "datas");
    limit!(MAX_SEGMENTS, elements, "elements");
    let kept_exports = export_names
        .iter()
        .filter(|n| debug || EXPORT_WHITELIST.contains(&n.as_str()))
        .count() as u64;
    limit!(
        MAX_EXPORTS,
        kept_exports + INSTRUMENTATION_GLOBALS,
        "exports"
    );
    limit!(MAX_FUNCTIONS, m.funcs, "functions");
    limit!(MAX_GLOBALS, m.globals, "globals");
    if arbos_version >= ARBOS_STYLUS_CHARGING_FIXES {
        limit!(MAX_IMPORTS, imports, "imports");
    }
    limit!(MAX_TABLE_ENTRIES, table_entries, "table entries");
    limit!(MAX_TABLE_ENTRIES, m.elem_len, "element entries");
    if let Some(name) = export_names.iter().find(|n| n.len() > MAX_NAME_LEN) {
        return Err(rule(format!(
            "wasm export name too long: {} > {MAX_NAME_LEN}",
            name.len()
        )));
    }
    // Nitro compares an export's name after its last "__" with the import names.
    for export in &export_names {
        let tail = export.rsplit("__").next().unwrap_or(export);
        if import_names.iter().any(|i| i == tail) {
            return Err(rule(format!(
                "binary exports an import with the same name {tail}"
            )));
        }
        if tail.starts_with("stylus") {
            return Err(rule(format!("binary exports reserved symbol {tail}")));
        }
    }
    if let Some(name) = import_names.iter().find(|n| n.starts_with("stylus")) {
        return Err(rule(format!("binary imports reserved symbol {name}")));
    }

    let all_funcs: Vec<Arity> = func_types
        .iter()
        .map(|t| types.get(*t as usize).copied().unwrap_or_default())
        .collect();
    for (i, body) in bodies.iter().enumerate() {
        let f = measure_function(body, &types, &all_funcs, growable)
            .map_err(|e| rule(format!("function {i}: {e}")))?;
        limit!(MAX_LOCALS, f.locals, "locals");
        limit!(MAX_FUNC_OPS, f.ops, "opcodes in func body");
        m.instrumented_ops = m.instrumented_ops.saturating_add(f.ops);
        m.frame_sizes.push(f.frame);
    }
    Ok(m)
}

/// One function as Nitro instruments it.
struct FunctionModel {
    /// Declared locals (parameters excluded).
    locals: u64,
    /// Operators after instrumentation.
    ops: u64,
    /// Stack frame in words: worst-case operand stack of the instrumented body, plus the declared
    /// locals, plus 4.
    frame: u32,
}

/// Nitro's depth checker's view of the operand stack: a linear walk that pushes and pops per
/// operator, restores the height at `else`/`end`, and keeps the worst height.
struct DepthWalk {
    stack: u32,
    worst: u32,
    scopes: Vec<u32>,
}

impl DepthWalk {
    fn push(&mut self, n: u32) {
        self.stack += n;
        self.worst = self.worst.max(self.stack);
    }

    fn pop(&mut self, n: u32) {
        self.stack = self.stack.saturating_sub(n);
    }

    fn ins_and_outs(&mut self, a: Arity) {
        self.push(a.outs);
        self.pop(a.ins);
    }

    /// The ink meter's header at the start of every basic block: two values at most, none left.
    fn meter_header(&mut self) {
        let s = self.stack;
        self.push(2);
        self.stack = s;
    }

    /// The dynamic meter's code before `memory.fill` / `memory.copy`: three values at most above
    /// the operands, which it leaves as they were.
    fn dynamic_meter(&mut self) {
        let s = self.stack;
        self.push(3);
        self.stack = s;
    }

    fn block_type(&mut self, ty: &BlockType, types: &[Arity]) -> Result<(), String> {
        match ty {
            BlockType::Empty => {}
            BlockType::Type(_) => self.push(1),
            BlockType::FuncType(id) => {
                let a = types
                    .get(*id as usize)
                    .copied()
                    .ok_or(format!("missing type {id}"))?;
                self.ins_and_outs(a);
            }
        }
        Ok(())
    }

    fn op(&mut self, op: &Operator<'_>, types: &[Arity], funcs: &[Arity]) -> Result<(), String> {
        use Operator as O;
        match op {
            O::Block { blockty } | O::Loop { blockty } => {
                self.block_type(blockty, types)?;
                self.scopes.push(self.stack);
            }
            O::If { blockty } => {
                self.pop(1);
                self.block_type(blockty, types)?;
                self.scopes.push(self.stack);
            }
            O::Else => {
                self.stack = *self.scopes.last().ok_or("malformed if-else scope")?;
            }
            O::End => {
                self.stack = self.scopes.pop().ok_or("malformed scoping")?;
            }
            O::Call { function_index } => {
                let a = funcs
                    .get(*function_index as usize)
                    .copied()
                    .ok_or(format!("missing type for func {function_index}"))?;
                self.ins_and_outs(a);
            }
            O::CallIndirect { type_index, .. } => {
                let a = types
                    .get(*type_index as usize)
                    .copied()
                    .ok_or(format!("missing type for signature {type_index}"))?;
                self.ins_and_outs(a);
                self.pop(1);
            }
            O::MemoryFill { .. } | O::MemoryCopy { .. } => self.pop(3),
            O::LocalGet { .. }
            | O::GlobalGet { .. }
            | O::MemorySize { .. }
            | O::I32Const { .. }
            | O::I64Const { .. }
            | O::F32Const { .. }
            | O::F64Const { .. } => self.push(1),
            O::BrIf { .. } | O::BrTable { .. } | O::LocalSet { .. } | O::GlobalSet { .. } => {
                self.pop(1)
            }
            O::Select => self.pop(2),
            O::MemoryInit { .. }
            | O::DataDrop { .. }
            | O::TableInit { .. }
            | O::ElemDrop { .. }
            | O::TableCopy { .. }
            | O::TableFill { .. }
            | O::TableGet { .. }
            | O::TableSet { .. }
            | O::TableGrow { .. }
            | O::TableSize { .. } => {
                return Err(format!(
                    "opcode not supported: {op:?} (bulk-memory operations other than memory.copy \
                     and memory.fill)"
                ))
            }
            O::TypedSelect { .. } | O::RefNull { .. } | O::RefIsNull | O::RefFunc { .. } => {
                return Err(format!("reference-types extension not supported: {op:?}"))
            }
            other => match stack_class(other) {
                Some(0) => {}
                Some(n) => self.pop(n),
                None => return Err(format!("extension not supported: {other:?}")),
            },
        }
        Ok(())
    }
}

/// Values popped net by an operator that the depth checker treats uniformly: loads, unary and
/// conversion operators pop nothing net (0), binary and comparison operators and `drop` one,
/// stores two. `None` for operators Nitro does not support.
fn stack_class(op: &Operator<'_>) -> Option<u32> {
    use Operator as O;
    Some(match op {
        O::Nop | O::Unreachable | O::Br { .. } | O::Return | O::LocalTee { .. } => 0,
        O::MemoryGrow { .. } => 0,
        O::I32Store { .. }
        | O::I64Store { .. }
        | O::F32Store { .. }
        | O::F64Store { .. }
        | O::I32Store8 { .. }
        | O::I32Store16 { .. }
        | O::I64Store8 { .. }
        | O::I64Store16 { .. }
        | O::I64Store32 { .. } => 2,
        O::Drop => 1,
        _ => {
            let name = format!("{op:?}");
            let name = name.split([' ', '{', '(']).next().unwrap_or_default();
            const UNARY: &[&str] = &[
                "Eqz",
                "Clz",
                "Ctz",
                "Popcnt",
                "Abs",
                "Neg",
                "Ceil",
                "Floor",
                "Trunc",
                "Nearest",
                "Sqrt",
                "Wrap",
                "Extend",
                "Convert",
                "Demote",
                "Promote",
                "Reinterpret",
                "Load",
            ];
            const BINARY: &[&str] = &[
                "Eq", "Ne", "Lt", "Gt", "Le", "Ge", "Add", "Sub", "Mul", "Div", "Rem", "And", "Or",
                "Xor", "Shl", "Shr", "Rotl", "Rotr", "Min", "Max", "Copysign",
            ];
            let scalar = name.starts_with("I32")
                || name.starts_with("I64")
                || name.starts_with("F32")
                || name.starts_with("F64");
            // SIMD lanes (`I32x4…`) and atomics are not supported.
            let rest = name.get(3..).unwrap_or_default();
            if !scalar || rest.starts_with('x') || rest.starts_with("Atomic") {
                return None;
            }
            if UNARY.iter().any(|u| rest.starts_with(u)) {
                0
            } else if BINARY.iter().any(|b| rest.starts_with(b)) {
                1
            } else {
                return None;
            }
        }
    })
}

fn measure_function(
    body: &FunctionBody<'_>,
    types: &[Arity],
    funcs: &[Arity],
    growable: bool,
) -> Result<FunctionModel, String> {
    let mut locals = 0u64;
    for pair in body.get_locals_reader().map_err(|e| e.to_string())? {
        locals += pair.map_err(|e| e.to_string())?.0 as u64;
    }
    let mut walk = DepthWalk {
        stack: 0,
        worst: 0,
        scopes: vec![0],
    };
    // The meter emits a block's header before the block's operators, so the walk replays the
    // operators of each block after its header.
    let mut block: Vec<Operator<'_>> = Vec::new();
    let mut ops = 0u64;
    let mut returns = 0u64;
    let mut reader = body.get_operators_reader().map_err(|e| e.to_string())?;
    while !reader.eof() {
        let op = reader.read().map_err(|e| e.to_string())?;
        ops += 1;
        match op {
            Operator::MemoryFill { .. } | Operator::MemoryCopy { .. } => ops += DYNAMIC_METER_OPS,
            Operator::MemoryGrow { .. } if growable => ops += HEAP_BOUND_OPS,
            Operator::Return => returns += 1,
            _ => {}
        }
        let ends = ends_block(&op);
        block.push(op);
        if ends {
            ops += METER_HEADER_OPS;
            walk.meter_header();
            for op in block.drain(..) {
                if matches!(
                    op,
                    Operator::MemoryFill { .. } | Operator::MemoryCopy { .. }
                ) {
                    walk.dynamic_meter();
                }
                walk.op(&op, types, funcs)?;
            }
        }
    }
    ops += DEPTH_ENTRY_OPS + DEPTH_EXIT_OPS * (returns + 1);
    if walk.worst > MAX_FRAME_CONTENTION {
        return Err(format!(
            "too many values on the stack at once: {} > {MAX_FRAME_CONTENTION}",
            walk.worst
        ));
    }
    let frame = (walk.worst as u64 + locals + 4).min(u32::MAX as u64) as u32;
    if frame > MAX_FRAME_WORDS {
        return Err(format!(
            "frame too large: {frame} > {MAX_FRAME_WORDS}-word limit"
        ));
    }
    Ok(FunctionModel { locals, ops, frame })
}
