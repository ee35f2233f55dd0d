#!/usr/bin/env python3
"""Prints one SHA-256 over everything the app build (scripts/build-app.sh) reads: the
files of every path crate the wasm build links (found with `cargo metadata`, so a new
dependency such as crates/store is covered the day it is added), the page's own files,
the build scripts and the versions of the tools. Used for the "up to date" check."""
import hashlib
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.chdir(ROOT)

meta = json.loads(subprocess.run(
    ["cargo", "metadata", "--format-version", "1", "--locked", "--offline",
     "--filter-platform", "wasm32-unknown-unknown"],
    check=True, capture_output=True, text=True).stdout)
packages = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
app = next(p["id"] for p in meta["packages"] if p["name"] == "oauth-playground-app")

# The app and what it links: normal and build dependencies, not dev-dependencies.
linked, todo = set(), [app]
while todo:
    pid = todo.pop()
    if pid in linked:
        continue
    linked.add(pid)
    for dep in nodes[pid]["deps"]:
        if any(k["kind"] in (None, "build") for k in dep["dep_kinds"]):
            todo.append(dep["pkg"])

files = set()
def add_tree(path):
    path = pathlib.Path(path)
    if path.is_file():
        files.add(path)
    elif path.is_dir():
        files.update(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)

for pid in linked:
    p = packages[pid]
    if p["source"] is not None:
        continue  # a registry crate: pinned by Cargo.lock, hashed below
    crate = pathlib.Path(p["manifest_path"]).parent.relative_to(ROOT)
    for part in ("src", "Cargo.toml", "build.rs"):
        add_tree(crate / part)
for part in ("index.html", "oauth2/index.html", "oauth2-tokens/index.html", "styles", "Trunk.toml", "Cargo.toml", "Cargo.lock",
             "rust-toolchain.toml", "scripts/build-app.sh", "scripts/page-csp.py", "scripts/page-css.py", "scripts/app-inputs.py",
             "scripts/wasm-short-imports.py"):
    add_tree(part)

digest = hashlib.sha256()
for f in sorted(files):
    digest.update(str(f).encode() + b"\0" + f.read_bytes() + b"\0")
# The tools: another trunk, wasm-bindgen, wasm-opt, esbuild or rustc makes another page.
for tool in (["rustc", "--version"], ["trunk", "--version"], ["wasm-bindgen", "--version"],
             ["wasm-opt", "--version"], ["esbuild", "--version"]):
    try:
        out = subprocess.run(tool, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        out = "missing"
    digest.update(" ".join(tool).encode() + b"=" + out.strip().encode() + b"\0")
if "-v" in sys.argv[1:]:
    print("\n".join(str(f) for f in sorted(files)), file=sys.stderr)
print(digest.hexdigest())
