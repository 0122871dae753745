//! Chain configuration: the Nitro dev node's defaults, and ArbOS's Stylus parameters.

use alloy_primitives::{address, Address};
use revm::primitives::hardfork::SpecId;
use serde::{Deserialize, Serialize};

/// The Nitro dev node's chain id.
pub const DEV_CHAIN_ID: u64 = 412_346;
/// The Nitro dev node's prefunded account (public dev key
/// `0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659`).
pub const DEV_ACCOUNT: Address = address!("3f1Eae7D46d88F08fc2F8ed27FCb2AB183EB2d0E");
/// Arbitrum's block coinbase (the sequencer's fee address).
pub const SEQUENCER_COINBASE: Address = address!("A4B000000000000000000073657175656e636572");
/// Arbitrum's minimum base fee on the Nitro dev node: 0.1 gwei.
pub const DEV_BASE_FEE: u64 = 100_000_000;
/// Arbitrum's block gas limit (2^50): `GASLIMIT` returns it.
pub const ARBITRUM_BLOCK_GAS_LIMIT: u64 = 1 << 50;
/// Gas limit a transaction gets when the request names none.
pub const DEFAULT_TX_GAS_LIMIT: u64 = 32_000_000;

/// How block timestamps advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeMode {
    /// Time stands still unless moved with [`crate::Chain::increase_time`] or
    /// [`crate::Chain::set_next_block_timestamp`]: tests get reproducible timestamps.
    Manual,
    /// Blocks take the wall clock (never going backwards), plus any offset added with
    /// [`crate::Chain::increase_time`]: what a node serving people wants.
    WallClock,
}

/// ArbOS's Stylus parameters (the values the `ArbWasm` read methods return).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StylusParams {
    /// Current Stylus version; programs activated under another version must be re-activated.
    pub version: u16,
    /// Ink one gas buys.
    pub ink_price: u32,
    /// WASM stack budget of one program invocation, in words: every function entered takes its
    /// frame size (Nitro's depth checker); running out fails the call and consumes all its gas.
    pub max_stack_depth: u32,
    /// Pages a transaction may open for free.
    pub free_pages: u16,
    /// Linear gas per page beyond the free ones.
    pub page_gas: u16,
    /// Ramp of the exponential memory price (fixed-point bits, as ArbOS reports it).
    pub page_ramp: u64,
    /// Largest number of pages a program may have (initial memory and growth).
    pub page_limit: u16,
    /// Minimum call cost when not cached, in units of 128 gas.
    pub min_init_gas: u8,
    /// Minimum call cost when cached, in units of 32 gas.
    pub min_cached_init_gas: u8,
    /// Scalar of a program's init cost, in units of 2 percent.
    pub init_cost_scalar: u8,
    /// Scalar of a program's cached cost, in units of 2 percent.
    pub cached_cost_scalar: u8,
    /// Days after which an activation expires.
    pub expiry_days: u16,
    /// Days a program must age before a keepalive is allowed.
    pub keepalive_days: u16,
    /// Programs of the same block that count as cached on their next call.
    pub block_cache_size: u16,
}

impl Default for StylusParams {
    fn default() -> Self {
        Self {
            version: 2,
            ink_price: 10_000,
            // ArbOS 50 capped the initial 4 * 65,536 words to 22,000.
            max_stack_depth: 22_000,
            free_pages: 2,
            page_gas: 1_000,
            page_ramp: 620_674_314,
            page_limit: 128,
            // Stylus version 2 lowered it from 72 (it also charges the cached part on every entry).
            min_init_gas: 69,
            min_cached_init_gas: 11,
            init_cost_scalar: 50,
            cached_cost_scalar: 50,
            expiry_days: 365,
            keepalive_days: 31,
            block_cache_size: 32,
        }
    }
}

impl StylusParams {
    /// Minimum gas to call a program that is not cached.
    pub fn min_init_gas(&self) -> u64 {
        self.min_init_gas as u64 * 128
    }

    /// Minimum gas to call a cached program.
    pub fn min_cached_gas(&self) -> u64 {
        self.min_cached_init_gas as u64 * 32
    }

    /// Gas to enter a program that is not cached: its init gas and, under Stylus version 2 and
    /// later, its cached gas too (Nitro `CallProgram`: version 1 folded the cached part into init).
    pub fn init_gas(&self, init_cost: u16, cached_cost: u16) -> u64 {
        let dyn_part = (init_cost as u64 * self.init_cost_scalar as u64 * 2).div_ceil(100);
        let init = self.min_init_gas() + dyn_part;
        if self.version > 1 {
            init + self.cached_gas(cached_cost)
        } else {
            init
        }
    }

