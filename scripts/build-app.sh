#!/usr/bin/env bash
# Builds the app into dist/ with trunk, offline (trunk never downloads tools), and checks
# that every URL in dist/index.html is relative so dist/ works from any sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Skip the build (wasm-opt alone takes ~20 s) when dist/ was made from exactly these
# inputs: one hash over every file the wasm build reads (each path crate it links, found by
# cargo metadata), the page's files and the tools' versions (scripts/app-inputs.py), kept
# with the hash of the dist/index.html it produced. FORCE=1 rebuilds anyway.
stamp=target/build-app.stamp
inputs=$(python3 scripts/app-inputs.py)
if [ "${FORCE:-0}" != 1 ] && [ -f dist/index.html ] && [ -f "$stamp" ] &&
   [ "$(cat "$stamp")" = "$inputs $(sha256sum dist/index.html | cut -d' ' -f1)" ]; then
  echo "build-app: dist/ is up to date"
  exit 0
fi
rm -f "$stamp"
trunk build --release --offline
# trunk's minifier fails on wasm-bindgen's loader (an ES module), so esbuild minifies it;
# then the wasm's imports get short names in both files (scripts/wasm-short-imports.py),
# and their Subresource Integrity hashes in index.html are recomputed to match.
js=$(ls dist/*.js)
wasm=$(ls dist/*_bg.wasm)
esbuild --minify --format=esm --log-level=warning "$js" --outfile="$js.min"
mv "$js.min" "$js"
python3 scripts/wasm-short-imports.py "$wasm" "$js"
python3 - "$js" "$wasm" <<'PY'
import base64, hashlib, pathlib, re, sys
index = pathlib.Path("dist/index.html")
html = index.read_text()
for name in sys.argv[1:]:
    f = pathlib.Path(name)
    digest = base64.b64encode(hashlib.sha384(f.read_bytes()).digest()).decode()
    html, n = re.subn(r'(href=\./' + re.escape(f.name) + r' integrity=)sha384-[A-Za-z0-9+/=]+',
                      r'\g<1>sha384-' + digest, html)
    if n != 1:
        sys.exit(f"build-app: no integrity attribute for {f.name} in dist/index.html")
index.write_text(html)
PY
# The page's own CSP (index.html's <meta>) allows the inline loader by its hash: the
# trunk hook wrote it, and it is recomputed here on the final file so it always matches.
python3 scripts/page-csp.py dist/index.html
if grep -Eo '(src|href)=("|)/[^/"]' dist/index.html; then
  echo "build-app: dist/index.html has a root-relative URL; it would break under a sub-path" >&2
  exit 1
fi
mkdir -p target
echo "$inputs $(sha256sum dist/index.html | cut -d' ' -f1)" >"$stamp"
echo "build-app: dist/ is ready ($(du -sh dist | cut -f1))"
