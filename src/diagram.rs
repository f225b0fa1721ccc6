//! The sequence diagram, as data and geometry. Free of web code, so the
//! layout math is tested natively; the web component only draws the shapes
//! this module computes.
//!
//! Time flows down. Each node, then each client, has a vertical lifeline.
//! A message is an arrow from (sender, send time) to (receiver, arrival
//! time). Lifelines carry marks: crashes, restarts, disk writes, timers and
//! decisions.
//!
//! The model is built incrementally from the trace. Drawing culls to the
//! visible time window: arrows are kept in send order, so a binary search
//! finds the ones that can overlap the window. A diagram of 100,000 messages
//! draws only the few hundred on screen.

use crate::protocol::Protocol;
use crate::sim::{DropReason, Event, MsgId, TraceEvent};
use crate::types::Ballot;
use crate::types::{Actor, ClientId, NodeId};
use std::collections::BTreeSet;

/// How a message ended, as far as the trace knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct End {
    pub time_us: u64,
    /// The index of the `Deliver` or `Drop` event in the trace.
    pub index: usize,
    pub dropped: Option<DropReason>,
}

/// One message.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    pub id: MsgId,
    pub from: Actor,
    pub to: Actor,
    pub kind: &'static str,
    /// In the protocol's words, e.g. `Promise (3,n1) acc=(2,n0):"B"`.
    pub label: String,
    pub sent_us: u64,
    /// The index of the `Send` event in the trace.
    pub sent_index: usize,
    pub end: Option<End>,
    /// A duplicate made by the network, and of which message.
    pub copy_of: Option<MsgId>,
}

/// What a mark on a lifeline shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Crash,
    Restart,
    PersistStart,
    PersistDone,
    Timer,
    Decided,
    /// The node's disk was wiped (amnesia).
    Wiped,
    /// The node's disk, read back from real storage, held something else.
    Loaded,
}

impl MarkKind {
    pub fn name(&self) -> &'static str {
        match self {
            MarkKind::Crash => "crash",
            MarkKind::Restart => "restart",
            MarkKind::PersistStart => "persist-start",
            MarkKind::PersistDone => "persist-done",
            MarkKind::Timer => "timer",
            MarkKind::Decided => "decided",
            MarkKind::Wiped => "wiped",
            MarkKind::Loaded => "loaded",
        }
    }
}

/// A mark on a node's lifeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub node: NodeId,
    pub time_us: u64,
    pub index: usize,
    pub kind: MarkKind,
}

/// A quorum a node heard from, drawn across its members' lifelines.
#[derive(Clone, Debug, PartialEq)]
pub struct QuorumMark {
    /// The proposer (phase 1) or learner (phase 2) that heard it.
    pub node: NodeId,
    pub time_us: u64,
    pub index: usize,
    /// 1: these promised; 2: these accepted (the value is chosen).
    pub phase: u8,
    pub ballot: Ballot,
    pub members: Vec<NodeId>,
    /// Where it meets the quorum of the other phase that Paxos needs it to
    /// meet: a phase-1 quorum, the phase-2 quorum of the highest lower
    /// ballot (the value it must find); a phase-2 quorum, the phase-1
    /// quorum of the highest higher ballot (the proposer that must find
    /// it), or else its own ballot's. The members both share, and that
    /// quorum's ballot.
    pub overlap: Vec<NodeId>,
    pub other: Option<Ballot>,
}

impl QuorumMark {
    fn meet(&mut self, other: &QuorumMark) {
        self.other = Some(other.ballot);
        self.overlap = self
            .members
            .iter()
            .filter(|m| other.members.contains(m))
            .copied()
            .collect();
    }
}

/// A stretch of time in which a node was crashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Downtime {
    pub node: NodeId,
    pub from_us: u64,
    pub from_index: usize,
    pub until: Option<(u64, usize)>,
}

/// Everything the diagram can draw, built from the trace.
#[derive(Clone, Debug, Default)]
pub struct Diagram {
    /// In send order, which is both time order and id order.
    arrows: Vec<Arrow>,
    /// Indexes of arrows with no end in the trace yet.
    open: BTreeSet<usize>,
    marks: Vec<Mark>,
    /// The longest time any ended message took: bounds the culling search.
    max_flight_us: u64,
    /// When nodes were down: (node, crash time, crash index, restart as
    /// (time, index) once it happened).
    downtime: Vec<Downtime>,
    /// When the whole cluster lost power: (time, trace index).
    pub power_failures: Vec<(u64, usize)>,
    /// The quorums nodes heard from, in time order.
    quorums: Vec<QuorumMark>,
    /// Trace events consumed so far.
    consumed: usize,
}

