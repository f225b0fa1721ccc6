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
//! It is platform-stable: xxh3 (128 bits) over postcard encodings, like
//! the trace hash, never std `Hash`; so native and WebAssembly searches
//! see the same states, and count them the same. A multiset (the wire) is
//! hashed as its members' own 128-bit hashes, sorted.

use super::trace::VecFlavor;
use super::{Scheduled, Sim};
use paxos_core::collections::insert_sorted;
use paxos_core::protocol::Protocol;
use serde::Serialize;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// Feeds postcard encodings to the hash, each after its length, so that
/// no two sequences of values hash alike by running into each other.
struct Encoder {
    hasher: Xxh3,
    buf: Vec<u8>,
}

impl Encoder {
    fn encode(&mut self, value: &impl Serialize) -> &[u8] {
        self.buf.clear();
        postcard::serialize_with_flavor(value, VecFlavor(&mut self.buf))
            .expect("writing to a Vec cannot fail");
        &self.buf
    }

    fn put(&mut self, value: &impl Serialize) {
        self.encode(value);
        let len = self.buf.len() as u32;
        self.hasher.update(&len.to_le_bytes());
        self.hasher.update(&self.buf);
    }

    /// A member of a multiset, as the 128-bit hash of its encoding (the
    /// set is then hashed in sorted order: see [`Encoder::put_set`]).
    fn member(&mut self, value: &impl Serialize) -> u128 {
        xxh3_128(self.encode(value))
    }

    /// A multiset, from its members' hashes, in order.
    fn put_set(&mut self, mut members: Vec<u128>) {
        members.sort_unstable();
        self.hasher.update(&(members.len() as u32).to_le_bytes());
        for member in &members {
            self.hasher.update(&member.to_le_bytes());
        }
    }
}

impl<P: Protocol> Sim<P>
where
    P::Client: Serialize,
    P::Monitor: Serialize,
{
    /// The state's fingerprint (see the module docs).
    pub fn fingerprint(&self) -> u128 {
        let mut e = Encoder {
            hasher: Xxh3::new(),
            buf: Vec::with_capacity(256),
        };
        for slot in &self.slots {
            e.put(&slot.node);
            e.put(&slot.disk);
            e.put(&slot.timers.len());
            for timer in slot.timers.keys() {
                e.put(timer);
            }
        }
        let mut wire = Vec::new();
        let mut writes = Vec::new();
        let mut waking = Vec::new();
        for entry in self.queue.iter() {
            match &entry.event {
                Scheduled::Arrive {
                    from,
                    to,
                    payload,
                    drop,
                    ..
                } => wire.push(e.member(&(from, to, payload, drop))),
                Scheduled::DiskDone {
                    node,
                    incarnation,
                    write,
                    state,
                    op,
                } if self.write_counts(*node, *incarnation) => {
                    // In issue order: a node's writes complete in order.
                    insert_sorted(&mut writes, (*op, e.member(&(node, write, state))));
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
        e.put_set(wire);
        e.put(&writes.len());
        for (_, write) in &writes {
            e.hasher.update(&write.to_le_bytes());
        }
        for client in &self.clients {
            e.put(&client.client);
        }
        e.put(&waking);
        e.put(&self.cut);
        e.put(&self.monitor);
        e.hasher.digest128()
    }
}
