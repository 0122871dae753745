//! Stylus prices: ink per WASM operator, ink per host I/O, and the memory model.
//!
//! Sources: Arbitrum's published "Gas and ink costs" table (per-opcode ink), the host I/O base
//! costs of the Stylus runtime (8,400 ink per host call, 5,040 more per pointer argument, 59,673
//! for an EVM API round trip), and ArbOS's default Stylus parameters. 1 gas = 10,000 ink at the
//! default ink price.

use wasmparser::Operator;

/// Base ink of every host call that may return something.
pub const HOSTIO_INK: u64 = 8_400;
/// Extra ink per pointer argument of a host call.
pub const PTR_INK: u64 = 13_440 - HOSTIO_INK;
/// Extra ink of a host call that goes through the EVM API (state access, calls, logs).
pub const EVM_API_INK: u64 = 59_673;
/// Extra ink of a 256-bit division or modulo.
pub const DIV_INK: u64 = 20_000;
/// Extra ink of a 256-bit mulmod.
pub const MUL_MOD_INK: u64 = 24_100;
/// Extra ink of a 256-bit addmod.
pub const ADD_MOD_INK: u64 = 21_000;

/// Base ink of each host function, charged before it does anything else.
pub mod hostio {
    use super::*;
    /// `read_args`.
    pub const READ_ARGS: u64 = HOSTIO_INK;
    /// `write_result`.
    pub const WRITE_RESULT: u64 = HOSTIO_INK;
    /// `storage_load_bytes32`.
    pub const STORAGE_LOAD: u64 = HOSTIO_INK + 2 * PTR_INK;
    /// `storage_cache_bytes32`.
    pub const STORAGE_CACHE: u64 = HOSTIO_INK + 2 * PTR_INK;
    /// `storage_flush_cache`.
    pub const STORAGE_FLUSH: u64 = HOSTIO_INK + EVM_API_INK;
    /// `transient_load_bytes32`.
    pub const TRANSIENT_LOAD: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    /// `transient_store_bytes32`.
    pub const TRANSIENT_STORE: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    /// `call_contract`, `delegate_call_contract`, `static_call_contract`.
    pub const CALL_CONTRACT: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;
    /// `create1`.
    pub const CREATE1: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;
    /// `create2`.
    pub const CREATE2: u64 = HOSTIO_INK + 4 * PTR_INK + EVM_API_INK;
    /// `read_return_data`.
    pub const READ_RETURN_DATA: u64 = HOSTIO_INK + EVM_API_INK;
    /// `return_data_size`.
    pub const RETURN_DATA_SIZE: u64 = HOSTIO_INK;
    /// `emit_log`.
    pub const EMIT_LOG: u64 = HOSTIO_INK + EVM_API_INK;
    /// `account_balance`.
    pub const ACCOUNT_BALANCE: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    /// `account_code`.
    pub const ACCOUNT_CODE: u64 = HOSTIO_INK + EVM_API_INK;
    /// `account_code_size`.
    pub const ACCOUNT_CODE_SIZE: u64 = HOSTIO_INK + EVM_API_INK;
    /// `account_codehash`.
    pub const ACCOUNT_CODEHASH: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    /// `block_basefee`.
    pub const BLOCK_BASEFEE: u64 = HOSTIO_INK + PTR_INK;
    /// `block_coinbase`.
    pub const BLOCK_COINBASE: u64 = HOSTIO_INK + PTR_INK;
    /// `block_gas_limit`.
    pub const BLOCK_GAS_LIMIT: u64 = HOSTIO_INK;
    /// `block_number`.
    pub const BLOCK_NUMBER: u64 = HOSTIO_INK;
    /// `block_timestamp`.
    pub const BLOCK_TIMESTAMP: u64 = HOSTIO_INK;
    /// `chainid`.
    pub const CHAIN_ID: u64 = HOSTIO_INK;
    /// `contract_address`.
    pub const CONTRACT_ADDRESS: u64 = HOSTIO_INK + PTR_INK;
    /// `evm_gas_left`.
    pub const EVM_GAS_LEFT: u64 = HOSTIO_INK;
    /// `evm_ink_left`.
    pub const EVM_INK_LEFT: u64 = HOSTIO_INK;
    /// `math_div`.
    pub const MATH_DIV: u64 = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
    /// `math_mod`.
    pub const MATH_MOD: u64 = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
    /// `math_pow` (plus [`super::pow_price`]).
    pub const MATH_POW: u64 = HOSTIO_INK + 3 * PTR_INK;
    /// `math_add_mod`.
    pub const MATH_ADD_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + ADD_MOD_INK;
    /// `math_mul_mod`.
    pub const MATH_MUL_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + MUL_MOD_INK;
    /// `msg_reentrant`.
    pub const MSG_REENTRANT: u64 = HOSTIO_INK;
    /// `msg_sender`.
    pub const MSG_SENDER: u64 = HOSTIO_INK + PTR_INK;
    /// `msg_value`.
    pub const MSG_VALUE: u64 = HOSTIO_INK + PTR_INK;
    /// `tx_gas_price`.
    pub const TX_GAS_PRICE: u64 = HOSTIO_INK + PTR_INK;
    /// `tx_ink_price`.
    pub const TX_INK_PRICE: u64 = HOSTIO_INK;
    /// `tx_origin`.
    pub const TX_ORIGIN: u64 = HOSTIO_INK + PTR_INK;
    /// `pay_for_memory_grow` called with zero pages.
    pub const PAY_FOR_MEMORY_GROW: u64 = HOSTIO_INK;
}

