#!/usr/bin/env python3
"""Gives the page's wasm imports short names, in the wasm and in its JS loader alike.

wasm-bindgen names each import after the JS it calls plus a 16-hex-digit hash
(`__wbg_abort_f8d1589eb0c65ee2`), and the page carries each name twice, in the wasm's
import section and as a key of the loader's import object: some 150 hashes that gzip
cannot shrink. binaryen's --minify-imports renames only Emscripten's `env` imports, so
this does the same for wasm-bindgen's: every import of the one module the loader
provides gets a short name, and the loader's keys are renamed to match.

    wasm-short-imports.py PAGE.wasm PAGE.js

Both files are rewritten in place. Anything unexpected (another import module, a name
that is not exactly once a key of the loader's object) stops the build with a message:
a wrong rename would only show as a page that fails to start.
"""

import re
import string
import sys
from pathlib import Path

IMPORT_SECTION = 2
# The loader's one import module, renamed too (its name is repeated for every import).
SHORT_MODULE = "w"


def leb_u32(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def leb_bytes(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def name_at(data: bytes, pos: int) -> tuple[str, int]:
    size, pos = leb_u32(data, pos)
    return data[pos : pos + size].decode(), pos + size


def encoded(name: str) -> bytes:
    raw = name.encode()
    return leb_bytes(len(raw)) + raw


def desc_end(data: bytes, pos: int) -> int:
    """The end of an import's description (WebAssembly core spec §5.5.5)."""
    kind = data[pos]
    pos += 1
    if kind == 0:  # function: a type index
        return leb_u32(data, pos)[1]
    if kind == 1:  # table: a reference type and limits
        pos += 1
    elif kind == 3:  # global: a value type and mutability
        return pos + 2
    elif kind != 2:  # 2, memory: limits only
        sys.exit(f"wasm-short-imports: import kind {kind} is not known")
    flags = data[pos]
    pos = leb_u32(data, pos + 1)[1]
    return leb_u32(data, pos)[1] if flags & 1 else pos


def short_names():
    letters = string.ascii_letters
    for c in letters:
        yield c
    for a in letters:
        for b in letters + string.digits:
            yield a + b


def main() -> None:
    wasm_path, js_path = Path(sys.argv[1]), Path(sys.argv[2])
    data = wasm_path.read_bytes()
    js = js_path.read_text()
    if data[:8] != b"\0asm\1\0\0\0":
        sys.exit(f"wasm-short-imports: {wasm_path} is not a wasm module (version 1)")
    pos, out = 8, bytearray(data[:8])
    renames: dict[str, str] = {}
    modules: set[str] = set()
    while pos < len(data):
        section = data[pos]
        size, body = leb_u32(data, pos + 1)
        end = body + size
        if section != IMPORT_SECTION:
            out += data[pos:end]
            pos = end
            continue
        count, p = leb_u32(data, body)
        payload = bytearray(leb_bytes(count))
        names = short_names()
        for _ in range(count):
            module, p = name_at(data, p)
            field, p = name_at(data, p)
            start, p = p, desc_end(data, p)
            modules.add(module)
            # One loader key per import: a name imported twice could not get two short ones.
            if field in renames:
                sys.exit(f"wasm-short-imports: {field} is imported more than once")
            renames[field] = next(names)
            payload += encoded(SHORT_MODULE) + encoded(renames[field]) + data[start:p]
        out += bytes([IMPORT_SECTION]) + leb_bytes(len(payload)) + payload
        pos = end
    # wasm-bindgen's loader provides one module (its `_bg.js`), as a key of its object.
    key = f'"{next(iter(modules))}":' if len(modules) == 1 else None
    if key is None or js.count(key) != 1:
        sys.exit(f"wasm-short-imports: imports from {sorted(modules)}, not one module of {js_path.name}")
    js = js.replace(key, f"{SHORT_MODULE}:")
    for old, new in renames.items():
        # A key of the import object: `old:function` after esbuild's minification.
        js, n = re.subn(r"(?<![\w$])" + re.escape(old) + r"(?=:)", new, js)
        if n != 1:
            sys.exit(f"wasm-short-imports: {old} is {n} times a key of {js_path.name}, not once")
    if re.search(r"__wbg_\w+_[0-9a-f]{16}", js):
        sys.exit(f"wasm-short-imports: {js_path.name} names an import the wasm does not have")
    wasm_path.write_bytes(bytes(out))
    js_path.write_text(js)
    print(f"wasm-short-imports: {len(renames)} imports renamed")


if __name__ == "__main__":
    main()
