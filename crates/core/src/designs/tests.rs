//! Exact-output tests of the designs' servers and clients: each feeds one
//! input and asserts everything that comes out, in order.

use super::*;
use crate::protocol::{ClientStep, WriteId};

fn v(text: &str) -> Value {
    Value::new(text)
}

fn c(id: u8) -> ClientId {
    ClientId(id)
}

fn n(id: u8) -> NodeId {
    NodeId(id)
}

fn g(generation: u64, round: u64, client: u8) -> GenBallot {
    GenBallot {
        generation,
        round,
        client: c(client),
    }
}

fn server(design: Design) -> Node {
    Node::recover(n(0), Config::new(design), Durable::default())
}

fn request(node: &mut Node, client: u8, value: Request) -> Vec<Output> {
    let mut out = Vec::new();
    node.handle(
        Input::Request {
            client: c(client),
            value,
        },
        &mut out,
    );
    out
}

fn persisted(node: &mut Node, write: WriteId) -> Vec<Output> {
    let mut out = Vec::new();
    node.handle(Input::PersistDone { write }, &mut out);
    out
}

fn reply(client: u8, value: Reply) -> Output {
    Output::Reply {
        client: c(client),
        value,
    }
}

#[test]
fn a_server_acknowledges_a_write_only_once_it_is_on_disk() {
    let mut s = server(Design::Voting);
    let state = Durable {
        value: Some(v("A")),
        ..Durable::default()
    };
    assert_eq!(
        request(&mut s, 0, Request::Write { value: v("A") }),
        vec![Output::Persist { write: 0, state }]
    );
    assert_eq!(
        persisted(&mut s, 0),
        vec![reply(0, Reply::Ack { value: v("A") })]
    );
}

#[test]
fn a_voting_server_lets_the_last_write_to_arrive_win() {
    let mut s = server(Design::Voting);
    request(&mut s, 0, Request::Write { value: v("A") });
    request(&mut s, 1, Request::Write { value: v("B") });
    // Both acknowledgements leave once the second write is durable.
    assert_eq!(persisted(&mut s, 0), vec![]);
    assert_eq!(
        persisted(&mut s, 1),
        vec![
            reply(0, Reply::Ack { value: v("A") }),
            reply(1, Reply::Ack { value: v("B") })
        ]
    );
    assert_eq!(s.state.value, Some(v("B")));
    assert_eq!(
        request(&mut s, 2, Request::Read),
        vec![reply(
            2,
            Reply::ReadReply {
                value: Some(v("B")),
                accepted: None
            }
        )]
    );
}

#[test]
fn a_generations_server_promises_and_reports_what_it_holds() {
    let mut s = server(Design::Generations);
    s.state = Durable {
        value: Some(v("X")),
        accepted: Some(g(1, 1, 0)),
        promised: Some(g(1, 1, 0)),
    };
    let out = request(&mut s, 1, Request::Prepare { ballot: g(2, 1, 1) });
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(
        persisted(&mut s, 0),
        vec![reply(
            1,
            Reply::Promise {
                ballot: g(2, 1, 1),
                accepted: Some((g(1, 1, 0), v("X")))
            }
        )]
    );
    // A lower ballot of the same generation is refused, and told why.
    assert_eq!(
        request(&mut s, 0, Request::Prepare { ballot: g(2, 1, 0) }),
        vec![reply(
            0,
            Reply::Reject {
                ballot: g(2, 1, 0),
                promised: g(2, 1, 1)
            }
        )]
    );
    // Generation is the high part: a later generation beats any round.
    assert_eq!(
        request(
            &mut s,
            0,
            Request::Accept {
                ballot: g(1, 9, 2),
                value: v("Q")
            }
        ),
        vec![reply(
            0,
            Reply::Reject {
                ballot: g(1, 9, 2),
                promised: g(2, 1, 1)
            }
        )]
    );
    request(
        &mut s,
        1,
        Request::Accept {
            ballot: g(2, 1, 1),
            value: v("Y"),
        },
    );
    assert_eq!(
        persisted(&mut s, 1),
        vec![reply(
            1,
            Reply::Accepted {
                ballot: g(2, 1, 1),
                value: v("Y")
            }
        )]
    );
    assert_eq!(s.state.accepted_pair(), Some((g(2, 1, 1), v("Y"))));
}