impl Diagram {
    /// Consumes the trace events not seen yet. `trace` must extend the one
    /// given before; after a fork, start a new `Diagram`.
    pub fn update<P: Protocol>(&mut self, trace: &[TraceEvent<P>]) {
        for (index, event) in trace.iter().enumerate().skip(self.consumed) {
            self.add(index, event);
        }
        self.consumed = self.consumed.max(trace.len());
    }

    fn add<P: Protocol>(&mut self, index: usize, event: &TraceEvent<P>) {
        let time_us = event.time_us;
        // A mark's explanation is built only when it is drawn, from
        // `trace[index]`.
        let mark = |node: NodeId, kind: MarkKind| Mark {
            node,
            time_us,
            index,
            kind,
        };
        match &event.event {
            Event::Send {
                id,
                from,
                to,
                payload,
                copy_of,
            } => {
                self.open.insert(self.arrows.len());
                self.arrows.push(Arrow {
                    id: *id,
                    from: *from,
                    to: *to,
                    kind: payload.kind(),
                    label: payload.to_string(),
                    sent_us: time_us,
                    sent_index: index,
                    end: None,
                    copy_of: *copy_of,
                });
            }
            Event::Deliver { id } => self.end(*id, time_us, index, None),
            Event::Drop { id, reason } => self.end(*id, time_us, index, Some(*reason)),
            Event::Crash { node } => {
                self.marks.push(mark(*node, MarkKind::Crash));
                self.downtime.push(Downtime {
                    node: *node,
                    from_us: time_us,
                    from_index: index,
                    until: None,
                });
            }
            Event::Restart { node, .. } => {
                self.marks.push(mark(*node, MarkKind::Restart));
                if let Some(down) = self
                    .downtime
                    .iter_mut()
                    .rev()
                    .find(|d| d.node == *node && d.until.is_none())
                {
                    down.until = Some((time_us, index));
                }
            }
            Event::PersistStart { node, .. } => {
                self.marks.push(mark(*node, MarkKind::PersistStart))
            }
            Event::PersistDone { node, .. } => self.marks.push(mark(*node, MarkKind::PersistDone)),
            Event::Timer { node, .. } => self.marks.push(mark(*node, MarkKind::Timer)),
            Event::Decided { node, .. } => self.marks.push(mark(*node, MarkKind::Decided)),
            Event::DiskWiped { node } => self.marks.push(mark(*node, MarkKind::Wiped)),
            Event::DiskLoaded { node, .. } => self.marks.push(mark(*node, MarkKind::Loaded)),
            Event::PowerFailure => self.power_failures.push((time_us, index)),
            Event::Quorum {
                node,
                ballot,
                phase,
                members,
            } => {
                let mut mark = QuorumMark {
                    node: *node,
                    time_us,
                    index,
                    phase: *phase,
                    ballot: *ballot,
                    members: members.clone(),
                    overlap: Vec::new(),
                    other: None,
                };
                if *phase == 1 {
                    let below = self
                        .quorums
                        .iter()
                        .filter(|q| q.phase == 2 && q.ballot < *ballot)
                        .max_by_key(|q| q.ballot);
                    if let Some(q2) = below {
                        mark.meet(q2);
                    }
                } else {
                    let above = self
                        .quorums
                        .iter()
                        .filter(|q| q.phase == 1 && q.ballot >= *ballot)
                        .max_by_key(|q| q.ballot);
                    if let Some(q1) = above {
                        mark.meet(q1);
                    }
                    // Phase-1 quorums of higher ballots, earlier in time,
                    // had to meet this one too.
                    for q1 in self.quorums.iter_mut().filter(|q| {
                        q.phase == 1 && q.ballot > *ballot && q.other.is_none_or(|o| o < *ballot)
                    }) {
                        q1.meet(&mark);
                    }
                }
                self.quorums.push(mark);
            }
            Event::Partition { .. } => {}
        }
    }

