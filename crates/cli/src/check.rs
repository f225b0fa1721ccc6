//! `paxos check`: the model checker over every interleaving of a small
//! cluster, within bounds (see `paxos_check`), reported in words or JSON,
//! with the shortest counterexample as a scenario link that `paxos run
//! --scenario` and the playground replay to the same violation.

use crate::flags::{foreign_flag, ClusterFlags, ProtocolName};
use crate::protocols::Headless;
use crate::report::{fail, print, Human};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args};
use paxos_check::{check, depth_of, Bounds, Limits, Order, Outcome, Progress};
use paxos_core::designs::Storage;
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::SingleDecree;
use paxos_front::catalog::Listed;
use paxos_front::checking::Checkable;
use paxos_sim::sim::SimConfig;
use serde::Serialize;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Depth first instead of breadth first (counterexamples need not be
    /// shortest then).
    #[arg(long)]
    pub dfs: bool,
    /// Breadth first (the default): counterexamples are shortest.
    #[arg(long, conflicts_with = "dfs")]
    pub bfs: bool,
    /// Choices along a path at most. Default: 13 for Paxos; 11 for
    /// Multi-Paxos; 12 for designs 1 to 3 (design 3's split takes 12, with
    /// --proposers 3); 10 for design 5, whose space grows fastest.
    #[arg(long)]
    pub max_depth: Option<u32>,
    /// Ballots any one node may start. Default: 2 for Paxos; 1 election
    /// per replica for Multi-Paxos; none for the storage designs, whose
    /// servers start none.
    #[arg(long)]
    pub max_ballots: Option<u32>,
    /// Multi-Paxos only: the highest log slot a leader may propose a value
    /// for. Default: 2.
    #[arg(long)]
    pub max_slots: Option<u32>,
    /// Crashes along a path (each crashed node may restart). Default: 0,
    /// or 1 with a --durability that forgets (amnesia shows only in a
    /// crash). With none, disk writes complete with the step that issued
    /// them.
    #[arg(long)]
    pub max_crashes: Option<u32>,
    /// Messages dropped along a path.
    #[arg(long, default_value_t = 0)]
    pub max_drops: u32,
    /// Messages duplicated along a path.
    #[arg(long, default_value_t = 0)]
    pub max_duplicates: u32,
    /// The memory the search may use, in MiB (the process's resident set).
    #[arg(long, default_value_t = 1024)]
    pub max_memory_mib: u64,
    /// Threads to search with, breadth first (depth first uses one). Any
    /// number finds the same states, counts and counterexample. Default:
    /// every core.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub threads: Option<u32>,
    #[command(flatten)]
    pub cluster: ClusterFlags,
}

/// Runs `paxos check`.
pub fn run(args: &CheckArgs, command: &clap::Command, matches: &ArgMatches) -> ExitCode {
    let protocol = args.cluster.protocol;
    if let Err(e) = foreign_flag(command, matches, protocol) {
        return fail(&e);
    }
    let c = &args.cluster.cluster;
    if c.drop > 0.0 || c.dup > 0.0 || c.crash > 0.0 || c.partition > 0.0 {
        return fail(
            "the checker tries faults itself, every way they can happen: bound them with \
             --max-drops, --max-duplicates and --max-crashes instead of --drop, --dup, --crash \
             or --partition",
        );
    }
    if protocol != ProtocolName::Multi && args.max_slots.is_some() {
        return fail("--max-slots bounds Multi-Paxos's log: it takes --protocol multi");
    }
    match protocol {
        ProtocolName::Paxos => checked::<SingleDecree>(args),
        ProtocolName::Multi => {
            if args.max_slots.is_some_and(|slots| slots == 0) {
                return fail("--max-slots must be at least 1: slots count from 1");
            }
            // A small workload unless one is asked for: two clients with
            // one command each (the run's own defaults are far larger).
            let mut args = args.clone();
            let given = |flag| matches.value_source(flag) == Some(ValueSource::CommandLine);
            if !given("clients") {
                args.cluster.multi.clients = 2;
            }
            if !given("commands") {
                args.cluster.multi.commands = 1;
            }
            checked::<MultiPaxos>(&args)
        }
        ProtocolName::Design(_) => checked::<Storage>(args),
    }
}

/// The resident set now, and at its peak, in bytes (Linux; 0 elsewhere).
fn resident() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[derive(Serialize)]
struct CheckReport {
    protocol: &'static str,
    /// `ok`, `violation`, `out_of_memory` (or `cancelled`, which the CLI
    /// never asks for).
    result: &'static str,
    property: Option<String>,
    detail: Option<String>,
    /// What a bounded "no violation" covered, in words.
    covered: String,
    states: u64,
    unique: u64,
    depth: u32,
    at_bound: u64,
    deadlocks: u64,
    elapsed_s: f64,
    states_per_sec: f64,
    unique_per_sec: f64,
    threads: u32,
    peak_bytes: u64,
    bounds: Bounds,
    order: Order,
    counterexample: Option<Counterexample>,
    deadlock: Option<Counterexample>,
}

#[derive(Serialize)]
struct Counterexample {
    /// Each step, as the playground's network panel names it: the choices,
    /// and the disk writes that completed with them when no crash is
    /// allowed.
    steps: Vec<String>,
    /// The choices, as `--max-depth` counts them: one fewer finds nothing.
    depth: u32,
    /// A scenario link: `paxos run --scenario LINK`, or the playground's
    /// `#s=LINK`, replays it.
    link: String,
}

