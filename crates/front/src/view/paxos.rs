//! Single-decree Paxos's views: a node's panel, and a message's fields.

use paxos_core::paxos::{Durable, Phase, Timer};
use paxos_core::types::{Ballot, NodeId, Proposal, Value};
use paxos_sim::sim::Sim;

/// Everything a node panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub id: NodeId,
    pub up: bool,
    /// The acceptor's live state (what it acts on)...
    pub promised: Option<Ballot>,
    pub accepted: Option<Proposal>,
    /// ...and what its disk holds, which is all that survives a crash.
    pub disk: Durable,
    /// A disk write is in flight, and replies are waiting for it.
    pub writing: bool,
    pub learned: Option<Value>,
    /// What the proposer is doing, in words.
    pub proposer: String,
    /// The proposer is in phase 1 or 2 of a ballot.
    pub proposing: bool,
    /// Pending timers, with when each fires.
    pub timers: Vec<(Timer, u64)>,
}

impl NodeView {
    pub fn of(sim: &Sim<paxos_core::paxos::SingleDecree>, id: NodeId) -> NodeView {
        let disk = sim.disk(id).cloned().unwrap_or_default();
        let Some(node) = sim.node(id) else {
            return NodeView {
                id,
                up: false,
                promised: None,
                accepted: None,
                disk,
                writing: false,
                learned: None,
                proposer: "crashed".to_string(),
                proposing: false,
                timers: Vec::new(),
            };
        };
        let quorum = node.config().quorum();
        let proposer = match (&node.proposer().phase(), &node.proposer().value()) {
            (Phase::Done, _) => "knows the outcome".to_string(),
            (Phase::Idle, None) => "idle".to_string(),
            (Phase::Idle, Some(_)) => "backing off before a new ballot".to_string(),
            (Phase::Preparing { ballot, promises }, _) => format!(
                "phase 1 for {ballot}: {} of {quorum} promises",
                promises.len()
            ),
            (Phase::Accepting { ballot, value }, _) => {
                format!("phase 2: proposing {value} in {ballot}")
            }
        };
        NodeView {
            id,
            up: true,
            promised: node.acceptor().promised(),
            accepted: node.acceptor().accepted().cloned(),
            disk,
            writing: node.writes_done() < node.writes_issued(),
            learned: node.learner().learned_value().cloned(),
            proposer,
            proposing: node.proposer().ballot().is_some(),
            timers: sim.pending_timers(id),
        }
    }

    pub fn all(sim: &Sim<paxos_core::paxos::SingleDecree>) -> Vec<NodeView> {
        sim.config()
            .protocol
            .nodes()
            .map(|id| NodeView::of(sim, id))
            .collect()
    }
}

/// A single-decree message's fields, for its details.
pub fn message_fields(
    payload: &paxos_sim::sim::Payload<paxos_core::paxos::SingleDecree>,
) -> Vec<(&'static str, String)> {
    use paxos_core::paxos::Message;
    use paxos_sim::sim::Payload;
    let or_none = |v: Option<String>| v.unwrap_or_else(|| "none".to_string());
    match payload {
        Payload::Request { value } => vec![("value", value.to_string())],
        Payload::Reply { value } => vec![("value", value.to_string())],
        Payload::Message(msg) => match msg {
            Message::Prepare { ballot } => vec![("ballot", ballot.to_string())],
            Message::Promise { ballot, accepted } => vec![
                ("ballot", ballot.to_string()),
                (
                    "accepted",
                    or_none(accepted.as_ref().map(|p| p.to_string())),
                ),
            ],
            Message::Accept { ballot, value }
            | Message::Accepted { ballot, value }
            | Message::Decided { ballot, value } => {
                vec![("ballot", ballot.to_string()), ("value", value.to_string())]
            }
            Message::Reject { ballot, promised } => vec![
                ("ballot", ballot.to_string()),
                ("promised", promised.to_string()),
            ],
            Message::Read { id } => vec![("read", format!("#{id}"))],
            Message::ReadReply { id, accepted } => vec![
                ("read", format!("#{id}")),
                (
                    "accepted",
                    or_none(accepted.as_ref().map(|p| p.to_string())),
                ),
            ],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_views_follow_a_round_from_idle_to_decided() {
        let mut sim = Sim::new(crate::runs::paxos::config(3, 1, 4)).unwrap();
        let n0 = NodeView::of(&sim, NodeId(0));
        assert_eq!(
            (n0.proposer.as_str(), n0.up, n0.learned.clone()),
            ("idle", true, None)
        );
        let mut saw_phase_1 = false;
        while sim.step() {
            let view = NodeView::of(&sim, NodeId(0));
            saw_phase_1 |= view.proposer == "phase 1 for (1,n0): 1 of 2 promises";
        }
        assert!(saw_phase_1);
        let n0 = NodeView::of(&sim, NodeId(0));
        assert_eq!(n0.proposer, "knows the outcome");
        assert_eq!(n0.learned, Some(Value::new("A")));
        assert_eq!(
            n0.disk.accepted, n0.accepted,
            "everything is durable at the end"
        );
        assert!(!n0.writing);
    }

    #[test]
    fn a_crashed_node_shows_only_its_disk() {
        let mut sim = Sim::new(crate::runs::paxos::config(3, 1, 4)).unwrap();
        while sim.step() {}
        sim.crash(NodeId(2));
        let n2 = NodeView::of(&sim, NodeId(2));
        assert!(!n2.up);
        assert_eq!(n2.promised, None);
        assert!(n2.disk.accepted.is_some(), "the disk survives");
    }

    #[test]
    fn pending_timers_are_listed() {
        let mut sim = Sim::new(crate::runs::paxos::config(3, 1, 4)).unwrap();
        while NodeView::of(&sim, NodeId(0)).timers.is_empty() {
            sim.step();
        }
        let (timer, at) = NodeView::of(&sim, NodeId(0)).timers[0];
        assert_eq!(timer, Timer::Retry);
        assert!(at > sim.now_us());
    }
}
