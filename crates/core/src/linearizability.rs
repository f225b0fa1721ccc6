//! A linearizability checker for key-value and compare-and-set histories.
//!
//! A history is what the clients saw: each operation's invocation time, and
//! its completion time and result, if it completed. It is linearizable if
//! the operations can be put in one order that (1) respects real time: an
//! operation that completed before another was invoked comes first; (2)
//! respects each client's own order: of two operations of one client, the
//! one with the larger sequence number comes after, even when it was
//! invoked in the very microsecond the other completed; and (3) when
//! replayed one at a time against a plain key-value store, gives
//! every completed operation the result its client saw. An operation that
//! never completed may have taken effect at any point after its invocation,
//! or not at all.
//!
//! The search is Wing and Gong's: repeatedly pick an operation that no
//! unplaced completed operation must precede, apply it to the model, and
//! backtrack on a mismatch. Like Lowe's refinement, it remembers every
//! (placed set, model state) pair it has explored, so each is explored once.

use crate::collections::LiteMap;
use crate::kv::{execute, Command, Outcome};
use crate::types::ClientId;
use std::collections::BTreeSet;
use std::fmt;

/// One operation of a history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    pub client: ClientId,
    /// The client's sequence number for it: of two operations of one
    /// client, the one with the larger number came later, whatever their
    /// times say (a client sends its next command in the same microsecond
    /// in which the answer to its previous one arrived).
    pub seq: u64,
    pub command: Command,
    pub invoked_us: u64,
    /// When it completed, and what its client was told; `None` if it never
    /// completed (the client gave up, or the run ended first).
    pub completed: Option<(u64, Outcome)>,
}

/// Why a history is not linearizable, or why the check gave up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No order explains what the clients saw. `longest` is the longest
    /// prefix of an order that worked (as indices into the history), and
    /// `stuck` the completed operations none of which could come next.
    NotLinearizable {
        longest: Vec<usize>,
        stuck: Vec<usize>,
    },
    /// The search explored `states` states without an answer.
    GaveUp { states: usize },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::NotLinearizable { longest, stuck } => write!(
                f,
                "not linearizable: after operations {longest:?} in that order, none of {stuck:?} \
                 can come next with the result its client saw"
            ),
            Failure::GaveUp { states } => {
                write!(f, "gave up after exploring {states} states")
            }
        }
    }
}

/// The most states one check explores before giving up.
pub const MAX_STATES: usize = 2_000_000;

type Model = LiteMap<String, String>;

struct Search<'a> {
    history: &'a [Operation],
    /// Completion times, `u64::MAX` for operations that never completed.
    returns: Vec<u64>,
    /// Per operation, its client's completed operation just before it (by
    /// sequence number), which must be placed first.
    previous: Vec<Option<usize>>,
    /// Per operation that never completed, its client's later operations:
    /// once one of those is placed, it can no longer take effect.
    later: Vec<Vec<usize>>,
    /// States already searched: a B-tree, since the search can visit many,
    /// in any order.
    seen: BTreeSet<(Vec<bool>, Model)>,
    states: usize,
    longest: Vec<usize>,
    stuck: Vec<usize>,
}

/// Checks `history`. On success, returns an order of the operations that
/// took effect (completed ones, and those incomplete ones that must have),
/// as indices into `history`.
///
/// Every command touches one key, and linearizability is compositional: a
/// history is linearizable exactly when, for each key, the operations on
/// that key are. So each key is checked on its own, which keeps the search
/// small on long histories; the order returned is then key by key.
pub fn check(history: &[Operation]) -> Result<Vec<usize>, Failure> {
    let mut by_key: LiteMap<&str, Vec<usize>> = LiteMap::new_vec();
    for (i, op) in history.iter().enumerate() {
        if let Some(key) = op.command.key() {
            by_key.entry(key).or_default().push(i);
        }
    }
    let keyed: usize = by_key.values().map(Vec::len).sum();
    if by_key.len() <= 1 && keyed == history.len() {
        return check_one(history);
    }
    let mut order = Vec::new();
    for indices in by_key.into_iter().map(|(_, ops)| ops) {
        let part: Vec<Operation> = indices.iter().map(|&i| history[i].clone()).collect();
        let global = |local: Vec<usize>| local.into_iter().map(|i| indices[i]).collect();
        match check_one(&part) {
            Ok(local) => order.extend(global(local)),
            Err(Failure::NotLinearizable { longest, stuck }) => {
                return Err(Failure::NotLinearizable {
                    longest: global(longest),
                    stuck: global(stuck),
                })
            }
            Err(gave_up) => return Err(gave_up),
        }
    }
    Ok(order)
}

