//! What a run cost, read off its trace up to a moment (the cursor, in the
//! page; the end, in the CLI): the messages by kind, the messages lost,
//! the disk writes, the crashes, the ballots started, and what the first
//! decision took. The trace stays the source of truth: the same events
//! give the same numbers, wherever they are counted.
//!
//! It names no protocol: a message's kind is the protocol's own word for
//! it (`Payload::kind`), a ballot is started by the message that prepares
//! it (`Protocol::prepare_ballot`), and a round trip is a quorum heard
//! (the trace's `Quorum` events, phase 1 and phase 2).

use paxos_core::collections::LiteSet;
use paxos_core::protocol::{Payload, Protocol};
use paxos_core::types::Ballot;
use paxos_sim::sim::{Event, TraceEvent};
use serde::Serialize;

/// The counts up to a moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Metrics {
    /// The moment they are counted up to, in µs of simulated time.
    pub until_us: u64,
    /// Messages sent (the network's copies included), by kind: each kind
    /// the run can send, in the legend's order, then any other it sent.
    pub messages: Vec<KindCount>,
    /// All of them.
    pub messages_sent: u64,
    /// Messages that never arrived: lost, cut off by a partition, sent to
    /// a crashed node, dropped by hand or in a power failure.
    pub messages_dropped: u64,
    /// Disk writes begun.
    pub disk_writes: u64,
    pub crashes: u64,
    /// Ballots started: each ballot some message prepared.
    pub ballots: u64,
    /// The first decision (a node learning what was chosen), if one came.
    pub decision: Option<Decision>,
    /// When the last node of the cluster learned its first decision (in
    /// Multi-Paxos, one slot's), if all did, in µs of simulated time.
    pub learned_by_all_at_us: Option<u64>,
}

/// How many messages of one kind were sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub kind: &'static str,
    pub count: u64,
}

/// What the first decision took.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// When it came, in µs of simulated time.
    pub at_us: u64,
    /// The ballot that decided, as the diagram writes it: `(1,n0)`.
    pub ballot: String,
    /// Messages sent before it.
    pub messages: u64,
    /// Ballots started before it: 1 if the first got through.
    pub ballots: u64,
    /// Disk writes begun before it.
    pub disk_writes: u64,
    /// The deciding ballot's round trips: the quorums it heard (a promise
    /// quorum and an acceptance quorum, in a ballot that ran both phases);
    /// `None` for a protocol whose trace reports no quorums (Multi-Paxos,
    /// whose leader's round trips serve many commands).
    pub round_trips: Option<u64>,
}

