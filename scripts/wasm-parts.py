#!/usr/bin/env python3
"""What each crate and each feature costs in the app's wasm, from the name section of
cargo's output (before wasm-bindgen and wasm-opt, which drop the names): the bytes of each
function's code, summed by the crate its mangled name starts in, and again by the feature
its name mentions, with each part's share of the whole. wasm-opt shrinks every part, so
the shares, not the bytes, carry over to the bundle (`scripts/sizes.sh` prints its real
sizes). No twiggy needed: only the standard library.

The wasm build uses v0 symbol names (`.cargo/config.toml`), which spell out type
arguments: `leptos::for_loop::<closure in wirelab::review::panel>` is charged to the
review, so a feature's cost includes the library code instantiated for it.

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


# A v0 path's crate root: `C`, an optional disambiguator `s<base62>_`, then `<len><name>`.
CRATE_ROOT = re.compile(r"C(?:s[0-9A-Za-z]*_)?(\d+)(?=[A-Za-z_])")


def crate_of(name):
    """The crate a Rust symbol's path starts in, or a bucket for what is not Rust."""
    if not name.startswith("_R"):
        return "(no crate: wasm-bindgen glue, libc, compiler builtins)"
    m = CRATE_ROOT.search(name)
    return name[m.end():m.end() + int(m.group(1))] if m else "(other rust)"


# Features, most separable first: a function whose name mentions two is charged to the
# first. Each is a list of module paths as v0 names spell them (`<len><ident>` each).
FEATURES = [
    ("lessons and walkthroughs", ["wirelab::lessons", "wirelab_model::lesson"]),
    ("design review", ["wirelab::review", "wirelab_engine::review"]),
    ("compare mode", ["wirelab::compare", "wirelab_engine::compare", "wirelab_model::comparison",
                      "wirelab::run::outcomes"]),
    ("journeys (follow a customer)", ["wirelab::run::journey", "wirelab::run::state::follow",
                                      "wirelab_engine::journey"]),
    ("classroom (moments, QR codes, audience, embeds)", ["wirelab::persist::qr", "qrcode", "wirelab_engine::moment", "wirelab::audience", "wirelab::embed",
                                       "wirelab::run::state::moment"]),
    ("time travel", ["wirelab::run::state::travel", "wirelab::run::timeline",
                     "wirelab_engine::timeline"]),
    ("run mode and the engine", ["wirelab::run", "wirelab_engine"]),
    ("inspector", ["wirelab::inspector"]),
    ("files, links, autosave", ["wirelab::persist", "wirelab_model::codec", "wirelab_editor::share"]),
    ("editor and canvas", ["wirelab::editor", "wirelab_editor"]),
    ("checks, incidents, validation", ["wirelab_model::check", "wirelab_model::plain",
                                       "wirelab_model::incident", "wirelab_model::validate"]),
    ("model types and their serde", ["wirelab_model"]),
    ("page shell (app, toolbar, keys)", ["wirelab::app", "wirelab::shell", "wirelab::keys",
                                         "wirelab::view", "wirelab::crash", "wirelab::kit",
                                         "wirelab::timer", "wirelab::glossary"]),
]


def v0_path(path):
    return "".join(f"{len(p)}{p}" for p in path.split("::"))


FEATURE_PATTERNS = [
    (label, re.compile("|".join(r"(?<![0-9])" + v0_path(p) for p in paths)))
    for label, paths in FEATURES
]


def without_instantiating_crate(name):
    """A generic function's v0 name ends with the crate that instantiated it, which says
    nothing about what it is for."""
    for m in CRATE_ROOT.finditer(name):
        if m.end() + int(m.group(1)) == len(name):
            return name[:m.start()]
    return name


def feature_of(name):
    name = without_instantiating_crate(name)
    for label, pattern in FEATURE_PATTERNS:
        if pattern.search(name):
            return label
    return "libraries alone (std, leptos, serde_json …)"


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
    if not any(n.startswith("_R") for n in names.values()):
        sys.exit(f"{path} has no v0 symbol names (built without .cargo/config.toml's flags?)")
    by_crate, by_feature = Counter(), Counter()
    for k, size in enumerate(sizes):
        name = names.get(imported + k, "")
        by_crate[crate_of(name)] += size
        by_feature[feature_of(name)] += size
    total = sum(sizes)
    print(f"code by crate, {path} (before wasm-opt): {total:,} bytes of code in {len(sizes):,} functions")
    print(f"{'part':<58} {'bytes':>10} {'share':>7}")
    shown = 0
    for crate, size in by_crate.most_common(top):
        print(f"{crate:<58} {size:>10,} {size / total:>6.1%}")
        shown += size
    print(f"{'(the rest)':<58} {total - shown:>10,} {(total - shown) / total:>6.1%}")
    print()
    print("code by feature, library code instantiated for a feature included")
    print(f"{'feature':<58} {'bytes':>10} {'share':>7}")
    for label, size in by_feature.most_common():
        print(f"{label:<58} {size:>10,} {size / total:>6.1%}")


if __name__ == "__main__":
    main()
