//! Safety under every fault the simulator has, and liveness once they stop.
//!
//! Each run injects loss, duplication, crashes with restarts, and partitions
//! (two-way and one-way) for the first 2 s, while proposers start one after
//! another; then the network heals and every node restarts.

use crate::configs::faulty;
use paxos_playground::sim::Sim;

fn sweep(nodes: u8, seeds: std::ops::Range<u64>) {
    let (mut crashes, mut ballots, mut dropped) = (0, 0, 0);
    for seed in seeds.clone() {
        let mut config = faulty(nodes, 4, seed);
        config.record_trace = false;
        let s = Sim::new(config).unwrap().run();
        let repro = format!(
            "reproduce with seed={seed}: paxos run --seed {seed} --nodes {nodes} --proposers 4 \
             --stagger 300 --drop 0.1 --dup 0.1 --crash 0.3 --partition 0.2"
        );
        assert!(s.violations.is_empty(), "{}\n{repro}", s.violations[0]);
        assert!(s.decided.is_some(), "never decided after healing; {repro}");
        assert_eq!(s.clients_answered, 4, "a client never heard back; {repro}");
        crashes += s.stats.crashes;
        ballots += s.ballots;
        dropped += s.stats.dropped;
    }
    // The sweep is only worth something if the faults really happened.
    let runs = seeds.end - seeds.start;
    assert!(crashes > 10 * runs, "only {crashes} crashes in {runs} runs");
    assert!(ballots > 3 * runs, "only {ballots} ballots in {runs} runs");
    assert!(dropped > 10 * runs, "only {dropped} drops in {runs} runs");
}

#[test]
fn no_violation_in_1000_faulty_runs_of_3_nodes() {
    sweep(3, 0..1000);
}

#[test]
fn no_violation_in_1000_faulty_runs_of_5_nodes() {
    sweep(5, 1000..2000);
}
