//! The built-in gallery: one scenario per lesson, in the scenario format, so
//! that the playground, the CLI (`paxos run --scenario gallery:ID`) and the
//! tests open exactly the same runs.

use crate::multi::MultiPaxos;
use crate::paxos::{Durable, SingleDecree};
use crate::scenario::{Body, Scenario, Scripted, Step, View};
use crate::sim::SimConfig;
use crate::timeline::Timeline;
use crate::types::{Ballot, NodeId, Proposal, Value};

/// One lesson.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub id: &'static str,
    pub title: &'static str,
    /// What to watch, in a sentence or two.
    pub about: &'static str,
    build: fn() -> Scenario,
}

impl Entry {
    /// The lesson's protocol (`paxos`, `multi`, or a storage design's
    /// name), without building it: Multi-Paxos lessons are named `multi-…`
    /// and the designs' `design-N-…`.
    pub fn protocol(&self) -> &'static str {
        match self.id.split('-').take(2).collect::<Vec<_>>().as_slice() {
            ["multi", _] => "multi",
            ["design", "1"] => "single",
            ["design", "2"] => "two",
            ["design", "3"] => "voting",
            ["design", "5"] => "generations",
            _ => "paxos",
        }
    }

    pub fn scenario(&self) -> Scenario {
        let mut scenario = (self.build)();
        let (title, about) = (self.title.to_string(), self.about.to_string());
        match &mut scenario {
            Scenario::Single(body) => (body.title, body.description) = (title, about),
            Scenario::Multi(body) => (body.title, body.description) = (title, about),
            Scenario::Designs(body) => (body.title, body.description) = (title, about),
        }
        scenario
    }
}

fn single(config: SimConfig, script: Vec<Step<SingleDecree>>) -> Scenario {
    Scenario::Single(Body {
        title: String::new(),
        description: String::new(),
        config,
        script,
        actions: Vec::new(),
        view: View::default(),
    })
}

fn at(at_us: u64, action: Scripted<SingleDecree>) -> Step<SingleDecree> {
    Step { at_us, action }
}

/// A Multi-Paxos preset, as the scenario of the run it builds: its
/// configuration and every action it took.
fn multi(id: &str) -> Scenario {
    let timeline: Timeline<MultiPaxos> =
        crate::scenarios::multi_preset(id).expect("the preset exists");
    Scenario::Multi(Body {
        title: String::new(),
        description: String::new(),
        config: timeline.config().clone(),
        script: Vec::new(),
        actions: timeline.actions().to_vec(),
        view: View {
            cursor_us: Some(timeline.cursor().time_us),
            ..View::default()
        },
    })
}

fn accepted(round: u64, node: u8, value: &str) -> Durable {
    let ballot = Ballot::new(round, NodeId(node));
    Durable {
        promised: Some(ballot),
        accepted: Some(Proposal {
            ballot,
            value: Value::new(value),
        }),
    }
}

