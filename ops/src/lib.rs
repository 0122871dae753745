//! The operations side of AID Protocol: what the keeper (`aid-keeper`) and the operator CLI (`aid`)
//! share.
//!
//! Both binaries read the address book the deploy tool writes (`deployments/<chain id>.json`,
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
pub mod key;
pub mod metrics;
pub mod ops;
pub mod output;
pub mod retry;
pub mod tx;
