//! `paxos run`: one seeded simulation (or a scenario's replay), played to
//! its end and reported, with its trace, diagram or clients' history
//! written on request.

use crate::flags::{foreign_flag, ClusterFlags, ProtocolName};
use crate::link::load_scenario;
use crate::parse::{ms, parse_zoom};
use crate::protocols::{refuse_history, Headless};
use crate::report::{fail, print, Human, Outputs};
use clap::{ArgMatches, Args};
use paxos_core::designs::Storage;
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::SingleDecree;
use paxos_core::words::count;
use paxos_front::catalog::Scenario;
use paxos_front::metrics::Metrics;
use paxos_sim::sim::Sim;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct RunArgs {
    /// The seed that drives every random choice.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Add what the run cost, counted from its trace: messages by kind,
    /// messages lost, disk writes, ballots started, and what the first
    /// decision took (in the JSON, as `metrics`).
    #[arg(long)]
    pub metrics: bool,
    /// Multi-Paxos: write the clients' history to this file as JSON lines,
    /// one per invocation and one per completion.
    #[arg(long, value_name = "OUT")]
    pub history: Option<PathBuf>,
    /// Run a scenario instead: a JSON file, a file holding a link, or a
    /// link (`s4.…`, or a playground URL whose fragment holds `s=…`). The
    /// scenario sets the cluster, the seed and everything else.
    #[arg(long, value_name = "FILE|LINK")]
    pub scenario: Option<String>,
    /// Write the run's trace to this file, as JSON lines (one event per
    /// line, with its simulated time).
    #[arg(long, value_name = "OUT")]
    pub trace: Option<PathBuf>,
    /// Write the whole run's sequence diagram to this file, as SVG.
    #[arg(long, value_name = "OUT")]
    pub svg: Option<PathBuf>,
    /// The SVG's scale, in pixels per simulated millisecond.
    #[arg(long, default_value_t = 10.0, value_parser = parse_zoom)]
    pub svg_zoom: f64,
    #[command(flatten)]
    pub cluster: ClusterFlags,
}

/// Runs `paxos run`; `command` and `matches` are its clap definition and
/// what was given, to refuse another protocol's flags by name.
pub fn run(args: &RunArgs, command: &clap::Command, matches: &ArgMatches) -> ExitCode {
    if let Some(source) = &args.scenario {
        return replay(source, args);
    }
    let protocol = args.cluster.protocol;
    if let Err(e) = foreign_flag(command, matches, protocol) {
        return fail(&e);
    }
    match protocol {
        ProtocolName::Paxos => from_flags::<SingleDecree>(args),
        ProtocolName::Multi => from_flags::<MultiPaxos>(args),
        _ => from_flags::<Storage>(args),
    }
}

fn outputs(args: &RunArgs) -> Outputs<'_> {
    Outputs {
        trace: args.trace.as_deref(),
        svg: args.svg.as_deref().map(|p| (p, args.svg_zoom)),
    }
}

/// The run the flags describe.
fn from_flags<P: Headless>(args: &RunArgs) -> ExitCode {
    if args.history.is_some() {
        if let Err(e) = refuse_history::<P>() {
            return fail(&e);
        }
    }
    let sim = P::config(&args.cluster, args.seed).and_then(|mut config| {
        config.record_trace = outputs(args).wanted() || args.metrics;
        Sim::new(config).map_err(|e| e.to_string())
    });
    match sim {
        Ok(sim) => finish(sim, args),
        Err(e) => fail(&e),
    }
}

/// `run --scenario`: the scenario's script and actions, then on to the end
/// of the run.
fn replay(source: &str, args: &RunArgs) -> ExitCode {
    let scenario = match load_scenario(source) {
        Ok(scenario) => scenario,
        Err(e) => return fail(&e),
    };
    let compiled = match scenario {
        Scenario::Paxos(body) => body.compile().map(|t| finish(t.frontier().clone(), args)),
        Scenario::Multi(body) => body.compile().map(|t| finish(t.frontier().clone(), args)),
        Scenario::Designs(body) => body.compile().map(|t| finish(t.frontier().clone(), args)),
    };
    compiled.unwrap_or_else(|e| fail(&e.to_string()))
}

/// Plays `sim` to its end, writes what was asked for, and reports.
fn finish<P: Headless>(mut sim: Sim<P>, args: &RunArgs) -> ExitCode {
    if args.history.is_some() {
        if let Err(e) = refuse_history::<P>() {
            return fail(&e);
        }
    }
    P::play(&mut sim);
    if let Some(path) = &args.history {
        if let Err(e) = std::fs::write(path, P::history(&sim)) {
            return fail(&format!(
                "cannot write the history to {}: {e}",
                path.display()
            ));
        }
    }
    if let Err(e) = outputs(args).write(&sim) {
        return fail(&e);
    }
    let report = P::report(&sim);
    if args.metrics {
        let metrics =
            paxos_front::metrics::metrics(&sim.config().protocol, sim.trace(), sim.now_us());
        print(args.json, &WithMetrics { report, metrics });
    } else {
        print(args.json, &report);
    }
    ExitCode::SUCCESS
}

/// A run's report with its metrics (`paxos run --metrics`).
#[derive(Serialize)]
struct WithMetrics<R> {
    #[serde(flatten)]
    report: R,
    metrics: Metrics,
}

impl<R: Human> Human for WithMetrics<R> {
    fn human(&self) -> String {
        let m = &self.metrics;
        let kinds: Vec<String> = m
            .messages
            .iter()
            .filter(|k| k.count > 0)
            .map(|k| format!("{} {}", k.count, k.kind))
            .collect();
        let mut text = self.report.human();
        text += &format!(
            "  metrics: {}, the clients' included ({}), {} dropped; {}, {}, {} started\n",
            count(m.messages_sent, "message", None),
            kinds.join(", "),
            m.messages_dropped,
            count(m.disk_writes, "disk write", None),
            count(m.crashes, "crash", Some("crashes")),
            count(m.ballots, "ballot", None)
        );
        if let Some(d) = &m.decision {
            text += &format!(
                "  first decision at {:.3} ms in ballot {}, after {}, {} started{} and {}",
                ms(d.at_us),
                d.ballot,
                count(d.messages, "message", None),
                count(d.ballots, "ballot", None),
                d.round_trips.map_or(String::new(), |n| format!(
                    ", {}",
                    count(n, "round trip", None)
                )),
                count(d.disk_writes, "disk write", None)
            );
            if let Some(all) = m.learned_by_all_at_us {
                text += &format!("; every node knew at {:.3} ms", ms(all));
            }
            text += "\n";
        }
        text
    }
}
