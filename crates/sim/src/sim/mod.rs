//! A deterministic discrete-event simulator for a cluster running any
//! [`Protocol`] (single-decree Paxos by default, or Multi-Paxos).
//!
//! The simulator owns the clock, the network, the disks and the clients. It
//! keeps a queue of future events ordered by (time, sequence number), pops
//! them one at a time, feeds each to a node through [`Protocol::handle`], and
//! turns the node's outputs into new events: a `Send` becomes a delivery after
//! a random latency, a `Persist` becomes a disk completion, a `SetTimer`
//! becomes a timer firing.
//!
//! Every random choice (latency, loss, duplication, crashes, partitions,
//! timer jitter) comes from one ChaCha8 generator seeded with
//! [`SimConfig::seed`], in a fixed order. The same config therefore gives the
//! same trace, natively and in WebAssembly, whatever the wall clock does.
//!
//! After every step the [`Monitor`] checks the safety properties, and every
//! event is appended to the trace and folded into its hash.

mod choice;
mod config;
mod fingerprint;
mod slots;
mod trace;

pub use choice::{message_choice, Choice, PICK_STEP_US};

pub use config::{
    client_value, ConfigError, DiskConfig, FaultConfig, NetworkConfig, SimConfig, MAX_CLIENTS,
    MAX_LATENCY_US, MAX_NODES, MAX_TIME_US,
};
pub use paxos_core::protocol::{Finding, Property};
pub use trace::{format_hash, DropReason, Event, MsgId, Payload, Trace, TraceEvent, TraceHasher};

use paxos_core::collections::{insert_sorted, insert_sorted_by_key, LiteMap, LiteSet};
use paxos_core::protocol::{ClientStep, Input, Output, Protocol, SafetyMonitor, WriteId};
use paxos_core::types::{Actor, ClientId, NodeId};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use slots::Slots;
use std::collections::BinaryHeap;
use std::fmt;
use std::sync::Arc;

/// An entry of the event queue, ordered by (time, sequence number). The
/// sequence number is unique, so the order is total and deterministic.
#[derive(Clone, Debug)]
struct Queued<P: Protocol> {
    time_us: u64,
    seq: u64,
    event: Scheduled<P>,
}

impl<P: Protocol> PartialEq for Queued<P> {
    fn eq(&self, other: &Queued<P>) -> bool {
        (self.time_us, self.seq) == (other.time_us, other.seq)
    }
}

impl<P: Protocol> Eq for Queued<P> {}

impl<P: Protocol> PartialOrd for Queued<P> {
    fn partial_cmp(&self, other: &Queued<P>) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<P: Protocol> Ord for Queued<P> {
    /// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest first.
    fn cmp(&self, other: &Queued<P>) -> std::cmp::Ordering {
        (other.time_us, other.seq).cmp(&(self.time_us, self.seq))
    }
}

/// Something scheduled to happen.
#[derive(Clone, Debug)]
enum Scheduled<P: Protocol> {
    /// A message reaches its destination, or is dropped there.
    Arrive {
        id: MsgId,
        from: Actor,
        to: Actor,
        payload: Payload<P>,
        drop: Option<DropReason>,
        /// Its part of the fingerprint (sender, receiver, payload; not its
        /// fate), kept from when it was sent if the simulator serves a
        /// search (see [`Sim::stop_hashing`]).
        part: Option<fingerprint::Part>,
    },
    Timer {
        node: NodeId,
        timer: P::Timer,
        generation: u64,
    },
    DiskDone {
        node: NodeId,
        incarnation: u32,
        write: WriteId,
        state: P::Write,
        /// Numbers every disk write of the run, in issue order, so that a
        /// driver mirroring the disk to real storage can name each one.
        op: DiskOp,
    },
    /// A client's wake-up: it sends (or re-sends) a request. Only the
    /// client's latest wake-up counts.
    ClientSend {
        client: ClientId,
        generation: u64,
    },
    /// The fault injector's turn.
    FaultTick,
    Restart {
        node: NodeId,
    },
    /// The end of the fault window.
    Heal,
}

/// Numbers a disk write within a run: see [`Sim::pending_writes`].
pub type DiskOp = u64;

/// What the next event needs from a real disk, if the simulated disk is
/// mirrored to one (IndexedDB in the browser). See [`Sim::next_disk_need`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiskNeed {
    /// Nothing: the next event may run.
    None,
    /// The next event completes write `op`: the real write must have
    /// committed first.
    Write(DiskOp),
    /// The next event restarts these crashed nodes: each must first read its
    /// state back from the real disk.
    Read(Vec<NodeId>),
}

/// A node's place in the cluster: the node while it is up, and its disk,
/// which survives crashes.
#[derive(Clone, Debug)]
struct Slot<P: Protocol> {
    node: Option<P::Node>,
    /// What is durable on disk.
    disk: P::Durable,
    /// When the disk finishes the writes already queued.
    disk_busy_until_us: u64,
    /// Bumped at every crash, so that a dead incarnation's disk completions
    /// and timers are ignored.
    incarnation: u32,
    timers: LiteMap<P::Timer, u64>,
}

#[derive(Clone, Debug)]
struct ClientState<P: Protocol> {
    client: P::Client,
    /// The generation of its latest wake-up.
    generation: u64,
}

/// Counters for the summary.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Stats {
    /// Simulator steps: scheduled events processed by the simulator itself.
    pub steps: u64,
    /// Scheduled events made to happen by a pick (manual scheduling); not
    /// counted in `steps`, by which recorded actions are placed.
    pub picks: u64,
    /// Messages sent between nodes, duplicates included.
    pub messages: u64,
    pub dropped: u64,
    pub duplicated: u64,
    /// Client requests and replies.
    pub client_messages: u64,
    pub crashes: u64,
    pub disk_writes: u64,
}

/// A property that failed, with what it takes to reproduce it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub property: Property,
    pub seed: u64,
    /// The event (0-based: the simulator's steps and manual picks
    /// together) after which it was detected.
    pub step: u64,
    pub time_us: u64,
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} violated at step {} (t={} us): {}; reproduce with seed={}",
            self.property, self.step, self.time_us, self.detail, self.seed
        )
    }
}

