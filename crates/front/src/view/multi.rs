//! Multi-Paxos's views: a message's fields, the log, the key-value
//! tables, the replica cards, the clients and the outcome card.

use paxos_core::collections::LiteSet;
use paxos_core::multi::{self, MultiPaxos, Role};
use paxos_core::types::{Ballot, NodeId};
use paxos_sim::sim::Sim;

/// A Multi-Paxos message's fields, for its details.
pub fn message_fields(
    payload: &paxos_sim::sim::Payload<MultiPaxos>,
) -> Vec<(&'static str, String)> {
    use multi::{Message, Reply};
    use paxos_sim::sim::Payload;
    match payload {
        Payload::Request { value } => vec![
            ("client", value.client.to_string()),
            ("seq", value.seq.to_string()),
            ("command", value.command.to_string()),
        ],
        Payload::Reply {
            value: Reply::Done { seq, outcome },
        } => {
            vec![("seq", seq.to_string()), ("result", outcome.to_string())]
        }
        Payload::Reply {
            value: Reply::Redirect { seq, leader },
        } => vec![
            ("seq", seq.to_string()),
            (
                "leader",
                leader.map_or("unknown".to_string(), |l| l.to_string()),
            ),
        ],
        Payload::Message(msg) => match msg {
            Message::Prepare { ballot, from } => vec![
                ("ballot", ballot.to_string()),
                ("slots", format!("{from} and every slot after")),
            ],
            Message::Promise(promise) => {
                let mut fields = vec![("ballot", promise.ballot.to_string())];
                if promise.accepted.is_empty() {
                    fields.push(("accepted", "none".to_string()));
                }
                for (slot, a) in &promise.accepted {
                    fields.push((
                        "accepted",
                        format!("s{slot}: {} at {}", a.request.command, a.ballot),
                    ));
                }
                fields
            }
            Message::Accept {
                ballot,
                slot,
                request,
            } => vec![
                ("slot", slot.to_string()),
                ("ballot", ballot.to_string()),
                ("command", request.to_string()),
            ],
            Message::Accepted { ballot, slot } => {
                vec![("slot", slot.to_string()), ("ballot", ballot.to_string())]
            }
            Message::Reject { ballot, promised } => vec![
                ("ballot", ballot.to_string()),
                ("promised", promised.to_string()),
            ],
            Message::Decided {
                slot,
                ballot,
                request,
            } => vec![
                ("slot", slot.to_string()),
                ("ballot", ballot.to_string()),
                ("command", request.to_string()),
            ],
            Message::Heartbeat { ballot, chosen } => vec![
                ("ballot", ballot.to_string()),
                ("chosen up to", chosen.to_string()),
            ],
            Message::CatchUp { from } => vec![("from slot", from.to_string())],
            Message::Entries { entries } => entries
                .iter()
                .map(|(slot, a)| ("entry", format!("s{slot}: {}", a.request.command)))
                .collect(),
            Message::Forward { request } => vec![("command", request.to_string())],
        },
    }
}

/// How many slots the replica furthest ahead has executed.
pub fn chosen_slots(sim: &Sim<MultiPaxos>) -> u64 {
    sim.nodes()
        .filter_map(|id| sim.node(id))
        .map(|n| n.executed())
        .max()
        .unwrap_or(0)
}

/// One cell of the log view: what a replica knows of one slot.
#[derive(Clone, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum LogCell {
    /// Nothing accepted, nothing known.
    Empty,
    /// Accepted in this ballot, not known chosen.
    Accepted {
        ballot: Ballot,
        command: paxos_core::kv::Command,
    },
    /// Known chosen, waiting for a gap before it to fill.
    Chosen { command: paxos_core::kv::Command },
    /// Known chosen and applied to the key-value store.
    Executed { command: paxos_core::kv::Command },
    /// A no-op, filling a hole (known chosen).
    Noop,
}

impl LogCell {
    /// The `data-state` name.
    pub fn name(&self) -> &'static str {
        self.into()
    }
}

/// One replica's row of the log view.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub node: NodeId,
    pub up: bool,
    pub leader: bool,
    pub executed: u64,
    pub cells: Vec<LogCell>,
}

