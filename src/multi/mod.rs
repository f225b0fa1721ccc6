//! Multi-Paxos, the first pieces: a replicated log in which each slot is
//! one Paxos instance.
//!
//! A leader runs phase 1 once for every slot from its first unchosen one
//! onward: one `Prepare`, and one compact `Promise` per acceptor listing
//! only the slots where it has accepted something. From the promises of a
//! majority the leader learns, for each slot, the highest-ballot value any
//! of them accepted. It proposes that value again in its own ballot, fills
//! every slot nobody reported with a no-op (so that later commands can
//! execute), and from then on skips phase 1: a command costs one round
//! trip, until a rejection shows a higher ballot.
//!
//! This module holds the parts that are settled: the per-slot acceptor and
//! the new leader's recovery plan. The node, its timers and the simulator's
//! support for a second protocol come next.

use crate::kv::{Command, Request};
use crate::types::{Ballot, ClientId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A log position, from 1.
pub type Slot = u64;

/// What an acceptor accepted in one slot.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Accepted {
    pub ballot: Ballot,
    pub request: Request,
}

/// A no-op request, filling a slot nobody reported.
pub fn noop() -> Request {
    Request {
        client: ClientId(u8::MAX),
        seq: 0,
        command: Command::Noop,
    }
}

/// An acceptor's durable state, for every slot at once: one promise (phase
/// 1 covers all slots), and what it accepted slot by slot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Acceptor {
    pub promised: Option<Ballot>,
    pub accepted: BTreeMap<Slot, Accepted>,
}

/// An acceptor's answer to a `Prepare` covering `from` onward: the promise,
/// with only the slots where it accepted something (the compact reply).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Promise {
    pub ballot: Ballot,
    pub accepted: Vec<(Slot, Accepted)>,
}

impl Acceptor {
    /// Phase 1 for every slot from `from` on. `Err` carries the higher
    /// ballot already promised. `Ok` also says whether the durable state
    /// changed (and must be written before the promise leaves).
    pub fn on_prepare(&mut self, ballot: Ballot, from: Slot) -> Result<(bool, Promise), Ballot> {
        if let Some(promised) = self.promised.filter(|&p| p > ballot) {
            return Err(promised);
        }
        let changed = self.promised != Some(ballot);
        self.promised = Some(ballot);
        let accepted = self
            .accepted
            .range(from..)
            .map(|(slot, a)| (*slot, a.clone()))
            .collect();
        Ok((changed, Promise { ballot, accepted }))
    }

    /// Phase 2 for one slot. `Err` carries the higher ballot promised.
    /// `Ok(true)` if the durable state changed.
    pub fn on_accept(
        &mut self,
        ballot: Ballot,
        slot: Slot,
        request: Request,
    ) -> Result<bool, Ballot> {
        if let Some(promised) = self.promised.filter(|&p| p > ballot) {
            return Err(promised);
        }
        let accepted = Accepted { ballot, request };
        let changed = self.promised != Some(ballot) || self.accepted.get(&slot) != Some(&accepted);
        self.promised = Some(ballot);
        self.accepted.insert(slot, accepted);
        Ok(changed)
    }
}

/// What a new leader must propose after phase 1, slot by slot, and where
/// its own new commands go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// Slots to propose again in the leader's ballot: each with the
    /// highest-ballot value a promise reported, or a no-op for a hole.
    pub proposals: Vec<(Slot, Request)>,
    /// The first slot free for new commands.
    pub next_slot: Slot,
}

/// Plans a new leader's phase 2 from the promises of a majority. `chosen`
/// lists the slots the leader already knows are chosen (it need not touch
/// them); `from` is its first unchosen slot, where its `Prepare` began.
///
/// For each slot from `from` up to the highest slot any promise mentions:
/// a slot already known chosen is left alone; a slot some acceptor accepted
/// gets the value with the highest ballot (it may have been chosen: Paxos
/// forbids proposing anything else); a slot nobody accepted gets a no-op.
pub fn recover(promises: &[Promise], chosen: &BTreeMap<Slot, Request>, from: Slot) -> Recovery {
    let mut best: BTreeMap<Slot, &Accepted> = BTreeMap::new();
    for promise in promises {
        for (slot, accepted) in promise.accepted.iter().filter(|(s, _)| *s >= from) {
            let keep = best.get(slot).is_some_and(|b| b.ballot >= accepted.ballot);
            if !keep {
                best.insert(*slot, accepted);
            }
        }
    }
    let highest = best
        .keys()
        .chain(chosen.keys())
        .copied()
        .max()
        .unwrap_or(0)
        .max(from.saturating_sub(1));
    let proposals = (from..=highest)
        .filter(|slot| !chosen.contains_key(slot))
        .map(|slot| {
            let request = best.get(&slot).map_or_else(noop, |a| a.request.clone());
            (slot, request)
        })
        .collect();
    Recovery {
        proposals,
        next_slot: highest + 1,
    }
}

#[cfg(test)]
mod tests;
