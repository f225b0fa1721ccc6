//! Every replica's key-value store, side by side.

use super::Props;
use paxos_core::types::NodeId;
use std::collections::BTreeSet;
use yew::prelude::*;

/// Every replica's key-value store, side by side.
#[function_component(KvTables)]
pub fn kv_tables(props: &Props) -> Html {
    let timeline = props.state.timeline();
    let sim = timeline.state();
    let nodes: Vec<NodeId> = sim.nodes().collect();
    let keys: BTreeSet<String> = nodes
        .iter()
        .filter_map(|id| sim.node(*id))
        .flat_map(|n| n.kv.data.keys().cloned())
        .collect();
    html! {
        <section class="panel kv" aria-label="Key-value store per replica" data-testid="kv-tables">
            <header class="panel-head">
                <h2>{"Key-value store"}</h2>
                <span class="hint">{"each replica applies the log in slot order"}</span>
            </header>
            if keys.is_empty() {
                <p class="hint">{"Empty: no put or compare-and-set has been applied yet."}</p>
            } else {
                <table class="kv-table">
                    <thead>
                        <tr>
                            <th scope="col">{"key"}</th>
                            { for nodes.iter().map(|id| html! { <th scope="col">{id.to_string()}</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for keys.iter().map(|key| html! {
                            <tr>
                                <th scope="row" class="mono">{key}</th>
                                { for nodes.iter().map(|id| {
                                    let (text, class) = match sim.node(*id) {
                                        None => ("down".to_string(), "down"),
                                        Some(n) => match n.kv.data.get(key) {
                                            Some(v) => (v.clone(), "set"),
                                            None => ("∅".to_string(), "unset"),
                                        },
                                    };
                                    html! { <td class={classes!("mono", class)} data-testid={format!("kv-{}-{key}", id.0)}>{text}</td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
