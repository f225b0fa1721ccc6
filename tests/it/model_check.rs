//! The model checker: every interleaving of a small cluster, within
//! bounds. Correct Paxos holds; a broken variant's counterexample is found,
//! is shortest (one choice fewer finds nothing), and replays as a run to
//! the same violation. (Searches here are small enough for a debug build;
//! the CLI tests run the release binary on larger ones.)

use paxos_check::{check, depth_of, for_checking, played, Bounds, Limits, Order, Outcome, Report};
use paxos_core::designs::{ClientSpec, Design, Op, Storage};
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::monitor::{ONE_VALUE_CHOSEN, PROMISE_NEVER_DECREASES};
use paxos_core::paxos::{Durability, SingleDecree};
use paxos_core::protocol::Protocol;
use paxos_core::types::{ClientId, NodeId, Value};
use paxos_front::checking::Checkable;
use paxos_sim::sim::{Choice, Property, Sim, SimConfig};
use paxos_sim::timeline::Timeline;
use serde::Serialize;

/// 3 nodes, 2 proposers: the checker's default cluster.
fn paxos(edit: impl FnOnce(&mut paxos_core::paxos::Config)) -> SimConfig<SingleDecree> {
    let mut config = paxos_front::runs::paxos::config(3, 2, 0);
    edit(&mut config.protocol);
    for_checking(config)
}

fn search(config: &SimConfig<SingleDecree>, bounds: Bounds) -> Report<SingleDecree> {
    search_in(Order::Bfs, config, bounds)
}

fn search_in(
    order: Order,
    config: &SimConfig<SingleDecree>,
    bounds: Bounds,
) -> Report<SingleDecree> {
    search_with(order, 1, config, bounds)
}

fn search_with<P: Protocol>(
    order: Order,
    threads: usize,
    config: &SimConfig<P>,
    bounds: Bounds,
) -> Report<P>
where
    P::Client: Serialize,
    P::Monitor: Serialize,
    Sim<P>: Send + Sync,
    Choice<P>: Send + Sync,
{
    check(
        config,
        &bounds,
        order,
        Limits {
            memory: &|| 0,
            progress: &mut |_| true,
            threads,
        },
    )
    .unwrap()
}

fn bounds(max_depth: u32, max_crashes: u32) -> Bounds {
    Bounds {
        max_depth,
        max_ballots: 1,
        max_crashes,
        ..Bounds::default()
    }
}

/// The violation a search found, and the path to it.
fn violation<P: Protocol>(report: &Report<P>) -> (Property, Vec<Choice<P>>) {
    match &report.outcome {
        Outcome::Violation {
            property, steps, ..
        } => (*property, steps.clone()),
        other => panic!("expected a violation, got {other:?}"),
    }
}

/// A counterexample replays as a run (the actions of a link) to a state
/// that violates the same property, and one choice fewer finds nothing:
/// breadth first, it is shortest.
fn assert_shortest_and_replays(
    config: &SimConfig<SingleDecree>,
    bounds: Bounds,
    expected: Property,
    length: usize,
) {
    let (property, steps) = violation(&search(config, bounds));
    assert_eq!(
        (property, depth_of(&steps, &bounds)),
        (expected, length as u32),
        "{steps:?}"
    );
    let actions = played(config, &steps).unwrap().actions().to_vec();
    let replayed = Timeline::replay(config.clone(), &actions).unwrap();
    let found = replayed.frontier().violations();
    assert_eq!(found.first().map(|v| v.property), Some(expected));
    let shorter = Bounds {
        max_depth: length as u32 - 1,
        ..bounds
    };
    assert_eq!(search(config, shorter).outcome, Outcome::Ok);
}

#[test]
fn quorums_that_need_not_meet_let_two_values_be_chosen_in_four_choices() {
    let config = paxos(|c| {
        c.q1 = 1;
        c.q2 = 1;
    });
    assert_shortest_and_replays(&config, bounds(12, 0), ONE_VALUE_CHOSEN, 4);
    // Without a crash, each write completes with the choice that issued
    // it: the path lists it, so that it replays, but the depth does not
    // count it.
    let (_, steps) = violation(&search(&config, bounds(12, 0)));
    let names: Vec<String> = steps.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        names,
        [
            "wake c0",
            "wake c1",
            "deliver message 1",
            "complete n1's next disk write",
            "complete n1's next disk write",
            "deliver message 0",
            "complete n0's next disk write",
            "complete n0's next disk write",
        ]
    );
}

