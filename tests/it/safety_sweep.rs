//! Safety under every fault the simulator has, and liveness once they stop.
//!
//! Each run injects loss, duplication, crashes with restarts, and partitions
//! (two-way and one-way) for the first 2 s, while proposers start one after
//! another; then the network heals and every node restarts.

use crate::configs::faulty;
use paxos_sim::sim::Sim;

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

/// Every "break Paxos" toggle reaches a safety violation somewhere in a
/// sweep of faulty seeds, and correct Paxos, on the very same seeds, never
/// does. A failure prints the seed and the command that reproduces it.
#[test]
fn every_break_toggle_reaches_its_violation_and_correct_paxos_never_does() {
    use paxos_core::paxos::{Bug, Durability};
    // (what is broken, how to break it, its CLI flags)
    type Breaker = fn(&mut paxos_sim::sim::SimConfig<paxos_core::paxos::SingleDecree>);
    let toggles: Vec<(&str, Breaker, &str)> = vec![
        (
            "one ballot number",
            |c| c.protocol.bugs.one_ballot = true,
            "--bug one_ballot",
        ),
        (
            "ignore promises",
            |c| c.protocol.bugs.ignore_promises = true,
            "--bug ignore_promises",
        ),
        (
            "count across ballots",
            |c| c.protocol.bugs.count_across_ballots = true,
            "--bug count_across_ballots",
        ),
        (
            "accept without promise",
            |c| c.protocol.bugs.accept_without_promise = true,
            "--bug accept_without_promise",
        ),
        (
            "amnesia",
            |c| c.protocol.durability = Durability::NoWrites,
            "--durability no_writes",
        ),
        ("quorums that miss", |c| c.protocol.q1 = 1, "--q1 1"),
    ];
    assert_eq!(Bug::ALL.len(), 4, "a new toggle needs its row here");
    let seeds = 0..300;
    let config = |seed: u64| {
        let mut c = paxos_front::runs::paxos::config(3, 3, seed);
        c.network.drop_prob = 0.3;
        c.faults.crash_prob = 0.05;
        for (i, client) in c.clients.iter_mut().enumerate() {
            client.at_us = i as u64 * 10_000;
        }
        c.record_trace = false;
        c
    };
    let flags = "--proposers 3 --stagger 10 --drop 0.3 --crash 0.05";
    for seed in seeds.clone() {
        let s = Sim::new(config(seed)).unwrap().run();
        assert!(
            s.violations.is_empty(),
            "correct Paxos: {}\nreproduce with: paxos run --seed {seed} {flags}",
            s.violations[0]
        );
    }
    for (name, break_it, how) in toggles {
        let broken = seeds.clone().find(|seed| {
            let mut c = config(*seed);
            break_it(&mut c);
            !Sim::new(c).unwrap().run().violations.is_empty()
        });
        let seed = broken.unwrap_or_else(|| {
            panic!("{name}: no violation in seeds {seeds:?} (paxos sweep {how} {flags})")
        });
        println!("{name}: first violation at seed {seed}: paxos run --seed {seed} {how} {flags}");
    }
}

/// Reading as a learner: under faults, a read that answers reports the
/// value the monitor knows chosen (or nothing, before anything is), never
/// another one.
#[test]
fn a_read_reports_only_the_chosen_value() {
    let mut answered = 0;
    for seed in 0..300 {
        let mut c = faulty(3, 2, seed);
        for (i, at) in [50_000u64, 400_000, 3_000_000].iter().enumerate() {
            c.clients.push(paxos_core::paxos::ClientSpec {
                node: paxos_core::types::NodeId(i as u8),
                value: paxos_core::types::Value::new(""),
                at_us: *at,
                read: true,
            });
        }
        let mut sim = Sim::new(c).unwrap();
        while sim.step() {}
        let chosen = sim.monitor().chosen().cloned();
        for i in 2..5u8 {
            let client = sim.client(paxos_core::types::ClientId(i)).unwrap();
            if let Some(paxos_core::paxos::Reply::Read(Some(v))) = client.answer() {
                answered += 1;
                assert_eq!(Some(v), chosen.as_ref(), "reproduce with seed={seed}");
            }
        }
    }
    assert!(answered > 300, "only {answered} reads found a value");
}
