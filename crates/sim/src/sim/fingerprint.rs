//! A state's fingerprint: what a model checker compares to tell the states
//! it has seen from the new ones.
//!
//! It covers the cluster as manual scheduling sees it, and nothing else:
//! every node (or that it is down), every disk, the disk writes still
//! pending (in each node's issue order), the armed timers, the messages on
//! the wire (as a multiset: their ids are left out, and so is when they
//! would arrive), each client and whether it is due to wake, the cut
//! links, and the safety monitor's own state. Simulated time, the random
//! generator, the statistics and the trace are left out: in the search,
//! any enabled choice may come next, whatever the clock says.
//!
//! Each node's part (the node, its disk, its timers) is hashed on its own
//! and kept by its slot until the slot changes, so a step that touches one
//! node hashes that node alone again; and in a search, each message's part
//! is hashed once, when it is sent, rather than in every state it is on
//! the wire in.
//!
//! It is platform-stable: xxh3 (128 bits) over postcard encodings, like
//! the trace hash, never std `Hash`; so native and WebAssembly searches
//! see the same states, and count them the same. A multiset (the wire) is
//! hashed as its members' own 128-bit hashes, sorted.

use super::trace::{DropReason, VecFlavor};
use super::Payload;
use super::{Scheduled, Sim};
use paxos_core::collections::insert_sorted;
use paxos_core::protocol::Protocol;
use paxos_core::types::Actor;
use serde::Serialize;
use xxhash_rust::xxh3::xxh3_128;

/// Writes postcard encodings into one buffer, each after its length, so
/// that no two sequences of values read alike by running into each other;
/// the buffer is then hashed at once (one pass of xxh3 over a few hundred
/// bytes is cheaper than feeding a streaming hasher piece by piece).
struct Encoder {
    buf: Vec<u8>,
}

impl Encoder {
    fn with_capacity(bytes: usize) -> Encoder {
        Encoder {
            buf: Vec::with_capacity(bytes),
        }
    }

    fn put(&mut self, value: &impl Serialize) {
        let at = self.buf.len();
        self.buf.extend_from_slice(&[0; 4]);
        postcard::serialize_with_flavor(value, VecFlavor(&mut self.buf))
            .expect("writing to a Vec cannot fail");
        let len = (self.buf.len() - at - 4) as u32;
        self.buf[at..at + 4].copy_from_slice(&len.to_le_bytes());
    }

    fn put_hash(&mut self, hash: u128) {
        self.buf.extend_from_slice(&hash.to_le_bytes());
    }

    /// A multiset, from its members' hashes, in order.
    fn put_set(&mut self, members: &mut [u128]) {
        members.sort_unstable();
        self.buf
            .extend_from_slice(&(members.len() as u32).to_le_bytes());
        for member in members.iter() {
            self.put_hash(*member);
        }
    }

    /// The 128-bit hash of what was written, and the buffer emptied.
    fn digest(&mut self) -> u128 {
        let hash = xxh3_128(&self.buf);
        self.buf.clear();
        hash
    }
}

/// A message's part of the fingerprint: the 128-bit hash of its sender,
/// receiver and payload, which do not change while it is on the wire. (Its
/// fate can: see [`Part::with_fate`].) Two halves rather than a `u128`, so
/// that a queued event keeps 8-byte alignment.
#[derive(Clone, Copy, Debug)]
pub(super) struct Part([u64; 2]);

impl Part {
    /// The message's member of the wire's multiset: its part, and whether
    /// it will arrive or why not.
    fn with_fate(self, drop: Option<DropReason>) -> u128 {
        let part = u128::from(self.0[0]) | u128::from(self.0[1]) << 64;
        let fate = drop.map_or(0, |reason| reason as u128 + 1);
        // An odd multiplier keeps the fates apart; the part is a hash.
        part.wrapping_add(fate.wrapping_mul(0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835))
    }
}

/// A message's part of the fingerprint (see [`Part`]).
pub(super) fn message_part<P: Protocol>(from: &Actor, to: &Actor, payload: &Payload<P>) -> Part {
    let mut buf = Vec::with_capacity(64);
    postcard::serialize_with_flavor(&(from, to, payload), VecFlavor(&mut buf))
        .expect("writing to a Vec cannot fail");
    let hash = xxh3_128(&buf);
    Part([hash as u64, (hash >> 64) as u64])
}

impl<P: Protocol> Sim<P>
where
    P::Client: Serialize,
    P::Monitor: Serialize,
{
    /// Hashes each node's part of the fingerprint that is not kept yet,
    /// so that the clones made from this state next find them kept: for a
    /// search, before it tries a state's successors.
    pub fn keep_fingerprint_parts(&mut self) {
        let mut scratch = Encoder::with_capacity(0);
        for i in 0..self.slots.len() {
            self.slot_part(i, &mut scratch);
        }
    }

    /// Node `i`'s part: kept by its slot until the slot changes (see
    /// `Slots`).
    fn slot_part(&mut self, i: usize, scratch: &mut Encoder) -> u128 {
        self.slots.part(i, |slot| {
            scratch.put(&slot.node);
            scratch.put(&slot.disk);
            scratch.put(&slot.timers.len());
            for timer in slot.timers.keys() {
                scratch.put(timer);
            }
            scratch.digest()
        })
    }

    /// The state's fingerprint (see the module docs).
    pub fn fingerprint(&mut self) -> u128 {
        let mut e = Encoder::with_capacity(512);
        let mut scratch = Encoder::with_capacity(0);
        for i in 0..self.slots.len() {
            let part = self.slot_part(i, &mut scratch);
            e.put_hash(part);
        }
        let mut wire = Vec::with_capacity(self.queue.len());
        let mut writes = Vec::new();
        let mut waking = Vec::new();
        for entry in self.queue.iter() {
            match &entry.event {
                Scheduled::Arrive {
                    from,
                    to,
                    payload,
                    drop,
                    part,
                    ..
                } => {
                    let part = match part {
                        Some(part) => *part,
                        None => message_part(from, to, payload),
                    };
                    wire.push(part.with_fate(*drop));
                }
                Scheduled::DiskDone {
                    node,
                    incarnation,
                    write,
                    state,
                    op,
                } if self.write_counts(*node, *incarnation) => {
                    // In issue order: a node's writes complete in order.
                    scratch.put(&(node, write, state));
                    insert_sorted(&mut writes, (*op, scratch.digest()));
                }
                Scheduled::ClientSend { client, generation }
                    if self.clients[usize::from(client.0)].generation == *generation
                        && entry.time_us <= self.config.until_us =>
                {
                    insert_sorted(&mut waking, client.0);
                }
                _ => {}
            }
        }
        e.put_set(&mut wire);
        e.put(&writes.len());
        for (_, write) in &writes {
            e.put_hash(*write);
        }
        for client in &self.clients {
            e.put(&client.client);
        }
        e.put(&waking);
        e.put(&self.cut);
        e.put(&self.monitor);
        e.digest()
    }
}
