//! What the page needs from a protocol beyond what the simulator needs: its
//! default scenario, its panels, and a few words about its state. The rest
//! of the page (controls, diagram, faults, disks) is shared.

use super::board::{BoardHandle, Cmd};
use super::components::{
    BreakPaxos, ClientPanel, ClusterView, DesignClients, DesignOutcome, DurabilityControls,
    KvTables, LogView, MultiOutcome, NodeCard, Outcome, Presets, ProposeForm, ReplicaCard,
    ServerCards, ViolationNote,
};
use super::state::{Action, Playground};
use paxos_core::designs::{self, Design, Op, Storage};
use paxos_core::multi::{MultiPaxos, Role};
use paxos_core::paxos::SingleDecree;
use paxos_core::protocol::Protocol;
use paxos_core::types::NodeId;
use paxos_front::view::{self, NodeView};
use paxos_sim::sim::{Payload, Sim, SimConfig};
use paxos_sim::timeline::{Action as SimAction, Timeline};
use yew::prelude::*;

pub trait WebProtocol: Protocol + paxos_front::catalog::Listed {
    /// How the page names the protocol.
    const TITLE: &'static str;
    const DEFAULT_NODES: u8;
    /// The seed a page opens with.
    const DEFAULT_SEED: u64 = super::state::DEFAULT_SEED;
    /// The scenario the page opens with.
    fn default_config(nodes: u8, seed: u64) -> SimConfig<Self>;
    /// `?stress=N`: a run simulated until it holds `messages` messages.
    fn stress_timeline(messages: u64) -> Timeline<Self>;
    /// The one-click amnesia demonstration, if the protocol has one.
    fn amnesia_demo() -> Option<Timeline<Self>> {
        None
    }
    /// The run has done what it was for, though events may go on (a
    /// looping embed starts again then). By default: nothing is left.
    fn played_out(sim: &Sim<Self>) -> bool {
        sim.is_finished()
    }
    /// A preset scenario by id, with what to watch in it.
    fn preset(id: &str) -> Option<(Timeline<Self>, String)> {
        let _ = id;
        None
    }
    /// After a power failure: what had been achieved, and that it stays.
    fn power_failure_outcome(sim: &Sim<Self>) -> String;
    /// One line on a node's state, for a message's details.
    fn node_line(sim: &Sim<Self>, id: NodeId) -> String;
    /// A message's fields, for its details.
    fn message_fields(payload: &Payload<Self>) -> Vec<(&'static str, String)>;
    /// A node on the cluster ring: extra classes, a badge, a tooltip.
    fn ring_node(sim: &Sim<Self>, id: NodeId) -> (Vec<&'static str>, String, String);
    /// The panel at the top of the side bar: what the cluster achieved.
    fn outcome_panel(state: &UseReducerHandle<Playground<Self>>) -> Html;
    /// The protocol's own panels, below the cluster ring.
    fn panels(state: &UseReducerHandle<Playground<Self>>) -> Html;
    /// Panels under the diagram, at its full width.
    fn main_panels(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let _ = state;
        html! {}
    }
    /// The disk controls in the storage panel (the durability bug toggles).
    fn disk_controls(state: &UseReducerHandle<Playground<Self>>) -> Html;
}

impl WebProtocol for SingleDecree {
    const TITLE: &'static str = "Single-decree Paxos";
    const DEFAULT_NODES: u8 = 3;

    fn default_config(nodes: u8, seed: u64) -> SimConfig<paxos_core::paxos::SingleDecree> {
        super::state::default_config(nodes, seed)
    }

    fn stress_timeline(messages: u64) -> Timeline<paxos_core::paxos::SingleDecree> {
        paxos_front::bench::stress_timeline(messages)
    }

    fn amnesia_demo() -> Option<Timeline<paxos_core::paxos::SingleDecree>> {
        Some(paxos_front::runs::paxos::amnesia(
            paxos_core::paxos::Durability::NoWrites,
        ))
    }

    fn power_failure_outcome(sim: &Sim<paxos_core::paxos::SingleDecree>) -> String {
        match sim.monitor().chosen() {
            Some(v) => format!(
                "{v} was chosen before the power failed, and Paxos guarantees it stays chosen: the disks remember the votes."
            ),
            None => {
                "Nothing was chosen yet; the proposers carry on from the promises on disk.".into()
            }
        }
    }

    fn node_line(sim: &Sim<paxos_core::paxos::SingleDecree>, id: NodeId) -> String {
        let view = NodeView::of(sim, id);
        if !view.up {
            return format!("{} was down", view.id);
        }
        let or_dash = |s: Option<String>| s.unwrap_or_else(|| "—".to_string());
        format!(
            "{}: promised {}, accepted {}, learned {}; proposer {}",
            view.id,
            or_dash(view.promised.map(|b| b.to_string())),
            or_dash(view.accepted.as_ref().map(|p| p.to_string())),
            or_dash(view.learned.as_ref().map(|v| v.to_string())),
            view.proposer
        )
    }

    fn message_fields(
        payload: &Payload<paxos_core::paxos::SingleDecree>,
    ) -> Vec<(&'static str, String)> {
        paxos_front::view::message_fields(payload)
    }

    fn ring_node(
        sim: &Sim<paxos_core::paxos::SingleDecree>,
        id: NodeId,
    ) -> (Vec<&'static str>, String, String) {
        let v = NodeView::of(sim, id);
        let badge = if !v.up {
            "crashed"
        } else if v.proposing {
            "proposing"
        } else if v.learned.is_some() {
            "learned"
        } else {
            ""
        };
        let mut classes = Vec::new();
        if !v.up {
            classes.push("down");
        }
        if v.proposing {
            classes.push("proposing");
        }
        if v.learned.is_some() {
            classes.push("learned");
        }
        (
            classes,
            badge.to_string(),
            format!("{}: {}", v.id, v.proposer),
        )
    }

    fn outcome_panel(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let timeline = state.timeline();
        let sim = timeline.state();
        let summary = sim.summary();
        html! {
            <Outcome
                chosen={sim.monitor().chosen_values().into_iter().cloned().collect::<Vec<_>>()}
                decided_at_us={summary.decided_at_us}
                learned_by={summary.learned_by.clone()}
                trace_hash={summary.trace_hash}>
                { violation_note(state) }
            </Outcome>
        }
    }

    fn panels(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let timeline = state.timeline();
        let sim = timeline.state();
        let nodes = NodeView::all(sim);
        let (on_act, on_notice) = (
            super::wiring::on_act(state),
            super::wiring::on_notice(state),
        );
        let on_tune = on_act.reform(|knob| SimAction::Tune { knob });
        let on_open_entry = {
            let state = state.clone();
            Callback::from(move |id: &'static str| super::board::open_entry(&state, id))
        };
        html! {
            <>
                <ClusterView view={super::wiring::ring_view(state)} on_cut={super::wiring::on_cut(state)} />
                <div class="nodes">
                    { for nodes.into_iter().map(|node| html! { <NodeCard node={node} on_act={on_act.clone()} /> }) }
                </div>
                <ProposeForm config={sim.config().clone()} now_us={timeline.cursor().time_us}
                    on_act={on_act.clone()} on_notice={on_notice.clone()} />
                <BreakPaxos config={sim.config().protocol} violated={!sim.violations().is_empty()}
                    {on_tune} {on_notice} {on_open_entry} />
            </>
        }
    }

    fn disk_controls(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let durability = state.timeline().state().config().protocol.durability;
        let on_tune = super::wiring::on_act(state).reform(|knob| SimAction::Tune { knob });
        let on_amnesia_demo = {
            let state = state.clone();
            Callback::from(move |()| state.dispatch(Action::AmnesiaDemo))
        };
        html! { <DurabilityControls {durability} {on_tune} {on_amnesia_demo} /> }
    }
}

impl WebProtocol for MultiPaxos {
    const TITLE: &'static str = "Multi-Paxos";
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
        paxos_front::view::multi_message_fields(payload)
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

    fn outcome_panel(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let view = view::MultiOutcomeView::of(state.timeline().state());
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
            super::wiring::on_act(state),
            super::wiring::on_notice(state),
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
                <ClusterView view={super::wiring::ring_view(state)} on_cut={super::wiring::on_cut(state)} />
                <KvTables view={view::KvView::of(sim)} />
                <ClientPanel nodes={sim.nodes().collect::<Vec<_>>()} clients={view::ClientLine::all(sim)}
                    on_act={on_act.clone()} {on_notice} />
                <div class="nodes">
                    { for sim.nodes().map(|id| html! { <ReplicaCard view={view::ReplicaView::of(sim, id)} on_act={on_act.clone()} /> }) }
                </div>
            </>
        }
    }

    fn main_panels(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let view = view::log_view(state.timeline().state(), super::components::LOG_WIDTH);
        html! { <LogView {view} /> }
    }

    fn disk_controls(_: &UseReducerHandle<Playground<Self>>) -> Html {
        html! {
            <p class="hint">{"Multi-Paxos replicas always write ahead: a promise, and each slot accepted, is on disk before the replica answers."}</p>
        }
    }
}

impl WebProtocol for Storage {
    const TITLE: &'static str = "Storage designs";
    const DEFAULT_NODES: u8 = 3;

    const DEFAULT_SEED: u64 = designs::PLAYGROUND_SEED;

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

    fn outcome_panel(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let timeline = state.timeline();
        let view = view::DesignOutcomeView::of(timeline.state());
        let seed = timeline.config().seed;
        let on_design = {
            let state = state.clone();
            Callback::from(move |design: Option<Design>| match design {
                Some(design) => state.dispatch(Action::Open(std::rc::Rc::new(
                    paxos_front::runs::designs::fresh(design, seed),
                ))),
                // Design 4 is single-decree Paxos, on its own page.
                None => {
                    super::site::go_to("paxos", "lesson=already-chosen", "", false);
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
            super::wiring::on_act(state),
            super::wiring::on_notice(state),
        );
        html! {
            <>
                <ClusterView view={super::wiring::ring_view(state)} on_cut={super::wiring::on_cut(state)} />
                <ServerCards servers={view::ServerView::all(timeline.state())} on_act={on_act.clone()} />
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

/// An outcome card's note on the violations at the cursor, if any.
fn violation_note<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>) -> Html {
    let board = BoardHandle::of(state);
    html! {
        <ViolationNote violations={board.violations()} on_jump={board.with(Cmd::JumpToViolation)} />
    }
}