/// What a finished (or paused) run amounts to.
#[derive(Clone, Debug)]
pub struct Summary<P: Protocol> {
    pub seed: u64,
    /// The first value any learner learned.
    pub decided: Option<P::Decision>,
    pub decided_at_us: Option<u64>,
    /// The nodes whose learner currently knows the outcome.
    pub learned_by: Vec<NodeId>,
    /// Distinct ballots that reached phase 1 on the wire.
    pub ballots: u64,
    pub clients_answered: usize,
    pub stats: Stats,
    pub trace_events: u64,
    pub violations: Vec<Violation>,
    pub trace_hash: u64,
    pub end_us: u64,
}

/// The state of the cluster itself, without the clock, the random generator
/// or the trace: every node (or `None` while crashed), every disk, and what
/// is in flight. It is a plain value (`Clone`, `Eq`, `Hash`), so that a model
/// checker can compare and deduplicate the states it explores. (Its std
/// `Hash` is for use within one process; the trace hash is the one that is
/// stable across platforms.)
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(bound = "")]
pub struct ClusterState<P: Protocol> {
    pub nodes: Vec<Option<P::Node>>,
    pub disks: Vec<P::Durable>,
    /// Messages on the wire, as (from, to, payload, fate), sorted.
    pub in_flight: Vec<(Actor, Actor, Payload<P>, Option<DropReason>)>,
    /// Disk writes not yet complete, as (node, write, state), sorted.
    pub writing: Vec<(NodeId, WriteId, P::Write)>,
    /// Pending timers, as (node, timer), sorted.
    pub timers: Vec<(NodeId, P::Timer)>,
    pub cut: LiteSet<(NodeId, NodeId)>,
}

/// The simulated cluster. See the module docs.
pub struct Sim<P: Protocol> {
    /// Shared by a simulator's clones until one of them changes it.
    config: Arc<SimConfig<P>>,
    rng: ChaCha8Rng,
    now_us: u64,
    seq: u64,
    queue: BinaryHeap<Queued<P>>,
    slots: Slots<P>,
    clients: Vec<ClientState<P>>,
    /// Directed links currently cut: (from, to).
    cut: LiteSet<(NodeId, NodeId)>,
    faults_over: bool,
    next_msg: MsgId,
    timer_generation: u64,
    trace: Trace<P>,
    trace_len: u64,
    /// The trace hash so far; `None` once [`Sim::stop_hashing`] is called.
    hasher: Option<Box<TraceHasher>>,
    monitor: P::Monitor,
    violations: Vec<Violation>,
    decided: Option<(u64, P::Decision)>,
    /// Distinct ballots sent in `Prepare` so far, and each node's latest
    /// (a node's ballots only ever grow, even across restarts).
    ballots: u64,
    last_prepared: Vec<Option<paxos_core::types::Ballot>>,
    /// How many ballots each node has started (sent a `Prepare` for).
    started: Vec<u32>,
    /// The highest log slot any node has proposed a value for (0: none).
    highest_slot: u64,
    stats: Stats,
    out: Vec<Output<P>>,
    found: Vec<Finding>,
    /// Disk writes issued so far, over all nodes.
    disk_ops: DiskOp,
    /// Manual mode: nothing happens on its own (see [`Choice`]).
    manual: bool,
}

impl<P: Protocol> Clone for Sim<P> {
    fn clone(&self) -> Sim<P> {
        Sim {
            config: self.config.clone(),
            rng: self.rng.clone(),
            now_us: self.now_us,
            seq: self.seq,
            queue: self.queue.clone(),
            slots: self.slots.clone(),
            clients: self.clients.clone(),
            cut: self.cut.clone(),
            faults_over: self.faults_over,
            next_msg: self.next_msg,
            timer_generation: self.timer_generation,
            trace: self.trace.clone(),
            trace_len: self.trace_len,
            hasher: self.hasher.clone(),
            monitor: self.monitor.clone(),
            violations: self.violations.clone(),
            decided: self.decided.clone(),
            ballots: self.ballots,
            last_prepared: self.last_prepared.clone(),
            started: self.started.clone(),
            highest_slot: self.highest_slot,
            stats: self.stats.clone(),
            out: self.out.clone(),
            found: self.found.clone(),
            disk_ops: self.disk_ops,
            manual: self.manual,
        }
    }

    /// Field by field, so that each keeps the room it has: a model checker
    /// that overwrites one scratch simulator with each state it tries
    /// reallocates only what the protocol's own types do not reuse (their
    /// derived `Clone`s build anew). The pattern names every field, so a
    /// new one cannot be forgotten here.
    fn clone_from(&mut self, source: &Sim<P>) {
        let Sim {
            config,
            rng,
            now_us,
            seq,
            queue,
            slots,
            clients,
            cut,
            faults_over,
            next_msg,
            timer_generation,
            trace,
            trace_len,
            hasher,
            monitor,
            violations,
            decided,
            ballots,
            last_prepared,
            started,
            highest_slot,
            stats,
            out,
            found,
            disk_ops,
            manual,
        } = self;
        config.clone_from(&source.config);
        rng.clone_from(&source.rng);
        *now_us = source.now_us;
        *seq = source.seq;
        queue.clone_from(&source.queue);
        slots.clone_from(&source.slots);
        clients.clone_from(&source.clients);
        cut.clone_from(&source.cut);
        *faults_over = source.faults_over;
        *next_msg = source.next_msg;
        *timer_generation = source.timer_generation;
        trace.clone_from(&source.trace);
        *trace_len = source.trace_len;
        hasher.clone_from(&source.hasher);
        monitor.clone_from(&source.monitor);
        violations.clone_from(&source.violations);
        decided.clone_from(&source.decided);
        *ballots = source.ballots;
        last_prepared.clone_from(&source.last_prepared);
        started.clone_from(&source.started);
        *highest_slot = source.highest_slot;
        stats.clone_from(&source.stats);
        out.clone_from(&source.out);
        found.clone_from(&source.found);
        *disk_ops = source.disk_ops;
        *manual = source.manual;
    }
}

