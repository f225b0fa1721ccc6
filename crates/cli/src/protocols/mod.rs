//! What the CLI knows of each protocol, behind one trait: how its flags
//! make a cluster, how a run plays out, and what its reports say. The
//! commands (`run`, `sweep`) are written once, over [`Headless`].

mod designs;
mod multi;
mod paxos;

use crate::flags::ClusterFlags;
use crate::report::Human;
use paxos_core::protocol::Protocol;
use paxos_sim::sim::{Sim, SimConfig};
use serde::Serialize;

/// A protocol the CLI can run headlessly.
pub trait Headless: Protocol + Sized {
    /// `paxos run`'s report of one run.
    type Report: Serialize + Human;
    /// `paxos sweep`'s tally of many runs.
    type Tally: Tally<Protocol = Self>;

    /// The cluster the flags describe, with this seed.
    fn config(flags: &ClusterFlags, seed: u64) -> Result<SimConfig<Self>, String>;

    /// Plays a run to its end (by default, until nothing is left to do).
    fn play(sim: &mut Sim<Self>) {
        while sim.step() {}
    }

    /// The report of a finished run.
    fn report(sim: &Sim<Self>) -> Self::Report;

    /// What a run of it is, in a sentence's words ("single-decree Paxos").
    const KIND: &'static str;

    /// Whether its clients keep a key-value history (`run --history`).
    const KEEPS_HISTORY: bool = false;

    /// The clients' history as JSON lines, if they keep one.
    fn history(_sim: &Sim<Self>) -> String {
        String::new()
    }
}

/// Why `run --history` is refused for `P`, if it is.
pub fn refuse_history<P: Headless>() -> Result<(), String> {
    if P::KEEPS_HISTORY {
        return Ok(());
    }
    Err(format!(
        "--history records a key-value client history: use it with --protocol multi (this run is {})",
        P::KIND
    ))
}

/// What a sweep adds up, run by run.
pub trait Tally: Serialize {
    type Protocol: Protocol;
    /// Before the first run.
    fn start(flags: &ClusterFlags) -> Self;
    /// One finished run.
    fn add(&mut self, seed: u64, sim: &Sim<Self::Protocol>);
    /// Whether any run went wrong (the sweep then exits with status 1).
    fn failed(&self) -> bool;
    /// The summary of `runs` runs over `seeds`, in words.
    fn human(&self, seeds: &str, runs: u64) -> String;
}
