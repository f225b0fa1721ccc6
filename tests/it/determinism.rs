//! One seed drives everything: the same config gives the same trace.

use crate::golden;
use paxos_playground::sim::{Sim, SimConfig};

fn traced(seed: u64) -> Sim {
    let mut config = SimConfig::new(5, 3, seed);
    config.network.drop_prob = 0.2;
    config.network.dup_prob = 0.2;
    config.faults.crash_prob = 0.3;
    config.faults.partition_prob = 0.3;
    let mut sim = Sim::new(config).unwrap();
    while sim.step() {}
    sim
}

#[test]
fn same_seed_gives_the_identical_trace() {
    for seed in 0..20 {
        let (a, b) = (traced(seed), traced(seed));
        assert_eq!(a.trace(), b.trace(), "reproduce with seed={seed}");
        assert_eq!(a.trace_hash(), b.trace_hash());
    }
}

#[test]
fn different_seeds_give_different_traces() {
    let hashes: std::collections::BTreeSet<u64> =
        (0..50).map(|seed| traced(seed).trace_hash()).collect();
    assert_eq!(hashes.len(), 50, "every seed should tell a different story");
}

#[test]
fn the_hash_covers_every_event() {
    let sim = traced(3);
    let mut hasher = paxos_playground::sim::TraceHasher::default();
    sim.trace().iter().for_each(|event| hasher.add(event));
    assert_eq!(hasher.finish(), sim.trace_hash());
    let mut tampered = sim.trace().to_vec();
    tampered[10].time_us += 1;
    let mut hasher = paxos_playground::sim::TraceHasher::default();
    tampered.iter().for_each(|event| hasher.add(event));
    assert_ne!(
        hasher.finish(),
        sim.trace_hash(),
        "a one-microsecond change shows"
    );
}

#[test]
fn recording_the_trace_does_not_change_the_run() {
    let mut config = SimConfig::new(5, 3, 9);
    config.network.drop_prob = 0.1;
    let recorded = Sim::new(config.clone()).unwrap().run();
    config.record_trace = false;
    let unrecorded = Sim::new(config).unwrap().run();
    assert_eq!(recorded.trace_hash, unrecorded.trace_hash);
}

#[test]
fn stepping_by_time_or_by_event_gives_the_same_trace() {
    // The browser advances by wall-clock slices; the CLI runs flat out.
    let config = SimConfig::new(3, 2, 5);
    let whole = Sim::new(config.clone()).unwrap().run();
    let mut sliced = Sim::new(config).unwrap();
    let mut t = 0;
    while !sliced.is_finished() {
        t += 1_337;
        sliced.run_until(t);
    }
    assert_eq!(sliced.trace_hash(), whole.trace_hash);
}

/// The native half of the cross-platform check: the wasm suite compares
/// the same runs against the same file.
#[test]
fn trace_hashes_match_the_golden_file() {
    let actual = golden::compute();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/trace_hashes.txt");
        std::fs::write(path, &actual).unwrap();
    }
    assert_eq!(
        actual,
        golden::GOLDEN,
        "trace hashes changed; if the change is intended, rerun with UPDATE_GOLDEN=1"
    );
}
