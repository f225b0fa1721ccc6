//! The storage designs that lead up to Paxos, as sans-IO state machines.
//!
//! # The goal
//!
//! A service that lets a client save a piece of data and read it back. Each
//! design below fixes the problem of the one before it, and has a problem
//! of its own; playing them in order shows why Paxos looks the way it does.
//!
//! 1. **A single server** ([`Design::Single`]). Simple and correct, but
//!    when that one server is down nobody can read or write.
//! 2. **Two servers** ([`Design::Two`]). A write goes to both, a read to
//!    either. Reads survive one server's crash; writes do not, because a
//!    write needs both.
//! 3. **Majority voting** ([`Design::Voting`]). An odd number of servers; a
//!    write succeeds when a majority acknowledge it, a read when a majority
//!    report the same value. Any minority can be down. But with no phases,
//!    concurrent writers overwrite each other blindly: three clients writing
//!    A, B and C at once can each be told "saved" while the servers end up
//!    holding A, B and C, and no read ever finds a majority again.
//! 4. **Two-phase Paxos** is the `paxos` protocol (`crate::paxos`), with
//!    majority reads.
//! 5. **Paxos with generations** ([`Design::Generations`]): a
//!    compare-and-set, "if the value is X, set it to Y, else reject". The
//!    client runs Paxos itself against the servers, and a ballot's high bits
//!    are a *generation*: to update a value read at generation G, a client
//!    writes generation G+1. Two clients racing from the same X cannot both
//!    win: the loser's phase 1 finds generation G+1 already taken, and it is
//!    told that the value is no longer X. The price is availability: while
//!    an update is half done a read can find no majority (it pauses and
//!    tries again), and with one server dead a writer may be unable to tell
//!    whether generation G+1 was already committed, in which case it must
//!    not commit one of its own.
//!
//! # Who does what
//!
//! In these designs the servers are simple storage with one rule each, and
//! the **client** does the coordinating: it sends its requests to the
//! servers directly and counts the answers ([`client`]). The servers never
//! talk to each other. A server writes to its disk before it answers, like
//! a Paxos acceptor ([`server`]).

pub mod client;
pub mod monitor;
pub mod server;

pub use client::{Client, Op, Outcome};
pub use monitor::DesignMonitor;
pub use server::Node;

use crate::protocol::{ClientStep, ConfigError, Core, Payload, Words, Workload, MAX_TIME_US};
use crate::types::{majority, Actor, Ballot, ClientId, NodeId, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which design the servers and clients follow.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Design {
    /// Design 1: one server.
    #[default]
    Single,
    /// Design 2: two servers; write both, read either.
    Two,
    /// Design 3: majority voting, no phases.
    Voting,
    /// Design 5: Paxos with generations (compare-and-set).
    Generations,
}

impl Design {
    /// Every design, in the progression's order.
    pub const ALL: &'static [Design] = <Design as strum::VariantArray>::VARIANTS;

    /// The `--protocol` name, also the scenario's `"protocol"` (derived:
    /// the variant in snake_case, as serde writes it; parse one with
    /// `str::parse`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Its place in the progression (design 4 is the `paxos` protocol).
    pub fn number(self) -> u8 {
        match self {
            Design::Single => 1,
            Design::Two => 2,
            Design::Voting => 3,
            Design::Generations => 5,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Design::Single => "Design 1: a single server",
            Design::Two => "Design 2: two servers",
            Design::Voting => "Design 3: majority voting",
            Design::Generations => "Design 5: Paxos with generations",
        }
    }

    /// The cluster size a new run of this design starts with.
    pub fn default_size(self) -> u8 {
        match self {
            Design::Single => 1,
            Design::Two => 2,
            Design::Voting | Design::Generations => 3,
        }
    }
}

/// Settings every server and client of a run shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Config {
    pub design: Design,
    pub cluster_size: u8,
    /// How long a client waits for the answers it needs before it gives
    /// up on a round (a write or read fails; a generation write retries or
    /// reports that it cannot tell).
    pub timeout_us: u64,
    /// Generations: how long a read that found no majority pauses before
    /// it asks again, and how many times it asks in all.
    pub read_pause_us: u64,
    pub read_attempts: u8,
    /// Generations: how many times a client starts its write over after a
    /// rival's higher ballot got in the way.
    pub write_attempts: u8,
}