/// Every lesson, in the order a course would take them.
pub const ENTRIES: &[Entry] = &[
    Entry {
        id: "first-decision",
        title: "A first decision",
        about: "One client asks n0 to get \"A\" chosen: a Prepare and a majority of Promises, then an Accept and a majority of Accepted, and every node learns \"A\".",
        build: || single(SimConfig::new(3, 1, 1), Vec::new()),
    },
    Entry {
        id: "duel-with-backoff",
        title: "Duelling proposers, with backoff",
        about: "Two proposers pre-empt each other's ballots; random, growing pauses after each rejection let one of them finish.",
        build: || single(SimConfig::new(3, 2, 3), Vec::new()),
    },
    Entry {
        id: "duel-without-backoff",
        title: "Duelling proposers, without backoff",
        about: "The same duel with backoff off and a fixed latency: each Prepare lands just before the other's Accept, forever. Nothing is ever chosen (livelock), yet nothing unsafe happens.",
        build: || {
            let mut config = crate::bench::duel_config(3, 1);
            config.until_us = 2_000_000;
            single(config, Vec::new())
        },
    },
    Entry {
        id: "crash-mid-round",
        title: "A crash mid-round",
        about: "n0 crashes while its Accepts are on the wire (and the one to n2 is lost), and comes back later. \"A\" may have been chosen, so n2's Prepare, finding it accepted, must propose \"A\" again instead of its own \"C\".",
        build: || {
            single(
                SimConfig::new(3, 1, 11),
                vec![
                    at(
                        0,
                        Scripted::DropNth {
                            kind: "Accept".into(),
                            n: 2,
                        },
                    ),
                    at(20_000, Scripted::Crash { node: NodeId(0) }),
                    at(
                        60_000,
                        Scripted::Propose {
                            node: NodeId(2),
                            value: Value::new("C"),
                        },
                    ),
                    at(400_000, Scripted::Restart { node: NodeId(0) }),
                ],
            )
        },
    },
    Entry {
        id: "already-chosen",
        title: "Design 4: a value already chosen",
        about: "n0 gets \"A\" accepted by n1 and n2, then crashes. n2's proposer asks for promises and finds \"A\" accepted by a majority in one ballot: \"A\" is chosen, so it skips phase 2 and announces \"A\" rather than overwrite it with its own \"C\".",
        build: || {
            single(
                SimConfig::new(3, 1, 11),
                vec![
                    at(20_000, Scripted::Crash { node: NodeId(0) }),
                    at(
                        60_000,
                        Scripted::Propose {
                            node: NodeId(2),
                            value: Value::new("C"),
                        },
                    ),
                    at(400_000, Scripted::Restart { node: NodeId(0) }),
                ],
            )
        },
    },
    Entry {
        id: "minority-partition",
        title: "A minority partition",
        about: "n3 and n4 are cut off from the other three. The majority side chooses a value; the minority side can promise nothing that counts. When the network heals, everyone learns the majority's value.",
        build: || {
            let mut config = SimConfig::new(5, 2, 5);
            config.clients[1].node = NodeId(3);
            let side = [0u8, 1, 2];
            let cut = side
                .iter()
                .flat_map(|&a| [3u8, 4].into_iter().flat_map(move |b| [(a, b), (b, a)]))
                .map(|(a, b)| (NodeId(a), NodeId(b)))
                .collect();
            single(
                config,
                vec![
                    at(0, Scripted::Partition { cut }),
                    at(1_000_000, Scripted::Heal),
                ],
            )
        },
    },
    Entry {
        id: "dropped-accept",
        title: "A dropped Accept",
        about: "The first Accept on the wire is lost. The other acceptors still make a majority, so the value is chosen anyway.",
        build: || {
            single(
                SimConfig::new(3, 1, 2),
                vec![at(
                    0,
                    Scripted::DropNth {
                        kind: "Accept".into(),
                        n: 1,
                    },
                )],
            )
        },
    },
    Entry {
        id: "counting-question",
        title: "Votes count per ballot",
        about: "The seeds' question: (v1, ballot 1) on n0, (v1, ballot 3) on n1 and (v2, ballot 2) on n2. Two acceptances of v1 are not a majority, because they are in different ballots: nothing is chosen yet, and a new proposer must propose v1 (the highest ballot's value).",
        build: || {
            let mut config = SimConfig::new(3, 1, 0);
            config.clients[0].value = Value::new("v3");
            config.initial_disks = vec![
                accepted(1, 0, "v1"),
                accepted(3, 1, "v1"),
                accepted(2, 2, "v2"),
            ];
            single(config, Vec::new())
        },
    },
    Entry {
        id: "multi-steady",
        title: "Multi-Paxos: steady state",
        about: "A leader is elected once; then every command costs one Accept round trip.",
        build: || multi("steady"),
    },
    Entry {
        id: "multi-gaps",
        title: "Multi-Paxos: a leader crash leaves gaps",
        about: "The new leader re-proposes what may have been chosen and fills the hole with a no-op.",
        build: || multi("gaps"),
    },
    Entry {
        id: "multi-seeds",
        title: "Multi-Paxos: the seeds' example",
        about: "A new leader that knows slots 1-134, 138 and 139 runs phase 1 from 135, and fills 135 and 137 with no-ops.",
        build: || multi("seeds"),
    },
    Entry {
        id: "multi-duel",
        title: "Multi-Paxos: duelling leaders",
        about: "Backoff off: every replica campaigns at once, and their ballots keep pre-empting each other.",
        build: || multi("duel"),
    },
    Entry {
        id: "multi-window-1",
        title: "Multi-Paxos: pipelining, window 1",
        about: "One slot in flight at a time: one command per round trip.",
        build: || multi("window-1"),
    },
    Entry {
        id: "multi-window-8",
        title: "Multi-Paxos: pipelining, window 8",
        about: "Up to eight slots in flight: about eight commands per round trip.",
        build: || multi("window-8"),
    },
];