/// The log view: slots `first..first + width`, one row per replica.
#[derive(Clone, Debug, PartialEq)]
pub struct LogView {
    pub first: u64,
    pub rows: Vec<LogRow>,
    /// The highest slot anyone knows anything about.
    pub highest: u64,
}

/// The log view showing the last `width` slots anyone knows about (or
/// from slot 1 while the log is short).
pub fn log_view(sim: &Sim<MultiPaxos>, width: u64) -> LogView {
    let highest = sim
        .nodes()
        .map(|id| {
            let disk_top = sim
                .disk(id)
                .and_then(|d| d.accepted.last().map(|(s, _)| *s))
                .unwrap_or(0);
            let node_top = sim.node(id).map_or(0, |n| {
                let log = n.log().last().map_or(0, |(s, _)| *s);
                let acc = n.acceptor().accepted.last().map_or(0, |(s, _)| *s);
                log.max(acc)
            });
            disk_top.max(node_top)
        })
        .max()
        .unwrap_or(0);
    let first = highest.saturating_sub(width) + 1;
    let rows = sim
        .nodes()
        .map(|id| {
            let node = sim.node(id);
            let cells = (first..first + width)
                .map(|slot| {
                    let Some(node) = node else {
                        // A crashed replica: only its disk is left.
                        return match sim.disk(id).and_then(|d| d.accepted.get(&slot)) {
                            Some(a) => LogCell::Accepted {
                                ballot: a.ballot,
                                command: a.request.command.clone(),
                            },
                            None => LogCell::Empty,
                        };
                    };
                    if let Some(entry) = node.log().get(&slot) {
                        if entry.request.command == paxos_core::kv::Command::Noop {
                            return LogCell::Noop;
                        }
                        let command = entry.request.command.clone();
                        return if slot <= node.executed() {
                            LogCell::Executed { command }
                        } else {
                            LogCell::Chosen { command }
                        };
                    }
                    match node.acceptor().accepted.get(&slot) {
                        Some(a) => LogCell::Accepted {
                            ballot: a.ballot,
                            command: a.request.command.clone(),
                        },
                        None => LogCell::Empty,
                    }
                })
                .collect();
            LogRow {
                node: id,
                up: node.is_some(),
                leader: node.is_some_and(|n| matches!(n.role(), Role::Leader { .. })),
                executed: node.map_or(0, |n| n.executed()),
                cells,
            }
        })
        .collect();
    LogView {
        first,
        rows,
        highest,
    }
}

/// What the clients have seen so far: (committed, issued) commands, and the
/// median latency of the committed ones, in µs.
pub fn client_totals(sim: &Sim<MultiPaxos>) -> ClientTotals {
    let totals = crate::runs::multi::Totals::of(sim);
    let throughput_per_s = totals.throughput_per_s();
    ClientTotals {
        committed: totals.committed(),
        issued: totals.issued,
        median_us: totals
            .latencies_us
            .get(totals.latencies_us.len() / 2)
            .copied(),
        throughput_per_s,
        per_round_trip: throughput_per_s * crate::runs::multi::round_trip_us(sim) / 1e6,
    }
}

/// What the Multi-Paxos clients have got so far, at the cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientTotals {
    pub committed: u64,
    pub issued: u64,
    /// The median latency of answered commands.
    pub median_us: Option<u64>,
    /// Commands answered per simulated second, first command to last answer.
    pub throughput_per_s: f64,
    /// The same per nominal round trip (two hops and a disk write).
    pub per_round_trip: f64,
}

/// What the Multi-Paxos outcome panel shows: the leader, the log's
/// progress and what the clients got.
#[derive(Clone, Debug, PartialEq)]
pub struct MultiOutcomeView {
    /// The replica that leads now, and in which ballot.
    pub leader: Option<(NodeId, Ballot)>,
    /// Slots executed by the replica furthest ahead.
    pub chosen: u64,
    pub window: u64,
    pub totals: ClientTotals,
    pub trace_hash: u64,
}

impl MultiOutcomeView {
    pub fn of(sim: &Sim<MultiPaxos>) -> MultiOutcomeView {
        MultiOutcomeView {
            leader: sim
                .nodes()
                .filter_map(|id| sim.node(id))
                .find_map(|n| n.leading().map(|b| (n.id(), b))),
            chosen: chosen_slots(sim),
            window: sim.config().protocol.window,
            totals: client_totals(sim),
            trace_hash: sim.trace_hash(),
        }
    }
}