/// EVM gas the storage cache requires to be available before a write (EIP-2200 sentry).
pub const SSTORE_SENTRY_GAS: u64 = 2_300;
/// EVM gas of a cold account access (EIP-2929).
pub const COLD_ACCOUNT_GAS: u64 = 2_600;
/// EVM gas of a cold storage read (EIP-2929).
pub const COLD_SLOAD_GAS: u64 = 2_100;
/// EVM gas of a warm storage read (EIP-2929).
pub const WARM_SLOAD_GAS: u64 = 100;
/// EVM gas of TLOAD / TSTORE (EIP-1153).
pub const TRANSIENT_GAS: u64 = 100;
/// EVM gas of a LOG opcode before topics and data.
pub const LOG_GAS: u64 = 375;
/// EVM gas per LOG topic.
pub const LOG_TOPIC_GAS: u64 = 375;
/// EVM gas per LOG data byte.
pub const LOG_DATA_GAS: u64 = 8;

/// Ink to copy `bytes` from WASM memory into the host.
pub fn read_price(bytes: u32) -> u64 {
    16_381u64.saturating_add(55u64.saturating_mul(bytes.saturating_sub(32) as u64))
}

/// Ink to copy `bytes` from the host into WASM memory.
pub fn write_price(bytes: u32) -> u64 {
    5_040u64.saturating_add(30u64.saturating_mul(bytes.saturating_sub(32) as u64))
}

/// Ink of `native_keccak256` over `bytes` bytes (the whole price of the call).
pub fn keccak_price(bytes: u32) -> u64 {
    let words = (bytes as u64).div_ceil(32).saturating_sub(2);
    121_800u64.saturating_add(21_000u64.saturating_mul(words))
}

/// Extra ink of `math_pow` by the byte length of the exponent.
pub fn pow_price(exponent: &[u8; 32]) -> u64 {
    let leading_zero_bytes = exponent.iter().take_while(|b| **b == 0).count() as u64;
    3_000 + (33 - leading_zero_bytes) * 17_500
}

/// Dynamic ink per byte of `memory.copy`, `memory.fill` and `memory.init`.
pub const MEMORY_BULK_INK_PER_BYTE: u64 = 100;

