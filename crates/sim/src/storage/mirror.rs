//! Keeping a real store in step with the simulated disks.

use super::{ReadResult, RunRecord};
use crate::sim::{Choice, DiskNeed, DiskOp, Sim};
use paxos_core::collections::{LiteMap, LiteSet};
use paxos_core::protocol::Protocol;
use paxos_core::types::NodeId;

/// Identifies a batch of writes.
pub type BatchId = u64;

/// Writes to make in one transaction, in order. A node's state is always
/// written whole; writing the empty state removes the node's record.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch<P: Protocol> {
    pub id: BatchId,
    pub run: String,
    pub puts: Vec<(NodeId, P::Durable)>,
    /// The run's record, when it changed.
    pub meta: Option<RunRecord>,
}

/// Identifies one read, so that a late answer to a read that no longer
/// matters (the store was rewritten since) is told apart and ignored.
pub type ReadTicket = u64;

#[derive(Clone, Debug)]
enum Read<P: Protocol> {
    InFlight(ReadTicket),
    Done(ReadResult<P>),
    /// Back, and reconciled with the simulated disk.
    Checked,
}

/// The bookkeeping between a simulator and the real store that mirrors its
/// disks. It does no I/O: it says what to write and read, and is told when
/// writes commit and reads return.
#[derive(Clone, Debug)]
pub struct Mirror<P: Protocol> {
    run: String,
    /// The timeline generation the bookkeeping is for: after a fork, the
    /// store is brought in line with the new history from scratch.
    generation: Option<u64>,
    /// What the store will hold for each node once the batches issued so far
    /// commit; `None` if unknown.
    stored: Vec<Option<P::Durable>>,
    /// Simulated writes already sent to the store, and those committed.
    issued: LiteSet<DiskOp>,
    committed: LiteSet<DiskOp>,
    /// Batches sent and not yet committed: their generation and writes.
    in_flight: LiteMap<BatchId, (u64, Vec<DiskOp>)>,
    next_batch: BatchId,
    reads: LiteMap<NodeId, Read<P>>,
    next_ticket: ReadTicket,
}

impl<P: Protocol> Mirror<P> {
    pub fn new(run: impl Into<String>, nodes: u8) -> Mirror<P> {
        Mirror {
            run: run.into(),
            generation: None,
            stored: vec![None; usize::from(nodes)],
            issued: LiteSet::new(),
            committed: LiteSet::new(),
            in_flight: LiteMap::new_vec(),
            next_batch: 1,
            reads: LiteMap::new_vec(),
            next_ticket: 1,
        }
    }

    pub fn run(&self) -> &str {
        &self.run
    }

    /// Batches sent and not yet committed.
    pub fn batches_in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// What must be written now for the store to match `sim`'s disks: every
    /// simulated write not yet sent, in order; and, for a node with no write
    /// pending, its whole disk if the store holds something else (after a
    /// crash lost writes the store already has, a wipe, or a fork). `meta`
    /// rides along if given. `None` if there is nothing to write.
    pub fn plan(
        &mut self,
        sim: &Sim<P>,
        generation: u64,
        meta: Option<RunRecord>,
    ) -> Option<Batch<P>> {
        if self.generation != Some(generation) {
            // History forked: write operation numbers may be reused, and
            // the store must be rewritten to the new past.
            self.generation = Some(generation);
            self.reset();
        }
        // A read serves one restart: once the node is up, it is spent.
        self.reads.retain(|node, _| sim.node(*node).is_none());
        let mut puts = Vec::new();
        let mut ops = Vec::new();
        let pending = sim.pending_writes();
        for id in sim.nodes() {
            let i = usize::from(id.0);
            let mut has_pending = false;
            for (op, _, state) in pending.iter().filter(|(_, node, _)| *node == id) {
                has_pending = true;
                if self.issued.insert(*op) {
                    puts.push((id, state.clone()));
                    ops.push(*op);
                    self.stored[i] = Some(state.clone());
                }
            }
            let disk = sim.disk(id).cloned().unwrap_or_default();
            if !has_pending && self.stored[i].as_ref() != Some(&disk) {
                puts.push((id, disk.clone()));
                self.stored[i] = Some(disk);
            }
        }
        for (id, _) in &puts {
            // A read issued before this write would be stale.
            self.reads.remove(id);
        }
        if puts.is_empty() && meta.is_none() {
            return None;
        }
        let id = self.next_batch;
        self.next_batch += 1;
        self.in_flight.insert(id, (generation, ops));
        Some(Batch {
            id,
            run: self.run.clone(),
            puts,
            meta,
        })
    }