/// One key's value on one replica, in the key-value tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KvCell {
    /// The replica is down: its store is gone until it catches up.
    Down,
    Unset,
    Set(String),
}

/// Every replica's key-value store, side by side: one row per key that any
/// replica holds, one cell per replica.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KvView {
    pub nodes: Vec<NodeId>,
    pub rows: Vec<(String, Vec<KvCell>)>,
}

impl KvView {
    pub fn of(sim: &Sim<MultiPaxos>) -> KvView {
        let nodes: Vec<NodeId> = sim.nodes().collect();
        let keys: LiteSet<&String> = nodes
            .iter()
            .filter_map(|id| sim.node(*id))
            .flat_map(|n| n.kv().data().keys())
            .collect();
        let rows = keys
            .into_iter()
            .map(|key| {
                let cells = nodes
                    .iter()
                    .map(|id| match sim.node(*id) {
                        None => KvCell::Down,
                        Some(n) => match n.kv().data().get(key) {
                            Some(v) => KvCell::Set(v.clone()),
                            None => KvCell::Unset,
                        },
                    })
                    .collect();
                (key.clone(), cells)
            })
            .collect();
        KvView { nodes, rows }
    }
}

/// What a replica's card shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaView {
    pub id: NodeId,
    /// Its live state, if it is up.
    pub live: Option<ReplicaLive>,
    /// A disk write is in flight.
    pub writing: bool,
    /// Its disk, as `data-disk` has it and in words.
    pub disk_key: String,
    pub disk: String,
}

/// A running replica's state, for its card.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaLive {
    pub leader: bool,
    /// Leader, candidate or follower, in words.
    pub role: String,
    pub promised: Option<Ballot>,
    pub executed: u64,
    /// Slots known chosen beyond those executed.
    pub chosen_waiting: u64,
    /// While leading: slots in flight, the window, commands queued.
    pub pipeline: Option<(usize, u64, usize)>,
    /// Timers waiting to fire, and when.
    pub timers: Vec<(String, u64)>,
}

impl ReplicaView {
    pub fn of(sim: &Sim<MultiPaxos>, id: NodeId) -> ReplicaView {
        let node = sim.node(id);
        let disk = sim.disk(id).cloned().unwrap_or_default();
        let live = node.map(|n| ReplicaLive {
            leader: n.leading().is_some(),
            role: match n.role() {
                Role::Leader { ballot } => format!("leader, ballot {ballot}"),
                Role::Candidate {
                    ballot, promises, ..
                } => format!(
                    "campaigning with {ballot}: {} of {} promises",
                    promises.len(),
                    n.config().quorum()
                ),
                Role::Follower => match n.leader() {
                    Some((leader, _)) => format!("follower of {leader}"),
                    None => "follower, no leader known".to_string(),
                },
            },
            promised: n.acceptor().promised,
            executed: n.executed(),
            chosen_waiting: n.log().len() as u64 - n.executed().min(n.log().len() as u64),
            pipeline: n
                .leading()
                .map(|_| (n.in_flight().len(), n.config().window, n.queue().len())),
            timers: sim
                .pending_timers(id)
                .iter()
                .map(|(t, at)| (format!("{t:?}"), *at))
                .collect(),
        });
        ReplicaView {
            id,
            live,
            writing: node.is_some_and(|n| n.writes_done() < n.writes_issued()),
            disk_key: format!(
                "p={} slots={}",
                disk.promised.map_or("-".to_string(), |b| b.to_string()),
                disk.accepted.len()
            ),
            disk: <MultiPaxos as paxos_core::protocol::Words>::describe_disk(&disk),
        }
    }
}

/// A Multi-Paxos client's latest line, for the client list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientLine {
    pub id: paxos_core::types::ClientId,
    pub text: String,
    /// `done` or `waiting`.
    pub state: &'static str,
}

impl ClientLine {
    pub fn all(sim: &Sim<MultiPaxos>) -> Vec<ClientLine> {
        (0..sim.config().clients.len() as u8)
            .map(paxos_core::types::ClientId)
            .filter_map(|id| sim.client(id).map(|c| ClientLine::of(id, c)))
            .collect()
    }

