//! Everything that determines a run. The same `SimConfig` (seed included)
//! always produces the same trace.

use paxos_core::protocol::Protocol;
pub use paxos_core::protocol::{ConfigError, MAX_TIME_US};
use serde::{Deserialize, Serialize};

/// The largest cluster the simulator accepts.
pub const MAX_NODES: u8 = 32;
/// The most clients a run may have.
pub const MAX_CLIENTS: usize = 64;
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct SimConfig<P: Protocol> {
    /// Drives every random choice of the run.
    pub seed: u64,
    /// The protocol's own settings (cluster size included). Named `paxos`
    /// in the JSON of versions 1 and 2.
    #[serde(alias = "paxos")]
    pub protocol: P::Config,
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

impl<P: Protocol> SimConfig<P> {
    /// A run of `protocol` with `clients`: a network of 2 to 12 ms, disks
    /// of 0.5 to 2 ms, no faults, clients retrying every 500 ms, until 10 s.
    pub fn with(protocol: P::Config, clients: Vec<P::ClientSpec>, seed: u64) -> SimConfig<P> {
        SimConfig {
            seed,
            protocol,
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

    /// Checks every setting, naming the first one out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |what: &str| Err(ConfigError(what.to_string()));
        let n = P::cluster_size(&self.protocol);
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
        P::validate(&self.protocol, &self.clients, &self.initial_disks)
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
