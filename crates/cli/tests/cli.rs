#![cfg(not(target_arch = "wasm32"))]
//! The `paxos` binary: its JSON contract and its handling of bad input.

use serde_json::Value;
use std::process::{Command, Output};

/// The gallery's pinned hashes (the wasm suite and the browser check them too).
const GALLERY: &str = include_str!("../../../tests/golden/gallery_hashes.txt");

/// The first seed whose three concurrent writes to design 3 split the
/// servers three ways (as `tests/it/storage_designs.rs` finds it).
fn split_seed() -> u64 {
    use paxos_core::designs::{ClientSpec, Design, Op};
    use paxos_core::types::{NodeId, Value};
    let write = |node: u8, text: &str| ClientSpec {
        node: NodeId(node),
        op: Op::Write(Value::new(text)),
        at_us: 0,
    };
    (0..500)
        .find(|&seed| {
            let read = ClientSpec {
                node: NodeId(0),
                op: Op::Read,
                at_us: 200_000,
            };
            let clients = vec![write(0, "A"), write(1, "B"), write(2, "C"), read];
            let mut sim = paxos_sim::sim::Sim::new(paxos_front::runs::designs::config(
                Design::Voting,
                clients,
                seed,
            ))
            .expect("valid");
            while sim.step() {}
            let mut held: Vec<_> = sim
                .nodes()
                .map(|n| sim.disk(n).and_then(|d| d.value.clone()))
                .collect();
            held.sort();
            held.dedup();
            held.len() == 3
        })
        .expect("some seed in 0..500 splits the servers three ways")
}

fn paxos(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paxos"))
        .args(args)
        .output()
        .expect("the paxos binary runs")
}

