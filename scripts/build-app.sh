#!/usr/bin/env bash
# Builds the app into dist/ with trunk, offline (trunk never downloads tools), and checks
# that every URL in each page's index.html is relative so dist/ works from any sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Two pages, each its own trunk build with its own wasm (BENCHMARKS.md "App budgets"): the
# OAuth 1.0a page (index.html → dist/), the OAuth 2.0 page (oauth2/index.html →
# dist/oauth2/) and the OAuth 2.0 tokens page (oauth2-tokens/index.html →
# dist/oauth2-tokens/). A first visit of one downloads nothing of the others.
PAGES=(dist dist/oauth2 dist/oauth2-tokens)
# Skip the build (wasm-opt alone takes ~20 s) when dist/ was made from exactly these
# inputs: one hash over every file the wasm build reads (each path crate it links, found by
# cargo metadata), the pages' files and the tools' versions (scripts/app-inputs.py), kept
# with the hash of each page's index.html it produced. FORCE=1 rebuilds anyway.
stamp=target/build-app.stamp
inputs=$(python3 scripts/app-inputs.py)
built() {
  local out=$inputs dir
  for dir in "${PAGES[@]}"; do
    [ -f "$dir/index.html" ] || return 1
    out="$out $(sha256sum "$dir/index.html" | cut -d' ' -f1)"
  done
  echo "$out"
}
if [ "${FORCE:-0}" != 1 ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(built || true)" ]; then
  echo "build-app: dist/ is up to date"
  exit 0
fi
rm -f "$stamp"
# dist/ first: trunk empties its dist folder, dist/oauth2 included.
trunk build --release --offline
trunk build oauth2/index.html --release --offline --dist dist/oauth2
trunk build oauth2-tokens/index.html --release --offline --dist dist/oauth2-tokens

# Each page's loader, wasm, integrity hashes and CSP; $1 is the page's folder.
finish_page() {
  local dir=$1 js wasm
  # trunk's minifier fails on wasm-bindgen's loader (an ES module), so esbuild minifies it;
  # then the wasm's imports get short names in both files (scripts/wasm-short-imports.py),
  # and their Subresource Integrity hashes in index.html are recomputed to match.
  js=$(ls "$dir"/*.js)
  wasm=$(ls "$dir"/*_bg.wasm)
  esbuild --minify --format=esm --log-level=warning "$js" --outfile="$js.min"
  mv "$js.min" "$js"
  python3 scripts/wasm-short-imports.py "$wasm" "$js"
  python3 - "$dir/index.html" "$js" "$wasm" <<'PY'
import base64, hashlib, pathlib, re, sys
index = pathlib.Path(sys.argv[1])
html = index.read_text()
for name in sys.argv[2:]:
    f = pathlib.Path(name)
    digest = base64.b64encode(hashlib.sha384(f.read_bytes()).digest()).decode()
    html, n = re.subn(r'(href=\./' + re.escape(f.name) + r' integrity=)sha384-[A-Za-z0-9+/=]+',
                      r'\g<1>sha384-' + digest, html)
    if n != 1:
        sys.exit(f"build-app: no integrity attribute for {f.name} in {index}")
index.write_text(html)
PY
  # One stylesheet per page: the shared one and the page's own, joined (scripts/page-css.py).
  python3 scripts/page-css.py "$dir/index.html"
  # The page's own CSP (its <meta>) allows the inline loader by its hash: the trunk hook
  # wrote it, and it is recomputed here on the final file so it always matches.
  python3 scripts/page-csp.py "$dir/index.html"
  if grep -Eo '(src|href)=("|)/[^/"]' "$dir/index.html"; then
    echo "build-app: $dir/index.html has a root-relative URL; it would break under a sub-path" >&2
    exit 1
  fi
}
for dir in "${PAGES[@]}"; do finish_page "$dir"; done
mkdir -p target
built >"$stamp"
echo "build-app: dist/ is ready ($(du -sh dist | cut -f1))"
