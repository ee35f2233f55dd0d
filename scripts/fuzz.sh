#!/usr/bin/env bash
# Runs every fuzz target of the protocol core for a while (not part of the tests).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP lets the stable toolchain provide them.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
for target in $(cargo fuzz list); do
  log=$(mktemp)
  cargo fuzz run -O "$target" -- -max_total_time="$secs" -rss_limit_mb=2048 >"$log" 2>&1 || { tail -30 "$log"; exit 1; }
  runs=$(grep -o 'Done [0-9]* runs' "$log" | awk '{print $2}')
  printf '%-22s %12s executions in %ss, no crash\n' "$target" "$runs" "$secs"
done
