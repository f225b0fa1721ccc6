//! Why acceptors write to disk before they answer: a node that forgets its
//! promises and acceptances (the amnesia fault) lets Paxos choose twice.

use paxos_core::paxos::Durability;
use paxos_core::types::{NodeId, Value};
use paxos_sim::sim::Property;
use paxos_sim::timeline::{Action, Timeline};

fn n(i: u8) -> NodeId {
    NodeId(i)
}

/// The second half of every scenario here: n0, which knows "A" was chosen,
/// is cut off, and a client asks n1 to get "B" chosen.
fn cut_off_n0_and_propose_b(t: &mut Timeline<paxos_core::paxos::SingleDecree>) {
    let cut = vec![(n(0), n(1)), (n(1), n(0)), (n(0), n(2)), (n(2), n(0))];
    t.act(Action::SetCut { cut }).unwrap();
    t.act(Action::Propose {
        node: n(1),
        value: Value::new("B"),
    })
    .unwrap();
}

/// "A" is chosen by all three nodes; then n1 and n2 crash and restart,
/// with their disks wiped if `amnesia`; n0 is cut off; n1 proposes "B".
fn run(amnesia: bool) -> Timeline<paxos_core::paxos::SingleDecree> {
    let mut t = Timeline::new(paxos_front::runs::paxos::config(3, 1, 1)).unwrap();
    t.seek(1_000_000);
    assert_eq!(t.frontier().monitor().chosen(), Some(&Value::new("A")));
    for node in [n(1), n(2)] {
        assert!(t.act(Action::Crash { node }).unwrap());
        if amnesia {
            assert!(t.act(Action::WipeDisk { node }).unwrap());
        }
        assert!(t.act(Action::Restart { node }).unwrap());
    }
    cut_off_n0_and_propose_b(&mut t);
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
        violated.contains(&paxos_core::paxos::monitor::PROMISE_NEVER_DECREASES),
        "{violated:?}"
    );
    assert!(
        violated.contains(&paxos_core::paxos::monitor::ONE_VALUE_CHOSEN),
        "{violated:?}"
    );
    let two = t
        .frontier()
        .violations()
        .iter()
        .find(|v| v.property == paxos_core::paxos::monitor::ONE_VALUE_CHOSEN)
        .unwrap();
    assert!(two.detail.contains("\"B\" was chosen"), "{}", two.detail);
}

#[test]
fn with_their_disks_the_same_steps_stay_safe() {
    let t = run(false);
    assert!(t.frontier().violations().is_empty());
    assert_eq!(t.frontier().monitor().chosen(), Some(&Value::new("A")));
    // n1's new ballot found "A" on n2's disk and proposed it again.
    let n1 = t.frontier().node(n(1)).unwrap();
    assert_eq!(n1.learner().learned_value(), Some(&Value::new("A")));
}

#[test]
fn a_running_node_cannot_be_wiped() {
    let mut t = Timeline::new(paxos_front::runs::paxos::config(3, 1, 1)).unwrap();
    t.seek(100_000);
    let err = t.act(Action::WipeDisk { node: n(1) }).unwrap_err();
    assert_eq!(
        err.to_string(),
        "n1 is running: crash it first, then wipe its disk"
    );
}

/// The playground's one-click demonstration, with the "no durable writes"
/// bug: documented seed 1, the steps in `runs::paxos::amnesia`.
#[test]
fn without_durable_writes_the_amnesia_demo_chooses_two_values() {
    let mut t = paxos_front::runs::paxos::amnesia(Durability::NoWrites);
    assert_eq!(t.frontier().monitor().chosen(), Some(&Value::new("A")));
    // The monitor notices the forgotten promises as soon as n1 restarts...
    let violated = |t: &Timeline<paxos_core::paxos::SingleDecree>| -> Vec<Property> {
        t.frontier()
            .violations()
            .iter()
            .map(|v| v.property)
            .collect()
    };
    assert_eq!(
        violated(&t),
        vec![paxos_core::paxos::monitor::PROMISE_NEVER_DECREASES]
    );
    // ...and playing on, a second value is chosen.
    t.seek(t.frontier_time_us() + 2_000_000);
    assert!(
        violated(&t).contains(&paxos_core::paxos::monitor::ONE_VALUE_CHOSEN),
        "{:?}",
        violated(&t)
    );
}

