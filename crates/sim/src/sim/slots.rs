//! The nodes' slots, shared between a simulator and its clones until one
//! of them changes a slot (copy on write).
//!
//! A model checker clones a state for every successor it tries, and a step
//! changes one node at most: with the slots behind `Arc`s, a clone copies
//! a pointer per node instead of every node's maps and queues, and a
//! clone dropped unchanged frees nothing of theirs. Each slot also keeps
//! its part of the fingerprint until it changes, so a state's fingerprint
//! hashes again only the nodes its last step touched.
//!
//! Reading a slot (`slots[i]`, [`Slots::get`], [`Slots::iter`]) shares it;
//! borrowing one mutably (`&mut slots[i]`, [`Slots::get_mut`],
//! [`Slots::iter_mut`]) unshares it first and forgets its fingerprint
//! part. Every change to a slot goes through one of those, so a kept part
//! is never stale.

use super::Slot;
use paxos_core::protocol::Protocol;
use std::ops::{Index, IndexMut};
use std::sync::Arc;

#[derive(Debug)]
pub(super) struct Slots<P: Protocol> {
    /// Each slot, with its part of the fingerprint while that holds.
    slots: Vec<(Arc<Slot<P>>, Option<u128>)>,
}

impl<P: Protocol> Clone for Slots<P> {
    fn clone(&self) -> Slots<P> {
        Slots {
            slots: self.slots.clone(),
        }
    }

    /// Into the room the list has (a derived `Clone` would allocate it
    /// anew): see `Sim::clone_from`.
    fn clone_from(&mut self, source: &Slots<P>) {
        self.slots.clone_from(&source.slots);
    }
}

impl<P: Protocol> Slots<P> {
    pub(super) fn new(slots: impl IntoIterator<Item = Slot<P>>) -> Slots<P> {
        Slots {
            slots: slots
                .into_iter()
                .map(|slot| (Arc::new(slot), None))
                .collect(),
        }
    }

    pub(super) fn get(&self, i: usize) -> Option<&Slot<P>> {
        self.slots.get(i).map(|(slot, _)| &**slot)
    }

    pub(super) fn get_mut(&mut self, i: usize) -> Option<&mut Slot<P>> {
        self.slots.get_mut(i).map(|(slot, part)| {
            *part = None;
            Arc::make_mut(slot)
        })
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &Slot<P>> {
        self.slots.iter().map(|(slot, _)| &**slot)
    }

    pub(super) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Slot<P>> {
        self.slots.iter_mut().map(|(slot, part)| {
            *part = None;
            Arc::make_mut(slot)
        })
    }

    /// Slot `i`'s part of the fingerprint: the one kept, or `hash` of it
    /// (then kept until the slot changes).
    pub(super) fn part(&mut self, i: usize, hash: impl FnOnce(&Slot<P>) -> u128) -> u128 {
        let (slot, part) = &mut self.slots[i];
        *part.get_or_insert_with(|| hash(slot))
    }

    pub(super) fn len(&self) -> usize {
        self.slots.len()
    }
}

impl<P: Protocol> Index<usize> for Slots<P> {
    type Output = Slot<P>;

    fn index(&self, i: usize) -> &Slot<P> {
        &self.slots[i].0
    }
}

impl<P: Protocol> IndexMut<usize> for Slots<P> {
    fn index_mut(&mut self, i: usize) -> &mut Slot<P> {
        self.get_mut(i).expect("a slot for every node")
    }
}