fn check_one(history: &[Operation]) -> Result<Vec<usize>, Failure> {
    let returns = history
        .iter()
        .map(|op| op.completed.as_ref().map_or(u64::MAX, |(at, _)| *at))
        .collect();
    let (previous, later) = client_order(history);
    let mut search = Search {
        history,
        returns,
        previous,
        later,
        seen: BTreeSet::new(),
        states: 0,
        longest: Vec::new(),
        stuck: Vec::new(),
    };
    let mut placed = vec![false; history.len()];
    let mut order = Vec::new();
    match search.explore(&mut placed, &mut Model::new(), &mut order) {
        Some(true) => Ok(order),
        Some(false) => Err(Failure::NotLinearizable {
            longest: search.longest,
            stuck: search.stuck,
        }),
        None => Err(Failure::GaveUp {
            states: search.states,
        }),
    }
}

/// Each client's own order, by sequence number: for every operation, the
/// client's latest completed operation before it, and (for operations
/// that never completed) the client's operations after it.
fn client_order(history: &[Operation]) -> (Vec<Option<usize>>, Vec<Vec<usize>>) {
    let mut by_client: LiteMap<ClientId, Vec<usize>> = LiteMap::new_vec();
    for (i, op) in history.iter().enumerate() {
        by_client.entry(op.client).or_default().push(i);
    }
    let mut previous = vec![None; history.len()];
    let mut later = vec![Vec::new(); history.len()];
    for mut ops in by_client.into_iter().map(|(_, ops)| ops) {
        ops.sort_by_key(|&i| history[i].seq);
        let mut last_completed = None;
        for (at, &i) in ops.iter().enumerate() {
            previous[i] = last_completed;
            if history[i].completed.is_some() {
                last_completed = Some(i);
            } else {
                later[i] = ops[at + 1..].to_vec();
            }
        }
    }
    (previous, later)
}

