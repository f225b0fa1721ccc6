//! Manual scheduling: the pending events as choices, and picking which
//! comes next, out of the simulator's own order; picks are recorded
//! actions, so a hand-made interleaving replays and shares like any run.

use paxos_core::paxos::{SingleDecree, Timer};
use paxos_core::types::{ClientId, NodeId};
use paxos_sim::sim::{Choice, Sim, PICK_STEP_US};
use paxos_sim::timeline::{Action, Timeline};

type C = Choice<SingleDecree>;

fn one_proposer() -> Sim<SingleDecree> {
    Sim::new(paxos_front::runs::paxos::config(3, 1, 1)).unwrap()
}

/// One proposer's run picked up to its two Prepares in flight (messages 1
/// to n1 and 2 to n2): the client's request, its delivery, n0's promise
/// to itself on disk.
fn two_prepares_in_flight() -> Sim<SingleDecree> {
    let mut sim = one_proposer();
    for choice in [
        C::Wake {
            client: ClientId(0),
        },
        C::Deliver { id: 0 },
        C::Persist { node: NodeId(0) },
    ] {
        sim.pick(&choice).unwrap();
    }
    sim
}

fn names(sim: &Sim<SingleDecree>) -> Vec<String> {
    sim.choices().iter().map(|c| c.to_string()).collect()
}

#[test]
fn the_choices_are_exactly_the_pending_events_that_would_change_something() {
    let mut sim = one_proposer();
    let c0 = ClientId(0);
    let n = NodeId;
    assert_eq!(sim.choices(), [C::Wake { client: c0 }]);
    sim.pick(&C::Wake { client: c0 }).unwrap();
    // The request is on the wire, and the client will ask again if no
    // answer comes.
    assert_eq!(
        sim.choices(),
        [C::Deliver { id: 0 }, C::Wake { client: c0 }]
    );
    sim.pick(&C::Deliver { id: 0 }).unwrap();
    // n0 starts ballot (1, n0): its promise to itself goes to disk first.
    assert_eq!(
        sim.choices(),
        [
            C::Persist { node: n(0) },
            C::Fire {
                node: n(0),
                timer: Timer::Retry
            },
            C::Wake { client: c0 },
        ]
    );
    sim.pick(&C::Persist { node: n(0) }).unwrap();
    assert_eq!(
        names(&sim),
        [
            "deliver message 1",
            "deliver message 2",
            "fire n0's Retry timer",
            "wake c0"
        ]
    );
    // Two Prepares in flight: n2's goes first, then n1's.
    sim.pick(&C::Deliver { id: 2 }).unwrap();
    sim.pick(&C::Deliver { id: 1 }).unwrap();
    assert_eq!(
        names(&sim),
        [
            "complete n1's next disk write",
            "complete n2's next disk write",
            "fire n0's Retry timer",
            "wake c0"
        ]
    );
}

#[test]
fn a_pick_happens_at_its_scheduled_time_or_just_after_now_if_that_is_past() {
    let mut sim = two_prepares_in_flight();
    let arrival = |sim: &Sim<SingleDecree>, id| {
        sim.in_flight()
            .into_iter()
            .find(|m| m.0 == id)
            .map(|m| m.4)
            .unwrap()
    };
    let (first, second) = (arrival(&sim, 1), arrival(&sim, 2));
    assert!(first < second, "message 1 is due before message 2");
    // The later one first: it happens when it was due.
    sim.pick(&C::Deliver { id: 2 }).unwrap();
    assert_eq!(sim.now_us(), second);
    // Then the one held back: it is overdue, so it happens a step later.
    sim.pick(&C::Deliver { id: 1 }).unwrap();
    assert_eq!(sim.now_us(), second + PICK_STEP_US);
}

/// Held back by picks, then run by the simulator on its own: what was
/// overdue happens at once, and the clock never goes back.
#[test]
fn after_picks_the_simulator_runs_on_without_going_back_in_time() {
    let mut sim = two_prepares_in_flight();
    sim.pick(&C::Deliver { id: 2 }).unwrap();
    let held_back_until = sim.now_us();
    assert!(sim.step(), "message 1 is still due");
    assert_eq!(sim.now_us(), held_back_until);
    while sim.step() {}
    let times: Vec<u64> = sim.trace().iter().map(|e| e.time_us).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert!(sim.summary().decided.is_some());
    assert!(sim.violations().is_empty());
}

