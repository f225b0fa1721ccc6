//! The model checker: every interleaving of a small cluster, within
//! bounds. Correct Paxos holds; a broken variant's counterexample is found,
//! is shortest (one choice fewer finds nothing), and replays as a run to
//! the same violation. (Searches here are small enough for a debug build;
//! the CLI tests run the release binary on larger ones.)

use paxos_check::{check, depth_of, for_checking, played, Bounds, Limits, Order, Outcome, Report};
use paxos_core::paxos::monitor::{ONE_VALUE_CHOSEN, PROMISE_NEVER_DECREASES};
use paxos_core::paxos::{Durability, SingleDecree};
use paxos_sim::sim::{Choice, Property, SimConfig};
use paxos_sim::timeline::Timeline;

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

fn search_with(
    order: Order,
    threads: usize,
    config: &SimConfig<SingleDecree>,
    bounds: Bounds,
) -> Report<SingleDecree> {
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
fn violation(report: &Report<SingleDecree>) -> (Property, Vec<Choice<SingleDecree>>) {
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
        "depth ≤ 7, ≤ 1 ballots per proposer, ≤ 1 crash, no drops, no duplicates"
    );
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
