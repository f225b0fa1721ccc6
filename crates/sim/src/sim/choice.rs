//! Manual scheduling: the events that could happen next, as **choices**,
//! and picking one to happen now, out of the simulator's own order.
//!
//! The simulator normally runs its queue in time order. In manual
//! scheduling nothing happens on its own: the user (or a model checker)
//! picks which pending event comes next. A choice names the event so that a
//! recorded pick replays: a message by its id, a timer by its node and
//! kind, a disk write by its node (a node's writes complete in the order it
//! issued them, so only its oldest can be next), a client by its id.
//!
//! **Time.** A pick still happens at a time, so that the diagram stays a
//! space-time diagram: at the event's scheduled time if that is not before
//! now, else [`PICK_STEP_US`] after now (an overdue message, say, that
//! was held back while others went first). The same picks therefore give
//! the same times, and the same trace hash.
//!
//! Only events that would change something, before the run's end time,
//! are choices: a timer that was cancelled or re-armed, a disk write of a
//! node that crashed since, or a client's superseded wake-up are not. Nor
//! are the fault injector's own events (its ticks, scheduled restarts, the
//! end of the fault window): manual scheduling is for runs without random
//! faults or loss, where crashes, restarts, drops and duplicates are the
//! user's actions. (With them configured, those events stay queued: the
//! simulator runs them when it steps on its own.)
//!
//! When the simulator steps on its own after picks, an event that picks
//! held back happens at the current time: the clock never goes back.

use super::{ConfigError, MsgId, Scheduled, Sim};
use paxos_core::collections::LiteSet;
use paxos_core::protocol::Protocol;
use paxos_core::types::{ClientId, NodeId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How far after now a pick of an overdue event happens.
pub const PICK_STEP_US: u64 = 100;

/// An event that may happen next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", bound = "")]
pub enum Choice<P: Protocol> {
    /// Message `id` arrives (if its fate is to be lost, it is dropped
    /// there: the network already decided).
    Deliver { id: MsgId },
    /// `node`'s `timer` fires.
    Fire { node: NodeId, timer: P::Timer },
    /// `node`'s oldest disk write completes.
    Persist { node: NodeId },
    /// `client` wakes: it sends its request, or sends it again.
    Wake { client: ClientId },
}

impl<P: Protocol> fmt::Display for Choice<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Choice::Deliver { id } => write!(f, "deliver message {id}"),
            Choice::Fire { node, timer } => write!(f, "fire {node}'s {timer:?} timer"),
            Choice::Persist { node } => write!(f, "complete {node}'s next disk write"),
            Choice::Wake { client } => write!(f, "wake {client}"),
        }
    }
}

impl<P: Protocol> Sim<P> {
    /// The event a scheduled entry is, as a choice, if it would change
    /// anything now.
    fn as_choice(&self, event: &Scheduled<P>) -> Option<Choice<P>> {
        match *event {
            Scheduled::Arrive { id, .. } => Some(Choice::Deliver { id }),
            Scheduled::Timer {
                node,
                timer,
                generation,
            } => {
                let slot = &self.slots[usize::from(node.0)];
                (slot.timers.get(&timer) == Some(&generation))
                    .then_some(Choice::Fire { node, timer })
            }
            Scheduled::DiskDone {
                node, incarnation, ..
            } => {
                let slot = &self.slots[usize::from(node.0)];
                (slot.incarnation == incarnation && slot.node.is_some())
                    .then_some(Choice::Persist { node })
            }
            Scheduled::ClientSend { client, generation } => {
                (self.clients[usize::from(client.0)].generation == generation)
                    .then_some(Choice::Wake { client })
            }
            Scheduled::FaultTick | Scheduled::Restart { .. } | Scheduled::Heal => None,
        }
    }

    /// Every event that may happen next, each once, in the order the
    /// simulator would run them (the earliest scheduled first). A node's
    /// disk appears once, for its oldest write.
    pub fn choices(&self) -> Vec<Choice<P>> {
        let mut queued: Vec<_> = self
            .queue
            .iter()
            .filter(|entry| entry.time_us <= self.config.until_us)
            .collect();
        // The queue's order is reversed for its max-heap: earliest is
        // greatest.
        queued.sort_unstable_by(|a, b| b.cmp(a));
        let mut seen = LiteSet::new();
        let mut choices: Vec<Choice<P>> = Vec::new();
        for entry in queued {
            if let Some(choice) = self.as_choice(&entry.event) {
                if seen.insert(choice) {
                    choices.push(choice);
                }
            }
        }
        choices
    }

    /// Makes `choice` happen now (see the module docs for its time).
    /// Refused, changing nothing, if it is not one of [`Sim::choices`].
    pub fn pick(&mut self, choice: &Choice<P>) -> Result<(), ConfigError> {
        let mut queue = std::mem::take(&mut self.queue).into_vec();
        // The earliest entry that is this choice: for a disk, the node's
        // oldest write.
        let found = queue
            .iter()
            .enumerate()
            .filter(|(_, entry)| entry.time_us <= self.config.until_us)
            .filter(|(_, entry)| self.as_choice(&entry.event).as_ref() == Some(choice))
            .max_by(|(_, a), (_, b)| a.cmp(b))
            .map(|(i, _)| i);
        let Some(i) = found else {
            self.queue = queue.into();
            return Err(ConfigError(format!(
                "cannot {choice}: it is not something that can happen now"
            )));
        };
        let entry = queue.swap_remove(i);
        self.queue = queue.into();
        self.now_us = if entry.time_us >= self.now_us {
            entry.time_us
        } else {
            // Never past the run's end time.
            (self.now_us + PICK_STEP_US).min(self.config.until_us.max(self.now_us))
        };
        self.process(entry.event);
        Ok(())
    }
}
