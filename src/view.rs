//! View models: plain data the UI draws, derived from the simulator. Kept
//! free of web dependencies so it is tested natively.

use crate::paxos::{Durable, Phase};
use crate::sim::Sim;
use crate::types::{Ballot, NodeId, Proposal, Value};

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
}

impl NodeView {
    pub fn of(sim: &Sim, id: NodeId) -> NodeView {
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
            };
        };
        let quorum = node.config.quorum();
        let proposer = match (&node.proposer.phase, &node.proposer.value) {
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
            promised: node.acceptor.promised,
            accepted: node.acceptor.accepted.clone(),
            disk,
            writing: node.writes_done < node.writes_issued,
            learned: node.learner.learned_value().cloned(),
            proposer,
            proposing: node.proposer.ballot().is_some(),
        }
    }

    pub fn all(sim: &Sim) -> Vec<NodeView> {
        sim.config()
            .paxos
            .nodes()
            .map(|id| NodeView::of(sim, id))
            .collect()
    }
}

/// Formats simulated microseconds as milliseconds, e.g. `12.345 ms`.
pub fn format_time(time_us: u64) -> String {
    format!("{}.{:03} ms", time_us / 1000, time_us % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SimConfig;

    #[test]
    fn node_views_follow_a_round_from_idle_to_decided() {
        let mut sim = Sim::new(SimConfig::new(3, 1, 4)).unwrap();
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
        let mut sim = Sim::new(SimConfig::new(3, 1, 4)).unwrap();
        while sim.step() {}
        sim.crash(NodeId(2));
        let n2 = NodeView::of(&sim, NodeId(2));
        assert!(!n2.up);
        assert_eq!(n2.promised, None);
        assert!(n2.disk.accepted.is_some(), "the disk survives");
    }

    #[test]
    fn times_read_as_milliseconds() {
        assert_eq!(format_time(12_345), "12.345 ms");
        assert_eq!(format_time(7), "0.007 ms");
    }
}
