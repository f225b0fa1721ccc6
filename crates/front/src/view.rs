//! View models: plain data the UI draws, derived from the simulator. Kept
//! free of web dependencies so it is tested natively.

use paxos_core::paxos::{Durable, Phase, Timer};
use paxos_core::types::{Ballot, NodeId, Proposal, Value};
use paxos_sim::sim::Sim;
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

    pub fn all(sim: &Sim<paxos_core::paxos::SingleDecree>) -> Vec<NodeView> {
        sim.config()
            .protocol
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

/// A length of time rounded for reading at a glance: `300 ms`, `1.5 s`,
/// `2 min 5 s`.
pub fn format_span(span_us: u64) -> String {
    let ms = span_us as f64 / 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 60_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        let s = (ms / 1000.0).round() as u64;
        format!("{} min {} s", s / 60, s % 60)
    }
}

pub use paxos_core::words::count;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_counts_read_as_people_write_them() {
        assert_eq!(format_span(2_500), "2.5 ms");
        assert_eq!(format_span(300_400), "300 ms");
        assert_eq!(format_span(1_460_000), "1.5 s");
        assert_eq!(format_span(125_000_000), "2 min 5 s");
        assert_eq!(count(1u8, "node", None), "1 node");
        assert_eq!(count(3u8, "node", None), "3 nodes");
        assert_eq!(count(0u64, "reply", Some("replies")), "0 replies");
    }

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
        let mut sim = Sim::new(crate::runs::paxos::config(3, 1, 4)).unwrap();
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

// ----- Multi-Paxos -----

use paxos_core::multi::{self, MultiPaxos, Role};

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

/// A Multi-Paxos message's fields, for its details.
pub fn multi_message_fields(
    payload: &paxos_sim::sim::Payload<MultiPaxos>,
) -> Vec<(&'static str, String)> {
    use multi::{Message, Reply};
    use paxos_sim::sim::Payload;
    match payload {
        Payload::Request { value } => vec![
            ("client", value.client.to_string()),
            ("seq", value.seq.to_string()),
            ("command", value.command.to_string()),
        ],
        Payload::Reply {
            value: Reply::Done { seq, outcome },
        } => {
            vec![("seq", seq.to_string()), ("result", outcome.to_string())]
        }
        Payload::Reply {
            value: Reply::Redirect { seq, leader },
        } => vec![
            ("seq", seq.to_string()),
            (
                "leader",
                leader.map_or("unknown".to_string(), |l| l.to_string()),
            ),
        ],
        Payload::Message(msg) => match msg {
            Message::Prepare { ballot, from } => vec![
                ("ballot", ballot.to_string()),
                ("slots", format!("{from} and every slot after")),
            ],
            Message::Promise(promise) => {
                let mut fields = vec![("ballot", promise.ballot.to_string())];
                if promise.accepted.is_empty() {
                    fields.push(("accepted", "none".to_string()));
                }
                for (slot, a) in &promise.accepted {
                    fields.push((
                        "accepted",
                        format!("s{slot}: {} at {}", a.request.command, a.ballot),
                    ));
                }
                fields
            }
            Message::Accept {
                ballot,
                slot,
                request,
            } => vec![
                ("slot", slot.to_string()),
                ("ballot", ballot.to_string()),
                ("command", request.to_string()),
            ],
            Message::Accepted { ballot, slot } => {
                vec![("slot", slot.to_string()), ("ballot", ballot.to_string())]
            }
            Message::Reject { ballot, promised } => vec![
                ("ballot", ballot.to_string()),
                ("promised", promised.to_string()),
            ],
            Message::Decided {
                slot,
                ballot,
                request,
            } => vec![
                ("slot", slot.to_string()),
                ("ballot", ballot.to_string()),
                ("command", request.to_string()),
            ],
            Message::Heartbeat { ballot, chosen } => vec![
                ("ballot", ballot.to_string()),
                ("chosen up to", chosen.to_string()),
            ],
            Message::CatchUp { from } => vec![("from slot", from.to_string())],
            Message::Entries { entries } => entries
                .iter()
                .map(|(slot, a)| ("entry", format!("s{slot}: {}", a.request.command)))
                .collect(),
            Message::Forward { request } => vec![("command", request.to_string())],
        },
    }
}

/// How many slots the replica furthest ahead has executed.
pub fn multi_chosen_slots(sim: &Sim<MultiPaxos>) -> u64 {
    sim.nodes()
        .filter_map(|id| sim.node(id))
        .map(|n| n.executed)
        .max()
        .unwrap_or(0)
}

