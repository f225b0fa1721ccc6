//! The design's servers, one card each.

use paxos_core::designs::Storage;
use paxos_front::view::designs::ServerView;
use paxos_sim::timeline::Action as SimAction;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub servers: Vec<ServerView>,
    /// A crash or a restart.
    pub on_act: Callback<SimAction<Storage>>,
}

/// A server: up or down, what its disk holds, crash and restart.
#[function_component]
pub fn ServerCards(props: &Props) -> Html {
    let act = |action: SimAction<Storage>| {
        let on_act = props.on_act.clone();
        Callback::from(move |_: MouseEvent| on_act.emit(action.clone()))
    };
    html! {
        <div class="nodes">
            { for props.servers.iter().map(|server| {
                let node = server.id;
                let id = node.0;
                let up = server.up;
                let held = server.holds.clone();
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
                            if let Some(b) = server.generation {
                                <dt>{"generation"}</dt><dd class="mono">{format!("{} ({b})", b.generation)}</dd>
                            }
                            if let Some(p) = server.promised {
                                <dt>{"promised"}</dt><dd class="mono">{p.to_string()}</dd>
                            }
                        </dl>
                    </article>
                }
            }) }
        </div>
    }
}
