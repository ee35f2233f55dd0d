#!/usr/bin/env bash
# The app's budgets (BENCHMARKS.md, "App budgets"), for each page on its own: the OAuth 1.0a
# page (dist/), the OAuth 2.0 page (dist/oauth2/) and its tokens page (dist/oauth2-tokens/),
# each its own HTML, JS, WASM and CSS:
#   1. what a first visit of the page downloads, the files of its folder (not its
#      subfolders: dist/oauth2/ is not part of the OAuth 1.0a page), gzip -9: ≤ 250 KB;
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

# name, folder, URL path
PAGES=("OAuth 1.0a|dist|" "OAuth 2.0|dist/oauth2|oauth2/" "OAuth 2.0 tokens|dist/oauth2-tokens|oauth2-tokens/")
status=0
for entry in "${PAGES[@]}"; do
  IFS='|' read -r name dir _ <<<"$entry"
  [ -f "$dir/index.html" ] || { echo "budget: $dir/index.html is missing (bash scripts/build-app.sh)" >&2; exit 1; }
  total=0
  echo "$name page ($dir/)"
  printf '%-52s %10s %10s\n' file bytes gzip
  for f in "$dir"/*; do
    [ -f "$f" ] || continue
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total=$((total + gz))
    printf '%-52s %10d %10d\n' "${f#"$dir"/}" "$raw" "$gz"
  done
  printf '%-52s %10s %10d  (limit %d)\n' TOTAL "" "$total" "$LIMIT_BYTES"
  if [ "$total" -le "$LIMIT_BYTES" ]; then
    echo "budget: $name page transfer size OK ($total B gzip)"
  else
    echo "budget: $name page transfer size $total B > $LIMIT_BYTES B" >&2; status=1
  fi
done
if [ "$mode" = "--size-only" ]; then
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
for entry in "${PAGES[@]}"; do
  IFS='|' read -r name _ path <<<"$entry"
  timing=$(node scripts/budget.mjs "http://127.0.0.1:$port/$path")
  echo "$name page first render ($server_name, load average $(cut -d' ' -f1-3 /proc/loadavg)): $timing"
  ms=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["median_rendered_ms"])' "$timing")
  if [ "$ms" -le "$LIMIT_MS" ]; then
    echo "budget: $name page OK (first render ${ms} ms)"
  else
    echo "budget: $name page first render ${ms} ms > ${LIMIT_MS} ms" >&2; status=1
  fi
done
[ $status -eq 0 ] && echo "budget: OK, both pages"
exit $status
