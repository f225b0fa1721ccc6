//! The `paxos` command-line tool: runs the same core and simulator as the
//! playground, headlessly. Native only.
//!
//! Every command prints a human summary, or with `--json` exactly one JSON
//! object on stdout. Errors go to stderr with a non-zero exit status.

use crate::bench;
use crate::catalog::Scenario;
use crate::designs::{self, Design, Storage};
use crate::kv::{Command as KvCommand, Outcome};
use crate::multi::{HistoryEvent, MultiPaxos, MAX_WINDOW};
use crate::paxos::{Bug, Durability};
use crate::protocol::Protocol;
use crate::runs::multi as report;
use crate::sim::{format_hash, Sim, SimConfig, Summary, Violation, MAX_NODES};
use crate::types::{NodeId, Value};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use std::ops::Range;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "paxos",
    version,
    about = "Run, sweep and benchmark the Paxos Playground's simulator headlessly."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run one seeded simulation and summarize it.
    Run {
        #[command(flatten)]
        cluster: ClusterArgs,
        /// The seed that drives every random choice.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Print one JSON object instead of a summary.
        #[arg(long)]
        json: bool,
        /// Multi-Paxos: write the clients' history to this file as JSON
        /// lines, one per invocation and one per completion.
        #[arg(long, value_name = "OUT")]
        history: Option<std::path::PathBuf>,
        /// Run a scenario instead: a JSON file, a file holding a link, or a
        /// link (`s1.…`, or a playground URL whose fragment holds `s=…`).
        /// The scenario sets the cluster, the seed and everything else.
        #[arg(long, value_name = "FILE|LINK")]
        scenario: Option<String>,
        /// Write the run's trace to this file, as JSON lines (one event per
        /// line, with its simulated time).
        #[arg(long, value_name = "OUT")]
        trace: Option<std::path::PathBuf>,
        /// Write the whole run's sequence diagram to this file, as SVG.
        #[arg(long, value_name = "OUT")]
        svg: Option<std::path::PathBuf>,
        /// The SVG's scale, in pixels per simulated millisecond.
        #[arg(long, default_value_t = 10.0, value_parser = parse_zoom)]
        svg_zoom: f64,
    },
    /// Print the share link of a scenario (a JSON file, a link, or
    /// gallery:ID): the playground opens it with `#s=LINK`.
    Link {
        /// The scenario: FILE, LINK or gallery:ID.
        source: String,
        /// The playground's address, to print a whole URL
        /// (`BASE#s=LINK`) instead of the link alone.
        #[arg(long, value_name = "URL")]
        base: Option<String>,
    },
    /// List the built-in lessons; each runs with `--scenario gallery:ID`.
    Gallery {
        /// Print the scenario of this lesson as JSON (to read, edit, or run
        /// with `--scenario FILE`).
        #[arg(long, value_name = "ID")]
        export: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Run many seeds and report safety violations and undecided runs.
    /// Exits with status 1 if any run violated safety, never decided, or
    /// left a client unanswered.
    Sweep {
        #[command(flatten)]
        cluster: ClusterArgs,
        /// Seeds to run, as START..END (END excluded).
        #[arg(long, value_parser = parse_seed_range)]
        seeds: Range<u64>,
        #[arg(long)]
        json: bool,
    },
    /// Measure the simulator. Single-decree: simulated events per second
    /// on 5 nodes, 2 racing proposers, 5% loss, 5% duplication. Multi-Paxos:
    /// 5 replicas in steady state, commands per simulated round trip with
    /// pipeline windows 1 and 8, and commands simulated per second.
    Bench {
        /// `paxos` (single-decree) or `multi`. (`single`, which meant
        /// single-decree Paxos here before it meant design 1 everywhere, is
        /// still read as `paxos`, with a note.)
        #[arg(long, default_value = "paxos", value_parser = ["paxos", "multi", "single"])]
        protocol: String,
        /// Number of independent single-decree rounds.
        #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
        rounds: u64,
        /// Multi-Paxos: commands per measurement.
        #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        commands: u64,
        /// Multi-Paxos: measure only this pipeline window.
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_WINDOW))]
        window: Option<u64>,
        #[arg(long)]
        json: bool,
    },
}

