//! The storage designs in the CLI: the clients' operations from the flags,
//! the run report (each operation's outcome, what each server holds) and
//! the sweep tally (violations, unfinished clients, totals).

use super::{Headless, Tally};
use crate::flags::ClusterFlags;
use crate::parse::ms;
use crate::report::{FirstViolation, Human, RunCounters};
use paxos_core::designs::{self, Storage};
use paxos_core::types::{ClientId, NodeId, Value};
use paxos_sim::sim::{Sim, SimConfig};
use serde::Serialize;

impl Headless for Storage {
    type Report = RunReport;
    type Tally = SweepTally;
    const KIND: &'static str = "a storage design";

    fn config(flags: &ClusterFlags, seed: u64) -> Result<SimConfig<Self>, String> {
        let design = flags
            .protocol
            .design()
            .ok_or("the storage designs are single, two, voting and generations")?;
        let base = super::paxos::config(flags, seed);
        let cluster = &flags.cluster;
        let n = cluster.nodes.unwrap_or(design.default_size());
        let ops = match &flags.designs.ops {
            Some(ops) => ops.0.clone(),
            None => {
                let mut ops: Vec<(designs::Op, u64)> = (0..cluster.proposers)
                    .map(|i| {
                        let value = Value::new(&paxos_sim::sim::client_value(i));
                        (designs::Op::Write(value), u64::from(i) * cluster.stagger)
                    })
                    .collect();
                let last = ops.last().map_or(0, |(_, at)| *at);
                ops.push((designs::Op::Read, last + 200_000));
                ops
            }
        };
        let clients = ops
            .into_iter()
            .enumerate()
            .map(|(i, (op, at_us))| designs::ClientSpec {
                node: NodeId(i as u8 % n.max(1)),
                op,
                at_us,
            })
            .collect();
        let mut config = paxos_front::runs::designs::config(design, clients, seed);
        config.protocol.cluster_size = n;
        config.network = base.network;
        config.disk = base.disk;
        config.faults = base.faults;
        config.until_us = base.until_us;
        config.record_trace = false;
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }

    fn report(sim: &Sim<Self>) -> RunReport {
        RunReport::new(sim)
    }
}

#[derive(Serialize)]
pub struct RunReport {
    protocol: &'static str,
    /// The design's title, for the summary.
    #[serde(skip)]
    title: &'static str,
    /// The design's number in the progression (1, 2, 3 or 5).
    design: u8,
    seed: u64,
    nodes: u8,
    #[serde(flatten)]
    outcomes: designs::client::Report,
    /// Every client: its operation, where it started, when it ran, and how
    /// it ended.
    operations: Vec<OperationReport>,
    /// Every server at the end: up or down, and what its disk holds.
    servers: Vec<ServerReport>,
    #[serde(flatten)]
    counters: RunCounters,
}

#[derive(Serialize)]
struct OperationReport {
    client: String,
    node: String,
    op: String,
    start: Option<f64>,
    end: Option<f64>,
    /// The outcome in words, or null if it never finished.
    outcome: Option<String>,
    ok: bool,
}

#[derive(Serialize)]
struct ServerReport {
    node: String,
    up: bool,
    /// The value on its disk, or null.
    value: Option<String>,
    /// Generations: the generation of that value (0 otherwise).
    generation: u64,
}

impl RunReport {
    fn new(sim: &Sim<Storage>) -> RunReport {
        let config = sim.config();
        let design = config.protocol.design;
        let operations = (0..config.clients.len())
            .filter_map(|i| sim.client(ClientId(i as u8)))
            .map(|c| OperationReport {
                client: c.id().to_string(),
                node: c.node().to_string(),
                op: c.op().to_string(),
                start: c.started_us().map(ms),
                end: c.finished_us().map(ms),
                outcome: c.outcome().map(ToString::to_string),
                ok: c.outcome().is_some_and(designs::Outcome::succeeded),
            })
            .collect();
        let servers = sim
            .nodes()
            .map(|n| {
                let disk = sim.disk(n).cloned().unwrap_or_default();
                ServerReport {
                    node: n.to_string(),
                    up: sim.node(n).is_some(),
                    value: disk.value.as_ref().map(|v| v.as_str().to_string()),
                    generation: disk.generation(),
                }
            })
            .collect();
        RunReport {
            protocol: design.name(),
            title: design.title(),
            design: design.number(),
            seed: config.seed,
            nodes: config.protocol.cluster_size,
            outcomes: designs::client::report(sim.clients()),
            operations,
            servers,
            counters: RunCounters::new(&sim.summary()),
        }
    }
}

