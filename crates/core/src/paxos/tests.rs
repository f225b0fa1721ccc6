//! Exact-output tests: each feeds a node one input and asserts the complete
//! list of outputs, in order.

use super::*;
use crate::types::{ClientId, NodeId, Proposal, Value};

fn n(id: u8) -> NodeId {
    NodeId(id)
}

fn b(round: u64, node: u8) -> Ballot {
    Ballot::new(round, NodeId(node))
}

fn v(text: &str) -> Value {
    Value::new(text)
}

fn config(backoff: bool) -> Config {
    Config {
        cluster_size: 3,
        retry_timeout_us: 100_000,
        retry_timeout_max_us: 400_000,
        backoff,
        backoff_base_us: 20_000,
        backoff_max_us: 400_000,
        durability: Durability::WriteAhead,
        ..Config::default()
    }
}

fn step(node: &mut Node, input: Input) -> Vec<Output> {
    let mut out = Vec::new();
    node.handle(0, input, &mut out);
    out
}

fn receive(node: &mut Node, from: u8, msg: Message) -> Vec<Output> {
    step(node, Input::Receive { from: n(from), msg })
}

fn persisted(node: &mut Node, write: WriteId) -> Vec<Output> {
    step(node, Input::PersistDone { write })
}

fn send(to: u8, msg: Message) -> Output {
    Output::Send { to: n(to), msg }
}

fn persist(write: WriteId, promised: Ballot, accepted: Option<Proposal>) -> Output {
    Output::Persist {
        write,
        state: Durable {
            promised: Some(promised),
            accepted,
        },
    }
}

/// `round,node`'s quorum in `phase`: these nodes promised or accepted.
fn quorum(round: u64, node: u8, phase: u8, members: &[u8]) -> Output {
    Output::Quorum {
        ballot: b(round, node),
        phase,
        members: members.iter().map(|m| n(*m)).collect(),
    }
}

fn proposal(ballot: Ballot, value: &str) -> Proposal {
    Proposal {
        ballot,
        value: v(value),
    }
}

/// The retry timer of a node's first ballot.
fn retry_timer(backoff: bool) -> Output {
    retry_timer_after(0, backoff)
}

/// The retry timer after `failed` failed ballots: the timeout doubles.
fn retry_timer_after(failed: u32, backoff: bool) -> Output {
    let after_us = 100_000 << failed.min(2);
    Output::SetTimer {
        timer: Timer::Retry,
        after_us,
        jitter_us: if backoff { after_us / 2 } else { 0 },
    }
}

/// An acceptor with `promised` and `accepted` already durable.
fn acceptor_with(id: u8, promised: Ballot, accepted: Option<Proposal>) -> Node {
    Node::recover(
        n(id),
        config(true),
        Durable {
            promised: Some(promised),
            accepted,
        },
    )
}

mod acceptor {
    use super::*;

    #[test]
    fn promise_is_written_to_disk_before_it_is_sent() {
        let mut n1 = Node::new(n(1), config(true));
        assert_eq!(
            receive(&mut n1, 0, Message::Prepare { ballot: b(1, 0) }),
            vec![persist(1, b(1, 0), None)],
            "nothing may leave before the promise is durable"
        );
        assert_eq!(
            persisted(&mut n1, 1),
            vec![send(
                0,
                Message::Promise {
                    ballot: b(1, 0),
                    accepted: None
                }
            )]
        );
    }

    #[test]
    fn promise_reports_the_accepted_proposal() {
        let mut n2 = acceptor_with(2, b(2, 0), Some(proposal(b(2, 0), "B")));
        assert_eq!(
            receive(&mut n2, 1, Message::Prepare { ballot: b(3, 1) }),
            vec![persist(1, b(3, 1), Some(proposal(b(2, 0), "B")))]
        );
        assert_eq!(
            persisted(&mut n2, 1),
            vec![send(
                1,
                Message::Promise {
                    ballot: b(3, 1),
                    accepted: Some(proposal(b(2, 0), "B"))
                }
            )]
        );
    }

