//! The design's servers, one card each.

use super::Props;
use crate::web::state::Action;
use paxos_core::designs::Storage;
use paxos_core::types::Value;
use paxos_sim::timeline::Action as SimAction;
use yew::prelude::*;

/// A server: up or down, what its disk holds, crash and restart.
#[function_component]
pub fn ServerCards(props: &Props) -> Html {
    let state = &props.state;
    let timeline = state.timeline();
    let sim = timeline.state();
    let act = |action: SimAction<Storage>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Act(action.clone())))
    };
    html! {
        <div class="nodes">
            { for sim.nodes().map(|node| {
                let id = node.0;
                let up = sim.node(node).is_some();
                let disk = sim.disk(node).cloned().unwrap_or_default();
                let held = disk.value.as_ref().map_or("nothing".to_string(), Value::to_string);
                html! {
                    <article data-testid={format!("node-{id}")} class={classes!("node", (!up).then_some("down"))}
                        aria-label={format!("Server {node}")}>
                        <header>
                            <h3>{node.to_string()}</h3>
                            <span class="status">{ if up { "up" } else { "crashed" } }</span>
                            <span class="spacer"></span>
                            if up {
                                <button class="small danger" data-testid={format!("node-{id}-crash")}
                                    onclick={act(SimAction::Crash { node })}
                                    title={format!("Crash {node}: it answers nothing until it restarts")}>{"Crash"}</button>
                            } else {
                                <button class="small" data-testid={format!("node-{id}-restart")}
                                    onclick={act(SimAction::Restart { node })}
                                    title={format!("Restart {node} from its disk")}>{"Restart"}</button>
                            }
                        </header>
                        <dl>
                            <dt>{"holds"}</dt>
                            <dd class="mono" data-testid={format!("node-{id}-value")}>{held}</dd>
                            if let Some(b) = disk.accepted {
                                <dt>{"generation"}</dt><dd class="mono">{format!("{} ({b})", b.generation)}</dd>
                            }
                            if let Some(p) = disk.promised.filter(|p| Some(*p) != disk.accepted) {
                                <dt>{"promised"}</dt><dd class="mono">{p.to_string()}</dd>
                            }
                        </dl>
                    </article>
                }
            }) }
        </div>
    }
}
