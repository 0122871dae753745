//! ABI encoding by hand: events, custom errors and calls to the registry, the AID token and the
//! vault.
//!
//! Every event, error and call of the minter has only static 32-byte fields, so one small
//! encoder serves them all instead of a generated encoder per type; that keeps the contract
//! inside one Stylus code account. The typed declarations in [`crate::sol`] give the selectors
//! and signature hashes, and the tests check every encoding against them.

use alloc::vec::Vec;

use alloy_primitives::{Address, B256, U256};
use stylus_sdk::{call::RawCall, function_selector};

use alloy_sol_types::SolError;

use crate::{sol::UnexpectedReturnData, R};

/// A value as one ABI word (left-padded, big-endian).
pub(crate) trait Word {
    /// The 32-byte ABI encoding of `self`.
    fn w(self) -> B256;
}

impl Word for U256 {
    fn w(self) -> B256 {
        B256::new(self.to_be_bytes::<32>())
    }
}

impl Word for Address {
    fn w(self) -> B256 {
        self.into_word()
    }
}

impl Word for B256 {
    fn w(self) -> B256 {
        self
    }
}

impl Word for u64 {
    fn w(self) -> B256 {
        U256::from(self).w()
    }
}

impl Word for u16 {
    fn w(self) -> B256 {
        U256::from(self).w()
    }
}

/// `selector ++ words`.
fn encode(selector: [u8; 4], words: &[B256]) -> Vec<u8> {
    let mut data = Vec::with_capacity(4 + 32 * words.len());
    data.extend_from_slice(&selector);
    for word in words {
        data.extend_from_slice(word.as_slice());
    }
    data
}

/// Reverts with the custom error `selector(words...)`.
pub(crate) fn fail<T>(selector: [u8; 4], words: &[B256]) -> R<T> {
    Err(encode(selector, words))
}

/// Emits an event: `topics[0]` is its signature hash, then the indexed fields; `data` holds the
/// other fields.
pub(crate) fn log(topics: &[B256], data: &[B256]) {
    let mut bytes = Vec::with_capacity(32 * data.len());
    for word in data {
        bytes.extend_from_slice(word.as_slice());
    }
    // At most four topics by construction: the call sites are fixed.
    #[allow(deprecated)]
    let _ = stylus_sdk::evm::raw_log(topics, &bytes);
}

/// Calls `to` with `selector(args...)`; the callee's revert data is passed through.
pub(crate) fn call(to: Address, selector: [u8; 4], args: &[B256]) -> R<Vec<u8>> {
    // SAFETY: the storage cache is flushed first, so the callee sees the minter's final state;
    // the minter cannot be re-entered while the callee runs (stylus-sdk's reentrancy guard).
    unsafe {
        RawCall::new()
            .flush_storage_cache()
            .call(to, &encode(selector, args))
    }
}

/// Static-calls `to` with `selector(args...)`.
pub(crate) fn static_call(to: Address, selector: [u8; 4], args: &[B256]) -> R<Vec<u8>> {
    // SAFETY: as in `call`; a static call cannot change any state.
    unsafe {
        RawCall::new_static()
            .flush_storage_cache()
            .call(to, &encode(selector, args))
    }
}

/// Word `i` of the return data of a call to `target`.
pub(crate) fn ret(data: &[u8], i: usize, target: Address) -> R<U256> {
    match data.get(32 * i..32 * (i + 1)) {
        Some(word) => Ok(U256::from_be_bytes(B256::from_slice(word).0)),
        None => fail(UnexpectedReturnData::SELECTOR, &[target.w()]),
    }
}

/// `GpuRegistry.valuation(uint256)`.
pub(crate) const VALUATION: [u8; 4] = function_selector!("valuation", U256);
/// `GpuRegistry.modelOf(uint256)`.
pub(crate) const MODEL_OF: [u8; 4] = function_selector!("modelOf", U256);
/// `transferFrom(address,address,uint256)`: the same selector on ERC-20 and ERC-721.
pub(crate) const TRANSFER_FROM: [u8; 4] =
    function_selector!("transferFrom", Address, Address, U256);
/// `GpuRegistry.safeTransferFrom(address,address,uint256)`.
pub(crate) const SAFE_TRANSFER_FROM: [u8; 4] =
    function_selector!("safeTransferFrom", Address, Address, U256);
/// `AidToken.mint(address,uint256)`.
pub(crate) const MINT: [u8; 4] = function_selector!("mint", Address, U256);
/// `AidToken.burn(uint256)`.
pub(crate) const BURN: [u8; 4] = function_selector!("burn", U256);
/// `AidToken.burnFrom(address,uint256)`.
pub(crate) const BURN_FROM: [u8; 4] = function_selector!("burnFrom", Address, U256);
/// `AidToken.transfer(address,uint256)`.
pub(crate) const TRANSFER: [u8; 4] = function_selector!("transfer", Address, U256);
/// `AidToken.approve(address,uint256)`.
pub(crate) const APPROVE: [u8; 4] = function_selector!("approve", Address, U256);
/// `SAidVault.distributeYield(uint256)`.
pub(crate) const DISTRIBUTE_YIELD: [u8; 4] = function_selector!("distributeYield", U256);
/// `SAidVault.absorbLoss(uint256)`.
pub(crate) const ABSORB_LOSS: [u8; 4] = function_selector!("absorbLoss", U256);
