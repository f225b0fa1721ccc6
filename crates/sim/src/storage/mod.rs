//! Durable storage for the acceptors' state: what the simulated disks hold,
//! mirrored to a real store.
//!
//! The simulator models each node's disk (a write has a latency, and a crash
//! loses the writes not yet complete). This module keeps a real store in
//! step with those disks, the way a real server writes before it answers:
//!
//! * [`Mirror`] works out what must be written so that the store matches
//!   the simulated disks, and whether the next simulated event may run yet:
//!   a write completes in the simulation only after the real write
//!   committed, and a restart first reads the node's state back from the
//!   store.
//! * [`Driver`] moves a [`Timeline`](crate::timeline::Timeline) forward under
//!   that rule, talking to a [`Backend`]: [`MemoryStore`] natively and in
//!   tests, IndexedDB in the browser (`web::idb`).
//!
//! Records are versioned ([`SCHEMA_VERSION`]) and namespaced by run, so two
//! runs, or two tabs, never mix.

mod driver;
mod mirror;

pub use driver::{Backend, Driver, Progress};
pub use mirror::{Batch, BatchId, Mirror, ReadTicket};

use crate::sim::SimConfig;
use crate::timeline::Recorded;
use paxos_core::collections::LiteMap;
use paxos_core::protocol::Protocol;
use paxos_core::types::NodeId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version of the records below. A record with another version is
/// reported, never guessed at.
///
/// Version 2 added Multi-Paxos: a run names its protocol, and a node's
/// record holds its protocol's disk under `state`. Version 3 added the
/// storage designs, renamed single-decree Paxos from `single` to `paxos`,
/// and changed its configuration (quorums, bug toggles, readers). Version 4
/// records a protocol's own settings as `Tune` actions (scenario version
/// 3), and version 5 backoff too (scenario version 4). Versions 2 to 4 are
/// still read ([`readable`]): their node records are the same, and their
/// runs are converted (`catalog::run_body`).
pub const SCHEMA_VERSION: u32 = 5;
/// The oldest record schema still read.
pub const OLDEST_SCHEMA: u32 = 2;

/// Whether records of `schema` can be read.
pub fn readable(schema: u32) -> bool {
    (OLDEST_SCHEMA..=SCHEMA_VERSION).contains(&schema)
}

/// One node's durable state, as stored under [`node_key`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct NodeRecord<P: Protocol> {
    pub schema: u32,
    pub run: String,
    pub node: u8,
    /// What the node's disk holds (single-decree: its promise and its
    /// accepted proposal; Multi-Paxos: its promise and each accepted slot).
    pub state: P::Durable,
}

impl<P: Protocol> NodeRecord<P> {
    pub fn new(run: &str, node: NodeId, state: &P::Durable) -> NodeRecord<P> {
        NodeRecord {
            schema: SCHEMA_VERSION,
            run: run.to_string(),
            node: node.0,
            state: state.clone(),
        }
    }

    /// The state the record holds, if it is the record of `node` in `run`.
    pub fn durable(&self, run: &str, node: NodeId) -> Result<P::Durable, RecordError> {
        if !readable(self.schema) {
            return Err(RecordError::UnknownVersion(self.schema));
        }
        if self.run != run || self.node != node.0 {
            return Err(RecordError::Corrupt(format!(
                "it belongs to {} of run {}",
                NodeId(self.node),
                self.run
            )));
        }
        Ok(self.state.clone())
    }
}

/// The key of a node's record: the run, then the node, so that one run's
/// records sort together.
pub fn node_key(run: &str, node: NodeId) -> String {
    format!("{run}/{:03}", node.0)
}

/// The key range holding every node record of `run`: `[low, high)`.
pub fn run_key_range(run: &str) -> (String, String) {
    (format!("{run}/"), format!("{run}0"))
}

/// A run, as stored: enough to list it, and to replay it exactly up to
/// where it was (its configuration, the user's actions, and how far it got).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub schema: u32,
    pub run: String,
    /// Wall-clock times (milliseconds since 1970), for listing only.
    pub created_ms: f64,
    pub updated_ms: f64,
    /// The protocol's name ([`Protocol::NAME`]).
    pub protocol: String,
    pub seed: u64,
    pub nodes: u8,
    /// How far the run got: its frontier position and simulated time.
    pub position: u64,
    pub time_us: u64,
    /// What the run had achieved by then, in a few words (single-decree:
    /// the value chosen), if anything.
    pub outcome: Option<String>,
    /// The configuration and the recorded actions ([`RunBody`]), in
    /// postcard's compact binary form.
    pub body: Vec<u8>,
}

/// What [`RunRecord::body`] holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct RunBody<P: Protocol> {
    pub config: SimConfig<P>,
    pub actions: Vec<Recorded<P>>,
}

