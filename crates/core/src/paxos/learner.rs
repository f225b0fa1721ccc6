//! The learner: finds out which value was chosen.

use super::Config;
use crate::collections::LiteMap;
use crate::types::{Ballot, NodeId, NodeSet, Value};
use serde::{Deserialize, Serialize};

/// Counts `Accepted` messages **per ballot**. A value is chosen only when a
/// majority accepted it in the same ballot: (v1 at ballot 1) on one acceptor
/// and (v1 at ballot 3) on another are two different votes, and together they
/// prove nothing, because a third acceptor may hold (v2 at ballot 2).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Learner {
    /// For each ballot: its value, and the acceptors that accepted it.
    pub(crate) votes: LiteMap<Ballot, (Value, NodeSet)>,
    /// The chosen value, once known.
    pub(crate) learned: Option<(Ballot, Value)>,
}

impl Learner {
    // The read-only view.

    /// For each ballot: its value, and the acceptors that accepted it.
    pub fn votes(&self) -> &LiteMap<Ballot, (Value, NodeSet)> {
        &self.votes
    }

    /// The chosen value and its ballot, once known.
    pub fn learned(&self) -> Option<&(Ballot, Value)> {
        self.learned.as_ref()
    }

    /// Counts one acceptance. Returns the value if this made it chosen: a
    /// phase-2 quorum accepted it in this ballot. (With
    /// [`Bugs::count_across_ballots`](super::Bugs), acceptances of the same
    /// value in any ballot add up, which is the bug.)
    pub(super) fn on_accepted(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        value: Value,
        config: &Config,
    ) -> Option<Value> {
        let (value, acceptors) = self
            .votes
            .entry(ballot)
            .or_insert_with(|| (value, NodeSet::default()));
        acceptors.insert(from);
        let value = value.clone();
        let count = if config.bugs.count_across_ballots {
            self.votes
                .values()
                .filter(|(v, _)| *v == value)
                .fold(NodeSet::default(), |all, (_, acceptors)| {
                    all.union(*acceptors)
                })
                .len()
        } else {
            self.votes[&ballot].1.len()
        };
        if count >= config.q2() && self.learned.is_none() {
            return Some(value);
        }
        None
    }

    pub fn learned_value(&self) -> Option<&Value> {
        self.learned.as_ref().map(|(_, value)| value)
    }
}
