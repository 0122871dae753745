//! The operations side of AID Protocol: what the keeper (`aid-keeper`) and the operator CLI (`aid`)
//! share.
//!
//! Both binaries take their key as the deploy tool does ([`aid_deploy::signer`]: `PRIVATE_KEY`
//! or an encrypted keystore, the dev key on the local chain only), read the address book the deploy tool writes (`deployments/<chain id>.json`,
//! [`aid_deploy::book::AddressBook`]), talk to the contracts through the `aid-interfaces` bindings
//! and send every transaction through one [`tx::Sender`]: one nonce manager, each call simulated
//! before it is signed, a signed transaction re-broadcast byte for byte (never re-signed with a new
//! nonce) when the node's answer was lost, and reverts decoded into sentences ([`errors`]).
#![deny(missing_docs)]

pub mod amount;
pub mod conn;
pub mod errors;
pub mod index;
pub mod keeper;
pub mod metrics;
pub mod ops;
pub mod output;
pub mod retry;
pub mod tx;

/// The signer `key` selects for `chain_id` (the dev key only on the local chain, when no key is
/// given).
pub fn signer(
    key: &aid_deploy::signer::KeyArgs,
    chain_id: u64,
) -> anyhow::Result<alloy::signers::local::PrivateKeySigner> {
    let local = chain_id == aid_deploy::chain::DEVNODE_CHAIN_ID;
    Ok(aid_deploy::signer::load(&key.source(local)?)?)
}
