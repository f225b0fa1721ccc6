//! Runs of single-decree Paxos: the configuration the pages, the CLI and
//! the tests start from, and the amnesia demonstration, built from the
//! same actions a user could take by hand (shared by the UI and the tests,
//! so that what a student is shown is what the tests check).

use paxos_core::paxos::{ClientSpec, Config, Durability, SingleDecree};
use paxos_core::types::{NodeId, Value};
use paxos_sim::sim::{client_value, SimConfig, MAX_TIME_US};
use paxos_sim::timeline::{Action, Timeline};

/// A cluster of `nodes` with `proposers` clients, one per node from n0 on,
/// proposing "A", "B", "C", ... all at time 0; no faults.
pub fn config(nodes: u8, proposers: u8, seed: u64) -> SimConfig<SingleDecree> {
    let clients = (0..proposers)
        .map(|i| ClientSpec::proposer(NodeId(i % nodes.max(1)), Value::new(&client_value(i)), 0))
        .collect();
    let protocol = Config {
        cluster_size: nodes,
        ..Config::default()
    };
    SimConfig::with(protocol, clients, seed)
}

/// What the Paxos page runs: `nodes` nodes, and two clients asking n0 and
/// n1 to get "A" and "B" chosen at the same moment. It runs until the user
/// stops, with faults they turn on applying throughout.
pub fn playground(nodes: u8, seed: u64) -> SimConfig<SingleDecree> {
    let mut config = config(nodes, 2.min(nodes), seed);
    config.until_us = MAX_TIME_US;
    config.faults.until_us = config.until_us;
    config
}

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
pub fn amnesia(durability: Durability) -> Timeline<SingleDecree> {
    let mut config = config(3, 1, AMNESIA_SEED);
    config.protocol.durability = durability;
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
