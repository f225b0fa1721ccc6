//! One node's panel: its proposer, acceptor, learner and disk.

use crate::view::NodeView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub node: NodeView,
}

fn or_dash(text: Option<String>) -> String {
    text.unwrap_or_else(|| "—".to_string())
}

#[function_component(NodeCard)]
pub fn node_card(props: &Props) -> Html {
    let n = &props.node;
    let id = n.id.0;
    let disk_promised = or_dash(n.disk.promised.map(|b| b.to_string()));
    let disk_accepted = or_dash(n.disk.accepted.as_ref().map(|p| p.to_string()));
    html! {
        <article data-testid={format!("node-{id}")}
            class={classes!("node", (!n.up).then_some("down"), n.learned.is_some().then_some("learned"), n.proposing.then_some("proposing"))}
            aria-label={format!("Node {}", n.id)}>
            <header>
                <h2>{n.id.to_string()}</h2>
                <span class="status">{ if n.up { "up" } else { "crashed" } }</span>
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
            </dl>
            <footer class={classes!("disk", n.writing.then_some("writing"))}
                title="What is durable on this node's disk: all that survives a crash">
                <span class="disk-label">{ if n.writing { "disk · writing…" } else { "disk" } }</span>
                <span class="mono">{format!("promised {disk_promised} · accepted {disk_accepted}")}</span>
            </footer>
        </article>
    }
}
