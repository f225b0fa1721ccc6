//! The flags of `paxos run` and `paxos sweep`, in groups: the cluster and
//! its faults (every protocol), then one group per protocol. `--help` shows
//! each group under its own heading, and a flag of one protocol's group
//! given to another protocol is refused by name ([`foreign_flag`]).

use crate::parse::{parse_ms, parse_ms_range, parse_ops, parse_probability, Ops};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, ValueEnum};
use paxos_core::designs::Design;
use paxos_core::multi::MAX_WINDOW;
use paxos_core::paxos::{Bug, Durability};
use paxos_sim::sim::MAX_NODES;
use std::ops::Range;

/// What `--protocol` names: single-decree Paxos, Multi-Paxos, or a storage
/// design by its own name (the designs' names and help are `Design`'s
/// derived `ValueEnum`). One meaning per name: `paxos` is single-decree
/// Paxos (design 4), `single` is design 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtocolName {
    Paxos,
    Multi,
    Design(Design),
}

/// Every `--protocol` value, in `--help`'s order: Paxos, Multi-Paxos, then
/// each design.
const PROTOCOL_NAMES: [ProtocolName; 2 + Design::ALL.len()] = {
    let mut all = [ProtocolName::Paxos; 2 + Design::ALL.len()];
    all[1] = ProtocolName::Multi;
    let mut i = 0;
    while i < Design::ALL.len() {
        all[2 + i] = ProtocolName::Design(Design::ALL[i]);
        i += 1;
    }
    all
};

impl ValueEnum for ProtocolName {
    fn value_variants<'a>() -> &'a [Self] {
        &PROTOCOL_NAMES
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        use clap::builder::PossibleValue;
        match self {
            ProtocolName::Paxos => {
                Some(PossibleValue::new("paxos").help("Design 4: single-decree Paxos, one value"))
            }
            ProtocolName::Multi => {
                Some(PossibleValue::new("multi").help("A replicated key-value log: Multi-Paxos"))
            }
            ProtocolName::Design(design) => design.to_possible_value(),
        }
    }
}

impl ProtocolName {
    /// The storage design it names, if it names one.
    pub fn design(self) -> Option<Design> {
        match self {
            ProtocolName::Design(design) => Some(design),
            ProtocolName::Paxos | ProtocolName::Multi => None,
        }
    }

    /// Its spelling on the command line.
    pub fn spelling(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

/// Everything `run` and `sweep` take to build a cluster.
#[derive(Args, Debug, Clone)]
pub struct ClusterFlags {
    /// The protocol to run.
    #[arg(long, value_enum, default_value_t = ProtocolName::Paxos)]
    pub protocol: ProtocolName,
    #[command(flatten)]
    pub cluster: Cluster,
    #[command(flatten, next_help_heading = "Single-decree Paxos (--protocol paxos)")]
    pub paxos: PaxosFlags,
    #[command(flatten, next_help_heading = "Paxos and Multi-Paxos")]
    pub backoff: BackoffFlags,
    #[command(flatten, next_help_heading = "Multi-Paxos (--protocol multi)")]
    pub multi: MultiFlags,
    #[command(
        flatten,
        next_help_heading = "Storage designs (--protocol single, two, voting, generations)"
    )]
    pub designs: DesignFlags,
}

/// The cluster, network and fault settings every protocol takes. Times are
/// in milliseconds of simulated time.
#[derive(Args, Debug, Clone)]
pub struct Cluster {
    /// Number of nodes (default 3; the storage designs: 1, 2, 3, 3).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=MAX_NODES as i64))]
    pub nodes: Option<u8>,
    /// Number of clients, each proposing (or, for a storage design,
    /// writing) its own value ("A", "B", ...) at a different node at time 0.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=64))]
    pub proposers: u8,
    /// Start client i at i × STAGGER ms instead of all at time 0, so that
    /// later clients arrive while faults are in progress.
    #[arg(long, default_value = "0", value_parser = parse_ms)]
    pub stagger: u64,
    /// Chance that a message between nodes is lost (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, allow_negative_numbers = true)]
    pub drop: f64,
    /// Chance that a message between nodes is delivered twice (0 to 1).
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, allow_negative_numbers = true)]
    pub dup: f64,
    /// Network latency range in ms, as MIN..MAX.
    #[arg(long, default_value = "2..12", value_parser = parse_ms_range)]
    pub latency: Range<u64>,
    /// Disk write latency range in ms, as MIN..MAX.
    #[arg(long, default_value = "0.5..2", value_parser = parse_ms_range)]
    pub disk: Range<u64>,
    /// Chance, at every fault tick, of crashing a random node.
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, allow_negative_numbers = true)]
    pub crash: f64,
    /// Chance, at every fault tick, of cutting or healing the network.
    #[arg(long, default_value_t = 0.0, value_parser = parse_probability, allow_negative_numbers = true)]
    pub partition: f64,
    /// Time between fault ticks, in ms.
    #[arg(long, default_value = "20", value_parser = parse_ms)]
    pub fault_tick: u64,
    /// End of the fault window, in ms: then the network heals, loss and
    /// duplication stop, and crashed nodes restart.
    #[arg(long, default_value = "2000", value_parser = parse_ms)]
    pub faults_until: u64,
    /// Stop at this simulated time, in ms (default: 10000 for paxos and the
    /// storage designs; for multi, when every client is done and the
    /// cluster has settled).
    #[arg(long, value_parser = parse_ms)]
    pub until: Option<u64>,
}

