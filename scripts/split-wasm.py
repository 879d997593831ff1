#!/usr/bin/env python3
"""Trunk post_build hook: split the app's wasm at its split points (src/later.rs), so a
first visit downloads only what the first paint and the editor need.

Trunk cannot split a wasm (trunk-rs/trunk#1022): the cut has to come between cargo and
wasm-bindgen. So Trunk builds as usual (with no wasm-opt: index.html has
data-wasm-opt="0"), and this hook starts again from cargo's output:
1. wasm-split-cli cuts it into the main module and a file per split point, plus chunks
   of code that several split points share (cargo links with --emit-relocs for this);
2. wasm-bindgen binds the main module under the names Trunk gave its own output;
3. wasm-opt -Oz shrinks every file;
4. each split file is renamed after a hash of its content (a cached old chunk can never
   meet a new main module), and the page's integrity hashes are written again.
"""
import base64
import concurrent.futures
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

# The wasm features rustc enables by default for wasm32-unknown-unknown.
WASM_OPT = ["wasm-opt", "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
            "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types",
            "--enable-multivalue"]
LINK = "__wasm_split.js"


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"split-wasm: {' '.join(cmd[:2])} failed:\n{r.stderr[-2000:]}")


def short_hash(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()[:16]


def main():
    staging = os.environ["TRUNK_STAGING_DIR"]
    source = os.environ.get("TRUNK_SOURCE_DIR", os.getcwd())
    profile = os.environ.get("TRUNK_PROFILE", "release")
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(source, "target")
    raw = os.path.join(target, "wasm32-unknown-unknown", profile, "wirelab-app.wasm")
    js = glob.glob(os.path.join(staging, "wirelab-app-*.js"))
    if len(js) != 1 or not os.path.exists(raw):
        sys.exit(f"split-wasm: expected one wirelab-app-*.js in {staging} and {raw}")
    name = os.path.basename(js[0])[:-3]

    with tempfile.TemporaryDirectory() as tmp:
        split, bound = os.path.join(tmp, "split"), os.path.join(tmp, "bound")
        run(["wasm-split-cli", "--target", "web", "--out-name", name, raw, split])
        run(["wasm-bindgen", "--target", "web", "--no-typescript", "--keep-lld-exports",
             "--out-dir", bound, "--out-name", name, os.path.join(split, name + ".wasm")])
        parts = sorted(p for p in glob.glob(os.path.join(split, "*.wasm"))
                       if os.path.basename(p) != name + ".wasm")
        jobs = [(os.path.join(bound, name + "_bg.wasm"), os.path.join(staging, name + "_bg.wasm"))]
        jobs += [(p, os.path.join(tmp, "opt-" + os.path.basename(p))) for p in parts]
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(lambda j: run(WASM_OPT + [j[0], "-o", j[1]]), jobs))

        link = open(os.path.join(split, LINK), encoding="utf-8").read()
        for p in parts:
            base = os.path.basename(p)
            optimised = os.path.join(tmp, "opt-" + base)
            hashed = f"{base[:-5]}-{short_hash(optimised)}.wasm"
            shutil.copy(optimised, os.path.join(staging, hashed))
            link = link.replace(f'"./{base}"', f'"./{hashed}"')
        link_name = f"__wasm_split-{hashlib.sha256(link.encode()).hexdigest()[:16]}.js"
        open(os.path.join(staging, link_name), "w", encoding="utf-8").write(link)
        # Only the import statements name the file; the import object keeps the module
        # name the wasm asks for.
        main_js, n = re.subn(r'(\bfrom\s*)"\./' + re.escape(LINK) + '"', rf'\1"./{link_name}"',
                             open(os.path.join(bound, name + ".js"), encoding="utf-8").read())
        if n == 0:
            sys.exit(f"split-wasm: {name}.js does not import ./{LINK}")
        open(js[0], "w", encoding="utf-8").write(main_js)
        if os.path.isdir(os.path.join(bound, "snippets")):
            shutil.copytree(os.path.join(bound, "snippets"), os.path.join(staging, "snippets"),
                            dirs_exist_ok=True)

    page = os.path.join(staging, "index.html")
    html = open(page, encoding="utf-8").read()
    for f in (name + ".js", name + "_bg.wasm"):
        digest = hashlib.sha384(open(os.path.join(staging, f), "rb").read()).digest()
        sri = "sha384-" + base64.b64encode(digest).decode()
        html = re.sub(r'(href="[^"]*' + re.escape(f) + r'"[^>]*\bintegrity=")[^"]*"',
                      lambda m: m.group(1) + sri + '"', html)
    open(page, "w", encoding="utf-8").write(html)
    main_kb = os.path.getsize(os.path.join(staging, name + "_bg.wasm")) / 1024
    print(f"split-wasm: main module {main_kb:.0f} KB, {len(parts)} files loaded later")


if __name__ == "__main__":
    main()
