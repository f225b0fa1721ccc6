//! The safety monitor: an observer outside the protocol that checks, after
//! every step, the properties Paxos promises.
//!
//! It sees what no single node can: every acceptor's votes. A vote counts
//! once the acceptor can no longer forget it (its disk write completed) or
//! once it has told someone (it sent `Accepted`, or its own learner counted
//! it), whichever comes first. A
//! value is chosen when a majority voted for it in the same ballot.

use super::{Config, Durability, Durable, Message, Node, SingleDecree};
use crate::collections::{LiteMap, LiteSet};
use crate::protocol::{Finding, Property, SafetyMonitor};
use crate::types::{majority, Ballot, NodeId, NodeSet, Proposal, Value};
use serde::Serialize;

/// A value chosen twice: the one thing consensus must never allow.
pub const ONE_VALUE_CHOSEN: Property = Property::new(
    "one_value_chosen",
    "Two different values were chosen: the one thing consensus must never allow.",
);
/// A chosen value was proposed by a client.
pub const CHOSEN_WAS_PROPOSED: Property = Property::new(
    "chosen_was_proposed",
    "A value that no client proposed was chosen.",
);
/// A learner only learns a value that was chosen.
pub const LEARNED_WAS_CHOSEN: Property = Property::new(
    "learned_was_chosen",
    "A node learned a value that was never chosen.",
);
/// A promise, once made, is never taken back.
pub const PROMISE_NEVER_DECREASES: Property = Property::new(
    "promise_never_decreases",
    "A node went back on a promise it had made: it no longer remembers it.",
);
/// An acceptor never holds an accepted ballot above its promise.
pub const ACCEPTED_NOT_ABOVE_PROMISE: Property = Property::new(
    "accepted_not_above_promise",
    "A node accepted a ballot higher than the one it promised.",
);

/// The five properties the monitor checks.
pub const PROPERTIES: [Property; 5] = [
    ONE_VALUE_CHOSEN,
    CHOSEN_WAS_PROPOSED,
    LEARNED_WAS_CHOSEN,
    PROMISE_NEVER_DECREASES,
    ACCEPTED_NOT_ABOVE_PROMISE,
];

#[derive(Clone, Debug, Default, Serialize)]
pub struct Monitor {
    quorum: usize,
    proposed: LiteSet<Value>,
    /// Every counted vote: who voted for each (ballot, value). Keyed by the
    /// pair, so even a (buggy) ballot carrying two values is counted right.
    votes: LiteMap<(Ballot, Value), NodeSet>,
    /// Each chosen value, with the first ballot it was chosen in.
    chosen: LiteMap<Value, Ballot>,
    /// Per node: the highest ballot it has promised to anyone.
    promised_to_others: LiteMap<NodeId, Ballot>,
}

impl Monitor {
    pub fn new(cluster_size: u8) -> Monitor {
        Monitor {
            quorum: majority(cluster_size),
            ..Monitor::default()
        }
    }

    /// The value chosen first, if any.
    pub fn chosen(&self) -> Option<&Value> {
        self.chosen
            .iter()
            .min_by_key(|(_, ballot)| **ballot)
            .map(|(value, _)| value)
    }

    /// Every value chosen so far, in the order of the ballots that chose
    /// them: one in correct Paxos, more once safety is broken.
    pub fn chosen_values(&self) -> Vec<&Value> {
        let mut chosen: Vec<(&Value, &Ballot)> = Vec::new();
        for entry in self.chosen.iter() {
            crate::collections::insert_sorted_by_key(&mut chosen, entry, |&(_, ballot)| *ballot);
        }
        chosen.into_iter().map(|(value, _)| value).collect()
    }

    /// A client asked for `value`.
    pub fn proposed(&mut self, value: &Value) {
        self.proposed.insert(value.clone());
    }

    /// `node`'s disk write of `state` completed.
    pub fn durable(&mut self, node: NodeId, state: &Durable, found: &mut Vec<Finding>) {
        if let Some(proposal) = &state.accepted {
            self.vote(node, proposal.clone(), found);
        }
    }

    /// `node` sent `msg` to another node.
    pub fn sent(&mut self, node: NodeId, msg: &Message, found: &mut Vec<Finding>) {
        match msg {
            Message::Promise { ballot, .. } => self.promise_made(node, *ballot),
            Message::Accepted { ballot, value } => {
                self.promise_made(node, *ballot);
                let proposal = Proposal {
                    ballot: *ballot,
                    value: value.clone(),
                };
                self.vote(node, proposal, found);
            }
            _ => {}
        }
    }

    /// `node`'s learner learned `value`.
    pub fn learned(&mut self, node: NodeId, value: &Value, found: &mut Vec<Finding>) {
        self.learned_was_chosen(node, value, found);
    }

