#!/usr/bin/env bash
# Sets everything up (idempotently) and runs every check and test suite:
#   1. formatting and clippy, natively and for wasm32
#   2. native unit and integration tests (core, simulator, CLI)
#   3. wasm tests in headless Chromium (wasm-bindgen-test)
#   4. the release build: the model checker's default bounds over every
#      broken variant (scripts/check-variants.py), and every page's wasm
#      within its size budget
#   5. end-to-end tests: Playwright clicking through the built app
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup test
cd "$ROOT"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

start=$SECONDS
stage() { say "[$((SECONDS - start))s] $*"; }

stage "cargo fmt --check"
cargo fmt --all --check

stage "clippy (native)"
cargo clippy --workspace --all-targets --locked -- -D warnings

stage "clippy (wasm32)"
cargo clippy --workspace --all-targets --locked --target wasm32-unknown-unknown -- -D warnings

stage "native tests"
cargo test --workspace --locked

stage "wasm tests in headless Chromium"
cargo test --locked --target wasm32-unknown-unknown --test wasm --test wasm_idb

stage "building the CLI and the app (release)"
cargo build --locked --release --bin paxos
trunk build --release --cargo-profile web

stage "the model checker within its default bounds, every broken variant (release)"
python3 scripts/check-variants.py target/release/paxos

stage "every page's wasm within its budget (350,000 bytes gzipped; see BENCHMARKS.md)"
budget=350000
over=0
for wasm in dist/*_bg.wasm dist/multi/*_bg.wasm dist/designs/*_bg.wasm; do
  size=$(gzip -9c "$wasm" | wc -c)
  if [ "$size" -gt "$budget" ]; then
    say "$wasm is $size bytes gzipped, over the budget of $budget"
    over=1
  else
    say "$wasm: $size bytes gzipped"
  fi
done
[ "$over" = 0 ]

stage "end-to-end tests in Chromium"
npx playwright test --config tests/e2e/playwright.config.mjs

stage "all tests passed"
