//! Runs of the storage designs: the configurations the designs' page, the
//! CLI and the gallery start from.

use paxos_core::designs::{ClientSpec, Config, Design, Op, Storage};
use paxos_core::types::{NodeId, Value};
use paxos_sim::scenario::{Body, View};
use paxos_sim::sim::{SimConfig, MAX_TIME_US};

/// What the designs' page runs with `nodes` servers: one is design 1, two
/// design 2, more design 3 (majority voting), with three writers racing
/// and a read (one write and a read for designs 1 and 2). It runs until
/// the user stops, with faults they turn on applying throughout.
pub fn playground(nodes: u8, seed: u64) -> SimConfig<Storage> {
    let design = match nodes {
        1 => Design::Single,
        2 => Design::Two,
        _ => Design::Voting,
    };
    let op = |node: u8, op: Op, at_us: u64| ClientSpec {
        node: NodeId(node % nodes.max(1)),
        op,
        at_us,
    };
    let v = Value::new;
    let clients = match design {
        Design::Voting => vec![
            op(0, Op::Write(v("A")), 0),
            op(1, Op::Write(v("B")), 0),
            op(2, Op::Write(v("C")), 0),
            op(0, Op::Read, 200_000),
        ],
        _ => vec![op(0, Op::Write(v("A")), 0), op(0, Op::Read, 100_000)],
    };
    let mut config = config(design, clients, seed);
    config.protocol.cluster_size = nodes;
    config.until_us = MAX_TIME_US;
    config.faults.until_us = config.until_us;
    config
}

/// A run of `design` with `clients`, no faults, the network and disks of
/// [`SimConfig::with`].
pub fn config(design: Design, clients: Vec<ClientSpec>, seed: u64) -> SimConfig<Storage> {
    SimConfig::with(Config::new(design), clients, seed)
}

/// A fresh run of `design` (the page's design switch): its servers, no
/// clients, the page's seed.
pub fn fresh(design: Design, seed: u64) -> Body<Storage> {
    let mut config = config(design, Vec::new(), seed);
    config.until_us = MAX_TIME_US;
    Body {
        title: String::new(),
        description: String::new(),
        config,
        script: Vec::new(),
        actions: Vec::new(),
        view: View::default(),
    }
}
