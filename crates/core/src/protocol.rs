//! What the simulator needs from a protocol, so that one simulator (and one
//! trace, one timeline, one storage layer) drives both single-decree Paxos
//! and Multi-Paxos.
//!
//! A protocol is a marker type implementing three traits, one per user:
//! [`Core`] (the state machine the simulator runs: its node, message, timer
//! and disk types; start or recover a node, feed it one [`Input`], apply a
//! disk write), [`Workload`] (its clients, and the check of a run's
//! settings and clients) and [`Words`] (what the front ends say about it).
//! [`Protocol`] is all three. Everything a node asks for comes back as an
//! [`Output`], the same shape for every protocol: send, set or cancel a
//! timer, persist, decided, reply.
//!
//! Clients are sans-IO too. The simulator wakes a client at the time it
//! asked for, and hands it each reply; the client answers with a
//! [`ClientStep`]: maybe a request to send, maybe a time to be woken again.

use crate::types::{Actor, Ballot, ClientId, NodeId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::{Debug, Display};
use std::hash::Hash;

/// What a message carries: a protocol message between nodes, or a client's
/// request and the reply to it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(bound = "")]
pub enum Payload<P: Core> {
    /// A protocol message between nodes.
    Message(P::Message),
    Request {
        value: P::Request,
    },
    Reply {
        value: P::Reply,
    },
}

impl<P: Core> Payload<P> {
    /// The kind shown in legends and `data-kind` attributes.
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::Message(msg) => P::message_kind(msg),
            Payload::Request { value } => P::request_kind(value),
            Payload::Reply { value } => P::reply_kind(value),
        }
    }
}

impl<P: Core> Display for Payload<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Payload::Message(msg) => Display::fmt(msg, f),
            // Kinds of their own (the storage designs) are in the value.
            Payload::Request { value } if P::request_kind(value) == "Request" => {
                write!(f, "Request {value}")
            }
            Payload::Reply { value } if P::reply_kind(value) == "Reply" => {
                write!(f, "Reply {value}")
            }
            Payload::Request { value } => Display::fmt(value, f),
            Payload::Reply { value } => Display::fmt(value, f),
        }
    }
}

/// A setting outside what the simulator or a protocol accepts, in words
/// that name the setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The latest simulated time a run may reach: one simulated day.
pub const MAX_TIME_US: u64 = 24 * 3600 * 1_000_000;

/// Identifies one disk write of one node, in issue order.
pub type WriteId = u64;

/// One thing that happens to a node.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound = "")]
pub enum Input<P: Core> {
    /// A message from another node.
    Receive { from: NodeId, msg: P::Message },
    /// A timer the node set has fired.
    Timeout { timer: P::Timer },
    /// Every disk write up to and including `write` is durable.
    PersistDone { write: WriteId },
    /// A client's request reached this node.
    Request { client: ClientId, value: P::Request },
}

/// One thing a node asks its driver to do.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound = "")]
pub enum Output<P: Core> {
    /// Send a message to another node.
    Send { to: NodeId, msg: P::Message },
    /// Fire `timer` after `after_us` plus a random delay in `0..=jitter_us`,
    /// replacing any pending timer of that kind.
    SetTimer {
        timer: P::Timer,
        after_us: u64,
        jitter_us: u64,
    },
    /// Forget the pending timer of that kind.
    CancelTimer { timer: P::Timer },
    /// Write to the acceptor's disk; answer with `PersistDone`.
    Persist { write: WriteId, state: P::Write },
    /// This node's learner has learned that `value` was chosen.
    Decided { ballot: Ballot, value: P::Decision },
    /// Answer a client.
    Reply { client: ClientId, value: P::Reply },
    /// This node's proposer (phase 1) or learner (phase 2) heard from a
    /// quorum in `ballot`: `members` promised, or accepted. For the diagram.
    Quorum {
        ballot: Ballot,
        phase: u8,
        members: Vec<NodeId>,
    },
}

