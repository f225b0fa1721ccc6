//! Runs of single-decree Paxos: the configuration the pages, the CLI and
//! the tests start from.

use crate::paxos::{ClientSpec, Config, SingleDecree};
use crate::sim::{client_value, SimConfig};
use crate::types::{NodeId, Value};

/// A cluster of `nodes` with `proposers` clients, one per node from n0 on,
/// proposing "A", "B", "C", ... all at time 0; no faults.
pub fn config(nodes: u8, proposers: u8, seed: u64) -> SimConfig<SingleDecree> {
    let clients = (0..proposers)
        .map(|i| ClientSpec::proposer(NodeId(i % nodes.max(1)), Value::new(&client_value(i)), 0))
        .collect();
    let protocol = Config {
        cluster_size: nodes,
        ..Config::default()
    };
    SimConfig::with(protocol, clients, seed)
}