/// Amnesia, both ways: an acceptor that never writes, or replies before
/// its write, forgets its promise in a crash.
#[test]
fn an_acceptor_that_forgets_its_promise_in_a_crash_is_found_with_one_crash() {
    for durability in [Durability::NoWrites, Durability::ReplyFirst] {
        let config = paxos(|c| c.durability = durability);
        assert_shortest_and_replays(&config, bounds(8, 1), PROMISE_NEVER_DECREASES, 5);
        // Without a crash, nothing goes wrong that far.
        assert_eq!(search(&config, bounds(7, 0)).outcome, Outcome::Ok);
    }
}

/// Correct Paxos within small bounds: no violation, with or without a
/// crash; and the count of states is exactly what it was (it is the same
/// natively and in wasm: the fingerprint is platform-stable).
#[test]
fn correct_paxos_has_no_violation_within_small_bounds_and_counts_states_exactly() {
    let config = paxos(|_| {});
    assert_eq!(crate::golden::checked(), crate::golden::CHECKED);
    let report = search(&config, bounds(8, 0));
    assert_eq!(report.outcome, Outcome::Ok);
    assert_eq!(search(&config, bounds(8, 0)).progress, report.progress);
    let with_crash = search(&config, bounds(7, 1));
    assert_eq!(with_crash.outcome, Outcome::Ok);
    // With a crash allowed, each disk write is a choice of its own.
    assert_eq!(with_crash.progress.unique, 783, "{:?}", with_crash.progress);
    assert_eq!(
        bounds(7, 1).describe(),
        "depth ≤ 7, ≤ 1 ballot per proposer, ≤ 1 crash, no drops, no duplicates"
    );
}

/// Multi-Paxos within small bounds: two clients' single commands, one
/// election per replica. No slot is chosen twice, no promise goes back,
/// and the count is exactly what it was (natively and in wasm: the client's
/// generator is kept as its place in its stream, and times are left out).
/// A slot bound cuts off every path that proposes beyond it.
#[test]
fn multi_paxos_has_no_violation_within_small_bounds_and_the_slot_bound_cuts_paths_off() {
    assert_eq!(crate::golden::checked_multi(), crate::golden::CHECKED_MULTI);
    let config = multi();
    let bounds = |max_depth, max_slots| Bounds {
        max_depth,
        max_ballots: 1,
        max_slots: Some(max_slots),
        ..Bounds::default()
    };
    let two = search_with(Order::Bfs, 2, &config, bounds(8, 2));
    assert_eq!(two.outcome, Outcome::Ok);
    assert_eq!(two.progress.unique, 31_756, "{:?}", two.progress);
    // Both clients at n0: it can lead and propose both commands within 7
    // choices; with one slot, the second proposal is cut off.
    let mut at_n0 = config.clone();
    at_n0.clients[1].node = NodeId(0);
    let [both, one] = [2, 1].map(|slots| search_with(Order::Bfs, 2, &at_n0, bounds(8, slots)));
    assert_eq!((&both.outcome, &one.outcome), (&Outcome::Ok, &Outcome::Ok));
    assert!(
        one.progress.unique < both.progress.unique,
        "{:?}",
        one.progress
    );
    assert_eq!(
        bounds(8, 1).describe(),
        "depth ≤ 8, ≤ 1 ballot per proposer, ≤ 1 log slot, no crashes, no drops, no duplicates"
    );
    // A crash: a replica restarts from its disk alone, and relearns the log.
    let crash = Bounds {
        max_crashes: 1,
        ..bounds(7, 2)
    };
    assert_eq!(
        search_with(Order::Bfs, 2, &config, crash).outcome,
        Outcome::Ok
    );
}

/// The CLI's Multi-Paxos cluster for `paxos check --protocol multi`: 3
/// replicas, 2 clients with one command each.
fn multi() -> SimConfig<MultiPaxos> {
    <MultiPaxos as Checkable>::for_checking(paxos_front::runs::multi::workload(3, 2, 1, 3, 0))
}

