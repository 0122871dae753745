//! The precompile provider: Ethereum's precompiles, Arbitrum's `ArbSys`, `ArbWasm`,
//! `ArbWasmCache`, `ArbGasInfo` and `ArbOwnerPublic`, the node's native contracts, and the
//! hook that runs Stylus programs (revm asks the provider about every call frame).

pub mod arbgasinfo;
pub mod arbownerpublic;
pub mod arbsys;
pub mod arbwasm;
pub mod arbwasmcache;

use crate::evm::DevContext;
use alloy_primitives::{address, Address, Bytes};
use revm::context::Cfg;
use revm::context_interface::JournalTr;
use revm::handler::{EthPrecompiles, PrecompileProvider};
use revm::interpreter::{CallInputs, Gas, InstructionResult, InterpreterResult};
use revm::precompile::Precompiles;
use revm::primitives::hardfork::SpecId;
use revm::primitives::AddressSet;
use std::sync::OnceLock;

/// `ArbSys` precompile address.
pub const ARB_SYS: Address = address!("0000000000000000000000000000000000000064");
/// `ArbOwnerPublic` precompile address.
pub const ARB_OWNER_PUBLIC: Address = address!("000000000000000000000000000000000000006b");
/// `ArbGasInfo` precompile address.
pub const ARB_GAS_INFO: Address = address!("000000000000000000000000000000000000006C");
/// `ArbWasm` precompile address.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// `ArbWasmCache` precompile address.
pub const ARB_WASM_CACHE: Address = address!("0000000000000000000000000000000000000072");
/// Account whose storage holds ArbOS state (Stylus activation records).
pub const ARBOS_STATE: Address = address!("A4B05FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");

/// First ArbOS version with Ethereum's Osaka precompiles (P256VERIFY at EIP-7951's 6,900 gas,
/// Osaka's ModExp pricing and bounds, the BLS12-381 set).
pub const ARBOS_OSAKA_PRECOMPILES: u64 = 50;

/// Precompiles plus the Stylus hook.
#[derive(Debug, Clone)]
pub(crate) struct DevPrecompiles {
    eth: EthPrecompiles,
    arbos_version: u64,
    warm: AddressSet,
}

impl DevPrecompiles {
    pub(crate) fn new(spec: SpecId, arbos_version: u64) -> Self {
        let mut eth = EthPrecompiles::new(spec);
        Self::arbitrum_set(&mut eth, arbos_version);
        let warm = Self::warm_set(&eth);
        Self {
            eth,
            arbos_version,
            warm,
        }
    }

    /// Arbitrum chooses Ethereum's precompiles by ArbOS version, not by the EVM's fork: Cancun's set
    /// plus RIP-7212's P256VERIFY (3,450 gas) from ArbOS 30, Osaka's set from ArbOS 50. The
    /// node's ArbOS versions (32 to 61) need only those two.
    fn arbitrum_set(eth: &mut EthPrecompiles, arbos_version: u64) {
        eth.precompiles = if arbos_version >= ARBOS_OSAKA_PRECOMPILES {
            Precompiles::osaka()
        } else {
            static CANCUN_P256: OnceLock<Precompiles> = OnceLock::new();
            CANCUN_P256.get_or_init(|| {
                let mut set = Precompiles::cancun().clone();
                set.extend([revm::precompile::secp256r1::P256VERIFY]);
                set
            })
        };
    }

    fn warm_set(eth: &EthPrecompiles) -> AddressSet {
        let mut warm = eth.warm_addresses().clone();
        warm.insert(ARB_SYS);
        warm.insert(ARB_WASM);
        warm.insert(ARB_WASM_CACHE);
        warm.insert(ARB_GAS_INFO);
        warm.insert(ARB_OWNER_PUBLIC);
        warm
    }
}

impl<'c> PrecompileProvider<&'c mut DevContext> for DevPrecompiles {
    type Output = InterpreterResult;

    fn set_spec(
        &mut self,
        spec: <<&'c mut DevContext as revm::context_interface::ContextTr>::Cfg as Cfg>::Spec,
    ) -> bool {
        let changed = <EthPrecompiles as PrecompileProvider<&'c mut DevContext>>::set_spec(
            &mut self.eth,
            spec,
        );
        if changed {
            Self::arbitrum_set(&mut self.eth, self.arbos_version);
            self.warm = Self::warm_set(&self.eth);
        }
        changed
    }

    fn run(
        &mut self,
        context: &mut &'c mut DevContext,
        inputs: &CallInputs,
    ) -> Result<Option<InterpreterResult>, String> {
        // Every call frame passes here (EVM code included): the Stylus reentrancy count.
        let depth = context.journaled_state.depth();
        context.chain.enter_frame(depth, inputs);
        match inputs.bytecode_address {
            ARB_WASM => return Ok(Some(arbwasm::run(context, inputs))),
            ARB_WASM_CACHE => return Ok(Some(arbwasmcache::run(context, inputs))),
            crate::cache_manager::CACHE_MANAGER => {
                return Ok(Some(crate::cache_manager::run(context, inputs)))
            }
            ARB_SYS => return Ok(Some(arbsys::run(context, inputs))),
            ARB_GAS_INFO => return Ok(Some(arbgasinfo::run(context, inputs))),
            ARB_OWNER_PUBLIC => return Ok(Some(arbownerpublic::run(context, inputs))),
            crate::deployer::STYLUS_DEPLOYER | crate::deployer::STYLUS_DEPLOYER_NITRO_DEV => {
                return Ok(Some(crate::deployer::run(context, inputs)))
            }
            _ => {}
        }
        if let Some(result) = self.eth.run(context, inputs)? {
            return Ok(Some(result));
        }
        let code = inputs.known_bytecode.1.original_byte_slice();
        if code.len() >= 3
            && (code[..3] == stylus_program::MAGIC || code[..3] == stylus_program::ROOT_MAGIC)
        {
            return Ok(Some(crate::stylus::call_program(context, inputs)));
        }
        Ok(None)
    }

    fn warm_addresses(&self) -> &AddressSet {
        &self.warm
    }

    fn contains(&self, address: &Address) -> bool {
        self.warm.contains(address)
    }
}

/// A precompile result that used `used` gas of `limit`.
pub(crate) fn done(limit: u64, used: u64, output: Bytes) -> InterpreterResult {
    let mut gas = Gas::new(limit);
    if !gas.record_regular_cost(used) {
        gas.spend_all();
        return InterpreterResult::new(InstructionResult::PrecompileOOG, Bytes::new(), gas);
    }
    InterpreterResult::new(InstructionResult::Return, output, gas)
}

/// A precompile revert that used `used` gas of `limit`.
pub(crate) fn reverted(limit: u64, used: u64, output: Bytes) -> InterpreterResult {
    let mut gas = Gas::new(limit);
    if !gas.record_regular_cost(used) {
        gas.spend_all();
    }
    InterpreterResult::new(InstructionResult::Revert, output, gas)
}

/// ABI `Error(string)` revert data.
pub(crate) fn error_string(msg: &str) -> Bytes {
    use alloy_sol_types::SolError;
    alloy_sol_types::Revert::from(msg).abi_encode().into()
}
