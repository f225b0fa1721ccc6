//! Ready-made runs the playground offers, built from the same actions a user
//! could take by hand. (Shared by the UI and the tests, so that what a
//! student is shown is what the tests check.)

use crate::paxos::Durability;
use crate::sim::{SimConfig, MAX_TIME_US};
use crate::timeline::{Action, Timeline};
use crate::types::{NodeId, Value};

/// The seed of the amnesia demonstration.
pub const AMNESIA_SEED: u64 = 1;

/// Why durability matters, in a few clicks. Three nodes, acceptors in
/// `durability` mode, seed [`AMNESIA_SEED`]:
///
/// 1. a client asks n0 to get "A" chosen, and it is, by all three nodes;
/// 2. n1 and n2 crash and restart;
/// 3. n0 is cut off from both;
/// 4. a client asks n1 to get "B" chosen.
///
/// The run is left paused there. With write-ahead, n1's new ballot finds
/// "A" on n2's disk and proposes "A" again: safe. If acceptors did not
/// persist ([`Durability::NoWrites`]), n1 and n2 restart remembering
/// nothing, and "B" is chosen too: the safety monitor fires.
pub fn amnesia(durability: Durability) -> Timeline {
    let mut config = SimConfig::new(3, 1, AMNESIA_SEED);
    config.paxos.durability = durability;
    config.until_us = MAX_TIME_US;
    config.faults.until_us = MAX_TIME_US;
    let mut timeline = Timeline::new(config).expect("the demo's config is valid");
    timeline.seek(400_000);
    let n = NodeId;
    let steps = [
        Action::Crash { node: n(1) },
        Action::Crash { node: n(2) },
        Action::Restart { node: n(1) },
        Action::Restart { node: n(2) },
        Action::SetCut {
            cut: vec![(n(0), n(1)), (n(1), n(0)), (n(0), n(2)), (n(2), n(0))],
        },
        Action::Propose {
            node: n(1),
            value: Value::new("B"),
        },
    ];
    for action in steps {
        timeline.act(action).expect("the demo's steps apply");
    }
    timeline
}

// ----- Multi-Paxos -----

use crate::kv::Command;
use crate::multi::{self, ClientPlan, Commands, Message, MultiPaxos, Role};
use crate::sim::Payload;
use crate::types::Actor;

/// The Multi-Paxos playground's opening run: `nodes` replicas; two clients
/// each run six random commands, a little apart, once a leader has had
/// time to be elected.
pub fn multi_steady(nodes: u8, seed: u64) -> SimConfig<MultiPaxos> {
    let mut config = multi::workload(nodes, 2, 6, 3, seed);
    for client in &mut config.clients {
        client.at_us = 400_000;
        client.think_us = 120_000;
    }
    config.record_trace = true;
    config.until_us = MAX_TIME_US;
    config.faults.until_us = MAX_TIME_US;
    config
}

/// The Multi-Paxos presets: (id, title, what to watch).
pub const MULTI_PRESETS: [(&str, &str, &str); 5] = [
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

fn script(at_us: u64, node: u8, commands: Vec<Command>) -> ClientPlan {
    ClientPlan {
        at_us,
        node: NodeId(node),
        think_us: 0,
        commands: Commands::Script(commands),
    }
}

/// A Multi-Paxos preset by id, paused where the student takes over.
pub fn multi_preset(id: &str) -> Option<Timeline<MultiPaxos>> {
    Some(match id {
        "steady" => {
            let mut config = multi_steady(3, 1);
            config.clients = vec![ClientPlan {
                think_us: 60_000,
                ..config.clients[0].clone()
            }];
            if let Commands::Random { count, .. } = &mut config.clients[0].commands {
                *count = 12;
            }
            Timeline::new(config).ok()?
        }
        "gaps" => gaps(),
        "duel" => {
            let mut config = multi_steady(3, 2);
            config.paxos.backoff = false;
            Timeline::new(config).ok()?
        }
        "window-1" | "window-8" => {
            let mut config = multi::workload(3, 16, 40, 4, 1);
            config.paxos.window = if id == "window-1" { 1 } else { 8 };
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

/// The leader crash that leaves gaps: 5 replicas, four commands chosen
/// (slots 1 to 4), then four more proposed at once (slots 5 to 8). Slots 5
/// and 6 reach only one other replica, slot 7 none, slot 8 a majority;
/// right after slot 8 is decided, the leader crashes.
fn gaps() -> Timeline<MultiPaxos> {
    let mut config = multi::workload(5, 0, 0, 1, 3);
    config.record_trace = true;
    config.until_us = MAX_TIME_US;
    config.faults.until_us = MAX_TIME_US;
    config.clients = vec![script(
        400_000,
        0,
        (1..=4).map(|i| Command::put("x", &i.to_string())).collect(),
    )];
    config.clients.extend((0..4u8).map(|i| {
        let key = ["a", "b", "c", "d"][usize::from(i)];
        script(900_000, i + 1, vec![Command::put(key, "1")])
    }));
    config.paxos.window = 8;
    let mut timeline = Timeline::new(config).expect("the preset's config is valid");
    // Until the leader has proposed slot 8.
    let proposed = |t: &Timeline<MultiPaxos>, slot: u64| {
        t.frontier().in_flight().iter().any(|(_, _, _, payload, _)| {
            matches!(payload, Payload::Paxos(Message::Accept { slot: s, .. }) if *s == slot)
        })
    };
    while !proposed(&timeline, 8) && timeline.step_forward() {}
    let leader = timeline
        .frontier()
        .nodes()
        .find(|id| {
            timeline
                .frontier()
                .node(*id)
                .is_some_and(|n| matches!(n.role, Role::Leader { .. }))
        })
        .expect("a leader proposes");
    // Lose Accepts: slots 5 and 6 reach one follower only, slot 7 nobody.
    let followers: Vec<NodeId> = timeline
        .frontier()
        .nodes()
        .filter(|id| *id != leader)
        .collect();
    let mut drops = Vec::new();
    for (id, _, to, payload, _) in timeline.frontier().in_flight() {
        let (Payload::Paxos(Message::Accept { slot, .. }), Actor::Node(to)) = (payload, to) else {
            continue;
        };
        let keep = match slot {
            5 | 6 => to == followers[0],
            7 => false,
            _ => true,
        };
        if !keep {
            drops.push(id);
        }
    }
    for id in drops {
        timeline
            .act(Action::DropMessage { id })
            .expect("the Accept is in flight");
    }
    // Until slot 8 is decided at the leader, then crash it.
    while timeline
        .frontier()
        .node(leader)
        .is_some_and(|n| !n.log.contains_key(&8))
        && timeline.step_forward()
    {}
    timeline
        .act(Action::Crash { node: leader })
        .expect("the leader is up");
    timeline
}
