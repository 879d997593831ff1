#!/usr/bin/env bash
# Installs whatever Wirelab's build (and, with `test`, its browser tests) needs and is
# missing. Idempotent: each step checks first and skips a tool already at the right
# version. Writes the environment the build needs to target/wirelab-env.sh, which the
# Makefile sources.
#
#   scripts/setup.sh build   # wasm toolchain, trunk, wasm-bindgen-cli, wasm-split-cli, wasm-opt
#   scripts/setup.sh test    # the above, plus Chromium and Playwright
#   WIRELAB_WASM=debian scripts/setup.sh build   # force the Debian path (to test it)
set -euo pipefail
mode="${1:-build}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
BINARYEN_VERSION=132
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ $apt_updated -eq 0 ]; then log "apt-get update"; $sudo apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# --- wasm standard library -------------------------------------------------------
# A laptop with internet gets it from rustup. Where rustup's server is unreachable, Debian's
# rustc-web ships the std *source* and we build std for wasm with build-std, using Debian's
# compiler (the source must match it) in its own target dir.
env_file="$root/target/wirelab-env.sh"
mkdir -p "$root/target"
if [ "${WIRELAB_WASM:-}" = debian ]; then
  wasm_path=debian
elif rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  wasm_path=rustup
elif command -v rustup >/dev/null && timeout 25 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  wasm_path=rustup
else
  wasm_path=debian
fi
if [ "$wasm_path" = rustup ]; then
  log "wasm32 std: rustup"
  cat >"$env_file" <<EOF
export PATH="\$HOME/.cargo/bin:$root/tests/e2e/node_modules/.bin:\$PATH"
EOF
else
  log "wasm32 std: Debian rustc-web + build-std (rustup target unavailable)"
  apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
  cat >"$env_file" <<EOF
export PATH="/usr/bin:\$HOME/.cargo/bin:$root/tests/e2e/node_modules/.bin:\$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_DIR="$root/target/wasm-debian"
EOF
fi

# --- trunk -----------------------------------------------------------------------
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "cargo install trunk@$TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install --locked --quiet "trunk@$TRUNK_VERSION"
fi

# --- wasm-bindgen-cli, at exactly the version in Cargo.lock ----------------------
wb_version="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb_version" ]; then
  log "cargo install wasm-bindgen-cli@$wb_version (about 4 minutes)"
  # --locked fails for this crate: one of its locked versions is gone from the registry.
  cargo install --quiet --force "wasm-bindgen-cli@$wb_version"
fi
sed -i "s/^wasm_bindgen = .*/wasm_bindgen = \"$wb_version\"/" Trunk.toml

# --- wasm-split-cli: cuts the wasm at its split points (scripts/split-wasm.py) -----
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "cargo install wasm_split_cli_support@$WASM_SPLIT_VERSION (about 3 minutes)"
  cargo install --locked --quiet --force --features build-binary "wasm_split_cli_support@$WASM_SPLIT_VERSION"
fi

# The post-build hook that writes the loader's hash into the CSP is a Python script.
command -v python3 >/dev/null || apt_install python3

# --- node tooling: wasm-opt (binaryen) and, for tests, Playwright -----------------
command -v npm >/dev/null || apt_install nodejs npm
if [ ! -x tests/e2e/node_modules/.bin/wasm-opt ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  log "npm ci (binaryen $BINARYEN_VERSION, Playwright library; no browser download)"
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "$mode" = test ]; then
  # Debian's Chromium: Playwright's own browser download cannot work offline.
  command -v chromium >/dev/null || apt_install chromium chromium-driver
  command -v brotli >/dev/null || apt_install brotli
fi
[ "$mode" = dist ] && { command -v brotli >/dev/null || apt_install brotli; }
log "ready ($wasm_path wasm toolchain)"