impl Config {
    pub fn new(design: Design) -> Config {
        Config {
            design,
            cluster_size: design.default_size(),
            timeout_us: 60_000,
            read_pause_us: 30_000,
            read_attempts: 8,
            write_attempts: 5,
        }
    }

    pub fn quorum(&self) -> usize {
        majority(self.cluster_size)
    }

    pub fn nodes(&self) -> impl Iterator<Item = NodeId> {
        (0..self.cluster_size).map(NodeId)
    }
}

impl Default for Config {
    fn default() -> Config {
        Config::new(Design::default())
    }
}

/// A generation ballot: the generation is the high part, then a round, then
/// the client that owns it (so no two clients share one). Displayed as
/// `g2:(1,c0)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct GenBallot {
    pub generation: u64,
    pub round: u64,
    pub client: ClientId,
}

impl fmt::Display for GenBallot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "g{}:({},{})", self.generation, self.round, self.client)
    }
}

/// What a server keeps on disk.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Durable {
    /// The saved value (generations: the accepted value).
    pub value: Option<Value>,
    /// Generations: the ballot `value` was accepted in.
    pub accepted: Option<GenBallot>,
    /// Generations: the highest ballot promised.
    pub promised: Option<GenBallot>,
}

impl Durable {
    /// The accepted (ballot, value) pair of a generations server.
    pub fn accepted_pair(&self) -> Option<(GenBallot, Value)> {
        self.accepted.zip(self.value.clone())
    }

    /// The generation the server is at (0: nothing written).
    pub fn generation(&self) -> u64 {
        self.accepted.map_or(0, |b| b.generation)
    }
}

/// What a client sends a server.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Request {
    /// Designs 1 to 3: "save this value".
    Write { value: Value },
    /// "What do you hold?"
    Read,
    /// Generations, phase 1: "reject anything below this ballot".
    Prepare { ballot: GenBallot },
    /// Generations, phase 2: "accept this value in this ballot".
    Accept { ballot: GenBallot, value: Value },
}

impl Request {
    pub fn kind(&self) -> &'static str {
        match self {
            Request::Write { .. } => "Write",
            Request::Read => "Read",
            Request::Prepare { .. } => "Prepare",
            Request::Accept { .. } => "Accept",
        }
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Request::Write { value } => write!(f, "Write {value}"),
            Request::Read => f.write_str("Read"),
            Request::Prepare { ballot } => write!(f, "Prepare {ballot}"),
            Request::Accept { ballot, value } => write!(f, "Accept {ballot} {value}"),
        }
    }
}

/// What a server answers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reply {
    /// The write is on disk.
    Ack {
        value: Value,
    },
    /// What the server holds (generations: with its ballot).
    ReadReply {
        value: Option<Value>,
        accepted: Option<GenBallot>,
    },
    /// The promise, with what the server has accepted.
    Promise {
        ballot: GenBallot,
        accepted: Option<(GenBallot, Value)>,
    },
    Accepted {
        ballot: GenBallot,
        value: Value,
    },
    /// A `Prepare` or `Accept` refused: the server is past `promised`.
    Reject {
        ballot: GenBallot,
        promised: GenBallot,
    },
}

impl Reply {
    pub fn kind(&self) -> &'static str {
        match self {
            Reply::Ack { .. } => "Ack",
            Reply::ReadReply { .. } => "ReadReply",
            Reply::Promise { .. } => "Promise",
            Reply::Accepted { .. } => "Accepted",
            Reply::Reject { .. } => "Reject",
        }
    }
}

fn show(value: &Option<Value>) -> String {
    value.as_ref().map_or("nothing".into(), Value::to_string)
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Ack { value } => write!(f, "Ack {value}"),
            Reply::ReadReply {
                value,
                accepted: None,
            } => write!(f, "ReadReply {}", show(value)),
            Reply::ReadReply {
                value,
                accepted: Some(b),
            } => write!(f, "ReadReply {} at {b}", show(value)),
            Reply::Promise {
                ballot,
                accepted: None,
            } => write!(f, "Promise {ballot} acc=none"),
            Reply::Promise {
                ballot,
                accepted: Some((b, v)),
            } => write!(f, "Promise {ballot} acc={b}:{v}"),
            Reply::Accepted { ballot, value } => write!(f, "Accepted {ballot} {value}"),
            Reply::Reject { ballot, promised } => {
                write!(f, "Reject {ballot} promised={promised}")
            }
        }
    }
}

/// Servers never message each other, so there are no node messages.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Message {}

