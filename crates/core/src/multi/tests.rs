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
    let chosen: LiteMap<Slot, Request> = (1..=134)
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
    let chosen: LiteMap<Slot, Request> = (1..=4).map(|s| (s, put(0, s, "k", "v"))).collect();
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

// ----- the replica, step by step -----

use crate::kv::Outcome;
use crate::protocol::Output as Out;

fn config(window: u64) -> Config {
    Config {
        window,
        ..Config::default()
    }
}

fn step(node: &mut Node, input: Input) -> Vec<Output> {
    let mut out = Vec::new();
    node.handle(1_000, input, &mut out);
    out
}

fn receive(node: &mut Node, from: u8, msg: Message) -> Vec<Output> {
    step(
        node,
        Input::Receive {
            from: NodeId(from),
            msg,
        },
    )
}

fn sends(out: &[Output]) -> Vec<(u8, String)> {
    out.iter()
        .filter_map(|o| match o {
            Out::Send { to, msg } => Some((to.0, msg.to_string())),
            _ => None,
        })
        .collect()
}

/// n0 of five wins an election: its timeout fires, its promise is written,
/// and n1 and n2 promise (with nothing accepted).
fn elected(window: u64) -> Node {
    let mut n0 = Node::recover(NodeId(0), config(window), Acceptor::default());
    step(
        &mut n0,
        Input::Timeout {
            timer: Timer::Election,
        },
    );
    step(&mut n0, Input::PersistDone { write: 1 });
    for from in [1, 2] {
        let promise = Promise {
            ballot: b(1, 0),
            accepted: vec![],
        };
        receive(&mut n0, from, Message::Promise(promise));
    }
    assert_eq!(n0.leading(), Some(b(1, 0)));
    n0
}