impl Human for RunReport {
    fn human(&self) -> String {
        let title = self.title;
        let mut text = format!("seed {}: {title}, {} servers\n", self.seed, self.nodes);
        for op in &self.operations {
            text += &format!(
                "  {} ({} at {}): {}\n",
                op.client,
                op.op,
                op.node,
                op.outcome.as_deref().unwrap_or("did not finish")
            );
        }
        let servers: Vec<String> = self
            .servers
            .iter()
            .map(|s| {
                let value = s
                    .value
                    .as_deref()
                    .map_or("nothing".to_string(), |v| format!("{v:?}"));
                let generation = if s.generation > 0 {
                    format!(" (g{})", s.generation)
                } else {
                    String::new()
                };
                let down = if s.up { "" } else { ", down" };
                format!("{} holds {value}{generation}{down}", s.node)
            })
            .collect();
        text += &format!("  servers: {}\n", servers.join("; "));
        text += &format!(
            "  {} writes acknowledged, {} failed; {} reads ok, {} failed ({} for lack of a majority)\n",
            self.outcomes.writes_acknowledged,
            self.outcomes.writes_failed,
            self.outcomes.reads_ok,
            self.outcomes.reads_failed,
            self.outcomes.reads_no_majority
        );
        if self.outcomes.swaps + self.outcomes.rejected + self.outcomes.unsure > 0 {
            text += &format!(
                "  compare-and-set: {} swapped, {} rejected, {} unsure\n",
                self.outcomes.swaps, self.outcomes.rejected, self.outcomes.unsure
            );
        }
        text += &self.counters.ending();
        text
    }
}

/// `paxos sweep --protocol single|two|voting|generations --json`.
#[derive(Serialize)]
pub struct SweepTally {
    protocol: &'static str,
    /// Runs in which the monitor found a violation.
    violations: u64,
    #[serde(flatten)]
    first: FirstViolation,
    /// Totals over every run: clients, writes, reads, swaps.
    #[serde(flatten)]
    totals: designs::client::Report,
    /// Runs in which some client never finished.
    unfinished: u64,
}

impl Tally for SweepTally {
    type Protocol = Storage;

    fn start(flags: &ClusterFlags) -> SweepTally {
        SweepTally {
            protocol: flags.protocol.design().unwrap_or_default().name(),
            violations: 0,
            first: FirstViolation::default(),
            totals: designs::client::Report::default(),
            unfinished: 0,
        }
    }

    fn add(&mut self, seed: u64, sim: &Sim<Storage>) {
        self.totals.tally(sim.clients());
        if !sim.clients_done() {
            self.unfinished += 1;
        }
        if self.first.note(seed, sim.violations()) {
            self.violations += 1;
        }
    }

    /// Only violations: a design that loses writes or leaves a client
    /// hanging is showing what it is there to show.
    fn failed(&self) -> bool {
        self.violations > 0
    }

    fn human(&self, seeds: &str, runs: u64) -> String {
        let mut text = format!(
            "{} seeds {seeds}: {runs} runs, {} with violations, {} unfinished\n  \
             totals: {} writes acknowledged, {} failed; {} reads ok, {} failed ({} no majority); \
             {} swaps, {} rejected, {} unsure\n",
            self.protocol,
            self.violations,
            self.unfinished,
            self.totals.writes_acknowledged,
            self.totals.writes_failed,
            self.totals.reads_ok,
            self.totals.reads_failed,
            self.totals.reads_no_majority,
            self.totals.swaps,
            self.totals.rejected,
            self.totals.unsure
        );
        text += &self.first.human();
        text
    }
}
