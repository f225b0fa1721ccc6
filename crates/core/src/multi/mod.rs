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
//! # Leader election
//!
//! A replica that hears no heartbeat for an election timeout campaigns: it
//! runs phase 1 with a ballot above any it has seen. With backoff on, the
//! timeout has a random part that grows with each failed campaign, so two
//! replicas rarely campaign at once; with it off, they time out together
//! and can pre-empt each other for a long time (duelling leaders). A
//! leader sends heartbeats; a heartbeat also tells followers how far the
//! log is chosen, so one that missed decisions asks for them (`CatchUp`).
//!
//! # Pipelining and execution
//!
//! The leader keeps up to `window` slots in flight: it proposes slot 142
//! before 141 is chosen. Every replica applies chosen commands strictly in
//! slot order to its key-value store; a slot chosen out of order waits for
//! the gap before it to fill.
//!
//! # Clients
//!
//! A client sends to any replica. A follower forwards the command to the
//! leader it knows (or, with forwarding off or no leader known, redirects
//! the client). Commands carry (client, sequence number), so a retried
//! command is applied once and answered with its first result.
//!
//! # Write-ahead
//!
//! An acceptor's promise and each slot it accepts are written (as a change
//! to its disk, not the whole log) before it answers.

mod client;
pub mod monitor;
mod node;

pub use client::{operations, Client, ClientPlan, Commands, HistoryEvent};
pub use monitor::LogMonitor;
pub use node::{InFlight, Node, Role, CATCH_UP_BATCH};

use crate::collections::LiteMap;
use crate::kv::{Command, Outcome, Request};
use crate::protocol::{ClientStep, ConfigError, Core, Payload, Words, Workload, MAX_TIME_US};
use crate::types::{Actor, Ballot, ClientId, NodeId};
use serde::{Deserialize, Serialize};
use std::fmt;

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
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Acceptor {
    pub promised: Option<Ballot>,
    pub accepted: LiteMap<Slot, Accepted>,
}

/// An acceptor's answer to a `Prepare` covering `from` onward: the promise,
/// with only the slots where it accepted something (the compact reply).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
        let accepted = crate::collections::from_key(&self.accepted, &from).to_vec();
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
pub fn recover<V>(promises: &[Promise], chosen: &LiteMap<Slot, V>, from: Slot) -> Recovery {
    let mut best: LiteMap<Slot, &Accepted> = LiteMap::new_vec();
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

/// Settings every replica shares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Config {
    pub cluster_size: u8,
    /// How often the leader sends heartbeats.
    pub heartbeat_us: u64,
    /// How long a follower waits without hearing the leader before it
    /// campaigns.
    pub election_timeout_us: u64,
    /// Randomized, growing election timeouts. Off: every replica times out
    /// after exactly `election_timeout_us`, and campaigns can duel.
    pub backoff: bool,
    /// The most slots the leader has in flight (proposed, not yet chosen).
    pub window: u64,
    /// How long the leader waits before resending an unanswered `Accept`.
    pub retry_us: u64,
    /// A follower forwards a client's command to the leader; off, it
    /// redirects the client there instead.
    pub forward: bool,
}

/// The largest pipeline window accepted.
pub const MAX_WINDOW: u64 = 1024;

impl Config {
    pub fn quorum(&self) -> usize {
        crate::types::majority(self.cluster_size)
    }

    pub fn nodes(&self) -> impl Iterator<Item = NodeId> {
        (0..self.cluster_size).map(NodeId)
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            cluster_size: 5,
            heartbeat_us: 30_000,
            election_timeout_us: 150_000,
            backoff: true,
            window: 8,
            retry_us: 100_000,
            forward: true,
        }
    }
}

/// The messages replicas exchange.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Message {
    /// Phase 1a for every slot from `from` on.
    Prepare { ballot: Ballot, from: Slot },
    /// Phase 1b: the promise, listing only the slots with an acceptance.
    Promise(Promise),
    /// Phase 2a for one slot.
    Accept {
        ballot: Ballot,
        slot: Slot,
        request: Request,
    },
    /// Phase 2b, to the leader.
    Accepted { ballot: Ballot, slot: Slot },
    /// A `Prepare`, `Accept` or heartbeat refused: `promised` is higher.
    Reject { ballot: Ballot, promised: Ballot },
    /// The leader tells everyone a slot is chosen.
    Decided {
        slot: Slot,
        ballot: Ballot,
        request: Request,
    },
    /// The leader is alive; every slot up to `chosen` is chosen.
    Heartbeat { ballot: Ballot, chosen: Slot },
    /// "Send me the chosen slots from `from` on."
    CatchUp { from: Slot },
    /// Chosen slots, for a replica catching up.
    Entries { entries: Vec<(Slot, Accepted)> },
    /// A follower passes a client's command to the leader.
    Forward { request: Request },
}

