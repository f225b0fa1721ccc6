//! A node: proposer, acceptor and learner together, plus the write-ahead rule
//! that holds messages back until the disk has caught up.

use super::acceptor::Vote;
use super::proposer::{chosen_among, AfterPromise};
use super::{
    Acceptor, Config, Durability, Durable, Input, Learner, Message, Output, Phase, Proposer, Reply,
    Request, Timer,
};
use super::{Ballot, WriteId};
use crate::collections::{LiteMap, LiteSet};
use crate::types::{ClientId, NodeId, Proposal, Value};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// One Paxos server. Only [`Node::handle`] changes it; the front ends, the
/// monitor and the tests look inside through its read-only view (the
/// methods named after its parts: [`Node::proposer`], [`Node::acceptor`],
/// [`Node::learner`], ...).
///
/// Its encoding (`Serialize`) is what a model checker tells states apart
/// by, so it leaves out what a search never changes: the node's id (its
/// place in the cluster) and the settings every node shares.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Node {
    #[serde(skip)]
    pub(crate) id: NodeId,
    #[serde(skip)]
    pub(crate) config: Config,
    pub(crate) proposer: Proposer,
    pub(crate) acceptor: Acceptor,
    pub(crate) learner: Learner,
    /// Disk writes issued so far (the id of the latest).
    pub(crate) writes_issued: WriteId,
    /// Disk writes known to be durable.
    pub(crate) writes_done: WriteId,
    /// Messages waiting for the disk: each may leave once its write is done.
    pub(crate) outbox: VecDeque<(WriteId, NodeId, Message)>,
    /// Clients waiting to hear the chosen value.
    pub(crate) waiting_clients: LiteSet<ClientId>,
    /// Reads this node is running as a learner, by id.
    pub(crate) reads: LiteMap<u64, Read>,
    pub(crate) next_read: u64,
}

/// A read in progress: who asked, and what each acceptor reported.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Read {
    pub client: ClientId,
    pub replies: LiteMap<NodeId, Option<Proposal>>,
}

impl Node {
    // The read-only view.

