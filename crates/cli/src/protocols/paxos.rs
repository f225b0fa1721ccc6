//! Single-decree Paxos in the CLI: its cluster from the flags, its run
//! report (what each acceptor holds, what was decided, what readers
//! found) and its sweep tally (violations, undecided runs, unanswered
//! clients).

use super::{Headless, Tally};
use crate::flags::ClusterFlags;
use crate::parse::ms;
use crate::report::{FirstViolation, Human, RunCounters};
use paxos_core::paxos::{ClientSpec, Reply, SingleDecree};
use paxos_core::protocol::Core;
use paxos_core::types::{ClientId, NodeId, Value};
use paxos_sim::sim::{Sim, SimConfig};
use serde::Serialize;

/// The single-decree cluster the flags describe: the other protocols start
/// from its network, disk and faults too.
pub fn config(flags: &ClusterFlags, seed: u64) -> SimConfig<SingleDecree> {
    let (cluster, paxos) = (&flags.cluster, &flags.paxos);
    let nodes = cluster.nodes.unwrap_or(3);
    let mut config = paxos_front::runs::paxos::config(nodes, cluster.proposers, seed);
    config.network.drop_prob = cluster.drop;
    config.network.dup_prob = cluster.dup;
    config.network.latency_min_us = cluster.latency.start;
    config.network.latency_max_us = cluster.latency.end;
    config.disk.write_min_us = cluster.disk.start;
    config.disk.write_max_us = cluster.disk.end;
    config.faults.crash_prob = cluster.crash;
    config.faults.partition_prob = cluster.partition;
    config.faults.until_us = cluster.faults_until;
    config.faults.tick_us = cluster.fault_tick;
    for (i, client) in config.clients.iter_mut().enumerate() {
        client.at_us = i as u64 * cluster.stagger;
    }
    config.protocol.backoff = !flags.backoff.no_backoff;
    config.protocol.durability = paxos.durability;
    config.protocol.q1 = paxos.q1;
    config.protocol.q2 = paxos.q2;
    for bug in &paxos.bugs {
        config.protocol.bugs.set(*bug, true);
    }
    for i in 0..paxos.readers {
        config.clients.push(ClientSpec {
            node: NodeId(i % nodes.max(1)),
            value: Value::new(""),
            at_us: paxos.read_at,
            read: true,
        });
    }
    config.until_us = cluster.until.unwrap_or(10_000_000);
    config.record_trace = false;
    config
}

impl Headless for SingleDecree {
    type Report = RunReport;
    type Tally = SweepTally;
    const KIND: &'static str = "single-decree Paxos";

    fn config(flags: &ClusterFlags, seed: u64) -> Result<SimConfig<Self>, String> {
        Ok(config(flags, seed))
    }

    fn report(sim: &Sim<Self>) -> RunReport {
        RunReport::new(sim)
    }
}

/// `paxos run --json`.
#[derive(Serialize)]
pub struct RunReport {
    protocol: &'static str,
    seed: u64,
    nodes: u8,
    /// The quorum sizes in force (a majority unless --q1/--q2 say).
    q1: usize,
    q2: usize,
    /// The bug toggles switched on.
    bugs: Vec<&'static str>,
    /// Readers: how many found the chosen value (or found nothing chosen
    /// yet), and how many found no quorum agreeing.
    reads_ok: usize,
    reads_no_majority: usize,
    /// Every acceptor at the end: what its disk holds.
    servers: Vec<AcceptorReport>,
    /// The first value a learner learned, or null.
    decided: Option<String>,
    /// When it was learned, in ms of simulated time, or null.
    decided_at: Option<f64>,
    learned_by: Vec<String>,
    clients_answered: usize,
    #[serde(flatten)]
    counters: RunCounters,
}

/// One acceptor at the end of a single-decree run.
#[derive(Serialize)]
struct AcceptorReport {
    node: String,
    up: bool,
    /// The highest ballot promised, e.g. `(2,n1)`, or null.
    promised: Option<String>,
    /// The value accepted and its ballot, or null.
    value: Option<String>,
    ballot: Option<String>,
}

