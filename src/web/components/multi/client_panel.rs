//! The client panel: issue one command, or start a steady workload.

use crate::web::math::parse_number;
use paxos_core::kv::Command;
use paxos_core::multi::{ClientPlan, Commands, MultiPaxos};
use paxos_core::types::NodeId;
use paxos_front::view::multi::ClientLine;
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

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The replicas a command can go to.
    pub nodes: Vec<NodeId>,
    /// The clients so far, each with its latest line.
    pub clients: Vec<ClientLine>,
    /// A new client, with its commands.
    pub on_act: Callback<SimAction<MultiPaxos>>,
    /// Something to tell the user (a command without a key, a bad rate).
    pub on_notice: Callback<String>,
}

/// Issue one command, or start a steady workload.
#[function_component(ClientPanel)]
pub fn client_panel(props: &Props) -> Html {
    let nodes = &props.nodes;
    let (node, op, key, value, expected) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let (rate, count) = (use_node_ref(), use_node_ref());
    let send = {
        let (on_act, on_notice) = (props.on_act.clone(), props.on_notice.clone());
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
                on_notice.emit("A command needs a key.".into());
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
            on_act.emit(SimAction::Propose {
                node: target,
                value: ClientPlan {
                    at_us: 0,
                    node: target,
                    think_us: 0,
                    commands: Commands::Script(vec![command]),
                },
            });
        })
    };
    let workload = {
        let (on_act, on_notice) = (props.on_act.clone(), props.on_notice.clone());
        let (node, rate, count) = (node.clone(), rate.clone(), count.clone());
        Callback::from(move |_| {
            let target = select_value(&node)
                .parse::<u8>()
                .map(NodeId)
                .unwrap_or(NodeId(0));
            let rate = parse_number(&input_value(&rate)).filter(|r| *r > 0.0 && *r <= 1000.0);
            let count = input_value(&count)
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|c| (1..=100_000).contains(c));
            let (Some(rate), Some(count)) = (rate, count) else {
                on_notice.emit(
                    "A workload needs a rate from 0 to 1000 commands per second and a count from 1 to 100000.".into(),
                );
                return;
            };
            on_act.emit(SimAction::Propose {
                node: target,
                value: ClientPlan {
                    at_us: 0,
                    node: target,
                    think_us: (1e6 / rate) as u64,
                    commands: Commands::random(count, 3),
                },
            });
        })
    };
    let clients = &props.clients;
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
                    { for clients.iter().map(|ClientLine { id, text, state }| html! {
                        <li data-testid={format!("client-{}", id.0)} data-state={*state} class={*state}>
                            <b>{id.to_string()}</b>{" "}<span class="mono">{text}</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