/// Time is not part of a Multi-Paxos state: a leader's proposal records
/// when it was sent, and a replica the time of its last input; yet an
/// election whose two `Prepare`s arrive in opposite orders, then a
/// command proposed, ends in one state, at different times.
#[test]
fn two_orders_of_a_multi_paxos_election_meet_in_one_state() {
    let mut config = multi();
    config.clients.truncate(1);
    let run = |reversed: bool| {
        let mut sim = Sim::new(config.clone()).unwrap();
        sim.set_manual(true);
        let pick = |sim: &mut Sim<MultiPaxos>, wanted: &dyn Fn(&Choice<MultiPaxos>) -> bool| {
            let events = sim.events();
            let next = events.iter().find(|c| wanted(c)).copied();
            next.map(|c| sim.pick(&c).unwrap()).is_some()
        };
        assert!(pick(
            &mut sim,
            &|c| matches!(c, Choice::Fire { node, .. } if *node == NodeId(0))
        ));
        // Its own promise is written before its `Prepare`s leave.
        assert!(pick(&mut sim, &|c| matches!(c, Choice::Persist { .. })));
        let mut prepares: Vec<_> = sim
            .events()
            .into_iter()
            .filter(|c| matches!(c, Choice::Deliver { .. }))
            .collect();
        assert_eq!(prepares.len(), 2, "{prepares:?}");
        if reversed {
            prepares.reverse();
        }
        for c in prepares {
            sim.pick(&c).unwrap();
        }
        // The promises, and their writes: n0 leads.
        while pick(&mut sim, &|c| {
            matches!(c, Choice::Deliver { .. } | Choice::Persist { .. })
        }) {}
        // The client's command reaches the leader, which proposes it.
        assert!(pick(&mut sim, &|c| matches!(c, Choice::Wake { .. })));
        assert!(pick(&mut sim, &|c| matches!(c, Choice::Deliver { .. })));
        let leader = sim.node(NodeId(0)).unwrap();
        assert!(leader.leading().is_some() && leader.in_flight().len() == 1);
        let sent_us = leader.in_flight().values().next().unwrap().sent_us;
        (sim.fingerprint(), sent_us)
    };
    let (first, sent_first) = run(false);
    let (second, sent_second) = run(true);
    assert_ne!(
        sent_first, sent_second,
        "the two orders end at different times"
    );
    assert_eq!(first, second);
}

/// Breadth first with threads, the search merges what each thread found in
/// order, so it reaches the same states in the same order as one thread:
/// the same counts, and the same shortest counterexample. (Depth 11 has
/// levels of thousands of states: several batches each.)
#[test]
fn threads_find_the_same_states_counts_and_counterexample_as_one() {
    let correct = paxos(|_| {});
    let one = search_with(Order::Bfs, 1, &correct, bounds(11, 0));
    assert_eq!(one.outcome, Outcome::Ok);
    assert_eq!(one.progress.unique, 6642, "{:?}", one.progress);
    let broken = paxos(|c| c.bugs.ignore_promises = true);
    let found = search_with(Order::Bfs, 1, &broken, bounds(12, 0));
    assert!(matches!(found.outcome, Outcome::Violation { .. }));
    for threads in [2, 3] {
        assert_eq!(
            search_with(Order::Bfs, threads, &correct, bounds(11, 0)),
            one,
            "{threads} threads"
        );
        assert_eq!(
            search_with(Order::Bfs, threads, &broken, bounds(12, 0)),
            found,
            "{threads} threads"
        );
    }
}

/// A search stops when asked, and at its memory bound, and says which.
#[test]
fn a_search_can_be_cancelled_and_stops_at_its_memory_bound() {
    let config = paxos(|_| {});
    let mut asked = 0;
    let cancelled = check(
        &config,
        &bounds(12, 0),
        Order::Bfs,
        Limits {
            memory: &|| 0,
            progress: &mut |p| {
                asked += 1;
                assert!(p.states >= p.unique);
                false
            },
            threads: 2,
        },
    )
    .unwrap();
    assert_eq!((cancelled.outcome, asked), (Outcome::Cancelled, 1));
    let full = check(
        &config,
        &Bounds {
            max_bytes: 1 << 20,
            ..bounds(12, 0)
        },
        Order::Bfs,
        Limits {
            memory: &|| 2 << 20,
            progress: &mut |_| true,
            threads: 2,
        },
    )
    .unwrap();
    assert_eq!(full.outcome, Outcome::OutOfMemory);
}

