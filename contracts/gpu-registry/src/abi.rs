//! Hand-written ABI of the registry.
//!
//! The typed router of stylus-sdk generates a decoder and an encoder per function, and with the
//! ERC-721, AccessControl and registry functions together that costs more program size than the
//! 24,576-byte code limit leaves. So every function is served by the fallback through this module
//! and calls the same Rust methods (OpenZeppelin's ERC-721 and ERC-165 implementations, and the
//! OpenZeppelin-compatible AccessControl and Pausable components of aid-support). Each argument is one ABI
//! word (or a `string`/`bytes`/`uint256[]` behind an offset), checked as Solidity's decoder checks
//! it; each result is a sequence of words or one string. Calldata that does not decode reverts
//! without data, as the typed router does. The tests call every function through this path with
//! calldata built from `interfaces/IGpuRegistry.sol`.
use alloc::{string::String, vec::Vec};

use alloy_primitives::{aliases::B32, Address, B256, U256};
use alloy_sol_types::SolCall;
use openzeppelin_stylus::{
    access::control::IAccessControl,
    token::erc721::{extensions::IErc721Metadata, IErc721},
    utils::{introspection::erc165::IErc165, IPausable},
};
use stylus_sdk::{abi::Bytes, ArbResult};

use aid_support::{encode, push_bytes, Word};

use crate::{sol::calls::*, Error, GpuRegistry};

/// The arguments of a call (the calldata after the selector).
struct Args<'a>(&'a [u8]);

impl Args<'_> {
    /// Word `i` of the head.
    fn word(&self, i: usize) -> Option<B256> {
        let at = i.checked_mul(32)?;
        self.0.get(at..at.checked_add(32)?).map(B256::from_slice)
    }

    /// Word `i` as a `uint256`.
    fn uint(&self, i: usize) -> Option<U256> {
        self.word(i).map(|w| U256::from_be_bytes(w.0))
    }

    /// Word `i` as an unsigned integer of `bytes` bytes (at most 8): every higher byte must be
    /// zero.
    fn small(&self, i: usize, bytes: usize) -> Option<u64> {
        let word = self.word(i)?;
        let (high, low) = word.split_at(32 - bytes);
        if high.iter().any(|b| *b != 0) {
            return None;
        }
        Some(low.iter().fold(0, |acc, b| (acc << 8) | u64::from(*b)))
    }

    /// Word `i` as an `address`.
    fn address(&self, i: usize) -> Option<Address> {
        let word = self.word(i)?;
        let (high, low) = word.split_at(12);
        high.iter()
            .all(|b| *b == 0)
            .then(|| Address::from_slice(low))
    }

    /// Word `i` as a `bool` (0 or 1).
    fn bool(&self, i: usize) -> Option<bool> {
        match self.small(i, 1)? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    /// The dynamic value whose offset is word `i`: its length word and the `len * unit` bytes
    /// after it.
    fn tail(&self, i: usize, unit: usize) -> Option<(usize, &[u8])> {
        let offset = usize::try_from(self.uint(i)?).ok()?;
        let len = usize::try_from(U256::from_be_slice(
            self.0.get(offset..offset.checked_add(32)?)?,
        ))
        .ok()?;
        let start = offset + 32;
        let body = self
            .0
            .get(start..start.checked_add(len.checked_mul(unit)?)?)?;
        Some((len, body))
    }

    /// Argument `i` as a `string` (valid UTF-8, as the typed decoder requires).
    fn string(&self, i: usize) -> Option<String> {
        String::from_utf8(self.tail(i, 1)?.1.to_vec()).ok()
    }

    /// Argument `i` as `bytes`.
    fn bytes(&self, i: usize) -> Option<Bytes> {
        Some(Bytes(self.tail(i, 1)?.1.to_vec()))
    }

    /// Word `i` as a `bytes4` (left-aligned, the rest zero).
    fn bytes4(&self, i: usize) -> Option<B32> {
        let word = self.word(i)?;
        let (value, rest) = word.split_at(4);
        rest.iter().all(|b| *b == 0).then(|| B32::from_slice(value))
    }

    /// Argument `i` as a `uint256[]`.
    fn uints(&self, i: usize) -> Option<Vec<U256>> {
        Some(
            self.tail(i, 32)?
                .1
                .chunks_exact(32)
                .map(U256::from_be_slice)
                .collect(),
        )
    }
}

/// ABI encoding of a sequence of static values.
fn ret(words: &[B256]) -> Vec<u8> {
    encode(&[], words)
}

/// ABI encoding of a single `string` result.
fn ret_string(string: &str) -> Vec<u8> {
    let mut data = ret(&[32_u64.w()]);
    push_bytes(&mut data, string.as_bytes());
    data
}

/// ABI encoding of a single `bool` result.
fn ret_bool(value: bool) -> Vec<u8> {
    ret(&[value.w()])
}