    #[test]
    fn prepare_below_the_promise_is_rejected_with_the_promise() {
        let mut n1 = acceptor_with(1, b(2, 2), None);
        assert_eq!(
            receive(&mut n1, 0, Message::Prepare { ballot: b(1, 0) }),
            vec![send(
                0,
                Message::Reject {
                    ballot: b(1, 0),
                    promised: b(2, 2)
                }
            )],
            "a refusal changes nothing, so it needs no disk write"
        );
    }

    #[test]
    fn repeated_prepare_is_answered_again_without_a_write() {
        let mut n1 = acceptor_with(1, b(1, 0), None);
        assert_eq!(
            receive(&mut n1, 0, Message::Prepare { ballot: b(1, 0) }),
            vec![send(
                0,
                Message::Promise {
                    ballot: b(1, 0),
                    accepted: None
                }
            )]
        );
    }

    #[test]
    fn accept_is_written_to_disk_before_accepted_is_sent() {
        let mut n1 = acceptor_with(1, b(1, 0), None);
        let accept = Message::Accept {
            ballot: b(1, 0),
            value: v("A"),
        };
        assert_eq!(
            receive(&mut n1, 0, accept),
            vec![persist(1, b(1, 0), Some(proposal(b(1, 0), "A")))]
        );
        assert_eq!(
            persisted(&mut n1, 1),
            vec![send(
                0,
                Message::Accepted {
                    ballot: b(1, 0),
                    value: v("A")
                }
            )]
        );
    }

    #[test]
    fn accept_below_the_promise_is_rejected() {
        let mut n1 = acceptor_with(1, b(3, 2), None);
        let accept = Message::Accept {
            ballot: b(2, 0),
            value: v("A"),
        };
        assert_eq!(
            receive(&mut n1, 0, accept),
            vec![send(
                0,
                Message::Reject {
                    ballot: b(2, 0),
                    promised: b(3, 2)
                }
            )]
        );
        assert_eq!(n1.acceptor.accepted, None);
    }

    #[test]
    fn accept_above_the_promise_also_raises_the_promise() {
        let mut n1 = acceptor_with(1, b(1, 0), None);
        let accept = Message::Accept {
            ballot: b(2, 2),
            value: v("C"),
        };
        assert_eq!(
            receive(&mut n1, 2, accept),
            vec![persist(1, b(2, 2), Some(proposal(b(2, 2), "C")))]
        );
        assert_eq!(n1.acceptor.promised, Some(b(2, 2)));
    }

    #[test]
    fn a_reply_waits_for_every_earlier_write_even_if_it_needs_none() {
        let mut n1 = Node::new(n(1), config(true));
        receive(&mut n1, 0, Message::Prepare { ballot: b(1, 0) });
        // The same Prepare again (a duplicate) needs no new write, but its
        // promise is only true once write 1 is durable.
        assert_eq!(
            receive(&mut n1, 0, Message::Prepare { ballot: b(1, 0) }),
            vec![]
        );
        let promise = Message::Promise {
            ballot: b(1, 0),
            accepted: None,
        };
        assert_eq!(
            persisted(&mut n1, 1),
            vec![send(0, promise.clone()), send(0, promise)]
        );
    }
}

mod proposer {
    use super::*;

    fn request(node: &mut Node, client: u8, value: &str) -> Vec<Output> {
        step(
            node,
            Input::Request {
                client: ClientId(client),
                value: Request::Propose(v(value)),
            },
        )
    }

    /// n0 has sent Prepare (1,n0) and holds its own promise.
    fn preparing_n0(backoff: bool) -> Node {
        let mut n0 = Node::new(n(0), config(backoff));
        request(&mut n0, 0, "A");
        persisted(&mut n0, 1);
        n0
    }

    fn promise(ballot: Ballot, accepted: Option<Proposal>) -> Message {
        Message::Promise { ballot, accepted }
    }

