//! The hands-on controls: dropping, duplicating and delaying a message in
//! flight, and changing the network or backoff mid-run.

use paxos_core::types::Actor;
use paxos_sim::sim::{DropReason, Event, Sim};

fn started() -> Sim<paxos_core::paxos::SingleDecree> {
    let mut sim = Sim::new(paxos_front::runs::paxos::config(3, 1, 4)).unwrap();
    // Until some node-to-node message is in flight.
    while !sim
        .in_flight()
        .iter()
        .any(|(_, from, ..)| matches!(from, Actor::Node(_)))
    {
        sim.step();
    }
    sim
}

fn first_node_message(sim: &Sim<paxos_core::paxos::SingleDecree>) -> (u64, u64) {
    let (id, .., arrives) = sim
        .in_flight()
        .into_iter()
        .find(|(_, from, ..)| matches!(from, Actor::Node(_)))
        .unwrap();
    (id, arrives)
}

#[test]
fn a_message_dropped_by_hand_never_arrives() {
    let mut sim = started();
    let (id, _) = first_node_message(&sim);
    assert!(sim.drop_message(id));
    while sim.step() {}
    let fate: Vec<_> = sim
        .trace()
        .iter()
        .filter_map(|e| match e.event {
            Event::Deliver { id: d } if d == id => Some("delivered"),
            Event::Drop { id: d, reason } if d == id => {
                assert_eq!(reason, DropReason::User);
                Some("dropped")
            }
            _ => None,
        })
        .collect();
    assert_eq!(fate, vec!["dropped"]);
    assert!(sim.violations().is_empty());
    assert!(!sim.drop_message(id), "no longer in flight");
}

#[test]
fn dropping_a_message_twice_changes_nothing_the_second_time() {
    let mut sim = started();
    let (id, _) = first_node_message(&sim);
    assert!(sim.drop_message(id));
    assert_eq!(sim.in_flight_fate(id), Some(Some(DropReason::User)));
    assert!(!sim.drop_message(id), "already doomed");
}

#[test]
fn a_duplicate_cannot_cross_a_cut_link() {
    let mut sim = started();
    let (id, _) = first_node_message(&sim);
    let (from, to) = match sim.sent(id).unwrap() {
        (Actor::Node(a), Actor::Node(b), _) => (a, b),
        _ => unreachable!(),
    };
    sim.set_cut([(from, to)].into_iter().collect());
    let copy = sim.duplicate_message(id).unwrap();
    assert_eq!(sim.in_flight_fate(copy), Some(Some(DropReason::Partition)));
}

#[test]
fn a_delayed_message_arrives_later() {
    let mut sim = started();
    let (id, arrives) = first_node_message(&sim);
    assert!(sim.delay_message(id, 50_000));
    while sim.step() {}
    let delivered = sim
        .trace()
        .iter()
        .find(|e| e.event == Event::Deliver { id })
        .unwrap();
    assert_eq!(delivered.time_us, arrives + 50_000);
}

#[test]
fn a_duplicated_message_arrives_twice() {
    let mut sim = started();
    let (id, _) = first_node_message(&sim);
    let copy = sim.duplicate_message(id).unwrap();
    while sim.step() {}
    let sends = sim
        .trace()
        .iter()
        .filter(|e| matches!(e.event, Event::Send { copy_of: Some(of), .. } if of == id))
        .count();
    assert_eq!(sends, 1);
    assert!(sim
        .trace()
        .iter()
        .any(|e| e.event == Event::Deliver { id: copy }));
    assert!(sim.violations().is_empty());
}

#[test]
fn turning_backoff_off_reaches_every_node() {
    let mut sim = started();
    let off = paxos_core::paxos::Knob::Backoff(false);
    assert_eq!(sim.tune(&off), Ok(true));
    assert!(!sim.config().protocol.backoff);
    for id in sim.config().protocol.nodes() {
        assert!(!sim.node(id).unwrap().config().backoff);
    }
    // Turning it off again changes nothing, and is not recorded.
    assert_eq!(sim.tune(&off), Ok(false));
}

#[test]
fn a_bad_network_setting_is_refused_and_changes_nothing() {
    let mut sim = started();
    let mut network = sim.config().network.clone();
    network.drop_prob = 1.5;
    let err = sim.set_network(network).unwrap_err();
    assert!(err.to_string().contains("drop probability"), "{err}");
    assert_eq!(sim.config().network.drop_prob, 0.0);
}