/// What a client does next: send a request (to a node), and be woken again
/// at some time (to retry, or to issue its next command).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientStep<P: Core> {
    /// Requests to put on the wire, in order (one per node it asks).
    pub send: Vec<(NodeId, P::Request)>,
    pub wake_at_us: Option<u64>,
}

impl<P: Core> Default for ClientStep<P> {
    fn default() -> Self {
        ClientStep {
            send: Vec::new(),
            wake_at_us: None,
        }
    }
}

/// A safety property a protocol's monitor checks: a stable name (for the
/// CLI's JSON, `data-` attributes and tests) and what its failure means, for
/// a student. Each protocol's monitor defines its own as constants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Property {
    name: &'static str,
    explain: &'static str,
}

impl Property {
    pub const fn new(name: &'static str, explain: &'static str) -> Property {
        Property { name, explain }
    }

    pub fn name(self) -> &'static str {
        self.name
    }

    /// What a failure of this property means, in a sentence.
    pub fn explain(self) -> &'static str {
        self.explain
    }
}

impl Display for Property {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl Serialize for Property {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name)
    }
}

/// A finding, before the simulator stamps it with seed, step and time.
pub type Finding = (Property, String);

/// A findings sink: (property, detail), stamped later by the simulator.
pub type Findings = Vec<Finding>;

/// The safety monitor of a protocol: an observer outside the nodes that sees
/// every vote and every decision, and reports what went wrong.
pub trait SafetyMonitor<P: Core>: Clone + Debug + Send + Sync {
    fn new(config: &P::Config) -> Self;
    /// A client asked for `request`.
    fn proposed(&mut self, request: &P::Request);
    /// `node`'s disk write `write` completed; its disk now holds `disk`.
    fn durable(&mut self, node: NodeId, write: &P::Write, disk: &P::Durable, found: &mut Findings);
    /// `node`'s disk was found to hold `disk` (at the start of a run, or
    /// read back from real storage).
    fn loaded(&mut self, node: NodeId, disk: &P::Durable, found: &mut Findings);
    /// `node` sent `msg` to another node.
    fn sent(&mut self, node: NodeId, msg: &P::Message, found: &mut Findings);
    /// `node`'s learner learned `decision`.
    fn learned(&mut self, node: NodeId, decision: &P::Decision, found: &mut Findings);
    /// `node` took a step (or restarted).
    fn after_step(&mut self, node: &P::Node, found: &mut Findings);
    /// The protocol's settings changed mid-run (say, the quorum sizes).
    fn reconfigured(&mut self, config: &P::Config) {
        let _ = config;
    }
    /// `node` answered a client with `reply`.
    fn replied(&mut self, node: NodeId, reply: &P::Reply, found: &mut Findings) {
        let _ = (node, reply, found);
    }
}