impl<P: Protocol> Sim<P> {
    pub fn new(config: SimConfig<P>) -> Result<Sim<P>, ConfigError> {
        config.validate()?;
        let disk = |id: NodeId| {
            config
                .initial_disks
                .get(id.0 as usize)
                .cloned()
                .unwrap_or_default()
        };
        let size = P::cluster_size(&config.protocol);
        let slots = Slots::new((0..size).map(NodeId).map(|id| Slot {
            node: Some(P::recover(id, &config.protocol, disk(id))),
            disk: disk(id),
            disk_busy_until_us: 0,
            incarnation: 0,
            timers: LiteMap::new_vec(),
        }));
        let clients = config
            .clients
            .iter()
            .enumerate()
            .map(|(i, spec)| ClientState {
                client: P::new_client(ClientId(i as u8), spec, &config.protocol, config.seed),
                generation: 0,
            })
            .collect();
        let mut sim = Sim {
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            now_us: 0,
            seq: 0,
            queue: BinaryHeap::new(),
            slots,
            clients,
            cut: LiteSet::new(),
            faults_over: false,
            next_msg: 0,
            timer_generation: 0,
            trace: Trace::default(),
            trace_len: 0,
            hasher: Some(Box::default()),
            monitor: P::Monitor::new(&config.protocol),
            violations: Vec::new(),
            decided: None,
            ballots: 0,
            last_prepared: vec![None; usize::from(size)],
            started: vec![0; usize::from(size)],
            highest_slot: 0,
            stats: Stats::default(),
            out: Vec::new(),
            found: Vec::new(),
            disk_ops: 0,
            manual: false,
            config: Arc::new(config),
        };
        for (i, disk) in sim.config.initial_disks.clone().iter().enumerate() {
            sim.monitor.loaded(NodeId(i as u8), disk, &mut sim.found);
        }
        sim.flush_findings();
        for (i, client) in sim.config.clients.clone().iter().enumerate() {
            sim.schedule(
                P::client_start_us(client),
                Scheduled::ClientSend {
                    client: ClientId(i as u8),
                    generation: 0,
                },
            );
        }
        let (faults, net) = (&sim.config.faults, &sim.config.network);
        let (tick_us, until_us) = (faults.tick_us, faults.until_us);
        let injects = faults.crash_prob > 0.0 || faults.partition_prob > 0.0;
        let lossy = net.drop_prob > 0.0 || net.dup_prob > 0.0;
        if injects && tick_us < until_us {
            sim.schedule(tick_us, Scheduled::FaultTick);
        }
        if injects || lossy {
            sim.schedule(until_us, Scheduled::Heal);
        }
        for id in sim.nodes() {
            sim.start(id);
        }
        Ok(sim)
    }

    pub fn config(&self) -> &SimConfig<P> {
        &self.config
    }

    pub fn now_us(&self) -> u64 {
        self.now_us
    }

    /// The first decision any node learned, if one was.
    pub fn decided(&self) -> Option<&P::Decision> {
        self.decided.as_ref().map(|(_, decision)| decision)
    }

    /// How many ballots `node` has started so far (sent a `Prepare` for),
    /// over all its restarts.
    pub fn ballots_started(&self, node: NodeId) -> u32 {
        self.started.get(usize::from(node.0)).copied().unwrap_or(0)
    }

    /// The highest log slot any node has proposed a value for so far (0:
    /// none, or a protocol without a log).
    pub fn highest_slot(&self) -> u64 {
        self.highest_slot
    }

    /// The node with this id, or `None` while it is crashed.
    pub fn node(&self, id: NodeId) -> Option<&P::Node> {
        self.slots.get(id.0 as usize)?.node.as_ref()
    }

    /// What this node's disk holds.
    pub fn disk(&self, id: NodeId) -> Option<&P::Durable> {
        self.slots.get(id.0 as usize).map(|slot| &slot.disk)
    }

    /// A node's pending timers, with when each will fire.
    pub fn pending_timers(&self, id: NodeId) -> Vec<(P::Timer, u64)> {
        let Some(slot) = self.slots.get(id.0 as usize) else {
            return Vec::new();
        };
        self.queue
            .iter()
            .filter_map(|queued| match queued.event {
                Scheduled::Timer {
                    node,
                    timer,
                    generation,
                } if node == id && slot.timers.get(&timer) == Some(&generation) => {
                    Some((timer, queued.time_us))
                }
                _ => None,
            })
            .fold(Vec::new(), |mut timers, timer| {
                insert_sorted(&mut timers, timer);
                timers
            })
    }

    /// The directed links currently cut.
    pub fn cut_links(&self) -> &LiteSet<(NodeId, NodeId)> {
        &self.cut
    }

    /// Counters so far.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Simulator steps taken so far.
    pub fn steps(&self) -> u64 {
        self.stats.steps
    }

    /// Starts or stops keeping trace events (the hash is kept either way).
    pub fn set_recording(&mut self, record: bool) {
        Arc::make_mut(&mut self.config).record_trace = record;
    }

    /// The recorded trace events (empty unless `record_trace`).
    pub fn trace(&self) -> &[TraceEvent<P>] {
        self.trace.events()
    }

    /// The recorded trace, with its message index.
    pub fn trace_log(&self) -> &Trace<P> {
        &self.trace
    }

    /// The sender, receiver and payload of message `id` (when recording).
    pub fn sent(&self, id: MsgId) -> Option<(Actor, Actor, &Payload<P>)> {
        self.trace.sent(id)
    }

    /// A copy of the simulator without its recorded trace: cheap to keep
    /// many of. Stepping it on records only what happens from here.
    pub fn snapshot(&mut self) -> Sim<P> {
        let trace = std::mem::take(&mut self.trace);
        let snapshot = self.clone();
        self.trace = trace;
        snapshot
    }

    /// Replaces the recorded trace (used to graft a trace prefix onto a
    /// restored snapshot). The trace hash is not affected.
    pub fn set_trace(&mut self, trace: Trace<P>) {
        self.trace = trace;
    }

    /// The hash of every trace event so far (see [`TraceHasher`]).
    ///
    /// # Panics
    /// After [`Sim::stop_hashing`].
    pub fn trace_hash(&self) -> u64 {
        self.hasher
            .as_ref()
            .expect("the trace hash is kept unless stop_hashing was called")
            .finish()
    }

    /// Stops keeping the trace hash, for good: for a model checker's
    /// states, which are told apart by [`Sim::fingerprint`] and cloned by
    /// the million (a hasher's state is most of a small cluster's bytes).
    /// From then on, each message sent keeps its part of the fingerprint,
    /// hashed once rather than in every state it is on the wire in.
    pub fn stop_hashing(&mut self) {
        self.hasher = None;
    }

    /// Whether anything reads the trace's events: the trace hash or the
    /// recorded trace.
    fn tracing(&self) -> bool {
        self.hasher.is_some() || self.config.record_trace
    }

