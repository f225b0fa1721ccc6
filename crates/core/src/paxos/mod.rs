//! Single-decree Paxos as a sans-IO state machine.
//!
//! # The problem
//!
//! A few servers must agree on one value, even though messages can be lost,
//! delayed, duplicated or reordered, and servers can crash and restart. A value
//! is **chosen** once a majority of acceptors have accepted it *in the same
//! ballot*. Paxos guarantees that at most one value is ever chosen, that it was
//! proposed by a client, and that nobody learns a value that was not chosen.
//!
//! # Roles
//!
//! Every node hosts all three roles:
//!
//! * the [`Proposer`] turns a client's request into a ballot and drives it
//!   through two phases;
//! * the [`Acceptor`] is the node's vote: it promises and accepts, and it
//!   remembers both on disk;
//! * the [`Learner`] counts acceptances, per ballot, to find out what was
//!   chosen.
//!
//! # The two phases, read as a read-modify-write
//!
//! 1. **Prepare / Promise (the read).** The proposer picks a ballot above
//!    any it has seen and sends `Prepare`. An acceptor that has not promised a
//!    higher ballot promises to ignore lower ones from now on, and reports the
//!    highest-ballot proposal it has accepted, if any.
//! 2. **Accept / Accepted (the write).** With promises from a majority, the
//!    proposer must propose the value of the highest-ballot proposal reported.
//!    That value *may* already be chosen, so it must not be overwritten. Only
//!    if nobody reported anything may it propose its client's value. An
//!    acceptor accepts unless it has promised a higher ballot since.
//!
//! The ballot is what detects a race between the read and the write: an
//! acceptor that promised a newer ballot in between answers `Reject`, and the
//! rejection carries that ballot so the proposer can jump past it.
//!
//! When a majority answer `Accepted` in one ballot, the value is chosen. The
//! proposer's learner sees that and broadcasts `Decided`, so every node learns
//! the outcome.
//!
//! # Write-ahead
//!
//! An acceptor's promise and its accepted proposal are **durable**: the node
//! emits [`Output::Persist`], and every message the node sends after that
//! waits until the driver reports [`Input::PersistDone`]. A node therefore
//! never tells anyone something it could forget in a crash. The node's own
//! acceptor is handled in place (no network hop), under the same rule: a
//! proposer's `Prepare` leaves only once its own promise is on disk, which is
//! also what keeps a restarted proposer from reusing a ballot.
//!
//! # Liveness
//!
//! Two proposers can keep pre-empting each other forever (duelling). With
//! backoff on, a rejected proposer waits a random, growing delay before trying
//! again; with it off, it retries at once, and the duel can last forever. The
//! core draws no random numbers itself: it asks for a timer with a
//! `jitter_us`, and the driver adds a random delay of up to that much.
//!
//! # The API
//!
//! [`Node::handle`] takes the current time and one [`Input`], and appends
//! [`Output`]s to a buffer. There is no clock, no I/O, and no randomness in
//! here; a stale or unexpected message is simply ignored.

mod acceptor;
mod learner;
pub mod monitor;
mod node;
mod proposer;
mod words;
mod workload;

pub use acceptor::Acceptor;
pub use learner::Learner;
pub use monitor::Monitor;
pub use node::Node;
pub use proposer::{Phase, Proposer};
pub use words::{durable, durable_key};
pub use workload::{Client, ClientSpec};