    /// A batch that only updates the run's record.
    pub fn meta_only(&mut self, meta: RunRecord) -> Batch<P> {
        let id = self.next_batch;
        self.next_batch += 1;
        self.in_flight
            .insert(id, (self.generation.unwrap_or_default(), Vec::new()));
        Batch {
            id,
            run: self.run.clone(),
            puts: Vec::new(),
            meta: Some(meta),
        }
    }

    /// Batch `id` committed: the simulated writes in it may complete.
    pub fn committed(&mut self, id: BatchId) {
        if let Some((generation, ops)) = self.in_flight.remove(&id) {
            if self.generation == Some(generation) {
                self.committed.extend(ops);
            }
        }
    }

    /// Starts over with a store whose content is unknown (after a batch
    /// failed, the data was cleared, or the disks moved to another store):
    /// every pending write is sent again, every disk is rewritten, reads are
    /// asked again, and reports about anything sent before are ignored.
    pub fn reset(&mut self) {
        self.stored.iter_mut().for_each(|s| *s = None);
        self.issued.clear();
        self.committed.clear();
        self.in_flight.clear();
        self.reads.clear();
    }

    /// Whether simulated write `op` may complete (its batch committed).
    pub fn is_committed(&self, op: DiskOp) -> bool {
        self.committed.contains(&op)
    }

    /// Whether the simulator's next event may run now.
    pub fn may_step(&self, sim: &Sim<P>) -> bool {
        self.allows(sim.next_disk_need())
    }

    /// Whether `choice` may be picked now (manual scheduling).
    pub fn may_pick(&self, sim: &Sim<P>, choice: &Choice<P>) -> bool {
        self.allows(sim.disk_need_of(choice))
    }

    fn allows(&self, need: DiskNeed) -> bool {
        match need {
            DiskNeed::None => true,
            DiskNeed::Write(op) => self.committed.contains(&op),
            DiskNeed::Read(nodes) => nodes
                .iter()
                .all(|node| matches!(self.reads.get(node), Some(Read::Checked))),
        }
    }

    /// Reads to send now because the next event restarts these nodes, and
    /// none was asked for yet: each is marked as sent.
    pub fn reads_to_send(&mut self, sim: &Sim<P>) -> Vec<(NodeId, ReadTicket)> {
        let DiskNeed::Read(nodes) = sim.next_disk_need() else {
            return Vec::new();
        };
        let unasked: Vec<NodeId> = nodes
            .into_iter()
            .filter(|node| !self.reads.contains_key(node))
            .collect();
        unasked
            .into_iter()
            .map(|node| (node, self.new_read(node)))
            .collect()
    }

    /// Asks for `node`'s disk to be read back, unless a read is in flight
    /// or back and not looked at yet. Returns the ticket of a read to send.
    pub fn request_read(&mut self, node: NodeId) -> Option<ReadTicket> {
        match self.reads.get(&node) {
            Some(Read::InFlight(_) | Read::Done(_)) => None,
            None | Some(Read::Checked) => Some(self.new_read(node)),
        }
    }

    fn new_read(&mut self, node: NodeId) -> ReadTicket {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.reads.insert(node, Read::InFlight(ticket));
        ticket
    }

    /// Read `ticket` of `node` came back. Ignored unless it is the read
    /// still waited for.
    pub fn read_done(&mut self, node: NodeId, ticket: ReadTicket, result: ReadResult<P>) {
        if let Some(read) = self.reads.get_mut(&node) {
            if matches!(read, Read::InFlight(t) if *t == ticket) {
                *read = Read::Done(result);
            }
        }
    }

    /// The read of `node`, if it came back and was not looked at yet. The
    /// caller reconciles the simulated disk with it; then the restart may go
    /// ahead.
    pub fn take_read(&mut self, node: NodeId) -> Option<ReadResult<P>> {
        let read = self.reads.get_mut(&node)?;
        match std::mem::replace(read, Read::Checked) {
            Read::Done(result) => Some(result),
            other => {
                *read = other;
                None
            }
        }
    }

    /// Whether the reads of all these nodes are back.
    pub fn reads_back(&self, nodes: &[NodeId]) -> bool {
        nodes
            .iter()
            .all(|node| matches!(self.reads.get(node), Some(Read::Done(_) | Read::Checked)))
    }

    /// Once every read the next event waits for is back: each result not
    /// looked at yet, for the caller to reconcile.
    pub fn take_restart_reads(&mut self, sim: &Sim<P>) -> Vec<(NodeId, ReadResult<P>)> {
        let DiskNeed::Read(nodes) = sim.next_disk_need() else {
            return Vec::new();
        };
        if !self.reads_back(&nodes) {
            return Vec::new();
        }
        nodes
            .into_iter()
            .filter_map(|node| self.take_read(node).map(|r| (node, r)))
            .collect()
    }

    /// Forgets what the store holds: the next plan writes every disk.
    pub fn forget(&mut self) {
        self.stored.iter_mut().for_each(|s| *s = None);
    }
}