    /// Gas to enter a cached program.
    pub fn cached_gas(&self, cached_cost: u16) -> u64 {
        let dyn_part = (cached_cost as u64 * self.cached_cost_scalar as u64 * 2).div_ceil(100);
        self.min_cached_gas() + dyn_part
    }

    /// Gas to enter a program with the given init and cached costs.
    pub fn call_gas(&self, init_cost: u16, cached_cost: u16, cached: bool) -> u64 {
        if cached {
            self.cached_gas(cached_cost)
        } else {
            self.init_gas(init_cost, cached_cost)
        }
    }
}

/// Everything that shapes a chain; [`ChainConfig::default`] mirrors the Nitro dev node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainConfig {
    /// Chain id (`CHAINID`, `chainid()`, transaction replay protection).
    pub chain_id: u64,
    /// EVM rules for EVM bytecode (Arbitrum's ArbOS 40+ follows Prague).
    pub spec: SpecId,
    /// Base fee of every block, in wei per gas (Arbitrum charges the base fee only: tips are dropped).
    pub base_fee: u64,
    /// Block gas limit reported by `GASLIMIT` and `block_gas_limit()`.
    pub block_gas_limit: u64,
    /// Block coinbase.
    pub coinbase: Address,
    /// Timestamp of the genesis block.
    pub genesis_timestamp: u64,
    /// How timestamps advance.
    pub time: TimeMode,
    /// Stylus parameters.
    pub stylus: StylusParams,
    /// ArbOS version whose Stylus rules apply where they differ between versions: multi-value
    /// (refused from 60), the recent-program discount (from 60), the import limit and the
    /// per-byte activation charge (from 32). Arbitrum One and Nova run ArbOS 61.
    pub arbos_version: u64,
    /// Debug chain: programs may import the `console` host functions. Off, as on Arbitrum One and
    /// Sepolia, where such programs fail to activate; the Nitro dev node turns it on.
    pub debug: bool,
    /// Floor of the activation data price, in wei per byte of estimated machine code (ArbOS's
    /// data pricer: the price rises exponentially with recent activation demand).
    pub activation_min_price: u64,
    /// Gas every activation burns before anything else (ArbOS's `ActivationGas` parameter,
    /// 0 on Arbitrum One; from ArbOS 60).
    pub activation_gas: u64,
    /// ArbOS chain owners: they may cache and evict programs through `ArbWasmCache` and run the
    /// `CacheManager`'s owner methods. The Nitro dev node's owner is [`DEV_ACCOUNT`].
    #[serde(default = "default_chain_owners")]
    pub chain_owners: Vec<Address>,
    /// Blocks whose state stays readable (balances, code, storage, `eth_call` at a block), the
    /// latest included; at least 1. Each kept state costs only what its block changed.
    #[serde(default = "default_state_blocks")]
    pub state_blocks: u64,
    /// Blocks whose bodies, receipts, logs and transaction lookups are kept; older ones are
    /// pruned. 0 keeps all (memory then grows with every transaction).
    #[serde(default = "default_history_blocks")]
    pub history_blocks: u64,
}

fn default_state_blocks() -> u64 {
    crate::chain::DEFAULT_STATE_BLOCKS
}

fn default_history_blocks() -> u64 {
    crate::chain::DEFAULT_HISTORY_BLOCKS
}

fn default_chain_owners() -> Vec<Address> {
    vec![DEV_ACCOUNT]
}

impl Default for ChainConfig {
    fn default() -> Self {
        Self {
            chain_id: DEV_CHAIN_ID,
            spec: SpecId::PRAGUE,
            base_fee: DEV_BASE_FEE,
            block_gas_limit: ARBITRUM_BLOCK_GAS_LIMIT,
            coinbase: SEQUENCER_COINBASE,
            genesis_timestamp: 1_767_225_600,
            time: TimeMode::Manual,
            stylus: StylusParams::default(),
            arbos_version: 61,
            debug: false,
            activation_min_price: 82_928_201,
            activation_gas: 0,
            chain_owners: default_chain_owners(),
            state_blocks: default_state_blocks(),
            history_blocks: default_history_blocks(),
        }
    }
}
