//! The `paxos` command-line tool: runs the same core and simulator as the
//! playground, headlessly.
//!
//! Every command prints a human summary, or with `--json` exactly one JSON
//! object on stdout. Errors go to stderr with a non-zero exit status.
//!
//! One module per command (`run`, `sweep`, `bench`, `link`, `gallery`);
//! what the commands need of each protocol is the
//! [`protocols::Headless`] trait, and the flags are grouped per protocol in
//! [`flags`].

#[cfg(not(target_arch = "wasm32"))]
mod bench;
#[cfg(not(target_arch = "wasm32"))]
mod check;
#[cfg(not(target_arch = "wasm32"))]
mod flags;
#[cfg(not(target_arch = "wasm32"))]
mod gallery;
#[cfg(not(target_arch = "wasm32"))]
mod link;
#[cfg(not(target_arch = "wasm32"))]
mod parse;
#[cfg(not(target_arch = "wasm32"))]
mod protocols;
#[cfg(not(target_arch = "wasm32"))]
mod report;
#[cfg(not(target_arch = "wasm32"))]
mod run;
#[cfg(not(target_arch = "wasm32"))]
mod sweep;

#[cfg(not(target_arch = "wasm32"))]
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

/// The CLI is native only (reading files, deflating links); the browser
/// runs the `playground` binary.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Parser, Debug)]
#[command(
    name = "paxos",
    version,
    about = "Run, sweep and benchmark the Paxos Playground's simulator headlessly."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Subcommand, Debug)]
enum Command {
    /// Run one seeded simulation and summarize it.
    Run(run::RunArgs),
    /// Print the share link of a scenario (a JSON file, a link, or
    /// gallery:ID): the playground opens it with `#s=LINK`.
    Link(link::LinkArgs),
    /// List the built-in examples; each runs with `--scenario gallery:ID`.
    Gallery(gallery::GalleryArgs),
    /// Run many seeds and report safety violations and undecided runs.
    /// Exits with status 1 if any run violated safety, never decided, or
    /// left a client unanswered.
    Sweep(sweep::SweepArgs),
    /// Measure the simulator. Single-decree: simulated events per second
    /// on 5 nodes, 2 racing proposers, 5% loss, 5% duplication. Multi-Paxos:
    /// 5 replicas in steady state, commands per simulated round trip with
    /// pipeline windows 1 and 8, and commands simulated per second.
    Bench(bench::BenchArgs),
    /// Check every interleaving of a small cluster's messages, timers,
    /// disk writes and faults, within bounds, against the safety
    /// properties; print the shortest counterexample (as a scenario link)
    /// if one breaks. Exits with status 1 on a violation.
    Check(check::CheckArgs),
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let definition = Cli::command();
    let matches = definition.clone().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // The subcommand's definition and arguments, to name a flag given to
    // the wrong protocol.
    let sub = |name: &str| {
        let command = definition.find_subcommand(name).expect("a subcommand");
        let given = matches.subcommand_matches(name).expect("it was given");
        (command, given)
    };
    match &cli.command {
        Command::Run(args) => {
            let (command, given) = sub("run");
            run::run(args, command, given)
        }
        Command::Sweep(args) => {
            let (command, given) = sub("sweep");
            sweep::run(args, command, given)
        }
        Command::Link(args) => link::link(args),
        Command::Gallery(args) => gallery::gallery(args),
        Command::Bench(args) => bench::run(args),
        Command::Check(args) => {
            let (command, given) = sub("check");
            check::run(args, command, given)
        }
    }
}
