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
//! faults or loss. (With them configured, those events stay queued: the
//! simulator runs them when it steps on its own.) The faults are choices
//! of their own instead, after the events: drop or duplicate a message
//! that would arrive, crash a node that is up, restart one that is down.
//! They happen now, without moving the clock. The choices are exactly the
//! transitions a model checker explores, which bounds how many faults it
//! tries.
//!
//! **Manual mode** ([`Sim::set_manual`]): nothing happens on its own. The
//! simulator takes no step by itself and its clock moves only with picks,
//! so a timeline seeking forward, or a link opening, runs nothing the user
//! did not pick. The run is over when no choice but a fault is left.
//! Turned off again, the simulator steps on its own, and an event that
//! picks held back happens at the current time: the clock never goes back.

use super::{ConfigError, DiskNeed, DropReason, MsgId, Queued, Scheduled, Sim};
use paxos_core::collections::{insert_sorted, insert_sorted_by};
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
    /// Message `id` is lost, now.
    Drop { id: MsgId },
    /// The network will deliver message `id` twice: a copy of it is sent
    /// now (with a fresh latency).
    Duplicate { id: MsgId },
    /// `node` crashes, now.
    Crash { node: NodeId },
    /// `node`, which is down, restarts from its disk, now.
    Restart { node: NodeId },
}

impl<P: Protocol> Choice<P> {
    /// A fault, rather than an event the run would come to on its own.
    pub fn is_fault(&self) -> bool {
        matches!(
            self,
            Choice::Drop { .. }
                | Choice::Duplicate { .. }
                | Choice::Crash { .. }
                | Choice::Restart { .. }
        )
    }

    /// Why picking it was refused: it cannot happen now.
    pub fn not_now(&self) -> ConfigError {
        ConfigError(format!(
            "cannot {self}: it is not something that can happen now"
        ))
    }

    /// The message it delivers, drops or duplicates, if any.
    pub fn message(&self) -> Option<MsgId> {
        match *self {
            Choice::Deliver { id } | Choice::Drop { id } | Choice::Duplicate { id } => Some(id),
            _ => None,
        }
    }

    /// A word for the kind of choice (the page's `data-action`).
    pub fn kind(&self) -> &'static str {
        match self {
            Choice::Deliver { .. } => "deliver",
            Choice::Fire { .. } => "fire",
            Choice::Persist { .. } => "persist",
            Choice::Wake { .. } => "wake",
            Choice::Drop { .. } => "drop",
            Choice::Duplicate { .. } => "duplicate",
            Choice::Crash { .. } => "crash",
            Choice::Restart { .. } => "restart",
        }
    }
}

/// How a choice about message `id` is named (`deliver message 3`), by its
/// kind (`deliver`, `drop` or `duplicate`): what a front end that knows
/// the message, not the protocol, asks to pick.
pub fn message_choice(kind: &str, id: MsgId) -> String {
    format!("{kind} message {id}")
}

impl<P: Protocol> fmt::Display for Choice<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Choice::Deliver { id } | Choice::Drop { id } | Choice::Duplicate { id } => {
                f.write_str(&message_choice(self.kind(), *id))
            }
            Choice::Fire { node, timer } => write!(f, "fire {node}'s {timer:?} timer"),
            Choice::Persist { node } => write!(f, "complete {node}'s next disk write"),
            Choice::Wake { client } => write!(f, "wake {client}"),
            Choice::Crash { node } => write!(f, "crash {node}"),
            Choice::Restart { node } => write!(f, "restart {node}"),
        }
    }
}

