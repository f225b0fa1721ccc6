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

use paxos_core::collections::LiteSet;
use paxos_core::protocol::Protocol;
use paxos_core::types::Ballot;
use paxos_core::types::{Actor, ClientId, NodeId};
use paxos_sim::sim::{DropReason, Event, MsgId, TraceEvent};
use paxos_sim::timeline::Timeline;
use std::rc::Rc;

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
    pub sent_us: u64,
    /// The index of the `Send` event in the trace.
    pub sent_index: usize,
    pub end: Option<End>,
    /// A duplicate made by the network, and of which message.
    pub copy_of: Option<MsgId>,
    /// How many messages the same sender sent the same receiver at the
    /// same moment before this one: drawn that many steps lower, so that
    /// each can be seen and clicked.
    pub stack: u8,
}

/// How far apart simultaneous arrows between the same two lifelines are
/// drawn, in pixels.
pub const STACK_PX: f64 = 7.0;

/// What a mark on a lifeline shows. Its name (`persist-start`) is what the
/// page's DOM calls it.
#[derive(Clone, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
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
        self.into()
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
    open: LiteSet<usize>,
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
    /// The quiet stretches so far (see [`Fold`]), shared with the layouts
    /// made from this diagram.
    folds: Rc<Vec<Fold>>,
    /// When the last event consumed happened.
    last_us: u64,
    /// Trace events consumed so far.
    consumed: usize,
}

/// Quiet stretches at least this long fold on a compressed time axis.
pub const FOLD_MIN_US: u64 = 20_000;
/// The height a folded stretch takes on screen, in pixels (less when
/// zoomed out so far that the stretch itself would be shorter).
pub const FOLD_PX: f64 = 32.0;

/// A quiet stretch of the run: nothing happened from `from_us` to `to_us`
/// and no message was on the wire. On a compressed time axis it is drawn
/// folded, as a short marked gap, so that a run with long lulls (waiting
/// for a timeout, say) still fits on one screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub from_us: u64,
    pub to_us: u64,
    /// The folded time of every earlier fold, added up.
    before_us: u64,
}

impl Fold {
    pub fn duration_us(&self) -> u64 {
        self.to_us - self.from_us
    }
}

/// The folds a layout draws: the quiet stretches the trace has closed, and
/// the one still going on at the live edge, if any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Folds {
    closed: Rc<Vec<Fold>>,
    open: Option<Fold>,
}

impl Folds {
    /// A linear time axis: nothing folded.
    pub fn none() -> Folds {
        Folds::default()
    }

    fn len(&self) -> usize {
        self.closed.len() + usize::from(self.open.is_some())
    }

    fn get(&self, k: usize) -> Option<Fold> {
        self.closed
            .get(k)
            .copied()
            .or_else(|| (k == self.closed.len()).then_some(self.open).flatten())
    }

    /// How many folds end at or before `time_us`.
    fn ended_by(&self, time_us: u64) -> usize {
        let closed = self.closed.partition_point(|f| f.to_us <= time_us);
        if closed == self.closed.len() && self.open.is_some_and(|f| f.to_us <= time_us) {
            closed + 1
        } else {
            closed
        }
    }

    /// The time folded away by the first `k` folds.
    fn folded_before(&self, k: usize) -> u64 {
        match self.get(k) {
            Some(fold) => fold.before_us,
            None => self
                .get(k.wrapping_sub(1))
                .map_or(0, |last| last.before_us + last.duration_us()),
        }
    }