/// The cluster, network and fault settings shared by `run` and `sweep`.
/// Times are in milliseconds of simulated time.
#[derive(Args, Debug, Clone)]
struct ClusterArgs {
    /// paxos (design 4: single-decree Paxos, one value), multi (a
    /// replicated key-value log, Multi-Paxos), or a storage design: single
    /// (design 1, one server), two (design 2), voting (design 3, majority
    /// voting) or generations (design 5, compare-and-set).
    #[arg(long, default_value = "paxos", value_parser = PROTOCOLS)]
    protocol: String,
    /// Storage designs: the clients' operations, comma-separated, each
    /// `write:V`, `read` or `cas:X:Y` (generations), optionally `@MS` for
    /// its start time. Client i starts at server i. Default: one writer per
    /// --proposers ("A", "B", ... at i × --stagger ms) and a read 200 ms
    /// after the last.
    #[arg(long, value_name = "LIST", value_parser = parse_ops)]
    ops: Option<Ops>,
    /// Paxos: a deliberate bug to switch on (repeatable): one_ballot,
    /// ignore_promises, count_across_ballots or accept_without_promise.
    /// (Amnesia is --durability no_writes.)
    #[arg(long = "bug", value_name = "NAME", value_parser = parse_bug)]
    bugs: Vec<Bug>,
    /// Paxos, flexible quorums: promises phase 1 needs (default: a
    /// majority). Safe only if Q1 + Q2 is above --nodes.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=MAX_NODES as i64))]
    q1: u8,
    /// Paxos, flexible quorums: acceptances that choose a value.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=MAX_NODES as i64))]
    q2: u8,
    /// Paxos: clients that read (as learners, from every acceptor) instead
    /// of proposing, one per node after the proposers, at --read-at.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=64))]
    readers: u8,
    /// When the readers start, in ms.
    #[arg(long, default_value = "200", value_parser = parse_ms)]
    read_at: u64,
    /// Multi-Paxos: number of clients, each running its commands one after
    /// another, starting at a different replica.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=64))]
    clients: u8,
    /// Multi-Paxos: random put/get/cas commands per client.
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    commands: u64,
    /// Multi-Paxos: the commands use keys k0..k(KEYS-1).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=255))]
    keys: u8,
    /// Multi-Paxos: the most slots the leader has in flight at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=MAX_WINDOW))]
    window: u64,
    /// Multi-Paxos: a client's pause between an answer and its next
    /// command, in ms.
    #[arg(long, default_value = "0", value_parser = parse_ms)]
    think: u64,
    /// Multi-Paxos: followers redirect clients to the leader instead of
    /// forwarding their commands.
    #[arg(long)]
    no_forward: bool,
    /// Number of nodes (default 3; the storage designs: 1, 2, 3, 3).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=MAX_NODES as i64))]
    nodes: Option<u8>,
    /// Number of clients, each proposing its own value ("A", "B", ...) to a
    /// different node at time 0.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=64))]
    proposers: u8,
    /// Start client i at i × STAGGER ms instead of all at time 0, so that
    /// later proposers arrive while faults are in progress.
    #[arg(long, default_value = "0", value_parser = parse_ms)]
    stagger: u64,
    /// Chance that a message between nodes is lost (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, allow_negative_numbers = true)]
    drop: f64,
    /// Chance that a message between nodes is delivered twice (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, allow_negative_numbers = true)]
    dup: f64,
    /// Network latency range in ms, as MIN..MAX.
    #[arg(long, default_value = "2..12", value_parser = parse_ms_range)]
    latency: Range<u64>,
    /// Disk write latency range in ms, as MIN..MAX.
    #[arg(long, default_value = "0.5..2", value_parser = parse_ms_range)]
    disk: Range<u64>,
    /// Chance, at every fault tick, of crashing a random node.
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, allow_negative_numbers = true)]
    crash: f64,
    /// Chance, at every fault tick, of cutting or healing the network.
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, allow_negative_numbers = true)]
    partition: f64,
    /// Time between fault ticks, in ms.
    #[arg(long, default_value = "20", value_parser = parse_ms)]
    fault_tick: u64,
    /// End of the fault window, in ms: then the network heals, loss and
    /// duplication stop, and crashed nodes restart.
    #[arg(long, default_value = "2000", value_parser = parse_ms)]
    faults_until: u64,
    /// Retry at once after a rejection, instead of backing off at random.
    #[arg(long)]
    no_backoff: bool,
    /// How acceptors treat their disk: write_ahead (correct), or one of two
    /// deliberate bugs, reply_first or no_writes.
    #[arg(long, default_value = "write_ahead", value_parser = parse_durability)]
    durability: Durability,
    /// Stop at this simulated time, in ms (default: 10000 for single;
    /// for multi, when every client is done and the cluster has settled).
    #[arg(long, value_parser = parse_ms)]
    until: Option<u64>,
}

impl ClusterArgs {
    fn nodes(&self) -> u8 {
        self.nodes.unwrap_or(3)
    }

    fn config(&self, seed: u64) -> SimConfig<crate::paxos::SingleDecree> {
        let mut config = crate::runs::paxos::config(self.nodes(), self.proposers, seed);
        config.network.drop_prob = self.drop;
        config.network.dup_prob = self.dup;
        config.network.latency_min_us = self.latency.start;
        config.network.latency_max_us = self.latency.end;
        config.disk.write_min_us = self.disk.start;
        config.disk.write_max_us = self.disk.end;
        config.faults.crash_prob = self.crash;
        config.faults.partition_prob = self.partition;
        config.faults.until_us = self.faults_until;
        config.faults.tick_us = self.fault_tick;
        for (i, client) in config.clients.iter_mut().enumerate() {
            client.at_us = i as u64 * self.stagger;
        }
        config.protocol.backoff = !self.no_backoff;
        config.protocol.durability = self.durability;
        config.protocol.q1 = self.q1;
        config.protocol.q2 = self.q2;
        for bug in &self.bugs {
            config.protocol.bugs.set(*bug, true);
        }
        for i in 0..self.readers {
            config.clients.push(crate::paxos::ClientSpec {
                node: NodeId(i % self.nodes().max(1)),
                value: Value::new(""),
                at_us: self.read_at,
                read: true,
            });
        }
        config.until_us = self.until.unwrap_or(10_000_000);
        config.record_trace = false;
        config
    }

    /// The storage design named by --protocol, if it names one.
    fn design(&self) -> Option<Design> {
        Design::from_name(&self.protocol)
    }

