//! The client of the storage designs, sans-IO: it sends its requests to the
//! servers itself and decides from their answers.
//!
//! * **Write** (designs 1 to 3): send `Write` to the design's servers (the
//!   one server; both; all) and wait for enough `Ack`s (one; both; a
//!   majority). Not enough before the timeout: the write failed.
//! * **Read**: design 1 asks its server; design 2 asks its first server,
//!   then the other if that one is silent; designs 3 and 5 ask every server
//!   and need a majority that agree (design 5: the same value at the same
//!   ballot). With no majority, design 3 fails at once; design 5 pauses and
//!   tries again, a few times.
//! * **Write** in design 5 saves new data: Paxos at generation 1.
//! * **Compare-and-set** (design 5): read (value X at generation G); if the
//!   value is not the expected one, reject; else run Paxos at generation
//!   G+1. Phase 1 decides: if a majority report generation G+1 already, a
//!   rival won and the value is no longer X; if some do but the silent
//!   servers could make a majority, generation G+1 *may* have been
//!   committed, and the client must not commit another (it reports that it
//!   cannot tell); otherwise it sends `Accept`, and a majority of
//!   `Accepted` is success.

use super::{Config, Design, GenBallot, Reply, Request};
use crate::collections::{LiteMap, LiteSet};
use crate::protocol::ClientStep;
use crate::types::{ClientId, NodeId, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a client does.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Save `value` (design 5: as new data, generation 1).
    Write(Value),
    Read,
    /// Design 5: "if the value is `expect`, set it to `new`, else reject".
    Cas {
        expect: Value,
        new: Value,
    },
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Write(value) => write!(f, "write {value}"),
            Op::Read => f.write_str("read"),
            Op::Cas { expect, new } => write!(f, "if {expect} then set {new}"),
        }
    }
}

/// How a client's operation ended.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "result")]
pub enum Outcome {
    /// The write was acknowledged (design 5: committed at `generation`).
    Saved { value: Value, generation: u64 },
    /// The write failed: too few servers answered.
    NotSaved { value: Value, why: String },
    /// The read found `value` (design 5: at `generation`).
    Read {
        value: Option<Value>,
        generation: u64,
    },
    /// The read failed: no server answered, or no majority agreed
    /// (`no_majority`).
    ReadFailed { why: String, no_majority: bool },
    /// Design 5: the compare-and-set took effect.
    Swapped {
        from: Value,
        to: Value,
        generation: u64,
    },
    /// Design 5: the value is no longer the expected one.
    NoLonger {
        expected: Option<Value>,
        current: Option<Value>,
    },
    /// Design 5: the client cannot tell whether the generation it would
    /// write was already committed, so it did not write it.
    Unsure { why: String },
}

impl Outcome {
    /// Whether the client got what it asked for (a write saved, a read
    /// answered, a swap made).
    pub fn succeeded(&self) -> bool {
        matches!(
            self,
            Outcome::Saved { .. } | Outcome::Read { .. } | Outcome::Swapped { .. }
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |g: u64| {
            if g > 0 {
                format!(" at generation {g}")
            } else {
                String::new()
            }
        };
        match self {
            Outcome::Saved { value, generation } => write!(f, "saved {value}{}", at(*generation)),
            Outcome::NotSaved { value, why } => write!(f, "failed to save {value}: {why}"),
            Outcome::Read {
                value: Some(value),
                generation,
            } => write!(f, "read {value}{}", at(*generation)),
            Outcome::Read { value: None, .. } => f.write_str("read: nothing saved yet"),
            Outcome::ReadFailed { why, .. } => write!(f, "read failed: {why}"),
            Outcome::Swapped {
                from,
                to,
                generation,
            } => write!(f, "set {to} (was {from}) at generation {generation}"),
            Outcome::NoLonger {
                expected: None,
                current,
            } => {
                let current = current
                    .as_ref()
                    .map_or("something".into(), Value::to_string);
                write!(
                    f,
                    "rejected: {current} is already saved, and a plain write only saves into an empty store (to change it, use if {current} then set …)"
                )
            }
            Outcome::NoLonger {
                expected: Some(expected),
                current,
            } => {
                let current = current.as_ref().map_or("nothing".into(), Value::to_string);
                write!(
                    f,
                    "rejected: the value is no longer {expected} (it is {current})"
                )
            }
            Outcome::Unsure { why } => write!(f, "gave up: {why}"),
        }
    }
}

/// Where the client is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Not started yet.
    Idle,
    /// Designs 1 to 3: waiting for `Ack`s.
    Writing {
        acks: LiteSet<NodeId>,
    },
    /// Waiting for `ReadReply`s (`asked`: the servers asked this attempt).
    Reading {
        asked: Vec<NodeId>,
        replies: LiteMap<NodeId, (Option<Value>, Option<GenBallot>)>,
    },
    /// Design 5, between attempts.
    Pausing,
    /// Design 5, phase 1.
    Preparing {
        ballot: GenBallot,
        promises: LiteMap<NodeId, Option<(GenBallot, Value)>>,
    },
    /// Design 5, phase 2.
    Accepting {
        ballot: GenBallot,
        accepted: LiteSet<NodeId>,
    },
    Done,
}

