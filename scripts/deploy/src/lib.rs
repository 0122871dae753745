//! The AID Protocol deploy tool as a library: the binary `aid-deploy` and the integration tests use it.
//!
//! [`deploy::deploy_protocol`] deploys GpuRegistry, AidToken, AidMinter and SAidVault through the
//! StylusDeployer factory (create + activate + constructor in one transaction each), wires them as
//! PROTOCOL.md says, hands roles to the configured holders, reads every link back and returns the
//! [`book::AddressBook`] written to `deployments/<chain id>.json`.
#![deny(missing_docs)]

pub mod book;
pub mod chain;
pub mod config;
pub mod deploy;
pub mod errors;
pub mod local;
pub mod protocol;
pub mod rehearse;
pub mod signer;
