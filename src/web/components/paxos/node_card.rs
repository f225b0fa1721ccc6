//! One node's panel: its proposer, acceptor, learner, timers and disk, with
//! crash and restart.

use paxos_core::paxos::SingleDecree;
use paxos_front::view::format_time;
use paxos_front::view::paxos::NodeView;
use paxos_sim::timeline::Action as SimAction;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub node: NodeView,
    /// Something done to the node: a crash, a restart, a wiped disk.
    pub on_act: Callback<SimAction<SingleDecree>>,
}

fn or_dash(text: Option<String>) -> String {
    text.unwrap_or_else(|| "—".to_string())
}

#[function_component(NodeCard)]
pub fn node_card(props: &Props) -> Html {
    let n = &props.node;
    let id = n.id.0;
    let node = n.id;
    let act = |action: SimAction<SingleDecree>| {
        let on_act = props.on_act.clone();
        Callback::from(move |_| on_act.emit(action.clone()))
    };
    let disk_promised = or_dash(n.disk.promised.map(|b| b.to_string()));
    let disk_accepted = or_dash(n.disk.accepted.as_ref().map(|p| p.to_string()));
    let timers = if n.timers.is_empty() {
        "—".to_string()
    } else {
        n.timers
            .iter()
            .map(|(timer, at)| format!("{timer:?} at {}", format_time(*at)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    html! {
        <article data-testid={format!("node-{id}")}
            class={classes!("node", (!n.up).then_some("down"), n.learned.is_some().then_some("learned"), n.proposing.then_some("proposing"))}
            aria-label={format!("Node {}", n.id)}>
            <header>
                <h3>{n.id.to_string()}</h3>
                <span class="status">{ if n.up { "up" } else { "crashed" } }</span>
                <span class="spacer"></span>
                if n.up {
                    <button class="small danger" data-testid={format!("node-{id}-crash")}
                        onclick={act(SimAction::Crash { node })}
                        title={format!("Crash {node}: it loses everything but its disk")}>{"Crash"}</button>
                } else {
                    <button class="small danger" data-testid={format!("node-{id}-wipe")}
                        onclick={act(SimAction::WipeDisk { node })}
                        disabled={n.disk == paxos_core::paxos::Durable::default()}
                        title={format!("Amnesia: wipe {node}'s disk, so it restarts remembering no promise. This breaks Paxos, to show why acceptors write to disk before they answer.")}>
                        {"Wipe disk"}</button>
                    <button class="small" data-testid={format!("node-{id}-restart")}
                        onclick={act(SimAction::Restart { node })}
                        title={format!("Restart {node} from what its disk holds")}>{"Restart"}</button>
                }
            </header>
            <dl>
                <div title="Proposer: turns a client's request into a ballot and drives it through phase 1 and phase 2">
                    <dt>{"Proposer"}</dt><dd>{&n.proposer}</dd>
                </div>
                <div title="Acceptor: the highest ballot it has promised; it refuses anything lower">
                    <dt>{"Promised"}</dt><dd class="mono">{or_dash(n.promised.map(|b| b.to_string()))}</dd>
                </div>
                <div title="Acceptor: the last proposal it accepted, as (ballot):value">
                    <dt>{"Accepted"}</dt><dd class="mono">{or_dash(n.accepted.as_ref().map(|p| p.to_string()))}</dd>
                </div>
                <div title="Learner: the value this node knows was chosen">
                    <dt>{"Learned"}</dt><dd class="mono">{or_dash(n.learned.as_ref().map(|v| v.to_string()))}</dd>
                </div>
                <div title="Timers waiting to fire: a proposer's retry after a timeout or a backoff pause">
                    <dt>{"Timers"}</dt><dd class="mono small">{timers}</dd>
                </div>
            </dl>
            <footer class={classes!("disk", n.writing.then_some("writing"))}
                data-disk={paxos_core::paxos::durable_key(&n.disk)}
                title="What is durable on this node's disk: all that survives a crash">
                <span class="disk-label">{ if n.writing { "disk · writing…" } else { "disk" } }</span>
                <span class="mono">{format!("promised {disk_promised} · accepted {disk_accepted}")}</span>
            </footer>
        </article>
    }
}