    fn end(&mut self, id: MsgId, time_us: u64, index: usize, dropped: Option<DropReason>) {
        let Some(at) = self.position(id) else {
            return;
        };
        let arrow = &mut self.arrows[at];
        arrow.end = Some(End {
            time_us,
            index,
            dropped,
        });
        self.max_flight_us = self.max_flight_us.max(time_us - arrow.sent_us);
        self.open.remove(&at);
    }

    fn position(&self, id: MsgId) -> Option<usize> {
        self.arrows.binary_search_by_key(&id, |a| a.id).ok()
    }

    pub fn arrow(&self, id: MsgId) -> Option<&Arrow> {
        self.arrows.get(self.position(id)?)
    }

    pub fn arrows(&self) -> &[Arrow] {
        &self.arrows
    }

    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// Stretches of time in which a node was down, as far as trace index
    /// `visible_len` (open-ended if it had not restarted by then).
    pub fn downtime(&self, visible_len: usize) -> impl Iterator<Item = Downtime> + '_ {
        self.downtime
            .iter()
            .filter(move |d| d.from_index < visible_len)
            .map(move |d| Downtime {
                until: d.until.filter(|&(_, index)| index < visible_len),
                ..*d
            })
    }

    /// Arrows that may overlap the time window `[from_us, to_us]` and were
    /// sent by trace index `visible_len`, in send order.
    pub fn arrows_in(
        &self,
        from_us: u64,
        to_us: u64,
        visible_len: usize,
    ) -> impl Iterator<Item = &Arrow> {
        let earliest = from_us.saturating_sub(self.max_flight_us);
        let start = self.arrows.partition_point(|a| a.sent_us < earliest);
        let end = self.arrows.partition_point(|a| a.sent_us <= to_us);
        let ended = self.arrows[start..end].iter().filter(move |a| {
            a.end
                .is_none_or(|e| e.time_us >= from_us || e.index >= visible_len)
        });
        // Messages still open may have been sent before `earliest`.
        let open_early = self
            .open
            .range(..start)
            .map(|&i| &self.arrows[i])
            .filter(move |a| a.sent_us <= to_us);
        open_early
            .chain(ended)
            .filter(move |a| a.sent_index < visible_len)
    }

    /// The quorums heard within `[from_us, to_us]`, among the first
    /// `visible_len` trace events.
    pub fn quorums_in(
        &self,
        from_us: u64,
        to_us: u64,
        visible_len: usize,
    ) -> impl Iterator<Item = &QuorumMark> {
        let start = self.quorums.partition_point(|q| q.time_us < from_us);
        let end = self.quorums.partition_point(|q| q.time_us <= to_us);
        self.quorums[start..end]
            .iter()
            .filter(move |q| q.index < visible_len)
    }

    /// Every quorum heard so far.
    pub fn quorums(&self) -> &[QuorumMark] {
        &self.quorums
    }

    /// Marks in the time window that the cursor has reached.
    pub fn marks_in(
        &self,
        from_us: u64,
        to_us: u64,
        visible_len: usize,
    ) -> impl Iterator<Item = &Mark> {
        let start = self.marks.partition_point(|m| m.time_us < from_us);
        let end = self.marks.partition_point(|m| m.time_us <= to_us);
        self.marks[start..end]
            .iter()
            .filter(move |m| m.index < visible_len)
    }
}

/// Where things go on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The lifelines, left to right: nodes, then clients.
    pub lanes: Vec<Actor>,
    pub lane_width_px: f64,
    pub left_px: f64,
    /// Pixels per millisecond of simulated time (the zoom).
    pub px_per_ms: f64,
    /// Space above time 0, for the lane headers.
    pub top_px: f64,
}

/// How far the zoom may go, in pixels per simulated millisecond.
pub const ZOOM_MIN: f64 = 0.05;
pub const ZOOM_MAX: f64 = 200.0;

impl Layout {
    /// Lanes for these nodes and clients, minus the hidden ones.
    pub fn lanes(
        nodes: impl Iterator<Item = NodeId>,
        clients: impl Iterator<Item = ClientId>,
        hidden: &BTreeSet<Actor>,
    ) -> Vec<Actor> {
        nodes
            .map(Actor::Node)
            .chain(clients.map(Actor::Client))
            .filter(|a| !hidden.contains(a))
            .collect()
    }

