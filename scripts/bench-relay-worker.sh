#!/usr/bin/env bash
# The relay as a Cloudflare Worker on workerd, beside the native relay, against one
# loopback upstream, under the same load generator (wrk): throughput and added latency.
# Not a test: run it by hand and copy the tables into BENCHMARKS.md.
#
#   scripts/bench-relay-worker.sh            # 10 s per target, 32 connections
#   DURATION=30s CONNECTIONS=64 scripts/bench-relay-worker.sh
#
# Needs what scripts/setup.sh installs (worker-build, workerd); installs wrk (Debian) if
# missing; builds the release binary and the Worker. Everything listens on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
log() { printf '\033[1mbench:\033[0m %s\n' "$*" >&2; }

source "$ROOT/scripts/bench-relay-lib.sh"
need_wrk
log "building the release binary and the Worker"
cargo build --release --locked -p oauth-playground-cli >&2
BIN=$ROOT/target/release/oauth-playground
CARGO_NET_OFFLINE=true bash deploy/cloudflare/build.sh >&2
WORKERD=$ROOT/deploy/cloudflare/node_modules/.bin/workerd

start_upstream

# Both relays reach the upstream as a listed target (the Worker has no --allow-loopback).
"$BIN" relay --listen 127.0.0.1:0 --allow-origin "$ORIGIN" --allow-target "$UP" \
  --rate-limit 0 --max-concurrent 4096 > "$WORK/relay.out" 2> "$WORK/relay.err" & PIDS+=($!)
RELAY=$(wait_addr "$WORK/relay.out")

# The Worker on workerd: deploy/cloudflare/workerd.local.capnp filled in, with the
# loopback network the local test uses (the upstream is on 127.0.0.1).
cp deploy/cloudflare/build/index.js deploy/cloudflare/build/index_bg.wasm "$WORK/"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATE=$(sed -n 's/^compatibility_date = "\(.*\)"/\1/p' deploy/cloudflare/wrangler.toml)
BINDINGS="(name = \"ALLOWED_ORIGINS\", text = \"$ORIGIN\"), (name = \"ALLOWED_TARGETS\", text = \"$UP\")"
sed -e "s|@DATE@|$DATE|" -e "s|@BINDINGS@|$BINDINGS|" -e "s|@OUTBOUND@|, globalOutbound = \"loopback\"|" \
  -e "s|@PORT@|$PORT|" deploy/cloudflare/workerd.local.capnp > "$WORK/config.capnp"
"$WORKERD" serve "$WORK/config.capnp" > "$WORK/workerd.out" 2>&1 & PIDS+=($!)
WORKER=127.0.0.1:$PORT
for _ in $(seq 1 200); do
  if curl -s -o /dev/null "http://$WORKER/"; then break; fi
  sleep 0.05
done

upstream_target
for via in "http://$RELAY" "http://$WORKER"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $ORIGIN" "$via/relay?url=$ENCODED")
  [ "$status" = 200 ] || { log "$via/relay answered $status"; cat "$WORK/workerd.out" >&2; exit 1; }
done

log "saturated: direct, native relay, Worker"
read -r D_RPS D_P50 D_P99 < <(run "$TARGET")
read -r R_RPS R_P50 R_P99 < <(run "http://$RELAY/relay?url=$ENCODED")
read -r W_RPS W_P50 W_P99 < <(run "http://$WORKER/relay?url=$ENCODED")
log "one connection: direct, native relay, Worker"
read -r _ D1_P50 D1_P99 < <(run "$TARGET" 1 1)
read -r _ R1_P50 R1_P99 < <(run "http://$RELAY/relay?url=$ENCODED" 1 1)
read -r _ W1_P50 W1_P99 < <(run "http://$WORKER/relay?url=$ENCODED" 1 1)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
cat <<EOF2

wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)
workerd $("$WORKERD" --version | awk '{print $2}')

| Path | Requests/s | p50 (ms) | p99 (ms) | Added p50 (ms) | Added p99 (ms) |
|---|---:|---:|---:|---:|---:|
| direct (node upstream) | $D_RPS | $D_P50 | $D_P99 | – | – |
| native relay | $R_RPS | $R_P50 | $R_P99 | $(added "$R_P50" "$D_P50") | $(added "$R_P99" "$D_P99") |
| Worker on workerd | $W_RPS | $W_P50 | $W_P99 | $(added "$W_P50" "$D_P50") | $(added "$W_P99" "$D_P99") |

Native / Worker throughput: $(ratio "$R_RPS" "$W_RPS")x

One connection (wrk -t1 -c1 -d$DURATION):

| Path | p50 (ms) | p99 (ms) | Added p50 (ms) | Added p99 (ms) |
|---|---:|---:|---:|---:|
| direct (node upstream) | $D1_P50 | $D1_P99 | – | – |
| native relay | $R1_P50 | $R1_P99 | $(added "$R1_P50" "$D1_P50") | $(added "$R1_P99" "$D1_P99") |
| Worker on workerd | $W1_P50 | $W1_P99 | $(added "$W1_P50" "$D1_P50") | $(added "$W1_P99" "$D1_P99") |
EOF2
