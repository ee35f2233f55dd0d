# Sourced by the relay benchmarks (bench-relay.sh, bench-relay-ab.sh): what they start is
# stopped on exit, a server's address is read from its first stdout line, and the loopback
# upstream both measure against. Expects log().

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