    /// The folds that overlap `[from_us, to_us]`.
    pub fn within(&self, from_us: u64, to_us: u64) -> impl Iterator<Item = Fold> + '_ {
        let start = self.ended_by(from_us);
        (start..self.len()).map_while(move |k| self.get(k).filter(|f| f.from_us <= to_us))
    }

    /// Every fold, in time order.
    pub fn all(&self) -> impl Iterator<Item = Fold> + '_ {
        (0..self.len()).filter_map(|k| self.get(k))
    }
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
        if self.open.is_empty() && time_us >= self.last_us + FOLD_MIN_US {
            let before_us = self
                .folds
                .last()
                .map_or(0, |f| f.before_us + f.duration_us());
            Rc::make_mut(&mut self.folds).push(Fold {
                from_us: self.last_us,
                to_us: time_us,
                before_us,
            });
        }
        self.last_us = self.last_us.max(time_us);
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
                let stack = self
                    .arrows
                    .iter()
                    .rev()
                    .take_while(|a| a.sent_us == time_us)
                    .filter(|a| a.from == *from && a.to == *to)
                    .count();
                self.open.insert(self.arrows.len());
                paxos_sim::history::push(
                    &mut self.arrows,
                    Arrow {
                        stack: u8::try_from(stack).unwrap_or(u8::MAX),
                        id: *id,
                        from: *from,
                        to: *to,
                        kind: payload.kind(),
                        sent_us: time_us,
                        sent_index: index,
                        end: None,
                        copy_of: *copy_of,
                    },
                );
            }
            Event::Deliver { id } => self.end(*id, time_us, index, None),
            Event::Drop { id, reason } => self.end(*id, time_us, index, Some(*reason)),
            Event::Crash { node } => {
                paxos_sim::history::push(&mut self.marks, mark(*node, MarkKind::Crash));
                self.downtime.push(Downtime {
                    node: *node,
                    from_us: time_us,
                    from_index: index,
                    until: None,
                });
            }
            Event::Restart { node, .. } => {
                paxos_sim::history::push(&mut self.marks, mark(*node, MarkKind::Restart));
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
                paxos_sim::history::push(&mut self.marks, mark(*node, MarkKind::PersistStart))
            }
            Event::PersistDone { node, .. } => {
                paxos_sim::history::push(&mut self.marks, mark(*node, MarkKind::PersistDone))
            }
            Event::Timer { node, .. } => {
                paxos_sim::history::push(&mut self.marks, mark(*node, MarkKind::Timer))
            }
            Event::Decided { node, .. } => {
                paxos_sim::history::push(&mut self.marks, mark(*node, MarkKind::Decided))
            }
            Event::DiskWiped { node } => {
                paxos_sim::history::push(&mut self.marks, mark(*node, MarkKind::Wiped))
            }
            Event::DiskLoaded { node, .. } => {
                paxos_sim::history::push(&mut self.marks, mark(*node, MarkKind::Loaded))
            }
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

    /// The quiet stretches to fold for a run that has reached `end_us`: the
    /// closed ones, and the lull since the last event if it is long enough
    /// and nothing is on the wire.
    pub fn folds(&self, end_us: u64) -> Folds {
        let open = (self.open.is_empty() && end_us >= self.last_us + FOLD_MIN_US).then(|| Fold {
            from_us: self.last_us,
            to_us: end_us,
            before_us: self
                .folds
                .last()
                .map_or(0, |f| f.before_us + f.duration_us()),
        });
        Folds {
            closed: self.folds.clone(),
            open,
        }
    }

    /// When the last thing in the trace happened.
    pub fn last_event_us(&self) -> u64 {
        self.last_us
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
            .iter()
            .take_while(move |&&i| i < start)
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
    /// The quiet stretches drawn folded ([`Folds::none`] for a linear
    /// time axis).
    pub folds: Folds,
}

/// How far the zoom may go, in pixels per simulated millisecond.
pub const ZOOM_MIN: f64 = 0.05;
pub const ZOOM_MAX: f64 = 200.0;
/// Lanes are as wide as the view allows, within these bounds (pixels).
pub const LANE_MIN_PX: f64 = 64.0;
pub const LANE_MAX_PX: f64 = 150.0;

impl Layout {
    /// Lanes for these nodes and clients, minus the hidden ones.
    pub fn lanes(
        nodes: impl Iterator<Item = NodeId>,
        clients: impl Iterator<Item = ClientId>,
        hidden: &LiteSet<Actor>,
    ) -> Vec<Actor> {
        nodes
            .map(Actor::Node)
            .chain(clients.map(Actor::Client))
            .filter(|a| !hidden.contains(a))
            .collect()
    }

    /// The same layout with lanes as wide as fit in `width_px` (within
    /// [`LANE_MIN_PX`] and [`LANE_MAX_PX`]; narrower views scroll sideways).
    pub fn fitted(self, width_px: f64) -> Layout {
        let lanes = self.lanes.len().max(1) as f64;
        let lane_width_px =
            ((width_px - 2.0 * self.left_px) / lanes).clamp(LANE_MIN_PX, LANE_MAX_PX);
        Layout {
            lane_width_px,
            ..self
        }
    }

    pub fn x(&self, actor: Actor) -> Option<f64> {
        let lane = self.lanes.iter().position(|&a| a == actor)?;
        Some(self.left_px + (lane as f64 + 0.5) * self.lane_width_px)
    }

