//! The proposer: drives a client's value through the two phases.

use crate::types::{Ballot, NodeId, Proposal, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where the proposer is in its current attempt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Nothing to propose, or pausing before the next ballot.
    #[default]
    Idle,
    /// Phase 1: collecting promises for `ballot`.
    Preparing {
        ballot: Ballot,
        /// Who promised, and what each reported as accepted.
        promises: BTreeMap<NodeId, Option<Proposal>>,
    },
    /// Phase 2: `Accept` sent for `value` in `ballot`; the learner counts the
    /// answers.
    Accepting { ballot: Ballot, value: Value },
    /// The node has learned the chosen value; nothing more to do.
    Done,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Proposer {
    /// The value this node's clients asked for, if any.
    pub value: Option<Value>,
    /// The highest round seen in any ballot, so the next ballot beats it.
    pub max_round: u64,
    pub phase: Phase,
    /// Ballots that failed since the last success; grows the backoff window.
    pub failed_ballots: u32,
}

impl Proposer {
    /// The ballot of the attempt in progress, if any.
    pub fn ballot(&self) -> Option<Ballot> {
        match &self.phase {
            Phase::Preparing { ballot, .. } | Phase::Accepting { ballot, .. } => Some(*ballot),
            Phase::Idle | Phase::Done => None,
        }
    }

    pub fn observe(&mut self, ballot: Ballot) {
        self.max_round = self.max_round.max(ballot.round);
    }

    /// A fresh ballot, above every ballot seen.
    pub(super) fn next_ballot(&mut self, me: NodeId) -> Ballot {
        self.max_round += 1;
        let ballot = Ballot::new(self.max_round, me);
        self.phase = Phase::Preparing {
            ballot,
            promises: BTreeMap::new(),
        };
        ballot
    }

    /// Records a promise for the current ballot. With a majority of promises,
    /// returns the value phase 2 must propose: the value of the highest-ballot
    /// proposal any promise reported, or else the client's own value.
    pub(super) fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Option<Proposal>,
        quorum: usize,
    ) -> Option<Value> {
        let Phase::Preparing {
            ballot: current,
            promises,
        } = &mut self.phase
        else {
            return None;
        };
        if *current != ballot {
            return None;
        }
        promises.insert(from, accepted);
        if promises.len() < quorum {
            return None;
        }
        let value = promises
            .values()
            .flatten()
            .max_by_key(|proposal| proposal.ballot)
            .map(|proposal| proposal.value.clone())
            .or_else(|| self.value.clone())?;
        self.phase = Phase::Accepting {
            ballot,
            value: value.clone(),
        };
        Some(value)
    }
}