    /// Checks `node`'s state after it took a step (or restarted).
    pub fn after_step(&mut self, node: &Node, found: &mut Vec<Finding>) {
        self.promise_never_decreases(node, found);
        self.accepted_not_above_promise(node, found);
        if node.config.durability != Durability::WriteAhead {
            // A node that does not wait for its disk acts on its own
            // acceptance at once: its learner counts it, though it was
            // neither durable nor sent on the wire. That is a vote too.
            // (With write-ahead, its learner counts it only once durable.)
            for (ballot, (value, voters)) in &node.learner.votes {
                if voters.contains(&node.id) {
                    let proposal = Proposal {
                        ballot: *ballot,
                        value: value.clone(),
                    };
                    self.vote(node.id, proposal, found);
                }
            }
        }
    }

    fn promise_made(&mut self, node: NodeId, ballot: Ballot) {
        let made = self.promised_to_others.entry(node).or_insert(ballot);
        *made = (*made).max(ballot);
    }

    fn vote(&mut self, node: NodeId, proposal: Proposal, found: &mut Vec<Finding>) {
        let Proposal { ballot, value } = proposal;
        let voters = self.votes.entry((ballot, value.clone())).or_default();
        if !voters.insert(node) || voters.len() < self.quorum || self.chosen.contains_key(&value) {
            return;
        }
        // A value has just become chosen.
        let voters = voters.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        self.chosen.insert(value.clone(), ballot);
        self.one_value_chosen(&value, ballot, &voters, found);
        self.chosen_was_proposed(&value, found);
    }

    /// Property 1.
    fn one_value_chosen(
        &self,
        value: &Value,
        ballot: Ballot,
        voters: &[String],
        found: &mut Vec<Finding>,
    ) {
        if let Some((other, other_ballot)) = self.chosen.iter().find(|(v, _)| *v != value) {
            found.push((
                ONE_VALUE_CHOSEN,
                format!(
                    "{value} was chosen in ballot {ballot} by {}, but {other} was already chosen in ballot {other_ballot}",
                    voters.join(",")
                ),
            ));
        }
    }

    /// Property 2.
    fn chosen_was_proposed(&self, value: &Value, found: &mut Vec<Finding>) {
        if !self.proposed.contains(value) {
            found.push((
                CHOSEN_WAS_PROPOSED,
                format!("{value} was chosen but no client proposed it"),
            ));
        }
    }

    /// Property 3.
    fn learned_was_chosen(&self, node: NodeId, value: &Value, found: &mut Vec<Finding>) {
        if !self.chosen.contains_key(value) {
            found.push((
                LEARNED_WAS_CHOSEN,
                format!("{node} learned {value}, which was not chosen"),
            ));
        }
    }

    /// Property 4: the acceptor still honours every promise it has made.
    fn promise_never_decreases(&self, node: &Node, found: &mut Vec<Finding>) {
        let Some(&made) = self.promised_to_others.get(&node.id) else {
            return;
        };
        if node.acceptor.promised.is_none_or(|now| now < made) {
            let now = node
                .acceptor
                .promised
                .map_or("nothing".to_string(), |b| b.to_string());
            found.push((
                PROMISE_NEVER_DECREASES,
                format!("{} promised {made}, but now its promise is {now}", node.id),
            ));
        }
    }

    /// Property 5.
    fn accepted_not_above_promise(&self, node: &Node, found: &mut Vec<Finding>) {
        if let Some(accepted) = &node.acceptor.accepted {
            if node.acceptor.promised.is_none_or(|p| accepted.ballot > p) {
                found.push((
                    ACCEPTED_NOT_ABOVE_PROMISE,
                    format!(
                        "{} accepted {} above its promise {:?}",
                        node.id, accepted, node.acceptor.promised
                    ),
                ));
            }
        }
    }
}

impl SafetyMonitor<SingleDecree> for Monitor {
    fn new(config: &Config) -> Monitor {
        Monitor {
            quorum: config.q2(),
            ..Monitor::default()
        }
    }

    fn reconfigured(&mut self, config: &Config) {
        self.quorum = config.q2();
    }

    fn proposed(&mut self, request: &super::Request) {
        if let super::Request::Propose(value) = request {
            Monitor::proposed(self, value);
        }
    }

    fn durable(&mut self, node: NodeId, _: &Durable, disk: &Durable, found: &mut Vec<Finding>) {
        Monitor::durable(self, node, disk, found);
    }

    fn loaded(&mut self, node: NodeId, disk: &Durable, found: &mut Vec<Finding>) {
        if let Some(accepted) = &disk.accepted {
            // Whoever put it there proposed it.
            Monitor::proposed(self, &accepted.value);
        }
        Monitor::durable(self, node, disk, found);
    }