impl fmt::Display for Message {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

/// Nor do servers set timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Timer {}

/// A client as configured: what it does, through which server first, and
/// when it starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSpec {
    pub node: NodeId,
    pub op: Op,
    pub at_us: u64,
}

/// The storage designs, as one protocol the simulator drives; the
/// configuration's [`Design`] says which.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Storage;

pub type Input = crate::protocol::Input<Storage>;
pub type Output = crate::protocol::Output<Storage>;

/// The seed the designs' page opens with: design 3's three writers split
/// the servers with it (`playground_config`), so a cold open shows the
/// design's flaw at once.
pub const PLAYGROUND_SEED: u64 = 4;

/// The storage designs have no settings to change mid-run (their servers
/// answer at once: there is no backoff).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Knob {}

impl Core for Storage {
    const NAME: &'static str = "designs";

    const KINDS: &'static [&'static str] = &[
        "Write",
        "Read",
        "Prepare",
        "Accept",
        "Ack",
        "ReadReply",
        "Promise",
        "Accepted",
        "Reject",
    ];

    fn kinds(config: &Config) -> &'static [&'static str] {
        match config.design {
            // Designs 1 to 3 write and read; no phases.
            Design::Single | Design::Two | Design::Voting => &["Write", "Read", "Ack", "ReadReply"],
            Design::Generations => &[
                "Read",
                "Prepare",
                "Accept",
                "ReadReply",
                "Promise",
                "Accepted",
                "Reject",
            ],
        }
    }

    type Config = Config;
    type Node = Node;
    type Message = Message;
    type Timer = Timer;
    type Durable = Durable;
    type Write = Durable;
    type Request = Request;
    type Reply = Reply;
    type Decision = Value;
    type Monitor = DesignMonitor;
    type Knob = Knob;

    fn cluster_size(config: &Config) -> u8 {
        config.cluster_size
    }

    fn message_kind(msg: &Message) -> &'static str {
        match *msg {}
    }

    fn request_kind(request: &Request) -> &'static str {
        request.kind()
    }

    fn reply_kind(reply: &Reply) -> &'static str {
        reply.kind()
    }

    fn recover(id: NodeId, config: &Config, disk: Durable) -> Node {
        Node::recover(id, *config, disk)
    }

    fn handle(node: &mut Node, _now_us: u64, input: Input, out: &mut Vec<Output>) {
        node.handle(input, out);
    }

    fn apply_write(disk: &mut Durable, write: &Durable) {
        disk.clone_from(write);
    }

    fn prepare_ballot(msg: &Message) -> Option<Ballot> {
        match *msg {}
    }

    fn has_learned(_: &Node) -> bool {
        false
    }

    fn tune(_: &mut Config, knob: &Knob) {
        match *knob {}
    }

    fn node_config(node: &mut Node) -> &mut Config {
        &mut node.config
    }
}

impl Workload for Storage {
    type ClientSpec = ClientSpec;
    type Client = Client;
    type Proposal = Op;

    fn validate(c: &Config, clients: &[ClientSpec], _: &[Durable]) -> Result<(), ConfigError> {
        let err = |what: String| Err(ConfigError(what));
        let n = c.cluster_size;
        match c.design {
            Design::Single if n != 1 => {
                return err(format!("design 1 has exactly one server, not {n}"))
            }
            Design::Two if n != 2 => {
                return err(format!("design 2 has exactly two servers, not {n}"))
            }
            Design::Voting | Design::Generations if n < 3 || n.is_multiple_of(2) => {
                return err(format!(
                    "{} needs an odd number of servers, at least 3, not {n}",
                    c.design.title()
                ))
            }
            _ => {}
        }
        for (what, t) in [
            ("client timeout", c.timeout_us),
            ("read pause", c.read_pause_us),
        ] {
            if t == 0 || t > MAX_TIME_US {
                return err(format!(
                    "the {what} must be above zero and at most {} ms, not {} ms",
                    MAX_TIME_US / 1000,
                    t / 1000
                ));
            }
        }
        if c.read_attempts == 0 || c.write_attempts == 0 {
            return err("a client must try at least once (read and write attempts)".into());
        }
        for (i, client) in clients.iter().enumerate() {
            if client.node.0 >= n {
                return err(format!(
                    "client c{i} starts at {}, but there are only {n} servers",
                    client.node
                ));
            }
            if client.at_us > MAX_TIME_US {
                return err(format!("client c{i} starts beyond the time limit"));
            }
            let cas = matches!(client.op, Op::Cas { .. });
            if cas && c.design != Design::Generations {
                return err(format!(
                    "client c{i} asks for a compare-and-set, which only design 5 (generations) offers"
                ));
            }
        }
        Ok(())
    }

