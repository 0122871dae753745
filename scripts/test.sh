#!/usr/bin/env bash
# Runs every check and test: lints, the contract build with its size limit, and the whole test suite
# (unit, motsu, property, devnode and integration tests over the real WASM, and the web app's browser tests).
# Integration tests use the embedded local Stylus chain unless RPC_URL points at a node.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stages.sh

stage "setup (toolchains)" scripts/setup.sh

# Two workspaces (see contracts/Cargo.toml for why): the contracts, and the host tools at the root.
stage "fmt" bash -c '(cd contracts && cargo fmt --all --check) && cargo fmt --all --check'

# Clippy runs as the compiler of the workspace's own crates inside the test build (what `cargo clippy`
# does, but in build mode instead of check mode): the dependencies are compiled once, for the tests,
# instead of once for clippy and again for the tests. `-D warnings` fails the build on any lint.
lint_build=(env RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__")

stage "contracts: WASM build + size report" scripts/build-contracts.sh

# motsu 0.10 keeps test state in a shared map whose lock gives up after 10 ms; under load, parallel
# test threads can abort the run. One thread per test binary makes the suite deterministic.
stage "contracts: clippy + test build" bash -c 'cd contracts && "$@" cargo test --workspace --all-targets --locked --no-run' _ "${lint_build[@]}"
stage "contracts: tests (unit, motsu, property)" bash -c 'cd contracts && RUST_TEST_THREADS=1 "$@" cargo test --workspace --all-targets --locked' _ "${lint_build[@]}"

stage "host: clippy + test build" "${lint_build[@]}" cargo test --workspace --all-targets --locked --no-run
stage "host: tests (devnode, tooling, integration over the real WASM)" "${lint_build[@]}" cargo test --workspace --all-targets --locked
stage "host: doctests" "${lint_build[@]}" cargo test --workspace --doc --locked
# The integration scenarios again, on a fork of a deployment already in use (a second local chain holding a
# populated protocol): reads come from the remote, writes never reach it (each test checks the remote after).
# (`--workspace`, not `-p aid-integration`: the same feature set as the build above, so nothing is compiled again.)
stage "integration on a fork" env AID_FORK=devnode "${lint_build[@]}" cargo test --workspace --locked --test lifecycle --test hardening --test permit --test exits
# Every user operation's gas, uncached and cached, next to OpenZeppelin: fails when a number grows more than 5%
# over the committed reports/gas.md (and when the Solidity fixtures no longer rebuild to the committed bytecode).
# The example binary (the test build made its test harness): `--workspace` keeps the test build's dependency
# features, so only the example itself is compiled (`cargo run -p aid-integration` would compile them all again).
gas_check() {
  "${lint_build[@]}" cargo build --workspace --examples --locked --quiet
  "${CARGO_TARGET_DIR:-target}/debug/examples/gas" --check reports/gas.md
}
stage "gas report (within 5% of reports/gas.md)" gas_check

# The web app: type check, production build with its bundle-size limit, browser tests in headless
# Chromium against the local chain, on the aid-deploy binary the host build above made.
stage "app: build + browser tests" env AID_DEPLOY_BIN="$PWD/target/debug/aid-deploy" scripts/test-app.sh

stage_summary