impl Human for CheckReport {
    fn human(&self) -> String {
        let mut out = match self.result {
            "violation" => {
                let (depth, steps) = self
                    .counterexample
                    .as_ref()
                    .map_or((0, 0), |c| (c.depth, c.steps.len()));
                let writes = match steps - depth as usize {
                    0 => String::new(),
                    n => format!(", and {n} disk writes that completed with them"),
                };
                format!(
                    "VIOLATION of {} after {depth} choices{writes}: {}\n",
                    self.property.as_deref().unwrap_or_default(),
                    self.detail.as_deref().unwrap_or_default()
                )
            }
            "out_of_memory" => format!(
                "stopped at the memory bound ({} MiB) before covering every state\n",
                self.bounds.max_bytes >> 20
            ),
            _ => format!("no violation: {}\n", self.covered),
        };
        out += &format!(
            "{} states generated, {} unique, depth {}, {} at a bound, {} deadlocks, in {:.2} s \
             ({:.0} unique/s, {}), peak {} MiB\n",
            self.states,
            self.unique,
            self.depth,
            self.at_bound,
            self.deadlocks,
            self.elapsed_s,
            self.unique_per_sec,
            match self.threads {
                1 => "1 thread".to_string(),
                n => format!("{n} threads"),
            },
            self.peak_bytes >> 20
        );
        if let Some(c) = &self.counterexample {
            for (i, step) in c.steps.iter().enumerate() {
                out += &format!("  {:>3}. {step}\n", i + 1);
            }
            out += &format!("replay it: paxos run --scenario {}\n", c.link);
        }
        out
    }
}

fn checked<P: Headless + Listed + Checkable>(args: &CheckArgs) -> ExitCode
where
    P::Client: Serialize,
    P::Monitor: Serialize,
{
    let config = match P::config(&args.cluster, 0) {
        Ok(config) => P::for_checking(config),
        Err(e) => return fail(&e),
    };
    let defaults = P::bounds(&config);
    let bounds = Bounds {
        max_depth: args.max_depth.unwrap_or(defaults.max_depth),
        max_ballots: args.max_ballots.unwrap_or(defaults.max_ballots),
        max_slots: args.max_slots.or(defaults.max_slots),
        max_crashes: args.max_crashes.unwrap_or(defaults.max_crashes),
        max_drops: args.max_drops,
        max_duplicates: args.max_duplicates,
        max_bytes: args.max_memory_mib.saturating_mul(1 << 20),
    };
    let order = if args.dfs { Order::Dfs } else { Order::Bfs };
    let threads = match order {
        Order::Bfs => args.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            |n| n as usize,
        ),
        Order::Dfs => 1,
    };
    let start = Instant::now();
    let terminal = std::io::stderr().is_terminal();
    let mut show = |p: &Progress| {
        if terminal {
            let rate = p.unique as f64 / start.elapsed().as_secs_f64().max(1e-9);
            eprint!(
                "\r{} states, {} unique, depth {}, {rate:.0} unique/s, {} MiB   ",
                p.states,
                p.unique,
                p.depth,
                p.bytes >> 20
            );
        }
        true
    };
    let report = check(
        &config,
        &bounds,
        order,
        Limits {
            memory: &|| resident().0,
            progress: &mut show,
            threads,
        },
    );
    if terminal {
        eprintln!();
    }
    let report = match report {
        Ok(report) => report,
        Err(e) => return fail(&e.to_string()),
    };
    let elapsed_s = start.elapsed().as_secs_f64();
    let link = |steps: &[paxos_sim::sim::Choice<P>], title: &str, end: &str| {
        counterexample(&config, steps, title, end).map(|link| Counterexample {
            steps: steps.iter().map(|s| s.to_string()).collect(),
            depth: depth_of(steps, &bounds),
            link,
        })
    };
    let (property, detail, counterexample) = match &report.outcome {
        Outcome::Ok | Outcome::Cancelled | Outcome::OutOfMemory => (None, None, None),
        Outcome::Violation {
            property,
            detail,
            steps,
        } => {
            let title = format!("The shortest counterexample to {}", property.name());
            match link(steps, &title, "the last one breaks the property") {
                Ok(c) => (
                    Some(property.name().to_string()),
                    Some(detail.clone()),
                    Some(c),
                ),
                Err(e) => return fail(&e),
            }
        }
    };
    let deadlock = match &report.deadlock {
        Some(steps) => match link(steps, "A deadlock", "after the last one nothing can happen") {
            Ok(c) => Some(c),
            Err(e) => return fail(&e),
        },
        None => None,
    };
    let p = report.progress;
    let out = CheckReport {
        protocol: P::NAME,
        result: report.outcome.name(),
        property,
        detail,
        covered: report.covered(),
        states: p.states,
        unique: p.unique,
        depth: p.depth,
        at_bound: report.at_bound,
        deadlocks: report.deadlocks,
        elapsed_s,
        states_per_sec: p.states as f64 / elapsed_s.max(1e-9),
        unique_per_sec: p.unique as f64 / elapsed_s.max(1e-9),
        threads: threads as u32,
        peak_bytes: resident().1,
        bounds,
        order,
        counterexample,
        deadlock,
    };
    print(args.json, &out);
    match out.result {
        "violation" => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// The path as a scenario link: the checked configuration, manual
/// scheduling on, and each pick, with the cursor where the last pick left
/// the run; `end` says what its last step shows.
fn counterexample<P: Listed>(
    config: &SimConfig<P>,
    steps: &[paxos_sim::sim::Choice<P>],
    title: &str,
    end: &str,
) -> Result<String, String> {
    let body =
        paxos_check::counterexample(config, steps, title, end, None).map_err(|e| e.to_string())?;
    Ok(P::wrap(body).to_link())
}