/// What only single-decree Paxos takes.
#[derive(Args, Debug, Clone)]
pub struct PaxosFlags {
    /// A deliberate bug to switch on (repeatable). (Amnesia is
    /// --durability no_writes.)
    #[arg(long = "bug", value_name = "NAME", value_enum)]
    pub bugs: Vec<Bug>,
    /// Flexible quorums: promises phase 1 needs (default: a majority). Safe
    /// only if Q1 + Q2 is above --nodes.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=MAX_NODES as i64))]
    pub q1: u8,
    /// Flexible quorums: acceptances that choose a value.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=MAX_NODES as i64))]
    pub q2: u8,
    /// Clients that read (as learners, from every acceptor) instead of
    /// proposing, one per node after the proposers, at --read-at.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=64))]
    pub readers: u8,
    /// When the readers start, in ms.
    #[arg(long, default_value = "200", value_parser = parse_ms)]
    pub read_at: u64,
    /// How acceptors treat their disk: write_ahead is correct Paxos; the
    /// others are deliberate bugs.
    #[arg(long, value_enum, default_value_t = Durability::WriteAhead)]
    pub durability: Durability,
}

/// What single-decree Paxos and Multi-Paxos take, and the storage designs
/// do not.
#[derive(Args, Debug, Clone)]
pub struct BackoffFlags {
    /// Retry at once after a rejection, instead of backing off at random.
    #[arg(long)]
    pub no_backoff: bool,
}

/// What only Multi-Paxos takes.
#[derive(Args, Debug, Clone)]
pub struct MultiFlags {
    /// Number of clients, each running its commands one after another,
    /// starting at a different replica.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=64))]
    pub clients: u8,
    /// Random put/get/cas commands per client.
    #[arg(long, default_value_t = 25, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    pub commands: u64,
    /// The commands use keys k0..k(KEYS-1).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=255))]
    pub keys: u8,
    /// The most slots the leader has in flight at once.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=MAX_WINDOW))]
    pub window: u64,
    /// A client's pause between an answer and its next command, in ms.
    #[arg(long, default_value = "0", value_parser = parse_ms)]
    pub think: u64,
    /// Followers redirect clients to the leader instead of forwarding
    /// their commands.
    #[arg(long)]
    pub no_forward: bool,
}

/// What only the storage designs take.
#[derive(Args, Debug, Clone)]
pub struct DesignFlags {
    /// The clients' operations, comma-separated, each `write:V`, `read` or
    /// `cas:X:Y` (generations), optionally `@MS` for its start time. Client
    /// i starts at server i. Default: one writer per --proposers ("A", "B",
    /// ... at i × --stagger ms) and a read 200 ms after the last.
    #[arg(long, value_name = "LIST", value_parser = parse_ops)]
    pub ops: Option<Ops>,
}

/// Whether a protocol takes a group of flags.
type Takes = fn(ProtocolName) -> bool;

/// The flag groups, by the protocols that take them. (clap names a flattened
/// group after its struct.)
const GROUPS: [(&str, Takes); 4] = [
    ("PaxosFlags", |p| p == ProtocolName::Paxos),
    ("BackoffFlags", |p| p.design().is_none()),
    ("MultiFlags", |p| p == ProtocolName::Multi),
    ("DesignFlags", |p| p.design().is_some()),
];

/// "--protocol a, b or c": the `--protocol` values that `takes`.
fn whose(takes: Takes) -> String {
    let names: Vec<String> = PROTOCOL_NAMES
        .into_iter()
        .filter(|&p| takes(p))
        .map(ProtocolName::spelling)
        .collect();
    match names.split_last() {
        Some((last, [])) => format!("--protocol {last}"),
        Some((last, rest)) => format!("--protocol {} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Flags given on the command line that `protocol` does not take: the
/// first, as an error that names the flag and whom it belongs to.
pub fn foreign_flag(
    command: &clap::Command,
    matches: &ArgMatches,
    protocol: ProtocolName,
) -> Result<(), String> {
    for (group, takes) in GROUPS {
        if takes(protocol) {
            continue;
        }
        let whose = whose(takes);
        let Some(group) = command.get_groups().find(|g| g.get_id() == group) else {
            continue;
        };
        for id in group.get_args() {
            if matches.value_source(id.as_str()) != Some(ValueSource::CommandLine) {
                continue;
            }
            if id == "durability" {
                // Writing ahead is what every other protocol does anyway.
                if matches.get_one::<Durability>("durability") == Some(&Durability::WriteAhead) {
                    continue;
                }
                let who = match protocol {
                    ProtocolName::Multi => "Multi-Paxos replicas always write ahead",
                    _ => "the storage designs always write ahead",
                };
                return Err(format!("{who}; --durability applies to {whose}"));
            }
            let long = command
                .get_arguments()
                .find(|a| a.get_id() == id)
                .and_then(|a| a.get_long())
                .unwrap_or(id.as_str());
            return Err(if group.get_id() == "DesignFlags" {
                format!("--{long} lists a storage design's operations: use it with {whose}")
            } else {
                format!("--{long} applies to {whose}, not {}", protocol.spelling())
            });
        }
    }
    Ok(())
}