use crate::protocol::{ClientStep, ConfigError, Core, Payload, Words, Workload};
use crate::types::{Actor, Ballot, ClientId, NodeId, Proposal, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Settings every node of a cluster shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Config {
    /// Number of nodes; each hosts a proposer, an acceptor and a learner.
    pub cluster_size: u8,
    /// How long a proposer first waits for a majority before starting a new
    /// ballot. It doubles with each failed ballot, up to `retry_timeout_max_us`,
    /// so that a slow network still lets a ballot finish.
    pub retry_timeout_us: u64,
    pub retry_timeout_max_us: u64,
    /// Randomized, growing backoff after a rejection. Off: retry at once.
    pub backoff: bool,
    /// The first backoff window; it doubles after each failed ballot.
    pub backoff_base_us: u64,
    /// The largest backoff window.
    pub backoff_max_us: u64,
    /// Whether acceptors write to disk before they answer. Anything but
    /// [`Durability::WriteAhead`] is a deliberate bug, for showing why the
    /// rule exists.
    #[serde(default)]
    pub durability: Durability,
    /// Flexible quorums: how many acceptors phase 1 (promises) and phase 2
    /// (acceptances) need; 0 means a majority. Safe only while every
    /// phase-1 quorum meets every phase-2 quorum: `q1 + q2 > cluster_size`.
    #[serde(default)]
    pub q1: u8,
    #[serde(default)]
    pub q2: u8,
    /// Deliberate bugs, all off in correct Paxos.
    #[serde(default)]
    pub bugs: Bugs,
}

/// The "break Paxos" toggles: each breaks one rule, on purpose. (Amnesia,
/// acceptors that never write to disk, is [`Durability::NoWrites`].)
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Bugs {
    /// The acceptor keeps one ballot number instead of two: promising a
    /// ballot also relabels the value it accepted with that ballot.
    #[serde(default)]
    pub one_ballot: bool,
    /// The proposer ignores the accepted values reported in promises and
    /// always proposes its client's value.
    #[serde(default)]
    pub ignore_promises: bool,
    /// The learner (and a read) counts acceptances per value, across
    /// ballots, instead of per ballot.
    #[serde(default)]
    pub count_across_ballots: bool,
    /// The acceptor accepts without checking its promise.
    #[serde(default)]
    pub accept_without_promise: bool,
}

/// One bug toggle, by name.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "clap",
    derive(clap::ValueEnum),
    value(rename_all = "snake_case")
)]
pub enum Bug {
    /// Acceptors keep one ballot number, not two (promised and accepted).
    OneBallot,
    /// Proposers ignore the values reported in promises.
    IgnorePromises,
    /// Learners count acceptances of a value across ballots.
    CountAcrossBallots,
    /// Acceptors accept without checking their promise.
    AcceptWithoutPromise,
}

impl Bug {
    /// Every toggle, in the order the UI lists them.
    pub const ALL: &'static [Bug] = <Bug as strum::VariantArray>::VARIANTS;

    /// Its stable name, for the CLI, scenarios and `data-` attributes
    /// (derived: the variant in snake_case, as serde writes it; parse one
    /// with `str::parse`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The rule it breaks, in one line.
    pub fn explain(self) -> &'static str {
        match self {
            Bug::OneBallot => {
                "The acceptor keeps one ballot number, not two: a promise relabels its old accepted value with the new ballot, so a stale value looks recent."
            }
            Bug::IgnorePromises => {
                "The proposer ignores the values reported in promises and proposes its own, so it can overwrite a value already chosen."
            }
            Bug::CountAcrossBallots => {
                "The learner counts acceptances per value across ballots: (v1 at 1) and (v1 at 3) look like a majority though v1 may never have been chosen."
            }
            Bug::AcceptWithoutPromise => {
                "The acceptor accepts without checking its promise, so a proposer's late Accept slips in after a newer ballot read the acceptors."
            }
        }
    }
}

impl Bugs {
    pub fn get(&self, bug: Bug) -> bool {
        match bug {
            Bug::OneBallot => self.one_ballot,
            Bug::IgnorePromises => self.ignore_promises,
            Bug::CountAcrossBallots => self.count_across_ballots,
            Bug::AcceptWithoutPromise => self.accept_without_promise,
        }
    }

    pub fn set(&mut self, bug: Bug, on: bool) {
        match bug {
            Bug::OneBallot => self.one_ballot = on,
            Bug::IgnorePromises => self.ignore_promises = on,
            Bug::CountAcrossBallots => self.count_across_ballots = on,
            Bug::AcceptWithoutPromise => self.accept_without_promise = on,
        }
    }

    /// The bugs switched on.
    pub fn on(&self) -> Vec<Bug> {
        Bug::ALL.iter().copied().filter(|b| self.get(*b)).collect()
    }
}

