//! What every report shares, whatever the protocol: the run's counters, a
//! violation, the first failing seed of a sweep, the files a run writes,
//! and printing a report as a summary or as one JSON object.

use crate::parse::ms;
use paxos_core::protocol::Protocol;
use paxos_sim::sim::{format_hash, Sim, Summary, Violation};
use serde::Serialize;
use std::process::ExitCode;

/// A report, in words for a person (the JSON is its `Serialize`).
pub trait Human {
    fn human(&self) -> String;
}

/// Prints `report`: one JSON object on stdout, or its summary.
pub fn print(json: bool, report: &(impl Serialize + Human)) {
    if json {
        println!(
            "{}",
            serde_json::to_string(report).expect("reports serialize")
        );
    } else {
        print!("{}", report.human());
    }
}

/// Prints an error on stderr; exits with status 2 (as clap does for bad
/// flags).
pub fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// What every run report ends with, whatever the protocol.
#[derive(Serialize)]
pub struct RunCounters {
    /// Scheduled events processed: the simulator's steps, and the picks
    /// of a run scheduled by hand.
    pub events: u64,
    pub trace_events: u64,
    /// Messages sent between nodes, duplicates included.
    pub messages: u64,
    pub dropped: u64,
    pub duplicated: u64,
    pub client_messages: u64,
    pub ballots: u64,
    pub crashes: u64,
    pub disk_writes: u64,
    pub violations: Vec<ViolationReport>,
    pub trace_hash: String,
    /// Simulated time at which the run stopped, in ms.
    pub end_time: f64,
}

impl RunCounters {
    pub fn new<P: Protocol>(s: &Summary<P>) -> RunCounters {
        RunCounters {
            events: s.stats.steps + s.stats.picks,
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
pub struct ViolationReport {
    pub property: String,
    pub seed: u64,
    pub step: u64,
    pub time: f64,
    pub detail: String,
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

impl RunCounters {
    /// The line every run's summary has.
    pub fn line(&self) -> String {
        format!(
            "  {} events, {} messages ({} dropped, {} duplicated), {} ballot(s), {} crash(es)\n",
            self.events, self.messages, self.dropped, self.duplicated, self.ballots, self.crashes
        )
    }

    /// The violations, a line each, then the trace hash.
    pub fn ending(&self) -> String {
        let mut text: String = self.violations.iter().map(ViolationReport::line).collect();
        text += &format!("  trace hash {}\n", self.trace_hash);
        text
    }
}

impl ViolationReport {
    /// Its line in a run's summary.
    pub fn line(&self) -> String {
        format!(
            "  VIOLATION {} at step {} ({:.3} ms): {}\n",
            self.property, self.step, self.time, self.detail
        )
    }
}

/// The first seed of a sweep whose run violated a safety property, and the
/// violation: what to reproduce.
#[derive(Serialize, Default)]
pub struct FirstViolation {
    pub first_violation_seed: Option<u64>,
    pub first_violation: Option<ViolationReport>,
}

impl FirstViolation {
    /// Notes a run's first violation, if it has one and none came before.
    /// Whether the run had one.
    pub fn note(&mut self, seed: u64, violations: &[Violation]) -> bool {
        let Some(first) = violations.first() else {
            return false;
        };
        if self.first_violation.is_none() {
            self.first_violation_seed = Some(seed);
            self.first_violation = Some(first.into());
        }
        true
    }

    /// Its lines in a sweep's summary.
    pub fn human(&self) -> String {
        match &self.first_violation {
            Some(v) => format!(
                "  first violation: {} at step {}: {}\n  reproduce with seed={}\n",
                v.property, v.step, v.detail, v.seed
            ),
            None => String::new(),
        }
    }
}

/// Files a run writes besides its report: the trace, and the diagram (with
/// its scale).
#[derive(Clone, Copy)]
pub struct Outputs<'a> {
    pub trace: Option<&'a std::path::Path>,
    pub svg: Option<(&'a std::path::Path, f64)>,
}

impl Outputs<'_> {
    /// Whether the run must keep its trace.
    pub fn wanted(&self) -> bool {
        self.trace.is_some() || self.svg.is_some()
    }

    pub fn write<P: Protocol>(&self, sim: &Sim<P>) -> Result<(), String> {
        if let Some(path) = self.trace {
            write_trace(path, sim)?;
        }
        if let Some((path, zoom)) = self.svg {
            std::fs::write(path, paxos_front::svg::render(sim, zoom))
                .map_err(|e| format!("cannot write the diagram to {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// Writes a trace as JSON lines.
fn write_trace<P: Protocol>(path: &std::path::Path, sim: &Sim<P>) -> Result<(), String> {
    std::fs::write(path, paxos_front::catalog::trace_lines(sim.trace()))
        .map_err(|e| format!("cannot write the trace to {}: {e}", path.display()))
}