/// The protocol as a state machine: its types, and what the simulator
/// calls to run its nodes. See the module docs. Every type it names is
/// plain data, `Send + Sync`, so the model checker's threads can share a
/// cluster's state.
pub trait Core:
    Copy
    + Clone
    + Debug
    + Default
    + PartialEq
    + Eq
    + PartialOrd
    + Ord
    + Hash
    + Serialize
    + DeserializeOwned
    + 'static
{
    /// A stable name, for the CLI (`--protocol`) and stored runs.
    const NAME: &'static str;

    /// Every message kind ([`Core::message_kind`], plus `Request` and
    /// `Reply`), in protocol order, for legends.
    const KINDS: &'static [&'static str];

    /// The kinds a run with `config` can send, in legend order: all of
    /// [`Core::KINDS`] unless the configuration rules some out.
    fn kinds(config: &Self::Config) -> &'static [&'static str] {
        let _ = config;
        Self::KINDS
    }

    /// Settings every node of a cluster shares.
    type Config: Clone + Send + Sync + Debug + PartialEq + Serialize + DeserializeOwned;

    /// A node. Its encoding (`Serialize`) is its part of a model checker's
    /// state fingerprint: everything that can change, and nothing else is
    /// needed (what a search never changes, such as the node's id and the
    /// cluster's settings, may be left out).
    type Node: Clone + Send + Sync + Debug + PartialEq + Eq + Hash + Serialize;

    type Message: Clone
        + Send
        + Sync
        + Debug
        + PartialEq
        + Eq
        + PartialOrd
        + Ord
        + Hash
        + Serialize
        + DeserializeOwned
        + Display;

    type Timer: Copy
        + Send
        + Sync
        + Debug
        + PartialEq
        + Eq
        + PartialOrd
        + Ord
        + Hash
        + Serialize
        + DeserializeOwned;

    /// What a node's disk holds.
    type Durable: Clone
        + Send
        + Sync
        + Debug
        + Default
        + PartialEq
        + Eq
        + PartialOrd
        + Ord
        + Hash
        + Serialize
        + DeserializeOwned;

    /// One disk write: the whole state, or a change to it.
    type Write: Clone
        + Send
        + Sync
        + Debug
        + PartialEq
        + Eq
        + PartialOrd
        + Ord
        + Hash
        + Serialize
        + DeserializeOwned;

    /// What a client sends a node, and what it hears back.
    type Request: Clone
        + Send
        + Sync
        + Debug
        + PartialEq
        + Eq
        + PartialOrd
        + Ord
        + Hash
        + Serialize
        + DeserializeOwned
        + Display;

    type Reply: Clone
        + Send
        + Sync
        + Debug
        + PartialEq
        + Eq
        + PartialOrd
        + Ord
        + Hash
        + Serialize
        + DeserializeOwned
        + Display;

    /// What a learner learns.
    type Decision: Clone
        + Send
        + Sync
        + Debug
        + PartialEq
        + Eq
        + Hash
        + Serialize
        + DeserializeOwned
        + Display;

    type Monitor: SafetyMonitor<Self>;

    /// One change to the protocol's own settings that a user may make
    /// mid-run (single-decree Paxos: a bug toggle, the quorum sizes,
    /// backoff), recorded as `Action::Tune`. A protocol with none uses an
    /// empty enum. New variants go last: links name them by position.
    type Knob: Clone + Send + Sync + Debug + PartialEq + Serialize + DeserializeOwned;

    fn cluster_size(config: &Self::Config) -> u8;

    /// A message's kind, as shown in legends and `data-kind` attributes.
    fn message_kind(msg: &Self::Message) -> &'static str;

    /// A client request's kind, where the protocol tells them apart (the
    /// storage designs, whose clients run the protocol themselves).
    fn request_kind(request: &Self::Request) -> &'static str {
        let _ = request;
        "Request"
    }

    /// A reply's kind, likewise.
    fn reply_kind(reply: &Self::Reply) -> &'static str {
        let _ = reply;
        "Reply"
    }

    /// A node (re)starting from what its disk holds.
    fn recover(id: NodeId, config: &Self::Config, disk: Self::Durable) -> Self::Node;

    /// A node has just been created or restarted (timers it needs from the
    /// start go here).
    fn start(node: &mut Self::Node, now_us: u64, out: &mut Vec<Output<Self>>) {
        let _ = (node, now_us, out);
    }

    /// Feeds one input to a node; what it asks for is appended to `out`.
    fn handle(node: &mut Self::Node, now_us: u64, input: Input<Self>, out: &mut Vec<Output<Self>>);

    /// What a disk holds after `write` completes.
    fn apply_write(disk: &mut Self::Durable, write: &Self::Write);

    /// The ballot a message opens phase 1 with, if it is a `Prepare`.
    fn prepare_ballot(msg: &Self::Message) -> Option<Ballot>;

    /// The log slot a message proposes a value for (phase 2), in a
    /// protocol with a log: what the model checker's slot bound counts.
    fn proposal_slot(_msg: &Self::Message) -> Option<u64> {
        None
    }

    /// Whether this node's learner has learned anything.
    fn has_learned(node: &Self::Node) -> bool;

    /// Applies `knob` to a configuration: the cluster's, then each node's
    /// own copy. The simulator checks the result and tells the monitor.
    fn tune(config: &mut Self::Config, knob: &Self::Knob);

    /// A node's own copy of the shared settings.
    fn node_config(node: &mut Self::Node) -> &mut Self::Config;
}