/// One cell of the log view: what a replica knows of one slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogCell {
    /// Nothing accepted, nothing known.
    Empty,
    /// Accepted in this ballot, not known chosen.
    Accepted {
        ballot: Ballot,
        command: paxos_core::kv::Command,
    },
    /// Known chosen, waiting for a gap before it to fill.
    Chosen { command: paxos_core::kv::Command },
    /// Known chosen and applied to the key-value store.
    Executed { command: paxos_core::kv::Command },
    /// A no-op, filling a hole (known chosen).
    Noop,
}

impl LogCell {
    /// The `data-state` name.
    pub fn name(&self) -> &'static str {
        match self {
            LogCell::Empty => "empty",
            LogCell::Accepted { .. } => "accepted",
            LogCell::Chosen { .. } => "chosen",
            LogCell::Executed { .. } => "executed",
            LogCell::Noop => "noop",
        }
    }
}

/// One replica's row of the log view.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub node: NodeId,
    pub up: bool,
    pub leader: bool,
    pub executed: u64,
    pub cells: Vec<LogCell>,
}

/// The log view: slots `first..first + width`, one row per replica.
#[derive(Clone, Debug, PartialEq)]
pub struct LogView {
    pub first: u64,
    pub rows: Vec<LogRow>,
    /// The highest slot anyone knows anything about.
    pub highest: u64,
}

/// The log view showing the last `width` slots anyone knows about (or
/// from slot 1 while the log is short).
pub fn log_view(sim: &Sim<MultiPaxos>, width: u64) -> LogView {
    let highest = sim
        .nodes()
        .map(|id| {
            let disk_top = sim
                .disk(id)
                .and_then(|d| d.accepted.last_key_value().map(|(s, _)| *s))
                .unwrap_or(0);
            let node_top = sim.node(id).map_or(0, |n| {
                let log = n.log.last_key_value().map_or(0, |(s, _)| *s);
                let acc = n.acceptor.accepted.last_key_value().map_or(0, |(s, _)| *s);
                log.max(acc)
            });
            disk_top.max(node_top)
        })
        .max()
        .unwrap_or(0);
    let first = highest.saturating_sub(width) + 1;
    let rows = sim
        .nodes()
        .map(|id| {
            let node = sim.node(id);
            let cells = (first..first + width)
                .map(|slot| {
                    let Some(node) = node else {
                        // A crashed replica: only its disk is left.
                        return match sim.disk(id).and_then(|d| d.accepted.get(&slot)) {
                            Some(a) => LogCell::Accepted {
                                ballot: a.ballot,
                                command: a.request.command.clone(),
                            },
                            None => LogCell::Empty,
                        };
                    };
                    if let Some(entry) = node.log.get(&slot) {
                        if entry.request.command == paxos_core::kv::Command::Noop {
                            return LogCell::Noop;
                        }
                        let command = entry.request.command.clone();
                        return if slot <= node.executed {
                            LogCell::Executed { command }
                        } else {
                            LogCell::Chosen { command }
                        };
                    }
                    match node.acceptor.accepted.get(&slot) {
                        Some(a) => LogCell::Accepted {
                            ballot: a.ballot,
                            command: a.request.command.clone(),
                        },
                        None => LogCell::Empty,
                    }
                })
                .collect();
            LogRow {
                node: id,
                up: node.is_some(),
                leader: node.is_some_and(|n| matches!(n.role, Role::Leader { .. })),
                executed: node.map_or(0, |n| n.executed),
                cells,
            }
        })
        .collect();
    LogView {
        first,
        rows,
        highest,
    }
}

/// What the clients have seen so far: (committed, issued) commands, and the
/// median latency of the committed ones, in µs.
pub fn multi_client_totals(sim: &Sim<MultiPaxos>) -> ClientTotals {
    let totals = crate::runs::multi::Totals::of(sim);
    let throughput_per_s = totals.throughput_per_s();
    ClientTotals {
        committed: totals.committed(),
        issued: totals.issued,
        median_us: totals
            .latencies_us
            .get(totals.latencies_us.len() / 2)
            .copied(),
        throughput_per_s,
        per_round_trip: throughput_per_s * crate::runs::multi::round_trip_us(sim) / 1e6,
    }
}

/// What the Multi-Paxos clients have got so far, at the cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientTotals {
    pub committed: u64,
    pub issued: u64,
    /// The median latency of answered commands.
    pub median_us: Option<u64>,
    /// Commands answered per simulated second, first command to last answer.
    pub throughput_per_s: f64,
    /// The same per nominal round trip (two hops and a disk write).
    pub per_round_trip: f64,
}