    #[test]
    fn ballot_is_durable_before_prepare_leaves() {
        let mut n0 = Node::new(n(0), config(true));
        assert_eq!(
            request(&mut n0, 0, "A"),
            vec![retry_timer(true), persist(1, b(1, 0), None)],
            "its own promise goes to disk first; Prepare waits"
        );
        assert_eq!(
            persisted(&mut n0, 1),
            vec![
                send(1, Message::Prepare { ballot: b(1, 0) }),
                send(2, Message::Prepare { ballot: b(1, 0) }),
            ]
        );
    }

    #[test]
    fn with_no_accepted_value_reported_it_proposes_its_clients_value() {
        let mut n0 = preparing_n0(true);
        assert_eq!(
            receive(&mut n0, 1, promise(b(1, 0), None)),
            vec![
                quorum(1, 0, 1, &[0, 1]),
                persist(2, b(1, 0), Some(proposal(b(1, 0), "A")))
            ],
            "own promise + n1's is a majority of 3: accept locally first"
        );
        let accept = Message::Accept {
            ballot: b(1, 0),
            value: v("A"),
        };
        assert_eq!(
            persisted(&mut n0, 2),
            vec![send(1, accept.clone()), send(2, accept)]
        );
    }

    #[test]
    fn it_adopts_the_value_of_the_highest_ballot_reported() {
        // The seeds' question: replica n1 holds v1 at (1,n0) and replica n2
        // holds v2 at (2,n2). A proposer hearing from both must propose v2.
        let mut n1 = acceptor_with(1, b(3, 1), Some(proposal(b(1, 0), "v1")));
        request(&mut n1, 0, "mine");
        persisted(&mut n1, 1);
        let ballot = b(4, 1);
        assert_eq!(n1.proposer.ballot(), Some(ballot), "above every round seen");
        assert_eq!(
            receive(&mut n1, 2, promise(ballot, Some(proposal(b(2, 2), "v2")))),
            vec![
                quorum(4, 1, 1, &[1, 2]),
                persist(2, ballot, Some(proposal(ballot, "v2")))
            ],
            "v2 at (2,n2) outranks v1 at (1,n0), and beats the client's own value"
        );
    }

    #[test]
    fn promises_for_an_old_ballot_are_ignored() {
        let mut n0 = preparing_n0(true);
        assert_eq!(receive(&mut n0, 1, promise(b(0, 0), None)), vec![]);
        assert_eq!(receive(&mut n0, 2, promise(b(7, 2), None)), vec![]);
    }

    #[test]
    fn without_backoff_a_rejection_starts_a_higher_ballot_at_once() {
        let mut n0 = preparing_n0(false);
        let reject = Message::Reject {
            ballot: b(1, 0),
            promised: b(7, 2),
        };
        assert_eq!(
            receive(&mut n0, 1, reject),
            vec![retry_timer_after(1, false), persist(2, b(8, 0), None)],
            "the next ballot jumps past the promise the rejection reported"
        );
    }

    #[test]
    fn with_backoff_a_rejection_pauses_for_a_random_growing_window() {
        let mut n0 = preparing_n0(true);
        let pause = |jitter_us| Output::SetTimer {
            timer: Timer::Retry,
            after_us: 0,
            jitter_us,
        };
        let reject = |ballot| Message::Reject {
            ballot,
            promised: b(7, 2),
        };
        assert_eq!(receive(&mut n0, 1, reject(b(1, 0))), vec![pause(20_000)]);
        assert_eq!(n0.proposer.phase, Phase::Idle);
        assert_eq!(
            receive(&mut n0, 2, reject(b(1, 0))),
            vec![],
            "a second rejection of an abandoned ballot changes nothing"
        );
        assert_eq!(
            step(
                &mut n0,
                Input::Timeout {
                    timer: Timer::Retry
                }
            ),
            vec![retry_timer_after(1, true), persist(2, b(8, 0), None)]
        );
        persisted(&mut n0, 2);
        assert_eq!(receive(&mut n0, 1, reject(b(8, 0))), vec![pause(40_000)]);
    }

