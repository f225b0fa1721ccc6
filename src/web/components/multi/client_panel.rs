//! The client panel: issue one command, or start a steady workload.

use super::Props;
use crate::web::state::Action;
use paxos_core::kv::Command;
use paxos_core::multi::{ClientPlan, Commands, HistoryEvent};
use paxos_core::types::{ClientId, NodeId};
use paxos_sim::timeline::Action as SimAction;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn select_value(node: &NodeRef) -> String {
    node.cast::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// A client's latest line, for the client list.
fn client_line(client: &paxos_core::multi::Client) -> (String, &'static str) {
    let done = client.is_done();
    let last = client.history.iter().rev().find_map(|e| match e {
        HistoryEvent::Complete { seq, outcome, .. } => Some(format!("#{seq} {outcome}")),
        _ => None,
    });
    let current = client
        .current
        .as_ref()
        .map(|r| format!("waiting on #{} {} (at {})", r.seq, r.command, client.target));
    let text = match (current, last) {
        (Some(now), _) => now,
        (None, Some(last)) => last,
        (None, None) => "not started".to_string(),
    };
    (text, if done { "done" } else { "waiting" })
}

/// Issue one command, or start a steady workload.
#[function_component(ClientPanel)]
pub fn client_panel(props: &Props) -> Html {
    let state = &props.state;
    let timeline = state.timeline();
    let sim = timeline.state();
    let nodes: Vec<NodeId> = sim.nodes().collect();
    let (node, op, key, value, expected) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let (rate, count) = (use_node_ref(), use_node_ref());
    let send = {
        let state = state.clone();
        let (node, op, key, value, expected) = (
            node.clone(),
            op.clone(),
            key.clone(),
            value.clone(),
            expected.clone(),
        );
        Callback::from(move |_| {
            let target = select_value(&node).parse::<u8>().map(NodeId);
            let key = input_value(&key).trim().to_string();
            let value = input_value(&value).trim().to_string();
            let expected = input_value(&expected).trim().to_string();
            if key.is_empty() {
                state.dispatch(Action::SetNotice(Some("A command needs a key.".into())));
                return;
            }
            let command = match select_value(&op).as_str() {
                "get" => Command::get(&key),
                "cas" => Command::cas(
                    &key,
                    (!expected.is_empty()).then_some(expected.as_str()),
                    &value,
                ),
                _ => Command::put(&key, &value),
            };
            let Ok(target) = target else {
                return;
            };
            state.dispatch(Action::Act(SimAction::Propose {
                node: target,
                value: ClientPlan {
                    at_us: 0,
                    node: target,
                    think_us: 0,
                    commands: Commands::Script(vec![command]),
                },
            }));
        })
    };
    let workload = {
        let state = state.clone();
        let (node, rate, count) = (node.clone(), rate.clone(), count.clone());
        Callback::from(move |_| {
            let target = select_value(&node)
                .parse::<u8>()
                .map(NodeId)
                .unwrap_or(NodeId(0));
            let rate = input_value(&rate)
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|r| r.is_finite() && *r > 0.0 && *r <= 1000.0);
            let count = input_value(&count)
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|c| (1..=100_000).contains(c));
            let (Some(rate), Some(count)) = (rate, count) else {
                state.dispatch(Action::SetNotice(Some(
                    "A workload needs a rate from 0 to 1000 commands per second and a count from 1 to 100000.".into(),
                )));
                return;
            };
            state.dispatch(Action::Act(SimAction::Propose {
                node: target,
                value: ClientPlan {
                    at_us: 0,
                    node: target,
                    think_us: (1e6 / rate) as u64,
                    commands: Commands::random(count, 3),
                },
            }));
        })
    };
    let clients: Vec<(ClientId, String, &'static str)> = (0..sim.config().clients.len() as u8)
        .map(ClientId)
        .filter_map(|id| sim.client(id).map(|c| (id, client_line(c))))
        .map(|(id, (text, class))| (id, text, class))
        .collect();
    html! {
        <section class="panel clients" aria-label="Clients">
            <header class="panel-head"><h2>{"Clients"}</h2></header>
            <div class="client-form">
                <label>{"to "}
                    <select ref={node} data-testid="client-node" aria-label="Replica to send to">
                        { for nodes.iter().map(|id| html! { <option value={id.0.to_string()} selected={id.0 == 0}>{id.to_string()}</option> }) }
                    </select>
                </label>
                <select ref={op} data-testid="client-op" aria-label="Operation">
                    <option value="put" selected=true>{"put"}</option>
                    <option value="get">{"get"}</option>
                    <option value="cas">{"cas"}</option>
                </select>
                <input ref={key} data-testid="client-key" aria-label="Key" placeholder="key" value="x" size="4" />
                <input ref={expected} data-testid="client-expected" aria-label="Expected value (cas only; empty: unset)" placeholder="expected" size="6" title="cas only: the value the key must hold now (empty: unset)" />
                <input ref={value} data-testid="client-value" aria-label="Value" placeholder="value" value="1" size="5" />
                <button class="primary small" data-testid="client-send" onclick={send}
                    title="A new client sends this one command to the chosen replica">{"Send"}</button>
            </div>
            <p class="hint">{"cas(key, expected, value) sets the key only if it holds expected now; otherwise it fails and reports what it found."}</p>
            <div class="client-form">
                <span>{"Workload"}</span>
                <input ref={rate} data-testid="workload-rate" aria-label="Commands per second" value="20" size="4" />
                <span class="hint">{"per s, "}</span>
                <input ref={count} data-testid="workload-count" aria-label="Number of commands" value="50" size="4" />
                <span class="hint">{"commands"}</span>
                <button class="small" data-testid="workload-start" onclick={workload}
                    title="A new client sends random puts, gets and compare-and-sets, one after another, at about this rate">{"Start"}</button>
            </div>
            if !clients.is_empty() {
                <ul class="client-list" data-testid="clients">
                    { for clients.iter().map(|(id, text, class)| html! {
                        <li data-testid={format!("client-{}", id.0)} data-state={*class} class={*class}>
                            <b>{id.to_string()}</b>{" "}<span class="mono">{text}</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