    pub fn width(&self) -> f64 {
        self.left_px * 2.0 + self.lanes.len() as f64 * self.lane_width_px
    }

    /// The height one fold takes: [`FOLD_PX`], or less when zoomed out so
    /// far that even the shortest fold is shorter than that unfolded.
    pub fn fold_px(&self) -> f64 {
        FOLD_PX.min(FOLD_MIN_US as f64 / 1000.0 * self.px_per_ms)
    }

    /// Where time `time_us` would be if the first `k` folds were folded
    /// and nothing after them.
    fn linear_y(&self, time_us: u64, k: usize) -> f64 {
        let unfolded = time_us.saturating_sub(self.folds.folded_before(k));
        self.top_px + unfolded as f64 / 1000.0 * self.px_per_ms + k as f64 * self.fold_px()
    }

    /// Where fold `k` starts on screen.
    fn fold_top(&self, k: usize) -> Option<f64> {
        self.folds.get(k).map(|f| self.linear_y(f.from_us, k))
    }

    pub fn y(&self, time_us: u64) -> f64 {
        let k = self.folds.ended_by(time_us);
        match self.folds.get(k).filter(|f| f.from_us < time_us) {
            // Inside a fold: spread over its height.
            Some(fold) => {
                let along = (time_us - fold.from_us) as f64 / fold.duration_us() as f64;
                self.linear_y(fold.from_us, k) + along * self.fold_px()
            }
            None => self.linear_y(time_us, k),
        }
    }

