//! Why acceptors write to disk before they answer: a node that forgets its
//! promises and acceptances (the amnesia fault) lets Paxos choose twice.

use paxos_playground::sim::{Property, SimConfig};
use paxos_playground::timeline::{Action, Timeline};
use paxos_playground::types::{NodeId, Value};

fn n(i: u8) -> NodeId {
    NodeId(i)
}

/// "A" is chosen by all three nodes; then n1 and n2 crash and restart,
/// with their disks wiped if `amnesia`; n0 is cut off; n1 proposes "B".
fn run(amnesia: bool) -> Timeline {
    let mut t = Timeline::new(SimConfig::new(3, 1, 1)).unwrap();
    t.seek(1_000_000);
    assert_eq!(t.frontier().chosen(), Some(&Value::new("A")));
    for node in [n(1), n(2)] {
        assert!(t.act(Action::Crash { node }).unwrap());
        if amnesia {
            assert!(t.act(Action::WipeDisk { node }).unwrap());
        }
        assert!(t.act(Action::Restart { node }).unwrap());
    }
    let cut = vec![(n(0), n(1)), (n(1), n(0)), (n(0), n(2)), (n(2), n(0))];
    t.act(Action::SetCut { cut }).unwrap();
    t.act(Action::Propose {
        node: n(1),
        value: Value::new("B"),
    })
    .unwrap();
    t.seek(3_000_000);
    t
}

#[test]
fn with_amnesia_a_second_value_is_chosen_and_the_monitor_says_so() {
    let t = run(true);
    let violated: Vec<Property> = t
        .frontier()
        .violations()
        .iter()
        .map(|v| v.property)
        .collect();
    assert!(
        violated.contains(&Property::PromiseNeverDecreases),
        "{violated:?}"
    );
    assert!(violated.contains(&Property::OneValueChosen), "{violated:?}");
    let two = t
        .frontier()
        .violations()
        .iter()
        .find(|v| v.property == Property::OneValueChosen)
        .unwrap();
    assert!(two.detail.contains("\"B\" was chosen"), "{}", two.detail);
}

#[test]
fn with_their_disks_the_same_steps_stay_safe() {
    let t = run(false);
    assert!(t.frontier().violations().is_empty());
    assert_eq!(t.frontier().chosen(), Some(&Value::new("A")));
    // n1's new ballot found "A" on n2's disk and proposed it again.
    let n1 = t.frontier().node(n(1)).unwrap();
    assert_eq!(n1.learner.learned_value(), Some(&Value::new("A")));
}

#[test]
fn a_running_node_cannot_be_wiped() {
    let mut t = Timeline::new(SimConfig::new(3, 1, 1)).unwrap();
    t.seek(100_000);
    let err = t.act(Action::WipeDisk { node: n(1) }).unwrap_err();
    assert_eq!(
        err.to_string(),
        "n1 is running: crash it first, then wipe its disk"
    );
}
