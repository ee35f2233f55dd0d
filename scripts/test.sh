#!/usr/bin/env bash
# Runs every check and test: formatting, lints (host and wasm32), native tests, the app
# build, wasm tests in headless Chromium, and the end-to-end browser harness.
# On a fresh machine it installs what it needs first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "clippy (host)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown -p oauth-playground-app -p oauth1 --locked -- -D warnings

step "core without its rsa feature (as the app builds it)"
cargo clippy -p oauth1 --no-default-features --all-targets --locked -- -D warnings
cargo test -p oauth1 --no-default-features --locked

step "build the app (trunk, release, offline)"
bash scripts/build-app.sh
bash scripts/budget.sh --size-only

step "native tests"
cargo test --workspace --locked

step "wasm tests (headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown -p oauth-playground-app --locked

if [ -f tests/e2e/run.sh ]; then
  step "end-to-end (Chromium, sandbox and oauthlib provider)"
  bash tests/e2e/run.sh
fi