    /// The time at height `y`, clamped at 0.
    pub fn time_at(&self, y: f64) -> u64 {
        // The folds that start at or above y.
        let mut low = 0;
        let mut high = self.folds.len();
        while low < high {
            let mid = (low + high) / 2;
            if self.fold_top(mid).is_some_and(|top| top <= y) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        let started = low;
        if let Some(k) = started.checked_sub(1) {
            let fold = self.folds.get(k).expect("a fold that started");
            let top = self.fold_top(k).expect("a fold that started");
            if y < top + self.fold_px() {
                let along = ((y - top) / self.fold_px()).clamp(0.0, 1.0);
                return fold.from_us + (along * fold.duration_us() as f64).round() as u64;
            }
        }
        let unfolded_px = y - self.top_px - started as f64 * self.fold_px();
        let unfolded_us = ((unfolded_px / self.px_per_ms).max(0.0) * 1000.0).round() as u64;
        unfolded_us + self.folds.folded_before(started)
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
    /// See [`Arrow::stack`].
    pub stack: u8,
    /// In the protocol's words, e.g. `Promise (3,n1) acc=(2,n0):"B"`
    /// (empty until the caller fills it in: see [`label`]).
    pub label: String,
}

/// How far along its way a lost message is drawn before its cross.
pub const LOST_AT: f64 = 0.7;

/// How far across a message is drawn that is still on the wire after it
/// was due (manual scheduling held it back): its head waits at the
/// cursor's moment, short of its receiver.
pub const HELD_AT: f64 = 0.85;

/// The layout the page draws `timeline` with at its cursor: a lane for
/// every node and every client the cluster knows there (even one whose
/// first request has not left yet) but the hidden ones, at `px_per_ms`,
/// with quiet stretches folded if `compress`. The page and the pictures
/// made of it (`svg::picture_of`) share it, so a picture shows what the
/// page shows.
pub fn page_layout<P: Protocol>(
    timeline: &Timeline<P>,
    diagram: &Diagram,
    px_per_ms: f64,
    hidden_lanes: &LiteSet<Actor>,
    compress: bool,
) -> Layout {
    let state = timeline.state();
    let clients = (0..state.config().clients.len() as u8).map(ClientId);
    let end_us = timeline.frontier_time_us().max(timeline.cursor().time_us);
    Layout {
        lanes: Layout::lanes(state.nodes(), clients, hidden_lanes),
        lane_width_px: LANE_MAX_PX,
        left_px: 8.0,
        px_per_ms,
        top_px: 16.0,
        folds: if compress {
            diagram.folds(end_us)
        } else {
            Folds::none()
        },
    }
}

/// A message's label, in the protocol's words (`Promise (3,n1)
/// acc=(2,n0):"B"`), made from its `Send` in the trace when it is drawn: the
/// diagram keeps no text per message, so a long run costs less memory.
pub fn label<P: Protocol>(trace: &[TraceEvent<P>], arrow: &Arrow) -> String {
    match trace.get(arrow.sent_index).map(|e| &e.event) {
        Some(Event::Send { payload, .. }) => payload.to_string(),
        _ => arrow.kind.to_string(),
    }
}

impl Arrow {
    /// Where this message has got to with the cursor at `cursor_us`: its
    /// fate, when it ended (once the cursor has got there), when it arrives
    /// or ends, and how much of the way to draw (a message that will be lost
    /// only ever gets as far as its cross). `planned_us` is the arrival time
    /// of a message still in flight at the frontier, if known. The last
    /// number is how far down towards its arrival to draw it: as far as
    /// across, but all the way (to the cursor) for a message held back.
    fn progress_at(
        &self,
        cursor_us: u64,
        visible_len: usize,
        planned_us: Option<u64>,
    ) -> (Fate, Option<u64>, u64, f64, f64) {
        let reach = |dropped: Option<DropReason>| match dropped {
            None | Some(DropReason::Crashed) => 1.0,
            Some(_) => LOST_AT,
        };
        match self.end.filter(|e| e.index < visible_len) {
            Some(end) => {
                let fate = end.dropped.map_or(Fate::Delivered, Fate::Dropped);
                let along = reach(end.dropped);
                (fate, Some(end.time_us), end.time_us, along, along)
            }
            None => {
                let due_us = self
                    .end
                    .map(|e| e.time_us)
                    .or(planned_us)
                    .unwrap_or(cursor_us);
                if due_us < cursor_us {
                    return (Fate::InFlight, None, cursor_us, HELD_AT, 1.0);
                }
                let along = if due_us <= self.sent_us {
                    0.0
                } else {
                    let travelled = cursor_us.saturating_sub(self.sent_us) as f64;
                    let fraction = (travelled / (due_us - self.sent_us) as f64).clamp(0.0, 1.0);
                    fraction * reach(self.end.and_then(|e| e.dropped))
                };
                (Fate::InFlight, None, due_us, along, along)
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
        let (fate, _, _, along, _) = self.progress_at(cursor_us, visible_len, planned_us);
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
        let offset = f64::from(self.stack) * STACK_PX;
        let y1 = layout.y(self.sent_us) + offset;
        let (fate, end_us, arrival_us, along, down) =
            self.progress_at(cursor_us, visible_len, planned_us);
        let full_y2 = layout.y(arrival_us) + offset;
        Some(ArrowShape {
            id: self.id,
            kind: self.kind,
            from: self.from,
            to: self.to,
            x1,
            y1,
            x2: x1 + (x2 - x1) * along,
            y2: y1 + (full_y2 - y1) * down,
            fate,
            sent_us: self.sent_us,
            end_us,
            duplicate: self.copy_of.is_some(),
            stack: self.stack,
            label: String::new(),
        })
    }
}

/// Label text is 11 px monospace: at most this wide per character (a
/// little over the font's advance, for glyphs from fallback fonts).
pub const LABEL_CHAR_PX: f64 = 7.0;
/// A label's box above its baseline, and below it.
pub const LABEL_ASCENT_PX: f64 = 10.0;
pub const LABEL_DESCENT_PX: f64 = 3.0;
/// Arrows shorter than this on screen carry no label.
pub const LABEL_MIN_ARROW_PX: f64 = 28.0;

/// A box on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }
}

/// Where an arrow's label goes: centred on `x`, with its baseline at `y`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelSpot {
    pub x: f64,
    pub y: f64,
    pub rect: Rect,
}

/// The box of a label of `chars` characters centred on `x` with its
/// baseline at `y`.
pub fn label_rect(x: f64, y: f64, chars: usize) -> Rect {
    let width = chars as f64 * LABEL_CHAR_PX;
    Rect {
        x: x - width / 2.0,
        y: y - LABEL_ASCENT_PX,
        width,
        height: LABEL_ASCENT_PX + LABEL_DESCENT_PX,
    }
}

/// Lays out the labels of `shapes` so that no two overlap: each label
/// tries the middle of its arrow, then points further along either way,
/// and is left out (its text stays in the arrow's tooltip) if every spot
/// collides with a label already placed. The selected arrow goes first, so
/// its label always shows; then arrows in send order. `chars` gives each
/// label's length.
pub fn place_labels(
    shapes: &[ArrowShape],
    selected: Option<MsgId>,
    chars: impl Fn(&ArrowShape) -> usize,
) -> Vec<Option<LabelSpot>> {
    const ALONG: [f64; 7] = [0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85];
    let mut spots = vec![None; shapes.len()];
    let mut placed: Vec<Rect> = Vec::new();
    let order = shapes
        .iter()
        .enumerate()
        .filter(|(_, s)| Some(s.id) == selected)
        .chain(
            shapes
                .iter()
                .enumerate()
                .filter(|(_, s)| Some(s.id) != selected),
        );
    for (i, s) in order {
        let (dx, dy) = (s.x2 - s.x1, s.y2 - s.y1);
        let length = (dx * dx + dy * dy).sqrt();
        if length < LABEL_MIN_ARROW_PX && Some(s.id) != selected {
            continue;
        }
        let n = chars(s);
        let spot = ALONG.iter().find_map(|&t| {
            let (x, y) = (s.x1 + (s.x2 - s.x1) * t, s.y1 + (s.y2 - s.y1) * t - 3.0);
            let rect = label_rect(x, y, n);
            (!placed.iter().any(|p| p.overlaps(&rect))).then_some(LabelSpot { x, y, rect })
        });
        if let Some(spot) = spot {
            placed.push(spot.rect);
            spots[i] = Some(spot);
        }
    }
    spots
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos_sim::sim::Sim;

    /// The page's DOM and its end-to-end tests name marks so
    /// (`data-mark=persist-start`).
    #[test]
    fn marks_have_stable_names() {
        let names: Vec<&str> = [
            MarkKind::Crash,
            MarkKind::Restart,
            MarkKind::PersistStart,
            MarkKind::PersistDone,
            MarkKind::Timer,
            MarkKind::Decided,
            MarkKind::Wiped,
            MarkKind::Loaded,
        ]
        .iter()
        .map(MarkKind::name)
        .collect();
        assert_eq!(
            names,
            [
                "crash",
                "restart",
                "persist-start",
                "persist-done",
                "timer",
                "decided",
                "wiped",
                "loaded"
            ]
        );
    }

    fn layout(lanes: Vec<Actor>) -> Layout {
        Layout {
            lanes,
            lane_width_px: 100.0,
            left_px: 20.0,
            px_per_ms: 2.0,
            top_px: 40.0,
            folds: Folds::none(),
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

    /// The default run: "A" is chosen by about 50 ms, then nothing happens
    /// until a client's retry timer fires at 500 ms.
    fn default_run() -> (Diagram, Sim<paxos_core::paxos::SingleDecree>) {
        let mut sim = Sim::new(crate::runs::paxos::config(3, 2, 1)).unwrap();
        while sim.step() {}
        let mut d = Diagram::default();
        d.update(sim.trace());
        (d, sim)
    }

    #[test]
    fn a_quiet_stretch_with_nothing_on_the_wire_folds() {
        let (d, sim) = default_run();
        let folds: Vec<Fold> = d.folds(sim.now_us()).all().collect();
        assert!(!folds.is_empty(), "the lull before the retry timer folds");
        for f in &folds {
            assert!(f.duration_us() >= FOLD_MIN_US);
            // Nothing is on the wire during a fold: no arrow crosses it.
            for a in d.arrows() {
                let end = a.end.unwrap().time_us;
                assert!(
                    end <= f.from_us || a.sent_us >= f.to_us,
                    "{a:?} crosses {f:?}"
                );
            }
        }
        let last = folds.last().unwrap();
        assert_eq!(
            (last.from_us, last.to_us),
            (d.last_event_us(), sim.now_us()),
            "the lull at the end, until the client's timer"
        );
        let mut l = layout(vec![n(0), n(1), n(2)]);
        l.px_per_ms = 16.0;
        let linear = l.clone();
        l.folds = d.folds(sim.now_us());
        assert_eq!(
            l.y(last.to_us) - l.y(last.from_us),
            FOLD_PX,
            "a fold is a short gap"
        );
        assert!(
            l.height(sim.now_us()) < linear.height(sim.now_us()) / 3.0,
            "the whole run fits in far less height: {} vs {}",
            l.height(sim.now_us()),
            linear.height(sim.now_us())
        );
        // Before the first fold nothing moves.
        let first = folds[0];
        assert_eq!(l.y(first.from_us), linear.y(first.from_us));
        // Time maps to pixels and back, inside folds and out.
        let mut previous = f64::NEG_INFINITY;
        for t in (0..=sim.now_us()).step_by(997) {
            let y = l.y(t);
            assert!(y >= previous, "y grows with time at {t}");
            previous = y;
            let back = l.time_at(y);
            let inside = folds.iter().any(|f| f.from_us < t && t < f.to_us);
            let tolerance = if inside { last.duration_us() / 30 } else { 1 };
            assert!(back.abs_diff(t) <= tolerance, "{t} -> {y} -> {back}");
        }
    }

    #[test]
    fn nothing_folds_while_a_message_is_on_the_wire() {
        let mut config = crate::runs::paxos::config(3, 2, 1);
        // Every message takes longer than a fold, so the gaps between
        // events are long, but something is always in flight.
        config.network.latency_min_us = 60_000;
        config.network.latency_max_us = 60_000;
        let mut sim = Sim::new(config).unwrap();
        while sim.step() {
            if sim.monitor().chosen().is_some() {
                break;
            }
        }
        let mut d = Diagram::default();
        d.update(sim.trace());
        assert_eq!(d.folds(sim.now_us()).all().count(), 0);
    }

    #[test]
    fn the_lull_at_the_live_edge_folds_once_it_is_long_enough() {
        let (d, _) = default_run();
        let end = d.last_event_us();
        let closed = d.folds(end).all().count();
        assert_eq!(d.folds(end + FOLD_MIN_US - 1).all().count(), closed);
        let open = d.folds(end + 300_000);
        assert_eq!(open.all().count(), closed + 1);
        let fold = open.all().last().unwrap();
        assert_eq!((fold.from_us, fold.to_us), (end, end + 300_000));
        let mut l = layout(vec![n(0)]);
        l.px_per_ms = 16.0;
        l.folds = open;
        assert_eq!(
            l.y(end + 300_000),
            l.y(end) + FOLD_PX,
            "the cursor waits just below the last events"
        );
        assert_eq!(l.folds.within(end + 1, end + 2).count(), 1);
        assert_eq!(l.folds.within(0, 1).count(), 0);
    }

    #[test]
    fn zoomed_far_out_a_fold_is_no_taller_than_its_stretch() {
        let (d, sim) = default_run();
        let mut l = layout(vec![n(0)]);
        l.px_per_ms = ZOOM_MIN;
        l.folds = d.folds(sim.now_us());
        let mut previous = f64::NEG_INFINITY;
        for t in (0..=sim.now_us()).step_by(1000) {
            assert!(l.y(t) >= previous);
            previous = l.y(t);
        }
        assert!(l.fold_px() <= FOLD_MIN_US as f64 / 1000.0 * ZOOM_MIN + 1e-9);
    }

    #[test]
    fn lanes_fit_the_width_within_bounds() {
        let l = layout(vec![n(0), n(1), n(2), n(3)]);
        assert_eq!(l.clone().fitted(440.0).lane_width_px, 100.0);
        assert_eq!(l.clone().fitted(10_000.0).lane_width_px, LANE_MAX_PX);
        assert_eq!(
            l.fitted(100.0).lane_width_px,
            LANE_MIN_PX,
            "too narrow: scroll sideways"
        );
    }

    fn shape(id: MsgId, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) -> ArrowShape {
        ArrowShape {
            id,
            kind: "Accept",
            from: n(0),
            to: n(1),
            x1,
            y1,
            x2,
            y2,
            fate: Fate::Delivered,
            sent_us: 0,
            end_us: Some(1),
            duplicate: false,
            stack: 0,
            label: "Accept (1,n0) \"A\"".into(),
        }
    }

    #[test]
    fn labels_never_overlap_and_a_crowded_one_is_left_out() {
        // Five arrows leaving one node at the same moment, fanning out: the
        // duel's tangle. Every label that is drawn has a box of its own.
        let shapes: Vec<ArrowShape> = (0..5)
            .map(|i| {
                shape(
                    i,
                    (100.0, 100.0),
                    (250.0 + 150.0 * i as f64, 130.0 + 4.0 * i as f64),
                )
            })
            .collect();
        let spots = place_labels(&shapes, None, |s| s.label.chars().count());
        let drawn: Vec<Rect> = spots.iter().flatten().map(|s| s.rect).collect();
        for (i, a) in drawn.iter().enumerate() {
            for b in &drawn[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
        assert!(drawn.len() >= 2, "spread along the arrows, several fit");
        // Two arrows on top of each other: the second label has no room.
        let same = [
            shape(1, (0.0, 0.0), (150.0, 20.0)),
            shape(2, (0.0, 0.0), (150.0, 20.0)),
        ];
        let spots = place_labels(&same, None, |_| 20);
        assert!(spots[0].is_some());
        assert!(spots[1].is_none(), "left out, kept in the tooltip");
        // The selected arrow's label always wins.
        let spots = place_labels(&same, Some(2), |_| 20);
        assert!(spots[1].is_some() && spots[0].is_none());
    }

    #[test]
    fn simultaneous_messages_between_the_same_nodes_are_drawn_apart() {
        use paxos_core::paxos::Message;
        use paxos_core::types::Ballot;
        use paxos_sim::sim::Payload;
        let send = |id: MsgId, to: u8, msg: Message| TraceEvent::<paxos_core::paxos::SingleDecree> {
            time_us: 5_000,
            event: Event::Send {
                id,
                from: n(1),
                to: n(to),
                payload: Payload::Message(msg),
                copy_of: None,
            },
        };
        let b = Ballot::new(1, NodeId(0));
        let trace = vec![
            send(
                0,
                0,
                Message::Accepted {
                    ballot: b,
                    value: paxos_core::types::Value::new("A"),
                },
            ),
            send(1, 2, Message::Prepare { ballot: b }),
            send(
                2,
                0,
                Message::Reject {
                    ballot: b,
                    promised: b,
                },
            ),
        ];
        let mut d = Diagram::default();
        d.update(&trace);
        let stacks: Vec<u8> = d.arrows().iter().map(|a| a.stack).collect();
        assert_eq!(stacks, vec![0, 0, 1], "only the second n1→n0 moves");
        let l = layout(vec![n(0), n(1), n(2)]);
        let a = d.arrows()[0].shape(&l, 9_000, 3, Some(8_000)).unwrap();
        let c = d.arrows()[2].shape(&l, 9_000, 3, Some(8_000)).unwrap();
        assert_eq!(c.y1 - a.y1, STACK_PX);
        assert_eq!(c.y2 - a.y2, STACK_PX);
    }

    #[test]
    fn lanes_put_nodes_first_and_leave_out_hidden_ones() {
        let hidden: LiteSet<_> = [n(1)].into_iter().collect();
        let lanes = Layout::lanes((0..3).map(NodeId), [ClientId(0)].into_iter(), &hidden);
        assert_eq!(lanes, vec![n(0), n(2), Actor::Client(ClientId(0))]);
    }

    fn diagram_of(seed: u64) -> (Diagram, Sim<paxos_core::paxos::SingleDecree>) {
        let mut config = crate::runs::paxos::config(3, 2, seed);
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
        let clients: LiteSet<Actor> = d
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
        let mut config = crate::runs::paxos::config(3, 2, 8);
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

    /// A Prepare from n0 to n1 sent at 10 ms (trace event 3), ending as
    /// `end` says.
    fn prepare(end: Option<End>) -> Arrow {
        Arrow {
            id: 0,
            from: n(0),
            to: n(1),
            kind: "Prepare",
            sent_us: 10_000,
            sent_index: 3,
            end,
            copy_of: None,
            stack: 0,
        }
    }

    #[test]
    fn an_arrow_in_flight_grows_with_the_cursor() {
        let arrow = prepare(Some(End {
            time_us: 20_000,
            index: 9,
            dropped: None,
        }));
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

    /// Held back past its due time by manual scheduling, a message waits
    /// at the cursor, short of its receiver: it is not drawn as arrived.
    #[test]
    fn an_arrow_held_back_past_its_due_time_waits_short_of_its_receiver() {
        // Still in flight, due at 20 ms.
        let arrow = prepare(None);
        let l = layout(vec![n(0), n(1)]);
        let held = arrow.shape(&l, 30_000, 5, Some(20_000)).unwrap();
        assert_eq!(held.fate, Fate::InFlight);
        assert_eq!(held.x2, 70.0 + 100.0 * HELD_AT);
        assert_eq!(held.y2, l.y(30_000), "its head at the cursor's moment");
        // On time, it still reaches its receiver as it is due.
        let due = arrow.shape(&l, 20_000, 5, Some(20_000)).unwrap();
        assert_eq!((due.x2, due.y2), (170.0, l.y(20_000)));
    }
}