    pub fn x(&self, actor: Actor) -> Option<f64> {
        let lane = self.lanes.iter().position(|&a| a == actor)?;
        Some(self.left_px + (lane as f64 + 0.5) * self.lane_width_px)
    }

    pub fn width(&self) -> f64 {
        self.left_px * 2.0 + self.lanes.len() as f64 * self.lane_width_px
    }

    pub fn y(&self, time_us: u64) -> f64 {
        self.top_px + time_us as f64 / 1000.0 * self.px_per_ms
    }

    /// The time at height `y`, clamped at 0.
    pub fn time_at(&self, y: f64) -> u64 {
        (((y - self.top_px) / self.px_per_ms).max(0.0) * 1000.0).round() as u64
    }

    /// The total height for a run that has reached `time_us`.
    pub fn height(&self, time_us: u64) -> f64 {
        self.y(time_us) + self.top_px
    }

    /// The zoom after zooming by `factor`, within bounds.
    pub fn zoomed(px_per_ms: f64, factor: f64) -> f64 {
        (px_per_ms * factor).clamp(ZOOM_MIN, ZOOM_MAX)
    }
}

/// An arrow's state at the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Delivered,
    Dropped(DropReason),
    /// Still travelling at the cursor: drawn up to where it has got to.
    InFlight,
}

/// An arrow ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct ArrowShape {
    pub id: MsgId,
    pub kind: &'static str,
    pub from: Actor,
    pub to: Actor,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub fate: Fate,
    pub sent_us: u64,
    /// When it arrived or was dropped, once the cursor has got there.
    pub end_us: Option<u64>,
    pub duplicate: bool,
    pub label: String,
}

/// How far along its way a lost message is drawn before its cross.
pub const LOST_AT: f64 = 0.7;

impl Arrow {
    /// Where this message has got to with the cursor at `cursor_us`: its
    /// fate, when it ended (once the cursor has got there), when it arrives
    /// or ends, and how much of the way to draw (a message that will be lost
    /// only ever gets as far as its cross). `planned_us` is the arrival time
    /// of a message still in flight at the frontier, if known.
    fn progress_at(
        &self,
        cursor_us: u64,
        visible_len: usize,
        planned_us: Option<u64>,
    ) -> (Fate, Option<u64>, u64, f64) {
        let reach = |dropped: Option<DropReason>| match dropped {
            None | Some(DropReason::Crashed) => 1.0,
            Some(_) => LOST_AT,
        };
        match self.end.filter(|e| e.index < visible_len) {
            Some(end) => {
                let fate = end.dropped.map_or(Fate::Delivered, Fate::Dropped);
                (fate, Some(end.time_us), end.time_us, reach(end.dropped))
            }
            None => {
                let arrival_us = self
                    .end
                    .map(|e| e.time_us)
                    .or(planned_us)
                    .unwrap_or(cursor_us);
                let along = if arrival_us <= self.sent_us {
                    0.0
                } else {
                    let travelled = cursor_us.saturating_sub(self.sent_us) as f64;
                    let fraction = (travelled / (arrival_us - self.sent_us) as f64).clamp(0.0, 1.0);
                    fraction * reach(self.end.and_then(|e| e.dropped))
                };
                (Fate::InFlight, None, arrival_us, along)
            }
        }
    }

    /// How far along its way a message in flight at the cursor is drawn
    /// (0 to 1), or `None` if it is not in flight then.
    pub fn progress(
        &self,
        cursor_us: u64,
        visible_len: usize,
        planned_us: Option<u64>,
    ) -> Option<f64> {
        let (fate, _, _, along) = self.progress_at(cursor_us, visible_len, planned_us);
        (fate == Fate::InFlight).then_some(along)
    }

