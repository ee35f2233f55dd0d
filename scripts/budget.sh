#!/usr/bin/env bash
# The app's budgets (BENCHMARKS.md, "App budgets"):
#   1. everything dist/ makes the page transfer (HTML, JS, WASM, CSS), gzip -9: ≤ 250 KB;
#   2. first render in headless Chromium on loopback: ≤ 200 ms after navigation (median).
# Usage: scripts/budget.sh [--no-build | --size-only]. Serves dist/ on a loopback port, then
# stops it. --size-only checks the transfer size of the current dist/ and nothing else (the
# test script runs it: sizes are deterministic, timings are not).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LIMIT_BYTES=250000
LIMIT_MS=200

mode=${1:-}
[ "$mode" = "--no-build" ] || [ "$mode" = "--size-only" ] || bash scripts/build-app.sh >/dev/null

total=0
printf '%-52s %10s %10s\n' file bytes gzip
for f in dist/*; do
  [ -f "$f" ] || continue
  raw=$(wc -c <"$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf '%-52s %10d %10d\n' "${f#dist/}" "$raw" "$gz"
done
printf '%-52s %10s %10d  (limit %d)\n' TOTAL "" "$total" "$LIMIT_BYTES"
status=0
[ "$total" -le "$LIMIT_BYTES" ] || { echo "budget: transfer size $total B > $LIMIT_BYTES B" >&2; status=1; }
if [ "$mode" = "--size-only" ]; then
  [ $status -eq 0 ] && echo "budget: transfer size OK ($total B gzip)"
  exit $status
fi

[ -d tests/e2e/node_modules/playwright-core ] || npm ci --prefix tests/e2e --no-audit --no-fund --silent
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The production server when it is built (never built here: other work owns it), else Python's.
SERVE_BIN=${SERVE_BIN:-$ROOT/target/debug/oauth-playground}
if [ -x "$SERVE_BIN" ]; then
  server_name="oauth-playground serve"
  "$SERVE_BIN" serve --listen "127.0.0.1:$port" --dist "$ROOT/dist" >/dev/null 2>&1 &
else
  server_name="python3 -m http.server"
  python3 -m http.server -d dist "$port" --bind 127.0.0.1 >/dev/null 2>&1 &
fi
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do python3 - "$port" <<'PY' 2>/dev/null && break || sleep 0.1
import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)
PY
done
timing=$(node scripts/budget.mjs "http://127.0.0.1:$port/")
echo "first render ($server_name, load average $(cut -d' ' -f1-3 /proc/loadavg)): $timing"
ms=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["median_rendered_ms"])' "$timing")

[ "$ms" -le "$LIMIT_MS" ] || { echo "budget: first render ${ms} ms > ${LIMIT_MS} ms" >&2; status=1; }
[ $status -eq 0 ] && echo "budget: OK (${total} B gzip, first render ${ms} ms)"
exit $status
