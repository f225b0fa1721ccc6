//! Time travel over one run: a cursor that moves back and forth through the
//! simulated history, and user actions recorded so that the run can be
//! replayed exactly.
//!
//! A run is a sequence of **positions**. Each move to the next position is
//! either one simulator step or one user action, and has a time: the step's
//! event time, or the moment the user acted. An action taken while paused
//! between two steps is a position of its own, so it is seen only from the
//! moment it happened, never before.
//!
//! The *frontier* is the simulator at the furthest position computed so
//! far. It holds the whole trace. The *cursor* is what the user is looking
//! at: a position, seen at some time before the next one. Behind the
//! frontier the future is already known: it follows from the seed and the
//! recorded actions. So moving the cursor only changes what is shown, and
//! the state at the cursor is rebuilt by replay from the nearest snapshot.
//!
//! A user action taken with the cursor in the past **forks** history: the
//! frontier is rebuilt at the cursor, and the run continues from there with
//! the new action. The old future is not lost: it is kept as a
//! [`Branch`] (the actions that made it, and how far it had got), and
//! [`Timeline::switch_branch`] goes back to it by replay, with the same
//! guarantee as any run: same seed, same actions, same trace.

use crate::sim::{Choice, ConfigError, DiskConfig, MsgId, NetworkConfig, Sim, SimConfig};
use paxos_core::collections::LiteSet;
use paxos_core::protocol::Protocol;
use paxos_core::types::NodeId;
use serde::{Deserialize, Serialize};

/// Snapshots are taken every this many positions at first.
pub const SNAPSHOT_EVERY: usize = 4096;
/// The most snapshots kept. A snapshot holds the whole cluster's state,
/// which grows with a long run (every ballot's votes, say), so a long run
/// keeps fewer, further apart: past this many, every other one is
/// dropped and the spacing doubles. A rewind then replays further, but
/// memory stays bounded. (Snapshots can always be rebuilt by replay.)
pub const MAX_SNAPSHOTS: usize = 32;

/// Something the user did to the running cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", bound = "")]
pub enum Action<P: Protocol> {
    Crash {
        node: NodeId,
    },
    Restart {
        node: NodeId,
    },
    /// A new client starts at `node`: in single-decree Paxos it asks for
    /// `value` to be chosen; in Multi-Paxos it runs the commands of `value`.
    Propose {
        node: NodeId,
        value: P::Proposal,
    },
    /// The complete set of cut links, as (from, to).
    SetCut {
        cut: Vec<(NodeId, NodeId)>,
    },
    SetNetwork {
        network: NetworkConfig,
    },
    SetDisk {
        disk: DiskConfig,
    },
    DropMessage {
        id: MsgId,
    },
    DuplicateMessage {
        id: MsgId,
    },
    DelayMessage {
        id: MsgId,
        by_us: u64,
    },
    /// The amnesia fault: wipe a crashed node's disk.
    WipeDisk {
        node: NodeId,
    },
    /// A crashed node's disk, read back from real storage, held `state`
    /// rather than what the simulator expected.
    LoadDisk {
        node: NodeId,
        state: P::Durable,
    },
    /// The whole cluster lost power, and each node restarts from what its
    /// disk was found to hold (in node order).
    PowerFailure {
        disks: Vec<P::Durable>,
    },
    /// Change one of the protocol's own settings (single-decree Paxos: a
    /// bug toggle, the durability mode, the quorum sizes, backoff).
    Tune {
        knob: P::Knob,
    },
    /// A new client, as specified (single-decree Paxos: a reader).
    AddClient {
        spec: P::ClientSpec,
    },
    /// Manual scheduling: this pending event happens now, out of the
    /// simulator's own order (see `sim::Choice`). New variants go last:
    /// links and saved runs name variants by position.
    Pick {
        choice: Choice<P>,
    },
    /// Manual scheduling on (`on`), or off: while it is on, nothing
    /// happens unless picked (see `Sim::set_manual`).
    Manual {
        on: bool,
    },
}

