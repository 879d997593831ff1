#!/usr/bin/env bash
# Prints the raw, gzip -9 and brotli -q 11 sizes of a bundle's wasm, js and css: first
# what a first visit downloads, then the parts split off it (scripts/split-wasm.py),
# which load later, in the background once the page has painted.
set -euo pipefail
dir="${1:-dist}"
row() { printf '%-44s %10s %10s %10s\n' "$@"; }
first=(0 0 0) later=(0 0 0) chunks=(0 0 0) n_chunks=0
add() { # add <array name> <file>
  local -n sum=$1
  local s=($(stat -c %s "$2") $(gzip -9c "$2" | wc -c) $(brotli -q 11 -c "$2" | wc -c))
  sum=($((sum[0] + s[0])) $((sum[1] + s[1])) $((sum[2] + s[2])))
  last=("${s[@]}")
}
row file raw gzip brotli
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
  [ -f "$f" ] || continue
  case "$(basename "$f")" in split_*|chunk_*) continue ;; esac
  add first "$f"; row "$(basename "$f")" "${last[@]}"
done
row "first visit" "${first[@]}"
for f in "$dir"/split_*.wasm; do
  [ -f "$f" ] || continue
  add later "$f"; row "$(basename "$f")" "${last[@]}"
done
for f in "$dir"/chunk_*.wasm; do
  [ -f "$f" ] || continue
  add later "$f"; add chunks "$f"; n_chunks=$((n_chunks + 1))
done
[ "$n_chunks" -gt 0 ] && row "$n_chunks chunks the split parts share" "${chunks[@]}"
row "loaded later" "${later[@]}"
row total $((first[0] + later[0])) $((first[1] + later[1])) $((first[2] + later[2]))