    /// The safety monitor, which sees every vote.
    /// What the run has achieved so far, in a few words (`None`: nothing
    /// yet), for the list of saved runs.
    pub fn outcome(&self) -> Option<String> {
        let clients: Vec<&P::Client> = self.clients.iter().map(|c| &c.client).collect();
        P::outcome(&self.monitor, &clients)
    }

    pub fn monitor(&self) -> &P::Monitor {
        &self.monitor
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The cluster's state as a comparable, hashable value.
    pub fn cluster_state(&self) -> ClusterState<P> {
        let mut in_flight = Vec::new();
        let mut writing = Vec::new();
        for queued in &self.queue {
            match &queued.event {
                Scheduled::Arrive {
                    from,
                    to,
                    payload,
                    drop,
                    ..
                } => in_flight.push((*from, *to, payload.clone(), *drop)),
                Scheduled::DiskDone {
                    node,
                    incarnation,
                    write,
                    state,
                    ..
                } if *incarnation == self.slots[node.0 as usize].incarnation => {
                    writing.push((*node, *write, state.clone()));
                }
                _ => {}
            }
        }
        in_flight.sort();
        writing.sort();
        let timers = self
            .slots
            .iter()
            .zip(self.nodes())
            .flat_map(|(slot, id)| slot.timers.keys().map(move |t| (id, *t)))
            .collect();
        ClusterState {
            nodes: self.slots.iter().map(|slot| slot.node.clone()).collect(),
            disks: self.slots.iter().map(|slot| slot.disk.clone()).collect(),
            in_flight,
            writing,
            timers,
            cut: self.cut.clone(),
        }
    }

    /// The time of the next scheduled event that will run, if any.
    pub fn next_event_us(&self) -> Option<u64> {
        if self.manual {
            return None;
        }
        let time = self.queue.peek()?.time_us;
        (time <= self.config.until_us).then_some(time)
    }

    /// True once nothing is left to happen before the end time (in manual
    /// mode: nothing left to pick but a fault).
    pub fn is_finished(&self) -> bool {
        if self.manual {
            return self.events().is_empty();
        }
        self.next_event_us().is_none()
    }

    /// Turns manual mode on or off (see [`Choice`]). Returns whether it
    /// changed.
    pub fn set_manual(&mut self, on: bool) -> bool {
        std::mem::replace(&mut self.manual, on) != on
    }

    /// Whether nothing happens unless picked.
    pub fn is_manual(&self) -> bool {
        self.manual
    }

    /// Finished because the end time came, with events still to happen
    /// after it (a duel that would go on forever, say), rather than
    /// because nothing was left.
    pub fn cut_off_at_end_time(&self) -> bool {
        if self.manual {
            // Over when nothing is left to pick: cut off only if a choice
            // waits past the end.
            return self.is_finished()
                && self.queue.iter().any(|entry| {
                    entry.time_us > self.config.until_us && self.as_choice(&entry.event).is_some()
                });
        }
        self.is_finished() && !self.queue.is_empty()
    }

    /// The configured end time.
    pub fn end_time_us(&self) -> u64 {
        self.config.until_us
    }

    /// Disk writes issued and not yet complete, whose completion will still
    /// count (not lost in a crash), in issue order: (op, node, what the
    /// node's disk will hold once that write and those before it complete).
    pub fn pending_writes(&self) -> Vec<(DiskOp, NodeId, P::Durable)> {
        let writes = self
            .queue
            .iter()
            .filter_map(|queued| match &queued.event {
                Scheduled::DiskDone {
                    node,
                    incarnation,
                    state,
                    op,
                    ..
                } if self.write_counts(*node, *incarnation) => Some((*op, *node, state)),
                _ => None,
            })
            .fold(Vec::new(), |mut writes, write| {
                insert_sorted_by_key(&mut writes, write, |&(op, ..)| op);
                writes
            });
        let mut disks: LiteMap<NodeId, P::Durable> = LiteMap::new_vec();
        writes
            .into_iter()
            .map(|(op, node, write)| {
                let disk = disks
                    .entry(node)
                    .or_insert_with(|| self.slots[node.0 as usize].disk.clone());
                P::apply_write(disk, write);
                (op, node, disk.clone())
            })
            .collect()
    }

    fn write_counts(&self, node: NodeId, incarnation: u32) -> bool {
        let slot = &self.slots[node.0 as usize];
        slot.incarnation == incarnation && slot.node.is_some()
    }

    /// What the next event needs from a real disk before it may run. A
    /// driver that mirrors the simulated disks to real storage asks this
    /// before each step, so that the simulation never runs ahead of the
    /// real disk: a write completes only after its real write committed,
    /// and a restart reads the real disk.
    pub fn next_disk_need(&self) -> DiskNeed {
        if self.manual || self.is_finished() {
            return DiskNeed::None;
        }
        let Some(next) = self.queue.peek() else {
            return DiskNeed::None;
        };
        let crashed = |node: &NodeId| self.slots[node.0 as usize].node.is_none();
        match &next.event {
            Scheduled::DiskDone {
                node,
                incarnation,
                op,
                ..
            } if self.write_counts(*node, *incarnation) => DiskNeed::Write(*op),
            Scheduled::Restart { node } if crashed(node) => DiskNeed::Read(vec![*node]),
            Scheduled::Heal => {
                let down: Vec<NodeId> = self.nodes().filter(crashed).collect();
                if down.is_empty() {
                    DiskNeed::None
                } else {
                    DiskNeed::Read(down)
                }
            }
            _ => DiskNeed::None,
        }
    }

    /// Processes the next scheduled event. Returns false if there is none.
    pub fn step(&mut self) -> bool {
        if self.manual || self.is_finished() {
            return false;
        }
        let next = self.queue.pop().expect("checked above");
        // An event that manual picks held back happens now: the clock never
        // goes back. (Without picks, every queued event is due now or
        // later.)
        self.now_us = next.time_us.max(self.now_us);
        self.process(next.event);
        self.stats.steps += 1;
        true
    }

    /// Processes every event up to and including `time_us`, then sets the
    /// clock to `time_us` (bounded by the end time).
    pub fn run_until(&mut self, time_us: u64) {
        while self.next_event_us().is_some_and(|next| next <= time_us) {
            self.step();
        }
        if !self.manual {
            self.now_us = self.now_us.max(time_us.min(self.config.until_us));
        }
    }

    /// Runs to the end and summarizes.
    pub fn run(mut self) -> Summary<P> {
        while self.step() {}
        self.summary()
    }

    pub fn summary(&self) -> Summary<P> {
        Summary {
            seed: self.config.seed,
            decided: self.decided.as_ref().map(|(_, value)| value.clone()),
            decided_at_us: self.decided.as_ref().map(|(time, _)| *time),
            learned_by: self
                .slots
                .iter()
                .zip(self.nodes())
                .filter(|(slot, _)| slot.node.as_ref().is_some_and(P::has_learned))
                .map(|(_, id)| id)
                .collect(),
            ballots: self.ballots,
            clients_answered: self
                .clients
                .iter()
                .filter(|c| P::client_done(&c.client))
                .count(),
            stats: self.stats.clone(),
            trace_events: self.trace_len,
            violations: self.violations.clone(),
            trace_hash: self.trace_hash(),
            end_us: self.now_us,
        }
    }

    // ----- user actions (the UI's fault and client controls) -----

    /// Crashes a node now. Returns false if it was already down.
    pub fn crash(&mut self, id: NodeId) -> bool {
        let Some(slot) = self.slots.get_mut(id.0 as usize) else {
            return false;
        };
        if slot.node.take().is_none() {
            return false;
        }
        slot.incarnation += 1;
        slot.timers.clear();
        // Writes not yet complete are lost with the node.
        slot.disk_busy_until_us = self.now_us;
        self.stats.crashes += 1;
        self.record(Event::Crash { node: id });
        true
    }

    /// Restarts a crashed node from its disk. Returns false if it was up.
    pub fn restart(&mut self, id: NodeId) -> bool {
        let Some(slot) = self.slots.get_mut(id.0 as usize) else {
            return false;
        };
        if slot.node.is_some() {
            return false;
        }
        let node = P::recover(id, &self.config.protocol, slot.disk.clone());
        self.monitor.after_step(&node, &mut self.found);
        slot.node = Some(node);
        let recovered = slot.disk.clone();
        self.record(Event::Restart {
            node: id,
            recovered,
        });
        self.flush_findings();
        self.start(id);
        true
    }

    /// The amnesia fault: wipes a crashed node's disk, so that it restarts
    /// remembering no promise and no acceptance. This breaks Paxos (a node
    /// may then go back on its word), which is the point: it shows why
    /// acceptors must write to disk before they answer.
    pub fn wipe_disk(&mut self, id: NodeId) -> Result<bool, ConfigError> {
        let Some(slot) = self.slots.get_mut(id.0 as usize) else {
            return Err(ConfigError(format!("there is no node {id}")));
        };
        if slot.node.is_some() {
            return Err(ConfigError(format!(
                "{id} is running: crash it first, then wipe its disk"
            )));
        }
        if slot.disk == P::Durable::default() {
            return Ok(false);
        }
        slot.disk = P::Durable::default();
        self.record(Event::DiskWiped { node: id });
        Ok(true)
    }

    /// A new client starts at `node` now, with `proposal` (single-decree:
    /// the value to get chosen; Multi-Paxos: its commands).
    pub fn propose(
        &mut self,
        node: NodeId,
        proposal: P::Proposal,
    ) -> Result<ClientId, ConfigError> {
        if node.0 >= P::cluster_size(&self.config.protocol) {
            return Err(ConfigError(format!("there is no node {node}")));
        }
        self.add_client(P::proposal_client(node, proposal, self.now_us))
    }

    /// Changes one of the protocol's own settings (say, a bug toggle, the
    /// quorum sizes or backoff), for every node, from now on, if the result is
    /// valid. Returns whether anything changed.
    pub fn tune(&mut self, knob: &P::Knob) -> Result<bool, ConfigError> {
        let mut config = SimConfig::clone(&self.config);
        P::tune(&mut config.protocol, knob);
        config.validate()?;
        let changed = config.protocol != self.config.protocol;
        self.config = Arc::new(config);
        for node in self.slots.iter_mut().filter_map(|slot| slot.node.as_mut()) {
            P::tune(P::node_config(node), knob);
        }
        self.monitor.reconfigured(&self.config.protocol);
        Ok(changed)
    }

    /// Changes the network from now on (latency, loss, duplication).
    pub fn set_network(&mut self, network: NetworkConfig) -> Result<(), ConfigError> {
        self.reconfigure(|config| config.network = network)
    }

    /// Changes disk write latency for writes issued from now on.
    pub fn set_disk(&mut self, disk: DiskConfig) -> Result<(), ConfigError> {
        self.reconfigure(|config| config.disk = disk)
    }

    /// Applies `edit` to the configuration if the result is valid; otherwise
    /// changes nothing and says what was wrong.
    fn reconfigure(&mut self, edit: impl FnOnce(&mut SimConfig<P>)) -> Result<(), ConfigError> {
        let mut config = SimConfig::clone(&self.config);
        edit(&mut config);
        config.validate()?;
        self.config = Arc::new(config);
        Ok(())
    }

    /// A new client, starting at its start time (or now, if that is past).
    pub fn add_client(&mut self, spec: P::ClientSpec) -> Result<ClientId, ConfigError> {
        if self.clients.len() >= MAX_CLIENTS {
            return Err(ConfigError(format!(
                "at most {MAX_CLIENTS} clients are allowed"
            )));
        }
        let mut config = SimConfig::clone(&self.config);
        config.clients.push(spec.clone());
        config.validate()?;
        let id = ClientId(self.clients.len() as u8);
        let client = P::new_client(id, &spec, &config.protocol, config.seed);
        self.config = Arc::new(config);
        self.clients.push(ClientState {
            client,
            generation: 0,
        });
        let at = P::client_start_us(&spec).max(self.now_us);
        self.schedule(
            at,
            Scheduled::ClientSend {
                client: id,
                generation: 0,
            },
        );
        Ok(id)
    }

    /// Whether every client has nothing left to ask.
    pub fn clients_done(&self) -> bool {
        self.clients.iter().all(|c| P::client_done(&c.client))
    }

    /// Client `id` as it runs.
    pub fn client(&self, id: ClientId) -> Option<&P::Client> {
        self.clients.get(id.0 as usize).map(|c| &c.client)
    }

    /// Every client, in id order.
    pub fn clients(&self) -> impl Iterator<Item = &P::Client> {
        self.clients.iter().map(|c| &c.client)
    }

    /// The nodes of the cluster, in id order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + 'static {
        (0..P::cluster_size(&self.config.protocol)).map(NodeId)
    }

