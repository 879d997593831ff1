#!/usr/bin/env bash
# `make perf`: every number Wirelab's speed is judged by, in one table — the engine
# against a bare event loop, frame times of pan / zoom / a crowded run, first paint, and
# the bundle by file and the wasm's code by crate and by feature. Prints, asserts nothing: on a shared machine a timing is a reading.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -d)

echo "[perf] engine benchmark" >&2
cargo run -q --profile perf -p wirelab-engine --example bench > "$log/bench.txt"
echo "[perf] a stats refresh and a checkpoint, 10 s to 40 minutes in" >&2
cargo run -q --profile perf -p wirelab-engine --example long_run > "$log/long.txt"
echo "[perf] release bundle" >&2
scripts/setup.sh test > /dev/null
# shellcheck disable=SC1091
source target/wirelab-env.sh
trunk build --release > "$log/build.txt" 2>&1
scripts/sizes.sh dist > "$log/sizes.txt"
scripts/wasm-parts.py --top 15 > "$log/parts.txt"
echo "[perf] browser probes" >&2
(cd tests/e2e && npx playwright test --config probes/probe.config.ts --reporter=line) > "$log/probes.txt" 2>&1 || true

printf '\n%-44s %s\n' "measure" "value"
printf '%-44s %s\n' "-------" "-----"
printf '%-44s %s\n' "engine vs bare heap loop (median)" "$(grep '^median:' "$log/bench.txt" | sed 's/^median: //')"
grep -E '^(pan|zoom|run frames|review frames|first paint|seek|long run)' "$log/probes.txt" | sed 's/  */ /g' | while IFS= read -r line; do
  printf '%-44s %s\n' "${line%%:*}" "${line#*: }"
done
echo
cat "$log/long.txt"
echo
cat "$log/sizes.txt"
echo
cat "$log/parts.txt"
rm -rf "$log"
