#!/usr/bin/env python3
"""The model checker within its default bounds, in release (scripts/test.sh
runs it after building the CLI): correct Paxos, Multi-Paxos and design 5
have no violation; every
broken variant of single-decree Paxos (each bug, each durability mode that
forgets, each pair of quorums that need not meet), and design 3's split of
three writers, has a counterexample that
violates the expected property, replays with `paxos run --scenario` to the
same violation, and is shortest: one choice less deep finds none.
Usage: scripts/check-variants.py [PAXOS_BINARY]"""
import json
import subprocess
import sys

PAXOS = sys.argv[1] if len(sys.argv) > 1 else "target/release/paxos"

VARIANTS = [
    (["--bug", "one_ballot"], "one_value_chosen"),
    (["--bug", "ignore_promises"], "one_value_chosen"),
    (["--bug", "count_across_ballots"], "learned_was_chosen"),
    (["--bug", "accept_without_promise"], "one_value_chosen"),
    (["--durability", "no_writes"], "promise_never_decreases"),
    (["--durability", "reply_first"], "promise_never_decreases"),
    (["--q1", "1", "--q2", "1"], "one_value_chosen"),
    (["--q1", "1", "--q2", "2"], "one_value_chosen"),
    (["--q1", "2", "--q2", "1"], "one_value_chosen"),
    # Design 3 (majority voting, no phases): three writers split three
    # servers (two cannot: one value always has two of the three).
    (["--protocol", "voting", "--proposers", "3"], "acknowledged_readable"),
]

# Protocols that promise what the monitor checks, and keep it within the
# defaults: Paxos, Multi-Paxos (two clients' commands, an election or two),
# design 5 (Paxos with generations), and design 3 with two writers.
CORRECT = [
    [],
    ["--protocol", "multi"],
    ["--protocol", "generations"],
    ["--protocol", "voting"],
]


def paxos(*args):
    out = subprocess.run([PAXOS, *args], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"paxos {' '.join(args)} failed ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout)


def check(*args):
    return paxos("check", *args, "--json")


failed = []
for flags in CORRECT:
    name = " ".join(flags) or "correct Paxos"
    ok = check(*flags)
    print(f"{name}: {ok['result']}, {ok['covered']} ({ok['elapsed_s']:.1f} s)")
    if ok["result"] != "ok":
        failed.append(f"{name} has a violation within the default bounds")
for flags, expected in VARIANTS:
    name = " ".join(flags)
    found = check(*flags)
    if found["result"] != "violation" or found["property"] != expected:
        failed.append(f"{name}: {found['result']} {found['property']}, expected {expected}")
        continue
    example = found["counterexample"]
    depth = example["depth"]
    replayed = paxos("run", "--scenario", example["link"], "--json")
    properties = [v["property"] for v in replayed["violations"]]
    if properties[:1] != [expected]:
        failed.append(f"{name}: the counterexample replays to {properties}, not {expected}")
    shorter = check(*flags, "--max-depth", str(depth - 1))
    if shorter["result"] != "ok":
        failed.append(f"{name}: one choice less deep ({depth - 1}) still finds {shorter['result']}")
    print(f"{name}: {expected} in {depth} choices ({len(example['steps'])} steps), "
          f"{found['unique']} states, {found['elapsed_s']:.1f} s; replays; none within {depth - 1}")
if failed:
    sys.exit("\n".join(failed))
