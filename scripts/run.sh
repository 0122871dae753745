#!/usr/bin/env bash
# The main job: build the contracts (with the size report), then deploy and wire the protocol.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-contracts.sh