/// The lesson with this id.
pub fn get(id: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|entry| entry.id == id)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Both copies give the same run; then a second more of it is safe.
    fn same_and_safe<P: crate::protocol::Protocol>(a: &Body<P>, b: &Body<P>, id: &str) {
        let (mut a, b) = (a.compile().unwrap(), b.compile().unwrap());
        assert_eq!(a.frontier().trace_hash(), b.frontier().trace_hash(), "{id}");
        a.seek(a.cursor().time_us + 1_000_000);
        assert!(a.frontier().violations().is_empty(), "{id}");
    }

    /// Every lesson opens, replays exactly from its link, and stays safe.
    #[test]
    fn every_lesson_compiles_replays_from_its_link_and_is_safe() {
        for entry in ENTRIES {
            let scenario = entry.scenario();
            assert_eq!(entry.protocol(), scenario.protocol(), "{}", entry.id);
            let reopened = Scenario::from_link(&scenario.to_link()).unwrap();
            assert_eq!(reopened, scenario, "{}", entry.id);
            assert_eq!(
                Scenario::from_json(&scenario.to_json()).unwrap(),
                scenario,
                "{}",
                entry.id
            );
            match (&scenario, &reopened) {
                (Scenario::Single(a), Scenario::Single(b)) => same_and_safe(a, b, entry.id),
                (Scenario::Multi(a), Scenario::Multi(b)) => same_and_safe(a, b, entry.id),
                _ => unreachable!(),
            }
        }
    }

    #[test]
    fn the_lessons_show_what_they_say() {
        let run = |id: &str| {
            let Scenario::Single(body) = get(id).unwrap().scenario() else {
                panic!("{id}")
            };
            let mut sim = body.compile().unwrap().frontier().clone();
            while sim.step() {}
            sim
        };
        assert!(run("first-decision").chosen().is_some());
        assert!(run("duel-with-backoff").chosen().is_some());
        assert_eq!(run("duel-without-backoff").chosen(), None, "livelock");
        assert!(run("dropped-accept").stats().dropped >= 1);
        assert_eq!(
            run("counting-question").chosen(),
            Some(&Value::new("v1")),
            "v1 was not chosen before, but it is the value a new ballot must carry"
        );
        let partition = run("minority-partition");
        assert!(partition.chosen().is_some());
        assert!(partition.violations().is_empty());
        // n2 finds "A" possibly chosen and proposes it again...
        let accepts_from_n2 = |sim: &crate::sim::Sim| -> Vec<String> {
            sim.trace()
                .iter()
                .filter_map(|e| match &e.event {
                    crate::sim::Event::Send {
                        from: crate::types::Actor::Node(NodeId(2)),
                        payload:
                            crate::sim::Payload::Paxos(m @ crate::paxos::Message::Accept { .. }),
                        ..
                    } => Some(m.to_string()),
                    _ => None,
                })
                .collect()
        };
        let adopt = run("crash-mid-round");
        assert_eq!(adopt.chosen(), Some(&Value::new("A")));
        assert!(accepts_from_n2(&adopt).contains(&"Accept (2,n2) \"A\"".to_string()));
        // ...or, when a majority accepted it in one ballot, skips phase 2.
        let skip = run("already-chosen");
        assert_eq!(skip.chosen(), Some(&Value::new("A")));
        assert_eq!(accepts_from_n2(&skip), Vec::<String>::new(), "no phase 2");
        assert_eq!(ENTRIES.len(), 14);
        let ids: std::collections::BTreeSet<_> = ENTRIES.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), ENTRIES.len(), "ids are unique");
    }
}
