# Sourced by the relay benchmarks (bench-relay.sh, bench-relay-worker.sh, bench-relay-ab.sh):
# what they start is stopped on exit, a server's address is read from its first stdout line,
# the loopback upstream they measure against, and wrk's figures. Expects log().

# The load (a script may set its own defaults first) and the page origin every request has.
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ORIGIN=https://bench.example

PIDS=()
WORK=$(mktemp -d)
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits for a "listening on http://ADDR" line in a file; prints ADDR.
wait_addr() {
  for _ in $(seq 1 200); do
    local line
    line=$(grep -m1 -o 'listening on http://[0-9.:]*' "$1" 2>/dev/null || true)
    if [ -n "$line" ]; then echo "${line#listening on http://}"; return; fi
    sleep 0.05
  done
  log "no address in $1"; cat "$1" >&2; exit 1
}

# The upstream: node's http server, a small JSON answer like a token endpoint's. Sets UP.
start_upstream() {
  cat > "$WORK/upstream.js" <<'JS'
const http = require('http');
const body = JSON.stringify({ oauth_token: 'hh5s93j4hdidpola', oauth_token_secret: 'hdhd0244k9j7ao03', ok: true });
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
}).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port); });
JS
  node "$WORK/upstream.js" > "$WORK/upstream.out" 2>&1 & PIDS+=($!)
  UP=$(wait_addr "$WORK/upstream.out")
}

# wrk from Debian when it is missing.
need_wrk() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  fi
}

# The target URL on the upstream and its relay form (?url=). Sets TARGET and ENCODED.
upstream_target() {
  TARGET="http://$UP/oauth/request_token?x=1"
  ENCODED=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$TARGET")
}

# wrk's latency lines use us/ms/s; prints "rps p50_ms p99_ms". $1: URL, $2/$3:
# threads/connections (default THREADS/CONNECTIONS), for DURATION, from Origin ORIGIN.
run() {
  local out
  out=$(wrk -t"${2:-$THREADS}" -c"${3:-$CONNECTIONS}" -d"$DURATION" --latency -H "Origin: $ORIGIN" "$1")
  echo "$out" >&2
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.3f %.3f\n", rps, p50, p99 }'
}

# Milliseconds $1 over $2.
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
