//! `paxos bench`: the simulator's speed, single-decree or Multi-Paxos, on
//! the workloads shared with the wasm benchmark (`paxos_front::bench`).

use crate::report::{print, Human};
use clap::{Args, ValueEnum};
use paxos_core::multi::MAX_WINDOW;
use paxos_front::bench::{self, BenchResult, MultiBenchResult};
use serde::Serialize;
use std::process::ExitCode;

/// What `bench --protocol` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BenchProtocol {
    /// Single-decree Paxos.
    Paxos,
    /// Multi-Paxos.
    Multi,
    /// The old spelling of `paxos` here (`single` is design 1 everywhere
    /// else); read as `paxos`, with a note.
    #[value(hide = true)]
    Single,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// The protocol to measure.
    #[arg(long, value_enum, default_value_t = BenchProtocol::Paxos)]
    pub protocol: BenchProtocol,
    /// Number of independent single-decree rounds.
    #[arg(long, default_value_t = 20_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub rounds: u64,
    /// Multi-Paxos: commands per measurement.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub commands: u64,
    /// Multi-Paxos: measure only this pipeline window.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_WINDOW))]
    pub window: Option<u64>,
    #[arg(long)]
    pub json: bool,
}

impl Human for BenchResult {
    fn human(&self) -> String {
        format!(
            "{}\n  {} rounds, {} events in {:.1} ms: {:.0} events/s\n",
            self.workload, self.rounds, self.events, self.elapsed_ms, self.events_per_sec
        )
    }
}

/// Multi-Paxos's measurements, one per window.
#[derive(Serialize)]
#[serde(transparent)]
struct Windows(Vec<MultiBenchResult>);

impl Human for Windows {
    fn human(&self) -> String {
        self.0
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
    }
}

/// `paxos bench`.
pub fn run(args: &BenchArgs) -> ExitCode {
    let start = std::time::Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1000.0;
    match args.protocol {
        BenchProtocol::Multi => {
            let windows = args.window.map_or(vec![1, 8], |w| vec![w]);
            let results = windows
                .into_iter()
                .map(|w| bench::multi(args.commands, w, now))
                .collect();
            print(args.json, &Windows(results));
        }
        BenchProtocol::Paxos | BenchProtocol::Single => {
            if args.protocol == BenchProtocol::Single {
                eprintln!(
                    "note: `--protocol single` is design 1 everywhere else; the single-decree benchmark is `--protocol paxos` (running that)"
                );
            }
            print(args.json, &bench::run(args.rounds, now));
        }
    }
    ExitCode::SUCCESS
}
