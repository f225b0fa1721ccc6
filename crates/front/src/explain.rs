//! Plain-language explanations of trace events, for any protocol: what the
//! network, the disks and the faults did, in words, with the protocol's own
//! words (its `explain_*` functions) for what its messages and writes mean.
//! The UI shows these beside the diagram and the log.

use paxos_core::protocol::Protocol;
use paxos_core::types::Actor;
use paxos_sim::sim::{Choice, DropReason, Event, Payload, Sim};

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
            format!(
                "{node} restarts and reads its disk: {}",
                P::describe_disk(recovered)
            )
        }
        Event::Decided {
            node,
            ballot,
            value,
        } => P::explain_decided(*node, *ballot, value),
        Event::DiskWiped { node } => format!(
            "{node}'s disk is wiped: it will restart with an empty disk ({}), forgetting what it \
             had told others (amnesia)",
            P::describe_disk(&P::Durable::default())
        ),
        Event::Quorum {
            node,
            ballot,
            phase,
            members,
        } => P::explain_quorum(*node, *ballot, *phase, members),
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

/// A choice of manual scheduling in words, at the state `sim` it is a
/// choice of: a short label for its button, and a sentence for its title.
pub fn choice<P: Protocol>(sim: &Sim<P>, choice: &Choice<P>) -> (String, String) {
    match *choice {
        Choice::Deliver { id } => {
            let message = sim.in_flight().into_iter().find(|m| m.0 == id);
            let Some((_, from, to, payload, _)) = message else {
                return (format!("message #{id}"), String::new());
            };
            let doomed = sim.in_flight_fate(id).flatten().is_some();
            let lost = if doomed { " (lost on arrival)" } else { "" };
            (
                format!("#{id} {payload} {from} → {to}{lost}"),
                P::explain_message(from, to, payload),
            )
        }
        Choice::Fire { node, timer } => (
            format!("{node}'s {timer:?} timer fires"),
            P::explain_timer(node, timer),
        ),
        Choice::Persist { node } => (
            format!("{node}'s disk write completes"),
            "The write becomes durable, and the replies waiting on it may leave".into(),
        ),
        Choice::Wake { client } => (
            format!("{client} sends its request"),
            "A client wakes: it sends its request, or sends it again if no answer came".into(),
        ),
        Choice::Drop { .. } => ("drop".into(), "Lose it now: it will never arrive".into()),
        Choice::Duplicate { .. } => (
            "duplicate".into(),
            "The network sends an extra copy of it".into(),
        ),
        Choice::Crash { node } => (
            format!("crash {node}"),
            "It crashes now, losing everything but its disk".into(),
        ),
        Choice::Restart { node } => (
            format!("restart {node}"),
            "It restarts now, from what its disk holds".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos_core::paxos::{Message, SingleDecree};
    use paxos_core::types::{Ballot, NodeId, Value};

    /// Each choice of manual scheduling in words: the message with its id
    /// and ends, the timer and the disk write by their node.
    #[test]
    fn the_choices_are_told_by_what_they_make_happen() {
        use paxos_core::types::ClientId;
        let mut sim = Sim::new(crate::runs::paxos::config(3, 1, 1)).unwrap();
        let words = |sim: &Sim<SingleDecree>| -> Vec<String> {
            sim.choices().iter().map(|c| choice(sim, c).0).collect()
        };
        assert_eq!(
            words(&sim),
            ["c0 sends its request", "crash n0", "crash n1", "crash n2"]
        );
        sim.pick(&Choice::Wake {
            client: ClientId(0),
        })
        .unwrap();
        sim.pick(&Choice::Deliver { id: 0 }).unwrap();
        assert_eq!(
            words(&sim)[..3],
            [
                "n0's disk write completes",
                "n0's Retry timer fires",
                "c0 sends its request"
            ]
        );
        sim.pick(&Choice::Persist { node: NodeId(0) }).unwrap();
        let (label, title) = choice(&sim, &Choice::Deliver { id: 1 });
        assert_eq!(label, "#1 Prepare (1,n0) n0 → n1");
        assert!(title.contains("n0 asks n1"), "{title}");
        assert_eq!(choice(&sim, &Choice::Drop { id: 1 }).0, "drop");
    }

    #[test]
    fn drops_name_the_message_and_the_cause() {
        let payload: Payload<SingleDecree> = Payload::Message(Message::Accept {
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

    /// A wiped disk and a counted quorum are told in the protocol's own
    /// words: a Paxos acceptor forgets its promise, a storage server its
    /// value.
    #[test]
    fn a_wipe_and_a_quorum_are_told_in_the_protocols_words() {
        fn none<'a, P: Protocol>(_: u64) -> Option<(Actor, Actor, &'a Payload<P>)> {
            None
        }
        assert_eq!(
            event::<SingleDecree>(&Event::DiskWiped { node: NodeId(1) }, none),
            "n1's disk is wiped: it will restart with an empty disk (promised nothing, accepted \
             nothing), forgetting what it had told others (amnesia)"
        );
        let design =
            event::<paxos_core::designs::Storage>(&Event::DiskWiped { node: NodeId(2) }, none);
        assert!(design.starts_with("n2's disk is wiped: it will restart with an empty disk ("));
        assert!(!design.contains("promised"), "{design}");
        let quorum = |phase| Event::<SingleDecree>::Quorum {
            node: NodeId(0),
            ballot: Ballot::new(2, NodeId(0)),
            phase,
            members: vec![NodeId(0), NodeId(2)],
        };
        assert_eq!(
            event(&quorum(1), none::<SingleDecree>),
            "n0 has promises from a quorum for ballot (2,n0): n0, n2; phase 2 may begin"
        );
        assert_eq!(
            event(&quorum(2), none::<SingleDecree>),
            "n0 counts a quorum of acceptances in ballot (2,n0): n0, n2; the value is chosen"
        );
    }
}