    /// A crashed node's disk turned out to hold `state` when read back from
    /// real storage, rather than what the simulator expected: from now on
    /// the simulated disk holds it too, and the node will restart from it.
    /// Returns false if that is what it held already.
    pub fn load_disk(&mut self, id: NodeId, state: P::Durable) -> Result<bool, ConfigError> {
        let Some(slot) = self.slots.get_mut(id.0 as usize) else {
            return Err(ConfigError(format!("there is no node {id}")));
        };
        if slot.node.is_some() {
            return Err(ConfigError(format!(
                "{id} is running: only a crashed node's disk can be read back"
            )));
        }
        if slot.disk == state {
            return Ok(false);
        }
        slot.disk = state.clone();
        self.monitor.loaded(id, &state, &mut self.found);
        self.record(Event::DiskLoaded { node: id, state });
        self.flush_findings();
        Ok(true)
    }

    /// A power failure of the whole cluster (a page reload, in the browser):
    /// every node crashes at once, every message on the wire is lost, and
    /// disk writes not yet complete are lost with their nodes. Then every
    /// node restarts from `disks`, what each disk was found to hold.
    pub fn power_failure(&mut self, disks: &[P::Durable]) -> Result<(), ConfigError> {
        let n = usize::from(P::cluster_size(&self.config.protocol));
        if disks.len() != n {
            return Err(ConfigError(format!(
                "a power failure needs the disks of all {n} nodes, not {}",
                disks.len()
            )));
        }
        self.record(Event::PowerFailure);
        let mut queue = std::mem::take(&mut self.queue).into_vec();
        for queued in &mut queue {
            if let Scheduled::Arrive { drop, .. } = &mut queued.event {
                drop.get_or_insert(DropReason::PowerFailure);
            }
        }
        self.queue = BinaryHeap::from(queue);
        for id in self.nodes() {
            self.crash(id);
        }
        for (id, disk) in self.nodes().zip(disks) {
            self.load_disk(id, disk.clone())?;
            self.restart(id);
        }
        Ok(())
    }