/// Ink of one WASM operator, as charged when its basic block is entered.
///
/// `call_indirect_params` gives the parameter count of a type index (for `call_indirect`).
/// Operators Arbitrum's table does not list (table and bulk-element operators) cost
/// [`UNLISTED_OP_INK`]. Floating-point and SIMD operators never reach here: activation rejects them.
pub fn op_ink(op: &Operator<'_>, call_indirect_params: impl Fn(u32) -> u64) -> u64 {
    use Operator as O;
    match op {
        O::Unreachable | O::Nop | O::Block { .. } | O::Loop { .. } | O::Else | O::End => 1,
        O::If { .. } | O::Br { .. } | O::BrIf { .. } => 765,
        O::BrTable { targets } => 2_400 + 325 * targets.len() as u64,
        O::Return => 1,
        O::Call { .. } => 3_800,
        O::CallIndirect { type_index, .. } => 13_610 + 650 * call_indirect_params(*type_index),
        O::Drop => 9,
        O::Select | O::TypedSelect { .. } => 1_250,
        O::LocalGet { .. } | O::LocalTee { .. } => 75,
        O::LocalSet { .. } => 210,
        O::GlobalGet { .. } => 225,
        O::GlobalSet { .. } => 575,
        O::I32Load { .. }
        | O::I32Load8S { .. }
        | O::I32Load8U { .. }
        | O::I32Load16S { .. }
        | O::I32Load16U { .. } => 670,
        O::I64Load { .. }
        | O::I64Load8S { .. }
        | O::I64Load8U { .. }
        | O::I64Load16S { .. }
        | O::I64Load16U { .. }
        | O::I64Load32S { .. }
        | O::I64Load32U { .. } => 680,
        O::I32Store { .. } | O::I32Store8 { .. } | O::I32Store16 { .. } => 825,
        O::I64Store { .. } | O::I64Store8 { .. } | O::I64Store16 { .. } | O::I64Store32 { .. } => {
            950
        }
        O::MemorySize { .. } => 3_000,
        O::MemoryGrow { .. } => 8_050,
        O::I32Const { .. } | O::I64Const { .. } => 1,
        O::I32Eqz
        | O::I32Eq
        | O::I32Ne
        | O::I32LtS
        | O::I32LtU
        | O::I32GtS
        | O::I32GtU
        | O::I32LeS
        | O::I32LeU
        | O::I32GeS
        | O::I32GeU => 170,
        O::I64Eqz
        | O::I64Eq
        | O::I64Ne
        | O::I64LtS
        | O::I64LtU
        | O::I64GtS
        | O::I64GtU
        | O::I64LeS
        | O::I64LeU
        | O::I64GeS
        | O::I64GeU => 225,
        O::I32Clz | O::I32Ctz => 210,
        O::I32Popcnt => 2_650,
        O::I32Add | O::I32Sub => 70,
        O::I32Mul => 160,
        O::I32DivS | O::I32DivU | O::I32RemS | O::I32RemU => 1_120,
        O::I32And
        | O::I32Or
        | O::I32Xor
        | O::I32Shl
        | O::I32ShrS
        | O::I32ShrU
        | O::I32Rotl
        | O::I32Rotr => 70,
        O::I64Clz | O::I64Ctz => 210,
        O::I64Popcnt => 6_000,
        O::I64Add | O::I64Sub => 100,
        O::I64Mul => 160,
        O::I64DivS | O::I64DivU | O::I64RemS | O::I64RemU => 1_270,
        O::I64And
        | O::I64Or
        | O::I64Xor
        | O::I64Shl
        | O::I64ShrS
        | O::I64ShrU
        | O::I64Rotl
        | O::I64Rotr => 100,
        O::I32WrapI64
        | O::I64ExtendI32S
        | O::I64ExtendI32U
        | O::I32Extend8S
        | O::I32Extend16S
        | O::I64Extend8S
        | O::I64Extend16S
        | O::I64Extend32S => 100,
        O::MemoryCopy { .. } | O::MemoryFill { .. } | O::MemoryInit { .. } => 950,
        O::DataDrop { .. } => 100,
        _ => UNLISTED_OP_INK,
    }
}

/// Ink of operators absent from Arbitrum's table (table.copy, table.init, elem.drop).
pub const UNLISTED_OP_INK: u64 = 3_000;

/// Ink every basic block costs on top of its operators: the check-and-charge header Nitro's meter
/// runs at the start of each block (`ink_header_cost`).
pub const BLOCK_HEADER_INK: u64 = 2_450;

