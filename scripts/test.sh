#!/usr/bin/env bash
# Runs every check and test: formatting, lints (host and wasm32), native tests, the app
# build, wasm tests in headless Chromium, the fuzz targets' build and the end-to-end
# browser harness. On a fresh machine it installs what it needs first (scripts/setup.sh).
#
# Every stage runs under its own timeout (seconds; TEST_TIMEOUT_SCALE multiplies them all,
# for a slow machine), and a stage whose files are missing fails the run instead of being
# skipped. Each stage's duration is printed, and the total at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

SCALE=${TEST_TIMEOUT_SCALE:-1}
started=$SECONDS
timings=()
# The durations so far, on success and on failure alike.
report() {
  printf '\n\033[1m== durations\033[0m\n'
  if [ ${#timings[@]} -gt 0 ]; then printf '%s\n' "${timings[@]}"; fi
  printf '%5ss  total\n' $((SECONDS - started))
}
trap report EXIT

# stage NAME SECONDS COMMAND...: runs COMMAND under `timeout` (its whole process group is
# signalled, then killed 20 s later); a timeout or failure stops the run.
stage() {
  local name=$1 limit=$(($2 * SCALE)) t0=$SECONDS rc=0
  shift 2
  printf '\n\033[1m== %s\033[0m (at most %ss)\n' "$name" "$limit"
  timeout -k 20 "$limit" "$@" || rc=$?
  timings+=("$(printf '%5ss  %s  (disk: %s used by the checkout, %s free)' $((SECONDS - t0)) \
    "$name" "$(du -sh . 2>/dev/null | cut -f1)" "$(df -h --output=avail . | tail -1 | tr -d ' ')")")
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "test.sh: stage \"$name\" did not finish within ${limit}s" >&2
    exit 1
  elif [ "$rc" -ne 0 ]; then
    echo "test.sh: stage \"$name\" failed (exit $rc)" >&2
    exit "$rc"
  fi
}

# prune DIR: with TEST_PRUNE=1 (.ci/run sets it), deletes a target folder that no later
# stage reads, so a one-off run needs less disk; a developer's warm folders stay.
prune() {
  if [ "${TEST_PRUNE:-0}" = 1 ]; then rm -rf "$1"; fi
}

# Every stage's files must be there: a renamed script or folder fails here, loudly.
# (tests/e2e/run.sh checks its own test files the same way.)
for expected in scripts/build-app.sh scripts/budget.sh tests/wasm/main.rs fuzz/Cargo.toml \
  tests/e2e/run.sh deploy/cloudflare/build.sh crates/cli/tests/relay_worker.rs \
  tests/oidc-provider/server.mjs; do
  if [ ! -e "$expected" ]; then
    echo "test.sh: $expected is missing; its stage cannot run" >&2
    exit 1
  fi
done

stage "format" 120 cargo fmt --all -- --check
stage "clippy (host)" 1800 cargo clippy --workspace --all-targets --locked -- -D warnings
stage "clippy (wasm32)" 900 \
  cargo clippy --target wasm32-unknown-unknown -p oauth-playground-app -p oauth1 --locked -- -D warnings
stage "clippy (wasm32 browser tests)" 900 \
  cargo clippy --target wasm32-unknown-unknown -p oauth-playground-app --test wasm --locked -- -D warnings
stage "core without its rsa feature: clippy (as the app builds it)" 600 \
  cargo clippy -p oauth1 --no-default-features --all-targets --locked -- -D warnings
stage "core without its rsa feature: tests" 600 cargo test -p oauth1 --no-default-features --locked
stage "build the app (trunk, release, offline)" 1800 bash scripts/build-app.sh
stage "page budget" 300 bash scripts/budget.sh --size-only
stage "native tests" 2400 cargo test --workspace --locked
# The relay as a Cloudflare Worker: its own workspace's lints, then the relay's checks
# against it on workerd (the test builds it: about 2 minutes cold, seconds warm).
stage "relay Worker: format" 120 cargo fmt --manifest-path deploy/cloudflare/Cargo.toml -- --check
stage "relay Worker: clippy (wasm32)" 600 \
  env CARGO_TARGET_DIR=target/worker cargo clippy --manifest-path deploy/cloudflare/Cargo.toml \
  --target wasm32-unknown-unknown --locked -- -D warnings
stage "relay Worker on workerd" 600 \
  cargo test -p oauth-playground-cli --test relay_worker --locked -- --ignored
prune target/worker
stage "wasm tests (headless Chromium)" 1800 \
  env CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown -p oauth-playground-app --locked
# The fuzz targets build (scripts/fuzz.sh runs them); cargo-fuzz's nightly features come
# from RUSTC_BOOTSTRAP, as there. A plain build: no sanitizer, just that they compile.
stage "fuzz targets build" 1200 \
  env RUSTC_BOOTSTRAP=1 cargo build --manifest-path fuzz/Cargo.toml --locked --bins
prune fuzz/target
# run.sh has its own timeouts for its builds and browser run; this one bounds the whole.
stage "end-to-end (Chromium, sandbox and oauthlib provider)" 3000 bash tests/e2e/run.sh