    /// Messages on the wire now: (id, from, to, payload, arrival time),
    /// earliest arrival first. Ones already doomed (lost, cut, dropped) are
    /// included: they are still travelling.
    pub fn in_flight(&self) -> Vec<(MsgId, Actor, Actor, &Payload<P>, u64)> {
        self.queue
            .iter()
            .filter_map(|queued| match &queued.event {
                Scheduled::Arrive {
                    id,
                    from,
                    to,
                    payload,
                    ..
                } => Some((*id, *from, *to, payload, queued.time_us)),
                _ => None,
            })
            .fold(Vec::new(), |mut messages, message| {
                insert_sorted_by_key(&mut messages, message, |&(id, .., arrives_us)| {
                    (arrives_us, id)
                });
                messages
            })
    }

    /// Rewrites the in-flight message `id`, if it is still in flight.
    fn edit_in_flight(&mut self, id: MsgId, edit: impl FnOnce(&mut Queued<P>)) -> bool {
        let mut queue = std::mem::take(&mut self.queue).into_vec();
        let found = queue
            .iter_mut()
            .find(|q| matches!(q.event, Scheduled::Arrive { id: this, .. } if this == id));
        let edited = found.map(edit).is_some();
        self.queue = BinaryHeap::from(queue);
        edited
    }

    /// Whether message `id` is in flight, and if so how it will end: `None`
    /// if it will arrive, or why it will not.
    pub fn in_flight_fate(&self, id: MsgId) -> Option<Option<DropReason>> {
        self.queue.iter().find_map(|queued| match &queued.event {
            Scheduled::Arrive { id: this, drop, .. } if *this == id => Some(*drop),
            _ => None,
        })
    }

    /// Drops a message in flight: it will not arrive. Returns false if it is
    /// not in flight, or will not arrive anyway.
    pub fn drop_message(&mut self, id: MsgId) -> bool {
        if self.in_flight_fate(id) != Some(None) {
            return false;
        }
        self.edit_in_flight(id, |queued| {
            if let Scheduled::Arrive { drop, .. } = &mut queued.event {
                *drop = Some(DropReason::User);
            }
        })
    }

    /// Delays a message in flight by `by_us`.
    pub fn delay_message(&mut self, id: MsgId, by_us: u64) -> bool {
        let by_us = by_us.min(MAX_LATENCY_US);
        self.edit_in_flight(id, |queued| queued.time_us += by_us)
    }

    /// Makes the network deliver an extra copy of a message in flight, sent
    /// now with a fresh latency. Returns the copy's id.
    pub fn duplicate_message(&mut self, id: MsgId) -> Option<MsgId> {
        let (_, from, to, payload, _) = self
            .in_flight()
            .into_iter()
            .find(|&(this, ..)| this == id)?;
        let payload = payload.clone();
        if let Payload::Message(_) = payload {
            self.stats.messages += 1;
            self.stats.duplicated += 1;
        }
        // The copy crosses the same network: a cut link stops it too.
        let cut = match (from, to) {
            (Actor::Node(a), Actor::Node(b)) => self.cut.contains(&(a, b)),
            _ => false,
        };
        let drop = cut.then_some(DropReason::Partition);
        Some(self.transmit(from, to, payload, drop, Some(id)))
    }

    /// Moves the clock forward to `time_us` without processing anything, as
    /// far as the next scheduled event at most. Actions taken next happen at
    /// that time.
    pub fn advance_clock(&mut self, time_us: u64) {
        if self.manual {
            // Time moves only with picks.
            return;
        }
        let limit = self.next_event_us().unwrap_or(self.config.until_us);
        self.now_us = self.now_us.max(time_us.min(limit));
    }

    // ----- the event loop -----

    fn schedule(&mut self, time_us: u64, event: Scheduled<P>) {
        self.seq += 1;
        self.queue.push(Queued {
            time_us,
            seq: self.seq,
            event,
        });
    }

    /// Records the event `make` makes, if anything reads it (see
    /// [`Sim::tracing`]): for events that clone a payload or a disk state.
    fn record_with(&mut self, make: impl FnOnce() -> Event<P>) {
        if self.tracing() {
            self.record(make());
        } else {
            self.trace_len += 1;
        }
    }