fn client(design: Design, op: Op) -> Client {
    let spec = ClientSpec {
        node: n(0),
        op,
        at_us: 0,
    };
    Client::new(c(0), spec, Config::new(design))
}

fn sends(step: &ClientStep<Storage>) -> Vec<(u8, String)> {
    step.send
        .iter()
        .map(|(n, r)| (n.0, r.to_string()))
        .collect()
}

#[test]
fn a_two_server_write_needs_both_acknowledgements() {
    let mut cl = client(Design::Two, Op::Write(v("A")));
    let step = cl.wake(0);
    assert_eq!(
        sends(&step),
        vec![(0, "Write \"A\"".into()), (1, "Write \"A\"".into())]
    );
    assert_eq!(step.wake_at_us, Some(60_000));
    cl.receive(5_000, n(0), Reply::Ack { value: v("A") });
    assert_eq!(cl.outcome, None);
    // The timeout: n1 never answered.
    cl.wake(60_000);
    assert_eq!(
        cl.outcome.as_ref().map(ToString::to_string),
        Some("failed to save \"A\": n1 did not answer: a write needs both servers".into())
    );
}

#[test]
fn a_two_server_read_asks_the_other_server_when_the_first_is_silent() {
    let mut cl = client(Design::Two, Op::Read);
    assert_eq!(sends(&cl.wake(0)), vec![(0, "Read".into())]);
    assert_eq!(sends(&cl.wake(60_000)), vec![(1, "Read".into())]);
    let answer = Reply::ReadReply {
        value: Some(v("A")),
        accepted: None,
    };
    cl.receive(65_000, n(1), answer);
    assert_eq!(
        cl.outcome,
        Some(Outcome::Read {
            value: Some(v("A")),
            generation: 0
        })
    );
}

#[test]
fn a_voting_read_fails_at_once_when_no_majority_can_form() {
    let mut cl = client(Design::Voting, Op::Read);
    assert_eq!(cl.wake(0).send.len(), 3);
    for (node, value) in [(0, "A"), (1, "B")] {
        let answer = Reply::ReadReply {
            value: Some(v(value)),
            accepted: None,
        };
        cl.receive(1_000, n(node), answer);
    }
    // One server left: A or B could still reach two.
    assert_eq!(cl.outcome, None);
    let answer = Reply::ReadReply {
        value: Some(v("C")),
        accepted: None,
    };
    cl.receive(2_000, n(2), answer);
    assert_eq!(
        cl.outcome.as_ref().map(ToString::to_string),
        Some("read failed: no majority agrees (n0 has \"A\", n1 has \"B\", n2 has \"C\")".into())
    );
}

fn promise(ballot: GenBallot, accepted: Option<(GenBallot, &str)>) -> Reply {
    Reply::Promise {
        ballot,
        accepted: accepted.map(|(b, value)| (b, v(value))),
    }
}

/// A CAS client that has read "X" at generation 1 from every server.
fn cas_after_read() -> Client {
    let mut cl = client(
        Design::Generations,
        Op::Cas {
            expect: v("X"),
            new: v("Y"),
        },
    );
    cl.wake(0);
    let mut step = ClientStep::default();
    for node in 0..2 {
        let answer = Reply::ReadReply {
            value: Some(v("X")),
            accepted: Some(g(1, 1, 5)),
        };
        step = cl.receive(1_000, n(node), answer);
    }
    assert_eq!(
        sends(&step),
        (0..3)
            .map(|n| (n, "Prepare g2:(1,c0)".to_string()))
            .collect::<Vec<_>>()
    );
    cl
}

