//! Everything that determines a run. The same `SimConfig` (seed included)
//! always produces the same trace.

use crate::paxos::{self, SingleDecree};
use crate::protocol::Protocol;
use crate::types::{NodeId, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest cluster the simulator accepts.
pub const MAX_NODES: u8 = 32;
/// The most clients a run may have.
pub const MAX_CLIENTS: usize = 64;
/// The latest simulated time a run may reach: one simulated day.
pub const MAX_TIME_US: u64 = 24 * 3600 * 1_000_000;
/// The longest a message or a disk write may take. With the default retry
/// timeout cap (120 s), a ballot's two phases always fit in one attempt.
pub const MAX_LATENCY_US: u64 = 10_000_000;

/// The network between nodes. Latency is drawn uniformly per message, so
/// messages overtake each other whenever the range is wider than the gap
/// between sends: reordering follows from latency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkConfig {
    pub latency_min_us: u64,
    pub latency_max_us: u64,
    /// Chance that a node-to-node message is lost, during the fault window.
    pub drop_prob: f64,
    /// Chance that a node-to-node message is delivered twice, during the
    /// fault window.
    pub dup_prob: f64,
}

/// Each node's disk: writes complete in order, each taking a latency drawn
/// uniformly from the range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiskConfig {
    pub write_min_us: u64,
    pub write_max_us: u64,
}

/// Random crashes and partitions, injected until `until_us`. After that the
/// network heals, loss and duplication stop, and crashed nodes restart: a
/// safety phase, then a liveness phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaultConfig {
    /// Chance, at each fault tick, of crashing a random node.
    pub crash_prob: f64,
    /// Chance, at each fault tick, of cutting the network (two ways or one
    /// way) if it is whole, or of healing it if it is cut.
    pub partition_prob: f64,
    pub tick_us: u64,
    pub until_us: u64,
}

/// A client that asks `node` to get `value` chosen, first at `at_us`, and
/// again every `SimConfig::client_retry_us` until it hears the outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientSpec {
    pub node: NodeId,
    pub value: Value,
    pub at_us: u64,
    /// A reader instead: it asks `node` what was chosen (`value` unused).
    #[serde(default)]
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct SimConfig<P: Protocol = SingleDecree> {
    /// Drives every random choice of the run.
    pub seed: u64,
    pub paxos: P::Config,
    pub network: NetworkConfig,
    pub disk: DiskConfig,
    pub faults: FaultConfig,
    pub clients: Vec<P::ClientSpec>,
    pub client_retry_us: u64,
    /// The run stops at this simulated time, or earlier once nothing is left
    /// to happen.
    pub until_us: u64,
    /// What each node's disk holds at time 0, one entry per node; empty
    /// means every disk starts blank. Lets a run begin mid-story.
    #[serde(default)]
    pub initial_disks: Vec<P::Durable>,
    /// Keep every trace event in memory (the UI needs it; sweeps do not). The
    /// trace hash is computed either way.
    pub record_trace: bool,
}

impl SimConfig {
    /// A cluster of `nodes` with `proposers` clients, one per node from n0
    /// on, proposing "A", "B", "C", ... all at time 0; no faults.
    pub fn new(nodes: u8, proposers: u8, seed: u64) -> SimConfig {
        let clients = (0..proposers)
            .map(|i| ClientSpec {
                node: NodeId(i % nodes.max(1)),
                value: Value::new(&client_value(i)),
                at_us: 0,
                read: false,
            })
            .collect();
        SimConfig {
            seed,
            paxos: paxos::Config {
                cluster_size: nodes,
                ..paxos::Config::default()
            },
            network: NetworkConfig {
                latency_min_us: 2_000,
                latency_max_us: 12_000,
                drop_prob: 0.0,
                dup_prob: 0.0,
            },
            disk: DiskConfig {
                write_min_us: 500,
                write_max_us: 2_000,
            },
            faults: FaultConfig {
                crash_prob: 0.0,
                partition_prob: 0.0,
                tick_us: 20_000,
                until_us: 2_000_000,
            },
            clients,
            client_retry_us: 500_000,
            until_us: 10_000_000,
            initial_disks: Vec::new(),
            record_trace: true,
        }
    }

