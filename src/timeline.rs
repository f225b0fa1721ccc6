//! Time travel over one run: a cursor that moves back and forth through the
//! simulated history, and user actions recorded so that the run can be
//! replayed exactly.
//!
//! The *frontier* is the simulator at the furthest point computed so far.
//! It holds the whole trace. The *cursor* is what the user is looking at:
//! the state after some number of simulator steps, seen at some time before
//! the next step. Behind the frontier, the future is already known: it is
//! deterministic, given the seed and the recorded actions. So moving the
//! cursor back and forth only changes what is shown, and the state at the
//! cursor is rebuilt by replaying from the nearest snapshot.
//!
//! A user action taken with the cursor in the past **forks** history: the
//! frontier is rebuilt at the cursor, the actions and the trace after it are
//! discarded, and the run continues from there with the new action.
//!
//! A state "at step k" always means after k simulator steps *and* after the
//! actions recorded at step k.

use crate::sim::{ConfigError, DiskConfig, MsgId, NetworkConfig, Sim, SimConfig};
use crate::types::{NodeId, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Snapshots are taken every this many steps.
pub const SNAPSHOT_EVERY: u64 = 4096;

/// Something the user did to the running cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    Crash {
        node: NodeId,
    },
    Restart {
        node: NodeId,
    },
    /// A new client asks `node` to get `value` chosen.
    Propose {
        node: NodeId,
        value: Value,
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
    SetBackoff {
        backoff: bool,
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
}

impl Action {
    /// Carries out the action. `Ok(false)` means it changed nothing (such as
    /// crashing a node that is already down) and need not be recorded.
    pub fn apply(&self, sim: &mut Sim) -> Result<bool, ConfigError> {
        Ok(match self {
            Action::Crash { node } => sim.crash(*node),
            Action::Restart { node } => sim.restart(*node),
            Action::Propose { node, value } => sim.propose(*node, value.clone()).map(|_| true)?,
            Action::SetCut { cut } => {
                let cut: BTreeSet<_> = cut.iter().copied().collect();
                let n = sim.config().paxos.cluster_size;
                if let Some((a, b)) = cut.iter().find(|(a, b)| a.0 >= n || b.0 >= n || a == b) {
                    return Err(ConfigError(format!("there is no link {a}→{b} to cut")));
                }
                let changed = *sim.cut_links() != cut;
                sim.set_cut(cut);
                changed
            }
            Action::SetNetwork { network } => {
                sim.set_network(network.clone())?;
                true
            }
            Action::SetDisk { disk } => {
                sim.set_disk(disk.clone())?;
                true
            }
            Action::SetBackoff { backoff } => {
                let changed = sim.config().paxos.backoff != *backoff;
                sim.set_backoff(*backoff);
                changed
            }
            Action::DropMessage { id } => sim.drop_message(*id),
            Action::DuplicateMessage { id } => sim.duplicate_message(*id).is_some(),
            Action::DelayMessage { id, by_us } => sim.delay_message(*id, *by_us),
            Action::WipeDisk { node } => sim.wipe_disk(*node)?,
        })
    }
}

/// An action, and when it happened: after `step` simulator steps, at
/// simulated time `time_us`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    pub step: u64,
    pub time_us: u64,
    pub action: Action,
}

/// Where the user is looking: the state after `step` steps, at `time_us`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub step: u64,
    pub time_us: u64,
}

#[derive(Clone)]
pub struct Timeline {
    config: SimConfig,
    actions: Vec<Recorded>,
    frontier: Sim,
    /// `time_at[k]`: the time of step k (0 for k = 0). One entry per step
    /// the frontier has taken, plus one.
    time_at: Vec<u64>,
    /// `trace_len_at[k]`: trace events recorded by the state at step k.
    trace_len_at: Vec<usize>,
    /// `snapshots[i]`: the trace-less state at step `i * SNAPSHOT_EVERY`.
    snapshots: Vec<Sim>,
    cursor: Cursor,
    /// The state at the cursor, when the cursor is behind the frontier.
    view: Option<Sim>,
    /// Bumped at every fork: a trace seen before may have been rewritten.
    generation: u64,
}

impl Timeline {
    pub fn new(config: SimConfig) -> Result<Timeline, ConfigError> {
        let frontier = Sim::new(config.clone())?;
        let trace_len = frontier.trace().len();
        Ok(Timeline {
            config,
            actions: Vec::new(),
            frontier,
            time_at: vec![0],
            trace_len_at: vec![trace_len],
            snapshots: Vec::new(),
            cursor: Cursor {
                step: 0,
                time_us: 0,
            },
            view: None,
            generation: 0,
        })
    }