#[test]
fn with_write_ahead_the_same_demo_stays_safe() {
    let mut t = paxos_front::runs::paxos::amnesia(Durability::WriteAhead);
    t.seek(t.frontier_time_us() + 2_000_000);
    assert!(
        t.frontier().violations().is_empty(),
        "{:?}",
        t.frontier().violations()
    );
    let n1 = t.frontier().node(n(1)).unwrap();
    assert_eq!(n1.learner().learned_value(), Some(&Value::new("A")));
}

/// Replying before the write completes is only unsafe if a crash lands in
/// between: crash n1 and n2 right after their acceptance left, before
/// their disks caught up.
#[test]
fn replying_before_the_write_completes_loses_what_a_crash_interrupts() {
    let mut config = paxos_front::runs::paxos::config(3, 1, 1);
    config.protocol.durability = Durability::ReplyFirst;
    let mut t = Timeline::new(config).unwrap();
    // Crash n1 and n2 each the moment its Accepted leaves, with the write
    // of that acceptance still in flight.
    let mut crashed = 0;
    while crashed < 2 {
        assert!(t.step_forward(), "never accepted");
        let Some(e) = t.frontier().trace().last() else {
            continue;
        };
        if let paxos_sim::sim::Event::Send {
            from: paxos_core::types::Actor::Node(node),
            payload,
            ..
        } = &e.event
        {
            if payload.kind() == "Accepted" && node.0 > 0 {
                let node = *node;
                assert!(t.act(Action::Crash { node }).unwrap());
                assert!(t.act(Action::Restart { node }).unwrap());
                crashed += 1;
            }
        }
    }
    cut_off_n0_and_propose_b(&mut t);
    t.seek(3_000_000);
    let violated: Vec<Property> = t
        .frontier()
        .violations()
        .iter()
        .map(|v| v.property)
        .collect();
    assert!(
        violated.contains(&paxos_core::paxos::monitor::ONE_VALUE_CHOSEN),
        "{violated:?}"
    );
}

#[test]
fn the_moment_a_property_first_fails_is_found_and_its_step_names_the_messages_that_made_it() {
    let t = run(true);
    let fails = |sim: &paxos_sim::sim::Sim<paxos_core::paxos::SingleDecree>| {
        sim.violations()
            .iter()
            .any(|v| v.property == paxos_core::paxos::monitor::ONE_VALUE_CHOSEN)
    };
    let at = t.first_position_where(fails).expect("it fails");
    assert!(at > 0);
    // The state just before is still fine; the state there is not.
    let mut before = t.clone();
    before.seek_position(at - 1);
    assert!(!fails(before.state()), "the position before it is safe");
    let mut there = t.clone();
    there.seek_position(at);
    assert!(fails(there.state()));
    let violation = there
        .state()
        .violations()
        .iter()
        .find(|v| v.property == paxos_core::paxos::monitor::ONE_VALUE_CHOSEN)
        .unwrap()
        .clone();
    assert_eq!(there.cursor().time_us, violation.time_us);
    // The move that made it recorded the vote that completed B's quorum:
    // an Accepted sent, or the Accept delivered that caused it.
    let range = t.trace_range_of(at);
    assert!(!range.is_empty());
    let trace = &t.frontier().trace()[range];
    let involves_b = trace.iter().any(|e| match &e.event {
        paxos_sim::sim::Event::Send { payload, .. } => payload.to_string().contains("\"B\""),
        paxos_sim::sim::Event::Deliver { id } => t
            .frontier()
            .sent(*id)
            .is_some_and(|(_, _, p)| p.to_string().contains("\"B\"")),
        paxos_sim::sim::Event::PersistDone { .. } => true,
        _ => false,
    });
    assert!(involves_b, "{trace:?}");
    assert_eq!(
        t.first_position_where(|sim| sim
            .violations()
            .iter()
            .any(|v| v.property == paxos_core::designs::monitor::ACKNOWLEDGED_READABLE)),
        None,
        "a property that never fails has no moment"
    );
}
