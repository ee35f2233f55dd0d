#!/usr/bin/env python3
"""Puts the hashes of the page's inline scripts into its own Content-Security-Policy.

index.html carries the app's policy in <meta http-equiv="Content-Security-Policy">, so a
static host that sends no CSP header (GitHub Pages and the like) still gets one. trunk
writes the wasm loader as an inline <script type=module>; CSP3 allows it by its sha256
(a hash-source), which this script computes from the built file and writes into
script-src, replacing any hash already there. Nothing else may run inline.

Usage: page-csp.py [INDEX_HTML]. Without an argument (a trunk post_build hook, see
Trunk.toml) it edits $TRUNK_STAGING_DIR/index.html; scripts/build-app.sh runs it again
on dist/index.html after its own edits.
"""
import base64
import hashlib
import os
import pathlib
import re
import sys

META = re.compile(
    r'(<meta\b[^>]*?http-equiv="?Content-Security-Policy"?[^>]*?content=")([^"]*)(")'
    r'|(<meta\b[^>]*?content=")([^"]*)("[^>]*?http-equiv="?Content-Security-Policy"?)',
    re.IGNORECASE,
)
# An inline script: a <script> tag without src, up to its closing tag.
INLINE = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script", re.IGNORECASE | re.DOTALL)


def main() -> None:
    path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                        os.path.join(os.environ["TRUNK_STAGING_DIR"], "index.html"))
    html = path.read_text(encoding="utf-8")
    hashes = [
        "'sha256-%s'" % base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        for body in INLINE.findall(html)
    ]
    if not hashes:
        sys.exit(f"page-csp: {path} has no inline script (the wasm loader) to hash")
    found = META.search(html)
    if not found:
        sys.exit(f"page-csp: {path} has no <meta http-equiv=Content-Security-Policy>")
    if found.start() > html.lower().find("<script"):
        sys.exit(f"page-csp: the policy in {path} comes after a script, which it would not cover")

    def with_hashes(policy: str) -> str:
        directives = [d.strip() for d in policy.split(";") if d.strip()]
        out, seen = [], False
        for d in directives:
            name, *values = d.split()
            if name.lower() == "script-src":
                values = [v for v in values if not v.startswith("'sha256-")] + hashes
                seen = True
            out.append(" ".join([name, *values]))
        if not seen:
            sys.exit(f"page-csp: the policy in {path} has no script-src")
        return "; ".join(out)

    def replace(m: re.Match) -> str:
        if m.group(1) is not None:
            return m.group(1) + with_hashes(m.group(2)) + m.group(3)
        return m.group(4) + with_hashes(m.group(5)) + m.group(6)

    path.write_text(META.sub(replace, html, count=1), encoding="utf-8")


if __name__ == "__main__":
    main()
