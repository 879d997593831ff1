#!/usr/bin/env python3
"""Fails if the app's top-level modules (src/<name>.rs or src/<name>/) import each other in
a cycle, so they stay in layers (README.md, "The app's modules"). Each `crate::<module>`
a file names, in a `use` or in a path, is an edge from the file's own top-level module;
cycles are the strongly connected components (Tarjan) with more than one module. Prints
each cycle's edges with the file:line they come from and exits non-zero if there is any.
Comments and string literals are not read: a doc comment may name what it does not use.

Usage: scripts/module-cycles.py [SRC_DIR]     (default: src)
       scripts/module-cycles.py --self-test   (shows a synthetic cycle is caught)
"""
import contextlib
import io
import os
import re
import sys
import tempfile

# `crate::name` or `crate::{a, b::c}`: the names right after `crate::` (groups may span lines).
PATH = re.compile(r"\bcrate\s*::\s*(\{|[A-Za-z_]\w*)")
NAME = re.compile(r"[A-Za-z_]\w*")
# Line and block comments, string and char literals, raw strings: blanked out, lines kept.
NOISE = re.compile(r'//[^\n]*|/\*.*?\*/|r(#*)".*?"\1|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'', re.S)


def blank(text):
    return NOISE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def group_names(code, start):
    """The first names of each item in the `{…}` group opening at `start`."""
    depth, i, names, expect = 0, start, [], True
    while i < len(code):
        c = code[i]
        if c == "{":
            depth += 1
            expect = depth == 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return names
        elif c == "," and depth == 1:
            expect = True
        elif expect and depth == 1 and (c.isalpha() or c == "_"):
            name = NAME.match(code, i).group(0)
            names.append((name, i))
            i += len(name)
            expect = False
            continue
        i += 1
    return names


def modules(src):
    out = set()
    for entry in os.listdir(src):
        path = os.path.join(src, entry)
        if os.path.isdir(path):
            out.add(entry)
        elif entry.endswith(".rs") and entry not in ("lib.rs", "main.rs"):
            out.add(entry[:-3])
    return out


def edges(src):
    """{(from, to): [file:line, …]} for every reference between two top-level modules."""
    mods, found = modules(src), {}
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith(".rs"):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)
            owner = rel.split(os.sep)[0]
            owner = owner[:-3] if owner.endswith(".rs") else owner
            if owner not in mods:
                continue  # lib.rs, main.rs: the crate root declares, it does not depend
            code = blank(open(path, encoding="utf-8").read())
            for m in PATH.finditer(code):
                if m.group(1) == "{":
                    targets = group_names(code, m.start(1))
                else:
                    targets = [(m.group(1), m.start(1))]
                for name, at in targets:
                    if name in mods and name != owner:
                        line = code.count("\n", 0, at) + 1
                        where = f"{os.path.relpath(path)}:{line}"
                        found.setdefault((owner, name), []).append(where)
    return mods, found


def components(nodes, graph):
    """Tarjan's strongly connected components."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def check(src):
    mods, found = edges(src)
    graph = {}
    for a, b in found:
        graph.setdefault(a, set()).add(b)
    cycles = [c for c in components(mods, graph) if len(c) > 1]
    for comp in cycles:
        print(f"module-cycles: a cycle among {', '.join(comp)}:")
        for (a, b), where in sorted(found.items()):
            if a in comp and b in comp:
                print(f"  {a} -> {b}  ({', '.join(where)})")
    print(f"module-cycles: {len(cycles)} cycle{'' if len(cycles) == 1 else 's'} "
          f"among {len(mods)} modules")
    return not cycles


def self_test():
    """A tiny tree with a cycle (a -> b -> a, one edge in a `use` group, one in a path)
    must fail and name both edges; the same tree without it must pass, and an edge named
    only in a comment or a string must not count."""
    tree = {
        "a.rs": "use crate::{c, b::Thing};\n",
        "b/mod.rs": "mod inner;\n",
        "b/inner.rs": "fn f() { crate::a::g() }\n",
        "c.rs": "// crate::a is only named here\nconst S: &str = \"crate::b\";\n",
    }
    results = []
    for cyclic in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            for name, text in tree.items():
                if not cyclic and name == "b/inner.rs":
                    text = "fn f() {}\n"
                os.makedirs(os.path.dirname(os.path.join(tmp, name)), exist_ok=True)
                with open(os.path.join(tmp, name), "w") as f:
                    f.write(text)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                passed = check(tmp)
            results.append((passed, out.getvalue()))
    (cyclic_passed, report), (clean_passed, _) = results
    caught = not cyclic_passed and all(
        part in report for part in ("a cycle among a, b:", "a -> b", "a.rs:1", "b -> a", "inner.rs:1"))
    if not (caught and clean_passed):
        sys.exit("module-cycles: self-test failed: the synthetic cycle was not reported as "
                 f"expected, or the tree without it did not pass:\n{report}")
    print("module-cycles: self-test passed (a synthetic cycle is caught)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    else:
        sys.exit(0 if check(sys.argv[1] if len(sys.argv) > 1 else "src") else 1)
