//! The seeds' question: in a 3-replica system, (v1,1) is accepted on
//! replica 1 and (v1,3) on replica 2. Is v1 chosen? No: replica 3 may hold
//! (v2,2), and acceptances only count within one ballot.

use paxos_core::collections::LiteSet;
use paxos_core::paxos::{Durable, Message};
use paxos_core::types::{Ballot, NodeId, Proposal, Value};
use paxos_sim::sim::{Event, Payload, Sim, SimConfig};

fn accepted(round: u64, node: u8, value: &str) -> Durable {
    let ballot = Ballot::new(round, NodeId(node));
    Durable {
        promised: Some(ballot),
        accepted: Some(Proposal {
            ballot,
            value: Value::new(value),
        }),
    }
}

/// Replicas 1, 2, 3 are n0, n1, n2. A new proposer on replica 1 (n0) is cut
/// off from replica 2 (n1), so it hears only from replicas 1 and 3.
fn scenario() -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut c = paxos_front::runs::paxos::config(3, 1, 0);
    c.clients[0].value = Value::new("v3");
    c.initial_disks = vec![
        accepted(1, 0, "v1"),
        accepted(3, 1, "v1"),
        accepted(2, 2, "v2"),
    ];
    c
}

#[test]
fn v1_accepted_in_two_different_ballots_is_not_chosen() {
    let sim = Sim::new(scenario()).unwrap();
    assert_eq!(sim.monitor().chosen(), None);
}

#[test]
fn a_proposer_hearing_from_replicas_1_and_3_proposes_v2() {
    let mut sim = Sim::new(scenario()).unwrap();
    let n1 = NodeId(1);
    let cut: LiteSet<_> = [
        (NodeId(0), n1),
        (n1, NodeId(0)),
        (NodeId(2), n1),
        (n1, NodeId(2)),
    ]
    .into_iter()
    .collect();
    sim.set_cut(cut);
    while sim.step() {}
    let accepts: Vec<_> = sim
        .trace()
        .iter()
        .filter_map(|e| match &e.event {
            Event::Send {
                payload: Payload::Message(Message::Accept { value, .. }),
                ..
            } => Some(value.as_str().to_string()),
            _ => None,
        })
        .collect();
    assert!(!accepts.is_empty(), "the proposer reached phase 2");
    assert!(
        accepts.iter().all(|v| v == "v2"),
        "v2 at ballot 2 outranks v1 at ballot 1, and the client's v3 must wait: {accepts:?}"
    );
    let summary = sim.summary();
    assert_eq!(summary.decided, Some(Value::new("v2")));
    assert!(summary.violations.is_empty());
}

#[test]
fn an_unreachable_starting_state_is_refused() {
    // n1 holds a ballot of n0's that n0 itself never promised: no run can
    // produce this, because a proposer's ballot is durable before it is sent.
    let mut c = scenario();
    c.initial_disks[1] = accepted(4, 0, "v1"); // n0 only ever promised (1,n0)
    let err = Sim::new(c).err().expect("refused");
    assert!(
        err.to_string().contains("ballot (4,n0) was never started"),
        "{err}"
    );
}