impl<P: Protocol> Sim<P> {
    /// The event a scheduled entry is, as a choice, if it would change
    /// anything now.
    pub(super) fn as_choice(&self, event: &Scheduled<P>) -> Option<Choice<P>> {
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

    /// Every choice there is now, each once: first the events, in the
    /// order the simulator would run them (the earliest scheduled first; a
    /// node's disk appears once, for its oldest write), then the faults
    /// (drop, then duplicate, each message that would arrive, in id order;
    /// crash each node that is up and restart each that is down, in node
    /// order).
    pub fn choices(&self) -> Vec<Choice<P>> {
        let mut choices = self.events();
        let mut arriving: Vec<MsgId> = Vec::new();
        for entry in self.queue.iter() {
            if let Scheduled::Arrive { id, drop: None, .. } = entry.event {
                if entry.time_us <= self.config.until_us {
                    insert_sorted(&mut arriving, id);
                }
            }
        }
        choices.extend(arriving.iter().map(|&id| Choice::Drop { id }));
        choices.extend(arriving.iter().map(|&id| Choice::Duplicate { id }));
        choices.extend(self.nodes().map(|node| match self.node(node) {
            Some(_) => Choice::Crash { node },
            None => Choice::Restart { node },
        }));
        choices
    }

    /// The choices that are events (see [`Sim::choices`]), without the
    /// faults: what could happen next with nobody breaking anything.
    pub fn events(&self) -> Vec<Choice<P>> {
        // Earliest first: the queue's order is reversed for its max-heap.
        // (Inserted one by one: the queue is short, and a sort would
        // link kilobytes into every page.)
        let mut queued = Vec::new();
        for entry in self.queue.iter() {
            if entry.time_us <= self.config.until_us {
                insert_sorted_by(&mut queued, entry, |a, b| b.cmp(a));
            }
        }
        let mut choices: Vec<Choice<P>> = Vec::new();
        for entry in queued {
            if let Some(choice) = self.as_choice(&entry.event) {
                // Only a disk can be queued more than once (a write each):
                // a message has one arrival, and a timer or a client one
                // live wake-up, the others being superseded.
                if !matches!(choice, Choice::Persist { .. }) || !choices.contains(&choice) {
                    choices.push(choice);
                }
            }
        }
        choices
    }

    /// The disk write that would complete first, as a choice, if any: the
    /// first write among [`Sim::events`], found without listing the rest.
    pub fn next_write(&self) -> Option<Choice<P>> {
        self.queue
            .iter()
            .filter(|entry| entry.time_us <= self.config.until_us)
            .filter(|entry| matches!(entry.event, Scheduled::DiskDone { .. }))
            .filter_map(|entry| Some((entry, self.as_choice(&entry.event)?)))
            // The earliest entry is the greatest (the queue is a max-heap).
            .max_by(|a, b| a.0.cmp(b.0))
            .map(|(_, choice)| choice)
    }

    /// Makes `choice` happen now (see the module docs for its time).
    /// Refused, changing nothing, if it is not one of [`Sim::choices`].
    pub fn pick(&mut self, choice: &Choice<P>) -> Result<(), ConfigError> {
        let done = match *choice {
            Choice::Deliver { .. }
            | Choice::Fire { .. }
            | Choice::Persist { .. }
            | Choice::Wake { .. } => return self.pick_event(choice),
            Choice::Drop { id } => self.lose_now(id),
            Choice::Duplicate { id } => {
                self.in_flight_fate(id) == Some(None) && self.duplicate_message(id).is_some()
            }
            Choice::Crash { node } => self.crash(node),
            Choice::Restart { node } => self.restart(node),
        };
        if done {
            Ok(())
        } else {
            Err(choice.not_now())
        }
    }

    /// What `choice` needs from a real disk before it may happen, as
    /// [`Sim::next_disk_need`] says for the next event: completing a disk
    /// write waits for its real write, restarting a node for its disk to be
    /// read back.
    pub fn disk_need_of(&self, choice: &Choice<P>) -> DiskNeed {
        match *choice {
            Choice::Persist { .. } => match self.earliest(choice).map(|entry| &entry.event) {
                Some(Scheduled::DiskDone { op, .. }) => DiskNeed::Write(*op),
                _ => DiskNeed::None,
            },
            Choice::Restart { node } if self.node(node).is_none() => DiskNeed::Read(vec![node]),
            _ => DiskNeed::None,
        }
    }

    /// Drops message `id`, which would have arrived, at once: it is lost
    /// now rather than when it was due.
    fn lose_now(&mut self, id: MsgId) -> bool {
        if self.in_flight_fate(id) != Some(None) {
            return false;
        }
        let mut queue = std::mem::take(&mut self.queue).into_vec();
        let i = queue
            .iter()
            .position(|q| matches!(q.event, Scheduled::Arrive { id: this, .. } if this == id))
            .expect("in flight");
        let mut entry = queue.swap_remove(i);
        self.queue = queue.into();
        if let Scheduled::Arrive { drop, .. } = &mut entry.event {
            *drop = Some(DropReason::User);
        }
        self.process(entry.event);
        true
    }

    /// The queue's entry that `choice` would make happen: the earliest
    /// that is this choice (for a disk, the node's oldest write), before
    /// the end time.
    fn earliest(&self, choice: &Choice<P>) -> Option<&Queued<P>> {
        self.queue
            .iter()
            .filter(|entry| entry.time_us <= self.config.until_us)
            .filter(|entry| self.as_choice(&entry.event).as_ref() == Some(choice))
            // The earliest entry is the greatest (the queue is a max-heap).
            .max()
    }

    fn pick_event(&mut self, choice: &Choice<P>) -> Result<(), ConfigError> {
        let seq = self.earliest(choice).ok_or_else(|| choice.not_now())?.seq;
        let mut queue = std::mem::take(&mut self.queue).into_vec();
        let i = queue
            .iter()
            .position(|entry| entry.seq == seq)
            .expect("just found");
        let entry = queue.swap_remove(i);
        self.queue = queue.into();
        self.now_us = if entry.time_us >= self.now_us {
            entry.time_us
        } else {
            // Never past the run's end time.
            (self.now_us + PICK_STEP_US).min(self.config.until_us.max(self.now_us))
        };
        self.process(entry.event);
        self.stats.picks += 1;
        Ok(())
    }
}
