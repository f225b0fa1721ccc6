//! The storage designs' views: every operation's fate, and the servers.

use super::format_time;
use paxos_core::types::{NodeId, Value};
use paxos_sim::sim::Sim;

/// One client's operation and its fate, for the designs' outcome list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationLine {
    pub client: paxos_core::types::ClientId,
    /// `c0 → n1`: the client and the server it starts at.
    pub who: String,
    pub op: String,
    /// `ok`, `failed`, `running` or `waiting`.
    pub result: &'static str,
    pub text: String,
}

/// What the designs' outcome panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DesignOutcomeView {
    pub design: paxos_core::designs::Design,
    pub operations: Vec<OperationLine>,
    /// The operations in one sentence.
    pub headline: String,
    pub trace_hash: u64,
}

impl DesignOutcomeView {
    pub fn of(sim: &Sim<paxos_core::designs::Storage>) -> DesignOutcomeView {
        let config = sim.config();
        let operations = (0..config.clients.len())
            .filter_map(|i| sim.client(paxos_core::types::ClientId(i as u8)))
            .zip(&config.clients)
            .map(|(c, spec)| {
                let (result, text) = match c.outcome() {
                    Some(o) if o.succeeded() => ("ok", o.to_string()),
                    Some(o) => ("failed", o.to_string()),
                    None if c.started_us().is_some() => ("running", "running…".to_string()),
                    None => ("waiting", format!("starts at {}", format_time(spec.at_us))),
                };
                OperationLine {
                    client: c.id(),
                    who: format!("{} → {}", c.id(), c.node()),
                    op: c.op().to_string(),
                    result,
                    text,
                }
            })
            .collect();
        DesignOutcomeView {
            design: config.protocol.design,
            operations,
            headline: paxos_core::designs::client::report(sim.clients()).headline(),
            trace_hash: sim.trace_hash(),
        }
    }
}

/// A storage server's card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerView {
    pub id: NodeId,
    pub up: bool,
    /// The value on its disk, in words (`nothing` if none).
    pub holds: String,
    /// Generations: the ballot of that value, and a higher promise.
    pub generation: Option<paxos_core::designs::GenBallot>,
    pub promised: Option<paxos_core::designs::GenBallot>,
}

impl ServerView {
    pub fn all(sim: &Sim<paxos_core::designs::Storage>) -> Vec<ServerView> {
        sim.nodes()
            .map(|id| {
                let disk = sim.disk(id).cloned().unwrap_or_default();
                ServerView {
                    id,
                    up: sim.node(id).is_some(),
                    holds: disk
                        .value
                        .as_ref()
                        .map_or("nothing".to_string(), Value::to_string),
                    generation: disk.accepted,
                    promised: disk.promised.filter(|p| Some(*p) != disk.accepted),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_designs_outcome_lists_every_operation_and_the_servers_what_they_hold() {
        use paxos_core::designs::{ClientSpec, Design, Op};
        let clients = vec![
            ClientSpec {
                node: NodeId(0),
                op: Op::Write(Value::new("A")),
                at_us: 0,
            },
            ClientSpec {
                node: NodeId(1),
                op: Op::Read,
                at_us: 5_000_000,
            },
        ];
        let config = crate::runs::designs::config(Design::Voting, clients, 1);
        let mut sim = Sim::new(config).expect("valid");
        sim.run_until(1_000_000);
        let view = DesignOutcomeView::of(&sim);
        assert_eq!(view.design, Design::Voting);
        let results: Vec<&str> = view.operations.iter().map(|o| o.result).collect();
        assert_eq!(results, ["ok", "waiting"]);
        assert_eq!(view.operations[0].who, "c0 → n0");
        assert_eq!(view.operations[1].text, "starts at 5000.000 ms");
        let servers = ServerView::all(&sim);
        assert!(
            servers.iter().all(|s| s.up && s.holds == "\"A\""),
            "{servers:?}"
        );
    }
}
