//! The playground's disk: IndexedDB when it can be had, memory otherwise.
//!
//! [`WebStore<P>`] is the [`storage::Backend`] the reducer's
//! [`Driver`](paxos_sim::storage::Driver) talks to. IndexedDB operations run as
//! futures and report back to the reducer as [`Action`]s; the memory
//! fallback answers at once. Whenever IndexedDB fails in a way that makes
//! it unusable, the store falls back to memory and says so.

use super::idb::Idb;
use super::protocol::WebProtocol;
use paxos_core::types::NodeId;
use paxos_sim::storage::{
    Backend, Batch, BatchId, MemoryStore, ReadResult, ReadTicket, StorageError,
};
use std::rc::Rc;
use yew::Callback;

/// What the store reports when an operation it started on IndexedDB
/// finishes (through the callback the page attached: the store knows
/// nothing of the page's reducer).
pub enum Report<P: WebProtocol> {
    /// A write finished.
    Written {
        /// The run that sent it.
        run: String,
        id: BatchId,
        result: Result<(), StorageError>,
        latency_ms: f64,
        durability: Option<String>,
    },
    /// A read finished.
    ReadBack {
        run: String,
        node: NodeId,
        ticket: ReadTicket,
        result: ReadResult<P>,
    },
}

/// Where the disks live now.
#[derive(Clone)]
pub enum Disk {
    /// IndexedDB is being opened; operations wait for it.
    Opening,
    IndexedDb(Rc<Idb>),
    /// In memory only: a reload loses it. `why` says why, for the user.
    Memory {
        why: String,
    },
}

/// An operation sent while the database was still opening.
enum Queued<P: WebProtocol> {
    Write(Box<Batch<P>>),
    Read(String, NodeId, ReadTicket),
}

pub struct WebStore<P: WebProtocol> {
    pub disk: Disk,
    memory: MemoryStore<P>,
    queued: Vec<Queued<P>>,
    report: Option<Callback<Report<P>>>,
    /// The run whose driver sent the operations now being made: reports
    /// carry it, so that a late report for an earlier run is ignored.
    pub tag: String,
    /// Strict writes committed, and the durability the browser last
    /// reported for one.
    pub committed: u64,
    pub last_durability: Option<String>,
    /// Wall-clock latency of recent IndexedDB writes, in ms (newest last).
    pub latencies_ms: Vec<f64>,
}

/// How many write latencies are kept for the status line.
const LATENCIES_KEPT: usize = 256;

pub fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

impl<P: WebProtocol> WebStore<P> {
    pub fn new(disk: Disk) -> WebStore<P> {
        WebStore {
            disk,
            memory: MemoryStore::default(),
            queued: Vec::new(),
            report: None,
            tag: String::new(),
            committed: 0,
            last_durability: None,
            latencies_ms: Vec::new(),
        }
    }

    /// Where the store's reports go, once the page is mounted.
    pub fn attach(&mut self, report: Callback<Report<P>>) {
        self.report = Some(report);
    }

    pub fn idb(&self) -> Option<Rc<Idb>> {
        match &self.disk {
            Disk::IndexedDb(idb) => Some(idb.clone()),
            _ => None,
        }
    }

    pub fn memory(&self) -> &MemoryStore<P> {
        &self.memory
    }

    pub fn memory_mut(&mut self) -> &mut MemoryStore<P> {
        &mut self.memory
    }

    /// The database opened: send what waited for it.
    pub fn opened(&mut self, idb: Rc<Idb>) {
        self.disk = Disk::IndexedDb(idb);
        for op in std::mem::take(&mut self.queued) {
            let immediate = match op {
                Queued::Write(batch) => self.write(*batch).map(|_| ()),
                Queued::Read(run, node, ticket) => self.read(&run, node, ticket).map(|_| ()),
            };
            debug_assert!(immediate.is_none());
        }
    }

    /// Gives up on IndexedDB: from now on the disks live in memory. What
    /// waited for the database is dropped: the caller has the driver send
    /// everything again (`Driver::switch_store`).
    pub fn fall_back(&mut self, why: String) {
        self.disk = Disk::Memory { why };
        self.queued.clear();
    }

    /// Runs an IndexedDB operation and reports how it ended.
    fn spawn(&self, task: impl std::future::Future<Output = Report<P>> + 'static) {
        let report = self.report.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let done = task.await;
            if let Some(report) = report {
                report.emit(done);
            }
        });
    }
}

impl<P: WebProtocol> Backend<P> for WebStore<P> {
    fn write(&mut self, batch: Batch<P>) -> Option<Result<(), StorageError>> {
        match &self.disk {
            Disk::Memory { .. } => {
                self.memory.apply(&batch);
                Some(Ok(()))
            }
            Disk::Opening => {
                self.queued.push(Queued::Write(Box::new(batch)));
                None
            }
            Disk::IndexedDb(idb) => {
                let idb = idb.clone();
                let run = self.tag.clone();
                self.spawn(async move {
                    let start = wall_ms();
                    let result = idb.write(&batch).await;
                    let latency_ms = wall_ms() - start;
                    let durability = result.as_ref().ok().map(|c| c.durability.clone());
                    Report::Written {
                        run,
                        id: batch.id,
                        result: result.map(|_| ()),
                        latency_ms,
                        durability,
                    }
                });
                None
            }
        }
    }

    fn read(&mut self, run: &str, node: NodeId, ticket: ReadTicket) -> Option<ReadResult<P>> {
        match &self.disk {
            Disk::Memory { .. } => Some(self.memory.read(run, node)),
            Disk::Opening => {
                self.queued
                    .push(Queued::Read(run.to_string(), node, ticket));
                None
            }
            Disk::IndexedDb(idb) => {
                let (idb, from, run) = (idb.clone(), run.to_string(), self.tag.clone());
                self.spawn(async move {
                    let result = idb.read::<P>(&from, node).await;
                    Report::ReadBack {
                        run,
                        node,
                        ticket,
                        result,
                    }
                });
                None
            }
        }
    }
}

impl<P: WebProtocol> WebStore<P> {
    /// Notes a committed IndexedDB write.
    pub fn note_commit(&mut self, latency_ms: f64, durability: Option<String>) {
        self.committed += 1;
        if durability.is_some() {
            self.last_durability = durability;
        }
        self.latencies_ms.push(latency_ms);
        if self.latencies_ms.len() > LATENCIES_KEPT {
            self.latencies_ms.remove(0);
        }
    }
}
