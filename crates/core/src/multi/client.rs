//! A key-value client of the replicated log, sans-IO like the replicas.
//!
//! A client runs its commands one at a time (so its own commands are
//! ordered), each with the next sequence number. It sends a command to the
//! replica it believes leads; on a redirect it goes where it is told, and
//! when no answer comes within the retry timeout it sends the same command
//! (same sequence number) to the next replica. It records what it saw as a
//! history: one invocation and, if an answer came, one completion per
//! command, for the linearizability checker.

use super::{MultiPaxos, Reply};
use crate::kv::{Command, Outcome, Request};
use crate::linearizability::Operation;
use crate::protocol::ClientStep;
use crate::types::{ClientId, NodeId};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// What a client will do, as configured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientPlan {
    /// When it sends its first command.
    pub at_us: u64,
    /// The replica it tries first.
    pub node: NodeId,
    /// The pause between one answer and the next command.
    pub think_us: u64,
    pub commands: Commands,
}

/// A client's commands: a fixed list, or random ones.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Commands {
    Script(Vec<Command>),
    /// `count` random puts, gets and compare-and-sets over keys `k0`..,
    /// drawn from the client's own generator (seeded from the run's seed).
    Random {
        count: u64,
        keys: u8,
    },
}

/// One line of a client's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HistoryEvent {
    /// The client issued its command `seq` (first send; retries are not
    /// new invocations).
    Invoke {
        client: ClientId,
        seq: u64,
        command: Command,
        time_us: u64,
    },
    /// The client got its answer.
    Complete {
        client: ClientId,
        seq: u64,
        outcome: Outcome,
        time_us: u64,
    },
}

/// A client as it runs.
#[derive(Clone, Debug)]
pub struct Client {
    pub id: ClientId,
    pub plan: ClientPlan,
    rng: ChaCha8Rng,
    cluster_size: u8,
    /// Commands issued so far (the current one's sequence number).
    pub issued: u64,
    /// The command waiting for its answer, if any.
    pub current: Option<Request>,
    /// The replica it sends to.
    pub target: NodeId,
    /// Sends of the current command so far (1 for a first send).
    pub attempts: u64,
    pub history: Vec<HistoryEvent>,
}

impl Client {
    pub fn new(id: ClientId, plan: &ClientPlan, seed: u64, cluster_size: u8) -> Client {
        // Each client draws from its own stream of the run's seed.
        let stream = seed ^ (u64::from(id.0) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Client {
            id,
            target: plan.node,
            plan: plan.clone(),
            rng: ChaCha8Rng::seed_from_u64(stream),
            cluster_size,
            issued: 0,
            current: None,
            attempts: 0,
            history: Vec::new(),
        }
    }

    fn total(&self) -> u64 {
        match &self.plan.commands {
            Commands::Script(list) => list.len() as u64,
            Commands::Random { count, .. } => *count,
        }
    }

    pub fn is_done(&self) -> bool {
        self.current.is_none() && self.issued >= self.total()
    }

    fn next_command(&mut self) -> Command {
        match &self.plan.commands {
            Commands::Script(list) => list[(self.issued - 1) as usize].clone(),
            Commands::Random { keys, .. } => {
                let key = format!("k{}", self.rng.random_range(0..(*keys).max(1)));
                let value = format!("{}.{}", self.id, self.issued);
                match self.rng.random_range(0..10u8) {
                    0..=3 => Command::Put { key, value },
                    4..=6 => Command::Get { key },
                    _ => {
                        let expected = match self.rng.random_range(0..3u8) {
                            0 => None,
                            _ => Some(format!(
                                "c{}.{}",
                                self.rng.random_range(0..4u8),
                                self.rng.random_range(1..=self.issued)
                            )),
                        };
                        Command::Cas {
                            key,
                            expected,
                            new: value,
                        }
                    }
                }
            }
        }
    }

    fn next_node(&self, node: NodeId) -> NodeId {
        NodeId((node.0 + 1) % self.cluster_size.max(1))
    }

    /// Woken: issue the next command, or (if the current one is still
    /// unanswered) retry it at the next replica.
    pub fn wake(&mut self, now_us: u64, retry_us: u64) -> ClientStep<MultiPaxos> {
        let request = match &self.current {
            Some(request) => {
                if self.attempts > 0 {
                    self.target = self.next_node(self.target);
                }
                request.clone()
            }
            None => {
                if self.issued >= self.total() {
                    return ClientStep::default();
                }
                self.issued += 1;
                let command = self.next_command();
                self.history.push(HistoryEvent::Invoke {
                    client: self.id,
                    seq: self.issued,
                    command: command.clone(),
                    time_us: now_us,
                });
                let request = Request {
                    client: self.id,
                    seq: self.issued,
                    command,
                };
                self.current = Some(request.clone());
                self.attempts = 0;
                request
            }
        };
        self.attempts += 1;
        ClientStep {
            send: vec![(self.target, request)],
            wake_at_us: Some(now_us + retry_us),
        }
    }

    /// An answer from `from`.
    pub fn receive(
        &mut self,
        now_us: u64,
        from: NodeId,
        reply: Reply,
        retry_us: u64,
    ) -> ClientStep<MultiPaxos> {
        let Some(current) = &self.current else {
            return ClientStep::default();
        };
        match reply {
            Reply::Done { seq, outcome } if seq == current.seq => {
                self.history.push(HistoryEvent::Complete {
                    client: self.id,
                    seq,
                    outcome,
                    time_us: now_us,
                });
                self.current = None;
                self.target = from;
                ClientStep {
                    send: Vec::new(),
                    wake_at_us: Some(now_us + self.plan.think_us),
                }
            }
            Reply::Redirect { seq, leader } if seq == current.seq => match leader {
                Some(leader) if leader != from => {
                    self.target = leader;
                    self.attempts += 1;
                    ClientStep {
                        send: vec![(leader, current.clone())],
                        wake_at_us: Some(now_us + retry_us),
                    }
                }
                // Nobody knows a leader yet: try the next replica shortly.
                _ => ClientStep {
                    send: Vec::new(),
                    wake_at_us: Some(now_us + retry_us / 4),
                },
            },
            _ => ClientStep::default(),
        }
    }
}

/// Turns client histories into the checker's operations, in invocation
/// order. A command with no completion is an operation that may or may not
/// have taken effect.
pub fn operations<'a>(histories: impl IntoIterator<Item = &'a [HistoryEvent]>) -> Vec<Operation> {
    let mut ops: Vec<(u64, Operation)> = Vec::new();
    for history in histories {
        let mut open: Vec<(u64, usize)> = Vec::new();
        for event in history {
            match event {
                HistoryEvent::Invoke {
                    client,
                    seq,
                    command,
                    time_us,
                } => {
                    open.push((*seq, ops.len()));
                    ops.push((
                        *time_us,
                        Operation {
                            client: *client,
                            command: command.clone(),
                            invoked_us: *time_us,
                            completed: None,
                        },
                    ));
                }
                HistoryEvent::Complete {
                    seq,
                    outcome,
                    time_us,
                    ..
                } => {
                    if let Some(&(_, index)) = open.iter().find(|(s, _)| s == seq) {
                        ops[index].1.completed = Some((*time_us, outcome.clone()));
                    }
                }
            }
        }
    }
    ops.sort_by_key(|(time, op)| (*time, op.client));
    ops.into_iter().map(|(_, op)| op).collect()
}
