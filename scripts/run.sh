#!/usr/bin/env bash
# The main job: set up, build the contracts (size report), start the local Stylus chain, deploy and wire
# the protocol, print the addresses, and keep the chain serving on 127.0.0.1:8547 until Ctrl-C.
#   scripts/run.sh                      local chain (chain id 412346), Nitro's dev key
#   RPC_URL=... PRIVATE_KEY=... scripts/run.sh --config scripts/deploy/config/arbitrum-sepolia.toml
# Extra arguments go to aid-deploy (see `cargo run -p aid-deploy -- --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-contracts.sh
serve=(--serve)
if [ -n "${RPC_URL:-}" ]; then serve=(); fi
exec cargo run --locked --quiet --release -p aid-deploy -- "${serve[@]}" "$@"
