//! The proposer: drives a client's value through the two phases.

use super::Config;
use crate::collections::LiteMap;
use crate::types::{Ballot, NodeId, Proposal, Value};
use serde::{Deserialize, Serialize};

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
        promises: LiteMap<NodeId, Option<Proposal>>,
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
    pub(crate) value: Option<Value>,
    /// The highest round seen in any ballot, so the next ballot beats it.
    pub(crate) max_round: u64,
    pub(crate) phase: Phase,
    /// Ballots that failed since the last success; grows the backoff window.
    pub(crate) failed_ballots: u32,
}

impl Proposer {
    // The read-only view.

    /// The value this node's clients asked for, if any.
    pub fn value(&self) -> Option<&Value> {
        self.value.as_ref()
    }

    /// The highest round seen in any ballot.
    pub fn max_round(&self) -> u64 {
        self.max_round
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// Ballots that failed since the last success.
    pub fn failed_ballots(&self) -> u32 {
        self.failed_ballots
    }

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
            promises: LiteMap::new_vec(),
        };
        ballot
    }

    /// Records a promise for the current ballot. With a phase-1 quorum of
    /// promises it decides what to do:
    ///
    /// * if a phase-2 quorum of them report the same proposal, that value
    ///   is already chosen: phase 2 is skipped ([`AfterPromise::Chosen`]);
    /// * otherwise phase 2 must propose the value of the highest-ballot
    ///   proposal reported, or else the client's own value.
    ///
    /// With [`Bugs::ignore_promises`] on, it always proposes its own value.
    pub(super) fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Option<Proposal>,
        config: &Config,
    ) -> AfterPromise {
        let Phase::Preparing {
            ballot: current,
            promises,
        } = &mut self.phase
        else {
            return AfterPromise::Wait;
        };
        if *current != ballot {
            return AfterPromise::Wait;
        }
        promises.insert(from, accepted);
        if promises.len() < config.q1() {
            return AfterPromise::Wait;
        }
        let quorum: Vec<NodeId> = promises.keys().copied().collect();
        if config.bugs.ignore_promises {
            let Some(value) = self.value.clone() else {
                return AfterPromise::Wait;
            };
            self.phase = Phase::Accepting {
                ballot,
                value: value.clone(),
            };
            return AfterPromise::Accept { value, quorum };
        }
        let reports = promises.values().flatten();
        if let Some(chosen) = chosen_among(reports, config) {
            let voters = promises
                .iter()
                .filter(|(_, p)| {
                    p.as_ref().is_some_and(|p| {
                        p.value == chosen.value
                            && (config.bugs.count_across_ballots || p.ballot == chosen.ballot)
                    })
                })
                .map(|(n, _)| *n)
                .collect();
            return AfterPromise::Chosen {
                proposal: chosen,
                quorum,
                voters,
            };
        }
        let value = promises
            .values()
            .flatten()
            .max_by_key(|proposal| proposal.ballot)
            .map(|proposal| proposal.value.clone())
            .or_else(|| self.value.clone());
        let Some(value) = value else {
            return AfterPromise::Wait;
        };
        self.phase = Phase::Accepting {
            ballot,
            value: value.clone(),
        };
        AfterPromise::Accept { value, quorum }
    }
}

/// What a promise led to.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum AfterPromise {
    /// Not enough promises yet (or nothing to propose).
    Wait,
    /// Phase 2 with this value; `quorum` promised.
    Accept { value: Value, quorum: Vec<NodeId> },
    /// The promises show this proposal already chosen: skip phase 2.
    /// `quorum` promised; `voters` are those that reported the proposal.
    Chosen {
        proposal: Proposal,
        quorum: Vec<NodeId>,
        voters: Vec<NodeId>,
    },
}

/// The proposal that `reports` (acceptors' accepted proposals) show chosen:
/// one that a phase-2 quorum accepted in the same ballot. (With
/// [`Bugs::count_across_ballots`], the same value in any ballots counts,
/// which is the bug.)
pub fn chosen_among<'a>(
    reports: impl Iterator<Item = &'a Proposal>,
    config: &Config,
) -> Option<Proposal> {
    let mut counts: LiteMap<(Option<Ballot>, &Value), (usize, Ballot)> = LiteMap::new_vec();
    for p in reports {
        let key = if config.bugs.count_across_ballots {
            (None, &p.value)
        } else {
            (Some(p.ballot), &p.value)
        };
        let entry = counts.entry(key).or_insert((0, p.ballot));
        entry.0 += 1;
        entry.1 = entry.1.max(p.ballot);
    }
    counts
        .into_iter()
        .filter(|(_, (n, _))| *n >= config.q2())
        .max_by_key(|(_, (_, ballot))| *ballot)
        .map(|((_, value), (_, ballot))| Proposal {
            ballot,
            value: value.clone(),
        })
}
