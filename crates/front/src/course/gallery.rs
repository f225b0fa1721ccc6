//! The built-in gallery: ready-made runs, each an [`Example`] of one idea,
//! kept as scenarios so that the playground (`?example=ID`), the CLI
//! (`paxos run --scenario gallery:ID`) and the tests open exactly the same
//! runs. (The guided course, `course`, is made of lessons in steps, and
//! each step opens an example.)

use crate::catalog::{Listed, Scenario};
use paxos_core::designs::{self, Design, Op, Storage};
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::{Bug, Durability, Durable, SingleDecree};
use paxos_core::protocol::Core;
use paxos_core::types::{Ballot, NodeId, Proposal, Value};
use paxos_sim::scenario::{Body, Cue, Scripted, View};
use paxos_sim::sim::SimConfig;
use paxos_sim::timeline::Timeline;

/// How to build one protocol's gallery examples: (example id, what to
/// watch in it in a sentence or two, builder). A page links only its own
/// protocol's table, and so only its own examples' words.
pub type Builders<P> = &'static [(&'static str, &'static str, fn() -> Body<P>)];

/// A protocol with examples in the gallery.
pub trait Examples: Listed {
    /// How to build each of its examples.
    const BUILDERS: Builders<Self>;
}

impl Examples for SingleDecree {
    const BUILDERS: Builders<Self> = PAXOS_BUILDERS;
}

impl Examples for MultiPaxos {
    const BUILDERS: Builders<Self> = MULTI_BUILDERS;
}

impl Examples for Storage {
    const BUILDERS: Builders<Self> = DESIGN_BUILDERS;
}

/// One example in the gallery: a run that shows one idea.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    /// The safety property the example shows broken (its bug toggle at
    /// work), if it shows one.
    pub violation: Option<&'static str>,
}

impl Example {
    /// The storage design the example runs, if it runs one: its id is
    /// `design-N-…`, N the design's number.
    fn design(&self) -> Option<Design> {
        let number = self.id.strip_prefix("design-")?.split('-').next()?;
        Design::ALL
            .iter()
            .copied()
            .find(|d| d.number().to_string() == number)
    }

    /// The example's protocol (`paxos`, `multi`, or a storage design's
    /// name), without building it: Multi-Paxos examples are named `multi-…`
    /// and the designs' `design-N-…`.
    pub fn protocol(&self) -> &'static str {
        match self.design() {
            Some(design) => design.name(),
            None => self.page(),
        }
    }

    /// The playground page that shows the example (`paxos`, `multi`, or
    /// `designs` for every storage design).
    pub fn page(&self) -> &'static str {
        if self.id.starts_with("multi-") {
            MultiPaxos::NAME
        } else if self.id.starts_with("design-") {
            Storage::NAME
        } else {
            SingleDecree::NAME
        }
    }

    pub fn scenario(&self) -> Scenario {
        fn wrapped<P: Examples>(example: &Example) -> Option<Scenario> {
            example.body::<P>().map(P::wrap)
        }
        match self.page() {
            "paxos" => wrapped::<SingleDecree>(self),
            "multi" => wrapped::<MultiPaxos>(self),
            _ => wrapped::<Storage>(self),
        }
        .expect("every example has a builder")
    }

    /// The example's scenario, if it is `P`'s.
    pub fn body<P: Examples>(&self) -> Option<Body<P>> {
        let (_, about, build) = P::BUILDERS.iter().find(|(id, ..)| *id == self.id)?;
        let mut body = build();
        body.title = self.title.to_string();
        body.description = about.to_string();
        Some(body)
    }

    /// What to watch in the example, in a sentence or two.
    pub fn about(&self) -> &'static str {
        fn of<P: Examples>(id: &str) -> Option<&'static str> {
            P::BUILDERS
                .iter()
                .find(|(other, ..)| *other == id)
                .map(|(_, about, _)| *about)
        }
        of::<SingleDecree>(self.id)
            .or_else(|| of::<MultiPaxos>(self.id))
            .or_else(|| of::<Storage>(self.id))
            .expect("every example has a builder")
    }
}