/// The metrics of `trace` (a run of `config`) up to `until_us`, included.
pub fn metrics<P: Protocol>(config: &P::Config, trace: &[TraceEvent<P>], until_us: u64) -> Metrics {
    let mut messages: Vec<KindCount> = P::kinds(config)
        .iter()
        .map(|&kind| KindCount { kind, count: 0 })
        .collect();
    let mut out = Metrics {
        until_us,
        messages: Vec::new(),
        messages_sent: 0,
        messages_dropped: 0,
        disk_writes: 0,
        crashes: 0,
        ballots: 0,
        decision: None,
        learned_by_all_at_us: None,
    };
    let cluster = usize::from(P::cluster_size(config));
    let mut learned: LiteSet<paxos_core::types::NodeId> = LiteSet::new();
    let mut ballots: LiteSet<Ballot> = LiteSet::new();
    // The phases each ballot heard a quorum in, as (ballot, phase).
    let mut quorums: LiteSet<(Ballot, u8)> = LiteSet::new();
    for TraceEvent { time_us, event } in trace {
        if *time_us > until_us {
            break;
        }
        match event {
            Event::Send { payload, .. } => {
                out.messages_sent += 1;
                let kind = payload.kind();
                match messages.iter_mut().find(|k| k.kind == kind) {
                    Some(k) => k.count += 1,
                    None => messages.push(KindCount { kind, count: 1 }),
                }
                if let Payload::Message(msg) = payload {
                    if let Some(ballot) = P::prepare_ballot(msg) {
                        ballots.insert(ballot);
                    }
                }
            }
            Event::Drop { .. } => out.messages_dropped += 1,
            Event::PersistStart { .. } => out.disk_writes += 1,
            Event::Crash { .. } => out.crashes += 1,
            Event::Quorum { ballot, phase, .. } => {
                quorums.insert((*ballot, *phase));
            }
            Event::Decided { node, ballot, .. } => {
                if out.decision.is_none() {
                    out.decision = Some(Decision {
                        at_us: *time_us,
                        ballot: ballot.to_string(),
                        messages: out.messages_sent,
                        ballots: ballots.len() as u64,
                        disk_writes: out.disk_writes,
                        round_trips: (!quorums.is_empty())
                            .then(|| quorums.iter().filter(|(b, _)| b == ballot).count() as u64),
                    });
                }
                if learned.insert(*node) && learned.len() == cluster {
                    out.learned_by_all_at_us = Some(*time_us);
                }
            }
            _ => {}
        }
    }
    out.ballots = ballots.len() as u64;
    out.messages = messages;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use paxos_core::paxos::SingleDecree;
    use paxos_sim::sim::Sim;

    fn counts(m: &Metrics) -> Vec<(&'static str, u64)> {
        m.messages.iter().map(|k| (k.kind, k.count)).collect()
    }

    /// One client, three nodes, no faults: the proposer's one ballot runs
    /// both phases, and every node learns.
    #[test]
    fn a_clean_decision_takes_one_ballot_and_two_round_trips() {
        let config = crate::runs::paxos::config(3, 1, 0);
        let mut sim = Sim::new(config.clone()).unwrap();
        sim.run_until(1_000_000);
        let m = metrics::<SingleDecree>(&config.protocol, sim.trace(), u64::MAX);
        let decision = m.decision.clone().expect("a clean run decides");
        assert_eq!(
            (
                decision.ballot.as_str(),
                decision.ballots,
                decision.round_trips
            ),
            ("(1,n0)", 1, Some(2))
        );
        // The request, then a prepare, a promise, an accept and an
        // acceptance with each of the two other nodes (the proposer's own
        // acceptor answers it without a message); every acceptor wrote
        // its promise and its acceptance to disk before answering.
        assert_eq!(decision.messages, 9);
        assert_eq!(decision.disk_writes, 6);
        // The proposer learns first; the others when its Decided arrives.
        assert!(m.learned_by_all_at_us.unwrap() > decision.at_us);
        assert_eq!((m.messages_dropped, m.crashes, m.ballots), (0, 0, 1));
        assert_eq!(
            counts(&m),
            [
                ("Request", 1),
                ("Prepare", 2),
                ("Promise", 2),
                ("Accept", 2),
                ("Accepted", 2),
                ("Reject", 0),
                ("Decided", 2),
                ("Read", 0),
                ("ReadReply", 0),
                ("Reply", 1),
            ]
        );
        assert_eq!(m.messages_sent, 12);
    }

    /// A ballot prepared again (a retry, and a network copy) is one ballot;
    /// every message sent counts, copies too, and each one lost counts
    /// once more as dropped.
    #[test]
    fn ballots_are_told_apart_and_every_copy_and_loss_counts() {
        use paxos_core::paxos::{Config, Message};
        use paxos_core::types::{Actor, Ballot, NodeId};
        use paxos_sim::sim::DropReason;
        let ballot = |round, node| Ballot {
            round,
            node: NodeId(node),
        };
        let prepare = |id, ballot, copy_of| Event::Send {
            id,
            from: Actor::Node(NodeId(0)),
            to: Actor::Node(NodeId(1)),
            payload: Payload::Message(Message::Prepare { ballot }),
            copy_of,
        };
        let trace: Vec<TraceEvent<SingleDecree>> = [
            (0, prepare(0, ballot(1, 0), None)),
            (1, prepare(1, ballot(1, 0), Some(0))),
            (
                5,
                Event::Drop {
                    id: 0,
                    reason: DropReason::Loss,
                },
            ),
            (9, prepare(2, ballot(1, 0), None)),
            (9, Event::Crash { node: NodeId(2) }),
            (12, prepare(3, ballot(2, 1), None)),
        ]
        .into_iter()
        .map(|(time_us, event)| TraceEvent { time_us, event })
        .collect();
        let config = Config::default();
        let m = metrics::<SingleDecree>(&config, &trace, u64::MAX);
        assert_eq!(
            (m.messages_sent, m.messages_dropped, m.crashes, m.ballots),
            (4, 1, 1, 2)
        );
        assert_eq!(counts(&m)[1], ("Prepare", 4));
        let early = metrics::<SingleDecree>(&config, &trace, 9);
        assert_eq!((early.messages_sent, early.ballots), (3, 1));
    }

    /// Counted up to a moment, the first events alone count: before any
    /// message arrives, only what was sent at once.
    #[test]
    fn metrics_count_up_to_the_moment_asked() {
        let config = crate::runs::paxos::config(3, 1, 0);
        let mut sim = Sim::new(config.clone()).unwrap();
        sim.run_until(1_000_000);
        let at_start = metrics::<SingleDecree>(&config.protocol, sim.trace(), 0);
        assert_eq!(at_start.decision, None);
        assert_eq!(at_start.messages_sent, 1, "{at_start:?}");
        let whole = metrics::<SingleDecree>(&config.protocol, sim.trace(), u64::MAX);
        let before = whole.decision.as_ref().unwrap().at_us - 1;
        let just_before = metrics::<SingleDecree>(&config.protocol, sim.trace(), before);
        assert_eq!(just_before.decision, None);
    }
}
