//! Multi-Paxos in the CLI: a key-value workload from the flags, played
//! until every client is done and the log has settled; its run report
//! (throughput, latency, linearizability, agreement), its clients' history
//! as JSON lines, and its sweep tally.

use super::{Headless, Tally};
use crate::flags::ClusterFlags;
use crate::parse::ms;
use crate::report::{Human, RunCounters};
use paxos_core::kv::{Command as KvCommand, Outcome};
use paxos_core::multi::{HistoryEvent, MultiPaxos};
use paxos_front::runs::multi as report;
use paxos_sim::sim::{Sim, SimConfig};
use serde::Serialize;

impl Headless for MultiPaxos {
    type Report = RunReport;
    type Tally = SweepTally;

    fn config(flags: &ClusterFlags, seed: u64) -> Result<SimConfig<Self>, String> {
        let base = super::paxos::config(flags, seed);
        let (cluster, multi) = (&flags.cluster, &flags.multi);
        let mut config = report::workload(
            cluster.nodes.unwrap_or(3),
            multi.clients,
            multi.commands,
            multi.keys,
            seed,
        );
        config.network = base.network;
        config.disk = base.disk;
        config.faults = base.faults;
        config.protocol.window = multi.window;
        config.protocol.backoff = !flags.backoff.no_backoff;
        config.protocol.forward = !multi.no_forward;
        if let Some(until) = cluster.until {
            config.until_us = until;
        }
        for (i, client) in config.clients.iter_mut().enumerate() {
            client.at_us = i as u64 * cluster.stagger;
            client.think_us = multi.think;
        }
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }

    /// Until the clients are done and the log has settled.
    fn play(sim: &mut Sim<Self>) {
        report::run(sim);
    }

    fn report(sim: &Sim<Self>) -> RunReport {
        RunReport::new(sim)
    }

    const KIND: &'static str = "Multi-Paxos";
    const KEEPS_HISTORY: bool = true;

    fn history(sim: &Sim<Self>) -> String {
        history_jsonl(sim)
    }
}

/// `paxos run --protocol multi --json`.
#[derive(Serialize)]
pub struct RunReport {
    protocol: &'static str,
    seed: u64,
    nodes: u8,
    clients: usize,
    window: u64,
    commands_issued: u64,
    commands_committed: u64,
    /// Compare-and-sets answered that matched, and that did not.
    cas_ok: u64,
    cas_failed: u64,
    /// From the first command to the last answer, in ms of simulated time.
    busy_time: f64,
    /// Commands answered per simulated second.
    throughput: f64,
    /// The nominal round trip (two mean network hops and a mean disk
    /// write), in ms, and commands answered per round trip.
    round_trip: f64,
    commands_per_round_trip: f64,
    /// Invocation-to-answer latency percentiles, in ms.
    latency_p50: f64,
    latency_p95: f64,
    latency_p99: f64,
    latency_max: f64,
    linearizable: bool,
    /// Why not, if not (or why the checker gave up).
    linearizability_detail: Option<String>,
    /// Whether every replica that knows a slot agrees on it.
    agreement: bool,
    agreement_detail: Option<String>,
    /// Slots executed by the replica furthest ahead.
    slots_executed: u64,
    /// The counters; `ballots` counts elections started.
    #[serde(flatten)]
    counters: RunCounters,
}

impl RunReport {
    fn new(sim: &Sim<MultiPaxos>) -> RunReport {
        let r = report::report(sim);
        let s = sim.summary();
        let config = sim.config();
        RunReport {
            protocol: "multi",
            seed: s.seed,
            nodes: config.protocol.cluster_size,
            clients: config.clients.len(),
            window: config.protocol.window,
            commands_issued: r.commands_issued,
            commands_committed: r.commands_committed,
            cas_ok: r.cas_ok,
            cas_failed: r.cas_failed,
            busy_time: ms(r.busy_us),
            throughput: r.throughput_per_s,
            round_trip: r.round_trip_us / 1000.0,
            commands_per_round_trip: r.per_round_trip,
            latency_p50: ms(r.latency_p50_us),
            latency_p95: ms(r.latency_p95_us),
            latency_p99: ms(r.latency_p99_us),
            latency_max: ms(r.latency_max_us),
            linearizable: r.linearizable.is_ok(),
            linearizability_detail: r.linearizable.err().map(|f| f.to_string()),
            agreement: r.agreement.is_ok(),
            agreement_detail: r.agreement.err(),
            slots_executed: paxos_front::view::multi::chosen_slots(sim),
            counters: RunCounters::new(&s),
        }
    }
}

impl Human for RunReport {
    fn human(&self) -> String {
        let mut text = format!(
            "seed {}: {} of {} commands committed by {} clients on {} replicas (window {})\n",
            self.seed,
            self.commands_committed,
            self.commands_issued,
            self.clients,
            self.nodes,
            self.window
        );
        text += &format!(
            "  compare-and-sets: {} matched, {} failed\n",
            self.cas_ok, self.cas_failed
        );
        text += &format!(
            "  {:.0} commands/s of simulated time, {:.2} per round trip of {:.2} ms\n  \
             latency p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms\n",
            self.throughput,
            self.commands_per_round_trip,
            self.round_trip,
            self.latency_p50,
            self.latency_p95,
            self.latency_p99,
            self.latency_max
        );
        text += &self.counters.line();
        text += &match &self.linearizability_detail {
            None => "  linearizable: yes\n".to_string(),
            Some(why) => format!("  linearizable: NO: {why}\n"),
        };
        text += &match &self.agreement_detail {
            None => format!(
                "  agreement: every replica agrees on all {} slots\n",
                self.slots_executed
            ),
            Some(why) => format!("  agreement: NO: {why}\n"),
        };
        text += &self.counters.ending();
        text
    }
}