/// A client of a storage design: one operation, tried until it succeeds,
/// fails or runs out of attempts. Only [`Client::wake`] and
/// [`Client::receive`] change it; the others read it through its
/// read-only view ([`Client::op`], [`Client::outcome`], ...).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Client {
    pub(crate) id: ClientId,
    pub(crate) node: NodeId,
    pub(crate) op: Op,
    pub(crate) config: Config,
    pub(crate) phase: Phase,
    /// Reads (and, in design 5, write rounds) tried so far.
    pub(crate) read_attempts: u8,
    pub(crate) write_attempts: u8,
    /// Design 5: the value and generation the compare-and-set read.
    pub(crate) base: Option<(Option<Value>, u64)>,
    /// Design 5: the highest round seen, so the next ballot is higher.
    pub(crate) round: u64,
    /// When the operation started and ended, and how. The times are left
    /// out of the client's encoding: a model checker's fingerprint abstracts
    /// time away, and two orders of the same events must meet in one state.
    #[serde(skip)]
    pub(crate) started_us: Option<u64>,
    #[serde(skip)]
    pub(crate) finished_us: Option<u64>,
    pub(crate) outcome: Option<Outcome>,
}

type Step = ClientStep<super::Storage>;

impl Client {
    // The read-only view.

    pub fn id(&self) -> ClientId {
        self.id
    }

    /// The server it sends to first.
    pub fn node(&self) -> NodeId {
        self.node
    }

    pub fn op(&self) -> &Op {
        &self.op
    }

    /// Reads (and, in design 5, write rounds) tried so far.
    pub fn read_attempts(&self) -> u8 {
        self.read_attempts
    }

    /// When the operation started, once it has.
    pub fn started_us(&self) -> Option<u64> {
        self.started_us
    }

    /// When it ended, once it has.
    pub fn finished_us(&self) -> Option<u64> {
        self.finished_us
    }

