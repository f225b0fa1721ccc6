//! `paxos link`: a scenario as a share link; and where a scenario on the
//! command line comes from (`run --scenario`, `link`): a file, a link or
//! the gallery.

use crate::report::fail;
use clap::Args;
use paxos_front::catalog::Scenario;
use paxos_front::course::gallery;
use std::process::ExitCode;

/// Reads a scenario: `gallery:ID`, a link (or a URL holding one), or a
/// file holding JSON or a link.
pub fn load_scenario(source: &str) -> Result<Scenario, String> {
    let source = source.trim();
    if let Some(id) = source.strip_prefix("gallery:") {
        return gallery::get(id).map(|e| e.scenario()).ok_or_else(|| {
            let ids: Vec<&str> = gallery::EXAMPLES.iter().map(|e| e.id).collect();
            format!(
                "there is no example {id:?} in the gallery: use one of {}",
                ids.join(", ")
            )
        });
    }
    if paxos_sim::scenario::looks_like_link(source) || source.contains("#s=") {
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

#[derive(Args, Debug)]
pub struct LinkArgs {
    /// The scenario: FILE, LINK or gallery:ID.
    pub source: String,
    /// The playground's address, to print a whole URL (`BASE#s=LINK`)
    /// instead of the link alone.
    #[arg(long, value_name = "URL")]
    pub base: Option<String>,
}

/// `paxos link`.
pub fn link(args: &LinkArgs) -> ExitCode {
    match load_scenario(&args.source) {
        Ok(scenario) => {
            let link = scenario.to_link();
            match &args.base {
                Some(base) => {
                    let base = base.split('#').next().unwrap_or_default();
                    println!("{base}#s={link}");
                }
                None => println!("{link}"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}