impl<P: Protocol> Action<P> {
    /// Carries out the action. `Ok(false)` means it changed nothing (such as
    /// crashing a node that is already down) and need not be recorded.
    pub fn apply(&self, sim: &mut Sim<P>) -> Result<bool, ConfigError> {
        Ok(match self {
            Action::Crash { node } => sim.crash(*node),
            Action::Restart { node } => sim.restart(*node),
            Action::Propose { node, value } => sim.propose(*node, value.clone()).map(|_| true)?,
            Action::SetCut { cut } => {
                let mut links = LiteSet::new();
                for link in cut {
                    links.insert(*link);
                }
                let cut = links;
                let n = P::cluster_size(&sim.config().protocol);
                if let Some((a, b)) = cut.iter().find(|(a, b)| a.0 >= n || b.0 >= n || a == b) {
                    return Err(ConfigError(format!("there is no link {a}→{b} to cut")));
                }
                let changed = *sim.cut_links() != cut;
                sim.set_cut(cut);
                changed
            }
            Action::SetNetwork { network } => {
                let changed = sim.config().network != *network;
                sim.set_network(network.clone())?;
                changed
            }
            Action::SetDisk { disk } => {
                let changed = sim.config().disk != *disk;
                sim.set_disk(disk.clone())?;
                changed
            }
            Action::DropMessage { id } => sim.drop_message(*id),
            Action::DuplicateMessage { id } => sim.duplicate_message(*id).is_some(),
            Action::DelayMessage { id, by_us } => sim.delay_message(*id, *by_us),
            Action::WipeDisk { node } => sim.wipe_disk(*node)?,
            Action::LoadDisk { node, state } => sim.load_disk(*node, state.clone())?,
            Action::PowerFailure { disks } => sim.power_failure(disks).map(|()| true)?,
            Action::Tune { knob } => sim.tune(knob)?,
            Action::AddClient { spec } => sim.add_client(spec.clone()).map(|_| true)?,
            Action::Pick { choice } => sim.pick(choice).map(|()| true)?,
            Action::Manual { on } => sim.set_manual(*on),
        })
    }
}

/// An action, and when it happened: after `step` simulator steps, at
/// simulated time `time_us`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Recorded<P: Protocol> {
    pub step: u64,
    pub time_us: u64,
    pub action: Action<P>,
}

/// Where the user is looking: the state at `position`, at `time_us`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub position: usize,
    pub time_us: u64,
}

impl Cursor {
    fn max_time(self, time_us: u64) -> Cursor {
        Cursor {
            time_us: self.time_us.max(time_us),
            ..self
        }
    }
}

/// How a step forward went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stepped {
    Moved,
    /// Nothing is left to happen.
    AtEnd,
    /// The next step has to wait (see [`Timeline::step_forward_while`]).
    Blocked,
}

/// What moved the run from one position to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    Step,
    /// The recorded action with this index.
    Action(usize),
}

/// A future set aside when history forked, kept so that the user can go
/// back to it. It is rebuilt by replay: the run's configuration and these
/// actions, simulated to `reached_us`.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch<P: Protocol> {
    /// Every action of the run along this branch, from the start.
    pub actions: Vec<Recorded<P>>,
    /// How far it had been simulated.
    pub reached_us: u64,
    /// Where the cursor was when the user left it.
    pub cursor_us: u64,
    /// When it and the branch that replaced it part ways.
    pub forked_at_us: u64,
}

/// The most branches kept; the oldest go first.
pub const MAX_BRANCHES: usize = 32;

#[derive(Clone)]
pub struct Timeline<P: Protocol> {
    config: SimConfig<P>,
    actions: Vec<Recorded<P>>,
    frontier: Sim<P>,
    /// `moves[p - 1]`: what led to position p.
    moves: Vec<Move>,
    /// `time_at[p]`: when position p was reached (0 for p = 0).
    time_at: Vec<u64>,
    /// `trace_len_at[p]`: trace events recorded by the state at position p.
    trace_len_at: Vec<usize>,
    /// Trace-less states at positions that are multiples of
    /// `snapshot_every`, each taken the moment its position was reached,
    /// as (position, state), in position order; the first is position 0.
    snapshots: Vec<(usize, Sim<P>)>,
    snapshot_every: usize,
    cursor: Cursor,
    /// The state at the cursor, when the cursor is behind the frontier.
    view: Option<(usize, Sim<P>)>,
    /// Bumped at every fork: a trace seen before may have been rewritten.
    generation: u64,
    /// The futures forks set aside, oldest first.
    branches: Vec<Branch<P>>,
}

