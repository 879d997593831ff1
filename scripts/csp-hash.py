#!/usr/bin/env python3
"""Trunk post_build hook: allow exactly the inline loader script(s) Trunk generated.

index.html's Content-Security-Policy carries the placeholder WIRELAB_LOADER_HASH; this
replaces it with the sha256 of each inline <script> in the built page, so the policy
stays strict ('self' plus these hashes) on any static host, with no server-side nonce.
"""
import base64, hashlib, os, re, sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
if "WIRELAB_LOADER_HASH" not in html:
    sys.exit(f"csp-hash: no WIRELAB_LOADER_HASH placeholder in {path}")
inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
if not inline:
    sys.exit(f"csp-hash: no inline script found in {path}")
hashes = " ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
    for s in inline
)
open(path, "w", encoding="utf-8").write(html.replace("WIRELAB_LOADER_HASH", hashes))
print(f"csp-hash: allowed {len(inline)} inline script(s) in {path}")