    #[test]
    fn a_timed_out_ballot_is_retried_higher_with_a_doubled_timeout() {
        let mut n0 = preparing_n0(true);
        let timer = |after_us| Output::SetTimer {
            timer: Timer::Retry,
            after_us,
            jitter_us: after_us / 2,
        };
        let timeout = Input::Timeout {
            timer: Timer::Retry,
        };
        assert_eq!(
            step(&mut n0, timeout.clone()),
            vec![timer(200_000), persist(2, b(2, 0), None)],
            "a slow network gets more time on the next attempt"
        );
        persisted(&mut n0, 2);
        step(&mut n0, timeout.clone());
        persisted(&mut n0, 3);
        assert_eq!(
            step(&mut n0, timeout),
            vec![timer(400_000), persist(4, b(4, 0), None)],
            "up to retry_timeout_max_us"
        );
    }

    #[test]
    fn a_ballot_started_during_a_write_waits_for_its_own_promise() {
        // n0 promised (1,n1), and that write is still in flight when a
        // client asks n0 to propose.
        let mut n0 = Node::new(n(0), config(true));
        receive(&mut n0, 1, Message::Prepare { ballot: b(1, 1) });
        assert_eq!(request(&mut n0, 0, "A"), vec![retry_timer(true)]);
        // Write 1 lands: the old promise leaves, and n0 promises its own
        // ballot (2,n0) in place, which is write 2. Its Prepare must wait.
        let promise = Message::Promise {
            ballot: b(1, 1),
            accepted: None,
        };
        assert_eq!(
            persisted(&mut n0, 1),
            vec![send(1, promise), persist(2, b(2, 0), None)]
        );
        assert_eq!(
            persisted(&mut n0, 2),
            vec![
                send(1, Message::Prepare { ballot: b(2, 0) }),
                send(2, Message::Prepare { ballot: b(2, 0) }),
            ]
        );
    }

    #[test]
    fn a_second_request_joins_the_ballot_in_progress() {
        let mut n0 = preparing_n0(true);
        assert_eq!(request(&mut n0, 1, "B"), vec![]);
        assert_eq!(n0.proposer.value, Some(v("A")));
        assert_eq!(
            n0.waiting_clients.iter().copied().collect::<Vec<_>>(),
            vec![ClientId(0), ClientId(1)]
        );
    }

    #[test]
    fn restart_never_reuses_a_ballot_that_was_sent() {
        let n0 = preparing_n0(true);
        let mut restarted = Node::recover(n(0), config(true), n0.acceptor.durable());
        request(&mut restarted, 0, "A2");
        assert_eq!(restarted.proposer.ballot(), Some(b(2, 0)));
    }
}

mod learner {
    use super::*;

    fn accepted(ballot: Ballot, value: &str) -> Message {
        Message::Accepted {
            ballot,
            value: v(value),
        }
    }

    #[test]
    fn a_majority_in_one_ballot_is_chosen_and_broadcast() {
        let mut n0 = Node::new(n(0), config(true));
        n0.waiting_clients.insert(ClientId(4));
        assert_eq!(receive(&mut n0, 1, accepted(b(1, 0), "A")), vec![]);
        assert_eq!(
            receive(&mut n0, 2, accepted(b(1, 0), "A")),
            vec![
                quorum(1, 0, 2, &[1, 2]),
                Output::CancelTimer {
                    timer: Timer::Retry
                },
                Output::Decided {
                    ballot: b(1, 0),
                    value: v("A")
                },
                Output::Reply {
                    client: ClientId(4),
                    value: Reply::Chosen(v("A"))
                },
                send(
                    1,
                    Message::Decided {
                        ballot: b(1, 0),
                        value: v("A")
                    }
                ),
                send(
                    2,
                    Message::Decided {
                        ballot: b(1, 0),
                        value: v("A")
                    }
                ),
            ]
        );
    }