    fn sent(&mut self, node: NodeId, msg: &Message, found: &mut Vec<Finding>) {
        Monitor::sent(self, node, msg, found);
    }

    fn learned(&mut self, node: NodeId, value: &Value, found: &mut Vec<Finding>) {
        Monitor::learned(self, node, value, found);
    }

    fn after_step(&mut self, node: &Node, found: &mut Vec<Finding>) {
        Monitor::after_step(self, node, found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(round: u64, node: u8) -> Ballot {
        Ballot::new(round, NodeId(node))
    }

    fn accepted(monitor: &mut Monitor, node: u8, ballot: Ballot, value: &str) -> Vec<Finding> {
        let mut found = Vec::new();
        let msg = Message::Accepted {
            ballot,
            value: Value::new(value),
        };
        monitor.sent(NodeId(node), &msg, &mut found);
        found
    }

    fn monitor_with(values: &[&str]) -> Monitor {
        let mut monitor = Monitor::new(3);
        values.iter().for_each(|v| monitor.proposed(&Value::new(v)));
        monitor
    }

    #[test]
    fn every_property_explains_itself() {
        let all = PROPERTIES;
        let texts: crate::collections::LiteSet<&str> = all.iter().map(|p| p.explain()).collect();
        assert_eq!(texts.len(), all.len(), "each says something different");
        assert!(texts.iter().all(|t| t.ends_with('.')));
    }

    #[test]
    fn a_value_is_chosen_by_a_majority_in_one_ballot() {
        let mut m = monitor_with(&["v1", "v2"]);
        assert!(accepted(&mut m, 1, b(1, 0), "v1").is_empty());
        assert!(accepted(&mut m, 2, b(3, 0), "v1").is_empty());
        assert_eq!(m.chosen(), None, "v1 in two ballots is not chosen");
        assert!(accepted(&mut m, 3, b(2, 2), "v2").is_empty());
        assert!(accepted(&mut m, 1, b(3, 0), "v1").is_empty());
        assert_eq!(m.chosen(), Some(&Value::new("v1")));
    }

    #[test]
    fn two_chosen_values_violate_property_one() {
        let mut m = monitor_with(&["A", "B"]);
        accepted(&mut m, 0, b(1, 0), "A");
        accepted(&mut m, 1, b(1, 0), "A");
        accepted(&mut m, 1, b(2, 2), "B");
        let found = accepted(&mut m, 2, b(2, 2), "B");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, ONE_VALUE_CHOSEN);
        assert_eq!(
            found[0].1,
            "\"B\" was chosen in ballot (2,n2) by n1,n2, but \"A\" was already chosen in ballot (1,n0)"
        );
    }

    #[test]
    fn two_values_in_one_ballot_count_separately() {
        let mut m = monitor_with(&["A", "X"]);
        accepted(&mut m, 1, b(4, 0), "X");
        assert!(accepted(&mut m, 0, b(4, 0), "A").is_empty());
        assert!(accepted(&mut m, 2, b(4, 0), "A").is_empty());
        assert_eq!(m.chosen(), Some(&Value::new("A")), "only A has a majority");
    }

    #[test]
    fn an_unproposed_value_violates_property_two() {
        let mut m = monitor_with(&["A"]);
        accepted(&mut m, 0, b(1, 0), "Z");
        let found = accepted(&mut m, 1, b(1, 0), "Z");
        assert_eq!(found[0].0, CHOSEN_WAS_PROPOSED);
    }

    #[test]
    fn learning_an_unchosen_value_violates_property_three() {
        let mut m = monitor_with(&["A"]);
        let mut found = Vec::new();
        m.learned(NodeId(2), &Value::new("A"), &mut found);
        assert_eq!(found[0].0, LEARNED_WAS_CHOSEN);
    }

    #[test]
    fn forgetting_a_promise_violates_property_four() {
        let mut m = monitor_with(&[]);
        let mut found = Vec::new();
        let promise = Message::Promise {
            ballot: b(5, 0),
            accepted: None,
        };
        m.sent(NodeId(1), &promise, &mut found);
        let amnesiac = Node::new(NodeId(1), Config::default());
        m.after_step(&amnesiac, &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0],
            (
                PROMISE_NEVER_DECREASES,
                "n1 promised (5,n0), but now its promise is nothing".to_string()
            )
        );
    }

    #[test]
    fn accepting_above_the_promise_violates_property_five() {
        let m = monitor_with(&["A"]);
        let mut node = Node::new(NodeId(0), Config::default());
        node.acceptor.promised = Some(b(1, 0));
        node.acceptor.accepted = Some(Proposal {
            ballot: b(2, 1),
            value: Value::new("A"),
        });
        let mut found = Vec::new();
        m.clone().after_step(&node, &mut found);
        assert_eq!(found[0].0, ACCEPTED_NOT_ABOVE_PROMISE);
    }
}
