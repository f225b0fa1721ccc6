//! The page of the storage designs: its words and configurations, and its panels.

use crate::web::components::{ClusterView, DesignClients, DesignOutcome, ServerCards};
use crate::web::panels::{violation_note, Panels};
use crate::web::protocol::{bounds_of, Backoff, WebProtocol};
use crate::web::state::{Action, Playground};
use paxos_core::designs::{self, Design, Op, Storage};
use paxos_core::types::NodeId;
use paxos_front::checking::Checkable;
use paxos_front::view;
use paxos_sim::sim::{Payload, Sim, SimConfig};
use paxos_sim::timeline::Timeline;
use yew::prelude::*;

impl WebProtocol for Storage {
    const LESSONS: &'static [&'static paxos_front::course::Lesson] =
        paxos_front::course::DESIGN_LESSONS;
    const CHECKS: bool = true;

    fn check_bounds(config: &SimConfig<Storage>) -> [u32; 7] {
        bounds_of(<Storage as Checkable>::bounds(config))
    }

    const TITLE: &'static str = "Storage designs";
    const DEFAULT_NODES: u8 = 3;

    const DEFAULT_SEED: u64 = designs::PLAYGROUND_SEED;
    /// The designs' servers answer at once: there is nothing to back off.
    const BACKOFF: Option<Backoff<Self>> = None;
    const WHY_VIOLATED: &'static str = " This design cannot prevent it: that is its weakness, and the next design in the progression is built to fix it.";

    fn default_config(nodes: u8, seed: u64) -> SimConfig<Storage> {
        paxos_front::runs::designs::playground(nodes, seed)
    }

    /// `?stress=N`: writers on five servers, one after another, until the
    /// run holds `messages` messages (or every client is done).
    fn stress_timeline(messages: u64) -> Timeline<Storage> {
        let clients = (0..64u64)
            .map(|i| designs::ClientSpec {
                node: NodeId((i % 5) as u8),
                op: Op::Write(paxos_core::types::Value::new(&format!("v{i}"))),
                at_us: i * 50_000,
            })
            .collect();
        let mut config = paxos_front::runs::designs::config(Design::Voting, clients, 1);
        config.protocol.cluster_size = 5;
        paxos_front::bench::grow(config, messages)
    }

    fn power_failure_outcome(sim: &Sim<Storage>) -> String {
        let held: Vec<String> = sim
            .nodes()
            .map(|n| {
                let disk = sim.disk(n).cloned().unwrap_or_default();
                format!("{n} {}", designs::describe(&disk))
            })
            .collect();
        format!(
            "Every server restarts from its disk, which the power failure did not touch: {}.",
            held.join("; ")
        )
    }

    fn node_line(sim: &Sim<Storage>, id: NodeId) -> String {
        if sim.node(id).is_none() {
            return format!("{id} was down");
        }
        let disk = sim.disk(id).cloned().unwrap_or_default();
        format!("{id}: {}", designs::describe(&disk))
    }

    fn message_fields(payload: &Payload<Storage>) -> Vec<(&'static str, String)> {
        match payload {
            Payload::Message(msg) => match *msg {},
            Payload::Request { value } => vec![("request", value.to_string())],
            Payload::Reply { value } => vec![("reply", value.to_string())],
        }
    }

    fn ring_node(sim: &Sim<Storage>, id: NodeId) -> (Vec<&'static str>, String, String) {
        let line = Self::node_line(sim, id);
        if sim.node(id).is_none() {
            return (vec!["down"], "crashed".into(), line);
        }
        let disk = sim.disk(id).cloned().unwrap_or_default();
        let badge = disk.value.map_or(String::new(), |v| v.to_string());
        (Vec::new(), badge, line)
    }
}

impl Panels for Storage {
    fn outcome_panel(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let timeline = state.timeline();
        let view = view::designs::DesignOutcomeView::of(timeline.state());
        let seed = timeline.config().seed;
        let on_design = {
            let state = state.clone();
            Callback::from(move |design: Option<Design>| match design {
                Some(design) => state.dispatch(Action::Open(std::rc::Rc::new(
                    paxos_front::runs::designs::fresh(design, seed),
                ))),
                // Design 4 is single-decree Paxos, on its own page.
                None => {
                    crate::web::site::go_to("paxos", "lesson=already-chosen", "", false);
                }
            })
        };
        html! {
            <DesignOutcome {view} {on_design}>
                { violation_note(state) }
            </DesignOutcome>
        }
    }

    fn panels(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let timeline = state.timeline();
        let config = timeline.state().config();
        let (on_act, on_notice) = (
            crate::web::wiring::on_act(state),
            crate::web::wiring::on_notice(state),
        );
        html! {
            <>
                <ClusterView view={crate::web::wiring::ring_view(state)} on_cut={crate::web::wiring::on_cut(state)} />
                <ServerCards servers={view::designs::ServerView::all(timeline.state())} on_act={on_act.clone()} />
                <DesignClients design={config.protocol.design} nodes={config.protocol.nodes().collect::<Vec<_>>()}
                    {on_act} {on_notice} />
            </>
        }
    }

    fn disk_controls(_: &UseReducerHandle<Playground<Self>>) -> Html {
        html! {
            <p class="hint">{"The servers always write before they answer: an acknowledgement, a promise or an acceptance is on disk first."}</p>
        }
    }
}
