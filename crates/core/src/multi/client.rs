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
///
/// Random commands come from a versioned generator. A scenario names the
/// generator it was made with, so it replays the same commands (and so
/// the same trace) after a newer generator arrives; new runs use the
/// newest. (Postcard tells the variants apart by position, and JSON by
/// name: new generators go at the end, under a new name.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Commands {
    Script(Vec<Command>),
    /// Generator 1: `count` random puts, gets and compare-and-sets over
    /// keys `k0`.., drawn from the client's own stream of the run's seed.
    /// A compare-and-set expects a random value (`c0`..`c3`, some command
    /// number) or "unset", so it almost never matches. Runs made before
    /// generator 2 keep it.
    #[serde(rename = "random")]
    RandomV1 {
        count: u64,
        keys: u8,
    },
    /// Generator 2: the mix of generator 1 (4 in 10 puts, 3 gets, 3
    /// compare-and-sets), except that a compare-and-set is usually (3 times
    /// in 4) a read-modify-write: on the key of its client's previous
    /// command, expecting what the client saw there (the value it read or
    /// wrote, or the one a failed compare-and-set reported). So many of
    /// them succeed, and two clients that saw the same value race for it.
    #[serde(rename = "random_v2")]
    Random {
        count: u64,
        keys: u8,
    },
}

impl Commands {
    /// `count` random commands over `keys` keys, from the newest generator.
    pub fn random(count: u64, keys: u8) -> Commands {
        Commands::Random { count, keys }
    }

    /// How many commands the client runs.
    pub fn count(&self) -> u64 {
        match self {
            Commands::Script(list) => list.len() as u64,
            Commands::RandomV1 { count, .. } | Commands::Random { count, .. } => *count,
        }
    }

    /// The same workload from generator 1 (a `Script` stays as it is).
    pub fn with_generator_1(&self) -> Commands {
        match self {
            Commands::Random { count, keys } => Commands::RandomV1 {
                count: *count,
                keys: *keys,
            },
            other => other.clone(),
        }
    }
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
    pub(crate) id: ClientId,
    pub(crate) plan: ClientPlan,
    rng: ChaCha8Rng,
    cluster_size: u8,
    /// Commands issued so far (the current one's sequence number).
    pub(crate) issued: u64,
    /// The command waiting for its answer, if any.
    pub(crate) current: Option<Request>,
    /// The replica it sends to.
    pub(crate) target: NodeId,
    /// Sends of the current command so far (1 for a first send).
    pub(crate) attempts: u64,
    pub(crate) history: Vec<HistoryEvent>,
    /// The key of its last answered command, and what it saw of it there
    /// (`None`: unset): what generator 2's compare-and-sets expect.
    last: Option<(String, Option<String>)>,
}

/// A client as the model checker tells states apart: what decides its
/// next moves. The plan and cluster size are fixed for a run; the history
/// only records (no property the checker tests reads it, and its times
/// would keep two orders of the same events apart); the generator is its
/// position in its stream (the stream is fixed by the seed); and of its
/// sends, only whether the current command was sent yet matters.
impl Serialize for Client {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Moves<'a> {
            id: ClientId,
            issued: u64,
            current: &'a Option<Request>,
            target: NodeId,
            sent: bool,
            drawn: u128,
            last: &'a Option<(String, Option<String>)>,
        }
        Moves {
            id: self.id,
            issued: self.issued,
            current: &self.current,
            target: self.target,
            sent: self.attempts > 0,
            drawn: self.rng.get_word_pos(),
            last: &self.last,
        }
        .serialize(s)
    }
}

impl Client {
    // The read-only view.

    pub fn id(&self) -> ClientId {
        self.id
    }

    pub fn plan(&self) -> &ClientPlan {
        &self.plan
    }

    /// Commands issued so far (the current one's sequence number).
    pub fn issued(&self) -> u64 {
        self.issued
    }

    /// The command waiting for its answer, if any.
    pub fn current(&self) -> Option<&Request> {
        self.current.as_ref()
    }

    /// The replica it sends to.
    pub fn target(&self) -> NodeId {
        self.target
    }

    /// Sends of the current command so far (1 for a first send).
    pub fn attempts(&self) -> u64 {
        self.attempts
    }

