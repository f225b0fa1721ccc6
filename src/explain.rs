//! Plain-language explanations of messages and trace events, in the
//! protocol's vocabulary. The UI shows these beside the diagram and the log.

use crate::paxos::{Durable, Message, Reply, Request};
use crate::protocol::Protocol;
use crate::sim::{DropReason, Event, Payload};
use crate::types::Actor;

/// What a single-decree message means, in one sentence.
pub fn message(from: Actor, to: Actor, payload: &Payload) -> String {
    match payload {
        Payload::Request {
            value: Request::Propose(value),
        } => format!("{from} asks {to} to get {value} chosen"),
        Payload::Request {
            value: Request::Read,
        } => format!("{from} asks {to} what was chosen: {to} will read the acceptors as a learner"),
        Payload::Reply {
            value: Reply::Chosen(value),
        } => format!("{from} tells {to} that {value} was chosen"),
        Payload::Reply {
            value: Reply::Read(Some(value)),
        } => format!("{from} tells {to} its read found {value} chosen"),
        Payload::Reply {
            value: Reply::Read(None),
        } => format!("{from} tells {to} that nothing has been chosen yet"),
        Payload::Reply {
            value: Reply::NoMajority,
        } => format!(
            "{from} tells {to} its read failed: no quorum of acceptors agree on one ballot's value"
        ),
        Payload::Paxos(msg) => match msg {
            Message::Prepare { ballot } => format!(
                "{from} asks {to} to promise to ignore ballots below {ballot} (phase 1)"
            ),
            Message::Promise {
                ballot,
                accepted: None,
            } => format!(
                "{from} promises to ignore ballots below {ballot} and reports it has accepted nothing"
            ),
            Message::Promise {
                ballot,
                accepted: Some(p),
            } => format!(
                "{from} promises to ignore ballots below {ballot} and reports it already accepted {} at {}",
                p.value, p.ballot
            ),
            Message::Accept { ballot, value } => {
                format!("{from} asks {to} to accept {value} in ballot {ballot} (phase 2)")
            }
            Message::Accepted { ballot, value } => {
                format!("{from} tells {to} it accepted {value} in ballot {ballot}")
            }
            Message::Reject { ballot, promised } => format!(
                "{from} refuses ballot {ballot}: it has promised the higher ballot {promised}"
            ),
            Message::Decided { ballot, value } => {
                format!("{from} tells {to} that {value} was chosen in ballot {ballot}")
            }
            Message::Read { id } => {
                format!("{from} asks {to} what it has accepted (read #{id}, as a learner)")
            }
            Message::ReadReply { id, accepted: None } => {
                format!("{from} tells {to} it has accepted nothing (read #{id})")
            }
            Message::ReadReply {
                id,
                accepted: Some(p),
            } => format!(
                "{from} tells {to} it accepted {} at {} (read #{id})",
                p.value, p.ballot
            ),
        },
    }
}

/// An acceptor's durable state, in words.
pub fn durable(state: &Durable) -> String {
    let promised = state
        .promised
        .map_or("nothing".to_string(), |b| b.to_string());
    let accepted = state.accepted.as_ref().map_or("nothing".to_string(), |p| {
        format!("{} at {}", p.value, p.ballot)
    });
    format!("promised {promised}, accepted {accepted}")
}

/// A durable state in a compact, stable form for `data-` attributes (and
/// tests): `p=(1,n0) a=A@(1,n0)`, `-` for nothing.
pub fn durable_key(state: &Durable) -> String {
    let promised = state.promised.map_or("-".to_string(), |b| b.to_string());
    let accepted = state
        .accepted
        .as_ref()
        .map_or("-".to_string(), |p| format!("{}@{}", p.value, p.ballot));
    format!("p={promised} a={accepted}")
}

