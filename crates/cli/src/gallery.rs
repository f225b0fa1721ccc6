//! `paxos gallery`: the built-in examples, listed or exported as scenarios.

use crate::link::load_scenario;
use crate::report::{fail, print, Human};
use clap::Args;
use paxos_front::course::gallery;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct GalleryArgs {
    /// Print the scenario of this example as JSON (to read, edit, or run
    /// with `--scenario FILE`).
    #[arg(long, value_name = "ID")]
    pub export: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// `paxos gallery --json`: one per example.
#[derive(Serialize)]
struct Entry {
    id: &'static str,
    protocol: &'static str,
    title: &'static str,
    about: &'static str,
    /// The safety property the example shows broken, or null.
    violation: Option<&'static str>,
}

/// The gallery, as a JSON array or a line per example.
#[derive(Serialize)]
#[serde(transparent)]
struct Entries(Vec<Entry>);

impl Human for Entries {
    fn human(&self) -> String {
        self.0
            .iter()
            .map(|e| format!("{:<27} {:<11} {}\n", e.id, e.protocol, e.title))
            .collect()
    }
}

/// `paxos gallery`.
pub fn gallery(args: &GalleryArgs) -> ExitCode {
    if let Some(id) = &args.export {
        return match load_scenario(&format!("gallery:{id}")) {
            Ok(scenario) => {
                println!("{}", scenario.to_json());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        };
    }
    let entries = gallery::EXAMPLES
        .iter()
        .map(|e| Entry {
            id: e.id,
            protocol: e.scenario().protocol(),
            title: e.title,
            about: e.about(),
            violation: e.violation,
        })
        .collect();
    print(args.json, &Entries(entries));
    ExitCode::SUCCESS
}
