#!/usr/bin/env bash
# Runs every check and test: lints, the contract build with its size limit, and the whole test suite
# (unit, motsu, property, devnode and integration tests over the real WASM).
# Integration tests use the embedded local Stylus chain unless RPC_URL points at a node.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== fmt"
cargo fmt --all --check
echo "== clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== contracts (WASM build + size report)"
scripts/build-contracts.sh
echo "== tests"
cargo test --workspace --locked