    /// The shape of this arrow with the cursor at `cursor_us` (trace index
    /// `visible_len`). `None` if a lane is hidden.
    pub fn shape(
        &self,
        layout: &Layout,
        cursor_us: u64,
        visible_len: usize,
        planned_us: Option<u64>,
    ) -> Option<ArrowShape> {
        let (x1, x2) = (layout.x(self.from)?, layout.x(self.to)?);
        let y1 = layout.y(self.sent_us);
        let (fate, end_us, arrival_us, along) =
            self.progress_at(cursor_us, visible_len, planned_us);
        let full_y2 = layout.y(arrival_us);
        Some(ArrowShape {
            id: self.id,
            kind: self.kind,
            from: self.from,
            to: self.to,
            x1,
            y1,
            x2: x1 + (x2 - x1) * along,
            y2: y1 + (full_y2 - y1) * along,
            fate,
            sent_us: self.sent_us,
            end_us,
            duplicate: self.copy_of.is_some(),
            label: self.label.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Sim, SimConfig};

    fn layout(lanes: Vec<Actor>) -> Layout {
        Layout {
            lanes,
            lane_width_px: 100.0,
            left_px: 20.0,
            px_per_ms: 2.0,
            top_px: 40.0,
        }
    }

    fn n(i: u8) -> Actor {
        Actor::Node(NodeId(i))
    }

    #[test]
    fn time_maps_to_pixels_and_back() {
        let l = layout(vec![n(0), n(1)]);
        assert_eq!(l.y(0), 40.0);
        assert_eq!(l.y(10_000), 60.0, "10 ms at 2 px/ms below the header");
        assert_eq!(l.time_at(60.0), 10_000);
        assert_eq!(l.time_at(0.0), 0, "above the first event is time 0");
        assert_eq!(l.x(n(1)), Some(170.0), "lane centres");
        assert_eq!(l.x(n(5)), None);
        assert_eq!(l.width(), 240.0);
        assert_eq!(Layout::zoomed(150.0, 2.0), ZOOM_MAX);
        assert_eq!(Layout::zoomed(0.1, 0.1), ZOOM_MIN);
    }

    #[test]
    fn lanes_put_nodes_first_and_leave_out_hidden_ones() {
        let hidden: BTreeSet<_> = [n(1)].into_iter().collect();
        let lanes = Layout::lanes((0..3).map(NodeId), [ClientId(0)].into_iter(), &hidden);
        assert_eq!(lanes, vec![n(0), n(2), Actor::Client(ClientId(0))]);
    }

    fn diagram_of(seed: u64) -> (Diagram, Sim) {
        let mut config = SimConfig::new(3, 2, seed);
        config.network.drop_prob = 0.2;
        config.faults.until_us = config.until_us;
        let mut sim = Sim::new(config).unwrap();
        while sim.step() {}
        let mut d = Diagram::default();
        // Fed in pieces, as the UI does while playing.
        for cut in [1, 7, 50, sim.trace().len()] {
            d.update(&sim.trace()[..cut.min(sim.trace().len())]);
        }
        (d, sim)
    }

    #[test]
    fn every_message_becomes_one_arrow_with_its_fate() {
        let (d, sim) = diagram_of(3);
        let sends = sim
            .trace()
            .iter()
            .filter(|e| matches!(e.event, Event::Send { .. }))
            .count();
        assert_eq!(d.arrows().len(), sends);
        assert!(d.arrows().iter().all(|a| a.end.is_some()), "all ended");
        let dropped = d
            .arrows()
            .iter()
            .filter(|a| a.end.unwrap().dropped.is_some())
            .count();
        assert_eq!(dropped as u64, sim.summary().stats.dropped);
        assert!(d.arrows().windows(2).all(|w| w[0].sent_us <= w[1].sent_us));
        assert!(d.marks().iter().any(|m| m.kind == MarkKind::Decided));
        let clients: BTreeSet<Actor> = d
            .arrows()
            .iter()
            .map(|a| a.from)
            .filter(|a| matches!(a, Actor::Client(_)))
            .collect();
        assert_eq!(clients.len(), 2, "both clients' requests are drawn");
    }

    #[test]
    fn culling_keeps_exactly_the_arrows_overlapping_the_window() {
        let (d, sim) = diagram_of(5);
        let all = sim.trace().len();
        let end = sim.now_us();
        for window in [(0, 5_000), (10_000, 12_000), (20_000, 60_000), (0, end)] {
            let got: Vec<MsgId> = d.arrows_in(window.0, window.1, all).map(|a| a.id).collect();
            let want: Vec<MsgId> = d
                .arrows()
                .iter()
                .filter(|a| a.sent_us <= window.1 && a.end.unwrap().time_us >= window.0)
                .map(|a| a.id)
                .collect();
            assert_eq!(got, want, "window {window:?}");
        }
    }

    #[test]
    fn culling_includes_messages_still_in_flight_at_the_frontier() {
        let mut config = SimConfig::new(3, 2, 8);
        config.network.drop_prob = 0.2;
        config.faults.until_us = config.until_us;
        let mut sim = Sim::new(config).unwrap();
        // Step until some messages are in flight, past the first few steps.
        for _ in 0..200 {
            sim.step();
            let steps = sim.steps();
            let in_flight = !sim.in_flight().is_empty();
            if steps >= 20 && in_flight {
                break;
            }
        }
        let mut d = Diagram::default();
        d.update(sim.trace());
        let open: Vec<MsgId> = d
            .arrows()
            .iter()
            .filter(|a| a.end.is_none())
            .map(|a| a.id)
            .collect();
        assert!(!open.is_empty(), "some messages are in flight");
        let all = sim.trace().len();
        let now = sim.now_us();
        for window in [(0, now), (now / 2, now), (now, now)] {
            let got: Vec<MsgId> = d.arrows_in(window.0, window.1, all).map(|a| a.id).collect();
            let want: Vec<MsgId> = d
                .arrows()
                .iter()
                .filter(|a| a.sent_us <= window.1 && a.end.is_none_or(|e| e.time_us >= window.0))
                .map(|a| a.id)
                .collect();
            assert_eq!(got, want, "window {window:?}");
        }
    }

    #[test]
    fn culling_is_limited_by_the_cursor() {
        let (d, sim) = diagram_of(5);
        let visible = sim.trace().len() / 3;
        let cursor_us = sim.trace()[visible - 1].time_us;
        for a in d.arrows_in(0, u64::MAX, visible) {
            assert!(a.sent_index < visible && a.sent_us <= cursor_us);
        }
        let l = layout(vec![
            n(0),
            n(1),
            n(2),
            Actor::Client(ClientId(0)),
            Actor::Client(ClientId(1)),
        ]);
        let in_flight: Vec<_> = d
            .arrows_in(0, u64::MAX, visible)
            .filter_map(|a| a.shape(&l, cursor_us, visible, None))
            .filter(|s| s.fate == Fate::InFlight)
            .collect();
        for s in &in_flight {
            assert!(s.end_us.is_none());
            assert!(
                s.y2 <= l.y(cursor_us) + 1e-9,
                "an arrow grows no further than the cursor"
            );
        }
    }

    #[test]
    fn an_arrow_in_flight_grows_with_the_cursor() {
        let arrow = Arrow {
            id: 0,
            from: n(0),
            to: n(1),
            kind: "Prepare",
            label: "Prepare (1,n0)".into(),
            sent_us: 10_000,
            sent_index: 3,
            end: Some(End {
                time_us: 20_000,
                index: 9,
                dropped: None,
            }),
            copy_of: None,
        };
        let l = layout(vec![n(0), n(1)]);
        let half = arrow.shape(&l, 15_000, 5, None).unwrap();
        assert_eq!(half.fate, Fate::InFlight);
        assert_eq!(
            (half.x2, half.y2),
            (120.0, l.y(15_000)),
            "halfway across, at the cursor"
        );
        let done = arrow.shape(&l, 25_000, 10, None).unwrap();
        assert_eq!((done.fate, done.end_us), (Fate::Delivered, Some(20_000)));
        assert_eq!((done.x2, done.y2), (170.0, l.y(20_000)));
        let mut lost = arrow.clone();
        lost.end.as_mut().unwrap().dropped = Some(DropReason::Loss);
        let just_before = lost.shape(&l, 19_999, 9, None).unwrap();
        assert_eq!(just_before.fate, Fate::InFlight);
        assert!(
            just_before.x2 <= 70.0 + 100.0 * LOST_AT + 1e-9,
            "a doomed message never reaches further than its cross"
        );
        let cross = lost.shape(&l, 25_000, 10, None).unwrap();
        assert_eq!(cross.fate, Fate::Dropped(DropReason::Loss));
        assert!(
            (cross.x2 - (70.0 + 100.0 * LOST_AT)).abs() < 1e-9,
            "ends in a cross on the way"
        );
        assert!(
            lost.shape(&layout(vec![n(0)]), 25_000, 10, None).is_none(),
            "hidden lane"
        );
    }
}