    #[test]
    fn acceptances_are_counted_per_ballot_not_per_value() {
        // (v1,1) on replica 1 and (v1,3) on replica 2: v1 is NOT chosen.
        let mut n0 = Node::new(n(0), config(true));
        assert_eq!(receive(&mut n0, 1, accepted(b(1, 0), "v1")), vec![]);
        assert_eq!(
            receive(&mut n0, 2, accepted(b(3, 0), "v1")),
            vec![],
            "two acceptances of v1 in different ballots are not a majority"
        );
        assert_eq!(n0.learner.learned, None);
    }

    #[test]
    fn decided_teaches_the_value_and_answers_waiting_clients() {
        let mut n2 = Node::new(n(2), config(true));
        n2.waiting_clients.insert(ClientId(0));
        let decided = Message::Decided {
            ballot: b(1, 0),
            value: v("A"),
        };
        assert_eq!(
            receive(&mut n2, 0, decided.clone()),
            vec![
                Output::CancelTimer {
                    timer: Timer::Retry
                },
                Output::Decided {
                    ballot: b(1, 0),
                    value: v("A")
                },
                Output::Reply {
                    client: ClientId(0),
                    value: Reply::Chosen(v("A"))
                },
            ]
        );
        assert_eq!(
            receive(&mut n2, 0, decided),
            vec![],
            "a duplicate is ignored"
        );
        assert_eq!(
            step(
                &mut n2,
                Input::Request {
                    client: ClientId(1),
                    value: Request::Propose(v("Z"))
                }
            ),
            vec![Output::Reply {
                client: ClientId(1),
                value: Reply::Chosen(v("A"))
            }],
            "a node that knows the outcome answers at once"
        );
    }
}

#[test]
fn stale_disk_completions_are_ignored() {
    let mut n1 = Node::new(n(1), config(true));
    assert_eq!(persisted(&mut n1, 1), vec![], "no such write was issued");
    receive(&mut n1, 0, Message::Prepare { ballot: b(1, 0) });
    assert_eq!(persisted(&mut n1, 1).len(), 1);
    assert_eq!(persisted(&mut n1, 1), vec![], "already done");
}

#[test]
fn a_single_node_cluster_decides_alone() {
    let mut cfg = config(true);
    cfg.cluster_size = 1;
    let mut n0 = Node::new(n(0), cfg);
    let mut out = step(
        &mut n0,
        Input::Request {
            client: ClientId(0),
            value: Request::Propose(v("solo")),
        },
    );
    for write in 1..=2 {
        out.extend(persisted(&mut n0, write));
    }
    assert!(out.contains(&Output::Decided {
        ballot: b(1, 0),
        value: v("solo")
    }));
}

/// The durability bugs: what an acceptor sends, and writes, when it does not
/// follow the write-ahead rule.
mod durability_bugs {
    use super::*;

    fn buggy(durability: Durability) -> Node {
        Node::new(
            n(1),
            Config {
                durability,
                ..config(true)
            },
        )
    }

    fn promise(ballot: Ballot) -> Message {
        Message::Promise {
            ballot,
            accepted: None,
        }
    }

    #[test]
    fn reply_first_sends_the_promise_while_the_write_is_still_in_flight() {
        let mut n1 = buggy(Durability::ReplyFirst);
        assert_eq!(
            receive(&mut n1, 0, Message::Prepare { ballot: b(1, 0) }),
            vec![persist(1, b(1, 0), None), send(0, promise(b(1, 0)))],
            "the promise leaves beside its write, not after it"
        );
        assert_eq!(persisted(&mut n1, 1), vec![]);
    }

    #[test]
    fn no_writes_answers_without_ever_touching_the_disk() {
        let mut n1 = buggy(Durability::NoWrites);
        assert_eq!(
            receive(&mut n1, 0, Message::Prepare { ballot: b(1, 0) }),
            vec![send(0, promise(b(1, 0)))]
        );
        assert_eq!(
            receive(
                &mut n1,
                0,
                Message::Accept {
                    ballot: b(1, 0),
                    value: v("A")
                }
            ),
            vec![send(
                0,
                Message::Accepted {
                    ballot: b(1, 0),
                    value: v("A")
                }
            )]
        );
        // It answered as if it remembered, but its disk is empty: a restart
        // brings back a node that never promised anything.
        assert_eq!(n1.writes_issued, 0);
    }

