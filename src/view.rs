//! View models: plain data the UI draws, derived from the simulator. Kept
//! free of web dependencies so it is tested natively.

use crate::paxos::{Durable, Phase, Timer};
use crate::sim::Sim;
use crate::types::{Ballot, NodeId, Proposal, Value};
use std::collections::BTreeSet;

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
                timers: Vec::new(),
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
            timers: sim.pending_timers(id),
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

/// The cluster view's square, in SVG units.
pub const RING_SIZE: f64 = 300.0;
const RING_RADIUS: f64 = 105.0;

/// Where node `i` of `n` sits on the cluster ring (the first at the top).
pub fn ring_position(i: u8, n: u8) -> (f64, f64) {
    let c = RING_SIZE / 2.0;
    if n <= 1 {
        return (c, c);
    }
    let angle = std::f64::consts::TAU * f64::from(i) / f64::from(n) - std::f64::consts::FRAC_PI_2;
    (c + RING_RADIUS * angle.cos(), c + RING_RADIUS * angle.sin())
}

/// The cut links after clicking the link between `a` and `b` in the
/// partition editor: whole → cut both ways → only a→b cut → only b→a cut →
/// whole.
pub fn cycle_link(
    cut: &BTreeSet<(NodeId, NodeId)>,
    a: NodeId,
    b: NodeId,
) -> BTreeSet<(NodeId, NodeId)> {
    let (ab, ba) = (cut.contains(&(a, b)), cut.contains(&(b, a)));
    let mut next = cut.clone();
    next.remove(&(a, b));
    next.remove(&(b, a));
    match (ab, ba) {
        (false, false) => {
            next.insert((a, b));
            next.insert((b, a));
        }
        (true, true) => {
            next.insert((a, b));
        }
        (true, false) => {
            next.insert((b, a));
        }
        (false, true) => {}
    }
    next
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
    fn clicking_a_link_cycles_through_every_kind_of_cut() {
        let (a, b) = (NodeId(0), NodeId(2));
        let whole = BTreeSet::new();
        let both = cycle_link(&whole, a, b);
        assert_eq!(both, [(a, b), (b, a)].into_iter().collect());
        let one = cycle_link(&both, a, b);
        assert_eq!(one, [(a, b)].into_iter().collect());
        let other = cycle_link(&one, a, b);
        assert_eq!(other, [(b, a)].into_iter().collect());
        assert_eq!(cycle_link(&other, a, b), whole);
    }

    #[test]
    fn nodes_sit_evenly_on_the_ring_starting_at_the_top() {
        let (x, y) = ring_position(0, 4);
        assert!((x - 150.0).abs() < 1e-9 && (y - 45.0).abs() < 1e-9);
        let (x, y) = ring_position(1, 4);
        assert!((x - 255.0).abs() < 1e-9 && (y - 150.0).abs() < 1e-9);
        assert_eq!(
            ring_position(0, 1),
            (150.0, 150.0),
            "a lone node sits in the middle"
        );
    }

    #[test]
    fn pending_timers_are_listed() {
        let mut sim = Sim::new(SimConfig::new(3, 1, 4)).unwrap();
        while NodeView::of(&sim, NodeId(0)).timers.is_empty() {
            sim.step();
        }
        let (timer, at) = NodeView::of(&sim, NodeId(0)).timers[0];
        assert_eq!(timer, Timer::Retry);
        assert!(at > sim.now_us());
    }

    #[test]
    fn times_read_as_milliseconds() {
        assert_eq!(format_time(12_345), "12.345 ms");
        assert_eq!(format_time(7), "0.007 ms");
    }
}