    fn record(&mut self, event: Event<P>) {
        let event = TraceEvent {
            time_us: self.now_us,
            event,
        };
        if let Some(hasher) = &mut self.hasher {
            hasher.add(&event);
        }
        self.trace_len += 1;
        if self.config.record_trace {
            self.trace.push(event);
        }
    }

    fn process(&mut self, event: Scheduled<P>) {
        match event {
            Scheduled::Arrive {
                id,
                from,
                to,
                payload,
                drop,
                ..
            } => self.arrive(id, from, to, payload, drop),
            Scheduled::Timer {
                node,
                timer,
                generation,
            } => {
                let slot = &mut self.slots[node.0 as usize];
                if slot.timers.get(&timer) == Some(&generation) {
                    slot.timers.remove(&timer);
                    self.record(Event::Timer { node, timer });
                    self.handle(node, Input::Timeout { timer });
                }
            }
            Scheduled::DiskDone {
                node,
                incarnation,
                write,
                state,
                ..
            } => {
                let slot = &mut self.slots[node.0 as usize];
                if slot.incarnation == incarnation && slot.node.is_some() {
                    P::apply_write(&mut slot.disk, &state);
                    let disk = &self.slots[node.0 as usize].disk;
                    self.monitor.durable(node, &state, disk, &mut self.found);
                    self.record(Event::PersistDone { node, write });
                    self.handle(node, Input::PersistDone { write });
                }
            }
            Scheduled::ClientSend { client, generation } => {
                if self.clients[client.0 as usize].generation == generation {
                    let state = &mut self.clients[client.0 as usize];
                    let step =
                        P::client_wake(&mut state.client, self.now_us, self.config.client_retry_us);
                    self.client_step(client, step);
                }
            }
            Scheduled::FaultTick => self.fault_tick(),
            Scheduled::Restart { node } => {
                self.restart(node);
            }
            Scheduled::Heal => self.heal(),
        }
    }

    fn arrive(
        &mut self,
        id: MsgId,
        from: Actor,
        to: Actor,
        payload: Payload<P>,
        drop: Option<DropReason>,
    ) {
        let drop = drop.or_else(|| match to {
            Actor::Node(node) if self.slots[node.0 as usize].node.is_none() => {
                Some(DropReason::Crashed)
            }
            _ => None,
        });
        if let Some(reason) = drop {
            self.stats.dropped += 1;
            self.record(Event::Drop { id, reason });
            return;
        }
        self.record(Event::Deliver { id });
        match (to, payload) {
            (Actor::Node(node), Payload::Message(msg)) => {
                let Actor::Node(from) = from else {
                    unreachable!("only nodes send protocol messages")
                };
                self.handle(node, Input::Receive { from, msg });
            }
            (Actor::Node(node), Payload::Request { value }) => {
                let Actor::Client(client) = from else {
                    unreachable!("only clients send requests")
                };
                self.handle(node, Input::Request { client, value });
            }
            (Actor::Client(client), Payload::Reply { value }) => {
                let Actor::Node(node) = from else {
                    unreachable!("only nodes reply to clients")
                };
                let state = &mut self.clients[client.0 as usize];
                let retry = self.config.client_retry_us;
                let step = P::client_receive(&mut state.client, self.now_us, node, value, retry);
                self.client_step(client, step);
            }
            (to, payload) => unreachable!("{payload} cannot be delivered to {to}"),
        }
    }

    /// Lets a node that has just come up ask for what it needs.
    fn start(&mut self, id: NodeId) {
        let Some(node) = self.slots[id.0 as usize].node.as_mut() else {
            return;
        };
        let mut out = std::mem::take(&mut self.out);
        P::start(node, self.now_us, &mut out);
        for output in out.drain(..) {
            self.apply(id, output);
        }
        self.out = out;
    }

    /// Feeds one input to a live node and carries out what it asks for.
    fn handle(&mut self, id: NodeId, input: Input<P>) {
        let Some(node) = self.slots[id.0 as usize].node.as_mut() else {
            return;
        };
        let mut out = std::mem::take(&mut self.out);
        P::handle(node, self.now_us, input, &mut out);
        for output in out.drain(..) {
            self.apply(id, output);
        }
        self.out = out;
        if let Some(node) = self.slots[id.0 as usize].node.as_ref() {
            self.monitor.after_step(node, &mut self.found);
        }
        self.flush_findings();
    }

    fn apply(&mut self, id: NodeId, output: Output<P>) {
        match output {
            Output::Send { to, msg } => {
                self.monitor.sent(id, &msg, &mut self.found);
                if let Some(ballot) = P::prepare_ballot(&msg) {
                    let last = &mut self.last_prepared[id.0 as usize];
                    if *last != Some(ballot) {
                        *last = Some(ballot);
                        self.ballots += 1;
                        self.started[id.0 as usize] += 1;
                    }
                }
                if let Some(slot) = P::proposal_slot(&msg) {
                    self.highest_slot = self.highest_slot.max(slot);
                }
                self.send_between_nodes(id, to, msg);
            }
            Output::SetTimer {
                timer,
                after_us,
                jitter_us,
            } => {
                let jitter = if jitter_us == 0 {
                    0
                } else {
                    self.rng.random_range(0..=jitter_us)
                };
                self.timer_generation += 1;
                let generation = self.timer_generation;
                self.slots[id.0 as usize].timers.insert(timer, generation);
                let at = self.now_us + after_us + jitter;
                self.schedule(
                    at,
                    Scheduled::Timer {
                        node: id,
                        timer,
                        generation,
                    },
                );
            }
            Output::CancelTimer { timer } => {
                self.slots[id.0 as usize].timers.remove(&timer);
            }
            Output::Persist { write, state } => {
                let disk = &self.config.disk;
                let latency = self.rng.random_range(disk.write_min_us..=disk.write_max_us);
                let slot = &mut self.slots[id.0 as usize];
                // Writes complete in the order they were issued.
                let done_at = (self.now_us + latency).max(slot.disk_busy_until_us);
                slot.disk_busy_until_us = done_at;
                let incarnation = slot.incarnation;
                self.stats.disk_writes += 1;
                self.disk_ops += 1;
                let op = self.disk_ops;
                self.record_with(|| Event::PersistStart {
                    node: id,
                    write,
                    state: state.clone(),
                });
                self.schedule(
                    done_at,
                    Scheduled::DiskDone {
                        node: id,
                        incarnation,
                        write,
                        state,
                        op,
                    },
                );
            }
            Output::Decided { ballot, value } => {
                self.monitor.learned(id, &value, &mut self.found);
                if self.decided.is_none() {
                    self.decided = Some((self.now_us, value.clone()));
                }
                self.record(Event::Decided {
                    node: id,
                    ballot,
                    value,
                });
            }
            Output::Quorum {
                ballot,
                phase,
                members,
            } => self.record(Event::Quorum {
                node: id,
                ballot,
                phase,
                members,
            }),
            Output::Reply { client, value } => {
                self.monitor.replied(id, &value, &mut self.found);
                let reply = Payload::Reply { value };
                self.transmit(Actor::Node(id), Actor::Client(client), reply, None, None);
            }
        }
    }

