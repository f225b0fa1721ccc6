//! Exact-output tests for the Multi-Paxos pieces, starting with the seeds'
//! gap example.

use super::*;
use crate::kv::Command;
use crate::types::NodeId;

fn b(round: u64, node: u8) -> Ballot {
    Ballot::new(round, NodeId(node))
}

fn put(client: u8, seq: u64, key: &str, value: &str) -> Request {
    Request {
        client: ClientId(client),
        seq,
        command: Command::put(key, value),
    }
}

fn accepted(ballot: Ballot, request: Request) -> Accepted {
    Accepted { ballot, request }
}

#[test]
fn a_promise_covers_every_slot_from_the_first_unchosen_one_and_lists_only_accepted_slots() {
    let mut a = Acceptor::default();
    for slot in [1, 2, 3, 10] {
        a.on_accept(b(1, 0), slot, put(0, slot, "x", "v")).unwrap();
    }
    let (changed, promise) = a.on_prepare(b(2, 1), 3).unwrap();
    assert!(changed, "a new promise is written before it is sent");
    assert_eq!(
        promise,
        Promise {
            ballot: b(2, 1),
            accepted: vec![
                (3, accepted(b(1, 0), put(0, 3, "x", "v"))),
                (10, accepted(b(1, 0), put(0, 10, "x", "v"))),
            ],
        },
        "slots 4 to 9, and everything after 10, hold nothing: they are left out"
    );
}

#[test]
fn one_promise_refuses_lower_ballots_in_every_slot() {
    let mut a = Acceptor::default();
    a.on_prepare(b(5, 2), 1).unwrap();
    assert_eq!(a.on_prepare(b(4, 0), 1), Err(b(5, 2)));
    assert_eq!(a.on_accept(b(4, 0), 99, put(0, 1, "x", "v")), Err(b(5, 2)));
    assert_eq!(a.on_accept(b(5, 2), 99, put(0, 1, "x", "v")), Ok(true));
    assert_eq!(
        a.on_accept(b(5, 2), 99, put(0, 1, "x", "v")),
        Ok(false),
        "a duplicate Accept changes nothing on disk"
    );
}

/// The seeds' example: the old leader got slots 1–134, 138 and 139 chosen,
/// then crashed. The new leader knows those; it runs phase 1 once, from 135
/// on, which covers 135–137 and everything after 139.
#[test]
fn the_seeds_gap_example_a_new_leader_fills_135_to_137_and_carries_on_after_139() {
    let chosen: BTreeMap<Slot, Request> = (1..=134)
        .chain([138, 139])
        .map(|slot| (slot, put(0, slot, "k", "chosen")))
        .collect();
    // What a majority reported: slot 136 was accepted twice, in different
    // ballots; slot 140 once; slot 138 is reported too but already known.
    let promises = [
        Promise {
            ballot: b(9, 1),
            accepted: vec![
                (136, accepted(b(3, 0), put(1, 1, "x", "old"))),
                (138, accepted(b(3, 0), put(0, 138, "k", "chosen"))),
            ],
        },
        Promise {
            ballot: b(9, 1),
            accepted: vec![
                (136, accepted(b(4, 2), put(2, 1, "x", "newer"))),
                (140, accepted(b(4, 2), put(2, 2, "y", "late"))),
            ],
        },
    ];
    let plan = recover(&promises, &chosen, 135);
    assert_eq!(
        plan,
        Recovery {
            proposals: vec![
                (135, noop()),
                (136, put(2, 1, "x", "newer")),
                (137, noop()),
                (140, put(2, 2, "y", "late")),
            ],
            next_slot: 141,
        },
        "holes get no-ops, the highest ballot wins, known slots are left alone"
    );
}

#[test]
fn a_leader_that_finds_nothing_starts_at_its_first_unchosen_slot() {
    let chosen: BTreeMap<Slot, Request> = (1..=4).map(|s| (s, put(0, s, "k", "v"))).collect();
    let empty = Promise {
        ballot: b(2, 0),
        accepted: Vec::new(),
    };
    let plan = recover(&[empty.clone(), empty], &chosen, 5);
    assert_eq!(
        plan,
        Recovery {
            proposals: Vec::new(),
            next_slot: 5,
        }
    );
}
