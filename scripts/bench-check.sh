#!/usr/bin/env bash
# The model checker against its anchor, stateright 0.31 running its own
# examples/paxos.rs (built from the crate's published source, as
# downloaded by cargo), interleaved in pairs on comparable single-decree
# configurations: 3 servers, 2 and 3 clients (proposers), an unordered
# network that neither loses nor duplicates, no crashes. Stateright
# explores its whole space; ours is bounded (one ballot per proposer, and
# a depth: with 2 proposers, one past which hardly anything is new; with
# 3, one that gives about as many unique states as stateright's 3
# clients). Its client requests and timers are transitions of their own;
# its disk writes complete with the step that issued them (no crash is
# allowed, so nothing can tell).
# Reports unique states per second of wall time and per CPU-second (with
# each one's threads) and bytes per unique state (peak RSS from
# /usr/bin/time -v over unique states). Usage: scripts/bench-check.sh [PAIRS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
pairs="${1:-3}"
anchor="$ROOT/target/stateright-anchor"

cargo build --locked --release --bin paxos
# The anchor: a scratch crate whose main is stateright's example.
mkdir -p "$anchor/src"
cat >"$anchor/Cargo.toml" <<'TOML'
[package]
name = "stateright-anchor"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
stateright = "=0.31.0"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
env_logger = "0.11"
num_cpus = "1.17"
pico-args = "0.5"
TOML
# (A main for cargo to fetch with; the example replaces it.)
[ -f "$anchor/src/main.rs" ] || echo 'fn main() {}' >"$anchor/src/main.rs"
(cd "$anchor" && cargo fetch -q)
example=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -path '*/stateright-0.31.0/examples/paxos.rs' | head -n 1)
[ -n "$example" ] || { echo "stateright 0.31.0's examples/paxos.rs not found" >&2; exit 1; }
cp "$example" "$anchor/src/main.rs"
(cd "$anchor" && cargo build -q --release)

results="$(mktemp)"
timed() { # LABEL COMMAND...: one line "LABEL wall user sys rss_kb" + the output
  local label=$1; shift
  local out; out="$(mktemp)"
  /usr/bin/time -v "$@" >"$out.stdout" 2>"$out"
  python3 - "$label" "$out" "$out.stdout" >>"$results" <<'PY'
import re, sys, json
label, time_file, stdout_file = sys.argv[1:]
t = open(time_file).read()
def field(name):
    return re.search(re.escape(name) + r": (.*)", t).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
wall_s = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
out = open(stdout_file).read()
if label.startswith("stateright"):
    m = re.search(r"Done\. states=(\d+), unique=(\d+)", out)
    unique, threads = int(m.group(2)), "all cores"
else:
    ours = json.loads(out)
    unique, threads = ours["unique"], str(ours["threads"])
print(json.dumps({"label": label, "unique": unique, "wall_s": wall_s,
    "cpu_s": float(field("User time (seconds)")) + float(field("System time (seconds)")),
    "rss_bytes": int(field("Maximum resident set size (kbytes)")) * 1024, "threads": threads}))
PY
}
for i in $(seq 1 "$pairs"); do
  echo "pair $i of $pairs" >&2
  timed "stateright 2 clients" "$anchor/target/release/stateright-anchor" check 2
  timed "ours 2 proposers, depth 30" ./target/release/paxos check --proposers 2 --max-ballots 1 --max-depth 30 --json
  timed "stateright 3 clients" "$anchor/target/release/stateright-anchor" check 3
  timed "ours 3 proposers, depth 15" ./target/release/paxos check --proposers 3 --max-ballots 1 --max-depth 15 --json
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r["label"], []).append(r)
med = lambda xs: statistics.median(xs)
summary = {}
for label, rs in by.items():
    s = {
        "unique": rs[0]["unique"],
        "wall": med([r["unique"] / r["wall_s"] for r in rs]),
        "cpu": med([r["unique"] / r["cpu_s"] for r in rs]),
        "bytes": med([r["rss_bytes"] / r["unique"] for r in rs]),
        "threads": rs[0]["threads"],
    }
    summary[label] = s
    print(f"{label:28} {s['unique']:>10,} unique  {s['wall']:>9,.0f}/s wall  {s['cpu']:>9,.0f}/CPU-s  "
          f"{s['bytes']:>6,.0f} B/state  threads: {s['threads']}")
anchor = summary["stateright 3 clients"]
for label in ("ours 2 proposers, depth 30", "ours 3 proposers, depth 15"):
    s = summary[label]
    print(f"{label}: {s['wall'] / anchor['wall']:.2f}x stateright's (3 clients) unique/s of wall time, "
          f"{s['cpu'] / anchor['cpu']:.2f}x per CPU-second, {s['bytes'] / anchor['bytes']:.3f}x its bytes per state")
PY
