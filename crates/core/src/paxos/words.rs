//! Single-decree Paxos in words: what its messages and disks mean, for the
//! diagram's details, the log and the storage inspector.

use super::{Durable, Message, Reply, Request, SingleDecree};
use crate::protocol::Payload;
use crate::types::Actor;

/// What a single-decree message means, in one sentence.
pub fn message(from: Actor, to: Actor, payload: &Payload<SingleDecree>) -> String {
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
        Payload::Message(msg) => match msg {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Ballot, NodeId, Proposal, Value};

    #[test]
    fn a_promise_reporting_an_accepted_value_says_so() {
        let promise = Payload::Message(Message::Promise {
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
}