    /// Options that only Paxos takes, if any was given to another protocol.
    fn paxos_only(&self) -> Option<&'static str> {
        if self.protocol == "paxos" {
            return None;
        }
        [
            (!self.bugs.is_empty(), "--bug"),
            (self.q1 != 0, "--q1"),
            (self.q2 != 0, "--q2"),
            (self.readers != 0, "--readers"),
        ]
        .into_iter()
        .find_map(|(given, name)| given.then_some(name))
    }

    fn design_config(&self, design: Design, seed: u64) -> Result<SimConfig<Storage>, String> {
        if self.durability != Durability::WriteAhead {
            return Err(
                "the storage designs always write ahead; --durability applies to --protocol paxos"
                    .into(),
            );
        }
        let base = self.config(seed);
        let n = self.nodes.unwrap_or(design.default_size());
        let ops = match &self.ops {
            Some(ops) => ops.0.clone(),
            None => {
                let mut ops: Vec<(designs::Op, u64)> = (0..self.proposers)
                    .map(|i| {
                        let value = Value::new(&crate::sim::client_value(i));
                        (designs::Op::Write(value), u64::from(i) * self.stagger)
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
        let mut config = crate::runs::designs::config(design, clients, seed);
        config.protocol.cluster_size = n;
        config.network = base.network;
        config.disk = base.disk;
        config.faults = base.faults;
        config.until_us = base.until_us;
        config.record_trace = false;
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }

    fn is_multi(&self) -> bool {
        self.protocol == "multi"
    }

    fn multi_config(&self, seed: u64) -> Result<SimConfig<MultiPaxos>, String> {
        if self.durability != Durability::WriteAhead {
            return Err("Multi-Paxos replicas always write ahead; --durability applies to --protocol single".into());
        }
        let base = self.config(seed);
        let mut config = crate::runs::multi::workload(
            self.nodes(),
            self.clients,
            self.commands,
            self.keys,
            seed,
        );
        config.network = base.network;
        config.disk = base.disk;
        config.faults = base.faults;
        config.protocol.window = self.window;
        config.protocol.backoff = !self.no_backoff;
        config.protocol.forward = !self.no_forward;
        if let Some(until) = self.until {
            config.until_us = until;
        }
        for (i, client) in config.clients.iter_mut().enumerate() {
            client.at_us = i as u64 * self.stagger;
            client.think_us = self.think;
        }
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }
}

/// Every `--protocol`.
const PROTOCOLS: [&str; 6] = ["paxos", "multi", "single", "two", "voting", "generations"];

fn parse_bug(text: &str) -> Result<Bug, String> {
    Bug::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Bug::ALL.iter().map(|b| b.name()).collect();
        format!("{text:?} is not a bug toggle: use {}", names.join(", "))
    })
}

/// A storage design's client operations, each with its start time (µs).
#[derive(Clone, Debug)]
struct Ops(Vec<(designs::Op, u64)>);

/// `write:V`, `read` or `cas:X:Y`, each maybe with `@MS`, comma-separated.
fn parse_ops(text: &str) -> Result<Ops, String> {
    text.split(',')
        .map(|item| {
            let item = item.trim();
            let (op, at) = match item.split_once('@') {
                Some((op, at)) => (op, parse_ms(at)?),
                None => (item, 0),
            };
            let parts: Vec<&str> = op.split(':').collect();
            let op = match parts.as_slice() {
                ["write", v] if !v.is_empty() => designs::Op::Write(Value::new(v)),
                ["read"] => designs::Op::Read,
                ["cas", x, y] if !x.is_empty() && !y.is_empty() => designs::Op::Cas {
                    expect: Value::new(x),
                    new: Value::new(y),
                },
                _ => {
                    return Err(format!(
                        "{item:?} is not an operation: use write:V, read or cas:X:Y, with @MS for a start time"
                    ))
                }
            };
            Ok((op, at))
        })
        .collect::<Result<Vec<_>, String>>()
        .map(Ops)
}

fn parse_durability(text: &str) -> Result<Durability, String> {
    Durability::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = Durability::ALL.iter().map(|d| d.name()).collect();
        format!(
            "{text:?} is not a durability mode: use {}",
            names.join(", ")
        )
    })
}

fn parse_probability(text: &str) -> Result<f64, String> {
    let p: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!(
            "{p} is not a probability: use a number from 0 to 1"
        ))
    }
}

/// Milliseconds, possibly fractional, to whole microseconds.
fn parse_ms(text: &str) -> Result<u64, String> {
    let ms: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of milliseconds"))?;
    let limit_ms = (crate::sim::MAX_TIME_US / 1000) as f64;
    if !(0.0..=limit_ms).contains(&ms) {
        return Err(format!("{ms} ms is outside 0..{limit_ms} ms"));
    }
    Ok((ms * 1000.0).round() as u64)
}

fn split_range(text: &str) -> Result<(&str, &str), String> {
    text.split_once("..")
        .ok_or_else(|| format!("{text:?} is not a range: write it as MIN..MAX"))
}

fn parse_ms_range(text: &str) -> Result<Range<u64>, String> {
    let (min, max) = split_range(text)?;
    let (min, max) = (parse_ms(min)?, parse_ms(max)?);
    if min > max {
        return Err(format!("{text:?}: the minimum is above the maximum"));
    }
    Ok(min..max)
}