impl RunRecord {
    /// The run's protocol, by its current name (schema 2 called
    /// single-decree Paxos `single`).
    pub fn protocol(&self) -> &str {
        match (self.schema, self.protocol.as_str()) {
            (2, "single") => "paxos",
            (_, name) => name,
        }
    }

    pub fn body<P: Protocol>(&self) -> Result<RunBody<P>, RecordError> {
        if !readable(self.schema) {
            return Err(RecordError::UnknownVersion(self.schema));
        }
        if self.protocol() != P::NAME {
            return Err(RecordError::Corrupt(format!(
                "it is a {} run, not a {} one",
                self.protocol(),
                P::NAME
            )));
        }
        if self.schema != SCHEMA_VERSION {
            return Err(RecordError::Older(self.schema));
        }
        postcard::from_bytes(&self.body).map_err(|e| RecordError::Corrupt(e.to_string()))
    }

    /// Encodes a run's body for [`RunRecord::body`].
    pub fn encode_body<P: Protocol>(body: &RunBody<P>) -> Vec<u8> {
        postcard::to_allocvec(body).expect("a run encodes")
    }
}

/// A stored record that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordError {
    /// Written by another version of the playground.
    UnknownVersion(u32),
    /// Not a record this version can decode.
    Corrupt(String),
    /// A run written by an older version, whose body has another layout:
    /// `catalog::run_body` converts it.
    Older(u32),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::UnknownVersion(v) => write!(
                f,
                "it has schema version {v}, and this playground reads only version {SCHEMA_VERSION}"
            ),
            RecordError::Corrupt(why) => write!(f, "it could not be decoded ({why})"),
            RecordError::Older(v) => write!(
                f,
                "it has the layout of schema version {v}, which must be converted first"
            ),
        }
    }
}

/// What went wrong with a store, as the user is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The store cannot be used at all (no IndexedDB, or it failed to open).
    Unavailable(String),
    /// The browser refused a write: the site's storage quota is full.
    QuotaExceeded,
    /// Another tab holds the database open at an older version.
    Blocked,
    /// A read found a record it cannot use.
    Record { node: NodeId, error: RecordError },
    /// Any other failure of an operation.
    Failed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(why) => write!(f, "IndexedDB is not available: {why}"),
            StorageError::QuotaExceeded => {
                f.write_str("the browser's storage quota for this site is full")
            }
            StorageError::Blocked => {
                f.write_str("another tab has the playground's database open with an older version")
            }
            StorageError::Record { node, error } => {
                write!(f, "{node}'s record in IndexedDB is unusable: {error}")
            }
            StorageError::Failed(why) => write!(f, "a storage operation failed: {why}"),
        }
    }
}

/// A read's result: the node's state (`None` when nothing is stored).
pub type ReadResult<P> = Result<Option<<P as paxos_core::protocol::Core>::Durable>, StorageError>;

/// The in-memory store: the native backend, the browser's fallback, and the
/// model the IndexedDB backend is tested against. Its operations complete
/// at once.
#[derive(Clone, Debug)]
pub struct MemoryStore<P: Protocol> {
    nodes: LiteMap<String, NodeRecord<P>>,
    runs: LiteMap<String, RunRecord>,
}

impl<P: Protocol> Default for MemoryStore<P> {
    fn default() -> Self {
        MemoryStore {
            nodes: LiteMap::new_vec(),
            runs: LiteMap::new_vec(),
        }
    }
}

impl<P: Protocol> MemoryStore<P> {
    pub fn apply(&mut self, batch: &Batch<P>) {
        for (node, state) in &batch.puts {
            let key = node_key(&batch.run, *node);
            if *state == P::Durable::default() {
                self.nodes.remove(&key);
            } else {
                self.nodes
                    .insert(key, NodeRecord::new(&batch.run, *node, state));
            }
        }
        if let Some(meta) = &batch.meta {
            self.runs.insert(meta.run.clone(), meta.clone());
        }
    }

    pub fn read(&self, run: &str, node: NodeId) -> ReadResult<P> {
        match self.nodes.get(&node_key(run, node)) {
            None => Ok(None),
            Some(record) => record
                .durable(run, node)
                .map(Some)
                .map_err(|error| StorageError::Record { node, error }),
        }
    }

    /// Puts a record as it is, valid or not (for tests of bad records).
    pub fn put_raw(&mut self, run: &str, node: NodeId, record: NodeRecord<P>) {
        self.nodes.insert(node_key(run, node), record);
    }

    pub fn runs(&self) -> Vec<RunRecord> {
        self.runs.values().cloned().collect()
    }

    pub fn run(&self, run: &str) -> Option<&RunRecord> {
        self.runs.get(run)
    }

    pub fn delete_run(&mut self, run: &str) {
        let (low, high) = run_key_range(run);
        self.nodes
            .retain(|key, _| !(low.as_str()..high.as_str()).contains(&key.as_str()));
        self.runs.remove(run);
    }

    pub fn clear(&mut self) {
        self.nodes.clear();
        self.runs.clear();
    }
}
