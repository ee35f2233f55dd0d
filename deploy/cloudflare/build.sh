#!/usr/bin/env bash
# Builds the Worker into build/ (index.js and its wasm) with worker-build, from tools
# already installed: worker-build would otherwise download wasm-bindgen, esbuild and
# wasm-opt from the internet at build time, so each is handed to it by its *_BIN
# variable, and a missing one stops the build here instead. scripts/setup.sh installs them
# (worker-build and wasm-bindgen-cli from crates.io, esbuild and binaryen from npm).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
export PATH="$HOME/.cargo/bin:$root/.tools/node_modules/.bin:$PWD/node_modules/.bin:$PATH"

WORKER_BUILD_VERSION=0.8.7
# The wasm-bindgen in this folder's Cargo.lock (pinned to the app's in Cargo.toml).
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
need() {
  echo "build.sh: $1 is missing; run scripts/setup.sh, or install it: $2" >&2
  exit 1
}
[ "$(worker-build --version 2>/dev/null | awk '{print $NF}')" = "$WORKER_BUILD_VERSION" ] ||
  need "worker-build $WORKER_BUILD_VERSION" "cargo install worker-build --version $WORKER_BUILD_VERSION --locked"
[ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WBG_VERSION" ] ||
  need "wasm-bindgen $WBG_VERSION" "cargo install wasm-bindgen-cli --version $WBG_VERSION"
command -v esbuild >/dev/null || need esbuild "npm ci in this folder (wrangler brings it)"
command -v wasm-opt >/dev/null || need wasm-opt "npm install binaryen"
export WASM_BINDGEN_BIN=$(command -v wasm-bindgen)
export ESBUILD_BIN=$(command -v esbuild)
export WASM_OPT_BIN=$(command -v wasm-opt)
# Its own target folder: the root workspace's builds do not wait on this one's lock.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/worker}
# Crates come from crates.io as Cargo.lock pins them (scripts/setup.sh fetches them ahead,
# and the test builds with CARGO_NET_OFFLINE=true).
worker-build --release