fn json(args: &[&str]) -> Value {
    let out = paxos(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        1,
        "exactly one JSON object: {stdout}"
    );
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn run_json_has_the_documented_fields() {
    let v = json(&["run", "--seed", "3", "--json"]);
    for field in [
        "decided",
        "decided_at",
        "events",
        "messages",
        "violations",
        "trace_hash",
    ] {
        assert!(v.get(field).is_some(), "missing {field} in {v}");
    }
    assert!(v["decided"].is_string());
    assert!(v["decided_at"].as_f64().unwrap() > 0.0);
    assert_eq!(v["violations"], Value::Array(vec![]));
    let hash = v["trace_hash"].as_str().unwrap();
    assert_eq!(hash.len(), 16);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
}

/// `--metrics` adds what the run cost, read off its trace: for one clean
/// proposal, one ballot of two round trips, and counts that agree with
/// the run's own counters; the run itself (its trace hash) is the same.
#[test]
fn run_metrics_count_a_clean_decision_and_agree_with_the_counters() {
    let plain = json(&["run", "--proposers", "1", "--json"]);
    let v = json(&["run", "--proposers", "1", "--metrics", "--json"]);
    assert_eq!(v["trace_hash"], plain["trace_hash"]);
    let m = &v["metrics"];
    let kinds: Vec<(String, u64)> = m["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|k| k["count"].as_u64() != Some(0))
        .map(|k| {
            (
                k["kind"].as_str().unwrap().to_string(),
                k["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u64)> = [
        ("Request", 1),
        ("Prepare", 2),
        ("Promise", 2),
        ("Accept", 2),
        ("Accepted", 2),
        ("Decided", 2),
        ("Reply", 1),
    ]
    .map(|(k, n)| (k.to_string(), n))
    .into();
    assert_eq!(kinds, expected);
    let decision = &m["decision"];
    assert_eq!(decision["ballot"], "(1,n0)");
    assert_eq!(decision["ballots"], 1);
    assert_eq!(decision["round_trips"], 2);
    assert_eq!(decision["messages"], 9);
    assert_eq!(
        decision["at_us"].as_f64().unwrap() / 1000.0,
        v["decided_at"].as_f64().unwrap()
    );
    // The counters count node-to-node messages; the metrics, the clients'
    // request and reply too.
    assert_eq!(
        m["messages_sent"].as_u64().unwrap(),
        v["messages"].as_u64().unwrap() + 2
    );
    assert_eq!(m["disk_writes"], v["disk_writes"]);
    assert_eq!(m["ballots"], v["ballots"]);
}

#[test]
fn equal_inputs_give_equal_trace_hashes_and_different_seeds_do_not() {
    let args = [
        "run", "--seed", "8", "--drop", "0.2", "--crash", "0.3", "--json",
    ];
    let a = json(&args);
    let b = json(&args);
    assert_eq!(a["trace_hash"], b["trace_hash"]);
    let c = json(&[
        "run", "--seed", "9", "--drop", "0.2", "--crash", "0.3", "--json",
    ]);
    assert_ne!(a["trace_hash"], c["trace_hash"]);
}

/// A run whose learners all crashed after the decision says who knows
/// the value (nobody, now), instead of naming an empty list.
#[test]
fn a_decision_every_learner_forgot_is_reported_as_forgotten() {
    let out = paxos(&["run", "--seed", "3", "--crash", "0.2"]);
    assert!(out.status.success());
    let first = String::from_utf8(out.stdout).unwrap();
    let first = first.lines().next().unwrap().to_string();
    assert!(first.starts_with("seed 3: decided \"B\" at "), "{first}");
    assert!(first.contains("(no node knows it at the end"), "{first}");
    assert!(!first.contains("known to )"), "{first}");
    assert_eq!(
        json(&["run", "--seed", "3", "--crash", "0.2", "--json"])["learned_by"],
        serde_json::json!([])
    );
    let plain = String::from_utf8(paxos(&["run", "--seed", "3"]).stdout).unwrap();
    assert!(
        plain
            .lines()
            .next()
            .unwrap()
            .ends_with("(known to n0,n1,n2)"),
        "{plain}"
    );
}

#[test]
fn an_undecided_run_reports_null() {
    let v = json(&[
        "run",
        "--no-backoff",
        "--latency",
        "5..5",
        "--disk",
        "1..1",
        "--until",
        "500",
        "--json",
    ]);
    assert_eq!(v["decided"], Value::Null);
    assert_eq!(v["decided_at"], Value::Null);
}

#[test]
fn sweep_reports_runs_violations_and_undecided() {
    let v = json(&[
        "sweep",
        "--seeds",
        "0..20",
        "--drop",
        "0.1",
        "--crash",
        "0.2",
        "--partition",
        "0.2",
        "--json",
    ]);
    assert_eq!(v["runs"], 20);
    assert_eq!(v["violations"], 0);
    assert_eq!(v["undecided"], 0);
    assert_eq!(v["first_violation_seed"], Value::Null);
}

#[test]
fn sweep_exits_non_zero_when_runs_stay_undecided() {
    let out = paxos(&[
        "sweep",
        "--seeds",
        "0..3",
        "--no-backoff",
        "--latency",
        "5..5",
        "--disk",
        "1..1",
        "--until",
        "300",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["undecided"], 3);
    assert_eq!(v["first_undecided_seed"], 0);
}

/// The durability bug toggle, from the command line: a sweep with crashes
/// finds violations when acceptors never write, and none when they do.
#[test]
fn sweeping_with_the_no_writes_bug_finds_violations_and_write_ahead_does_not() {
    let args = |durability| {
        vec![
            "sweep",
            "--seeds",
            "0..30",
            "--proposers",
            "3",
            "--stagger",
            "300",
            "--crash",
            "0.3",
            "--durability",
            durability,
            "--json",
        ]
    };
    let out = paxos(&args("no_writes"));
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["violations"].as_u64().unwrap() > 0, "{v}");
    let v = json(&args("write_ahead"));
    assert_eq!(v["violations"], 0);
}

#[test]
fn bench_reports_events_per_second() {
    let v = json(&["bench", "--rounds", "50", "--json"]);
    assert!(v["events_per_sec"].as_f64().unwrap() > 0.0);
    assert!(v["events"].as_u64().unwrap() > 50 * 10);
}

/// `paxos` is single-decree Paxos in `bench --protocol` as everywhere;
/// the old spelling `single` still runs it, with a note on stderr.
#[test]
fn bench_names_single_decree_paxos_paxos_and_reads_the_old_spelling_with_a_note() {
    let new = paxos(&["bench", "--protocol", "paxos", "--rounds", "20", "--json"]);
    assert!(new.status.success());
    assert!(
        new.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let old = paxos(&["bench", "--protocol", "single", "--rounds", "20", "--json"]);
    assert!(old.status.success());
    let note = String::from_utf8_lossy(&old.stderr);
    assert!(note.contains("--protocol paxos"), "{note}");
    let (new, old): (Value, Value) = (
        serde_json::from_slice(&new.stdout).unwrap(),
        serde_json::from_slice(&old.stdout).unwrap(),
    );
    assert_eq!(new["events"], old["events"], "the same workload");
    let help = String::from_utf8_lossy(&paxos(&["bench", "--help"]).stdout).to_string();
    assert!(help.contains("paxos") && help.contains("multi"), "{help}");
}

/// `--help` lists the choices of every named value, and each protocol's
/// flags under its own heading.
#[test]
fn help_lists_the_choices_and_groups_the_flags_by_protocol() {
    let out = paxos(&["run", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let at = |needle: &str| {
        help.find(needle)
            .unwrap_or_else(|| panic!("--help lacks {needle:?}:\n{help}"))
    };
    for name in [
        "paxos:",
        "multi:",
        "single:",
        "two:",
        "voting:",
        "generations:",
        "one_ballot:",
        "ignore_promises:",
        "count_across_ballots:",
        "accept_without_promise:",
        "write_ahead:",
        "reply_first:",
        "no_writes:",
    ] {
        at(name);
    }
    let (paxos, multi, designs) = (
        at("Single-decree Paxos (--protocol paxos):"),
        at("Multi-Paxos (--protocol multi):"),
        at("Storage designs (--protocol single, two, voting, generations):"),
    );
    assert!(paxos < at("--bug <NAME>") && at("--durability") > paxos);
    assert!(multi < at("--window") && at("--window") < designs);
    assert!(designs < at("--ops"));
    assert!(at("--seed") < paxos, "run's own flags come first");
}

#[test]
fn bad_arguments_get_a_clear_message_and_a_non_zero_exit() {
    let cases: &[(&[&str], &str)] = &[
        (&["run", "--frobnicate"], "--frobnicate"),
        (&["run", "--nodes", "0"], "--nodes"),
        (&["run", "--nodes", "300"], "--nodes"),
        (&["run", "--drop", "1.5"], "0 to 1"),
        (&["run", "--dup", "-0.2"], "not a probability"),
        (
            &["run", "--latency", "9..3"],
            "minimum is above the maximum",
        ),
        (&["run", "--latency", "fast"], "MIN..MAX"),
        (&["run", "--until", "1e15"], "outside"),
        (&["run", "--seed", "minus-one"], "--seed"),
        (
            &["run", "--durability", "sometimes"],
            "[possible values: write_ahead, reply_first, no_writes]",
        ),
        (&["sweep", "--seeds", "5..1"], "END must be above START"),
        (&["sweep"], "--seeds"),
        (&["explode"], "explode"),
        (&[], "Usage"),
    ];
    for (args, expected) in cases {
        let out = paxos(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(
            stderr.contains(expected),
            "{args:?}: {stderr:?} lacks {expected:?}"
        );
        assert!(!stderr.contains("panicked"), "{args:?} panicked: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
}

#[test]
fn multi_paxos_run_json_reports_commands_throughput_latency_and_linearizability() {
    let v = json(&[
        "run",
        "--protocol",
        "multi",
        "--nodes",
        "5",
        "--clients",
        "3",
        "--commands",
        "20",
        "--seed",
        "4",
        "--crash",
        "0.05",
        "--drop",
        "0.05",
        "--json",
    ]);
    assert_eq!(v["protocol"], "multi");
    assert_eq!(v["commands_issued"], 60);
    assert_eq!(v["commands_committed"], 60, "{v}");
    assert!(v["throughput"].as_f64().unwrap() > 0.0);
    assert!(v["commands_per_round_trip"].as_f64().unwrap() > 0.0);
    let (p50, p99) = (
        v["latency_p50"].as_f64().unwrap(),
        v["latency_p99"].as_f64().unwrap(),
    );
    assert!(0.0 < p50 && p50 <= p99, "{p50} {p99}");
    assert_eq!(v["linearizable"], true);
    assert_eq!(v["agreement"], true);
    assert_eq!(v["violations"], Value::Array(vec![]));
}

/// The history file is enough for an independent check: every invocation
/// has its arguments, every completion its result, in simulated-time order.
#[test]
fn multi_paxos_history_is_json_lines_one_per_invocation_and_completion() {
    let path = std::env::temp_dir().join(format!("paxos-history-{}.jsonl", std::process::id()));
    let path_text = path.to_str().unwrap();
    let v = json(&[
        "run",
        "--protocol",
        "multi",
        "--clients",
        "2",
        "--commands",
        "5",
        "--keys",
        "1",
        "--seed",
        "2",
        "--json",
        "--history",
        path_text,
    ]);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).ok();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let invokes: Vec<_> = lines.iter().filter(|l| l["type"] == "invoke").collect();
    let completes: Vec<_> = lines.iter().filter(|l| l["type"] == "complete").collect();
    assert_eq!(invokes.len() as u64, v["commands_issued"].as_u64().unwrap());
    assert_eq!(
        completes.len() as u64,
        v["commands_committed"].as_u64().unwrap()
    );
    let times: Vec<u64> = lines
        .iter()
        .map(|l| l["time_us"].as_u64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order");
    for line in &lines {
        let op = line["op"].as_str().unwrap();
        assert!(["put", "get", "cas"].contains(&op), "{line}");
        assert_eq!(line["args"]["key"], "k0", "{line}");
        assert!(line["client"].is_u64() && line["seq"].is_u64(), "{line}");
    }
    for c in &completes {
        let status = c["result"]["status"].as_str().unwrap();
        assert!(["ok", "cas_failed"].contains(&status), "{c}");
        let invoke = invokes
            .iter()
            .find(|i| i["client"] == c["client"] && i["seq"] == c["seq"])
            .expect("every completion follows its invocation");
        assert_eq!(invoke["args"], c["args"]);
        assert!(invoke["time_us"].as_u64() <= c["time_us"].as_u64());
    }
    // `cas_ok` and `cas_failed` count the answered compare-and-sets.
    let cas = |status: &str| {
        completes
            .iter()
            .filter(|c| c["op"] == "cas" && c["result"]["status"] == status)
            .count() as u64
    };
    assert_eq!(v["cas_ok"].as_u64(), Some(cas("ok")), "{v}");
    assert_eq!(v["cas_failed"].as_u64(), Some(cas("cas_failed")), "{v}");
}

/// The random workload's compare-and-sets mostly expect what their client
/// last saw, so a good share of them match (generator 1 matched 1 in 975
/// on this run).
#[test]
fn a_random_workloads_compare_and_sets_often_match() {
    let v = json(&[
        "run",
        "--protocol",
        "multi",
        "--clients",
        "8",
        "--commands",
        "400",
        "--keys",
        "3",
        "--seed",
        "0",
        "--json",
    ]);
    let (ok, failed) = (
        v["cas_ok"].as_u64().unwrap(),
        v["cas_failed"].as_u64().unwrap(),
    );
    assert!(ok * 5 >= ok + failed, "{ok} matched, {failed} failed");
}

#[test]
fn multi_paxos_flags_are_checked() {
    let out = paxos(&["run", "--history", "/tmp/x.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--protocol multi"));
    let out = paxos(&["run", "--protocol", "multi", "--durability", "no_writes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("write ahead"));
    let out = paxos(&["run", "--protocol", "multi", "--window", "0"]);
    assert!(!out.status.success());
    let out = paxos(&["run", "--protocol", "paxos2"]);
    assert!(!out.status.success());
}

#[test]
fn multi_paxos_sweep_with_faults_finds_nothing_wrong() {
    let v = json(&[
        "sweep",
        "--protocol",
        "multi",
        "--seeds",
        "0..30",
        "--nodes",
        "5",
        "--crash",
        "0.05",
        "--partition",
        "0.05",
        "--drop",
        "0.05",
        "--dup",
        "0.05",
        "--commands",
        "10",
        "--json",
    ]);
    assert_eq!(v["runs"], 30);
    for field in [
        "violations",
        "not_linearizable",
        "disagreements",
        "unfinished",
    ] {
        assert_eq!(v[field], 0, "{field}: {v}");
    }
    assert_eq!(v["commands_committed"], 30 * 4 * 10);
}

#[test]
fn multi_paxos_bench_reports_both_windows() {
    let v = json(&[
        "bench",
        "--protocol",
        "multi",
        "--commands",
        "400",
        "--json",
    ]);
    let runs = v.as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["window"], 1);
    assert_eq!(runs[1]["window"], 8);
    let per_rt = |r: &Value| r["per_round_trip"].as_f64().unwrap();
    assert!(
        per_rt(&runs[1]) > 4.0 * per_rt(&runs[0]),
        "pipelining pays: {v}"
    );
}

mod scenarios {
    use super::*;
    use paxos_front::catalog::Scenario;
    use paxos_sim::scenario::{Body, Cue, Scripted, View};

    use paxos_core::types::NodeId;

    fn scenario() -> Scenario {
        Scenario::Paxos(Body {
            title: "Crash mid-round".into(),
            description: "n0 crashes while its Accepts are in flight.".into(),
            config: paxos_front::runs::paxos::config(3, 2, 11),
            script: vec![
                Cue {
                    at_us: 9_000,
                    action: Scripted::Crash { node: NodeId(0) },
                },
                Cue {
                    at_us: 300_000,
                    action: Scripted::Restart { node: NodeId(0) },
                },
                Cue {
                    at_us: 400_000,
                    action: Scripted::Propose {
                        node: NodeId(2),
                        value: paxos_core::types::Value::new("C"),
                    },
                },
            ],
            actions: Vec::new(),
            view: View::default(),
        })
    }

    fn temp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("paxos-{}-{name}", std::process::id()))
    }

    #[test]
    fn a_scenario_file_and_its_link_give_the_same_run_and_trace() {
        let file = temp("scenario.json");
        std::fs::write(&file, scenario().to_json()).unwrap();
        let trace = temp("trace.jsonl");
        let from_file = json(&[
            "run",
            "--scenario",
            file.to_str().unwrap(),
            "--json",
            "--trace",
            trace.to_str().unwrap(),
        ]);
        let link = format!("http://127.0.0.1:8080/#s={}", scenario().to_link());
        let from_link = json(&["run", "--scenario", &link, "--json"]);
        assert_eq!(from_file["trace_hash"], from_link["trace_hash"]);
        assert_eq!(from_file["crashes"], 1);
        assert_eq!(from_file["clients_answered"], 3, "the scripted client too");
        // The trace: one JSON object per line, with sends, the crash, ...
        let lines: Vec<Value> = std::fs::read_to_string(&trace)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines.len() as u64,
            from_file["trace_events"].as_u64().unwrap()
        );
        assert!(
            lines.iter().any(|l| l["event"]["Crash"]["node"] == 0),
            "{}",
            lines[0]
        );
        assert!(lines.iter().all(|l| l["time_us"].is_u64()));
        for path in [file, trace] {
            std::fs::remove_file(path).ok();
        }
    }

    #[test]
    fn a_bad_scenario_is_named_and_exits_2() {
        let file = temp("bad.json");
        std::fs::write(
            &file,
            scenario()
                .to_json()
                .replace("\"version\": 4", "\"version\": 7"),
        )
        .unwrap();
        for source in [file.to_str().unwrap(), "s1.garbage!", "/no/such/file.json"] {
            let out = paxos(&["run", "--scenario", source]);
            assert_eq!(out.status.code(), Some(2), "{source}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                ["version 7", "damaged", "cannot read"]
                    .iter()
                    .any(|w| err.contains(w)),
                "{source}: {err}"
            );
        }
        std::fs::remove_file(file).ok();
    }
}

#[test]
fn svg_draws_one_arrow_per_message_of_the_run() {
    let path = std::env::temp_dir().join(format!("paxos-{}-run.svg", std::process::id()));
    for protocol in ["paxos", "multi", "voting", "generations"] {
        let mut args = vec![
            "run",
            "--protocol",
            protocol,
            "--seed",
            "5",
            "--crash",
            "0.1",
        ];
        if protocol == "multi" {
            args.extend(["--commands", "3"]);
        }
        args.extend(["--json", "--svg", path.to_str().unwrap()]);
        let v = json(&args);
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
            "{protocol}"
        );
        let arrows = svg.matches("<g data-kind=").count() as u64;
        let messages = v["messages"].as_u64().unwrap() + v["client_messages"].as_u64().unwrap();
        assert_eq!(arrows, messages, "{protocol}");
    }
    std::fs::remove_file(path).ok();
}

#[test]
fn every_gallery_example_runs_from_the_cli_and_exports_as_json() {
    let list = json(&["gallery", "--json"]);
    let examples = list.as_array().unwrap();
    assert!(examples.len() >= 13);
    for example in examples {
        let id = example["id"].as_str().unwrap();
        let v = json(&["run", "--scenario", &format!("gallery:{id}"), "--json"]);
        match example["violation"].as_str() {
            None => assert_eq!(v["violations"], Value::Array(vec![]), "{id}"),
            Some(property) => assert!(
                v["violations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["property"] == property),
                "{id}: {}",
                v["violations"]
            ),
        }
        // The pinned hash and end, which the wasm suite and the browser
        // (tests/e2e/scenario.spec.mjs) reproduce.
        let golden = GALLERY
            .lines()
            .find(|l| l.split(' ').next() == Some(id))
            .unwrap_or_else(|| panic!("{id} is not in tests/golden/gallery_hashes.txt"));
        let end_us = (v["end_time"].as_f64().unwrap() * 1000.0).round() as u64;
        assert_eq!(
            format!("{id} {} {end_us}", v["trace_hash"].as_str().unwrap()),
            golden,
            "{id}"
        );
        // Its link runs to the same hash.
        let link = paxos(&["link", &format!("gallery:{id}")]);
        assert!(link.status.success(), "{id}");
        let link = String::from_utf8(link.stdout).unwrap();
        let by_link = json(&["run", "--scenario", link.trim(), "--json"]);
        assert_eq!(by_link["trace_hash"], v["trace_hash"], "{id}");
        let out = paxos(&["gallery", "--export", id]);
        assert!(out.status.success(), "{id}");
        let exported: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(exported["version"], 4);
        assert_eq!(exported["protocol"], example["protocol"]);
    }
}

#[test]
fn link_prints_a_scenario_link_or_a_whole_url_and_names_bad_sources() {
    let out = paxos(&[
        "link",
        "gallery:first-decision",
        "--base",
        "https://example.edu/paxos/?x=1#old",
    ]);
    assert!(out.status.success());
    let url = String::from_utf8(out.stdout).unwrap();
    assert!(
        url.starts_with("https://example.edu/paxos/?x=1#s=s4."),
        "{url}"
    );
    let again = json(&["run", "--scenario", url.trim(), "--json"]);
    let direct = json(&["run", "--scenario", "gallery:first-decision", "--json"]);
    assert_eq!(again["trace_hash"], direct["trace_hash"]);
    let out = paxos(&["link", "gallery:no-such-example"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no example \"no-such-example\""), "{err}");
}

/// `--protocol single|two|voting|generations`: the storage designs report
/// what a user checks: writes acknowledged, reads (and those that found no
/// majority), and what each server holds.
#[test]
fn a_storage_design_run_reports_writes_reads_and_every_server() {
    let seed = split_seed().to_string();
    let v = json(&[
        "run",
        "--protocol",
        "voting",
        "--ops",
        "write:A,write:B,write:C,read@200",
        "--seed",
        &seed,
        "--json",
    ]);
    assert_eq!(v["protocol"], "voting");
    assert_eq!(v["design"], 3);
    assert_eq!(v["writes_acknowledged"], 3);
    assert_eq!(v["reads_failed"], 1);
    assert_eq!(v["reads_no_majority"], 1);
    let mut held: Vec<&str> = v["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"].as_str().unwrap())
        .collect();
    held.sort();
    assert_eq!(held, ["A", "B", "C"]);
    assert_eq!(v["violations"][0]["property"], "acknowledged_readable");
    assert_eq!(v["operations"][3]["op"], "read");
    assert_eq!(v["operations"][3]["ok"], false);

    // Design 1 with its only server crashing at random: some operations fail.
    let v = json(&[
        "run",
        "--protocol",
        "single",
        "--ops",
        "write:A,read@50",
        "--json",
    ]);
    assert_eq!(v["nodes"], 1);
    assert_eq!(v["operations"][1]["outcome"], "read \"A\"");
    // The CAS race, from the command line.
    let v = json(&[
        "run",
        "--protocol",
        "generations",
        "--ops",
        "write:X,cas:X:Y@60,cas:X:Z@60",
        "--json",
    ]);
    assert_eq!(v["swaps"], 1);
    assert_eq!(v["rejected"], 1);
    let human = paxos(&["run", "--protocol", "two", "--ops", "write:A"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("Design 2: two servers"), "{text}");
    assert!(text.contains("n0 holds \"A\"; n1 holds \"A\""), "{text}");
}

#[test]
fn a_design_sweep_counts_the_runs_that_split() {
    let out = paxos(&[
        "sweep",
        "--protocol",
        "voting",
        "--ops",
        "write:A,write:B,write:C,read@200",
        "--seeds",
        "0..40",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "a split is a violation");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["runs"], 40);
    assert!(v["violations"].as_u64().unwrap() > 0);
    assert_eq!(
        v["violations"], v["reads_no_majority"],
        "each split fails its read"
    );
    let out = paxos(&[
        "sweep",
        "--protocol",
        "generations",
        "--ops",
        "write:X,cas:X:Y@60,cas:X:Z@60",
        "--crash",
        "0.05",
        "--seeds",
        "0..40",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn paxos_takes_bug_toggles_quorums_and_readers() {
    let v = json(&["run", "--readers", "2", "--json"]);
    assert_eq!(v["protocol"], "paxos");
    // Every acceptor's final state: what a user checks after a run.
    let servers = v["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 3);
    let holding: Vec<&str> = servers.iter().filter_map(|s| s["value"].as_str()).collect();
    assert!(
        holding.len() >= 2,
        "a majority accepted the chosen value: {servers:?}"
    );
    assert!(holding.iter().all(|h| Some(*h) == v["decided"].as_str()));
    assert_eq!((v["q1"].as_u64(), v["q2"].as_u64()), (Some(2), Some(2)));
    assert_eq!(v["reads_ok"], 2);
    assert_eq!(v["bugs"], Value::Array(vec![]));
    let v = json(&[
        "run",
        "--nodes",
        "5",
        "--q1",
        "4",
        "--q2",
        "2",
        "--bug",
        "ignore_promises",
        "--json",
    ]);
    assert_eq!((v["q1"].as_u64(), v["q2"].as_u64()), (Some(4), Some(2)));
    assert_eq!(v["bugs"], serde_json::json!(["ignore_promises"]));
    for (args, needle) in [
        (
            vec!["run", "--bug", "typo"],
            "[possible values: one_ballot, ignore_promises, count_across_ballots, accept_without_promise]",
        ),
        (
            vec!["run", "--protocol", "paxos", "--window", "4"],
            "--window applies to --protocol multi, not paxos",
        ),
        (
            vec!["run", "--protocol", "voting", "--no-backoff"],
            "--no-backoff applies to --protocol paxos or multi, not voting",
        ),
        (
            vec!["sweep", "--seeds", "0..2", "--protocol", "voting", "--bug", "one_ballot"],
            "--bug applies to --protocol paxos, not voting",
        ),
        (
            vec!["run", "--protocol", "multi", "--bug", "one_ballot"],
            "--bug applies to --protocol paxos",
        ),
        (
            vec!["run", "--protocol", "voting", "--q1", "1"],
            "--q1 applies to --protocol paxos",
        ),
        (
            vec!["run", "--ops", "read"],
            "--ops lists a storage design's operations: use it with --protocol single, two, voting or generations",
        ),
        (
            vec!["run", "--protocol", "raft"],
            "[possible values: paxos, multi, single, two, voting, generations]",
        ),
        (
            vec!["run", "--protocol", "voting", "--ops", "write:"],
            "not an operation",
        ),
        (
            vec!["run", "--protocol", "voting", "--ops", "cas:X:Y"],
            "only design 5",
        ),
        (
            vec!["run", "--protocol", "two", "--nodes", "3"],
            "exactly two servers",
        ),
        (vec!["run", "--q2", "9"], "only 3"),
    ] {
        let out = paxos(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

/// `paxos check --json`: the documented fields, a bounded "no violation"
/// that says what it covered, and a counterexample whose link `paxos run
/// --scenario` replays to the same violation; one choice fewer finds none.
#[test]
fn check_json_reports_what_it_covered_and_a_counterexample_that_replays() {
    let ok = json(&["check", "--max-depth", "6", "--max-ballots", "1", "--json"]);
    for field in [
        "states",
        "unique",
        "depth",
        "elapsed_s",
        "states_per_sec",
        "peak_bytes",
        "at_bound",
        "deadlocks",
    ] {
        assert!(ok[field].is_number(), "{field}: {ok}");
    }
    assert_eq!(ok["result"], "ok");
    assert_eq!(ok["order"], "bfs");
    let covered = ok["covered"].as_str().unwrap();
    assert!(
        covered.starts_with(&format!("all {} states with depth ≤ 6,", ok["unique"])),
        "{covered}"
    );
    assert!(ok["counterexample"].is_null());

    let split = ["check", "--q1", "1", "--q2", "1", "--max-ballots", "1"];
    let out = paxos(&[&split[..], &["--max-depth", "10", "--json"]].concat());
    assert_eq!(out.status.code(), Some(1), "a violation exits with 1");
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["result"], "violation");
    assert_eq!(found["property"], "one_value_chosen");
    let steps = found["counterexample"]["steps"].as_array().unwrap();
    // 4 choices, and the 4 disk writes that completed with them.
    assert_eq!(
        (found["counterexample"]["depth"].as_u64(), steps.len()),
        (Some(4), 8)
    );
    assert_eq!(steps[0], "wake c0");
    let link = found["counterexample"]["link"].as_str().unwrap();
    let replayed = json(&["run", "--scenario", link, "--json"]);
    let violations = replayed["violations"].as_array().unwrap();
    assert_eq!(violations[0]["property"], "one_value_chosen", "{replayed}");
    // Every pick is an event, and the violation came with the last one.
    assert_eq!(replayed["events"], 8);
    assert_eq!(violations[0]["step"], 7);
    let shorter = json(&[&split[..], &["--max-depth", "3", "--json"]].concat());
    assert_eq!(shorter["result"], "ok");
    let words = paxos(&[&split[..], &["--max-depth", "10"]].concat());
    let words = String::from_utf8_lossy(&words.stdout);
    assert!(
        words.starts_with(
            "VIOLATION of one_value_chosen after 4 choices, and 4 disk writes that completed \
             with them:"
        ),
        "{words}"
    );

    // Multi-Paxos: two clients with one command each unless told, and a
    // slot bound, said in what was covered.
    let multi = json(&["check", "--protocol", "multi", "--max-depth", "7", "--json"]);
    assert_eq!(multi["result"], "ok", "{multi}");
    assert_eq!(multi["bounds"]["max_slots"], 2);
    assert_eq!(multi["protocol"], "multi");
    let covered = multi["covered"].as_str().unwrap();
    assert!(
        covered.contains("depth ≤ 7, ≤ 1 ballot per proposer, ≤ 2 log slots"),
        "{covered}"
    );
    let one = json(&[
        "check",
        "--protocol",
        "multi",
        "--max-depth",
        "7",
        "--clients",
        "1",
        "--json",
    ]);
    assert!(one["unique"].as_u64() < multi["unique"].as_u64(), "{one}");

    // What the checker is not for is refused in words.
    let slots = paxos(&["check", "--max-slots", "2"]);
    assert_eq!(slots.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&slots.stderr).contains("--protocol multi"));
    let lossy = paxos(&["check", "--drop", "0.1"]);
    assert_eq!(lossy.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&lossy.stderr).contains("--max-drops"));
}