impl Message {
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Prepare { .. } => "Prepare",
            Message::Promise(_) => "Promise",
            Message::Accept { .. } => "Accept",
            Message::Accepted { .. } => "Accepted",
            Message::Reject { .. } => "Reject",
            Message::Decided { .. } => "Decided",
            Message::Heartbeat { .. } => "Heartbeat",
            Message::CatchUp { .. } => "CatchUp",
            Message::Entries { .. } => "Entries",
            Message::Forward { .. } => "Forward",
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Prepare { ballot, from } => write!(f, "Prepare {ballot} s≥{from}"),
            Message::Promise(Promise { ballot, accepted }) => {
                write!(f, "Promise {ballot}")?;
                match accepted.as_slice() {
                    [] => write!(f, " acc=none"),
                    [(slot, a)] => write!(f, " acc=s{slot}:{}", a.ballot),
                    [(first, _), .., (last, _)] => {
                        write!(f, " acc={} slots in s{first}..{last}", accepted.len())
                    }
                }
            }
            Message::Accept {
                ballot,
                slot,
                request,
            } => write!(f, "Accept s={slot} {ballot} {}", request.command),
            Message::Accepted { ballot, slot } => write!(f, "Accepted s={slot} {ballot}"),
            Message::Reject { ballot, promised } => {
                write!(f, "Reject {ballot} promised={promised}")
            }
            Message::Decided { slot, request, .. } => {
                write!(f, "Decided s={slot} {}", request.command)
            }
            Message::Heartbeat { ballot, chosen } => {
                write!(f, "Heartbeat {ballot} chosen≤{chosen}")
            }
            Message::CatchUp { from } => write!(f, "CatchUp s≥{from}"),
            Message::Entries { entries } => match (entries.first(), entries.last()) {
                (Some((first, _)), Some((last, _))) => write!(f, "Entries s={first}..{last}"),
                _ => write!(f, "Entries none"),
            },
            Message::Forward { request } => write!(f, "Forward {request}"),
        }
    }
}

/// A replica's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Timer {
    /// A follower's patience with a silent leader, or a campaign's deadline.
    Election,
    /// The leader's next heartbeat (and resend of unanswered proposals).
    Heartbeat,
}

/// One disk write: the promise, and the slots accepted with it (a change
/// to the disk, so a write costs the same in slot 10 and slot 10,000).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DiskWrite {
    pub promised: Ballot,
    pub slots: Vec<(Slot, Accepted)>,
}

impl Acceptor {
    /// The disk after `write`.
    pub fn apply(&mut self, write: &DiskWrite) {
        self.promised = self.promised.max(Some(write.promised));
        for (slot, accepted) in &write.slots {
            self.accepted.insert(*slot, accepted.clone());
        }
    }
}

/// What a learner learns: the request chosen in a slot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Decision {
    pub slot: Slot,
    pub request: Request,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s={} {}", self.slot, self.request.command)
    }
}

/// A replica's answer to a client.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reply {
    /// Command `seq` was applied, with this result.
    Done { seq: u64, outcome: Outcome },
    /// "I am not the leader; try `leader`" (unknown: `None`).
    Redirect { seq: u64, leader: Option<NodeId> },
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reply::Done { seq, outcome } => write!(f, "#{seq} {outcome}"),
            Reply::Redirect {
                seq,
                leader: Some(leader),
            } => write!(f, "#{seq} redirect to {leader}"),
            Reply::Redirect { seq, leader: None } => write!(f, "#{seq} no leader known"),
        }
    }
}

/// A run of `nodes` replicas and `clients` clients, each issuing
/// One thing that happens to a replica.
pub type Input = crate::protocol::Input<MultiPaxos>;

/// One thing a replica asks its driver to do.
pub type Output = crate::protocol::Output<MultiPaxos>;

/// Multi-Paxos, as a protocol the simulator drives.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct MultiPaxos;

/// A change to Multi-Paxos's own settings, mid-run. (Its replicas always
/// write to disk before they answer: it has no durability modes.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Knob {
    /// Randomized backoff for a contested leadership, on or off.
    Backoff(bool),
}

impl Core for MultiPaxos {
    const NAME: &'static str = "multi";