impl Search<'_> {
    /// Whether operation `i` may take effect next as far as its client's
    /// own order goes: its previous completed command has taken effect, and
    /// (if it never completed) no later command of its client has.
    fn in_client_order(&self, i: usize, placed: &[bool]) -> bool {
        self.previous[i].is_none_or(|p| placed[p]) && !self.later[i].iter().any(|&j| placed[j])
    }

    /// `Some(true)`: found an order (left in `order`); `Some(false)`: none
    /// from here; `None`: out of budget.
    fn explore(
        &mut self,
        placed: &mut Vec<bool>,
        model: &mut Model,
        order: &mut Vec<usize>,
    ) -> Option<bool> {
        let unplaced_completed = (0..self.history.len())
            .filter(|&i| !placed[i] && self.history[i].completed.is_some())
            .collect::<Vec<_>>();
        if unplaced_completed.is_empty() {
            return Some(true);
        }
        if !self.seen.insert((placed.clone(), model.clone())) {
            return Some(false);
        }
        self.states += 1;
        if self.states > MAX_STATES {
            return None;
        }
        if order.len() > self.longest.len() {
            self.longest = order.clone();
            self.stuck = unplaced_completed.clone();
        }
        // Whatever comes next was invoked before every unplaced completed
        // operation returned.
        let deadline = unplaced_completed
            .iter()
            .map(|&i| self.returns[i])
            .min()
            .unwrap_or(u64::MAX);
        for i in 0..self.history.len() {
            let op = &self.history[i];
            if placed[i] || op.invoked_us > deadline || !self.in_client_order(i, placed) {
                continue;
            }
            let mut next = model.clone();
            let outcome = execute(&mut next, &op.command);
            if let Some((_, seen)) = &op.completed {
                if *seen != outcome {
                    continue;
                }
            }
            placed[i] = true;
            order.push(i);
            match self.explore(placed, &mut next, order)? {
                true => return Some(true),
                false => {
                    placed[i] = false;
                    order.pop();
                }
            }
        }
        Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(v: Option<&str>) -> Outcome {
        Outcome::Value(v.map(String::from))
    }

    /// A completed operation; a client's operations are numbered in the
    /// order of their invocation times.
    fn op(client: u8, command: Command, from: u64, to: u64, outcome: Outcome) -> Operation {
        Operation {
            client: ClientId(client),
            seq: from,
            command,
            invoked_us: from,
            completed: Some((to, outcome)),
        }
    }

    fn pending(client: u8, command: Command, from: u64) -> Operation {
        Operation {
            client: ClientId(client),
            seq: from,
            command,
            invoked_us: from,
            completed: None,
        }
    }

    #[test]
    fn a_sequential_history_is_linearizable_in_its_own_order() {
        let h = [
            op(0, Command::put("x", "1"), 0, 1, Outcome::Done),
            op(1, Command::get("x"), 2, 3, value(Some("1"))),
            op(0, Command::cas("x", Some("1"), "2"), 4, 5, Outcome::Done),
        ];
        assert_eq!(check(&h), Ok(vec![0, 1, 2]));
    }

    #[test]
    fn a_stale_read_after_a_completed_write_is_caught() {
        let h = [
            op(0, Command::put("x", "1"), 0, 1, Outcome::Done),
            op(1, Command::get("x"), 2, 3, value(None)),
        ];
        assert_eq!(
            check(&h),
            Err(Failure::NotLinearizable {
                longest: vec![0],
                stuck: vec![1]
            })
        );
    }

    /// A client sends its next command in the microsecond its previous
    /// answer arrived. Real time alone does not order the two (neither
    /// completed strictly before the other began), but the client's own
    /// order does: its read comes after its write, and must see it.
    #[test]
    fn a_clients_read_in_the_microsecond_its_own_write_completed_must_see_the_write() {
        let stale = [
            op(0, Command::put("x", "1"), 0, 5, Outcome::Done),
            Operation {
                seq: 6,
                ..op(0, Command::get("x"), 5, 9, value(None))
            },
        ];
        assert_eq!(
            check(&stale),
            Err(Failure::NotLinearizable {
                longest: vec![0],
                stuck: vec![1]
            })
        );
        let fresh = [
            stale[0].clone(),
            Operation {
                completed: Some((9, value(Some("1")))),
                ..stale[1].clone()
            },
        ];
        assert_eq!(check(&fresh), Ok(vec![0, 1]));
        // Two clients at the same microsecond are concurrent: either order.
        let other_client = [
            stale[0].clone(),
            Operation {
                client: ClientId(1),
                ..stale[1].clone()
            },
        ];
        assert!(check(&other_client).is_ok());
    }

    /// A client's command that never got an answer is its last; if its
    /// client's later command has taken effect, it can no longer do so.
    #[test]
    fn a_command_its_client_moved_on_from_cannot_take_effect_after_the_next_one() {
        // Client 0's put of 1 never completed, and its later put of 2 did.
        // A read of 1 after the put of 2 would need the put of 1 to take
        // effect after the client's own later command.
        let h = [
            pending(0, Command::put("x", "1"), 0),
            op(0, Command::put("x", "2"), 1, 2, Outcome::Done),
            op(1, Command::get("x"), 3, 4, value(Some("1"))),
        ];
        assert!(check(&h).is_err());
        let before = [
            h[0].clone(),
            h[1].clone(),
            Operation {
                completed: Some((4, value(Some("2")))),
                ..h[2].clone()
            },
        ];
        assert_eq!(check(&before), Ok(vec![0, 1, 2]));
    }

    #[test]
    fn a_read_overlapping_a_write_may_see_either_value() {
        for seen in [None, Some("1")] {
            let h = [
                op(0, Command::put("x", "1"), 0, 10, Outcome::Done),
                op(1, Command::get("x"), 5, 6, value(seen)),
            ];
            assert!(check(&h).is_ok(), "{seen:?}");
        }
    }

    #[test]
    fn two_concurrent_compare_and_sets_from_the_same_value_cannot_both_win() {
        let both_win = [
            op(0, Command::cas("x", None, "a"), 0, 10, Outcome::Done),
            op(1, Command::cas("x", None, "b"), 0, 10, Outcome::Done),
        ];
        assert!(matches!(
            check(&both_win),
            Err(Failure::NotLinearizable { .. })
        ));
        let one_wins = [
            op(0, Command::cas("x", None, "a"), 0, 10, Outcome::Done),
            op(
                1,
                Command::cas("x", None, "b"),
                0,
                10,
                Outcome::CasFailed {
                    current: Some("a".into()),
                },
            ),
        ];
        assert_eq!(check(&one_wins), Ok(vec![0, 1]));
    }

    #[test]
    fn an_operation_that_never_completed_may_or_may_not_have_taken_effect() {
        for (seen, placed) in [(Some("1"), vec![0, 1]), (None, vec![1])] {
            let h = [
                pending(0, Command::put("x", "1"), 0),
                op(1, Command::get("x"), 5, 6, value(seen)),
            ];
            assert_eq!(check(&h), Ok(placed), "{seen:?}");
        }
        // But not before it was invoked.
        let h = [
            op(1, Command::get("x"), 0, 1, value(Some("1"))),
            pending(0, Command::put("x", "1"), 5),
        ];
        assert!(check(&h).is_err());
    }

    #[test]
    fn values_cannot_travel_back_in_time_across_keys() {
        // y is set after x; a reader that sees the new y must then see the
        // new x.
        let h = [
            op(0, Command::put("x", "1"), 0, 1, Outcome::Done),
            op(0, Command::put("y", "1"), 2, 3, Outcome::Done),
            op(1, Command::get("y"), 4, 5, value(Some("1"))),
            op(1, Command::get("x"), 6, 7, value(None)),
        ];
        assert!(check(&h).is_err());
    }

    /// Histories from a store that really is atomic: each operation takes
    /// effect at one random moment inside its interval. All must pass; and
    /// reading a value that was never written must be caught in every one.
    #[test]
    fn histories_of_a_truly_atomic_store_pass_and_tampered_ones_fail() {
        use rand::{RngExt, SeedableRng};
        let (mut caught, mut tampered) = (0, 0);
        for seed in 0..300u64 {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let mut ops: Vec<(u64, Operation)> = Vec::new();
            // Per client: when its previous operation completed (`None`
            // once one never completes: a client runs one at a time).
            let mut free_at = [Some(0u64); 4];
            for i in 0..12u64 {
                let client = rng.random_range(0..4u8);
                let Some(free) = free_at[usize::from(client)] else {
                    continue;
                };
                let key = ["x", "y"][rng.random_range(0..2usize)];
                let v = format!("{}", rng.random_range(0..3u8));
                let command = match rng.random_range(0..3u8) {
                    0 => Command::put(key, &v),
                    1 => Command::get(key),
                    _ => Command::cas(
                        key,
                        Some(&v)
                            .filter(|_| rng.random_bool(0.7))
                            .map(|s| s.as_str()),
                        &format!("{i}"),
                    ),
                };
                // Often in the very microsecond the previous one completed.
                let invoked = free.max(rng.random_range(0..100u64));
                let effect = invoked + rng.random_range(0..20u64);
                let done = effect + rng.random_range(0..20u64);
                let completed = rng.random_bool(0.9).then_some((done, Outcome::Done));
                free_at[usize::from(client)] = completed.as_ref().map(|_| done);
                ops.push((
                    effect * 100 + i,
                    Operation {
                        client: ClientId(client),
                        seq: i,
                        command,
                        invoked_us: invoked,
                        completed,
                    },
                ));
            }
            // Apply in effect order, recording results.
            let mut by_effect: Vec<usize> = (0..ops.len()).collect();
            by_effect.sort_by_key(|&i| ops[i].0);
            let mut model = Model::new();
            for &i in &by_effect {
                let outcome = execute(&mut model, &ops[i].1.command);
                if let Some((_, seen)) = &mut ops[i].1.completed {
                    *seen = outcome;
                }
            }
            let history: Vec<Operation> = ops.into_iter().map(|(_, op)| op).collect();
            assert!(
                check(&history).is_ok(),
                "seed {seed}: an atomic store's history"
            );

            // Tamper with the first completed get: claim a value never written.
            if let Some(i) = history
                .iter()
                .position(|op| matches!(op.command, Command::Get { .. }) && op.completed.is_some())
            {
                let mut bad = history.clone();
                bad[i].completed.as_mut().unwrap().1 = value(Some("never"));
                tampered += 1;
                if check(&bad).is_err() {
                    caught += 1;
                }
            }
        }
        assert!(tampered > 200);
        assert_eq!(caught, tampered, "a value never written can never be read");
    }
}
