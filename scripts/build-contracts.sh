#!/usr/bin/env bash
# Builds every Stylus contract to WASM and prints the size report; fails if any contract is over
# 24,576 deployed bytes. Usage: scripts/build-contracts.sh [--write-report] [CONTRACT...]
#
# The build: pinned nightly, build-std with immediate-abort panics, opt-level "z", fat LTO, and
# OpenZeppelin's wasm flags (8 KiB stack, MVP CPU + bulk-memory: one initial memory page instead of 17).
# Measured against stable in README "Contract sizes": the nightly build is what lets the vault fit.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

write=()
if [ "${1:-}" = "--write-report" ]; then write=(--write reports/contract-sizes.md); shift; fi
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${CONTRACTS[@]}")

for n in "${names[@]}"; do
  [ -d "contracts/$n" ] || { echo "build-contracts: no contract named $n (contracts/$n)" >&2; exit 2; }
done

# One cargo invocation per contract: built together, Cargo would unify the features of shared
# dependencies across them (e.g. OpenZeppelin turns on alloy-primitives' compiled-in keccak), and a
# contract that avoids them would still pay for them in size.
for n in "${names[@]}"; do
  # The test command lints the host builds through RUSTC_WORKSPACE_WRAPPER; the nightly WASM build is not one.
  (cd contracts && env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
    RUSTFLAGS="-C link-arg=-zstack-size=8192 -C target-cpu=mvp -C target-feature=+bulk-memory -Zunstable-options -Cpanic=immediate-abort" \
    CARGO_TARGET_DIR="$CONTRACT_TARGET_DIR" \
    cargo "+$CONTRACT_TOOLCHAIN" build --locked --lib --profile contract --target wasm32-unknown-unknown \
      -Zbuild-std=std,panic_abort -p "$n")
done

mkdir -p reports
cargo run --locked --quiet -p contract-sizes -- --dir "$WASM_DIR" "${write[@]}" "${names[@]}"