fn paxos(
    config: SimConfig<paxos_core::paxos::SingleDecree>,
    script: Vec<Cue<SingleDecree>>,
) -> Body<SingleDecree> {
    Body {
        title: String::new(),
        description: String::new(),
        config,
        script,
        actions: Vec::new(),
        view: View::default(),
    }
}

fn at(at_us: u64, action: Scripted<SingleDecree>) -> Cue<SingleDecree> {
    Cue { at_us, action }
}

/// A Multi-Paxos preset, as the scenario of the run it builds: its
/// configuration and every action it took.
fn multi(id: &str) -> Body<MultiPaxos> {
    let timeline: Timeline<MultiPaxos> =
        crate::course::presets::multi_preset(id).expect("the preset exists");
    Body {
        title: String::new(),
        description: String::new(),
        config: timeline.config().clone(),
        script: Vec::new(),
        actions: timeline.actions().to_vec(),
        view: View {
            cursor_us: Some(timeline.cursor().time_us),
            ..View::default()
        },
    }
}

fn design(config: SimConfig<Storage>, script: Vec<Cue<Storage>>) -> Body<Storage> {
    Body {
        title: String::new(),
        description: String::new(),
        config,
        script,
        actions: Vec::new(),
        view: View::default(),
    }
}

fn op(node: u8, op: Op, at_us: u64) -> designs::ClientSpec {
    designs::ClientSpec {
        node: NodeId(node),
        op,
        at_us,
    }
}

fn v(text: &str) -> Value {
    Value::new(text)
}

fn cas(expect: &str, new: &str) -> Op {
    Op::Cas {
        expect: v(expect),
        new: v(new),
    }
}

fn crash<P: paxos_core::protocol::Protocol>(at_us: u64, node: u8) -> Cue<P> {
    Cue {
        at_us,
        action: Scripted::Crash { node: NodeId(node) },
    }
}

/// A design-5 server holding `value` at `generation` (ballot round 1 of
/// client c9, an earlier writer).
fn generation(generation: u64, value: &str) -> designs::Durable {
    let ballot = designs::GenBallot {
        generation,
        round: 1,
        client: paxos_core::types::ClientId(9),
    };
    designs::Durable {
        value: Some(v(value)),
        accepted: Some(ballot),
        promised: Some(ballot),
    }
}

/// Single-decree Paxos with `bug` on: `proposers` clients ("A", "B", ...)
/// at i × `stagger_us`, `drop` loss.
fn with_bug(bug: Bug, proposers: u8, stagger_us: u64, drop: f64, seed: u64) -> Body<SingleDecree> {
    let mut config = crate::runs::paxos::config(3, proposers, seed);
    config.protocol.bugs.set(bug, true);
    config.network.drop_prob = drop;
    for (i, client) in config.clients.iter_mut().enumerate() {
        client.at_us = i as u64 * stagger_us;
    }
    paxos(config, Vec::new())
}