    const KINDS: &'static [&'static str] = &[
        "Request",
        "Forward",
        "Prepare",
        "Promise",
        "Accept",
        "Accepted",
        "Reject",
        "Decided",
        "Heartbeat",
        "CatchUp",
        "Entries",
        "Reply",
    ];

    type Config = Config;
    type Node = Node;
    type Message = Message;
    type Timer = Timer;
    type Durable = Acceptor;
    type Write = DiskWrite;
    type Request = Request;
    type Reply = Reply;
    type Decision = Decision;
    type Monitor = LogMonitor;
    type Knob = Knob;

    fn cluster_size(config: &Config) -> u8 {
        config.cluster_size
    }

    fn message_kind(msg: &Message) -> &'static str {
        msg.kind()
    }

    fn recover(id: NodeId, config: &Config, disk: Acceptor) -> Node {
        Node::recover(id, *config, disk)
    }

    fn start(node: &mut Node, now_us: u64, out: &mut Vec<Output>) {
        node.now_us = now_us;
        node.start(out);
    }

    fn handle(node: &mut Node, now_us: u64, input: Input, out: &mut Vec<Output>) {
        node.handle(now_us, input, out);
    }

    fn apply_write(disk: &mut Acceptor, write: &DiskWrite) {
        disk.apply(write);
    }

    fn prepare_ballot(msg: &Message) -> Option<Ballot> {
        match msg {
            Message::Prepare { ballot, .. } => Some(*ballot),
            _ => None,
        }
    }

    fn proposal_slot(msg: &Message) -> Option<u64> {
        match msg {
            Message::Accept { slot, .. } => Some(*slot),
            _ => None,
        }
    }

    fn has_learned(node: &Node) -> bool {
        !node.log.is_empty()
    }

    fn tune(config: &mut Config, knob: &Knob) {
        match *knob {
            Knob::Backoff(backoff) => config.backoff = backoff,
        }
    }

    fn node_config(node: &mut Node) -> &mut Config {
        &mut node.config
    }
}

impl Workload for MultiPaxos {
    type ClientSpec = ClientPlan;
    type Client = Client;
    type Proposal = ClientPlan;

    fn validate(c: &Config, clients: &[ClientPlan], _: &[Acceptor]) -> Result<(), ConfigError> {
        let err = |what: String| Err(ConfigError(what));
        for (what, t) in [
            ("heartbeat interval", c.heartbeat_us),
            ("election timeout", c.election_timeout_us),
            ("proposal retry", c.retry_us),
        ] {
            if t == 0 || t > MAX_TIME_US {
                return err(format!(
                    "{what} must be above zero and at most {} ms, not {} ms",
                    MAX_TIME_US / 1000,
                    t / 1000
                ));
            }
        }
        if c.heartbeat_us >= c.election_timeout_us {
            return err("the heartbeat interval must be shorter than the election timeout".into());
        }
        if c.window == 0 || c.window > MAX_WINDOW {
            return err(format!(
                "the pipeline window must be 1 to {MAX_WINDOW} slots, not {}",
                c.window
            ));
        }
        for (i, client) in clients.iter().enumerate() {
            if client.node.0 >= c.cluster_size {
                return err(format!(
                    "client c{i} sends to {}, but the cluster has only {} nodes",
                    client.node, c.cluster_size
                ));
            }
            if client.at_us > MAX_TIME_US || client.think_us > MAX_TIME_US {
                return err(format!(
                    "client c{i} starts or pauses beyond the time limit"
                ));
            }
        }
        Ok(())
    }

    fn proposal_client(node: NodeId, plan: ClientPlan, at_us: u64) -> ClientPlan {
        ClientPlan {
            node,
            at_us,
            ..plan
        }
    }

    fn new_client(id: ClientId, plan: &ClientPlan, config: &Config, seed: u64) -> Client {
        Client::new(id, plan, seed, config.cluster_size)
    }

    fn client_start_us(plan: &ClientPlan) -> u64 {
        plan.at_us
    }

    fn client_wake(client: &mut Client, now_us: u64, retry_us: u64) -> ClientStep<MultiPaxos> {
        client.wake(now_us, retry_us)
    }

    fn client_receive(
        client: &mut Client,
        now_us: u64,
        from: NodeId,
        reply: Reply,
        retry_us: u64,
    ) -> ClientStep<MultiPaxos> {
        client.receive(now_us, from, reply, retry_us)
    }

    fn client_done(client: &Client) -> bool {
        client.is_done()
    }
}

