//! Client controls: propose a value at a node, or at every node at once to
//! race proposers.

use paxos_core::paxos::{ClientSpec, SingleDecree};
use paxos_core::types::{NodeId, Value};
use paxos_sim::sim::SimConfig;
use paxos_sim::timeline::Action as SimAction;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The longest value the form accepts, in characters.
const VALUE_MAX_CHARS: usize = 24;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The run's configuration at the cursor (its nodes and clients).
    pub config: SimConfig<SingleDecree>,
    /// The cursor's time: when a reader starts.
    pub now_us: u64,
    /// A proposal or a reader, added to the run.
    pub on_act: Callback<SimAction<SingleDecree>>,
    /// Something to tell the user (a value too long).
    pub on_notice: Callback<String>,
}

#[function_component(ProposeForm)]
pub fn propose_form(props: &Props) -> Html {
    let value_ref = use_node_ref();
    let node_ref = use_node_ref();
    let config = &props.config;
    let suggestion = suggested_value(config).as_str().to_string();
    let nodes: Vec<NodeId> = config.protocol.nodes().collect();

    let read_value = {
        let value_ref = value_ref.clone();
        let suggestion = suggestion.clone();
        move || -> Result<String, String> {
            let typed = value_ref
                .cast::<HtmlInputElement>()
                .map(|i| i.value().trim().to_string())
                .unwrap_or_default();
            let value = if typed.is_empty() {
                suggestion.clone()
            } else {
                typed
            };
            if value.chars().count() > VALUE_MAX_CHARS {
                return Err(format!(
                    "A value can be at most {VALUE_MAX_CHARS} characters long."
                ));
            }
            Ok(value)
        }
    };
    let onsubmit = {
        let (on_act, on_notice) = (props.on_act.clone(), props.on_notice.clone());
        let node_ref = node_ref.clone();
        let read_value = read_value.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let node = node_ref
                .cast::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<u8>().ok())
                .unwrap_or(0);
            match read_value() {
                Ok(value) => on_act.emit(SimAction::Propose {
                    node: NodeId(node),
                    value: Value::new(&value),
                }),
                Err(message) => on_notice.emit(message),
            }
        })
    };
    let read = {
        let on_act = props.on_act.clone();
        let now = props.now_us;
        let node_ref = node_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let node = node_ref
                .cast::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<u8>().ok())
                .unwrap_or(0);
            on_act.emit(SimAction::AddClient {
                spec: ClientSpec::reader(NodeId(node), now),
            });
        })
    };
    let race = {
        let on_act = props.on_act.clone();
        let nodes = nodes.clone();
        let config = config.clone();
        Callback::from(move |_| {
            let mut config = config.clone();
            for &node in &nodes {
                let value = suggested_value(&config);
                config.clients.push(ClientSpec {
                    node,
                    value: value.clone(),
                    at_us: 0,
                    read: false,
                });
                on_act.emit(SimAction::Propose { node, value });
            }
        })
    };
    html! {
        <section class="panel propose" aria-label="Clients">
            <header class="panel-head"><h2>{"Propose"}</h2></header>
            <form class="row" {onsubmit}>
                <label class="sr-only" for="propose-value">{"Value"}</label>
                <input id="propose-value" ref={value_ref} type="text" placeholder={suggestion.clone()}
                    maxlength={VALUE_MAX_CHARS.to_string()} autocomplete="off" aria-label="Value to propose" />
                <label class="inline">{"at"}
                    <select ref={node_ref} aria-label="Node to send the request to">
                        { for nodes.iter().map(|n| html! { <option value={n.0.to_string()}>{n.to_string()}</option> }) }
                    </select>
                </label>
                <button type="submit" data-testid="propose" class="primary small"
                    title="A new client asks this node to get the value chosen">{"Propose"}</button>
                <button type="button" data-testid="read" class="small" onclick={read}
                    title="A new client asks this node what was chosen: it reads every acceptor, as a learner, and needs a quorum that agree in one ballot">{"Read"}</button>
            </form>
            <button class="small" data-testid="race" onclick={race}
                title="A client at every node proposes its own value at the same moment">{"Race: propose at every node"}</button>
        </section>
    }
}

/// The value a new single-decree proposal suggests: the next letter not
/// yet proposed.
pub fn suggested_value(config: &SimConfig<paxos_core::paxos::SingleDecree>) -> Value {
    let taken = |v: &str| config.clients.iter().any(|c| c.value.as_str() == v);
    (0..=u8::MAX)
        .map(paxos_sim::sim::client_value)
        .find(|v| !taken(v))
        .map_or_else(|| Value::new("Z"), |v| Value::new(&v))
}