    pub fn id(&self) -> NodeId {
        self.id
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn proposer(&self) -> &Proposer {
        &self.proposer
    }

    pub fn acceptor(&self) -> &Acceptor {
        &self.acceptor
    }

    pub fn learner(&self) -> &Learner {
        &self.learner
    }

    /// Disk writes issued so far (the id of the latest).
    pub fn writes_issued(&self) -> WriteId {
        self.writes_issued
    }

    /// Disk writes known to be durable.
    pub fn writes_done(&self) -> WriteId {
        self.writes_done
    }

    /// Reads this node is running as a learner, by id.
    pub fn reads(&self) -> &LiteMap<u64, Read> {
        &self.reads
    }

    /// A node starting with an empty disk.
    pub fn new(id: NodeId, config: Config) -> Node {
        Node::recover(id, config, Durable::default())
    }

    /// A node (re)starting from what its disk holds. Everything else, such as
    /// an unfinished ballot or a learned value, was volatile and is gone.
    pub fn recover(id: NodeId, config: Config, durable: Durable) -> Node {
        let acceptor = Acceptor::from_durable(durable);
        let mut proposer = Proposer::default();
        acceptor
            .promised
            .into_iter()
            .for_each(|b| proposer.observe(b));
        Node {
            id,
            config,
            proposer,
            acceptor,
            learner: Learner::default(),
            writes_issued: 0,
            writes_done: 0,
            outbox: VecDeque::new(),
            waiting_clients: LiteSet::new(),
            reads: LiteMap::new_vec(),
            next_read: 0,
        }
    }

    /// Handles one input at time `now_us`, appending what the node wants done
    /// to `out`. The core keeps no clock; `now_us` is accepted so that every
    /// protocol shares this signature, and single-decree Paxos needs only
    /// relative timers.
    pub fn handle(&mut self, now_us: u64, input: Input, out: &mut Vec<Output>) {
        let _ = now_us;
        match input {
            Input::Request {
                client,
                value: Request::Propose(value),
            } => self.on_request(client, value, out),
            Input::Request {
                client,
                value: Request::Read,
            } => self.start_read(client, out),
            Input::Receive { from, msg } => self.on_message(from, msg, out),
            Input::Timeout {
                timer: Timer::Retry,
            } => self.on_retry(out),
            Input::Timeout {
                timer: Timer::Read { id },
            } => {
                if let Some(read) = self.reads.remove(&id) {
                    out.push(Output::Reply {
                        client: read.client,
                        value: Reply::NoMajority,
                    });
                }
            }
            Input::PersistDone { write } => self.on_persisted(write, out),
        }
    }

    fn on_request(&mut self, client: ClientId, value: Value, out: &mut Vec<Output>) {
        if let Some(chosen) = self.learner.learned_value() {
            out.push(Output::Reply {
                client,
                value: Reply::Chosen(chosen.clone()),
            });
            return;
        }
        self.waiting_clients.insert(client);
        // A proposer that already has a value is mid-ballot or backing off;
        // the new client simply waits for the outcome with the others.
        if self.proposer.value.is_none() {
            self.proposer.value = Some(value);
            self.start_ballot(out);
        }
    }

    /// A client's read: ask every acceptor what it accepted, this node's
    /// own first, and answer once the reports settle it (or time runs out).
    fn start_read(&mut self, client: ClientId, out: &mut Vec<Output>) {
        let id = self.next_read;
        self.next_read += 1;
        self.reads.insert(
            id,
            Read {
                client,
                replies: LiteMap::new_vec(),
            },
        );
        out.push(Output::SetTimer {
            timer: Timer::Read { id },
            after_us: self.config.retry_timeout_us,
            jitter_us: 0,
        });
        self.broadcast(Message::Read { id }, true, out);
    }

    /// A report for read `id`: answer once a phase-2 quorum agree on a
    /// proposal (it is chosen), or enough report nothing (nothing can be
    /// chosen yet), or neither can happen any more (no majority).
    fn on_read_reply(
        &mut self,
        from: NodeId,
        id: u64,
        accepted: Option<Proposal>,
        out: &mut Vec<Output>,
    ) {
        let Some(read) = self.reads.get_mut(&id) else {
            return;
        };
        read.replies.insert(from, accepted);
        let config = &self.config;
        let n = config.cluster_size as usize;
        let silent = n - read.replies.len();
        let nothing = read.replies.values().filter(|a| a.is_none()).count();
        let answer = if let Some(chosen) = chosen_among(read.replies.values().flatten(), config) {
            Some(Reply::Read(Some(chosen.value)))
        } else if nothing >= config.nothing_quorum() {
            Some(Reply::Read(None))
        } else {
            // Could the silent acceptors still complete an agreeing quorum?
            let mut best = 0;
            for p in read.replies.values().flatten() {
                let agree = read
                    .replies
                    .values()
                    .flatten()
                    .filter(|q| {
                        q.value == p.value
                            && (config.bugs.count_across_ballots || q.ballot == p.ballot)
                    })
                    .count();
                best = best.max(agree);
            }
            let possible =
                best + silent >= config.q2() || nothing + silent >= config.nothing_quorum();
            (!possible).then_some(Reply::NoMajority)
        };
        if let Some(value) = answer {
            let read = self.reads.remove(&id).expect("present");
            out.push(Output::CancelTimer {
                timer: Timer::Read { id },
            });
            out.push(Output::Reply {
                client: read.client,
                value,
            });
        }
    }

    fn on_retry(&mut self, out: &mut Vec<Output>) {
        if self.proposer.phase == Phase::Done || self.proposer.value.is_none() {
            return;
        }
        if self.proposer.ballot().is_some() {
            // The ballot timed out: count it as failed.
            self.proposer.failed_ballots += 1;
        }
        self.start_ballot(out);
    }

    /// Phase 1a: a new ballot, sent to every acceptor, this node's first.
    fn start_ballot(&mut self, out: &mut Vec<Output>) {
        let ballot = self.proposer.next_ballot(self.id);
        let doublings = self.proposer.failed_ballots.min(20);
        let timeout_us =
            (self.config.retry_timeout_us << doublings).min(self.config.retry_timeout_max_us);
        out.push(Output::SetTimer {
            timer: Timer::Retry,
            after_us: timeout_us,
            jitter_us: if self.config.backoff {
                timeout_us / 2
            } else {
                0
            },
        });
        self.broadcast(Message::Prepare { ballot }, true, out);
    }

    /// The current ballot failed: try again, after a random pause if backoff
    /// is on, at once otherwise.
    fn abandon_ballot(&mut self, out: &mut Vec<Output>) {
        self.proposer.failed_ballots += 1;
        if !self.config.backoff {
            self.start_ballot(out);
            return;
        }
        self.proposer.phase = Phase::Idle;
        let doublings = (self.proposer.failed_ballots - 1).min(16);
        let window = (self.config.backoff_base_us << doublings).min(self.config.backoff_max_us);
        out.push(Output::SetTimer {
            timer: Timer::Retry,
            after_us: 0,
            jitter_us: window,
        });
    }

    fn on_message(&mut self, from: NodeId, msg: Message, out: &mut Vec<Output>) {
        match msg {
            Message::Prepare { ballot } => {
                self.proposer.observe(ballot);
                let vote = self.acceptor.on_prepare(ballot, &self.config.bugs);
                self.vote(from, vote, out);
            }
            Message::Accept { ballot, value } => {
                self.proposer.observe(ballot);
                let vote = self.acceptor.on_accept(ballot, value, &self.config.bugs);
                self.vote(from, vote, out);
            }
            Message::Promise { ballot, accepted } => {
                match self
                    .proposer
                    .on_promise(from, ballot, accepted, &self.config)
                {
                    AfterPromise::Wait => {}
                    AfterPromise::Accept { value, quorum } => {
                        out.push(Output::Quorum {
                            ballot,
                            phase: 1,
                            members: quorum,
                        });
                        self.broadcast(Message::Accept { ballot, value }, true, out);
                    }
                    AfterPromise::Chosen {
                        proposal:
                            Proposal {
                                ballot: chosen,
                                value,
                            },
                        quorum,
                        voters,
                    } => {
                        // A quorum already accepted this in one ballot: it is
                        // chosen, so phase 2 is skipped.
                        out.push(Output::Quorum {
                            ballot,
                            phase: 1,
                            members: quorum,
                        });
                        if self.learner.learned.is_none() {
                            out.push(Output::Quorum {
                                ballot: chosen,
                                phase: 2,
                                members: voters,
                            });
                            self.learn(chosen, value.clone(), out);
                            self.broadcast(
                                Message::Decided {
                                    ballot: chosen,
                                    value,
                                },
                                false,
                                out,
                            );
                        }
                    }
                }
            }
            Message::Read { id } => {
                let accepted = self.acceptor.accepted.clone();
                self.send(from, Message::ReadReply { id, accepted }, out);
            }
            Message::ReadReply { id, accepted } => self.on_read_reply(from, id, accepted, out),
            Message::Accepted { ballot, value } => {
                if let Some(value) = self.learner.on_accepted(from, ballot, value, &self.config) {
                    let members = self.learner.votes[&ballot].1.iter().collect();
                    out.push(Output::Quorum {
                        ballot,
                        phase: 2,
                        members,
                    });
                    self.learn(ballot, value.clone(), out);
                    self.broadcast(Message::Decided { ballot, value }, false, out);
                }
            }
            Message::Reject { ballot, promised } => {
                self.proposer.observe(promised);
                if self.proposer.ballot() == Some(ballot) {
                    self.abandon_ballot(out);
                }
            }
            Message::Decided { ballot, value } => {
                if self.learner.learned.is_none() {
                    self.learn(ballot, value, out);
                }
            }
        }
    }

    /// The acceptor has voted: persist first if its state changed, then reply.
    /// (Unless a durability bug is switched on: see [`Durability`].)
    fn vote(&mut self, to: NodeId, vote: Vote, out: &mut Vec<Output>) {
        if vote.changed && self.config.durability != Durability::NoWrites {
            self.writes_issued += 1;
            out.push(Output::Persist {
                write: self.writes_issued,
                state: self.acceptor.durable(),
            });
        }
        self.send(to, vote.reply, out);
    }

    fn learn(&mut self, ballot: Ballot, value: Value, out: &mut Vec<Output>) {
        self.learner.learned = Some((ballot, value.clone()));
        self.proposer.phase = Phase::Done;
        self.proposer.failed_ballots = 0;
        out.push(Output::CancelTimer {
            timer: Timer::Retry,
        });
        out.push(Output::Decided {
            ballot,
            value: value.clone(),
        });
        for client in std::mem::take(&mut self.waiting_clients) {
            out.push(Output::Reply {
                client,
                value: Reply::Chosen(value.clone()),
            });
        }
    }

    /// Sends `msg` to every node; this node's own copy first, handled in
    /// place, when `include_self`.
    fn broadcast(&mut self, msg: Message, include_self: bool, out: &mut Vec<Output>) {
        if include_self {
            // First, so that any write it causes holds back the copies below.
            self.send(self.id, msg.clone(), out);
        }
        let me = self.id;
        for to in self.config.nodes().filter(|&to| to != me) {
            self.send(to, msg.clone(), out);
        }
    }

    /// Sends now if the disk is up to date; otherwise the message waits for
    /// every write issued so far (write-ahead). So no message ever leaves
    /// while one of this node's writes is in flight.
    fn send(&mut self, to: NodeId, msg: Message, out: &mut Vec<Output>) {
        let write_ahead = self.config.durability == Durability::WriteAhead;
        if write_ahead && self.writes_done < self.writes_issued {
            self.outbox.push_back((self.writes_issued, to, msg));
        } else {
            self.deliver(to, msg, out);
        }
    }

    fn deliver(&mut self, to: NodeId, msg: Message, out: &mut Vec<Output>) {
        if to == self.id {
            self.on_message(to, msg, out);
        } else {
            out.push(Output::Send { to, msg });
        }
    }

    fn on_persisted(&mut self, write: WriteId, out: &mut Vec<Output>) {
        if write <= self.writes_done || write > self.writes_issued {
            return; // stale or unknown: ignore
        }
        self.writes_done = write;
        // Release in order, each through `send` again: handling a released
        // message in place (this node's own copy of a broadcast) may issue a
        // new write, and then the rest must wait for it too. Otherwise a
        // Prepare could leave before this node's promise of it is durable.
        while let Some((needs, _, _)) = self.outbox.front() {
            if *needs > write {
                break;
            }
            let (_, to, msg) = self.outbox.pop_front().expect("front exists");
            self.send(to, msg, out);
        }
    }
}