/// Nothing is a choice after the run's end time, as nothing after it runs.
#[test]
fn nothing_after_the_end_time_is_a_choice() {
    let mut config = paxos_front::runs::paxos::config(3, 1, 1);
    config.until_us = 5_000;
    let mut sim = Sim::new(config).unwrap();
    sim.pick(&C::Wake {
        client: ClientId(0),
    })
    .unwrap();
    // The request arrives at 6.025 ms, past the end; the client's next
    // wake-up is later still.
    assert_eq!(sim.choices(), []);
    assert!(sim.pick(&C::Deliver { id: 0 }).is_err());
    assert!(sim.is_finished());
}

#[test]
fn a_pick_that_cannot_happen_is_refused_and_changes_nothing() {
    let mut sim = one_proposer();
    sim.pick(&C::Wake {
        client: ClientId(0),
    })
    .unwrap();
    let (hash, now, choices) = (sim.trace_hash(), sim.now_us(), sim.choices());
    for impossible in [
        C::Deliver { id: 7 },
        C::Persist { node: NodeId(1) },
        C::Fire {
            node: NodeId(2),
            timer: Timer::Retry,
        },
        C::Wake {
            client: ClientId(3),
        },
    ] {
        let e = sim.pick(&impossible).unwrap_err().to_string();
        assert!(e.contains("not something that can happen now"), "{e}");
        assert_eq!(
            (sim.trace_hash(), sim.now_us(), sim.choices()),
            (hash, now, choices.clone())
        );
    }
}

/// Always picking the earliest choice is the simulator's own run, event
/// for event, in a run without random faults or loss (whose injector's
/// events are not choices): the choices are its queue, without the
/// entries that would do nothing.
#[test]
fn picking_the_earliest_choice_every_time_is_the_simulators_own_run() {
    for seed in 0..30 {
        let config = paxos_front::runs::paxos::config(3, 2, seed);
        let own = Sim::new(config.clone()).unwrap().run();
        let mut picked = Sim::new(config).unwrap();
        while picked.next_event_us().is_some() {
            let Some(next) = picked.choices().first().copied() else {
                break;
            };
            picked.pick(&next).unwrap();
        }
        assert_eq!(
            picked.trace_hash(),
            own.trace_hash,
            "seed {seed}: reproduce with paxos run --seed {seed} --proposers 2"
        );
    }
}

/// A hand-made interleaving is a run like any other: its picks are
/// recorded actions, so it replays, and a link carries it, to the same
/// trace.
#[test]
fn picks_are_recorded_and_a_link_replays_them_to_the_same_trace() {
    let config = paxos_front::runs::paxos::config(3, 2, 5);
    let mut timeline = Timeline::<SingleDecree>::new(config.clone()).unwrap();
    // Always the latest choice: as far from the simulator's order as it
    // gets.
    for _ in 0..40 {
        let Some(last) = timeline.frontier().choices().last().copied() else {
            break;
        };
        let picked = timeline.act(Action::Pick { choice: last });
        assert_eq!(picked, Ok(true), "{last}");
    }
    assert_eq!(timeline.actions().len(), 40);
    let hash = timeline.frontier().trace_hash();
    let replayed = Timeline::replay(config.clone(), timeline.actions()).unwrap();
    assert_eq!(replayed.frontier().trace_hash(), hash);
    // Time travel over it: the state after 25 picks, rebuilt from a
    // snapshot, is the run of those 25 picks.
    timeline.seek_position(25);
    let first_25 = Timeline::replay(config.clone(), &timeline.actions()[..25]).unwrap();
    assert_eq!(
        timeline.state().trace_hash(),
        first_25.frontier().trace_hash()
    );
    assert_eq!(timeline.state().now_us(), first_25.frontier().now_us());
    let body = paxos_sim::scenario::Body {
        title: "By hand".into(),
        description: String::new(),
        config,
        script: Vec::new(),
        actions: timeline.actions().to_vec(),
        view: Default::default(),
    };
    let link = paxos_front::catalog::Scenario::Paxos(body).to_link();
    let paxos_front::catalog::Scenario::Paxos(opened) =
        paxos_front::catalog::Scenario::from_link(&link).unwrap()
    else {
        panic!("a Paxos link");
    };
    let reopened = Timeline::replay(opened.config, &opened.actions).unwrap();
    assert_eq!(reopened.frontier().trace_hash(), hash);
}
