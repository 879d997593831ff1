#!/usr/bin/env python3
"""Trunk post_build hook: writes the build's file list and version into sw.js.

Every file of the built site (the page, the main and split wasm and js, the css, the
lessons and bundled scenarios, the icons and manifest), as paths relative to the site,
so the service worker caches exactly this build; the version is a hash of their
contents, so a new build is a new worker the page can offer.
"""
import hashlib, json, os, sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
sw = os.path.join(staging, "sw.js")
text = open(sw, encoding="utf-8").read()
if "WIRELAB_FILES" not in text:
    sys.exit(f"precache: no WIRELAB_FILES placeholder in {sw}")
files, digest = [], hashlib.sha256()
for root, _, names in os.walk(staging):
    for name in sorted(names):
        path = os.path.join(root, name)
        rel = os.path.relpath(path, staging).replace(os.sep, "/")
        if rel == "sw.js":
            continue
        files.append(rel)
files.sort()
for rel in files:
    digest.update(rel.encode())
    digest.update(open(os.path.join(staging, rel), "rb").read())
version = digest.hexdigest()[:16]
text = text.replace("WIRELAB_FILES", json.dumps(files)).replace("WIRELAB_VERSION", version)
open(sw, "w", encoding="utf-8").write(text)
print(f"precache: {len(files)} files, version {version}")
