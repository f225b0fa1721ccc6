//! Runs of Multi-Paxos: a client workload to start from, the page's
//! opening run (its presets are course material: `course::presets`),
//! running a workload to completion, and
//! judging the result: what the clients saw (committed commands,
//! throughput, latency), whether it is linearizable, and whether the
//! replicas' logs agree.

use paxos_core::kv::{Command, Outcome};
use paxos_core::linearizability::{self, Failure};
use paxos_core::multi::{
    operations, Client, ClientPlan, Commands, Config, HistoryEvent, MultiPaxos,
};
use paxos_core::types::{ClientId, NodeId};
use paxos_sim::sim::{Sim, SimConfig, MAX_TIME_US};
use std::collections::BinaryHeap;

/// `commands` random commands over `keys` keys (from the newest
/// generator), one after another, from time 0; the network, disks and
/// (no) faults of [`paxos::sim_config`].
pub fn workload(
    nodes: u8,
    clients: u8,
    commands: u64,
    keys: u8,
    seed: u64,
) -> SimConfig<MultiPaxos> {
    let protocol = Config {
        cluster_size: nodes,
        ..Config::default()
    };
    let clients = (0..clients)
        .map(|i| ClientPlan {
            at_us: 0,
            node: NodeId(i % nodes.max(1)),
            think_us: 0,
            commands: Commands::random(commands, keys),
        })
        .collect();
    SimConfig {
        client_retry_us: 300_000,
        until_us: MAX_TIME_US,
        record_trace: false,
        ..SimConfig::with(protocol, clients, seed)
    }
}

/// How long a run goes on after the last client finished, so that
/// decisions reach every replica before the logs are compared.
pub const SETTLE_US: u64 = 1_000_000;

/// What a workload run amounts to.
#[derive(Clone, Debug)]
pub struct Report {
    /// Commands the clients issued, and those that got an answer.
    pub commands_issued: u64,
    pub commands_committed: u64,
    /// Compare-and-sets answered that matched, and that did not.
    pub cas_ok: u64,
    pub cas_failed: u64,
    /// From the first command's invocation to the last answer.
    pub busy_us: u64,
    /// Commands answered per simulated second.
    pub throughput_per_s: f64,
    /// The nominal round trip: two mean network hops plus a mean disk write.
    pub round_trip_us: f64,
    /// Commands answered per round trip.
    pub per_round_trip: f64,
    /// Latency percentiles (invocation to answer), in microseconds.
    pub latency_p50_us: u64,
    pub latency_p95_us: u64,
    pub latency_p99_us: u64,
    pub latency_max_us: u64,
    /// `Ok` or why not (including the checker giving up).
    pub linearizable: Result<(), Failure>,
    /// `Ok` or the first slot where two replicas' logs differ.
    pub agreement: Result<(), String>,
}

/// Steps `sim` until every client is done (or the end time), then past
/// the fault window and a little longer, so that restarted replicas catch
/// up and decisions spread.
pub fn run(sim: &mut Sim<MultiPaxos>) {
    while !sim.clients_done() && sim.step() {}
    // Past the fault window, if there are faults: restarted replicas must
    // have caught up before the logs are compared.
    let config = sim.config();
    let (faults, net) = (&config.faults, &config.network);
    let faulty = faults.crash_prob > 0.0
        || faults.partition_prob > 0.0
        || net.drop_prob > 0.0
        || net.dup_prob > 0.0;
    let faults_end = if faulty { faults.until_us } else { 0 };
    let settle = sim.now_us().max(faults_end).saturating_add(SETTLE_US);
    sim.run_until(settle);
}

/// Every client's history, in client order.
pub fn histories(sim: &Sim<MultiPaxos>) -> Vec<&[HistoryEvent]> {
    (0..sim.config().clients.len())
        .filter_map(|i| sim.client(ClientId(i as u8)))
        .map(|c: &Client| c.history())
        .collect()
}