/// Depth first finds a violation too, though not necessarily the
/// shortest.
#[test]
fn depth_first_finds_the_split_quorums_violation_too() {
    let config = paxos(|c| {
        c.q1 = 1;
        c.q2 = 1;
    });
    let report = search_in(Order::Dfs, &config, bounds(12, 0));
    let (property, steps) = violation(&report);
    assert_eq!(property, ONE_VALUE_CHOSEN);
    assert!(steps.len() >= 8);
}

/// Design 3 with `writers` clients, each writing its own value at its own
/// server at time 0, then a reader: the CLI's cluster for
/// `paxos check --protocol voting --proposers N`.
fn voting(writers: u8) -> SimConfig<Storage> {
    let mut clients: Vec<ClientSpec> = (0..writers)
        .map(|i| ClientSpec {
            node: NodeId(i % 3),
            op: Op::Write(Value::new(&paxos_sim::sim::client_value(i))),
            at_us: 0,
        })
        .collect();
    clients.push(ClientSpec {
        node: NodeId(writers % 3),
        op: Op::Read,
        at_us: 200_000,
    });
    for_checking(paxos_front::runs::designs::config(
        Design::Voting,
        clients,
        1,
    ))
}

/// A state is what the cluster holds, not when: one write that settles
/// with its messages taken in opposite orders ends at different times (each
/// pick happens at its event's time, or a step after the last), with the
/// client noting when it finished; yet both orders meet in one state.
#[test]
fn two_orders_of_the_same_events_meet_in_one_state() {
    let mut config = voting(1);
    config.clients.pop(); // Only the writer: a read would see the order.
    let settle = |last_first: bool| {
        let mut sim = Sim::new(config.clone()).unwrap();
        sim.set_manual(true);
        sim.pick(&Choice::Wake {
            client: ClientId(0),
        })
        .unwrap();
        loop {
            // Every message and disk write, but no timeout (the client's
            // is a wake-up).
            let events: Vec<_> = sim
                .events()
                .into_iter()
                .filter(|c| matches!(c, Choice::Deliver { .. } | Choice::Persist { .. }))
                .collect();
            let Some(next) = (if last_first {
                events.last()
            } else {
                events.first()
            }) else {
                break;
            };
            sim.pick(next).unwrap();
        }
        let client = sim.client(ClientId(0)).unwrap();
        assert!(
            client.outcome().is_some_and(|o| o.succeeded()),
            "{client:?}"
        );
        (sim.now_us(), sim.fingerprint())
    };
    let (first_end, first) = settle(false);
    let (last_end, last) = settle(true);
    assert_ne!(first_end, last_end, "the orders end at different times");
    assert_eq!(first, last);
}

/// Design 3: three writers whose requests reach the servers in different
/// orders split them, one value each, and every write was acknowledged:
/// no read can succeed. The shortest such run takes 12 choices (3 sends,
/// 9 deliveries); the CLI test (scripts/check-variants.py) finds it within
/// the default bounds in release. Here, small bounds count the states
/// exactly, and two writers, which cannot split three servers, do not.
#[test]
fn design_three_counts_its_states_exactly_and_two_writers_never_split() {
    let small = Bounds {
        max_depth: 6,
        ..Bounds::default()
    };
    let three = search_with(Order::Bfs, 1, &voting(3), small);
    assert_eq!(three.outcome, Outcome::Ok);
    assert_eq!(three.progress.unique, 5733, "{:?}", three.progress);
    let two = search_with(
        Order::Bfs,
        2,
        &voting(2),
        Bounds {
            max_depth: 9,
            ..Bounds::default()
        },
    );
    assert_eq!(two.outcome, Outcome::Ok);
}
