#!/usr/bin/env bash
# Builds the app into dist/ with trunk, offline (trunk never downloads tools), and checks
# that every URL in dist/index.html is relative so dist/ works from any sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Skip the build (wasm-opt alone takes ~20 s) when dist/ is newer than everything it is
# made from; FORCE=1 rebuilds anyway.
inputs=(src crates/oauth1 styles index.html Trunk.toml Cargo.toml Cargo.lock)
if [ "${FORCE:-0}" != 1 ] && [ -f dist/index.html ] &&
   [ -z "$(find "${inputs[@]}" -newer dist/index.html -print -quit)" ]; then
  echo "build-app: dist/ is up to date"
  exit 0
fi
trunk build --release --offline
if grep -Eo '(src|href)=("|)/[^/"]' dist/index.html; then
  echo "build-app: dist/index.html has a root-relative URL; it would break under a sub-path" >&2
  exit 1
fi
echo "build-app: dist/ is ready ($(du -sh dist | cut -f1))"
