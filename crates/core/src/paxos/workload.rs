//! The workload of single-decree Paxos: its clients (proposers and
//! readers), as the simulator runs them, and the checks on a run's
//! settings and clients.

use super::{Config, Durable, Reply, Request, SingleDecree};
use crate::protocol::{ClientStep, ConfigError, MAX_TIME_US};
use crate::types::{NodeId, Value};
use serde::{Deserialize, Serialize};

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

impl ClientSpec {
    /// A client that proposes `value` at `node`, from `at_us`.
    pub fn proposer(node: NodeId, value: Value, at_us: u64) -> ClientSpec {
        ClientSpec {
            node,
            value,
            at_us,
            read: false,
        }
    }

    /// A client that reads (as a learner) at `node`, from `at_us`.
    pub fn reader(node: NodeId, at_us: u64) -> ClientSpec {
        ClientSpec {
            node,
            value: Value::new(""),
            at_us,
            read: true,
        }
    }
}

/// A single-decree client: it asks one node to get its value chosen, and
/// asks again every retry period until it hears the outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Client {
    pub(crate) spec: ClientSpec,
    pub(crate) answer: Option<Reply>,
}

impl Client {
    // The read-only view.

    pub fn spec(&self) -> &ClientSpec {
        &self.spec
    }

    /// The cluster's answer, once it came.
    pub fn answer(&self) -> Option<&Reply> {
        self.answer.as_ref()
    }

    pub fn new(spec: &ClientSpec) -> Client {
        Client {
            spec: spec.clone(),
            answer: None,
        }
    }

    pub(super) fn wake(&mut self, now_us: u64, retry_us: u64) -> ClientStep<SingleDecree> {
        if self.answer.is_some() {
            return ClientStep::default();
        }
        let request = if self.spec.read {
            Request::Read
        } else {
            Request::Propose(self.spec.value.clone())
        };
        ClientStep {
            send: vec![(self.spec.node, request)],
            wake_at_us: Some(now_us + retry_us),
        }
    }
}

/// Checks the single-decree settings and clients (the simulator checks the
/// rest), naming the first one out of range.
pub(super) fn validate(
    config: &Config,
    clients: &[ClientSpec],
    initial_disks: &[Durable],
) -> Result<(), ConfigError> {
    let err = |what: &str| Err(ConfigError(what.to_string()));
    let n = config.cluster_size;
    for (what, t) in [
        ("retry timeout", config.retry_timeout_max_us),
        ("backoff", config.backoff_max_us),
    ] {
        if t > MAX_TIME_US {
            return err(&format!(
                "{what} of {} ms is beyond the {} ms limit",
                t / 1000,
                MAX_TIME_US / 1000
            ));
        }
    }
    if config.retry_timeout_us == 0 {
        return err("the retry timeout must be above zero");
    }
    for (name, q) in [("phase-1", config.q1), ("phase-2", config.q2)] {
        if q > n {
            return err(&format!(
                "the {name} quorum is {q} acceptors, but the cluster has only {n}"
            ));
        }
    }
    if config.retry_timeout_us > config.retry_timeout_max_us {
        return err("the retry timeout is above its maximum");
    }
    if config.backoff_base_us == 0 || config.backoff_base_us > config.backoff_max_us {
        return err("backoff base must be above zero and at most the backoff maximum");
    }
    if !initial_disks.is_empty() && initial_disks.len() != n as usize {
        return err(&format!(
            "initial disks: {} given for {n} nodes",
            initial_disks.len()
        ));
    }
    for (i, disk) in initial_disks.iter().enumerate() {
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
            let Some(owner) = initial_disks.get(b.node.0 as usize) else {
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
    for (i, client) in clients.iter().enumerate() {
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
