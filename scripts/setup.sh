#!/usr/bin/env bash
# Makes a fresh machine ready to build and test AID Protocol. Idempotent; quick when all is there.
#   - the host toolchain pinned in rust-toolchain.toml, with rustfmt, clippy and the wasm32 target
#   - the pinned nightly used for the contract build (build-std needs its rust-src)
#   - cargo-nextest is not required: the tests run with plain `cargo test`
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

have_toolchain() { rustup toolchain list | grep -q "^$1"; }
have_component() { rustup component list --toolchain "$1" --installed 2>/dev/null | grep -q "^$2"; }
have_target() { rustup target list --toolchain "$1" --installed 2>/dev/null | grep -q "^$2$"; }

ensure() { # toolchain, then components
  local tc=$1; shift
  if ! have_toolchain "$tc"; then
    echo "setup: installing toolchain $tc"
    rustup toolchain install "$tc" --profile minimal
  fi
  for c in "$@"; do
    if ! have_component "$tc" "$c"; then
      echo "setup: adding $c to $tc"
      rustup component add "$c" --toolchain "$tc"
    fi
  done
  if ! have_target "$tc" wasm32-unknown-unknown; then
    echo "setup: adding wasm32-unknown-unknown to $tc"
    rustup target add wasm32-unknown-unknown --toolchain "$tc"
  fi
}

ensure "$HOST_TOOLCHAIN" rustfmt clippy
ensure "$CONTRACT_TOOLCHAIN" rust-src
echo "setup: ready (host $HOST_TOOLCHAIN, contracts $CONTRACT_TOOLCHAIN)"
