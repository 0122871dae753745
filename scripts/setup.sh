#!/usr/bin/env bash
# Makes a fresh machine ready to build and test AID Protocol. Idempotent; quick when all is there.
#   - the host toolchain pinned in rust-toolchain.toml, with rustfmt, clippy and the wasm32 target
#   - the pinned nightly used for the contract build (build-std needs its rust-src)
#   - cargo-nextest is not required: the tests run with plain `cargo test`
#   - the web app (app/): Node.js and npm (from Debian when missing), Debian's Chromium for its
#     browser tests (never a browser download), and `npm ci` from the committed lockfile
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

apt_install() {
  local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "setup: installing $* from Debian"
  $sudo apt-get install -y "$@" || { $sudo apt-get update -qq && $sudo apt-get install -y "$@"; }
}
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
if [ ! -x /usr/bin/chromium ]; then apt_install chromium; fi
# npm ci only when a lockfile changed since the last install (a stamp of its hash): the web app, and the pinned
# solc + OpenZeppelin that build the Solidity reference contracts and the integrator's adapter (tests/solidity).
npm_ci() {
  local dir=$1; shift
  local sum
  sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$dir/node_modules/.lock-sha256" 2>/dev/null)" != "$sum" ]; then
    echo "setup: npm ci in $dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error "$@")
    echo "$sum" > "$dir/node_modules/.lock-sha256"
  fi
}
npm_ci app
npm_ci tests/solidity --ignore-scripts
echo "setup: ready (host $HOST_TOOLCHAIN, contracts $CONTRACT_TOOLCHAIN, node $(node --version))"