    /// The single-decree settings and clients: see [`SimConfig::validate`].
    pub(crate) fn validate_single_decree(&self) -> Result<(), ConfigError> {
        let err = |what: &str| Err(ConfigError(what.to_string()));
        let n = self.paxos.cluster_size;
        for (what, t) in [
            ("retry timeout", self.paxos.retry_timeout_max_us),
            ("backoff", self.paxos.backoff_max_us),
        ] {
            if t > MAX_TIME_US {
                return err(&format!(
                    "{what} of {} ms is beyond the {} ms limit",
                    t / 1000,
                    MAX_TIME_US / 1000
                ));
            }
        }
        if self.paxos.retry_timeout_us == 0 {
            return err("the retry timeout must be above zero");
        }
        for (name, q) in [("phase-1", self.paxos.q1), ("phase-2", self.paxos.q2)] {
            if q > n {
                return err(&format!(
                    "the {name} quorum is {q} acceptors, but the cluster has only {n}"
                ));
            }
        }
        if self.paxos.retry_timeout_us > self.paxos.retry_timeout_max_us {
            return err("the retry timeout is above its maximum");
        }
        if self.paxos.backoff_base_us == 0 || self.paxos.backoff_base_us > self.paxos.backoff_max_us
        {
            return err("backoff base must be above zero and at most the backoff maximum");
        }
        if !self.initial_disks.is_empty() && self.initial_disks.len() != n as usize {
            return err(&format!(
                "initial disks: {} given for {n} nodes",
                self.initial_disks.len()
            ));
        }
        for (i, disk) in self.initial_disks.iter().enumerate() {
            if let Some(accepted) = &disk.accepted {
                if disk.promised.is_none_or(|p| accepted.ballot > p) {
                    return err(&format!(
                        "initial disk of n{i}: accepted {accepted} is above its promise"
                    ));
                }
            }
            // A ballot exists only once its owner's promise of it is durable
            // (write-ahead), so the owner's disk must cover every ballot.
            let ballots = disk
                .promised
                .iter()
                .chain(disk.accepted.iter().map(|a| &a.ballot));
            for b in ballots {
                let Some(owner) = self.initial_disks.get(b.node.0 as usize) else {
                    return err(&format!(
                        "initial disk of n{i}: ballot {b} names a node outside the cluster"
                    ));
                };
                if owner.promised.is_none_or(|p| p < *b) {
                    return err(&format!(
                        "initial disk of n{i}: ballot {b} was never started: {}'s own promise is below it",
                        b.node
                    ));
                }
            }
        }
        for (i, client) in self.clients.iter().enumerate() {
            if client.node.0 >= n {
                return err(&format!(
                    "client c{i} sends to {}, but the cluster has only {n} nodes",
                    client.node
                ));
            }
            if client.at_us > MAX_TIME_US {
                return err(&format!("client c{i} starts beyond the time limit"));
            }
        }
        Ok(())
    }
}

impl<P: Protocol> SimConfig<P> {
    /// Checks every setting, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |what: &str| Err(ConfigError(what.to_string()));
        let n = P::cluster_size(&self.paxos);
        if n == 0 || n > MAX_NODES {
            return err(&format!(
                "cluster size must be 1 to {MAX_NODES} nodes, not {n}"
            ));
        }
        if self.clients.len() > MAX_CLIENTS {
            return err(&format!("at most {MAX_CLIENTS} clients are allowed"));
        }
        for (what, p) in [
            ("drop probability", self.network.drop_prob),
            ("duplicate probability", self.network.dup_prob),
            ("crash probability", self.faults.crash_prob),
            ("partition probability", self.faults.partition_prob),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return err(&format!("{what} must be between 0 and 1, not {p}"));
            }
        }
        let ms = |us: u64| us as f64 / 1000.0;
        if self.network.latency_min_us > self.network.latency_max_us {
            return err(&format!(
                "network latency minimum ({} ms) is above its maximum ({} ms)",
                ms(self.network.latency_min_us),
                ms(self.network.latency_max_us)
            ));
        }
        if self.disk.write_min_us > self.disk.write_max_us {
            return err(&format!(
                "disk write latency minimum ({} ms) is above its maximum ({} ms)",
                ms(self.disk.write_min_us),
                ms(self.disk.write_max_us)
            ));
        }
        for (what, t) in [
            ("network latency", self.network.latency_max_us),
            ("disk latency", self.disk.write_max_us),
        ] {
            if t > MAX_LATENCY_US {
                return err(&format!(
                    "{what} of {} ms is beyond the {} ms limit",
                    t / 1000,
                    MAX_LATENCY_US / 1000
                ));
            }
        }
        for (what, t) in [
            ("end time", self.until_us),
            ("fault window", self.faults.until_us),
        ] {
            if t > MAX_TIME_US {
                return err(&format!(
                    "{what} of {} ms is beyond the {} ms limit",
                    t / 1000,
                    MAX_TIME_US / 1000
                ));
            }
        }
        if self.faults.tick_us == 0 || self.client_retry_us == 0 {
            return err("fault tick and client retry must be above zero");
        }
        if !self.initial_disks.is_empty() && self.initial_disks.len() != n as usize {
            return err(&format!(
                "initial disks: {} given for {n} nodes",
                self.initial_disks.len()
            ));
        }
        P::validate(self)
    }
}

/// The name of the `i`-th client's value: "A" to "Z", then "A1", "B1", ...
pub fn client_value(i: u8) -> String {
    let letter = char::from(b'A' + i % 26);
    match i / 26 {
        0 => letter.to_string(),
        round => format!("{letter}{round}"),
    }
}

/// A setting outside what the simulator accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}