/// How acceptors treat their disk. Only the first is correct Paxos.
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
pub enum Durability {
    /// Correct: a reply leaves only once the state it reports is on disk.
    #[default]
    WriteAhead,
    /// Bug: the write is issued, but the reply leaves at once. A crash before
    /// the write completes makes the node forget what it told others.
    ReplyFirst,
    /// Bug: acceptors never write. Their promises and acceptances live only
    /// in memory, and a crash wipes them.
    NoWrites,
}

impl Durability {
    /// Every mode, the correct one first.
    pub const ALL: &'static [Durability] = <Durability as strum::VariantArray>::VARIANTS;

    /// Its stable name, for the CLI, URLs and `data-` attributes (derived:
    /// the variant in snake_case, as serde writes it; parse one with
    /// `str::parse`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// A crash can make an acceptor forget what it told others: only a
    /// crash shows this mode's bug (the model checker allows one for it).
    pub fn forgets(self) -> bool {
        self != Durability::WriteAhead
    }

    /// What this mode does, for a student.
    pub fn explain(self) -> &'static str {
        match self {
            Durability::WriteAhead => {
                "Correct Paxos: an acceptor answers only after its promise or acceptance is on disk."
            }
            Durability::ReplyFirst => {
                "Bug: acceptors answer before the disk write completes. Crash one in between and it forgets what it said."
            }
            Durability::NoWrites => {
                "Bug: acceptors never write to disk. Any crash wipes every promise and acceptance the node made."
            }
        }
    }
}

impl Config {
    /// The smallest number of acceptors that makes a majority.
    pub fn quorum(&self) -> usize {
        crate::types::majority(self.cluster_size)
    }

    /// Promises phase 1 needs (flexible quorums; a majority by default).
    pub fn q1(&self) -> usize {
        match self.q1 {
            0 => self.quorum(),
            q => q as usize,
        }
    }

    /// Acceptances that make a value chosen.
    pub fn q2(&self) -> usize {
        match self.q2 {
            0 => self.quorum(),
            q => q as usize,
        }
    }

    /// Whether every phase-1 quorum meets every phase-2 quorum.
    pub fn quorums_intersect(&self) -> bool {
        self.q1() + self.q2() > self.cluster_size as usize
    }

    /// Reports of "nothing accepted" that prove nothing can have been
    /// chosen: more than `cluster_size - q2`.
    pub fn nothing_quorum(&self) -> usize {
        (self.cluster_size as usize + 1)
            .saturating_sub(self.q2())
            .max(1)
    }

    /// The nodes of the cluster, in id order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> {
        (0..self.cluster_size).map(NodeId)
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            cluster_size: 3,
            retry_timeout_us: 100_000,
            retry_timeout_max_us: 120_000_000,
            backoff: true,
            backoff_base_us: 20_000,
            backoff_max_us: 400_000,
            durability: Durability::WriteAhead,
            q1: 0,
            q2: 0,
            bugs: Bugs::default(),
        }
    }
}

/// The messages nodes exchange.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Message {
    /// Phase 1a: "promise to ignore ballots below this one".
    Prepare { ballot: Ballot },
    /// Phase 1b: the promise, with the highest-ballot proposal this acceptor
    /// has accepted, if any.
    Promise {
        ballot: Ballot,
        accepted: Option<Proposal>,
    },
    /// Phase 2a: "accept this value in this ballot".
    Accept { ballot: Ballot, value: Value },
    /// Phase 2b: the acceptor accepted the proposal. Sent to the ballot's
    /// proposer, whose learner counts these per ballot.
    Accepted { ballot: Ballot, value: Value },
    /// A `Prepare` or `Accept` refused, because the acceptor has promised the
    /// higher ballot `promised`.
    Reject { ballot: Ballot, promised: Ballot },
    /// The commit broadcast: `value` was chosen in `ballot`.
    Decided { ballot: Ballot, value: Value },
    /// A read, as a learner: "what have you accepted?" (`id` names the
    /// read at the node that asks).
    Read { id: u64 },
    /// The answer: the acceptor's accepted proposal, if any.
    ReadReply { id: u64, accepted: Option<Proposal> },
}

