//! The acceptor: the node's vote. Its whole state is durable.

use super::{Bugs, Durable, Message};
use crate::types::{Ballot, Proposal, Value};
use serde::{Deserialize, Serialize};

/// The acceptor keeps two things, and must keep both: the highest ballot it
/// promised, and the last proposal it accepted. (With only one number it
/// could not both refuse old ballots and report what it accepted.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Acceptor {
    pub(crate) promised: Option<Ballot>,
    pub(crate) accepted: Option<Proposal>,
}

/// What the acceptor decided about one request.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Vote {
    /// The durable state changed, so it must be written before `reply` leaves.
    pub changed: bool,
    pub reply: Message,
}

impl Acceptor {
    // The read-only view.

    /// The highest ballot it promised, if any.
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }

    /// The proposal it accepted last, if any.
    pub fn accepted(&self) -> Option<&Proposal> {
        self.accepted.as_ref()
    }

    pub fn from_durable(durable: Durable) -> Acceptor {
        Acceptor {
            promised: durable.promised,
            accepted: durable.accepted,
        }
    }

    pub fn durable(&self) -> Durable {
        Durable {
            promised: self.promised,
            accepted: self.accepted.clone(),
        }
    }

    /// `ballot` may be used unless a higher ballot was promised.
    fn allows(&self, ballot: Ballot) -> bool {
        self.promised.is_none_or(|promised| ballot >= promised)
    }

    /// Phase 1b: promise, and report the last accepted proposal; or refuse.
    /// A repeated `Prepare` for the promised ballot is answered again.
    ///
    /// With [`Bugs::one_ballot`] the acceptor has one number for both: the
    /// promise relabels its accepted value with the new ballot.
    pub(super) fn on_prepare(&mut self, ballot: Ballot, bugs: &Bugs) -> Vote {
        if !self.allows(ballot) {
            return self.reject(ballot);
        }
        let changed = self.promised != Some(ballot);
        let reply = Message::Promise {
            ballot,
            accepted: self.accepted.clone(),
        };
        self.promised = Some(ballot);
        if bugs.one_ballot {
            if let Some(accepted) = &mut self.accepted {
                accepted.ballot = ballot;
            }
        }
        Vote { changed, reply }
    }

    /// Phase 2b: accept unless a higher ballot was promised since (with
    /// [`Bugs::accept_without_promise`], accept anyway).
    pub(super) fn on_accept(&mut self, ballot: Ballot, value: Value, bugs: &Bugs) -> Vote {
        if !self.allows(ballot) && !bugs.accept_without_promise {
            return self.reject(ballot);
        }
        let proposal = Proposal {
            ballot,
            value: value.clone(),
        };
        let promised = self.promised.max(Some(ballot));
        let changed = self.promised != promised || self.accepted.as_ref() != Some(&proposal);
        self.promised = promised;
        self.accepted = Some(proposal);
        Vote {
            changed,
            reply: Message::Accepted { ballot, value },
        }
    }

    fn reject(&self, ballot: Ballot) -> Vote {
        let promised = self.promised.expect("only a promise can cause a rejection");
        Vote {
            changed: false,
            reply: Message::Reject { ballot, promised },
        }
    }
}