/// Whether the operator ends a basic block: metering is charged again after it. Nitro's set
/// (`ends_basic_block`): `block` and `unreachable` do not end one.
pub fn ends_block(op: &Operator<'_>) -> bool {
    use Operator as O;
    matches!(
        op,
        O::Loop { .. }
            | O::If { .. }
            | O::Else
            | O::End
            | O::Br { .. }
            | O::BrIf { .. }
            | O::BrTable { .. }
            | O::Return
            | O::Call { .. }
            | O::CallIndirect { .. }
    )
}

/// Arbitrum's memory-expansion table: gas of the exponential part for a program that has ever
/// held `pages` pages in the transaction (ArbOS page ramp 620,674,314).
pub const MEMORY_EXPONENTS: [u32; 129] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25, 29, 33, 38,
    43, 50, 57, 65, 75, 85, 98, 112, 128, 147, 168, 193, 221, 253, 289, 331, 379, 434, 497, 569,
    651, 745, 853, 976, 1117, 1279, 1463, 1675, 1917, 2194, 2511, 2874, 3290, 3765, 4309, 4932,
    5645, 6461, 7395, 8464, 9687, 11087, 12689, 14523, 16621, 19024, 21773, 24919, 28521, 32642,
    37359, 42758, 48938, 56010, 64104, 73368, 83971, 96106, 109994, 125890, 144082, 164904, 188735,
    216010, 247226, 282953, 323844, 370643, 424206, 485509, 555672, 635973, 727880, 833067, 953456,
    1091243, 1248941, 1429429, 1636000, 1872423, 2143012, 2452704, 2807151, 3212820, 3677113,
    4208502, 4816684, 5512756, 6309419, 7221210, 8264766, 9459129, 10826093, 12390601, 14181199,
    16230562, 18576084, 21260563, 24332984, 27849408, 31873999,
];

/// Gas to open `new` WASM pages when `open` pages are open in the transaction and `ever` was the
/// most ever open: a linear part (`page_gas` per page beyond the free ones) plus the growth of
/// the exponential curve.
pub fn memory_gas(free_pages: u16, page_gas: u16, new: u16, open: u16, ever: u16) -> u64 {
    let new_open = open.saturating_add(new);
    let new_ever = ever.max(new_open);
    if new_ever <= free_pages {
        return 0;
    }
    let credit = |pages: u16| pages.saturating_sub(free_pages);
    let adding = credit(new_open).saturating_sub(credit(open)) as u64;
    let linear = adding.saturating_mul(page_gas as u64);
    let exp = |pages: u16| {
        MEMORY_EXPONENTS
            .get(pages as usize)
            .map_or(u64::MAX, |x| *x as u64)
    };
    let expand = exp(new_ever).saturating_sub(exp(ever));
    linear.saturating_add(expand)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_free_within_the_free_pages() {
        assert_eq!(memory_gas(2, 1000, 2, 0, 0), 0);
        // A third page: 1,000 linear + exp(3) - exp(0) = 1,000 + 0.
        assert_eq!(memory_gas(2, 1000, 1, 2, 2), 1000);
        // Re-opening pages already paid for in the transaction costs only the linear part.
        assert_eq!(memory_gas(2, 1000, 10, 0, 20), 8 * 1000);
        // 128 pages from nothing.
        assert_eq!(memory_gas(2, 1000, 128, 0, 0), 126 * 1000 + 31_873_999 - 1);
    }

    #[test]
    fn host_prices_match_the_published_table() {
        assert_eq!(hostio::MSG_SENDER, 13_440);
        assert_eq!(hostio::BLOCK_NUMBER, 8_400);
        assert_eq!(hostio::CONTRACT_ADDRESS, 13_440);
        assert_eq!(keccak_price(64), 121_800);
        assert_eq!(keccak_price(96), 142_800);
        assert_eq!(pow_price(&[0; 32]), 3_000 + 17_500);
        assert_eq!(write_price(32), 5_040);
        assert_eq!(read_price(33), 16_381 + 55);
    }
}