    /// Rebuilds a run from its configuration and recorded actions, up to the
    /// last action. The same inputs always give the same trace.
    pub fn replay(config: SimConfig, actions: &[Recorded]) -> Result<Timeline, ConfigError> {
        let mut timeline = Timeline::new(config)?;
        for recorded in actions {
            while timeline.frontier_step() < recorded.step {
                if !timeline.advance_frontier_one_step() {
                    return Err(ConfigError(format!(
                        "action at step {} is past the end of the run",
                        recorded.step
                    )));
                }
            }
            timeline.frontier.advance_clock(recorded.time_us);
            timeline.cursor = timeline.frontier_cursor();
            timeline.act(recorded.action.clone())?;
        }
        Ok(timeline)
    }

    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    pub fn actions(&self) -> &[Recorded] {
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

    /// The state right after trace event `index` happened (after the whole
    /// step that recorded it), rebuilt by replay; for inspecting the past.
    pub fn state_after_event(&self, index: usize) -> Sim {
        let step = self.trace_len_at.partition_point(|&len| len <= index) as u64;
        self.state_at(step.min(self.frontier_step()))
    }

    /// The simulator at the frontier, holding the whole trace.
    pub fn frontier(&self) -> &Sim {
        &self.frontier
    }

    pub fn frontier_step(&self) -> u64 {
        self.time_at.len() as u64 - 1
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
            step: self.frontier_step(),
            time_us: self.frontier.now_us(),
        }
    }

    /// How many trace events the state at the cursor has recorded: the
    /// diagram shows `frontier().trace()[..visible_trace_len()]`.
    pub fn visible_trace_len(&self) -> usize {
        self.trace_len_at[self.cursor.step as usize]
    }

    /// The simulator state at the cursor.
    pub fn state(&self) -> &Sim {
        self.view.as_ref().unwrap_or(&self.frontier)
    }

    /// True when nothing more will ever happen, unless the user acts.
    pub fn is_finished(&self) -> bool {
        self.at_frontier() && self.frontier.is_finished()
    }

    // ----- moving the cursor -----

    /// Moves the cursor to simulated time `time_us`, simulating further if
    /// that is beyond the frontier.
    pub fn seek(&mut self, time_us: u64) {
        if time_us >= self.frontier.now_us() {
            self.advance_frontier_to(time_us);
            self.cursor = self.frontier_cursor();
        } else {
            // Steps 1..=k happened at or before time_us.
            let step = self.time_at[1..].partition_point(|&t| t <= time_us) as u64;
            self.cursor = Cursor { step, time_us };
        }
        self.refresh_view();
    }

    /// Moves to the next step that shows in the trace, simulating it if the
    /// cursor is at the frontier. Returns false at the end of the run.
    pub fn step_forward(&mut self) -> bool {
        let start = self.cursor.step;
        let mut step = start;
        loop {
            step += 1;
            if step > self.frontier_step() && !self.advance_frontier_one_step() {
                break;
            }
            if self.trace_len_at[step as usize] > self.trace_len_at[step as usize - 1] {
                self.cursor = Cursor {
                    step,
                    time_us: self.time_at[step as usize],
                };
                self.refresh_view();
                return true;
            }
        }
        false
    }

    /// Moves back to the previous step that shows in the trace. Returns false
    /// at the start of the run.
    pub fn step_back(&mut self) -> bool {
        let visible = |k: usize| k == 0 || self.trace_len_at[k] > self.trace_len_at[k - 1];
        let mut step = self.cursor.step as usize;
        if step == 0 {
            return false;
        }
        step -= 1;
        while !visible(step) {
            step -= 1;
        }
        self.cursor = Cursor {
            step: step as u64,
            time_us: self.time_at[step],
        };
        self.refresh_view();
        true
    }

    // ----- acting -----

    /// Carries out a user action at the cursor, forking history if the
    /// cursor is in the past. Actions that change nothing are not recorded.
    pub fn act(&mut self, action: Action) -> Result<bool, ConfigError> {
        let mut candidate = if self.at_frontier() {
            None
        } else {
            Some(self.fork_at_cursor())
        };
        let sim = candidate.as_mut().unwrap_or(&mut self.frontier);
        sim.advance_clock(self.cursor.time_us);
        if !action.apply(sim)? {
            return Ok(false);
        }
        if let Some(forked) = candidate {
            self.adopt_fork(forked);
        }
        let step = self.frontier_step();
        // A snapshot at this step no longer matches it.
        self.snapshots
            .truncate(step.div_ceil(SNAPSHOT_EVERY) as usize);
        self.actions.push(Recorded {
            step,
            time_us: self.frontier.now_us(),
            action,
        });
        self.trace_len_at[step as usize] = self.frontier.trace().len();
        self.cursor = self.frontier_cursor();
        self.view = None;
        Ok(true)
    }

