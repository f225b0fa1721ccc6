//! Moving a timeline forward with its disks mirrored to a real store.

use super::{Batch, BatchId, Mirror, ReadResult, ReadTicket, RunBody, RunRecord, StorageError};
use super::{MemoryStore, SCHEMA_VERSION};
use crate::sim::Choice;
use crate::timeline::{Action, Stepped, Timeline};
use paxos_core::protocol::Protocol;
use paxos_core::types::NodeId;

/// A real store. Operations may finish at once (returning `Some`) or later,
/// in which case the caller reports the outcome to the [`Driver`].
pub trait Backend<P: Protocol> {
    fn write(&mut self, batch: Batch<P>) -> Option<Result<(), StorageError>>;
    /// Reads `node`'s record of run `run`. A later answer names `ticket`.
    fn read(&mut self, run: &str, node: NodeId, ticket: ReadTicket) -> Option<ReadResult<P>>;
}

impl<P: Protocol> Backend<P> for MemoryStore<P> {
    fn write(&mut self, batch: Batch<P>) -> Option<Result<(), StorageError>> {
        self.apply(&batch);
        Some(Ok(()))
    }

    fn read(&mut self, run: &str, node: NodeId, _ticket: ReadTicket) -> Option<ReadResult<P>> {
        Some(MemoryStore::read(self, run, node))
    }
}

/// How far a call to [`Driver::seek`] or [`Driver::step`] got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// It got where it was asked to.
    Done,
    /// It waits for the store; call again once the store reports back.
    Waiting,
}

/// Rounds of write-then-step one call may make before it yields.
const MAX_ROUNDS: usize = 100_000;

/// Drives a [`Timeline`] whose simulated disks are mirrored to a real store
/// through a [`Mirror`]: writes are sent as the simulation issues them, a
/// simulated write completes only once its real write committed, and a
/// restart reads the node's disk back from the store first. The simulation
/// waits for the store, never the other way round, so the trace is the one
/// the same seed gives with no store at all.
pub struct Driver<P: Protocol> {
    mirror: Mirror<P>,
    created_ms: f64,
    /// What the run's record said when it was last sent.
    saved: Option<Saved>,
    /// User restarts waiting for their read.
    restarts: Vec<NodeId>,
    /// A power failure waiting for every node's read, with the run whose
    /// disks are read; until it happens, nothing is written (the store holds
    /// the truth to read back).
    power_failure: Option<String>,
    /// What the user should be told.
    notices: Vec<String>,
}

/// What a run's record says that the driver watches for change.
#[derive(Debug, PartialEq)]
struct Saved {
    generation: u64,
    position: usize,
    actions: usize,
    outcome: Option<String>,
}

impl Saved {
    fn of<P: Protocol>(timeline: &Timeline<P>) -> Saved {
        Saved {
            generation: timeline.generation(),
            position: timeline.frontier_position(),
            actions: timeline.actions().len(),
            outcome: timeline.frontier().outcome(),
        }
    }

    /// The same record but for how far the run got.
    fn same_but_position(&self, other: &Saved) -> bool {
        (self.generation, self.actions, &self.outcome)
            == (other.generation, other.actions, &other.outcome)
    }
}

impl<P: Protocol> Driver<P> {
    pub fn new(run: impl Into<String>, nodes: u8, created_ms: f64) -> Driver<P> {
        Driver {
            mirror: Mirror::new(run, nodes),
            created_ms,
            saved: None,
            restarts: Vec::new(),
            power_failure: None,
            notices: Vec::new(),
        }
    }

    pub fn run(&self) -> &str {
        self.mirror.run()
    }

    pub fn mirror(&self) -> &Mirror<P> {
        &self.mirror
    }

    /// Notices for the user, oldest first; they are consumed.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// True while something waits on the store.
    pub fn is_waiting(&self) -> bool {
        self.mirror.batches_in_flight() > 0
            || !self.restarts.is_empty()
            || self.power_failure.is_some()
    }

    /// True while a power failure waits for its reads.
    pub fn power_failure_pending(&self) -> bool {
        self.power_failure.is_some()
    }

    /// Restarts waiting for their disk to be read back.
    pub fn restarts_pending(&self) -> &[NodeId] {
        &self.restarts
    }