/// The protocol's clients: what a run is given to do, and the sans-IO
/// clients that do it (the simulator runs them; the playground adds them).
pub trait Workload: Core {
    /// A client as configured, and as it runs.
    type ClientSpec: Clone + Send + Sync + Debug + PartialEq + Serialize + DeserializeOwned;

    type Client: Clone + Send + Sync + Debug;

    /// What the user hands a new client in the playground.
    type Proposal: Clone + Send + Sync + Debug + PartialEq + Serialize + DeserializeOwned;

    /// Checks the protocol's own settings and clients (the simulator checks
    /// the rest), naming the first one out of range.
    fn validate(
        config: &Self::Config,
        clients: &[Self::ClientSpec],
        initial_disks: &[Self::Durable],
    ) -> Result<(), ConfigError>;

    /// The client that carries out `proposal`, starting at `node` now.
    fn proposal_client(node: NodeId, proposal: Self::Proposal, now_us: u64) -> Self::ClientSpec;

    /// A client as it starts: `seed` is the run's (a client that draws
    /// random commands draws them from it).
    fn new_client(
        id: ClientId,
        spec: &Self::ClientSpec,
        config: &Self::Config,
        seed: u64,
    ) -> Self::Client;

    /// When the client first wakes.
    fn client_start_us(spec: &Self::ClientSpec) -> u64;

    /// The client's wake-up time has come.
    fn client_wake(client: &mut Self::Client, now_us: u64, retry_us: u64) -> ClientStep<Self>;

    /// A reply from `from` reached the client.
    fn client_receive(
        client: &mut Self::Client,
        now_us: u64,
        from: NodeId,
        reply: Self::Reply,
        retry_us: u64,
    ) -> ClientStep<Self>;

    /// Whether the client has nothing left to ask.
    fn client_done(client: &Self::Client) -> bool;
}

/// The protocol in words, for the front ends: what its messages, timers,
/// disk writes and decisions mean, what a disk holds, and what a run has
/// achieved.
pub trait Words: Workload {
    /// What a message means, in one sentence.
    fn explain_message(from: Actor, to: Actor, payload: &Payload<Self>) -> String;

    /// What a timer firing means.
    fn explain_timer(node: NodeId, timer: Self::Timer) -> String;

    /// What a disk write writes, in words.
    fn explain_write(write: &Self::Write) -> String;

    /// What a learner learning means.
    fn explain_decided(node: NodeId, ballot: Ballot, decision: &Self::Decision) -> String;

    /// What a quorum counted in `phase` of `ballot` lets `node` do (for a
    /// protocol whose core reports its quorums, [`Output::Quorum`]).
    fn explain_quorum(node: NodeId, ballot: Ballot, phase: u8, members: &[NodeId]) -> String {
        format!(
            "{node} counts a quorum in phase {phase} of ballot {ballot}: {}",
            crate::words::names(members)
        )
    }

    /// A disk's content in words, for notices and the storage inspector.
    fn describe_disk(disk: &Self::Durable) -> String;

    /// A disk's content in a compact, stable form for `data-` attributes.
    fn disk_key(disk: &Self::Durable) -> String;

    /// What a run has achieved so far, in a few words, for the list of saved
    /// runs (`None`: nothing yet).
    fn outcome(monitor: &Self::Monitor, clients: &[&Self::Client]) -> Option<String>;
}

/// A whole protocol: its state machine, its clients and its words. Every
/// type that has all three is one; the layers bound on this, or on the
/// part they use.
pub trait Protocol: Workload + Words {}

impl<P: Workload + Words> Protocol for P {}
