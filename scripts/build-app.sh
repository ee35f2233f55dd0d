#!/usr/bin/env bash
# Builds the app into dist/ with trunk, offline (trunk never downloads tools), and checks
# that every URL in dist/index.html is relative so dist/ works from any sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Skip the build (wasm-opt alone takes ~20 s) when dist/ is newer than everything it is
# made from; FORCE=1 rebuilds anyway.
inputs=(src crates/oauth1 crates/engine crates/secret crates/store styles index.html Trunk.toml Cargo.toml Cargo.lock scripts/build-app.sh scripts/page-csp.py)
if [ "${FORCE:-0}" != 1 ] && [ -f dist/index.html ] &&
   [ -z "$(find "${inputs[@]}" -newer dist/index.html -print -quit)" ]; then
  echo "build-app: dist/ is up to date"
  exit 0
fi
trunk build --release --offline
# trunk's minifier fails on wasm-bindgen's loader (an ES module), so esbuild minifies it,
# and the loader's Subresource Integrity hash in index.html is recomputed to match.
js=$(ls dist/*.js)
esbuild --minify --format=esm --log-level=warning "$js" --outfile="$js.min"
mv "$js.min" "$js"
python3 - "$js" <<'PY'
import base64, hashlib, pathlib, re, sys
js = pathlib.Path(sys.argv[1])
digest = base64.b64encode(hashlib.sha384(js.read_bytes()).digest()).decode()
index = pathlib.Path("dist/index.html")
html, n = re.subn(r'(href=\./' + re.escape(js.name) + r' integrity=)sha384-[A-Za-z0-9+/=]+',
                  r'\g<1>sha384-' + digest, index.read_text())
if n != 1:
    sys.exit(f"build-app: no integrity attribute for {js.name} in dist/index.html")
index.write_text(html)
PY
# The page's own CSP (index.html's <meta>) allows the inline loader by its hash: the
# trunk hook wrote it, and it is recomputed here on the final file so it always matches.
python3 scripts/page-csp.py dist/index.html
if grep -Eo '(src|href)=("|)/[^/"]' dist/index.html; then
  echo "build-app: dist/index.html has a root-relative URL; it would break under a sub-path" >&2
  exit 1
fi
echo "build-app: dist/ is ready ($(du -sh dist | cut -f1))"