impl<P: Protocol> Timeline<P> {
    pub fn new(config: SimConfig<P>) -> Result<Timeline<P>, ConfigError> {
        let mut frontier = Sim::new(config.clone())?;
        let mut first = frontier.snapshot();
        first.set_recording(false);
        Ok(Timeline {
            config,
            actions: Vec::new(),
            moves: Vec::new(),
            time_at: vec![0],
            trace_len_at: vec![frontier.trace().len()],
            snapshots: vec![(0, first)],
            snapshot_every: SNAPSHOT_EVERY,
            cursor: Cursor {
                position: 0,
                time_us: 0,
            },
            view: None,
            generation: 0,
            branches: Vec::new(),
            frontier,
        })
    }

    /// Rebuilds a run from its configuration and recorded actions, up to the
    /// last action. The same inputs always give the same trace.
    pub fn replay(
        config: SimConfig<P>,
        actions: &[Recorded<P>],
    ) -> Result<Timeline<P>, ConfigError> {
        let mut timeline = Timeline::new(config)?;
        timeline.replay_actions(actions)?;
        Ok(timeline)
    }

    /// Carries on from the frontier with recorded actions: each is taken
    /// once the frontier has made its step count, at its time. The actions
    /// must come in order, and none before the frontier's current step.
    pub fn replay_actions(&mut self, actions: &[Recorded<P>]) -> Result<(), ConfigError> {
        let in_order = actions
            .windows(2)
            .all(|w| (w[0].step, w[0].time_us) <= (w[1].step, w[1].time_us));
        if !in_order {
            return Err(ConfigError(
                "recorded actions must be in the order they happened".to_string(),
            ));
        }
        for recorded in actions {
            if recorded.step < self.frontier.steps() {
                return Err(ConfigError(format!(
                    "an action at step {} comes before the run's step {}",
                    recorded.step,
                    self.frontier.steps()
                )));
            }
            while self.frontier.steps() < recorded.step {
                if !self.advance_frontier_one_step() {
                    return Err(ConfigError(format!(
                        "an action at step {} is past the end of the run",
                        recorded.step
                    )));
                }
            }
            // An action happens when the user acted: now, or later, but
            // not past the next event (which would have come first). Now
            // may itself be past a pending event that picks held back.
            let now = self.frontier.now_us();
            if recorded.time_us > now
                && self
                    .frontier
                    .next_event_us()
                    .is_some_and(|next| next < recorded.time_us)
            {
                return Err(ConfigError(format!(
                    "an action at step {} is timed after the next event",
                    recorded.step
                )));
            }
            self.frontier.advance_clock(recorded.time_us);
            self.cursor = self.frontier_cursor();
            self.act(recorded.action.clone())?;
        }
        Ok(())
    }

    pub fn config(&self) -> &SimConfig<P> {
        &self.config
    }

    pub fn actions(&self) -> &[Recorded<P>] {
        &self.actions
    }

    pub fn cursor(&self) -> Cursor {
        self.cursor
    }

    /// Changes whenever history forks, so views built from the trace know
    /// to start again.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The simulator at the frontier, holding the whole trace.
    pub fn frontier(&self) -> &Sim<P> {
        &self.frontier
    }

    /// The number of positions computed so far.
    pub fn frontier_position(&self) -> usize {
        self.moves.len()
    }

    /// The furthest simulated time reached.
    pub fn frontier_time_us(&self) -> u64 {
        self.frontier.now_us()
    }

    /// True when the cursor is at the frontier: the live edge of the run.
    pub fn at_frontier(&self) -> bool {
        self.cursor == self.frontier_cursor()
    }

    fn frontier_cursor(&self) -> Cursor {
        Cursor {
            position: self.frontier_position(),
            time_us: self.frontier.now_us(),
        }
    }

    /// How many trace events the state at the cursor has recorded: the
    /// diagram shows `frontier().trace()[..visible_trace_len()]`.
    pub fn visible_trace_len(&self) -> usize {
        self.trace_len_at[self.cursor.position]
    }

    /// The simulator state at the cursor.
    pub fn state(&self) -> &Sim<P> {
        self.view.as_ref().map_or(&self.frontier, |(_, sim)| sim)
    }

    /// True when nothing more will ever happen, unless the user acts.
    pub fn is_finished(&self) -> bool {
        self.at_frontier() && self.frontier.is_finished()
    }

    /// The state right after trace event `index` happened (after the whole
    /// move that recorded it), rebuilt by replay; for inspecting the past.
    pub fn state_after_event(&self, index: usize) -> Sim<P> {
        let position = self.trace_len_at.partition_point(|&len| len <= index);
        self.state_at(position.min(self.frontier_position()))
    }