#[test]
fn a_cas_writes_the_generation_after_the_one_it_read() {
    let mut cl = cas_after_read();
    cl.receive(2_000, n(0), promise(g(2, 1, 0), Some((g(1, 1, 5), "X"))));
    let step = cl.receive(2_000, n(1), promise(g(2, 1, 0), Some((g(1, 1, 5), "X"))));
    assert_eq!(
        sends(&step),
        (0..3)
            .map(|n| (n, "Accept g2:(1,c0) \"Y\"".to_string()))
            .collect::<Vec<_>>()
    );
    for node in 0..2 {
        let answer = Reply::Accepted {
            ballot: g(2, 1, 0),
            value: v("Y"),
        };
        cl.receive(3_000, n(node), answer);
    }
    assert_eq!(
        cl.outcome,
        Some(Outcome::Swapped {
            from: v("X"),
            to: v("Y"),
            generation: 2
        })
    );
}

#[test]
fn a_cas_that_finds_its_generation_taken_by_a_majority_is_told_the_value_changed() {
    let mut cl = cas_after_read();
    for node in 0..2 {
        cl.receive(2_000, n(node), promise(g(2, 1, 0), Some((g(2, 1, 7), "Z"))));
    }
    assert_eq!(
        cl.outcome.as_ref().map(ToString::to_string),
        Some("rejected: the value is no longer \"X\" (it is \"Z\")".into())
    );
}

#[test]
fn a_cas_that_cannot_tell_whether_its_generation_was_committed_does_not_commit() {
    let mut cl = cas_after_read();
    // n0 is at the old generation, n1 already holds a rival's generation 2,
    // and n2 is silent: had n2 accepted the rival too, generation 2 is taken.
    cl.receive(2_000, n(0), promise(g(2, 1, 0), Some((g(1, 1, 5), "X"))));
    let step = cl.receive(2_000, n(1), promise(g(2, 1, 0), Some((g(2, 1, 7), "Z"))));
    assert!(step.send.is_empty(), "no Accept: {:?}", sends(&step));
    assert_eq!(cl.outcome, None, "it waits for n2");
    cl.wake(60_000);
    match &cl.outcome {
        Some(Outcome::Unsure { why }) => assert!(
            why.starts_with("cannot tell whether generation 2 was already committed: n1 holds it, n2 did not answer"),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
    // Had n2 answered at the old generation, the rival could not have a
    // majority, and the write goes ahead.
    let mut cl = cas_after_read();
    cl.receive(2_000, n(0), promise(g(2, 1, 0), Some((g(1, 1, 5), "X"))));
    cl.receive(2_000, n(1), promise(g(2, 1, 0), Some((g(2, 1, 7), "Z"))));
    let step = cl.receive(2_000, n(2), promise(g(2, 1, 0), Some((g(1, 1, 5), "X"))));
    assert_eq!(step.send.len(), 3, "Accept to all");
}

#[test]
fn a_generations_read_with_no_majority_pauses_and_asks_again() {
    let mut cl = client(Design::Generations, Op::Read);
    cl.wake(0);
    let at = |value: &str, generation: u64| Reply::ReadReply {
        value: Some(v(value)),
        accepted: Some(g(generation, 1, 3)),
    };
    cl.receive(1_000, n(0), at("Y", 2));
    cl.receive(1_000, n(1), at("X", 1));
    // n2 is down: no majority, and none can form before the timeout.
    let step = cl.wake(60_000);
    assert!(step.send.is_empty());
    assert_eq!(step.wake_at_us, Some(90_000), "a pause");
    assert_eq!(cl.outcome, None);
    let step = cl.wake(90_000);
    assert_eq!(step.send.len(), 3, "asks again");
    cl.receive(91_000, n(0), at("Y", 2));
    cl.receive(91_000, n(1), at("Y", 2));
    assert_eq!(
        cl.outcome,
        Some(Outcome::Read {
            value: Some(v("Y")),
            generation: 2
        })
    );
    assert_eq!(cl.read_attempts, 2);
}

/// The names in the CLI (`--protocol`), scenario files (`"protocol"`) and
/// the designs page's switch.
#[test]
fn designs_have_stable_names() {
    let names: Vec<&str> = Design::ALL.iter().map(|d| d.name()).collect();
    assert_eq!(names, ["single", "two", "voting", "generations"]);
    for &design in Design::ALL {
        assert_eq!(design.name().parse::<Design>(), Ok(design));
        assert_eq!(
            serde_json::to_string(&design).unwrap(),
            format!("\"{}\"", design.name())
        );
    }
    assert!("paxos".parse::<Design>().is_err());
}
