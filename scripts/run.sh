#!/usr/bin/env bash
# The main job: set up, build the contracts (size report) and the web app, start the local Stylus
# chain, deploy and wire the protocol, seed a demo account with GPU tokens and AID, serve the app,
# print the addresses, the app's URL and the demo account, and keep everything running until Ctrl-C.
#   scripts/run.sh                      local chain (chain id 412346) on 127.0.0.1:8547, app on :5173
#   APP_PORT=8080 scripts/run.sh --port 9545
#   RPC_URL=... scripts/run.sh --config scripts/deploy/config/arbitrum-sepolia.toml --keystore FILE
#   (or PRIVATE_KEY=... in the environment; never a key on the command line; --dry-run first)
#   scripts/run.sh --keeper             also run aid-keeper next to the local chain (metrics on :9464)
# Extra arguments go to aid-deploy (see `cargo run -p aid-deploy -- --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
keeper=
args=()
for a in "$@"; do
  if [ "$a" = --keeper ]; then keeper=1; else args+=("$a"); fi
done
set -- ${args[@]+"${args[@]}"}
scripts/setup.sh
scripts/build-contracts.sh
(cd app && npm run --silent build)
if [ -n "${RPC_URL:-}" ]; then
  # A remote chain: deploy (or verify) only. The app in app/dist reads its address book from
  # deployments/; serve it with `cd app && npx vite preview`.
  exec cargo run --locked --quiet -p aid-deploy -- "$@"
fi

cargo build --locked --quiet -p aid-deploy
[ -n "$keeper" ] && cargo build --locked --quiet -p aid-ops --bin aid-keeper
log=$(mktemp)
cargo run --locked --quiet -p aid-deploy -- --serve "$@" > >(tee "$log") 2>&1 &
chain=$!
web=
keeper_pid=
stop() {
  trap - EXIT INT TERM
  [ -n "$keeper_pid" ] && kill "$keeper_pid" 2>/dev/null || true
  [ -n "$web" ] && kill "$web" 2>/dev/null || true
  kill -INT "$chain" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$chain" 2>/dev/null || break; sleep 0.1; done
  kill "$chain" 2>/dev/null || true
  wait "$chain" 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT INT TERM

until grep -q 'serving at' "$log"; do
  kill -0 "$chain" 2>/dev/null || { echo "run: the chain did not start" >&2; exit 1; }
  sleep 0.3
done
rpc=$(sed -n 's/.*serving at \([^ ]*\).*/\1/p' "$log" | head -1)
book=$(sed -n 's/^address book: //p' "$log" | head -1)
node app/scripts/seed.mjs "$rpc" "$book"
if [ -n "$keeper" ]; then
  # The dev key is the keeper on the local chain (PRIVATE_KEY for another); it logs a line per block.
  "${CARGO_TARGET_DIR:-target}/debug/aid-keeper" --rpc-url "$rpc" --deployments "$(dirname "$book")" &
  keeper_pid=$!
  echo "keeper: running (pid $keeper_pid), metrics at http://127.0.0.1:9464/metrics"
fi

port=${APP_PORT:-5173}
(cd app && AID_DEPLOYMENTS="$(cd "$(dirname "$book")" && pwd)" AID_RPC_URL="$rpc" \
  exec node_modules/.bin/vite preview --port "$port" --strictPort --logLevel warn) &
web=$!
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/deployments/index.json" >/dev/null 2>&1 && break; sleep 0.2; done
kill -0 "$web" 2>/dev/null || { echo "run: the app server could not start on port $port (set APP_PORT to another)" >&2; exit 1; }
echo "app: http://127.0.0.1:$port/   (MetaMask: network RPC $rpc, chain id 412346, currency ETH; import the demo key above)"
echo "Ctrl-C stops the chain and the app."
wait "$chain"
