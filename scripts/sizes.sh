#!/usr/bin/env bash
# Prints the raw, gzip -9 and brotli -q 11 sizes of a bundle's wasm, js and css.
set -euo pipefail
dir="${1:-dist}"
printf '%-34s %10s %10s %10s\n' file raw gzip brotli
total=(0 0 0)
for f in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c); br=$(brotli -q 11 -c "$f" | wc -c)
  printf '%-34s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  total=($((total[0] + raw)) $((total[1] + gz)) $((total[2] + br)))
done
printf '%-34s %10d %10d %10d\n' total "${total[@]}"
