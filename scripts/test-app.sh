#!/usr/bin/env bash
# The web app's checks, from a fresh clone: its dependencies (npm ci from the lockfile), type check
# and production build (prints the gzipped JavaScript size), then the browser tests: headless
# Debian Chromium against the local chain with the real contracts (aid-deploy --serve, dev profile).
#   AID_APP_SCREENSHOTS=docs scripts/test-app.sh   also refreshes the screenshots in docs/
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/setup.sh
scripts/build-contracts.sh >/dev/null
# AID_DEPLOY_BIN: a built aid-deploy to use (scripts/test.sh passes its workspace build's binary; building
# `-p aid-deploy` alone would unify dependency features differently and compile them again).
if [ -n "${AID_DEPLOY_BIN:-}" ] && [ ! -x "$AID_DEPLOY_BIN" ]; then
  echo "test-app: AID_DEPLOY_BIN=$AID_DEPLOY_BIN is not an executable; building aid-deploy instead" >&2
  unset AID_DEPLOY_BIN
fi
if [ -z "${AID_DEPLOY_BIN:-}" ]; then cargo build --locked --quiet -p aid-deploy; fi
cd app
echo "== app: type check and production build"
npm run --silent build
node -e '
const fs = require("fs"), zlib = require("zlib");
const files = fs.readdirSync("dist/assets").filter((f) => f.endsWith(".js"));
let raw = 0, gz = 0;
for (const f of files) { const b = fs.readFileSync("dist/assets/" + f); raw += b.length; gz += zlib.gzipSync(b, { level: 9 }).length; }
console.log(`app bundle: ${files.length} JS file(s), ${raw} bytes, ${gz} bytes gzipped (goal <= 256000)`);
if (gz > 256000) { console.error("app bundle above 250 KB gzipped"); process.exit(1); }'
echo "== app: browser tests (headless Chromium, local chain)"
node --test --test-concurrency=1 --test-reporter=spec e2e/
echo "app checks took $(( $(date +%s) - start )) s"