    /// Moves the cursor to `time_us` like [`Timeline::seek`], simulating no
    /// further than the store allows.
    pub fn seek(
        &mut self,
        timeline: &mut Timeline<P>,
        backend: &mut dyn Backend<P>,
        time_us: u64,
        now_ms: f64,
    ) -> Progress {
        self.advance(timeline, backend, now_ms, |timeline, mirror| {
            timeline.seek_while(time_us, |sim| mirror.may_step(sim))
        })
    }

    /// Steps forward like [`Timeline::step_forward`], waiting for the store
    /// if need be.
    pub fn step(
        &mut self,
        timeline: &mut Timeline<P>,
        backend: &mut dyn Backend<P>,
        now_ms: f64,
    ) -> Progress {
        self.advance(timeline, backend, now_ms, |timeline, mirror| {
            timeline.step_forward_while(|sim| mirror.may_step(sim)) != Stepped::Blocked
        })
    }

    fn advance(
        &mut self,
        timeline: &mut Timeline<P>,
        backend: &mut dyn Backend<P>,
        now_ms: f64,
        mut go: impl FnMut(&mut Timeline<P>, &Mirror<P>) -> bool,
    ) -> Progress {
        for _ in 0..MAX_ROUNDS {
            self.settle(timeline, backend, now_ms);
            if self.power_failure.is_some() || !self.restarts.is_empty() {
                return Progress::Waiting;
            }
            let done = go(timeline, &self.mirror);
            self.flush(timeline, backend, now_ms);
            if done {
                return Progress::Done;
            }
            // Blocked on the store. Send the reads a restart needs, and go
            // round again if the store answered at once.
            for (node, ticket) in self.mirror.reads_to_send(timeline.frontier()) {
                if let Some(result) = backend.read(self.mirror.run(), node, ticket) {
                    self.mirror.read_done(node, ticket, result);
                }
            }
            self.check_restart_reads(timeline);
            if !self.mirror.may_step(timeline.frontier()) {
                return Progress::Waiting;
            }
        }
        Progress::Waiting
    }

    /// Writes what is due, and finishes restarts and power failures whose
    /// reads are back.
    pub fn settle(
        &mut self,
        timeline: &mut Timeline<P>,
        backend: &mut dyn Backend<P>,
        now_ms: f64,
    ) {
        if self.power_failure.is_some() {
            self.finish_power_failure(timeline, backend);
            if self.power_failure.is_some() {
                return;
            }
        }
        self.flush(timeline, backend, now_ms);
        self.finish_restarts(timeline, backend);
        self.flush(timeline, backend, now_ms);
    }

    /// Sends what the store lacks, with the run's record when it changed.
    fn flush(&mut self, timeline: &Timeline<P>, backend: &mut dyn Backend<P>, now_ms: f64) {
        if self.power_failure.is_some() {
            return;
        }
        let batch = self
            .mirror
            .plan(timeline.frontier(), timeline.generation(), None);
        let now = Saved::of(timeline);
        // A run is worth listing once something happened in it.
        let changed = now.position > 0 && self.saved.as_ref() != Some(&now);
        let batch = match batch {
            Some(mut batch) => {
                if changed {
                    batch.meta = Some(self.record(timeline, now_ms));
                    self.saved = Some(now);
                }
                batch
            }
            // Without writes, the record is updated when the actions or the
            // outcome changed: the list of runs shows both. (The position
            // alone is saved with the next write, or by `save_progress`.)
            None if changed
                && self
                    .saved
                    .as_ref()
                    .is_none_or(|saved| !saved.same_but_position(&now)) =>
            {
                self.saved = Some(now);
                self.mirror.meta_only(self.record(timeline, now_ms))
            }
            None => return,
        };
        self.send(batch, backend);
    }

    /// Saves how far the run got, even with no write to carry it (when the
    /// page is about to go away, say).
    pub fn save_progress(
        &mut self,
        timeline: &Timeline<P>,
        backend: &mut dyn Backend<P>,
        now_ms: f64,
    ) {
        if self.power_failure.is_some() {
            return;
        }
        let now = Saved::of(timeline);
        if self.saved.as_ref() == Some(&now) || now.position == 0 {
            return;
        }
        self.saved = Some(now);
        let batch = self.mirror.meta_only(self.record(timeline, now_ms));
        self.send(batch, backend);
    }

    fn send(&mut self, batch: Batch<P>, backend: &mut dyn Backend<P>) {
        let id = batch.id;
        if let Some(result) = backend.write(batch) {
            self.write_done(id, result);
        }
    }

