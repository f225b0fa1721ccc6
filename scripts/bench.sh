#!/usr/bin/env bash
# Runs the benchmarks named in BENCHMARKS.md: the `paxos bench` workload
# natively and as wasm in headless Chromium, interleaved in pairs so that
# both see the same machine conditions, then prints medians and the
# wasm/native ratio; then the soak (scripts/soak.py: long faulty sweeps,
# and how many seeds catch each broken variant), the Multi-Paxos, browser,
# storage and memory benchmarks, and the model checker against stateright
# (scripts/bench-check.sh). Usage: scripts/bench.sh [PAIRS]   (default 7)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup test
cd "$ROOT"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
pairs="${1:-7}"

cargo build --locked --release --bin paxos
cargo test --locked --release --target wasm32-unknown-unknown --test wasm_bench --no-run

results="$(mktemp)"
for i in $(seq 1 "$pairs"); do
  say "pair $i of $pairs"
  printf 'native %s\n' "$(./target/release/paxos bench --json)" >>"$results"
  wasm="$(cargo test --locked --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture bench_single 2>&1 |
    sed -n 's/^WASM_BENCH //p')"
  printf 'wasm %s\n' "$wasm" >>"$results"
done

python3 - "$results" <<'PY'
import json, statistics, sys
runs = {"native": [], "wasm": []}
for line in open(sys.argv[1]):
    build, data = line.split(" ", 1)
    runs[build].append(json.loads(data))
events = {r["events"] for rs in runs.values() for r in rs}
rate = {b: [r["events_per_sec"] / 1e6 for r in rs] for b, rs in runs.items()}
ratios = [w / n for n, w in zip(rate["native"], rate["wasm"])]
for b in ("native", "wasm"):
    print(f"{b:6}  M events/s: {', '.join(f'{x:.2f}' for x in rate[b])}  median {statistics.median(rate[b]):.2f}")
print(f"wasm/native per pair: {', '.join(f'{x:.2f}' for x in ratios)}  median {statistics.median(ratios):.2f}")
print(f"events per run: {sorted(events)} (the same work in both builds)")
PY

say "the soak: long faulty sweeps of every protocol, and the seeds that catch each broken variant"
python3 scripts/soak.py ./target/release/paxos

say "the model checker against stateright 0.31's examples/paxos.rs, interleaved"
scripts/bench-check.sh 3

say "Multi-Paxos: commands per simulated round trip (windows 1 and 8), and commands simulated per second, native then wasm"
./target/release/paxos bench --protocol multi
cargo test --locked --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture bench_multi 2>&1 |
  sed -n 's/^WASM_MULTI //p' |
  python3 -c 'import json,sys
for line in sys.stdin:
    r = json.loads(line)
    print("wasm   window %d: %.2f per round trip, %.0f commands/s of wall-clock" % (r["window"], r["per_round_trip"], r["commands_per_sec"]))'

say "the same two workloads as shipped in the web bundle (profile web: opt-level z)"
cargo test --locked --profile web --target wasm32-unknown-unknown --test wasm_bench -- --nocapture bench_single 2>&1 |
  sed -n 's/^WASM_BENCH //p' |
  python3 -c 'import json,sys; r=json.load(sys.stdin); print("wasm (web profile) single-decree: %.2f M events/s" % (r["events_per_sec"] / 1e6))'
cargo test --locked --profile web --target wasm32-unknown-unknown --test wasm_bench -- --nocapture bench_multi 2>&1 |
  sed -n 's/^WASM_MULTI //p' |
  python3 -c 'import json,sys
for line in sys.stdin:
    r = json.loads(line)
    print("wasm (web profile) window %d: %.0f commands/s of wall-clock" % (r["window"], r["commands_per_sec"]))'

say "IndexedDB in headless Chromium: one strict write, and the simulation waiting for writes"
cargo test --locked --release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture idb 2>&1 |
  grep -E '^IDB_'

say "the diagram in headless Chromium: load time, frame times on a 100,000-message trace, bundle size"
PATH="$ROOT/node_modules/.bin:$PATH" trunk build --release --cargo-profile web
node tests/e2e/bench-diagram.mjs 100000

say "the model checker in the browser's worker against the CLI (tests/e2e/bench-check.mjs)"
node tests/e2e/bench-check.mjs 14 3

say "durable writes: the app with IndexedDB against memory, at 1x and at the maximum speed"
node tests/e2e/bench-storage.mjs

say "memory of a long run: the wasm memory's byteLength while the stress duel plays, and a million messages"
node tests/e2e/bench-memory.mjs 100000 30
node tests/e2e/bench-memory.mjs 1000000 10