    /// The names in URLs (`?durability=`), the CLI (`--durability`,
    /// `--bug`), scenario files and `data-` attributes: renaming a variant
    /// must not rename any of these.
    #[test]
    fn durability_modes_have_stable_names() {
        let names: Vec<&str> = Durability::ALL.iter().map(|m| m.name()).collect();
        assert_eq!(names, ["write_ahead", "reply_first", "no_writes"]);
        for &mode in Durability::ALL {
            assert_eq!(mode.name().parse::<Durability>(), Ok(mode));
            // Scenario files write the same name.
            assert_eq!(
                serde_json::to_string(&mode).unwrap(),
                format!("\"{}\"", mode.name())
            );
        }
        assert!("sometimes".parse::<Durability>().is_err());
        assert!("WriteAhead".parse::<Durability>().is_err());
    }

    #[test]
    fn bug_toggles_have_stable_names() {
        let names: Vec<&str> = Bug::ALL.iter().map(|b| b.name()).collect();
        assert_eq!(
            names,
            [
                "one_ballot",
                "ignore_promises",
                "count_across_ballots",
                "accept_without_promise"
            ]
        );
        for &bug in Bug::ALL {
            assert_eq!(bug.name().parse::<Bug>(), Ok(bug));
        }
        assert!("typo".parse::<Bug>().is_err());
    }
}

/// Design 4's case and the reads, flexible quorums and bug toggles.
mod design4 {
    use super::*;

    fn with(edit: impl Fn(&mut Config)) -> Config {
        let mut c = config(true);
        edit(&mut c);
        c
    }

    /// `id`'s proposer, with a client's "mine", has sent Prepare (`round`,
    /// `id`) and holds its own promise; its acceptor held `accepted`.
    fn preparing(id: u8, config: Config, round: u64, accepted: Option<Proposal>) -> Node {
        let promised = accepted.as_ref().map(|p| p.ballot);
        let mut node = Node::recover(n(id), config, Durable { promised, accepted });
        step(
            &mut node,
            Input::Request {
                client: ClientId(0),
                value: Request::Propose(v("mine")),
            },
        );
        persisted(&mut node, 1);
        assert_eq!(node.proposer.ballot(), Some(b(round, id)));
        node
    }

    fn promise(ballot: Ballot, accepted: Option<Proposal>) -> Message {
        Message::Promise { ballot, accepted }
    }

    #[test]
    fn a_proposer_that_finds_a_value_already_chosen_skips_phase_2() {
        // n2 itself and n1 both accepted "A" in ballot (1,n0): a majority in
        // one ballot, so "A" is chosen. No Accept is sent; n2 learns "A"
        // and announces it.
        let mut n2 = preparing(2, config(true), 2, Some(proposal(b(1, 0), "A")));
        let decided = Message::Decided {
            ballot: b(1, 0),
            value: v("A"),
        };
        assert_eq!(
            receive(&mut n2, 1, promise(b(2, 2), Some(proposal(b(1, 0), "A")))),
            vec![
                quorum(2, 2, 1, &[1, 2]),
                quorum(1, 0, 2, &[1, 2]),
                Output::CancelTimer {
                    timer: Timer::Retry
                },
                Output::Decided {
                    ballot: b(1, 0),
                    value: v("A")
                },
                Output::Reply {
                    client: ClientId(0),
                    value: Reply::Chosen(v("A"))
                },
                send(0, decided.clone()),
                send(1, decided),
            ]
        );
    }

    #[test]
    fn the_same_value_in_different_ballots_is_not_a_majority_so_phase_2_runs() {
        let mut n2 = preparing(2, config(true), 4, Some(proposal(b(3, 1), "v1")));
        let out = receive(&mut n2, 0, promise(b(4, 2), Some(proposal(b(1, 0), "v1"))));
        assert_eq!(
            out,
            vec![
                quorum(4, 2, 1, &[0, 2]),
                persist(2, b(4, 2), Some(proposal(b(4, 2), "v1")))
            ],
            "it proposes v1 (the highest ballot's value) in phase 2"
        );
    }