    fn of(id: paxos_core::types::ClientId, client: &multi::Client) -> ClientLine {
        let last = client.history().iter().rev().find_map(|e| match e {
            multi::HistoryEvent::Complete { seq, outcome, .. } => Some(format!("#{seq} {outcome}")),
            _ => None,
        });
        let current = client.current().as_ref().map(|r| {
            format!(
                "waiting on #{} {} (at {})",
                r.seq,
                r.command,
                client.target()
            )
        });
        let text = match (current, last) {
            (Some(now), _) => now,
            (None, Some(last)) => last,
            (None, None) => "not started".to_string(),
        };
        ClientLine {
            id,
            text,
            state: if client.is_done() { "done" } else { "waiting" },
        }
    }
}

#[cfg(test)]
mod panel_views {
    use super::*;
    use crate::runs::multi::{client_script, workload};
    use paxos_core::kv::Command;
    use paxos_core::types::ClientId;

    /// The log's cells as the page's DOM names them (`data-state=noop`).
    #[test]
    fn log_cells_have_stable_names() {
        let command = Command::get("x");
        let names: Vec<&str> = [
            LogCell::Empty,
            LogCell::Accepted {
                ballot: Ballot::new(1, NodeId(0)),
                command: command.clone(),
            },
            LogCell::Chosen {
                command: command.clone(),
            },
            LogCell::Executed { command },
            LogCell::Noop,
        ]
        .iter()
        .map(LogCell::name)
        .collect();
        assert_eq!(names, ["empty", "accepted", "chosen", "executed", "noop"]);
    }

    /// Three replicas; one client puts x=1 then reads it, from 400 ms.
    fn multi_run() -> Sim<MultiPaxos> {
        let mut config = workload(3, 0, 0, 1, 1);
        config.clients = vec![client_script(
            400_000,
            0,
            vec![Command::put("x", "1"), Command::get("x")],
        )];
        let mut sim = Sim::new(config).expect("valid");
        crate::runs::multi::run(&mut sim);
        sim
    }

    #[test]
    fn the_key_value_tables_show_every_replicas_store_and_a_crashed_one_as_down() {
        let mut sim = multi_run();
        let set = KvView::of(&sim);
        assert_eq!(set.nodes, [NodeId(0), NodeId(1), NodeId(2)]);
        assert_eq!(
            set.rows,
            [("x".to_string(), vec![KvCell::Set("1".into()); 3])]
        );
        sim.crash(NodeId(1));
        assert_eq!(
            KvView::of(&sim).rows[0].1,
            [
                KvCell::Set("1".into()),
                KvCell::Down,
                KvCell::Set("1".into())
            ]
        );
    }

    #[test]
    fn a_replica_card_shows_the_leaders_pipeline_and_a_followers_leader() {
        let sim = multi_run();
        let cards: Vec<ReplicaView> = sim.nodes().map(|id| ReplicaView::of(&sim, id)).collect();
        let leaders: Vec<&ReplicaView> = cards
            .iter()
            .filter(|c| c.live.as_ref().is_some_and(|l| l.leader))
            .collect();
        assert_eq!(leaders.len(), 1, "{cards:?}");
        let leader = leaders[0].live.as_ref().unwrap();
        assert_eq!(leader.pipeline, Some((0, 8, 0)), "nothing left in flight");
        assert!(leader.role.starts_with("leader, ballot"), "{}", leader.role);
        assert_eq!(leader.executed, 2);
        for card in cards.iter().filter(|c| c.id != leaders[0].id) {
            let live = card.live.as_ref().unwrap();
            assert_eq!(live.pipeline, None);
            assert_eq!(live.role, format!("follower of {}", leaders[0].id));
        }
        assert_eq!(cards[0].disk_key.split(' ').nth(1), Some("slots=2"));
    }

    #[test]
    fn the_client_list_shows_each_clients_last_answer() {
        let sim = multi_run();
        assert_eq!(
            ClientLine::all(&sim),
            [ClientLine {
                id: ClientId(0),
                text: "#2 = 1".into(),
                state: "done",
            }]
        );
        let outcome = MultiOutcomeView::of(&sim);
        assert_eq!(outcome.chosen, 2);
        assert_eq!((outcome.totals.committed, outcome.totals.issued), (2, 2));
        assert_eq!(outcome.trace_hash, sim.trace_hash());
    }
}