    /// The store reports on batch `id`. A failed batch leaves the store's
    /// content unknown: everything is sent again.
    pub fn write_done(&mut self, id: BatchId, result: Result<(), StorageError>) {
        match result {
            Ok(()) => self.mirror.committed(id),
            Err(e) => {
                self.mirror.reset();
                self.saved = None;
                self.notices.push(format!("A disk write failed: {e}."));
            }
        }
    }

    /// The store answers read `ticket` of `node`.
    pub fn read_done(&mut self, node: NodeId, ticket: ReadTicket, result: ReadResult<P>) {
        self.mirror.read_done(node, ticket, result);
    }

    /// The store's content can no longer be counted on (the caller moved
    /// the disks to another store, or the data was cleared): every disk and
    /// pending write is sent again, and simulated writes wait for that.
    pub fn switch_store(&mut self) {
        self.mirror.reset();
        self.saved = None;
    }

    /// The run's record now.
    pub fn record(&self, timeline: &Timeline<P>, now_ms: f64) -> RunRecord {
        let config = timeline.config();
        let body = RunBody {
            config: config.clone(),
            actions: timeline.actions().to_vec(),
        };
        RunRecord {
            schema: SCHEMA_VERSION,
            run: self.mirror.run().to_string(),
            created_ms: self.created_ms,
            updated_ms: now_ms,
            protocol: P::NAME.to_string(),
            seed: config.seed,
            nodes: P::cluster_size(&config.protocol),
            position: timeline.frontier_position() as u64,
            time_us: timeline.frontier_time_us(),
            outcome: timeline.frontier().outcome(),
            body: RunRecord::encode_body(&body),
        }
    }

    // ----- restarts -----

    /// Makes `choice` happen now (manual scheduling), once the store allows:
    /// the completion of a disk write waits for its real write, as a step
    /// would; a restart is read back from the store, as
    /// [`Driver::restart`] does it. Acting in the past forks history
    /// first. `Waiting`: ask again once the store reports back.
    pub fn pick(
        &mut self,
        timeline: &mut Timeline<P>,
        backend: &mut dyn Backend<P>,
        choice: Choice<P>,
        now_ms: f64,
    ) -> Result<Progress, String> {
        if let Choice::Restart { node } = choice {
            return self.restart(timeline, backend, node, now_ms).map(|()| {
                match self.restarts.is_empty() {
                    true => Progress::Done,
                    false => Progress::Waiting,
                }
            });
        }
        if !timeline.state().choices().contains(&choice) {
            return Err(choice.not_now().to_string());
        }
        timeline.fork_here();
        self.settle(timeline, backend, now_ms);
        if self.power_failure.is_some() || !self.restarts.is_empty() {
            return Ok(Progress::Waiting);
        }
        if !self.mirror.may_pick(timeline.frontier(), &choice) {
            return Ok(Progress::Waiting);
        }
        timeline
            .act(Action::Pick { choice })
            .map_err(|e| e.to_string())?;
        self.flush(timeline, backend, now_ms);
        Ok(Progress::Done)
    }

    /// Restarts a crashed node the way a real server does: from what its
    /// disk holds, read back from the store. Acting in the past forks
    /// history first. The restart happens once the read is back.
    pub fn restart(
        &mut self,
        timeline: &mut Timeline<P>,
        backend: &mut dyn Backend<P>,
        node: NodeId,
        now_ms: f64,
    ) -> Result<(), String> {
        if timeline.state().disk(node).is_none() {
            return Err(format!("there is no node {node}"));
        }
        if timeline.state().node(node).is_some() {
            return Err(format!("{node} is already running"));
        }
        if self.restarts.contains(&node) {
            return Ok(());
        }
        timeline.fork_here();
        // Bring the store up to date first, so the read sees every write.
        self.flush(timeline, backend, now_ms);
        self.restarts.push(node);
        self.settle(timeline, backend, now_ms);
        Ok(())
    }

    /// Sends a read of `node` from run `from`, unless one is outstanding.
    fn ensure_read(&mut self, backend: &mut dyn Backend<P>, from: &str, node: NodeId) {
        if let Some(ticket) = self.mirror.request_read(node) {
            if let Some(result) = backend.read(from, node, ticket) {
                self.mirror.read_done(node, ticket, result);
            }
        }
    }

