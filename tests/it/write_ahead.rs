//! Write-ahead: a node sends nothing while one of its disk writes is in
//! flight, so it never tells anyone something a crash could make it forget;
//! and a restarted node resumes from its disk alone.

use crate::configs;
use paxos_core::paxos::Message;
use paxos_core::types::{Actor, Ballot, NodeId};
use paxos_sim::sim::{Event, Payload, Sim, SimConfig};
use std::collections::{BTreeMap, BTreeSet};

/// The standard mix with more crashes, slower disks (so writes are often
/// in flight when something happens) and proposers arriving every 150 ms.
fn faulty(seed: u64) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut c = configs::faulty(5, 4, seed);
    c.network.dup_prob = 0.2;
    c.disk.write_min_us = 1_000;
    c.disk.write_max_us = 30_000;
    c.faults.crash_prob = 0.4;
    for (i, client) in c.clients.iter_mut().enumerate() {
        client.at_us = i as u64 * 150_000;
    }
    c
}

fn run(seed: u64) -> Sim<paxos_core::paxos::SingleDecree> {
    let mut sim = Sim::new(faulty(seed)).unwrap();
    while sim.step() {}
    sim
}

#[test]
fn no_node_sends_anything_while_its_disk_write_is_in_flight() {
    let mut checked = 0;
    for seed in 0..300 {
        let sim = run(seed);
        // Per node: writes started but not finished.
        let mut pending: BTreeMap<NodeId, u64> = BTreeMap::new();
        for e in sim.trace() {
            match &e.event {
                Event::PersistStart { node, .. } => *pending.entry(*node).or_default() += 1,
                Event::PersistDone { node, .. } => *pending.get_mut(node).unwrap() -= 1,
                Event::Crash { node } => {
                    pending.remove(node); // its writes in flight are lost
                }
                Event::Send {
                    from: Actor::Node(node),
                    payload: Payload::Message(msg),
                    copy_of: None,
                    ..
                } => {
                    let in_flight = pending.get(node).copied().unwrap_or(0);
                    assert_eq!(
                        in_flight, 0,
                        "{node} sent {msg} at {} us with {in_flight} write(s) in flight; \
                         reproduce with seed={seed}",
                        e.time_us
                    );
                    checked += 1;
                }
                _ => {}
            }
        }
    }
    assert!(checked > 10_000, "only {checked} sends checked");
}

#[test]
fn a_restarted_proposer_never_reuses_a_ballot() {
    let mut restarts = 0;
    for seed in 0..300 {
        let sim = run(seed);
        // Per node: ballots it sent Prepare for, in this life and earlier.
        let mut this_life: BTreeMap<NodeId, BTreeSet<Ballot>> = BTreeMap::new();
        let mut earlier: BTreeMap<NodeId, BTreeSet<Ballot>> = BTreeMap::new();
        for e in sim.trace() {
            match &e.event {
                Event::Restart { node, .. } => {
                    restarts += 1;
                    let used = this_life.remove(node).unwrap_or_default();
                    earlier.entry(*node).or_default().extend(used);
                }
                Event::Send {
                    from: Actor::Node(node),
                    payload: Payload::Message(Message::Prepare { ballot }),
                    ..
                } => {
                    assert!(
                        !earlier.get(node).is_some_and(|b| b.contains(ballot)),
                        "{node} reused ballot {ballot} after restarting; reproduce with seed={seed}"
                    );
                    this_life.entry(*node).or_default().insert(*ballot);
                }
                _ => {}
            }
        }
    }
    assert!(restarts > 1000, "only {restarts} restarts");
}

#[test]
fn a_write_in_flight_at_a_crash_is_lost() {
    let mut sim = Sim::new(paxos_front::runs::paxos::config(3, 1, 2)).unwrap();
    let n1 = NodeId(1);
    // Run until n1 has started a write that has not finished.
    let writing = |sim: &Sim<paxos_core::paxos::SingleDecree>| {
        sim.node(n1)
            .is_some_and(|n| n.writes_done() < n.writes_issued())
    };
    while !writing(&sim) {
        assert!(sim.step(), "n1 never wrote");
    }
    let live = sim.node(n1).unwrap().acceptor().durable();
    let on_disk = sim.disk(n1).unwrap().clone();
    assert_ne!(live, on_disk, "the live state is ahead of the disk");
    assert!(sim.crash(n1));
    assert!(sim.restart(n1));
    let node = sim.node(n1).unwrap();
    assert_eq!(
        node.acceptor().durable(),
        on_disk,
        "it came back with the disk, not the live state"
    );
    assert_eq!(
        node.learner().learned(),
        None,
        "what it learned was volatile"
    );
    while sim.step() {}
    assert!(sim.violations().is_empty());
}
