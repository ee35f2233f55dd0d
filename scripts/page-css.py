#!/usr/bin/env python3
"""Joins a built page's stylesheets into one file, in the order index.html links them.

Each page links the shared styles/app.css and its own sheet (oauth1.css, oauth2.css); trunk
emits one file and one <link> for each. A first visit then waits on two render-blocking
requests and pays gzip's overhead twice, so they become one `styles-<hash>.css` whose
Subresource Integrity hash the single <link> carries. Usage: page-css.py DIST/index.html
"""
import base64
import hashlib
import pathlib
import re
import sys

index = pathlib.Path(sys.argv[1])
html = index.read_text()
link = re.compile(r'<link href=\./([\w.-]+\.css) integrity=sha384-[A-Za-z0-9+/=]+ rel=stylesheet>')
names = link.findall(html)
if not names:
    sys.exit(f"page-css: {index} links no stylesheet")
if len(names) == 1:
    sys.exit(0)
files = [index.parent / n for n in names]
css = b"\n".join(f.read_bytes().rstrip(b"\n") for f in files) + b"\n"
out = index.parent / f"styles-{hashlib.sha256(css).hexdigest()[:16]}.css"
digest = base64.b64encode(hashlib.sha384(css).digest()).decode()
joined = f'<link href=./{out.name} integrity=sha384-{digest} rel=stylesheet>'
# The joined sheet takes the first one's place; the others' links go.
at = link.search(html).start()
html = html[:at] + joined + link.sub("", html[at:])
for f in files:
    f.unlink()
out.write_bytes(css)
index.write_text(html)