    fn proposal_client(node: NodeId, op: Op, at_us: u64) -> ClientSpec {
        ClientSpec { node, op, at_us }
    }

    fn new_client(id: ClientId, spec: &ClientSpec, config: &Config, _: u64) -> Client {
        Client::new(id, spec.clone(), *config)
    }

    fn client_start_us(spec: &ClientSpec) -> u64 {
        spec.at_us
    }

    fn client_wake(client: &mut Client, now_us: u64, _: u64) -> ClientStep<Storage> {
        client.wake(now_us)
    }

    fn client_receive(
        client: &mut Client,
        now_us: u64,
        from: NodeId,
        reply: Reply,
        _: u64,
    ) -> ClientStep<Storage> {
        client.receive(now_us, from, reply)
    }

    fn client_done(client: &Client) -> bool {
        client.outcome.is_some()
    }
}

impl Words for Storage {
    fn explain_message(from: Actor, to: Actor, payload: &Payload<Storage>) -> String {
        match payload {
            Payload::Message(msg) => match *msg {},
            Payload::Request { value } => match value {
                Request::Write { value } => format!("{from} asks {to} to save {value}"),
                Request::Read => format!("{from} asks {to} what it holds"),
                Request::Prepare { ballot } => format!(
                    "{from} asks {to} to promise to refuse anything below {ballot} (generation {} is the high part)",
                    ballot.generation
                ),
                Request::Accept { ballot, value } => {
                    format!("{from} asks {to} to accept {value} in {ballot}")
                }
            },
            Payload::Reply { value } => match value {
                Reply::Ack { value } => format!("{from} tells {to} that {value} is saved on its disk"),
                Reply::ReadReply { value, accepted: None } => {
                    format!("{from} tells {to} it holds {}", show(value))
                }
                Reply::ReadReply { value, accepted: Some(b) } => format!(
                    "{from} tells {to} it holds {} at generation {} (ballot {b})",
                    show(value),
                    b.generation
                ),
                Reply::Promise { ballot, accepted: None } => {
                    format!("{from} promises {to} to refuse anything below {ballot}; it holds nothing yet")
                }
                Reply::Promise { ballot, accepted: Some((b, v)) } => format!(
                    "{from} promises {to} to refuse anything below {ballot}, and reports that it holds {v} at {b}"
                ),
                Reply::Accepted { ballot, value } => {
                    format!("{from} tells {to} it accepted {value} in {ballot}")
                }
                Reply::Reject { ballot, promised } => {
                    format!("{from} refuses {to}'s {ballot}: it is already past {promised}")
                }
            },
        }
    }

    fn explain_timer(_: NodeId, timer: Timer) -> String {
        match timer {}
    }

    fn explain_write(write: &Durable) -> String {
        describe(write)
    }

    fn explain_decided(node: NodeId, _: Ballot, value: &Value) -> String {
        format!("{node} holds {value}")
    }

    fn describe_disk(disk: &Durable) -> String {
        describe(disk)
    }

    fn disk_key(disk: &Durable) -> String {
        let b = |b: &Option<GenBallot>| b.map_or("-".into(), |b| b.to_string());
        match (&disk.accepted, &disk.promised) {
            (None, None) => format!("v={}", show(&disk.value)),
            _ => format!(
                "v={} a={} p={}",
                show(&disk.value),
                b(&disk.accepted),
                b(&disk.promised)
            ),
        }
    }

    fn outcome(_: &Self::Monitor, clients: &[&Client]) -> Option<String> {
        let report = client::report(clients.iter().copied());
        (report.finished > 0).then(|| report.headline())
    }
}

/// A server's disk, in words.
pub fn describe(disk: &Durable) -> String {
    match (&disk.value, disk.accepted, disk.promised) {
        (value, None, None) => format!("holds {}", show(value)),
        (value, accepted, promised) => {
            let mut text = match accepted {
                Some(b) => format!("holds {} at {b}", show(value)),
                None => "holds nothing".to_string(),
            };
            if let Some(p) = promised.filter(|p| Some(*p) != accepted) {
                text.push_str(&format!(", promised {p}"));
            }
            text
        }
    }
}

#[cfg(test)]
mod tests;