#[test]
fn a_campaign_sends_one_prepare_for_every_slot_only_after_its_own_promise_is_durable() {
    let mut n0 = Node::recover(NodeId(0), config(8), Acceptor::default());
    let out = step(
        &mut n0,
        Input::Timeout {
            timer: Timer::Election,
        },
    );
    assert_eq!(
        out,
        vec![
            Out::SetTimer {
                timer: Timer::Election,
                after_us: 150_000,
                jitter_us: 150_000
            },
            Out::Persist {
                write: 1,
                state: DiskWrite {
                    promised: b(1, 0),
                    slots: vec![]
                }
            },
        ],
        "nothing leaves before the promise of its own ballot is on disk"
    );
    let out = step(&mut n0, Input::PersistDone { write: 1 });
    assert_eq!(
        sends(&out),
        (1..5)
            .map(|to| (to, "Prepare (1,n0) s≥1".to_string()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_new_leader_skips_phase_1_and_a_command_costs_one_accept_round() {
    let mut n0 = elected(8);
    let request = put(7, 1, "x", "3");
    let out = step(
        &mut n0,
        Input::Request {
            client: ClientId(7),
            value: request.clone(),
        },
    );
    assert_eq!(
        out[0],
        Out::Persist {
            write: 2,
            state: DiskWrite {
                promised: b(1, 0),
                slots: vec![(1, accepted(b(1, 0), request.clone()))]
            }
        },
        "its own acceptor accepts in place, write-ahead"
    );
    assert_eq!(
        sends(&out),
        (1..5)
            .map(|to| (to, "Accept s=1 (1,n0) put(x,3)".to_string()))
            .collect::<Vec<_>>(),
        "no Prepare: the Accept goes straight out, without waiting for the leader's own disk"
    );
    step(&mut n0, Input::PersistDone { write: 2 });
    let out = receive(
        &mut n0,
        3,
        Message::Accepted {
            ballot: b(1, 0),
            slot: 1,
        },
    );
    assert!(out.is_empty(), "two votes of five are not a majority");
    let out = receive(
        &mut n0,
        4,
        Message::Accepted {
            ballot: b(1, 0),
            slot: 1,
        },
    );
    assert_eq!(
        sends(&out),
        (1..5)
            .map(|to| (to, "Decided s=1 put(x,3)".to_string()))
            .collect::<Vec<_>>()
    );
    assert!(out.contains(&Out::Reply {
        client: ClientId(7),
        value: Reply::Done {
            seq: 1,
            outcome: Outcome::Done
        }
    }));
    assert_eq!(n0.kv.data.get("x").unwrap(), "3");
}

#[test]
fn pipelining_proposes_the_next_slot_before_the_previous_one_is_chosen_up_to_the_window() {
    let mut n0 = elected(2);
    let mut accepts = Vec::new();
    for seq in 1..=3 {
        let out = step(
            &mut n0,
            Input::Request {
                client: ClientId(seq as u8),
                value: put(seq as u8, 1, "x", &seq.to_string()),
            },
        );
        accepts.extend(
            sends(&out)
                .into_iter()
                .filter(|(to, _)| *to == 1)
                .map(|(_, m)| m),
        );
    }
    assert_eq!(
        accepts,
        ["Accept s=1 (1,n0) put(x,1)", "Accept s=2 (1,n0) put(x,2)"],
        "slot 2 goes out before slot 1 is chosen; the third waits"
    );
    assert_eq!(n0.queue.len(), 1);
    step(&mut n0, Input::PersistDone { write: 3 });
    receive(
        &mut n0,
        1,
        Message::Accepted {
            ballot: b(1, 0),
            slot: 2,
        },
    );
    let out = receive(
        &mut n0,
        2,
        Message::Accepted {
            ballot: b(1, 0),
            slot: 2,
        },
    );
    assert!(
        sends(&out).contains(&(1, "Accept s=3 (1,n0) put(x,3)".to_string())),
        "slot 2 chosen frees room for slot 3"
    );
    assert_eq!(n0.executed, 0, "slot 2 is chosen but waits for slot 1");
    receive(
        &mut n0,
        1,
        Message::Accepted {
            ballot: b(1, 0),
            slot: 1,
        },
    );
    receive(
        &mut n0,
        2,
        Message::Accepted {
            ballot: b(1, 0),
            slot: 1,
        },
    );
    assert_eq!(n0.executed, 2);
    assert_eq!(n0.kv.data.get("x").unwrap(), "2", "applied in slot order");
}

#[test]
fn a_follower_forwards_to_the_leader_it_knows_and_redirects_when_it_knows_none() {
    let mut n3 = Node::recover(NodeId(3), config(8), Acceptor::default());
    let request = put(5, 1, "x", "1");
    let out = step(
        &mut n3,
        Input::Request {
            client: ClientId(5),
            value: request.clone(),
        },
    );
    assert_eq!(
        out,
        vec![Out::Reply {
            client: ClientId(5),
            value: Reply::Redirect {
                seq: 1,
                leader: None
            }
        }]
    );
    receive(
        &mut n3,
        0,
        Message::Heartbeat {
            ballot: b(1, 0),
            chosen: 0,
        },
    );
    let out = step(
        &mut n3,
        Input::Request {
            client: ClientId(5),
            value: request.clone(),
        },
    );
    assert_eq!(sends(&out), vec![(0, "Forward c5#1 put(x,1)".to_string())]);
    n3.config.forward = false;
    let out = step(
        &mut n3,
        Input::Request {
            client: ClientId(5),
            value: request,
        },
    );
    assert_eq!(
        out,
        vec![Out::Reply {
            client: ClientId(5),
            value: Reply::Redirect {
                seq: 1,
                leader: Some(NodeId(0))
            }
        }]
    );
}

#[test]
fn a_rejection_ends_leadership_and_the_old_leader_waits_for_the_new_one() {
    let mut n0 = elected(8);
    step(
        &mut n0,
        Input::Request {
            client: ClientId(1),
            value: put(1, 1, "x", "1"),
        },
    );
    let out = receive(
        &mut n0,
        2,
        Message::Reject {
            ballot: b(1, 0),
            promised: b(2, 4),
        },
    );
    assert_eq!(n0.role, Role::Follower);
    assert!(n0.in_flight.is_empty());
    assert!(out.contains(&Out::CancelTimer {
        timer: Timer::Heartbeat
    }));
    assert!(out.iter().any(|o| matches!(
        o,
        Out::SetTimer {
            timer: Timer::Election,
            ..
        }
    )));
    assert_eq!(
        n0.seen,
        Some(b(2, 4)),
        "its next ballot will go above (2,n4)"
    );
}

#[test]
fn a_replica_that_missed_decisions_catches_up_from_the_leader() {
    let mut leader = elected(8);
    for seq in 1..=3 {
        step(
            &mut leader,
            Input::Request {
                client: ClientId(1),
                value: put(1, seq, "x", &seq.to_string()),
            },
        );
        for from in [1, 2, 3] {
            receive(
                &mut leader,
                from,
                Message::Accepted {
                    ballot: b(1, 0),
                    slot: seq,
                },
            );
        }
    }
    assert_eq!(leader.executed, 3);
    let mut n4 = Node::recover(NodeId(4), config(8), Acceptor::default());
    let out = receive(
        &mut n4,
        0,
        Message::Heartbeat {
            ballot: b(1, 0),
            chosen: 3,
        },
    );
    assert_eq!(sends(&out), vec![(0, "CatchUp s≥1".to_string())]);
    let out = receive(&mut leader, 4, Message::CatchUp { from: 1 });
    assert_eq!(sends(&out), vec![(4, "Entries s=1..3".to_string())]);
    let Some(Out::Send { msg, .. }) = out.into_iter().next() else {
        panic!()
    };
    receive(&mut n4, 0, msg);
    assert_eq!(
        (n4.executed, n4.kv.data.get("x").unwrap().as_str()),
        (3, "3")
    );
}