impl GpuRegistry {
    /// Decodes and runs the function `input` calls; `None` when it names no function of the
    /// registry, or does not decode.
    pub(crate) fn dispatch(&mut self, input: &[u8]) -> Option<ArbResult> {
        let (selector, args) = input.split_first_chunk::<4>()?;
        let a = Args(args);
        let result: Result<Vec<u8>, Error> = match *selector {
            registerAssetCall::SELECTOR => self
                .register_asset(
                    a.address(0)?,
                    a.word(1)?,
                    a.small(2, 4)? as u32,
                    a.word(3)?,
                    a.uint(4)?,
                    a.small(5, 8)?,
                    a.uint(6)?,
                    a.string(7)?,
                )
                .map(|id| ret(&[id.into()])),
            appraiseCall::SELECTOR => self.appraise(a.uint(0)?, a.uint(1)?).map(|()| Vec::new()),
            appraiseBatchCall::SELECTOR => self
                .appraise_batch(a.uints(0)?, a.uints(1)?)
                .map(|()| Vec::new()),
            configureModelCall::SELECTOR => self
                .configure_model(
                    a.word(0)?,
                    a.small(1, 8)?,
                    a.small(2, 2)? as u16,
                    a.bool(3)?,
                )
                .map(|()| Vec::new()),
            setAppraisalLimitsCall::SELECTOR => self
                .set_appraisal_limits(a.small(0, 2)? as u16, a.small(1, 8)?)
                .map(|()| Vec::new()),
            retireCall::SELECTOR => self.retire(a.uint(0)?).map(|()| Vec::new()),
            pauseCall::SELECTOR => self.pause().map(|()| Vec::new()),
            unpauseCall::SELECTOR => self.unpause().map(|()| Vec::new()),
            modelCall::SELECTOR => {
                let (life, residual, enabled) = self.model(a.word(0)?);
                Ok(ret(&[life.w(), residual.w(), enabled.w()]))
            }
            assetCall::SELECTOR => self.asset(a.uint(0)?).map(|(m, n, s, c, t, v, at)| {
                ret(&[m, n.w(), s, c.into(), t.w(), v.into(), at.w()])
            }),
            modelOfCall::SELECTOR => self.model_of(a.uint(0)?).map(|m| ret(&[m])),
            bookValueCall::SELECTOR => self.book_value(a.uint(0)?).map(|v| ret(&[v.into()])),
            valuationCall::SELECTOR => self
                .valuation(a.uint(0)?)
                .map(|(v, at, fresh)| ret(&[v.into(), at.w(), fresh.w()])),
            serialOwnerTokenCall::SELECTOR => {
                Ok(ret(&[self.serial_owner_token(a.word(0)?).into()]))
            }
            appraisalLimitsCall::SELECTOR => {
                let (step, age) = self.appraisal_limits();
                Ok(ret(&[step.w(), age.w()]))
            }
            balanceOfCall::SELECTOR => self
                .balance_of(a.address(0)?)
                .map(|n| ret(&[n.into()]))
                .map_err(Error::from),
            ownerOfCall::SELECTOR => self
                .owner_of(a.uint(0)?)
                .map(|o| ret(&[o.into_word()]))
                .map_err(Error::from),
            safeTransferFrom_0Call::SELECTOR => self
                .safe_transfer_from(a.address(0)?, a.address(1)?, a.uint(2)?)
                .map(|()| Vec::new())
                .map_err(Error::from),
            safeTransferFrom_1Call::SELECTOR => self
                .safe_transfer_from_with_data(a.address(0)?, a.address(1)?, a.uint(2)?, a.bytes(3)?)
                .map(|()| Vec::new())
                .map_err(Error::from),
            transferFromCall::SELECTOR => self
                .transfer_from(a.address(0)?, a.address(1)?, a.uint(2)?)
                .map(|()| Vec::new())
                .map_err(Error::from),
            approveCall::SELECTOR => self
                .approve(a.address(0)?, a.uint(1)?)
                .map(|()| Vec::new())
                .map_err(Error::from),
            setApprovalForAllCall::SELECTOR => self
                .set_approval_for_all(a.address(0)?, a.bool(1)?)
                .map(|()| Vec::new())
                .map_err(Error::from),
            getApprovedCall::SELECTOR => self
                .get_approved(a.uint(0)?)
                .map(|o| ret(&[o.into_word()]))
                .map_err(Error::from),
            isApprovedForAllCall::SELECTOR => Ok(ret_bool(
                self.is_approved_for_all(a.address(0)?, a.address(1)?),
            )),
            nameCall::SELECTOR => Ok(ret_string(crate::NAME)),
            symbolCall::SELECTOR => Ok(ret_string(crate::SYMBOL)),
            tokenURICall::SELECTOR => self
                .token_uri(a.uint(0)?)
                .map(|uri| ret_string(&uri))
                .map_err(Error::from),
            hasRoleCall::SELECTOR => Ok(ret_bool(self.has_role(a.word(0)?, a.address(1)?))),
            getRoleAdminCall::SELECTOR => Ok(ret(&[self.get_role_admin(a.word(0)?)])),
            grantRoleCall::SELECTOR => self
                .grant_role(a.word(0)?, a.address(1)?)
                .map(|()| Vec::new()),
            revokeRoleCall::SELECTOR => self
                .revoke_role(a.word(0)?, a.address(1)?)
                .map(|()| Vec::new()),
            renounceRoleCall::SELECTOR => self
                .renounce_role(a.word(0)?, a.address(1)?)
                .map(|()| Vec::new()),
            pausedCall::SELECTOR => Ok(ret_bool(self.paused())),
            supportsInterfaceCall::SELECTOR => Ok(ret_bool(self.supports_interface(a.bytes4(0)?))),
            _ => return None,
        };
        Some(result.map_err(Into::into))
    }
}