    /// The state at the cursor, with the trace up to it: a candidate new
    /// frontier. Nothing changes until `adopt_fork`.
    fn fork_at_cursor(&self) -> Sim {
        let mut sim = self.state_at(self.cursor.step);
        let mut trace = self.frontier.trace_log().clone();
        trace.truncate(self.visible_trace_len());
        sim.set_trace(trace);
        sim.set_recording(true);
        sim
    }

    /// Makes a forked state the frontier, discarding the old future.
    fn adopt_fork(&mut self, forked: Sim) {
        let step = self.cursor.step;
        self.frontier = forked;
        self.generation += 1;
        self.actions.retain(|recorded| recorded.step <= step);
        self.time_at.truncate(step as usize + 1);
        self.trace_len_at.truncate(step as usize + 1);
    }

    // ----- the frontier -----

    fn advance_frontier_to(&mut self, time_us: u64) {
        while self
            .frontier
            .next_event_us()
            .is_some_and(|next| next <= time_us)
        {
            self.advance_frontier_one_step();
        }
        self.frontier.advance_clock(time_us);
    }

    fn advance_frontier_one_step(&mut self) -> bool {
        let step = self.frontier_step();
        if step % SNAPSHOT_EVERY == 0 && self.snapshots.len() as u64 == step / SNAPSHOT_EVERY {
            // The state at this step is final now: take its snapshot.
            let mut snapshot = self.frontier.snapshot();
            snapshot.set_recording(false);
            self.snapshots.push(snapshot);
        }
        if !self.frontier.step() {
            return false;
        }
        self.time_at.push(self.frontier.now_us());
        self.trace_len_at.push(self.frontier.trace().len());
        true
    }

    // ----- rebuilding past states -----

    fn refresh_view(&mut self) {
        if self.cursor.step == self.frontier_step() {
            self.view = None;
            return;
        }
        let target = self.cursor.step;
        let reusable = self.view.take().filter(|view| {
            view.steps() <= target && view.steps() >= self.nearest_snapshot_step(target)
        });
        let mut view = match reusable {
            Some(view) => view,
            None => self.snapshot_at_or_before(target),
        };
        self.replay_into(&mut view, target);
        self.view = Some(view);
    }

    /// The state at `step`, rebuilt from the nearest snapshot, without trace.
    fn state_at(&self, step: u64) -> Sim {
        if let Some(view) = self.view.as_ref().filter(|v| v.steps() == step) {
            return view.clone();
        }
        let mut sim = self.snapshot_at_or_before(step);
        self.replay_into(&mut sim, step);
        sim
    }

    /// The index of the latest snapshot at or before `step`, if any.
    fn snapshot_index(&self, step: u64) -> Option<usize> {
        let latest = self.snapshots.len().checked_sub(1)?;
        Some(((step / SNAPSHOT_EVERY) as usize).min(latest))
    }

    fn nearest_snapshot_step(&self, step: u64) -> u64 {
        self.snapshot_index(step)
            .map_or(0, |index| index as u64 * SNAPSHOT_EVERY)
    }

    fn snapshot_at_or_before(&self, step: u64) -> Sim {
        if let Some(index) = self.snapshot_index(step) {
            return self.snapshots[index].clone();
        }
        let mut sim = Sim::new(self.config.clone()).expect("validated at start");
        sim.set_recording(false);
        self.apply_actions_at(&mut sim, 0);
        sim
    }

    /// Steps `sim` (a state at some step) to the state at `target`,
    /// applying the recorded actions on the way.
    fn replay_into(&self, sim: &mut Sim, target: u64) {
        while sim.steps() < target {
            sim.step();
            self.apply_actions_at(sim, sim.steps());
        }
    }

    fn apply_actions_at(&self, sim: &mut Sim, step: u64) {
        let start = self.actions.partition_point(|r| r.step < step);
        for recorded in self.actions[start..].iter().take_while(|r| r.step == step) {
            sim.advance_clock(recorded.time_us);
            recorded
                .action
                .apply(sim)
                .expect("a recorded action replays as it ran");
        }
    }
}
