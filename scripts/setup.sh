#!/usr/bin/env bash
# Installs what the build and tests need, idempotently: each tool only when it is
# missing or at the wrong version. Everything comes from package registries
# (crates.io, npm, Debian); trunk never downloads tools (`trunk build --offline`).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
ESBUILD_VERSION=0.28.2
WORKER_BUILD_VERSION=0.8.7
log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 8 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then
  log "Cargo.lock has no wasm-bindgen; run cargo generate-lockfile first" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG_VERSION" ]; then
  log "installing wasm-bindgen-cli $WBG_VERSION"
  # Not --locked: the registry here lacks one of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

# Debian's binaryen is too old for current wasm; npm's is not.
if [ "$(.tools/node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}')" != "$BINARYEN_VERSION" ]; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

# esbuild minifies wasm-bindgen's JS loader, which trunk 0.21's minifier cannot parse.
if [ "$(.tools/node_modules/.bin/esbuild --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
  log "installing esbuild $ESBUILD_VERSION from npm into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --silent "esbuild@$ESBUILD_VERSION"
fi

# The relay Worker (deploy/cloudflare): worker-build from crates.io, handed the tools above
# by deploy/cloudflare/build.sh so it downloads none; its crates fetched ahead (the test
# builds offline); workerd from npm (its Linux binary ships in the package), pinned by
# deploy/cloudflare/package-lock.json. `--omit=dev` leaves out wrangler, which only
# deploying needs.
if [ "$(worker-build --version 2>/dev/null | awk '{print $NF}')" != "$WORKER_BUILD_VERSION" ]; then
  log "installing worker-build $WORKER_BUILD_VERSION (about 4 minutes on 2 cores)"
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --locked
fi
if ! grep -qx "name = \"wasm-bindgen\"" deploy/cloudflare/Cargo.lock ||
  [ "$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' deploy/cloudflare/Cargo.lock)" != "$WBG_VERSION" ]; then
  log "deploy/cloudflare/Cargo.lock's wasm-bindgen is not the app's $WBG_VERSION" >&2
  exit 1
fi
cargo fetch --locked --manifest-path deploy/cloudflare/Cargo.toml --quiet
WORKERD_VERSION=$(node -p 'require("./deploy/cloudflare/package.json").dependencies.workerd')
if [ "$(node -p 'require("./deploy/cloudflare/node_modules/workerd/package.json").version' 2>/dev/null)" != "$WORKERD_VERSION" ]; then
  log "installing workerd $WORKERD_VERSION from npm into deploy/cloudflare/"
  npm ci --prefix deploy/cloudflare --omit=dev --no-audit --no-fund --silent
fi

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
command -v curl >/dev/null || need_apt+=(curl)  # tests/snippets.rs runs the curl snippet
/usr/bin/python3 -c 'import oauthlib, jwt, cryptography' 2>/dev/null || need_apt+=(python3-oauthlib python3-jwt python3-cryptography)
/usr/bin/python3 -c 'import requests_oauthlib' 2>/dev/null || need_apt+=(python3-requests-oauthlib)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Node packages for the browser harness (playwright-core drives Debian's chromium).
if [ -f tests/e2e/package.json ] && [ ! -d tests/e2e/node_modules ]; then
  log "installing the end-to-end harness's npm packages"
  npm ci --prefix tests/e2e --no-audit --no-fund --silent
fi
# oauth-1.0a and openid-client for the Node snippets that tests/snippets*.rs run.
if [ -f tests/snippets/package.json ] && { [ ! -d tests/snippets/node_modules/oauth-1.0a ] \
  || [ ! -d tests/snippets/node_modules/openid-client ]; }; then
  log "installing the snippet tests' npm packages"
  npm ci --prefix tests/snippets --no-audit --no-fund --silent
fi
# oidc-provider: the independent OAuth 2.0 / OpenID Connect server that
# crates/cli/tests/oauth2_oidc_provider.rs runs the CLI against (pinned in its package-lock.json).
OIDC_PROVIDER_VERSION=9.13.3
if [ -f tests/oidc-provider/package.json ] && [ "$(node -p "require('./tests/oidc-provider/node_modules/oidc-provider/package.json').version" 2>/dev/null)" != "$OIDC_PROVIDER_VERSION" ]; then
  log "installing oidc-provider $OIDC_PROVIDER_VERSION for the OAuth 2.0 tests"
  npm ci --prefix tests/oidc-provider --no-audit --no-fund --silent
fi
log "ready"