fn parse_seed_range(text: &str) -> Result<Range<u64>, String> {
    let (start, end) = split_range(text)?;
    let parse = |s: &str| {
        s.parse::<u64>()
            .map_err(|_| format!("{s:?} is not a seed (a whole number)"))
    };
    let (start, end) = (parse(start)?, parse(end)?);
    if start >= end {
        return Err(format!("{text:?} is empty: END must be above START"));
    }
    Ok(start..end)
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

/// `paxos run --json`.
#[derive(Serialize)]
struct RunReport {
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

/// What every run report ends with, whatever the protocol.
#[derive(Serialize)]
struct RunCounters {
    /// Simulator steps: scheduled events processed.
    events: u64,
    trace_events: u64,
    /// Messages sent between nodes, duplicates included.
    messages: u64,
    dropped: u64,
    duplicated: u64,
    client_messages: u64,
    ballots: u64,
    crashes: u64,
    disk_writes: u64,
    violations: Vec<ViolationReport>,
    trace_hash: String,
    /// Simulated time at which the run stopped, in ms.
    end_time: f64,
}

impl RunCounters {
    fn new<P: Protocol>(s: &Summary<P>) -> RunCounters {
        RunCounters {
            events: s.stats.steps,
            trace_events: s.trace_events,
            messages: s.stats.messages,
            dropped: s.stats.dropped,
            duplicated: s.stats.duplicated,
            client_messages: s.stats.client_messages,
            ballots: s.ballots,
            crashes: s.stats.crashes,
            disk_writes: s.stats.disk_writes,
            violations: s.violations.iter().map(ViolationReport::from).collect(),
            trace_hash: format_hash(s.trace_hash),
            end_time: ms(s.end_us),
        }
    }
}

#[derive(Serialize)]
struct ViolationReport {
    property: String,
    seed: u64,
    step: u64,
    time: f64,
    detail: String,
}

impl From<&Violation> for ViolationReport {
    fn from(v: &Violation) -> ViolationReport {
        ViolationReport {
            property: v.property.name().to_string(),
            seed: v.seed,
            step: v.step,
            time: ms(v.time_us),
            detail: v.detail.clone(),
        }
    }
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
    fn new(sim: &Sim<crate::paxos::SingleDecree>) -> RunReport {
        let s = &sim.summary();
        let config = &sim.config().protocol;
        let answers: Vec<&crate::paxos::Reply> = (0..sim.config().clients.len())
            .filter_map(|i| sim.client(crate::types::ClientId(i as u8)))
            .filter(|c| c.spec.read)
            .filter_map(|c| c.answer.as_ref())
            .collect();
        RunReport {
            protocol: crate::paxos::SingleDecree::NAME,
            seed: s.seed,
            nodes: config.cluster_size,
            q1: config.q1(),
            q2: config.q2(),
            bugs: config.bugs.on().iter().map(|b| b.name()).collect(),
            reads_ok: answers
                .iter()
                .filter(|a| matches!(a, crate::paxos::Reply::Read(_)))
                .count(),
            reads_no_majority: answers
                .iter()
                .filter(|a| matches!(a, crate::paxos::Reply::NoMajority))
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

    fn human(&self) -> String {
        let mut text = match (&self.decided, self.decided_at) {
            (Some(value), Some(at)) => format!(
                "seed {}: decided {value:?} at {at:.3} ms (known to {})\n",
                self.seed,
                self.learned_by.join(",")
            ),
            _ => format!("seed {}: no value decided\n", self.seed),
        };
        text += &format!(
            "  {} events, {} messages ({} dropped, {} duplicated), {} ballot(s), {} crash(es)\n",
            self.counters.events,
            self.counters.messages,
            self.counters.dropped,
            self.counters.duplicated,
            self.counters.ballots,
            self.counters.crashes
        );
        if self.counters.violations.is_empty() {
            text += "  safety: ok, all 5 properties held after every step\n";
        }
        for v in &self.counters.violations {
            text += &format!(
                "  VIOLATION {} at step {} ({:.3} ms): {}\n",
                v.property, v.step, v.time, v.detail
            );
        }
        text += &format!("  trace hash {}\n", self.counters.trace_hash);
        text
    }
}

/// `paxos sweep --json`.
#[derive(Serialize)]
struct SweepReport {
    seeds: String,
    runs: u64,
    /// Runs in which the monitor found at least one violation.
    violations: u64,
    /// Runs in which no learner ever learned a value.
    undecided: u64,
    /// Runs in which some client never heard the outcome.
    unanswered: u64,
    first_violation_seed: Option<u64>,
    first_violation: Option<ViolationReport>,
    first_undecided_seed: Option<u64>,
    events: u64,
    messages: u64,
    dropped: u64,
    crashes: u64,
    ballots: u64,
}

impl SweepReport {
    fn human(&self) -> String {
        let mut text = format!(
            "seeds {}: {} runs, {} with violations, {} undecided, {} with unanswered clients\n  \
             totals: {} events, {} messages, {} dropped, {} crashes, {} ballots\n",
            self.seeds,
            self.runs,
            self.violations,
            self.undecided,
            self.unanswered,
            self.events,
            self.messages,
            self.dropped,
            self.crashes,
            self.ballots
        );
        if let Some(v) = &self.first_violation {
            text += &format!(
                "  first violation: {} at step {}: {}\n  reproduce with seed={}\n",
                v.property, v.step, v.detail, v.seed
            );
        }
        if let Some(seed) = self.first_undecided_seed {
            text += &format!("  first undecided run: reproduce with seed={seed}\n");
        }
        text
    }
}

fn sweep(cluster: &ClusterArgs, seeds: Range<u64>) -> Result<SweepReport, String> {
    let mut report = SweepReport {
        seeds: format!("{}..{}", seeds.start, seeds.end),
        runs: 0,
        violations: 0,
        undecided: 0,
        unanswered: 0,
        first_violation_seed: None,
        first_violation: None,
        first_undecided_seed: None,
        events: 0,
        messages: 0,
        dropped: 0,
        crashes: 0,
        ballots: 0,
    };
    for seed in seeds {
        let summary = Sim::new(cluster.config(seed))
            .map_err(|e| e.to_string())?
            .run();
        report.runs += 1;
        report.events += summary.stats.steps;
        report.messages += summary.stats.messages;
        report.dropped += summary.stats.dropped;
        report.crashes += summary.stats.crashes;
        report.ballots += summary.ballots;
        if let Some(first) = summary.violations.first() {
            report.violations += 1;
            if report.first_violation.is_none() {
                report.first_violation_seed = Some(seed);
                report.first_violation = Some(first.into());
            }
        }
        if summary.decided.is_none() {
            report.undecided += 1;
            report.first_undecided_seed.get_or_insert(seed);
        }
        if summary.clients_answered < usize::from(cluster.proposers) + usize::from(cluster.readers)
        {
            report.unanswered += 1;
        }
    }
    Ok(report)
}

/// `paxos run --protocol multi --json`.
#[derive(Serialize)]
struct MultiRunReport {
    protocol: &'static str,
    seed: u64,
    nodes: u8,
    clients: usize,
    window: u64,
    commands_issued: u64,
    commands_committed: u64,
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

impl MultiRunReport {
    fn new(sim: &Sim<MultiPaxos>) -> MultiRunReport {
        let r = report::report(sim);
        let s = sim.summary();
        let config = sim.config();
        MultiRunReport {
            protocol: "multi",
            seed: s.seed,
            nodes: config.protocol.cluster_size,
            clients: config.clients.len(),
            window: config.protocol.window,
            commands_issued: r.commands_issued,
            commands_committed: r.commands_committed,
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
            slots_executed: crate::view::multi_chosen_slots(sim),
            counters: RunCounters::new(&s),
        }
    }

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
        text += &format!(
            "  {} events, {} messages ({} dropped, {} duplicated), {} ballot(s), {} crash(es)\n",
            self.counters.events,
            self.counters.messages,
            self.counters.dropped,
            self.counters.duplicated,
            self.counters.ballots,
            self.counters.crashes
        );
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
        for v in &self.counters.violations {
            text += &format!(
                "  VIOLATION {} at step {} ({:.3} ms): {}\n",
                v.property, v.step, v.time, v.detail
            );
        }
        text += &format!("  trace hash {}\n", self.counters.trace_hash);
        text
    }
}

/// `paxos run --protocol single|two|voting|generations --json`.
#[derive(Serialize)]
struct DesignRunReport {
    protocol: &'static str,
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

impl DesignRunReport {
    fn new(sim: &Sim<Storage>) -> DesignRunReport {
        let config = sim.config();
        let design = config.protocol.design;
        let operations = (0..config.clients.len())
            .filter_map(|i| sim.client(crate::types::ClientId(i as u8)))
            .map(|c| OperationReport {
                client: c.id.to_string(),
                node: c.node.to_string(),
                op: c.op.to_string(),
                start: c.started_us.map(ms),
                end: c.finished_us.map(ms),
                outcome: c.outcome.as_ref().map(ToString::to_string),
                ok: c.outcome.as_ref().is_some_and(designs::Outcome::succeeded),
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
        DesignRunReport {
            protocol: design.name(),
            design: design.number(),
            seed: config.seed,
            nodes: config.protocol.cluster_size,
            outcomes: designs::client::report(sim.clients()),
            operations,
            servers,
            counters: RunCounters::new(&sim.summary()),
        }
    }

    fn human(&self) -> String {
        let title = Design::from_name(self.protocol).map_or("", |d| d.title());
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
        for v in &self.counters.violations {
            text += &format!(
                "  VIOLATION {} at step {} ({:.3} ms): {}\n",
                v.property, v.step, v.time, v.detail
            );
        }
        text += &format!("  trace hash {}\n", self.counters.trace_hash);
        text
    }
}

fn report_design(mut sim: Sim<Storage>, json: bool, out: Outputs) -> ExitCode {
    while sim.step() {}
    if let Err(e) = out.write(&sim) {
        return fail(&e);
    }
    let report = DesignRunReport::new(&sim);
    print(json, &report, || report.human());
    ExitCode::SUCCESS
}

/// `paxos sweep --protocol single|two|voting|generations --json`.
#[derive(Serialize, Default)]
struct DesignSweepReport {
    protocol: &'static str,
    seeds: String,
    runs: u64,
    /// Runs in which the monitor found a violation.
    violations: u64,
    first_violation_seed: Option<u64>,
    first_violation: Option<ViolationReport>,
    /// Totals over every run: clients, writes, reads, swaps.
    #[serde(flatten)]
    totals: designs::client::Report,
    /// Runs in which some client never finished.
    unfinished: u64,
}

impl DesignSweepReport {
    fn human(&self) -> String {
        let mut text = format!(
            "{} seeds {}: {} runs, {} with violations, {} unfinished\n  \
             totals: {} writes acknowledged, {} failed; {} reads ok, {} failed ({} no majority); \
             {} swaps, {} rejected, {} unsure\n",
            self.protocol,
            self.seeds,
            self.runs,
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
        if let Some(v) = &self.first_violation {
            text += &format!(
                "  first violation: {} at step {}: {}
  reproduce with seed={}\n",
                v.property, v.step, v.detail, v.seed
            );
        }
        text
    }
}

fn sweep_design(
    cluster: &ClusterArgs,
    design: Design,
    seeds: Range<u64>,
) -> Result<DesignSweepReport, String> {
    let mut report = DesignSweepReport {
        protocol: design.name(),
        seeds: format!("{}..{}", seeds.start, seeds.end),
        ..DesignSweepReport::default()
    };
    for seed in seeds {
        let mut sim = Sim::new(cluster.design_config(design, seed)?).map_err(|e| e.to_string())?;
        while sim.step() {}
        report.totals.tally(sim.clients());
        report.runs += 1;
        if !sim.clients_done() {
            report.unfinished += 1;
        }
        if let Some(first) = sim.violations().first() {
            report.violations += 1;
            if report.first_violation.is_none() {
                report.first_violation_seed = Some(seed);
                report.first_violation = Some(first.into());
            }
        }
    }
    Ok(report)
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

/// Files a run writes besides its report: the trace, and the diagram (with
/// its scale).
#[derive(Clone, Copy)]
struct Outputs<'a> {
    trace: Option<&'a std::path::Path>,
    svg: Option<(&'a std::path::Path, f64)>,
}

impl Outputs<'_> {
    /// Whether the run must keep its trace.
    fn wanted(&self) -> bool {
        self.trace.is_some() || self.svg.is_some()
    }

    fn write<P: Protocol>(&self, sim: &Sim<P>) -> Result<(), String> {
        if let Some(path) = self.trace {
            write_trace(path, sim)?;
        }
        if let Some((path, zoom)) = self.svg {
            std::fs::write(path, crate::svg::render(sim, zoom))
                .map_err(|e| format!("cannot write the diagram to {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

fn parse_zoom(text: &str) -> Result<f64, String> {
    let zoom: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of pixels per ms"))?;
    if (0.01..=100.0).contains(&zoom) {
        Ok(zoom)
    } else {
        Err(format!("{zoom} pixels per ms is outside 0.01..100"))
    }
}

/// Writes a trace as JSON lines.
fn write_trace<P: Protocol>(path: &std::path::Path, sim: &Sim<P>) -> Result<(), String> {
    let mut out = String::new();
    for event in sim.trace() {
        out += &serde_json::to_string(event).expect("trace events serialize");
        out.push('\n');
    }
    std::fs::write(path, out)
        .map_err(|e| format!("cannot write the trace to {}: {e}", path.display()))
}

/// Runs a single-decree simulation to its end and reports it.
fn finish_single(sim: Sim<crate::paxos::SingleDecree>, json: bool, out: Outputs) -> ExitCode {
    let mut sim = sim;
    while sim.step() {}
    if let Err(e) = out.write(&sim) {
        return fail(&e);
    }
    let report = RunReport::new(&sim);
    print(json, &report, || report.human());
    ExitCode::SUCCESS
}

/// Runs a Multi-Paxos workload until the clients are done and the log has
/// settled, and reports it.
fn finish_multi(
    config: SimConfig<MultiPaxos>,
    json: bool,
    history: Option<&std::path::Path>,
    out: Outputs,
) -> ExitCode {
    match Sim::new(config) {
        Ok(sim) => report_multi(sim, json, history, out),
        Err(e) => fail(&e.to_string()),
    }
}

fn report_multi(
    mut sim: Sim<MultiPaxos>,
    json: bool,
    history: Option<&std::path::Path>,
    out: Outputs,
) -> ExitCode {
    report::run(&mut sim);
    if let Some(path) = history {
        if let Err(e) = std::fs::write(path, history_jsonl(&sim)) {
            return fail(&format!(
                "cannot write the history to {}: {e}",
                path.display()
            ));
        }
    }
    if let Err(e) = out.write(&sim) {
        return fail(&e);
    }
    let report = MultiRunReport::new(&sim);
    print(json, &report, || report.human());
    ExitCode::SUCCESS
}

/// Reads a scenario from a file (JSON, or a link) or from a link.
fn load_scenario(source: &str) -> Result<Scenario, String> {
    let source = source.trim();
    if let Some(id) = source.strip_prefix("gallery:") {
        return crate::gallery::get(id)
            .map(|e| e.scenario())
            .ok_or_else(|| {
                let ids: Vec<&str> = crate::gallery::ENTRIES.iter().map(|e| e.id).collect();
                format!(
                    "there is no lesson {id:?} in the gallery: use one of {}",
                    ids.join(", ")
                )
            });
    }
    if crate::scenario::looks_like_link(source) || source.contains("#s=") {
        return Scenario::from_link(source).map_err(|e| e.to_string());
    }
    let text = std::fs::read_to_string(source)
        .map_err(|e| format!("cannot read the scenario file {source}: {e}"))?;
    if text.trim_start().starts_with('{') {
        Scenario::from_json(&text)
    } else {
        Scenario::from_link(&text)
    }
    .map_err(|e| e.to_string())
}

/// `paxos run --scenario`: the scenario's script and actions, then on to
/// the end of the run.
fn run_scenario(
    source: &str,
    json: bool,
    history: Option<&std::path::Path>,
    out: Outputs,
) -> ExitCode {
    let scenario = match load_scenario(source) {
        Ok(scenario) => scenario,
        Err(e) => return fail(&e),
    };
    match scenario {
        Scenario::Paxos(body) => {
            if history.is_some() {
                return fail("--history records a key-value client history: this is a single-decree scenario");
            }
            match body.compile() {
                Ok(timeline) => finish_single(timeline.frontier().clone(), json, out),
                Err(e) => fail(&e.to_string()),
            }
        }
        Scenario::Multi(body) => match body.compile() {
            Ok(timeline) => report_multi(timeline.frontier().clone(), json, history, out),
            Err(e) => fail(&e.to_string()),
        },
        Scenario::Designs(_) if history.is_some() => {
            fail("--history records a key-value client history: this is a storage-design scenario")
        }
        Scenario::Designs(body) => match body.compile() {
            Ok(timeline) => report_design(timeline.frontier().clone(), json, out),
            Err(e) => fail(&e.to_string()),
        },
    }
}

/// `paxos sweep --protocol multi`: what can go wrong in a run of the log.
fn sweep_multi(cluster: &ClusterArgs, seeds: Range<u64>) -> Result<MultiSweepReport, String> {
    let mut report = MultiSweepReport {
        seeds: format!("{}..{}", seeds.start, seeds.end),
        runs: 0,
        violations: 0,
        not_linearizable: 0,
        disagreements: 0,
        unfinished: 0,
        first_failure_seed: None,
        first_failure: None,
        commands_committed: 0,
        events: 0,
        messages: 0,
        crashes: 0,
    };
    for seed in seeds {
        let mut sim = Sim::new(cluster.multi_config(seed)?).map_err(|e| e.to_string())?;
        report::run(&mut sim);
        let r = report::report(&sim);
        let s = sim.summary();
        report.runs += 1;
        report.commands_committed += r.commands_committed;
        report.events += s.stats.steps;
        report.messages += s.stats.messages;
        report.crashes += s.stats.crashes;
        let mut failure = None;
        if let Some(v) = s.violations.first() {
            report.violations += 1;
            failure.get_or_insert(v.to_string());
        }
        if let Err(why) = &r.linearizable {
            report.not_linearizable += 1;
            failure.get_or_insert(why.to_string());
        }
        if let Err(why) = &r.agreement {
            report.disagreements += 1;
            failure.get_or_insert(why.clone());
        }
        if !sim.clients_done() {
            report.unfinished += 1;
            failure.get_or_insert("a client never finished its commands".into());
        }
        if report.first_failure.is_none() && failure.is_some() {
            report.first_failure_seed = Some(seed);
            report.first_failure = failure;
        }
    }
    Ok(report)
}

/// `paxos gallery --json`: one per lesson.
#[derive(Serialize)]
struct GalleryEntry {
    id: &'static str,
    protocol: &'static str,
    title: &'static str,
    about: &'static str,
    /// The safety property the lesson shows broken, or null.
    violation: Option<&'static str>,
}

/// `paxos sweep --protocol multi --json`.
#[derive(Serialize)]
struct MultiSweepReport {
    seeds: String,
    runs: u64,
    violations: u64,
    not_linearizable: u64,
    disagreements: u64,
    /// Runs in which some client never finished its commands.
    unfinished: u64,
    first_failure_seed: Option<u64>,
    first_failure: Option<String>,
    commands_committed: u64,
    events: u64,
    messages: u64,
    crashes: u64,
}

impl MultiSweepReport {
    fn failed(&self) -> bool {
        self.violations + self.not_linearizable + self.disagreements + self.unfinished > 0
    }

    fn human(&self) -> String {
        let mut text = format!(
            "seeds {}: {} runs, {} with violations, {} not linearizable, {} with disagreeing logs, {} unfinished\n  \
             totals: {} commands committed, {} events, {} messages, {} crashes\n",
            self.seeds,
            self.runs,
            self.violations,
            self.not_linearizable,
            self.disagreements,
            self.unfinished,
            self.commands_committed,
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

fn print(json: bool, value: &impl Serialize, human: impl FnOnce() -> String) {
    if json {
        println!(
            "{}",
            serde_json::to_string(value).expect("reports serialize")
        );
    } else {
        print!("{}", human());
    }
}

/// Runs the CLI on parsed arguments.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Run {
            json,
            history,
            scenario: Some(source),
            trace,
            svg,
            svg_zoom,
            ..
        } => {
            let out = Outputs {
                trace: trace.as_deref(),
                svg: svg.as_deref().map(|p| (p, svg_zoom)),
            };
            run_scenario(&source, json, history.as_deref(), out)
        }
        Command::Run { cluster, .. } | Command::Sweep { cluster, .. }
            if cluster.paxos_only().is_some() =>
        {
            fail(&format!(
                "{} applies to --protocol paxos, not {}",
                cluster.paxos_only().unwrap_or_default(),
                cluster.protocol
            ))
        }
        Command::Run { cluster, .. } | Command::Sweep { cluster, .. }
            if cluster.ops.is_some() && cluster.design().is_none() =>
        {
            fail("--ops lists a storage design's operations: use it with --protocol single, two, voting or generations")
        }
        Command::Run {
            cluster,
            seed,
            json,
            history,
            trace,
            svg,
            svg_zoom,
            ..
        } if cluster.design().is_some() => {
            if history.is_some() {
                return fail("--history records a key-value client history: use it with --protocol multi");
            }
            let design = cluster.design().expect("checked");
            let out = Outputs {
                trace: trace.as_deref(),
                svg: svg.as_deref().map(|p| (p, svg_zoom)),
            };
            match cluster.design_config(design, seed).and_then(|mut config| {
                config.record_trace = out.wanted();
                Sim::new(config).map_err(|e| e.to_string())
            }) {
                Ok(sim) => report_design(sim, json, out),
                Err(e) => fail(&e),
            }
        }
        Command::Run {
            cluster,
            seed,
            json,
            history,
            trace,
            svg,
            svg_zoom,
            ..
        } if cluster.is_multi() => match cluster.multi_config(seed) {
            Ok(mut config) => {
                let out = Outputs {
                    trace: trace.as_deref(),
                    svg: svg.as_deref().map(|p| (p, svg_zoom)),
                };
                config.record_trace = out.wanted();
                finish_multi(config, json, history.as_deref(), out)
            }
            Err(e) => fail(&e),
        },
        Command::Run {
            history: Some(_), ..
        } => fail("--history records a key-value client history: use it with --protocol multi"),
        Command::Run {
            cluster,
            seed,
            json,
            trace,
            svg,
            svg_zoom,
            ..
        } => {
            let out = Outputs {
                trace: trace.as_deref(),
                svg: svg.as_deref().map(|p| (p, svg_zoom)),
            };
            let mut config = cluster.config(seed);
            config.record_trace = out.wanted();
            match Sim::new(config) {
                Ok(sim) => finish_single(sim, json, out),
                Err(e) => fail(&e.to_string()),
            }
        }
        Command::Link { source, base } => match load_scenario(&source) {
            Ok(scenario) => {
                let link = scenario.to_link();
                match base {
                    Some(base) => {
                        let base = base.split('#').next().unwrap_or_default();
                        println!("{base}#s={link}");
                    }
                    None => println!("{link}"),
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::Gallery {
            export: Some(id), ..
        } => match load_scenario(&format!("gallery:{id}")) {
            Ok(scenario) => {
                println!("{}", scenario.to_json());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        Command::Gallery { export: None, json } => {
            let entries: Vec<GalleryEntry> = crate::gallery::ENTRIES
                .iter()
                .map(|e| GalleryEntry {
                    id: e.id,
                    protocol: e.scenario().protocol(),
                    title: e.title,
                    about: e.about,
                    violation: e.violation,
                })
                .collect();
            print(json, &entries, || {
                entries
                    .iter()
                    .map(|e| format!("{:<27} {:<11} {}\n", e.id, e.protocol, e.title))
                    .collect()
            });
            ExitCode::SUCCESS
        }
        Command::Sweep {
            cluster,
            seeds,
            json,
        } if cluster.design().is_some() => {
            let design = cluster.design().expect("checked");
            match sweep_design(&cluster, design, seeds) {
                Ok(report) => {
                    print(json, &report, || report.human());
                    if report.violations > 0 {
                        ExitCode::from(1)
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => fail(&e),
            }
        }
        Command::Sweep {
            cluster,
            seeds,
            json,
        } if cluster.is_multi() => match sweep_multi(&cluster, seeds) {
            Ok(report) => {
                print(json, &report, || report.human());
                if report.failed() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => fail(&e),
        },
        Command::Sweep {
            cluster,
            seeds,
            json,
        } => match sweep(&cluster, seeds) {
            Ok(report) => {
                print(json, &report, || report.human());
                if report.violations > 0 || report.undecided > 0 || report.unanswered > 0 {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => fail(&e),
        },
        Command::Bench {
            protocol,
            commands,
            window,
            json,
            ..
        } if protocol == "multi" => {
            let start = std::time::Instant::now();
            let windows = window.map_or(vec![1, 8], |w| vec![w]);
            let results: Vec<_> = windows
                .into_iter()
                .map(|w| bench::multi(commands, w, || start.elapsed().as_secs_f64() * 1000.0))
                .collect();
            print(json, &results, || {
                results
                    .iter()
                    .map(|r| {
                        format!(
                            "{} (window {})\n  {} commands in {:.1} s simulated: {:.2} per round trip of {:.2} ms ({:.2} × window); \
                             latency p50 {:.2} ms, p99 {:.2} ms\n  {:.0} commands/s of wall-clock ({:.1} ms)\n",
                            r.workload,
                            r.window,
                            r.commands,
                            r.busy_ms / 1000.0,
                            r.per_round_trip,
                            r.round_trip_ms,
                            r.per_round_trip / r.window as f64,
                            r.latency_p50_ms,
                            r.latency_p99_ms,
                            r.commands_per_sec,
                            r.elapsed_ms
                        )
                    })
                    .collect()
            });
            ExitCode::SUCCESS
        }
        Command::Bench {
            protocol,
            rounds,
            json,
            ..
        } => {
            if protocol == "single" {
                eprintln!(
                    "note: `--protocol single` is design 1 everywhere else; the single-decree benchmark is `--protocol paxos` (running that)"
                );
            }
            let start = std::time::Instant::now();
            let result = bench::run(rounds, || start.elapsed().as_secs_f64() * 1000.0);
            print(json, &result, || {
                format!(
                    "{}\n  {} rounds, {} events in {:.1} ms: {:.0} events/s\n",
                    result.workload,
                    result.rounds,
                    result.events,
                    result.elapsed_ms,
                    result.events_per_sec
                )
            });
            ExitCode::SUCCESS
        }
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_probabilities_are_checked() {
        assert_eq!(parse_ms_range("0.5..2"), Ok(500..2000));
        assert!(parse_ms_range("5").unwrap_err().contains("MIN..MAX"));
        assert!(parse_ms_range("9..3").unwrap_err().contains("minimum"));
        assert!(parse_probability("1.5").unwrap_err().contains("0 to 1"));
        assert!(parse_probability("-0.1").is_err());
        assert!(parse_probability("NaN").is_err());
        assert!(parse_seed_range("5..5").unwrap_err().contains("empty"));
        assert_eq!(parse_seed_range("0..1000"), Ok(0..1000));
        assert!(parse_ms("1e12").unwrap_err().contains("outside"));
    }
}