impl Message {
    /// The message's kind, as shown in legends and `data-kind` attributes.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Prepare { .. } => "Prepare",
            Message::Promise { .. } => "Promise",
            Message::Accept { .. } => "Accept",
            Message::Accepted { .. } => "Accepted",
            Message::Reject { .. } => "Reject",
            Message::Decided { .. } => "Decided",
            Message::Read { .. } => "Read",
            Message::ReadReply { .. } => "ReadReply",
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Prepare { ballot } => write!(f, "Prepare {ballot}"),
            Message::Promise {
                ballot,
                accepted: None,
            } => write!(f, "Promise {ballot} acc=none"),
            Message::Promise {
                ballot,
                accepted: Some(p),
            } => write!(f, "Promise {ballot} acc={p}"),
            Message::Accept { ballot, value } => write!(f, "Accept {ballot} {value}"),
            Message::Accepted { ballot, value } => write!(f, "Accepted {ballot} {value}"),
            Message::Reject { ballot, promised } => {
                write!(f, "Reject {ballot} promised={promised}")
            }
            Message::Decided { ballot, value } => write!(f, "Decided {ballot} {value}"),
            Message::Read { id } => write!(f, "Read #{id}"),
            Message::ReadReply { id, accepted: None } => write!(f, "ReadReply #{id} acc=none"),
            Message::ReadReply {
                id,
                accepted: Some(p),
            } => write!(f, "ReadReply #{id} acc={p}"),
        }
    }
}

/// The node's timers. Setting a timer replaces the pending one of that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Timer {
    /// The proposer's timer: a ballot that took too long, or the end of a
    /// backoff pause. Either way, it starts a new ballot.
    Retry,
    /// A read this node is running took too long.
    Read { id: u64 },
}

/// What a client asks a node.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Request {
    /// "Get this value chosen" (and tell me what was chosen).
    Propose(Value),
    /// "What was chosen?", answered by reading the acceptors as a learner.
    Read,
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Request::Propose(value) => value.fmt(f),
            Request::Read => f.write_str("read"),
        }
    }
}

/// What a node answers a client.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reply {
    /// The chosen value (the answer to a proposal).
    Chosen(Value),
    /// A read found this chosen (`None`: nothing can have been chosen yet).
    Read(Option<Value>),
    /// A read found no quorum that agrees: it cannot tell.
    NoMajority,
}

impl Reply {
    /// The value this reply reports chosen, if any.
    pub fn value(&self) -> Option<&Value> {
        match self {
            Reply::Chosen(value) | Reply::Read(Some(value)) => Some(value),
            Reply::Read(None) | Reply::NoMajority => None,
        }
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Chosen(value) => value.fmt(f),
            Reply::Read(Some(value)) => write!(f, "read {value}"),
            Reply::Read(None) => f.write_str("read: nothing chosen"),
            Reply::NoMajority => f.write_str("read failed: no majority"),
        }
    }
}

/// What an acceptor keeps on disk.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Durable {
    /// The highest ballot this acceptor promised.
    pub promised: Option<Ballot>,
    /// The last proposal it accepted.
    pub accepted: Option<Proposal>,
}

pub use crate::protocol::WriteId;

/// One thing that happens to a node.
pub type Input = crate::protocol::Input<SingleDecree>;

/// One thing a node asks its driver to do.
pub type Output = crate::protocol::Output<SingleDecree>;

/// Single-decree Paxos, as a protocol the simulator drives.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SingleDecree;

/// A change to single-decree Paxos's own settings, mid-run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Knob {
    /// The acceptors' durability mode (amnesia is [`Durability::NoWrites`]).
    Durability(Durability),
    /// The "break Paxos" toggles.
    Bugs(Bugs),
    /// Flexible quorums: the phase-1 and phase-2 sizes (0: a majority).
    Quorums { q1: u8, q2: u8 },
    /// Randomized backoff after a rejection, on or off.
    Backoff(bool),
}

impl Core for SingleDecree {
    const NAME: &'static str = "paxos";

