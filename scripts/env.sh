# Shared settings for the project's scripts (sourced from the repository root, not run).
# The host toolchain comes from rust-toolchain.toml; contracts use a pinned nightly for build-std.
HOST_TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
CONTRACT_TOOLCHAIN=nightly-2026-05-20
# The Stylus contracts, in deployment order. Each is a crate of the contracts/ workspace.
CONTRACTS=(gpu-registry aid-token aid-minter said-vault aid-liquidator)
CONTRACT_TARGET_DIR=$PWD/contracts/target/wasm
WASM_DIR=$CONTRACT_TARGET_DIR/wasm32-unknown-unknown/contract
export HOST_TOOLCHAIN CONTRACT_TOOLCHAIN CONTRACT_TARGET_DIR WASM_DIR
