#!/usr/bin/env bash
# Runs the playground: builds the app when needed, then `oauth-playground serve`
# (the app, the relay and the sandbox provider on http://127.0.0.1:8080).
# Extra arguments go to `serve`, e.g. scripts/serve.sh --listen 127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
bash scripts/build-app.sh
exec cargo run --release --locked -p oauth-playground-cli -- serve "$@"
