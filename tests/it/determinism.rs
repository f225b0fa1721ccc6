//! One seed drives everything: the same config gives the same trace.

use crate::golden;
use paxos_sim::sim::Sim;

fn traced(seed: u64) -> Sim<paxos_core::paxos::SingleDecree> {
    let mut config = paxos_front::runs::paxos::config(5, 3, seed);
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
    let mut hasher = paxos_sim::sim::TraceHasher::default();
    sim.trace().iter().for_each(|event| hasher.add(event));
    assert_eq!(hasher.finish(), sim.trace_hash());
    let mut tampered = sim.trace().to_vec();
    tampered[10].time_us += 1;
    let mut hasher = paxos_sim::sim::TraceHasher::default();
    tampered.iter().for_each(|event| hasher.add(event));
    assert_ne!(
        hasher.finish(),
        sim.trace_hash(),
        "a one-microsecond change shows"
    );
}

#[test]
fn recording_the_trace_does_not_change_the_run() {
    let mut config = paxos_front::runs::paxos::config(5, 3, 9);
    config.network.drop_prob = 0.1;
    let recorded = Sim::new(config.clone()).unwrap().run();
    config.record_trace = false;
    let unrecorded = Sim::new(config).unwrap().run();
    assert_eq!(recorded.trace_hash, unrecorded.trace_hash);
}

#[test]
fn stepping_by_time_or_by_event_gives_the_same_trace() {
    // The browser advances by wall-clock slices; the CLI runs flat out.
    let config = traced(5).config().clone();
    let whole = Sim::new(config.clone()).unwrap().run();
    let mut sliced = Sim::new(config).unwrap();
    let mut t = 0;
    while !sliced.is_finished() {
        t += 1_337;
        sliced.run_until(t);
    }
    assert_eq!(sliced.trace_hash(), whole.trace_hash);
}

/// Compares `actual` with the pinned file `tests/golden/<file>`, or, with
/// `UPDATE_GOLDEN=1`, rewrites the file (it is compiled in, so the next run
/// checks the new contents).
fn check_golden(file: &str, actual: &str, pinned: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
        std::fs::write(path, actual).unwrap();
        return;
    }
    assert_eq!(
        actual, pinned,
        "{file} changed; if the change is intended, rerun with UPDATE_GOLDEN=1"
    );
}

/// The native half of the cross-platform check: the wasm suite compares
/// the same runs against the same file.
#[test]
fn trace_hashes_match_the_golden_file() {
    check_golden("trace_hashes.txt", &golden::compute(), golden::GOLDEN);
}

/// The gallery's examples give the pinned hashes; the wasm suite checks the
/// same file in Chromium, and the CLI test checks `paxos run --scenario`
/// against it, so CLI, native and browser agree on every lesson.
#[test]
fn gallery_hashes_match_the_golden_file() {
    check_golden("gallery_hashes.txt", &golden::gallery(), golden::GALLERY);
}

#[test]
fn a_cloned_simulator_shares_no_mutable_state() {
    let config = traced(4).config().clone();
    let full_len = traced(4).trace().len();
    let mut original = Sim::new(config).unwrap();
    while original.trace().len() < full_len / 2 && original.step() {}
    let before = original.cluster_state();
    let mut fork = original.clone();
    while fork.step() {}
    assert_eq!(
        original.cluster_state(),
        before,
        "running the fork left the original alone"
    );
    while original.step() {}
    assert_eq!(original.trace_hash(), fork.trace_hash());
    assert_eq!(original.cluster_state(), fork.cluster_state());
}

#[test]
fn cluster_states_can_be_hashed_and_compared() {
    use std::collections::HashSet;
    let config = traced(6).config().clone();
    let mut first = Sim::new(config.clone()).unwrap();
    let mut seen = HashSet::new();
    while first.step() {
        seen.insert(first.cluster_state());
    }
    assert!(
        seen.len() > 50,
        "states differ from step to step: {}",
        seen.len()
    );
    let mut replay = Sim::new(config).unwrap();
    while replay.step() {
        assert!(
            seen.contains(&replay.cluster_state()),
            "a replay revisits the same states"
        );
    }
}

/// The diagram draws the quorums nodes heard from: a phase-1 quorum before
/// each Accept, a phase-2 quorum when a value is chosen, and where each
/// meets the quorum of the other phase that Paxos needs it to meet. With
/// quorums that do not intersect, a phase-1 quorum can miss a lower
/// ballot's phase-2 quorum entirely.
#[test]
fn quorums_are_drawn_with_where_they_meet() {
    use paxos_front::course::gallery;
    use paxos_front::diagram::{Diagram, QuorumMark};
    let run = |id: &str| {
        let paxos_front::catalog::Scenario::Paxos(body) = gallery::get(id).unwrap().scenario()
        else {
            panic!("{id}")
        };
        let mut sim = body.compile().unwrap().frontier().clone();
        while sim.step() {}
        let mut d = Diagram::default();
        d.update(sim.trace());
        d
    };
    let ballot = |q: &QuorumMark| q.ballot.to_string();
    let other = |q: &QuorumMark| q.other.map(|b| b.to_string());
    let adopt = run("crash-mid-round");
    let q = adopt.quorums();
    assert!(
        q.iter().any(|q| q.phase == 1 && ballot(q) == "(1,n0)"),
        "{q:?}"
    );
    let p2 = q.iter().find(|q| q.phase == 2).expect("a value was chosen");
    assert_eq!(ballot(p2), "(2,n2)");
    // The phase-2 quorum that chose "A" in (2,n2) meets its own phase 1.
    assert_eq!(other(p2).as_deref(), Some("(2,n2)"));
    assert!(!p2.overlap.is_empty(), "{p2:?}");
    // In already-chosen, n2's phase-1 quorum for (2,n2) meets the phase-2
    // quorum of (1,n0) at the acceptors that tell it "A" is chosen.
    let skip = run("already-chosen");
    let p1 = skip
        .quorums()
        .iter()
        .find(|q| q.phase == 1 && ballot(q) == "(2,n2)")
        .expect("n2's phase 1");
    assert_eq!(other(p1).as_deref(), Some("(1,n0)"));
    assert!(!p1.overlap.is_empty(), "{p1:?}");
    // With Q1 + Q2 = N, a phase-1 quorum misses a lower ballot's phase-2
    // quorum entirely: that is how two values get chosen.
    let broken = run("flexible-quorums-broken");
    assert!(
        broken
            .quorums()
            .iter()
            .any(|q| q.phase == 1 && q.other.is_some() && q.overlap.is_empty()),
        "{:?}",
        broken.quorums()
    );
}
