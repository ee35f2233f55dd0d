#!/usr/bin/env bash
# Builds the app into dist/ with trunk, offline (trunk never downloads tools), and checks
# that every URL in dist/index.html is relative so dist/ works from any sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
trunk build --release --offline
if grep -Eo '(src|href)=("|)/[^/"]' dist/index.html; then
  echo "build-app: dist/index.html has a root-relative URL; it would break under a sub-path" >&2
  exit 1
fi
echo "build-app: dist/ is ready ($(du -sh dist | cut -f1))"