    /// A node-to-node message: it may be lost, duplicated, or cut off.
    fn send_between_nodes(&mut self, from: NodeId, to: NodeId, msg: P::Message) {
        let payload = Payload::Message(msg);
        let faulty = !self.faults_over;
        let copies = if faulty && self.draw(self.config.network.dup_prob) {
            2
        } else {
            1
        };
        let mut original = None;
        for _ in 0..copies {
            let drop = if self.cut.contains(&(from, to)) {
                Some(DropReason::Partition)
            } else if faulty && self.draw(self.config.network.drop_prob) {
                Some(DropReason::Loss)
            } else {
                None
            };
            self.stats.messages += 1;
            let id = self.transmit(
                Actor::Node(from),
                Actor::Node(to),
                payload.clone(),
                drop,
                original,
            );
            if original.is_some() {
                self.stats.duplicated += 1;
            }
            original.get_or_insert(id);
        }
    }

    /// Puts a message on the wire with a random latency.
    fn transmit(
        &mut self,
        from: Actor,
        to: Actor,
        payload: Payload<P>,
        drop: Option<DropReason>,
        copy_of: Option<MsgId>,
    ) -> MsgId {
        let net = &self.config.network;
        let latency = self
            .rng
            .random_range(net.latency_min_us..=net.latency_max_us);
        let id = self.next_msg;
        self.next_msg += 1;
        if matches!(payload, Payload::Request { .. } | Payload::Reply { .. }) {
            self.stats.client_messages += 1;
        }
        self.record_with(|| Event::Send {
            id,
            from,
            to,
            payload: payload.clone(),
            copy_of,
        });
        let part = self
            .hasher
            .is_none()
            .then(|| fingerprint::message_part(&from, &to, &payload));
        self.schedule(
            self.now_us + latency,
            Scheduled::Arrive {
                id,
                from,
                to,
                payload,
                drop,
                part,
            },
        );
        id
    }

    /// True with `probability` (from 0 to 1, as the configuration's checks
    /// make it). Through `Bernoulli` rather than `random_bool`, which draws
    /// the same numbers but would link a panic that formats the float,
    /// with all of float formatting, into every page.
    fn draw(&mut self, probability: f64) -> bool {
        probability > 0.0
            && rand::distr::Bernoulli::new(probability).is_ok_and(|coin| self.rng.sample(coin))
    }

    /// Carries out what a client asked for: a request on the wire, and its
    /// next wake-up (which replaces any earlier one).
    fn client_step(&mut self, client: ClientId, step: ClientStep<P>) {
        for (node, value) in step.send {
            self.monitor.proposed(&value);
            let request = Payload::Request { value };
            self.transmit(
                Actor::Client(client),
                Actor::Node(node),
                request,
                None,
                None,
            );
        }
        if let Some(at) = step.wake_at_us {
            let state = &mut self.clients[client.0 as usize];
            state.generation += 1;
            let generation = state.generation;
            self.schedule(
                at.max(self.now_us),
                Scheduled::ClientSend { client, generation },
            );
        }
    }

    /// The fault injector: maybe crash a node, maybe cut or heal the network.
    fn fault_tick(&mut self) {
        let faults = self.config.faults.clone();
        if self.draw(faults.crash_prob) {
            let victim = NodeId(
                self.rng
                    .random_range(0..P::cluster_size(&self.config.protocol)),
            );
            if self.crash(victim) {
                let downtime = self.rng.random_range(faults.tick_us..=4 * faults.tick_us);
                let restart_at = (self.now_us + downtime).min(faults.until_us);
                self.schedule(restart_at, Scheduled::Restart { node: victim });
            }
        }
        if self.draw(faults.partition_prob) {
            if self.cut.is_empty() {
                self.cut_network();
            } else {
                self.set_cut(LiteSet::new());
            }
        }
        let next = self.now_us + faults.tick_us;
        if next < faults.until_us {
            self.schedule(next, Scheduled::FaultTick);
        }
    }

    /// Splits the nodes into two random groups and cuts the links between
    /// them: both ways, or (half the time) one way only.
    fn cut_network(&mut self) {
        let n = P::cluster_size(&self.config.protocol);
        if n < 2 {
            return;
        }
        // A random non-empty proper subset, as a bit mask.
        let side = self.rng.random_range(1..(1u64 << n) - 1);
        let one_way = self.rng.random_bool(0.5);
        let in_side = |node: NodeId| side & (1 << node.0) != 0;
        let mut cut = LiteSet::new();
        for a in self.nodes().filter(|&a| in_side(a)) {
            for b in self.nodes().filter(|&b| !in_side(b)) {
                cut.insert((a, b));
                if !one_way {
                    cut.insert((b, a));
                }
            }
        }
        self.set_cut(cut);
    }

    /// Replaces the set of cut links (the UI's partition editor uses this).
    pub fn set_cut(&mut self, cut: LiteSet<(NodeId, NodeId)>) {
        if cut == self.cut {
            return;
        }
        self.cut = cut;
        let cut = self.cut.iter().copied().collect();
        self.record(Event::Partition { cut });
    }

    /// The end of the fault window: heal everything.
    fn heal(&mut self) {
        self.faults_over = true;
        self.set_cut(LiteSet::new());
        for id in self.nodes() {
            self.restart(id);
        }
    }

    fn flush_findings(&mut self) {
        for (property, detail) in self.found.drain(..) {
            // Report each property once: its first failure explains the rest.
            if self.violations.iter().any(|v| v.property == property) {
                continue;
            }
            self.violations.push(Violation {
                property,
                seed: self.config.seed,
                step: self.stats.steps + self.stats.picks,
                time_us: self.now_us,
                detail,
            });
        }
    }
}
