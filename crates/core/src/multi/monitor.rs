//! The Multi-Paxos safety monitor: the single-decree properties, slot by
//! slot. It sees every acceptor's durable votes, so it knows what is chosen
//! in each slot even when no replica does yet.

use super::{Acceptor, Config, Decision, DiskWrite, Message, MultiPaxos, Node, Slot};
use crate::kv::{Command, Request};
// The single-decree properties, by the same names and words: a slot of the
// log is one instance of Paxos.
use crate::collections::{LiteMap, LiteSet};
use crate::paxos::monitor::{
    CHOSEN_WAS_PROPOSED, LEARNED_WAS_CHOSEN, ONE_VALUE_CHOSEN, PROMISE_NEVER_DECREASES,
};
use crate::protocol::{Findings, SafetyMonitor};
use crate::types::{Ballot, NodeId};
use serde::Serialize;

/// Serialized as the model checker tells states apart: all of it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LogMonitor {
    quorum: usize,
    proposed: LiteSet<Request>,
    /// Voters per (slot, ballot, request).
    votes: LiteMap<(Slot, Ballot, Request), LiteSet<NodeId>>,
    /// What is chosen in each slot, and the first ballot it was chosen in.
    chosen: LiteMap<Slot, (Request, Ballot)>,
    /// Per node: the highest ballot it has promised to anyone.
    promised_to_others: LiteMap<NodeId, Ballot>,
}

impl LogMonitor {
    /// What is chosen in `slot`, as far as the votes show.
    pub fn chosen(&self, slot: Slot) -> Option<&Request> {
        self.chosen.get(&slot).map(|(request, _)| request)
    }

    /// Every slot known chosen.
    pub fn chosen_slots(&self) -> usize {
        self.chosen.len()
    }

    fn vote(
        &mut self,
        node: NodeId,
        slot: Slot,
        ballot: Ballot,
        request: &Request,
        found: &mut Findings,
    ) {
        let key = (slot, ballot, request.clone());
        let voters = self.votes.entry(key).or_default();
        if !voters.insert(node) || voters.len() != self.quorum {
            return;
        }
        match self.chosen.get(&slot) {
            Some((other, _)) if other == request => {}
            Some((other, first)) => found.push((
                ONE_VALUE_CHOSEN,
                format!(
                    "slot {slot}: {} was chosen in ballot {ballot}, but {} was already chosen there in ballot {first}",
                    request.command, other.command
                ),
            )),
            None => {
                if request.command != Command::Noop && !self.proposed.contains(request) {
                    found.push((
                        CHOSEN_WAS_PROPOSED,
                        format!("slot {slot}: {request} was chosen but no client sent it"),
                    ));
                }
                self.chosen.insert(slot, (request.clone(), ballot));
            }
        }
    }

    fn promise_made(&mut self, node: NodeId, ballot: Ballot) {
        let made = self.promised_to_others.entry(node).or_insert(ballot);
        *made = (*made).max(ballot);
    }
}

impl SafetyMonitor<MultiPaxos> for LogMonitor {
    fn new(config: &Config) -> LogMonitor {
        LogMonitor {
            quorum: config.quorum(),
            ..LogMonitor::default()
        }
    }

    fn proposed(&mut self, request: &Request) {
        self.proposed.insert(request.clone());
    }

    fn durable(&mut self, node: NodeId, write: &DiskWrite, _: &Acceptor, found: &mut Findings) {
        for (slot, accepted) in &write.slots {
            self.vote(node, *slot, accepted.ballot, &accepted.request, found);
        }
    }

    fn loaded(&mut self, node: NodeId, disk: &Acceptor, found: &mut Findings) {
        for (slot, accepted) in &disk.accepted {
            // Whoever put it there proposed it.
            self.proposed.insert(accepted.request.clone());
            self.vote(node, *slot, accepted.ballot, &accepted.request, found);
        }
    }

    fn sent(&mut self, node: NodeId, msg: &Message, _: &mut Findings) {
        match msg {
            Message::Promise(promise) => self.promise_made(node, promise.ballot),
            Message::Accepted { ballot, .. } => self.promise_made(node, *ballot),
            _ => {}
        }
    }

    fn learned(&mut self, node: NodeId, decision: &Decision, found: &mut Findings) {
        let Decision { slot, request } = decision;
        if self.chosen(*slot) != Some(request) {
            found.push((
                LEARNED_WAS_CHOSEN,
                format!(
                    "{node} learned {} in slot {slot}, which was not chosen there",
                    request.command
                ),
            ));
        }
    }

    fn after_step(&mut self, node: &Node, found: &mut Findings) {
        let Some(&made) = self.promised_to_others.get(&node.id) else {
            return;
        };
        if node.acceptor.promised.is_none_or(|now| now < made) {
            found.push((
                PROMISE_NEVER_DECREASES,
                format!("{} promised {made}, but now its promise is lower", node.id),
            ));
        }
    }
}
