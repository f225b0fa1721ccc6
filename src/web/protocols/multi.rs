//! The page of Multi-Paxos: its words and configurations, and its panels.

use crate::web::components::{
    ClientPanel, ClusterView, KvTables, LogView, MultiOutcome, Presets, ReplicaCard,
};
use crate::web::panels::{violation_note, Panels};
use crate::web::protocol::{bounds_of, Backoff, WebProtocol};
use crate::web::state::{Action, Playground};
use paxos_core::multi::{Knob, MultiPaxos, Role};
use paxos_core::types::NodeId;
use paxos_front::checking::Checkable;
use paxos_front::view;
use paxos_sim::sim::{Payload, Sim, SimConfig};
use paxos_sim::timeline::Timeline;
use yew::prelude::*;

impl WebProtocol for MultiPaxos {
    const LESSONS: &'static [&'static paxos_front::course::Lesson] =
        paxos_front::course::MULTI_LESSONS;
    const CHECKS: bool = true;

    fn check_bounds(config: &SimConfig<MultiPaxos>) -> [u32; 7] {
        bounds_of(<MultiPaxos as Checkable>::bounds(config))
    }

    const TITLE: &'static str = "Multi-Paxos";
    const BACKOFF: Option<Backoff<Self>> = Some(Backoff {
        words: [
            "random, growing election timeouts",
            "off: would-be leaders may duel forever",
        ],
        on: |config| config.backoff,
        knob: Knob::Backoff,
    });
    const WHY_VIOLATED: &'static str = " Correct Multi-Paxos never does this: a fault that breaks one of its rules (a wiped disk, say) made it possible.";
    const DEFAULT_NODES: u8 = 3;

    /// Heartbeats never stop: a run is over once its clients are done.
    fn played_out(sim: &Sim<Self>) -> bool {
        sim.clients_done()
    }

    fn default_config(nodes: u8, seed: u64) -> SimConfig<MultiPaxos> {
        paxos_front::runs::multi::multi_steady(nodes, seed)
    }

    fn stress_timeline(messages: u64) -> Timeline<MultiPaxos> {
        let mut config = paxos_front::runs::multi::workload(5, 8, 1_000_000, 8, 1);
        config.record_trace = true;
        paxos_front::bench::grow(config, messages)
    }

    fn preset(id: &str) -> Option<(Timeline<MultiPaxos>, String)> {
        let timeline = paxos_front::course::presets::multi_preset(id)?;
        let (_, title, what) = paxos_front::course::presets::MULTI_PRESETS
            .iter()
            .find(|(preset, ..)| *preset == id)?;
        Some((timeline, format!("{title}: {what}")))
    }

    fn power_failure_outcome(sim: &Sim<MultiPaxos>) -> String {
        // The monitor's count: it sees the votes on the disks, which the
        // power failure did not touch (the replicas' logs are gone).
        let chosen = sim.monitor().chosen_slots();
        if chosen == 0 {
            "No slot was chosen yet; a new leader starts from the promises and acceptances on disk."
                .into()
        } else {
            format!(
                "{} chosen before the power failed. {} chosen: the acceptors' disks remember the votes, and a new leader's phase 1 finds them again.",
                if chosen == 1 { "1 slot was".to_string() } else { format!("{chosen} slots were") },
                if chosen == 1 { "It stays" } else { "They stay" }
            )
        }
    }

    fn node_line(sim: &Sim<MultiPaxos>, id: NodeId) -> String {
        let Some(node) = sim.node(id) else {
            return format!("{id} was down");
        };
        let role = match &node.role() {
            Role::Leader { ballot } => format!("leader in {ballot}"),
            Role::Candidate { ballot, .. } => format!("campaigning with {ballot}"),
            Role::Follower => match node.leader() {
                Some((leader, _)) => format!("follows {leader}"),
                None => "follower, no leader known".to_string(),
            },
        };
        format!(
            "{id}: {role}; promised {}; {} executed, {} in flight",
            node.acceptor()
                .promised
                .map_or("—".to_string(), |b| b.to_string()),
            paxos_front::view::count(node.executed(), "slot", None),
            node.in_flight().len()
        )
    }

    fn message_fields(payload: &Payload<MultiPaxos>) -> Vec<(&'static str, String)> {
        paxos_front::view::multi::message_fields(payload)
    }

    fn ring_node(sim: &Sim<MultiPaxos>, id: NodeId) -> (Vec<&'static str>, String, String) {
        let Some(node) = sim.node(id) else {
            return (vec!["down"], "crashed".into(), format!("{id} is down"));
        };
        let line = Self::node_line(sim, id);
        match node.role() {
            Role::Leader { .. } => (vec!["leader"], "leader".into(), line),
            Role::Candidate { .. } => (vec!["proposing"], "campaigning".into(), line),
            Role::Follower => (Vec::new(), String::new(), line),
        }
    }
}

impl Panels for MultiPaxos {
    fn outcome_panel(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let view = view::multi::MultiOutcomeView::of(state.timeline().state());
        html! {
            <MultiOutcome {view}>
                { violation_note(state) }
            </MultiOutcome>
        }
    }

    fn panels(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let timeline = state.timeline();
        let sim = timeline.state();
        let (on_act, on_notice) = (
            crate::web::wiring::on_act(state),
            crate::web::wiring::on_notice(state),
        );
        let on_preset = {
            let state = state.clone();
            Callback::from(move |id: &'static str| {
                state.dispatch(Action::LoadPreset(id.to_string()))
            })
        };
        html! {
            <>
                <Presets {on_preset} />
                <ClusterView view={crate::web::wiring::ring_view(state)} on_cut={crate::web::wiring::on_cut(state)} />
                <KvTables view={view::multi::KvView::of(sim)} />
                <ClientPanel nodes={sim.nodes().collect::<Vec<_>>()} clients={view::multi::ClientLine::all(sim)}
                    on_act={on_act.clone()} {on_notice} />
                <div class="nodes">
                    { for sim.nodes().map(|id| html! { <ReplicaCard view={view::multi::ReplicaView::of(sim, id)} on_act={on_act.clone()} /> }) }
                </div>
            </>
        }
    }

    fn main_panels(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let view =
            view::multi::log_view(state.timeline().state(), crate::web::components::LOG_WIDTH);
        html! { <LogView {view} /> }
    }

    fn disk_controls(_: &UseReducerHandle<Playground<Self>>) -> Html {
        html! {
            <p class="hint">{"Multi-Paxos replicas always write ahead: a promise, and each slot accepted, is on disk before the replica answers."}</p>
        }
    }
}
