//! A Multi-Paxos replica: acceptor, leader (proposer), learner and the
//! key-value state machine together, plus the write-ahead rule that holds
//! messages back until the disk has caught up.

use super::{
    recover, Accepted, Acceptor, Config, Decision, DiskWrite, Input, Message, Output, Promise,
    Reply, Slot, Timer,
};
use crate::collections::{LiteMap, LiteSet};
use crate::kv::{KvStore, Request};
use crate::protocol::WriteId;
use crate::types::{Ballot, ClientId, NodeId};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The most chosen entries one catch-up answer carries.
pub const CATCH_UP_BATCH: usize = 64;

/// What a replica is doing about leadership.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Following a leader (or waiting for one to appear).
    Follower,
    /// Running phase 1 for every slot from `from` on, collecting promises.
    Candidate {
        ballot: Ballot,
        from: Slot,
        promises: LiteMap<NodeId, Promise>,
    },
    /// Phase 1 done: proposing in `ballot`, one round trip per command.
    Leader { ballot: Ballot },
}

/// A slot the leader has proposed and not yet seen chosen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InFlight {
    pub request: Request,
    /// Acceptors that accepted it in the leader's ballot.
    pub votes: LiteSet<NodeId>,
    /// When its `Accept` was last sent (for resending after a loss). Left
    /// out of a state's fingerprint, with [`Node`]'s clock: the model
    /// checker keeps no time, and resends at every heartbeat (a retry
    /// period of 1 µs), so when it was sent decides nothing there.
    #[serde(skip)]
    pub sent_us: u64,
}

/// One Multi-Paxos replica. Only [`Node::handle`] changes it; the front
/// ends, the monitor and the tests look inside through its read-only view
/// (the methods named after its parts: [`Node::role`], [`Node::log`],
/// [`Node::executed`], ...).
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
    /// The durable part: one promise, and what was accepted per slot.
    pub(crate) acceptor: Acceptor,
    pub(crate) role: Role,
    /// The highest ballot seen anywhere, so a new ballot goes above it.
    pub(crate) seen: Option<Ballot>,
    /// Who this replica believes leads, and in which ballot.
    pub(crate) leader: Option<(NodeId, Ballot)>,
    /// Elections this replica started that failed, in a row (they lengthen
    /// its randomized election timeout).
    pub(crate) failed_elections: u32,
    /// As leader: the next slot for a new command, the slots in flight, and
    /// commands waiting for room in the pipeline window.
    pub(crate) next_slot: Slot,
    pub(crate) in_flight: LiteMap<Slot, InFlight>,
    pub(crate) queue: VecDeque<Request>,
    /// The learner: every slot known chosen, with the ballot and request.
    pub(crate) log: LiteMap<Slot, Accepted>,
    /// Every slot up to this one has been applied to `kv`, in order.
    pub(crate) executed: Slot,
    pub(crate) kv: KvStore,
    /// Clients waiting at this replica for a command's result, with the
    /// command's sequence number.
    pub(crate) waiting: LiteMap<ClientId, u64>,
    pub(crate) writes_issued: WriteId,
    pub(crate) writes_done: WriteId,
    /// Messages waiting for the disk: each may leave once its write is done.
    pub(crate) outbox: VecDeque<(WriteId, NodeId, Message)>,
    /// The time of the input being handled (the core keeps no clock).
    /// Not part of the state the model checker compares (see
    /// [`InFlight::sent_us`]).
    #[serde(skip)]
    pub(crate) now_us: u64,
}

impl Node {
    // The read-only view.