/// The amnesia demonstration (crash two acceptors that never wrote to
/// disk), as the scenario of the run it builds.
fn amnesia() -> Body<SingleDecree> {
    let timeline = crate::runs::paxos::amnesia(Durability::NoWrites);
    Body {
        title: String::new(),
        description: String::new(),
        config: timeline.config().clone(),
        script: Vec::new(),
        actions: timeline.actions().to_vec(),
        view: View::default(),
    }
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

/// The first seed (see `tests/it/storage_designs.rs`) whose three
/// concurrent writers split design 3's servers three ways.
pub const DESIGN_3_SPLIT_SEED: u64 = designs::PLAYGROUND_SEED;

/// Every example, in the order a course would take them.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "design-1-down",
        title: "Design 1: one server, down",
        violation: None,
    },
    Example {
        id: "design-2-no-writes",
        title: "Design 2: two servers, one down",
        violation: None,
    },
    Example {
        id: "design-3-majority",
        title: "Design 3: a majority survives a crash",
        violation: None,
    },
    Example {
        id: "design-3-split",
        title: "Design 3: three writers split the servers",
        violation: Some("acknowledged_readable"),
    },
    Example {
        id: "first-decision",
        title: "A first decision",
        violation: None,
    },
    Example {
        id: "duel-with-backoff",
        title: "Duelling proposers, with backoff",
        violation: None,
    },
    Example {
        id: "duel-without-backoff",
        title: "Duelling proposers, without backoff",
        violation: None,
    },
    Example {
        id: "crash-mid-round",
        title: "A crash mid-round",
        violation: None,
    },
    Example {
        id: "already-chosen",
        title: "Design 4: a value already chosen",
        violation: None,
    },
    Example {
        id: "minority-partition",
        title: "A minority partition",
        violation: None,
    },
    Example {
        id: "dropped-accept",
        title: "A dropped Accept",
        violation: None,
    },
    Example {
        id: "counting-question",
        title: "Votes count per ballot",
        violation: None,
    },
    Example {
        id: "reading-as-a-learner",
        title: "Reading as a learner",
        violation: None,
    },
    Example {
        id: "design-5-cas-race",
        title: "Design 5: two compare-and-sets race",
        violation: None,
    },
    Example {
        id: "design-5-read-retry",
        title: "Design 5: a read during an update",
        violation: None,
    },
    Example {
        id: "design-5-unsure",
        title: "Design 5: a write that cannot tell",
        violation: None,
    },
    Example {
        id: "bug-one-ballot",
        title: "Broken: one ballot number",
        violation: Some("one_value_chosen"),
    },
    Example {
        id: "check-one-ballot",
        title: "Broken, yet quiet: one ballot number, two proposers",
        violation: None,
    },
    Example {
        id: "bug-ignore-promises",
        title: "Broken: ignoring what promises report",
        violation: Some("one_value_chosen"),
    },
    Example {
        id: "bug-count-across-ballots",
        title: "Broken: counting votes across ballots",
        violation: Some("learned_was_chosen"),
    },
    Example {
        id: "bug-accept-without-promise",
        title: "Broken: accepting without checking the promise",
        violation: Some("one_value_chosen"),
    },
    Example {
        id: "bug-amnesia",
        title: "Broken: amnesia (no durable writes)",
        violation: Some("one_value_chosen"),
    },
    Example {
        id: "flexible-quorums",
        title: "Flexible quorums that intersect",
        violation: None,
    },
    Example {
        id: "flexible-quorums-broken",
        title: "Flexible quorums that miss each other",
        violation: Some("one_value_chosen"),
    },
    Example {
        id: "multi-steady",
        title: "Multi-Paxos: steady state",
        violation: None,
    },
    Example {
        id: "multi-gaps",
        title: "Multi-Paxos: a leader crash leaves gaps",
        violation: None,
    },
    Example {
        id: "multi-seeds",
        title: "Multi-Paxos: the seeds' example",
        violation: None,
    },
    Example {
        id: "multi-duel",
        title: "Multi-Paxos: duelling leaders",
        violation: None,
    },
    Example {
        id: "multi-window-1",
        title: "Multi-Paxos: pipelining, window 1",
        violation: None,
    },
    Example {
        id: "multi-window-8",
        title: "Multi-Paxos: pipelining, window 8",
        violation: None,
    },
];