impl Words for MultiPaxos {
    fn explain_message(from: Actor, to: Actor, payload: &Payload<MultiPaxos>) -> String {
        match payload {
            Payload::Request { value } => {
                format!("client {from} asks {to} to run {} (its command #{})", value.command, value.seq)
            }
            Payload::Reply { value: Reply::Done { seq, outcome } } => {
                format!("{from} answers {to}'s command #{seq}: {outcome}")
            }
            Payload::Reply { value: Reply::Redirect { seq, leader: Some(leader) } } => {
                format!("{from} is not the leader: it tells {to} to send command #{seq} to {leader}")
            }
            Payload::Reply { value: Reply::Redirect { seq, leader: None } } => {
                format!("{from} knows no leader yet: {to} should try command #{seq} elsewhere")
            }
            Payload::Message(msg) => match msg {
                Message::Prepare { ballot, from: first } => format!(
                    "{from} campaigns to lead: it asks {to} to promise to ignore ballots below {ballot}, for every slot from {first} on (phase 1 for all slots at once)"
                ),
                Message::Promise(Promise { ballot, accepted }) if accepted.is_empty() => format!(
                    "{from} promises to ignore ballots below {ballot}; it has accepted nothing in those slots"
                ),
                Message::Promise(Promise { ballot, accepted }) => format!(
                    "{from} promises to ignore ballots below {ballot}, and lists the {} where it already accepted something (slots with nothing are left out)",
                    crate::words::count(accepted.len() as u64, "slot", None)
                ),
                Message::Accept { ballot, slot, request } => format!(
                    "leader {from} asks {to} to accept {} in slot {slot}, ballot {ballot} (phase 2 only: the leader already ran phase 1)",
                    request.command
                ),
                Message::Accepted { ballot, slot } => {
                    format!("{from} tells the leader it accepted slot {slot} in ballot {ballot}")
                }
                Message::Reject { ballot, promised } => format!(
                    "{from} refuses ballot {ballot}: it has promised the higher ballot {promised}"
                ),
                Message::Decided { slot, request, .. } => {
                    format!("leader {from} tells {to} that slot {slot} holds {}", request.command)
                }
                Message::Heartbeat { ballot, chosen } => format!(
                    "leader {from} is alive (ballot {ballot}); every slot up to {chosen} is chosen"
                ),
                Message::CatchUp { from: first } => {
                    format!("{from} missed decisions: it asks {to} for the chosen slots from {first} on")
                }
                Message::Entries { entries } => {
                    format!("{from} sends {to} {} it missed", crate::words::count(entries.len() as u64, "chosen slot", None))
                }
                Message::Forward { request } => format!(
                    "{from} is a follower: it forwards {}'s command #{} ({}) to the leader {to}",
                    request.client, request.seq, request.command
                ),
            },
        }
    }

    fn explain_timer(node: NodeId, timer: Timer) -> String {
        match timer {
            Timer::Election => format!(
                "{node} has heard no leader for a whole election timeout: it campaigns with a higher ballot"
            ),
            Timer::Heartbeat => format!(
                "{node} sends its heartbeat, and resends any Accept still unanswered"
            ),
        }
    }

    fn explain_write(write: &DiskWrite) -> String {
        match write.slots.as_slice() {
            [] => format!("promise {}", write.promised),
            slots => {
                let accepted: Vec<String> = slots
                    .iter()
                    .map(|(slot, a)| format!("slot {slot} = {} at {}", a.request.command, a.ballot))
                    .collect();
                format!("accepted {}", accepted.join(", "))
            }
        }
    }

    fn explain_decided(node: NodeId, ballot: Ballot, decision: &Decision) -> String {
        format!(
            "{node} learns that slot {} holds {} (chosen in ballot {ballot})",
            decision.slot, decision.request.command
        )
    }

    fn describe_disk(disk: &Acceptor) -> String {
        let promised = disk
            .promised
            .map_or("nothing".to_string(), |b| b.to_string());
        match (disk.accepted.first(), disk.accepted.last()) {
            (Some((first, _)), Some((last, _))) => format!(
                "promised {promised}, accepted {} from {first} to {last}",
                crate::words::count(disk.accepted.len() as u64, "slot", None)
            ),
            _ => format!("promised {promised}, accepted nothing"),
        }
    }

    fn disk_key(disk: &Acceptor) -> String {
        let promised = disk.promised.map_or("-".to_string(), |b| b.to_string());
        let accepted: Vec<String> = disk
            .accepted
            .iter()
            .map(|(slot, a)| format!("{slot}:{}@{}", a.request.command, a.ballot))
            .collect();
        format!("p={promised} a=[{}]", accepted.join(" "))
    }

    fn outcome(monitor: &LogMonitor, _: &[&Client]) -> Option<String> {
        let chosen = monitor.chosen_slots();
        (chosen > 0).then(|| format!("{chosen} slots chosen"))
    }
}

#[cfg(test)]
mod tests;
