//! `paxos sweep`: the same cluster over many seeds, one protocol's tally
//! of what went wrong, and the first seed to reproduce it. One loop for
//! every protocol; what counts as wrong is the protocol's [`Tally`].

use crate::flags::{foreign_flag, ClusterFlags, ProtocolName};
use crate::parse::parse_seed_range;
use crate::protocols::{Headless, Tally};
use crate::report::{fail, print, Human};
use clap::{ArgMatches, Args};
use paxos_core::designs::Storage;
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::SingleDecree;
use paxos_sim::sim::Sim;
use serde::Serialize;
use std::ops::Range;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct SweepArgs {
    /// Seeds to run, as START..END (END excluded).
    #[arg(long, value_parser = parse_seed_range)]
    pub seeds: Range<u64>,
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub cluster: ClusterFlags,
}

/// A sweep's report: the seeds, the runs, and the protocol's tally.
#[derive(Serialize)]
pub struct Sweep<T> {
    seeds: String,
    runs: u64,
    #[serde(flatten)]
    tally: T,
}

impl<T: Tally> Human for Sweep<T> {
    fn human(&self) -> String {
        self.tally.human(&self.seeds, self.runs)
    }
}

/// Runs every seed of `seeds` on the cluster the flags describe.
pub fn sweep<P: Headless>(
    flags: &ClusterFlags,
    seeds: Range<u64>,
) -> Result<Sweep<P::Tally>, String> {
    let mut sweep = Sweep {
        seeds: format!("{}..{}", seeds.start, seeds.end),
        runs: 0,
        tally: P::Tally::start(flags),
    };
    for seed in seeds {
        let mut sim = Sim::new(P::config(flags, seed)?).map_err(|e| e.to_string())?;
        P::play(&mut sim);
        sweep.runs += 1;
        sweep.tally.add(seed, &sim);
    }
    Ok(sweep)
}

/// Runs `paxos sweep`: exits with status 1 if the tally found anything
/// wrong.
pub fn run(args: &SweepArgs, command: &clap::Command, matches: &ArgMatches) -> ExitCode {
    let protocol = args.cluster.protocol;
    if let Err(e) = foreign_flag(command, matches, protocol) {
        return fail(&e);
    }
    match protocol {
        ProtocolName::Paxos => report::<SingleDecree>(args),
        ProtocolName::Multi => report::<MultiPaxos>(args),
        _ => report::<Storage>(args),
    }
}

fn report<P: Headless>(args: &SweepArgs) -> ExitCode {
    match sweep::<P>(&args.cluster, args.seeds.clone()) {
        Ok(sweep) => {
            print(args.json, &sweep);
            if sweep.tally.failed() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => fail(&e),
    }
}
