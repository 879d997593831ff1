#!/usr/bin/env python3
"""What each crate costs in the app's wasm, from the name section of cargo's output
(before wasm-bindgen and wasm-opt, which drop the names): the bytes of each function's
code, summed by the crate its mangled name starts in, with each part's share of the
whole. wasm-opt shrinks every part, so the shares, not the bytes, carry over to the
bundle (`scripts/sizes.sh` prints its real sizes). No twiggy needed: only the standard
library.

Usage: scripts/wasm-parts.py [target/wasm32-unknown-unknown/release/wirelab-app.wasm] [--top N]
"""
import re
import sys
from collections import Counter


def leb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def sections(data):
    assert data[:4] == b"\0asm", "not a wasm module"
    i = 8
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        yield sid, data[i:i + size]
        i += size


def imported_functions(body):
    count, i = leb(body, 0)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, i = leb(body, i)
            i += n
        kind = body[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = leb(body, i)
            funcs += 1
        elif kind == 1:  # table: reftype, limits
            i += 1
            flags, i = leb(body, i)
            _, i = leb(body, i)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 2:  # memory: limits
            flags, i = leb(body, i)
            _, i = leb(body, i)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 3:  # global: valtype, mutability
            i += 2
        else:
            raise ValueError(f"import kind {kind}")
    return funcs


def code_sizes(body):
    count, i = leb(body, 0)
    sizes = []
    for _ in range(count):
        n, i = leb(body, i)
        sizes.append(n)
        i += n
    return sizes


def function_names(body):
    names = {}
    i = 0
    while i < len(body):
        sub = body[i]
        size, i = leb(body, i + 1)
        end = i + size
        if sub == 1:
            count, j = leb(body, i)
            for _ in range(count):
                idx, j = leb(body, j)
                n, j = leb(body, j)
                names[idx] = body[j:j + n].decode("utf-8", "replace")
                j += n
        i = end
    return names


def crate_of(name):
    """The crate a (legacy or v0) mangled Rust symbol belongs to, or a bucket."""
    if name.startswith("_ZN"):
        m = re.match(r"_ZN(\d+)", name)
        first = name[len(m.group(0)):len(m.group(0)) + int(m.group(1))]
        # `<T as Trait>::f` starts `_$LT$`: the crate is the first path inside.
        inner = re.match(r"_?\$LT\$(?:\$RF\$|\$BP\$|mut\$u20\$|\$u5b\$)*([A-Za-z_][A-Za-z0-9_]*)", first)
        crate = inner.group(1) if inner else first
        return crate if re.match(r"^[a-z_][a-z0-9_]*$", crate) else "(generic impls)"
    if name.startswith("_R"):
        m = re.search(r"C[s\d_]*?(\d+)([a-z_][a-z0-9_]*)", name)
        return m.group(2)[: int(m.group(1))] if m else "(other rust)"
    return "(no crate: wasm-bindgen glue, libc, compiler builtins)"


def main():
    argv = sys.argv[1:]
    top = 20
    if "--top" in argv:
        k = argv.index("--top")
        top = int(argv[k + 1])
        del argv[k:k + 2]
    path = argv[0] if argv else "target/wasm32-unknown-unknown/release/wirelab-app.wasm"
    data = open(path, "rb").read()
    imported, sizes, names = 0, [], {}
    for sid, body in sections(data):
        if sid == 2:
            imported = imported_functions(body)
        elif sid == 10:
            sizes = code_sizes(body)
        elif sid == 0:
            n, j = leb(body, 0)
            if body[j:j + n] == b"name":
                names = function_names(body[j + n:])
    if not names:
        sys.exit(f"{path} has no name section (built with wasm-opt or stripped?)")
    by_crate = Counter()
    for k, size in enumerate(sizes):
        by_crate[crate_of(names.get(imported + k, ""))] += size
    total = sum(sizes)
    print(f"code by crate, {path} (before wasm-opt): {total:,} bytes of code in {len(sizes):,} functions")
    print(f"{'part':<58} {'bytes':>10} {'share':>7}")
    shown = 0
    for crate, size in by_crate.most_common(top):
        print(f"{crate:<58} {size:>10,} {size / total:>6.1%}")
        shown += size
    print(f"{'(the rest)':<58} {total - shown:>10,} {(total - shown) / total:>6.1%}")


if __name__ == "__main__":
    main()