    /// How it ended, once it has.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    pub fn new(id: ClientId, spec: super::ClientSpec, config: Config) -> Client {
        Client {
            id,
            node: spec.node,
            op: spec.op,
            config,
            phase: Phase::Idle,
            read_attempts: 0,
            write_attempts: 0,
            base: None,
            round: 0,
            started_us: None,
            finished_us: None,
            outcome: None,
        }
    }

    fn all(&self) -> Vec<NodeId> {
        self.config.nodes().collect()
    }

    /// The servers a write goes to, and how many must acknowledge it.
    fn write_targets(&self) -> (Vec<NodeId>, usize) {
        match self.config.design {
            Design::Single => (vec![NodeId(0)], 1),
            Design::Two => (self.all(), 2),
            Design::Voting | Design::Generations => (self.all(), self.config.quorum()),
        }
    }

    /// The client's wake-up: its start, or a timeout, or the end of a pause.
    pub fn wake(&mut self, now_us: u64) -> Step {
        match std::mem::replace(&mut self.phase, Phase::Done) {
            Phase::Idle => {
                self.started_us = Some(now_us);
                self.begin(now_us)
            }
            Phase::Writing { acks } => {
                let (targets, need) = self.write_targets();
                let silent: Vec<String> = targets
                    .iter()
                    .filter(|n| !acks.contains(n))
                    .map(NodeId::to_string)
                    .collect();
                let why = match self.config.design {
                    Design::Single => format!(
                        "{} did not answer: the only server is down",
                        silent.join(", ")
                    ),
                    Design::Two => format!(
                        "{} did not answer: a write needs both servers",
                        silent.join(" and ")
                    ),
                    _ => format!(
                        "only {} of {} servers acknowledged it; a write needs {need}",
                        acks.len(),
                        targets.len()
                    ),
                };
                let value = match &self.op {
                    Op::Write(value) => value.clone(),
                    _ => unreachable!("only writes write"),
                };
                self.finish(now_us, Outcome::NotSaved { value, why })
            }
            Phase::Reading { asked, replies } => {
                if self.config.design == Design::Two && replies.is_empty() && asked.len() == 1 {
                    // The first server is silent: ask the other one.
                    let other = NodeId(1 - asked[0].0.min(1));
                    return self.read_from(vec![other], now_us);
                }
                self.read_failed(now_us, &asked, &replies)
            }
            Phase::Pausing => self.begin(now_us),
            Phase::Preparing { ballot, promises } => {
                let newer: Vec<String> = promises
                    .iter()
                    .filter(|(_, a)| {
                        a.as_ref()
                            .is_some_and(|(b, _)| b.generation >= ballot.generation)
                    })
                    .map(|(n, _)| n.to_string())
                    .collect();
                if newer.is_empty() {
                    self.retry_write(
                        now_us,
                        format!(
                            "only {} of {} servers promised; generation {} needs {}",
                            promises.len(),
                            self.config.cluster_size,
                            ballot.generation,
                            self.config.quorum()
                        ),
                    )
                } else {
                    let silent: Vec<String> = self
                        .all()
                        .iter()
                        .filter(|n| !promises.contains_key(n))
                        .map(NodeId::to_string)
                        .collect();
                    self.finish(
                        now_us,
                        Outcome::Unsure {
                            why: format!(
                                "cannot tell whether generation {} was already committed: {} {} it, {} did not answer; committing another generation {} could overwrite it",
                                ballot.generation,
                                newer.join(", "),
                                if newer.len() == 1 { "holds" } else { "hold" },
                                silent.join(", "),
                                ballot.generation
                            ),
                        },
                    )
                }
            }
            Phase::Accepting { ballot, accepted } => self.finish(
                now_us,
                Outcome::Unsure {
                    why: format!(
                        "only {} of {} servers accepted {ballot}; it may or may not be committed",
                        accepted.len(),
                        self.config.cluster_size
                    ),
                },
            ),
            Phase::Done => {
                self.phase = Phase::Done;
                Step::default()
            }
        }
    }

    /// Starts (or starts over) the operation.
    fn begin(&mut self, now_us: u64) -> Step {
        match (&self.op, self.config.design) {
            (Op::Write(_), Design::Generations) => {
                self.base = Some((None, 0));
                self.prepare(now_us)
            }
            (Op::Write(value), _) => {
                let (targets, _) = self.write_targets();
                let request = Request::Write {
                    value: value.clone(),
                };
                self.phase = Phase::Writing {
                    acks: LiteSet::new(),
                };
                self.send_all(&targets, request, now_us)
            }
            (Op::Read | Op::Cas { .. }, design) => {
                let targets = match design {
                    Design::Single => vec![NodeId(0)],
                    Design::Two => vec![self.node],
                    _ => self.all(),
                };
                self.read_from(targets, now_us)
            }
        }
    }

    fn read_from(&mut self, targets: Vec<NodeId>, now_us: u64) -> Step {
        self.read_attempts += 1;
        self.phase = Phase::Reading {
            asked: targets.clone(),
            replies: LiteMap::new_vec(),
        };
        self.send_all(&targets, Request::Read, now_us)
    }

    fn send_all(&mut self, targets: &[NodeId], request: Request, now_us: u64) -> Step {
        Step {
            send: targets.iter().map(|n| (*n, request.clone())).collect(),
            wake_at_us: Some(now_us + self.config.timeout_us),
        }
    }

    fn finish(&mut self, now_us: u64, outcome: Outcome) -> Step {
        self.phase = Phase::Done;
        self.finished_us = Some(now_us);
        self.outcome = Some(outcome);
        Step::default()
    }

    /// A reply from a server.
    pub fn receive(&mut self, now_us: u64, from: NodeId, reply: Reply) -> Step {
        match (&mut self.phase, reply) {
            (Phase::Writing { acks }, Reply::Ack { value })
                if Op::Write(value.clone()) == self.op =>
            {
                acks.insert(from);
                if acks.len() >= self.write_targets().1 {
                    return self.finish(
                        now_us,
                        Outcome::Saved {
                            value,
                            generation: 0,
                        },
                    );
                }
                Step::keep()
            }
            (Phase::Reading { asked, replies }, Reply::ReadReply { value, accepted })
                if asked.contains(&from) =>
            {
                replies.insert(from, (value, accepted));
                self.on_read_reply(now_us)
            }
            (
                Phase::Preparing { ballot, promises },
                Reply::Promise {
                    ballot: b,
                    accepted,
                },
            ) if *ballot == b => {
                promises.insert(from, accepted);
                self.on_promise(now_us)
            }
            (
                Phase::Preparing { ballot, .. } | Phase::Accepting { ballot, .. },
                Reply::Reject {
                    ballot: b,
                    promised,
                },
            ) if *ballot == b => {
                self.round = self.round.max(promised.round);
                if promised.generation > b.generation && matches!(self.op, Op::Write(_)) {
                    // New data, but the store is already past generation 1.
                    let why = format!(
                        "{from} already holds generation {}: the data exists, so change it with a compare-and-set",
                        promised.generation
                    );
                    let value = self.new_value();
                    return self.finish(now_us, Outcome::NotSaved { value, why });
                }
                let why = format!("{from} is already past {promised}");
                self.retry_write(now_us, why)
            }
            (Phase::Accepting { ballot, accepted }, Reply::Accepted { ballot: b, value })
                if *ballot == b =>
            {
                accepted.insert(from);
                if accepted.len() < self.config.quorum() {
                    return Step::keep();
                }
                self.committed(now_us, b.generation, value)
            }
            // Late, duplicate or stale: ignored.
            _ => Step::keep(),
        }
    }

    fn on_read_reply(&mut self, now_us: u64) -> Step {
        let Phase::Reading { asked, replies } = &self.phase else {
            unreachable!("reading")
        };
        let need = match self.config.design {
            Design::Single | Design::Two => 1,
            _ => self.config.quorum(),
        };
        // Replies that agree: the same value (design 5: at the same ballot).
        let mut groups: LiteMap<&(Option<Value>, Option<GenBallot>), usize> = LiteMap::new_vec();
        for reply in replies.values() {
            *groups.entry(reply).or_default() += 1;
        }
        let best = groups
            .iter()
            .max_by_key(|(_, n)| **n)
            .map(|(r, n)| ((*r).clone(), *n));
        let silent = asked.len() - replies.len();
        match best {
            Some(((value, ballot), n)) if n >= need => {
                let generation = ballot.map_or(0, |b| b.generation);
                self.on_read(now_us, value, generation)
            }
            // A majority can still form.
            Some((_, n)) if n + silent >= need => Step::keep(),
            _ => {
                let (asked, replies) = (asked.clone(), replies.clone());
                self.read_failed(now_us, &asked, &replies)
            }
        }
    }

    /// The read found `value` at `generation`.
    fn on_read(&mut self, now_us: u64, value: Option<Value>, generation: u64) -> Step {
        match self.op.clone() {
            Op::Cas { expect, .. } => {
                if value.as_ref() != Some(&expect) {
                    return self.finish(
                        now_us,
                        Outcome::NoLonger {
                            expected: Some(expect),
                            current: value,
                        },
                    );
                }
                self.base = Some((value, generation));
                self.prepare(now_us)
            }
            _ => self.finish(now_us, Outcome::Read { value, generation }),
        }
    }

    fn read_failed(
        &mut self,
        now_us: u64,
        asked: &[NodeId],
        replies: &LiteMap<NodeId, (Option<Value>, Option<GenBallot>)>,
    ) -> Step {
        let mut held: Vec<String> = replies
            .iter()
            .map(|(n, (v, b))| match b {
                Some(b) => format!("{n} has {} (g{})", super::show(v), b.generation),
                None => format!("{n} has {}", super::show(v)),
            })
            .collect();
        held.extend(
            asked
                .iter()
                .filter(|n| !replies.contains_key(n))
                .map(|n| format!("{n} is silent")),
        );
        let no_majority = !matches!(self.config.design, Design::Single | Design::Two);
        let why = if no_majority {
            format!("no majority agrees ({})", held.join(", "))
        } else {
            format!("no server answered ({})", held.join(", "))
        };
        if self.config.design == Design::Generations
            && self.read_attempts < self.config.read_attempts
        {
            // Maybe an update is half done: pause, then ask again.
            self.phase = Phase::Pausing;
            return Step {
                send: Vec::new(),
                wake_at_us: Some(now_us + self.config.read_pause_us),
            };
        }
        let why = if self.read_attempts > 1 {
            format!("{why}, after {} tries", self.read_attempts)
        } else {
            why
        };
        self.finish(now_us, Outcome::ReadFailed { why, no_majority })
    }

    /// Phase 1 at the generation after the one read.
    fn prepare(&mut self, now_us: u64) -> Step {
        self.write_attempts += 1;
        self.round += 1;
        let generation = self.base.as_ref().map_or(0, |(_, g)| *g) + 1;
        let ballot = GenBallot {
            generation,
            round: self.round,
            client: self.id,
        };
        self.phase = Phase::Preparing {
            ballot,
            promises: LiteMap::new_vec(),
        };
        let all = self.all();
        self.send_all(&all, Request::Prepare { ballot }, now_us)
    }

    /// The value this client writes.
    fn new_value(&self) -> Value {
        match &self.op {
            Op::Write(value) | Op::Cas { new: value, .. } => value.clone(),
            Op::Read => unreachable!("reads do not write"),
        }
    }

    fn on_promise(&mut self, now_us: u64) -> Step {
        let Phase::Preparing { ballot, promises } = &self.phase else {
            unreachable!("preparing")
        };
        let ballot = *ballot;
        let quorum = self.config.quorum();
        let mine = self.new_value();
        // Promises reporting this generation (or a later one) already: a
        // rival's, or this client's own from an earlier round.
        type Reports<'a> = Vec<&'a (GenBallot, Value)>;
        let (own, rivals): (Reports, Reports) = promises
            .values()
            .flatten()
            .filter(|(b, _)| b.generation >= ballot.generation)
            .partition(|(b, v)| {
                b.client == self.id && b.generation == ballot.generation && *v == mine
            });
        if rivals.len() >= quorum {
            // A rival committed this generation first.
            let current = rivals
                .iter()
                .max_by_key(|(b, _)| *b)
                .map(|(_, v)| v.clone());
            let expected = self.base.as_ref().and_then(|(v, _)| v.clone());
            return self.finish(now_us, Outcome::NoLonger { expected, current });
        }
        if own.len() >= quorum {
            // An earlier round of ours was committed after all.
            return self.committed(now_us, ballot.generation, mine);
        }
        if promises.len() < quorum {
            return Step::keep();
        }
        let silent = self.config.cluster_size as usize - promises.len();
        if !rivals.is_empty() && rivals.len() + silent >= quorum {
            // The silent servers might complete a majority for this
            // generation: wait for them (the timeout reports it unsure).
            return Step::keep();
        }
        // This generation is not committed, and now cannot be by anyone
        // whose ballot is below ours: write it.
        let value = self.new_value();
        self.phase = Phase::Accepting {
            ballot,
            accepted: LiteSet::new(),
        };
        let all = self.all();
        self.send_all(&all, Request::Accept { ballot, value }, now_us)
    }

    /// Design 5: `value` is committed at `generation`.
    fn committed(&mut self, now_us: u64, generation: u64, value: Value) -> Step {
        let outcome = match &self.op {
            Op::Cas { expect, .. } => Outcome::Swapped {
                from: expect.clone(),
                to: value,
                generation,
            },
            _ => Outcome::Saved { value, generation },
        };
        self.finish(now_us, outcome)
    }

    /// A round of design 5 failed: pause and start over, or give up.
    fn retry_write(&mut self, now_us: u64, why: String) -> Step {
        if self.write_attempts >= self.config.write_attempts {
            let why = format!("{why}, after {} tries", self.write_attempts);
            let value = self.new_value();
            return self.finish(now_us, Outcome::NotSaved { value, why });
        }
        // A pause that grows with each try and differs per client, so two
        // rivals do not collide again.
        let pause = self.config.read_pause_us / 2 * u64::from(self.write_attempts)
            + 7_000 * u64::from(self.id.0);
        self.read_attempts = 0;
        self.phase = Phase::Pausing;
        Step {
            send: Vec::new(),
            wake_at_us: Some(now_us + pause),
        }
    }
}

