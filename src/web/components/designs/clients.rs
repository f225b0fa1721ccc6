//! The form that sends a write, a read or (design 5) a compare-and-set.

use paxos_core::designs::{Design, Op, Storage};
use paxos_core::types::{NodeId, Value};
use paxos_sim::timeline::Action as SimAction;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The longest value the form accepts, in characters.
const VALUE_MAX_CHARS: usize = 24;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub design: Design,
    /// The servers a client can start at.
    pub nodes: Vec<NodeId>,
    /// A new client, with its operation.
    pub on_act: Callback<SimAction<Storage>>,
    /// Something to tell the user (an operation that makes no sense).
    pub on_notice: Callback<String>,
}

/// Send an operation: write, read, or (design 5) compare-and-set.
#[function_component]
pub fn DesignClients(props: &Props) -> Html {
    let design = props.design;
    let nodes = &props.nodes;
    let op_ref = use_node_ref();
    let node_ref = use_node_ref();
    let value_ref = use_node_ref();
    let expect_ref = use_node_ref();
    let send = {
        let (on_act, on_notice) = (props.on_act.clone(), props.on_notice.clone());
        let (op_ref, node_ref, value_ref, expect_ref) = (
            op_ref.clone(),
            node_ref.clone(),
            value_ref.clone(),
            expect_ref.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default()
            };
            let kind = op_ref
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let node = node_ref
                .cast::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<u8>().ok())
                .unwrap_or(0);
            let (value, expect) = (text(&value_ref), text(&expect_ref));
            let too_long = [&value, &expect]
                .iter()
                .any(|v| v.chars().count() > VALUE_MAX_CHARS);
            let op = match kind.as_str() {
                _ if too_long => Err(format!(
                    "A value can be at most {VALUE_MAX_CHARS} characters long."
                )),
                "read" => Ok(Op::Read),
                "write" if value.is_empty() => Err("Write what? Type a value.".to_string()),
                "write" => Ok(Op::Write(Value::new(&value))),
                "cas" if value.is_empty() || expect.is_empty() => {
                    Err("A compare-and-set needs the value expected and the new value.".to_string())
                }
                "cas" => Ok(Op::Cas {
                    expect: Value::new(&expect),
                    new: Value::new(&value),
                }),
                other => Err(format!("Unknown operation {other:?}.")),
            };
            match op {
                Ok(value) => on_act.emit(SimAction::Propose {
                    node: NodeId(node),
                    value,
                }),
                Err(message) => on_notice.emit(message),
            }
        })
    };
    let cas = design == Design::Generations;
    html! {
        <section class="panel propose design-clients" aria-label="Clients">
            <header class="panel-head"><h2>{"Clients"}</h2></header>
            <form class="row" onsubmit={send}>
                <select ref={op_ref} aria-label="Operation" data-testid="design-op">
                    <option value="write" selected=true>{"write"}</option>
                    <option value="read">{"read"}</option>
                    if cas {
                        <option value="cas">{"if … then set"}</option>
                    }
                </select>
                if cas {
                    <input ref={expect_ref} type="text" placeholder="expected" maxlength={VALUE_MAX_CHARS.to_string()}
                        aria-label="Value expected (compare-and-set)" data-testid="design-expect" />
                }
                <input ref={value_ref} type="text" placeholder="value" maxlength={VALUE_MAX_CHARS.to_string()}
                    aria-label="Value to write" data-testid="design-value" />
                <label class="inline">{"via"}
                    <select ref={node_ref} aria-label="Server the client starts at">
                        { for nodes.iter().map(|n| html! { <option value={n.0.to_string()}>{n.to_string()}</option> }) }
                    </select>
                </label>
                <button type="submit" class="primary small" data-testid="design-send"
                    title="A new client runs this operation against the servers">{"Send"}</button>
            </form>
            <p class="hint">{ match design {
                Design::Single => "The client talks to the one server.",
                Design::Two => "A write goes to both servers; a read to the chosen one, then the other if it is silent.",
                Design::Voting => "The client sends to every server and counts the answers.",
                Design::Generations => "The client reads the generation, then runs Paxos at the next one.",
            } }</p>
        </section>
    }
}