    /// What it did and saw, in order: the history the linearizability
    /// checker reads.
    pub fn history(&self) -> &[HistoryEvent] {
        &self.history
    }

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
            last: None,
        }
    }

    fn total(&self) -> u64 {
        self.plan.commands.count()
    }

    pub fn is_done(&self) -> bool {
        self.current.is_none() && self.issued >= self.total()
    }

    fn next_command(&mut self) -> Command {
        match &self.plan.commands {
            Commands::Script(list) => list[(self.issued - 1) as usize].clone(),
            Commands::RandomV1 { keys, .. } => {
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
            Commands::Random { keys, .. } => {
                let keys = (*keys).max(1);
                let value = format!("{}.{}", self.id, self.issued);
                let random_key = |rng: &mut ChaCha8Rng| format!("k{}", rng.random_range(0..keys));
                match self.rng.random_range(0..10u8) {
                    0..=3 => Command::Put {
                        key: random_key(&mut self.rng),
                        value,
                    },
                    4..=6 => Command::Get {
                        key: random_key(&mut self.rng),
                    },
                    _ => {
                        let (key, expected) = match (&self.last, self.rng.random_range(0..4u8)) {
                            // Read-modify-write: the key of its previous
                            // command, from what it saw there.
                            (Some((key, seen)), 0..=2) => (key.clone(), seen.clone()),
                            // A guess: "unset", or one of its own earlier
                            // values, of a random key.
                            _ => {
                                let key = random_key(&mut self.rng);
                                match self.rng.random_range(0..self.issued) {
                                    0 => (key, None),
                                    earlier => (key, Some(format!("{}.{earlier}", self.id))),
                                }
                            }
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

    /// Remembers what an answer to `command` says about its key.
    fn learn(&mut self, command: &Command, outcome: &Outcome) {
        let value = match (command, outcome) {
            (Command::Put { value, .. }, Outcome::Done) => Some(value.clone()),
            (Command::Cas { new, .. }, Outcome::Done) => Some(new.clone()),
            (_, Outcome::Value(value)) | (_, Outcome::CasFailed { current: value }) => {
                value.clone()
            }
            _ => return,
        };
        if let Some(key) = command.key() {
            self.last = Some((key.to_string(), value));
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
                let command = current.command.clone();
                self.learn(&command, &outcome);
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
                            seq: *seq,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kv::execute;

    /// One client alone against a store that answers at once: every
    /// command it issued, with its answer.
    fn alone(commands: Commands, seed: u64) -> Vec<(Command, Outcome)> {
        let plan = ClientPlan {
            at_us: 0,
            node: NodeId(0),
            think_us: 0,
            commands,
        };
        let mut client = Client::new(ClientId(0), &plan, seed, 3);
        let mut store = crate::collections::LiteMap::new_vec();
        let mut seen = Vec::new();
        let mut now = 0;
        while let Some((_, request)) = client.wake(now, 1_000).send.pop() {
            let outcome = execute(&mut store, &request.command);
            seen.push((request.command.clone(), outcome.clone()));
            now += 1;
            let reply = Reply::Done {
                seq: request.seq,
                outcome,
            };
            client.receive(now, NodeId(0), reply, 1_000);
        }
        seen
    }

    fn matched(run: &[(Command, Outcome)]) -> (usize, usize) {
        let cas: Vec<_> = run
            .iter()
            .filter(|(c, _)| matches!(c, Command::Cas { .. }))
            .collect();
        let ok = cas.iter().filter(|(_, o)| *o == Outcome::Done).count();
        (ok, cas.len())
    }

    /// Generator 2's compare-and-sets are mostly read-modify-writes: on the
    /// key of the client's previous command, expecting what it saw there.
    /// With no other client, every one of those matches.
    #[test]
    fn generator_2_compare_and_sets_expect_what_their_client_last_saw() {
        let (mut rmw, mut total) = (0, 0);
        for seed in 0..20 {
            let run = alone(Commands::random(200, 3), seed);
            assert_eq!(run.len(), 200);
            for pair in run.windows(2) {
                let ((before, answer), (now, outcome)) = (&pair[0], &pair[1]);
                let Command::Cas { key, expected, .. } = now else {
                    continue;
                };
                total += 1;
                let saw = match (before, answer) {
                    (Command::Put { value, .. }, Outcome::Done) => Some(value.clone()),
                    (Command::Cas { new, .. }, Outcome::Done) => Some(new.clone()),
                    (_, Outcome::Value(v) | Outcome::CasFailed { current: v }) => v.clone(),
                    _ => unreachable!(),
                };
                if before.key() == Some(key.as_str()) && *expected == saw {
                    rmw += 1;
                    assert_eq!(*outcome, Outcome::Done, "seed {seed}: {now}");
                }
            }
        }
        assert!(rmw * 10 >= total * 7, "{rmw} of {total} read-modify-writes");
        let (ok, cas) = matched(&alone(Commands::random(1000, 3), 1));
        assert!(ok * 10 >= cas * 7, "{ok} of {cas} matched");
    }

    /// Generator 1 stays what it was, for the scenarios made with it: its
    /// compare-and-sets expect random values, and almost never match.
    #[test]
    fn generator_1_is_kept_as_it_was() {
        let run = alone(Commands::RandomV1 { count: 5, keys: 3 }, 0);
        let text: Vec<String> = run.iter().map(|(c, o)| format!("{c} {o}")).collect();
        assert_eq!(
            text,
            [
                "get(k0) = ∅",
                "put(k0,c0.2) ok",
                "put(k1,c0.3) ok",
                "get(k2) = ∅",
                "cas(k0,c3.2,c0.5) failed, is c0.2"
            ]
        );
        let (ok, cas) = matched(&alone(
            Commands::RandomV1 {
                count: 1000,
                keys: 3,
            },
            1,
        ));
        assert!(ok * 20 < cas, "{ok} of {cas} matched");
    }

    /// Scenarios name their generator: `random` (generator 1, as every
    /// scenario made before generator 2 wrote it) and `random_v2`, in JSON
    /// and at positions 1 and 2 in link bytes.
    #[test]
    fn workload_generators_have_stable_names_and_positions() {
        let v1 = Commands::RandomV1 { count: 4, keys: 3 };
        let v2 = Commands::random(4, 3);
        assert_eq!(
            serde_json::to_string(&v1).unwrap(),
            r#"{"random":{"count":4,"keys":3}}"#
        );
        assert_eq!(
            serde_json::to_string(&v2).unwrap(),
            r#"{"random_v2":{"count":4,"keys":3}}"#
        );
        assert_eq!(postcard::to_allocvec(&v1).unwrap(), [1, 4, 3]);
        assert_eq!(postcard::to_allocvec(&v2).unwrap(), [2, 4, 3]);
        assert_eq!(v2.with_generator_1(), v1);
    }
}
