//! Reading what version 1 wrote: `s1.` links, and stored runs of schema 2.
//!
//! Their single-decree configuration predates flexible quorums, the bug
//! toggles and readers, and postcard is not self-describing, so those bytes
//! are read with the old layout here and converted. (JSON of version 1
//! needs none of this: its missing fields take their defaults.) The
//! Multi-Paxos layout has not changed.

use crate::multi::MultiPaxos;
use crate::paxos::{self, Durability, Durable, SingleDecree};
use crate::scenario::{Body, Scenario, Step, View};
use crate::sim::{ClientSpec, DiskConfig, FaultConfig, NetworkConfig, SimConfig};
use crate::timeline::Recorded;
use crate::types::{NodeId, Value};
use serde::Deserialize;

#[derive(Deserialize)]
struct ConfigV1 {
    cluster_size: u8,
    retry_timeout_us: u64,
    retry_timeout_max_us: u64,
    backoff: bool,
    backoff_base_us: u64,
    backoff_max_us: u64,
    durability: Durability,
}

#[derive(Deserialize)]
struct ClientSpecV1 {
    node: NodeId,
    value: Value,
    at_us: u64,
}

#[derive(Deserialize)]
pub struct SimConfigV1 {
    seed: u64,
    paxos: ConfigV1,
    network: NetworkConfig,
    disk: DiskConfig,
    faults: FaultConfig,
    clients: Vec<ClientSpecV1>,
    client_retry_us: u64,
    until_us: u64,
    initial_disks: Vec<Durable>,
    record_trace: bool,
}

impl From<SimConfigV1> for SimConfig {
    fn from(old: SimConfigV1) -> SimConfig {
        let c = old.paxos;
        SimConfig {
            seed: old.seed,
            paxos: paxos::Config {
                cluster_size: c.cluster_size,
                retry_timeout_us: c.retry_timeout_us,
                retry_timeout_max_us: c.retry_timeout_max_us,
                backoff: c.backoff,
                backoff_base_us: c.backoff_base_us,
                backoff_max_us: c.backoff_max_us,
                durability: c.durability,
                ..paxos::Config::default()
            },
            network: old.network,
            disk: old.disk,
            faults: old.faults,
            clients: old
                .clients
                .into_iter()
                .map(|c| ClientSpec {
                    node: c.node,
                    value: c.value,
                    at_us: c.at_us,
                    read: false,
                })
                .collect(),
            client_retry_us: old.client_retry_us,
            until_us: old.until_us,
            initial_disks: old.initial_disks,
            record_trace: old.record_trace,
        }
    }
}

#[derive(Deserialize)]
struct BodyV1 {
    title: String,
    description: String,
    config: SimConfigV1,
    script: Vec<Step<SingleDecree>>,
    actions: Vec<Recorded<SingleDecree>>,
    view: View,
}

#[derive(Deserialize)]
enum ScenarioV1 {
    Single(BodyV1),
    Multi(Body<MultiPaxos>),
}

/// A version-1 scenario's postcard bytes.
pub fn scenario(bytes: &[u8]) -> Result<Scenario, postcard::Error> {
    Ok(match postcard::from_bytes(bytes)? {
        ScenarioV1::Single(b) => Scenario::Single(Body {
            title: b.title,
            description: b.description,
            config: b.config.into(),
            script: b.script,
            actions: b.actions,
            view: b.view,
        }),
        ScenarioV1::Multi(body) => Scenario::Multi(body),
    })
}

/// A single-decree run body of record schema 2.
#[derive(Deserialize)]
pub struct RunBodyV1 {
    pub config: SimConfigV1,
    pub actions: Vec<Recorded<SingleDecree>>,
}
