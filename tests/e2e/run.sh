#!/usr/bin/env bash
# The end-to-end harness: headless Chromium (Debian's, driven by npm playwright-core)
# walks the built app through OAuth 1.0a against two providers on loopback ports:
#   - the sandbox of `oauth-playground serve` (same origin as the app), and
#   - tests/e2e/oauthlib_provider.py, an independent provider on oauthlib, reached
#     through the serve's relay (`--allow-loopback`);
# and the OAuth 2.0 page against the sandbox and against tests/oidc-provider/server.mjs
# (panva's oidc-provider) with clients for the page: directly and through the relay.
#
#   bash tests/e2e/run.sh [--refresh-screenshots] [node --test options, e.g. --test-name-pattern=oob]
#
# The README's screenshots are written to tests/e2e/out/screenshots; the committed ones in
# docs/screenshots are rewritten only with --refresh-screenshots (or E2E_SCREENSHOTS=1).
#
# Environment:
#   E2E_TIMEOUT        seconds for the browser run (servers + every test), default 900
#   E2E_BUILD_TIMEOUT  seconds for each build step, default 2400
#   E2E_REBUILD_APP=1  rebuild the app even when scripts/build-app.sh finds it up to date
#   E2E_DIST           serve the app from this folder instead of dist/ (no build then)
#   E2E_SCREENSHOTS    1: refresh docs/screenshots; a folder: write them there;
#                      default tests/e2e/out/screenshots
#
# Only loopback addresses are used. Every server is stopped on every exit path, and
# failure artifacts (server logs, screenshots of the failing page) land in tests/e2e/out/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
log() { printf '\033[1me2e:\033[0m %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
# The browser tests, every one expected: a missing file fails the run, never skips it.
TEST_FILES=(tests/e2e/e2e.test.mjs tests/e2e/cli.test.mjs tests/e2e/hardening.test.mjs
  tests/e2e/workings.test.mjs tests/e2e/transfer.test.mjs tests/e2e/reach.test.mjs
  tests/e2e/lti.test.mjs tests/e2e/oauth2.test.mjs tests/e2e/oauth2_config.test.mjs
  tests/e2e/oauth2_oidc.test.mjs tests/e2e/oauth2_par.test.mjs tests/e2e/oauth2_flows.test.mjs
  tests/e2e/oauth2_tokens.test.mjs tests/e2e/oauth2_export.test.mjs tests/e2e/oauth2_console.test.mjs)

# ---------------------------------------------------------------------------------------
# Phase 2 (re-executed under `timeout` by phase 1): start both providers, run the tests.
# ---------------------------------------------------------------------------------------
run_phase() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/oauth-playground-e2e.XXXXXX")
  SERVE_PID=
  PEER_PID=
  OIDC_PID=
  DRAIN_PIDS=()
  trap stop EXIT
  trap 'exit 143' INT TERM

  # The oauthlib provider's RSA consumer: a fresh key pair; the app signs with the private half.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/peer-rsa-private.pem" 2>/dev/null
  openssl pkey -in "$WORK/peer-rsa-private.pem" -pubout -out "$WORK/peer-rsa-public.pem"

  start serve "$BIN" serve --listen 127.0.0.1:0 --allow-loopback --dist "$DIST"
  SERVE_PID=$STARTED_PID
  local app_url=$STARTED_URL
  # Without --auto-approve: the authorize page offers Allow/Deny; `?auto=1` approves at once.
  # Its port comes from its first stdout line, like serve's (it also offers --ready-file).
  start peer /usr/bin/python3 tests/e2e/oauthlib_provider.py --port 0 \
    --credentials-file "$WORK/peer-credentials.json" --rsa-public-key "$WORK/peer-rsa-public.pem"
  PEER_PID=$STARTED_PID
  local peer_url=$STARTED_URL
  # oidc-provider's clients for the page redirect to the page under this serve's port.
  OIDC_PAGE_REDIRECT_URI="$app_url/oauth2/" start oidc node tests/oidc-provider/server.mjs
  OIDC_PID=$STARTED_PID
  local oidc_url=$STARTED_URL
  log "app + sandbox: $app_url   oauthlib provider: $peer_url   oidc-provider: $oidc_url"

  export E2E_APP_URL="$app_url/"
  export E2E_PEER_URL="$peer_url"
  export E2E_OIDC_URL="$oidc_url"
  export E2E_PEER_CREDENTIALS="$WORK/peer-credentials.json"
  export E2E_PEER_RSA_PRIVATE_KEY="$WORK/peer-rsa-private.pem"
  export E2E_SANDBOX_RSA_PRIVATE_KEY="$ROOT/crates/cli/src/sandbox/demo_rsa_private.pem"
  export E2E_SCREENSHOTS
  export E2E_ARTIFACTS="$ROOT/tests/e2e/out"
  mkdir -p "$E2E_SCREENSHOTS" "$E2E_ARTIFACTS"

  node --test --test-concurrency=1 "$@" "${TEST_FILES[@]}"
}