    /// The first position whose state satisfies `holds`, if any, given
    /// that once it holds it holds ever after (a violation, once found,
    /// stays found): a binary search over positions, each state rebuilt
    /// from its nearest snapshot.
    pub fn first_position_where(&self, holds: impl Fn(&Sim<P>) -> bool) -> Option<usize> {
        let last = self.frontier_position();
        if !holds(&self.frontier) {
            return None;
        }
        let (mut low, mut high) = (0, last);
        while low < high {
            let mid = (low + high) / 2;
            if holds(&self.state_at(mid)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        Some(low)
    }

    /// The trace events recorded by the move that reached `position`.
    pub fn trace_range_of(&self, position: usize) -> std::ops::Range<usize> {
        let position = position.min(self.frontier_position());
        match position.checked_sub(1) {
            Some(before) => self.trace_len_at[before]..self.trace_len_at[position],
            None => 0..self.trace_len_at[0],
        }
    }

    // ----- moving the cursor -----

    /// Moves the cursor to simulated time `time_us`, simulating further if
    /// that is beyond the frontier. Everything that happened at or before
    /// that time is shown.
    pub fn seek(&mut self, time_us: u64) {
        self.seek_while(time_us, |_| true);
    }

    /// Like [`Timeline::seek`], but the frontier takes a step only while
    /// `may_step` allows it (a real disk the simulation must wait for, say).
    /// Returns false if it stopped short: the cursor is then at the
    /// frontier, at the time of the event it may not run yet.
    pub fn seek_while(&mut self, time_us: u64, may_step: impl FnMut(&Sim<P>) -> bool) -> bool {
        let reached = if time_us >= self.frontier.now_us() {
            let reached = self.advance_frontier_to(time_us, may_step);
            self.cursor = self.frontier_cursor();
            reached
        } else {
            let position = self.time_at[1..].partition_point(|&t| t <= time_us);
            self.cursor = Cursor { position, time_us };
            true
        };
        self.refresh_view();
        reached
    }

    /// Moves the cursor to `position` (simulating up to it if needed), at
    /// the moment it was reached.
    pub fn seek_position(&mut self, position: usize) {
        while self.frontier_position() < position && self.advance_frontier_one_step() {}
        let position = position.min(self.frontier_position());
        self.cursor = if position == self.frontier_position() {
            self.frontier_cursor()
        } else {
            Cursor {
                position,
                time_us: self.time_at[position],
            }
        };
        self.refresh_view();
    }

    /// Back to the very start, before anything happened.
    pub fn rewind(&mut self) {
        self.cursor = Cursor {
            position: 0,
            time_us: 0,
        };
        self.refresh_view();
    }

    /// Moves to the next position that shows in the trace, simulating it if
    /// the cursor is at the frontier. At the end of the run, moves to the
    /// live edge. Returns false if the cursor could not move.
    pub fn step_forward(&mut self) -> bool {
        self.step_forward_while(|_| true) == Stepped::Moved
    }

    /// Like [`Timeline::step_forward`], but the frontier takes a step only
    /// while `may_step` allows it.
    pub fn step_forward_while(&mut self, mut may_step: impl FnMut(&Sim<P>) -> bool) -> Stepped {
        let start = self.cursor;
        let mut position = self.cursor.position;
        loop {
            position += 1;
            if position > self.frontier_position() && !may_step(&self.frontier) {
                // Invisible positions simulated so far stay simulated; the
                // cursor waits at the frontier.
                self.cursor = self.frontier_cursor().max_time(start.time_us);
                self.refresh_view();
                return Stepped::Blocked;
            }
            if position > self.frontier_position() && !self.advance_frontier_one_step() {
                // Nothing left to show: settle on the last position.
                let last = self.frontier_position();
                self.cursor = Cursor {
                    position: last,
                    time_us: self.time_at[last].max(start.time_us),
                };
                break;
            }
            if self.trace_len_at[position] > self.trace_len_at[position - 1] {
                self.cursor = Cursor {
                    position,
                    time_us: self.time_at[position],
                };
                break;
            }
        }
        self.refresh_view();
        if self.cursor != start {
            Stepped::Moved
        } else {
            Stepped::AtEnd
        }
    }

    /// Moves back to the previous position that shows in the trace.
    /// Returns false at the start of the run.
    pub fn step_back(&mut self) -> bool {
        let visible = |p: usize| p == 0 || self.trace_len_at[p] > self.trace_len_at[p - 1];
        let mut position = self.cursor.position;
        if position == 0 {
            return false;
        }
        position -= 1;
        while !visible(position) {
            position -= 1;
        }
        self.cursor = Cursor {
            position,
            time_us: self.time_at[position],
        };
        self.refresh_view();
        true
    }

    // ----- acting -----

    /// Carries out a user action at the cursor, forking history if the
    /// cursor is in the past. Actions that change nothing are not recorded,
    /// and do not fork.
    pub fn act(&mut self, action: Action<P>) -> Result<bool, ConfigError> {
        let mut candidate = if self.at_frontier() {
            None
        } else {
            Some(self.fork_at_cursor())
        };
        let sim = candidate.as_mut().unwrap_or(&mut self.frontier);
        sim.advance_clock(self.cursor.time_us);
        // When the user acted: a pick moves the clock on to its event's
        // time, and replay must start it from here.
        let acted_us = sim.now_us();
        if !action.apply(sim)? {
            return Ok(false);
        }
        if let Some(forked) = candidate {
            self.adopt_fork(forked);
        }
        self.actions.push(Recorded {
            step: self.frontier.steps(),
            time_us: acted_us,
            action,
        });
        self.reached(Move::Action(self.actions.len() - 1));
        self.cursor = self.frontier_cursor();
        self.view = None;
        Ok(true)
    }

    /// Carries out an action at the live edge of the run, wherever the
    /// cursor is, and leaves the cursor where it was. For what happens on
    /// its own (a disk read back from real storage), not for the user's
    /// actions, which happen where the user is looking.
    pub fn act_at_frontier(&mut self, action: Action<P>) -> Result<bool, ConfigError> {
        let cursor = self.cursor;
        let behind = !self.at_frontier();
        self.cursor = self.frontier_cursor();
        self.view = None;
        let result = self.act(action);
        if behind {
            self.cursor = cursor;
            self.refresh_view();
        }
        result
    }

    /// Makes the cursor the live edge of the run: if it is in the past, the
    /// future after it is discarded, as an action there would do. Returns
    /// true if history forked.
    pub fn fork_here(&mut self) -> bool {
        if self.at_frontier() {
            return false;
        }
        let mut forked = self.fork_at_cursor();
        forked.advance_clock(self.cursor.time_us);
        self.adopt_fork(forked);
        self.cursor = self.frontier_cursor();
        self.view = None;
        true
    }

    /// The state at the cursor, with the trace up to it: a candidate new
    /// frontier. Nothing changes until `adopt_fork`.
    fn fork_at_cursor(&self) -> Sim<P> {
        let mut sim = self.state_at(self.cursor.position);
        let mut trace = self.frontier.trace_log().clone();
        trace.truncate(self.visible_trace_len());
        sim.set_trace(trace);
        sim.set_recording(true);
        sim
    }

    /// Makes a forked state the frontier. The old future becomes a branch
    /// (unless it held nothing but the cursor's own moment).
    fn adopt_fork(&mut self, forked: Sim<P>) {
        let position = self.cursor.position;
        if position < self.frontier_position() {
            self.keep_branch(Branch {
                actions: self.actions.clone(),
                reached_us: self.frontier.now_us(),
                cursor_us: self.frontier.now_us(),
                forked_at_us: self.cursor.time_us,
            });
        }
        self.frontier = forked;
        self.generation += 1;
        self.moves.truncate(position);
        self.time_at.truncate(position + 1);
        self.trace_len_at.truncate(position + 1);
        let kept = self
            .moves
            .iter()
            .filter(|m| matches!(m, Move::Action(_)))
            .count();
        self.actions.truncate(kept);
        self.snapshots.retain(|(at, _)| *at <= position);
    }

    fn keep_branch(&mut self, branch: Branch<P>) {
        if self.branches.len() == MAX_BRANCHES {
            self.branches.remove(0);
        }
        self.branches.push(branch);
    }

    /// The futures set aside by forks, oldest first.
    pub fn branches(&self) -> &[Branch<P>] {
        &self.branches
    }

    /// Goes back to branch `index`: the run is rebuilt from the
    /// configuration and the branch's actions, to where it had got, with the
    /// cursor where the user left it; the run being left becomes a branch
    /// in its place. `None` if there is no such branch.
    pub fn switch_branch(&self, index: usize) -> Option<Result<Timeline<P>, ConfigError>> {
        let branch = self.branches.get(index)?;
        Some(
            Timeline::replay(self.config.clone(), &branch.actions).map(|mut next| {
                next.seek(branch.reached_us);
                next.seek(branch.cursor_us);
                let mut branches = self.branches.clone();
                branches[index] = Branch {
                    actions: self.actions.clone(),
                    reached_us: self.frontier.now_us(),
                    cursor_us: self.cursor.time_us,
                    forked_at_us: branch.forked_at_us,
                };
                next.branches = branches;
                next.generation = self.generation + 1;
                next
            }),
        )
    }

    // ----- the frontier -----

    /// Simulates up to `time_us` while `may_step` allows. Returns false if
    /// it stopped short.
    fn advance_frontier_to(
        &mut self,
        time_us: u64,
        mut may_step: impl FnMut(&Sim<P>) -> bool,
    ) -> bool {
        while self
            .frontier
            .next_event_us()
            .is_some_and(|next| next <= time_us)
        {
            if !may_step(&self.frontier) {
                // Up to the waiting event's time, but not past it.
                self.frontier.advance_clock(time_us);
                return false;
            }
            self.advance_frontier_one_step();
        }
        self.frontier.advance_clock(time_us);
        true
    }

    fn advance_frontier_one_step(&mut self) -> bool {
        if !self.frontier.step() {
            return false;
        }
        self.reached(Move::Step);
        true
    }

    /// The frontier has just made `how`: record the new position, and take
    /// its snapshot if one is due (now, before any clock advance, so that
    /// the snapshot is exactly the state at that position).
    fn reached(&mut self, how: Move) {
        crate::history::push(&mut self.moves, how);
        crate::history::push(&mut self.time_at, self.frontier.now_us());
        crate::history::push(&mut self.trace_len_at, self.frontier.trace().len());
        let position = self.frontier_position();
        let last = self.snapshots.last().map_or(0, |(at, _)| *at);
        if position.is_multiple_of(self.snapshot_every) && position > last {
            let mut snapshot = self.frontier.snapshot();
            snapshot.set_recording(false);
            self.snapshots.push((position, snapshot));
            if self.snapshots.len() > MAX_SNAPSHOTS {
                self.snapshot_every *= 2;
                let every = self.snapshot_every;
                self.snapshots.retain(|(at, _)| at % every == 0);
            }
        }
    }

    // ----- rebuilding past states -----

    fn refresh_view(&mut self) {
        let target = self.cursor.position;
        if target == self.frontier_position() {
            self.view = None;
            return;
        }
        let nearest = self.snapshot_before(target).0;
        let reusable = self
            .view
            .take()
            .filter(|(at, _)| (nearest..=target).contains(at));
        let (from, mut sim) = match reusable {
            Some(view) => view,
            None => (nearest, self.snapshot_before(target).1.clone()),
        };
        self.replay_into(&mut sim, from, target);
        self.view = Some((target, sim));
    }

    /// The state at `position`, rebuilt from the nearest snapshot.
    fn state_at(&self, position: usize) -> Sim<P> {
        if let Some((_, view)) = self.view.as_ref().filter(|(at, _)| *at == position) {
            return view.clone();
        }
        let (nearest, snapshot) = self.snapshot_before(position);
        let mut sim = snapshot.clone();
        self.replay_into(&mut sim, nearest, position);
        sim
    }

    /// The latest snapshot at or before `position`, and its position.
    fn snapshot_before(&self, position: usize) -> (usize, &Sim<P>) {
        let i = self.snapshots.partition_point(|(at, _)| *at <= position);
        let (at, sim) = &self.snapshots[i.saturating_sub(1)];
        (*at, sim)
    }

    /// How many snapshots are kept, and how far apart (positions).
    pub fn snapshot_spacing(&self) -> (usize, usize) {
        (self.snapshots.len(), self.snapshot_every)
    }

    /// Replays the moves from position `from` (where `sim` is) to `to`.
    fn replay_into(&self, sim: &mut Sim<P>, from: usize, to: usize) {
        for how in &self.moves[from..to] {
            match *how {
                Move::Step => {
                    sim.step();
                }
                Move::Action(index) => {
                    let recorded = &self.actions[index];
                    sim.advance_clock(recorded.time_us);
                    recorded
                        .action
                        .apply(sim)
                        .expect("a recorded action replays as it ran");
                }
            }
        }
    }
}
