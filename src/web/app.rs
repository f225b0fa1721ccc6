//! The page: header, controls, outcome, cluster and event log.

use super::components::{Controls, EventLog, NodeCard, Outcome};
use super::state::{Action, Playground};
use crate::view::NodeView;
use gloo_timers::callback::Interval;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How often the play timer fires, in wall-clock milliseconds.
const FRAME_MS: u32 = 33;

fn wall_clock_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(Playground::new);

    // While playing, a timer advances the simulation by the wall-clock time
    // that passed, scaled by the speed. Dropping the Interval stops it.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |&playing| {
            let timer = playing.then(|| {
                let last = Rc::new(Cell::new(wall_clock_ms()));
                Interval::new(FRAME_MS, move || {
                    let now = wall_clock_ms();
                    let wall_ms = now - last.replace(now);
                    dispatcher.dispatch(Action::Tick { wall_ms });
                })
            });
            move || drop(timer)
        });
    }

    let on_action = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let sim = state.sim();
    let nodes = NodeView::all(&sim);
    let config = sim.config();
    let summary = sim.summary();

    html! {
        <div class="page">
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{"Π"}</span>
                    <h1>{"Paxos Playground"}</h1>
                </div>
                <p class="subtitle">
                    {format!("Single-decree Paxos · {} nodes · seed {}", config.paxos.cluster_size, config.seed)}
                </p>
            </header>
            <main>
                <p class="intro">
                    {"Two clients ask "}<b>{"n0"}</b>{" and "}<b>{"n1"}</b>
                    {" to get "}<b>{"\"A\""}</b>{" and "}<b>{"\"B\""}</b>
                    {" chosen at the same moment. Each node is a proposer, an acceptor and a learner. \
                      Press Play and watch them agree on exactly one value."}
                </p>
                <Controls
                    playing={state.playing}
                    finished={sim.is_finished()}
                    speed={state.speed}
                    now_us={sim.now_us()}
                    on_action={on_action.clone()}
                />
                <Outcome
                    chosen={sim.chosen().cloned()}
                    decided_at_us={summary.decided_at_us}
                    learned_by={summary.learned_by.clone()}
                    trace_hash={summary.trace_hash}
                    violations={summary.violations.clone()}
                />
                <section class="cluster" aria-label="Cluster">
                    { for nodes.into_iter().map(|node| html! { <NodeCard node={node} /> }) }
                </section>
                <EventLog lines={recent_events(&sim)} />
            </main>
        </div>
    }
}

/// How many recent events the log shows.
const LOG_LINES: usize = 14;

/// The latest events, newest first, as (time, sentence).
fn recent_events(sim: &crate::sim::Sim) -> Vec<(u64, String)> {
    sim.trace()
        .iter()
        .rev()
        .take(LOG_LINES)
        .map(|e| {
            (
                e.time_us,
                crate::explain::event(&e.event, |id| sim.sent(id)),
            )
        })
        .collect()
}