    /// Restarts whose read is back happen, at the live edge of the run.
    /// One whose node is up by now is dropped; one whose read was lost (the
    /// store was rewritten since) is read again.
    fn finish_restarts(&mut self, timeline: &mut Timeline<P>, backend: &mut dyn Backend<P>) {
        let mut waiting = Vec::new();
        for node in std::mem::take(&mut self.restarts) {
            if timeline.frontier().node(node).is_some() {
                continue;
            }
            match self.mirror.take_read(node) {
                Some(result) => {
                    self.reconcile(timeline, node, result);
                    if let Err(e) = timeline.act_at_frontier(Action::Restart { node }) {
                        self.notices.push(e.to_string());
                    }
                }
                None => {
                    let run = self.mirror.run().to_string();
                    self.ensure_read(backend, &run, node);
                    waiting.push(node);
                }
            }
        }
        self.restarts = waiting;
        // A read that came back at once lets its restart happen now.
        if self.restarts.iter().any(|&n| self.mirror.reads_back(&[n])) {
            self.finish_restarts(timeline, backend);
        }
    }

    fn check_restart_reads(&mut self, timeline: &mut Timeline<P>) {
        for (node, result) in self.mirror.take_restart_reads(timeline.frontier()) {
            self.reconcile(timeline, node, result);
        }
    }

    /// A crashed node's disk was read back: if the store holds something
    /// other than the simulated disk, the store wins (a recorded action, so
    /// the run replays the same). An unusable record is reported, and the
    /// node restarts from the simulated disk instead.
    fn reconcile(&mut self, timeline: &mut Timeline<P>, node: NodeId, result: ReadResult<P>) {
        let expected = timeline.frontier().disk(node).cloned().unwrap_or_default();
        match result {
            Ok(found) => {
                let found = found.unwrap_or_default();
                if found != expected {
                    self.notices.push(format!(
                        "{node}'s disk in IndexedDB held {}, not {} as the simulator expected. \
                         Something outside the playground changed it; {node} restarts from \
                         what IndexedDB holds.",
                        P::describe_disk(&found),
                        P::describe_disk(&expected)
                    ));
                    let load = Action::LoadDisk { node, state: found };
                    if let Err(e) = timeline.act_at_frontier(load) {
                        self.notices.push(e.to_string());
                    }
                }
            }
            Err(e) => {
                self.notices.push(format!(
                    "{e}. {node} restarts from the simulator's copy of its disk instead ({}), \
                     and that copy is written back.",
                    P::describe_disk(&expected)
                ));
                self.mirror.forget();
            }
        }
    }

    // ----- power failure -----

    /// The whole cluster loses power (the page was reloaded), at the
    /// frontier of `timeline`, a run replayed to where it was. Every node's
    /// disk is read back from the store, and every node restarts from it.
    /// Nothing is written until then.
    ///
    /// The disks are read from run `from`'s records: this run's own, or
    /// another's when resuming a copy of it.
    pub fn power_failure(
        &mut self,
        timeline: &mut Timeline<P>,
        backend: &mut dyn Backend<P>,
        from: &str,
    ) {
        self.power_failure = Some(from.to_string());
        self.finish_power_failure(timeline, backend);
    }

    fn finish_power_failure(&mut self, timeline: &mut Timeline<P>, backend: &mut dyn Backend<P>) {
        let Some(from) = self.power_failure.clone() else {
            return;
        };
        let nodes: Vec<NodeId> = timeline.frontier().nodes().collect();
        for &node in &nodes {
            self.ensure_read(backend, &from, node);
        }
        if !self.mirror.reads_back(&nodes) {
            return;
        }
        let mut disks = Vec::new();
        for node in nodes {
            let result = self.mirror.take_read(node).unwrap_or(Ok(None));
            let expected = timeline.frontier().disk(node).cloned().unwrap_or_default();
            disks.push(match result {
                Ok(found) => found.unwrap_or_default(),
                Err(e) => {
                    self.notices.push(format!(
                        "{e}. {node} restarts from its disk as replayed instead ({}).",
                        P::describe_disk(&expected)
                    ));
                    expected
                }
            });
        }
        self.power_failure = None;
        if let Err(e) = timeline.act_at_frontier(Action::PowerFailure { disks }) {
            self.notices.push(e.to_string());
        }
    }
}
