#!/usr/bin/env bash
# Two builds of the relay side by side: the same loopback upstream, the same load generator
# (wrk), rounds interleaved A B A B… so machine load hits both alike. Prints each build's
# median requests/s, p99 and CPU time per request (the relay process's user+system time
# over the requests it served: the figure that holds on a busy machine), and B/A ratios. Not a test: run it by hand before and after
# a change to the relay's hot path, and copy the table into BENCHMARKS.md.
#
#   scripts/bench-relay-ab.sh OLD_BINARY NEW_BINARY
#   ROUNDS=5 DURATION=10s CONNECTIONS=32 scripts/bench-relay-ab.sh A B
#
# Build a baseline with e.g. `git archive REV | tar -x -C /tmp/old` and
# `CARGO_TARGET_DIR=$PWD/target cargo build --release -p oauth-playground-cli` there.
# Needs wrk and node (scripts/bench-relay.sh installs wrk). Everything is on 127.0.0.1.
set -euo pipefail
A=${1:?baseline binary}
B=${2:?candidate binary}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
log() { printf '\033[1mbench-ab:\033[0m %s\n' "$*" >&2; }

source "$(cd "$(dirname "$0")" && pwd)/bench-relay-lib.sh"
start_upstream
start_relay() {
  "$1" relay --listen 127.0.0.1:0 --allow-origin "$ORIGIN" --allow-loopback \
    --rate-limit 0 --max-concurrent 4096 > "$WORK/$2.out" 2> /dev/null &
  echo $! > "$WORK/$2.pid"
}
start_relay "$A" a
start_relay "$B" b
PIDS+=("$(cat "$WORK/a.pid")" "$(cat "$WORK/b.pid")")
RA=$(wait_addr "$WORK/a.out")
RB=$(wait_addr "$WORK/b.out")
# utime + stime of a process, in clock ticks (proc(5)).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
ENCODED=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "http://$UP/oauth/request_token?x=1")

# Prints "rps p99_ms cpu_us_per_request". $1: relay address, $2: connections, $3: its pid.
run() {
  local before after
  before=$(cpu_ticks "$3")
  wrk -t"$(( $2 < 2 ? $2 : 2 ))" -c"$2" -d"$DURATION" --latency -H "Origin: $ORIGIN" \
    "http://$1/relay?url=$ENCODED" > "$WORK/wrk.out"
  after=$(cpu_ticks "$3")
  awk -v ticks=$((after - before)) -v hz="$TICK" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / requests in / { n = $1 } /Requests\/sec/ { rps = $2 } $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.3f %.1f\n", rps, p99, ticks / hz * 1e6 / n }' "$WORK/wrk.out"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for c in "$CONNECTIONS" 1; do
  : > "$WORK/a.$c"; : > "$WORK/b.$c"
  for r in $(seq 1 "$ROUNDS"); do
    log "round $r/$ROUNDS, $c connection(s)"
    run "$RA" "$c" "$(cat "$WORK/a.pid")" >> "$WORK/a.$c"
    run "$RB" "$c" "$(cat "$WORK/b.pid")" >> "$WORK/b.$c"
  done
done

echo
echo "wrk -t2 (-t1 for one connection) -d$DURATION, $ROUNDS interleaved rounds, medians, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%d)"
echo
echo "| Connections | A req/s | B req/s | B/A | A p99 (ms) | B p99 (ms) | A CPU µs/req | B CPU µs/req | B/A |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; }
for c in "$CONNECTIONS" 1; do
  col() { cut -d' ' -f"$1" "$WORK/$2.$c" | median; }
  ar=$(col 1 a); br=$(col 1 b); ap=$(col 2 a); bp=$(col 2 b); ac=$(col 3 a); bc=$(col 3 b)
  echo "| $c | $ar | $br | $(ratio "$ar" "$br") | $ap | $bp | $ac | $bc | $(ratio "$ac" "$bc") |"
done