stop() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  for pid in "$SERVE_PID" "$PEER_PID" "$OIDC_PID"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
  for pid in "$SERVE_PID" "$PEER_PID" "$OIDC_PID"; do
    if [ -n "$pid" ]; then wait "$pid" 2>/dev/null || true; fi
  done
  for pid in "${DRAIN_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ]; then
    log "failed (exit $rc); the servers' logs:"
    local f
    for f in "$WORK"/serve.log "$WORK"/peer.log "$WORK"/oidc.log; do
      if [ -f "$f" ]; then echo "--- $(basename "$f") (last 40 lines)" >&2; tail -n 40 "$f" >&2; fi
    done
    mkdir -p tests/e2e/out && cp "$WORK"/*.log tests/e2e/out/ 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}

# Starts "$@" with stdout on a fifo and reads its first line, `listening on http://…`,
# with a blocking 60 s read (no polling, no sleeps); the rest is drained into its log.
start() {
  local name=$1; shift
  local fifo=$WORK/$name.fifo fd line=
  mkfifo "$fifo"
  "$@" >"$fifo" 2>"$WORK/$name.log" &
  STARTED_PID=$!
  exec {fd}<"$fifo"
  if ! IFS= read -r -t 60 line <&"$fd"; then
    kill "$STARTED_PID" 2>/dev/null || true
    log "$name did not start within 60 s; its log:"; cat "$WORK/$name.log" >&2 || true
    exit 1
  fi
  cat <&"$fd" >>"$WORK/$name.log" &
  DRAIN_PIDS+=($!)
  exec {fd}<&-
  case $line in
    "listening on http://127.0.0.1:"[0-9]*) STARTED_URL=${line#listening on } ;;
    # tests/oidc-provider/server.mjs prints its port alone, as the CLI's tests read it.
    [1-9]*) if [[ $line =~ ^[0-9]+$ ]]; then STARTED_URL=http://127.0.0.1:$line
      else kill "$STARTED_PID" 2>/dev/null || true; die "$name printed an unexpected first line: $line"; fi ;;
    *) kill "$STARTED_PID" 2>/dev/null || true; die "$name printed an unexpected first line: $line" ;;
  esac
}

if [ "${E2E_PHASE:-}" = run ]; then
  run_phase "$@"
  exit
fi

# ---------------------------------------------------------------------------------------
# Phase 1: check the tools, build what is missing, then phase 2 under the outer timeout.
# ---------------------------------------------------------------------------------------
# shellcheck source=/dev/null
[ -f scripts/env.sh ] && source scripts/env.sh
BUILD_TIMEOUT=${E2E_BUILD_TIMEOUT:-2400}
RUN_TIMEOUT=${E2E_TIMEOUT:-900}

for f in "${TEST_FILES[@]}"; do [ -f "$f" ] || die "$f is missing"; done
command -v node >/dev/null || die "node (20+) is not installed"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing (bash scripts/setup.sh installs it)"
/usr/bin/python3 -c 'import oauthlib, jwt, cryptography' 2>/dev/null \
  || die "python3-oauthlib, python3-jwt and python3-cryptography are missing (bash scripts/setup.sh)"
command -v openssl >/dev/null || die "openssl is missing"
[ -d tests/oidc-provider/node_modules/oidc-provider ] \
  || die "oidc-provider is not installed (bash scripts/setup.sh: npm ci --prefix tests/oidc-provider)"
if [ ! -d tests/e2e/node_modules/playwright-core ]; then
  log "installing the harness's npm packages (npm ci)"
  # playwright-core never downloads a browser; the variable makes sure of it.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/e2e --no-audit --no-fund --silent
fi

# The committed screenshots change only when asked.
args=()
for a in "$@"; do
  if [ "$a" = --refresh-screenshots ]; then E2E_SCREENSHOTS=1; else args+=("$a"); fi
done
set -- "${args[@]}"
case ${E2E_SCREENSHOTS:-} in
  1) E2E_SCREENSHOTS=$ROOT/docs/screenshots; log "refreshing the committed screenshots in docs/screenshots" ;;
  '') E2E_SCREENSHOTS=$ROOT/tests/e2e/out/screenshots ;;
esac

DIST=${E2E_DIST:-$ROOT/dist}
if [ -z "${E2E_DIST:-}" ]; then
  # Rebuilds only when an input of the app changed (its own "up to date" check).
  log "building the app if needed (scripts/build-app.sh)"
  FORCE=${E2E_REBUILD_APP:-0} timeout -k 10 "$BUILD_TIMEOUT" bash scripts/build-app.sh
fi
[ -f "$DIST/index.html" ] || die "$DIST/index.html is missing: build the app (bash scripts/build-app.sh)"

log "building oauth-playground (debug: the same artifacts as cargo test)"
timeout -k 10 "$BUILD_TIMEOUT" cargo build --locked -p oauth-playground-cli
BIN=$ROOT/target/debug/oauth-playground
[ -x "$BIN" ] || die "$BIN was not built"

export ROOT BIN DIST E2E_SCREENSHOTS
log "running the browser tests (outer timeout ${RUN_TIMEOUT}s)"
# timeout signals its whole process group: node, chromium's launcher and both servers.
exec timeout -k 20 "$RUN_TIMEOUT" env E2E_PHASE=run bash "$0" "$@"