/// Whether every two replicas that both know a slot agree on it.
pub fn agreement(sim: &Sim<MultiPaxos>) -> Result<(), String> {
    let nodes: Vec<_> = sim.nodes().filter_map(|id| sim.node(id)).collect();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            for (slot, entry) in a.log() {
                if let Some(other) = b.log().get(slot) {
                    if other.request != entry.request {
                        return Err(format!(
                            "slot {slot}: {} has {} but {} has {}",
                            a.id(),
                            entry.request,
                            b.id(),
                            other.request
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Judges a finished run.
/// What the clients saw so far, without the checks: commands issued, the
/// latency of each answered one (sorted, µs), and the first invocation and
/// last answer times.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub issued: u64,
    /// Compare-and-sets answered: those that matched, and those that did
    /// not.
    pub cas_ok: u64,
    pub cas_failed: u64,
    pub latencies_us: Vec<u64>,
    pub first_us: Option<u64>,
    pub last_us: Option<u64>,
}

impl Totals {
    pub fn of(sim: &Sim<MultiPaxos>) -> Totals {
        let mut totals = Totals::default();
        for history in histories(sim) {
            let mut invoked = paxos_core::collections::LiteMap::new_vec();
            for event in history {
                match event {
                    HistoryEvent::Invoke {
                        seq,
                        time_us,
                        command,
                        ..
                    } => {
                        totals.issued += 1;
                        totals.first_us =
                            Some(totals.first_us.map_or(*time_us, |t| t.min(*time_us)));
                        invoked.insert(*seq, (*time_us, command));
                    }
                    HistoryEvent::Complete {
                        seq,
                        time_us,
                        outcome,
                        ..
                    } => {
                        totals.last_us = Some(totals.last_us.map_or(*time_us, |t| t.max(*time_us)));
                        if let Some((start, command)) = invoked.get(seq) {
                            totals.latencies_us.push(time_us - start);
                            if matches!(command, Command::Cas { .. }) {
                                match outcome {
                                    Outcome::CasFailed { .. } => totals.cas_failed += 1,
                                    _ => totals.cas_ok += 1,
                                }
                            }
                        }
                    }
                }
            }
        }
        // Heapsort through `BinaryHeap`, whose code every page already has
        // (the simulator's queue): `sort_unstable` would add kilobytes of
        // its own to the Multi-Paxos page, which shows these totals.
        totals.latencies_us =
            BinaryHeap::from(std::mem::take(&mut totals.latencies_us)).into_sorted_vec();
        totals
    }

    /// Commands answered.
    pub fn committed(&self) -> u64 {
        self.latencies_us.len() as u64
    }

    /// Simulated time from the first command to the last answer.
    pub fn busy_us(&self) -> u64 {
        match (self.first_us, self.last_us) {
            (Some(first), Some(last)) => last.saturating_sub(first),
            _ => 0,
        }
    }

    /// Commands answered per simulated second, over the busy time.
    pub fn throughput_per_s(&self) -> f64 {
        match self.busy_us() {
            0 => 0.0,
            busy => self.committed() as f64 * 1e6 / busy as f64,
        }
    }
}

/// The nominal round trip of a command: two mean network hops and a mean
/// disk write, in µs.
pub fn round_trip_us(sim: &Sim<MultiPaxos>) -> f64 {
    let net = &sim.config().network;
    let disk = &sim.config().disk;
    (net.latency_min_us + net.latency_max_us) as f64
        + (disk.write_min_us + disk.write_max_us) as f64 / 2.0
}

pub fn report(sim: &Sim<MultiPaxos>) -> Report {
    let totals = Totals::of(sim);
    let latencies = &totals.latencies_us;
    let (issued, committed) = (totals.issued, totals.committed());
    let busy_us = totals.busy_us();
    let round_trip_us = round_trip_us(sim);
    let throughput = totals.throughput_per_s();
    let ops = operations(histories(sim));
    Report {
        commands_issued: issued,
        commands_committed: committed,
        cas_ok: totals.cas_ok,
        cas_failed: totals.cas_failed,
        busy_us,
        throughput_per_s: throughput,
        round_trip_us,
        per_round_trip: throughput * round_trip_us / 1e6,
        latency_p50_us: percentile(latencies, 50.0),
        latency_p95_us: percentile(latencies, 95.0),
        latency_p99_us: percentile(latencies, 99.0),
        latency_max_us: latencies.last().copied().unwrap_or(0),
        linearizable: linearizability::check(&ops).map(|_| ()),
        agreement: agreement(sim),
    }
}

// Ready-made runs: the page's opening run, built from the same actions a
// user could take by hand.

/// The Multi-Paxos playground's opening run: `nodes` replicas; two clients
/// each run six random commands, a little apart, once a leader has had
/// time to be elected.
pub fn multi_steady(nodes: u8, seed: u64) -> SimConfig<MultiPaxos> {
    let mut config = workload(nodes, 2, 6, 3, seed);
    for client in &mut config.clients {
        client.at_us = 400_000;
        client.think_us = 120_000;
    }
    config.record_trace = true;
    config.until_us = MAX_TIME_US;
    config.faults.until_us = MAX_TIME_US;
    config
}

/// A Multi-Paxos client that runs `commands` from `at_us`, starting at
/// `node`, with no pause between them.
pub fn client_script(at_us: u64, node: u8, commands: Vec<Command>) -> ClientPlan {
    ClientPlan {
        at_us,
        node: NodeId(node),
        think_us: 0,
        commands: Commands::Script(commands),
    }
}