/// How to build each single-decree example (the web's Paxos page links only these).
pub const PAXOS_BUILDERS: Builders<SingleDecree> = &[
    ("first-decision",
        "One client asks n0 to get \"A\" chosen: a Prepare and a majority of Promises, then an Accept and a majority of Accepted, and every node learns \"A\".",
        || {
        paxos(crate::runs::paxos::config(3, 1, 1), Vec::new())
    }),
    ("duel-with-backoff",
        "Two proposers pre-empt each other's ballots; random, growing pauses after each rejection let one of them finish.",
        || {
        paxos(crate::runs::paxos::config(3, 2, 3), Vec::new())
    }),
    ("duel-without-backoff",
        "The same duel with backoff off and a fixed latency: each Prepare lands just before the other's Accept, and so on for as long as it runs (two seconds here; it would never end). Nothing is ever chosen (livelock), yet nothing unsafe happens.",
        || {
        let mut config = crate::bench::duel_config(3, 1);
        config.until_us = 2_000_000;
        paxos(config, Vec::new())
    }),
    ("crash-mid-round",
        "n0 crashes while its Accepts are on the wire (and the one to n2 is lost), and comes back later. \"A\" may have been chosen, so n2's Prepare, finding it accepted, must propose \"A\" again instead of its own \"C\".",
        || {
        paxos(
            crate::runs::paxos::config(3, 1, 11),
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
    }),
    ("already-chosen",
        "n0 gets \"A\" accepted by n1 and n2, then crashes. n2's proposer asks for promises and finds \"A\" accepted by a majority in one ballot: \"A\" is chosen, so it skips phase 2 and announces \"A\" rather than overwrite it with its own \"C\".",
        || {
        paxos(
            crate::runs::paxos::config(3, 1, 11),
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
    }),
    ("minority-partition",
        "n3 and n4 are cut off from the other three. The majority side chooses a value; the minority side can promise nothing that counts. When the network heals, everyone learns the majority's value.",
        || {
        let mut config = crate::runs::paxos::config(5, 2, 5);
        config.clients[1].node = NodeId(3);
        let side = [0u8, 1, 2];
        let cut = side
            .iter()
            .flat_map(|&a| [3u8, 4].into_iter().flat_map(move |b| [(a, b), (b, a)]))
            .map(|(a, b)| (NodeId(a), NodeId(b)))
            .collect();
        paxos(
            config,
            vec![
                at(0, Scripted::Partition { cut }),
                at(1_000_000, Scripted::Heal),
            ],
        )
    }),
    ("dropped-accept",
        "The first Accept on the wire is lost. The other acceptors still make a majority, so the value is chosen anyway.",
        || {
        paxos(
            crate::runs::paxos::config(3, 1, 2),
            vec![at(
                0,
                Scripted::DropNth {
                    kind: "Accept".into(),
                    n: 1,
                },
            )],
        )
    }),
    ("counting-question",
        "The seeds' question: (v1, ballot 1) on n0, (v1, ballot 3) on n1 and (v2, ballot 2) on n2. Two acceptances of v1 are not a majority, because they are in different ballots: nothing is chosen yet, and a new proposer must propose v1 (the highest ballot's value).",
        || {
        let mut config = crate::runs::paxos::config(3, 1, 0);
        config.clients[0].value = Value::new("v3");
        config.initial_disks = vec![
            accepted(1, 0, "v1"),
            accepted(3, 1, "v1"),
            accepted(2, 2, "v2"),
        ];
        paxos(config, Vec::new())
    }),
    ("reading-as-a-learner",
        "The acceptors hold the counting question's state. c0 reads at n0: n0 asks every acceptor what it accepted and finds no majority in one ballot, so the read fails. Then c1 proposes, a value is chosen, and c2's read finds it.",
        || {
        let mut config = crate::runs::paxos::config(3, 0, 4);
        config.initial_disks = vec![
            accepted(1, 0, "v1"),
            accepted(3, 1, "v1"),
            accepted(2, 2, "v2"),
        ];
        let reader = |node: u8, at_us: u64| paxos_core::paxos::ClientSpec {
            node: NodeId(node),
            value: v(""),
            at_us,
            read: true,
        };
        config.clients = vec![
            reader(0, 0),
            paxos_core::paxos::ClientSpec {
                node: NodeId(2),
                value: v("v3"),
                at_us: 150_000,
                read: false,
            },
            reader(1, 400_000),
        ];
        paxos(config, Vec::new())
    }),
    ("bug-one-ballot",
        "Acceptors keep one number instead of two, so promising a ballot relabels the value they accepted earlier with that ballot. A stale value then looks newer than the chosen one, a later proposer adopts it, and a second value is chosen. (Lossy network, seed 24.)",
        || with_bug(Bug::OneBallot, 3, 0, 0.3, 24)),
    ("check-one-ballot",
        "The one-number bug again, with two proposers on a network that loses nothing. Played, this run chooses one value and looks fine: it takes an order of events the network seldom picks to break it. Model check finds the shortest one.",
        || {
        with_bug(Bug::OneBallot, 2, 0, 0.0, 0)
    }),
    ("bug-ignore-promises",
        "n1's proposer ignores the accepted values in its promises and proposes its own \"B\", though they report \"A\", already chosen. \"B\" is chosen too.",
        || {
        with_bug(Bug::IgnorePromises, 2, 20_000, 0.0, 0)
    }),
    ("bug-count-across-ballots",
        "The learner adds up acceptances of the same value from different ballots. Two of them look like a majority, so a node learns a value that was never chosen in any one ballot.",
        || {
        with_bug(Bug::CountAcrossBallots, 3, 0, 0.0, 6)
    }),
    ("bug-accept-without-promise",
        "Two proposers run at once. Acceptors that promised the higher ballot still accept the lower ballot's late Accept, so both values reach a majority.",
        || {
        with_bug(Bug::AcceptWithoutPromise, 2, 0, 0.0, 0)
    }),
    ("bug-amnesia",
        "Acceptors never write to disk. \"A\" is chosen; then n1 and n2 crash and restart having forgotten their promises and acceptances, n0 is cut off, and n1's proposer gets \"B\" chosen as if nothing had happened.",
        amnesia),
    ("flexible-quorums",
        "Five acceptors, phase 1 needs 4 promises and phase 2 only 2 acceptances. 4 + 2 > 5, so every phase-1 quorum meets every phase-2 quorum, and two proposers still agree.",
        || {
        let mut config = crate::runs::paxos::config(5, 2, 3);
        config.protocol.q1 = 4;
        config.protocol.q2 = 2;
        paxos(config, Vec::new())
    }),
    ("flexible-quorums-broken",
        "Three acceptors, phase 1 needs 1 promise and phase 2 needs 2. 1 + 2 is not above 3: a proposer's phase 1 can miss every acceptor that took the other's value, so both values get chosen.",
        || {
        let mut config = crate::runs::paxos::config(3, 2, 0);
        config.protocol.q1 = 1;
        paxos(config, Vec::new())
    }),
];

/// How to build each Multi-Paxos example.
pub const MULTI_BUILDERS: Builders<MultiPaxos> = &[
    ("multi-steady",
        "A leader is elected once; then every command costs one Accept round trip.",
        || multi("steady")),
    ("multi-gaps",
        "The new leader re-proposes what may have been chosen and fills the hole with a no-op.",
        || multi("gaps")),
    ("multi-seeds",
        "A new leader that knows slots 1-134, 138 and 139 runs phase 1 from 135, and fills 135 and 137 with no-ops.",
        || multi("seeds")),
    ("multi-duel",
        "Backoff off: every replica campaigns at once, and their ballots keep pre-empting each other.",
        || multi("duel")),
    ("multi-window-1",
        "One slot in flight at a time: one command per round trip.",
        || multi("window-1")),
    ("multi-window-8",
        "Up to eight slots in flight: about eight commands per round trip.",
        || multi("window-8")),
];

/// How to build each storage design's example.
pub const DESIGN_BUILDERS: Builders<Storage> = &[
    ("design-1-down",
        "One server stores the value. c0 saves \"A\" and c1 reads it back; then the server crashes, and c2's write and c3's read both fail: with one server, nobody can do anything until it is repaired.",
        || {
        let clients = vec![
            op(0, Op::Write(v("A")), 0),
            op(0, Op::Read, 40_000),
            op(0, Op::Write(v("B")), 120_000),
            op(0, Op::Read, 140_000),
        ];
        design(
            crate::runs::designs::config(Design::Single, clients, 1),
            vec![crash(100_000, 0)],
        )
    }),
    ("design-2-no-writes",
        "A write goes to both servers, a read to either. With n1 down, c1's read (sent to n1) times out and tries n0, so reads still work; but c2's write needs both servers and fails. n0 took the failed write anyway, so what a read returns now depends on which server answers.",
        || {
        let clients = vec![
            op(0, Op::Write(v("A")), 0),
            op(1, Op::Read, 120_000),
            op(0, Op::Write(v("B")), 300_000),
        ];
        design(
            crate::runs::designs::config(Design::Two, clients, 2),
            vec![crash(100_000, 1)],
        )
    }),
    ("design-3-majority",
        "Three servers; a write needs two acknowledgements and a read two servers that agree. n2 is down the whole time, yet c0 saves \"A\" and c1 reads it: any one server may fail.",
        || {
        let clients = vec![op(0, Op::Write(v("A")), 0), op(1, Op::Read, 100_000)];
        design(
            crate::runs::designs::config(Design::Voting, clients, 3),
            vec![crash(0, 2)],
        )
    }),
    ("design-3-split",
        "c0, c1 and c2 write \"A\", \"B\" and \"C\" at the same moment. Every server takes whichever write arrives last, and every client gets its acknowledgements, so all three are told \"saved\". But the servers end up holding three different values: no value has a majority, and c3's read fails. Nothing ordered the writes.",
        || {
        let clients = vec![
            op(0, Op::Write(v("A")), 0),
            op(1, Op::Write(v("B")), 0),
            op(2, Op::Write(v("C")), 0),
            op(0, Op::Read, 200_000),
        ];
        design(
            crate::runs::designs::config(Design::Voting, clients, DESIGN_3_SPLIT_SEED),
            Vec::new(),
        )
    }),
    ("design-5-cas-race",
        "c0 saves \"X\" at generation 1. Then c1 (\"if X then Y\") and c2 (\"if X then Z\") race: both read X at generation 1 and both try to write generation 2. Exactly one wins; the other's phase 1 finds generation 2 already taken by a majority and it is told the value is no longer X.",
        || {
        let clients = vec![
            op(0, Op::Write(v("X")), 0),
            op(1, cas("X", "Y"), 60_000),
            op(2, cas("X", "Z"), 60_000),
            op(0, Op::Read, 300_000),
        ];
        design(
            crate::runs::designs::config(Design::Generations, clients, 0),
            Vec::new(),
        )
    }),
    ("design-5-read-retry",
        "n2 is dead and everyone holds X at generation 1. c0 swaps X for Y; its Accept to n1 is slow. Meanwhile c1 reads: n0 already holds Y at generation 2, n1 still X at generation 1, so there is no majority. c1 pauses and asks again, and then finds Y.",
        || {
        let clients = vec![op(0, cas("X", "Y"), 0), op(1, Op::Read, 30_000)];
        let mut config = crate::runs::designs::config(Design::Generations, clients, 7);
        config.initial_disks = vec![generation(1, "X"), generation(1, "X"), generation(1, "X")];
        design(
            config,
            vec![
                crash(0, 2),
                Cue {
                    at_us: 0,
                    action: Scripted::DelayNth {
                        kind: "Accept".into(),
                        n: 2,
                        by_us: 45_000,
                    },
                },
            ],
        )
    }),
    ("design-5-unsure",
        "n2 is dead. n1 holds Y at generation 1 from an earlier writer; n0 holds nothing. If n2 took Y too, generation 1 is committed; if not, it is not. c0's write of Z at generation 1 cannot tell, so it must not commit: it gives up, and the data is unavailable until n2 returns.",
        || {
        let clients = vec![op(0, Op::Write(v("Z")), 0)];
        let mut config = crate::runs::designs::config(Design::Generations, clients, 4);
        config.initial_disks = vec![
            designs::Durable::default(),
            generation(1, "Y"),
            generation(1, "Y"),
        ];
        design(config, vec![crash(0, 2)])
    }),
];

/// The example with this id.
pub fn get(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|example| example.id == id)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Both copies give the same run; then a second more of it is safe
    /// (unless the example shows a bug).
    fn same_and_safe<P: paxos_core::protocol::Protocol>(
        a: &Body<P>,
        b: &Body<P>,
        example: &Example,
    ) {
        let id = example.id;
        let (mut a, b) = (a.compile().unwrap(), b.compile().unwrap());
        assert_eq!(a.frontier().trace_hash(), b.frontier().trace_hash(), "{id}");
        a.seek(a.cursor().time_us + 1_000_000);
        if example.violation.is_none() {
            assert!(a.frontier().violations().is_empty(), "{id}");
        }
    }

    /// Every example opens, replays exactly from its link, and stays safe.
    #[test]
    fn every_example_compiles_replays_from_its_link_and_is_safe() {
        for example in EXAMPLES {
            let scenario = example.scenario();
            assert_eq!(example.protocol(), scenario.protocol(), "{}", example.id);
            let reopened = Scenario::from_link(&scenario.to_link()).unwrap();
            assert_eq!(reopened, scenario, "{}", example.id);
            assert_eq!(
                Scenario::from_json(&scenario.to_json()).unwrap(),
                scenario,
                "{}",
                example.id
            );
            match (&scenario, &reopened) {
                (Scenario::Paxos(a), Scenario::Paxos(b)) => same_and_safe(a, b, example),
                (Scenario::Multi(a), Scenario::Multi(b)) => same_and_safe(a, b, example),
                (Scenario::Designs(a), Scenario::Designs(b)) => same_and_safe(a, b, example),
                _ => unreachable!(),
            }
        }
    }

    /// Each "broken" example shows its violation; the same run with the
    /// bug switched off (correct Paxos) stays safe.
    #[test]
    fn each_broken_example_shows_its_violation_and_correct_paxos_does_not() {
        for example in EXAMPLES {
            let scenario = example.scenario();
            let found = |s: &Scenario| -> Vec<String> {
                match s {
                    Scenario::Paxos(body) => {
                        let mut sim = body.compile().unwrap().frontier().clone();
                        while sim.step() {}
                        sim.violations()
                            .iter()
                            .map(|v| v.property.name().to_string())
                            .collect()
                    }
                    Scenario::Multi(body) => {
                        let mut sim = body.compile().unwrap().frontier().clone();
                        crate::runs::multi::run(&mut sim);
                        sim.violations()
                            .iter()
                            .map(|v| v.property.name().to_string())
                            .collect()
                    }
                    Scenario::Designs(body) => {
                        let mut sim = body.compile().unwrap().frontier().clone();
                        while sim.step() {}
                        sim.violations()
                            .iter()
                            .map(|v| v.property.name().to_string())
                            .collect()
                    }
                }
            };
            let violations = found(&scenario);
            match example.violation {
                Some(property) => assert!(
                    violations.iter().any(|v| v == property),
                    "{}: {violations:?}",
                    example.id
                ),
                None => assert_eq!(violations, Vec::<String>::new(), "{}", example.id),
            }
            // (A recorded run, the amnesia example, does not replay with
            // another configuration: tests/it/amnesia.rs runs it correctly.)
            let script_only = match &scenario {
                Scenario::Paxos(body) => body.actions.is_empty(),
                _ => false,
            };
            if let (Scenario::Paxos(mut body), true) = (scenario, script_only) {
                body.config.protocol.bugs = paxos_core::paxos::Bugs::default();
                body.config.protocol.durability = Durability::WriteAhead;
                body.config.protocol.q1 = 0;
                body.config.protocol.q2 = 0;
                assert_eq!(
                    found(&Scenario::Paxos(body)),
                    Vec::<String>::new(),
                    "{} without its bug",
                    example.id
                );
            }
        }
    }

    fn ids<P: paxos_core::protocol::Protocol>(table: Builders<P>) -> Vec<&'static str> {
        table.iter().map(|(id, ..)| *id).collect()
    }

    /// Each example is built by its own protocol's table (which is all a
    /// protocol's page links), and no table builds anything else.
    #[test]
    fn every_example_has_one_builder_in_its_protocols_table() {
        for example in EXAMPLES {
            // And its words, beside its builder (a page holds only its
            // own protocol's).
            assert!(example.about().len() > 40, "{}", example.id);
            let tables = [
                ("paxos", ids(PAXOS_BUILDERS)),
                ("multi", ids(MULTI_BUILDERS)),
                ("designs", ids(DESIGN_BUILDERS)),
            ];
            let holders: Vec<&str> = tables
                .iter()
                .filter(|(_, t)| t.contains(&example.id))
                .map(|(name, _)| *name)
                .collect();
            assert_eq!(holders.len(), 1, "{}: {holders:?}", example.id);
            let scenario = example.scenario();
            let expected = match scenario {
                Scenario::Paxos(_) => "paxos",
                Scenario::Multi(_) => "multi",
                Scenario::Designs(_) => "designs",
            };
            assert_eq!(holders[0], expected, "{}", example.id);
        }
        let built = PAXOS_BUILDERS.len() + MULTI_BUILDERS.len() + DESIGN_BUILDERS.len();
        assert_eq!(built, EXAMPLES.len());
    }

    #[test]
    fn the_design_examples_show_what_they_say() {
        use paxos_core::designs::Outcome;
        let run = |id: &str| {
            let Scenario::Designs(body) = get(id).unwrap().scenario() else {
                panic!("{id}")
            };
            let mut sim = body.compile().unwrap().frontier().clone();
            while sim.step() {}
            sim
        };
        let outcome = |sim: &paxos_sim::sim::Sim<Storage>, c: u8| {
            sim.client(paxos_core::types::ClientId(c))
                .and_then(|c| c.outcome().cloned())
                .unwrap()
        };
        let down = run("design-1-down");
        assert!(!outcome(&down, 2).succeeded() && !outcome(&down, 3).succeeded());
        let two = run("design-2-no-writes");
        assert!(outcome(&two, 1).succeeded(), "reads survive");
        assert!(!outcome(&two, 2).succeeded(), "writes do not");
        let split = run("design-3-split");
        assert!(matches!(
            outcome(&split, 3),
            Outcome::ReadFailed {
                no_majority: true,
                ..
            }
        ));
        let race = run("design-5-cas-race");
        let won = [1, 2]
            .iter()
            .filter(|c| matches!(outcome(&race, **c), Outcome::Swapped { .. }))
            .count();
        assert_eq!(won, 1);
        let retry = run("design-5-read-retry");
        let reader = retry.client(paxos_core::types::ClientId(1)).unwrap();
        assert!(
            reader.read_attempts() > 1,
            "the read found no majority first"
        );
        assert_eq!(
            outcome(&retry, 1),
            Outcome::Read {
                value: Some(v("Y")),
                generation: 2
            }
        );
        let unsure = run("design-5-unsure");
        assert!(matches!(outcome(&unsure, 0), Outcome::Unsure { .. }));
    }

    #[test]
    fn the_examples_show_what_they_say() {
        let run = |id: &str| {
            let Scenario::Paxos(body) = get(id).unwrap().scenario() else {
                panic!("{id}")
            };
            let mut sim = body.compile().unwrap().frontier().clone();
            while sim.step() {}
            sim
        };
        assert!(run("first-decision").monitor().chosen().is_some());
        assert!(run("duel-with-backoff").monitor().chosen().is_some());
        assert_eq!(
            run("duel-without-backoff").monitor().chosen(),
            None,
            "livelock"
        );
        assert!(run("dropped-accept").stats().dropped >= 1);
        assert_eq!(
            run("counting-question").monitor().chosen(),
            Some(&Value::new("v1")),
            "v1 was not chosen before, but it is the value a new ballot must carry"
        );
        let partition = run("minority-partition");
        assert!(partition.monitor().chosen().is_some());
        assert!(partition.violations().is_empty());
        // n2 finds "A" possibly chosen and proposes it again...
        let accepts_from_n2 =
            |sim: &paxos_sim::sim::Sim<paxos_core::paxos::SingleDecree>| -> Vec<String> {
                sim.trace()
                    .iter()
                    .filter_map(|e| match &e.event {
                        paxos_sim::sim::Event::Send {
                            from: paxos_core::types::Actor::Node(NodeId(2)),
                            payload:
                                paxos_sim::sim::Payload::Message(
                                    m @ paxos_core::paxos::Message::Accept { .. },
                                ),
                            ..
                        } => Some(m.to_string()),
                        _ => None,
                    })
                    .collect()
            };
        let adopt = run("crash-mid-round");
        assert_eq!(adopt.monitor().chosen(), Some(&Value::new("A")));
        assert!(accepts_from_n2(&adopt).contains(&"Accept (2,n2) \"A\"".to_string()));
        // ...or, when a majority accepted it in one ballot, skips phase 2.
        let skip = run("already-chosen");
        assert_eq!(skip.monitor().chosen(), Some(&Value::new("A")));
        assert_eq!(accepts_from_n2(&skip), Vec::<String>::new(), "no phase 2");
        let reading = run("reading-as-a-learner");
        let answer = |c: u8| {
            reading
                .client(paxos_core::types::ClientId(c))
                .and_then(|c| c.answer().cloned())
        };
        assert_eq!(answer(0), Some(paxos_core::paxos::Reply::NoMajority));
        assert_eq!(
            answer(2).and_then(|a| a.value().cloned()),
            reading.monitor().chosen().cloned()
        );
        assert!(reading.monitor().chosen().is_some());
        assert_eq!(EXAMPLES.len(), 30);
        let ids: std::collections::BTreeSet<_> = EXAMPLES.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), EXAMPLES.len(), "ids are unique");
    }
}
