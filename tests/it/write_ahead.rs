//! Write-ahead: no message leaves a node while a disk write it depends on is
//! still in flight, and a restarted node resumes from its disk.

use paxos_playground::paxos::Message;
use paxos_playground::sim::{Event, Payload, Sim, SimConfig};
use paxos_playground::types::{Actor, NodeId};
use std::collections::BTreeMap;

#[test]
fn every_promise_and_accepted_leaves_after_its_write_completes() {
    let mut c = SimConfig::new(5, 3, 11);
    c.network.dup_prob = 0.2;
    c.faults.crash_prob = 0.2;
    let mut sim = Sim::new(c).unwrap();
    while sim.step() {}
    // Per node: writes started but not finished.
    let mut pending: BTreeMap<NodeId, u64> = BTreeMap::new();
    let mut checked = 0;
    for e in sim.trace() {
        match &e.event {
            Event::PersistStart { node, .. } => *pending.entry(*node).or_default() += 1,
            Event::PersistDone { node, .. } => *pending.get_mut(node).unwrap() -= 1,
            Event::Crash { node } => {
                pending.remove(node);
            }
            Event::Send {
                from: Actor::Node(node),
                payload: Payload::Paxos(Message::Promise { .. } | Message::Accepted { .. }),
                ..
            } => {
                assert_eq!(
                    pending.get(node).copied().unwrap_or(0),
                    0,
                    "{node} replied at {} us with a write in flight",
                    e.time_us
                );
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked > 20, "only {checked} replies checked");
}

#[test]
fn a_restarted_node_recovers_exactly_what_its_disk_holds() {
    let mut sim = Sim::new(SimConfig::new(3, 1, 2)).unwrap();
    while sim.summary().decided.is_none() {
        sim.step();
    }
    let n1 = NodeId(1);
    let on_disk = sim.disk(n1).unwrap().clone();
    assert!(on_disk.accepted.is_some(), "n1 accepted the value");
    assert!(sim.crash(n1));
    assert!(sim.node(n1).is_none());
    assert!(sim.restart(n1));
    let node = sim.node(n1).unwrap();
    assert_eq!(node.acceptor.durable(), on_disk);
    assert_eq!(node.learner.learned, None, "what it learned was volatile");
}
