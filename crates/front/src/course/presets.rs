//! The Multi-Paxos page's presets: one-click runs, each paused where the
//! student takes over, with what to watch. Built from the same actions a
//! user could take by hand (crashes, dropped messages, the settings), on
//! the configurations of `runs::multi`.

use crate::runs::multi::{client_script, multi_steady, workload};
use paxos_core::kv::Command;
use paxos_core::multi::{ClientPlan, Commands, Message, MultiPaxos, Role};
use paxos_core::types::{Actor, NodeId};
use paxos_sim::sim::{Payload, SimConfig, MAX_TIME_US};
use paxos_sim::timeline::{Action, Timeline};

/// The Multi-Paxos presets: (id, title, what to watch).
pub const MULTI_PRESETS: [(&str, &str, &str); 6] = [
    (
        "steady",
        "Steady state",
        "A leader is elected once; after that every command costs one Accept round trip. Watch the log fill slot by slot.",
    ),
    (
        "gaps",
        "Leader crash leaves gaps",
        "The leader proposed slots 5 to 8, but only slot 8 reached a majority (some Accepts were lost), and then it crashed. Press play: the new leader runs phase 1 from slot 5, re-proposes what may have been chosen, fills the hole with a no-op, and carries on after slot 8.",
    ),
    (
        "seeds",
        "The seeds' example",
        "The new leader knows slots 1 to 134, 138 and 139 are chosen, and nothing about 135 to 137 (the old leader proposed them and crashed). Press play: its Prepare covers slot 135 and everything after; it keeps 138 and 139, re-proposes what a promise reports for 136, fills 135 and 137 with no-ops, and puts new commands after 139.",
    ),
    (
        "duel",
        "Duelling leaders",
        "Backoff is off, so every replica's election timer fires at the same moment, and their campaigns pre-empt each other. Watch the ballots climb; then turn backoff on under Settings.",
    ),
    (
        "window-1",
        "Pipelining: window 1",
        "Sixteen clients, but the leader keeps one slot in flight: one command per round trip. Compare the throughput with the window-8 preset.",
    ),
    (
        "window-8",
        "Pipelining: window 8",
        "The same sixteen clients; the leader proposes up to eight slots before the first is chosen (slot 142 before 141), so about eight commands finish per round trip.",
    ),
];

/// A Multi-Paxos preset by id, paused where the student takes over.
///
/// The presets' random clients draw from generator 1 (`Commands::RandomV1`),
/// the one they were written with: what each tells the student to watch
/// (slot 142 before 141, say) is what that generator's commands do, and
/// the gallery's pinned trace hashes stay as they were.
pub fn multi_preset(id: &str) -> Option<Timeline<MultiPaxos>> {
    Some(match id {
        "steady" => {
            let mut config = generator_1(multi_steady(3, 1));
            config.clients = vec![ClientPlan {
                think_us: 60_000,
                ..config.clients[0].clone()
            }];
            if let Commands::RandomV1 { count, .. } = &mut config.clients[0].commands {
                *count = 12;
            }
            Timeline::new(config).ok()?
        }
        "gaps" => gaps(
            4,
            &[Fate::Minority, Fate::Minority, Fate::Lost, Fate::Chosen],
        ),
        "seeds" => gaps(
            134,
            &[
                Fate::Lost,
                Fate::Minority,
                Fate::Lost,
                Fate::Chosen,
                Fate::Chosen,
            ],
        ),
        "duel" => {
            let mut config = generator_1(multi_steady(3, 2));
            config.protocol.backoff = false;
            // A duel may never end: the run does, after 20 s.
            config.until_us = 20_000_000;
            Timeline::new(config).ok()?
        }
        "window-1" | "window-8" => {
            let mut config = generator_1(workload(3, 16, 40, 4, 1));
            config.protocol.window = if id == "window-1" { 1 } else { 8 };
            for client in &mut config.clients {
                client.at_us = 400_000;
            }
            config.record_trace = true;
            config.until_us = MAX_TIME_US;
            config.faults.until_us = MAX_TIME_US;
            Timeline::new(config).ok()?
        }
        _ => return None,
    })
}

/// `config` with its random clients on generator 1.
fn generator_1(mut config: SimConfig<MultiPaxos>) -> SimConfig<MultiPaxos> {
    for client in &mut config.clients {
        client.commands = client.commands.with_generator_1();
    }
    config
}

/// What happens to the `Accept`s of one slot proposed just before the
/// leader crashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// No other replica gets it: only the (crashed) leader accepted it.
    Lost,
    /// One follower gets it: a minority accepted it.
    Minority,
    /// Everyone gets it: it is chosen, and the followers learn so.
    Chosen,
}

/// The leader crash that leaves gaps: 5 replicas, `prefix` commands chosen
/// (slots 1 to `prefix`), then one more command per entry of `fates`,
/// proposed at once in the slots after it, whose `Accept`s meet those
/// fates. The leader crashes right after it learns that the last slot is
/// chosen (its `Decided` messages still get through).
fn gaps(prefix: u64, fates: &[Fate]) -> Timeline<MultiPaxos> {
    let mut config = workload(5, 0, 0, 1, 3);
    config.record_trace = true;
    config.until_us = MAX_TIME_US;
    config.faults.until_us = MAX_TIME_US;
    config.clients = vec![client_script(
        400_000,
        0,
        (1..=prefix)
            .map(|i| Command::put("x", &i.to_string()))
            .collect(),
    )];
    let keys = ["a", "b", "c", "d", "e", "f", "g", "h"];
    let burst_at = 400_000 + prefix * 60_000;
    config
        .clients
        .extend(fates.iter().enumerate().map(|(i, _)| {
            client_script(
                burst_at,
                (i % 4) as u8 + 1,
                vec![Command::put(keys[i], "1")],
            )
        }));
    config.protocol.window = 8;
    let mut timeline = Timeline::new(config).expect("the preset's config is valid");
    let last = prefix + fates.len() as u64;
    let leader = |t: &Timeline<MultiPaxos>| {
        t.frontier().nodes().find(|id| {
            t.frontier()
                .node(*id)
                .is_some_and(|n| matches!(n.role(), Role::Leader { .. }))
        })
    };
    // Step on, losing the Accepts of the burst's slots as they are sent,
    // until the leader knows the last slot is chosen.
    let mut crashing = None;
    while timeline.step_forward() {
        let Some(id) = leader(&timeline) else {
            continue;
        };
        let followers: Vec<NodeId> = timeline.frontier().nodes().filter(|f| *f != id).collect();
        let mut drops = Vec::new();
        for (msg, _, to, payload, _) in timeline.frontier().in_flight() {
            let (Payload::Message(Message::Accept { slot, .. }), Actor::Node(to)) = (payload, to)
            else {
                continue;
            };
            let Some(fate) = slot
                .checked_sub(prefix + 1)
                .and_then(|i| fates.get(i as usize))
            else {
                continue;
            };
            let keep = match fate {
                Fate::Lost => false,
                Fate::Minority => to == followers[0],
                Fate::Chosen => true,
            };
            if !keep && timeline.frontier().in_flight_fate(msg) == Some(None) {
                drops.push(msg);
            }
        }
        for msg in drops {
            timeline
                .act(Action::DropMessage { id: msg })
                .expect("the Accept is in flight");
        }
        if timeline
            .frontier()
            .node(id)
            .is_some_and(|n| n.log().contains_key(&last))
        {
            crashing = Some(id);
            break;
        }
    }
    let leader = crashing.expect("the last slot is chosen");
    timeline
        .act(Action::Crash { node: leader })
        .expect("the leader is up");
    timeline
}