impl RunReport {
    fn new(sim: &Sim<SingleDecree>) -> RunReport {
        let s = &sim.summary();
        let config = &sim.config().protocol;
        let answers: Vec<&Reply> = (0..sim.config().clients.len())
            .filter_map(|i| sim.client(ClientId(i as u8)))
            .filter(|c| c.spec().read)
            .filter_map(|c| c.answer())
            .collect();
        RunReport {
            protocol: SingleDecree::NAME,
            seed: s.seed,
            nodes: config.cluster_size,
            q1: config.q1(),
            q2: config.q2(),
            bugs: config.bugs.on().iter().map(|b| b.name()).collect(),
            reads_ok: answers
                .iter()
                .filter(|a| matches!(a, Reply::Read(_)))
                .count(),
            reads_no_majority: answers
                .iter()
                .filter(|a| matches!(a, Reply::NoMajority))
                .count(),
            servers: sim
                .nodes()
                .map(|n| {
                    let disk = sim.disk(n).cloned().unwrap_or_default();
                    AcceptorReport {
                        node: n.to_string(),
                        up: sim.node(n).is_some(),
                        promised: disk.promised.map(|b| b.to_string()),
                        value: disk.accepted.as_ref().map(|p| p.value.as_str().to_string()),
                        ballot: disk.accepted.as_ref().map(|p| p.ballot.to_string()),
                    }
                })
                .collect(),
            decided: s.decided.as_ref().map(|v| v.as_str().to_string()),
            decided_at: s.decided_at_us.map(ms),
            learned_by: s.learned_by.iter().map(|n| n.to_string()).collect(),
            clients_answered: s.clients_answered,
            counters: RunCounters::new(s),
        }
    }
}

impl Human for RunReport {
    fn human(&self) -> String {
        let mut text = match (&self.decided, self.decided_at) {
            (Some(value), Some(at)) => format!(
                "seed {}: decided {value:?} at {at:.3} ms ({})\n",
                self.seed,
                match self.learned_by.is_empty() {
                    // A learner keeps what it learned in memory only.
                    true => "no node knows it at the end: what a node learns is not on disk, \
                             and crashes since made each forget"
                        .to_string(),
                    false => format!("known to {}", self.learned_by.join(",")),
                }
            ),
            _ => format!("seed {}: no value decided\n", self.seed),
        };
        text += &self.counters.line();
        if self.counters.violations.is_empty() {
            text += "  safety: ok, all 5 properties held after every step\n";
        }
        text += &self.counters.ending();
        text
    }
}

/// `paxos sweep --json`.
#[derive(Serialize, Default)]
pub struct SweepTally {
    /// Runs in which the monitor found at least one violation.
    violations: u64,
    /// Runs in which no learner ever learned a value.
    undecided: u64,
    /// Runs in which some client never heard the outcome.
    unanswered: u64,
    #[serde(flatten)]
    first: FirstViolation,
    first_undecided_seed: Option<u64>,
    events: u64,
    messages: u64,
    dropped: u64,
    crashes: u64,
    ballots: u64,
}

impl Tally for SweepTally {
    type Protocol = SingleDecree;

    fn start(_: &ClusterFlags) -> SweepTally {
        SweepTally::default()
    }

    fn add(&mut self, seed: u64, sim: &Sim<SingleDecree>) {
        let summary = sim.summary();
        self.events += summary.stats.steps;
        self.messages += summary.stats.messages;
        self.dropped += summary.stats.dropped;
        self.crashes += summary.stats.crashes;
        self.ballots += summary.ballots;
        if self.first.note(seed, &summary.violations) {
            self.violations += 1;
        }
        if summary.decided.is_none() {
            self.undecided += 1;
            self.first_undecided_seed.get_or_insert(seed);
        }
        if summary.clients_answered < sim.config().clients.len() {
            self.unanswered += 1;
        }
    }

    fn failed(&self) -> bool {
        self.violations + self.undecided + self.unanswered > 0
    }

    fn human(&self, seeds: &str, runs: u64) -> String {
        let mut text = format!(
            "seeds {seeds}: {runs} runs, {} with violations, {} undecided, {} with unanswered clients\n  \
             totals: {} events, {} messages, {} dropped, {} crashes, {} ballots\n",
            self.violations,
            self.undecided,
            self.unanswered,
            self.events,
            self.messages,
            self.dropped,
            self.crashes,
            self.ballots
        );
        text += &self.first.human();
        if let Some(seed) = self.first_undecided_seed {
            text += &format!("  first undecided run: reproduce with seed={seed}\n");
        }
        text
    }
}
