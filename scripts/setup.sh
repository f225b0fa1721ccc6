#!/usr/bin/env bash
# Idempotent set-up for a fresh machine. Installs only what is missing or at
# the wrong version; run it as often as you like.
#
#   scripts/setup.sh serve   # what `trunk serve` needs
#   scripts/setup.sh test    # that, plus Chromium, chromedriver and npm tools
#
# Sourced by scripts/serve.sh and scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# The wasm-bindgen-cli version must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_rust_target() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32-unknown-unknown target: present"
  else
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  for component in clippy rustfmt; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "adding rustup component $component"
      rustup component add "$component"
    fi
  done
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ]; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "installing trunk $TRUNK_VERSION (takes several minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $want" ] &&
     command -v wasm-bindgen-test-runner >/dev/null; then
    say "wasm-bindgen-cli $want: present"
  else
    say "installing wasm-bindgen-cli $want (matches Cargo.lock)"
    # Not --locked: the registry lacks one of its locked dependencies.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_chromium() {
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    say "chromium and chromedriver: present"
    return
  fi
  say "installing Debian's chromium and chromium-driver"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; then
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
}

ensure_npm_tools() {
  # Playwright drives Debian's Chromium; it must never download a browser.
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  local stamp="$ROOT/node_modules/.package-lock.json"
  if [ -x "$ROOT/node_modules/.bin/playwright" ] && [ -x "$ROOT/node_modules/.bin/wasm-opt" ] &&
     [ "$stamp" -nt "$ROOT/package-lock.json" ]; then
    say "npm tools (playwright, binaryen): present"
  else
    say "installing npm tools (playwright, binaryen)"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

setup() {
  local profile="${1:-test}"
  ensure_rust_target
  ensure_wasm_bindgen
  ensure_trunk
  if [ "$profile" = "test" ]; then
    ensure_chromium
    ensure_npm_tools
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  setup "${1:-test}"
fi
