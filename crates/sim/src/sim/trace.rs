//! The trace: everything that happened in a run, with its simulated time. The
//! UI draws from it, and its hash identifies a run.

use paxos_core::protocol::{Protocol, WriteId};
use paxos_core::types::{Actor, Ballot, NodeId};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// Identifies one message (one arrow on the diagram) within a run.
pub type MsgId = u64;

pub use paxos_core::protocol::Payload;

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DropReason {
    /// Lost by the network at random.
    Loss,
    /// The link was cut when it was sent.
    Partition,
    /// The receiver was down when it arrived.
    Crashed,
    /// Dropped by hand, from the playground.
    User,
    /// On the wire when the whole cluster lost power.
    PowerFailure,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound = "")]
pub enum Event<P: Protocol> {
    /// A message left `from`. It is later delivered or dropped, by id.
    /// `copy_of` marks a duplicate made by the network.
    Send {
        id: MsgId,
        from: Actor,
        to: Actor,
        payload: Payload<P>,
        copy_of: Option<MsgId>,
    },
    Deliver {
        id: MsgId,
    },
    Drop {
        id: MsgId,
        reason: DropReason,
    },
    /// A node's timer fired.
    Timer {
        node: NodeId,
        timer: P::Timer,
    },
    /// A node began a disk write...
    PersistStart {
        node: NodeId,
        write: WriteId,
        state: P::Write,
    },
    /// ...and it is now durable.
    PersistDone {
        node: NodeId,
        write: WriteId,
    },
    /// The node lost everything but its disk.
    Crash {
        node: NodeId,
    },
    /// The node came back with what its disk held.
    Restart {
        node: NodeId,
        recovered: P::Durable,
    },
    /// The node's learner learned the chosen value.
    Decided {
        node: NodeId,
        ballot: Ballot,
        value: P::Decision,
    },
    /// The set of cut links changed; `cut` lists every link now cut, as
    /// (from, to). Empty means the network is whole again.
    Partition {
        cut: Vec<(NodeId, NodeId)>,
    },
    /// A crashed node's disk was wiped: it will restart remembering
    /// nothing (the amnesia fault).
    DiskWiped {
        node: NodeId,
    },
    /// The whole cluster lost power (in the browser: the page was reloaded).
    /// The crashes, lost messages and restarts follow as their own events.
    PowerFailure,
    /// A node heard from a quorum: `members` promised (phase 1) or
    /// accepted (phase 2) in `ballot`.
    Quorum {
        node: NodeId,
        ballot: Ballot,
        phase: u8,
        members: Vec<NodeId>,
    },
    /// A crashed node's disk, read back from real storage, held `state`
    /// rather than what the simulator expected: the real disk wins.
    DiskLoaded {
        node: NodeId,
        state: P::Durable,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct TraceEvent<P: Protocol> {
    pub time_us: u64,
    pub event: Event<P>,
}

/// The recorded events of a run, with an index from message id to its
/// `Send`, so deliveries and drops (which carry only the id) can be drawn.
#[derive(Clone, Debug)]
pub struct Trace<P: Protocol> {
    events: Vec<TraceEvent<P>>,
    /// (message id, index of its `Send` in `events`), in id order.
    sends: Vec<(MsgId, usize)>,
}

impl<P: Protocol> Default for Trace<P> {
    fn default() -> Self {
        Trace {
            events: Vec::new(),
            sends: Vec::new(),
        }
    }
}

impl<P: Protocol> Trace<P> {
    pub fn events(&self) -> &[TraceEvent<P>] {
        &self.events
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn push(&mut self, event: TraceEvent<P>) {
        if let Event::Send { id, .. } = event.event {
            crate::history::push(&mut self.sends, (id, self.events.len()));
        }
        crate::history::push(&mut self.events, event);
    }

    /// Keeps the first `len` events.
    pub fn truncate(&mut self, len: usize) {
        self.events.truncate(len);
        while self.sends.last().is_some_and(|&(_, index)| index >= len) {
            self.sends.pop();
        }
    }

    /// The index of message `id`'s `Send` event.
    pub fn send_index(&self, id: MsgId) -> Option<usize> {
        let at = self.sends.binary_search_by_key(&id, |&(id, _)| id).ok()?;
        Some(self.sends[at].1)
    }

    /// The sender, receiver and payload of message `id`.
    pub fn sent(&self, id: MsgId) -> Option<(Actor, Actor, &Payload<P>)> {
        match &self.events.get(self.send_index(id)?)?.event {
            Event::Send {
                from, to, payload, ..
            } => Some((*from, *to, payload)),
            _ => None,
        }
    }
}

/// A stable, platform-independent hash of a sequence of trace events: xxh3
/// (64-bit) over each event's postcard encoding, in order. Both encodings are
/// specified byte for byte, so native and WebAssembly builds agree.
#[derive(Clone)]
pub struct TraceHasher {
    hasher: Xxh3,
    buf: Vec<u8>,
}

impl Default for TraceHasher {
    fn default() -> TraceHasher {
        TraceHasher {
            hasher: Xxh3::new(),
            buf: Vec::with_capacity(128),
        }
    }
}

impl TraceHasher {
    pub fn add<P: Protocol>(&mut self, event: &TraceEvent<P>) {
        self.buf.clear();
        postcard::serialize_with_flavor(event, VecFlavor(&mut self.buf))
            .expect("writing to a Vec cannot fail");
        self.hasher.update(&self.buf);
    }

    pub fn finish(&self) -> u64 {
        self.hasher.digest()
    }
}

/// Formats a trace hash the way the CLI and the UI show it.
pub fn format_hash(hash: u64) -> String {
    format!("{hash:016x}")
}

/// A postcard output that appends to a borrowed `Vec`.
pub(super) struct VecFlavor<'a>(pub(super) &'a mut Vec<u8>);

impl postcard::ser_flavors::Flavor for VecFlavor<'_> {
    type Output = ();

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.0.push(byte);
        Ok(())
    }

    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}
