//! The replicated state machine of Multi-Paxos: a key-value store with
//! compare-and-set, applied in log order on every replica.
//!
//! Commands carry their client and a per-client sequence number. A replica
//! remembers each client's latest command and its result, so a command that
//! a client retried (and that therefore may sit in the log twice) is applied
//! once, and the retry gets the original result: exactly-once semantics on
//! top of at-least-once delivery.

use crate::collections::LiteMap;
use crate::types::ClientId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a client asks the store to do.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Command {
    Put {
        key: String,
        value: String,
    },
    Get {
        key: String,
    },
    /// Set `key` to `new` if its value is `expected` (`None`: unset);
    /// otherwise change nothing and report the current value.
    Cas {
        key: String,
        expected: Option<String>,
        new: String,
    },
    /// Fills a log slot that a new leader found empty; changes nothing.
    Noop,
}

impl Command {
    pub fn put(key: &str, value: &str) -> Command {
        Command::Put {
            key: key.into(),
            value: value.into(),
        }
    }

    pub fn get(key: &str) -> Command {
        Command::Get { key: key.into() }
    }

    pub fn cas(key: &str, expected: Option<&str>, new: &str) -> Command {
        Command::Cas {
            key: key.into(),
            expected: expected.map(String::from),
            new: new.into(),
        }
    }
}

impl Command {
    /// The key the command reads or writes (`None` for a no-op).
    pub fn key(&self) -> Option<&str> {
        match self {
            Command::Put { key, .. } | Command::Get { key } | Command::Cas { key, .. } => Some(key),
            Command::Noop => None,
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Put { key, value } => write!(f, "put({key},{value})"),
            Command::Get { key } => write!(f, "get({key})"),
            Command::Cas { key, expected, new } => {
                let expected = expected.as_deref().unwrap_or("∅");
                write!(f, "cas({key},{expected},{new})")
            }
            Command::Noop => f.write_str("no-op"),
        }
    }
}

/// A command as it travels through the log.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Request {
    pub client: ClientId,
    /// Starts at 1 and grows by one with each new command of this client; a
    /// retry keeps its number.
    pub seq: u64,
    pub command: Command,
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{} {}", self.client, self.seq, self.command)
    }
}

/// What a command did.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// A put, or a compare-and-set that matched.
    Done,
    /// A get's answer (`None`: the key is unset).
    Value(Option<String>),
    /// A compare-and-set that did not match, with the value it found.
    CasFailed { current: Option<String> },
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Done => f.write_str("ok"),
            Outcome::Value(v) => write!(f, "= {}", v.as_deref().unwrap_or("∅")),
            Outcome::CasFailed { current } => {
                write!(f, "failed, is {}", current.as_deref().unwrap_or("∅"))
            }
        }
    }
}

/// The store itself: the data, and each client's latest command.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KvStore {
    pub(crate) data: LiteMap<String, String>,
    /// Per client: the sequence number of its latest applied command, and
    /// that command's result.
    pub(crate) sessions: LiteMap<ClientId, (u64, Outcome)>,
}

/// Applies a command to a bare map, with no session bookkeeping (the model
/// the linearizability checker uses).
pub fn execute(data: &mut LiteMap<String, String>, command: &Command) -> Outcome {
    match command {
        Command::Put { key, value } => {
            data.insert(key.clone(), value.clone());
            Outcome::Done
        }
        Command::Get { key } => Outcome::Value(data.get(key).cloned()),
        Command::Cas { key, expected, new } => {
            let current = data.get(key).cloned();
            if current == *expected {
                data.insert(key.clone(), new.clone());
                Outcome::Done
            } else {
                Outcome::CasFailed { current }
            }
        }
        Command::Noop => Outcome::Done,
    }
}

impl KvStore {
    // The read-only view.

    /// Every key and its value.
    pub fn data(&self) -> &LiteMap<String, String> {
        &self.data
    }

    /// Per client: the sequence number of its latest applied command, and
    /// that command's result.
    pub fn sessions(&self) -> &LiteMap<ClientId, (u64, Outcome)> {
        &self.sessions
    }

    /// Applies the next command of the log. A command this client already
    /// had applied (a retry that was logged twice) changes nothing and
    /// returns its first result. Returns `None` for a no-op, or for an old
    /// command superseded by a newer one of the same client (nobody waits
    /// for its answer any more).
    pub fn apply(&mut self, request: &Request) -> Option<Outcome> {
        if request.command == Command::Noop {
            return None;
        }
        match self.sessions.get(&request.client) {
            Some((seq, outcome)) if *seq == request.seq => return Some(outcome.clone()),
            Some((seq, _)) if *seq > request.seq => return None,
            _ => {}
        }
        let outcome = execute(&mut self.data, &request.command);
        self.sessions
            .insert(request.client, (request.seq, outcome.clone()));
        Some(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(client: u8, seq: u64, command: Command) -> Request {
        Request {
            client: ClientId(client),
            seq,
            command,
        }
    }

    #[test]
    fn compare_and_set_succeeds_only_from_the_expected_value() {
        let mut kv = KvStore::default();
        assert_eq!(
            kv.apply(&req(0, 1, Command::cas("x", None, "1"))),
            Some(Outcome::Done)
        );
        assert_eq!(
            kv.apply(&req(1, 1, Command::cas("x", None, "2"))),
            Some(Outcome::CasFailed {
                current: Some("1".into())
            }),
            "the second CAS from the same expected value loses"
        );
        assert_eq!(
            kv.apply(&req(1, 2, Command::cas("x", Some("1"), "2"))),
            Some(Outcome::Done)
        );
        assert_eq!(kv.data.get("x").unwrap(), "2");
    }

    #[test]
    fn a_retried_command_logged_twice_is_applied_once_and_answered_the_same() {
        let mut kv = KvStore::default();
        let first = kv.apply(&req(0, 1, Command::cas("x", None, "a")));
        assert_eq!(first, Some(Outcome::Done));
        // Another client changes x; then the retry of client 0's command
        // shows up again in the log.
        kv.apply(&req(1, 1, Command::put("x", "b")));
        let again = kv.apply(&req(0, 1, Command::cas("x", None, "a")));
        assert_eq!(again, first, "the original result, not a failed CAS");
        assert_eq!(
            kv.data.get("x").unwrap(),
            "b",
            "and the retry changed nothing"
        );
    }

    #[test]
    fn an_old_command_after_a_newer_one_of_the_same_client_is_skipped() {
        let mut kv = KvStore::default();
        kv.apply(&req(0, 2, Command::put("x", "new")));
        assert_eq!(kv.apply(&req(0, 1, Command::put("x", "old"))), None);
        assert_eq!(kv.data.get("x").unwrap(), "new");
    }

    #[test]
    fn no_ops_change_nothing_and_answer_nobody() {
        let mut kv = KvStore::default();
        assert_eq!(
            kv.apply(&Request {
                client: ClientId(0),
                seq: 0,
                command: Command::Noop
            }),
            None
        );
        assert_eq!(kv, KvStore::default());
    }

    #[test]
    fn commands_read_as_in_the_diagram() {
        assert_eq!(Command::put("x", "3").to_string(), "put(x,3)");
        assert_eq!(Command::cas("x", None, "1").to_string(), "cas(x,∅,1)");
        assert_eq!(
            Outcome::CasFailed {
                current: Some("1".into())
            }
            .to_string(),
            "failed, is 1"
        );
    }
}
