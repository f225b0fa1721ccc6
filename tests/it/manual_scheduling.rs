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
    sim.events().iter().map(|c| c.to_string()).collect()
}

#[test]
fn the_choices_are_exactly_the_pending_events_that_would_change_something() {
    let mut sim = one_proposer();
    let c0 = ClientId(0);
    let n = NodeId;
    assert_eq!(sim.events(), [C::Wake { client: c0 }]);
    sim.pick(&C::Wake { client: c0 }).unwrap();
    // The request is on the wire, and the client will ask again if no
    // answer comes.
    assert_eq!(sim.events(), [C::Deliver { id: 0 }, C::Wake { client: c0 }]);
    sim.pick(&C::Deliver { id: 0 }).unwrap();
    // n0 starts ballot (1, n0): its promise to itself goes to disk first.
    assert_eq!(
        sim.events(),
        [
            C::Persist { node: n(0) },
            C::Fire {
                node: n(0),
                timer: Timer::Retry
            },
            C::Wake { client: c0 },
        ]
    );
    assert_eq!(sim.next_write(), Some(C::Persist { node: n(0) }));
    sim.pick(&C::Persist { node: n(0) }).unwrap();
    assert_eq!(sim.next_write(), None);
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
    assert_eq!(sim.events(), []);
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
            let Some(next) = picked.events().first().copied() else {
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
        let Some(last) = timeline.frontier().events().last().copied() else {
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

/// After the events come the faults: drop or duplicate each message that
/// would arrive, crash each node that is up, restart each that is down.
#[test]
fn the_faults_are_choices_after_the_events() {
    let mut sim = two_prepares_in_flight();
    let n = NodeId;
    assert_eq!(
        names(&sim)
            .into_iter()
            .chain(sim.choices()[4..].iter().map(|c| c.to_string()))
            .collect::<Vec<_>>(),
        [
            "deliver message 1",
            "deliver message 2",
            "fire n0's Retry timer",
            "wake c0",
            "drop message 1",
            "drop message 2",
            "duplicate message 1",
            "duplicate message 2",
            "crash n0",
            "crash n1",
            "crash n2",
        ]
    );
    assert!(sim.choices()[4..].iter().all(C::is_fault));
    assert!(sim.events().iter().all(|c| !c.is_fault()));
    // A drop happens now: the clock stays, the message is gone (no
    // delivery, no more drop or duplicate of it).
    let now = sim.now_us();
    sim.pick(&C::Drop { id: 1 }).unwrap();
    assert_eq!(sim.now_us(), now);
    assert!(!sim.choices().contains(&C::Deliver { id: 1 }));
    assert!(!sim.choices().contains(&C::Duplicate { id: 1 }));
    assert_eq!(sim.summary().stats.dropped, 1);
    // A duplicate is a new message on the wire.
    sim.pick(&C::Duplicate { id: 2 }).unwrap();
    assert!(sim.choices().contains(&C::Deliver { id: 3 }));
    // A crash: its timer and its chances to act go; restart is offered.
    sim.pick(&C::Crash { node: n(0) }).unwrap();
    let choices = sim.choices();
    assert!(choices.contains(&C::Restart { node: n(0) }));
    assert!(!choices.contains(&C::Crash { node: n(0) }));
    assert!(!choices.contains(&C::Fire {
        node: n(0),
        timer: Timer::Retry
    }));
    assert!(sim.pick(&C::Crash { node: n(0) }).is_err());
    sim.pick(&C::Restart { node: n(0) }).unwrap();
    assert!(sim.choices().contains(&C::Crash { node: n(0) }));
}

/// A disk write's completion waits for the real disk in the browser: the
/// choice names the write, as the next event would.
#[test]
fn completing_a_disk_write_by_hand_names_the_write_it_waits_for() {
    let mut sim = one_proposer();
    sim.pick(&C::Wake {
        client: ClientId(0),
    })
    .unwrap();
    sim.pick(&C::Deliver { id: 0 }).unwrap();
    let (op, ..) = sim.pending_writes()[0].clone();
    assert_eq!(
        sim.disk_need_of(&C::Persist { node: NodeId(0) }),
        paxos_sim::sim::DiskNeed::Write(op)
    );
    assert_eq!(
        sim.disk_need_of(&C::Deliver { id: 0 }),
        paxos_sim::sim::DiskNeed::None
    );
}

/// In manual mode nothing happens on its own: seeking forward runs
/// nothing and moves no clock, the run is over only when no event is left
/// to pick, and a link opened at the moment it was made is that moment,
/// with nothing held back run behind the user's back.
#[test]
fn in_manual_mode_nothing_happens_unless_picked_and_a_link_reopens_so() {
    let config = paxos_front::runs::paxos::config(3, 1, 1);
    let mut timeline = Timeline::<SingleDecree>::new(config.clone()).unwrap();
    assert_eq!(timeline.act(Action::Manual { on: true }), Ok(true));
    assert_eq!(timeline.act(Action::Manual { on: true }), Ok(false));
    for choice in [
        C::Wake {
            client: ClientId(0),
        },
        C::Deliver { id: 0 },
        C::Persist { node: NodeId(0) },
        // n2's Prepare first: n1's is now held back, overdue.
        C::Deliver { id: 2 },
    ] {
        timeline.act(Action::Pick { choice }).unwrap();
    }
    let (hash, now) = (
        timeline.frontier().trace_hash(),
        timeline.frontier_time_us(),
    );
    timeline.seek(now + 50_000);
    assert_eq!(timeline.frontier().trace_hash(), hash, "nothing ran");
    assert_eq!(timeline.frontier_time_us(), now, "the clock stayed");
    assert!(!timeline.step_forward());
    assert!(!timeline.is_finished(), "events are left to pick");
    // Reopened as a link opens it: replayed, then sought to its cursor.
    let mut reopened = Timeline::replay(config.clone(), timeline.actions()).unwrap();
    reopened.seek(now);
    assert_eq!(reopened.frontier().trace_hash(), hash);
    assert!(reopened.frontier().is_manual());
    // Off again: the simulator goes on by itself, the held-back Prepare
    // first, at once.
    timeline.act(Action::Manual { on: false }).unwrap();
    assert!(timeline.step_forward());
    assert_eq!(timeline.frontier_time_us(), now);
    timeline.seek(3_000_000);
    assert!(timeline.frontier().summary().decided.is_some());
    // Picked to the end by hand, the run is over.
    let mut by_hand = Timeline::<SingleDecree>::new(config).unwrap();
    by_hand.act(Action::Manual { on: true }).unwrap();
    while let Some(first) = by_hand.frontier().events().first().copied() {
        by_hand.act(Action::Pick { choice: first }).unwrap();
    }
    assert!(by_hand.is_finished());
    assert!(
        !by_hand.frontier().cut_off_at_end_time(),
        "over because nothing is left, not because time ran out"
    );
    assert!(by_hand.frontier().summary().decided.is_some());
}