/// Breaking Paxos mid-run is an action like any other: recorded, replayed
/// exactly, and undone by switching it off.
#[test]
fn a_bug_toggle_switched_mid_run_is_recorded_and_replays() {
    use paxos_core::paxos::Bugs;
    use paxos_sim::timeline::{Action, Timeline};
    let mut config = paxos_front::runs::paxos::config(3, 2, 0);
    for (i, client) in config.clients.iter_mut().enumerate() {
        client.at_us = i as u64 * 20_000;
    }
    let mut t = Timeline::new(config.clone()).unwrap();
    t.seek(5_000);
    let bugs = Bugs {
        ignore_promises: true,
        ..Bugs::default()
    };
    t.act(Action::Tune {
        knob: paxos_core::paxos::Knob::Bugs(bugs),
    })
    .unwrap();
    assert!(
        t.state()
            .node(paxos_core::types::NodeId(1))
            .unwrap()
            .config()
            .bugs
            .ignore_promises
    );
    t.seek(2_000_000);
    assert!(
        !t.frontier().violations().is_empty(),
        "the same run as the gallery's"
    );
    let mut again = Timeline::replay(config, t.actions()).unwrap();
    again.seek(2_000_000);
    assert_eq!(again.frontier().trace_hash(), t.frontier().trace_hash());
    // Switching a toggle to what it already is changes nothing.
    let before = t.actions().len();
    t.act(Action::Tune {
        knob: paxos_core::paxos::Knob::Bugs(bugs),
    })
    .unwrap();
    assert_eq!(t.actions().len(), before);
}

#[test]
fn quorum_sizes_change_mid_run_within_the_cluster_and_are_refused_beyond_it() {
    use paxos_sim::timeline::{Action, Timeline};
    let mut t = Timeline::new(paxos_front::runs::paxos::config(3, 1, 2)).unwrap();
    let e = t
        .act(Action::Tune {
            knob: paxos_core::paxos::Knob::Quorums { q1: 4, q2: 2 },
        })
        .unwrap_err();
    assert!(
        e.0.contains("the phase-1 quorum is 4 acceptors, but the cluster has only 3"),
        "{e}"
    );
    assert_eq!(t.state().config().protocol.q1, 0, "nothing changed");
    t.act(Action::Tune {
        knob: paxos_core::paxos::Knob::Quorums { q1: 3, q2: 1 },
    })
    .unwrap();
    let paxos = &t.state().config().protocol;
    assert_eq!((paxos.q1(), paxos.q2()), (3, 1));
    t.seek(1_000_000);
    assert!(t.frontier().monitor().chosen().is_some());
    assert!(t.frontier().violations().is_empty());
}

#[test]
fn a_reader_started_by_hand_reads_the_chosen_value() {
    use paxos_core::paxos::Reply;
    use paxos_core::types::{ClientId, NodeId};
    use paxos_sim::timeline::{Action, Timeline};
    let mut t = Timeline::new(paxos_front::runs::paxos::config(3, 1, 2)).unwrap();
    t.seek(500_000);
    t.act(Action::AddClient {
        spec: paxos_core::paxos::ClientSpec::reader(NodeId(2), 500_000),
    })
    .unwrap();
    t.seek(1_000_000);
    let chosen = t.frontier().monitor().chosen().cloned();
    let reader = t.frontier().client(ClientId(1)).unwrap();
    assert!(reader.spec().read);
    assert_eq!(reader.answer(), Some(&Reply::Read(chosen)));
    let e = Timeline::new(paxos_front::runs::paxos::config(3, 1, 2))
        .unwrap()
        .act(Action::AddClient {
            spec: paxos_core::paxos::ClientSpec::reader(NodeId(7), 500_000),
        })
        .unwrap_err();
    assert!(
        e.0.contains("sends to n7, but the cluster has only 3 nodes"),
        "{e}"
    );
}

/// The Break Paxos panel's hint for "ignore promised values", followed by
/// hand on the default run, breaks safety: after "A" is chosen, n2 crashes
/// and restarts (forgetting what it learned, which was never on disk), and
/// a proposal of "C" there, ignoring what the promises report, gets "C"
/// chosen too. With the bug off, the same steps stay safe.
#[test]
fn the_ignore_promises_hint_followed_by_hand_breaks_the_default_run() {
    use paxos_core::paxos::{Bug, Bugs};

    use paxos_core::types::{NodeId, Value};
    use paxos_sim::timeline::{Action, Timeline};
    for bug_on in [true, false] {
        let mut config = paxos_front::runs::paxos::config(3, 2, 1);
        config.until_us = paxos_sim::sim::MAX_TIME_US;
        let mut t = Timeline::new(config).unwrap();
        let mut bugs = Bugs::default();
        bugs.set(Bug::IgnorePromises, bug_on);
        t.act(Action::Tune {
            knob: paxos_core::paxos::Knob::Bugs(bugs),
        })
        .unwrap_or(false);
        t.seek(600_000);
        assert!(t.frontier().monitor().chosen().is_some());
        t.act(Action::Crash { node: NodeId(2) }).unwrap();
        t.act(Action::Restart { node: NodeId(2) }).unwrap();
        t.act(Action::Propose {
            node: NodeId(2),
            value: Value::new("C"),
        })
        .unwrap();
        t.seek(3_000_000);
        let broke = t
            .frontier()
            .violations()
            .iter()
            .any(|v| v.property == paxos_core::paxos::monitor::ONE_VALUE_CHOSEN);
        assert_eq!(broke, bug_on, "bug on: {bug_on}");
    }
}