    pub fn id(&self) -> NodeId {
        self.id
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The durable part: one promise, and what was accepted per slot.
    pub fn acceptor(&self) -> &Acceptor {
        &self.acceptor
    }

    pub fn role(&self) -> &Role {
        &self.role
    }

    /// Who this replica believes leads, and in which ballot.
    pub fn leader(&self) -> Option<(NodeId, Ballot)> {
        self.leader
    }

    /// As leader: the slots proposed and not yet seen chosen.
    pub fn in_flight(&self) -> &LiteMap<Slot, InFlight> {
        &self.in_flight
    }

    /// As leader: commands waiting for room in the pipeline window.
    pub fn queue(&self) -> &VecDeque<Request> {
        &self.queue
    }

    /// Every slot known chosen, with the ballot and request.
    pub fn log(&self) -> &LiteMap<Slot, Accepted> {
        &self.log
    }

    /// Every slot up to this one has been applied to [`Node::kv`], in order.
    pub fn executed(&self) -> Slot {
        self.executed
    }

    pub fn kv(&self) -> &KvStore {
        &self.kv
    }

    /// Disk writes issued, and done (the rest are in progress).
    pub fn writes_issued(&self) -> WriteId {
        self.writes_issued
    }

    pub fn writes_done(&self) -> WriteId {
        self.writes_done
    }

    /// A replica (re)starting from what its disk holds. Its log, state
    /// machine and leadership were volatile: it relearns them from peers.
    pub fn recover(id: NodeId, config: Config, acceptor: Acceptor) -> Node {
        Node {
            id,
            config,
            seen: acceptor.promised,
            acceptor,
            role: Role::Follower,
            leader: None,
            failed_elections: 0,
            next_slot: 1,
            in_flight: LiteMap::new_vec(),
            queue: VecDeque::new(),
            log: LiteMap::new_vec(),
            executed: 0,
            kv: KvStore::default(),
            waiting: LiteMap::new_vec(),
            writes_issued: 0,
            writes_done: 0,
            outbox: VecDeque::new(),
            now_us: 0,
        }
    }

    /// The first slot this replica does not know to be chosen.
    pub fn first_unchosen(&self) -> Slot {
        self.executed + 1
    }

    /// The ballot this replica leads in, if it is the leader.
    pub fn leading(&self) -> Option<Ballot> {
        match self.role {
            Role::Leader { ballot } => Some(ballot),
            _ => None,
        }
    }

    /// The replica has just started: wait for a leader's heartbeat.
    pub fn start(&mut self, out: &mut Vec<Output>) {
        self.arm_election(out);
    }

    pub fn handle(&mut self, now_us: u64, input: Input, out: &mut Vec<Output>) {
        self.now_us = now_us;
        match input {
            Input::Request { client, value } => self.on_request(now_us, client, value, out),
            Input::Receive { from, msg } => self.on_message(now_us, from, msg, out),
            Input::Timeout { timer } => match timer {
                Timer::Election => self.start_election(out),
                Timer::Heartbeat => self.on_heartbeat_timer(now_us, out),
            },
            Input::PersistDone { write } => self.on_persisted(write, out),
        }
    }

    // ----- clients -----

    fn on_request(
        &mut self,
        now_us: u64,
        client: ClientId,
        request: Request,
        out: &mut Vec<Output>,
    ) {
        let seq = request.seq;
        match self.kv.sessions.get(&client) {
            Some((done, outcome)) if *done == seq => {
                let outcome = outcome.clone();
                out.push(Output::Reply {
                    client,
                    value: Reply::Done { seq, outcome },
                });
                return;
            }
            Some((done, _)) if *done > seq => return, // an old retry
            _ => {}
        }
        if self.leading().is_some() {
            self.waiting.insert(client, seq);
            self.propose(now_us, request, out);
        } else if let Some((leader, _)) = self.leader.filter(|_| self.config.forward) {
            self.waiting.insert(client, seq);
            self.send(leader, Message::Forward { request }, out);
        } else {
            out.push(Output::Reply {
                client,
                value: Reply::Redirect {
                    seq,
                    leader: self.leader.map(|(leader, _)| leader),
                },
            });
        }
    }

    /// As leader: give `request` a slot if the window has room, else queue
    /// it. A command already in flight, queued or applied is not proposed
    /// again.
    fn propose(&mut self, now_us: u64, request: Request, out: &mut Vec<Output>) {
        let applied = self
            .kv
            .sessions
            .get(&request.client)
            .is_some_and(|(seq, _)| *seq >= request.seq);
        let pending =
            self.in_flight.values().any(|f| f.request == request) || self.queue.contains(&request);
        if applied || pending {
            return;
        }
        self.queue.push_back(request);
        self.fill_window(now_us, out);
    }

    /// Proposes queued commands while fewer than `window` slots are in flight.
    fn fill_window(&mut self, now_us: u64, out: &mut Vec<Output>) {
        let Some(ballot) = self.leading() else {
            return;
        };
        while (self.in_flight.len() as u64) < self.config.window {
            let Some(request) = self.queue.pop_front() else {
                break;
            };
            let slot = self.next_slot;
            self.next_slot += 1;
            self.propose_in(now_us, ballot, slot, request, out);
        }
    }

    fn propose_in(
        &mut self,
        now_us: u64,
        ballot: Ballot,
        slot: Slot,
        request: Request,
        out: &mut Vec<Output>,
    ) {
        self.in_flight.insert(
            slot,
            InFlight {
                request: request.clone(),
                votes: LiteSet::new(),
                sent_us: now_us,
            },
        );
        let msg = Message::Accept {
            ballot,
            slot,
            request,
        };
        self.broadcast(msg, true, out);
    }

    // ----- leadership -----

    fn arm_election(&mut self, out: &mut Vec<Output>) {
        let base = self.config.election_timeout_us;
        let jitter = if self.config.backoff {
            base << self.failed_elections.min(4)
        } else {
            0
        };
        out.push(Output::SetTimer {
            timer: Timer::Election,
            after_us: base,
            jitter_us: jitter,
        });
    }

    /// No word from a leader for too long: run phase 1, for every slot from
    /// the first one this replica does not know to be chosen.
    fn start_election(&mut self, out: &mut Vec<Output>) {
        if self.leading().is_some() {
            return;
        }
        if matches!(self.role, Role::Candidate { .. }) {
            self.failed_elections += 1;
        }
        let round = self.seen.map_or(0, |b| b.round) + 1;
        let ballot = Ballot::new(round, self.id);
        self.seen = Some(ballot);
        let from = self.first_unchosen();
        self.role = Role::Candidate {
            ballot,
            from,
            promises: LiteMap::new_vec(),
        };
        self.leader = None;
        self.arm_election(out);
        self.broadcast(Message::Prepare { ballot, from }, true, out);
    }

    fn on_promise(&mut self, now_us: u64, from: NodeId, promise: Promise, out: &mut Vec<Output>) {
        let quorum = self.config.quorum();
        let Role::Candidate {
            ballot,
            from: first,
            promises,
        } = &mut self.role
        else {
            return;
        };
        if promise.ballot != *ballot {
            return;
        }
        promises.insert(from, promise);
        if promises.len() < quorum {
            return;
        }
        let (ballot, first) = (*ballot, *first);
        let promises: Vec<Promise> = promises.values().cloned().collect();
        let plan = recover(&promises, &self.log, first);
        self.role = Role::Leader { ballot };
        self.leader = Some((self.id, ballot));
        self.failed_elections = 0;
        self.next_slot = plan.next_slot.max(self.first_unchosen());
        out.push(Output::CancelTimer {
            timer: Timer::Election,
        });
        self.heartbeat(out);
        for (slot, request) in plan.proposals {
            self.propose_in(now_us, ballot, slot, request, out);
        }
        self.fill_window(now_us, out);
    }

    /// Someone holds a higher ballot: stop leading or campaigning, and wait
    /// for the new leader (or time out and campaign again). When the higher
    /// ballot is a rival campaign (`contested`) and backoff is off, campaign
    /// again at once, with a ballot above it: that is how leaders duel.
    fn step_down(&mut self, higher: Ballot, contested: bool, out: &mut Vec<Output>) {
        self.observe(higher);
        let mine = match &self.role {
            Role::Leader { ballot } | Role::Candidate { ballot, .. } => *ballot,
            Role::Follower => return,
        };
        if higher <= mine {
            return;
        }
        if matches!(self.role, Role::Candidate { .. }) {
            self.failed_elections += 1;
        }
        self.role = Role::Follower;
        self.in_flight.clear();
        self.queue.clear();
        out.push(Output::CancelTimer {
            timer: Timer::Heartbeat,
        });
        if contested && !self.config.backoff {
            self.start_election(out);
        } else {
            self.arm_election(out);
        }
    }

    fn observe(&mut self, ballot: Ballot) {
        if self.seen.is_none_or(|seen| seen < ballot) {
            self.seen = Some(ballot);
        }
    }

    /// `leader` showed it leads in `ballot`: follow it, and put off any
    /// election of our own.
    fn follow(&mut self, leader: NodeId, ballot: Ballot, out: &mut Vec<Output>) {
        self.step_down(ballot, false, out);
        if self.leading().is_some() {
            return;
        }
        if matches!(self.role, Role::Candidate { ballot: mine, .. } if mine >= ballot) {
            return;
        }
        self.role = Role::Follower;
        self.leader = Some((leader, ballot));
        self.failed_elections = 0;
        self.arm_election(out);
    }

    fn on_heartbeat_timer(&mut self, now_us: u64, out: &mut Vec<Output>) {
        let Some(ballot) = self.leading() else {
            return;
        };
        self.heartbeat(out);
        // Resend each proposal that has waited a full retry period: an
        // Accept or Accepted may have been lost.
        let stale: Vec<Slot> = self
            .in_flight
            .iter()
            .filter(|(_, f)| now_us >= f.sent_us + self.config.retry_us)
            .map(|(slot, _)| *slot)
            .collect();
        for slot in stale {
            let flight = self.in_flight.get_mut(&slot).expect("listed above");
            flight.sent_us = now_us;
            let (request, votes) = (flight.request.clone(), flight.votes.clone());
            let msg = Message::Accept {
                ballot,
                slot,
                request,
            };
            for to in self.config.nodes().filter(|to| !votes.contains(to)) {
                self.send(to, msg.clone(), out);
            }
        }
    }

    fn heartbeat(&mut self, out: &mut Vec<Output>) {
        let Some(ballot) = self.leading() else {
            return;
        };
        let msg = Message::Heartbeat {
            ballot,
            chosen: self.executed,
        };
        self.broadcast(msg, false, out);
        out.push(Output::SetTimer {
            timer: Timer::Heartbeat,
            after_us: self.config.heartbeat_us,
            jitter_us: 0,
        });
    }

    // ----- messages -----

    fn on_message(&mut self, now_us: u64, from: NodeId, msg: Message, out: &mut Vec<Output>) {
        match msg {
            Message::Prepare {
                ballot,
                from: first,
            } => {
                self.observe(ballot);
                match self.acceptor.on_prepare(ballot, first) {
                    Ok((changed, promise)) => {
                        if from != self.id {
                            let campaigning = !matches!(self.role, Role::Follower);
                            self.step_down(ballot, true, out);
                            if !campaigning || self.config.backoff {
                                // Give the candidate time to finish.
                                self.arm_election(out);
                            }
                        }
                        if changed {
                            self.persist(ballot, Vec::new(), out);
                        }
                        self.send(from, Message::Promise(promise), out);
                    }
                    Err(promised) => self.send(from, Message::Reject { ballot, promised }, out),
                }
            }
            Message::Promise(promise) => self.on_promise(now_us, from, promise, out),
            Message::Accept {
                ballot,
                slot,
                request,
            } => {
                self.observe(ballot);
                match self.acceptor.on_accept(ballot, slot, request.clone()) {
                    Ok(changed) => {
                        if from != self.id {
                            self.follow(from, ballot, out);
                        }
                        if changed {
                            let accepted = Accepted { ballot, request };
                            self.persist(ballot, vec![(slot, accepted)], out);
                        }
                        self.send(from, Message::Accepted { ballot, slot }, out);
                    }
                    Err(promised) => self.send(from, Message::Reject { ballot, promised }, out),
                }
            }
            Message::Accepted { ballot, slot } => {
                if self.leading() != Some(ballot) {
                    return;
                }
                let quorum = self.config.quorum();
                let Some(flight) = self.in_flight.get_mut(&slot) else {
                    return;
                };
                flight.votes.insert(from);
                if flight.votes.len() < quorum {
                    return;
                }
                let request = self.in_flight.remove(&slot).expect("found above").request;
                let accepted = Accepted { ballot, request };
                let msg = Message::Decided {
                    slot,
                    ballot,
                    request: accepted.request.clone(),
                };
                self.broadcast(msg, false, out);
                self.learn(slot, accepted, out);
                self.fill_window(now_us, out);
            }
            Message::Reject { ballot, promised } => {
                let mine = match &self.role {
                    Role::Leader { ballot } | Role::Candidate { ballot, .. } => Some(*ballot),
                    Role::Follower => None,
                };
                if mine == Some(ballot) {
                    self.step_down(promised, true, out);
                } else {
                    self.observe(promised);
                }
            }
            Message::Decided {
                slot,
                ballot,
                request,
            } => self.learn(slot, Accepted { ballot, request }, out),
            Message::Heartbeat { ballot, chosen } => {
                if self.acceptor.promised.is_some_and(|p| p > ballot) {
                    let promised = self.acceptor.promised.expect("checked");
                    self.send(from, Message::Reject { ballot, promised }, out);
                    return;
                }
                self.follow(from, ballot, out);
                if chosen > self.executed {
                    let from_slot = self.first_unchosen();
                    self.send(from, Message::CatchUp { from: from_slot }, out);
                }
            }
            Message::CatchUp { from: first } => {
                let entries: Vec<(Slot, Accepted)> =
                    crate::collections::from_key(&self.log, &first)
                        .iter()
                        .take(CATCH_UP_BATCH)
                        .cloned()
                        .collect();
                if !entries.is_empty() {
                    self.send(from, Message::Entries { entries }, out);
                }
            }
            Message::Entries { entries } => {
                let full = entries.len() == CATCH_UP_BATCH;
                for (slot, accepted) in entries {
                    self.learn(slot, accepted, out);
                }
                if full {
                    let first = self.first_unchosen();
                    self.send(from, Message::CatchUp { from: first }, out);
                }
            }
            Message::Forward { request } => {
                if self.leading().is_some() {
                    self.propose(now_us, request, out);
                }
            }
        }
    }

    /// A slot is chosen: record it, then apply every command that is now
    /// next in the log, answering the clients that wait here.
    fn learn(&mut self, slot: Slot, accepted: Accepted, out: &mut Vec<Output>) {
        if slot <= self.executed || self.log.contains_key(&slot) {
            return;
        }
        self.in_flight.remove(&slot);
        out.push(Output::Decided {
            ballot: accepted.ballot,
            value: Decision {
                slot,
                request: accepted.request.clone(),
            },
        });
        self.log.insert(slot, accepted);
        self.next_slot = self.next_slot.max(slot + 1);
        while let Some(entry) = self.log.get(&(self.executed + 1)) {
            self.executed += 1;
            let request = entry.request.clone();
            let Some(outcome) = self.kv.apply(&request) else {
                continue;
            };
            let client = request.client;
            match self.waiting.get(&client) {
                Some(&seq) if seq == request.seq => {
                    self.waiting.remove(&client);
                    out.push(Output::Reply {
                        client,
                        value: Reply::Done { seq, outcome },
                    });
                }
                Some(&seq) if seq < request.seq => {
                    self.waiting.remove(&client);
                }
                _ => {}
            }
        }
    }

    // ----- write-ahead -----

    fn persist(&mut self, promised: Ballot, slots: Vec<(Slot, Accepted)>, out: &mut Vec<Output>) {
        self.writes_issued += 1;
        out.push(Output::Persist {
            write: self.writes_issued,
            state: DiskWrite { promised, slots },
        });
    }

    /// Sends `msg` to every replica; this one's own copy first, handled in
    /// place, when `include_self` (so that a `Prepare` waits for this
    /// replica's own promise of it to be durable).
    fn broadcast(&mut self, msg: Message, include_self: bool, out: &mut Vec<Output>) {
        if include_self {
            self.send(self.id, msg.clone(), out);
        }
        let me = self.id;
        for to in self.config.nodes().filter(|&to| to != me) {
            self.send(to, msg.clone(), out);
        }
    }

    /// Sends `msg`. An acceptor's answer (and a `Prepare`, whose ballot the
    /// sender's own promise must cover) waits for every write issued so far:
    /// write-ahead. Everything else leaves at once. A message to this
    /// replica itself is handled in place.
    fn send(&mut self, to: NodeId, msg: Message, out: &mut Vec<Output>) {
        let needs_disk = matches!(
            msg,
            Message::Prepare { .. }
                | Message::Promise(_)
                | Message::Accepted { .. }
                | Message::Reject { .. }
        );
        if needs_disk && self.writes_done < self.writes_issued {
            self.outbox.push_back((self.writes_issued, to, msg));
        } else if to == self.id {
            self.on_message(self.now_us, to, msg, out);
        } else {
            out.push(Output::Send { to, msg });
        }
    }

    fn on_persisted(&mut self, write: WriteId, out: &mut Vec<Output>) {
        if write <= self.writes_done || write > self.writes_issued {
            return;
        }
        self.writes_done = write;
        while let Some((needs, _, _)) = self.outbox.front() {
            if *needs > write {
                break;
            }
            let (_, to, msg) = self.outbox.pop_front().expect("front exists");
            self.send(to, msg, out);
        }
    }
}