fn names(nodes: &[crate::types::NodeId]) -> String {
    nodes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A trace event in one sentence. `sent` looks up a message by id (for
/// deliveries and drops, which carry only the id).
pub fn event<'a, P: Protocol>(
    event: &Event<P>,
    sent: impl Fn(u64) -> Option<(Actor, Actor, &'a Payload<P>)>,
) -> String {
    match event {
        Event::Send {
            from,
            to,
            payload,
            copy_of,
            ..
        } => {
            let text = P::explain_message(*from, *to, payload);
            match copy_of {
                Some(_) => format!("The network duplicates a message: {text}"),
                None => text,
            }
        }
        Event::Deliver { id } => match sent(*id) {
            Some((from, to, payload)) => format!("{to} receives {} from {from}", payload.kind()),
            None => format!("message #{id} arrives"),
        },
        Event::Drop { id, reason } => {
            let what = sent(*id).map_or(format!("message #{id}"), |(from, to, payload)| {
                format!("{} from {from} to {to}", payload.kind())
            });
            match reason {
                DropReason::Loss => format!("{what} is lost by the network"),
                DropReason::Partition => format!("{what} is cut off by the partition"),
                DropReason::Crashed => format!("{what} arrives at a crashed node and is lost"),
                DropReason::User => format!("{what} is dropped by hand"),
                DropReason::PowerFailure => {
                    format!("{what} is lost: the power failed while it was on the wire")
                }
            }
        }
        Event::Timer { node, timer } => P::explain_timer(*node, *timer),
        Event::PersistStart { node, state, .. } => {
            format!("{node} starts writing to disk: {}", P::explain_write(state))
        }
        Event::PersistDone { node, write } => {
            format!("{node}'s disk write #{write} is durable; replies waiting on it may leave")
        }
        Event::Crash { node } => format!("{node} crashes and loses everything but its disk"),
        Event::Restart { node, recovered } => {
            format!("{node} restarts and reads its disk: {}", P::describe_disk(recovered))
        }
        Event::Decided {
            node,
            ballot,
            value,
        } => P::explain_decided(*node, *ballot, value),
        Event::DiskWiped { node } => format!(
            "{node}'s disk is wiped: it will restart remembering no promise and no acceptance (amnesia)"
        ),
        Event::Quorum {
            node,
            ballot,
            phase: 1,
            members,
        } => format!(
            "{node} has promises from a quorum for ballot {ballot}: {}; phase 2 may begin",
            names(members)
        ),
        Event::Quorum {
            node,
            ballot,
            members,
            ..
        } => format!(
            "{node} counts a quorum of acceptances in ballot {ballot}: {}; the value is chosen",
            names(members)
        ),
        Event::PowerFailure => "The whole cluster loses power (the page was reloaded): every node \
             crashes, and every message on the wire is lost"
            .to_string(),
        Event::DiskLoaded { node, state } => format!(
            "{node}'s disk, read back from IndexedDB, holds {} (not what the simulator expected): \
             the real disk wins",
            P::describe_disk(state)
        ),
        Event::Partition { cut } if cut.is_empty() => "The network heals".to_string(),
        Event::Partition { cut } => {
            let links: Vec<String> = cut.iter().map(|(a, b)| format!("{a}→{b}")).collect();
            format!("The network is cut: {}", links.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Ballot, NodeId, Proposal, Value};

    #[test]
    fn a_promise_reporting_an_accepted_value_says_so() {
        let promise = Payload::Paxos(Message::Promise {
            ballot: Ballot::new(3, NodeId(1)),
            accepted: Some(Proposal {
                ballot: Ballot::new(2, NodeId(0)),
                value: Value::new("B"),
            }),
        });
        assert_eq!(
            message(Actor::Node(NodeId(2)), Actor::Node(NodeId(1)), &promise),
            "n2 promises to ignore ballots below (3,n1) and reports it already accepted \"B\" at (2,n0)"
        );
    }

    #[test]
    fn drops_name_the_message_and_the_cause() {
        let payload: Payload = Payload::Paxos(Message::Accept {
            ballot: Ballot::new(1, NodeId(0)),
            value: Value::new("A"),
        });
        let (n0, n2) = (Actor::Node(NodeId(0)), Actor::Node(NodeId(2)));
        let drop = Event::Drop {
            id: 4,
            reason: DropReason::Partition,
        };
        assert_eq!(
            event(&drop, |_| Some((n0, n2, &payload))),
            "Accept from n0 to n2 is cut off by the partition"
        );
    }
}
