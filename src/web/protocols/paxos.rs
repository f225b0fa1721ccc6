//! The page of single-decree Paxos: its words and configurations, and its panels.

use crate::web::components::{
    BreakPaxos, ClusterView, DurabilityControls, NodeCard, Outcome, ProposeForm,
};
use crate::web::panels::{violation_note, Panels};
use crate::web::protocol::{bounds_of, Backoff, WebProtocol};
use crate::web::state::{Action, Playground};
use paxos_core::paxos::{Knob, SingleDecree};
use paxos_core::types::NodeId;
use paxos_front::checking::Checkable;
use paxos_front::view::paxos::NodeView;
use paxos_sim::sim::{Payload, Sim, SimConfig};
use paxos_sim::timeline::{Action as SimAction, Timeline};
use yew::prelude::*;

/// The amnesia demonstration's preset id.
const AMNESIA: &str = "amnesia";

impl WebProtocol for SingleDecree {
    const LESSONS: &'static [&'static paxos_front::course::Lesson] =
        paxos_front::course::PAXOS_LESSONS;
    const CHECKS: bool = true;

    fn check_bounds(config: &SimConfig<SingleDecree>) -> [u32; 7] {
        bounds_of(<SingleDecree as Checkable>::bounds(config))
    }

    const TITLE: &'static str = "Single-decree Paxos";
    const DEFAULT_NODES: u8 = 3;
    const WHY_VIOLATED: &'static str = " Correct Paxos never does this: a fault or a bug that breaks one of its rules (a wiped disk, an acceptor that does not write before it answers, a switched-on toggle in Break Paxos) made it possible.";
    const BACKOFF: Option<Backoff<Self>> = Some(Backoff {
        words: ["random, growing pauses", "off: proposers may duel forever"],
        on: |config| config.backoff,
        knob: Knob::Backoff,
    });

    fn default_config(nodes: u8, seed: u64) -> SimConfig<paxos_core::paxos::SingleDecree> {
        paxos_front::runs::paxos::playground(nodes, seed)
    }

    fn stress_timeline(messages: u64) -> Timeline<paxos_core::paxos::SingleDecree> {
        paxos_front::bench::stress_timeline(messages)
    }

    /// The one preset: the amnesia demonstration.
    fn preset(id: &str) -> Option<(Timeline<SingleDecree>, String)> {
        (id == AMNESIA).then(|| {
            let timeline = paxos_front::runs::paxos::amnesia(paxos_core::paxos::Durability::NoWrites);
            let what = "Amnesia demo: acceptors here never write to disk (the bug is on, under \
                        Durability). \"A\" was chosen by all three nodes; then n1 and n2 crashed and \
                        restarted, remembering nothing, and the monitor flagged the forgotten \
                        promises. n0 is cut off, and a client asks n1 for \"B\". Press play: \"B\" \
                        gets chosen too.";
            (timeline, what.to_string())
        })
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
        paxos_front::view::paxos::message_fields(payload)
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
}

impl Panels for SingleDecree {
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
            crate::web::wiring::on_act(state),
            crate::web::wiring::on_notice(state),
        );
        let on_tune = on_act.reform(|knob| SimAction::Tune { knob });
        let on_open_example = {
            let state = state.clone();
            Callback::from(move |id: &'static str| crate::web::board::open_example(&state, id))
        };
        html! {
            <>
                <ClusterView view={crate::web::wiring::ring_view(state)} on_cut={crate::web::wiring::on_cut(state)} />
                <div class="nodes">
                    { for nodes.into_iter().map(|node| html! { <NodeCard node={node} on_act={on_act.clone()} /> }) }
                </div>
                <ProposeForm config={sim.config().clone()} now_us={timeline.cursor().time_us}
                    on_act={on_act.clone()} on_notice={on_notice.clone()} />
                <BreakPaxos config={sim.config().protocol} violated={!sim.violations().is_empty()}
                    {on_tune} {on_notice} {on_open_example} />
            </>
        }
    }

    fn disk_controls(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let durability = state.timeline().state().config().protocol.durability;
        let on_tune = crate::web::wiring::on_act(state).reform(|knob| SimAction::Tune { knob });
        let on_amnesia_demo = {
            let state = state.clone();
            Callback::from(move |()| state.dispatch(Action::LoadPreset(AMNESIA.to_string())))
        };
        html! { <DurabilityControls {durability} {on_tune} {on_amnesia_demo} /> }
    }
}
