#!/usr/bin/env bash
# Relay throughput and added latency against a loopback upstream, side by side with
# cors-anywhere (npm) in front of the same upstream, under the same load generator (wrk).
# Not a test: run it by hand and copy the table into BENCHMARKS.md.
#
#   scripts/bench-relay.sh            # 10 s per target, 32 connections
#   DURATION=30s CONNECTIONS=64 scripts/bench-relay.sh
#
# Installs what it lacks: wrk (Debian), cors-anywhere (npm, into .tools/bench), and builds
# the release binary. Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS=$ROOT/.tools/bench
log() { printf '\033[1mbench:\033[0m %s\n' "$*" >&2; }

source "$ROOT/scripts/bench-relay-lib.sh"
need_wrk
if [ ! -d "$TOOLS/node_modules/cors-anywhere" ]; then
  log "installing cors-anywhere into $TOOLS"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent cors-anywhere@0.4.4
fi
log "building the release binary"
cargo build --release --locked -p oauth-playground-cli >&2
BIN=$ROOT/target/release/oauth-playground

start_upstream
cat > "$WORK/cors-anywhere.js" <<JS
const cors = require('$TOOLS/node_modules/cors-anywhere');
const server = cors.createServer({ originWhitelist: [], requireHeader: [], removeHeaders: ['cookie', 'cookie2'] });
server.listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });
JS

node "$WORK/cors-anywhere.js" > "$WORK/ca.out" 2>&1 & PIDS+=($!)
CA=$(wait_addr "$WORK/ca.out")
"$BIN" relay --listen 127.0.0.1:0 --allow-origin "$ORIGIN" --allow-loopback \
  --rate-limit 0 --max-concurrent 4096 > "$WORK/relay.out" 2> "$WORK/relay.err" & PIDS+=($!)
RELAY=$(wait_addr "$WORK/relay.out")

upstream_target

log "direct to the upstream (baseline)"
read -r D_RPS D_P50 D_P99 < <(run "$TARGET")
log "through the relay"
read -r R_RPS R_P50 R_P99 < <(run "http://$RELAY/relay?url=$ENCODED")
log "through cors-anywhere"
read -r C_RPS C_P50 C_P99 < <(run "http://$CA/$TARGET")

# Added latency without queueing: one connection, one request at a time.
log "latency, one connection: direct, relay, cors-anywhere"
read -r _ D1_P50 D1_P99 < <(run "$TARGET" 1 1)
read -r _ R1_P50 R1_P99 < <(run "http://$RELAY/relay?url=$ENCODED" 1 1)
read -r _ C1_P50 C1_P99 < <(run "http://$CA/$TARGET" 1 1)

RATIO=$(awk -v r="$R_RPS" -v c="$C_RPS" 'BEGIN { printf "%.1f", r / c }')
cat <<EOF2

wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $(nproc) cores, $(date -u +%Y-%m-%d)

| Path | Requests/s | p50 (ms) | p99 (ms) | Added p50 (ms) | Added p99 (ms) |
|---|---:|---:|---:|---:|---:|
| direct (node upstream) | $D_RPS | $D_P50 | $D_P99 | – | – |
| oauth-playground relay | $R_RPS | $R_P50 | $R_P99 | $(added "$R_P50" "$D_P50") | $(added "$R_P99" "$D_P99") |
| cors-anywhere 0.4.4 | $C_RPS | $C_P50 | $C_P99 | $(added "$C_P50" "$D_P50") | $(added "$C_P99" "$D_P99") |

Relay / cors-anywhere throughput: ${RATIO}x

One connection (wrk -t1 -c1 -d$DURATION), latency added over the direct path:

| Path | p50 (ms) | p99 (ms) | Added p50 (ms) | Added p99 (ms) |
|---|---:|---:|---:|---:|
| direct (node upstream) | $D1_P50 | $D1_P99 | – | – |
| oauth-playground relay | $R1_P50 | $R1_P99 | $(added "$R1_P50" "$D1_P50") | $(added "$R1_P99" "$D1_P99") |
| cors-anywhere 0.4.4 | $C1_P50 | $C1_P99 | $(added "$C1_P50" "$D1_P50") | $(added "$C1_P99" "$D1_P99") |
EOF2