    #[test]
    fn with_the_ignore_promises_bug_the_proposer_overwrites_what_it_was_told() {
        let buggy = with(|c| c.bugs.ignore_promises = true);
        let mut n2 = preparing(2, buggy, 1, None);
        assert_eq!(
            receive(&mut n2, 1, promise(b(1, 2), Some(proposal(b(1, 0), "A")))),
            vec![
                quorum(1, 2, 1, &[1, 2]),
                persist(2, b(1, 2), Some(proposal(b(1, 2), "mine")))
            ]
        );
    }

    #[test]
    fn with_the_one_ballot_bug_a_promise_relabels_the_accepted_value() {
        let buggy = with(|c| c.bugs.one_ballot = true);
        let mut n1 = Node::recover(
            n(1),
            buggy,
            Durable {
                promised: Some(b(1, 0)),
                accepted: Some(proposal(b(1, 0), "A")),
            },
        );
        assert_eq!(
            receive(&mut n1, 2, Message::Prepare { ballot: b(5, 2) }),
            vec![persist(1, b(5, 2), Some(proposal(b(5, 2), "A")))],
            "one number: \"A\" now looks accepted at (5,n2)"
        );
        // The next proposer is told "A" was accepted at (5,n2).
        persisted(&mut n1, 1);
        assert_eq!(
            receive(&mut n1, 0, Message::Prepare { ballot: b(6, 0) }),
            vec![persist(2, b(6, 0), Some(proposal(b(6, 0), "A")))]
        );
        assert_eq!(
            persisted(&mut n1, 2),
            vec![send(0, promise(b(6, 0), Some(proposal(b(5, 2), "A"))))]
        );
    }

    #[test]
    fn with_the_accept_without_promise_bug_a_stale_accept_is_taken() {
        let mut correct = acceptor_with(1, b(3, 2), None);
        let stale = Message::Accept {
            ballot: b(1, 0),
            value: v("A"),
        };
        assert_eq!(
            receive(&mut correct, 0, stale.clone()),
            vec![send(
                0,
                Message::Reject {
                    ballot: b(1, 0),
                    promised: b(3, 2)
                }
            )]
        );
        let mut buggy = Node::recover(
            n(1),
            with(|c| c.bugs.accept_without_promise = true),
            Durable {
                promised: Some(b(3, 2)),
                accepted: None,
            },
        );
        assert_eq!(
            receive(&mut buggy, 0, stale),
            vec![persist(1, b(3, 2), Some(proposal(b(1, 0), "A")))],
            "accepted below its promise (the promise itself is kept)"
        );
    }

    #[test]
    fn with_the_count_across_ballots_bug_the_learner_adds_up_different_ballots() {
        for (across, learned) in [(false, None), (true, Some(v("v1")))] {
            let mut n0 = Node::new(n(0), with(|c| c.bugs.count_across_ballots = across));
            let accepted = |round: u64| Message::Accepted {
                ballot: b(round, 0),
                value: v("v1"),
            };
            receive(&mut n0, 0, accepted(1));
            receive(&mut n0, 1, accepted(3));
            assert_eq!(
                n0.learner.learned_value().cloned(),
                learned,
                "across={across}"
            );
        }
    }