impl ClientStep<super::Storage> {
    /// Nothing to send, and the pending wake-up stands.
    fn keep() -> Self {
        ClientStep::default()
    }
}

/// What the clients of a run achieved: the `--json` summary's numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub clients: usize,
    pub finished: usize,
    pub writes_acknowledged: usize,
    pub writes_failed: usize,
    pub reads_ok: usize,
    pub reads_failed: usize,
    /// Of the failed reads, those that found no majority agreeing.
    pub reads_no_majority: usize,
    pub swaps: usize,
    pub rejected: usize,
    pub unsure: usize,
}

impl Report {
    /// A few words for the list of saved runs.
    pub fn headline(&self) -> String {
        let mut parts = Vec::new();
        let count = |n: usize, noun: &str| crate::words::count(n as u64, noun, None);
        for (n, what) in [
            (
                self.writes_acknowledged,
                format!("{} saved", self.writes_acknowledged),
            ),
            (
                self.writes_failed,
                format!("{} failed", count(self.writes_failed, "write")),
            ),
            (
                self.reads_ok,
                format!("{} ok", count(self.reads_ok, "read")),
            ),
            (
                self.reads_failed,
                format!("{} failed", count(self.reads_failed, "read")),
            ),
            (self.swaps, count(self.swaps, "swap")),
            (self.rejected, format!("{} rejected", self.rejected)),
            (self.unsure, format!("{} unsure", self.unsure)),
        ] {
            if n > 0 {
                parts.push(what);
            }
        }
        parts.join(", ")
    }
}

/// Tallies the clients' outcomes.
pub fn report<'a>(clients: impl IntoIterator<Item = &'a Client>) -> Report {
    let mut report = Report::default();
    report.tally(clients);
    report
}

impl Report {
    /// Adds a run's clients' outcomes to the counts (a sweep's totals).
    pub fn tally<'a>(&mut self, clients: impl IntoIterator<Item = &'a Client>) {
        let report = self;
        for client in clients {
            report.clients += 1;
            let Some(outcome) = &client.outcome else {
                continue;
            };
            report.finished += 1;
            match outcome {
                Outcome::Saved { .. } => report.writes_acknowledged += 1,
                Outcome::NotSaved { .. } => report.writes_failed += 1,
                Outcome::Read { .. } => report.reads_ok += 1,
                Outcome::ReadFailed { no_majority, .. } => {
                    report.reads_failed += 1;
                    report.reads_no_majority += usize::from(*no_majority);
                }
                Outcome::Swapped { .. } => report.swaps += 1,
                Outcome::NoLonger { .. } => report.rejected += 1,
                Outcome::Unsure { .. } => report.unsure += 1,
            }
        }
    }
}
