//! The storage designs' monitor: what a storage service promises its
//! clients, checked from outside, where every server's disk is visible.
//!
//! * Design 3: acknowledged writes must leave something readable. If, once
//!   every write sent has been acknowledged by every server, each server
//!   holds an acknowledged value yet no value is on a majority, no read can
//!   succeed until someone writes again: the concurrent-writers anomaly
//!   ([`ACKNOWLEDGED_READABLE`]).
//! * Design 5: one value per generation. Two different values committed
//!   (accepted by a majority in one ballot) in the same generation would
//!   mean an update overwrote data it never saw
//!   ([`ONE_VALUE_PER_GENERATION`]).
//!
//! Designs 1 and 2 promise nothing a monitor could catch: they fail by
//! being unavailable, which the clients report.

use super::{Config, Design, Durable, GenBallot, Message, Node, Reply, Request, Storage};
use crate::protocol::Property;
use crate::protocol::{Findings, SafetyMonitor};
use serde::Serialize;

/// Design 3: acknowledged writes leave a value readable.
pub const ACKNOWLEDGED_READABLE: Property = Property::new(
    "acknowledged_readable",
    "Every client was told its write succeeded, yet the servers are split: no value has a majority, so every read fails. Writes with no phases overwrite each other blindly.",
);
/// Design 5: a generation commits one value.
pub const ONE_VALUE_PER_GENERATION: Property = Property::new(
    "one_value_per_generation",
    "Two different values were committed in the same generation: an update overwrote data it never saw.",
);
use crate::collections::{LiteMap, LiteSet};
use crate::types::{NodeId, Value};

#[derive(Clone, Debug, Default, Serialize)]
pub struct DesignMonitor {
    config: Config,
    /// Each server's disk, as last written.
    disks: LiteMap<NodeId, Durable>,
    /// Design 3: the servers that acknowledged each value, how many
    /// `Write`s of it were sent and how many were acknowledged.
    acks: LiteMap<Value, LiteSet<NodeId>>,
    writes_sent: LiteMap<Value, usize>,
    writes_acked: LiteMap<Value, usize>,
    /// Design 5: voters per (ballot, value), and what each generation
    /// committed.
    votes: LiteMap<(GenBallot, Value), LiteSet<NodeId>>,
    committed: LiteMap<u64, (Value, GenBallot)>,
    /// The split was reported already (once is enough).
    split_reported: bool,
}

impl DesignMonitor {
    /// What generation `g` committed, as far as the votes show.
    pub fn committed(&self, generation: u64) -> Option<&Value> {
        self.committed.get(&generation).map(|(v, _)| v)
    }

    /// Design 3's check, after any change.
    fn check_split(&mut self, found: &mut Findings) {
        if self.config.design != Design::Voting || self.split_reported {
            return;
        }
        let n = self.config.cluster_size as usize;
        let quorum = self.config.quorum();
        let held: Vec<(NodeId, &Value)> = self
            .disks
            .iter()
            .filter_map(|(node, disk)| disk.value.as_ref().map(|v| (*node, v)))
            .collect();
        let acknowledged = |v: &Value| self.acks.get(v).is_some_and(|a| a.len() >= quorum);
        // Only once every write has been acknowledged everywhere it was
        // sent: then nothing in flight can repair the split.
        let settled = self
            .writes_sent
            .iter()
            .all(|(v, sent)| self.writes_acked.get(v).copied().unwrap_or(0) >= *sent);
        if !settled || held.len() < n || !held.iter().all(|(_, v)| acknowledged(v)) {
            return;
        }
        let mut counts: LiteMap<&Value, usize> = LiteMap::new_vec();
        for (_, v) in &held {
            *counts.entry(v).or_default() += 1;
        }
        if counts.values().all(|c| *c < quorum) {
            self.split_reported = true;
            let each: Vec<String> = held.iter().map(|(n, v)| format!("{n} holds {v}")).collect();
            found.push((
                ACKNOWLEDGED_READABLE,
                format!(
                    "every write was acknowledged by every server, yet {}: no value is on a majority, so no read can succeed",
                    each.join(", ")
                ),
            ));
        }
    }

    fn vote(&mut self, node: NodeId, ballot: GenBallot, value: &Value, found: &mut Findings) {
        let quorum = self.config.quorum();
        let voters = self.votes.entry((ballot, value.clone())).or_default();
        if !voters.insert(node) || voters.len() != quorum {
            return;
        }
        match self.committed.get(&ballot.generation) {
            Some((other, first)) if other != value => found.push((
                ONE_VALUE_PER_GENERATION,
                format!(
                    "generation {} committed {value} in {ballot}, but it had already committed {other} in {first}",
                    ballot.generation
                ),
            )),
            Some(_) => {}
            None => {
                self.committed
                    .insert(ballot.generation, (value.clone(), ballot));
            }
        }
    }
}

impl SafetyMonitor<Storage> for DesignMonitor {
    fn new(config: &Config) -> DesignMonitor {
        DesignMonitor {
            config: *config,
            ..DesignMonitor::default()
        }
    }

    fn proposed(&mut self, request: &Request) {
        if let Request::Write { value } = request {
            *self.writes_sent.entry(value.clone()).or_default() += 1;
        }
    }

    fn durable(&mut self, node: NodeId, _: &Durable, disk: &Durable, found: &mut Findings) {
        self.disks.insert(node, disk.clone());
        if let Some((ballot, value)) = disk.accepted_pair() {
            self.vote(node, ballot, &value, found);
        }
        self.check_split(found);
    }

    fn loaded(&mut self, node: NodeId, disk: &Durable, found: &mut Findings) {
        self.disks.insert(node, disk.clone());
        self.check_split(found);
    }

    fn sent(&mut self, _: NodeId, msg: &Message, _: &mut Findings) {
        match *msg {}
    }

    fn learned(&mut self, _: NodeId, _: &Value, _: &mut Findings) {}

    fn after_step(&mut self, _: &Node, _: &mut Findings) {}

    fn replied(&mut self, node: NodeId, reply: &Reply, found: &mut Findings) {
        match reply {
            Reply::Ack { value } => {
                self.acks.entry(value.clone()).or_default().insert(node);
                *self.writes_acked.entry(value.clone()).or_default() += 1;
                self.check_split(found);
            }
            Reply::Accepted { ballot, value } => self.vote(node, *ballot, value, found),
            _ => {}
        }
    }
}