    #[test]
    fn flexible_quorums_let_phase_1_and_phase_2_use_different_sizes() {
        // Five acceptors, Q1 = 4 and Q2 = 2: two promises are not enough.
        let flexible = with(|c| {
            c.cluster_size = 5;
            c.q1 = 4;
            c.q2 = 2;
        });
        assert!(flexible.quorums_intersect());
        let mut n0 = preparing(0, flexible, 1, None);
        assert_eq!(receive(&mut n0, 1, promise(b(1, 0), None)), vec![]);
        assert_eq!(receive(&mut n0, 2, promise(b(1, 0), None)), vec![]);
        assert_eq!(
            receive(&mut n0, 3, promise(b(1, 0), None)),
            vec![
                quorum(1, 0, 1, &[0, 1, 2, 3]),
                persist(2, b(1, 0), Some(proposal(b(1, 0), "mine")))
            ]
        );
        // Two acceptances (its own and n1's) choose the value.
        persisted(&mut n0, 2);
        let out = receive(
            &mut n0,
            1,
            Message::Accepted {
                ballot: b(1, 0),
                value: v("mine"),
            },
        );
        assert!(
            out.contains(&Output::Decided {
                ballot: b(1, 0),
                value: v("mine")
            }),
            "{out:?}"
        );
        assert!(
            !with(|c| c.q1 = 1).quorums_intersect(),
            "1 + 2 is not above 3"
        );
    }

    fn read(node: &mut Node) -> Vec<Output> {
        step(
            node,
            Input::Request {
                client: ClientId(7),
                value: Request::Read,
            },
        )
    }

    fn read_reply(node: &mut Node, from: u8, accepted: Option<Proposal>) -> Vec<Output> {
        receive(node, from, Message::ReadReply { id: 0, accepted })
    }

    fn answer(value: Reply) -> Vec<Output> {
        vec![
            Output::CancelTimer {
                timer: Timer::Read { id: 0 },
            },
            Output::Reply {
                client: ClientId(7),
                value,
            },
        ]
    }

    #[test]
    fn a_read_asks_every_acceptor_and_answers_once_a_majority_agree_in_one_ballot() {
        let mut n0 = acceptor_with(0, b(1, 0), Some(proposal(b(1, 0), "A")));
        assert_eq!(
            read(&mut n0),
            vec![
                Output::SetTimer {
                    timer: Timer::Read { id: 0 },
                    after_us: 100_000,
                    jitter_us: 0
                },
                send(1, Message::Read { id: 0 }),
                send(2, Message::Read { id: 0 }),
            ],
            "its own acceptor answers in place"
        );
        assert_eq!(
            read_reply(&mut n0, 2, Some(proposal(b(1, 0), "A"))),
            answer(Reply::Read(Some(v("A"))))
        );
    }

    #[test]
    fn a_read_of_the_seeds_counting_question_finds_no_majority() {
        // (v1,1) on n0, (v1,3) on n1, (v2,2) on n2: nothing is chosen.
        let mut n0 = acceptor_with(0, b(1, 0), Some(proposal(b(1, 0), "v1")));
        read(&mut n0);
        assert_eq!(
            read_reply(&mut n0, 1, Some(proposal(b(3, 1), "v1"))),
            vec![]
        );
        assert_eq!(
            read_reply(&mut n0, 2, Some(proposal(b(2, 2), "v2"))),
            answer(Reply::NoMajority)
        );
        // With the bug, the same read claims v1 was chosen.
        let mut buggy = Node::recover(
            n(0),
            with(|c| c.bugs.count_across_ballots = true),
            Durable {
                promised: Some(b(1, 0)),
                accepted: Some(proposal(b(1, 0), "v1")),
            },
        );
        read(&mut buggy);
        assert_eq!(
            read_reply(&mut buggy, 1, Some(proposal(b(3, 1), "v1"))),
            answer(Reply::Read(Some(v("v1"))))
        );
    }

    #[test]
    fn a_read_that_times_out_reports_no_majority() {
        let mut n0 = acceptor_with(0, b(1, 0), Some(proposal(b(1, 0), "A")));
        read(&mut n0);
        assert_eq!(
            step(
                &mut n0,
                Input::Timeout {
                    timer: Timer::Read { id: 0 }
                }
            ),
            vec![Output::Reply {
                client: ClientId(7),
                value: Reply::NoMajority
            }]
        );
        let mut blank = Node::new(n(0), config(true));
        read(&mut blank);
        assert_eq!(read_reply(&mut blank, 1, None), answer(Reply::Read(None)));
    }
}
