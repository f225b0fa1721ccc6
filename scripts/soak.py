#!/usr/bin/env python3
"""The soak: long faulty sweeps of every protocol, and how many seeds of one
fixed faulty sweep catch each deliberate bug. Run by scripts/bench.sh, not
by CI (it takes about a minute). Usage: scripts/soak.py PATH/TO/paxos

Prints, per sweep, its runs, what went wrong and its wall time; then, per
break toggle, amnesia mode and non-intersecting quorum pair, the seeds of
the fixed sweep that reach a safety violation. Exits 1 if a correct
protocol failed anywhere, or a broken variant was never caught.
"""

import json
import subprocess
import sys
import time

PAXOS = sys.argv[1] if len(sys.argv) > 1 else "target/release/paxos"

# The fixed faulty sweep every broken variant must be caught on
# (BENCHMARKS.md names it).
FAULTS = ["--drop", "0.2", "--dup", "0.1", "--crash", "0.02", "--partition", "0.02"]
VARIANT_SWEEP = ["--nodes", "5", "--proposers", "3", *FAULTS, "--seeds", "0..10000"]

SOAKS = [
    ("single-decree Paxos", ["--protocol", "paxos", "--nodes", "5", "--proposers", "3", *FAULTS, "--seeds", "0..100000"]),
    ("Multi-Paxos, linearizability checked", ["--protocol", "multi", "--nodes", "5", *FAULTS, "--seeds", "0..10000"]),
    ("design 1 (one server)", ["--protocol", "single", *FAULTS, "--seeds", "0..20000"]),
    ("design 2 (two servers)", ["--protocol", "two", *FAULTS, "--seeds", "0..20000"]),
    ("design 3 (majority voting)", ["--protocol", "voting", *FAULTS, "--seeds", "0..20000"]),
    ("design 5 (generations)", ["--protocol", "generations", *FAULTS, "--seeds", "0..20000"]),
]

VARIANTS = [
    ("bug one_ballot", ["--bug", "one_ballot"]),
    ("bug ignore_promises", ["--bug", "ignore_promises"]),
    ("bug count_across_ballots", ["--bug", "count_across_ballots"]),
    ("bug accept_without_promise", ["--bug", "accept_without_promise"]),
    ("amnesia no_writes", ["--durability", "no_writes"]),
    ("amnesia reply_first", ["--durability", "reply_first"]),
    ("quorums q1=2 q2=2 of 5", ["--q1", "2", "--q2", "2"]),
]


def sweep(flags):
    """Runs one sweep; returns its JSON tally and its wall time in seconds."""
    start = time.monotonic()
    out = subprocess.run([PAXOS, "sweep", "--json", *flags], capture_output=True, text=True)
    took = time.monotonic() - start
    if out.returncode not in (0, 1):
        sys.exit(f"paxos sweep {' '.join(flags)} failed: {out.stderr.strip()}")
    return json.loads(out.stdout), took


def went_wrong(tally):
    """What a correct protocol's tally counts as wrong, by name."""
    keys = ["violations", "undecided", "unanswered", "not_linearizable", "disagreements", "unfinished"]
    return {k: tally[k] for k in keys if k in tally}


failed = False
print("soak: long faulty sweeps (flags: %s)" % " ".join(FAULTS))
for name, flags in SOAKS:
    tally, took = sweep(flags)
    wrong = went_wrong(tally)
    extra = ""
    if "cas_ok" in tally:
        cas = tally["cas_ok"] + tally["cas_failed"]
        extra = ", %d of %d compare-and-sets matched" % (tally["cas_ok"], cas)
    if "reads_ok" in tally:
        extra = ", writes %d acknowledged/%d failed, reads %d ok/%d failed" % (
            tally["writes_acknowledged"], tally["writes_failed"], tally["reads_ok"], tally["reads_failed"])
    print("  %-38s %7d runs, %s%s, %.1f s" % (
        name, tally["runs"], ", ".join("%d %s" % (v, k.replace("_", " ")) for k, v in wrong.items()), extra, took))
    # The designs' own shortcomings (lost or unavailable reads) are what
    # they teach; a safety violation of a protocol meant to be safe is not.
    safe = name.startswith(("single-decree", "Multi", "design 5"))
    bad = sum(v for k, v in wrong.items() if k != "undecided") if safe else 0
    if bad:
        failed = True
        print("    FAILED: first failing seed %s" % (tally.get("first_violation_seed") or tally.get("first_failure_seed")))

print("broken variants on one fixed sweep: %s" % " ".join(VARIANT_SWEEP))
for name, flags in VARIANTS:
    tally, took = sweep(VARIANT_SWEEP + flags)
    print("  %-38s %5d of %d seeds reach a violation (first: seed %s), %.1f s" % (
        name, tally["violations"], tally["runs"], tally["first_violation_seed"], took))
    if tally["violations"] == 0:
        failed = True
        print("    FAILED: this variant is never caught")

sys.exit(1 if failed else 0)
