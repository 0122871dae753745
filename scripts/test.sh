#!/usr/bin/env bash
# Runs every check and test: lints, the contract build with its size limit, and the whole test suite
# (unit, motsu, property, devnode and integration tests over the real WASM).
# Integration tests use the embedded local Stylus chain unless RPC_URL points at a node.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

# Two workspaces (see contracts/Cargo.toml for why): the contracts, and the host tools at the root.
echo "== fmt"
(cd contracts && cargo fmt --all --check)
cargo fmt --all --check
echo "== clippy"
(cd contracts && cargo clippy --workspace --all-targets --locked -- -D warnings)
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== contracts (WASM build + size report)"
scripts/build-contracts.sh
echo "== contract tests (unit, motsu, property)"
# motsu 0.10 keeps test state in a shared map whose lock gives up after 10 ms; under load, parallel
# test threads can abort the run. One thread per test binary makes the suite deterministic.
(cd contracts && RUST_TEST_THREADS=1 cargo test --workspace --locked)
echo "== host tests (devnode, tooling, integration over the real WASM)"
cargo test --workspace --locked
