//! A storage server: one rule per design, and write-ahead like an acceptor.
//!
//! * Designs 1 to 3: `Write` overwrites the value, whatever it was (the last
//!   write to arrive wins, which is design 3's weakness); `Read` reports it.
//! * Generations: `Prepare` promises to refuse lower ballots and reports what
//!   the server has accepted; `Accept` is taken unless a higher ballot was
//!   promised; `Read` reports the value with its ballot.
//!
//! Every answer waits until everything the server wrote before it is on
//! disk, so a server never tells a client something it could forget.

use super::{Config, Design, Durable, GenBallot, Input, Output, Reply, Request};
use crate::protocol::WriteId;
use crate::types::{ClientId, NodeId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Node {
    pub(crate) id: NodeId,
    pub(crate) config: Config,
    /// What the server holds (its disk, once the writes in flight land).
    pub(crate) state: Durable,
    next_write: WriteId,
    /// The last write issued and the last one known durable.
    issued: Option<WriteId>,
    durable: Option<WriteId>,
    /// Answers waiting for the disk, in order.
    pub(crate) outbox: Vec<(ClientId, Reply)>,
}

impl Node {
    // The read-only view.

    pub fn id(&self) -> NodeId {
        self.id
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What the server holds (its disk, once the writes in flight land).
    pub fn state(&self) -> &Durable {
        &self.state
    }

    /// Answers waiting for the disk, in order.
    pub fn outbox(&self) -> &[(ClientId, Reply)] {
        &self.outbox
    }

    pub fn recover(id: NodeId, config: Config, disk: Durable) -> Node {
        Node {
            id,
            config,
            state: disk,
            next_write: 0,
            issued: None,
            durable: None,
            outbox: Vec::new(),
        }
    }

    pub fn handle(&mut self, input: Input, out: &mut Vec<Output>) {
        match input {
            Input::Request { client, value } => {
                if let Some(reply) = self.on_request(value, out) {
                    self.outbox.push((client, reply));
                }
            }
            Input::PersistDone { write } => {
                self.durable = Some(write);
            }
            Input::Receive { msg, .. } => match msg {},
            Input::Timeout { timer } => match timer {},
        }
        if self.durable == self.issued {
            for (client, value) in self.outbox.drain(..) {
                out.push(Output::Reply { client, value });
            }
        }
    }

    fn persist(&mut self, out: &mut Vec<Output>) {
        let write = self.next_write;
        self.next_write += 1;
        self.issued = Some(write);
        out.push(Output::Persist {
            write,
            state: self.state.clone(),
        });
    }

    fn on_request(&mut self, request: Request, out: &mut Vec<Output>) -> Option<Reply> {
        let generations = self.config.design == Design::Generations;
        match request {
            Request::Write { value } if !generations => {
                self.state.value = Some(value.clone());
                self.persist(out);
                Some(Reply::Ack { value })
            }
            Request::Read => Some(Reply::ReadReply {
                value: self.state.value.clone(),
                accepted: self.state.accepted,
            }),
            Request::Prepare { ballot } if generations => {
                let past = self.past();
                if past.is_some_and(|p| ballot <= p) {
                    return Some(Reply::Reject {
                        ballot,
                        promised: past.expect("checked"),
                    });
                }
                self.state.promised = Some(ballot);
                self.persist(out);
                Some(Reply::Promise {
                    ballot,
                    accepted: self.state.accepted_pair(),
                })
            }
            Request::Accept { ballot, value } if generations => {
                let past = self.past();
                if past.is_some_and(|p| ballot < p) {
                    return Some(Reply::Reject {
                        ballot,
                        promised: past.expect("checked"),
                    });
                }
                self.state.promised = Some(ballot);
                self.state.accepted = Some(ballot);
                self.state.value = Some(value.clone());
                self.persist(out);
                Some(Reply::Accepted { ballot, value })
            }
            // A request of another design: not for this server.
            _ => None,
        }
    }

    /// The highest ballot this server has promised or accepted.
    fn past(&self) -> Option<GenBallot> {
        self.state.promised.max(self.state.accepted)
    }
}