    const KINDS: &'static [&'static str] = &[
        "Request",
        "Prepare",
        "Promise",
        "Accept",
        "Accepted",
        "Reject",
        "Decided",
        "Read",
        "ReadReply",
        "Reply",
    ];

    type Config = Config;
    type Node = Node;
    type Message = Message;
    type Timer = Timer;
    type Durable = Durable;
    type Write = Durable;
    type Request = Request;
    type Reply = Reply;
    type Decision = Value;
    type Monitor = Monitor;
    type Knob = Knob;

    fn cluster_size(config: &Config) -> u8 {
        config.cluster_size
    }

    fn message_kind(msg: &Message) -> &'static str {
        msg.kind()
    }

    fn recover(id: NodeId, config: &Config, disk: Durable) -> Node {
        Node::recover(id, *config, disk)
    }

    fn handle(node: &mut Node, now_us: u64, input: Input, out: &mut Vec<Output>) {
        node.handle(now_us, input, out);
    }

    fn apply_write(disk: &mut Durable, write: &Durable) {
        disk.clone_from(write);
    }

    fn prepare_ballot(msg: &Message) -> Option<Ballot> {
        match msg {
            Message::Prepare { ballot } => Some(*ballot),
            _ => None,
        }
    }

    fn has_learned(node: &Node) -> bool {
        node.learner.learned.is_some()
    }

    fn tune(config: &mut Config, knob: &Knob) {
        match *knob {
            Knob::Durability(durability) => config.durability = durability,
            Knob::Bugs(bugs) => config.bugs = bugs,
            Knob::Quorums { q1, q2 } => (config.q1, config.q2) = (q1, q2),
            Knob::Backoff(backoff) => config.backoff = backoff,
        }
    }

    fn node_config(node: &mut Node) -> &mut Config {
        &mut node.config
    }
}

impl Workload for SingleDecree {
    type ClientSpec = ClientSpec;
    type Client = Client;
    type Proposal = Value;

    fn validate(
        config: &Config,
        clients: &[ClientSpec],
        initial_disks: &[Durable],
    ) -> Result<(), ConfigError> {
        workload::validate(config, clients, initial_disks)
    }

    fn proposal_client(node: NodeId, value: Value, at_us: u64) -> ClientSpec {
        ClientSpec::proposer(node, value, at_us)
    }

    fn new_client(_: ClientId, spec: &ClientSpec, _: &Config, _: u64) -> Client {
        Client::new(spec)
    }

    fn client_start_us(spec: &ClientSpec) -> u64 {
        spec.at_us
    }

    fn client_wake(client: &mut Client, now_us: u64, retry_us: u64) -> ClientStep<SingleDecree> {
        client.wake(now_us, retry_us)
    }

    fn client_receive(
        client: &mut Client,
        _: u64,
        _: NodeId,
        value: Reply,
        _: u64,
    ) -> ClientStep<SingleDecree> {
        client.answer.get_or_insert(value);
        ClientStep::default()
    }

    fn client_done(client: &Client) -> bool {
        client.answer.is_some()
    }
}

impl Words for SingleDecree {
    fn explain_message(from: Actor, to: Actor, payload: &Payload<SingleDecree>) -> String {
        words::message(from, to, payload)
    }

    fn explain_timer(node: NodeId, timer: Timer) -> String {
        match timer {
            Timer::Retry => format!("{node}'s retry timer fires: it starts a new, higher ballot"),
            Timer::Read { id } => format!(
                "{node} gives up on read #{id}: too few acceptors answered to tell what was chosen"
            ),
        }
    }

    fn explain_write(write: &Durable) -> String {
        words::durable(write)
    }

    fn explain_decided(node: NodeId, ballot: Ballot, value: &Value) -> String {
        format!("{node} learns that {value} was chosen in ballot {ballot}")
    }

    fn explain_quorum(node: NodeId, ballot: Ballot, phase: u8, members: &[NodeId]) -> String {
        let members = crate::words::names(members);
        match phase {
            1 => format!(
                "{node} has promises from a quorum for ballot {ballot}: {members}; phase 2 may begin"
            ),
            _ => format!(
                "{node} counts a quorum of acceptances in ballot {ballot}: {members}; the value is chosen"
            ),
        }
    }

    fn describe_disk(disk: &Durable) -> String {
        words::durable(disk)
    }

    fn disk_key(disk: &Durable) -> String {
        words::durable_key(disk)
    }

    fn outcome(monitor: &Monitor, _: &[&Client]) -> Option<String> {
        monitor.chosen().map(|value| format!("chose {value}"))
    }
}

#[cfg(test)]
mod tests;