/// One line of `--history`: see the README for the format.
fn history_line(
    event: &HistoryEvent,
    command_of: &std::collections::BTreeMap<(u8, u64), KvCommand>,
) -> serde_json::Value {
    use serde_json::json;
    let args = |command: &KvCommand| match command {
        KvCommand::Put { key, value } => ("put", json!({ "key": key, "value": value })),
        KvCommand::Get { key } => ("get", json!({ "key": key })),
        KvCommand::Cas { key, expected, new } => (
            "cas",
            json!({ "key": key, "expected": expected, "new": new }),
        ),
        KvCommand::Noop => ("noop", json!({})),
    };
    match event {
        HistoryEvent::Invoke {
            client,
            seq,
            command,
            time_us,
        } => {
            let (op, args) = args(command);
            json!({ "type": "invoke", "client": client.0, "seq": seq, "op": op, "args": args, "result": null, "time_us": time_us })
        }
        HistoryEvent::Complete {
            client,
            seq,
            outcome,
            time_us,
        } => {
            let (op, args) = command_of
                .get(&(client.0, *seq))
                .map_or(("unknown", json!({})), args);
            let result = match outcome {
                Outcome::Done => json!({ "status": "ok" }),
                Outcome::Value(value) => json!({ "status": "ok", "value": value }),
                Outcome::CasFailed { current } => {
                    json!({ "status": "cas_failed", "current": current })
                }
            };
            json!({ "type": "complete", "client": client.0, "seq": seq, "op": op, "args": args, "result": result, "time_us": time_us })
        }
    }
}

/// The clients' history as JSON lines, in simulated-time order.
fn history_jsonl(sim: &Sim<MultiPaxos>) -> String {
    let mut events: Vec<&HistoryEvent> = report::histories(sim).into_iter().flatten().collect();
    let time = |e: &HistoryEvent| match e {
        HistoryEvent::Invoke {
            time_us, client, ..
        }
        | HistoryEvent::Complete {
            time_us, client, ..
        } => (*time_us, client.0),
    };
    events.sort_by_key(|e| time(e));
    let mut command_of = std::collections::BTreeMap::new();
    for event in &events {
        if let HistoryEvent::Invoke {
            client,
            seq,
            command,
            ..
        } = event
        {
            command_of.insert((client.0, *seq), command.clone());
        }
    }
    let mut out = String::new();
    for event in events {
        out += &history_line(event, &command_of).to_string();
        out.push('\n');
    }
    out
}

/// `paxos sweep --protocol multi --json`: what can go wrong in a run of
/// the log.
#[derive(Serialize, Default)]
pub struct SweepTally {
    violations: u64,
    not_linearizable: u64,
    disagreements: u64,
    /// Runs in which some client never finished its commands.
    unfinished: u64,
    first_failure_seed: Option<u64>,
    first_failure: Option<String>,
    commands_committed: u64,
    /// Compare-and-sets answered that matched, and that did not.
    cas_ok: u64,
    cas_failed: u64,
    events: u64,
    messages: u64,
    crashes: u64,
}

impl Tally for SweepTally {
    type Protocol = MultiPaxos;

    fn start(_: &ClusterFlags) -> SweepTally {
        SweepTally::default()
    }

    fn add(&mut self, seed: u64, sim: &Sim<MultiPaxos>) {
        let r = report::report(sim);
        let s = sim.summary();
        self.commands_committed += r.commands_committed;
        self.cas_ok += r.cas_ok;
        self.cas_failed += r.cas_failed;
        self.events += s.stats.steps;
        self.messages += s.stats.messages;
        self.crashes += s.stats.crashes;
        let mut failure = None;
        if let Some(v) = s.violations.first() {
            self.violations += 1;
            failure.get_or_insert(v.to_string());
        }
        if let Err(why) = &r.linearizable {
            self.not_linearizable += 1;
            failure.get_or_insert(why.to_string());
        }
        if let Err(why) = &r.agreement {
            self.disagreements += 1;
            failure.get_or_insert(why.clone());
        }
        if !sim.clients_done() {
            self.unfinished += 1;
            failure.get_or_insert("a client never finished its commands".into());
        }
        if self.first_failure.is_none() && failure.is_some() {
            self.first_failure_seed = Some(seed);
            self.first_failure = failure;
        }
    }

    fn failed(&self) -> bool {
        self.violations + self.not_linearizable + self.disagreements + self.unfinished > 0
    }

    fn human(&self, seeds: &str, runs: u64) -> String {
        let mut text = format!(
            "seeds {seeds}: {runs} runs, {} with violations, {} not linearizable, {} with disagreeing logs, {} unfinished\n  \
             totals: {} commands committed ({} compare-and-sets matched, {} failed), {} events, {} messages, {} crashes\n",
            self.violations,
            self.not_linearizable,
            self.disagreements,
            self.unfinished,
            self.commands_committed,
            self.cas_ok,
            self.cas_failed,
            self.events,
            self.messages,
            self.crashes
        );
        if let (Some(seed), Some(why)) = (self.first_failure_seed, &self.first_failure) {
            text += &format!("  first failure: {why}\n  reproduce with seed={seed}\n");
        }
        text
    }
}
