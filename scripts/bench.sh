#!/usr/bin/env bash
# Runs the benchmarks named in BENCHMARKS.md: `paxos bench` natively, then
# the same workload as wasm in headless Chromium, in one session.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup test
cd "$ROOT"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

cargo build --locked --release --bin paxos
say "native: paxos bench (3 runs)"
for _ in 1 2 3; do ./target/release/paxos bench --json; done
say "wasm in headless Chromium (3 runs)"
for _ in 1 2 3; do
  cargo test --locked --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture 2>&1 |
    sed -n 's/^WASM_BENCH //p'
done
